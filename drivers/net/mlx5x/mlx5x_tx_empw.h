/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Enhanced multi-packet write Tx burst (PRM: ENHANCED_MPSW, opcode 0x29,
 * opmod 2), as one always-inline template for the scalar burst
 * (mlx5x_tx_empw.c) and the SSE4.2 one (mlx5x_tx_vec_sse.c, built with
 * -msse4.2 and chosen at run time). One WQE carries a session of
 * single-segment packets behind one control and one Ethernet segment, each
 * packet one data segment (pointer, lkey, length) or one inline data
 * segment (its length with the inline bit, then the whole frame, padded to
 * 16 bytes). The Ethernet segment's checksum flags hold for every packet
 * of the session, so a packet asking for other flags closes it; so does a
 * full WQE (63 units), the end of the ring (only the inline burst's
 * sessions wrap) and the end of the room. Inline copies the frames up to
 * inline_mpw bytes (16-byte loads and stores, tx_burst_empw_inl for plain
 * mbufs of the queue's pool, in the SSE4.2 burst four at a time where
 * they are 33 to 64 bytes long, the full template for the rest); when
 * the adapter requires headers inline (inline_min), a packet too long to
 * be inlined whole leaves the session and goes out as an ordinary SEND, as
 * does any packet eMPW cannot carry (chains, TSO, VLAN insertion, indirect
 * or external buffers, runts). One completion request and one doorbell per
 * burst. An inlined frame's mbuf goes back to its pool at the end of the
 * burst that copied it (the adapter never reads it); completions put the
 * mbufs sent by pointer back in bulk.
 */
#ifndef MLX5X_TX_EMPW_H
#define MLX5X_TX_EMPW_H

#include <string.h>

#include <ethdev_driver.h>
#include <rte_mbuf.h>

#include "mlx5x_lcore_tls.h"
#include "mlx5x_prm.h"
#include "mlx5x_rxtx.h"

#ifdef RTE_ARCH_X86
#include <emmintrin.h>
#endif
#ifdef __AVX2__
#include <immintrin.h>
#endif

/* PRM: a WQE's ds (16-byte units) field is 6 bits. */
#define EMPW_UNITS_MAX 63u
/* PRM: enhanced MPW, opc_mod 0 (the ctrl word's top byte stays 0). */
#define EMPW_OPCODE 0x29u
/* Shortest frame a session carries: the adapter reads an Ethernet header
 * for its checksum offloads. */
#define EMPW_LEN_MIN MLX5X_TX_EMPW_LEN_MIN

/* The Ethernet segment's first 8 bytes by the mbuf's checksum request, as
 * in the lean burst: bit 2 IP checksum, bits 1:0 L4 checksum type. */
#define TX_CS_SHIFT 52
static const uint64_t empw_eth0[8] __rte_unused = {
#define EMPW_ETH0(ip, l4)                                                      \
	RTE_BE64((uint64_t)(((ip) ? MLX5_ETH_WQE_L3_CSUM : 0) |                \
			    ((l4) ? MLX5_ETH_WQE_L4_CSUM : 0))                 \
		 << 24)
	EMPW_ETH0(0, 0), EMPW_ETH0(0, 1), EMPW_ETH0(0, 2), EMPW_ETH0(0, 3),
	EMPW_ETH0(1, 0), EMPW_ETH0(1, 1), EMPW_ETH0(1, 2), EMPW_ETH0(1, 3),
#undef EMPW_ETH0
};
_Static_assert(RTE_MBUF_F_TX_L4_MASK == 3ULL << TX_CS_SHIFT &&
		       RTE_MBUF_F_TX_IP_CKSUM == 1ULL << (TX_CS_SHIFT + 2),
	       "mbuf Tx checksum flags moved: empw_eth0 index");

/* Flags a packet of a session may not carry (its mbuf is not in its pool,
 * or eMPW has no field for the request). */
#define EMPW_SLOW                                                              \
	(RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_VLAN | RTE_MBUF_F_INDIRECT |    \
	 RTE_MBUF_F_EXTERNAL)
#define EMPW_CS (RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_L4_MASK)

/* 16 bytes, unaligned both sides: one load and one store. */
static __rte_always_inline void
empw_copy16(uint8_t *d, const uint8_t *s)
{
#ifdef RTE_ARCH_X86
	_mm_storeu_si128((__m128i *)(void *)d,
			 _mm_loadu_si128((const __m128i *)(const void *)s));
#else
	memcpy(d, s, 16);
#endif
}

#ifdef __AVX2__
/* 32 bytes, unaligned both sides: one load and one store (only in the
 * -mavx2 library, mlx5x_tx_vec_avx2.c). */
static __rte_always_inline void
empw_copy32(uint8_t *d, const uint8_t *s)
{
	_mm256_storeu_si256((__m256i *)(void *)d,
			    _mm256_loadu_si256(
				    (const __m256i *)(const void *)s));
}
#endif

/* Ring what this burst posted from w on: a completion request on the WQE
 * at last (it releases every mbuf and WQEBB before head and w), the
 * queue's indexes (unless stored), doorbell record, then the first 8
 * bytes of that WQE to the UAR. */
static __rte_always_inline void
empw_ring(struct mlx5x_txq *txq, volatile uint64_t *ctrl, uint16_t last,
	  uint16_t w, uint16_t head, const bool stored)
{
	txq->comp[last & txq->wqe_mask] = (struct mlx5x_txq_comp){
		.elts_head = head,
		.wqe_next = w,
	};
	ctrl[1] = rte_cpu_to_be_64((uint64_t)MLX5_WQE_CTRL_CQ_UPDATE << 32);
	/* stored: the burst kept them in the queue as it went. */
	if (!stored) {
		txq->wqe_ci = w;
		txq->elts_head = head;
	}
	rte_io_wmb();
	txq->sq_db[MLX5X_SND_DBR] = rte_cpu_to_be_32(w);
	rte_wmb();
	*txq->bf_reg = *ctrl;
	rte_wmb();
}

/* The CQE at cq_ci is the adapter's of this pass (what
 * mlx5x_tx_complete would read first). */
static __rte_always_inline bool
empw_cqe_ready(const struct mlx5x_txq *txq)
{
	const uint32_t ci = txq->cq_ci;
	const uint8_t op_own = txq->cqes[ci & txq->cqe_mask].op_own;

	return (op_own & MLX5_CQE_OWNER_MASK) == ((ci >> txq->log_cqe_n) & 1) &&
	       (op_own >> MLX5X_CQE_OPCODE_SHIFT) != MLX5_CQE_INVALID;
}

/* A fast burst's start: completions only when a CQE waits (the call and
 * its set-up cost a burst of 32 a packet's worth of instructions), then
 * a pending recovery. Here, not in the general template the fast bursts
 * fall back to: an error CQE stays where it is until recovery, and a
 * second look would count it twice. False: the SQ could not recover,
 * the burst takes nothing. */
static __rte_always_inline bool
empw_burst_begin(struct mlx5x_txq *txq)
{
	if (empw_cqe_ready(txq))
		mlx5x_tx_complete(txq);
	return likely(!txq->needs_recovery) || mlx5x_txq_recover(txq) == 0;
}

/*
 * Where the inline burst puts the mbufs it copied back: pkts[k] goes to
 * slot k of the returned array. That is this lcore's cache of mp, from its
 * top, when it takes n more without passing its flush threshold (a cache
 * that would pass it is flushed to the pool first, as the mempool's own put
 * does); *cache is then that cache, and empw_free_end only moves its
 * length. Without a cache (none configured, or a thread that is no EAL
 * lcore), or for a burst longer than the threshold, it is pkts itself (the
 * burst rewrites each pointer where it is) and empw_free_end puts them with
 * the mempool's generic put.
 */
static __rte_always_inline struct rte_mbuf **
empw_free_begin(struct rte_mempool *mp, struct rte_mbuf **pkts, uint16_t n,
		struct rte_mempool_cache **cache)
{
	struct rte_mempool_cache *c =
		rte_mempool_default_cache(mp, rte_lcore_id());

	*cache = NULL;
	if (unlikely(c == NULL || n > c->flushthresh))
		return pkts;
	if (unlikely(c->len + n > c->flushthresh)) {
		rte_mempool_ops_enqueue_bulk(mp, c->objs, c->len);
		c->len = 0;
	}
	*cache = c;
	return (struct rte_mbuf **)&c->objs[c->len];
}

