/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Default NIC Rx steering of a port while it is started: rules of the flow
 * engine (flow/) at the lowest priorities of the NIC Rx root, so the
 * application's rules and the defaults live in one table set and isolated
 * mode is simply their absence. Per destination MAC filter (each unicast
 * MAC and broadcast, allmulticast: the group bit, promiscuous: all) one
 * rule per traffic kind: TCP/UDP over IPv4/IPv6 (ethertype + protocol),
 * then IPv4/IPv6 (ethertype), then the rest, each to a TIR hashing the
 * fields the RSS configuration names over an RQT of the port's RETA; what
 * RSS does not cover goes to RETA entry 0's queue. Ports sharing the NIC
 * Rx (representors) add their reg_c_0 vport tag to every rule. A
 * representor receives whatever its VF sends that no FDB rule took: it
 * has no MAC filter.
 */
#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_malloc.h>

#include "mlx5x.h"
#include "mlx5x_prm.h"
#include "mlx5x_rxtx.h"
#include "flow/mlx5x_flow.h"

enum steer_kind {
	STEER_DEFAULT,
	STEER_IPV4,
	STEER_IPV6,
	STEER_IPV4_TCP,
	STEER_IPV4_UDP,
	STEER_IPV6_TCP,
	STEER_IPV6_UDP,
	STEER_KINDS,
};

/* One row per TIR kind: the RSS types that ask for it, what it hashes,
 * and what a level-1 entry matches to reach it. */
static const struct steer_kind_row {
	uint64_t rss_hf;
	uint8_t l3;
	uint8_t l4;
	uint32_t fields;
	uint16_t ethertype;
	uint8_t ip_protocol; /* 0: any */
} steer_kinds[STEER_KINDS] = {
	[STEER_DEFAULT] = { 0, 0, 0, 0, 0, 0 },
	[STEER_IPV4] = { MLX5X_RSS_HF_IPV4_ANY, MLX5X_L3_PROT_TYPE_IPV4, 0,
			 MLX5X_HASH_FIELD_SEL_SRC_IP |
				 MLX5X_HASH_FIELD_SEL_DST_IP,
			 RTE_ETHER_TYPE_IPV4, 0 },
	[STEER_IPV6] = { MLX5X_RSS_HF_IPV6_ANY, MLX5X_L3_PROT_TYPE_IPV6, 0,
			 MLX5X_HASH_FIELD_SEL_SRC_IP |
				 MLX5X_HASH_FIELD_SEL_DST_IP,
			 RTE_ETHER_TYPE_IPV6, 0 },
	[STEER_IPV4_TCP] = { RTE_ETH_RSS_NONFRAG_IPV4_TCP,
			     MLX5X_L3_PROT_TYPE_IPV4, MLX5X_L4_PROT_TYPE_TCP,
			     MLX5X_HASH_FIELD_SEL_SRC_IP |
				     MLX5X_HASH_FIELD_SEL_DST_IP |
				     MLX5X_HASH_FIELD_SEL_L4_SPORT |
				     MLX5X_HASH_FIELD_SEL_L4_DPORT,
			     RTE_ETHER_TYPE_IPV4, IPPROTO_TCP },
	[STEER_IPV4_UDP] = { RTE_ETH_RSS_NONFRAG_IPV4_UDP,
			     MLX5X_L3_PROT_TYPE_IPV4, MLX5X_L4_PROT_TYPE_UDP,
			     MLX5X_HASH_FIELD_SEL_SRC_IP |
				     MLX5X_HASH_FIELD_SEL_DST_IP |
				     MLX5X_HASH_FIELD_SEL_L4_SPORT |
				     MLX5X_HASH_FIELD_SEL_L4_DPORT,
			     RTE_ETHER_TYPE_IPV4, IPPROTO_UDP },
	[STEER_IPV6_TCP] = { RTE_ETH_RSS_NONFRAG_IPV6_TCP |
				     RTE_ETH_RSS_IPV6_TCP_EX,
			     MLX5X_L3_PROT_TYPE_IPV6, MLX5X_L4_PROT_TYPE_TCP,
			     MLX5X_HASH_FIELD_SEL_SRC_IP |
				     MLX5X_HASH_FIELD_SEL_DST_IP |
				     MLX5X_HASH_FIELD_SEL_L4_SPORT |
				     MLX5X_HASH_FIELD_SEL_L4_DPORT,
			     RTE_ETHER_TYPE_IPV6, IPPROTO_TCP },
	[STEER_IPV6_UDP] = { RTE_ETH_RSS_NONFRAG_IPV6_UDP |
				     RTE_ETH_RSS_IPV6_UDP_EX,
			     MLX5X_L3_PROT_TYPE_IPV6, MLX5X_L4_PROT_TYPE_UDP,
			     MLX5X_HASH_FIELD_SEL_SRC_IP |
				     MLX5X_HASH_FIELD_SEL_DST_IP |
				     MLX5X_HASH_FIELD_SEL_L4_SPORT |
				     MLX5X_HASH_FIELD_SEL_L4_DPORT,
			     RTE_ETHER_TYPE_IPV6, IPPROTO_UDP },
};

