/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Offloads as an application asks for them: Tx IPv4/UDP checksums and VLAN
 * insertion show on the wire; Rx VLAN stripping and checksum verdicts show
 * in the mbuf.
 */
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"

static uint16_t pf;
static struct rte_ether_addr pf_mac;
static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0, 0x33 };

static int
offload_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
offload_teardown(void)
{
	e2e_detach();
}

static int
offload_port_up(uint64_t rx, uint64_t tx)
{
	struct rte_eth_conf conf;

	if (e2e_attach(NULL) != 0)
		return -1;
	pf = e2e_port_by_name(E2E_PCI);
	rte_eth_macaddr_get(pf, &pf_mac);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = rx;
	conf.txmode.offloads = tx;
	return e2e_port_start(pf, 1, &conf);
}

static int
wire_take(uint8_t *out, size_t len)
{
	int got = 0, tries;

	for (tries = 0; tries < 1000 && got == 0; tries++) {
		mlx5x_emu_poll();
		got = mlx5x_emu_capture_wire(0, out, len);
		if (got == 0)
			usleep(1000);
	}
	return got;
}

static int
test_tx_ipv4_udp_checksums(void)
{
	uint8_t frame[128], out[2048];
	struct rte_ipv4_hdr *ip;
	struct rte_udp_hdr *udp;
	uint16_t ip_ck, udp_ck;
	struct rte_mbuf *m;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(offload_port_up(0, RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
						  RTE_ETH_TX_OFFLOAD_UDP_CKSUM),
		       0, "PF up with Tx checksum offloads");
	e2e_udp_frame(frame, sizeof(frame), peer, pf_mac.addr_bytes, 0x0a000001,
		      0x0a000002, 1000, 2000);
	ip = (struct rte_ipv4_hdr *)(frame + RTE_ETHER_HDR_LEN);
	udp = (struct rte_udp_hdr *)(ip + 1);
	ip->hdr_checksum = 0;
	ip_ck = rte_ipv4_cksum(ip);
	udp->dgram_cksum = 0;
	udp_ck = rte_ipv4_udptcp_cksum(ip, udp);
	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame, sizeof(frame));
	m->l2_len = RTE_ETHER_HDR_LEN;
	m->l3_len = sizeof(*ip);
	m->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM |
		      RTE_MBUF_F_TX_UDP_CKSUM;
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "sent");
	TEST_ASSERT_EQ(wire_take(out, sizeof(out)), sizeof(frame), "on wire");
	ip = (struct rte_ipv4_hdr *)(out + RTE_ETHER_HDR_LEN);
	udp = (struct rte_udp_hdr *)(ip + 1);
	TEST_ASSERT_EQ(ip->hdr_checksum, ip_ck, "IPv4 header checksum");
	TEST_ASSERT_EQ(udp->dgram_cksum, udp_ck, "UDP checksum");
	return MLX5X_TEST_PASS;
}

static int
test_tx_vlan_insert(void)
{
	uint8_t frame[80], out[2048];
	struct rte_mbuf *m;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(offload_port_up(0, RTE_ETH_TX_OFFLOAD_VLAN_INSERT), 0,
		       "PF up with VLAN insertion");
	e2e_udp_frame(frame, sizeof(frame), peer, pf_mac.addr_bytes, 1, 2, 3,
		      4);
	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame, sizeof(frame));
	m->ol_flags = RTE_MBUF_F_TX_VLAN;
	m->vlan_tci = 0x2123;
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "sent");
	TEST_ASSERT_EQ(wire_take(out, sizeof(out)), sizeof(frame) + 4,
		       "one tag longer");
	TEST_ASSERT(memcmp(out, frame, 12) == 0, "MACs unchanged");
	TEST_ASSERT(out[12] == 0x81 && out[13] == 0x00 && out[14] == 0x21 &&
			    out[15] == 0x23,
		    "802.1Q tag with TCI 0x2123");
	TEST_ASSERT(memcmp(out + 16, frame + 12, sizeof(frame) - 12) == 0,
		    "rest of the frame after the tag");
	return MLX5X_TEST_PASS;
}

