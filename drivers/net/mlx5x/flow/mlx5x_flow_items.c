/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_flow items into fte_match_param mask/value: one table row per item
 * type says which layer it is, what it may follow, which of its fields the
 * adapter can match (and into which PRM field), and a function that writes
 * them. A field the PRM has no place for is refused by name.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>

#include "mlx5x_devx.h"
#include "mlx5x_flow.h"

/* Layers an item provides; "follows" is a set of these (0: first). */
enum {
	L_START = 1 << 0,
	L_ETH = 1 << 1,
	L_VLAN = 1 << 2,
	L_IPV4 = 1 << 3,
	L_IPV6 = 1 << 4,
	L_L4 = 1 << 5,
	L_TUNNEL = 1 << 6,
	L_IP = L_IPV4 | L_IPV6,
};

struct items_state {
	struct rte_eth_dev *dev;
	struct mlx5x_flow_rule *rule;
	uint32_t last;	    /* layer of the previous item */
	bool inner;	    /* after a tunnel item */
	uint16_t ethertype; /* the pattern's eth/vlan type, 0: none */
	uint8_t proto;	    /* IP protocol the pattern pinned, 0: none */
	/* The tunnel item the pattern entered (gre_key keeps gre's), or
	 * RTE_FLOW_ITEM_TYPE_END. */
	enum rte_flow_item_type tunnel;
};

/* A field of an item's spec: where it is and what backs it (NULL prm: the
 * PRM cannot match it, refused with why). */
struct item_field {
	const char *name;
	uint16_t off;
	uint16_t len;
	const char *refused;
};

struct item_row {
	const char *name;
	uint32_t layer;
	uint32_t follows;
	size_t size;
	const void *default_mask;
	const struct item_field *fields;
	int (*translate)(struct items_state *st, const struct rte_flow_item *it,
			 const void *spec, const void *mask,
			 struct rte_flow_error *error);
};

#define HDR(st, fld) ((st)->inner ? "inner_headers." fld : "outer_headers." fld)

/* MLX5X_SET takes a constant field path: pick outer or inner. */
#define MATCH_L24(st, fld, m, v)                                               \
	do {                                                                   \
		if ((st)->inner) {                                             \
			MLX5X_FLOW_MATCH((st)->rule, inner_headers.fld, m, v); \
			(st)->rule->criteria |= MLX5X_MATCH_INNER_HEADERS;     \
		} else {                                                       \
			MLX5X_FLOW_MATCH((st)->rule, outer_headers.fld, m, v); \
			(st)->rule->criteria |= MLX5X_MATCH_OUTER_HEADERS;     \
		}                                                              \
	} while (0)

static int
item_refuse(struct rte_flow_error *error, const struct rte_flow_item *it,
	    const char *msg)
{
	return rte_flow_error_set(error, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM, it,
				  msg);
}

static uint32_t
rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void
match_mac(struct items_state *st, bool dst, const uint8_t *m, const uint8_t *v)
{
	uint32_t mh = rd32(m), vh = rd32(v);
	uint32_t ml = (uint32_t)m[4] << 8 | m[5],
		 vl = (uint32_t)v[4] << 8 | v[5];

	if (dst) {
		MATCH_L24(st, dmac_47_16, mh, vh);
		MATCH_L24(st, dmac_15_0, ml, vl);
	} else {
		MATCH_L24(st, smac_47_16, mh, vh);
		MATCH_L24(st, smac_15_0, ml, vl);
	}
}

static int
match_ethertype(struct items_state *st, const struct rte_flow_item *it,
		uint16_t type, struct rte_flow_error *error)
{
	if (st->ethertype != 0 && st->ethertype != type) {
		return mlx5x_flow_error(error, EINVAL, RTE_FLOW_ERROR_TYPE_ITEM,
					it,
					"item %s: the pattern's ether type 0x%04x before it contradicts it (0x%04x)",
					it->type == RTE_FLOW_ITEM_TYPE_IPV4
						? "ipv4"
						: "ipv6",
					st->ethertype, type);
	}
	st->ethertype = type;
	MATCH_L24(st, ethertype, 0xffff, type);
	return 0;
}

static int
match_proto(struct items_state *st, const struct rte_flow_item *it,
	    uint8_t proto, const char *name, struct rte_flow_error *error)
{
	if (st->proto != 0 && st->proto != proto) {
		return mlx5x_flow_error(error, EINVAL, RTE_FLOW_ERROR_TYPE_ITEM,
					it,
					"item %s: the IP item before it asks for protocol %u, %s is %u",
					name, st->proto, name, proto);
	}
	st->proto = proto;
	MATCH_L24(st, ip_protocol, 0xff, proto);
	return 0;
}

/*
 * An L4 item: its protocol in the IP header before it, and the L4 the
 * rule pins at its level (outer, or inner after a tunnel item), which
 * RSS expansion reads.
 */
static int
match_l4(struct items_state *st, const struct rte_flow_item *it, uint8_t proto,
	 const char *name, struct rte_flow_error *error)
{
	int ret = match_proto(st, it, proto, name, error);

	if (ret < 0)
		return ret;
	if (!st->inner)
		st->rule->l4 = proto;
	else
		st->rule->in_l4 = proto;
	return 0;
}

/* ---- eth ---------------------------------------------------------------- */

static const struct item_field eth_fields[] = {
	{ "dst", offsetof(struct rte_flow_item_eth, dst), 6, NULL },
	{ "src", offsetof(struct rte_flow_item_eth, src), 6, NULL },
	{ "type", offsetof(struct rte_flow_item_eth, type), 2, NULL },
	{ NULL, 0, 0, NULL },
};

static int
eth_translate(struct items_state *st, const struct rte_flow_item *it,
	      const void *spec, const void *mask, struct rte_flow_error *error)
{
	const struct rte_flow_item_eth *s = spec, *m = mask;

	RTE_SET_USED(error);
	RTE_SET_USED(it);
	if (s == NULL)
		return 0;
	match_mac(st, true, m->dst.addr_bytes, s->dst.addr_bytes);
	match_mac(st, false, m->src.addr_bytes, s->src.addr_bytes);
	if (m->type != 0) {
		uint16_t mt = rte_be_to_cpu_16(m->type);
		uint16_t vt = rte_be_to_cpu_16(s->type);

		if (mt == 0xffff)
			st->ethertype = vt;
		if (mt == 0xffff && !st->inner)
			st->rule->l3 =
				vt == RTE_ETHER_TYPE_IPV4   ? MLX5X_FLOW_L3_IPV4
				: vt == RTE_ETHER_TYPE_IPV6 ? MLX5X_FLOW_L3_IPV6
							    : MLX5X_FLOW_L3_ANY;
		MATCH_L24(st, ethertype, mt, vt);
	}
	/* PRM cvlan_tag: the frame has a C-VLAN (802.1Q) header. */
	if (m->has_vlan) {
		if (s->has_vlan)
			MATCH_L24(st, cvlan_tag, 1, 1);
		else
			MATCH_L24(st, cvlan_tag, 1, 0);
	}
	return 0;
}

/* ---- vlan --------------------------------------------------------------- */

static const struct item_field vlan_fields[] = {
	{ "tci", offsetof(struct rte_flow_item_vlan, tci), 2, NULL },
	{ "inner_type", offsetof(struct rte_flow_item_vlan, inner_type), 2,
	  NULL },
	{ NULL, 0, 0, NULL },
};

static int
vlan_translate(struct items_state *st, const struct rte_flow_item *it,
	       const void *spec, const void *mask, struct rte_flow_error *error)
{
	const struct rte_flow_item_vlan *s = spec, *m = mask;

	if (st->last & L_VLAN)
		return item_refuse(error, it,
				   "item vlan: a second VLAN header (QinQ) needs misc outer_second_vid, not supported");
	if (s != NULL && m->has_more_vlan)
		return item_refuse(error, it,
				   "item vlan: field has_more_vlan (misc outer_second_cvlan_tag) is not supported");
	/* An eth item's type names the VLAN TPID, not the payload. */
	st->ethertype = 0;
	MATCH_L24(st, cvlan_tag, 1, 1);
	if (s == NULL)
		return 0;
	if (m->tci != 0) {
		uint16_t mt = rte_be_to_cpu_16(m->tci);
		uint16_t vt = rte_be_to_cpu_16(s->tci);

		MATCH_L24(st, first_vid, mt & 0xfff, vt);
		MATCH_L24(st, first_cfi, (mt >> 12) & 1, vt >> 12);
		MATCH_L24(st, first_prio, mt >> 13, vt >> 13);
	}
	if (m->inner_type != 0) {
		uint16_t mt = rte_be_to_cpu_16(m->inner_type);
		uint16_t vt = rte_be_to_cpu_16(s->inner_type);

		if (mt == 0xffff)
			st->ethertype = vt;
		if (mt == 0xffff && !st->inner)
			st->rule->l3 =
				vt == RTE_ETHER_TYPE_IPV4   ? MLX5X_FLOW_L3_IPV4
				: vt == RTE_ETHER_TYPE_IPV6 ? MLX5X_FLOW_L3_IPV6
							    : MLX5X_FLOW_L3_ANY;
		MATCH_L24(st, ethertype, mt, vt);
	}
	return 0;
}

