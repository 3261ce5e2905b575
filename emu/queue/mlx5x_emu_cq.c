/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Completion queues: CREATE/QUERY/DESTROY_CQ on DevX umem buffers, Verbs
 * CQs on buffers the emulator allocates, and writing CQEs the PRM way:
 * the owner bit flips on every pass over the ring, and is written last.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_cmd.h"
#include "mlx5x_emu_verbs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mlx5x_emu_cq.h"

struct emu_cq *
emu_cq_new(struct emu_adapter *ad, uint32_t log_size, void *buf,
	   volatile uint32_t *dbrec)
{
	struct emu_cq *cq = calloc(1, sizeof(*cq));

	if (cq == NULL)
		return NULL;
	cq->cqn = emu_objtab_add(&ad->cqs, cq);
	if (cq->cqn == 0) {
		free(cq);
		return NULL;
	}
	cq->ad = ad;
	cq->buf = buf;
	cq->log_size = log_size;
	cq->mask = (1u << log_size) - 1;
	cq->dbrec = dbrec;
	return cq;
}

void
emu_cq_release(struct emu_adapter *ad, struct emu_cq *cq)
{
	struct emu_cq **pp;

	if (cq->dirty) {
		for (pp = &ad->cq_dirty; *pp != cq; pp = &(*pp)->dirty_next)
			;
		*pp = cq->dirty_next;
	}
	emu_objtab_del(&ad->cqs, cq->cqn);
	free(cq->own_buf);
	free(cq->own_dbrec);
	free(cq);
}

uint8_t *
emu_cq_slots_refill(struct emu_cq *cq, uint32_t n)
{
	uint32_t size = 1u << cq->log_size, ci, used;

	cq->room = 0;
	if (cq->buf == NULL || cq->status != MLX5X_CQC_STATUS_OK)
		return NULL;
	if (cq->ro) {
		/* The CQE write hits MTT entries without wr_en (a umem
		 * registered without write access): the PRM's CQ context
		 * status for a CQE write that failed, CQ_WRITE_FAIL, and
		 * nothing written from then on. The translation is checked
		 * when the adapter writes, so CREATE_CQ takes the umem. */
		cq->status = MLX5X_CQC_STATUS_CQ_WRITE_FAIL;
		emu_trace(cq->ad,
			  "cq 0x%x: buffer not writable -> CQ_WRITE_FAIL",
			  cq->cqn);
		return NULL;
	}
	if (cq->oi) {
		/* cqc.oi (overrun ignore): never full, never read. */
		cq->room = UINT32_MAX / 2 - n;
		return cq->buf + (size_t)(cq->pi & cq->mask) * 64;
	}
	/* The doorbell record's consumer counter field is 24 bits, but
	 * hardware only compares it modulo twice the ring size (the slot
	 * and the pass parity the owner bit carries): DPDK's mlx5 PMD, run
	 * on real adapters, keeps its Tx CQ counter in 16 bits and creates
	 * that CQ without oi, and its Tx forwarding does not stop at 2^16
	 * completions. */
	ci = be32toh(cq->dbrec[MLX5X_CQ_SET_CI]) & 0xffffff;
	used = (cq->pi - ci) & (2 * size - 1);
	if (used + n > size) {
		cq->overflows++;
		cq->status = MLX5X_CQC_STATUS_CQ_OVERFLOW;
		return NULL;
	}
	cq->room = size - used - n;
	return cq->buf + (size_t)(cq->pi & cq->mask) * 64;
}

uint8_t *
emu_cq_slots(struct emu_cq *cq, uint32_t n)
{
	return emu_cq_slots_inl(cq, n);
}

struct mlx5_cqe64 *
emu_cq_next(struct emu_cq *cq)
{
	return emu_cq_next_inl(cq);
}

void
emu_cq_commit(struct emu_cq *cq, struct mlx5_cqe64 *cqe, uint8_t opcode)
{
	emu_cq_commit_inl(cq, cqe, opcode);
}

void
emu_cq_err(struct emu_cq *cq, uint8_t opcode, uint8_t syndrome,
	   uint16_t wqe_counter, uint32_t qpn)
{
	struct mlx5_cqe64 *cqe;
	struct mlx5_err_cqe *err;

	if (cq == NULL || (cqe = emu_cq_next(cq)) == NULL)
		return;
	err = (struct mlx5_err_cqe *)cqe;
	err->syndrome = syndrome;
	err->vendor_err_synd = 0;
	err->s_wqe_opcode_qpn = htobe32(qpn & 0xffffff);
	err->wqe_counter = htobe16(wqe_counter);
	emu_cq_commit(cq, cqe, opcode);
}

/* ---- commands ----------------------------------------------------------- */

