/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Direct Rules (mlx5dv_dr_*) on the one steering model. Like rdma-core on a
 * root table (firmware steering), this layer turns every DR object into
 * PRM commands to the model's command interface:
 *  - domain: a table type (NIC RX, NIC TX, FDB);
 *  - table: CREATE_FLOW_TABLE at the level asked; level 0 is the domain's
 *    root (SET_FLOW_TABLE_ROOT), as DR's level 0 is the root table;
 *  - matcher: a flow group with the mask, ordered by priority (lower
 *    first), owning a range of 2^22 entry indexes of its table, whose
 *    index space is 2^32 (software steering has no table size cap); a
 *    rule takes a free index in O(1) (a stack of released ones, then the
 *    next never used);
 *  - rule: the entry SET_FLOW_TABLE_ENTRY would set with the value and
 *    its actions, put straight into the matcher's group (the command's
 *    checks, fault injection and trace line, no mailbox);
 *  - actions: destination table / DevX TIR / vport, drop, default miss
 *    (no destination), tag (flow tag), flow counter (DevX counter +
 *    offset), push and pop VLAN, modify header and packet reformat (an
 *    ALLOC_*_CONTEXT command each; L2 tunnel decap is the DECAP action
 *    bit, no context).
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_pkt.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define EMU_DR_MATCHER_LOG 22u
#define EMU_DR_MATCHER_RULES (1u << EMU_DR_MATCHER_LOG)
#define EMU_DR_MAX_MATCHERS 1024u /* 2^32 indexes / EMU_DR_MATCHER_RULES */
#define EMU_DR_TABLE_LOG_SIZE 20  /* what CREATE_FLOW_TABLE asks for */
#define EMU_DR_TABLE_LOG_SPACE 32 /* what the table then gets */

struct mlx5dv_dr_domain {
	struct emu_ctx *ctx;
	uint8_t table_type;
	/* rdma-core keeps duplicate rules unless told not to. */
	bool refuse_duplicates;
};

struct mlx5dv_dr_table {
	struct mlx5dv_dr_domain *dmn;
	uint32_t id;
	uint32_t level;
	uint8_t matcher_used[EMU_DR_MAX_MATCHERS];
};

struct mlx5dv_dr_matcher {
	struct mlx5dv_dr_table *tbl;
	uint32_t fg;
	uint32_t slot;	 /* index range [slot << 22, (slot + 1) << 22) */
	uint32_t next;	 /* indexes below it have been handed out */
	uint32_t *freed; /* released indexes, a stack */
	uint32_t nfreed, freed_cap;
	/* Rule handles by index, in pages carved from the arena as indexes
	 * are first handed out: creating a rule allocates nothing in the
	 * steady state, and a freed index reuses its handle. */
	struct mlx5dv_dr_rule **page;
	struct emu_arena mem;
	uint32_t npages;
};

struct mlx5dv_dr_rule {
	struct mlx5dv_dr_matcher *matcher; /* NULL once destroyed */
	/* The matcher whose page holds the handle: set when the page is
	 * carved and never after, so a destroy finds the adapter to lock
	 * before it holds any lock. */
	struct mlx5dv_dr_matcher *owner;
	uint32_t index;
};

#define EMU_DR_RULE_PAGE_LOG 12u
#define EMU_DR_RULE_PAGES (EMU_DR_MATCHER_RULES >> EMU_DR_RULE_PAGE_LOG)

