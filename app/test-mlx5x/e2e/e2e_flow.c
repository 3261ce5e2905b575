/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_flow on the emulated adapter through the public API (DR backend,
 * dv_flow_en=1, the default): per item frames that must hit and frames
 * that must miss; per action its effect (queue reached, mark/flag in the
 * mbuf, drop, exact counter hits/bytes and reset); priorities and
 * specificity; jump chains; isolated mode; flush; rules kept across
 * stop/start and created on a stopped port; egress; refusals with the
 * error type and cause; a failing PRM command in the middle of a create
 * leaves nothing behind.
 *
 * The port runs four Rx queues without RSS, so the default steering sends
 * every frame for its MAC to queue 0: a rule's effect is a frame on
 * another queue, or on none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "mlx5x_prm.h"
#include "test.h"
#include "test_toeplitz.h"

#define NB_Q 4
#define Q_NONE (-1)

static uint16_t pf = UINT16_MAX;
static struct rte_ether_addr pf_mac;
static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0, 0x42 };

/* A frame as the tests describe it. */
struct fr {
	uint16_t vlan; /* TCI; 0: untagged */
	int ipv;       /* 4, 6, or 0 for an ARP-typed frame */
	uint32_t sip, dip;
	uint8_t tos, ttl;
	uint8_t proto;
	uint16_t sport, dport;
	uint8_t tcp_flags;
	uint16_t frag; /* IPv4 flags + fragment offset */
	uint16_t len;
	bool vxlan; /* UDP to 4789 carrying VXLAN vni, inner IPv4 to idip */
	uint32_t vni;
	uint32_t idip;
};

static uint16_t
fr_build(uint8_t *b, const struct fr *f)
{
	uint16_t len = f->len ? f->len : 128, o = 12, l3;

	memset(b, 0, len);
	memcpy(b, pf_mac.addr_bytes, 6);
	memcpy(b + 6, peer, 6);
	if (f->vlan) {
		b[o] = 0x81, b[o + 1] = 0x00;
		b[o + 2] = (uint8_t)(f->vlan >> 8), b[o + 3] = (uint8_t)f->vlan;
		o += 4;
	}
	l3 = o + 2;
	if (f->ipv == 4) {
		b[o] = 0x08, b[o + 1] = 0x00;
		b[l3] = 0x45;
		b[l3 + 1] = f->tos;
		b[l3 + 2] = (uint8_t)((len - l3) >> 8);
		b[l3 + 3] = (uint8_t)(len - l3);
		b[l3 + 6] = (uint8_t)(f->frag >> 8);
		b[l3 + 7] = (uint8_t)f->frag;
		b[l3 + 8] = f->ttl ? f->ttl : 64;
		b[l3 + 9] = f->proto;
		b[l3 + 12] = (uint8_t)(f->sip >> 24),
		       b[l3 + 13] = (uint8_t)(f->sip >> 16);
		b[l3 + 14] = (uint8_t)(f->sip >> 8),
		       b[l3 + 15] = (uint8_t)f->sip;
		b[l3 + 16] = (uint8_t)(f->dip >> 24),
		       b[l3 + 17] = (uint8_t)(f->dip >> 16);
		b[l3 + 18] = (uint8_t)(f->dip >> 8),
		       b[l3 + 19] = (uint8_t)f->dip;
		o = l3 + 20;
	} else if (f->ipv == 6) {
		b[o] = 0x86, b[o + 1] = 0xdd;
		b[l3] = 0x60;
		b[l3 + 4] = (uint8_t)((len - l3 - 40) >> 8);
		b[l3 + 5] = (uint8_t)(len - l3 - 40);
		b[l3 + 6] = f->proto;
		b[l3 + 7] = f->ttl ? f->ttl : 64;
		b[l3 + 23] = (uint8_t)f->sip;
		b[l3 + 39] = (uint8_t)f->dip;
		o = l3 + 40;
	} else {
		b[o] = 0x08, b[o + 1] = 0x06;
		return len;
	}
	if (f->proto == IPPROTO_TCP || f->proto == IPPROTO_UDP ||
	    f->proto == IPPROTO_SCTP) {
		b[o] = (uint8_t)(f->sport >> 8), b[o + 1] = (uint8_t)f->sport;
		b[o + 2] = (uint8_t)(f->dport >> 8),
		      b[o + 3] = (uint8_t)f->dport;
		if (f->proto == IPPROTO_TCP) {
			b[o + 12] = 0x50;
			b[o + 13] = f->tcp_flags;
		}
		if (f->proto == IPPROTO_UDP) {
			b[o + 4] = (uint8_t)((len - o) >> 8);
			b[o + 5] = (uint8_t)(len - o);
		}
		if (f->proto == IPPROTO_UDP && f->vxlan) {
			uint8_t *v = b + o + 8, *in = v + 8 + 14;

			b[o + 2] = 4789 >> 8, b[o + 3] = 4789 & 0xff;
			v[0] = 0x08;
			v[4] = (uint8_t)(f->vni >> 16);
			v[5] = (uint8_t)(f->vni >> 8);
			v[6] = (uint8_t)f->vni;
			v[8] = 0x02, v[14] = 0x02;
			v[8 + 12] = 0x08, v[8 + 13] = 0x00;
			in[0] = 0x45;
			in[3] = 40;
			in[8] = 64;
			in[9] = IPPROTO_UDP;
			in[16] = (uint8_t)(f->idip >> 24);
			in[17] = (uint8_t)(f->idip >> 16);
			in[18] = (uint8_t)(f->idip >> 8);
			in[19] = (uint8_t)f->idip;
		}
	}
	return len;
}

/* Send f from the wire; the queue it reached (Q_NONE: none) and, when
 * out is not NULL, the mbuf (the caller frees it). */
static int
fr_send(const struct fr *f, struct rte_mbuf **out)
{
	uint8_t buf[256];

	return e2e_wire_queue(pf, NB_Q, buf, fr_build(buf, f), out);
}

static int
flow_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
flow_teardown(void)
{
	e2e_detach();
	pf = UINT16_MAX;
}

/* Attach, configure NB_Q queues; start unless stopped is asked. */
static int
pf_up(bool start)
{
	uint16_t q;

	if (e2e_attach(NULL) != 0)
		return -1;
	pf = e2e_port_by_name(E2E_PCI);
	if (pf == UINT16_MAX)
		return -1;
	rte_eth_macaddr_get(pf, &pf_mac);
	if (start)
		return e2e_port_start(pf, NB_Q, NULL);
	if (rte_eth_dev_configure(pf, NB_Q, 1, &(struct rte_eth_conf){ 0 }) < 0)
		return -1;
	for (q = 0; q < NB_Q; q++)
		if (rte_eth_rx_queue_setup(pf, q, 256, SOCKET_ID_ANY, NULL,
					   e2e_pool()) < 0)
			return -1;
	return rte_eth_tx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL);
}

static const struct rte_flow_attr ingress = { .ingress = 1 };

static struct rte_flow *
rule_queue(const struct rte_flow_attr *attr, const struct rte_flow_item *pat,
	   uint16_t q)
{
	return e2e_rule_queue(pf, attr, pat, q, NULL);
}

/* ---- items: hit and miss ------------------------------------------------- */

static int
item_case(const char *name, const struct rte_flow_item *pat,
	  const struct fr *hit, const struct fr *miss)
{
	struct rte_flow *f;
	int q;

	f = rule_queue(&ingress, pat, 3);
	TEST_ASSERT(f != NULL, "%s: rule created", name);
	q = fr_send(hit, NULL);
	TEST_ASSERT_EQ(q, 3, "%s: the matching frame reaches queue 3", name);
	q = fr_send(miss, NULL);
	TEST_ASSERT_EQ(q, 0, "%s: the other frame takes the default (queue 0)",
		       name);
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, NULL), 0, "%s: destroy", name);
	q = fr_send(hit, NULL);
	TEST_ASSERT_EQ(q, 0, "%s: destroyed, the frame takes the default",
		       name);
	return MLX5X_TEST_PASS;
}

