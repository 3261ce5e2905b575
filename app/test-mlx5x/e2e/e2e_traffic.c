/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Frames through the PF: what the application sends leaves through the
 * wire byte for byte; what arrives from the wire for the port's MAC reaches
 * its Rx queue with the right length and metadata; promiscuous mode decides
 * about foreign unicast; stats count exactly what the bursts handled.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_cpuflags.h>
#include <rte_dev.h>
#include <rte_memory.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"

static uint16_t pf = UINT16_MAX;
static struct rte_ether_addr pf_mac;
static const uint8_t peer_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x99 };

static int
traffic_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static struct rte_mempool *small_mp;
static struct rte_mempool *nocache_mp; /* no per-lcore cache */
static struct rte_mempool *tiny_mp, *mp128;

static void
traffic_teardown(void)
{
	e2e_detach();
	pf = UINT16_MAX;
	rte_mempool_free(small_mp);
	small_mp = NULL;
	rte_mempool_free(tiny_mp);
	tiny_mp = NULL;
	rte_mempool_free(mp128);
	mp128 = NULL;
	rte_mempool_free(nocache_mp);
	nocache_mp = NULL;
}

/* A pool of n mbufs of room data bytes, made once per suite (the
 * teardown frees it): the scatter cases' small buffers. */
static struct rte_mempool *
pool_once(struct rte_mempool **mp, const char *name, unsigned int n,
	  uint16_t room)
{
	if (*mp == NULL)
		*mp = rte_pktmbuf_pool_create(name, n, 0, 0,
					      RTE_PKTMBUF_HEADROOM + room,
					      SOCKET_ID_ANY);
	return *mp;
}

/* The devargs pf_up attaches with (NULL: none); a case that sets them
 * puts NULL back. */
static const char *pf_devargs;

/* A started PF with one Rx and one Tx queue, fresh for each case. */
static int
pf_up(uint16_t nb_rxq, const struct rte_eth_conf *conf)
{
	if (e2e_attach(pf_devargs) != 0)
		return -1;
	pf = e2e_port_by_name(E2E_PCI);
	if (pf == UINT16_MAX)
		return -1;
	rte_eth_macaddr_get(pf, &pf_mac);
	return e2e_port_start(pf, nb_rxq, conf);
}

/* Drain frames the adapter may have emitted before the case. */
static void
wire_drain(void)
{
	uint8_t buf[2048];

	mlx5x_emu_poll();
	while (mlx5x_emu_capture_wire(0, buf, sizeof(buf)) > 0)
		;
}

static int
test_pf_tx_reaches_wire(void)
{
	uint8_t frame[100], out[2048];
	struct rte_mbuf *m;
	int len = 0, tries;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	wire_drain();
	e2e_udp_frame(frame, sizeof(frame), peer_mac, pf_mac.addr_bytes,
		      0x0a000001, 0x0a000002, 1234, 5678);
	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame, sizeof(frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "sent");
	for (tries = 0; tries < 1000 && len == 0; tries++) {
		mlx5x_emu_poll();
		len = mlx5x_emu_capture_wire(0, out, sizeof(out));
		if (len == 0)
			usleep(1000);
	}
	TEST_ASSERT_EQ(len, sizeof(frame), "the frame left through the wire");
	TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0,
		    "byte for byte what was sent");
	return MLX5X_TEST_PASS;
}

static int
test_pf_tx_multi_segment(void)
{
	uint8_t frame[300], out[2048];
	struct rte_mbuf *m, *m2;
	int len = 0, tries;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	wire_drain();
	e2e_udp_frame(frame, sizeof(frame), peer_mac, pf_mac.addr_bytes,
		      0x0a000001, 0x0a000002, 1, 2);
	m = rte_pktmbuf_alloc(e2e_pool());
	m2 = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL && m2 != NULL, "mbufs");
	memcpy(rte_pktmbuf_append(m, 100), frame, 100);
	memcpy(rte_pktmbuf_append(m2, 200), frame + 100, 200);
	TEST_ASSERT_EQ(rte_pktmbuf_chain(m, m2), 0, "chain");
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "sent");
	for (tries = 0; tries < 1000 && len == 0; tries++) {
		mlx5x_emu_poll();
		len = mlx5x_emu_capture_wire(0, out, sizeof(out));
		if (len == 0)
			usleep(1000);
	}
	TEST_ASSERT_EQ(len, sizeof(frame), "one frame of both segments");
	TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0, "same bytes");
	return MLX5X_TEST_PASS;
}

static int
test_wire_to_pf_rx(void)
{
	uint8_t frame[128];
	struct rte_mbuf *m[4];
	uint16_t n;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	e2e_udp_frame(frame, sizeof(frame), pf_mac.addr_bytes, peer_mac,
		      0x0a000002, 0x0a000001, 5678, 1234);
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	n = e2e_rx_wait(pf, 0, m, 1);
	TEST_ASSERT_EQ(n, 1, "the frame for our MAC was received");
	TEST_ASSERT_EQ(m[0]->pkt_len, sizeof(frame), "length");
	TEST_ASSERT_EQ(m[0]->data_len, sizeof(frame), "one segment");
	TEST_ASSERT_EQ(m[0]->port, pf, "port");
	TEST_ASSERT(memcmp(rte_pktmbuf_mtod(m[0], void *), frame,
			   sizeof(frame)) == 0,
		    "same bytes");
	TEST_ASSERT_EQ(m[0]->packet_type & RTE_PTYPE_L3_MASK,
		       RTE_PTYPE_L3_IPV4_EXT_UNKNOWN, "IPv4 packet type");
	TEST_ASSERT_EQ(m[0]->packet_type & RTE_PTYPE_L4_MASK, RTE_PTYPE_L4_UDP,
		       "UDP packet type");
	rte_pktmbuf_free(m[0]);
	return MLX5X_TEST_PASS;
}

static int
test_promisc_decides_foreign_unicast(void)
{
	static const uint8_t other[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x42 };
	uint8_t frame[64];
	struct rte_mbuf *m[4];

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	TEST_ASSERT_EQ(rte_eth_promiscuous_disable(pf), 0, "promisc off");
	e2e_udp_frame(frame, sizeof(frame), other, peer_mac, 1, 2, 3, 4);
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 0,
		       "foreign unicast dropped with promiscuous off");
	TEST_ASSERT_EQ(rte_eth_promiscuous_enable(pf), 0, "promisc on");
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1,
		       "foreign unicast received with promiscuous on");
	rte_pktmbuf_free(m[0]);
	return e2e_detach_check();
}

static int
test_allmulticast_and_broadcast(void)
{
	static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t frame[64];
	struct rte_mbuf *m[4];

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	TEST_ASSERT_EQ(rte_eth_promiscuous_disable(pf), 0, "promisc off");
	TEST_ASSERT_EQ(rte_eth_allmulticast_disable(pf), 0, "allmulti off");
	e2e_udp_frame(frame, sizeof(frame), bcast, peer_mac, 1, 2, 3, 4);
	mlx5x_emu_inject_wire(0, frame, sizeof(frame));
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1, "broadcast always");
	rte_pktmbuf_free(m[0]);
	e2e_udp_frame(frame, sizeof(frame), mcast, peer_mac, 1, 2, 3, 4);
	mlx5x_emu_inject_wire(0, frame, sizeof(frame));
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 0,
		       "multicast dropped with allmulticast off");
	TEST_ASSERT_EQ(rte_eth_allmulticast_enable(pf), 0, "allmulti on");
	TEST_ASSERT_EQ(rte_eth_allmulticast_get(pf), 1, "reported on");
	mlx5x_emu_inject_wire(0, frame, sizeof(frame));
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1,
		       "multicast received with allmulticast on");
	rte_pktmbuf_free(m[0]);
	return MLX5X_TEST_PASS;
}

static int
test_mac_add_takes_effect(void)
{
	struct rte_ether_addr extra = { .addr_bytes = { 0x02, 0x00, 0x00, 0x00,
							0x00, 0x77 } };
	uint8_t frame[64];
	struct rte_mbuf *m[4];

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	TEST_ASSERT_EQ(rte_eth_promiscuous_disable(pf), 0, "promisc off");
	e2e_udp_frame(frame, sizeof(frame), extra.addr_bytes, peer_mac, 1, 2, 3,
		      4);
	mlx5x_emu_inject_wire(0, frame, sizeof(frame));
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 0, "not ours yet");
	TEST_ASSERT_EQ(rte_eth_dev_mac_addr_add(pf, &extra, 0), 0, "add MAC");
	mlx5x_emu_inject_wire(0, frame, sizeof(frame));
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1, "received once added");
	rte_pktmbuf_free(m[0]);
	TEST_ASSERT_EQ(rte_eth_dev_mac_addr_remove(pf, &extra), 0, "remove");
	mlx5x_emu_inject_wire(0, frame, sizeof(frame));
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 0, "dropped once removed");
	return e2e_detach_check();
}

static int
test_stats_count_exactly(void)
{
	uint8_t frame[200];
	struct rte_mbuf *m[8];
	struct rte_eth_stats st;
	int i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	TEST_ASSERT_EQ(rte_eth_stats_reset(pf), 0, "reset");
	e2e_udp_frame(frame, sizeof(frame), pf_mac.addr_bytes, peer_mac, 1, 2,
		      3, 4);
	for (i = 0; i < 5; i++)
		mlx5x_emu_inject_wire(0, frame, sizeof(frame));
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 5), 5, "five received");
	for (i = 0; i < 3; i++) {
		struct rte_mbuf *t = rte_pktmbuf_alloc(e2e_pool());

		memcpy(rte_pktmbuf_append(t, 60), frame, 60);
		TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &t, 1), 1, "sent");
	}
	for (i = 0; i < 5; i++)
		rte_pktmbuf_free(m[i]);
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT_EQ(st.ipackets, 5, "ipackets");
	TEST_ASSERT_EQ(st.ibytes, 5 * sizeof(frame), "ibytes");
	TEST_ASSERT_EQ(st.opackets, 3, "opackets");
	TEST_ASSERT_EQ(st.obytes, 3 * 60, "obytes");
	TEST_ASSERT_EQ(st.q_ipackets[0], 5, "queue 0 ipackets");
	TEST_ASSERT_EQ(rte_eth_stats_reset(pf), 0, "reset");
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT_EQ(st.ipackets + st.opackets, 0, "zero after reset");
	return MLX5X_TEST_PASS;
}

