/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RSS: UDP/IPv4 flows spread over four Rx queues exactly as an independent
 * Toeplitz hash of (source IP, destination IP, source port, destination
 * port) and the port's RETA say, with the hash in the mbuf; a RETA update
 * moves the flows.
 */
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"
#include "test_toeplitz.h"

#define NB_Q 4
#define NB_FLOWS 64

static const uint8_t rss_key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
	0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
	0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
	0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/* An IPv6/UDP frame (no extension headers) of len bytes. */
static void
udp6_frame(uint8_t *buf, uint16_t len, const uint8_t *dst, const uint8_t *src,
	   const uint8_t *sip, const uint8_t *dip, uint16_t sport,
	   uint16_t dport)
{
	uint16_t plen = (uint16_t)(len - 14 - 40);

	memset(buf, 0, len);
	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	buf[12] = 0x86, buf[13] = 0xdd;
	buf[14] = 0x60;
	buf[18] = (uint8_t)(plen >> 8), buf[19] = (uint8_t)plen;
	buf[20] = IPPROTO_UDP;
	buf[21] = 64;
	memcpy(buf + 22, sip, 16);
	memcpy(buf + 38, dip, 16);
	buf[54] = (uint8_t)(sport >> 8), buf[55] = (uint8_t)sport;
	buf[56] = (uint8_t)(dport >> 8), buf[57] = (uint8_t)dport;
	buf[58] = (uint8_t)(plen >> 8), buf[59] = (uint8_t)plen;
}

static int
rss_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
rss_teardown(void)
{
	e2e_detach();
}

/* The PF up with RSS over NB_Q queues, on the default adapter or on one
 * set up by emu_config (NULL: the default). */
static uint16_t
rss_port_up_on(const char *emu_config)
{
	struct rte_eth_conf conf;
	uint16_t pf;

	if ((emu_config != NULL ? e2e_attach_config(emu_config, NULL)
				: e2e_attach(NULL)) != 0)
		return UINT16_MAX;
	pf = e2e_port_by_name(E2E_PCI);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_RSS_HASH;
	conf.rx_adv_conf.rss_conf.rss_key = (uint8_t *)(uintptr_t)rss_key;
	conf.rx_adv_conf.rss_conf.rss_key_len = sizeof(rss_key);
	conf.rx_adv_conf.rss_conf.rss_hf =
		RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_UDP |
		RTE_ETH_RSS_NONFRAG_IPV4_TCP | RTE_ETH_RSS_IPV6 |
		RTE_ETH_RSS_NONFRAG_IPV6_UDP;
	if (e2e_port_start(pf, NB_Q, &conf) != 0)
		return UINT16_MAX;
	return pf;
}

static uint16_t
rss_port_up(void)
{
	return rss_port_up_on(NULL);
}

static int
rss_check(uint16_t pf, const uint16_t *reta, uint16_t reta_size)
{
	return e2e_rss_check(pf, NB_Q, rss_key, sizeof(rss_key), reta,
			     reta_size, NB_FLOWS, NULL);
}

static int
test_rss_matches_toeplitz(void)
{
	struct rte_eth_dev_info info;
	uint16_t reta[512], pf, i;

	E2E_REQUIRE();
	pf = rss_port_up();
	TEST_ASSERT(pf != UINT16_MAX, "PF up with RSS over %u queues", NB_Q);
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	for (i = 0; i < info.reta_size; i++)
		reta[i] = i % NB_Q;
	return rss_check(pf, reta, info.reta_size);
}