static int
test_flow_items_hit_and_miss(void)
{
	struct rte_flow_item_eth eth_dst = { 0 }, eth_dst_m = { 0 };
	struct rte_flow_item_eth eth_vlan = { .has_vlan = 1 },
				 eth_vlan_m = { .has_vlan = 1 };
	struct rte_flow_item_vlan vlan = { .tci = RTE_BE16(0x0123) },
				  vlan_m = { .tci = RTE_BE16(0x0fff) };
	struct rte_flow_item_ipv4 v4 = { 0 }, v4_m = { 0 };
	struct rte_flow_item_ipv4 v4tos = { 0 }, v4tos_m = { 0 };
	struct rte_flow_item_ipv4 v4nf = { 0 }, v4nf_m = { 0 };
	struct rte_flow_item_ipv6 v6 = { 0 }, v6_m = { 0 };
	struct rte_flow_item_tcp tcp = { 0 }, tcp_m = { 0 };
	struct rte_flow_item_udp udp = { 0 }, udp_m = { 0 };
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(true), 0, "PF up");
	memset(eth_dst_m.dst.addr_bytes, 0xff, 6);
	memcpy(eth_dst.dst.addr_bytes, pf_mac.addr_bytes, 6);
	eth_dst_m.type = RTE_BE16(0xffff);
	eth_dst.type = RTE_BE16(0x0800);
	v4.hdr.dst_addr = RTE_BE32(0x0a000002);
	v4_m.hdr.dst_addr = RTE_BE32(0xffffffff);
	v4.hdr.next_proto_id = IPPROTO_UDP;
	v4_m.hdr.next_proto_id = 0xff;
	v4tos.hdr.type_of_service = 0xb8;
	v4tos_m.hdr.type_of_service = 0xfc;
	v4tos.hdr.time_to_live = 7;
	v4tos_m.hdr.time_to_live = 0xff;
	v4nf_m.hdr.fragment_offset = RTE_BE16(0x3fff);
	v6.hdr.dst_addr[15] = 9;
	memset(v6_m.hdr.dst_addr, 0xff, 16);
	v6.hdr.hop_limits = 5;
	v6_m.hdr.hop_limits = 0xff;
	tcp.hdr.dst_port = RTE_BE16(80);
	tcp_m.hdr.dst_port = RTE_BE16(0xffff);
	tcp.hdr.tcp_flags = RTE_TCP_SYN_FLAG;
	tcp_m.hdr.tcp_flags = RTE_TCP_SYN_FLAG | RTE_TCP_ACK_FLAG;
	udp.hdr.src_port = RTE_BE16(1111);
	udp_m.hdr.src_port = RTE_BE16(0xffff);
	{
		const struct rte_flow_item p[] = {
			ITEM(ETH, &eth_dst, &eth_dst_m), END_ITEM
		};
		ret = item_case("eth dst+type", p,
				&(struct fr){ .ipv = 4, .proto = 17 },
				&(struct fr){ .ipv = 6, .proto = 17 });
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	{
		const struct rte_flow_item p[] = {
			ITEM(ETH, &eth_vlan, &eth_vlan_m), END_ITEM
		};
		ret = item_case("eth has_vlan", p,
				&(struct fr){ .vlan = 5, .ipv = 4 },
				&(struct fr){ .ipv = 4 });
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	{
		const struct rte_flow_item p[] = { ITEM(ETH, NULL, NULL),
						   ITEM(VLAN, &vlan, &vlan_m),
						   END_ITEM };
		ret = item_case("vlan vid", p,
				&(struct fr){ .vlan = 0x2123, .ipv = 4 },
				&(struct fr){ .vlan = 0x0124, .ipv = 4 });
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	{
		const struct rte_flow_item p[] = { ITEM(ETH, NULL, NULL),
						   ITEM(IPV4, &v4, &v4_m),
						   END_ITEM };
		ret = item_case("ipv4 dst+proto", p,
				&(struct fr){ .ipv = 4,
					      .dip = 0x0a000002,
					      .proto = 17 },
				&(struct fr){ .ipv = 4,
					      .dip = 0x0a000002,
					      .proto = 6 });
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	{
		const struct rte_flow_item p[] = { ITEM(ETH, NULL, NULL),
						   ITEM(IPV4, &v4tos, &v4tos_m),
						   END_ITEM };
		ret = item_case("ipv4 tos+ttl", p,
				&(struct fr){ .ipv = 4, .tos = 0xb9, .ttl = 7 },
				&(struct fr){ .ipv = 4, .tos = 0xb8, .ttl = 8 });
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	{
		const struct rte_flow_item p[] = { ITEM(ETH, NULL, NULL),
						   ITEM(IPV4, &v4nf, &v4nf_m),
						   END_ITEM };
		ret = item_case("ipv4 not a fragment", p,
				&(struct fr){ .ipv = 4 },
				&(struct fr){ .ipv = 4, .frag = 0x2000 });
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	{
		const struct rte_flow_item p[] = { ITEM(ETH, NULL, NULL),
						   ITEM(IPV6, &v6, &v6_m),
						   END_ITEM };
		ret = item_case("ipv6 dst+hop limit", p,
				&(struct fr){ .ipv = 6, .dip = 9, .ttl = 5 },
				&(struct fr){ .ipv = 6, .dip = 8, .ttl = 5 });
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	{
		const struct rte_flow_item p[] = { ITEM(ETH, NULL, NULL),
						   ITEM(IPV4, NULL, NULL),
						   ITEM(TCP, &tcp, &tcp_m),
						   END_ITEM };
		ret = item_case("tcp dport+flags", p,
				&(struct fr){ .ipv = 4,
					      .proto = 6,
					      .dport = 80,
					      .tcp_flags = 0x02 },
				&(struct fr){ .ipv = 4,
					      .proto = 6,
					      .dport = 80,
					      .tcp_flags = 0x12 });
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	{
		const struct rte_flow_item p[] = { ITEM(ETH, NULL, NULL),
						   ITEM(IPV6, NULL, NULL),
						   ITEM(UDP, &udp, &udp_m),
						   END_ITEM };
		ret = item_case("udp sport over ipv6", p,
				&(struct fr){ .ipv = 6,
					      .proto = 17,
					      .sport = 1111 },
				&(struct fr){ .ipv = 4,
					      .proto = 17,
					      .sport = 1111 });
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	{
		const struct rte_flow_item p[] = { ITEM(ETH, NULL, NULL),
						   ITEM(IPV4, NULL, NULL),
						   ITEM(SCTP, NULL, NULL),
						   END_ITEM };
		ret = item_case("sctp", p,
				&(struct fr){ .ipv = 4, .proto = 132 },
				&(struct fr){ .ipv = 4, .proto = 17 });
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	{
		const struct rte_flow_item p[] = { ITEM(ETH, NULL, NULL),
						   ITEM(IPV4, NULL, NULL),
						   ITEM(ICMP, NULL, NULL),
						   END_ITEM };
		ret = item_case("icmp", p, &(struct fr){ .ipv = 4, .proto = 1 },
				&(struct fr){ .ipv = 6, .proto = 58 });
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	{
		const struct rte_flow_item p[] = { ITEM(ETH, NULL, NULL),
						   ITEM(IPV6, NULL, NULL),
						   ITEM(ICMP6, NULL, NULL),
						   END_ITEM };
		ret = item_case("icmp6", p,
				&(struct fr){ .ipv = 6, .proto = 58 },
				&(struct fr){ .ipv = 4, .proto = 1 });
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	{
		struct rte_flow_item_vxlan vx = { .vni = { 0, 0x12, 0x34 } };
		struct rte_flow_item_vxlan vx_m = { .vni = { 0xff, 0xff,
							     0xff } };
		struct rte_flow_item_ipv4 in = { .hdr.dst_addr =
							 RTE_BE32(0x0b000001) };
		struct rte_flow_item_ipv4 in_m = { .hdr.dst_addr = RTE_BE32(
							   0xffffffff) };
		const struct rte_flow_item p[] = { ITEM(ETH, NULL, NULL),
						   ITEM(IPV4, NULL, NULL),
						   ITEM(UDP, NULL, NULL),
						   ITEM(VXLAN, &vx, &vx_m),
						   ITEM(ETH, NULL, NULL),
						   ITEM(IPV4, &in, &in_m),
						   END_ITEM };

		ret = item_case("vxlan vni + inner ipv4 dst", p,
				&(struct fr){ .ipv = 4,
					      .proto = 17,
					      .vxlan = true,
					      .vni = 0x1234,
					      .idip = 0x0b000001 },
				&(struct fr){ .ipv = 4,
					      .proto = 17,
					      .vxlan = true,
					      .vni = 0x1234,
					      .idip = 0x0b000002 });
		if (ret != MLX5X_TEST_PASS)
			return ret;
		ret = item_case("vxlan vni", p,
				&(struct fr){ .ipv = 4,
					      .proto = 17,
					      .vxlan = true,
					      .vni = 0x1234,
					      .idip = 0x0b000001 },
				&(struct fr){ .ipv = 4,
					      .proto = 17,
					      .vxlan = true,
					      .vni = 0x1235,
					      .idip = 0x0b000001 });
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	return MLX5X_TEST_PASS;
}

/* ---- actions ------------------------------------------------------------- */

static const struct rte_flow_item pat_any_ipv4[] = { ITEM(ETH, NULL, NULL),
						     ITEM(IPV4, NULL, NULL),
						     END_ITEM };

static int
test_flow_mark_and_flag(void)
{
	struct rte_flow_action_queue q2 = { .index = 2 };
	struct rte_flow_action_mark mark = { .id = 0x1234 };
	struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_MARK, .conf = &mark },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q2 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error err;
	struct rte_mbuf *m;
	struct rte_flow *f;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(true), 0, "PF up");
	f = rte_flow_create(pf, &ingress, pat_any_ipv4, acts, &err);
	TEST_ASSERT(f != NULL, "mark rule");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4 }, &m), 2, "queue 2");
	TEST_ASSERT(m != NULL && (m->ol_flags & RTE_MBUF_F_RX_FDIR) &&
			    (m->ol_flags & RTE_MBUF_F_RX_FDIR_ID),
		    "FDIR and FDIR_ID set");
	TEST_ASSERT_EQ(m->hash.fdir.hi, 0x1234u, "mark id in hash.fdir.hi");
	rte_pktmbuf_free(m);
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 6 }, &m), 0, "default");
	TEST_ASSERT(m != NULL && !(m->ol_flags & RTE_MBUF_F_RX_FDIR),
		    "no mark on a frame no mark rule took");
	rte_pktmbuf_free(m);
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, NULL), 0, "destroy");
	/* The largest id, then FLAG. */
	mark.id = 0xfffffd;
	f = rte_flow_create(pf, &ingress, pat_any_ipv4, acts, &err);
	TEST_ASSERT(f != NULL, "mark 0xfffffd");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4 }, &m), 2, "queue 2");
	TEST_ASSERT(m != NULL && m->hash.fdir.hi == 0xfffffd &&
			    (m->ol_flags & RTE_MBUF_F_RX_FDIR_ID),
		    "mark 0xfffffd delivered");
	rte_pktmbuf_free(m);
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, NULL), 0, "destroy");
	acts[0].type = RTE_FLOW_ACTION_TYPE_FLAG;
	acts[0].conf = NULL;
	f = rte_flow_create(pf, &ingress, pat_any_ipv4, acts, &err);
	TEST_ASSERT(f != NULL, "flag rule");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4 }, &m), 2, "queue 2");
	TEST_ASSERT(m != NULL && (m->ol_flags & RTE_MBUF_F_RX_FDIR) &&
			    !(m->ol_flags & RTE_MBUF_F_RX_FDIR_ID),
		    "FLAG: FDIR without FDIR_ID");
	rte_pktmbuf_free(m);
	return MLX5X_TEST_PASS;
}

