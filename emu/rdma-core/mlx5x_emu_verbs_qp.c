/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Verbs raw packet QPs. As mlx5_ib does in the kernel, the provider turns
 * an IBV_QPT_RAW_PACKET QP into PRM objects:
 *  - a send QP is a TIS and an SQ (CREATE_TIS, CREATE_SQ over a buffer and
 *    doorbell record the provider allocates, plus a UAR page for the
 *    BlueFlame register); ibv_modify_qp walks the SQ through the PRM queue
 *    states: RESET, INIT and RTR keep it in RST, RTS makes it RDY, ERR
 *    moves it to ERR;
 *  - an RSS QP (rx_hash_conf over an indirection table) is a TIR
 *    (CREATE_TIR, indirect, Toeplitz over the fields the mask selects); it
 *    has no state to modify and only serves as a steering destination.
 * A raw packet QP with its own receive queue is not modelled.
 * mlx5dv_init_obj(MLX5DV_OBJ_QP) reports SQ ring, doorbell record (receive
 * at [0], send at [1]), BlueFlame register and, on request, the UAR mmap
 * offset and the raw object numbers (tirn, tisn, rqn, sqn).
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_cmd.h"
#include "mlx5x_emu_verbs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* rdma-core mlx5: BlueFlame registers are half of a 512-byte
 * (log_bf_reg_size 9) register pair. */
#define EMU_BF_SIZE 256

struct emu_vqp {
	struct ibv_qp ibv;
	struct emu_ctx *ctx;
	bool rss;
	uint32_t tirn, tisn, sqn;
	uint8_t sq_state; /* PRM state of the SQ */
	uint8_t *buf;
	uint32_t *dbrec;
	uint32_t wqe_cnt;
	struct mlx5dv_devx_umem *umem, *dbr_umem;
	struct mlx5dv_devx_uar *uar;
};

int
emu_verbs_cmd(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
	      size_t outlen)
{
	int status;

	emu_lock();
	status = emu_cmd_exec(ctx, in, inlen, out, outlen, NULL);
	emu_unlock();
	return status;
}

/* The transport domain of a context's Verbs objects: mlx5_ib allocates one
 * per user context, the first time a QP needs it. */
static uint32_t
emu_verbs_td(struct emu_ctx *ctx)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(obj_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(alloc_transport_domain_out)] = { 0 };

	if (ctx->verbs_tdn != 0)
		return ctx->verbs_tdn;
	MLX5X_SET(obj_in, in, opcode, MLX5X_CMD_OP_ALLOC_TRANSPORT_DOMAIN);
	if (emu_verbs_cmd(ctx, in, sizeof(in), out, sizeof(out)) == 0)
		ctx->verbs_tdn = MLX5X_GET(alloc_transport_domain_out, out,
					   transport_domain);
	return ctx->verbs_tdn;
}

static int
emu_verbs_destroy_obj(struct emu_ctx *ctx, uint16_t opcode, uint32_t id)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(obj_in)] = { 0 };
	uint8_t out[16];

	MLX5X_SET(obj_in, in, opcode, opcode);
	MLX5X_SET(obj_in, in, obj_id, id);
	return emu_verbs_cmd(ctx, in, sizeof(in), out, sizeof(out));
}

/* ---- RSS QP -> TIR ------------------------------------------------------ */

/* Kernel mlx5_ib rules for rx_hash_fields_mask: IPv4 and IPv6 fields, or
 * TCP and UDP ports, cannot mix; no fields only over a one-entry table. */
