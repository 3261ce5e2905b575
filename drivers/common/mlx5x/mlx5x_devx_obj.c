/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PRM objects through DevX: CQ, RQ, SQ with their umem rings, TIS, RQT,
 * TIR, and NIC flow tables, groups and entries.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_malloc.h>

#include "mlx5x_common.h"
#include "mlx5x_devx.h"
#include "mlx5x_prm.h"

#define RING_ALIGN 4096
#define DBREC_SIZE 64

/* Ring of 2^log_n entries of 2^log_stride bytes, then the doorbell. */
static int
ring_alloc(struct ibv_context *ctx, struct mlx5x_devx_ring *r, uint8_t log_n,
	   uint8_t log_stride, int socket, const char *what)
{
	size_t ring = (size_t)1 << (log_n + log_stride);

	memset(r, 0, sizeof(*r));
	r->log_n = log_n;
	r->log_stride = log_stride;
	r->mem =
		rte_zmalloc_socket(what, ring + DBREC_SIZE, RING_ALIGN, socket);
	if (r->mem == NULL) {
		MLX5X_COMMON_LOG(ERR, "%s: no memory for a %zu-byte ring", what,
				 ring);
		return -ENOMEM;
	}
	r->dbrec = (volatile uint32_t *)((uint8_t *)r->mem + ring);
	r->umem = mlx5x_glue->devx_umem_reg(ctx, r->mem, ring + DBREC_SIZE,
					    IBV_ACCESS_LOCAL_WRITE);
	if (r->umem == NULL) {
		int err = errno ? errno : EINVAL;

		MLX5X_COMMON_LOG(ERR, "%s: mlx5dv_devx_umem_reg failed: %s",
				 what, strerror(err));
		rte_free(r->mem);
		r->mem = NULL;
		return -err;
	}
	return 0;
}

static void
ring_free(struct mlx5x_devx_ring *r)
{
	if (r->umem != NULL && mlx5x_glue->devx_umem_dereg(r->umem) != 0)
		MLX5X_COMMON_LOG(WARNING, "mlx5dv_devx_umem_dereg failed");
	rte_free(r->mem);
	r->umem = NULL;
	r->mem = NULL;
}

static uint64_t
ring_dbr_offset(const struct mlx5x_devx_ring *r)
{
	return (uint64_t)1 << (r->log_n + r->log_stride);
}

void
mlx5x_devx_ring_destroy(struct mlx5x_devx_ring *ring, const char *what)
{
	mlx5x_devx_obj_destroy(ring->obj, what);
	ring->obj = NULL;
	ring_free(ring);
}

int
mlx5x_devx_cq_create(struct ibv_context *ctx,
		     const struct mlx5x_devx_cq_attr *attr,
		     struct mlx5x_devx_ring *cq)
{
	uint32_t in[MLX5X_ST_SZ_DW(create_cq_in)] = { 0 };
	uint32_t out[MLX5X_ST_SZ_DW(create_cq_out)];
	void *cqc = MLX5X_ADDR_OF(create_cq_in, in, cq_context);
	struct mlx5_cqe64 *cqe;
	uint32_t i;
	int ret;