static int
test_reta_update_moves_flows(void)
{
	struct rte_eth_rss_reta_entry64 conf[512 / RTE_ETH_RETA_GROUP_SIZE];
	struct rte_eth_dev_info info;
	uint16_t reta[512], pf, i;

	E2E_REQUIRE();
	pf = rss_port_up();
	TEST_ASSERT(pf != UINT16_MAX, "PF up with RSS over %u queues", NB_Q);
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	memset(conf, 0, sizeof(conf));
	for (i = 0; i < info.reta_size; i++) {
		reta[i] = (uint16_t)((i * 3 + 1) % NB_Q);
		conf[i / RTE_ETH_RETA_GROUP_SIZE].mask |=
			1ull << (i % RTE_ETH_RETA_GROUP_SIZE);
		conf[i / RTE_ETH_RETA_GROUP_SIZE]
			.reta[i % RTE_ETH_RETA_GROUP_SIZE] = reta[i];
	}
	TEST_ASSERT_EQ(rte_eth_dev_rss_reta_update(pf, conf, info.reta_size), 0,
		       "RETA update");
	memset(conf, 0, sizeof(conf));
	for (i = 0; i < info.reta_size; i++)
		conf[i / RTE_ETH_RETA_GROUP_SIZE].mask |=
			1ull << (i % RTE_ETH_RETA_GROUP_SIZE);
	TEST_ASSERT_EQ(rte_eth_dev_rss_reta_query(pf, conf, info.reta_size), 0,
		       "RETA query");
	for (i = 0; i < info.reta_size; i++)
		TEST_ASSERT_EQ(conf[i / RTE_ETH_RETA_GROUP_SIZE]
				       .reta[i % RTE_ETH_RETA_GROUP_SIZE],
			       reta[i], "RETA entry %u reads back", i);
	/* (A RETA entry naming a missing queue is refused by ethdev before
	 * the driver sees it: not a claim about mlx5x.) */
	return rss_check(pf, reta, info.reta_size);
}

/* An adapter whose RQTs hold at most 2^6 entries (HCA cap
 * log_max_rqt_size): the port's RETA has 64 entries, not 512, and RSS
 * follows it. A RETA larger than the cap could not be created at all. */
static int
test_rss_reta_follows_rqt_cap(void)
{
	struct rte_eth_rss_reta_entry64 conf[64 / RTE_ETH_RETA_GROUP_SIZE];
	struct rte_eth_dev_info info;
	uint16_t reta[64], pf, i;

	E2E_REQUIRE();
	pf = rss_port_up_on(E2E_EMU_CONFIG ",log_max_rqt_size=6");
	TEST_ASSERT(pf != UINT16_MAX, "PF up with RSS over %u queues", NB_Q);
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	TEST_ASSERT_EQ(info.reta_size, 64, "RETA size of a 2^6-entry RQT");
	memset(conf, 0, sizeof(conf));
	for (i = 0; i < 64; i++) {
		reta[i] = (uint16_t)((i * 5 + 2) % NB_Q);
		conf[i / RTE_ETH_RETA_GROUP_SIZE].mask |=
			1ull << (i % RTE_ETH_RETA_GROUP_SIZE);
		conf[i / RTE_ETH_RETA_GROUP_SIZE]
			.reta[i % RTE_ETH_RETA_GROUP_SIZE] = reta[i];
	}
	TEST_ASSERT_EQ(rte_eth_dev_rss_reta_update(pf, conf, 64), 0,
		       "RETA update");
	if (rss_check(pf, reta, 64) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	return e2e_detach_check();
}

/* IPv6/UDP flows: the hash covers both 128-bit addresses and the ports. */
static int
test_rss_ipv6_matches_toeplitz(void)
{
	struct rte_eth_dev_info info;
	struct rte_ether_addr mac;
	uint16_t pf;
	unsigned int f;

	E2E_REQUIRE();
	pf = rss_port_up();
	TEST_ASSERT(pf != UINT16_MAX, "PF up with RSS over %u queues", NB_Q);
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	rte_eth_macaddr_get(pf, &mac);
	for (f = 0; f < NB_FLOWS; f++) {
		uint8_t tuple[36], frame[100], sip[16], dip[16];
		uint16_t sport = (uint16_t)(2000 + f * 17), dport = 53, q,
			 got = 0, want;
		struct rte_mbuf *m[4];
		uint32_t hash;
		unsigned int i;

		for (i = 0; i < 16; i++) {
			sip[i] = (uint8_t)(0x20 + i * f);
			dip[i] = (uint8_t)(0xfe - i - f);
		}
		memcpy(tuple, sip, 16);
		memcpy(tuple + 16, dip, 16);
		tuple[32] = sport >> 8, tuple[33] = (uint8_t)sport;
		tuple[34] = dport >> 8, tuple[35] = (uint8_t)dport;
		hash = mlx5x_test_toeplitz(rss_key, sizeof(rss_key), tuple,
					   sizeof(tuple));
		want = (uint16_t)((hash % info.reta_size) % NB_Q);
		udp6_frame(frame, sizeof(frame), mac.addr_bytes,
			   (const uint8_t[]){ 2, 0, 0, 0, 0, 6 }, sip, dip,
			   sport, dport);
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)),
			       0, "inject flow %u", f);
		got = e2e_rx_first_queue(pf, NB_Q, want, m, 4, &q);
		TEST_ASSERT_EQ(got, 1, "IPv6 flow %u received once", f);
		TEST_ASSERT_EQ(q, want, "IPv6 flow %u (hash 0x%08x) queue", f,
			       hash);
		TEST_ASSERT_EQ(m[0]->hash.rss, hash, "IPv6 flow %u hash", f);
		TEST_ASSERT_EQ(m[0]->packet_type & RTE_PTYPE_L3_MASK,
			       RTE_PTYPE_L3_IPV6_EXT_UNKNOWN, "IPv6 ptype");
		rte_pktmbuf_free(m[0]);
	}
	return MLX5X_TEST_PASS;
}

