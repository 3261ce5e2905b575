/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scalar Rx burst, one mbuf per packet: read the ready CQEs, take their
 * replacements from the mempool in one bulk get, hand each posted mbuf up
 * with its metadata and post its replacement in its place, one doorbell
 * pair per burst. No allocation but the mempool's, no lock, no log: a burst
 * whose replacements the pool cannot give drops its packets and counts
 * them (nombuf), an error CQE is counted (mlx5x_rx_cqe_error).
 */
#include <stdio.h>

#include <ethdev_driver.h>
#include <rte_cpuflags.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include "mlx5x_lcore_tls.h"
#include "mlx5x_prm.h"
#include "mlx5x_rxtx.h"

/* CQE ci is the adapter's (owner bit of this pass, valid opcode). */
static __rte_always_inline bool
rx_cqe_ready(volatile struct mlx5_cqe64 *cqe, uint32_t ci, uint8_t log_n)
{
	uint8_t op_own = cqe->op_own;

	return (op_own & MLX5_CQE_OWNER_MASK) == ((ci >> log_n) & 1) &&
	       (op_own >> MLX5X_CQE_OPCODE_SHIFT) != MLX5_CQE_INVALID;
}

/* Ready CQEs from ci on, at most n (the pool could not give n
 * replacements: ask it for just these). */
static uint32_t
rx_count_ready(const struct mlx5x_rxq *rxq, uint32_t n)
{
	uint32_t k;

	for (k = 0; k < n; k++)
		if (!rx_cqe_ready(&rxq->cqes[(rxq->cq_ci + k) & rxq->cqe_mask],
				  rxq->cq_ci + k, rxq->log_cqe_n))
			break;
	return k;
}

/* The pool cannot replace the ready CQEs' buffers: their packets are
 * dropped, the buffers stay posted. */
static void
rx_drop(struct mlx5x_rxq *rxq, uint32_t ready)
{
	uint32_t i;

	for (i = 0; i < ready; i++) {
		volatile struct mlx5_cqe64 *cqe =
			&rxq->cqes[(rxq->cq_ci + i) & rxq->cqe_mask];
		uint8_t op_own = cqe->op_own;

		if ((op_own >> MLX5X_CQE_OPCODE_SHIFT) == MLX5_CQE_RESP_SEND)
			rxq->stats.nombuf++;
		else
			mlx5x_rx_cqe_error(rxq, cqe, op_own);
	}
}

/*
 * At most MLX5X_RX_BURST_STEP packets, n stopping at the CQ's and the
 * RQ's ring ends; mr_single a compile-time constant in each instance.
 * PRM: a cyclic RQ consumes its WQEs in order, one per CQE (errors too),
 * so CQE i of the step completes WQE rq_ci + i: the WQE index, the mbuf
 * slot and the CQE advance together, with no WQE counter to read.
 */
static __rte_always_inline unsigned int
rx_burst_step(struct mlx5x_rxq *rxq, struct rte_mbuf **pkts, uint32_t n,
	      const bool mr_single, const bool meta)
{
	const uint32_t ci = rxq->cq_ci;
	const uint32_t w0 = rxq->rq_ci & rxq->wqe_mask;
	volatile struct mlx5_cqe64 *cqe = &rxq->cqes[ci & rxq->cqe_mask];
	volatile struct mlx5_wqe_data_seg *wqes = rxq->wqes + w0;
	struct rte_mbuf **elts = rxq->elts + w0;
	const uint64_t rearm = rxq->rearm;
	/* The step stops at the ring's end: one owner bit for all of it. */
	const uint8_t send = MLX5X_RX_OP_OWN_SEND((ci >> rxq->log_cqe_n) & 1);
	struct rte_mbuf *buf[MLX5X_RX_BURST_STEP], **rep;
	struct mlx5x_rx_reps reps;
	uint64_t bytes = 0;
	unsigned int i, j = 0;

	/* Nothing ready: no trip to the pool. */
	if (!rx_cqe_ready(cqe, ci, rxq->log_cqe_n))
		return 0;
	/* Replacements for a full step, the unused ones given back after:
	 * one pool call each way instead of a pass over the CQEs first. */
	if (unlikely(!mlx5x_rx_reps_get(rxq->mp, &reps, buf, n))) {
		n = rx_count_ready(rxq, n);
		if (!mlx5x_rx_reps_get(rxq->mp, &reps, buf, n)) {
			rx_drop(rxq, n);
			i = n;
			goto doorbell;
		}
	}
	rep = reps.end;
	for (i = 0; i < n; i++, cqe++) {
		const uint8_t op_own = cqe->op_own;
		struct rte_mbuf *m, *r;
		uintptr_t addr;
		uint32_t len;

		if (unlikely((op_own & MLX5X_RX_OP_OWN_MASK) != send)) {
			if (!rx_cqe_ready(cqe, ci + i, rxq->log_cqe_n))
				break;
			mlx5x_rx_cqe_error(rxq, cqe, op_own);
			continue;
		}
		/* PRM: the CQE's other fields are valid once its owner bit
		 * is. */
		rte_io_rmb();
		m = elts[i];
		/* The next packet's mbuf; past the ring's end the spare
		 * NULL slot (a prefetch never faults). */
		rte_prefetch0(elts[i + 1]);
		len = rte_be_to_cpu_32(cqe->byte_cnt);
		/* data_off, refcnt 1, nb_segs 1, port in one store; a pool's
		 * free mbufs have next == NULL already. */
		mlx5x_mbuf_rearm(m, rearm);
		m->pkt_len = len;
		m->data_len = (uint16_t)len;
		mlx5x_rx_cqe_meta_if(rxq, m, cqe, meta);
		bytes += len;
		pkts[j++] = m;
		r = *--rep;
		elts[i] = r;
		addr = (uintptr_t)r->buf_addr + RTE_PKTMBUF_HEADROOM;
		wqes[i].addr = rte_cpu_to_be_64(addr);
		if (!mr_single)
			wqes[i].lkey = rte_cpu_to_be_32(
				mlx5x_mr_lookup(rxq->mr, addr, &rxq->mr_last));
	}
	mlx5x_rx_reps_put(rxq->mp, &reps, n, j);
	rxq->stats.packets += j;
	rxq->stats.bytes += bytes;
doorbell:
	rxq->cq_ci = ci + i;
	rxq->rq_ci += i;
	rte_io_wmb();
	*rxq->cq_db = rte_cpu_to_be_32(rxq->cq_ci & 0xffffff);
	rte_io_wmb();
	*rxq->rq_db = rte_cpu_to_be_32(rxq->rq_ci & 0xffff);
	return j;
}