static int
count_query(struct rte_flow *f, int reset, uint64_t *hits, uint64_t *bytes)
{
	struct rte_flow_query_count qc = { .reset = (uint32_t)reset };
	struct rte_flow_action a = { .type = RTE_FLOW_ACTION_TYPE_COUNT };
	struct rte_flow_error err;
	int ret;

	ret = rte_flow_query(pf, f, &a, &qc, &err);
	*hits = qc.hits;
	*bytes = qc.bytes;
	return ret;
}

static int
test_flow_drop_and_count(void)
{
	struct rte_flow_item_ipv4 v4 = { .hdr.src_addr = RTE_BE32(0x0a000009) };
	struct rte_flow_item_ipv4 v4_m = { .hdr.src_addr =
						   RTE_BE32(0xffffffff) };
	const struct rte_flow_item pat[] = { ITEM(ETH, NULL, NULL),
					     ITEM(IPV4, &v4, &v4_m), END_ITEM };
	struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_COUNT },
		{ .type = RTE_FLOW_ACTION_TYPE_DROP },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error err;
	uint64_t hits, bytes;
	struct rte_flow *f;
	int i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(true), 0, "PF up");
	f = rte_flow_create(pf, &ingress, pat, acts, &err);
	TEST_ASSERT(f != NULL, "count+drop rule");
	TEST_ASSERT_EQ(count_query(f, 0, &hits, &bytes), 0, "query");
	TEST_ASSERT_EQ(hits, 0u, "a new counter starts at 0");
	for (i = 0; i < 3; i++)
		TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4,
						     .sip = 0x0a000009,
						     .len = 100 },
				       NULL),
			       Q_NONE, "frame %d dropped", i);
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4, .sip = 0x0a000008 },
			       NULL),
		       0, "another source is not dropped");
	TEST_ASSERT_EQ(count_query(f, 1, &hits, &bytes), 0, "query + reset");
	TEST_ASSERT_EQ(hits, 3u, "3 hits");
	TEST_ASSERT_EQ(bytes, 300u, "300 bytes");
	TEST_ASSERT_EQ(count_query(f, 0, &hits, &bytes), 0, "query");
	TEST_ASSERT_EQ(hits, 0u, "reset to 0");
	TEST_ASSERT_EQ(bytes, 0u, "reset to 0 bytes");
	fr_send(&(struct fr){ .ipv = 4, .sip = 0x0a000009, .len = 64 }, NULL);
	TEST_ASSERT_EQ(count_query(f, 0, &hits, &bytes), 0, "query");
	TEST_ASSERT(hits == 1 && bytes == 64, "1 hit of 64 bytes after reset");
	/* Counters survive stop/start with their rule. */
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	fr_send(&(struct fr){ .ipv = 4, .sip = 0x0a000009, .len = 64 }, NULL);
	TEST_ASSERT_EQ(count_query(f, 0, &hits, &bytes), 0, "query");
	TEST_ASSERT(hits == 2 && bytes == 128,
		    "counter kept across stop/start (%lu hits)",
		    (unsigned long)hits);
	return MLX5X_TEST_PASS;
}

static int
test_flow_rss_over_queues(void)
{
	uint16_t queues[] = { 1, 2 };
	struct rte_flow_action_rss rss = {
		.types = RTE_ETH_RSS_NONFRAG_IPV4_UDP,
		.queue_num = 2,
		.queue = queues,
	};
	struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RSS, .conf = &rss },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	unsigned int hit[NB_Q] = { 0 }, i;
	struct rte_flow_error err;
	struct rte_mbuf *m;
	struct rte_flow *f;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(true), 0, "PF up");
	f = rte_flow_create(pf, &ingress, pat_any_ipv4, acts, &err);
	TEST_ASSERT(f != NULL, "rss rule: %s", err.message);
	for (i = 0; i < 32; i++) {
		int q = fr_send(&(struct fr){ .ipv = 4,
					      .proto = 17,
					      .sip = 0x0a000000 + i,
					      .sport = (uint16_t)(1000 + i) },
				&m);

		TEST_ASSERT(q == 1 || q == 2, "UDP flow %u on queue %d", i, q);
		TEST_ASSERT(m->ol_flags & RTE_MBUF_F_RX_RSS_HASH,
			    "hash reported");
		rte_pktmbuf_free(m);
		hit[q]++;
	}
	TEST_ASSERT(hit[1] > 0 && hit[2] > 0, "both queues used (%u, %u)",
		    hit[1], hit[2]);
	/* TCP over IPv4 is not hashed: the first queue of the list. */
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4, .proto = 6 }, NULL), 1,
		       "unhashed kind to the first listed queue");
	return MLX5X_TEST_PASS;
}

/* ---- priorities, groups ------------------------------------------------- */

static int
test_flow_priority_and_specificity(void)
{
	struct rte_flow_item_ipv4 v4 = { .hdr.dst_addr = RTE_BE32(0x0a000005) };
	struct rte_flow_item_ipv4 v4_m = { .hdr.dst_addr =
						   RTE_BE32(0xffffffff) };
	const struct rte_flow_item p_eth[] = { ITEM(ETH, NULL, NULL),
					       END_ITEM };
	const struct rte_flow_item p_v4[] = { ITEM(ETH, NULL, NULL),
					      ITEM(IPV4, &v4, &v4_m),
					      END_ITEM };
	const struct rte_flow_item p_udp[] = { ITEM(ETH, NULL, NULL),
					       ITEM(IPV4, NULL, NULL),
					       ITEM(UDP, NULL, NULL),
					       END_ITEM };
	struct rte_flow_attr a0 = { .ingress = 1, .priority = 0 };
	struct rte_flow_attr a1 = { .ingress = 1, .priority = 1 };

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(true), 0, "PF up");
	/* Priority 1 catch-all, then a priority 0 host rule. */
	TEST_ASSERT(rule_queue(&a1, p_eth, 1) != NULL, "eth -> 1 (prio 1)");
	TEST_ASSERT(rule_queue(&a0, p_v4, 2) != NULL, "ipv4 dst -> 2 (prio 0)");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4, .dip = 0x0a000005 },
			       NULL),
		       2, "lower priority value wins");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4, .dip = 0x0a000006 },
			       NULL),
		       1, "the rest takes the priority 1 rule");
	TEST_ASSERT_EQ(rte_flow_flush(pf, NULL), 0, "flush");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4 }, NULL), 0,
		       "flushed: default steering again");
	/* Same priority: L4 before L3 before L2, whatever the order made. */
	TEST_ASSERT(rule_queue(&a0, p_eth, 1) != NULL, "eth -> 1");
	TEST_ASSERT(rule_queue(&a0, p_v4, 2) != NULL, "ipv4 -> 2");
	TEST_ASSERT(rule_queue(&a0, p_udp, 3) != NULL, "udp -> 3");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4,
					     .dip = 0x0a000005,
					     .proto = 17 },
			       NULL),
		       3, "L4 rule first");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4,
					     .dip = 0x0a000005,
					     .proto = 6 },
			       NULL),
		       2, "then L3");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 6 }, NULL), 1, "then L2");
	return MLX5X_TEST_PASS;
}

static int
test_flow_jump_chain(void)
{
	struct rte_flow_action_jump j1 = { .group = 1 }, j5 = { .group = 5 };
	struct rte_flow_item_udp udp = { .hdr.dst_port = RTE_BE16(7) };
	struct rte_flow_item_udp udp_m = { .hdr.dst_port = RTE_BE16(0xffff) };
	const struct rte_flow_item p_udp[] = { ITEM(ETH, NULL, NULL),
					       ITEM(IPV4, NULL, NULL),
					       ITEM(UDP, &udp, &udp_m),
					       END_ITEM };
	struct rte_flow_action jump[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_JUMP, .conf = &j1 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_attr g1 = { .ingress = 1, .group = 1 };
	struct rte_flow_attr g5 = { .ingress = 1, .group = 5 };
	struct rte_flow_error err;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(true), 0, "PF up");
	TEST_ASSERT(rte_flow_create(pf, &ingress, pat_any_ipv4, jump, &err) !=
			    NULL,
		    "group 0: ipv4 -> group 1");
	jump[0].conf = &j5;
	TEST_ASSERT(rte_flow_create(pf, &g1, p_udp, jump, &err) != NULL,
		    "group 1: udp 7 -> group 5");
	TEST_ASSERT(rule_queue(&g5, pat_any_ipv4, 2) != NULL,
		    "group 5: ipv4 -> 2");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4, .proto = 17, .dport = 7 },
			       NULL),
		       2, "through groups 0, 1, 5 to queue 2");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4, .proto = 17, .dport = 8 },
			       NULL),
		       Q_NONE, "a miss in group 1 drops");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 6 }, NULL), 0,
		       "what group 0 does not jump takes the default");
	/* Backwards is refused, pointing at the jump action. */
	j1.group = 1;
	jump[0].conf = &j1;
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_create(pf, &g5, p_udp, jump, &err) == NULL,
		    "jump 5 -> 1 refused");
	TEST_ASSERT_EQ(err.type, RTE_FLOW_ERROR_TYPE_ACTION_CONF, "error type");
	TEST_ASSERT(err.cause == &jump[0], "cause is the jump action");
	return MLX5X_TEST_PASS;
}

/* ---- lifecycle ---------------------------------------------------------- */

