/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IB device discovery: which rdma-core device stands behind a PCI address.
 */
#ifndef MLX5X_DEV_H
#define MLX5X_DEV_H

#include <stddef.h>

#include <rte_pci.h>

#include "mlx5x_glue.h"

/*
 * Find the IB device whose PCI function is addr. On success returns the
 * device list (free it with glue->free_device_list) and points *dev at the
 * match. On failure returns NULL, sets rte_errno and writes a sentence for
 * the user into why[]: rdma-core missing, no RDMA device at all, or none at
 * this address (with what was seen instead).
 */
struct ibv_device **
mlx5x_dev_find_ibdev(const struct rte_pci_addr *addr, struct ibv_device **dev,
		     char *why, size_t why_len);

#endif /* MLX5X_DEV_H */
