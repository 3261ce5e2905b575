/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scalar Rx burst of a queue whose CQ compresses (rxq_cqe_comp_en), one
 * mbuf per packet. PRM "Compressed CQE": a session of n packets occupies n
 * CQ slots; its first slot, the title, is a full CQE of the first packet
 * with format 3 in op_own bits 3:2 and n in byte_cnt; mini CQE arrays of 8
 * x 8 bytes sit at slots T + 1, T + 8, T + 16, ...; packet i completes WQE
 * title + i and differs from the title only in what the CQ's mini CQE
 * format carries (byte count and one of: RSS hash, checksum, flow tag,
 * L3/L4 header types). Software invalidates the session's slots once it
 * has read them. A session read across bursts keeps the CQ consumer index
 * at its title (the adapter may not reuse slots still to be read).
 *
 * Each packet of a session is handed up from a copy of the title patched
 * with its mini CQE, through the same metadata code as a plain CQE: the
 * mbuf is the same whichever way the adapter completed it.
 */
#include <string.h>

#include <ethdev_driver.h>
#include <rte_mbuf.h>

#include "mlx5x_lcore_tls.h"
#include "mlx5x_prm.h"
#include "mlx5x_rxtx.h"

static __rte_always_inline bool
rx_comp_ready(volatile struct mlx5_cqe64 *cqe, uint32_t ci, uint8_t log_n)
{
	uint8_t op_own = cqe->op_own;

	return (op_own & MLX5_CQE_OWNER_MASK) == ((ci >> log_n) & 1) &&
	       (op_own >> MLX5X_CQE_OPCODE_SHIFT) != MLX5_CQE_INVALID;
}

static __rte_always_inline bool
rx_comp_is_session(uint8_t op_own)
{
	return ((op_own >> MLX5X_CQE_FORMAT_SHIFT) & 3) ==
	       MLX5X_CQE_FORMAT_COMPRESSED;
}

/* Slot of mini CQE i of the session whose title is at slot t. */
static __rte_always_inline uint32_t
rx_comp_mini_slot(uint32_t t, uint32_t i)
{
	uint32_t a = i / MLX5X_MINI_CQES_PER_SLOT;

	return t + (a == 0 ? 1 : MLX5X_MINI_CQES_PER_SLOT * a);
}

/* Mini CQE i of the session at title t, as two big-endian words. */
static __rte_always_inline const volatile uint32_t *
rx_comp_mini(const struct mlx5x_rxq *rxq, uint32_t t, uint32_t i)
{
	return (const volatile uint32_t
			*)((const volatile uint8_t *)&rxq
				   ->cqes[rx_comp_mini_slot(t, i) &
					  rxq->cqe_mask] +
			   (i % MLX5X_MINI_CQES_PER_SLOT) * 8);
}

/* Packet i of the session at title t as a full CQE in *c (the MPRQ burst
 * reads sessions with it too). */
void
mlx5x_rx_comp_expand(const struct mlx5x_rxq *rxq, uint32_t t, uint32_t i,
		     struct mlx5_cqe64 *c)
{
	const volatile uint8_t *title =
		(const volatile uint8_t *)&rxq->cqes[t & rxq->cqe_mask];
	const volatile uint8_t *mini =
		(const volatile uint8_t *)&rxq
			->cqes[rx_comp_mini_slot(t, i) & rxq->cqe_mask] +
		(i % MLX5X_MINI_CQES_PER_SLOT) * 8;
	uint8_t *b = (uint8_t *)c;
	uint32_t w0, w1, tag;

	memcpy(c, (const void *)(uintptr_t)title, sizeof(*c));
	memcpy(&w0, (const void *)(uintptr_t)mini, 4);
	memcpy(&w1, (const void *)(uintptr_t)(mini + 4), 4);
	w0 = rte_be_to_cpu_32(w0);
	w1 = rte_be_to_cpu_32(w1);
	c->wqe_counter = rte_cpu_to_be_16(
		(uint16_t)(rte_be_to_cpu_16(c->wqe_counter) + i));
	switch (rxq->mini_format) {
	case MLX5X_MINI_CQE_FORMAT_HASH:
		*(uint32_t *)(b + MLX5X_CQE_OFF_RSS_HASH_RESULT) =
			rte_cpu_to_be_32(w0);
		break;
	case MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX:
		/* flow tag 15:0 above the stride index, 23:16 above a 24-bit
		 * byte count. */
		tag = (w1 >> 24) << 16 | w0 >> 16;
		w1 &= 0xffffff;
		c->sop_drop_qpn = rte_cpu_to_be_32(
			(rte_be_to_cpu_32(c->sop_drop_qpn) & 0xff000000u) |
			tag);
		break;
	case MLX5X_MINI_CQE_FORMAT_L34H_STRIDX:
		b[MLX5X_CQE_OFF_L4_L3_HDR_TYPE] = (uint8_t)(w0 >> 16);
		break;
	default: /* checksum formats: the raw checksum, which mlx5x ignores */
		*(uint16_t *)(b + MLX5X_CQE_OFF_CHECK_SUM) =
			rte_cpu_to_be_16((uint16_t)(w0 >> 16));
		break;
	}
	c->byte_cnt = rte_cpu_to_be_32(w1);
}

