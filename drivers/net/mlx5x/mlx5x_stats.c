/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Statistics: basic stats from the queues' software counters (exact, what
 * the bursts handed over), xstats adding per-queue error counters and the
 * device's vport counters where the port owns and can read its vport.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <ethdev_driver.h>

#include "mlx5x.h"
#include "mlx5x_rxtx.h"

uint32_t
mlx5x_stats_q_counter(struct mlx5x_priv *priv)
{
	if (!priv->q_counter_tried) {
		priv->q_counter_tried = true;
		if (mlx5x_devx_q_counter_alloc(priv->sh->ctx, &priv->q_counter,
					       &priv->q_counter_id) < 0) {
			MLX5X_NET_LOG(WARNING,
				      "port %u: no Q counter set: imissed (frames dropped for want of Rx descriptors) will read 0",
				      priv->data->port_id);
			priv->q_counter = NULL;
			priv->q_counter_id = 0;
		}
	}
	return priv->q_counter_id;
}

/* out_of_buffer of the port's set since the last reset (0 without a set
 * or when the query fails: the command logged why), cleared with clear. */
static uint64_t
stats_out_of_buffer(struct mlx5x_priv *priv, bool clear)
{
	uint64_t v = 0;

	if (priv->q_counter_id == 0 ||
	    mlx5x_devx_q_counter_query(priv->sh->ctx, priv->q_counter_id, clear,
				       &v) < 0)
		return priv->imissed_acc;
	return priv->imissed_acc + v;
}

void
mlx5x_stats_q_counter_fold(struct mlx5x_priv *priv)
{
	/* An RQ's counts may leave the set with it: kept here first. */
	priv->imissed_acc = stats_out_of_buffer(priv, true);
}

void
mlx5x_stats_q_counter_free(struct mlx5x_priv *priv)
{
	if (priv->q_counter != NULL)
		mlx5x_devx_obj_destroy(priv->q_counter, "Q counter");
	priv->q_counter = NULL;
	priv->q_counter_id = 0;
	priv->q_counter_tried = false;
	priv->imissed_acc = 0;
}

int
mlx5x_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *st)
{
	uint16_t i;

	memset(st, 0, sizeof(*st));
	/* PRM out_of_buffer: frames the adapter dropped because the RQ had
	 * no WQE posted, DPDK's imissed. */
	st->imissed = stats_out_of_buffer(MLX5X_PRIV(dev), false);
	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		const struct mlx5x_rxq *rxq = dev->data->rx_queues[i];

		if (rxq == NULL)
			continue;
		st->ipackets += rxq->stats.packets;
		st->ibytes += rxq->stats.bytes;
		st->ierrors += rxq->stats.errors;
		st->rx_nombuf += rxq->stats.nombuf;
		if (i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			st->q_ipackets[i] = rxq->stats.packets;
			st->q_ibytes[i] = rxq->stats.bytes;
			st->q_errors[i] = rxq->stats.errors;
		}
	}
	for (i = 0; i < dev->data->nb_tx_queues; i++) {
		const struct mlx5x_txq *txq = dev->data->tx_queues[i];

		if (txq == NULL)
			continue;
		st->opackets += txq->stats.packets;
		st->obytes += txq->stats.bytes;
		st->oerrors += txq->stats.errors + txq->stats.no_lkey +
			       txq->stats.too_many_segs + txq->stats.bad_tso +
			       txq->bad_mbuf;
		if (i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			st->q_opackets[i] = txq->stats.packets;
			st->q_obytes[i] = txq->stats.bytes;
		}
	}
	return 0;
}

int
mlx5x_stats_reset(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	uint16_t i;

	stats_out_of_buffer(priv, true);
	priv->imissed_acc = 0;
	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		struct mlx5x_rxq *rxq = dev->data->rx_queues[i];

		if (rxq == NULL)
			continue;
		memset(&rxq->stats, 0, sizeof(rxq->stats));
		rxq->flushed = 0;
	}
	for (i = 0; i < dev->data->nb_tx_queues; i++) {
		struct mlx5x_txq *txq = dev->data->tx_queues[i];

		if (txq == NULL)
			continue;
		memset(&txq->stats, 0, sizeof(txq->stats));
		txq->bad_mbuf = 0;
	}
	return 0;
}

/* Device-wide xstats: vport counters, then sums of per-queue errors; after
 * them, one per Tx queue (XSTATS_TXQ_FMT). */
static const char *const xstats_names[] = {
	"rx_vport_packets",
	"rx_vport_bytes",
	"tx_vport_packets",
	"tx_vport_bytes",
	"rx_vport_errors",
	"tx_vport_errors",
	"rx_wqe_errors",
	"tx_wqe_errors",
	"tx_unregistered_memory_drops",
	"tx_too_many_segs_drops",
	"tx_sq_recoveries",
	"rx_rq_recoveries",
	"tx_bad_tso_drops",
	"rx_rq_recovery_failures",
	"rx_wqe_flushes",
	"rx_out_of_buffer",
};