/* The handle of index idx of m, its page allocated on first use. */
static struct mlx5dv_dr_rule *
emu_dr_rule_slot(struct mlx5dv_dr_matcher *m, uint32_t idx)
{
	struct mlx5dv_dr_rule **pg;
	uint32_t i;

	if (m->page == NULL) {
		m->page = calloc(EMU_DR_RULE_PAGES, sizeof(*m->page));
		if (m->page == NULL)
			return NULL;
	}
	pg = &m->page[idx >> EMU_DR_RULE_PAGE_LOG];
	if (*pg == NULL) {
		const size_t sz = sizeof(**pg) << EMU_DR_RULE_PAGE_LOG;

		*pg = emu_arena_alloc(&m->mem, sz, sz,
				      (uint64_t)(EMU_DR_RULE_PAGES -
						 m->npages) *
					      sz);
		if (*pg == NULL)
			return NULL;
		for (i = 0; i < 1u << EMU_DR_RULE_PAGE_LOG; i++)
			(*pg)[i].owner = m;
		m->npages++;
	}
	return &(*pg)[idx & ((1u << EMU_DR_RULE_PAGE_LOG) - 1)];
}

static void
emu_dr_rule_pages_free(struct mlx5dv_dr_matcher *m)
{
	emu_arena_free(&m->mem);
	free(m->page);
}

enum emu_dr_action_type {
	EMU_DR_DEST_TABLE,
	EMU_DR_DEST_TIR,
	EMU_DR_DEST_VPORT,
	EMU_DR_DROP,
	EMU_DR_DEFAULT_MISS,
	EMU_DR_TAG,
	EMU_DR_COUNTER,
	EMU_DR_POP_VLAN,
	EMU_DR_PUSH_VLAN,
	EMU_DR_MODIFY_HDR,
	EMU_DR_REFORMAT,
	EMU_DR_DECAP,
};

struct mlx5dv_dr_action {
	enum emu_dr_action_type type;
	uint32_t id; /* table, TIR, vport, tag, counter id, or VLAN header */
	struct emu_ctx *ctx; /* modify header, reformat: the context's owner */
};

static int
emu_dr_cmd(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
	   size_t outlen, struct emu_cmd_result *res)
{
	int st;

	emu_lock_ad(ctx->ad);
	st = emu_cmd_exec(ctx, in, inlen, out, outlen, res);
	emu_unlock_ad(ctx->ad);
	if (st != MLX5X_CMD_STAT_OK) {
		errno = st == MLX5X_CMD_STAT_NO_RES_ERR ? ENOMEM : EINVAL;
		return -1;
	}
	return 0;
}

struct mlx5dv_dr_domain *
mlx5dv_dr_domain_create(struct ibv_context *ctx,
			enum mlx5dv_dr_domain_type type)
{
	struct mlx5dv_dr_domain *d;
	uint8_t tt;
	int err;

	switch (type) {
	case MLX5DV_DR_DOMAIN_TYPE_NIC_RX:
		tt = MLX5X_FLOW_TABLE_TYPE_NIC_RX;
		break;
	case MLX5DV_DR_DOMAIN_TYPE_NIC_TX:
		tt = MLX5X_FLOW_TABLE_TYPE_NIC_TX;
		break;
	case MLX5DV_DR_DOMAIN_TYPE_FDB:
		if (!emu_hca_cap_esw_manager(emu_ctx_of(ctx)->ad,
					     emu_ctx_of(ctx)->fn)) {
			errno = EOPNOTSUPP; /* no E-Switch manager */
			return NULL;
		}
		tt = MLX5X_FLOW_TABLE_TYPE_FDB;
		break;
	default:
		errno = EINVAL;
		return NULL;
	}
	/* rdma-core's DR needs software ownership of the table type
	 * (sw_owner or sw_owner_v2 in its flow table caps). */
	if (emu_ctx_of(ctx)->ad->cfg.model->sw_steering ==
	    EMU_SW_STEERING_NONE) {
		errno = EOPNOTSUPP;
		return NULL;
	}
	err = emu_hook_dr_domain_fault(emu_ctx_of(ctx)->ad);
	if (err != 0) {
		errno = err; /* a test's planned failure */
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (d == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	d->ctx = emu_ctx_of(ctx);
	d->table_type = tt;
	emu_hook_dr_domain_count(d->ctx->ad, 1);
	return d;
}

int
mlx5dv_dr_domain_destroy(struct mlx5dv_dr_domain *domain)
{
	emu_hook_dr_domain_count(domain->ctx->ad, -1);
	free(domain);
	return 0;
}

int
mlx5dv_dr_domain_sync(struct mlx5dv_dr_domain *domain, uint32_t flags)
{
	/* Rules take effect when created; nothing is cached. */
	(void)domain;
	(void)flags;
	return 0;
}

struct mlx5dv_dr_table *
mlx5dv_dr_table_create(struct mlx5dv_dr_domain *domain, uint32_t level)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(create_flow_table_out)];
	void *c = MLX5X_ADDR_OF(create_flow_table_in, in, flow_table_context);
	struct emu_cmd_result res;
	struct mlx5dv_dr_table *t;

