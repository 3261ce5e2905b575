/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Rx and Tx queue structures: the fields the burst functions touch first,
 * together at the top; control-path fields after.
 */
#ifndef MLX5X_RXTX_H
#define MLX5X_RXTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <infiniband/mlx5dv.h>
#include <rte_flow.h>
#include <rte_mbuf.h>

#include "mlx5x.h"
#include "mlx5x_prm.h"
#include "mlx5x_devx.h"
#include "mlx5x_mr.h"
#include "mlx5x_verbs.h"

struct mlx5x_rxq_stats {
	uint64_t packets;
	uint64_t bytes;
	uint64_t nombuf; /* no mbuf to re-post: packet dropped */
	/* Frames the adapter received that never came up: error CQEs but
	 * flushes, and packets a recovery discarded (ierrors). */
	uint64_t errors;
	uint64_t recoveries; /* RQ brought back from ERR */
};

/* What the CQE's header-type and checksum bits mean for one queue: the
 * mbuf's packet type and the Rx flags they imply (checksum flags only with
 * the checksum offload, VLAN flags only with VLAN strip). Indexed by
 * mlx5x_rx_meta_index(). */
struct mlx5x_rx_meta {
	uint32_t ptype;
	uint32_t flags; /* RTE_MBUF_F_RX_*: all below bit 32 */
};

/* 256 header bytes x 4 checksum states, the states 256 entries apart with
 * a hole (see mlx5x_rx_meta_index). */
#define MLX5X_RX_META_N 0x700

/* Most CQEs one burst step handles (one bulk allocation). */
#define MLX5X_RX_BURST_STEP 64

struct mlx5x_rxq {
	/* Hot: the burst loop, first cache line. */
	volatile struct mlx5_cqe64 *cqes;
	struct rte_mbuf **elts;
	volatile struct mlx5_wqe_data_seg *wqes;
	volatile uint32_t *cq_db;
	volatile uint32_t *rq_db;
	struct rte_mempool *mp;
	uint64_t rearm; /* mbuf rearm_data: data_off, refcnt 1, 1 seg, port */
	uint32_t cq_ci;
	uint32_t rq_ci;
	/* Second cache line. */
	uint16_t cqe_mask;
	uint16_t wqe_mask;
	uint8_t log_cqe_n;
	uint8_t log_sges;    /* mbufs per WQE (Rx scatter), log2 */
	bool needs_recovery; /* a responder error CQE put the RQ in ERR */
	bool mr_single;	     /* the pool lies in one MR: lkeys never change */
	uint32_t buf_len;
	unsigned int mr_last;
	const struct mlx5x_mr_cache *mr;
	struct mlx5x_rxq_stats stats;
	/* Control. */
	struct mlx5x_priv *priv;
	uint16_t port_id;
	bool vlan_strip; /* in meta and in the RQ context */
	/* CQE compression (mlx5x_rx_comp.c): the CQ's mini CQE format
	 * (MLX5X_MINI_CQE_FORMAT_*) when cqe_comp; the session being read,
	 * its title at cq_ci: zip_n packets, zip_i of them handed up. */
	bool cqe_comp;
	uint8_t mini_format;
	uint16_t zip_n;
	uint16_t zip_i;
	/* A replacement mbuf's data address less its own (the vector
	 * burst's, mlx5x_rx_vec_sse.c), from the pool at set-up. */
	uint32_t vec_data_off;
	uint64_t comp_sessions; /* compressed sessions read */
	/* Recovery from ERR (mlx5x_rxq_recover) that failed: tried again by
	 * the next burst, from RST when recover_rst (the RQ got there). */
	uint64_t recovery_failures;
	/* WQEs completed with a flush error (PRM WR_FLUSH_ERR: the RQ went
	 * to ERR with them posted): no frame, not in ierrors. */
	uint64_t flushed;
	bool recover_rst;
	bool csum; /* in meta */
	uint16_t idx;
	uint16_t desc; /* mbufs posted: WQEs << log_sges */
	int socket;
	uint64_t offloads;
	bool started;		   /* device objects exist */
	bool paused;		   /* RQ in RST by rx_queue_stop */
	struct mlx5x_devx_ring cq; /* DevX objects; Verbs: ids only */
	struct mlx5x_devx_ring rq;
	struct mlx5x_verbs_cq vcq; /* Verbs objects */
	struct ibv_wq *wq;
	/* MPRQ (mprq_en; mlx5x_rxq_mprq.c, mlx5x_rx_mprq.c): a striding RQ
	 * of 2^log_strd_num strides of 2^log_strd_sz bytes per WQE, one
	 * buffer (mprq_bufs[slot]) per WQE; rq_ci counts the WQEs the
	 * adapter finished, strd_ci the strides of WQE rq_ci it used,
	 * rq_pi the WQEs posted. */
	bool mprq;
	uint8_t mprq_log_wqe_n;
	uint8_t log_strd_num;
	uint8_t log_strd_sz;
	uint16_t strd_ci;
	uint32_t rq_pi;
	uint32_t mprq_memcpy; /* packets up to this length are copied */
	struct rte_mempool *mprq_mp;
	struct mlx5x_mprq_buf **mprq_bufs;
	uint64_t mprq_attached; /* packets handed up as external buffers */
	uint64_t mprq_fillers;	/* filler CQEs read */
	/* Read per packet, at a fixed offset (no pointer to load). */
	struct mlx5x_rx_meta meta[MLX5X_RX_META_N] __rte_cache_aligned;
};

