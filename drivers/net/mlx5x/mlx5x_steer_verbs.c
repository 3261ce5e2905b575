/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Default steering through Verbs, for a kernel without DevX. The objects
 * mirror the DevX tree (mlx5x_steer.c): an indirection table over the
 * port's WQs (ibv_create_rwq_ind_table, the RQT) and one RSS QP per hash
 * kind (ibv_create_qp_ex with rx_hash_conf, the TIRs); the MAC filter is
 * one ibv_create_flow rule per (filter, kind): unicast MACs, broadcast,
 * allmulticast (multicast bit), promiscuous (any destination). More
 * specific kinds take a lower Verbs priority, so they match first.
 */
#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_malloc.h>

#include "mlx5x.h"
#include "mlx5x_rxtx.h"

enum steer_verbs_kind {
	SV_DEFAULT,
	SV_IPV4,
	SV_IPV6,
	SV_IPV4_TCP,
	SV_IPV4_UDP,
	SV_IPV6_TCP,
	SV_IPV6_UDP,
	SV_KINDS,
};

#define SV_HASH_IPV4 (IBV_RX_HASH_SRC_IPV4 | IBV_RX_HASH_DST_IPV4)
#define SV_HASH_IPV6 (IBV_RX_HASH_SRC_IPV6 | IBV_RX_HASH_DST_IPV6)
#define SV_HASH_TCP (IBV_RX_HASH_SRC_PORT_TCP | IBV_RX_HASH_DST_PORT_TCP)
#define SV_HASH_UDP (IBV_RX_HASH_SRC_PORT_UDP | IBV_RX_HASH_DST_PORT_UDP)

/* The defaults take the last three of mlx5_ib's 16 bypass priorities:
 * the application's rte_flow rules (flow/mlx5x_flow_verbs.c) come first. */
#define SV_PRIO 13

/* One row per kind: which rss_hf enables it, the Verbs hash fields, the
 * specs that select its frames and its Verbs priority. */
static const struct steer_verbs_row {
	uint64_t rss_hf;
	uint64_t hash_fields;
	enum ibv_flow_spec_type l3; /* 0: none */
	enum ibv_flow_spec_type l4; /* 0: none */
	uint16_t priority;
} sv_kinds[SV_KINDS] = {
	[SV_DEFAULT] = { 0, 0, 0, 0, SV_PRIO + 2 },
	[SV_IPV4] = { MLX5X_RSS_HF_IPV4_ANY, SV_HASH_IPV4, IBV_FLOW_SPEC_IPV4,
		      0, SV_PRIO + 1 },
	[SV_IPV6] = { MLX5X_RSS_HF_IPV6_ANY, SV_HASH_IPV6, IBV_FLOW_SPEC_IPV6,
		      0, SV_PRIO + 1 },
	[SV_IPV4_TCP] = { RTE_ETH_RSS_NONFRAG_IPV4_TCP,
			  SV_HASH_IPV4 | SV_HASH_TCP, IBV_FLOW_SPEC_IPV4,
			  IBV_FLOW_SPEC_TCP, SV_PRIO },
	[SV_IPV4_UDP] = { RTE_ETH_RSS_NONFRAG_IPV4_UDP,
			  SV_HASH_IPV4 | SV_HASH_UDP, IBV_FLOW_SPEC_IPV4,
			  IBV_FLOW_SPEC_UDP, SV_PRIO },
	[SV_IPV6_TCP] = { RTE_ETH_RSS_NONFRAG_IPV6_TCP |
				  RTE_ETH_RSS_IPV6_TCP_EX,
			  SV_HASH_IPV6 | SV_HASH_TCP, IBV_FLOW_SPEC_IPV6,
			  IBV_FLOW_SPEC_TCP, SV_PRIO },
	[SV_IPV6_UDP] = { RTE_ETH_RSS_NONFRAG_IPV6_UDP |
				  RTE_ETH_RSS_IPV6_UDP_EX,
			  SV_HASH_IPV6 | SV_HASH_UDP, IBV_FLOW_SPEC_IPV6,
			  IBV_FLOW_SPEC_UDP, SV_PRIO },
};

/* Filters per kind: unicast MACs, broadcast, allmulticast, promiscuous. */
#define SV_FILTERS (MLX5X_MAC_MAX + 3)

struct steer_verbs {
	struct ibv_rwq_ind_table *ind;	   /* every RETA entry */
	struct ibv_rwq_ind_table *ind_one; /* RETA entry 0: no hash */
	struct ibv_qp *qp[SV_KINDS];
	struct ibv_flow *flow[SV_KINDS * SV_FILTERS];
};

/* The specs of one rule, laid out as ibv_create_flow reads them. */
struct steer_verbs_attr {
	struct ibv_flow_attr attr;
	uint8_t specs[sizeof(struct ibv_flow_spec_eth) +
		      sizeof(struct ibv_flow_spec_ipv6) +
		      sizeof(struct ibv_flow_spec_tcp_udp)];
};

