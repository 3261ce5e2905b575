/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulator suites reach libmlx5x_emu the way an application does: dlopen()
 * it (RTLD_LOCAL, so its ibv_* never shadow a real libibverbs elsewhere in
 * the process) and call rdma-core entry points and the test-side API
 * through the table below. Helpers build the objects a datapath scenario
 * needs with PRM commands, as a driver would.
 */
#ifndef TEST_EMU_LIB_H
#define TEST_EMU_LIB_H

#include <stdbool.h>
#include <stdint.h>

#include <infiniband/mlx5dv.h>
#include <infiniband/verbs.h>

#include "mlx5x_emu.h"
#include "mlx5x_prm.h"

#define EMU_FN(X)                                                              \
	X(get_device_list, ibv_get_device_list)                                \
	X(free_device_list, ibv_free_device_list)                              \
	X(open_device, ibv_open_device)                                        \
	X(close_device, ibv_close_device)                                      \
	X(query_device, ibv_query_device)                                      \
	X(alloc_pd, ibv_alloc_pd)                                              \
	X(dealloc_pd, ibv_dealloc_pd)                                          \
	X(reg_mr, ibv_reg_mr)                                                  \
	X(dereg_mr, ibv_dereg_mr)                                              \
	X(dv_open_device, mlx5dv_open_device)                                  \
	X(dv_query_device, mlx5dv_query_device)                                \
	X(dv_query_port, _mlx5dv_query_port)                                   \
	X(dv_init_obj, mlx5dv_init_obj)                                        \
	X(general_cmd, mlx5dv_devx_general_cmd)                                \
	X(obj_create, mlx5dv_devx_obj_create)                                  \
	X(obj_query, mlx5dv_devx_obj_query)                                    \
	X(obj_modify, mlx5dv_devx_obj_modify)                                  \
	X(obj_destroy, mlx5dv_devx_obj_destroy)                                \
	X(umem_reg, mlx5dv_devx_umem_reg)                                      \
	X(umem_dereg, mlx5dv_devx_umem_dereg)                                  \
	X(alloc_uar, mlx5dv_devx_alloc_uar)                                    \
	X(free_uar, mlx5dv_devx_free_uar)                                      \
	X(setup, mlx5x_emu_setup)                                              \
	X(teardown, mlx5x_emu_teardown)                                        \
	X(sysfs_root, mlx5x_emu_sysfs_root)                                    \
	X(inject_wire, mlx5x_emu_inject_wire)                                  \
	X(inject_vf, mlx5x_emu_inject_vf)                                      \
	X(inject_wire_burst, mlx5x_emu_inject_wire_burst)                      \
	X(inject_vf_burst, mlx5x_emu_inject_vf_burst)                          \
	X(capture_wire, mlx5x_emu_capture_wire)                                \
	X(capture_vf, mlx5x_emu_capture_vf)                                    \
	X(capture_wire_burst, mlx5x_emu_capture_wire_burst)                    \
	X(capture_vf_burst, mlx5x_emu_capture_vf_burst)                        \
	X(release_wire, mlx5x_emu_release_wire)                                \
	X(release_vf, mlx5x_emu_release_vf)                                    \
	X(poll, mlx5x_emu_poll)                                                \
	X(counters, mlx5x_emu_counters)                                        \
	X(trace, mlx5x_emu_trace)                                              \
	X(trace_enable, mlx5x_emu_trace_enable)                                \
	X(create_cq, ibv_create_cq)                                            \
	X(dv_create_cq, mlx5dv_create_cq)                                      \
	X(dv_create_wq, mlx5dv_create_wq)                                      \
	X(dr_domain_create, mlx5dv_dr_domain_create)                           \
	X(dr_domain_destroy, mlx5dv_dr_domain_destroy)                         \
	X(dr_table_create, mlx5dv_dr_table_create)                             \
	X(dr_table_destroy, mlx5dv_dr_table_destroy)                           \
	X(dr_matcher_create, mlx5dv_dr_matcher_create)                         \
	X(dr_matcher_destroy, mlx5dv_dr_matcher_destroy)                       \
	X(dr_rule_create, mlx5dv_dr_rule_create)                               \
	X(dr_rule_destroy, mlx5dv_dr_rule_destroy)                             \
	X(dr_action_dest_table, mlx5dv_dr_action_create_dest_table)            \
	X(dr_action_dest_tir, mlx5dv_dr_action_create_dest_devx_tir)           \
	X(dr_action_drop, mlx5dv_dr_action_create_drop)                        \
	X(dr_action_tag, mlx5dv_dr_action_create_tag)                          \
	X(dr_action_counter, mlx5dv_dr_action_create_flow_counter)             \
	X(dr_action_pop_vlan, mlx5dv_dr_action_create_pop_vlan)                \
	X(dr_action_dest_vport, mlx5dv_dr_action_create_dest_vport)            \
	X(dr_action_modify_header, mlx5dv_dr_action_create_modify_header)      \
	X(dr_action_packet_reformat, mlx5dv_dr_action_create_packet_reformat)  \
	X(dr_action_destroy, mlx5dv_dr_action_destroy)                         \
	X(dr_action_default_miss, mlx5dv_dr_action_create_default_miss)        \
	X(dr_allow_duplicates, mlx5dv_dr_domain_allow_duplicate_rules)         \
	X(destroy_cq, ibv_destroy_cq)                                          \
	X(create_qp, ibv_create_qp)                                            \
	X(modify_qp, ibv_modify_qp)                                            \
	X(destroy_qp, ibv_destroy_qp)                                          \
	X(dv_matcher_create, mlx5dv_create_flow_matcher)                       \
	X(dv_matcher_destroy, mlx5dv_destroy_flow_matcher)                     \
	X(dv_create_flow, mlx5dv_create_flow)                                  \
	X(dv_flow_action_mh, mlx5dv_create_flow_action_modify_header)          \
	X(dv_flow_action_rf, mlx5dv_create_flow_action_packet_reformat)        \
	X(fault_cmd, mlx5x_emu_fault_cmd)                                      \
	X(hold, mlx5x_emu_hold)                                                \
	X(rx_fused, mlx5x_emu_rx_fused)                                        \
	X(sq_fast, mlx5x_emu_sq_fast)                                          \
	X(cmd_trace_take, mlx5x_emu_cmd_trace_take)