/* op_own of an uncompressed (PRM: format 0) responder SEND CQE of the
 * pass whose owner bit is own; bit 1 (solicited event) does not matter. */
#define MLX5X_RX_OP_OWN_MASK 0xfdu
#define MLX5X_RX_OP_OWN_SEND(own)                                              \
	((MLX5_CQE_RESP_SEND << MLX5X_CQE_OPCODE_SHIFT) | (own))

/*
 * A completion that is not a packet for the mbufs (its WQE's buffers stay
 * posted): counted by what it says. PRM: a responder error puts the RQ in
 * ERR, and the adapter then completes every WQE still posted with syndrome
 * WR_FLUSH_ERR; those carry no frame, so they are counted apart from the
 * errors of frames (ierrors), whoever reads them, burst or recovery.
 */
static __rte_always_inline void
mlx5x_rx_cqe_error(struct mlx5x_rxq *rxq, volatile struct mlx5_cqe64 *cqe,
		   uint8_t op_own)
{
	/* PRM: the syndrome is valid once the owner bit is. */
	rte_io_rmb();
	if ((op_own >> MLX5X_CQE_OPCODE_SHIFT) == MLX5_CQE_RESP_ERR) {
		rxq->needs_recovery = true;
		if (((volatile struct mlx5_err_cqe *)cqe)->syndrome ==
		    MLX5_CQE_SYNDROME_WR_FLUSH_ERR) {
			rxq->flushed++;
			return;
		}
	}
	rxq->stats.errors++;
}

/*
 * One MPRQ WQE's buffer, an object of the queue's buffer pool: this header,
 * then the strides from MLX5X_MPRQ_BUF_HDR on. shinfo.refcnt is one for
 * the ring while the WQE is posted or being filled, plus one per mbuf the
 * burst attached to a stride; whoever drops it to zero gives the buffer
 * back (the burst re-posts it, an mbuf's free puts it into the pool).
 */
struct mlx5x_mprq_buf {
	struct rte_mbuf_ext_shared_info shinfo;
	struct rte_mempool *mp;
	uint64_t addr; /* of the strides, as the WQE names it */
	rte_iova_t iova;
	uint32_t lkey;
};

#define MLX5X_MPRQ_BUF_HDR RTE_CACHE_LINE_SIZE
_Static_assert(sizeof(struct mlx5x_mprq_buf) <= MLX5X_MPRQ_BUF_HDR,
	       "MPRQ buffer header beyond its cache line");

/* PRM striding RQ CQE byte_cnt: bytes 15:0, strides consumed 29:16,
 * filler 31 (a CQE that only skips the rest of the WQE). */
#define MLX5X_MPRQ_LEN_MASK 0xffffu
#define MLX5X_MPRQ_STRIDES_SHIFT 16
#define MLX5X_MPRQ_STRIDES_MASK 0x3fffu
#define MLX5X_MPRQ_FILLER (1u << 31)

struct mlx5x_txq_stats {
	uint64_t packets;
	uint64_t bytes;
	uint64_t errors;  /* error CQEs */
	uint64_t no_lkey; /* mbuf memory not registered: dropped */
	uint64_t too_many_segs;
	uint64_t recoveries; /* SQ brought back from ERR */
	uint64_t bad_tso;    /* TSO request without usable headers/MSS */
};

/* What a completion on WQE w releases: elts up to elts_head, WQEBBs up to
 * wqe_next (both as they were after posting w). */
struct mlx5x_txq_comp {
	uint16_t elts_head;
	uint16_t wqe_next;
};

