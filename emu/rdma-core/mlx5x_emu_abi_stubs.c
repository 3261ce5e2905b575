/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rdma-core entry points the adapter model does not offer: present with
 * rdma-core 44's prototypes (the installed <infiniband/verbs.h> and
 * <infiniband/mlx5dv.h> check each one) so that an application linked
 * against libibverbs.so.1/libmlx5.so.1 loads and gets a clean refusal:
 * NULL with errno EOPNOTSUPP, an int EOPNOTSUPP (rdma-core returns the
 * errno value and, for the -1 convention, errno too), ssize_t -1 with errno.
 * Objects of these kinds never exist, so their destroy calls refuse too.
 * Which symbol carries which rdma-core version is in mlx5x_emu.map.
 */
#include "mlx5x_emu_cmd.h"

#include <errno.h>

/*
 * Each stub keeps rdma-core's exact prototype (the installed headers check
 * it) and uses none of its parameters: that is what a refusal is.
 */
#pragma GCC diagnostic ignored "-Wunused-parameter"

/* int entry points: rdma-core returns the errno value and sets errno. */
#define EMU_REFUSE_ERRNO(name, ...)                                            \
	int name(__VA_ARGS__)                                                  \
	{                                                                      \
		errno = EOPNOTSUPP;                                            \
		return EOPNOTSUPP;                                             \
	}

/* Constructors: NULL with errno. */
#define EMU_REFUSE_NULL(type, name, ...)                                       \
	type *name(__VA_ARGS__)                                                \
	{                                                                      \
		errno = EOPNOTSUPP;                                            \
		return NULL;                                                   \
	}

/* The -1 convention (ssize_t reads): -1 with errno. */
#define EMU_REFUSE_MINUS1(type, name, ...)                                     \
	type name(__VA_ARGS__)                                                 \
	{                                                                      \
		errno = EOPNOTSUPP;                                            \
		return -1;                                                     \
	}

EMU_REFUSE_ERRNO(_mlx5dv_mkey_check, struct mlx5dv_mkey *mkey,
		 struct mlx5dv_mkey_err *err_info, size_t err_info_size)

EMU_REFUSE_ERRNO(ibv_attach_mcast, struct ibv_qp *qp, const union ibv_gid *gid,
		 uint16_t lid)

EMU_REFUSE_NULL(struct ibv_ah, ibv_create_ah, struct ibv_pd *pd,
		struct ibv_ah_attr *attr)

EMU_REFUSE_NULL(struct ibv_ah, ibv_create_ah_from_wc, struct ibv_pd *pd,
		struct ibv_wc *wc, struct ibv_grh *grh, uint8_t port_num)

EMU_REFUSE_NULL(struct ibv_srq, ibv_create_srq, struct ibv_pd *pd,
		struct ibv_srq_init_attr *srq_init_attr)

EMU_REFUSE_ERRNO(ibv_destroy_ah, struct ibv_ah *ah)

EMU_REFUSE_ERRNO(ibv_destroy_srq, struct ibv_srq *srq)

EMU_REFUSE_ERRNO(ibv_detach_mcast, struct ibv_qp *qp, const union ibv_gid *gid,
		 uint16_t lid)

EMU_REFUSE_NULL(struct ibv_context, ibv_import_device, int cmd_fd)

EMU_REFUSE_NULL(struct ibv_dm, ibv_import_dm, struct ibv_context *context,
		uint32_t dm_handle)

EMU_REFUSE_NULL(struct ibv_mr, ibv_import_mr, struct ibv_pd *pd,
		uint32_t mr_handle)

EMU_REFUSE_NULL(struct ibv_pd, ibv_import_pd, struct ibv_context *context,
		uint32_t pd_handle)

EMU_REFUSE_ERRNO(ibv_init_ah_from_wc, struct ibv_context *context,
		 uint8_t port_num, struct ibv_wc *wc, struct ibv_grh *grh,
		 struct ibv_ah_attr *ah_attr)

EMU_REFUSE_ERRNO(ibv_modify_srq, struct ibv_srq *srq,
		 struct ibv_srq_attr *srq_attr, int srq_attr_mask)

EMU_REFUSE_NULL(struct ibv_qp_ex, ibv_qp_to_qp_ex, struct ibv_qp *qp)

EMU_REFUSE_ERRNO(ibv_query_ece, struct ibv_qp *qp, struct ibv_ece *ece)

EMU_REFUSE_ERRNO(ibv_query_qp, struct ibv_qp *qp, struct ibv_qp_attr *attr,
		 int attr_mask, struct ibv_qp_init_attr *init_attr)

EMU_REFUSE_ERRNO(ibv_query_qp_data_in_order, struct ibv_qp *qp,
		 enum ibv_wr_opcode op, uint32_t flags)

