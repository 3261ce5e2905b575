/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tx queue objects: set-up checks at tx_queue_setup, an SQ and its CQ
 * through DevX at start (RST -> RDY), destroyed at stop. The inline header
 * size every WQE carries is decided here, once, from the capability.
 */
#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_mempool.h>

#include "mlx5x.h"
#include "mlx5x_prm.h"
#include "mlx5x_rxtx.h"

/* Bytes inlined for each PRM min_wqe_inline_mode (none, L2, IP, TCP/UDP):
 * Ethernet + one VLAN tag, then the largest IPv6 header, then TCP's. */
static const uint16_t txq_inline_by_mode[] = { 0, 18, 58, 78 };

static uint16_t
txq_inline_min(struct mlx5x_priv *priv)
{
	const struct mlx5x_hca_caps *caps = &priv->sh->caps;
	struct mlx5x_vport_ctx v;
	uint16_t bytes = 18;

	switch (caps->wqe_inline_mode) {
	case MLX5X_CAP_INLINE_MODE_NOT_REQUIRED:
		bytes = 0;
		break;
	case MLX5X_CAP_INLINE_MODE_VPORT_CONTEXT:
		if (mlx5x_devx_vport_query(priv->sh->ctx, false, 0, &v) == 0 &&
		    v.min_wqe_inline_mode < RTE_DIM(txq_inline_by_mode))
			bytes = txq_inline_by_mode[v.min_wqe_inline_mode];
		break;
	default:
		break;
	}
	if (priv->config.txq_inline_min >= 0 &&
	    (uint16_t)priv->config.txq_inline_min > bytes)
		bytes = (uint16_t)priv->config.txq_inline_min;
	return bytes;
}

/*
 * txqs_min_inline (mlx5's meaning): whole frames are copied into WQEs
 * (txq_inline_mpw, txq_inline_max) only on a port with at least that many
 * Tx queues; with fewer, the CPU is the scarcer resource and frames go by
 * pointer. An explicit txq_inline_mpw or txq_inline_max does not override
 * it (mlx5 neither); txqs_min_inline=0 always inlines. The header the
 * adapter requires (txq_inline_min) is inlined whatever the count.
 */
bool
mlx5x_txq_data_inline(const struct mlx5x_priv *priv)
{
	return priv->data->nb_tx_queues >=
	       (unsigned int)priv->config.txqs_min_inline;
}

int
mlx5x_tx_queue_setup(struct rte_eth_dev *dev, uint16_t idx, uint16_t desc,
		     unsigned int socket, const struct rte_eth_txconf *conf)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	uint64_t offloads =
		conf->offloads | dev->data->dev_conf.txmode.offloads;
	struct mlx5x_txq *txq;
	uint32_t n = rte_align32pow2(desc);

	if (n > mlx5x_queue_desc_max(priv) || desc < MLX5X_DESC_MIN) {
		MLX5X_NET_LOG(ERR,
			      "port %u Tx queue %u: %u descriptors, allowed %u..%u",
			      dev->data->port_id, idx, desc, MLX5X_DESC_MIN,
			      mlx5x_queue_desc_max(priv));
		return -EINVAL;
	}
	if (conf->tx_deferred_start) {
		MLX5X_NET_LOG(ERR,
			      "port %u Tx queue %u: deferred start is not supported",
			      dev->data->port_id, idx);
		return -ENOTSUP;
	}
	if (dev->data->tx_queues[idx] != NULL)
		mlx5x_tx_queue_release(dev, idx);
	txq = rte_zmalloc_socket("mlx5x_txq", sizeof(*txq), RTE_CACHE_LINE_SIZE,
				 (int)socket);
	if (txq == NULL)
		goto err_nomem;
	/* At most one mbuf per WQEBB, so the elts ring is as long as the SQ. */
	txq->elts = rte_zmalloc_socket("mlx5x_txq_elts", n * sizeof(*txq->elts),
				       RTE_CACHE_LINE_SIZE, (int)socket);
	if (txq->elts == NULL)
		goto err_free_txq;
	txq->comp = rte_zmalloc_socket("mlx5x_txq_comp", n * sizeof(*txq->comp),
				       RTE_CACHE_LINE_SIZE, (int)socket);
	if (txq->comp == NULL)
		goto err_free_elts;
	txq->priv = priv;
	txq->idx = idx;
	txq->desc = n;
	txq->socket = (int)socket;
	txq->offloads = offloads;
	txq->max_lso = priv->sh->caps.max_lso_cap
			       ? 1u << priv->sh->caps.max_lso_cap
			       : 0;
	dev->data->tx_queues[idx] = txq;
	return 0;