struct mlx5x_txq {
	/* Hot: the burst loop, first cache line. */
	volatile uint8_t *wqes;
	volatile uint32_t *sq_db;
	volatile uint64_t *bf_reg;
	volatile struct mlx5_cqe64 *cqes;
	volatile uint32_t *cq_db;
	struct rte_mbuf **elts;
	struct mlx5x_txq_comp *comp;
	const struct mlx5x_mr_cache *mr;
	/* Second cache line. */
	unsigned int mr_last;
	uint32_t qpn_ds; /* sqn << 8 */
	uint32_t cq_ci;
	uint16_t wqe_ci;    /* next WQEBB to write */
	uint16_t wqe_pi;    /* first WQEBB not yet completed */
	uint16_t elts_head; /* next mbuf slot */
	uint16_t elts_tail; /* first mbuf not yet completed */
	uint16_t wqe_mask;
	uint16_t elts_mask;
	uint16_t cqe_mask;
	uint8_t log_cqe_n;
	bool needs_recovery; /* an error CQE put the SQ in ERR */
	uint16_t inline_min; /* header bytes every WQE must carry inline */
	bool fast_free;	     /* MBUF_FAST_FREE without MULTI_SEGS */
	uint8_t lean_ds;     /* 16-byte units of a single-segment SEND */
	/* The lean burst's lkey of a whole pool: mp_lkey for every direct
	 * mbuf of mp_single (in one MR); mp_multi spans several. */
	const struct rte_mempool *mp_single;
	const struct rte_mempool *mp_multi;
	uint32_t mp_lkey;
	bool mp_cache; /* pool events registered: the cache may be used */
	/* elts before this index may hold mbufs completion cannot simply
	 * put back (chains, shared, another pool); from it on, every mbuf
	 * is direct, single-segment, refcnt 1 and of one pool. */
	uint16_t elts_odd;
	struct mlx5x_txq_stats stats;
	/* Enhanced MPW: whole packets up to inline_mpw bytes are copied
	 * into the WQE (0: only pointers). */
	uint16_t inline_mpw;
	bool empw; /* the caps and txq_mpw_en allow it */
	/* txq_inline_max: a SEND of up to inline_max bytes travels inline
	 * whole (0: only the required header). */
	uint16_t inline_max;
	/* Control. */
	struct mlx5x_priv *priv;
	/* Mbufs dropped for holding no byte (or too few for the tag or TSO
	 * headers they ask for); rare, so off the burst's hot lines. */
	uint64_t bad_mbuf;
	uint16_t idx;
	uint16_t desc;
	int socket;
	uint64_t offloads;
	uint32_t max_lso;	   /* bytes, 0 when the device has no LSO */
	bool started;		   /* device objects exist */
	bool paused;		   /* SQ in RST by tx_queue_stop */
	struct mlx5x_devx_ring cq; /* DevX objects; Verbs: ids only */
	struct mlx5x_devx_ring sq;
	struct mlx5x_verbs_cq vcq; /* Verbs objects */
	struct ibv_qp *qp;
	bool fdb; /* FDB entries SQ -> (tag) -> vport: representor, uplink */
	uint16_t fdb_slot;
};

/* The burst loops' fields stay in the first cache lines (Rx two, Tx three
 * with its counters): an addition that pushes them out fails the build. */
_Static_assert(offsetof(struct mlx5x_rxq, priv) <= 2 * RTE_CACHE_LINE_SIZE,
	       "Rx hot fields beyond two cache lines");
_Static_assert(offsetof(struct mlx5x_rxq, rq_ci) + sizeof(uint32_t) <=
		       RTE_CACHE_LINE_SIZE,
	       "Rx per-packet ring fields beyond the first cache line");
_Static_assert(
	offsetof(struct mlx5x_txq, mr_last) == RTE_CACHE_LINE_SIZE &&
		offsetof(struct mlx5x_txq, lean_ds) < 2 * RTE_CACHE_LINE_SIZE,
	"Tx ring pointers not in the first cache line, indexes not in the second");
_Static_assert(offsetof(struct mlx5x_rxq, rearm) % 8 == 0,
	       "Rx rearm template not 8-byte aligned");
_Static_assert(offsetof(struct mlx5x_txq, priv) <= 3 * RTE_CACHE_LINE_SIZE,
	       "Tx hot fields beyond three cache lines");

