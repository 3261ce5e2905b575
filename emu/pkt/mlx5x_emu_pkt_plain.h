/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The parse's plain-IPv4 step and the checksum arithmetic under it, inline
 * for the two places that parse the usual frame: the general parse
 * (mlx5x_emu_pkt.c) and the fused wire -> RQ path (mlx5x_emu_rx_fused.c),
 * which must both give the same answer for every frame.
 */
#ifndef MLX5X_EMU_PKT_PLAIN_H
#define MLX5X_EMU_PKT_PLAIN_H

#include <endian.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "mlx5x_emu_pkt.h"

/*
 * One's complement sum of p as big-endian 16-bit words, added to acc.
 * Sixteen bytes at a time as 64-bit words with end-around carry (the
 * carries counted aside and added back), then an 8-byte word, then the
 * last 1..7 bytes. RFC 1071: the sum of the words in memory order is the
 * byte swap of the network-order sum, and since 2^16 == 1 modulo 0xffff,
 * a sum of wider words modulo 2^64 - 1 folds to the same 16-bit sum.
 */
static inline __attribute__((always_inline)) uint64_t
emu_csum_acc(uint64_t acc, const uint8_t *p, uint32_t len)
{
	uint64_t w, x, carry = 0;
	uint32_t i, r, w32;
	uint16_t w16;

	for (i = 0; i + 16 <= len; i += 16) {
		memcpy(&w, p + i, 8);
		memcpy(&x, p + i + 8, 8);
		acc += w;
		carry += acc < w;
		acc += x;
		carry += acc < x;
	}
	if (len - i >= 8) {
		memcpy(&w, p + i, 8);
		acc += w;
		carry += acc < w;
		i += 8;
	}
	r = len - i;
	w = 0;
	if (r != 0 && len >= 8) {
		/* The last r bytes without a branch per size: the 8 bytes
		 * that end the region, those before the tail shifted out.
		 * The tail starts at an even offset, as a word loaded there
		 * would, so each byte keeps its place in its 16-bit word (an
		 * odd last byte the high byte of one, zero-padded). */
		memcpy(&w, p + len - 8, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		w >>= 64 - 8 * r;
#else
		w <<= 64 - 8 * r;
#endif
	} else if (r != 0) {
		if (r >= 4) {
			memcpy(&w32, p + i, 4);
			w = w32;
			i += 4;
		}
		if (len - i >= 2) {
			memcpy(&w16, p + i, 2);
			w += w16;
			i += 2;
		}
		if (i < len) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			w += p[i];
#else
			w += (uint32_t)p[i] << 8;
#endif
		}
	}
	/* w is below 2^64 and carry below 2^28: a wrap of each at most. */
	acc += w;
	carry += acc < w;
	acc += carry;
	return acc + (acc < carry);
}

/*
 * Outer header fields that share a dword of fte_match_set_lyr_2_4 are
 * put together and stored once (the parse zeroed the match view): a
 * field's value at its place in its dword, host order, and the store.
 */
#define EMU_L24_FLD(fld, v)                                                    \
	(((uint32_t)(v) &                                                      \
	  (uint32_t)((1ull << MLX5X_BIT_SZ(fte_match_set_lyr_2_4, fld)) - 1))  \
	 << (32 - (MLX5X_BIT_OFF(fte_match_set_lyr_2_4, fld) & 31) -           \
	     MLX5X_BIT_SZ(fte_match_set_lyr_2_4, fld)))
#define EMU_L24_DW(fld) (MLX5X_BIT_OFF(fte_match_set_lyr_2_4, fld) / 32)
_Static_assert(EMU_L24_DW(ip_protocol) == EMU_L24_DW(ip_dscp) &&
		       EMU_L24_DW(ip_protocol) == EMU_L24_DW(ip_ecn) &&
		       EMU_L24_DW(ip_protocol) == EMU_L24_DW(cvlan_tag) &&
		       EMU_L24_DW(ip_protocol) == EMU_L24_DW(svlan_tag) &&
		       EMU_L24_DW(ip_protocol) == EMU_L24_DW(frag) &&
		       EMU_L24_DW(ip_protocol) == EMU_L24_DW(ip_version) &&
		       EMU_L24_DW(ip_protocol) == EMU_L24_DW(tcp_flags),
	       "IP fields of one dword");
