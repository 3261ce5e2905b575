/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_flow_ops of an mlx5x port and the lifecycle of its rules.
 *
 * A rule is parsed and checked when the application creates it; it is
 * programmed into the adapter while the port is started: at once on a
 * started port, at the next start on a configured stopped port. Stop takes
 * the rules out of the adapter and keeps them; close destroys them. The
 * default Rx steering (mlx5x_steer.c) adds its rules here too, at the
 * lowest priorities, so one list and one backend own the NIC Rx tables.
 *
 * Every operation runs under one process-wide lock: rules of ports that
 * share an adapter share its tables, matchers and TIRs.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_malloc.h>

#include "mlx5x_flow.h"

static pthread_mutex_t flow_lock = PTHREAD_MUTEX_INITIALIZER;

int
mlx5x_flow_error(struct rte_flow_error *error, int err,
		 enum rte_flow_error_type type, const void *cause,
		 const char *fmt, ...)
{
	static __thread char msg[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return rte_flow_error_set(error, err, type, cause, msg);
}

static struct mlx5x_flow_port *
flow_port(struct rte_eth_dev *dev)
{
	return MLX5X_PRIV(dev)->flow;
}

int
mlx5x_flow_port_init(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct mlx5x_flow_port *fp;

	fp = rte_zmalloc("mlx5x_flow_port", sizeof(*fp), 0);
	if (fp == NULL)
		return -ENOMEM;
	TAILQ_INIT(&fp->flows);
	TAILQ_INIT(&fp->defaults);
	/* DR needs DevX queues and steering; dv_flow_en=0 or a device
	 * without DevX takes Verbs. */
	if (priv->steer_ops == &mlx5x_steer_devx_ops &&
	    priv->config.dv_flow_en != 0)
		fp->backend = &mlx5x_flow_dr_backend;
	else
		fp->backend = &mlx5x_flow_verbs_backend;
	/* Without Direct Rules (rdma-core lacks them, or the adapter grants
	 * no software ownership of its tables) DV programs the root. */
	if (fp->backend == &mlx5x_flow_dr_backend &&
	    mlx5x_glue->dv_create_flow != NULL &&
	    !mlx5x_flow_dr_usable(priv->sh))
		fp->backend = &mlx5x_flow_dv_backend;
	priv->flow = fp;
	return 0;
}

void
mlx5x_flow_match_port(const struct mlx5x_priv *priv,
		      struct mlx5x_flow_rule *rule)
{
	/* Frames of every port of the adapter meet in one NIC Rx: the
	 * E-Switch tags each with its source vport in reg_c_0. */
	if (rule->domain != MLX5X_FLOW_DOMAIN_RX || !priv->has_reg_c0)
		return;
	MLX5X_FLOW_MATCH(rule, misc_parameters_2.metadata_reg_c_0,
			 priv->reg_c0_mask, priv->reg_c0_value);
	rule->criteria |= MLX5X_MATCH_MISC_PARAMETERS_2;
}

static int
flow_attr_parse(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
		struct mlx5x_flow_rule *rule, struct rte_flow_error *error)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);

	if (attr == NULL)
		return rte_flow_error_set(error, EINVAL,
					  RTE_FLOW_ERROR_TYPE_ATTR, NULL,
					  "attributes are NULL");
	if (attr->transfer)
		return mlx5x_flow_fdb_attr_parse(dev, attr, rule, error);
	if (attr->ingress == attr->egress)
		return rte_flow_error_set(error, EINVAL,
					  attr->ingress
						  ? RTE_FLOW_ERROR_TYPE_ATTR_EGRESS
						  : RTE_FLOW_ERROR_TYPE_ATTR_INGRESS,
					  attr,
					  "a rule is either ingress or egress: set exactly one");
	if (attr->priority > MLX5X_FLOW_PRIO_MAX)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ATTR_PRIORITY, attr,
					"priority %u above the limit %u (lower levels are reserved for the default Rx steering)",
					attr->priority, MLX5X_FLOW_PRIO_MAX);
	if (attr->group > priv->sh->caps.nic_rx_max_ft_level)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ATTR_GROUP, attr,
					"group %u above the adapter's max_ft_level %u",
					attr->group,
					priv->sh->caps.nic_rx_max_ft_level);
	rule->domain =
		attr->egress ? MLX5X_FLOW_DOMAIN_TX : MLX5X_FLOW_DOMAIN_RX;
	rule->group = attr->group;
	return 0;
}

