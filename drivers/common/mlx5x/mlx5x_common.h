/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Logging and small helpers shared by every mlx5x library.
 */
#ifndef MLX5X_COMMON_H
#define MLX5X_COMMON_H

#include <rte_common.h>
#include <rte_log.h>

extern int mlx5x_logtype_common;

/*
 * One line per event, prefixed with the PMD name so that a user grepping the
 * application's log for "mlx5x" finds every message. Never used in bursts.
 */
#define MLX5X_LOG(type, level, fmt, ...)                                       \
	rte_log(RTE_LOG_##level, type, "mlx5x: " fmt "\n", ##__VA_ARGS__)

#define MLX5X_COMMON_LOG(level, fmt, ...)                                      \
	MLX5X_LOG(mlx5x_logtype_common, level, fmt, ##__VA_ARGS__)

#endif /* MLX5X_COMMON_H */