	ret = ring_alloc(ctx, cq, attr->log_n, 6, attr->socket, "CQ");
	if (ret < 0)
		return ret;
	/* Invalid and owned by hardware until its first pass writes it. */
	cqe = cq->mem;
	for (i = 0; i < (1u << attr->log_n); i++)
		cqe[i].op_own = (MLX5_CQE_INVALID << MLX5X_CQE_OPCODE_SHIFT) |
				MLX5_CQE_OWNER_MASK;
	MLX5X_SET(create_cq_in, in, opcode, MLX5X_CMD_OP_CREATE_CQ);
	MLX5X_SET(cqc, cqc, cqe_sz, MLX5X_CQE_SIZE_64B);
	MLX5X_SET(cqc, cqc, log_cq_size, attr->log_n);
	if (attr->cqe_comp) {
		/* PRM: the L3/L4 header format is res_format 0 with ext 1. */
		MLX5X_SET(cqc, cqc, cqe_comp_en, 1);
		if (attr->mini_format == MLX5X_MINI_CQE_FORMAT_L34H_STRIDX)
			MLX5X_SET(cqc_mini_ext, cqc, mini_cqe_res_format_ext,
				  1);
		else
			MLX5X_SET(cqc, cqc, mini_cqe_res_format,
				  attr->mini_format);
	}
	MLX5X_SET(cqc, cqc, uar_page, attr->uar_page);
	MLX5X_SET(cqc, cqc, c_eqn, attr->eqn);
	MLX5X_SET(cqc, cqc, log_page_size, 0); /* 4 KiB pages */
	MLX5X_SET(cqc, cqc, dbr_umem_valid, 1);
	MLX5X_SET(cqc, cqc, dbr_umem_id, cq->umem->umem_id);
	MLX5X_SET64(cqc, cqc, dbr_addr, ring_dbr_offset(cq));
	MLX5X_SET(create_cq_in, in, cq_umem_valid, 1);
	MLX5X_SET(create_cq_in, in, cq_umem_id, cq->umem->umem_id);
	MLX5X_SET64(create_cq_in, in, cq_umem_offset, 0);
	cq->obj = mlx5x_devx_obj_create(ctx, in, sizeof(in), out, sizeof(out),
					"CREATE_CQ");
	if (cq->obj == NULL) {
		ret = -rte_errno;
		goto err_free_ring;
	}
	cq->id = MLX5X_GET(create_cq_out, out, cqn);
	return 0;

err_free_ring:
	ring_free(cq);
	return ret;
}

/* The wq part common to RQ and SQ. */
static void
wq_fill(void *wq, const struct mlx5x_devx_ring *r,
	const struct mlx5x_devx_wq_attr *attr)
{
	MLX5X_SET(wq, wq, wq_type, MLX5X_WQ_TYPE_CYCLIC);
	MLX5X_SET(wq, wq, pd, attr->pdn);
	MLX5X_SET(wq, wq, log_wq_stride, r->log_stride);
	MLX5X_SET(wq, wq, log_wq_sz, r->log_n);
	MLX5X_SET(wq, wq, log_wq_pg_sz, 0);
	MLX5X_SET(wq, wq, dbr_umem_valid, 1);
	MLX5X_SET(wq, wq, wq_umem_valid, 1);
	MLX5X_SET(wq, wq, dbr_umem_id, r->umem->umem_id);
	MLX5X_SET(wq, wq, wq_umem_id, r->umem->umem_id);
	MLX5X_SET64(wq, wq, dbr_addr, ring_dbr_offset(r));
	MLX5X_SET64(wq, wq, wq_umem_offset, 0);
}

int
mlx5x_devx_rq_create(struct ibv_context *ctx,
		     const struct mlx5x_devx_wq_attr *attr,
		     struct mlx5x_devx_ring *rq)
{
	uint32_t in[MLX5X_ST_SZ_DW(create_rq_in)] = { 0 };
	uint32_t out[MLX5X_ST_SZ_DW(create_rq_out)];
	void *rqc = MLX5X_ADDR_OF(create_rq_in, in, ctx);
	int ret;

