/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DR backend (mlx5dv_dr_*, dv_flow_en=1): per adapter one NIC Rx and
 * one NIC Tx domain; group 0 is the domain's root table (level 0), group N
 * a table at level N reached by jump. Shared objects are get-or-create and
 * reference counted in one shape: tables per (domain, group), matchers per
 * (table, priority, criteria, mask), TIRs (+ RQT) per (queues, hash fields,
 * key). A rule with RSS over a pattern that does not pin L3/L4 expands
 * into one DR rule per hashed traffic kind, the way the TIR's
 * rx_hash_field_selector needs one L3/L4 type per TIR.
 */
#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_malloc.h>

#include "mlx5x_devx.h"
#include "mlx5x_flow.h"
#include "mlx5x_rxtx.h"

#define DR_SUBS_MAX 8

/* A mlx5dv_flow_match_parameters with room for a whole fte_match_param,
 * on the stack: a rule's value is needed only while the rule is made. */
#define DR_MATCH_PARAMS(name)                                                  \
	uint64_t name[(sizeof(struct mlx5dv_flow_match_parameters) +           \
		       sizeof(mlx5x_flow_match_t)) /                           \
			      sizeof(uint64_t) +                               \
		      1]

struct dr_table {
	LIST_ENTRY(dr_table) next;
	uint8_t domain;
	uint32_t group;
	unsigned int refcnt;
	struct mlx5dv_dr_table *tbl;
	struct mlx5dv_dr_action *jump; /* dest table, for rules jumping here */
};

struct dr_matcher {
	LIST_ENTRY(dr_matcher) next;
	struct dr_table *table;
	uint16_t prio;
	uint8_t criteria;
	mlx5x_flow_match_t mask;
	unsigned int refcnt;
	struct mlx5dv_dr_matcher *m;
	struct mlx5dv_flow_matcher *dvm; /* DV mode */
	uint8_t dv_domain;		 /* DV mode: NIC Rx or NIC Tx root */
};

struct dr_tir {
	LIST_ENTRY(dr_tir) next;
	unsigned int refcnt;
	uint16_t nb_rqn;
	uint32_t rqn[MLX5X_QUEUES_MAX];
	uint8_t l3, l4;
	bool inner; /* hashes the inner headers (rss level 2) */
	uint32_t fields;
	uint8_t key[MLX5X_RSS_KEY_LEN];
	struct mlx5dv_devx_obj *rqt;
	struct mlx5dv_devx_obj *tir;
	struct mlx5dv_dr_action *action;
};

/* A modify-header context, shared by the rules with the same commands in
 * the same domain (and root or not: the root's are firmware objects). */
struct dr_mhdr {
	LIST_ENTRY(dr_mhdr) next;
	unsigned int refcnt;
	uint8_t domain;
	bool root;
	uint8_t n;
	uint32_t cmds[MLX5X_FLOW_MHDR_MAX][2];
	struct mlx5dv_dr_action *action;
};

/*
 * Mark tables: a mark on an ingress rule that jumps travels in reg_c_1
 * (mlx5x_flow_meta.c), and the flow tag reaches the CQE only from the
 * entry that delivers the frame. So an ingress rule of a group > 0 that
 * delivers to a TIR without a mark of its own jumps instead to the mark
 * table of that TIR, at the top NIC Rx level: one entry per carried mark
 * (reg_c_1 = that mark: flow tag + TIR) and one catching the rest (TIR).
 */
struct dr_mark {
	LIST_ENTRY(dr_mark) next;
	unsigned int refcnt;
	uint32_t reg; /* reg_c_1 value */
	struct mlx5dv_dr_action *tag;
};

struct dr_mark_rule {
	LIST_ENTRY(dr_mark_rule) next;
	struct dr_mark *mark;
	struct mlx5dv_dr_rule *rule;
};

struct dr_markt {
	LIST_ENTRY(dr_markt) next;
	unsigned int refcnt;
	struct dr_tir *tir; /* held */
	struct mlx5dv_dr_table *tbl;
	struct mlx5dv_dr_matcher *by_mark, *rest;
	struct mlx5dv_dr_rule *rest_rule;
	struct mlx5dv_dr_action *jump;
	LIST_HEAD(dr_mark_rule_list, dr_mark_rule) rules;
};

struct dr_sh {
	/* DV mode (mlx5x_flow_dv_backend): no DR domains, matchers and
	 * rules made with mlx5dv_create_flow_matcher / _flow on the NIC Rx
	 * root; TIRs shared the same way. */
	bool dv;
	struct ibv_context *ctx;
	unsigned int refcnt; /* tables (DV mode: matchers) */
	struct mlx5dv_dr_domain *dmn[MLX5X_FLOW_DOMAINS];
	struct mlx5dv_dr_action *drop;
	LIST_HEAD(dr_table_list, dr_table) tables;
	LIST_HEAD(dr_matcher_list, dr_matcher) matchers;
	LIST_HEAD(dr_tir_list, dr_tir) tirs;
	LIST_HEAD(dr_mhdr_list, dr_mhdr) mhdrs;
	LIST_HEAD(dr_mark_list, dr_mark) marks;
	LIST_HEAD(dr_markt_list, dr_markt) markts;
	/* FDB root "everything else -> level 1", held by the transfer
	 * rules of levels >= 1 (fdb_users). */
	struct rte_flow *fdb_base;
	unsigned int fdb_users;
};

struct dr_sub {
	struct dr_matcher *matcher;
	struct dr_tir *tir;
	struct dr_markt *markt; /* instead of the TIR: a group > 0 */
	struct mlx5dv_dr_action *tir_action; /* MLX5X_FLOW_FATE_TIR */
	struct mlx5dv_dr_rule *rule;
	struct ibv_flow *dvflow; /* DV mode */
};

struct dr_handle {
	struct dr_sh *ds;
	struct dr_table *jump;
	struct mlx5dv_dr_action *tag;
	struct mlx5dv_dr_action *count;
	struct mlx5dv_devx_obj *count_obj; /* DV mode: the counter's object */
	struct mlx5dv_dr_action *port[MLX5X_FLOW_PORTS_MAX];
	struct dr_mhdr *mhdr;
	struct dr_mark *mark; /* the rule carries a mark across its jump */
	struct mlx5dv_dr_action *pop, *push, *decap, *encap;
	bool fdb_user;	  /* holds ds->fdb_base */
	uint8_t subs_max; /* room in subs[] */
	unsigned int nb_subs;
	/* One, or DR_SUBS_MAX for an RSS rule that may expand: a handle
	 * lives as long as its rule, so it takes no more than it uses. */
	struct dr_sub subs[];
};

#define DR_HANDLE_SIZE(subs)                                                   \
	(sizeof(struct dr_handle) + (subs) * sizeof(struct dr_sub))

/* Hashed traffic kinds: which RSS type asks for one, what the TIR hashes,
 * and what a sub-rule adds to the match to catch only that kind. */
static const struct dr_kind {
	uint64_t rss_hf;
	uint8_t l3; /* MLX5X_FLOW_L3_* */
	uint8_t l4; /* IPPROTO_* */
} dr_kinds[] = {
	{ RTE_ETH_RSS_NONFRAG_IPV4_TCP, MLX5X_FLOW_L3_IPV4, IPPROTO_TCP },
	{ RTE_ETH_RSS_NONFRAG_IPV4_UDP, MLX5X_FLOW_L3_IPV4, IPPROTO_UDP },
	{ RTE_ETH_RSS_NONFRAG_IPV6_TCP | RTE_ETH_RSS_IPV6_TCP_EX,
	  MLX5X_FLOW_L3_IPV6, IPPROTO_TCP },
	{ RTE_ETH_RSS_NONFRAG_IPV6_UDP | RTE_ETH_RSS_IPV6_UDP_EX,
	  MLX5X_FLOW_L3_IPV6, IPPROTO_UDP },
	{ MLX5X_RSS_HF_IPV4_ANY, MLX5X_FLOW_L3_IPV4, 0 },
	{ MLX5X_RSS_HF_IPV6_ANY, MLX5X_FLOW_L3_IPV6, 0 },
};

