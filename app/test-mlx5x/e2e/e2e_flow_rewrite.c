/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Header rewrite actions end to end: the frame that leaves (on the wire
 * for a transfer rule, in the mbuf for an ingress rule) is compared byte
 * for byte with an oracle the test builds itself, checksums included
 * (computed here from scratch, the adapter updates them incrementally).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"

#define FRAME_LEN 100
#define L2 14
#define L3 (L2 + 20)

static uint16_t pf, rep0;

/* The patterns the rules match on, by the headers they name. */
#define RW_ITEM(t)                                                             \
	{                                                                      \
		.type = RTE_FLOW_ITEM_TYPE_##t                                 \
	}
static const struct rte_flow_item rw_p_eth[] = { RW_ITEM(ETH), RW_ITEM(END) };
static const struct rte_flow_item rw_p_vlan[] = { RW_ITEM(ETH), RW_ITEM(VLAN),
						  RW_ITEM(END) };
static const struct rte_flow_item rw_p_ipv4[] = { RW_ITEM(ETH), RW_ITEM(IPV4),
						  RW_ITEM(END) };
static const struct rte_flow_item rw_p_udp[] = { RW_ITEM(ETH), RW_ITEM(IPV4),
						 RW_ITEM(UDP), RW_ITEM(END) };
static const struct rte_flow_item rw_p_tcp[] = { RW_ITEM(ETH), RW_ITEM(IPV4),
						 RW_ITEM(TCP), RW_ITEM(END) };
static const struct rte_flow_item rw_p_gre[] = { RW_ITEM(ETH), RW_ITEM(IPV4),
						 RW_ITEM(GRE), RW_ITEM(END) };
static const struct rte_flow_item rw_p_vxlan[] = { RW_ITEM(ETH), RW_ITEM(IPV4),
						   RW_ITEM(UDP), RW_ITEM(VXLAN),
						   RW_ITEM(END) };
static const struct rte_flow_item rw_p_ipv6[] = { RW_ITEM(ETH), RW_ITEM(IPV6),
						  RW_ITEM(END) };
static const struct rte_flow_item rw_p_ipv6_udp[] = {
	RW_ITEM(ETH), RW_ITEM(IPV6), RW_ITEM(UDP), RW_ITEM(END)
};

static int
rw_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
rw_teardown(void)
{
	e2e_detach();
}

static int
rw_up(void)
{
	return e2e_switchdev_up(&pf, &rep0, 1);
}

/* Checksums of an Ethernet/IPv4/(UDP|TCP) frame, from scratch. */
static void
fix_csums(uint8_t *f, uint16_t len)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(f + L2);

	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	if (ip->next_proto_id == IPPROTO_UDP) {
		struct rte_udp_hdr *u = (struct rte_udp_hdr *)(f + L3);

		u->dgram_cksum = 0;
		u->dgram_cksum = rte_ipv4_udptcp_cksum(ip, u);
	} else {
		struct rte_tcp_hdr *t = (struct rte_tcp_hdr *)(f + L3);

		t->cksum = 0;
		t->cksum = rte_ipv4_udptcp_cksum(ip, t);
	}
	RTE_SET_USED(len);
}

static void
build(uint8_t *f, const uint8_t *dst, const uint8_t *src, uint8_t proto)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(f + L2);
	unsigned int i;

	memset(f, 0, FRAME_LEN);
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = 0x08;
	ip->version_ihl = 0x45;
	ip->type_of_service = 0x20;
	ip->total_length = rte_cpu_to_be_16(FRAME_LEN - L2);
	ip->packet_id = rte_cpu_to_be_16(0x1234);
	ip->time_to_live = 64;
	ip->next_proto_id = proto;
	ip->src_addr = RTE_BE32(0x0a000001);
	ip->dst_addr = RTE_BE32(0x0a000002);
	if (proto == IPPROTO_UDP) {
		struct rte_udp_hdr *u = (struct rte_udp_hdr *)(f + L3);

		u->src_port = RTE_BE16(1111);
		u->dst_port = RTE_BE16(2222);
		u->dgram_len = rte_cpu_to_be_16(FRAME_LEN - L3);
	} else {
		struct rte_tcp_hdr *t = (struct rte_tcp_hdr *)(f + L3);

		t->src_port = RTE_BE16(3333);
		t->dst_port = RTE_BE16(4444);
		t->sent_seq = RTE_BE32(0xfffffffe);
		t->recv_ack = RTE_BE32(0x00000001);
		t->data_off = 0x50;
		t->tcp_flags = RTE_TCP_ACK_FLAG;
		t->rx_win = RTE_BE16(1024);
	}
	for (i = L3 + 20; i < FRAME_LEN; i++)
		f[i] = (uint8_t)i;
	fix_csums(f, FRAME_LEN);
}

static void
dump_diff(const uint8_t *got, const uint8_t *want, int len)
{
	int i;

	for (i = 0; i < len; i++)
		if (got[i] != want[i])
			printf("    byte %d: got 0x%02x, want 0x%02x\n", i,
			       got[i], want[i]);
}

/* The FDB scenario: PF and representor 0 up, wire (the rule's PORT_ID
 * action) pointed at the uplink, the transfer rule pat / acts on
 * representor 0; frame the UDP frame VF 0 sends to its gateway. */
static int
rw_fdb_vf_start(const struct rte_flow_item *pat,
		const struct rte_flow_action *acts,
		struct rte_flow_action_port_id *wire, uint8_t *frame)
{
	static const uint8_t vf_mac[6] = { 0x02, 0, 0, 0, 0x0a, 0x01 };
	static const uint8_t gw_mac[6] = { 0x02, 0, 0, 0, 0x0b, 0x02 };
	const struct rte_flow_attr attr = { .transfer = 1 };
	struct rte_flow_error err;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rw_up(), 0, "PF and representor 0 up");
	wire->id = pf;
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_create(rep0, &attr, pat, acts, &err) != NULL,
		    "rule: %s", err.message ? err.message : "");
	build(frame, gw_mac, vf_mac, IPPROTO_UDP);
	return MLX5X_TEST_PASS;
}

/* The NIC Rx scenario: PF and representor 0 up, the ingress rule pat /
 * acts on the uplink; frame a TCP frame from peer to the uplink's MAC,
 * want a copy of it for the test to rewrite as the rule should. */
static int
rw_nic_rx_start(const struct rte_flow_item *pat,
		const struct rte_flow_action *acts, const uint8_t *peer,
		uint8_t *frame, uint8_t *want)
{
	const struct rte_flow_attr attr = { .ingress = 1 };
	struct rte_ether_addr mac;
	struct rte_flow_error err;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rw_up(), 0, "PF and representor 0 up");
	TEST_ASSERT_EQ(rte_eth_macaddr_get(pf, &mac), 0, "MAC");
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_create(pf, &attr, pat, acts, &err) != NULL,
		    "rule: %s", err.message ? err.message : "");
	build(frame, mac.addr_bytes, peer, IPPROTO_TCP);
	memcpy(want, frame, FRAME_LEN);
	return MLX5X_TEST_PASS;
}

/* The PF sends frame (FRAME_LEN bytes) on its Tx queue 0. */
static int
rw_pf_sends(const uint8_t *frame)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(e2e_pool());

	TEST_ASSERT(m != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m, FRAME_LEN), frame, FRAME_LEN);
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "the PF sends");
	return MLX5X_TEST_PASS;
}

/* got holds want's len bytes; where it does not, the bytes that differ are
 * printed before the assertion naming what was expected fails. */
static int
rw_bytes_same(const uint8_t *got, const uint8_t *want, int len,
	      const char *what)
{
	if (memcmp(got, want, len) != 0)
		dump_diff(got, want, len);
	TEST_ASSERT(memcmp(got, want, len) == 0, "%s", what);
	return MLX5X_TEST_PASS;
}

/* VF 0 sends frame (FRAME_LEN bytes); the wire gets want, wlen bytes:
 * arrived says what its arrival means, same what its bytes mean. */
static int
rw_vf_to_wire(const uint8_t *frame, const uint8_t *want, int wlen,
	      const char *arrived, const char *same)
{
	uint8_t out[512];

	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 0, frame, FRAME_LEN), 0,
		       "VF 0 sends");
	TEST_ASSERT_EQ(e2e_capture_end(-1, out, sizeof(out)), wlen, "%s",
		       arrived);
	return rw_bytes_same(out, want, wlen, same);
}

/* The wire sends frame (flen bytes); VF 0 gets want, wlen bytes. */
static int
rw_wire_to_vf(const uint8_t *frame, int flen, const uint8_t *want, int wlen,
	      const char *arrived, const char *same)
{
	uint8_t out[512];

	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, flen), 0,
		       "the wire sends");
	TEST_ASSERT_EQ(e2e_capture_end(0, out, sizeof(out)), wlen, "%s",
		       arrived);
	return rw_bytes_same(out, want, wlen, same);
}

static int
rw_mbuf_same(const struct rte_mbuf *m, const uint8_t *want, int wlen,
	     const char *length, const char *same)
{
	TEST_ASSERT_EQ(m->pkt_len, wlen, "%s", length);
	return rw_bytes_same(rte_pktmbuf_mtod(m, const uint8_t *), want, wlen,
			     same);
}

/* The wire sends frame (flen bytes); the PF's queue 0 receives want, wlen
 * bytes in one mbuf, which is freed whatever the verdict. */
static int
rw_wire_to_queue(const uint8_t *frame, int flen, const uint8_t *want, int wlen,
		 const char *length, const char *same)
{
	struct rte_mbuf *m[2];
	int ret;

	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, flen), 0,
		       "the wire sends");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1, "queue 0 receives");
	ret = rw_mbuf_same(m[0], want, wlen, length, same);
	rte_pktmbuf_free(m[0]);
	return ret;
}

