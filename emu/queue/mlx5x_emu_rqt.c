/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RQ tables (RQT): the indirection table an indirect TIR spreads over.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_cmd.h"

#include <stdlib.h>
#include <string.h>

/* Reads rqt_actual_size RQ numbers from an rqtc; every one must be an RQ
 * of the issuing function (emu_rq_of_fn). */
static struct emu_rqt *
emu_rqt_parse(const struct emu_ctx *ctx, const void *c, size_t avail,
	      uint32_t *syndrome, int *status)
{
	struct emu_adapter *ad = ctx->ad;
	uint32_t n = MLX5X_GET(rqtc, c, rqt_actual_size);
	uint32_t max = MLX5X_GET(rqtc, c, rqt_max_size);
	const uint8_t *list = MLX5X_ADDR_OF(rqtc, c, rq_num);
	struct emu_rqt *rqt;
	uint32_t i;

	/* PRM: rqt_max_size may not exceed 2^log_max_rqt_size (caps). */
	if (n == 0 || n > max ||
	    max > (1u << ad->cfg.model->log_max_rqt_size) ||
	    (size_t)n * 4 > avail) {
		*syndrome = 0x8b2701;
		*status = MLX5X_CMD_STAT_BAD_PARAM_ERR;
		return NULL;
	}
	rqt = calloc(1, sizeof(*rqt) + n * sizeof(rqt->ent[0]));
	if (rqt == NULL) {
		*status = MLX5X_CMD_STAT_NO_RES_ERR;
		return NULL;
	}
	rqt->size = n;
	rqt->fn = ctx->fn;
	rqt->mask = (n & (n - 1)) == 0 ? n - 1 : EMU_RQT_MODULO;
	for (i = 0; i < n; i++) {
		bool other;

		rqt->ent[i].rqn = MLX5X_GET(rq_num, list + i * 4, rq_num);
		rqt->ent[i].rq =
			emu_rq_of_fn(ad, ctx->fn, rqt->ent[i].rqn, &other);
		if (rqt->ent[i].rq == NULL) {
			free(rqt);
			*syndrome = 0x8b2702; /* unknown RQ in the list */
			if (other)
				*syndrome = 0x8b2703; /* another function's */
			*status = MLX5X_CMD_STAT_BAD_RES_ERR;
			return NULL;
		}
	}
	return rqt;
}

static void
emu_rqt_hold(const struct emu_rqt *rqt, int d)
{
	uint32_t i;

	/* On the RQs the entries resolved (see emu_tir_hold). */
	for (i = 0; i < rqt->size; i++)
		if (rqt->ent[i].rq != NULL)
			rqt->ent[i].rq->users += d;
}

/* The TIRs spreading over old spread over its replacement n. */
static void
emu_rqt_repoint(struct emu_adapter *ad, const struct emu_rqt *old,
		struct emu_rqt *n)
{
	uint32_t i;

	for (i = 0; i < ad->tirs.cap; i++) {
		struct emu_tir *t = ad->tirs.slot[i];

		if (t != NULL && t->rqt == old)
			t->rqt = n;
	}
}

int
emu_rqt_cmd(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
	    size_t outlen, uint32_t *syndrome, struct emu_cmd_result *res)
{
	uint16_t op = MLX5X_GET(mbox_in, in, opcode);
	struct emu_adapter *ad = ctx->ad;
	struct emu_rqt *rqt, *n;
	int status = MLX5X_CMD_STAT_OK;

	(void)outlen;
	if (op == MLX5X_CMD_OP_CREATE_RQT) {
		size_t at = MLX5X_BYTE_OFF(create_rqt_in, rqt_context.rq_num);

		rqt = emu_rqt_parse(ctx,
				    MLX5X_ADDR_OF(create_rqt_in, in,
						  rqt_context),
				    inlen - at, syndrome, &status);
		if (rqt == NULL)
			return status;
		rqt->rqtn = emu_objtab_add(&ad->rqts, rqt);
		if (rqt->rqtn == 0) {
			free(rqt);
			return MLX5X_CMD_STAT_NO_RES_ERR;
		}
		emu_rqt_hold(rqt, 1);
		MLX5X_SET(create_rqt_out, out, rqtn, rqt->rqtn);
		res->destroy_opcode = MLX5X_CMD_OP_DESTROY_RQT;
		res->id = rqt->rqtn;
		return MLX5X_CMD_STAT_OK;
	}
	rqt = emu_objtab_get(&ad->rqts, MLX5X_GET(obj_in, in, obj_id));
	if (rqt == NULL) {
		*syndrome = 0x8b2710;
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	if (rqt->fn != ctx->fn) {
		/* Another function's: none of that number in this one. */
		*syndrome = 0x8b2712;
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	if (op == MLX5X_CMD_OP_MODIFY_RQT) {
		size_t at = MLX5X_BYTE_OFF(modify_rqt_in, rqt_context.rq_num);

		n = emu_rqt_parse(ctx,
				  MLX5X_ADDR_OF(modify_rqt_in, in, rqt_context),
				  inlen - at, syndrome, &status);
		if (n == NULL)
			return status;
		n->rqtn = rqt->rqtn;
		n->users = rqt->users;
		emu_rqt_hold(rqt, -1);
		emu_rqt_hold(n, 1);
		ad->rqts.slot[rqt->rqtn - ad->rqts.base] = n;
		emu_rqt_repoint(ad, rqt, n);
		free(rqt);
		return MLX5X_CMD_STAT_OK;
	}
	if (rqt->users != 0) {
		*syndrome = 0x8b2711; /* a TIR still spreads over it */
		return MLX5X_CMD_STAT_BAD_RES_STATE_ERR;
	}
	emu_rqt_hold(rqt, -1);
	emu_objtab_del(&ad->rqts, rqt->rqtn);
	free(rqt);
	return MLX5X_CMD_STAT_OK;
}
