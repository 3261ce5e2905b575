/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RSS on the inner headers (rss action, level 2) through the public API
 * on the emulated adapter (DR backend): VXLAN frames that share one outer
 * 5-tuple and differ in their inner one spread over the queues by the
 * Toeplitz hash of the inner addresses and ports, computed here
 * independently (test_toeplitz.c); the same frames under a level 1 rule
 * all hash alike; a level 2 rule without a tunnel item, level 3 and
 * level 2 through Verbs are refused saying why.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"
#include "test_toeplitz.h"

#define NB_Q 4
#define FLOWS 48
#define OUTER_SRC 0xc0a80101u
#define OUTER_DST 0xc0a80102u
#define OUTER_SPORT 0x1234
#define VXLAN_PORT 4789

static uint16_t pf = UINT16_MAX;
static struct rte_ether_addr pf_mac;

static const uint8_t rss_key[40] = {
	0x2c, 0xc6, 0x81, 0xd1, 0x5b, 0xdb, 0xf4, 0xf7, 0xfc, 0xa2,
	0x83, 0x19, 0xdb, 0x1a, 0x3e, 0x94, 0x6b, 0x9e, 0x38, 0xd9,
	0x2c, 0x9c, 0x03, 0xd1, 0xad, 0x99, 0x44, 0xa7, 0xd9, 0x56,
	0x3d, 0x59, 0x06, 0x3c, 0x25, 0xf3, 0xfc, 0x1f, 0xdc, 0x2a,
};

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* IPv4 header of total length len, protocol UDP, src to dst. */
static void
ipv4(uint8_t *ip, uint16_t len, uint32_t src, uint32_t dst)
{
	ip[0] = 0x45;
	put16(ip + 2, len);
	ip[8] = 64;
	ip[9] = IPPROTO_UDP;
	put32(ip + 12, src);
	put32(ip + 16, dst);
}

/* Inner 5-tuple of flow f. */
static void
inner_tuple(unsigned int f, uint32_t *src, uint32_t *dst, uint16_t *sport,
	    uint16_t *dport)
{
	*src = 0x0a000000u + f * 7919u;
	*dst = 0x0a800001u + f;
	*sport = (uint16_t)(1024 + f * 31);
	*dport = (uint16_t)(5000 + f);
}

/* A VXLAN frame (one outer 5-tuple for every flow) carrying flow f's
 * inner Ethernet/IPv4/UDP packet; its length. */
static uint16_t
vxlan_frame(uint8_t *b, unsigned int f)
{
	static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0, 0x46 };
	const uint16_t len = 14 + 20 + 8 + 8 + 14 + 20 + 8 + 16;
	uint8_t *o = b + 14, *in = o + 20 + 8 + 8;
	uint32_t src, dst;
	uint16_t sport, dport;

	inner_tuple(f, &src, &dst, &sport, &dport);
	memset(b, 0, len);
	memcpy(b, pf_mac.addr_bytes, 6);
	memcpy(b + 6, peer, 6);
	put16(b + 12, RTE_ETHER_TYPE_IPV4);
	ipv4(o, (uint16_t)(len - 14), OUTER_SRC, OUTER_DST);
	put16(o + 20, OUTER_SPORT);
	put16(o + 22, VXLAN_PORT);
	put16(o + 24, (uint16_t)(len - 34));
	o[28] = 0x08; /* VXLAN: VNI valid */
	put32(o + 32, 42u << 8);
	memcpy(in, peer, 6);
	in[11] = 0x47;
	put16(in + 12, RTE_ETHER_TYPE_IPV4);
	ipv4(in + 14, 20 + 8 + 16, src, dst);
	put16(in + 34, sport);
	put16(in + 36, dport);
	put16(in + 38, 8 + 16);
	return len;
}

static int
ri_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
ri_teardown(void)
{
	e2e_detach();
	pf = UINT16_MAX;
}

static int
ri_up(const char *devargs)
{
	TEST_ASSERT_EQ(e2e_attach(devargs), 0, "attach");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT(pf != UINT16_MAX, "port");
	rte_eth_macaddr_get(pf, &pf_mac);
	TEST_ASSERT_EQ(e2e_port_start(pf, NB_Q, NULL), 0, "start");
	return MLX5X_TEST_PASS;
}

static const struct rte_flow_attr ingress = { .ingress = 1 };
static const uint16_t queues[NB_Q] = { 0, 1, 2, 3 };
/* eth / ipv4 / udp / vxlan / eth / ipv4 / udp: the inner kind pinned. */
static const struct rte_flow_item pat_vxlan[] = {
	ITEM(ETH, NULL, NULL), ITEM(IPV4, NULL, NULL),
	ITEM(UDP, NULL, NULL), ITEM(VXLAN, NULL, NULL),
	ITEM(ETH, NULL, NULL), ITEM(IPV4, NULL, NULL),
	ITEM(UDP, NULL, NULL), END_ITEM,
};

