/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SSE4.2 Rx burst, one mbuf per packet, plain CQEs and compressed
 * sessions; built with -msse4.2 in a library of its own and chosen at
 * start only when the CPU has SSE4.2 (rte_cpu_get_flag_enabled), so the
 * rest of the build stays generic.
 *
 * Plain CQEs four per step: one vector test of their four owner bytes
 * and flow tags, then per packet one register of the CQE's fields (three
 * loads, two blends), one shuffle into the 16 mbuf bytes at packet_type
 * (type from the metadata table, lengths, VLAN TCI, RSS hash) and the 16
 * at rearm_data (rearm template, flags from the same 8-byte table entry
 * and the hash type), two 16-byte stores per mbuf; flow tags, when any
 * of the four has one, afterwards. The CQEs before the first that is not
 * a plain SEND one at a time.
 *
 * Compressed sessions (PRM "Compressed CQE", layout in mlx5x_rx_comp.c):
 * the title's fields are turned once into the two 16-byte halves every
 * packet of the session shares; then four mini CQEs per step (two 16-byte
 * loads), each packet's length (and per format its RSS hash, flow tag or
 * header types) shuffled into its copy of those halves, two stores per
 * mbuf. The mbuf pointers move four at a time (ring to pkts,
 * replacements to ring). An error CQE, a pool that cannot give
 * replacements: the scalar burst of mlx5x_rx.c or mlx5x_rx_comp.c takes
 * over for the rest of the call, with the same ring state.
 */
#include <tmmintrin.h>
#include <smmintrin.h>

#include <ethdev_driver.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include "mlx5x_lcore_tls.h"
#include "mlx5x_prm.h"
#include "mlx5x_rxtx.h"

/* op_own of a plain responder SEND CQE of the pass whose owner bit is own,
 * bit 1 (solicited event) masked off (four at a time: times 0x01010101). */
#define RX_VEC_OP_MASK 0xfdu
#define RX_VEC_SEND(own)                                                       \
	((uint32_t)((MLX5_CQE_RESP_SEND << MLX5X_CQE_OPCODE_SHIFT) | (own)))

/* Byte shuffles into mbuf bytes 32..47 (packet_type, pkt_len, data_len,
 * vlan_tci, hash.rss), each from one 16-byte lane of the CQE; -1 zeroes:
 * the length from lane 2 (byte_cnt at 12..15, big endian), the VLAN TCI
 * from lane 1 (vlan_info at 14..15), the RSS hash from lane 0
 * (rss_hash_result at 12..15). packet_type comes from the metadata table. */
#define RX_VEC_SH_LEN                                                          \
	_mm_set_epi8(-1, -1, -1, -1, -1, -1, 14, 15, 12, 13, 14, 15, -1, -1,   \
		     -1, -1)
#define RX_VEC_SH_VLAN                                                         \
	_mm_set_epi8(-1, -1, -1, -1, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1,   \
		     -1, -1)
#define RX_VEC_SH_HASH                                                         \
	_mm_set_epi8(12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,   \
		     -1, -1)

/*
 * The same mbuf bytes 32..47 from the mini CQE at byte o (0 or 8) of a
 * register (PRM, two big-endian words w0 | w1): pkt_len and data_len from
 * byte_cnt (w1), and in the hash format hash.rss from w0; in the flow tag
 * format byte_cnt is w1's bits 23:0.
 */
#define RX_MINI_SH_LEN(o)                                                      \
	_mm_set_epi8(-1, -1, -1, -1, -1, -1, (o) + 6, (o) + 7, (o) + 4,        \
		     (o) + 5, (o) + 6, (o) + 7, -1, -1, -1, -1)
#define RX_MINI_SH_LEN_HASH(o)                                                 \
	_mm_set_epi8((o) + 0, (o) + 1, (o) + 2, (o) + 3, -1, -1, (o) + 6,      \
		     (o) + 7, (o) + 4, (o) + 5, (o) + 6, (o) + 7, -1, -1, -1,  \
		     -1)
#define RX_MINI_SH_LEN24(o)                                                    \
	_mm_set_epi8(-1, -1, -1, -1, -1, -1, (o) + 6, (o) + 7, -1, (o) + 5,    \
		     (o) + 6, (o) + 7, -1, -1, -1, -1)
/* The byte counts of the mini CQEs at bytes 0 and 8 of a register into
 * its 32-bit lanes 1 and 3 (the flow tag format's 24 bits): what
 * rx_zip_four adds up for the queue's byte counter. */
#define RX_MINI_SH_BC                                                          \
	_mm_set_epi8(12, 13, 14, 15, -1, -1, -1, -1, 4, 5, 6, 7, -1, -1, -1, -1)
#define RX_MINI_SH_BC24                                                        \
	_mm_set_epi8(-1, 13, 14, 15, -1, -1, -1, -1, -1, 5, 6, 7, -1, -1, -1,  \
		     -1)
/* The flow tag format's 24-bit tags (w0 bits 31:16, w1 bits 31:24) of the
 * mini CQEs at bytes 0 and 8 into 32-bit lanes 0 and 1, or 2 and 3. */
#define RX_MINI_SH_TAG01                                                       \
	_mm_set_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, 12, 8, 9, -1, 4, 0, 1)
#define RX_MINI_SH_TAG23                                                       \
	_mm_set_epi8(-1, 12, 8, 9, -1, 4, 0, 1, -1, -1, -1, -1, -1, -1, -1, -1)

/* m's 32 bytes from rearm_data on: the rearm word and ol_flags (lo), the
 * type, lengths, VLAN TCI and RSS hash (hi). Through integers: no access
 * past the mbuf's zero-length markers as far as the compiler can see. */
static __rte_always_inline void
rx_vec_put(struct rte_mbuf *m, __m128i lo, __m128i hi)
{
	_mm_storeu_si128((__m128i *)((uintptr_t)m +
				     offsetof(struct rte_mbuf, rearm_data)),
			 lo);
	_mm_storeu_si128((__m128i *)((uintptr_t)m +
				     offsetof(struct rte_mbuf,
					      rx_descriptor_fields1)),
			 hi);
}

#define RX_VEC_RSS_HASH_SHIFT 1
_Static_assert(RTE_MBUF_F_RX_RSS_HASH == 1ull << RX_VEC_RSS_HASH_SHIFT,
	       "RTE_MBUF_F_RX_RSS_HASH moved");

/* One plain SEND CQE into m: two 16-byte stores and, with a mark id, the
 * FDIR word. Returns the 16 bytes at packet_type (pkt_len in lane 1). */