static int
test_flow_isolate(void)
{
	struct rte_flow_error err;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(false), 0, "PF configured");
	TEST_ASSERT_EQ(rte_flow_isolate(pf, 1, &err), 0, "isolate");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4 }, NULL), Q_NONE,
		       "isolated: no default steering");
	TEST_ASSERT(rte_flow_isolate(pf, 0, &err) != 0,
		    "isolate refused while started");
	TEST_ASSERT(rule_queue(&ingress, pat_any_ipv4, 1) != NULL, "rule");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4 }, NULL), 1,
		       "isolated: the rule's frames only");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 6 }, NULL), Q_NONE,
		       "isolated: nothing else");
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_flow_isolate(pf, 0, &err), 0, "leave isolation");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 6 }, NULL), 0,
		       "defaults back");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4 }, NULL), 1,
		       "the rule kept");
	return MLX5X_TEST_PASS;
}

static int
test_flow_kept_across_stop_start(void)
{
	struct rte_eth_dev_info info;
	struct rte_flow *f;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(false), 0, "PF configured, stopped");
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	TEST_ASSERT((info.dev_capa & RTE_ETH_DEV_CAPA_FLOW_RULE_KEEP) &&
			    (info.dev_capa &
			     RTE_ETH_DEV_CAPA_FLOW_SHARED_OBJECT_KEEP),
		    "FLOW_RULE_KEEP and FLOW_SHARED_OBJECT_KEEP advertised");
	f = rule_queue(&ingress, pat_any_ipv4, 2);
	TEST_ASSERT(f != NULL, "rule on a stopped port");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4 }, NULL), 2,
		       "applied at start");
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start again");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4 }, NULL), 2,
		       "kept across stop/start");
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, NULL), 0,
		       "destroy on a stopped port");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4 }, NULL), 0,
		       "destroyed while stopped: gone");
	return MLX5X_TEST_PASS;
}

static int
test_flow_egress_drop_count(void)
{
	struct rte_flow_item_ipv4 v4 = { .hdr.dst_addr = RTE_BE32(0x0a0000aa) };
	struct rte_flow_item_ipv4 v4_m = { .hdr.dst_addr =
						   RTE_BE32(0xffffffff) };
	const struct rte_flow_item pat[] = { ITEM(ETH, NULL, NULL),
					     ITEM(IPV4, &v4, &v4_m), END_ITEM };
	struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_COUNT },
		{ .type = RTE_FLOW_ACTION_TYPE_DROP },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_attr egress = { .egress = 1 };
	uint8_t buf[2048];
	uint64_t hits, bytes;
	struct rte_flow_error err;
	struct rte_flow *f;
	unsigned int i, out = 0;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(true), 0, "PF up");
	f = rte_flow_create(pf, &egress, pat, acts, &err);
	TEST_ASSERT(f != NULL, "egress count+drop: %s", err.message);
	mlx5x_emu_poll();
	while (mlx5x_emu_capture_wire(0, buf, sizeof(buf)) > 0)
		;
	for (i = 0; i < 2; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(e2e_pool());
		struct fr fr = { .ipv = 4,
				 .dip = i ? 0x0a0000aa : 0x0a0000ab,
				 .len = 90 };

		TEST_ASSERT(m != NULL, "mbuf");
		fr_build(rte_pktmbuf_mtod(m, uint8_t *), &fr);
		m->data_len = m->pkt_len = fr.len;
		TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "sent");
	}
	for (i = 0; i < 8; i++)
		mlx5x_emu_poll();
	while (mlx5x_emu_capture_wire(0, buf, sizeof(buf)) > 0)
		out++;
	TEST_ASSERT_EQ(out, 1u, "only the frame the rule does not drop leaves");
	TEST_ASSERT_EQ(count_query(f, 0, &hits, &bytes), 0, "query");
	TEST_ASSERT(hits == 1 && bytes == 90, "egress counter: %lu hits",
		    (unsigned long)hits);
	return MLX5X_TEST_PASS;
}

/* ---- refusals ----------------------------------------------------------- */

struct bad_case {
	const char *what;
	struct rte_flow_attr attr;
	const struct rte_flow_item *pattern;
	const struct rte_flow_action *actions;
	enum rte_flow_error_type type;
	const void *cause; /* NULL: not checked */
	const char *in_msg;
};

static int
test_flow_bad_input(void)
{
	static struct rte_flow_action_queue q1 = { .index = 1 },
					    q9 = { .index = 9 };
	static struct rte_flow_action_mark big = { .id = 0xfffffe };
	static struct rte_flow_action_jump j70 = { .group = 70 };
	static uint8_t key[7];
	static uint16_t qs[] = { 0, 1 };
	static struct rte_flow_action_rss rss_key = { .types = RTE_ETH_RSS_IPV4,
						      .key_len = 7,
						      .key = key,
						      .queue_num = 2,
						      .queue = qs };
	static struct rte_flow_action_rss rss_lvl = { .types = RTE_ETH_RSS_IPV4,
						      .level = 2,
						      .queue_num = 2,
						      .queue = qs };
	static struct rte_flow_item_ipv4 v4_id = { .hdr.packet_id = 1 };
	static struct rte_flow_item_ipv4 v4_id_m = { .hdr.packet_id = 0xffff };
	static struct rte_flow_item_sctp sctp = { .hdr.dst_port = RTE_BE16(1) };
	static struct rte_flow_item_sctp sctp_m = { .hdr.dst_port = 0xffff };
	static struct rte_flow_item_icmp icmp = { .hdr.icmp_type = 8 };
	/* The type is matched (flex parser), the checksum cannot be. */
	static struct rte_flow_item_icmp icmp_m = { .hdr.icmp_type = 0xff,
						    .hdr.icmp_cksum =
							    RTE_BE16(0xffff) };
	static const struct rte_flow_item p_ok[] = { ITEM(ETH, NULL, NULL),
						     END_ITEM };
	static const struct rte_flow_item p_tcp_first[] = {
		ITEM(TCP, NULL, NULL), END_ITEM
	};
	static const struct rte_flow_item p_v4_id[] = {
		ITEM(ETH, NULL, NULL), ITEM(IPV4, &v4_id, &v4_id_m), END_ITEM
	};
	static const struct rte_flow_item p_sctp_port[] = {
		ITEM(ETH, NULL, NULL), ITEM(IPV4, NULL, NULL),
		ITEM(SCTP, &sctp, &sctp_m), END_ITEM
	};
	static const struct rte_flow_item p_icmp_type[] = {
		ITEM(ETH, NULL, NULL), ITEM(IPV4, NULL, NULL),
		ITEM(ICMP, &icmp, &icmp_m), END_ITEM
	};
	static const struct rte_flow_item p_unknown[] = {
		ITEM(ETH, NULL, NULL),
		{ .type = RTE_FLOW_ITEM_TYPE_ESP },
		END_ITEM
	};
	static const struct rte_flow_action a_q1[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q1 },
		{ .type = RTE_FLOW_ACTION_TYPE_END }
	};
	static const struct rte_flow_action a_q9[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q9 },
		{ .type = RTE_FLOW_ACTION_TYPE_END }
	};
	static const struct rte_flow_action a_mark_big[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_MARK, .conf = &big },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q1 },
		{ .type = RTE_FLOW_ACTION_TYPE_END }
	};
	static const struct rte_flow_action a_two_fates[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q1 },
		{ .type = RTE_FLOW_ACTION_TYPE_DROP },
		{ .type = RTE_FLOW_ACTION_TYPE_END }
	};
	static const struct rte_flow_action a_no_fate[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_COUNT },
		{ .type = RTE_FLOW_ACTION_TYPE_END }
	};
	static const struct rte_flow_action a_jump70[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_JUMP, .conf = &j70 },
		{ .type = RTE_FLOW_ACTION_TYPE_END }
	};
	static const struct rte_flow_action a_rss_key[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RSS, .conf = &rss_key },
		{ .type = RTE_FLOW_ACTION_TYPE_END }
	};
	static const struct rte_flow_action a_rss_lvl[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RSS, .conf = &rss_lvl },
		{ .type = RTE_FLOW_ACTION_TYPE_END }
	};
	static const struct rte_flow_action a_egress_queue[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q1 },
		{ .type = RTE_FLOW_ACTION_TYPE_END }
	};
	static const struct rte_flow_action a_unknown[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_OF_PUSH_MPLS },
		{ .type = RTE_FLOW_ACTION_TYPE_END }
	};
	const struct bad_case cases[] = {
		{ "transfer with ingress",
		  { .transfer = 1, .ingress = 1 },
		  p_ok,
		  a_q1,
		  RTE_FLOW_ERROR_TYPE_ATTR,
		  NULL,
		  "transfer" },
		{ "no direction",
		  { 0 },
		  p_ok,
		  a_q1,
		  RTE_FLOW_ERROR_TYPE_ATTR_INGRESS,
		  NULL,
		  "ingress or egress" },
		{ "priority too high",
		  { .ingress = 1, .priority = 5000 },
		  p_ok,
		  a_q1,
		  RTE_FLOW_ERROR_TYPE_ATTR_PRIORITY,
		  NULL,
		  "4095" },
		{ "group above max_ft_level",
		  { .ingress = 1, .group = 64 },
		  p_ok,
		  a_q1,
		  RTE_FLOW_ERROR_TYPE_ATTR_GROUP,
		  NULL,
		  "max_ft_level" },
		{ "tcp first",
		  { .ingress = 1 },
		  p_tcp_first,
		  a_q1,
		  RTE_FLOW_ERROR_TYPE_ITEM,
		  &p_tcp_first[0],
		  "cannot follow" },
		{ "ipv4 packet_id",
		  { .ingress = 1 },
		  p_v4_id,
		  a_q1,
		  RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  &p_v4_id[1],
		  "packet_id" },
		{ "sctp port",
		  { .ingress = 1 },
		  p_sctp_port,
		  a_q1,
		  RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  &p_sctp_port[2],
		  "no SCTP port" },
		{ "icmp checksum",
		  { .ingress = 1 },
		  p_icmp_type,
		  a_q1,
		  RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  &p_icmp_type[2],
		  "no ICMP checksum" },
		{ "unknown item",
		  { .ingress = 1 },
		  p_unknown,
		  a_q1,
		  RTE_FLOW_ERROR_TYPE_ITEM,
		  &p_unknown[1],
		  "not supported" },
		{ "queue out of range",
		  { .ingress = 1 },
		  p_ok,
		  a_q9,
		  RTE_FLOW_ERROR_TYPE_ACTION_CONF,
		  &a_q9[0],
		  "4 Rx queues" },
		{ "mark too big",
		  { .ingress = 1 },
		  p_ok,
		  a_mark_big,
		  RTE_FLOW_ERROR_TYPE_ACTION_CONF,
		  &a_mark_big[0],
		  "0xfffffd" },
		{ "two fates",
		  { .ingress = 1 },
		  p_ok,
		  a_two_fates,
		  RTE_FLOW_ERROR_TYPE_ACTION,
		  &a_two_fates[1],
		  "fate" },
		{ "no fate",
		  { .ingress = 1 },
		  p_ok,
		  a_no_fate,
		  RTE_FLOW_ERROR_TYPE_ACTION_NUM,
		  NULL,
		  "fate" },
		{ "jump above max_ft_level",
		  { .ingress = 1 },
		  p_ok,
		  a_jump70,
		  RTE_FLOW_ERROR_TYPE_ACTION_CONF,
		  &a_jump70[0],
		  "max_ft_level" },
		{ "rss key length",
		  { .ingress = 1 },
		  p_ok,
		  a_rss_key,
		  RTE_FLOW_ERROR_TYPE_ACTION_CONF,
		  &a_rss_key[0],
		  "40" },
		{ "rss inner level",
		  { .ingress = 1 },
		  p_ok,
		  a_rss_lvl,
		  RTE_FLOW_ERROR_TYPE_ACTION_CONF,
		  &a_rss_lvl[0],
		  "level 2" },
		{ "egress queue",
		  { .egress = 1 },
		  p_ok,
		  a_egress_queue,
		  RTE_FLOW_ERROR_TYPE_ACTION,
		  &a_egress_queue[0],
		  "egress" },
		{ "unknown action",
		  { .ingress = 1 },
		  p_ok,
		  a_unknown,
		  RTE_FLOW_ERROR_TYPE_ACTION,
		  &a_unknown[0],
		  "not supported" },
	};
	struct rte_flow_error err;
	unsigned int i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(true), 0, "PF up");
	for (i = 0; i < RTE_DIM(cases); i++) {
		const struct bad_case *c = &cases[i];

		memset(&err, 0, sizeof(err));
		TEST_ASSERT(rte_flow_validate(pf, &c->attr, c->pattern,
					      c->actions, &err) != 0,
			    "%s: validate refuses", c->what);
		TEST_ASSERT_EQ(err.type, c->type, "%s: error type (%s)",
			       c->what, err.message);
		TEST_ASSERT(c->cause == NULL || err.cause == c->cause,
			    "%s: cause points at the offender", c->what);
		TEST_ASSERT(err.message != NULL &&
				    strstr(err.message, c->in_msg) != NULL,
			    "%s: message names it ('%s' in '%s')", c->what,
			    c->in_msg, err.message ? err.message : "");
		TEST_ASSERT(rte_flow_create(pf, &c->attr, c->pattern,
					    c->actions, &err) == NULL,
			    "%s: create refuses", c->what);
	}
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4 }, NULL), 0,
		       "the port still works");
	return MLX5X_TEST_PASS;
}