/*
 * The device objects behind the queues, chosen once per port from the
 * device context: DevX (mlx5x_rxq.c, mlx5x_txq.c) or Verbs
 * (mlx5x_rxq_verbs.c, mlx5x_txq_verbs.c). Both leave the same rings to the
 * same bursts. States are PRM queue states (MLX5X_QUEUE_STATE_*); quiet
 * modifies log nothing (recovery from the bursts).
 */
struct mlx5x_queue_ops {
	const char *name;
	/* Port start/stop: what every Tx queue of the port shares (TIS). */
	int (*tx_shared_create)(struct mlx5x_priv *priv);
	void (*tx_shared_destroy)(struct mlx5x_priv *priv);
	/* CQ and RQ in RST with 2^log_n WQEs; set rq.id, cq.id and the hot
	 * ring pointers cqes, cq_db, wqes, rq_db, log_cqe_n, cqe_mask. */
	int (*rxq_create)(struct mlx5x_rxq *rxq, uint8_t log_n);
	int (*rxq_modify)(struct mlx5x_rxq *rxq, uint32_t from, uint32_t to,
			  bool quiet);
	void (*rxq_destroy)(struct mlx5x_rxq *rxq);
	/* CQ and SQ in RST with 2^log_n WQEBBs; set sq.id, cq.id and the
	 * hot pointers wqes, sq_db, bf_reg, cqes, cq_db, log_cqe_n,
	 * cqe_mask, qpn_ds. */
	int (*txq_create)(struct mlx5x_txq *txq, uint8_t log_n);
	int (*txq_modify)(struct mlx5x_txq *txq, uint32_t from, uint32_t to,
			  bool quiet);
	void (*txq_destroy)(struct mlx5x_txq *txq);
};

extern const struct mlx5x_queue_ops mlx5x_queue_devx_ops;
extern const struct mlx5x_queue_ops mlx5x_queue_verbs_ops;

/* mlx5x_rxq.c, mlx5x_txq.c: the DevX backend */
int mlx5x_tx_shared_devx_create(struct mlx5x_priv *priv);
void mlx5x_tx_shared_devx_destroy(struct mlx5x_priv *priv);
int mlx5x_rxq_devx_create(struct mlx5x_rxq *rxq, uint8_t log_n);
int mlx5x_rxq_devx_modify(struct mlx5x_rxq *rxq, uint32_t from, uint32_t to,
			  bool quiet);
void mlx5x_rxq_devx_destroy(struct mlx5x_rxq *rxq);
int mlx5x_txq_devx_create(struct mlx5x_txq *txq, uint8_t log_n);
int mlx5x_txq_devx_modify(struct mlx5x_txq *txq, uint32_t from, uint32_t to,
			  bool quiet);
void mlx5x_txq_devx_destroy(struct mlx5x_txq *txq);

/* mlx5x_rxq_verbs.c, mlx5x_txq_verbs.c: the Verbs backend */
int mlx5x_rxq_verbs_create(struct mlx5x_rxq *rxq, uint8_t log_n);
int mlx5x_rxq_verbs_modify(struct mlx5x_rxq *rxq, uint32_t from, uint32_t to,
			   bool quiet);
void mlx5x_rxq_verbs_destroy(struct mlx5x_rxq *rxq);
int mlx5x_txq_verbs_create(struct mlx5x_txq *txq, uint8_t log_n);
int mlx5x_txq_verbs_modify(struct mlx5x_txq *txq, uint32_t from, uint32_t to,
			   bool quiet);
void mlx5x_txq_verbs_destroy(struct mlx5x_txq *txq);

/*
 * Index into mlx5x_rxq.meta of a CQE's byte 29 (l4_hdr_type 6:4,
 * l3_hdr_type 3:2, ip_frag 1, VLAN stripped 0) as it is, and of byte 28's
 * (hds_ip_ext) L3_OK and L4_OK bits above it: bytes 28 and 29 are one
 * big-endian 16-bit word, so one load, one swap and one mask per packet
 * (mlx5x_rx_meta_word).
 */
static inline uint32_t
mlx5x_rx_meta_index(uint8_t ok, uint8_t hdr)
{
	return (uint32_t)hdr |
	       ((uint32_t)(ok & (MLX5X_CQE_L3_OK | MLX5X_CQE_L4_OK)) << 8);
}

#define MLX5X_RX_META_WORD_MASK                                                \
	((uint32_t)(MLX5X_CQE_L3_OK | MLX5X_CQE_L4_OK) << 8 | 0xffu)

