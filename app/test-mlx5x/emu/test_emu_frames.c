/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Random frames of every kind the adapter's parser tells apart, for the
 * suites that hold one Rx path against another (test_emu_frames.h).
 */
#include <string.h>

#include "test_emu_frames.h"
#include "test_emu_lib.h"

const uint8_t emu_any_dmac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x00 };

/* The L4 checksum over the pseudo header (v4: addresses at ip + 12, v6:
 * at ip + 8) and l4len bytes. */
static void
emu_any_l4_csum(uint8_t *ip, bool v6, uint8_t *l4, size_t l4len, uint8_t proto)
{
	size_t at = proto == 6 ? 16 : 6;
	uint32_t sum = proto + (uint32_t)l4len;
	uint16_t c;

	l4[at] = l4[at + 1] = 0;
	sum = v6 ? emu_sum16(ip + 8, 32, sum) : emu_sum16(ip + 12, 8, sum);
	c = (uint16_t)~emu_sum16(l4, l4len, sum);
	l4[at] = (uint8_t)(c >> 8);
	l4[at + 1] = (uint8_t)c;
}

void
emu_any_frame(struct emu_any *f, unsigned int kind, uint64_t *seed,
	      const struct emu_any_cfg *cfg)
{
	uint32_t r = emu_test_rand(seed);
	size_t off = 14, ihl = 20, l4len, ext = 0, i;
	uint8_t proto = (r & 1) ? 6 : 17, *ip, *l4;
	bool v6 = kind == 10 || kind == 11;

	memset(f, 0, sizeof(*f));
	memcpy(f->b, emu_any_dmac, 6);
	memcpy(f->b + 6, "\x02\x00\x00\x00\x00\x09", 6);
	if (kind == 6 || kind == 7) {
		f->b[12] = kind == 7 ? 0x88 : 0x81;
		f->b[13] = kind == 7 ? 0xa8 : 0x00;
		f->b[14] = (uint8_t)(r >> 24 & 0x0f);
		f->b[15] = (uint8_t)(r >> 16);
		off = 18;
		if (kind == 7) {
			f->b[16] = 0x81;
			f->b[18] = 0x00;
			f->b[19] = 0x07;
			off = 22;
		}
	}
	if (kind == 16) {
		f->b[off - 2] = 0x08;
		f->b[off - 1] = 0x06;
		for (i = off; i < 60; i++)
			f->b[i] = (uint8_t)emu_test_rand(seed);
		f->len = 60;
		return;
	}
	f->b[off - 2] = v6 ? 0x86 : 0x08;
	f->b[off - 1] = v6 ? 0xdd : 0x00;
	ip = f->b + off;
	if (kind == 12)
		proto = 17;
	if (kind == 8)
		ihl = 24 + 4 * (r >> 20 & 1);
	ext = kind == 11 ? 8 : 0;
	l4 = ip + (v6 ? 40 + ext : ihl);
	l4len = (proto == 6 ? 20 : 8) + (r >> 8) % cfg->payload_max;
	if (kind == 12)
		l4len = 8 + 8 + 14 + 20 + 8;
	for (i = 0; i < l4len; i++)
		l4[i] = (uint8_t)emu_test_rand(seed);
	f->rule = !v6 && proto == 17 && (r >> 2 & 1);
	if (proto == 6) {
		l4[12] = 0x50; /* no options; flags random, ACK or not */
		l4[13] &= 0x3f;
	} else {
		l4[0] |= 0x40; /* ports clear of the UDP tunnel ports */
		l4[2] = f->rule ? cfg->dport >> 8 : l4[2] | 0x40;
		l4[3] = f->rule ? cfg->dport & 0xff : l4[3];
		l4[4] = (uint8_t)(l4len >> 8);
		l4[5] = (uint8_t)l4len;
	}
	if (kind == 12) {
		l4[2] = 4789 >> 8; /* VXLAN: I flag, a VNI, an inner frame */
		l4[3] = 4789 & 0xff;
		memset(l4 + 8, 0, 8);
		l4[8] = 0x08;
		l4[14] = 7;
		l4[16 + 12] = 0x08;
		l4[16 + 14] = 0x45;
		l4[16 + 23] = 17;
	}
	if (v6) {
		ip[0] = 0x60;
		ip[4] = (uint8_t)((l4len + ext) >> 8);
		ip[5] = (uint8_t)(l4len + ext);
		ip[6] = ext != 0 ? 0 : proto;
		ip[7] = 64;
		for (i = 8; i < 40; i++)
			ip[i] = (uint8_t)emu_test_rand(seed);
		if (ext != 0) {
			ip[40] = proto; /* hop-by-hop: next header, 8 bytes */
			ip[42] = 1;	/* PadN */
			ip[43] = 4;
		}
	} else {
		ip[0] = (uint8_t)(0x40 | ihl / 4);
		/* A rule frame with ECN set now and then: a miss. */
		ip[1] = f->rule ? (uint8_t)(cfg->dscp << 2 |
					    ((r >> 24 & 3) == 0
						     ? (r >> 26 & 1) + 1
						     : 0))
				: (uint8_t)emu_test_rand(seed);
		ip[2] = (uint8_t)((ihl + l4len) >> 8);
		ip[3] = (uint8_t)(ihl + l4len);
		ip[6] = kind == 9 ? ((r >> 3 & 1) ? 0x20 : 0x00) : 0x40;
		ip[7] = kind == 9 && !(r >> 3 & 1) ? 0x10 : 0x00;
		ip[8] = f->rule ? 64 : (uint8_t)(emu_test_rand(seed) | 1);
		ip[9] = proto;
		for (i = 12; i < 20; i++)
			ip[i] = (uint8_t)emu_test_rand(seed);
		if (f->rule) {
			ip[12] = cfg->sip >> 24;
			ip[13] = cfg->sip >> 16 & 0xff;
			ip[14] = cfg->sip >> 8 & 0xff;
			ip[15] = cfg->sip & 0xff;
			ip[16] = cfg->dip >> 24;
			ip[17] = cfg->dip >> 16 & 0xff;
			ip[18] = cfg->dip >> 8 & 0xff;
			ip[19] = cfg->dip & 0xff;
		}
		for (i = 20; i < ihl; i++)
			ip[i] = 1; /* NOP options */
	}
	/* L4: right, spoilt by a bit, left random, or (UDP) none. */
	switch (r >> 4 & 3) {
	case 0:
		emu_any_l4_csum(ip, v6, l4, l4len, proto);
		break;
	case 1:
		emu_any_l4_csum(ip, v6, l4, l4len, proto);
		/* Past the ports, which the outer rule reads. */
		l4[4 + (r >> 12) % (l4len - 4)] ^=
			(uint8_t)(1u << (r >> 16 & 7));
		break;
	case 2:
		if (proto == 17)
			l4[6] = l4[7] = 0;
		break;
	default:
		break;
	}
	if (!v6 && !(r >> 6 & 1)) {
		uint16_t c;

		ip[10] = ip[11] = 0;
		c = (uint16_t)~emu_sum16(ip, ihl, 0);
		ip[10] = (uint8_t)(c >> 8);
		ip[11] = (uint8_t)c;
	}
	f->len = (size_t)(l4 - f->b) + l4len;
	if (kind == 14) /* ends inside the L4 header */
		f->len = (size_t)(l4 - f->b) + (proto == 6 ? 12 : 6);
	if (kind == 14 && !v6) {
		ip[2] = (uint8_t)((f->len - off) >> 8);
		ip[3] = (uint8_t)(f->len - off);
	}
	if (kind == 15)
		f->len = 40;
	else if (f->len < 60)
		f->len = 60;
	if (kind == 13 && !v6) { /* the total length says 9 bytes more */
		ip[2] = (uint8_t)((f->len - off + 9) >> 8);
		ip[3] = (uint8_t)(f->len - off + 9);
	}
	f->plain = kind <= 5;
	f->kind = kind;
	/* Options leave the outer fields as they are; a tag, a fragment,
	 * an L4 header short or past the IP length, VXLAN's port and ECN
	 * do not. */
	f->rule = f->rule && (kind <= 5 || kind == 8) && (ip[1] & 3) == 0;
}
