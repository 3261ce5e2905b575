/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mlx5x_sysfs.h"

int
mlx5x_sysfs_read_line(const char *path, char *buf, size_t len)
{
	FILE *f;
	int ret = 0;

	if (len == 0)
		return -EINVAL;
	f = fopen(path, "r");
	if (f == NULL)
		return -errno;
	if (fgets(buf, (int)len, f) == NULL)
		ret = ferror(f) ? -EIO : -ENODATA;
	else
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
	return ret;
}

int
mlx5x_sysfs_ibdev_pci_addr(const char *ibdev_path, char *addr, size_t addr_len)
{
	char path[4096];
	char line[256];
	FILE *f;
	int ret = -ENOENT;

	if (snprintf(path, sizeof(path), "%s/device/uevent", ibdev_path) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	f = fopen(path, "r");
	if (f == NULL)
		return -errno;
	while (fgets(line, sizeof(line), f) != NULL) {
		static const char key[] = "PCI_SLOT_NAME=";

		if (strncmp(line, key, sizeof(key) - 1) != 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (snprintf(addr, addr_len, "%s", line + sizeof(key) - 1) >=
		    (int)addr_len)
			ret = -ENAMETOOLONG;
		else
			ret = 0;
		break;
	}
	fclose(f);
	return ret;
}
