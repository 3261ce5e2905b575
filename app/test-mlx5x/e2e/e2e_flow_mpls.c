/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The mpls item through the public API on the emulated adapter: the first
 * label stack entry on Ethernet (ethertype 0x8847), over UDP (RFC 7510,
 * port 6635) and over GRE (protocol 0x8847), field by field at its mask
 * edges (label, TC, bottom of stack, TTL), the inner packet after the
 * stack, and the refusals naming the capability a ConnectX-4 lacks.
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

enum mpls_on { ON_ETH, ON_UDP, ON_GRE };

/* A frame: where its label stack sits, the first entry, and the inner
 * IPv4 destination after the stack. */
struct mf {
	enum mpls_on on;
	uint32_t label;
	uint8_t tc, ttl;
	bool not_bos; /* a second entry follows (bottom of stack on it) */
	uint32_t inner_dst;
	uint16_t udp_port; /* ON_UDP, 0: 6635 */
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

/* RFC 3032 entries, then an IPv4/UDP packet; returns the bytes written. */
static uint16_t
mf_stack(uint8_t *p, const struct mf *f)
{
	uint8_t *ip;
	uint16_t n = 4;

	wr32(p, f->label << 12 | (uint32_t)f->tc << 9 |
			(f->not_bos ? 0 : 1u << 8) | f->ttl);
	if (f->not_bos) {
		wr32(p + 4, 16u << 12 | 1u << 8 | 64);
		n += 4;
	}
	ip = p + n;
	memset(ip, 0, 28);
	ip[0] = 0x45;
	wr16(ip + 2, 28);
	ip[8] = 64;
	ip[9] = IPPROTO_UDP;
	wr32(ip + 12, 0xc0a80001);
	wr32(ip + 16, f->inner_dst);
	wr16(ip + 20, 1000);
	wr16(ip + 22, 2000);
	wr16(ip + 24, 8);
	return (uint16_t)(n + 28);
}

static uint16_t
mf_build(uint8_t *b, const struct mf *f)
{
	static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0, 0x44 };
	uint8_t *ip = b + 14, *l4 = b + 34;
	uint16_t n;

	memset(b, 0, 128);
	memcpy(b, pf_mac.addr_bytes, 6);
	memcpy(b + 6, peer, 6);
	if (f->on == ON_ETH) {
		wr16(b + 12, 0x8847);
		return (uint16_t)(14 + mf_stack(b + 14, f));
	}
	wr16(b + 12, 0x0800);
	ip[0] = 0x45;
	ip[8] = 64;
	wr32(ip + 12, 0x0a000001);
	wr32(ip + 16, 0x0a000002);
	if (f->on == ON_UDP) {
		ip[9] = IPPROTO_UDP;
		wr16(l4, 49152);
		wr16(l4 + 2, f->udp_port != 0 ? f->udp_port : 6635);
		n = (uint16_t)(8 + mf_stack(l4 + 8, f));
		wr16(l4 + 4, n);
	} else {
		ip[9] = IPPROTO_GRE;
		wr16(l4, 0);
		wr16(l4 + 2, 0x8847);
		n = (uint16_t)(4 + mf_stack(l4 + 4, f));
	}
	wr16(ip + 2, (uint16_t)(20 + n));
	return (uint16_t)(34 + n);
}

/* The queue the frame arrived on, Q_NONE when none did. */
static int
mf_send(const struct mf *f)
{
	uint8_t buf[256];

	return e2e_wire_queue(pf, NB_Q, buf, mf_build(buf, f), NULL);
}

static int
mpls_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
mpls_teardown(void)
{
	e2e_detach();
	pf = UINT16_MAX;
}

static int
pf_up(const char *config, const char *devargs)
{
	if ((config != NULL ? e2e_attach_config(config, devargs)
			    : e2e_attach(devargs)) != 0)
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

/* The rule sends hit to queue 3, each miss to the default (queue 0);
 * destroyed, hit goes back to the default. */
static int
hit_miss(const char *name, const struct rte_flow_item *pat,
	 const struct mf *hit, const struct mf *miss, unsigned int nb_miss)
{
	struct rte_flow_error err;
	struct rte_flow *f = rule_queue(pat, 3, &err);
	unsigned int i;

	TEST_ASSERT(f != NULL, "%s: rule", name);
	TEST_ASSERT_EQ(mf_send(hit), 3, "%s: the matching frame on queue 3",
		       name);
	for (i = 0; i < nb_miss; i++)
		TEST_ASSERT_EQ(mf_send(&miss[i]), 0,
			       "%s: other frame %u takes the default", name, i);
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, NULL), 0, "%s: destroy", name);
	TEST_ASSERT_EQ(mf_send(hit), 0, "%s: destroyed", name);
	return MLX5X_TEST_PASS;
}

/* Label 0x12345 with TC, bottom of stack and TTL under a full mask. */
static const struct rte_flow_item_mpls full = {
	.label_tc_s = { 0x12, 0x34, 0x5b }, /* TC 5, S */
	.ttl = 64,
};
static const struct rte_flow_item_mpls full_m = {
	.label_tc_s = { 0xff, 0xff, 0xff },
	.ttl = 0xff,
};
/* The label alone (DPDK's default mask). */
static const struct rte_flow_item_mpls label = {
	.label_tc_s = { 0x00, 0x77, 0x70 },
};