/* A PRM command failing half way through a create: nothing kept. */
static int
test_flow_create_fault_rolls_back(void)
{
	static const uint16_t ops[] = {
		MLX5X_CMD_OP_CREATE_FLOW_TABLE,
		MLX5X_CMD_OP_CREATE_FLOW_GROUP,
		MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY,
		MLX5X_CMD_OP_CREATE_TIR,
		MLX5X_CMD_OP_ALLOC_FLOW_COUNTER,
	};
	struct rte_flow_action_jump j3 = { .group = 3 };
	struct rte_flow_action_mark mark = { .id = 5 };
	struct rte_flow_item_udp udp = { .hdr.dst_port = RTE_BE16(99) };
	struct rte_flow_item_udp udp_m = { .hdr.dst_port = RTE_BE16(0xffff) };
	const struct rte_flow_item p_udp[] = { ITEM(ETH, NULL, NULL),
					       ITEM(IPV4, NULL, NULL),
					       ITEM(UDP, &udp, &udp_m),
					       END_ITEM };
	struct rte_flow_action jump[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_COUNT },
		{ .type = RTE_FLOW_ACTION_TYPE_JUMP, .conf = &j3 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_action_queue q3 = { .index = 3 };
	struct rte_flow_action to_q3[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_MARK, .conf = &mark },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q3 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_attr g3 = { .ingress = 1, .group = 3 };
	struct rte_flow *fj, *fq;
	struct rte_flow_error err;
	unsigned int i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(true), 0, "PF up");
	for (i = 0; i < RTE_DIM(ops); i++) {
		struct rte_flow_action *acts =
			ops[i] == MLX5X_CMD_OP_CREATE_TIR ? to_q3 : jump;
		const struct rte_flow_attr *attr =
			ops[i] == MLX5X_CMD_OP_CREATE_TIR ? &g3 : &ingress;

		if (ops[i] == MLX5X_CMD_OP_CREATE_TIR) {
			/* The group-3 table exists: jump first. */
			fj = rte_flow_create(pf, &ingress, p_udp, jump, &err);
			TEST_ASSERT(fj != NULL, "jump rule");
		}
		TEST_ASSERT_EQ(mlx5x_emu_fault_cmd(0, ops[i], 1,
						   MLX5X_CMD_STAT_BAD_PARAM_ERR,
						   0xf10),
			       0, "arm 0x%x", ops[i]);
		memset(&err, 0, sizeof(err));
		TEST_ASSERT(rte_flow_create(pf, attr, p_udp, acts, &err) ==
				    NULL,
			    "create fails when opcode 0x%x fails", ops[i]);
		TEST_ASSERT(err.message != NULL &&
				    strstr(err.message, "refused"),
			    "the message says the adapter refused: %s",
			    err.message ? err.message : "");
		mlx5x_emu_fault_cmd(0, ops[i], 0, 0, 0);
		TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4,
						     .proto = 17,
						     .dport = 99 },
				       NULL),
			       ops[i] == MLX5X_CMD_OP_CREATE_TIR ? Q_NONE : 0,
			       "nothing of the failed rule steers (0x%x)",
			       ops[i]);
		/* The same create works now, and the chain works. */
		fq = rte_flow_create(pf, attr, p_udp, acts, &err);
		TEST_ASSERT(fq != NULL, "create works after 0x%x: %s", ops[i],
			    err.message);
		if (ops[i] == MLX5X_CMD_OP_CREATE_TIR)
			TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4,
							     .proto = 17,
							     .dport = 99 },
					       NULL),
				       3, "the chain reaches queue 3");
		TEST_ASSERT_EQ(rte_flow_flush(pf, &err), 0, "flush");
	}
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4,
					     .proto = 17,
					     .dport = 99 },
			       NULL),
		       0, "flushed: default again");
	return MLX5X_TEST_PASS;
}

/* Close destroys the rules; a re-probed port starts with none. */
static int
test_flow_close_destroys(void)
{
	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(true), 0, "PF up");
	TEST_ASSERT(rule_queue(&ingress, pat_any_ipv4, 2) != NULL, "rule");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4 }, NULL), 2, "rule on");
	e2e_detach();
	TEST_ASSERT_EQ(pf_up(true), 0, "PF up again");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4 }, NULL), 0,
		       "a re-probed port has no rule");
	return MLX5X_TEST_PASS;
}

/* ---- ports sharing the adapter's NIC Rx ---------------------------------- */

/* Which queue of port got a frame (Q_NONE: none) after polling. */
static int
port_rx_queue(uint16_t port, uint16_t nb_q)
{
	struct rte_mbuf *m;
	uint16_t q;
	int i;

	for (i = 0; i < 4; i++)
		mlx5x_emu_poll();
	for (q = 0; q < nb_q; q++)
		if (rte_eth_rx_burst(port, q, &m, 1) == 1) {
			rte_pktmbuf_free(m);
			return q;
		}
	return Q_NONE;
}

/* A rule acts on its own port only: a representor's rule on its VF's
 * frames, the PF's on the wire's, though both live in one NIC Rx root
 * (each rule matches its port's reg_c_0 vport tag). */
static int
test_flow_rules_stay_on_their_port(void)
{
	struct rte_flow_action drop[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_DROP },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_item p_eth[] = { ITEM(ETH, NULL, NULL),
					       END_ITEM };
	struct rte_flow_error err;
	struct rte_flow *fd;
	char name[64];
	uint8_t buf[256];
	uint16_t rep0, len;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach("representor=[0]"), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	snprintf(name, sizeof(name), "%s_representor_vf0", E2E_PCI);
	rep0 = e2e_port_by_name(name);
	rte_eth_macaddr_get(pf, &pf_mac);
	TEST_ASSERT_EQ(e2e_port_start(pf, NB_Q, NULL), 0, "PF up");
	TEST_ASSERT_EQ(e2e_port_start(rep0, 2, NULL), 0, "representor up");
	/* The representor's rule, then a PF rule dropping everything. */
	TEST_ASSERT(rte_flow_create(rep0, &ingress, pat_any_ipv4,
				    (struct rte_flow_action[]){
					    { .type = RTE_FLOW_ACTION_TYPE_QUEUE,
					      .conf =
						      &(struct rte_flow_action_queue){
							      .index = 1 } },
					    { .type = RTE_FLOW_ACTION_TYPE_END } },
				    &err) != NULL,
		    "representor rule");
	fd = rte_flow_create(pf, &ingress, p_eth, drop, &err);
	TEST_ASSERT(fd != NULL, "PF drop-all rule");
	len = fr_build(buf, &(struct fr){ .ipv = 4 });
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 0, buf, len), 0, "VF 0 sends");
	TEST_ASSERT_EQ(port_rx_queue(rep0, 2), 1,
		       "the representor's rule takes its VF's IPv4 frame");
	TEST_ASSERT_EQ(port_rx_queue(pf, NB_Q), Q_NONE, "not the PF");
	len = fr_build(buf, &(struct fr){ .ipv = 6 });
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 0, buf, len), 0, "VF 0 sends");
	TEST_ASSERT_EQ(port_rx_queue(rep0, 2), 0,
		       "the PF's drop-all does not touch the VF's frames");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4 }, NULL), Q_NONE,
		       "the PF's rule drops the wire's frame");
	TEST_ASSERT_EQ(port_rx_queue(rep0, 2), Q_NONE,
		       "the representor's rule does not take the wire's frame");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, fd, &err), 0, "destroy");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4 }, NULL), 0,
		       "the PF receives again");
	return MLX5X_TEST_PASS;
}

