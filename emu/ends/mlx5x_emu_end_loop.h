/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A loop end (wire=loop, vf_end=loop): what leaves by the end goes back
 * in on a later engine pass, read where the end's frame ring keeps it for
 * capture, so a looped frame is copied once at the end, not again into a
 * queue of its own. The ring writes slot i & mask for frame i; the
 * loop's frames [next, tail) wait, at most the ring's keep of them (the
 * oldest dropped beyond), fewer than a lap (emu_ring_init), so no frame
 * written after them lands in their slots. busy - 1 is the frame going
 * back in now (0: none): a frame it sends out by the same end again must
 * not be written a lap after it (emu_end_loop_blocks: then that one is
 * dropped).
 */
#ifndef MLX5X_EMU_END_LOOP_H
#define MLX5X_EMU_END_LOOP_H

#include "mlx5x_emu_core.h"
#include "mlx5x_emu_frameq.h"
#include "mlx5x_emu_queue.h"

/* The loop's share of the frames ring q kept up to index tail (one
 * frame, or a run's): at most the ring's keep wait to go back in, the
 * oldest dropped beyond, each as if counted when it came. The ring's own
 * bound, so the frames waiting are those its capture keeps unless a
 * consumer took them. */
static inline __attribute__((always_inline)) void
emu_end_loop_kept_to(struct emu_end_loop *l, const struct emu_ring *q,
		     uint32_t tail)
{
	const uint32_t keep = q->keep;

	if (__builtin_expect(tail - l->next > keep, 0)) {
		l->dropped += tail - keep - l->next;
		l->next = tail - keep;
	}
}

/* The loop's share of a frame the ring just kept. */
static inline __attribute__((always_inline)) void
emu_end_loop_kept(struct emu_end_loop *l, const struct emu_ring *q)
{
	emu_end_loop_kept_to(l, q, q->tail);
}

/* Whether the ring's next frame would land in the slot of the frame
 * going back in now. */
static inline bool
emu_end_loop_blocks(const struct emu_end_loop *l, const struct emu_ring *q)
{
	return __builtin_expect(l->busy != 0 &&
					q->tail - (l->busy - 1) > q->mask,
				0);
}

/*
 * A service writes the CQEs it held (compressed sessions) after every
 * EMU_END_LOOP_BURST frames it took back in, not only at the end of the
 * engine pass: software sees the first frames of a burst while the engine
 * is still on the rest, as an adapter completes frames one by one rather
 * than a wire's worth at a time, and an application that forwards what it
 * receives (testpmd io) works on them meanwhile instead of in turns with
 * the engine. 16: a testpmd burst of 32 in flight as two halves (smaller
 * sessions cost more in per-session work on both sides than they gain).
 */
#define EMU_END_LOOP_BURST 16u

/* n frames taken back in so far by this service. */
static inline void
emu_end_loop_took(struct emu_adapter *ad, unsigned int n)
{
	if (n % EMU_END_LOOP_BURST == 0)
		emu_adapter_flush_cqs(ad);
}

/* Whether any frame waits to go back in: a pass tells an idle end by
 * this alone. Outside its end's service the loop has no frame going back
 * in (busy 0), so skipping the service leaves nothing to clear. Signed:
 * frames dropped at the bound may have moved next past the ring's
 * tail. */
static inline __attribute__((always_inline)) bool
emu_end_loop_waiting(const struct emu_end_loop *l, const struct emu_ring *q)
{
	return (int32_t)(q->tail - l->next) > 0;
}

/* The next waiting frame that arrived before end (the ring's tail when
 * the service began: what arrives meanwhile waits for the next pass),
 * marked as going back in; NULL when none is left (busy cleared). */
static inline const struct emu_frame *
emu_end_loop_next(struct emu_end_loop *l, const struct emu_ring *q,
		  uint32_t end)
{
	/* Signed: frames arriving meanwhile may drop waiting ones, moving
	 * next past end. */
	if ((int32_t)(end - l->next) <= 0) {
		l->busy = 0;
		return NULL;
	}
	l->busy = ++l->next;
	return q->slot[(l->next - 1) & q->mask];
}

/*
 * Up to max of the waiting frames that arrived before end, by reference
 * (their data into frames, their lengths into lens), left waiting: the
 * caller says how many of them went back in (emu_end_loop_passed) or
 * takes them one at a time (emu_end_loop_next). 0 when none is left
 * (busy cleared).
 */
static inline unsigned int
emu_end_loop_peek(struct emu_end_loop *l, const struct emu_ring *q,
		  uint32_t end, const void **frames, size_t *lens,
		  unsigned int max)
{
	const int32_t left = (int32_t)(end - l->next);
	const uint32_t mask = q->mask;
	unsigned int n, k;

	if (left <= 0) {
		l->busy = 0;
		return 0;
	}
	n = (uint32_t)left < max ? (unsigned int)left : max;
	for (k = 0; k < n; k++) {
		const struct emu_frame *f = q->slot[(l->next + k) & mask];

		frames[k] = f->data;
		lens[k] = f->len;
	}
	return n;
}

/* The first n frames emu_end_loop_peek gave went back in, none of them
 * sending a frame out by this end: busy is not theirs to say (no frame
 * was written while they went in) and stays as it was. */
static inline void
emu_end_loop_passed(struct emu_end_loop *l, unsigned int n)
{
	l->next += n;
}

/*
 * Up to max of the waiting frames that arrived before end, taken at once
 * for a burst (their data into frames, their lengths into lens), all
 * marked as going back in: busy names the first, and the ring writes no
 * frame a lap after it, so none after it either. 0 when none is left
 * (busy cleared). Taken frames are in flight: an arrival meanwhile drops
 * only frames still waiting behind them.
 */
static inline unsigned int
emu_end_loop_take(struct emu_end_loop *l, const struct emu_ring *q,
		  uint32_t end, const void **frames, size_t *lens,
		  unsigned int max)
{
	const unsigned int n = emu_end_loop_peek(l, q, end, frames, lens, max);

	if (n != 0) {
		l->busy = l->next + 1;
		emu_end_loop_passed(l, n);
	}
	return n;
}

#endif /* MLX5X_EMU_END_LOOP_H */
