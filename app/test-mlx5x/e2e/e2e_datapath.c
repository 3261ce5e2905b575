/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Rx burst variants against the PRM, differentially: a test-side adapter
 * model writes frames into the buffers the driver posted and completes
 * them with hand-written CQEs (PRM layout: byte count, WQE counter, header
 * types, checksum-ok bits, RSS hash, stripped VLAN, flow tag, owner bit);
 * every Rx burst variant reads the same corpus with the same burst sizes
 * and must hand up the same mbufs, field by field, as an independent
 * reference computes them, across ring wrap, partial bursts, error CQEs
 * and the RQ restart a responder error forces.
 *
 * No emulator: the queue is the driver's own struct on test memory, so any
 * CQE can be written, an error or a mark at any position. EAL (for the
 * mempool) comes from the e2e environment.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_cpuflags.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "e2e.h"
#include "e2e_frame.h"
#include "mlx5x_emu.h"
#include "mlx5x_prm.h"
#include "mlx5x_rxtx.h"
#include "test.h"

#define LOG_N 5 /* 32 WQEs and CQEs: a 400-frame corpus wraps many times */
#define RING (1u << LOG_N)
#define CORPUS 400
#define FRAME_MAX 9000
#define PORT_ID 3
#define LKEY_POSTED 0x55u
#define LKEY_CACHE 0x77u
/* CQE slots past the CQ's ring: no adapter writes there, so a burst must
 * never read them; the test keeps them looking like plain SENDs of the
 * pass the burst reads, which a burst running off the ring's end would
 * take for packets. */
#define CQ_GUARD 8

/* One frame and what the model's CQE says about it. */
struct dp_frame {
	uint32_t len;
	uint8_t opcode; /* MLX5_CQE_RESP_SEND or an error */
	uint8_t l3, l4; /* PRM l3_hdr_type, l4_hdr_type */
	uint8_t ok;	/* PRM hds_ip_ext L3_OK / L4_OK */
	bool vlan;
	uint16_t tci;
	uint8_t rss_type;
	uint32_t rss_hash;
	uint32_t tag;  /* 24-bit flow tag */
	uint16_t csum; /* raw checksum (mini CQE checksum formats) */
	uint8_t fill;  /* payload byte i is fill + i */
};

/* What an application sees of one received packet. */
struct dp_seen {
	uint32_t pkt_len, packet_type;
	uint16_t data_len, nb_segs, port, data_off, vlan_tci, refcnt;
	uint64_t ol_flags;
	uint32_t rss, fdir_hi;
	bool next_null, payload_ok;
};

static struct dp_frame corpus[CORPUS];
static struct rte_mempool *dp_pool;

/* The adapter model: its RQ counter and CQ producer index, and its state. */
struct dp_model {
	struct mlx5x_rxq *rxq;
	uint16_t hw_wqe;
	uint32_t cq_pi;
	bool err;	       /* RQ in ERR: completes nothing */
	unsigned int sessions; /* compressed sessions written */
	unsigned int flushed;  /* WQEs completed with a flush error */
};

static struct dp_model model;

static int
dp_modify(struct mlx5x_rxq *rxq, uint32_t from, uint32_t to, bool quiet)
{
	RTE_SET_USED(rxq);
	RTE_SET_USED(from);
	RTE_SET_USED(quiet);
	/* PRM: RST restarts the RQ's WQE counter; RDY serves again. */
	if (to == MLX5X_QUEUE_STATE_RST)
		model.hw_wqe = 0;
	if (to == MLX5X_QUEUE_STATE_RDY)
		model.err = false;
	return 0;
}

static const struct mlx5x_queue_ops dp_qops = {
	.name = "datapath test",
	.rxq_modify = dp_modify,
};

static struct mlx5x_priv *dp_priv;
static struct mlx5x_mr_cache dp_mr;

/* The corpus' random sequence (e2e_rand's xorshift64), one per run. */
static uint64_t dp_seed = 0x9e3779b97f4a7c15ull;

/* Random corpus: sizes 60..9000, IPv4/IPv6/other, TCP/UDP/other, bad
 * checksums, VLAN, RSS, marks; a few error CQEs, one of them a responder
 * error. The first frames pin the mark contract's corner cases. */
static void
dp_corpus_build(void)
{
	static const uint32_t tags[] = { 0, 0xffffff, 1, 0xfffffe, 0x123456 };
	unsigned int i;

	for (i = 0; i < CORPUS; i++) {
		struct dp_frame *f = &corpus[i];
		uint32_t r = e2e_rand(&dp_seed) % 100;

		memset(f, 0, sizeof(*f));
		/* Runs of one flow (every field but the length, each
		 * sometimes changed): sessions for a compressing adapter. */
		if (i > 0 && e2e_rand(&dp_seed) % 4 != 0) {
			*f = corpus[i - 1];
			f->len = 60 + e2e_rand(&dp_seed) % (FRAME_MAX - 60 + 1);
			if (e2e_rand(&dp_seed) % 3 == 0)
				f->rss_hash = e2e_rand(&dp_seed);
			/* Any kind of tag (none, FLAG, a MARK id): the
			 * flow tag format's sessions then carry
			 * neighbours whose mark flags differ. */
			if (e2e_rand(&dp_seed) % 4 == 0) {
				r = e2e_rand(&dp_seed) % 3;
				f->tag = r == 0	  ? 0
					 : r == 1 ? 0xffffff
						  : 1 + e2e_rand(&dp_seed) %
								    0xfffffe;
			}
			if (e2e_rand(&dp_seed) % 4 == 0)
				f->l4 = (uint8_t)(e2e_rand(&dp_seed) % 5);
			if (e2e_rand(&dp_seed) % 8 == 0)
				f->csum = (uint16_t)e2e_rand(&dp_seed);
			f->fill = (uint8_t)e2e_rand(&dp_seed);
			f->opcode = i == 150 || i == 311 ? MLX5_CQE_RESP_ERR
							 : MLX5_CQE_RESP_SEND;
			continue;
		}
		f->len = 60 + e2e_rand(&dp_seed) % (FRAME_MAX - 60 + 1);
		if (i % 7 == 0)
			f->len = 60 + e2e_rand(&dp_seed) % 100;
		f->opcode = MLX5_CQE_RESP_SEND;
		if (r < 2)
			f->opcode =
				MLX5_CQE_RESP_SEND_INV; /* not a plain SEND */
		else if (i == 150 || i == 311)
			f->opcode = MLX5_CQE_RESP_ERR;
		f->l3 = (uint8_t)(e2e_rand(&dp_seed) % 3);
		f->l4 = (uint8_t)(e2e_rand(&dp_seed) % 5);
		f->ok = (uint8_t)(e2e_rand(&dp_seed) & 0x7);
		f->vlan = e2e_rand(&dp_seed) % 3 == 0;
		f->tci = (uint16_t)e2e_rand(&dp_seed);
		/* Any non-zero type, even ones too (the PRM's are: IPv4 is
		 * 1 << 2): the flag follows "not 0", not a bit. */
		f->rss_type = e2e_rand(&dp_seed) % 4 == 0
				      ? 0
				      : (uint8_t)(1 + e2e_rand(&dp_seed) % 255);
		f->rss_hash = e2e_rand(&dp_seed);
		r = e2e_rand(&dp_seed) % 10;
		f->tag = r < 6	 ? 0
			 : r < 8 ? 0xffffff
				 : 1 + e2e_rand(&dp_seed) % 0xfffffe;
		if (i < RTE_DIM(tags))
			f->tag = tags[i];
		f->fill = (uint8_t)e2e_rand(&dp_seed);
	}
	/* A few completions of no bytes (byte_cnt 0, which the PRM's field
	 * allows): an empty mbuf of one segment, its buffer replaced like
	 * any other. Set apart from the draw, which stays as it was. */
	for (i = 37; i < CORPUS; i += 89)
		if (corpus[i].opcode == MLX5_CQE_RESP_SEND)
			corpus[i].len = 0;
}

/* The buffer of the model's next WQE + i, filled with f's bytes. */
static void
dp_fill_buffer(const struct dp_frame *f, uint16_t i)
{
	struct mlx5x_rxq *rxq = model.rxq;
	volatile struct mlx5_wqe_data_seg *seg =
		&rxq->wqes[(uint16_t)(model.hw_wqe + i) & rxq->wqe_mask];
	uint8_t *buf = (uint8_t *)(uintptr_t)rte_be_to_cpu_64(seg->addr);
	uint32_t k;

	if (f->opcode == MLX5_CQE_RESP_SEND)
		for (k = 0; k < f->len; k++)
			buf[k] = (uint8_t)(f->fill + k);
}

/* PRM CQE byte 29: L4 and L3 header types, VLAN stripped. */
static uint8_t
dp_hdr_byte(const struct dp_frame *f)
{
	return (uint8_t)((f->l4 << MLX5X_CQE_L4_HDR_SHIFT) |
			 (f->l3 << MLX5X_CQE_L3_HDR_SHIFT) |
			 (f->vlan ? MLX5X_CQE_VLAN_STRIPPED : 0));
}

