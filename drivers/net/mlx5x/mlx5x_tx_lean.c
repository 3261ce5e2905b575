/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Lean Tx burst: every packet one single-segment SEND in one WQEBB (control
 * segment, Ethernet segment with checksum flags and up to
 * MLX5X_TX_LEAN_INLINE_MAX inline header bytes, one data segment), built
 * with 8-byte stores; one completion request, one doorbell per burst;
 * completions free the sent mbufs in bulk. Chosen at start when no Tx queue
 * enabled multi-segment, TSO or VLAN insertion; a packet that still needs
 * one of them, carries flow metadata (RTE_MBUF_DYNFLAG_TX_METADATA) or is
 * shorter than the inline header or an Ethernet header, and everything
 * after it in the burst go to the full burst, so the wire sees the same
 * frames whichever burst runs. nb_segs 1 is taken at its word (the mbuf's
 * next, in its second cache line, is not read).
 */
#include <string.h>

#include <ethdev_driver.h>
#include <rte_mbuf.h>

#include "mlx5x_prm.h"
#include "mlx5x_rxtx.h"

/* The Ethernet segment's first 8 bytes (rsvd, cs_flags, rsvd, mss 0) in
 * wire order, by the mbuf's IP checksum (bit 2) and L4 checksum type (bits
 * 1:0) request: PRM cs_flags L3 for the first, L4 for any of the second. */
#define TX_CS_SHIFT 52
static const uint64_t tx_lean_eth0[8] = {
#define TX_ETH0(ip, l4)                                                        \
	RTE_BE64((uint64_t)(((ip) ? MLX5_ETH_WQE_L3_CSUM : 0) |                \
			    ((l4) ? MLX5_ETH_WQE_L4_CSUM : 0))                 \
		 << 24)
	TX_ETH0(0, 0), TX_ETH0(0, 1), TX_ETH0(0, 2), TX_ETH0(0, 3),
	TX_ETH0(1, 0), TX_ETH0(1, 1), TX_ETH0(1, 2), TX_ETH0(1, 3),
#undef TX_ETH0
};
_Static_assert(RTE_MBUF_F_TX_L4_MASK == 3ULL << TX_CS_SHIFT &&
		       RTE_MBUF_F_TX_IP_CKSUM == 1ULL << (TX_CS_SHIFT + 2),
	       "mbuf Tx checksum flags moved: tx_lean_eth0 index");

/* lkey of direct mbuf m's data when m is not of txq->mp_single: a lookup,
 * and m's pool becomes mp_single when it lies in one MR. */
uint32_t
mlx5x_tx_lkey_slow(struct mlx5x_txq *txq, const struct rte_mbuf *m,
		   uintptr_t addr)
{
	uint32_t lkey;

	lkey = mlx5x_mr_lookup(txq->mr, addr, &txq->mr_last);
	if (lkey != MLX5X_MR_LKEY_NONE && txq->mp_cache &&
	    m->pool != txq->mp_multi) {
		/* A new pool: walk its memory once. */
		if (mlx5x_mempool_in_one_mr(m->pool, txq->mr, lkey)) {
			txq->mp_single = m->pool;
			txq->mp_lkey = lkey;
		} else {
			txq->mp_multi = m->pool;
		}
	}
	return lkey;
}