static __rte_always_inline __m128i
rx_vec_one(const struct mlx5x_rxq *rxq, struct rte_mbuf *m,
	   volatile struct mlx5_cqe64 *cqe, __m128i rearm, __m128i sh_len,
	   __m128i sh_vlan, __m128i sh_hash)
{
	const volatile uint8_t *b = (const volatile uint8_t *)cqe;
	const struct mlx5x_rx_meta *e = &rxq->meta[mlx5x_rx_meta_word(cqe)];
	__m128i c0 = _mm_loadu_si128((const __m128i *)(uintptr_t)b);
	__m128i c1 = _mm_loadu_si128((const __m128i *)(uintptr_t)(b + 16));
	__m128i c2 = _mm_loadu_si128((const __m128i *)(uintptr_t)(b + 32));
	uint64_t flags = e->flags;
	__m128i f;

	f = _mm_or_si128(_mm_shuffle_epi8(c2, sh_len),
			 _mm_shuffle_epi8(c1, sh_vlan));
	f = _mm_or_si128(f, _mm_shuffle_epi8(c0, sh_hash));
	f = _mm_insert_epi32(f, (int)e->ptype, 0);
	/* The hash is valid when the CQE names a hash type (no branch). */
	flags |= (uint64_t)(b[MLX5X_CQE_OFF_RSS_HASH_TYPE] != 0)
		 << RX_VEC_RSS_HASH_SHIFT;
	/* Tested in wire order: no byte swap unless there is a tag. */
	if (unlikely(cqe->sop_drop_qpn & RTE_BE32(0xffffff)))
		flags |= mlx5x_rx_mark(m, rte_be_to_cpu_32(cqe->sop_drop_qpn) &
						  0xffffff);
	rx_vec_put(m, _mm_insert_epi64(rearm, (int64_t)flags, 1), f);
	return f;
}

/*
 * Four plain CQEs at once. Each CQE's fields meet in one register X by
 * two word blends of three loads (CQE bytes 16..31, 36..51, 8..23):
 * X[0] rss_hash_type, X[4..7] rss_hash_result, X[8..11] byte_cnt,
 * X[12..13] the metadata word, X[14..15] vlan_info; one shuffle makes the
 * mbuf's bytes 32..47 of it, and in bytes 0..1, where the packet type goes
 * afterwards, the metadata word swapped: the table index is one word
 * extract and a mask (mlx5x_rx_meta_word's, without a load and a swap).
 * The metadata table entry's packet type and flags go in by one dword
 * insert each, straight from the table (over the swapped word, and into
 * a copy of the rearm template); the RSS-hash flag (type not 0)
 * is twice the type's unsigned minimum with 1, from the load that has it
 * at byte 8, ol_flags' low byte.
 */
#define RX_VEC_SH_X                                                            \
	_mm_set_epi8(4, 5, 6, 7, 14, 15, 10, 11, 8, 9, 10, 11, -1, -1, 12, 13)
/* Owner and flow tag of four CQEs, their bytes 56..63 as dwords
 * [tag0, tag1, own0, own1] (and 2, 3): the flow tag is sop_drop_qpn's
 * bits 23:0, op_own byte 63. */
#define RX_VEC_TAG_MASK 0xffffff00
#define RX_VEC_OWN_MASK ((int)(RX_VEC_OP_MASK << 24))

/* One of four plain CQEs (owner checked, no flow tag) into m. Returns
 * its 16 bytes at packet_type. */
static __rte_always_inline __m128i
rx_vec_quad_one(const struct mlx5x_rxq *rxq, struct rte_mbuf *m,
		volatile struct mlx5_cqe64 *cqe, __m128i rearm, __m128i sh_x,
		__m128i one8)
{
	const volatile uint8_t *b = (const volatile uint8_t *)cqe;
	__m128i y = _mm_loadu_si128((const __m128i *)(uintptr_t)(b + 16));
	__m128i c = _mm_loadu_si128((const __m128i *)(uintptr_t)(b + 36));
	__m128i h = _mm_loadu_si128((const __m128i *)(uintptr_t)(b + 8));
	__m128i s =
		_mm_shuffle_epi8(_mm_blend_epi16(_mm_blend_epi16(y, c, 0x30), h,
						 0x0c),
				 sh_x);
	const struct mlx5x_rx_meta *e =
		&rxq->meta[(uint32_t)_mm_extract_epi16(s, 0) &
			   MLX5X_RX_META_WORD_MASK];
	/* Type and flags each inserted straight from the table entry. */
	__m128i hi = _mm_insert_epi32(s, (int)e->ptype, 0);
	/* The hash type is h's byte 8, where ol_flags' low byte goes: 2
	 * (RSS_HASH) there when it is not 0, nothing elsewhere. X itself
	 * is read once, by the shuffle: no copy of it. */
	__m128i r = _mm_min_epu8(h, one8);

	rx_vec_put(m,
		   _mm_or_si128(_mm_insert_epi32(rearm, (int)e->flags, 2),
				_mm_add_epi8(r, r)),
		   hi);
	return hi;
}

/* Four plain CQEs (owners checked) into elts[0..3], their flow tags
 * aside. Returns the sum of their 16 bytes at packet_type. */
static __rte_always_inline __m128i
rx_vec_quad(const struct mlx5x_rxq *rxq, volatile struct mlx5_cqe64 *cqe,
	    struct rte_mbuf **elts, __m128i rearm)
{
	const __m128i sh_x = RX_VEC_SH_X, one8 = _mm_set_epi32(0, 1, 0, 0);
	__m128i acc;

	rte_prefetch0(elts[4]);
	acc = rx_vec_quad_one(rxq, elts[0], &cqe[0], rearm, sh_x, one8);
	acc = _mm_add_epi32(acc, rx_vec_quad_one(rxq, elts[1], &cqe[1], rearm,
						 sh_x, one8));
	acc = _mm_add_epi32(acc, rx_vec_quad_one(rxq, elts[2], &cqe[2], rearm,
						 sh_x, one8));
	return _mm_add_epi32(acc, rx_vec_quad_one(rxq, elts[3], &cqe[3], rearm,
						  sh_x, one8));
}

/* The same for four CQEs of which some carry a flow tag: then the mark
 * each names (the rare case of a queue behind MARK or FLAG rules). */
static __rte_noinline __m128i
rx_vec_quad_marked(const struct mlx5x_rxq *rxq, volatile struct mlx5_cqe64 *cqe,
		   struct rte_mbuf **elts, __m128i rearm)
{
	__m128i acc = rx_vec_quad(rxq, cqe, elts, rearm);
	unsigned int k;

	for (k = 0; k < 4; k++) {
		uint32_t tag = rte_be_to_cpu_32(cqe[k].sop_drop_qpn) & 0xffffff;

		if (tag != 0)
			elts[k]->ol_flags |= mlx5x_rx_mark(elts[k], tag);
	}
	return acc;
}

/* op_own says: the adapter's CQE of the pass whose owner bit is own, with
 * a valid opcode. */
static __rte_always_inline bool
rx_vec_ready(uint8_t op_own, uint32_t own)
{
	return (op_own & MLX5_CQE_OWNER_MASK) == own &&
	       (op_own >> MLX5X_CQE_OPCODE_SHIFT) != MLX5_CQE_INVALID;
}

static __rte_always_inline void
rx_vec_doorbell(struct mlx5x_rxq *rxq)
{
	rte_io_wmb();
	*rxq->cq_db = rte_cpu_to_be_32(rxq->cq_ci & 0xffffff);
	rte_io_wmb();
	*rxq->rq_db = rte_cpu_to_be_32(rxq->rq_ci & 0xffff);
}

/*
 * Where a replacement's data starts, from the mbuf's own address: every
 * mbuf of a pool whose buffers are not pinned external ones keeps its
 * data room right behind itself and its private area (DPDK:
 * rte_mbuf_buf_addr), and the vector burst is chosen only for such pools
 * (mlx5x_rx_burst_pick). No load from the replacement mbuf.
 */