	t = calloc(1, sizeof(*t));
	if (t == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	MLX5X_SET(create_flow_table_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, in, table_type, domain->table_type);
	MLX5X_SET(flow_table_context, c, level, level);
	MLX5X_SET(flow_table_context, c, log_size, EMU_DR_TABLE_LOG_SIZE);
	if (emu_dr_cmd(domain->ctx, in, sizeof(in), out, sizeof(out), &res)) {
		free(t);
		return NULL;
	}
	t->dmn = domain;
	t->id = res.id;
	t->level = level;
	if (level == 0) {
		uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };

		MLX5X_SET(set_flow_table_root_in, rin, opcode,
			  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
		MLX5X_SET(set_flow_table_root_in, rin, table_type,
			  domain->table_type);
		MLX5X_SET(set_flow_table_root_in, rin, table_id, t->id);
		emu_dr_cmd(domain->ctx, rin, sizeof(rin), out, 16, NULL);
	}
	emu_lock();
	emu_steering_table_log_size(domain->ctx->ad, t->id,
				    EMU_DR_TABLE_LOG_SPACE);
	emu_unlock();
	return t;
}

int
mlx5dv_dr_table_destroy(struct mlx5dv_dr_table *t)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(destroy_flow_table_in)] = { 0 };
	uint8_t out[16];
	struct emu_adapter *ad = t->dmn->ctx->ad;

	emu_lock();
	if (emu_fn_root(ad, t->dmn->ctx->fn)[t->dmn->table_type] == t->id)
		emu_fn_root(ad, t->dmn->ctx->fn)[t->dmn->table_type] = 0;
	emu_unlock();
	MLX5X_SET(destroy_flow_table_in, in, opcode,
		  MLX5X_CMD_OP_DESTROY_FLOW_TABLE);
	MLX5X_SET(destroy_flow_table_in, in, table_type, t->dmn->table_type);
	MLX5X_SET(destroy_flow_table_in, in, table_id, t->id);
	if (emu_dr_cmd(t->dmn->ctx, in, sizeof(in), out, sizeof(out), NULL))
		return EBUSY;
	free(t);
	return 0;
}

