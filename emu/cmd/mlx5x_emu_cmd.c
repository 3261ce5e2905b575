/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The command interface: mlx5dv_devx_general_cmd and the DevX object
 * calls carry PRM in/out boxes. The dispatcher checks what firmware checks
 * before any command runs (known opcode, in/out box long enough) and
 * writes status and syndrome into the out box header; each command family
 * lives in the file of the object it manages.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_cmd.h"
#include "mlx5x_emu_esw_vport.h"
#include "mlx5x_emu_q_counter.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct emu_cmd_desc {
	uint16_t opcode;
	const char *name;
	emu_cmd_fn fn;
	uint32_t min_in;  /* bytes */
	uint32_t min_out; /* bytes */
	bool creates;	  /* valid for mlx5dv_devx_obj_create */
};

#define CMD(op, fn, in, out, cr)                                               \
	{                                                                      \
		MLX5X_CMD_OP_##op, #op, fn, in, out, cr                        \
	}

static const struct emu_cmd_desc emu_cmds[] = {
	CMD(QUERY_HCA_CAP, emu_hca_cap_query, 16,
	    MLX5X_ST_SZ_BYTES(query_hca_cap_out), false),
	CMD(QUERY_NIC_VPORT_CONTEXT, emu_vport_query_ctx, 16,
	    MLX5X_ST_SZ_BYTES(query_nic_vport_context_out), false),
	CMD(MODIFY_NIC_VPORT_CONTEXT, emu_vport_modify_ctx,
	    MLX5X_ST_SZ_BYTES(modify_nic_vport_context_in), 16, false),
	CMD(QUERY_ESW_VPORT_CONTEXT, emu_esw_vport_cmd,
	    MLX5X_ST_SZ_BYTES(query_esw_vport_context_in),
	    MLX5X_ST_SZ_BYTES(query_esw_vport_context_out), false),
	CMD(MODIFY_ESW_VPORT_CONTEXT, emu_esw_vport_cmd,
	    MLX5X_ST_SZ_BYTES(modify_esw_vport_context_in), 16, false),
	CMD(QUERY_VPORT_COUNTER, emu_vport_query_counter, 16,
	    MLX5X_BYTE_OFF(query_vport_counter_out, reserved_at_680), false),
	CMD(ALLOC_PD, emu_pd_alloc, 16, 16, true),
	CMD(DEALLOC_PD, emu_pd_dealloc, 16, 16, false),
	CMD(ALLOC_TRANSPORT_DOMAIN, emu_td_alloc, 16, 16, true),
	CMD(DEALLOC_TRANSPORT_DOMAIN, emu_td_dealloc, 16, 16, false),
	CMD(CREATE_CQ, emu_cq_cmd, MLX5X_ST_SZ_BYTES(create_cq_in), 16, true),
	CMD(DESTROY_CQ, emu_cq_cmd, 16, 16, false),
	CMD(QUERY_CQ, emu_cq_cmd, 16, MLX5X_ST_SZ_BYTES(query_cq_out), false),
	CMD(CREATE_SQ, emu_sq_cmd, MLX5X_ST_SZ_BYTES(create_sq_in), 16, true),
	CMD(MODIFY_SQ, emu_sq_cmd, MLX5X_ST_SZ_BYTES(modify_sq_in), 16, false),
	CMD(DESTROY_SQ, emu_sq_cmd, 16, 16, false),
	CMD(QUERY_SQ, emu_sq_cmd, 16, MLX5X_ST_SZ_BYTES(query_sq_out), false),
	CMD(CREATE_RQ, emu_rq_cmd, MLX5X_ST_SZ_BYTES(create_rq_in), 16, true),
	CMD(MODIFY_RQ, emu_rq_cmd, MLX5X_ST_SZ_BYTES(modify_rq_in), 16, false),
	CMD(DESTROY_RQ, emu_rq_cmd, 16, 16, false),
	CMD(QUERY_RQ, emu_rq_cmd, 16, MLX5X_ST_SZ_BYTES(query_rq_out), false),
	CMD(CREATE_TIS, emu_tis_cmd, MLX5X_ST_SZ_BYTES(create_tis_in), 16,
	    true),
	CMD(DESTROY_TIS, emu_tis_cmd, 16, 16, false),
	CMD(CREATE_TIR, emu_tir_cmd, MLX5X_ST_SZ_BYTES(create_tir_in), 16,
	    true),
	CMD(MODIFY_TIR, emu_tir_cmd, MLX5X_ST_SZ_BYTES(modify_tir_in), 16,
	    false),
	CMD(DESTROY_TIR, emu_tir_cmd, 16, 16, false),
	CMD(QUERY_TIR, emu_tir_cmd, 16, MLX5X_ST_SZ_BYTES(query_tir_out),
	    false),
	CMD(CREATE_RQT, emu_rqt_cmd, MLX5X_ST_SZ_BYTES(create_rqt_in), 16,
	    true),
	CMD(MODIFY_RQT, emu_rqt_cmd, MLX5X_ST_SZ_BYTES(modify_rqt_in), 16,
	    false),
	CMD(DESTROY_RQT, emu_rqt_cmd, 16, 16, false),
	CMD(CREATE_FLOW_TABLE, emu_steering_cmd,
	    MLX5X_ST_SZ_BYTES(create_flow_table_in), 16, true),
	CMD(DESTROY_FLOW_TABLE, emu_steering_cmd,
	    MLX5X_ST_SZ_BYTES(destroy_flow_table_in), 16, false),
	CMD(CREATE_FLOW_GROUP, emu_steering_cmd,
	    MLX5X_ST_SZ_BYTES(create_flow_group_in), 16, true),
	CMD(DESTROY_FLOW_GROUP, emu_steering_cmd,
	    MLX5X_ST_SZ_BYTES(destroy_flow_group_in), 16, false),
	CMD(SET_FLOW_TABLE_ENTRY, emu_steering_cmd,
	    MLX5X_ST_SZ_BYTES(set_fte_in), 16, true),
	CMD(DELETE_FLOW_TABLE_ENTRY, emu_steering_cmd,
	    MLX5X_ST_SZ_BYTES(delete_fte_in), 16, false),
	CMD(ALLOC_FLOW_COUNTER, emu_flow_counter_cmd, 16,
	    MLX5X_ST_SZ_BYTES(alloc_flow_counter_out), true),
	CMD(DEALLOC_FLOW_COUNTER, emu_flow_counter_cmd, 12, 16, false),
	CMD(QUERY_FLOW_COUNTER, emu_flow_counter_cmd,
	    MLX5X_ST_SZ_BYTES(query_flow_counter_in),
	    MLX5X_ST_SZ_BYTES(query_flow_counter_out), false),
	CMD(SET_FLOW_TABLE_ROOT, emu_steering_cmd,
	    MLX5X_ST_SZ_BYTES(set_flow_table_root_in), 16, false),
	CMD(ALLOC_Q_COUNTER, emu_q_counter_cmd, 16,
	    MLX5X_ST_SZ_BYTES(alloc_q_counter_out), true),
	CMD(DEALLOC_Q_COUNTER, emu_q_counter_cmd,
	    MLX5X_ST_SZ_BYTES(dealloc_q_counter_in), 16, false),
	CMD(QUERY_Q_COUNTER, emu_q_counter_cmd,
	    MLX5X_ST_SZ_BYTES(query_q_counter_in),
	    MLX5X_BYTE_OFF(query_q_counter_out, reserved_at_1a0), false),
	CMD(ALLOC_MODIFY_HEADER_CONTEXT, emu_modify_hdr_cmd,
	    MLX5X_ST_SZ_BYTES(alloc_modify_header_context_in),
	    MLX5X_ST_SZ_BYTES(alloc_modify_header_context_out), true),
	CMD(DEALLOC_MODIFY_HEADER_CONTEXT, emu_modify_hdr_cmd,
	    MLX5X_ST_SZ_BYTES(dealloc_modify_header_context_in), 16, false),
	CMD(ALLOC_PACKET_REFORMAT_CONTEXT, emu_reformat_cmd,
	    MLX5X_ST_SZ_BYTES(alloc_packet_reformat_context_in),
	    MLX5X_ST_SZ_BYTES(alloc_packet_reformat_context_out), true),
	CMD(DEALLOC_PACKET_REFORMAT_CONTEXT, emu_reformat_cmd,
	    MLX5X_ST_SZ_BYTES(dealloc_packet_reformat_context_in), 16, false),
};