struct emu_api {
#define EMU_MEMBER(m, sym) __typeof__(sym) *m;
	EMU_FN(EMU_MEMBER)
#undef EMU_MEMBER
};

extern struct emu_api emu;

/* Load the library once; 0, or MLX5X_TEST_SKIP with the reason printed. */
int emu_lib_load(void);

/* Setup adapters in a private sysfs root, open device 0 with DevX. */
struct emu_dev {
	struct ibv_context *ctx;
	struct ibv_pd *pd;
	uint32_t pdn, tdn;
	struct mlx5dv_devx_obj *pd_obj, *td_obj;
	char root[256];
};
int emu_dev_open(struct emu_dev *d, const char *config);
/* Open another IB device of the adapters emu_dev_open set up (a VF's),
 * by name; close it before the first. */
int emu_dev_open_name(struct emu_dev *d, const char *name);
/* The name of the IB device whose ibdev_path/device resolves to PCI
 * directory pci ("0000:08:00.2": the first adapter's VF 0) into name: 0,
 * or -1 when none does. */
int emu_ibdev_by_pci(const char *pci, char *name, size_t len);
void emu_dev_close(struct emu_dev *d);

/* Run a command; returns the PRM status from the out box. */
int emu_cmd(struct emu_dev *d, const void *in, size_t inlen, void *out,
	    size_t outlen);

/* A CQ and a cyclic SQ or RQ on umem, with their doorbell records. */
struct emu_q {
	struct emu_dev *d;
	uint8_t *buf;
	size_t buf_len;
	volatile uint32_t *dbr;
	uint8_t *cq_buf;
	volatile uint32_t *cq_dbr;
	uint32_t log_sz, cq_log_sz;
	struct mlx5dv_devx_umem *umem, *cq_umem;
	struct mlx5dv_devx_obj *cq, *q;
	uint32_t cqn, qn, tisn;
	struct mlx5dv_devx_obj *tis;
	uint32_t pi, cq_ci;
	bool is_sq;
	/* Striding RQ: set mprq and the two log fields before creating. */
	bool mprq;
	uint32_t mprq_lsn, mprq_lss;
	/* CQE compression on the CQ: set before creating. */
	bool cqe_comp;
	uint8_t mini_format; /* cqc mini_cqe_res_format */
	uint8_t mini_ext;    /* cqc mini_cqe_res_format_ext */
	/* RQ: rqc counter_set_id (a Q counter set; 0 the global one). */
	uint8_t counter_set_id;
	bool cq_oi; /* cqc oi: the CQ ignores overruns */
	/* CQ and RQ made through mlx5dv_devx_general_cmd, without object
	 * handles: what closing their context takes back whole (then free
	 * buf and cq_buf; emu_q_destroy does not apply). */
	bool bare;
	/* SQ: sqc min_wqe_inline_mode (0 none, 1 L2, 2 IP, 3 TCP/UDP). */
	uint8_t min_inline;
	bool flush; /* sqc / rqc flush_in_error_en (emu_q_create_flush) */
	/* The CQ's / the queue's umem registered with no access (the
	 * adapter may not write it; 0 asks for local and remote write and
	 * remote read): set before creating. */
	bool cq_ro, wq_ro;
};
int emu_q_create(struct emu_dev *d, struct emu_q *q, bool sq, uint32_t log_sz,
		 uint32_t log_stride);
