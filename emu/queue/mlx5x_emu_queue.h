/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Queues (emu/queue): CQs and CQE compression, WQ rings, SQs, RQs, TIS,
 * RQT, TIR and its RSS hash plan, Toeplitz, and the engine that runs them.
 */
#ifndef MLX5X_EMU_QUEUE_H
#define MLX5X_EMU_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include <infiniband/mlx5dv.h>
#include <infiniband/verbs.h>

#include "mlx5x_emu_core.h"

/* ---- queues ------------------------------------------------------------- */

/* A responder CQE's per-frame fields for joining a compressed session
 * (mlx5x_emu_cq.h). */
struct emu_cqe_key {
	uint64_t w[2];
};

struct emu_cq {
	uint32_t cqn;
	struct emu_ctx *ctx;
	struct emu_adapter *ad;
	/* On the adapter's list of CQs holding CQEs (cq_dirty) while a
	 * compressed session waits for the end of the burst. */
	bool dirty;
	struct emu_cq *dirty_next;
	uint8_t *buf;
	uint32_t log_size;
	uint32_t mask;		  /* slots - 1 */
	volatile uint32_t *dbrec; /* big endian: [0] consumer index */
	uint32_t pi;
	/* Slots from pi on known free when the consumer counter was last
	 * read (mlx5x_emu_cq.h); 0 reads it again. */
	uint32_t room;
	uint8_t status;
	uint32_t users;		   /* SQs and RQs pointing at it */
	void *own_buf, *own_dbrec; /* for Verbs CQs the emulator allocates */
	uint64_t overflows;
	bool oi; /* cqc.oi: overrun ignored, never CQ_OVERFLOW */
	/* Its buffer's umem grants no write: the first CQE faults
	 * (CQ_WRITE_FAIL, emu_cq_slots_refill). */
	bool ro;
	/* CQE compression (mlx5x_emu_cqe_comp.c): responder CQEs waiting to
	 * be written, as one title and per-packet mini CQE fields. */
	bool comp_en;
	uint8_t mini_format; /* MLX5X_MINI_CQE_FORMAT_* */
	uint32_t pend_n;
	bool pend_striding;	 /* the held session is a striding RQ's */
	uint16_t pend_next_strd; /* stride the next joining CQE must start at */
	struct mlx5_cqe64 pend_title;
	/* The bytes a CQE must share with the title to join its session:
	 * all but what the mini CQE format carries per packet (made once,
	 * emu_cq_comp_setup), and the same for the bytes of a CQE built
	 * from an RQ's template (struct emu_cqe_key, mlx5x_emu_cq.h). */
	uint64_t join_mask[8];
	struct emu_cqe_key key_mask;
	/* A held session whose title an RQ built from its template
	 * (emu_cq_rx_tmpl): that template, the title's key and WQE
	 * counter, so that the RQ's next CQE joins on a compare of its key
	 * alone (emu_cq_rx_join); NULL for a title of any other origin. */
	const struct mlx5_cqe64 *pend_tmpl;
	struct emu_cqe_key pend_key;
	uint16_t pend_wc;
	/* CQEs the held session may have: the most a session has, or the
	 * slots left to the buffer's end (set when it opens). */
	uint32_t pend_cap;
	/* Each held CQE as its mini CQE (8 bytes, as the array holds it),
	 * made when it is held: writing the session is copying arrays. */
	uint64_t pend_mini[EMU_CQE_COMP_MAX];
	uint64_t sessions; /* compressed sessions written */
};

struct emu_wq {
	uint8_t *buf;
	uint32_t log_sz;
	uint32_t log_stride;
	volatile uint32_t *dbrec;
	uint32_t ci; /* WQEBBs (SQ) or WQEs (RQ) consumed */
	uint8_t wq_type;
};

struct emu_sq {
	uint32_t sqn;
	struct emu_ctx *ctx;
	uint8_t state;
	struct emu_cq *cq;
	uint32_t tisn;
	uint32_t user_index;
	uint8_t min_inline_mode;
	bool flush_en; /* sqc flush_in_error_en */
	struct emu_wq wq;
	uint64_t errors;
	uint64_t flushed; /* WQEs completed by a flush in ERR */
	/* On the adapter's ready list (sq_ready, by SQ number) while RDY,
	 * or in ERR with flush_en (what is posted then is flushed): the
	 * engine visits these only, not every SQ slot. */
	bool on_ready;
	struct emu_sq *ready_prev, *ready_next;
	/* Set at CREATE_SQ for the Tx loop (mlx5x_emu_sq.c): the function
	 * that owns the SQ, its vport, its NIC TX root and DV egress rules. */
	uint16_t fn;
	struct emu_vport *vport;
	const uint32_t *root_tx;
	struct emu_kflow *const *kflows_tx;
	/* The MR of the last data segment (mlx5x_emu_sq.c), checked for
	 * staleness once per service (emu_mem_cache_sync). */
	struct emu_mr_cache mr;
};

