/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Figures, not pass/fail: cycles per packet of the scalar Rx and Tx bursts
 * on the emulated adapter, 64-byte frames, bursts of 32.
 *
 * Rx is measured on a pre-filled ring: the emulator writes every CQE
 * before the clock starts, so only the burst's work (CQE parsing, mbuf
 * fill, buffer re-post, doorbells) is counted. Tx counts tx_burst calls
 * (WQE build, doorbell) with the mbufs allocated before the clock starts,
 * plus the tx_done_cleanup that handles the completions and frees the
 * mbufs once the adapter has sent them (bench_tx). Minimum and median of
 * several runs; rte_rdtsc() cycles (the VM has no instruction counters:
 * devtools/mlx5x-bench counts them under valgrind callgrind).
 * Layer "bench": never part of the sanitizer runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <rte_cpuflags.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_vect.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"

#define RING 512
#define BURST 32
#define RUNS_MAX 64

/* Runs per figure: 9, or MLX5X_BENCH_RUNS, so that devtools/mlx5x-bench can
 * count instructions under callgrind as the slope between two run counts
 * (set-up and start cancel out). */
static unsigned int bench_runs = 9;

static uint16_t pf;
/* The EAL's widest SIMD while bench_port_up starts the port (0: as it
 * is): the vector bursts are picked then. */
static uint16_t bench_simd;