/* The PRM CQE of f on WQE wqe, without its owner byte. */
static void
dp_cqe_of(const struct dp_frame *f, uint16_t wqe, uint8_t *b)
{
	memset(b, 0, 64);
	*(uint32_t *)(b + 44) = rte_cpu_to_be_32(f->len); /* byte_cnt */
	*(uint16_t *)(b + 60) = rte_cpu_to_be_16(wqe);	  /* wqe_counter */
	b[MLX5X_CQE_OFF_HDS_IP_EXT] = f->ok;
	b[MLX5X_CQE_OFF_L4_L3_HDR_TYPE] = dp_hdr_byte(f);
	*(uint16_t *)(b + MLX5X_CQE_OFF_VLAN_INFO) = rte_cpu_to_be_16(f->tci);
	b[MLX5X_CQE_OFF_RSS_HASH_TYPE] = f->rss_type;
	*(uint32_t *)(b + MLX5X_CQE_OFF_RSS_HASH_RESULT) =
		rte_cpu_to_be_32(f->rss_hash);
	*(uint16_t *)(b + MLX5X_CQE_OFF_CHECK_SUM) = rte_cpu_to_be_16(f->csum);
	*(uint32_t *)(b + MLX5X_CQE_OFF_FLOW_TAG) =
		rte_cpu_to_be_32(f->tag & 0xffffff); /* sop_drop_qpn */
}

/* PRM error CQE: the syndrome byte (struct mlx5_err_cqe). */
#define DP_CQE_OFF_SYNDROME 55

/* The RQ went to ERR: every WQE still posted completes with a flush error
 * (PRM WR_FLUSH_ERR), as far as the CQ has room (the test's CQ is only as
 * long as the RQ; the rest go with the RST that follows). No frame. */
static void
dp_flush(void)
{
	struct mlx5x_rxq *rxq = model.rxq;
	uint16_t posted = (uint16_t)rte_be_to_cpu_32(*rxq->rq_db);

	while (model.hw_wqe != posted && model.cq_pi - rxq->cq_ci < RING) {
		volatile struct mlx5_cqe64 *cqe =
			&rxq->cqes[model.cq_pi & rxq->cqe_mask];
		uint8_t b[64];

		memset(b, 0, sizeof(b));
		*(uint16_t *)(b + 60) = rte_cpu_to_be_16(model.hw_wqe);
		b[DP_CQE_OFF_SYNDROME] = MLX5_CQE_SYNDROME_WR_FLUSH_ERR;
		memcpy((void *)(uintptr_t)cqe, b, 63);
		rte_io_wmb();
		cqe->op_own = (uint8_t)((MLX5_CQE_RESP_ERR
					 << MLX5X_CQE_OPCODE_SHIFT) |
					((model.cq_pi >> LOG_N) & 1));
		model.hw_wqe++;
		model.cq_pi++;
		model.flushed++;
	}
}

/* Complete corpus[k] on the next posted WQE, as the adapter would. */
static void
dp_complete(const struct dp_frame *f)
{
	struct mlx5x_rxq *rxq = model.rxq;
	volatile struct mlx5_cqe64 *cqe =
		&rxq->cqes[model.cq_pi & rxq->cqe_mask];
	uint8_t b[64];

	dp_fill_buffer(f, 0);
	dp_cqe_of(f, model.hw_wqe, b);
	/* A frame the RQ's buffers could not hold. */
	if (f->opcode == MLX5_CQE_RESP_ERR)
		b[DP_CQE_OFF_SYNDROME] = MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR;
	memcpy((void *)(uintptr_t)cqe, b, 63);
	rte_io_wmb();
	cqe->op_own = (uint8_t)((f->opcode << MLX5X_CQE_OPCODE_SHIFT) |
				((model.cq_pi >> LOG_N) & 1));
	model.hw_wqe++;
	model.cq_pi++;
	/* PRM: a responder error moves the RQ to ERR. */
	if (f->opcode == MLX5_CQE_RESP_ERR) {
		model.err = true;
		dp_flush();
	}
}

/* PRM "Compressed CQE": frames a and b may share a session of mini CQE
 * format fmt when both are responder SENDs and their CQEs differ only in
 * what the format's mini CQE carries. */
static bool
dp_joins(const struct dp_frame *a, const struct dp_frame *b, int fmt)
{
	if (a->opcode != MLX5_CQE_RESP_SEND ||
	    b->opcode != MLX5_CQE_RESP_SEND || a->ok != b->ok ||
	    a->tci != b->tci || a->rss_type != b->rss_type)
		return false;
	if (fmt != MLX5X_MINI_CQE_FORMAT_HASH && a->rss_hash != b->rss_hash)
		return false;
	if (fmt != MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX && a->tag != b->tag)
		return false;
	if (fmt != MLX5X_MINI_CQE_FORMAT_L34H_STRIDX &&
	    dp_hdr_byte(a) != dp_hdr_byte(b))
		return false;
	if (fmt != MLX5X_MINI_CQE_FORMAT_CSUM &&
	    fmt != MLX5X_MINI_CQE_FORMAT_CSUM_STRIDX && a->csum != b->csum)
		return false;
	return true;
}

/* Mini CQE of f in format fmt (PRM, big endian, two 32-bit words). */
static void
dp_mini_of(const struct dp_frame *f, int fmt, uint8_t *m)
{
	uint32_t w0, w1 = f->len;

	switch (fmt) {
	case MLX5X_MINI_CQE_FORMAT_HASH:
		w0 = f->rss_hash;
		break;
	case MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX:
		w0 = (f->tag & 0xffff) << 16;
		w1 = ((f->tag >> 16) & 0xff) << 24 | (f->len & 0xffffff);
		break;
	case MLX5X_MINI_CQE_FORMAT_L34H_STRIDX:
		w0 = (uint32_t)dp_hdr_byte(f) << 16;
		break;
	default:
		w0 = (uint32_t)f->csum << 16;
		break;
	}
	*(uint32_t *)m = rte_cpu_to_be_32(w0);
	*(uint32_t *)(m + 4) = rte_cpu_to_be_32(w1);
}

/* Complete f[0..n) (n > 1, joinable) as one compressed session: mini CQE
 * arrays at slots T + 1, T + 8, T + 16, ..., then the title at T (the
 * first frame's CQE, format 3, byte_cnt n), its owner byte last. */
static void
dp_complete_session(const struct dp_frame *f, uint32_t n, int fmt)
{
	struct mlx5x_rxq *rxq = model.rxq;
	uint32_t t = model.cq_pi, i;
	uint8_t b[64];

	for (i = 0; i < n; i++) {
		uint32_t a = i / 8, slot = t + (a == 0 ? 1 : 8 * a);
		uint8_t *arr =
			(uint8_t *)(uintptr_t)&rxq->cqes[slot & rxq->cqe_mask];

		dp_fill_buffer(&f[i], (uint16_t)i);
		dp_mini_of(&f[i], fmt, arr + (i % 8) * 8);
	}
	dp_cqe_of(&f[0], model.hw_wqe, b);
	*(uint32_t *)(b + 44) = rte_cpu_to_be_32(n);
	memcpy((void *)(uintptr_t)&rxq->cqes[t & rxq->cqe_mask], b, 63);
	rte_io_wmb();
	rxq->cqes[t & rxq->cqe_mask].op_own =
		(uint8_t)((MLX5_CQE_RESP_SEND << MLX5X_CQE_OPCODE_SHIFT) |
			  3 << MLX5X_CQE_FORMAT_SHIFT | ((t >> LOG_N) & 1));
	model.hw_wqe = (uint16_t)(model.hw_wqe + n);
	model.cq_pi += n;
	model.sessions++;
}

/* The reference: what the mbuf of frame f must say (ol_flags, type). */
static void
dp_expect(const struct dp_frame *f, bool csum, bool strip, struct dp_seen *e)
{
	memset(e, 0, sizeof(*e));
	e->pkt_len = f->len;
	e->data_len = (uint16_t)f->len;
	e->nb_segs = 1;
	e->port = PORT_ID;
	e->data_off = RTE_PKTMBUF_HEADROOM;
	e->refcnt = 1;
	e->next_null = true;
	e->payload_ok = true;
	e->packet_type = RTE_PTYPE_L2_ETHER;
	if (f->l3 == 2 || f->l3 == 1) {
		e->packet_type |= f->l3 == 2 ? RTE_PTYPE_L3_IPV4_EXT_UNKNOWN
					     : RTE_PTYPE_L3_IPV6_EXT_UNKNOWN;
		if (f->l4 == 1 || f->l4 == 3 || f->l4 == 4)
			e->packet_type |= RTE_PTYPE_L4_TCP;
		else if (f->l4 == 2)
			e->packet_type |= RTE_PTYPE_L4_UDP;
		if (csum) {
			e->ol_flags |= (f->ok & 2) ? RTE_MBUF_F_RX_IP_CKSUM_GOOD
						   : RTE_MBUF_F_RX_IP_CKSUM_BAD;
			if (f->l4 >= 1 && f->l4 <= 4)
				e->ol_flags |=
					(f->ok & 4)
						? RTE_MBUF_F_RX_L4_CKSUM_GOOD
						: RTE_MBUF_F_RX_L4_CKSUM_BAD;
		}
	}
	if (f->rss_type != 0) {
		e->ol_flags |= RTE_MBUF_F_RX_RSS_HASH;
		e->rss = f->rss_hash;
	}
	if (strip && f->vlan) {
		e->ol_flags |= RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED;
		e->vlan_tci = f->tci;
	}
	/* The mark contract: 0 none, 0xffffff FLAG, t MARK id t - 1. */
	if (f->tag == 0xffffff) {
		e->ol_flags |= RTE_MBUF_F_RX_FDIR;
	} else if (f->tag != 0) {
		e->ol_flags |= RTE_MBUF_F_RX_FDIR | RTE_MBUF_F_RX_FDIR_ID;
		e->fdir_hi = f->tag - 1;
	}
}

