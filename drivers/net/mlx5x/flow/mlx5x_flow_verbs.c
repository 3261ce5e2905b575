/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Verbs backend (dv_flow_en=0, or a device opened without DevX):
 * not written yet. Every rule is refused at validate with the reason, so
 * nothing is ever half made.
 */
#include <errno.h>

#include "mlx5x_flow.h"

static int
verbs_validate(struct rte_eth_dev *dev, const struct mlx5x_flow_rule *rule,
	       struct rte_flow_error *error)
{
	RTE_SET_USED(dev);
	RTE_SET_USED(rule);
	return rte_flow_error_set(error, ENOTSUP,
				  RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
				  "rte_flow needs the DR backend (dv_flow_en=1 on a DevX device); the Verbs backend (ibv_create_flow) is not implemented");
}

static int
verbs_apply(struct rte_eth_dev *dev, struct rte_flow *flow,
	    struct rte_flow_error *error)
{
	RTE_SET_USED(flow);
	return verbs_validate(dev, NULL, error);
}

static void
verbs_remove(struct rte_eth_dev *dev, struct rte_flow *flow)
{
	RTE_SET_USED(dev);
	RTE_SET_USED(flow);
}

const struct mlx5x_flow_backend mlx5x_flow_verbs_backend = {
	.name = "verbs",
	.validate = verbs_validate,
	.apply = verbs_apply,
	.remove = verbs_remove,
};