static int
bench_setup(void)
{
	const char *env = getenv("MLX5X_BENCH_RUNS");

	if (env != NULL && atoi(env) > 0)
		bench_runs = RTE_MIN((unsigned int)atoi(env),
				     (unsigned int)RUNS_MAX);
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
bench_teardown(void)
{
	e2e_detach();
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* PF up (devargs, NULL for none) with one Rx and one Tx queue,
 * tx_offloads on the port. */
static int
bench_port_up(const char *devargs, uint64_t tx_offloads)
{
	const uint16_t simd = rte_vect_get_max_simd_bitwidth();
	struct rte_eth_conf conf;
	int ret;

	if (e2e_attach(devargs) != 0)
		return -1;
	pf = e2e_port_by_name(E2E_PCI);
	memset(&conf, 0, sizeof(conf));
	conf.txmode.offloads = tx_offloads;
	if (rte_eth_dev_configure(pf, 1, 1, &conf) != 0 ||
	    rte_eth_rx_queue_setup(pf, 0, RING, SOCKET_ID_ANY, NULL,
				   e2e_pool()) != 0 ||
	    rte_eth_tx_queue_setup(pf, 0, RING, SOCKET_ID_ANY, NULL) != 0)
		return -1;
	if (bench_simd != 0 && rte_vect_set_max_simd_bitwidth(bench_simd) != 0)
		return -1;
	ret = rte_eth_dev_start(pf);
	rte_vect_set_max_simd_bitwidth(simd);
	return ret;
}

static void
report_len(const char *what, uint64_t *per_run, unsigned int pkts,
	   unsigned int len)
{
	qsort(per_run, bench_runs, sizeof(*per_run), cmp_u64);
	printf("    %s: %.1f cycles/packet min, %.1f median (%u x %u-byte packets, burst %u, %u runs, TSC %.2f GHz)\n",
	       what, (double)per_run[0] / pkts,
	       (double)per_run[bench_runs / 2] / pkts, pkts, len,
	       (unsigned int)BURST, (unsigned int)bench_runs,
	       rte_get_tsc_hz() / 1e9);
}

static void
report(const char *what, uint64_t *per_run, unsigned int pkts)
{
	report_len(what, per_run, pkts, 64);
}

/* One Rx variant, chosen by the port's devargs, on frames of flen bytes
 * (at most 512). */
static int
bench_rx_len(const char *devargs, unsigned int flen)
{
	static struct rte_mbuf *got[RING];
	struct rte_eth_burst_mode mode;
	struct rte_ether_addr mac;
	uint64_t cycles[RUNS_MAX];
	uint8_t frame[512];
	char what[RTE_ETH_BURST_MODE_INFO_SIZE + 64];
	unsigned int r, i, n;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(bench_port_up(devargs, 0), 0, "PF up");
	rte_eth_macaddr_get(pf, &mac);
	e2e_udp_frame(frame, (uint16_t)flen, mac.addr_bytes,
		      (const uint8_t[]){ 2, 0, 0, 0, 0, 7 }, 1, 2, 3, 4);
	for (r = 0; r < bench_runs; r++) {
		uint64_t t0;

		/* Back to back in bursts of BURST, as from a cable: a
		 * compressing CQ completes each in one session. */
		for (i = 0; i < RING - BURST; i += BURST) {
			const void *fr[BURST];
			size_t len[BURST];
			unsigned int k;

			for (k = 0; k < BURST; k++) {
				fr[k] = frame;
				len[k] = flen;
			}
			mlx5x_emu_inject_wire_burst(0, fr, len, BURST);
		}
		n = 0;
		t0 = rte_rdtsc_precise();
		while (n < RING - BURST) {
			uint16_t k = rte_eth_rx_burst(pf, 0, got + n, BURST);

			if (k == 0)
				break;
			n += k;
		}
		cycles[r] = rte_rdtsc_precise() - t0;
		TEST_ASSERT_EQ(n, RING - BURST, "every pre-filled frame read");
		rte_pktmbuf_free_bulk(got, n);
	}
	TEST_ASSERT_EQ(rte_eth_rx_burst_mode_get(pf, 0, &mode), 0, "mode");
	snprintf(what, sizeof(what), "Rx burst (%s)", mode.info);
	report_len(what, cycles, RING - BURST, flen);
	return MLX5X_TEST_PASS;
}

static int
bench_rx(const char *devargs)
{
	return bench_rx_len(devargs, 64);
}

static int
test_bench_rx_burst(void)
{
	return bench_rx("rxq_cqe_comp_en=0,rx_vec_en=0");
}

/* Identical frames: the adapter compresses them into sessions. */
static int
test_bench_rx_burst_comp(void)
{
	return bench_rx("rxq_cqe_comp_en=1,rx_vec_en=0");
}

static int
test_bench_rx_burst_vec(void)
{
	return bench_rx("rxq_cqe_comp_en=0,rx_vec_en=1");
}

static int
test_bench_rx_burst_vec_comp(void)
{
	return bench_rx("rxq_cqe_comp_en=1,rx_vec_en=1");
}

/* MPRQ: 64-byte frames copied into mbufs (below mprq_max_memcpy_len),
 * 256-byte frames attached to their strides. */
static int
test_bench_rx_burst_mprq(void)
{
	return bench_rx_len("mprq_en=1,rxq_cqe_comp_en=0", 64);
}

static int
test_bench_rx_burst_mprq_extbuf(void)
{
	return bench_rx_len("mprq_en=1,rxq_cqe_comp_en=0", 256);
}

/*
 * Tx as an application pays for it: tx_burst calls (WQE build, doorbell)
 * plus the completion handling that frees the sent mbufs, both inside the
 * clock. Between the two, outside it, the adapter sends everything and
 * writes its CQEs, so one tx_done_cleanup call (counted, like tx_burst,
 * by devtools/mlx5x-bench's callgrind run) finds all of them.
 */
static int
bench_tx(const char *name, const char *devargs, uint64_t tx_offloads)
{
	static struct rte_mbuf *m[RING];
	struct rte_eth_burst_mode mode;
	uint64_t cycles[RUNS_MAX];
	uint8_t frame[64], out[128];
	unsigned int avail, r, i, n, wire;
	char what[RTE_ETH_BURST_MODE_INFO_SIZE + 64];

	E2E_REQUIRE();
	TEST_ASSERT_EQ(bench_port_up(devargs, tx_offloads), 0, "PF up");
	e2e_udp_frame(frame, sizeof(frame),
		      (const uint8_t[]){ 2, 0, 0, 0, 0, 7 },
		      (const uint8_t[]){ 2, 0, 0, 0, 0, 8 }, 1, 2, 3, 4);
	avail = rte_mempool_avail_count(e2e_pool());
	for (r = 0; r < bench_runs; r++) {
		uint64_t t0;

		for (i = 0; i < RING / 2; i++) {
			m[i] = rte_pktmbuf_alloc(e2e_pool());
			TEST_ASSERT(m[i] != NULL, "mbuf");
			memcpy(rte_pktmbuf_append(m[i], sizeof(frame)), frame,
			       sizeof(frame));
		}
		n = 0;
		t0 = rte_rdtsc_precise();
		while (n < RING / 2)
			n += rte_eth_tx_burst(pf, 0, m + n,
					      RTE_MIN((unsigned int)BURST,
						      RING / 2 - n));
		cycles[r] = rte_rdtsc_precise() - t0;
		/* The adapter sends them all, outside the clock. */
		for (i = 0, wire = 0; i < 100000 && wire < RING / 2; i++) {
			mlx5x_emu_poll();
			while (mlx5x_emu_capture_wire(0, out, sizeof(out)) > 0)
				wire++;
		}
		TEST_ASSERT_EQ(wire, RING / 2, "every frame on the wire");
		while (mlx5x_emu_poll() != 0)
			;
		/* Completion handling and free, inside it. */
		for (i = 0;
		     i < 1000 && rte_mempool_avail_count(e2e_pool()) < avail;
		     i++) {
			t0 = rte_rdtsc_precise();
			rte_eth_tx_done_cleanup(pf, 0, 0);
			cycles[r] += rte_rdtsc_precise() - t0;
		}
		TEST_ASSERT_EQ(rte_mempool_avail_count(e2e_pool()), avail,
			       "every sent mbuf back in the pool");
	}
	TEST_ASSERT_EQ(rte_eth_tx_burst_mode_get(pf, 0, &mode), 0, "mode");
	snprintf(what, sizeof(what), "Tx burst + completion/free (%s%s)",
		 mode.info, name);
	report(what, cycles, RING / 2);
	return MLX5X_TEST_PASS;
}

/* One SEND WQE per packet: eMPW off. */
static int
test_bench_tx_burst(void)
{
	return bench_tx("", "txq_mpw_en=0", 0);
}

static int
test_bench_tx_burst_fast_free(void)
{
	return bench_tx("; MBUF_FAST_FREE", "txq_mpw_en=0",
			RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE);
}

/* The full burst (multi-segment enabled), same 64-byte packets. */
static int
test_bench_tx_burst_full(void)
{
	return bench_tx("; MULTI_SEGS", NULL, RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
}

/* Enhanced MPW, packets by pointer (txq_inline_mpw=0), scalar. */
static int
test_bench_tx_burst_empw(void)
{
	return bench_tx("", "tx_vec_en=0,txq_inline_mpw=0", 0);
}

/* Enhanced MPW, the 64-byte frames copied into the WQE, scalar (with one
 * Tx queue only when txqs_min_inline allows it). */
static int
test_bench_tx_burst_empw_inline(void)
{
	return bench_tx("", "tx_vec_en=0,txqs_min_inline=0", 0);
}

static int
test_bench_tx_burst_empw_fast_free(void)
{
	return bench_tx("; MBUF_FAST_FREE", "tx_vec_en=0,txq_inline_mpw=0",
			RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE);
}

/* The SSE4.2 eMPW burst by pointer (the defaults: one Tx queue is below
 * txqs_min_inline), and inline (txqs_min_inline=0). */
static int
test_bench_tx_burst_vec(void)
{
	return bench_tx("", NULL, 0);
}

/* The inline burst's variants: SSE4.2 copies (the EAL's SIMD width at
 * 128 bits) and AVX2 ones (where the CPU has them), each with and without
 * MBUF_FAST_FREE (no pool read). */
static int
bench_tx_inline(const char *name, uint16_t simd, uint64_t tx_offloads)
{
	int ret;

	bench_simd = simd;
	ret = bench_tx(name, "txqs_min_inline=0", tx_offloads);
	bench_simd = 0;
	return ret;
}

static int
test_bench_tx_burst_vec_inline(void)
{
	return bench_tx_inline("", RTE_VECT_SIMD_128, 0);
}

static int
test_bench_tx_burst_vec_inline_fast_free(void)
{
	return bench_tx_inline("; MBUF_FAST_FREE", RTE_VECT_SIMD_128,
			       RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE);
}

static int
test_bench_tx_burst_avx2_inline(void)
{
	if (rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX2) != 1)
		TEST_SKIP("the CPU has no AVX2");
	return bench_tx_inline("", 0, 0);
}

static int
test_bench_tx_burst_avx2_inline_fast_free(void)
{
	if (rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX2) != 1)
		TEST_SKIP("the CPU has no AVX2");
	return bench_tx_inline("; MBUF_FAST_FREE", 0,
			       RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE);
}

/* testpmd io forwarding over the five ports; the figure is the script's
 * last line. */
static int
test_bench_testpmd_io(void)
{
	char cmd[4096], line[512] = "";
	FILE *p;
	int status;

	snprintf(cmd, sizeof(cmd),
		 "MLX5X_SOURCE_ROOT='%s' MLX5X_BUILD_ROOT='%s' bash '%s/app/test-mlx5x/e2e/testpmd-io-rate.sh' 2>&1",
		 mlx5x_test_source_root(), mlx5x_test_build_root(),
		 mlx5x_test_source_root());
	fflush(stdout);
	p = popen(cmd, "r");
	TEST_ASSERT(p != NULL, "run testpmd");
	while (fgets(line, sizeof(line), p) != NULL)
		;
	status = pclose(p);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 77)
		TEST_SKIP("%s", line);
	TEST_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		    "testpmd run: %s", line);
	printf("    testpmd io forwarding, 5 ports, 1 forwarding core: %s",
	       line);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(e2e_bench_suite, "e2e_bench", "bench", bench_setup,
		 bench_teardown, MLX5X_TEST_CASE(test_bench_rx_burst),
		 MLX5X_TEST_CASE(test_bench_rx_burst_comp),
		 MLX5X_TEST_CASE(test_bench_rx_burst_vec),
		 MLX5X_TEST_CASE(test_bench_rx_burst_vec_comp),
		 MLX5X_TEST_CASE(test_bench_rx_burst_mprq),
		 MLX5X_TEST_CASE(test_bench_rx_burst_mprq_extbuf),
		 MLX5X_TEST_CASE(test_bench_tx_burst),
		 MLX5X_TEST_CASE(test_bench_tx_burst_fast_free),
		 MLX5X_TEST_CASE(test_bench_tx_burst_full),
		 MLX5X_TEST_CASE(test_bench_tx_burst_empw),
		 MLX5X_TEST_CASE(test_bench_tx_burst_empw_inline),
		 MLX5X_TEST_CASE(test_bench_tx_burst_empw_fast_free),
		 MLX5X_TEST_CASE(test_bench_tx_burst_vec),
		 MLX5X_TEST_CASE(test_bench_tx_burst_vec_inline),
		 MLX5X_TEST_CASE(test_bench_tx_burst_vec_inline_fast_free),
		 MLX5X_TEST_CASE(test_bench_tx_burst_avx2_inline),
		 MLX5X_TEST_CASE(test_bench_tx_burst_avx2_inline_fast_free),
		 MLX5X_TEST_CASE(test_bench_testpmd_io))
