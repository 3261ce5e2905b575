/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The flow front end as pure logic (no EAL, no adapter): rte_flow items
 * into fte_match_param mask and value, field by field as the PRM names
 * them, and the item refusals with their type, cause and message.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <rte_byteorder.h>

#include "flow/mlx5x_flow.h"
#include "test.h"

#define M(r, f) MLX5X_GET(fte_match_param, (r)->mask, f)
#define V(r, f) MLX5X_GET(fte_match_param, (r)->value, f)

static int
parse(const struct rte_flow_item *pat, struct mlx5x_flow_rule *r,
      struct rte_flow_error *err)
{
	memset(r, 0, sizeof(*r));
	memset(err, 0, sizeof(*err));
	return mlx5x_flow_items_parse(NULL, pat, r, err);
}

static int
test_flow_items_l2_l4(void)
{
	struct rte_flow_item_eth eth = {
		.dst.addr_bytes = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 },
	};
	struct rte_flow_item_eth eth_m = {
		.dst.addr_bytes = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	};
	struct rte_flow_item_vlan vlan = { .tci = RTE_BE16(0x6123) };
	struct rte_flow_item_vlan vlan_m = { .tci = RTE_BE16(0xefff) };
	struct rte_flow_item_ipv4 v4 = {
		.hdr.src_addr = RTE_BE32(0x0a000001),
		.hdr.type_of_service = 0xb9,
		.hdr.time_to_live = 9,
	};
	struct rte_flow_item_ipv4 v4_m = {
		.hdr.src_addr = RTE_BE32(0xffffff00),
		.hdr.type_of_service = 0xff,
		.hdr.time_to_live = 0xff,
	};
	struct rte_flow_item_tcp tcp = {
		.hdr.dst_port = RTE_BE16(443),
		.hdr.tcp_flags = 0x12,
	};
	struct rte_flow_item_tcp tcp_m = {
		.hdr.dst_port = RTE_BE16(0xffff),
		.hdr.tcp_flags = 0x3f,
	};
	const struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH, .spec = &eth, .mask = &eth_m },
		{ .type = RTE_FLOW_ITEM_TYPE_VLAN,
		  .spec = &vlan,
		  .mask = &vlan_m },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4, .spec = &v4, .mask = &v4_m },
		{ .type = RTE_FLOW_ITEM_TYPE_TCP, .spec = &tcp, .mask = &tcp_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct mlx5x_flow_rule r;
	struct rte_flow_error err;

	TEST_ASSERT_EQ(parse(pat, &r, &err), 0, "%s", err.message);
	TEST_ASSERT_EQ(r.criteria, MLX5X_MATCH_OUTER_HEADERS, "outer only");
	TEST_ASSERT(M(&r, outer_headers.dmac_47_16) == 0xffffffff &&
			    V(&r, outer_headers.dmac_47_16) == 0x02112233 &&
			    V(&r, outer_headers.dmac_15_0) == 0x4455,
		    "dmac");
	TEST_ASSERT(M(&r, outer_headers.smac_47_16) == 0, "smac not matched");
	TEST_ASSERT(M(&r, outer_headers.cvlan_tag) == 1 &&
			    V(&r, outer_headers.cvlan_tag) == 1,
		    "vlan item: cvlan_tag");
	TEST_ASSERT(M(&r, outer_headers.first_vid) == 0xfff &&
			    V(&r, outer_headers.first_vid) == 0x123 &&
			    M(&r, outer_headers.first_prio) == 7 &&
			    V(&r, outer_headers.first_prio) == 3 &&
			    M(&r, outer_headers.first_cfi) == 0,
		    "tci into prio/cfi/vid under its mask");
	TEST_ASSERT(M(&r, outer_headers.ethertype) == 0xffff &&
			    V(&r, outer_headers.ethertype) == 0x0800,
		    "ipv4 item: ethertype");
	TEST_ASSERT(M(&r, outer_headers.src_ipv4_src_ipv6.ipv4_layout.ipv4) ==
				    0xffffff00 &&
			    V(&r, outer_headers.src_ipv4_src_ipv6.ipv4_layout
					  .ipv4) == 0x0a000000,
		    "source prefix, value under the mask");
	TEST_ASSERT(V(&r, outer_headers.ip_dscp) == 0x2e &&
			    V(&r, outer_headers.ip_ecn) == 1 &&
			    V(&r, outer_headers.ttl_hoplimit) == 9,
		    "tos into dscp/ecn, ttl");
	TEST_ASSERT(M(&r, outer_headers.ip_protocol) == 0xff &&
			    V(&r, outer_headers.ip_protocol) == IPPROTO_TCP,
		    "tcp item: ip_protocol");
	TEST_ASSERT(V(&r, outer_headers.tcp_dport) == 443 &&
			    M(&r, outer_headers.tcp_sport) == 0,
		    "tcp ports");
	TEST_ASSERT(M(&r, outer_headers.tcp_flags) == 0x3f &&
			    V(&r, outer_headers.tcp_flags) == 0x12,
		    "tcp flags");
	TEST_ASSERT(r.l3 == MLX5X_FLOW_L3_IPV4 && r.l4 == IPPROTO_TCP,
		    "the pattern pins IPv4/TCP");
	return MLX5X_TEST_PASS;
}

