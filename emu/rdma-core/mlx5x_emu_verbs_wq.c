/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Verbs receive work queues (IBV_WQT_RQ) and receive WQ indirection
 * tables. As mlx5_ib does in the kernel, the provider turns them into
 * PRM objects: a WQ is an RQ (CREATE_RQ over a buffer and doorbell record
 * the provider allocates and registers), an indirection table is an RQT.
 * The queue engine and steering model then see them exactly as DevX ones.
 * mlx5dv_init_obj(MLX5DV_OBJ_RWQ) reports the ring as rdma-core does:
 * buffer, receive doorbell record, WQE count and stride.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_verbs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct emu_vwq {
	struct ibv_wq ibv;
	struct emu_ctx *ctx;
	uint8_t *buf;
	uint32_t *dbrec;
	uint32_t wqe_cnt, stride;
	uint8_t prm_state;
	bool striding; /* WQEs start with a 16-byte next segment */
	struct mlx5dv_devx_umem *umem, *dbr_umem;
};

static uint32_t
emu_log2_ceil(uint32_t v)
{
	uint32_t l = 0;

	while ((1u << l) < v)
		l++;
	return l;
}

/* PRM queue state of a Verbs WQ state, or 0xff for none. */
static uint8_t
emu_verbs_wq_prm_state(enum ibv_wq_state s)
{
	switch (s) {
	case IBV_WQS_RESET:
		return MLX5X_QUEUE_STATE_RST;
	case IBV_WQS_RDY:
		return MLX5X_QUEUE_STATE_RDY;
	case IBV_WQS_ERR:
		return MLX5X_QUEUE_STATE_ERR;
	default:
		return 0xff;
	}
}

/* Verbs posts receives by writing the ring; the mlx5 data path does it
 * directly, which is what the model serves. */
static int
emu_verbs_wq_post_recv(struct ibv_wq *wq, struct ibv_recv_wr *wr,
		       struct ibv_recv_wr **bad)
{
	struct emu_vwq *v = (struct emu_vwq *)wq;
	uint32_t head = be32toh(v->dbrec[MLX5X_RCV_DBR]) & 0xffff;
	int i;

	for (; wr != NULL; wr = wr->next) {
		uint32_t skip = v->striding ? 16 : 0;
		uint8_t *w =
			v->buf + (size_t)(head & (v->wqe_cnt - 1)) * v->stride;
		struct mlx5_wqe_data_seg *ds =
			(struct mlx5_wqe_data_seg *)(w + skip);
		uint32_t max = (v->stride - skip) / sizeof(*ds);

		if ((uint32_t)wr->num_sge > max) {
			*bad = wr;
			return EINVAL;
		}
		for (i = 0; i < wr->num_sge; i++) {
			ds[i].byte_count = htobe32(wr->sg_list[i].length);
			ds[i].lkey = htobe32(wr->sg_list[i].lkey);
			ds[i].addr = htobe64(wr->sg_list[i].addr);
		}
		/* PRM: a scatter list shorter than the stride ends with an
		 * invalid lkey. */
		if ((uint32_t)i < max) {
			ds[i].byte_count = 0;
			ds[i].lkey = htobe32(MLX5_INVALID_LKEY);
			ds[i].addr = 0;
		}
		head++;
	}
	__atomic_thread_fence(__ATOMIC_RELEASE);
	v->dbrec[MLX5X_RCV_DBR] = htobe32(head & 0xffff);
	return 0;
}

/* A WQ; striding (MPRQ) when strd is given: WQEs of a next segment and
 * a data segment, 2^lsn strides of 2^lss bytes (rdma-core's values:
 * lsn 9..16, or 3..16 with ext_stride_num_range, lss 6..13; the PRM
 * fields count from 512, in two's complement, and from 64). */
