/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Metadata registers: which PRM register backs the META and TAG items and
 * the set_meta / set_tag actions, and how a MARK survives a jump.
 *
 * - META: metadata_reg_b on NIC Rx (the register the adapter copies to
 *   the CQE), metadata_reg_a on NIC Tx (what software gives a sent frame).
 * - TAG index i: metadata_reg_c_(2 + i), i < 6. reg_c_0 carries the
 *   E-Switch's vport tag (mlx5dv_query_port VPORT_REG_C0), reg_c_1 the
 *   carried mark below; reg_c_0..7 survive jumps between tables.
 * - MARK with JUMP: the flow tag reaches the CQE only from the entry that
 *   decides the frame's fate, so a mark on a rule that jumps is written to
 *   reg_c_1 (MARK_VALID | [MARK_FLAG] | id) instead, and the DR backend
 *   turns it back into the flow tag where a later group delivers the frame
 *   (mlx5x_flow_dr.c, "mark tables"). The MARK item matches reg_c_1.
 */
#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>

#include "mlx5x_flow.h"

int
mlx5x_flow_meta_reg(uint8_t domain, bool meta, uint32_t index, uint16_t *field,
		    const char **why)
{
	if (meta) {
		if (domain == MLX5X_FLOW_DOMAIN_FDB) {
			*why = "META in transfer rules (reg_c_0 is the E-Switch's vport tag) is not supported";
			return -ENOTSUP;
		}
		*field = domain == MLX5X_FLOW_DOMAIN_TX
				 ? MLX5X_ACTION_IN_FIELD_METADATA_REG_A
				 : MLX5X_ACTION_IN_FIELD_METADATA_REG_B;
		return 0;
	}
	if (index >= MLX5X_FLOW_TAGS) {
		*why = "TAG index above 5: tags live in metadata_reg_c_2..7 (reg_c_0 is the vport tag, reg_c_1 the carried mark)";
		return -ENOTSUP;
	}
	*field = (uint16_t)(MLX5X_ACTION_IN_FIELD_METADATA_REG_C_0 +
			    MLX5X_FLOW_TAG_REG0 + index);
	return 0;
}

void
mlx5x_flow_meta_match(struct mlx5x_flow_rule *rule, uint16_t field,
		      uint32_t mask, uint32_t value)
{
	/* MLX5X_SET wants a constant field path. */
	switch (field) {
	case MLX5X_ACTION_IN_FIELD_METADATA_REG_A:
		MLX5X_FLOW_MATCH(rule, misc_parameters_2.metadata_reg_a, mask,
				 value);
		break;
	case MLX5X_ACTION_IN_FIELD_METADATA_REG_B:
		MLX5X_FLOW_MATCH(rule, misc_parameters_2.metadata_reg_b, mask,
				 value);
		break;
	case MLX5X_ACTION_IN_FIELD_METADATA_REG_C_0 + 1:
		MLX5X_FLOW_MATCH(rule, misc_parameters_2.metadata_reg_c_1, mask,
				 value);
		break;
	case MLX5X_ACTION_IN_FIELD_METADATA_REG_C_0 + 2:
		MLX5X_FLOW_MATCH(rule, misc_parameters_2.metadata_reg_c_2, mask,
				 value);
		break;
	case MLX5X_ACTION_IN_FIELD_METADATA_REG_C_0 + 3:
		MLX5X_FLOW_MATCH(rule, misc_parameters_2.metadata_reg_c_3, mask,
				 value);
		break;
	case MLX5X_ACTION_IN_FIELD_METADATA_REG_C_0 + 4:
		MLX5X_FLOW_MATCH(rule, misc_parameters_2.metadata_reg_c_4, mask,
				 value);
		break;
	case MLX5X_ACTION_IN_FIELD_METADATA_REG_C_0 + 5:
		MLX5X_FLOW_MATCH(rule, misc_parameters_2.metadata_reg_c_5, mask,
				 value);
		break;
	case MLX5X_ACTION_IN_FIELD_METADATA_REG_C_0 + 6:
		MLX5X_FLOW_MATCH(rule, misc_parameters_2.metadata_reg_c_6, mask,
				 value);
		break;
	case MLX5X_ACTION_IN_FIELD_METADATA_REG_C_7:
		MLX5X_FLOW_MATCH(rule, misc_parameters_2.metadata_reg_c_7, mask,
				 value);
		break;
	default:
		return;
	}
	rule->criteria |= MLX5X_MATCH_MISC_PARAMETERS_2;
}

/* One PRM SET command per run of consecutive mask bits: a set writes
 * length bits at offset and leaves the register's other bits alone. */