static void *
sv_spec_add(struct steer_verbs_attr *a, size_t *off, size_t size)
{
	void *spec = &a->specs[*off];

	*off += size;
	a->attr.size = (uint16_t)(sizeof(a->attr) + *off);
	a->attr.num_of_specs++;
	return spec;
}

/* dmac/dmask NULL: any destination. */
static struct ibv_flow *
sv_flow_create(struct mlx5x_priv *priv, struct ibv_qp *qp,
	       const struct steer_verbs_row *row, const uint8_t *dmac,
	       const uint8_t *dmask)
{
	struct steer_verbs_attr a;
	struct ibv_flow_spec_eth *eth;
	size_t off = 0;

	memset(&a, 0, sizeof(a));
	a.attr.type = IBV_FLOW_ATTR_NORMAL;
	a.attr.priority = row->priority;
	a.attr.port = (uint8_t)priv->ib_port;
	eth = sv_spec_add(&a, &off, sizeof(*eth));
	eth->type = IBV_FLOW_SPEC_ETH;
	eth->size = sizeof(*eth);
	if (dmac != NULL) {
		memcpy(eth->val.dst_mac, dmac, RTE_ETHER_ADDR_LEN);
		memcpy(eth->mask.dst_mac, dmask, RTE_ETHER_ADDR_LEN);
	}
	if (row->l3 == IBV_FLOW_SPEC_IPV4) {
		struct ibv_flow_spec_ipv4 *ip =
			sv_spec_add(&a, &off, sizeof(*ip));

		ip->type = IBV_FLOW_SPEC_IPV4;
		ip->size = sizeof(*ip);
	} else if (row->l3 == IBV_FLOW_SPEC_IPV6) {
		struct ibv_flow_spec_ipv6 *ip =
			sv_spec_add(&a, &off, sizeof(*ip));

		ip->type = IBV_FLOW_SPEC_IPV6;
		ip->size = sizeof(*ip);
	}
	if (row->l4 != 0) {
		struct ibv_flow_spec_tcp_udp *l4 =
			sv_spec_add(&a, &off, sizeof(*l4));

		l4->type = row->l4;
		l4->size = sizeof(*l4);
	}
	return mlx5x_glue_ctx_create_flow(qp, &a.attr);
}

static void
sv_flows_destroy(struct rte_eth_dev *dev, struct steer_verbs *sv)
{
	unsigned int i;
	int ret;

	for (i = RTE_DIM(sv->flow); i > 0; i--) {
		if (sv->flow[i - 1] == NULL)
			continue;
		ret = mlx5x_glue_ctx_destroy_flow(sv->flow[i - 1]);
		if (ret != 0)
			MLX5X_NET_LOG(WARNING,
				      "port %u: ibv_destroy_flow failed: %s",
				      dev->data->port_id, strerror(ret));
		sv->flow[i - 1] = NULL;
	}
}

/* (Re)create every rule from the port's MACs and modes. */
static int
sv_flows_apply(struct rte_eth_dev *dev, struct steer_verbs *sv)
{
	static const uint8_t bcast[RTE_ETHER_ADDR_LEN] = { 0xff, 0xff, 0xff,
							   0xff, 0xff, 0xff };
	static const uint8_t mcast[RTE_ETHER_ADDR_LEN] = { 0x01 };
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	unsigned int k, i, n;

	sv_flows_destroy(dev, sv);
	for (k = 0; k < SV_KINDS; k++) {
		struct ibv_flow **f = &sv->flow[k * SV_FILTERS];

		if (sv->qp[k] == NULL)
			continue;
		n = 0;
		if (priv->promisc) {
			f[n] = sv_flow_create(priv, sv->qp[k], &sv_kinds[k],
					      NULL, NULL);
			if (f[n++] == NULL)
				goto err_flow;
			continue;
		}
		for (i = 0; i < MLX5X_MAC_MAX; i++) {
			const struct rte_ether_addr *mac =
				&dev->data->mac_addrs[i];

			if (rte_is_zero_ether_addr(mac))
				continue;
			f[n] = sv_flow_create(priv, sv->qp[k], &sv_kinds[k],
					      mac->addr_bytes, bcast);
			if (f[n++] == NULL)
				goto err_flow;
		}
		f[n] = sv_flow_create(priv, sv->qp[k], &sv_kinds[k], bcast,
				      bcast);
		if (f[n++] == NULL)
			goto err_flow;
		if (priv->allmulti) {
			f[n] = sv_flow_create(priv, sv->qp[k], &sv_kinds[k],
					      mcast, mcast);
			if (f[n++] == NULL)
				goto err_flow;
		}
	}
	return 0;

err_flow:
	MLX5X_NET_LOG(ERR,
		      "port %u: ibv_create_flow (kind %u, rule %u) failed: %s",
		      dev->data->port_id, k, n - 1, strerror(errno));
	return -(errno ? errno : EINVAL);
}

