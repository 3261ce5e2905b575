/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Tx ring as an application sees it: rte_eth_tx_descriptor_status after
 * a burst of each Tx burst function (lean, full, eMPW, vector, vector
 * inline), where a packet holds a share of a WQEBB, one WQEBB or several;
 * DONE once the adapter sent the packets, with no burst or cleanup in
 * between; tx_done_cleanup on a queue that was never started or has
 * stopped; and the lean burst lapping its ring, where a WQEBB that asked
 * for a completion on one lap carries a plain packet on the next (the
 * adapter completing such a burst part by part must not make the queue
 * give back mbufs it has not sent).
 */
#include <stdbool.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"

#define TXR_LEN 64 /* bytes of every frame */

/* The port up with devargs, Tx offloads and a Tx queue of desc
 * descriptors; *pf the port. */
static int
txr_up(const char *devargs, uint64_t offloads, uint16_t desc, uint16_t *pf)
{
	struct rte_eth_conf conf;
	uint8_t out[2048];

	TEST_ASSERT_EQ(e2e_attach(devargs), 0, "probe with %s",
		       devargs != NULL ? devargs : "no devargs");
	*pf = e2e_port_by_name(E2E_PCI);
	memset(&conf, 0, sizeof(conf));
	conf.txmode.offloads = offloads;
	TEST_ASSERT_EQ(rte_eth_dev_configure(*pf, 1, 1, &conf), 0, "configure");
	TEST_ASSERT_EQ(rte_eth_rx_queue_setup(*pf, 0, 256, SOCKET_ID_ANY, NULL,
					      e2e_pool()),
		       0, "Rx queue");
	TEST_ASSERT_EQ(rte_eth_tx_queue_setup(*pf, 0, desc, SOCKET_ID_ANY,
					      NULL),
		       0, "Tx queue of %u", desc);
	TEST_ASSERT_EQ(rte_eth_dev_start(*pf), 0, "start");
	while (mlx5x_emu_capture_wire(0, out, sizeof(out)) > 0)
		;
	return MLX5X_TEST_PASS;
}

static void
txr_down(uint16_t pf)
{
	rte_eth_dev_stop(pf);
	e2e_detach();
}

/* A TXR_LEN-byte frame k in nseg segments (its bytes split evenly). */
static struct rte_mbuf *
txr_packet(unsigned int k, unsigned int nseg)
{
	uint8_t frame[TXR_LEN];
	unsigned int i;

	for (i = 0; i < TXR_LEN; i++)
		frame[i] = (uint8_t)(k * 13 + i);
	memcpy(frame, (const uint8_t[]){ 2, 0, 0, 0, 0, 9, 2, 0, 0, 0, 0, 8 },
	       12);
	frame[12] = 0x88; /* IEEE local experimental EtherType */
	frame[13] = 0xb5;
	return e2e_tx_packet(frame, TXR_LEN, nseg);
}

/* The offsets of queue 0 reading FULL from 0 on (the first DONE). */
static unsigned int
txr_used(uint16_t pf, uint16_t desc)
{
	unsigned int o = 0;

	while (o < desc && rte_eth_tx_descriptor_status(pf, 0, (uint16_t)o) ==
				   RTE_ETH_TX_DESC_FULL)
		o++;
	return o;
}

/*
 * Each burst function, on a queue of 256 descriptors: one burst of 10
 * 64-byte packets, the adapter held, reads FULL at offsets below what the
 * packets hold in the fuller ring, DONE from there on:
 * - lean (txq_mpw_en=0): one WQEBB and one mbuf slot a packet, 10;
 * - full (MULTI_SEGS, chains of three): ctrl, eth and three data segments,
 *   5 units in 2 WQEBBs a packet, one slot: 20;
 * - eMPW by pointer, scalar (tx_vec_en=0) and vector: one session of
 *   ctrl, eth and 10 data segments (3 WQEBBs), a slot a packet: 10;
 * - vector inline (txqs_min_inline=0): ctrl, eth, 10 x 5 units of inline
 *   data, 13 WQEBBs and no slot: 13.
 * Released, the adapter sends them, and offset 0 reads DONE with no burst
 * or cleanup called (the status reads the completions), every mbuf then
 * back in the pool.
 */
