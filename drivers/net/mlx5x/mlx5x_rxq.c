/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Rx queue objects: set-up checks at rx_queue_setup, an RQ and its CQ
 * through DevX at start (RST -> RDY with every buffer posted), destroyed at
 * stop; release frees the queue.
 */
#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_malloc.h>

#include "mlx5x.h"
#include "mlx5x_prm.h"
#include "mlx5x_rxtx.h"

/* The 8 bytes at rearm_data of a packet's first mbuf as the bursts hand
 * it up: data at the headroom, one reference, one segment, this port. */
static uint64_t
rxq_rearm_template(uint16_t port_id)
{
	struct rte_mbuf m;
	uintptr_t p = (uintptr_t)&m.rearm_data;

	memset(&m, 0, sizeof(m));
	m.data_off = RTE_PKTMBUF_HEADROOM;
	rte_mbuf_refcnt_set(&m, 1);
	m.nb_segs = 1;
	m.port = port_id;
	return *(const uint64_t *)p;
}

int
mlx5x_rx_queue_setup(struct rte_eth_dev *dev, uint16_t idx, uint16_t desc,
		     unsigned int socket, const struct rte_eth_rxconf *conf,
		     struct rte_mempool *mp)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	uint64_t offloads =
		conf->offloads | dev->data->dev_conf.rxmode.offloads;
	uint32_t frame = dev->data->mtu + RTE_ETHER_HDR_LEN +
			 RTE_ETHER_CRC_LEN + 2 * RTE_VLAN_HLEN;
	uint16_t room = rte_pktmbuf_data_room_size(mp);
	struct mlx5x_rxq *rxq;
	uint32_t n = rte_align32pow2(desc);
	uint32_t buf_len, sges;

	if (mp == NULL || room <= RTE_PKTMBUF_HEADROOM) {
		MLX5X_NET_LOG(ERR,
			      "port %u Rx queue %u: mempool has no data room",
			      dev->data->port_id, idx);
		return -EINVAL;
	}
	buf_len = room - RTE_PKTMBUF_HEADROOM;
	sges = (frame + buf_len - 1) / buf_len;
	/* MPRQ: a frame lies in strides, only short ones in an mbuf (if the
	 * adapter cannot stride, checked again below). */
	if (priv->config.mprq_en)
		sges = 1;
	if (sges > 1 && !(offloads & RTE_ETH_RX_OFFLOAD_SCATTER)) {
		MLX5X_NET_LOG(ERR,
			      "port %u Rx queue %u: mbufs of mempool %s hold %u bytes, a frame at MTU %u needs %u: enable the scatter offload or use bigger mbufs",
			      dev->data->port_id, idx, mp->name, buf_len,
			      dev->data->mtu, frame);
		return -EINVAL;
	}
	sges = rte_align32pow2(sges);
	if (sges > MLX5X_RX_SEGS_MAX || sges > n) {
		MLX5X_NET_LOG(ERR,
			      "port %u Rx queue %u: a frame at MTU %u needs %u mbufs of %u bytes, at most %u per packet",
			      dev->data->port_id, idx, dev->data->mtu, sges,
			      buf_len, RTE_MIN((uint32_t)MLX5X_RX_SEGS_MAX, n));
		return -EINVAL;
	}
	if (n > mlx5x_queue_desc_max(priv) || desc < MLX5X_DESC_MIN) {
		MLX5X_NET_LOG(ERR,
			      "port %u Rx queue %u: %u descriptors, allowed %u..%u",
			      dev->data->port_id, idx, desc, MLX5X_DESC_MIN,
			      mlx5x_queue_desc_max(priv));
		return -EINVAL;
	}
	if (conf->rx_deferred_start) {
		MLX5X_NET_LOG(ERR,
			      "port %u Rx queue %u: deferred start is not supported",
			      dev->data->port_id, idx);
		return -ENOTSUP;
	}
	if (dev->data->rx_queues[idx] != NULL)
		mlx5x_rx_queue_release(dev, idx);
	rxq = rte_zmalloc_socket("mlx5x_rxq", sizeof(*rxq), RTE_CACHE_LINE_SIZE,
				 (int)socket);
	if (rxq == NULL)
		goto err_nomem;
	/* One spare NULL slot past the ring: the burst prefetches the next
	 * slot's mbuf without wrapping. */
	rxq->elts = rte_zmalloc_socket("mlx5x_rxq_elts",
				       (n + 1) * sizeof(*rxq->elts),
				       RTE_CACHE_LINE_SIZE, (int)socket);
	if (rxq->elts == NULL)
		goto err_free_rxq;
	rxq->priv = priv;
	rxq->idx = idx;
	rxq->desc = n;
	rxq->socket = (int)socket;
	rxq->mp = mp;
	/* rte_mbuf_buf_addr's offset plus the headroom: where the data of
	 * a direct mbuf of mp starts, from its address. */
	rxq->vec_data_off =
		(uint32_t)(sizeof(struct rte_mbuf) + rte_pktmbuf_priv_size(mp) +
			   RTE_PKTMBUF_HEADROOM);
	rxq->port_id = dev->data->port_id;
	rxq->offloads = offloads;
	rxq->vlan_strip = !!(offloads & RTE_ETH_RX_OFFLOAD_VLAN_STRIP);
	rxq->csum = !!(offloads & RTE_ETH_RX_OFFLOAD_CHECKSUM);
	rxq->buf_len = buf_len;
	rxq->log_sges = (uint8_t)rte_log2_u32(sges);
	rxq->rearm = rxq_rearm_template(rxq->port_id);
	mlx5x_rxq_meta_init(rxq);
	if (priv->config.mprq_en && (mlx5x_rxq_mprq_setup(rxq, frame, n) < 0 ||
				     (!rxq->mprq && frame > buf_len))) {
		if (!rxq->mprq && frame > buf_len)
			MLX5X_NET_LOG(ERR,
				      "port %u Rx queue %u: without MPRQ, mbufs of mempool %s hold %u bytes, a frame at MTU %u needs %u: use bigger mbufs",
				      dev->data->port_id, idx, mp->name,
				      buf_len, dev->data->mtu, frame);
		rte_free(rxq->elts);
		rte_free(rxq);
		return -EINVAL;
	}
	dev->data->rx_queues[idx] = rxq;
	return 0;

