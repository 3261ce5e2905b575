/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Default NIC Rx steering of a port while it is started, in two tables:
 *
 *   level 0 (root), "which frames are for us": one entry per unicast MAC
 *   and broadcast (exact dmac), allmulticast (dmac group bit), promiscuous
 *   (match all); every entry goes to
 *   level 1, "which queue": TCP/UDP over IPv4/IPv6 (ethertype + protocol),
 *   then IPv4/IPv6 (ethertype), then the rest, each to a TIR hashing the
 *   fields the RSS configuration names over an RQT of the port's RETA; what
 *   RSS does not cover goes to RETA entry 0's queue.
 *
 * Both hang off the device-wide NIC Rx dispatch (mlx5x_steer_root.c),
 * which sends the frames tagged with the port's vport here. A representor
 * receives whatever its VF sends that no FDB rule took: it has no MAC
 * filter, its dispatch entry goes straight to its level-1 table.
 */
#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_malloc.h>

#include "mlx5x.h"
#include "mlx5x_prm.h"
#include "mlx5x_rxtx.h"

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
	uint8_t group;
} steer_kinds[STEER_KINDS] = {
	[STEER_DEFAULT] = { 0, 0, 0, 0, 0, 0, 2 },
	[STEER_IPV4] = { RTE_ETH_RSS_IPV4, MLX5X_L3_PROT_TYPE_IPV4, 0,
			 MLX5X_HASH_FIELD_SEL_SRC_IP |
				 MLX5X_HASH_FIELD_SEL_DST_IP,
			 RTE_ETHER_TYPE_IPV4, 0, 1 },
	[STEER_IPV6] = { RTE_ETH_RSS_IPV6, MLX5X_L3_PROT_TYPE_IPV6, 0,
			 MLX5X_HASH_FIELD_SEL_SRC_IP |
				 MLX5X_HASH_FIELD_SEL_DST_IP,
			 RTE_ETHER_TYPE_IPV6, 0, 1 },
	[STEER_IPV4_TCP] = { RTE_ETH_RSS_NONFRAG_IPV4_TCP,
			     MLX5X_L3_PROT_TYPE_IPV4, MLX5X_L4_PROT_TYPE_TCP,
			     MLX5X_HASH_FIELD_SEL_SRC_IP |
				     MLX5X_HASH_FIELD_SEL_DST_IP |
				     MLX5X_HASH_FIELD_SEL_L4_SPORT |
				     MLX5X_HASH_FIELD_SEL_L4_DPORT,
			     RTE_ETHER_TYPE_IPV4, IPPROTO_TCP, 0 },
	[STEER_IPV4_UDP] = { RTE_ETH_RSS_NONFRAG_IPV4_UDP,
			     MLX5X_L3_PROT_TYPE_IPV4, MLX5X_L4_PROT_TYPE_UDP,
			     MLX5X_HASH_FIELD_SEL_SRC_IP |
				     MLX5X_HASH_FIELD_SEL_DST_IP |
				     MLX5X_HASH_FIELD_SEL_L4_SPORT |
				     MLX5X_HASH_FIELD_SEL_L4_DPORT,
			     RTE_ETHER_TYPE_IPV4, IPPROTO_UDP, 0 },
	[STEER_IPV6_TCP] = { RTE_ETH_RSS_NONFRAG_IPV6_TCP,
			     MLX5X_L3_PROT_TYPE_IPV6, MLX5X_L4_PROT_TYPE_TCP,
			     MLX5X_HASH_FIELD_SEL_SRC_IP |
				     MLX5X_HASH_FIELD_SEL_DST_IP |
				     MLX5X_HASH_FIELD_SEL_L4_SPORT |
				     MLX5X_HASH_FIELD_SEL_L4_DPORT,
			     RTE_ETHER_TYPE_IPV6, IPPROTO_TCP, 0 },
	[STEER_IPV6_UDP] = { RTE_ETH_RSS_NONFRAG_IPV6_UDP,
			     MLX5X_L3_PROT_TYPE_IPV6, MLX5X_L4_PROT_TYPE_UDP,
			     MLX5X_HASH_FIELD_SEL_SRC_IP |
				     MLX5X_HASH_FIELD_SEL_DST_IP |
				     MLX5X_HASH_FIELD_SEL_L4_SPORT |
				     MLX5X_HASH_FIELD_SEL_L4_DPORT,
			     RTE_ETHER_TYPE_IPV6, IPPROTO_UDP, 0 },
};