static int
dr_fail(struct rte_flow_error *error, const char *what)
{
	int err = errno != 0 ? errno : EINVAL;

	return mlx5x_flow_error(error, err, RTE_FLOW_ERROR_TYPE_UNSPECIFIED,
				NULL,
				"the adapter refused %s: %s; nothing of the rule was kept",
				what, strerror(err));
}

/* ---- shared context ----------------------------------------------------- */

static struct dr_sh *
dr_sh_get(struct mlx5x_dev_ctx *sh, bool dv, struct rte_flow_error *error)
{
	static const enum mlx5dv_dr_domain_type types[] = {
		MLX5DV_DR_DOMAIN_TYPE_NIC_RX,
		MLX5DV_DR_DOMAIN_TYPE_NIC_TX,
	};
	struct dr_sh *ds = sh->flow;
	unsigned int i;

	if (ds != NULL)
		return ds;
	ds = rte_zmalloc("mlx5x_flow_dr", sizeof(*ds), 0);
	if (ds == NULL) {
		rte_flow_error_set(error, ENOMEM,
				   RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
				   "no memory for the DR context");
		return NULL;
	}
	ds->dv = dv;
	ds->ctx = sh->ctx;
	LIST_INIT(&ds->tables);
	LIST_INIT(&ds->matchers);
	LIST_INIT(&ds->tirs);
	LIST_INIT(&ds->mhdrs);
	LIST_INIT(&ds->marks);
	LIST_INIT(&ds->markts);
	if (dv) {
		sh->flow = ds;
		return ds;
	}
	/* The FDB domain comes with the first transfer rule (dr_domain). */
	for (i = 0; i < RTE_DIM(types); i++) {
		ds->dmn[i] = mlx5x_glue->dr_domain_create(sh->ctx, types[i]);
		if (ds->dmn[i] == NULL) {
			dr_fail(error,
				i == 0 ? "mlx5dv_dr_domain_create(NIC_RX)"
				       : "mlx5dv_dr_domain_create(NIC_TX)");
			goto err_destroy;
		}
	}
	ds->drop = mlx5x_glue->dr_action_create_drop();
	if (ds->drop == NULL) {
		dr_fail(error, "mlx5dv_dr_action_create_drop");
		goto err_destroy;
	}
	sh->flow = ds;
	return ds;

err_destroy:
	for (i = MLX5X_FLOW_DOMAINS; i > 0; i--)
		if (ds->dmn[i - 1] != NULL)
			mlx5x_glue->dr_domain_destroy(ds->dmn[i - 1]);
	rte_free(ds);
	return NULL;
}

/* The last table gone, the domains go too. */
static void
dr_sh_put(struct mlx5x_dev_ctx *sh)
{
	struct dr_sh *ds = sh->flow;
	unsigned int i;

	if (ds == NULL || ds->refcnt != 0 || !LIST_EMPTY(&ds->tirs))
		return;
	if (ds->drop != NULL)
		mlx5x_glue->dr_action_destroy(ds->drop);
	for (i = MLX5X_FLOW_DOMAINS; i > 0; i--)
		if (ds->dmn[i - 1] != NULL)
			mlx5x_glue->dr_domain_destroy(ds->dmn[i - 1]);
	rte_free(ds);
	sh->flow = NULL;
}

/* The E-Switch's FDB domain, one per adapter (the ports of one E-Switch
 * share the IB device and so this context). */
static int
dr_domain(struct mlx5x_dev_ctx *sh, struct dr_sh *ds, uint8_t domain,
	  struct rte_flow_error *error)
{
	if (ds->dmn[domain] != NULL)
		return 0;
	errno = 0;
	ds->dmn[domain] =
		mlx5x_glue->dr_domain_create(sh->ctx,
					     MLX5DV_DR_DOMAIN_TYPE_FDB);
	if (ds->dmn[domain] == NULL)
		return dr_fail(error, "mlx5dv_dr_domain_create(FDB)");
	return 0;
}

/* ---- tables ------------------------------------------------------------- */

static struct dr_table *
dr_table_get(struct dr_sh *ds, uint8_t domain, uint32_t group,
	     struct rte_flow_error *error)
{
	struct dr_table *t;

	LIST_FOREACH (t, &ds->tables, next)
		if (t->domain == domain && t->group == group) {
			t->refcnt++;
			return t;
		}
	t = rte_zmalloc("mlx5x_dr_table", sizeof(*t), 0);
	if (t == NULL) {
		rte_flow_error_set(error, ENOMEM,
				   RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
				   "no memory for a table");
		return NULL;
	}
	/* Group N is the table at level N; level 0 is the root. */
	t->tbl = mlx5x_glue->dr_table_create(ds->dmn[domain], group);
	if (t->tbl == NULL) {
		dr_fail(error, "mlx5dv_dr_table_create (CREATE_FLOW_TABLE)");
		rte_free(t);
		return NULL;
	}
	if (group != 0) {
		t->jump = mlx5x_glue->dr_action_create_dest_table(t->tbl);
		if (t->jump == NULL) {
			dr_fail(error, "mlx5dv_dr_action_create_dest_table");
			mlx5x_glue->dr_table_destroy(t->tbl);
			rte_free(t);
			return NULL;
		}
	}
	t->domain = domain;
	t->group = group;
	t->refcnt = 1;
	LIST_INSERT_HEAD(&ds->tables, t, next);
	ds->refcnt++;
	return t;
}

static void
dr_table_put(struct dr_sh *ds, struct dr_table *t)
{
	if (--t->refcnt != 0)
		return;
	LIST_REMOVE(t, next);
	if (t->jump != NULL)
		mlx5x_glue->dr_action_destroy(t->jump);
	if (mlx5x_glue->dr_table_destroy(t->tbl) != 0)
		MLX5X_NET_LOG(WARNING, "DR table of group %u not destroyed",
			      t->group);
	rte_free(t);
	ds->refcnt--;
}

/* ---- matchers ----------------------------------------------------------- */

/* mlx5_ib's 16 bypass priorities of the NIC Rx root: rte_flow priorities
 * 0..3 (3 sub-priorities each), the last 3 for the default steering. */
#define DV_PRIO_LAST_USER 12u
#define DV_PRIO_LAST 15u

static uint16_t
dv_prio(uint16_t prio)
{
	if (prio >= MLX5X_FLOW_PRIO_DEFAULTS)
		return (uint16_t)RTE_MIN(DV_PRIO_LAST_USER + 1u +
						 (prio -
						  MLX5X_FLOW_PRIO_DEFAULTS),
					 DV_PRIO_LAST);
	return prio;
}

/* DV mode: a matcher of the NIC Rx or NIC Tx root (the kernel's bypass
 * and egress namespaces) per (domain, priority, criteria, mask). */
