/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Queue counter sets (PRM ALLOC/DEALLOC/QUERY_Q_COUNTER): layouts as the
 * PRM gives them (Linux mlx5_ifc.h), under emu_ names so they never clash
 * with the shared PRM header, and the entry points of
 * mlx5x_emu_q_counter.c.
 */
#ifndef MLX5X_EMU_Q_COUNTER_H
#define MLX5X_EMU_Q_COUNTER_H

#include <stddef.h>
#include <stdint.h>

#include "mlx5x_prm.h"

struct emu_ctx;
struct emu_cmd_result;

enum {
	EMU_CMD_OP_ALLOC_Q_COUNTER = 0x771,
	EMU_CMD_OP_DEALLOC_Q_COUNTER = 0x772,
	EMU_CMD_OP_QUERY_Q_COUNTER = 0x773,
};

/* Sets per function (8-bit ids; 0 is the kernel's global set). */
#define EMU_Q_COUNTER_MAX 255

struct mlx5_ifc_emu_alloc_q_counter_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 reserved_at_40[0x40];
};

struct mlx5_ifc_emu_alloc_q_counter_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x18];
	mlx5x_u8 counter_set_id[0x8];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_emu_dealloc_q_counter_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 reserved_at_40[0x18];
	mlx5x_u8 counter_set_id[0x8];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_emu_query_q_counter_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 other_vport[0x1];
	mlx5x_u8 reserved_at_41[0xf];
	mlx5x_u8 vport_number[0x10];
	mlx5x_u8 reserved_at_60[0x60];
	mlx5x_u8 clear[0x1];
	mlx5x_u8 aggregate[0x1];
	mlx5x_u8 reserved_at_c2[0x1e];
	mlx5x_u8 reserved_at_e0[0x18];
	mlx5x_u8 counter_set_id[0x8];
};

struct mlx5_ifc_emu_query_q_counter_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x40];
	mlx5x_u8 rx_write_requests[0x20];
	mlx5x_u8 reserved_at_a0[0x20];
	mlx5x_u8 rx_read_requests[0x20];
	mlx5x_u8 reserved_at_e0[0x20];
	mlx5x_u8 rx_atomic_requests[0x20];
	mlx5x_u8 reserved_at_120[0x20];
	mlx5x_u8 rx_dct_connect[0x20];
	mlx5x_u8 reserved_at_160[0x20];
	mlx5x_u8 out_of_buffer[0x20];
	mlx5x_u8 reserved_at_1a0[0x20];
	mlx5x_u8 out_of_sequence[0x20];
	mlx5x_u8 reserved_at_1e0[0x620];
};

int emu_q_counter_cmd(struct emu_ctx *ctx, const void *in, size_t inlen,
		      void *out, size_t outlen, uint32_t *syndrome,
		      struct emu_cmd_result *res);
/* CREATE_RQ's counter_set_id: 0 (the global set) or one of the creating
 * function's sets; PRM status, syndrome on refusal. */
int
emu_q_counter_check(const struct emu_ctx *ctx, uint8_t set, uint32_t *syndrome);
/* An RQ created with counter_set_id set counts into that set. */
void
emu_q_counter_rq_bind(const struct emu_ctx *ctx, uint32_t rqn, uint8_t set);
/* A closing context frees the sets it allocated, as the kernel does. */
void emu_q_counter_ctx_close(const struct emu_ctx *ctx);

#endif /* MLX5X_EMU_Q_COUNTER_H */