err_free_elts:
	rte_free(txq->elts);
err_free_txq:
	rte_free(txq);
err_nomem:
	MLX5X_NET_LOG(ERR, "port %u Tx queue %u: no memory for %u descriptors",
		      dev->data->port_id, idx, n);
	return -ENOMEM;
}

void
mlx5x_tx_queue_release(struct rte_eth_dev *dev, uint16_t idx)
{
	struct mlx5x_txq *txq = dev->data->tx_queues[idx];

	if (txq == NULL)
		return;
	mlx5x_txq_stop(txq);
	rte_free(txq->comp);
	rte_free(txq->elts);
	rte_free(txq);
	dev->data->tx_queues[idx] = NULL;
}

/* Whatever was not completed is freed unsent. */
static void
txq_free_elts(struct mlx5x_txq *txq)
{
	while (txq->elts_tail != txq->elts_head) {
		struct rte_mbuf **e =
			&txq->elts[txq->elts_tail & txq->elts_mask];

		if (*e != NULL)
			rte_pktmbuf_free(*e);
		*e = NULL;
		txq->elts_tail++;
	}
}

int
mlx5x_txq_recover(struct mlx5x_txq *txq)
{
	if (txq->priv->qops->txq_modify(txq, MLX5X_QUEUE_STATE_ERR,
					MLX5X_QUEUE_STATE_RST, true) != 0)
		return -EIO;
	/* In RST the SQ completes nothing more: consume the flush CQEs. */
	for (;;) {
		volatile struct mlx5_cqe64 *cqe =
			&txq->cqes[txq->cq_ci & txq->cqe_mask];
		uint8_t op_own = cqe->op_own;

		if ((op_own & MLX5_CQE_OWNER_MASK) !=
			    ((txq->cq_ci >> txq->log_cqe_n) & 1) ||
		    (op_own >> MLX5X_CQE_OPCODE_SHIFT) == MLX5_CQE_INVALID)
			break;
		txq->cq_ci++;
	}
	rte_io_wmb();
	*txq->cq_db = rte_cpu_to_be_32(txq->cq_ci & 0xffffff);
	txq_free_elts(txq);
	txq->wqe_ci = 0;
	txq->wqe_pi = 0;
	txq->sq_db[MLX5X_SND_DBR] = 0;
	if (txq->priv->qops->txq_modify(txq, MLX5X_QUEUE_STATE_RST,
					MLX5X_QUEUE_STATE_RDY, true) != 0)
		return -EIO;
	txq->needs_recovery = false;
	txq->stats.recoveries++;
	return 0;
}

/* ---- DevX objects ---------------------------------------------------- */

int
mlx5x_tx_shared_devx_create(struct mlx5x_priv *priv)
{
	priv->tis = mlx5x_devx_tis_create(priv->sh->ctx, priv->sh->tdn,
					  &priv->tisn);
	if (priv->tis == NULL) {
		MLX5X_NET_LOG(ERR, "port %u: cannot create its TIS",
			      priv->data->port_id);
		return -rte_errno;
	}
	return 0;
}

void
mlx5x_tx_shared_devx_destroy(struct mlx5x_priv *priv)
{
	mlx5x_devx_obj_destroy(priv->tis, "TIS");
	priv->tis = NULL;
}

