/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SSE4.2 Rx burst, one mbuf per packet, plain (uncompressed) CQEs; built
 * with -msse4.2 in a library of its own and chosen at start only when the
 * CPU has SSE4.2 (rte_cpu_get_flag_enabled), so the rest of the build stays
 * generic. Four CQEs per step: one test of their four owner/opcode bytes,
 * then per packet the 16 mbuf bytes at packet_type (type, lengths, VLAN
 * TCI, RSS hash) assembled by byte shuffles from the CQE and the 16 at
 * rearm_data (rearm template, flags) from the queue's template and its
 * metadata table, two 16-byte stores per mbuf. The mbuf pointers move four
 * at a time (ring to pkts, replacements to ring). What is not four plain
 * responder SENDs (an error, a compressed session, the last 1..3 CQEs)
 * goes through the scalar code of mlx5x_rx.c's steps, unchanged.
 */
#include <tmmintrin.h>
#include <smmintrin.h>

#include <ethdev_driver.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include "mlx5x_prm.h"
#include "mlx5x_rxtx.h"

/* op_own of a plain responder SEND CQE of the pass whose owner bit is own,
 * bit 1 (solicited event) masked off, times four. */
#define RX_VEC_OP_MASK4 0xfdfdfdfdu
#define RX_VEC_SEND4(own)                                                      \
	(0x01010101u *                                                         \
	 (uint32_t)((MLX5_CQE_RESP_SEND << MLX5X_CQE_OPCODE_SHIFT) | (own)))

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

/* One plain SEND CQE into m: two 16-byte stores and, with a mark id, the
 * FDIR word. Returns the packet's length. */
static __rte_always_inline uint32_t
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
	/* The hash is valid when the CQE names a hash type. */
	if (b[MLX5X_CQE_OFF_RSS_HASH_TYPE] != 0)
		flags |= RTE_MBUF_F_RX_RSS_HASH;
	/* Tested in wire order: no byte swap unless there is a tag. */
	if (unlikely(cqe->sop_drop_qpn & RTE_BE32(0xffffff)))
		flags |= mlx5x_rx_mark(m, rte_be_to_cpu_32(cqe->sop_drop_qpn) &
						  0xffffff);
	/* Through integers: no access past the mbuf's zero-length
	 * markers as far as the compiler can see. */
	_mm_storeu_si128((__m128i *)((uintptr_t)m +
				     offsetof(struct rte_mbuf, rearm_data)),
			 _mm_insert_epi64(rearm, (int64_t)flags, 1));
	_mm_storeu_si128((__m128i *)((uintptr_t)m +
				     offsetof(struct rte_mbuf,
					      rx_descriptor_fields1)),
			 f);
	return (uint32_t)_mm_extract_epi32(f, 1);
}

/* The CQE at cq_ci is the adapter's (owner bit of this pass, valid
 * opcode). */
