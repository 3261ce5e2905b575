/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include <rte_memory.h>

#include "mlx5x_common.h"
#include "mlx5x_mr.h"

struct mr_walk {
	struct mlx5x_mr_cache *cache;
	struct ibv_pd *pd;
	int err;
};

static int
mr_register_chunk(const struct rte_memseg_list *msl,
		  const struct rte_memseg *ms, size_t len, void *arg)
{
	struct mr_walk *w = arg;
	struct mlx5x_mr_cache *c = w->cache;
	uintptr_t start = (uintptr_t)ms->addr;
	struct ibv_mr *mr;
	unsigned int i;

	RTE_SET_USED(msl);
	for (i = 0; i < c->n; i++)
		if (start >= c->region[i].start && start < c->region[i].end)
			return 0;
	if (c->n == MLX5X_MR_MAX) {
		MLX5X_COMMON_LOG(ERR,
				 "memory registration: more than %u chunks of DPDK memory",
				 MLX5X_MR_MAX);
		w->err = -ENOSPC;
		return -1;
	}
	mr = mlx5x_glue->reg_mr(w->pd, ms->addr, len, IBV_ACCESS_LOCAL_WRITE);
	if (mr == NULL) {
		w->err = -(errno ? errno : ENOMEM);
		MLX5X_COMMON_LOG(ERR, "ibv_reg_mr(%p, %zu) failed: %s",
				 ms->addr, len, strerror(-w->err));
		return -1;
	}
	c->mr[c->n] = mr;
	c->region[c->n].start = start;
	c->region[c->n].end = start + len;
	c->region[c->n].lkey = mr->lkey;
	c->n++;
	return 0;
}

int
mlx5x_mr_register_eal(struct mlx5x_mr_cache *cache, struct ibv_pd *pd)
{
	struct mr_walk w = { .cache = cache, .pd = pd, .err = 0 };

	rte_memseg_contig_walk(mr_register_chunk, &w);
	return w.err;
}

void
mlx5x_mr_release(struct mlx5x_mr_cache *cache)
{
	while (cache->n > 0) {
		cache->n--;
		if (mlx5x_glue->dereg_mr(cache->mr[cache->n]) != 0)
			MLX5X_COMMON_LOG(WARNING, "ibv_dereg_mr failed");
	}
}