/* Where a kind sits among the defaults: L4 before L3 before the rest. */
static unsigned int
steer_kind_rank(const struct steer_kind_row *row)
{
	return row->ip_protocol != 0 ? 0 : row->ethertype != 0 ? 1 : 2;
}

struct mlx5x_steer {
	struct mlx5dv_devx_obj *rqt;
	uint32_t rqtn;
	struct mlx5dv_devx_obj *tir[STEER_KINDS];
	uint32_t tirn[STEER_KINDS];
};

static void
match_dmac(struct mlx5x_flow_rule *rule, const uint8_t *mask,
	   const uint8_t *mac)
{
	MLX5X_FLOW_MATCH(rule, outer_headers.dmac_47_16,
			 (uint32_t)mask[0] << 24 | (uint32_t)mask[1] << 16 |
				 (uint32_t)mask[2] << 8 | mask[3],
			 (uint32_t)mac[0] << 24 | (uint32_t)mac[1] << 16 |
				 (uint32_t)mac[2] << 8 | mac[3]);
	MLX5X_FLOW_MATCH(rule, outer_headers.dmac_15_0,
			 (uint32_t)mask[4] << 8 | mask[5],
			 (uint32_t)mac[4] << 8 | mac[5]);
	rule->criteria |= MLX5X_MATCH_OUTER_HEADERS;
}

static void
steer_destroy(struct rte_eth_dev *dev, struct mlx5x_steer *st)
{
	int i;

	mlx5x_flow_defaults_flush(dev);
	for (i = STEER_KINDS - 1; i >= 0; i--)
		mlx5x_devx_obj_destroy(st->tir[i], "TIR");
	mlx5x_devx_obj_destroy(st->rqt, "RQT");
	rte_free(st);
}

/* TIRs over the RQT of the RETA, one per kind the RSS types ask for. */
static int
steer_rss_create(struct rte_eth_dev *dev, struct mlx5x_steer *st)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct ibv_context *ctx = priv->sh->ctx;
	uint32_t rqn[MLX5X_RETA_SIZE];
	unsigned int i, k;

	for (i = 0; i < priv->reta_size; i++) {
		struct mlx5x_rxq *rxq = dev->data->rx_queues[priv->reta[i]];

		rqn[i] = rxq->rq.id;
	}
	st->rqt = mlx5x_devx_rqt_create(ctx, rqn, priv->reta_size, &st->rqtn);
	if (st->rqt == NULL)
		return -rte_errno;
	for (k = 0; k < STEER_KINDS; k++) {
		const struct steer_kind_row *row = &steer_kinds[k];
		struct mlx5x_devx_tir_attr ta = {
			.tdn = priv->sh->tdn,
			.indirect = true,
			.rqn_or_rqtn = st->rqtn,
			.toeplitz_key = priv->rss_key,
			.l3_prot_type = row->l3,
			.l4_prot_type = row->l4,
			.selected_fields = row->fields,
		};

		if (k == STEER_DEFAULT) {
			struct mlx5x_rxq *rxq =
				dev->data->rx_queues[priv->reta[0]];

			ta.indirect = false;
			ta.rqn_or_rqtn = rxq->rq.id;
		} else if (!(priv->rss_hf & row->rss_hf)) {
			continue;
		}
		st->tir[k] = mlx5x_devx_tir_create(ctx, &ta, &st->tirn[k]);
		if (st->tir[k] == NULL)
			return -rte_errno;
	}
	return 0;
}

/* One default rule per (destination MAC filter, traffic kind): the filter
 * (mask NULL: all frames) and the kind's ethertype/protocol to its TIR. */