/* ---- ipv4 --------------------------------------------------------------- */

#define IPV4_OFF(f) offsetof(struct rte_flow_item_ipv4, hdr.f)
static const struct item_field ipv4_fields[] = {
	{ "hdr.version_ihl", IPV4_OFF(version_ihl), 1,
	  "fte_match_param has no IHL field" },
	{ "hdr.type_of_service", IPV4_OFF(type_of_service), 1, NULL },
	{ "hdr.total_length", IPV4_OFF(total_length), 2,
	  "fte_match_param has no IP length field" },
	{ "hdr.packet_id", IPV4_OFF(packet_id), 2,
	  "fte_match_param has no IP identification field" },
	{ "hdr.fragment_offset", IPV4_OFF(fragment_offset), 2, NULL },
	{ "hdr.time_to_live", IPV4_OFF(time_to_live), 1, NULL },
	{ "hdr.next_proto_id", IPV4_OFF(next_proto_id), 1, NULL },
	{ "hdr.hdr_checksum", IPV4_OFF(hdr_checksum), 2,
	  "fte_match_param has no IP checksum field" },
	{ "hdr.src_addr", IPV4_OFF(src_addr), 4, NULL },
	{ "hdr.dst_addr", IPV4_OFF(dst_addr), 4, NULL },
	{ NULL, 0, 0, NULL },
};

/*
 * fragment_offset: the PRM has one "frag" bit (the frame is a fragment).
 * Accepted: mask over MF and offset (0x3fff) with spec 0 (not a fragment),
 * or spec 1..last 0x3fff (any fragment), as OVS sends them.
 */
static int
ipv4_frag(struct items_state *st, const struct rte_flow_item *it,
	  const struct rte_flow_item_ipv4 *s,
	  const struct rte_flow_item_ipv4 *m, struct rte_flow_error *error)
{
	const struct rte_flow_item_ipv4 *l = it->last;
	uint16_t mf = rte_be_to_cpu_16(m->hdr.fragment_offset);
	uint16_t sf = rte_be_to_cpu_16(s->hdr.fragment_offset);
	uint16_t lf = l != NULL ? rte_be_to_cpu_16(l->hdr.fragment_offset) : 0;

	if ((mf & 0x3fff) != 0x3fff)
		return item_refuse(error, it,
				   "item ipv4: field hdr.fragment_offset takes mask 0x3fff (MF + offset) only: the PRM matches one 'frag' bit");
	if ((sf & 0x3fff) == 0 && (l == NULL || lf == 0)) {
		MATCH_L24(st, frag, 1, 0);
		return 0;
	}
	if ((sf & 0x3fff) != 0 && l != NULL && (lf & 0x3fff) == 0x3fff) {
		MATCH_L24(st, frag, 1, 1);
		return 0;
	}
	return item_refuse(error, it,
			   "item ipv4: field hdr.fragment_offset: only spec 0 (not a fragment) or spec 1 last 0x3fff (any fragment) can be matched (PRM 'frag' bit)");
}

static int
ipv4_translate(struct items_state *st, const struct rte_flow_item *it,
	       const void *spec, const void *mask, struct rte_flow_error *error)
{
	const struct rte_flow_item_ipv4 *s = spec, *m = mask;
	int ret;

	ret = match_ethertype(st, it, RTE_ETHER_TYPE_IPV4, error);
	if (ret < 0)
		return ret;
	if (!st->inner)
		st->rule->l3 = MLX5X_FLOW_L3_IPV4;
	else
		st->rule->in_l3 = MLX5X_FLOW_L3_IPV4;
	if (s == NULL)
		return 0;
	if (m->hdr.src_addr != 0)
		MATCH_L24(st, src_ipv4_src_ipv6.ipv4_layout.ipv4,
			  rte_be_to_cpu_32(m->hdr.src_addr),
			  rte_be_to_cpu_32(s->hdr.src_addr));
	if (m->hdr.dst_addr != 0)
		MATCH_L24(st, dst_ipv4_dst_ipv6.ipv4_layout.ipv4,
			  rte_be_to_cpu_32(m->hdr.dst_addr),
			  rte_be_to_cpu_32(s->hdr.dst_addr));
	if (m->hdr.type_of_service != 0) {
		MATCH_L24(st, ip_dscp, m->hdr.type_of_service >> 2,
			  s->hdr.type_of_service >> 2);
		MATCH_L24(st, ip_ecn, m->hdr.type_of_service & 3,
			  s->hdr.type_of_service & 3);
	}
	if (m->hdr.time_to_live != 0)
		MATCH_L24(st, ttl_hoplimit, m->hdr.time_to_live,
			  s->hdr.time_to_live);
	if (m->hdr.next_proto_id != 0) {
		if (m->hdr.next_proto_id == 0xff)
			st->proto = s->hdr.next_proto_id;
		MATCH_L24(st, ip_protocol, m->hdr.next_proto_id,
			  s->hdr.next_proto_id);
	}
	if (m->hdr.fragment_offset != 0)
		return ipv4_frag(st, it, s, m, error);
	return 0;
}

/* ---- ipv6 --------------------------------------------------------------- */

#define IPV6_OFF(f) offsetof(struct rte_flow_item_ipv6, hdr.f)
static const struct item_field ipv6_fields[] = {
	{ "hdr.vtc_flow", IPV6_OFF(vtc_flow), 4, NULL },
	{ "hdr.payload_len", IPV6_OFF(payload_len), 2,
	  "fte_match_param has no IP length field" },
	{ "hdr.proto", IPV6_OFF(proto), 1, NULL },
	{ "hdr.hop_limits", IPV6_OFF(hop_limits), 1, NULL },
	{ "hdr.src_addr", IPV6_OFF(src_addr), 16, NULL },
	{ "hdr.dst_addr", IPV6_OFF(dst_addr), 16, NULL },
	{ NULL, 0, 0, NULL },
};

static void
match_ipv6_addr(struct items_state *st, bool dst, const uint8_t *m,
		const uint8_t *v)
{
	uint8_t *mp, *vp;
	unsigned int i;

	if (st->inner) {
		mp = dst ? MLX5X_ADDR_OF(fte_match_param, st->rule->mask,
					 inner_headers.dst_ipv4_dst_ipv6)
			 : MLX5X_ADDR_OF(fte_match_param, st->rule->mask,
					 inner_headers.src_ipv4_src_ipv6);
		vp = dst ? MLX5X_ADDR_OF(fte_match_param, st->rule->value,
					 inner_headers.dst_ipv4_dst_ipv6)
			 : MLX5X_ADDR_OF(fte_match_param, st->rule->value,
					 inner_headers.src_ipv4_src_ipv6);
		st->rule->criteria |= MLX5X_MATCH_INNER_HEADERS;
	} else {
		mp = dst ? MLX5X_ADDR_OF(fte_match_param, st->rule->mask,
					 outer_headers.dst_ipv4_dst_ipv6)
			 : MLX5X_ADDR_OF(fte_match_param, st->rule->mask,
					 outer_headers.src_ipv4_src_ipv6);
		vp = dst ? MLX5X_ADDR_OF(fte_match_param, st->rule->value,
					 outer_headers.dst_ipv4_dst_ipv6)
			 : MLX5X_ADDR_OF(fte_match_param, st->rule->value,
					 outer_headers.src_ipv4_src_ipv6);
		st->rule->criteria |= MLX5X_MATCH_OUTER_HEADERS;
	}
	/* PRM ipv6_layout: the address in network byte order. */
	for (i = 0; i < 16; i++) {
		mp[i] = m[i];
		vp[i] = v[i] & m[i];
	}
}

static int
ipv6_translate(struct items_state *st, const struct rte_flow_item *it,
	       const void *spec, const void *mask, struct rte_flow_error *error)
{
	const struct rte_flow_item_ipv6 *s = spec, *m = mask;
	uint32_t mv, sv;
	int ret;

	ret = match_ethertype(st, it, RTE_ETHER_TYPE_IPV6, error);
	if (ret < 0)
		return ret;
	if (!st->inner)
		st->rule->l3 = MLX5X_FLOW_L3_IPV6;
	else
		st->rule->in_l3 = MLX5X_FLOW_L3_IPV6;
	if (s == NULL)
		return 0;
	mv = rte_be_to_cpu_32(m->hdr.vtc_flow);
	sv = rte_be_to_cpu_32(s->hdr.vtc_flow);
	if (mv & 0xfffff)
		return item_refuse(error, it,
				   "item ipv6: field hdr.vtc_flow flow label is not supported (misc outer_ipv6_flow_label not implemented)");
	if (mv & 0xf0000000)
		return item_refuse(error, it,
				   "item ipv6: field hdr.vtc_flow version bits cannot be matched; the item already implies IPv6");
	if (mv & 0x0ff00000) {
		MATCH_L24(st, ip_dscp, (mv >> 22) & 0x3f, (sv >> 22) & 0x3f);
		MATCH_L24(st, ip_ecn, (mv >> 20) & 3, (sv >> 20) & 3);
	}
	match_ipv6_addr(st, false, m->hdr.src_addr, s->hdr.src_addr);
	match_ipv6_addr(st, true, m->hdr.dst_addr, s->hdr.dst_addr);
	if (m->hdr.hop_limits != 0)
		MATCH_L24(st, ttl_hoplimit, m->hdr.hop_limits,
			  s->hdr.hop_limits);
	if (m->hdr.proto != 0) {
		if (m->hdr.proto == 0xff)
			st->proto = s->hdr.proto;
		MATCH_L24(st, ip_protocol, m->hdr.proto, s->hdr.proto);
	}
	if (m->has_frag_ext)
		MATCH_L24(st, frag, 1, s->has_frag_ext);
	return 0;
}

