/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * eth_dev_ops: configure, info, start/stop/close, link. Queue, MAC/MTU/
 * promiscuous and statistics ops live in their own files.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_alarm.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_malloc.h>

#include "mlx5x.h"
#include "flow/mlx5x_flow.h"
#include "mlx5x_netdev.h"
#include "mlx5x_rxtx.h"

/* Link polling period for LSC events: the kernel netdev's operstate is the
 * truth and gives no event an application process can wait on here. */
#define MLX5X_LSC_POLL_US 100000

/* The Toeplitz key a port hashes with when the application gives none. */
const uint8_t mlx5x_rss_key_default[MLX5X_RSS_KEY_LEN] = {
	0x2c, 0xc6, 0x81, 0xd1, 0x5b, 0xdb, 0xf4, 0xf7, 0xfc, 0xa2,
	0x83, 0x19, 0xdb, 0x1a, 0x3e, 0x94, 0x6b, 0x9e, 0x38, 0xd9,
	0x2c, 0x9c, 0x03, 0xd1, 0xad, 0x99, 0x44, 0xa7, 0xd9, 0x56,
	0x3d, 0x59, 0x06, 0x3c, 0x25, 0xf3, 0xfc, 0x1f, 0xdc, 0x2a,
};

uint64_t
mlx5x_rx_offloads(const struct mlx5x_priv *priv)
{
	const struct mlx5x_hca_caps *c = &priv->sh->caps;
	uint64_t o = RTE_ETH_RX_OFFLOAD_RSS_HASH | RTE_ETH_RX_OFFLOAD_SCATTER;

	if (c->csum_cap)
		o |= RTE_ETH_RX_OFFLOAD_CHECKSUM;
	if (c->vlan_cap)
		o |= RTE_ETH_RX_OFFLOAD_VLAN_STRIP;
	return o;
}

uint64_t
mlx5x_tx_offloads(const struct mlx5x_priv *priv)
{
	const struct mlx5x_hca_caps *c = &priv->sh->caps;
	/* VLAN insertion is done in the inline header: always available. */
	uint64_t o =
		RTE_ETH_TX_OFFLOAD_MULTI_SEGS | RTE_ETH_TX_OFFLOAD_VLAN_INSERT;

	/* Sent mbufs go straight back to their pool in bulk. */
	o |= RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;

	if (c->csum_cap)
		o |= RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
		     RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
		     RTE_ETH_TX_OFFLOAD_TCP_CKSUM;
	/* PRM: max_lso_cap is log2 of the largest LSO message. */
	if (c->csum_cap && c->max_lso_cap)
		o |= RTE_ETH_TX_OFFLOAD_TCP_TSO;
	return o;
}

uint16_t
mlx5x_queue_desc_max(const struct mlx5x_priv *priv)
{
	uint8_t log = priv->sh->caps.log_max_wq_sz;

	if (priv->sh->caps.log_max_cq_sz < log)
		log = priv->sh->caps.log_max_cq_sz;
	if (log == 0 || log > 15)
		log = 15;
	return (uint16_t)(1u << log);
}

void
mlx5x_burst_select(struct rte_eth_dev *dev)
{
	mlx5x_rx_burst_pick(dev);
	mlx5x_tx_burst_pick(dev);
	dev->tx_pkt_prepare = mlx5x_tx_prepare;
	dev->rx_queue_count = mlx5x_rx_queue_count;
	dev->rx_descriptor_status = mlx5x_rx_descriptor_status;
	dev->tx_descriptor_status = mlx5x_tx_descriptor_status;
}