/* Level-0 entry indexes: unicast MACs, broadcast, allmulti, promisc. */
#define STEER_IDX_BCAST MLX5X_MAC_MAX
#define STEER_IDX_ALLMULTI (MLX5X_MAC_MAX + 1)
#define STEER_IDX_PROMISC (MLX5X_MAC_MAX + 2)
#define STEER_L0_ENTRIES (MLX5X_MAC_MAX + 3)

struct mlx5x_steer {
	struct mlx5x_devx_ft_loc loc;
	struct mlx5dv_devx_obj *rqt;
	uint32_t rqtn;
	struct mlx5dv_devx_obj *tir[STEER_KINDS];
	uint32_t tirn[STEER_KINDS];
	struct mlx5dv_devx_obj *ft1;
	uint32_t ft1_id;
	struct mlx5dv_devx_obj *fg1[3];
	uint32_t fg1_id[3];
	struct mlx5dv_devx_obj *fte1[STEER_KINDS];
	struct mlx5dv_devx_obj *ft0;
	uint32_t ft0_id;
	struct mlx5dv_devx_obj *fg0[3];
	uint32_t fg0_id[3];
	struct mlx5dv_devx_obj *fte0[STEER_L0_ENTRIES];
	bool attached; /* to the NIC Rx dispatch */
};

typedef uint32_t steer_match_t[MLX5X_ST_SZ_DW(fte_match_param)];

static void
match_dmac(void *m, const uint8_t *mac)
{
	MLX5X_SET(fte_match_param, m, outer_headers.dmac_47_16,
		  (uint32_t)mac[0] << 24 | (uint32_t)mac[1] << 16 |
			  (uint32_t)mac[2] << 8 | mac[3]);
	MLX5X_SET(fte_match_param, m, outer_headers.dmac_15_0,
		  (uint32_t)mac[4] << 8 | mac[5]);
}

static void
steer_destroy(struct mlx5x_priv *priv, struct mlx5x_steer *st)
{
	int i;

	if (st->attached)
		mlx5x_steer_root_detach(priv);
	for (i = STEER_L0_ENTRIES - 1; i >= 0; i--)
		mlx5x_devx_obj_destroy(st->fte0[i], "level-0 flow entry");
	for (i = 2; i >= 0; i--)
		mlx5x_devx_obj_destroy(st->fg0[i], "level-0 flow group");
	mlx5x_devx_obj_destroy(st->ft0, "level-0 flow table");
	for (i = STEER_KINDS - 1; i >= 0; i--)
		mlx5x_devx_obj_destroy(st->fte1[i], "level-1 flow entry");
	for (i = 2; i >= 0; i--)
		mlx5x_devx_obj_destroy(st->fg1[i], "level-1 flow group");
	mlx5x_devx_obj_destroy(st->ft1, "level-1 flow table");
	for (i = STEER_KINDS - 1; i >= 0; i--)
		mlx5x_devx_obj_destroy(st->tir[i], "TIR");
	mlx5x_devx_obj_destroy(st->rqt, "RQT");
	rte_free(st);
}