/* The first i mbufs of pkts, written where empw_free_begin said, back in
 * mp. */
static __rte_always_inline void
empw_free_end(struct rte_mempool *mp, struct rte_mempool_cache *cache,
	      struct rte_mbuf **pkts, uint16_t i)
{
	if (likely(cache != NULL)) {
		RTE_MEMPOOL_CHECK_COOKIES(mp, (void **)pkts, i, 0);
		RTE_MEMPOOL_CACHE_STAT_ADD(cache, put_bulk, 1);
		RTE_MEMPOOL_CACHE_STAT_ADD(cache, put_objs, i);
		cache->len += i;
		return;
	}
	rte_mempool_put_bulk(mp, (void **)pkts, i);
}

#ifdef __SSE4_2__
#include <smmintrin.h>
#include <tmmintrin.h>

/* Data segment bytes from the 16 in a register (len | lkey << 32, addr):
 * byte count and lkey big-endian 32-bit, address big-endian 64-bit. */
#define EMPW_DSEG_SHUF                                                         \
	_mm_set_epi8(8, 9, 10, 11, 12, 13, 14, 15, 4, 5, 6, 7, 0, 1, 2, 3)
#endif

/* m is a plain mbuf of the session (refcnt 1, one segment, the session's
 * offload flags sol): the scalar form of empw_vec_plain. */
static __rte_always_inline bool
empw_plain(const struct rte_mbuf *m, uint64_t sol)
{
	return mlx5x_mbuf_ref_segs(m) == MLX5X_MBUF_REF1_SEG1 &&
	       (m->ol_flags & (EMPW_SLOW | EMPW_CS)) == sol;
}

#ifdef __SSE4_2__
/* m's refcnt, nb_segs and offload flags (bytes 16..31) are those of a
 * plain mbuf of the session: one load, one test. */
static __rte_always_inline int
empw_vec_plain(const struct rte_mbuf *m, __m128i want, __m128i chk)
{
	__m128i r = _mm_loadu_si128((const __m128i *)((uintptr_t)m + 16));

	return _mm_testz_si128(_mm_xor_si128(r, want), chk);
}
#endif

#ifdef __SSE4_2__
/* m's data segment at d: its length and address shuffled big-endian, the
 * session's lkey bytes (lkv) or'ed in. */
static __rte_always_inline void
empw_vec_dseg(volatile __m128i *d, const struct rte_mbuf *m, uint32_t len,
	      __m128i shuf, __m128i lkv)
{
	__m128i x =
		_mm_insert_epi64(_mm_cvtsi32_si128((int)len),
				 (long long)rte_pktmbuf_mtod(m, uintptr_t), 1);

	_mm_store_si128((__m128i *)(uintptr_t)d,
			_mm_or_si128(_mm_shuffle_epi8(x, shuf), lkv));
}

/* m's bytes 16..31 (refcnt, nb_segs, flags) xor those of a plain mbuf
 * of the session: zero under chk when m may join it. */
static __rte_always_inline __m128i
empw_vec_diff(const struct rte_mbuf *m, __m128i want)
{
	return _mm_xor_si128(_mm_loadu_si128(
				     (const __m128i *)((uintptr_t)m + 16)),
			     want);
}

/* m is long enough for a session and of its pool. */
#define EMPW_VEC_OK(m, len, mp) ((len) >= EMPW_LEN_MIN && (m)->pool == (mp))

/*
 * By pointer, four (then two, then one) packets a turn while all are plain mbufs of
 * the session (one vector test for them), of pool mp and long enough:
 * their data segments, and their pointers into the completion ring at e
 * by 16-byte stores. Returns where it stopped; the per-packet loop takes
 * the rest of the session from there (end bounds the units).
 */
static __rte_always_inline struct rte_mbuf **
empw_vec_burst(struct rte_mbuf **p, struct rte_mbuf **end, volatile __m128i *d,
	       uint64_t *bytes, struct rte_mbuf **e,
	       const struct rte_mempool *mp, uint32_t lkey, __m128i want,
	       __m128i chk)
{
	const __m128i shuf = EMPW_DSEG_SHUF;
	/* The lkey's bytes of a data segment, big-endian. */
	const __m128i lkv = _mm_set_epi32(0, 0, (int)rte_cpu_to_be_32(lkey), 0);
	/* Where the turns of four end: one compare a turn. */
	struct rte_mbuf **const end4 = p + ((end - p) & ~(ptrdiff_t)3);
	uint64_t b = 0;

	for (; p != end4; p += 4, d += 4, e += 4) {
		struct rte_mbuf *m0 = p[0], *m1 = p[1], *m2 = p[2], *m3 = p[3];
		uint32_t len0, len1, len2, len3;
		__m128i x = _mm_or_si128(_mm_or_si128(empw_vec_diff(m0, want),
						      empw_vec_diff(m1, want)),
					 _mm_or_si128(empw_vec_diff(m2, want),
						      empw_vec_diff(m3, want)));

		if (!_mm_testz_si128(x, chk))
			break;
		len0 = m0->data_len;
		len1 = m1->data_len;
		len2 = m2->data_len;
		len3 = m3->data_len;
		if (!EMPW_VEC_OK(m0, len0, mp) || !EMPW_VEC_OK(m1, len1, mp) ||
		    !EMPW_VEC_OK(m2, len2, mp) || !EMPW_VEC_OK(m3, len3, mp))
			break;
		empw_vec_dseg(&d[0], m0, len0, shuf, lkv);
		empw_vec_dseg(&d[1], m1, len1, shuf, lkv);
		empw_vec_dseg(&d[2], m2, len2, shuf, lkv);
		empw_vec_dseg(&d[3], m3, len3, shuf, lkv);
		_mm_storeu_si128((__m128i *)e,
				 _mm_loadu_si128((const __m128i *)p));
		_mm_storeu_si128((__m128i *)(e + 2),
				 _mm_loadu_si128((const __m128i *)(p + 2)));
		b += len0 + len1 + len2 + len3;
	}
	/* Nothing left after the turns of four: the common case. */
	if (p == end) {
		*bytes += b;
		return p;
	}
	for (; end - p >= 2; p += 2, d += 2, e += 2) {
		struct rte_mbuf *m0 = p[0], *m1 = p[1];
		uint32_t len0, len1;

		if (!_mm_testz_si128(_mm_or_si128(empw_vec_diff(m0, want),
						  empw_vec_diff(m1, want)),
				     chk))
			break;
		len0 = m0->data_len;
		len1 = m1->data_len;
		if (!EMPW_VEC_OK(m0, len0, mp) || !EMPW_VEC_OK(m1, len1, mp))
			break;
		empw_vec_dseg(&d[0], m0, len0, shuf, lkv);
		empw_vec_dseg(&d[1], m1, len1, shuf, lkv);
		_mm_storeu_si128((__m128i *)e,
				 _mm_loadu_si128((const __m128i *)p));
		b += len0 + len1;
	}
	if (end - p == 1) {
		struct rte_mbuf *m0 = p[0];
		uint32_t len0 = m0->data_len;

		if (_mm_testz_si128(empw_vec_diff(m0, want), chk) &&
		    EMPW_VEC_OK(m0, len0, mp)) {
			empw_vec_dseg(&d[0], m0, len0, shuf, lkv);
			e[0] = m0;
			b += len0;
			p++;
		}
	}
	*bytes += b;
	return p;
}
#endif

/*
 * len bytes (EMPW_LEN_MIN or more) of a frame into an inline data segment,
 * 16 at a time with no byte tail and no call: 33 to 64 bytes (every
 * minimum-size frame, tested first), the first 32 and the last 32,
 * overlapping in the middle (four loads and four stores, no loop); up to
 * 32, the first and the last 16; longer, 16 at a time, the last 16 ending
 * at len over the ones before. The tail copies address from the frame's
 * end, so no offset is computed for them.
 */
