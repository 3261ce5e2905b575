/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PF on a kernel without DevX (the emulator's devx=0): the driver opens
 * the device with plain Verbs and its queues and default steering become
 * Verbs objects (CQ, WQ, indirection table, RSS QPs, raw packet QP,
 * ibv_create_flow). Same scenarios as through DevX: frames reach the RSS
 * queue Toeplitz and the RETA name, what is sent leaves byte for byte,
 * queues stop and start, promiscuous mode decides, and closing and probing
 * again leaves nothing behind.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"
#include "test_toeplitz.h"

#define VERBS_EMU_CONFIG                                                       \
	"model=cx5,pci=" E2E_PCI ",vfs=2,esw=switchdev,wire=drop,"             \
	"vf_end=drop,devx=0"
#define NB_Q 4
#define NB_FLOWS 48

static const uint8_t peer_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x77 };
static const uint8_t rss_key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
	0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
	0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
	0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

static int
verbs_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
verbs_teardown(void)
{
	e2e_detach();
}

/* The PF of a DevX-less adapter, started with nb_rxq queues under RSS. */
static uint16_t
verbs_pf_up(uint16_t nb_rxq)
{
	struct rte_eth_conf conf;
	uint16_t pf;

	if (e2e_attach_config(VERBS_EMU_CONFIG, NULL) != 0)
		return UINT16_MAX;
	pf = e2e_port_by_name(E2E_PCI);
	if (pf == UINT16_MAX)
		return UINT16_MAX;
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_RSS_HASH;
	conf.rx_adv_conf.rss_conf.rss_key = (uint8_t *)(uintptr_t)rss_key;
	conf.rx_adv_conf.rss_conf.rss_key_len = sizeof(rss_key);
	conf.rx_adv_conf.rss_conf.rss_hf =
		RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_UDP;
	if (e2e_port_start(pf, nb_rxq, &conf) != 0)
		return UINT16_MAX;
	return pf;
}

static void
wire_drain(void)
{
	uint8_t buf[2048];

	mlx5x_emu_poll();
	while (mlx5x_emu_capture_wire(0, buf, sizeof(buf)) > 0)
		;
}

/* Frames waiting on any Rx queue of pf after the adapter ran; freed. */
static unsigned int
rx_count_all(uint16_t pf, uint16_t nb_q)
{
	struct rte_mbuf *m[32];
	unsigned int total = 0, tries;
	uint16_t q, n, i;

	for (tries = 0; tries < 50; tries++) {
		mlx5x_emu_poll();
		for (q = 0; q < nb_q; q++) {
			n = rte_eth_rx_burst(pf, q, m, RTE_DIM(m));
			for (i = 0; i < n; i++)
				rte_pktmbuf_free(m[i]);
			total += n;
		}
		usleep(1000);
	}
	return total;
}

static int
test_verbs_probe(void)
{
	struct rte_eth_dev_info info;
	uint16_t pf;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach_config(VERBS_EMU_CONFIG, NULL), 0,
		       "a PF without DevX probes (Verbs)");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT(pf != UINT16_MAX, "the PF port exists");
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	TEST_ASSERT(info.max_rx_queues >= NB_Q, "several Rx queues");
	TEST_ASSERT(info.reta_size > 0, "a RETA");
	e2e_detach();
	TEST_ASSERT(e2e_attach_config(VERBS_EMU_CONFIG, "representor=[0]") != 0,
		    "representors need DevX: the probe fails cleanly");
	TEST_ASSERT_EQ(e2e_port_by_name(E2E_PCI), UINT16_MAX,
		       "no port left behind");
	return MLX5X_TEST_PASS;
}

/* The e2e RSS check, and that every queue got some flows unless the RETA
 * sends all to one. */