	/* 2^log_sges 16-byte data segments per receive WQE (scatter); a
	 * striding WQE is a 16-byte next segment and one data segment. */
	ret = ring_alloc(ctx, rq, attr->log_n,
			 (uint8_t)(attr->log_strd_num != 0
					   ? 5
					   : 4 + attr->log_sges),
			 attr->socket, "RQ");
	if (ret < 0)
		return ret;
	MLX5X_SET(create_rq_in, in, opcode, MLX5X_CMD_OP_CREATE_RQ);
	MLX5X_SET(rqc, rqc, state, MLX5X_QUEUE_STATE_RST);
	MLX5X_SET(rqc, rqc, mem_rq_type, MLX5X_RQC_MEM_RQ_TYPE_INLINE);
	MLX5X_SET(rqc, rqc, flush_in_error_en, 1);
	MLX5X_SET(rqc, rqc, vsd, !attr->vlan_strip);
	MLX5X_SET(rqc, rqc, cqn, attr->cqn);
	MLX5X_SET(rqc, rqc, counter_set_id, attr->counter_set_id);
	wq_fill(MLX5X_ADDR_OF(rqc, rqc, wq), rq, attr);
	if (attr->log_strd_num != 0) {
		void *wq = MLX5X_ADDR_OF(rqc, rqc, wq);

		/* PRM wq: 512 << n strides of 64 << m bytes. */
		MLX5X_SET(wq, wq, wq_type, MLX5X_WQ_TYPE_CYCLIC_STRIDING_RQ);
		MLX5X_SET(wq, wq, single_wqe_log_num_of_strides,
			  attr->log_strd_num - 9);
		MLX5X_SET(wq, wq, single_stride_log_num_of_bytes,
			  attr->log_strd_sz - 6);
	}
	rq->obj = mlx5x_devx_obj_create(ctx, in, sizeof(in), out, sizeof(out),
					"CREATE_RQ");
	if (rq->obj == NULL) {
		ret = -rte_errno;
		goto err_free_ring;
	}
	rq->id = MLX5X_GET(create_rq_out, out, rqn);
	return 0;

err_free_ring:
	ring_free(rq);
	return ret;
}

int
mlx5x_devx_sq_create(struct ibv_context *ctx,
		     const struct mlx5x_devx_wq_attr *attr,
		     struct mlx5x_devx_ring *sq)
{
	uint32_t in[MLX5X_ST_SZ_DW(create_sq_in)] = { 0 };
	uint32_t out[MLX5X_ST_SZ_DW(create_sq_out)];
	void *sqc = MLX5X_ADDR_OF(create_sq_in, in, ctx);
	void *wq = MLX5X_ADDR_OF(sqc, sqc, wq);
	int ret;

	/* 64-byte WQE basic blocks. */
	ret = ring_alloc(ctx, sq, attr->log_n, 6, attr->socket, "SQ");
	if (ret < 0)
		return ret;
	MLX5X_SET(create_sq_in, in, opcode, MLX5X_CMD_OP_CREATE_SQ);
	MLX5X_SET(sqc, sqc, state, MLX5X_QUEUE_STATE_RST);
	MLX5X_SET(sqc, sqc, flush_in_error_en, 1);
	MLX5X_SET(sqc, sqc, min_wqe_inline_mode, attr->min_inline_mode);
	MLX5X_SET(sqc, sqc, cqn, attr->cqn);
	MLX5X_SET(sqc, sqc, tis_lst_sz, 1);
	MLX5X_SET(sqc, sqc, tis_num_0, attr->tisn);
	wq_fill(wq, sq, attr);
	MLX5X_SET(wq, wq, uar_page, attr->uar_page);
	sq->obj = mlx5x_devx_obj_create(ctx, in, sizeof(in), out, sizeof(out),
					"CREATE_SQ");
	if (sq->obj == NULL) {
		ret = -rte_errno;
		goto err_free_ring;
	}
	sq->id = MLX5X_GET(create_sq_out, out, sqn);
	return 0;

err_free_ring:
	ring_free(sq);
	return ret;
}