static int
test_rx_vlan_strip_and_checksum(void)
{
	uint8_t frame[100], tagged[104];
	struct rte_mbuf *m[2];
	struct rte_ipv4_hdr *ip;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(offload_port_up(RTE_ETH_RX_OFFLOAD_VLAN_STRIP |
					       RTE_ETH_RX_OFFLOAD_CHECKSUM,
				       0),
		       0, "PF up with VLAN strip and checksum");
	e2e_udp_frame(frame, sizeof(frame), pf_mac.addr_bytes, peer, 0x0a000002,
		      0x0a000001, 5, 6);
	ip = (struct rte_ipv4_hdr *)(frame + RTE_ETHER_HDR_LEN);
	((struct rte_udp_hdr *)(ip + 1))->dgram_cksum =
		rte_ipv4_udptcp_cksum(ip, (struct rte_udp_hdr *)(ip + 1));
	memcpy(tagged, frame, 12);
	/* PCP 5, DEI 1, VID 0x042: every bit of the TCI must come back. */
	tagged[12] = 0x81, tagged[13] = 0x00, tagged[14] = 0xb0,
	tagged[15] = 0x42;
	memcpy(tagged + 16, frame + 12, sizeof(frame) - 12);
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, tagged, sizeof(tagged)), 0,
		       "inject tagged");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1, "received");
	TEST_ASSERT(m[0]->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED, "stripped");
	TEST_ASSERT_EQ(m[0]->vlan_tci, 0xb042,
		       "the whole TCI reported (PCP, DEI and VID)");
	TEST_ASSERT_EQ(m[0]->pkt_len, sizeof(frame), "tag removed");
	TEST_ASSERT(memcmp(rte_pktmbuf_mtod(m[0], void *), frame,
			   sizeof(frame)) == 0,
		    "the untagged frame");
	TEST_ASSERT_EQ(m[0]->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK,
		       RTE_MBUF_F_RX_IP_CKSUM_GOOD, "IP checksum good");
	TEST_ASSERT_EQ(m[0]->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK,
		       RTE_MBUF_F_RX_L4_CKSUM_GOOD, "UDP checksum good");
	rte_pktmbuf_free(m[0]);
	ip->hdr_checksum ^= 0x5555;
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject with a bad IP checksum");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1, "received");
	TEST_ASSERT_EQ(m[0]->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK,
		       RTE_MBUF_F_RX_IP_CKSUM_BAD, "IP checksum bad");
	rte_pktmbuf_free(m[0]);
	return MLX5X_TEST_PASS;
}

/* An IPv4/TCP frame of len bytes (>= 54) with a correct TCP checksum,
 * built here from the RFC 793 layout (no driver code). */
static void
tcp4_frame(uint8_t *buf, uint16_t len, const uint8_t *dst, const uint8_t *src,
	   uint16_t sport, uint16_t dport)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(buf + 14);
	struct rte_tcp_hdr *tcp = (struct rte_tcp_hdr *)(ip + 1);
	uint16_t i;

	memset(buf, 0, len);
	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	buf[12] = 0x08, buf[13] = 0x00;
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(len - 14));
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_TCP;
	ip->src_addr = rte_cpu_to_be_32(0x0a000002);
	ip->dst_addr = rte_cpu_to_be_32(0x0a000001);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	tcp->src_port = rte_cpu_to_be_16(sport);
	tcp->dst_port = rte_cpu_to_be_16(dport);
	tcp->sent_seq = rte_cpu_to_be_32(12345);
	tcp->data_off = 5 << 4;
	tcp->tcp_flags = RTE_TCP_ACK_FLAG;
	tcp->rx_win = rte_cpu_to_be_16(1024);
	for (i = 54; i < len; i++)
		buf[i] = (uint8_t)(i * 3);
	tcp->cksum = rte_ipv4_udptcp_cksum(ip, tcp);
}

/* The checksum verdicts of one received frame, or -1 if none came. */
static int64_t
rx_csum_flags(const uint8_t *frame, size_t len)
{
	struct rte_mbuf *m;
	uint64_t f;

	if (mlx5x_emu_inject_wire(0, frame, len) != 0 ||
	    e2e_rx_wait(pf, 0, &m, 1) != 1)
		return -1;
	f = m->ol_flags &
	    (RTE_MBUF_F_RX_IP_CKSUM_MASK | RTE_MBUF_F_RX_L4_CKSUM_MASK);
	rte_pktmbuf_free(m);
	return (int64_t)f;
}