/* Replacement r posted in WQE w. */
static __rte_always_inline void
rx_comp_post(struct mlx5x_rxq *rxq, uint32_t w, struct rte_mbuf *r)
{
	uintptr_t addr = (uintptr_t)r->buf_addr + RTE_PKTMBUF_HEADROOM;

	rxq->elts[w] = r;
	rxq->wqes[w].addr = rte_cpu_to_be_64(addr);
	if (!rxq->mr_single)
		rxq->wqes[w].lkey = rte_cpu_to_be_32(
			mlx5x_mr_lookup(rxq->mr, addr, &rxq->mr_last));
}

/* The mbuf m of the packet of cqe, its length len. With hash, the RSS
 * hash is *hash (a hash mini CQE's, big endian) rather than the CQE's. */
static __rte_always_inline void
rx_comp_fill(const struct mlx5x_rxq *rxq, struct rte_mbuf *m,
	     volatile struct mlx5_cqe64 *cqe, uint32_t len,
	     const volatile uint32_t *hash)
{
	mlx5x_mbuf_rearm(m, rxq->rearm);
	m->pkt_len = len;
	m->data_len = (uint16_t)len;
	mlx5x_rx_cqe_meta(rxq, m, cqe);
	if (hash != NULL && (m->ol_flags & RTE_MBUF_F_RX_RSS_HASH))
		m->hash.rss = rte_be_to_cpu_32(*hash);
}

/* Hand up the packet of cqe in WQE w with replacement r (rx_comp_fill),
 * or with r NULL drop it and leave its buffer posted. */
static __rte_always_inline unsigned int
rx_comp_take(struct mlx5x_rxq *rxq, volatile struct mlx5_cqe64 *cqe,
	     uint32_t len, const volatile uint32_t *hash, uint32_t w,
	     struct rte_mbuf *r, struct rte_mbuf **out)
{
	struct rte_mbuf *m = rxq->elts[w];

	if (r == NULL) {
		rxq->stats.nombuf++;
		return 0;
	}
	rx_comp_fill(rxq, m, cqe, len, hash);
	rxq->stats.bytes += len;
	*out = m;
	rx_comp_post(rxq, w, r);
	return 1;
}

/*
 * k (>= 1) packets of the open session whose title is at t, from zip_i on,
 * in WQEs w0.., each replaced by the next of rep (taken top down), for a
 * mini CQE format that carries only the length and, with hash, the RSS
 * hash: every other field is the title's. The first packet goes through
 * the metadata code; the others copy what it got (packet type, flags,
 * VLAN tag, hash word with the mark, flow metadata), so a packet costs
 * its mini CQE, its stores and its replacement. Returns the bytes.
 */