static int
test_mtu_bounds(void)
{
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	uint16_t mtu;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	TEST_ASSERT_EQ(rte_eth_dev_set_mtu(pf, 1400), 0, "MTU 1400");
	TEST_ASSERT_EQ(rte_eth_dev_get_mtu(pf, &mtu), 0, "get");
	TEST_ASSERT_EQ(mtu, 1400, "MTU kept");
	/* Not max_mtu + 1: ethdev refuses that before the driver sees it.
	 * The driver's own rule: frames at the MTU must fit the Rx queue's
	 * 2 KiB mbufs (no scatter). */
	TEST_ASSERT(info.max_mtu >= 9000, "jumbo MTU %u", info.max_mtu);
	TEST_ASSERT(rte_eth_dev_set_mtu(pf, 9000) != 0,
		    "an MTU the Rx queue's mbufs cannot hold refused");
	TEST_ASSERT_EQ(rte_eth_dev_get_mtu(pf, &mtu), 0, "get");
	TEST_ASSERT_EQ(mtu, 1400, "MTU unchanged by a refused set");
	/* The edge: a frame is MTU + Ethernet header + FCS + two VLAN tags;
	 * the pool's mbufs hold 2048 bytes: MTU 2022 fits, 2023 does not. */
	TEST_ASSERT_EQ(rte_eth_dev_set_mtu(pf, 2022), 0, "MTU 2022 fits");
	TEST_ASSERT(rte_eth_dev_set_mtu(pf, 2023) != 0,
		    "MTU 2023 does not fit a 2048-byte mbuf");
	/* The same rule when the queue is set up after the MTU. */
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mtu = 2024;
	TEST_ASSERT_EQ(rte_eth_dev_configure(pf, 1, 1, &conf), 0, "MTU 2024");
	TEST_ASSERT(rte_eth_rx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL,
					   e2e_pool()) != 0,
		    "a queue of 2048-byte mbufs refused at MTU 2024");
	conf.rxmode.mtu = 2022;
	TEST_ASSERT_EQ(rte_eth_dev_configure(pf, 1, 1, &conf), 0, "MTU 2022");
	TEST_ASSERT_EQ(rte_eth_rx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL,
					      e2e_pool()),
		       0, "accepted at MTU 2022");
	return MLX5X_TEST_PASS;
}

static int
test_bad_queue_config_refused(void)
{
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach(NULL), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	memset(&conf, 0, sizeof(conf));
	/* Not max_rx_queues + 1 or too many descriptors: ethdev refuses those
	 * from dev_info before the driver sees them. The driver's side: the
	 * most it promises is accepted. */
	TEST_ASSERT_EQ(rte_eth_dev_configure(pf, info.max_rx_queues,
					     info.max_tx_queues, &conf),
		       0, "as many queues as dev_info promises");
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_VMDQ_ONLY;
	TEST_ASSERT(rte_eth_dev_configure(pf, 1, 1, &conf) != 0,
		    "VMDq refused");
	memset(&conf, 0, sizeof(conf));
	TEST_ASSERT_EQ(rte_eth_dev_configure(pf, 1, 1, &conf), 0,
		       "a good configuration after bad ones");
	return MLX5X_TEST_PASS;
}

/* Everything tx_burst accepted before tx_queue_stop leaves through the
 * wire; an Rx queue stopped receives nothing and works again once
 * started. */
static int
test_queue_stop_start(void)
{
	uint8_t frame[64], out[2048];
	struct rte_mbuf *m[64];
	uint16_t sent = 0, i;
	int got = 0, tries, len;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	wire_drain();
	e2e_udp_frame(frame, sizeof(frame), peer_mac, pf_mac.addr_bytes, 1, 2,
		      3, 4);
	for (i = 0; i < RTE_DIM(m); i++) {
		m[i] = rte_pktmbuf_alloc(e2e_pool());
		TEST_ASSERT(m[i] != NULL, "mbuf");
		frame[sizeof(frame) - 1] = (uint8_t)i;
		memcpy(rte_pktmbuf_append(m[i], sizeof(frame)), frame,
		       sizeof(frame));
	}
	while (sent < RTE_DIM(m))
		sent += rte_eth_tx_burst(pf, 0, m + sent, RTE_DIM(m) - sent);
	TEST_ASSERT_EQ(rte_eth_dev_tx_queue_stop(pf, 0), 0, "Tx queue stop");
	for (tries = 0; tries < 1000 && got < (int)sent; tries++) {
		mlx5x_emu_poll();
		while ((len = mlx5x_emu_capture_wire(0, out, sizeof(out))) >
		       0) {
			TEST_ASSERT_EQ(out[len - 1], got & 0xff,
				       "frames in order");
			got++;
		}
		if (got < (int)sent)
			usleep(1000);
	}
	TEST_ASSERT_EQ(got, sent, "every accepted frame left the port");
	TEST_ASSERT_EQ(rte_eth_dev_tx_queue_start(pf, 0), 0, "Tx queue start");
	m[0] = rte_pktmbuf_alloc(e2e_pool());
	memcpy(rte_pktmbuf_append(m[0], sizeof(frame)), frame, sizeof(frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, 1), 1, "send after restart");
	for (tries = 0, len = 0; tries < 1000 && len <= 0; tries++) {
		mlx5x_emu_poll();
		len = mlx5x_emu_capture_wire(0, out, sizeof(out));
		if (len <= 0)
			usleep(1000);
	}
	TEST_ASSERT_EQ(len, sizeof(frame), "the restarted queue sends");

	e2e_udp_frame(frame, sizeof(frame), pf_mac.addr_bytes, peer_mac, 1, 2,
		      3, 4);
	TEST_ASSERT_EQ(rte_eth_dev_rx_queue_stop(pf, 0), 0, "Rx queue stop");
	mlx5x_emu_inject_wire(0, frame, sizeof(frame));
	TEST_ASSERT_EQ(rte_eth_rx_burst(pf, 0, m, 4), 0,
		       "a stopped queue receives nothing");
	TEST_ASSERT_EQ(rte_eth_dev_rx_queue_start(pf, 0), 0, "Rx queue start");
	mlx5x_emu_inject_wire(0, frame, sizeof(frame));
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1,
		       "the restarted queue receives");
	rte_pktmbuf_free(m[0]);
	return e2e_detach_check();
}

static int
test_xstats_name_every_value(void)
{
	static const struct {
		const char *name;
		uint64_t want;
	} expect[] = {
		/* ethdev's, from the driver's basic stats */
		{ "rx_good_packets", 3 },
		{ "rx_q0_packets", 3 },
		{ "tx_good_packets", 2 },
		/* the driver's own, from the adapter's vport counters */
		{ "rx_vport_packets", 3 },
		{ "rx_vport_bytes", 3 * 100 },
		{ "tx_vport_packets", 2 },
		{ "tx_vport_bytes", 2 * 60 },
	};
	struct rte_eth_xstat_name names[256];
	struct rte_eth_xstat vals[256];
	uint8_t frame[100], out[128];
	struct rte_mbuf *m[4];
	int n, i, tries;
	unsigned int k, found = 0;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	wire_drain();
	TEST_ASSERT_EQ(rte_eth_xstats_reset(pf), 0, "reset");
	e2e_udp_frame(frame, sizeof(frame), pf_mac.addr_bytes, peer_mac, 1, 2,
		      3, 4);
	for (k = 0; k < 3; k++)
		mlx5x_emu_inject_wire(0, frame, sizeof(frame));
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 3), 3, "received");
	rte_pktmbuf_free_bulk(m, 3);
	e2e_udp_frame(frame, 60, peer_mac, pf_mac.addr_bytes, 1, 2, 3, 4);
	for (k = 0; k < 2; k++) {
		m[k] = rte_pktmbuf_alloc(e2e_pool());
		TEST_ASSERT(m[k] != NULL, "mbuf");
		memcpy(rte_pktmbuf_append(m[k], 60), frame, 60);
	}
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, 2), 2, "sent");
	for (tries = 0, k = 0; tries < 1000 && k < 2; tries++) {
		mlx5x_emu_poll();
		while (mlx5x_emu_capture_wire(0, out, sizeof(out)) > 0)
			k++;
		if (k < 2)
			usleep(1000);
	}
	TEST_ASSERT_EQ(k, 2, "both on the wire");
	n = rte_eth_xstats_get_names(pf, names, RTE_DIM(names));
	TEST_ASSERT(n > 0 && n <= (int)RTE_DIM(names), "%d names", n);
	TEST_ASSERT_EQ(rte_eth_xstats_get(pf, vals, RTE_DIM(vals)), n,
		       "as many values as names");
	for (i = 0; i < n; i++)
		for (k = 0; k < RTE_DIM(expect); k++) {
			if (strcmp(names[vals[i].id].name, expect[k].name) != 0)
				continue;
			TEST_ASSERT_EQ(vals[i].value, expect[k].want, "%s",
				       expect[k].name);
			found++;
		}
	TEST_ASSERT_EQ(found, RTE_DIM(expect),
		       "basic, per-queue and vport counters all present");
	return MLX5X_TEST_PASS;
}

/* An xstat of port by name, or -1 when it has none of that name. */
static int64_t
xstat_value(uint16_t port, const char *name)
{
	uint64_t id, v;

	if (rte_eth_xstats_get_id_by_name(port, name, &id) != 0 ||
	    rte_eth_xstats_get_by_id(port, &id, &v, 1) != 1)
		return -1;
	return (int64_t)v;
}

/* The vector Rx burst with a pool that has no per-lcore cache (an
 * application's choice, e.g. for pools shared by non-EAL threads): its
 * replacement mbufs come from the pool itself, and those a burst did not
 * use go back to it. Rounds of 5 frames read with bursts of 32, each
 * frame whole, and the pool whole after the port stops. */