int
mlx5x_flow_parse(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
		 const struct rte_flow_item pattern[],
		 const struct rte_flow_action actions[],
		 struct mlx5x_flow_rule *rule, struct rte_flow_error *error)
{
	struct mlx5x_flow_port *fp = flow_port(dev);
	unsigned int sub;
	int ret;

	memset(rule, 0, sizeof(*rule));
	ret = flow_attr_parse(dev, attr, rule, error);
	if (ret < 0)
		return ret;
	ret = mlx5x_flow_items_parse(dev, pattern, rule, error);
	if (ret < 0)
		return ret;
	ret = mlx5x_flow_actions_parse(dev, attr, actions, rule, error);
	if (ret < 0)
		return ret;
	ret = mlx5x_flow_meta_finish(dev, rule, actions, error);
	if (ret < 0)
		return ret;
	/* At one rte_flow priority the more specific rule wins. */
	if (rule->l4 != 0)
		sub = MLX5X_FLOW_SUB_L4;
	else if (rule->l3 != MLX5X_FLOW_L3_ANY)
		sub = MLX5X_FLOW_SUB_L3;
	else
		sub = MLX5X_FLOW_SUB_L2;
	rule->prio = (uint16_t)(attr->priority * MLX5X_FLOW_SUBS + sub);
	mlx5x_flow_match_port(MLX5X_PRIV(dev), rule);
	/* No port item: the frames of the port the rule was created on. */
	if (rule->domain == MLX5X_FLOW_DOMAIN_FDB && !rule->has_source) {
		MLX5X_FLOW_MATCH(rule, misc_parameters.source_port, 0xffff,
				 MLX5X_PRIV(dev)->vport);
		rule->criteria |= MLX5X_MATCH_MISC_PARAMETERS;
	}
	return fp->backend->validate(dev, rule, error);
}

/* ---- programming -------------------------------------------------------- */

/* Program flow; rule is its rule unpacked, or NULL to unpack it here. */
static int
flow_apply(struct rte_eth_dev *dev, struct rte_flow *flow,
	   const struct mlx5x_flow_rule *rule, struct rte_flow_error *error)
{
	struct mlx5x_flow_rule buf;

	if (flow->backend == NULL)
		flow->backend = flow_port(dev)->backend;
	if (rule == NULL) {
		mlx5x_flow_rule_of(flow, &buf);
		rule = &buf;
	}
	return flow->backend->apply(dev, flow, rule, error);
}

static void
flow_remove(struct rte_eth_dev *dev, struct rte_flow *flow)
{
	if (flow->handle != NULL)
		flow->backend->remove(dev, flow);
	flow->handle = NULL;
}

static void
flow_free(struct rte_flow *flow)
{
	if (flow->counter != NULL)
		mlx5x_flow_counter_free(flow->counter);
	mlx5x_flow_free(flow);
}

static void
flow_list_remove(struct rte_eth_dev *dev, struct mlx5x_flow_list *list)
{
	struct rte_flow *flow;

	for (flow = TAILQ_LAST(list, mlx5x_flow_list); flow != NULL;
	     flow = TAILQ_PREV(flow, mlx5x_flow_list, next))
		flow_remove(dev, flow);
}

static void
flow_list_destroy(struct rte_eth_dev *dev, struct mlx5x_flow_list *list)
{
	struct rte_flow *flow;

	while ((flow = TAILQ_LAST(list, mlx5x_flow_list)) != NULL) {
		TAILQ_REMOVE(list, flow, next);
		flow_remove(dev, flow);
		flow_free(flow);
	}
}

int
mlx5x_flow_start(struct rte_eth_dev *dev)
{
	struct mlx5x_flow_port *fp = flow_port(dev);
	struct rte_flow_error error;
	struct rte_flow *flow;
	int ret = 0;

	pthread_mutex_lock(&flow_lock);
	TAILQ_FOREACH (flow, &fp->flows, next) {
		memset(&error, 0, sizeof(error));
		/* cppcheck-suppress uninitvar ; the TAILQ macros hide init */
		ret = flow_apply(dev, flow, NULL, &error);
		if (ret < 0) {
			MLX5X_NET_LOG(ERR,
				      "port %u: cannot program flow %p at start: %s",
				      dev->data->port_id, (void *)flow,
				      error.message != NULL ? error.message
							    : strerror(-ret));
			flow_list_remove(dev, &fp->flows);
			break;
		}
	}
	if (ret == 0)
		fp->applied = true;
	pthread_mutex_unlock(&flow_lock);
	return ret;
}

