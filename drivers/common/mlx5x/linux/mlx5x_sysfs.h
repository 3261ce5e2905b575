/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reads from sysfs. Every path is built from a root rdma-core or the caller
 * handed us (ibdev_path, a netdev's directory), never from a hard-coded
 * "/sys", so an emulated adapter's tree works the same as the kernel's.
 */
#ifndef MLX5X_SYSFS_H
#define MLX5X_SYSFS_H

#include <stddef.h>

/*
 * PCI address ("0000:08:00.0") of the device behind an IB device, from
 * <ibdev_path>/device/uevent's PCI_SLOT_NAME. 0 on success, -errno else.
 */
int
mlx5x_sysfs_ibdev_pci_addr(const char *ibdev_path, char *addr, size_t addr_len);

/*
 * Read a one-line attribute file into buf without its newline.
 * 0 on success, -errno else.
 */
int mlx5x_sysfs_read_line(const char *path, char *buf, size_t len);

#endif /* MLX5X_SYSFS_H */
