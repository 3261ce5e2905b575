/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Control ops an application calls on a running port and relies on the
 * answers of: RSS key update and query (the new key really rehashes the
 * flows), Rx/Tx descriptor status, the supported packet types,
 * tx_prepare refusing mbufs the adapter cannot send, the Tx queue's info
 * and its stop sending what a burst accepted, data inlined only from
 * txqs_min_inline Tx queues.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"
#include "test_toeplitz.h"

#define NB_Q 4

static int
ops_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
ops_teardown(void)
{
	e2e_detach();
}

static uint16_t
ops_port_up(uint16_t nb_rxq, const struct rte_eth_conf *conf)
{
	uint16_t pf;

	e2e_detach();
	if (e2e_attach(NULL) != 0)
		return UINT16_MAX;
	pf = e2e_port_by_name(E2E_PCI);
	if (pf == UINT16_MAX || e2e_port_start(pf, nb_rxq, conf) != 0)
		return UINT16_MAX;
	return pf;
}

/* The queue a UDP/IPv4 flow lands on, and its hash; 0 when received. */
static int
ops_flow_lands(uint16_t pf, uint32_t sip, uint16_t sport, uint16_t *queue,
	       uint32_t *hash)
{
	struct rte_ether_addr mac;
	struct rte_mbuf *m[4];
	uint8_t frame[80];
	unsigned int tries;
	uint16_t q;

	rte_eth_macaddr_get(pf, &mac);
	e2e_udp_frame(frame, sizeof(frame), mac.addr_bytes,
		      (const uint8_t[]){ 2, 0, 0, 0, 0, 9 }, sip, 0xc0a80001,
		      sport, 4789);
	if (mlx5x_emu_inject_wire(0, frame, sizeof(frame)) != 0)
		return -1;
	/* Poll every queue until the frame shows up, about a second at most. */
	for (tries = 0; tries < 200000; tries++) {
		mlx5x_emu_poll();
		for (q = 0; q < NB_Q; q++) {
			if (rte_eth_rx_burst(pf, q, m, 4) != 1)
				continue;
			*queue = q;
			*hash = m[0]->hash.rss;
			rte_pktmbuf_free(m[0]);
			return 0;
		}
	}
	return -1;
}

static int
test_rss_key_update_rehashes(void)
{
	static uint8_t key_a[40], key_b[40];
	struct rte_eth_rss_conf rss, got;
	struct rte_eth_rss_reta_entry64 reta[8];
	struct rte_eth_dev_info info;
	struct rte_eth_conf conf;
	uint8_t key_out[40];
	uint16_t pf, f, i;

	E2E_REQUIRE();
	for (i = 0; i < 40; i++) {
		key_a[i] = (uint8_t)(0x6d + i * 13);
		key_b[i] = (uint8_t)(0xa5 ^ (i * 29));
	}
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_RSS_HASH;
	conf.rx_adv_conf.rss_conf.rss_key = key_a;
	conf.rx_adv_conf.rss_conf.rss_key_len = sizeof(key_a);
	conf.rx_adv_conf.rss_conf.rss_hf =
		RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_UDP;
	pf = ops_port_up(NB_Q, &conf);
	TEST_ASSERT(pf != UINT16_MAX, "PF up with RSS over %d queues", NB_Q);
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	TEST_ASSERT_EQ(info.hash_key_size, 40, "ConnectX RSS key size");
	TEST_ASSERT(info.reta_size > 0 && info.reta_size <= 512, "reta %u",
		    info.reta_size);

	memset(&got, 0, sizeof(got));
	got.rss_key = key_out;
	got.rss_key_len = sizeof(key_out);
	TEST_ASSERT_EQ(rte_eth_dev_rss_hash_conf_get(pf, &got), 0, "conf get");
	TEST_ASSERT(memcmp(key_out, key_a, 40) == 0,
		    "configured key read back");
	TEST_ASSERT(got.rss_hf & RTE_ETH_RSS_NONFRAG_IPV4_UDP, "hf 0x%llx",
		    (unsigned long long)got.rss_hf);

	memset(&rss, 0, sizeof(rss));
	rss.rss_key = key_b;
	rss.rss_key_len = sizeof(key_b);
	rss.rss_hf = RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_UDP;
	TEST_ASSERT_EQ(rte_eth_dev_rss_hash_update(pf, &rss), 0, "key update");
	memset(key_out, 0, sizeof(key_out));
	TEST_ASSERT_EQ(rte_eth_dev_rss_hash_conf_get(pf, &got), 0, "conf get");
	TEST_ASSERT(memcmp(key_out, key_b, 40) == 0, "new key read back");

	memset(reta, 0, sizeof(reta));
	for (i = 0; i < info.reta_size; i++)
		reta[i / 64].mask |= UINT64_C(1) << (i % 64);
	TEST_ASSERT_EQ(rte_eth_dev_rss_reta_query(pf, reta, info.reta_size), 0,
		       "reta query");
	for (f = 0; f < 32; f++) {
		uint32_t sip = 0x0a010000 + f * 104729, hash, want;
		uint16_t sport = (uint16_t)(2000 + f * 17), q = UINT16_MAX;
		uint8_t tuple[12] = {
			sip >> 24, sip >> 16,  sip >> 8,     sip,  192, 168, 0,
			1,	   sport >> 8, sport & 0xff, 0x12, 0xb5
		};
		uint16_t idx;

		TEST_ASSERT_EQ(ops_flow_lands(pf, sip, sport, &q, &hash), 0,
			       "flow %u received", f);
		want = mlx5x_test_toeplitz(key_b, 40, tuple, sizeof(tuple));
		TEST_ASSERT_EQ(hash, want, "flow %u hashed with the new key",
			       f);
		idx = (uint16_t)(want % info.reta_size);
		TEST_ASSERT_EQ(q, reta[idx / 64].reta[idx % 64],
			       "flow %u on the queue the RETA names", f);
	}

	/* A key of the wrong size is refused and the port keeps the old. */
	rss.rss_key_len = 16;
	TEST_ASSERT(rte_eth_dev_rss_hash_update(pf, &rss) != 0,
		    "16-byte key refused");
	memset(key_out, 0, sizeof(key_out));
	TEST_ASSERT_EQ(rte_eth_dev_rss_hash_conf_get(pf, &got), 0, "conf get");
	TEST_ASSERT(memcmp(key_out, key_b, 40) == 0, "key unchanged");
	return e2e_detach_check();
}