static struct dr_matcher *
dv_matcher_get(struct dr_sh *ds, uint8_t domain, const mlx5x_flow_match_t mask,
	       uint8_t criteria, uint16_t prio, struct rte_flow_error *error)
{
	struct mlx5dv_flow_matcher_attr attr = {
		.type = IBV_FLOW_ATTR_NORMAL,
		.priority = dv_prio(prio),
		.match_criteria_enable = criteria,
		.comp_mask = MLX5DV_FLOW_MATCHER_MASK_FT_TYPE,
		.ft_type = domain == MLX5X_FLOW_DOMAIN_TX
				   ? MLX5DV_FLOW_TABLE_TYPE_NIC_TX
				   : MLX5DV_FLOW_TABLE_TYPE_NIC_RX,
	};
	size_t sz = sizeof(mlx5x_flow_match_t);
	struct mlx5dv_flow_match_parameters *mp;
	struct dr_matcher *m;

	LIST_FOREACH (m, &ds->matchers, next)
		if (m->dv_domain == domain && m->prio == prio &&
		    m->criteria == criteria && memcmp(m->mask, mask, sz) == 0) {
			m->refcnt++;
			return m;
		}
	m = rte_zmalloc("mlx5x_dv_matcher", sizeof(*m), 0);
	mp = rte_zmalloc("mlx5x_dv_mask", sizeof(*mp) + sz, 0);
	if (m == NULL || mp == NULL) {
		rte_free(m);
		rte_free(mp);
		rte_flow_error_set(error, ENOMEM,
				   RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
				   "no memory for a matcher");
		return NULL;
	}
	mp->match_sz = sz;
	memcpy(mp->match_buf, mask, sz);
	attr.match_mask = mp;
	errno = 0;
	m->dvm = mlx5x_glue->dv_create_flow_matcher(ds->ctx, &attr);
	rte_free(mp);
	if (m->dvm == NULL) {
		dr_fail(error,
			domain == MLX5X_FLOW_DOMAIN_TX
				? "mlx5dv_create_flow_matcher (NIC Tx root)"
				: "mlx5dv_create_flow_matcher (NIC Rx root)");
		rte_free(m);
		return NULL;
	}
	m->dv_domain = domain;
	m->prio = prio;
	m->criteria = criteria;
	memcpy(m->mask, mask, sz);
	m->refcnt = 1;
	LIST_INSERT_HEAD(&ds->matchers, m, next);
	ds->refcnt++;
	return m;
}

static struct dr_matcher *
dr_matcher_get(struct dr_sh *ds, const struct mlx5x_flow_rule *rule,
	       const mlx5x_flow_match_t mask, uint8_t criteria, uint16_t prio,
	       struct rte_flow_error *error)
{
	struct mlx5dv_flow_match_parameters *mp;
	struct dr_matcher *m;
	struct dr_table *t;
	size_t sz = sizeof(mlx5x_flow_match_t);

	if (ds->dv)
		return dv_matcher_get(ds, rule->domain, mask, criteria, prio,
				      error);
	LIST_FOREACH (m, &ds->matchers, next)
		if (m->table->domain == rule->domain &&
		    m->table->group == rule->group && m->prio == prio &&
		    m->criteria == criteria && memcmp(m->mask, mask, sz) == 0) {
			m->refcnt++;
			return m;
		}
	t = dr_table_get(ds, rule->domain, rule->group, error);
	if (t == NULL)
		return NULL;
	m = rte_zmalloc("mlx5x_dr_matcher", sizeof(*m), 0);
	mp = rte_zmalloc("mlx5x_dr_mask", sizeof(*mp) + sz, 0);
	if (m == NULL || mp == NULL) {
		rte_free(m);
		rte_free(mp);
		dr_table_put(ds, t);
		rte_flow_error_set(error, ENOMEM,
				   RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
				   "no memory for a matcher");
		return NULL;
	}
	mp->match_sz = sz;
	memcpy(mp->match_buf, mask, sz);
	m->m = mlx5x_glue->dr_matcher_create(t->tbl, prio, criteria, mp);
	rte_free(mp);
	if (m->m == NULL) {
		dr_fail(error, "mlx5dv_dr_matcher_create (CREATE_FLOW_GROUP)");
		rte_free(m);
		dr_table_put(ds, t);
		return NULL;
	}
	m->table = t;
	m->prio = prio;
	m->criteria = criteria;
	memcpy(m->mask, mask, sz);
	m->refcnt = 1;
	LIST_INSERT_HEAD(&ds->matchers, m, next);
	return m;
}

static void
dr_matcher_put(struct dr_sh *ds, struct dr_matcher *m)
{
	if (--m->refcnt != 0)
		return;
	LIST_REMOVE(m, next);
	if (m->dvm != NULL) {
		if (mlx5x_glue->dv_destroy_flow_matcher(m->dvm) != 0)
			MLX5X_NET_LOG(WARNING, "DV matcher not destroyed");
		ds->refcnt--;
		rte_free(m);
		return;
	}
	if (mlx5x_glue->dr_matcher_destroy(m->m) != 0)
		MLX5X_NET_LOG(WARNING, "DR matcher not destroyed");
	dr_table_put(ds, m->table);
	rte_free(m);
}

/* ---- modify header ------------------------------------------------------ */

static struct dr_mhdr *
dr_mhdr_get(struct dr_sh *ds, const struct mlx5x_flow_rule *rule,
	    struct rte_flow_error *error)
{
	size_t sz = (size_t)rule->nb_mhdr * 8;
	bool root = rule->group == 0;
	struct dr_mhdr *m;

	LIST_FOREACH (m, &ds->mhdrs, next)
		if (m->domain == rule->domain && m->root == root &&
		    m->n == rule->nb_mhdr &&
		    memcmp(m->cmds, rule->mhdr, sz) == 0) {
			m->refcnt++;
			return m;
		}
	m = rte_zmalloc("mlx5x_dr_mhdr", sizeof(*m), 0);
	if (m == NULL) {
		rte_flow_error_set(error, ENOMEM,
				   RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
				   "no memory for a modify-header context");
		return NULL;
	}
	m->domain = rule->domain;
	m->root = root;
	m->n = rule->nb_mhdr;
	memcpy(m->cmds, rule->mhdr, sz);
	errno = 0;
	m->action =
		mlx5x_glue
			->dr_action_create_modify_header(ds->dmn[rule->domain],
							 root ? MLX5DV_DR_ACTION_FLAGS_ROOT_LEVEL
							      : 0,
							 sz, (__be64 *)m->cmds);
	if (m->action == NULL) {
		dr_fail(error,
			"mlx5dv_dr_action_create_modify_header (ALLOC_MODIFY_HEADER_CONTEXT)");
		rte_free(m);
		return NULL;
	}
	m->refcnt = 1;
	LIST_INSERT_HEAD(&ds->mhdrs, m, next);
	return m;
}

static void
dr_mhdr_put(struct dr_mhdr *m)
{
	if (--m->refcnt != 0)
		return;
	LIST_REMOVE(m, next);
	if (mlx5x_glue->dr_action_destroy(m->action) != 0)
		MLX5X_NET_LOG(WARNING, "modify-header context not destroyed");
	rte_free(m);
}

/* ---- TIRs --------------------------------------------------------------- */

static uint32_t
dr_hash_fields(uint8_t l4)
{
	uint32_t f = MLX5X_HASH_FIELD_SEL_SRC_IP | MLX5X_HASH_FIELD_SEL_DST_IP;

	if (l4 != 0)
		f |= MLX5X_HASH_FIELD_SEL_L4_SPORT |
		     MLX5X_HASH_FIELD_SEL_L4_DPORT;
	return f;
}