EMU_REFUSE_ERRNO(ibv_query_srq, struct ibv_srq *srq,
		 struct ibv_srq_attr *srq_attr)

EMU_REFUSE_NULL(struct ibv_mr, ibv_reg_dmabuf_mr, struct ibv_pd *pd,
		uint64_t offset, size_t length, uint64_t iova, int fd,
		int access)

EMU_REFUSE_ERRNO(ibv_rereg_mr, struct ibv_mr *mr, int flags, struct ibv_pd *pd,
		 void *addr, size_t length, int access)

EMU_REFUSE_ERRNO(ibv_resize_cq, struct ibv_cq *cq, int cqe)

EMU_REFUSE_ERRNO(ibv_resolve_eth_l2_from_gid, struct ibv_context *context,
		 struct ibv_ah_attr *attr, uint8_t eth_mac[ETHERNET_LL_SIZE],
		 uint16_t *vid)

EMU_REFUSE_ERRNO(ibv_set_ece, struct ibv_qp *qp, struct ibv_ece *ece)

EMU_REFUSE_NULL(struct ibv_dm, mlx5dv_alloc_dm, struct ibv_context *context,
		struct ibv_alloc_dm_attr *dm_attr,
		struct mlx5dv_alloc_dm_attr *mlx5_dm_attr)

EMU_REFUSE_NULL(struct mlx5dv_var, mlx5dv_alloc_var,
		struct ibv_context *context, uint32_t flags)

EMU_REFUSE_NULL(struct ibv_flow_action, mlx5dv_create_flow_action_esp,
		struct ibv_context *ctx, struct ibv_flow_action_esp_attr *esp,
		struct mlx5dv_flow_action_esp *mlx5_attr)

EMU_REFUSE_NULL(struct mlx5dv_mkey, mlx5dv_create_mkey,
		struct mlx5dv_mkey_init_attr *mkey_init_attr)

EMU_REFUSE_NULL(struct mlx5dv_steering_anchor, mlx5dv_create_steering_anchor,
		struct ibv_context *context,
		struct mlx5dv_steering_anchor_attr *attr)

EMU_REFUSE_ERRNO(mlx5dv_crypto_login, struct ibv_context *context,
		 struct mlx5dv_crypto_login_attr *login_attr)

EMU_REFUSE_NULL(struct mlx5dv_crypto_login_obj, mlx5dv_crypto_login_create,
		struct ibv_context *context,
		struct mlx5dv_crypto_login_attr_ex *login_attr)

EMU_REFUSE_ERRNO(mlx5dv_crypto_login_destroy,
		 struct mlx5dv_crypto_login_obj *crypto_login)

EMU_REFUSE_ERRNO(mlx5dv_crypto_login_query,
		 struct mlx5dv_crypto_login_obj *crypto_login,
		 struct mlx5dv_crypto_login_query_attr *query_attr)

EMU_REFUSE_ERRNO(mlx5dv_crypto_login_query_state, struct ibv_context *context,
		 enum mlx5dv_crypto_login_state *state)

EMU_REFUSE_ERRNO(mlx5dv_crypto_logout, struct ibv_context *context)

EMU_REFUSE_ERRNO(mlx5dv_dci_stream_id_reset, struct ibv_qp *qp,
		 uint16_t stream_id)

EMU_REFUSE_NULL(struct mlx5dv_dek, mlx5dv_dek_create,
		struct ibv_context *context,
		struct mlx5dv_dek_init_attr *init_attr)

EMU_REFUSE_ERRNO(mlx5dv_dek_destroy, struct mlx5dv_dek *dek)

EMU_REFUSE_ERRNO(mlx5dv_dek_query, struct mlx5dv_dek *dek,
		 struct mlx5dv_dek_attr *attr)

EMU_REFUSE_ERRNO(mlx5dv_destroy_mkey, struct mlx5dv_mkey *mkey)

EMU_REFUSE_ERRNO(mlx5dv_destroy_steering_anchor,
		 struct mlx5dv_steering_anchor *sa)

EMU_REFUSE_NULL(struct mlx5dv_devx_msi_vector, mlx5dv_devx_alloc_msi_vector,
		struct ibv_context *ibctx)

EMU_REFUSE_ERRNO(mlx5dv_devx_cq_modify, struct ibv_cq *cq, const void *in,
		 size_t inlen, void *out, size_t outlen)

EMU_REFUSE_ERRNO(mlx5dv_devx_cq_query, struct ibv_cq *cq, const void *in,
		 size_t inlen, void *out, size_t outlen)

EMU_REFUSE_NULL(struct mlx5dv_devx_eq, mlx5dv_devx_create_eq,
		struct ibv_context *ibctx, const void *in, size_t inlen,
		void *out, size_t outlen)