/* Polls the adapter and reclaims Tx queue 0's completions until its oldest
 * descriptor reads DONE (or 100000 tries pass; the caller asserts it),
 * throwing away what reaches the wire meanwhile when drain_wire. */
static void
ops_tx_wait_done(uint16_t pf, bool drain_wire)
{
	uint8_t out[128];
	int tries;

	for (tries = 0; tries < 100000; tries++) {
		mlx5x_emu_poll();
		while (drain_wire &&
		       mlx5x_emu_capture_wire(0, out, sizeof(out)) > 0)
			;
		rte_eth_tx_done_cleanup(pf, 0, 0);
		if (rte_eth_tx_descriptor_status(pf, 0, 0) ==
		    RTE_ETH_TX_DESC_DONE)
			break;
	}
}

/* Fill the Tx ring in one burst (more packets than descriptors): the burst
 * takes at least as many as the ring has descriptors (an inlining queue
 * more: an inlined packet holds no mbuf slot), the last descriptor reads
 * FULL until the adapter completed everything and a cleanup reclaimed
 * it, then every one DONE. */
static int
ops_tx_ring_full(uint16_t pf, const uint8_t *frame, size_t len)
{
	static struct rte_mbuf *m[1024];
	struct rte_eth_txq_info txq;
	uint16_t n, sent, i;
	int st0, st1;

	TEST_ASSERT_EQ(rte_eth_tx_queue_info_get(pf, 0, &txq), 0, "txq info");
	n = (uint16_t)RTE_MIN(RTE_DIM(m), 2u * txq.nb_desc);
	for (i = 0; i < n; i++) {
		m[i] = rte_pktmbuf_alloc(e2e_pool());
		TEST_ASSERT(m[i] != NULL, "mbuf %u", i);
		memcpy(rte_pktmbuf_append(m[i], (uint16_t)len), frame, len);
	}
	/* The adapter held while the ring is looked at: the status reads
	 * the completions its engine thread would write meanwhile. */
	TEST_ASSERT_EQ(mlx5x_emu_hold(0, 1), 0, "hold the adapter");
	sent = rte_eth_tx_burst(pf, 0, m, n);
	st0 = rte_eth_tx_descriptor_status(pf, 0, 0);
	st1 = rte_eth_tx_descriptor_status(pf, 0, txq.nb_desc - 1);
	TEST_ASSERT_EQ(mlx5x_emu_hold(0, 0), 0, "release the adapter");
	rte_pktmbuf_free_bulk(m + sent, n - sent);
	TEST_ASSERT(sent >= txq.nb_desc && sent < n,
		    "an empty ring of %u took %u of %u", txq.nb_desc, sent, n);
	TEST_ASSERT_EQ(st0, RTE_ETH_TX_DESC_FULL, "oldest descriptor in use");
	TEST_ASSERT_EQ(st1, RTE_ETH_TX_DESC_FULL, "the ring is full");
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, 0), 0, "nothing asked");
	ops_tx_wait_done(pf, true);
	TEST_ASSERT_EQ(rte_eth_tx_descriptor_status(pf, 0, 0),
		       RTE_ETH_TX_DESC_DONE, "all completed and reclaimed");
	TEST_ASSERT_EQ(rte_eth_tx_descriptor_status(pf, 0, txq.nb_desc - 1),
		       RTE_ETH_TX_DESC_DONE, "the last one done too");
	return MLX5X_TEST_PASS;
}

/* The burst of ops_tx_status and its checks, the adapter held. */
static int
ops_tx_status_held(uint16_t pf, struct rte_mbuf **m, uint16_t n, uint16_t busy,
		   unsigned int avail)
{
	uint16_t i;

	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, n), n, "sent");
	TEST_ASSERT_EQ(rte_mempool_avail_count(e2e_pool()), avail,
		       "%u mbufs after the burst (inlined: all back)", n);
	for (i = 0; i < busy; i++)
		TEST_ASSERT_EQ(rte_eth_tx_descriptor_status(pf, 0, i),
			       RTE_ETH_TX_DESC_FULL, "%u of %u packets: %u", n,
			       busy, i);
	TEST_ASSERT_EQ(rte_eth_tx_descriptor_status(pf, 0, busy),
		       RTE_ETH_TX_DESC_DONE, "%u packets: %u free", n, busy);
	return MLX5X_TEST_PASS;
}

/* n copies of frame sent in one burst: the descriptors at offsets below
 * busy read FULL, the one at busy DONE, until the adapter completed them
 * and a cleanup reclaimed them; the mbufs are back in the pool right
 * after the burst when the queue inlines them, else only then. */
static int
ops_tx_status(uint16_t pf, const uint8_t *frame, size_t len, uint16_t n,
	      uint16_t busy, bool inlined)
{
	struct rte_mbuf *m[16];
	unsigned int avail = rte_mempool_avail_count(e2e_pool());
	uint16_t i;
	int ret;

	TEST_ASSERT(n <= RTE_DIM(m), "at most %zu", RTE_DIM(m));
	TEST_ASSERT_EQ(rte_eth_tx_descriptor_status(pf, 0, 0),
		       RTE_ETH_TX_DESC_DONE, "idle ring");
	for (i = 0; i < n; i++) {
		m[i] = rte_pktmbuf_alloc(e2e_pool());
		TEST_ASSERT(m[i] != NULL, "mbuf");
		memcpy(rte_pktmbuf_append(m[i], (uint16_t)len), frame, len);
	}
	/* The adapter held while the ring is looked at: the status reads
	 * the completions its engine thread would write meanwhile. */
	TEST_ASSERT_EQ(mlx5x_emu_hold(0, 1), 0, "hold the adapter");
	ret = ops_tx_status_held(pf, m, n, busy, inlined ? avail : avail - n);
	TEST_ASSERT_EQ(mlx5x_emu_hold(0, 0), 0, "release the adapter");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	ops_tx_wait_done(pf, true);
	TEST_ASSERT_EQ(rte_eth_tx_descriptor_status(pf, 0, 0),
		       RTE_ETH_TX_DESC_DONE, "completed");
	TEST_ASSERT_EQ(rte_mempool_avail_count(e2e_pool()), avail,
		       "every mbuf back after completion");
	return MLX5X_TEST_PASS;
}

