/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The adapter's parser: L2 (VLAN tags), IPv4/IPv6, TCP/UDP, checksum
 * validation, and the packet's view as an fte_match_param so steering
 * compares (packet & mask) == (value & mask) over the PRM layout itself.
 */
#include "mlx5x_emu_pkt.h"
#include "mlx5x_emu_pkt_plain.h"

#include <stddef.h>
#include <string.h>

/* fte_match_param up to the end of misc_parameters_2. */
#define EMU_PKT_MATCH_WRITTEN MLX5X_BYTE_OFF(fte_match_param, reserved_at_800)

/* The 16-bit one's complement sum of what emu_csum_acc gathered, in
 * network order. */
static inline uint32_t
emu_csum_end(uint64_t acc)
{
	acc = (acc & 0xffffffff) + (acc >> 32);
	acc = (acc & 0xffffffff) + (acc >> 32);
	acc = (acc & 0xffff) + (acc >> 16);
	acc = (acc & 0xffff) + (acc >> 16);
	acc = (acc & 0xffff) + (acc >> 16);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	acc = (acc >> 8 | acc << 8) & 0xffff;
#endif
	return (uint32_t)acc;
}

static inline uint16_t
emu_csum_fold_inl(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

uint32_t
emu_csum_add(uint32_t sum, const uint8_t *p, uint32_t len)
{
	return sum + emu_csum_end(emu_csum_acc(0, p, len));
}

uint16_t
emu_csum_fold(uint32_t sum)
{
	return emu_csum_fold_inl(sum);
}

/*
 * Zeroes the n bytes (n a constant, at least 16) a parse starts from, 16
 * bytes a store. A plain memset of this size becomes a string store that
 * costs one instruction per 8 bytes; unrolled, this is one store per 16.
 */
static inline void
emu_pkt_zero(void *p, size_t n)
{
	typedef uint8_t emu_v16 __attribute__((vector_size(16)));
	const emu_v16 z = { 0 };
	size_t i;

#pragma GCC unroll 32
	for (i = 0; i + 16 <= n; i += 16)
		memcpy((uint8_t *)p + i, &z, 16);
	if (i < n)
		memcpy((uint8_t *)p + n - 16, &z, 16);
}

/* Pseudo header + L4 segment sum; 0xffff when the checksum verifies.
 * Inlined into the parse: there the pseudo header sums are of constant
 * length and fold into straight-line code. */
static inline __attribute__((always_inline)) uint32_t
emu_l4_sum(const uint8_t *l3, uint8_t ver, const uint8_t *l4, uint32_t l4len,
	   uint8_t proto)
{
	uint64_t acc;

	/* The pseudo header's addresses are an even number of bytes, so
	 * they and the segment sum in one pass with a single fold. */
	if (ver == 4)
		acc = emu_csum_acc(0, l3 + 12, 8);
	else
		acc = emu_csum_acc(0, l3 + 8, 32);
	return emu_csum_end(emu_csum_acc(acc, l4, l4len)) + proto + l4len;
}

/* Pseudo header + L4 segment: whether the checksum verifies. Inlined into
 * the parse, where the pseudo header's sums are of constant length. */
static inline __attribute__((always_inline)) bool
emu_l4_verifies(const uint8_t *l3, uint8_t ver, const uint8_t *l4,
		uint32_t l4len, uint8_t proto)
{
	uint64_t acc;

	if (ver == 4)
		acc = emu_csum_acc(0, l3 + 12, 8);
	else
		acc = emu_csum_acc(0, l3 + 8, 32);
	return emu_csum_verifies(emu_csum_acc(acc, l4, l4len), proto + l4len);
}

/* The inner frame of a tunnel into inner_headers: MACs, ethertype, the
 * first VLAN tag, then the inner L3/L4 (below). Checksums are the outer
 * headers' business in this model. */
void
emu_pkt_parse_inner(struct emu_pkt *p, const uint8_t *d, uint32_t len)
{
	void *ih = p->match + MLX5X_BYTE_OFF(fte_match_param, inner_headers);
	uint32_t off = 14;
	uint16_t et;

	if (len < 14)
		return;
	memcpy(MLX5X_ADDR_OF(fte_match_set_lyr_2_4, ih, dmac_47_16), d, 6);
	memcpy(MLX5X_ADDR_OF(fte_match_set_lyr_2_4, ih, smac_47_16), d + 6, 6);
	et = emu_rd16(d + 12);
	if ((et == 0x8100 || et == 0x88a8) && len >= 18) {
		uint16_t tci = emu_rd16(d + 14);

		MLX5X_SET(fte_match_set_lyr_2_4, ih, cvlan_tag, et == 0x8100);
		MLX5X_SET(fte_match_set_lyr_2_4, ih, svlan_tag, et == 0x88a8);
		MLX5X_SET(fte_match_set_lyr_2_4, ih, first_prio, tci >> 13);
		MLX5X_SET(fte_match_set_lyr_2_4, ih, first_cfi,
			  (tci >> 12) & 1);
		MLX5X_SET(fte_match_set_lyr_2_4, ih, first_vid, tci & 0xfff);
		et = emu_rd16(d + 16);
		off = 18;
	}
	MLX5X_SET(fte_match_set_lyr_2_4, ih, ethertype, et);
	emu_pkt_parse_inner_l3(p, d + off, len - off, et);
}

/* The inner IP header onwards (an L3 tunnel's payload, or what follows
 * the inner Ethernet header): IP version, DSCP, ECN, TTL / hop limit,
 * addresses, fragment, protocol, TCP/UDP ports, TCP flags. */
void
emu_pkt_parse_inner_l3(struct emu_pkt *p, const uint8_t *d, uint32_t len,
		       uint16_t et)
{
	void *ih = p->match + MLX5X_BYTE_OFF(fte_match_param, inner_headers);
	uint32_t off = 0, l4 = 0;
	uint8_t proto = 0;
	bool frag = false;

	if (et == 0x0800 && len >= off + 20 && (d[off] >> 4) == 4) {
		MLX5X_SET(fte_match_set_lyr_2_4, ih, ip_version, 4);
		memcpy((uint8_t *)MLX5X_ADDR_OF(fte_match_set_lyr_2_4, ih,
						src_ipv4_src_ipv6) +
			       12,
		       d + off + 12, 4);
		memcpy((uint8_t *)MLX5X_ADDR_OF(fte_match_set_lyr_2_4, ih,
						dst_ipv4_dst_ipv6) +
			       12,
		       d + off + 16, 4);
		proto = d[off + 9];
		l4 = off + (d[off] & 0xf) * 4;
		MLX5X_SET(fte_match_set_lyr_2_4, ih, ip_dscp, d[off + 1] >> 2);
		MLX5X_SET(fte_match_set_lyr_2_4, ih, ip_ecn, d[off + 1] & 3);
		MLX5X_SET(fte_match_set_lyr_2_4, ih, ttl_hoplimit, d[off + 8]);
		frag = (emu_rd16(d + off + 6) & 0x3fff) != 0;
	} else if (et == 0x86dd && len >= off + 40 && (d[off] >> 4) == 6) {
		uint16_t tc = emu_rd16(d + off) >> 4;

		MLX5X_SET(fte_match_set_lyr_2_4, ih, ip_version, 6);
		MLX5X_SET(fte_match_set_lyr_2_4, ih, ip_dscp, (tc >> 2) & 0x3f);
		MLX5X_SET(fte_match_set_lyr_2_4, ih, ip_ecn, tc & 3);
		MLX5X_SET(fte_match_set_lyr_2_4, ih, ttl_hoplimit, d[off + 7]);
		memcpy(MLX5X_ADDR_OF(fte_match_set_lyr_2_4, ih,
				     src_ipv4_src_ipv6),
		       d + off + 8, 16);
		memcpy(MLX5X_ADDR_OF(fte_match_set_lyr_2_4, ih,
				     dst_ipv4_dst_ipv6),
		       d + off + 24, 16);
		proto = d[off + 6];
		l4 = off + 40;
		/* A fragment header right after the fixed one: a fragment,
		 * the protocol the one it carries. */
		if (proto == 44 && len >= l4 + 8) {
			frag = true;
			proto = d[l4];
			l4 += 8;
		}
	} else {
		return;
	}
	MLX5X_SET(fte_match_set_lyr_2_4, ih, ip_protocol, proto);
	MLX5X_SET(fte_match_set_lyr_2_4, ih, frag, frag);
	if (frag || len < l4 + 4)
		return;
	/* The flex parser reads ICMP where it finds it: behind a tunnel,
	 * the outer headers carry none. */
	if (proto == 1 || proto == 58)
		emu_pkt_icmp(p, d + l4, len - l4, proto);
	if (proto == 6) {
		MLX5X_SET(fte_match_set_lyr_2_4, ih, tcp_sport,
			  emu_rd16(d + l4));
		MLX5X_SET(fte_match_set_lyr_2_4, ih, tcp_dport,
			  emu_rd16(d + l4 + 2));
		if (len >= l4 + 14)
			MLX5X_SET(fte_match_set_lyr_2_4, ih, tcp_flags,
				  d[l4 + 13]);
	} else if (proto == 17) {
		MLX5X_SET(fte_match_set_lyr_2_4, ih, udp_sport,
			  emu_rd16(d + l4));
		MLX5X_SET(fte_match_set_lyr_2_4, ih, udp_dport,
			  emu_rd16(d + l4 + 2));
	}
}

/* IANA VXLAN port; RFC 7348: flags byte with I (0x08), VNI in bytes 4..6. */
#define EMU_VXLAN_PORT 4789

static void
emu_pkt_parse_vxlan(struct emu_pkt *p, const uint8_t *u, uint32_t ulen)
{
	const uint8_t *vx = u + 8;
	void *misc =
		p->match + MLX5X_BYTE_OFF(fte_match_param, misc_parameters);

	if (ulen < 8 + 8 || !(vx[0] & 0x08))
		return;
	MLX5X_SET(fte_match_set_misc_tun, misc, vxlan_vni,
		  (uint32_t)vx[4] << 16 | vx[5] << 8 | vx[6]);
	emu_pkt_parse_inner(p, vx + 8, ulen - 16);
}

/*
 * The parse: the scalars always (offsets, protocol, checksum results,
 * fragment, TCP flags: what RSS and the CQE read), the source SQN and
 * port and the metadata registers, and the rest of the match view as far
 * as need asks (emu_adapter_pkt_need: only what some group masks or some
 * TIR hashes). Inlined into both entry points so each is straight-line
 * code for its need.
 */
static inline __attribute__((always_inline)) void
emu_pkt_parse_body(struct emu_pkt *p, const uint8_t *d, uint32_t len,
		   uint16_t src_vport, uint32_t reg_c0, uint32_t src_sqn,
		   uint8_t need)
{
	const bool outer = need & EMU_PKT_NEED_OUTER;
	const bool deep = need & EMU_PKT_NEED_DEEP;
	uint32_t off = 14, l3len = 0, ipdw = 0;
	void *oh, *misc, *misc2;
	uint16_t et;

	/* Only what a parse writes: the scalars, and outer headers, misc,
	 * inner headers and misc 2 of match (its first 256 bytes), or of
	 * those the parts need asks for. Misc 3..5 are never written, so
	 * they keep their first value: zero in the static parses steering
	 * looks up with. */
	if (outer && deep) {
		emu_pkt_zero(p, offsetof(struct emu_pkt, match) +
					EMU_PKT_MATCH_WRITTEN);
	} else {
		const size_t m1 =
			MLX5X_BYTE_OFF(fte_match_param, misc_parameters);
		const size_t m2 =
			MLX5X_BYTE_OFF(fte_match_param, misc_parameters_2);

		emu_pkt_zero(p, offsetof(struct emu_pkt, match));
		if (outer)
			emu_pkt_zero(p->match, m1);
		if (deep)
			emu_pkt_zero(p->match + m1, m2 - m1);
		else /* the source SQN and port's dwords */
			emu_pkt_zero(p->match + m1, 16);
		emu_pkt_zero(p->match + m2,
			     MLX5X_ST_SZ_BYTES(fte_match_set_misc2));
	}
	if (deep && p->misc3_set)
		emu_pkt_misc3_clear(p);
	oh = p->match; /* outer_headers at bit 0 */
	misc = p->match + MLX5X_BYTE_OFF(fte_match_param, misc_parameters);
	misc2 = p->match + MLX5X_BYTE_OFF(fte_match_param, misc_parameters_2);
	p->data = d;
	p->len = len;
	MLX5X_SET(fte_match_set_misc, misc, source_port, src_vport);
	MLX5X_SET(fte_match_set_misc, misc, source_sqn, src_sqn);
	MLX5X_SET(fte_match_set_misc2, misc2, metadata_reg_c_0, reg_c0);
	if (len < 14)
		return;
	if (outer) {
		memcpy(MLX5X_ADDR_OF(fte_match_set_lyr_2_4, oh, dmac_47_16), d,
		       6);
		memcpy(MLX5X_ADDR_OF(fte_match_set_lyr_2_4, oh, smac_47_16),
		       d + 6, 6);
	}
	et = emu_rd16(d + 12);
	if ((et == 0x8100 || et == 0x88a8) && len >= 18) {
		p->cvlan = et == 0x8100;
		p->svlan = et == 0x88a8;
		p->vlan_tci = emu_rd16(d + 14);
		if (outer) {
			MLX5X_SET(fte_match_set_lyr_2_4, oh, cvlan_tag,
				  p->cvlan);
			MLX5X_SET(fte_match_set_lyr_2_4, oh, svlan_tag,
				  p->svlan);
			MLX5X_SET(fte_match_set_lyr_2_4, oh, first_prio,
				  p->vlan_tci >> 13);
			MLX5X_SET(fte_match_set_lyr_2_4, oh, first_cfi,
				  (p->vlan_tci >> 12) & 1);
			MLX5X_SET(fte_match_set_lyr_2_4, oh, first_vid,
				  p->vlan_tci & 0xfff);
		}
		et = emu_rd16(d + 16);
		off = 18;
		/* A second tag (QinQ): the ethertype after it counts. */
		if ((et == 0x8100 || et == 0x88a8) && len >= 22) {
			et = emu_rd16(d + 20);
			off = 22;
		}
	}
	p->ethertype = et;
	if (outer)
		MLX5X_SET(fte_match_set_lyr_2_4, oh, ethertype, et);
	p->l3_off = off;
	if (!deep && off == 14 && et == 0x0800 &&
	    emu_pkt_ip4_plain(p, d, len, oh, outer))
		return;
	if (et == 0x0800 && len >= off + 20 && (d[off] >> 4) == 4) {
		const uint8_t *ip = d + off;
		uint32_t ihl = (ip[0] & 0xf) * 4;
		uint32_t tot = emu_rd16(ip + 2);

		if (ihl < 20 || len < off + ihl)
			return;
		p->l3 = 4;
		/* Most headers have no options: a constant length sums in
		 * straight-line code. */
		p->l3_ok =
			emu_csum_verifies(ihl == 20 ? emu_csum_acc(0, ip, 20)
						    : emu_csum_acc(0, ip, ihl),
					  0) &&
			tot >= ihl && off + tot <= len;
		p->l4_proto = ip[9];
		p->frag = (emu_rd16(ip + 6) & 0x3fff) != 0;
		p->l4_off = off + ihl;
		l3len = tot >= ihl && off + tot <= len ? tot - ihl : 0;
		if (outer) {
			ipdw = EMU_L24_FLD(ip_version, 4) |
			       EMU_L24_FLD(ip_dscp, ip[1] >> 2) |
			       EMU_L24_FLD(ip_ecn, ip[1] & 3);
			emu_l24_put(oh, EMU_L24_DW(ttl_hoplimit),
				    EMU_L24_FLD(ttl_hoplimit, ip[8]));
			memcpy((uint8_t *)MLX5X_ADDR_OF(fte_match_set_lyr_2_4,
							oh, src_ipv4_src_ipv6) +
				       12,
			       ip + 12, 4);
			memcpy((uint8_t *)MLX5X_ADDR_OF(fte_match_set_lyr_2_4,
							oh, dst_ipv4_dst_ipv6) +
				       12,
			       ip + 16, 4);
		}
	} else if (et == 0x86dd && len >= off + 40 && (d[off] >> 4) == 6) {
		const uint8_t *ip = d + off;

		p->l3 = 6;
		p->l3_ok = true; /* IPv6 has no header checksum */
		p->l4_proto = ip[6];
		p->l4_off = off + 40;
		l3len = emu_rd16(ip + 4);
		if (p->l4_off + l3len > len)
			l3len = 0;
		if (ip[6] == 0 || ip[6] == 43 || ip[6] == 44 || ip[6] == 60)
			l3len = emu_pkt_ipv6_ext(p, l3len);
		if (outer) {
			ipdw = EMU_L24_FLD(ip_version, 6) |
			       EMU_L24_FLD(ip_dscp, (emu_rd16(ip) >> 6) & 0x3f);
			emu_l24_put(oh, EMU_L24_DW(ttl_hoplimit),
				    EMU_L24_FLD(ttl_hoplimit, ip[7]));
			memcpy(MLX5X_ADDR_OF(fte_match_set_lyr_2_4, oh,
					     src_ipv4_src_ipv6),
			       ip + 8, 16);
			memcpy(MLX5X_ADDR_OF(fte_match_set_lyr_2_4, oh,
					     dst_ipv4_dst_ipv6),
			       ip + 24, 16);
		}
	} else {
		if (deep && et == 0x8847)
			emu_pkt_tunnel_mpls_eth(p, d + off, len - off);
		return;
	}
	if (outer) {
		ipdw |= EMU_L24_FLD(ip_protocol, p->l4_proto) |
			EMU_L24_FLD(frag, p->frag) |
			EMU_L24_FLD(cvlan_tag, p->cvlan) |
			EMU_L24_FLD(svlan_tag, p->svlan);
		emu_l24_put(oh, EMU_L24_DW(ip_protocol), ipdw);
	}
	if (p->frag || l3len == 0)
		return;
	if (p->l4_proto == 6 && l3len >= 20) {
		const uint8_t *t = d + p->l4_off;
		uint32_t doff = (t[12] >> 4) * 4;

		p->tcp_flags = t[13];
		p->tcp_ack_only = (t[13] & 0x10) && l3len <= doff;
		p->l4_ok = emu_l4_verifies(d + off, p->l3, t, l3len, 6);
		if (outer) {
			memcpy(MLX5X_ADDR_OF(fte_match_set_lyr_2_4, oh,
					     tcp_sport),
			       t, 4);
			emu_l24_put(oh, EMU_L24_DW(tcp_flags),
				    ipdw | EMU_L24_FLD(tcp_flags, t[13]));
		}
	} else if (p->l4_proto == 17 && l3len >= 8) {
		const uint8_t *u = d + p->l4_off;

		/* UDP over IPv4 may omit its checksum (zero). */
		p->l4_ok = (p->l3 == 4 && emu_rd16(u + 6) == 0) ||
			   emu_l4_verifies(d + off, p->l3, u, l3len, 17);
		if (outer)
			memcpy(MLX5X_ADDR_OF(fte_match_set_lyr_2_4, oh,
					     udp_sport),
			       u, 4);
		if (!deep)
			return;
		if (emu_rd16(u + 2) == EMU_VXLAN_PORT)
			emu_pkt_parse_vxlan(p, u, l3len);
		else if (emu_pkt_udp_tunnel_port(emu_rd16(u + 2)))
			emu_pkt_tunnel_udp(p, u, l3len);
	} else if (!deep) {
		return;
	} else if (p->l4_proto == 47) {
		emu_pkt_tunnel_gre(p, d + p->l4_off, l3len);
	} else if (p->l4_proto == 1 || p->l4_proto == 58) {
		emu_pkt_icmp(p, d + p->l4_off, l3len, p->l4_proto);
	}
}

void
emu_pkt_parse(struct emu_pkt *p, const uint8_t *d, uint32_t len,
	      uint16_t src_vport, uint32_t reg_c0, uint32_t src_sqn)
{
	emu_pkt_parse_body(p, d, len, src_vport, reg_c0, src_sqn,
			   EMU_PKT_NEED_ALL);
}

/* The parse for need, each need's its own straight-line body. */
static inline __attribute__((always_inline)) void
emu_pkt_parse_need_inl(struct emu_pkt *p, const uint8_t *d, uint32_t len,
		       uint16_t src_vport, uint32_t reg_c0, uint32_t src_sqn,
		       uint8_t need)
{
	if (need == EMU_PKT_NEED_ALL)
		emu_pkt_parse_body(p, d, len, src_vport, reg_c0, src_sqn,
				   EMU_PKT_NEED_ALL);
	else if (need == 0)
		emu_pkt_parse_body(p, d, len, src_vport, reg_c0, src_sqn, 0);
	else if (need == EMU_PKT_NEED_OUTER)
		emu_pkt_parse_body(p, d, len, src_vport, reg_c0, src_sqn,
				   EMU_PKT_NEED_OUTER);
	else
		emu_pkt_parse(p, d, len, src_vport, reg_c0, src_sqn);
}

void
emu_pkt_parse_need(struct emu_pkt *p, const uint8_t *d, uint32_t len,
		   uint16_t src_vport, uint32_t reg_c0, uint32_t src_sqn,
		   uint8_t need)
{
	emu_pkt_parse_need_inl(p, d, len, src_vport, reg_c0, src_sqn, need);
}

void
emu_pkt_parse_rx(struct emu_pkt *p, const uint8_t *d, uint32_t len,
		 uint16_t src_vport, uint8_t need)
{
	emu_pkt_parse_need_inl(p, d, len, src_vport, 0, 0, need);
}

/* Tx checksum offload: what the adapter writes when cs_flags ask for it. */
void
emu_pkt_fill_csum(uint8_t *frame, uint32_t len, bool l3, bool l4)
{
	struct emu_pkt p;
	uint8_t *ip, *l4h;
	uint32_t l4len;
	uint16_t c;

	emu_pkt_parse(&p, frame, len, 0, 0, 0);
	if (p.l3 == 0)
		return;
	ip = frame + p.l3_off;
	if (l3 && p.l3 == 4) {
		uint32_t ihl = (ip[0] & 0xf) * 4;

		ip[10] = ip[11] = 0;
		c = ~emu_csum_fold(emu_csum_add(0, ip, ihl));
		ip[10] = c >> 8;
		ip[11] = c & 0xff;
	}
	if (!l4 || p.frag || (p.l4_proto != 6 && p.l4_proto != 17))
		return;
	l4h = frame + p.l4_off;
	l4len = p.l3 == 4 ? (uint32_t)(ip[2] << 8 | ip[3]) - (ip[0] & 0xf) * 4
			  : (uint32_t)(ip[4] << 8 | ip[5]);
	if (p.l4_off + l4len > len)
		return;
	if (p.l4_proto == 6 && l4len >= 20) {
		l4h[16] = l4h[17] = 0;
		c = ~emu_csum_fold(emu_l4_sum(ip, p.l3, l4h, l4len, 6));
		l4h[16] = c >> 8;
		l4h[17] = c & 0xff;
	} else if (p.l4_proto == 17 && l4len >= 8) {
		l4h[6] = l4h[7] = 0;
		c = ~emu_csum_fold(emu_l4_sum(ip, p.l3, l4h, l4len, 17));
		if (c == 0)
			c = 0xffff;
		l4h[6] = c >> 8;
		l4h[7] = c & 0xff;
	}
}