struct mlx5dv_dr_matcher *
mlx5dv_dr_matcher_create(struct mlx5dv_dr_table *t, uint16_t priority,
			 uint8_t match_criteria_enable,
			 struct mlx5dv_flow_match_parameters *mask)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(create_flow_group_out)];
	struct emu_cmd_result res;
	struct mlx5dv_dr_matcher *m;
	uint32_t slot;

	if (mask != NULL && mask->match_sz > EMU_MATCH_BYTES) {
		errno = EINVAL;
		return NULL;
	}
	for (slot = 0; slot < EMU_DR_MAX_MATCHERS && t->matcher_used[slot];
	     slot++)
		;
	if (slot == EMU_DR_MAX_MATCHERS) {
		errno = ENOSPC;
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (m == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	MLX5X_SET(create_flow_group_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, in, table_type, t->dmn->table_type);
	MLX5X_SET(create_flow_group_in, in, table_id, t->id);
	MLX5X_SET(create_flow_group_in, in, start_flow_index,
		  slot << EMU_DR_MATCHER_LOG);
	MLX5X_SET(create_flow_group_in, in, end_flow_index,
		  (slot << EMU_DR_MATCHER_LOG) + EMU_DR_MATCHER_RULES - 1);
	MLX5X_SET(create_flow_group_in, in, match_criteria_enable,
		  match_criteria_enable);
	if (mask != NULL)
		memcpy(MLX5X_ADDR_OF(create_flow_group_in, in, match_criteria),
		       mask->match_buf, mask->match_sz);
	if (emu_dr_cmd(t->dmn->ctx, in, sizeof(in), out, sizeof(out), &res)) {
		free(m);
		return NULL;
	}
	emu_lock();
	emu_steering_group_dr(t->dmn->ctx->ad, res.id, priority);
	emu_unlock();
	t->matcher_used[slot] = 1;
	m->tbl = t;
	m->fg = res.id;
	m->slot = slot;
	return m;
}

int
mlx5dv_dr_matcher_destroy(struct mlx5dv_dr_matcher *m)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(destroy_flow_group_in)] = { 0 };
	uint8_t out[16];

	MLX5X_SET(destroy_flow_group_in, in, opcode,
		  MLX5X_CMD_OP_DESTROY_FLOW_GROUP);
	MLX5X_SET(destroy_flow_group_in, in, table_type,
		  m->tbl->dmn->table_type);
	MLX5X_SET(destroy_flow_group_in, in, table_id, m->tbl->id);
	MLX5X_SET(destroy_flow_group_in, in, group_id, m->fg);
	if (emu_dr_cmd(m->tbl->dmn->ctx, in, sizeof(in), out, sizeof(out),
		       NULL))
		return EBUSY; /* rules remain */
	m->tbl->matcher_used[m->slot] = 0;
	emu_dr_rule_pages_free(m);
	free(m->freed);
	free(m);
	return 0;
}

/* Puts one action into the entry; -1 with errno when it cannot. The list
 * holds destinations then counters, eight at most. */
static int
emu_dr_action_put(struct emu_fte_spec *spec, const struct mlx5dv_dr_action *a)
{
	switch (a->type) {
	case EMU_DR_DEST_TABLE:
	case EMU_DR_DEST_TIR:
	case EMU_DR_DEST_VPORT: {
		static const uint16_t t[] = {
			[EMU_DR_DEST_TABLE] =
				MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE,
			[EMU_DR_DEST_TIR] = MLX5X_FLOW_DESTINATION_TYPE_TIR,
			[EMU_DR_DEST_VPORT] = MLX5X_FLOW_DESTINATION_TYPE_VPORT,
		};
		uint16_t type = t[a->type];

		if (a->type == EMU_DR_DEST_VPORT && a->id == MLX5X_VPORT_UPLINK)
			type = MLX5X_FLOW_DESTINATION_TYPE_UPLINK;
		if (spec->ndest + spec->ncnt >= 8) {
			errno = E2BIG;
			return -1;
		}
		spec->dest[spec->ndest].type = type;
		spec->dest[spec->ndest].id = a->id;
		spec->ndest++;
		spec->action |= MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST;
		return 0;
	}
	case EMU_DR_DROP:
		spec->action |= MLX5X_FLOW_CONTEXT_ACTION_DROP;
		return 0;
	case EMU_DR_DEFAULT_MISS:
		spec->action |= MLX5X_FLOW_CONTEXT_ACTION_ALLOW;
		return 0;
	case EMU_DR_TAG:
		spec->flow_tag = a->id;
		return 0;
	case EMU_DR_COUNTER:
		spec->action |= MLX5X_FLOW_CONTEXT_ACTION_COUNT;
		/* More than the entry takes: refused by the entry's checks
		 * (flow_counter_list_size), as a command would be. */
		if (spec->ncnt < EMU_FTE_MAX_COUNTERS)
			spec->cnt[spec->ncnt] = a->id;
		spec->ncnt++;
		return 0;
	case EMU_DR_POP_VLAN:
		spec->action |= MLX5X_FLOW_CONTEXT_ACTION_VLAN_POP;
		return 0;
	case EMU_DR_PUSH_VLAN:
		/* The header as ethertype << 16 | TCI, as the entry keeps it. */
		spec->action |= MLX5X_FLOW_CONTEXT_ACTION_VLAN_PUSH;
		spec->push_vlan = a->id;
		return 0;
	case EMU_DR_MODIFY_HDR:
		spec->action |= MLX5X_FLOW_CONTEXT_ACTION_MOD_HDR;
		spec->mhdr_id = a->id;
		return 0;
	case EMU_DR_REFORMAT:
		spec->action |= MLX5X_FLOW_CONTEXT_ACTION_PACKET_REFORMAT;
		spec->reformat_id = a->id;
		return 0;
	case EMU_DR_DECAP:
		spec->action |= MLX5X_FLOW_CONTEXT_ACTION_DECAP;
		return 0;
	}
	errno = EOPNOTSUPP;
	return -1;
}

