/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An RDMA netlink (NETLINK_RDMA, nldev) answerer for the emulated IB
 * devices, preloaded by devtools/mlx5x-emu --rdma-core: rdma-core
 * applications (DPDK's mlx5 PMD among them) count an IB device's ports
 * and map each port to its netdev through nldev, which a kernel without
 * an RDMA stack does not offer.
 *
 * socket(AF_NETLINK, *, NETLINK_RDMA) returns one end of an AF_UNIX
 * datagram socket pair; a request sent on it is answered at once by
 * writing the kernel's replies (uapi <rdma/rdma_netlink.h>) into the
 * other end, so reads, polls and MSG_PEEK behave as on a netlink socket.
 * The answers come from the emulator's sysfs tree ($MLX5X_EMU_SYSFS):
 * devices class/infiniband/mlx5_<n> (index n + 1, as
 * ibv_get_device_index), their ports, each port's netdev
 * (gid_attrs/ndevs/0) and its ifindex: the real one when a netdev of that
 * name exists in the caller's network namespace, else the tree's.
 * Commands: RDMA_NLDEV_CMD_GET and RDMA_NLDEV_CMD_PORT_GET, each as a dump
 * or for one device/port; anything else answers EOPNOTSUPP. Every other
 * socket is the C library's.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <pthread.h>
#include <rdma/rdma_netlink.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define NLD_MAX_FDS 64
#define NLD_BUF 8192

/* fd handed to the application -> the end the answers are written to. */
static struct {
	int fd, peer;
} nld_fds[NLD_MAX_FDS];
static pthread_mutex_t nld_lock = PTHREAD_MUTEX_INITIALIZER;

static int (*real_socket)(int, int, int);
static int (*real_close)(int);
static int (*real_bind)(int, const struct sockaddr *, socklen_t);
static int (*real_setsockopt)(int, int, int, const void *, socklen_t);
static int (*real_getsockname)(int, struct sockaddr *, socklen_t *);
static ssize_t (*real_sendmsg)(int, const struct msghdr *, int);
static ssize_t (*real_sendto)(int, const void *, size_t, int,
			      const struct sockaddr *, socklen_t);
static ssize_t (*real_recvmsg)(int, struct msghdr *, int);
static ssize_t (*real_recvfrom)(int, void *, size_t, int, struct sockaddr *,
				socklen_t *);

static void __attribute__((constructor)) nld_init(void)
{
	real_socket = (int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");
	real_close = (int (*)(int))dlsym(RTLD_NEXT, "close");
	real_bind = (int (*)(int, const struct sockaddr *,
			     socklen_t))dlsym(RTLD_NEXT, "bind");
	real_setsockopt = (int (*)(int, int, int, const void *,
				   socklen_t))dlsym(RTLD_NEXT, "setsockopt");
	real_getsockname =
		(int (*)(int, struct sockaddr *,
			 socklen_t *))dlsym(RTLD_NEXT, "getsockname");
	real_sendmsg = (ssize_t(*)(int, const struct msghdr *,
				   int))dlsym(RTLD_NEXT, "sendmsg");
	real_sendto = (ssize_t(*)(int, const void *, size_t, int,
				  const struct sockaddr *,
				  socklen_t))dlsym(RTLD_NEXT, "sendto");
	real_recvmsg = (ssize_t(*)(int, struct msghdr *, int))dlsym(RTLD_NEXT,
								    "recvmsg");
	real_recvfrom = (ssize_t(*)(int, void *, size_t, int, struct sockaddr *,
				    socklen_t *))dlsym(RTLD_NEXT, "recvfrom");
}

static int
nld_peer(int fd)
{
	int i, peer = -1;

	if (fd < 0)
		return -1;
	pthread_mutex_lock(&nld_lock);
	for (i = 0; i < NLD_MAX_FDS; i++)
		if (nld_fds[i].peer > 0 && nld_fds[i].fd == fd)
			peer = nld_fds[i].peer;
	pthread_mutex_unlock(&nld_lock);
	return peer;
}

/* ---- the emulated devices, from the sysfs tree ------------------------- */

static int
nld_read(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (f == NULL)
		return -1;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return 0;
}

/* Ports of device mlx5_<n>, 0 if it does not exist. */
static uint32_t
nld_nports(const char *root, const char *dev)
{
	char path[PATH_MAX];
	struct dirent *d;
	uint32_t n = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/class/infiniband/%s/ports", root, dev);
	dir = opendir(path);
	if (dir == NULL)
		return 0;
	while ((d = readdir(dir)) != NULL)
		if (d->d_name[0] != '.')
			n++;
	closedir(dir);
	return n;
}

/* The netdev of a port and its ifindex (0 when there is none). */
static uint32_t
nld_netdev(const char *root, const char *dev, uint32_t port, char *name,
	   size_t len)
{
	char path[PATH_MAX], buf[32];
	unsigned int idx;

	snprintf(path, sizeof(path),
		 "%s/class/infiniband/%s/ports/%u/gid_attrs/ndevs/0", root, dev,
		 port);
	if (nld_read(path, name, len) != 0 || name[0] == '\0')
		return 0;
	idx = if_nametoindex(name);
	if (idx != 0)
		return idx;
	snprintf(path, sizeof(path), "%s/class/net/%s/ifindex", root, name);
	if (nld_read(path, buf, sizeof(buf)) != 0)
		return 0;
	return (uint32_t)strtoul(buf, NULL, 10);
}

/* ---- replies ------------------------------------------------------------ */

struct nld_msg {
	uint8_t buf[NLD_BUF];
	size_t len;	     /* bytes of the datagram so far */
	struct nlmsghdr *nh; /* the message being built */
};

static struct nlmsghdr *
nld_begin(struct nld_msg *m, uint16_t type, uint16_t flags, uint32_t seq)
{
	struct nlmsghdr *nh;

	if (m->len + NLMSG_HDRLEN > sizeof(m->buf))
		return NULL;
	nh = (struct nlmsghdr *)(m->buf + m->len);
	memset(nh, 0, NLMSG_HDRLEN);
	nh->nlmsg_len = NLMSG_HDRLEN;
	nh->nlmsg_type = type;
	nh->nlmsg_flags = flags;
	nh->nlmsg_seq = seq;
	m->nh = nh;
	return nh;
}

static void
nld_end(struct nld_msg *m)
{
	m->len += NLMSG_ALIGN(m->nh->nlmsg_len);
}

static void
nld_attr(struct nld_msg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *na;
	size_t off = m->len + NLMSG_ALIGN(m->nh->nlmsg_len);

	if (off + NLA_HDRLEN + NLA_ALIGN(len) > sizeof(m->buf))
		return;
	na = (struct nlattr *)(m->buf + off);
	na->nla_type = type;
	na->nla_len = (uint16_t)(NLA_HDRLEN + len);
	memcpy((uint8_t *)na + NLA_HDRLEN, data, len);
	memset((uint8_t *)na + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	m->nh->nlmsg_len = (uint32_t)(NLMSG_ALIGN(m->nh->nlmsg_len) +
				      NLA_HDRLEN + NLA_ALIGN(len));
}

static void
nld_error(struct nld_msg *m, const struct nlmsghdr *req, int error)
{
	struct nlmsgerr e;

	if (nld_begin(m, NLMSG_ERROR, 0, req->nlmsg_seq) == NULL)
		return;
	memset(&e, 0, sizeof(e));
	e.error = error;
	e.msg = *req;
	memcpy((uint8_t *)m->nh + NLMSG_HDRLEN, &e, sizeof(e));
	m->nh->nlmsg_len = NLMSG_LENGTH(sizeof(e));
	nld_end(m);
}

static void
nld_dev(struct nld_msg *m, uint16_t flags, uint32_t seq, const char *root,
	const char *dev, uint32_t index)
{
	uint32_t nports = nld_nports(root, dev);
	uint8_t node_type = 1; /* RDMA_NODE_IB_CA: a channel adapter */
	char path[PATH_MAX], fw[64];

	if (nld_begin(m, RDMA_NL_GET_TYPE(RDMA_NL_NLDEV, RDMA_NLDEV_CMD_GET),
		      flags, seq) == NULL)
		return;
	nld_attr(m, RDMA_NLDEV_ATTR_DEV_INDEX, &index, sizeof(index));
	nld_attr(m, RDMA_NLDEV_ATTR_DEV_NAME, dev, strlen(dev) + 1);
	/* CMD_GET: the port index attribute carries the number of ports. */
	nld_attr(m, RDMA_NLDEV_ATTR_PORT_INDEX, &nports, sizeof(nports));
	snprintf(path, sizeof(path), "%s/class/infiniband/%s/fw_ver", root,
		 dev);
	if (nld_read(path, fw, sizeof(fw)) == 0)
		nld_attr(m, RDMA_NLDEV_ATTR_FW_VERSION, fw, strlen(fw) + 1);
	nld_attr(m, RDMA_NLDEV_ATTR_DEV_NODE_TYPE, &node_type,
		 sizeof(node_type));
	nld_end(m);
}

static void
nld_port(struct nld_msg *m, uint16_t flags, uint32_t seq, const char *root,
	 const char *dev, uint32_t index, uint32_t port)
{
	char ifname[IF_NAMESIZE + 1] = "";
	uint32_t ifindex = nld_netdev(root, dev, port, ifname, sizeof(ifname));
	uint8_t state = 4, phys = 5; /* ACTIVE, LinkUp: the model's ports */

	if (nld_begin(m,
		      RDMA_NL_GET_TYPE(RDMA_NL_NLDEV, RDMA_NLDEV_CMD_PORT_GET),
		      flags, seq) == NULL)
		return;
	nld_attr(m, RDMA_NLDEV_ATTR_DEV_INDEX, &index, sizeof(index));
	nld_attr(m, RDMA_NLDEV_ATTR_DEV_NAME, dev, strlen(dev) + 1);
	nld_attr(m, RDMA_NLDEV_ATTR_PORT_INDEX, &port, sizeof(port));
	nld_attr(m, RDMA_NLDEV_ATTR_PORT_STATE, &state, sizeof(state));
	nld_attr(m, RDMA_NLDEV_ATTR_PORT_PHYS_STATE, &phys, sizeof(phys));
	if (ifindex != 0) {
		nld_attr(m, RDMA_NLDEV_ATTR_NDEV_INDEX, &ifindex,
			 sizeof(ifindex));
		nld_attr(m, RDMA_NLDEV_ATTR_NDEV_NAME, ifname,
			 strlen(ifname) + 1);
	}
	nld_end(m);
}

/* A u32 attribute of a request, or fallback. */
static uint32_t
nld_req_u32(const struct nlmsghdr *nh, uint16_t type, uint32_t fallback)
{
	size_t off = NLMSG_HDRLEN;

	while (off + NLA_HDRLEN <= nh->nlmsg_len) {
		const struct nlattr *na =
			(const struct nlattr *)((const uint8_t *)nh + off);
		uint32_t v;

		if (na->nla_len < NLA_HDRLEN ||
		    off + na->nla_len > nh->nlmsg_len)
			break;
		if ((na->nla_type & NLA_TYPE_MASK) == type &&
		    na->nla_len >= NLA_HDRLEN + sizeof(v)) {
			memcpy(&v, (const uint8_t *)na + NLA_HDRLEN, sizeof(v));
			return v;
		}
		off += NLA_ALIGN(na->nla_len);
	}
	return fallback;
}

static void
nld_answer(int peer, const struct nlmsghdr *req)
{
	const char *root = getenv("MLX5X_EMU_SYSFS");
	uint16_t cmd = req->nlmsg_type & ((1 << 10) - 1);
	bool dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	uint32_t want_dev = nld_req_u32(req, RDMA_NLDEV_ATTR_DEV_INDEX, 0);
	uint32_t want_port = nld_req_u32(req, RDMA_NLDEV_ATTR_PORT_INDEX, 0);
	uint16_t flags = dump ? NLM_F_MULTI : 0;
	struct nld_msg *m = calloc(1, sizeof(*m));
	char path[PATH_MAX];
	struct dirent *d;
	bool found = false;
	DIR *dir;

	if (m == NULL)
		return;
	if ((req->nlmsg_type >> 10) != RDMA_NL_NLDEV ||
	    (cmd != RDMA_NLDEV_CMD_GET && cmd != RDMA_NLDEV_CMD_PORT_GET)) {
		nld_error(m, req, -EOPNOTSUPP);
		goto send;
	}
	snprintf(path, sizeof(path), "%s/class/infiniband",
		 root != NULL ? root : "/nonexistent");
	dir = opendir(path);
	while (dir != NULL && (d = readdir(dir)) != NULL) {
		unsigned int n;
		uint32_t index, p, nports;

		if (sscanf(d->d_name, "mlx5_%u", &n) != 1)
			continue;
		index = n + 1;
		if (!dump && index != want_dev)
			continue;
		if (cmd == RDMA_NLDEV_CMD_GET) {
			nld_dev(m, flags, req->nlmsg_seq, root, d->d_name,
				index);
			found = true;
			continue;
		}
		nports = nld_nports(root, d->d_name);
		for (p = 1; p <= nports; p++) {
			if (!dump && p != want_port)
				continue;
			nld_port(m, flags, req->nlmsg_seq, root, d->d_name,
				 index, p);
			found = true;
		}
	}
	if (dir != NULL)
		closedir(dir);
	if (dump) {
		int zero = 0;

		if (nld_begin(m, NLMSG_DONE, NLM_F_MULTI, req->nlmsg_seq) !=
		    NULL) {
			memcpy((uint8_t *)m->nh + NLMSG_HDRLEN, &zero,
			       sizeof(zero));
			m->nh->nlmsg_len = NLMSG_LENGTH(sizeof(zero));
			nld_end(m);
		}
	} else if (!found) {
		nld_error(m, req, -EINVAL); /* the kernel's unknown index */
	}
send:
	if (m->len != 0)
		(void)send(peer, m->buf, m->len, MSG_DONTWAIT);
	/* The acknowledgement comes as a datagram of its own. */
	if (!dump && (req->nlmsg_flags & NLM_F_ACK) && found) {
		m->len = 0;
		nld_error(m, req, 0);
		(void)send(peer, m->buf, m->len, MSG_DONTWAIT);
	}
	free(m);
}

static ssize_t
nld_request(int peer, const uint8_t *buf, size_t len)
{
	size_t off = 0;

	while (off + NLMSG_HDRLEN <= len) {
		const struct nlmsghdr *nh = (const void *)(buf + off);

		if (nh->nlmsg_len < NLMSG_HDRLEN || off + nh->nlmsg_len > len)
			break;
		nld_answer(peer, nh);
		off += NLMSG_ALIGN(nh->nlmsg_len);
	}
	return (ssize_t)len;
}

/* ---- the interposed calls ----------------------------------------------- */

int
socket(int domain, int type, int protocol)
{
	int sv[2], i;

	if (domain != AF_NETLINK || protocol != NETLINK_RDMA ||
	    getenv("MLX5X_EMU_SYSFS") == NULL)
		return real_socket(domain, type, protocol);
	if (socketpair(AF_UNIX, SOCK_DGRAM | (type & SOCK_CLOEXEC), 0, sv) != 0)
		return -1;
	pthread_mutex_lock(&nld_lock);
	for (i = 0; i < NLD_MAX_FDS; i++)
		if (nld_fds[i].peer <= 0) {
			nld_fds[i].fd = sv[0];
			nld_fds[i].peer = sv[1];
			break;
		}
	pthread_mutex_unlock(&nld_lock);
	if (i == NLD_MAX_FDS) {
		real_close(sv[0]);
		real_close(sv[1]);
		errno = EMFILE;
		return -1;
	}
	return sv[0];
}

int
close(int fd)
{
	int i;

	pthread_mutex_lock(&nld_lock);
	for (i = 0; i < NLD_MAX_FDS; i++)
		if (fd >= 0 && nld_fds[i].peer > 0 && nld_fds[i].fd == fd) {
			real_close(nld_fds[i].peer);
			nld_fds[i].peer = 0;
		}
	pthread_mutex_unlock(&nld_lock);
	return real_close(fd);
}

int
bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	if (nld_peer(fd) > 0)
		return 0; /* netlink port ids are not modelled */
	return real_bind(fd, addr, len);
}

int
setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	if (level == SOL_NETLINK && nld_peer(fd) > 0)
		return 0; /* extended acks, strict checking: nothing to do */
	return real_setsockopt(fd, level, name, val, len);
}

/* The socket's own netlink address: port id = the process id, as the
 * kernel assigns to a first socket bound with port id 0. */
int
getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	struct sockaddr_nl sa;

	if (nld_peer(fd) <= 0)
		return real_getsockname(fd, addr, len);
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	sa.nl_pid = (uint32_t)getpid();
	memcpy(addr, &sa, *len < sizeof(sa) ? *len : sizeof(sa));
	*len = sizeof(sa);
	return 0;
}