static __rte_always_inline uint64_t
rx_vec_data_off(const struct mlx5x_rxq *rxq)
{
	return rxq->vec_data_off; /* mlx5x_rxq.c, from the pool */
}

/* Re-post r in WQE slot i (one MR for the pool: address only). */
static __rte_always_inline void
rx_vec_post(volatile struct mlx5_wqe_data_seg *wqes, unsigned int i,
	    struct rte_mbuf *r, uint64_t off)
{
	wqes[i].addr = rte_cpu_to_be_64((uintptr_t)r + off);
}

/* Big-endian 64-bit words of both halves of a register. */
#define RX_VEC_SH_BSWAP64                                                      \
	_mm_set_epi8(8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7)

/* Re-post the two mbufs in the halves of r01 in WQE slots 0 and 1: one
 * add and one shuffle for both addresses. */
static __rte_always_inline void
rx_vec_post2(volatile struct mlx5_wqe_data_seg *wqes, __m128i r01, __m128i off)
{
	__m128i a =
		_mm_shuffle_epi8(_mm_add_epi64(r01, off), RX_VEC_SH_BSWAP64);

	_mm_storel_epi64((__m128i *)(uintptr_t)&wqes[0].addr, a);
	_mm_storeh_pd((double *)(uintptr_t)&wqes[1].addr, _mm_castsi128_pd(a));
}

/* Four packets' mbufs from ring slots elts[0..3] to pkts, their
 * replacements rep[0..3] (the step's top four, in any order: no mbuf is
 * told from another by its address) into the slots and the WQEs. */
static __rte_always_inline void
rx_vec_swap4(struct rte_mbuf **elts, struct rte_mbuf **rep,
	     struct rte_mbuf **pkts, volatile struct mlx5_wqe_data_seg *wqes,
	     __m128i off)
{
	__m128i m01 = _mm_loadu_si128((const __m128i *)&elts[0]);
	__m128i m23 = _mm_loadu_si128((const __m128i *)&elts[2]);
	__m128i r01 = _mm_loadu_si128((const __m128i *)&rep[0]);
	__m128i r23 = _mm_loadu_si128((const __m128i *)&rep[2]);

	_mm_storeu_si128((__m128i *)&pkts[0], m01);
	_mm_storeu_si128((__m128i *)&pkts[2], m23);
	_mm_storeu_si128((__m128i *)&elts[0], r01);
	_mm_storeu_si128((__m128i *)&elts[2], r23);
	rx_vec_post2(wqes, r01, off);
	rx_vec_post2(wqes + 2, r23, off);
}

/* Bytes 56..63 (flow tag, owner) of the CQEs at b and b + 64 as dwords
 * [tag0, tag1, own0, own1]. */
static __rte_always_inline __m128i
rx_vec_own_tags2(const volatile uint8_t *b)
{
	return _mm_unpackhi_epi32(_mm_load_si128(
					  (const __m128i *)(uintptr_t)(b + 48)),
				  _mm_load_si128(
					  (const __m128i *)(uintptr_t)(b +
								       112)));
}

/* Four CQEs' owner words as rx_vec_own_tags2 gives them when they are
 * plain SENDs of the pass whose owner bit is the index, without flow
 * tags: one load rather than building it per step. */
static const __m128i rx_vec_want[2] = {
	{ 0, (long long)((uint64_t)RX_VEC_SEND(0) << 56 |
			 (uint64_t)RX_VEC_SEND(0) << 24) },
	{ 0, (long long)((uint64_t)RX_VEC_SEND(1) << 56 |
			 (uint64_t)RX_VEC_SEND(1) << 24) },
};

/*
 * At most n plain CQEs, n stopping at the CQ's and the RQ's ring ends (as
 * in mlx5x_rx.c: CQE i of the step completes WQE rq_ci + i), with
 * rep[-n..0) their replacements, taken from the top down. Stops at the first CQE that is not a
 * plain SEND of this pass; returns the packets handed up.
 */
static __rte_always_inline unsigned int
rx_vec_step(struct mlx5x_rxq *rxq, struct rte_mbuf **pkts, uint32_t n,
	    struct rte_mbuf **rep, const bool tail)
{
	const uint64_t off = rx_vec_data_off(rxq);
	const __m128i offv = _mm_set1_epi64x((long long)off);
	const uint32_t ci = rxq->cq_ci;
	const uint32_t w0 = rxq->rq_ci & rxq->wqe_mask;
	volatile struct mlx5_cqe64 *cqe = &rxq->cqes[ci & rxq->cqe_mask];
	volatile struct mlx5_wqe_data_seg *wqes = rxq->wqes + w0;
	struct rte_mbuf **elts = rxq->elts + w0;
	const uint32_t send = RX_VEC_SEND((ci >> rxq->log_cqe_n) & 1);
	const __m128i rearm = _mm_cvtsi64_si128((int64_t)rxq->rearm);
	const __m128i sh_len = RX_VEC_SH_LEN, sh_vlan = RX_VEC_SH_VLAN,
		      sh_hash = RX_VEC_SH_HASH;
	const volatile struct mlx5_cqe64 *const end = cqe + n;
	const __m128i own_tag_mask =
		_mm_set_epi32(RX_VEC_OWN_MASK, RX_VEC_OWN_MASK,
			      (int)RX_VEC_TAG_MASK, (int)RX_VEC_TAG_MASK);
	const __m128i own_only =
		_mm_set_epi32(RX_VEC_OWN_MASK, RX_VEC_OWN_MASK, 0, 0);
	const __m128i want =
		_mm_load_si128(&rx_vec_want[(ci >> rxq->log_cqe_n) & 1]);
	__m128i acc = _mm_setzero_si128();
	unsigned int i;

	/* The mbuf slots, the packets and the WQEs through one byte index
	 * (8 per packet, the WQEs at twice it), the CQEs and the
	 * replacements through a pointer each: fewer induction variables
	 * for the compiler to advance every four packets. */
	const uintptr_t n8 = (uintptr_t)(n & ~3u) * sizeof(void *);
	uintptr_t i8;

