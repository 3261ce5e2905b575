/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Netlink through libmnl: RDMA netlink (which netdev an IB port has) and
 * rtnetlink (that netdev's attributes). Every function opens its own socket
 * so callers on different threads never share one.
 */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <linux/if.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <rdma/rdma_netlink.h>

#include "mlx5x_netdev.h"

struct nl_req {
	struct mnl_socket *nl;
	unsigned int portid;
	unsigned int seq;
};

static int
nl_open(struct nl_req *r, int bus)
{
	r->nl = mnl_socket_open(bus);
	if (r->nl == NULL)
		return -errno;
	if (mnl_socket_bind(r->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;

		mnl_socket_close(r->nl);
		return err;
	}
	r->portid = mnl_socket_get_portid(r->nl);
	r->seq = (unsigned int)time(NULL);
	return 0;
}

/* Send nlh and feed every answer to cb until the kernel says done. */
static int
nl_talk(struct nl_req *r, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int ret;

	nlh->nlmsg_seq = ++r->seq;
	if (mnl_socket_sendto(r->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		ret = (int)mnl_socket_recvfrom(r->nl, buf, sizeof(buf));
		if (ret < 0)
			return -errno;
		ret = mnl_cb_run(buf, (size_t)ret, r->seq, r->portid, cb, data);
	} while (ret > 0);
	return ret < 0 ? -errno : 0;
}

struct rdma_dev_lookup {
	const char *name;
	uint32_t index;
	bool found;
};

static int
rdma_dev_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rdma_dev_lookup *l = data;
	struct nlattr *attr;
	const char *name = NULL;
	uint32_t index = 0;
	bool has_index = false;

	mnl_attr_for_each(attr, nlh, 0)
	{
		switch (mnl_attr_get_type(attr)) {
		case RDMA_NLDEV_ATTR_DEV_INDEX:
			index = mnl_attr_get_u32(attr);
			has_index = true;
			break;
		case RDMA_NLDEV_ATTR_DEV_NAME:
			name = mnl_attr_get_str(attr);
			break;
		}
	}
	if (name != NULL && has_index && strcmp(name, l->name) == 0) {
		l->index = index;
		l->found = true;
	}
	return MNL_CB_OK;
}

struct rdma_port_lookup {
	uint32_t ifindex;
	char ifname[IF_NAMESIZE];
};

static int
rdma_port_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rdma_port_lookup *l = data;
	struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, 0)
	{
		switch (mnl_attr_get_type(attr)) {
		case RDMA_NLDEV_ATTR_NDEV_INDEX:
			l->ifindex = mnl_attr_get_u32(attr);
			break;
		case RDMA_NLDEV_ATTR_NDEV_NAME:
			snprintf(l->ifname, sizeof(l->ifname), "%s",
				 mnl_attr_get_str(attr));
			break;
		}
	}
	return MNL_CB_OK;
}

int
mlx5x_nl_ibport_ndev(const char *ibdev_name, uint32_t port, char *ifname,
		     size_t ifname_len)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct rdma_dev_lookup dev = { .name = ibdev_name };
	struct rdma_port_lookup pl = { 0 };
	struct nlmsghdr *nlh;
	struct nl_req r;
	int ret;

	ret = nl_open(&r, NETLINK_RDMA);
	if (ret < 0)
		return ret;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RDMA_NL_GET_TYPE(RDMA_NL_NLDEV, RDMA_NLDEV_CMD_GET);
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP;
	ret = nl_talk(&r, nlh, rdma_dev_cb, &dev);
	if (ret < 0)
		goto out;
	if (!dev.found) {
		ret = -ENODEV;
		goto out;
	}
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type =
		RDMA_NL_GET_TYPE(RDMA_NL_NLDEV, RDMA_NLDEV_CMD_PORT_GET);
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	mnl_attr_put_u32(nlh, RDMA_NLDEV_ATTR_DEV_INDEX, dev.index);
	mnl_attr_put_u32(nlh, RDMA_NLDEV_ATTR_PORT_INDEX, port);
	ret = nl_talk(&r, nlh, rdma_port_cb, &pl);
	if (ret < 0)
		goto out;
	if (pl.ifname[0] == '\0' && pl.ifindex != 0)
		if_indextoname(pl.ifindex, pl.ifname);
	if (pl.ifname[0] == '\0') {
		ret = -ENODEV;
		goto out;
	}
	snprintf(ifname, ifname_len, "%s", pl.ifname);
out:
	mnl_socket_close(r.nl);
	return ret;
}

static int
link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct mlx5x_netdev_info *info = data;
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct nlattr *attr;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	info->ifindex = (unsigned int)ifi->ifi_index;
	info->carrier = (ifi->ifi_flags & IFF_LOWER_UP) != 0;
	mnl_attr_for_each(attr, nlh, sizeof(*ifi))
	{
		const uint8_t *p;
		uint16_t len, i;
		size_t off;

		switch (mnl_attr_get_type(attr)) {
		case IFLA_IFNAME:
			snprintf(info->ifname, sizeof(info->ifname), "%s",
				 mnl_attr_get_str(attr));
			break;
		case IFLA_ADDRESS:
			if (mnl_attr_get_payload_len(attr) == 6)
				memcpy(info->mac, mnl_attr_get_payload(attr),
				       6);
			break;
		case IFLA_MTU:
			info->mtu = mnl_attr_get_u32(attr);
			break;
		case IFLA_OPERSTATE:
			info->oper_up = mnl_attr_get_u8(attr) == IF_OPER_UP;
			break;
		case IFLA_PHYS_PORT_NAME:
			snprintf(info->phys_port_name,
				 sizeof(info->phys_port_name), "%s",
				 mnl_attr_get_str(attr));
			break;
		case IFLA_PHYS_SWITCH_ID:
			p = mnl_attr_get_payload(attr);
			len = mnl_attr_get_payload_len(attr);
			off = 0;
			for (i = 0;
			     i < len && off + 3 <= sizeof(info->phys_switch_id);
			     i++)
				off += (size_t)snprintf(info->phys_switch_id +
								off,
							3, "%02x", p[i]);
			break;
		}
	}
	return MNL_CB_OK;
}

/*
 * Open a route socket and start an RTM_*LINK request for ifname in buf;
 * the caller adds attributes, talks and closes r->nl.
 */
static struct nlmsghdr *
nl_link_msg(struct nl_req *r, char *buf, const char *ifname, uint16_t type,
	    int *err)
{
	unsigned int ifindex = if_nametoindex(ifname);
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	if (ifindex == 0) {
		*err = -ENODEV;
		return NULL;
	}
	*err = nl_open(r, NETLINK_ROUTE);
	if (*err < 0)
		return NULL;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	return nlh;
}

int
mlx5x_nl_link_query(const char *ifname, struct mlx5x_netdev_info *info)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct nl_req r;
	int ret;

	nlh = nl_link_msg(&r, buf, ifname, RTM_GETLINK, &ret);
	if (nlh == NULL)
		return ret;
	memset(info, 0, sizeof(*info));
	ret = nl_talk(&r, nlh, link_cb, info);
	mnl_socket_close(r.nl);
	if (ret == 0 && info->ifindex == 0)
		ret = -ENODEV;
	return ret;
}

int
mlx5x_nl_link_set_mtu(const char *ifname, uint32_t mtu)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct nl_req r;
	int ret;

	nlh = nl_link_msg(&r, buf, ifname, RTM_SETLINK, &ret);
	if (nlh == NULL)
		return ret;
	mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	ret = nl_talk(&r, nlh, NULL, NULL);
	mnl_socket_close(r.nl);
	return ret;
}
