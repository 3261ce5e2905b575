/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Random frames of every kind the adapter's parser tells apart (the
 * usual plain IPv4 TCP/UDP frame and everything a parse must leave to
 * its general path), checksums right, spoilt, random or absent.
 */
#ifndef TEST_EMU_FRAMES_H
#define TEST_EMU_FRAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EMU_ANY_MAX 1536 /* bytes a frame may take */
#define EMU_ANY_KINDS 17

/* What emu_any_frame built. */
struct emu_any {
	uint8_t b[EMU_ANY_MAX];
	size_t len;
	bool plain; /* what the plain path takes */
	bool rule;  /* carries the outer rule's fields */
	unsigned int kind;
};

/* The outer rule's fields some UDP/IPv4 frames carry (source and
 * destination address, DSCP, UDP destination port), and the most payload
 * bytes past the L4 header (at least 1, at most 1400). */
struct emu_any_cfg {
	uint32_t sip, dip;
	uint8_t dscp;
	uint16_t dport;
	uint32_t payload_max;
};

/* The PF's MAC, every frame's destination. */
extern const uint8_t emu_any_dmac[6];

/* kind: 0..5 plain, 6 one VLAN tag, 7 QinQ, 8 IPv4 options, 9 fragment,
 * 10 IPv6, 11 IPv6 hop-by-hop, 12 VXLAN, 13 total length past the frame,
 * 14 L4 header cut short, 15 frame shorter than the headers, 16 ARP. */
void emu_any_frame(struct emu_any *f, unsigned int kind, uint64_t *seed,
		   const struct emu_any_cfg *cfg);

#endif /* TEST_EMU_FRAMES_H */