/* Opcode -> descriptor: a table over the whole 16-bit opcode space
 * (index + 1, 0 unknown) built when the library loads, so that dispatch
 * is one load, with no once-guard call on the path (rule insertion runs
 * one command per rule). */
#define EMU_CMD_INDEX 0x10000u
static uint8_t emu_cmd_index[EMU_CMD_INDEX];

static void __attribute__((constructor)) emu_cmd_index_build(void)
{
	size_t i;

	_Static_assert(sizeof(emu_cmds) / sizeof(emu_cmds[0]) < UINT8_MAX,
		       "command table too large for its index");
	for (i = 0; i < sizeof(emu_cmds) / sizeof(emu_cmds[0]); i++)
		if (emu_cmd_index[emu_cmds[i].opcode] == 0)
			emu_cmd_index[emu_cmds[i].opcode] = (uint8_t)(i + 1);
}

static const struct emu_cmd_desc *
emu_cmd_find(uint16_t opcode)
{
	return emu_cmd_index[opcode] != 0 ? &emu_cmds[emu_cmd_index[opcode] - 1]
					  : NULL;
}

void
emu_cmd_fail(void *out, size_t outlen, uint8_t status, uint32_t syndrome)
{
	if (outlen < 8)
		return;
	MLX5X_SET(mbox_out, out, status, status);
	MLX5X_SET(mbox_out, out, syndrome, syndrome);
}

