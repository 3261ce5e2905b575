/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tunnel and flex parser items through the public API on the emulated
 * adapter (DR backend): ICMP and ICMPv6 type/code (misc_parameters_3, the
 * flex parser), GRE with its C/K/S bits and protocol, gre_key, the items
 * after a GRE item matching the inner packet, and the IPv6 fragment
 * header; frames that hit and frames that miss, and the refusal naming the
 * flex parser bit an adapter without it (ConnectX-4) lacks.
 */
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"

#define NB_Q 4
#define Q_NONE (-1)

static uint16_t pf = UINT16_MAX;
static struct rte_ether_addr pf_mac;

/* A frame as the tests describe it. */
struct tf {
	int ipv;	     /* 4 or 6 */
	uint8_t proto;	     /* IP protocol (or the fragment's upper one) */
	bool frag6;	     /* an IPv6 fragment header first */
	uint8_t type, code;  /* ICMP / ICMPv6 */
	uint16_t ident, seq; /* ICMP echo */
	uint16_t gre_flags;  /* C/K/S bits of the GRE header */
	uint16_t gre_proto;  /* GRE protocol, 0: 0x0800 */
	uint32_t key;	     /* GRE key (when K) */
	uint32_t inner_dst;  /* inner IPv4 destination */
	uint16_t dport;	     /* UDP destination port, 0: 2000 */
	uint8_t udp_data[8]; /* the first 8 bytes of the UDP payload */
};

static void
wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
wr32(uint8_t *p, uint32_t v)
{
	wr16(p, (uint16_t)(v >> 16));
	wr16(p + 2, (uint16_t)v);
}

static uint16_t
tf_build(uint8_t *b, const struct tf *f)
{
	static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0, 0x44 };
	const uint16_t len = 128;
	uint8_t *l3 = b + 14, *l4;

	memset(b, 0, len);
	memcpy(b, pf_mac.addr_bytes, 6);
	memcpy(b + 6, peer, 6);
	if (f->ipv == 4) {
		wr16(b + 12, 0x0800);
		l3[0] = 0x45;
		wr16(l3 + 2, len - 14);
		l3[8] = 64;
		l3[9] = f->proto;
		wr32(l3 + 12, 0x0a000001);
		wr32(l3 + 16, 0x0a000002);
		l4 = l3 + 20;
	} else {
		wr16(b + 12, 0x86dd);
		l3[0] = 0x60;
		wr16(l3 + 4, len - 14 - 40);
		l3[6] = f->frag6 ? 44 : f->proto;
		l3[7] = 64;
		l3[23] = 1;
		l3[39] = 2;
		l4 = l3 + 40;
		if (f->frag6) {
			l4[0] = f->proto;
			wr16(l4 + 2, 0x0001); /* offset 0, more fragments */
			wr32(l4 + 4, 0x1234);
			l4 += 8;
		}
	}
	if (f->proto == IPPROTO_ICMP || f->proto == IPPROTO_ICMPV6) {
		l4[0] = f->type;
		l4[1] = f->code;
		wr16(l4 + 4, f->ident);
		wr16(l4 + 6, f->seq);
	} else if (f->proto == IPPROTO_GRE) {
		uint8_t *o = l4 + 4, *in;

		wr16(l4, f->gre_flags);
		wr16(l4 + 2, f->gre_proto ? f->gre_proto : 0x0800);
		if (f->gre_flags & 0x8000)
			o += 4; /* checksum + reserved */
		if (f->gre_flags & 0x2000) {
			wr32(o, f->key);
			o += 4;
		}
		if (f->gre_flags & 0x1000)
			o += 4; /* sequence number */
		in = o;
		in[0] = 0x45;
		wr16(in + 2, 40);
		in[8] = 64;
		in[9] = IPPROTO_UDP;
		wr32(in + 12, 0xc0a80001);
		wr32(in + 16, f->inner_dst);
	} else if (f->proto == IPPROTO_UDP) {
		wr16(l4, 1000);
		wr16(l4 + 2, f->dport ? f->dport : 2000);
		wr16(l4 + 4, (uint16_t)(len - (l4 - b)));
		memcpy(l4 + 8, f->udp_data, sizeof(f->udp_data));
	}
	return len;
}

static int
tf_send(const struct tf *f)
{
	uint8_t buf[256];

	return e2e_wire_queue(pf, NB_Q, buf, tf_build(buf, f), NULL);
}

