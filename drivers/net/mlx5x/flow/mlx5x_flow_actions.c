/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_flow attributes and actions into the neutral rule: one table row per
 * action type says in which direction it is allowed, whether it decides
 * the frame's fate, and a function that checks and records it.
 */
#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>

#include "mlx5x_flow.h"

enum {
	DIR_RX = 1 << MLX5X_FLOW_DOMAIN_RX,
	DIR_TX = 1 << MLX5X_FLOW_DOMAIN_TX,
	DIR_FDB = 1 << MLX5X_FLOW_DOMAIN_FDB,
};

struct action_state {
	struct rte_eth_dev *dev;
	const struct rte_flow_attr *attr;
	struct mlx5x_flow_rule *rule;
	const struct rte_flow_action *fate;
	const struct rte_flow_action *tag;
};

struct action_row {
	const char *name;
	uint8_t dirs;
	bool fate;
	int (*parse)(struct action_state *st, const struct rte_flow_action *a,
		     struct rte_flow_error *error);
	/* rte_flow defines a configuration for the type that the rule must
	 * give: refused here, once, so no parser sees a NULL one. */
	bool conf;
};

static int
drop_parse(struct action_state *st, const struct rte_flow_action *a,
	   struct rte_flow_error *error)
{
	RTE_SET_USED(a);
	RTE_SET_USED(error);
	st->rule->fate = MLX5X_FLOW_FATE_DROP;
	return 0;
}

static int
queue_check(struct action_state *st, const struct rte_flow_action *a,
	    const char *name, uint16_t q, struct rte_flow_error *error)
{
	uint16_t n = st->dev->data->nb_rx_queues;

	if (q >= n)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action %s: Rx queue %u does not exist: the port is configured with %u Rx queues",
					      name, q, n);
	return 0;
}

static int
queue_parse(struct action_state *st, const struct rte_flow_action *a,
	    struct rte_flow_error *error)
{
	const struct rte_flow_action_queue *c = a->conf;
	int ret;

	ret = queue_check(st, a, "queue", c->index, error);
	if (ret < 0)
		return ret;
	st->rule->fate = MLX5X_FLOW_FATE_QUEUE;
	st->rule->nb_queues = 1;
	st->rule->queues[0] = c->index;
	return 0;
}

static int
rss_parse(struct action_state *st, const struct rte_flow_action *a,
	  struct rte_flow_error *error)
{
	const struct rte_flow_action_rss *c = a->conf;
	struct mlx5x_priv *priv = MLX5X_PRIV(st->dev);
	uint64_t types;
	unsigned int i;
	int ret;