/* TIRs over the RQT of the RETA, and the level-1 table choosing them. */
static int
steer_rss_create(struct rte_eth_dev *dev, struct mlx5x_steer *st)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct ibv_context *ctx = priv->sh->ctx;
	uint32_t rqn[MLX5X_RETA_SIZE];
	steer_match_t crit, val;
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
	st->ft1 = mlx5x_devx_ft_create(ctx, &st->loc, 2, 4, &st->ft1_id);
	if (st->ft1 == NULL)
		return -rte_errno;
	/* Groups: ethertype + protocol [0-3], ethertype [4-5], any [6]. */
	for (i = 0; i < 3; i++) {
		static const uint32_t start[] = { 0, 4, 6 },
				      end[] = { 3, 5, 6 };

		memset(crit, 0, sizeof(crit));
		if (i <= 1)
			MLX5X_SET(fte_match_param, crit,
				  outer_headers.ethertype, 0xffff);
		if (i == 0)
			MLX5X_SET(fte_match_param, crit,
				  outer_headers.ip_protocol, 0xff);
		st->fg1[i] =
			mlx5x_devx_fg_create(ctx, &st->loc, st->ft1_id,
					     start[i], end[i],
					     i <= 1 ? MLX5X_MATCH_OUTER_HEADERS
						    : 0,
					     crit, &st->fg1_id[i]);
		if (st->fg1[i] == NULL)
			return -rte_errno;
	}
	for (k = 0; k < STEER_KINDS; k++) {
		const struct steer_kind_row *row = &steer_kinds[k];
		/* Index inside its group, in the table's kind order. */
		static const uint32_t index[STEER_KINDS] = {
			6, 4, 5, 0, 1, 2, 3
		};

		if (st->tir[k] == NULL)
			continue;
		memset(val, 0, sizeof(val));
		if (row->ethertype)
			MLX5X_SET(fte_match_param, val, outer_headers.ethertype,
				  row->ethertype);
		if (row->ip_protocol)
			MLX5X_SET(fte_match_param, val,
				  outer_headers.ip_protocol, row->ip_protocol);
		st->fte1[k] =
			mlx5x_devx_fte_create(ctx, &st->loc, st->ft1_id,
					      st->fg1_id[row->group], index[k],
					      val,
					      MLX5X_FLOW_DESTINATION_TYPE_TIR,
					      st->tirn[k]);
		if (st->fte1[k] == NULL)
			return -rte_errno;
	}
	return 0;
}

static struct mlx5dv_devx_obj *
steer_l0_entry(struct mlx5x_priv *priv, struct mlx5x_steer *st,
	       unsigned int idx, unsigned int group, const uint8_t *mac)
{
	steer_match_t val;

	memset(val, 0, sizeof(val));
	if (group == 0 && mac != NULL)
		match_dmac(val, mac);
	else if (group == 1)
		MLX5X_SET(fte_match_param, val, outer_headers.dmac_47_16,
			  0x01000000);
	return mlx5x_devx_fte_create(priv->sh->ctx, &st->loc, st->ft0_id,
				     st->fg0_id[group], idx, val,
				     MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE,
				     st->ft1_id);
}

/* (Re)write the level-0 entries from the port's MACs and modes. */
static int
steer_l0_apply(struct rte_eth_dev *dev, struct mlx5x_steer *st)
{
	static const uint8_t bcast[RTE_ETHER_ADDR_LEN] = { 0xff, 0xff, 0xff,
							   0xff, 0xff, 0xff };
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	unsigned int i;

	for (i = STEER_L0_ENTRIES; i > 0; i--) {
		mlx5x_devx_obj_destroy(st->fte0[i - 1], "level-0 flow entry");
		st->fte0[i - 1] = NULL;
	}
	for (i = 0; i < MLX5X_MAC_MAX; i++) {
		const struct rte_ether_addr *mac = &dev->data->mac_addrs[i];

		if (rte_is_zero_ether_addr(mac))
			continue;
		st->fte0[i] = steer_l0_entry(priv, st, i, 0, mac->addr_bytes);
		if (st->fte0[i] == NULL)
			return -rte_errno;
	}
	st->fte0[STEER_IDX_BCAST] =
		steer_l0_entry(priv, st, STEER_IDX_BCAST, 0, bcast);
	if (st->fte0[STEER_IDX_BCAST] == NULL)
		return -rte_errno;
	if (priv->allmulti) {
		st->fte0[STEER_IDX_ALLMULTI] =
			steer_l0_entry(priv, st, STEER_IDX_ALLMULTI, 1, NULL);
		if (st->fte0[STEER_IDX_ALLMULTI] == NULL)
			return -rte_errno;
	}
	if (priv->promisc) {
		st->fte0[STEER_IDX_PROMISC] =
			steer_l0_entry(priv, st, STEER_IDX_PROMISC, 2, NULL);
		if (st->fte0[STEER_IDX_PROMISC] == NULL)
			return -rte_errno;
	}
	return 0;
}