/* What the application sees in m (fields meaningless without their flag
 * read as 0, as an application must treat them). */
static void
dp_observe(const struct rte_mbuf *m, const struct dp_frame *f,
	   struct dp_seen *s)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	uint32_t i;

	memset(s, 0, sizeof(*s));
	s->pkt_len = m->pkt_len;
	s->data_len = m->data_len;
	s->nb_segs = m->nb_segs;
	s->port = m->port;
	s->data_off = m->data_off;
	s->refcnt = rte_mbuf_refcnt_read(m);
	s->next_null = m->next == NULL;
	s->ol_flags = m->ol_flags;
	s->packet_type = m->packet_type;
	if (m->ol_flags & RTE_MBUF_F_RX_RSS_HASH)
		s->rss = m->hash.rss;
	if (m->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED)
		s->vlan_tci = m->vlan_tci;
	if (m->ol_flags & RTE_MBUF_F_RX_FDIR_ID)
		s->fdir_hi = m->hash.fdir.hi;
	s->payload_ok = m->data_len == f->len;
	for (i = 0; s->payload_ok && i < f->len; i++)
		s->payload_ok = p[i] == (uint8_t)(f->fill + i);
}

typedef uint16_t(dp_burst_t)(void *, struct rte_mbuf **, uint16_t);

struct dp_variant {
	const char *name;
	dp_burst_t *burst;
	bool mr_single;
	int mini; /* the CQ's mini CQE format, -1 without compression */
};

static void
dp_queue_free(struct mlx5x_rxq *rxq)
{
	unsigned int i;

	if (rxq == NULL)
		return;
	for (i = 0; i < RING && rxq->elts != NULL; i++)
		if (rxq->elts[i] != NULL)
			rte_pktmbuf_free(rxq->elts[i]);
	rte_free(rxq->elts);
	rte_free((void *)(uintptr_t)rxq->cqes);
	rte_free((void *)(uintptr_t)rxq->wqes);
	rte_free((void *)(uintptr_t)rxq->cq_db);
	rte_free(rxq);
}

/* A queue as rxq_setup and rxq_start leave it, on test memory. */
static struct mlx5x_rxq *
dp_queue_new(const struct dp_variant *v, bool csum, bool strip)
{
	struct mlx5x_rxq *rxq = rte_zmalloc("dp_rxq", sizeof(*rxq), 64);
	struct rte_mbuf tmpl;
	unsigned int i;

	if (rxq == NULL)
		return NULL;
	/* rx_queue_setup's spare NULL slot past the ring. */
	rxq->elts = rte_zmalloc("dp_elts", (RING + 1) * sizeof(*rxq->elts), 64);
	rxq->cqes = rte_zmalloc("dp_cqes",
				(RING + CQ_GUARD) * sizeof(*rxq->cqes), 64);
	rxq->wqes = rte_zmalloc("dp_wqes", RING * sizeof(*rxq->wqes), 64);
	rxq->cq_db = rte_zmalloc("dp_db", 2 * sizeof(uint32_t), 64);
	if (rxq->elts == NULL || rxq->cqes == NULL || rxq->wqes == NULL ||
	    rxq->cq_db == NULL) {
		dp_queue_free(rxq);
		return NULL;
	}
	rxq->rq_db = rxq->cq_db + 1;
	rxq->mp = dp_pool;
	rxq->priv = dp_priv;
	rxq->port_id = PORT_ID;
	rxq->desc = RING;
	rxq->log_cqe_n = LOG_N;
	rxq->cqe_mask = RING - 1;
	rxq->wqe_mask = RING - 1;
	rxq->buf_len =
		rte_pktmbuf_data_room_size(dp_pool) - RTE_PKTMBUF_HEADROOM;
	rxq->mr = &dp_mr;
	rxq->mr_single = v->mr_single;
	rxq->csum = csum;
	rxq->vlan_strip = strip;
	rxq->cqe_comp = v->mini >= 0;
	rxq->mini_format = (uint8_t)(v->mini >= 0 ? v->mini : 0);
	mlx5x_rxq_meta_init(rxq);
	/* The reference's rearm word: headroom, one reference, one
	 * segment, the port. */
	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.data_off = RTE_PKTMBUF_HEADROOM;
	rte_mbuf_refcnt_set(&tmpl, 1);
	tmpl.nb_segs = 1;
	tmpl.port = PORT_ID;
	memcpy(&rxq->rearm, &tmpl.rearm_data, sizeof(rxq->rearm));
	for (i = 0; i < RING; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(dp_pool);

		if (m == NULL) {
			dp_queue_free(rxq);
			return NULL;
		}
		rxq->elts[i] = m;
		rxq->wqes[i].addr = rte_cpu_to_be_64((uintptr_t)m->buf_addr +
						     RTE_PKTMBUF_HEADROOM);
		rxq->wqes[i].lkey = rte_cpu_to_be_32(LKEY_POSTED);
		rxq->wqes[i].byte_count = rte_cpu_to_be_32(rxq->buf_len);
		rxq->cqes[i].op_own =
			(uint8_t)(MLX5_CQE_INVALID << MLX5X_CQE_OPCODE_SHIFT) |
			MLX5_CQE_OWNER_MASK;
	}
	/* As the queue set-up has it: where a pool mbuf's data starts,
	 * from its own address (the vector burst's re-post). */
	rxq->vec_data_off =
		(uint32_t)((uintptr_t)rxq->elts[0]->buf_addr +
			   RTE_PKTMBUF_HEADROOM - (uintptr_t)rxq->elts[0]);
	rxq->rq_ci = RING;
	*rxq->rq_db = rte_cpu_to_be_32(RING);
	return rxq;
}

/*
 * Run the corpus through one variant: the model completes a random number
 * of frames the posted WQEs and free CQEs allow, the driver reads with a
 * random burst size; the same seed for every variant, so both sides do the
 * same steps. seen[] gets what came up, in order; *n their number.
 */
