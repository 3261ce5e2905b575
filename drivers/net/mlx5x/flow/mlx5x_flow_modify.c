/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Header rewrite actions into PRM modify-header commands: each rte_flow
 * set_* / dec_ttl / inc_tcp_* action becomes one or more 8-byte set or
 * add commands on a PRM field id; the backend turns the rule's list into
 * one modify-header context (shared by the rules with the same list).
 * The field depends on what the pattern pinned: set_tp_* on a TCP or a
 * UDP port, set_ttl on the IPv4 TTL or the IPv6 hop limit, so the items
 * are parsed first and an action whose header the pattern does not name
 * is refused. The adapter fixes the IPv4 and L4 checksums itself.
 */
#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_byteorder.h>

#include "mlx5x_flow.h"

#define refuse(error, a, err, ...)                                             \
	mlx5x_flow_error(error, err, RTE_FLOW_ERROR_TYPE_ACTION_CONF, a,       \
			 __VA_ARGS__)

static int
mhdr_push(struct rte_eth_dev *dev, struct mlx5x_flow_rule *rule,
	  const struct rte_flow_action *a, const char *name, uint8_t type,
	  uint16_t field, uint8_t length, uint32_t data,
	  struct rte_flow_error *error)
{
	unsigned int max =
		MLX5X_PRIV(dev)->sh->caps.nic_rx_max_modify_header_actions;
	uint32_t *cmd;

	if (max > MLX5X_FLOW_MHDR_MAX)
		max = MLX5X_FLOW_MHDR_MAX;
	if (rule->nb_mhdr >= max)
		return refuse(error, a, ENOTSUP,
			      "action %s: the rule's header rewrites need more than %u modify-header commands (max_modify_header_actions)",
			      name, max);
	cmd = rule->mhdr[rule->nb_mhdr++];
	memset(cmd, 0, 8);
	if (type == MLX5X_ACTION_TYPE_SET) {
		MLX5X_SET(set_action_in, cmd, action_type, type);
		MLX5X_SET(set_action_in, cmd, field, field);
		/* length 0 means 32 bits. */
		MLX5X_SET(set_action_in, cmd, length, length & 0x1f);
		MLX5X_SET(set_action_in, cmd, data, data);
	} else {
		MLX5X_SET(add_action_in, cmd, action_type, type);
		MLX5X_SET(add_action_in, cmd, field, field);
		MLX5X_SET(add_action_in, cmd, data, data);
	}
	return 0;
}