struct emu_rq {
	uint32_t rqn;
	struct emu_ctx *ctx;
	uint8_t state;
	struct emu_cq *cq;
	uint32_t user_index;
	bool vlan_strip;
	bool scatter_fcs;
	bool flush_en;	  /* rqc flush_in_error_en */
	uint64_t flushed; /* WQEs completed by a flush in ERR */
	struct emu_wq wq;
	/* Striding RQ (MPRQ): strides per WQE, their size, and how many of
	 * the current WQE's strides are used. */
	uint32_t strd_num, strd_sz, strd_used;
	uint64_t out_of_buffer;
	uint32_t users; /* TIRs and RQTs pointing at it */
	/* Fixed at CREATE_RQ for the data path (mlx5x_emu_rq.c): the
	 * function's vport that counts its frames, whether its frames take
	 * the plain path (cyclic; its CQ compressing or not), and its CQEs'
	 * fields that do not change per frame. */
	struct emu_vport *vport;
	bool plain;
	struct mlx5_cqe64 cqe_tmpl;
	uint32_t wqe_mask; /* WQEs in the ring - 1 */
	/* The MR of the last first data segment (emu_rq_deliver_plain). */
	struct emu_mr_cache mr;
	/* The doorbell record's counter when last read (emu_rq_has_wqe):
	 * the WQEs from wq.ci up to it are posted. Wherever wq.ci moves
	 * other than onto a posted WQE (reset, flush), it becomes wq.ci. */
	uint16_t posted;
};

struct emu_tis {
	uint32_t tisn;
	uint32_t td;
	uint32_t users;
};

/* An RQT entry: the RQ number the command gave, and the RQ it names and
 * holds (users), resolved when the list is set (emu_rq_refs_set keeps it
 * so), NULL while no RQ has the number. */
struct emu_rqt_ent {
	uint32_t rqn;
	struct emu_rq *rq;
};

struct emu_rqt {
	uint32_t rqtn;
	uint32_t size;
	uint32_t users;
	uint16_t fn; /* the function that made it: its list names fn's RQs */
	/* size - 1 when size is a power of two (hash & mask is the entry,
	 * no division), else EMU_RQT_MODULO: hash % size. */
	uint32_t mask;
	struct emu_rqt_ent ent[];
};
#define EMU_RQT_MODULO UINT32_MAX

#define EMU_TOEPLITZ_MAX_IN 36 /* IPv6 addresses and L4 ports */

/* A TIR's hash plan (mlx5x_emu_tir.h), fixed at CREATE_TIR / MODIFY_TIR:
 * the IP version and protocol a frame must have for the selected fields
 * to be hashed, the CQE hash type then, and the runs of header bytes the
 * hash reads, each at its base (the frame's L3 or L4 header, or the parse's
 * inner_headers), in Toeplitz input order. */
enum { EMU_TIR_BASE_L3, EMU_TIR_BASE_L4, EMU_TIR_BASE_INNER };
struct emu_tir_run {
	uint8_t base; /* EMU_TIR_BASE_* */
	uint8_t off;  /* first byte from the base */
	uint8_t len;  /* bytes: 2, 4 or 16 (adjacent fields merged: 32) */
	uint8_t pos;  /* input position of the first: its Toeplitz table */
	uint8_t n4;   /* len / 4: groups of four bytes, then */
	uint8_t two;  /* len % 4 == 2: a last pair */
};
/* Plans the data path hashes in straight-line code (mlx5x_emu_tir.h);
 * any other takes the loop over the runs. */
enum {
	EMU_TIR_SHAPE_RUNS,
	EMU_TIR_SHAPE_IP4_PORTS, /* L3 + 12, 8 bytes; L4 + 0, 4 bytes */
	EMU_TIR_SHAPE_IP4,	 /* L3 + 12, 8 bytes */
};
struct emu_tir_plan {
	uint8_t nrun;  /* 0: the hash is 0 and the type none */
	uint8_t shape; /* EMU_TIR_SHAPE_* */
	uint8_t l3;    /* 4 or 6 */
	uint8_t l4;    /* IP protocol 6 or 17 when ports are selected, else 0 */
	uint8_t htype;
	struct emu_tir_run run[4];
};