/* An IPv4/TCP frame (RFC 791/793 layout, built here) of len bytes. */
static void
tcp4_frame(uint8_t *buf, uint16_t len, const uint8_t *dst, const uint8_t *src,
	   uint32_t sip, uint32_t dip, uint16_t sport, uint16_t dport)
{
	memset(buf, 0, len);
	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	buf[12] = 0x08, buf[13] = 0x00;
	buf[14] = 0x45;
	buf[16] = (uint8_t)((len - 14) >> 8), buf[17] = (uint8_t)(len - 14);
	buf[22] = 64;
	buf[23] = IPPROTO_TCP;
	buf[26] = sip >> 24, buf[27] = sip >> 16, buf[28] = sip >> 8;
	buf[29] = (uint8_t)sip;
	buf[30] = dip >> 24, buf[31] = dip >> 16, buf[32] = dip >> 8;
	buf[33] = (uint8_t)dip;
	buf[34] = (uint8_t)(sport >> 8), buf[35] = (uint8_t)sport;
	buf[36] = (uint8_t)(dport >> 8), buf[37] = (uint8_t)dport;
	buf[46] = 5 << 4;
	buf[47] = 0x10; /* ACK */
	buf[48] = 0x04;
}

/* IPv4/TCP flows: the hash covers the ports too (RSS_NONFRAG_IPV4_TCP),
 * so flows between the same two hosts spread by port. */
static int
test_rss_ipv4_tcp_hashes_ports(void)
{
	struct rte_eth_dev_info info;
	struct rte_ether_addr mac;
	unsigned int f, spread[NB_Q] = { 0 }, used = 0;
	uint16_t pf, q;

	E2E_REQUIRE();
	pf = rss_port_up();
	TEST_ASSERT(pf != UINT16_MAX, "PF up with RSS over %u queues", NB_Q);
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	rte_eth_macaddr_get(pf, &mac);
	for (f = 0; f < NB_FLOWS; f++) {
		/* One pair of hosts: only the ports tell the flows apart. */
		uint32_t sip = 0x0a0a0a0a, dip = 0xc0a80101, hash;
		uint16_t sport = (uint16_t)(1024 + f * 977), dport = 443,
			 got = 0, want;
		uint8_t tuple[12], frame[80];
		struct rte_mbuf *m[4];

		tuple[0] = sip >> 24, tuple[1] = sip >> 16, tuple[2] = sip >> 8,
		tuple[3] = (uint8_t)sip;
		tuple[4] = dip >> 24, tuple[5] = dip >> 16, tuple[6] = dip >> 8,
		tuple[7] = (uint8_t)dip;
		tuple[8] = sport >> 8, tuple[9] = (uint8_t)sport;
		tuple[10] = dport >> 8, tuple[11] = (uint8_t)dport;
		hash = mlx5x_test_toeplitz(rss_key, sizeof(rss_key), tuple,
					   sizeof(tuple));
		want = (uint16_t)((hash % info.reta_size) % NB_Q);
		tcp4_frame(frame, sizeof(frame), mac.addr_bytes,
			   (const uint8_t[]){ 2, 0, 0, 0, 0, 7 }, sip, dip,
			   sport, dport);
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)),
			       0, "inject TCP flow %u", f);
		got = e2e_rx_first_queue(pf, NB_Q, want, m, 4, &q);
		TEST_ASSERT_EQ(got, 1, "TCP flow %u received once", f);
		TEST_ASSERT_EQ(m[0]->hash.rss, hash,
			       "TCP flow %u hash over addresses and ports", f);
		TEST_ASSERT_EQ(q, want, "TCP flow %u queue", f);
		TEST_ASSERT_EQ(m[0]->packet_type & RTE_PTYPE_L4_MASK,
			       RTE_PTYPE_L4_TCP, "TCP ptype");
		rte_pktmbuf_free(m[0]);
		used += spread[q]++ == 0;
	}
	TEST_ASSERT(used > 1, "one host pair spread over %u queues", used);
	return MLX5X_TEST_PASS;
}