/* An SQ whose sqc min_wqe_inline_mode is min_inline. */
int emu_q_create_sq_inline(struct emu_dev *d, struct emu_q *q, uint32_t log_sz,
			   uint8_t min_inline);
/* A cyclic SQ (64-byte WQEBBs) or RQ (16-byte WQEs) whose context has
 * flush_in_error_en as flush. */
int emu_q_create_flush(struct emu_dev *d, struct emu_q *q, bool sq,
		       uint32_t log_sz, bool flush);
/* A cyclic RQ (16-byte WQEs) counting into Q counter set counter_set_id. */
int emu_q_create_rq_counted(struct emu_dev *d, struct emu_q *q, uint32_t log_sz,
			    uint8_t counter_set_id);
/* A striding RQ of 2^log_sz WQEs, 512 << lsn strides of 64 << lss bytes. */
int emu_q_create_mprq(struct emu_dev *d, struct emu_q *q, uint32_t log_sz,
		      uint32_t lsn, uint32_t lss);
/* An RQ whose CQ compresses with the given mini CQE format
 * (MLX5X_MINI_CQE_FORMAT_*), or with raw res_format and _ext bits. */
int emu_q_create_rq_comp(struct emu_dev *d, struct emu_q *q, uint32_t log_sz,
			 uint8_t mini_format);
int emu_q_create_rq_comp_ext(struct emu_dev *d, struct emu_q *q,
			     uint32_t log_sz, uint8_t res_format, uint8_t ext);
/* A striding RQ whose CQ compresses. */
int emu_q_create_mprq_comp(struct emu_dev *d, struct emu_q *q, uint32_t log_sz,
			   uint32_t lsn, uint32_t lss, uint8_t mini_format);
/* A bare cyclic RQ (16-byte WQEs; emu_q.bare). */
int emu_q_create_rq_bare(struct emu_dev *d, struct emu_q *q, uint32_t log_sz);
/* A cyclic RQ (16-byte WQEs) whose CQ has cqc.oi (overrun ignore) set. */
int emu_q_create_rq_oi(struct emu_dev *d, struct emu_q *q, uint32_t log_sz);
/* Move RST -> RDY (or any transition); returns the PRM status. */
int emu_q_modify(struct emu_q *q, uint32_t cur, uint32_t next);
void emu_q_destroy(struct emu_q *q);
/* Next CQE owned by software, or NULL after waiting up to ms. */
struct mlx5_cqe64 *emu_q_poll_cqe(struct emu_q *q, unsigned int ms);

/* A TIR (direct to rqn, or RSS over an RQT) and a NIC RX root table whose
 * single catch-all entry forwards to it with a flow tag. */
struct emu_steer {
	struct emu_dev *dev;
	struct mlx5dv_devx_obj *tir, *rqt, *ft, *fg, *fte;
	uint32_t tirn, rqtn, ftn, fgn;
};
int emu_steer_direct(struct emu_dev *d, struct emu_steer *s, uint32_t rqn,
		     uint32_t flow_tag);
int emu_steer_rss(struct emu_dev *d, struct emu_steer *s, const uint32_t *rqn,
		  unsigned int n, const uint8_t key[40], uint32_t fields,
		  bool l4_udp);
/* RSS over the one RQ rqn as the usual set-up hashes: IPv4 addresses and
 * UDP ports, a fixed key (the emulator's fused path's common case). */
