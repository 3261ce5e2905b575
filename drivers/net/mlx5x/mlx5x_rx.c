/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scalar Rx burst: read CQEs by owner bit, hand the posted mbuf up with its
 * metadata, post a fresh one in its place. No allocation but the mempool's,
 * no lock, no log: a packet without a replacement mbuf is dropped and
 * counted (nombuf), an error CQE is counted (errors).
 */
#include <stdio.h>

#include <ethdev_driver.h>
#include <rte_mbuf.h>

#include "mlx5x_prm.h"
#include "mlx5x_rxtx.h"

static inline uint8_t
cqe_byte(volatile struct mlx5_cqe64 *cqe, unsigned int off)
{
	return ((volatile uint8_t *)cqe)[off];
}

/* PRM: l3_hdr_type 1 IPv6, 2 IPv4; l4_hdr_type per MLX5X_CQE_L4_HDR_*. */
static inline uint32_t
rx_ptype(uint8_t hdr)
{
	uint32_t l3 = (hdr >> MLX5X_CQE_L3_HDR_SHIFT) & 0x3;
	uint32_t l4 = (hdr >> MLX5X_CQE_L4_HDR_SHIFT) & 0x7;
	uint32_t pt = RTE_PTYPE_L2_ETHER;

	if (l3 == 2)
		pt |= RTE_PTYPE_L3_IPV4_EXT_UNKNOWN;
	else if (l3 == 1)
		pt |= RTE_PTYPE_L3_IPV6_EXT_UNKNOWN;
	else
		return pt;
	switch (l4) {
	case MLX5X_CQE_L4_HDR_TYPE_TCP_NO_ACK:
	case MLX5X_CQE_L4_HDR_TYPE_TCP_ACK_NO_DATA:
	case MLX5X_CQE_L4_HDR_TYPE_TCP_ACK_AND_DATA:
		pt |= RTE_PTYPE_L4_TCP;
		break;
	case MLX5X_CQE_L4_HDR_TYPE_UDP:
		pt |= RTE_PTYPE_L4_UDP;
		break;
	default:
		break;
	}
	return pt;
}

/* Metadata from the CQE into the packet's first mbuf. */
static inline void
rx_fill(struct mlx5x_rxq *rxq, struct rte_mbuf *m,
	volatile struct mlx5_cqe64 *cqe)
{
	uint8_t hdr = cqe_byte(cqe, MLX5X_CQE_OFF_L4_L3_HDR_TYPE);
	uint8_t ok = cqe_byte(cqe, MLX5X_CQE_OFF_HDS_IP_EXT);
	uint64_t flags = 0;
	uint32_t tag;

	m->port = rxq->port_id;
	m->packet_type = rx_ptype(hdr);
	if (cqe_byte(cqe, MLX5X_CQE_OFF_RSS_HASH_TYPE) != 0) {
		m->hash.rss = rte_be_to_cpu_32(
			*(volatile uint32_t *)((volatile uint8_t *)cqe +
					       MLX5X_CQE_OFF_RSS_HASH_RESULT));
		flags |= RTE_MBUF_F_RX_RSS_HASH;
	}
	if (rxq->csum && (m->packet_type & RTE_PTYPE_L3_MASK)) {
		flags |= (ok & MLX5X_CQE_L3_OK) ? RTE_MBUF_F_RX_IP_CKSUM_GOOD
						: RTE_MBUF_F_RX_IP_CKSUM_BAD;
		if (m->packet_type & RTE_PTYPE_L4_MASK)
			flags |= (ok & MLX5X_CQE_L4_OK)
					 ? RTE_MBUF_F_RX_L4_CKSUM_GOOD
					 : RTE_MBUF_F_RX_L4_CKSUM_BAD;
	}
	/* Flow tag (low 24 bits of sop_drop_qpn), set by a steering rule:
	 * 0 none, 0xffffff FLAG, else MARK id tag - 1. */
	tag = rte_be_to_cpu_32(cqe->sop_drop_qpn) & 0xffffff;
	if (tag != 0) {
		flags |= RTE_MBUF_F_RX_FDIR;
		if (tag != 0xffffff) {
			flags |= RTE_MBUF_F_RX_FDIR_ID;
			m->hash.fdir.hi = tag - 1;
		}
	}
	if (rxq->vlan_strip && (hdr & MLX5X_CQE_VLAN_STRIPPED)) {
		m->vlan_tci = rte_be_to_cpu_16(cqe->vlan_info);
		flags |= RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED;
	}
	m->ol_flags = flags;
}

/* Post mbuf m in data segment slot i. */
static inline void
rx_post(struct mlx5x_rxq *rxq, uint32_t i, struct rte_mbuf *m)
{
	volatile struct mlx5_wqe_data_seg *seg = &rxq->wqes[i];
	uintptr_t addr;

	m->data_off = RTE_PKTMBUF_HEADROOM;
	addr = rte_pktmbuf_mtod(m, uintptr_t);
	seg->addr = rte_cpu_to_be_64(addr);
	seg->lkey =
		rte_cpu_to_be_32(mlx5x_mr_lookup(rxq->mr, addr, &rxq->mr_last));
	rxq->elts[i] = m;
}

uint16_t
mlx5x_rx_burst(void *q, struct rte_mbuf **pkts, uint16_t n)
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
			rxq->stats.errors++;
			/* PRM: a responder error leaves the RQ in ERR. */
			if (opcode == MLX5_CQE_RESP_ERR)
				rxq->needs_recovery = true;
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
			m->data_len = (uint16_t)RTE_MIN(left, rxq->buf_len);
			left -= m->data_len;
			m->next = j + 1 < nseg ? rxq->elts[base + j + 1] : NULL;
			rx_post(rxq, base + j, rep[j]);
		}
		head->nb_segs = (uint16_t)nseg;
		head->pkt_len = len;
		rx_fill(rxq, head, cqe);
		bytes += len;
		pkts[done++] = head;
	}
	if (rxq->cq_ci != first) {
		rte_io_wmb();
		*rxq->cq_db = rte_cpu_to_be_32(rxq->cq_ci & 0xffffff);
		rte_io_wmb();
		*rxq->rq_db = rte_cpu_to_be_32(rxq->rq_ci & 0xffff);
	}
	if (unlikely(rxq->needs_recovery))
		mlx5x_rxq_recover(rxq);
	rxq->stats.packets += done;
	rxq->stats.bytes += bytes;
	return done;
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

/* Completed CQEs not yet read by a burst. */
uint32_t
mlx5x_rx_queue_count(void *q)
{
	struct mlx5x_rxq *rxq = q;
	uint32_t ci = rxq->cq_ci, n = 0;

	while (n < rxq->desc) {
		volatile struct mlx5_cqe64 *cqe =
			&rxq->cqes[ci & rxq->cqe_mask];
		uint8_t op_own = cqe->op_own;

		if ((op_own & MLX5_CQE_OWNER_MASK) !=
			    ((ci >> rxq->log_cqe_n) & 1) ||
		    (op_own >> MLX5X_CQE_OPCODE_SHIFT) == MLX5_CQE_INVALID)
			break;
		ci++;
		n++;
	}
	return n;
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

	if (dev->rx_pkt_burst == mlx5x_rx_burst)
		return ptypes;
	return NULL;
}

int
mlx5x_rx_burst_mode_get(struct rte_eth_dev *dev, uint16_t idx,
			struct rte_eth_burst_mode *mode)
{
	RTE_SET_USED(dev);
	RTE_SET_USED(idx);
	snprintf(mode->info, sizeof(mode->info), "Scalar");
	return 0;
}