static int
tun_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
tun_teardown(void)
{
	e2e_detach();
	pf = UINT16_MAX;
}

static int
pf_up(const char *config)
{
	if ((config != NULL ? e2e_attach_config(config, NULL)
			    : e2e_attach(NULL)) != 0)
		return -1;
	pf = e2e_port_by_name(E2E_PCI);
	if (pf == UINT16_MAX)
		return -1;
	rte_eth_macaddr_get(pf, &pf_mac);
	return e2e_port_start(pf, NB_Q, NULL);
}

static struct rte_flow *
rule_queue(const struct rte_flow_item *pat, uint16_t q,
	   struct rte_flow_error *err)
{
	return e2e_rule_queue(pf, NULL, pat, q, err);
}

static int
hit_miss(const char *name, const struct rte_flow_item *pat,
	 const struct tf *hit, const struct tf *miss)
{
	struct rte_flow_error err;
	struct rte_flow *f = rule_queue(pat, 3, &err);

	TEST_ASSERT(f != NULL, "%s: rule", name);
	TEST_ASSERT_EQ(tf_send(hit), 3, "%s: the matching frame on queue 3",
		       name);
	TEST_ASSERT_EQ(tf_send(miss), 0,
		       "%s: the other frame takes the default", name);
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, NULL), 0, "%s: destroy", name);
	TEST_ASSERT_EQ(tf_send(hit), 0, "%s: destroyed", name);
	return MLX5X_TEST_PASS;
}

static int
test_flow_tunnel_icmp_type_code(void)
{
	struct rte_flow_item_icmp icmp = { .hdr.icmp_type = 8,
					   .hdr.icmp_code = 0 };
	struct rte_flow_item_icmp icmp_m = { .hdr.icmp_type = 0xff,
					     .hdr.icmp_code = 0xff };
	struct rte_flow_item_icmp echo = { .hdr.icmp_ident = RTE_BE16(0x77),
					   .hdr.icmp_seq_nb = RTE_BE16(5) };
	struct rte_flow_item_icmp echo_m = { .hdr.icmp_ident = RTE_BE16(0xffff),
					     .hdr.icmp_seq_nb =
						     RTE_BE16(0xffff) };
	struct rte_flow_item_icmp6 i6 = { .type = 128, .code = 0 };
	struct rte_flow_item_icmp6 i6_m = { .type = 0xff, .code = 0xff };
	const struct rte_flow_item p_icmp[] = { ITEM(ETH, NULL, NULL),
						ITEM(IPV4, NULL, NULL),
						ITEM(ICMP, &icmp, &icmp_m),
						END_ITEM };
	const struct rte_flow_item p_echo[] = { ITEM(ETH, NULL, NULL),
						ITEM(IPV4, NULL, NULL),
						ITEM(ICMP, &echo, &echo_m),
						END_ITEM };
	const struct rte_flow_item p_icmp6[] = { ITEM(ETH, NULL, NULL),
						 ITEM(IPV6, NULL, NULL),
						 ITEM(ICMP6, &i6, &i6_m),
						 END_ITEM };
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(NULL), 0, "PF up");
	ret = hit_miss("icmp echo request", p_icmp,
		       &(struct tf){ .ipv = 4, .proto = 1, .type = 8 },
		       &(struct tf){ .ipv = 4, .proto = 1, .type = 0 });
	if (ret == MLX5X_TEST_PASS)
		ret = hit_miss("icmp code", p_icmp,
			       &(struct tf){ .ipv = 4, .proto = 1, .type = 8 },
			       &(struct tf){ .ipv = 4,
					     .proto = 1,
					     .type = 8,
					     .code = 1 });
	if (ret == MLX5X_TEST_PASS)
		ret = hit_miss("icmp ident/seq", p_echo,
			       &(struct tf){ .ipv = 4,
					     .proto = 1,
					     .ident = 0x77,
					     .seq = 5 },
			       &(struct tf){ .ipv = 4,
					     .proto = 1,
					     .ident = 0x77,
					     .seq = 6 });
	if (ret == MLX5X_TEST_PASS)
		ret = hit_miss("icmp6 echo request", p_icmp6,
			       &(struct tf){ .ipv = 6,
					     .proto = 58,
					     .type = 128 },
			       &(struct tf){ .ipv = 6,
					     .proto = 58,
					     .type = 129 });
	return ret;
}