static int
test_tx_status_every_burst(void)
{
	static const struct {
		const char *devargs;
		uint64_t offloads;
		unsigned int nseg, used;
		const char *mode; /* in the burst mode's text */
	} v[] = {
		{ "txq_mpw_en=0", 0, 1, 10, "Scalar single-segment," },
		{ "txq_mpw_en=0", RTE_ETH_TX_OFFLOAD_MULTI_SEGS, 3, 20,
		  "Scalar," },
		{ "tx_vec_en=0", 0, 1, 10, "Scalar single-segment eMPW" },
		{ NULL, 0, 1, 10,
		  "Vector SSE4.2 single-segment eMPW (inline up to 0 " },
		{ "txqs_min_inline=0", 0, 1, 13, "Vector SSE4.2" },
	};
	struct rte_eth_burst_mode mode;
	struct rte_mbuf *m[10];
	unsigned int i, k, used = 0, tries, avail;
	uint16_t pf, sent = 0;
	int st = RTE_ETH_TX_DESC_FULL;

	E2E_REQUIRE();
	for (i = 0; i < RTE_DIM(v); i++) {
		TEST_ASSERT_EQ(txr_up(v[i].devargs, v[i].offloads, 256, &pf),
			       MLX5X_TEST_PASS, "up");
		TEST_ASSERT_EQ(rte_eth_tx_burst_mode_get(pf, 0, &mode), 0,
			       "mode");
		if (strstr(mode.info, "Vector") != NULL &&
		    strstr(v[i].mode, "Vector") == NULL)
			TEST_ASSERT(false, "burst mode \"%s\"", mode.info);
		if (strstr(mode.info, v[i].mode) == NULL) {
			/* No SSE4.2: the vector rows run scalar. */
			printf("    %s: burst \"%s\", not \"%s\": skipped\n",
			       v[i].devargs ? v[i].devargs : "defaults",
			       mode.info, v[i].mode);
			txr_down(pf);
			continue;
		}
		avail = rte_mempool_avail_count(e2e_pool());
		for (k = 0; k < RTE_DIM(m); k++) {
			m[k] = txr_packet(k, v[i].nseg);
			TEST_ASSERT(m[k] != NULL, "packet %u", k);
		}
		TEST_ASSERT_EQ(rte_eth_tx_descriptor_status(pf, 0, 0),
			       RTE_ETH_TX_DESC_DONE, "%s: idle ring",
			       mode.info);
		TEST_ASSERT_EQ(mlx5x_emu_hold(0, 1), 0, "hold the adapter");
		sent = rte_eth_tx_burst(pf, 0, m, RTE_DIM(m));
		used = txr_used(pf, 256);
		st = rte_eth_tx_descriptor_status(pf, 0, 255);
		TEST_ASSERT_EQ(mlx5x_emu_hold(0, 0), 0, "release the adapter");
		TEST_ASSERT_EQ(sent, RTE_DIM(m), "%s: sent", mode.info);
		TEST_ASSERT_EQ(used, v[i].used,
			       "%s: descriptors in use after the burst",
			       mode.info);
		TEST_ASSERT_EQ(st, RTE_ETH_TX_DESC_DONE, "%s: the last free",
			       mode.info);
		for (tries = 0, st = RTE_ETH_TX_DESC_FULL;
		     tries < 100000 && st != RTE_ETH_TX_DESC_DONE; tries++) {
			mlx5x_emu_poll();
			st = rte_eth_tx_descriptor_status(pf, 0, 0);
		}
		TEST_ASSERT_EQ(st, RTE_ETH_TX_DESC_DONE,
			       "%s: sent, with no burst since", mode.info);
		TEST_ASSERT_EQ(rte_mempool_avail_count(e2e_pool()), avail,
			       "%s: every mbuf back", mode.info);
		txr_down(pf);
	}
	return MLX5X_TEST_PASS;
}

/* rte_eth_tx_done_cleanup on a Tx queue set up but never started, and
 * stopped after sending: nothing to free, no crash, 0. */
