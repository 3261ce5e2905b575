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
 * The FDB root also carries the Tx of the representors and of the uplink
 * port, made here so that one owner programs it: per SQ number a root rule
 * writes the port's reg_c_0 tag (the value mlx5dv_query_port gives for its
 * vport) and jumps to level 1, where the application's group 0 lives, and
 * a last rule there forwards what no application rule took to the port's
 * vport: the VF for a representor, the wire for the uplink (where the
 * E-Switch's default path sent it before). The tag is how a
 * port_representor item tells "sent through ethdev port k" apart from any
 * other frame entering from the manager's vport: every such frame enters
 * from vport 0, whichever port's SQ sent it.
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

/* The E-Switch manager's vport: frames an ethdev port of this driver
 * sends enter the FDB from it. PRM: a PF manager is vport 0; only an ECPF
 * reports another (esw_manager_vport_number_valid). */
#define FDB_MANAGER_VPORT 0u

/* Per slot: the root rule (tag, jump) and the level 1 rule (to the VF). */
enum { FDB_SQ_ROOT, FDB_SQ_LAST, FDB_SQ_RULES };

static pthread_mutex_t fdb_sq_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rte_flow *fdb_sq[FDB_SQ_SLOTS][FDB_SQ_RULES];

/* A port's reg_c_0 tag as one PRM set command's offset and length: the
 * mask must be one run of bits. false when the port has no usable tag. */
static bool
fdb_tag_run(const struct mlx5x_priv *p, unsigned int *off, unsigned int *len)
{
	uint32_t m = p->reg_c0_mask;

	if (!p->has_reg_c0 || m == 0)
		return false;
	*off = (unsigned int)__builtin_ctz(m);
	*len = (unsigned int)__builtin_popcount(m);
	return *len == 32 || (m >> *off) == (1u << *len) - 1;
}

bool
mlx5x_flow_fdb_owned(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);

	return priv->flow != NULL &&
	       priv->flow->backend == &mlx5x_flow_dr_backend &&
	       priv->switchdev && priv->config.dv_esw_en != 0 &&
	       priv->sh->caps.eswitch_manager;
}

bool
mlx5x_flow_fdb_tags_tx(struct rte_eth_dev *dev)
{
	unsigned int off, len;

	return mlx5x_flow_fdb_owned(dev) &&
	       fdb_tag_run(MLX5X_PRIV(dev), &off, &len);
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

/* The rules of one representor or uplink SQ: with a usable tag, root
 * "SQ -> set reg_c_0, jump to level 1" and level 1 "SQ -> vport" (VF or
 * wire) at the lowest priority; without one, root "SQ -> vport" as before
 * the tag existed. */
static int
fdb_sq_rules(struct rte_eth_dev *dev, uint32_t sqn, uint16_t vport,
	     struct rte_flow **flows, struct rte_flow_error *error)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct mlx5x_flow_rule rule;
	unsigned int off, len;
	int ret;

	memset(&rule, 0, sizeof(rule));
	rule.domain = MLX5X_FLOW_DOMAIN_FDB;
	rule.criteria = MLX5X_MATCH_MISC_PARAMETERS;
	MLX5X_FLOW_MATCH(&rule, misc_parameters.source_sqn, 0xffffff, sqn);
	rule.fate = MLX5X_FLOW_FATE_PORT;
	rule.nb_ports = 1;
	rule.ports[0] = vport;
	if (!fdb_tag_run(priv, &off, &len))
		return mlx5x_flow_internal_add(dev, &rule, &flows[FDB_SQ_ROOT],
					       error);
	rule.group = MLX5X_FLOW_FDB_LEVEL(0);
	rule.prio = MLX5X_FLOW_PRIO_FDB_BASE;
	ret = mlx5x_flow_internal_add(dev, &rule, &flows[FDB_SQ_LAST], error);
	if (ret < 0)
		return ret;
	rule.group = 0;
	rule.prio = 0;
	rule.fate = MLX5X_FLOW_FATE_JUMP;
	rule.jump_group = MLX5X_FLOW_FDB_LEVEL(0);
	rule.nb_ports = 0;
	rule.nb_mhdr = 1;
	MLX5X_SET(set_action_in, rule.mhdr[0], action_type,
		  MLX5X_ACTION_TYPE_SET);
	MLX5X_SET(set_action_in, rule.mhdr[0], field,
		  MLX5X_ACTION_IN_FIELD_METADATA_REG_C_0);
	MLX5X_SET(set_action_in, rule.mhdr[0], offset, off);
	/* length 0 means 32 bits. */
	MLX5X_SET(set_action_in, rule.mhdr[0], length, len & 0x1f);
	MLX5X_SET(set_action_in, rule.mhdr[0], data,
		  len == 32 ? priv->reg_c0_value
			    : (priv->reg_c0_value >> off) & ((1u << len) - 1));
	ret = mlx5x_flow_internal_add(dev, &rule, &flows[FDB_SQ_ROOT], error);
	if (ret < 0) {
		mlx5x_flow_internal_del(dev, flows[FDB_SQ_LAST]);
		flows[FDB_SQ_LAST] = NULL;
	}
	return ret;
}