static int emu_cmd_run(struct emu_ctx *ctx, const void *in, size_t inlen,
		       void *out, size_t outlen, struct emu_cmd_result *res);

/*
 * Runs one command: returns the PRM status (0 OK), with the out box's
 * header filled either way. Syndromes are stable per check so tests and
 * logs can tell the failing check apart. Every command that carried an
 * opcode goes into the command trace.
 */
int
emu_cmd_exec(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
	     size_t outlen, struct emu_cmd_result *res)
{
	const struct emu_cmd_desc *d;
	uint16_t opcode, op_mod;
	int status;

	status = emu_cmd_run(ctx, in, inlen, out, outlen, res);
	if (!ctx->ad->cmd_trace_on || in == NULL || inlen < 8)
		return status;
	opcode = (uint16_t)MLX5X_GET(mbox_in, in, opcode);
	op_mod = (uint16_t)MLX5X_GET(mbox_in, in, op_mod);
	d = emu_cmd_find(opcode);
	emu_cmd_trace_add(ctx->ad, d != NULL ? d->name : NULL, opcode, op_mod,
			  status,
			  out != NULL && outlen >= 8
				  ? MLX5X_GET(mbox_out, out, syndrome)
				  : 0);
	return status;
}

static int
emu_cmd_run(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
	    size_t outlen, struct emu_cmd_result *res)
{
	struct emu_adapter *ad = ctx->ad;
	const struct emu_cmd_desc *d;
	struct emu_cmd_result dummy;
	uint32_t syndrome = 0;
	uint16_t opcode;
	int status;

	if (res == NULL)
		res = &dummy;
	memset(res, 0, sizeof(*res));
	if (out == NULL || outlen < 16)
		return MLX5X_CMD_STAT_BAD_OUTP_LEN_ERR;
	/* Most out boxes are the 16-byte header: two stores, no call. */
	if (outlen == 16)
		memset(out, 0, 16);
	else
		memset(out, 0, outlen);
	if (in == NULL || inlen < 8) {
		emu_cmd_fail(out, outlen, MLX5X_CMD_STAT_BAD_INP_LEN_ERR, 0x1);
		return MLX5X_CMD_STAT_BAD_INP_LEN_ERR;
	}
	opcode = MLX5X_GET(mbox_in, in, opcode);
	ad->cmd_count++;
	emu_rx_changed(ad);
	d = emu_cmd_find(opcode);
	if (d == NULL) {
		emu_cmd_fail(out, outlen, MLX5X_CMD_STAT_BAD_OP_ERR, opcode);
		return MLX5X_CMD_STAT_BAD_OP_ERR;
	}
	if (inlen < d->min_in) {
		emu_cmd_fail(out, outlen, MLX5X_CMD_STAT_BAD_INP_LEN_ERR,
			     (uint32_t)inlen);
		return MLX5X_CMD_STAT_BAD_INP_LEN_ERR;
	}
	if (outlen < d->min_out) {
		emu_cmd_fail(out, outlen, MLX5X_CMD_STAT_BAD_OUTP_LEN_ERR,
			     (uint32_t)outlen);
		return MLX5X_CMD_STAT_BAD_OUTP_LEN_ERR;
	}
	if (ad->fault_countdown != 0 &&
	    (ad->fault_opcode == 0 || ad->fault_opcode == opcode) &&
	    --ad->fault_countdown == 0) {
		emu_cmd_fail(out, outlen, ad->fault_status, ad->fault_syndrome);
		return ad->fault_status;
	}
	/* An RQ's counter set must be one its function allocated. */
	if (opcode == MLX5X_CMD_OP_CREATE_RQ)
		status =
			emu_q_counter_check(ctx,
					    (uint8_t)
						    MLX5X_GET(rqc,
							      MLX5X_ADDR_OF(create_rq_in,
									    in,
									    ctx),
							      counter_set_id),
					    &syndrome);
	else
		status = MLX5X_CMD_STAT_OK;
	if (status == MLX5X_CMD_STAT_OK)
		status = d->fn(ctx, in, inlen, out, outlen, &syndrome, res);
	if (status == MLX5X_CMD_STAT_OK && opcode == MLX5X_CMD_OP_CREATE_RQ)
		emu_q_counter_rq_bind(ctx, MLX5X_GET(create_rq_out, out, rqn),
				      (uint8_t)
					      MLX5X_GET(rqc,
							MLX5X_ADDR_OF(create_rq_in,
								      in, ctx),
							counter_set_id));
	if (status != MLX5X_CMD_STAT_OK) {
		memset(out, 0, outlen);
		memset(res, 0, sizeof(*res));
		emu_cmd_fail(out, outlen, status, syndrome);
	}
	return status;
}