/* A kept rule whose queue a reconfiguration removed: start says so and
 * fails; without the rule it starts. */
static int
test_flow_kept_rule_missing_queue(void)
{
	struct rte_flow *f;
	uint8_t buf[256];
	uint16_t q, len;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(true), 0, "PF up");
	f = rule_queue(&ingress, pat_any_ipv4, 3);
	TEST_ASSERT(f != NULL, "rule to queue 3");
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_eth_dev_configure(pf, 2, 1,
					     &(struct rte_eth_conf){ 0 }),
		       0, "two Rx queues now");
	for (q = 0; q < 2; q++)
		TEST_ASSERT_EQ(rte_eth_rx_queue_setup(pf, q, 256, SOCKET_ID_ANY,
						      NULL, e2e_pool()),
			       0, "Rx queue %u", q);
	TEST_ASSERT(rte_eth_dev_start(pf) != 0,
		    "start refuses a rule to a queue that is gone");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, NULL), 0, "destroy it");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	len = fr_build(buf, &(struct fr){ .ipv = 4 });
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, buf, len), 0, "inject");
	TEST_ASSERT_EQ(port_rx_queue(pf, 2), 0, "default steering");
	return MLX5X_TEST_PASS;
}

static int
test_flow_dev_dump(void)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(true), 0, "PF up");
	TEST_ASSERT(rule_queue(&ingress, pat_any_ipv4, 2) != NULL, "rule");
	f = open_memstream(&text, &size);
	TEST_ASSERT(f != NULL, "memstream");
	TEST_ASSERT_EQ(rte_flow_dev_dump(pf, NULL, f, NULL), 0, "dump");
	fclose(f);
	TEST_ASSERT(strstr(text, "backend dr") != NULL &&
			    strstr(text, "ingress group 0") != NULL,
		    "the dump names the backend and the rule: %s", text);
	free(text);
	return MLX5X_TEST_PASS;
}

/* Creates that fail after the flow was allocated (the adapter refusing
 * the counter, then the rule's entry), many times over: each gives its
 * memory back, so after the close the DPDK heap holds what it held before
 * the probe, as do the adapter's objects. */
static int
test_flow_create_fault_frees_memory(void)
{
	static const uint16_t ops[] = {
		MLX5X_CMD_OP_ALLOC_FLOW_COUNTER,
		MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY,
	};
	struct rte_flow_action_jump j2 = { .group = 2 };
	struct rte_flow_item_udp udp = { .hdr.dst_port = RTE_BE16(98) };
	struct rte_flow_item_udp udp_m = { .hdr.dst_port = RTE_BE16(0xffff) };
	const struct rte_flow_item p_udp[] = { ITEM(ETH, NULL, NULL),
					       ITEM(IPV4, NULL, NULL),
					       ITEM(UDP, &udp, &udp_m),
					       END_ITEM };
	const struct rte_flow_action jump[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_COUNT },
		{ .type = RTE_FLOW_ACTION_TYPE_JUMP, .conf = &j2 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error err;
	struct rte_flow *f;
	unsigned int i, n;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(true), 0, "PF up");
	for (i = 0; i < RTE_DIM(ops); i++)
		for (n = 0; n < 8; n++) {
			TEST_ASSERT_EQ(mlx5x_emu_fault_cmd(0, ops[i], 1,
							   MLX5X_CMD_STAT_BAD_PARAM_ERR,
							   0xf11),
				       0, "arm 0x%x", ops[i]);
			memset(&err, 0, sizeof(err));
			f = rte_flow_create(pf, &ingress, p_udp, jump, &err);
			mlx5x_emu_fault_cmd(0, ops[i], 0, 0, 0);
			TEST_ASSERT(f == NULL,
				    "create %u fails when opcode 0x%x fails", n,
				    ops[i]);
		}
	f = rte_flow_create(pf, &ingress, p_udp, jump, &err);
	TEST_ASSERT(f != NULL, "the same create works after: %s",
		    err.message ? err.message : "");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, &err), 0, "destroy");
	return e2e_detach_check();
}

/* Two RSS rules over the same queues and hash types, each with its own
 * key: each frame's mbuf hash is the Toeplitz hash (the test's own) of its
 * IPv4/UDP 4-tuple under its rule's key, not the other's. */
static int
test_flow_rss_key_per_rule(void)
{
	static uint16_t queues[] = { 1, 2 };
	uint8_t key[2][40];
	struct rte_flow_action_rss rss[2];
	struct rte_flow_item_udp udp[2], udp_m;
	struct rte_flow_item pat[] = { ITEM(ETH, NULL, NULL),
				       ITEM(IPV4, NULL, NULL),
				       ITEM(UDP, NULL, &udp_m), END_ITEM };
	struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RSS },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error err;
	struct rte_mbuf *m;
	unsigned int r, i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(true), 0, "PF up");
	memset(&udp_m, 0, sizeof(udp_m));
	udp_m.hdr.dst_port = RTE_BE16(0xffff);
	for (r = 0; r < 2; r++) {
		for (i = 0; i < sizeof(key[r]); i++)
			key[r][i] = (uint8_t)(r ? 0x6d + 7 * i : 0x5a ^ i);
		memset(&rss[r], 0, sizeof(rss[r]));
		rss[r].types = RTE_ETH_RSS_NONFRAG_IPV4_UDP;
		rss[r].key_len = sizeof(key[r]);
		rss[r].key = key[r];
		rss[r].queue_num = 2;
		rss[r].queue = queues;
		memset(&udp[r], 0, sizeof(udp[r]));
		udp[r].hdr.dst_port = rte_cpu_to_be_16((uint16_t)(1000 + r));
		pat[2].spec = &udp[r];
		acts[0].conf = &rss[r];
		memset(&err, 0, sizeof(err));
		TEST_ASSERT(rte_flow_create(pf, &ingress, pat, acts, &err) !=
				    NULL,
			    "rss rule %u: %s", r,
			    err.message ? err.message : "");
	}
	for (r = 0; r < 2; r++)
		for (i = 0; i < 8; i++) {
			const struct fr f = { .ipv = 4,
					      .proto = 17,
					      .sip = 0x0a000100 + i,
					      .dip = 0x0a000002,
					      .sport =
						      (uint16_t)(3000 + 17 * i),
					      .dport = (uint16_t)(1000 + r) };
			uint8_t t[12] = {
				(uint8_t)(f.sip >> 24),	 (uint8_t)(f.sip >> 16),
				(uint8_t)(f.sip >> 8),	 (uint8_t)f.sip,
				(uint8_t)(f.dip >> 24),	 (uint8_t)(f.dip >> 16),
				(uint8_t)(f.dip >> 8),	 (uint8_t)f.dip,
				(uint8_t)(f.sport >> 8), (uint8_t)f.sport,
				(uint8_t)(f.dport >> 8), (uint8_t)f.dport,
			};
			uint32_t want = mlx5x_test_toeplitz(key[r], 40, t, 12);
			int q = fr_send(&f, &m);

			TEST_ASSERT((q == 1 || q == 2) && m != NULL,
				    "rule %u flow %u on queue %d", r, i, q);
			TEST_ASSERT((m->ol_flags & RTE_MBUF_F_RX_RSS_HASH) &&
					    m->hash.rss == want,
				    "rule %u flow %u: hash 0x%08x, its key "
				    "gives 0x%08x",
				    r, i, m->hash.rss, want);
			rte_pktmbuf_free(m);
		}
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(e2e_flow_suite, "e2e_flow", "e2e", flow_setup, flow_teardown,
		 MLX5X_TEST_CASE(test_flow_items_hit_and_miss),
		 MLX5X_TEST_CASE(test_flow_mark_and_flag),
		 MLX5X_TEST_CASE(test_flow_drop_and_count),
		 MLX5X_TEST_CASE(test_flow_rss_over_queues),
		 MLX5X_TEST_CASE(test_flow_priority_and_specificity),
		 MLX5X_TEST_CASE(test_flow_jump_chain),
		 MLX5X_TEST_CASE(test_flow_isolate),
		 MLX5X_TEST_CASE(test_flow_kept_across_stop_start),
		 MLX5X_TEST_CASE(test_flow_egress_drop_count),
		 MLX5X_TEST_CASE(test_flow_bad_input),
		 MLX5X_TEST_CASE(test_flow_create_fault_rolls_back),
		 MLX5X_TEST_CASE(test_flow_close_destroys),
		 MLX5X_TEST_CASE(test_flow_rules_stay_on_their_port),
		 MLX5X_TEST_CASE(test_flow_kept_rule_missing_queue),
		 MLX5X_TEST_CASE(test_flow_dev_dump),
		 MLX5X_TEST_CASE(test_flow_create_fault_frees_memory),
		 MLX5X_TEST_CASE(test_flow_rss_key_per_rule))

/* ---- the same corpus through DR and Verbs ------------------------------- */