/* The L4 ports are a dword each, source then destination, as on the wire. */
#define EMU_L24_OFF(fld) MLX5X_BIT_OFF(fte_match_set_lyr_2_4, fld)
_Static_assert(EMU_L24_OFF(tcp_dport) == EMU_L24_OFF(tcp_sport) + 16 &&
		       EMU_L24_OFF(tcp_sport) % 32 == 0,
	       "TCP ports as on the wire");
_Static_assert(EMU_L24_OFF(udp_dport) == EMU_L24_OFF(udp_sport) + 16 &&
		       EMU_L24_OFF(udp_sport) % 32 == 0,
	       "UDP ports as on the wire");

static inline void
emu_l24_put(void *h, size_t dw, uint32_t v)
{
	v = htobe32(v);
	memcpy((uint8_t *)h + dw * 4, &v, 4);
}

static inline uint16_t
emu_rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/*
 * Whether a checksummed region verifies, from the emu_csum_acc sum of its
 * bytes (not zero: the regions checked here never sum to zero) plus the
 * extra, a sum of big-endian 16-bit words (the pseudo header's protocol
 * and length). The folded one's complement sum is congruent to the sum
 * modulo 0xffff and is 0xffff exactly when that residue is 0 for a
 * non-zero sum, so no fold is needed: a residue and a compare. A
 * big-endian word v read in little-endian order is v * 2^8 modulo 0xffff.
 */
static inline bool
emu_csum_verifies(uint64_t acc, uint32_t extra)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t x = (uint64_t)extra << 8;
#else
	const uint64_t x = extra;
#endif

	/* 2^32 is 1 modulo 0xffff too: the halves' sum (below 2^34 with
	 * x) has acc + x's residue, so one division by a constant does. */
	return ((acc >> 32) + (acc & 0xffffffff) + x) % 0xffff == 0;
}

/*
 * Short regions, as the usual small frame's L4 header and payload are,
 * summed in straight code: each 8-byte word added with its carry
 * counted aside (an add and an add-with-carry a word), the last 1..7
 * bytes as the 8 that end the region shifted (emu_csum_acc's tail).
 * EMU_CSUM_SHORT_MAX bytes at most, 8 at least; longer regions take
 * emu_csum_acc.
 */
#define EMU_CSUM_SHORT_MAX 32u
struct emu_csum_sc {
	uint64_t sum, carry;
};

static inline __attribute__((always_inline)) uint64_t
emu_csum_ld64(const uint8_t *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

static inline __attribute__((always_inline)) struct emu_csum_sc
emu_csum_sc_add(struct emu_csum_sc a, uint64_t w)
{
	a.carry += __builtin_add_overflow(a.sum, w, &a.sum);
	return a;
}

static inline __attribute__((always_inline)) struct emu_csum_sc
emu_csum_short(struct emu_csum_sc a, const uint8_t *p, uint32_t len)
{
	const uint32_t r = len & 7;

	a = emu_csum_sc_add(a, emu_csum_ld64(p));
	if (len >= 16) {
		a = emu_csum_sc_add(a, emu_csum_ld64(p + 8));
		if (len >= 24)
			a = emu_csum_sc_add(a, emu_csum_ld64(p + 16));
		if (len == 32)
			a = emu_csum_sc_add(a, emu_csum_ld64(p + 24));
	}
	/* 64 - 8 * r bits out, r the tail's length: -8 * len modulo 64. */
	if (r != 0) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		a = emu_csum_sc_add(a, emu_csum_ld64(p + len - 8) >>
					       ((0u - len * 8) & 63));
#else
		a = emu_csum_sc_add(a, emu_csum_ld64(p + len - 8)
					       << ((0u - len * 8) & 63));
#endif
	}
	return a;
}

/*
 * Whether a region whose sum and carries are a verifies (emu_csum_verifies'
 * rule: a residue of 0 modulo 0xffff; extras already in a). 2^64 is 1
 * modulo 0xffff, so the sum plus its carries, end-around, has the
 * region's residue. 0xffff is odd: x is a multiple of it exactly when x
 * times its inverse modulo 2^64 is at most (2^64 - 1) / 0xffff, a
 * multiply and a compare (written out: the compiler keeps a remainder
 * when the answer is used later).
 */