static int
dp_run(const struct dp_variant *v, bool csum, bool strip, struct dp_seen *seen,
       unsigned int *n, uint64_t *errors, uint64_t *recoveries)
{
	struct mlx5x_rxq *rxq = dp_queue_new(v, csum, strip);
	unsigned int next = 0, got = 0, idle = 0, delivered = 0, i;
	uint32_t lkey_bad = 0;
	uint64_t bytes = 0;
	int ret = MLX5X_TEST_PASS;

	TEST_ASSERT(rxq != NULL, "%s: queue", v->name);
	memset(&model, 0, sizeof(model));
	model.rxq = rxq;
	while ((next < CORPUS || rxq->cq_ci != model.cq_pi) && idle < 1000) {
		struct rte_mbuf *pkts[MLX5X_RX_BURST_STEP * 2];
		unsigned int want = 1 + e2e_rand(&dp_seed) % RTE_DIM(pkts);
		unsigned int k = e2e_rand(&dp_seed) % (RING + 4), j;
		uint16_t r;

		/* The adapter: as many completions as it has WQEs for and
		 * CQEs to write (the CQ as long as the RQ). */
		for (j = 0; j < k && next < CORPUS && !model.err;) {
			uint16_t posted =
				(uint16_t)rte_be_to_cpu_32(*rxq->rq_db);
			uint32_t sn = 1;

			if (model.hw_wqe == posted ||
			    model.cq_pi - rxq->cq_ci >= RING)
				break;
			/* A compressing CQ: the longest session the
			 * frames, the WQEs and the free CQ slots allow. */
			while (v->mini >= 0 && sn < 64 && j + sn < k &&
			       next + sn < CORPUS &&
			       dp_joins(&corpus[next], &corpus[next + sn],
					v->mini) &&
			       (uint16_t)(posted - model.hw_wqe) > sn &&
			       model.cq_pi + sn - rxq->cq_ci < RING)
				sn++;
			if (sn > 1)
				dp_complete_session(&corpus[next], sn, v->mini);
			else
				dp_complete(&corpus[next]);
			next += sn;
			j += sn;
		}
		for (j = 0; j < CQ_GUARD; j++)
			rxq->cqes[RING + j].op_own =
				(uint8_t)(MLX5_CQE_RESP_SEND
					  << MLX5X_CQE_OPCODE_SHIFT) |
				((rxq->cq_ci >> LOG_N) & 1);
		r = v->burst(rxq, pkts, (uint16_t)want);
		idle = r == 0 ? idle + 1 : 0;
		for (j = 0; j < r; j++) {
			/* Frames handed up in order: skip the errored. */
			while (got < CORPUS && seen[got].pkt_len == UINT32_MAX)
				got++;
			TEST_ASSERT(got < CORPUS,
				    "%s: more packets than frames", v->name);
			dp_observe(pkts[j], &corpus[got], &seen[got]);
			got++;
			delivered++;
			bytes += pkts[j]->pkt_len;
			rte_pktmbuf_free(pkts[j]);
		}
	}
	*n = delivered;
	/* A compressing variant saw sessions, across the ring's end too. */
	if (v->mini >= 0 && model.sessions < 10) {
		printf("    %s: only %u compressed sessions\n", v->name,
		       model.sessions);
		ret = MLX5X_TEST_FAIL;
	}
	*errors = rxq->stats.errors;
	*recoveries = rxq->stats.recoveries;
	/* The queue's counters (the port's q_ipackets and q_ibytes): what
	 * was handed up, whichever way the CQEs came. */
	if (rxq->stats.packets != delivered || rxq->stats.bytes != bytes) {
		printf("    %s: counted %" PRIu64 " packets %" PRIu64
		       " bytes, handed up %u packets %" PRIu64 " bytes\n",
		       v->name, rxq->stats.packets, rxq->stats.bytes, delivered,
		       bytes);
		ret = MLX5X_TEST_FAIL;
	}
	/* Flushed WQEs are no frames: counted apart from the errors, each
	 * once, whether a burst or the recovery read it. */
	if (model.flushed == 0 || rxq->flushed != model.flushed) {
		printf("    %s: %" PRIu64
		       " flushes counted, the model wrote %u\n",
		       v->name, rxq->flushed, model.flushed);
		ret = MLX5X_TEST_FAIL;
	}
	/* Start wrote LKEY_POSTED; with one MR for the pool the bursts
	 * never write an lkey, else every re-post looks its buffer up. */
	for (i = 0; i < RING; i++)
		if (rte_be_to_cpu_32(rxq->wqes[i].lkey) !=
		    (v->mr_single ? LKEY_POSTED : LKEY_CACHE))
			lkey_bad++;
	if (lkey_bad != 0) {
		printf("    %s: %u WQEs with the wrong lkey\n", v->name,
		       lkey_bad);
		ret = MLX5X_TEST_FAIL;
	}
	if (idle >= 1000) {
		printf("    %s: stalled at frame %u of %d\n", v->name, next,
		       CORPUS);
		ret = MLX5X_TEST_FAIL;
	}
	dp_queue_free(rxq);
	return ret;
}

static const struct dp_variant variants[] = {
	{ "scalar", mlx5x_rx_burst, true, -1 },
	{ "scalar, lkey per buffer", mlx5x_rx_burst, false, -1 },
	{ "scalar scatter", mlx5x_rx_burst_scatter, true, -1 },
	{ "scalar scatter, lkey per buffer", mlx5x_rx_burst_scatter, false,
	  -1 },
	{ "scalar, CQE compression, hash", mlx5x_rx_burst_comp, true,
	  MLX5X_MINI_CQE_FORMAT_HASH },
	{ "scalar, CQE compression, checksum", mlx5x_rx_burst_comp, true,
	  MLX5X_MINI_CQE_FORMAT_CSUM },
	{ "scalar, CQE compression, flow tag", mlx5x_rx_burst_comp, true,
	  MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX },
	{ "scalar, CQE compression, L3/L4 header, lkey per buffer",
	  mlx5x_rx_burst_comp, false, MLX5X_MINI_CQE_FORMAT_L34H_STRIDX },
#ifdef RTE_ARCH_X86_64
	/* Picked only with one MR per pool. */
	{ "vector SSE4.2", mlx5x_rx_burst_vec, true, -1 },
	{ "vector SSE4.2, CQE compression, hash", mlx5x_rx_burst_vec, true,
	  MLX5X_MINI_CQE_FORMAT_HASH },
	{ "vector SSE4.2, CQE compression, flow tag", mlx5x_rx_burst_vec, true,
	  MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX },
	{ "vector SSE4.2, CQE compression, checksum", mlx5x_rx_burst_vec, true,
	  MLX5X_MINI_CQE_FORMAT_CSUM },
	{ "vector SSE4.2, CQE compression, checksum, stride index",
	  mlx5x_rx_burst_vec, true, MLX5X_MINI_CQE_FORMAT_CSUM_STRIDX },
	{ "vector SSE4.2, CQE compression, L3/L4 header", mlx5x_rx_burst_vec,
	  true, MLX5X_MINI_CQE_FORMAT_L34H_STRIDX },
#endif
};

/* A variant this CPU can run (the vector bursts need SSE4.2). */
static bool
dp_runnable(const struct dp_variant *v)
{
#ifdef RTE_ARCH_X86_64
	if (v->burst == mlx5x_rx_burst_vec)
		return rte_cpu_get_flag_enabled(RTE_CPUFLAG_SSE4_2) > 0;
#endif
	RTE_SET_USED(v);
	return true;
}

static int
dp_setup(void)
{
	if (e2e_up() != 0)
		return -1;
	dp_corpus_build();
	dp_pool = rte_pktmbuf_pool_create("dp_diff", 256, 0, 0,
					  RTE_PKTMBUF_HEADROOM + FRAME_MAX,
					  SOCKET_ID_ANY);
	dp_priv = rte_zmalloc("dp_priv", sizeof(*dp_priv), 64);
	if (dp_pool == NULL || dp_priv == NULL)
		return -1;
	dp_priv->qops = &dp_qops;
	/* One region over all memory: the lookup finds LKEY_CACHE. */
	dp_mr.region[0].start = 0;
	dp_mr.region[0].end = UINTPTR_MAX;
	dp_mr.region[0].lkey = LKEY_CACHE;
	dp_mr.n = 1;
	return 0;
}

static void
dp_teardown(void)
{
	rte_mempool_free(dp_pool);
	rte_free(dp_priv);
	dp_pool = NULL;
	dp_priv = NULL;
}

/* Every variant, each offload combination: the reference's mbufs, field
 * by field, every good frame once, every error counted. */
static int
dp_diff(bool csum, bool strip)
{
	static struct dp_seen seen[CORPUS], want;
	unsigned int v, i, n, good = 0, bad = 0;
	uint64_t errors, recoveries;

	for (i = 0; i < CORPUS; i++)
		if (corpus[i].opcode == MLX5_CQE_RESP_SEND)
			good++;
	for (v = 0; v < RTE_DIM(variants); v++) {
		int ret;

		if (!dp_runnable(&variants[v]))
			continue;
		/* Errored frames never come up: their slots stay marked. */
		for (i = 0; i < CORPUS; i++) {
			memset(&seen[i], 0, sizeof(seen[i]));
			if (corpus[i].opcode != MLX5_CQE_RESP_SEND)
				seen[i].pkt_len = UINT32_MAX;
		}
		ret = dp_run(&variants[v], csum, strip, seen, &n, &errors,
			     &recoveries);
		if (ret != MLX5X_TEST_PASS)
			return ret;
		TEST_ASSERT_EQ(n, good, "%s: every good frame handed up",
			       variants[v].name);
		TEST_ASSERT_EQ(errors, CORPUS - good, "%s: error CQEs counted",
			       variants[v].name);
		for (i = 0; i < CORPUS; i++) {
			if (corpus[i].opcode != MLX5_CQE_RESP_SEND)
				continue;
			dp_expect(&corpus[i], csum, strip, &want);
			if (memcmp(&want, &seen[i], sizeof(want)) != 0 &&
			    bad++ < 5)
				printf("    %s: frame %u (len %u, tag 0x%x): got flags 0x%" PRIx64
				       " type 0x%x len %u/%u segs %u port %u off %u tci 0x%x rss 0x%x hi 0x%x payload %d; want flags 0x%" PRIx64
				       " type 0x%x tci 0x%x rss 0x%x hi 0x%x\n",
				       variants[v].name, i, corpus[i].len,
				       corpus[i].tag, seen[i].ol_flags,
				       seen[i].packet_type, seen[i].pkt_len,
				       seen[i].data_len, seen[i].nb_segs,
				       seen[i].port, seen[i].data_off,
				       seen[i].vlan_tci, seen[i].rss,
				       seen[i].fdir_hi, seen[i].payload_ok,
				       want.ol_flags, want.packet_type,
				       want.vlan_tci, want.rss, want.fdir_hi);
		}
		TEST_ASSERT_EQ(bad, 0, "%s: mbufs as the reference says",
			       variants[v].name);
		TEST_ASSERT_EQ(recoveries, 2,
			       "%s: the RQ restarted after each responder error",
			       variants[v].name);
	}
	return MLX5X_TEST_PASS;
}