static int
mlx5x_dev_configure(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	const struct rte_eth_conf *conf = &dev->data->dev_conf;
	const struct rte_eth_rss_conf *rss = &conf->rx_adv_conf.rss_conf;
	uint16_t i;

	if (dev->data->nb_rx_queues > MLX5X_QUEUES_MAX ||
	    dev->data->nb_tx_queues > MLX5X_QUEUES_MAX) {
		MLX5X_NET_LOG(ERR,
			      "port %u: %u Rx / %u Tx queues asked, at most %u each",
			      dev->data->port_id, dev->data->nb_rx_queues,
			      dev->data->nb_tx_queues, MLX5X_QUEUES_MAX);
		return -EINVAL;
	}
	if (conf->rxmode.mq_mode != RTE_ETH_MQ_RX_NONE &&
	    conf->rxmode.mq_mode != RTE_ETH_MQ_RX_RSS) {
		MLX5X_NET_LOG(ERR,
			      "port %u: Rx multi-queue mode %d not supported (only none and RSS)",
			      dev->data->port_id, conf->rxmode.mq_mode);
		return -EINVAL;
	}
	if (conf->txmode.mq_mode != RTE_ETH_MQ_TX_NONE) {
		MLX5X_NET_LOG(ERR,
			      "port %u: Tx multi-queue mode %d not supported",
			      dev->data->port_id, conf->txmode.mq_mode);
		return -EINVAL;
	}
	if (rss->rss_key != NULL && rss->rss_key_len != MLX5X_RSS_KEY_LEN) {
		MLX5X_NET_LOG(ERR,
			      "port %u: RSS key of %u bytes, the device takes exactly %u",
			      dev->data->port_id, rss->rss_key_len,
			      MLX5X_RSS_KEY_LEN);
		return -EINVAL;
	}
	if (rss->rss_hf & ~MLX5X_RSS_HF_ACCEPTED) {
		MLX5X_NET_LOG(ERR,
			      "port %u: RSS hash types 0x%" PRIx64
			      " not supported (supported: 0x%" PRIx64 ")",
			      dev->data->port_id,
			      rss->rss_hf & ~MLX5X_RSS_HF_ACCEPTED,
			      (uint64_t)MLX5X_RSS_HF_ACCEPTED);
		return -EINVAL;
	}
	if (rss->rss_key != NULL)
		memcpy(priv->rss_key, rss->rss_key, MLX5X_RSS_KEY_LEN);
	else
		memcpy(priv->rss_key, mlx5x_rss_key_default, MLX5X_RSS_KEY_LEN);
	priv->rss_hf =
		conf->rxmode.mq_mode == RTE_ETH_MQ_RX_RSS ? rss->rss_hf : 0;
	priv->reta_size = MLX5X_RETA_SIZE;
	if (priv->sh->caps.log_max_rqt_size != 0 &&
	    (1u << priv->sh->caps.log_max_rqt_size) < MLX5X_RETA_SIZE)
		priv->reta_size =
			(uint16_t)(1u << priv->sh->caps.log_max_rqt_size);
	for (i = 0; i < priv->reta_size; i++)
		priv->reta[i] = dev->data->nb_rx_queues
					? i % dev->data->nb_rx_queues
					: 0;
	return 0;
}

static int
mlx5x_dev_infos_get(struct rte_eth_dev *dev, struct rte_eth_dev_info *info)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	uint16_t desc_max = mlx5x_queue_desc_max(priv);

	info->min_mtu = RTE_ETHER_MIN_MTU;
	info->max_mtu = MLX5X_MTU_MAX;
	info->max_rx_pktlen = MLX5X_MTU_MAX + RTE_ETHER_HDR_LEN +
			      RTE_ETHER_CRC_LEN + 2 * RTE_VLAN_HLEN;
	info->min_rx_bufsize = 32;
	info->max_rx_queues = MLX5X_QUEUES_MAX;
	info->max_tx_queues = MLX5X_QUEUES_MAX;
	info->max_mac_addrs = MLX5X_MAC_MAX;
	info->rx_queue_offload_capa = 0;
	info->rx_offload_capa = mlx5x_rx_offloads(priv);
	info->tx_queue_offload_capa = 0;
	info->tx_offload_capa = mlx5x_tx_offloads(priv);
	info->hash_key_size = MLX5X_RSS_KEY_LEN;
	info->reta_size = priv->reta_size ? priv->reta_size : MLX5X_RETA_SIZE;
	info->flow_type_rss_offloads = MLX5X_RSS_HF_ACCEPTED;
	info->rx_desc_lim.nb_max = desc_max;
	info->rx_desc_lim.nb_min = MLX5X_DESC_MIN;
	info->rx_desc_lim.nb_align = 1;
	info->tx_desc_lim.nb_max = desc_max;
	info->tx_desc_lim.nb_min = MLX5X_DESC_MIN;
	info->tx_desc_lim.nb_align = 1;
	info->tx_desc_lim.nb_seg_max = MLX5X_TX_SEGS_MAX;
	info->tx_desc_lim.nb_mtu_seg_max = MLX5X_TX_SEGS_MAX;
	info->default_rxportconf.nb_queues = 1;
	info->default_txportconf.nb_queues = 1;
	info->default_rxportconf.ring_size = 256;
	info->default_txportconf.ring_size = 256;
	info->speed_capa = RTE_ETH_LINK_SPEED_FIXED;
	/* Rules outlive stop/start and may be made on a stopped port. */
	info->dev_capa = RTE_ETH_DEV_CAPA_FLOW_RULE_KEEP |
			 RTE_ETH_DEV_CAPA_FLOW_SHARED_OBJECT_KEEP;
	if (priv->switchdev) {
		info->switch_info.name = dev->data->name;
		info->switch_info.domain_id = priv->domain_id;
		info->switch_info.port_id = priv->representor_id;
		info->switch_info.rx_domain = 0;
	}
	return 0;
}