/* A TIR over rqn[] hashing kind (l3, l4); l3 ANY: no hash, the first RQ. */
static struct dr_tir *
dr_tir_get(struct rte_eth_dev *dev, struct dr_sh *ds,
	   const struct mlx5x_flow_rule *rule, uint8_t l3, uint8_t l4,
	   struct rte_flow_error *error)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct mlx5x_devx_tir_attr ta = { .tdn = priv->sh->tdn };
	uint32_t rqn[MLX5X_QUEUES_MAX] = { 0 }, rqtn, tirn;
	uint16_t n = l3 == MLX5X_FLOW_L3_ANY ? 1 : rule->nb_queues;
	uint32_t fields = l3 == MLX5X_FLOW_L3_ANY ? 0 : dr_hash_fields(l4);
	bool inner = fields != 0 && rule->rss_inner;
	struct dr_tir *t;
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct mlx5x_rxq *rxq;

		/* The port may have been reconfigured since the create. */
		if (rule->queues[i] >= dev->data->nb_rx_queues) {
			mlx5x_flow_error(error, EINVAL,
					 RTE_FLOW_ERROR_TYPE_ACTION, NULL,
					 "Rx queue %u of the rule no longer exists: the port has %u",
					 rule->queues[i],
					 dev->data->nb_rx_queues);
			return NULL;
		}
		rxq = dev->data->rx_queues[rule->queues[i]];
		if (rxq == NULL) {
			mlx5x_flow_error(error, EINVAL,
					 RTE_FLOW_ERROR_TYPE_ACTION, NULL,
					 "Rx queue %u is not set up",
					 rule->queues[i]);
			return NULL;
		}
		rqn[i] = rxq->rq.id;
	}
	LIST_FOREACH (t, &ds->tirs, next)
		if (t->nb_rqn == n && t->l3 == l3 && t->l4 == l4 &&
		    t->fields == fields && t->inner == inner &&
		    memcmp(t->rqn, rqn, n * sizeof(rqn[0])) == 0 &&
		    (fields == 0 ||
		     memcmp(t->key, rule->rss_key, MLX5X_RSS_KEY_LEN) == 0)) {
			t->refcnt++;
			return t;
		}
	t = rte_zmalloc("mlx5x_dr_tir", sizeof(*t), 0);
	if (t == NULL) {
		rte_flow_error_set(error, ENOMEM,
				   RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
				   "no memory for a TIR");
		return NULL;
	}
	t->nb_rqn = n;
	memcpy(t->rqn, rqn, n * sizeof(rqn[0]));
	t->l3 = l3;
	t->l4 = l4;
	t->inner = inner;
	t->fields = fields;
	memcpy(t->key, rule->rss_key, MLX5X_RSS_KEY_LEN);
	if (fields != 0) {
		t->rqt = mlx5x_devx_rqt_create(priv->sh->ctx, rqn, n, &rqtn);
		if (t->rqt == NULL) {
			mlx5x_flow_error(error, rte_errno,
					 RTE_FLOW_ERROR_TYPE_ACTION, NULL,
					 "the adapter refused CREATE_RQT over %u queues (status and syndrome in the log)",
					 n);
			goto err_free;
		}
		ta.indirect = true;
		ta.rqn_or_rqtn = rqtn;
		ta.toeplitz_key = t->key;
		ta.l3_prot_type = l3 == MLX5X_FLOW_L3_IPV4
					  ? MLX5X_L3_PROT_TYPE_IPV4
					  : MLX5X_L3_PROT_TYPE_IPV6;
		ta.l4_prot_type = l4 == IPPROTO_TCP   ? MLX5X_L4_PROT_TYPE_TCP
				  : l4 == IPPROTO_UDP ? MLX5X_L4_PROT_TYPE_UDP
						      : 0;
		ta.selected_fields = fields;
		ta.inner = inner;
	} else {
		ta.rqn_or_rqtn = rqn[0];
		ta.toeplitz_key = t->key;
	}
	t->tir = mlx5x_devx_tir_create(priv->sh->ctx, &ta, &tirn);
	if (t->tir == NULL) {
		mlx5x_flow_error(error, rte_errno, RTE_FLOW_ERROR_TYPE_ACTION,
				 NULL,
				 "the adapter refused CREATE_TIR (status and syndrome in the log)");
		goto err_rqt;
	}
	if (ds->dv) /* mlx5dv_create_flow takes the DevX object */
		goto done;
	t->action = mlx5x_glue->dr_action_create_dest_devx_tir(t->tir);
	if (t->action == NULL) {
		dr_fail(error, "mlx5dv_dr_action_create_dest_devx_tir");
		goto err_tir;
	}
done:
	t->refcnt = 1;
	LIST_INSERT_HEAD(&ds->tirs, t, next);
	return t;

err_tir:
	mlx5x_devx_obj_destroy(t->tir, "TIR");
err_rqt:
	if (t->rqt != NULL)
		mlx5x_devx_obj_destroy(t->rqt, "RQT");
err_free:
	rte_free(t);
	return NULL;
}

static void
dr_tir_put(struct dr_tir *t)
{
	if (--t->refcnt != 0)
		return;
	LIST_REMOVE(t, next);
	if (t->action != NULL)
		mlx5x_glue->dr_action_destroy(t->action);
	mlx5x_devx_obj_destroy(t->tir, "TIR");
	if (t->rqt != NULL)
		mlx5x_devx_obj_destroy(t->rqt, "RQT");
	rte_free(t);
}

/* ---- mark tables (a mark carried across a jump) --------------------------- */

static int
dr_markt_rule_add(struct dr_markt *mt, struct dr_mark *mk,
		  struct rte_flow_error *error)
{
	struct mlx5dv_dr_action *acts[2] = { mk->tag, mt->tir->action };
	struct mlx5dv_flow_match_parameters *vp;
	size_t sz = sizeof(mlx5x_flow_match_t);
	struct dr_mark_rule *r;

	r = rte_zmalloc("mlx5x_dr_mark_rule", sizeof(*r), 0);
	vp = rte_zmalloc("mlx5x_dr_value", sizeof(*vp) + sz, 0);
	if (r == NULL || vp == NULL) {
		rte_free(vp);
		rte_free(r);
		return rte_flow_error_set(error, ENOMEM,
					  RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
					  "no memory for a mark table entry");
	}
	vp->match_sz = sz;
	MLX5X_SET(fte_match_param, vp->match_buf,
		  misc_parameters_2.metadata_reg_c_1, mk->reg);
	errno = 0;
	r->rule = mlx5x_glue->dr_rule_create(mt->by_mark, vp, 2, acts);
	rte_free(vp);
	if (r->rule == NULL) {
		rte_free(r);
		return dr_fail(error,
			       "mlx5dv_dr_rule_create (mark table entry, SET_FLOW_TABLE_ENTRY)");
	}
	r->mark = mk;
	LIST_INSERT_HEAD(&mt->rules, r, next);
	return 0;
}

static void
dr_markt_rule_del(struct dr_markt *mt, struct dr_mark *mk)
{
	struct dr_mark_rule *r;

	for (r = LIST_FIRST(&mt->rules); r != NULL && r->mark != mk;
	     r = LIST_NEXT(r, next))
		;
	if (r == NULL)
		return;
	LIST_REMOVE(r, next);
	if (mlx5x_glue->dr_rule_destroy(r->rule) != 0)
		MLX5X_NET_LOG(WARNING, "mark table entry not destroyed");
	rte_free(r);
}

static void
dr_markt_destroy(struct dr_markt *mt)
{
	struct dr_mark_rule *r;

	while ((r = LIST_FIRST(&mt->rules)) != NULL)
		dr_markt_rule_del(mt, r->mark);
	if (mt->rest_rule != NULL)
		mlx5x_glue->dr_rule_destroy(mt->rest_rule);
	if (mt->jump != NULL)
		mlx5x_glue->dr_action_destroy(mt->jump);
	if (mt->rest != NULL)
		mlx5x_glue->dr_matcher_destroy(mt->rest);
	if (mt->by_mark != NULL)
		mlx5x_glue->dr_matcher_destroy(mt->by_mark);
	if (mt->tbl != NULL)
		mlx5x_glue->dr_table_destroy(mt->tbl);
	dr_tir_put(mt->tir);
	rte_free(mt);
}

/* The mark table in front of tir, with an entry per carried mark. */
static struct dr_markt *
dr_markt_get(struct rte_eth_dev *dev, struct dr_sh *ds, struct dr_tir *tir,
	     struct rte_flow_error *error)
{
	uint32_t top = MLX5X_PRIV(dev)->sh->caps.nic_rx_max_ft_level;
	size_t sz = sizeof(mlx5x_flow_match_t);
	struct mlx5dv_flow_match_parameters *mp;
	struct dr_markt *mt;
	struct dr_mark *mk;

