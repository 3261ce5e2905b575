/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Multi-Packet Rx queues (mprq_en=1): the RQ is a striding RQ (PRM wq_type
 * cyclic striding) whose WQEs each name one buffer of 2^log_strd_num
 * strides of 2^log_strd_sz bytes; the adapter puts successive frames into
 * successive strides of one WQE, a frame as many strides as it needs, and
 * skips what is left of a WQE a frame does not fit in with a filler CQE.
 *
 * The buffers are objects of a per-queue mempool. A buffer's external
 * shared info counts the ring (one while its WQE is posted or filling) and
 * every mbuf the burst attached to one of its strides: the WQE is posted
 * again with the same buffer when the ring was the last holder, with a
 * fresh one from the pool otherwise, and the held buffer goes back into
 * the pool when the application frees the last mbuf on it; a pool a stop
 * left to held mbufs is freed with the last of them. When the pool
 * is empty the WQE stays unposted until a burst finds a buffer again (the
 * adapter meanwhile drops what it has no stride for, as out of buffer).
 *
 * This file owns the stride layout (set-up), the pool and the posting; the
 * burst is mlx5x_rx_mprq.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_malloc.h>
#include <rte_mempool.h>

#include "mlx5x.h"
#include "mlx5x_prm.h"
#include "mlx5x_rxtx.h"

/* PRM wq: single_wqe_log_num_of_strides encodes 512 << n (n 0..7),
 * single_stride_log_num_of_bytes 64 << m (m 0..7). */
#define MPRQ_LOG_STRD_NUM_MIN 9
#define MPRQ_LOG_STRD_NUM_MAX 16
#define MPRQ_LOG_STRD_SZ_MIN 6
#define MPRQ_LOG_STRD_SZ_MAX 13
/* Default stride: no bigger than 2 KiB (mlx5's default stride size), so
 * small packets do not take big strides; a frame spans strides. */
#define MPRQ_LOG_STRD_SZ_DEFAULT_MAX 11
/* At least four WQEs: the adapter fills one while the burst reads another
 * and the application holds buffers of the others. */
#define MPRQ_LOG_WQE_N_MIN 2
/* The CQ holds a CQE per stride of every WQE, its index mask 16 bits. */
#define MPRQ_LOG_CQE_N_MAX 16

/*
 * The adapter's stride ranges (mlx5dv_query_device striding_rq_caps)
 * intersected with what the PRM's wq fields encode. False with *why when
 * the queues cannot stride.
 */
static bool
rxq_mprq_caps(const struct mlx5x_priv *priv, uint8_t num[2], uint8_t sz[2],
	      const char **why)
{
	struct mlx5dv_context dv = {
		.comp_mask = MLX5DV_CONTEXT_MASK_STRIDING_RQ,
	};

	/* The striding WQ is made with DevX CREATE_RQ (wq_type 3). */
	if (priv->qops != &mlx5x_queue_devx_ops) {
		*why = "Multi-Packet Rx queues need DevX";
		return false;
	}
	if (mlx5x_glue->dv_query_device(priv->sh->ctx, &dv) != 0 ||
	    !(dv.comp_mask & MLX5DV_CONTEXT_MASK_STRIDING_RQ)) {
		*why = "the adapter has no striding RQ";
		return false;
	}
	num[0] = (uint8_t)
		RTE_MAX(dv.striding_rq_caps.min_single_wqe_log_num_of_strides,
			(uint32_t)MPRQ_LOG_STRD_NUM_MIN);
	num[1] = (uint8_t)
		RTE_MIN(dv.striding_rq_caps.max_single_wqe_log_num_of_strides,
			(uint32_t)MPRQ_LOG_STRD_NUM_MAX);
	sz[0] = (uint8_t)
		RTE_MAX(dv.striding_rq_caps.min_single_stride_log_num_of_bytes,
			(uint32_t)MPRQ_LOG_STRD_SZ_MIN);
	sz[1] = (uint8_t)
		RTE_MIN(dv.striding_rq_caps.max_single_stride_log_num_of_bytes,
			(uint32_t)MPRQ_LOG_STRD_SZ_MAX);
	if (num[0] > num[1] || sz[0] > sz[1]) {
		*why = "the adapter's striding RQ ranges are outside the PRM's";
		return false;
	}
	return true;
}