static struct ibv_wq *
emu_verbs_wq_new(struct ibv_context *context, struct ibv_wq_init_attr *attr,
		 const struct mlx5dv_striding_rq_init_attr *strd)
{
	struct emu_ctx *ctx = emu_ctx_of(context);
	uint8_t in[MLX5X_ST_SZ_BYTES(create_rq_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(create_rq_out)] = { 0 };
	void *c = MLX5X_ADDR_OF(create_rq_in, in, ctx);
	void *wq = MLX5X_ADDR_OF(rqc, c, wq);
	uint32_t sge, log_stride, log_n;
	struct emu_vwq *v;
	size_t bytes;

	if (attr == NULL || attr->wq_type != IBV_WQT_RQ || attr->pd == NULL ||
	    attr->cq == NULL || attr->max_wr == 0 ||
	    attr->max_wr > (1u << ctx->ad->cfg.model->log_max_wq_sz)) {
		errno = EINVAL;
		return NULL;
	}
	/* rdma-core mlx5: a WQE is max_sge data segments (after a next
	 * segment when striding), rounded up to a power of two; the ring is
	 * max_wr WQEs rounded up likewise. */
	sge = attr->max_sge == 0 ? 1 : attr->max_sge;
	log_stride = emu_log2_ceil(sge * 16 + (strd != NULL ? 16 : 0));
	if (strd != NULL &&
	    (strd->single_wqe_log_num_of_strides <
		     (ctx->ad->cfg.model->ext_stride_num_range
			      ? EMU_STRD_LOG_NUM_EXT_MIN
			      : EMU_STRD_LOG_NUM_MIN) ||
	     strd->single_wqe_log_num_of_strides > EMU_STRD_LOG_NUM_MAX ||
	     strd->single_stride_log_num_of_bytes < EMU_STRD_LOG_SZ_MIN ||
	     strd->single_stride_log_num_of_bytes > EMU_STRD_LOG_SZ_MAX ||
	     strd->two_byte_shift_en)) {
		errno = EINVAL;
		return NULL;
	}
	log_n = emu_log2_ceil(attr->max_wr);
	if (log_stride > 11) {
		errno = EINVAL;
		return NULL;
	}
	v = calloc(1, sizeof(*v));
	if (v == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	v->ctx = ctx;
	v->wqe_cnt = 1u << log_n;
	v->stride = 1u << log_stride;
	bytes = (size_t)v->wqe_cnt * v->stride;
	v->buf = aligned_alloc(4096, bytes < 4096 ? 4096 : bytes);
	v->dbrec = aligned_alloc(64, 64);
	if (v->buf == NULL || v->dbrec == NULL)
		goto err_free;
	memset(v->buf, 0, bytes);
	memset(v->dbrec, 0, 64);
	/* Registered as mlx5_ib does for the provider's own rings: whether
	 * the application may use DevX (devx=0) has no say. */
	v->umem = emu_umem_reg(ctx, v->buf, bytes, IBV_ACCESS_LOCAL_WRITE);
	v->dbr_umem = emu_umem_reg(ctx, v->dbrec, 64, IBV_ACCESS_LOCAL_WRITE);
	if (v->umem == NULL || v->dbr_umem == NULL)
		goto err_dereg;
	MLX5X_SET(create_rq_in, in, opcode, MLX5X_CMD_OP_CREATE_RQ);
	MLX5X_SET(rqc, c, state, MLX5X_QUEUE_STATE_RST);
	MLX5X_SET(rqc, c, mem_rq_type, MLX5X_RQC_MEM_RQ_TYPE_INLINE);
	MLX5X_SET(rqc, c, cqn, attr->cq->handle);
	/* As mlx5_ib makes a WQ's RQ: flushed in ERR. */
	MLX5X_SET(rqc, c, flush_in_error_en, 1);
	/* Verbs strips C-VLANs only when asked (IBV_WQ_FLAGS_CVLAN_STRIPPING);
	 * PRM vsd is the opposite sense. */
	MLX5X_SET(rqc, c, vsd,
		  !((attr->comp_mask & IBV_WQ_INIT_ATTR_FLAGS) &&
		    (attr->create_flags & IBV_WQ_FLAGS_CVLAN_STRIPPING)));
	MLX5X_SET(rqc, c, scatter_fcs,
		  (attr->comp_mask & IBV_WQ_INIT_ATTR_FLAGS) &&
			  (attr->create_flags & IBV_WQ_FLAGS_SCATTER_FCS));
	MLX5X_SET(wq, wq, wq_type,
		  strd != NULL ? MLX5X_WQ_TYPE_CYCLIC_STRIDING_RQ
			       : MLX5X_WQ_TYPE_CYCLIC);
	if (strd != NULL) {
		/* 4-bit two's complement: 3..8 strides' logs are -6..-1. */
		MLX5X_SET(wq, wq, single_wqe_log_num_of_strides,
			  (strd->single_wqe_log_num_of_strides -
			   EMU_STRD_LOG_NUM_MIN) &
				  0xf);
		MLX5X_SET(wq, wq, single_stride_log_num_of_bytes,
			  strd->single_stride_log_num_of_bytes -
				  EMU_STRD_LOG_SZ_MIN);
	}
	MLX5X_SET(wq, wq, pd, attr->pd->handle);
	MLX5X_SET(wq, wq, log_wq_stride, log_stride);
	MLX5X_SET(wq, wq, log_wq_sz, log_n);
	MLX5X_SET(wq, wq, wq_umem_valid, 1);
	MLX5X_SET(wq, wq, wq_umem_id, v->umem->umem_id);
	MLX5X_SET(wq, wq, dbr_umem_valid, 1);
	MLX5X_SET(wq, wq, dbr_umem_id, v->dbr_umem->umem_id);
	if (emu_verbs_cmd(ctx, in, sizeof(in), out, sizeof(out)) != 0) {
		errno = EINVAL;
		goto err_dereg;
	}
	v->prm_state = MLX5X_QUEUE_STATE_RST;
	v->ibv.context = context;
	v->ibv.pd = attr->pd;
	v->ibv.cq = attr->cq;
	v->ibv.wq_type = IBV_WQT_RQ;
	v->ibv.state = IBV_WQS_RESET;
	v->ibv.wq_num = MLX5X_GET(create_rq_out, out, rqn);
	v->ibv.handle = v->ibv.wq_num;
	v->ibv.post_recv = emu_verbs_wq_post_recv;
	v->striding = strd != NULL;
	/* rdma-core: max_wr and max_sge report what the ring holds. */
	attr->max_wr = v->wqe_cnt;
	attr->max_sge = v->stride / 16 - (strd != NULL ? 1 : 0);
	return &v->ibv;
err_dereg:
	if (v->dbr_umem != NULL)
		emu_umem_dereg(v->dbr_umem);
	if (v->umem != NULL)
		emu_umem_dereg(v->umem);
err_free:
	free(v->dbrec);
	free(v->buf);
	free(v);
	if (errno == 0)
		errno = ENOMEM;
	return NULL;
}

struct ibv_wq *
emu_verbs_wq_create(struct ibv_context *context, struct ibv_wq_init_attr *attr)
{
	return emu_verbs_wq_new(context, attr, NULL);
}

struct ibv_wq *
mlx5dv_create_wq(struct ibv_context *context,
		 struct ibv_wq_init_attr *wq_init_attr,
		 struct mlx5dv_wq_init_attr *mlx5_wq_attr)
{
	struct ibv_wq *wq;

	if (mlx5_wq_attr == NULL || mlx5_wq_attr->comp_mask == 0) {
		wq = emu_verbs_wq_new(context, wq_init_attr, NULL);
	} else if (mlx5_wq_attr->comp_mask !=
		   MLX5DV_WQ_INIT_ATTR_MASK_STRIDING_RQ) {
		errno = EINVAL;
		return NULL;
	} else if (!emu_ctx_of(context)->ad->cfg.model->striding_rq) {
		errno = EOPNOTSUPP; /* no striding RQ on this model */
		return NULL;
	} else {
		wq = emu_verbs_wq_new(context, wq_init_attr,
				      &mlx5_wq_attr->striding_rq_attrs);
	}
	/* What ibv_create_wq's inline part does for the provider's WQ. */
	if (wq != NULL) {
		wq->wq_context = wq_init_attr->wq_context;
		wq->events_completed = 0;
		pthread_mutex_init(&wq->mutex, NULL);
		pthread_cond_init(&wq->cond, NULL);
	}
	return wq;
}

int
emu_verbs_wq_modify(struct ibv_wq *wq, struct ibv_wq_attr *attr)
{
	struct emu_vwq *v = (struct emu_vwq *)wq;
	uint8_t in[MLX5X_ST_SZ_BYTES(modify_rq_in)] = { 0 };
	uint8_t out[16] = { 0 };
	void *c = MLX5X_ADDR_OF(modify_rq_in, in, ctx);
	uint8_t cur = v->prm_state, next = v->prm_state;

	if (attr == NULL)
		return EINVAL;
	if (attr->attr_mask & IBV_WQ_ATTR_CURR_STATE) {
		cur = emu_verbs_wq_prm_state(attr->curr_wq_state);
		if (cur != v->prm_state)
			return EINVAL;
	}
	if (attr->attr_mask & IBV_WQ_ATTR_STATE) {
		next = emu_verbs_wq_prm_state(attr->wq_state);
		if (next == 0xff)
			return EINVAL;
	}
	MLX5X_SET(modify_rq_in, in, opcode, MLX5X_CMD_OP_MODIFY_RQ);
	MLX5X_SET(modify_rq_in, in, rqn, wq->wq_num);
	MLX5X_SET(modify_rq_in, in, rq_state, cur);
	MLX5X_SET(rqc, c, state, next);
	if ((attr->attr_mask & IBV_WQ_ATTR_FLAGS) &&
	    (attr->flags_mask & IBV_WQ_FLAGS_CVLAN_STRIPPING)) {
		/* PRM modify_bitmask bit 1: VSD. */
		MLX5X_SET64(modify_rq_in, in, modify_bitmask, 1u << 1);
		MLX5X_SET(rqc, c, vsd,
			  !(attr->flags & IBV_WQ_FLAGS_CVLAN_STRIPPING));
	}
	if (emu_verbs_cmd(v->ctx, in, sizeof(in), out, sizeof(out)) != 0)
		return EINVAL;
	v->prm_state = next;
	wq->state = next == MLX5X_QUEUE_STATE_RDY   ? IBV_WQS_RDY
		    : next == MLX5X_QUEUE_STATE_ERR ? IBV_WQS_ERR
						    : IBV_WQS_RESET;
	return 0;
}

int
emu_verbs_wq_destroy(struct ibv_wq *wq)
{
	struct emu_vwq *v = (struct emu_vwq *)wq;
	uint8_t in[MLX5X_ST_SZ_BYTES(obj_in)] = { 0 };
	uint8_t out[16];

	MLX5X_SET(obj_in, in, opcode, MLX5X_CMD_OP_DESTROY_RQ);
	MLX5X_SET(obj_in, in, obj_id, wq->wq_num);
	if (emu_verbs_cmd(v->ctx, in, sizeof(in), out, sizeof(out)) != 0)
		return EBUSY; /* an indirection table still lists it */
	emu_umem_dereg(v->dbr_umem);
	emu_umem_dereg(v->umem);
	free(v->dbrec);
	free(v->buf);
	free(v);
	return 0;
}

void
emu_verbs_wq_init_obj(struct ibv_wq *wq, struct mlx5dv_rwq *out)
{
	struct emu_vwq *v = (struct emu_vwq *)wq;

	out->buf = v->buf;
	out->dbrec = &v->dbrec[MLX5X_RCV_DBR];
	out->wqe_cnt = v->wqe_cnt;
	out->stride = v->stride;
	out->comp_mask = 0;
}

/* ---- indirection tables -> RQT ------------------------------------------ */

struct ibv_rwq_ind_table *
emu_verbs_ind_table_create(struct ibv_context *context,
			   struct ibv_rwq_ind_table_init_attr *attr)
{
	struct emu_ctx *ctx = emu_ctx_of(context);
	uint32_t n, i, max = 1u << ctx->ad->cfg.model->log_max_rqt_size;
	struct ibv_rwq_ind_table *t;
	uint8_t out[MLX5X_ST_SZ_BYTES(create_rqt_out)] = { 0 };
	size_t inlen;
	uint8_t *in;
	void *rc;

	if (attr == NULL || attr->ind_tbl == NULL ||
	    attr->log_ind_tbl_size > 16 ||
	    (1u << attr->log_ind_tbl_size) > max) {
		errno = EINVAL;
		return NULL;
	}
	n = 1u << attr->log_ind_tbl_size;
	inlen = MLX5X_ST_SZ_BYTES(create_rqt_in) + (size_t)n * 4;
	in = calloc(1, inlen);
	t = calloc(1, sizeof(*t));
	if (in == NULL || t == NULL) {
		free(in);
		free(t);
		errno = ENOMEM;
		return NULL;
	}
	rc = MLX5X_ADDR_OF(create_rqt_in, in, rqt_context);
	MLX5X_SET(create_rqt_in, in, opcode, MLX5X_CMD_OP_CREATE_RQT);
	MLX5X_SET(rqtc, rc, rqt_max_size, n);
	MLX5X_SET(rqtc, rc, rqt_actual_size, n);
	for (i = 0; i < n; i++) {
		if (attr->ind_tbl[i] == NULL) {
			free(in);
			free(t);
			errno = EINVAL;
			return NULL;
		}
		MLX5X_SET(rq_num,
			  (uint8_t *)MLX5X_ADDR_OF(rqtc, rc, rq_num) + i * 4,
			  rq_num, attr->ind_tbl[i]->wq_num);
	}
	if (emu_verbs_cmd(ctx, in, inlen, out, sizeof(out)) != 0) {
		free(in);
		free(t);
		errno = EINVAL;
		return NULL;
	}
	free(in);
	t->context = context;
	t->ind_tbl_num = MLX5X_GET(create_rqt_out, out, rqtn);
	t->ind_tbl_handle = t->ind_tbl_num;
	return t;
}

int
emu_verbs_ind_table_destroy(struct ibv_rwq_ind_table *t)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(obj_in)] = { 0 };
	uint8_t out[16];

	MLX5X_SET(obj_in, in, opcode, MLX5X_CMD_OP_DESTROY_RQT);
	MLX5X_SET(obj_in, in, obj_id, t->ind_tbl_num);
	if (emu_verbs_cmd(emu_ctx_of(t->context), in, sizeof(in), out,
			  sizeof(out)) != 0)
		return EBUSY; /* an RSS QP (TIR) still uses it */
	free(t);
	return 0;
}

uint32_t
emu_verbs_ind_table_log_size(struct emu_ctx *ctx,
			     const struct ibv_rwq_ind_table *t)
{
	struct emu_rqt *rqt;
	uint32_t log = 0;

	emu_lock();
	rqt = emu_objtab_get(&ctx->ad->rqts, t->ind_tbl_num);
	if (rqt != NULL)
		log = emu_log2_ceil(rqt->size);
	emu_unlock();
	return log;
}