static __rte_always_inline void
empw_copy(volatile uint8_t *dst, const uint8_t *src, uint32_t len)
{
	uint8_t *d = (uint8_t *)(uintptr_t)dst;
	uint8_t *const de = d + len;
	const uint8_t *const se = src + len;
	uint32_t o;

	if (likely(len - 33 < 32)) {
		empw_copy16(d, src);
		empw_copy16(d + 16, src + 16);
		empw_copy16(de - 32, se - 32);
		empw_copy16(de - 16, se - 16);
		return;
	}
	if (len <= 32) {
		empw_copy16(d, src);
		empw_copy16(de - 16, se - 16);
		return;
	}
	for (o = 0; o + 16 < len; o += 16)
		empw_copy16(d + o, src + o);
	empw_copy16(de - 16, se - 16);
}

/* The same where the segment (4-byte header at d, then len bytes) crosses
 * the ring's end (end; the ring starts at start) or begins right at it:
 * the part before the end, the rest from the start. Returns where the
 * next segment begins, need bytes on, in the ring. */
static __rte_noinline volatile uint8_t *
empw_inline_split(volatile uint8_t *d, volatile uint8_t *start,
		  volatile uint8_t *end, const uint8_t *src, uint32_t len,
		  uint32_t need)
{
	size_t before;

	if (d >= end) {
		d = start + (d - end);
		*(volatile uint32_t *)d =
			rte_cpu_to_be_32(len | MLX5_INLINE_SEG);
		empw_copy(d + 4, src, len);
		return d + need;
	}
	/* At least one 16-byte unit is left before the end, and the data
	 * run past it (need is len + 4 rounded up to units). */
	before = (size_t)(end - d) - 4;
	*(volatile uint32_t *)d = rte_cpu_to_be_32(len | MLX5_INLINE_SEG);
	memcpy((void *)(uintptr_t)(d + 4), src, before);
	memcpy((void *)(uintptr_t)start, src + before, len - before);
	return start + (need - (size_t)(end - d));
}

#ifdef __SSE4_2__
/* Frames the four-at-a-time inline loop takes: EMPW_INL4_MIN..
 * EMPW_INL4_MAX bytes, so that one OR of len - EMPW_INL4_MIN checks four
 * and the first and the last 32 bytes cover each; the 60- and 64-byte
 * frames of small-packet traffic among them. */
#define EMPW_INL4_MIN 33u
#define EMPW_INL4_MAX (EMPW_INL4_MIN + 31u)
_Static_assert(EMPW_INL4_MAX == MLX5X_TX_EMPW_INL4_MAX,
	       "mlx5x_tx_burst_pick: the four-at-a-time loop's longest");
/* What a frame of l bytes takes inline: 4-byte header, data, padded to
 * a unit. */
#define EMPW_INL_NEED(l) (((l) + 4u + MLX5X_WQE_DS - 1) & ~(MLX5X_WQE_DS - 1))
/* Room for a turn of four of the longest. */
#define EMPW_INL4_ROOM (4 * EMPW_INL_NEED(EMPW_INL4_MAX))

/* By frame length (up to EMPW_INL4_MAX): the bytes its inline data
 * segment takes and that segment's header (PRM: byte count with the
 * inline bit, big-endian), each one indexed load. */
struct empw_inl4_tab {
	uint64_t need[EMPW_INL4_MAX + 1];
	uint32_t hdr[EMPW_INL4_MAX + 1];
};

#define EMPW_INL4_HDR(l) RTE_BE32((uint32_t)(l) | MLX5_INLINE_SEG)
#define EMPW_INL4_X8(F, b)                                                     \
	F(b), F(b + 1), F(b + 2), F(b + 3), F(b + 4), F(b + 5), F(b + 6),      \
		F(b + 7)
#define EMPW_INL4_ROWS(F)                                                      \
	EMPW_INL4_X8(F, 0u), EMPW_INL4_X8(F, 8u), EMPW_INL4_X8(F, 16u),        \
		EMPW_INL4_X8(F, 24u), EMPW_INL4_X8(F, 32u),                    \
		EMPW_INL4_X8(F, 40u), EMPW_INL4_X8(F, 48u),                    \
		EMPW_INL4_X8(F, 56u), F(64u)
_Static_assert(EMPW_INL4_MAX == 64, "empw_inl4_tab: rows 0..64");
static const struct empw_inl4_tab empw_inl4_tab __rte_unused = {
	.need = { EMPW_INL4_ROWS(EMPW_INL_NEED) },
	.hdr = { EMPW_INL4_ROWS(EMPW_INL4_HDR) },
};

#ifdef __AVX2__
/*
 * With AVX2 one 32-byte test takes an mbuf's bytes 16..47: the rearm word,
 * the flags and data_len, each 16-bit lane less what a plain mbuf of the
 * session holds there (one add, its load folded in): zero in data_off,
 * refcnt and nb_segs; in the flags' top lane, the checksum bits (a
 * contiguous field, so they differ from the session's exactly where the
 * difference is not zero there, and then no borrow reaches the EMPW_SLOW
 * bits above them) and the EMPW_SLOW bits; data_len - EMPW_INL4_MIN below
 * 32. No length compare per frame, nor its registers.
 */
typedef __m256i empw_inl4_key_t;
#define EMPW_INL4_LANE_FLAGS 7	   /* ol_flags bits 48..63 */
#define EMPW_INL4_LANE_DATA_LEN 12 /* bytes 40..41 */
_Static_assert(offsetof(struct rte_mbuf, data_off) == 16 &&
		       offsetof(struct rte_mbuf, ol_flags) == 24 &&
		       offsetof(struct rte_mbuf, data_len) ==
			       16 + 2 * EMPW_INL4_LANE_DATA_LEN,
	       "mbuf layout: empw_inl4_key lanes");
_Static_assert(((EMPW_SLOW | EMPW_CS) & ((1ULL << 48) - 1)) == 0 &&
		       EMPW_CS >> 48 == 0x70 &&
		       EMPW_INL4_MAX - EMPW_INL4_MIN == 31,
	       "empw_inl4_key: flags in the top lane, checksum bits 4..6, a "
	       "32-byte length window");

/* What an mbuf's bytes 16..47 lose lane by lane (16 bits) in the test:
 * data doff bytes into the buffer, refcnt 1, one segment, checksum
 * request sol (EMPW_CS bits only), EMPW_INL4_MIN bytes of data. */
static __rte_always_inline empw_inl4_key_t
empw_inl4_want(uint64_t sol, uint16_t doff)
{
	return _mm256_set_epi16(0, 0, 0, -(short)EMPW_INL4_MIN, 0, 0, 0, 0,
				-(short)(sol >> 48), 0, 0, 0, 0, -1, -1,
				-(short)doff);
}

/* The bits of the test that must be zero. */
static __rte_always_inline empw_inl4_key_t
empw_inl4_chk(void)
{
	return _mm256_set_epi16(0, 0, 0, (short)0xffe0, 0, 0, 0, 0,
				(short)((EMPW_SLOW | EMPW_CS) >> 48), 0, 0, 0,
				0, -1, -1, -1);
}

/* m's bytes 16..47 less want, lane by lane: zero under empw_inl4_chk
 * when m is a plain mbuf of the session with a frame the turns take. */
static __rte_always_inline empw_inl4_key_t
empw_inl4_diff(const struct rte_mbuf *m, empw_inl4_key_t want)
{
	return _mm256_add_epi16(_mm256_loadu_si256(
					(const __m256i *)((uintptr_t)m + 16)),
				want);
}

static __rte_always_inline int
empw_inl4_pass(empw_inl4_key_t x, empw_inl4_key_t chk)
{
	return _mm256_testz_si256(x, chk);
}

#define EMPW_INL4_OR _mm256_or_si256
#else
/* SSE4.2: bytes 16..31 (rearm word and flags) in one 16-byte test, the
 * lengths apart. */
typedef __m128i empw_inl4_key_t;

/* Bytes 16..31 of a plain mbuf of a session of turns of four (under
 * empw_inl4_chk): data doff bytes into the buffer, refcnt 1, one segment,
 * checksum request sol. */
static __rte_always_inline empw_inl4_key_t
empw_inl4_want(uint64_t sol, uint16_t doff)
{
	return _mm_set_epi64x((long long)sol,
			      (long long)(((uint64_t)MLX5X_MBUF_REF1_SEG1
					   << 16) |
					  doff));
}