int
mlx5x_rxq_mprq_setup(struct mlx5x_rxq *rxq, uint32_t frame, uint32_t desc)
{
	const struct mlx5x_priv *priv = rxq->priv;
	const struct mlx5x_devargs *da = &priv->config;
	uint8_t num[2], sz[2], lsn, lss, log_wqe;
	const char *why = NULL;
	uint32_t want;

	rxq->mprq = false;
	if (!rxq_mprq_caps(priv, num, sz, &why)) {
		if (rxq->idx == 0)
			MLX5X_NET_LOG(WARNING,
				      "port %u: mprq_en=1: %s, Rx queues stay cyclic",
				      rxq->port_id, why);
		return 0;
	}
	lsn = da->mprq_log_stride_num != 0 ? (uint8_t)da->mprq_log_stride_num
					   : num[0];
	if (lsn < num[0] || lsn > num[1]) {
		MLX5X_NET_LOG(ERR,
			      "port %u Rx queue %u: mprq_log_stride_num=%u: the adapter offers %u..%u",
			      rxq->port_id, rxq->idx, lsn, num[0], num[1]);
		return -EINVAL;
	}
	if (da->mprq_log_stride_size != 0) {
		lss = (uint8_t)da->mprq_log_stride_size;
		if (lss < sz[0] || lss > sz[1]) {
			MLX5X_NET_LOG(ERR,
				      "port %u Rx queue %u: mprq_log_stride_size=%u: the adapter offers %u..%u",
				      rxq->port_id, rxq->idx, lss, sz[0],
				      sz[1]);
			return -EINVAL;
		}
	} else {
		/* A stride for a whole frame or a whole mbuf, whichever is
		 * less, within the default's and the adapter's bounds. */
		want = RTE_MIN(frame, rxq->buf_len);
		lss = (uint8_t)rte_log2_u32(rte_align32pow2(want));
		lss = RTE_MIN(lss, (uint8_t)MPRQ_LOG_STRD_SZ_DEFAULT_MAX);
		lss = RTE_MAX(RTE_MIN(lss, sz[1]), sz[0]);
	}
	if (frame > (1u << (lsn + lss))) {
		MLX5X_NET_LOG(ERR,
			      "port %u Rx queue %u: a frame at MTU %u needs %u bytes, an MPRQ WQE of %u strides of %u bytes holds %u: raise mprq_log_stride_num or mprq_log_stride_size",
			      rxq->port_id, rxq->idx, priv->data->mtu, frame,
			      1u << lsn, 1u << lss, 1u << (lsn + lss));
		return -EINVAL;
	}
	log_wqe = (uint8_t)RTE_MAX((int)rte_log2_u32(rte_align32pow2(desc)) -
					   (int)lsn,
				   MPRQ_LOG_WQE_N_MIN);
	if (log_wqe + lsn > MPRQ_LOG_CQE_N_MAX ||
	    log_wqe + lsn > priv->sh->caps.log_max_cq_sz) {
		MLX5X_NET_LOG(ERR,
			      "port %u Rx queue %u: %u MPRQ WQEs of %u strides need a CQ of 2^%u CQEs, at most 2^%u: lower mprq_log_stride_num or the descriptors",
			      rxq->port_id, rxq->idx, 1u << log_wqe, 1u << lsn,
			      log_wqe + lsn,
			      RTE_MIN((unsigned int)MPRQ_LOG_CQE_N_MAX,
				      (unsigned int)
					      priv->sh->caps.log_max_cq_sz));
		return -EINVAL;
	}
	rxq->mprq = true;
	rxq->mprq_log_wqe_n = log_wqe;
	rxq->log_strd_num = lsn;
	rxq->log_strd_sz = lss;
	rxq->log_sges = 0;
	/* A copy goes into one mbuf: never more than it holds. */
	rxq->mprq_memcpy =
		RTE_MIN((uint32_t)da->mprq_max_memcpy_len, rxq->buf_len);
	return 0;
}

/* ---- the buffer pool --------------------------------------------------- */

/*
 * The pool's private area: its references, one for the queue while the
 * queue uses it and one per buffer out of it (posted or held by mbufs).
 * Whoever drops the last frees the pool, so a pool a stop or a close left
 * to the application's mbufs goes with the last of them, on whichever
 * lcore frees it, and nobody touches it after.
 */
struct rxq_mprq_pool {
	uint32_t refs;
};

static uint32_t *
rxq_mprq_pool_refs(struct rte_mempool *mp)
{
	return &((struct rxq_mprq_pool *)rte_mempool_get_priv(mp))->refs;
}

static void
rxq_mprq_pool_unref(struct rte_mempool *mp)
{
	if (__atomic_sub_fetch(rxq_mprq_pool_refs(mp), 1, __ATOMIC_ACQ_REL) ==
	    0)
		rte_mempool_free(mp);
}

/* A buffer back into its pool, which may go with it (the last one of a
 * pool the queue let go of). */