	LIST_FOREACH (mt, &ds->markts, next)
		if (mt->tir == tir) {
			mt->refcnt++;
			return mt;
		}
	mt = rte_zmalloc("mlx5x_dr_markt", sizeof(*mt), 0);
	mp = rte_zmalloc("mlx5x_dr_mask", sizeof(*mp) + sz, 0);
	if (mt == NULL || mp == NULL) {
		rte_free(mp);
		rte_free(mt);
		rte_flow_error_set(error, ENOMEM,
				   RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
				   "no memory for a mark table");
		return NULL;
	}
	tir->refcnt++;
	mt->tir = tir;
	LIST_INIT(&mt->rules);
	errno = 0;
	mt->tbl =
		mlx5x_glue->dr_table_create(ds->dmn[MLX5X_FLOW_DOMAIN_RX], top);
	if (mt->tbl == NULL) {
		dr_fail(error, "mlx5dv_dr_table_create (mark table)");
		goto err;
	}
	mp->match_sz = sz;
	MLX5X_SET(fte_match_param, mp->match_buf,
		  misc_parameters_2.metadata_reg_c_1, UINT32_MAX);
	mt->by_mark =
		mlx5x_glue->dr_matcher_create(mt->tbl, 0,
					      MLX5X_MATCH_MISC_PARAMETERS_2,
					      mp);
	memset(mp->match_buf, 0, sz);
	if (mt->by_mark != NULL)
		mt->rest = mlx5x_glue->dr_matcher_create(mt->tbl, 1, 0, mp);
	if (mt->by_mark == NULL || mt->rest == NULL) {
		dr_fail(error, "mlx5dv_dr_matcher_create (mark table)");
		goto err;
	}
	mt->rest_rule =
		mlx5x_glue->dr_rule_create(mt->rest, mp, 1, &tir->action);
	if (mt->rest_rule == NULL) {
		dr_fail(error, "mlx5dv_dr_rule_create (mark table)");
		goto err;
	}
	mt->jump = mlx5x_glue->dr_action_create_dest_table(mt->tbl);
	if (mt->jump == NULL) {
		dr_fail(error,
			"mlx5dv_dr_action_create_dest_table (mark table)");
		goto err;
	}
	LIST_FOREACH (mk, &ds->marks, next)
		if (dr_markt_rule_add(mt, mk, error) < 0)
			goto err;
	rte_free(mp);
	mt->refcnt = 1;
	LIST_INSERT_HEAD(&ds->markts, mt, next);
	return mt;
err:
	rte_free(mp);
	dr_markt_destroy(mt);
	return NULL;
}

static void
dr_markt_put(struct dr_markt *mt)
{
	if (--mt->refcnt != 0)
		return;
	LIST_REMOVE(mt, next);
	dr_markt_destroy(mt);
}

static void
dr_mark_put(struct dr_sh *ds, struct dr_mark *mk)
{
	struct dr_markt *mt;

	if (--mk->refcnt != 0)
		return;
	LIST_REMOVE(mk, next);
	for (mt = LIST_FIRST(&ds->markts); mt != NULL; mt = LIST_NEXT(mt, next))
		dr_markt_rule_del(mt, mk);
	mlx5x_glue->dr_action_destroy(mk->tag);
	rte_free(mk);
}

/* A carried mark: an entry in every mark table. */
static struct dr_mark *
dr_mark_get(struct dr_sh *ds, uint32_t reg, struct rte_flow_error *error)
{
	struct dr_markt *mt;
	struct dr_mark *mk;

	LIST_FOREACH (mk, &ds->marks, next)
		if (mk->reg == reg) {
			mk->refcnt++;
			return mk;
		}
	mk = rte_zmalloc("mlx5x_dr_mark", sizeof(*mk), 0);
	if (mk == NULL) {
		rte_flow_error_set(error, ENOMEM,
				   RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
				   "no memory for a carried mark");
		return NULL;
	}
	mk->reg = reg;
	mk->refcnt = 1;
	errno = 0;
	mk->tag = mlx5x_glue->dr_action_create_tag(
		(reg & MLX5X_FLOW_MARK_FLAG) != 0 ? MLX5X_FLOW_TAG_FLAG
						  : (reg & 0xffffff) + 1);
	if (mk->tag == NULL) {
		dr_fail(error, "mlx5dv_dr_action_create_tag (carried mark)");
		rte_free(mk);
		return NULL;
	}
	LIST_INSERT_HEAD(&ds->marks, mk, next);
	LIST_FOREACH (mt, &ds->markts, next)
		if (dr_markt_rule_add(mt, mk, error) < 0) {
			dr_mark_put(ds, mk);
			return NULL;
		}
	return mk;
}

/* ---- rules -------------------------------------------------------------- */

static int
dr_apply(struct rte_eth_dev *dev, struct rte_flow *flow,
	 const struct mlx5x_flow_rule *rule, struct rte_flow_error *error);
static void dr_remove(struct rte_eth_dev *dev, struct rte_flow *flow);

/*
 * The FDB root keeps the driver's own rules (representor Tx by SQ) and,
 * while transfer rules exist, a last rule sending everything else to the
 * table at level 1, where group 0 of the application lives: its rules are
 * then software steered (any number of actions, modify header, jumps),
 * the way the reference driver's "jump to group 1" does it. Without
 * transfer rules the root misses and frames take the E-Switch's default
 * path (VF k -> representor k, wire -> uplink).
 */
static int
dr_fdb_base_get(struct rte_eth_dev *dev, struct dr_sh *ds,
		struct rte_flow_error *error)
{
	struct mlx5x_flow_rule rule;
	struct rte_flow *f;
	int ret;

	if (ds->fdb_users++ != 0)
		return 0;
	memset(&rule, 0, sizeof(rule));
	rule.domain = MLX5X_FLOW_DOMAIN_FDB;
	rule.group = 0;
	rule.prio = MLX5X_FLOW_PRIO_FDB_BASE;
	rule.fate = MLX5X_FLOW_FATE_JUMP;
	rule.jump_group = MLX5X_FLOW_FDB_LEVEL(0);
	f = mlx5x_flow_alloc(&rule);
	if (f == NULL) {
		ds->fdb_users--;
		return rte_flow_error_set(error, ENOMEM,
					  RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
					  "no memory for the FDB root rule");
	}
	f->internal = true;
	f->backend = &mlx5x_flow_dr_backend;
	ret = dr_apply(dev, f, &rule, error);
	if (ret < 0) {
		ds->fdb_users--;
		mlx5x_flow_free(f);
		return ret;
	}
	ds->fdb_base = f;
	return 0;
}

static void
dr_fdb_base_put(struct rte_eth_dev *dev, struct dr_sh *ds)
{
	struct rte_flow *f = ds->fdb_base;

	if (--ds->fdb_users != 0 || f == NULL)
		return;
	ds->fdb_base = NULL;
	dr_remove(dev, f);
	mlx5x_flow_free(f);
}

static void
dr_remove(struct rte_eth_dev *dev, struct rte_flow *flow)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct dr_handle *h = flow->handle;
	struct dr_sh *ds;
	bool fdb_user;
	unsigned int i;

	if (h == NULL)
		return;
	for (i = h->nb_subs; i > 0; i--) {
		struct dr_sub *s = &h->subs[i - 1];

		if (s->rule != NULL &&
		    mlx5x_glue->dr_rule_destroy(s->rule) != 0)
			MLX5X_NET_LOG(WARNING, "port %u: DR rule not destroyed",
				      dev->data->port_id);
		if (s->dvflow != NULL &&
		    mlx5x_glue_ctx_destroy_flow(s->dvflow) != 0)
			MLX5X_NET_LOG(WARNING, "port %u: DV flow not destroyed",
				      dev->data->port_id);
		if (s->tir_action != NULL)
			mlx5x_glue->dr_action_destroy(s->tir_action);
		if (s->markt != NULL)
			dr_markt_put(s->markt);
		if (s->tir != NULL)
			dr_tir_put(s->tir);
		if (s->matcher != NULL)
			dr_matcher_put(h->ds, s->matcher);
	}
	if (h->mark != NULL)
		dr_mark_put(h->ds, h->mark);
	if (h->mhdr != NULL)
		dr_mhdr_put(h->mhdr);
	if (h->encap != NULL)
		mlx5x_glue->dr_action_destroy(h->encap);
	if (h->push != NULL)
		mlx5x_glue->dr_action_destroy(h->push);
	if (h->pop != NULL)
		mlx5x_glue->dr_action_destroy(h->pop);
	if (h->decap != NULL)
		mlx5x_glue->dr_action_destroy(h->decap);
	for (i = MLX5X_FLOW_PORTS_MAX; i > 0; i--)
		if (h->port[i - 1] != NULL)
			mlx5x_glue->dr_action_destroy(h->port[i - 1]);
	if (h->count != NULL)
		mlx5x_glue->dr_action_destroy(h->count);
	if (h->tag != NULL)
		mlx5x_glue->dr_action_destroy(h->tag);
	if (h->jump != NULL)
		dr_table_put(h->ds, h->jump);
	ds = h->ds;
	fdb_user = h->fdb_user;
	mlx5x_flow_pool_free(h, DR_HANDLE_SIZE(h->subs_max));
	flow->handle = NULL;
	if (fdb_user)
		dr_fdb_base_put(dev, ds);
	dr_sh_put(priv->sh);
}