/* The same index from CQE bytes 28..29 read as one word. */
static __rte_always_inline uint32_t
mlx5x_rx_meta_word(const volatile struct mlx5_cqe64 *cqe)
{
	const volatile uint8_t *b = (const volatile uint8_t *)cqe;
	uint16_t w = *(const volatile uint16_t *)(b + MLX5X_CQE_OFF_HDS_IP_EXT);

	return rte_be_to_cpu_16(w) & MLX5X_RX_META_WORD_MASK;
}

/* data_off, refcnt, nb_segs and port of m in one 8-byte store (the mbuf's
 * rearm_data word; through an integer so the compiler sees no access past
 * the zero-length marker). */
static __rte_always_inline void
mlx5x_mbuf_rearm(struct rte_mbuf *m, uint64_t v)
{
	uintptr_t p = (uintptr_t)&m->rearm_data;

	*(uint64_t *)p = v;
}

/* Fill rxq->meta for the queue's offloads (mlx5x_rxq.c). */
void mlx5x_rxq_meta_init(struct mlx5x_rxq *rxq);

/* Flow tag (PRM: sop_drop_qpn bits 23:0, written by a steering action):
 * what the mbuf says about it. */
#define MLX5X_RX_FLOW_TAG_NONE 0u
#define MLX5X_RX_FLOW_TAG_FLAG 0xffffffu

/* The mark behind a non-zero flow tag: FLAG alone, or MARK id tag - 1. */
static __rte_always_inline uint64_t
mlx5x_rx_mark(struct rte_mbuf *m, uint32_t tag)
{
	if (tag == MLX5X_RX_FLOW_TAG_FLAG)
		return RTE_MBUF_F_RX_FDIR;
	m->hash.fdir.hi = tag - 1;
	return RTE_MBUF_F_RX_FDIR | RTE_MBUF_F_RX_FDIR_ID;
}

/* The CQE's flow_table_metadata (big endian, not 0): reg_b as the NIC Rx
 * rule that decided the frame left it (set_meta). It reaches the mbuf
 * only through the metadata dynfield, which the application registers
 * (rte_flow_dynf_metadata_register) at any time: the flag mask is 0 until
 * then, and read only here, for a CQE that carries a value. */
static __rte_always_inline uint64_t
mlx5x_rx_flow_meta(struct rte_mbuf *m, uint32_t be)
{
	const uint64_t flag = rte_flow_dynf_metadata_mask;

	if (flag == 0)
		return 0;
	*RTE_FLOW_DYNF_METADATA(m) = rte_be_to_cpu_32(be);
	return flag;
}

/*
 * Metadata from a CQE into its packet's first mbuf (everything but the
 * rearm word and the lengths): packet type and checksum/VLAN flags from the
 * queue's table, RSS hash, stripped tag, flow mark, and with meta (a
 * compile-time constant: a burst looks once per call whether the metadata
 * dynfield is registered) flow metadata.
 */
static __rte_always_inline void
mlx5x_rx_cqe_meta_if(const struct mlx5x_rxq *rxq, struct rte_mbuf *m,
		     volatile struct mlx5_cqe64 *cqe, const bool meta)
{
	const struct mlx5x_rx_meta *e = &rxq->meta[mlx5x_rx_meta_word(cqe)];
	const volatile uint8_t *b = (const volatile uint8_t *)cqe;
	uint64_t flags = e->flags;

	m->packet_type = e->ptype;
	if (b[MLX5X_CQE_OFF_RSS_HASH_TYPE] != 0) {
		m->hash.rss = rte_be_to_cpu_32(
			*(const volatile uint32_t
				  *)(b + MLX5X_CQE_OFF_RSS_HASH_RESULT));
		flags |= RTE_MBUF_F_RX_RSS_HASH;
	}
	if (flags & RTE_MBUF_F_RX_VLAN_STRIPPED)
		m->vlan_tci = rte_be_to_cpu_16(cqe->vlan_info);
	/* Tested in wire order: no byte swap unless there is a tag. */
	if (unlikely(cqe->sop_drop_qpn & RTE_BE32(0xffffff)))
		flags |= mlx5x_rx_mark(m, rte_be_to_cpu_32(cqe->sop_drop_qpn) &
						  0xffffff);
	/* PRM flow_table_metadata is dword 9, mlx5dv's imm_inval_pkey (a
	 * responder SEND without immediate has nothing else there); 0 when
	 * no rule set it, as a frame without a value has no flag. */
	if (meta && unlikely(cqe->imm_inval_pkey != 0))
		flags |= mlx5x_rx_flow_meta(m, cqe->imm_inval_pkey);
	m->ol_flags = flags;
}

