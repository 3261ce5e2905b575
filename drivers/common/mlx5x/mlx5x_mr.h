/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory registration cache: DPDK memory (every contiguous chunk of EAL's
 * memseg lists) registered once per device, looked up by address with no
 * lock and no allocation, so the data path can turn any mbuf address into
 * an lkey. Memory outside EAL (external buffers) is not registered and its
 * lookup misses.
 */
#ifndef MLX5X_MR_H
#define MLX5X_MR_H

#include <stdbool.h>
#include <stdint.h>

#include "mlx5x_glue.h"

#define MLX5X_MR_MAX 64
#define MLX5X_MR_LKEY_NONE UINT32_MAX

struct mlx5x_mr_region {
	uintptr_t start;
	uintptr_t end; /* exclusive */
	uint32_t lkey;
};

struct mlx5x_mr_cache {
	/* Readers (bursts) see region[i] complete for every i < n: writers
	 * fill the region first and publish n with a release store. */
	unsigned int n;
	struct ibv_pd *pd;
	bool event_registered;
	struct mlx5x_mr_region region[MLX5X_MR_MAX];
	struct ibv_mr *mr[MLX5X_MR_MAX];
};

/*
 * Register every chunk of EAL memory not registered yet, and every chunk
 * EAL adds later (memory event callback; where EAL has no memory events,
 * as with --no-huge, its memory never grows). 0 or -errno.
 */
int mlx5x_mr_register_eal(struct mlx5x_mr_cache *cache, struct ibv_pd *pd);
/*
 * Memory outside EAL (external buffers) an application maps for the
 * device (rte_dev_dma_map): registered, or its registration dropped. The
 * application guarantees no packet in the range is in flight at unmap.
 * 0 or -errno.
 */
int mlx5x_mr_map(struct mlx5x_mr_cache *cache, void *addr, size_t len);
int mlx5x_mr_unmap(struct mlx5x_mr_cache *cache, void *addr, size_t len);

/* Deregister everything, last registered first. */
void mlx5x_mr_release(struct mlx5x_mr_cache *cache);

/* lkey of addr; *last is a per-queue hint. MLX5X_MR_LKEY_NONE on miss. */
static inline uint32_t
mlx5x_mr_lookup(const struct mlx5x_mr_cache *cache, uintptr_t addr,
		unsigned int *last)
{
	const struct mlx5x_mr_region *r = &cache->region[*last];
	unsigned int i, n = __atomic_load_n(&cache->n, __ATOMIC_ACQUIRE);

	if (addr >= r->start && addr < r->end)
		return r->lkey;
	for (i = 0; i < n; i++) {
		r = &cache->region[i];
		if (addr >= r->start && addr < r->end) {
			*last = i;
			return r->lkey;
		}
	}
	return MLX5X_MR_LKEY_NONE;
}

#endif /* MLX5X_MR_H */
