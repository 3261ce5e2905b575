/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The frame ring of an end the test side reads (what left by the wire,
 * what arrived at a VF): one producer, the engine or an inject call under
 * the world lock, and consumers that take no world lock
 * (mlx5x_emu_capture_*). Slots keep their frame buffers from one lap to
 * the next, so nothing is allocated once the ring has gone round.
 *
 * Indexes run free (32 bits); frame i lives in slot i & mask, of a ring
 * sized once (emu_ring_init). Waiting frames are [head, tail), at most
 * keep of them, fewer than a lap: the producer drops the oldest by moving
 * head on, the consumer takes frames by moving head on, both by
 * compare-and-swap, so a frame is either dropped or taken, never both. Before it moves head, a consumer publishes in hold
 * the first index it may read; the producer never writes a slot of an
 * index from hold on a whole lap ahead, so a frame being copied out or
 * handed over by reference stays intact until the consumer releases it
 * (hold back to EMU_RING_IDLE). A producer that would have to (a consumer
 * holding frames for a lap) drops the frame it was given instead.
 */
#ifndef MLX5X_EMU_RING_H
#define MLX5X_EMU_RING_H

#include "mlx5x_emu_core.h"
#include "mlx5x_emu_frameq.h"

#include <string.h>

/* Sizes a ring before its first frame: a loop end's (few slots, kept in
 * cache, as it holds an engine pass's frames) or a capture end's
 * (mlx5x_emu_frameq.h). */
void emu_ring_init(struct emu_ring *q, bool loop);

/*
 * Copies n bytes without a call for the sizes frames and inline headers
 * mostly have: overlapping 8- or 16-byte moves, which the compiler emits
 * as single loads and stores; a call only past 64 bytes.
 */
static inline __attribute__((always_inline)) void
emu_frame_copy(uint8_t *d, const uint8_t *s, uint32_t n)
{
	if (n > 64) {
		memcpy(d, s, n);
	} else if (n > 32) {
		memcpy(d, s, 16);
		memcpy(d + 16, s + 16, 16);
		memcpy(d + n - 32, s + n - 32, 16);
		memcpy(d + n - 16, s + n - 16, 16);
	} else if (n >= 16) {
		memcpy(d, s, 16);
		memcpy(d + n - 16, s + n - 16, 16);
	} else if (n >= 8) {
		memcpy(d, s, 8);
		memcpy(d + n - 8, s + n - 8, 8);
	} else {
		while (n-- > 0)
			*d++ = *s++;
	}
}

/* The producer's slow path: the slot array made on the first frame, a
 * buffer too small for the frame replaced. False: dropped (no memory). */
bool emu_ring_slot_make(struct emu_ring *q, uint32_t t, uint32_t len);

/* Makes room for frame t at the bound: the oldest dropped (head moved on
 * by compare-and-swap, as a consumer may move it too); h is head as the
 * producer last read it. */
static inline void
emu_ring_room(struct emu_ring *q, uint32_t t, uint32_t h)
{
	while (t - h >= q->keep) {
		if (__atomic_compare_exchange_n(&q->head, &h, h + 1, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST)) {
			q->dropped++;
			break;
		}
	}
}

/* A frame leaves by this end: kept, the oldest dropped beyond max. */
static inline void
emu_ring_put(struct emu_ring *q, const void *data, uint32_t len)
{
	uint32_t t = q->tail;
	uint32_t h = __atomic_load_n(&q->head, __ATOMIC_SEQ_CST);
	uint64_t hold;
	struct emu_frame *f;

	/* After head: a consumer publishes hold before it moves head, so a
	 * producer that sees no hold saw a head no later than the one the
	 * consumer takes from; with fewer waiting than a lap, slot t is
	 * not one it reads. */
	hold = __atomic_load_n(&q->hold, __ATOMIC_SEQ_CST);
	if (__builtin_expect((hold & EMU_RING_HELD) != 0 &&
				     t - (uint32_t)hold > q->mask,
			     0)) {
		q->dropped++;
		return;
	}
	emu_ring_room(q, t, h);
	f = q->slot != NULL ? q->slot[t & q->mask] : NULL;
	if (__builtin_expect(f == NULL || f->cap < len, 0)) {
		if (!emu_ring_slot_make(q, t, len)) {
			q->dropped++;
			return;
		}
		f = q->slot[t & q->mask];
	}
	f->len = len;
	emu_frame_copy(f->data, data, len);
	__atomic_store_n(&q->tail, t + 1, __ATOMIC_RELEASE);
}

/*
 * The producer building a frame in place, saving emu_ring_put's copy: the
 * buffer of the next slot and its size in *cap, or NULL when it has none
 * to lend (the first lap, or a consumer holding a frame a lap back, for
 * which emu_ring_put drops), then the frame is built elsewhere and put.
 * A consumer that starts holding after this reads from head on, at most
 * keep behind: not this slot. emu_ring_commit publishes it.
 */
static inline uint8_t *
emu_ring_reserve(struct emu_ring *q, uint32_t *cap)
{
	uint32_t t = q->tail;
	uint64_t hold = __atomic_load_n(&q->hold, __ATOMIC_SEQ_CST);
	struct emu_frame *f;

	if (__builtin_expect((hold & EMU_RING_HELD) != 0 &&
				     t - (uint32_t)hold > q->mask,
			     0))
		return NULL;
	f = q->slot != NULL ? q->slot[t & q->mask] : NULL;
	if (__builtin_expect(f == NULL, 0))
		return NULL;
	*cap = f->cap;
	return f->data;
}