static __rte_always_inline uint64_t
rx_comp_run(struct mlx5x_rxq *rxq, uint32_t t, uint32_t w0, unsigned int k,
	    struct rte_mbuf **rep, struct rte_mbuf **pkts, const bool hash,
	    const bool mr_single)
{
	/* In locals: the WQE stores are volatile, so a field of rxq read in
	 * the loop would be read again for every packet. */
	struct rte_mbuf **const elts = rxq->elts;
	volatile struct mlx5_wqe_data_seg *const wqes = rxq->wqes;
	volatile struct mlx5_cqe64 *const cqes = rxq->cqes;
	const uint32_t wqe_mask = rxq->wqe_mask, cqe_mask = rxq->cqe_mask;
	const uint64_t rearm = rxq->rearm;
	uint32_t j = rxq->zip_i, len;
	const volatile uint32_t *mini = rx_comp_mini(rxq, t, j);
	struct rte_mbuf *first = elts[w0 & wqe_mask], *m, *r;
	uint64_t flags, hw, bytes;
	uint32_t ptype, hi;
	uint16_t tci;
	unsigned int i;

	bytes = rte_be_to_cpu_32(mini[1]);
	rx_comp_fill(rxq, first, &cqes[t & cqe_mask], (uint32_t)bytes,
		     hash ? &mini[0] : NULL);
	pkts[0] = first;
	rx_comp_post(rxq, w0 & wqe_mask, *--rep);
	ptype = first->packet_type;
	flags = first->ol_flags;
	tci = first->vlan_tci;
	memcpy(&hw, &first->hash, sizeof(hw));
	hi = first->hash.fdir.hi;
	for (i = 1; i < k; i++) {
		const uint32_t w = (w0 + i) & wqe_mask;
		uintptr_t addr;

		/* PRM: the next mini CQE array starts at slot t + 8 * a. */
		mini += 2;
		if ((++j & (MLX5X_MINI_CQES_PER_SLOT - 1)) == 0)
			mini = (const volatile uint32_t *)&cqes[(t + j) &
								cqe_mask];
		m = elts[w];
		len = rte_be_to_cpu_32(mini[1]);
		mlx5x_mbuf_rearm(m, rearm);
		m->packet_type = ptype;
		m->pkt_len = len;
		m->data_len = (uint16_t)len;
		m->vlan_tci = tci;
		/* The hash mini CQE's; meaningless, as the title's, without
		 * the RSS flag. The mark's id above it. */
		if (hash) {
			m->hash.rss = rte_be_to_cpu_32(mini[0]);
			m->hash.fdir.hi = hi;
		} else {
			memcpy(&m->hash, &hw, sizeof(hw));
		}
		m->ol_flags = flags;
		bytes += len;
		pkts[i] = m;
		r = *--rep;
		elts[w] = r;
		addr = (uintptr_t)r->buf_addr + RTE_PKTMBUF_HEADROOM;
		wqes[w].addr = rte_cpu_to_be_64(addr);
		if (!mr_single)
			wqes[w].lkey = rte_cpu_to_be_32(
				mlx5x_mr_lookup(rxq->mr, addr, &rxq->mr_last));
	}
	if (unlikely(flags & rte_flow_dynf_metadata_mask))
		for (i = 1; i < k; i++)
			*RTE_FLOW_DYNF_METADATA(pkts[i]) =
				*RTE_FLOW_DYNF_METADATA(first);
	return bytes;
}

/* rx_comp_run for the queue's format (hash or checksum) and MRs. */
static uint64_t
rx_comp_run_any(struct mlx5x_rxq *rxq, uint32_t t, uint32_t w0, unsigned int k,
		struct rte_mbuf **rep, struct rte_mbuf **pkts)
{
	const bool hash = rxq->mini_format == MLX5X_MINI_CQE_FORMAT_HASH;

	if (likely(rxq->mr_single))
		return hash ? rx_comp_run(rxq, t, w0, k, rep, pkts, true, true)
			    : rx_comp_run(rxq, t, w0, k, rep, pkts, false,
					  true);
	return hash ? rx_comp_run(rxq, t, w0, k, rep, pkts, true, false)
		    : rx_comp_run(rxq, t, w0, k, rep, pkts, false, false);
}

/* The session at title t is read: its slots are software's again. */
static void
rx_comp_session_end(struct mlx5x_rxq *rxq, uint32_t t, uint32_t n)
{
	const uint8_t inval = MLX5_CQE_INVALID << MLX5X_CQE_OPCODE_SHIFT;
	volatile struct mlx5_cqe64 *c = &rxq->cqes[t & rxq->cqe_mask];
	uint32_t i;

	/* Not across the ring's end (the common case): a pointer walk. */
	if (likely((t & rxq->cqe_mask) + n <= rxq->cqe_mask + 1u)) {
		for (i = 0; i < n; i++)
			c[i].op_own = inval;
	} else {
		for (i = 0; i < n; i++)
			rxq->cqes[(t + i) & rxq->cqe_mask].op_own = inval;
	}
	rxq->zip_n = 0;
	rxq->zip_i = 0;
}

/* At most n (<= MLX5X_RX_BURST_STEP) packets consumed, *used of them;
 * returns those handed up (the others dropped for want of mbufs). */