int
mlx5x_txq_devx_create(struct mlx5x_txq *txq, uint8_t log_n)
{
	struct mlx5x_priv *priv = txq->priv;
	struct mlx5x_dev_ctx *sh = priv->sh;
	struct mlx5x_devx_cq_attr cq_attr = {
		.log_n = log_n,
		.uar_page = sh->uar->page_id,
		.eqn = sh->eqn,
		.socket = txq->socket,
	};
	struct mlx5x_devx_wq_attr sq_attr = {
		.log_n = log_n,
		.pdn = sh->pdn,
		.uar_page = sh->uar->page_id,
		.tisn = priv->tisn,
		.socket = txq->socket,
	};
	int ret;

	sq_attr.min_inline_mode =
		sh->caps.wqe_inline_mode == MLX5X_CAP_INLINE_MODE_NOT_REQUIRED
			? 0
			: 1;
	ret = mlx5x_devx_cq_create(sh->ctx, &cq_attr, &txq->cq);
	if (ret < 0) {
		MLX5X_NET_LOG(ERR, "port %u Tx queue %u: cannot create its CQ",
			      priv->data->port_id, txq->idx);
		return ret;
	}
	sq_attr.cqn = txq->cq.id;
	ret = mlx5x_devx_sq_create(sh->ctx, &sq_attr, &txq->sq);
	if (ret < 0) {
		MLX5X_NET_LOG(ERR, "port %u Tx queue %u: cannot create its SQ",
			      priv->data->port_id, txq->idx);
		goto err_destroy_cq;
	}
	txq->wqes = txq->sq.mem;
	txq->sq_db = txq->sq.dbrec;
	txq->bf_reg = sh->uar->reg_addr;
	txq->cqes = txq->cq.mem;
	txq->cq_db = txq->cq.dbrec;
	txq->qpn_ds = txq->sq.id << 8;
	txq->cqe_mask = (uint16_t)((1u << log_n) - 1);
	txq->log_cqe_n = log_n;
	return 0;

err_destroy_cq:
	mlx5x_devx_ring_destroy(&txq->cq, "Tx CQ");
	return ret;
}

int
mlx5x_txq_devx_modify(struct mlx5x_txq *txq, uint32_t from, uint32_t to,
		      bool quiet)
{
	if (quiet)
		return mlx5x_devx_sq_set_state_quiet(&txq->sq, from, to);
	return mlx5x_devx_sq_set_state(&txq->sq, from, to);
}

void
mlx5x_txq_devx_destroy(struct mlx5x_txq *txq)
{
	mlx5x_devx_ring_destroy(&txq->sq, "SQ");
	mlx5x_devx_ring_destroy(&txq->cq, "Tx CQ");
}

/* ---- queue life cycle, whatever the objects ---------------------------- */

/* A pool going away: its address may name another pool next, whose
 * memory the lean burst's pool-to-lkey cache knows nothing of. */
static void
txq_mempool_event(enum rte_mempool_event event, struct rte_mempool *mp,
		  void *arg)
{
	struct mlx5x_txq *txq = arg;

	if (event != RTE_MEMPOOL_EVENT_DESTROY)
		return;
	if (txq->mp_single == mp)
		__atomic_store_n(&txq->mp_single, NULL, __ATOMIC_RELEASE);
	if (txq->mp_multi == mp)
		__atomic_store_n(&txq->mp_multi, NULL, __ATOMIC_RELEASE);
}