/* err tells of a refused action: ACTION_CONF on cause, the message holding
 * what; label names the situation. */
static int
rw_refused_as(const struct rte_flow_error *err, const void *cause,
	      const char *label, const char *what)
{
	TEST_ASSERT_EQ(err->type, RTE_FLOW_ERROR_TYPE_ACTION_CONF, "type (%s)",
		       label);
	TEST_ASSERT(err->cause == cause, "cause (%s)", label);
	TEST_ASSERT(err->message && strstr(err->message, what),
		    "message names %s (%s): %s", what, label,
		    err->message ? err->message : "");
	return MLX5X_TEST_PASS;
}

/* validate refuses pat / acts on port: the error's cause is acts[at], its
 * message holds what; label names the situation. */
static int
rw_refused(uint16_t port, const struct rte_flow_attr *attr,
	   const struct rte_flow_item *pat, const struct rte_flow_action *acts,
	   int at, const char *label, const char *what)
{
	struct rte_flow_error err;

	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_validate(port, attr, pat, acts, &err) != 0, "%s",
		    label);
	return rw_refused_as(&err, &acts[at], label, what);
}

/* VF 0 -> wire by a transfer rule on representor 0 rewriting MACs,
 * addresses, ports and the TTL. */
static int
test_rewrite_fdb_vf_to_wire(void)
{
	struct rte_flow_action_set_mac smac = { { 0x02, 0x11, 0x22, 0x33, 0x44,
						  0x55 } };
	struct rte_flow_action_set_mac dmac = { { 0x0e, 0x66, 0x77, 0x88, 0x99,
						  0xaa } };
	struct rte_flow_action_set_ipv4 sip = { RTE_BE32(0xc0a80101) };
	struct rte_flow_action_set_ipv4 dip = { RTE_BE32(0x08080808) };
	struct rte_flow_action_set_tp sp = { RTE_BE16(40000) };
	struct rte_flow_action_set_tp dp = { RTE_BE16(53) };
	struct rte_flow_action_port_id wire = { .id = 0 };
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_SET_MAC_SRC, .conf = &smac },
		{ .type = RTE_FLOW_ACTION_TYPE_SET_MAC_DST, .conf = &dmac },
		{ .type = RTE_FLOW_ACTION_TYPE_SET_IPV4_SRC, .conf = &sip },
		{ .type = RTE_FLOW_ACTION_TYPE_SET_IPV4_DST, .conf = &dip },
		{ .type = RTE_FLOW_ACTION_TYPE_SET_TP_SRC, .conf = &sp },
		{ .type = RTE_FLOW_ACTION_TYPE_SET_TP_DST, .conf = &dp },
		{ .type = RTE_FLOW_ACTION_TYPE_DEC_TTL },
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_ID, .conf = &wire },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	uint8_t frame[FRAME_LEN], want[FRAME_LEN];
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(want + L2);
	struct rte_udp_hdr *u = (struct rte_udp_hdr *)(want + L3);
	int ret;

	ret = rw_fdb_vf_start(rw_p_udp, acts, &wire, frame);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	memcpy(want, frame, sizeof(want));
	memcpy(want, dmac.mac_addr, 6);
	memcpy(want + 6, smac.mac_addr, 6);
	ip->src_addr = sip.ipv4_addr;
	ip->dst_addr = dip.ipv4_addr;
	ip->time_to_live = 63;
	u->src_port = sp.port;
	u->dst_port = dp.port;
	fix_csums(want, FRAME_LEN);
	return rw_vf_to_wire(frame, want, FRAME_LEN, "the wire gets the frame",
			     "rewritten byte for byte, checksums right");
}

/* Wire -> the uplink's queue through an ingress rule rewriting the
 * destination, the TTL, DSCP and TCP sequence/acknowledgement numbers. */
static int
test_rewrite_nic_rx_queue(void)
{
	static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0x0c, 0x03 };
	struct rte_flow_action_set_ipv4 dip = { RTE_BE32(0xac100005) };
	struct rte_flow_action_set_tp dp = { RTE_BE16(8080) };
	struct rte_flow_action_set_ttl ttl = { 9 };
	struct rte_flow_action_set_dscp dscp = { 46 };
	rte_be32_t seq = RTE_BE32(5), ack = RTE_BE32(3);
	struct rte_flow_action_queue q = { 0 };
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_SET_IPV4_DST, .conf = &dip },
		{ .type = RTE_FLOW_ACTION_TYPE_SET_TP_DST, .conf = &dp },
		{ .type = RTE_FLOW_ACTION_TYPE_SET_TTL, .conf = &ttl },
		{ .type = RTE_FLOW_ACTION_TYPE_SET_IPV4_DSCP, .conf = &dscp },
		{ .type = RTE_FLOW_ACTION_TYPE_INC_TCP_SEQ, .conf = &seq },
		{ .type = RTE_FLOW_ACTION_TYPE_DEC_TCP_ACK, .conf = &ack },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	uint8_t frame[FRAME_LEN], want[FRAME_LEN];
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(want + L2);
	struct rte_tcp_hdr *t = (struct rte_tcp_hdr *)(want + L3);
	int ret;

	ret = rw_nic_rx_start(rw_p_tcp, acts, peer, frame, want);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	ip->dst_addr = dip.ipv4_addr;
	ip->time_to_live = 9;
	ip->type_of_service = (uint8_t)(46 << 2 | (ip->type_of_service & 3));
	t->dst_port = dp.port;
	t->sent_seq = RTE_BE32(0x00000003); /* 0xfffffffe + 5, wrapped */
	t->recv_ack = RTE_BE32(0xfffffffe); /* 1 - 3, wrapped */
	fix_csums(want, FRAME_LEN);
	return rw_wire_to_queue(frame, FRAME_LEN, want, FRAME_LEN, "length",
				"rewritten byte for byte, checksums right");
}

static int
test_rewrite_refusals(void)
{
	struct rte_flow_action_set_ipv6 v6 = { { 0x20, 0x01, 0x0d, 0xb8 } };
	struct rte_flow_action_set_tp tp = { RTE_BE16(1) };
	struct rte_flow_action_queue q = { 0 };
	struct rte_flow_action many[12];
	const struct rte_flow_action a_tp[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_SET_TP_SRC, .conf = &tp },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_attr attr = { .ingress = 1 };
	struct rte_flow_error err;
	unsigned int i;
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rw_up(), 0, "PF and representor 0 up");
	ret = rw_refused(pf, &attr, rw_p_ipv6, a_tp, 0,
			 "set_tp_src without an L4 item", "tcp or udp");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	/* Nine IPv6 address rewrites: 36 commands, above the cap (32). */
	for (i = 0; i < 9; i++) {
		many[i].type = i % 2 ? RTE_FLOW_ACTION_TYPE_SET_IPV6_SRC
				     : RTE_FLOW_ACTION_TYPE_SET_IPV6_DST;
		many[i].conf = &v6;
	}
	many[9].type = RTE_FLOW_ACTION_TYPE_QUEUE;
	many[9].conf = &q;
	many[10].type = RTE_FLOW_ACTION_TYPE_END;
	ret = rw_refused(pf, &attr, rw_p_ipv6, many, 8,
			 "36 commands, the action over the cap",
			 "max_modify_header_actions");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	/* Eight of them (32 commands) fit. */
	many[8] = many[9];
	many[9] = many[10];
	memset(&err, 0, sizeof(err));
	TEST_ASSERT_EQ(rte_flow_validate(pf, &attr, rw_p_ipv6, many, &err), 0,
		       "32 commands accepted: %s",
		       err.message ? err.message : "");
	return MLX5X_TEST_PASS;
}

#define VX_HDR (14 + 20 + 8 + 8)

/* The VXLAN header the test expects in front of an inner frame of len
 * bytes: lengths and IPv4 checksum filled, UDP checksum 0 as given. */
static void
vxlan_oracle(uint8_t *o, uint16_t inner_len)
{
	static const uint8_t eth[14] = { 0x0e, 0, 0, 0, 0,    0x0d, 0x02,
					 0,    0, 0, 0, 0x0c, 0x08, 0x00 };
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(o + 14);
	struct rte_udp_hdr *u = (struct rte_udp_hdr *)(o + 34);
	uint8_t *vx = o + 42;

	memset(o, 0, VX_HDR);
	memcpy(o, eth, sizeof(eth));
	ip->version_ihl = 0x45;
	ip->total_length = rte_cpu_to_be_16(20 + 8 + 8 + inner_len);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = RTE_BE32(0x01010101);
	ip->dst_addr = RTE_BE32(0x02020202);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	u->src_port = RTE_BE16(5555);
	u->dst_port = RTE_BE16(4789);
	u->dgram_len = rte_cpu_to_be_16(8 + 8 + inner_len);
	vx[0] = 0x08;
	vx[4] = 0x12;
	vx[5] = 0x34;
	vx[6] = 0x56;
}