static int
dv_sub_flow(struct rte_eth_dev *dev, struct dr_handle *h, struct dr_sub *s,
	    const struct mlx5x_flow_rule *rule, uint8_t l3, uint8_t l4,
	    const mlx5x_flow_match_t value, struct rte_flow_error *error);

/* Add one sub-rule: rule's match plus (l3, l4) when expanding RSS. */
static int
dr_sub_add(struct rte_eth_dev *dev, struct dr_handle *h,
	   const struct mlx5x_flow_rule *rule, uint8_t l3, uint8_t l4,
	   bool expand, struct rte_flow_error *error)
{
	struct mlx5dv_dr_action *acts[8 + MLX5X_FLOW_PORTS_MAX];
	struct dr_sub *s = &h->subs[h->nb_subs];
	DR_MATCH_PARAMS(vbuf);
	struct mlx5dv_flow_match_parameters *vp = (void *)vbuf;
	mlx5x_flow_match_t mask, value;
	uint8_t criteria = rule->criteria;
	uint16_t prio = rule->prio;
	size_t na = 0, sz = sizeof(mask);

	memcpy(mask, rule->mask, sz);
	memcpy(value, rule->value, sz);
	if (expand) {
		/* The sub-rule's own specificity inside the rule's level. */
		prio = (uint16_t)(prio - prio % MLX5X_FLOW_SUBS +
				  (l4 != 0 ? MLX5X_FLOW_SUB_L4
				   : l3 != MLX5X_FLOW_L3_ANY
					   ? MLX5X_FLOW_SUB_L3
					   : MLX5X_FLOW_SUB_L2));
		if (l3 != MLX5X_FLOW_L3_ANY && rule->rss_inner) {
			/* Inner RSS: the kind of the tunnelled packet (its
			 * IP version: an L3 tunnel has no inner Ethernet
			 * header). */
			MLX5X_SET(fte_match_param, mask,
				  inner_headers.ip_version, 0xf);
			MLX5X_SET(fte_match_param, value,
				  inner_headers.ip_version,
				  l3 == MLX5X_FLOW_L3_IPV4 ? 4 : 6);
			criteria |= MLX5X_MATCH_INNER_HEADERS;
			if (l4 != 0) {
				MLX5X_SET(fte_match_param, mask,
					  inner_headers.ip_protocol, 0xff);
				MLX5X_SET(fte_match_param, value,
					  inner_headers.ip_protocol, l4);
			}
		} else if (l3 != MLX5X_FLOW_L3_ANY) {
			MLX5X_SET(fte_match_param, mask,
				  outer_headers.ethertype, 0xffff);
			MLX5X_SET(fte_match_param, value,
				  outer_headers.ethertype,
				  l3 == MLX5X_FLOW_L3_IPV4
					  ? RTE_ETHER_TYPE_IPV4
					  : RTE_ETHER_TYPE_IPV6);
			criteria |= MLX5X_MATCH_OUTER_HEADERS;
			if (l4 != 0) {
				MLX5X_SET(fte_match_param, mask,
					  outer_headers.ip_protocol, 0xff);
				MLX5X_SET(fte_match_param, value,
					  outer_headers.ip_protocol, l4);
			}
		}
	}
	h->nb_subs++;
	s->matcher = dr_matcher_get(h->ds, rule, mask, criteria, prio, error);
	if (s->matcher == NULL)
		return -rte_errno;
	if (h->ds->dv)
		return dv_sub_flow(dev, h, s, rule, l3, l4, value, error);
	if (h->tag != NULL)
		acts[na++] = h->tag;
	/* The adapter's order: decap, pop, modify, push, encap. */
	if (h->decap != NULL)
		acts[na++] = h->decap;
	if (h->pop != NULL)
		acts[na++] = h->pop;
	if (h->count != NULL)
		acts[na++] = h->count;
	if (h->mhdr != NULL)
		acts[na++] = h->mhdr->action;
	if (h->push != NULL)
		acts[na++] = h->push;
	if (h->encap != NULL)
		acts[na++] = h->encap;
	switch (rule->fate) {
	case MLX5X_FLOW_FATE_DROP:
		acts[na++] = h->ds->drop;
		break;
	case MLX5X_FLOW_FATE_JUMP:
		acts[na++] = h->jump->jump;
		break;
	case MLX5X_FLOW_FATE_PORT: {
		unsigned int i;

		for (i = 0; i < rule->nb_ports; i++)
			acts[na++] = h->port[i];
		break;
	}
	case MLX5X_FLOW_FATE_QUEUE:
	case MLX5X_FLOW_FATE_RSS:
		s->tir = dr_tir_get(dev, h->ds, rule, l3, l4, error);
		if (s->tir == NULL)
			return -rte_errno;
		/* A group > 0 may be reached with a carried mark. */
		if (rule->domain == MLX5X_FLOW_DOMAIN_RX && rule->group != 0 &&
		    !rule->has_tag) {
			s->markt = dr_markt_get(dev, h->ds, s->tir, error);
			if (s->markt == NULL)
				return -rte_errno;
			acts[na++] = s->markt->jump;
			break;
		}
		acts[na++] = s->tir->action;
		break;
	case MLX5X_FLOW_FATE_TIR:
		s->tir_action =
			mlx5x_glue->dr_action_create_dest_devx_tir(rule->tir);
		if (s->tir_action == NULL)
			return dr_fail(error,
				       "mlx5dv_dr_action_create_dest_devx_tir");
		acts[na++] = s->tir_action;
		break;
	default:
		break;
	}
	vp->match_sz = sz;
	memcpy(vp->match_buf, value, sz);
	errno = 0;
	s->rule = mlx5x_glue->dr_rule_create(s->matcher->m, vp, na, acts);
	if (s->rule == NULL)
		return dr_fail(error,
			       "mlx5dv_dr_rule_create (SET_FLOW_TABLE_ENTRY)");
	return 0;
}

/* DV mode: the sub-rule as one mlx5dv_create_flow under its matcher. */
static int
dv_sub_flow(struct rte_eth_dev *dev, struct dr_handle *h, struct dr_sub *s,
	    const struct mlx5x_flow_rule *rule, uint8_t l3, uint8_t l4,
	    const mlx5x_flow_match_t value, struct rte_flow_error *error)
{
	struct mlx5dv_flow_action_attr acts[3];
	DR_MATCH_PARAMS(vbuf);
	struct mlx5dv_flow_match_parameters *vp = (void *)vbuf;
	size_t na = 0, sz = sizeof(mlx5x_flow_match_t);

	memset(acts, 0, sizeof(acts));
	if (rule->has_tag) {
		acts[na].type = MLX5DV_FLOW_ACTION_TAG;
		acts[na++].tag_value = rule->tag;
	}
	/* COUNTERS_DEVX counts on the object's own id: the flow's counter
	 * is one alone in its object (mlx5x_flow_counter_alloc_single). */
	if (h->count_obj != NULL) {
		acts[na].type = MLX5DV_FLOW_ACTION_COUNTERS_DEVX;
		acts[na++].obj = h->count_obj;
	}
	switch (rule->fate) {
	case MLX5X_FLOW_FATE_NONE:
		/* Egress without drop: no destination, the kernel's egress
		 * entry lets the frame on to the port. */
		break;
	case MLX5X_FLOW_FATE_DROP:
		acts[na++].type = MLX5DV_FLOW_ACTION_DROP;
		break;
	case MLX5X_FLOW_FATE_QUEUE:
	case MLX5X_FLOW_FATE_RSS:
		s->tir = dr_tir_get(dev, h->ds, rule, l3, l4, error);
		if (s->tir == NULL)
			return -rte_errno;
		acts[na].type = MLX5DV_FLOW_ACTION_DEST_DEVX;
		acts[na++].obj = s->tir->tir;
		break;
	case MLX5X_FLOW_FATE_TIR:
		acts[na].type = MLX5DV_FLOW_ACTION_DEST_DEVX;
		acts[na++].obj = rule->tir;
		break;
	default:
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ACTION, NULL,
					"DV backend: fate %u not supported",
					rule->fate);
	}
	vp->match_sz = sz;
	memcpy(vp->match_buf, value, sz);
	errno = 0;
	s->dvflow = mlx5x_glue->dv_create_flow(s->matcher->dvm, vp, na, acts);
	if (s->dvflow == NULL)
		return dr_fail(error,
			       rule->domain == MLX5X_FLOW_DOMAIN_TX
				       ? "mlx5dv_create_flow (NIC Tx root)"
				       : "mlx5dv_create_flow (NIC Rx root)");
	return 0;
}

