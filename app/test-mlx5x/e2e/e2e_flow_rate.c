/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Figures, not pass/fail: rte_flow insertion and deletion rate on the
 * emulated adapter, straight through the public API with no flow-perf in
 * between, so its figure and flow-perf's can be held side by side (what
 * flow-perf adds is flow-perf's).
 *
 * The rules are flow-perf's default shape: ingress eth / ipv4 src is i ->
 * queue 0, in group 0 (the root) and in group 1. Rates come from
 * rte_rdtsc() around the whole create loop and the whole destroy loop
 * (K rules/s and cycles per rule), with the inserting thread's CPU time
 * and minor page faults per rule (getrusage), which a loaded machine
 * does not blur the way it blurs wall time. Every create and destroy
 * must succeed, and after them nothing of the adapter or of the DPDK heap
 * may be left: those are the case's assertions; the figures never fail
 * it. MLX5X_BENCH_FLOW_RULES sets the largest run (default 10000;
 * devtools/mlx5x-bench asks for 100000; the test EAL's memory holds
 * about 900,000). Layer "bench": not part of the sanitizer runs.
 *
 * Also here (layer e2e): a rule kept packed replays exactly at start.
 */
#define _GNU_SOURCE /* RUSAGE_THREAD */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"

static uint16_t pf = UINT16_MAX;

static int
rate_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
rate_teardown(void)
{
	e2e_detach();
	pf = UINT16_MAX;
}

static struct rte_flow *
rate_rule(uint32_t group, uint32_t sip, struct rte_flow_error *err)
{
	const struct rte_flow_attr attr = { .ingress = 1, .group = group };
	struct rte_flow_item_ipv4 spec = { .hdr.src_addr =
						   rte_cpu_to_be_32(sip) };
	struct rte_flow_item_ipv4 mask = { .hdr.src_addr =
						   RTE_BE32(UINT32_MAX) };
	const struct rte_flow_item pattern[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4,
		  .spec = &spec,
		  .mask = &mask },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_action_queue q0 = { .index = 0 };
	const struct rte_flow_action actions[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q0 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};

	return rte_flow_create(pf, &attr, pattern, actions, err);
}

/* CPU time (user + system) between two samples, in microseconds. */
static double
rate_cpu_us(const struct rusage *a, const struct rusage *b)
{
	return (double)(b->ru_utime.tv_sec - a->ru_utime.tv_sec +
			b->ru_stime.tv_sec - a->ru_stime.tv_sec) *
		       1e6 +
	       (double)(b->ru_utime.tv_usec - a->ru_utime.tv_usec +
			b->ru_stime.tv_usec - a->ru_stime.tv_usec);
}

/* Insert n rules in group, then delete them; print both rates. */
static int
rate_run(uint32_t group, uint32_t n)
{
	struct rte_flow **flows;
	struct rte_flow_error err;
	struct rusage ru0, ru1, ru2;
	uint64_t t0, t1, t2, hz = rte_get_tsc_hz();
	uint32_t i;
	int rc = MLX5X_TEST_PASS;

	flows = calloc(n, sizeof(*flows));
	TEST_ASSERT(flows != NULL, "no memory for %u handles", n);
	getrusage(RUSAGE_THREAD, &ru0);
	t0 = rte_rdtsc();
	for (i = 0; i < n; i++) {
		flows[i] = rate_rule(group, 0x0a000000u + i, &err);
		if (flows[i] == NULL)
			break;
	}
	t1 = rte_rdtsc();
	getrusage(RUSAGE_THREAD, &ru1);
	if (i != n) {
		printf("    rule %u of %u in group %u refused: %s\n", i, n,
		       group,
		       err.message != NULL ? err.message : "(no message)");
		rc = MLX5X_TEST_FAIL;
		n = i;
	}
	for (i = n; i > 0; i--)
		if (rte_flow_destroy(pf, flows[i - 1], &err) != 0) {
			printf("    destroy of rule %u refused: %s\n", i - 1,
			       err.message != NULL ? err.message : "");
			rc = MLX5X_TEST_FAIL;
		}
	t2 = rte_rdtsc();
	getrusage(RUSAGE_THREAD, &ru2);
	free(flows);
	if (rc == MLX5X_TEST_PASS && n > 0)
		printf("    group %u, %7u rules: insertion %8.1f K rules/s (per rule %6.0f cycles, %5.2f us CPU, %.2f page faults), deletion %8.1f K rules/s (per rule %6.0f cycles, %5.2f us CPU, %.2f page faults)\n",
		       group, n, (double)n * hz / (double)(t1 - t0) / 1e3,
		       (double)(t1 - t0) / n, rate_cpu_us(&ru0, &ru1) / n,
		       (double)(ru1.ru_minflt - ru0.ru_minflt) / n,
		       (double)n * hz / (double)(t2 - t1) / 1e3,
		       (double)(t2 - t1) / n, rate_cpu_us(&ru1, &ru2) / n,
		       (double)(ru2.ru_minflt - ru1.ru_minflt) / n);
	return rc;
}