static int
verbs_rss_check(uint16_t pf, const uint16_t *reta, uint16_t reta_size)
{
	unsigned int hit[NB_Q], q;

	if (e2e_rss_check(pf, NB_Q, rss_key, sizeof(rss_key), reta, reta_size,
			  NB_FLOWS, hit) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	for (q = 0; q < NB_Q; q++)
		TEST_ASSERT(hit[q] > 0 || reta[0] == reta[1],
			    "queue %u got some flows", q);
	return MLX5X_TEST_PASS;
}

static int
test_verbs_wire_to_rss_queues(void)
{
	struct rte_eth_dev_info info;
	uint16_t reta[512], pf, i;

	E2E_REQUIRE();
	pf = verbs_pf_up(NB_Q);
	TEST_ASSERT(pf != UINT16_MAX, "PF up with %u Rx queues", NB_Q);
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	TEST_ASSERT(info.reta_size <= RTE_DIM(reta), "RETA size");
	/* Default RETA: entry i is queue i % NB_Q. */
	for (i = 0; i < info.reta_size; i++)
		reta[i] = i % NB_Q;
	return verbs_rss_check(pf, reta, info.reta_size);
}

/* A RETA update rebuilds the indirection table and RSS QPs. */
static int
test_verbs_reta_update_moves_flows(void)
{
	struct rte_eth_rss_reta_entry64 conf[512 / RTE_ETH_RETA_GROUP_SIZE];
	struct rte_eth_dev_info info;
	uint16_t reta[512], pf, i;

	E2E_REQUIRE();
	pf = verbs_pf_up(NB_Q);
	TEST_ASSERT(pf != UINT16_MAX, "PF up with %u Rx queues", NB_Q);
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	TEST_ASSERT(info.reta_size <= RTE_DIM(reta), "RETA size");
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
	return verbs_rss_check(pf, reta, info.reta_size);
}

static int
test_verbs_pf_tx_reaches_wire(void)
{
	uint8_t frame[200], out[2048];
	struct rte_mbuf *m[8];
	unsigned int i, seen = 0, tries;
	struct rte_ether_addr mac;
	uint16_t pf;
	int len;

	E2E_REQUIRE();
	pf = verbs_pf_up(1);
	TEST_ASSERT(pf != UINT16_MAX, "PF up");
	rte_eth_macaddr_get(pf, &mac);
	wire_drain();
	/* More frames than the CQ moderation batch, sizes around the inline
	 * header. */
	for (i = 0; i < RTE_DIM(m); i++) {
		uint16_t l = (uint16_t)(60 + i * 17);

		e2e_udp_frame(frame, l, peer_mac, mac.addr_bytes, 0x0a000001,
			      0x0a000002, (uint16_t)(1000 + i), 9);
		m[i] = rte_pktmbuf_alloc(e2e_pool());
		TEST_ASSERT(m[i] != NULL, "mbuf");
		memcpy(rte_pktmbuf_append(m[i], l), frame, l);
	}
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, RTE_DIM(m)), RTE_DIM(m),
		       "sent");
	for (tries = 0; tries < 1000 && seen < RTE_DIM(m); tries++) {
		uint16_t l = (uint16_t)(60 + seen * 17);

		mlx5x_emu_poll();
		len = mlx5x_emu_capture_wire(0, out, sizeof(out));
		if (len == 0) {
			usleep(1000);
			continue;
		}
		e2e_udp_frame(frame, l, peer_mac, mac.addr_bytes, 0x0a000001,
			      0x0a000002, (uint16_t)(1000 + seen), 9);
		TEST_ASSERT_EQ(len, l, "frame %u length", seen);
		TEST_ASSERT(memcmp(out, frame, l) == 0,
			    "frame %u byte for byte", seen);
		seen++;
	}
	TEST_ASSERT_EQ(seen, RTE_DIM(m), "every frame left through the wire");
	return MLX5X_TEST_PASS;
}

