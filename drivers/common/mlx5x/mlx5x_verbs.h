/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Verbs objects behind the DevX ones when the kernel has no DevX: the
 * capabilities ibv_query_device_ex reports, and completion queues whose
 * ring and doorbell record mlx5dv_init_obj exposes to the burst loops.
 */
#ifndef MLX5X_VERBS_H
#define MLX5X_VERBS_H

#include <stddef.h>
#include <stdint.h>

#include "mlx5x_devx.h"
#include "mlx5x_glue.h"

/* Fill caps from ibv_query_device_ex; what only QUERY_HCA_CAP tells stays
 * at its most conservative value. 0 or -errno with a sentence in why[]. */
int mlx5x_verbs_query_caps(struct ibv_context *ctx, struct mlx5x_hca_caps *caps,
			   char *why, size_t why_len);

/* A Verbs CQ polled directly: the ring as rdma-core laid it out. */
struct mlx5x_verbs_cq {
	struct ibv_cq *cq;
	void *cqes;
	volatile uint32_t *dbrec;
	uint32_t cqn;
	uint8_t log_n; /* log2 of the CQEs rdma-core allocated */
};

/* At least 2^log_n CQEs of 64 bytes; 0 or -errno, logged. */
int mlx5x_verbs_cq_create(struct ibv_context *ctx, uint8_t log_n,
			  struct mlx5x_verbs_cq *cq);
/* Destroy; warns and carries on when refused. Safe on a zeroed cq. */
void mlx5x_verbs_cq_destroy(struct mlx5x_verbs_cq *cq, const char *what);

#endif /* MLX5X_VERBS_H */