static int
emu_verbs_rss_fields(const struct ibv_rx_hash_conf *h, uint32_t log_size,
		     void *sel, bool *hashed)
{
	uint64_t m = h->rx_hash_fields_mask;
	uint64_t v4 = IBV_RX_HASH_SRC_IPV4 | IBV_RX_HASH_DST_IPV4;
	uint64_t v6 = IBV_RX_HASH_SRC_IPV6 | IBV_RX_HASH_DST_IPV6;
	uint64_t tcp = IBV_RX_HASH_SRC_PORT_TCP | IBV_RX_HASH_DST_PORT_TCP;
	uint64_t udp = IBV_RX_HASH_SRC_PORT_UDP | IBV_RX_HASH_DST_PORT_UDP;
	uint32_t f = 0;

	if (m & ~(v4 | v6 | tcp | udp))
		return EOPNOTSUPP; /* inner, IPsec SPI: not modelled */
	if (((m & v4) && (m & v6)) || ((m & tcp) && (m & udp)))
		return EINVAL;
	if (m == 0) {
		*hashed = false;
		return log_size == 0 ? 0 : EINVAL;
	}
	*hashed = true;
	if ((m & (tcp | udp)) && !(m & (v4 | v6)))
		return EINVAL; /* the L4 selector needs an L3 one */
	MLX5X_SET(rx_hash_field_select, sel, l3_prot_type,
		  (m & v6) ? MLX5X_L3_PROT_TYPE_IPV6 : MLX5X_L3_PROT_TYPE_IPV4);
	MLX5X_SET(rx_hash_field_select, sel, l4_prot_type,
		  (m & udp) ? MLX5X_L4_PROT_TYPE_UDP : MLX5X_L4_PROT_TYPE_TCP);
	if (m & (IBV_RX_HASH_SRC_IPV4 | IBV_RX_HASH_SRC_IPV6))
		f |= MLX5X_HASH_FIELD_SEL_SRC_IP;
	if (m & (IBV_RX_HASH_DST_IPV4 | IBV_RX_HASH_DST_IPV6))
		f |= MLX5X_HASH_FIELD_SEL_DST_IP;
	if (m & (IBV_RX_HASH_SRC_PORT_TCP | IBV_RX_HASH_SRC_PORT_UDP))
		f |= MLX5X_HASH_FIELD_SEL_L4_SPORT;
	if (m & (IBV_RX_HASH_DST_PORT_TCP | IBV_RX_HASH_DST_PORT_UDP))
		f |= MLX5X_HASH_FIELD_SEL_L4_DPORT;
	MLX5X_SET(rx_hash_field_select, sel, selected_fields, f);
	return 0;
}