	for (i8 = 0; i8 != n8; i8 += 4 * sizeof(void *), cqe += 4) {
		const volatile uint8_t *b = (const volatile uint8_t *)cqe;
		struct rte_mbuf **e4 =
			(struct rte_mbuf **)((uintptr_t)elts + i8);
		__m128i t01 = rx_vec_own_tags2(b);
		__m128i t23 = rx_vec_own_tags2(b + 128);
		/* want lies inside own_tag_mask: the masked XOR is the XOR
		 * masked, one test for both pairs. */
		__m128i d = _mm_or_si128(_mm_xor_si128(t01, want),
					 _mm_xor_si128(t23, want));

		/* Not four plain SENDs of this pass, or flow tags: tags
		 * alone take the four-packet path and then the marks. */
		if (unlikely(!_mm_testz_si128(d, own_tag_mask))) {
			if (!_mm_testz_si128(d, own_only))
				break;
			rte_io_rmb();
			acc = _mm_add_epi32(acc, rx_vec_quad_marked(rxq, cqe,
								    e4, rearm));
		} else {
			/* PRM: the CQEs' other fields are valid once their
			 * owner bits are. */
			rte_io_rmb();
			acc = _mm_add_epi32(acc,
					    rx_vec_quad(rxq, cqe, e4, rearm));
		}
		rep -= 4;
		rx_vec_swap4(e4, rep,
			     (struct rte_mbuf **)((uintptr_t)pkts + i8),
			     (volatile struct mlx5_wqe_data_seg
				      *)((uintptr_t)wqes + 2 * i8),
			     offv);
	}
	elts += i8 / sizeof(void *);
	pkts += i8 / sizeof(void *);
	wqes += i8 / sizeof(void *);
	/* The last 1..3 before the ring's or the step's end, or those
	 * before the first CQE of a group that is not a plain SEND; none
	 * without tail (a step of whole groups of four, the caller goes on
	 * with a step that has it). */
	for (; tail && cqe != end; cqe++, elts++, wqes++, pkts++) {
		if ((cqe->op_own & RX_VEC_OP_MASK) != send)
			break;
		rte_io_rmb();
		acc = _mm_add_epi32(acc, rx_vec_one(rxq, elts[0], cqe, rearm,
						    sh_len, sh_vlan, sh_hash));
		pkts[0] = elts[0];
		elts[0] = *--rep;
		rx_vec_post(wqes, 0, elts[0], off);
	}
	/* Without the tail, the loop's index alone: nothing else live
	 * across the loop for this. */
	i = tail ? (unsigned int)(n - (unsigned int)(end - cqe))
		 : (unsigned int)(i8 / sizeof(void *));
	/* One at a time: packed into vectors by the compiler (neighbours
	 * in memory), the four additions cost twice as many instructions. */
	rxq->cq_ci += i;
	rxq->stats.packets += i;
	rte_compiler_barrier();
	rxq->rq_ci += i;
	rxq->stats.bytes += (uint32_t)_mm_extract_epi32(acc, 1);
	return i;
}

/* Mark flags (32-bit lanes) of the flow tags in t's 32-bit lanes: 0 none,
 * 0xffffff FDIR, any other FDIR | FDIR_ID (mlx5x_rx_mark). */
static __rte_always_inline __m128i
rx_vec_mark_flags(__m128i t)
{
	const __m128i z = _mm_cmpeq_epi32(t, _mm_setzero_si128());
	const __m128i fl = _mm_cmpeq_epi32(t, _mm_set1_epi32(0xffffff));
	const __m128i id =
		_mm_andnot_si128(_mm_or_si128(z, fl),
				 _mm_set1_epi32((int)RTE_MBUF_F_RX_FDIR_ID));

	return _mm_or_si128(id,
			    _mm_andnot_si128(z,
					     _mm_set1_epi32(
						     (int)RTE_MBUF_F_RX_FDIR)));
}
_Static_assert(RTE_MBUF_F_RX_FDIR_ID < (1ull << 31) &&
		       RTE_MBUF_F_RX_FDIR < (1ull << 31),
	       "mark flags beyond a 32-bit lane");

/* What every packet of a session shares, from its title. */
struct rx_zip_title {
	__m128i lo;	  /* rearm template | the title's flags */
	__m128i hi;	  /* packet type, VLAN TCI, RSS hash; lengths 0 */
	uint64_t flags;	  /* flags the mini CQEs do not change */
	uint32_t ok;	  /* L3/L4 header format: meta index bits 10:8 */
	uint32_t mark_hi; /* hash.fdir.hi of a mark id (title's tag - 1) */
};

static __rte_always_inline void
rx_zip_title_read(const struct mlx5x_rxq *rxq, volatile struct mlx5_cqe64 *t,
		  struct rx_zip_title *z, const unsigned int fmt)
{
	const volatile uint8_t *b = (const volatile uint8_t *)t;
	const struct mlx5x_rx_meta *e = &rxq->meta[mlx5x_rx_meta_word(t)];
	__m128i c0 = _mm_loadu_si128((const __m128i *)(uintptr_t)b);
	__m128i c1 = _mm_loadu_si128((const __m128i *)(uintptr_t)(b + 16));
	uint32_t tag = rte_be_to_cpu_32(t->sop_drop_qpn) & 0xffffff;
	uint64_t flags = 0;

	z->hi = _mm_shuffle_epi8(c1, RX_VEC_SH_VLAN);
	/* The hash format's mini CQEs carry each packet's hash. */
	if (fmt != MLX5X_MINI_CQE_FORMAT_HASH)
		z->hi = _mm_or_si128(z->hi,
				     _mm_shuffle_epi8(c0, RX_VEC_SH_HASH));
	if (b[MLX5X_CQE_OFF_RSS_HASH_TYPE] != 0)
		flags |= RTE_MBUF_F_RX_RSS_HASH;
	/* The flow tag format's mini CQEs carry each packet's tag. */
	z->mark_hi = 0;
	if (fmt != MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX && tag != 0) {
		flags |= tag == MLX5X_RX_FLOW_TAG_FLAG
				 ? RTE_MBUF_F_RX_FDIR
				 : RTE_MBUF_F_RX_FDIR | RTE_MBUF_F_RX_FDIR_ID;
		z->mark_hi = tag - 1;
	}
	/* The L3/L4 header format's mini CQEs carry byte 29 (types, VLAN
	 * stripped): the table entry per packet, byte 28's bits from here. */
	z->ok = mlx5x_rx_meta_word(t) & ~0xffu;
	if (fmt != MLX5X_MINI_CQE_FORMAT_L34H_STRIDX) {
		flags |= e->flags;
		z->hi = _mm_insert_epi32(z->hi, (int)e->ptype, 0);
	}
	z->flags = flags;
	z->lo = _mm_insert_epi64(_mm_cvtsi64_si128((int64_t)rxq->rearm),
				 (int64_t)flags, 1);
}

/* The packet of the mini CQE that shuffle sh reads from v into m, the
 * title's fields z around it; tag_flags its mark flags (flow tag format).
 * Returns its 16 bytes at packet_type. */
static __rte_always_inline __m128i
rx_zip_one(const struct mlx5x_rxq *rxq, const struct rx_zip_title *z,
	   struct rte_mbuf *m, __m128i v, __m128i sh,
	   const volatile uint8_t *mini, uint32_t tag_flags, uint32_t tag_hi,
	   const unsigned int fmt)
{
	__m128i hi = _mm_or_si128(z->hi, _mm_shuffle_epi8(v, sh));
	__m128i lo = z->lo;

	/* hash.fdir.hi means something only with FDIR_ID (the scalar
	 * bursts leave it alone otherwise): one store, no branch. The
	 * title's tag, the session's, the callers store when it is a mark
	 * id (rx_zip_mark). */
	if (fmt == MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX) {
		lo = _mm_insert_epi64(lo, (int64_t)(z->flags | tag_flags), 1);
		m->hash.fdir.hi = tag_hi;
	}
	if (fmt == MLX5X_MINI_CQE_FORMAT_L34H_STRIDX) {
		/* PRM: this format's w0 bits 23:16 are CQE byte 29. */
		const struct mlx5x_rx_meta *e = &rxq->meta[z->ok | mini[1]];

		hi = _mm_insert_epi32(hi, (int)e->ptype, 0);
		lo = _mm_insert_epi64(lo, (int64_t)(z->flags | e->flags), 1);
	}
	rx_vec_put(m, lo, hi);
	return hi;
}

/* The session's mark id (the title's tag, all formats but the flow tag
 * one) into the k mbufs at pkts: one test per step rather than a store
 * per packet for a session without one. */