EMU_REFUSE_NULL(struct mlx5dv_devx_event_channel,
		mlx5dv_devx_create_event_channel, struct ibv_context *context,
		enum mlx5dv_devx_create_event_channel_flags flags)

EMU_REFUSE_ERRNO(mlx5dv_devx_destroy_eq, struct mlx5dv_devx_eq *eq)

EMU_REFUSE_ERRNO(mlx5dv_devx_free_msi_vector,
		 struct mlx5dv_devx_msi_vector *msi)

EMU_REFUSE_MINUS1(ssize_t, mlx5dv_devx_get_event,
		  struct mlx5dv_devx_event_channel *event_channel,
		  struct mlx5dv_devx_async_event_hdr *event_data,
		  size_t event_resp_len)

EMU_REFUSE_ERRNO(mlx5dv_devx_ind_tbl_modify, struct ibv_rwq_ind_table *ind_tbl,
		 const void *in, size_t inlen, void *out, size_t outlen)

EMU_REFUSE_ERRNO(mlx5dv_devx_ind_tbl_query, struct ibv_rwq_ind_table *ind_tbl,
		 const void *in, size_t inlen, void *out, size_t outlen)

EMU_REFUSE_ERRNO(mlx5dv_devx_qp_modify, struct ibv_qp *qp, const void *in,
		 size_t inlen, void *out, size_t outlen)

EMU_REFUSE_ERRNO(mlx5dv_devx_qp_query, struct ibv_qp *qp, const void *in,
		 size_t inlen, void *out, size_t outlen)

EMU_REFUSE_ERRNO(mlx5dv_devx_srq_modify, struct ibv_srq *srq, const void *in,
		 size_t inlen, void *out, size_t outlen)

EMU_REFUSE_ERRNO(mlx5dv_devx_srq_query, struct ibv_srq *srq, const void *in,
		 size_t inlen, void *out, size_t outlen)

EMU_REFUSE_ERRNO(mlx5dv_devx_subscribe_devx_event,
		 struct mlx5dv_devx_event_channel *event_channel,
		 struct mlx5dv_devx_obj *obj, uint16_t events_sz,
		 uint16_t events_num[], uint64_t cookie)

EMU_REFUSE_ERRNO(mlx5dv_devx_subscribe_devx_event_fd,
		 struct mlx5dv_devx_event_channel *event_channel, int fd,
		 struct mlx5dv_devx_obj *obj, uint16_t event_num)

EMU_REFUSE_NULL(struct mlx5dv_devx_umem, mlx5dv_devx_umem_reg_ex,
		struct ibv_context *ctx, struct mlx5dv_devx_umem_in *umem_in)

EMU_REFUSE_ERRNO(mlx5dv_devx_wq_modify, struct ibv_wq *wq, const void *in,
		 size_t inlen, void *out, size_t outlen)

EMU_REFUSE_ERRNO(mlx5dv_devx_wq_query, struct ibv_wq *wq, const void *in,
		 size_t inlen, void *out, size_t outlen)

EMU_REFUSE_NULL(void, mlx5dv_dm_map_op_addr, struct ibv_dm *dm, uint8_t op)

EMU_REFUSE_NULL(struct mlx5dv_dr_action, mlx5dv_dr_action_create_aso,
		struct mlx5dv_dr_domain *domain,
		struct mlx5dv_devx_obj *devx_obj, uint32_t offset,
		uint32_t flags, uint8_t return_reg_c)

EMU_REFUSE_NULL(struct mlx5dv_dr_action, mlx5dv_dr_action_create_dest_array,
		struct mlx5dv_dr_domain *domain, size_t num_dest,
		struct mlx5dv_dr_action_dest_attr *dests[])

EMU_REFUSE_NULL(struct mlx5dv_dr_action,
		mlx5dv_dr_action_create_dest_root_table,
		struct mlx5dv_dr_table *table, uint16_t priority)

EMU_REFUSE_NULL(struct mlx5dv_dr_action, mlx5dv_dr_action_create_flow_meter,
		struct mlx5dv_dr_flow_meter_attr *attr)

EMU_REFUSE_NULL(struct mlx5dv_dr_action, mlx5dv_dr_action_create_flow_sampler,
		struct mlx5dv_dr_flow_sampler_attr *attr)

EMU_REFUSE_ERRNO(mlx5dv_dr_action_modify_aso, struct mlx5dv_dr_action *action,
		 uint32_t offset, uint32_t flags, uint8_t return_reg_c)

EMU_REFUSE_ERRNO(mlx5dv_dr_action_modify_flow_meter,
		 struct mlx5dv_dr_action *action,
		 struct mlx5dv_dr_flow_meter_attr *attr,
		 __be64 modify_field_select)

