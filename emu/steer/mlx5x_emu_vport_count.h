/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A vport's counters on the data path, inline: a unicast frame (the group
 * bit of the destination MAC clear, nearly every frame) is three
 * additions; a group address takes emu_vport_count_group, which tells
 * broadcast from multicast.
 */
#ifndef MLX5X_EMU_VPORT_COUNT_H
#define MLX5X_EMU_VPORT_COUNT_H

#include "mlx5x_emu_core.h"
#include "mlx5x_emu_steer.h"

static inline __attribute__((always_inline)) void
emu_vport_count_inl(struct emu_vport *vp, bool rx, const uint8_t *frame,
		    uint32_t len)
{
	struct emu_vport_counters *c = &vp->cnt;

	if (__builtin_expect(frame[0] & 1, 0)) {
		emu_vport_count_group(vp, rx, frame, len);
	} else if (rx) {
		c->rx_packets++;
		c->rx_bytes += len;
		c->rx_ucast++;
	} else {
		c->tx_packets++;
		c->tx_bytes += len;
		c->tx_ucast++;
	}
}

static inline void
emu_vport_count_rx(struct emu_vport *vp, const uint8_t *frame, uint32_t len)
{
	emu_vport_count_inl(vp, true, frame, len);
}

static inline void
emu_vport_count_tx(struct emu_vport *vp, const uint8_t *frame, uint32_t len)
{
	emu_vport_count_inl(vp, false, frame, len);
}

/* n unicast frames of bytes bytes in all on counters c, received (rx) or
 * sent: what a tally adds once for a burst or a service. */
static inline void
emu_vport_count_ucast_n(struct emu_vport_counters *c, bool rx, uint64_t n,
			uint64_t bytes)
{
	if (rx) {
		c->rx_packets += n;
		c->rx_bytes += bytes;
		c->rx_ucast += n;
	} else {
		c->tx_packets += n;
		c->tx_bytes += bytes;
		c->tx_ucast += n;
	}
}

#endif /* MLX5X_EMU_VPORT_COUNT_H */