static __rte_always_inline void
rx_zip_mark(const struct rx_zip_title *z, struct rte_mbuf **pkts,
	    unsigned int k, const unsigned int fmt)
{
	unsigned int i;

	if (fmt == MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX ||
	    likely(!(z->flags & RTE_MBUF_F_RX_FDIR_ID)))
		return;
	for (i = 0; i < k; i++)
		pkts[i]->hash.fdir.hi = z->mark_hi;
}

/* Mini CQE i of the session whose title is at slot t (PRM: arrays of 8
 * at t + 1, t + 8, t + 16, ...). */
static __rte_always_inline const volatile uint8_t *
rx_zip_mini(const struct mlx5x_rxq *rxq, uint32_t t, uint32_t i)
{
	uint32_t a = i & ~(MLX5X_MINI_CQES_PER_SLOT - 1);

	return (const volatile uint8_t *)&rxq
		       ->cqes[(t + (a == 0 ? 1 : a)) & rxq->cqe_mask] +
	       (i % MLX5X_MINI_CQES_PER_SLOT) * 8;
}

/* Packet i of the session at title t alone (its mini CQE's 8 bytes):
 * into elts[0], which goes to pkts[0], r into its place. */
static __rte_always_inline __m128i
rx_zip_single(struct mlx5x_rxq *rxq, const struct rx_zip_title *z, uint32_t t,
	      uint32_t i, struct rte_mbuf **elts, struct rte_mbuf *r,
	      struct rte_mbuf **pkts, volatile struct mlx5_wqe_data_seg *wqes,
	      uint64_t off, const unsigned int fmt)
{
	const volatile uint8_t *mini = rx_zip_mini(rxq, t, i);
	__m128i v = _mm_loadl_epi64((const __m128i *)(uintptr_t)mini);
	const __m128i sh =
		fmt == MLX5X_MINI_CQE_FORMAT_HASH ? RX_MINI_SH_LEN_HASH(0)
		: fmt == MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX ? RX_MINI_SH_LEN24(0)
							   : RX_MINI_SH_LEN(0);
	uint32_t tf = 0, th = 0;
	__m128i hi;

	if (fmt == MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX) {
		__m128i tg = _mm_shuffle_epi8(v, RX_MINI_SH_TAG01);

		tf = (uint32_t)_mm_cvtsi128_si32(rx_vec_mark_flags(tg));
		th = (uint32_t)_mm_cvtsi128_si32(
			_mm_add_epi32(tg, _mm_set1_epi32(-1)));
	}
	hi = rx_zip_one(rxq, z, elts[0], v, sh, mini, tf, th, fmt);
	pkts[0] = elts[0];
	elts[0] = r;
	rx_vec_post(wqes, 0, r, off);
	return hi;
}

/* Packets of the four mini CQEs at mini (half an array): into
 * elts[0..3], which go to pkts[0..3], rep[0..3] into their places.
 * Returns their byte counts in two sums, 32-bit lanes 1 and 3. */
static __rte_always_inline __m128i
rx_zip_four(struct mlx5x_rxq *rxq, const struct rx_zip_title *z,
	    const volatile uint8_t *mini, struct rte_mbuf **elts,
	    struct rte_mbuf **rep, struct rte_mbuf **pkts,
	    volatile struct mlx5_wqe_data_seg *wqes, __m128i offv,
	    const unsigned int fmt)
{
	const __m128i sh0 =
		fmt == MLX5X_MINI_CQE_FORMAT_HASH ? RX_MINI_SH_LEN_HASH(0)
		: fmt == MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX ? RX_MINI_SH_LEN24(0)
							   : RX_MINI_SH_LEN(0);
	const __m128i sh1 =
		fmt == MLX5X_MINI_CQE_FORMAT_HASH ? RX_MINI_SH_LEN_HASH(8)
		: fmt == MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX ? RX_MINI_SH_LEN24(8)
							   : RX_MINI_SH_LEN(8);
	__m128i v01 = _mm_loadu_si128((const __m128i *)(uintptr_t)mini);
	__m128i v23 = _mm_loadu_si128((const __m128i *)(uintptr_t)(mini + 16));
	uint32_t tf[4] = { 0 }, th[4] = { 0 };

	if (fmt == MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX) {
		__m128i tg =
			_mm_or_si128(_mm_shuffle_epi8(v01, RX_MINI_SH_TAG01),
				     _mm_shuffle_epi8(v23, RX_MINI_SH_TAG23));

		_mm_storeu_si128((__m128i *)tf, rx_vec_mark_flags(tg));
		_mm_storeu_si128((__m128i *)th,
				 _mm_add_epi32(tg, _mm_set1_epi32(-1)));
	}
	const __m128i shb = fmt == MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX
				    ? RX_MINI_SH_BC24
				    : RX_MINI_SH_BC;

	rx_zip_one(rxq, z, elts[0], v01, sh0, mini, tf[0], th[0], fmt);
	rx_zip_one(rxq, z, elts[1], v01, sh1, mini + 8, tf[1], th[1], fmt);
	rx_zip_one(rxq, z, elts[2], v23, sh0, mini + 16, tf[2], th[2], fmt);
	rx_zip_one(rxq, z, elts[3], v23, sh1, mini + 24, tf[3], th[3], fmt);
	rx_vec_swap4(elts, rep, pkts, wqes, offv);
	/* The four byte counts from the two loads, in lanes 1 and 3: the
	 * packets' registers die with their stores. */
	return _mm_add_epi32(_mm_shuffle_epi8(v01, shb),
			     _mm_shuffle_epi8(v23, shb));
}

/* The eight slots from c are software's again (op_own invalid). */
static __rte_always_inline void
rx_zip_inval8(volatile struct mlx5_cqe64 *c)
{
	const uint8_t inv = MLX5_CQE_INVALID << MLX5X_CQE_OPCODE_SHIFT;

	c[0].op_own = inv;
	c[1].op_own = inv;
	c[2].op_own = inv;
	c[3].op_own = inv;
	c[4].op_own = inv;
	c[5].op_own = inv;
	c[6].op_own = inv;
	c[7].op_own = inv;
}

/* The session at title t is read: its slots are software's again, from
 * its slot from on (those before, the caller's array loop invalidated). */
static __rte_always_inline void
rx_zip_end(struct mlx5x_rxq *rxq, uint32_t t, uint32_t from, uint32_t n)
{
	const uint8_t inv = MLX5_CQE_INVALID << MLX5X_CQE_OPCODE_SHIFT;
	uint32_t i = from;

	if ((t & rxq->cqe_mask) + n <= rxq->cqe_mask + 1u) {
		/* Not across the ring's end (never from the adapter): eight
		 * stores a turn (a session is mostly whole arrays of 8),
		 * through one pointer. */
		volatile struct mlx5_cqe64 *c =
			&rxq->cqes[(t & rxq->cqe_mask) + from];
		const volatile struct mlx5_cqe64 *const e8 =
			c + ((n - from) & ~7u);
		const volatile struct mlx5_cqe64 *const e = c + (n - from);

		for (; c != e8; c += 8)
			rx_zip_inval8(c);
		for (; c != e; c++)
			c->op_own = inv;
	} else {
		for (; i < n; i++)
			rxq->cqes[(t + i) & rxq->cqe_mask].op_own = inv;
	}
	rxq->cq_ci = t + n;
	rxq->zip_n = 0;
	rxq->zip_i = 0;
}