#define XSTATS_N RTE_DIM(xstats_names)
#define XSTATS_TXQ_FMT "tx_q%u_bad_mbuf_drops"
#define XSTATS_VPORT 6 /* the first six: vport counters */

/* Vport counters only where the port reads them (a PF with DevX and the
 * vport_counters capability); elsewhere they are not shown rather than
 * shown as zero. */
static bool
xstats_have_vport(const struct mlx5x_priv *priv)
{
	return priv->role != MLX5X_PORT_ROLE_VF_REP &&
	       priv->sh->caps.vport_counters;
}

static unsigned int
xstats_first(const struct mlx5x_priv *priv)
{
	return xstats_have_vport(priv) ? 0 : XSTATS_VPORT;
}

static void
xstats_values(struct rte_eth_dev *dev, uint64_t *v)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct mlx5x_vport_counters c = { 0 };
	uint16_t i;

	memset(v, 0, XSTATS_N * sizeof(*v));
	if (xstats_have_vport(priv) &&
	    mlx5x_devx_vport_counters(priv->sh->ctx, false, 0, &c) == 0) {
		v[0] = c.rx_packets - priv->vport_base.rx_packets;
		v[1] = c.rx_bytes - priv->vport_base.rx_bytes;
		v[2] = c.tx_packets - priv->vport_base.tx_packets;
		v[3] = c.tx_bytes - priv->vport_base.tx_bytes;
		v[4] = c.rx_errors - priv->vport_base.rx_errors;
		v[5] = c.tx_errors - priv->vport_base.tx_errors;
	}
	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		const struct mlx5x_rxq *rxq = dev->data->rx_queues[i];

		if (rxq == NULL)
			continue;
		v[6] += rxq->stats.errors;
		v[11] += rxq->stats.recoveries;
		v[13] += rxq->recovery_failures;
		v[14] += rxq->flushed;
	}
	v[15] = stats_out_of_buffer(priv, false);
	for (i = 0; i < dev->data->nb_tx_queues; i++) {
		const struct mlx5x_txq *txq = dev->data->tx_queues[i];

		if (txq == NULL)
			continue;
		v[7] += txq->stats.errors;
		v[8] += txq->stats.no_lkey;
		v[9] += txq->stats.too_many_segs;
		v[10] += txq->stats.recoveries;
		v[12] += txq->stats.bad_tso;
	}
}

/* How many xstats the port shows: from first on, then one per Tx queue. */
static unsigned int
xstats_count(const struct rte_eth_dev *dev, unsigned int first)
{
	return (unsigned int)XSTATS_N - first + dev->data->nb_tx_queues;
}

int
mlx5x_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xstats,
		 unsigned int n)
{
	unsigned int first = xstats_first(MLX5X_PRIV(dev));
	unsigned int fixed = (unsigned int)XSTATS_N - first;
	unsigned int total = xstats_count(dev, first);
	uint64_t v[XSTATS_N];
	unsigned int i;

	if (xstats == NULL || n < total)
		return total;
	xstats_values(dev, v);
	for (i = first; i < XSTATS_N; i++) {
		xstats[i - first].id = i - first;
		xstats[i - first].value = v[i];
	}
	for (i = fixed; i < total; i++) {
		const struct mlx5x_txq *txq = dev->data->tx_queues[i - fixed];

		xstats[i].id = i;
		xstats[i].value = txq != NULL ? txq->bad_mbuf : 0;
	}
	return total;
}

int
mlx5x_xstats_get_names(struct rte_eth_dev *dev,
		       struct rte_eth_xstat_name *names, unsigned int n)
{
	unsigned int first = xstats_first(MLX5X_PRIV(dev));
	unsigned int fixed = (unsigned int)XSTATS_N - first;
	unsigned int total = xstats_count(dev, first);
	unsigned int i;

	if (names == NULL || n < total)
		return total;
	for (i = first; i < XSTATS_N; i++)
		snprintf(names[i - first].name, sizeof(names[i - first].name),
			 "%s", xstats_names[i]);
	for (i = fixed; i < total; i++)
		snprintf(names[i].name, sizeof(names[i].name), XSTATS_TXQ_FMT,
			 i - fixed);
	return total;
}

int
mlx5x_xstats_reset(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);

	if (xstats_have_vport(priv))
		mlx5x_devx_vport_counters(priv->sh->ctx, false, 0,
					  &priv->vport_base);
	return mlx5x_stats_reset(dev);
}