/*
 * A rule goes straight into the matcher's group (no mailbox built and
 * decoded per rule): the entry, its checks, statuses, fault injection and
 * command trace line are those of SET_FLOW_TABLE_ENTRY at the rule's
 * index, as on a root table rdma-core programs by firmware command.
 */
struct mlx5dv_dr_rule *
mlx5dv_dr_rule_create(struct mlx5dv_dr_matcher *m,
		      struct mlx5dv_flow_match_parameters *value,
		      size_t num_actions, struct mlx5dv_dr_action *actions[])
{
	static const uint8_t zero[EMU_MATCH_BYTES];
	struct emu_adapter *ad = m->tbl->dmn->ctx->ad;
	uint8_t padded[EMU_MATCH_BYTES];
	struct mlx5dv_dr_rule *r;
	struct emu_fte_spec spec;
	uint32_t idx, i;

	if (value != NULL && value->match_sz > EMU_MATCH_BYTES) {
		errno = EINVAL;
		return NULL;
	}
	/* The matcher's free indexes and its handle pages are shared by
	 * every thread creating rules. */
	emu_lock_ad(ad);
	if (m->nfreed == 0 && m->next == EMU_DR_MATCHER_RULES) {
		emu_unlock_ad(ad);
		errno = ENOSPC;
		return NULL;
	}
	idx = m->nfreed != 0 ? m->freed[m->nfreed - 1] : m->next;
	r = emu_dr_rule_slot(m, idx);
	if (r == NULL) {
		emu_unlock_ad(ad);
		errno = ENOMEM;
		return NULL;
	}
	spec = (struct emu_fte_spec){
		.index = (m->slot << EMU_DR_MATCHER_LOG) + idx,
		.group_id = m->fg,
	};
	/* A whole fte_match_param is read in place; a shorter one is what
	 * it gives, zero after. */
	if (value == NULL || value->match_sz == 0) {
		spec.value = zero;
	} else if (value->match_sz == EMU_MATCH_BYTES) {
		spec.value = (const uint8_t *)value->match_buf;
	} else {
		memcpy(padded, value->match_buf, value->match_sz);
		memset(padded + value->match_sz, 0,
		       EMU_MATCH_BYTES - value->match_sz);
		spec.value = padded;
	}
	for (i = 0; i < num_actions; i++)
		if (emu_dr_action_put(&spec, actions[i]) != 0)
			goto err_unlock;
	/* rdma-core: a duplicate where the domain refuses them is EEXIST. */
	if (m->tbl->dmn->refuse_duplicates &&
	    emu_steering_group_holds(ad, m->fg, spec.value)) {
		errno = EEXIST;
		goto err_unlock;
	}
	if (emu_steering_fte_set_direct(m->tbl->dmn->ctx,
					m->tbl->dmn->table_type, m->tbl->id,
					&spec) != MLX5X_CMD_STAT_OK) {
		errno = EINVAL;
		goto err_unlock;
	}
	if (m->nfreed != 0)
		m->nfreed--;
	else
		m->next++;
	r->matcher = m;
	r->index = idx;
	emu_unlock_ad(ad);
	return r;
err_unlock:
	emu_unlock_ad(ad);
	return NULL;
}