/*
 * n packets (n stopping at the RQ's ring end and the session's) of the
 * session whose title is at cq_ci, from its packet zip_i on, with
 * rep[-n..0) their replacements: packet zip_i + k completes WQE
 * rq_ci + k and takes rep[k - n]. fmt the CQ's mini CQE format, a
 * compile-time constant in each instance. Packets, slots, WQEs and
 * replacements through one index k, the mini CQE array's address
 * from i = zip_i + k once per eight.
 */
static __rte_always_inline unsigned int
rx_zip_step(struct mlx5x_rxq *rxq, struct rte_mbuf **pkts, uint32_t n,
	    struct rte_mbuf **rep, const unsigned int fmt, const bool whole)
{
	const uint8_t inv = MLX5_CQE_INVALID << MLX5X_CQE_OPCODE_SHIFT;
	const uint32_t t = rxq->cq_ci;
	const uint32_t w0 = rxq->rq_ci & rxq->wqe_mask;
	volatile struct mlx5_wqe_data_seg *wqes = rxq->wqes + w0;
	struct rte_mbuf **elts = rxq->elts + w0;
	const uint64_t off = rx_vec_data_off(rxq);
	const __m128i offv = _mm_set1_epi64x((long long)off);
	volatile struct mlx5_cqe64 *const cqes = rxq->cqes;
	const uint32_t cqe_mask = rxq->cqe_mask;
	/* whole: the whole session in this step from its first packet,
	 * not across the CQ's end (the common case, a compile-time
	 * constant): the array loop invalidates each array's eight slots
	 * (the title's among the first eight: read before the loop, nothing
	 * reads it after), rx_zip_end only what is left. */
	const uint32_t i0 = whole ? 0 : rxq->zip_i;
	uint32_t k = 0, i, head, from = 0;
	/* Byte counts: of single packets in lane 1, of fours in lanes 1
	 * and 3 (rx_zip_four). */
	__m128i acc1 = _mm_setzero_si128(), acc4 = _mm_setzero_si128();
	struct rx_zip_title z;

	rep -= n;
	rx_zip_title_read(rxq, &cqes[t & cqe_mask], &z, fmt);
	/* One at a time up to a multiple of 4 (half an array). */
	for (head = RTE_MIN(n, (4 - (i0 & 3)) & 3); k != head; k++)
		acc1 = _mm_add_epi32(acc1,
				     rx_zip_single(rxq, &z, t, i0 + k, elts + k,
						   rep[k], pkts + k, wqes + k,
						   off, fmt));
	/* Half an array to reach a whole one, then whole arrays (one
	 * address for eight mini CQEs), then what is left: half an array,
	 * and one at a time. */
	i = i0 + k;
	if ((i & 7) == 4 && n - k >= 4) {
		acc4 = _mm_add_epi32(acc4,
				     rx_zip_four(rxq, &z,
						 rx_zip_mini(rxq, t, i),
						 elts + k, rep + k, pkts + k,
						 wqes + k, offv, fmt));
		k += 4;
	}
	i = i0 + k;
	if (n - k >= 8) {
		/* Whole arrays: i a multiple of 8 here, the first array of a
		 * session at the slot after its title, the others at t + i.
		 * The slots, packets and replacements through one byte
		 * offset jb, the WQEs at twice it: two additions a turn. */
		const uintptr_t a8 =
			(uintptr_t)((n - k) & ~7u) * sizeof(void *);
		const uintptr_t e0 = (uintptr_t)(elts + k),
				p0 = (uintptr_t)(pkts + k),
				r0 = (uintptr_t)(rep + k),
				w0b = (uintptr_t)(wqes + k);
		uint32_t first = i == 0, s = t + i;
		uintptr_t jb;

		for (jb = 0; jb != a8; jb += 8 * sizeof(void *), s += 8) {
			volatile struct mlx5_cqe64 *c = &cqes[s & cqe_mask];
			const volatile uint8_t *mini =
				(const volatile uint8_t *)(c + first);
			struct rte_mbuf **e = (struct rte_mbuf **)(e0 + jb);
			struct rte_mbuf **p = (struct rte_mbuf **)(p0 + jb);
			struct rte_mbuf **r = (struct rte_mbuf **)(r0 + jb);
			volatile struct mlx5_wqe_data_seg *w =
				(volatile struct mlx5_wqe_data_seg *)(w0b +
								      2 * jb);

			first = 0;
			acc4 = _mm_add_epi32(acc4,
					     rx_zip_four(rxq, &z, mini, e, r, p,
							 w, offv, fmt));
			acc4 = _mm_add_epi32(acc4,
					     rx_zip_four(rxq, &z, mini + 32,
							 e + 4, r + 4, p + 4,
							 w + 4, offv, fmt));
			if (whole)
				rx_zip_inval8(c);
		}
		k += (uint32_t)(a8 / sizeof(void *));
		i = i0 + k;
		if (whole)
			from = k;
	}
	if (n - k >= 4) {
		acc4 = _mm_add_epi32(acc4,
				     rx_zip_four(rxq, &z,
						 rx_zip_mini(rxq, t, i),
						 elts + k, rep + k, pkts + k,
						 wqes + k, offv, fmt));
		k += 4, i += 4;
	}
	for (; k != n; k++, i++)
		acc1 = _mm_add_epi32(acc1,
				     rx_zip_single(rxq, &z, t, i, elts + k,
						   rep[k], pkts + k, wqes + k,
						   off, fmt));
	rx_zip_mark(&z, pkts, n, fmt);
	acc4 = _mm_add_epi32(acc4, _mm_srli_si128(acc4, 8));
	/* One at a time (as in rx_vec_step): packed into one vector
	 * addition by the compiler, the two cost twice as many. */
	rxq->stats.packets += n;
	rte_compiler_barrier();
	rxq->stats.bytes +=
		(uint32_t)_mm_extract_epi32(_mm_add_epi32(acc1, acc4), 1);
	rxq->rq_ci += n;
	if (whole) {
		/* The slots after the last whole array (rx_zip_end without
		 * the ring's end). */
		volatile struct mlx5_cqe64 *c = &cqes[(t & cqe_mask) + from];

		for (; from != n; from++, c++)
			c->op_own = inv;
		rxq->cq_ci = t + n;
		rxq->zip_n = 0;
		rxq->zip_i = 0;
		return n;
	}
	rxq->zip_i = (uint16_t)(i0 + n);
	if (i0 + n == rxq->zip_n)
		rx_zip_end(rxq, t, from, i0 + n);
	return n;
}

/* The session step for the queue's mini CQE format, each its own
 * instance. */
static unsigned int
rx_zip_step_any(struct mlx5x_rxq *rxq, struct rte_mbuf **pkts, uint32_t n,
		struct rte_mbuf **rep)
{
	switch (rxq->mini_format) {
	case MLX5X_MINI_CQE_FORMAT_HASH:
		return rx_zip_step(rxq, pkts, n, rep,
				   MLX5X_MINI_CQE_FORMAT_HASH, false);
	case MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX:
		return rx_zip_step(rxq, pkts, n, rep,
				   MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX, false);
	case MLX5X_MINI_CQE_FORMAT_L34H_STRIDX:
		return rx_zip_step(rxq, pkts, n, rep,
				   MLX5X_MINI_CQE_FORMAT_L34H_STRIDX, false);
	default: /* checksum formats: only the length differs */
		return rx_zip_step(rxq, pkts, n, rep,
				   MLX5X_MINI_CQE_FORMAT_CSUM, false);
	}
}