static int
test_flow_mpls_on_ethernet(void)
{
	const struct rte_flow_item p[] = { ITEM(ETH, NULL, NULL),
					   ITEM(MPLS, &full, &full_m),
					   END_ITEM };
	const struct rte_flow_item p_any[] = { ITEM(ETH, NULL, NULL),
					       ITEM(MPLS, NULL, NULL),
					       END_ITEM };
	const struct mf hit = { ON_ETH, 0x12345, 5, 64, false, 1, 0 };
	const struct mf miss[] = {
		{ ON_ETH, 0x12344, 5, 64, false, 1, 0 }, /* label - 1 */
		{ ON_ETH, 0x12345 | 0x80000, 5, 64, false, 1, 0 },
		{ ON_ETH, 0x12345, 4, 64, false, 1, 0 }, /* TC */
		{ ON_ETH, 0x12345, 5, 64, true, 1, 0 },	 /* not bottom */
		{ ON_ETH, 0x12345, 5, 63, false, 1, 0 }, /* TTL */
		{ ON_UDP, 0x12345, 5, 64, false, 1, 0 }, /* over UDP */
	};
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(NULL, NULL), 0, "PF up");
	ret = hit_miss("mpls on ethernet", p, &hit, miss, RTE_DIM(miss));
	if (ret == MLX5X_TEST_PASS)
		/* No spec: any MPLS frame, no IP frame. */
		ret = hit_miss("any mpls on ethernet", p_any,
			       &(struct mf){ ON_ETH, 7, 0, 1, true, 1, 0 },
			       &(struct mf){ ON_UDP, 7, 0, 1, false, 1, 0 }, 1);
	return ret;
}

static int
test_flow_mpls_over_udp_and_gre(void)
{
	struct rte_flow_item_ipv4 in = { .hdr.dst_addr = RTE_BE32(0x0a090909) };
	struct rte_flow_item_ipv4 in_m = { .hdr.dst_addr =
						   RTE_BE32(UINT32_MAX) };
	const struct rte_flow_item p_udp[] = {
		ITEM(ETH, NULL, NULL),	ITEM(IPV4, NULL, NULL),
		ITEM(UDP, NULL, NULL),	ITEM(MPLS, &full, &full_m),
		ITEM(IPV4, &in, &in_m), END_ITEM
	};
	const struct rte_flow_item p_gre[] = {
		ITEM(ETH, NULL, NULL), ITEM(IPV4, NULL, NULL),
		ITEM(GRE, NULL, NULL), ITEM(MPLS, &label, NULL), END_ITEM
	};
	const struct mf udp_hit = {
		ON_UDP, 0x12345, 5, 64, false, 0x0a090909, 0
	};
	const struct mf udp_miss[] = {
		{ ON_UDP, 0x12346, 5, 64, false, 0x0a090909, 0 }, /* label */
		{ ON_UDP, 0x12345, 5, 64, false, 0x0a09090a, 0 }, /* inner */
		{ ON_UDP, 0x12345, 5, 64, false, 0x0a090909, 6636 },
		{ ON_UDP, 0x12345, 5, 64, true, 0x0a090909, 0 },
		{ ON_GRE, 0x12345, 5, 64, false, 0x0a090909, 0 },
		{ ON_ETH, 0x12345, 5, 64, false, 0x0a090909, 0 },
	};
	/* The label only: any TC, TTL and stack depth hits. */
	const struct mf gre_hit = { ON_GRE, 0x777, 3, 9, true, 1, 0 };
	const struct mf gre_miss[] = {
		{ ON_GRE, 0x778, 3, 9, true, 1, 0 },
		{ ON_UDP, 0x777, 3, 9, true, 1, 0 },
	};
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(NULL, NULL), 0, "PF up");
	ret = hit_miss("mpls over udp", p_udp, &udp_hit, udp_miss,
		       RTE_DIM(udp_miss));
	if (ret == MLX5X_TEST_PASS)
		ret = hit_miss("mpls over gre", p_gre, &gre_hit, gre_miss,
			       RTE_DIM(gre_miss));
	return ret;
}

/* ConnectX-4: no flex parser (MPLS over UDP/GRE) and no outer_first_mpls
 * fields in ft_field_support; each refusal names the missing bit and
 * points at the mpls item. Verbs (dv_flow_en=0) cannot express misc 2. */