static int
test_vxlan_encap_fdb_vf_to_wire(void)
{
	struct rte_flow_item_eth eth = {
		.dst.addr_bytes = { 0x0e, 0, 0, 0, 0, 0x0d },
		.src.addr_bytes = { 0x02, 0, 0, 0, 0, 0x0c },
	};
	struct rte_flow_item_ipv4 ip = {
		.hdr.src_addr = RTE_BE32(0x01010101),
		.hdr.dst_addr = RTE_BE32(0x02020202),
	};
	struct rte_flow_item_udp udp = { .hdr.src_port = RTE_BE16(5555) };
	struct rte_flow_item_vxlan vx = { .vni = { 0x12, 0x34, 0x56 } };
	struct rte_flow_item def[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH, .spec = &eth },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4, .spec = &ip },
		{ .type = RTE_FLOW_ITEM_TYPE_UDP, .spec = &udp },
		{ .type = RTE_FLOW_ITEM_TYPE_VXLAN, .spec = &vx },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct rte_flow_action_vxlan_encap enc = { .definition = def };
	struct rte_flow_action_port_id wire = { .id = 0 };
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_VXLAN_ENCAP, .conf = &enc },
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_ID, .conf = &wire },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	uint8_t frame[FRAME_LEN], want[VX_HDR + FRAME_LEN];
	int ret;

	ret = rw_fdb_vf_start(rw_p_eth, acts, &wire, frame);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	vxlan_oracle(want, FRAME_LEN);
	memcpy(want + VX_HDR, frame, FRAME_LEN);
	return rw_vf_to_wire(frame, want, (int)sizeof(want),
			     "the wire gets the frame",
			     "encapsulated byte for byte");
}

static int
test_vxlan_decap_fdb_wire_to_vf(void)
{
	static const uint8_t a[6] = { 0x02, 0, 0, 0, 0x0a, 0x01 };
	static const uint8_t b[6] = { 0x02, 0, 0, 0, 0x0b, 0x02 };
	struct rte_flow_action_ethdev to = { .port_id = 0 };
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_VXLAN_DECAP },
		{ .type = RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT, .conf = &to },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_attr attr = { .transfer = 1 };
	uint8_t inner[FRAME_LEN], frame[VX_HDR + FRAME_LEN];
	struct rte_flow_error err;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rw_up(), 0, "PF and representor 0 up");
	/* cppcheck-suppress unreadVariable ; read through the actions */
	to.port_id = rep0;
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_create(pf, &attr, rw_p_vxlan, acts, &err) != NULL,
		    "rule: %s", err.message ? err.message : "");
	build(inner, a, b, IPPROTO_TCP);
	vxlan_oracle(frame, FRAME_LEN);
	memcpy(frame + VX_HDR, inner, FRAME_LEN);
	return rw_wire_to_vf(frame, (int)sizeof(frame), inner, FRAME_LEN,
			     "VF 0 gets the inner frame",
			     "decapsulated byte for byte");
}

/* VF 0 -> wire with a pushed 802.1Q header, wire -> VF 0 with it popped. */
static int
test_vlan_push_pop_fdb(void)
{
	static const uint8_t a[6] = { 0x02, 0, 0, 0, 0x0a, 0x01 };
	static const uint8_t b[6] = { 0x02, 0, 0, 0, 0x0b, 0x02 };
	struct rte_flow_action_of_push_vlan push = { RTE_BE16(0x8100) };
	struct rte_flow_action_of_set_vlan_vid vid = { RTE_BE16(100) };
	struct rte_flow_action_of_set_vlan_pcp pcp = { 5 };
	struct rte_flow_action_port_id wire = { .id = 0 };
	struct rte_flow_action_ethdev to = { .port_id = 0 };
	const struct rte_flow_action a_push[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_OF_PUSH_VLAN, .conf = &push },
		{ .type = RTE_FLOW_ACTION_TYPE_OF_SET_VLAN_VID, .conf = &vid },
		{ .type = RTE_FLOW_ACTION_TYPE_OF_SET_VLAN_PCP, .conf = &pcp },
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_ID, .conf = &wire },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action a_pop[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_OF_POP_VLAN },
		{ .type = RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT, .conf = &to },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_attr attr = { .transfer = 1 };
	uint8_t frame[FRAME_LEN], tagged[FRAME_LEN + 4];
	struct rte_flow_error err;
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rw_up(), 0, "PF and representor 0 up");
	/* cppcheck-suppress unreadVariable ; read through the actions */
	wire.id = pf;
	/* cppcheck-suppress unreadVariable ; read through the actions */
	to.port_id = rep0;
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_create(rep0, &attr, rw_p_eth, a_push, &err) !=
			    NULL,
		    "push rule: %s", err.message ? err.message : "");
	TEST_ASSERT(rte_flow_create(pf, &attr, rw_p_vlan, a_pop, &err) != NULL,
		    "pop rule: %s", err.message ? err.message : "");
	build(frame, b, a, IPPROTO_UDP);
	memcpy(tagged, frame, 12);
	tagged[12] = 0x81;
	tagged[13] = 0x00;
	tagged[14] = (uint8_t)(5 << 5);
	tagged[15] = 100;
	memcpy(tagged + 16, frame + 12, FRAME_LEN - 12);
	ret = rw_vf_to_wire(frame, tagged, (int)sizeof(tagged),
			    "the wire gets it tagged",
			    "VLAN 100 PCP 5 pushed, byte for byte");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	return rw_wire_to_vf(tagged, (int)sizeof(tagged), frame, FRAME_LEN,
			     "VF 0 gets it untagged",
			     "VLAN popped, byte for byte");
}

/* One action list refused by validate: the error's cause is acts[at] and
 * its message contains what. */
static int
l3_refused(uint16_t port, const struct rte_flow_attr *attr,
	   const struct rte_flow_action *acts, int at, const char *what)
{
	return rw_refused(port, attr, rw_p_eth, acts, at, what, what);
}

/* L3 tunnel pairs where the PRM does not take them: L2_TO_L3_TUNNEL on
 * ingress, a tunnel decap on egress; and pairs that are no L3 tunnel. */
static int
l3_tunnel_refusals(void)
{
	/* Header bytes are not looked at before the sizes refuse. */
	static uint8_t hdr[64] = { 0x0e, 0, 0, 0, 0, 0x0d };
	struct rte_flow_action_raw_decap d_l2 = { .data = hdr, .size = 14 };
	struct rte_flow_action_raw_decap d_gre = { .data = hdr, .size = 38 };
	struct rte_flow_action_raw_encap e_gre = { .data = hdr, .size = 38 };
	struct rte_flow_action_raw_encap e_l2 = { .data = hdr, .size = 14 };
	struct rte_flow_action_raw_encap e_20 = { .data = hdr, .size = 20 };
	struct rte_flow_action_port_id wire = { .id = pf };
	struct rte_flow_action_queue q = { 0 };
	const struct rte_flow_action to_l3_rx[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_DECAP, .conf = &d_l2 },
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_ENCAP, .conf = &e_gre },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action to_l2_tx[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_DECAP, .conf = &d_gre },
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_ENCAP, .conf = &e_l2 },
		{ .type = RTE_FLOW_ACTION_TYPE_DROP },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action l2_20[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_DECAP, .conf = &d_gre },
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_ENCAP, .conf = &e_20 },
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_ID, .conf = &wire },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action l2_alone[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_DECAP, .conf = &d_l2 },
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_ID, .conf = &wire },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action encap_rx[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_ENCAP, .conf = &e_gre },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action vx_l2[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_VXLAN_DECAP },
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_ENCAP, .conf = &e_l2 },
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_ID, .conf = &wire },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_attr in = { .ingress = 1 };
	const struct rte_flow_attr out = { .egress = 1 };
	const struct rte_flow_attr fdb = { .transfer = 1 };
	int ret;

	ret = l3_refused(pf, &in, to_l3_rx, 0, "L2_TO_L3_TUNNEL");
	if (ret == MLX5X_TEST_PASS)
		ret = l3_refused(pf, &out, to_l2_tx, 0, "L3_TUNNEL_TO_L2");
	if (ret == MLX5X_TEST_PASS)
		ret = l3_refused(rep0, &fdb, l2_20, 1, "one VLAN tag (18)");
	if (ret == MLX5X_TEST_PASS)
		ret = l3_refused(rep0, &fdb, l2_alone, 0,
				 "raw_encap of an L3 tunnel header must follow");
	if (ret == MLX5X_TEST_PASS)
		ret = l3_refused(pf, &in, encap_rx, 0, "L2_TO_L2_TUNNEL");
	if (ret == MLX5X_TEST_PASS)
		ret = l3_refused(rep0, &fdb, vx_l2, 1,
				 "follows raw_decap only");
	return ret;
}

#define GRE_HDR (14 + 20 + 4)

/* Ethernet / IPv4 (protocol GRE) / GRE (protocol IPv4) in front of an IP
 * packet of ip_len bytes; fill: IPv4 total length and checksum set as the
 * adapter sets them after an encap. */
static void
gre_hdr(uint8_t *o, uint16_t ip_len, bool fill)
{
	static const uint8_t eth[14] = { 0x0e, 0, 0, 0, 0,    0x0d, 0x02,
					 0,    0, 0, 0, 0x0c, 0x08, 0x00 };
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(o + 14);
	uint8_t *g = o + 14 + 20;

	memcpy(o, eth, 14);
	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = 0x45;
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_GRE;
	ip->src_addr = RTE_BE32(0xc0a80001);
	ip->dst_addr = RTE_BE32(0xc0a80002);
	g[0] = 0;
	g[1] = 0;
	g[2] = 0x08;
	g[3] = 0x00;
	if (fill) {
		ip->total_length = rte_cpu_to_be_16(20 + 4 + ip_len);
		ip->hdr_checksum = rte_ipv4_cksum(ip);
	}
}

/* VF 0 -> wire: raw_decap of the Ethernet header, raw_encap of
 * Ethernet / IPv4 / GRE: L2_TO_L3_TUNNEL, the inner packet from its IPv4
 * header on behind the tunnel header, lengths and checksum filled. */