int
mlx5x_devx_rq_set_state(struct mlx5x_devx_ring *rq, uint32_t from, uint32_t to)
{
	uint32_t in[MLX5X_ST_SZ_DW(modify_rq_in)] = { 0 };
	uint32_t out[MLX5X_ST_SZ_DW(mbox_out)];
	void *rqc = MLX5X_ADDR_OF(modify_rq_in, in, ctx);

	MLX5X_SET(modify_rq_in, in, opcode, MLX5X_CMD_OP_MODIFY_RQ);
	MLX5X_SET(modify_rq_in, in, rq_state, from);
	MLX5X_SET(modify_rq_in, in, rqn, rq->id);
	MLX5X_SET(rqc, rqc, state, to);
	return mlx5x_devx_obj_modify(rq->obj, in, sizeof(in), out, sizeof(out),
				     "MODIFY_RQ");
}

/* The same without a log line, for the Rx burst's error recovery. */
int
mlx5x_devx_rq_set_state_quiet(struct mlx5x_devx_ring *rq, uint32_t from,
			      uint32_t to)
{
	uint32_t in[MLX5X_ST_SZ_DW(modify_rq_in)] = { 0 };
	uint32_t out[MLX5X_ST_SZ_DW(mbox_out)] = { 0 };
	void *rqc = MLX5X_ADDR_OF(modify_rq_in, in, ctx);

	MLX5X_SET(modify_rq_in, in, opcode, MLX5X_CMD_OP_MODIFY_RQ);
	MLX5X_SET(modify_rq_in, in, rq_state, from);
	MLX5X_SET(modify_rq_in, in, rqn, rq->id);
	MLX5X_SET(rqc, rqc, state, to);
	if (mlx5x_glue->devx_obj_modify(rq->obj, in, sizeof(in), out,
					sizeof(out)) != 0 ||
	    MLX5X_GET(mbox_out, out, status) != MLX5X_CMD_STAT_OK)
		return -EIO;
	return 0;
}

/* The same without a log line, for the Tx burst's error recovery. */
int
mlx5x_devx_sq_set_state_quiet(struct mlx5x_devx_ring *sq, uint32_t from,
			      uint32_t to)
{
	uint32_t in[MLX5X_ST_SZ_DW(modify_sq_in)] = { 0 };
	uint32_t out[MLX5X_ST_SZ_DW(mbox_out)] = { 0 };
	void *sqc = MLX5X_ADDR_OF(modify_sq_in, in, ctx);

	MLX5X_SET(modify_sq_in, in, opcode, MLX5X_CMD_OP_MODIFY_SQ);
	MLX5X_SET(modify_sq_in, in, sq_state, from);
	MLX5X_SET(modify_sq_in, in, sqn, sq->id);
	MLX5X_SET(sqc, sqc, state, to);
	if (mlx5x_glue->devx_obj_modify(sq->obj, in, sizeof(in), out,
					sizeof(out)) != 0 ||
	    MLX5X_GET(mbox_out, out, status) != MLX5X_CMD_STAT_OK)
		return -EIO;
	return 0;
}

int
mlx5x_devx_sq_set_state(struct mlx5x_devx_ring *sq, uint32_t from, uint32_t to)
{
	uint32_t in[MLX5X_ST_SZ_DW(modify_sq_in)] = { 0 };
	uint32_t out[MLX5X_ST_SZ_DW(mbox_out)];
	void *sqc = MLX5X_ADDR_OF(modify_sq_in, in, ctx);

	MLX5X_SET(modify_sq_in, in, opcode, MLX5X_CMD_OP_MODIFY_SQ);
	MLX5X_SET(modify_sq_in, in, sq_state, from);
	MLX5X_SET(modify_sq_in, in, sqn, sq->id);
	MLX5X_SET(sqc, sqc, state, to);
	return mlx5x_devx_obj_modify(sq->obj, in, sizeof(in), out, sizeof(out),
				     "MODIFY_SQ");
}

