/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef MLX5X_EMU_FRAMEQ_H
#define MLX5X_EMU_FRAMEQ_H

#include "mlx5x_emu_priv.h"

#include <string.h>

/*
 * emu_frameq_push for the data path: the common cases inline (the ring has
 * room below its bound, or is at its full size and drops its oldest; the
 * producer's slot is not held and its buffer fits: one copy and a few
 * counters), anything else through the full push
 * (mlx5x_emu_frameq.c), which grows, replaces buffers and drops.
 */
static inline void
emu_frameq_put(struct emu_frameq *q, const void *data, uint32_t len)
{
	struct emu_frame *f;

	/* A full end nobody reads (a capture no test takes, a testpmd run's
	 * wire) drops its oldest on every frame: that too stays inline. */
	if (q->n >= q->max && q->max != 0 && q->nslot == q->max + 1) {
		q->head = q->head + 1 == q->nslot ? 0 : q->head + 1;
		q->n--;
		q->dropped++;
	}
	if (__builtin_expect(q->n >= q->max || q->n + 1 >= q->nslot, 0)) {
		emu_frameq_push(q, data, len);
		return;
	}
	f = q->slot[q->tail];
	if (__builtin_expect(f == NULL || f->cap < len ||
				     q->busy == q->tail + 1,
			     0)) {
		emu_frameq_push(q, data, len);
		return;
	}
	f->len = len;
	memcpy(f->data, data, len);
	q->tail = q->tail + 1 == q->nslot ? 0 : q->tail + 1;
	q->n++;
}

#endif /* MLX5X_EMU_FRAMEQ_H */