static int
test_l3_tunnel_encap_fdb_vf_to_wire(void)
{
	uint8_t tun[GRE_HDR], l2[14];
	struct rte_flow_action_raw_decap dec = { .data = l2, .size = 14 };
	struct rte_flow_action_raw_encap enc = { .data = tun,
						 .size = sizeof(tun) };
	struct rte_flow_action_port_id wire = { .id = 0 };
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_DECAP, .conf = &dec },
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_ENCAP, .conf = &enc },
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_ID, .conf = &wire },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	uint8_t frame[FRAME_LEN], want[GRE_HDR + FRAME_LEN];
	int ret, len = GRE_HDR + FRAME_LEN - L2;

	memset(l2, 0, sizeof(l2));
	gre_hdr(tun, 0, false);
	ret = rw_fdb_vf_start(rw_p_ipv4, acts, &wire, frame);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	gre_hdr(want, FRAME_LEN - L2, true);
	memcpy(want + GRE_HDR, frame + L2, FRAME_LEN - L2);
	return rw_vf_to_wire(frame, want, len,
			     "the wire gets the frame, L2 header replaced",
			     "GRE header, then the IPv4 packet, byte for byte");
}

/* The L3 tunnel decap scenario: outer, the Ethernet / IPv4 / GRE header
 * raw_decap names; l2, the 14-byte Ethernet header inner had; frame
 * (GRE_HDR + FRAME_LEN - L2 bytes), inner's IPv4 packet in GRE as the wire
 * sends it. */
static void
gre_decap_frames(uint8_t *outer, uint8_t *l2, uint8_t *inner, uint8_t *frame)
{
	static const uint8_t a[6] = { 0x02, 0, 0, 0, 0x0a, 0x01 };
	static const uint8_t b[6] = { 0x02, 0, 0, 0, 0x0b, 0x02 };

	gre_hdr(outer, 0, false);
	memcpy(l2, a, 6);
	memcpy(l2 + 6, b, 6);
	memcpy(l2 + 12, "\x08\x00", 2);
	build(inner, a, b, IPPROTO_TCP);
	gre_hdr(frame, FRAME_LEN - L2, true);
	memcpy(frame + GRE_HDR, inner + L2, FRAME_LEN - L2);
}

/* l2 becomes the 18-byte header with an 802.1Q tag, VLAN 7; want
 * (4 + FRAME_LEN bytes) the inner packet behind it. */
static void
gre_decap_tagged(uint8_t *l2, const uint8_t *inner, uint8_t *want)
{
	memcpy(l2 + 12, "\x81\x00\x00\x07\x08\x00", 6);
	memcpy(want, inner, 12);
	memcpy(want + 12, l2 + 12, 6);
	memcpy(want + 18, inner + L2, FRAME_LEN - L2);
}

/* Wire -> VF 0: raw_decap of Ethernet / IPv4 / GRE, raw_encap of a new
 * Ethernet header (14, then 18 bytes with a VLAN tag): L3_TUNNEL_TO_L2,
 * the inner IPv4 packet behind the given L2 header. */
static int
test_l3_tunnel_decap_fdb_wire_to_vf(void)
{
	uint8_t outer[GRE_HDR];
	uint8_t l2[18];
	struct rte_flow_action_raw_decap dec = { .data = outer,
						 .size = sizeof(outer) };
	struct rte_flow_action_raw_encap enc = { .data = l2, .size = 14 };
	struct rte_flow_action_raw_encap enc18 = { .data = l2, .size = 18 };
	struct rte_flow_action_ethdev to = { .port_id = 0 };
	struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_DECAP, .conf = &dec },
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_ENCAP, .conf = &enc },
		{ .type = RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT, .conf = &to },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_attr attr = { .transfer = 1 };
	uint8_t inner[FRAME_LEN], frame[GRE_HDR + FRAME_LEN - L2];
	uint8_t want[4 + FRAME_LEN];
	struct rte_flow_error err;
	struct rte_flow *f;
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rw_up(), 0, "PF and representor 0 up");
	/* cppcheck-suppress unreadVariable ; read through the actions */
	to.port_id = rep0;
	/* 14 bytes: the inner frame as it was before it went in. */
	gre_decap_frames(outer, l2, inner, frame);
	memset(&err, 0, sizeof(err));
	f = rte_flow_create(pf, &attr, rw_p_gre, acts, &err);
	TEST_ASSERT(f != NULL, "rule: %s", err.message ? err.message : "");
	ret = rw_wire_to_vf(frame, (int)sizeof(frame), inner, FRAME_LEN,
			    "VF 0 gets the inner packet with L2",
			    "decapsulated byte for byte");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, &err), 0, "destroy");
	/* 18 bytes: with an 802.1Q tag, VLAN 7. */
	acts[1].conf = &enc18;
	gre_decap_tagged(l2, inner, want);
	f = rte_flow_create(pf, &attr, rw_p_gre, acts, &err);
	TEST_ASSERT(f != NULL, "rule: %s", err.message ? err.message : "");
	return rw_wire_to_vf(frame, (int)sizeof(frame), want, 4 + FRAME_LEN,
			     "VF 0 gets it with a VLAN tag",
			     "decapsulated and tagged byte for byte");
}

/*
 * The test's own reading of an Ethernet / IPv4 / GRE frame of len bytes:
 * the outer IPv4 header well formed (version, IHL 5, total length up to
 * the frame's end, a valid checksum, protocol GRE), a GRE header with no
 * flags carrying IPv4. Returns the offset of the inner IPv4 packet, or -1
 * with what was wrong printed.
 */
static int
gre_decode(const uint8_t *f, int len)
{
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)(f + L2);
	const uint8_t *g = f + L2 + 20;
	struct rte_ipv4_hdr c;

	if (len < GRE_HDR + 20) {
		printf("    %d bytes: shorter than Ethernet/IPv4/GRE/IPv4\n",
		       len);
		return -1;
	}
	if (f[12] != 0x08 || f[13] != 0x00 || ip->version_ihl != 0x45) {
		printf("    outer: not Ethernet / IPv4 with IHL 5\n");
		return -1;
	}
	if (rte_be_to_cpu_16(ip->total_length) != len - L2) {
		printf("    outer IPv4 total length %u, frame carries %d\n",
		       rte_be_to_cpu_16(ip->total_length), len - L2);
		return -1;
	}
	c = *ip;
	c.hdr_checksum = 0;
	if (rte_ipv4_cksum(&c) != ip->hdr_checksum) {
		printf("    outer IPv4 checksum 0x%04x, want 0x%04x\n",
		       ip->hdr_checksum, rte_ipv4_cksum(&c));
		return -1;
	}
	if (ip->next_proto_id != IPPROTO_GRE || g[0] != 0 || g[1] != 0 ||
	    g[2] != 0x08 || g[3] != 0x00) {
		printf("    outer protocol %u, GRE %02x%02x %02x%02x: not GRE carrying IPv4\n",
		       ip->next_proto_id, g[0], g[1], g[2], g[3]);
		return -1;
	}
	return GRE_HDR;
}

/* The PF's Tx (egress): raw_decap of the Ethernet header, raw_encap of
 * Ethernet / IPv4 / GRE: L2_TO_L3_TUNNEL on NIC TX, which the PRM allows
 * on transmit tables; the wire gets the IPv4 packet inside GRE. */
static int
test_l3_tunnel_encap_nic_tx(void)
{
	static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0x0c, 0x03 };
	uint8_t tun[GRE_HDR], l2[14];
	struct rte_flow_action_raw_decap dec = { .data = l2, .size = 14 };
	struct rte_flow_action_raw_encap enc = { .data = tun,
						 .size = sizeof(tun) };
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_DECAP, .conf = &dec },
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_ENCAP, .conf = &enc },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_attr attr = { .egress = 1 };
	uint8_t frame[FRAME_LEN], want[GRE_HDR + FRAME_LEN], out[512];
	int n, in, ret, len = GRE_HDR + FRAME_LEN - L2;
	struct rte_ether_addr mac;
	struct rte_flow_error err;
	struct rte_flow *f;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rw_up(), 0, "PF and representor 0 up");
	TEST_ASSERT_EQ(rte_eth_macaddr_get(pf, &mac), 0, "MAC");
	memset(l2, 0, sizeof(l2));
	gre_hdr(tun, 0, false);
	memset(&err, 0, sizeof(err));
	f = rte_flow_create(pf, &attr, rw_p_udp, acts, &err);
	TEST_ASSERT(f != NULL, "egress rule: %s",
		    err.message ? err.message : "");
	build(frame, peer, mac.addr_bytes, IPPROTO_UDP);
	gre_hdr(want, FRAME_LEN - L2, true);
	memcpy(want + GRE_HDR, frame + L2, FRAME_LEN - L2);
	ret = rw_pf_sends(frame);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	n = e2e_capture_end(-1, out, sizeof(out));
	TEST_ASSERT_EQ(n, len, "the wire gets it, L2 header replaced");
	in = gre_decode(out, n);
	TEST_ASSERT(in >= 0, "the wire frame reads as Ethernet/IPv4/GRE");
	TEST_ASSERT(memcmp(out + in, frame + L2, FRAME_LEN - L2) == 0,
		    "the inner IPv4 packet is the one sent");
	ret = rw_bytes_same(out, want, len,
			    "tunnel header as given, lengths and checksum filled");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	/* A TCP frame is not the rule's: it leaves as it was sent. */
	build(frame, peer, mac.addr_bytes, IPPROTO_TCP);
	ret = rw_pf_sends(frame);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(e2e_capture_end(-1, out, sizeof(out)), FRAME_LEN,
		       "the wire gets the TCP frame");
	TEST_ASSERT(memcmp(out, frame, FRAME_LEN) == 0, "untouched");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, &err), 0, "destroy");
	return MLX5X_TEST_PASS;
}

/* Wire -> the PF's queue 0 (ingress): raw_decap of Ethernet / IPv4 / GRE,
 * raw_encap of a new Ethernet header: L3_TUNNEL_TO_L2 on NIC RX, which
 * the PRM allows on receive tables; the mbuf holds the inner packet
 * behind the given header (14 bytes, then 18 with a VLAN tag). */