static int
test_rx_variants_match_reference(void)
{
	E2E_REQUIRE();
	return dp_diff(true, true);
}

static int
test_rx_variants_match_reference_no_offloads(void)
{
	E2E_REQUIRE();
	return dp_diff(false, false);
}

/* The mark contract on hand-written CQEs, literally: flow tag 0 no mark,
 * 0xffffff FLAG only, 1 MARK 0, 0xfffffe MARK 0xfffffd. */
static int
test_rx_flow_tag_to_mark(void)
{
	static const struct {
		uint32_t tag;
		uint64_t flags;
		uint32_t hi;
	} cases[] = {
		{ 0, 0, 0 },
		{ 0xffffff, RTE_MBUF_F_RX_FDIR, 0 },
		{ 1, RTE_MBUF_F_RX_FDIR | RTE_MBUF_F_RX_FDIR_ID, 0 },
		{ 0xfffffe, RTE_MBUF_F_RX_FDIR | RTE_MBUF_F_RX_FDIR_ID,
		  0xfffffd },
	};
	unsigned int v, i;

	E2E_REQUIRE();
	for (v = 0; v < RTE_DIM(variants); v++) {
		struct mlx5x_rxq *rxq;
		struct rte_mbuf *pkts[RTE_DIM(cases)];
		uint16_t n;

		if (!dp_runnable(&variants[v]))
			continue;
		rxq = dp_queue_new(&variants[v], false, false);
		TEST_ASSERT(rxq != NULL, "queue");
		memset(&model, 0, sizeof(model));
		model.rxq = rxq;
		for (i = 0; i < RTE_DIM(cases); i++) {
			struct dp_frame f = {
				.len = 64,
				.opcode = MLX5_CQE_RESP_SEND,
				.tag = cases[i].tag,
			};

			dp_complete(&f);
		}
		n = variants[v].burst(rxq, pkts, RTE_DIM(pkts));
		for (i = 0; i < n; i++) {
			uint64_t fl = pkts[i]->ol_flags;
			uint32_t hi = pkts[i]->hash.fdir.hi;

			rte_pktmbuf_free(pkts[i]);
			if (fl != cases[i].flags ||
			    ((fl & RTE_MBUF_F_RX_FDIR_ID) &&
			     hi != cases[i].hi)) {
				dp_queue_free(rxq);
				TEST_ASSERT(false,
					    "%s: tag 0x%x gave flags 0x%" PRIx64
					    " id 0x%x, want 0x%" PRIx64
					    " id 0x%x",
					    variants[v].name, cases[i].tag, fl,
					    hi, cases[i].flags, cases[i].hi);
			}
		}
		dp_queue_free(rxq);
		TEST_ASSERT_EQ(n, RTE_DIM(cases), "%s: every packet",
			       variants[v].name);
	}
	return MLX5X_TEST_PASS;
}

/*
 * A compressed session of no packets (a title whose count is 0, which no
 * adapter writes) is counted as an error and stepped over, once: the CQE
 * after it still comes up, and the queue does not stay on the title.
 */
static int
test_rx_comp_empty_session_skipped(void)
{
	struct rte_mbuf *pkts[4];
	unsigned int v, g = 0;

	while (corpus[g].opcode != MLX5_CQE_RESP_SEND)
		g++;
	for (v = 0; v < RTE_DIM(variants); v++) {
		const struct dp_variant *var = &variants[v];
		struct mlx5x_rxq *rxq;
		uint16_t r, i;
		bool bad;

		/* The scalar bursts of a compressing CQ. */
		if (var->mini < 0 || var->burst != mlx5x_rx_burst_comp)
			continue;
		rxq = dp_queue_new(var, true, true);
		TEST_ASSERT(rxq != NULL, "%s: queue", var->name);
		memset(&model, 0, sizeof(model));
		model.rxq = rxq;
		dp_complete_session(&corpus[g], 0, var->mini);
		model.cq_pi++;
		dp_complete(&corpus[g]);
		for (i = 0, r = 0; i < 3 && r == 0; i++)
			r = var->burst(rxq, pkts, RTE_DIM(pkts));
		bad = r != 1 || pkts[0]->pkt_len != corpus[g].len ||
		      rxq->stats.errors != 1 || rxq->cq_ci != 2;
		rte_pktmbuf_free_bulk(pkts, r);
		if (bad) {
			printf("    %s: %u packets, %" PRIu64
			       " errors, consumer at %u\n",
			       var->name, r, rxq->stats.errors, rxq->cq_ci);
			dp_queue_free(rxq);
			return MLX5X_TEST_FAIL;
		}
		dp_queue_free(rxq);
	}
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(e2e_datapath_suite, "e2e_datapath", "e2e", dp_setup,
		 dp_teardown, MLX5X_TEST_CASE(test_rx_flow_tag_to_mark),
		 MLX5X_TEST_CASE(test_rx_variants_match_reference),
		 MLX5X_TEST_CASE(test_rx_variants_match_reference_no_offloads),
		 MLX5X_TEST_CASE(test_rx_comp_empty_session_skipped))

/* ---- Tx: the wire sees the same frames whichever burst sent them ------ */

#define TX_FRAMES 160
#define TX_WIRE_MAX 1518

struct dp_wire {
	unsigned int n;
	uint16_t len[TX_FRAMES];
	uint8_t data[TX_FRAMES][TX_WIRE_MAX];
	char mode[RTE_ETH_BURST_MODE_INFO_SIZE];
};

static struct dp_wire wire_lean, wire_full, wire_fast;

/* Frame k of the Tx corpus into m: Ethernet, IPv4 or IPv6, UDP or TCP,
 * 60..1514 bytes; checksum requests on some; every fifth frame a
 * run of bytes only (no offload). Deterministic in k. */
static void
dp_tx_frame(unsigned int k, struct rte_mbuf *m)
{
	uint32_t len = 60 + (k * 7919u) % (1514 - 60 + 1);
	uint8_t *p = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)len);
	bool v6 = k % 3 == 1, tcp = k % 2 == 0;
	uint32_t l3 = v6 ? 40 : 20, i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(k * 31 + i);
	memcpy(p, (const uint8_t[]){ 2, 0, 0, 0, 0, 9, 2, 0, 0, 0, 0, 8 }, 12);
	if (k % 5 == 4)
		return;
	p[12] = v6 ? 0x86 : 0x08;
	p[13] = v6 ? 0xdd : 0x00;
	if (v6) {
		p[14] = 0x60;
		p[18] = (uint8_t)((len - 54) >> 8);
		p[19] = (uint8_t)(len - 54);
		p[20] = tcp ? 6 : 17;
		p[21] = 64;
	} else {
		p[14] = 0x45;
		p[16] = (uint8_t)((len - 14) >> 8);
		p[17] = (uint8_t)(len - 14);
		p[20] = 0;
		p[21] = 0;
		p[22] = 64;
		p[23] = tcp ? 6 : 17;
		p[24] = 0;
		p[25] = 0;
	}
	if (tcp)
		p[14 + l3 + 12] = 0x50; /* data offset 5 */
	m->l2_len = 14;
	m->l3_len = l3;
	m->l4_len = tcp ? 20 : 8;
	if (k % 4 != 3) {
		m->ol_flags |= v6 ? RTE_MBUF_F_TX_IPV6 : RTE_MBUF_F_TX_IPV4;
		if (!v6 && k % 4 != 2)
			m->ol_flags |= RTE_MBUF_F_TX_IP_CKSUM;
		m->ol_flags |=
			tcp ? RTE_MBUF_F_TX_TCP_CKSUM : RTE_MBUF_F_TX_UDP_CKSUM;
	}
}

/* Frame k of the runt corpus into m: 14 to 77 bytes, an Ethernet header
 * and bytes, no offload. Deterministic in k. */
static void
dp_tx_runt(unsigned int k, struct rte_mbuf *m)
{
	uint32_t len = 14 + k % 64, i;
	uint8_t *p = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)len);

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(k * 31 + i);
	memcpy(p, (const uint8_t[]){ 2, 0, 0, 0, 0, 9, 2, 0, 0, 0, 0, 8 }, 12);
}

/* Move the bytes of m after its first half into a second segment. */
static int
dp_tx_split(struct rte_mbuf *m)
{
	struct rte_mbuf *t = rte_pktmbuf_alloc(e2e_pool());
	uint16_t keep = m->data_len / 2;

	if (t == NULL)
		return -1;
	memcpy(rte_pktmbuf_append(t, m->data_len - keep),
	       rte_pktmbuf_mtod_offset(m, uint8_t *, keep), m->data_len - keep);
	rte_pktmbuf_trim(m, m->data_len - keep);
	return rte_pktmbuf_chain(m, t);
}

/* Attach with devargs and start the port, Tx offloads tx_offloads: the
 * port in *pf. */