/* The same, flow metadata looked at per packet. */
static __rte_always_inline void
mlx5x_rx_cqe_meta(const struct mlx5x_rxq *rxq, struct rte_mbuf *m,
		  volatile struct mlx5_cqe64 *cqe)
{
	mlx5x_rx_cqe_meta_if(rxq, m, cqe, true);
}

/*
 * A burst step's n replacement mbufs, taken from the top of this lcore's
 * mempool cache where they lie (end points one past them: a step takes
 * them from the top down), so that the n - k a step of k packets leaves
 * are the bottom ones and go back by a length update. A cache holding
 * fewer is first refilled in place from the pool's backend, as the
 * mempool's own get does, without its copy out; without a cache the
 * mempool copies them into buf.
 */
struct mlx5x_rx_reps {
	struct rte_mbuf **end;
	struct rte_mempool_cache *cache; /* NULL: in buf */
};

/* false: the pool is short (nothing taken). */
static __rte_always_inline bool
mlx5x_rx_reps_get(struct rte_mempool *mp, struct mlx5x_rx_reps *r,
		  struct rte_mbuf **buf, unsigned int n)
{
	struct rte_mempool_cache *c =
		rte_mempool_default_cache(mp, rte_lcore_id());

	if (likely(c != NULL)) {
		/* Up to the cache's size plus this step, as the mempool
		 * refills (objs has room for twice the largest cache). */
		if (unlikely(c->len < n) &&
		    rte_mempool_ops_dequeue_bulk(mp, &c->objs[c->len],
						 c->size + n - c->len) == 0)
			c->len = c->size + n;
		if (likely(c->len >= n)) {
			r->end = (struct rte_mbuf **)&c->objs[c->len];
			c->len -= n;
			r->cache = c;
			return true;
		}
	}
	r->cache = NULL;
	r->end = buf + n;
	return rte_mempool_get_bulk(mp, (void **)buf, n) == 0;
}

/* k of the n taken used: the other n - k (the bottom ones) back. */
static __rte_always_inline void
mlx5x_rx_reps_put(struct rte_mempool *mp, const struct mlx5x_rx_reps *r,
		  unsigned int n, unsigned int k)
{
	if (k == n)
		return;
	if (r->cache != NULL)
		r->cache->len += n - k; /* still where they were */
	else
		rte_mempool_put_bulk(mp, (void **)(r->end - n), n - k);
}

/* refcnt (low half) and nb_segs (high half) of m in one load: the word
 * MLX5X_MBUF_REF1_SEG1 is a direct mbuf's that completion may put straight
 * back into its pool. */
#define MLX5X_MBUF_REF1_SEG1 0x00010001u
static __rte_always_inline uint32_t
mlx5x_mbuf_ref_segs(const struct rte_mbuf *m)
{
	uintptr_t p = (uintptr_t)&m->refcnt;
	uint32_t v;

	/* Two bytes past a 4-byte boundary: one unaligned load. */
	memcpy(&v, (const void *)p, sizeof(v));
	return v;
}
_Static_assert(offsetof(struct rte_mbuf, nb_segs) ==
			       offsetof(struct rte_mbuf, refcnt) + 2 &&
		       RTE_BYTE_ORDER == RTE_LITTLE_ENDIAN,
	       "mbuf refcnt and nb_segs not one little-endian word");

/* Rx bursts: single segment (mlx5x_rx.c), scatter (mlx5x_rx_scatter.c).
 * mlx5x_rx_burst_select picks one for the port at start. */
uint16_t mlx5x_rx_burst(void *rxq, struct rte_mbuf **pkts, uint16_t n);
uint16_t mlx5x_rx_burst_scatter(void *rxq, struct rte_mbuf **pkts, uint16_t n);
/* SSE4.2, single segment, one MR per pool (mlx5x_rx_vec_sse.c, x86-64
 * only): plain CQEs four at a time, the rest through the two above. */
uint16_t mlx5x_rx_burst_vec(void *rxq, struct rte_mbuf **pkts, uint16_t n);
/* Single segment on a compressing CQ (mlx5x_rx_comp.c). */
uint16_t mlx5x_rx_burst_comp(void *rxq, struct rte_mbuf **pkts, uint16_t n);
/* Packet i of the compressed session whose title is at CQ slot t, as a
 * full CQE in *c (mlx5x_rx_comp.c). */
void mlx5x_rx_comp_expand(const struct mlx5x_rxq *rxq, uint32_t t, uint32_t i,
			  struct mlx5_cqe64 *c);