/* Any burst: plain steps, session steps, and the scalar bursts for what
 * they do not handle. */
static __rte_noinline uint16_t
rx_vec_burst_any(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	struct mlx5x_rxq *rxq = q;
	struct rte_mbuf *buf[MLX5X_RX_BURST_STEP];
	struct mlx5x_rx_reps reps;
	unsigned int done = 0, k, want;

	while (done < n) {
		/* A step ends at the RQ's ring end. */
		want = RTE_MIN((unsigned int)n - done,
			       (unsigned int)MLX5X_RX_BURST_STEP);
		want = RTE_MIN(want, rxq->wqe_mask + 1u -
					     (rxq->rq_ci & rxq->wqe_mask));
		if (rxq->zip_n == 0) {
			const uint32_t ci = rxq->cq_ci;
			const uint32_t own = (ci >> rxq->log_cqe_n) & 1;
			volatile struct mlx5_cqe64 *cqe =
				&rxq->cqes[ci & rxq->cqe_mask];
			const uint8_t op_own = cqe->op_own;

			/* Nothing ready: no trip to the pool; a recovery
			 * that failed (the RQ not in RDY completes
			 * nothing) tried again. */
			if (!rx_vec_ready(op_own, own)) {
				mlx5x_rx_recover_if_needed(rxq);
				break;
			}
			if (((op_own >> MLX5X_CQE_FORMAT_SHIFT) & 3) ==
			    MLX5X_CQE_FORMAT_COMPRESSED) {
				/* PRM: the title's fields and the session's
				 * mini CQE arrays are valid once its owner
				 * bit is. */
				rte_io_rmb();
				rxq->zip_n = (uint16_t)rte_be_to_cpu_32(
					cqe->byte_cnt);
				/* A session of no packets: the scalar burst
				 * skips it as an error. */
				if (unlikely(rxq->zip_n == 0))
					goto scalar;
				rxq->zip_i = 0;
				rxq->comp_sessions++;
			} else {
				/* An error completion: the scalar burst. */
				if ((op_own & RX_VEC_OP_MASK) !=
				    RX_VEC_SEND(own))
					goto scalar;
				/* Plain CQEs up to the CQ's ring end: at
				 * least the first, a plain SEND. */
				want = RTE_MIN(want,
					       rxq->cqe_mask + 1u -
						       (ci & rxq->cqe_mask));
				if (unlikely(!mlx5x_rx_reps_get(rxq->mp, &reps,
								buf, want)))
					goto scalar;
				k = rx_vec_step(rxq, pkts + done, want,
						reps.end, true);
				mlx5x_rx_reps_put(rxq->mp, &reps, want, k);
				done += k;
				rx_vec_doorbell(rxq);
				continue;
			}
		}
		/* A session: all of it or what the burst still wants. */
		want = RTE_MIN(want, (unsigned int)(rxq->zip_n - rxq->zip_i));
		if (unlikely(!mlx5x_rx_reps_get(rxq->mp, &reps, buf, want)))
			goto scalar;
		done += rx_zip_step_any(rxq, pkts + done, want, reps.end);
		rx_vec_doorbell(rxq);
	}
	return (uint16_t)done;
scalar:
	/* What the vector steps do not handle (an error completion, no
	 * mbufs for replacements): the scalar burst, which also counts,
	 * drops and recovers the RQ. */
	return (uint16_t)(done +
			  (rxq->cqe_comp
				   ? mlx5x_rx_burst_comp(q, pkts + done,
							 (uint16_t)(n - done))
				   : mlx5x_rx_burst(q, pkts + done,
						    (uint16_t)(n - done))));
}

/* op_own of a compressed session's title of the pass whose owner bit is
 * own (its first packet's opcode, a SEND; solicited event masked off). */
#define RX_VEC_TITLE(own)                                                      \
	(RX_VEC_SEND(own) | MLX5X_CQE_FORMAT_COMPRESSED                        \
				    << MLX5X_CQE_FORMAT_SHIFT)

/* op_own of the CQE at cq_ci without the solicited event bit, its owner
 * bit compared with the pass's: a SEND or title of this pass leaves 0
 * there. */
static __rte_always_inline uint32_t
rx_vec_op(const struct mlx5x_rxq *rxq)
{
	const uint32_t ci = rxq->cq_ci;

	return (rxq->cqes[ci & rxq->cqe_mask].op_own & RX_VEC_OP_MASK) ^
	       ((ci >> rxq->log_cqe_n) & 1);
}

/* Nothing for a burst to do with op (rx_vec_op) and no session open: the
 * CQE at cq_ci is the last pass's or was never written, and no failed
 * recovery waits for another try. Most polls of a port without traffic
 * end here, without rx_vec_burst_any's frame and loop. */
static __rte_always_inline bool
rx_vec_idle(const struct mlx5x_rxq *rxq, uint32_t op)
{
	return ((op & MLX5_CQE_OWNER_MASK) != 0 ||
		(op >> MLX5X_CQE_OPCODE_SHIFT) == MLX5_CQE_INVALID) &&
	       !rxq->needs_recovery;
}

/* After the first step of a call for n, k packets read: the doorbells,
 * and rx_vec_burst_any for the rest unless the step emptied the CQ (the
 * common call ends here). */
static __rte_always_inline uint16_t
rx_vec_burst_rest(struct mlx5x_rxq *rxq, struct rte_mbuf **pkts, uint16_t n,
		  unsigned int k)
{
	rx_vec_doorbell(rxq);
	if (likely(k == n) ||
	    (rxq->zip_n == 0 && rx_vec_idle(rxq, rx_vec_op(rxq))))
		return (uint16_t)k;
	return (uint16_t)(k +
			  rx_vec_burst_any(rxq, pkts + k, (uint16_t)(n - k)));
}

/*
 * The common call: no session open and a plain SEND at cq_ci, a burst of
 * at most one step. One step of whole groups of four up to the rings'
 * ends and the first group that is not four plain SENDs, then
 * rx_vec_burst_any for what is left (the rest of its loop, as if it had
 * made that step): the code of sessions, errors and single CQEs stays
 * out of this one's registers.
 */
static __rte_noinline uint16_t
rx_vec_burst_plain(struct mlx5x_rxq *rxq, struct rte_mbuf **pkts, uint16_t n)
{
	struct rte_mbuf *buf[MLX5X_RX_BURST_STEP];
	struct mlx5x_rx_reps reps;
	const uint32_t ci = rxq->cq_ci;
	unsigned int want, k;

	want = RTE_MIN((unsigned int)n,
		       rxq->wqe_mask + 1u - (rxq->rq_ci & rxq->wqe_mask));
	want = RTE_MIN(want, rxq->cqe_mask + 1u - (ci & rxq->cqe_mask));
	/* Whole groups of four here (no single-CQE code, fewer values
	 * live across the loop); rx_vec_burst_any reads the rest. */
	want &= ~3u;
	if (unlikely(want == 0 ||
		     !mlx5x_rx_reps_get(rxq->mp, &reps, buf, want)))
		return rx_vec_burst_any(rxq, pkts, n);
	k = rx_vec_step(rxq, pkts, want, reps.end, false);
	mlx5x_rx_reps_put(rxq->mp, &reps, want, k);
	return rx_vec_burst_rest(rxq, pkts, n, k);
}

