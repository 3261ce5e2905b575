/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An Rx queue whose RQ a responder error put in ERR (a frame longer than
 * the port's buffers, PRM local length error) when bringing it back fails:
 * the failure is counted (xstat rx_rq_recovery_failures), the queue hands
 * up nothing while its RQ is not ready, the next burst goes on from the
 * state the failed step left (ERR, or RST when only RST -> RDY failed),
 * and once it succeeds the queue receives again; port stop/start and queue
 * stop/start work from either state. Each Rx burst variant the devargs
 * pick (scalar, compressed, vector, vector compressed), through the public
 * API; the emulator fails the MODIFY_RQ commands on request.
 */
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "mlx5x_prm.h"
#include "test.h"

static uint16_t pf = UINT16_MAX;
static struct rte_ether_addr pf_mac;
static const uint8_t peer_mac[6] = { 2, 0, 0, 0, 0, 9 };

static const char *const variants[] = {
	"rxq_cqe_comp_en=0,rx_vec_en=0",
	"rxq_cqe_comp_en=1,rx_vec_en=0",
	"rxq_cqe_comp_en=0,rx_vec_en=1",
	"rxq_cqe_comp_en=1,rx_vec_en=1",
};

static int
rr_setup(void)
{
	return 0;
}

static void
rr_teardown(void)
{
	mlx5x_emu_fault_cmd(0, MLX5X_CMD_OP_MODIFY_RQ, 0, 0, 0);
	if (pf != UINT16_MAX)
		e2e_detach();
	pf = UINT16_MAX;
}

static int
rr_up(const char *devargs)
{
	TEST_ASSERT_EQ(e2e_attach(devargs), 0, "attach %s", devargs);
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT(pf != UINT16_MAX, "port");
	rte_eth_macaddr_get(pf, &pf_mac);
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, NULL), 0, "start %s", devargs);
	return MLX5X_TEST_PASS;
}

static uint64_t
rr_xstat(const char *name)
{
	struct rte_eth_xstat_name names[64];
	struct rte_eth_xstat vals[64];
	int n = rte_eth_xstats_get_names(pf, names, RTE_DIM(names));
	int i;

	if (n <= 0 || n > (int)RTE_DIM(names) ||
	    rte_eth_xstats_get(pf, vals, RTE_DIM(vals)) != n)
		return UINT64_MAX;
	for (i = 0; i < n; i++)
		if (strcmp(names[vals[i].id].name, name) == 0)
			return vals[i].value;
	return UINT64_MAX;
}

/* The three counters as the application reads them. */
#define RR_COUNTS(what, errs, recs, fails)                                     \
	do {                                                                   \
		TEST_ASSERT_EQ(rr_xstat("rx_wqe_errors"), (uint64_t)(errs),    \
			       "%s: rx_wqe_errors", what);                     \
		TEST_ASSERT_EQ(rr_xstat("rx_rq_recoveries"), (uint64_t)(recs), \
			       "%s: rx_rq_recoveries", what);                  \
		TEST_ASSERT_EQ(rr_xstat("rx_rq_recovery_failures"),            \
			       (uint64_t)(fails),                              \
			       "%s: rx_rq_recovery_failures", what);           \
	} while (0)

/* A frame of len bytes from the wire to the PF. */
static int
rr_inject(uint16_t len)
{
	static uint8_t frame[3000];

	e2e_udp_frame(frame, len, pf_mac.addr_bytes, peer_mac, 1, 2, 3, 4);
	return mlx5x_emu_inject_wire(0, frame, len);
}

/* A jumbo at MTU 1500 with 2 KiB mbufs: an error CQE, the RQ in ERR; one
 * burst reads it, hands nothing up and tries to recover with the
 * nth-next MODIFY_RQ failing (0: none). */
