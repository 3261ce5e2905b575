/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bounded FIFO of frames: what left through the wire or arrived at a VF,
 * and frames waiting to re-enter (loop ends). A ring of slots, each
 * keeping its frame buffer for the next frame that passes through it, so
 * a frame costs one copy in and nothing to allocate once the ring has
 * been round once. When full the oldest frame goes, so a long run never
 * grows without bound. The ring starts small and doubles up to its bound
 * (max + 1 slots: max frames and the one a consumer holds), so an end
 * nobody uses costs no memory.
 */
#include "mlx5x_emu_core.h"

#include <stdlib.h>
#include <string.h>

/* Frame buffer classes: minimum-size frames, and everything up to a
 * jumbo-less MTU; larger frames are sized exactly. */
#define EMU_FRAMEQ_SMALL 128u
#define EMU_FRAMEQ_SLOT 2048u
#define EMU_FRAMEQ_FIRST 64u /* slots of a new ring */

struct emu_frame *
emu_frame_alloc(uint32_t len)
{
	uint32_t cap = len <= EMU_FRAMEQ_SMALL	? EMU_FRAMEQ_SMALL
		       : len <= EMU_FRAMEQ_SLOT ? EMU_FRAMEQ_SLOT
						: len;
	struct emu_frame *f = malloc(sizeof(*f) + cap);

	if (f != NULL)
		f->cap = cap;
	return f;
}

static inline uint32_t
emu_frameq_next(const struct emu_frameq *q, uint32_t i)
{
	return i + 1 == q->nslot ? 0 : i + 1;
}

/* Doubles the ring (up to max + 1 slots), laying the frames out from slot
 * 0 in order and the held frame in the last slot; buffers of free slots
 * move along. False when at its bound or out of memory. */
static bool
emu_frameq_grow(struct emu_frameq *q)
{
	uint32_t want = q->nslot != 0 ? q->nslot * 2 : EMU_FRAMEQ_FIRST;
	struct emu_frame **s;
	uint32_t i, j, k;

	if (q->nslot >= q->max + 1)
		return false;
	if (want > q->max + 1)
		want = q->max + 1;
	s = calloc(want, sizeof(*s));
	if (s == NULL)
		return false;
	for (i = 0, k = q->head; i < q->n; i++, k = emu_frameq_next(q, k))
		s[i] = q->slot[k];
	if (q->busy != 0)
		s[want - 1] = q->slot[q->busy - 1];
	/* Free slots: from the producer round to the consumer, skipping the
	 * held one. */
	for (j = 0, k = q->tail; j < q->nslot - q->n; j++) {
		if (k + 1 != q->busy && q->slot[k] != NULL)
			s[i++] = q->slot[k];
		k = emu_frameq_next(q, k);
	}
	free(q->slot);
	q->slot = s;
	q->nslot = want;
	q->head = 0;
	q->tail = q->n;
	if (q->busy != 0)
		q->busy = want;
	return true;
}

/*
 * The producer's slot with a buffer for len bytes, or NULL (the frame is
 * dropped): the ring grows when the slot is taken (the ring is full, or
 * it is the frame a consumer holds), and a slot's buffer is replaced when
 * too small. Apart from emu_frameq_push so that the common case, a slot
 * whose buffer fits, stays a few instructions.
 */
static __attribute__((noinline)) struct emu_frame *
emu_frameq_slot_make(struct emu_frameq *q, uint32_t len)
{
	struct emu_frame *f, *nf;

	if (q->nslot == 0 || (q->n != 0 && q->tail == q->head) ||
	    q->busy == q->tail + 1) {
		if (!emu_frameq_grow(q))
			return NULL;
	}
	f = q->slot[q->tail];
	if (f != NULL && f->cap >= len)
		return f;
	nf = emu_frame_alloc(len);
	if (nf == NULL)
		return NULL;
	free(f);
	q->slot[q->tail] = nf;
	return nf;
}

void
emu_frameq_push(struct emu_frameq *q, const void *data, uint32_t len)
{
	struct emu_frame *f;

	if (__builtin_expect(q->n >= q->max, 0)) {
		if (q->max == 0) {
			q->max = EMU_CAPTURE_MAX;
		} else {
			q->head = emu_frameq_next(q, q->head);
			q->n--;
			q->dropped++;
		}
	}
	/* Fast: the ring has room, the slot is not held, its buffer fits. */
	f = q->nslot != 0 ? q->slot[q->tail] : NULL;
	if (__builtin_expect(f == NULL || f->cap < len ||
				     q->n + 1 >= q->nslot ||
				     q->busy == q->tail + 1,
			     0)) {
		f = emu_frameq_slot_make(q, len);
		if (f == NULL) {
			q->dropped++;
			return;
		}
	}
	f->len = len;
	memcpy(f->data, data, len);
	q->tail = emu_frameq_next(q, q->tail);
	q->n++;
}

struct emu_frame *
emu_frameq_pop(struct emu_frameq *q)
{
	struct emu_frame *f;

	if (q->n == 0)
		return NULL;
	f = q->slot[q->head];
	q->busy = q->head + 1;
	q->head = emu_frameq_next(q, q->head);
	q->n--;
	return f;
}

void
emu_frameq_release(struct emu_frameq *q, struct emu_frame *f)
{
	if (f != NULL)
		q->busy = 0;
}

void
emu_frameq_flush(struct emu_frameq *q)
{
	uint32_t i;

	for (i = 0; i < q->nslot; i++)
		free(q->slot[i]);
	free(q->slot);
	q->slot = NULL;
	q->nslot = 0;
	q->head = 0;
	q->tail = 0;
	q->busy = 0;
	q->n = 0;
}
