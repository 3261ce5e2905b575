/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libibverbs entry points that need no adapter model, or only what the
 * model already answers: the exported ibv_query_port (applications built
 * against old headers call it directly), the enum-to-text and rate
 * helpers, fork support, the IOVA variants of memory registration, device
 * indexes, the sysfs helpers, GID/P_Key queries, the kernel ABI copy
 * helpers and the import calls (a process cannot share an emulated
 * context's objects: no command fd to import from).
 */
#include "mlx5x_emu_core.h"

#include <errno.h>
#include <fcntl.h>
#include <infiniband/sa.h>
#include <rdma/ib_user_sa.h>
#include <rdma/ib_user_verbs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#undef ibv_query_port
#undef ibv_reg_mr
#undef ibv_reg_mr_iova

#define EMU_DIM(a) (sizeof(a) / sizeof((a)[0]))

/* rdma-core's provider ABI (driver.h, not installed) and its kern ABI
 * helpers (marshall.h, not installed): prototypes as rdma-core documents
 * them, declared here so the definitions below are checked against them. */
enum emu_gid_type_sysfs { EMU_GID_TYPE_SYSFS_IB_ROCE_V1 };
typedef struct verbs_device *(*emu_driver_init_func)(const char *uverbs_path,
						     int abi_version);
int ibv_query_gid_type(struct ibv_context *context, uint8_t port_num,
		       unsigned int index, enum emu_gid_type_sysfs *type);
const char *ibv_get_sysfs_path(void);
int
ibv_read_sysfs_file(const char *dir, const char *file, char *buf, size_t size);
int ibv_dofork_range(void *base, size_t size);
int ibv_dontfork_range(void *base, size_t size);
void emu_compat_ibv_register_driver(const char *name,
				    emu_driver_init_func init_func);
void ibv_copy_qp_attr_from_kern(struct ibv_qp_attr *dst,
				struct ib_uverbs_qp_attr *src);
void ibv_copy_ah_attr_from_kern(struct ibv_ah_attr *dst,
				struct ib_uverbs_ah_attr *src);
void ibv_copy_path_rec_from_kern(struct ibv_sa_path_rec *dst,
				 struct ib_user_path_rec *src);
void ibv_copy_path_rec_to_kern(struct ib_user_path_rec *dst,
			       struct ibv_sa_path_rec *src);

/* Old binaries call the exported symbol with libibverbs 1.1's port
 * attribute layout, today's up to link_layer: fill only that much. */
int
ibv_query_port(struct ibv_context *context, uint8_t port_num,
	       struct _compat_ibv_port_attr *port_attr)
{
	struct verbs_context *v = verbs_get_ctx(context);
	struct ibv_port_attr a;
	int ret;

	ret = v->query_port(context, port_num, &a, sizeof(a));
	if (ret != 0)
		return ret;
	memcpy(port_attr, &a, offsetof(struct ibv_port_attr, flags));
	return 0;
}

const char *
ibv_node_type_str(enum ibv_node_type node_type)
{
	static const char *const names[] = {
		[IBV_NODE_CA] = "InfiniBand channel adapter",
		[IBV_NODE_SWITCH] = "InfiniBand switch",
		[IBV_NODE_ROUTER] = "InfiniBand router",
		[IBV_NODE_RNIC] = "iWARP NIC",
		[IBV_NODE_USNIC] = "usNIC",
		[IBV_NODE_USNIC_UDP] = "usNIC UDP",
		[IBV_NODE_UNSPECIFIED] = "unspecified",
	};

	if ((int)node_type < 0 || (size_t)node_type >= EMU_DIM(names) ||
	    names[node_type] == NULL)
		return "unknown";
	return names[node_type];
}

const char *
ibv_port_state_str(enum ibv_port_state port_state)
{
	static const char *const names[] = {
		[IBV_PORT_NOP] = "PORT_NOP",
		[IBV_PORT_DOWN] = "PORT_DOWN",
		[IBV_PORT_INIT] = "PORT_INIT",
		[IBV_PORT_ARMED] = "PORT_ARMED",
		[IBV_PORT_ACTIVE] = "PORT_ACTIVE",
		[IBV_PORT_ACTIVE_DEFER] = "PORT_ACTIVE_DEFER",
	};

	if ((size_t)port_state >= EMU_DIM(names))
		return "invalid state";
	return names[port_state];
}

const char *
ibv_event_type_str(enum ibv_event_type event)
{
	static const char *const names[] = {
		[IBV_EVENT_CQ_ERR] = "CQ error",
		[IBV_EVENT_QP_FATAL] = "local work queue catastrophic error",
		[IBV_EVENT_QP_REQ_ERR] =
			"invalid request local work queue error",
		[IBV_EVENT_QP_ACCESS_ERR] =
			"local access violation work queue error",
		[IBV_EVENT_COMM_EST] = "communication established",
		[IBV_EVENT_SQ_DRAINED] = "send queue drained",
		[IBV_EVENT_PATH_MIG] = "path migrated",
		[IBV_EVENT_PATH_MIG_ERR] = "path migration request error",
		[IBV_EVENT_DEVICE_FATAL] = "local catastrophic error",
		[IBV_EVENT_PORT_ACTIVE] = "port active",
		[IBV_EVENT_PORT_ERR] = "port error",
		[IBV_EVENT_LID_CHANGE] = "LID change",
		[IBV_EVENT_PKEY_CHANGE] = "P_Key change",
		[IBV_EVENT_SM_CHANGE] = "SM change",
		[IBV_EVENT_SRQ_ERR] = "SRQ catastrophic error",
		[IBV_EVENT_SRQ_LIMIT_REACHED] = "SRQ limit reached",
		[IBV_EVENT_QP_LAST_WQE_REACHED] = "last WQE reached",
		[IBV_EVENT_CLIENT_REREGISTER] = "client reregistration",
		[IBV_EVENT_GID_CHANGE] = "GID table change",
		[IBV_EVENT_WQ_FATAL] = "WQ fatal",
	};

	if ((size_t)event >= EMU_DIM(names) || names[event] == NULL)
		return "unknown";
	return names[event];
}

const char *
ibv_wc_status_str(enum ibv_wc_status status)
{
	static const char *const names[] = {
		[IBV_WC_SUCCESS] = "success",
		[IBV_WC_LOC_LEN_ERR] = "local length error",
		[IBV_WC_LOC_QP_OP_ERR] = "local QP operation error",
		[IBV_WC_LOC_EEC_OP_ERR] = "local EE context operation error",
		[IBV_WC_LOC_PROT_ERR] = "local protection error",
		[IBV_WC_WR_FLUSH_ERR] = "Work Request Flushed Error",
		[IBV_WC_MW_BIND_ERR] = "memory management operation error",
		[IBV_WC_BAD_RESP_ERR] = "bad response error",
		[IBV_WC_LOC_ACCESS_ERR] = "local access error",
		[IBV_WC_REM_INV_REQ_ERR] = "remote invalid request error",
		[IBV_WC_REM_ACCESS_ERR] = "remote access error",
		[IBV_WC_REM_OP_ERR] = "remote operation error",
		[IBV_WC_RETRY_EXC_ERR] = "transport retry counter exceeded",
		[IBV_WC_RNR_RETRY_EXC_ERR] = "RNR retry counter exceeded",
		[IBV_WC_LOC_RDD_VIOL_ERR] = "local RDD violation error",
		[IBV_WC_REM_INV_RD_REQ_ERR] = "remote invalid RD request",
		[IBV_WC_REM_ABORT_ERR] = "aborted error",
		[IBV_WC_INV_EECN_ERR] = "invalid EE context number",
		[IBV_WC_INV_EEC_STATE_ERR] = "invalid EE context state",
		[IBV_WC_FATAL_ERR] = "fatal error",
		[IBV_WC_RESP_TIMEOUT_ERR] = "response timeout error",
		[IBV_WC_GENERAL_ERR] = "general error",
		[IBV_WC_TM_ERR] = "TM error",
		[IBV_WC_TM_RNDV_INCOMPLETE] = "TM software rendezvous",
	};

	if ((size_t)status >= EMU_DIM(names) || names[status] == NULL)
		return "unknown";
	return names[status];
}

/* ---- static rates: multiples of 2.5 Gb/s and the exact lane rates ------ */

struct emu_rate {
	enum ibv_rate rate;
	int mult;
	int mbps;
};

/* 14/56/112/168 are FDR (14.0625 Gb/s lanes), 25/100/200/300 EDR/HDR with
 * 64b/66b (25.78125), 28/50/400/600 PAM4 rates; mult is the rate in 2.5
 * Gb/s units rounded as the IBTA tables do. */
static const struct emu_rate emu_rates[] = {
	{ IBV_RATE_2_5_GBPS, 1, 2500 },
	{ IBV_RATE_5_GBPS, 2, 5000 },
	{ IBV_RATE_10_GBPS, 4, 10000 },
	{ IBV_RATE_20_GBPS, 8, 20000 },
	{ IBV_RATE_30_GBPS, 12, 30000 },
	{ IBV_RATE_40_GBPS, 16, 40000 },
	{ IBV_RATE_60_GBPS, 24, 60000 },
	{ IBV_RATE_80_GBPS, 32, 80000 },
	{ IBV_RATE_120_GBPS, 48, 120000 },
	{ IBV_RATE_14_GBPS, 5, 14062 },
	{ IBV_RATE_56_GBPS, 22, 56250 },
	{ IBV_RATE_112_GBPS, 45, 112500 },
	{ IBV_RATE_168_GBPS, 67, 168750 },
	{ IBV_RATE_25_GBPS, 10, 25781 },
	{ IBV_RATE_100_GBPS, 40, 103125 },
	{ IBV_RATE_200_GBPS, 80, 206250 },
	{ IBV_RATE_300_GBPS, 120, 309375 },
	{ IBV_RATE_28_GBPS, 11, 28125 },
	{ IBV_RATE_50_GBPS, 20, 53125 },
	{ IBV_RATE_400_GBPS, 160, 425000 },
	{ IBV_RATE_600_GBPS, 240, 637500 },
	{ IBV_RATE_800_GBPS, 320, 850000 },
	{ IBV_RATE_1200_GBPS, 480, 1275000 },
};

int
ibv_rate_to_mult(enum ibv_rate rate)
{
	size_t i;

	for (i = 0; i < EMU_DIM(emu_rates); i++)
		if (emu_rates[i].rate == rate)
			return emu_rates[i].mult;
	return -1;
}

enum ibv_rate
mult_to_ibv_rate(int mult)
{
	size_t i;

	for (i = 0; i < EMU_DIM(emu_rates); i++)
		if (emu_rates[i].mult == mult)
			return emu_rates[i].rate;
	return IBV_RATE_MAX;
}

int
ibv_rate_to_mbps(enum ibv_rate rate)
{
	size_t i;

	for (i = 0; i < EMU_DIM(emu_rates); i++)
		if (emu_rates[i].rate == rate)
			return emu_rates[i].mbps;
	return -1;
}

enum ibv_rate
mbps_to_ibv_rate(int mbps)
{
	size_t i;

	for (i = 0; i < EMU_DIM(emu_rates); i++)
		if (emu_rates[i].mbps == mbps)
			return emu_rates[i].rate;
	return IBV_RATE_MAX;
}

/* ---- fork ---------------------------------------------------------------- */

/* The adapter is a thread of this process reading its memory: a forked
 * child's copy-on-write pages never confuse it, as with a kernel that has
 * the fork-safe pinning rdma-core probes for. */
enum ibv_fork_status
ibv_is_fork_initialized(void)
{
	return IBV_FORK_UNNEEDED;
}

int
ibv_dontfork_range(void *base, size_t size)
{
	(void)base;
	(void)size;
	return 0;
}

int
ibv_dofork_range(void *base, size_t size)
{
	(void)base;
	(void)size;
	return 0;
}

/* ---- memory registration ------------------------------------------------- */

/* The model translates lkey + virtual address; an IOVA other than the
 * address itself would need an MTT it does not have. */
struct ibv_mr *
ibv_reg_mr_iova2(struct ibv_pd *pd, void *addr, size_t length, uint64_t iova,
		 unsigned int access)
{
	if (iova != (uintptr_t)addr) {
		errno = EOPNOTSUPP;
		return NULL;
	}
	return ibv_reg_mr(pd, addr, length, (int)access);
}

struct ibv_mr *
ibv_reg_mr_iova(struct ibv_pd *pd, void *addr, size_t length, uint64_t iova,
		int access)
{
	return ibv_reg_mr_iova2(pd, addr, length, iova, (unsigned int)access);
}

/* ---- devices and sysfs --------------------------------------------------- */

/* The kernel's device index; mlx5_<n> is index n + 1 here (0 is never a
 * valid index). */
int
ibv_get_device_index(struct ibv_device *device)
{
	unsigned int n;

	if (sscanf(device->name, "mlx5_%u", &n) != 1)
		return -1;
	return (int)n + 1;
}

const char *
ibv_get_sysfs_path(void)
{
	const char *root;

	/* The tree the emulated devices live in (written on first use). */
	emu_lock();
	emu_world_ensure_locked();
	emu_unlock();
	root = mlx5x_emu_sysfs_root();
	return root != NULL && root[0] != '\0' ? root : "/sys";
}

/* rdma-core: the file's content without the trailing newline, the length
 * read, -1 with errno on failure. */
int
ibv_read_sysfs_file(const char *dir, const char *file, char *buf, size_t size)
{
	char path[PATH_MAX];
	ssize_t len;
	int fd;

	if (size == 0 || snprintf(path, sizeof(path), "%s/%s", dir, file) >=
				 (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	len = read(fd, buf, size);
	close(fd);
	if (len < 0)
		return -1;
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	else if ((size_t)len < size)
		buf[len] = '\0';
	else
		buf[size - 1] = '\0';
	return (int)len;
}

/* Every GID of an Ethernet port is RoCE v1 in this model. */
int
ibv_query_gid_type(struct ibv_context *context, uint8_t port_num,
		   unsigned int index, enum emu_gid_type_sysfs *type)
{
	union ibv_gid gid;

	if (ibv_query_gid(context, port_num, (int)index, &gid) != 0) {
		errno = EINVAL;
		return -1;
	}
	*type = EMU_GID_TYPE_SYSFS_IB_ROCE_V1;
	return 0;
}

/* ---- GIDs and P_Keys ----------------------------------------------------- */

static int
emu_gid_entry(struct ibv_context *context, uint32_t port_num,
	      uint32_t gid_index, struct ibv_gid_entry *entry)
{
	union ibv_gid gid;
	int ret;

	ret = ibv_query_gid(context, (uint8_t)port_num, (int)gid_index, &gid);
	if (ret != 0)
		return ret;
	memset(entry, 0, sizeof(*entry));
	entry->gid = gid;
	entry->gid_index = gid_index;
	entry->port_num = port_num;
	entry->gid_type = IBV_GID_TYPE_ROCE_V1;
	entry->ndev_ifindex = 0;
	return 0;
}

int
_ibv_query_gid_ex(struct ibv_context *context, uint32_t port_num,
		  uint32_t gid_index, struct ibv_gid_entry *entry,
		  uint32_t flags, size_t entry_size)
{
	union ibv_gid zero;
	int ret;

	if (flags != 0 || entry_size < sizeof(*entry))
		return EINVAL;
	ret = emu_gid_entry(context, port_num, gid_index, entry);
	if (ret != 0)
		return ret;
	/* rdma-core: an empty table entry is ENODATA. */
	memset(&zero, 0, sizeof(zero));
	return memcmp(&entry->gid, &zero, sizeof(zero)) == 0 ? ENODATA : 0;
}

ssize_t
_ibv_query_gid_table(struct ibv_context *context, struct ibv_gid_entry *entries,
		     size_t max_entries, uint32_t flags, size_t entry_size)
{
	struct ibv_device_attr dev;
	size_t n = 0;
	uint8_t port;

	if (flags != 0 || entry_size < sizeof(*entries))
		return -EINVAL;
	if (ibv_query_device(context, &dev) != 0)
		return -EIO;
	/* The model fills index 0 of each port; the rest are empty. */
	for (port = 1; port <= dev.phys_port_cnt; port++) {
		if (n == max_entries)
			return -EINVAL;
		if (emu_gid_entry(context, port, 0,
				  (struct ibv_gid_entry *)((char *)entries +
							   n * entry_size)) !=
		    0)
			return -EIO;
		n++;
	}
	return (ssize_t)n;
}

/* Ethernet ports have one P_Key, the default full-membership 0xffff. */
int
ibv_query_pkey(struct ibv_context *context, uint8_t port_num, int index,
	       __be16 *pkey)
{
	struct ibv_device_attr dev;

	if (ibv_query_device(context, &dev) != 0 || port_num < 1 ||
	    port_num > dev.phys_port_cnt || index != 0)
		return EINVAL;
	*pkey = htobe16(0xffff);
	return 0;
}

int
ibv_get_pkey_index(struct ibv_context *context, uint8_t port_num, __be16 pkey)
{
	__be16 p;

	if (ibv_query_pkey(context, port_num, 0, &p) != 0) {
		errno = EINVAL;
		return -1;
	}
	/* Membership bit aside, P_Keys compare on their low 15 bits. */
	if ((be16toh(p) & 0x7fff) != (be16toh(pkey) & 0x7fff)) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}

/* ---- import (objects of another process's context) ---------------------- */

void
ibv_unimport_pd(struct ibv_pd *pd)
{
	/* ibv_import_pd never succeeds: nothing was imported. */
	(void)pd;
}

void
ibv_unimport_mr(struct ibv_mr *mr)
{
	(void)mr;
}

void
ibv_unimport_dm(struct ibv_dm *dm)
{
	(void)dm;
}

/* ---- provider registration (IBVERBS_1.1, hidden) ------------------------- */

/* Providers built for libibverbs 1.1 register themselves when loaded; the
 * emulator loads none and has its own device list. */
__attribute__((symver("ibv_register_driver@IBVERBS_1.1"))) void
emu_compat_ibv_register_driver(const char *name, emu_driver_init_func init_func)
{
	(void)name;
	(void)init_func;
}

/* ---- kernel ABI helpers (pure copies between the two layouts) ----------- */

void
ibv_copy_ah_attr_from_kern(struct ibv_ah_attr *dst,
			   struct ib_uverbs_ah_attr *src)
{
	memcpy(dst->grh.dgid.raw, src->grh.dgid, sizeof(dst->grh.dgid));
	dst->grh.flow_label = src->grh.flow_label;
	dst->grh.sgid_index = src->grh.sgid_index;
	dst->grh.hop_limit = src->grh.hop_limit;
	dst->grh.traffic_class = src->grh.traffic_class;
	dst->dlid = src->dlid;
	dst->sl = src->sl;
	dst->src_path_bits = src->src_path_bits;
	dst->static_rate = src->static_rate;
	dst->is_global = src->is_global;
	dst->port_num = src->port_num;
}

void
ibv_copy_qp_attr_from_kern(struct ibv_qp_attr *dst,
			   struct ib_uverbs_qp_attr *src)
{
	dst->cur_qp_state = src->cur_qp_state;
	dst->path_mtu = src->path_mtu;
	dst->path_mig_state = src->path_mig_state;
	dst->qkey = src->qkey;
	dst->rq_psn = src->rq_psn;
	dst->sq_psn = src->sq_psn;
	dst->dest_qp_num = src->dest_qp_num;
	dst->qp_access_flags = src->qp_access_flags;
	dst->cap.max_send_wr = src->max_send_wr;
	dst->cap.max_recv_wr = src->max_recv_wr;
	dst->cap.max_send_sge = src->max_send_sge;
	dst->cap.max_recv_sge = src->max_recv_sge;
	dst->cap.max_inline_data = src->max_inline_data;
	ibv_copy_ah_attr_from_kern(&dst->ah_attr, &src->ah_attr);
	ibv_copy_ah_attr_from_kern(&dst->alt_ah_attr, &src->alt_ah_attr);
	dst->pkey_index = src->pkey_index;
	dst->alt_pkey_index = src->alt_pkey_index;
	dst->en_sqd_async_notify = src->en_sqd_async_notify;
	dst->sq_draining = src->sq_draining;
	dst->max_rd_atomic = src->max_rd_atomic;
	dst->max_dest_rd_atomic = src->max_dest_rd_atomic;
	dst->min_rnr_timer = src->min_rnr_timer;
	dst->port_num = src->port_num;
	dst->timeout = src->timeout;
	dst->retry_cnt = src->retry_cnt;
	dst->rnr_retry = src->rnr_retry;
	dst->alt_port_num = src->alt_port_num;
	dst->alt_timeout = src->alt_timeout;
}

void
ibv_copy_path_rec_from_kern(struct ibv_sa_path_rec *dst,
			    struct ib_user_path_rec *src)
{
	memcpy(dst->dgid.raw, src->dgid, sizeof(dst->dgid));
	memcpy(dst->sgid.raw, src->sgid, sizeof(dst->sgid));
	dst->dlid = src->dlid;
	dst->slid = src->slid;
	dst->raw_traffic = (int)src->raw_traffic;
	dst->flow_label = src->flow_label;
	dst->hop_limit = src->hop_limit;
	dst->traffic_class = src->traffic_class;
	dst->reversible = (int)src->reversible;
	dst->numb_path = src->numb_path;
	dst->pkey = src->pkey;
	dst->sl = src->sl;
	dst->mtu_selector = src->mtu_selector;
	dst->mtu = (uint8_t)src->mtu;
	dst->rate_selector = src->rate_selector;
	dst->rate = src->rate;
	dst->packet_life_time_selector = src->packet_life_time_selector;
	dst->packet_life_time = src->packet_life_time;
	dst->preference = src->preference;
}

void
ibv_copy_path_rec_to_kern(struct ib_user_path_rec *dst,
			  struct ibv_sa_path_rec *src)
{
	memcpy(dst->dgid, src->dgid.raw, sizeof(dst->dgid));
	memcpy(dst->sgid, src->sgid.raw, sizeof(dst->sgid));
	dst->dlid = src->dlid;
	dst->slid = src->slid;
	dst->raw_traffic = (uint32_t)src->raw_traffic;
	dst->flow_label = src->flow_label;
	dst->hop_limit = src->hop_limit;
	dst->traffic_class = src->traffic_class;
	dst->reversible = (uint32_t)src->reversible;
	dst->numb_path = src->numb_path;
	dst->pkey = src->pkey;
	dst->sl = src->sl;
	dst->mtu_selector = src->mtu_selector;
	dst->mtu = src->mtu;
	dst->rate_selector = src->rate_selector;
	dst->rate = src->rate;
	dst->packet_life_time_selector = src->packet_life_time_selector;
	dst->packet_life_time = src->packet_life_time;
	dst->preference = src->preference;
}