static int
rr_error_burst(unsigned int fail_nth)
{
	struct rte_mbuf *m[4];

	if (fail_nth != 0)
		TEST_ASSERT_EQ(mlx5x_emu_fault_cmd(0, MLX5X_CMD_OP_MODIFY_RQ,
						   fail_nth,
						   MLX5X_CMD_STAT_INT_ERR,
						   0x5e1),
			       0, "arm MODIFY_RQ");
	TEST_ASSERT_EQ(rr_inject(3000), 0, "inject a jumbo");
	TEST_ASSERT_EQ(rte_eth_rx_burst(pf, 0, m, RTE_DIM(m)), 0,
		       "the jumbo is not handed up");
	return MLX5X_TEST_PASS;
}

/* Scenario fn with each Rx burst variant. */
static int
rr_each(int (*fn)(const char *devargs))
{
	unsigned int v;

	E2E_REQUIRE();
	for (v = 0; v < RTE_DIM(variants); v++)
		TEST_ASSERT_EQ(fn(variants[v]), MLX5X_TEST_PASS, "%s",
			       variants[v]);
	return MLX5X_TEST_PASS;
}

/* n 64-byte frames arrive and are received whole. */
static int
rr_receives(const char *what, unsigned int n)
{
	struct rte_mbuf *m[8];
	unsigned int i;
	uint16_t got;

	for (i = 0; i < n; i++)
		TEST_ASSERT_EQ(rr_inject(64), 0, "inject");
	got = e2e_rx_wait(pf, 0, m, (uint16_t)n);
	for (i = 0; i < got; i++) {
		TEST_ASSERT_EQ(m[i]->pkt_len, 64, "%s: length", what);
		rte_pktmbuf_free(m[i]);
	}
	TEST_ASSERT_EQ(got, n, "%s: received", what);
	return MLX5X_TEST_PASS;
}

/* ERR -> RST fails, then RST -> RDY fails: two failures counted, nothing
 * handed up meanwhile (a frame arriving while the RQ is not ready is the
 * adapter's to drop), then the next burst finishes the recovery and the
 * queue receives. */
static int
rr_retried(const char *devargs)
{
	struct rte_eth_burst_mode mode;
	struct rte_mbuf *m[4];
	unsigned int i;

	TEST_ASSERT_EQ(rr_up(devargs), MLX5X_TEST_PASS, "up");
	TEST_ASSERT_EQ(rte_eth_rx_burst_mode_get(pf, 0, &mode), 0, "mode");
	printf("    %s: %s\n", devargs, mode.info);
	TEST_ASSERT_EQ(rr_receives("before", 3), MLX5X_TEST_PASS, "before");
	TEST_ASSERT_EQ(rr_error_burst(1), MLX5X_TEST_PASS, "error");
	RR_COUNTS("ERR -> RST failed", 1, 0, 1);
	/* The next burst: ERR -> RST now works, RST -> RDY fails. */
	TEST_ASSERT_EQ(mlx5x_emu_fault_cmd(0, MLX5X_CMD_OP_MODIFY_RQ, 2,
					   MLX5X_CMD_STAT_INT_ERR, 0x5e2),
		       0, "arm MODIFY_RQ");
	TEST_ASSERT_EQ(rte_eth_rx_burst(pf, 0, m, RTE_DIM(m)), 0,
		       "nothing while in ERR");
	RR_COUNTS("RST -> RDY failed", 1, 0, 2);
	TEST_ASSERT_EQ(rr_inject(64), 0, "inject while in RST");
	/* The next burst goes on from RST: recovered. */
	for (i = 0; i < 3; i++)
		TEST_ASSERT_EQ(rte_eth_rx_burst(pf, 0, m, RTE_DIM(m)), 0,
			       "the frame sent while in RST is not received");
	RR_COUNTS("recovered", 1, 1, 2);
	TEST_ASSERT_EQ(rr_receives("after", 5), MLX5X_TEST_PASS, "after");
	/* A recovery that works at once counts no failure. */
	TEST_ASSERT_EQ(rr_error_burst(0), MLX5X_TEST_PASS, "second error");
	RR_COUNTS("second error", 2, 2, 2);
	TEST_ASSERT_EQ(rr_receives("after the second", 2), MLX5X_TEST_PASS,
		       "after the second");
	pf = UINT16_MAX;
	return e2e_detach_check();
}

