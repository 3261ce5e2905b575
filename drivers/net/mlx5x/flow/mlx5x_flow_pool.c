/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Small objects that live as long as a flow rule (the flow, its backend
 * handle), carved from 64 KB chunks of the DPDK heap by size class.
 *
 * Why not rte_zmalloc per object: each rte_malloc element carries a
 * 64-byte header and is rounded up to a cache line, which made ~45% of
 * the bytes a rule took, and a million rules means a million walks of the
 * heap's free lists under its lock. On the emulated adapter's VM a fresh
 * 4 KB page costs ~20 us to fault in, so bytes per rule set the insertion
 * rate. Chunks stay DPDK heap memory (flow-perf's --dump-socket-mem and
 * the tests' heap accounting see them) and go back to the heap as soon as
 * their last object is freed, so a port close leaves nothing behind.
 *
 * A chunk is aligned to its size: an object finds its chunk by masking
 * its address, with no per-object header. One spinlock, held for a few
 * pointer moves: flows are allocated before the flow lock is taken.
 */
#include <stdbool.h>
#include <string.h>
#include <sys/queue.h>

#include <rte_common.h>
#include <rte_malloc.h>
#include <rte_spinlock.h>

#include "mlx5x_flow.h"

#define POOL_CHUNK (64u * 1024u)
#define POOL_GRAIN 16u
#define POOL_CLASSES (MLX5X_FLOW_POOL_MAX / POOL_GRAIN)

struct pool_chunk {
	LIST_ENTRY(pool_chunk) next; /* in its class's chunks with room */
	void *free;		     /* freed objects, linked through them */
	uint32_t used;		     /* objects handed out */
	uint32_t top;		     /* first never-used byte */
	uint32_t size;		     /* object size of the class */
	bool listed;
};

LIST_HEAD(pool_chunk_list, pool_chunk);

static struct pool_chunk_list pool_room[POOL_CLASSES];
static rte_spinlock_t pool_lock = RTE_SPINLOCK_INITIALIZER;

static struct pool_chunk *
pool_chunk_new(uint32_t size)
{
	struct pool_chunk *c;

	c = rte_malloc("mlx5x_flow_pool", POOL_CHUNK, POOL_CHUNK);
	if (c == NULL)
		return NULL;
	c->free = NULL;
	c->used = 0;
	c->top = RTE_ALIGN_CEIL((uint32_t)sizeof(*c), POOL_GRAIN);
	c->size = size;
	c->listed = false;
	return c;
}

static bool
pool_chunk_full(const struct pool_chunk *c)
{
	return c->free == NULL && c->top + c->size > POOL_CHUNK;
}

void *
mlx5x_flow_pool_zalloc(size_t size)
{
	unsigned int cls;
	struct pool_chunk *c;
	void *obj;

	if (size == 0 || size > MLX5X_FLOW_POOL_MAX)
		return rte_zmalloc("mlx5x_flow_obj", size, 0);
	cls = (unsigned int)((size - 1) / POOL_GRAIN);
	rte_spinlock_lock(&pool_lock);
	c = LIST_FIRST(&pool_room[cls]);
	if (c == NULL) {
		c = pool_chunk_new((cls + 1) * POOL_GRAIN);
		if (c == NULL) {
			rte_spinlock_unlock(&pool_lock);
			return NULL;
		}
		LIST_INSERT_HEAD(&pool_room[cls], c, next);
		c->listed = true;
	}
	if (c->free != NULL) {
		obj = c->free;
		c->free = *(void **)obj;
	} else {
		obj = (uint8_t *)c + c->top;
		c->top += c->size;
	}
	c->used++;
	if (pool_chunk_full(c)) {
		LIST_REMOVE(c, next);
		c->listed = false;
	}
	rte_spinlock_unlock(&pool_lock);
	memset(obj, 0, size);
	return obj;
}

void
mlx5x_flow_pool_free(void *obj, size_t size)
{
	struct pool_chunk *c;
	unsigned int cls;

	if (obj == NULL)
		return;
	if (size == 0 || size > MLX5X_FLOW_POOL_MAX) {
		rte_free(obj);
		return;
	}
	cls = (unsigned int)((size - 1) / POOL_GRAIN);
	c = (struct pool_chunk *)RTE_ALIGN_FLOOR((uintptr_t)obj,
						 (uintptr_t)POOL_CHUNK);
	rte_spinlock_lock(&pool_lock);
	*(void **)obj = c->free;
	c->free = obj;
	if (--c->used == 0) {
		/* The last object out: the chunk goes back to the heap. */
		if (c->listed)
			LIST_REMOVE(c, next);
		rte_spinlock_unlock(&pool_lock);
		rte_free(c);
		return;
	}
	if (!c->listed) {
		LIST_INSERT_HEAD(&pool_room[cls], c, next);
		c->listed = true;
	}
	rte_spinlock_unlock(&pool_lock);
}
