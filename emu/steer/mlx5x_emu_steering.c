/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Flow steering: tables (type, level, miss behaviour), groups (a mask over
 * fte_match_param and a range of entry indexes) and entries (a value, an
 * action set and destinations), and the lookup a frame goes through. One
 * model behind every entry point; DevX commands reach it today.
 *
 * Lookup semantics (PRM): in a table, groups are tried in creation order
 * and entries of a group by index; the first entry whose masked value
 * equals the masked packet wins. On a miss the table's miss action
 * applies: go to table_miss_id, or the default (drop for NIC RX). Entries
 * live in per-group hash tables (mlx5x_emu_fte_hash.c): one probe per
 * group, whatever the number of rules.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_pkt.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_cmd.h"

#include <stdlib.h>
#include <string.h>

#include "mlx5x_emu_ends.h"
#include "mlx5x_emu_tir.h"

#define EMU_FT_MAX_HOPS 32

static struct emu_ft *
emu_ft_get(struct emu_adapter *ad, uint32_t type, uint32_t id)
{
	struct emu_ft *ft = emu_objtab_get(&ad->fts, id);

	return ft != NULL && ft->type == type ? ft : NULL;
}

/* Table id of type as vport (function) fn names it: a NIC table is its
 * vport's own, one of another vport is none to fn (as RQ numbers,
 * emu_rq_of_fn); the FDB is the E-Switch's, one namespace. */
static struct emu_ft *
emu_ft_of_fn(struct emu_adapter *ad, uint32_t type, uint32_t id, uint16_t fn)
{
	struct emu_ft *ft = emu_ft_get(ad, type, id);

	return ft != NULL && (type == MLX5X_FLOW_TABLE_TYPE_FDB || ft->fn == fn)
		       ? ft
		       : NULL;
}

/* Whether TIR tirn is one of function fn's. */
static bool
emu_fte_tir_of_fn(struct emu_adapter *ad, uint32_t tirn, uint16_t fn)
{
	const struct emu_tir *t = emu_objtab_get(&ad->tirs, tirn);

	return t != NULL && t->fn == fn;
}

static bool
emu_table_type_ok(struct emu_adapter *ad, uint32_t type)
{
	if (type == MLX5X_FLOW_TABLE_TYPE_NIC_RX ||
	    type == MLX5X_FLOW_TABLE_TYPE_NIC_TX)
		return true;
	return type == MLX5X_FLOW_TABLE_TYPE_FDB &&
	       emu_hca_cap_esw_manager(ad, 0);
}

static void
emu_fte_unhold(struct emu_adapter *ad, const struct emu_fte *e)
{
	unsigned int i;

	emu_rewrite_fte_release(e);
	for (i = 0; i < e->ndest; i++) {
		/* The TIR the entry resolved and holds (it cannot go, nor
		 * change object, while held). */
		if (e->dest[i].type == MLX5X_FLOW_DESTINATION_TYPE_TIR) {
			e->dest[i].tir->users--;
		} else if (e->dest[i].type ==
			   MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE) {
			struct emu_ft *ft =
				emu_objtab_get(&ad->fts, e->dest[i].id);

			if (ft != NULL)
				ft->users--;
		}
	}
}