ssize_t
sendmsg(int fd, const struct msghdr *msg, int flags)
{
	int peer = nld_peer(fd);
	uint8_t buf[NLD_BUF];
	size_t len = 0, i;

	if (peer <= 0)
		return real_sendmsg(fd, msg, flags);
	for (i = 0; i < (size_t)msg->msg_iovlen; i++) {
		size_t n = msg->msg_iov[i].iov_len;

		if (len + n > sizeof(buf)) {
			errno = EMSGSIZE;
			return -1;
		}
		memcpy(buf + len, msg->msg_iov[i].iov_base, n);
		len += n;
	}
	return nld_request(peer, buf, len);
}

ssize_t
sendto(int fd, const void *buf, size_t len, int flags,
       const struct sockaddr *addr, socklen_t alen)
{
	int peer = nld_peer(fd);

	if (peer <= 0)
		return real_sendto(fd, buf, len, flags, addr, alen);
	return nld_request(peer, buf, len);
}

ssize_t
send(int fd, const void *buf, size_t len, int flags)
{
	return sendto(fd, buf, len, flags, NULL, 0);
}

/* Replies come from the kernel: netlink address, port id 0. */
static void
nld_kernel_addr(void *name, socklen_t *len)
{
	struct sockaddr_nl sa;

	if (name == NULL || len == NULL)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	memcpy(name, &sa, *len < sizeof(sa) ? *len : sizeof(sa));
	*len = sizeof(sa);
}

ssize_t
recvmsg(int fd, struct msghdr *msg, int flags)
{
	ssize_t n = real_recvmsg(fd, msg, flags);

	if (n >= 0 && msg->msg_name != NULL && nld_peer(fd) > 0)
		nld_kernel_addr(msg->msg_name, &msg->msg_namelen);
	return n;
}

ssize_t
recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *addr,
	 socklen_t *alen)
{
	ssize_t n = real_recvfrom(fd, buf, len, flags, addr, alen);

	if (n >= 0 && addr != NULL && nld_peer(fd) > 0)
		nld_kernel_addr(addr, alen);
	return n;
}