static int
test_bench_flow_rate(void)
{
	static const uint32_t sizes[] = { 1000, 10000, 100000 };
	const char *env = getenv("MLX5X_BENCH_FLOW_RULES");
	uint32_t max =
		env != NULL && atoi(env) > 0 ? (uint32_t)atoi(env) : 10000;
	uint32_t group;
	unsigned int i;

	E2E_REQUIRE();
	TEST_ASSERT(e2e_attach(NULL) == 0, "attach");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT(e2e_port_start(pf, 1, NULL) == 0, "port start");
	for (group = 0; group <= 1; group++)
		for (i = 0; i < RTE_DIM(sizes) && sizes[i] <= max; i++)
			if (rate_run(group, sizes[i]) != MLX5X_TEST_PASS)
				return MLX5X_TEST_FAIL;
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	return e2e_detach_check();
}

/* ---- a flow keeps its rule packed (mlx5x_flow_pack.c) ------------------- */

/* Send a UDP/IPv4 frame from the wire to the PF: the queue it reached (-1:
 * none) and its mark id (-1: no mark). */
static int
pack_send(uint32_t sip, uint16_t dport, uint16_t nb_q, int *mark)
{
	static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0, 0x42 };
	struct rte_ether_addr mac;
	struct rte_mbuf *m = NULL;
	uint8_t buf[128];
	uint16_t q;
	int i;

	*mark = -1;
	rte_eth_macaddr_get(pf, &mac);
	e2e_udp_frame(buf, sizeof(buf), mac.addr_bytes, peer, sip, 0x0a0000fe,
		      1234, dport);
	if (mlx5x_emu_inject_wire(0, buf, sizeof(buf)) != 0)
		return -2;
	for (i = 0; i < 4; i++)
		mlx5x_emu_poll();
	for (q = 0; q < nb_q; q++)
		if (rte_eth_rx_burst(pf, q, &m, 1) == 1) {
			if (m->ol_flags & RTE_MBUF_F_RX_FDIR_ID)
				*mark = (int)m->hash.fdir.hi;
			rte_pktmbuf_free(m);
			return q;
		}
	return -1;
}

/*
 * Rules made on a stopped port are kept packed and unpacked when the port
 * starts: every field must come back, so the frames that hit and the
 * frames that miss are the same before and after a stop/start, for a rule
 * at the root and one behind a jump, with a mark.
 */
static int
test_flow_packed_rule_replays_exactly(void)
{
	struct rte_flow_item_ipv4 ip = { .hdr.src_addr = RTE_BE32(0x0a000005) };
	struct rte_flow_item_ipv4 ip_m = { .hdr.src_addr =
						   RTE_BE32(UINT32_MAX) };
	struct rte_flow_item_udp udp = { .hdr.dst_port = RTE_BE16(4000) };
	struct rte_flow_item_udp udp_m = { .hdr.dst_port = RTE_BE16(0xffff) };
	const struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4, .spec = &ip, .mask = &ip_m },
		{ .type = RTE_FLOW_ITEM_TYPE_UDP, .spec = &udp, .mask = &udp_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item any[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_action_jump to1 = { .group = 1 };
	const struct rte_flow_action jump[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_JUMP, .conf = &to1 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action_mark mark = { .id = 0xabcde };
	const struct rte_flow_action_queue q3 = { .index = 3 };
	const struct rte_flow_action act[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_MARK, .conf = &mark },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q3 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_attr root = { .ingress = 1 };
	const struct rte_flow_attr g1 = { .ingress = 1, .group = 1 };
	struct rte_flow *fj, *fr;
	uint16_t q;
	int round, got;

	E2E_REQUIRE();
	TEST_ASSERT(e2e_attach(NULL) == 0, "attach");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT(rte_eth_dev_configure(pf, 4, 1,
					  &(struct rte_eth_conf){ 0 }) == 0,
		    "configure");
	for (q = 0; q < 4; q++)
		TEST_ASSERT(rte_eth_rx_queue_setup(pf, q, 256, SOCKET_ID_ANY,
						   NULL, e2e_pool()) == 0,
			    "Rx queue %u", q);
	TEST_ASSERT(rte_eth_tx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL) ==
			    0,
		    "Tx queue");
	fj = rte_flow_create(pf, &root, any, jump, NULL);
	fr = rte_flow_create(pf, &g1, pat, act, NULL);
	TEST_ASSERT(fj != NULL && fr != NULL, "rules on the stopped port");
	for (round = 0; round < 2; round++) {
		int mk;

		TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start %d", round);
		got = pack_send(0x0a000005, 4000, 4, &mk);
		TEST_ASSERT_EQ(got, 3, "round %d: the matching frame", round);
		TEST_ASSERT_EQ(mk, 0xabcde, "round %d: its mark", round);
		/* One field off: the frame falls through group 1. */
		TEST_ASSERT_EQ(pack_send(0x0a000006, 4000, 4, &mk), -1,
			       "round %d: another source address misses",
			       round);
		TEST_ASSERT_EQ(pack_send(0x0a000005, 4001, 4, &mk), -1,
			       "round %d: another UDP port misses", round);
		TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop %d", round);
	}
	TEST_ASSERT_EQ(rte_flow_destroy(pf, fr, NULL), 0, "destroy");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, fj, NULL), 0, "destroy jump");
	return e2e_detach_check();
}

MLX5X_TEST_SUITE(e2e_flow_pack_suite, "e2e_flow_pack", "e2e", rate_setup,
		 rate_teardown,
		 MLX5X_TEST_CASE(test_flow_packed_rule_replays_exactly))

MLX5X_TEST_SUITE(e2e_flow_rate_suite, "e2e_flow_rate", "bench", rate_setup,
		 rate_teardown, MLX5X_TEST_CASE(test_bench_flow_rate))