/* A TCP or UDP checksum that does not add up is reported BAD, a good one
 * GOOD, with the IP verdict GOOD in both cases. */
static int
test_rx_l4_checksum_bad(void)
{
	const int64_t good =
		RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_GOOD;
	const int64_t bad =
		RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_BAD;
	uint8_t frame[100];
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(frame + 14);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	struct rte_tcp_hdr *tcp = (struct rte_tcp_hdr *)(ip + 1);

	E2E_REQUIRE();
	TEST_ASSERT_EQ(offload_port_up(RTE_ETH_RX_OFFLOAD_CHECKSUM, 0), 0,
		       "PF up with Rx checksum");
	e2e_udp_frame(frame, sizeof(frame), pf_mac.addr_bytes, peer, 0x0a000002,
		      0x0a000001, 7, 8);
	udp->dgram_cksum = 0;
	udp->dgram_cksum = rte_ipv4_udptcp_cksum(ip, udp);
	TEST_ASSERT_EQ(rx_csum_flags(frame, sizeof(frame)), good,
		       "UDP with a good checksum");
	udp->dgram_cksum ^= 0x0f0f;
	TEST_ASSERT_EQ(rx_csum_flags(frame, sizeof(frame)), bad,
		       "UDP with a bad checksum");
	tcp4_frame(frame, sizeof(frame), pf_mac.addr_bytes, peer, 40000, 80);
	TEST_ASSERT_EQ(rx_csum_flags(frame, sizeof(frame)), good,
		       "TCP with a good checksum");
	tcp->cksum ^= 0x1234;
	TEST_ASSERT_EQ(rx_csum_flags(frame, sizeof(frame)), bad,
		       "TCP with a bad checksum");
	return MLX5X_TEST_PASS;
}

/* Without the strip offload the tag stays in the frame, byte for byte,
 * and no VLAN flag is set. */
static int
test_rx_vlan_kept_without_strip(void)
{
	uint8_t tagged[104];
	struct rte_mbuf *m;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(offload_port_up(0, 0), 0, "PF up without VLAN strip");
	e2e_udp_frame(tagged + 4, 100, pf_mac.addr_bytes, peer, 0x0a000002,
		      0x0a000001, 5, 6);
	memmove(tagged, tagged + 4, 12);
	tagged[12] = 0x81, tagged[13] = 0x00, tagged[14] = 0x60,
	tagged[15] = 0x07;
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, tagged, sizeof(tagged)), 0,
		       "inject tagged");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, &m, 1), 1, "received");
	TEST_ASSERT(!(m->ol_flags &
		      (RTE_MBUF_F_RX_VLAN_STRIPPED | RTE_MBUF_F_RX_VLAN)),
		    "not stripped (flags 0x%llx)",
		    (unsigned long long)m->ol_flags);
	TEST_ASSERT_EQ(m->pkt_len, sizeof(tagged), "the tag is still there");
	TEST_ASSERT(memcmp(rte_pktmbuf_mtod(m, void *), tagged,
			   sizeof(tagged)) == 0,
		    "the tagged frame, byte for byte");
	rte_pktmbuf_free(m);
	return MLX5X_TEST_PASS;
}

/* A TCP/IPv4 frame from the peer to the PF at p: 54 header bytes (sequence
 * 1000000, ACK and PSH), then payload bytes of a pattern. */
static void
tso_frame(uint8_t *p, uint32_t payload)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(p + 14);
	struct rte_tcp_hdr *tcp = (struct rte_tcp_hdr *)(ip + 1);
	uint32_t i;

	memset(p, 0, 14 + 20 + 20);
	memcpy(p, peer, 6);
	memcpy(p + 6, pf_mac.addr_bytes, 6);
	p[12] = 0x08;
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(20 + 20 + payload));
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_TCP;
	ip->src_addr = rte_cpu_to_be_32(0x0a000001);
	ip->dst_addr = rte_cpu_to_be_32(0x0a000002);
	tcp->src_port = rte_cpu_to_be_16(40000);
	tcp->dst_port = rte_cpu_to_be_16(80);
	tcp->sent_seq = rte_cpu_to_be_32(1000000);
	tcp->data_off = 5 << 4;
	tcp->tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG;
	tcp->rx_win = rte_cpu_to_be_16(65535);
	for (i = 14 + 20 + 20; i < 14 + 20 + 20 + payload; i++)
		p[i] = (uint8_t)(i * 7);
}