static int
test_flow_items_vxlan_inner(void)
{
	struct rte_flow_item_vxlan vx = { .vni = { 0x01, 0x02, 0x03 } };
	struct rte_flow_item_ipv6 in6 = { .hdr.proto = IPPROTO_UDP };
	struct rte_flow_item_ipv6 in6_m = { .hdr.proto = 0xff };
	const struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_UDP },
		{ .type = RTE_FLOW_ITEM_TYPE_VXLAN, .spec = &vx },
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV6,
		  .spec = &in6,
		  .mask = &in6_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct mlx5x_flow_rule r;
	struct rte_flow_error err;
	const void *misc;

	TEST_ASSERT_EQ(parse(pat, &r, &err), 0, "%s", err.message);
	TEST_ASSERT_EQ(V(&r, outer_headers.udp_dport), 4789u,
		       "IANA VXLAN port implied");
	misc = MLX5X_ADDR_OF(fte_match_param, r.value, misc_parameters);
	TEST_ASSERT_EQ(MLX5X_GET(fte_match_set_misc_tun, misc, vxlan_vni),
		       0x010203u, "vni (default mask: all of it)");
	TEST_ASSERT(V(&r, inner_headers.ethertype) == 0x86dd &&
			    V(&r, inner_headers.ip_protocol) == IPPROTO_UDP,
		    "items after vxlan match the inner headers");
	TEST_ASSERT(M(&r, outer_headers.ip_protocol) == 0xff &&
			    V(&r, outer_headers.ip_protocol) == IPPROTO_UDP,
		    "outer protocol stays UDP");
	TEST_ASSERT_EQ(r.criteria,
		       MLX5X_MATCH_OUTER_HEADERS | MLX5X_MATCH_MISC_PARAMETERS |
			       MLX5X_MATCH_INNER_HEADERS,
		       "criteria");
	TEST_ASSERT(r.l3 == MLX5X_FLOW_L3_IPV4 && r.l4 == IPPROTO_UDP,
		    "RSS/specificity see the outer headers");
	return MLX5X_TEST_PASS;
}

