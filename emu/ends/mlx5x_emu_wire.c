/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The wire end (VF ends: mlx5x_emu_vf_end.c). Every frame that leaves
 * through the wire is kept in the wire ring for the test to capture
 * (bounded). A "loop" end sends it back in, as a cable looped onto
 * itself: it re-enters on an engine pass after the one that sent it,
 * never recursively, read where the wire ring keeps it
 * (mlx5x_emu_end_loop.h), so the frame is copied once at the wire.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_ends.h"

#include "mlx5x_emu_end_loop.h"
#include "mlx5x_emu_frameq.h"
#include "mlx5x_emu_ring.h"
#include "mlx5x_emu_wire.h"

void
emu_ends_init(struct emu_adapter *ad)
{
	unsigned int k;

	emu_ring_init(&ad->wire_out, ad->cfg.wire == EMU_END_LOOP);
	for (k = 0; k < EMU_MAX_VFS; k++)
		emu_ring_init(&ad->vf_out[k], ad->cfg.vf_end == EMU_END_LOOP);
}

void
emu_wire_end_out(struct emu_adapter *ad, const uint8_t *frame, uint32_t len)
{
	if (ad->cfg.wire == EMU_END_PCAP)
		emu_pcap_write(ad, frame, len);
	if (ad->cfg.wire == EMU_END_TAP)
		emu_tap_write(ad, ad->wire_tap_fd, frame, len);
}

void
emu_wire_out(struct emu_adapter *ad, const uint8_t *frame, uint32_t len)
{
	emu_vport_count(&ad->uplink, false, frame, len);
	emu_wire_send(ad, frame, len);
}

/* A loop wire's frames that left before this service go back in, in
 * order, read in their slots of the wire ring, EMU_END_LOOP_BURST at a
 * time through the wire's burst entry (the fused path's plan read and the
 * vport counters added once a burst, not once a frame), the CQEs held
 * written after each whole burst. How many went in. */
static unsigned int
emu_wire_loop_service(struct emu_adapter *ad)
{
	struct emu_end_loop *l = &ad->wire_loop;
	const struct emu_ring *q = &ad->wire_out;
	const uint32_t end = q->tail;
	const void *frames[EMU_END_LOOP_BURST];
	size_t lens[EMU_END_LOOP_BURST];
	unsigned int k, n = 0;

	while ((k = emu_end_loop_take(l, q, end, frames, lens,
				      EMU_END_LOOP_BURST)) != 0) {
		emu_rx_from_wire_burst(ad, frames, lens, k);
		n += k;
		if (k == EMU_END_LOOP_BURST)
			emu_adapter_flush_cqs(ad);
	}
	return n;
}

/* Frames waiting to come back in at any end of the adapter. */
unsigned int
emu_wire_service(struct emu_adapter *ad)
{
	unsigned int n = emu_pcap_feed(ad);

	/* Only a TAP end has frames the host sends: no read polled where
	 * none is attached (a loop wire, loop VF ends). */
	if (ad->cfg.wire == EMU_END_TAP || ad->cfg.vf_end == EMU_END_TAP)
		n += emu_tap_feed(ad);
	if (ad->cfg.wire == EMU_END_LOOP &&
	    emu_end_loop_waiting(&ad->wire_loop, &ad->wire_out))
		n += emu_wire_loop_service(ad);
	if (ad->cfg.vf_end == EMU_END_LOOP && ad->cfg.nvfs != 0)
		n = emu_vf_loop_service(ad, n);
	return n;
}