struct mlx5dv_devx_obj *
mlx5x_devx_tis_create(struct ibv_context *ctx, uint32_t tdn, uint32_t *tisn)
{
	uint32_t in[MLX5X_ST_SZ_DW(create_tis_in)] = { 0 };
	uint32_t out[MLX5X_ST_SZ_DW(create_tis_out)];
	void *tisc = MLX5X_ADDR_OF(create_tis_in, in, ctx);
	struct mlx5dv_devx_obj *obj;

	MLX5X_SET(create_tis_in, in, opcode, MLX5X_CMD_OP_CREATE_TIS);
	MLX5X_SET(tisc, tisc, transport_domain, tdn);
	obj = mlx5x_devx_obj_create(ctx, in, sizeof(in), out, sizeof(out),
				    "CREATE_TIS");
	if (obj != NULL)
		*tisn = MLX5X_GET(create_tis_out, out, tisn);
	return obj;
}

struct mlx5dv_devx_obj *
mlx5x_devx_rqt_create(struct ibv_context *ctx, const uint32_t *rqn,
		      unsigned int n, uint32_t *rqtn)
{
	size_t inlen = MLX5X_ST_SZ_BYTES(create_rqt_in) +
		       n * MLX5X_ST_SZ_BYTES(rq_num);
	uint32_t out[MLX5X_ST_SZ_DW(create_rqt_out)];
	struct mlx5dv_devx_obj *obj;
	void *in, *rqtc;
	unsigned int i;

	in = rte_zmalloc("RQT", inlen, 0);
	if (in == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	rqtc = MLX5X_ADDR_OF(create_rqt_in, in, rqt_context);
	MLX5X_SET(create_rqt_in, in, opcode, MLX5X_CMD_OP_CREATE_RQT);
	MLX5X_SET(rqtc, rqtc, rqt_max_size, n);
	MLX5X_SET(rqtc, rqtc, rqt_actual_size, n);
	for (i = 0; i < n; i++) {
		void *e = (uint8_t *)MLX5X_ADDR_OF(rqtc, rqtc, rq_num) +
			  i * MLX5X_ST_SZ_BYTES(rq_num);

		MLX5X_SET(rq_num, e, rq_num, rqn[i]);
	}
	obj = mlx5x_devx_obj_create(ctx, in, inlen, out, sizeof(out),
				    "CREATE_RQT");
	if (obj != NULL)
		*rqtn = MLX5X_GET(create_rqt_out, out, rqtn);
	rte_free(in);
	return obj;
}

struct mlx5dv_devx_obj *
mlx5x_devx_tir_create(struct ibv_context *ctx,
		      const struct mlx5x_devx_tir_attr *attr, uint32_t *tirn)
{
	uint32_t in[MLX5X_ST_SZ_DW(create_tir_in)] = { 0 };
	uint32_t out[MLX5X_ST_SZ_DW(create_tir_out)];
	void *tirc = MLX5X_ADDR_OF(create_tir_in, in, ctx);
	void *sel = attr->inner ? MLX5X_ADDR_OF(tirc, tirc,
						rx_hash_field_selector_inner)
				: MLX5X_ADDR_OF(tirc, tirc,
						rx_hash_field_selector_outer);
	struct mlx5dv_devx_obj *obj;

	MLX5X_SET(create_tir_in, in, opcode, MLX5X_CMD_OP_CREATE_TIR);
	MLX5X_SET(tirc, tirc, transport_domain, attr->tdn);
	if (!attr->indirect) {
		MLX5X_SET(tirc, tirc, disp_type, MLX5X_TIRC_DISP_TYPE_DIRECT);
		MLX5X_SET(tirc, tirc, inline_rqn, attr->rqn_or_rqtn);
	} else {
		MLX5X_SET(tirc, tirc, disp_type, MLX5X_TIRC_DISP_TYPE_INDIRECT);
		MLX5X_SET(tirc, tirc, indirect_table, attr->rqn_or_rqtn);
		/* PRM: the adapter parses past the tunnel for this TIR. */
		MLX5X_SET(tirc, tirc, tunneled_offload_en, attr->inner);
		MLX5X_SET(tirc, tirc, rx_hash_fn,
			  attr->selected_fields ? MLX5X_RX_HASH_FN_TOEPLITZ
						: MLX5X_RX_HASH_FN_NONE);
		/* PRM: the key is a byte string, first byte first. */
		if (attr->selected_fields)
			memcpy(MLX5X_ADDR_OF(tirc, tirc, rx_hash_toeplitz_key),
			       attr->toeplitz_key, 40);
		MLX5X_SET(rx_hash_field_select, sel, l3_prot_type,
			  attr->l3_prot_type);
		MLX5X_SET(rx_hash_field_select, sel, l4_prot_type,
			  attr->l4_prot_type);
		MLX5X_SET(rx_hash_field_select, sel, selected_fields,
			  attr->selected_fields);
	}
	obj = mlx5x_devx_obj_create(ctx, in, sizeof(in), out, sizeof(out),
				    "CREATE_TIR");
	if (obj != NULL)
		*tirn = MLX5X_GET(create_tir_out, out, tirn);
	return obj;
}

struct mlx5dv_devx_obj *
mlx5x_devx_ft_create(struct ibv_context *ctx,
		     const struct mlx5x_devx_ft_loc *loc, uint8_t level,
		     uint8_t log_size, uint32_t *table_id)
{
	uint32_t in[MLX5X_ST_SZ_DW(create_flow_table_in)] = { 0 };
	uint32_t out[MLX5X_ST_SZ_DW(create_flow_table_out)];
	void *ftc = MLX5X_ADDR_OF(create_flow_table_in, in, flow_table_context);
	struct mlx5dv_devx_obj *obj;

	MLX5X_SET(create_flow_table_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, in, other_vport, loc->other);
	MLX5X_SET(create_flow_table_in, in, vport_number, loc->vport);
	MLX5X_SET(create_flow_table_in, in, table_type, loc->table_type);
	MLX5X_SET(flow_table_context, ftc, table_miss_action,
		  MLX5X_FLOW_TABLE_MISS_ACTION_DEFAULT);
	MLX5X_SET(flow_table_context, ftc, level, level);
	MLX5X_SET(flow_table_context, ftc, log_size, log_size);
	obj = mlx5x_devx_obj_create(ctx, in, sizeof(in), out, sizeof(out),
				    "CREATE_FLOW_TABLE");
	if (obj != NULL)
		*table_id = MLX5X_GET(create_flow_table_out, out, table_id);
	return obj;
}

struct mlx5dv_devx_obj *
mlx5x_devx_fg_create(struct ibv_context *ctx,
		     const struct mlx5x_devx_ft_loc *loc, uint32_t table_id,
		     uint32_t start, uint32_t end, uint8_t criteria_enable,
		     const void *match_criteria, uint32_t *group_id)
{
	uint32_t in[MLX5X_ST_SZ_DW(create_flow_group_in)] = { 0 };
	uint32_t out[MLX5X_ST_SZ_DW(create_flow_group_out)];
	struct mlx5dv_devx_obj *obj;

	MLX5X_SET(create_flow_group_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, in, other_vport, loc->other);
	MLX5X_SET(create_flow_group_in, in, vport_number, loc->vport);
	MLX5X_SET(create_flow_group_in, in, table_type, loc->table_type);
	MLX5X_SET(create_flow_group_in, in, table_id, table_id);
	MLX5X_SET(create_flow_group_in, in, start_flow_index, start);
	MLX5X_SET(create_flow_group_in, in, end_flow_index, end);
	MLX5X_SET(create_flow_group_in, in, match_criteria_enable,
		  criteria_enable);
	memcpy(MLX5X_ADDR_OF(create_flow_group_in, in, match_criteria),
	       match_criteria, MLX5X_ST_SZ_BYTES(fte_match_param));
	obj = mlx5x_devx_obj_create(ctx, in, sizeof(in), out, sizeof(out),
				    "CREATE_FLOW_GROUP");
	if (obj != NULL)
		*group_id = MLX5X_GET(create_flow_group_out, out, group_id);
	return obj;
}

struct mlx5dv_devx_obj *
mlx5x_devx_fte_create(struct ibv_context *ctx,
		      const struct mlx5x_devx_ft_loc *loc, uint32_t table_id,
		      uint32_t group_id, uint32_t index,
		      const void *match_value, uint32_t dest_type,
		      uint32_t dest_id)
{
	uint32_t in[MLX5X_ST_SZ_DW(set_fte_in) + MLX5X_ST_SZ_DW(dest_format)] = {
		0
	};
	uint32_t out[MLX5X_ST_SZ_DW(mbox_out)];
	void *fc = MLX5X_ADDR_OF(set_fte_in, in, flow_context);
	void *dest = MLX5X_ADDR_OF(flow_context, fc, destination);

	MLX5X_SET(set_fte_in, in, opcode, MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY);
	MLX5X_SET(set_fte_in, in, other_vport, loc->other);
	MLX5X_SET(set_fte_in, in, vport_number, loc->vport);
	MLX5X_SET(set_fte_in, in, table_type, loc->table_type);
	MLX5X_SET(set_fte_in, in, table_id, table_id);
	MLX5X_SET(set_fte_in, in, flow_index, index);
	MLX5X_SET(flow_context, fc, group_id, group_id);
	MLX5X_SET(flow_context, fc, action, MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST);
	MLX5X_SET(flow_context, fc, destination_list_size, 1);
	memcpy(MLX5X_ADDR_OF(flow_context, fc, match_value), match_value,
	       MLX5X_ST_SZ_BYTES(fte_match_param));
	MLX5X_SET(dest_format, dest, destination_type, dest_type);
	MLX5X_SET(dest_format, dest, destination_id, dest_id);
	return mlx5x_devx_obj_create(ctx, in, sizeof(in), out, sizeof(out),
				     "SET_FLOW_TABLE_ENTRY");
}

int
mlx5x_devx_ft_set_root(struct ibv_context *ctx,
		       const struct mlx5x_devx_ft_loc *loc, uint32_t table_id)
{
	uint32_t in[MLX5X_ST_SZ_DW(set_flow_table_root_in)] = { 0 };
	uint32_t out[MLX5X_ST_SZ_DW(mbox_out)];

	MLX5X_SET(set_flow_table_root_in, in, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, in, other_vport, loc->other);
	MLX5X_SET(set_flow_table_root_in, in, vport_number, loc->vport);
	MLX5X_SET(set_flow_table_root_in, in, table_type, loc->table_type);
	MLX5X_SET(set_flow_table_root_in, in, table_id, table_id);
	return mlx5x_devx_cmd(ctx, in, sizeof(in), out, sizeof(out),
			      "SET_FLOW_TABLE_ROOT");
}

int
mlx5x_devx_ft_unset_root(struct ibv_context *ctx,
			 const struct mlx5x_devx_ft_loc *loc)
{
	uint32_t in[MLX5X_ST_SZ_DW(set_flow_table_root_in)] = { 0 };
	uint32_t out[MLX5X_ST_SZ_DW(mbox_out)];

	/* PRM (as the kernel's fs_cmd uses it): op_mod 1 disconnects the
	 * current root, table_id 0. */
	MLX5X_SET(set_flow_table_root_in, in, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, in, op_mod, 1);
	MLX5X_SET(set_flow_table_root_in, in, other_vport, loc->other);
	MLX5X_SET(set_flow_table_root_in, in, vport_number, loc->vport);
	MLX5X_SET(set_flow_table_root_in, in, table_type, loc->table_type);
	return mlx5x_devx_cmd(ctx, in, sizeof(in), out, sizeof(out),
			      "SET_FLOW_TABLE_ROOT(disconnect)");
}
