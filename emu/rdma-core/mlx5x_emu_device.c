/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libibverbs device entry points: the device list, open/close, device and
 * port queries, and the verbs_context ops that <infiniband/verbs.h>
 * implements inline, filled as an rdma-core provider would.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_ends.h"
#include "mlx5x_emu_verbs.h"
#include "mlx5x_emu_abi.h"
#include "mlx5x_emu_q_counter.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

/* mlx5_ib's RoCE GID table size. */
#define EMU_GID_TBL_LEN 256

/* The adapter of an IB device and the function it is (0 the PF, k + 1 VF
 * k's own IB device). */
static struct emu_adapter *
emu_device_fn(struct ibv_device *dev, uint16_t *fn)
{
	unsigned int i, k;

	for (i = 0; i < emu_world.nadapters; i++) {
		struct emu_adapter *ad = emu_world.ad[i];

		if (&ad->ibdev == dev) {
			if (fn != NULL)
				*fn = 0;
			return ad;
		}
		for (k = 0; k < ad->cfg.nvfs; k++)
			if (&ad->vf_ibdev[k] == dev) {
				if (fn != NULL)
					*fn = k + 1;
				return ad;
			}
	}
	return NULL;
}

static struct emu_adapter *
emu_device_adapter(struct ibv_device *dev)
{
	return emu_device_fn(dev, NULL);
}

/* IB ports of a context's device: a VF function has one. */
static unsigned int
emu_ctx_nports(const struct emu_ctx *ctx)
{
	return ctx->fn != 0 ? 1 : ctx->ad->nports;
}

struct ibv_device **
ibv_get_device_list(int *num_devices)
{
	struct ibv_device **list;
	unsigned int i, k, n;

	emu_lock();
	emu_world_ensure_locked();
	n = emu_world.nadapters;
	for (i = 0; i < emu_world.nadapters; i++)
		n += emu_world.ad[i]->cfg.nvfs;
	list = calloc(n + 1, sizeof(*list));
	if (list == NULL) {
		emu_unlock();
		errno = ENOMEM;
		return NULL;
	}
	/* PFs first, then each adapter's VF functions. */
	n = 0;
	for (i = 0; i < emu_world.nadapters; i++)
		list[n++] = &emu_world.ad[i]->ibdev;
	for (i = 0; i < emu_world.nadapters; i++)
		for (k = 0; k < emu_world.ad[i]->cfg.nvfs; k++)
			list[n++] = &emu_world.ad[i]->vf_ibdev[k];
	emu_unlock();
	if (num_devices != NULL)
		*num_devices = n;
	return list;
}

void
ibv_free_device_list(struct ibv_device **list)
{
	free(list);
}

const char *
ibv_get_device_name(struct ibv_device *device)
{
	return device->name;
}

__be64
ibv_get_device_guid(struct ibv_device *device)
{
	struct emu_adapter *ad;
	uint64_t guid = 0;
	uint16_t fn = 0;

	emu_lock();
	ad = emu_device_fn(device, &fn);
	if (ad != NULL)
		guid = 0x0215b3fffe000000ull | (uint64_t)fn << 8 | ad->index;
	emu_unlock();
	return htobe64(guid);
}

/* ---- context ops -------------------------------------------------------- */

static int
emu_query_device_ex(struct ibv_context *context,
		    const struct ibv_query_device_ex_input *input,
		    struct ibv_device_attr_ex *attr, size_t attr_size)
{
	struct emu_ctx *ctx = emu_ctx_of(context);
	struct emu_adapter *ad = ctx->ad;
	const struct emu_model *m = ad->cfg.model;
	struct ibv_device_attr *a = &attr->orig_attr;