static int
test_descriptor_status(void)
{
	struct rte_eth_dev_info info;
	struct rte_ether_addr mac;
	struct rte_eth_rxq_info rxq;
	struct rte_mbuf *m[8];
	uint8_t frame[64];
	uint16_t pf, i;
	int n = 0, tries;

	E2E_REQUIRE();
	pf = ops_port_up(1, NULL);
	TEST_ASSERT(pf != UINT16_MAX, "PF up");
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	TEST_ASSERT_EQ(rte_eth_rx_queue_info_get(pf, 0, &rxq), 0, "rxq info");
	rte_eth_macaddr_get(pf, &mac);
	e2e_udp_frame(frame, sizeof(frame), mac.addr_bytes,
		      (const uint8_t[]){ 2, 0, 0, 0, 0, 9 }, 1, 2, 3, 4);
	TEST_ASSERT_EQ(rte_eth_rx_queue_count(pf, 0), 0, "empty queue");
	TEST_ASSERT_EQ(rte_eth_rx_descriptor_status(pf, 0, 0),
		       RTE_ETH_RX_DESC_AVAIL, "nothing received yet");
	for (i = 0; i < 3; i++)
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)),
			       0, "inject");
	for (tries = 0; tries < 100000 && n < 3; tries++) {
		mlx5x_emu_poll();
		n = rte_eth_rx_queue_count(pf, 0);
	}
	TEST_ASSERT_EQ(n, 3, "three completions waiting");
	for (i = 0; i < 3; i++)
		TEST_ASSERT_EQ(rte_eth_rx_descriptor_status(pf, 0, i),
			       RTE_ETH_RX_DESC_DONE, "descriptor %u done", i);
	TEST_ASSERT_EQ(rte_eth_rx_descriptor_status(pf, 0, 3),
		       RTE_ETH_RX_DESC_AVAIL, "descriptor 3 still posted");
	TEST_ASSERT_EQ(rte_eth_rx_descriptor_status(pf, 0, rxq.nb_desc),
		       -EINVAL, "offset past the ring refused");
	TEST_ASSERT_EQ(rte_eth_rx_burst(pf, 0, m, 8), 3, "the three frames");
	rte_pktmbuf_free_bulk(m, 3);
	TEST_ASSERT_EQ(rte_eth_rx_queue_count(pf, 0), 0, "read");

	/*
	 * Tx: a descriptor is a WQEBB and an mbuf slot; offsets count in the
	 * fuller ring. Inline (txqs_min_inline=0: whatever the queue count):
	 * a 64-byte frame is a session of ctrl, eth and 68 bytes of inline
	 * data, 7 units (2 WQEBBs); 8 of them 2 + 40 units (11), and no mbuf
	 * held. By pointer (the default with one Tx queue): 3 units (1
	 * WQEBB) and a slot; 8 of them 10 units (3 WQEBBs) and 8 slots.
	 */
	e2e_detach();
	TEST_ASSERT_EQ(e2e_attach("txqs_min_inline=0"), 0, "inline");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT(pf != UINT16_MAX && e2e_port_start(pf, 1, NULL) == 0,
		    "PF up, inline");
	TEST_ASSERT_EQ(ops_tx_status(pf, frame, sizeof(frame), 1, 2, true),
		       MLX5X_TEST_PASS, "inline, one packet");
	TEST_ASSERT_EQ(ops_tx_status(pf, frame, sizeof(frame), 8, 11, true),
		       MLX5X_TEST_PASS, "inline, 8 packets");
	TEST_ASSERT(rte_eth_tx_descriptor_status(pf, 0, 1 << 15) < 0,
		    "offset past the ring refused");
	TEST_ASSERT_EQ(ops_tx_ring_full(pf, frame, sizeof(frame)),
		       MLX5X_TEST_PASS, "inline, full ring");
	e2e_detach();
	TEST_ASSERT_EQ(e2e_attach(NULL), 0, "by pointer");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT(pf != UINT16_MAX && e2e_port_start(pf, 1, NULL) == 0,
		    "PF up, by pointer");
	TEST_ASSERT_EQ(ops_tx_status(pf, frame, sizeof(frame), 1, 1, false),
		       MLX5X_TEST_PASS, "by pointer, one packet");
	TEST_ASSERT_EQ(ops_tx_status(pf, frame, sizeof(frame), 8, 8, false),
		       MLX5X_TEST_PASS, "by pointer, 8 packets");
	TEST_ASSERT_EQ(ops_tx_ring_full(pf, frame, sizeof(frame)),
		       MLX5X_TEST_PASS, "by pointer, full ring");
	return e2e_detach_check();
}

static int
test_supported_ptypes_cover_what_rx_reports(void)
{
	uint32_t ptypes[32];
	struct rte_ether_addr mac;
	struct rte_mbuf *m;
	uint8_t frame[64];
	uint16_t pf;
	int n, i;
	bool l3 = false, l4 = false;

	E2E_REQUIRE();
	pf = ops_port_up(1, NULL);
	TEST_ASSERT(pf != UINT16_MAX, "PF up");
	n = rte_eth_dev_get_supported_ptypes(pf, RTE_PTYPE_ALL_MASK, ptypes,
					     RTE_DIM(ptypes));
	TEST_ASSERT(n > 0, "ptypes listed (%d)", n);
	rte_eth_macaddr_get(pf, &mac);
	e2e_udp_frame(frame, sizeof(frame), mac.addr_bytes,
		      (const uint8_t[]){ 2, 0, 0, 0, 0, 9 }, 1, 2, 3, 4);
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, &m, 1), 1, "received");
	for (i = 0; i < n; i++) {
		l3 |= ptypes[i] == (m->packet_type & RTE_PTYPE_L3_MASK);
		l4 |= ptypes[i] == (m->packet_type & RTE_PTYPE_L4_MASK);
	}
	TEST_ASSERT((m->packet_type & RTE_PTYPE_L4_MASK) == RTE_PTYPE_L4_UDP,
		    "UDP frame reported as UDP (0x%x)", m->packet_type);
	rte_pktmbuf_free(m);
	TEST_ASSERT(l3 && l4, "the reported L3 and L4 types are advertised");
	return MLX5X_TEST_PASS;
}

/* A frame the wire got, or 0 after about a second. */
static int
ops_wire_frame(uint8_t *out, size_t len)
{
	unsigned int tries;

	for (tries = 0; tries < 200000; tries++) {
		int got;

		mlx5x_emu_poll();
		got = mlx5x_emu_capture_wire(0, out, len);
		if (got > 0)
			return got;
	}
	return 0;
}