static int
test_flow_tunnel_gre(void)
{
	struct rte_flow_item_gre k = { .c_rsvd0_ver = RTE_BE16(0x2000),
				       .protocol = RTE_BE16(0x0800) };
	struct rte_flow_item_gre k_m = { .c_rsvd0_ver = RTE_BE16(0xb000),
					 .protocol = RTE_BE16(0xffff) };
	rte_be32_t key = RTE_BE32(0x00abcdef);
	rte_be32_t key_m = RTE_BE32(0xffffffff);
	struct rte_flow_item_ipv4 in = { .hdr.dst_addr = RTE_BE32(0xc0a80063) };
	struct rte_flow_item_ipv4 in_m = { .hdr.dst_addr =
						   RTE_BE32(0xffffffff) };
	const struct rte_flow_item p_gre[] = { ITEM(ETH, NULL, NULL),
					       ITEM(IPV4, NULL, NULL),
					       ITEM(GRE, &k, &k_m), END_ITEM };
	const struct rte_flow_item p_key[] = {
		ITEM(ETH, NULL, NULL), ITEM(IPV4, NULL, NULL),
		ITEM(GRE, NULL, NULL), ITEM(GRE_KEY, &key, &key_m), END_ITEM
	};
	const struct rte_flow_item p_inner[] = {
		ITEM(ETH, NULL, NULL), ITEM(IPV4, NULL, NULL),
		ITEM(GRE, NULL, NULL), ITEM(IPV4, &in, &in_m), END_ITEM
	};
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(NULL), 0, "PF up");
	/* K set, C and S clear, IPv4 payload. */
	ret = hit_miss("gre flags and protocol", p_gre,
		       &(struct tf){ .ipv = 4,
				     .proto = 47,
				     .gre_flags = 0x2000,
				     .key = 1 },
		       &(struct tf){ .ipv = 4,
				     .proto = 47,
				     .gre_flags = 0x3000,
				     .key = 1 });
	if (ret == MLX5X_TEST_PASS)
		ret = hit_miss("gre protocol", p_gre,
			       &(struct tf){ .ipv = 4,
					     .proto = 47,
					     .gre_flags = 0x2000 },
			       &(struct tf){ .ipv = 4,
					     .proto = 47,
					     .gre_flags = 0x2000,
					     .gre_proto = 0x86dd });
	if (ret == MLX5X_TEST_PASS)
		ret = hit_miss("gre_key", p_key,
			       &(struct tf){ .ipv = 4,
					     .proto = 47,
					     .gre_flags = 0x2000,
					     .key = 0x00abcdef },
			       &(struct tf){ .ipv = 4,
					     .proto = 47,
					     .gre_flags = 0x2000,
					     .key = 0x00abcdee });
	if (ret == MLX5X_TEST_PASS)
		ret = hit_miss("inner ipv4 after gre", p_inner,
			       &(struct tf){ .ipv = 4,
					     .proto = 47,
					     .inner_dst = 0xc0a80063 },
			       &(struct tf){ .ipv = 4,
					     .proto = 47,
					     .inner_dst = 0xc0a80064 });
	return ret;
}

static int
test_flow_tunnel_ipv6_frag_ext(void)
{
	const struct rte_flow_item p_frag[] = { ITEM(ETH, NULL, NULL),
						ITEM(IPV6, NULL, NULL),
						ITEM(IPV6_FRAG_EXT, NULL, NULL),
						END_ITEM };
	struct rte_flow_item_ipv6 hf = { .has_frag_ext = 1 };
	struct rte_flow_item_ipv6 hf_m = { .has_frag_ext = 1 };
	const struct rte_flow_item p_has[] = { ITEM(ETH, NULL, NULL),
					       ITEM(IPV6, &hf, &hf_m),
					       END_ITEM };
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(NULL), 0, "PF up");
	ret = hit_miss("ipv6_frag_ext", p_frag,
		       &(struct tf){ .ipv = 6, .proto = 17, .frag6 = true },
		       &(struct tf){ .ipv = 6, .proto = 17 });
	if (ret == MLX5X_TEST_PASS)
		ret = hit_miss("ipv6 has_frag_ext", p_has,
			       &(struct tf){ .ipv = 6,
					     .proto = 17,
					     .frag6 = true },
			       &(struct tf){ .ipv = 6, .proto = 17 });
	return ret;
}