EMU_REFUSE_ERRNO(mlx5dv_dr_aso_other_domain_link,
		 struct mlx5dv_devx_obj *devx_obj,
		 struct mlx5dv_dr_domain *peer_dmn,
		 struct mlx5dv_dr_domain *dmn, uint32_t flags,
		 uint8_t return_reg_c)

EMU_REFUSE_ERRNO(mlx5dv_dr_aso_other_domain_unlink,
		 struct mlx5dv_devx_obj *devx_obj, struct mlx5dv_dr_domain *dmn)

EMU_REFUSE_ERRNO(mlx5dv_dr_matcher_set_layout,
		 struct mlx5dv_dr_matcher *matcher,
		 struct mlx5dv_dr_matcher_layout *layout)

EMU_REFUSE_ERRNO(mlx5dv_dump_dr_domain, FILE *fout,
		 struct mlx5dv_dr_domain *domain)

EMU_REFUSE_ERRNO(mlx5dv_dump_dr_matcher, FILE *fout,
		 struct mlx5dv_dr_matcher *matcher)

EMU_REFUSE_ERRNO(mlx5dv_dump_dr_rule, FILE *fout, struct mlx5dv_dr_rule *rule)

EMU_REFUSE_ERRNO(mlx5dv_dump_dr_table, FILE *fout,
		 struct mlx5dv_dr_table *table)

EMU_REFUSE_ERRNO(mlx5dv_get_clock_info, struct ibv_context *context,
		 struct mlx5dv_clock_info *clock_info)

EMU_REFUSE_NULL(struct ibv_device *, mlx5dv_get_vfio_device_list,
		struct mlx5dv_vfio_context_attr *attr)

EMU_REFUSE_ERRNO(mlx5dv_map_ah_to_qp, struct ibv_ah *ah, uint32_t qp_num)

EMU_REFUSE_ERRNO(mlx5dv_modify_qp_lag_port, struct ibv_qp *qp, uint8_t port_num)

EMU_REFUSE_ERRNO(mlx5dv_modify_qp_sched_elem, struct ibv_qp *qp,
		 const struct mlx5dv_sched_leaf *requestor,
		 const struct mlx5dv_sched_leaf *responder)

EMU_REFUSE_ERRNO(mlx5dv_modify_qp_udp_sport, struct ibv_qp *qp,
		 uint16_t udp_sport)

EMU_REFUSE_NULL(struct mlx5dv_pp, mlx5dv_pp_alloc, struct ibv_context *context,
		size_t pp_context_sz, const void *pp_context, uint32_t flags)

EMU_REFUSE_ERRNO(mlx5dv_qp_cancel_posted_send_wrs, struct mlx5dv_qp_ex *mqp,
		 uint64_t wr_id)

EMU_REFUSE_NULL(struct mlx5dv_qp_ex, mlx5dv_qp_ex_from_ibv_qp_ex,
		struct ibv_qp_ex *qp)

EMU_REFUSE_ERRNO(mlx5dv_query_qp_lag_port, struct ibv_qp *qp, uint8_t *port_num,
		 uint8_t *active_port_num)

EMU_REFUSE_ERRNO(mlx5dv_reserved_qpn_alloc, struct ibv_context *ctx,
		 uint32_t *qpn)

EMU_REFUSE_ERRNO(mlx5dv_reserved_qpn_dealloc, struct ibv_context *ctx,
		 uint32_t qpn)

EMU_REFUSE_NULL(struct mlx5dv_sched_leaf, mlx5dv_sched_leaf_create,
		struct ibv_context *context,
		const struct mlx5dv_sched_attr *sched_attr)

EMU_REFUSE_ERRNO(mlx5dv_sched_leaf_destroy, struct mlx5dv_sched_leaf *leaf)

EMU_REFUSE_ERRNO(mlx5dv_sched_leaf_modify, struct mlx5dv_sched_leaf *leaf,
		 const struct mlx5dv_sched_attr *sched_attr)

EMU_REFUSE_NULL(struct mlx5dv_sched_node, mlx5dv_sched_node_create,
		struct ibv_context *context,
		const struct mlx5dv_sched_attr *sched_attr)

EMU_REFUSE_ERRNO(mlx5dv_sched_node_destroy, struct mlx5dv_sched_node *node)

EMU_REFUSE_ERRNO(mlx5dv_sched_node_modify, struct mlx5dv_sched_node *node,
		 const struct mlx5dv_sched_attr *sched_attr)

EMU_REFUSE_ERRNO(mlx5dv_vfio_get_events_fd, struct ibv_context *ibctx)

EMU_REFUSE_ERRNO(mlx5dv_vfio_process_events, struct ibv_context *context)