static int
test_tx_prepare_refuses_what_cannot_be_sent(void)
{
	struct rte_mbuf *m, *seg;
	uint8_t frame[64], out[128];
	uint16_t pf, i;

	E2E_REQUIRE();
	pf = ops_port_up(1, NULL);
	TEST_ASSERT(pf != UINT16_MAX, "PF up");
	e2e_udp_frame(frame, sizeof(frame),
		      (const uint8_t[]){ 2, 0, 0, 0, 0, 7 },
		      (const uint8_t[]){ 2, 0, 0, 0, 0, 8 }, 1, 2, 3, 4);
	while (ops_wire_frame(out, sizeof(out)) > 0)
		;

	/* More segments than a WQE can point to. */
	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame, sizeof(frame));
	for (i = 0; i < 40; i++) {
		seg = rte_pktmbuf_alloc(e2e_pool());
		TEST_ASSERT(seg != NULL, "segment %u", i);
		*(uint8_t *)rte_pktmbuf_append(seg, 1) = (uint8_t)i;
		TEST_ASSERT_EQ(rte_pktmbuf_chain(m, seg), 0, "chain %u", i);
	}
	rte_errno = 0;
	TEST_ASSERT_EQ(rte_eth_tx_prepare(pf, 0, &m, 1), 0,
		       "41 segments refused");
	TEST_ASSERT_EQ(rte_errno, EINVAL, "rte_errno");
	rte_pktmbuf_free(m);

	/* Fewer bytes than an Ethernet header: the burst would drop it. */
	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m, 13), frame, 13);
	rte_errno = 0;
	TEST_ASSERT_EQ(rte_eth_tx_prepare(pf, 0, &m, 1), 0,
		       "13-byte runt refused");
	TEST_ASSERT_EQ(rte_errno, EINVAL, "rte_errno");
	/* A chain one segment longer, then one shorter, than nb_segs. */
	memcpy(rte_pktmbuf_append(m, sizeof(frame) - 13), frame + 13,
	       sizeof(frame) - 13);
	seg = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(seg != NULL, "segment");
	*(uint8_t *)rte_pktmbuf_append(seg, 1) = 0;
	m->next = seg;
	rte_errno = 0;
	TEST_ASSERT_EQ(rte_eth_tx_prepare(pf, 0, &m, 1), 0,
		       "a segment beyond nb_segs refused");
	TEST_ASSERT_EQ(rte_errno, EINVAL, "rte_errno");
	m->next = NULL;
	rte_pktmbuf_free(seg);
	m->nb_segs = 2;
	rte_errno = 0;
	TEST_ASSERT_EQ(rte_eth_tx_prepare(pf, 0, &m, 1), 0,
		       "nb_segs beyond the chain refused");
	TEST_ASSERT_EQ(rte_errno, EINVAL, "rte_errno");
	m->nb_segs = 1;
	TEST_ASSERT_EQ(rte_eth_tx_prepare(pf, 0, &m, 1), 1,
		       "the same, whole, accepted");
	rte_pktmbuf_free(m);

	/* IPv4 header checksum asked for a packet not marked IPv4. */
	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame, sizeof(frame));
	m->l2_len = 14;
	m->l3_len = 20;
	m->ol_flags = RTE_MBUF_F_TX_IP_CKSUM;
	rte_errno = 0;
	TEST_ASSERT_EQ(rte_eth_tx_prepare(pf, 0, &m, 1), 0,
		       "IP checksum without IPv4 refused");
	TEST_ASSERT_EQ(rte_errno, EINVAL, "rte_errno");

	/* TSO without a segment size. */
	m->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM |
		      RTE_MBUF_F_TX_TCP_SEG;
	m->l4_len = 20;
	m->tso_segsz = 0;
	TEST_ASSERT_EQ(rte_eth_tx_prepare(pf, 0, &m, 1), 0,
		       "TSO without a segment size refused");

	/* The same mbuf, made consistent, is accepted and reaches the wire
	 * unchanged: the port kept working. */
	m->ol_flags = 0;
	TEST_ASSERT_EQ(rte_eth_tx_prepare(pf, 0, &m, 1), 1, "plain accepted");
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "sent");
	TEST_ASSERT_EQ(ops_wire_frame(out, sizeof(out)), (int)sizeof(frame),
		       "on the wire");
	TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0, "byte for byte");
	return MLX5X_TEST_PASS;
}

/* A mempool the application creates after the port started: its mbufs are
 * sent from and received into without any call to the PMD in between (the
 * MR cache knows EAL memory, not mempools). */
static int
test_mempool_created_after_start(void)
{
	static struct rte_mempool *late;
	struct rte_ether_addr mac;
	uint8_t frame[96], out[128];
	struct rte_mbuf *m;
	uint16_t pf;

	E2E_REQUIRE();
	pf = ops_port_up(1, NULL);
	TEST_ASSERT(pf != UINT16_MAX, "PF up");
	if (late == NULL)
		late = rte_pktmbuf_pool_create("e2e_late", 512, 0, 0,
					       RTE_MBUF_DEFAULT_BUF_SIZE,
					       SOCKET_ID_ANY);
	TEST_ASSERT(late != NULL, "pool created after start");
	while (ops_wire_frame(out, sizeof(out)) > 0)
		;
	e2e_udp_frame(frame, sizeof(frame),
		      (const uint8_t[]){ 2, 0, 0, 0, 0, 7 },
		      (const uint8_t[]){ 2, 0, 0, 0, 0, 8 }, 5, 6, 7, 8);
	m = rte_pktmbuf_alloc(late);
	TEST_ASSERT(m != NULL, "mbuf from the late pool");
	memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame, sizeof(frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "sent");
	TEST_ASSERT_EQ(ops_wire_frame(out, sizeof(out)), (int)sizeof(frame),
		       "on the wire");
	TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0, "byte for byte");

	/* And an Rx queue set up on it after a stop receives. */
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_eth_rx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL,
					      late),
		       0, "Rx queue on the late pool");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	rte_eth_macaddr_get(pf, &mac);
	e2e_udp_frame(frame, sizeof(frame), mac.addr_bytes,
		      (const uint8_t[]){ 2, 0, 0, 0, 0, 9 }, 5, 6, 7, 8);
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, &m, 1), 1, "received");
	TEST_ASSERT(m->pool == late, "into the late pool's mbuf");
	TEST_ASSERT(rte_pktmbuf_pkt_len(m) == sizeof(frame) &&
			    memcmp(rte_pktmbuf_mtod(m, void *), frame,
				   sizeof(frame)) == 0,
		    "byte for byte");
	rte_pktmbuf_free(m);
	/* The port closed, the pool it used can go: nothing else is left. */
	e2e_detach();
	rte_mempool_free(late);
	late = NULL;
	return e2e_leak_check("after close and freeing the late pool");
}

