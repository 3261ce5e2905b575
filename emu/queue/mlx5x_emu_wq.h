/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef MLX5X_EMU_WQ_H
#define MLX5X_EMU_WQ_H

#include <endian.h>
#include <infiniband/mlx5dv.h>

#include "mlx5x_emu_queue.h"

/* PRM: the reserved key (MLX5_INVALID_LKEY) that, with byte_count 0 and
 * address 0, ends a receive scatter list; no MR has it. */
#define EMU_INVALID_LKEY 0x100

/* PRM: a pointer data segment's byte_count of 0 stands for 2^31 bytes,
 * not for "nothing", on send and receive WQEs alike (the kernel's mlx5
 * ODP walk of WQEs, odp.c: "a zero length data segment designates a
 * length of 2GB"). */
#define EMU_DSEG_ZERO_LEN (1u << 31)

/* Whether a receive data segment whose byte_count is bc_be (big endian)
 * has room for len bytes (len > 0): 0 is 2^31, more than any frame, so
 * one unsigned compare tells both. */
static inline bool
emu_rq_seg_holds(uint32_t bc_be, uint32_t len)
{
	return be32toh(bc_be) - 1u >= len - 1u;
}

/* Whether receive data segment d ends the scatter list: byte_count 0,
 * the reserved key and address 0 all three (the kernel's ODP walk of
 * receive WQEs; rdma-core's mlx5 and mlx5e post it so). A segment with
 * the key and anything else is a segment whose key no MR has. */
static inline bool
emu_rq_seg_ends(const struct mlx5_wqe_data_seg *d)
{
	return d->byte_count == 0 && d->lkey == htobe32(EMU_INVALID_LKEY) &&
	       d->addr == 0;
}

int emu_wq_parse(struct emu_adapter *ad, const void *wq, struct emu_wq *out,
		 uint32_t min_log_stride, uint32_t *syndrome);
int emu_wq_transition(uint8_t *state, uint8_t cur, uint8_t next,
		      uint32_t *syndrome);

#endif /* MLX5X_EMU_WQ_H */