static int
emu_dr_rule_destroy_locked(struct mlx5dv_dr_matcher *m,
			   struct mlx5dv_dr_rule *r)
{
	if (m->nfreed == m->freed_cap) {
		uint32_t n = m->freed_cap ? m->freed_cap * 2 : 64;
		uint32_t *f = realloc(m->freed, n * sizeof(*f));

		if (f == NULL)
			return ENOMEM; /* the rule stays */
		m->freed = f;
		m->freed_cap = n;
	}
	if (emu_steering_fte_del_direct(m->tbl->dmn->ctx,
					m->tbl->dmn->table_type, m->tbl->id,
					(m->slot << EMU_DR_MATCHER_LOG) +
						r->index) != MLX5X_CMD_STAT_OK)
		return EINVAL;
	m->freed[m->nfreed++] = r->index;
	r->matcher = NULL; /* the handle stays in its page for reuse */
	return 0;
}

int
mlx5dv_dr_rule_destroy(struct mlx5dv_dr_rule *r)
{
	int ret = EINVAL; /* no rule, or one already destroyed */
	struct emu_adapter *ad;

	if (r == NULL)
		return ret;
	/* The matcher's free indexes are shared, and a destroyed handle is
	 * handed out again by the next create: both under the lock of the
	 * adapter they are on, as at create. */
	ad = r->owner->tbl->dmn->ctx->ad;
	emu_lock_ad(ad);
	if (r->matcher != NULL)
		ret = emu_dr_rule_destroy_locked(r->matcher, r);
	emu_unlock_ad(ad);
	return ret;
}

/* ---- actions ------------------------------------------------------------ */