/* data_off, refcnt, nb_segs and the flags EMPW_SLOW | EMPW_CS. */
static __rte_always_inline empw_inl4_key_t
empw_inl4_chk(void)
{
	return _mm_set_epi64x((long long)(EMPW_SLOW | EMPW_CS),
			      (long long)0xffffffffffffll);
}

static __rte_always_inline empw_inl4_key_t
empw_inl4_diff(const struct rte_mbuf *m, empw_inl4_key_t want)
{
	return empw_vec_diff(m, want);
}

static __rte_always_inline int
empw_inl4_pass(empw_inl4_key_t x, empw_inl4_key_t chk)
{
	return _mm_testz_si128(x, chk);
}

#define EMPW_INL4_OR _mm_or_si128
#endif

/* m's inline data segment at d (len EMPW_INL4_MIN..EMPW_INL4_MAX): its
 * header, then the frame's first 32 and last 32 bytes (overlapping in the
 * middle; with AVX2 one 32-byte load and store each, else two 16-byte
 * ones). Returns where the next segment begins. The caller checked that
 * the data starts doff bytes into the buffer: the default headroom (dflt,
 * a constant the loads fold in: no add a frame) or the session's. */
static __rte_always_inline volatile uint8_t *
empw_inl4_one(volatile uint8_t *d, const struct rte_mbuf *m, size_t len,
	      const struct empw_inl4_tab *t, const bool dflt, size_t doff)
{
	uint8_t *o = (uint8_t *)(uintptr_t)d;
	const uint8_t *s = (const uint8_t *)m->buf_addr +
			   (dflt ? RTE_PKTMBUF_HEADROOM : doff);

	*(volatile uint32_t *)d = t->hdr[len];
#ifdef __AVX2__
	empw_copy32(o + 4, s);
	empw_copy32(o + len - 28, s + len - 32);
#else
	empw_copy16(o + 4, s);
	empw_copy16(o + 20, s + 16);
	empw_copy16(o + len - 28, s + len - 32);
	empw_copy16(o + len - 12, s + len - 16);
#endif
	return d + t->need[len];
}

/*
 * Inline, four frames a turn up to pg (the caller bounds it by the
 * session's room, EMPW_INL4_ROOM a turn) while all four are plain mbufs
 * of the session (one vector test), of pool mp and EMPW_INL4_MIN..
 * EMPW_INL4_MAX bytes long (one test): four headers and copies. Returns
 * where it stopped, *dp and *bytes moved on; the per-packet loop takes a
 * turn this one cannot. ff (MBUF_FAST_FREE): the application promised
 * every mbuf of the queue is of one pool, mp, so their pools go unread.
 */
static __rte_always_inline struct rte_mbuf **
empw_inl4(struct rte_mbuf **p, struct rte_mbuf **const pg,
	  volatile uint8_t **dp, uint64_t *bytes, const struct rte_mempool *mp,
	  empw_inl4_key_t want, empw_inl4_key_t chk, const bool put,
	  uintptr_t fr, const bool dflt, size_t doff, const bool ff)
{
	const struct empw_inl4_tab *const t = &empw_inl4_tab;
	volatile uint8_t *d = *dp;

	for (; p != pg; p += 4) {
		struct rte_mbuf *m0 = p[0], *m1 = p[1], *m2 = p[2], *m3 = p[3];
		size_t l0, l1, l2, l3;
		empw_inl4_key_t x =
			EMPW_INL4_OR(EMPW_INL4_OR(empw_inl4_diff(m0, want),
						  empw_inl4_diff(m1, want)),
				     EMPW_INL4_OR(empw_inl4_diff(m2, want),
						  empw_inl4_diff(m3, want)));

#ifdef __AVX2__
		/* The lengths are in the test. */
		if (!empw_inl4_pass(x, chk) ||
		    (!ff && (m0->pool != mp || m1->pool != mp ||
			     m2->pool != mp || m3->pool != mp)))
			break;
		l0 = m0->data_len;
		l1 = m1->data_len;
		l2 = m2->data_len;
		l3 = m3->data_len;
#else
		l0 = m0->data_len;
		l1 = m1->data_len;
		l2 = m2->data_len;
		l3 = m3->data_len;
		if (((l0 - EMPW_INL4_MIN) | (l1 - EMPW_INL4_MIN) |
		     (l2 - EMPW_INL4_MIN) | (l3 - EMPW_INL4_MIN)) >
			    EMPW_INL4_MAX - EMPW_INL4_MIN ||
		    !empw_inl4_pass(x, chk) ||
		    (!ff && (m0->pool != mp || m1->pool != mp ||
			     m2->pool != mp || m3->pool != mp)))
			break;
#endif
		d = empw_inl4_one(d, m0, l0, t, dflt, doff);
		d = empw_inl4_one(d, m1, l1, t, dflt, doff);
		d = empw_inl4_one(d, m2, l2, t, dflt, doff);
		d = empw_inl4_one(d, m3, l3, t, dflt, doff);
		/* put: the four pointers where the mbufs go back (fr bytes
		 * on). */
		if (put) {
#ifdef __AVX2__
			_mm256_storeu_si256((__m256i *)((uintptr_t)p + fr),
					    _mm256_loadu_si256(
						    (const __m256i *)p));
#else
			_mm_storeu_si128((__m128i *)((uintptr_t)p + fr),
					 _mm_loadu_si128((const __m128i *)p));
			_mm_storeu_si128((__m128i *)((uintptr_t)(p + 2) + fr),
					 _mm_loadu_si128(
						 (const __m128i *)(p + 2)));
#endif
		}
		*bytes += l0 + l1 + l2 + l3;
	}
	*dp = d;
	return p;
}
#endif

/* The control and Ethernet segments of the session at wqe (WQE index w, u
 * units): opc_mod 0, WQE index, opcode | sqn, ds, no completion; eth0 (the
 * session's checksum flags), no inline header. */
static __rte_always_inline void
empw_session_hdr(volatile uint8_t *wqe, uint16_t w, uint32_t qpn_ds, uint32_t u,
		 uint64_t eth0)
{
	((volatile uint64_t *)wqe)[0] = rte_cpu_to_be_64(
		((uint64_t)(((uint32_t)w << 8) | EMPW_OPCODE) << 32) | qpn_ds |
		u);
	((volatile uint64_t *)wqe)[1] = 0;
	((volatile uint64_t *)wqe)[2] = eth0;
	((volatile uint64_t *)wqe)[3] = 0;
}

/* Close the session at wqe (WQE index *w, u units, checksum request
 * sol): its header, then it is the burst's last (*ctrl, *last) and its
 * WQEBBs come off *w and *left. */
static __rte_always_inline void
empw_inl_close(volatile uint8_t *wqe, uint32_t qpn_ds, uint32_t u, uint64_t sol,
	       uint16_t *w, int32_t *left, volatile uint64_t **ctrl,
	       uint16_t *last)
{
	const uint32_t wb = (u + 3) / 4;

	empw_session_hdr(wqe, *w, qpn_ds, u,
			 empw_eth0[(sol >> TX_CS_SHIFT) & 7]);
	*ctrl = (volatile uint64_t *)wqe;
	*last = *w;
	*w = (uint16_t)(*w + wb);
	*left -= (int32_t)(wb * (MLX5X_WQEBB / MLX5X_WQE_DS));
}

/*
 * The units of the ring an inline burst from WQEBB w may open sessions in,
 * worked out once (each session takes its WQEBBs off; one opens while some
 * are left): the free ones beyond a reserve. No reserve when inline
 * headers are required (must); else one unit per free elts slot (their
 * packets by pointer) with their session headers, plus a whole session.
 * Inlining takes no elts slot: fixed per burst.
 */
static __rte_always_inline int32_t
empw_inl_left(const struct mlx5x_txq *txq, uint16_t w, const bool must)
{
	int32_t reserve = 0;

	if (!must) {
		uint32_t eroom = (uint32_t)txq->elts_mask + 1 -
				 (uint16_t)(txq->elts_head - txq->elts_tail);

		reserve = (int32_t)(eroom + 5 * (eroom / 61 + 2) +
				    EMPW_UNITS_MAX - 1);
	}
	return (int32_t)(((uint32_t)txq->wqe_mask + 1 -
			  (uint16_t)(w - txq->wqe_pi)) *
			 (MLX5X_WQEBB / MLX5X_WQE_DS)) -
	       reserve;
}

