/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Queue counter sets (PRM ALLOC/DEALLOC/QUERY_Q_COUNTER): the entry points
 * of mlx5x_emu_q_counter.c. The layouts are the shared PRM header's.
 */
#ifndef MLX5X_EMU_Q_COUNTER_H
#define MLX5X_EMU_Q_COUNTER_H

#include <stddef.h>
#include <stdint.h>

#include "mlx5x_prm.h"

struct emu_ctx;
struct emu_cmd_result;

/* Sets per function (8-bit ids; 0 is the kernel's global set). */
#define EMU_Q_COUNTER_MAX 255

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