/*
 * An application that asks for the driver's preferred configuration
 * (testpmd without --rxq/--txq/--rxd/--txd): zero queues and zero
 * descriptors take dev_info's default_rxportconf/txportconf, which must
 * be within the limits the driver states, and the queues then hold
 * exactly the recommended number of descriptors (not rounded to another
 * size) and carry traffic.
 */
static int
test_default_port_conf_is_used_as_is(void)
{
	struct rte_eth_dev_info info;
	struct rte_eth_rxq_info rxq;
	struct rte_eth_txq_info txq;
	struct rte_eth_conf conf;
	const struct rte_eth_dev_portconf *d[2];
	const struct rte_eth_desc_lim *lim[2];
	uint16_t pf, i;

	E2E_REQUIRE();
	e2e_detach();
	TEST_ASSERT_EQ(e2e_attach(NULL), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	d[0] = &info.default_rxportconf;
	d[1] = &info.default_txportconf;
	lim[0] = &info.rx_desc_lim;
	lim[1] = &info.tx_desc_lim;
	for (i = 0; i < 2; i++) {
		TEST_ASSERT(d[i]->nb_queues >= 1 &&
				    d[i]->nb_queues <= (i ? info.max_tx_queues
							  : info.max_rx_queues),
			    "%s: %u default queues", i ? "tx" : "rx",
			    d[i]->nb_queues);
		TEST_ASSERT(d[i]->ring_size >= lim[i]->nb_min &&
				    d[i]->ring_size <= lim[i]->nb_max &&
				    rte_is_power_of_2(d[i]->ring_size),
			    "%s: default ring of %u in [%u, %u], a power of two",
			    i ? "tx" : "rx", d[i]->ring_size, lim[i]->nb_min,
			    lim[i]->nb_max);
	}
	memset(&conf, 0, sizeof(conf));
	TEST_ASSERT_EQ(rte_eth_dev_configure(pf, 0, 0, &conf), 0,
		       "configure with the default queue counts");
	TEST_ASSERT_EQ(rte_eth_rx_queue_setup(pf, 0, 0, SOCKET_ID_ANY, NULL,
					      e2e_pool()),
		       0, "Rx queue with the default ring");
	TEST_ASSERT_EQ(rte_eth_tx_queue_setup(pf, 0, 0, SOCKET_ID_ANY, NULL), 0,
		       "Tx queue with the default ring");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	TEST_ASSERT_EQ(rte_eth_rx_queue_info_get(pf, 0, &rxq), 0, "rxq info");
	TEST_ASSERT_EQ(rte_eth_tx_queue_info_get(pf, 0, &txq), 0, "txq info");
	TEST_ASSERT_EQ(rxq.nb_desc, info.default_rxportconf.ring_size,
		       "Rx ring as recommended");
	TEST_ASSERT_EQ(txq.nb_desc, info.default_txportconf.ring_size,
		       "Tx ring as recommended");
	return ops_tx_ring_full(pf,
				(const uint8_t[60]){ 0xff, 0xff, 0xff, 0xff,
						     0xff, 0xff, 2 },
				60);
}

/* One burst of more packets (nseg segments each) than the Tx ring holds:
 * how many the ring took (*sent), and how many of those left through the
 * wire intact once the adapter completed them (*wire). */
static int
ops_tx_fill(uint16_t pf, const uint8_t *frame, size_t len, unsigned int nseg,
	    uint16_t *sent, uint16_t *wire)
{
	static struct rte_mbuf *m[1024];
	struct rte_eth_txq_info txq;
	uint8_t out[128];
	uint16_t n, i;
	int tries, got;

	TEST_ASSERT_EQ(rte_eth_tx_queue_info_get(pf, 0, &txq), 0, "txq info");
	n = (uint16_t)RTE_MIN(RTE_DIM(m), 2u * txq.nb_desc);
	for (i = 0; i < n; i++) {
		m[i] = e2e_tx_packet(frame, len, nseg);
		TEST_ASSERT(m[i] != NULL, "packet %u", i);
	}
	/* The adapter's engine held for the burst: completions it wrote
	 * while a slow (sanitizer) build is still filling would free
	 * descriptors mid-burst and the ring would seem to hold more. */
	TEST_ASSERT_EQ(mlx5x_emu_hold(0, 1), 0, "hold the adapter");
	*sent = rte_eth_tx_burst(pf, 0, m, n);
	TEST_ASSERT_EQ(mlx5x_emu_hold(0, 0), 0, "release the adapter");
	for (i = *sent; i < n; i++)
		rte_pktmbuf_free(m[i]);
	TEST_ASSERT(*sent > 0 && *sent < n, "the ring took %u of %u", *sent, n);
	*wire = 0;
	for (tries = 0; tries < 100000 && *wire < *sent; tries++) {
		mlx5x_emu_poll();
		while ((got = mlx5x_emu_capture_wire(0, out, sizeof(out))) >
		       0) {
			TEST_ASSERT(got == (int)len &&
					    memcmp(out, frame, len) == 0,
				    "frame %u on the wire intact", *wire);
			(*wire)++;
		}
	}
	/* Completed and reclaimed before the next fill: the adapter's
	 * engine thread may write the last completion after its frames
	 * left. */
	ops_tx_wait_done(pf, false);
	TEST_ASSERT_EQ(rte_eth_tx_descriptor_status(pf, 0, 0),
		       RTE_ETH_TX_DESC_DONE, "the fill completed");
	return MLX5X_TEST_PASS;
}

/*
 * An empty Tx ring of N descriptors takes at least N small single-segment
 * packets in one burst, whichever burst function the port's configuration
 * picks (an inlining
 * queue more: an inlined packet holds WQEBBs but no mbuf slot; by pointer
 * exactly N, one slot each), and as many after it went round as when it
 * was new; every packet taken leaves the wire intact (none overwritten
 * before it was sent). Three fills in a row, each completed before the
 * next, so the producer and consumer indexes are far from zero.
 */
static int
test_tx_ring_capacity_in_every_burst(void)
{
	static const struct {
		const char *what, *devargs;
		uint64_t offloads;
		unsigned int nseg; /* 3: more than one WQEBB a packet */
	} variants[] = {
		{ "eMPW inline, vector", "txqs_min_inline=0", 0, 1 },
		{ "eMPW inline, scalar", "tx_vec_en=0,txqs_min_inline=0", 0,
		  1 },
		{ "eMPW by pointer, vector (default)", NULL, 0, 1 },
		{ "eMPW by pointer, scalar", "tx_vec_en=0,txq_inline_mpw=0", 0,
		  1 },
		{ "lean", "txq_mpw_en=0", 0, 1 },
		{ "full", NULL, RTE_ETH_TX_OFFLOAD_MULTI_SEGS, 1 },
		{ "full, 3 segments", NULL, RTE_ETH_TX_OFFLOAD_MULTI_SEGS, 3 },
	};
	struct rte_eth_txq_info txq;
	struct rte_eth_conf conf;
	struct rte_ether_addr mac;
	uint16_t pf, sent, wire, first;
	uint8_t frame[64];
	unsigned int v, round;

	E2E_REQUIRE();
	for (v = 0; v < RTE_DIM(variants); v++) {
		e2e_detach();
		TEST_ASSERT_EQ(e2e_attach(variants[v].devargs), 0, "probe %s",
			       variants[v].what);
		pf = e2e_port_by_name(E2E_PCI);
		memset(&conf, 0, sizeof(conf));
		conf.txmode.offloads = variants[v].offloads;
		TEST_ASSERT_EQ(e2e_port_start(pf, 1, &conf), 0, "start %s",
			       variants[v].what);
		rte_eth_macaddr_get(pf, &mac);
		e2e_udp_frame(frame, sizeof(frame),
			      (const uint8_t[]){ 2, 0, 0, 0, 0, 9 },
			      mac.addr_bytes, 1, 2, 3, 4);
		first = 0;
		for (round = 0; round < 3; round++) {
			TEST_ASSERT_EQ(ops_tx_fill(pf, frame, sizeof(frame),
						   variants[v].nseg, &sent,
						   &wire),
				       MLX5X_TEST_PASS, "%s: fill %u",
				       variants[v].what, round);
			TEST_ASSERT_EQ(wire, sent,
				       "%s: fill %u: every packet taken left",
				       variants[v].what, round);
			TEST_ASSERT_EQ(rte_eth_tx_queue_info_get(pf, 0, &txq),
				       0, "txq info");
			/* Chains of three take two WQEBBs a packet. */
			TEST_ASSERT(variants[v].nseg > 1 || sent >= txq.nb_desc,
				    "%s: fill %u: %u packets, %u descriptors",
				    variants[v].what, round, sent, txq.nb_desc);
			if (round == 0)
				first = sent;
			TEST_ASSERT_EQ(sent, first,
				       "%s: fill %u takes as many as the first",
				       variants[v].what, round);
		}
	}
	return e2e_detach_check();
}

/*
 * A multicast address is no unicast MAC filter: mac_addr_add refuses it
 * (the log points at set_mc_addr_list and allmulticast) and the port's
 * address list stays as it was; a unicast one in the same slot is then
 * taken.
 */
static int
test_mac_addr_add_refuses_multicast(void)
{
	struct rte_ether_addr mc = { .addr_bytes = { 0x01, 0x00, 0x5e, 0x00,
						     0x00, 0x07 } };
	struct rte_ether_addr uc = { .addr_bytes = { 0x02, 0x00, 0x00, 0x00,
						     0x00, 0x42 } };
	struct rte_ether_addr before[8], after[8];
	int n, i;
	uint16_t pf;

	E2E_REQUIRE();
	pf = ops_port_up(1, NULL);
	TEST_ASSERT(pf != UINT16_MAX, "PF up");
	n = rte_eth_macaddrs_get(pf, before, RTE_DIM(before));
	TEST_ASSERT(n > 1, "the port has room for more than one MAC (%d)", n);
	TEST_ASSERT_EQ(rte_eth_dev_mac_addr_add(pf, &mc, 0), -EINVAL,
		       "multicast 01:00:5e:00:00:07 refused");
	TEST_ASSERT_EQ(rte_eth_macaddrs_get(pf, after, RTE_DIM(after)), n,
		       "list length");
	for (i = 0; i < n; i++)
		TEST_ASSERT(rte_is_same_ether_addr(&before[i], &after[i]),
			    "slot %d unchanged by the refusal", i);
	TEST_ASSERT_EQ(rte_eth_dev_mac_addr_add(pf, &uc, 0), 0,
		       "a unicast address is taken");
	TEST_ASSERT_EQ(rte_eth_macaddrs_get(pf, after, RTE_DIM(after)), n,
		       "list length");
	for (i = 0; i < n; i++)
		if (rte_is_same_ether_addr(&after[i], &uc))
			break;
	TEST_ASSERT(i < n, "the unicast address is listed");
	return e2e_detach_check();
}

/*
 * rte_eth_tx_queue_info_get tells what the queue was set up with: its ring
 * size, every offload it runs (the port's txmode ones: the PMD offers no
 * per-queue ones) and whether it is started (testpmd's "show txq info"
 * prints these).
 */
static int
test_txq_info_reports_setup(void)
{
	const uint64_t want =
		RTE_ETH_TX_OFFLOAD_MULTI_SEGS | RTE_ETH_TX_OFFLOAD_IPV4_CKSUM;
	struct rte_eth_txq_info txq;
	struct rte_eth_conf conf;
	uint16_t pf;

	E2E_REQUIRE();
	memset(&conf, 0, sizeof(conf));
	conf.txmode.offloads = want;
	pf = ops_port_up(1, &conf);
	TEST_ASSERT(pf != UINT16_MAX, "PF up with MULTI_SEGS, IPv4 checksum");
	memset(&txq, 0xa5, sizeof(txq));
	TEST_ASSERT_EQ(rte_eth_tx_queue_info_get(pf, 0, &txq), 0, "txq info");
	TEST_ASSERT_EQ(txq.nb_desc, 256, "the ring asked for");
	TEST_ASSERT_EQ(txq.conf.offloads, want,
		       "offloads 0x%" PRIx64 ", configured 0x%" PRIx64,
		       txq.conf.offloads, want);
	TEST_ASSERT_EQ(txq.queue_state, RTE_ETH_QUEUE_STATE_STARTED, "started");
	TEST_ASSERT_EQ(rte_eth_dev_tx_queue_stop(pf, 0), 0, "queue stop");
	TEST_ASSERT_EQ(rte_eth_tx_queue_info_get(pf, 0, &txq), 0, "txq info");
	TEST_ASSERT_EQ(txq.queue_state, RTE_ETH_QUEUE_STATE_STOPPED, "stopped");
	TEST_ASSERT_EQ(txq.conf.offloads, want, "offloads kept while stopped");
	return e2e_detach_check();
}

/*
 * tx_queue_stop right after a burst filled the ring with full-size frames
 * (the adapter has sent few of them yet, if any) waits for the adapter:
 * every frame the burst accepted leaves through the wire, in order and
 * intact, and every mbuf is back in its pool; the queue sends again once
 * started. (A stop that polled the CQ without waiting between looks gave
 * up before the idle adapter woke and dropped the ring.)
 */
static int
test_txq_stop_sends_a_full_ring_first(void)
{
	static struct rte_mbuf *m[1024];
	static uint8_t frame[1500], out[2048];
	struct rte_ether_addr mac;
	unsigned int avail;
	uint16_t pf, sent, i;
	int got = 0, tries, len;

	E2E_REQUIRE();
	pf = ops_port_up(1, NULL);
	TEST_ASSERT(pf != UINT16_MAX, "PF up");
	rte_eth_macaddr_get(pf, &mac);
	while (mlx5x_emu_capture_wire(0, out, sizeof(out)) > 0)
		;
	e2e_udp_frame(frame, sizeof(frame),
		      (const uint8_t[]){ 2, 0, 0, 0, 0, 9 }, mac.addr_bytes, 1,
		      2, 3, 4);
	avail = rte_mempool_avail_count(e2e_pool());
	for (i = 0; i < RTE_DIM(m); i++) {
		m[i] = rte_pktmbuf_alloc(e2e_pool());
		TEST_ASSERT(m[i] != NULL, "mbuf %u", i);
		frame[sizeof(frame) - 2] = (uint8_t)(i >> 8);
		frame[sizeof(frame) - 1] = (uint8_t)i;
		memcpy(rte_pktmbuf_append(m[i], sizeof(frame)), frame,
		       sizeof(frame));
	}
	/* The adapter idle a while (its engine polls less often), then a
	 * whole ring at once and the stop right after it. */
	usleep(20000);
	sent = rte_eth_tx_burst(pf, 0, m, RTE_DIM(m));
	TEST_ASSERT_EQ(rte_eth_dev_tx_queue_stop(pf, 0), 0, "Tx queue stop");
	rte_pktmbuf_free_bulk(m + sent, RTE_DIM(m) - sent);
	TEST_ASSERT(sent > 128, "the ring took %u", sent);
	for (tries = 0; tries < 1000 && got < (int)sent; tries++) {
		mlx5x_emu_poll();
		while ((len = mlx5x_emu_capture_wire(0, out, sizeof(out))) >
		       0) {
			TEST_ASSERT(len == (int)sizeof(frame) &&
					    memcmp(out, frame,
						   sizeof(frame) - 2) == 0 &&
					    out[len - 2] ==
						    (uint8_t)(got >> 8) &&
					    out[len - 1] == (uint8_t)got,
				    "frame %d intact and in order", got);
			got++;
		}
		if (got < (int)sent)
			usleep(1000);
	}
	TEST_ASSERT_EQ(got, sent, "every accepted frame left the port");
	TEST_ASSERT_EQ(rte_mempool_avail_count(e2e_pool()), avail,
		       "every mbuf back in the pool");
	TEST_ASSERT_EQ(rte_eth_dev_tx_queue_start(pf, 0), 0, "Tx queue start");
	m[0] = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m[0] != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m[0], sizeof(frame)), frame, sizeof(frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, 1), 1, "send after restart");
	for (tries = 0, got = 0; tries < 1000 && got == 0; tries++) {
		mlx5x_emu_poll();
		got = mlx5x_emu_capture_wire(0, out, sizeof(out));
		if (got == 0)
			usleep(1000);
	}
	TEST_ASSERT_EQ(got, (int)sizeof(frame), "the restarted queue sends");
	return e2e_detach_check();
}