static int
test_rx_vector_pool_without_cache(void)
{
	struct rte_eth_burst_mode bm;
	struct rte_eth_conf conf;
	uint8_t frame[5][200];
	struct rte_mbuf *m[32];
	unsigned int round, i, got;

	E2E_REQUIRE();
	TEST_ASSERT(pool_once(&nocache_mp, "e2e_nocache", 1024, 2048) != NULL,
		    "a pool without a cache");
	TEST_ASSERT_EQ(e2e_attach(NULL), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	rte_eth_macaddr_get(pf, &pf_mac);
	memset(&conf, 0, sizeof(conf));
	TEST_ASSERT_EQ(rte_eth_dev_configure(pf, 1, 1, &conf), 0, "configure");
	TEST_ASSERT_EQ(rte_eth_rx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL,
					      nocache_mp),
		       0, "Rx queue");
	TEST_ASSERT_EQ(rte_eth_tx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL),
		       0, "Tx queue");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	TEST_ASSERT_EQ(rte_eth_rx_burst_mode_get(pf, 0, &bm), 0, "mode");
	if (strstr(bm.info, "Vector") == NULL)
		TEST_SKIP("no vector Rx burst here (%s)", bm.info);
	for (round = 0; round < 8; round++) {
		for (i = 0; i < 5; i++) {
			e2e_udp_frame(frame[i], sizeof(frame[i]),
				      pf_mac.addr_bytes, peer_mac, round, i, 3,
				      4);
			TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame[i],
							     sizeof(frame[i])),
				       0, "inject");
		}
		for (got = 0, i = 0; i < 1000 && got < 5; i++) {
			uint16_t k;

			mlx5x_emu_poll();
			k = rte_eth_rx_burst(pf, 0, m + got, 32 - got);
			got += k;
		}
		TEST_ASSERT_EQ(got, 5, "round %u: every frame", round);
		for (i = 0; i < 5; i++) {
			TEST_ASSERT(m[i]->pkt_len == sizeof(frame[i]) &&
					    memcmp(rte_pktmbuf_mtod(m[i],
								    void *),
						   frame[i],
						   sizeof(frame[i])) == 0,
				    "round %u frame %u: its bytes", round, i);
		}
		rte_pktmbuf_free_bulk(m, 5);
	}
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	if (e2e_detach_check() != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	TEST_ASSERT_EQ(rte_mempool_avail_count(nocache_mp), 1024,
		       "every mbuf back in the pool");
	return MLX5X_TEST_PASS;
}

/* Every frame length from 60 to 300 bytes (so every WQE size the burst
 * builds) leaves the wire byte for byte and in order, through the default
 * burst and the full one (multi-segment offload, frames in two
 * segments); bursts of 8. */
static int
tx_every_length_run(const struct rte_eth_conf *conf)
{
	uint8_t frame[300], out[512];
	struct rte_mbuf *m[8], *tail;
	unsigned int len = 60, next = 60, k, tries;

	TEST_ASSERT_EQ(pf_up(1, conf), 0, "PF up");
	wire_drain();
	while (len <= 300) {
		for (k = 0; k < 8 && len <= 300; k++, len++) {
			e2e_udp_frame(frame, (uint16_t)len, peer_mac,
				      pf_mac.addr_bytes, len, 2, 3, 4);
			m[k] = rte_pktmbuf_alloc(e2e_pool());
			TEST_ASSERT(m[k] != NULL, "mbuf");
			if (conf == NULL) {
				memcpy(rte_pktmbuf_append(m[k], (uint16_t)len),
				       frame, len);
				continue;
			}
			/* Two segments: 30 bytes, then the rest. */
			tail = rte_pktmbuf_alloc(e2e_pool());
			TEST_ASSERT(tail != NULL, "mbuf");
			memcpy(rte_pktmbuf_append(m[k], 30), frame, 30);
			memcpy(rte_pktmbuf_append(tail, (uint16_t)(len - 30)),
			       frame + 30, len - 30);
			TEST_ASSERT_EQ(rte_pktmbuf_chain(m[k], tail), 0,
				       "chain");
		}
		TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, (uint16_t)k), k,
			       "sent up to %u bytes", len - 1);
		for (tries = 0; tries < 1000 && next < len; tries++) {
			int n;

			mlx5x_emu_poll();
			while (next < len &&
			       (n = mlx5x_emu_capture_wire(0, out,
							   sizeof(out))) > 0) {
				e2e_udp_frame(frame, (uint16_t)next, peer_mac,
					      pf_mac.addr_bytes, next, 2, 3, 4);
				TEST_ASSERT_EQ(n, next, "the frame of %u bytes",
					       next);
				TEST_ASSERT(memcmp(out, frame, next) == 0,
					    "%u bytes as sent", next);
				next++;
			}
			if (next < len)
				usleep(1000);
		}
		TEST_ASSERT_EQ(next, len, "every frame up to %u bytes left",
			       len - 1);
	}
	return e2e_detach_check();
}

static int
test_tx_every_length_byte_for_byte(void)
{
	struct rte_eth_conf full = {
		.txmode.offloads = RTE_ETH_TX_OFFLOAD_MULTI_SEGS,
	};
	int ret;

	E2E_REQUIRE();
	ret = tx_every_length_run(NULL);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	return tx_every_length_run(&full);
}

/* The vport's Tx counters are the adapter's unicast, multicast and
 * broadcast counters together: 1, 2 and 3 frames of 60, 70 and 80 bytes
 * sent, each kind counted. */
static int
test_xstats_vport_tx_every_cast(void)
{
	static const uint8_t dst[3][6] = {
		{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x99 },
		{ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 },
		{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	};
	uint8_t frame[128], out[128];
	struct rte_mbuf *m[6];
	unsigned int c, k, n = 0, bytes = 0, tries;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	wire_drain();
	TEST_ASSERT_EQ(rte_eth_xstats_reset(pf), 0, "reset");
	for (c = 0; c < 3; c++) {
		uint16_t len = (uint16_t)(60 + 10 * c);

		e2e_udp_frame(frame, len, dst[c], pf_mac.addr_bytes, 1, 2, 3,
			      4);
		for (k = 0; k <= c; k++, n++) {
			m[n] = rte_pktmbuf_alloc(e2e_pool());
			TEST_ASSERT(m[n] != NULL, "mbuf");
			memcpy(rte_pktmbuf_append(m[n], len), frame, len);
			bytes += len;
		}
	}
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, n), n, "sent");
	for (tries = 0, k = 0; tries < 1000 && k < n; tries++) {
		mlx5x_emu_poll();
		while (mlx5x_emu_capture_wire(0, out, sizeof(out)) > 0)
			k++;
		if (k < n)
			usleep(1000);
	}
	TEST_ASSERT_EQ(k, n, "all on the wire");
	TEST_ASSERT_EQ(xstat_value(pf, "tx_vport_packets"), n,
		       "unicast, multicast and broadcast frames");
	TEST_ASSERT_EQ(xstat_value(pf, "tx_vport_bytes"), bytes, "their bytes");
	return MLX5X_TEST_PASS;
}

/* An xstats array one entry too short gets the size it needs and nothing
 * written past its end: ethdev fills its own counters first and hands the
 * driver the rest of the array with the room left. */
static int
test_xstats_short_array_not_overrun(void)
{
	struct rte_eth_xstat vals[512];
	unsigned int i;
	int n;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	n = rte_eth_xstats_get(pf, NULL, 0);
	TEST_ASSERT(n > 1 && n + 4 <= (int)RTE_DIM(vals), "%d xstats", n);
	memset(vals, 0xa5, sizeof(vals));
	TEST_ASSERT_EQ(rte_eth_xstats_get(pf, vals, (unsigned int)n - 1), n,
		       "a short array gets the size it needs");
	for (i = (unsigned int)n - 1; i < RTE_DIM(vals); i++)
		TEST_ASSERT(vals[i].id == 0xa5a5a5a5a5a5a5a5ull &&
				    vals[i].value == 0xa5a5a5a5a5a5a5a5ull,
			    "entry %u past the array's %d untouched", i, n - 1);
	TEST_ASSERT_EQ(rte_eth_xstats_get(pf, vals, (unsigned int)n), n,
		       "the right size is filled");
	return MLX5X_TEST_PASS;
}

/* A stopped port gives the adapter back every queue object its start made
 * (each of several Rx and Tx queues), and a second start makes them all
 * again. */
static int
test_stop_gives_back_every_queue(void)
{
	struct mlx5x_emu_census stopped, started;
	struct rte_eth_conf conf;
	uint16_t q;

	E2E_REQUIRE();
	e2e_detach();
	TEST_ASSERT_EQ(e2e_attach(NULL), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	memset(&conf, 0, sizeof(conf));
	TEST_ASSERT_EQ(rte_eth_dev_configure(pf, 3, 3, &conf), 0, "configure");
	for (q = 0; q < 3; q++) {
		TEST_ASSERT_EQ(rte_eth_rx_queue_setup(pf, q, 256, SOCKET_ID_ANY,
						      NULL, e2e_pool()),
			       0, "Rx queue %u", q);
		TEST_ASSERT_EQ(rte_eth_tx_queue_setup(pf, q, 256, SOCKET_ID_ANY,
						      NULL),
			       0, "Tx queue %u", q);
	}
	TEST_ASSERT_EQ(mlx5x_emu_census(0, &stopped), 0, "census");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	TEST_ASSERT_EQ(mlx5x_emu_census(0, &started), 0, "census");
	TEST_ASSERT(started.sq >= stopped.sq + 3 &&
			    started.rq >= stopped.rq + 3,
		    "three SQs and RQs made (%u SQs, %u RQs)", started.sq,
		    started.rq);
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(e2e_census_same(&stopped, "after stop"), MLX5X_TEST_PASS,
		       "stop gave back what start made");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start again");
	TEST_ASSERT_EQ(e2e_census_same(&started, "after the second start"),
		       MLX5X_TEST_PASS, "the second start made the same");
	return e2e_detach_check();
}

/* Frames bigger than one mbuf: refused at set-up without the scatter
 * offload, received as a chain of mbufs with it. */
static int
test_rx_scatter(void)
{
	struct rte_eth_rxq_info qinfo;
	unsigned int i;
	struct rte_eth_conf conf;
	uint8_t frame[1400], back[1400];
	struct rte_mbuf *m;
	const void *p;

	E2E_REQUIRE();
	TEST_ASSERT(pool_once(&small_mp, "e2e_small", 1024, 512) != NULL,
		    "a pool of 512-byte mbufs");
	TEST_ASSERT_EQ(e2e_attach(NULL), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	rte_eth_macaddr_get(pf, &pf_mac);
	memset(&conf, 0, sizeof(conf));
	TEST_ASSERT_EQ(rte_eth_dev_configure(pf, 1, 1, &conf), 0, "configure");
	TEST_ASSERT(rte_eth_rx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL,
					   small_mp) != 0,
		    "512-byte mbufs for MTU 1500 need scatter");
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_SCATTER;
	TEST_ASSERT_EQ(rte_eth_dev_configure(pf, 1, 1, &conf), 0, "configure");
	TEST_ASSERT_EQ(rte_eth_rx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL,
					      small_mp),
		       0, "Rx queue with scatter");
	TEST_ASSERT_EQ(rte_eth_tx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL),
		       0, "Tx queue");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	TEST_ASSERT_EQ(rte_eth_rx_queue_info_get(pf, 0, &qinfo), 0, "rxq info");
	TEST_ASSERT(qinfo.conf.offloads & RTE_ETH_RX_OFFLOAD_SCATTER,
		    "the queue reports scatter (0x%llx)",
		    (unsigned long long)qinfo.conf.offloads);
	TEST_ASSERT(qinfo.mp == small_mp, "and its pool");
	TEST_ASSERT_EQ(qinfo.nb_desc, 256, "and its ring size");
	e2e_udp_frame(frame, sizeof(frame), pf_mac.addr_bytes, peer_mac, 1, 2,
		      3, 4);
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, &m, 1), 1, "received");
	TEST_ASSERT_EQ(m->pkt_len, sizeof(frame), "length");
	TEST_ASSERT_EQ(m->nb_segs, 3, "1400 bytes in three 512-byte mbufs");
	TEST_ASSERT_EQ(rte_pktmbuf_data_len(m), 512, "first segment full");
	p = rte_pktmbuf_read(m, 0, sizeof(frame), back);
	TEST_ASSERT(p != NULL && memcmp(p, frame, sizeof(frame)) == 0,
		    "same bytes across the chain");
	rte_pktmbuf_free(m);
	/* A small frame still fits in one. */
	mlx5x_emu_inject_wire(0, frame, 64);
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, &m, 1), 1, "received");
	TEST_ASSERT_EQ(m->nb_segs, 1, "one segment");
	rte_pktmbuf_free(m);
	/* Many more chains than the ring holds, one at a time: the ring of
	 * multi-segment WQEs wraps and every chain is whole. */
	for (i = 0; i < 600; i++) {
		frame[sizeof(frame) - 2] = (uint8_t)(i >> 8);
		frame[sizeof(frame) - 1] = (uint8_t)i;
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)),
			       0, "inject %u", i);
		TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, &m, 1), 1, "chain %u", i);
		p = rte_pktmbuf_read(m, 0, sizeof(frame), back);
		TEST_ASSERT(m->pkt_len == sizeof(frame) && p != NULL &&
				    memcmp(p, frame, sizeof(frame)) == 0,
			    "chain %u whole", i);
		rte_pktmbuf_free(m);
	}
	return e2e_detach_check();
}