static int
meta_set(struct rte_eth_dev *dev, struct mlx5x_flow_rule *rule,
	 const struct rte_flow_action *a, const char *name, uint16_t field,
	 uint32_t data, uint32_t mask, struct rte_flow_error *error)
{
	unsigned int max =
		MLX5X_PRIV(dev)->sh->caps.nic_rx_max_modify_header_actions;
	unsigned int off = 0;

	if (max > MLX5X_FLOW_MHDR_MAX)
		max = MLX5X_FLOW_MHDR_MAX;
	if (mask == 0)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action %s: mask is 0, nothing to set",
					      name);
	while (off < 32) {
		unsigned int len = 0;
		uint32_t *cmd;

		if (!(mask & (1u << off))) {
			off++;
			continue;
		}
		while (off + len < 32 && (mask & (1u << (off + len))))
			len++;
		if (rule->nb_mhdr >= max)
			return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
						      "action %s: the rule needs more than %u modify-header commands (max_modify_header_actions; each run of mask bits takes one)",
						      name, max);
		cmd = rule->mhdr[rule->nb_mhdr++];
		memset(cmd, 0, 8);
		MLX5X_SET(set_action_in, cmd, action_type,
			  MLX5X_ACTION_TYPE_SET);
		MLX5X_SET(set_action_in, cmd, field, field);
		MLX5X_SET(set_action_in, cmd, offset, off);
		/* length 0 means 32 bits. */
		MLX5X_SET(set_action_in, cmd, length, len & 0x1f);
		MLX5X_SET(set_action_in, cmd, data,
			  len == 32 ? data : (data >> off) & ((1u << len) - 1));
		off += len;
	}
	return 0;
}

int
mlx5x_flow_meta_action_parse(struct rte_eth_dev *dev,
			     struct mlx5x_flow_rule *rule,
			     const struct rte_flow_action *a, const char *name,
			     struct rte_flow_error *error)
{
	uint32_t data, mask, index = 0;
	const char *why = NULL;
	uint16_t field = 0;

	if (a->type == RTE_FLOW_ACTION_TYPE_SET_META) {
		const struct rte_flow_action_set_meta *c = a->conf;

		data = c->data;
		mask = c->mask;
	} else {
		const struct rte_flow_action_set_tag *c = a->conf;

		data = c->data;
		mask = c->mask;
		index = c->index;
	}
	if (mlx5x_flow_meta_reg(rule->domain,
				a->type == RTE_FLOW_ACTION_TYPE_SET_META, index,
				&field, &why) < 0)
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action %s: %s", name, why);
	return meta_set(dev, rule, a, name, field, data, mask, error);
}

int
mlx5x_flow_meta_finish(struct rte_eth_dev *dev, struct mlx5x_flow_rule *rule,
		       const struct rte_flow_action actions[],
		       struct rte_flow_error *error)
{
	uint32_t top = MLX5X_PRIV(dev)->sh->caps.nic_rx_max_ft_level;
	const struct rte_flow_action *a = actions;
	uint32_t v;

	/* The top NIC Rx level holds the mark tables: a rule there could
	 * not reach them (a table jumps only to a higher level). */
	if (rule->domain == MLX5X_FLOW_DOMAIN_RX && top != 0 &&
	    (rule->group >= top ||
	     (rule->fate == MLX5X_FLOW_FATE_JUMP && rule->jump_group >= top)))
		return mlx5x_flow_error(error, ENOTSUP,
					rule->group >= top
						? RTE_FLOW_ERROR_TYPE_ATTR_GROUP
						: RTE_FLOW_ERROR_TYPE_ACTION,
					NULL,
					"ingress group %u: the adapter's top NIC Rx level (max_ft_level %u) is reserved for the tables that deliver a mark carried across a jump; use groups below %u",
					rule->group >= top ? rule->group
							   : rule->jump_group,
					top, top);
	if (!rule->has_tag || rule->fate != MLX5X_FLOW_FATE_JUMP ||
	    rule->domain != MLX5X_FLOW_DOMAIN_RX)
		return 0;
	while (a->type != RTE_FLOW_ACTION_TYPE_MARK &&
	       a->type != RTE_FLOW_ACTION_TYPE_FLAG &&
	       a->type != RTE_FLOW_ACTION_TYPE_END)
		a++;
	v = rule->tag == MLX5X_FLOW_TAG_FLAG
		    ? MLX5X_FLOW_MARK_VALID | MLX5X_FLOW_MARK_FLAG
		    : MLX5X_FLOW_MARK_VALID | (rule->tag - 1);
	rule->has_tag = false;
	rule->tag = 0;
	rule->mark_carry = v;
	return meta_set(dev, rule, a,
			a->type == RTE_FLOW_ACTION_TYPE_FLAG ? "flag" : "mark",
			MLX5X_FLOW_MARK_REG, v, UINT32_MAX, error);
}