static unsigned int
rx_comp_step(struct mlx5x_rxq *rxq, struct rte_mbuf **pkts, uint32_t n,
	     unsigned int *consumed)
{
	struct rte_mbuf *buf[MLX5X_RX_BURST_STEP];
	struct mlx5x_rx_reps reps;
	uint32_t ci = rxq->cq_ci, have = n, j = 0, used = 0, wqes = 0;
	struct mlx5_cqe64 loc;
	uint64_t bytes = 0;

	/* Nothing ready: no trip to the pool. */
	*consumed = 0;
	if (rxq->zip_n == 0 &&
	    !rx_comp_ready(&rxq->cqes[ci & rxq->cqe_mask], ci, rxq->log_cqe_n))
		return 0;
	/* The pool short: this step's packets are dropped (their buffers
	 * stay posted), as in the plain burst. */
	if (unlikely(!mlx5x_rx_reps_get(rxq->mp, &reps, buf, n)))
		have = 0;
	while (used < n) {
		volatile struct mlx5_cqe64 *cqe =
			&rxq->cqes[ci & rxq->cqe_mask];
		/* Taken from the top down (mlx5x_rx_reps_get). */
		struct rte_mbuf *r =
			used < have ? reps.end[-1 - (int)used] : NULL;
		uint32_t w = (rxq->rq_ci + wqes) & rxq->wqe_mask;
		uint8_t op_own;

		if (rxq->zip_n != 0) {
			/* Hash and checksum formats carry nothing the mbuf
			 * takes from the title but the length (and the
			 * hash): the packets the step still wants in one
			 * run, while the pool gave replacements. */
			if (likely(used < have) &&
			    (rxq->mini_format == MLX5X_MINI_CQE_FORMAT_HASH ||
			     rxq->mini_format == MLX5X_MINI_CQE_FORMAT_CSUM ||
			     rxq->mini_format ==
				     MLX5X_MINI_CQE_FORMAT_CSUM_STRIDX)) {
				unsigned int k =
					RTE_MIN(n - used,
						(uint32_t)(rxq->zip_n -
							   rxq->zip_i));
				struct rte_mbuf **rep = reps.end - used;
				uint32_t w0 = rxq->rq_ci + wqes;

				bytes += rx_comp_run_any(rxq, ci, w0, k, rep,
							 &pkts[j]);
				j += k;
				used += k;
				wqes += k;
				rxq->zip_i = (uint16_t)(rxq->zip_i + k);
			} else {
				mlx5x_rx_comp_expand(rxq, ci, rxq->zip_i, &loc);
				j += rx_comp_take(rxq, &loc,
						  rte_be_to_cpu_32(
							  loc.byte_cnt),
						  NULL, w, r, &pkts[j]);
				used++;
				wqes++;
				rxq->zip_i++;
			}
			if (rxq->zip_i == rxq->zip_n) {
				uint32_t sn = rxq->zip_n;

				rx_comp_session_end(rxq, ci, sn);
				ci += sn;
			}
			continue;
		}
		if (!rx_comp_ready(cqe, ci, rxq->log_cqe_n))
			break;
		/* PRM: the CQE's other fields (and a session's mini CQE
		 * arrays) are valid once its owner bit is. */
		rte_io_rmb();
		op_own = cqe->op_own;
		if (rx_comp_is_session(op_own)) {
			rxq->zip_n = rte_be_to_cpu_32(cqe->byte_cnt);
			if (unlikely(rxq->zip_n == 0)) {
				/* A session of no packets, which no adapter
				 * writes: skipped as an error, not read
				 * again forever. */
				rxq->stats.errors++;
				ci++;
				continue;
			}
			rxq->zip_i = 0;
			rxq->comp_sessions++;
			continue;
		}
		ci++;
		wqes++;
		if ((op_own >> MLX5X_CQE_OPCODE_SHIFT) != MLX5_CQE_RESP_SEND) {
			mlx5x_rx_cqe_error(rxq, cqe, op_own);
			continue;
		}
		j += rx_comp_take(rxq, cqe, rte_be_to_cpu_32(cqe->byte_cnt),
				  NULL, w, r, &pkts[j]);
		used++;
	}
	if (have != 0)
		mlx5x_rx_reps_put(rxq->mp, &reps, n, used);
	rxq->stats.packets += j;
	rxq->stats.bytes += bytes;
	rxq->cq_ci = ci;
	rxq->rq_ci += wqes;
	rte_io_wmb();
	*rxq->cq_db = rte_cpu_to_be_32(rxq->cq_ci & 0xffffff);
	rte_io_wmb();
	*rxq->rq_db = rte_cpu_to_be_32(rxq->rq_ci & 0xffff);
	*consumed = used;
	return j;
}

uint16_t
mlx5x_rx_burst_comp(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	struct mlx5x_rxq *rxq = q;
	unsigned int done = 0, want, used;

	do {
		want = RTE_MIN((unsigned int)n - done,
			       (unsigned int)MLX5X_RX_BURST_STEP);
		done += rx_comp_step(rxq, pkts + done, want, &used);
	} while (used == want && done < n);
	mlx5x_rx_recover_if_needed(rxq);
	return (uint16_t)done;
}
