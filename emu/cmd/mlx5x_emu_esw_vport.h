/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * E-Switch vport context (PRM QUERY/MODIFY_ESW_VPORT_CONTEXT): layouts as
 * the PRM gives them (Linux mlx5_ifc.h esw_vport_context,
 * esw_vport_context_fields_select, flow_table_eswitch_cap), under emu_
 * names so they never clash with the shared PRM header; the handler is
 * steer/mlx5x_emu_esw_vport.c.
 *
 * fdb_to_vport_reg_c_id: bit i set lets metadata_reg_c_i, as the FDB left
 * it, through to the vport's NIC RX (vport metadata matching: the source
 * vport tag in reg_c_0, a second register in reg_c_1). The E-Switch
 * capability of the same name says which registers may be passed.
 */
#ifndef MLX5X_EMU_ESW_VPORT_H
#define MLX5X_EMU_ESW_VPORT_H

#include "mlx5x_prm.h"

enum {
	EMU_CMD_OP_QUERY_ESW_VPORT_CONTEXT = 0x752,
	EMU_CMD_OP_MODIFY_ESW_VPORT_CONTEXT = 0x753,
};

/* PRM fdb_to_vport_reg_c_id bits (MLX5_FDB_TO_VPORT_REG_C_0 ...). */
enum {
	EMU_FDB_TO_VPORT_REG_C_0 = 1u << 0,
	EMU_FDB_TO_VPORT_REG_C_1 = 1u << 1,
};

/* Registers the model passes from the FDB to a vport (its capability, and
 * what switchdev mode enables on the manager's vport as mlx5_core does). */
#define EMU_FDB_TO_VPORT_REG_C_CAP                                             \
	(EMU_FDB_TO_VPORT_REG_C_0 | EMU_FDB_TO_VPORT_REG_C_1)

struct mlx5_ifc_emu_esw_vport_context_bits {
	mlx5x_u8 fdb_to_vport_reg_c[0x1];
	mlx5x_u8 reserved_at_1[0x2];
	mlx5x_u8 vport_svlan_strip[0x1];
	mlx5x_u8 vport_cvlan_strip[0x1];
	mlx5x_u8 vport_svlan_insert[0x1];
	mlx5x_u8 vport_cvlan_insert[0x2];
	mlx5x_u8 fdb_to_vport_reg_c_id[0x8];
	mlx5x_u8 reserved_at_10[0x10];
	mlx5x_u8 reserved_at_20[0x20];
	mlx5x_u8 svlan_cfi[0x1];
	mlx5x_u8 svlan_pcp[0x3];
	mlx5x_u8 svlan_id[0xc];
	mlx5x_u8 cvlan_cfi[0x1];
	mlx5x_u8 cvlan_pcp[0x3];
	mlx5x_u8 cvlan_id[0xc];
	mlx5x_u8 reserved_at_60[0x720];
	mlx5x_u8 sw_steering_vport_icm_address_rx[0x40];
	mlx5x_u8 sw_steering_vport_icm_address_tx[0x40];
};

struct mlx5_ifc_emu_esw_vport_context_fields_select_bits {
	mlx5x_u8 reserved_at_0[0x1b];
	mlx5x_u8 fdb_to_vport_reg_c_id[0x1];
	mlx5x_u8 vport_cvlan_insert[0x1];
	mlx5x_u8 vport_svlan_insert[0x1];
	mlx5x_u8 vport_cvlan_strip[0x1];
	mlx5x_u8 vport_svlan_strip[0x1];
};

struct mlx5_ifc_emu_query_esw_vport_context_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 reserved_at_10[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 other_vport[0x1];
	mlx5x_u8 reserved_at_41[0xf];
	mlx5x_u8 vport_number[0x10];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_emu_query_esw_vport_context_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x40];
	struct mlx5_ifc_emu_esw_vport_context_bits esw_vport_context;
};

struct mlx5_ifc_emu_modify_esw_vport_context_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 reserved_at_10[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 other_vport[0x1];
	mlx5x_u8 reserved_at_41[0xf];
	mlx5x_u8 vport_number[0x10];
	struct mlx5_ifc_emu_esw_vport_context_fields_select_bits field_select;
	struct mlx5_ifc_emu_esw_vport_context_bits esw_vport_context;
};

/* The head of flow_table_eswitch_cap (QUERY_HCA_CAP type 0x7), which the
 * shared PRM header leaves reserved. */
struct mlx5_ifc_emu_flow_table_eswitch_cap_head_bits {
	mlx5x_u8 fdb_to_vport_reg_c_id[0x8];
	mlx5x_u8 reserved_at_8[0x18];
};

#endif /* MLX5X_EMU_ESW_VPORT_H */