static int
steer_defaults_add(struct rte_eth_dev *dev, struct mlx5x_steer *st,
		   const uint8_t *mask, const uint8_t *mac)
{
	struct mlx5x_flow_rule *rule;
	unsigned int k;
	int ret = 0;

	rule = rte_malloc("mlx5x_steer_rule", sizeof(*rule), 0);
	if (rule == NULL)
		return -ENOMEM;
	for (k = 0; k < STEER_KINDS && ret == 0; k++) {
		const struct steer_kind_row *row = &steer_kinds[k];

		if (st->tir[k] == NULL)
			continue;
		memset(rule, 0, sizeof(*rule));
		rule->domain = MLX5X_FLOW_DOMAIN_RX;
		rule->prio = (uint16_t)(MLX5X_FLOW_PRIO_DEFAULTS +
					steer_kind_rank(row));
		if (mask != NULL && mac != NULL)
			match_dmac(rule, mask, mac);
		if (row->ethertype) {
			MLX5X_FLOW_MATCH(rule, outer_headers.ethertype, 0xffff,
					 row->ethertype);
			rule->criteria |= MLX5X_MATCH_OUTER_HEADERS;
		}
		if (row->ip_protocol)
			MLX5X_FLOW_MATCH(rule, outer_headers.ip_protocol, 0xff,
					 row->ip_protocol);
		rule->fate = MLX5X_FLOW_FATE_TIR;
		rule->tir = st->tir[k];
		ret = mlx5x_flow_default_add(dev, rule);
	}
	rte_free(rule);
	return ret;
}

/* (Re)write the MAC filter from the port's MACs and modes. */
static int
steer_defaults_apply(struct rte_eth_dev *dev, struct mlx5x_steer *st)
{
	static const uint8_t bcast[RTE_ETHER_ADDR_LEN] = { 0xff, 0xff, 0xff,
							   0xff, 0xff, 0xff };
	static const uint8_t mcast[RTE_ETHER_ADDR_LEN] = { 0x01 };
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct mlx5x_flow_list old;
	unsigned int i;
	int ret = 0;

	/* The new rules go in before the old ones leave: no frame meets a
	 * port without a filter meanwhile, and the shared root stays. */
	mlx5x_flow_defaults_take(dev, &old);
	/* A representor gets what its VF sends: no MAC filter. */
	if (priv->role == MLX5X_PORT_ROLE_VF_REP || priv->promisc) {
		ret = steer_defaults_add(dev, st, NULL, NULL);
		goto out;
	}
	for (i = 0; i < MLX5X_MAC_MAX && ret == 0; i++) {
		const struct rte_ether_addr *mac = &dev->data->mac_addrs[i];

		if (!rte_is_zero_ether_addr(mac))
			ret = steer_defaults_add(dev, st, bcast,
						 mac->addr_bytes);
	}
	if (ret == 0)
		ret = steer_defaults_add(dev, st, bcast, bcast);
	if (ret == 0 && priv->allmulti)
		ret = steer_defaults_add(dev, st, mcast, mcast);
out:
	mlx5x_flow_defaults_release(dev, &old);
	return ret;
}

static int
steer_devx_start(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct mlx5x_steer *st;
	int ret;

	/* Isolated: only the application's rules steer. */
	if (dev->data->nb_rx_queues == 0 || mlx5x_flow_isolated(dev))
		return 0;
	if (!priv->sh->caps.nic_rx_ft_support) {
		MLX5X_NET_LOG(ERR,
			      "port %u: %s has no NIC Rx flow tables: cannot steer received frames to queues",
			      dev->data->port_id, priv->sh->ibdev_name);
		return -ENOTSUP;
	}
	st = rte_zmalloc("mlx5x_steer", sizeof(*st), 0);
	if (st == NULL)
		return -ENOMEM;
	ret = steer_rss_create(dev, st);
	if (ret < 0) {
		MLX5X_NET_LOG(ERR,
			      "port %u: cannot create RSS steering (RQT/TIR): %s",
			      dev->data->port_id, strerror(-ret));
		goto err_destroy;
	}
	ret = steer_defaults_apply(dev, st);
	if (ret < 0) {
		MLX5X_NET_LOG(ERR,
			      "port %u: cannot create the default Rx rules: %s",
			      dev->data->port_id, strerror(-ret));
		goto err_destroy;
	}
	priv->steer = st;
	return 0;

err_destroy:
	steer_destroy(dev, st);
	return ret;
}

static void
steer_devx_stop(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);

	if (priv->steer == NULL)
		return;
	steer_destroy(dev, priv->steer);
	priv->steer = NULL;
}

static int
steer_devx_refresh(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);

	if (priv->steer == NULL)
		return 0;
	return steer_defaults_apply(dev, priv->steer);
}