static int
test_l3_tunnel_decap_nic_rx_queue(void)
{
	uint8_t outer[GRE_HDR], l2[18];
	struct rte_flow_action_raw_decap dec = { .data = outer,
						 .size = sizeof(outer) };
	struct rte_flow_action_raw_encap enc = { .data = l2, .size = 14 };
	struct rte_flow_action_raw_encap enc18 = { .data = l2, .size = 18 };
	struct rte_flow_action_queue q = { 0 };
	struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_DECAP, .conf = &dec },
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_ENCAP, .conf = &enc },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_attr attr = { .ingress = 1 };
	uint8_t inner[FRAME_LEN], frame[GRE_HDR + FRAME_LEN - L2];
	uint8_t want[4 + FRAME_LEN];
	struct rte_flow_error err;
	struct rte_flow *f;
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rw_up(), 0, "PF and representor 0 up");
	gre_decap_frames(outer, l2, inner, frame);
	TEST_ASSERT_EQ(gre_decode(frame, sizeof(frame)), GRE_HDR,
		       "the test's GRE frame reads back");
	memset(&err, 0, sizeof(err));
	f = rte_flow_create(pf, &attr, rw_p_gre, acts, &err);
	TEST_ASSERT(f != NULL, "ingress rule: %s",
		    err.message ? err.message : "");
	ret = rw_wire_to_queue(frame, (int)sizeof(frame), inner, FRAME_LEN,
			       "inner packet with 14 of L2",
			       "decapsulated byte for byte");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, &err), 0, "destroy");
	/* 18 bytes: the inner packet gets an 802.1Q tag, VLAN 7. */
	acts[1].conf = &enc18;
	gre_decap_tagged(l2, inner, want);
	f = rte_flow_create(pf, &attr, rw_p_gre, acts, &err);
	TEST_ASSERT(f != NULL, "ingress rule, 18 bytes: %s",
		    err.message ? err.message : "");
	/* The PMD may strip the tag into the mbuf only when asked
	 * (VLAN_STRIP is off here), so the bytes hold it. */
	ret = rw_wire_to_queue(frame, (int)sizeof(frame), want, 4 + FRAME_LEN,
			       "with the VLAN tag",
			       "decapsulated and tagged byte for byte");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, &err), 0, "destroy");
	return MLX5X_TEST_PASS;
}

static int
test_encap_refusals(void)
{
	static uint8_t big[200];
	struct rte_flow_action_raw_encap raw = { .data = big,
						 .size = sizeof(big) };
	struct rte_flow_item_eth eth = { .type = 0 };
	struct rte_flow_item def[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH, .spec = &eth },
		{ .type = RTE_FLOW_ITEM_TYPE_UDP, .spec = &eth },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct rte_flow_action_vxlan_encap enc = { .definition = def };
	struct rte_flow_action_port_id wire = { .id = 0 };
	const struct rte_flow_action a_raw[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_ENCAP, .conf = &raw },
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_ID, .conf = &wire },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action a_vx[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_VXLAN_ENCAP, .conf = &enc },
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_ID, .conf = &wire },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_attr attr = { .transfer = 1 };
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rw_up(), 0, "PF and representor 0 up");
	/* cppcheck-suppress unreadVariable ; read through the actions */
	wire.id = pf;
	ret = rw_refused(rep0, &attr, rw_p_eth, a_raw, 0, "200-byte raw_encap",
			 "max_encap_header_size");
	if (ret == MLX5X_TEST_PASS)
		ret = rw_refused(rep0, &attr, rw_p_eth, a_vx, 0,
				 "eth / udp definition", "out of place");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	return l3_tunnel_refusals();
}

#define NVGRE_HDR (14 + 20 + 8)

/* The NVGRE header (RFC 7637) the test expects in front of an inner frame
 * of len bytes: GRE with the key bit, protocol 0x6558, TNI 0xabcdef, flow
 * id 0x42; IPv4 total length and checksum filled. */
static void
nvgre_oracle(uint8_t *o, uint16_t inner_len)
{
	static const uint8_t eth[14] = { 0x0e, 0, 0, 0, 0,    0x0d, 0x02,
					 0,    0, 0, 0, 0x0c, 0x08, 0x00 };
	static const uint8_t gre[8] = { 0x20, 0,    0x65, 0x58,
					0xab, 0xcd, 0xef, 0x42 };
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(o + 14);

	memset(o, 0, NVGRE_HDR);
	memcpy(o, eth, sizeof(eth));
	ip->version_ihl = 0x45;
	ip->total_length = rte_cpu_to_be_16(20 + 8 + inner_len);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_GRE;
	ip->src_addr = RTE_BE32(0x01010101);
	ip->dst_addr = RTE_BE32(0x02020202);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	memcpy(o + 34, gre, sizeof(gre));
}

/* nvgre_encap VF 0 -> wire, nvgre_decap wire -> VF 0 (transfer rules). */
static int
test_nvgre_encap_decap_fdb(void)
{
	static const uint8_t a[6] = { 0x02, 0, 0, 0, 0x0a, 0x01 };
	static const uint8_t b[6] = { 0x02, 0, 0, 0, 0x0b, 0x02 };
	struct rte_flow_item_eth eth = {
		.dst.addr_bytes = { 0x0e, 0, 0, 0, 0, 0x0d },
		.src.addr_bytes = { 0x02, 0, 0, 0, 0, 0x0c },
	};
	struct rte_flow_item_ipv4 ip = {
		.hdr.src_addr = RTE_BE32(0x01010101),
		.hdr.dst_addr = RTE_BE32(0x02020202),
	};
	struct rte_flow_item_nvgre nv = { .tni = { 0xab, 0xcd, 0xef },
					  .flow_id = 0x42 };
	struct rte_flow_item def[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH, .spec = &eth },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4, .spec = &ip },
		{ .type = RTE_FLOW_ITEM_TYPE_NVGRE, .spec = &nv },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct rte_flow_action_nvgre_encap enc = { .definition = def };
	struct rte_flow_action_port_id wire = { .id = 0 };
	struct rte_flow_action_ethdev to = { .port_id = 0 };
	const struct rte_flow_action a_enc[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_NVGRE_ENCAP, .conf = &enc },
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_ID, .conf = &wire },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action a_dec[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_NVGRE_DECAP },
		{ .type = RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT, .conf = &to },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_attr attr = { .transfer = 1 };
	uint8_t frame[FRAME_LEN], want[NVGRE_HDR + FRAME_LEN];
	struct rte_flow_error err;
	struct rte_flow *f;
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rw_up(), 0, "PF and representor 0 up");
	/* cppcheck-suppress unreadVariable ; read through the actions */
	wire.id = pf;
	/* cppcheck-suppress unreadVariable ; read through the actions */
	to.port_id = rep0;
	memset(&err, 0, sizeof(err));
	f = rte_flow_create(rep0, &attr, rw_p_eth, a_enc, &err);
	TEST_ASSERT(f != NULL, "encap rule: %s",
		    err.message ? err.message : "");
	build(frame, b, a, IPPROTO_UDP);
	nvgre_oracle(want, FRAME_LEN);
	memcpy(want + NVGRE_HDR, frame, FRAME_LEN);
	ret = rw_vf_to_wire(frame, want, (int)sizeof(want),
			    "the wire gets the frame",
			    "encapsulated byte for byte");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(rte_flow_destroy(rep0, f, &err), 0, "destroy encap");
	/* The same NVGRE frame back from the wire: the inner frame reaches
	 * VF 0. */
	f = rte_flow_create(pf, &attr, rw_p_ipv4, a_dec, &err);
	TEST_ASSERT(f != NULL, "decap rule: %s",
		    err.message ? err.message : "");
	ret = rw_wire_to_vf(want, (int)sizeof(want), frame, FRAME_LEN,
			    "VF 0 gets the inner frame",
			    "decapsulated byte for byte");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, &err), 0, "destroy decap");
	/* A definition with a UDP header is no NVGRE one. */
	/* cppcheck-suppress unreadVariable ; read through the actions */
	def[2].type = RTE_FLOW_ITEM_TYPE_UDP;
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_validate(rep0, &attr, rw_p_eth, a_enc, &err) != 0,
		    "eth / ipv4 / udp definition refused");
	ret = rw_refused_as(&err, &a_enc[0], "eth / ipv4 / udp definition",
			    "nvgre_encap: definition item");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT(strstr(err.message, "eth / ipv4 or ipv6 / nvgre"),
		    "says what is wrong: %s", err.message);
	return MLX5X_TEST_PASS;
}

static unsigned int
count_lines(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);
	unsigned int c = 0;
	const char *p = text;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, prefix, n) == 0)
			c++;
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return c;
}

/* Rules with the same rewrite share one modify-header context: three
 * rules, two different command lists, two ALLOC_MODIFY_HEADER_CONTEXT;
 * the last rule gone, both contexts are deallocated. */