/* Probe with devargs and start the PF with one Rx and nb_txq Tx queues. */
static uint16_t
ops_port_up_txqs(const char *devargs, uint16_t nb_txq)
{
	struct rte_eth_conf conf;
	uint16_t pf, q;

	e2e_detach();
	if (e2e_attach(devargs) != 0)
		return UINT16_MAX;
	pf = e2e_port_by_name(E2E_PCI);
	memset(&conf, 0, sizeof(conf));
	if (pf == UINT16_MAX ||
	    rte_eth_dev_configure(pf, 1, nb_txq, &conf) != 0 ||
	    rte_eth_rx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL,
				   e2e_pool()) != 0)
		return UINT16_MAX;
	for (q = 0; q < nb_txq; q++)
		if (rte_eth_tx_queue_setup(pf, q, 256, SOCKET_ID_ANY, NULL) !=
		    0)
			return UINT16_MAX;
	return rte_eth_dev_start(pf) == 0 ? pf : UINT16_MAX;
}

/* Frames of 60 to 600 bytes sent on Tx queue q reach the wire as built,
 * in order. */
static int
ops_tx_wire_same(uint16_t pf, uint16_t q)
{
	static const uint16_t lens[] = { 60, 200, 268, 600 };
	static uint8_t frame[RTE_DIM(lens)][600];
	struct rte_mbuf *m[RTE_DIM(lens)];
	struct rte_ether_addr mac;
	uint8_t out[2048];
	unsigned int i, got = 0, tries;
	int len;

	rte_eth_macaddr_get(pf, &mac);
	for (i = 0; i < RTE_DIM(lens); i++) {
		e2e_udp_frame(frame[i], lens[i],
			      (const uint8_t[]){ 2, 0, 0, 0, 0, 9 },
			      mac.addr_bytes, 1, 2, (uint16_t)(10 + i), 4);
		m[i] = rte_pktmbuf_alloc(e2e_pool());
		TEST_ASSERT(m[i] != NULL, "mbuf %u", i);
		memcpy(rte_pktmbuf_append(m[i], lens[i]), frame[i], lens[i]);
	}
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, q, m, RTE_DIM(lens)), RTE_DIM(lens),
		       "queue %u took every frame", q);
	for (tries = 0; tries < 100000 && got < RTE_DIM(lens); tries++) {
		mlx5x_emu_poll();
		while (got < RTE_DIM(lens) &&
		       (len = mlx5x_emu_capture_wire(0, out, sizeof(out))) >
			       0) {
			TEST_ASSERT(len == lens[got] &&
					    memcmp(out, frame[got], len) == 0,
				    "frame %u (%u bytes) left as built (%d)",
				    got, lens[got], len);
			got++;
		}
	}
	TEST_ASSERT_EQ(got, RTE_DIM(lens), "every frame on the wire");
	return MLX5X_TEST_PASS;
}