static int
test_verbs_queue_stop_start(void)
{
	struct rte_ether_addr mac;
	uint8_t frame[100], out[2048];
	struct rte_mbuf *m[4];
	uint16_t pf;
	int len = 0, tries;

	E2E_REQUIRE();
	pf = verbs_pf_up(1);
	TEST_ASSERT(pf != UINT16_MAX, "PF up");
	rte_eth_macaddr_get(pf, &mac);
	e2e_udp_frame(frame, sizeof(frame), mac.addr_bytes, peer_mac,
		      0x0a000002, 0x0a000001, 1, 2);
	TEST_ASSERT_EQ(rte_eth_dev_rx_queue_stop(pf, 0), 0, "Rx stop");
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(rx_count_all(pf, 1), 0, "a stopped queue receives none");
	TEST_ASSERT_EQ(rte_eth_dev_rx_queue_start(pf, 0), 0, "Rx start");
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1, "received after start");
	rte_pktmbuf_free(m[0]);
	/* Tx: stop, start, the next frame leaves. */
	wire_drain();
	TEST_ASSERT_EQ(rte_eth_dev_tx_queue_stop(pf, 0), 0, "Tx stop");
	TEST_ASSERT_EQ(rte_eth_dev_tx_queue_start(pf, 0), 0, "Tx start");
	e2e_udp_frame(frame, sizeof(frame), peer_mac, mac.addr_bytes,
		      0x0a000001, 0x0a000002, 3, 4);
	m[0] = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m[0] != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m[0], sizeof(frame)), frame, sizeof(frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, 1), 1, "sent");
	for (tries = 0; tries < 1000 && len == 0; tries++) {
		mlx5x_emu_poll();
		len = mlx5x_emu_capture_wire(0, out, sizeof(out));
		if (len == 0)
			usleep(1000);
	}
	TEST_ASSERT_EQ(len, sizeof(frame), "the frame left after Tx start");
	TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0, "same bytes");
	return e2e_detach_check();
}

static int
test_verbs_promisc(void)
{
	static const uint8_t foreign[6] = { 0x02, 0, 0, 0, 0x12, 0x34 };
	struct rte_ether_addr mac;
	uint8_t frame[100];
	uint16_t pf;

	E2E_REQUIRE();
	pf = verbs_pf_up(NB_Q);
	TEST_ASSERT(pf != UINT16_MAX, "PF up");
	e2e_udp_frame(frame, sizeof(frame), foreign, peer_mac, 0x0a000002,
		      0x0a000001, 7, 8);
	TEST_ASSERT_EQ(rte_eth_promiscuous_disable(pf), 0, "promisc off");
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(rx_count_all(pf, NB_Q), 0,
		       "foreign unicast dropped without promiscuous");
	TEST_ASSERT_EQ(rte_eth_promiscuous_enable(pf), 0, "promisc on");
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(rx_count_all(pf, NB_Q), 1,
		       "foreign unicast received in promiscuous mode");
	TEST_ASSERT_EQ(rte_eth_promiscuous_disable(pf), 0, "promisc off");
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(rx_count_all(pf, NB_Q), 0, "dropped again");
	/* Addresses one bit away from the port's and from broadcast are not
	 * theirs. */
	rte_eth_macaddr_get(pf, &mac);
	memcpy(frame, mac.addr_bytes, 6);
	frame[0] |= 0x01;
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(rx_count_all(pf, NB_Q), 0,
		       "the port's MAC with the group bit is not the port's");
	memset(frame, 0xff, 6);
	frame[0] = 0xfe;
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(rx_count_all(pf, NB_Q), 0,
		       "fe:ff:ff:ff:ff:ff is not broadcast");
	/* Broadcast: always. */
	memset(frame, 0xff, 6);
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(rx_count_all(pf, NB_Q), 1,
		       "broadcast received without promiscuous");
	/* Multicast: only with allmulticast. */
	frame[0] = 0x01, frame[1] = 0x00, frame[2] = 0x5e;
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(rx_count_all(pf, NB_Q), 0,
		       "multicast dropped without allmulticast");
	TEST_ASSERT_EQ(rte_eth_allmulticast_enable(pf), 0, "allmulti on");
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(rx_count_all(pf, NB_Q), 1,
		       "multicast received with allmulticast");
	return e2e_detach_check();
}

/* Without DevX there are no vport counters: the port shows none rather
 * than zeros, and the basic stats count what the bursts handled. The MTU
 * is set through the kernel netdev. */