err_free_rxq:
	rte_free(rxq);
err_nomem:
	MLX5X_NET_LOG(ERR, "port %u Rx queue %u: no memory for %u descriptors",
		      dev->data->port_id, idx, n);
	return -ENOMEM;
}

void
mlx5x_rx_queue_release(struct rte_eth_dev *dev, uint16_t idx)
{
	struct mlx5x_rxq *rxq = dev->data->rx_queues[idx];

	if (rxq == NULL)
		return;
	mlx5x_rxq_stop(rxq);
	rte_free(rxq->elts);
	rte_free(rxq);
	dev->data->rx_queues[idx] = NULL;
}

static int
rxq_post(struct mlx5x_rxq *rxq, uint16_t i, struct rte_mbuf *m)
{
	volatile struct mlx5_wqe_data_seg *seg = &rxq->wqes[i];
	uintptr_t addr = (uintptr_t)m->buf_addr + RTE_PKTMBUF_HEADROOM;
	uint32_t lkey;

	lkey = mlx5x_mr_lookup(rxq->mr, addr, &rxq->mr_last);
	rxq->elts[i] = m;
	if (lkey == MLX5X_MR_LKEY_NONE)
		return -EINVAL;
	seg->byte_count = rte_cpu_to_be_32(rxq->buf_len);
	seg->lkey = rte_cpu_to_be_32(lkey);
	seg->addr = rte_cpu_to_be_64(addr);
	return 0;
}