static struct mlx5dv_dr_action *
emu_dr_action(enum emu_dr_action_type type, uint32_t id)
{
	struct mlx5dv_dr_action *a = calloc(1, sizeof(*a));

	if (a == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	a->type = type;
	a->id = id;
	emu_hook_dr_action_count(1);
	return a;
}

struct mlx5dv_dr_action *
mlx5dv_dr_action_create_dest_table(struct mlx5dv_dr_table *table)
{
	return emu_dr_action(EMU_DR_DEST_TABLE, table->id);
}

struct mlx5dv_dr_action *
mlx5dv_dr_action_create_dest_devx_tir(struct mlx5dv_devx_obj *devx_obj)
{
	if (devx_obj->res.destroy_opcode != MLX5X_CMD_OP_DESTROY_TIR) {
		errno = EINVAL;
		return NULL;
	}
	return emu_dr_action(EMU_DR_DEST_TIR, devx_obj->res.id);
}

struct mlx5dv_dr_action *
mlx5dv_dr_action_create_dest_vport(struct mlx5dv_dr_domain *domain,
				   uint32_t vport)
{
	if (domain->table_type != MLX5X_FLOW_TABLE_TYPE_FDB) {
		errno = EINVAL;
		return NULL;
	}
	return emu_dr_action(EMU_DR_DEST_VPORT, vport);
}

struct mlx5dv_dr_action *
mlx5dv_dr_action_create_dest_ibv_qp(struct ibv_qp *ibqp)
{
	(void)ibqp;
	errno = EOPNOTSUPP; /* Verbs QPs are not modelled */
	return NULL;
}

struct mlx5dv_dr_action *
mlx5dv_dr_action_create_drop(void)
{
	return emu_dr_action(EMU_DR_DROP, 0);
}

struct mlx5dv_dr_action *
mlx5dv_dr_action_create_default_miss(void)
{
	return emu_dr_action(EMU_DR_DEFAULT_MISS, 0);
}

struct mlx5dv_dr_action *
mlx5dv_dr_action_create_tag(uint32_t tag_value)
{
	if (tag_value > 0xffffff) {
		errno = EINVAL; /* PRM: flow_tag is 24 bits */
		return NULL;
	}
	return emu_dr_action(EMU_DR_TAG, tag_value);
}

struct mlx5dv_dr_action *
mlx5dv_dr_action_create_flow_counter(struct mlx5dv_devx_obj *devx_obj,
				     uint32_t offset)
{
	if (devx_obj->res.destroy_opcode != MLX5X_CMD_OP_DEALLOC_FLOW_COUNTER) {
		errno = EINVAL;
		return NULL;
	}
	return emu_dr_action(EMU_DR_COUNTER, devx_obj->res.id + offset);
}

struct mlx5dv_dr_action *
mlx5dv_dr_action_create_pop_vlan(void)
{
	return emu_dr_action(EMU_DR_POP_VLAN, 0);
}

struct mlx5dv_dr_action *
mlx5dv_dr_action_create_push_vlan(struct mlx5dv_dr_domain *domain,
				  __be32 vlan_hdr)
{
	(void)domain;
	return emu_dr_action(EMU_DR_PUSH_VLAN, be32toh(vlan_hdr));
}

/* DR reformat types (mlx5dv.h) to PRM reformat_type; L2 tunnel decap has
 * no context (the FTE's DECAP bit). */
struct mlx5dv_dr_action *
mlx5dv_dr_action_create_packet_reformat(
	struct mlx5dv_dr_domain *domain, uint32_t flags,
	enum mlx5dv_flow_action_packet_reformat_type reformat_type,
	size_t data_sz, void *data)
{
	uint8_t out[MLX5X_ST_SZ_BYTES(alloc_packet_reformat_context_out)];
	size_t hdr = MLX5X_BYTE_OFF(alloc_packet_reformat_context_in,
				    packet_reformat_context) +
		     MLX5X_BYTE_OFF(packet_reformat_context_in, reformat_data);
	struct emu_cmd_result res;
	struct mlx5dv_dr_action *a;
	uint32_t type;
	uint8_t *in;
	void *c;
	int rc;

	(void)flags; /* root level or not: one steering model here */
	switch (reformat_type) {
	case MLX5DV_FLOW_ACTION_PACKET_REFORMAT_TYPE_L2_TUNNEL_TO_L2:
		if (data_sz != 0) {
			errno = EINVAL;
			return NULL;
		}
		a = emu_dr_action(EMU_DR_DECAP, 0);
		return a;
	case MLX5DV_FLOW_ACTION_PACKET_REFORMAT_TYPE_L2_TO_L2_TUNNEL:
		type = MLX5X_REFORMAT_TYPE_L2_TO_L2_TUNNEL;
		break;
	case MLX5DV_FLOW_ACTION_PACKET_REFORMAT_TYPE_L3_TUNNEL_TO_L2:
		type = MLX5X_REFORMAT_TYPE_L3_TUNNEL_TO_L2;
		break;
	case MLX5DV_FLOW_ACTION_PACKET_REFORMAT_TYPE_L2_TO_L3_TUNNEL:
		type = MLX5X_REFORMAT_TYPE_L2_TO_L3_TUNNEL;
		break;
	default:
		errno = EINVAL;
		return NULL;
	}
	if (data == NULL || data_sz == 0 || data_sz > 0x3ff) {
		errno = EINVAL;
		return NULL;
	}
	in = calloc(1, hdr + data_sz);
	if (in == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	c = MLX5X_ADDR_OF(alloc_packet_reformat_context_in, in,
			  packet_reformat_context);
	MLX5X_SET(alloc_packet_reformat_context_in, in, opcode,
		  MLX5X_CMD_OP_ALLOC_PACKET_REFORMAT_CONTEXT);
	MLX5X_SET(packet_reformat_context_in, c, reformat_type, type);
	MLX5X_SET(packet_reformat_context_in, c, reformat_data_size, data_sz);
	memcpy(in + hdr, data, data_sz);
	rc = emu_dr_cmd(domain->ctx, in, hdr + data_sz, out, sizeof(out), &res);
	free(in);
	if (rc != 0)
		return NULL;
	a = emu_dr_action(EMU_DR_REFORMAT, res.id);
	if (a != NULL)
		a->ctx = domain->ctx;
	return a;
}

struct mlx5dv_dr_action *
mlx5dv_dr_action_create_modify_header(struct mlx5dv_dr_domain *domain,
				      uint32_t flags, size_t actions_sz,
				      __be64 actions[])
{
	uint8_t out[MLX5X_ST_SZ_BYTES(alloc_modify_header_context_out)];
	size_t hdr = MLX5X_ST_SZ_BYTES(alloc_modify_header_context_in);
	struct emu_cmd_result res;
	struct mlx5dv_dr_action *a;
	uint8_t *in;
	int rc;

	(void)flags;
	/* Whole 64-bit actions, as many as num_of_actions can say. */
	if (actions == NULL || actions_sz == 0 || actions_sz % 8 != 0 ||
	    actions_sz / 8 > 0xff) {
		errno = EINVAL;
		return NULL;
	}
	in = calloc(1, hdr + actions_sz);
	if (in == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	MLX5X_SET(alloc_modify_header_context_in, in, opcode,
		  MLX5X_CMD_OP_ALLOC_MODIFY_HEADER_CONTEXT);
	MLX5X_SET(alloc_modify_header_context_in, in, table_type,
		  domain->table_type);
	MLX5X_SET(alloc_modify_header_context_in, in, num_of_actions,
		  actions_sz / 8);
	memcpy(in + hdr, actions, actions_sz);
	rc = emu_dr_cmd(domain->ctx, in, hdr + actions_sz, out, sizeof(out),
			&res);
	free(in);
	if (rc != 0)
		return NULL;
	a = emu_dr_action(EMU_DR_MODIFY_HDR, res.id);
	if (a != NULL)
		a->ctx = domain->ctx;
	return a;
}

int
mlx5dv_dr_action_destroy(struct mlx5dv_dr_action *action)
{
	/* Dealloc in boxes share their layout: the id at bit 0x40. */
	uint8_t in[MLX5X_ST_SZ_BYTES(dealloc_modify_header_context_in)] = { 0 };
	uint8_t out[16];

	if (action->type == EMU_DR_MODIFY_HDR ||
	    action->type == EMU_DR_REFORMAT) {
		MLX5X_SET(dealloc_modify_header_context_in, in, opcode,
			  action->type == EMU_DR_MODIFY_HDR
				  ? MLX5X_CMD_OP_DEALLOC_MODIFY_HEADER_CONTEXT
				  : MLX5X_CMD_OP_DEALLOC_PACKET_REFORMAT_CONTEXT);
		MLX5X_SET(dealloc_modify_header_context_in, in,
			  modify_header_id, action->id);
		if (emu_dr_cmd(action->ctx, in, sizeof(in), out, sizeof(out),
			       NULL) != 0)
			return EBUSY; /* rules still use it */
	}
	emu_hook_dr_action_count(-1);
	free(action);
	return 0;
}

/* rdma-core keeps duplicate rules by default; false makes a rule whose
 * match equals one already in its matcher fail with EEXIST. */
void
mlx5dv_dr_domain_allow_duplicate_rules(struct mlx5dv_dr_domain *domain,
				       bool allow)
{
	emu_lock();
	domain->refuse_duplicates = !allow;
	emu_unlock();
}
