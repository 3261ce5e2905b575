/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Transport interface receive (TIR): where a steering destination lands.
 * Direct: one RQ (inline_rqn). Indirect: the RQT entry chosen by a hash
 * (Toeplitz over the fields rx_hash_field_selector_outer selects, or
 * none; with tunneled_offload_en, rx_hash_field_selector_inner's fields
 * of a tunnelled frame's inner headers) - the model indexes the table
 * with hash % size.
 */
#include "mlx5x_emu_priv.h"

#include <stdlib.h>
#include <string.h>

static int
emu_tir_parse(struct emu_adapter *ad, const void *c, struct emu_tir *t,
	      uint32_t *syndrome)
{
	const void *sel = MLX5X_ADDR_OF(tirc, c, rx_hash_field_selector_outer);
	uint32_t i;

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
	if (t->hash_fn == MLX5X_RX_HASH_FN_TOEPLITZ)
		emu_toeplitz_table(t->key, t->toeplitz);
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
		if (emu_objtab_get(&ad->rqs, t->inline_rqn) == NULL) {
			*syndrome = 0x9c3002;
			return MLX5X_CMD_STAT_BAD_RES_ERR;
		}
	} else if (t->disp_type == MLX5X_TIRC_DISP_TYPE_INDIRECT) {
		if (emu_objtab_get(&ad->rqts, t->rqtn) == NULL) {
			*syndrome = 0x9c3003;
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
	if (t->disp_type == MLX5X_TIRC_DISP_TYPE_DIRECT) {
		struct emu_rq *rq = emu_objtab_get(&ad->rqs, t->inline_rqn);

		if (rq != NULL)
			rq->users += d;
	} else {
		struct emu_rqt *rqt = emu_objtab_get(&ad->rqts, t->rqtn);

		if (rqt != NULL)
			rqt->users += d;
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
		status =
			emu_tir_parse(ad, MLX5X_ADDR_OF(create_tir_in, in, ctx),
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
		status =
			emu_tir_parse(ad, MLX5X_ADDR_OF(modify_tir_in, in, ctx),
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
