/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * E-Switch vport context: QUERY/MODIFY_ESW_VPORT_CONTEXT (PRM 0x752,
 * 0x753). The model keeps one field of it, fdb_to_vport_reg_c_id: which
 * metadata registers (reg_c_0..7, as FDB rules and the source vport tag
 * left them) the E-Switch hands to the vport's NIC RX; the other registers
 * arrive there as zero. Switchdev mode starts with reg_c_0 and reg_c_1
 * passed to the manager's vport, as mlx5_core sets it up for vport
 * metadata matching; every other vport starts with none.
 *
 * Only the E-Switch manager (the PF in switchdev mode) addresses other
 * vports or changes what passes; a function may query its own context.
 * The vport VLAN strip/insert fields are refused: the E-Switch
 * capabilities report no vport VLAN offloads.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_cmd.h"
#include "mlx5x_emu_esw_vport.h"

static bool
emu_esw_vport_manager(const struct emu_ctx *ctx)
{
	return emu_hca_cap_esw_manager(ctx->ad, ctx->fn);
}

int
emu_esw_vport_cmd(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
		  size_t outlen, uint32_t *syndrome, struct emu_cmd_result *res)
{
	uint16_t op = MLX5X_GET(mbox_in, in, opcode);
	/* other_vport and vport_number sit at the same place in both in
	 * boxes. */
	bool other = MLX5X_GET(query_esw_vport_context_in, in, other_vport);
	uint16_t num = MLX5X_GET(query_esw_vport_context_in, in, vport_number);
	struct emu_vport *vp;
	const void *sel, *c;
	uint32_t id;

	(void)inlen;
	(void)outlen;
	(void)res;
	if (other && !emu_esw_vport_manager(ctx)) {
		*syndrome = 0x3e5701; /* other_vport: not the manager */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	vp = other ? emu_adapter_vport(ctx->ad, num)
		   : emu_fn_vport(ctx->ad, ctx->fn);
	if (vp == NULL) {
		*syndrome = 0x3e5702; /* no such vport */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if (op == MLX5X_CMD_OP_QUERY_ESW_VPORT_CONTEXT) {
		void *o = MLX5X_ADDR_OF(query_esw_vport_context_out, out,
					esw_vport_context);

		MLX5X_SET(esw_vport_context, o, fdb_to_vport_reg_c,
			  vp->fdb_to_vport_reg_c_id != 0);
		MLX5X_SET(esw_vport_context, o, fdb_to_vport_reg_c_id,
			  vp->fdb_to_vport_reg_c_id);
		return MLX5X_CMD_STAT_OK;
	}
	sel = MLX5X_ADDR_OF(modify_esw_vport_context_in, in, field_select);
	c = MLX5X_ADDR_OF(modify_esw_vport_context_in, in, esw_vport_context);
	if (MLX5X_GET(esw_vport_context_fields_select, sel,
		      vport_cvlan_insert) ||
	    MLX5X_GET(esw_vport_context_fields_select, sel,
		      vport_svlan_insert) ||
	    MLX5X_GET(esw_vport_context_fields_select, sel,
		      vport_cvlan_strip) ||
	    MLX5X_GET(esw_vport_context_fields_select, sel,
		      vport_svlan_strip)) {
		*syndrome = 0x3e5703; /* vport VLAN offloads: not in caps */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if (!MLX5X_GET(esw_vport_context_fields_select, sel,
		       fdb_to_vport_reg_c_id))
		return MLX5X_CMD_STAT_OK;
	if (!emu_esw_vport_manager(ctx)) {
		*syndrome = 0x3e5704; /* an E-Switch setting: manager only */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	id = MLX5X_GET(esw_vport_context, c, fdb_to_vport_reg_c_id);
	if (id & ~EMU_FDB_TO_VPORT_REG_C_CAP) {
		*syndrome = 0x3e5705; /* a register the caps do not pass */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	vp->fdb_to_vport_reg_c_id = (uint8_t)id;
	return MLX5X_CMD_STAT_OK;
}