/* Striding RQ (mlx5x_rx_mprq.c): plain, filler and compressed CQEs;
 * short packets copied into mbufs, longer ones attached. */
uint16_t mlx5x_rx_burst_mprq(void *rxq, struct rte_mbuf **pkts, uint16_t n);
/* Its rx_queue_count: packets, not fillers (mlx5x_rx_mprq.c). */
uint32_t mlx5x_rx_queue_count_mprq(const struct mlx5x_rxq *rxq);
/* Slots the session whose title is cqe spans (PRM: its byte_cnt), 1 for a
 * plain CQE. */
static inline uint32_t
mlx5x_rx_cqe_slots(volatile struct mlx5_cqe64 *cqe)
{
	if (((cqe->op_own >> MLX5X_CQE_FORMAT_SHIFT) & 3) ==
	    MLX5X_CQE_FORMAT_COMPRESSED)
		return rte_be_to_cpu_32(cqe->byte_cnt);
	return 1;
}
void mlx5x_rx_burst_pick(struct rte_eth_dev *dev);
void mlx5x_tx_burst_pick(struct rte_eth_dev *dev);
/* Tx bursts: any packet (mlx5x_tx.c); single-segment packets without
 * TSO or VLAN insertion (mlx5x_tx_lean.c), which hands any other packet to
 * the first. mlx5x_tx_burst_pick picks one for the port at start. */
uint16_t mlx5x_tx_burst(void *txq, struct rte_mbuf **pkts, uint16_t n);
uint16_t mlx5x_tx_burst_lean(void *txq, struct rte_mbuf **pkts, uint16_t n);
/* Single-segment packets in enhanced multi-packet WQEs (mlx5x_tx_empw.c);
 * hands what eMPW cannot carry to the full burst one packet at a time. */
uint16_t mlx5x_tx_burst_empw(void *txq, struct rte_mbuf **pkts, uint16_t n);
/* The same with SSE4.2 (mlx5x_tx_vec_sse.c, its own -msse4.2 library):
 * only where the CPU has it. */
uint16_t mlx5x_tx_burst_empw_vec(void *txq, struct rte_mbuf **pkts, uint16_t n);
/* The same by pointer only, where no queue of the port inlines. */
uint16_t
mlx5x_tx_burst_empw_vec_ptr(void *txq, struct rte_mbuf **pkts, uint16_t n);
/* The same where every queue inlines frames of MLX5X_TX_EMPW_INL4_MAX bytes
 * (the four-at-a-time loop's longest) and needs no inline header. */
uint16_t
mlx5x_tx_burst_empw_vec_inl(void *txq, struct rte_mbuf **pkts, uint16_t n);
/* The same where every queue has MBUF_FAST_FREE (pools not read). */
uint16_t
mlx5x_tx_burst_empw_vec_inl_ff(void *txq, struct rte_mbuf **pkts, uint16_t n);
/* Both with AVX2 copies (mlx5x_tx_vec_avx2.c, its own -mavx2 library):
 * only where the CPU has AVX2 and the EAL allows 256-bit vectors. */
uint16_t
mlx5x_tx_burst_empw_avx2_inl(void *txq, struct rte_mbuf **pkts, uint16_t n);
uint16_t
mlx5x_tx_burst_empw_avx2_inl_ff(void *txq, struct rte_mbuf **pkts, uint16_t n);
/* What those four hand over: the SSE4.2 general inline burst, completions
 * already looked at. */
uint16_t mlx5x_tx_empw_vec_inl_rest(struct mlx5x_txq *txq,
				    struct rte_mbuf **pkts, uint16_t n);
#define MLX5X_TX_EMPW_INL4_MAX 64u
/* Most bytes of a frame inlined whole in an eMPW WQE: 63 units less ctrl,
 * eth and the inline segment's 4-byte length. */
#define MLX5X_TX_EMPW_INLINE_MAX (61u * 16u - 4u)
/* Shortest frame an eMPW session carries (the adapter reads an Ethernet
 * header and a tag's worth for its checksum offloads): an inline limit
 * below it inlines nothing. */
#define MLX5X_TX_EMPW_LEN_MIN 18u
/* lkey of direct mbuf m's data at addr when m's pool is not
 * txq->mp_single; MLX5X_MR_LKEY_NONE when unregistered (mlx5x_tx_lean.c). */
uint32_t mlx5x_tx_lkey_slow(struct mlx5x_txq *txq, const struct rte_mbuf *m,
			    uintptr_t addr);