	if (c->func != RTE_ETH_HASH_FUNCTION_DEFAULT &&
	    c->func != RTE_ETH_HASH_FUNCTION_TOEPLITZ)
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action rss: hash function %d not supported: the TIR hashes with Toeplitz only",
					      (int)c->func);
	/* Level 2: the headers after the pattern's tunnel item (the TIR's
	 * inner hash field selector); one tunnel is all fte_match_param
	 * and the TIR know. */
	if (c->level > 2)
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action rss: level %u not supported: the TIR hashes the outer (level 0, 1) or the first inner headers (level 2)",
					      c->level);
	if (c->level == 2 && !st->rule->tunnel)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action rss: level 2 (inner headers) needs a tunnel item in the pattern (vxlan, vxlan_gpe, geneve, gre, nvgre, gtp, mpls over udp or gre)");
	if (c->key_len != 0 && c->key_len != MLX5X_RSS_KEY_LEN)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action rss: key of %u bytes, the TIR's rx_hash_toeplitz_key takes exactly %u",
					      c->key_len, MLX5X_RSS_KEY_LEN);
	if (c->key_len != 0 && c->key == NULL)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action rss: key_len %u with a NULL key",
					      c->key_len);
	types = c->types;
	if (types & ~(MLX5X_RSS_HF_ACCEPTED | RTE_ETH_RSS_L3_SRC_ONLY |
		      RTE_ETH_RSS_L3_DST_ONLY | RTE_ETH_RSS_L4_SRC_ONLY |
		      RTE_ETH_RSS_L4_DST_ONLY) ||
	    (types & (RTE_ETH_RSS_L3_SRC_ONLY | RTE_ETH_RSS_L3_DST_ONLY |
		      RTE_ETH_RSS_L4_SRC_ONLY | RTE_ETH_RSS_L4_DST_ONLY)))
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action rss: types 0x%" PRIx64
					      " not supported (supported: ipv4, ipv6, their nonfrag tcp/udp: 0x%" PRIx64
					      ")",
					      types & ~(uint64_t)
							      MLX5X_RSS_HF_ACCEPTED,
					      (uint64_t)MLX5X_RSS_HF_ACCEPTED);
	if (c->queue_num == 0 || c->queue == NULL)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action rss: no queues");
	if (c->queue_num > MLX5X_QUEUES_MAX)
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action rss: %u queues, at most %u",
					      c->queue_num, MLX5X_QUEUES_MAX);
	for (i = 0; i < c->queue_num; i++) {
		ret = queue_check(st, a, "rss", c->queue[i], error);
		if (ret < 0)
			return ret;
		st->rule->queues[i] = c->queue[i];
	}
	st->rule->fate = MLX5X_FLOW_FATE_RSS;
	st->rule->rss_inner = c->level == 2;
	st->rule->nb_queues = (uint16_t)c->queue_num;
	st->rule->rss_types = types;
	memcpy(st->rule->rss_key, c->key_len != 0 ? c->key : priv->rss_key,
	       MLX5X_RSS_KEY_LEN);
	return 0;
}

static int
jump_parse(struct action_state *st, const struct rte_flow_action *a,
	   struct rte_flow_error *error)
{
	const struct rte_flow_action_jump *c = a->conf;
	struct mlx5x_priv *priv = MLX5X_PRIV(st->dev);
	uint32_t max = priv->sh->caps.nic_rx_max_ft_level;

	if (c->group <= st->attr->group)
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action jump: to group %u from group %u: a table may only jump to a higher level (group)",
					      c->group, st->attr->group);
	if (c->group > max)
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action jump: group %u is above the adapter's NIC Rx max_ft_level %u",
					      c->group, max);
	st->rule->fate = MLX5X_FLOW_FATE_JUMP;
	st->rule->jump_group = c->group;
	if (st->rule->domain == MLX5X_FLOW_DOMAIN_FDB) {
		/* Transfer group N is the FDB table at level N + 1. */
		if (c->group >= max)
			return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
						      "action jump: transfer group %u lives at FDB level %u, above max_ft_level %u",
						      c->group, c->group + 1,
						      max);
		st->rule->jump_group = MLX5X_FLOW_FDB_LEVEL(c->group);
	}
	return 0;
}

static int
mark_parse(struct action_state *st, const struct rte_flow_action *a,
	   struct rte_flow_error *error)
{
	const struct rte_flow_action_mark *c = a->conf;

	if (st->tag != NULL)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action mark: the rule already has a mark or flag (one 24-bit flow tag per rule)");
	if (c->id > MLX5X_FLOW_MARK_MAX)
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action mark: id 0x%x above the limit 0x%x (the 24-bit flow tag carries id + 1; 0xffffff is FLAG)",
					      c->id, MLX5X_FLOW_MARK_MAX);
	st->tag = a;
	st->rule->has_tag = true;
	st->rule->tag = c->id + 1;
	return 0;
}

static int
flag_parse(struct action_state *st, const struct rte_flow_action *a,
	   struct rte_flow_error *error)
{
	if (st->tag != NULL)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action flag: the rule already has a mark or flag (one 24-bit flow tag per rule)");
	st->tag = a;
	st->rule->has_tag = true;
	st->rule->tag = MLX5X_FLOW_TAG_FLAG;
	return 0;
}

static int
count_parse(struct action_state *st, const struct rte_flow_action *a,
	    struct rte_flow_error *error)
{
	const struct rte_flow_action_count *c = a->conf;
	struct mlx5x_priv *priv = MLX5X_PRIV(st->dev);