struct emu_tir {
	uint32_t tirn;
	uint16_t fn; /* the function that made it, whose RQ or RQT it names */
	uint8_t disp_type;
	uint32_t inline_rqn;
	uint32_t rqtn;
	/* What inline_rqn and rqtn name, resolved at CREATE_TIR / MODIFY_TIR
	 * for the data path: the TIR holds exactly these (users), so they
	 * outlive it; MODIFY_RQT points rqt at the new table, emu_rq_refs_set
	 * rq at the RQ that has the number (NULL while none has). */
	struct emu_rq *rq;
	struct emu_rqt *rqt;
	uint8_t hash_fn;
	bool symmetric;
	uint8_t key[40];
	uint8_t l3_prot, l4_prot;
	uint32_t fields;
	/* tunneled_offload_en and rx_hash_field_selector_inner: a tunnelled
	 * frame hashes its inner headers' selected fields. */
	bool tunneled;
	uint8_t l3_prot_in, l4_prot_in;
	uint32_t fields_in;
	uint32_t td;
	uint32_t users; /* flow entries pointing at it */
	uint32_t toeplitz[EMU_TOEPLITZ_MAX_IN][256]; /* from key */
	/* A frame's own headers (with the inner selector when it applies
	 * to an untunnelled frame), and a tunnelled frame's inner ones. */
	struct emu_tir_plan plan_outer, plan_inner;
};

/* Striding RQ (PRM wq): single_stride_log_num_of_bytes m is 64 << m bytes
 * (m 0..7); single_wqe_log_num_of_strides a 4-bit two's complement n,
 * 512 << n strides for n 0..7 and, with the general cap
 * ext_stride_num_range, 8..256 for n -6..-1. emu_strd_log_num gives the
 * log2 of the strides or -1 where the field is not valid. */
#define EMU_STRD_LOG_SZ_MIN 6
#define EMU_STRD_LOG_SZ_MAX 13
#define EMU_STRD_LOG_NUM_MIN 9
#define EMU_STRD_LOG_NUM_EXT_MIN 3
#define EMU_STRD_LOG_NUM_MAX 16
static inline int
emu_strd_log_num(const struct emu_model *m, uint32_t field)
{
	int n = field < 8 ? (int)field : (int)field - 16;

	if (n < EMU_STRD_LOG_NUM_EXT_MIN - EMU_STRD_LOG_NUM_MIN ||
	    (n < 0 && !m->ext_stride_num_range))
		return -1;
	return EMU_STRD_LOG_NUM_MIN + n;
}

/* Queues (mlx5x_emu_cq.c, _sq.c, _rq.c). */
struct emu_cq *emu_cq_new(struct emu_adapter *ad, uint32_t log_size, void *buf,
			  volatile uint32_t *dbrec);
void emu_cq_release(struct emu_adapter *ad, struct emu_cq *cq);
/* Reserves the next CQE slot, or NULL when the CQ is full (overflow). */
struct mlx5_cqe64 *emu_cq_next(struct emu_cq *cq);
void emu_cq_commit(struct emu_cq *cq, struct mlx5_cqe64 *cqe, uint8_t opcode);
void emu_cq_err(struct emu_cq *cq, uint8_t opcode, uint8_t syndrome,
		uint16_t wqe_counter, uint32_t qpn);
/* Reserves n consecutive CQE slots from the producer index, or NULL. */
uint8_t *emu_cq_slots(struct emu_cq *cq, uint32_t n);
/* A responder CQE: written now, or held for a compressed session when the
 * CQ compresses and the CQE may join one. */
enum emu_cqe_comp_kind {
	EMU_CQE_COMP_NEVER,    /* written at once */
	EMU_CQE_COMP_CYCLIC,   /* may join: consecutive WQEs */
	EMU_CQE_COMP_STRIDING, /* may join: same WQE, consecutive strides */
};
void emu_cq_rx(struct emu_cq *cq, const struct mlx5_cqe64 *cqe,
	       enum emu_cqe_comp_kind kind);
/* What the CQ's compression compares, from comp_en and mini_format. */
void emu_cq_comp_setup(struct emu_cq *cq);
/* Write what is held (end of a burst, or before any other CQE). */
void emu_cq_flush(struct emu_cq *cq);
void emu_adapter_flush_cqs(struct emu_adapter *ad);
unsigned int emu_sq_service(struct emu_adapter *ad, struct emu_sq *sq);
/* Every ready SQ of the adapter, in SQ number order; the WQEs run. */
unsigned int emu_sq_service_all(struct emu_adapter *ad);
/* Frees an SQ no command can reach any more (DESTROY_SQ, or what a
 * closing context left): off the ready list, its CQ released. */
void emu_sq_free(struct emu_adapter *ad, struct emu_sq *sq);
int emu_verbs_poll_cq(struct ibv_cq *cq, int n, struct ibv_wc *wc);