#define CORPUS_FRAMES 10
/* A legacy E-Switch: dv_flow_en=0 gives the PF Verbs queues and flows. */
#define LEGACY_CONFIG                                                          \
	"model=cx5,pci=" E2E_PCI ",vfs=0,esw=legacy,wire=drop,vf_end=drop"

/*
 * Rules of the subset both backends express, all at once, then frames;
 * out[i] is where frame i went (queue, or Q_NONE) plus 100 * its mark id
 * + 100 (0 when unmarked).
 */
static int corpus_run_config(const char *config, const char *devargs, int *out);

static int
corpus_run(const char *devargs, int *out)
{
	return corpus_run_config(LEGACY_CONFIG, devargs, out);
}

/* The backend a port's flows take, as rte_flow_dev_dump names it. */
static int
flow_backend_is(uint16_t port, const char *name)
{
	char want[32], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret;

	if (f == NULL)
		return 0;
	ret = rte_flow_dev_dump(port, NULL, f, NULL);
	fclose(f);
	snprintf(want, sizeof(want), "backend %s,", name);
	ret = ret == 0 && buf != NULL && strstr(buf, want) != NULL;
	free(buf);
	return ret;
}

static int
corpus_run_config(const char *config, const char *devargs, int *out)
{
	static const struct rte_flow_item_ipv4 v4d = {
		.hdr.dst_addr = RTE_BE32(0x0a000002),
		.hdr.next_proto_id = IPPROTO_UDP
	};
	static const struct rte_flow_item_ipv4 v4d_m = {
		.hdr.dst_addr = RTE_BE32(0xffffffff),
		.hdr.next_proto_id = 0xff
	};
	static const struct rte_flow_item_ipv4 v4s = { .hdr.src_addr = RTE_BE32(
							       0x0a000009) };
	static const struct rte_flow_item_ipv4 v4s_m = {
		.hdr.src_addr = RTE_BE32(0xffffffff)
	};
	static const struct rte_flow_item_tcp tcp = { .hdr.dst_port =
							      RTE_BE16(80) };
	static const struct rte_flow_item_tcp tcp_m = {
		.hdr.dst_port = RTE_BE16(0xffff)
	};
	static const struct rte_flow_item_udp udp = { .hdr.src_port =
							      RTE_BE16(1111) };
	static const struct rte_flow_item_udp udp_m = {
		.hdr.src_port = RTE_BE16(0xffff)
	};
	static const struct rte_flow_item_eth arp = { .type = RTE_BE16(
							      0x0806) };
	static const struct rte_flow_item_eth arp_m = { .type = RTE_BE16(
								0xffff) };
	const struct rte_flow_item p_v4d[] = { ITEM(ETH, NULL, NULL),
					       ITEM(IPV4, &v4d, &v4d_m),
					       END_ITEM };
	const struct rte_flow_item p_v4s[] = { ITEM(ETH, NULL, NULL),
					       ITEM(IPV4, &v4s, &v4s_m),
					       END_ITEM };
	const struct rte_flow_item p_tcp[] = { ITEM(ETH, NULL, NULL),
					       ITEM(IPV4, NULL, NULL),
					       ITEM(TCP, &tcp, &tcp_m),
					       END_ITEM };
	const struct rte_flow_item p_udp6[] = { ITEM(ETH, NULL, NULL),
						ITEM(IPV6, NULL, NULL),
						ITEM(UDP, &udp, &udp_m),
						END_ITEM };
	const struct rte_flow_item p_arp[] = { ITEM(ETH, &arp, &arp_m),
					       END_ITEM };
	static const struct fr frames[CORPUS_FRAMES] = {
		{ .ipv = 4, .dip = 0x0a000002, .proto = 17 },
		{ .ipv = 4, .dip = 0x0a000002, .proto = 6, .dport = 80 },
		{ .ipv = 4, .dip = 0x0a000003, .proto = 6, .dport = 80 },
		{ .ipv = 4, .dip = 0x0a000003, .proto = 6, .dport = 81 },
		{ .ipv = 6, .proto = 17, .sport = 1111 },
		{ .ipv = 6, .proto = 17, .sport = 1112 },
		{ .ipv = 4, .sip = 0x0a000009, .proto = 17 },
		{ .ipv = 4, .sip = 0x0a000009, .proto = 6, .dport = 80 },
		{ .ipv = 0 },
		{ .ipv = 4, .proto = 132 },
	};
	struct rte_flow_action_mark mark = { .id = 7 };
	struct rte_flow_action_queue q2 = { .index = 2 };
	struct rte_flow_action mark_q2[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_MARK, .conf = &mark },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q2 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_action drop[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_DROP },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_attr a1 = { .ingress = 1, .priority = 1 };
	struct rte_flow_error err;
	unsigned int i;

	if (e2e_attach_config(config, devargs) != 0)
		return -1;
	pf = e2e_port_by_name(E2E_PCI);
	rte_eth_macaddr_get(pf, &pf_mac);
	if (e2e_port_start(pf, NB_Q, NULL) != 0)
		return -1;
	if (strstr(config, "model=cx4") != NULL && !flow_backend_is(pf, "dv")) {
		e2e_detach();
		return 1; /* the adapter grants DR: no DV to compare */
	}
	if (rte_flow_create(pf, &ingress, p_v4d, mark_q2, &err) == NULL ||
	    rule_queue(&a1, p_tcp, 3) == NULL ||
	    rule_queue(&ingress, p_udp6, 1) == NULL ||
	    rte_flow_create(pf, &ingress, p_v4s, drop, &err) == NULL ||
	    rule_queue(&ingress, p_arp, 3) == NULL) {
		printf("    %s: corpus rule refused: %s\n", devargs,
		       err.message ? err.message : "");
		return -1;
	}
	for (i = 0; i < CORPUS_FRAMES; i++) {
		struct rte_mbuf *m;

		out[i] = fr_send(&frames[i], &m);
		if (m != NULL && (m->ol_flags & RTE_MBUF_F_RX_FDIR_ID))
			out[i] += 100 * (int)(m->hash.fdir.hi + 1);
		rte_pktmbuf_free(m);
	}
	e2e_detach();
	return 0;
}

static int
test_flow_dr_and_verbs_steer_alike(void)
{
	/* What the rules say: UDP to .2 marked 7 on queue 2; TCP 80 to 3
	 * (priority 1); UDP/IPv6 from 1111 to 1; source .9 dropped, also
	 * when TCP 80 (priority 0 beats 1); ARP to 3; the rest to 0. */
	static const int want[CORPUS_FRAMES] = { 802, 3,      3,      0, 1,
						 0,   Q_NONE, Q_NONE, 3, 0 };
	int dr[CORPUS_FRAMES], verbs[CORPUS_FRAMES];
	unsigned int i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(corpus_run("dv_flow_en=1", dr), 0, "DR corpus");
	TEST_ASSERT_EQ(corpus_run("dv_flow_en=0", verbs), 0, "Verbs corpus");
	for (i = 0; i < CORPUS_FRAMES; i++) {
		TEST_ASSERT_EQ(dr[i], want[i], "DR: frame %u", i);
		TEST_ASSERT_EQ(verbs[i], dr[i], "Verbs as DR: frame %u", i);
	}
	return MLX5X_TEST_PASS;
}

static int
test_flow_verbs_refusals(void)
{
	static const struct rte_flow_item_tcp fl = { .hdr.tcp_flags =
							     RTE_TCP_SYN_FLAG };
	static const struct rte_flow_item_tcp fl_m = { .hdr.tcp_flags = 0xff };
	static const struct rte_flow_item_eth hv = { .has_vlan = 1 };
	static const struct rte_flow_item_eth hv_m = { .has_vlan = 1 };
	const struct rte_flow_item p_flags[] = { ITEM(ETH, NULL, NULL),
						 ITEM(IPV4, NULL, NULL),
						 ITEM(TCP, &fl, &fl_m),
						 END_ITEM };
	const struct rte_flow_item p_hv[] = { ITEM(ETH, &hv, &hv_m), END_ITEM };
	struct rte_flow_action_queue q1 = { .index = 1 };
	struct rte_flow_action_jump j = { .group = 1 };
	struct rte_flow_action queue[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q1 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_action count[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_COUNT },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q1 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_action jump[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_JUMP, .conf = &j },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_action drop[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_DROP },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct {
		const char *what;
		struct rte_flow_attr attr;
		const struct rte_flow_item *pat;
		const struct rte_flow_action *acts;
		const char *msg;
	} cases[] = {
		{ "tcp flags", { .ingress = 1 }, p_flags, queue, "tcp_flags" },
		{ "has_vlan", { .ingress = 1 }, p_hv, queue, "VLAN wildcard" },
		{ "count", { .ingress = 1 }, pat_any_ipv4, count, "COUNT" },
		{ "jump", { .ingress = 1 }, pat_any_ipv4, jump, "jump" },
		{ "group",
		  { .ingress = 1, .group = 1 },
		  pat_any_ipv4,
		  queue,
		  "groups" },
		{ "egress", { .egress = 1 }, pat_any_ipv4, drop, "egress" },
		{ "priority",
		  { .ingress = 1, .priority = 4 },
		  pat_any_ipv4,
		  queue,
		  "0..3" },
	};
	struct rte_flow_error err;
	unsigned int i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach_config(LEGACY_CONFIG, "dv_flow_en=0"), 0,
		       "probe");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT_EQ(e2e_port_start(pf, NB_Q, NULL), 0, "start");
	for (i = 0; i < RTE_DIM(cases); i++) {
		memset(&err, 0, sizeof(err));
		TEST_ASSERT(rte_flow_validate(pf, &cases[i].attr, cases[i].pat,
					      cases[i].acts, &err) != 0,
			    "%s refused", cases[i].what);
		TEST_ASSERT(err.message != NULL &&
				    strstr(err.message, cases[i].msg) != NULL,
			    "%s: message names it ('%s' in '%s')",
			    cases[i].what, cases[i].msg,
			    err.message ? err.message : "");
	}
	return MLX5X_TEST_PASS;
}

