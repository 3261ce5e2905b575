/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scalar Rx burst for queues whose frames span several mbufs (Rx scatter):
 * one WQE of 2^log_sges data segments per packet, each segment's mbuf
 * replaced as the packet is handed up. Chosen at start when any Rx queue of
 * the port needs it; the single-segment burst (mlx5x_rx.c) otherwise. No
 * allocation but the mempool's, no lock, no log: a packet without
 * replacement mbufs is dropped and counted (nombuf), an error CQE is
 * counted (errors).
 */
#include <ethdev_driver.h>
#include <rte_mbuf.h>

#include "mlx5x_prm.h"
#include "mlx5x_rxtx.h"

/* Post mbuf m in data segment slot i. */
static inline void
rx_post(struct mlx5x_rxq *rxq, uint32_t i, struct rte_mbuf *m)
{
	volatile struct mlx5_wqe_data_seg *seg = &rxq->wqes[i];
	uintptr_t addr = (uintptr_t)m->buf_addr + RTE_PKTMBUF_HEADROOM;

	seg->addr = rte_cpu_to_be_64(addr);
	if (!rxq->mr_single)
		seg->lkey = rte_cpu_to_be_32(
			mlx5x_mr_lookup(rxq->mr, addr, &rxq->mr_last));
	rxq->elts[i] = m;
}

uint16_t
mlx5x_rx_burst_scatter(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	struct mlx5x_rxq *rxq = q;
	uint32_t first = rxq->cq_ci;
	uint16_t done = 0;
	uint64_t bytes = 0;

	while (done < n) {
		volatile struct mlx5_cqe64 *cqe =
			&rxq->cqes[rxq->cq_ci & rxq->cqe_mask];
		uint8_t op_own = cqe->op_own;
		uint8_t opcode = op_own >> MLX5X_CQE_OPCODE_SHIFT;
		struct rte_mbuf *rep[MLX5X_RX_SEGS_MAX];
		struct rte_mbuf *head, *m;
		uint32_t base, len, left, nseg, j;

		if ((op_own & MLX5_CQE_OWNER_MASK) !=
			    ((rxq->cq_ci >> rxq->log_cqe_n) & 1) ||
		    opcode == MLX5_CQE_INVALID)
			break;
		rte_io_rmb();
		rxq->cq_ci++;
		rxq->rq_ci++;
		/* The WQE's buffers stay posted as they are unless the packet
		 * is handed up. */
		if (unlikely(opcode != MLX5_CQE_RESP_SEND)) {
			mlx5x_rx_cqe_error(rxq, cqe, op_own);
			continue;
		}
		base = (uint32_t)(rte_be_to_cpu_16(cqe->wqe_counter) &
				  rxq->wqe_mask)
		       << rxq->log_sges;
		len = rte_be_to_cpu_32(cqe->byte_cnt);
		nseg = len ? (len + rxq->buf_len - 1) / rxq->buf_len : 1;
		if (unlikely(nseg > (1u << rxq->log_sges))) {
			rxq->stats.errors++;
			continue;
		}
		if (unlikely(rte_mempool_get_bulk(rxq->mp, (void **)rep,
						  nseg) != 0)) {
			rxq->stats.nombuf++;
			continue;
		}
		head = rxq->elts[base];
		left = len;
		for (j = 0; j < nseg; j++) {
			m = rxq->elts[base + j];
			/* data_off, refcnt, nb_segs 1, port; the head's nb_segs
			 * is set below. */
			mlx5x_mbuf_rearm(m, rxq->rearm);
			m->data_len = (uint16_t)RTE_MIN(left, rxq->buf_len);
			left -= m->data_len;
			/* A pool's free mbufs have next == NULL. */
			if (j + 1 < nseg)
				m->next = rxq->elts[base + j + 1];
			rx_post(rxq, base + j, rep[j]);
		}
		head->nb_segs = (uint16_t)nseg;
		head->pkt_len = len;
		mlx5x_rx_cqe_meta(rxq, head, cqe);
		bytes += len;
		pkts[done++] = head;
	}
	if (rxq->cq_ci != first) {
		rte_io_wmb();
		*rxq->cq_db = rte_cpu_to_be_32(rxq->cq_ci & 0xffffff);
		rte_io_wmb();
		*rxq->rq_db = rte_cpu_to_be_32(rxq->rq_ci & 0xffff);
	}
	mlx5x_rx_recover_if_needed(rxq);
	rxq->stats.packets += done;
	rxq->stats.bytes += bytes;
	return done;
}