/* Probe the PF and configure it with nb_rx Rx queues that may scatter
 * and one Tx queue (the queue set-up is the caller's). */
static int
scatter_configure(uint16_t nb_rx)
{
	struct rte_eth_conf conf;

	TEST_ASSERT_EQ(e2e_attach(NULL), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	rte_eth_macaddr_get(pf, &pf_mac);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_SCATTER;
	TEST_ASSERT_EQ(rte_eth_dev_configure(pf, nb_rx, 1, &conf), 0,
		       "configure");
	return MLX5X_TEST_PASS;
}

/* Rx CQE compression is for the port's bursts, which do not scatter: one
 * queue that scatters (its mbufs smaller than a frame) keeps every queue's
 * CQEs plain, whichever queue it is, and its chains arrive whole. */
static int
test_rx_scatter_on_one_queue_keeps_cqes_plain(void)
{
	struct rte_eth_burst_mode bm;
	uint8_t frame[1400], back[1400];
	struct rte_mbuf *m;
	const void *p;
	uint16_t q;

	E2E_REQUIRE();
	TEST_ASSERT(pool_once(&small_mp, "e2e_small", 1024, 512) != NULL,
		    "a pool of 512-byte mbufs");
	TEST_ASSERT_EQ(scatter_configure(2), MLX5X_TEST_PASS, "configured");
	TEST_ASSERT_EQ(rte_eth_rx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL,
					      e2e_pool()),
		       0, "queue 0: mbufs a frame fits in");
	TEST_ASSERT_EQ(rte_eth_rx_queue_setup(pf, 1, 256, SOCKET_ID_ANY, NULL,
					      small_mp),
		       0, "queue 1: 512-byte mbufs, it scatters");
	TEST_ASSERT_EQ(rte_eth_tx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL),
		       0, "Tx queue");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	for (q = 0; q < 2; q++) {
		memset(&bm, 0, sizeof(bm));
		TEST_ASSERT_EQ(rte_eth_rx_burst_mode_get(pf, q, &bm), 0,
			       "queue %u burst mode", q);
		TEST_ASSERT(strstr(bm.info, "compression") == NULL,
			    "queue %u: \"%s\" with a scattering queue", q,
			    bm.info);
	}
	/* A burst of one flow and one length, which an adapter compressing
	 * CQEs would compress, arrives whole on queue 0. */
	{
		static uint8_t small[16][64];
		const void *frames[16];
		size_t lens[16];
		struct rte_mbuf *ms[16];
		unsigned int i;

		for (i = 0; i < 16; i++) {
			e2e_udp_frame(small[i], 64, pf_mac.addr_bytes, peer_mac,
				      1, 2, 3, 4);
			small[i][63] = (uint8_t)i;
			frames[i] = small[i];
			lens[i] = 64;
		}
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire_burst(0, frames, lens, 16),
			       0, "inject 16");
		TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, ms, 16), 16,
			       "16 received on queue 0");
		for (i = 0; i < 16; i++) {
			TEST_ASSERT(ms[i]->pkt_len == 64 &&
					    ms[i]->nb_segs == 1 &&
					    memcmp(rte_pktmbuf_mtod(ms[i],
								    void *),
						   small[i], 64) == 0,
				    "packet %u: 64 bytes, in order (len %u)", i,
				    ms[i]->pkt_len);
			rte_pktmbuf_free(ms[i]);
		}
	}
	/* Every frame to queue 1. */
	{
		const struct rte_flow_attr attr = { .ingress = 1 };
		const struct rte_flow_item pattern[] = {
			{ .type = RTE_FLOW_ITEM_TYPE_ETH },
			{ .type = RTE_FLOW_ITEM_TYPE_END },
		};
		const struct rte_flow_action_queue to1 = { .index = 1 };
		const struct rte_flow_action actions[] = {
			{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &to1 },
			{ .type = RTE_FLOW_ACTION_TYPE_END },
		};
		struct rte_flow_error error;

		TEST_ASSERT(rte_flow_create(pf, &attr, pattern, actions,
					    &error) != NULL,
			    "rule: every frame to queue 1 (%s)",
			    error.message ? error.message : "");
	}
	e2e_udp_frame(frame, sizeof(frame), pf_mac.addr_bytes, peer_mac, 1, 2,
		      3, 4);
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 1, &m, 1), 1, "received on queue 1");
	TEST_ASSERT_EQ(m->nb_segs, 3, "1400 bytes in three 512-byte mbufs");
	p = rte_pktmbuf_read(m, 0, sizeof(frame), back);
	TEST_ASSERT(p != NULL && memcmp(p, frame, sizeof(frame)) == 0,
		    "same bytes across the chain");
	rte_pktmbuf_free(m);
	return e2e_detach_check();
}

/* rte_eth_dev_reset: the port is as freshly probed (added MACs gone) and
 * works again once configured and started. */
static int
test_reset_then_reconfigure(void)
{
	struct rte_eth_rxq_info rxq;
	struct rte_eth_txq_info txq;
	struct rte_ether_addr extra = { .addr_bytes = { 0x02, 0x00, 0x00, 0x00,
							0x00, 0x78 } };
	struct rte_ether_addr macs[4];
	struct rte_eth_dev_info info;
	uint8_t frame[64];
	struct rte_mbuf *m;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	TEST_ASSERT_EQ(rte_eth_dev_mac_addr_add(pf, &extra, 0), 0, "add MAC");
	TEST_ASSERT_EQ(rte_eth_promiscuous_enable(pf), 0, "promisc on");
	TEST_ASSERT_EQ(rte_eth_dev_reset(pf), 0, "reset");
	/* As after probe: no queue is set up any more. */
	TEST_ASSERT(rte_eth_rx_queue_info_get(pf, 0, &rxq) != 0,
		    "no Rx queue after reset");
	TEST_ASSERT(rte_eth_tx_queue_info_get(pf, 0, &txq) != 0,
		    "no Tx queue after reset");
	TEST_ASSERT_EQ(rte_eth_promiscuous_get(pf), 0, "promiscuous off");
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	TEST_ASSERT_EQ(rte_eth_macaddrs_get(pf, macs, RTE_DIM(macs)),
		       RTE_DIM(macs), "MAC list");
	TEST_ASSERT(rte_is_same_ether_addr(&macs[0], &pf_mac),
		    "the netdev's MAC");
	TEST_ASSERT(rte_is_zero_ether_addr(&macs[1]), "the added MAC gone");
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, NULL), 0,
		       "configure and start again");
	e2e_udp_frame(frame, sizeof(frame), pf_mac.addr_bytes, peer_mac, 1, 2,
		      3, 4);
	mlx5x_emu_inject_wire(0, frame, sizeof(frame));
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, &m, 1), 1, "receives after reset");
	rte_pktmbuf_free(m);
	return e2e_detach_check();
}

static void
ext_free(void *addr, void *opaque)
{
	RTE_SET_USED(addr);
	RTE_SET_USED(opaque);
}

/* Packets in memory outside EAL (external buffers): dropped and counted
 * until the application maps that memory for the device, sent after. */
static int
test_tx_external_buffer(void)
{
	const size_t len = 1 << 21;
	struct rte_mbuf_ext_shared_info shinfo;
	struct rte_eth_dev_info info;
	struct rte_eth_stats st;
	uint8_t frame[80], out[2048];
	struct rte_mbuf *m;
	uint8_t *mem;
	int got, tries, pass;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TEST_ASSERT(mem != MAP_FAILED, "external memory");
	TEST_ASSERT_EQ(rte_extmem_register(mem, len, NULL, 0, 4096), 0,
		       "known to EAL");
	wire_drain();
	e2e_udp_frame(frame, sizeof(frame), peer_mac, pf_mac.addr_bytes, 1, 2,
		      3, 4);
	for (pass = 0; pass < 2; pass++) {
		memset(&shinfo, 0, sizeof(shinfo));
		shinfo.free_cb = ext_free;
		rte_mbuf_ext_refcnt_set(&shinfo, 1);
		m = rte_pktmbuf_alloc(e2e_pool());
		TEST_ASSERT(m != NULL, "mbuf");
		rte_pktmbuf_attach_extbuf(m, mem, (rte_iova_t)(uintptr_t)mem,
					  2048, &shinfo);
		memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame,
		       sizeof(frame));
		TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1,
			       "handed over");
		for (tries = 0, got = 0; tries < 200 && got == 0; tries++) {
			mlx5x_emu_poll();
			got = mlx5x_emu_capture_wire(0, out, sizeof(out));
			if (got == 0)
				usleep(1000);
		}
		if (pass == 0) {
			TEST_ASSERT_EQ(got, 0, "unmapped memory is not sent");
			TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
			TEST_ASSERT_EQ(st.oerrors, 1, "and counted");
			TEST_ASSERT_EQ(rte_dev_dma_map(info.device, mem,
						       (uint64_t)(uintptr_t)mem,
						       len),
				       0, "DMA map");
		} else {
			TEST_ASSERT_EQ(got, sizeof(frame),
				       "mapped memory is sent");
			TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0,
				    "same bytes");
		}
	}
	rte_eth_tx_done_cleanup(pf, 0, 0);
	TEST_ASSERT_EQ(rte_dev_dma_unmap(info.device, mem,
					 (uint64_t)(uintptr_t)mem, len),
		       0, "DMA unmap");
	/* The port still holds the mbuf until its completion: stop first. */
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_extmem_unregister(mem, len), 0, "unregister");
	munmap(mem, len);
	return e2e_detach_check();
}

