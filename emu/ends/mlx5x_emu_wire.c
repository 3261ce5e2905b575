/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The wire end (VF ends: mlx5x_emu_vf_end.c). Every frame that leaves
 * through the wire is kept for the test to capture (bounded). A "loop"
 * end sends it back in, as a cable looped onto itself; the frame
 * re-enters on the engine's next pass, never recursively.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_ends.h"

#include "mlx5x_emu_frameq.h"
#include "mlx5x_emu_wire.h"

#include <stdlib.h>

void
emu_wire_end(struct emu_adapter *ad, const uint8_t *frame, uint32_t len)
{
	if (ad->cfg.wire == EMU_END_PCAP)
		emu_pcap_write(ad, frame, len);
	if (ad->cfg.wire == EMU_END_TAP)
		emu_tap_write(ad, ad->wire_tap_fd, frame, len);
	if (ad->cfg.wire == EMU_END_LOOP)
		emu_frameq_put(&ad->wire_in_pending, frame, len);
}

void
emu_wire_out(struct emu_adapter *ad, const uint8_t *frame, uint32_t len)
{
	emu_vport_count(&ad->uplink, false, frame, len);
	emu_wire_send(ad, frame, len);
}

/* Frames waiting to come back in. */
unsigned int
emu_wire_service(struct emu_adapter *ad)
{
	unsigned int n = emu_pcap_feed(ad) + emu_tap_feed(ad), budget;
	struct emu_frame *f;

	for (budget = ad->wire_in_pending.n; budget > 0; budget--) {
		f = emu_frameq_pop(&ad->wire_in_pending);
		if (f == NULL)
			break;
		emu_rx_from_wire(ad, f->data, f->len);
		emu_frameq_release(&ad->wire_in_pending, f);
		n++;
	}
	if (ad->cfg.vf_end == EMU_END_LOOP && ad->cfg.nvfs != 0)
		n += emu_vf_loop_service(ad);
	return n;
}