	if (c != NULL && c->id != 0)
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action count: shared counter id %u not supported; use an indirect action-less count (id 0)",
					      c->id);
	if (st->rule->count)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action count: given twice");
	if (!priv->sh->devx)
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action count: flow counters need DevX (ALLOC_FLOW_COUNTER), the device was opened without it");
	st->rule->count = true;
	return 0;
}

/* port_id, represented_port: to the entity behind an ethdev port of the
 * E-Switch (a VF for its representor, the wire for the uplink); several
 * of them send a copy to each. */
static int
port_parse(struct action_state *st, const struct rte_flow_action *a,
	   struct rte_flow_error *error)
{
	struct mlx5x_flow_rule *rule = st->rule;
	const char *name = a->type == RTE_FLOW_ACTION_TYPE_PORT_ID ? "port_id"
			   : a->type == RTE_FLOW_ACTION_TYPE_PORT_REPRESENTOR
				   ? "port_representor"
				   : "represented_port";
	uint32_t id;
	uint16_t vport;
	char why[256];
	unsigned int i;

	if (a->type == RTE_FLOW_ACTION_TYPE_PORT_ID) {
		const struct rte_flow_action_port_id *c = a->conf;

		if (c->original)
			return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
						      "action port_id: original=1 (the rule's own port) is not supported; name the port by id");
		id = c->id;
	} else {
		const struct rte_flow_action_ethdev *c = a->conf;

		id = c->port_id;
	}
	if (st->fate != NULL)
		return mlx5x_flow_error(error, EINVAL,
					RTE_FLOW_ERROR_TYPE_ACTION, a,
					"action %s: the rule already has a fate action (drop or jump)",
					name);
	if (a->type == RTE_FLOW_ACTION_TYPE_PORT_REPRESENTOR) {
		if (mlx5x_flow_fdb_to_representor(st->dev, id, rule, why,
						  sizeof(why)) < 0)
			return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
						      "action %s: %s", name,
						      why);
		return 0;
	}
	if (mlx5x_flow_fdb_vport(st->dev, id, &vport, why, sizeof(why)) < 0)
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action %s: %s", name, why);
	for (i = 0; i < rule->nb_ports; i++)
		if (rule->ports[i] == vport)
			return mlx5x_flow_conf_refuse(error, a, EINVAL,
						      "action %s: port %u is already a destination of the rule",
						      name, id);
	if (rule->nb_ports == MLX5X_FLOW_PORTS_MAX)
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action %s: more than %u destination ports in one rule",
					      name, MLX5X_FLOW_PORTS_MAX);
	rule->ports[rule->nb_ports++] = vport;
	rule->fate = MLX5X_FLOW_FATE_PORT;
	return 0;
}

static int
modify_parse(struct action_state *st, const struct rte_flow_action *a,
	     struct rte_flow_error *error);

static int
reformat_parse(struct action_state *st, const struct rte_flow_action *a,
	       struct rte_flow_error *error);

/* set_meta, set_tag: metadata registers (mlx5x_flow_meta.c). */
static int
meta_parse(struct action_state *st, const struct rte_flow_action *a,
	   struct rte_flow_error *error)
{
	return mlx5x_flow_meta_action_parse(st->dev, st->rule, a,
					    a->type == RTE_FLOW_ACTION_TYPE_SET_META
						    ? "set_meta"
						    : "set_tag",
					    error);
}