static int
test_tx_done_cleanup_unstarted(void)
{
	struct rte_eth_conf conf;
	struct rte_mbuf *m;
	uint16_t pf;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach(NULL), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	memset(&conf, 0, sizeof(conf));
	TEST_ASSERT_EQ(rte_eth_dev_configure(pf, 1, 1, &conf), 0, "configure");
	TEST_ASSERT_EQ(rte_eth_rx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL,
					      e2e_pool()),
		       0, "Rx queue");
	TEST_ASSERT_EQ(rte_eth_tx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL),
		       0, "Tx queue");
	TEST_ASSERT_EQ(rte_eth_tx_done_cleanup(pf, 0, 0), 0,
		       "never started: nothing freed");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	m = txr_packet(0, 1);
	TEST_ASSERT(m != NULL, "packet");
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "sent");
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_eth_tx_done_cleanup(pf, 0, 0), 0,
		       "stopped: nothing freed");
	return e2e_detach_check();
}

/*
 * The lean burst (txq_mpw_en=0) laps a ring of 1024 descriptors: bursts of
 * 100 and 924 packets, each completed, leave a completion request in WQEBB
 * 99 (the first burst's last) and 1023. The next burst of 600 packets
 * writes plain WQEs over WQEBB 99, asking for a completion on WQEBB 599
 * only. With the adapter held, one engine pass (at most 256 WQEs of a
 * queue, the emulator's) sends part of it; a cleanup then must give back
 * no more mbufs than the adapter sent, and a stale request on WQEBB 99
 * would have made it complete the packets of the first lap again. Then
 * every mbuf comes back once. The pass stopping short is checked, so
 * that the case cannot pass without the state it tests.
 */
static int
test_tx_lean_lap_stale_completion(void)
{
	static struct rte_mbuf *m[924];
	static const unsigned int burst[] = { 100, 924, 600 };
	unsigned int b, k, avail, done, back;
	uint16_t pf, sent = 0;
	int freed;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(txr_up("txq_mpw_en=0", 0, 1024, &pf), MLX5X_TEST_PASS,
		       "up");
	avail = rte_mempool_avail_count(e2e_pool());
	for (b = 0; b < RTE_DIM(burst); b++) {
		for (k = 0; k < burst[b]; k++) {
			m[k] = txr_packet(k, 1);
			TEST_ASSERT(m[k] != NULL, "packet %u", k);
		}
		if (b + 1 < RTE_DIM(burst)) {
			TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m,
							(uint16_t)burst[b]),
				       burst[b], "burst %u", b);
			TEST_ASSERT(e2e_tx_reclaim_pools(pf, e2e_pool(), avail,
							 NULL, 0),
				    "burst %u completed", b);
			continue;
		}
		TEST_ASSERT_EQ(mlx5x_emu_hold(0, 1), 0, "hold the adapter");
		sent = rte_eth_tx_burst(pf, 0, m, (uint16_t)burst[b]);
		done = mlx5x_emu_poll();
		freed = rte_eth_tx_done_cleanup(pf, 0, 0);
		back = rte_mempool_avail_count(e2e_pool()) + burst[b] - avail;
		TEST_ASSERT_EQ(mlx5x_emu_hold(0, 0), 0, "release the adapter");
		TEST_ASSERT_EQ(sent, burst[b], "the lap's burst");
		/* The case needs the pass to stop short of the burst's
		 * end: it fails here, not silently passes, if the engine
		 * ever takes a whole lap's burst in one pass. */
		TEST_ASSERT(done < burst[b],
			    "one engine pass sends part of the burst (%u of %u)",
			    done, burst[b]);
		TEST_ASSERT(freed >= 0 && (unsigned int)freed == back &&
				    back <= RTE_MIN(done, burst[b]),
			    "one engine pass (%u done): %d freed, %u mbufs back of %u",
			    done, freed, back, burst[b]);
	}
	TEST_ASSERT(e2e_tx_reclaim_pools(pf, e2e_pool(), avail, NULL, 0),
		    "every mbuf back once (%u of %u)",
		    rte_mempool_avail_count(e2e_pool()), avail);
	TEST_ASSERT_EQ(e2e_xstat_by_name(pf, "tx_wqe_errors"), 0,
		       "no error completion");
	txr_down(pf);
	return MLX5X_TEST_PASS;
}

/*
 * txq_inline_mpw below the shortest frame an eMPW session carries (18
 * bytes) inlines nothing: the burst mode says 0 and the frames go by
 * pointer (their mbufs held until the adapter sent them); from 18 on, an
 * 18-byte frame is copied (its mbuf back right after the burst). Scalar
 * and vector eMPW; every frame reaches the wire as built.
 */
