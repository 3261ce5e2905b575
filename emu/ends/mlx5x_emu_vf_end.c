/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VF ends: what arrives at a VF's vport when no context is open on the
 * VF's own function (a VM's NIC at the other end). Every frame is kept in
 * the VF's frame ring for the test to capture (bounded). A "loop" end
 * sends it back in from the VF, as a VM that echoes; it re-enters on the
 * engine's next pass, never recursively, and is read where the ring keeps
 * it (mlx5x_emu_end_loop.h): one copy per frame at the end, whatever its
 * mode.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_ends.h"

#include "mlx5x_emu_end_loop.h"
#include "mlx5x_emu_ring.h"
#include "mlx5x_emu_vport_count.h"

void
emu_vf_out(struct emu_adapter *ad, unsigned int vf, const uint8_t *frame,
	   uint32_t len)
{
	struct emu_ring *q = &ad->vf_out[vf];
	struct emu_end_loop *l;

	/* A context open on VF k's own function owns vport k + 1: the frame
	 * goes through its NIC RX steering, not to the VF end. */
	if (ad->vf_nctx[vf] != 0) {
		emu_trace(ad, "vf %u function nic rx", vf);
		emu_steering_rx_fn(ad, vf + 1, frame, len, vf + 1);
		return;
	}
	emu_vport_count_rx(&ad->vf[vf], frame, len);
	if (ad->cfg.vf_end != EMU_END_LOOP) {
		emu_ring_put(q, frame, len);
		if (ad->cfg.vf_end == EMU_END_TAP)
			emu_tap_write(ad, ad->vf_tap_fd[vf], frame, len);
		return;
	}
	/* The frame going back in now (a rule may send it to its own VF
	 * again) stays as it is: a frame a lap after it is dropped. */
	l = &ad->vf_loop[vf];
	if (emu_end_loop_blocks(l, q)) {
		l->dropped++;
		q->dropped++;
		return;
	}
	emu_ring_put(q, frame, len);
	emu_end_loop_kept(l, q);
}

/*
 * Loop VF ends: the frames that arrived before this pass go back in, in
 * order, each from its slot of the VF's ring; n were taken back in before
 * by this service (emu_end_loop_took). Per VF, the frames waiting up to
 * the next point where the held CQEs are written go to the fused path's
 * burst entry at once (its way read once, counters added once), read
 * where they wait; a frame it leaves goes the E-Switch's way alone,
 * marked as going back in (a frame it sends to its own VF a lap after
 * it is dropped, and what it sends to any VF may drop waiting ones), and
 * the frames after it are read again. The fused path sends no frame out
 * by a VF end: the frames it takes change nothing the loop reads.
 */
unsigned int
emu_vf_loop_service(struct emu_adapter *ad, unsigned int n)
{
	const void *frames[EMU_END_LOOP_BURST];
	size_t lens[EMU_END_LOOP_BURST];
	unsigned int k, got, took;

	for (k = 0; k < ad->cfg.nvfs; k++) {
		struct emu_end_loop *l = &ad->vf_loop[k];
		const struct emu_ring *q = &ad->vf_out[k];
		const uint32_t end = q->tail;
		const struct emu_frame *f;

		if (!emu_end_loop_waiting(l, q))
			continue;
		for (;;) {
			/* Up to the next point the held CQEs are written. */
			got = emu_end_loop_peek(l, q, end, frames, lens,
						EMU_END_LOOP_BURST -
							n % EMU_END_LOOP_BURST);
			if (got == 0)
				break;
			took = emu_rx_from_vf_burst(ad, k, frames, lens, got);
			emu_end_loop_passed(l, took);
			if (took != 0) {
				n += took;
				emu_end_loop_took(ad, n);
			}
			if (took == got)
				continue;
			f = emu_end_loop_next(l, q, end);
			emu_rx_vf_general(ad, k, f->data, f->len);
			emu_end_loop_took(ad, ++n);
		}
	}
	return n;
}
