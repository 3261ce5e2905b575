/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Frame rings of the ends the test side reads: the producer's slow path
 * and the consumer side (see mlx5x_emu_ring.h for the protocol).
 */
#include "mlx5x_emu_ring.h"

#include <sched.h>
#include <stdlib.h>

void
emu_ring_init(struct emu_ring *q, bool loop)
{
	/* Waiting frames stay in their slots: fewer than a lap. */
	_Static_assert(EMU_CAPTURE_MAX < EMU_RING_SLOTS &&
			       (EMU_RING_SLOTS & (EMU_RING_SLOTS - 1)) == 0,
		       "a capture end keeps fewer than a lap");
	_Static_assert(EMU_RING_LOOP_KEEP < EMU_RING_LOOP_SLOTS &&
			       (EMU_RING_LOOP_SLOTS &
				(EMU_RING_LOOP_SLOTS - 1)) == 0,
		       "a loop end keeps fewer than a lap");
	q->mask = (loop ? EMU_RING_LOOP_SLOTS : EMU_RING_SLOTS) - 1;
	q->keep = loop ? EMU_RING_LOOP_KEEP : EMU_CAPTURE_MAX;
}

bool
emu_ring_slot_make(struct emu_ring *q, uint32_t t, uint32_t len)
{
	uint32_t i = t & q->mask;
	struct emu_frame *f;

	if (q->slot == NULL) {
		/* Published to consumers by the tail store that follows. */
		q->slot = calloc(q->mask + 1, sizeof(*q->slot));
		if (q->slot == NULL)
			return false;
	}
	f = emu_frame_alloc(len);
	if (f == NULL)
		return false;
	/* No consumer reads slot i: it is neither waiting nor held. */
	free(q->slot[i]);
	q->slot[i] = f;
	return true;
}

static void
emu_ring_lock(struct emu_ring *q)
{
	while (__atomic_exchange_n(&q->busy, 1, __ATOMIC_ACQUIRE) != 0)
		sched_yield();
}

static void
emu_ring_unlock(struct emu_ring *q)
{
	__atomic_store_n(&q->busy, 0, __ATOMIC_RELEASE);
}

/* Moves head over up to n waiting frames for this consumer; their first
 * index in *first. Called with busy held. */
static unsigned int
emu_ring_claim(struct emu_ring *q, unsigned int n, uint32_t *first)
{
	uint32_t t = __atomic_load_n(&q->tail, __ATOMIC_ACQUIRE);
	uint32_t h = __atomic_load_n(&q->head, __ATOMIC_SEQ_CST);
	uint32_t k;

	for (;;) {
		k = t - h < n ? t - h : n;
		if (k == 0) {
			if (q->taken == 0)
				__atomic_store_n(&q->hold, EMU_RING_IDLE,
						 __ATOMIC_RELEASE);
			return 0;
		}
		/* Publish what may be read before taking it (a producer
		 * dropping the oldest moves head too: then again). */
		if (q->taken == 0)
			__atomic_store_n(&q->hold, EMU_RING_HELD | h,
					 __ATOMIC_SEQ_CST);
		if (__atomic_compare_exchange_n(&q->head, &h, h + k, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			break;
	}
	*first = h;
	return k;
}

unsigned int
emu_ring_take(struct emu_ring *q, struct mlx5x_emu_frame *frames,
	      unsigned int n)
{
	uint32_t first = 0, i;
	unsigned int k;

	emu_ring_lock(q);
	k = emu_ring_claim(q, n, &first);
	for (i = 0; i < k; i++) {
		const struct emu_frame *f = q->slot[(first + i) & q->mask];

		frames[i].data = f->data;
		frames[i].len = f->len;
	}
	q->taken += k;
	emu_ring_unlock(q);
	return k;
}

void
emu_ring_release(struct emu_ring *q)
{
	emu_ring_lock(q);
	q->taken = 0;
	/* The frames' reads before any producer's reuse of their slots. */
	__atomic_store_n(&q->hold, EMU_RING_IDLE, __ATOMIC_RELEASE);
	emu_ring_unlock(q);
}

int
emu_ring_copy(struct emu_ring *q, void *buf, size_t buf_len)
{
	const struct emu_frame *f;
	uint32_t first = 0;
	int len = 0;

	emu_ring_lock(q);
	if (emu_ring_claim(q, 1, &first) == 1) {
		f = q->slot[first & q->mask];
		len = (int)f->len;
		memcpy(buf, f->data,
		       (size_t)len < buf_len ? (size_t)len : buf_len);
		/* Frames held by reference keep the hold. */
		if (q->taken == 0)
			__atomic_store_n(&q->hold, EMU_RING_IDLE,
					 __ATOMIC_RELEASE);
	}
	emu_ring_unlock(q);
	return len;
}

void
emu_ring_free(struct emu_ring *q)
{
	uint32_t i;

	if (q->slot != NULL)
		for (i = 0; i <= q->mask; i++)
			free(q->slot[i]);
	free(q->slot);
	q->slot = NULL;
	q->head = 0;
	q->tail = 0;
	q->taken = 0;
	q->hold = EMU_RING_IDLE;
}