int emu_steer_rss_one(struct emu_dev *d, struct emu_steer *s, uint32_t rqn);
/* An RQT over the n RQs (n <= 64): its number, 0 (and *o NULL) if
 * refused. */
uint32_t emu_rqt_make(struct emu_dev *d, const uint32_t *rqn, unsigned int n,
		      struct mlx5dv_devx_obj **o);
/* An RSS TIR over RQT rqtn: Toeplitz with key over the selected fields of
 * the outer headers, for frames of l3 (MLX5X_L3_PROT_TYPE_*) and l4
 * (MLX5X_L4_PROT_TYPE_*). Its number, 0 if refused. */
uint32_t emu_tir_rss_make(struct emu_dev *d, uint32_t rqtn,
			  const uint8_t key[40], uint8_t l3, uint8_t l4,
			  uint32_t fields, struct mlx5dv_devx_obj **o);
/* The same root table and catch-all entry, to a TIR made elsewhere (a
 * Verbs RSS QP): emu_steer_destroy leaves that TIR alone. */
int emu_steer_tirn(struct emu_dev *d, struct emu_steer *s, uint32_t tirn,
		   uint32_t flow_tag);
void emu_steer_destroy(struct emu_steer *s);

/* A pointer data segment at seg: bc bytes at p under lkey (PRM
 * byte_count, lkey, address, big-endian). */
void emu_wqe_dseg(uint8_t *seg, const void *p, uint32_t bc, uint32_t lkey);

/* One send WQE (PRM: control, Ethernet segment with the first 18 bytes
 * inline, one data segment for the rest, completion requested) at index
 * idx of a ring of wqe_cnt 64-byte WQEBBs. len must exceed 18. */
void emu_wqe_send(void *ring, uint32_t wqe_cnt, uint32_t sqn, uint16_t idx,
		  const uint8_t *frame, uint32_t len, uint32_t lkey);

/* One packet of an enhanced MPW WQE: inline (an inline data segment
 * carrying it whole) or by pointer under lkey. */
struct emu_empw_pkt {
	const uint8_t *data;
	uint32_t len;
	uint32_t lkey;
	bool inl;
};

/* An enhanced MPW WQE (PRM opcode 0x29, opc_mod 0) as drivers build it at
 * index idx of a ring of wqe_cnt 64-byte WQEBBs, wrapping to its start:
 * control segment, an Ethernet segment of cs_flags and no inline header,
 * then one data segment per packet (inline ones padded to 16 bytes).
 * Returns the WQEBBs it takes, 0 if n packets do not fit in 63 units. */
uint32_t emu_wqe_empw(void *ring, uint32_t wqe_cnt, uint32_t sqn, uint16_t idx,
		      const struct emu_empw_pkt *p, unsigned int n,
		      uint8_t cs_flags, uint8_t fm_ce_se);

/* The one's complement sum of the big-endian 16-bit words of p (an odd
 * last byte padded with zero) added to sum, folded to 16 bits: checksums
 * are its complement, a right header sums to 0xffff. */
uint16_t emu_sum16(const uint8_t *p, size_t n, uint32_t sum);

/* xorshift64*: the next draw from *seed, the same sequence on every
 * run from the same seed. */
uint32_t emu_test_rand(uint64_t *seed);

/* Build an Ethernet/IPv4/UDP frame with valid checksums; returns length. */
size_t
emu_frame_udp4(uint8_t *f, const uint8_t dmac[6], uint32_t sip, uint32_t dip,
	       uint16_t sport, uint16_t dport, size_t payload);

/* A DevX object from a CREATE command: its id, 0 (and *o NULL) if
 * refused. */
/* Packets flow counter id counted (QUERY_FLOW_COUNTER), UINT64_MAX if
 * the query failed. */
uint64_t emu_counter_packets(struct emu_dev *d, uint32_t id);
uint32_t emu_obj_id(struct emu_dev *d, void *in, size_t inlen,
		    struct mlx5dv_devx_obj **o);

/* Post n buffers of size bytes, back to back from mem (lkey), on the RQ
 * q's first n WQEs (one data segment each) and ring its doorbell. */
void emu_rq_post(struct emu_q *q, uint8_t *mem, uint32_t lkey, uint32_t n,
		 uint32_t size);

/* What a receive test reads frames from: an RQ (emu_q_create(d, q, false,
 * 3, 4)) with 8 posted 2 KB buffers in mem, ready, and a TIR on it
 * (emu_rx_tir_make_sized: 1 << log_sz of them, for bursts). */