/* UDP tunnels: the tunnel header after UDP to its IANA port. */
#define UDP_TUN(port, ...)                                                     \
	(&(struct tf){ .ipv = 4,                                               \
		       .proto = IPPROTO_UDP,                                   \
		       .dport = (port),                                        \
		       .udp_data = { __VA_ARGS__ } })

static int
test_flow_tunnel_nvgre_geneve_gpe_gtp(void)
{
	struct rte_flow_item_nvgre nv = { .tni = { 0x12, 0x34, 0x56 } };
	struct rte_flow_item_nvgre nv_m = { .tni = { 0xff, 0xff, 0xff } };
	/* The flow id is the GRE key's low byte (RFC 7637). */
	struct rte_flow_item_nvgre nf = { .tni = { 0x12, 0x34, 0x56 },
					  .flow_id = 0x01 };
	struct rte_flow_item_nvgre nf_m = { .tni = { 0xff, 0xff, 0xff },
					    .flow_id = 0xff };
	struct rte_flow_item_geneve gn = { .protocol = RTE_BE16(0x6558),
					   .vni = { 0, 0, 0x42 } };
	struct rte_flow_item_geneve gn_m = { .protocol = RTE_BE16(0xffff),
					     .vni = { 0xff, 0xff, 0xff } };
	struct rte_flow_item_vxlan_gpe gp = { .protocol = 3,
					      .vni = { 0, 0, 0x77 } };
	struct rte_flow_item_vxlan_gpe gp_m = { .protocol = 0xff,
						.vni = { 0xff, 0xff, 0xff } };
	struct rte_flow_item_gtp gt = { .msg_type = 0xff,
					.teid = RTE_BE32(0xdeadbeef) };
	struct rte_flow_item_gtp gt_m = { .msg_type = 0xff,
					  .teid = RTE_BE32(0xffffffff) };
	const struct rte_flow_item p_nv[] = { ITEM(ETH, NULL, NULL),
					      ITEM(IPV4, NULL, NULL),
					      ITEM(NVGRE, &nv, &nv_m),
					      END_ITEM };
	const struct rte_flow_item p_nf[] = { ITEM(ETH, NULL, NULL),
					      ITEM(IPV4, NULL, NULL),
					      ITEM(NVGRE, &nf, &nf_m),
					      END_ITEM };
	const struct rte_flow_item p_gn[] = {
		ITEM(ETH, NULL, NULL), ITEM(IPV4, NULL, NULL),
		ITEM(UDP, NULL, NULL), ITEM(GENEVE, &gn, &gn_m), END_ITEM
	};
	const struct rte_flow_item p_gp[] = {
		ITEM(ETH, NULL, NULL), ITEM(IPV4, NULL, NULL),
		ITEM(UDP, NULL, NULL), ITEM(VXLAN_GPE, &gp, &gp_m), END_ITEM
	};
	const struct rte_flow_item p_gt[] = { ITEM(ETH, NULL, NULL),
					      ITEM(IPV4, NULL, NULL),
					      ITEM(UDP, NULL, NULL),
					      ITEM(GTP, &gt, &gt_m), END_ITEM };
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(NULL), 0, "PF up");
	ret = hit_miss("nvgre tni", p_nv,
		       &(struct tf){ .ipv = 4,
				     .proto = 47,
				     .gre_flags = 0x2000,
				     .gre_proto = 0x6558,
				     .key = 0x12345601 },
		       &(struct tf){ .ipv = 4,
				     .proto = 47,
				     .gre_flags = 0x2000,
				     .gre_proto = 0x6558,
				     .key = 0x12345701 });
	if (ret == MLX5X_TEST_PASS)
		ret = hit_miss("nvgre flow id", p_nf,
			       &(struct tf){ .ipv = 4,
					     .proto = 47,
					     .gre_flags = 0x2000,
					     .gre_proto = 0x6558,
					     .key = 0x12345601 },
			       &(struct tf){ .ipv = 4,
					     .proto = 47,
					     .gre_flags = 0x2000,
					     .gre_proto = 0x6558,
					     .key = 0x12345602 });
	if (ret == MLX5X_TEST_PASS)
		ret = hit_miss("geneve vni", p_gn,
			       UDP_TUN(6081, 0, 0, 0x65, 0x58, 0, 0, 0x42, 0),
			       UDP_TUN(6081, 0, 0, 0x65, 0x58, 0, 0, 0x43, 0));
	if (ret == MLX5X_TEST_PASS)
		ret = hit_miss("geneve on another port", p_gn,
			       UDP_TUN(6081, 0, 0, 0x65, 0x58, 0, 0, 0x42, 0),
			       UDP_TUN(4790, 0, 0, 0x65, 0x58, 0, 0, 0x42, 0));
	if (ret == MLX5X_TEST_PASS)
		ret = hit_miss("vxlan_gpe vni", p_gp,
			       UDP_TUN(4790, 0x0c, 0, 0, 3, 0, 0, 0x77, 0),
			       UDP_TUN(4790, 0x0c, 0, 0, 3, 0, 0, 0x78, 0));
	if (ret == MLX5X_TEST_PASS)
		ret = hit_miss("gtp teid", p_gt,
			       UDP_TUN(2152, 0x30, 0xff, 0, 16, 0xde, 0xad,
				       0xbe, 0xef),
			       UDP_TUN(2152, 0x30, 0xff, 0, 16, 0xde, 0xad,
				       0xbe, 0xee));
	return ret;
}