/* ---- tcp, udp, sctp, icmp, icmp6 ------------------------------------------ */

#define TCP_OFF(f) offsetof(struct rte_flow_item_tcp, hdr.f)
static const struct item_field tcp_fields[] = {
	{ "hdr.src_port", TCP_OFF(src_port), 2, NULL },
	{ "hdr.dst_port", TCP_OFF(dst_port), 2, NULL },
	{ "hdr.sent_seq", TCP_OFF(sent_seq), 4,
	  "fte_match_param has no TCP sequence field" },
	{ "hdr.recv_ack", TCP_OFF(recv_ack), 4,
	  "fte_match_param has no TCP acknowledgement field" },
	{ "hdr.data_off", TCP_OFF(data_off), 1,
	  "fte_match_param has no TCP data offset field" },
	{ "hdr.tcp_flags", TCP_OFF(tcp_flags), 1, NULL },
	{ "hdr.rx_win", TCP_OFF(rx_win), 2,
	  "fte_match_param has no TCP window field" },
	{ "hdr.cksum", TCP_OFF(cksum), 2,
	  "fte_match_param has no TCP checksum field" },
	{ "hdr.tcp_urp", TCP_OFF(tcp_urp), 2,
	  "fte_match_param has no TCP urgent pointer field" },
	{ NULL, 0, 0, NULL },
};

static int
tcp_translate(struct items_state *st, const struct rte_flow_item *it,
	      const void *spec, const void *mask, struct rte_flow_error *error)
{
	const struct rte_flow_item_tcp *s = spec, *m = mask;
	int ret;

	ret = match_l4(st, it, IPPROTO_TCP, "tcp", error);
	if (ret < 0)
		return ret;
	if (s == NULL)
		return 0;
	if (m->hdr.src_port != 0)
		MATCH_L24(st, tcp_sport, rte_be_to_cpu_16(m->hdr.src_port),
			  rte_be_to_cpu_16(s->hdr.src_port));
	if (m->hdr.dst_port != 0)
		MATCH_L24(st, tcp_dport, rte_be_to_cpu_16(m->hdr.dst_port),
			  rte_be_to_cpu_16(s->hdr.dst_port));
	if (m->hdr.tcp_flags != 0)
		MATCH_L24(st, tcp_flags, m->hdr.tcp_flags, s->hdr.tcp_flags);
	return 0;
}

#define UDP_OFF(f) offsetof(struct rte_flow_item_udp, hdr.f)
static const struct item_field udp_fields[] = {
	{ "hdr.src_port", UDP_OFF(src_port), 2, NULL },
	{ "hdr.dst_port", UDP_OFF(dst_port), 2, NULL },
	{ "hdr.dgram_len", UDP_OFF(dgram_len), 2,
	  "fte_match_param has no UDP length field" },
	{ "hdr.dgram_cksum", UDP_OFF(dgram_cksum), 2,
	  "fte_match_param has no UDP checksum field" },
	{ NULL, 0, 0, NULL },
};

static int
udp_translate(struct items_state *st, const struct rte_flow_item *it,
	      const void *spec, const void *mask, struct rte_flow_error *error)
{
	const struct rte_flow_item_udp *s = spec, *m = mask;
	int ret;

	ret = match_l4(st, it, IPPROTO_UDP, "udp", error);
	if (ret < 0)
		return ret;
	if (s == NULL)
		return 0;
	if (m->hdr.src_port != 0)
		MATCH_L24(st, udp_sport, rte_be_to_cpu_16(m->hdr.src_port),
			  rte_be_to_cpu_16(s->hdr.src_port));
	if (m->hdr.dst_port != 0)
		MATCH_L24(st, udp_dport, rte_be_to_cpu_16(m->hdr.dst_port),
			  rte_be_to_cpu_16(s->hdr.dst_port));
	return 0;
}

#define SCTP_OFF(f) offsetof(struct rte_flow_item_sctp, hdr.f)
static const struct item_field sctp_fields[] = {
	{ "hdr.src_port", SCTP_OFF(src_port), 2,
	  "the PRM has no SCTP port fields (fte_match_param matches TCP and UDP ports only)" },
	{ "hdr.dst_port", SCTP_OFF(dst_port), 2,
	  "the PRM has no SCTP port fields (fte_match_param matches TCP and UDP ports only)" },
	{ "hdr.tag", SCTP_OFF(tag), 4,
	  "fte_match_param has no SCTP verification tag field" },
	{ "hdr.cksum", SCTP_OFF(cksum), 4,
	  "fte_match_param has no SCTP checksum field" },
	{ NULL, 0, 0, NULL },
};

static int
sctp_translate(struct items_state *st, const struct rte_flow_item *it,
	       const void *spec, const void *mask, struct rte_flow_error *error)
{
	RTE_SET_USED(spec);
	RTE_SET_USED(mask);
	return match_l4(st, it, IPPROTO_SCTP, "sctp", error);
}

#define ICMP_OFF(f) offsetof(struct rte_flow_item_icmp, hdr.f)
static const struct item_field icmp_fields[] = {
	{ "hdr.icmp_type", ICMP_OFF(icmp_type), 1, NULL },
	{ "hdr.icmp_code", ICMP_OFF(icmp_code), 1, NULL },
	{ "hdr.icmp_cksum", ICMP_OFF(icmp_cksum), 2,
	  "fte_match_param has no ICMP checksum field" },
	{ "hdr.icmp_ident", ICMP_OFF(icmp_ident), 2, NULL },
	{ "hdr.icmp_seq_nb", ICMP_OFF(icmp_seq_nb), 2, NULL },
	{ NULL, 0, 0, NULL },
};

/* The flex parser protocols the adapter enabled, as its general caps
 * (read at probe) say; all of them when the front end runs without a
 * device, in unit tests. */
static uint32_t
items_flex(const struct items_state *st)
{
	if (st->dev == NULL)
		return UINT32_MAX;
	return MLX5X_PRIV(st->dev)->sh->caps.flex_parser_protocols;
}

static int
need_flex(struct items_state *st, const struct rte_flow_item *it,
	  const char *item, uint32_t bit, const char *bit_name,
	  struct rte_flow_error *error)
{
	if (items_flex(st) & bit)
		return 0;
	return mlx5x_flow_error(error, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
				it,
				"item %s: needs the adapter's flex parser for it, which %s does not enable (HCA cap flex_parser_protocols bit %s)%s",
				item, MLX5X_PRIV(st->dev)->sh->ibdev_name,
				bit_name,
				bit == MLX5X_FLEX_PARSER_ICMP_V4 ||
						bit == MLX5X_FLEX_PARSER_ICMP_V6
					? ": match the protocol only (no spec)"
					: "");
}

#define MATCH_MISC3(st, fld, m, v)                                             \
	do {                                                                   \
		MLX5X_SET(fte_match_param_misc3, (st)->rule->mask,             \
			  misc_parameters_3.fld, (m));                         \
		MLX5X_SET(fte_match_param_misc3, (st)->rule->value,            \
			  misc_parameters_3.fld, (v) & (m));                   \
		(st)->rule->criteria |= MLX5X_MATCH_MISC_PARAMETERS_3;         \
	} while (0)

static int
icmp_translate(struct items_state *st, const struct rte_flow_item *it,
	       const void *spec, const void *mask, struct rte_flow_error *error)
{
	const struct rte_flow_item_icmp *s = spec, *m = mask;
	int ret;

	if (!(st->last & L_IPV4) || st->ethertype != RTE_ETHER_TYPE_IPV4)
		return item_refuse(error, it,
				   "item icmp must follow an ipv4 item");
	ret = match_proto(st, it, IPPROTO_ICMP, "icmp", error);
	if (ret < 0 || s == NULL)
		return ret;
	if (m->hdr.icmp_type == 0 && m->hdr.icmp_code == 0 &&
	    m->hdr.icmp_ident == 0 && m->hdr.icmp_seq_nb == 0)
		return 0;
	ret = need_flex(st, it, "icmp", MLX5X_FLEX_PARSER_ICMP_V4, "ICMP_V4",
			error);
	if (ret < 0)
		return ret;
	if (m->hdr.icmp_type != 0)
		MATCH_MISC3(st, icmp_type, m->hdr.icmp_type, s->hdr.icmp_type);
	if (m->hdr.icmp_code != 0)
		MATCH_MISC3(st, icmp_code, m->hdr.icmp_code, s->hdr.icmp_code);
	/* PRM icmp_header_data: the ICMP header's second word. */
	if (m->hdr.icmp_ident != 0 || m->hdr.icmp_seq_nb != 0)
		MATCH_MISC3(st, icmp_header_data,
			    (uint32_t)rte_be_to_cpu_16(m->hdr.icmp_ident)
					    << 16 |
				    rte_be_to_cpu_16(m->hdr.icmp_seq_nb),
			    (uint32_t)rte_be_to_cpu_16(s->hdr.icmp_ident)
					    << 16 |
				    rte_be_to_cpu_16(s->hdr.icmp_seq_nb));
	return 0;
}