uint16_t
mlx5x_rx_burst(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	struct mlx5x_rxq *rxq = q;
	/* The application may register the metadata dynfield at any time:
	 * looked at once per call, not per packet. */
	const bool meta = rte_flow_dynf_metadata_mask != 0;
	unsigned int done = 0, k, want;

	do {
		/* A step ends at the CQ's and the RQ's ring ends. */
		want = RTE_MIN((unsigned int)n - done,
			       (unsigned int)MLX5X_RX_BURST_STEP);
		want = RTE_MIN(want, rxq->cqe_mask + 1u -
					     (rxq->cq_ci & rxq->cqe_mask));
		want = RTE_MIN(want, rxq->wqe_mask + 1u -
					     (rxq->rq_ci & rxq->wqe_mask));
		if (likely(rxq->mr_single))
			k = meta ? rx_burst_step(rxq, pkts + done, want, true,
						 true)
				 : rx_burst_step(rxq, pkts + done, want, true,
						 false);
		else
			k = rx_burst_step(rxq, pkts + done, want, false, true);
		done += k;
	} while (k == want && done < n);
	mlx5x_rx_recover_if_needed(rxq);
	return (uint16_t)done;
}

int
mlx5x_rx_descriptor_status(void *q, uint16_t offset)
{
	struct mlx5x_rxq *rxq = q;

	if (offset >= rxq->desc)
		return -EINVAL;
	return offset < mlx5x_rx_queue_count(q) ? RTE_ETH_RX_DESC_DONE
						: RTE_ETH_RX_DESC_AVAIL;
}

/* Completed packets not yet read by a burst (a compressed session counts
 * its packets, less those already read). */
uint32_t
mlx5x_rx_queue_count(void *q)
{
	struct mlx5x_rxq *rxq = q;
	uint32_t ci = rxq->cq_ci, n = 0;

	if (rxq->mprq)
		return mlx5x_rx_queue_count_mprq(rxq);
	while (n < rxq->desc) {
		volatile struct mlx5_cqe64 *cqe =
			&rxq->cqes[ci & rxq->cqe_mask];
		uint8_t op_own = cqe->op_own;
		uint32_t k;

		if ((op_own & MLX5_CQE_OWNER_MASK) !=
			    ((ci >> rxq->log_cqe_n) & 1) ||
		    (op_own >> MLX5X_CQE_OPCODE_SHIFT) == MLX5_CQE_INVALID)
			break;
		rte_io_rmb();
		k = mlx5x_rx_cqe_slots(cqe);
		n += k - (ci == rxq->cq_ci ? rxq->zip_i : 0);
		ci += k;
	}
	return RTE_MIN(n, (uint32_t)rxq->desc);
}

static bool
mlx5x_rx_burst_is_vec(const struct rte_eth_dev *dev)
{
#ifdef RTE_ARCH_X86_64
	return dev->rx_pkt_burst == mlx5x_rx_burst_vec;
#else
	RTE_SET_USED(dev);
	return false;
#endif
}

