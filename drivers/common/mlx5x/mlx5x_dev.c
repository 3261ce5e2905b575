/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>

#include "linux/mlx5x_sysfs.h"
#include "mlx5x_common.h"
#include "mlx5x_dev.h"

struct ibv_device **
mlx5x_dev_find_ibdev(const struct rte_pci_addr *addr, struct ibv_device **dev,
		     char *why, size_t why_len)
{
	const struct mlx5x_glue *glue;
	struct ibv_device **list;
	char want[PCI_PRI_STR_SIZE];
	char seen[256] = "";
	size_t seen_len = 0;
	int n = 0;
	int i;

	*dev = NULL;
	glue = mlx5x_glue_get(why, why_len);
	if (glue == NULL)
		return NULL;
	rte_pci_device_name(addr, want, sizeof(want));
	list = glue->get_device_list(&n);
	if (list == NULL && errno == ENOSYS) {
		/* rdma-core's word for "this kernel has no uverbs at all". */
		rte_errno = ENODEV;
		snprintf(why, why_len,
			 "no ConnectX found: rdma-core (%s) sees no RDMA device at all (the kernel has no RDMA support loaded: ib_uverbs, mlx5_ib)",
			 glue->verbs_lib);
		return NULL;
	}
	if (list == NULL) {
		rte_errno = errno ? errno : ENODEV;
		snprintf(why, why_len,
			 "rdma-core (%s) cannot list RDMA devices: %s",
			 glue->verbs_lib, strerror(rte_errno));
		return NULL;
	}
	for (i = 0; i < n; i++) {
		char found[PCI_PRI_STR_SIZE + 16];
		int ret;

		ret = mlx5x_sysfs_ibdev_pci_addr(list[i]->ibdev_path, found,
						 sizeof(found));
		if (ret < 0)
			continue;
		if (strcmp(found, want) == 0) {
			*dev = list[i];
			return list;
		}
		if (seen_len < sizeof(seen))
			seen_len +=
				snprintf(seen + seen_len,
					 sizeof(seen) - seen_len, "%s%s=%s",
					 seen_len ? ", " : "",
					 glue->get_device_name(list[i]), found);
	}
	glue->free_device_list(list);
	rte_errno = ENODEV;
	if (n == 0)
		snprintf(why, why_len,
			 "no ConnectX found: rdma-core (%s) sees no RDMA device at all (is mlx5_ib loaded and the device bound to mlx5_core?)",
			 glue->verbs_lib);
	else
		snprintf(why, why_len,
			 "no ConnectX found at %s: rdma-core (%s) has %d RDMA device(s), none on this PCI function (%s)",
			 want, glue->verbs_lib, n, seen);
	return NULL;
}