static int
mlx5x_fw_version_get(struct rte_eth_dev *dev, char *fw, size_t len)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	int n = snprintf(fw, len, "%s", priv->sh->fw_ver);

	/* ethdev: the size needed, terminator included, when len is short. */
	return (size_t)n < len ? 0 : n + 1;
}

/* IB port attributes as a link speed (IBTA: active_speed x active_width). */
static uint32_t
mlx5x_link_speed(const struct ibv_port_attr *pa)
{
	uint32_t lane, lanes;

	switch (pa->active_width) {
	case 1:
		lanes = 1;
		break;
	case 2:
		lanes = 4;
		break;
	case 4:
		lanes = 8;
		break;
	case 8:
		lanes = 12;
		break;
	case 16:
		lanes = 2;
		break;
	default:
		return RTE_ETH_SPEED_NUM_UNKNOWN;
	}
	switch (pa->active_speed) {
	case 1:
		lane = 2500;
		break;
	case 2:
		lane = 5000;
		break;
	case 4:
	case 8:
		lane = 10000;
		break;
	case 16:
		lane = 14000;
		break;
	case 32:
		lane = 25000;
		break;
	case 64:
		lane = 50000;
		break;
	case 128:
		lane = 100000;
		break;
	default:
		return RTE_ETH_SPEED_NUM_UNKNOWN;
	}
	return lane * lanes;
}

static int
mlx5x_link_read(struct rte_eth_dev *dev, struct rte_eth_link *link)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct mlx5x_netdev_info nd;
	struct ibv_port_attr pa;
	int ret;

	memset(link, 0, sizeof(*link));
	ret = mlx5x_netdev_query(priv->sh->ibdev_path, priv->ifname, &nd);
	if (ret < 0) {
		MLX5X_NET_LOG(WARNING, "port %u: cannot read link of %s: %s",
			      dev->data->port_id, priv->ifname, strerror(-ret));
		return ret;
	}
	link->link_status =
		nd.oper_up && nd.carrier ? RTE_ETH_LINK_UP : RTE_ETH_LINK_DOWN;
	link->link_duplex = RTE_ETH_LINK_FULL_DUPLEX;
	link->link_autoneg = RTE_ETH_LINK_AUTONEG;
	link->link_speed = RTE_ETH_SPEED_NUM_NONE;
	if (link->link_status == RTE_ETH_LINK_UP) {
		link->link_speed = RTE_ETH_SPEED_NUM_UNKNOWN;
		if (mlx5x_glue_ctx_query_port(priv->sh->ctx,
					      (uint8_t)priv->ib_port, &pa) == 0)
			link->link_speed = mlx5x_link_speed(&pa);
	}
	return 0;
}

static int
mlx5x_link_update(struct rte_eth_dev *dev, int wait_to_complete)
{
	struct rte_eth_link link;
	int ret;

	RTE_SET_USED(wait_to_complete);
	ret = mlx5x_link_read(dev, &link);
	if (ret < 0)
		return ret;
	return rte_eth_linkstatus_set(dev, &link);
}

/* The port whose link callback this thread is running, if any: a stop
 * called from the application's LSC event handler comes from inside it. */
static __thread const struct rte_eth_dev *lsc_poll_dev;

static void
mlx5x_lsc_poll(void *arg)
{
	struct rte_eth_dev *dev = arg;
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct rte_eth_link link;

	/* Announce before looking at lsc_stop, as stop sets lsc_stop before
	 * looking at lsc_busy: one of the two sees the other. */
	__atomic_add_fetch(&priv->lsc_busy, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&priv->lsc_stop, __ATOMIC_SEQ_CST))
		goto out;
	lsc_poll_dev = dev;
	/* rte_eth_linkstatus_set: 0 when the status changed, -1 when not. */
	if (mlx5x_link_read(dev, &link) == 0 &&
	    rte_eth_linkstatus_set(dev, &link) == 0)
		rte_eth_dev_callback_process(dev, RTE_ETH_EVENT_INTR_LSC, NULL);
	lsc_poll_dev = NULL;
	/* The application's handler may have stopped the port. */
	if (!__atomic_load_n(&priv->lsc_stop, __ATOMIC_SEQ_CST))
		rte_eal_alarm_set(MLX5X_LSC_POLL_US, mlx5x_lsc_poll, dev);