/*
 * The inline burst: sessions of whole frames copied into the WQE, each a
 * plain mbuf (refcnt 1, one segment, direct) of the queue's pool, with the
 * session's checksum request and EMPW_LEN_MIN..inline_mpw bytes long. A
 * session may run past the ring's end (PRM: a WQE wraps to the ring's
 * start); only a frame whose bytes cross it is copied in two parts. The
 * adapter reads nothing of an inlined frame's mbuf, so no elts slot holds
 * it: every mbuf this burst copied goes back to the pool in one put at its
 * end, and completions release only WQEBBs. Unless inline headers are
 * required (must), sessions stop while the ring keeps less than what one
 * unit per free elts slot, their session headers and a whole session take
 * (the full template then sends by pointer: an empty ring of N descriptors
 * takes at least N packets). The first packet such a session cannot take
 * and everything after it go to the full template, once what is posted
 * here is rung and freed; so does a queue whose pool is not known yet.
 */
static __rte_always_inline uint16_t
tx_burst_empw_inl(struct mlx5x_txq *txq, struct rte_mbuf **pkts, uint16_t n,
		  const bool must, const bool vec, const bool begun,
		  uint16_t (*full)(struct mlx5x_txq *, struct rte_mbuf **,
				   uint16_t))
{
	const uint16_t wqe_mask = txq->wqe_mask;
	const uint32_t ring = ((uint32_t)wqe_mask + 1) * MLX5X_WQEBB;
	volatile uint8_t *const start = txq->wqes;
	volatile uint8_t *const rend = start + ring;
	struct rte_mempool *mp =
		(struct rte_mempool *)(uintptr_t)txq->mp_single;
	/* A frame joins while len - EMPW_LEN_MIN <= lmax (one compare). */
	const uint32_t lmax = (uint32_t)txq->inline_mpw - EMPW_LEN_MIN;
	struct rte_mbuf **p = pkts, **const pend = pkts + n;
	volatile uint64_t *ctrl = NULL;
	uint16_t w, last = 0, i;
	uint64_t bytes = 0;
	int32_t left;
#ifdef __SSE4_2__
	const __m128i chk = _mm_set_epi64x((long long)(EMPW_SLOW | EMPW_CS),
					   (long long)0xffffffff0000ll);
	/* Four at a time: the vector instances run only where every frame
	 * that loop takes may be inlined (inline_mpw >= EMPW_INL4_MAX). */
	const bool four = vec;
	/* What the four-at-a-time loop takes besides: data at the
	 * session's offset. */
	const empw_inl4_key_t chk4 = empw_inl4_chk();
#endif

	RTE_SET_USED(vec);
	/* begun: the fast burst that hands over looked at completions. */
	if (!begun && !empw_burst_begin(txq))
		return 0;
	if (unlikely(mp == NULL))
		return full(txq, pkts, n);
	w = txq->wqe_ci;
	left = empw_inl_left(txq, w, must);
#ifdef __SSE4_2__
	/* Sessions of turns of four alone while they take some and stay
	 * short of the ring's end; the general sessions below take what
	 * is left. */
	while (four && pend - p >= 4 && left > 0) {
		volatile uint8_t *const wqe =
			start + (size_t)(w & wqe_mask) * MLX5X_WQEBB;
		volatile uint8_t *d = wqe + 2 * MLX5X_WQE_DS;
		const uint32_t units =
			must ? RTE_MIN((uint32_t)left, EMPW_UNITS_MAX)
			     : EMPW_UNITS_MAX;
		/* Only the checksum request: a first packet the session
		 * cannot carry must fail the test, not become its want. */
		const uint64_t sol = (*p)->ol_flags & EMPW_CS;
		/* The session's data offset is its first packet's too. */
		const uint16_t doff = (*p)->data_off;
		const empw_inl4_key_t want4 = empw_inl4_want(sol, doff);
		struct rte_mbuf **q;

		if (wqe + (size_t)units * MLX5X_WQE_DS > rend)
			break;
		q = empw_inl4(p,
			      p + 4 * RTE_MIN((size_t)(pend - p) / 4,
					      (size_t)(units - 2) *
						      MLX5X_WQE_DS /
						      EMPW_INL4_ROOM),
			      &d, &bytes, mp, want4, chk4, false, 0, false,
			      doff, false);
		if (q == p)
			break;
		p = q;
		empw_inl_close(wqe, txq->qpn_ds,
			       (uint32_t)(d - wqe) / MLX5X_WQE_DS, sol, &w,
			       &left, &ctrl, &last);
	}
#endif
	while (p != pend && left > 0) {
		struct rte_mbuf **const p0 = p, **end;
		volatile uint8_t *wqe, *d, *dend, *dlim;
		/* Without must, the reserve exceeds a whole session. */
		const uint32_t units =
			must ? RTE_MIN((uint32_t)left, EMPW_UNITS_MAX)
			     : EMPW_UNITS_MAX;
		uint32_t wrap = 0;
		/* The session's checksum request is its first packet's (that
		 * alone: one with EMPW_SLOW flags takes no session). */
		const uint64_t sol = (*p0)->ol_flags & EMPW_CS;
#ifdef __SSE4_2__
		const __m128i want =
			_mm_set_epi64x((long long)sol,
				       (long long)((uint64_t)MLX5X_MBUF_REF1_SEG1
						   << 16));
		const uint16_t doff = (*p0)->data_off;
		const empw_inl4_key_t want4 = empw_inl4_want(sol, doff);
#endif

		wqe = start + (size_t)(w & wqe_mask) * MLX5X_WQEBB;
		d = wqe + 2 * MLX5X_WQE_DS;
		/* dlim: the session's end as if the ring went on; dend: the
		 * same, or the ring's end where that comes first. */
		dlim = wqe + (size_t)units * MLX5X_WQE_DS;
		dend = RTE_MIN(dlim, rend);
		end = p0 + RTE_MIN((ptrdiff_t)(units - 2), pend - p0);
#ifdef __SSE4_2__
		if (four) {
			/* Turns of four while the session has room for four of
			 * the longest frames they take. */
			size_t k = RTE_MIN((size_t)(end - p) / 4,
					   (size_t)(dend - d) / EMPW_INL4_ROOM);

			p = empw_inl4(p, p + 4 * k, &d, &bytes, mp, want4, chk4,
				      false, 0, false, doff, false);
			/* The rest one at a time, unless no frame would fit. */
			if (dlim - d < EMPW_INL_NEED(EMPW_LEN_MIN))
				end = p;
		}
#endif
		for (; p != end; p++) {
			struct rte_mbuf *m = *p;
			uint32_t len = m->data_len;
			uint32_t need = (len + 4 + MLX5X_WQE_DS - 1) &
					~(MLX5X_WQE_DS - 1);
			const uint8_t *src;

#ifdef __SSE4_2__
			if (vec) {
				if (unlikely(!empw_vec_plain(m, want, chk)))
					break;
			} else
#endif
				if (unlikely(!empw_plain(m, sol)))
				break;
			if (unlikely(m->pool != mp ||
				     len - EMPW_LEN_MIN > lmax))
				break;
			src = rte_pktmbuf_mtod(m, const uint8_t *);
			if (unlikely(d + need > dend)) {
				/* The ring's end, or the session's. */
				if (d + need > dlim)
					break;
				d = empw_inline_split(d, start, rend, src, len,
						      need);
				dlim -= ring;
				dend = dlim;
				wrap = ring;
			} else {
				*(volatile uint32_t *)d =
					rte_cpu_to_be_32(len | MLX5_INLINE_SEG);
				empw_copy(d + 4, src, len);
				d += need;
			}
			bytes += len;
		}
		if (unlikely(p == p0))
			break;
		empw_inl_close(wqe, txq->qpn_ds,
			       (uint32_t)(d + wrap - wqe) / MLX5X_WQE_DS, sol,
			       &w, &left, &ctrl, &last);
	}
	i = (uint16_t)(p - pkts);
	if (ctrl != NULL) {
		empw_ring(txq, ctrl, last, w, txq->elts_head, false);
		/* Their bytes are in the WQEs: the i mbufs, each checked a
		 * plain one of mp, back in one put. */
		rte_mempool_put_bulk(mp, (void **)pkts, i);
	}
	txq->stats.packets += i;
	txq->stats.bytes += bytes;
	if (i < n)
		return (uint16_t)(i + full(txq, pkts + i, (uint16_t)(n - i)));
	return i;
}