/* The Tx error scenario: 8 KiB of external memory of which only the first
 * page is mapped for the device, and a frame in an mbuf whose buffer runs
 * past that page: the adapter refuses its WQE (PRM: the gather entry's
 * range is outside the memory key's). */
struct tx_bad_wqe {
	struct rte_mbuf_ext_shared_info shinfo;
	struct rte_eth_dev_info info;
	uint8_t frame[80];
	uint8_t *mem;
	size_t len;
};

/* The PF up with conf, the bad WQE handed over, nothing on the wire after
 * ~50 ms. */
static int
tx_bad_wqe_sent(struct tx_bad_wqe *b, const struct rte_eth_conf *conf)
{
	uint8_t out[2048];
	struct rte_mbuf *m;
	int tries;

	b->len = 8192;
	TEST_ASSERT_EQ(pf_up(1, conf), 0, "PF up");
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &b->info), 0, "info");
	b->mem = mmap(NULL, b->len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TEST_ASSERT(b->mem != MAP_FAILED, "external memory");
	TEST_ASSERT_EQ(rte_extmem_register(b->mem, b->len, NULL, 0, 4096), 0,
		       "known to EAL");
	/* Only the first page is the device's. */
	TEST_ASSERT_EQ(rte_dev_dma_map(b->info.device, b->mem,
				       (uint64_t)(uintptr_t)b->mem, 4096),
		       0, "DMA map one page");
	wire_drain();
	e2e_udp_frame(b->frame, sizeof(b->frame), peer_mac, pf_mac.addr_bytes,
		      1, 2, 3, 4);
	memset(&b->shinfo, 0, sizeof(b->shinfo));
	b->shinfo.free_cb = ext_free;
	rte_mbuf_ext_refcnt_set(&b->shinfo, 1);
	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	rte_pktmbuf_attach_extbuf(m, b->mem + 4096 - 64,
				  (rte_iova_t)(uintptr_t)(b->mem + 4096 - 64),
				  256, &b->shinfo);
	m->data_off = 24; /* 40 bytes in the page, 40 past it */
	memcpy(rte_pktmbuf_append(m, sizeof(b->frame)), b->frame,
	       sizeof(b->frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "handed over");
	for (tries = 0; tries < 50; tries++) {
		mlx5x_emu_poll();
		usleep(1000);
	}
	TEST_ASSERT_EQ(mlx5x_emu_capture_wire(0, out, sizeof(out)), 0,
		       "the refused WQE sent nothing");
	return MLX5X_TEST_PASS;
}

/* The frame sent after the error reaches the wire within ~1 s. */
static int
tx_bad_wqe_recovered(const struct tx_bad_wqe *b)
{
	uint8_t out[2048];
	int got, tries;

	for (tries = 0, got = 0; tries < 1000 && got == 0; tries++) {
		mlx5x_emu_poll();
		got = mlx5x_emu_capture_wire(0, out, sizeof(out));
		if (got == 0)
			usleep(1000);
	}
	TEST_ASSERT_EQ(got, sizeof(b->frame), "the recovered queue sends");
	return MLX5X_TEST_PASS;
}

/* The port stopped (it holds the bad mbuf until then), the memory given
 * back, nothing left behind. */
static int
tx_bad_wqe_release(struct tx_bad_wqe *b)
{
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_dev_dma_unmap(b->info.device, b->mem,
					 (uint64_t)(uintptr_t)b->mem, 4096),
		       0, "DMA unmap");
	TEST_ASSERT_EQ(rte_extmem_unregister(b->mem, b->len), 0, "unregister");
	munmap(b->mem, b->len);
	return e2e_detach_check();
}

/* A WQE the adapter refuses (a buffer running past the end of its memory
 * registration) is an error CQE and puts the SQ in ERR: the queue counts
 * it, recovers, and the next packets leave. */
static int
test_tx_error_recovers(void)
{
	struct rte_eth_xstat_name names[64];
	struct rte_eth_xstat vals[64];
	struct tx_bad_wqe b;
	struct rte_mbuf *m;
	int n, i, ret, errors = -1, recoveries = -1;

	E2E_REQUIRE();
	ret = tx_bad_wqe_sent(&b, NULL);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	/* The next burst sees the error CQE, recovers, and sends. */
	m = rte_pktmbuf_alloc(e2e_pool());
	memcpy(rte_pktmbuf_append(m, sizeof(b.frame)), b.frame,
	       sizeof(b.frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "sent after");
	ret = tx_bad_wqe_recovered(&b);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	n = rte_eth_xstats_get_names(pf, names, RTE_DIM(names));
	TEST_ASSERT(n > 0 && n <= (int)RTE_DIM(names), "xstats");
	TEST_ASSERT_EQ(rte_eth_xstats_get(pf, vals, RTE_DIM(vals)), n,
		       "values");
	for (i = 0; i < n; i++) {
		if (strcmp(names[vals[i].id].name, "tx_wqe_errors") == 0)
			errors = (int)vals[i].value;
		if (strcmp(names[vals[i].id].name, "tx_sq_recoveries") == 0)
			recoveries = (int)vals[i].value;
	}
	TEST_ASSERT_EQ(errors, 1, "one error CQE counted");
	TEST_ASSERT_EQ(recoveries, 1, "one recovery counted");
	return tx_bad_wqe_release(&b);
}

/*
 * The same error, but the adapter then refuses the SQ's way back (PRM
 * MODIFY_SQ, opcode 0x905, answered BAD_PARAM 0x3): the burst that finds
 * the SQ in error and cannot recover it takes nothing (the application
 * keeps its mbuf); the next burst recovers and sends. With the default
 * burst, the full one (multi-segment offload) and the lean one
 * (txq_mpw_en=0).
 */
static int
tx_refused_run(const struct rte_eth_conf *conf)
{
	struct tx_bad_wqe b;
	struct rte_mbuf *m;
	int ret;

	ret = tx_bad_wqe_sent(&b, conf);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(mlx5x_emu_fault_cmd(0, 0x905, 1, 0x3, 0), 0,
		       "the next MODIFY_SQ fails");
	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m, sizeof(b.frame)), b.frame,
	       sizeof(b.frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 0,
		       "nothing taken while the SQ stays in error");
	mlx5x_emu_fault_cmd(0, 0x905, 0, 0, 0);
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "taken once it can");
	ret = tx_bad_wqe_recovered(&b);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	return tx_bad_wqe_release(&b);
}

static int
test_tx_error_recovery_refused_takes_nothing(void)
{
	struct rte_eth_conf full = {
		.txmode.offloads = RTE_ETH_TX_OFFLOAD_MULTI_SEGS,
	};
	int ret;

	E2E_REQUIRE();
	ret = tx_refused_run(NULL);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	ret = tx_refused_run(&full);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	pf_devargs = "txq_mpw_en=0";
	ret = tx_refused_run(NULL);
	pf_devargs = NULL;
	return ret;
}

/* A frame longer than the port's buffers (a jumbo from the wire at MTU
 * 1500, 2 KiB mbufs, no scatter) is not received, and the queue goes on
 * receiving; if the adapter reported it as a responder error (RQ in ERR),
 * the queue recovered. */
static int
test_rx_oversize_then_recovers(void)
{
	static uint8_t jumbo[3000];
	uint8_t frame[64];
	struct rte_mbuf *m[4];
	struct rte_eth_stats st;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	e2e_udp_frame(jumbo, sizeof(jumbo), pf_mac.addr_bytes, peer_mac, 1, 2,
		      3, 4);
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, jumbo, sizeof(jumbo)), 0,
		       "inject a jumbo");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 0, "not received");
	e2e_udp_frame(frame, sizeof(frame), pf_mac.addr_bytes, peer_mac, 1, 2,
		      3, 4);
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1, "the queue still receives");
	TEST_ASSERT_EQ(m[0]->pkt_len, sizeof(frame), "the right frame");
	rte_pktmbuf_free(m[0]);
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT_EQ(st.ipackets, 1, "one packet received");
	{
		struct rte_eth_xstat_name names[64];
		struct rte_eth_xstat vals[64];
		int n = rte_eth_xstats_get_names(pf, names, RTE_DIM(names));
		int i, errors = -1, recoveries = -1, vport_errors = -1;

		TEST_ASSERT_EQ(rte_eth_xstats_get(pf, vals, RTE_DIM(vals)), n,
			       "xstats");
		for (i = 0; i < n; i++) {
			if (!strcmp(names[vals[i].id].name, "rx_wqe_errors"))
				errors = (int)vals[i].value;
			if (!strcmp(names[vals[i].id].name, "rx_rq_recoveries"))
				recoveries = (int)vals[i].value;
			if (!strcmp(names[vals[i].id].name, "rx_vport_errors"))
				vport_errors = (int)vals[i].value;
		}
		TEST_ASSERT_EQ(recoveries, errors,
			       "every error CQE was recovered from");
		/* The vport's error counter (read from the adapter) and the
		 * error CQEs the queue saw count the same events. */
		TEST_ASSERT_EQ(vport_errors, errors,
			       "rx_vport_errors as the error CQEs");
		printf("    the adapter reported %d responder error(s)\n",
		       errors);
	}
	return e2e_detach_check();
}

/* txq_inline_min=: every WQE carries that many header bytes inline (the
 * burst mode says so), and frames still leave byte for byte, shorter
 * ones too. */
