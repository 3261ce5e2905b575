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
 * (K rules/s and cycles per rule). Every create and destroy must
 * succeed, and after them nothing of the adapter or of the DPDK heap may
 * be left: those are the case's assertions; the figures never fail it. MLX5X_BENCH_FLOW_RULES sets the largest run
 * (default 100000). Layer "bench": not part of the sanitizer runs.
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
		env != NULL && atoi(env) > 0 ? (uint32_t)atoi(env) : 100000;
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

MLX5X_TEST_SUITE(e2e_flow_rate_suite, "e2e_flow_rate", "bench", rate_setup,
		 rate_teardown, MLX5X_TEST_CASE(test_bench_flow_rate))