static const struct item_field icmp6_fields[] = {
	{ "type", offsetof(struct rte_flow_item_icmp6, type), 1, NULL },
	{ "code", offsetof(struct rte_flow_item_icmp6, code), 1, NULL },
	{ "checksum", offsetof(struct rte_flow_item_icmp6, checksum), 2,
	  "fte_match_param has no ICMPv6 checksum field" },
	{ NULL, 0, 0, NULL },
};

static int
icmp6_translate(struct items_state *st, const struct rte_flow_item *it,
		const void *spec, const void *mask,
		struct rte_flow_error *error)
{
	const struct rte_flow_item_icmp6 *s = spec, *m = mask;
	int ret;

	if (!(st->last & L_IPV6))
		return item_refuse(error, it,
				   "item icmp6 must follow an ipv6 item");
	ret = match_proto(st, it, IPPROTO_ICMPV6, "icmp6", error);
	if (ret < 0 || s == NULL || (m->type == 0 && m->code == 0))
		return ret;
	ret = need_flex(st, it, "icmp6", MLX5X_FLEX_PARSER_ICMP_V6, "ICMP_V6",
			error);
	if (ret < 0)
		return ret;
	if (m->type != 0)
		MATCH_MISC3(st, icmpv6_type, m->type, s->type);
	if (m->code != 0)
		MATCH_MISC3(st, icmpv6_code, m->code, s->code);
	return 0;
}

/* ---- vxlan -------------------------------------------------------------- */

static const struct item_field vxlan_fields[] = {
	{ "flags", offsetof(struct rte_flow_item_vxlan, flags), 1,
	  "fte_match_param has no VXLAN flags field" },
	{ "rsvd0", offsetof(struct rte_flow_item_vxlan, rsvd0), 3,
	  "fte_match_param has no VXLAN reserved field" },
	{ "vni", offsetof(struct rte_flow_item_vxlan, vni), 3, NULL },
	{ "rsvd1", offsetof(struct rte_flow_item_vxlan, rsvd1), 1,
	  "fte_match_param has no VXLAN reserved field" },
	{ NULL, 0, 0, NULL },
};

static int
vxlan_translate(struct items_state *st, const struct rte_flow_item *it,
		const void *spec, const void *mask,
		struct rte_flow_error *error)
{
	const struct rte_flow_item_vxlan *s = spec, *m = mask;
	uint32_t udp_dport_mask = MLX5X_GET(fte_match_param, st->rule->mask,
					    outer_headers.udp_dport);

	if (st->proto != IPPROTO_UDP)
		return item_refuse(error, it,
				   "item vxlan must follow a udp item");
	/* IANA port 4789 unless the udp item named one. */
	if (udp_dport_mask == 0)
		MLX5X_FLOW_MATCH(st->rule, outer_headers.udp_dport, 0xffff,
				 4789);
	if (s != NULL) {
		uint32_t mv = (uint32_t)m->vni[0] << 16 |
			      (uint32_t)m->vni[1] << 8 | m->vni[2];
		uint32_t sv = (uint32_t)s->vni[0] << 16 |
			      (uint32_t)s->vni[1] << 8 | s->vni[2];

		if (mv != 0) {
			MLX5X_SET(fte_match_set_misc_tun,
				  MLX5X_ADDR_OF(fte_match_param, st->rule->mask,
						misc_parameters),
				  vxlan_vni, mv);
			MLX5X_SET(fte_match_set_misc_tun,
				  MLX5X_ADDR_OF(fte_match_param,
						st->rule->value,
						misc_parameters),
				  vxlan_vni, sv & mv);
			st->rule->criteria |= MLX5X_MATCH_MISC_PARAMETERS;
		}
	}
	st->inner = true;
	st->ethertype = 0;
	st->proto = 0;
	return 0;
}

/* ---- gre, gre_key, ipv6_frag_ext ------------------------------------------ */

#define MISC_SET(st, fld, m, v)                                                \
	do {                                                                   \
		MLX5X_SET(fte_match_set_misc_tun,                              \
			  MLX5X_ADDR_OF(fte_match_param, (st)->rule->mask,     \
					misc_parameters),                      \
			  fld, (m));                                           \
		MLX5X_SET(fte_match_set_misc_tun,                              \
			  MLX5X_ADDR_OF(fte_match_param, (st)->rule->value,    \
					misc_parameters),                      \
			  fld, (v) & (m));                                     \
		(st)->rule->criteria |= MLX5X_MATCH_MISC_PARAMETERS;           \
	} while (0)

static const struct item_field gre_fields[] = {
	{ "c_rsvd0_ver", offsetof(struct rte_flow_item_gre, c_rsvd0_ver), 2,
	  NULL },
	{ "protocol", offsetof(struct rte_flow_item_gre, protocol), 2, NULL },
	{ NULL, 0, 0, NULL },
};

#define GRE_C 0x8000u
#define GRE_K 0x2000u
#define GRE_S 0x1000u

static int
gre_translate(struct items_state *st, const struct rte_flow_item *it,
	      const void *spec, const void *mask, struct rte_flow_error *error)
{
	const struct rte_flow_item_gre *s = spec, *m = mask;
	int ret;

	if (st->inner)
		return item_refuse(error, it,
				   "item gre: a tunnel inside a tunnel cannot be matched (fte_match_param has one set of tunnel fields)");
	ret = match_proto(st, it, IPPROTO_GRE, "gre", error);
	if (ret < 0)
		return ret;
	if (s != NULL) {
		uint16_t mf = rte_be_to_cpu_16(m->c_rsvd0_ver);
		uint16_t sf = rte_be_to_cpu_16(s->c_rsvd0_ver);

		if (mf & ~(GRE_C | GRE_K | GRE_S))
			return mlx5x_flow_error(error, ENOTSUP,
						RTE_FLOW_ERROR_TYPE_ITEM_MASK,
						it,
						"item gre: field c_rsvd0_ver: only the C, K and S bits can be matched (misc gre_c/k/s_present; the PRM has no GRE version or reserved field)");
		if (mf & GRE_C)
			MISC_SET(st, gre_c_present, 1, !!(sf & GRE_C));
		if (mf & GRE_K)
			MISC_SET(st, gre_k_present, 1, !!(sf & GRE_K));
		if (mf & GRE_S)
			MISC_SET(st, gre_s_present, 1, !!(sf & GRE_S));
		if (m->protocol != 0)
			MISC_SET(st, gre_protocol,
				 rte_be_to_cpu_16(m->protocol),
				 rte_be_to_cpu_16(s->protocol));
	}
	st->inner = true;
	st->ethertype = 0;
	st->proto = 0;
	return 0;
}

/* DPDK 22.11 has no default masks for these two. */
static const rte_be32_t gre_key_mask = RTE_BE32(UINT32_MAX);
static const struct rte_flow_item_ipv6_frag_ext ipv6_frag_mask;

static const struct item_field gre_key_fields[] = {
	{ "key", 0, 4, NULL },
	{ NULL, 0, 0, NULL },
};

static int
gre_key_translate(struct items_state *st, const struct rte_flow_item *it,
		  const void *spec, const void *mask,
		  struct rte_flow_error *error)
{
	const rte_be32_t *s = spec, *m = mask;
	uint32_t mk, sk;

	RTE_SET_USED(error);
	RTE_SET_USED(it);
	/* The key is there: K set. */
	MISC_SET(st, gre_k_present, 1, true);
	if (s == NULL)
		return 0;
	mk = rte_be_to_cpu_32(*m);
	sk = rte_be_to_cpu_32(*s);
	if (mk >> 8)
		MISC_SET(st, gre_key_h, mk >> 8, sk >> 8);
	if (mk & 0xff)
		MISC_SET(st, gre_key_l, mk & 0xff, sk & 0xff);
	return 0;
}

static const struct item_field ipv6_frag_fields[] = {
	{ "hdr", 0, sizeof(struct rte_flow_item_ipv6_frag_ext),
	  "fte_match_param has only the 'frag' bit for an IPv6 fragment header: give no spec (any fragment)" },
	{ NULL, 0, 0, NULL },
};

static int
ipv6_frag_translate(struct items_state *st, const struct rte_flow_item *it,
		    const void *spec, const void *mask,
		    struct rte_flow_error *error)
{
	RTE_SET_USED(spec);
	RTE_SET_USED(mask);
	RTE_SET_USED(error);
	RTE_SET_USED(it);
	/* PRM frag: the frame is a fragment (an IPv6 fragment header). */
	MATCH_L24(st, frag, 1, 1);
	return 0;
}

/* ---- nvgre, geneve, vxlan_gpe, gtp ------------------------------------------ */