/* Ask the adapter to cut tso_frame's TCP/IPv4 packet m at mss, with both
 * checksums. */
static void
tso_ask(struct rte_mbuf *m, uint16_t mss)
{
	m->l2_len = 14;
	m->l3_len = 20;
	m->l4_len = 20;
	m->tso_segsz = mss;
	m->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM |
		      RTE_MBUF_F_TX_TCP_CKSUM | RTE_MBUF_F_TX_TCP_SEG;
}

/* TSO: a 3000-byte TCP payload with MSS 1000 leaves as three frames with
 * the sequence numbers, lengths and checksums a receiver expects. */
static int
test_tx_tso(void)
{
	enum { PAYLOAD = 3000, MSS = 1000, HDR = 14 + 20 + 20 };
	static uint8_t pkt[HDR + PAYLOAD];
	struct rte_eth_dev_info info;
	struct rte_mbuf *m, *m2;
	uint8_t out[2048];
	unsigned int i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach(NULL), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	if (!(info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_TCP_TSO))
		TEST_SKIP("the emulated model reports no LSO capability");
	e2e_detach();
	TEST_ASSERT_EQ(offload_port_up(0,
				       RTE_ETH_TX_OFFLOAD_TCP_TSO |
					       RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
					       RTE_ETH_TX_OFFLOAD_TCP_CKSUM |
					       RTE_ETH_TX_OFFLOAD_MULTI_SEGS),
		       0, "PF up with TSO");
	tso_frame(pkt, PAYLOAD);
	/* Two mbufs: 1500 + 1554 bytes. */
	m = rte_pktmbuf_alloc(e2e_pool());
	m2 = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL && m2 != NULL, "mbufs");
	memcpy(rte_pktmbuf_append(m, 1500), pkt, 1500);
	memcpy(rte_pktmbuf_append(m2, sizeof(pkt) - 1500), pkt + 1500,
	       sizeof(pkt) - 1500);
	TEST_ASSERT_EQ(rte_pktmbuf_chain(m, m2), 0, "chain");
	tso_ask(m, MSS);
	TEST_ASSERT_EQ(rte_eth_tx_prepare(pf, 0, &m, 1), 1, "prepared");
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "sent");
	for (i = 0; i < PAYLOAD / MSS; i++) {
		struct rte_ipv4_hdr *oip;
		struct rte_tcp_hdr *otcp;
		uint16_t ck;

		TEST_ASSERT_EQ(wire_take(out, sizeof(out)), HDR + MSS,
			       "segment %u: headers + MSS", i);
		oip = (struct rte_ipv4_hdr *)(out + 14);
		otcp = (struct rte_tcp_hdr *)(oip + 1);
		TEST_ASSERT_EQ(rte_be_to_cpu_16(oip->total_length), 40 + MSS,
			       "segment %u IPv4 total length", i);
		TEST_ASSERT_EQ(rte_be_to_cpu_32(otcp->sent_seq),
			       1000000 + i * MSS, "segment %u sequence", i);
		TEST_ASSERT(memcmp(out + HDR, pkt + HDR + i * MSS, MSS) == 0,
			    "segment %u payload", i);
		ck = oip->hdr_checksum;
		oip->hdr_checksum = 0;
		TEST_ASSERT_EQ(ck, rte_ipv4_cksum(oip),
			       "segment %u IPv4 checksum", i);
		ck = otcp->cksum;
		otcp->cksum = 0;
		TEST_ASSERT_EQ(ck, rte_ipv4_udptcp_cksum(oip, otcp),
			       "segment %u TCP checksum", i);
	}
	TEST_ASSERT_EQ(mlx5x_emu_capture_wire(0, out, sizeof(out)), 0,
		       "exactly three segments");
	return e2e_detach_check();
}

/* The PF up with TSO, checksums and extra Tx offloads, nothing left on
 * the wire, counters zeroed; skipped where the model has no LSO. */
