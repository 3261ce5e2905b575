/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ConnectX PCI device IDs that mlx5x drives.
 *
 * Every ID and name below was checked against the PCI ID repository as
 * Debian's "pci.ids" package ships it (/usr/share/misc/pci.ids, vendor 15b3);
 * the pci_ids test suite checks the table against that file on every run.
 */
#ifndef MLX5X_PCI_IDS_H
#define MLX5X_PCI_IDS_H

#include <stdbool.h>
#include <stdint.h>

#define MLX5X_PCI_VENDOR_MELLANOX 0x15b3

enum mlx5x_model {
	MLX5X_MODEL_CX4,
	MLX5X_MODEL_CX4LX,
	MLX5X_MODEL_CX5,
	MLX5X_MODEL_CX5EX,
	MLX5X_MODEL_CX6,
	MLX5X_MODEL_CX6DX,
	MLX5X_MODEL_CX6LX,
	MLX5X_MODEL_CX7,
	MLX5X_MODEL_BF,
	MLX5X_MODEL_BF2,
	/* 0x101e: one VF ID shared by ConnectX-6 Dx and every later device. */
	MLX5X_MODEL_MLX5GEN,
};

/*
 * X(device_id, model, is_vf, pci_ids_name): the name is the one pci.ids gives
 * (the part in brackets where it has one), so the test can compare them.
 */
#define MLX5X_PCI_DEVICES(X)                                                   \
	X(0x1013, MLX5X_MODEL_CX4, false, "ConnectX-4")                        \
	X(0x1014, MLX5X_MODEL_CX4, true, "ConnectX-4 Virtual Function")        \
	X(0x1015, MLX5X_MODEL_CX4LX, false, "ConnectX-4 Lx")                   \
	X(0x1016, MLX5X_MODEL_CX4LX, true, "ConnectX-4 Lx Virtual Function")   \
	X(0x1017, MLX5X_MODEL_CX5, false, "ConnectX-5")                        \
	X(0x1018, MLX5X_MODEL_CX5, true, "ConnectX-5 Virtual Function")        \
	X(0x1019, MLX5X_MODEL_CX5EX, false, "ConnectX-5 Ex")                   \
	X(0x101a, MLX5X_MODEL_CX5EX, true, "ConnectX-5 Ex Virtual Function")   \
	X(0x101b, MLX5X_MODEL_CX6, false, "ConnectX-6")                        \
	X(0x101c, MLX5X_MODEL_CX6, true, "ConnectX-6 Virtual Function")        \
	X(0x101d, MLX5X_MODEL_CX6DX, false, "ConnectX-6 Dx")                   \
	X(0x101e, MLX5X_MODEL_MLX5GEN, true,                                   \
	  "ConnectX Family mlx5Gen Virtual Function")                          \
	X(0x101f, MLX5X_MODEL_CX6LX, false, "ConnectX-6 Lx")                   \
	X(0x1021, MLX5X_MODEL_CX7, false, "ConnectX-7")                        \
	X(0xa2d2, MLX5X_MODEL_BF, false,                                       \
	  "BlueField integrated ConnectX-5 network controller")                \
	X(0xa2d3, MLX5X_MODEL_BF, true, "BlueField multicore SoC family VF")   \
	X(0xa2d6, MLX5X_MODEL_BF2, false,                                      \
	  "BlueField-2 integrated ConnectX-6 Dx network controller")

struct mlx5x_pci_device {
	uint16_t device_id;
	enum mlx5x_model model;
	bool is_vf;
	const char *name;
};

/* Table of every device above, terminated by device_id 0. */
extern const struct mlx5x_pci_device mlx5x_pci_devices[];

/* The entry for a device ID, or NULL when mlx5x does not drive it. */
const struct mlx5x_pci_device *
mlx5x_pci_device_lookup(uint16_t vendor_id, uint16_t device_id);

/* "ConnectX-5", "BlueField-2", ... for log lines. */
const char *mlx5x_model_name(enum mlx5x_model model);

#endif /* MLX5X_PCI_IDS_H */
