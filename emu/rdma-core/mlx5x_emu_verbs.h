/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The rdma-core entry points' shared declarations: Verbs queues, RSS
 * indirection tables, QPs, umems and UARs as PRM objects.
 */
#ifndef MLX5X_EMU_VERBS_H
#define MLX5X_EMU_VERBS_H

#include <stddef.h>
#include <stdint.h>

#include <infiniband/mlx5dv.h>
#include <infiniband/verbs.h>

#include "mlx5x_emu_core.h"

/* Verbs queues as PRM objects (mlx5x_emu_verbs_wq.c, _verbs_qp.c): the
 * provider issues the commands mlx5_ib would; returns the PRM status. */
int emu_verbs_cmd(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
		  size_t outlen);
struct ibv_wq *
emu_verbs_wq_create(struct ibv_context *context, struct ibv_wq_init_attr *attr);
int emu_verbs_wq_modify(struct ibv_wq *wq, struct ibv_wq_attr *attr);
int emu_verbs_wq_destroy(struct ibv_wq *wq);
void emu_verbs_wq_init_obj(struct ibv_wq *wq, struct mlx5dv_rwq *out);
struct ibv_rwq_ind_table *
emu_verbs_ind_table_create(struct ibv_context *context,
			   struct ibv_rwq_ind_table_init_attr *attr);
int emu_verbs_ind_table_destroy(struct ibv_rwq_ind_table *t);
uint32_t emu_verbs_ind_table_log_size(struct emu_ctx *ctx,
				      const struct ibv_rwq_ind_table *t);
struct ibv_qp *emu_verbs_qp_create(struct ibv_context *context,
				   struct ibv_qp_init_attr_ex *attr);
int emu_verbs_qp_init_obj(struct ibv_qp *qp, struct mlx5dv_qp *out);
void *emu_verbs_cq_uar(struct ibv_context *context);

#endif /* MLX5X_EMU_VERBS_H */