int
mlx5x_flow_fdb_sq_add(struct rte_eth_dev *dev, uint32_t sqn, uint16_t vport,
		      uint16_t *slot)
{
	struct rte_flow_error error;
	unsigned int i;
	int ret;

	pthread_mutex_lock(&fdb_sq_lock);
	for (i = 0; i < FDB_SQ_SLOTS && fdb_sq[i][FDB_SQ_ROOT] != NULL; i++)
		;
	if (i == FDB_SQ_SLOTS) {
		pthread_mutex_unlock(&fdb_sq_lock);
		MLX5X_NET_LOG(ERR,
			      "port %u: all %u representor Tx rules are in use",
			      dev->data->port_id, FDB_SQ_SLOTS);
		return -ENOSPC;
	}
	memset(&error, 0, sizeof(error));
	ret = fdb_sq_rules(dev, sqn, vport, fdb_sq[i], &error);
	if (ret < 0) {
		pthread_mutex_unlock(&fdb_sq_lock);
		MLX5X_NET_LOG(ERR,
			      "port %u: FDB rules SQ 0x%x -> vport 0x%x: %s",
			      dev->data->port_id, sqn, vport,
			      error.message != NULL ? error.message
						    : strerror(-ret));
		return ret;
	}
	pthread_mutex_unlock(&fdb_sq_lock);
	*slot = (uint16_t)(i | FDB_SQ_SLOT_BIT);
	return 0;
}

void
mlx5x_flow_fdb_sq_del(struct rte_eth_dev *dev, uint16_t slot)
{
	unsigned int i = slot & ~FDB_SQ_SLOT_BIT;
	struct rte_flow *flows[FDB_SQ_RULES];

	if (!(slot & FDB_SQ_SLOT_BIT) || i >= FDB_SQ_SLOTS)
		return;
	pthread_mutex_lock(&fdb_sq_lock);
	memcpy(flows, fdb_sq[i], sizeof(flows));
	memset(fdb_sq[i], 0, sizeof(fdb_sq[i]));
	pthread_mutex_unlock(&fdb_sq_lock);
	/* The root rule first: nothing jumps to the last one after. */
	if (flows[FDB_SQ_ROOT] != NULL)
		mlx5x_flow_internal_del(dev, flows[FDB_SQ_ROOT]);
	if (flows[FDB_SQ_LAST] != NULL)
		mlx5x_flow_internal_del(dev, flows[FDB_SQ_LAST]);
}

int
mlx5x_flow_fdb_match_representor(struct rte_eth_dev *dev, uint32_t port_id,
				 struct mlx5x_flow_rule *rule, char *why,
				 size_t why_len)
{
	const struct mlx5x_priv *pp;
	unsigned int off, len;
	uint16_t vport;
	int ret;

	ret = mlx5x_flow_fdb_vport(dev, port_id, &vport, why, why_len);
	if (ret < 0)
		return ret;
	pp = MLX5X_PRIV(&rte_eth_devices[port_id]);
	if (pp->role != MLX5X_PORT_ROLE_VF_REP &&
	    pp->role != MLX5X_PORT_ROLE_UPLINK) {
		snprintf(why, why_len,
			 "ethdev port %u is neither a VF representor nor the uplink port: its Tx queues carry no reg_c_0 tag",
			 port_id);
		return -ENOTSUP;
	}
	if (!fdb_tag_run(pp, &off, &len)) {
		snprintf(why, why_len,
			 "ethdev port %u has no reg_c_0 vport tag (mlx5dv_query_port gave no VPORT_REG_C0 value with a one-run mask), so its Tx is not tagged",
			 port_id);
		return -ENOTSUP;
	}
	/* Sent by the application: entered from the manager's vport and
	 * tagged by the SQ's root rule (a VF's own frames, or the wire's for
	 * the uplink, carry the same value, but from that vport). */
	MLX5X_FLOW_MATCH(rule, misc_parameters.source_port, 0xffff,
			 FDB_MANAGER_VPORT);
	MLX5X_FLOW_MATCH(rule, misc_parameters_2.metadata_reg_c_0,
			 pp->reg_c0_mask, pp->reg_c0_value);
	rule->criteria |=
		MLX5X_MATCH_MISC_PARAMETERS | MLX5X_MATCH_MISC_PARAMETERS_2;
	rule->has_source = true;
	return 0;
}