static int
test_verbs_stats_and_mtu(void)
{
	struct rte_eth_xstat_name names[64];
	struct rte_eth_xstat xs[64];
	struct rte_eth_stats st;
	struct rte_ether_addr mac;
	uint8_t frame[100];
	struct rte_mbuf *m;
	unsigned int i;
	int n;
	uint16_t pf, mtu;

	E2E_REQUIRE();
	pf = verbs_pf_up(1);
	TEST_ASSERT(pf != UINT16_MAX, "PF up");
	rte_eth_macaddr_get(pf, &mac);
	e2e_udp_frame(frame, sizeof(frame), mac.addr_bytes, peer_mac,
		      0x0a000002, 0x0a000001, 1, 2);
	for (i = 0; i < 3; i++)
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)),
			       0, "inject");
	TEST_ASSERT_EQ(rx_count_all(pf, 1), 3, "three received");
	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame, sizeof(frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "sent");
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT_EQ(st.ipackets, 3, "ipackets");
	TEST_ASSERT_EQ(st.ibytes, 3 * sizeof(frame), "ibytes");
	TEST_ASSERT_EQ(st.opackets, 1, "opackets");
	TEST_ASSERT_EQ(st.obytes, sizeof(frame), "obytes");
	/* MTU through the kernel netdev: no vport context command. */
	TEST_ASSERT_EQ(rte_eth_dev_set_mtu(pf, 1400), 0, "MTU 1400");
	TEST_ASSERT_EQ(rte_eth_dev_get_mtu(pf, &mtu), 0, "MTU read");
	TEST_ASSERT_EQ(mtu, 1400, "MTU kept");
	n = rte_eth_xstats_get_names(pf, names, RTE_DIM(names));
	TEST_ASSERT(n > 0 && n <= (int)RTE_DIM(names), "xstats names");
	TEST_ASSERT_EQ(rte_eth_xstats_get(pf, xs, RTE_DIM(xs)), n,
		       "a value per name");
	for (i = 0; i < (unsigned int)n; i++)
		TEST_ASSERT(strstr(names[i].name, "vport") == NULL,
			    "no vport counter without DevX (%s)",
			    names[i].name);
	return MLX5X_TEST_PASS;
}

/* VLAN strip is a Verbs WQ flag (IBV_WQ_FLAGS_CVLAN_STRIPPING); the
 * offloads advertised are what ibv_query_device_ex's raw packet caps
 * say. */
static int
test_verbs_rx_vlan_strip(void)
{
	struct rte_eth_dev_info info;
	struct rte_eth_conf conf;
	struct rte_ether_addr mac;
	uint8_t frame[100], tagged[104];
	struct rte_mbuf *m[2];
	uint16_t pf;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach_config(VERBS_EMU_CONFIG, NULL), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT(pf != UINT16_MAX, "PF");
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	TEST_ASSERT(info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_VLAN_STRIP,
		    "VLAN strip offered (raw packet caps)");
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_VLAN_STRIP;
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, &conf), 0, "PF up");
	rte_eth_macaddr_get(pf, &mac);
	e2e_udp_frame(frame, sizeof(frame), mac.addr_bytes, peer_mac,
		      0x0a000002, 0x0a000001, 5, 6);
	memcpy(tagged, frame, 12);
	tagged[12] = 0x81, tagged[13] = 0x00, tagged[14] = 0x00,
	tagged[15] = 0x42;
	memcpy(tagged + 16, frame + 12, sizeof(frame) - 12);
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, tagged, sizeof(tagged)), 0,
		       "inject tagged");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1, "received");
	TEST_ASSERT(m[0]->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED, "stripped");
	TEST_ASSERT_EQ(m[0]->vlan_tci, 0x42, "TCI reported");
	TEST_ASSERT_EQ(m[0]->pkt_len, sizeof(frame), "tag removed");
	TEST_ASSERT(memcmp(rte_pktmbuf_mtod(m[0], void *), frame,
			   sizeof(frame)) == 0,
		    "the untagged frame");
	rte_pktmbuf_free(m[0]);
	return e2e_detach_check();
}

static int
test_verbs_close_reprobe(void)
{
	unsigned int round;
	uint16_t pf;

	E2E_REQUIRE();
	for (round = 0; round < 3; round++) {
		pf = verbs_pf_up(NB_Q);
		TEST_ASSERT(pf != UINT16_MAX, "round %u: PF up", round);
		TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "round %u: stop",
			       round);
		TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "round %u: start",
			       round);
		e2e_detach();
	}
	return e2e_detach_check();
}

/* Without DevX the device still checksums: rdma-core reports it as the
 * raw packet IP_CSUM capability, and the send QP's Ethernet segment takes
 * the same flags as a DevX SQ's. */