static void
rxq_mprq_buf_put(struct mlx5x_mprq_buf *buf)
{
	struct rte_mempool *mp = buf->mp;

	rte_mempool_put(mp, buf);
	rxq_mprq_pool_unref(mp);
}

/* The last mbuf on a held buffer was freed: back into the pool. */
static void
rxq_mprq_buf_free_cb(void *addr, void *opaque)
{
	RTE_SET_USED(addr);
	rxq_mprq_buf_put(opaque);
}

struct rxq_mprq_init {
	struct mlx5x_rxq *rxq;
	bool unregistered;
};

static void
rxq_mprq_buf_init(struct rte_mempool *mp, void *opaque, void *obj,
		  unsigned int i)
{
	struct rxq_mprq_init *init = opaque;
	struct mlx5x_mprq_buf *buf = obj;
	uintptr_t addr = (uintptr_t)obj + MLX5X_MPRQ_BUF_HDR;

	RTE_SET_USED(i);
	memset(buf, 0, sizeof(*buf));
	buf->mp = mp;
	buf->addr = addr;
	buf->iova = rte_mempool_virt2iova(obj) + MLX5X_MPRQ_BUF_HDR;
	buf->lkey = mlx5x_mr_lookup(init->rxq->mr, addr, &init->rxq->mr_last);
	/* One MR is one range: both ends in the same one. */
	if (buf->lkey == MLX5X_MR_LKEY_NONE ||
	    buf->lkey !=
		    mlx5x_mr_lookup(init->rxq->mr,
				    addr +
					    (1u << (init->rxq->log_strd_num +
						    init->rxq->log_strd_sz)) -
					    1,
				    &init->rxq->mr_last))
		init->unregistered = true;
	buf->shinfo.free_cb = rxq_mprq_buf_free_cb;
	buf->shinfo.fcb_opaque = buf;
	rte_mbuf_ext_refcnt_set(&buf->shinfo, 0);
}

/* Twice the WQEs: the application may hold a ring's worth. */
static int
rxq_mprq_pool_create(struct mlx5x_rxq *rxq)
{
	static unsigned int generation;
	uint32_t n = 2u << rxq->mprq_log_wqe_n;
	size_t bytes = MLX5X_MPRQ_BUF_HDR +
		       ((size_t)1 << (rxq->log_strd_num + rxq->log_strd_sz));
	struct rxq_mprq_init init = { .rxq = rxq };
	char name[RTE_MEMPOOL_NAMESIZE];

	/* A pool an earlier start left behind (buffers still held) keeps its
	 * name: a new one gets its own. */
	snprintf(name, sizeof(name), "mlx5x_mprq_%u_%u_%u", rxq->port_id,
		 rxq->idx, generation++);
	rxq->mprq_mp =
		rte_mempool_create(name, n, (unsigned int)bytes, 0,
				   sizeof(struct rxq_mprq_pool), NULL, NULL,
				   rxq_mprq_buf_init, &init, rxq->socket,
				   RTE_MEMPOOL_F_NO_IOVA_CONTIG);
	if (rxq->mprq_mp == NULL) {
		MLX5X_NET_LOG(ERR,
			      "port %u Rx queue %u: no memory for %u MPRQ buffers of %zu bytes: %s",
			      rxq->port_id, rxq->idx, n, bytes,
			      rte_strerror(rte_errno));
		return -ENOMEM;
	}
	if (init.unregistered) {
		MLX5X_NET_LOG(ERR,
			      "port %u Rx queue %u: MPRQ buffers of pool %s are not in memory registered with %s",
			      rxq->port_id, rxq->idx, name,
			      rxq->priv->sh->ibdev_name);
		rte_mempool_free(rxq->mprq_mp);
		rxq->mprq_mp = NULL;
		return -EINVAL;
	}
	*rxq_mprq_pool_refs(rxq->mprq_mp) = 1;
	return 0;
}

/* ---- posting ------------------------------------------------------------ */