struct emu_rx_tir {
	struct emu_q rq;
	uint8_t *mem;
	struct ibv_mr *mr;
	struct mlx5dv_devx_obj *tir;
	uint32_t tirn;
};

/* MLX5X_TEST_PASS, or the failed assertion's ("rq", "rq ready", "TIR"). */
int emu_rx_tir_make(struct emu_dev *d, struct emu_rx_tir *r);
int
emu_rx_tir_make_sized(struct emu_dev *d, struct emu_rx_tir *r, uint32_t log_sz);
/* TIR, RQ, registration and buffers, in that order. */
void emu_rx_tir_free(struct emu_rx_tir *r);

/* A NIC RX flow table of 4 entries at level; miss_id != 0 sends misses
 * to that table. Returns its id (0 if refused). */
uint32_t emu_nic_rx_table(struct emu_dev *d, uint32_t level, uint32_t miss_id,
			  struct mlx5dv_devx_obj **o);

/* A group of NIC RX table ft holding index alone, whose mask is crit (an
 * fte_match_param, criteria enable bits enable; NULL: a catch-all). Its
 * id, 0 if refused. */
uint32_t
emu_nic_rx_group(struct emu_dev *d, uint32_t ft, uint32_t index, uint8_t enable,
		 const uint8_t *crit, struct mlx5dv_devx_obj **o);

/* QUERY_CQ of q's CQ: its context's status (MLX5X_CQC_STATUS_*),
 * UINT32_MAX if the query failed. */
uint32_t emu_cq_status(struct emu_q *q);

/* What the next CQE of RQ q says of a frame of len bytes, waited for up
 * to ms: 0 for a completion of len bytes, the syndrome of an error CQE,
 * -1 for none or another length. */
int emu_rq_cqe_status(struct emu_q *q, uint32_t len, unsigned int ms);

/* The twins of a differential test: adapter 1 kept on the general path,
 * adapter 0 on the fused one (the mlx5x_emu_rx_fused hook); adapter 0's
 * fused frame count so far into *before (may be NULL). 0, or -1 when the
 * hook refused either. */
int emu_twin_fused_on(uint64_t *before);

/* Software's walk over what RQ q0's CQ (compressing or not) completed,
 * done alike on q1's, a twin expected to hold the same ring: the slots
 * of each CQE or session invalidated on both, both consumer counters
 * moved on. The WQEs the completions took; compressed sessions counted
 * into *sessions, error CQEs into *errors (either may be NULL). */
uint32_t emu_cq_consume_twins(struct emu_q *q0, struct emu_q *q1,
			      unsigned int *sessions, unsigned int *errors);

/* Whether n bytes at p are all zero: nothing was written there. */
bool emu_mem_zero(const uint8_t *p, size_t n);

/* A receive scenario's end: steering s, queue q, registration mr,
 * buffers mem, device d, in that order; a NULL one is skipped. */
void emu_rx_teardown(struct emu_steer *s, struct emu_q *q, struct ibv_mr *mr,
		     void *mem, struct emu_dev *d);

/* A device, an RQ of EMU_RXS_WQES WQEs of segs data segments each (the
 * caller writes them: emu_rxs_seg) and direct steering from the wire to
 * it; two buffer areas of EMU_RXS_BUF bytes per segment with an MR each:
 * rw (local write) and ro (registered with the access asked for). */
#define EMU_RXS_BUF 2048u
#define EMU_RXS_WQES 4u
struct emu_rxs {
	struct emu_dev d;
	struct emu_q q;
	struct emu_steer s;
	uint8_t *rw_mem, *ro_mem;
	struct ibv_mr *rw, *ro;
	uint32_t segs;
};
/* MLX5X_TEST_PASS, or the failed assertion's. */
int emu_rxs_open(struct emu_rxs *a, uint32_t segs, int ro_access);
/* The same on a zeroed a whose q has the fields set that are set before
 * creating (emu_q's cq_ro, wq_ro, ...). */
int emu_rxs_open_q(struct emu_rxs *a, uint32_t segs, int ro_access);
/* Data segment k of WQE w: the buffer (w, k) of the rw or the ro area,
 * bc bytes. */
void
emu_rxs_seg(struct emu_rxs *a, uint32_t w, uint32_t k, bool rw, uint32_t bc);
/* The RQ ready with all its WQEs posted, steering on: a direct TIR, or
 * with rss RSS over the one RQ (the usual set-up's fused path). */