const uint32_t *
mlx5x_ptypes_get(struct rte_eth_dev *dev)
{
	static const uint32_t ptypes[] = {
		RTE_PTYPE_L2_ETHER,
		RTE_PTYPE_L3_IPV4_EXT_UNKNOWN,
		RTE_PTYPE_L3_IPV6_EXT_UNKNOWN,
		RTE_PTYPE_L4_TCP,
		RTE_PTYPE_L4_UDP,
		RTE_PTYPE_UNKNOWN,
	};

	if (dev->rx_pkt_burst == mlx5x_rx_burst ||
	    dev->rx_pkt_burst == mlx5x_rx_burst_comp ||
	    dev->rx_pkt_burst == mlx5x_rx_burst_mprq ||
	    mlx5x_rx_burst_is_vec(dev) ||
	    dev->rx_pkt_burst == mlx5x_rx_burst_scatter)
		return ptypes;
	return NULL;
}

/* MPRQ when the queues stride (mprq_en); scatter when any Rx queue's
 * frames span several mbufs; else SSE4.2
 * when rx_vec_en, the CPU has it, every queue's pool lies in one MR
 * and keeps its buffers in its mbufs, and the application has not
 * registered the flow metadata dynfield (the vector burst does not read
 * the CQE's flow_table_metadata; the scalar ones do);
 * else the compressed-CQE burst when the queues' CQs compress (never with
 * scatter: mlx5x_rxq_start); the single-segment burst otherwise. */
void
mlx5x_rx_burst_pick(struct rte_eth_dev *dev)
{
	const struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	bool comp = false, vec = priv->config.rx_vec_en != 0;
	uint16_t i;

	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		const struct mlx5x_rxq *rxq = dev->data->rx_queues[i];

		if (rxq == NULL)
			continue;
		/* mprq_en is the port's: its queues all stride or none. */
		if (rxq->mprq) {
			dev->rx_pkt_burst = mlx5x_rx_burst_mprq;
			return;
		}
		if (rxq->log_sges > 0) {
			dev->rx_pkt_burst = mlx5x_rx_burst_scatter;
			return;
		}
		comp |= rxq->cqe_comp;
		/* The vector burst posts a replacement's data address from
		 * the mbuf's own (rte_mbuf_buf_addr): not for pinned
		 * external buffers. */
		vec &= rxq->mr_single && !(rte_pktmbuf_priv_flags(rxq->mp) &
					   RTE_PKTMBUF_POOL_F_PINNED_EXT_BUF);
	}
	dev->rx_pkt_burst = comp ? mlx5x_rx_burst_comp : mlx5x_rx_burst;
#ifdef RTE_ARCH_X86_64
	if (vec && !rte_flow_dynf_metadata_avail() &&
	    rte_cpu_get_flag_enabled(RTE_CPUFLAG_SSE4_2) > 0)
		dev->rx_pkt_burst = mlx5x_rx_burst_vec;
#endif
}

static const char *const rx_mini_format_name[] = {
	[MLX5X_MINI_CQE_FORMAT_HASH] = "hash",
	[MLX5X_MINI_CQE_FORMAT_CSUM] = "checksum",
	[MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX] = "flow tag",
	[MLX5X_MINI_CQE_FORMAT_CSUM_STRIDX] = "checksum, stride index",
	[MLX5X_MINI_CQE_FORMAT_L34H_STRIDX] = "L3/L4 header",
};

int
mlx5x_rx_burst_mode_get(struct rte_eth_dev *dev, uint16_t idx,
			struct rte_eth_burst_mode *mode)
{
	const struct mlx5x_rxq *rxq = dev->data->rx_queues[idx];

	if (dev->rx_pkt_burst == mlx5x_rx_burst_mprq && rxq != NULL)
		snprintf(mode->info, sizeof(mode->info),
			 "Scalar MPRQ (%u strides of %u bytes, copy up to %u)%s%s%s",
			 1u << rxq->log_strd_num, 1u << rxq->log_strd_sz,
			 rxq->mprq_memcpy,
			 rxq->cqe_comp ? ", CQE compression (" : "",
			 rxq->cqe_comp ? rx_mini_format_name[rxq->mini_format]
				       : "",
			 rxq->cqe_comp ? " mini CQEs)" : "");
	else if (mlx5x_rx_burst_is_vec(dev))
		snprintf(mode->info, sizeof(mode->info), "Vector SSE4.2%s%s%s",
			 rxq != NULL && rxq->cqe_comp ? ", CQE compression ("
						      : "",
			 rxq != NULL && rxq->cqe_comp
				 ? rx_mini_format_name[rxq->mini_format]
				 : "",
			 rxq != NULL && rxq->cqe_comp ? " mini CQEs)" : "");
	else if (dev->rx_pkt_burst == mlx5x_rx_burst_comp && rxq != NULL &&
		 rxq->cqe_comp)
		snprintf(mode->info, sizeof(mode->info),
			 "Scalar, CQE compression (%s mini CQEs)",
			 rx_mini_format_name[rxq->mini_format]);
	else
		snprintf(mode->info, sizeof(mode->info), "%s",
			 dev->rx_pkt_burst == mlx5x_rx_burst_scatter
				 ? "Scalar scatter"
				 : "Scalar");
	return 0;
}