/* The frame of len bytes built in the reserved slot is kept, the oldest
 * dropped beyond the bound (as emu_ring_put). */
static inline void
emu_ring_commit(struct emu_ring *q, uint32_t len)
{
	uint32_t t = q->tail;
	uint32_t h = __atomic_load_n(&q->head, __ATOMIC_SEQ_CST);

	emu_ring_room(q, t, h);
	q->slot[t & q->mask]->len = len;
	__atomic_store_n(&q->tail, t + 1, __ATOMIC_RELEASE);
}

/*
 * The producer building a run of frames in place from the tail on and
 * publishing them in one store (emu_ring_publish) rather than one per
 * frame. Returns the index up to which slots may be written: a lap past
 * the first frame a consumer holds, or, with none held, past the oldest
 * waiting one (a consumer that starts holding later holds from head on);
 * the tail itself when not even its slot may (no slot array yet, or held
 * a lap back: then emu_ring_put's way).
 */
static inline uint32_t
emu_ring_window(struct emu_ring *q)
{
	uint32_t t = q->tail;
	uint32_t h = __atomic_load_n(&q->head, __ATOMIC_SEQ_CST);
	uint64_t hold = __atomic_load_n(&q->hold, __ATOMIC_SEQ_CST);
	uint32_t from = (hold & EMU_RING_HELD) != 0 ? (uint32_t)hold : h;

	if (__builtin_expect(q->slot == NULL, 0) || t - from > q->mask)
		return t;
	return from + q->mask + 1;
}

/* Frames up to index t, written in place and published, are kept: the
 * oldest beyond the bound dropped, all in one move of head (emu_ring_put
 * drops them one by one before each: the same frames in the end). After
 * the tail store, not before: a consumer reads head after tail, and a
 * head past the tail it read would make it take what is not there. */
static inline void
emu_ring_bound(struct emu_ring *q, uint32_t t)
{
	uint32_t h = __atomic_load_n(&q->head, __ATOMIC_SEQ_CST);

	/* A consumer may move head on meanwhile: then fewer to drop. */
	while (t - h > q->keep) {
		if (__atomic_compare_exchange_n(&q->head, &h, t - q->keep,
						false, __ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST)) {
			q->dropped += t - q->keep - h;
			break;
		}
	}
}

/* Frames written in place from the tail on, up to index t, are kept. */
static inline void
emu_ring_publish(struct emu_ring *q, uint32_t t)
{
	__atomic_store_n(&q->tail, t, __ATOMIC_RELEASE);
}

/*
 * A run of frames built in place, the above in one piece for a producer
 * loop: the window (how far slots may be written) and the tail in locals,
 * the frames kept (published, then the bound applied) when
 * emu_ring_run_sync asks (before anything that lets software see what
 * was sent: a CQE, another end) and at the end. Until then a consumer
 * sees the frames before the run, and the run writes no slot of theirs
 * (the window); between the two stores it may see more than the bound,
 * all intact (the window again). A producer that puts a frame
 * another way (emu_ring_put) syncs first and opens a new run after.
 */
struct emu_ring_run {
	struct emu_ring *q;
	uint32_t tail, lim;
	uint32_t mask; /* the ring's, in a register while the run lasts */
};

static inline void
emu_ring_run_open(struct emu_ring_run *r, struct emu_ring *q)
{
	r->q = q;
	r->tail = q->tail;
	r->lim = emu_ring_window(q);
	r->mask = q->mask;
}

static inline void
emu_ring_run_sync(const struct emu_ring_run *r)
{
	emu_ring_publish(r->q, r->tail);
	emu_ring_bound(r->q, r->tail);
}

/* The frame buffer of the run's next slot, or NULL when it has none to
 * lend (the window closed even after a sync, or no buffer yet); its
 * cap may be short of the frame: then the caller goes another way. */
static inline __attribute__((always_inline)) struct emu_frame *
emu_ring_run_slot(struct emu_ring_run *r)
{
	if (__builtin_expect(r->tail == r->lim, 0)) {
		emu_ring_run_sync(r);
		r->lim = emu_ring_window(r->q);
		if (r->tail == r->lim)
			return NULL;
	}
	return r->q->slot[r->tail & r->mask];
}

/* The frame of len bytes built in the slot emu_ring_run_slot lent is
 * the run's. */
static inline __attribute__((always_inline)) void
emu_ring_run_push(struct emu_ring_run *r, struct emu_frame *f, uint32_t len)
{
	f->len = len;
	r->tail++;
}

/*
 * Consumer side (mlx5x_emu_ring.c); q->busy serialises consumer threads.
 * take: up to n of the oldest frames into frames[] (data, len), by
 * reference: valid until emu_ring_release. copy: the oldest frame copied into buf (up to
 * buf_len bytes); its length, or 0 when none.
 */
unsigned int emu_ring_take(struct emu_ring *q, struct mlx5x_emu_frame *frames,
			   unsigned int n);
void emu_ring_release(struct emu_ring *q);
int emu_ring_copy(struct emu_ring *q, void *buf, size_t buf_len);
/* Frees every buffer: no producer nor consumer may be running. */
void emu_ring_free(struct emu_ring *q);

#endif /* MLX5X_EMU_RING_H */