/* ih (inline header bytes) a compile-time 0 in one instance. */
static __rte_always_inline uint16_t
tx_burst_lean(struct mlx5x_txq *txq, struct rte_mbuf **pkts, uint16_t n,
	      const uint32_t ih)
{
	/* Indirect and external buffers are not in their mbuf's pool; the
	 * full burst writes a packet's flow metadata into its WQE (the
	 * dynflag mask, 0 while the application has not registered it). */
	const uint64_t slow = RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_VLAN |
			      RTE_MBUF_F_INDIRECT | RTE_MBUF_F_EXTERNAL |
			      rte_flow_dynf_metadata_mask;
	/* With an inline header: 16 bytes after the first two are read, and
	 * something must be left for the data segment (PRM: a zero byte
	 * count is not "nothing"). Without: a whole Ethernet header. The
	 * full burst drops what is shorter. */
	const uint32_t min_len = ih ? RTE_MAX(MLX5X_TX_LEAN_INLINE_MAX, ih + 1)
				    : MLX5X_TX_FRAME_MIN;
	const uint32_t ds = txq->lean_ds;
	const uint64_t qpn_ds = txq->qpn_ds | ds;
	const uint16_t wqe_mask = txq->wqe_mask;
	const uint16_t elts_mask = txq->elts_mask;
	volatile uint8_t *wqes = txq->wqes;
	struct rte_mbuf **elts = txq->elts;
	volatile uint64_t *ctrl = NULL;
	uint16_t w, head, room, i;
	uint64_t bytes = 0;

	mlx5x_tx_complete(txq);
	if (unlikely(txq->needs_recovery) && mlx5x_txq_recover(txq) != 0)
		return 0;
	w = txq->wqe_ci;
	head = txq->elts_head;
	/* One WQEBB and one elts slot per packet. */
	room = (uint16_t)(wqe_mask + 1 - (uint16_t)(w - txq->wqe_pi));
	n = RTE_MIN(n, room);
	room = (uint16_t)(elts_mask + 1 - (uint16_t)(head - txq->elts_tail));
	n = RTE_MIN(n, room);
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		uintptr_t addr = rte_pktmbuf_mtod(m, uintptr_t);
		uint32_t len = m->data_len;
		uint64_t ol = m->ol_flags;
		uint32_t lkey;
		volatile uint64_t *dseg;

		if (unlikely(mlx5x_mbuf_ref_segs(m) != MLX5X_MBUF_REF1_SEG1 ||
			     (ol & slow) || len < min_len)) {
			if (m->nb_segs != 1 || (ol & slow) || len < min_len)
				break;
			/* Shared (refcnt > 1): completion frees it with a
			 * look at each mbuf. */
			txq->elts_odd = (uint16_t)(head + 1);
		}
		if (likely(m->pool == txq->mp_single)) {
			lkey = txq->mp_lkey;
		} else {
			lkey = mlx5x_tx_lkey_slow(txq, m, addr);
			if (unlikely(lkey == MLX5X_MR_LKEY_NONE))
				break;
			/* Another pool than the mbufs before it. */
			txq->elts_odd = (uint16_t)(head + 1);
		}
		bytes += len;
		ctrl = (volatile uint64_t *)(wqes + (size_t)(w & wqe_mask) *
							    MLX5X_WQEBB);
		/* ctrl: opmod_idx_opcode, qpn_ds | signature, stream,
		 * fm_ce_se (no completion), imm. */
		ctrl[0] = rte_cpu_to_be_64(
			((uint64_t)(((uint32_t)w << 8) | MLX5_OPCODE_SEND)
			 << 32) |
			qpn_ds);
		ctrl[1] = 0;
		/* eth: rsvd, cs_flags, rsvd, mss | rsvd, inline_hdr_sz and
		 * the header's first two bytes. */
		ctrl[2] = tx_lean_eth0[(ol >> TX_CS_SHIFT) & 7];
		if (ih == 0) {
			ctrl[3] = 0;
			dseg = ctrl + 4;
		} else {
			const uint8_t *p = (const uint8_t *)addr;

			ctrl[3] =
				rte_cpu_to_be_64(((uint64_t)ih << 16) |
						 ((uint64_t)p[0] << 8) | p[1]);
			/* The rest of the header, 16 bytes (the adapter
			 * reads ih - 2 of them; len >= 18). */
			memcpy((void *)(uintptr_t)(ctrl + 4), p + 2, 16);
			dseg = ctrl + 6;
			addr += ih;
			len -= ih;
		}
		dseg[0] = rte_cpu_to_be_64(((uint64_t)len << 32) | lkey);
		dseg[1] = rte_cpu_to_be_64(addr);
		elts[head & elts_mask] = m;
		head++;
		w++;
	}
	if (ctrl != NULL) {
		/* Ask for a completion on the burst's last WQE; it releases
		 * everything up to here. */
		txq->comp[(uint16_t)(w - 1) & wqe_mask] =
			(struct mlx5x_txq_comp){
				.elts_head = head,
				.wqe_next = w,
			};
		ctrl[1] = rte_cpu_to_be_64((uint64_t)MLX5_WQE_CTRL_CQ_UPDATE
					   << 32);
		txq->wqe_ci = w;
		txq->elts_head = head;
		rte_io_wmb();
		txq->sq_db[MLX5X_SND_DBR] = rte_cpu_to_be_32(w);
		rte_wmb();
		*txq->bf_reg = *ctrl;
		rte_wmb();
		txq->stats.packets += i;
		txq->stats.bytes += bytes;
	}
	if (unlikely(i < n))
		return (uint16_t)(i + mlx5x_tx_burst(txq, pkts + i,
						     (uint16_t)(n - i)));
	return i;
}

uint16_t
mlx5x_tx_burst_lean(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	struct mlx5x_txq *txq = q;

	if (txq->inline_min == 0)
		return tx_burst_lean(txq, pkts, n, 0);
	return tx_burst_lean(txq, pkts, n, txq->inline_min);
}