out:
	/* Last touch of priv: stop may free the port once this is 0. */
	__atomic_sub_fetch(&priv->lsc_busy, 1, __ATOMIC_SEQ_CST);
}

/*
 * End the port's link polling for good. A callback already running is
 * waited for here, sleeping, before the cancel: rte_eal_alarm_cancel waits
 * for a running callback itself, in a loop that holds the alarm list's
 * lock nearly all the time, and the callback needs that lock to re-arm
 * and EAL to retire it; where threads run in turns (valgrind) that loop
 * starved them and testpmd's quit never ended. With lsc_stop set and no
 * callback inside, nothing re-arms, so the cancel finds at most the one
 * pending alarm (repeated until it reports none, for a callback EAL had
 * started but not yet handed over). Called from the port's own callback
 * (the application's LSC handler stopping the port), that one callback is
 * not waited for: it sees lsc_stop when the handler returns.
 */
static void
mlx5x_lsc_poll_end(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	uint32_t self = lsc_poll_dev == dev ? 1 : 0;

	__atomic_store_n(&priv->lsc_stop, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&priv->lsc_busy, __ATOMIC_SEQ_CST) > self)
		rte_delay_us_sleep(1000);
	while (rte_eal_alarm_cancel(mlx5x_lsc_poll, dev) > 0)
		;
}

static int
mlx5x_dev_start(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	int ret;

	ret = mlx5x_queues_start(dev);
	if (ret < 0)
		return ret;
	ret = mlx5x_steer_start(dev);
	if (ret < 0)
		goto err_stop_queues;
	ret = mlx5x_flow_start(dev);
	if (ret < 0)
		goto err_stop_steer;
	priv->started = true;
	mlx5x_link_update(dev, 0);
	__atomic_store_n(&priv->lsc_stop, 0, __ATOMIC_SEQ_CST);
	if (dev->data->dev_conf.intr_conf.lsc &&
	    rte_eal_alarm_set(MLX5X_LSC_POLL_US, mlx5x_lsc_poll, dev) != 0)
		MLX5X_NET_LOG(WARNING,
			      "port %u: cannot poll link state, no LSC events",
			      dev->data->port_id);
	mlx5x_burst_select(dev);
	return 0;

err_stop_steer:
	mlx5x_steer_stop(dev);
err_stop_queues:
	mlx5x_queues_stop(dev);
	return ret;
}

static int
mlx5x_dev_stop(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);

	if (!priv->started)
		return 0;
	priv->started = false;
	mlx5x_lsc_poll_end(dev);
	dev->rx_pkt_burst = rte_eth_pkt_burst_dummy;
	dev->tx_pkt_burst = rte_eth_pkt_burst_dummy;
	/* Let bursts running on other lcores see the dummies first. */
	rte_mb();
	mlx5x_flow_stop(dev);
	mlx5x_steer_stop(dev);
	mlx5x_queues_stop(dev);
	return 0;
}

int
mlx5x_dev_close(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct mlx5x_dev_ctx *sh;
	uint16_t i;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY || priv == NULL ||
	    priv->sh == NULL)
		return 0;
	sh = priv->sh;
	mlx5x_dev_stop(dev);
	mlx5x_flow_close(dev);
	for (i = 0; i < dev->data->nb_rx_queues; i++)
		mlx5x_rx_queue_release(dev, i);
	for (i = 0; i < dev->data->nb_tx_queues; i++)
		mlx5x_tx_queue_release(dev, i);
	mlx5x_stats_q_counter_free(priv);
	dev->dev_ops = NULL;
	if (sh->refcnt == 1 && sh->has_switch_domain) {
		rte_eth_switch_domain_free(sh->switch_domain);
		sh->has_switch_domain = false;
	}
	MLX5X_NET_LOG(DEBUG, "port %u (%s) closed", dev->data->port_id,
		      dev->data->name);
	mlx5x_dev_ctx_put(sh);
	priv->sh = NULL;
	return 0;
}