/* The sub-rules RSS over this pattern needs: one per hashed kind the
 * pattern allows and the types ask for, then what no kind catches to
 * the first queue without a hash. */
static int
dr_rss_expand(struct rte_eth_dev *dev, struct dr_handle *h,
	      const struct mlx5x_flow_rule *rule, struct rte_flow_error *error)
{
	/* Inner RSS (level 2) expands on what the pattern names after its
	 * tunnel item. */
	const uint8_t l3 = rule->rss_inner ? rule->in_l3 : rule->l3;
	const uint8_t l4 = rule->rss_inner ? rule->in_l4 : rule->l4;
	bool covered = false;
	unsigned int i;
	int ret;

	for (i = 0; i < RTE_DIM(dr_kinds); i++) {
		const struct dr_kind *k = &dr_kinds[i];

		if (!(rule->rss_types & k->rss_hf))
			continue;
		if (l3 != MLX5X_FLOW_L3_ANY && l3 != k->l3)
			continue;
		/* A pinned L4: its own kind, else the L3 hash (kinds are in
		 * L4-first order). */
		if (l4 != 0 &&
		    ((k->l4 != 0 && k->l4 != l4) || (k->l4 == 0 && covered)))
			continue;
		ret = dr_sub_add(dev, h, rule, k->l3, k->l4,
				 l3 == MLX5X_FLOW_L3_ANY ||
					 (l4 == 0 && k->l4 != 0),
				 error);
		if (ret < 0)
			return ret;
		if (l3 != MLX5X_FLOW_L3_ANY && (l4 != 0 || k->l4 == 0))
			covered = true;
	}
	if (covered)
		return 0;
	return dr_sub_add(dev, h, rule, MLX5X_FLOW_L3_ANY, 0, false, error);
}

/* VLAN push/pop and tunnel reformat actions of one rule. */
static int
dr_headers(struct dr_handle *h, const struct mlx5x_flow_rule *rule,
	   struct rte_flow_error *error)
{
	struct mlx5dv_dr_domain *dmn = h->ds->dmn[rule->domain];
	uint32_t flags =
		rule->group == 0 ? MLX5DV_DR_ACTION_FLAGS_ROOT_LEVEL : 0;

	errno = 0;
	if (rule->decap) {
		h->decap =
			mlx5x_glue
				->dr_action_create_packet_reformat(dmn, flags,
								   MLX5DV_FLOW_ACTION_PACKET_REFORMAT_TYPE_L2_TUNNEL_TO_L2,
								   0, NULL);
		if (h->decap == NULL)
			return dr_fail(error,
				       "mlx5dv_dr_action_create_packet_reformat (L2_TUNNEL_TO_L2)");
	}
	if (rule->pop_vlan) {
		h->pop = mlx5x_glue->dr_action_create_pop_vlan();
		if (h->pop == NULL)
			return dr_fail(error,
				       "mlx5dv_dr_action_create_pop_vlan");
	}
	if (rule->push_vlan) {
		h->push =
			mlx5x_glue
				->dr_action_create_push_vlan(dmn,
							     rte_cpu_to_be_32(
								     rule->vlan_hdr));
		if (h->push == NULL)
			return dr_fail(error,
				       "mlx5dv_dr_action_create_push_vlan");
	}
	if (rule->l3_tunnel == MLX5X_FLOW_L3T_DECAP ||
	    rule->l3_tunnel == MLX5X_FLOW_L3T_ENCAP) {
		uint8_t data[MLX5X_FLOW_ENCAP_MAX];
		bool decap = rule->l3_tunnel == MLX5X_FLOW_L3T_DECAP;
		struct mlx5dv_dr_action *ra;

		/* The L3 decap takes the decap's place in the adapter's
		 * order, the L3 encap the encap's. */
		memcpy(data, rule->encap, rule->encap_len);
		ra = mlx5x_glue->dr_action_create_packet_reformat(
			dmn, flags,
			decap ? MLX5DV_FLOW_ACTION_PACKET_REFORMAT_TYPE_L3_TUNNEL_TO_L2
			      : MLX5DV_FLOW_ACTION_PACKET_REFORMAT_TYPE_L2_TO_L3_TUNNEL,
			rule->encap_len, data);
		if (ra == NULL)
			return dr_fail(error,
				       decap ? "mlx5dv_dr_action_create_packet_reformat (L3_TUNNEL_TO_L2, ALLOC_PACKET_REFORMAT_CONTEXT)"
					     : "mlx5dv_dr_action_create_packet_reformat (L2_TO_L3_TUNNEL, ALLOC_PACKET_REFORMAT_CONTEXT)");
		if (decap)
			h->decap = ra;
		else
			h->encap = ra;
	} else if (rule->encap_len != 0) {
		uint8_t data[MLX5X_FLOW_ENCAP_MAX];

		memcpy(data, rule->encap, rule->encap_len);
		h->encap =
			mlx5x_glue
				->dr_action_create_packet_reformat(dmn, flags,
								   MLX5DV_FLOW_ACTION_PACKET_REFORMAT_TYPE_L2_TO_L2_TUNNEL,
								   rule->encap_len,
								   data);
		if (h->encap == NULL)
			return dr_fail(error,
				       "mlx5dv_dr_action_create_packet_reformat (L2_TO_L2_TUNNEL, ALLOC_PACKET_REFORMAT_CONTEXT)");
	}
	return 0;
}