static int
dp_tx_up(const char *devargs, uint64_t tx_offloads, uint16_t *pf)
{
	struct rte_eth_conf conf;

	TEST_ASSERT_EQ(e2e_attach(devargs), 0, "probe with %s",
		       devargs ? devargs : "no devargs");
	*pf = e2e_port_by_name(E2E_PCI);
	memset(&conf, 0, sizeof(conf));
	conf.txmode.offloads = tx_offloads;
	TEST_ASSERT_EQ(e2e_port_start(*pf, 1, &conf), 0, "start");
	return MLX5X_TEST_PASS;
}

/* Send the corpus (frame k made by make) from a port with tx_offloads (and
 * devargs), in bursts of 1..40, every third frame in two segments when
 * chain, and capture what reaches the wire. */
static int
dp_tx_run(const char *devargs, uint64_t tx_offloads, bool chain,
	  void (*make)(unsigned int k, struct rte_mbuf *m), struct dp_wire *w)
{
	struct rte_eth_burst_mode mode;
	struct rte_mbuf *m[TX_FRAMES];
	uint8_t out[TX_WIRE_MAX + 64];
	unsigned int i, sent = 0, tries, avail;
	uint16_t pf;
	int got;

	TEST_ASSERT_EQ(dp_tx_up(devargs, tx_offloads, &pf), MLX5X_TEST_PASS,
		       "up");
	TEST_ASSERT_EQ(rte_eth_tx_burst_mode_get(pf, 0, &mode), 0, "mode");
	snprintf(w->mode, sizeof(w->mode), "%s", mode.info);
	while (mlx5x_emu_capture_wire(0, out, sizeof(out)) > 0)
		;
	avail = rte_mempool_avail_count(e2e_pool());
	for (i = 0; i < TX_FRAMES; i++) {
		m[i] = rte_pktmbuf_alloc(e2e_pool());
		TEST_ASSERT(m[i] != NULL, "mbuf");
		make(i, m[i]);
		if (chain && i % 3 == 0)
			TEST_ASSERT_EQ(dp_tx_split(m[i]), 0, "chain");
	}
	for (tries = 0; sent < TX_FRAMES && tries < 100000; tries++) {
		unsigned int b = 1 + (sent * 13u) % 40;

		sent += rte_eth_tx_burst(pf, 0, m + sent,
					 (uint16_t)RTE_MIN(b,
							   TX_FRAMES - sent));
		mlx5x_emu_poll();
	}
	TEST_ASSERT_EQ(sent, TX_FRAMES, "%s: every frame accepted", w->mode);
	w->n = 0;
	for (tries = 0; w->n < TX_FRAMES && tries < 100000; tries++) {
		mlx5x_emu_poll();
		while (w->n < TX_FRAMES &&
		       (got = mlx5x_emu_capture_wire(0, out, sizeof(out))) >
			       0) {
			TEST_ASSERT(got <= TX_WIRE_MAX, "frame of %d bytes",
				    got);
			w->len[w->n] = (uint16_t)got;
			memcpy(w->data[w->n], out, (size_t)got);
			w->n++;
		}
	}
	/* Completions free every sent mbuf, segments too, back to the
	 * pool. */
	e2e_tx_reclaim(pf, e2e_pool(), avail);
	got = (int)rte_mempool_avail_count(e2e_pool());
	rte_eth_dev_stop(pf);
	e2e_detach();
	TEST_ASSERT_EQ(w->n, TX_FRAMES, "%s: every frame on the wire", w->mode);
	TEST_ASSERT_EQ(got, avail, "%s: every sent mbuf back in its pool",
		       w->mode);
	return MLX5X_TEST_PASS;
}

static int
dp_tx_compare(const char *devargs)
{
	const uint64_t cks = RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
			     RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
			     RTE_ETH_TX_OFFLOAD_TCP_CKSUM;
	unsigned int i;
	int ret;

	ret = dp_tx_run(devargs, cks, false, dp_tx_frame, &wire_lean);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	ret = dp_tx_run(devargs, cks | RTE_ETH_TX_OFFLOAD_MULTI_SEGS, true,
			dp_tx_frame, &wire_full);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	ret = dp_tx_run(devargs, cks | RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE, false,
			dp_tx_frame, &wire_fast);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT(strstr(wire_fast.mode, "fast free") != NULL,
		    "fast free: \"%s\"", wire_fast.mode);
	TEST_ASSERT(strstr(wire_lean.mode, "single-segment") != NULL,
		    "lean burst chosen: \"%s\"", wire_lean.mode);
	TEST_ASSERT(strstr(wire_full.mode, "single-segment") == NULL,
		    "full burst chosen: \"%s\"", wire_full.mode);
	for (i = 0; i < TX_FRAMES; i++) {
		TEST_ASSERT_EQ(wire_lean.len[i], wire_full.len[i],
			       "frame %u length, %s vs %s", i, wire_lean.mode,
			       wire_full.mode);
		TEST_ASSERT(memcmp(wire_lean.data[i], wire_full.data[i],
				   wire_lean.len[i]) == 0,
			    "frame %u bytes, %s vs %s", i, wire_lean.mode,
			    wire_full.mode);
		TEST_ASSERT(wire_fast.len[i] == wire_lean.len[i] &&
				    memcmp(wire_lean.data[i], wire_fast.data[i],
					   wire_lean.len[i]) == 0,
			    "frame %u, %s vs %s", i, wire_lean.mode,
			    wire_fast.mode);
	}
	return MLX5X_TEST_PASS;
}

static int
test_tx_variants_same_wire(void)
{
	E2E_REQUIRE();
	return dp_tx_compare(NULL);
}

/* The same with an 18-byte inline header (ConnectX-4 Lx's L2 mode). */
static int
test_tx_variants_same_wire_inline_l2(void)
{
	E2E_REQUIRE();
	return dp_tx_compare("txq_inline_min=18");
}

/*
 * Short frames, down to a bare Ethernet header, leave as they were built
 * whichever burst sends them: the lean one, without an inline header or
 * with 18 bytes of it (a frame of 18 bytes or fewer leaves nothing for
 * its data segment: the full burst's), and the full one.
 */
static int
test_tx_runts_same_wire(void)
{
	static const char *const devargs[] = {
		"txq_mpw_en=0",
		"txq_mpw_en=0,txq_inline_min=18",
	};
	struct rte_mbuf *m;
	unsigned int d, i;
	int ret;

	E2E_REQUIRE();
	for (d = 0; d < RTE_DIM(devargs); d++) {
		ret = dp_tx_run(devargs[d], 0, false, dp_tx_runt, &wire_lean);
		if (ret == MLX5X_TEST_PASS)
			ret = dp_tx_run(devargs[d],
					RTE_ETH_TX_OFFLOAD_MULTI_SEGS, false,
					dp_tx_runt, &wire_full);
		if (ret != MLX5X_TEST_PASS)
			return ret;
		TEST_ASSERT(strstr(wire_lean.mode, "single-segment") != NULL &&
				    strstr(wire_lean.mode, "eMPW") == NULL,
			    "%s: lean burst chosen: \"%s\"", devargs[d],
			    wire_lean.mode);
		for (i = 0; i < TX_FRAMES; i++) {
			m = rte_pktmbuf_alloc(e2e_pool());
			TEST_ASSERT(m != NULL, "mbuf");
			dp_tx_runt(i, m);
			ret = wire_lean.len[i] == m->data_len &&
			      wire_full.len[i] == m->data_len &&
			      memcmp(wire_lean.data[i],
				     rte_pktmbuf_mtod(m, void *),
				     m->data_len) == 0 &&
			      memcmp(wire_full.data[i],
				     rte_pktmbuf_mtod(m, void *),
				     m->data_len) == 0;
			rte_pktmbuf_free(m);
			TEST_ASSERT(ret,
				    "%s: frame %u of %u bytes: %s %u, %s %u",
				    devargs[d], i, 14 + i % 64, wire_lean.mode,
				    wire_lean.len[i], wire_full.mode,
				    wire_full.len[i]);
		}
	}
	return MLX5X_TEST_PASS;
}

/* Wait for the next frame on the wire into out (of size len); its length,
 * 0 when none comes. */
static int
dp_tx_wire_next(uint8_t *out, size_t len)
{
	unsigned int tries;
	int got = 0;

	for (tries = 0; tries < 100000 && got <= 0; tries++) {
		mlx5x_emu_poll();
		got = mlx5x_emu_capture_wire(0, out, len);
	}
	return got > 0 ? got : 0;
}

/*
 * An mbuf of no bytes second in a burst of five through the lean burst
 * (PRM: a data segment of byte count 0 means 2 GB, so none may be written
 * for it): all five taken, the empty one dropped at its place and freed,
 * the four around it on the wire as built, twice over; the drops counted
 * in oerrors and tx_q0_bad_mbuf_drops and nowhere else; the port stops
 * (its SQ never went to error) and starts again.
 */