/* An adapter whose tables software does not own (ConnectX-4: rdma-core
 * refuses a DR domain): dv_flow_en=1 programs the NIC Rx root with
 * mlx5dv_create_flow; the corpus steers as with DR and Verbs, and what
 * needs DR is refused saying why. */
#define CX4_CONFIG                                                             \
	"model=cx4,pci=" E2E_PCI ",vfs=0,esw=legacy,wire=drop,vf_end=drop"

static int
test_flow_dv_steers_alike(void)
{
	struct rte_flow_action_queue q1 = { .index = 1 };
	struct rte_flow_action_jump j = { .group = 1 };
	struct rte_flow_action queue[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q1 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_action jump[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_JUMP, .conf = &j },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_action drop[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_DROP },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct {
		const char *what;
		struct rte_flow_attr attr;
		const struct rte_flow_action *acts;
		const char *msg;
	} cases[] = {
		{ "group 1", { .ingress = 1, .group = 1 }, queue, "root table" },
		{ "jump", { .ingress = 1 }, jump, "root table" },
		{ "egress group 1",
		  { .egress = 1, .group = 1 },
		  drop,
		  "root table" },
		{ "priority 4", { .ingress = 1, .priority = 4 }, queue, "0..3" },
	};
	int dr[CORPUS_FRAMES], dv[CORPUS_FRAMES];
	struct rte_flow_error err;
	unsigned int i;
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(corpus_run("dv_flow_en=1", dr), 0, "DR corpus");
	ret = corpus_run_config(CX4_CONFIG, "dv_flow_en=1", dv);
	if (ret == 1)
		TEST_SKIP(
			"the emulated ConnectX-4 grants DR domains: no DV fallback to compare");
	TEST_ASSERT_EQ(ret, 0, "DV corpus (ConnectX-4)");
	for (i = 0; i < CORPUS_FRAMES; i++)
		TEST_ASSERT_EQ(dv[i], dr[i], "DV as DR: frame %u", i);
	TEST_ASSERT_EQ(e2e_attach_config(CX4_CONFIG, "dv_flow_en=1"), 0,
		       "probe ConnectX-4");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT_EQ(e2e_port_start(pf, NB_Q, NULL), 0, "start");
	TEST_ASSERT(flow_backend_is(pf, "dv"), "the DV backend");
	for (i = 0; i < RTE_DIM(cases); i++) {
		memset(&err, 0, sizeof(err));
		TEST_ASSERT(rte_flow_validate(pf, &cases[i].attr, pat_any_ipv4,
					      cases[i].acts, &err) != 0,
			    "DV: %s refused", cases[i].what);
		TEST_ASSERT(err.message != NULL &&
				    strstr(err.message, cases[i].msg) != NULL,
			    "DV: %s: message names it ('%s' in '%s')",
			    cases[i].what, cases[i].msg,
			    err.message ? err.message : "");
	}
	return MLX5X_TEST_PASS;
}

/* A kernel without DevX: Verbs queues, steering and flows. */
static int
test_flow_verbs_without_devx(void)
{
	struct rte_flow *f;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach_config(LEGACY_CONFIG ",devx=0", NULL), 0,
		       "probe without DevX");
	pf = e2e_port_by_name(E2E_PCI);
	rte_eth_macaddr_get(pf, &pf_mac);
	TEST_ASSERT_EQ(e2e_port_start(pf, NB_Q, NULL), 0, "start");
	f = rule_queue(&ingress, pat_any_ipv4, 2);
	TEST_ASSERT(f != NULL, "rule");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4 }, NULL), 2, "queue 2");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 6 }, NULL), 0, "default");
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4 }, NULL), 2,
		       "kept across stop/start");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, NULL), 0, "destroy");
	TEST_ASSERT_EQ(fr_send(&(struct fr){ .ipv = 4 }, NULL), 0, "gone");
	return MLX5X_TEST_PASS;
}

#define L2_FRAMES 9

/*
 * The header fields Verbs carries in its eth and ipv4 specs (destination
 * MAC, VLAN priority and ID, IPv4 TOS) under partial masks, through one
 * backend: out[i] is the queue frame i reached (Q_NONE: none).
 */
static int
l2_corpus_run(const char *devargs, int *out)
{
	static const struct rte_flow_item_vlan vl = { .tci = RTE_BE16(0xa123) };
	static const struct rte_flow_item_vlan vl_m = { .tci = RTE_BE16(
								0xefff) };
	static const struct rte_flow_item_ipv4 tos = { .hdr.type_of_service =
							       0xb8 };
	static const struct rte_flow_item_ipv4 tos_m = { .hdr.type_of_service =
								 0xfc };
	static const struct rte_flow_item_ipv4 src7 = {
		.hdr.src_addr = RTE_BE32(0x0a000007)
	};
	static const struct rte_flow_item_ipv4 src_m = {
		.hdr.src_addr = RTE_BE32(0xffffffff)
	};
	static const struct fr frames[L2_FRAMES] = {
		{ .vlan = 0xa123, .ipv = 4, .proto = 17 },
		{ .vlan = 0x0123, .ipv = 4, .proto = 17 }, /* priority 0 */
		{ .vlan = 0xa124, .ipv = 4, .proto = 17 }, /* another VID */
		{ .vlan = 0xb123, .ipv = 4, .proto = 17 }, /* CFI unmasked */
		{ .ipv = 4, .tos = 0xb8, .proto = 17 },
		{ .ipv = 4, .tos = 0xb9, .proto = 17 }, /* ECN unmasked */
		{ .ipv = 4, .tos = 0xb4, .proto = 17 }, /* DSCP 45 */
		{ .ipv = 4, .sip = 0x0a000007, .proto = 17 },
		{ .ipv = 4, .sip = 0x0a000008, .proto = 17 },
	};
	struct rte_flow_item_eth me = { 0 }, other = { 0 }, dst_m = { 0 };
	const struct rte_flow_item p_vlan[] = { ITEM(ETH, NULL, NULL),
						ITEM(VLAN, &vl, &vl_m),
						END_ITEM };
	const struct rte_flow_item p_tos[] = { ITEM(ETH, NULL, NULL),
					       ITEM(IPV4, &tos, &tos_m),
					       END_ITEM };
	const struct rte_flow_item p_me[] = { ITEM(ETH, &me, &dst_m),
					      ITEM(IPV4, &src7, &src_m),
					      END_ITEM };
	const struct rte_flow_item p_other[] = { ITEM(ETH, &other, &dst_m),
						 END_ITEM };
	unsigned int i;

	if (e2e_attach_config(LEGACY_CONFIG, devargs) != 0)
		return -1;
	pf = e2e_port_by_name(E2E_PCI);
	rte_eth_macaddr_get(pf, &pf_mac);
	if (e2e_port_start(pf, NB_Q, NULL) != 0)
		return -1;
	memset(dst_m.dst.addr_bytes, 0xff, RTE_ETHER_ADDR_LEN);
	/* cppcheck-suppress unreadVariable ; read through p_me[] */
	me.dst = pf_mac;
	/* The port's MAC with its first byte changed: no frame here. */
	other.dst = pf_mac;
	other.dst.addr_bytes[0] ^= 0x04;
	if (rule_queue(&ingress, p_vlan, 1) == NULL ||
	    rule_queue(&ingress, p_tos, 3) == NULL ||
	    rule_queue(&ingress, p_me, 2) == NULL ||
	    rule_queue(&ingress, p_other, 3) == NULL) {
		printf("    %s: L2 corpus rule refused\n", devargs);
		return -1;
	}
	for (i = 0; i < L2_FRAMES; i++)
		out[i] = fr_send(&frames[i], NULL);
	e2e_detach();
	return 0;
}

static int
test_flow_dr_and_verbs_l2_fields_alike(void)
{
	/* VLAN priority 5 / VID 0x123 (any CFI) to 1; DSCP 46 (any ECN) to
	 * 3; the port's MAC from .7 to 2; a rule on another MAC takes
	 * nothing; the rest to 0. */
	static const int want[L2_FRAMES] = { 1, 0, 0, 1, 3, 3, 0, 2, 0 };
	int dr[L2_FRAMES], verbs[L2_FRAMES];
	unsigned int i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(l2_corpus_run("dv_flow_en=1", dr), 0, "DR corpus");
	TEST_ASSERT_EQ(l2_corpus_run("dv_flow_en=0", verbs), 0, "Verbs corpus");
	for (i = 0; i < L2_FRAMES; i++) {
		TEST_ASSERT_EQ(dr[i], want[i], "DR: frame %u", i);
		TEST_ASSERT_EQ(verbs[i], want[i], "Verbs: frame %u", i);
	}
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(e2e_flow_verbs_suite, "e2e_flow_verbs", "e2e", flow_setup,
		 flow_teardown,
		 MLX5X_TEST_CASE(test_flow_dr_and_verbs_steer_alike),
		 MLX5X_TEST_CASE(test_flow_verbs_refusals),
		 MLX5X_TEST_CASE(test_flow_dv_steers_alike),
		 MLX5X_TEST_CASE(test_flow_verbs_without_devx),
		 MLX5X_TEST_CASE(test_flow_dr_and_verbs_l2_fields_alike))

/* ---- real clients ------------------------------------------------------- */

static int
test_testpmd_flow_commands(void)
{
	return mlx5x_test_run_script("testpmd-flow.sh");
}

static int
test_flow_perf_inserts_and_deletes(void)
{
	return mlx5x_test_run_script("flow-perf.sh");
}

/* Layer "client": separate processes, normal build only. */
MLX5X_TEST_SUITE(flow_clients_suite, "flow_clients", "client", NULL, NULL,
		 MLX5X_TEST_CASE(test_testpmd_flow_commands),
		 MLX5X_TEST_CASE(test_flow_perf_inserts_and_deletes))