static struct ibv_rwq_ind_table *
sv_ind_create(struct rte_eth_dev *dev, unsigned int n)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct ibv_wq *wq[MLX5X_RETA_SIZE];
	struct ibv_rwq_ind_table_init_attr attr = {
		.log_ind_tbl_size = rte_log2_u32(n),
		.ind_tbl = wq,
	};
	struct ibv_rwq_ind_table *ind;
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct mlx5x_rxq *rxq = dev->data->rx_queues[priv->reta[i]];

		wq[i] = rxq->wq;
	}
	ind = mlx5x_glue_ctx_create_rwq_ind_table(priv->sh->ctx, &attr);
	if (ind == NULL)
		MLX5X_NET_LOG(ERR,
			      "port %u: ibv_create_rwq_ind_table of %u WQs failed: %s",
			      dev->data->port_id, n, strerror(errno));
	return ind;
}

static struct ibv_qp *
sv_qp_create(struct rte_eth_dev *dev, struct ibv_rwq_ind_table *ind,
	     uint64_t hash_fields)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct ibv_qp_init_attr_ex attr = {
		.qp_type = IBV_QPT_RAW_PACKET,
		.comp_mask = IBV_QP_INIT_ATTR_PD | IBV_QP_INIT_ATTR_IND_TABLE |
			     IBV_QP_INIT_ATTR_RX_HASH,
		.pd = priv->sh->pd,
		.rwq_ind_tbl = ind,
		.rx_hash_conf = {
			.rx_hash_function = IBV_RX_HASH_FUNC_TOEPLITZ,
			.rx_hash_key_len = MLX5X_RSS_KEY_LEN,
			.rx_hash_key = priv->rss_key,
			.rx_hash_fields_mask = hash_fields,
		},
	};
	struct ibv_qp *qp;

	qp = mlx5x_glue_ctx_create_qp_ex(priv->sh->ctx, &attr);
	if (qp == NULL)
		MLX5X_NET_LOG(ERR,
			      "port %u: ibv_create_qp_ex (RSS, fields 0x%" PRIx64
			      ") failed: %s",
			      dev->data->port_id, hash_fields, strerror(errno));
	return qp;
}

static void
sv_destroy(struct rte_eth_dev *dev, struct steer_verbs *sv)
{
	unsigned int k;
	int ret;

	sv_flows_destroy(dev, sv);
	for (k = SV_KINDS; k > 0; k--) {
		if (sv->qp[k - 1] == NULL)
			continue;
		ret = mlx5x_glue->destroy_qp(sv->qp[k - 1]);
		if (ret != 0)
			MLX5X_NET_LOG(WARNING,
				      "port %u: ibv_destroy_qp (RSS) failed: %s",
				      dev->data->port_id, strerror(ret));
	}
	if (sv->ind_one != NULL &&
	    mlx5x_glue_ctx_destroy_rwq_ind_table(sv->ind_one) != 0)
		MLX5X_NET_LOG(WARNING,
			      "port %u: ibv_destroy_rwq_ind_table failed",
			      dev->data->port_id);
	if (sv->ind != NULL &&
	    mlx5x_glue_ctx_destroy_rwq_ind_table(sv->ind) != 0)
		MLX5X_NET_LOG(WARNING,
			      "port %u: ibv_destroy_rwq_ind_table failed",
			      dev->data->port_id);
	rte_free(sv);
}

static int
steer_verbs_start(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct steer_verbs *sv;
	unsigned int k;
	int ret;

	if (dev->data->nb_rx_queues == 0)
		return 0;
	sv = rte_zmalloc("mlx5x_steer_verbs", sizeof(*sv), 0);
	if (sv == NULL)
		return -ENOMEM;
	sv->ind = sv_ind_create(dev, priv->reta_size);
	sv->ind_one = sv_ind_create(dev, 1);
	if (sv->ind == NULL || sv->ind_one == NULL) {
		ret = -(errno ? errno : ENOMEM);
		goto err_destroy;
	}
	for (k = 0; k < SV_KINDS; k++) {
		if (k != SV_DEFAULT && !(priv->rss_hf & sv_kinds[k].rss_hf))
			continue;
		sv->qp[k] =
			sv_qp_create(dev,
				     k == SV_DEFAULT ? sv->ind_one : sv->ind,
				     sv_kinds[k].hash_fields);
		if (sv->qp[k] == NULL) {
			ret = -(errno ? errno : ENOMEM);
			goto err_destroy;
		}
	}
	ret = sv_flows_apply(dev, sv);
	if (ret < 0)
		goto err_destroy;
	priv->steer_verbs = sv;
	return 0;

err_destroy:
	MLX5X_NET_LOG(ERR, "port %u: cannot create its Verbs RSS steering",
		      dev->data->port_id);
	sv_destroy(dev, sv);
	return ret;
}

static void
steer_verbs_stop(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);

	if (priv->steer_verbs == NULL)
		return;
	sv_destroy(dev, priv->steer_verbs);
	priv->steer_verbs = NULL;
}

static int
steer_verbs_refresh(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);

	if (priv->steer_verbs == NULL)
		return 0;
	return sv_flows_apply(dev, priv->steer_verbs);
}

const struct mlx5x_steer_ops mlx5x_steer_verbs_ops = {
	.start = steer_verbs_start,
	.stop = steer_verbs_stop,
	.refresh = steer_verbs_refresh,
};