static int
emu_cq_create(struct emu_ctx *ctx, const void *in, void *out,
	      uint32_t *syndrome, struct emu_cmd_result *res)
{
	struct emu_adapter *ad = ctx->ad;
	const void *c = MLX5X_ADDR_OF(create_cq_in, in, cq_context);
	uint32_t log_size = MLX5X_GET(cqc, c, log_cq_size);
	uint32_t cqe_sz = MLX5X_GET(cqc, c, cqe_sz);
	uint64_t off = MLX5X_GET64(create_cq_in, in, cq_umem_offset);
	uint32_t mini, ext;
	void *buf, *dbr;
	struct emu_cq *cq;

	if (!MLX5X_GET(create_cq_in, in, cq_umem_valid) ||
	    !MLX5X_GET(cqc, c, dbr_umem_valid)) {
		/* Physical address lists need a kernel; DevX users pass umem. */
		*syndrome = 0x1d6e01;
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if (log_size > ad->cfg.model->log_max_cq_sz) {
		*syndrome = 0x1d6e02;
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if (cqe_sz != MLX5X_CQE_SIZE_64B) {
		*syndrome = 0x1d6e03; /* 128-byte CQEs not modelled */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	buf = emu_mem_umem_ptr(ad, MLX5X_GET(create_cq_in, in, cq_umem_id), off,
			       (uint64_t)64 << log_size);
	dbr = emu_mem_umem_ptr(ad, MLX5X_GET(cqc, c, dbr_umem_id),
			       MLX5X_GET64(cqc, c, dbr_addr), 8);
	if (buf == NULL || dbr == NULL) {
		*syndrome = 0x1d6e04; /* umem unknown or too small */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	mini = MLX5X_GET(cqc, c, mini_cqe_res_format);
	ext = MLX5X_GET(cqc_mini_ext, c, mini_cqe_res_format_ext);
	/* PRM: ext 1 (L3/L4 header type) goes with res_format 0. */
	if (MLX5X_GET(cqc, c, cqe_comp_en) &&
	    (!ad->cfg.model->cqe_compression || ext > 1 ||
	     (ext == 1 && mini != 0))) {
		*syndrome = 0x1d6e06;
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if (ext == 1)
		mini = MLX5X_MINI_CQE_FORMAT_L34H_STRIDX;
	/* The formats the HCA caps do not offer (mini_cqe_resp_flow_tag,
	 * mini_cqe_resp_l3_l4_tag). */
	if (MLX5X_GET(cqc, c, cqe_comp_en) &&
	    (mini == MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX ||
	     mini == MLX5X_MINI_CQE_FORMAT_L34H_STRIDX) &&
	    !ad->cfg.model->mini_cqe_ftag_l34h) {
		*syndrome = 0x1d6e07;
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	cq = emu_cq_new(ad, log_size, buf, dbr);
	if (cq == NULL) {
		*syndrome = 0x1d6e05;
		return MLX5X_CMD_STAT_NO_RES_ERR;
	}
	cq->ctx = ctx;
	cq->comp_en = MLX5X_GET(cqc, c, cqe_comp_en);
	cq->oi = MLX5X_GET(cqc, c, oi);
	cq->ro = !emu_mem_umem_writable(ad, MLX5X_GET(create_cq_in, in,
						      cq_umem_id));
	cq->mini_format = mini;
	emu_cq_comp_setup(cq);
	MLX5X_SET(create_cq_out, out, cqn, cq->cqn);
	res->destroy_opcode = MLX5X_CMD_OP_DESTROY_CQ;
	res->id = cq->cqn;
	return MLX5X_CMD_STAT_OK;
}

int
emu_cq_cmd(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
	   size_t outlen, uint32_t *syndrome, struct emu_cmd_result *res)
{
	uint16_t op = MLX5X_GET(mbox_in, in, opcode);
	struct emu_cq *cq;
	void *c;

	(void)inlen;
	(void)outlen;
	if (op == MLX5X_CMD_OP_CREATE_CQ)
		return emu_cq_create(ctx, in, out, syndrome, res);
	cq = emu_objtab_get(&ctx->ad->cqs, MLX5X_GET(obj_in, in, obj_id));
	if (cq == NULL) {
		*syndrome = 0x1d6e10;
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	if (op == MLX5X_CMD_OP_DESTROY_CQ) {
		if (cq->users != 0) {
			/* Queues still complete into it. */
			*syndrome = 0x1d6e11;
			return MLX5X_CMD_STAT_BAD_RES_STATE_ERR;
		}
		emu_cq_release(ctx->ad, cq);
		return MLX5X_CMD_STAT_OK;
	}
	c = MLX5X_ADDR_OF(query_cq_out, out, cq_context);
	MLX5X_SET(cqc, c, status, cq->status);
	MLX5X_SET(cqc, c, log_cq_size, cq->log_size);
	MLX5X_SET(cqc, c, producer_counter, cq->pi & 0xffffff);
	MLX5X_SET(cqc, c, consumer_counter,
		  be32toh(cq->dbrec[MLX5X_CQ_SET_CI]) & 0xffffff);
	return MLX5X_CMD_STAT_OK;
}

/* ---- Verbs CQs ---------------------------------------------------------- */

struct emu_vcq {
	/* rdma-core: an extended CQ starts with the fields of a plain one. */
	union {
		struct ibv_cq ibv;
		struct ibv_cq_ex ex;
	};
	struct emu_cq *cq;
	struct emu_adapter *ad;
};

/* A Verbs CQ on a ring the provider allocates; compression as asked
 * (mini CQE format, or comp_en false). */
static struct emu_vcq *
emu_verbs_cq_new(struct ibv_context *context, int cqe, void *cq_context,
		 bool comp_en, uint8_t mini_format)
{
	struct emu_adapter *ad = emu_ctx_of(context)->ad;
	struct emu_vcq *v;
	uint32_t log = 0;
	void *buf, *dbr;

	if (cqe < 1 || cqe > (1 << ad->cfg.model->log_max_cq_sz) - 1) {
		errno = EINVAL;
		return NULL;
	}
	while ((1u << log) < (uint32_t)cqe + 1)
		log++;
	v = calloc(1, sizeof(*v));
	buf = aligned_alloc(4096, ((size_t)64 << log) < 4096
					  ? 4096
					  : (size_t)64 << log);
	dbr = aligned_alloc(64, 64);
	if (v == NULL || buf == NULL || dbr == NULL)
		goto err_free;
	/* PRM: software initialises CQEs as invalid, owned by hardware. */
	memset(buf, 0, (size_t)64 << log);
	for (uint32_t i = 0; i < (1u << log); i++)
		((uint8_t *)buf)[i * 64 + 63] = MLX5_CQE_INVALID << 4 | 1;
	memset(dbr, 0, 64);
	emu_mem_dma_shared(buf, (size_t)64 << log);
	emu_mem_dma_shared(dbr, 64);
	emu_lock();
	v->cq = emu_cq_new(ad, log, buf, dbr);
	emu_unlock();
	if (v->cq == NULL)
		goto err_free;
	v->cq->own_buf = buf;
	v->cq->own_dbrec = dbr;
	v->cq->comp_en = comp_en;
	v->cq->mini_format = mini_format;
	emu_cq_comp_setup(v->cq);
	v->ad = ad;
	v->ibv.context = context;
	v->ibv.cq_context = cq_context;
	v->ibv.cqe = (1 << log) - 1;
	v->ibv.handle = v->cq->cqn;
	return v;
err_free:
	free(dbr);
	free(buf);
	free(v);
	errno = ENOMEM;
	return NULL;
}

struct ibv_cq *
ibv_create_cq(struct ibv_context *context, int cqe, void *cq_context,
	      struct ibv_comp_channel *channel, int comp_vector)
{
	struct emu_vcq *v;

	(void)channel;
	(void)comp_vector;
	v = emu_verbs_cq_new(context, cqe, cq_context, false, 0);
	return v != NULL ? &v->ibv : NULL;
}

/* rdma-core mlx5dv_cqe_comp_res_format bits -> PRM mini CQE format. */
static int
emu_verbs_cq_mini_format(uint8_t res_format, const struct emu_model *m)
{
	switch (res_format) {
	case MLX5DV_CQE_RES_FORMAT_HASH:
		return MLX5X_MINI_CQE_FORMAT_HASH;
	case MLX5DV_CQE_RES_FORMAT_CSUM:
		return MLX5X_MINI_CQE_FORMAT_CSUM;
	case MLX5DV_CQE_RES_FORMAT_CSUM_STRIDX:
		return m->striding_rq ? MLX5X_MINI_CQE_FORMAT_CSUM_STRIDX : -1;
	default:
		return -1; /* exactly one format */
	}
}

struct ibv_cq_ex *
mlx5dv_create_cq(struct ibv_context *context,
		 struct ibv_cq_init_attr_ex *cq_attr,
		 struct mlx5dv_cq_init_attr *mlx5_cq_attr)
{
	const struct emu_model *m;
	struct emu_vcq *v;
	bool comp = false;
	int fmt = 0;

	if (context == NULL || cq_attr == NULL || cq_attr->cqe > INT32_MAX) {
		errno = EINVAL;
		return NULL;
	}
	m = emu_ctx_of(context)->ad->cfg.model;
	if (mlx5_cq_attr != NULL) {
		uint64_t cm = mlx5_cq_attr->comp_mask;

		if (cm & ~(uint64_t)(MLX5DV_CQ_INIT_ATTR_MASK_COMPRESSED_CQE |
				     MLX5DV_CQ_INIT_ATTR_MASK_FLAGS |
				     MLX5DV_CQ_INIT_ATTR_MASK_CQE_SIZE)) {
			errno = EINVAL;
			return NULL;
		}
		if ((cm & MLX5DV_CQ_INIT_ATTR_MASK_CQE_SIZE) &&
		    mlx5_cq_attr->cqe_size != 64) {
			errno = EINVAL; /* 128-byte CQEs are not modelled */
			return NULL;
		}
		if (cm & MLX5DV_CQ_INIT_ATTR_MASK_COMPRESSED_CQE) {
			fmt = emu_verbs_cq_mini_format(mlx5_cq_attr
							       ->cqe_comp_res_format,
						       m);
			if (!m->cqe_compression || fmt < 0) {
				errno = EINVAL;
				return NULL;
			}
			comp = true;
		}
	}
	v = emu_verbs_cq_new(context, (int)cq_attr->cqe, cq_attr->cq_context,
			     comp, (uint8_t)fmt);
	return v != NULL ? &v->ex : NULL;
}

int
ibv_destroy_cq(struct ibv_cq *ibv)
{
	struct emu_vcq *v = (struct emu_vcq *)ibv;

	emu_lock();
	if (v->cq->users != 0) {
		emu_unlock();
		return EBUSY;
	}
	emu_cq_release(v->ad, v->cq);
	emu_unlock();
	free(v);
	return 0;
}

/* Minimal ibv_poll_cq over the PRM ring, for Verbs users. */
int
emu_verbs_poll_cq(struct ibv_cq *ibv, int n, struct ibv_wc *wc)
{
	struct emu_vcq *v = (struct emu_vcq *)ibv;
	struct emu_cq *cq = v->cq;
	uint32_t size = 1u << cq->log_size;
	int got = 0;

	emu_lock();
	while (got < n) {
		uint32_t ci = be32toh(cq->dbrec[MLX5X_CQ_SET_CI]) & 0xffffff;
		struct mlx5_cqe64 *cqe =
			(struct mlx5_cqe64 *)(cq->buf +
					      (size_t)(ci & (size - 1)) * 64);
		uint8_t op = cqe->op_own >> 4;

		if ((cqe->op_own & 1) != ((ci >> cq->log_size) & 1) ||
		    op == MLX5_CQE_INVALID)
			break;
		memset(&wc[got], 0, sizeof(wc[got]));
		wc[got].status =
			op == MLX5_CQE_REQ_ERR || op == MLX5_CQE_RESP_ERR
				? IBV_WC_GENERAL_ERR
				: IBV_WC_SUCCESS;
		wc[got].opcode = op == MLX5_CQE_REQ ? IBV_WC_SEND : IBV_WC_RECV;
		wc[got].byte_len = be32toh(cqe->byte_cnt);
		wc[got].qp_num = be32toh(cqe->sop_drop_qpn) & 0xffffff;
		cq->dbrec[MLX5X_CQ_SET_CI] = htobe32((ci + 1) & 0xffffff);
		got++;
	}
	emu_unlock();
	return got;
}

int
mlx5dv_init_obj(struct mlx5dv_obj *obj, uint64_t obj_type)
{
	if (obj_type & MLX5DV_OBJ_PD) {
		struct emu_pd *pd = (struct emu_pd *)obj->pd.in;

		obj->pd.out->pdn = pd->pdn;
		obj->pd.out->comp_mask = 0;
	}
	if (obj_type & MLX5DV_OBJ_CQ) {
		struct emu_vcq *v = (struct emu_vcq *)obj->cq.in;

		obj->cq.out->buf = v->cq->buf;
		obj->cq.out->dbrec = v->cq->own_dbrec;
		obj->cq.out->cqe_cnt = 1u << v->cq->log_size;
		obj->cq.out->cqe_size = 64;
		/* rdma-core reports the UAR page CQ doorbells (arm) go to;
		 * the context's first CQ makes it, context close frees it. */
		obj->cq.out->cq_uar = emu_verbs_cq_uar(v->ibv.context);
		obj->cq.out->cqn = v->cq->cqn;
		obj->cq.out->comp_mask = 0;
	}
	if (obj_type & MLX5DV_OBJ_QP)
		emu_verbs_qp_init_obj(obj->qp.in, obj->qp.out);
	if (obj_type & MLX5DV_OBJ_RWQ)
		emu_verbs_wq_init_obj(obj->rwq.in, obj->rwq.out);
	if (obj_type & ~(uint64_t)(MLX5DV_OBJ_PD | MLX5DV_OBJ_CQ |
				   MLX5DV_OBJ_QP | MLX5DV_OBJ_RWQ))
		return EOPNOTSUPP;
	return 0;
}