#define EMU_CSUM_INV_FFFF 0xfffefffefffeffffull
#define EMU_CSUM_MULTS_FFFF 0x0001000100010001ull
_Static_assert((uint64_t)(0xffffull * EMU_CSUM_INV_FFFF) == 1 &&
		       EMU_CSUM_MULTS_FFFF == UINT64_MAX / 0xffff,
	       "the inverse of 0xffff modulo 2^64");

static inline __attribute__((always_inline)) bool
emu_csum_sc_verifies(struct emu_csum_sc a)
{
	uint64_t x = a.sum + a.carry;

	x += x < a.carry;
	return x * EMU_CSUM_INV_FFFF <= EMU_CSUM_MULTS_FFFF;
}

/* A sum of big-endian 16-bit words (a pseudo header's protocol and
 * length, below 2^24) as emu_csum_acc would have gathered it. */
static inline uint64_t
emu_csum_be_extra(uint32_t extra)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (uint64_t)extra << 8;
#else
	return extra;
#endif
}

/* What the one-pass parse finds of a plain frame: the scalars RSS and
 * the CQE read, small enough to stay in registers. */
struct emu_ip4_plain {
	bool l3_ok, l4_ok;
	bool tcp_ack_only; /* TCP: ACK set and no payload */
	uint8_t proto;	   /* 6 or 17 */
	uint8_t tcp_flags; /* TCP; 0 for UDP */
};

/* Whether L4 region [l4, l4 + len) (8 bytes at least) verifies, with s
 * the pseudo header's sum: short regions in straight code. */
static inline __attribute__((always_inline)) bool
emu_ip4_plain_l4_ok(struct emu_csum_sc s, const uint8_t *l4, uint32_t len)
{
	if (__builtin_expect(len <= EMU_CSUM_SHORT_MAX, 1))
		return emu_csum_sc_verifies(emu_csum_short(s, l4, len));
	/* s is the pseudo header alone: below 2^35, no carry. */
	return emu_csum_verifies(emu_csum_acc(s.sum, l4, len), 0);
}

/*
 * The usual frame in one pass: untagged IPv4 (ethertype 0x0800 at byte
 * 12) without options, not a
 * fragment, its total length within the frame, carrying a whole TCP or
 * UDP header. The checks come first: a frame that fails one returns
 * false with nothing written and takes the general parse, which gives
 * the same result for every frame this takes
 * (emu_parse_need/test_plain_ipv4_parse_matches_general). Here the
 * header's three loads give both its own sum and the pseudo header's
 * addresses, and no branch is left to take for VLAN tags, IPv6, options
 * or the header lengths.
 */