static uint32_t
rd24(const uint8_t *p)
{
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

/* A UDP tunnel: after a udp item, on its IANA port unless the udp item
 * named one. */
static int
udp_tunnel(struct items_state *st, const struct rte_flow_item *it,
	   const char *name, uint16_t port, struct rte_flow_error *error)
{
	if (st->inner)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ITEM, it,
					"item %s: a tunnel inside a tunnel cannot be matched (fte_match_param has one set of tunnel fields)",
					name);
	if (st->proto != IPPROTO_UDP)
		return mlx5x_flow_error(error, EINVAL, RTE_FLOW_ERROR_TYPE_ITEM,
					it, "item %s must follow a udp item",
					name);
	if (MLX5X_GET(fte_match_param, st->rule->mask,
		      outer_headers.udp_dport) == 0)
		MLX5X_FLOW_MATCH(st->rule, outer_headers.udp_dport, 0xffff,
				 port);
	return 0;
}

static void
tunnel_enter(struct items_state *st)
{
	st->inner = true;
	st->ethertype = 0;
	st->proto = 0;
}

static const struct item_field nvgre_fields[] = {
	{ "c_k_s_rsvd0_ver",
	  offsetof(struct rte_flow_item_nvgre, c_k_s_rsvd0_ver), 2,
	  "NVGRE fixes the GRE flags (K set) and version: nothing to match" },
	{ "protocol", offsetof(struct rte_flow_item_nvgre, protocol), 2,
	  "NVGRE fixes the GRE protocol (0x6558)" },
	{ "tni", offsetof(struct rte_flow_item_nvgre, tni), 3, NULL },
	{ "flow_id", offsetof(struct rte_flow_item_nvgre, flow_id), 1, NULL },
	{ NULL, 0, 0, NULL },
};

/* RFC 7637: GRE with K set, protocol 0x6558, the key as TNI + flow id. */
static int
nvgre_translate(struct items_state *st, const struct rte_flow_item *it,
		const void *spec, const void *mask,
		struct rte_flow_error *error)
{
	const struct rte_flow_item_nvgre *s = spec, *m = mask;
	int ret;

	if (st->inner)
		return item_refuse(error, it,
				   "item nvgre: a tunnel inside a tunnel cannot be matched (fte_match_param has one set of tunnel fields)");
	ret = match_proto(st, it, IPPROTO_GRE, "nvgre", error);
	if (ret < 0)
		return ret;
	MISC_SET(st, gre_k_present, 1, true);
	MISC_SET(st, gre_protocol, 0xffff, RTE_ETHER_TYPE_TEB);
	if (s != NULL) {
		if (rd24(m->tni) != 0)
			MISC_SET(st, gre_key_h, rd24(m->tni), rd24(s->tni));
		if (m->flow_id != 0)
			MISC_SET(st, gre_key_l, m->flow_id, s->flow_id);
	}
	tunnel_enter(st);
	return 0;
}

#define GENEVE_SET(st, fld, m, v)                                              \
	do {                                                                   \
		MLX5X_SET(fte_match_set_misc_geneve,                           \
			  MLX5X_ADDR_OF(fte_match_param, (st)->rule->mask,     \
					misc_parameters),                      \
			  fld, (m));                                           \
		MLX5X_SET(fte_match_set_misc_geneve,                           \
			  MLX5X_ADDR_OF(fte_match_param, (st)->rule->value,    \
					misc_parameters),                      \
			  fld, (v) & (m));                                     \
		(st)->rule->criteria |= MLX5X_MATCH_MISC_PARAMETERS;           \
	} while (0)

static const struct item_field geneve_fields[] = {
	{ "ver_opt_len_o_c_rsvd0",
	  offsetof(struct rte_flow_item_geneve, ver_opt_len_o_c_rsvd0), 2,
	  NULL },
	{ "protocol", offsetof(struct rte_flow_item_geneve, protocol), 2,
	  NULL },
	{ "vni", offsetof(struct rte_flow_item_geneve, vni), 3, NULL },
	{ "rsvd1", offsetof(struct rte_flow_item_geneve, rsvd1), 1,
	  "fte_match_param has no GENEVE reserved field" },
	{ NULL, 0, 0, NULL },
};

static int
geneve_translate(struct items_state *st, const struct rte_flow_item *it,
		 const void *spec, const void *mask,
		 struct rte_flow_error *error)
{
	const struct rte_flow_item_geneve *s = spec, *m = mask;
	int ret;

	ret = udp_tunnel(st, it, "geneve", 6081, error);
	if (ret < 0)
		return ret;
	ret = need_flex(st, it, "geneve", MLX5X_FLEX_PARSER_GENEVE, "GENEVE",
			error);
	if (ret < 0)
		return ret;
	if (s != NULL) {
		uint16_t mf = rte_be_to_cpu_16(m->ver_opt_len_o_c_rsvd0);
		uint16_t sf = rte_be_to_cpu_16(s->ver_opt_len_o_c_rsvd0);

		/* Version, C and reserved bits have no PRM field. */
		if (mf & ~0x3f80u)
			return mlx5x_flow_error(error, ENOTSUP,
						RTE_FLOW_ERROR_TYPE_ITEM_MASK,
						it,
						"item geneve: field ver_opt_len_o_c_rsvd0: only the option length and O bits can be matched (misc geneve_opt_len, geneve_oam)");
		if (mf & 0x3f00)
			GENEVE_SET(st, geneve_opt_len, (mf >> 8) & 0x3f,
				   (sf >> 8) & 0x3f);
		if (mf & 0x80)
			GENEVE_SET(st, geneve_oam, 1, sf >> 7);
		if (m->protocol != 0)
			GENEVE_SET(st, geneve_protocol_type,
				   rte_be_to_cpu_16(m->protocol),
				   rte_be_to_cpu_16(s->protocol));
		if (rd24(m->vni) != 0)
			GENEVE_SET(st, geneve_vni, rd24(m->vni), rd24(s->vni));
	}
	tunnel_enter(st);
	return 0;
}

static const struct item_field vxlan_gpe_fields[] = {
	{ "flags", offsetof(struct rte_flow_item_vxlan_gpe, flags), 1, NULL },
	{ "rsvd0", offsetof(struct rte_flow_item_vxlan_gpe, rsvd0), 2,
	  "fte_match_param has no VXLAN-GPE reserved field" },
	{ "protocol", offsetof(struct rte_flow_item_vxlan_gpe, protocol), 1,
	  NULL },
	{ "vni", offsetof(struct rte_flow_item_vxlan_gpe, vni), 3, NULL },
	{ "rsvd1", offsetof(struct rte_flow_item_vxlan_gpe, rsvd1), 1,
	  "fte_match_param has no VXLAN-GPE reserved field" },
	{ NULL, 0, 0, NULL },
};

static int
vxlan_gpe_translate(struct items_state *st, const struct rte_flow_item *it,
		    const void *spec, const void *mask,
		    struct rte_flow_error *error)
{
	const struct rte_flow_item_vxlan_gpe *s = spec, *m = mask;
	int ret;

	ret = udp_tunnel(st, it, "vxlan_gpe", 4790, error);
	if (ret < 0)
		return ret;
	ret = need_flex(st, it, "vxlan_gpe", MLX5X_FLEX_PARSER_VXLAN_GPE,
			"VXLAN_GPE", error);
	if (ret < 0)
		return ret;
	if (s != NULL) {
		if (m->flags != 0)
			MATCH_MISC3(st, outer_vxlan_gpe_flags, m->flags,
				    s->flags);
		if (m->protocol != 0)
			MATCH_MISC3(st, outer_vxlan_gpe_next_protocol,
				    m->protocol, s->protocol);
		if (rd24(m->vni) != 0)
			MATCH_MISC3(st, outer_vxlan_gpe_vni, rd24(m->vni),
				    rd24(s->vni));
	}
	tunnel_enter(st);
	return 0;
}

static const struct item_field gtp_fields[] = {
	{ "v_pt_rsv_flags", offsetof(struct rte_flow_item_gtp, v_pt_rsv_flags),
	  1, NULL },
	{ "msg_type", offsetof(struct rte_flow_item_gtp, msg_type), 1, NULL },
	{ "msg_len", offsetof(struct rte_flow_item_gtp, msg_len), 2,
	  "fte_match_param has no GTP-U length field" },
	{ "teid", offsetof(struct rte_flow_item_gtp, teid), 4, NULL },
	{ NULL, 0, 0, NULL },
};

static int
gtp_translate(struct items_state *st, const struct rte_flow_item *it,
	      const void *spec, const void *mask, struct rte_flow_error *error)
{
	const struct rte_flow_item_gtp *s = spec, *m = mask;
	int ret;

	ret = udp_tunnel(st, it, "gtp", 2152, error);
	if (ret < 0)
		return ret;
	ret = need_flex(st, it, "gtp", MLX5X_FLEX_PARSER_GTPU, "GTPU", error);
	if (ret < 0)
		return ret;
	if (s != NULL) {
		if (m->v_pt_rsv_flags != 0)
			MATCH_MISC3(st, gtpu_msg_flags, m->v_pt_rsv_flags,
				    s->v_pt_rsv_flags);
		if (m->msg_type != 0)
			MATCH_MISC3(st, gtpu_msg_type, m->msg_type,
				    s->msg_type);
		if (m->teid != 0)
			MATCH_MISC3(st, gtpu_teid, rte_be_to_cpu_32(m->teid),
				    rte_be_to_cpu_32(s->teid));
	}
	/* A G-PDU carries an IP packet: ipv4/ipv6 items may follow. */
	tunnel_enter(st);
	return 0;
}

