/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Transfer rules: the E-Switch's FDB seen from an ethdev port.
 *
 * Every port of one E-Switch (the uplink and its VF representors) shares
 * the adapter's DR context and so one FDB domain; a transfer rule is
 * accepted on any of them (OVS creates it on the in-port's ethdev) and,
 * without a port item, matches the frames entering the E-Switch from that
 * port's vport (misc.source_port). Port items and actions name ethdev
 * ports of the same E-Switch and become vports: a VF representor stands
 * for its VF, the uplink port for the wire.
 *
 * The FDB root also carries the representors' Tx (a rule per SQ number
 * forwarding to the VF's vport), made here so that one owner programs it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <ethdev_driver.h>

#include "mlx5x_flow.h"

/* Slots of representor Tx rules; the bit tells them from the DevX root's
 * (mlx5x_steer_root.c) in the txq's slot. */
#define FDB_SQ_SLOTS 1024u
#define FDB_SQ_SLOT_BIT 0x8000u

static pthread_mutex_t fdb_sq_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rte_flow *fdb_sq[FDB_SQ_SLOTS];

bool
mlx5x_flow_fdb_owned(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);

	return priv->flow != NULL &&
	       priv->flow->backend == &mlx5x_flow_dr_backend &&
	       priv->switchdev && priv->config.dv_esw_en != 0 &&
	       priv->sh->caps.eswitch_manager;
}

int
mlx5x_flow_fdb_vport(struct rte_eth_dev *dev, uint32_t port_id, uint16_t *vport,
		     char *why, size_t why_len)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct rte_eth_dev *peer;
	struct mlx5x_priv *pp;

	if (port_id >= RTE_MAX_ETHPORTS ||
	    !rte_eth_dev_is_valid_port((uint16_t)port_id)) {
		snprintf(why, why_len, "ethdev port %u does not exist",
			 port_id);
		return -ENODEV;
	}
	peer = &rte_eth_devices[port_id];
	if (peer->dev_ops != dev->dev_ops) {
		snprintf(why, why_len,
			 "ethdev port %u is not an mlx5x port, so not on this E-Switch",
			 port_id);
		return -ENOTSUP;
	}
	pp = MLX5X_PRIV(peer);
	if (pp->sh != priv->sh || !pp->switchdev) {
		snprintf(why, why_len,
			 "ethdev port %u is not a port of the E-Switch of %s",
			 port_id, priv->sh->ibdev_name);
		return -ENOTSUP;
	}
	*vport = pp->vport;
	return 0;
}

int
mlx5x_flow_fdb_attr_parse(struct rte_eth_dev *dev,
			  const struct rte_flow_attr *attr,
			  struct mlx5x_flow_rule *rule,
			  struct rte_flow_error *error)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	uint32_t max = priv->sh->caps.nic_rx_max_ft_level;

	if (attr->ingress || attr->egress)
		return rte_flow_error_set(error, ENOTSUP,
					  attr->ingress
						  ? RTE_FLOW_ERROR_TYPE_ATTR_INGRESS
						  : RTE_FLOW_ERROR_TYPE_ATTR_EGRESS,
					  attr,
					  "transfer with ingress or egress: DPDK 22.11 takes a transfer rule without a direction (the E-Switch sees both)");
	if (!priv->switchdev || !priv->sh->caps.eswitch_manager)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ATTR_TRANSFER, attr,
					"transfer: port %u is not a port of an E-Switch in switchdev mode managed by this function (QUERY_HCA_CAP eswitch_manager %u)",
					dev->data->port_id,
					priv->sh->caps.eswitch_manager);
	if (priv->config.dv_esw_en == 0)
		return rte_flow_error_set(error, ENOTSUP,
					  RTE_FLOW_ERROR_TYPE_ATTR_TRANSFER,
					  attr,
					  "transfer: E-Switch rules are off (devarg dv_esw_en=0)");
	if (priv->flow->backend != &mlx5x_flow_dr_backend)
		return rte_flow_error_set(error, ENOTSUP,
					  RTE_FLOW_ERROR_TYPE_ATTR_TRANSFER,
					  attr,
					  "transfer: the Verbs backend (dv_flow_en=0) has no FDB; use dv_flow_en=1 (Direct Rules)");
	if (attr->priority > MLX5X_FLOW_PRIO_MAX)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ATTR_PRIORITY, attr,
					"priority %u above the limit %u",
					attr->priority, MLX5X_FLOW_PRIO_MAX);
	/* Group N is the FDB table at level N + 1 (the root is the
	 * driver's); levels as the NIC Rx properties give them. */
	if (attr->group >= max)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ATTR_GROUP, attr,
					"transfer group %u: it lives at FDB level %u, above the adapter's max_ft_level %u",
					attr->group, attr->group + 1, max);
	rule->domain = MLX5X_FLOW_DOMAIN_FDB;
	rule->group = MLX5X_FLOW_FDB_LEVEL(attr->group);
	return 0;
}