/* Every buffer of mp in the MR of lkey (mlx5x_rxq.c, for both
 * directions). */
bool mlx5x_mempool_in_one_mr(struct rte_mempool *mp,
			     const struct mlx5x_mr_cache *mr, uint32_t lkey);
/* Process the CQEs that arrived: free what they complete, in bulk. */
void mlx5x_tx_complete(struct mlx5x_txq *txq);
/* PRM: a send queue is a ring of 64-byte WQE basic blocks (WQEBBs), a WQE
 * counts its length (ctrl.ds) in 16-byte units. */
#define MLX5X_WQEBB 64u
#define MLX5X_WQE_DS 16u
/* Inline bytes the lean burst can carry in one WQEBB (its eth segment's 2
 * and one 16-byte unit). */
#define MLX5X_TX_LEAN_INLINE_MAX 18u
/* The shortest frame a Tx burst hands the adapter: an Ethernet header
 * (rdma-core's mlx5 provider refuses Ethernet sends with fewer header
 * bytes, MLX5_ETH_L2_MIN_HEADER_SIZE; the adapter pads to the minimum
 * frame). A shorter mbuf is dropped and counted (bad_mbuf). */
#define MLX5X_TX_FRAME_MIN RTE_ETHER_HDR_LEN
uint16_t mlx5x_tx_prepare(void *txq, struct rte_mbuf **pkts, uint16_t n);
int mlx5x_rx_descriptor_status(void *rxq, uint16_t offset);
int mlx5x_tx_descriptor_status(void *txq, uint16_t offset);
uint32_t mlx5x_rx_queue_count(void *rxq);

/* A responder error CQE put the RQ in ERR: consume what completed and
 * bring it back through RST to RDY with its buffers posted again (they
 * never left the ring). No log; 0 or -EIO with needs_recovery still set
 * and the RQ where the failed step left it (ERR, or RST with
 * recover_rst): the next call goes on from there. */
int mlx5x_rxq_recover(struct mlx5x_rxq *rxq);

/* Every Rx burst's end: recovery when an error CQE asked for it. A
 * failure is counted (xstat rx_rq_recovery_failures) and the next burst
 * tries again; the queue hands up nothing meanwhile (its RQ is not in
 * RDY) but stays whole. */
static __rte_always_inline void
mlx5x_rx_recover_if_needed(struct mlx5x_rxq *rxq)
{
	if (unlikely(rxq->needs_recovery) && mlx5x_rxq_recover(rxq) != 0)
		rxq->recovery_failures++;
}

/* An error CQE put the SQ in ERR: drop what was in flight and bring it
 * back through RST to RDY (PRM state machine). No log; 0 or -EIO. */
int mlx5x_txq_recover(struct mlx5x_txq *txq);

/* True when the port has enough Tx queues (txqs_min_inline) for its
 * queues to copy whole frames into WQEs (mlx5x_txq.c). */
bool mlx5x_txq_data_inline(const struct mlx5x_priv *priv);

/* Free every mbuf whose completion arrived; 0 when none is in flight. */
unsigned int mlx5x_tx_reclaim(struct mlx5x_txq *txq);

/*
 * MPRQ buffers (mlx5x_rxq_mprq.c) for a queue with rxq->mprq, called by
 * mlx5x_rxq.c where a cyclic queue posts or frees its mbufs: the stride
 * layout at set-up (0 or -errno, said; rxq->mprq false when the adapter
 * cannot stride), every WQE posted from counter 0 (the buffer pool made
 * on first use), the ring's hold on its buffers dropped (RQ in RST), and
 * everything freed at stop.
 */
int mlx5x_rxq_mprq_setup(struct mlx5x_rxq *rxq, uint32_t frame, uint32_t desc);
int mlx5x_rxq_mprq_fill(struct mlx5x_rxq *rxq);
void mlx5x_rxq_mprq_drop(struct mlx5x_rxq *rxq);
void mlx5x_rxq_mprq_free(struct mlx5x_rxq *rxq);
/* Post every WQE slot from rq_pi on that the adapter finished, as far as
 * buffers allow; rings the doorbell (the burst's refill; no log). */
void mlx5x_rxq_mprq_post(struct mlx5x_rxq *rxq);

int mlx5x_rxq_start(struct mlx5x_rxq *rxq);
void mlx5x_rxq_stop(struct mlx5x_rxq *rxq);
int mlx5x_txq_start(struct mlx5x_txq *txq);
void mlx5x_txq_stop(struct mlx5x_txq *txq);

#endif /* MLX5X_RXTX_H */