/* ConnectX-4 enables no flex parser: ICMP fields are refused naming the
 * capability bit, the protocol alone still steers. */
static int
test_flow_tunnel_icmp_refused_without_flex_parser(void)
{
	struct rte_flow_item_icmp icmp = { .hdr.icmp_type = 8 };
	struct rte_flow_item_icmp icmp_m = { .hdr.icmp_type = 0xff };
	const struct rte_flow_item p_type[] = { ITEM(ETH, NULL, NULL),
						ITEM(IPV4, NULL, NULL),
						ITEM(ICMP, &icmp, &icmp_m),
						END_ITEM };
	const struct rte_flow_item p_proto[] = { ITEM(ETH, NULL, NULL),
						 ITEM(IPV4, NULL, NULL),
						 ITEM(ICMP, NULL, NULL),
						 END_ITEM };
	struct rte_flow_error err;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up("model=cx4,pci=" E2E_PCI
			     ",vfs=0,esw=legacy,wire=drop,vf_end=drop"),
		       0, "ConnectX-4 up");
	TEST_ASSERT(rule_queue(p_type, 3, &err) == NULL, "icmp type refused");
	TEST_ASSERT(err.message != NULL &&
			    strstr(err.message,
				   "flex_parser_protocols bit ICMP_V4"),
		    "the message names the capability bit: %s",
		    err.message ? err.message : "(none)");
	TEST_ASSERT_EQ(err.type, RTE_FLOW_ERROR_TYPE_ITEM_MASK, "error type");
	TEST_ASSERT(err.cause == &p_type[2], "cause: the icmp item");
	{
		struct rte_flow_item_geneve gn = { .vni = { 0, 0, 1 } };
		const struct rte_flow_item p_gn[] = {
			ITEM(ETH, NULL, NULL), ITEM(IPV4, NULL, NULL),
			ITEM(UDP, NULL, NULL), ITEM(GENEVE, &gn, NULL), END_ITEM
		};

		TEST_ASSERT(rule_queue(p_gn, 3, &err) == NULL,
			    "geneve refused");
		TEST_ASSERT(err.message != NULL &&
				    strstr(err.message, "bit GENEVE") != NULL,
			    "names the GENEVE flex parser bit: %s",
			    err.message ? err.message : "(none)");
	}
	TEST_ASSERT(rule_queue(p_proto, 3, &err) != NULL, "protocol only");
	TEST_ASSERT_EQ(tf_send(&(struct tf){ .ipv = 4, .proto = 1, .type = 8 }),
		       3, "ICMP by protocol on queue 3");
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(
	e2e_flow_tunnel_suite, "e2e_flow_tunnel", "e2e", tun_setup,
	tun_teardown, MLX5X_TEST_CASE(test_flow_tunnel_icmp_type_code),
	MLX5X_TEST_CASE(test_flow_tunnel_gre),
	MLX5X_TEST_CASE(test_flow_tunnel_ipv6_frag_ext),
	MLX5X_TEST_CASE(test_flow_tunnel_nvgre_geneve_gpe_gtp),
	MLX5X_TEST_CASE(test_flow_tunnel_icmp_refused_without_flex_parser))