static int
test_rewrite_contexts_shared(void)
{
	static char trace[1 << 20];
	struct rte_flow_action_set_ipv4 a = { RTE_BE32(0x0a0a0a0a) };
	struct rte_flow_action_set_ipv4 b = { RTE_BE32(0x0b0b0b0b) };
	struct rte_flow_action_queue q = { 0 };
	struct rte_flow_item_udp udp[3] = {
		{ .hdr.dst_port = RTE_BE16(1) },
		{ .hdr.dst_port = RTE_BE16(2) },
		{ .hdr.dst_port = RTE_BE16(3) },
	};
	struct rte_flow_item_udp um = { .hdr.dst_port = RTE_BE16(0xffff) };
	struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_UDP, .spec = &udp[0], .mask = &um },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_SET_IPV4_DST, .conf = &a },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_attr attr = { .ingress = 1, .group = 1 };
	struct rte_flow_error err;
	struct rte_flow *f[3];
	unsigned int i;
	int ret;

	E2E_REQUIRE();
	setenv(MLX5X_EMU_CMD_TRACE_ENV, "1", 1);
	ret = rw_up();
	unsetenv(MLX5X_EMU_CMD_TRACE_ENV);
	TEST_ASSERT_EQ(ret, 0, "PF and representor 0 up");
	mlx5x_emu_cmd_trace_take(0, trace, sizeof(trace));
	for (i = 0; i < 3; i++) {
		pat[2].spec = &udp[i];
		acts[0].conf = i == 2 ? &b : &a;
		memset(&err, 0, sizeof(err));
		f[i] = rte_flow_create(pf, &attr, pat, acts, &err);
		TEST_ASSERT(f[i] != NULL, "rule %u: %s", i,
			    err.message ? err.message : "");
	}
	TEST_ASSERT(mlx5x_emu_cmd_trace_take(0, trace, sizeof(trace)) > 0,
		    "trace");
	TEST_ASSERT_EQ(count_lines(trace, "ALLOC_MODIFY_HEADER_CONTEXT "), 2,
		       "two contexts for three rules");
	for (i = 0; i < 2; i++)
		TEST_ASSERT_EQ(rte_flow_destroy(pf, f[i], &err), 0, "destroy");
	mlx5x_emu_cmd_trace_take(0, trace, sizeof(trace));
	TEST_ASSERT_EQ(count_lines(trace, "DEALLOC_MODIFY_HEADER_CONTEXT "), 1,
		       "the shared context goes with its last rule");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f[2], &err), 0, "destroy");
	mlx5x_emu_cmd_trace_take(0, trace, sizeof(trace));
	TEST_ASSERT_EQ(count_lines(trace, "DEALLOC_MODIFY_HEADER_CONTEXT "), 1,
		       "and the other with its rule");
	return MLX5X_TEST_PASS;
}

/* modify_field, VF 0 -> wire by a transfer rule: a whole MAC from an
 * immediate, 24 bits of the source MAC across its two PRM fields from a
 * pointer, a port copied onto the other, an address byte copied into
 * another address at another offset, and the TTL less 3. */
static int
test_modify_field_fdb_vf_to_wire(void)
{
	static const uint8_t new_dst[6] = { 0x0e, 0x10, 0x20, 0x30, 0x40, 0x50 };
	/* The whole field's bytes; bits 8..31 (from the least significant
	 * one) are taken: 0xa1 0xb2 0xc3 land on bytes 2..4 of the MAC. */
	static const uint8_t src_bits[6] = {
		0xff, 0xff, 0xa1, 0xb2, 0xc3, 0xff
	};
	struct rte_flow_action_modify_field mac_dst = {
		.operation = RTE_FLOW_MODIFY_SET,
		.dst = { .field = RTE_FLOW_FIELD_MAC_DST },
		.src = { .field = RTE_FLOW_FIELD_VALUE },
		.width = 48,
	};
	struct rte_flow_action_modify_field mac_src = {
		.operation = RTE_FLOW_MODIFY_SET,
		.dst = { .field = RTE_FLOW_FIELD_MAC_SRC, .offset = 8 },
		.src = { .field = RTE_FLOW_FIELD_POINTER },
		.width = 24,
	};
	struct rte_flow_action_modify_field ports = {
		.operation = RTE_FLOW_MODIFY_SET,
		.dst = { .field = RTE_FLOW_FIELD_UDP_PORT_DST },
		.src = { .field = RTE_FLOW_FIELD_UDP_PORT_SRC },
		.width = 16,
	};
	/* dst's top byte into src's lowest byte. */
	struct rte_flow_action_modify_field addr = {
		.operation = RTE_FLOW_MODIFY_SET,
		.dst = { .field = RTE_FLOW_FIELD_IPV4_SRC },
		.src = { .field = RTE_FLOW_FIELD_IPV4_DST, .offset = 24 },
		.width = 8,
	};
	struct rte_flow_action_modify_field ttl = {
		.operation = RTE_FLOW_MODIFY_SUB,
		.dst = { .field = RTE_FLOW_FIELD_IPV4_TTL },
		.src = { .field = RTE_FLOW_FIELD_VALUE, .value = { 3 } },
		.width = 8,
	};
	struct rte_flow_action_port_id wire = { .id = 0 };
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_MODIFY_FIELD, .conf = &mac_dst },
		{ .type = RTE_FLOW_ACTION_TYPE_MODIFY_FIELD, .conf = &mac_src },
		{ .type = RTE_FLOW_ACTION_TYPE_MODIFY_FIELD, .conf = &ports },
		{ .type = RTE_FLOW_ACTION_TYPE_MODIFY_FIELD, .conf = &addr },
		{ .type = RTE_FLOW_ACTION_TYPE_MODIFY_FIELD, .conf = &ttl },
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_ID, .conf = &wire },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	uint8_t frame[FRAME_LEN], want[FRAME_LEN];
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(want + L2);
	struct rte_udp_hdr *u = (struct rte_udp_hdr *)(want + L3);
	int ret;

	memcpy(mac_dst.src.value, new_dst, 6);
	/* cppcheck-suppress unreadVariable ; read through the actions */
	mac_src.src.pvalue = (void *)(uintptr_t)src_bits;
	ret = rw_fdb_vf_start(rw_p_udp, acts, &wire, frame);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	memcpy(want, frame, sizeof(want));
	memcpy(want, new_dst, 6);
	memcpy(want + 8, src_bits + 2, 3);
	u->dst_port = u->src_port;
	((uint8_t *)&ip->src_addr)[3] = ((uint8_t *)&ip->dst_addr)[0];
	ip->time_to_live = 61;
	fix_csums(want, FRAME_LEN);
	return rw_vf_to_wire(frame, want, FRAME_LEN, "the wire gets the frame",
			     "rewritten byte for byte, checksums right");
}

/* modify_field, wire -> the uplink's queue through an ingress rule: the
 * TCP sequence number plus an immediate, DSCP set, and the source
 * address's low half copied into the destination address. */
static int
test_modify_field_nic_rx_queue(void)
{
	static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0x0c, 0x03 };
	struct rte_flow_action_modify_field seq = {
		.operation = RTE_FLOW_MODIFY_ADD,
		.dst = { .field = RTE_FLOW_FIELD_TCP_SEQ_NUM },
		.src = { .field = RTE_FLOW_FIELD_VALUE,
			 .value = { 0, 0, 0x01, 0x02 } },
		.width = 32,
	};
	struct rte_flow_action_modify_field dscp = {
		.operation = RTE_FLOW_MODIFY_SET,
		.dst = { .field = RTE_FLOW_FIELD_IPV4_DSCP },
		.src = { .field = RTE_FLOW_FIELD_VALUE, .value = { 46 } },
		.width = 6,
	};
	struct rte_flow_action_modify_field addr = {
		.operation = RTE_FLOW_MODIFY_SET,
		.dst = { .field = RTE_FLOW_FIELD_IPV4_DST },
		.src = { .field = RTE_FLOW_FIELD_IPV4_SRC },
		.width = 16,
	};
	struct rte_flow_action_queue q = { 0 };
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_MODIFY_FIELD, .conf = &seq },
		{ .type = RTE_FLOW_ACTION_TYPE_MODIFY_FIELD, .conf = &dscp },
		{ .type = RTE_FLOW_ACTION_TYPE_MODIFY_FIELD, .conf = &addr },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	uint8_t frame[FRAME_LEN], want[FRAME_LEN];
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(want + L2);
	struct rte_tcp_hdr *t = (struct rte_tcp_hdr *)(want + L3);
	int ret;

	ret = rw_nic_rx_start(rw_p_tcp, acts, peer, frame, want);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	t->sent_seq = RTE_BE32(0x00000100); /* 0xfffffffe + 0x102, wrapped */
	ip->type_of_service = (uint8_t)(46 << 2 | (ip->type_of_service & 3));
	/* 10.0.0.2 takes 10.0.0.1's low half. */
	ip->dst_addr = RTE_BE32(0x0a000001);
	fix_csums(want, FRAME_LEN);
	return rw_wire_to_queue(frame, FRAME_LEN, want, FRAME_LEN, "length",
				"rewritten byte for byte, checksums right");
}

/* modify_field into TAG 1 (reg_c_3): the source address's low half from
 * the frame and 8 bits of an immediate at offset 16; a rule of group 1
 * matches the TAG item on the whole result and marks the frame. */
