/* SPDX-License-Identifier: BSD-3-Clause */
#include "mlx5x_common.h"

RTE_LOG_REGISTER(mlx5x_logtype_common, pmd.common.mlx5x, NOTICE);