void
mlx5x_flow_stop(struct rte_eth_dev *dev)
{
	struct mlx5x_flow_port *fp = flow_port(dev);

	if (fp == NULL)
		return;
	pthread_mutex_lock(&flow_lock);
	flow_list_remove(dev, &fp->flows);
	fp->applied = false;
	pthread_mutex_unlock(&flow_lock);
}

void
mlx5x_flow_close(struct rte_eth_dev *dev)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct mlx5x_flow_port *fp = priv->flow;

	if (fp == NULL)
		return;
	pthread_mutex_lock(&flow_lock);
	flow_list_destroy(dev, &fp->defaults);
	flow_list_destroy(dev, &fp->flows);
	pthread_mutex_unlock(&flow_lock);
	rte_free(fp);
	priv->flow = NULL;
}

bool
mlx5x_flow_isolated(struct rte_eth_dev *dev)
{
	return flow_port(dev) != NULL && flow_port(dev)->isolated;
}

int
mlx5x_flow_default_add(struct rte_eth_dev *dev,
		       const struct mlx5x_flow_rule *rule)
{
	struct mlx5x_flow_port *fp = flow_port(dev);
	struct mlx5x_flow_rule r = *rule;
	struct rte_flow_error error;
	struct rte_flow *flow;
	int ret;

	mlx5x_flow_match_port(MLX5X_PRIV(dev), &r);
	flow = mlx5x_flow_alloc(&r);
	if (flow == NULL)
		return -ENOMEM;
	/* A replacement set goes in before the old one leaves: Direct Rules
	 * keeps a rule equal to a live one behind it (rdma-core allows
	 * duplicate rules by default), so the old set matches until it is
	 * released and no frame meets a gap. */
	flow->internal = true;
	/* The defaults exist only on the DevX steering path: DR, or DV
	 * where the adapter refuses DR domains. */
	flow->backend = fp->backend == &mlx5x_flow_dv_backend
				? &mlx5x_flow_dv_backend
				: &mlx5x_flow_dr_backend;
	memset(&error, 0, sizeof(error));
	pthread_mutex_lock(&flow_lock);
	ret = flow_apply(dev, flow, &r, &error);
	if (ret == 0)
		TAILQ_INSERT_TAIL(&fp->defaults, flow, next);
	pthread_mutex_unlock(&flow_lock);
	if (ret < 0) {
		MLX5X_NET_LOG(ERR, "port %u: default steering rule: %s",
			      dev->data->port_id,
			      error.message != NULL ? error.message
						    : strerror(-ret));
		mlx5x_flow_free(flow);
	}
	return ret;
}

void
mlx5x_flow_defaults_take(struct rte_eth_dev *dev, struct mlx5x_flow_list *old)
{
	struct mlx5x_flow_port *fp = flow_port(dev);

	TAILQ_INIT(old);
	pthread_mutex_lock(&flow_lock);
	TAILQ_CONCAT(old, &fp->defaults, next);
	pthread_mutex_unlock(&flow_lock);
}

void
mlx5x_flow_defaults_release(struct rte_eth_dev *dev,
			    struct mlx5x_flow_list *old)
{
	pthread_mutex_lock(&flow_lock);
	flow_list_destroy(dev, old);
	pthread_mutex_unlock(&flow_lock);
}

void
mlx5x_flow_defaults_flush(struct rte_eth_dev *dev)
{
	struct mlx5x_flow_port *fp = flow_port(dev);

	if (fp == NULL)
		return;
	pthread_mutex_lock(&flow_lock);
	flow_list_destroy(dev, &fp->defaults);
	pthread_mutex_unlock(&flow_lock);
}

/* ---- rte_flow_ops ------------------------------------------------------- */

static int
flow_validate(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
	      const struct rte_flow_item pattern[],
	      const struct rte_flow_action actions[],
	      struct rte_flow_error *error)
{
	struct mlx5x_flow_rule *rule;
	int ret;

	rule = rte_malloc("mlx5x_flow_rule", sizeof(*rule), 0);
	if (rule == NULL)
		return rte_flow_error_set(error, ENOMEM,
					  RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
					  "no memory for the rule");
	ret = mlx5x_flow_parse(dev, attr, pattern, actions, rule, error);
	rte_free(rule);
	return ret;
}