static int
emu_ft_create(struct emu_ctx *ctx, uint16_t fn, const void *in, void *out,
	      uint32_t *syndrome, struct emu_cmd_result *res)
{
	struct emu_adapter *ad = ctx->ad;
	const void *c =
		MLX5X_ADDR_OF(create_flow_table_in, in, flow_table_context);
	uint32_t type = MLX5X_GET(create_flow_table_in, in, table_type);
	struct emu_ft *ft;

	if (!emu_table_type_ok(ad, type)) {
		*syndrome = 0xa10001;
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if (MLX5X_GET(flow_table_context, c, level) >
		    ad->cfg.model->max_ft_level ||
	    MLX5X_GET(flow_table_context, c, log_size) > 20) {
		*syndrome = 0xa10002;
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if (MLX5X_GET(flow_table_context, c, table_miss_action) ==
		    MLX5X_FLOW_TABLE_MISS_ACTION_GOTO_TBL &&
	    emu_ft_of_fn(ad, type,
			 MLX5X_GET(flow_table_context, c, table_miss_id),
			 fn) == NULL) {
		*syndrome = 0xa10003;
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	ft = calloc(1, sizeof(*ft));
	if (ft == NULL)
		return MLX5X_CMD_STAT_NO_RES_ERR;
	ft->type = type;
	ft->fn = fn;
	ft->level = MLX5X_GET(flow_table_context, c, level);
	ft->log_size = MLX5X_GET(flow_table_context, c, log_size);
	ft->miss_action = MLX5X_GET(flow_table_context, c, table_miss_action);
	ft->miss_id = MLX5X_GET(flow_table_context, c, table_miss_id);
	ft->id = emu_objtab_add(&ad->fts, ft);
	if (ft->id == 0) {
		free(ft);
		return MLX5X_CMD_STAT_NO_RES_ERR;
	}
	/* A miss target may not go while a table falls through to it. */
	if (ft->miss_action == MLX5X_FLOW_TABLE_MISS_ACTION_GOTO_TBL)
		emu_ft_get(ad, type, ft->miss_id)->users++;
	MLX5X_SET(create_flow_table_out, out, table_id, ft->id);
	res->destroy_opcode = MLX5X_CMD_OP_DESTROY_FLOW_TABLE;
	res->id = ft->id;
	res->table_type = type;
	return MLX5X_CMD_STAT_OK;
}

/* A group's needs counted on its adapter while it lives. */
static void
emu_fg_need_count(struct emu_adapter *ad, const struct emu_fg *g, int d)
{
	if (g->pkt_need & EMU_PKT_NEED_OUTER)
		ad->pkt_need_outer += d;
	if (g->pkt_need & EMU_PKT_NEED_DEEP)
		ad->pkt_need_deep += d;
	if (g->pkt_need != 0 && g->ft->type == MLX5X_FLOW_TABLE_TYPE_FDB)
		ad->fdb_need_groups += d;
	ad->pkt_need = emu_adapter_pkt_need(ad);
}

static void
emu_ft_free(struct emu_adapter *ad, struct emu_ft *ft)
{
	if (ft->miss_action == MLX5X_FLOW_TABLE_MISS_ACTION_GOTO_TBL) {
		struct emu_ft *m = emu_ft_get(ad, ft->type, ft->miss_id);

		if (m != NULL)
			m->users--;
	}
	/* Entry memory goes with the groups' slabs below. */
	emu_ft_entries_free(ft, emu_fte_unhold, ad);
	while (ft->groups != NULL) {
		struct emu_fg *g = ft->groups;

		ft->groups = g->next;
		emu_objtab_del(&ad->fgs, g->id);
		emu_fg_need_count(ad, g, -1);
		emu_fg_hash_free(g);
		free(g);
	}
	emu_objtab_del(&ad->fts, ft->id);
	free(ft);
}

/* The group's mask without the parts whose criteria are not enabled, as
 * the words a lookup compares. */
static uint8_t emu_fg_word_need(size_t i, uint64_t w);

static void
emu_fg_apply_enable(struct emu_fg *g, const uint8_t *criteria)
{
	uint8_t mask[EMU_MATCH_BYTES];
	static const struct {
		uint8_t bit;
		size_t off, len;
	} parts[] = {
		{ MLX5X_MATCH_OUTER_HEADERS, 0, 64 },
		{ MLX5X_MATCH_MISC_PARAMETERS, 64, 64 },
		{ MLX5X_MATCH_INNER_HEADERS, 128, 64 },
		{ MLX5X_MATCH_MISC_PARAMETERS_2, 192, 64 },
		{ MLX5X_MATCH_MISC_PARAMETERS_3, 256, 64 },
		{ MLX5X_MATCH_MISC_PARAMETERS_4, 320, 64 },
		{ MLX5X_MATCH_MISC_PARAMETERS_5, 384, 64 },
	};
	size_t i;

	memcpy(mask, criteria, EMU_MATCH_BYTES);
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (!(g->criteria_enable & parts[i].bit))
			memset(mask + parts[i].off, 0, parts[i].len);
	memset(mask + 448, 0, 64);
	g->nnz = 0;
	g->pkt_need = 0;
	for (i = 0; i < EMU_MATCH_BYTES / 8; i++) {
		uint64_t w;

		memcpy(&w, mask + i * 8, 8);
		g->outside[i] = ~w;
		if (w != 0) {
			g->mw[g->nnz] = w;
			g->nz[g->nnz++] = i;
			g->pkt_need |= emu_fg_word_need(i, w);
		}
	}
}

/* The bits of misc_parameters' first word that name a frame's source:
 * SQN, E-Switch owner vhca id and port (a parse always fills them). */
static uint64_t
emu_misc_source_bits(void)
{
	uint8_t src[8] = { 0 };
	uint64_t w;

	MLX5X_SET(fte_match_set_misc, src, source_sqn, 0xffffff);
	MLX5X_SET(fte_match_set_misc, src, source_eswitch_owner_vhca_id,
		  0xffff);
	MLX5X_SET(fte_match_set_misc, src, source_port, 0xffff);
	memcpy(&w, src, 8);
	return w;
}

/* What a parse must fill for a mask word (emu_pkt_parse_need): outer
 * headers; the source SQN and port and the metadata registers, always
 * filled; anything else of misc_parameters, inner headers, the MPLS
 * dwords at the head of misc_parameters_2 and misc_parameters_3 on. */
static uint8_t
emu_fg_word_need(size_t i, uint64_t w)
{
	const size_t misc = MLX5X_BYTE_OFF(fte_match_param, misc_parameters);
	const size_t misc2 = MLX5X_BYTE_OFF(fte_match_param, misc_parameters_2);
	const size_t regc7 =
		misc2 + MLX5X_BYTE_OFF(fte_match_set_misc2, metadata_reg_c_7);

	if (i * 8 < misc)
		return EMU_PKT_NEED_OUTER;
	if (i * 8 == misc)
		return (w & ~emu_misc_source_bits()) != 0 ? EMU_PKT_NEED_DEEP
							  : 0;
	/* The metadata registers, reg_c_7 to the end of misc 2; the
	 * MPLS dwords before them are deep. */
	_Static_assert(MLX5X_BYTE_OFF(fte_match_set_misc2, metadata_reg_c_7) %
				       8 ==
			       0,
		       "reg_c_7 starts a word");
	if (i * 8 >= regc7 && i * 8 < misc2 + 64)
		return 0;
	return EMU_PKT_NEED_DEEP;
}

static int
emu_fg_create(struct emu_adapter *ad, struct emu_ft *ft, const void *in,
	      void *out, uint32_t *syndrome, struct emu_cmd_result *res)
{
	uint32_t start = MLX5X_GET(create_flow_group_in, in, start_flow_index);
	uint32_t end = MLX5X_GET(create_flow_group_in, in, end_flow_index);
	const char *unsupported;
	struct emu_fg *g, **pp;

	if (start > end || (uint64_t)end >= (1ull << ft->log_size)) {
		*syndrome = 0xa20001;
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	for (g = ft->groups; g != NULL; g = g->next)
		if (start <= g->end && g->start <= end) {
			*syndrome = 0xa20002; /* overlaps another group */
			return MLX5X_CMD_STAT_BAD_PARAM_ERR;
		}
	unsupported = emu_match_caps_check(ad->cfg.model,
					   MLX5X_GET(create_flow_group_in, in,
						     match_criteria_enable),
					   MLX5X_ADDR_OF(create_flow_group_in,
							 in, match_criteria));
	if (unsupported != NULL) {
		emu_trace(ad, "create flow group: %s not supported by the caps",
			  unsupported);
		*syndrome = 0xa20003; /* a field the caps leave out */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	g = calloc(1, sizeof(*g));
	if (g == NULL)
		return MLX5X_CMD_STAT_NO_RES_ERR;
	g->ft = ft;
	g->start = start;
	g->end = end;
	g->criteria_enable =
		MLX5X_GET(create_flow_group_in, in, match_criteria_enable);
	emu_fg_apply_enable(g, MLX5X_ADDR_OF(create_flow_group_in, in,
					     match_criteria));
	g->id = emu_objtab_add(&ad->fgs, g);
	if (g->id == 0) {
		free(g);
		return MLX5X_CMD_STAT_NO_RES_ERR;
	}
	for (pp = &ft->groups; *pp != NULL; pp = &(*pp)->next)
		;
	*pp = g;
	emu_fg_need_count(ad, g, 1);
	MLX5X_SET(create_flow_group_out, out, group_id, g->id);
	res->destroy_opcode = MLX5X_CMD_OP_DESTROY_FLOW_GROUP;
	res->id = g->id;
	res->table_id = ft->id;
	res->table_type = ft->type;
	return MLX5X_CMD_STAT_OK;
}

/*
 * An entry's match value may set only bits its group's criteria (as
 * enabled) compare: the kernel's fs_core and rdma-core's software
 * steering both refuse a value bit outside the mask before the adapter
 * sees it, since such an entry could never match as written.
 *
 * Branch-free over the whole parameter (a value has to be read whole):
 * 32-byte lanes, four independent ones a pass, each an unaligned load, an
 * AND with the outside words and an OR. Cloned for AVX2, where a lane is
 * one instruction instead of two: on a million-rule insert this check was
 * an eighth of the command.
 */
#ifndef __SANITIZE_THREAD__
#define EMU_FTE_CLONES __attribute__((target_clones("avx2", "default")))
#else
/* The clones' resolver is an ifunc the dynamic linker runs while it
 * relocates this library, before ThreadSanitizer's run-time is set up;
 * instrumented, it crashes the process before main: one plain copy. */
#define EMU_FTE_CLONES
#endif
EMU_FTE_CLONES static bool
emu_fte_value_in_criteria(const struct emu_fg *g, const uint8_t *value)
{
	typedef uint64_t emu_v4
		__attribute__((vector_size(32), may_alias, aligned(1)));
	const emu_v4 *o = (const emu_v4 *)g->outside;
	const emu_v4 *v = (const emu_v4 *)value;
	emu_v4 a = { 0, 0, 0, 0 }, b = a, c = a, d = a;
	unsigned int i;

#pragma GCC unroll 4
	for (i = 0; i < EMU_MATCH_BYTES / 32; i += 4) {
		a |= v[i] & o[i];
		b |= v[i + 1] & o[i + 1];
		c |= v[i + 2] & o[i + 2];
		d |= v[i + 3] & o[i + 3];
	}
	a |= b | c | d;
	return (a[0] | a[1] | a[2] | a[3]) == 0;
}

/*
 * The checks on an entry's group, index and action set, in the order
 * firmware's syndromes tell them apart; on success *gp is its group and
 * spec's list sizes are those its action bits use. Inline in both
 * callers: as a call it cost an entry set a tenth of its instructions
 * more than the checks themselves.
 */
static inline __attribute__((always_inline)) int
emu_fte_check(struct emu_adapter *ad, const struct emu_ft *ft,
	      struct emu_fte_spec *spec, struct emu_fg **gp, uint32_t *syndrome)
{
	struct emu_fg *g = emu_objtab_get(&ad->fgs, spec->group_id);
	uint16_t action = spec->action;

	if (g == NULL || g->ft != ft) {
		*syndrome = 0xa30001;
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	if (spec->index < g->start || spec->index > g->end) {
		*syndrome = 0xa30002; /* index outside its group */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if ((action & MLX5X_FLOW_CONTEXT_ACTION_DROP) &&
	    (action & MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST)) {
		*syndrome = 0xa30003;
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if ((action & MLX5X_FLOW_CONTEXT_ACTION_COUNT) &&
	    (spec->ncnt == 0 || spec->ncnt > EMU_FTE_MAX_COUNTERS)) {
		*syndrome = 0xa30009;
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if (!(action & MLX5X_FLOW_CONTEXT_ACTION_COUNT))
		spec->ncnt = 0;
	if (action &
	    ~(MLX5X_FLOW_CONTEXT_ACTION_ALLOW | MLX5X_FLOW_CONTEXT_ACTION_DROP |
	      MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST |
	      MLX5X_FLOW_CONTEXT_ACTION_COUNT | EMU_FTE_REWRITE_ACTIONS)) {
		*syndrome = 0xa30004; /* action not modelled yet */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if ((action & MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST) &&
	    (spec->ndest == 0 || spec->ndest > EMU_FTE_MAX_DESTS)) {
		*syndrome = 0xa30005;
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if (!(action & MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST))
		spec->ndest = 0;
	*gp = g;
	return MLX5X_CMD_STAT_OK;
}

/* The rest of SET_FLOW_TABLE_ENTRY once the list is at hand: the index
 * free, the value inside the criteria and new to the group, the rewrite
 * contexts, counters and destinations; then the entry goes in. */
static int
emu_fte_insert(struct emu_adapter *ad, struct emu_ft *ft, struct emu_fg *g,
	       const struct emu_fte_spec *spec, uint32_t *syndrome)
{
	struct emu_fte **cell = emu_ft_entry_cell(ft, spec->index), *e;
	uint16_t action = spec->action;
	uint32_t i, empty;
	uint64_t h;
	int st;

	if (cell != NULL && *cell != NULL) {
		*syndrome = 0xa30006; /* index in use */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	/* Compact: the masked words, then the destinations. */
	e = emu_fg_entry_alloc(g, spec->ndest);
	if (e == NULL)
		return MLX5X_CMD_STAT_NO_RES_ERR;
	/* The masked value straight into the entry, and its home slot (at
	 * a million entries the group's hash is far beyond the caches and
	 * that slot the one miss of an insert) on its way while the
	 * entry's fields and the value check are seen to. */
	h = emu_fg_hash_value(g, spec->value, e->key);
	emu_fg_prefetch(g, h);
	e->ncnt = 0;
	e->ndest = 0;
	e->mhdr = NULL;
	e->reformat = NULL;
	e->index = spec->index;
	e->fg = g;
	e->action = action;
	e->flow_tag = spec->flow_tag;
	e->push_vlan = spec->push_vlan;
	if (!emu_fte_value_in_criteria(g, spec->value)) {
		emu_fg_entry_free(g, e);
		*syndrome = 0xa3000c; /* value bit outside the criteria */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	/* Firmware refuses a second entry with the same masked value in a
	 * group: which one matched would be undefined. Software steering
	 * keeps it behind the first (emu_fg.allow_dup). The same walk
	 * finds the slot the entry takes. */
	e->dup = emu_fg_probe(g, e, h, &empty) != NULL;
	if (e->dup && !g->allow_dup) {
		emu_fg_entry_free(g, e);
		*syndrome = 0xa3000b;
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	e->seq = ++ad->fte_seq;
	/* Header rewrite and reformat contexts (their own file), only for
	 * the action bits that name or need one. */
	if (action & (MLX5X_FLOW_CONTEXT_ACTION_DECAP |
		      MLX5X_FLOW_CONTEXT_ACTION_MOD_HDR |
		      MLX5X_FLOW_CONTEXT_ACTION_PACKET_REFORMAT)) {
		st = emu_rewrite_fte_hold(ad, ft->type, action, spec->mhdr_id,
					  spec->reformat_id, e, syndrome);
		if (st != MLX5X_CMD_STAT_OK) {
			emu_fg_entry_free(g, e);
			return st;
		}
	}
	/* The list: destinations, then counters. */
	for (i = 0; i < spec->ndest; i++) {
		uint32_t type = spec->dest[i].type, id = spec->dest[i].id;

		if ((type == MLX5X_FLOW_DESTINATION_TYPE_TIR &&
		     (ft->type != MLX5X_FLOW_TABLE_TYPE_NIC_RX ||
		      !emu_fte_tir_of_fn(ad, id, ft->fn))) ||
		    (type == MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE &&
		     emu_ft_of_fn(ad, ft->type, id, ft->fn) == NULL) ||
		    (type == MLX5X_FLOW_DESTINATION_TYPE_VPORT &&
		     (ft->type != MLX5X_FLOW_TABLE_TYPE_FDB ||
		      emu_adapter_vport(ad, id) == NULL)) ||
		    (type != MLX5X_FLOW_DESTINATION_TYPE_TIR &&
		     type != MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE &&
		     type != MLX5X_FLOW_DESTINATION_TYPE_VPORT &&
		     type != MLX5X_FLOW_DESTINATION_TYPE_UPLINK)) {
			emu_fte_unhold(ad, e);
			emu_fg_entry_free(g, e);
			*syndrome = 0xa30007; /* bad destination */
			return MLX5X_CMD_STAT_BAD_PARAM_ERR;
		}
		e->dest[e->ndest].type = type;
		e->dest[e->ndest].id = id;
		e->dest[e->ndest].tir = type == MLX5X_FLOW_DESTINATION_TYPE_TIR
						? emu_objtab_get(&ad->tirs, id)
						: NULL;
		if (type == MLX5X_FLOW_DESTINATION_TYPE_TIR)
			e->dest[e->ndest].tir->users++;
		else if (type == MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE)
			emu_ft_get(ad, ft->type, id)->users++;
		e->ndest++;
	}
	for (i = 0; i < spec->ncnt; i++) {
		if (emu_flow_counter_get(ad, spec->cnt[i]) == NULL) {
			emu_fte_unhold(ad, e);
			emu_fg_entry_free(g, e);
			*syndrome = 0xa3000a; /* unknown counter */
			return MLX5X_CMD_STAT_BAD_RES_ERR;
		}
		e->cnt[e->ncnt++] = spec->cnt[i];
	}
	if (emu_ft_entry_add(ft, cell, e) != 0) {
		emu_fte_unhold(ad, e);
		emu_fg_entry_free(g, e);
		return MLX5X_CMD_STAT_NO_RES_ERR;
	}
	if (emu_fg_insert_at(g, e, h, empty) != 0) {
		emu_ft_entry_del(ft, e);
		emu_fte_unhold(ad, e);
		emu_fg_entry_free(g, e);
		return MLX5X_CMD_STAT_NO_RES_ERR;
	}
	g->ndup += e->dup;
	/* What lookups answer changes with the entries alone: a group comes
	 * and goes empty, a root change shows in the root's id. */
	ad->steer_gen++;
	return MLX5X_CMD_STAT_OK;
}

static int
emu_fte_delete(struct emu_adapter *ad, struct emu_ft *ft, uint32_t index,
	       uint32_t *syndrome)
{
	struct emu_fte *e = emu_ft_entry(ft, index);

	if (e == NULL) {
		*syndrome = 0xa00006;
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	emu_ft_entry_del(ft, e);
	emu_fg_remove(e->fg, e);
	e->fg->ndup -= e->dup;
	emu_fte_unhold(ad, e);
	emu_fg_entry_free(e->fg, e);
	ad->steer_gen++;
	return MLX5X_CMD_STAT_OK;
}

/* What the checks of an entry set read first: index, group, action and
 * list sizes. Field by field: zeroing the whole spec (its lists' room)
 * would cost an entry set more than decoding it; the rest is set before
 * it is read, the lists up to their sizes. */
static inline void
emu_fte_spec_head(struct emu_fte_spec *spec, const void *in, const void *fc)
{
	spec->index = MLX5X_GET(set_fte_in, in, flow_index);
	spec->group_id = MLX5X_GET(flow_context, fc, group_id);
	spec->action = MLX5X_GET(flow_context, fc, action);
	spec->ndest = MLX5X_GET(flow_context, fc, destination_list_size);
	spec->ncnt = MLX5X_GET(flow_context, fc, flow_counter_list_size);
}

/*
 * A firmware table forwards only down the pipeline: a flow table
 * destination must be at a higher level than the entry's table, unless
 * the command sets ignore_flow_level (PRM set_fte_in; the kernel's fs_core
 * refuses the same, dest_is_valid, and asks firmware to waive it with
 * that bit). Software steering (Direct Rules) writes its own entries and
 * jumps where it likes, hop limit aside: only the mailbox checks.
 */
static int
emu_fte_dest_levels(struct emu_adapter *ad, const struct emu_ft *ft,
		    const struct emu_fte_spec *spec, uint32_t *syndrome)
{
	uint32_t i;

	for (i = 0; i < spec->ndest; i++) {
		const struct emu_ft *d;

		if (spec->dest[i].type !=
		    MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE)
			continue;
		/* Another vport's table is no destination at all: left to
		 * emu_fte_insert's check. */
		d = emu_ft_of_fn(ad, ft->type, spec->dest[i].id, ft->fn);
		if (d != NULL && d->level <= ft->level) {
			*syndrome = 0xa3000d; /* a table not deeper */
			return MLX5X_CMD_STAT_BAD_PARAM_ERR;
		}
	}
	return MLX5X_CMD_STAT_OK;
}

/* SET_FLOW_TABLE_ENTRY's mailbox into a spec. */
static int
emu_fte_set(struct emu_adapter *ad, struct emu_ft *ft, const void *in,
	    size_t inlen, uint32_t *syndrome, struct emu_cmd_result *res)
{
	const void *fc = MLX5X_ADDR_OF(set_fte_in, in, flow_context);
	const uint8_t *dl = MLX5X_ADDR_OF(flow_context, fc, destination);
	struct emu_fte_spec spec;
	struct emu_fg *g;
	uint32_t i;
	int st;

	emu_fte_spec_head(&spec, in, fc);
	st = emu_fte_check(ad, ft, &spec, &g, syndrome);
	if (st != MLX5X_CMD_STAT_OK)
		return st;
	/* The destination list follows the box; it must be there. */
	if (inlen < MLX5X_ST_SZ_BYTES(set_fte_in) +
			    (size_t)(spec.ndest + spec.ncnt) * 8) {
		*syndrome = 0xa30008;
		return MLX5X_CMD_STAT_BAD_INP_LEN_ERR;
	}
	spec.flow_tag = MLX5X_GET(flow_context, fc, flow_tag);
	/* ethtype << 16 | prio << 13 | cfi << 12 | vid: the vlan box is
	 * that one dword, read whole. It and the context ids are read only
	 * by the action bits that name them (an entry without never looks
	 * at them). */
	_Static_assert(MLX5X_ST_SZ_BITS(vlan) == 32, "vlan box one dword");
	spec.push_vlan = 0;
	spec.mhdr_id = 0;
	spec.reformat_id = 0;
	if (spec.action & MLX5X_FLOW_CONTEXT_ACTION_VLAN_PUSH)
		spec.push_vlan = MLX5X_GET(flow_context, fc, push_vlan);
	if (spec.action & MLX5X_FLOW_CONTEXT_ACTION_MOD_HDR)
		spec.mhdr_id = MLX5X_GET(flow_context, fc, modify_header_id);
	if (spec.action & MLX5X_FLOW_CONTEXT_ACTION_PACKET_REFORMAT)
		spec.reformat_id =
			MLX5X_GET(flow_context, fc, packet_reformat_id);
	spec.value = MLX5X_ADDR_OF(flow_context, fc, match_value);
	for (i = 0; i < spec.ndest; i++) {
		spec.dest[i].type =
			MLX5X_GET(dest_format, dl + i * 8, destination_type);
		spec.dest[i].id =
			MLX5X_GET(dest_format, dl + i * 8, destination_id);
	}
	/* Counter list entries follow the destinations. */
	for (i = 0; i < spec.ncnt; i++)
		spec.cnt[i] =
			MLX5X_GET(flow_counter_list, dl + (spec.ndest + i) * 8,
				  flow_counter_id);
	if (!MLX5X_GET(set_fte_in, in, ignore_flow_level)) {
		st = emu_fte_dest_levels(ad, ft, &spec, syndrome);
		if (st != MLX5X_CMD_STAT_OK)
			return st;
	}
	st = emu_fte_insert(ad, ft, g, &spec, syndrome);
	if (st != MLX5X_CMD_STAT_OK)
		return st;
	res->destroy_opcode = MLX5X_CMD_OP_DELETE_FLOW_TABLE_ENTRY;
	res->id = spec.index;
	res->table_id = ft->id;
	res->table_type = ft->type;
	return MLX5X_CMD_STAT_OK;
}

int
emu_steering_cmd(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
		 size_t outlen, uint32_t *syndrome, struct emu_cmd_result *res)
{
	uint16_t op = MLX5X_GET(mbox_in, in, opcode);
	struct emu_adapter *ad = ctx->ad;
	/* table_type and table_id sit at the same place in every steering
	 * in box (bits 0x80 and 0xa8). */
	uint32_t type = MLX5X_GET(set_fte_in, in, table_type);
	uint32_t id = MLX5X_GET(set_fte_in, in, table_id);
	struct emu_ft *ft;

	(void)outlen;
	/* other_vport (every steering in box, bit 0x40): the E-Switch
	 * manager (the PF) works on a VF vport's NIC tables, vport k + 1
	 * being VF k's function; anyone else is refused. */
	uint16_t fn = ctx->fn;
	uint32_t *root;

	if (MLX5X_GET(set_fte_in, in, other_vport)) {
		uint32_t vport = MLX5X_GET(set_fte_in, in, vport_number);

		/* Only the manager may; FDB is no vport's table. */
		if (ctx->fn != 0 || type == MLX5X_FLOW_TABLE_TYPE_FDB) {
			*syndrome = 0xa00001;
			return MLX5X_CMD_STAT_BAD_PARAM_ERR;
		}
		if (vport > ad->cfg.nvfs) {
			*syndrome = 0xa00008; /* no such NIC vport */
			return MLX5X_CMD_STAT_BAD_PARAM_ERR;
		}
		fn = (uint16_t)vport;
	}
	root = emu_fn_root(ad, fn);
	/* A VF is no E-Switch manager: it has no FDB. */
	if (ctx->fn != 0 && type == MLX5X_FLOW_TABLE_TYPE_FDB) {
		*syndrome = 0xa00007;
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if (op == MLX5X_CMD_OP_CREATE_FLOW_TABLE) {
		return emu_ft_create(ctx, fn, in, out, syndrome, res);
	}
	if (op == MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT &&
	    MLX5X_GET(mbox_in, in, op_mod) == 1) {
		/* PRM: op_mod 1 disconnects the root (back to default). */
		if (type < 8)
			root[type] = 0;
		return MLX5X_CMD_STAT_OK;
	}
	ft = emu_ft_get(ad, type, id);
	/* A NIC table belongs to the vport it was created for. */
	if (ft == NULL || (type != MLX5X_FLOW_TABLE_TYPE_FDB && ft->fn != fn)) {
		*syndrome = 0xa00002;
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	switch (op) {
	case MLX5X_CMD_OP_DESTROY_FLOW_TABLE:
		if (ft->users != 0 || root[type] == ft->id ||
		    ft->nentries != 0 || ft->groups != NULL) {
			*syndrome =
				0xa00003; /* still referenced or not empty */
			return MLX5X_CMD_STAT_BAD_RES_STATE_ERR;
		}
		emu_ft_free(ad, ft);
		return MLX5X_CMD_STAT_OK;
	case MLX5X_CMD_OP_CREATE_FLOW_GROUP:
		return emu_fg_create(ad, ft, in, out, syndrome, res);
	case MLX5X_CMD_OP_DESTROY_FLOW_GROUP: {
		uint32_t gid = MLX5X_GET(destroy_flow_group_in, in, group_id);
		struct emu_fg *g = emu_objtab_get(&ad->fgs, gid), **pp;

		if (g == NULL || g->ft != ft) {
			*syndrome = 0xa00004;
			return MLX5X_CMD_STAT_BAD_RES_ERR;
		}
		if (g->count != 0) {
			*syndrome = 0xa00005; /* entries remain */
			return MLX5X_CMD_STAT_BAD_RES_STATE_ERR;
		}
		for (pp = &ft->groups; *pp != g; pp = &(*pp)->next)
			;
		*pp = g->next;
		emu_objtab_del(&ad->fgs, gid);
		emu_fg_need_count(ad, g, -1);
		emu_fg_hash_free(g);
		free(g);
		return MLX5X_CMD_STAT_OK;
	}
	case MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY:
		return emu_fte_set(ad, ft, in, inlen, syndrome, res);
	case MLX5X_CMD_OP_DELETE_FLOW_TABLE_ENTRY:
		return emu_fte_delete(ad, ft,
				      MLX5X_GET(delete_fte_in, in, flow_index),
				      syndrome);
	default: /* SET_FLOW_TABLE_ROOT */
		root[type] = ft->id;
		return MLX5X_CMD_STAT_OK;
	}
}

/*
 * The entry commands without a mailbox (Direct Rules), on a table of the
 * caller's own function (no other_vport): what emu_steering_cmd checks
 * of the table first, then the same entry code; counted, faulted and
 * traced as the command.
 */
static int
emu_steering_own_table(struct emu_ctx *ctx, uint8_t type, uint32_t table_id,
		       struct emu_ft **ftp, uint32_t *syndrome)
{
	struct emu_ft *ft;

	if (ctx->fn != 0 && type == MLX5X_FLOW_TABLE_TYPE_FDB) {
		*syndrome = 0xa00007;
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	ft = emu_ft_get(ctx->ad, type, table_id);
	if (ft == NULL ||
	    (type != MLX5X_FLOW_TABLE_TYPE_FDB && ft->fn != ctx->fn)) {
		*syndrome = 0xa00002;
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	*ftp = ft;
	return MLX5X_CMD_STAT_OK;
}

int
emu_steering_fte_set_direct(struct emu_ctx *ctx, uint8_t type,
			    uint32_t table_id, struct emu_fte_spec *spec)
{
	const uint16_t op = MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY;
	uint32_t syndrome = 0;
	struct emu_ft *ft;
	struct emu_fg *g;
	int st;

	if (!emu_cmd_direct_fault(ctx, op, &st, &syndrome)) {
		st = emu_steering_own_table(ctx, type, table_id, &ft,
					    &syndrome);
		if (st == MLX5X_CMD_STAT_OK)
			st = emu_fte_check(ctx->ad, ft, spec, &g, &syndrome);
		if (st == MLX5X_CMD_STAT_OK)
			st = emu_fte_insert(ctx->ad, ft, g, spec, &syndrome);
	}
	emu_cmd_direct_trace(ctx, op, st, syndrome);
	return st;
}

int
emu_steering_fte_del_direct(struct emu_ctx *ctx, uint8_t type,
			    uint32_t table_id, uint32_t index)
{
	const uint16_t op = MLX5X_CMD_OP_DELETE_FLOW_TABLE_ENTRY;
	uint32_t syndrome = 0;
	struct emu_ft *ft;
	int st;

	if (!emu_cmd_direct_fault(ctx, op, &st, &syndrome)) {
		st = emu_steering_own_table(ctx, type, table_id, &ft,
					    &syndrome);
		if (st == MLX5X_CMD_STAT_OK)
			st = emu_fte_delete(ctx->ad, ft, index, &syndrome);
	}
	emu_cmd_direct_trace(ctx, op, st, syndrome);
	return st;
}

void
emu_steering_group_dr(struct emu_adapter *ad, uint32_t fg_id, uint32_t prio)
{
	struct emu_fg *g = emu_objtab_get(&ad->fgs, fg_id), **pp;

	if (g == NULL)
		return;
	g->allow_dup = true;
	for (pp = &g->ft->groups; *pp != g; pp = &(*pp)->next)
		;
	*pp = g->next;
	g->prio = prio;
	for (pp = &g->ft->groups; *pp != NULL && (*pp)->prio <= prio;
	     pp = &(*pp)->next)
		;
	g->next = *pp;
	*pp = g;
}

bool
emu_steering_group_holds(struct emu_adapter *ad, uint32_t fg_id,
			 const void *match_value)
{
	const struct emu_fg *g = emu_objtab_get(&ad->fgs, fg_id);

	return g != NULL && emu_fg_lookup(g, match_value) != NULL;
}

void
emu_steering_table_log_size(struct emu_adapter *ad, uint32_t ft_id,
			    uint32_t log_size)
{
	struct emu_ft *ft = emu_objtab_get(&ad->fts, ft_id);

	if (ft != NULL && log_size <= 32)
		ft->log_size = log_size;
}

void
emu_steering_free(struct emu_adapter *ad)
{
	unsigned int fn;
	uint32_t i;

	for (fn = 0; fn <= EMU_MAX_VFS; fn++) {
		struct emu_kflow **head = emu_fn_kflows(ad, fn);

		while (*head != NULL) {
			struct emu_kflow *kf = *head;

			*head = kf->next;
			free(kf);
		}
	}
	for (i = 0; i < ad->fts.cap; i++)
		if (ad->fts.slot[i] != NULL)
			emu_ft_free(ad, ad->fts.slot[i]);
	emu_objtab_free(&ad->fts);
	emu_objtab_free(&ad->fgs);
}

/* ---- lookup ------------------------------------------------------------- */

/* The frame of parse p (its bytes p->data, p->len) to TIR destination
 * dst: four arguments, all in registers. */
static void
emu_tir_deliver(struct emu_adapter *ad, const struct emu_dest *dst,
		const struct emu_pkt *p, uint32_t flow_tag)
{
	const struct emu_tir *t = dst->tir;
	uint32_t hash;
	uint8_t htype;
	struct emu_rq *rq;

	if (t == NULL) {
		emu_trace(ad, "tir 0x%x gone: dropped", dst->id);
		ad->pf.cnt.rx_dropped++;
		return;
	}
	rq = emu_tir_pick(ad, t, p, &hash, &htype);
	if (rq == NULL) {
		ad->pf.cnt.rx_dropped++;
		return;
	}
	emu_rq_deliver(ad, rq, p->data, p->len, p, hash, htype, flow_tag);
}

static const uint8_t *
emu_steering_vlan(struct emu_adapter *ad, const struct emu_fte *e,
		  const uint8_t *frame, uint32_t *len, uint8_t *buf,
		  uint8_t *match);

/* An entry that rewrites the frame on its way to a next table: that table
 * matches the rewritten frame, re-parsed, with the metadata registers as
 * the rewrite left them. Two buffers, so a chain of rewrites reads one
 * and writes the other. */
static const struct emu_pkt *
emu_steering_rewrite_next(struct emu_adapter *ad, const struct emu_fte *e,
			  const struct emu_pkt *p)
{
	struct emu_scratch *sc = ad->scratch;
	uint8_t(*buf)[EMU_FRAME_MAX + 4] = sc->next_buf;
	uint8_t *match = sc->next_match;
	struct emu_pkt *pkt = sc->next_pkt;
	unsigned int cur;
	const size_t m1 = MLX5X_BYTE_OFF(fte_match_param, misc_parameters);
	const size_t m2 = MLX5X_BYTE_OFF(fte_match_param, misc_parameters_2);
	uint32_t len = p->len;
	const uint8_t *f;

	cur = sc->next_cur ^= 1;
	if (emu_fte_rewrites_regs_only(e)) {
		/* Same bytes, same parse: only the registers change. */
		pkt[cur] = *p;
		emu_modify_hdr_apply_regs(ad, e->mhdr, pkt[cur].match);
		return &pkt[cur];
	}
	memcpy(match, p->match, EMU_MATCH_BYTES);
	f = emu_steering_vlan(ad, e, p->data, &len, buf[cur], match);
	emu_pkt_parse(&pkt[cur], f, len,
		      MLX5X_GET(fte_match_set_misc, match + m1, source_port), 0,
		      MLX5X_GET(fte_match_set_misc, match + m1, source_sqn));
	memcpy(pkt[cur].match + m2, match + m2,
	       MLX5X_ST_SZ_BYTES(fte_match_set_misc2));
	return &pkt[cur];
}

/* Whether every group of ft reads nothing but the source words of
 * misc_parameters: its answer for a frame depends on the source alone. */
static bool
emu_ft_reads_source_only(const struct emu_ft *ft)
{
	const size_t misc = MLX5X_BYTE_OFF(fte_match_param, misc_parameters);
	const uint64_t src = emu_misc_source_bits();
	const struct emu_fg *g;
	unsigned int k;

	for (g = ft->groups; g != NULL; g = g->next)
		for (k = 0; k < g->nnz; k++)
			if (g->nz[k] * 8u != misc || (g->mw[k] & ~src) != 0)
				return false;
	return true;
}

/* The FDB root table's answer slot for frames of this source, emptied
 * when what it holds was taken under other tables or for another source
 * (slots are shared by sources a modulo apart). */
static inline struct emu_fdb_src *
emu_fdb_src_take(struct emu_adapter *ad, uint16_t vport, uint32_t sqn)
{
	/* Fibonacci hashing: SQ numbers and vport numbers are both small
	 * runs, which a plain sum would lay over each other. */
	uint64_t h = ((uint64_t)sqn << 16 | vport) * 0x9e3779b97f4a7c15ull;
	struct emu_fdb_src *s =
		&ad->fdb_src[h >> (64 - __builtin_ctz(EMU_FDB_SRC_SLOTS))];
	uint32_t root = ad->root[MLX5X_FLOW_TABLE_TYPE_FDB];

	if (s->gen != ad->steer_gen || s->root != root || s->sqn != sqn ||
	    s->vport != vport) {
		s->gen = ad->steer_gen;
		s->root = root;
		s->sqn = sqn;
		s->vport = vport;
		s->state = EMU_FDB_SRC_UNKNOWN;
		s->tried = false;
	}
	return s;
}

/* The root table ft's answer for packet p of slot s's source: the one
 * kept, or a lookup, kept when the table reads the source alone. */
static inline const struct emu_fte *
emu_fdb_src_lookup(const struct emu_ft *ft, const struct emu_pkt *p,
		   struct emu_fdb_src *s)
{
	const struct emu_fte *e;

	if (s->state == EMU_FDB_SRC_KNOWN)
		return s->e;
	e = emu_ft_lookup(ft, p->match);
	if (s->state == EMU_FDB_SRC_UNKNOWN) {
		s->state = emu_ft_reads_source_only(ft)
				   ? EMU_FDB_SRC_KNOWN
				   : EMU_FDB_SRC_READS_MORE;
		s->e = e;
	}
	return e;
}

/* Whether every group of ft reads nothing but the source words and the
 * metadata registers (a parse fills nothing else for it). */
static bool
emu_ft_reads_source_regs(const struct emu_ft *ft)
{
	const struct emu_fg *g;

	for (g = ft->groups; g != NULL; g = g->next)
		if (g->pkt_need != 0)
			return false;
	return true;
}

static inline void
emu_fdb_match_source(struct emu_pkt *p, const uint8_t *frame, uint32_t len,
		     uint16_t src_vport, uint32_t reg_c0, uint32_t src_sqn);

/*
 * The walk from table ft of a frame whose match view p holds its source
 * words and metadata registers alone (emu_fdb_match_source), as
 * emu_steering_walk_body makes it, when every table on the way reads
 * nothing else, so that every frame of that source takes it: the entries
 * it hits in order (hop[0 .. *n), each counts the frame), and the one
 * that decides (*dec, NULL for a miss). False when a table reads more,
 * the walk hits more than max entries, or an entry on the way to a next
 * table rewrites anything but registers (regs: registers alone, applied
 * to p; else nothing at all). Counts nothing: made without a frame.
 */
static bool
emu_steering_source_walk(struct emu_adapter *ad, struct emu_ft *ft,
			 struct emu_pkt *p, bool regs,
			 const struct emu_fte **hop, unsigned int max,
			 unsigned int *n, const struct emu_fte **dec)
{
	const struct emu_fte *e = NULL;
	unsigned int hops;

	*n = 0;
	for (hops = 0; ft != NULL && hops < EMU_FT_MAX_HOPS; hops++) {
		if (!emu_ft_reads_source_regs(ft))
			return false;
		e = emu_ft_lookup(ft, p->match);
		if (e == NULL) {
			if (ft->miss_action !=
			    MLX5X_FLOW_TABLE_MISS_ACTION_GOTO_TBL)
				break;
			ft = emu_ft_get(ad, ft->type, ft->miss_id);
			continue;
		}
		if (*n == max)
			return false;
		hop[(*n)++] = e;
		if (!(e->action & MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST) ||
		    e->ndest != 1 ||
		    e->dest[0].type != MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE)
			break;
		if (e->action & EMU_FTE_REWRITE_ACTIONS) {
			if (!regs || !emu_fte_rewrites_regs_only(e))
				return false;
			emu_modify_hdr_apply_regs(ad, e->mhdr, p->match);
		}
		ft = emu_ft_get(ad, ft->type, e->dest[0].id);
		e = NULL;
	}
	*dec = e;
	return true;
}

/*
 * Keeps in s the whole FDB walk for frames of its source (vport, SQN,
 * the vport's tag in reg_c_0) when nothing else decides it: every table
 * on the way reads the source words and the registers alone, and every
 * entry going on to a next table rewrites registers alone. The walk is
 * made here without a frame, counting nothing (the frame's own walk
 * counted); s stays as it was when any of that fails.
 */
static void
emu_fdb_src_record(struct emu_adapter *ad, struct emu_fdb_src *s, uint32_t tag)
{
	const size_t m2 = MLX5X_BYTE_OFF(fte_match_param, misc_parameters_2);
	struct emu_ft *ft = emu_ft_get(ad, MLX5X_FLOW_TABLE_TYPE_FDB, s->root);
	const struct emu_fte *e;
	struct emu_pkt p = { .len = 0 };
	unsigned int n;

	_Static_assert(sizeof(s->misc2) ==
			       MLX5X_ST_SZ_BYTES(fte_match_set_misc2),
		       "misc_parameters_2 kept whole");
	emu_fdb_match_source(&p, NULL, 0, s->vport, tag, s->sqn);
	if (!emu_steering_source_walk(ad, ft, &p, true, s->hop,
				      EMU_FDB_SRC_HOPS, &n, &e))
		return;
	s->e = e;
	s->nhop = (uint8_t)n;
	memcpy(s->misc2, p.match + m2, sizeof(s->misc2));
	s->as_is = e != NULL &&
		   (e->action & (MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST |
				 EMU_FTE_REWRITE_ACTIONS)) ==
			   MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST &&
		   e->ndest == 1 &&
		   (e->dest[0].type == MLX5X_FLOW_DESTINATION_TYPE_VPORT ||
		    e->dest[0].type == MLX5X_FLOW_DESTINATION_TYPE_UPLINK);
	s->dst =
		s->as_is && e->dest[0].type == MLX5X_FLOW_DESTINATION_TYPE_VPORT
			? (uint16_t)e->dest[0].id
			: MLX5X_VPORT_UPLINK;
	s->state = EMU_FDB_SRC_WALKED;
}

static inline __attribute__((always_inline)) void
emu_regc_hand_over(struct emu_adapter *ad, uint16_t fn, uint8_t *match,
		   const struct emu_regc *regc, uint32_t tag);

/* The tag a frame from vport src_vport carries in reg_c_0 (0 for a
 * vport the adapter does not have). */
static uint32_t
emu_vport_tag(struct emu_adapter *ad, uint16_t src_vport)
{
	const struct emu_vport *src = emu_adapter_vport(ad, src_vport);

	return src != NULL ? src->meta_tag : 0;
}

bool
emu_steering_source(struct emu_adapter *ad, uint8_t type, uint16_t src_vport,
		    const struct emu_fte **hop, unsigned int max,
		    unsigned int *n, const struct emu_fte **dec)
{
	const bool fdb = type == MLX5X_FLOW_TABLE_TYPE_FDB;
	const uint32_t root = ad->root[type],
		       tag = emu_vport_tag(ad, src_vport);
	struct emu_pkt p = { .len = 0 };

	*n = 0;
	*dec = NULL;
	if (fdb && (ad->cfg.esw != EMU_ESW_SWITCHDEV || root == 0))
		return true;
	/* NIC RX: kernel-managed rules come first, and a missing root drops
	 * on the function's own vport: the general path's. */
	if (!fdb && (ad->kflows != NULL || root == 0))
		return false;
	emu_fdb_match_source(&p, NULL, 0, src_vport, fdb ? tag : 0, 0);
	if (!fdb)
		emu_regc_hand_over(ad, 0, p.match, NULL, tag);
	return emu_steering_source_walk(ad, emu_ft_get(ad, type, root), &p, fdb,
					hop, max, n, dec);
}

/* Walks tables from root; returns the entry that decided, or NULL. *pp
 * is the packet; an entry rewriting it on the way to a next table points
 * *pp at the rewritten one. Inline where NIC RX walks its root for every
 * frame (the call, and the packet pointer kept in memory for it, cost a
 * fifth of the walk); emu_steering_walk_from elsewhere. own: *pp is the
 * caller's to change (nobody reads it as it came after the walk), so a
 * rewrite of registers alone changes them in place, uncopied. src (FDB):
 * the root table's answer for the frame's source, when it has one. */
static inline __attribute__((always_inline)) const struct emu_fte *
emu_steering_walk_body(struct emu_adapter *ad, uint32_t type, uint32_t start,
		       const struct emu_pkt **pp, bool own,
		       struct emu_fdb_src *src, bool *left)
{
	struct emu_ft *ft = emu_ft_get(ad, type, start);
	const struct emu_pkt *p = *pp;
	unsigned int hops;

	for (hops = 0; ft != NULL && hops < EMU_FT_MAX_HOPS; hops++) {
		const struct emu_fte *e =
			src != NULL && hops == 0
				? emu_fdb_src_lookup(ft, p, src)
				: emu_ft_lookup_inl(ft, p->match);
		unsigned int i;

		if (e != NULL) {
			emu_trace(ad,
				  "ft 0x%x level %u: hit fte %u action 0x%x tag 0x%x",
				  ft->id, ft->level, e->index, e->action,
				  e->flow_tag);
			for (i = 0; i < e->ncnt; i++) {
				struct emu_fc *f =
					emu_flow_counter_get(ad, e->cnt[i]);

				if (f != NULL) {
					f->packets++;
					f->bytes += p->len;
				}
			}
			/* A single destination that is a table: go on there. */
			if ((e->action & MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST) &&
			    e->ndest == 1 &&
			    e->dest[0].type ==
				    MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE) {
				ft = emu_ft_get(ad, type, e->dest[0].id);
				if (own && emu_fte_rewrites_regs_only(e)) {
					/* The caller's packet, or one of
					 * emu_steering_rewrite_next's. */
					emu_modify_hdr_apply_regs(ad, e->mhdr,
								  ((struct emu_pkt
									    *)(uintptr_t)
									   p)
									  ->match);
				} else if (e->action &
					   EMU_FTE_REWRITE_ACTIONS) {
					p = emu_steering_rewrite_next(ad, e, p);
					*pp = p;
				}
				continue;
			}
			return e;
		}
		emu_trace(ad, "ft 0x%x level %u: miss", ft->id, ft->level);
		if (ft->miss_action != MLX5X_FLOW_TABLE_MISS_ACTION_GOTO_TBL)
			break;
		ft = emu_ft_get(ad, type, ft->miss_id);
	}
	if (left != NULL)
		*left = hops != 0;
	return NULL;
}

static inline __attribute__((always_inline)) const struct emu_fte *
emu_steering_walk_inl(struct emu_adapter *ad, uint32_t type, uint32_t start,
		      const struct emu_pkt **pp)
{
	return emu_steering_walk_body(ad, type, start, pp, false, NULL, NULL);
}

/* The walk from table start; on a miss *left says whether it had left
 * start (an entry there went on, or start missed to its table_miss_id)
 * before a table missed by its default. */
static const struct emu_fte *
emu_steering_walk_from(struct emu_adapter *ad, uint32_t type, uint32_t start,
		       const struct emu_pkt **pp, bool *left)
{
	return emu_steering_walk_body(ad, type, start, pp, false, NULL, left);
}

static const struct emu_fte *
emu_steering_walk(struct emu_adapter *ad, uint16_t fn, uint32_t type,
		  const struct emu_pkt **p)
{
	return emu_steering_walk_from(ad, type, emu_fn_root(ad, fn)[type], p,
				      NULL);
}

/* VLAN pop / push actions of the deciding entry, on a copy of the frame. */
static const uint8_t *
emu_steering_vlan(struct emu_adapter *ad, const struct emu_fte *e,
		  const uint8_t *frame, uint32_t *len, uint8_t *buf,
		  uint8_t *match)
{
	uint32_t n = *len;

	if (!(e->action & EMU_FTE_REWRITE_ACTIONS))
		return frame;
	if (emu_fte_rewrites_regs_only(e)) {
		/* Registers alone: the frame goes on as it is, uncopied. */
		emu_modify_hdr_apply_regs(ad, e->mhdr, match);
		return frame;
	}
	memcpy(buf, frame, n);
	n = emu_reformat_decap(ad, e, buf, n);
	if ((e->action & MLX5X_FLOW_CONTEXT_ACTION_VLAN_POP) && n >= 18 &&
	    ((buf[12] == 0x81 && buf[13] == 0x00) ||
	     (buf[12] == 0x88 && buf[13] == 0xa8))) {
		memmove(buf + 12, buf + 16, n - 16);
		n -= 4;
		emu_trace(ad, "action: pop vlan");
	}
	if (e->mhdr != NULL)
		emu_modify_hdr_apply(ad, e->mhdr, buf, n, match);
	if ((e->action & MLX5X_FLOW_CONTEXT_ACTION_VLAN_PUSH) && n >= 14 &&
	    n + 4 <= EMU_FRAME_MAX) {
		memmove(buf + 16, buf + 12, n - 12);
		buf[12] = e->push_vlan >> 24;
		buf[13] = e->push_vlan >> 16;
		buf[14] = e->push_vlan >> 8;
		buf[15] = e->push_vlan;
		n += 4;
		emu_trace(ad, "action: push vlan 0x%08x", e->push_vlan);
	}
	n = emu_reformat_encap(ad, e, buf, n);
	*len = n;
	return buf;
}

/* What the deciding NIC RX entry does with the frame: drop, or VLAN
 * actions then delivery to its TIRs. Inline after the root walk every
 * frame makes (a call there saves and restores the registers the walk
 * already holds); emu_steering_rx_apply after kernel-managed rules. */
static inline __attribute__((always_inline)) void
emu_steering_rx_apply_inl(struct emu_adapter *ad, const struct emu_fte *e,
			  const uint8_t *frame, uint32_t len,
			  const struct emu_pkt *p, const struct emu_vport *src)
{
	struct emu_pkt *rewritten = &ad->scratch->rx_rewritten;
	unsigned int i;

	if (e == NULL || (e->action & MLX5X_FLOW_CONTEXT_ACTION_DROP) ||
	    !(e->action & MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST)) {
		emu_trace(ad, "nic rx: %s: dropped",
			  e == NULL ? "miss" : "drop");
		ad->pf.cnt.rx_dropped++;
		return;
	}
	if (emu_fte_rewrites_regs_only(e)) {
		/* The frame as it came, its parse as NIC RX made it; the
		 * registers as the rewrite leaves them. */
		const size_t m1 =
			MLX5X_BYTE_OFF(fte_match_param, misc_parameters);

		*rewritten = *p;
		MLX5X_SET(fte_match_set_misc, rewritten->match + m1,
			  source_port, src != NULL ? src->num : 0);
		MLX5X_SET(fte_match_set_misc, rewritten->match + m1, source_sqn,
			  0);
		emu_modify_hdr_apply(ad, e->mhdr, NULL, len, rewritten->match);
		p = rewritten;
	} else if (e->action & EMU_FTE_REWRITE_ACTIONS) {
		/* The TIR's RQ sees the rewritten frame with the registers
		 * as the entry's rewrite left them (reg_b reaches the CQE). */
		uint8_t *rx_buf = ad->scratch->rx_buf;
		uint8_t *rx_match = ad->scratch->rx_match;
		const size_t m2 =
			MLX5X_BYTE_OFF(fte_match_param, misc_parameters_2);
		const size_t m2len = MLX5X_ST_SZ_BYTES(fte_match_set_misc2);

		memcpy(rx_match + m2, p->match + m2, m2len);
		frame = emu_steering_vlan(ad, e, frame, &len, rx_buf, rx_match);
		emu_pkt_parse(rewritten, frame, len, src != NULL ? src->num : 0,
			      0, 0);
		memcpy(rewritten->match + m2, rx_match + m2, m2len);
		p = rewritten;
	}
	for (i = 0; i < e->ndest; i++)
		if (e->dest[i].type == MLX5X_FLOW_DESTINATION_TYPE_TIR)
			emu_tir_deliver(ad, &e->dest[i], p, e->flow_tag);
}

static void
emu_steering_rx_apply(struct emu_adapter *ad, const struct emu_fte *e,
		      const uint8_t *frame, uint32_t len,
		      const struct emu_pkt *p, const struct emu_vport *src)
{
	emu_steering_rx_apply_inl(ad, e, frame, len, p, src);
}

/* The parse of the frame the FDB just handled: the NIC RX it goes to
 * next (the manager's after a miss, from the same vport; a vport's after
 * a hit that left the bytes as they were) takes it, with source port and
 * SQN as that NIC RX sees them, so a frame is parsed once in switchdev
 * mode. Valid from the FDB's decision to that NIC RX. */

static void
emu_fdb_parsed_set(const struct emu_adapter *ad, const uint8_t *frame,
		   uint32_t len, uint16_t vport)
{
	struct emu_fdb_parsed *fp = &ad->scratch->fdb_parsed;

	fp->ad = ad;
	fp->frame = frame;
	fp->len = len;
	fp->vport = vport;
	fp->valid = true;
}

/* misc_parameters_2 offsets of metadata_reg_c_0 .. _7. */
#define EMU_REGC_OFF(i)                                                        \
	(MLX5X_BYTE_OFF(fte_match_param, misc_parameters_2) +                  \
	 MLX5X_BYTE_OFF(fte_match_set_misc2, metadata_reg_c_0) - 4 * (i))
_Static_assert(MLX5X_BYTE_OFF(fte_match_set_misc2, metadata_reg_c_7) + 28 ==
		       MLX5X_BYTE_OFF(fte_match_set_misc2, metadata_reg_c_0),
	       "reg_c_7 .. reg_c_0 consecutive");

/* The registers from misc_parameters_2. */
static inline void
emu_regc_get(const uint8_t *misc2, struct emu_regc *regc)
{
	memcpy(regc->be,
	       misc2 + MLX5X_BYTE_OFF(fte_match_set_misc2, metadata_reg_c_7),
	       sizeof(regc->be));
}

/* The registers the E-Switch hands to function fn's NIC RX: in switchdev
 * mode those its vport context passes keep their value, the others arrive
 * as zero; legacy mode has no FDB and hands over what the source gave.
 * regc NULL: the source gave tag in reg_c_0 and nothing else. */
static inline __attribute__((always_inline)) void
emu_regc_hand_over(struct emu_adapter *ad, uint16_t fn, uint8_t *match,
		   const struct emu_regc *regc, uint32_t tag)
{
	uint8_t pass = ad->cfg.esw == EMU_ESW_SWITCHDEV
			       ? emu_fn_vport(ad, fn)->fdb_to_vport_reg_c_id
			       : 0xff;
	uint32_t v[EMU_REGC_NUM] = { 0 };

	if (regc == NULL) {
		/* The source vport's tag alone, in reg_c_0: the others are
		 * zero, stored straight (no array built aside). */
		uint32_t c0 = pass & 1 ? htobe32(tag) : 0;

		memset(match + EMU_REGC_OFF(EMU_REGC_NUM - 1), 0,
		       sizeof(v) - 4);
		memcpy(match + EMU_REGC_OFF(0), &c0, 4);
		return;
	}
	/* reg_c_7 .. reg_c_0 are consecutive dwords: only the registers
	 * passed are filled in, then all are stored at once. */
	while (pass != 0) {
		unsigned int i = (unsigned int)__builtin_ctz(pass);

		v[EMU_REGC_NUM - 1 - i] = regc->be[EMU_REGC_NUM - 1 - i];
		pass &= pass - 1;
	}
	memcpy(match + EMU_REGC_OFF(EMU_REGC_NUM - 1), v, sizeof(v));
}

static inline __attribute__((always_inline)) void
emu_steering_rx_src(struct emu_adapter *ad, uint16_t fn, const uint8_t *frame,
		    uint32_t len, uint16_t src_vport,
		    const struct emu_vport *src, const struct emu_regc *regc);

/* The plain entry points: the source vport's tag alone in reg_c_0. Each
 * is the whole NIC RX path in one function (the data path's every frame
 * comes this way; calls along it cost as much as the work). */
static inline __attribute__((always_inline)) void
emu_steering_rx_tag(struct emu_adapter *ad, uint16_t fn, const uint8_t *frame,
		    uint32_t len, uint16_t src_vport)
{
	/* The wire's frames, most of them, without the call. */
	const struct emu_vport *src =
		src_vport == MLX5X_VPORT_UPLINK
			? &ad->uplink
			: emu_adapter_vport(ad, src_vport);

	emu_steering_rx_src(ad, fn, frame, len, src_vport, src, NULL);
}

void
emu_steering_rx(struct emu_adapter *ad, const uint8_t *frame, uint32_t len,
		uint16_t src_vport)
{
	emu_steering_rx_tag(ad, 0, frame, len, src_vport);
}

void
emu_steering_rx_fn(struct emu_adapter *ad, uint16_t fn, const uint8_t *frame,
		   uint32_t len, uint16_t src_vport)
{
	emu_steering_rx_tag(ad, fn, frame, len, src_vport);
}

/* Out of line: its one caller, emu_eswitch_to_vport, also forwards to VF
 * ends and the wire, which a whole NIC RX inlined there would make pay
 * its register saves on every frame. */
__attribute__((noinline)) void
emu_steering_rx_regc(struct emu_adapter *ad, uint16_t fn, const uint8_t *frame,
		     uint32_t len, uint16_t src_vport,
		     const struct emu_regc *regc)
{
	emu_steering_rx_src(ad, fn, frame, len, src_vport,
			    emu_adapter_vport(ad, src_vport), regc);
}

/* What a don't-trap rule's entry e, deciding for packet p, hands the next
 * priority: p as e's rewrite leaves it, bytes and registers, kept apart
 * from the buffers later walks write. */
static const struct emu_pkt *
emu_kflow_carry(struct emu_adapter *ad, const struct emu_fte *e,
		const struct emu_pkt *p)
{
	struct emu_scratch *sc = ad->scratch;
	const struct emu_pkt *r;

	if (!(e->action & EMU_FTE_REWRITE_ACTIONS))
		return p;
	r = emu_steering_rewrite_next(ad, e, p);
	sc->kflow_pkt = *r;
	if (r->data != p->data) {
		memcpy(sc->kflow_buf, r->data, r->len);
		sc->kflow_pkt.data = sc->kflow_buf;
	}
	return &sc->kflow_pkt;
}

/* NIC RX of function fn for a frame from vport src_vport (src, resolved
 * once by the caller) with the registers the E-Switch hands over: regc's
 * reg_c_0 .. _7, or (regc NULL) the source vport's tag alone. */
static inline __attribute__((always_inline)) void
emu_steering_rx_src(struct emu_adapter *ad, uint16_t fn, const uint8_t *frame,
		    uint32_t len, uint16_t src_vport,
		    const struct emu_vport *src, const struct emu_regc *regc)
{
	struct emu_scratch *sc = ad->scratch;
	struct emu_pkt *parsed = &sc->rx_parsed;
	const struct emu_kflow *kf;
	const struct emu_pkt *pp;
	const struct emu_fte *e;
	bool taken = false;

	if (sc->fdb_parsed.valid && sc->fdb_parsed.ad == ad &&
	    sc->fdb_parsed.frame == frame && sc->fdb_parsed.len == len &&
	    sc->fdb_parsed.vport == src_vport)
		parsed = &sc->fdb_pkt;
	else
		emu_pkt_parse_rx(parsed, frame, len, src_vport, ad->pkt_need);
	sc->fdb_parsed.valid = false;
	emu_regc_hand_over(ad, fn, parsed->match, regc,
			   src != NULL ? src->meta_tag : 0);
	pp = parsed;

	/*
	 * Kernel-managed rules (Verbs and DV flows) first, by priority: a
	 * rule's table that misses goes on to the next priority's, as
	 * mlx5_ib's tables chain by table_miss_id. A table the rule's entry
	 * went on to (a DevX one) missing by its default ends the frame
	 * there: NIC RX's default miss drops, nothing comes back to the
	 * chain. A don't-trap rule delivers and lets the next priority match
	 * what its entry made of the frame (its FTE forwards to the TIR and
	 * to that table: one rewrite for both).
	 */
	for (kf = *emu_fn_kflows(ad, fn); kf != NULL; kf = kf->next) {
		const struct emu_pkt *wp = pp;
		bool left;

		e = emu_steering_walk_from(ad, MLX5X_FLOW_TABLE_TYPE_NIC_RX,
					   kf->ft_id, &wp, &left);
		if (e == NULL && !left)
			continue;
		emu_steering_rx_apply(ad, e, wp->data, wp->len, wp, src);
		if (e == NULL || !kf->dont_trap ||
		    (e->action & MLX5X_FLOW_CONTEXT_ACTION_DROP))
			return;
		taken = true;
		pp = emu_kflow_carry(ad, e, wp);
	}
	if (emu_fn_root(ad, fn)[MLX5X_FLOW_TABLE_TYPE_NIC_RX] == 0) {
		if (taken)
			return;
		emu_trace(ad, "nic rx: no root table: dropped");
		emu_fn_vport(ad, fn)->cnt.rx_dropped++;
		return;
	}
	{
		const struct emu_pkt *wp = pp;

		e = emu_steering_walk_inl(ad, MLX5X_FLOW_TABLE_TYPE_NIC_RX,
					  emu_fn_root(ad, fn)
						  [MLX5X_FLOW_TABLE_TYPE_NIC_RX],
					  &wp);
		emu_steering_rx_apply_inl(ad, e, wp->data, wp->len, wp, src);
	}
}

void
emu_steering_kflow_add(struct emu_adapter *ad, uint16_t fn,
		       struct emu_kflow *kf)
{
	struct emu_kflow **pp = kf->type == MLX5X_FLOW_TABLE_TYPE_NIC_TX
					? emu_fn_kflows_tx(ad, fn)
					: emu_fn_kflows(ad, fn);

	emu_rx_changed(ad);
	/* Lower priority value first; equal ones in creation order. */
	while (*pp != NULL && (*pp)->prio <= kf->prio)
		pp = &(*pp)->next;
	kf->next = *pp;
	*pp = kf;
}

void
emu_steering_kflow_del(struct emu_adapter *ad, uint16_t fn,
		       struct emu_kflow *kf)
{
	struct emu_kflow **pp;

	emu_rx_changed(ad);
	for (pp = kf->type == MLX5X_FLOW_TABLE_TYPE_NIC_TX
			  ? emu_fn_kflows_tx(ad, fn)
			  : emu_fn_kflows(ad, fn);
	     *pp != NULL; pp = &(*pp)->next)
		if (*pp == kf) {
			*pp = kf->next;
			return;
		}
}

/* The FDB's match view of a frame its groups look at only for the source
 * (SQN, port) and the metadata registers: those words as a parse fills
 * them (emu_pkt_parse_need), no header read. The rest of the view and
 * the parse's scalars are left as they were, for nobody. */
static inline void
emu_fdb_match_source(struct emu_pkt *p, const uint8_t *frame, uint32_t len,
		     uint16_t src_vport, uint32_t reg_c0, uint32_t src_sqn)
{
	uint8_t *misc =
		p->match + MLX5X_BYTE_OFF(fte_match_param, misc_parameters);
	uint8_t *misc2 =
		p->match + MLX5X_BYTE_OFF(fte_match_param, misc_parameters_2);

	p->data = frame;
	p->len = len;
	memset(misc, 0, 16);
	memset(misc2, 0, MLX5X_ST_SZ_BYTES(fte_match_set_misc2));
	MLX5X_SET(fte_match_set_misc, misc, source_port, src_vport);
	MLX5X_SET(fte_match_set_misc, misc, source_sqn, src_sqn);
	MLX5X_SET(fte_match_set_misc2, misc2, metadata_reg_c_0, reg_c0);
}

/*
 * An FDB miss after an entry rewrote the frame's bytes on its way to a
 * next table (a header rewrite, a VLAN push or pop, a reformat): the
 * default E-Switch path takes the frame as rewritten, as the adapter
 * forwards what its pipeline holds, not what came in. The manager's SQ
 * frames leave by the wire, the others reach the manager's NIC RX from
 * their vport; registers rewritten on the way stay behind as on every
 * miss (the default path hands over the source's tag). The bytes move to
 * the FDB's own buffer first: the NIC RX walk writes the buffers of
 * emu_steering_rewrite_next they are in. Always decides (true).
 */
static __attribute__((noinline)) bool
emu_fdb_miss_rewritten(struct emu_adapter *ad, const struct emu_pkt *wp,
		       uint16_t src_vport, uint32_t src_sqn)
{
	uint8_t *buf = ad->scratch->fdb_buf;
	const uint32_t len = wp->len;

	memcpy(buf, wp->data, len);
	emu_trace(ad, "fdb: miss, %u bytes as rewritten on the way", len);
	if (src_sqn != 0)
		emu_wire_out(ad, buf, len);
	else
		emu_steering_rx(ad, buf, len, src_vport);
	return true;
}

/*
 * The FDB for a frame of source (src_vport, src_sqn), slot s: its walk
 * (kept: s's, whose entries counted the frame already) and what the
 * deciding entry does. Apart from emu_steering_fdb, which forwards the
 * frames of a kept walk ending in one vport as they are without it.
 */
static __attribute__((noinline)) bool
emu_fdb_decide(struct emu_adapter *ad, struct emu_fdb_src *s,
	       const uint8_t *frame, uint32_t len, uint16_t src_vport,
	       uint32_t src_sqn, bool kept)
{
	struct emu_scratch *sc = ad->scratch;
	uint8_t *fdb_buf = sc->fdb_buf, *fdb_match = sc->fdb_match;
	const size_t m2 = MLX5X_BYTE_OFF(fte_match_param, misc_parameters_2);
	struct emu_pkt *p = &sc->fdb_pkt;
	const struct emu_pkt *wp = p;
	const struct emu_fte *e;
	const uint8_t *misc2;
	struct emu_regc regc;
	unsigned int i;
	bool parsed, fresh;

	if (kept) {
		/* No header was read: a NIC RX the frame goes to parses
		 * it. */
		parsed = false;
		e = s->e;
		p->data = frame;
		p->len = len;
		misc2 = s->misc2;
	} else {
		const struct emu_vport *src = emu_adapter_vport(ad, src_vport);
		uint32_t tag = src != NULL ? src->meta_tag : 0;

		/* A frame with an SQN (the manager's) leaves by the wire on
		 * a miss: no NIC RX takes its parse then, and the FDB needs
		 * none while its groups read only the source and the
		 * registers. */
		parsed = src_sqn == 0 || ad->fdb_need_groups != 0;
		if (parsed)
			emu_pkt_parse_need(p, frame, len, src_vport, tag,
					   src_sqn, ad->pkt_need);
		else
			emu_fdb_match_source(p, frame, len, src_vport, tag,
					     src_sqn);
		/* The FDB's parse is its own: register rewrites on the way
		 * to a next table change it in place. */
		fresh = s->state == EMU_FDB_SRC_UNKNOWN;
		e = emu_steering_walk_body(ad, MLX5X_FLOW_TABLE_TYPE_FDB,
					   s->root, &wp, true, s, NULL);
		/* The second frame of a source in a row (not the first: a
		 * slot two sources share would make it every frame's) has
		 * its walk kept when it can be. */
		if (!fresh && !s->tried && !ad->trace_on) {
			s->tried = true;
			emu_fdb_src_record(ad, s, tag);
		}
		if (e == NULL) {
			/* FDB miss: default E-Switch path, to the manager's
			 * NIC RX from the same vport (same parse when no SQ
			 * number). */
			if (wp->data != frame)
				return emu_fdb_miss_rewritten(ad, wp, src_vport,
							      src_sqn);
			if (src_sqn == 0)
				emu_fdb_parsed_set(ad, frame, len, src_vport);
			return false;
		}
		misc2 = wp->match + m2;
	}
	if (!(e->action & MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST)) {
		emu_trace(ad, "fdb: dropped");
		return true;
	}
	/* Its own buffer: a destination may run NIC RX, which has one too.
	 * The registers as the entry's rewrite leaves them go with the frame
	 * (reg_c_x set by FDB rules reach the vport's NIC RX), taken before
	 * a destination's NIC RX may walk over wp. */
	len = wp->len;
	if (e->mhdr != NULL) {
		memcpy(fdb_match + m2, misc2,
		       MLX5X_ST_SZ_BYTES(fte_match_set_misc2));
		frame = emu_steering_vlan(ad, e, wp->data, &len, fdb_buf,
					  fdb_match);
		emu_regc_get(fdb_match + m2, &regc);
	} else {
		frame = emu_steering_vlan(ad, e, wp->data, &len, fdb_buf, NULL);
		emu_regc_get(misc2, &regc);
	}
	for (i = 0; i < e->ndest; i++) {
		uint16_t vport =
			e->dest[i].type == MLX5X_FLOW_DESTINATION_TYPE_UPLINK
				? MLX5X_VPORT_UPLINK
				: (uint16_t)e->dest[i].id;

		if (e->ndest == 1 && frame == wp->data && (parsed || wp != p) &&
		    emu_eswitch_vport_nic_rx(ad, vport)) {
			/* The bytes the FDB parsed (itself, or at a header
			 * rewrite) go to a vport's NIC RX: it sees them from
			 * that vport and without an SQN; it sets the
			 * registers. */
			const size_t m1 = MLX5X_BYTE_OFF(fte_match_param,
							 misc_parameters);

			if (wp != p)
				*p = *wp;
			MLX5X_SET(fte_match_set_misc, p->match + m1,
				  source_port, vport);
			MLX5X_SET(fte_match_set_misc, p->match + m1, source_sqn,
				  0);
			emu_fdb_parsed_set(ad, frame, len, vport);
		}
		emu_eswitch_to_vport(ad, vport, frame, len, &regc);
		/* NIC RX took it, or nobody did: valid no longer. */
		sc->fdb_parsed.valid = false;
	}
	return true;
}

/* The FDB's answer for a frame: true when an FDB rule decided. */
bool
emu_steering_fdb(struct emu_adapter *ad, const uint8_t *frame, uint32_t len,
		 uint16_t src_vport, uint32_t src_sqn)
{
	struct emu_fdb_src *s;
	struct emu_regc regc;
	unsigned int i;

	ad->scratch->fdb_parsed.valid = false;
	if (ad->root[MLX5X_FLOW_TABLE_TYPE_FDB] == 0)
		return false;
	s = emu_fdb_src_take(ad, src_vport, src_sqn);
	if (s->state != EMU_FDB_SRC_WALKED || ad->trace_on)
		return emu_fdb_decide(ad, s, frame, len, src_vport, src_sqn,
				      false);
	/* The source's walk, kept: its entries count the frame and the
	 * registers are as it left them. */
	for (i = 0; i < s->nhop; i++)
		emu_fte_count(ad, s->hop[i], len);
	if (s->e == NULL)
		return false;
	if (!s->as_is)
		return emu_fdb_decide(ad, s, frame, len, src_vport, src_sqn,
				      true);
	emu_regc_get(s->misc2, &regc);
	emu_eswitch_to_vport(ad, s->dst, frame, len, &regc);
	return true;
}

bool
emu_steering_fdb_sq_kept(struct emu_adapter *ad, uint32_t sqn, uint16_t *dst,
			 const struct emu_fte *const **hop, unsigned int *nhop)
{
	struct emu_fdb_src *s;

	if (ad->root[MLX5X_FLOW_TABLE_TYPE_FDB] == 0)
		return false;
	s = emu_fdb_src_take(ad, 0, sqn);
	/* A kept walk that misses sends the manager's frames to the wire,
	 * the E-Switch's default path for them (emu_eswitch_from_sq). */
	if (s->state != EMU_FDB_SRC_WALKED || (s->e != NULL && !s->as_is))
		return false;
	/* As each frame's FDB would leave it: no NIC RX parse to reuse. */
	ad->scratch->fdb_parsed.valid = false;
	*dst = s->e == NULL ? MLX5X_VPORT_UPLINK : s->dst;
	*hop = s->hop;
	*nhop = s->nhop;
	return true;
}

/* NIC TX: the sending function's egress tables. The frame carries reg_a
 * (its WQE's flow_table_metadata) for entries to match and header rewrites
 * to read; it goes no further than NIC TX. Returns false when an entry
 * drops the frame; counters of the entry count it either way. */
bool
emu_steering_tx(struct emu_adapter *ad, uint16_t fn, const uint8_t **frame,
		uint32_t *len, uint32_t src_sqn, uint32_t reg_a)
{
	struct emu_scratch *sc = ad->scratch;
	const size_t m2 = MLX5X_BYTE_OFF(fte_match_param, misc_parameters_2);
	struct emu_pkt *const p = &sc->tx_pkt;
	const struct emu_kflow *kf = *emu_fn_kflows_tx(ad, fn);
	const struct emu_pkt *wp = p;
	const struct emu_fte *e = NULL;

	if (kf == NULL &&
	    emu_fn_root(ad, fn)[MLX5X_FLOW_TABLE_TYPE_NIC_TX] == 0)
		return true;
	emu_pkt_parse(p, *frame, *len, 0, 0, src_sqn);
	MLX5X_SET(fte_match_set_misc2, p->match + m2, metadata_reg_a, reg_a);
	/* Kernel-managed rules (DV NIC TX flows, mlx5_ib's egress
	 * namespace) first, by priority; then the root table. A table a
	 * rule's entry went on to that misses by its default lets the frame
	 * go to the port as the walk left it (NIC TX's default miss allows),
	 * past the later rules and the root. */
	for (; kf != NULL; kf = kf->next) {
		bool left;

		wp = p;
		e = emu_steering_walk_from(ad, MLX5X_FLOW_TABLE_TYPE_NIC_TX,
					   kf->ft_id, &wp, &left);
		if (e != NULL || left)
			break;
	}
	if (kf == NULL) {
		wp = p;
		e = emu_steering_walk(ad, fn, MLX5X_FLOW_TABLE_TYPE_NIC_TX,
				      &wp);
	}
	if (e != NULL && (e->action & MLX5X_FLOW_CONTEXT_ACTION_DROP)) {
		emu_trace(ad, "nic tx: drop");
		return false;
	}
	*len = wp->len;
	if (e == NULL) {
		*frame = wp->data;
		return true;
	}
	/* The deciding entry's rewrite sees the registers (a copy from
	 * reg_a to a header field); what it writes to them stays here. */
	memcpy(sc->tx_match + m2, wp->match + m2,
	       MLX5X_ST_SZ_BYTES(fte_match_set_misc2));
	*frame = emu_steering_vlan(ad, e, wp->data, len, sc->tx_buf,
				   sc->tx_match);
	return true;
}