#define SET(f, len, v)                                                         \
	mhdr_push(dev, rule, a, name, MLX5X_ACTION_TYPE_SET,                   \
		  MLX5X_ACTION_IN_FIELD_OUT_##f, len, v, error)
#define ADD(f, v)                                                              \
	mhdr_push(dev, rule, a, name, MLX5X_ACTION_TYPE_ADD,                   \
		  MLX5X_ACTION_IN_FIELD_OUT_##f, 0, v, error)

static int
need(struct mlx5x_flow_rule *rule, const struct rte_flow_action *a,
     const char *name, uint8_t l3, uint8_t l4, struct rte_flow_error *error)
{
	if (l3 != MLX5X_FLOW_L3_ANY && rule->l3 != l3)
		return refuse(error, a, EINVAL,
			      "action %s: the pattern must match %s (the adapter rewrites the header the pattern names)",
			      name, l3 == MLX5X_FLOW_L3_IPV4 ? "ipv4" : "ipv6");
	if (l4 == 0xff && rule->l4 != IPPROTO_TCP && rule->l4 != IPPROTO_UDP)
		return refuse(error, a, EINVAL,
			      "action %s: the pattern must match tcp or udp (the port field differs)",
			      name);
	if (l4 == IPPROTO_TCP && rule->l4 != IPPROTO_TCP)
		return refuse(error, a, EINVAL,
			      "action %s: the pattern must match tcp", name);
	if (l3 == MLX5X_FLOW_L3_ANY && l4 == 0 && rule->l3 == MLX5X_FLOW_L3_ANY)
		return refuse(error, a, EINVAL,
			      "action %s: the pattern must match ipv4 or ipv6",
			      name);
	return 0;
}

static uint32_t
be32_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

int
mlx5x_flow_modify_parse(struct rte_eth_dev *dev, struct mlx5x_flow_rule *rule,
			const struct rte_flow_action *a, const char *name,
			struct rte_flow_error *error)
{
	const void *c = a->conf;
	bool v4 = rule->l3 == MLX5X_FLOW_L3_IPV4;
	bool tcp = rule->l4 == IPPROTO_TCP;
	uint32_t v;
	int ret;

	if (c == NULL && a->type != RTE_FLOW_ACTION_TYPE_DEC_TTL)
		return refuse(error, a, EINVAL, "action %s: conf is NULL",
			      name);
	switch (a->type) {
	case RTE_FLOW_ACTION_TYPE_SET_MAC_SRC:
	case RTE_FLOW_ACTION_TYPE_SET_MAC_DST: {
		const uint8_t *m =
			((const struct rte_flow_action_set_mac *)c)->mac_addr;
		bool src = a->type == RTE_FLOW_ACTION_TYPE_SET_MAC_SRC;

		ret = src ? SET(SMAC_47_16, 0, be32_at(m))
			  : SET(DMAC_47_16, 0, be32_at(m));
		if (ret < 0)
			return ret;
		v = (uint32_t)m[4] << 8 | m[5];
		return src ? SET(SMAC_15_0, 16, v) : SET(DMAC_15_0, 16, v);
	}
	case RTE_FLOW_ACTION_TYPE_SET_IPV4_SRC:
	case RTE_FLOW_ACTION_TYPE_SET_IPV4_DST:
		ret = need(rule, a, name, MLX5X_FLOW_L3_IPV4, 0, error);
		if (ret < 0)
			return ret;
		v = rte_be_to_cpu_32(
			((const struct rte_flow_action_set_ipv4 *)c)->ipv4_addr);
		return a->type == RTE_FLOW_ACTION_TYPE_SET_IPV4_SRC
			       ? SET(SIPV4, 0, v)
			       : SET(DIPV4, 0, v);
	case RTE_FLOW_ACTION_TYPE_SET_IPV6_SRC:
	case RTE_FLOW_ACTION_TYPE_SET_IPV6_DST: {
		static const uint16_t src[4] = {
			MLX5X_ACTION_IN_FIELD_OUT_SIPV6_127_96,
			MLX5X_ACTION_IN_FIELD_OUT_SIPV6_95_64,
			MLX5X_ACTION_IN_FIELD_OUT_SIPV6_63_32,
			MLX5X_ACTION_IN_FIELD_OUT_SIPV6_31_0,
		};
		static const uint16_t dst[4] = {
			MLX5X_ACTION_IN_FIELD_OUT_DIPV6_127_96,
			MLX5X_ACTION_IN_FIELD_OUT_DIPV6_95_64,
			MLX5X_ACTION_IN_FIELD_OUT_DIPV6_63_32,
			MLX5X_ACTION_IN_FIELD_OUT_DIPV6_31_0,
		};
		const uint8_t *ip =
			((const struct rte_flow_action_set_ipv6 *)c)->ipv6_addr;
		const uint16_t *f = a->type == RTE_FLOW_ACTION_TYPE_SET_IPV6_SRC
					    ? src
					    : dst;
		unsigned int i;

		ret = need(rule, a, name, MLX5X_FLOW_L3_IPV6, 0, error);
		for (i = 0; i < 4 && ret == 0; i++)
			ret = mhdr_push(dev, rule, a, name,
					MLX5X_ACTION_TYPE_SET, f[i], 0,
					be32_at(ip + 4 * i), error);
		return ret;
	}
	case RTE_FLOW_ACTION_TYPE_SET_TP_SRC:
	case RTE_FLOW_ACTION_TYPE_SET_TP_DST: {
		bool s = a->type == RTE_FLOW_ACTION_TYPE_SET_TP_SRC;

		ret = need(rule, a, name, MLX5X_FLOW_L3_ANY, 0xff, error);
		if (ret < 0)
			return ret;
		v = rte_be_to_cpu_16(
			((const struct rte_flow_action_set_tp *)c)->port);
		if (tcp)
			return s ? SET(TCP_SPORT, 16, v)
				 : SET(TCP_DPORT, 16, v);
		return s ? SET(UDP_SPORT, 16, v) : SET(UDP_DPORT, 16, v);
	}
	case RTE_FLOW_ACTION_TYPE_SET_TTL:
	case RTE_FLOW_ACTION_TYPE_DEC_TTL:
		ret = need(rule, a, name, MLX5X_FLOW_L3_ANY, 0, error);
		if (ret < 0)
			return ret;
		if (a->type == RTE_FLOW_ACTION_TYPE_DEC_TTL)
			/* Add 0xff modulo the 8-bit field: minus one. */
			return v4 ? ADD(IP_TTL, 0xff)
				  : ADD(IPV6_HOPLIMIT, 0xff);
		v = ((const struct rte_flow_action_set_ttl *)c)->ttl_value;
		return v4 ? SET(IP_TTL, 8, v) : SET(IPV6_HOPLIMIT, 8, v);
	case RTE_FLOW_ACTION_TYPE_SET_IPV4_DSCP:
	case RTE_FLOW_ACTION_TYPE_SET_IPV6_DSCP:
		ret = need(rule, a, name,
			   a->type == RTE_FLOW_ACTION_TYPE_SET_IPV4_DSCP
				   ? MLX5X_FLOW_L3_IPV4
				   : MLX5X_FLOW_L3_IPV6,
			   0, error);
		if (ret < 0)
			return ret;
		v = ((const struct rte_flow_action_set_dscp *)c)->dscp;
		if (v > 0x3f)
			return refuse(error, a, EINVAL,
				      "action %s: dscp %u does not fit 6 bits",
				      name, v);
		return SET(IP_DSCP, 6, v);
	case RTE_FLOW_ACTION_TYPE_INC_TCP_SEQ:
	case RTE_FLOW_ACTION_TYPE_DEC_TCP_SEQ:
	case RTE_FLOW_ACTION_TYPE_INC_TCP_ACK:
	case RTE_FLOW_ACTION_TYPE_DEC_TCP_ACK:
		ret = need(rule, a, name, MLX5X_FLOW_L3_ANY, IPPROTO_TCP,
			   error);
		if (ret < 0)
			return ret;
		v = rte_be_to_cpu_32(*(const rte_be32_t *)c);
		if (a->type == RTE_FLOW_ACTION_TYPE_DEC_TCP_SEQ ||
		    a->type == RTE_FLOW_ACTION_TYPE_DEC_TCP_ACK)
			v = 0u - v; /* add modulo 2^32 */
		if (a->type == RTE_FLOW_ACTION_TYPE_INC_TCP_SEQ ||
		    a->type == RTE_FLOW_ACTION_TYPE_DEC_TCP_SEQ)
			return ADD(TCP_SEQ_NUM, v);
		return ADD(TCP_ACK_NUM, v);
	default:
		return refuse(error, a, ENOTSUP,
			      "action %s: not a header rewrite", name);
	}
}
