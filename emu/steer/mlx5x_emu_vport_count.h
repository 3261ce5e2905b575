/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A vport's counters on the data path, inline: a unicast frame (the group
 * bit of the destination MAC clear, nearly every frame) is three
 * additions; a group address takes emu_vport_count, which tells broadcast
 * from multicast.
 */
#ifndef MLX5X_EMU_VPORT_COUNT_H
#define MLX5X_EMU_VPORT_COUNT_H

#include "mlx5x_emu_core.h"
#include "mlx5x_emu_steer.h"

static inline void
emu_vport_count_rx(struct emu_vport *vp, const uint8_t *frame, uint32_t len)
{
	if (__builtin_expect(frame[0] & 1, 0)) {
		emu_vport_count(vp, true, frame, len);
		return;
	}
	vp->cnt.rx_packets++;
	vp->cnt.rx_bytes += len;
	vp->cnt.rx_ucast++;
}

static inline void
emu_vport_count_tx(struct emu_vport *vp, const uint8_t *frame, uint32_t len)
{
	if (__builtin_expect(frame[0] & 1, 0)) {
		emu_vport_count(vp, false, frame, len);
		return;
	}
	vp->cnt.tx_packets++;
	vp->cnt.tx_bytes += len;
	vp->cnt.tx_ucast++;
}

#endif /* MLX5X_EMU_VPORT_COUNT_H */