static int
test_verbs_tx_checksums(void)
{
	struct rte_eth_dev_info info;
	struct rte_ether_addr mac;
	uint8_t frame[128], out[2048];
	struct rte_ipv4_hdr *ip;
	struct rte_udp_hdr *udp;
	uint16_t ip_ck, udp_ck, pf;
	struct rte_mbuf *m;
	unsigned int tries;
	int len = 0;

	E2E_REQUIRE();
	pf = verbs_pf_up(1);
	TEST_ASSERT(pf != UINT16_MAX, "PF up");
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	TEST_ASSERT((info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_IPV4_CKSUM) &&
			    (info.tx_offload_capa &
			     RTE_ETH_TX_OFFLOAD_UDP_CKSUM),
		    "checksum offloads offered (0x%llx)",
		    (unsigned long long)info.tx_offload_capa);
	rte_eth_macaddr_get(pf, &mac);
	wire_drain();
	e2e_udp_frame(frame, sizeof(frame), peer_mac, mac.addr_bytes,
		      0x0a000001, 0x0a000002, 1000, 2000);
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
	for (tries = 0; tries < 1000 && len == 0; tries++) {
		mlx5x_emu_poll();
		len = mlx5x_emu_capture_wire(0, out, sizeof(out));
		if (len == 0)
			usleep(1000);
	}
	TEST_ASSERT_EQ(len, sizeof(frame), "on the wire");
	ip = (struct rte_ipv4_hdr *)(out + RTE_ETHER_HDR_LEN);
	udp = (struct rte_udp_hdr *)(ip + 1);
	TEST_ASSERT_EQ(ip->hdr_checksum, ip_ck, "IPv4 header checksum");
	TEST_ASSERT_EQ(udp->dgram_cksum, udp_ck, "UDP checksum");
	return e2e_detach_check();
}

/* IPv6/UDP over the Verbs RSS QPs: both 128-bit addresses and both ports
 * hashed (the independent Toeplitz), the queue the default RETA names. */
static int
test_verbs_rss_ipv6_udp(void)
{
	struct rte_eth_dev_info info;
	struct rte_ether_addr mac;
	struct rte_eth_conf conf;
	unsigned int f, i;
	uint16_t pf;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach_config(VERBS_EMU_CONFIG, NULL), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_RSS_HASH;
	conf.rx_adv_conf.rss_conf.rss_key = (uint8_t *)(uintptr_t)rss_key;
	conf.rx_adv_conf.rss_conf.rss_key_len = sizeof(rss_key);
	conf.rx_adv_conf.rss_conf.rss_hf =
		RTE_ETH_RSS_IPV6 | RTE_ETH_RSS_NONFRAG_IPV6_UDP;
	TEST_ASSERT_EQ(e2e_port_start(pf, NB_Q, &conf), 0, "PF up");
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	rte_eth_macaddr_get(pf, &mac);
	for (f = 0; f < 16; f++) {
		uint8_t frame[100], tuple[36];
		uint16_t sport = (uint16_t)(3000 + f * 101), dport = 53, want,
			 q, got = 0, plen = sizeof(frame) - 54;
		struct rte_mbuf *m[4];
		uint32_t hash;

		memset(frame, 0, sizeof(frame));
		memcpy(frame, mac.addr_bytes, 6);
		frame[6] = 0x02, frame[11] = 0x06;
		frame[12] = 0x86, frame[13] = 0xdd, frame[14] = 0x60;
		frame[18] = (uint8_t)(plen >> 8), frame[19] = (uint8_t)plen;
		frame[20] = 17, frame[21] = 64;
		for (i = 0; i < 16; i++) {
			frame[22 + i] = (uint8_t)(0x20 + i * (f + 1));
			frame[38 + i] = (uint8_t)(0xfe - i - f);
		}
		frame[54] = (uint8_t)(sport >> 8), frame[55] = (uint8_t)sport;
		frame[56] = (uint8_t)(dport >> 8), frame[57] = (uint8_t)dport;
		frame[58] = (uint8_t)(plen >> 8), frame[59] = (uint8_t)plen;
		memcpy(tuple, frame + 22, 32);
		memcpy(tuple + 32, frame + 54, 4);
		hash = mlx5x_test_toeplitz(rss_key, sizeof(rss_key), tuple,
					   sizeof(tuple));
		want = (uint16_t)((hash % info.reta_size) % NB_Q);
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)),
			       0, "inject flow %u", f);
		got = e2e_rx_first_queue(pf, NB_Q, want, m, 4, &q);
		TEST_ASSERT_EQ(got, 1, "IPv6 flow %u received once", f);
		TEST_ASSERT_EQ(m[0]->hash.rss, hash, "IPv6 flow %u hash", f);
		TEST_ASSERT_EQ(q, want, "IPv6 flow %u queue", f);
		rte_pktmbuf_free(m[0]);
	}
	return e2e_detach_check();
}