static int
steer_l0_create(struct rte_eth_dev *dev, struct mlx5x_steer *st)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct ibv_context *ctx = priv->sh->ctx;
	steer_match_t crit;
	unsigned int i;

	st->ft0 = mlx5x_devx_ft_create(ctx, &st->loc, 1, 5, &st->ft0_id);
	if (st->ft0 == NULL)
		return -rte_errno;
	for (i = 0; i < 3; i++) {
		static const uint32_t start[] = { 0, STEER_IDX_ALLMULTI,
						  STEER_IDX_PROMISC };
		static const uint32_t end[] = { STEER_IDX_BCAST,
						STEER_IDX_ALLMULTI,
						STEER_IDX_PROMISC };

		memset(crit, 0, sizeof(crit));
		if (i == 0)
			match_dmac(crit, (const uint8_t[]){ 0xff, 0xff, 0xff,
							    0xff, 0xff, 0xff });
		else if (i == 1)
			MLX5X_SET(fte_match_param, crit,
				  outer_headers.dmac_47_16, 0x01000000);
		st->fg0[i] =
			mlx5x_devx_fg_create(ctx, &st->loc, st->ft0_id,
					     start[i], end[i],
					     i <= 1 ? MLX5X_MATCH_OUTER_HEADERS
						    : 0,
					     crit, &st->fg0_id[i]);
		if (st->fg0[i] == NULL)
			return -rte_errno;
	}
	return steer_l0_apply(dev, st);
}

static int
steer_devx_start(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct mlx5x_steer *st;
	int ret;

	if (dev->data->nb_rx_queues == 0)
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
	st->loc.table_type = MLX5X_FLOW_TABLE_TYPE_NIC_RX;
	ret = steer_rss_create(dev, st);
	if (ret < 0) {
		MLX5X_NET_LOG(ERR,
			      "port %u: cannot create RSS steering (RQT/TIR/level-1 table): %s",
			      dev->data->port_id, strerror(-ret));
		goto err_destroy;
	}
	if (priv->role != MLX5X_PORT_ROLE_VF_REP) {
		ret = steer_l0_create(dev, st);
		if (ret < 0) {
			MLX5X_NET_LOG(ERR,
				      "port %u: cannot create the MAC filter table: %s",
				      dev->data->port_id, strerror(-ret));
			goto err_destroy;
		}
	}
	ret = mlx5x_steer_root_attach(priv, st->ft0 != NULL ? st->ft0_id
							    : st->ft1_id);
	if (ret < 0) {
		MLX5X_NET_LOG(ERR,
			      "port %u: cannot dispatch its frames from the NIC Rx root: %s",
			      dev->data->port_id, strerror(-ret));
		goto err_destroy;
	}
	st->attached = true;
	priv->steer = st;
	return 0;

err_destroy:
	steer_destroy(priv, st);
	return ret;
}

static void
steer_devx_stop(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);

	if (priv->steer == NULL)
		return;
	steer_destroy(priv, priv->steer);
	priv->steer = NULL;
}

static int
steer_devx_refresh(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);

	if (priv->steer == NULL || priv->steer->ft0 == NULL)
		return 0;
	return steer_l0_apply(dev, priv->steer);
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
	if (conf->rss_hf & ~MLX5X_RSS_HF_ALL) {
		MLX5X_NET_LOG(ERR,
			      "port %u: RSS hash types 0x%" PRIx64
			      " not supported",
			      dev->data->port_id,
			      conf->rss_hf & ~MLX5X_RSS_HF_ALL);
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
