/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The kernel netdev behind an IB port: which one it is and what it says
 * about itself (name, MAC, MTU, link, E-Switch role). Netlink first (RDMA
 * netlink for the IB port's netdev, rtnetlink for its attributes), sysfs
 * under the IB device's own directory second, so that a device netlink does
 * not know (an emulated one, an old kernel) is still described.
 */
#ifndef MLX5X_NETDEV_H
#define MLX5X_NETDEV_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mlx5x_netdev_info {
	char ifname[IF_NAMESIZE];
	unsigned int ifindex;
	uint8_t mac[6];
	uint32_t mtu;
	bool oper_up; /* operstate "up" */
	bool carrier;
	char phys_port_name[32]; /* "p0", "pf0vf2"; empty when none */
	char phys_switch_id[64]; /* hex string; empty when none */
};

/*
 * Name of the netdev of IB port `port` of the IB device (name, sysfs path).
 * 0 on success, -errno else.
 */
int mlx5x_netdev_of_ibport(const char *ibdev_name, const char *ibdev_path,
			   uint32_t port, char *ifname, size_t ifname_len);

/* Attributes of netdev ifname of the IB device. 0 or -errno. */
int mlx5x_netdev_query(const char *ibdev_path, const char *ifname,
		       struct mlx5x_netdev_info *info);

/* Keep the kernel netdev's MTU in step with the port's. 0 or -errno. */
int
mlx5x_netdev_set_mtu(const char *ibdev_path, const char *ifname, uint32_t mtu);

/* Netlink half; used by the above. -ENODEV when netlink does not know. */
int mlx5x_nl_ibport_ndev(const char *ibdev_name, uint32_t port, char *ifname,
			 size_t ifname_len);
int mlx5x_nl_link_query(const char *ifname, struct mlx5x_netdev_info *info);
int mlx5x_nl_link_set_mtu(const char *ifname, uint32_t mtu);

#endif /* MLX5X_NETDEV_H */