static __rte_always_inline bool
rx_vec_ready(const struct mlx5x_rxq *rxq)
{
	uint8_t op_own = rxq->cqes[rxq->cq_ci & rxq->cqe_mask].op_own;

	return (op_own & MLX5_CQE_OWNER_MASK) ==
		       ((rxq->cq_ci >> rxq->log_cqe_n) & 1) &&
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

/* Re-post r in WQE slot i (one MR for the pool: address only). */
static __rte_always_inline void
rx_vec_post(volatile struct mlx5_wqe_data_seg *wqes, unsigned int i,
	    struct rte_mbuf *r)
{
	wqes[i].addr =
		rte_cpu_to_be_64((uintptr_t)r->buf_addr + RTE_PKTMBUF_HEADROOM);
}

/*
 * At most n (a multiple of 4) CQEs, n stopping at the CQ's and the RQ's
 * ring ends (as in mlx5x_rx.c: CQE i of the step completes WQE rq_ci + i),
 * with rep[0..n) their replacements. Stops at the first group of 4 that is
 * not 4 plain SENDs; returns the packets handed up.
 */
static __rte_always_inline unsigned int
rx_vec_step(struct mlx5x_rxq *rxq, struct rte_mbuf **pkts, uint32_t n,
	    struct rte_mbuf **rep)
{
	const uint32_t ci = rxq->cq_ci;
	const uint32_t w0 = rxq->rq_ci & rxq->wqe_mask;
	volatile struct mlx5_cqe64 *cqe = &rxq->cqes[ci & rxq->cqe_mask];
	volatile struct mlx5_wqe_data_seg *wqes = rxq->wqes + w0;
	struct rte_mbuf **elts = rxq->elts + w0;
	const uint32_t send4 = RX_VEC_SEND4((ci >> rxq->log_cqe_n) & 1);
	const __m128i rearm = _mm_cvtsi64_si128((int64_t)rxq->rearm);
	const __m128i sh_len = RX_VEC_SH_LEN, sh_vlan = RX_VEC_SH_VLAN,
		      sh_hash = RX_VEC_SH_HASH;
	const volatile struct mlx5_cqe64 *const end = cqe + n;
	uint64_t bytes = 0;
	unsigned int i;

	/* Every ring position through a pointer that moves 4 a step: no
	 * index arithmetic per packet. */
	for (; cqe != end;
	     cqe += 4, elts += 4, wqes += 4, rep += 4, pkts += 4) {
		uint32_t own4 = (uint32_t)cqe[0].op_own |
				(uint32_t)cqe[1].op_own << 8 |
				(uint32_t)cqe[2].op_own << 16 |
				(uint32_t)cqe[3].op_own << 24;
		__m128i m01, m23, r01, r23;

		if ((own4 & RX_VEC_OP_MASK4) != send4)
			break;
		/* PRM: the CQEs' other fields are valid once their owner
		 * bits are. */
		rte_io_rmb();
		m01 = _mm_loadu_si128((const __m128i *)&elts[0]);
		m23 = _mm_loadu_si128((const __m128i *)&elts[2]);
		r01 = _mm_loadu_si128((const __m128i *)&rep[0]);
		r23 = _mm_loadu_si128((const __m128i *)&rep[2]);
		rte_prefetch0(elts[4]);
		bytes += rx_vec_one(rxq, elts[0], &cqe[0], rearm, sh_len,
				    sh_vlan, sh_hash);
		bytes += rx_vec_one(rxq, elts[1], &cqe[1], rearm, sh_len,
				    sh_vlan, sh_hash);
		bytes += rx_vec_one(rxq, elts[2], &cqe[2], rearm, sh_len,
				    sh_vlan, sh_hash);
		bytes += rx_vec_one(rxq, elts[3], &cqe[3], rearm, sh_len,
				    sh_vlan, sh_hash);
		_mm_storeu_si128((__m128i *)&pkts[0], m01);
		_mm_storeu_si128((__m128i *)&pkts[2], m23);
		_mm_storeu_si128((__m128i *)&elts[0], r01);
		_mm_storeu_si128((__m128i *)&elts[2], r23);
		rx_vec_post(wqes, 0, rep[0]);
		rx_vec_post(wqes, 1, rep[1]);
		rx_vec_post(wqes, 2, rep[2]);
		rx_vec_post(wqes, 3, rep[3]);
	}
	i = (unsigned int)(n - (unsigned int)(end - cqe));
	rxq->stats.packets += i;
	rxq->stats.bytes += bytes;
	rxq->cq_ci = ci + i;
	rxq->rq_ci += i;
	return i;
}

uint16_t
mlx5x_rx_burst_vec(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	struct mlx5x_rxq *rxq = q;
	struct rte_mbuf *rep[MLX5X_RX_BURST_STEP];
	unsigned int done = 0, k, want;

	/* A compressed session being read: the scalar decoder goes on. */
	if (rxq->zip_n != 0)
		return mlx5x_rx_burst_comp(q, pkts, n);
	do {
		/* A step ends at the CQ's and the RQ's ring ends. */
		want = RTE_MIN((unsigned int)n - done,
			       (unsigned int)MLX5X_RX_BURST_STEP);
		want = RTE_MIN(want, rxq->cqe_mask + 1u -
					     (rxq->cq_ci & rxq->cqe_mask));
		want = RTE_MIN(want, rxq->wqe_mask + 1u -
					     (rxq->rq_ci & rxq->wqe_mask));
		want &= ~3u;
		if (want == 0)
			break;
		/* Nothing ready: no trip to the pool. */
		if (!rx_vec_ready(rxq))
			return (uint16_t)done;
		if (unlikely(rte_mempool_get_bulk(rxq->mp, (void **)rep,
						  want) != 0))
			break;
		k = rx_vec_step(rxq, pkts + done, want, rep);
		if (k < want)
			rte_mempool_put_bulk(rxq->mp, (void **)&rep[k],
					     want - k);
		done += k;
		if (k != 0)
			rx_vec_doorbell(rxq);
		if (k < want)
			break;
	} while (done < n);
	/* The rest (fewer than 4, an error, a compressed session, no
	 * mbufs): the scalar burst, which also recovers the RQ. */
	if (done < n)
		done += rxq->cqe_comp
				? mlx5x_rx_burst_comp(q, pkts + done,
						      (uint16_t)(n - done))
				: mlx5x_rx_burst(q, pkts + done,
						 (uint16_t)(n - done));
	return (uint16_t)done;
}