bool
emu_cmd_direct_fault(struct emu_ctx *ctx, uint16_t opcode, int *status,
		     uint32_t *syndrome)
{
	struct emu_adapter *ad = ctx->ad;

	ad->cmd_count++;
	emu_rx_changed(ad);
	if (ad->fault_countdown != 0 &&
	    (ad->fault_opcode == 0 || ad->fault_opcode == opcode) &&
	    --ad->fault_countdown == 0) {
		*status = ad->fault_status;
		*syndrome = ad->fault_syndrome;
		return true;
	}
	return false;
}

void
emu_cmd_direct_trace(struct emu_ctx *ctx, uint16_t opcode, int status,
		     uint32_t syndrome)
{
	const struct emu_cmd_desc *d;

	if (!ctx->ad->cmd_trace_on)
		return;
	d = emu_cmd_find(opcode);
	emu_cmd_trace_add(ctx->ad, d != NULL ? d->name : NULL, opcode, 0,
			  status, syndrome);
}

/* ---- DevX entry points -------------------------------------------------- */

int
mlx5dv_devx_general_cmd(struct ibv_context *context, const void *in,
			size_t inlen, void *out, size_t outlen)
{
	int status;

	if (!emu_ctx_of(context)->ad->cfg.devx) {
		errno = EOPNOTSUPP;
		return EOPNOTSUPP;
	}
	emu_lock_ad(emu_ctx_of(context)->ad);
	status =
		emu_cmd_exec(emu_ctx_of(context), in, inlen, out, outlen, NULL);
	emu_unlock_ad(emu_ctx_of(context)->ad);
	/* rdma-core: the kernel answers EREMOTEIO when firmware failed the
	 * command; the out box still carries status and syndrome. */
	if (status != MLX5X_CMD_STAT_OK) {
		errno = EREMOTEIO;
		return EREMOTEIO;
	}
	return 0;
}