static const struct action_row action_rows[] = {
	[RTE_FLOW_ACTION_TYPE_DROP] = { "drop", DIR_RX | DIR_TX | DIR_FDB, true,
					drop_parse },
	[RTE_FLOW_ACTION_TYPE_PORT_ID] = { "port_id", DIR_FDB, false,
					   port_parse, true },
	[RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT] = { "represented_port", DIR_FDB,
						    false, port_parse, true },
	[RTE_FLOW_ACTION_TYPE_PORT_REPRESENTOR] = { "port_representor", DIR_FDB,
						    false, port_parse, true },
	[RTE_FLOW_ACTION_TYPE_QUEUE] = { "queue", DIR_RX, true, queue_parse,
					 true },
	[RTE_FLOW_ACTION_TYPE_RSS] = { "rss", DIR_RX, true, rss_parse, true },
	[RTE_FLOW_ACTION_TYPE_JUMP] = { "jump", DIR_RX | DIR_TX | DIR_FDB, true,
					jump_parse, true },
	[RTE_FLOW_ACTION_TYPE_MARK] = { "mark", DIR_RX, false, mark_parse,
					true },
	[RTE_FLOW_ACTION_TYPE_FLAG] = { "flag", DIR_RX, false, flag_parse },
#define MODIFY_ROW(t, n, c)                                                    \
	[RTE_FLOW_ACTION_TYPE_##                                               \
		t] = { n, DIR_RX | DIR_TX | DIR_FDB, false, modify_parse, c }
	MODIFY_ROW(SET_MAC_SRC, "set_mac_src", true),
	MODIFY_ROW(SET_MAC_DST, "set_mac_dst", true),
	MODIFY_ROW(SET_IPV4_SRC, "set_ipv4_src", true),
	MODIFY_ROW(SET_IPV4_DST, "set_ipv4_dst", true),
	MODIFY_ROW(SET_IPV6_SRC, "set_ipv6_src", true),
	MODIFY_ROW(SET_IPV6_DST, "set_ipv6_dst", true),
	MODIFY_ROW(SET_TP_SRC, "set_tp_src", true),
	MODIFY_ROW(SET_TP_DST, "set_tp_dst", true),
	MODIFY_ROW(SET_TTL, "set_ttl", true),
	MODIFY_ROW(DEC_TTL, "dec_ttl", false),
	MODIFY_ROW(SET_IPV4_DSCP, "set_ipv4_dscp", true),
	MODIFY_ROW(SET_IPV6_DSCP, "set_ipv6_dscp", true),
	MODIFY_ROW(INC_TCP_SEQ, "inc_tcp_seq", true),
	MODIFY_ROW(DEC_TCP_SEQ, "dec_tcp_seq", true),
	MODIFY_ROW(INC_TCP_ACK, "inc_tcp_ack", true),
	MODIFY_ROW(DEC_TCP_ACK, "dec_tcp_ack", true),
	MODIFY_ROW(MODIFY_FIELD, "modify_field", true),
#undef MODIFY_ROW
#define REFORMAT_ROW(t, n, d, c)                                               \
	[RTE_FLOW_ACTION_TYPE_##t] = { n, d, false, reformat_parse, c }
	REFORMAT_ROW(OF_POP_VLAN, "of_pop_vlan", DIR_RX | DIR_FDB, false),
	REFORMAT_ROW(OF_PUSH_VLAN, "of_push_vlan", DIR_TX | DIR_FDB, true),
	REFORMAT_ROW(OF_SET_VLAN_VID, "of_set_vlan_vid",
		     DIR_RX | DIR_TX | DIR_FDB, true),
	REFORMAT_ROW(OF_SET_VLAN_PCP, "of_set_vlan_pcp", DIR_TX | DIR_FDB,
		     true),
	REFORMAT_ROW(VXLAN_ENCAP, "vxlan_encap", DIR_TX | DIR_FDB, true),
	REFORMAT_ROW(RAW_ENCAP, "raw_encap", DIR_RX | DIR_TX | DIR_FDB, true),
	REFORMAT_ROW(VXLAN_DECAP, "vxlan_decap", DIR_RX | DIR_FDB, false),
	REFORMAT_ROW(NVGRE_ENCAP, "nvgre_encap", DIR_TX | DIR_FDB, true),
	REFORMAT_ROW(NVGRE_DECAP, "nvgre_decap", DIR_RX | DIR_FDB, false),
	REFORMAT_ROW(RAW_DECAP, "raw_decap", DIR_RX | DIR_TX | DIR_FDB, false),
#undef REFORMAT_ROW
	[RTE_FLOW_ACTION_TYPE_COUNT] = { "count", DIR_RX | DIR_TX | DIR_FDB,
					 false, count_parse },
	[RTE_FLOW_ACTION_TYPE_SET_META] = { "set_meta", DIR_RX | DIR_TX, false,
					    meta_parse, true },
	[RTE_FLOW_ACTION_TYPE_SET_TAG] = { "set_tag", DIR_RX | DIR_TX, false,
					   meta_parse, true },
};

/* Header rewrites: the pattern's items decide the PRM field. */
static int
modify_parse(struct action_state *st, const struct rte_flow_action *a,
	     struct rte_flow_error *error)
{
	return mlx5x_flow_modify_parse(st->dev, st->rule, a,
				       action_rows[a->type].name, error);
}

static int
reformat_parse(struct action_state *st, const struct rte_flow_action *a,
	       struct rte_flow_error *error)
{
	return mlx5x_flow_reformat_parse(st->dev, st->rule, a,
					 action_rows[a->type].name, error);
}

int
mlx5x_flow_actions_parse(struct rte_eth_dev *dev,
			 const struct rte_flow_attr *attr,
			 const struct rte_flow_action actions[],
			 struct mlx5x_flow_rule *rule,
			 struct rte_flow_error *error)
{
	struct action_state st = { .dev = dev, .attr = attr, .rule = rule };
	const struct rte_flow_action *a;
	const char *dir = attr->transfer ? "transfer"
			  : attr->egress ? "egress"
					 : "ingress";
	int ret;

	if (actions == NULL)
		return rte_flow_error_set(error, EINVAL,
					  RTE_FLOW_ERROR_TYPE_ACTION_NUM, NULL,
					  "actions is NULL");
	for (a = actions; a->type != RTE_FLOW_ACTION_TYPE_END; a++) {
		const struct action_row *row = NULL;

		if (a->type == RTE_FLOW_ACTION_TYPE_VOID)
			continue;
		if ((unsigned int)a->type < RTE_DIM(action_rows) &&
		    action_rows[a->type].name != NULL)
			row = &action_rows[a->type];
		if (row == NULL)
			return rte_flow_error_set(error, ENOTSUP,
						  RTE_FLOW_ERROR_TYPE_ACTION, a,
						  "action type not supported (supported: void, drop, queue, rss, jump, mark, flag, count, set_meta, set_tag; transfer: port_id, represented_port, port_representor, drop, jump, count; rewrites: set_mac/ipv4/ipv6/tp src and dst, set_ttl, dec_ttl, set_ipv4/ipv6_dscp, inc/dec_tcp_seq/ack, modify_field; headers: of_push_vlan, of_pop_vlan, of_set_vlan_vid/pcp, vxlan_encap/decap, nvgre_encap/decap, raw_encap/decap)");
		if (!(row->dirs & (1u << rule->domain))) {
			return mlx5x_flow_error(error, ENOTSUP,
						RTE_FLOW_ERROR_TYPE_ACTION, a,
						"action %s is not allowed in %s rules",
						row->name, dir);
		}
		if (row->fate && (st.fate != NULL || rule->nb_ports != 0)) {
			return mlx5x_flow_error(error, EINVAL,
						RTE_FLOW_ERROR_TYPE_ACTION, a,
						"action %s: the rule already has a fate action (one of drop, queue, rss, jump)",
						row->name);
		}
		if (row->conf && a->conf == NULL)
			return mlx5x_flow_conf_refuse(error, a, EINVAL,
						      "action %s: conf is NULL",
						      row->name);
		ret = row->parse(&st, a, error);
		if (ret < 0)
			return ret;
		if (row->fate)
			st.fate = a;
	}
	if (st.fate == NULL && rule->nb_ports == 0 &&
	    rule->domain == MLX5X_FLOW_DOMAIN_FDB)
		return rte_flow_error_set(error, EINVAL,
					  RTE_FLOW_ERROR_TYPE_ACTION_NUM,
					  actions,
					  "transfer rule without a fate action: add port_id, represented_port, port_representor, drop or jump");
	if (st.fate == NULL && rule->domain == MLX5X_FLOW_DOMAIN_RX)
		return rte_flow_error_set(error, EINVAL,
					  RTE_FLOW_ERROR_TYPE_ACTION_NUM,
					  actions,
					  "ingress rule without a fate action: add one of drop, queue, rss, jump");
	return 0;
}