static int
test_rx_recovery_failure_retried(void)
{
	return rr_each(rr_retried);
}

/* A queue left in ERR, or in RST, by a failed recovery: port stop/start
 * and queue stop/start bring it back, with no leak. */
static int
rr_restart(const char *devargs)
{
	TEST_ASSERT_EQ(rr_up(devargs), MLX5X_TEST_PASS, "up");
	/* In ERR: the port stops and starts. */
	TEST_ASSERT_EQ(rr_error_burst(1), MLX5X_TEST_PASS, "error");
	RR_COUNTS("in ERR", 1, 0, 1);
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "port stop from ERR");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "port start");
	TEST_ASSERT_EQ(rr_receives("port restarted", 2), MLX5X_TEST_PASS,
		       "port restart");
	/* In ERR: the queue stops and starts. */
	TEST_ASSERT_EQ(rr_error_burst(1), MLX5X_TEST_PASS, "error");
	TEST_ASSERT_EQ(rte_eth_dev_rx_queue_stop(pf, 0), 0,
		       "queue stop from ERR");
	TEST_ASSERT_EQ(rte_eth_dev_rx_queue_start(pf, 0), 0, "queue start");
	TEST_ASSERT_EQ(rr_receives("queue restarted from ERR", 2),
		       MLX5X_TEST_PASS, "queue restart");
	/* In RST (RST -> RDY failed): the queue stops and starts. */
	TEST_ASSERT_EQ(rr_error_burst(2), MLX5X_TEST_PASS, "error");
	TEST_ASSERT_EQ(rte_eth_dev_rx_queue_stop(pf, 0), 0,
		       "queue stop from RST");
	TEST_ASSERT_EQ(rte_eth_dev_rx_queue_start(pf, 0), 0, "queue start");
	TEST_ASSERT_EQ(rr_receives("queue restarted from RST", 2),
		       MLX5X_TEST_PASS, "queue restart");
	/* In RST: the port stops and closes. */
	TEST_ASSERT_EQ(rr_error_burst(2), MLX5X_TEST_PASS, "error");
	RR_COUNTS("in RST", 4, 0, 4);
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "port stop from RST");
	pf = UINT16_MAX;
	return e2e_detach_check();
}

static int
test_rx_recovery_failure_restart(void)
{
	return rr_each(rr_restart);
}

/* Descriptors of e2e_port_start's Rx queue. */
#define RR_RING 256

/* n frames arrive while nobody reads: past the ring's RR_RING the adapter
 * has no posted WQE for them. */
static int
rr_flood(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		TEST_ASSERT_EQ(rr_inject(64), 0, "inject");
	return MLX5X_TEST_PASS;
}

/* Every frame waiting on queue 0 read and freed; how many. */
static unsigned int
rr_drain(void)
{
	struct rte_mbuf *m[32];
	unsigned int n = 0, i;
	uint16_t k;

	do {
		k = rte_eth_rx_burst(pf, 0, m, RTE_DIM(m));
		for (i = 0; i < k; i++)
			rte_pktmbuf_free(m[i]);
		n += k;
	} while (k != 0);
	return n;
}

/* PRM flush_in_error_en (the driver sets it): the refused jumbo's RQ goes
 * to ERR and the adapter flushes every other WQE posted then, the whole
 * ring but the jumbo's. */
#define RR_FLUSHED (RR_RING - 1)