/* Per-queue counters: each queue counts the flows RSS put on it (the
 * independent hash decides where each one goes), not their sum. */
static int
test_rss_per_queue_counters(void)
{
	struct rte_eth_dev_info info;
	struct rte_eth_stats st;
	unsigned int hit[NB_Q], q, total = 0, used = 0;
	uint16_t reta[512], pf, i;

	E2E_REQUIRE();
	pf = rss_port_up();
	TEST_ASSERT(pf != UINT16_MAX, "PF up with RSS over %u queues", NB_Q);
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	for (i = 0; i < info.reta_size; i++)
		reta[i] = i % NB_Q;
	TEST_ASSERT_EQ(rte_eth_stats_reset(pf), 0, "stats reset");
	TEST_ASSERT_EQ(e2e_rss_check(pf, NB_Q, rss_key, sizeof(rss_key), reta,
				     info.reta_size, NB_FLOWS, hit),
		       MLX5X_TEST_PASS, "flows on their queues");
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	for (q = 0; q < NB_Q; q++) {
		TEST_ASSERT_EQ(st.q_ipackets[q], hit[q],
			       "queue %u counts its own flows", q);
		TEST_ASSERT_EQ(st.q_ibytes[q], hit[q] * 80ull, "queue %u bytes",
			       q);
		total += hit[q];
		used += hit[q] > 0;
	}
	TEST_ASSERT(used > 1, "flows on %u queues", used);
	TEST_ASSERT_EQ(st.ipackets, total, "the sum");
	return MLX5X_TEST_PASS;
}

/* Without a key from the application the port hashes with the
 * conventional ConnectX key (DPDK's mlx5 PMD's default, also the kernel's
 * mlx5_vdpa's), so an application moving between the PMDs sees its flows
 * on the same queues, and reports that key. */
static int
test_rss_default_key(void)
{
	static const uint8_t mlx5_key[40] = {
		0x2c, 0xc6, 0x81, 0xd1, 0x5b, 0xdb, 0xf4, 0xf7, 0xfc, 0xa2,
		0x83, 0x19, 0xdb, 0x1a, 0x3e, 0x94, 0x6b, 0x9e, 0x38, 0xd9,
		0x2c, 0x9c, 0x03, 0xd1, 0xad, 0x99, 0x44, 0xa7, 0xd9, 0x56,
		0x3d, 0x59, 0x06, 0x3c, 0x25, 0xf3, 0xfc, 0x1f, 0xdc, 0x2a,
	};
	struct rte_eth_rss_conf got;
	struct rte_eth_dev_info info;
	struct rte_eth_conf conf;
	uint8_t key[40];
	uint16_t reta[512], pf, i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach(NULL), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_RSS_HASH;
	conf.rx_adv_conf.rss_conf.rss_hf =
		RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_UDP;
	TEST_ASSERT_EQ(e2e_port_start(pf, NB_Q, &conf), 0, "PF up, no key");
	memset(&got, 0, sizeof(got));
	got.rss_key = key;
	got.rss_key_len = sizeof(key);
	TEST_ASSERT_EQ(rte_eth_dev_rss_hash_conf_get(pf, &got), 0, "conf get");
	TEST_ASSERT(memcmp(key, mlx5_key, sizeof(key)) == 0,
		    "the ConnectX default key reported");
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	for (i = 0; i < info.reta_size; i++)
		reta[i] = i % NB_Q;
	return e2e_rss_check(pf, NB_Q, mlx5_key, sizeof(mlx5_key), reta,
			     info.reta_size, 16, NULL);
}

