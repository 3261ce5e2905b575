/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Flow counters for the COUNT action, taken from DevX bulks: one
 * ALLOC_FLOW_COUNTER with flow_counter_bulk = 1 gives 128 consecutive
 * counter ids (PRM: alloc_flow_counter_in.flow_counter_bulk counts units of
 * 128), so a million counted rules cost a few thousand commands, not a
 * million. A rule uses (bulk object, offset); a bulk goes back to the
 * adapter with its last counter.
 */
#include <errno.h>
#include <string.h>

#include <rte_malloc.h>

#include "mlx5x_devx.h"
#include "mlx5x_flow.h"

#define COUNTER_BULK 128u

struct counter_bulk {
	struct counter_bulk *next;
	struct mlx5x_dev_ctx *sh;
	struct mlx5dv_devx_obj *obj;
	uint32_t base_id;
	uint32_t used;
	struct mlx5x_flow_counter *free_list;
	struct mlx5x_flow_counter {
		struct counter_bulk *bulk;
		struct mlx5x_flow_counter *next_free;
		uint32_t offset;
	} cnt[COUNTER_BULK];
};

static struct counter_bulk *
bulk_alloc(struct mlx5x_dev_ctx *sh)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(alloc_flow_counter_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(alloc_flow_counter_out)] = { 0 };
	struct counter_bulk *b;
	unsigned int i;

	b = rte_zmalloc("mlx5x_counter_bulk", sizeof(*b), 0);
	if (b == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	MLX5X_SET(alloc_flow_counter_in, in, opcode,
		  MLX5X_CMD_OP_ALLOC_FLOW_COUNTER);
	MLX5X_SET(alloc_flow_counter_in, in, flow_counter_bulk, 1);
	b->obj = mlx5x_devx_obj_create(sh->ctx, in, sizeof(in), out,
				       sizeof(out), "ALLOC_FLOW_COUNTER");
	if (b->obj == NULL) {
		rte_free(b);
		return NULL;
	}
	b->sh = sh;
	b->base_id = MLX5X_GET(alloc_flow_counter_out, out, flow_counter_id);
	for (i = COUNTER_BULK; i > 0; i--) {
		b->cnt[i - 1].bulk = b;
		b->cnt[i - 1].offset = i - 1;
		b->cnt[i - 1].next_free = b->free_list;
		b->free_list = &b->cnt[i - 1];
	}
	b->next = sh->flow_counters;
	sh->flow_counters = b;
	return b;
}

struct mlx5x_flow_counter *
mlx5x_flow_counter_alloc(struct mlx5x_dev_ctx *sh)
{
	struct counter_bulk *b;
	struct mlx5x_flow_counter *c;

	for (b = sh->flow_counters; b != NULL && b->free_list == NULL;
	     b = b->next)
		;
	if (b == NULL) {
		b = bulk_alloc(sh);
		if (b == NULL)
			return NULL;
	}
	c = b->free_list;
	b->free_list = c->next_free;
	b->used++;
	return c;
}

/* Read (and with clear, zero) the counter. A counter is cleared when it
 * is handed out, so a new rule starts from zero. */
static int
counter_read(struct mlx5x_flow_counter *c, bool clear, uint64_t *packets,
	     uint64_t *bytes)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(query_flow_counter_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(query_flow_counter_out) +
		    MLX5X_ST_SZ_BYTES(traffic_counter)] = { 0 };
	void *stats =
		MLX5X_ADDR_OF(query_flow_counter_out, out, flow_statistics);
	int ret;

	MLX5X_SET(query_flow_counter_in, in, opcode,
		  MLX5X_CMD_OP_QUERY_FLOW_COUNTER);
	MLX5X_SET(query_flow_counter_in, in, flow_counter_id,
		  c->bulk->base_id + c->offset);
	MLX5X_SET(query_flow_counter_in, in, clear, clear);
	ret = mlx5x_devx_cmd(c->bulk->sh->ctx, in, sizeof(in), out, sizeof(out),
			     "QUERY_FLOW_COUNTER");
	if (ret < 0)
		return ret;
	*packets = MLX5X_GET64(traffic_counter, stats, packets);
	*bytes = MLX5X_GET64(traffic_counter, stats, octets);
	return 0;
}

void
mlx5x_flow_counter_free(struct mlx5x_flow_counter *c)
{
	struct counter_bulk *b = c->bulk, **pp;
	uint64_t p, by;

	/* The next rule given this counter must start from zero. */
	if (counter_read(c, true, &p, &by) < 0)
		MLX5X_NET_LOG(WARNING,
			      "flow counter 0x%x not cleared on release",
			      b->base_id + c->offset);
	c->next_free = b->free_list;
	b->free_list = c;
	if (--b->used != 0)
		return;
	for (pp = (struct counter_bulk **)&b->sh->flow_counters; *pp != b;
	     pp = &(*pp)->next)
		;
	*pp = b->next;
	mlx5x_devx_obj_destroy(b->obj, "flow counter bulk");
	rte_free(b);
}

int
mlx5x_flow_counter_query(struct mlx5x_flow_counter *c, bool clear,
			 uint64_t *packets, uint64_t *bytes)
{
	return counter_read(c, clear, packets, bytes);
}

struct mlx5dv_devx_obj *
mlx5x_flow_counter_obj(const struct mlx5x_flow_counter *c, uint32_t *offset)
{
	*offset = c->offset;
	return c->bulk->obj;
}

/*
 * A counter of its own (ALLOC_FLOW_COUNTER with flow_counter_bulk 0: one
 * id), for mlx5dv_create_flow: its COUNTERS_DEVX action names a DevX
 * counter object and counts on that object's id, with no offset into a
 * bulk. It sits in the bulk list as a bulk whose only counter is in use,
 * so mlx5x_flow_counter_alloc never hands it out and
 * mlx5x_flow_counter_free destroys it.
 */
struct mlx5x_flow_counter *
mlx5x_flow_counter_alloc_single(struct mlx5x_dev_ctx *sh)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(alloc_flow_counter_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(alloc_flow_counter_out)] = { 0 };
	struct counter_bulk *b;

	b = rte_zmalloc("mlx5x_counter_single", sizeof(*b), 0);
	if (b == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	MLX5X_SET(alloc_flow_counter_in, in, opcode,
		  MLX5X_CMD_OP_ALLOC_FLOW_COUNTER);
	b->obj = mlx5x_devx_obj_create(sh->ctx, in, sizeof(in), out,
				       sizeof(out), "ALLOC_FLOW_COUNTER");
	if (b->obj == NULL) {
		rte_free(b);
		return NULL;
	}
	b->sh = sh;
	b->base_id = MLX5X_GET(alloc_flow_counter_out, out, flow_counter_id);
	b->cnt[0].bulk = b;
	b->used = 1;
	b->next = sh->flow_counters;
	sh->flow_counters = b;
	return &b->cnt[0];
}
