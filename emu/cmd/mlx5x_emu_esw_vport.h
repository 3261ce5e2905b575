/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * E-Switch vport context (PRM QUERY/MODIFY_ESW_VPORT_CONTEXT): layouts as
 * the PRM gives them (Linux mlx5_ifc.h esw_vport_context,
 * esw_vport_context_fields_select, flow_table_eswitch_cap) are in the
 * shared mlx5x_prm.h; the handler is steer/mlx5x_emu_esw_vport.c.
 *
 * fdb_to_vport_reg_c_id: bit i set lets metadata_reg_c_i, as the FDB left
 * it, through to the vport's NIC RX (vport metadata matching: the source
 * vport tag in reg_c_0, a second register in reg_c_1). The E-Switch
 * capability of the same name says which registers may be passed.
 */
#ifndef MLX5X_EMU_ESW_VPORT_H
#define MLX5X_EMU_ESW_VPORT_H

#include "mlx5x_prm.h"

/* Registers the model passes from the FDB to a vport (its capability, and
 * what switchdev mode enables on the manager's vport as mlx5_core does). */
#define EMU_FDB_TO_VPORT_REG_C_CAP                                             \
	(MLX5X_FDB_TO_VPORT_REG_C_0 | MLX5X_FDB_TO_VPORT_REG_C_1)

#endif /* MLX5X_EMU_ESW_VPORT_H */