int emu_rxs_start_rss(struct emu_rxs *a, bool rss);
int emu_rxs_start(struct emu_rxs *a);
void emu_rxs_close(struct emu_rxs *a);
/* A UDP frame of payload + 42 bytes (payload byte i + seed) in from the
 * wire into f; emu_rq_cqe_status of the CQE it made. */
int emu_rxs_frame(struct emu_rxs *a, uint8_t *f, size_t payload, uint8_t seed);

/* A striding RQ of 2 WQEs of EMU_MPRQ_WQE_BYTES (512 strides of 64
 * bytes) on a new device d, buffers for both in *mem under MR *mr of
 * access; the caller writes the WQEs' data segments (at q->buf + 32 w +
 * 16, after the next segment). MLX5X_TEST_PASS or the failed assertion's. */
#define EMU_MPRQ_WQE_BYTES (512u * 64u)
int emu_mprq_open(struct emu_dev *d, struct emu_q *q, uint8_t **mem,
		  struct ibv_mr **mr, int access);
/* Its first n WQEs posted, the RQ ready, direct steering s to it. */
int emu_mprq_start(struct emu_dev *d, struct emu_q *q, struct emu_steer *s,
		   uint32_t n);

/* A NIC RX entry at index of group fg of table ft: match value val
 * (an fte_match_param; NULL: none), flow tag tag, actions act and,
 * unless act drops, a forward to TIR tirn; flow counter cnt when not 0.
 * The object, NULL if refused. */
struct mlx5dv_devx_obj *
emu_nic_rx_entry(struct emu_dev *d, uint32_t ft, uint32_t fg, uint32_t index,
		 const uint8_t *val, uint16_t act, uint32_t tag, uint32_t tirn,
		 uint32_t cnt);

/* Rings sq's doorbell for one more WQE (sq->pi moves on) and waits for
 * its CQE: 0 for a completion, the syndrome of an error CQE, -1 when
 * none came within 200 ms. */
int emu_sq_ring_one(struct emu_q *sq);

/* The next frame on device 0's wire is f exactly: NULL, else what
 * differs ("no frame", "length", "bytes"). */
const char *emu_wire_next(const uint8_t *f, uint32_t len);

/* The wire end of device 0 captured exactly f (len bytes, at most 2048)
 * and nothing after it. */
bool emu_wire_got(const uint8_t *f, uint32_t len);

/* SET_FLOW_TABLE_ROOT of table type type to table ft (op_mod 1, ft 0:
 * disconnect); the command's status. */
int emu_ft_root_set(struct emu_dev *d, uint32_t type, uint32_t ft, int op_mod);

/* Fills the zeroed CREATE_FLOW_GROUP mailbox in: group 0..15 of table ft
 * (type) whose mask is one 32-bit word mask at byte offset off of
 * fte_match_param (criteria enable bits enable). */
void emu_fg_in_one_word(uint8_t *in, uint32_t type, uint32_t ft, uint8_t enable,
			size_t off, uint32_t mask);

/* Bytes of the SET_FLOW_TABLE_ENTRY mailbox with one destination. */
#define EMU_FTE_ONE_DEST_BYTES (MLX5X_ST_SZ_BYTES(set_fte_in) + 8)

/* Fills the zeroed SET_FLOW_TABLE_ENTRY mailbox in (EMU_FTE_ONE_DEST_BYTES):
 * entry index of group fg whose match value has value in the 32-bit word
 * at byte offset off; it forwards to one destination (dtype, did),
 * through modify header mhdr when that is not 0. */
void emu_fte_in_one_word(uint8_t *in, uint32_t type, uint32_t ft, uint32_t fg,
			 uint32_t index, size_t off, uint32_t value,
			 uint32_t mhdr, uint16_t dtype, uint32_t did);

/* A modify-header action (mlx5dv) of table type ft: the destination MAC's
 * low 16 bits to 0xbeef (emu_beef_mac: the emulator's PF MAC so
 * rewritten), and reg_b to regb unless it is 0. */
extern const uint8_t emu_beef_mac[6];
struct ibv_flow_action *emu_mh_dmac_regb(struct emu_dev *d, uint32_t regb,
					 enum mlx5dv_flow_table_type ft);

#endif /* TEST_EMU_LIB_H */