struct mlx5dv_devx_obj *
mlx5dv_devx_obj_create(struct ibv_context *context, const void *in,
		       size_t inlen, void *out, size_t outlen)
{
	struct emu_ctx *ctx = emu_ctx_of(context);
	const struct emu_cmd_desc *d;
	struct mlx5dv_devx_obj *obj;
	int status;

	if (!emu_ctx_of(context)->ad->cfg.devx) {
		errno = EOPNOTSUPP;
		return NULL;
	}
	if (in == NULL || inlen < 8) {
		errno = EINVAL;
		return NULL;
	}
	d = emu_cmd_find(MLX5X_GET(mbox_in, in, opcode));
	if (d != NULL && !d->creates) {
		/* The kernel refuses non-creating opcodes here. */
		errno = EINVAL;
		return NULL;
	}
	obj = calloc(1, sizeof(*obj));
	if (obj == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	obj->ctx = ctx;
	emu_lock_ad(ctx->ad);
	status = emu_cmd_exec(ctx, in, inlen, out, outlen, &obj->res);
	emu_unlock_ad(ctx->ad);
	if (status != MLX5X_CMD_STAT_OK) {
		free(obj);
		errno = EREMOTEIO;
		return NULL;
	}
	return obj;
}

int
mlx5dv_devx_obj_query(struct mlx5dv_devx_obj *obj, const void *in, size_t inlen,
		      void *out, size_t outlen)
{
	return mlx5dv_devx_general_cmd(&obj->ctx->vctx.context, in, inlen, out,
				       outlen);
}

int
mlx5dv_devx_obj_modify(struct mlx5dv_devx_obj *obj, const void *in,
		       size_t inlen, void *out, size_t outlen)
{
	return mlx5dv_devx_general_cmd(&obj->ctx->vctx.context, in, inlen, out,
				       outlen);
}

/* The kernel builds the destroy command from the create command it saw;
 * so does the emulator, from what the creator recorded. */
int
mlx5dv_devx_obj_destroy(struct mlx5dv_devx_obj *obj)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(set_fte_in)];
	uint8_t out[16];
	int status;

	if (obj == NULL)
		return EINVAL;
	memset(in, 0, sizeof(in));
	MLX5X_SET(mbox_in, in, opcode, obj->res.destroy_opcode);
	switch (obj->res.destroy_opcode) {
	case MLX5X_CMD_OP_DESTROY_FLOW_TABLE:
		MLX5X_SET(destroy_flow_table_in, in, table_type,
			  obj->res.table_type);
		MLX5X_SET(destroy_flow_table_in, in, table_id, obj->res.id);
		break;
	case MLX5X_CMD_OP_DESTROY_FLOW_GROUP:
		MLX5X_SET(destroy_flow_group_in, in, table_type,
			  obj->res.table_type);
		MLX5X_SET(destroy_flow_group_in, in, table_id,
			  obj->res.table_id);
		MLX5X_SET(destroy_flow_group_in, in, group_id, obj->res.id);
		break;
	case MLX5X_CMD_OP_DEALLOC_FLOW_COUNTER:
		MLX5X_SET(dealloc_flow_counter_in, in, flow_counter_id,
			  obj->res.id);
		break;
	case MLX5X_CMD_OP_DELETE_FLOW_TABLE_ENTRY:
		MLX5X_SET(delete_fte_in, in, table_type, obj->res.table_type);
		MLX5X_SET(delete_fte_in, in, table_id, obj->res.table_id);
		MLX5X_SET(delete_fte_in, in, flow_index, obj->res.id);
		break;
	default:
		MLX5X_SET(obj_in, in, obj_id, obj->res.id);
		break;
	}
	emu_lock_ad(obj->ctx->ad);
	status = emu_cmd_exec(obj->ctx, in, sizeof(in), out, sizeof(out), NULL);
	emu_unlock_ad(obj->ctx->ad);
	if (status != MLX5X_CMD_STAT_OK)
		return EBUSY;
	free(obj);
	return 0;
}

int
mlx5dv_devx_query_eqn(struct ibv_context *context, uint32_t vector,
		      uint32_t *eqn)
{
	if (!emu_ctx_of(context)->ad->cfg.devx) {
		errno = EOPNOTSUPP;
		return EOPNOTSUPP;
	}
	*eqn = vector;
	return 0;
}
