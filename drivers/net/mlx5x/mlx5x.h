/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The mlx5x ethdev PMD: names and logging shared by its files.
 */
#ifndef MLX5X_H
#define MLX5X_H

#include "mlx5x_common.h"

#define MLX5X_DRIVER_NAME net_mlx5x

extern int mlx5x_logtype_net;

#define MLX5X_NET_LOG(level, fmt, ...)                                         \
	MLX5X_LOG(mlx5x_logtype_net, level, fmt, ##__VA_ARGS__)

#endif /* MLX5X_H */
