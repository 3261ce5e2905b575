/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * LD_PRELOAD helper for counting a PMD's instructions per packet under
 * valgrind (devtools/lib/mlx5x-testpmd-ir.sh), never for timing.
 *
 * Why: valgrind runs one thread at a time. A forwarding core that polls
 * an empty Rx ring keeps the CPU for a whole time slice while the
 * emulator's engine thread, which would deliver the next frames, waits:
 * thousands of empty polls per delivered burst, an artefact of the
 * measurement that swamps the driver's per-packet cost. This library
 * stands in for rte_eth_dev_start() and, once the port started, puts a
 * wrapper in the port's fast-path Rx slot (rte_eth_fp_ops) that calls the
 * driver's own burst and, when it returned nothing, sched_yield()s, so the
 * engine runs at once. The driver's code and the application's are
 * unchanged; the wrapper's instructions are this object's, not the
 * driver's.
 *
 * No DPDK library is linked: symbols are looked up when first needed, so
 * the library can sit in LD_PRELOAD of processes that are not DPDK
 * applications (the shells and valgrind's launcher before testpmd).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_ethdev.h>

int rte_eth_dev_start(uint16_t port_id);

/* The driver's Rx burst the wrapper calls (one driver per process). */
static eth_rx_burst_t rx_yield_orig;

static uint16_t
rx_yield_burst(void *rxq, struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t k = rx_yield_orig(rxq, pkts, n);

	if (k == 0)
		sched_yield();
	return k;
}

int
rte_eth_dev_start(uint16_t port_id)
{
	int (*start)(uint16_t) =
		(int (*)(uint16_t))dlsym(RTLD_NEXT, "rte_eth_dev_start");
	struct rte_eth_fp_ops *ops =
		(struct rte_eth_fp_ops *)dlsym(RTLD_DEFAULT, "rte_eth_fp_ops");
	int ret;

	if (start == NULL) {
		fprintf(stderr, "mlx5x_rx_yield: no rte_eth_dev_start\n");
		return -1;
	}
	ret = start(port_id);
	if (ret != 0 || ops == NULL || port_id >= RTE_MAX_ETHPORTS)
		return ret;
	if (ops[port_id].rx_pkt_burst == rx_yield_burst)
		return ret;
	if (rx_yield_orig == NULL)
		rx_yield_orig = ops[port_id].rx_pkt_burst;
	if (ops[port_id].rx_pkt_burst == rx_yield_orig)
		ops[port_id].rx_pkt_burst = rx_yield_burst;
	else
		fprintf(stderr,
			"mlx5x_rx_yield: port %u has another Rx burst, left as it is\n",
			port_id);
	return ret;
}