static struct rte_flow *
flow_create(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
	    const struct rte_flow_item pattern[],
	    const struct rte_flow_action actions[],
	    struct rte_flow_error *error)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct mlx5x_flow_port *fp = priv->flow;
	struct mlx5x_flow_rule rule;
	struct rte_flow *flow;
	int ret;

	/* Parsed whole on the stack, kept packed (mlx5x_flow_pack.c). */
	ret = mlx5x_flow_parse(dev, attr, pattern, actions, &rule, error);
	if (ret < 0) {
		rte_errno = -ret;
		return NULL;
	}
	flow = mlx5x_flow_alloc(&rule);
	if (flow == NULL) {
		rte_flow_error_set(error, ENOMEM,
				   RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
				   "no memory for the flow");
		return NULL;
	}
	/* Counter bulks and tables are shared by the adapter's ports. */
	pthread_mutex_lock(&flow_lock);
	if (rule.count) {
		flow->counter =
			fp->backend == &mlx5x_flow_dv_backend
				? mlx5x_flow_counter_alloc_single(priv->sh)
				: mlx5x_flow_counter_alloc(priv->sh);
		if (flow->counter == NULL) {
			ret = -rte_errno;
			pthread_mutex_unlock(&flow_lock);
			mlx5x_flow_error(error, -ret,
					 RTE_FLOW_ERROR_TYPE_ACTION, NULL,
					 "action count: the adapter refused ALLOC_FLOW_COUNTER (see the log for status and syndrome): %s",
					 strerror(-ret));
			goto err_free;
		}
	}
	if (fp->applied) {
		ret = flow_apply(dev, flow, &rule, error);
		if (ret < 0) {
			if (flow->counter != NULL)
				mlx5x_flow_counter_free(flow->counter);
			flow->counter = NULL;
			pthread_mutex_unlock(&flow_lock);
			goto err_free;
		}
	}
	flow->owner = fp;
	TAILQ_INSERT_TAIL(&fp->flows, flow, next);
	pthread_mutex_unlock(&flow_lock);
	return flow;

err_free:
	flow_free(flow);
	rte_errno = -ret;
	return NULL;
}

/* A handle of this port's list (O(1): flow-perf destroys millions). */
static bool
flow_owned(const struct mlx5x_flow_port *fp, const struct rte_flow *flow)
{
	return flow != NULL && flow->owner == fp;
}

static int
flow_destroy(struct rte_eth_dev *dev, struct rte_flow *flow,
	     struct rte_flow_error *error)
{
	struct mlx5x_flow_port *fp = flow_port(dev);

	pthread_mutex_lock(&flow_lock);
	if (!flow_owned(fp, flow)) {
		pthread_mutex_unlock(&flow_lock);
		return rte_flow_error_set(error, EINVAL,
					  RTE_FLOW_ERROR_TYPE_HANDLE, flow,
					  "no such flow on this port");
	}
	TAILQ_REMOVE(&fp->flows, flow, next);
	flow->owner = NULL;
	flow_remove(dev, flow);
	flow_free(flow);
	pthread_mutex_unlock(&flow_lock);
	return 0;
}

static int
flow_flush(struct rte_eth_dev *dev, struct rte_flow_error *error)
{
	RTE_SET_USED(error);
	pthread_mutex_lock(&flow_lock);
	flow_list_destroy(dev, &flow_port(dev)->flows);
	pthread_mutex_unlock(&flow_lock);
	return 0;
}

static int
flow_query(struct rte_eth_dev *dev, struct rte_flow *flow,
	   const struct rte_flow_action *action, void *data,
	   struct rte_flow_error *error)
{
	struct rte_flow_query_count *qc = data;
	uint64_t packets, bytes;
	int ret;