static int
emu_verbs_qp_create_rss(struct emu_vqp *v, struct ibv_qp_init_attr_ex *attr)
{
	const struct ibv_rx_hash_conf *h = &attr->rx_hash_conf;
	uint8_t in[MLX5X_ST_SZ_BYTES(create_tir_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(create_tir_out)] = { 0 };
	void *c = MLX5X_ADDR_OF(create_tir_in, in, ctx);
	uint32_t tdn = emu_verbs_td(v->ctx);
	uint32_t log_size;
	bool hashed;
	int err, i;

	if (!(attr->comp_mask & IBV_QP_INIT_ATTR_IND_TABLE) ||
	    attr->rwq_ind_tbl == NULL || attr->cap.max_send_wr != 0)
		return EINVAL;
	if (h->rx_hash_function != IBV_RX_HASH_FUNC_TOEPLITZ ||
	    h->rx_hash_key_len != 40 || h->rx_hash_key == NULL)
		return EINVAL; /* PRM: the Toeplitz key is 40 bytes */
	if (tdn == 0)
		return ENOMEM;
	/* The table's size is what it was created with: the RQT knows. */
	log_size = emu_verbs_ind_table_log_size(v->ctx, attr->rwq_ind_tbl);
	err = emu_verbs_rss_fields(h, log_size,
				   MLX5X_ADDR_OF(tirc, c,
						 rx_hash_field_selector_outer),
				   &hashed);
	if (err != 0)
		return err;
	MLX5X_SET(create_tir_in, in, opcode, MLX5X_CMD_OP_CREATE_TIR);
	MLX5X_SET(tirc, c, disp_type, MLX5X_TIRC_DISP_TYPE_INDIRECT);
	MLX5X_SET(tirc, c, indirect_table, attr->rwq_ind_tbl->ind_tbl_num);
	MLX5X_SET(tirc, c, transport_domain, tdn);
	MLX5X_SET(tirc, c, rx_hash_fn,
		  hashed ? MLX5X_RX_HASH_FN_TOEPLITZ : MLX5X_RX_HASH_FN_NONE);
	for (i = 0; i < 10; i++) {
		const uint8_t *k = h->rx_hash_key + i * 4;

		MLX5X_SET(tirc, c, rx_hash_toeplitz_key[i],
			  (uint32_t)k[0] << 24 | (uint32_t)k[1] << 16 |
				  (uint32_t)k[2] << 8 | k[3]);
	}
	if (emu_verbs_cmd(v->ctx, in, sizeof(in), out, sizeof(out)) != 0)
		return EINVAL;
	v->rss = true;
	v->tirn = MLX5X_GET(create_tir_out, out, tirn);
	v->ibv.qp_num = v->tirn;
	return 0;
}

/* ---- send QP -> TIS + SQ ------------------------------------------------ */

static uint32_t
emu_log2_ceil32(uint32_t v)
{
	uint32_t l = 0;

	while ((1u << l) < v)
		l++;
	return l;
}

static int
emu_verbs_qp_create_sq(struct emu_vqp *v, struct ibv_qp_init_attr_ex *attr)
{
	uint8_t tin[MLX5X_ST_SZ_BYTES(create_tis_in)] = { 0 };
	uint8_t in[MLX5X_ST_SZ_BYTES(create_sq_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(create_sq_out)] = { 0 };
	void *c = MLX5X_ADDR_OF(create_sq_in, in, ctx);
	void *wq = MLX5X_ADDR_OF(sqc, c, wq);
	uint32_t tdn = emu_verbs_td(v->ctx);
	uint32_t wqe_sz, inl, sge, bbs, log_n;
	size_t bytes;

	if (attr->send_cq == NULL || attr->cap.max_send_wr == 0 || tdn == 0)
		return EINVAL;
	if (attr->cap.max_recv_wr != 0 || attr->srq != NULL)
		return EOPNOTSUPP; /* a raw QP's own RQ is not modelled */
	/* rdma-core mlx5 sizes a raw packet send WQE as control and
	 * Ethernet segments, then the larger of the data segments and the
	 * inline data, in 64-byte WQEBBs. */
	sge = attr->cap.max_send_sge == 0 ? 1 : attr->cap.max_send_sge;
	inl = (attr->cap.max_inline_data + 4 + 15) & ~15u;
	wqe_sz = 32 + (sge * 16 > inl ? sge * 16 : inl);
	if (attr->comp_mask & IBV_QP_INIT_ATTR_MAX_TSO_HEADER)
		wqe_sz += (attr->max_tso_header + 15) & ~15u;
	bbs = (wqe_sz + 63) / 64;
	if (attr->cap.max_send_wr > (1u << 16) || bbs > 16)
		return EINVAL;
	log_n = emu_log2_ceil32(attr->cap.max_send_wr * bbs);
	if (log_n > v->ctx->ad->cfg.model->log_max_wq_sz)
		return EINVAL;
	v->wqe_cnt = 1u << log_n;
	bytes = (size_t)v->wqe_cnt * 64;
	v->buf = aligned_alloc(4096, bytes < 4096 ? 4096 : bytes);
	v->dbrec = aligned_alloc(64, 64);
	if (v->buf == NULL || v->dbrec == NULL)
		return ENOMEM;
	memset(v->buf, 0, bytes);
	memset(v->dbrec, 0, 64);
	v->umem = emu_umem_reg(v->ctx, v->buf, bytes, IBV_ACCESS_LOCAL_WRITE);
	v->dbr_umem =
		emu_umem_reg(v->ctx, v->dbrec, 64, IBV_ACCESS_LOCAL_WRITE);
	v->uar = emu_uar_alloc(v->ctx);
	if (v->umem == NULL || v->dbr_umem == NULL || v->uar == NULL)
		return ENOMEM;
	MLX5X_SET(create_tis_in, tin, opcode, MLX5X_CMD_OP_CREATE_TIS);
	MLX5X_SET(tisc, MLX5X_ADDR_OF(create_tis_in, tin, ctx),
		  transport_domain, tdn);
	if (emu_verbs_cmd(v->ctx, tin, sizeof(tin), out, sizeof(out)) != 0)
		return EINVAL;
	v->tisn = MLX5X_GET(create_tis_out, out, tisn);
	MLX5X_SET(create_sq_in, in, opcode, MLX5X_CMD_OP_CREATE_SQ);
	MLX5X_SET(sqc, c, state, MLX5X_QUEUE_STATE_RST);
	/* As mlx5_ib makes a raw packet QP's SQ: flushed in ERR. */
	MLX5X_SET(sqc, c, flush_in_error_en, 1);
	MLX5X_SET(sqc, c, cqn, attr->send_cq->handle);
	MLX5X_SET(sqc, c, tis_lst_sz, 1);
	MLX5X_SET(sqc, c, tis_num_0, v->tisn);
	/* As mlx5_core's mlx5_query_min_inline: the caps' encoding (L2,
	 * vport context, not required) becomes sqc's (none, L2, IP,
	 * TCP/UDP); the model's vport contexts require L2. */
	MLX5X_SET(sqc, c, min_wqe_inline_mode,
		  v->ctx->ad->cfg.model->wqe_inline_mode ==
				  MLX5X_CAP_INLINE_MODE_NOT_REQUIRED
			  ? 0 /* none */
			  : 1 /* L2 */);
	MLX5X_SET(wq, wq, wq_type, MLX5X_WQ_TYPE_CYCLIC);
	MLX5X_SET(wq, wq, pd, attr->pd->handle);
	MLX5X_SET(wq, wq, log_wq_stride, 6);
	MLX5X_SET(wq, wq, log_wq_sz, log_n);
	MLX5X_SET(wq, wq, wq_umem_valid, 1);
	MLX5X_SET(wq, wq, wq_umem_id, v->umem->umem_id);
	MLX5X_SET(wq, wq, dbr_umem_valid, 1);
	MLX5X_SET(wq, wq, dbr_umem_id, v->dbr_umem->umem_id);
	memset(out, 0, sizeof(out));
	if (emu_verbs_cmd(v->ctx, in, sizeof(in), out, sizeof(out)) != 0)
		return EINVAL;
	v->sqn = MLX5X_GET(create_sq_out, out, sqn);
	v->sq_state = MLX5X_QUEUE_STATE_RST;
	v->ibv.qp_num = v->sqn;
	/* rdma-core reports what the ring holds. */
	attr->cap.max_send_wr = v->wqe_cnt / bbs;
	return 0;
}

static void
emu_verbs_qp_free(struct emu_vqp *v)
{
	if (v->sqn != 0)
		emu_verbs_destroy_obj(v->ctx, MLX5X_CMD_OP_DESTROY_SQ, v->sqn);
	if (v->tisn != 0)
		emu_verbs_destroy_obj(v->ctx, MLX5X_CMD_OP_DESTROY_TIS,
				      v->tisn);
	if (v->uar != NULL)
		emu_uar_free(v->uar);
	if (v->dbr_umem != NULL)
		emu_umem_dereg(v->dbr_umem);
	if (v->umem != NULL)
		emu_umem_dereg(v->umem);
	pthread_cond_destroy(&v->ibv.cond);
	pthread_mutex_destroy(&v->ibv.mutex);
	free(v->dbrec);
	free(v->buf);
	free(v);
}

struct ibv_qp *
emu_verbs_qp_create(struct ibv_context *context,
		    struct ibv_qp_init_attr_ex *attr)
{
	struct emu_vqp *v;
	int err;

	if (attr == NULL || !(attr->comp_mask & IBV_QP_INIT_ATTR_PD) ||
	    attr->pd == NULL) {
		errno = EINVAL;
		return NULL;
	}
	if (attr->qp_type != IBV_QPT_RAW_PACKET) {
		errno = EOPNOTSUPP; /* an Ethernet adapter model: raw only */
		return NULL;
	}
	v = calloc(1, sizeof(*v));
	if (v == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	v->ctx = emu_ctx_of(context);
	pthread_mutex_init(&v->ibv.mutex, NULL);
	pthread_cond_init(&v->ibv.cond, NULL);
	v->ibv.context = context;
	v->ibv.qp_context = attr->qp_context;
	v->ibv.pd = attr->pd;
	v->ibv.send_cq = attr->send_cq;
	v->ibv.recv_cq = attr->recv_cq;
	v->ibv.qp_type = IBV_QPT_RAW_PACKET;
	v->ibv.state = IBV_QPS_RESET;
	if (attr->comp_mask & IBV_QP_INIT_ATTR_RX_HASH)
		err = emu_verbs_qp_create_rss(v, attr);
	else
		err = emu_verbs_qp_create_sq(v, attr);
	if (err != 0) {
		emu_verbs_qp_free(v);
		errno = err;
		return NULL;
	}
	v->ibv.handle = v->ibv.qp_num;
	return &v->ibv;
}

struct ibv_qp *
ibv_create_qp(struct ibv_pd *pd, struct ibv_qp_init_attr *attr)
{
	struct ibv_qp_init_attr_ex ex;
	struct ibv_qp *qp;

	if (pd == NULL || attr == NULL) {
		errno = EINVAL;
		return NULL;
	}
	memset(&ex, 0, sizeof(ex));
	memcpy(&ex, attr, sizeof(*attr));
	ex.comp_mask = IBV_QP_INIT_ATTR_PD;
	ex.pd = pd;
	qp = emu_verbs_qp_create(pd->context, &ex);
	if (qp != NULL)
		attr->cap = ex.cap;
	return qp;
}

/* PRM SQ state for a Verbs QP state: only RTS sends. */
static uint8_t
emu_verbs_qp_sq_state(enum ibv_qp_state s)
{
	switch (s) {
	case IBV_QPS_RTS:
		return MLX5X_QUEUE_STATE_RDY;
	case IBV_QPS_ERR:
	case IBV_QPS_SQE:
		return MLX5X_QUEUE_STATE_ERR;
	default:
		return MLX5X_QUEUE_STATE_RST;
	}
}

/* IB spec transitions a raw packet QP may take (the kernel's
 * qp_state_table): RESET->INIT needs the port, then INIT->RTR->RTS;
 * RESET and ERR from anywhere. */
static bool
emu_verbs_qp_transition_ok(enum ibv_qp_state cur, enum ibv_qp_state next,
			   int mask)
{
	if (next == IBV_QPS_RESET || next == IBV_QPS_ERR)
		return true;
	switch (cur) {
	case IBV_QPS_RESET:
		return next == IBV_QPS_INIT && (mask & IBV_QP_PORT);
	case IBV_QPS_INIT:
		return next == IBV_QPS_INIT || next == IBV_QPS_RTR;
	case IBV_QPS_RTR:
		return next == IBV_QPS_RTS;
	case IBV_QPS_RTS:
		return next == IBV_QPS_RTS;
	default:
		return false;
	}
}

int
ibv_modify_qp(struct ibv_qp *qp, struct ibv_qp_attr *attr, int mask)
{
	struct emu_vqp *v = (struct emu_vqp *)qp;
	uint8_t in[MLX5X_ST_SZ_BYTES(modify_sq_in)] = { 0 };
	uint8_t out[16];
	enum ibv_qp_state cur = qp->state, next;
	uint8_t sq_next;

	if (attr == NULL)
		return EINVAL;
	if (v->rss)
		return ENOSYS; /* mlx5_ib: an RSS QP has no state */
	if (!(mask & IBV_QP_STATE))
		return 0;
	if ((mask & IBV_QP_CUR_STATE) && attr->cur_qp_state != cur)
		return EINVAL;
	next = attr->qp_state;
	if (!emu_verbs_qp_transition_ok(cur, next, mask))
		return EINVAL;
	if ((mask & IBV_QP_PORT) &&
	    (attr->port_num == 0 ||
	     attr->port_num > (v->ctx->fn != 0 ? 1u : v->ctx->ad->nports)))
		return EINVAL;
	sq_next = emu_verbs_qp_sq_state(next);
	/* RST->ERR is no PRM transition: a queue that never ran stays. */
	if (sq_next != v->sq_state && !(v->sq_state == MLX5X_QUEUE_STATE_RST &&
					sq_next == MLX5X_QUEUE_STATE_ERR)) {
		MLX5X_SET(modify_sq_in, in, opcode, MLX5X_CMD_OP_MODIFY_SQ);
		MLX5X_SET(modify_sq_in, in, sqn, v->sqn);
		MLX5X_SET(modify_sq_in, in, sq_state, v->sq_state);
		MLX5X_SET(sqc, MLX5X_ADDR_OF(modify_sq_in, in, ctx), state,
			  sq_next);
		if (emu_verbs_cmd(v->ctx, in, sizeof(in), out, sizeof(out)) !=
		    0)
			return EINVAL;
		v->sq_state = sq_next;
	}
	qp->state = next;
	return 0;
}

int
ibv_destroy_qp(struct ibv_qp *qp)
{
	struct emu_vqp *v = (struct emu_vqp *)qp;

	if (qp == NULL)
		return EINVAL;
	if (v->rss) {
		if (emu_verbs_destroy_obj(v->ctx, MLX5X_CMD_OP_DESTROY_TIR,
					  v->tirn) != 0)
			return EBUSY; /* a flow still forwards to it */
		v->tirn = 0;
	}
	emu_verbs_qp_free(v);
	return 0;
}

int
emu_verbs_qp_init_obj(struct ibv_qp *qp, struct mlx5dv_qp *out)
{
	struct emu_vqp *v = (struct emu_vqp *)qp;
	uint64_t mask = 0;

	out->dbrec = (__be32 *)v->dbrec;
	out->sq.buf = v->buf;
	out->sq.wqe_cnt = v->wqe_cnt;
	out->sq.stride = v->rss ? 0 : 64;
	out->rq.buf = NULL;
	out->rq.wqe_cnt = 0;
	out->rq.stride = 0;
	out->bf.reg = v->uar != NULL ? v->uar->reg_addr : NULL;
	out->bf.size = v->uar != NULL ? EMU_BF_SIZE : 0;
	if ((out->comp_mask & MLX5DV_QP_MASK_UAR_MMAP_OFFSET) &&
	    v->uar != NULL) {
		out->uar_mmap_offset = v->uar->mmap_off;
		mask |= MLX5DV_QP_MASK_UAR_MMAP_OFFSET;
	}
	if (out->comp_mask & MLX5DV_QP_MASK_RAW_QP_HANDLES) {
		out->tirn = v->tirn;
		out->tisn = v->tisn;
		out->rqn = 0;
		out->sqn = v->sqn;
		mask |= MLX5DV_QP_MASK_RAW_QP_HANDLES;
	}
	/* rdma-core answers with the subset it filled. */
	out->comp_mask = mask;
	return 0;
}

void *
emu_verbs_cq_uar(struct ibv_context *context)
{
	struct emu_ctx *ctx = emu_ctx_of(context);

	if (ctx->cq_uar == NULL)
		ctx->cq_uar = emu_uar_alloc(ctx);
	return ctx->cq_uar != NULL ? ctx->cq_uar->base_addr : NULL;
}