void
mlx5x_rxq_mprq_post(struct mlx5x_rxq *rxq)
{
	const uint32_t n = 1u << rxq->mprq_log_wqe_n;
	uint32_t pi = rxq->rq_pi, got = 0;

	while (pi - rxq->rq_ci < n) {
		uint32_t slot = pi & rxq->wqe_mask;
		struct mlx5x_mprq_buf *buf = rxq->mprq_bufs[slot];
		/* WQE = next segment (unused by a cyclic RQ), data segment. */
		volatile struct mlx5_wqe_data_seg *seg =
			&rxq->wqes[2 * slot + 1];

		if (buf == NULL) {
			if (rte_mempool_get(rxq->mprq_mp, (void **)&buf) != 0)
				break;
			rxq->mprq_bufs[slot] = buf;
			got++;
			seg->byte_count = rte_cpu_to_be_32(
				1u << (rxq->log_strd_num + rxq->log_strd_sz));
			seg->lkey = rte_cpu_to_be_32(buf->lkey);
			seg->addr = rte_cpu_to_be_64(buf->addr);
		}
		/* The ring's own reference: nobody else holds it now. */
		rte_mbuf_ext_refcnt_set(&buf->shinfo, 1);
		pi++;
	}
	if (pi == rxq->rq_pi)
		return;
	/* Buffers out of the pool hold it: one atomic per refill, not per
	 * buffer (a free callback on another lcore may drop theirs). */
	if (got != 0)
		__atomic_fetch_add(rxq_mprq_pool_refs(rxq->mprq_mp), got,
				   __ATOMIC_RELAXED);
	rxq->rq_pi = pi;
	rte_io_wmb();
	*rxq->rq_db = rte_cpu_to_be_32(pi & 0xffff);
}

int
mlx5x_rxq_mprq_fill(struct mlx5x_rxq *rxq)
{
	uint32_t n = 1u << rxq->mprq_log_wqe_n;
	int ret;

	if (rxq->mprq_bufs == NULL) {
		rxq->mprq_bufs =
			rte_zmalloc_socket("mlx5x_mprq_bufs",
					   n * sizeof(*rxq->mprq_bufs),
					   RTE_CACHE_LINE_SIZE, rxq->socket);
		if (rxq->mprq_bufs == NULL) {
			MLX5X_NET_LOG(ERR,
				      "port %u Rx queue %u: no memory for %u MPRQ WQEs",
				      rxq->port_id, rxq->idx, n);
			return -ENOMEM;
		}
	}
	if (rxq->mprq_mp == NULL) {
		ret = rxq_mprq_pool_create(rxq);
		if (ret < 0)
			return ret;
	}
	/* RST restarted the adapter's WQE counter and stride at 0. */
	rxq->rq_ci = 0;
	rxq->rq_pi = 0;
	rxq->strd_ci = 0;
	mlx5x_rxq_mprq_post(rxq);
	if (rxq->rq_pi != n) {
		MLX5X_NET_LOG(ERR,
			      "port %u Rx queue %u: MPRQ pool %s gave %u of %u buffers (the application holds the others)",
			      rxq->port_id, rxq->idx, rxq->mprq_mp->name,
			      rxq->rq_pi, n);
		mlx5x_rxq_mprq_drop(rxq);
		return -ENOMEM;
	}
	return 0;
}

void
mlx5x_rxq_mprq_drop(struct mlx5x_rxq *rxq)
{
	uint32_t i, n = 1u << rxq->mprq_log_wqe_n;
	struct mlx5x_mprq_buf *buf;

	if (rxq->mprq_bufs == NULL)
		return;
	/* Posted WQEs: the ring lets go; a buffer mbufs hold goes back to
	 * the pool with their last free. */
	for (i = rxq->rq_ci; i != rxq->rq_pi; i++) {
		buf = rxq->mprq_bufs[i & rxq->wqe_mask];
		rxq->mprq_bufs[i & rxq->wqe_mask] = NULL;
		if (rte_mbuf_ext_refcnt_update(&buf->shinfo, -1) == 0)
			rxq_mprq_buf_put(buf);
	}
	/* Finished WQEs whose buffer nobody held, not yet posted again. */
	for (i = 0; i < n; i++) {
		buf = rxq->mprq_bufs[i];
		rxq->mprq_bufs[i] = NULL;
		if (buf != NULL)
			rxq_mprq_buf_put(buf);
	}
	rxq->rq_ci = 0;
	rxq->rq_pi = 0;
	rxq->strd_ci = 0;
}

void
mlx5x_rxq_mprq_free(struct mlx5x_rxq *rxq)
{
	mlx5x_rxq_mprq_drop(rxq);
	rte_free(rxq->mprq_bufs);
	rxq->mprq_bufs = NULL;
	if (rxq->mprq_mp == NULL)
		return;
	/* Buffers still attached to the application's mbufs: freeing the
	 * pool under them would pull the memory from under their data. The
	 * queue lets go of it; the last of them frees it. */
	if (!rte_mempool_full(rxq->mprq_mp))
		MLX5X_NET_LOG(INFO,
			      "port %u Rx queue %u: the application still holds mbufs on %u MPRQ buffers: pool %s is freed with the last of them",
			      rxq->port_id, rxq->idx,
			      rxq->mprq_mp->size -
				      rte_mempool_avail_count(rxq->mprq_mp),
			      rxq->mprq_mp->name);
	rxq_mprq_pool_unref(rxq->mprq_mp);
	rxq->mprq_mp = NULL;
}