/* The basic counters as the application reads them. */
#define RR_STATS(what, pkts, missed, errs, flushes)                            \
	do {                                                                   \
		struct rte_eth_stats st_;                                      \
                                                                               \
		TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st_), 0, "stats");       \
		TEST_ASSERT_EQ(st_.ipackets, (uint64_t)(pkts), "%s: ipackets", \
			       what);                                          \
		TEST_ASSERT_EQ(st_.imissed, (uint64_t)(missed), "%s: imissed", \
			       what);                                          \
		TEST_ASSERT_EQ(st_.ierrors, (uint64_t)(errs), "%s: ierrors",   \
			       what);                                          \
		TEST_ASSERT_EQ(st_.q_errors[0], (uint64_t)(errs),              \
			       "%s: queue 0 errors", what);                    \
		TEST_ASSERT_EQ(st_.rx_nombuf, 0, "%s: rx_nombuf", what);       \
		TEST_ASSERT_EQ(rr_xstat("rx_out_of_buffer"),                   \
			       (uint64_t)(missed), "%s: rx_out_of_buffer",     \
			       what);                                          \
		TEST_ASSERT_EQ(rr_xstat("rx_wqe_flushes"),                     \
			       (uint64_t)(flushes), "%s: rx_wqe_flushes",      \
			       what);                                          \
	} while (0)

/* DPDK's meaning of each counter, one Rx burst variant: a frame the adapter
 * drops for want of a posted descriptor is imissed (PRM Q counter
 * out_of_buffer), not an error and no packet; a frame the RQ refuses (a
 * responder error CQE) is one ierrors, on its queue too, and no packet.
 * A port restart (its RQs made again) keeps what was counted; a stats
 * reset zeroes it all, and counting goes on from there. */
static int
rr_counts(const char *devargs)
{
	TEST_ASSERT_EQ(rr_up(devargs), MLX5X_TEST_PASS, "up");
	TEST_ASSERT_EQ(rr_flood(RR_RING + 10), MLX5X_TEST_PASS, "flood");
	RR_STATS("flooded", 0, 10, 0, 0);
	TEST_ASSERT_EQ(rr_drain(), RR_RING, "%s: the ring's frames", devargs);
	RR_STATS("read", RR_RING, 10, 0, 0);
	TEST_ASSERT_EQ(rr_error_burst(0), MLX5X_TEST_PASS, "error");
	RR_STATS("refused", RR_RING, 10, 1, RR_FLUSHED);
	TEST_ASSERT_EQ(rr_receives("after the error", 3), MLX5X_TEST_PASS,
		       "after the error");
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	RR_STATS("restarted", RR_RING + 3, 10, 1, RR_FLUSHED);
	TEST_ASSERT_EQ(rr_flood(RR_RING + 5), MLX5X_TEST_PASS, "flood");
	TEST_ASSERT_EQ(rr_drain(), RR_RING, "%s: the ring's frames", devargs);
	RR_STATS("flooded again", 2 * RR_RING + 3, 15, 1, RR_FLUSHED);
	TEST_ASSERT_EQ(rte_eth_stats_reset(pf), 0, "reset");
	RR_STATS("reset", 0, 0, 0, 0);
	TEST_ASSERT_EQ(rr_flood(RR_RING + 1), MLX5X_TEST_PASS, "flood");
	TEST_ASSERT_EQ(rr_drain(), RR_RING, "%s: the ring's frames", devargs);
	RR_STATS("after the reset", RR_RING, 1, 0, 0);
	pf = UINT16_MAX;
	return e2e_detach_check();
}

static int
test_rx_counters_as_dpdk_defines(void)
{
	return rr_each(rr_counts);
}

MLX5X_TEST_SUITE(e2e_rx_recover_suite, "e2e_rx_recover", "e2e", rr_setup,
		 rr_teardown, MLX5X_TEST_CASE(test_rx_recovery_failure_retried),
		 MLX5X_TEST_CASE(test_rx_recovery_failure_restart),
		 MLX5X_TEST_CASE(test_rx_counters_as_dpdk_defines));
