/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tunnel entropy. With the device's encapsulation offload, the adapter
 * computes an entropy value from the inner packet's headers and, for
 * UDP-type encapsulations, places it in the outer UDP source port (Linux
 * mlx5 commits 0dcaafc0b8dc and 97417f6182f8, the PCMR entropy_calc
 * notes; mlx5_core always hands the adapter a zero source port). So that
 * equal inner flows take the same path through ECMP and RSS on the far
 * side, and different ones spread.
 *
 * The model's choices where the sources say nothing: the inner headers
 * hashed are the MACs and ethertype (L2 inner frames), the IPv4/IPv6
 * addresses and protocol and, for TCP/UDP first fragments, the ports;
 * the hash is 32-bit FNV-1a folded to 14 bits and placed in 49152..65535,
 * the dynamic port range RFC 7348 recommends for the VXLAN source port
 * (RFC 6335). Never zero, the same for the same inner headers, and the
 * payload does not count.
 */
#include "mlx5x_emu_steer.h"

#include <string.h>

#define EMU_ENTROPY_PORT_BASE 49152u /* RFC 6335 dynamic ports */
#define EMU_ENTROPY_PORT_BITS 14

static uint16_t
emu_rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

uint16_t
emu_tunnel_entropy(const uint8_t *in, uint32_t len, bool l2)
{
	/* MACs, ethertype, two IPv6 addresses, protocol, ports. */
	uint8_t key[12 + 2 + 32 + 1 + 4];
	uint32_t n = 0, off = 0, l4 = 0, i, h = 2166136261u;
	uint16_t et = 0;
	uint8_t proto = 0;
	bool frag = false;

	if (l2) {
		if (len < 14)
			return EMU_ENTROPY_PORT_BASE;
		memcpy(key, in, 12);
		n = 12;
		off = 12;
		while (off + 4 <= len && (emu_rd16(in + off) == 0x8100 ||
					  emu_rd16(in + off) == 0x88a8))
			off += 4;
		et = emu_rd16(in + off);
		memcpy(key + n, in + off, 2);
		n += 2;
		off += 2;
	} else if (len > 0) {
		et = (in[0] >> 4) == 4	 ? 0x0800
		     : (in[0] >> 4) == 6 ? 0x86dd
					 : 0;
	}
	if (et == 0x0800 && off + 20 <= len) {
		memcpy(key + n, in + off + 12, 8);
		n += 8;
		proto = in[off + 9];
		frag = (emu_rd16(in + off + 6) & 0x1fff) != 0;
		l4 = off + (in[off] & 0xf) * 4u;
	} else if (et == 0x86dd && off + 40 <= len) {
		memcpy(key + n, in + off + 8, 32);
		n += 32;
		proto = in[off + 6];
		l4 = off + 40;
	}
	key[n++] = proto;
	if ((proto == 6 || proto == 17) && !frag && l4 + 4 <= len) {
		memcpy(key + n, in + l4, 4);
		n += 4;
	}
	for (i = 0; i < n; i++) {
		h ^= key[i];
		h *= 16777619u;
	}
	h ^= h >> 16;
	return (uint16_t)(EMU_ENTROPY_PORT_BASE |
			  (h & ((1u << EMU_ENTROPY_PORT_BITS) - 1)));
}