static int
test_tx_empw_inline_limit_below_frame(void)
{
	static const struct {
		const char *devargs;
		const char *mode;
		bool inlined;
	} v[] = {
		{ "txqs_min_inline=0,tx_vec_en=0,txq_inline_mpw=17",
		  "Scalar single-segment eMPW (inline up to 0 bytes)", false },
		{ "txqs_min_inline=0,tx_vec_en=0,txq_inline_mpw=1",
		  "Scalar single-segment eMPW (inline up to 0 bytes)", false },
		{ "txqs_min_inline=0,tx_vec_en=0,txq_inline_mpw=18",
		  "Scalar single-segment eMPW (inline up to 18 bytes)", true },
		{ "txqs_min_inline=0,txq_inline_mpw=17",
		  "single-segment eMPW (inline up to 0 bytes)", false },
	};
	struct rte_eth_burst_mode mode;
	struct rte_mbuf *m[8];
	uint8_t out[128];
	unsigned int i, k, avail, after, wire, tries;
	uint16_t pf, sent;
	int got;

	E2E_REQUIRE();
	for (i = 0; i < RTE_DIM(v); i++) {
		TEST_ASSERT_EQ(txr_up(v[i].devargs, 0, 256, &pf),
			       MLX5X_TEST_PASS, "up");
		TEST_ASSERT_EQ(rte_eth_tx_burst_mode_get(pf, 0, &mode), 0,
			       "mode");
		TEST_ASSERT(strstr(mode.info, v[i].mode) != NULL,
			    "%s: burst mode \"%s\"", v[i].devargs, mode.info);
		avail = rte_mempool_avail_count(e2e_pool());
		for (k = 0; k < RTE_DIM(m); k++) {
			m[k] = txr_packet(k, 1);
			TEST_ASSERT(m[k] != NULL, "packet %u", k);
			rte_pktmbuf_trim(m[k], TXR_LEN - 18);
		}
		TEST_ASSERT_EQ(mlx5x_emu_hold(0, 1), 0, "hold the adapter");
		sent = rte_eth_tx_burst(pf, 0, m, RTE_DIM(m));
		after = rte_mempool_avail_count(e2e_pool());
		TEST_ASSERT_EQ(mlx5x_emu_hold(0, 0), 0, "release the adapter");
		TEST_ASSERT_EQ(sent, RTE_DIM(m), "%s: sent", v[i].devargs);
		TEST_ASSERT_EQ(after, v[i].inlined ? avail : avail - RTE_DIM(m),
			       "%s: mbufs right after the burst", v[i].devargs);
		for (tries = 0, wire = 0; tries < 100000 && wire < sent;
		     tries++) {
			mlx5x_emu_poll();
			while ((got = mlx5x_emu_capture_wire(0, out,
							     sizeof(out))) >
			       0) {
				struct rte_mbuf *ref = txr_packet(wire, 1);
				bool same;

				TEST_ASSERT(ref != NULL, "reference");
				same = got == 18 &&
				       memcmp(out,
					      rte_pktmbuf_mtod(ref, void *),
					      18) == 0;
				rte_pktmbuf_free(ref);
				TEST_ASSERT(same, "%s: frame %u as built",
					    v[i].devargs, wire);
				wire++;
			}
		}
		TEST_ASSERT_EQ(wire, sent, "%s: on the wire", v[i].devargs);
		TEST_ASSERT(e2e_tx_reclaim_pools(pf, e2e_pool(), avail, NULL,
						 0),
			    "%s: every mbuf back", v[i].devargs);
		txr_down(pf);
	}
	return MLX5X_TEST_PASS;
}

static int
txr_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
txr_teardown(void)
{
	e2e_detach();
}

MLX5X_TEST_SUITE(e2e_tx_ring_suite, "e2e_tx_ring", "e2e", txr_setup,
		 txr_teardown, MLX5X_TEST_CASE(test_tx_status_every_burst),
		 MLX5X_TEST_CASE(test_tx_done_cleanup_unstarted),
		 MLX5X_TEST_CASE(test_tx_lean_lap_stale_completion),
		 MLX5X_TEST_CASE(test_tx_empw_inline_limit_below_frame))
