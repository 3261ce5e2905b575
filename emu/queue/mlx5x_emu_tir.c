/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Transport interface receive (TIR): where a steering destination lands.
 * Direct: one RQ (inline_rqn). Indirect: the RQT entry chosen by a hash
 * (Toeplitz over the fields rx_hash_field_selector_outer selects, or
 * none; with tunneled_offload_en, rx_hash_field_selector_inner's fields
 * of a tunnelled frame's inner headers) - the model indexes the table
 * with hash % size.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_cmd.h"

#include <stdlib.h>
#include <string.h>

#include "mlx5x_emu_tir.h"

/* One selected field: a run of its own, or the tail of the run before it
 * when the two are adjacent in the same header (source then destination
 * address, source then destination port). */
static void
emu_tir_plan_add(struct emu_tir_plan *pl, uint8_t base, uint8_t off,
		 uint8_t len, uint8_t *pos)
{
	struct emu_tir_run *prev =
		pl->nrun != 0 ? &pl->run[pl->nrun - 1] : NULL;

	if (prev != NULL && prev->base == base &&
	    prev->off + prev->len == off) {
		prev->len += len;
	} else {
		prev = &pl->run[pl->nrun++];
		prev->base = base;
		prev->off = off;
		prev->len = len;
		prev->pos = *pos;
	}
	prev->n4 = prev->len / 4;
	prev->two = prev->len % 4 != 0;
	*pos += len;
}

void
emu_tir_plan_build(struct emu_tir_plan *pl, uint32_t fields, uint8_t l3p,
		   uint8_t l4p, bool inner)
{
	const uint32_t ip =
		MLX5X_HASH_FIELD_SEL_SRC_IP | MLX5X_HASH_FIELD_SEL_DST_IP;
	const uint32_t ports =
		MLX5X_HASH_FIELD_SEL_L4_SPORT | MLX5X_HASH_FIELD_SEL_L4_DPORT;
	uint8_t l3b = EMU_TIR_BASE_L3, l4b = EMU_TIR_BASE_L4;
	uint8_t src, dst, sport, ipl, pos = 0;

	memset(pl, 0, sizeof(*pl));
	/* PRM order of the hash input: source IP, destination IP, source
	 * port, destination port; other selector bits add no input. */
	if (!(fields & (ip | ports)))
		return;
	pl->l3 = l3p == MLX5X_L3_PROT_TYPE_IPV4 ? 4 : 6;
	ipl = pl->l3 == 4 ? 4 : 16;
	if (fields & ip)
		pl->htype = pl->l3 == 4 ? MLX5X_CQE_RSS_HTYPE_IPV4
					: MLX5X_CQE_RSS_HTYPE_IPV6;
	if (fields & ports) {
		pl->l4 = l4p == MLX5X_L4_PROT_TYPE_TCP ? 6 : 17;
		pl->htype |= pl->l4 == 6 ? MLX5X_CQE_RSS_HTYPE_TCP
					 : MLX5X_CQE_RSS_HTYPE_UDP;
	}
	if (inner) {
		/* The match view: IPv4 in the last 4 bytes of the 16. */
		l3b = l4b = EMU_TIR_BASE_INNER;
		src = MLX5X_BYTE_OFF(fte_match_set_lyr_2_4, src_ipv4_src_ipv6) +
		      (pl->l3 == 4 ? 12 : 0);
		dst = MLX5X_BYTE_OFF(fte_match_set_lyr_2_4, dst_ipv4_dst_ipv6) +
		      (pl->l3 == 4 ? 12 : 0);
		sport = pl->l4 == 6 ? MLX5X_BYTE_OFF(fte_match_set_lyr_2_4,
						     tcp_sport)
				    : MLX5X_BYTE_OFF(fte_match_set_lyr_2_4,
						     udp_sport);
	} else {
		src = pl->l3 == 4 ? 12 : 8;
		dst = pl->l3 == 4 ? 16 : 24;
		sport = 0;
	}
	if (fields & MLX5X_HASH_FIELD_SEL_SRC_IP)
		emu_tir_plan_add(pl, l3b, src, ipl, &pos);
	if (fields & MLX5X_HASH_FIELD_SEL_DST_IP)
		emu_tir_plan_add(pl, l3b, dst, ipl, &pos);
	/* Both layouts put the destination port right after the source. */
	if (fields & MLX5X_HASH_FIELD_SEL_L4_SPORT)
		emu_tir_plan_add(pl, l4b, sport, 2, &pos);
	if (fields & MLX5X_HASH_FIELD_SEL_L4_DPORT)
		emu_tir_plan_add(pl, l4b, sport + 2, 2, &pos);
	/* The usual IPv4 selectors: both addresses, with or without both
	 * ports, from the frame's own headers. */
	if (pl->nrun >= 1 && pl->run[0].base == EMU_TIR_BASE_L3 &&
	    pl->run[0].off == 12 && pl->run[0].len == 8) {
		if (pl->nrun == 1)
			pl->shape = EMU_TIR_SHAPE_IP4;
		else if (pl->nrun == 2 && pl->run[1].base == EMU_TIR_BASE_L4 &&
			 pl->run[1].off == 0 && pl->run[1].len == 4)
			pl->shape = EMU_TIR_SHAPE_IP4_PORTS;
	}
}

static int
emu_tir_parse(const struct emu_ctx *ctx, const void *c, struct emu_tir *t,
	      uint32_t *syndrome)
{
	struct emu_adapter *ad = ctx->ad;
	bool other;
	const void *sel = MLX5X_ADDR_OF(tirc, c, rx_hash_field_selector_outer);
	uint32_t i;

	t->fn = ctx->fn;
	t->disp_type = MLX5X_GET(tirc, c, disp_type);
	t->inline_rqn = MLX5X_GET(tirc, c, inline_rqn);
	t->rqtn = MLX5X_GET(tirc, c, indirect_table);
	t->hash_fn = MLX5X_GET(tirc, c, rx_hash_fn);
	t->symmetric = MLX5X_GET(tirc, c, rx_hash_symmetric);
	t->td = MLX5X_GET(tirc, c, transport_domain);
	t->l3_prot = MLX5X_GET(rx_hash_field_select, sel, l3_prot_type);
	t->l4_prot = MLX5X_GET(rx_hash_field_select, sel, l4_prot_type);
	t->fields = MLX5X_GET(rx_hash_field_select, sel, selected_fields);
	sel = MLX5X_ADDR_OF(tirc, c, rx_hash_field_selector_inner);
	t->tunneled = MLX5X_GET(tirc, c, tunneled_offload_en);
	t->l3_prot_in = MLX5X_GET(rx_hash_field_select, sel, l3_prot_type);
	t->l4_prot_in = MLX5X_GET(rx_hash_field_select, sel, l4_prot_type);
	t->fields_in = MLX5X_GET(rx_hash_field_select, sel, selected_fields);
	for (i = 0; i < 10; i++) {
		uint32_t w =
			htobe32(MLX5X_GET(tirc, c, rx_hash_toeplitz_key[i]));

		memcpy(t->key + i * 4, &w, 4);
	}
	if (t->hash_fn == MLX5X_RX_HASH_FN_TOEPLITZ) {
		bool in = t->tunneled && t->fields_in != 0;

		emu_toeplitz_table(t->key, t->toeplitz);
		/* An untunnelled frame under an inner selector hashes its
		 * own headers with that selector (emu/README.md). */
		emu_tir_plan_build(&t->plan_outer,
				   in ? t->fields_in : t->fields,
				   in ? t->l3_prot_in : t->l3_prot,
				   in ? t->l4_prot_in : t->l4_prot, false);
		if (in)
			emu_tir_plan_build(&t->plan_inner, t->fields_in,
					   t->l3_prot_in, t->l4_prot_in, true);
	}
	/* Transport domain 0 is accepted without an allocation: firmware
	 * does (DPDK's reference mlx5 PMD, proven on hardware, creates its
	 * drop TIR with transport_domain 0 on every probe, before any TIS
	 * told it its domain). The domain only scopes loopback between TIS
	 * and TIR, which the model does not filter. */
	if (t->td != 0 && emu_objtab_get(&ad->tds, t->td) == NULL) {
		*syndrome = 0x9c3001;
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	if (t->disp_type == MLX5X_TIRC_DISP_TYPE_DIRECT) {
		/* Numbers of the issuing function's namespace
		 * (emu_rq_of_fn). */
		t->rq = emu_rq_of_fn(ad, ctx->fn, t->inline_rqn, &other);
		if (t->rq == NULL) {
			*syndrome = 0x9c3002;
			if (other)
				*syndrome = 0x9c3006;
			return MLX5X_CMD_STAT_BAD_RES_ERR;
		}
	} else if (t->disp_type == MLX5X_TIRC_DISP_TYPE_INDIRECT) {
		t->rqt = emu_objtab_get(&ad->rqts, t->rqtn);
		if (t->rqt == NULL) {
			*syndrome = 0x9c3003;
			return MLX5X_CMD_STAT_BAD_RES_ERR;
		}
		if (t->rqt->fn != ctx->fn) {
			t->rqt = NULL;
			*syndrome = 0x9c3007;
			return MLX5X_CMD_STAT_BAD_RES_ERR;
		}
		if (t->hash_fn != MLX5X_RX_HASH_FN_NONE &&
		    t->hash_fn != MLX5X_RX_HASH_FN_TOEPLITZ) {
			*syndrome = 0x9c3004; /* XOR8 not modelled */
			return MLX5X_CMD_STAT_BAD_PARAM_ERR;
		}
	} else {
		*syndrome = 0x9c3005;
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	return MLX5X_CMD_STAT_OK;
}

static void
emu_tir_hold(struct emu_adapter *ad, const struct emu_tir *t, int d)
{
	/* A TIR hashing inner headers needs the parse to fill them. */
	if (t->plan_inner.nrun != 0) {
		ad->tir_inner += d;
		ad->pkt_need = emu_adapter_pkt_need(ad);
	}
	/* The hold is on the object resolved, never on whatever has its
	 * number now: an RQ a closing context freed took its hold with it
	 * (t->rq went NULL), and a later RQ of that number is held again
	 * when it is resolved (emu_rq_refs_set). */
	if (t->disp_type == MLX5X_TIRC_DISP_TYPE_DIRECT) {
		if (t->rq != NULL)
			t->rq->users += d;
	} else if (t->rqt != NULL) {
		t->rqt->users += d;
	}
}

int
emu_tir_cmd(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
	    size_t outlen, uint32_t *syndrome, struct emu_cmd_result *res)
{
	uint16_t op = MLX5X_GET(mbox_in, in, opcode);
	struct emu_adapter *ad = ctx->ad;
	static struct emu_tir n; /* 36 KiB: commands run under the lock */
	struct emu_tir *t;
	int status;

	(void)inlen;
	(void)outlen;
	if (op == MLX5X_CMD_OP_CREATE_TIR) {
		memset(&n, 0, sizeof(n));
		status = emu_tir_parse(ctx,
				       MLX5X_ADDR_OF(create_tir_in, in, ctx),
				       &n, syndrome);
		if (status != MLX5X_CMD_STAT_OK)
			return status;
		t = malloc(sizeof(*t));
		if (t == NULL)
			return MLX5X_CMD_STAT_NO_RES_ERR;
		*t = n;
		t->tirn = emu_objtab_add(&ad->tirs, t);
		if (t->tirn == 0) {
			free(t);
			return MLX5X_CMD_STAT_NO_RES_ERR;
		}
		emu_tir_hold(ad, t, 1);
		MLX5X_SET(create_tir_out, out, tirn, t->tirn);
		res->destroy_opcode = MLX5X_CMD_OP_DESTROY_TIR;
		res->id = t->tirn;
		return MLX5X_CMD_STAT_OK;
	}
	t = emu_objtab_get(&ad->tirs, MLX5X_GET(obj_in, in, obj_id));
	if (t == NULL) {
		*syndrome = 0x9c3010;
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	switch (op) {
	case MLX5X_CMD_OP_MODIFY_TIR:
		memset(&n, 0, sizeof(n));
		status = emu_tir_parse(ctx,
				       MLX5X_ADDR_OF(modify_tir_in, in, ctx),
				       &n, syndrome);
		if (status != MLX5X_CMD_STAT_OK)
			return status;
		emu_tir_hold(ad, t, -1);
		n.tirn = t->tirn;
		n.users = t->users;
		*t = n;
		emu_tir_hold(ad, t, 1);
		return MLX5X_CMD_STAT_OK;
	case MLX5X_CMD_OP_QUERY_TIR: {
		void *c = MLX5X_ADDR_OF(query_tir_out, out, tir_context);

		MLX5X_SET(tirc, c, disp_type, t->disp_type);
		MLX5X_SET(tirc, c, inline_rqn, t->inline_rqn);
		MLX5X_SET(tirc, c, indirect_table, t->rqtn);
		MLX5X_SET(tirc, c, rx_hash_fn, t->hash_fn);
		MLX5X_SET(tirc, c, tunneled_offload_en, t->tunneled);
		MLX5X_SET(tirc, c, transport_domain, t->td);
		return MLX5X_CMD_STAT_OK;
	}
	default: /* DESTROY_TIR */
		if (t->users != 0) {
			*syndrome =
				0x9c3011; /* a flow entry still points here */
			return MLX5X_CMD_STAT_BAD_RES_STATE_ERR;
		}
		emu_tir_hold(ad, t, -1);
		emu_objtab_del(&ad->tirs, t->tirn);
		free(t);
		return MLX5X_CMD_STAT_OK;
	}
}