/*
 * Many times round the 256-entry rings one frame at a time, both ways: the
 * Verbs CQs' ownership bit flips at every wrap, at the size rdma-core
 * reports for them, and every frame still arrives once, in order.
 */
static int
test_verbs_rings_wrap(void)
{
	enum { N = 1100 };
	uint8_t frame[80], out[2048];
	struct rte_ether_addr mac;
	struct rte_mbuf *m[4];
	unsigned int i, got = 0, tries;
	uint16_t pf;
	int len;

	E2E_REQUIRE();
	pf = verbs_pf_up(1);
	TEST_ASSERT(pf != UINT16_MAX, "PF up");
	rte_eth_macaddr_get(pf, &mac);
	wire_drain();
	e2e_udp_frame(frame, sizeof(frame), mac.addr_bytes, peer_mac, 1, 2, 3,
		      4);
	for (i = 0; i < N; i++) {
		frame[sizeof(frame) - 2] = (uint8_t)(i >> 8);
		frame[sizeof(frame) - 1] = (uint8_t)i;
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)),
			       0, "inject %u", i);
		TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1, "frame %u received",
			       i);
		TEST_ASSERT(m[0]->pkt_len == sizeof(frame) &&
				    memcmp(rte_pktmbuf_mtod(m[0], void *),
					   frame, sizeof(frame)) == 0,
			    "frame %u bytes", i);
		rte_pktmbuf_free(m[0]);
	}
	e2e_udp_frame(frame, sizeof(frame), peer_mac, mac.addr_bytes, 1, 2, 3,
		      4);
	for (i = 0; i < N; i++) {
		struct rte_mbuf *t = rte_pktmbuf_alloc(e2e_pool());

		TEST_ASSERT(t != NULL, "mbuf %u", i);
		frame[sizeof(frame) - 2] = (uint8_t)(i >> 8);
		frame[sizeof(frame) - 1] = (uint8_t)i;
		memcpy(rte_pktmbuf_append(t, sizeof(frame)), frame,
		       sizeof(frame));
		for (tries = 0; rte_eth_tx_burst(pf, 0, &t, 1) == 0; tries++) {
			if (tries == 100000)
				rte_pktmbuf_free(t);
			TEST_ASSERT(tries < 100000, "packet %u never taken", i);
			mlx5x_emu_poll();
		}
		for (tries = 0; tries < 1000 && got <= i; tries++) {
			mlx5x_emu_poll();
			while ((len = mlx5x_emu_capture_wire(0, out,
							     sizeof(out))) >
			       0) {
				TEST_ASSERT_EQ(len, sizeof(frame), "length");
				TEST_ASSERT_EQ(out[len - 2] << 8 | out[len - 1],
					       got & 0xffff, "in order");
				got++;
			}
		}
	}
	TEST_ASSERT_EQ(got, N, "every packet sent one by one on the wire");
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(e2e_verbs_suite, "e2e_verbs", "e2e", verbs_setup,
		 verbs_teardown, MLX5X_TEST_CASE(test_verbs_probe),
		 MLX5X_TEST_CASE(test_verbs_wire_to_rss_queues),
		 MLX5X_TEST_CASE(test_verbs_reta_update_moves_flows),
		 MLX5X_TEST_CASE(test_verbs_pf_tx_reaches_wire),
		 MLX5X_TEST_CASE(test_verbs_queue_stop_start),
		 MLX5X_TEST_CASE(test_verbs_promisc),
		 MLX5X_TEST_CASE(test_verbs_stats_and_mtu),
		 MLX5X_TEST_CASE(test_verbs_rx_vlan_strip),
		 MLX5X_TEST_CASE(test_verbs_tx_checksums),
		 MLX5X_TEST_CASE(test_verbs_close_reprobe),
		 MLX5X_TEST_CASE(test_verbs_rss_ipv6_udp),
		 MLX5X_TEST_CASE(test_verbs_rings_wrap));