/* PRM l3_hdr_type: 1 IPv6, 2 IPv4; l4_hdr_type per MLX5X_CQE_L4_HDR_*. */
static uint32_t
rxq_ptype(uint32_t l3, uint32_t l4)
{
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

void
mlx5x_rxq_meta_init(struct mlx5x_rxq *rxq)
{
	unsigned int ok, hdr;

	for (ok = 0; ok < 8; ok++) {
		for (hdr = 0; hdr < 256; hdr++) {
			struct mlx5x_rx_meta *e =
				&rxq->meta[mlx5x_rx_meta_index((uint8_t)ok,
							       (uint8_t)hdr)];
			uint32_t pt =
				rxq_ptype((hdr >> MLX5X_CQE_L3_HDR_SHIFT) & 0x3,
					  (hdr >> MLX5X_CQE_L4_HDR_SHIFT) &
						  0x7);
			uint32_t flags = 0;

			if (rxq->csum && (pt & RTE_PTYPE_L3_MASK)) {
				flags |= (ok & MLX5X_CQE_L3_OK)
						 ? RTE_MBUF_F_RX_IP_CKSUM_GOOD
						 : RTE_MBUF_F_RX_IP_CKSUM_BAD;
				if (pt & RTE_PTYPE_L4_MASK)
					flags |=
						(ok & MLX5X_CQE_L4_OK)
							? RTE_MBUF_F_RX_L4_CKSUM_GOOD
							: RTE_MBUF_F_RX_L4_CKSUM_BAD;
			}
			if (rxq->vlan_strip && (hdr & MLX5X_CQE_VLAN_STRIPPED))
				flags |= RTE_MBUF_F_RX_VLAN |
					 RTE_MBUF_F_RX_VLAN_STRIPPED;
			e->ptype = pt;
			e->flags = flags;
		}
	}
}

struct rxq_mr_probe {
	const struct mlx5x_mr_cache *mr;
	uint32_t lkey;
	bool fixed; /* lkey given, else the first chunk's */
	bool single;
};

static void
rxq_mr_probe_chunk(struct rte_mempool *mp, void *opaque,
		   struct rte_mempool_memhdr *memhdr, unsigned int mem_idx)
{
	struct rxq_mr_probe *p = opaque;
	uintptr_t start = (uintptr_t)memhdr->addr;
	unsigned int last = 0;
	uint32_t a = mlx5x_mr_lookup(p->mr, start, &last);
	uint32_t b = mlx5x_mr_lookup(p->mr, start + memhdr->len - 1, &last);

	RTE_SET_USED(mp);
	if (mem_idx == 0 && !p->fixed)
		p->lkey = a;
	/* One MR is one contiguous range: both ends in it, all of it is. */
	if (a == MLX5X_MR_LKEY_NONE || a != b || a != p->lkey)
		p->single = false;
}

/* Every buffer of mp in one MR: the WQEs' lkeys, written at start, never
 * change and the bursts write addresses only. */
static bool
rxq_mr_single(const struct mlx5x_rxq *rxq)
{
	struct rxq_mr_probe p = { .mr = rxq->mr, .single = true };

	rte_mempool_mem_iter(rxq->mp, rxq_mr_probe_chunk, &p);
	return p.single;
}

bool
mlx5x_mempool_in_one_mr(struct rte_mempool *mp, const struct mlx5x_mr_cache *mr,
			uint32_t lkey)
{
	struct rxq_mr_probe p = {
		.mr = mr,
		.lkey = lkey,
		.fixed = true,
		.single = true,
	};

	rte_mempool_mem_iter(mp, rxq_mr_probe_chunk, &p);
	return p.single;
}

static void
rxq_free_elts(struct mlx5x_rxq *rxq)
{
	uint16_t i;

	for (i = 0; i < rxq->desc; i++) {
		if (rxq->elts[i] != NULL)
			rte_pktmbuf_free_seg(rxq->elts[i]);
		rxq->elts[i] = NULL;
	}
}

/* ---- CQE compression --------------------------------------------------- */

/*
 * A compressed session of n packets takes n CQ slots, and the CQ doorbell
 * stays on its title until all n are read (the adapter may not reuse the
 * slots of mini CQEs still to be read), while the burst posts each
 * packet's WQE again as it hands the packet up. With a CQ of one slot per
 * WQE, a full ring whose first session is partly read lets the adapter
 * complete those re-posted WQEs past the CQ's room: an overrun, after
 * which (PRM) the CQ is in error and completes nothing more. From the
 * title on, the adapter can complete at most the ring plus the n - 1
 * packets of the session already re-posted, less than twice the ring: a
 * CQ twice the RQ always has room. (MPRQ's CQ already has a slot per
 * stride, and a WQE goes back only once every stride of it is read, which
 * ends any session in it.)
 */
#define RXQ_COMP_CQ_LOG_EXTRA 1

/*
 * The mini CQE format the queue's CQ gets (rxq_cqe_comp_en), or -1 for no
 * compression: the adapter must offer compression and the format, and no
 * Rx queue of the port may scatter (the scatter burst reads plain CQEs
 * only, and one burst serves every queue of the port).
 */
static int
rxq_comp_format(const struct mlx5x_rxq *rxq)
{
	const struct mlx5x_priv *priv = rxq->priv;
	const struct mlx5x_hca_caps *c = &priv->sh->caps;
	bool warn = rxq->idx == 0;
	int fmt;
	uint16_t i;

	switch (priv->config.rxq_cqe_comp_en) {
	case MLX5X_CQE_COMP_OFF:
		return -1;
	case MLX5X_CQE_COMP_FLOW_TAG:
		fmt = MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX;
		break;
	case MLX5X_CQE_COMP_CSUM:
		fmt = MLX5X_MINI_CQE_FORMAT_CSUM;
		break;
	case MLX5X_CQE_COMP_L3L4:
		fmt = MLX5X_MINI_CQE_FORMAT_L34H_STRIDX;
		break;
	default:
		fmt = MLX5X_MINI_CQE_FORMAT_HASH;
		break;
	}
	if (priv->qops != &mlx5x_queue_devx_ops || !c->cqe_compression) {
		if (warn &&
		    priv->config.rxq_cqe_comp_en != MLX5X_CQE_COMP_DEFAULT)
			MLX5X_NET_LOG(WARNING,
				      "port %u: rxq_cqe_comp_en=%d: %s, Rx CQEs stay uncompressed",
				      rxq->port_id,
				      priv->config.rxq_cqe_comp_en,
				      priv->qops != &mlx5x_queue_devx_ops
					      ? "CQE compression needs DevX"
					      : "the adapter offers no CQE compression");
		return -1;
	}
	if ((fmt == MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX &&
	     !c->mini_cqe_resp_flow_tag) ||
	    (fmt == MLX5X_MINI_CQE_FORMAT_L34H_STRIDX &&
	     !c->mini_cqe_resp_l3_l4_tag)) {
		if (warn)
			MLX5X_NET_LOG(WARNING,
				      "port %u: rxq_cqe_comp_en=%d: the adapter offers no %s mini CQE format, Rx CQEs stay uncompressed",
				      rxq->port_id,
				      priv->config.rxq_cqe_comp_en,
				      fmt == MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX
					      ? "flow tag"
					      : "L3/L4 header");
		return -1;
	}
	for (i = 0; i < priv->data->nb_rx_queues; i++) {
		const struct mlx5x_rxq *q = priv->data->rx_queues[i];

		if (q != NULL && q->log_sges > 0) {
			if (warn && priv->config.rxq_cqe_comp_en !=
					    MLX5X_CQE_COMP_DEFAULT)
				MLX5X_NET_LOG(WARNING,
					      "port %u: rxq_cqe_comp_en=%d: Rx queue %u scatters, Rx CQEs stay uncompressed",
					      rxq->port_id,
					      priv->config.rxq_cqe_comp_en, i);
			return -1;
		}
	}
	if (!rxq->mprq && rte_log2_u32(rxq->desc) + RXQ_COMP_CQ_LOG_EXTRA >
				  c->log_max_cq_sz) {
		if (warn)
			MLX5X_NET_LOG(WARNING,
				      "port %u: rxq_cqe_comp_en=%d: %u Rx descriptors need a CQ of %u entries, above the adapter's 2^%u, Rx CQEs stay uncompressed",
				      rxq->port_id,
				      priv->config.rxq_cqe_comp_en, rxq->desc,
				      (unsigned int)rxq->desc
					      << RXQ_COMP_CQ_LOG_EXTRA,
				      c->log_max_cq_sz);
		return -1;
	}
	return fmt;
}

/* ---- DevX objects ---------------------------------------------------- */

int
mlx5x_rxq_devx_create(struct mlx5x_rxq *rxq, uint8_t log_n)
{
	struct mlx5x_dev_ctx *sh = rxq->priv->sh;
	/* MPRQ: a CQE per stride at most. A compressing cyclic RQ: twice
	 * its WQEs (RXQ_COMP_CQ_LOG_EXTRA). */
	uint8_t extra = rxq->mprq	? rxq->log_strd_num
			: rxq->cqe_comp ? RXQ_COMP_CQ_LOG_EXTRA
					: 0;
	uint8_t log_cqe_n = (uint8_t)(log_n + extra);
	struct mlx5x_devx_cq_attr cq_attr = {
		.log_n = log_cqe_n,
		.uar_page = sh->uar->page_id,
		.eqn = sh->eqn,
		.socket = rxq->socket,
		.cqe_comp = rxq->cqe_comp,
		.mini_format = rxq->mini_format,
	};
	struct mlx5x_devx_wq_attr rq_attr = {
		.log_n = log_n,
		.pdn = sh->pdn,
		.vlan_strip = rxq->vlan_strip,
		.log_sges = rxq->log_sges,
		.log_strd_num = rxq->mprq ? rxq->log_strd_num : 0,
		.log_strd_sz = rxq->log_strd_sz,
		.counter_set_id = (uint8_t)mlx5x_stats_q_counter(rxq->priv),
		.socket = rxq->socket,
	};
	int ret;

	ret = mlx5x_devx_cq_create(sh->ctx, &cq_attr, &rxq->cq);
	if (ret < 0) {
		MLX5X_NET_LOG(ERR, "port %u Rx queue %u: cannot create its CQ",
			      rxq->port_id, rxq->idx);
		return ret;
	}
	rq_attr.cqn = rxq->cq.id;
	ret = mlx5x_devx_rq_create(sh->ctx, &rq_attr, &rxq->rq);
	if (ret < 0) {
		MLX5X_NET_LOG(ERR, "port %u Rx queue %u: cannot create its RQ",
			      rxq->port_id, rxq->idx);
		goto err_destroy_cq;
	}
	rxq->cqes = rxq->cq.mem;
	rxq->cq_db = rxq->cq.dbrec;
	rxq->wqes = rxq->rq.mem;
	rxq->rq_db = rxq->rq.dbrec;
	rxq->log_cqe_n = log_cqe_n;
	rxq->cqe_mask = (uint16_t)((1u << log_cqe_n) - 1);
	return 0;

err_destroy_cq:
	mlx5x_devx_ring_destroy(&rxq->cq, "Rx CQ");
	return ret;
}

int
mlx5x_rxq_devx_modify(struct mlx5x_rxq *rxq, uint32_t from, uint32_t to,
		      bool quiet)
{
	if (quiet)
		return mlx5x_devx_rq_set_state_quiet(&rxq->rq, from, to);
	return mlx5x_devx_rq_set_state(&rxq->rq, from, to);
}

void
mlx5x_rxq_devx_destroy(struct mlx5x_rxq *rxq)
{
	mlx5x_stats_q_counter_fold(rxq->priv);
	mlx5x_devx_ring_destroy(&rxq->rq, "RQ");
	mlx5x_devx_ring_destroy(&rxq->cq, "Rx CQ");
}

/* ---- queue life cycle, whatever the objects ---------------------------- */

int
mlx5x_rxq_start(struct mlx5x_rxq *rxq)
{
	struct mlx5x_priv *priv = rxq->priv;
	struct mlx5x_dev_ctx *sh = priv->sh;
	/* One WQE (and one CQE) per 2^log_sges mbufs. */
	uint8_t log_n =
		rxq->mprq ? rxq->mprq_log_wqe_n
			  : (uint8_t)(rte_log2_u32(rxq->desc) - rxq->log_sges);
	struct rte_mbuf *m;
	uint16_t i;
	int ret;

	if (rxq->started)
		return 0;
	rxq->mr = &sh->mr;
	rxq->mr_last = 0;
	rxq->mr_single = rxq_mr_single(rxq);
	ret = rxq_comp_format(rxq);
	rxq->cqe_comp = ret >= 0;
	rxq->mini_format = ret >= 0 ? (uint8_t)ret : 0;
	rxq->zip_n = 0;
	rxq->zip_i = 0;
	ret = priv->qops->rxq_create(rxq, log_n);
	if (ret < 0)
		return ret;
	rxq->needs_recovery = false;
	rxq->recover_rst = false;
	rxq->wqe_mask = (uint16_t)((1u << log_n) - 1);
	rxq->cq_ci = 0;
	if (rxq->mprq) {
		ret = mlx5x_rxq_mprq_fill(rxq);
		if (ret < 0)
			goto err_free_elts;
		goto ready;
	}
	for (i = 0; i < rxq->desc; i++) {
		m = rte_mbuf_raw_alloc(rxq->mp);
		if (m == NULL) {
			MLX5X_NET_LOG(ERR,
				      "port %u Rx queue %u: mempool %s cannot fill %u descriptors",
				      rxq->port_id, rxq->idx, rxq->mp->name,
				      rxq->desc);
			ret = -ENOMEM;
			goto err_free_elts;
		}
		if (rxq_post(rxq, i, m) < 0) {
			MLX5X_NET_LOG(ERR,
				      "port %u Rx queue %u: mempool %s is not in DPDK memory registered with %s",
				      rxq->port_id, rxq->idx, rxq->mp->name,
				      sh->ibdev_name);
			ret = -EINVAL;
			goto err_free_elts;
		}
	}
	rxq->rq_ci = 1u << log_n;
	rte_io_wmb();
	rxq->rq_db[MLX5X_RCV_DBR] = rte_cpu_to_be_32(rxq->rq_ci & 0xffff);
ready:
	rxq->cq_db[MLX5X_CQ_SET_CI] = 0;
	ret = priv->qops->rxq_modify(rxq, MLX5X_QUEUE_STATE_RST,
				     MLX5X_QUEUE_STATE_RDY, false);
	if (ret < 0) {
		MLX5X_NET_LOG(ERR,
			      "port %u Rx queue %u: RQ 0x%x RST->RDY failed",
			      rxq->port_id, rxq->idx, rxq->rq.id);
		goto err_free_elts;
	}
	rxq->started = true;
	return 0;

err_free_elts:
	if (rxq->mprq)
		mlx5x_rxq_mprq_free(rxq);
	else
		rxq_free_elts(rxq);
	priv->qops->rxq_destroy(rxq);
	return ret;
}

/* The RQ's state while the queue runs (not paused): ERR from the
 * responder error a burst read until a recovery took it to RST, RST
 * until a recovery brought it back to RDY (mlx5x_rxq_recover). */
static uint32_t
rxq_state(const struct mlx5x_rxq *rxq)
{
	if (!rxq->needs_recovery)
		return MLX5X_QUEUE_STATE_RDY;
	return rxq->recover_rst ? MLX5X_QUEUE_STATE_RST : MLX5X_QUEUE_STATE_ERR;
}

/* The running RQ to RST, from the state it is in (0 or what modify
 * said); no recovery is left to do after. */
static int
rxq_to_rst(struct mlx5x_rxq *rxq)
{
	uint32_t from = rxq_state(rxq);
	int ret = 0;

	if (from != MLX5X_QUEUE_STATE_RST)
		ret = rxq->priv->qops->rxq_modify(rxq, from,
						  MLX5X_QUEUE_STATE_RST, false);
	if (ret == 0) {
		rxq->needs_recovery = false;
		rxq->recover_rst = false;
	}
	return ret;
}

void
mlx5x_rxq_stop(struct mlx5x_rxq *rxq)
{
	if (!rxq->started)
		return;
	rxq->started = false;
	if (!rxq->paused && rxq_to_rst(rxq) < 0)
		MLX5X_NET_LOG(WARNING,
			      "port %u Rx queue %u: RQ 0x%x RDY->RST failed, destroying it anyway",
			      rxq->port_id, rxq->idx, rxq->rq.id);
	rxq->priv->qops->rxq_destroy(rxq);
	if (rxq->mprq)
		mlx5x_rxq_mprq_free(rxq);
	else
		rxq_free_elts(rxq);
	rxq->paused = false;
}

/* Packets a SEND completion at cq_ci (k slots) carried: a session's, less
 * those already handed up; one for a plain CQE but an MPRQ filler. */
static uint32_t
rxq_cqe_packets(const struct mlx5x_rxq *rxq, volatile struct mlx5_cqe64 *cqe,
		uint32_t k)
{
	if (k > 1)
		return k - rxq->zip_i;
	return !(rxq->mprq &&
		 (rte_be_to_cpu_32(cqe->byte_cnt) & MLX5X_MPRQ_FILLER));
}

/*
 * Consume every completed CQE without delivering it. With count (a
 * recovery, which the application did not ask for) what they say is
 * counted as a burst would: error CQEs by mlx5x_rx_cqe_error, packets as
 * received and discarded (errors); a stop the application asked for
 * discards silently.
 */
static void
rxq_drain_cq(struct mlx5x_rxq *rxq, bool count)
{
	for (;;) {
		volatile struct mlx5_cqe64 *cqe =
			&rxq->cqes[rxq->cq_ci & rxq->cqe_mask];
		uint8_t op_own = cqe->op_own;

		uint32_t k, i;

		if ((op_own & MLX5_CQE_OWNER_MASK) !=
			    ((rxq->cq_ci >> rxq->log_cqe_n) & 1) ||
		    (op_own >> MLX5X_CQE_OPCODE_SHIFT) == MLX5_CQE_INVALID)
			break;
		rte_io_rmb();
		k = mlx5x_rx_cqe_slots(cqe);
		if (count &&
		    (op_own >> MLX5X_CQE_OPCODE_SHIFT) != MLX5_CQE_RESP_SEND)
			mlx5x_rx_cqe_error(rxq, cqe, op_own);
		else if (count)
			rxq->stats.errors += rxq_cqe_packets(rxq, cqe, k);
		/* A compressed session: its mini CQE slots are no CQEs and
		 * go back to software invalidated. */
		for (i = 1; k > 1 && i < k; i++)
			rxq->cqes[(rxq->cq_ci + i) & rxq->cqe_mask].op_own =
				MLX5_CQE_INVALID << MLX5X_CQE_OPCODE_SHIFT;
		if (k > 1)
			cqe->op_own = MLX5_CQE_INVALID
				      << MLX5X_CQE_OPCODE_SHIFT;
		rxq->cq_ci += k;
		rxq->zip_i = 0;
	}
	rxq->zip_n = 0;
	rxq->zip_i = 0;
	rte_io_wmb();
	*rxq->cq_db = rte_cpu_to_be_32(rxq->cq_ci & 0xffffff);
}

int
mlx5x_rxq_recover(struct mlx5x_rxq *rxq)
{
	/* A call that failed after ERR -> RST goes on from RST. */
	if (!rxq->recover_rst) {
		if (rxq->priv->qops->rxq_modify(rxq, MLX5X_QUEUE_STATE_ERR,
						MLX5X_QUEUE_STATE_RST,
						true) != 0)
			return -EIO;
		rxq->recover_rst = true;
	}
	rxq_drain_cq(rxq, true);
	/* RST restarted the RQ's counter: every WQE is posted again (MPRQ:
	 * from stride 0, with buffers no mbuf holds). */
	if (rxq->mprq) {
		mlx5x_rxq_mprq_drop(rxq);
		if (mlx5x_rxq_mprq_fill(rxq) != 0)
			return -EIO;
	} else {
		rxq->rq_ci = rxq->desc >> rxq->log_sges;
		rte_io_wmb();
		rxq->rq_db[MLX5X_RCV_DBR] =
			rte_cpu_to_be_32(rxq->rq_ci & 0xffff);
	}
	if (rxq->priv->qops->rxq_modify(rxq, MLX5X_QUEUE_STATE_RST,
					MLX5X_QUEUE_STATE_RDY, true) != 0)
		return -EIO;
	rxq->recover_rst = false;
	rxq->needs_recovery = false;
	rxq->stats.recoveries++;
	return 0;
}

int
mlx5x_rx_queue_stop(struct rte_eth_dev *dev, uint16_t idx)
{
	struct mlx5x_rxq *rxq = dev->data->rx_queues[idx];
	int ret;

	if (rxq == NULL)
		return -EINVAL;
	if (rxq->started && !rxq->paused) {
		ret = rxq_to_rst(rxq);
		if (ret < 0) {
			MLX5X_NET_LOG(ERR,
				      "port %u Rx queue %u: RQ 0x%x to RST failed",
				      rxq->port_id, idx, rxq->rq.id);
			return ret;
		}
		rxq_drain_cq(rxq, false);
		if (rxq->mprq)
			mlx5x_rxq_mprq_drop(rxq);
		else
			rxq_free_elts(rxq);
		rxq->paused = true;
	}
	dev->data->rx_queue_state[idx] = RTE_ETH_QUEUE_STATE_STOPPED;
	return 0;
}

int
mlx5x_rx_queue_start(struct rte_eth_dev *dev, uint16_t idx)
{
	struct mlx5x_rxq *rxq = dev->data->rx_queues[idx];
	struct rte_mbuf *m;
	uint16_t i;
	int ret;

	if (rxq == NULL)
		return -EINVAL;
	if (!rxq->started) {
		ret = mlx5x_rxq_start(rxq);
		if (ret < 0)
			return ret;
	} else if (rxq->paused) {
		/* RST restarted the RQ's counter at 0: post the whole ring. */
		for (i = 0; !rxq->mprq && i < rxq->desc; i++) {
			m = rte_mbuf_raw_alloc(rxq->mp);
			if (m == NULL || rxq_post(rxq, i, m) < 0) {
				MLX5X_NET_LOG(ERR,
					      "port %u Rx queue %u: cannot refill %u descriptors from %s",
					      rxq->port_id, idx, rxq->desc,
					      rxq->mp->name);
				rxq_free_elts(rxq);
				return -ENOMEM;
			}
		}
		if (rxq->mprq) {
			ret = mlx5x_rxq_mprq_fill(rxq);
			if (ret < 0)
				return ret;
		} else {
			rxq->rq_ci = rxq->desc >> rxq->log_sges;
			rte_io_wmb();
			rxq->rq_db[MLX5X_RCV_DBR] =
				rte_cpu_to_be_32(rxq->rq_ci & 0xffff);
		}
		ret = rxq->priv->qops->rxq_modify(rxq, MLX5X_QUEUE_STATE_RST,
						  MLX5X_QUEUE_STATE_RDY, false);
		if (ret < 0) {
			MLX5X_NET_LOG(ERR,
				      "port %u Rx queue %u: RQ 0x%x RST->RDY failed",
				      rxq->port_id, idx, rxq->rq.id);
			if (rxq->mprq)
				mlx5x_rxq_mprq_drop(rxq);
			else
				rxq_free_elts(rxq);
			return ret;
		}
		rxq->paused = false;
	}
	dev->data->rx_queue_state[idx] = RTE_ETH_QUEUE_STATE_STARTED;
	return 0;
}

void
mlx5x_rxq_info_get(struct rte_eth_dev *dev, uint16_t idx,
		   struct rte_eth_rxq_info *info)
{
	struct mlx5x_rxq *rxq = dev->data->rx_queues[idx];

	if (rxq == NULL)
		return;
	info->mp = rxq->mp;
	info->nb_desc = rxq->desc;
	info->rx_buf_size = (uint16_t)rxq->buf_len;
	info->conf.offloads = rxq->offloads;
	info->queue_state = dev->data->rx_queue_state[idx];
}