/* ---- mpls: the first label stack entry (misc_parameters_2) -------------- */

static const struct item_field mpls_fields[] = {
	{ "label_tc_s", offsetof(struct rte_flow_item_mpls, label_tc_s), 3,
	  NULL },
	{ "ttl", offsetof(struct rte_flow_item_mpls, ttl), 1, NULL },
	{ NULL, 0, 0, NULL },
};

/* Does the adapter's NIC Rx ft_field_support name this field? (All of
 * them without a device, in unit tests.) */
#define FT_FIELD(st, fld)                                                      \
	((st)->dev == NULL ||                                                  \
	 MLX5X_GET(flow_table_fields_supported,                                \
		   MLX5X_PRIV((st)->dev)->sh->caps.nic_rx_ft_fields,           \
		   fld) != 0)

/* The ft_field_support bits behind one label stack entry's fields, in
 * mpls_match's order. */
#define MPLS_FT(st, where)                                                     \
	((const bool[]){                                                       \
		FT_FIELD(st, where##_label), FT_FIELD(st, where##_exp),        \
		FT_FIELD(st, where##_s_bos), FT_FIELD(st, where##_ttl) })
#define MPLS_OFF(where) MLX5X_BYTE_OFF(fte_match_set_misc2_mpls, where)

/* One label stack entry of fte_match_set_misc2 (at byte off of it, named
 * where) under the item's mask; a field whose ft_field_support bit
 * (ft[]) the adapter leaves clear is refused by name. */
static int
mpls_match(struct items_state *st, const struct rte_flow_item *it, size_t off,
	   const char *where, const bool ft[4], uint32_t m, uint32_t v,
	   struct rte_flow_error *error)
{
	static const struct {
		const char *name;
		uint8_t shift, width;
	} f[] = {
		{ "label", 12, 20 },
		{ "exp", 9, 3 },
		{ "s_bos", 8, 1 },
		{ "ttl", 0, 8 },
	};
	uint8_t *mp = MLX5X_ADDR_OF(fte_match_param, st->rule->mask,
				    misc_parameters_2);
	uint8_t *vp = MLX5X_ADDR_OF(fte_match_param, st->rule->value,
				    misc_parameters_2);
	uint32_t be;
	unsigned int i;

	for (i = 0; i < RTE_DIM(f); i++)
		if (((m >> f[i].shift) & ((1u << f[i].width) - 1)) != 0 &&
		    !ft[i])
			return mlx5x_flow_error(error, ENOTSUP,
						RTE_FLOW_ERROR_TYPE_ITEM_MASK,
						it,
						"item mpls: field %s cannot be matched on %s: its NIC Rx ft_field_support bit %s_%s is clear",
						f[i].name,
						MLX5X_PRIV(st->dev)
							->sh->ibdev_name,
						where, f[i].name);
	/* PRM fte_match_mpls: the entry's 32 bits as on the wire. */
	be = rte_cpu_to_be_32(m);
	memcpy(mp + off, &be, 4);
	be = rte_cpu_to_be_32(v & m);
	memcpy(vp + off, &be, 4);
	st->rule->criteria |= MLX5X_MATCH_MISC_PARAMETERS_2;
	return 0;
}

/*
 * RFC 3032 label stack entry: label 20 bits, traffic class (PRM "exp") 3,
 * bottom of stack 1, TTL 8; fte_match_mpls holds it in the same layout.
 * The PRM matches the first entry of a stack in three places: on Ethernet
 * (ethertype 0x8847, outer_first_mpls), over GRE (protocol 0x8847,
 * outer_first_mpls_over_gre) and over UDP (RFC 7510 port 6635,
 * outer_first_mpls_over_udp); the last two need the flex parser
 * (flex_parser_protocols MPLS_OVER_GRE / MPLS_OVER_UDP) and put the
 * packet after the stack into the inner headers.
 */
static int
mpls_translate(struct items_state *st, const struct rte_flow_item *it,
	       const void *spec, const void *mask, struct rte_flow_error *error)
{
	const struct rte_flow_item_mpls *s = spec, *m = mask;
	uint32_t mw = 0, sw = 0;
	int ret;

	if (st->rule->domain != MLX5X_FLOW_DOMAIN_RX)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ITEM, it,
					"item mpls: ingress rules only (the MPLS fields are checked against NIC Rx ft_field_support)");
	if (s != NULL) {
		mw = rd24(m->label_tc_s) << 8 | m->ttl;
		sw = rd24(s->label_tc_s) << 8 | s->ttl;
	}
	if ((st->last & (L_ETH | L_VLAN)) && st->inner)
		return item_refuse(error, it,
				   "item mpls: a label stack inside a tunnel cannot be matched (fte_match_param has one set of tunnel fields)");
	if (st->last & (L_ETH | L_VLAN)) {
		/* On Ethernet: the ether type says MPLS unicast. */
		if (st->ethertype != 0 && st->ethertype != RTE_ETHER_TYPE_MPLS)
			return mlx5x_flow_error(error, EINVAL,
						RTE_FLOW_ERROR_TYPE_ITEM, it,
						"item mpls: the pattern's ether type 0x%04x before it contradicts MPLS (0x8847)",
						st->ethertype);
		if (!FT_FIELD(st, outer_ether_type))
			return item_refuse(error, it,
					   "item mpls: NIC Rx ft_field_support bit outer_ether_type is clear");
		st->ethertype = RTE_ETHER_TYPE_MPLS;
		MATCH_L24(st, ethertype, 0xffff, RTE_ETHER_TYPE_MPLS);
		if (mw != 0)
			return mpls_match(st, it, MPLS_OFF(outer_first_mpls),
					  "outer_first_mpls",
					  MPLS_FT(st, outer_first_mpls), mw, sw,
					  error);
		/* The adapter does not parse past a label stack on
		 * Ethernet (no inner headers): nothing may follow. */
		st->tunnel = RTE_FLOW_ITEM_TYPE_MPLS;
		return 0;
	}
	if (st->last & L_L4) {
		ret = udp_tunnel(st, it, "mpls", 6635, error);
		if (ret < 0)
			return ret;
		ret = need_flex(st, it, "mpls",
				MLX5X_FLEX_PARSER_CW_MPLS_OVER_UDP,
				"MPLS_OVER_UDP", error);
		if (ret < 0)
			return ret;
		tunnel_enter(st);
		if (mw != 0)
			return mpls_match(st, it,
					  MPLS_OFF(outer_first_mpls_over_udp),
					  "outer_first_mpls_over_udp",
					  MPLS_FT(st,
						  outer_first_mpls_over_udp),
					  mw, sw, error);
		return 0;
	}
	if (st->tunnel != RTE_FLOW_ITEM_TYPE_GRE || !(st->last & L_TUNNEL))
		return item_refuse(error, it,
				   "item mpls must follow eth, vlan, udp or gre (the PRM matches the first label on Ethernet, over UDP and over GRE)");
	{
		uint32_t gm =
			MLX5X_GET(fte_match_set_misc_tun,
				  MLX5X_ADDR_OF(fte_match_param, st->rule->mask,
						misc_parameters),
				  gre_protocol);
		uint32_t gv = MLX5X_GET(fte_match_set_misc_tun,
					MLX5X_ADDR_OF(fte_match_param,
						      st->rule->value,
						      misc_parameters),
					gre_protocol);

		if ((gv & gm) != (RTE_ETHER_TYPE_MPLS & gm))
			return mlx5x_flow_error(error, EINVAL,
						RTE_FLOW_ERROR_TYPE_ITEM, it,
						"item mpls: the gre item before it asks for protocol 0x%04x, MPLS over GRE is 0x8847",
						gv);
	}
	ret = need_flex(st, it, "mpls", MLX5X_FLEX_PARSER_CW_MPLS_OVER_GRE,
			"MPLS_OVER_GRE", error);
	if (ret < 0)
		return ret;
	MISC_SET(st, gre_protocol, 0xffff, RTE_ETHER_TYPE_MPLS);
	st->tunnel = RTE_FLOW_ITEM_TYPE_MPLS;
	if (mw != 0)
		return mpls_match(st, it, MPLS_OFF(outer_first_mpls_over_gre),
				  "outer_first_mpls_over_gre",
				  MPLS_FT(st, outer_first_mpls_over_gre), mw,
				  sw, error);
	return 0;
}

/* ---- meta, tag, mark: metadata registers (mlx5x_flow_meta.c) ----------- */

static const struct item_field meta_fields[] = {
	{ "data", offsetof(struct rte_flow_item_meta, data), 4, NULL },
	{ NULL, 0, 0, NULL },
};

static int
meta_translate(struct items_state *st, const struct rte_flow_item *it,
	       const void *spec, const void *mask, struct rte_flow_error *error)
{
	const struct rte_flow_item_meta *s = spec, *m = mask;
	const char *why = NULL;
	uint16_t field = 0;

	if (mlx5x_flow_meta_reg(st->rule->domain, true, 0, &field, &why) < 0)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ITEM, it,
					"item meta: %s", why);
	if (s == NULL || m->data == 0)
		return mlx5x_flow_error(error, EINVAL,
					RTE_FLOW_ERROR_TYPE_ITEM_SPEC, it,
					"item meta: spec and a non-zero mask on data are needed (metadata_reg_%c matches a value)",
					field == MLX5X_ACTION_IN_FIELD_METADATA_REG_A
						? 'a'
						: 'b');
	mlx5x_flow_meta_match(st->rule, field, m->data, s->data);
	return 0;
}

static const struct item_field tag_fields[] = {
	{ "data", offsetof(struct rte_flow_item_tag, data), 4, NULL },
	{ "index", offsetof(struct rte_flow_item_tag, index), 1, NULL },
	{ NULL, 0, 0, NULL },
};

static int
tag_translate(struct items_state *st, const struct rte_flow_item *it,
	      const void *spec, const void *mask, struct rte_flow_error *error)
{
	const struct rte_flow_item_tag *s = spec, *m = mask;
	const char *why = NULL;
	uint16_t field = 0;

	if (s == NULL || m->data == 0)
		return mlx5x_flow_error(error, EINVAL,
					RTE_FLOW_ERROR_TYPE_ITEM_SPEC, it,
					"item tag: spec and a non-zero mask on data are needed");
	if (m->index != 0xff)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ITEM_MASK, it,
					"item tag: field index takes mask 0xff only (the index picks one register)");
	if (mlx5x_flow_meta_reg(st->rule->domain, false, s->index, &field,
				&why) < 0)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ITEM_SPEC, it,
					"item tag: index %u: %s", s->index,
					why);
	mlx5x_flow_meta_match(st->rule, field, m->data, s->data);
	return 0;
}