static int
dr_apply(struct rte_eth_dev *dev, struct rte_flow *flow,
	 const struct mlx5x_flow_rule *rule, struct rte_flow_error *error)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	unsigned int nb_subs =
		rule->fate == MLX5X_FLOW_FATE_RSS ? DR_SUBS_MAX : 1;
	struct dr_handle *h;
	int ret;

	h = mlx5x_flow_pool_zalloc(DR_HANDLE_SIZE(nb_subs));
	if (h == NULL)
		return rte_flow_error_set(error, ENOMEM,
					  RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
					  "no memory for the flow");
	h->subs_max = (uint8_t)nb_subs;
	h->ds = dr_sh_get(priv->sh, flow->backend == &mlx5x_flow_dv_backend,
			  error);
	if (h->ds == NULL) {
		mlx5x_flow_pool_free(h, DR_HANDLE_SIZE(nb_subs));
		return -rte_errno;
	}
	flow->handle = h;
	errno = 0;
	if (rule->domain == MLX5X_FLOW_DOMAIN_FDB) {
		unsigned int i;

		ret = dr_domain(priv->sh, h->ds, rule->domain, error);
		if (ret < 0)
			goto err_remove;
		for (i = 0; i < rule->nb_ports; i++) {
			h->port[i] =
				mlx5x_glue
					->dr_action_create_dest_vport(h->ds->dmn
									      [rule->domain],
								      rule->ports
									      [i]);
			if (h->port[i] == NULL) {
				ret = dr_fail(error,
					      "mlx5dv_dr_action_create_dest_vport");
				goto err_remove;
			}
		}
		/* The driver's own level 1 rules (representor Tx) are
		 * reached by their root rules' jumps, not by the base. */
		if (rule->group != 0 && !flow->internal) {
			ret = dr_fdb_base_get(dev, h->ds, error);
			if (ret < 0)
				goto err_remove;
			h->fdb_user = true;
		}
	}
	if (rule->nb_mhdr != 0) {
		h->mhdr = dr_mhdr_get(h->ds, rule, error);
		if (h->mhdr == NULL) {
			ret = -rte_errno;
			goto err_remove;
		}
	}
	ret = dr_headers(h, rule, error);
	if (ret < 0)
		goto err_remove;
	if (rule->mark_carry != 0) {
		h->mark = dr_mark_get(h->ds, rule->mark_carry, error);
		if (h->mark == NULL) {
			ret = -rte_errno;
			goto err_remove;
		}
	}
	if (rule->has_tag && !h->ds->dv) {
		h->tag = mlx5x_glue->dr_action_create_tag(rule->tag);
		if (h->tag == NULL) {
			ret = dr_fail(error, "mlx5dv_dr_action_create_tag");
			goto err_remove;
		}
	}
	if (flow->counter != NULL && h->ds->dv) {
		uint32_t off;

		h->count_obj = mlx5x_flow_counter_obj(flow->counter, &off);
		if (off != 0) {
			ret = mlx5x_flow_error(error, EINVAL,
					       RTE_FLOW_ERROR_TYPE_ACTION, NULL,
					       "action count: DV backend: the counter is at offset %u of a bulk, and mlx5dv_create_flow names a counter object only",
					       off);
			goto err_remove;
		}
	} else if (flow->counter != NULL) {
		uint32_t off;
		struct mlx5dv_devx_obj *obj =
			mlx5x_flow_counter_obj(flow->counter, &off);

		h->count = mlx5x_glue->dr_action_create_flow_counter(obj, off);
		if (h->count == NULL) {
			ret = dr_fail(error,
				      "mlx5dv_dr_action_create_flow_counter");
			goto err_remove;
		}
	}
	if (rule->fate == MLX5X_FLOW_FATE_JUMP) {
		h->jump = dr_table_get(h->ds, rule->domain, rule->jump_group,
				       error);
		if (h->jump == NULL) {
			ret = -rte_errno;
			goto err_remove;
		}
	}
	if (rule->fate == MLX5X_FLOW_FATE_RSS)
		ret = dr_rss_expand(dev, h, rule, error);
	else
		ret = dr_sub_add(dev, h, rule, rule->l3, rule->l4, false,
				 error);
	if (ret < 0)
		goto err_remove;
	return 0;

err_remove:
	dr_remove(dev, flow);
	return ret;
}

static int
dr_validate(struct rte_eth_dev *dev, const struct mlx5x_flow_rule *rule,
	    struct rte_flow_error *error)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);

	if (mlx5x_glue->dr_domain_create == NULL ||
	    mlx5x_glue->dr_rule_create == NULL)
		return rte_flow_error_set(error, ENOTSUP,
					  RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
					  "dv_flow_en=1 needs rdma-core's Direct Rules (mlx5dv_dr_*), which this rdma-core lacks: use dv_flow_en=0");
	if (!priv->sh->caps.nic_rx_ft_support)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
					"%s has no NIC Rx flow tables (flow_table_properties_nic_receive.ft_support)",
					priv->sh->ibdev_name);
	if (rule->domain == MLX5X_FLOW_DOMAIN_FDB &&
	    mlx5x_glue->dr_action_create_dest_vport == NULL)
		return rte_flow_error_set(error, ENOTSUP,
					  RTE_FLOW_ERROR_TYPE_ATTR_TRANSFER,
					  NULL,
					  "transfer rules need rdma-core's mlx5dv_dr_action_create_dest_vport, which this rdma-core lacks");
	return 0;
}

const struct mlx5x_flow_backend mlx5x_flow_dr_backend = {
	.name = "dr",
	.validate = dr_validate,
	.apply = dr_apply,
	.remove = dr_remove,
};

/* ---- DV: the NIC Rx root without Direct Rules ----------------------------- */

bool
mlx5x_flow_dr_usable(struct mlx5x_dev_ctx *sh)
{
	struct mlx5dv_dr_domain *d;

	if (mlx5x_glue->dr_domain_create == NULL ||
	    mlx5x_glue->dr_rule_create == NULL)
		return false;
	if (sh->flow != NULL)
		return !((struct dr_sh *)sh->flow)->dv;
	/* rdma-core refuses a domain where the adapter gives software no
	 * ownership of the tables (ConnectX-4: no sw_owner cap). */
	d = mlx5x_glue->dr_domain_create(sh->ctx, MLX5DV_DR_DOMAIN_TYPE_NIC_RX);
	if (d == NULL)
		return false;
	mlx5x_glue->dr_domain_destroy(d);
	return true;
}

static int
dv_refuse(struct rte_flow_error *error, enum rte_flow_error_type type,
	  const char *what)
{
	return mlx5x_flow_error(error, ENOTSUP, type, NULL,
				"DV backend (dv_flow_en=1 without Direct Rules: rdma-core has no mlx5dv_dr_* or the adapter refused a DR domain): %s",
				what);
}

static int
dv_validate(struct rte_eth_dev *dev, const struct mlx5x_flow_rule *rule,
	    struct rte_flow_error *error)
{
	if (mlx5x_glue->dv_create_flow == NULL ||
	    mlx5x_glue->dv_create_flow_matcher == NULL)
		return dv_refuse(error, RTE_FLOW_ERROR_TYPE_UNSPECIFIED,
				 "rdma-core has no mlx5dv_create_flow either: use dv_flow_en=0");
	/* Egress rules go to the NIC Tx root (the kernel's egress
	 * namespace) where the adapter has NIC Tx flow tables. */
	if (rule->domain == MLX5X_FLOW_DOMAIN_TX &&
	    !MLX5X_PRIV(dev)->sh->caps.nic_tx_ft_support)
		return dv_refuse(error, RTE_FLOW_ERROR_TYPE_ATTR_EGRESS,
				 "egress rules need NIC Tx flow tables, which this adapter lacks (flow_table_properties_nic_transmit.ft_support)");
	if (rule->domain != MLX5X_FLOW_DOMAIN_RX &&
	    rule->domain != MLX5X_FLOW_DOMAIN_TX)
		return dv_refuse(error, RTE_FLOW_ERROR_TYPE_ATTR_TRANSFER,
				 "transfer rules need DR's FDB domain; this backend programs the NIC Rx and NIC Tx roots only");
	if (rule->group != 0 || rule->fate == MLX5X_FLOW_FATE_JUMP)
		return dv_refuse(error, RTE_FLOW_ERROR_TYPE_ATTR_GROUP,
				 "groups > 0 and jump need flow tables at levels (DR); mlx5dv_create_flow reaches only the root table (group 0)");
	if (rule->nb_mhdr != 0 || rule->pop_vlan || rule->push_vlan ||
	    rule->decap || rule->encap_len != 0)
		return dv_refuse(error, RTE_FLOW_ERROR_TYPE_ACTION,
				 "header rewrite and VLAN/tunnel actions are not supported");
	if (rule->prio > DV_PRIO_LAST_USER &&
	    rule->prio < MLX5X_FLOW_PRIO_DEFAULTS)
		return dv_refuse(error, RTE_FLOW_ERROR_TYPE_ATTR_PRIORITY,
				 "rte_flow priorities 0..3 only (16 bypass priorities of the root, 3 sub-priorities each, the last 3 for the default steering)");
	return 0;
}

const struct mlx5x_flow_backend mlx5x_flow_dv_backend = {
	.name = "dv",
	.validate = dv_validate,
	.apply = dr_apply,
	.remove = dr_remove,
};
