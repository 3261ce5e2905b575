/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The parser past the fixed headers, reached only when a UDP port, an IP
 * protocol or an ethertype says so: GRE (NVGRE), GENEVE, VXLAN-GPE, GTP-U,
 * MPLS (on Ethernet, over GRE, over UDP), ICMP/ICMPv6 and the IPv6
 * extension headers, into the misc, misc 2 and misc 3 parts of the
 * packet's fte_match_param and, after a tunnel, its inner headers.
 */
#include "mlx5x_emu_pkt.h"

#include <string.h>

#define EMU_ET_TEB 0x6558 /* transparent Ethernet bridging */
#define EMU_ET_IPV4 0x0800
#define EMU_ET_IPV6 0x86dd
#define EMU_ET_MPLS 0x8847
#define EMU_MPLS_MAX_LABELS 8 /* a label stack deeper is not looked past */

static uint16_t
emu_tun_rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
emu_tun_rd24(const uint8_t *p)
{
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static uint32_t
emu_tun_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void *
emu_tun_misc(struct emu_pkt *p)
{
	return p->match + MLX5X_BYTE_OFF(fte_match_param, misc_parameters);
}

static void *
emu_tun_misc2(struct emu_pkt *p)
{
	return p->match + MLX5X_BYTE_OFF(fte_match_param, misc_parameters_2);
}

static void *
emu_tun_misc3(struct emu_pkt *p)
{
	p->misc3_set = 1;
	return p->match +
	       MLX5X_BYTE_OFF(fte_match_param_misc3, misc_parameters_3);
}

void
emu_pkt_misc3_clear(struct emu_pkt *p)
{
	memset(p->match +
		       MLX5X_BYTE_OFF(fte_match_param_misc3, misc_parameters_3),
	       0, MLX5X_ST_SZ_BYTES(fte_match_set_misc3));
	p->misc3_set = 0;
}

/* A tunnel's payload, named by an ethertype, into inner_headers. An L3
 * payload has no Ethernet header: its ethertype is the tunnel's. */
static void
emu_tun_inner(struct emu_pkt *p, uint16_t et, const uint8_t *d, uint32_t len)
{
	void *ih = p->match + MLX5X_BYTE_OFF(fte_match_param, inner_headers);

	if (et == EMU_ET_TEB) {
		emu_pkt_parse_inner(p, d, len);
	} else if (et == EMU_ET_IPV4 || et == EMU_ET_IPV6) {
		MLX5X_SET(fte_match_set_lyr_2_4, ih, ethertype, et);
		emu_pkt_parse_inner_l3(p, d, len, et);
	}
}

/* An IP packet whose version nibble names it (after MPLS, GTP-U). */
static void
emu_tun_inner_ip(struct emu_pkt *p, const uint8_t *d, uint32_t len)
{
	if (len == 0)
		return;
	if (d[0] >> 4 == 4)
		emu_tun_inner(p, EMU_ET_IPV4, d, len);
	else if (d[0] >> 4 == 6)
		emu_tun_inner(p, EMU_ET_IPV6, d, len);
}

/* The first label stack entry into *entry (its 32 bits are the PRM's
 * fte_match_mpls layout: label, exp, bottom of stack, TTL); the payload
 * after the bottom of the stack into the inner headers when inner. */
static void
emu_tun_mpls(struct emu_pkt *p, void *entry, const uint8_t *m, uint32_t len,
	     bool inner)
{
	uint32_t off = 0, n;

	if (len < 4)
		return;
	memcpy(entry, m, 4);
	if (!inner)
		return;
	for (n = 0; n < EMU_MPLS_MAX_LABELS && off + 4 <= len; n++) {
		bool bos = m[off + 2] & 1;

		off += 4;
		if (bos) {
			emu_tun_inner_ip(p, m + off, len - off);
			return;
		}
	}
}

void
emu_pkt_tunnel_mpls_eth(struct emu_pkt *p, const uint8_t *m, uint32_t len)
{
	emu_tun_mpls(p,
		     MLX5X_ADDR_OF(fte_match_set_misc2_mpls, emu_tun_misc2(p),
				   outer_first_mpls),
		     m, len, false);
}

/* RFC 2784 / 2890: C, K, S bits, version 0, protocol, then checksum, key
 * and sequence number words as the bits say. NVGRE (RFC 7637) is GRE
 * with a key (VSID and flow id) carrying Ethernet (0x6558). */
void
emu_pkt_tunnel_gre(struct emu_pkt *p, const uint8_t *g, uint32_t glen)
{
	void *misc = emu_tun_misc(p);
	uint32_t off = 4;
	uint16_t fl, proto;

	if (glen < 4)
		return;
	fl = emu_tun_rd16(g);
	proto = emu_tun_rd16(g + 2);
	/* Version 1 (PPTP) and the deprecated routing bit: not parsed. */
	if ((fl & 0x7) != 0 || (fl & 0x4000) != 0)
		return;
	MLX5X_SET(fte_match_set_misc_tun, misc, gre_c_present, fl >> 15);
	MLX5X_SET(fte_match_set_misc_tun, misc, gre_k_present, (fl >> 13) & 1);
	MLX5X_SET(fte_match_set_misc_tun, misc, gre_s_present, (fl >> 12) & 1);
	MLX5X_SET(fte_match_set_misc_tun, misc, gre_protocol, proto);
	if (fl & 0x8000)
		off += 4;
	if (fl & 0x2000) {
		if (glen < off + 4)
			return;
		MLX5X_SET(fte_match_set_misc_tun, misc, gre_key_h,
			  emu_tun_rd24(g + off));
		MLX5X_SET(fte_match_set_misc_tun, misc, gre_key_l, g[off + 3]);
		off += 4;
	}
	if (fl & 0x1000)
		off += 4;
	if (glen < off)
		return;
	if (proto == EMU_ET_MPLS)
		emu_tun_mpls(p,
			     MLX5X_ADDR_OF(fte_match_set_misc2_mpls,
					   emu_tun_misc2(p),
					   outer_first_mpls_over_gre),
			     g + off, glen - off, true);
	else
		emu_tun_inner(p, proto, g + off, glen - off);
}

/* RFC 8926: version 0, option length in 4-byte words, O bit, protocol
 * type, VNI; the payload after the options. */
static void
emu_tun_geneve(struct emu_pkt *p, const uint8_t *h, uint32_t len)
{
	void *misc = emu_tun_misc(p);
	uint32_t hl;

	if (len < 8 || (h[0] >> 6) != 0)
		return;
	MLX5X_SET(fte_match_set_misc_geneve, misc, geneve_opt_len, h[0] & 0x3f);
	MLX5X_SET(fte_match_set_misc_geneve, misc, geneve_oam, h[1] >> 7);
	MLX5X_SET(fte_match_set_misc_geneve, misc, geneve_protocol_type,
		  emu_tun_rd16(h + 2));
	MLX5X_SET(fte_match_set_misc_geneve, misc, geneve_vni,
		  emu_tun_rd24(h + 4));
	hl = 8 + (h[0] & 0x3f) * 4;
	if (len >= hl)
		emu_tun_inner(p, emu_tun_rd16(h + 2), h + hl, len - hl);
}

/* VXLAN-GPE: flags (P says the next protocol field is valid; without it
 * the payload is Ethernet as in VXLAN), next protocol, VNI. */
static void
emu_tun_vxlan_gpe(struct emu_pkt *p, const uint8_t *h, uint32_t len)
{
	static const uint16_t next_et[] = {
		[1] = EMU_ET_IPV4,
		[2] = EMU_ET_IPV6,
		[3] = EMU_ET_TEB,
	};
	void *m3;
	uint16_t et = EMU_ET_TEB;

	if (len < 8)
		return;
	m3 = emu_tun_misc3(p);
	MLX5X_SET(fte_match_set_misc3, m3, outer_vxlan_gpe_flags, h[0]);
	MLX5X_SET(fte_match_set_misc3, m3, outer_vxlan_gpe_next_protocol, h[3]);
	MLX5X_SET(fte_match_set_misc3, m3, outer_vxlan_gpe_vni,
		  emu_tun_rd24(h + 4));
	if (h[0] & 0x04)
		et = h[3] < sizeof(next_et) / sizeof(next_et[0]) ? next_et[h[3]]
								 : 0;
	emu_tun_inner(p, et, h + 8, len - 8);
}

/* GTP-U (3GPP TS 29.281), version 1: flags, message type, TEID; a G-PDU
 * (type 0xff) carries a user IP packet after the optional sequence
 * number / N-PDU / next extension word and the extension headers. */
static void
emu_tun_gtpu(struct emu_pkt *p, const uint8_t *h, uint32_t len)
{
	uint32_t off = 8, n;
	uint8_t next;
	void *m3;

	if (len < 8 || (h[0] >> 5) != 1)
		return;
	m3 = emu_tun_misc3(p);
	MLX5X_SET(fte_match_set_misc3, m3, gtpu_msg_flags, h[0]);
	MLX5X_SET(fte_match_set_misc3, m3, gtpu_msg_type, h[1]);
	MLX5X_SET(fte_match_set_misc3, m3, gtpu_teid, emu_tun_rd32(h + 4));
	if (h[1] != 0xff)
		return;
	if (h[0] & 0x07) {
		if (len < 12)
			return;
		next = h[11];
		off = 12;
		/* Extension headers: length in 4-byte units first, the next
		 * type last. */
		for (n = 0; next != 0 && n < 4; n++) {
			uint32_t el;

			if (len < off + 4)
				return;
			el = h[off] * 4u;
			if (el == 0 || len < off + el)
				return;
			next = h[off + el - 1];
			off += el;
		}
		if (next != 0)
			return;
	}
	emu_tun_inner_ip(p, h + off, len - off);
}

void
emu_pkt_tunnel_udp(struct emu_pkt *p, const uint8_t *u, uint32_t ulen)
{
	if (ulen < 8)
		return;
	switch (emu_tun_rd16(u + 2)) {
	case EMU_PORT_GENEVE:
		emu_tun_geneve(p, u + 8, ulen - 8);
		break;
	case EMU_PORT_VXLAN_GPE:
		emu_tun_vxlan_gpe(p, u + 8, ulen - 8);
		break;
	case EMU_PORT_GTPU:
		emu_tun_gtpu(p, u + 8, ulen - 8);
		break;
	case EMU_PORT_MPLS_UDP:
		emu_tun_mpls(p,
			     MLX5X_ADDR_OF(fte_match_set_misc2_mpls,
					   emu_tun_misc2(p),
					   outer_first_mpls_over_udp),
			     u + 8, ulen - 8, true);
		break;
	default:
		break;
	}
}

/* ICMP (RFC 792) / ICMPv6 (RFC 4443): type, code, and the header's
 * second word (identifier and sequence number of an echo). */
void
emu_pkt_icmp(struct emu_pkt *p, const uint8_t *ic, uint32_t len, uint8_t proto)
{
	void *m3;

	if (len < 8)
		return;
	m3 = emu_tun_misc3(p);
	if (proto == 1) {
		MLX5X_SET(fte_match_set_misc3, m3, icmp_type, ic[0]);
		MLX5X_SET(fte_match_set_misc3, m3, icmp_code, ic[1]);
		MLX5X_SET(fte_match_set_misc3, m3, icmp_header_data,
			  emu_tun_rd32(ic + 4));
	} else {
		MLX5X_SET(fte_match_set_misc3, m3, icmpv6_type, ic[0]);
		MLX5X_SET(fte_match_set_misc3, m3, icmpv6_code, ic[1]);
		MLX5X_SET(fte_match_set_misc3, m3, icmpv6_header_data,
			  emu_tun_rd32(ic + 4));
	}
}

uint32_t
emu_pkt_ipv6_ext(struct emu_pkt *p, uint32_t l3len)
{
	const uint8_t *d = p->data;
	uint32_t off = p->l4_off;
	uint32_t end = l3len != 0 ? off + l3len : p->len;
	uint8_t nh = p->l4_proto;
	unsigned int n;

	/* A few headers deep, as a parser with a fixed budget goes. */
	for (n = 0; n < 4 && (nh == 0 || nh == 43 || nh == 44 || nh == 60);
	     n++) {
		uint32_t hl =
			nh == 44 ? 8
				 : (off + 2 <= end ? d[off + 1] + 1u : 1) * 8;

		if (off + hl > end)
			break;
		if (nh == 44)
			p->frag =
				true; /* any fragment header, as IPv4's MF/offset */
		nh = d[off];
		off += hl;
	}
	l3len = l3len > off - p->l4_off ? l3len - (off - p->l4_off) : 0;
	p->l4_proto = nh;
	p->l4_off = off;
	return l3len;
}