/*
 * The common call on a compressing CQ: a session open, or its title (a
 * SEND of this pass) at cq_ci, a burst of at most one step. One session
 * step (as far as the burst, the session and the RQ's ring end allow),
 * then, where the next slot holds the title of another session of this
 * pass (frames of several of the adapter's passes waiting for one poll,
 * as in testpmd's io forwarding), the same for it; else rx_vec_burst_any
 * for what is left: the loop, the plain CQE code and the checks of
 * rx_vec_burst_any stay out of a call that reads sessions.
 */
static uint16_t
rx_vec_burst_zip_fmt(struct mlx5x_rxq *rxq, struct rte_mbuf **pkts, uint16_t n,
		     const unsigned int fmt);

static __rte_always_inline uint16_t
rx_vec_burst_zip(struct mlx5x_rxq *rxq, struct rte_mbuf **pkts, uint16_t n,
		 const unsigned int fmt)
{
	struct rte_mbuf *buf[MLX5X_RX_BURST_STEP];
	struct mlx5x_rx_reps reps;
	uint32_t zn = rxq->zip_n, zi = rxq->zip_i;
	unsigned int want, k;
	bool got;

	if (zn == 0) {
		/* PRM: the title's fields and the session's mini CQE arrays
		 * are valid once its owner bit is. A session of no packets:
		 * rx_vec_burst_any sends it to the scalar burst. */
		rte_io_rmb();
		zn = (uint16_t)rte_be_to_cpu_32(
			rxq->cqes[rxq->cq_ci & rxq->cqe_mask].byte_cnt);
		if (unlikely(zn == 0))
			return rx_vec_burst_any(rxq, pkts, n);
		zi = 0;
		rxq->comp_sessions++;
	}
	want = RTE_MIN((unsigned int)n,
		       rxq->wqe_mask + 1u - (rxq->rq_ci & rxq->wqe_mask));
	want = RTE_MIN(want, zn - zi);
	/* The whole session from its title, not across the CQ's end:
	 * read and closed in this call, zip_n and zip_i stay 0. */
	got = mlx5x_rx_reps_get(rxq->mp, &reps, buf, want);
	if (likely(got) && zi == 0 && want == zn &&
	    (rxq->cq_ci & rxq->cqe_mask) + want <= rxq->cqe_mask + 1u) {
		k = rx_zip_step(rxq, pkts, want, reps.end, fmt, true);
	} else {
		rxq->zip_n = (uint16_t)zn;
		rxq->zip_i = (uint16_t)zi;
		/* The pool short: rx_vec_burst_any tries again, then the
		 * scalar burst. */
		if (unlikely(!got))
			return rx_vec_burst_any(rxq, pkts, n);
		k = rx_zip_step(rxq, pkts, want, reps.end, fmt, false);
	}
	/* The next session: the instance for fmt again (its doorbells ring
	 * for both). */
	if (unlikely(k != n) && rxq->zip_n == 0 &&
	    rx_vec_op(rxq) == RX_VEC_TITLE(0))
		return (uint16_t)(k + rx_vec_burst_zip_fmt(rxq, pkts + k,
							   (uint16_t)(n - k),
							   fmt));
	return rx_vec_burst_rest(rxq, pkts, n, k);
}

/* rx_vec_burst_zip for each mini CQE format, its own instance: one
 * frame for the call, the format's expander chosen by the queue's
 * format once per call. */
static __rte_noinline uint16_t
rx_vec_burst_zip_hash(struct mlx5x_rxq *rxq, struct rte_mbuf **pkts, uint16_t n)
{
	return rx_vec_burst_zip(rxq, pkts, n, MLX5X_MINI_CQE_FORMAT_HASH);
}

static __rte_noinline uint16_t
rx_vec_burst_zip_csum(struct mlx5x_rxq *rxq, struct rte_mbuf **pkts, uint16_t n)
{
	return rx_vec_burst_zip(rxq, pkts, n, MLX5X_MINI_CQE_FORMAT_CSUM);
}

static __rte_noinline uint16_t
rx_vec_burst_zip_ftag(struct mlx5x_rxq *rxq, struct rte_mbuf **pkts, uint16_t n)
{
	return rx_vec_burst_zip(rxq, pkts, n,
				MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX);
}

static __rte_noinline uint16_t
rx_vec_burst_zip_l34h(struct mlx5x_rxq *rxq, struct rte_mbuf **pkts, uint16_t n)
{
	return rx_vec_burst_zip(rxq, pkts, n,
				MLX5X_MINI_CQE_FORMAT_L34H_STRIDX);
}

/* The instance for fmt, a compile-time constant where rx_vec_burst_zip
 * calls it. */
static __rte_always_inline uint16_t
rx_vec_burst_zip_fmt(struct mlx5x_rxq *rxq, struct rte_mbuf **pkts, uint16_t n,
		     const unsigned int fmt)
{
	switch (fmt) {
	case MLX5X_MINI_CQE_FORMAT_HASH:
		return rx_vec_burst_zip_hash(rxq, pkts, n);
	case MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX:
		return rx_vec_burst_zip_ftag(rxq, pkts, n);
	case MLX5X_MINI_CQE_FORMAT_L34H_STRIDX:
		return rx_vec_burst_zip_l34h(rxq, pkts, n);
	default:
		return rx_vec_burst_zip_csum(rxq, pkts, n);
	}
}

/* The instance for the queue's format (tail calls). */
static __rte_always_inline uint16_t
rx_vec_burst_zip_any(struct mlx5x_rxq *rxq, struct rte_mbuf **pkts, uint16_t n)
{
	/* The default format (rxq_cqe_comp_en=1) first: one test. */
	if (likely(rxq->mini_format == MLX5X_MINI_CQE_FORMAT_HASH))
		return rx_vec_burst_zip_hash(rxq, pkts, n);
	switch (rxq->mini_format) {
	case MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX:
		return rx_vec_burst_zip_ftag(rxq, pkts, n);
	case MLX5X_MINI_CQE_FORMAT_L34H_STRIDX:
		return rx_vec_burst_zip_l34h(rxq, pkts, n);
	default: /* checksum formats: only the length differs */
		return rx_vec_burst_zip_csum(rxq, pkts, n);
	}
}

/* Which of the three: a test of three fields and a jump, without a frame
 * of its own (all are tail calls), so that a call reading a session
 * pays nothing for the common call's registers, and the reverse. */
uint16_t
mlx5x_rx_burst_vec(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	struct mlx5x_rxq *rxq = q;
	const uint32_t op = rx_vec_op(rxq);

	if (likely(n <= MLX5X_RX_BURST_STEP)) {
		if (rxq->zip_n != 0)
			return rx_vec_burst_zip_any(rxq, pkts, n);
		if (likely(op == RX_VEC_SEND(0)))
			return rx_vec_burst_plain(rxq, pkts, n);
		if (op == RX_VEC_TITLE(0))
			return rx_vec_burst_zip_any(rxq, pkts, n);
		if (rx_vec_idle(rxq, op))
			return 0;
	}
	return rx_vec_burst_any(q, pkts, n);
}
