/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Netdev of an IB port: netlink first, then sysfs under the IB device.
 *
 * A netlink answer is believed only when it names a netdev that sits under
 * the IB device's own PCI function (<ibdev_path>/device/net/<ifname>) with
 * the same ifindex: that holds on real hardware, and keeps a host netdev
 * that merely shares a name from being mistaken for an emulated one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mlx5x_netdev.h"
#include "mlx5x_sysfs.h"

static int
netdev_attr(const char *ibdev_path, const char *ifname, const char *attr,
	    char *buf, size_t len)
{
	char path[4096];

	if (snprintf(path, sizeof(path), "%s/device/net/%s/%s", ibdev_path,
		     ifname, attr) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	return mlx5x_sysfs_read_line(path, buf, len);
}

static unsigned int
netdev_sysfs_ifindex(const char *ibdev_path, const char *ifname)
{
	char line[32];

	if (netdev_attr(ibdev_path, ifname, "ifindex", line, sizeof(line)) < 0)
		return 0;
	return (unsigned int)strtoul(line, NULL, 10);
}

int
mlx5x_netdev_of_ibport(const char *ibdev_name, const char *ibdev_path,
		       uint32_t port, char *ifname, size_t ifname_len)
{
	char path[4096];
	char name[IF_NAMESIZE];
	int ret;

	ret = mlx5x_nl_ibport_ndev(ibdev_name, port, name, sizeof(name));
	if (ret == 0 && netdev_sysfs_ifindex(ibdev_path, name) != 0 &&
	    netdev_sysfs_ifindex(ibdev_path, name) == if_nametoindex(name)) {
		snprintf(ifname, ifname_len, "%s", name);
		return 0;
	}
	if (snprintf(path, sizeof(path), "%s/ports/%u/gid_attrs/ndevs/0",
		     ibdev_path, port) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	ret = mlx5x_sysfs_read_line(path, name, sizeof(name));
	if (ret < 0)
		return ret;
	if (name[0] == '\0')
		return -ENODEV;
	snprintf(ifname, ifname_len, "%s", name);
	return 0;
}

static int
parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
		   &b[5]) != 6)
		return -EINVAL;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

static int
netdev_query_sysfs(const char *ibdev_path, const char *ifname,
		   struct mlx5x_netdev_info *info)
{
	char line[128];
	int ret;

	memset(info, 0, sizeof(*info));
	snprintf(info->ifname, sizeof(info->ifname), "%s", ifname);
	info->ifindex = netdev_sysfs_ifindex(ibdev_path, ifname);
	if (info->ifindex == 0)
		return -ENODEV;
	ret = netdev_attr(ibdev_path, ifname, "address", line, sizeof(line));
	if (ret == 0)
		ret = parse_mac(line, info->mac);
	if (ret < 0)
		return ret;
	if (netdev_attr(ibdev_path, ifname, "mtu", line, sizeof(line)) == 0)
		info->mtu = (uint32_t)strtoul(line, NULL, 10);
	if (netdev_attr(ibdev_path, ifname, "operstate", line, sizeof(line)) ==
	    0)
		info->oper_up = strcmp(line, "up") == 0;
	if (netdev_attr(ibdev_path, ifname, "carrier", line, sizeof(line)) == 0)
		info->carrier = strcmp(line, "1") == 0;
	/* Both are absent (EOPNOTSUPP on read) for a netdev that is not an
	 * E-Switch port: legacy mode, a VF. */
	if (netdev_attr(ibdev_path, ifname, "phys_port_name", line,
			sizeof(line)) == 0)
		snprintf(info->phys_port_name, sizeof(info->phys_port_name),
			 "%.31s", line);
	if (netdev_attr(ibdev_path, ifname, "phys_switch_id", line,
			sizeof(line)) == 0)
		snprintf(info->phys_switch_id, sizeof(info->phys_switch_id),
			 "%.63s", line);
	return 0;
}

int
mlx5x_netdev_query(const char *ibdev_path, const char *ifname,
		   struct mlx5x_netdev_info *info)
{
	unsigned int ifindex = netdev_sysfs_ifindex(ibdev_path, ifname);

	if (ifindex != 0 && ifindex == if_nametoindex(ifname) &&
	    mlx5x_nl_link_query(ifname, info) == 0)
		return 0;
	return netdev_query_sysfs(ibdev_path, ifname, info);
}

int
mlx5x_netdev_set_mtu(const char *ibdev_path, const char *ifname, uint32_t mtu)
{
	unsigned int ifindex = netdev_sysfs_ifindex(ibdev_path, ifname);
	char path[4096];
	FILE *f;
	int ret;

	if (ifindex != 0 && ifindex == if_nametoindex(ifname) &&
	    mlx5x_nl_link_set_mtu(ifname, mtu) == 0)
		return 0;
	if (snprintf(path, sizeof(path), "%s/device/net/%s/mtu", ibdev_path,
		     ifname) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	f = fopen(path, "w");
	if (f == NULL)
		return -errno;
	ret = fprintf(f, "%u\n", mtu) < 0 ? -EIO : 0;
	if (fclose(f) != 0 && ret == 0)
		ret = -errno;
	return ret;
}