static const struct item_field mark_fields[] = {
	{ "id", offsetof(struct rte_flow_item_mark, id), 4, NULL },
	{ NULL, 0, 0, NULL },
};

/* The mark an ingress rule of a lower group set before jumping here. */
static int
mark_translate(struct items_state *st, const struct rte_flow_item *it,
	       const void *spec, const void *mask, struct rte_flow_error *error)
{
	const struct rte_flow_item_mark *s = spec, *m = mask;
	uint32_t mm;

	if (st->rule->domain != MLX5X_FLOW_DOMAIN_RX)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ITEM, it,
					"item mark: ingress only (marks are set by ingress rules)");
	if (st->rule->group == 0)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ITEM, it,
					"item mark: in group 0 no mark can have been set yet (a mark reaches a higher group by jump)");
	if (s == NULL)
		return mlx5x_flow_error(error, EINVAL,
					RTE_FLOW_ERROR_TYPE_ITEM_SPEC, it,
					"item mark: spec is NULL; name the id");
	mm = m->id & 0xffffff;
	if (m->id != mm || s->id > MLX5X_FLOW_MARK_MAX)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ITEM_SPEC, it,
					"item mark: id 0x%x / mask 0x%x beyond the 24-bit mark (ids up to 0x%x)",
					s->id, m->id, MLX5X_FLOW_MARK_MAX);
	/* A marked frame (not a flagged one) whose id matches. */
	mlx5x_flow_meta_match(st->rule, MLX5X_FLOW_MARK_REG,
			      MLX5X_FLOW_MARK_VALID | MLX5X_FLOW_MARK_FLAG | mm,
			      MLX5X_FLOW_MARK_VALID | (s->id & mm));
	return 0;
}

/* ---- the table ---------------------------------------------------------- */

/* port_id, represented_port: frames entering the E-Switch from the entity
 * behind an ethdev port (its VF for a representor, the wire for the
 * uplink): misc.source_port. port_representor: frames the application
 * sent through the ethdev port itself (mlx5x_flow_fdb.c). */
static const struct item_field port_id_fields[] = {
	{ "id", offsetof(struct rte_flow_item_port_id, id), 4, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct item_field ethdev_fields[] = {
	{ "port_id", offsetof(struct rte_flow_item_ethdev, port_id), 2, NULL },
	{ NULL, 0, 0, NULL },
};

static int
port_translate(struct items_state *st, const struct rte_flow_item *it,
	       const void *spec, const void *mask, struct rte_flow_error *error)
{
	const char *name = it->type == RTE_FLOW_ITEM_TYPE_PORT_ID ? "port_id"
			   : it->type == RTE_FLOW_ITEM_TYPE_PORT_REPRESENTOR
				   ? "port_representor"
				   : "represented_port";
	uint32_t id, full;
	uint16_t vport;
	char why[256];

	if (st->rule->domain != MLX5X_FLOW_DOMAIN_FDB)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ITEM, it,
					"item %s: only in a transfer rule (the source port is an E-Switch notion)",
					name);
	if (st->rule->has_source)
		return mlx5x_flow_error(error, EINVAL, RTE_FLOW_ERROR_TYPE_ITEM,
					it,
					"item %s: the pattern already names a source port",
					name);
	if (spec == NULL)
		return mlx5x_flow_error(error, EINVAL,
					RTE_FLOW_ERROR_TYPE_ITEM_SPEC, it,
					"item %s: spec is NULL; name the source port",
					name);
	if (it->type == RTE_FLOW_ITEM_TYPE_PORT_ID) {
		id = ((const struct rte_flow_item_port_id *)spec)->id;
		full = ((const struct rte_flow_item_port_id *)mask)->id ==
		       UINT32_MAX;
	} else {
		id = ((const struct rte_flow_item_ethdev *)spec)->port_id;
		full = ((const struct rte_flow_item_ethdev *)mask)->port_id ==
		       UINT16_MAX;
	}
	if (!full)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ITEM_MASK, it,
					"item %s: a partial mask on the port id cannot be matched (misc.source_port is one vport)",
					name);
	if (it->type == RTE_FLOW_ITEM_TYPE_PORT_REPRESENTOR) {
		if (mlx5x_flow_fdb_match_representor(st->dev, id, st->rule, why,
						     sizeof(why)) < 0)
			return mlx5x_flow_error(error, ENOTSUP,
						RTE_FLOW_ERROR_TYPE_ITEM_SPEC,
						it, "item %s: %s", name, why);
		return 0;
	}
	if (mlx5x_flow_fdb_vport(st->dev, id, &vport, why, sizeof(why)) < 0)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ITEM_SPEC, it,
					"item %s: %s", name, why);
	MLX5X_FLOW_MATCH(st->rule, misc_parameters.source_port, 0xffff, vport);
	st->rule->criteria |= MLX5X_MATCH_MISC_PARAMETERS;
	st->rule->has_source = true;
	return 0;
}

