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

static uint16_t
rss_port_up(void)
{
	struct rte_eth_conf conf;
	uint16_t pf;

	if (e2e_attach(NULL) != 0)
		return UINT16_MAX;
	pf = e2e_port_by_name(E2E_PCI);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_RSS_HASH;
	conf.rx_adv_conf.rss_conf.rss_key = (uint8_t *)(uintptr_t)rss_key;
	conf.rx_adv_conf.rss_conf.rss_key_len = sizeof(rss_key);
	conf.rx_adv_conf.rss_conf.rss_hf =
		RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_UDP |
		RTE_ETH_RSS_IPV6 | RTE_ETH_RSS_NONFRAG_IPV6_UDP;
	if (e2e_port_start(pf, NB_Q, &conf) != 0)
		return UINT16_MAX;
	return pf;
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
	conf[0].mask = 1;
	conf[0].reta[0] = NB_Q;
	TEST_ASSERT(rte_eth_dev_rss_reta_update(pf, conf, info.reta_size) != 0,
		    "a RETA naming a queue that does not exist is refused");
	return rss_check(pf, reta, info.reta_size);
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
		for (q = 0; q < NB_Q; q++) {
			got = e2e_rx_wait(pf, q, m, q == want ? 1 : 0);
			if (got == 0)
				got = rte_eth_rx_burst(pf, q, m, 4);
			if (got)
				break;
		}
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

MLX5X_TEST_SUITE(e2e_rss_suite, "e2e_rss", "e2e", rss_setup, rss_teardown,
		 MLX5X_TEST_CASE(test_rss_matches_toeplitz),
		 MLX5X_TEST_CASE(test_reta_update_moves_flows),
		 MLX5X_TEST_CASE(test_rss_ipv6_matches_toeplitz))