static int
test_flow_mpls_refused(void)
{
	const struct rte_flow_item p_eth[] = { ITEM(ETH, NULL, NULL),
					       ITEM(MPLS, &label, NULL),
					       END_ITEM };
	const struct rte_flow_item p_udp[] = {
		ITEM(ETH, NULL, NULL), ITEM(IPV4, NULL, NULL),
		ITEM(UDP, NULL, NULL), ITEM(MPLS, NULL, NULL), END_ITEM
	};
	const struct rte_flow_item p_gre[] = {
		ITEM(ETH, NULL, NULL), ITEM(IPV4, NULL, NULL),
		ITEM(GRE, NULL, NULL), ITEM(MPLS, NULL, NULL), END_ITEM
	};
	const struct {
		const struct rte_flow_item *pat, *cause;
		enum rte_flow_error_type type;
		const char *msg;
	} cases[] = {
		{ p_eth, &p_eth[1], RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  "ft_field_support bit outer_first_mpls_label is clear" },
		{ p_udp, &p_udp[3], RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  "flex_parser_protocols bit MPLS_OVER_UDP" },
		{ p_gre, &p_gre[3], RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  "flex_parser_protocols bit MPLS_OVER_GRE" },
	};
	struct rte_flow_error err;
	unsigned int i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up("model=cx4,pci=" E2E_PCI
			     ",vfs=0,esw=legacy,wire=drop,vf_end=drop",
			     NULL),
		       0, "ConnectX-4 up");
	for (i = 0; i < RTE_DIM(cases); i++) {
		TEST_ASSERT(rule_queue(cases[i].pat, 3, &err) == NULL,
			    "case %u refused", i);
		TEST_ASSERT_EQ(err.type, cases[i].type, "case %u type", i);
		TEST_ASSERT(err.cause == cases[i].cause, "case %u cause", i);
		TEST_ASSERT(err.message != NULL &&
				    strstr(err.message, cases[i].msg) != NULL,
			    "case %u: '%s' in '%s'", i, cases[i].msg,
			    err.message ? err.message : "(none)");
	}
	e2e_detach();
	TEST_ASSERT_EQ(pf_up("model=cx5,pci=" E2E_PCI
			     ",vfs=0,esw=legacy,wire=drop,vf_end=drop",
			     "dv_flow_en=0"),
		       0, "ConnectX-5, Verbs");
	TEST_ASSERT(rule_queue(p_eth, 3, &err) == NULL, "Verbs refuses mpls");
	TEST_ASSERT(err.message != NULL &&
			    strstr(err.message, "Verbs backend") != NULL &&
			    strstr(err.message, "mpls") != NULL,
		    "the message names the backend: %s",
		    err.message ? err.message : "(none)");
	return MLX5X_TEST_PASS;
}

/* ConnectX-4 again: each field of the label stack entry masked alone
 * (RFC 3032 bits, the test's own) is refused naming that field and its
 * ft_field_support bit, on Ethernet; none is taken silently. */
static int
test_flow_mpls_refused_each_field(void)
{
	static const struct {
		const char *field;
		uint8_t m[3], ttl;
	} f[] = {
		{ "label", { 0x00, 0x00, 0x10 }, 0 }, /* label bit 0 */
		{ "exp", { 0x00, 0x00, 0x02 }, 0 },   /* TC bit 0 */
		{ "s_bos", { 0x00, 0x00, 0x01 }, 0 },
		{ "ttl", { 0x00, 0x00, 0x00 }, 0x80 },
		{ "ttl", { 0x00, 0x00, 0x00 }, 0x01 },
	};
	struct rte_flow_item_mpls m;
	const struct rte_flow_item p[] = { ITEM(ETH, NULL, NULL),
					   ITEM(MPLS, &full, &m), END_ITEM };
	struct rte_flow_error err;
	char want[96];
	unsigned int i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up("model=cx4,pci=" E2E_PCI
			     ",vfs=0,esw=legacy,wire=drop,vf_end=drop",
			     NULL),
		       0, "ConnectX-4 up");
	for (i = 0; i < RTE_DIM(f); i++) {
		memset(&m, 0, sizeof(m));
		memcpy(m.label_tc_s, f[i].m, 3);
		m.ttl = f[i].ttl;
		TEST_ASSERT(rule_queue(p, 3, &err) == NULL,
			    "%s alone (case %u) refused", f[i].field, i);
		snprintf(want, sizeof(want), "field %s cannot be matched",
			 f[i].field);
		TEST_ASSERT(err.type == RTE_FLOW_ERROR_TYPE_ITEM_MASK &&
				    err.cause == &p[1],
			    "case %u: the mpls item's mask", i);
		TEST_ASSERT(err.message != NULL &&
				    strstr(err.message, want) != NULL,
			    "case %u: '%s' in '%s'", i, want,
			    err.message ? err.message : "(none)");
		snprintf(want, sizeof(want), "outer_first_mpls_%s is clear",
			 f[i].field);
		TEST_ASSERT(strstr(err.message, want) != NULL,
			    "case %u: '%s' in '%s'", i, want, err.message);
	}
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(e2e_flow_mpls_suite, "e2e_flow_mpls", "e2e", mpls_setup,
		 mpls_teardown, MLX5X_TEST_CASE(test_flow_mpls_on_ethernet),
		 MLX5X_TEST_CASE(test_flow_mpls_over_udp_and_gre),
		 MLX5X_TEST_CASE(test_flow_mpls_refused),
		 MLX5X_TEST_CASE(test_flow_mpls_refused_each_field))