static int
tso_port_up(uint64_t extra)
{
	struct rte_eth_dev_info info;
	uint8_t out[2048];

	TEST_ASSERT_EQ(e2e_attach(NULL), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	if (!(info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_TCP_TSO))
		TEST_SKIP("the emulated model reports no LSO capability");
	e2e_detach();
	TEST_ASSERT_EQ(offload_port_up(0,
				       RTE_ETH_TX_OFFLOAD_TCP_TSO |
					       RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
					       RTE_ETH_TX_OFFLOAD_TCP_CKSUM |
					       extra),
		       0, "PF up with TSO");
	while (mlx5x_emu_capture_wire(0, out, sizeof(out)) > 0)
		;
	TEST_ASSERT_EQ(rte_eth_stats_reset(pf), 0, "stats reset");
	TEST_ASSERT_EQ(rte_eth_xstats_reset(pf), 0, "xstats reset");
	return MLX5X_TEST_PASS;
}

/* The burst's own rule, not tx_prepare's: a TSO mbuf without a segment
 * size handed straight to tx_burst (as an application that skips
 * tx_prepare does) is consumed, never reaches the wire, and is counted;
 * the queue keeps sending. */
static int
test_tx_burst_drops_tso_without_segsz(void)
{
	struct rte_eth_stats st;
	uint8_t frame[200], out[2048];
	struct rte_mbuf *m, *pair[2];
	int ret;

	E2E_REQUIRE();
	ret = tso_port_up(0);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	tcp4_frame(frame, sizeof(frame), peer, pf_mac.addr_bytes, 1234, 80);
	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame, sizeof(frame));
	m->l2_len = 14;
	m->l3_len = 20;
	m->l4_len = 20;
	m->tso_segsz = 0;
	m->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM |
		      RTE_MBUF_F_TX_TCP_CKSUM | RTE_MBUF_F_TX_TCP_SEG;
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1,
		       "consumed by the burst (freed, not left to the caller)");
	TEST_ASSERT_EQ(wire_take(out, sizeof(out)), 0, "nothing on the wire");
	TEST_ASSERT_EQ(e2e_xstat_by_name(pf, "tx_bad_tso_drops"), 1,
		       "counted as a bad TSO drop");
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT_EQ(st.oerrors, 1, "and as an output error");
	TEST_ASSERT_EQ(st.opackets, 0, "not as sent");

	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame, sizeof(frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "a plain one sent");
	TEST_ASSERT_EQ(wire_take(out, sizeof(out)), sizeof(frame),
		       "the queue still sends");
	TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0, "byte for byte");

	/* In one burst with a good mbuf: the good one is sent and counted
	 * as sent, the bad one only as an error. */
	TEST_ASSERT_EQ(rte_eth_stats_reset(pf), 0, "stats reset");
	TEST_ASSERT_EQ(rte_eth_xstats_reset(pf), 0, "xstats reset");
	pair[0] = rte_pktmbuf_alloc(e2e_pool());
	pair[1] = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(pair[0] != NULL && pair[1] != NULL, "mbufs");
	memcpy(rte_pktmbuf_append(pair[0], sizeof(frame)), frame,
	       sizeof(frame));
	memcpy(rte_pktmbuf_append(pair[1], sizeof(frame)), frame,
	       sizeof(frame));
	pair[0]->l2_len = 14;
	pair[0]->l3_len = 20;
	pair[0]->l4_len = 20;
	pair[0]->tso_segsz = 0;
	pair[0]->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM |
			    RTE_MBUF_F_TX_TCP_CKSUM | RTE_MBUF_F_TX_TCP_SEG;
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, pair, 2), 2, "both consumed");
	TEST_ASSERT_EQ(wire_take(out, sizeof(out)), sizeof(frame),
		       "the good one on the wire");
	TEST_ASSERT_EQ(wire_take(out, sizeof(out)), 0, "and only that one");
	TEST_ASSERT_EQ(e2e_xstat_by_name(pf, "tx_bad_tso_drops"), 1,
		       "one bad TSO drop");
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT_EQ(st.opackets, 1, "one sent");
	TEST_ASSERT_EQ(st.obytes, sizeof(frame), "its bytes");
	TEST_ASSERT_EQ(st.oerrors, 1, "one error");
	return e2e_detach_check();
}