/* rss_hf IPv4 alone: UDP, TCP and other IPv4 frames are all hashed over
 * the two addresses only (the ports do not count). */
static int
test_rss_ipv4_addresses_only(void)
{
	struct rte_eth_dev_info info;
	struct rte_ether_addr mac;
	struct rte_eth_conf conf;
	unsigned int f;
	uint16_t pf;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach(NULL), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_RSS_HASH;
	conf.rx_adv_conf.rss_conf.rss_key = (uint8_t *)(uintptr_t)rss_key;
	conf.rx_adv_conf.rss_conf.rss_key_len = sizeof(rss_key);
	conf.rx_adv_conf.rss_conf.rss_hf = RTE_ETH_RSS_IPV4;
	TEST_ASSERT_EQ(e2e_port_start(pf, NB_Q, &conf), 0, "PF up");
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	rte_eth_macaddr_get(pf, &mac);
	for (f = 0; f < 3 * 12; f++) {
		uint32_t sip = 0x0a140000 + (f / 3) * 7919, dip = 0xc0a80202;
		uint16_t sport = (uint16_t)(5000 + f * 13), q, got = 0, want;
		uint8_t tuple[8], frame[80];
		struct rte_mbuf *m[4];
		uint32_t hash;

		tuple[0] = sip >> 24, tuple[1] = sip >> 16, tuple[2] = sip >> 8,
		tuple[3] = (uint8_t)sip;
		tuple[4] = dip >> 24, tuple[5] = dip >> 16, tuple[6] = dip >> 8,
		tuple[7] = (uint8_t)dip;
		hash = mlx5x_test_toeplitz(rss_key, sizeof(rss_key), tuple,
					   sizeof(tuple));
		want = (uint16_t)((hash % info.reta_size) % NB_Q);
		if (f % 3 == 2)
			tcp4_frame(frame, sizeof(frame), mac.addr_bytes,
				   (const uint8_t[]){ 2, 0, 0, 0, 0, 8 }, sip,
				   dip, sport, 80);
		else
			e2e_udp_frame(frame, sizeof(frame), mac.addr_bytes,
				      (const uint8_t[]){ 2, 0, 0, 0, 0, 8 },
				      sip, dip, sport, 53);
		if (f % 3 == 1)
			frame[23] = 47; /* GRE: IPv4, neither TCP nor UDP */
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)),
			       0, "inject %u", f);
		got = e2e_rx_first_queue(pf, NB_Q, want, m, 4, &q);
		TEST_ASSERT_EQ(got, 1, "frame %u received once", f);
		TEST_ASSERT(m[0]->ol_flags & RTE_MBUF_F_RX_RSS_HASH,
			    "frame %u hashed", f);
		TEST_ASSERT_EQ(m[0]->hash.rss, hash,
			       "frame %u (protocol %u) hashed over addresses",
			       f, frame[23]);
		TEST_ASSERT_EQ(q, want, "frame %u queue", f);
		rte_pktmbuf_free(m[0]);
	}
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(e2e_rss_suite, "e2e_rss", "e2e", rss_setup, rss_teardown,
		 MLX5X_TEST_CASE(test_rss_matches_toeplitz),
		 MLX5X_TEST_CASE(test_reta_update_moves_flows),
		 MLX5X_TEST_CASE(test_rss_ipv6_matches_toeplitz),
		 MLX5X_TEST_CASE(test_rss_ipv4_tcp_hashes_ports),
		 MLX5X_TEST_CASE(test_rss_per_queue_counters),
		 MLX5X_TEST_CASE(test_rss_default_key),
		 MLX5X_TEST_CASE(test_rss_ipv4_addresses_only),
		 MLX5X_TEST_CASE(test_rss_reta_follows_rqt_cap))