static int
test_txq_inline_min_devarg(void)
{
	struct rte_eth_burst_mode mode;
	uint8_t frame[200], out[2048];
	unsigned int len;
	int got, tries;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach("txq_inline_min=96"), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	rte_eth_macaddr_get(pf, &pf_mac);
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, NULL), 0, "start");
	TEST_ASSERT_EQ(rte_eth_tx_burst_mode_get(pf, 0, &mode), 0, "mode");
	TEST_ASSERT(strstr(mode.info, "96-byte inline") != NULL,
		    "burst mode \"%s\"", mode.info);
	wire_drain();
	for (len = 60; len <= sizeof(frame); len += 140) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(e2e_pool());

		e2e_udp_frame(frame, (uint16_t)len, peer_mac, pf_mac.addr_bytes,
			      1, 2, 3, 4);
		memcpy(rte_pktmbuf_append(m, len), frame, len);
		TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "sent");
		for (tries = 0, got = 0; tries < 1000 && got == 0; tries++) {
			mlx5x_emu_poll();
			got = mlx5x_emu_capture_wire(0, out, sizeof(out));
			if (got == 0)
				usleep(1000);
		}
		TEST_ASSERT_EQ(got, (int)len, "%u-byte frame on the wire", len);
		TEST_ASSERT(memcmp(out, frame, len) == 0, "same bytes");
	}
	return MLX5X_TEST_PASS;
}

/* Many more packets than the rings hold, one or a few per burst, both
 * ways: the rings wrap many times and the adapter is told of every
 * consumed completion (a CQ it believes full stops completing), so every
 * packet arrives, in order, with its bytes. */
static int
test_rings_wrap_many_times(void)
{
	enum { N = 2000 };
	uint8_t frame[80], out[2048];
	struct rte_mbuf *m[8];
	unsigned int i, got, tries;
	int len;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	wire_drain();
	e2e_udp_frame(frame, sizeof(frame), pf_mac.addr_bytes, peer_mac, 1, 2,
		      3, 4);
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
	/* The completion queue wrapped several times: waiting completions
	 * are still counted right. */
	for (i = 0; i < 3; i++)
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)),
			       0, "inject");
	for (tries = 0; tries < 100000 && rte_eth_rx_queue_count(pf, 0) < 3;
	     tries++)
		mlx5x_emu_poll();
	TEST_ASSERT_EQ(rte_eth_rx_queue_count(pf, 0), 3,
		       "three completions waiting after the wraps");
	TEST_ASSERT_EQ(rte_eth_rx_descriptor_status(pf, 0, 2),
		       RTE_ETH_RX_DESC_DONE, "third one done");
	TEST_ASSERT_EQ(rte_eth_rx_descriptor_status(pf, 0, 3),
		       RTE_ETH_RX_DESC_AVAIL, "fourth one still posted");
	TEST_ASSERT_EQ(rte_eth_rx_burst(pf, 0, m, 8), 3, "the three");
	rte_pktmbuf_free_bulk(m, 3);
	e2e_udp_frame(frame, sizeof(frame), peer_mac, pf_mac.addr_bytes, 1, 2,
		      3, 4);
	for (i = 0, got = 0; i < N; i++) {
		struct rte_mbuf *t = rte_pktmbuf_alloc(e2e_pool());

		TEST_ASSERT(t != NULL, "mbuf %u", i);
		frame[sizeof(frame) - 2] = (uint8_t)(i >> 8);
		frame[sizeof(frame) - 1] = (uint8_t)i;
		memcpy(rte_pktmbuf_append(t, sizeof(frame)), frame,
		       sizeof(frame));
		for (tries = 0; rte_eth_tx_burst(pf, 0, &t, 1) == 0; tries++) {
			TEST_ASSERT(tries < 100000, "packet %u never taken", i);
			mlx5x_emu_poll();
		}
		mlx5x_emu_poll();
		while ((len = mlx5x_emu_capture_wire(0, out, sizeof(out))) >
		       0) {
			TEST_ASSERT_EQ(len, sizeof(frame), "length");
			TEST_ASSERT_EQ(out[len - 2] << 8 | out[len - 1],
				       got & 0xffff, "in order");
			got++;
		}
	}
	for (tries = 0; tries < 1000 && got < N; tries++) {
		mlx5x_emu_poll();
		while ((len = mlx5x_emu_capture_wire(0, out, sizeof(out))) >
		       0) {
			TEST_ASSERT_EQ(len, sizeof(frame), "length");
			TEST_ASSERT_EQ(out[len - 2] << 8 | out[len - 1],
				       got & 0xffff, "in order");
			got++;
		}
		if (got < N)
			usleep(1000);
	}
	TEST_ASSERT_EQ(got, N, "every packet sent one by one on the wire");
	return e2e_detach_check();
}

/* An Rx ring holds exactly its descriptors, also after a queue restart:
 * a flood the application does not read fills it, the rest is dropped,
 * and what it holds is the first frames, intact and in order. */
static int
test_rx_ring_holds_its_size(void)
{
	struct rte_eth_rxq_info qinfo;
	struct rte_mbuf *m[64];
	uint8_t frame[80];
	unsigned int round, i, got;
	uint16_t n, k;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	TEST_ASSERT_EQ(rte_eth_rx_queue_info_get(pf, 0, &qinfo), 0, "rxq info");
	e2e_udp_frame(frame, sizeof(frame), pf_mac.addr_bytes, peer_mac, 1, 2,
		      3, 4);
	for (round = 0; round < 2; round++) {
		/* Some traffic first, so the ring's counters have moved. */
		for (i = 0; i < 10; i++) {
			mlx5x_emu_inject_wire(0, frame, sizeof(frame));
			TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1, "warm-up");
			rte_pktmbuf_free(m[0]);
		}
		if (round == 1) {
			TEST_ASSERT_EQ(rte_eth_dev_rx_queue_stop(pf, 0), 0,
				       "Rx queue stop");
			TEST_ASSERT_EQ(rte_eth_dev_rx_queue_start(pf, 0), 0,
				       "Rx queue start");
		}
		for (i = 0; i < qinfo.nb_desc + 40u; i++) {
			frame[sizeof(frame) - 2] = (uint8_t)(i >> 8);
			frame[sizeof(frame) - 1] = (uint8_t)i;
			TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame,
							     sizeof(frame)),
				       0, "inject %u", i);
		}
		for (got = 0, k = 0; k < 200; k++) {
			mlx5x_emu_poll();
			n = rte_eth_rx_burst(pf, 0, m, RTE_DIM(m));
			for (i = 0; i < n; i++, got++) {
				const uint8_t *d =
					rte_pktmbuf_mtod(m[i], const uint8_t *);

				TEST_ASSERT(m[i]->pkt_len == sizeof(frame) &&
						    d[sizeof(frame) - 2] ==
							    (uint8_t)(got >>
								      8) &&
						    d[sizeof(frame) - 1] ==
							    (uint8_t)got,
					    "round %u: frame %u intact, in order",
					    round, got);
			}
			rte_pktmbuf_free_bulk(m, n);
		}
		TEST_ASSERT_EQ(got, qinfo.nb_desc,
			       "round %u: the ring held its %u descriptors",
			       round, qinfo.nb_desc);
	}
	return e2e_detach_check();
}

/* A frame at MTU 1500 (1526 bytes with CRC and two VLAN tags) in 256-byte
 * mbufs takes 6, rounded to 8 per WQE: exactly the most the driver gives a
 * packet (MLX5X_RX_SEGS_MAX), so the queue is made and a 1514-byte frame
 * arrives whole as 6 segments. 128-byte mbufs would need 16: refused. */
static int
test_rx_scatter_most_segments(void)
{
	uint8_t frame[1514], back[1514];
	struct rte_mbuf *m;
	const void *p;

	E2E_REQUIRE();
	TEST_ASSERT(pool_once(&tiny_mp, "e2e_tiny", 1024, 256) != NULL,
		    "a pool of 256-byte mbufs");
	TEST_ASSERT(pool_once(&mp128, "e2e_128", 512, 128) != NULL,
		    "a pool of 128-byte mbufs");
	TEST_ASSERT_EQ(scatter_configure(1), MLX5X_TEST_PASS, "configured");
	TEST_ASSERT(rte_eth_rx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL,
					   mp128) != 0,
		    "128-byte mbufs: 16 per frame at MTU 1500 is over the driver's 8");
	TEST_ASSERT_EQ(rte_eth_rx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL,
					      tiny_mp),
		       0, "256-byte mbufs: 8 per frame at MTU 1500 is allowed");
	TEST_ASSERT_EQ(rte_eth_tx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL),
		       0, "Tx queue");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	e2e_udp_frame(frame, sizeof(frame), pf_mac.addr_bytes, peer_mac, 1, 2,
		      3, 4);
	frame[sizeof(frame) - 1] = 0x5a;
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, &m, 1), 1, "received");
	TEST_ASSERT_EQ(m->pkt_len, sizeof(frame), "length");
	TEST_ASSERT_EQ(m->nb_segs, 6, "1514 bytes in six 256-byte mbufs");
	p = rte_pktmbuf_read(m, 0, sizeof(frame), back);
	TEST_ASSERT(p != NULL && memcmp(p, frame, sizeof(frame)) == 0,
		    "same bytes across the chain");
	rte_pktmbuf_free(m);
	return e2e_detach_check();
}

/*
 * Chains at every segment boundary of 512-byte mbufs (one byte short of,
 * at and one past a multiple of 512), bursts of them round the ring of
 * multi-segment WQEs more than once: each chain has as many segments as
 * its length needs, every segment but the last full, the lengths adding up
 * (rte_mbuf_check), the bytes in order; the port counts exactly the frames
 * and bytes handed up, and once the chains are freed every mbuf is back in
 * the pool but the ring's own.
 */
