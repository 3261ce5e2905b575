/* SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>

#include "mlx5x_pci_ids.h"

const struct mlx5x_pci_device mlx5x_pci_devices[] = {
#define MLX5X_PCI_DEVICE_ROW(id, model, vf, name) { id, model, vf, name },
	MLX5X_PCI_DEVICES(MLX5X_PCI_DEVICE_ROW)
#undef MLX5X_PCI_DEVICE_ROW
		{ 0, MLX5X_MODEL_CX4, false, NULL },
};

const struct mlx5x_pci_device *
mlx5x_pci_device_lookup(uint16_t vendor_id, uint16_t device_id)
{
	const struct mlx5x_pci_device *dev;

	if (vendor_id != MLX5X_PCI_VENDOR_MELLANOX)
		return NULL;
	for (dev = mlx5x_pci_devices; dev->device_id != 0; dev++)
		if (dev->device_id == device_id)
			return dev;
	return NULL;
}

const char *
mlx5x_model_name(enum mlx5x_model model)
{
	static const char *const names[] = {
		[MLX5X_MODEL_CX4] = "ConnectX-4",
		[MLX5X_MODEL_CX4LX] = "ConnectX-4 Lx",
		[MLX5X_MODEL_CX5] = "ConnectX-5",
		[MLX5X_MODEL_CX5EX] = "ConnectX-5 Ex",
		[MLX5X_MODEL_CX6] = "ConnectX-6",
		[MLX5X_MODEL_CX6DX] = "ConnectX-6 Dx",
		[MLX5X_MODEL_CX6LX] = "ConnectX-6 Lx",
		[MLX5X_MODEL_CX7] = "ConnectX-7",
		[MLX5X_MODEL_BF] = "BlueField",
		[MLX5X_MODEL_BF2] = "BlueField-2",
		[MLX5X_MODEL_MLX5GEN] = "ConnectX (mlx5Gen VF)",
	};

	if ((unsigned int)model >= sizeof(names) / sizeof(names[0]) ||
	    names[model] == NULL)
		return "unknown ConnectX";
	return names[model];
}
