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

/* A frame buffer for len bytes, of a size class (minimum-size frames,
 * up to a jumbo-less MTU, or exactly len beyond) so that a slot's buffer
 * serves the next frames; NULL without memory. */
struct emu_frame *emu_frame_alloc(uint32_t len);

void emu_frameq_push(struct emu_frameq *q, const void *data, uint32_t len);
/* The oldest frame, valid until emu_frameq_release gives it back (one at
 * a time); NULL when empty. */
struct emu_frame *emu_frameq_pop(struct emu_frameq *q);
void emu_frameq_release(struct emu_frameq *q, struct emu_frame *f);
void emu_frameq_flush(struct emu_frameq *q);

/*
 * The frame ring of an end the test side reads (wire out, VF out): one
 * producer under the world lock, consumers without it
 * (ends/mlx5x_emu_ring.h has the protocol). Sized by emu_ring_init
 * before its first frame, then zeroed indexes are empty.
 *
 * A capture end (drop, pcap, TAP) keeps the newest EMU_CAPTURE_MAX for
 * the test side in EMU_RING_SLOTS slots. A loop end's frames go back in
 * on the next engine pass, so it never holds more than a pass sends it:
 * it keeps EMU_RING_LOOP_KEEP in EMU_RING_LOOP_SLOTS slots, whose
 * buffers stay in the engine CPU's cache where a capture end's 2048
 * (two cache lines each for a minimum-size frame) would not, five ends
 * of a testpmd run being more than its L2.
 */
#define EMU_RING_SLOTS 2048u	   /* a power of two above EMU_CAPTURE_MAX */
#define EMU_RING_LOOP_SLOTS 256u   /* a power of two above ..._LOOP_KEEP */
#define EMU_RING_LOOP_KEEP 128u	   /* frames a loop end keeps waiting */
#define EMU_RING_IDLE 0ull	   /* hold: no consumer reads */
#define EMU_RING_HELD (1ull << 32) /* hold: | the first index it may read */
struct emu_ring {
	/* The producer's (mask and keep also the consumers', read only). */
	uint32_t tail;		 /* next index written, published */
	uint32_t mask;		 /* slots - 1: frame i is in slot i & mask */
	struct emu_frame **slot; /* mask + 1, NULL until a frame */
	uint64_t dropped;
	uint32_t keep; /* at most this many waiting, fewer than a lap */
	/* Both sides': the oldest waiting frame, the consumer's hold. */
	uint32_t head __attribute__((aligned(64)));
	uint64_t hold;
	/* The consumers': one at a time, frames taken by reference. */
	uint32_t busy;
	uint32_t taken;
};

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