static struct rte_flow *
rss_rule(const struct rte_flow_item *pat, uint32_t level, uint64_t types,
	 struct rte_flow_error *err)
{
	struct rte_flow_action_rss rss = {
		.func = RTE_ETH_HASH_FUNCTION_TOEPLITZ,
		.level = level,
		.types = types,
		.key_len = sizeof(rss_key),
		.key = rss_key,
		.queue_num = NB_Q,
		.queue = queues,
	};
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RSS, .conf = &rss },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};

	memset(err, 0, sizeof(*err));
	return rte_flow_create(pf, &ingress, pat, acts, err);
}

/* Every flow once: *hashes the distinct hashes seen; with inner, each
 * frame's hash is the inner tuple's Toeplitz and its queue the hash's. */
static int
send_flows(bool inner, unsigned int *queues_used, unsigned int *hashes)
{
	uint32_t first = 0;
	unsigned int f, used = 0, distinct = 0;
	/* Outer RSS: every frame where the first went (no wait on the
	 * others). */
	uint16_t last = 0;

	for (f = 0; f < FLOWS; f++) {
		uint8_t frame[160], tuple[12];
		struct rte_mbuf *m = NULL;
		uint32_t src, dst, want;
		uint16_t sport, dport, q = NB_Q, len;

		len = vxlan_frame(frame, f);
		inner_tuple(f, &src, &dst, &sport, &dport);
		put32(tuple, src);
		put32(tuple + 4, dst);
		put16(tuple + 8, sport);
		put16(tuple + 10, dport);
		want = mlx5x_test_toeplitz(rss_key, sizeof(rss_key), tuple,
					   sizeof(tuple));
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, len), 0,
			       "inject");
		TEST_ASSERT_EQ(e2e_rx_first_queue(pf, NB_Q,
						  inner ? want % NB_Q : last,
						  &m, 1, &q),
			       1, "flow %u received", f);
		TEST_ASSERT(m->ol_flags & RTE_MBUF_F_RX_RSS_HASH,
			    "flow %u: no RSS hash in the mbuf", f);
		if (inner) {
			TEST_ASSERT_EQ(m->hash.rss, want,
				       "flow %u: the inner 5-tuple's hash", f);
			TEST_ASSERT_EQ(q, want % NB_Q,
				       "flow %u: the hash's queue", f);
		}
		if (f == 0)
			first = m->hash.rss;
		distinct += f > 0 && m->hash.rss != first;
		used |= 1u << q;
		last = q;
		rte_pktmbuf_free(m);
	}
	*queues_used = (unsigned int)__builtin_popcount(used);
	*hashes = distinct;
	return MLX5X_TEST_PASS;
}

static int
test_flow_rss_inner_spreads_vxlan(void)
{
	struct rte_flow_error err;
	unsigned int used, distinct;
	struct rte_flow *f;
	int ret;

	E2E_REQUIRE();
	ret = ri_up(NULL);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	f = rss_rule(pat_vxlan, 2, RTE_ETH_RSS_NONFRAG_IPV4_UDP, &err);
	TEST_ASSERT(f != NULL, "rss level 2: %s",
		    err.message ? err.message : "");
	ret = send_flows(true, &used, &distinct);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(used, (unsigned int)NB_Q, "every queue used");
	/* The outer headers alone: one hash for every flow. */
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, NULL), 0, "destroy");
	f = rss_rule(pat_vxlan, 1, RTE_ETH_RSS_NONFRAG_IPV4_UDP, &err);
	TEST_ASSERT(f != NULL, "rss level 1: %s",
		    err.message ? err.message : "");
	ret = send_flows(false, &used, &distinct);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT(used == 1 && distinct == 0,
		    "outer RSS: %u queues, %u other hashes for one outer tuple",
		    used, distinct);
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, NULL), 0, "destroy");
	/* Inner RSS again, across a stop/start (the TIR made anew). */
	f = rss_rule(pat_vxlan, 2, RTE_ETH_RSS_NONFRAG_IPV4_UDP, &err);
	TEST_ASSERT(f != NULL, "rss level 2 again: %s",
		    err.message ? err.message : "");
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	ret = send_flows(true, &used, &distinct);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(rte_flow_flush(pf, NULL), 0, "flush");
	return e2e_detach_check();
}

/* One VXLAN frame of flow 0 with its inner protocol set to proto: the
 * mbuf's mark, or UINT32_MAX when it carries none. */
