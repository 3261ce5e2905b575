/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PRM commands through DevX: capabilities, vport context and counters,
 * queue objects (CQ, RQ, SQ, TIS, RQT, TIR) and NIC flow tables.
 *
 * Every function reports a failure with the command's name, the PRM status
 * and syndrome in a log line, and returns -errno.
 */
#ifndef MLX5X_DEVX_H
#define MLX5X_DEVX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mlx5x_glue.h"

/* What QUERY_HCA_CAP says, in the units the driver uses. */
struct mlx5x_hca_caps {
	bool eth_port; /* port_type == Ethernet */
	bool eswitch_manager;
	bool vport_group_manager;
	bool vport_counters;
	bool nic_flow_table;
	bool eth_net_offloads;
	uint8_t num_ports;
	uint8_t cqe_version;
	uint8_t log_max_cq_sz;
	uint8_t log_max_wq_sz;
	uint8_t log_max_rqt_size;
	/* Protocols the flex parser was enabled for (MLX5X_FLEX_PARSER_*):
	 * their fields (misc_parameters_3: ICMP type/code) can be matched. */
	uint32_t flex_parser_protocols;
	/* Ethernet offloads (valid when eth_net_offloads). */
	bool csum_cap;
	bool vlan_cap; /* VLAN strip on Rx */
	bool wqe_vlan_insert;
	bool scatter_fcs;
	uint8_t wqe_inline_mode; /* MLX5X_CAP_INLINE_MODE_* */
	bool enhanced_mpw;	 /* enhanced_multi_pkt_send_wqe */
	uint8_t max_lso_cap;
	uint8_t rss_ind_tbl_cap;
	/* NIC Rx flow tables. */
	bool nic_rx_ft_support;
	uint8_t nic_rx_max_ft_level;
	uint8_t nic_rx_log_max_ft_size;
	uint8_t nic_rx_max_modify_header_actions;
	/* NIC Rx ft_field_support (PRM flow_table_fields_supported, 0x80
	 * bits as the adapter wrote them): which match fields a NIC Rx
	 * flow group may name. Read with MLX5X_GET(flow_table_fields_
	 * supported, ...). */
	uint32_t nic_rx_ft_fields[4];
	/* NIC Tx flow tables (flow_table_properties_nic_transmit). */
	bool nic_tx_ft_support;
	/* CQE compression and the mini CQE formats beyond hash/checksum. */
	bool cqe_compression;
	bool mini_cqe_resp_flow_tag;
	bool mini_cqe_resp_l3_l4_tag;
};

/* Run one command; 0, or -errno with the status/syndrome logged. */
int mlx5x_devx_cmd(struct ibv_context *ctx, const void *in, size_t inlen,
		   void *out, size_t outlen, const char *what);

int
mlx5x_devx_query_hca_caps(struct ibv_context *ctx, struct mlx5x_hca_caps *caps,
			  char *why, size_t why_len);

/* Create an object; NULL with rte_errno set and the status logged. */
struct mlx5dv_devx_obj *
mlx5x_devx_obj_create(struct ibv_context *ctx, const void *in, size_t inlen,
		      void *out, size_t outlen, const char *what);
int
mlx5x_devx_obj_modify(struct mlx5dv_devx_obj *obj, const void *in, size_t inlen,
		      void *out, size_t outlen, const char *what);
/* Destroy; warns and carries on when the device refuses. */
void mlx5x_devx_obj_destroy(struct mlx5dv_devx_obj *obj, const char *what);

/* A queue counter set (ALLOC_Q_COUNTER): the object and its id; 0 or
 * -errno, the status logged. */
int mlx5x_devx_q_counter_alloc(struct ibv_context *ctx,
			       struct mlx5dv_devx_obj **obj, uint32_t *id);
/* Set id's out_of_buffer, then cleared with clear; 0 or -errno. */
int mlx5x_devx_q_counter_query(struct ibv_context *ctx, uint32_t id, bool clear,
			       uint64_t *out_of_buffer);

int mlx5x_devx_td_create(struct ibv_context *ctx, struct mlx5dv_devx_obj **td,
			 uint32_t *tdn, char *why, size_t why_len);

/* NIC vport context of `vport` (other_vport when other is set). */
struct mlx5x_vport_ctx {
	uint16_t mtu;
	uint8_t permanent_mac[6];
	bool promisc_uc;
	bool promisc_mc;
	bool promisc_all;
	uint8_t min_wqe_inline_mode;
};

int mlx5x_devx_vport_query(struct ibv_context *ctx, bool other, uint16_t vport,
			   struct mlx5x_vport_ctx *vctx);
int mlx5x_devx_vport_set_mtu(struct ibv_context *ctx, bool other,
			     uint16_t vport, uint16_t mtu);
int mlx5x_devx_vport_set_promisc(struct ibv_context *ctx, bool other,
				 uint16_t vport, bool uc, bool mc, bool all);

struct mlx5x_vport_counters {
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
	uint64_t rx_errors, tx_errors;
};

int mlx5x_devx_vport_counters(struct ibv_context *ctx, bool other,
			      uint16_t vport, struct mlx5x_vport_counters *cnt);

/*
 * A queue's memory: the ring (WQEs or CQEs) followed by its doorbell
 * record, one page-aligned allocation registered as one umem.
 */