static int
test_rx_scatter_chains_at_segment_boundaries(void)
{
	static const uint16_t lens[] = { 60,   511,  512,  513, 1023,
					 1024, 1025, 1400, 1514 };
	const unsigned int nl = RTE_DIM(lens), rounds = 12;
	static uint8_t frames[RTE_DIM(lens)][1514];
	uint8_t back[1514];
	struct rte_mbuf *m[RTE_DIM(lens)];
	const void *f[RTE_DIM(lens)];
	size_t len[RTE_DIM(lens)];
	unsigned int avail0, r, i, s;
	uint64_t bytes = 0;
	struct rte_eth_stats st;
	const char *why;

	E2E_REQUIRE();
	TEST_ASSERT(pool_once(&small_mp, "e2e_small", 1024, 512) != NULL,
		    "a pool of 512-byte mbufs");
	TEST_ASSERT_EQ(scatter_configure(1), MLX5X_TEST_PASS, "configured");
	TEST_ASSERT_EQ(rte_eth_rx_queue_setup(pf, 0, 64, SOCKET_ID_ANY, NULL,
					      small_mp),
		       0, "Rx queue of 64 512-byte mbufs, scattering");
	TEST_ASSERT_EQ(rte_eth_tx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL),
		       0, "Tx queue");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	avail0 = rte_mempool_avail_count(small_mp);
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < nl; i++) {
			e2e_udp_frame(frames[i], lens[i], pf_mac.addr_bytes,
				      peer_mac, 1, 2, 3, 4);
			/* Every segment's bytes told apart, frame by frame. */
			for (s = 42; s < lens[i]; s++)
				frames[i][s] = (uint8_t)(s * 7 + r * 13 + i);
			f[i] = frames[i];
			len[i] = lens[i];
			bytes += lens[i];
		}
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire_burst(0, f, len, nl), 0,
			       "round %u: inject", r);
		TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, nl), nl,
			       "round %u: every frame received", r);
		for (i = 0; i < nl; i++) {
			struct rte_mbuf *seg = m[i];
			unsigned int want = (lens[i] + 511u) / 512u, left;
			const void *p;

			TEST_ASSERT(m[i]->pkt_len == lens[i] &&
					    m[i]->nb_segs == want,
				    "round %u: %u bytes in %u segments, want %u in %u",
				    r, m[i]->pkt_len, m[i]->nb_segs, lens[i],
				    want);
			TEST_ASSERT_EQ(rte_mbuf_check(m[i], 1, &why), 0,
				       "round %u, %u bytes: %s", r, lens[i],
				       why);
			for (left = lens[i], s = 0; seg != NULL;
			     seg = seg->next, s++) {
				TEST_ASSERT_EQ(seg->data_len,
					       RTE_MIN(left, 512u),
					       "round %u, %u bytes: segment %u",
					       r, lens[i], s);
				left -= seg->data_len;
			}
			p = rte_pktmbuf_read(m[i], 0, lens[i], back);
			TEST_ASSERT(p != NULL &&
					    memcmp(p, frames[i], lens[i]) == 0,
				    "round %u: %u bytes in order", r, lens[i]);
			rte_pktmbuf_free(m[i]);
		}
	}
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT(st.ipackets == rounds * nl && st.ibytes == bytes &&
			    st.ierrors == 0 && st.rx_nombuf == 0,
		    "%" PRIu64 " packets %" PRIu64 " bytes %" PRIu64
		    " errors %" PRIu64 " nombuf, want %u packets %" PRIu64
		    " bytes",
		    st.ipackets, st.ibytes, st.ierrors, st.rx_nombuf,
		    rounds * nl, bytes);
	TEST_ASSERT_EQ(rte_mempool_avail_count(small_mp), avail0,
		       "every chain's mbufs back in the pool");
	return e2e_detach_check();
}

/* A stopped Rx queue hands back the CQEs it drained (the CQ doorbell
 * record's consumer counter, all 24 bits): after an odd number of
 * completions, a stop and a start, the restarted ring still takes as many
 * frames as it has descriptors before the application polls, without
 * the adapter seeing its CQ overrun. CQE compression off: a CQE a frame. */
static int
test_rx_restart_ring_full_after_odd_count(void)
{
	struct rte_eth_rxq_info qinfo;
	struct rte_mbuf *m[64];
	uint8_t frame[80];
	unsigned int i, got, k;
	uint16_t n;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach("rxq_cqe_comp_en=0"), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	rte_eth_macaddr_get(pf, &pf_mac);
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, NULL), 0, "start");
	TEST_ASSERT_EQ(rte_eth_rx_queue_info_get(pf, 0, &qinfo), 0, "rxq info");
	e2e_udp_frame(frame, sizeof(frame), pf_mac.addr_bytes, peer_mac, 1, 2,
		      3, 4);
	/* One completion: the consumer counter is odd at the stop. */
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1, "the first frame");
	rte_pktmbuf_free(m[0]);
	TEST_ASSERT_EQ(rte_eth_dev_rx_queue_stop(pf, 0), 0, "Rx queue stop");
	TEST_ASSERT_EQ(rte_eth_dev_rx_queue_start(pf, 0), 0, "Rx queue start");
	for (i = 0; i < qinfo.nb_desc; i++) {
		frame[sizeof(frame) - 2] = (uint8_t)(i >> 8);
		frame[sizeof(frame) - 1] = (uint8_t)i;
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)),
			       0, "inject %u", i);
	}
	for (got = 0, k = 0; k < 200 && got < qinfo.nb_desc; k++) {
		mlx5x_emu_poll();
		n = rte_eth_rx_burst(pf, 0, m, RTE_DIM(m));
		for (i = 0; i < n; i++, got++) {
			const uint8_t *d =
				rte_pktmbuf_mtod(m[i], const uint8_t *);

			TEST_ASSERT(m[i]->pkt_len == sizeof(frame) &&
					    d[sizeof(frame) - 2] ==
						    (uint8_t)(got >> 8) &&
					    d[sizeof(frame) - 1] ==
						    (uint8_t)got,
				    "frame %u intact, in order", got);
		}
		rte_pktmbuf_free_bulk(m, n);
		if (n == 0)
			usleep(1000);
	}
	TEST_ASSERT_EQ(got, qinfo.nb_desc,
		       "the restarted ring held its %u descriptors",
		       qinfo.nb_desc);
	/* And the queue goes on. */
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1, "one more frame");
	rte_pktmbuf_free(m[0]);
	return e2e_detach_check();
}

/* A Tx queue stopped and started twice: each stop lets every accepted
 * frame out and each start works (the second stop must see the queue as
 * running again, or it leaves the SQ ready and the next start's RST->RDY
 * fails), and the queue sends after each start. */
static int
test_tx_queue_stop_start_twice(void)
{
	uint8_t frame[64], out[2048];
	struct rte_mbuf *m[16];
	unsigned int round;
	uint16_t sent, i;
	int got, tries, len;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	wire_drain();
	e2e_udp_frame(frame, sizeof(frame), peer_mac, pf_mac.addr_bytes, 1, 2,
		      3, 4);
	for (round = 0; round < 3; round++) {
		for (i = 0; i < RTE_DIM(m); i++) {
			m[i] = rte_pktmbuf_alloc(e2e_pool());
			TEST_ASSERT(m[i] != NULL, "mbuf");
			frame[sizeof(frame) - 2] = (uint8_t)round;
			frame[sizeof(frame) - 1] = (uint8_t)i;
			memcpy(rte_pktmbuf_append(m[i], sizeof(frame)), frame,
			       sizeof(frame));
		}
		for (sent = 0, tries = 0; sent < RTE_DIM(m) && tries < 1000;
		     tries++)
			sent += rte_eth_tx_burst(pf, 0, m + sent,
						 RTE_DIM(m) - sent);
		TEST_ASSERT_EQ(sent, RTE_DIM(m), "round %u: all accepted",
			       round);
		if (round < 2)
			TEST_ASSERT_EQ(rte_eth_dev_tx_queue_stop(pf, 0), 0,
				       "round %u: Tx queue stop", round);
		for (got = 0, tries = 0; tries < 1000 && got < (int)sent;
		     tries++) {
			mlx5x_emu_poll();
			for (;;) {
				len = mlx5x_emu_capture_wire(0, out,
							     sizeof(out));
				if (len <= 0)
					break;
				TEST_ASSERT(len == sizeof(frame) &&
						    out[len - 2] == round &&
						    out[len - 1] == got,
					    "round %u: frame %d in order",
					    round, got);
				got++;
			}
			if (got < (int)sent)
				usleep(1000);
		}
		TEST_ASSERT_EQ(got, sent, "round %u: every frame left", round);
		if (round < 2)
			TEST_ASSERT_EQ(rte_eth_dev_tx_queue_start(pf, 0), 0,
				       "round %u: Tx queue start", round);
	}
	return e2e_detach_check();
}

/* xstats names into an array longer than needed: the count comes back
 * and every entry past it is left as it was. */
static int
test_xstats_names_leave_the_rest(void)
{
	struct rte_eth_xstat_name names[512];
	unsigned int i;
	int n;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(1, NULL), 0, "PF up");
	n = rte_eth_xstats_get_names(pf, NULL, 0);
	TEST_ASSERT(n > 1 && n + 4 <= (int)RTE_DIM(names), "%d xstats", n);
	for (i = 0; i < RTE_DIM(names); i++)
		snprintf(names[i].name, sizeof(names[i].name), "untouched");
	TEST_ASSERT_EQ(rte_eth_xstats_get_names(pf, names, RTE_DIM(names)), n,
		       "the count, with room to spare");
	for (i = 0; i < (unsigned int)n; i++)
		TEST_ASSERT(strcmp(names[i].name, "untouched") != 0 &&
				    names[i].name[0] != '\0',
			    "entry %u named", i);
	for (i = (unsigned int)n; i < RTE_DIM(names); i++)
		TEST_ASSERT(strcmp(names[i].name, "untouched") == 0,
			    "entry %u past the %d names untouched (\"%s\")", i,
			    n, names[i].name);
	return MLX5X_TEST_PASS;
}

/* xstat name's value on port p, -1 when it has none. */
static int64_t
xstat_of(uint16_t p, const char *name)
{
	struct rte_eth_xstat_name names[128];
	struct rte_eth_xstat vals[128];
	int n, i;

	n = rte_eth_xstats_get_names(p, names, RTE_DIM(names));
	if (n <= 0 || n > (int)RTE_DIM(names) ||
	    rte_eth_xstats_get(p, vals, RTE_DIM(vals)) != n)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(names[vals[i].id].name, name) == 0)
			return (int64_t)vals[i].value;
	return -1;
}

/*
 * One Tx burst variant (devargs, offloads; its burst mode must contain
 * mode_has): a WQE the adapter refuses (a data segment running past the
 * memory mapped for the device) puts the SQ in error; the next burst, 8
 * plain packets (the vector bursts take them four at a time), counts that
 * error CQE once, recovers the SQ once and sends all 8; a third burst
 * finds nothing more to count.
 */