	(void)input;
	if (attr_size < sizeof(*a))
		return EINVAL;
	memset(attr, 0, attr_size < sizeof(*attr) ? attr_size : sizeof(*attr));
	snprintf(a->fw_ver, sizeof(a->fw_ver), "%s", m->fw_ver);
	a->node_guid = ibv_get_device_guid(context->device);
	a->sys_image_guid = a->node_guid;
	a->max_mr_size = UINT64_MAX;
	a->page_size_cap = 0xfffff000;
	a->vendor_id = 0x02c9; /* Mellanox OUI */
	a->vendor_part_id = ctx->fn != 0 ? m->vf_device_id : m->pf_device_id;
	a->hw_ver = 0;
	a->max_qp = 1 << 17;
	a->max_qp_wr = 1 << 15;
	a->device_cap_flags =
		IBV_DEVICE_RAW_IP_CSUM | IBV_DEVICE_MANAGED_FLOW_STEERING;
	a->max_sge = 30;
	a->max_cq = 1 << 16;
	a->max_cqe = (1 << m->log_max_cq_sz) - 1;
	a->max_mr = 1 << 16;
	a->max_pd = 1 << 16;
	a->phys_port_cnt = emu_ctx_nports(ctx);
	if (attr_size < sizeof(*attr))
		return 0;
	/* The extended flags include the 32 classic ones (the kernel reports
	 * one 64-bit set): RAW_IP_CSUM is what applications test there. */
	attr->device_cap_flags_ex =
		a->device_cap_flags | IBV_DEVICE_RAW_SCATTER_FCS;
	attr->tso_caps.max_tso = 1u << m->max_lso_cap;
	attr->tso_caps.supported_qpts = 1 << IBV_QPT_RAW_PACKET;
	attr->rss_caps.supported_qpts = 1 << IBV_QPT_RAW_PACKET;
	attr->rss_caps.max_rwq_indirection_tables = 1 << 16;
	attr->rss_caps.max_rwq_indirection_table_size = 1
							<< m->log_max_rqt_size;
	attr->rss_caps.rx_hash_function = IBV_RX_HASH_FUNC_TOEPLITZ;
	attr->rss_caps.rx_hash_fields_mask =
		IBV_RX_HASH_SRC_IPV4 | IBV_RX_HASH_DST_IPV4 |
		IBV_RX_HASH_SRC_IPV6 | IBV_RX_HASH_DST_IPV6 |
		IBV_RX_HASH_SRC_PORT_TCP | IBV_RX_HASH_DST_PORT_TCP |
		IBV_RX_HASH_SRC_PORT_UDP | IBV_RX_HASH_DST_PORT_UDP;
	attr->max_wq_type_rq = 1 << 16;
	/* mlx5_ib reports IP_CSUM with IBV_DEVICE_RAW_IP_CSUM when the
	 * Ethernet offload caps have csum_cap, as every ConnectX does. */
	attr->raw_packet_caps = IBV_RAW_PACKET_CAP_CVLAN_STRIPPING |
				IBV_RAW_PACKET_CAP_SCATTER_FCS |
				IBV_RAW_PACKET_CAP_IP_CSUM;
	attr->phys_port_cnt_ex = emu_ctx_nports(ctx);
	/* mlx5_ib: the 63-bit CQE timestamp and device_frequency_khz. */
	attr->completion_timestamp_mask = 0x7fffffffffffffffull;
	attr->hca_core_clock = EMU_DEVICE_FREQUENCY_KHZ;
	return 0;
}

static int
emu_query_port(struct ibv_context *context, uint8_t port_num,
	       struct ibv_port_attr *attr, size_t attr_size)
{
	struct ibv_port_attr a;