static int
mark_of(uint8_t proto, uint32_t *mark)
{
	uint8_t frame[160];
	struct rte_mbuf *m = NULL;
	uint16_t len = vxlan_frame(frame, 0), q = NB_Q;

	frame[14 + 20 + 8 + 8 + 14 + 9] = proto;
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, len), 0, "inject");
	TEST_ASSERT_EQ(e2e_rx_first_queue(pf, NB_Q, 0, &m, 1, &q), 1,
		       "inner protocol %u received", proto);
	*mark = (m->ol_flags & RTE_MBUF_F_RX_FDIR_ID) ? m->hash.fdir.hi
						      : UINT32_MAX;
	rte_pktmbuf_free(m);
	return MLX5X_TEST_PASS;
}

/* An inner L4 item pins the inner protocol as an outer one does: RSS
 * over TCP, UDP and IP types on an inner SCTP pattern hashes inner SCTP
 * frames by their addresses and never takes inner UDP or TCP ones. */
static int
test_flow_rss_inner_pinned_l4_takes_only_its_protocol(void)
{
	static const struct rte_flow_item pat_sctp[] = {
		ITEM(ETH, NULL, NULL),	ITEM(IPV4, NULL, NULL),
		ITEM(UDP, NULL, NULL),	ITEM(VXLAN, NULL, NULL),
		ITEM(ETH, NULL, NULL),	ITEM(IPV4, NULL, NULL),
		ITEM(SCTP, NULL, NULL), END_ITEM,
	};
	struct rte_flow_action_rss rss = {
		.func = RTE_ETH_HASH_FUNCTION_TOEPLITZ,
		.level = 2,
		.types = RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_TCP |
			 RTE_ETH_RSS_NONFRAG_IPV4_UDP,
		.key_len = sizeof(rss_key),
		.key = rss_key,
		.queue_num = NB_Q,
		.queue = queues,
	};
	const struct rte_flow_action_mark mark = { .id = 7 };
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_MARK, .conf = &mark },
		{ .type = RTE_FLOW_ACTION_TYPE_RSS, .conf = &rss },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error err;
	uint32_t got;
	int ret;

	E2E_REQUIRE();
	ret = ri_up(NULL);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_create(pf, &ingress, pat_sctp, acts, &err) != NULL,
		    "inner sctp rss: %s", err.message ? err.message : "");
	ret = mark_of(IPPROTO_SCTP, &got);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(got, 7u, "inner SCTP frame marked by the rule");
	ret = mark_of(IPPROTO_UDP, &got);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(got, UINT32_MAX, "inner UDP frame not taken (mark)");
	ret = mark_of(IPPROTO_TCP, &got);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(got, UINT32_MAX, "inner TCP frame not taken (mark)");
	TEST_ASSERT_EQ(rte_flow_flush(pf, NULL), 0, "flush");
	return e2e_detach_check();
}

static int
refused(const struct rte_flow_item *pat, uint32_t level, const char *in_msg)
{
	struct rte_flow_error err;

	TEST_ASSERT(rss_rule(pat, level, RTE_ETH_RSS_NONFRAG_IPV4_UDP, &err) ==
			    NULL,
		    "level %u on this pattern refused", level);
	TEST_ASSERT(err.type == RTE_FLOW_ERROR_TYPE_ACTION ||
			    err.type == RTE_FLOW_ERROR_TYPE_ACTION_CONF ||
			    err.type == RTE_FLOW_ERROR_TYPE_UNSPECIFIED,
		    "error type %d", (int)err.type);
	TEST_ASSERT(err.message != NULL && strstr(err.message, in_msg),
		    "message names '%s': %s", in_msg,
		    err.message ? err.message : "(none)");
	return MLX5X_TEST_PASS;
}

static int
test_flow_rss_inner_refused(void)
{
	static const struct rte_flow_item pat_plain[] = {
		ITEM(ETH, NULL, NULL), ITEM(IPV4, NULL, NULL),
		ITEM(UDP, NULL, NULL), END_ITEM
	};
	int ret;

	E2E_REQUIRE();
	ret = ri_up(NULL);
	if (ret == MLX5X_TEST_PASS)
		ret = refused(pat_plain, 2, "needs a tunnel item");
	if (ret == MLX5X_TEST_PASS)
		ret = refused(pat_vxlan, 3, "level 3 not supported");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	e2e_detach();
	ret = ri_up("dv_flow_en=0");
	if (ret == MLX5X_TEST_PASS)
		ret = refused(pat_vxlan, 2, "dv_flow_en=1");
	return ret;
}

MLX5X_TEST_SUITE(
	e2e_flow_rss_inner_suite, "e2e_flow_rss_inner", "e2e", ri_setup,
	ri_teardown, MLX5X_TEST_CASE(test_flow_rss_inner_spreads_vxlan),
	MLX5X_TEST_CASE(test_flow_rss_inner_pinned_l4_takes_only_its_protocol),
	MLX5X_TEST_CASE(test_flow_rss_inner_refused))
