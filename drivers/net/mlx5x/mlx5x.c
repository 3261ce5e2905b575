/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI driver: ID table, probe and remove.
 */
#include <errno.h>
#include <stdio.h>

#include <bus_pci_driver.h>
#include <ethdev_driver.h>
#include <ethdev_pci.h>
#include <rte_errno.h>

#include "mlx5x.h"
#include "mlx5x_dev.h"
#include "mlx5x_devargs.h"
#include "mlx5x_pci_ids.h"

RTE_LOG_REGISTER(mlx5x_logtype_net, pmd.net.mlx5x, NOTICE);

static const struct rte_pci_id mlx5x_pci_id_map[] = {
#define MLX5X_PCI_ID_ROW(id, model, vf, name)                                  \
	{ RTE_PCI_DEVICE(MLX5X_PCI_VENDOR_MELLANOX, id) },
	MLX5X_PCI_DEVICES(MLX5X_PCI_ID_ROW)
#undef MLX5X_PCI_ID_ROW
	{ .vendor_id = 0 },
};

static int
mlx5x_pci_probe(struct rte_pci_driver *drv, struct rte_pci_device *pci_dev)
{
	const struct mlx5x_pci_device *info;
	struct mlx5x_devargs da;
	struct ibv_device **list;
	struct ibv_device *ibdev;
	char why[512];
	int ret;

	RTE_SET_USED(drv);
	info = mlx5x_pci_device_lookup(pci_dev->id.vendor_id,
				       pci_dev->id.device_id);
	if (info == NULL) {
		MLX5X_NET_LOG(ERR, "%s: PCI ID %04x:%04x is not a ConnectX",
			      pci_dev->name, pci_dev->id.vendor_id,
			      pci_dev->id.device_id);
		rte_errno = ENOTSUP;
		return -rte_errno;
	}
	ret = mlx5x_devargs_parse(pci_dev->device.devargs != NULL ?
					  pci_dev->device.devargs->args :
					  NULL,
				  &da, why, sizeof(why));
	if (ret != 0) {
		MLX5X_NET_LOG(ERR, "%s: %s", pci_dev->name, why);
		rte_errno = EINVAL;
		return -rte_errno;
	}
	list = mlx5x_dev_find_ibdev(&pci_dev->addr, &ibdev, why, sizeof(why));
	if (list == NULL) {
		MLX5X_NET_LOG(ERR, "%s (%s%s): %s", pci_dev->name,
			      mlx5x_model_name(info->model),
			      info->is_vf ? " VF" : "", why);
		return -rte_errno;
	}
	/* The IB device exists; ports are spawned on it by the ethdev layer,
	 * which is not built yet: say so rather than pretend. */
	MLX5X_NET_LOG(ERR,
		      "%s (%s%s): found RDMA device %s, but this build of mlx5x cannot spawn ports yet",
		      pci_dev->name, mlx5x_model_name(info->model),
		      info->is_vf ? " VF" : "", mlx5x_glue->get_device_name(ibdev));
	mlx5x_glue->free_device_list(list);
	rte_errno = ENOTSUP;
	return -rte_errno;
}

static int
mlx5x_pci_remove(struct rte_pci_device *pci_dev)
{
	RTE_SET_USED(pci_dev);
	return 0;
}

static struct rte_pci_driver mlx5x_pci_driver = {
	.driver = {
		.name = RTE_STR(MLX5X_DRIVER_NAME),
	},
	.id_table = mlx5x_pci_id_map,
	.probe = mlx5x_pci_probe,
	.remove = mlx5x_pci_remove,
	.drv_flags = RTE_PCI_DRV_INTR_LSC | RTE_PCI_DRV_INTR_RMV |
		     RTE_PCI_DRV_PROBE_AGAIN,
};

RTE_PMD_REGISTER_PCI(net_mlx5x, mlx5x_pci_driver);
RTE_PMD_REGISTER_PCI_TABLE(net_mlx5x, mlx5x_pci_id_map);
RTE_PMD_REGISTER_KMOD_DEP(net_mlx5x,
			  "* ib_uverbs & mlx5_core & mlx5_ib");
RTE_PMD_REGISTER_PARAM_STRING(net_mlx5x, MLX5X_DEVARGS_PARAMS);
