/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The wire end for the data path: a frame leaving by the wire, inline into
 * the SQ loop (mlx5x_emu_wire.c has the rest of the ends).
 */
#ifndef MLX5X_EMU_WIRE_H
#define MLX5X_EMU_WIRE_H

#include "mlx5x_emu_core.h"
#include "mlx5x_emu_ends.h"

#include "mlx5x_emu_end_loop.h"
#include "mlx5x_emu_ring.h"

/* What a pcap or TAP wire does with a frame leaving. */
void
emu_wire_end_out(struct emu_adapter *ad, const uint8_t *frame, uint32_t len);

/* What a wire that is not "drop" does with a frame the wire ring just
 * kept: a loop wire counts it among those waiting to go back in (where
 * the ring keeps it), the others write it out. */
static inline __attribute__((always_inline)) void
emu_wire_end(struct emu_adapter *ad, const uint8_t *frame, uint32_t len)
{
	if (ad->cfg.wire == EMU_END_LOOP)
		emu_end_loop_kept(&ad->wire_loop, &ad->wire_out);
	else
		emu_wire_end_out(ad, frame, len);
}

/* The frame leaves by the wire; the caller counted it on the uplink
 * (emu_wire_out counts and sends). Kept for capture, then the end; a
 * loop wire drops it rather than write over the frame going back in. */
static inline void
emu_wire_send(struct emu_adapter *ad, const uint8_t *frame, uint32_t len)
{
	if (ad->cfg.wire == EMU_END_LOOP &&
	    emu_end_loop_blocks(&ad->wire_loop, &ad->wire_out)) {
		ad->wire_loop.dropped++;
		ad->wire_out.dropped++;
		return;
	}
	emu_ring_put(&ad->wire_out, frame, len);
	if (ad->cfg.wire != EMU_END_DROP)
		emu_wire_end(ad, frame, len);
}

/* A frame built in place in the wire ring's slot (emu_ring_reserve on
 * ad->wire_out) leaves: kept for capture, then the end. */
static inline void
emu_wire_send_built(struct emu_adapter *ad, const uint8_t *frame, uint32_t len)
{
	emu_ring_commit(&ad->wire_out, len);
	if (ad->cfg.wire != EMU_END_DROP)
		emu_wire_end(ad, frame, len);
}

#endif /* MLX5X_EMU_WIRE_H */
