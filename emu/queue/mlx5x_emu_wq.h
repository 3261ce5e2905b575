/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef MLX5X_EMU_WQ_H
#define MLX5X_EMU_WQ_H

#include "mlx5x_emu_queue.h"

/* PRM: a data segment with this lkey ends a receive scatter list. */
#define EMU_INVALID_LKEY 0x100

int emu_wq_parse(struct emu_adapter *ad, const void *wq, struct emu_wq *out,
		 uint32_t min_log_stride, uint32_t *syndrome);
int emu_wq_transition(uint8_t *state, uint8_t cur, uint8_t next,
		      uint32_t *syndrome);

#endif /* MLX5X_EMU_WQ_H */