static int
test_modify_field_tag_nic_rx(void)
{
	static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0x0c, 0x03 };
	struct rte_flow_action_modify_field from_ip = {
		.operation = RTE_FLOW_MODIFY_SET,
		.dst = { .field = RTE_FLOW_FIELD_TAG, .level = 1 },
		.src = { .field = RTE_FLOW_FIELD_IPV4_SRC },
		.width = 16,
	};
	struct rte_flow_action_modify_field imm = {
		.operation = RTE_FLOW_MODIFY_SET,
		.dst = { .field = RTE_FLOW_FIELD_TAG, .level = 1, .offset = 16 },
		.src = { .field = RTE_FLOW_FIELD_VALUE },
		.width = 8,
	};
	uint32_t tag_imm = 0xffabffff; /* host order, as the TAG item */
	struct rte_flow_action_jump j1 = { .group = 1 };
	struct rte_flow_action_mark mark = { .id = 7 };
	struct rte_flow_action_queue q = { 0 };
	struct rte_flow_item_tag tag = { .data = 0x00ab0001, .index = 1 };
	struct rte_flow_item_tag tag_m = { .data = 0xffffffff, .index = 0xff };
	const struct rte_flow_item pat_tag[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_TAG, .spec = &tag, .mask = &tag_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_MODIFY_FIELD, .conf = &from_ip },
		{ .type = RTE_FLOW_ACTION_TYPE_MODIFY_FIELD, .conf = &imm },
		{ .type = RTE_FLOW_ACTION_TYPE_JUMP, .conf = &j1 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action acts_g1[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_MARK, .conf = &mark },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_attr attr = { .ingress = 1 };
	const struct rte_flow_attr g1 = { .ingress = 1, .group = 1 };
	uint8_t frame[FRAME_LEN];
	struct rte_ether_addr mac;
	struct rte_flow_error err;
	struct rte_mbuf *m[2];
	bool marked;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rw_up(), 0, "PF and representor 0 up");
	TEST_ASSERT_EQ(rte_eth_macaddr_get(pf, &mac), 0, "MAC");
	memcpy(imm.src.value, &tag_imm, sizeof(tag_imm));
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_create(pf, &g1, pat_tag, acts_g1, &err) != NULL,
		    "group 1 rule: %s", err.message ? err.message : "");
	TEST_ASSERT(rte_flow_create(pf, &attr, rw_p_tcp, acts, &err) != NULL,
		    "rule: %s", err.message ? err.message : "");
	build(frame, mac.addr_bytes, peer, IPPROTO_TCP);
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "the wire sends");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1, "queue 0 receives");
	marked = (m[0]->ol_flags & RTE_MBUF_F_RX_FDIR_ID) &&
		 m[0]->hash.fdir.hi == 7;
	rte_pktmbuf_free(m[0]);
	TEST_ASSERT(marked, "TAG 1 was 0x00ab0001: group 1 marked the frame");
	return MLX5X_TEST_PASS;
}

/* One modify_field refused: validate fails on the action with a message
 * containing what. */
static int
mf_refused(uint16_t port, const struct rte_flow_attr *attr,
	   const struct rte_flow_item *pat,
	   const struct rte_flow_action_modify_field *mf, const char *what)
{
	struct rte_flow_action_queue q = { 0 };
	struct rte_flow_action_port_id wire = { .id = pf };
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_MODIFY_FIELD, .conf = mf },
		attr->transfer
			? (struct rte_flow_action){ .type = RTE_FLOW_ACTION_TYPE_PORT_ID,
						    .conf = &wire }
			: (struct rte_flow_action){ .type = RTE_FLOW_ACTION_TYPE_QUEUE,
						    .conf = &q },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};

	return rw_refused(port, attr, pat, acts, 0, what, what);
}

static int
test_modify_field_refusals(void)
{
	const struct rte_flow_attr in = { .ingress = 1 };
	const struct rte_flow_attr fdb = { .transfer = 1 };
	struct rte_flow_action_modify_field mf;
	const struct {
		enum rte_flow_modify_op op;
		enum rte_flow_field_id dst, src;
		uint32_t dst_level, dst_off, src_off, width;
		bool transfer;
		const char *what;
	} cases[] = {
		{ RTE_FLOW_MODIFY_SET, RTE_FLOW_FIELD_VXLAN_VNI,
		  RTE_FLOW_FIELD_VALUE, 0, 0, 0, 24, false, "vxlan_vni" },
		{ RTE_FLOW_MODIFY_SET, RTE_FLOW_FIELD_IPV4_SRC,
		  RTE_FLOW_FIELD_VALUE, 2, 0, 0, 32, false, "level 2" },
		{ RTE_FLOW_MODIFY_SET, RTE_FLOW_FIELD_IPV4_TTL,
		  RTE_FLOW_FIELD_VALUE, 0, 4, 0, 8, false,
		  "ipv4_ttl: offset 4" },
		{ RTE_FLOW_MODIFY_SET, RTE_FLOW_FIELD_IPV4_DST,
		  RTE_FLOW_FIELD_TCP_PORT_SRC, 0, 0, 8, 16, false,
		  "tcp_port_src: offset 8" },
		{ RTE_FLOW_MODIFY_ADD, RTE_FLOW_FIELD_IPV4_SRC,
		  RTE_FLOW_FIELD_VALUE, 0, 0, 0, 32, false, "ipv4_src" },
		{ RTE_FLOW_MODIFY_ADD, RTE_FLOW_FIELD_IPV4_TTL,
		  RTE_FLOW_FIELD_VALUE, 0, 0, 0, 4, false, "whole field" },
		{ RTE_FLOW_MODIFY_ADD, RTE_FLOW_FIELD_TCP_SEQ_NUM,
		  RTE_FLOW_FIELD_TCP_ACK_NUM, 0, 0, 0, 32, false,
		  "adds only immediates" },
		{ RTE_FLOW_MODIFY_SET, RTE_FLOW_FIELD_IPV6_HOPLIMIT,
		  RTE_FLOW_FIELD_VALUE, 0, 0, 0, 8, false, "must match ipv6" },
		{ RTE_FLOW_MODIFY_SET, RTE_FLOW_FIELD_UDP_PORT_DST,
		  RTE_FLOW_FIELD_VALUE, 0, 0, 0, 16, false, "must match udp" },
		{ RTE_FLOW_MODIFY_SET, RTE_FLOW_FIELD_TAG, RTE_FLOW_FIELD_VALUE,
		  6, 0, 0, 32, false, "TAG index" },
		{ RTE_FLOW_MODIFY_SET, RTE_FLOW_FIELD_META,
		  RTE_FLOW_FIELD_VALUE, 0, 0, 0, 32, true, "META" },
	};
	unsigned int i;
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rw_up(), 0, "PF and representor 0 up");
	for (i = 0; i < RTE_DIM(cases); i++) {
		memset(&mf, 0, sizeof(mf));
		mf.operation = cases[i].op;
		mf.dst.field = cases[i].dst;
		mf.dst.level = cases[i].dst_level;
		mf.dst.offset = cases[i].dst_off;
		mf.src.field = cases[i].src;
		if (cases[i].src != RTE_FLOW_FIELD_VALUE)
			mf.src.offset = cases[i].src_off;
		mf.width = cases[i].width;
		ret = mf_refused(cases[i].transfer ? rep0 : pf,
				 cases[i].transfer ? &fdb : &in, rw_p_tcp, &mf,
				 cases[i].what);
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	return MLX5X_TEST_PASS;
}

/* The shortest L3 tunnel header, Ethernet + IPv4 and nothing more
 * (IP in IP, 34 bytes): after raw_decap of the Ethernet header it is an
 * L2_TO_L3_TUNNEL encap like GRE's, the inner packet from its IPv4 header
 * on behind it, the outer total length and checksum filled. */
static int
test_l3_tunnel_encap_ipip_shortest(void)
{
	static const uint8_t vf_mac[6] = { 0x02, 0, 0, 0, 0x0a, 0x01 };
	static const uint8_t gw_mac[6] = { 0x02, 0, 0, 0, 0x0b, 0x02 };
	static const uint8_t eth[14] = { 0x0e, 0, 0, 0, 0,    0x0d, 0x02,
					 0,    0, 0, 0, 0x0c, 0x08, 0x00 };
	uint8_t tun[14 + 20], l2[14];
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(tun + 14);
	struct rte_flow_action_raw_decap dec = { .data = l2, .size = 14 };
	struct rte_flow_action_raw_encap enc = { .data = tun,
						 .size = sizeof(tun) };
	struct rte_flow_action_port_id wire = { .id = 0 };
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_DECAP, .conf = &dec },
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_ENCAP, .conf = &enc },
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_ID, .conf = &wire },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_attr attr = { .transfer = 1 };
	uint8_t frame[FRAME_LEN], want[sizeof(tun) + FRAME_LEN];
	struct rte_ipv4_hdr *wip = (struct rte_ipv4_hdr *)(want + 14);
	struct rte_flow_error err;
	int len = (int)sizeof(tun) + FRAME_LEN - L2;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rw_up(), 0, "PF and representor 0 up");
	/* cppcheck-suppress unreadVariable ; read through the actions */
	wire.id = pf;
	memset(l2, 0, sizeof(l2));
	memcpy(tun, eth, sizeof(eth));
	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = 0x45;
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_IPIP;
	ip->src_addr = RTE_BE32(0xc0a80001);
	ip->dst_addr = RTE_BE32(0xc0a80002);
	memset(&err, 0, sizeof(err));
	TEST_ASSERT_EQ(rte_flow_validate(rep0, &attr, rw_p_ipv4, acts, &err), 0,
		       "validate: %s", err.message ? err.message : "");
	TEST_ASSERT(rte_flow_create(rep0, &attr, rw_p_ipv4, acts, &err) != NULL,
		    "rule: %s", err.message ? err.message : "");
	build(frame, gw_mac, vf_mac, IPPROTO_UDP);
	memcpy(want, tun, sizeof(tun));
	wip->total_length = rte_cpu_to_be_16(20 + FRAME_LEN - L2);
	wip->hdr_checksum = rte_ipv4_cksum(wip);
	memcpy(want + sizeof(tun), frame + L2, FRAME_LEN - L2);
	return rw_vf_to_wire(frame, want, len,
			     "the wire gets the frame, L2 header replaced",
			     "outer IPv4 (protocol 4), then the IPv4 packet, byte for byte");
}

/* modify_field of a whole TAG from an immediate (host order, as the TAG
 * item holds it): each of its four bytes lands where the TAG item reads
 * it, so a group 1 rule matching the exact value marks the frame, and a
 * rule for the value with any byte different does not. */
