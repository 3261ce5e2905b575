/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include <rte_memory.h>

#include "mlx5x_common.h"
#include "mlx5x_mr.h"

#define MR_EVENT_NAME "mlx5x_mr"

struct mr_walk {
	struct mlx5x_mr_cache *cache;
	int err;
};

/* Register [addr, addr + len) unless a region already holds its start. */
static int
mr_register(struct mlx5x_mr_cache *c, void *addr, size_t len)
{
	uintptr_t start = (uintptr_t)addr;
	struct ibv_mr *mr;
	unsigned int i;

	for (i = 0; i < c->n; i++)
		if (start >= c->region[i].start && start < c->region[i].end)
			return 0;
	if (c->n == MLX5X_MR_MAX) {
		MLX5X_COMMON_LOG(ERR,
				 "memory registration: more than %u chunks of DPDK memory",
				 MLX5X_MR_MAX);
		return -ENOSPC;
	}
	mr = mlx5x_glue->reg_mr(c->pd, addr, len, IBV_ACCESS_LOCAL_WRITE);
	if (mr == NULL) {
		int err = -(errno ? errno : ENOMEM);

		MLX5X_COMMON_LOG(ERR, "ibv_reg_mr(%p, %zu) failed: %s", addr,
				 len, strerror(-err));
		return err;
	}
	c->mr[c->n] = mr;
	c->region[c->n].start = start;
	c->region[c->n].end = start + len;
	c->region[c->n].lkey = mr->lkey;
	__atomic_store_n(&c->n, c->n + 1, __ATOMIC_RELEASE);
	return 0;
}

static int
mr_register_chunk(const struct rte_memseg_list *msl,
		  const struct rte_memseg *ms, size_t len, void *arg)
{
	struct mr_walk *w = arg;

	RTE_SET_USED(msl);
	w->err = mr_register(w->cache, ms->addr, len);
	return w->err == 0 ? 0 : -1;
}

/* EAL grew its memory: register the new chunk before anyone uses it. */
static void
mr_mem_event(enum rte_mem_event type, const void *addr, size_t len, void *arg)
{
	if (type != RTE_MEM_EVENT_ALLOC)
		return;
	if (mr_register(arg, (void *)(uintptr_t)addr, len) < 0)
		MLX5X_COMMON_LOG(ERR,
				 "new DPDK memory %p (%zu bytes) not registered: packets in it will be dropped",
				 addr, len);
}

int
mlx5x_mr_register_eal(struct mlx5x_mr_cache *cache, struct ibv_pd *pd)
{
	struct mr_walk w = { .cache = cache, .err = 0 };

	cache->pd = pd;
	if (rte_mem_event_callback_register(MR_EVENT_NAME, mr_mem_event,
					    cache) == 0)
		cache->event_registered = true;
	rte_memseg_contig_walk(mr_register_chunk, &w);
	return w.err;
}

int
mlx5x_mr_map(struct mlx5x_mr_cache *cache, void *addr, size_t len)
{
	return mr_register(cache, addr, len);
}

int
mlx5x_mr_unmap(struct mlx5x_mr_cache *cache, void *addr, size_t len)
{
	uintptr_t start = (uintptr_t)addr;
	unsigned int i;

	for (i = 0; i < cache->n; i++) {
		struct mlx5x_mr_region *r = &cache->region[i];

		if (r->start != start || r->end != start + len)
			continue;
		/* The slot stays (readers index by count) but matches no
		 * address any more; then the MR goes. */
		__atomic_store_n(&r->end, r->start, __ATOMIC_RELEASE);
		if (mlx5x_glue->dereg_mr(cache->mr[i]) != 0)
			MLX5X_COMMON_LOG(WARNING, "ibv_dereg_mr(%p) failed",
					 addr);
		cache->mr[i] = NULL;
		return 0;
	}
	return -ENOENT;
}

void
mlx5x_mr_release(struct mlx5x_mr_cache *cache)
{
	if (cache->event_registered)
		rte_mem_event_callback_unregister(MR_EVENT_NAME, cache);
	cache->event_registered = false;
	while (cache->n > 0) {
		cache->n--;
		if (cache->mr[cache->n] != NULL &&
		    mlx5x_glue->dereg_mr(cache->mr[cache->n]) != 0)
			MLX5X_COMMON_LOG(WARNING, "ibv_dereg_mr failed");
	}
}
