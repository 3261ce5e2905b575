/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Frames and bounded queues of frames: what the ends (wire, VF, TAP,
 * pcap) and the test-side capture hold.
 */
#ifndef MLX5X_EMU_FRAMEQ_H
#define MLX5X_EMU_FRAMEQ_H

#include <stdint.h>
#include <string.h>

/* ---- frames and queues of frames ----------------------------------------*/

struct emu_frame {
	uint32_t len;
	uint32_t cap; /* bytes of data[] */
	uint8_t data[];
};

/*
 * A bounded FIFO of frames as a ring (mlx5x_emu_frameq.c): one producer
 * (the engine or an API call, under the world lock) and one consumer.
 * Every slot keeps its frame buffer for the next frame through it, so
 * the steady state allocates nothing; when full the oldest frame goes.
 */
struct emu_frameq {
	struct emu_frame **slot; /* nslot buffers, NULL until used */
	uint32_t nslot;		 /* grows up to max + 1 */
	uint32_t head, tail;	 /* consumer, producer (free-running) */
	uint32_t busy;		 /* slot + 1 of a popped, unreleased frame */
	unsigned int n, max;
	uint64_t dropped;
};

void emu_frameq_push(struct emu_frameq *q, const void *data, uint32_t len);
/* The oldest frame, valid until emu_frameq_release gives it back (one at
 * a time); NULL when empty. */
struct emu_frame *emu_frameq_pop(struct emu_frameq *q);
void emu_frameq_release(struct emu_frameq *q, struct emu_frame *f);
void emu_frameq_flush(struct emu_frameq *q);

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