struct mlx5x_devx_ring {
	struct mlx5dv_devx_obj *obj;
	struct mlx5dv_devx_umem *umem;
	void *mem;
	volatile uint32_t *dbrec;
	uint32_t id;   /* cqn, rqn or sqn */
	uint8_t log_n; /* log2 of entries */
	uint8_t log_stride;
};

struct mlx5x_devx_cq_attr {
	uint8_t log_n;
	bool cqe_comp;	     /* compress responder CQEs */
	uint8_t mini_format; /* MLX5X_MINI_CQE_FORMAT_* when cqe_comp */
	uint32_t uar_page;
	uint32_t eqn;
	int socket;
};

struct mlx5x_devx_wq_attr {
	uint8_t log_n;
	uint32_t pdn;
	uint32_t cqn;
	uint32_t uar_page;	 /* SQ */
	uint32_t tisn;		 /* SQ */
	uint8_t min_inline_mode; /* SQ */
	bool vlan_strip;	 /* RQ */
	uint8_t log_sges;	 /* RQ: 2^n data segments per WQE */
	/* RQ: striding (MPRQ) when log_strd_num != 0: WQEs of a next
	 * segment and one data segment over 2^log_strd_num strides of
	 * 2^log_strd_sz bytes (PRM ranges 9..16 and 6..13). */
	uint8_t log_strd_num;
	uint8_t log_strd_sz;
	uint8_t counter_set_id; /* RQ: its Q counter set, 0 for none */
	int socket;
};

int mlx5x_devx_cq_create(struct ibv_context *ctx,
			 const struct mlx5x_devx_cq_attr *attr,
			 struct mlx5x_devx_ring *cq);
int mlx5x_devx_rq_create(struct ibv_context *ctx,
			 const struct mlx5x_devx_wq_attr *attr,
			 struct mlx5x_devx_ring *rq);
int mlx5x_devx_sq_create(struct ibv_context *ctx,
			 const struct mlx5x_devx_wq_attr *attr,
			 struct mlx5x_devx_ring *sq);
/* RST -> RDY and back, as the PRM state machine allows. */
int
mlx5x_devx_rq_set_state(struct mlx5x_devx_ring *rq, uint32_t from, uint32_t to);
int
mlx5x_devx_sq_set_state(struct mlx5x_devx_ring *sq, uint32_t from, uint32_t to);
/* No log line: for the bursts' recovery from an error CQE. */
int mlx5x_devx_rq_set_state_quiet(struct mlx5x_devx_ring *rq, uint32_t from,
				  uint32_t to);
int mlx5x_devx_sq_set_state_quiet(struct mlx5x_devx_ring *sq, uint32_t from,
				  uint32_t to);
void mlx5x_devx_ring_destroy(struct mlx5x_devx_ring *ring, const char *what);

struct mlx5dv_devx_obj *
mlx5x_devx_tis_create(struct ibv_context *ctx, uint32_t tdn, uint32_t *tisn);
struct mlx5dv_devx_obj *
mlx5x_devx_rqt_create(struct ibv_context *ctx, const uint32_t *rqn,
		      unsigned int n, uint32_t *rqtn);

struct mlx5x_devx_tir_attr {
	uint32_t tdn;
	bool indirect; /* over an RQT, else one RQ */
	uint32_t rqn_or_rqtn;
	const uint8_t *toeplitz_key; /* 40 bytes */
	uint8_t l3_prot_type;	     /* MLX5X_L3_PROT_TYPE_* */
	uint8_t l4_prot_type;
	uint32_t selected_fields; /* MLX5X_HASH_FIELD_SEL_*; 0: no hash */
	/* Hash the headers after a tunnel (tunneled_offload_en, the inner
	 * field selector) instead of the outer ones. */
	bool inner;
};

struct mlx5dv_devx_obj *
mlx5x_devx_tir_create(struct ibv_context *ctx,
		      const struct mlx5x_devx_tir_attr *attr, uint32_t *tirn);

/* NIC flow tables of a vport (other_vport when other is set). */
struct mlx5x_devx_ft_loc {
	uint8_t table_type; /* MLX5X_FLOW_TABLE_TYPE_* */
	bool other;
	uint16_t vport;
};

struct mlx5dv_devx_obj *
mlx5x_devx_ft_create(struct ibv_context *ctx,
		     const struct mlx5x_devx_ft_loc *loc, uint8_t level,
		     uint8_t log_size, uint32_t *table_id);
/* match_criteria: an fte_match_param box (MLX5X_ST_SZ_BYTES). */
struct mlx5dv_devx_obj *
mlx5x_devx_fg_create(struct ibv_context *ctx,
		     const struct mlx5x_devx_ft_loc *loc, uint32_t table_id,
		     uint32_t start, uint32_t end, uint8_t criteria_enable,
		     const void *match_criteria, uint32_t *group_id);
/* One entry forwarding what match_value matches to destination. */
struct mlx5dv_devx_obj *
mlx5x_devx_fte_create(struct ibv_context *ctx,
		      const struct mlx5x_devx_ft_loc *loc, uint32_t table_id,
		      uint32_t group_id, uint32_t index,
		      const void *match_value, uint32_t dest_type,
		      uint32_t dest_id);
int
mlx5x_devx_ft_set_root(struct ibv_context *ctx,
		       const struct mlx5x_devx_ft_loc *loc, uint32_t table_id);

/* Leave the table type without a root, so its last table can go. */
int mlx5x_devx_ft_unset_root(struct ibv_context *ctx,
			     const struct mlx5x_devx_ft_loc *loc);

#endif /* MLX5X_DEVX_H */