/* TSO mbufs whose segments hold no byte, or fewer than the headers they
 * declare (l2 + l3 + l4 = 54; PRM LSO: every header byte inline), among
 * good ones in one burst: each bad one taken, dropped and counted as a
 * bad mbuf (oerrors, tx_q0_bad_mbuf_drops), the good ones on the wire as
 * built, and the queue stops and starts again cleanly. */
static int
test_tx_burst_drops_tso_short_of_headers(void)
{
	struct rte_eth_stats st;
	uint8_t frame[200], out[2048];
	struct rte_mbuf *m[4];
	unsigned int i;
	int ret;

	E2E_REQUIRE();
	ret = tso_port_up(RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	tcp4_frame(frame, sizeof(frame), peer, pf_mac.addr_bytes, 1234, 80);
	for (i = 0; i < RTE_DIM(m); i++) {
		m[i] = rte_pktmbuf_alloc(e2e_pool());
		TEST_ASSERT(m[i] != NULL, "mbuf");
		/* Good ones first and last: 200 bytes, no offload. */
		if (i == 0 || i == 3) {
			memcpy(rte_pktmbuf_append(m[i], sizeof(frame)), frame,
			       sizeof(frame));
			continue;
		}
		/* The second empty, the third 40 of its 54 header bytes. */
		if (i == 2)
			memcpy(rte_pktmbuf_append(m[i], 40), frame, 40);
		m[i]->pkt_len = sizeof(frame); /* what it claims */
		m[i]->l2_len = 14;
		m[i]->l3_len = 20;
		m[i]->l4_len = 20;
		m[i]->tso_segsz = 60;
		m[i]->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM |
				 RTE_MBUF_F_TX_TCP_CKSUM |
				 RTE_MBUF_F_TX_TCP_SEG;
	}
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, RTE_DIM(m)), RTE_DIM(m),
		       "all four consumed");
	for (i = 0; i < 2; i++) {
		TEST_ASSERT_EQ(wire_take(out, sizeof(out)), sizeof(frame),
			       "good frame %u on the wire", i);
		TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0,
			    "good frame %u byte for byte", i);
	}
	TEST_ASSERT_EQ(wire_take(out, sizeof(out)), 0, "and only those");
	TEST_ASSERT_EQ(e2e_xstat_by_name(pf, "tx_q0_bad_mbuf_drops"), 2,
		       "two bad mbufs");
	TEST_ASSERT_EQ(e2e_xstat_by_name(pf, "tx_wqe_errors"), 0,
		       "no error completion");
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT(st.opackets == 2 && st.oerrors == 2,
		    "%" PRIu64 " sent, %" PRIu64 " errors", st.opackets,
		    st.oerrors);
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start again");
	m[0] = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m[0] != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m[0], sizeof(frame)), frame, sizeof(frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, 1), 1, "sent after restart");
	TEST_ASSERT_EQ(wire_take(out, sizeof(out)), sizeof(frame),
		       "on the wire after restart");
	return e2e_detach_check();
}

/* frame's first 64 + 4 * (segs - 1) bytes as a chain of segs mbufs: 64
 * bytes, then 4 a segment; NULL when the pool runs dry. */
static struct rte_mbuf *
tx_chain(const uint8_t *frame, unsigned int segs)
{
	struct rte_mbuf *head, *seg;
	unsigned int i;

	head = rte_pktmbuf_alloc(e2e_pool());
	if (head == NULL)
		return NULL;
	memcpy(rte_pktmbuf_append(head, 64), frame, 64);
	for (i = 0; i < segs - 1; i++) {
		seg = rte_pktmbuf_alloc(e2e_pool());
		if (seg == NULL || rte_pktmbuf_chain(head, seg) != 0) {
			rte_pktmbuf_free(seg);
			rte_pktmbuf_free(head);
			return NULL;
		}
		memcpy(rte_pktmbuf_append(head, 4), frame + 64 + 4 * i, 4);
	}
	return head;
}

/*
 * A chain of more segments than a send WQE can gather (33), handed to the
 * burst directly (ethdev does not check): consumed and freed by the
 * driver, counted as a drop, and the good mbuf after it in the same burst
 * is sent. A chain of exactly the most it gathers (nb_seg_max, 32) is
 * sent whole.
 */