#ifdef __SSE4_2__
/* Frames of the fast inline burst's session: turns of four of the longest
 * its loop takes, while they fit whole after ctrl and eth. */
#define EMPW_INL4_SESSION                                                      \
	(4 * (size_t)((EMPW_UNITS_MAX - 2) * MLX5X_WQE_DS / EMPW_INL4_ROOM))

/*
 * The data of the default burst's session that the ring's end may cut
 * (from *dp, up to pg, as empw_inl4 with the same tests): a turn of four
 * straight into the ring where the longest it takes ends before the ring's
 * end or the session is past it; the turn that would cross it built in
 * st, then copied in two parts, before the end and from the ring's start
 * (start, rend). The WQE runs on past the end as the PRM lets it (the
 * adapter reads a WQE modulo the ring), so no NOP WQEBB takes ring space
 * frames could take. *dp: where the data ends as if the ring went on.
 * Once a ring round at most (empw_inl4_wrap_at), so plain copies.
 */
static __rte_always_inline struct rte_mbuf **
empw_inl4_wrap(struct rte_mbuf **p, struct rte_mbuf **const pg,
	       volatile uint8_t **dp, volatile uint8_t *start,
	       volatile uint8_t *rend, uint64_t *bytes,
	       const struct rte_mempool *mp, empw_inl4_key_t want,
	       empw_inl4_key_t chk, uintptr_t fr, const bool ff)
{
	const size_t ring = (size_t)(rend - start);
	volatile uint8_t *d = *dp;

	while (p != pg) {
		uint8_t st[EMPW_INL4_ROOM];
		volatile uint8_t *o = d >= rend ? d - ring : d;
		const bool split =
			d < rend && (size_t)(rend - d) < EMPW_INL4_ROOM;
		volatile uint8_t *const o0 = split ? st : o;
		struct rte_mbuf **q;
		size_t len, before;

		if (split)
			o = st;
		q = empw_inl4(p, p + 4, &o, bytes, mp, want, chk, true, fr,
			      true, 0, ff);
		if (q == p)
			break;
		p = q;
		len = (size_t)(o - o0);
		if (split) {
			before = RTE_MIN(len, (size_t)(rend - d));
			memcpy((void *)(uintptr_t)d, st, before);
			memcpy((void *)(uintptr_t)start, st + before,
			       len - before);
		}
		d += len;
	}
	*dp = d;
	return p;
}

/* empw_inl4_wrap out of line: the default burst's loop keeps its registers
 * to itself. */
static __rte_noinline __rte_unused struct rte_mbuf **
empw_inl4_wrap_at(struct rte_mbuf **p, struct rte_mbuf **const pg,
		  volatile uint8_t **dp, volatile uint8_t *start,
		  volatile uint8_t *rend, uint64_t *bytes,
		  const struct rte_mempool *mp, empw_inl4_key_t want,
		  empw_inl4_key_t chk, uintptr_t fr, bool ff)
{
	return ff ? empw_inl4_wrap(p, pg, dp, start, rend, bytes, mp, want, chk,
				   fr, true)
		  : empw_inl4_wrap(p, pg, dp, start, rend, bytes, mp, want, chk,
				   fr, false);
}

/* Close the default burst's session at wqe, its data ending at d (as if the
 * ring went on): ctrl (no completion asked) and eth, 16 bytes each, from
 * the running ctrl word *ctl, which moves on by the session's WQEBBs;
 * returns where the next session opens, as if the ring went on too. */
static __rte_always_inline volatile uint8_t *
empw_inl4_close(volatile uint8_t *wqe, volatile uint8_t *d, uint64_t *ctl,
		__m128i eth)
{
	const size_t wb = (size_t)(d - wqe + MLX5X_WQEBB - 1) / MLX5X_WQEBB;

	_mm_storeu_si128((__m128i *)(uintptr_t)wqe,
			 _mm_cvtsi64_si128((long long)rte_cpu_to_be_64(
				 (*ctl >> 8) |
				 (uint64_t)(d - wqe) / MLX5X_WQE_DS)));
	_mm_storeu_si128((__m128i *)(uintptr_t)(wqe + MLX5X_WQE_DS), eth);
	*ctl += (uint64_t)wb << 48;
	return wqe + wb * MLX5X_WQEBB;
}

/*
 * The default burst (inline, headers not required, inline_mpw of
 * EMPW_INL4_MAX or more): sessions of turns of four of data at the
 * default headroom only, opened only within what empw_inl_left leaves,
 * with the least state across the loop. A session that opens within a
 * whole session's units of the ring's end goes out of line
 * (empw_inl4_wrap_at), which carries it across the end; the loop then
 * goes on from the ring's start. The session's checksum request is its
 * first packet's; a session that another request ends opens the next.
 * Each mbuf's pointer goes into this lcore's cache as its frame is
 * copied. Whatever the turns cannot take (and a queue whose pool is not
 * known yet) goes to rest, the general inline burst, once what is posted
 * here is rung and freed: data not at the default headroom too, whose
 * turns of four there take the session's offset (an add a frame this loop
 * would pay for every frame, in registers it has none left for: measured
 * +0.7 instructions a packet). ff: every queue of the port has
 * MBUF_FAST_FREE, so no mbuf's pool is read (empw_inl4); refcnt and
 * segments are still checked, in the same vector test as the flags.
 */