int
mlx5x_txq_start(struct mlx5x_txq *txq)
{
	struct mlx5x_priv *priv = txq->priv;
	struct mlx5x_dev_ctx *sh = priv->sh;
	uint8_t log_n = (uint8_t)rte_log2_u32(txq->desc);
	bool data_inline;
	int ret;

	if (txq->started)
		return 0;
	txq->inline_min = txq_inline_min(priv);
	ret = priv->qops->txq_create(txq, log_n);
	if (ret < 0)
		return ret;
	ret = priv->qops->txq_modify(txq, MLX5X_QUEUE_STATE_RST,
				     MLX5X_QUEUE_STATE_RDY, false);
	if (ret < 0) {
		MLX5X_NET_LOG(ERR,
			      "port %u Tx queue %u: SQ 0x%x RST->RDY failed",
			      priv->data->port_id, txq->idx, txq->sq.id);
		goto err_destroy_sq;
	}
	if (mlx5x_fdb_sq_needed(priv)) {
		ret = mlx5x_fdb_sq_attach(priv, txq->sq.id, &txq->fdb_slot);
		if (ret < 0) {
			MLX5X_NET_LOG(ERR,
				      "port %u Tx queue %u: cannot add the FDB rules steering SQ 0x%x to vport 0x%x: %s",
				      priv->data->port_id, txq->idx, txq->sq.id,
				      priv->vport, strerror(-ret));
			goto err_destroy_sq;
		}
		txq->fdb = true;
	}
	txq->mr = &sh->mr;
	txq->mr_last = 0;
	txq->cq_ci = 0;
	txq->wqe_ci = 0;
	txq->wqe_pi = 0;
	txq->elts_head = 0;
	txq->elts_tail = 0;
	txq->elts_odd = 0;
	txq->wqe_mask = (uint16_t)(txq->desc - 1);
	txq->elts_mask = (uint16_t)(txq->desc - 1);
	txq->needs_recovery = false;
	/* A single-segment SEND: ctrl, eth (2 inline bytes), one unit for
	 * the rest of an inline header up to MLX5X_TX_LEAN_INLINE_MAX, data. */
	txq->lean_ds = (uint8_t)(txq->inline_min > 2 ? 4 : 3);
	txq->mp_single = NULL;
	txq->mp_multi = NULL;
	/* Without pool events the cache stays off: a lookup per packet. */
	txq->mp_cache = rte_mempool_event_callback_register(txq_mempool_event,
							    txq) == 0;
	if (!txq->mp_cache)
		MLX5X_NET_LOG(WARNING,
			      "port %u Tx queue %u: no mempool events, an MR lookup per packet",
			      priv->data->port_id, txq->idx);
	/* eMPW where the adapter has it (DevX caps) and the user did not
	 * turn it off; with inline headers required, only frames inlined
	 * whole join a session, so the inline limit must cover them. */
	data_inline = mlx5x_txq_data_inline(priv);
	txq->inline_mpw =
		data_inline
			? (uint16_t)
				  RTE_MIN((uint32_t)priv->config.txq_inline_mpw,
					  MLX5X_TX_EMPW_INLINE_MAX)
			: 0;
	/* A limit below the shortest frame a session carries inlines none:
	 * the pointer bursts, and a burst mode that says so. */
	if (txq->inline_mpw < MLX5X_TX_EMPW_LEN_MIN)
		txq->inline_mpw = 0;
	txq->empw = priv->config.txq_mpw_en && sh->caps.enhanced_mpw &&
		    (txq->inline_min == 0 ||
		     txq->inline_mpw >= RTE_MAX(txq->inline_min, 60u));
	/* Only when given: the SEND burst otherwise inlines the required
	 * header alone, as before txq_inline_max was honoured. */
	txq->inline_max = data_inline && mlx5x_devargs_given(&priv->config,
							     "txq_inline_max")
				  ? (uint16_t)priv->config.txq_inline_max
				  : 0;
	txq->fast_free = (txq->offloads & RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE) &&
			 !(txq->offloads & RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
	txq->started = true;
	return 0;

err_destroy_sq:
	priv->qops->txq_destroy(txq);
	return ret;
}

void
mlx5x_txq_stop(struct mlx5x_txq *txq)
{
	if (!txq->started)
		return;
	txq->started = false;
	if (txq->mp_cache)
		rte_mempool_event_callback_unregister(txq_mempool_event, txq);
	txq->mp_cache = false;
	if (txq->fdb) {
		mlx5x_fdb_sq_detach(txq->priv, txq->fdb_slot);
		txq->fdb = false;
	}
	if (!txq->paused &&
	    txq->priv->qops->txq_modify(txq, MLX5X_QUEUE_STATE_RDY,
					MLX5X_QUEUE_STATE_RST, false) < 0)
		MLX5X_NET_LOG(WARNING,
			      "port %u Tx queue %u: SQ 0x%x RDY->RST failed, destroying it anyway",
			      txq->priv->data->port_id, txq->idx, txq->sq.id);
	txq->priv->qops->txq_destroy(txq);
	txq_free_elts(txq);
	txq->paused = false;
}

int
mlx5x_queues_start(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	uint16_t i, nb_tx = 0, nb_rx = 0;
	int ret;

	/* Inline sizes the user gave that the queue count switches off: say
	 * so once, with the way to have them. */
	if (!mlx5x_txq_data_inline(priv) &&
	    ((mlx5x_devargs_given(&priv->config, "txq_inline_mpw") &&
	      priv->config.txq_inline_mpw > 0) ||
	     (mlx5x_devargs_given(&priv->config, "txq_inline_max") &&
	      priv->config.txq_inline_max > 0)))
		MLX5X_NET_LOG(NOTICE,
			      "port %u: txq_inline_mpw/txq_inline_max not engaged: %u Tx queues, fewer than txqs_min_inline=%d (txqs_min_inline=0 always inlines)",
			      dev->data->port_id, dev->data->nb_tx_queues,
			      priv->config.txqs_min_inline);
	if (priv->config.txq_inline_mpw > 0 &&
	    priv->config.txq_inline_mpw < (int)MLX5X_TX_EMPW_LEN_MIN)
		MLX5X_NET_LOG(NOTICE,
			      "port %u: txq_inline_mpw=%d inlines nothing: an eMPW frame has at least %u bytes; eMPW sends by pointer",
			      dev->data->port_id, priv->config.txq_inline_mpw,
			      MLX5X_TX_EMPW_LEN_MIN);
	ret = priv->qops->tx_shared_create(priv);
	if (ret < 0)
		return ret;
	for (nb_tx = 0; nb_tx < dev->data->nb_tx_queues; nb_tx++) {
		struct mlx5x_txq *txq = dev->data->tx_queues[nb_tx];

		if (txq == NULL) {
			MLX5X_NET_LOG(ERR, "port %u: Tx queue %u is not set up",
				      dev->data->port_id, nb_tx);
			ret = -EINVAL;
			goto err_stop_txqs;
		}
		ret = mlx5x_txq_start(txq);
		if (ret < 0)
			goto err_stop_txqs;
		dev->data->tx_queue_state[nb_tx] = RTE_ETH_QUEUE_STATE_STARTED;
	}
	for (nb_rx = 0; nb_rx < dev->data->nb_rx_queues; nb_rx++) {
		struct mlx5x_rxq *rxq = dev->data->rx_queues[nb_rx];

		if (rxq == NULL) {
			MLX5X_NET_LOG(ERR, "port %u: Rx queue %u is not set up",
				      dev->data->port_id, nb_rx);
			ret = -EINVAL;
			goto err_stop_rxqs;
		}
		ret = mlx5x_rxq_start(rxq);
		if (ret < 0)
			goto err_stop_rxqs;
		dev->data->rx_queue_state[nb_rx] = RTE_ETH_QUEUE_STATE_STARTED;
	}
	return 0;

err_stop_rxqs:
	for (i = nb_rx; i > 0; i--) {
		mlx5x_rxq_stop(dev->data->rx_queues[i - 1]);
		dev->data->rx_queue_state[i - 1] = RTE_ETH_QUEUE_STATE_STOPPED;
	}
err_stop_txqs:
	for (i = nb_tx; i > 0; i--) {
		mlx5x_txq_stop(dev->data->tx_queues[i - 1]);
		dev->data->tx_queue_state[i - 1] = RTE_ETH_QUEUE_STATE_STOPPED;
	}
	priv->qops->tx_shared_destroy(priv);
	return ret;
}

void
mlx5x_queues_stop(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	uint16_t i;

	for (i = dev->data->nb_rx_queues; i > 0; i--) {
		if (dev->data->rx_queues[i - 1] != NULL)
			mlx5x_rxq_stop(dev->data->rx_queues[i - 1]);
		dev->data->rx_queue_state[i - 1] = RTE_ETH_QUEUE_STATE_STOPPED;
	}
	for (i = dev->data->nb_tx_queues; i > 0; i--) {
		if (dev->data->tx_queues[i - 1] != NULL)
			mlx5x_txq_stop(dev->data->tx_queues[i - 1]);
		dev->data->tx_queue_state[i - 1] = RTE_ETH_QUEUE_STATE_STOPPED;
	}
	priv->qops->tx_shared_destroy(priv);
}

/* How long tx_queue_stop waits for the adapter to complete what a burst
 * accepted before it gives up on it. */
#define MLX5X_TXQ_DRAIN_US 1000000

int
mlx5x_tx_queue_stop(struct rte_eth_dev *dev, uint16_t idx)
{
	struct mlx5x_txq *txq = dev->data->tx_queues[idx];
	unsigned int left, waited = 0;
	int ret;

	if (txq == NULL)
		return -EINVAL;
	if (txq->started && !txq->paused) {
		if (txq->needs_recovery && mlx5x_txq_recover(txq) != 0)
			MLX5X_NET_LOG(WARNING,
				      "port %u Tx queue %u: SQ 0x%x stays in error",
				      dev->data->port_id, idx, txq->sq.id);
		/* Everything tx_burst accepted goes out before the SQ
		 * stops: wait for its completions. */
		while ((left = mlx5x_tx_reclaim(txq)) != 0 &&
		       waited < MLX5X_TXQ_DRAIN_US) {
			rte_delay_us_sleep(100);
			waited += 100;
		}
		if (left != 0)
			MLX5X_NET_LOG(WARNING,
				      "port %u Tx queue %u: %u WQEBBs not completed after %u ms, their packets dropped",
				      dev->data->port_id, idx, left,
				      MLX5X_TXQ_DRAIN_US / 1000);
		ret = txq->priv->qops->txq_modify(txq, MLX5X_QUEUE_STATE_RDY,
						  MLX5X_QUEUE_STATE_RST, false);
		if (ret < 0) {
			MLX5X_NET_LOG(ERR,
				      "port %u Tx queue %u: SQ 0x%x RDY->RST failed",
				      dev->data->port_id, idx, txq->sq.id);
			return ret;
		}
		txq_free_elts(txq);
		/* RST restarts the SQ's counter at 0. */
		txq->wqe_ci = 0;
		txq->wqe_pi = 0;
		txq->sq_db[MLX5X_SND_DBR] = 0;
		txq->paused = true;
	}
	dev->data->tx_queue_state[idx] = RTE_ETH_QUEUE_STATE_STOPPED;
	return 0;
}

int
mlx5x_tx_queue_start(struct rte_eth_dev *dev, uint16_t idx)
{
	struct mlx5x_txq *txq = dev->data->tx_queues[idx];
	int ret;

	if (txq == NULL)
		return -EINVAL;
	if (!txq->started) {
		ret = mlx5x_txq_start(txq);
		if (ret < 0)
			return ret;
	} else if (txq->paused) {
		ret = txq->priv->qops->txq_modify(txq, MLX5X_QUEUE_STATE_RST,
						  MLX5X_QUEUE_STATE_RDY, false);
		if (ret < 0) {
			MLX5X_NET_LOG(ERR,
				      "port %u Tx queue %u: SQ 0x%x RST->RDY failed",
				      dev->data->port_id, idx, txq->sq.id);
			return ret;
		}
		txq->paused = false;
	}
	dev->data->tx_queue_state[idx] = RTE_ETH_QUEUE_STATE_STARTED;
	return 0;
}

void
mlx5x_txq_info_get(struct rte_eth_dev *dev, uint16_t idx,
		   struct rte_eth_txq_info *info)
{
	struct mlx5x_txq *txq = dev->data->tx_queues[idx];

	if (txq == NULL)
		return;
	info->nb_desc = txq->desc;
	info->conf.offloads = txq->offloads;
	info->queue_state = dev->data->tx_queue_state[idx];
}
