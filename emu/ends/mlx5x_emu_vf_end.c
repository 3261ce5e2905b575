/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VF ends: what arrives at a VF's vport when no context is open on the
 * VF's own function (a VM's NIC at the other end). Every frame is kept in
 * the VF's frame ring for the test to capture (bounded). A "loop" end
 * sends it back in from the VF, as a VM that echoes; it re-enters on the
 * engine's next pass, never recursively, and is read where the ring keeps
 * it: one copy per frame at the end, whatever its mode.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_ends.h"

#include "mlx5x_emu_ring.h"

/*
 * The loop's share of a frame the ring just kept: at most EMU_CAPTURE_MAX
 * wait to go back in, the oldest dropped beyond. The frames waiting are
 * then fewer than a lap of the ring (EMU_RING_SLOTS), so their slots are
 * not written again before they went back in.
 */
static inline void
emu_vf_loop_kept(struct emu_vf_loop *l, const struct emu_ring *q)
{
	_Static_assert(EMU_CAPTURE_MAX < EMU_RING_SLOTS,
		       "waiting frames stay in their slots");
	if (q->tail - l->next > EMU_CAPTURE_MAX) {
		l->next = q->tail - EMU_CAPTURE_MAX;
		l->dropped++;
	}
}

void
emu_vf_out(struct emu_adapter *ad, unsigned int vf, const uint8_t *frame,
	   uint32_t len)
{
	struct emu_ring *q = &ad->vf_out[vf];
	struct emu_vf_loop *l;

	/* A context open on VF k's own function owns vport k + 1: the frame
	 * goes through its NIC RX steering, not to the VF end. */
	if (ad->vf_nctx[vf] != 0) {
		emu_trace(ad, "vf %u function nic rx", vf);
		emu_steering_rx_fn(ad, vf + 1, frame, len, vf + 1);
		return;
	}
	emu_vport_count(&ad->vf[vf], true, frame, len);
	if (ad->cfg.vf_end != EMU_END_LOOP) {
		emu_ring_put(q, frame, len);
		if (ad->cfg.vf_end == EMU_END_TAP)
			emu_tap_write(ad, ad->vf_tap_fd[vf], frame, len);
		return;
	}
	/* The frame going back in now (a rule may send it to its own VF
	 * again) stays as it is: a frame a lap after it is dropped. */
	l = &ad->vf_loop[vf];
	if (__builtin_expect(l->busy != 0 &&
				     q->tail - (l->busy - 1) >= EMU_RING_SLOTS,
			     0)) {
		l->dropped++;
		q->dropped++;
		return;
	}
	emu_ring_put(q, frame, len);
	emu_vf_loop_kept(l, q);
}

/* Loop VF ends: the frames that arrived before this pass go back in, in
 * order, each from its slot of the VF's ring. */
unsigned int
emu_vf_loop_service(struct emu_adapter *ad)
{
	unsigned int k, n = 0;

	for (k = 0; k < ad->cfg.nvfs; k++) {
		struct emu_vf_loop *l = &ad->vf_loop[k];
		const struct emu_ring *q = &ad->vf_out[k];
		const uint32_t end = q->tail;

		/* Signed: frames arriving meanwhile may drop waiting ones,
		 * moving next past end. */
		while ((int32_t)(end - l->next) > 0) {
			const struct emu_frame *f =
				q->slot[l->next & (EMU_RING_SLOTS - 1)];

			l->busy = ++l->next;
			emu_trace_reset(ad);
			emu_eswitch_from_vf(ad, k, f->data, f->len);
			n++;
		}
		l->busy = 0;
	}
	return n;
}
