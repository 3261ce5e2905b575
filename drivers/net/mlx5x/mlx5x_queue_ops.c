/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The two backends of the queue objects; a port takes one at spawn, from
 * whether its device opened with DevX (mlx5x_dev_ctx.c).
 */
#include "mlx5x_rxtx.h"

const struct mlx5x_queue_ops mlx5x_queue_devx_ops = {
	.name = "DevX",
	.tx_shared_create = mlx5x_tx_shared_devx_create,
	.tx_shared_destroy = mlx5x_tx_shared_devx_destroy,
	.rxq_create = mlx5x_rxq_devx_create,
	.rxq_modify = mlx5x_rxq_devx_modify,
	.rxq_destroy = mlx5x_rxq_devx_destroy,
	.txq_create = mlx5x_txq_devx_create,
	.txq_modify = mlx5x_txq_devx_modify,
	.txq_destroy = mlx5x_txq_devx_destroy,
};

/* The kernel's mlx5_ib gives each raw packet QP its own TIS. */
static int
tx_shared_verbs_create(struct mlx5x_priv *priv)
{
	(void)priv;
	return 0;
}

static void
tx_shared_verbs_destroy(struct mlx5x_priv *priv)
{
	(void)priv;
}

const struct mlx5x_queue_ops mlx5x_queue_verbs_ops = {
	.name = "Verbs",
	.tx_shared_create = tx_shared_verbs_create,
	.tx_shared_destroy = tx_shared_verbs_destroy,
	.rxq_create = mlx5x_rxq_verbs_create,
	.rxq_modify = mlx5x_rxq_verbs_modify,
	.rxq_destroy = mlx5x_rxq_verbs_destroy,
	.txq_create = mlx5x_txq_verbs_create,
	.txq_modify = mlx5x_txq_verbs_modify,
	.txq_destroy = mlx5x_txq_verbs_destroy,
};