static int
test_tx_burst_drops_too_many_segs(void)
{
	enum { SEGS = 33 };
	struct rte_eth_stats st;
	uint8_t frame[SEGS * 4 + 64], out[2048];
	struct rte_mbuf *pair[2];
	struct rte_eth_dev_info info;
	unsigned int avail, i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(offload_port_up(0, RTE_ETH_TX_OFFLOAD_MULTI_SEGS), 0,
		       "PF up with multi-segment Tx");
	while (mlx5x_emu_capture_wire(0, out, sizeof(out)) > 0)
		;
	TEST_ASSERT_EQ(rte_eth_stats_reset(pf), 0, "stats reset");
	TEST_ASSERT_EQ(rte_eth_xstats_reset(pf), 0, "xstats reset");
	e2e_udp_frame(frame, sizeof(frame), peer, pf_mac.addr_bytes, 1, 2, 3,
		      4);
	avail = rte_mempool_avail_count(e2e_pool());
	pair[0] = tx_chain(frame, SEGS);
	TEST_ASSERT(pair[0] != NULL, "a %d-segment chain", (int)SEGS);
	TEST_ASSERT_EQ(pair[0]->nb_segs, SEGS, "a %d-segment chain", (int)SEGS);
	pair[1] = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(pair[1] != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(pair[1], 100), frame, 100);
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, pair, 2), 2, "both consumed");
	TEST_ASSERT_EQ(wire_take(out, sizeof(out)), 100,
		       "the good one on the wire");
	TEST_ASSERT(memcmp(out, frame, 100) == 0, "byte for byte");
	TEST_ASSERT_EQ(wire_take(out, sizeof(out)), 0, "and only that one");
	TEST_ASSERT_EQ(e2e_xstat_by_name(pf, "tx_too_many_segs_drops"), 1,
		       "counted as a too-many-segments drop");
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT_EQ(st.oerrors, 1, "and as an output error");
	TEST_ASSERT_EQ(st.opackets, 1, "one sent");
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "device info");
	TEST_ASSERT_EQ(info.tx_desc_lim.nb_seg_max, SEGS - 1,
		       "the most segments a packet may have: %d", SEGS - 1);
	pair[0] = tx_chain(frame, SEGS - 1);
	TEST_ASSERT(pair[0] != NULL, "a %d-segment chain", SEGS - 1);
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, pair, 1), 1, "consumed");
	TEST_ASSERT_EQ(wire_take(out, sizeof(out)), 64 + 4 * (SEGS - 2),
		       "the %d-segment chain on the wire, whole", SEGS - 1);
	TEST_ASSERT(memcmp(out, frame, 64 + 4 * (SEGS - 2)) == 0,
		    "byte for byte");
	TEST_ASSERT_EQ(e2e_xstat_by_name(pf, "tx_too_many_segs_drops"), 1,
		       "not counted as a drop");
	/* Completions free the sent ones; the dropped chain went at once. */
	for (i = 0; i < 1000 && rte_mempool_avail_count(e2e_pool()) != avail;
	     i++) {
		mlx5x_emu_poll();
		rte_eth_tx_done_cleanup(pf, 0, 0);
		usleep(100);
	}
	TEST_ASSERT_EQ(rte_mempool_avail_count(e2e_pool()), avail,
		       "every mbuf of the chain back in the pool");
	return MLX5X_TEST_PASS;
}

/* tso_frame with payload bytes in one mbuf, asking for TSO at mss (and for
 * a VLAN tag when tci is not 0). */
static struct rte_mbuf *
tso_packet(uint32_t payload, uint16_t mss, uint16_t tci)
{
	static uint8_t f[54 + 1500];
	struct rte_mbuf *m;

	if (payload > sizeof(f) - 54)
		return NULL;
	tso_frame(f, payload);
	m = e2e_tx_packet(f, 54 + payload, 1);
	if (m == NULL)
		return NULL;
	tso_ask(m, mss);
	if (tci != 0) {
		m->ol_flags |= RTE_MBUF_F_TX_VLAN;
		m->vlan_tci = tci;
	}
	return m;
}

