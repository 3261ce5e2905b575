/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Wire and VF ends. Every frame that leaves through the wire or arrives at
 * a VF is kept for the test to capture (bounded). A "loop" end sends it
 * back in, as a cable looped onto itself or a VM that echoes; the frame
 * re-enters on the engine's next pass, never recursively.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_ends.h"

#include "mlx5x_emu_frameq.h"

#include <stdlib.h>

void
emu_wire_out(struct emu_adapter *ad, const uint8_t *frame, uint32_t len)
{
	emu_vport_count(&ad->uplink, false, frame, len);
	emu_frameq_put(&ad->wire_out, frame, len);
	if (ad->cfg.wire == EMU_END_PCAP)
		emu_pcap_write(ad, frame, len);
	if (ad->cfg.wire == EMU_END_TAP)
		emu_tap_write(ad, ad->wire_tap_fd, frame, len);
	if (ad->cfg.wire == EMU_END_LOOP)
		emu_frameq_put(&ad->wire_in_pending, frame, len);
}

void
emu_vf_out(struct emu_adapter *ad, unsigned int vf, const uint8_t *frame,
	   uint32_t len)
{
	/* A context open on VF k's own function owns vport k + 1: the frame
	 * goes through its NIC RX steering, not to the VF end. */
	if (ad->vf_nctx[vf] != 0) {
		emu_trace(ad, "vf %u function nic rx", vf);
		emu_steering_rx_fn(ad, vf + 1, frame, len, vf + 1);
		return;
	}
	emu_vport_count(&ad->vf[vf], true, frame, len);
	emu_frameq_put(&ad->vf_out[vf], frame, len);
	if (ad->cfg.vf_end == EMU_END_LOOP)
		emu_frameq_put(&ad->vf_in_pending[vf], frame, len);
	if (ad->cfg.vf_end == EMU_END_TAP)
		emu_tap_write(ad, ad->vf_tap_fd[vf], frame, len);
}

/* Frames waiting to come back in. */
unsigned int
emu_wire_service(struct emu_adapter *ad)
{
	unsigned int n = emu_pcap_feed(ad) + emu_tap_feed(ad), k, budget;
	struct emu_frame *f;

	for (budget = ad->wire_in_pending.n; budget > 0; budget--) {
		f = emu_frameq_pop(&ad->wire_in_pending);
		if (f == NULL)
			break;
		emu_trace_reset(ad);
		emu_eswitch_from_wire(ad, f->data, f->len);
		emu_frameq_release(&ad->wire_in_pending, f);
		n++;
	}
	for (k = 0; k < ad->cfg.nvfs; k++) {
		for (budget = ad->vf_in_pending[k].n; budget > 0; budget--) {
			f = emu_frameq_pop(&ad->vf_in_pending[k]);
			if (f == NULL)
				break;
			emu_trace_reset(ad);
			emu_eswitch_from_vf(ad, k, f->data, f->len);
			emu_frameq_release(&ad->vf_in_pending[k], f);
			n++;
		}
	}
	return n;
}