static const struct item_row item_rows[] = {
	[RTE_FLOW_ITEM_TYPE_PORT_ID] = { "port_id", L_START, L_START,
					 sizeof(struct rte_flow_item_port_id),
					 &rte_flow_item_port_id_mask,
					 port_id_fields, port_translate },
	[RTE_FLOW_ITEM_TYPE_REPRESENTED_PORT] = { "represented_port", L_START,
						  L_START,
						  sizeof(struct rte_flow_item_ethdev),
						  &rte_flow_item_ethdev_mask,
						  ethdev_fields,
						  port_translate },
	[RTE_FLOW_ITEM_TYPE_PORT_REPRESENTOR] = { "port_representor", L_START,
						  L_START,
						  sizeof(struct rte_flow_item_ethdev),
						  &rte_flow_item_ethdev_mask,
						  ethdev_fields,
						  port_translate },
	[RTE_FLOW_ITEM_TYPE_ETH] = { "eth", L_ETH, L_START | L_TUNNEL,
				     sizeof(struct rte_flow_item_eth),
				     &rte_flow_item_eth_mask, eth_fields,
				     eth_translate },
	[RTE_FLOW_ITEM_TYPE_VLAN] = { "vlan", L_VLAN, L_ETH | L_VLAN,
				      sizeof(struct rte_flow_item_vlan),
				      &rte_flow_item_vlan_mask, vlan_fields,
				      vlan_translate },
	[RTE_FLOW_ITEM_TYPE_IPV4] = { "ipv4", L_IPV4,
				      L_START | L_ETH | L_VLAN | L_TUNNEL,
				      sizeof(struct rte_flow_item_ipv4),
				      &rte_flow_item_ipv4_mask, ipv4_fields,
				      ipv4_translate },
	[RTE_FLOW_ITEM_TYPE_IPV6] = { "ipv6", L_IPV6,
				      L_START | L_ETH | L_VLAN | L_TUNNEL,
				      sizeof(struct rte_flow_item_ipv6),
				      &rte_flow_item_ipv6_mask, ipv6_fields,
				      ipv6_translate },
	[RTE_FLOW_ITEM_TYPE_TCP] = { "tcp", L_L4, L_IP,
				     sizeof(struct rte_flow_item_tcp),
				     &rte_flow_item_tcp_mask, tcp_fields,
				     tcp_translate },
	[RTE_FLOW_ITEM_TYPE_UDP] = { "udp", L_L4, L_IP,
				     sizeof(struct rte_flow_item_udp),
				     &rte_flow_item_udp_mask, udp_fields,
				     udp_translate },
	[RTE_FLOW_ITEM_TYPE_SCTP] = { "sctp", L_L4, L_IP,
				      sizeof(struct rte_flow_item_sctp),
				      &rte_flow_item_sctp_mask, sctp_fields,
				      sctp_translate },
	[RTE_FLOW_ITEM_TYPE_ICMP] = { "icmp", L_L4, L_IPV4,
				      sizeof(struct rte_flow_item_icmp),
				      &rte_flow_item_icmp_mask, icmp_fields,
				      icmp_translate },
	[RTE_FLOW_ITEM_TYPE_ICMP6] = { "icmp6", L_L4, L_IPV6,
				       sizeof(struct rte_flow_item_icmp6),
				       &rte_flow_item_icmp6_mask, icmp6_fields,
				       icmp6_translate },
	[RTE_FLOW_ITEM_TYPE_VXLAN] = { "vxlan", L_TUNNEL, L_L4,
				       sizeof(struct rte_flow_item_vxlan),
				       &rte_flow_item_vxlan_mask, vxlan_fields,
				       vxlan_translate },
	[RTE_FLOW_ITEM_TYPE_GRE] = { "gre", L_TUNNEL, L_IP,
				     sizeof(struct rte_flow_item_gre),
				     &rte_flow_item_gre_mask, gre_fields,
				     gre_translate },
	[RTE_FLOW_ITEM_TYPE_GRE_KEY] = { "gre_key", L_TUNNEL, L_TUNNEL,
					 sizeof(rte_be32_t), &gre_key_mask,
					 gre_key_fields, gre_key_translate },
	/* Keeps the ipv6 layer: tcp/udp/icmp6 may follow. */
	[RTE_FLOW_ITEM_TYPE_IPV6_FRAG_EXT] = { "ipv6_frag_ext", L_IPV6, L_IPV6,
					       sizeof(struct rte_flow_item_ipv6_frag_ext),
					       &ipv6_frag_mask,
					       ipv6_frag_fields,
					       ipv6_frag_translate },
	[RTE_FLOW_ITEM_TYPE_NVGRE] = { "nvgre", L_TUNNEL, L_IP,
				       sizeof(struct rte_flow_item_nvgre),
				       &rte_flow_item_nvgre_mask, nvgre_fields,
				       nvgre_translate },
	[RTE_FLOW_ITEM_TYPE_GENEVE] = { "geneve", L_TUNNEL, L_L4,
					sizeof(struct rte_flow_item_geneve),
					&rte_flow_item_geneve_mask,
					geneve_fields, geneve_translate },
	[RTE_FLOW_ITEM_TYPE_VXLAN_GPE] = { "vxlan_gpe", L_TUNNEL, L_L4,
					   sizeof(struct rte_flow_item_vxlan_gpe),
					   &rte_flow_item_vxlan_gpe_mask,
					   vxlan_gpe_fields,
					   vxlan_gpe_translate },
	[RTE_FLOW_ITEM_TYPE_GTP] = { "gtp", L_TUNNEL, L_L4,
				     sizeof(struct rte_flow_item_gtp),
				     &rte_flow_item_gtp_mask, gtp_fields,
				     gtp_translate },
	/* On Ethernet, over UDP or over GRE (mpls_translate). */
	[RTE_FLOW_ITEM_TYPE_MPLS] = { "mpls", L_TUNNEL,
				      L_ETH | L_VLAN | L_L4 | L_TUNNEL,
				      sizeof(struct rte_flow_item_mpls),
				      &rte_flow_item_mpls_mask, mpls_fields,
				      mpls_translate },
	/* Registers, not headers: anywhere in the pattern (layer 0). */
	[RTE_FLOW_ITEM_TYPE_META] = { "meta", 0, 0,
				      sizeof(struct rte_flow_item_meta),
				      &rte_flow_item_meta_mask, meta_fields,
				      meta_translate },
	[RTE_FLOW_ITEM_TYPE_TAG] = { "tag", 0, 0,
				     sizeof(struct rte_flow_item_tag),
				     &rte_flow_item_tag_mask, tag_fields,
				     tag_translate },
	[RTE_FLOW_ITEM_TYPE_MARK] = { "mark", 0, 0,
				      sizeof(struct rte_flow_item_mark),
				      &rte_flow_item_mark_mask, mark_fields,
				      mark_translate },
};

static const char *
layer_name(uint32_t layer)
{
	switch (layer) {
	case L_START:
		return "the start of the pattern";
	case L_ETH:
		return "eth";
	case L_VLAN:
		return "vlan";
	case L_IPV4:
		return "ipv4";
	case L_IPV6:
		return "ipv6";
	case L_L4:
		return "an L4 item";
	default:
		return "a tunnel item";
	}
}

/* The mask must stay inside the fields the PRM can match. */
static int
item_fields_check(const struct item_row *row, const struct rte_flow_item *it,
		  const uint8_t *mask, struct rte_flow_error *error)
{
	const struct item_field *f;
	unsigned int i;

	for (f = row->fields; f->name != NULL; f++) {
		bool set = false;

		for (i = 0; i < f->len; i++)
			set |= mask[f->off + i] != 0;
		if (!set || f->refused == NULL)
			continue;
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ITEM_MASK, it,
					"item %s: field %s cannot be matched: %s",
					row->name, f->name, f->refused);
	}
	return 0;
}

int
mlx5x_flow_items_parse(struct rte_eth_dev *dev,
		       const struct rte_flow_item pattern[],
		       struct mlx5x_flow_rule *rule,
		       struct rte_flow_error *error)
{
	struct items_state st = { .dev = dev,
				  .rule = rule,
				  .last = L_START,
				  .tunnel = RTE_FLOW_ITEM_TYPE_END };
	const struct rte_flow_item *it;
	int ret;

	if (pattern == NULL)
		return rte_flow_error_set(error, EINVAL,
					  RTE_FLOW_ERROR_TYPE_ITEM_NUM, NULL,
					  "pattern is NULL");
	for (it = pattern; it->type != RTE_FLOW_ITEM_TYPE_END; it++) {
		const struct item_row *row = NULL;
		uint8_t mask[sizeof(struct rte_flow_item_ipv6) + 64];
		const void *spec = it->spec;

		if (it->type == RTE_FLOW_ITEM_TYPE_VOID)
			continue;
		if ((unsigned int)it->type < RTE_DIM(item_rows) &&
		    item_rows[it->type].name != NULL)
			row = &item_rows[it->type];
		if (row == NULL) {
			return mlx5x_flow_error(error, ENOTSUP,
						RTE_FLOW_ERROR_TYPE_ITEM, it,
						"item type %d is not supported (supported: eth, vlan, ipv4, ipv6, tcp, udp, sctp, icmp, icmp6, vxlan, gre, gre_key, nvgre, geneve, vxlan_gpe, gtp, mpls, ipv6_frag_ext, meta, tag, mark; transfer: port_id, represented_port, port_representor)",
						(int)it->type);
		}
		if (st.tunnel == RTE_FLOW_ITEM_TYPE_MPLS && !st.inner &&
		    row->layer != 0) {
			return mlx5x_flow_error(error, ENOTSUP,
						RTE_FLOW_ERROR_TYPE_ITEM, it,
						"item %s after an MPLS label on Ethernet: the adapter does not parse past that label stack (fte_match_param gets no inner headers)",
						row->name);
		}
		if (row->follows != 0 && !(row->follows & st.last)) {
			return mlx5x_flow_error(error, EINVAL,
						RTE_FLOW_ERROR_TYPE_ITEM, it,
						"item %s cannot follow %s",
						row->name, layer_name(st.last));
		}
		if (spec == NULL && (it->mask != NULL || it->last != NULL)) {
			return mlx5x_flow_error(error, EINVAL,
						RTE_FLOW_ERROR_TYPE_ITEM_SPEC,
						it,
						"item %s: mask or last without spec",
						row->name);
		}
		memset(mask, 0, sizeof(mask));
		if (spec != NULL) {
			memcpy(mask,
			       it->mask != NULL ? it->mask : row->default_mask,
			       row->size);
			ret = item_fields_check(row, it, mask, error);
			if (ret < 0)
				return ret;
			if (it->last != NULL &&
			    it->type != RTE_FLOW_ITEM_TYPE_IPV4) {
				return mlx5x_flow_error(error, ENOTSUP,
							RTE_FLOW_ERROR_TYPE_ITEM_LAST,
							it,
							"item %s: ranges (last) are not supported; only ipv4 fragment_offset takes one",
							row->name);
			}
		}
		ret = row->translate(&st, it, spec, spec != NULL ? mask : NULL,
				     error);
		if (ret < 0)
			return ret;
		if (row->layer != 0)
			st.last = row->layer;
		if (row->layer == L_TUNNEL &&
		    st.tunnel == RTE_FLOW_ITEM_TYPE_END)
			st.tunnel = it->type;
	}
	if (rule->l4 != 0 && rule->l3 == MLX5X_FLOW_L3_ANY)
		rule->l4 = 0;
	if (rule->in_l4 != 0 && rule->in_l3 == MLX5X_FLOW_L3_ANY)
		rule->in_l4 = 0;
	rule->tunnel = st.inner;
	return 0;
}