static int
test_flow_items_refusals(void)
{
	struct rte_flow_item_ipv6 fl = { .hdr.vtc_flow = RTE_BE32(0x12345) };
	struct rte_flow_item_ipv6 fl_m = { .hdr.vtc_flow = RTE_BE32(0xfffff) };
	struct rte_flow_item_ipv4 fr = { .hdr.fragment_offset =
						 RTE_BE16(0x0010) };
	struct rte_flow_item_ipv4 fr_m = { .hdr.fragment_offset =
						   RTE_BE16(0x3fff) };
	const struct rte_flow_item p_label[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_IPV6, .spec = &fl, .mask = &fl_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item p_frag[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4, .spec = &fr, .mask = &fr_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item p_v4v6[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV6 },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item p_mask_only[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4, .mask = &fr_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item p_udp_tcp[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_UDP },
		{ .type = RTE_FLOW_ITEM_TYPE_TCP },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	/* An IP item that asks for one protocol (full mask) and an L4 item
	 * of another contradict each other: no frame can match. */
	struct rte_flow_item_ipv4 tcp4 = { .hdr.next_proto_id = 6 };
	struct rte_flow_item_ipv4 tcp4_m = { .hdr.next_proto_id = 0xff };
	struct rte_flow_item_ipv6 udp6 = { .hdr.proto = 17 };
	struct rte_flow_item_ipv6 udp6_m = { .hdr.proto = 0xff };
	const struct rte_flow_item p_tcp4_udp[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4,
		  .spec = &tcp4,
		  .mask = &tcp4_m },
		{ .type = RTE_FLOW_ITEM_TYPE_UDP },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item p_udp6_tcp[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_IPV6,
		  .spec = &udp6,
		  .mask = &udp6_m },
		{ .type = RTE_FLOW_ITEM_TYPE_TCP },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct {
		const struct rte_flow_item *pat;
		const struct rte_flow_item *cause;
		enum rte_flow_error_type type;
		const char *msg;
	} cases[] = {
		{ p_label, &p_label[0], RTE_FLOW_ERROR_TYPE_ITEM,
		  "flow label" },
		{ p_frag, &p_frag[0], RTE_FLOW_ERROR_TYPE_ITEM,
		  "fragment_offset" },
		{ p_v4v6, &p_v4v6[1], RTE_FLOW_ERROR_TYPE_ITEM,
		  "ipv6 cannot follow ipv4" },
		{ p_mask_only, &p_mask_only[0], RTE_FLOW_ERROR_TYPE_ITEM_SPEC,
		  "mask or last without spec" },
		{ p_udp_tcp, &p_udp_tcp[2], RTE_FLOW_ERROR_TYPE_ITEM,
		  "tcp cannot follow an L4 item" },
		{ p_tcp4_udp, &p_tcp4_udp[1], RTE_FLOW_ERROR_TYPE_ITEM,
		  "asks for protocol 6" },
		{ p_udp6_tcp, &p_udp6_tcp[1], RTE_FLOW_ERROR_TYPE_ITEM,
		  "asks for protocol 17" },
	};
	struct mlx5x_flow_rule r;
	struct rte_flow_error err;
	unsigned int i;

	for (i = 0; i < RTE_DIM(cases); i++) {
		TEST_ASSERT(parse(cases[i].pat, &r, &err) < 0,
			    "case %u refused", i);
		TEST_ASSERT_EQ(err.type, cases[i].type, "case %u type", i);
		TEST_ASSERT(err.cause == cases[i].cause, "case %u cause", i);
		TEST_ASSERT(err.message != NULL &&
				    strstr(err.message, cases[i].msg) != NULL,
			    "case %u: '%s' in '%s'", i, cases[i].msg,
			    err.message ? err.message : "");
	}
	return MLX5X_TEST_PASS;
}

/*
 * Every byte of an item's header, masked alone: a field fte_match_param
 * has no room for is refused naming that field (ITEM_MASK), one it can
 * match is accepted. Offsets and sizes come from DPDK's item structures,
 * not from the driver's tables.
 */
#define FB(item, f, ok)                                                        \
	{                                                                      \
#f, offsetof(struct rte_flow_item_##item, f),                  \
			sizeof(((struct rte_flow_item_##item *)0)->f), ok      \
	}
struct field_bytes {
	const char *name;
	size_t off, len;
	bool ok; /* matched (accepted), else refused */
};

static const struct field_bytes tcp_bytes[] = {
	FB(tcp, hdr.src_port, true),  FB(tcp, hdr.dst_port, true),
	FB(tcp, hdr.sent_seq, false), FB(tcp, hdr.recv_ack, false),
	FB(tcp, hdr.data_off, false), FB(tcp, hdr.tcp_flags, true),
	FB(tcp, hdr.rx_win, false),   FB(tcp, hdr.cksum, false),
	FB(tcp, hdr.tcp_urp, false),  { NULL, 0, 0, false },
};
static const struct field_bytes udp_bytes[] = {
	FB(udp, hdr.src_port, true),   FB(udp, hdr.dst_port, true),
	FB(udp, hdr.dgram_len, false), FB(udp, hdr.dgram_cksum, false),
	{ NULL, 0, 0, false },
};
static const struct field_bytes sctp_bytes[] = {
	FB(sctp, hdr.src_port, false), FB(sctp, hdr.dst_port, false),
	FB(sctp, hdr.tag, false),      FB(sctp, hdr.cksum, false),
	{ NULL, 0, 0, false },
};
static const struct field_bytes ipv4_bytes[] = {
	FB(ipv4, hdr.version_ihl, false),  FB(ipv4, hdr.type_of_service, true),
	FB(ipv4, hdr.total_length, false), FB(ipv4, hdr.packet_id, false),
	FB(ipv4, hdr.time_to_live, true),  FB(ipv4, hdr.next_proto_id, true),
	FB(ipv4, hdr.hdr_checksum, false), FB(ipv4, hdr.src_addr, true),
	FB(ipv4, hdr.dst_addr, true),	   { NULL, 0, 0, false },
};
static const struct field_bytes ipv6_bytes[] = {
	FB(ipv6, hdr.payload_len, false), FB(ipv6, hdr.proto, true),
	FB(ipv6, hdr.hop_limits, true),	  FB(ipv6, hdr.src_addr, true),
	FB(ipv6, hdr.dst_addr, true),	  { NULL, 0, 0, false },
};
static const struct field_bytes vxlan_bytes[] = {
	FB(vxlan, flags, false), FB(vxlan, rsvd0, false), FB(vxlan, vni, true),
	FB(vxlan, rsvd1, false), { NULL, 0, 0, false },
};

static int
field_bytes_check(const char *what, struct rte_flow_item *pat, size_t at,
		  const struct field_bytes *fb, size_t item_size)
{
	static uint8_t spec[64], mask[64];
	struct mlx5x_flow_rule r;
	struct rte_flow_error err;
	char want[64];
	size_t i;
	int ret;

	pat[at].spec = spec;
	pat[at].mask = mask;
	for (; fb->name != NULL; fb++)
		for (i = fb->off; i < fb->off + fb->len; i++) {
			TEST_ASSERT(i < item_size, "%s %s inside the item",
				    what, fb->name);
			memset(spec, 0, sizeof(spec));
			memset(mask, 0, sizeof(mask));
			mask[i] = 0xff;
			ret = parse(pat, &r, &err);
			if (fb->ok) {
				TEST_ASSERT_EQ(ret, 0,
					       "%s: byte %zu (%s) alone is "
					       "matched: %s",
					       what, i, fb->name,
					       err.message ? err.message : "");
				continue;
			}
			snprintf(want, sizeof(want), "field %s ", fb->name);
			TEST_ASSERT(ret < 0, "%s: byte %zu (%s) refused", what,
				    i, fb->name);
			TEST_ASSERT_EQ(err.type, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
				       "%s: byte %zu error type", what, i);
			TEST_ASSERT(err.cause == &pat[at], "%s: cause", what);
			TEST_ASSERT(err.message != NULL &&
					    strstr(err.message, want) != NULL,
				    "%s: byte %zu: '%s' in '%s'", what, i, want,
				    err.message ? err.message : "");
		}
	return MLX5X_TEST_PASS;
}

static int
test_flow_items_field_bytes(void)
{
	struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_TCP },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	int ret;

	ret = field_bytes_check("tcp", pat, 2, tcp_bytes,
				sizeof(struct rte_flow_item_tcp));
	if (ret != MLX5X_TEST_PASS)
		return ret;
	pat[2].type = RTE_FLOW_ITEM_TYPE_UDP;
	ret = field_bytes_check("udp", pat, 2, udp_bytes,
				sizeof(struct rte_flow_item_udp));
	if (ret != MLX5X_TEST_PASS)
		return ret;
	pat[2].type = RTE_FLOW_ITEM_TYPE_SCTP;
	ret = field_bytes_check("sctp", pat, 2, sctp_bytes,
				sizeof(struct rte_flow_item_sctp));
	if (ret != MLX5X_TEST_PASS)
		return ret;
	pat[2].type = RTE_FLOW_ITEM_TYPE_END;
	ret = field_bytes_check("ipv4", pat, 1, ipv4_bytes,
				sizeof(struct rte_flow_item_ipv4));
	if (ret != MLX5X_TEST_PASS)
		return ret;
	pat[1].type = RTE_FLOW_ITEM_TYPE_IPV6;
	ret = field_bytes_check("ipv6", pat, 1, ipv6_bytes,
				sizeof(struct rte_flow_item_ipv6));
	if (ret != MLX5X_TEST_PASS)
		return ret;
	pat[1] = (struct rte_flow_item){ .type = RTE_FLOW_ITEM_TYPE_IPV4 };
	pat[2] = (struct rte_flow_item){ .type = RTE_FLOW_ITEM_TYPE_UDP };
	pat[3].type = RTE_FLOW_ITEM_TYPE_VXLAN;
	return field_bytes_check("vxlan", pat, 3, vxlan_bytes,
				 sizeof(struct rte_flow_item_vxlan));
}

/* PRM fte_match_mpls of misc_parameters_2 (where: outer_first_mpls, ...). */
#define MPLS2(r, part, where)                                                  \
	MLX5X_GET(fte_match_set_misc2_mpls,                                    \
		  MLX5X_ADDR_OF(fte_match_param, (r)->part,                    \
				misc_parameters_2),                            \
		  where.mpls_label)
#define MPLS2F(r, part, where, f)                                              \
	MLX5X_GET(fte_match_set_misc2_mpls,                                    \
		  MLX5X_ADDR_OF(fte_match_param, (r)->part,                    \
				misc_parameters_2),                            \
		  where.f)

/* MPLS: the first label on Ethernet, over UDP (6635) and over GRE
 * (0x8847), each into its own PRM entry; what may and may not surround
 * it. */
static int
test_flow_items_mpls(void)
{
	/* Label 0x12345, TC 5, bottom of stack, TTL 64. */
	struct rte_flow_item_mpls l = { .label_tc_s = { 0x12, 0x34, 0x5b },
					.ttl = 64 };
	struct rte_flow_item_mpls l_m = { .label_tc_s = { 0xff, 0xff, 0xff },
					  .ttl = 0 };
	struct rte_flow_item_ipv4 in = { .hdr.dst_addr = RTE_BE32(0x0a090909) };
	struct rte_flow_item_ipv4 in_m = { .hdr.dst_addr =
						   RTE_BE32(UINT32_MAX) };
	struct rte_flow_item_gre g6 = { .protocol = RTE_BE16(0x86dd) };
	struct rte_flow_item_gre g_m = { .protocol = RTE_BE16(0xffff) };
	struct rte_flow_item_eth e4 = { .type = RTE_BE16(0x0800) };
	struct rte_flow_item_eth e_m = { .type = RTE_BE16(0xffff) };
	const struct rte_flow_item p_eth[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_MPLS, .spec = &l, .mask = &l_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item p_udp[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_UDP },
		{ .type = RTE_FLOW_ITEM_TYPE_MPLS, .spec = &l },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4, .spec = &in, .mask = &in_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item p_gre[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV6 },
		{ .type = RTE_FLOW_ITEM_TYPE_GRE },
		{ .type = RTE_FLOW_ITEM_TYPE_MPLS, .spec = &l, .mask = &l_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item p_after_eth[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_MPLS },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item p_gre6[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_GRE, .spec = &g6, .mask = &g_m },
		{ .type = RTE_FLOW_ITEM_TYPE_MPLS },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item p_vxlan[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_UDP },
		{ .type = RTE_FLOW_ITEM_TYPE_VXLAN },
		{ .type = RTE_FLOW_ITEM_TYPE_MPLS },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item p_ethtype[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH, .spec = &e4, .mask = &e_m },
		{ .type = RTE_FLOW_ITEM_TYPE_MPLS },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item p_two[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_UDP },
		{ .type = RTE_FLOW_ITEM_TYPE_MPLS },
		{ .type = RTE_FLOW_ITEM_TYPE_MPLS },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct {
		const struct rte_flow_item *pat, *cause;
		const char *msg;
	} refused[] = {
		{ p_after_eth, &p_after_eth[2], "does not parse past" },
		{ p_gre6, &p_gre6[2], "protocol 0x86dd" },
		{ p_vxlan, &p_vxlan[3], "must follow eth, vlan, udp or gre" },
		{ p_ethtype, &p_ethtype[1], "contradicts MPLS" },
		{ p_two, &p_two[3], "must follow eth, vlan, udp or gre" },
	};
	const void *misc;
	struct mlx5x_flow_rule r;
	struct rte_flow_error err;
	unsigned int i;

	TEST_ASSERT_EQ(parse(p_eth, &r, &err), 0, "%s", err.message);
	TEST_ASSERT(M(&r, outer_headers.ethertype) == 0xffff &&
			    V(&r, outer_headers.ethertype) == 0x8847,
		    "on Ethernet: ethertype 0x8847");
	TEST_ASSERT(MPLS2(&r, mask, outer_first_mpls) == 0xfffff &&
			    MPLS2(&r, value, outer_first_mpls) == 0x12345,
		    "label into outer_first_mpls");
	TEST_ASSERT(MPLS2F(&r, value, outer_first_mpls, mpls_exp) == 5 &&
			    MPLS2F(&r, value, outer_first_mpls, mpls_s_bos) ==
				    1 &&
			    MPLS2F(&r, mask, outer_first_mpls, mpls_ttl) == 0 &&
			    MPLS2F(&r, value, outer_first_mpls, mpls_ttl) == 0,
		    "tc into exp, s into s_bos, ttl unmasked");
	TEST_ASSERT(MPLS2(&r, mask, outer_first_mpls_over_udp) == 0 &&
			    MPLS2(&r, mask, outer_first_mpls_over_gre) == 0,
		    "only the Ethernet entry");
	TEST_ASSERT_EQ(r.criteria,
		       MLX5X_MATCH_OUTER_HEADERS |
			       MLX5X_MATCH_MISC_PARAMETERS_2,
		       "criteria: outer + misc 2");

	TEST_ASSERT_EQ(parse(p_udp, &r, &err), 0, "%s", err.message);
	TEST_ASSERT(V(&r, outer_headers.udp_dport) == 6635 &&
			    M(&r, outer_headers.udp_dport) == 0xffff,
		    "over UDP: RFC 7510 port 6635 implied");
	TEST_ASSERT(MPLS2(&r, mask, outer_first_mpls_over_udp) == 0xfffff &&
			    MPLS2(&r, value, outer_first_mpls_over_udp) ==
				    0x12345 &&
			    MPLS2F(&r, mask, outer_first_mpls_over_udp,
				   mpls_exp) == 0,
		    "default mask: the label only");
	TEST_ASSERT(M(&r, inner_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4) ==
				    UINT32_MAX &&
			    V(&r, inner_headers.dst_ipv4_dst_ipv6.ipv4_layout
					  .ipv4) == 0x0a090909,
		    "the IP packet after the stack is the inner header");
	TEST_ASSERT(M(&r, outer_headers.ethertype) == 0xffff &&
			    V(&r, outer_headers.ethertype) == 0x0800,
		    "outer stays IPv4");

	TEST_ASSERT_EQ(parse(p_gre, &r, &err), 0, "%s", err.message);
	misc = MLX5X_ADDR_OF(fte_match_param, r.value, misc_parameters);
	TEST_ASSERT_EQ(MLX5X_GET(fte_match_set_misc_tun, misc, gre_protocol),
		       0x8847u, "over GRE: GRE protocol 0x8847");
	TEST_ASSERT(MPLS2(&r, value, outer_first_mpls_over_gre) == 0x12345 &&
			    MPLS2(&r, mask, outer_first_mpls) == 0,
		    "label into outer_first_mpls_over_gre");
	TEST_ASSERT(r.criteria & MLX5X_MATCH_MISC_PARAMETERS_2, "misc 2");

	for (i = 0; i < RTE_DIM(refused); i++) {
		TEST_ASSERT(parse(refused[i].pat, &r, &err) < 0,
			    "mpls case %u refused", i);
		TEST_ASSERT(err.cause == refused[i].cause, "mpls case %u cause",
			    i);
		TEST_ASSERT(err.message != NULL &&
				    strstr(err.message, refused[i].msg) != NULL,
			    "mpls case %u: '%s' in '%s'", i, refused[i].msg,
			    err.message ? err.message : "");
	}
	return MLX5X_TEST_PASS;
}

/* IPv6 traffic class (vtc_flow bits 20..27) into the PRM's ip_dscp (its
 * top 6 bits) and ip_ecn (its low 2), each under its own part of the
 * item's mask: here ECN only, then DSCP only, then both. */
static int
test_flow_items_ipv6_traffic_class(void)
{
	/* DSCP 46 (0x2e), ECN 1: traffic class 0xb9. */
	struct rte_flow_item_ipv6 tc = { .hdr.vtc_flow = RTE_BE32(0x6b900000) };
	static const uint32_t masks[] = { 0x00300000, 0x0fc00000, 0x0ff00000 };
	static const uint32_t ecn_m[] = { 3, 0, 3 },
			      dscp_m[] = { 0, 0x3f, 0x3f };
	struct rte_flow_item_ipv6 tc_m;
	const struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_IPV6, .spec = &tc, .mask = &tc_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct mlx5x_flow_rule r;
	struct rte_flow_error err;
	unsigned int i;

	for (i = 0; i < RTE_DIM(masks); i++) {
		memset(&tc_m, 0, sizeof(tc_m));
		tc_m.hdr.vtc_flow = rte_cpu_to_be_32(masks[i]);
		TEST_ASSERT_EQ(parse(pat, &r, &err), 0, "mask 0x%08x: %s",
			       masks[i], err.message);
		TEST_ASSERT_EQ(M(&r, outer_headers.ip_ecn), ecn_m[i],
			       "mask 0x%08x: ip_ecn mask", masks[i]);
		TEST_ASSERT_EQ(V(&r, outer_headers.ip_ecn), ecn_m[i] & 1,
			       "mask 0x%08x: ip_ecn value", masks[i]);
		TEST_ASSERT_EQ(M(&r, outer_headers.ip_dscp), dscp_m[i],
			       "mask 0x%08x: ip_dscp mask", masks[i]);
		TEST_ASSERT_EQ(V(&r, outer_headers.ip_dscp), dscp_m[i] & 0x2e,
			       "mask 0x%08x: ip_dscp value", masks[i]);
		TEST_ASSERT(M(&r, outer_headers.ethertype) == 0xffff &&
				    V(&r, outer_headers.ethertype) == 0x86dd,
			    "mask 0x%08x: ipv6 item: ethertype", masks[i]);
	}
	return MLX5X_TEST_PASS;
}

/* ICMP: the identifier and sequence number are the PRM's
 * icmp_header_data (the header's second word), matched under the item's
 * mask whichever of the two carries it: here the sequence number alone,
 * and only its bit 8. */
static int
test_flow_items_icmp_header_data(void)
{
	struct rte_flow_item_icmp ic = {
		.hdr.icmp_type = 8,
		.hdr.icmp_seq_nb = RTE_BE16(0x0300),
	};
	struct rte_flow_item_icmp ic_m = {
		.hdr.icmp_type = 0xff,
		.hdr.icmp_seq_nb = RTE_BE16(0x0100),
	};
	const struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_ICMP, .spec = &ic, .mask = &ic_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct mlx5x_flow_rule r;
	struct rte_flow_error err;

	TEST_ASSERT_EQ(parse(pat, &r, &err), 0, "%s", err.message);
	TEST_ASSERT(r.criteria & MLX5X_MATCH_MISC_PARAMETERS_3, "misc3");
	TEST_ASSERT_EQ(MLX5X_GET(fte_match_param_misc3, r.mask,
				 misc_parameters_3.icmp_type),
		       0xffu, "icmp_type mask");
	TEST_ASSERT_EQ(MLX5X_GET(fte_match_param_misc3, r.value,
				 misc_parameters_3.icmp_type),
		       8u, "icmp_type");
	TEST_ASSERT_EQ(MLX5X_GET(fte_match_param_misc3, r.mask,
				 misc_parameters_3.icmp_header_data),
		       0x00000100u, "icmp_header_data mask: sequence bit 8");
	TEST_ASSERT_EQ(MLX5X_GET(fte_match_param_misc3, r.value,
				 misc_parameters_3.icmp_header_data),
		       0x00000100u, "icmp_header_data value under it");
	return MLX5X_TEST_PASS;
}

/* The ether type an eth item (or a vlan item's inner_type) names pins the
 * pattern's L3 only under a full mask: an IP item after it must agree,
 * RSS and header rewrites see IPv4 or IPv6; a partial mask matches its
 * bits and pins nothing. The item's has_vlan asks for a tagged or an
 * untagged frame. */
static int
test_flow_items_ethertype_masks(void)
{
	struct rte_flow_item_eth e6 = { .type = RTE_BE16(0x86dd) };
	struct rte_flow_item_eth e4 = { .type = RTE_BE16(0x0800) };
	struct rte_flow_item_eth arp = { .type = RTE_BE16(0x0806) };
	struct rte_flow_item_eth e_full = { .type = RTE_BE16(0xffff) };
	struct rte_flow_item_eth e_part = { .type = RTE_BE16(0xff00) };
	struct rte_flow_item_vlan v6 = { .inner_type = RTE_BE16(0x86dd) };
	struct rte_flow_item_vlan v4 = { .inner_type = RTE_BE16(0x0800) };
	struct rte_flow_item_vlan v_full = { .inner_type = RTE_BE16(0xffff) };
	struct rte_flow_item_vlan v_part = { .inner_type = RTE_BE16(0xff00) };
	struct rte_flow_item_eth tagged = { .has_vlan = 1 };
	struct rte_flow_item_eth untagged = { .has_vlan = 0 };
	struct rte_flow_item_eth hv_m = { .has_vlan = 1 };
	struct rte_flow_item pat[4];
	struct mlx5x_flow_rule r;
	struct rte_flow_error err;

	/* eth type IPv6 under a full mask, then an ipv4 item. */
	pat[0] = (struct rte_flow_item){ .type = RTE_FLOW_ITEM_TYPE_ETH,
					 .spec = &e6,
					 .mask = &e_full };
	pat[1] = (struct rte_flow_item){ .type = RTE_FLOW_ITEM_TYPE_IPV4 };
	pat[2] = (struct rte_flow_item){ .type = RTE_FLOW_ITEM_TYPE_END };
	TEST_ASSERT(parse(pat, &r, &err) < 0, "eth 0x86dd then ipv4 refused");
	TEST_ASSERT(err.cause == &pat[1] && err.message != NULL &&
			    strstr(err.message, "contradicts") != NULL,
		    "the ipv4 item, named: '%s'",
		    err.message ? err.message : "");
	/* The same type under a partial mask pins nothing. */
	pat[0].mask = &e_part;
	TEST_ASSERT_EQ(parse(pat, &r, &err), 0, "partial type mask: %s",
		       err.message);
	/* Alone, a fully masked type is the rule's L3. */
	pat[1].type = RTE_FLOW_ITEM_TYPE_END;
	pat[0].mask = &e_full;
	TEST_ASSERT_EQ(parse(pat, &r, &err), 0, "%s", err.message);
	TEST_ASSERT(r.l3 == MLX5X_FLOW_L3_IPV6 &&
			    M(&r, outer_headers.ethertype) == 0xffff &&
			    V(&r, outer_headers.ethertype) == 0x86dd,
		    "eth 0x86dd: IPv6 (l3 %u)", r.l3);
	pat[0].spec = &e4;
	TEST_ASSERT_EQ(parse(pat, &r, &err), 0, "%s", err.message);
	TEST_ASSERT(r.l3 == MLX5X_FLOW_L3_IPV4, "eth 0x0800: IPv4 (l3 %u)",
		    r.l3);
	pat[0].spec = &arp;
	TEST_ASSERT_EQ(parse(pat, &r, &err), 0, "%s", err.message);
	TEST_ASSERT(r.l3 == MLX5X_FLOW_L3_ANY &&
			    M(&r, outer_headers.ethertype) == 0xffff &&
			    V(&r, outer_headers.ethertype) == 0x0806,
		    "eth 0x0806: matched, no IP (l3 %u)", r.l3);
	pat[0].spec = &e4;
	pat[0].mask = &e_part;
	TEST_ASSERT_EQ(parse(pat, &r, &err), 0, "%s", err.message);
	TEST_ASSERT(r.l3 == MLX5X_FLOW_L3_ANY &&
			    M(&r, outer_headers.ethertype) == 0xff00 &&
			    V(&r, outer_headers.ethertype) == 0x0800,
		    "eth 0x08xx: its bits, no L3 (l3 %u)", r.l3);

	/* The vlan item's inner_type, the same way. */
	pat[0] = (struct rte_flow_item){ .type = RTE_FLOW_ITEM_TYPE_ETH };
	pat[1] = (struct rte_flow_item){ .type = RTE_FLOW_ITEM_TYPE_VLAN,
					 .spec = &v6,
					 .mask = &v_full };
	pat[2] = (struct rte_flow_item){ .type = RTE_FLOW_ITEM_TYPE_IPV4 };
	pat[3] = (struct rte_flow_item){ .type = RTE_FLOW_ITEM_TYPE_END };
	TEST_ASSERT(parse(pat, &r, &err) < 0,
		    "vlan inner_type 0x86dd then ipv4 refused");
	TEST_ASSERT(err.cause == &pat[2] && err.message != NULL &&
			    strstr(err.message, "contradicts") != NULL,
		    "the ipv4 item, named: '%s'",
		    err.message ? err.message : "");
	pat[1].spec = &v4;
	pat[1].mask = &v_part;
	pat[2].type = RTE_FLOW_ITEM_TYPE_IPV6;
	TEST_ASSERT_EQ(parse(pat, &r, &err), 0,
		       "partial inner_type mask, then ipv6: %s", err.message);
	pat[2].type = RTE_FLOW_ITEM_TYPE_END;
	pat[1].mask = &v_full;
	TEST_ASSERT_EQ(parse(pat, &r, &err), 0, "%s", err.message);
	TEST_ASSERT(r.l3 == MLX5X_FLOW_L3_IPV4 &&
			    M(&r, outer_headers.ethertype) == 0xffff &&
			    V(&r, outer_headers.ethertype) == 0x0800,
		    "vlan inner_type 0x0800: IPv4 (l3 %u)", r.l3);
	pat[1].mask = &v_part;
	TEST_ASSERT_EQ(parse(pat, &r, &err), 0, "%s", err.message);
	TEST_ASSERT(r.l3 == MLX5X_FLOW_L3_ANY &&
			    M(&r, outer_headers.ethertype) == 0xff00,
		    "vlan inner_type 0x08xx: no L3 (l3 %u)", r.l3);

	/* has_vlan: tagged, then untagged, frames. */
	pat[0] = (struct rte_flow_item){ .type = RTE_FLOW_ITEM_TYPE_ETH,
					 .spec = &tagged,
					 .mask = &hv_m };
	pat[1] = (struct rte_flow_item){ .type = RTE_FLOW_ITEM_TYPE_END };
	TEST_ASSERT_EQ(parse(pat, &r, &err), 0, "%s", err.message);
	TEST_ASSERT(M(&r, outer_headers.cvlan_tag) == 1 &&
			    V(&r, outer_headers.cvlan_tag) == 1,
		    "has_vlan 1: cvlan_tag 1");
	pat[0].spec = &untagged;
	TEST_ASSERT_EQ(parse(pat, &r, &err), 0, "%s", err.message);
	TEST_ASSERT(M(&r, outer_headers.cvlan_tag) == 1 &&
			    V(&r, outer_headers.cvlan_tag) == 0,
		    "has_vlan 0: cvlan_tag 0 under its mask");
	return MLX5X_TEST_PASS;
}

/* NVGRE (RFC 7637) fixes the GRE flags, version and protocol: every byte
 * of those two fields, masked alone, is refused naming it; the TNI and
 * flow id bytes are matched. */
static const struct field_bytes nvgre_bytes[] = {
	FB(nvgre, c_k_s_rsvd0_ver, false),
	FB(nvgre, protocol, false),
	FB(nvgre, tni, true),
	FB(nvgre, flow_id, true),
	{ NULL, 0, 0, false },
};

static int
test_flow_items_field_bytes_nvgre(void)
{
	struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_NVGRE },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};

	return field_bytes_check("nvgre", pat, 2, nvgre_bytes,
				 sizeof(struct rte_flow_item_nvgre));
}

/* IPv6 addresses: every one of the 16 bytes of the source and of the
 * destination, in network order, into the PRM's address fields under its
 * own mask byte, outer, then inner after a VXLAN header. */
static int
test_flow_items_ipv6_addresses(void)
{
	struct rte_flow_item_ipv6 a, a_m;
	struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV6, .spec = &a, .mask = &a_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct mlx5x_flow_rule r;
	struct rte_flow_error err;
	const uint8_t *sm, *sv, *dm, *dv;
	unsigned int i, inner;

	memset(&a, 0, sizeof(a));
	memset(&a_m, 0, sizeof(a_m));
	for (i = 0; i < 16; i++) {
		a.hdr.src_addr[i] = (uint8_t)(0x11 * (i + 1));
		a.hdr.dst_addr[i] = (uint8_t)(0xf0 - i);
		/* Every source byte, every other destination byte. */
		a_m.hdr.src_addr[i] = 0xff;
		a_m.hdr.dst_addr[i] = (i & 1) ? 0 : 0x7f;
	}
	for (inner = 0; inner < 2; inner++) {
		if (inner) {
			pat[1] = (struct rte_flow_item){
				.type = RTE_FLOW_ITEM_TYPE_IPV4
			};
			pat[2] = (struct rte_flow_item){
				.type = RTE_FLOW_ITEM_TYPE_UDP
			};
			pat[3] = (struct rte_flow_item){
				.type = RTE_FLOW_ITEM_TYPE_VXLAN
			};
			pat[4] = (struct rte_flow_item){
				.type = RTE_FLOW_ITEM_TYPE_ETH
			};
			pat[5] = (struct rte_flow_item){
				.type = RTE_FLOW_ITEM_TYPE_IPV6,
				.spec = &a,
				.mask = &a_m
			};
		}
		TEST_ASSERT_EQ(parse(pat, &r, &err), 0, "%s", err.message);
		if (inner) {
			sm = MLX5X_ADDR_OF(fte_match_param, r.mask,
					   inner_headers.src_ipv4_src_ipv6);
			sv = MLX5X_ADDR_OF(fte_match_param, r.value,
					   inner_headers.src_ipv4_src_ipv6);
			dm = MLX5X_ADDR_OF(fte_match_param, r.mask,
					   inner_headers.dst_ipv4_dst_ipv6);
			dv = MLX5X_ADDR_OF(fte_match_param, r.value,
					   inner_headers.dst_ipv4_dst_ipv6);
		} else {
			sm = MLX5X_ADDR_OF(fte_match_param, r.mask,
					   outer_headers.src_ipv4_src_ipv6);
			sv = MLX5X_ADDR_OF(fte_match_param, r.value,
					   outer_headers.src_ipv4_src_ipv6);
			dm = MLX5X_ADDR_OF(fte_match_param, r.mask,
					   outer_headers.dst_ipv4_dst_ipv6);
			dv = MLX5X_ADDR_OF(fte_match_param, r.value,
					   outer_headers.dst_ipv4_dst_ipv6);
		}
		for (i = 0; i < 16; i++) {
			TEST_ASSERT(sm[i] == 0xff && sv[i] == a.hdr.src_addr[i],
				    "%s source byte %u: mask 0x%02x value 0x%02x",
				    inner ? "inner" : "outer", i, sm[i], sv[i]);
			TEST_ASSERT(dm[i] == a_m.hdr.dst_addr[i] &&
					    dv[i] == (a.hdr.dst_addr[i] &
						      a_m.hdr.dst_addr[i]),
				    "%s destination byte %u: mask 0x%02x value "
				    "0x%02x",
				    inner ? "inner" : "outer", i, dm[i], dv[i]);
		}
	}
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(flow_items_suite, "flow_items", "unit", NULL, NULL,
		 MLX5X_TEST_CASE(test_flow_items_field_bytes),
		 MLX5X_TEST_CASE(test_flow_items_l2_l4),
		 MLX5X_TEST_CASE(test_flow_items_vxlan_inner),
		 MLX5X_TEST_CASE(test_flow_items_refusals),
		 MLX5X_TEST_CASE(test_flow_items_mpls),
		 MLX5X_TEST_CASE(test_flow_items_ipv6_traffic_class),
		 MLX5X_TEST_CASE(test_flow_items_icmp_header_data),
		 MLX5X_TEST_CASE(test_flow_items_ethertype_masks),
		 MLX5X_TEST_CASE(test_flow_items_field_bytes_nvgre),
		 MLX5X_TEST_CASE(test_flow_items_ipv6_addresses))