static int
test_modify_field_tag_whole_immediate(void)
{
	static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0x0c, 0x03 };
	static const uint32_t others[] = { 0x12345679, 0x12345778, 0x12355678,
					   0x13345678 };
	uint32_t tag_imm = 0x12345678;
	struct rte_flow_action_modify_field imm = {
		.operation = RTE_FLOW_MODIFY_SET,
		.dst = { .field = RTE_FLOW_FIELD_TAG, .level = 1 },
		.src = { .field = RTE_FLOW_FIELD_VALUE },
		.width = 32,
	};
	struct rte_flow_action_jump j1 = { .group = 1 };
	struct rte_flow_action_mark mark = { .id = 7 };
	struct rte_flow_action_queue q = { 0 };
	struct rte_flow_item_tag tag = { .data = 0x12345678, .index = 1 };
	struct rte_flow_item_tag tag_m = { .data = 0xffffffff, .index = 0xff };
	struct rte_flow_item_tag miss = { .index = 1 };
	const struct rte_flow_item pat_tag[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_TAG, .spec = &tag, .mask = &tag_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item pat_miss[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_TAG,
		  .spec = &miss,
		  .mask = &tag_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_MODIFY_FIELD, .conf = &imm },
		{ .type = RTE_FLOW_ACTION_TYPE_JUMP, .conf = &j1 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action acts_g1[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_MARK, .conf = &mark },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action acts_other[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_attr attr = { .ingress = 1 };
	const struct rte_flow_attr g1 = { .ingress = 1, .group = 1 };
	uint8_t frame[FRAME_LEN];
	struct rte_ether_addr mac;
	struct rte_flow_error err;
	struct rte_mbuf *m[2];
	unsigned int i;
	bool marked;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rw_up(), 0, "PF and representor 0 up");
	TEST_ASSERT_EQ(rte_eth_macaddr_get(pf, &mac), 0, "MAC");
	memcpy(imm.src.value, &tag_imm, sizeof(tag_imm));
	memset(&err, 0, sizeof(err));
	/* Near misses first: each differs from the value in one byte. */
	for (i = 0; i < RTE_DIM(others); i++) {
		/* cppcheck-suppress unreadVariable ; read through pat_miss */
		miss.data = others[i];
		TEST_ASSERT(rte_flow_create(pf, &g1, pat_miss, acts_other,
					    &err) != NULL,
			    "group 1 rule for 0x%08x: %s", others[i],
			    err.message ? err.message : "");
	}
	TEST_ASSERT(rte_flow_create(pf, &g1, pat_tag, acts_g1, &err) != NULL,
		    "group 1 rule: %s", err.message ? err.message : "");
	TEST_ASSERT(rte_flow_create(pf, &attr, rw_p_tcp, acts, &err) != NULL,
		    "rule: %s", err.message ? err.message : "");
	build(frame, mac.addr_bytes, peer, IPPROTO_TCP);
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "the wire sends");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1, "queue 0 receives");
	marked = (m[0]->ol_flags & RTE_MBUF_F_RX_FDIR_ID) &&
		 m[0]->hash.fdir.hi == 7;
	rte_pktmbuf_free(m[0]);
	TEST_ASSERT(marked, "TAG 1 was 0x12345678: group 1 marked the frame");
	return MLX5X_TEST_PASS;
}

/* Each header field modify_field writes, set from an immediate over its
 * whole width as its protocol defines it (MAC 48 bits, VLAN ID 12, ether
 * type 16, DSCP 6, TTL / hop limit 8, IPv4 address 32, IPv6 128, port 16,
 * TCP sequence and acknowledgement numbers 32), under a pattern naming its
 * header: that width is accepted, one bit more is refused naming the
 * field's width. */
static int
test_modify_field_widths(void)
{
	static const struct {
		enum rte_flow_field_id field;
		uint32_t bits;
		bool v6;
	} f[] = {
		{ RTE_FLOW_FIELD_MAC_DST, 48, false },
		{ RTE_FLOW_FIELD_MAC_SRC, 48, false },
		{ RTE_FLOW_FIELD_VLAN_ID, 12, false },
		{ RTE_FLOW_FIELD_MAC_TYPE, 16, false },
		{ RTE_FLOW_FIELD_IPV4_DSCP, 6, false },
		{ RTE_FLOW_FIELD_IPV4_TTL, 8, false },
		{ RTE_FLOW_FIELD_IPV4_SRC, 32, false },
		{ RTE_FLOW_FIELD_IPV4_DST, 32, false },
		{ RTE_FLOW_FIELD_TCP_PORT_SRC, 16, false },
		{ RTE_FLOW_FIELD_TCP_PORT_DST, 16, false },
		{ RTE_FLOW_FIELD_TCP_SEQ_NUM, 32, false },
		{ RTE_FLOW_FIELD_TCP_ACK_NUM, 32, false },
		{ RTE_FLOW_FIELD_IPV6_DSCP, 6, true },
		{ RTE_FLOW_FIELD_IPV6_HOPLIMIT, 8, true },
		{ RTE_FLOW_FIELD_IPV6_SRC, 128, true },
		{ RTE_FLOW_FIELD_IPV6_DST, 128, true },
		{ RTE_FLOW_FIELD_UDP_PORT_SRC, 16, true },
		{ RTE_FLOW_FIELD_UDP_PORT_DST, 16, true },
	};
	const struct rte_flow_attr in = { .ingress = 1 };
	struct rte_flow_action_modify_field mf;
	struct rte_flow_action_queue q = { 0 };
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_MODIFY_FIELD, .conf = &mf },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error err;
	char want[48];
	unsigned int i;
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rw_up(), 0, "PF and representor 0 up");
	for (i = 0; i < RTE_DIM(f); i++) {
		memset(&mf, 0, sizeof(mf));
		mf.operation = RTE_FLOW_MODIFY_SET;
		mf.dst.field = f[i].field;
		mf.src.field = RTE_FLOW_FIELD_VALUE;
		mf.width = f[i].bits;
		memset(&err, 0, sizeof(err));
		TEST_ASSERT_EQ(rte_flow_validate(pf, &in,
						 f[i].v6 ? rw_p_ipv6_udp
							 : rw_p_tcp,
						 acts, &err),
			       0, "field %d, %u bits: %s", (int)f[i].field,
			       f[i].bits, err.message ? err.message : "");
		/* cppcheck-suppress redundantAssignment ; read through acts[] */
		mf.width = f[i].bits + 1;
		snprintf(want, sizeof(want), "width %u beyond its %u bits",
			 f[i].bits + 1, f[i].bits);
		ret = mf_refused(pf, &in, f[i].v6 ? rw_p_ipv6_udp : rw_p_tcp,
				 &mf, want);
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	return MLX5X_TEST_PASS;
}

/* A copy that spans two of the PRM's fields on both sides (the MAC's high
 * 32 and low 16 bits): source MAC bits 8..39 into the destination MAC's
 * bits 8..39, that is bytes 1..4, in a frame to the uplink's queue. */
static int
test_modify_field_copy_across_prm_fields(void)
{
	static const uint8_t peer[6] = { 0x02, 0xa1, 0xb2, 0xc3, 0xd4, 0x05 };
	struct rte_flow_action_modify_field mac = {
		.operation = RTE_FLOW_MODIFY_SET,
		.dst = { .field = RTE_FLOW_FIELD_MAC_DST, .offset = 8 },
		.src = { .field = RTE_FLOW_FIELD_MAC_SRC, .offset = 8 },
		.width = 32,
	};
	struct rte_flow_action_queue q = { 0 };
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_MODIFY_FIELD, .conf = &mac },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	uint8_t frame[FRAME_LEN], want[FRAME_LEN];
	int ret;

	ret = rw_nic_rx_start(rw_p_tcp, acts, peer, frame, want);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	memcpy(want + 1, peer + 1, 4);
	return rw_wire_to_queue(frame, FRAME_LEN, want, FRAME_LEN, "length",
				"destination MAC bytes 1..4 from the source MAC's");
}

MLX5X_TEST_SUITE(e2e_flow_rewrite_suite, "e2e_flow_rewrite", "e2e", rw_setup,
		 rw_teardown, MLX5X_TEST_CASE(test_rewrite_fdb_vf_to_wire),
		 MLX5X_TEST_CASE(test_rewrite_nic_rx_queue),
		 MLX5X_TEST_CASE(test_rewrite_refusals),
		 MLX5X_TEST_CASE(test_vxlan_encap_fdb_vf_to_wire),
		 MLX5X_TEST_CASE(test_vxlan_decap_fdb_wire_to_vf),
		 MLX5X_TEST_CASE(test_nvgre_encap_decap_fdb),
		 MLX5X_TEST_CASE(test_vlan_push_pop_fdb),
		 MLX5X_TEST_CASE(test_encap_refusals),
		 MLX5X_TEST_CASE(test_rewrite_contexts_shared),
		 MLX5X_TEST_CASE(test_modify_field_fdb_vf_to_wire),
		 MLX5X_TEST_CASE(test_modify_field_nic_rx_queue),
		 MLX5X_TEST_CASE(test_modify_field_tag_nic_rx),
		 MLX5X_TEST_CASE(test_modify_field_refusals),
		 MLX5X_TEST_CASE(test_l3_tunnel_encap_fdb_vf_to_wire),
		 MLX5X_TEST_CASE(test_l3_tunnel_decap_fdb_wire_to_vf),
		 MLX5X_TEST_CASE(test_l3_tunnel_encap_nic_tx),
		 MLX5X_TEST_CASE(test_l3_tunnel_decap_nic_rx_queue),
		 MLX5X_TEST_CASE(test_l3_tunnel_encap_ipip_shortest),
		 MLX5X_TEST_CASE(test_modify_field_tag_whole_immediate),
		 MLX5X_TEST_CASE(test_modify_field_widths),
		 MLX5X_TEST_CASE(test_modify_field_copy_across_prm_fields))