const struct mlx5x_steer_ops mlx5x_steer_devx_ops = {
	.start = steer_devx_start,
	.stop = steer_devx_stop,
	.refresh = steer_devx_refresh,
};

int
mlx5x_steer_start(struct rte_eth_dev *dev)
{
	return MLX5X_PRIV(dev)->steer_ops->start(dev);
}

void
mlx5x_steer_stop(struct rte_eth_dev *dev)
{
	MLX5X_PRIV(dev)->steer_ops->stop(dev);
}

int
mlx5x_steer_refresh(struct rte_eth_dev *dev)
{
	return MLX5X_PRIV(dev)->steer_ops->refresh(dev);
}

/* RSS or RETA changed: rebuild the whole tree on a started port. */
static int
steer_rebuild(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);

	if (!priv->started)
		return 0;
	mlx5x_steer_stop(dev);
	return mlx5x_steer_start(dev);
}

int
mlx5x_rss_hash_update(struct rte_eth_dev *dev, struct rte_eth_rss_conf *conf)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);

	if (conf->rss_key != NULL && conf->rss_key_len != MLX5X_RSS_KEY_LEN) {
		MLX5X_NET_LOG(ERR,
			      "port %u: RSS key of %u bytes, the device takes exactly %u",
			      dev->data->port_id, conf->rss_key_len,
			      MLX5X_RSS_KEY_LEN);
		return -EINVAL;
	}
	if (conf->rss_hf & ~MLX5X_RSS_HF_ACCEPTED) {
		MLX5X_NET_LOG(ERR,
			      "port %u: RSS hash types 0x%" PRIx64
			      " not supported",
			      dev->data->port_id,
			      conf->rss_hf & ~MLX5X_RSS_HF_ACCEPTED);
		return -EINVAL;
	}
	if (conf->rss_key != NULL)
		memcpy(priv->rss_key, conf->rss_key, MLX5X_RSS_KEY_LEN);
	priv->rss_hf = conf->rss_hf;
	return steer_rebuild(dev);
}

int
mlx5x_rss_hash_conf_get(struct rte_eth_dev *dev, struct rte_eth_rss_conf *conf)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);

	if (conf->rss_key != NULL) {
		if (conf->rss_key_len < MLX5X_RSS_KEY_LEN)
			return -EINVAL;
		memcpy(conf->rss_key, priv->rss_key, MLX5X_RSS_KEY_LEN);
	}
	conf->rss_key_len = MLX5X_RSS_KEY_LEN;
	conf->rss_hf = priv->rss_hf;
	return 0;
}

int
mlx5x_reta_update(struct rte_eth_dev *dev,
		  struct rte_eth_rss_reta_entry64 *conf, uint16_t size)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	uint16_t i;

	if (size != priv->reta_size) {
		MLX5X_NET_LOG(ERR,
			      "port %u: RETA of %u entries, the port has %u",
			      dev->data->port_id, size, priv->reta_size);
		return -EINVAL;
	}
	for (i = 0; i < size; i++) {
		const struct rte_eth_rss_reta_entry64 *e =
			&conf[i / RTE_ETH_RETA_GROUP_SIZE];
		unsigned int bit = i % RTE_ETH_RETA_GROUP_SIZE;

		if (!(e->mask & (1ull << bit)))
			continue;
		if (e->reta[bit] >= dev->data->nb_rx_queues) {
			MLX5X_NET_LOG(ERR,
				      "port %u: RETA entry %u names Rx queue %u, the port has %u",
				      dev->data->port_id, i, e->reta[bit],
				      dev->data->nb_rx_queues);
			return -EINVAL;
		}
	}
	for (i = 0; i < size; i++) {
		const struct rte_eth_rss_reta_entry64 *e =
			&conf[i / RTE_ETH_RETA_GROUP_SIZE];
		unsigned int bit = i % RTE_ETH_RETA_GROUP_SIZE;

		if (e->mask & (1ull << bit))
			priv->reta[i] = e->reta[bit];
	}
	return steer_rebuild(dev);
}

int
mlx5x_reta_query(struct rte_eth_dev *dev, struct rte_eth_rss_reta_entry64 *conf,
		 uint16_t size)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	uint16_t i;

	if (size != priv->reta_size)
		return -EINVAL;
	for (i = 0; i < size; i++) {
		struct rte_eth_rss_reta_entry64 *e =
			&conf[i / RTE_ETH_RETA_GROUP_SIZE];
		unsigned int bit = i % RTE_ETH_RETA_GROUP_SIZE;

		if (e->mask & (1ull << bit))
			e->reta[bit] = priv->reta[i];
	}
	return 0;
}