	if (port_num < 1 || port_num > emu_ctx_nports(emu_ctx_of(context)))
		return EINVAL;
	memset(&a, 0, sizeof(a));
	a.state = IBV_PORT_ACTIVE;
	a.max_mtu = IBV_MTU_4096;
	a.active_mtu = IBV_MTU_1024;
	a.gid_tbl_len = EMU_GID_TBL_LEN;
	a.max_msg_sz = 1 << 30;
	a.pkey_tbl_len = 1;
	/* 4x EDR (25 Gb/s lanes) unless a test set another rate. */
	emu_hook_port_speed(emu_ctx_of(context)->ad, &a.active_width,
			    &a.active_speed);
	a.phys_state = 5; /* LinkUp */
	a.link_layer = IBV_LINK_LAYER_ETHERNET;
	memcpy(attr, &a, attr_size < sizeof(a) ? attr_size : sizeof(a));
	return 0;
}

/* Thread domains only serialise software access; nothing to model. */
static struct ibv_td *
emu_alloc_td(struct ibv_context *context, struct ibv_td_init_attr *attr)
{
	struct ibv_td *td;

	(void)attr;
	td = calloc(1, sizeof(*td));
	if (td == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	td->context = context;
	return td;
}

static int
emu_dealloc_td(struct ibv_td *td)
{
	free(td);
	return 0;
}

static int
emu_compat_query_port(struct ibv_context *context, uint8_t port_num,
		      struct _compat_ibv_port_attr *attr)
{
	return emu_query_port(context, port_num, (struct ibv_port_attr *)attr,
			      sizeof(struct ibv_port_attr));
}

static struct ibv_context *
emu_open(struct ibv_device *device)
{
	struct emu_adapter *ad;
	struct emu_ctx *ctx;
	struct verbs_context *v;
	uint16_t fn = 0;

	emu_lock();
	ad = emu_device_fn(device, &fn);
	if (ad == NULL) {
		emu_unlock();
		errno = ENODEV;
		return NULL;
	}
	ctx = calloc(1, sizeof(*ctx));
	if (ctx == NULL) {
		emu_unlock();
		errno = ENOMEM;
		return NULL;
	}
	ctx->ad = ad;
	ctx->fn = fn;
	if (fn != 0)
		ad->vf_nctx[fn - 1]++;
	v = &ctx->vctx;
	v->context.device = device;
	v->context.cmd_fd = -1;
	/* The async event fd: an eventfd nothing writes to yet (the model
	 * raises no asynchronous events), so applications can poll it as on
	 * hardware; ibv_get_async_event answers EAGAIN. */
	v->context.async_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (v->context.async_fd < 0) {
		int err = errno;

		if (fn != 0)
			ad->vf_nctx[fn - 1]--;
		free(ctx);
		emu_unlock();
		errno = err;
		return NULL;
	}
	v->context.num_comp_vectors = 1;
	pthread_mutex_init(&v->context.mutex, NULL);
	/* verbs_get_ctx() requires both: the extended ABI marker and a size
	 * covering every op the inline helpers look at. */
	v->context.abi_compat = __VERBS_ABI_IS_EXTENDED;
	v->sz = sizeof(*v);
	v->query_device_ex = emu_query_device_ex;
	v->query_port = emu_query_port;
	v->create_wq = emu_verbs_wq_create;
	v->modify_wq = emu_verbs_wq_modify;
	v->destroy_wq = emu_verbs_wq_destroy;
	v->create_rwq_ind_table = emu_verbs_ind_table_create;
	v->destroy_rwq_ind_table = emu_verbs_ind_table_destroy;
	v->create_qp_ex = emu_verbs_qp_create;
	emu_verbs_flow_ops(v);
	v->alloc_td = emu_alloc_td;
	v->dealloc_td = emu_dealloc_td;
	v->context.ops._compat_query_port = emu_compat_query_port;
	v->context.ops.poll_cq = emu_verbs_poll_cq;
	ctx->next = emu_world.contexts;
	emu_world.contexts = ctx;
	/* A TAP end delivers frames whenever the host sends them. */
	if (emu_tap_any(ad))
		emu_engine_start_locked();
	emu_world.ncontexts++;
	emu_unlock();
	return &v->context;
}

struct ibv_context *
ibv_open_device(struct ibv_device *device)
{
	return emu_open(device);
}

struct ibv_context *
mlx5dv_open_device(struct ibv_device *device, struct mlx5dv_context_attr *attr)
{
	struct emu_adapter *ad;

	/* rdma-core: a kernel without DevX refuses the DEVX flag. */
	if (attr != NULL && (attr->flags & MLX5DV_CONTEXT_FLAGS_DEVX)) {
		emu_lock();
		ad = emu_device_adapter(device);
		emu_unlock();
		if (ad != NULL && !ad->cfg.devx) {
			errno = EOPNOTSUPP;
			return NULL;
		}
	}
	return emu_open(device);
}

bool
mlx5dv_is_supported(struct ibv_device *device)
{
	bool ok;

	emu_lock();
	ok = emu_device_adapter(device) != NULL;
	emu_unlock();
	return ok;
}

/* Destroy what a closing context left behind, as the kernel does when a
 * process exits: queues stop, their numbers return to the pool. */
static void
emu_ctx_cleanup_locked(struct emu_ctx *ctx)
{
	struct emu_adapter *ad = ctx->ad;
	uint32_t i;

	for (i = 0; i < ad->sqs.cap; i++) {
		struct emu_sq *sq = ad->sqs.slot[i];

		if (sq != NULL && sq->ctx == ctx) {
			emu_census_reclaim(ad, 1);
			emu_sq_free(ad, sq);
			ad->sqs.slot[i] = NULL;
		}
	}
	for (i = 0; i < ad->rqs.cap; i++) {
		struct emu_rq *rq = ad->rqs.slot[i];

		if (rq != NULL && rq->ctx == ctx) {
			if (rq->cq != NULL)
				rq->cq->users--;
			emu_rq_unlink(ad, rq);
			emu_census_reclaim(ad, 1);
			free(rq);
			ad->rqs.slot[i] = NULL;
		}
	}
	for (i = 0; i < ad->cqs.cap; i++) {
		struct emu_cq *cq = ad->cqs.slot[i];

		if (cq != NULL && cq->ctx == ctx) {
			emu_census_reclaim(ad, 1);
			free(cq->own_buf);
			free(cq->own_dbrec);
			free(cq);
			ad->cqs.slot[i] = NULL;
		}
	}
	if (ctx->verbs_tdn != 0)
		emu_objtab_del(&ad->tds, ctx->verbs_tdn);
	for (i = 0; i < ad->umems.cap; i++) {
		struct emu_umem *u = ad->umems.slot[i];

		if (u != NULL && u->ctx == ctx) {
			emu_census_reclaim(ad, 1);
			free(u);
			ad->umems.slot[i] = NULL;
		}
	}
	for (i = 0; i < ad->uars.cap; i++) {
		struct emu_uar *u = ad->uars.slot[i];

		if (u != NULL && u->ctx == ctx) {
			/* The Verbs CQ doorbell page is the context's own. */
			if (&u->dv != ctx->cq_uar)
				emu_census_reclaim(ad, 1);
			free(u->page);
			free(u);
			ad->uars.slot[i] = NULL;
		}
	}
}

int
ibv_close_device(struct ibv_context *context)
{
	struct emu_ctx *ctx = emu_ctx_of(context), **pp;
	bool last;

	emu_lock();
	for (pp = &emu_world.contexts; *pp != NULL; pp = &(*pp)->next)
		if (*pp == ctx) {
			*pp = ctx->next;
			break;
		}
	/* What the context held goes without commands: the fused Rx path
	 * must not keep pointing at it. */
	emu_rx_changed(ctx->ad);
	emu_ctx_cleanup_locked(ctx);
	emu_q_counter_ctx_close(ctx);
	/* The last context on a VF function gives vport k + 1 back to the
	 * VF end; its NIC tables go with the context, as the kernel's. */
	if (ctx->fn != 0 && --ctx->ad->vf_nctx[ctx->fn - 1] == 0)
		memset(ctx->ad->vf_root[ctx->fn - 1], 0,
		       sizeof(ctx->ad->vf_root[0]));
	emu_world.ncontexts--;
	last = emu_world.ncontexts == 0;
	emu_unlock();
	if (last)
		emu_engine_stop_idle();
	pthread_mutex_destroy(&context->mutex);
	close(context->async_fd);
	free(ctx);
	return 0;
}

int
ibv_query_device(struct ibv_context *context, struct ibv_device_attr *attr)
{
	return emu_query_device_ex(context, NULL,
				   (struct ibv_device_attr_ex *)attr,
				   sizeof(*attr));
}

int
ibv_query_gid(struct ibv_context *context, uint8_t port_num, int index,
	      union ibv_gid *gid)
{
	struct emu_ctx *ctx = emu_ctx_of(context);
	struct emu_vport *vp;
	uint8_t mac[6];

	if (ctx->fn != 0)
		vp = port_num == 1 ? &ctx->ad->vf[ctx->fn - 1] : NULL;
	else
		vp = emu_adapter_port_vport(ctx->ad, port_num);
	if (vp == NULL || index < 0 || index >= EMU_GID_TBL_LEN)
		return EINVAL;
	/* Index 0: the RoCE v1 GID from the MAC (EUI-64 link-local); the
	 * other entries of the table are empty (all zero), as a port without
	 * IP addresses reports them. */
	memset(gid, 0, sizeof(*gid));
	if (index != 0)
		return 0;
	/* The GID follows the port's netdev; a representor's MAC is its own,
	 * not its VF's (mlx5x_emu_sysfs.c names it). */
	memcpy(mac, vp->mac, sizeof(mac));
	if (ctx->fn == 0 && ctx->ad->cfg.esw == EMU_ESW_SWITCHDEV &&
	    port_num > 1)
		mac[4] = 0x80;
	gid->raw[0] = 0xfe;
	gid->raw[1] = 0x80;
	gid->raw[8] = mac[0] ^ 2;
	gid->raw[9] = mac[1];
	gid->raw[10] = mac[2];
	gid->raw[11] = 0xff;
	gid->raw[12] = 0xfe;
	gid->raw[13] = mac[3];
	gid->raw[14] = mac[4];
	gid->raw[15] = mac[5];
	return 0;
}

int
ibv_fork_init(void)
{
	return 0;
}

/* ---- mlx5dv device queries ---------------------------------------------- */

int
mlx5dv_query_device(struct ibv_context *context, struct mlx5dv_context *attrs)
{
	struct emu_adapter *ad = emu_ctx_of(context)->ad;
	const struct emu_model *m = ad->cfg.model;
	uint64_t want = attrs->comp_mask;

	memset(attrs, 0, sizeof(*attrs));
	attrs->version = 0;
	attrs->flags = MLX5DV_CONTEXT_FLAGS_CQE_V1;
	/* mlx5_ib: MPW_ALLOWED iff the Ethernet cap multi_pkt_send_wqe is
	 * non-zero (mlx5x_emu_hca_cap.c reports it with either kind). */
	if (m->mpw || m->enhanced_mpw)
		attrs->flags |= MLX5DV_CONTEXT_FLAGS_MPW_ALLOWED;
	if (m->enhanced_mpw)
		attrs->flags |= MLX5DV_CONTEXT_FLAGS_ENHANCED_MPW;
	if (m->cqe_compression && (want & MLX5DV_CONTEXT_MASK_CQE_COMPRESION)) {
		attrs->comp_mask |= MLX5DV_CONTEXT_MASK_CQE_COMPRESION;
		attrs->cqe_comp_caps.max_num = 64;
		attrs->cqe_comp_caps.supported_format =
			MLX5DV_CQE_RES_FORMAT_HASH |
			MLX5DV_CQE_RES_FORMAT_CSUM |
			(m->striding_rq ? MLX5DV_CQE_RES_FORMAT_CSUM_STRIDX
					: 0);
	}
	/* libmlx5 answers the striding RQ mask whenever asked, with what
	 * mlx5_ib put in its query_device response: the PRM wq fields' ranges
	 * (64 << 0..7 bytes; 512 << 0..7 strides, or from 8 with
	 * ext_stride_num_range) when the general cap striding_rq is set,
	 * zeros when it is not. */
	if (want & MLX5DV_CONTEXT_MASK_STRIDING_RQ) {
		attrs->comp_mask |= MLX5DV_CONTEXT_MASK_STRIDING_RQ;
		memset(&attrs->striding_rq_caps, 0,
		       sizeof(attrs->striding_rq_caps));
	}
	if (m->striding_rq && (want & MLX5DV_CONTEXT_MASK_STRIDING_RQ)) {
		attrs->striding_rq_caps.min_single_stride_log_num_of_bytes =
			EMU_STRD_LOG_SZ_MIN;
		attrs->striding_rq_caps.max_single_stride_log_num_of_bytes =
			EMU_STRD_LOG_SZ_MAX;
		attrs->striding_rq_caps.min_single_wqe_log_num_of_strides =
			m->ext_stride_num_range ? EMU_STRD_LOG_NUM_EXT_MIN
						: EMU_STRD_LOG_NUM_MIN;
		attrs->striding_rq_caps.max_single_wqe_log_num_of_strides =
			EMU_STRD_LOG_NUM_MAX;
		attrs->striding_rq_caps.supported_qpts = 1
							 << IBV_QPT_RAW_PACKET;
	}
	if (want & MLX5DV_CONTEXT_MASK_TUNNEL_OFFLOADS)
		attrs->comp_mask |= MLX5DV_CONTEXT_MASK_TUNNEL_OFFLOADS;
	return 0;
}

int
_mlx5dv_query_port(struct ibv_context *context, uint32_t port_num,
		   struct mlx5dv_port *info, size_t info_len)
{
	struct emu_ctx *ctx = emu_ctx_of(context);
	struct emu_adapter *ad = ctx->ad;
	struct mlx5dv_port p;
	struct emu_vport *vp;

	if (ctx->fn != 0) {
		/* mlx5_ib fills the port's vport information only when the
		 * function's own E-Switch is in switchdev (offloads) mode; a
		 * VF has none: no flags, its own vport is 0 to itself. */
		if (port_num != 1)
			return EINVAL;
		memset(&p, 0, sizeof(p));
		memcpy(info, &p, info_len < sizeof(p) ? info_len : sizeof(p));
		return 0;
	}
	emu_lock();
	vp = emu_adapter_port_vport(ad, port_num);
	if (vp == NULL) {
		emu_unlock();
		return EINVAL;
	}
	memset(&p, 0, sizeof(p));
	p.flags = MLX5DV_QUERY_PORT_VPORT | MLX5DV_QUERY_PORT_VPORT_VHCA_ID |
		  MLX5DV_QUERY_PORT_ESW_OWNER_VHCA_ID;
	/* Switchdev: port 1 is the uplink representor (PRM: uplink vport
	 * 0xffff), port 1 + k the representor of VF k (vport k + 1). */
	if (ad->cfg.esw == EMU_ESW_SWITCHDEV) {
		p.vport = port_num == 1 ? MLX5X_VPORT_UPLINK : vp->num;
		p.flags |= MLX5DV_QUERY_PORT_VPORT_REG_C0;
		p.reg_c0.value =
			port_num == 1 ? ad->uplink.meta_tag : vp->meta_tag;
		p.reg_c0.mask = 0xffff0000;
	} else {
		p.vport = vp->num;
	}
	p.vport_vhca_id = vp->num == 0 ? 0 : vp->num;
	p.esw_owner_vhca_id = 0;
	emu_unlock();
	memcpy(info, &p, info_len < sizeof(p) ? info_len : sizeof(p));
	return 0;
}