/*
 * Basic stats count what left the port, as mlx5 counts a TSO send: every
 * frame the adapter cuts is a packet of opackets, and obytes is their
 * bytes, headers repeated (and the tag where one is inserted), the same as
 * the adapter's own vport counters and the wire: 1500 bytes of payload at
 * MSS 500 are three frames, 1200 are three (the last of 200), with a tag
 * too, 300 one; the plain frame after each counts one.
 */
static int
test_tx_tso_counts_frames_on_wire(void)
{
	static const struct {
		uint32_t payload;
		uint16_t tci;
		unsigned int frames;
	} v[] = {
		{ 1500, 0, 3 },
		{ 1200, 0, 3 },
		{ 1200, 100, 3 },
		{ 300, 0, 1 },
	};
	struct rte_eth_stats st;
	struct rte_mbuf *m[2];
	uint8_t out[2048];
	uint64_t bytes;
	unsigned int i, frames;
	int got, ret;

	E2E_REQUIRE();
	ret = tso_port_up(RTE_ETH_TX_OFFLOAD_VLAN_INSERT);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	for (i = 0; i < RTE_DIM(v); i++) {
		TEST_ASSERT_EQ(rte_eth_stats_reset(pf), 0, "stats reset");
		TEST_ASSERT_EQ(rte_eth_xstats_reset(pf), 0, "xstats reset");
		m[0] = tso_packet(v[i].payload, 500, v[i].tci);
		m[1] = tso_packet(100, 500, 0);
		TEST_ASSERT(m[0] != NULL && m[1] != NULL, "mbufs");
		/* The second a plain frame: no segmentation asked. */
		m[1]->ol_flags &= ~RTE_MBUF_F_TX_TCP_SEG;
		m[1]->tso_segsz = 0;
		TEST_ASSERT_EQ(rte_eth_tx_prepare(pf, 0, m, 2), 2, "prepared");
		TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, 2), 2, "sent");
		for (frames = 0, bytes = 0;
		     frames <= v[i].frames &&
		     (got = wire_take(out, sizeof(out))) > 0;
		     frames++) {
			bytes += (uint64_t)got;
			if (v[i].tci != 0 && frames < v[i].frames)
				TEST_ASSERT(out[12] == 0x81 && out[13] == 0 &&
						    out[15] == v[i].tci,
					    "frame %u tagged", frames);
		}
		mlx5x_emu_poll();
		TEST_ASSERT(frames == v[i].frames + 1 &&
				    mlx5x_emu_capture_wire(0, out,
							   sizeof(out)) == 0,
			    "%u payload bytes: %u frames on the wire",
			    v[i].payload, frames);
		TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
		TEST_ASSERT(st.opackets == frames && st.obytes == bytes &&
				    st.q_opackets[0] == frames &&
				    st.q_obytes[0] == bytes && st.oerrors == 0,
			    "%u payload bytes: counted %" PRIu64
			    " packets, %" PRIu64
			    " bytes; the wire %u, %" PRIu64,
			    v[i].payload, st.opackets, st.obytes, frames,
			    bytes);
		TEST_ASSERT_EQ(e2e_xstat_by_name(pf, "tx_vport_packets"),
			       (int64_t)frames, "the adapter's count");
		TEST_ASSERT_EQ(e2e_xstat_by_name(pf, "tx_vport_bytes"),
			       (int64_t)bytes, "the adapter's bytes");
	}
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(e2e_offload_suite, "e2e_offload", "e2e", offload_setup,
		 offload_teardown, MLX5X_TEST_CASE(test_tx_ipv4_udp_checksums),
		 MLX5X_TEST_CASE(test_tx_vlan_insert),
		 MLX5X_TEST_CASE(test_rx_vlan_strip_and_checksum),
		 MLX5X_TEST_CASE(test_rx_l4_checksum_bad),
		 MLX5X_TEST_CASE(test_rx_vlan_kept_without_strip),
		 MLX5X_TEST_CASE(test_tx_tso),
		 MLX5X_TEST_CASE(test_tx_tso_counts_frames_on_wire),
		 MLX5X_TEST_CASE(test_tx_burst_drops_tso_without_segsz),
		 MLX5X_TEST_CASE(test_tx_burst_drops_too_many_segs),
		 MLX5X_TEST_CASE(test_tx_burst_drops_tso_short_of_headers))