static int
tx_error_once_run(const char *devargs, uint64_t offloads, const char *mode_has)
{
	const size_t len = 8192;
	struct rte_eth_conf conf = { .txmode.offloads = offloads };
	struct rte_mbuf_ext_shared_info shinfo;
	struct rte_eth_burst_mode mode;
	struct rte_eth_dev_info info;
	struct rte_mbuf *m[8];
	uint8_t frame[80], out[2048];
	uint8_t *mem;
	int got, tries, i;

	TEST_ASSERT_EQ(e2e_attach(devargs), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT(pf != UINT16_MAX, "PF");
	rte_eth_macaddr_get(pf, &pf_mac);
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, &conf), 0, "PF up");
	TEST_ASSERT_EQ(rte_eth_tx_burst_mode_get(pf, 0, &mode), 0, "mode");
	TEST_ASSERT(strstr(mode.info, mode_has) != NULL,
		    "burst mode \"%s\" names \"%s\"", mode.info, mode_has);
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TEST_ASSERT(mem != MAP_FAILED, "external memory");
	TEST_ASSERT_EQ(rte_extmem_register(mem, len, NULL, 0, 4096), 0,
		       "known to EAL");
	TEST_ASSERT_EQ(rte_dev_dma_map(info.device, mem,
				       (uint64_t)(uintptr_t)mem, 4096),
		       0, "DMA map one page");
	wire_drain();
	e2e_udp_frame(frame, sizeof(frame), peer_mac, pf_mac.addr_bytes, 1, 2,
		      3, 4);
	memset(&shinfo, 0, sizeof(shinfo));
	shinfo.free_cb = ext_free;
	rte_mbuf_ext_refcnt_set(&shinfo, 1);
	m[0] = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m[0] != NULL, "mbuf");
	rte_pktmbuf_attach_extbuf(m[0], mem + 4096 - 64,
				  (rte_iova_t)(uintptr_t)(mem + 4096 - 64), 256,
				  &shinfo);
	m[0]->data_off = 24; /* 40 bytes in the page, 40 past it */
	memcpy(rte_pktmbuf_append(m[0], sizeof(frame)), frame, sizeof(frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, 1), 1, "handed over");
	for (tries = 0; tries < 50; tries++) {
		mlx5x_emu_poll();
		usleep(1000);
	}
	TEST_ASSERT_EQ(mlx5x_emu_capture_wire(0, out, sizeof(out)), 0,
		       "the refused WQE sent nothing");
	for (i = 0; i < (int)RTE_DIM(m); i++) {
		m[i] = rte_pktmbuf_alloc(e2e_pool());
		TEST_ASSERT(m[i] != NULL, "mbuf %d", i);
		memcpy(rte_pktmbuf_append(m[i], sizeof(frame)), frame,
		       sizeof(frame));
	}
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, RTE_DIM(m)), RTE_DIM(m),
		       "all taken after the error");
	for (tries = 0, i = 0; tries < 1000 && i < (int)RTE_DIM(m); tries++) {
		mlx5x_emu_poll();
		while ((got = mlx5x_emu_capture_wire(0, out, sizeof(out))) >
		       0) {
			TEST_ASSERT(got == (int)sizeof(frame) &&
					    memcmp(out, frame, sizeof(frame)) ==
						    0,
				    "frame %d intact", i);
			i++;
		}
		if (i < (int)RTE_DIM(m))
			usleep(1000);
	}
	TEST_ASSERT_EQ(i, (int)RTE_DIM(m), "the recovered queue sent them");
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, 0), 0, "a burst more");
	TEST_ASSERT_EQ(xstat_of(pf, "tx_wqe_errors"), 1,
		       "one error CQE counted once");
	TEST_ASSERT_EQ(xstat_of(pf, "tx_sq_recoveries"), 1,
		       "one recovery counted");
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_dev_dma_unmap(info.device, mem,
					 (uint64_t)(uintptr_t)mem, 4096),
		       0, "DMA unmap");
	TEST_ASSERT_EQ(rte_extmem_unregister(mem, len), 0, "unregister");
	munmap(mem, len);
	return e2e_detach_check();
}

/* The error path of every Tx burst the port may pick: each counts an
 * error CQE once (a fast burst handing a queue in error to the general
 * one used to count it a second time). */
static int
test_tx_error_counted_once_every_burst(void)
{
	static const struct {
		const char *devargs;
		uint64_t offloads;
		const char *mode_has;
	} variants[] = {
		{ "txqs_min_inline=0", 0,
		  "Vector SSE4.2 single-segment eMPW (inline up to 268 " },
		{ NULL, 0,
		  "Vector SSE4.2 single-segment eMPW (inline up to 0 bytes)" },
		{ "tx_vec_en=0,txqs_min_inline=0", 0,
		  "Scalar single-segment eMPW (inline up to 268 " },
		{ "tx_vec_en=0,txq_inline_mpw=0", 0,
		  "Scalar single-segment eMPW (inline up to 0 bytes)" },
		{ "txq_mpw_en=0", 0, "Scalar single-segment," },
		{ NULL, RTE_ETH_TX_OFFLOAD_MULTI_SEGS, "Scalar, " },
	};
	bool vec = false;
	unsigned int v;

	E2E_REQUIRE();
#ifdef RTE_ARCH_X86
	vec = rte_cpu_get_flag_enabled(RTE_CPUFLAG_SSE4_2) > 0;
#endif
	for (v = 0; v < RTE_DIM(variants); v++) {
		/* The vector bursts where the CPU runs them. */
		if (!vec && strncmp(variants[v].mode_has, "Vector", 6) == 0)
			continue;
		e2e_detach();
		TEST_ASSERT_EQ(tx_error_once_run(variants[v].devargs,
						 variants[v].offloads,
						 variants[v].mode_has),
			       MLX5X_TEST_PASS, "variant %u (%s)", v,
			       variants[v].mode_has);
	}
	return MLX5X_TEST_PASS;
}

/*
 * The lean burst (txq_mpw_en=0) meets, third in a burst of five, a packet
 * it leaves to the full burst (an indirect mbuf, a clone): that packet
 * and the two after it go through the full burst, and the wire sees all
 * five frames, in order, byte for byte.
 */
static int
test_tx_lean_hands_the_rest_over(void)
{
	struct rte_eth_burst_mode mode;
	struct rte_mbuf *m[5], *orig;
	uint8_t frame[5][80], out[2048];
	int got, tries, i;

	E2E_REQUIRE();
	e2e_detach();
	TEST_ASSERT_EQ(e2e_attach("txq_mpw_en=0"), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT(pf != UINT16_MAX, "PF");
	rte_eth_macaddr_get(pf, &pf_mac);
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, NULL), 0, "PF up");
	TEST_ASSERT_EQ(rte_eth_tx_burst_mode_get(pf, 0, &mode), 0, "mode");
	TEST_ASSERT(strncmp(mode.info, "Scalar single-segment,", 22) == 0,
		    "the lean burst (\"%s\")", mode.info);
	wire_drain();
	for (i = 0; i < 5; i++) {
		e2e_udp_frame(frame[i], sizeof(frame[i]), peer_mac,
			      pf_mac.addr_bytes, 1, 2, (uint16_t)(100 + i), 4);
		m[i] = rte_pktmbuf_alloc(e2e_pool());
		TEST_ASSERT(m[i] != NULL, "mbuf %d", i);
		memcpy(rte_pktmbuf_append(m[i], sizeof(frame[i])), frame[i],
		       sizeof(frame[i]));
	}
	orig = m[2];
	m[2] = rte_pktmbuf_clone(orig, e2e_pool());
	TEST_ASSERT(m[2] != NULL && RTE_MBUF_CLONED(m[2]), "a clone");
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, 5), 5, "all five taken");
	rte_pktmbuf_free(orig);
	for (tries = 0, i = 0; tries < 1000 && i < 5; tries++) {
		mlx5x_emu_poll();
		while (i < 5 &&
		       (got = mlx5x_emu_capture_wire(0, out, sizeof(out))) >
			       0) {
			TEST_ASSERT(got == (int)sizeof(frame[i]) &&
					    memcmp(out, frame[i],
						   sizeof(frame[i])) == 0,
				    "frame %d on the wire, in order", i);
			i++;
		}
		if (i < 5)
			usleep(1000);
	}
	TEST_ASSERT_EQ(i, 5, "five frames on the wire");
	return e2e_detach_check();
}

MLX5X_TEST_SUITE(e2e_traffic_suite, "e2e_traffic", "e2e", traffic_setup,
		 traffic_teardown, MLX5X_TEST_CASE(test_pf_tx_reaches_wire),
		 MLX5X_TEST_CASE(test_pf_tx_multi_segment),
		 MLX5X_TEST_CASE(test_wire_to_pf_rx),
		 MLX5X_TEST_CASE(test_promisc_decides_foreign_unicast),
		 MLX5X_TEST_CASE(test_allmulticast_and_broadcast),
		 MLX5X_TEST_CASE(test_mac_add_takes_effect),
		 MLX5X_TEST_CASE(test_stats_count_exactly),
		 MLX5X_TEST_CASE(test_mtu_bounds),
		 MLX5X_TEST_CASE(test_bad_queue_config_refused),
		 MLX5X_TEST_CASE(test_queue_stop_start),
		 MLX5X_TEST_CASE(test_xstats_name_every_value),
		 MLX5X_TEST_CASE(test_rx_scatter),
		 MLX5X_TEST_CASE(test_rx_scatter_on_one_queue_keeps_cqes_plain),
		 MLX5X_TEST_CASE(test_reset_then_reconfigure),
		 MLX5X_TEST_CASE(test_tx_external_buffer),
		 MLX5X_TEST_CASE(test_tx_error_recovers),
		 MLX5X_TEST_CASE(test_tx_error_recovery_refused_takes_nothing),
		 MLX5X_TEST_CASE(test_rx_oversize_then_recovers),
		 MLX5X_TEST_CASE(test_txq_inline_min_devarg),
		 MLX5X_TEST_CASE(test_rings_wrap_many_times),
		 MLX5X_TEST_CASE(test_rx_ring_holds_its_size),
		 MLX5X_TEST_CASE(test_xstats_short_array_not_overrun),
		 MLX5X_TEST_CASE(test_xstats_vport_tx_every_cast),
		 MLX5X_TEST_CASE(test_tx_every_length_byte_for_byte),
		 MLX5X_TEST_CASE(test_rx_vector_pool_without_cache),
		 MLX5X_TEST_CASE(test_stop_gives_back_every_queue),
		 MLX5X_TEST_CASE(test_rx_scatter_most_segments),
		 MLX5X_TEST_CASE(test_rx_scatter_chains_at_segment_boundaries),
		 MLX5X_TEST_CASE(test_rx_restart_ring_full_after_odd_count),
		 MLX5X_TEST_CASE(test_tx_queue_stop_start_twice),
		 MLX5X_TEST_CASE(test_xstats_names_leave_the_rest),
		 MLX5X_TEST_CASE(test_tx_error_counted_once_every_burst),
		 MLX5X_TEST_CASE(test_tx_lean_hands_the_rest_over))
