/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Queue counter sets (PRM 0x771 ALLOC_Q_COUNTER, 0x772 DEALLOC_Q_COUNTER,
 * 0x773 QUERY_Q_COUNTER). A function allocates 8-bit set ids (0 is the
 * global set the kernel owns); an RQ created with counter_set_id counts
 * into that set. The model counts out_of_buffer: frames the RQ dropped
 * because it had no receive WQE posted (the drop the RQ already counts).
 * The RDMA counters of the set stay 0: the model has no RDMA transport.
 * A set's value is the sum over its live RQs since the last clear; the
 * counts of a destroyed RQ leave with it.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_cmd.h"
#include "mlx5x_emu_q_counter.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The sets of one function (PF or VF k + 1) of one adapter. */
struct emu_q_sets {
	const struct emu_ctx *owner[EMU_Q_COUNTER_MAX + 1];
	uint64_t base[EMU_Q_COUNTER_MAX + 1]; /* the sum at the last clear */
};

/* RQ number -> set, per adapter (grown on demand). */
struct emu_q_binds {
	uint8_t *set;
	uint32_t cap;
};

static struct emu_q_sets *emu_q_sets[EMU_MAX_ADAPTERS][EMU_MAX_VFS + 1];
static struct emu_q_binds emu_q_binds[EMU_MAX_ADAPTERS];

static struct emu_q_sets *
emu_q_sets_of(const struct emu_ctx *ctx, bool create)
{
	struct emu_q_sets **s = &emu_q_sets[ctx->ad->index][ctx->fn];

	if (*s == NULL && create)
		*s = calloc(1, sizeof(**s));
	return *s;
}

static uint8_t
emu_q_rq_set(const struct emu_adapter *ad, uint32_t rqn)
{
	const struct emu_q_binds *b = &emu_q_binds[ad->index];

	return rqn < b->cap ? b->set[rqn] : 0;
}

/* out_of_buffer of every live RQ of the function counting into set. */
static uint64_t
emu_q_sum(const struct emu_ctx *ctx, uint8_t set)
{
	const struct emu_adapter *ad = ctx->ad;
	uint64_t sum = 0;
	uint32_t i;

	for (i = 0; i < ad->rqs.cap; i++) {
		const struct emu_rq *rq = ad->rqs.slot[i];

		if (rq != NULL && rq->ctx != NULL && rq->ctx->fn == ctx->fn &&
		    emu_q_rq_set(ad, rq->rqn) == set)
			sum += rq->out_of_buffer;
	}
	return sum;
}

static int
emu_q_alloc(struct emu_ctx *ctx, void *out, uint32_t *syndrome,
	    struct emu_cmd_result *res)
{
	struct emu_q_sets *s = emu_q_sets_of(ctx, true);
	unsigned int id;

	if (s == NULL) {
		*syndrome = 0x771001;
		return MLX5X_CMD_STAT_NO_RES_ERR;
	}
	for (id = 1; id <= EMU_Q_COUNTER_MAX; id++)
		if (s->owner[id] == NULL)
			break;
	if (id > EMU_Q_COUNTER_MAX) {
		*syndrome = 0x771002; /* every set of the function taken */
		return MLX5X_CMD_STAT_NO_RES_ERR;
	}
	s->owner[id] = ctx;
	s->base[id] = emu_q_sum(ctx, (uint8_t)id);
	MLX5X_SET(alloc_q_counter_out, out, counter_set_id, id);
	res->destroy_opcode = MLX5X_CMD_OP_DEALLOC_Q_COUNTER;
	res->id = id;
	return MLX5X_CMD_STAT_OK;
}

static int
emu_q_dealloc(struct emu_ctx *ctx, const void *in, uint32_t *syndrome)
{
	struct emu_q_sets *s = emu_q_sets_of(ctx, false);
	uint32_t id = MLX5X_GET(dealloc_q_counter_in, in, counter_set_id);

	if (s == NULL || id == 0 || s->owner[id] != ctx) {
		*syndrome = 0x772001; /* not a set this context allocated */
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	s->owner[id] = NULL;
	return MLX5X_CMD_STAT_OK;
}

static int
emu_q_query(struct emu_ctx *ctx, const void *in, void *out, uint32_t *syndrome)
{
	struct emu_q_sets *s = emu_q_sets_of(ctx, false);
	uint32_t id = MLX5X_GET(query_q_counter_in, in, counter_set_id);
	uint64_t sum;

	if (MLX5X_GET(query_q_counter_in, in, other_vport)) {
		*syndrome = 0x773002; /* other vports' sets not modelled */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if (id == 0 || s == NULL || s->owner[id] == NULL) {
		*syndrome = 0x773001;
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	sum = emu_q_sum(ctx, (uint8_t)id);
	/* A destroyed RQ takes its counts along: never report below 0. */
	if (sum < s->base[id])
		s->base[id] = sum;
	MLX5X_SET(query_q_counter_out, out, out_of_buffer,
		  (uint32_t)(sum - s->base[id]));
	if (MLX5X_GET(query_q_counter_in, in, clear))
		s->base[id] = sum;
	return MLX5X_CMD_STAT_OK;
}

int
emu_q_counter_cmd(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
		  size_t outlen, uint32_t *syndrome, struct emu_cmd_result *res)
{
	(void)inlen;
	(void)outlen;
	switch (MLX5X_GET(mbox_in, in, opcode)) {
	case MLX5X_CMD_OP_ALLOC_Q_COUNTER:
		return emu_q_alloc(ctx, out, syndrome, res);
	case MLX5X_CMD_OP_DEALLOC_Q_COUNTER:
		return emu_q_dealloc(ctx, in, syndrome);
	default:
		return emu_q_query(ctx, in, out, syndrome);
	}
}

int
emu_q_counter_check(const struct emu_ctx *ctx, uint8_t set, uint32_t *syndrome)
{
	const struct emu_q_sets *s = emu_q_sets[ctx->ad->index][ctx->fn];

	if (set == 0 || (s != NULL && s->owner[set] != NULL))
		return MLX5X_CMD_STAT_OK;
	*syndrome = 0x771010; /* RQ names a set its function does not own */
	return MLX5X_CMD_STAT_BAD_PARAM_ERR;
}

void
emu_q_counter_rq_bind(const struct emu_ctx *ctx, uint32_t rqn, uint8_t set)
{
	struct emu_q_binds *b = &emu_q_binds[ctx->ad->index];

	if (rqn >= b->cap) {
		uint32_t cap = b->cap != 0 ? b->cap : 1024;
		uint8_t *n;

		while (cap <= rqn)
			cap *= 2;
		n = realloc(b->set, cap);
		if (n == NULL)
			return; /* the RQ then counts into the global set */
		memset(n + b->cap, 0, cap - b->cap);
		b->set = n;
		b->cap = cap;
	}
	b->set[rqn] = set;
}

void
emu_q_counter_ctx_close(const struct emu_ctx *ctx)
{
	struct emu_q_sets *s = emu_q_sets[ctx->ad->index][ctx->fn];
	unsigned int id;

	if (s == NULL)
		return;
	for (id = 1; id <= EMU_Q_COUNTER_MAX; id++)
		if (s->owner[id] == ctx)
			s->owner[id] = NULL;
}