int
mlx5x_flow_fdb_sq_add(struct rte_eth_dev *dev, uint32_t sqn, uint16_t vport,
		      uint16_t *slot)
{
	struct mlx5x_flow_rule rule;
	struct rte_flow_error error;
	struct rte_flow *flow;
	unsigned int i;
	int ret;

	memset(&rule, 0, sizeof(rule));
	rule.domain = MLX5X_FLOW_DOMAIN_FDB;
	rule.group = 0;
	rule.prio = 0;
	rule.criteria = MLX5X_MATCH_MISC_PARAMETERS;
	MLX5X_FLOW_MATCH(&rule, misc_parameters.source_sqn, 0xffffff, sqn);
	rule.fate = MLX5X_FLOW_FATE_PORT;
	rule.nb_ports = 1;
	rule.ports[0] = vport;
	pthread_mutex_lock(&fdb_sq_lock);
	for (i = 0; i < FDB_SQ_SLOTS && fdb_sq[i] != NULL; i++)
		;
	if (i == FDB_SQ_SLOTS) {
		pthread_mutex_unlock(&fdb_sq_lock);
		MLX5X_NET_LOG(ERR,
			      "port %u: all %u representor Tx rules are in use",
			      dev->data->port_id, FDB_SQ_SLOTS);
		return -ENOSPC;
	}
	memset(&error, 0, sizeof(error));
	ret = mlx5x_flow_internal_add(dev, &rule, &flow, &error);
	if (ret < 0) {
		pthread_mutex_unlock(&fdb_sq_lock);
		MLX5X_NET_LOG(ERR, "port %u: FDB rule SQ 0x%x -> vport %u: %s",
			      dev->data->port_id, sqn, vport,
			      error.message != NULL ? error.message
						    : strerror(-ret));
		return ret;
	}
	fdb_sq[i] = flow;
	pthread_mutex_unlock(&fdb_sq_lock);
	*slot = (uint16_t)(i | FDB_SQ_SLOT_BIT);
	return 0;
}

void
mlx5x_flow_fdb_sq_del(struct rte_eth_dev *dev, uint16_t slot)
{
	unsigned int i = slot & ~FDB_SQ_SLOT_BIT;
	struct rte_flow *flow;

	if (!(slot & FDB_SQ_SLOT_BIT) || i >= FDB_SQ_SLOTS)
		return;
	pthread_mutex_lock(&fdb_sq_lock);
	flow = fdb_sq[i];
	fdb_sq[i] = NULL;
	pthread_mutex_unlock(&fdb_sq_lock);
	if (flow != NULL)
		mlx5x_flow_internal_del(dev, flow);
}

/* Every port of the E-Switch takes transfer rules itself. */
int
mlx5x_flow_pick_transfer_proxy(struct rte_eth_dev *dev, uint16_t *proxy,
			       struct rte_flow_error *error)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);

	if (!priv->switchdev || !priv->sh->caps.eswitch_manager)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
					"port %u is not on an E-Switch in switchdev mode: no transfer rules",
					dev->data->port_id);
	*proxy = dev->data->port_id;
	return 0;
}