/*
 * Back to the state of a freshly probed port (ethdev stopped it first):
 * queues released, the netdev's MAC and MTU read again, filters and RSS
 * back to their defaults. The application configures it again.
 */
static int
mlx5x_dev_reset(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct mlx5x_netdev_info nd;
	uint16_t i;
	int ret;

	mlx5x_dev_stop(dev);
	for (i = 0; i < dev->data->nb_rx_queues; i++)
		mlx5x_rx_queue_release(dev, i);
	for (i = 0; i < dev->data->nb_tx_queues; i++)
		mlx5x_tx_queue_release(dev, i);
	ret = mlx5x_netdev_query(priv->sh->ibdev_path, priv->ifname, &nd);
	if (ret < 0) {
		MLX5X_NET_LOG(ERR, "port %u: reset cannot read netdev %s: %s",
			      dev->data->port_id, priv->ifname, strerror(-ret));
		return ret;
	}
	memset(dev->data->mac_addrs, 0,
	       MLX5X_MAC_MAX * sizeof(struct rte_ether_addr));
	memcpy(dev->data->mac_addrs[0].addr_bytes, nd.mac, RTE_ETHER_ADDR_LEN);
	priv->mtu = nd.mtu ? nd.mtu : RTE_ETHER_MTU;
	dev->data->mtu = (uint16_t)priv->mtu;
	/* The device's vport context too, not only our flags. */
	if (mlx5x_promiscuous_disable(dev) < 0 ||
	    mlx5x_allmulticast_disable(dev) < 0)
		MLX5X_NET_LOG(WARNING,
			      "port %u: reset could not turn promiscuous/allmulticast off",
			      dev->data->port_id);
	dev->data->promiscuous = 0;
	dev->data->all_multicast = 0;
	priv->rss_hf = 0;
	memcpy(priv->rss_key, mlx5x_rss_key_default, MLX5X_RSS_KEY_LEN);
	return 0;
}

const struct eth_dev_ops mlx5x_dev_ops = {
	.dev_configure = mlx5x_dev_configure,
	.dev_infos_get = mlx5x_dev_infos_get,
	.dev_start = mlx5x_dev_start,
	.dev_stop = mlx5x_dev_stop,
	.dev_close = mlx5x_dev_close,
	.dev_reset = mlx5x_dev_reset,
	.link_update = mlx5x_link_update,
	.fw_version_get = mlx5x_fw_version_get,
	.promiscuous_enable = mlx5x_promiscuous_enable,
	.promiscuous_disable = mlx5x_promiscuous_disable,
	.allmulticast_enable = mlx5x_allmulticast_enable,
	.allmulticast_disable = mlx5x_allmulticast_disable,
	.mac_addr_set = mlx5x_mac_addr_set,
	.mac_addr_add = mlx5x_mac_addr_add,
	.mac_addr_remove = mlx5x_mac_addr_remove,
	.mtu_set = mlx5x_mtu_set,
	.stats_get = mlx5x_stats_get,
	.stats_reset = mlx5x_stats_reset,
	.xstats_get = mlx5x_xstats_get,
	.xstats_get_names = mlx5x_xstats_get_names,
	.xstats_reset = mlx5x_xstats_reset,
	.rx_queue_setup = mlx5x_rx_queue_setup,
	.rx_queue_release = mlx5x_rx_queue_release,
	.tx_queue_setup = mlx5x_tx_queue_setup,
	.tx_queue_release = mlx5x_tx_queue_release,
	.rx_queue_start = mlx5x_rx_queue_start,
	.rx_queue_stop = mlx5x_rx_queue_stop,
	.tx_queue_start = mlx5x_tx_queue_start,
	.tx_queue_stop = mlx5x_tx_queue_stop,
	.rxq_info_get = mlx5x_rxq_info_get,
	.txq_info_get = mlx5x_txq_info_get,
	.tx_done_cleanup = mlx5x_tx_done_cleanup,
	.rx_burst_mode_get = mlx5x_rx_burst_mode_get,
	.tx_burst_mode_get = mlx5x_tx_burst_mode_get,
	.dev_supported_ptypes_get = mlx5x_ptypes_get,
	.rss_hash_update = mlx5x_rss_hash_update,
	.rss_hash_conf_get = mlx5x_rss_hash_conf_get,
	.reta_update = mlx5x_reta_update,
	.reta_query = mlx5x_reta_query,
	.flow_ops_get = mlx5x_flow_ops_get,
};