static int
test_tx_empty_mbuf_dropped(void)
{
	struct rte_mbuf *m[5];
	struct rte_eth_burst_mode mode;
	struct rte_eth_stats st;
	uint8_t out[TX_WIRE_MAX + 64];
	unsigned int round, i, k, avail;
	uint16_t pf;
	int got;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(dp_tx_up("txq_mpw_en=0", 0, &pf), MLX5X_TEST_PASS, "up");
	TEST_ASSERT_EQ(rte_eth_tx_burst_mode_get(pf, 0, &mode), 0, "mode");
	TEST_ASSERT(strstr(mode.info, "single-segment") != NULL &&
			    strstr(mode.info, "eMPW") == NULL,
		    "lean burst: \"%s\"", mode.info);
	avail = rte_mempool_avail_count(e2e_pool());
	for (round = 0; round < 2; round++) {
		for (i = 0; i < RTE_DIM(m); i++) {
			m[i] = rte_pktmbuf_alloc(e2e_pool());
			TEST_ASSERT(m[i] != NULL, "mbuf");
			if (i != 1)
				dp_tx_runt(20 + i, m[i]);
		}
		TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, RTE_DIM(m)),
			       RTE_DIM(m), "round %u: the burst taken", round);
		for (i = 0; i < RTE_DIM(m); i++) {
			struct rte_mbuf *ref;

			if (i == 1)
				continue;
			got = dp_tx_wire_next(out, sizeof(out));
			ref = rte_pktmbuf_alloc(e2e_pool());
			TEST_ASSERT(ref != NULL, "mbuf");
			dp_tx_runt(20 + i, ref);
			k = got == ref->data_len &&
			    memcmp(out, rte_pktmbuf_mtod(ref, void *),
				   ref->data_len) == 0;
			rte_pktmbuf_free(ref);
			TEST_ASSERT(k,
				    "round %u: frame %u on the wire (%d bytes)",
				    round, i, got);
		}
		mlx5x_emu_poll();
		TEST_ASSERT_EQ(mlx5x_emu_capture_wire(0, out, sizeof(out)), 0,
			       "round %u: nothing for the empty mbuf", round);
	}
	e2e_tx_reclaim(pf, e2e_pool(), avail);
	TEST_ASSERT_EQ(rte_mempool_avail_count(e2e_pool()), avail,
		       "every mbuf back in the pool");
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT(st.opackets == 8 && st.oerrors == 2,
		    "%" PRIu64 " sent, %" PRIu64 " errors", st.opackets,
		    st.oerrors);
	TEST_ASSERT_EQ(e2e_xstat_by_name(pf, "tx_q0_bad_mbuf_drops"), 2,
		       "counted as bad mbufs");
	TEST_ASSERT_EQ(e2e_xstat_by_name(pf, "tx_wqe_errors"), 0,
		       "no error completion");
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start again");
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop again");
	e2e_detach();
	return MLX5X_TEST_PASS;
}

/*
 * The lean burst's completion frees a burst's mbufs with one bulk put
 * only when each is plain (refcnt 1, the queue's pool). A shared mbuf
 * (the application keeps a reference) or one of another pool first in
 * its burst, so first in what a completion releases: the shared one
 * loses only the queue's reference (the application's stays, and it is
 * not back in the pool), the other pool's goes back to its own pool,
 * the plain ones after it to theirs. Twice: on the fresh queue and
 * after a completion, each mbuf where it belongs after each round.
 */
static int
test_tx_lean_odd_mbuf_first(void)
{
	struct rte_mempool *other;
	struct rte_mbuf *m[3];
	unsigned int round, i, avail, other_avail;
	uint16_t pf;
	bool ok;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(dp_tx_up("txq_mpw_en=0", 0, &pf), MLX5X_TEST_PASS, "up");
	other = rte_pktmbuf_pool_create("dp_lean_other", 63, 0, 0,
					RTE_MBUF_DEFAULT_BUF_SIZE,
					SOCKET_ID_ANY);
	TEST_ASSERT(other != NULL, "pool");
	avail = rte_mempool_avail_count(e2e_pool());
	other_avail = rte_mempool_avail_count(other);
	for (round = 0; round < 4; round++) {
		bool shared = round % 2 == 0;
		/* The application's reference keeps a shared mbuf out. */
		unsigned int want = shared ? avail - 1 : avail;

		m[0] = rte_pktmbuf_alloc(shared ? e2e_pool() : other);
		TEST_ASSERT(m[0] != NULL, "mbuf");
		for (i = 1; i < RTE_DIM(m); i++) {
			m[i] = rte_pktmbuf_alloc(e2e_pool());
			TEST_ASSERT(m[i] != NULL, "mbuf");
		}
		for (i = 0; i < RTE_DIM(m); i++)
			dp_tx_frame(round * 3 + i, m[i]);
		if (shared)
			rte_mbuf_refcnt_update(m[0], 1);
		TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, RTE_DIM(m)),
			       RTE_DIM(m), "round %u: the burst taken", round);
		ok = e2e_tx_reclaim_pools(pf, e2e_pool(), want, other,
					  other_avail);
		TEST_ASSERT(ok,
			    "round %u (%s first): pool %u of %u, other %u of %u",
			    round, shared ? "shared" : "other pool's",
			    rte_mempool_avail_count(e2e_pool()), want,
			    rte_mempool_avail_count(other), other_avail);
		if (shared) {
			TEST_ASSERT_EQ(rte_mbuf_refcnt_read(m[0]), 1,
				       "round %u: the application's reference",
				       round);
			rte_pktmbuf_free(m[0]);
			TEST_ASSERT_EQ(rte_mempool_avail_count(e2e_pool()),
				       avail, "round %u: back once freed",
				       round);
		}
	}
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	e2e_detach();
	rte_mempool_free(other);
	return MLX5X_TEST_PASS;
}

/*
 * With an 18-byte inline header (txq_inline_min=18), frames of 17 to 20
 * bytes each first in its burst, and an 18-byte one between two of 60:
 * the lean burst takes a frame only when bytes remain for its data
 * segment after the header (PRM: a byte count of 0 means 2 GB, not
 * "nothing"), the full one sends the others whole inline; every frame on
 * the wire as built, no error completion.
 */
static int
test_tx_lean_header_only_frames(void)
{
	static const uint16_t len[] = { 17, 18, 19, 20, 60, 18, 60 };
	/* Bursts: one frame each, then the last three together. */
	static const uint8_t burst[] = { 1, 1, 1, 1, 3 };
	struct rte_mbuf *m[RTE_DIM(len)];
	uint8_t out[TX_WIRE_MAX + 64];
	unsigned int i, b, k = 0;
	uint16_t pf;
	int got;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(dp_tx_up("txq_mpw_en=0,txq_inline_min=18", 0, &pf),
		       MLX5X_TEST_PASS, "up");
	for (i = 0; i < RTE_DIM(len); i++) {
		m[i] = rte_pktmbuf_alloc(e2e_pool());
		TEST_ASSERT(m[i] != NULL, "mbuf");
		dp_tx_runt(len[i] - 14, m[i]);
	}
	for (b = 0; b < RTE_DIM(burst); b++) {
		TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m + k, burst[b]),
			       burst[b], "burst %u taken", b);
		for (i = k; i < k + burst[b]; i++) {
			struct rte_mbuf *ref = rte_pktmbuf_alloc(e2e_pool());

			got = dp_tx_wire_next(out, sizeof(out));
			TEST_ASSERT(ref != NULL, "mbuf");
			dp_tx_runt(len[i] - 14, ref);
			got = got == len[i] &&
			      memcmp(out, rte_pktmbuf_mtod(ref, void *),
				     len[i]) == 0;
			rte_pktmbuf_free(ref);
			TEST_ASSERT(got, "frame %u of %u bytes on the wire", i,
				    len[i]);
		}
		k += burst[b];
	}
	TEST_ASSERT_EQ(e2e_xstat_by_name(pf, "tx_wqe_errors"), 0,
		       "no error completion");
	rte_eth_dev_stop(pf);
	e2e_detach();
	return MLX5X_TEST_PASS;
}

/*
 * A lean queue whose WQE ring was last written by the full burst: 200
 * frames of 60 to 77 bytes asking for a VLAN tag (the lean burst hands them over; each
 * WQE's Ethernet segment carries 18 header bytes inline), then 256 plain
 * ones through the same WQEBBs. Each lean WQE is whole on its own (PRM:
 * the adapter reads inline_hdr_sz and the header from the Ethernet
 * segment, whatever wrote the slot before): every frame as built.
 */