static inline __attribute__((always_inline)) bool
emu_ip4_plain_scan(const uint8_t *d, uint32_t len, struct emu_ip4_plain *r)
{
	const uint8_t *ip = d + 14, *l4 = d + 34;
	uint32_t tot, l4len, sa, da, et_vihl, frag_proto;
	struct emu_csum_sc hdr, l4sum;
	uint64_t w0, w1;
	uint16_t udp_csum;
	uint8_t proto;

	/* The ethertype and the version and header length in one load:
	 * 08 00 45, the DSCP byte aside. */
	if (len < 14 + 20 + 8)
		return false;
	memcpy(&et_vihl, d + 12, 4);
	if ((et_vihl & htobe32(0xffffff00)) != htobe32(0x08004500))
		return false;
	/* Not a fragment (MF and the offset clear) and TCP or UDP, in one
	 * load too: bytes 6..9 are flags and offset, TTL, protocol. */
	memcpy(&frag_proto, ip + 6, 4);
	frag_proto &= htobe32(0x3fff00ff);
	if (frag_proto != htobe32(6) && frag_proto != htobe32(17))
		return false;
	proto = ip[9];
	tot = emu_rd16(ip + 2);
	if (tot > len - 14 || tot < (proto == 6 ? 40u : 28u))
		return false;
	l4len = tot - 20;
	memcpy(&w0, ip, 8);
	memcpy(&w1, ip + 8, 8);
	memcpy(&sa, ip + 12, 4);
	memcpy(&da, ip + 16, 4);
	/* Bytes 0..15 and 16..19: the header. */
	hdr = emu_csum_sc_add((struct emu_csum_sc){ w0, 0 }, w1);
	hdr = emu_csum_sc_add(hdr, da);
	r->l3_ok = emu_csum_sc_verifies(hdr);
	r->proto = proto;
	/* The pseudo header (addresses, protocol, L4 length) in the sum the
	 * L4 header's words join. */
	l4sum = (struct emu_csum_sc){
		(uint64_t)sa + da + emu_csum_be_extra(proto + l4len), 0
	};
	if (proto == 6) {
		uint32_t doff = (uint32_t)(l4[12] >> 4) * 4;

		r->tcp_flags = l4[13];
		r->tcp_ack_only = (l4[13] & 0x10) && l4len <= doff;
		r->l4_ok = emu_ip4_plain_l4_ok(l4sum, l4, l4len);
	} else {
		r->tcp_flags = 0;
		r->tcp_ack_only = false;
		/* UDP over IPv4 may omit its checksum (zero). */
		memcpy(&udp_csum, l4 + 6, 2);
		r->l4_ok =
			udp_csum == 0 || emu_ip4_plain_l4_ok(l4sum, l4, l4len);
	}
	return true;
}

/* The outer header fields of plain frame d (r its scan) into oh, an
 * fte_match_set_lyr_2_4 zeroed but for the MACs and ethertype. */
static inline __attribute__((always_inline)) void
emu_ip4_plain_outer(const uint8_t *d, const struct emu_ip4_plain *r, void *oh)
{
	const uint8_t *ip = d + 14, *l4 = d + 34;
	uint32_t ipdw;

	ipdw = EMU_L24_FLD(ip_version, 4) | EMU_L24_FLD(ip_dscp, ip[1] >> 2) |
	       EMU_L24_FLD(ip_ecn, ip[1] & 3) |
	       EMU_L24_FLD(ip_protocol, r->proto);
	emu_l24_put(oh, EMU_L24_DW(ttl_hoplimit),
		    EMU_L24_FLD(ttl_hoplimit, ip[8]));
	memcpy((uint8_t *)MLX5X_ADDR_OF(fte_match_set_lyr_2_4, oh,
					src_ipv4_src_ipv6) +
		       12,
	       ip + 12, 4);
	memcpy((uint8_t *)MLX5X_ADDR_OF(fte_match_set_lyr_2_4, oh,
					dst_ipv4_dst_ipv6) +
		       12,
	       ip + 16, 4);
	if (r->proto == 6) {
		memcpy(MLX5X_ADDR_OF(fte_match_set_lyr_2_4, oh, tcp_sport), l4,
		       4);
		ipdw |= EMU_L24_FLD(tcp_flags, r->tcp_flags);
	} else {
		memcpy(MLX5X_ADDR_OF(fte_match_set_lyr_2_4, oh, udp_sport), l4,
		       4);
	}
	emu_l24_put(oh, EMU_L24_DW(ip_protocol), ipdw);
}

/* The same into the parse p (which a parse zeroed first), and with outer
 * into its outer headers oh; for a parse that fills at most the outer
 * headers (a deep one looks at tunnel ports and ICMP). */
static inline __attribute__((always_inline)) bool
emu_pkt_ip4_plain(struct emu_pkt *p, const uint8_t *d, uint32_t len, void *oh,
		  bool outer)
{
	struct emu_ip4_plain r;

	if (!emu_ip4_plain_scan(d, len, &r))
		return false;
	p->l3 = 4;
	p->l3_ok = r.l3_ok;
	p->l4_ok = r.l4_ok;
	p->l4_proto = r.proto;
	p->l4_off = 34;
	p->tcp_flags = r.tcp_flags;
	p->tcp_ack_only = r.tcp_ack_only;
	if (outer)
		emu_ip4_plain_outer(d, &r, oh);
	return true;
}

#endif /* MLX5X_EMU_PKT_PLAIN_H */