static __rte_always_inline uint16_t
tx_burst_empw_inl4(struct mlx5x_txq *txq, struct rte_mbuf **pkts, uint16_t n,
		   uint16_t (*rest)(struct mlx5x_txq *, struct rte_mbuf **,
				    uint16_t),
		   const bool ff)
{
	struct rte_mempool *mp =
		(struct rte_mempool *)(uintptr_t)txq->mp_single;
	const uint16_t wqe_mask = txq->wqe_mask;
	const size_t ring = ((size_t)wqe_mask + 1) * MLX5X_WQEBB;
	volatile uint8_t *const start = txq->wqes;
	volatile uint8_t *const rend = start + ring;
	const uint16_t w0 = txq->wqe_ci;
	volatile uint8_t *const wqe0 =
		start + (size_t)(w0 & wqe_mask) * MLX5X_WQEBB;
	struct rte_mbuf **p = pkts, **const pend4 = pkts + (n & ~3u);
	/* A plain mbuf of the session: refcnt, segments, data at the
	 * default headroom (the frame's address one load), the checksum
	 * request (with AVX2, the length too). */
	const empw_inl4_key_t chk4 = empw_inl4_chk();
	/* The next session's ctrl word (PRM: opc_mod, WQE index, opcode,
	 * sqn, ds) but for its ds, a byte up: the WQE index is the top 16
	 * bits and wraps with them, opc_mod 0 is what shifts in. */
	uint64_t ctl = ((uint64_t)(((uint32_t)w0 << 8) | EMPW_OPCODE) << 40) |
		       ((uint64_t)txq->qpn_ds << 8);
	empw_inl4_key_t want4;
	__m128i eth;
	volatile uint8_t *wqe = wqe0, *wlim, *llim, *last = NULL, *dw;
	struct rte_mempool_cache *cache;
	uint64_t bytes = 0, sol, bw;
	uintptr_t fro;
	int32_t left;
	uint16_t i;

	if (!empw_burst_begin(txq))
		return 0;
	left = empw_inl_left(txq, w0, false);
	if (unlikely(mp == NULL || p == pend4 || left <= 0))
		return rest(txq, pkts, n);
	/* Sessions open below llim (empw_inl_left's units, as if the ring
	 * went on past its end); below wlim, each is whole before it. */
	llim = wqe0 + (size_t)left * MLX5X_WQE_DS;
	wlim = RTE_MIN(llim, rend - (EMPW_UNITS_MAX - 1) * MLX5X_WQE_DS);
	fro = (uintptr_t)empw_free_begin(mp, pkts, n, &cache) - (uintptr_t)pkts;
	/* The session's checksum request: its first packet's (only that,
	 * so that a packet with EMPW_SLOW flags fails the test). */
	sol = (*p)->ol_flags & (EMPW_SLOW | EMPW_CS);
	want4 = empw_inl4_want(sol & EMPW_CS, RTE_PKTMBUF_HEADROOM);
	/* The Ethernet segment: the session's checksum flags, no inline
	 * header. */
	eth = _mm_cvtsi64_si128((long long)empw_eth0[(sol >> TX_CS_SHIFT) & 7]);
	do {
		volatile uint8_t *d = wqe + 2 * MLX5X_WQE_DS;
		struct rte_mbuf **const pg =
			p + RTE_MIN((size_t)(pend4 - p), EMPW_INL4_SESSION);
		struct rte_mbuf **q;
		uint64_t s;

		if (likely(wqe < wlim)) {
			q = empw_inl4(p, pg, &d, &bytes, mp, want4, chk4, true,
				      fro, true, 0, ff);
			if (likely(q != p)) {
				p = q;
				last = wqe;
				wqe = empw_inl4_close(wqe, d, &ctl, eth);
				continue;
			}
		} else {
			if (wqe >= llim)
				break;
			/* The last session ended at the ring's end or past
			 * it: on from the ring's start. */
			if (wqe >= rend) {
				wqe -= ring;
				llim -= ring;
				wlim = RTE_MIN(llim, rend - (EMPW_UNITS_MAX -
							     1) * MLX5X_WQE_DS);
				continue;
			}
			/* Its own out-values: the loop's d and bytes stay
			 * in registers. */
			dw = d;
			bw = 0;
			q = empw_inl4_wrap_at(p, pg, &dw, start, rend, &bw, mp,
					      want4, chk4, fro, ff);
			if (q != p) {
				p = q;
				bytes += bw;
				last = wqe;
				wqe = empw_inl4_close(wqe, dw, &ctl, eth);
				continue;
			}
		}
		/* Another checksum request opens the next session; anything
		 * else the turns cannot take goes to rest. */
		s = (*p)->ol_flags & (EMPW_SLOW | EMPW_CS);
		if (s == sol)
			break;
		sol = s;
		want4 = empw_inl4_want(sol & EMPW_CS, RTE_PKTMBUF_HEADROOM);
		eth = _mm_cvtsi64_si128(
			(long long)empw_eth0[(sol >> TX_CS_SHIFT) & 7]);
	} while (p != pend4);
	i = (uint16_t)(p - pkts);
	if (last != NULL) {
		/* last's WQE index: WQEBBs from wqe0, modulo the ring (it
		 * may be past the ring's start again). */
		empw_ring(txq, (volatile uint64_t *)last,
			  (uint16_t)(w0 +
				     ((uint16_t)((last - wqe0) / MLX5X_WQEBB) &
				      wqe_mask)),
			  (uint16_t)(ctl >> 48), txq->elts_head, false);
		empw_free_end(mp, cache, pkts, i);
		txq->stats.packets += i;
		txq->stats.bytes += bytes;
	}
	if (i < n)
		return (uint16_t)(i + rest(txq, pkts + i, (uint16_t)(n - i)));
	return i;
}
#endif

/* inl: inline_mpw > 0; must: the adapter requires inline headers (only
 * whole inlined frames may join a session); vec: SSE4.2 checks and data
 * segment stores (only where compiled with it). All compile-time constants
 * in each instance. */
static __rte_always_inline uint16_t
tx_burst_empw(struct mlx5x_txq *txq, struct rte_mbuf **pkts, uint16_t n,
	      const bool inl, const bool must, const bool vec)
{
	const uint16_t wqe_mask = txq->wqe_mask;
	const uint16_t elts_mask = txq->elts_mask;
	const uint32_t inline_mpw = txq->inline_mpw;
	const uint32_t qpn_ds = txq->qpn_ds;
	volatile uint8_t *wqes = txq->wqes;
	struct rte_mbuf **elts = txq->elts;
	const struct rte_mempool *mp = txq->mp_single;
	uint32_t mp_lkey = txq->mp_lkey;
#ifdef __SSE4_2__
	const __m128i shuf = EMPW_DSEG_SHUF;
	/* The rearm word and ol_flags (mbuf bytes 16..31) that may join a
	 * session: refcnt 1, one segment, the session's flags. */
	const __m128i chk = _mm_set_epi64x((long long)(EMPW_SLOW | EMPW_CS),
					   (long long)0xffffffff0000ll);
	__m128i want = _mm_setzero_si128();
#endif
	volatile uint64_t *ctrl = NULL;
	uint16_t w, head, last = 0, i = 0, single = 0;
	uint64_t bytes = 0;
	/* Inlined mbufs, freed in bulk when this fills and at the end. */
	struct rte_mbuf *fr[64];
	unsigned int nf = 0;

	RTE_SET_USED(vec);
	if (!empw_burst_begin(txq))
		return 0;
	w = txq->wqe_ci;
	head = txq->elts_head;
	while (i < n) {
		uint32_t wroom =
			(uint32_t)wqe_mask + 1 - (uint16_t)(w - txq->wqe_pi);
		uint32_t eroom = (uint32_t)elts_mask + 1 -
				 (uint16_t)(head - txq->elts_tail);
		uint32_t contig = (uint32_t)wqe_mask + 1 - (w & wqe_mask);
		uint32_t econtig = (uint32_t)elts_mask + 1 - (head & elts_mask);
		struct rte_mbuf **p = pkts + i, **end, **p0 = pkts + i;
		struct rte_mbuf **e = elts + (head & elts_mask);
		volatile uint64_t *wqe, *d, *dend;
		/* elts slots this session filled; up to odd_end, one
		 * completion must look at. */
		uint32_t ne = 0, odd_end = 0;
		uint32_t units, u, ilim;
		uint64_t sol;
		/* A session inlines only while the ring keeps, beyond what a
		 * whole inlined session takes, one unit per free elts slot
		 * and its share of session headers: a ring takes as many
		 * packets as it has descriptors. Inline headers required:
		 * always (no data segment may replace them). */
		int32_t budget =
			(int32_t)(wroom * (MLX5X_WQEBB / MLX5X_WQE_DS)) -
			(int32_t)(eroom + 5 * (eroom / 61 + 2));

		if (unlikely(wroom == 0 || eroom == 0))
			break;
		units = RTE_MIN(RTE_MIN(wroom, contig) *
					(MLX5X_WQEBB / MLX5X_WQE_DS),
				EMPW_UNITS_MAX);
		ilim = must || budget >= (int32_t)EMPW_UNITS_MAX ? inline_mpw
								 : 0;
		/* The session's checksum request is its first packet's. */
		sol = (*p)->ol_flags & (EMPW_SLOW | EMPW_CS);
		/* At most one packet per unit after ctrl and eth, per elts
		 * slot up to the end of the elts ring, per packet left. */
		end = p + RTE_MIN(RTE_MIN(units - 2, RTE_MIN(eroom, econtig)),
				  (uint32_t)(n - i));
		if (unlikely(sol & EMPW_SLOW))
			end = p;
#ifdef __SSE4_2__
		if (vec)
			want = _mm_set_epi64x((long long)sol,
					      (long long)((uint64_t)MLX5X_MBUF_REF1_SEG1
							  << 16));
#endif
		wqe = (volatile uint64_t *)(wqes + (size_t)(w & wqe_mask) *
							   MLX5X_WQEBB);
		d = wqe + 4;
		dend = wqe + 2 * units;
#ifdef __SSE4_2__
		if (vec && !inl)
			p = empw_vec_burst(p, end, (volatile __m128i *)d,
					   &bytes, e, mp, mp_lkey, want, chk);
		ne = (uint32_t)(p - p0);
		d += 2 * ne;
#endif
		for (; p != end; p++) {
			struct rte_mbuf *m = *p;
			uint32_t len = m->data_len;
			uintptr_t addr = rte_pktmbuf_mtod(m, uintptr_t);
			uint32_t lkey;
			bool odd = false;

#ifdef __SSE4_2__
			if (vec && likely(empw_vec_plain(m, want, chk))) {
				if (unlikely(len < EMPW_LEN_MIN))
					break;
			} else
#endif
				if (unlikely(!empw_plain(m, sol) ||
					     len < EMPW_LEN_MIN)) {
				if (m->nb_segs != 1 ||
				    (m->ol_flags & (EMPW_SLOW | EMPW_CS)) !=
					    sol ||
				    len < EMPW_LEN_MIN)
					break;
				/* Shared: completion looks at it. */
				odd = true;
			}
			if (likely(m->pool == mp)) {
				lkey = mp_lkey;
			} else {
				/* Another pool than the mbufs before it. */
				lkey = mlx5x_tx_lkey_slow(txq, m, addr);
				odd = true;
				mp = txq->mp_single;
				mp_lkey = txq->mp_lkey;
				if (lkey == MLX5X_MR_LKEY_NONE && !inl)
					break;
			}
			if (inl && len <= ilim) {
				uint32_t need = (len + 4 + MLX5X_WQE_DS - 1) /
						MLX5X_WQE_DS;

				if (d + 2 * need > dend)
					break;
				*(volatile uint32_t *)d =
					rte_cpu_to_be_32(len | MLX5_INLINE_SEG);
				empw_copy((volatile uint8_t *)d + 4,
					  (const uint8_t *)addr, len);
				d += 2 * need;
				/* In the WQE now: the mbuf is free to go. */
				fr[nf++] = m;
				if (unlikely(nf == RTE_DIM(fr))) {
					rte_pktmbuf_free_bulk(fr, nf);
					nf = 0;
				}
			} else {
				/* Without inlining, end bounds the units. */
				if (must ||
				    (inl &&
				     (d >= dend || lkey == MLX5X_MR_LKEY_NONE)))
					break;
#ifdef __SSE4_2__
				if (vec) {
					__m128i x = _mm_insert_epi64(
						_mm_cvtsi64_si128((
							long long)(((uint64_t)lkey
								    << 32) |
								   len)),
						(long long)addr, 1);

					_mm_store_si128((__m128i *)(uintptr_t)d,
							_mm_shuffle_epi8(x,
									 shuf));
				} else
#endif
				{
					d[0] = rte_cpu_to_be_64(
						((uint64_t)len << 32) | lkey);
					d[1] = rte_cpu_to_be_64(addr);
				}
				d += 2;
				e[ne++] = m;
				if (unlikely(odd))
					odd_end = ne;
			}
			bytes += len;
		}
		if (unlikely(odd_end != 0))
			txq->elts_odd = (uint16_t)(head + odd_end);
		head = (uint16_t)(head + ne);
		i = (uint16_t)(p - pkts);
		u = (uint32_t)(d - wqe) / 2;
		if (likely(u > 2)) {
			/* ctrl: opc_mod 0, WQE index, opcode | sqn, ds; no
			 * completion; eth: the session's checksum flags, no
			 * inline header. */
			wqe[0] = rte_cpu_to_be_64(
				((uint64_t)(((uint32_t)w << 8) | EMPW_OPCODE)
				 << 32) |
				qpn_ds | u);
			wqe[1] = 0;
			wqe[2] = empw_eth0[(sol >> TX_CS_SHIFT) & 7];
			wqe[3] = 0;
			ctrl = wqe;
			last = w;
			w = (uint16_t)(w + (u + 3) / 4);
			continue;
		}
		/* The packet could not open a session (eMPW cannot carry it,
		 * or it does not fit before the ring's end): an ordinary
		 * SEND by the full burst, once what is posted here is
		 * rung. */
		if (ctrl != NULL) {
			empw_ring(txq, ctrl, last, w, head, false);
			ctrl = NULL;
		}
		if (mlx5x_tx_burst(txq, pkts + i, 1) == 0)
			break;
		i++;
		single++;
		w = txq->wqe_ci;
		head = txq->elts_head;
		mp = txq->mp_single;
		mp_lkey = txq->mp_lkey;
	}
	if (ctrl != NULL)
		empw_ring(txq, ctrl, last, w, head, false);
	if (inl && nf != 0)
		rte_pktmbuf_free_bulk(fr, nf);
	/* The full burst counted its own. */
	txq->stats.packets += (uint16_t)(i - single);
	txq->stats.bytes += bytes;
	return i;
}