	if (action == NULL || action->type != RTE_FLOW_ACTION_TYPE_COUNT)
		return rte_flow_error_set(error, ENOTSUP,
					  RTE_FLOW_ERROR_TYPE_ACTION, action,
					  "only COUNT can be queried");
	if (qc == NULL)
		return rte_flow_error_set(error, EINVAL,
					  RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
					  "query data is NULL");
	pthread_mutex_lock(&flow_lock);
	if (!flow_owned(flow_port(dev), flow)) {
		pthread_mutex_unlock(&flow_lock);
		return rte_flow_error_set(error, EINVAL,
					  RTE_FLOW_ERROR_TYPE_HANDLE, flow,
					  "no such flow on this port");
	}
	if (flow->counter == NULL) {
		pthread_mutex_unlock(&flow_lock);
		return rte_flow_error_set(error, EINVAL,
					  RTE_FLOW_ERROR_TYPE_ACTION, action,
					  "the flow has no count action");
	}
	ret = mlx5x_flow_counter_query(flow->counter, qc->reset != 0, &packets,
				       &bytes);
	pthread_mutex_unlock(&flow_lock);
	if (ret < 0)
		return mlx5x_flow_error(error, -ret, RTE_FLOW_ERROR_TYPE_ACTION,
					action,
					"QUERY_FLOW_COUNTER failed (see the log for status and syndrome): %s",
					strerror(-ret));
	qc->hits_set = 1;
	qc->bytes_set = 1;
	qc->hits = packets;
	qc->bytes = bytes;
	return 0;
}

static int
flow_isolate(struct rte_eth_dev *dev, int set, struct rte_flow_error *error)
{
	struct mlx5x_flow_port *fp = flow_port(dev);

	if (dev->data->dev_started)
		return rte_flow_error_set(error, EBUSY,
					  RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
					  "isolated mode changes only while the port is stopped");
	fp->isolated = set != 0;
	return 0;
}

static int
flow_dev_dump(struct rte_eth_dev *dev, struct rte_flow *flow, FILE *file,
	      struct rte_flow_error *error)
{
	struct mlx5x_flow_port *fp = flow_port(dev);
	struct rte_flow *f;

	RTE_SET_USED(error);
	pthread_mutex_lock(&flow_lock);
	fprintf(file, "port %u: backend %s, %s%s\n", dev->data->port_id,
		fp->backend->name, fp->isolated ? "isolated, " : "",
		fp->applied ? "programmed" : "not programmed (port stopped)");
	TAILQ_FOREACH (f, &fp->flows, next) {
		struct mlx5x_flow_rule r;

		/* cppcheck-suppress uninitvar ; the TAILQ macros hide init */
		if (flow != NULL && f != flow)
			continue;
		mlx5x_flow_rule_of(f, &r);
		fprintf(file,
			"flow %p: %s group %u prio %u fate %u tag 0x%x count %d\n",
			(void *)f,
			r.domain == MLX5X_FLOW_DOMAIN_RX   ? "ingress"
			: r.domain == MLX5X_FLOW_DOMAIN_TX ? "egress"
							   : "transfer",
			r.group, r.prio, r.fate, r.tag, r.count);
	}
	pthread_mutex_unlock(&flow_lock);
	return 0;
}

const struct rte_flow_ops mlx5x_flow_ops = {
	.validate = flow_validate,
	.create = flow_create,
	.destroy = flow_destroy,
	.flush = flow_flush,
	.query = flow_query,
	.isolate = flow_isolate,
	.dev_dump = flow_dev_dump,
	.pick_transfer_proxy = mlx5x_flow_pick_transfer_proxy,
};

int
mlx5x_flow_internal_add(struct rte_eth_dev *dev,
			const struct mlx5x_flow_rule *rule,
			struct rte_flow **out, struct rte_flow_error *error)
{
	struct rte_flow *flow;
	int ret;

	flow = mlx5x_flow_alloc(rule);
	if (flow == NULL)
		return rte_flow_error_set(error, ENOMEM,
					  RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
					  "no memory for an internal rule");
	flow->internal = true;
	flow->backend = &mlx5x_flow_dr_backend;
	pthread_mutex_lock(&flow_lock);
	ret = flow_apply(dev, flow, rule, error);
	pthread_mutex_unlock(&flow_lock);
	if (ret < 0) {
		mlx5x_flow_free(flow);
		return ret;
	}
	*out = flow;
	return 0;
}

void
mlx5x_flow_internal_del(struct rte_eth_dev *dev, struct rte_flow *flow)
{
	pthread_mutex_lock(&flow_lock);
	flow_remove(dev, flow);
	pthread_mutex_unlock(&flow_lock);
	mlx5x_flow_free(flow);
}

int
mlx5x_flow_ops_get(struct rte_eth_dev *dev, const struct rte_flow_ops **ops)
{
	if (MLX5X_PRIV(dev)->flow == NULL)
		return -ENOTSUP;
	*ops = &mlx5x_flow_ops;
	return 0;
}