/*
 * txqs_min_inline: a port copies frames into its eMPW WQEs only from that
 * many Tx queues on (default 8), below it every frame goes by pointer,
 * whatever txq_inline_mpw says (as mlx5), and txqs_min_inline=0 always
 * inlines. Seen where a user sees it: the burst mode, the ring use (8
 * inlined 64-byte frames take 11 WQEBBs and no mbuf slot, 8 by pointer 3
 * WQEBBs and 8 slots: 11 and 8 busy descriptors, as in
 * test_descriptor_status) and the wire.
 */
static int
test_txqs_min_inline_threshold(void)
{
	static const struct {
		const char *devargs;
		uint16_t nb_txq;
		bool inlined;
		const char *mode_has;
	} cases[] = {
		{ NULL, 1, false,
		  "eMPW (inline up to 0 bytes), 0-byte inline header, no data inline: 1 Tx queues < txqs_min_inline=8" },
		{ NULL, 7, false, "< txqs_min_inline=8" },
		{ NULL, 8, true, "eMPW (inline up to 268 bytes)" },
		{ "txqs_min_inline=4", 3, false,
		  "no data inline: 3 Tx queues < txqs_min_inline=4" },
		{ "txqs_min_inline=4", 4, true,
		  "eMPW (inline up to 268 bytes)" },
		{ "txqs_min_inline=4", 5, true,
		  "eMPW (inline up to 268 bytes)" },
		{ "txqs_min_inline=0", 1, true,
		  "eMPW (inline up to 268 bytes)" },
		{ "txqs_min_inline=0,txq_inline_mpw=100", 1, true,
		  "eMPW (inline up to 100 bytes)" },
		/* An inline size given explicitly does not override it. */
		{ "txq_inline_mpw=930", 2, false,
		  "eMPW (inline up to 0 bytes), 0-byte inline header, no data inline: 2 Tx queues < txqs_min_inline=8" },
		{ "tx_vec_en=0,txqs_min_inline=2", 1, false,
		  "Scalar single-segment eMPW (inline up to 0 bytes)" },
		{ "tx_vec_en=0,txqs_min_inline=2", 2, true,
		  "Scalar single-segment eMPW (inline up to 268 bytes)" },
	};
	struct rte_eth_burst_mode mode;
	struct rte_ether_addr mac;
	uint8_t frame[64];
	unsigned int c;
	uint16_t pf, q;

	E2E_REQUIRE();
	for (c = 0; c < RTE_DIM(cases); c++) {
		const char *what = cases[c].devargs ? cases[c].devargs : "";

		pf = ops_port_up_txqs(cases[c].devargs, cases[c].nb_txq);
		TEST_ASSERT(pf != UINT16_MAX, "\"%s\", %u Tx queues: up", what,
			    cases[c].nb_txq);
		for (q = 0; q < cases[c].nb_txq; q++) {
			TEST_ASSERT_EQ(rte_eth_tx_burst_mode_get(pf, q, &mode),
				       0, "mode");
			TEST_ASSERT(strstr(mode.info, cases[c].mode_has) !=
					    NULL,
				    "\"%s\", %u Tx queues, queue %u: \"%s\" does not say \"%s\"",
				    what, cases[c].nb_txq, q, mode.info,
				    cases[c].mode_has);
			TEST_ASSERT(cases[c].inlined ==
					    (strstr(mode.info,
						    "no data inline") == NULL),
				    "\"%s\": \"%s\"", what, mode.info);
		}
		rte_eth_macaddr_get(pf, &mac);
		e2e_udp_frame(frame, sizeof(frame), mac.addr_bytes,
			      (const uint8_t[]){ 2, 0, 0, 0, 0, 9 }, 1, 2, 3,
			      4);
		TEST_ASSERT_EQ(ops_tx_status(pf, frame, sizeof(frame), 8,
					     cases[c].inlined ? 11 : 8,
					     cases[c].inlined),
			       MLX5X_TEST_PASS,
			       "\"%s\", %u Tx queues: ring use", what,
			       cases[c].nb_txq);
		TEST_ASSERT_EQ(ops_tx_wire_same(pf, cases[c].nb_txq - 1),
			       MLX5X_TEST_PASS, "\"%s\", %u Tx queues: wire",
			       what, cases[c].nb_txq);
		TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	}
	return e2e_detach_check();
}

MLX5X_TEST_SUITE(e2e_ops_suite, "e2e_ops", "e2e", ops_setup, ops_teardown,
		 MLX5X_TEST_CASE(test_rss_key_update_rehashes),
		 MLX5X_TEST_CASE(test_descriptor_status),
		 MLX5X_TEST_CASE(test_supported_ptypes_cover_what_rx_reports),
		 MLX5X_TEST_CASE(test_tx_prepare_refuses_what_cannot_be_sent),
		 MLX5X_TEST_CASE(test_mempool_created_after_start),
		 MLX5X_TEST_CASE(test_default_port_conf_is_used_as_is),
		 MLX5X_TEST_CASE(test_tx_ring_capacity_in_every_burst),
		 MLX5X_TEST_CASE(test_mac_addr_add_refuses_multicast),
		 MLX5X_TEST_CASE(test_txq_info_reports_setup),
		 MLX5X_TEST_CASE(test_txq_stop_sends_a_full_ring_first),
		 MLX5X_TEST_CASE(test_txqs_min_inline_threshold))