/*
 * The function an RQ or RQT belongs to, and RQ rqn as function fn names
 * it. Queue numbers are a function's own (firmware resolves a number in
 * the namespace of the vhca that issued the command, as the q counter
 * sets of mlx5x_emu_q_counter.c): a PF's RQT or TIR cannot name a VF's
 * RQ, nor the other way round. An RQ of another function is none to fn:
 * NULL, *other set so the refusal can say why.
 */
static inline uint16_t
emu_rq_fn(const struct emu_rq *rq)
{
	return rq->ctx != NULL ? rq->ctx->fn : 0;
}

static inline struct emu_rq *
emu_rq_of_fn(struct emu_adapter *ad, uint16_t fn, uint32_t rqn, bool *other)
{
	struct emu_rq *rq = emu_objtab_get(&ad->rqs, rqn);

	*other = rq != NULL && emu_rq_fn(rq) != fn;
	return *other ? NULL : rq;
}

/* The TIRs and RQT entries of rq's function naming RQ number rqn point at
 * rq and hold it (NULL: the RQ is going, its holds with it). */
void emu_rq_refs_set(struct emu_adapter *ad, uint32_t rqn, struct emu_rq *rq);
/* An RQ about to be freed (DESTROY_RQ, or what a closing context left):
 * nothing on the data path points at it any more. */
void emu_rq_unlink(struct emu_adapter *ad, struct emu_rq *rq);

/* Receive side: deliver one frame to an RQ (mlx5x_emu_rq.c). */
struct emu_pkt;
/* Every RQ's MR cache emptied: an MR was deregistered (mlx5x_emu_rq.c). */
void emu_rq_mr_forget(struct emu_adapter *ad);
void
emu_rq_deliver(struct emu_adapter *ad, struct emu_rq *rq, const uint8_t *frame,
	       uint32_t len, const struct emu_pkt *pkt, uint32_t hash,
	       uint8_t hash_type, uint32_t flow_tag);

/* A frame arriving from the wire: the fused path (mlx5x_emu_rx_fused.h),
 * else the general one with a fresh trace. */
void
emu_rx_from_wire(struct emu_adapter *ad, const uint8_t *frame, uint32_t len);
/* A frame VF vf sends (an end's, not its function's SQ): the fused path
 * where its source decides its way (switchdev), else the E-Switch's. */
void emu_rx_from_vf(struct emu_adapter *ad, unsigned int vf,
		    const uint8_t *frame, uint32_t len);
/* VF vf's frames [0, n) on the fused path, its way read once, while it
 * takes them: how many it took; the first it did not take (if any) it
 * left as it was, for emu_rx_vf_general (mlx5x_emu_rx_fused.c). */
unsigned int emu_rx_from_vf_burst(struct emu_adapter *ad, unsigned int vf,
				  const void *const *frames, const size_t *lens,
				  unsigned int n);
/* A frame from VF vf the fused path did not take: the E-Switch's path,
 * with a fresh trace. */
void emu_rx_vf_general(struct emu_adapter *ad, unsigned int vf,
		       const uint8_t *frame, uint32_t len);
/* A frame from the wire the fused path did not take: the general path,
 * with a fresh trace. */
void
emu_rx_wire_general(struct emu_adapter *ad, const uint8_t *frame, uint32_t len);
/* The frames the fused path counted aside (rxf.tally) added to the vport
 * counters: first thing for every reader of those. */
void emu_rxf_tally_sync(struct emu_adapter *ad);
/* A burst of n frames from the wire, in order, as many calls of
 * emu_rx_from_wire would take them (mlx5x_emu_rx_fused.c). */
void emu_rx_from_wire_burst(struct emu_adapter *ad, const void *const *frames,
			    const size_t *lens, unsigned int n);

/* Toeplitz (mlx5x_emu_toeplitz.c), by table: tab[i][v] is
 * the hash of byte value v at input position i, built once per key (at
 * CREATE_TIR / MODIFY_TIR), so a hash costs one load per input byte (the
 * TIR's hash plan XORs them: mlx5x_emu_tir.h). */
void emu_toeplitz_table(const uint8_t key[40], uint32_t tab[][256]);

/* Engine (mlx5x_emu_engine.c). */
void emu_engine_start_locked(void);
/* Called without the lock: emu_engine_stop stops the engine threads,
 * emu_engine_stop_idle only when no context is open by the time it holds
 * the lock (one may have opened since the last one closed). */
void emu_engine_stop(void);
void emu_engine_stop_idle(void);
/* Engine thread t's adapters, every adapter for t < 0. */
unsigned int emu_engine_pass_locked(int t);

#endif /* MLX5X_EMU_QUEUE_H */