/* Does the FDB hand reg_c_0, as its rules leave it, to the manager's NIC
 * Rx (the manager's E-Switch vport context)? 0, or -errno with why. */
static int
fdb_passes_reg_c0(struct mlx5x_priv *priv, char *why, size_t why_len)
{
	uint32_t in[MLX5X_ST_SZ_DW(query_esw_vport_context_in)];
	uint32_t out[MLX5X_ST_SZ_DW(query_esw_vport_context_out)];
	uint32_t regs;
	int ret;

	memset(in, 0, sizeof(in));
	memset(out, 0, sizeof(out));
	MLX5X_SET(query_esw_vport_context_in, in, opcode,
		  MLX5X_CMD_OP_QUERY_ESW_VPORT_CONTEXT);
	MLX5X_SET(query_esw_vport_context_in, in, vport_number,
		  FDB_MANAGER_VPORT);
	ret = mlx5x_devx_cmd(priv->sh->ctx, in, sizeof(in), out, sizeof(out),
			     "QUERY_ESW_VPORT_CONTEXT");
	if (ret < 0) {
		snprintf(why, why_len,
			 "QUERY_ESW_VPORT_CONTEXT of the manager's vport failed (%s): cannot tell whether the FDB passes reg_c_0 to its NIC Rx",
			 strerror(-ret));
		return ret;
	}
	regs = MLX5X_GET(query_esw_vport_context_out, out,
			 esw_vport_context.fdb_to_vport_reg_c_id);
	if (!(regs & MLX5X_FDB_TO_VPORT_REG_C_0)) {
		snprintf(why, why_len,
			 "the E-Switch does not pass reg_c_0 from the FDB to the manager's NIC Rx (esw_vport_context.fdb_to_vport_reg_c_id 0x%x), so no tag can choose the receiving port",
			 regs);
		return -ENOTSUP;
	}
	return 0;
}

int
mlx5x_flow_fdb_to_representor(struct rte_eth_dev *dev, uint32_t port_id,
			      struct mlx5x_flow_rule *rule, char *why,
			      size_t why_len)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	unsigned int max = priv->sh->caps.nic_rx_max_modify_header_actions;
	const struct mlx5x_priv *pp;
	unsigned int i, off, len;
	uint32_t *cmd;
	uint16_t vport;
	int ret;

	ret = mlx5x_flow_fdb_vport(dev, port_id, &vport, why, why_len);
	if (ret < 0)
		return ret;
	pp = MLX5X_PRIV(&rte_eth_devices[port_id]);
	if (!fdb_tag_run(pp, &off, &len)) {
		snprintf(why, why_len,
			 "ethdev port %u has no reg_c_0 vport tag (mlx5dv_query_port gave no VPORT_REG_C0 value with a one-run mask) that its Rx rules match",
			 port_id);
		return -ENOTSUP;
	}
	for (i = 0; i < rule->nb_ports; i++)
		if (rule->ports[i] == FDB_MANAGER_VPORT) {
			snprintf(why, why_len,
				 "the rule already delivers to an ethdev port: reg_c_0 carries one tag, so one port_representor per rule");
			return -ENOTSUP;
		}
	if (rule->nb_ports == MLX5X_FLOW_PORTS_MAX) {
		snprintf(why, why_len,
			 "more than %u destination ports in one rule",
			 MLX5X_FLOW_PORTS_MAX);
		return -ENOTSUP;
	}
	if (max > MLX5X_FLOW_MHDR_MAX)
		max = MLX5X_FLOW_MHDR_MAX;
	if (rule->nb_mhdr >= max) {
		snprintf(why, why_len,
			 "writing the reg_c_0 tag needs one more modify-header command than the %u allowed (max_modify_header_actions)",
			 max);
		return -ENOTSUP;
	}
	ret = fdb_passes_reg_c0(priv, why, why_len);
	if (ret < 0)
		return ret;
	/* To the manager's NIC Rx with the port's tag, where its Rx rules
	 * (and nothing of another port) match it. */
	cmd = rule->mhdr[rule->nb_mhdr++];
	memset(cmd, 0, 8);
	MLX5X_SET(set_action_in, cmd, action_type, MLX5X_ACTION_TYPE_SET);
	MLX5X_SET(set_action_in, cmd, field,
		  MLX5X_ACTION_IN_FIELD_METADATA_REG_C_0);
	MLX5X_SET(set_action_in, cmd, offset, off);
	MLX5X_SET(set_action_in, cmd, length, len & 0x1f);
	MLX5X_SET(set_action_in, cmd, data,
		  len == 32 ? pp->reg_c0_value
			    : (pp->reg_c0_value >> off) & ((1u << len) - 1));
	rule->ports[rule->nb_ports++] = FDB_MANAGER_VPORT;
	rule->fate = MLX5X_FLOW_FATE_PORT;
	return 0;
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