static int
test_tx_lean_reuses_full_burst_slots(void)
{
	struct rte_mbuf *m[32];
	uint8_t out[TX_WIRE_MAX + 64];
	unsigned int k, i, n, avail;
	uint16_t pf;
	int got;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(dp_tx_up("txq_mpw_en=0", 0, &pf), MLX5X_TEST_PASS, "up");
	avail = rte_mempool_avail_count(e2e_pool());
	for (k = 0; k < 200 + 256; k += n) {
		n = RTE_MIN(RTE_DIM(m), (k < 200 ? 200 : 456) - k);
		for (i = 0; i < n; i++) {
			m[i] = rte_pktmbuf_alloc(e2e_pool());
			TEST_ASSERT(m[i] != NULL, "mbuf");
			dp_tx_runt(46 + (k + i) % 18, m[i]);
			if (k < 200) {
				m[i]->ol_flags |= RTE_MBUF_F_TX_VLAN;
				m[i]->vlan_tci = (uint16_t)(100 + k + i);
			}
		}
		TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, (uint16_t)n), n,
			       "frames %u.. taken", k);
		for (i = 0; i < n; i++) {
			struct rte_mbuf *ref = rte_pktmbuf_alloc(e2e_pool());
			const uint8_t *p;
			bool same;

			TEST_ASSERT(ref != NULL, "mbuf");
			dp_tx_runt(46 + (k + i) % 18, ref);
			p = rte_pktmbuf_mtod(ref, const uint8_t *);
			got = dp_tx_wire_next(out, sizeof(out));
			if (k < 200)
				same = got == ref->data_len + 4 &&
				       memcmp(out, p, 12) == 0 &&
				       out[12] == 0x81 && out[13] == 0 &&
				       out[15] == (uint8_t)(100 + k + i) &&
				       memcmp(out + 16, p + 12,
					      ref->data_len - 12u) == 0;
			else
				same = got == ref->data_len &&
				       memcmp(out, p, ref->data_len) == 0;
			rte_pktmbuf_free(ref);
			TEST_ASSERT(same, "frame %u (%s) as built, %d bytes",
				    k + i, k < 200 ? "tagged" : "lean", got);
		}
		e2e_tx_reclaim(pf, e2e_pool(), avail);
	}
	TEST_ASSERT_EQ(e2e_xstat_by_name(pf, "tx_wqe_errors"), 0,
		       "no error completion");
	rte_eth_dev_stop(pf);
	e2e_detach();
	return MLX5X_TEST_PASS;
}

/*
 * An idle Tx queue of 256 descriptors takes 256 one-segment packets in
 * one burst, each in one WQEBB (ctrl, eth with 18 header bytes inline,
 * one data segment: 64 bytes), and no more; the lean and the full burst
 * (eMPW sessions hold inlined packets in WQEBBs of their own: not those).
 * Every frame then leaves and every mbuf comes back.
 */
static int
test_tx_idle_queue_takes_every_descriptor(void)
{
	static const uint64_t offloads[] = { 0, RTE_ETH_TX_OFFLOAD_MULTI_SEGS };
	static struct rte_mbuf *m[257];
	struct rte_eth_burst_mode mode;
	uint8_t out[TX_WIRE_MAX + 64];
	unsigned int o, i, tries, wire, avail;
	uint16_t pf, sent;
	int got;

	E2E_REQUIRE();
	for (o = 0; o < RTE_DIM(offloads); o++) {
		TEST_ASSERT_EQ(dp_tx_up("txq_inline_min=18,txq_mpw_en=0",
					offloads[o], &pf),
			       MLX5X_TEST_PASS, "up");
		TEST_ASSERT_EQ(rte_eth_tx_burst_mode_get(pf, 0, &mode), 0,
			       "mode");
		printf("    %s\n", mode.info);
		while (mlx5x_emu_capture_wire(0, out, sizeof(out)) > 0)
			;
		avail = rte_mempool_avail_count(e2e_pool());
		for (i = 0; i < RTE_DIM(m); i++) {
			m[i] = rte_pktmbuf_alloc(e2e_pool());
			TEST_ASSERT(m[i] != NULL, "mbuf");
			dp_tx_frame(i, m[i]);
		}
		sent = rte_eth_tx_burst(pf, 0, m, RTE_DIM(m));
		TEST_ASSERT_EQ(sent, 256, "%s: one burst takes", mode.info);
		rte_pktmbuf_free(m[256]);
		for (tries = 0, wire = 0; wire < sent && tries < 100000;
		     tries++) {
			mlx5x_emu_poll();
			while ((got = mlx5x_emu_capture_wire(0, out,
							     sizeof(out))) > 0)
				wire++;
		}
		TEST_ASSERT_EQ(wire, sent, "%s: on the wire", mode.info);
		e2e_tx_reclaim(pf, e2e_pool(), avail);
		TEST_ASSERT_EQ(rte_mempool_avail_count(e2e_pool()), avail,
			       "%s: every mbuf back", mode.info);
		rte_eth_dev_stop(pf);
		e2e_detach();
	}
	return MLX5X_TEST_PASS;
}

/*
 * A Tx queue stop whose WQE the adapter never completes (here one the
 * adapter never heard of: written into the ring and counted by the
 * driver, its doorbell never rung) gives up waiting, drops the packet it
 * held (its mbuf back in the pool) and stops; started again the queue
 * sends. The give-up takes its full wait (a second).
 */
static int
test_tx_queue_stop_gives_up_on_lost_completion(void)
{
	struct mlx5x_txq *txq;
	struct rte_mbuf *m;
	uint8_t out[TX_WIRE_MAX + 64];
	unsigned int avail;
	uint32_t len;
	uint16_t pf;
	int got;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(dp_tx_up(NULL, 0, &pf), MLX5X_TEST_PASS, "up");
	txq = rte_eth_devices[pf].data->tx_queues[0];
	while (mlx5x_emu_capture_wire(0, out, sizeof(out)) > 0)
		;
	avail = rte_mempool_avail_count(e2e_pool());
	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	dp_tx_frame(0, m);
	txq->elts[txq->elts_head & txq->elts_mask] = m;
	txq->elts_head++;
	txq->wqe_ci++;
	TEST_ASSERT_EQ(rte_eth_dev_tx_queue_stop(pf, 0), 0, "queue stop");
	TEST_ASSERT_EQ(rte_mempool_avail_count(e2e_pool()), avail,
		       "the lost packet's mbuf back in the pool");
	TEST_ASSERT_EQ(rte_eth_dev_tx_queue_start(pf, 0), 0, "queue start");
	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	dp_tx_frame(1, m);
	len = m->pkt_len;
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "sent");
	got = e2e_capture_end(-1, out, sizeof(out));
	TEST_ASSERT_EQ(got, (int)len,
		       "the frame sent after the restart on the wire");
	rte_eth_dev_stop(pf);
	e2e_detach();
	return MLX5X_TEST_PASS;
}

/* The lean burst's pool-to-lkey cache forgets a pool when it is
 * destroyed (its address may name another pool next), and frames of a
 * pool created after it still reach the wire. */
static int
test_tx_pool_destroy_forgets_lkey(void)
{
	struct mlx5x_txq *txq;
	struct rte_mempool *mp;
	uint8_t out[TX_WIRE_MAX + 64];
	unsigned int round;
	uint16_t pf;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(dp_tx_up(NULL, 0, &pf), MLX5X_TEST_PASS, "up");
	txq = rte_eth_devices[pf].data->tx_queues[0];
	for (round = 0; round < 2; round++) {
		struct rte_mbuf *m;
		int got;

		mp = rte_pktmbuf_pool_create("dp_tx_pool", 64, 0, 0,
					     RTE_MBUF_DEFAULT_BUF_SIZE,
					     SOCKET_ID_ANY);
		TEST_ASSERT(mp != NULL, "pool");
		m = rte_pktmbuf_alloc(mp);
		TEST_ASSERT(m != NULL, "mbuf");
		dp_tx_frame(round, m);
		TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "sent");
		TEST_ASSERT(txq->mp_single == mp, "round %u: pool cached",
			    round);
		got = e2e_capture_end(-1, out, sizeof(out));
		TEST_ASSERT(got > 0, "round %u: frame on the wire", round);
		e2e_tx_reclaim(pf, mp, 64);
		rte_mempool_free(mp);
		TEST_ASSERT(txq->mp_single == NULL,
			    "round %u: destroyed pool forgotten", round);
	}
	TEST_ASSERT_EQ(txq->stats.errors, 0, "no error completion");
	rte_eth_dev_stop(pf);
	e2e_detach();
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(e2e_datapath_tx_suite, "e2e_datapath_tx", "e2e", dp_setup,
		 dp_teardown, MLX5X_TEST_CASE(test_tx_variants_same_wire),
		 MLX5X_TEST_CASE(test_tx_variants_same_wire_inline_l2),
		 MLX5X_TEST_CASE(test_tx_runts_same_wire),
		 MLX5X_TEST_CASE(test_tx_empty_mbuf_dropped),
		 MLX5X_TEST_CASE(test_tx_lean_odd_mbuf_first),
		 MLX5X_TEST_CASE(test_tx_lean_header_only_frames),
		 MLX5X_TEST_CASE(test_tx_lean_reuses_full_burst_slots),
		 MLX5X_TEST_CASE(test_tx_idle_queue_takes_every_descriptor),
		 MLX5X_TEST_CASE(test_tx_queue_stop_gives_up_on_lost_completion),
		 MLX5X_TEST_CASE(test_tx_pool_destroy_forgets_lkey))