#ifdef __SSE4_2__
/* The full template by pointer, out of line: the lean burst below keeps
 * its registers to itself. */
static __rte_noinline uint16_t
tx_burst_empw_vec_full(struct mlx5x_txq *txq, struct rte_mbuf **pkts,
		       uint16_t n)
{
	return tx_burst_empw(txq, pkts, n, false, false, true);
}

/*
 * The vector burst by pointer (no inline data): sessions of plain mbufs
 * of the queue's pool only, with the least state across the loop. The
 * first packet such a session cannot take (another pool, a chain, other
 * flags, a runt) and whatever follows it go to the full template, once
 * what is posted here is rung.
 */
static __rte_always_inline uint16_t
tx_burst_empw_vec_ptr(struct mlx5x_txq *txq, struct rte_mbuf **pkts, uint16_t n)
{
	/* The WQE and elts rings are as long as each other (mlx5x_txq_start):
	 * one size for both. */
	const uint32_t size = (uint32_t)txq->wqe_mask + 1;
	const __m128i chk = _mm_set_epi64x((long long)(EMPW_SLOW | EMPW_CS),
					   (long long)0xffffffff0000ll);
	volatile uint64_t *ctrl = NULL;
	uint16_t last = 0, i = 0;
	uint64_t bytes = 0;

	if (!empw_burst_begin(txq))
		return 0;
	while (i < n) {
		/* Kept in the queue, not across the loop below in registers. */
		const uint16_t w = txq->wqe_ci, head = txq->elts_head;
		/* Free WQEBBs up to the ring's end, free elts slots up to
		 * theirs. */
		const uint32_t wfree =
			size - RTE_MAX((uint32_t)(uint16_t)(w - txq->wqe_pi),
				       (uint32_t)w & (size - 1));
		const uint32_t efree =
			size -
			RTE_MAX((uint32_t)(uint16_t)(head - txq->elts_tail),
				(uint32_t)head & (size - 1));
		struct rte_mbuf **p0 = pkts + i, **p;
		volatile uint64_t *wqe;
		uint32_t lim, k;
		uint64_t sol;

		/* The session's units after ctrl and eth, one per packet and
		 * elts slot. */
		lim = RTE_MIN(RTE_MIN(wfree * (MLX5X_WQEBB / MLX5X_WQE_DS),
				      EMPW_UNITS_MAX),
			      efree + 2);
		if (unlikely(lim <= 2))
			break;
		lim = RTE_MIN(lim - 2, (uint32_t)(n - i));
		/* The session's checksum request is its first packet's. */
		sol = (*p0)->ol_flags & (EMPW_SLOW | EMPW_CS);
		if (unlikely(sol & EMPW_SLOW))
			break;
		wqe = (volatile uint64_t *)(txq->wqes +
					    (size_t)(w & (size - 1)) *
						    MLX5X_WQEBB);
		p = empw_vec_burst(p0, p0 + lim, (volatile __m128i *)(wqe + 4),
				   &bytes, txq->elts + (head & (size - 1)),
				   txq->mp_single, txq->mp_lkey,
				   _mm_set_epi64x((long long)sol,
						  (long long)((uint64_t)MLX5X_MBUF_REF1_SEG1
							      << 16)),
				   chk);
		k = (uint32_t)(p - p0);
		if (unlikely(k == 0))
			break;
		/* ctrl: opc_mod 0, WQE index, opcode | sqn, ds; eth: the
		 * session's checksum flags, no inline header. */
		wqe[0] = rte_cpu_to_be_64(
			((uint64_t)(((uint32_t)w << 8) | EMPW_OPCODE) << 32) |
			txq->qpn_ds | (k + 2));
		wqe[1] = 0;
		wqe[2] = empw_eth0[(sol >> TX_CS_SHIFT) & 7];
		wqe[3] = 0;
		ctrl = wqe;
		last = w;
		txq->wqe_ci = (uint16_t)(w + (k + 2 + 3) / 4);
		txq->elts_head = (uint16_t)(head + k);
		i = (uint16_t)(i + k);
	}
	if (ctrl != NULL)
		empw_ring(txq, ctrl, last, txq->wqe_ci, txq->elts_head, true);
	txq->stats.packets += i;
	txq->stats.bytes += bytes;
	if (i < n)
		return (uint16_t)(i +
				  tx_burst_empw_vec_full(txq, pkts + i,
							 (uint16_t)(n - i)));
	return i;
}
#endif

#endif /* MLX5X_TX_EMPW_H */
