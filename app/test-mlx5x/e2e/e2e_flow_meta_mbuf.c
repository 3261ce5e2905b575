/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Flow metadata between the mbuf and the adapter, through the public API
 * (DR backend), with the application's metadata dynfield registered
 * (rte_flow_dynf_metadata_register, as testpmd and OVS do):
 * - Rx: an ingress rule's set_meta reaches the mbuf
 *   (RTE_MBUF_DYNFLAG_RX_METADATA and the value), with set_meta's mask
 *   semantics (only the mask's bits written, across a jump too); frames
 *   no rule gave a value carry no flag; on the plain, compressed (every
 *   mini CQE format) and MPRQ paths, with the vector burst giving way to
 *   the scalar one.
 * - Tx: the mbuf's Tx metadata (RTE_MBUF_DYNFLAG_TX_METADATA) is what an
 *   egress META item matches.
 *
 * A registered dynfield cannot be taken back, and it changes the burst
 * functions every later port picks (no vector Rx, no eMPW): each case of
 * this suite runs in a test-mlx5x process of its own, so the suites after
 * it see the process they expect.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ethdev_driver.h>
#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "mlx5x_rxtx.h"
#include "test.h"

#define SUITE "e2e_flow_meta_mbuf"
#define CHILD_ENV "MLX5X_E2E_META_CHILD"
#define NB_Q 4
#define CX6DX_CONFIG                                                           \
	"model=cx6dx,pci=" E2E_PCI ",vfs=4,esw=switchdev,wire=drop,vf_end=drop"

extern char **environ;

static uint16_t pf = UINT16_MAX;
static struct rte_ether_addr pf_mac;

/*
 * Run case name in a child test-mlx5x (this binary) with CHILD_ENV set;
 * its output is shown indented, its summary line is the result.
 */
static int
in_child(const char *name)
{
	char filter[128], line[1024], *argv[3], **envp;
	posix_spawn_file_actions_t fa;
	unsigned int passed = 0, failed = 0, skipped = 0, n = 0, i;
	bool summary = false;
	int fds[2], status = 0;
	FILE *out;
	pid_t pid;

	snprintf(filter, sizeof(filter), SUITE "/%s", name);
	while (environ[n] != NULL)
		n++;
	envp = calloc(n + 2, sizeof(*envp));
	TEST_ASSERT(envp != NULL, "environment copy");
	for (i = 0; i < n; i++)
		envp[i] = environ[i];
	envp[n] = (char *)(uintptr_t)(CHILD_ENV "=1");
	argv[0] = (char *)(uintptr_t) "test-mlx5x";
	argv[1] = filter;
	argv[2] = NULL;
	if (pipe(fds) != 0) {
		free(envp);
		TEST_ASSERT(false, "pipe");
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDERR_FILENO);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	fflush(stdout);
	if (posix_spawn(&pid, "/proc/self/exe", &fa, NULL, argv, envp) != 0)
		pid = -1;
	posix_spawn_file_actions_destroy(&fa);
	free(envp);
	close(fds[1]);
	out = fdopen(fds[0], "r");
	if (out == NULL)
		close(fds[0]);
	while (out != NULL && fgets(line, sizeof(line), out) != NULL) {
		printf("    | %s", line);
		if (sscanf(line, "%u passed, %u failed, %u skipped", &passed,
			   &failed, &skipped) == 3)
			summary = true;
	}
	if (out != NULL)
		fclose(out);
	TEST_ASSERT(pid > 0, "cannot start the child test-mlx5x");
	TEST_ASSERT(waitpid(pid, &status, 0) == pid, "waitpid");
	TEST_ASSERT(WIFEXITED(status), "the child test-mlx5x died (status %d)",
		    status);
	TEST_ASSERT(summary, "the child test-mlx5x printed no summary");
	if (failed == 0 && passed == 0 && skipped == 1)
		return MLX5X_TEST_SKIP;
	TEST_ASSERT(failed == 0 && passed == 1 && WEXITSTATUS(status) == 0,
		    "child: %u passed, %u failed (exit %d)", passed, failed,
		    WEXITSTATUS(status));
	return MLX5X_TEST_PASS;
}

/* In the parent, the case runs in a child; in the child, for real, with
 * the dynfield registered. */
#define META_CASE(name)                                                        \
	do {                                                                   \
		if (getenv(CHILD_ENV) == NULL)                                 \
			return in_child(#name);                                \
		E2E_REQUIRE();                                                 \
		TEST_ASSERT_EQ(rte_flow_dynf_metadata_register(), 0,           \
			       "metadata dynfield: %s",                        \
			       rte_strerror(rte_errno));                       \
	} while (0)

static int
mm_setup(void)
{
	return 0;
}

static void
mm_teardown(void)
{
	if (pf != UINT16_MAX)
		e2e_detach();
	pf = UINT16_MAX;
}

/* Attach (config NULL: the default adapter) with devargs, NB_Q queues
 * without RSS (the default steering takes everything to queue 0), conf
 * (NULL: defaults). */
static int
mm_up_conf(const char *config, const char *devargs,
	   const struct rte_eth_conf *conf)
{
	int ret;

	ret = config != NULL ? e2e_attach_config(config, devargs)
			     : e2e_attach(devargs);
	TEST_ASSERT_EQ(ret, 0, "attach %s", devargs ? devargs : "");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT(pf != UINT16_MAX, "port");
	rte_eth_macaddr_get(pf, &pf_mac);
	ret = e2e_port_start(pf, NB_Q, conf);
	TEST_ASSERT_EQ(ret, 0, "start %s", devargs ? devargs : "");
	return MLX5X_TEST_PASS;
}

static int
mm_up(const char *config, const char *devargs)
{
	return mm_up_conf(config, devargs, NULL);
}

static int
mm_down(void)
{
	int ret = e2e_detach_check();

	pf = UINT16_MAX;
	return ret;
}

#define SRC(n) (0x0a000000u | (n))
#define DST 0x0a0000feu

/* A rule of group g: IPv4 source src -> actions (up to 4, then END). */
static struct rte_flow *
rule(const struct rte_flow_attr *attr, uint32_t src,
     const struct rte_flow_action *acts, unsigned int n)
{
	struct rte_flow_item_ipv4 v4 = { .hdr.src_addr =
						 rte_cpu_to_be_32(src) };
	struct rte_flow_item_ipv4 v4_m = { .hdr.src_addr =
						   RTE_BE32(UINT32_MAX) };
	const struct rte_flow_item pat[] = { ITEM(ETH, NULL, NULL),
					     ITEM(IPV4, &v4, &v4_m), END_ITEM };
	struct rte_flow_action a[5];
	struct rte_flow_error err;
	struct rte_flow *f;
	unsigned int i;

	for (i = 0; i < n && i < 4; i++)
		a[i] = acts[i];
	a[i] = (struct rte_flow_action)END_ACT;
	memset(&err, 0, sizeof(err));
	f = rte_flow_create(pf, attr, pat, a, &err);
	if (f == NULL)
		printf("    create: %s\n",
		       err.message ? err.message : "(no message)");
	return f;
}

/* What the mbuf says: meta value, or UINT64_MAX without the flag. */
static uint64_t
mbuf_meta(const struct rte_mbuf *m)
{
	if (!(m->ol_flags & RTE_MBUF_DYNFLAG_RX_METADATA))
		return UINT64_MAX;
	return *RTE_FLOW_DYNF_METADATA(m);
}

/* The IPv4 source of a received UDP frame. */
static uint32_t
mbuf_src(const struct rte_mbuf *m)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *) + 14 + 12;

	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* One frame from src, waiting on queue want: the queue it reached (-1
 * none), the mbuf in *out. */
static int
rx_one(uint32_t src, uint16_t want, struct rte_mbuf **out)
{
	const uint16_t len = 96;
	static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0, 0x43 };
	uint8_t buf[2048];
	struct rte_mbuf *m = NULL;
	uint16_t q = NB_Q;

	*out = NULL;
	e2e_udp_frame(buf, len, pf_mac.addr_bytes, peer, src, DST, 0x3000,
		      0x3000);
	if (mlx5x_emu_inject_wire(0, buf, len) != 0)
		return -2;
	if (e2e_rx_first_queue(pf, NB_Q, want, &m, 1, &q) != 1)
		return -1;
	*out = m;
	return q;
}

/* Frame from src reaches queue q with metadata want (UINT64_MAX: no
 * flag). */
static int
expect(uint32_t src, int q, uint64_t want, const char *what)
{
	struct rte_mbuf *m;
	int got = rx_one(src, (uint16_t)q, &m);
	uint64_t meta = m != NULL ? mbuf_meta(m) : 0;

	rte_pktmbuf_free(m);
	TEST_ASSERT_EQ(got, q, "%s: queue", what);
	TEST_ASSERT(meta == want,
		    "%s: metadata %s0x%" PRIx64
		    " expected, the mbuf has %s0x%" PRIx64,
		    what, want == UINT64_MAX ? "none " : "", want,
		    meta == UINT64_MAX ? "none " : "", meta);
	return MLX5X_TEST_PASS;
}

#define EXPECT(src, q, want, what)                                             \
	do {                                                                   \
		int r_ = expect(src, q, want, what);                           \
		if (r_ != MLX5X_TEST_PASS)                                     \
			return r_;                                             \
	} while (0)

static int
test_flow_meta_rx_set_meta_to_mbuf(void)
{
	const struct rte_flow_attr g0 = { .ingress = 1 };
	const struct rte_flow_attr g1 = { .ingress = 1, .group = 1 };
	struct rte_flow_action_set_meta full = { .data = 0x12345678,
						 .mask = UINT32_MAX };
	/* Only the mask's bits are written: 0x1234 of 0xabcd1234. */
	struct rte_flow_action_set_meta low = { .data = 0xabcd1234,
						.mask = 0x0000ffff };
	struct rte_flow_action_set_meta top = { .data = 0xaa000000,
						.mask = 0xff000000 };
	struct rte_flow_action_set_meta bottom = { .data = 0xffffffbb,
						   .mask = 0x000000ff };
	struct rte_flow_action_queue q1 = { .index = 1 }, q2 = { .index = 2 },
				     q3 = { .index = 3 };
	struct rte_flow_action_jump j1 = { .group = 1 };
	struct rte_flow_action_mark mk = { .id = 0x99 };
	const struct rte_flow_action a1[] = { ACT(SET_META, &full),
					      ACT(QUEUE, &q1) };
	const struct rte_flow_action a2[] = { ACT(SET_META, &low),
					      ACT(QUEUE, &q2) };
	const struct rte_flow_action a3[] = { ACT(QUEUE, &q3) };
	const struct rte_flow_action a4[] = { ACT(SET_META, &top),
					      ACT(JUMP, &j1) };
	const struct rte_flow_action a4g1[] = { ACT(SET_META, &bottom),
						ACT(MARK, &mk),
						ACT(QUEUE, &q2) };
	struct rte_eth_burst_mode bm;
	struct rte_flow *f1;
	struct rte_mbuf *m;
	int ret;

	META_CASE(test_flow_meta_rx_set_meta_to_mbuf);
	ret = mm_up(NULL, NULL);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	/* rx_vec_en is on by default: the vector burst does not read the
	 * metadata, so the port took a scalar one. */
	TEST_ASSERT_EQ(rte_eth_rx_burst_mode_get(pf, 0, &bm), 0, "mode");
	TEST_ASSERT(strstr(bm.info, "Vector") == NULL,
		    "metadata registered, yet the Rx burst is \"%s\"", bm.info);
	f1 = rule(&g0, SRC(1), a1, 2);
	TEST_ASSERT(f1 != NULL, ".1: set_meta 0x12345678 -> queue 1");
	TEST_ASSERT(rule(&g0, SRC(2), a2, 2) != NULL,
		    ".2: set_meta 0xabcd1234 mask 0xffff -> queue 2");
	TEST_ASSERT(rule(&g0, SRC(3), a3, 1) != NULL, ".3: queue 3");
	TEST_ASSERT(rule(&g0, SRC(4), a4, 2) != NULL,
		    ".4: set_meta 0xaa << 24 mask 0xff << 24, jump 1");
	TEST_ASSERT(rule(&g1, SRC(4), a4g1, 3) != NULL,
		    "group 1 .4: set_meta 0xbb mask 0xff, mark, queue 2");
	EXPECT(SRC(1), 1, 0x12345678, "the whole value");
	EXPECT(SRC(2), 2, 0x1234, "the mask's bits only");
	EXPECT(SRC(3), 3, UINT64_MAX, "a rule without set_meta: no flag");
	EXPECT(SRC(9), 0, UINT64_MAX, "no rule (default steering): no flag");
	EXPECT(SRC(4), 2, 0xaa0000bb,
	       "two groups' writes, each of its own bits");
	/* The mark travels beside the metadata. */
	TEST_ASSERT_EQ(rx_one(SRC(4), 2, &m), 2, "mark and meta: queue");
	TEST_ASSERT(m != NULL && (m->ol_flags & RTE_MBUF_F_RX_FDIR_ID) &&
			    m->hash.fdir.hi == 0x99 &&
			    mbuf_meta(m) == 0xaa0000bb,
		    "mark 0x99 and metadata 0xaa0000bb in one mbuf");
	rte_pktmbuf_free(m);
	/* Kept across stop/start; gone with the rule. */
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	EXPECT(SRC(1), 1, 0x12345678, "after stop/start");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f1, NULL), 0, "destroy .1");
	EXPECT(SRC(1), 0, UINT64_MAX, "rule destroyed: default, no flag");
	TEST_ASSERT_EQ(rte_flow_flush(pf, NULL), 0, "flush");
	return mm_down();
}

/*
 * Runs of frames from .1, .2 and .3 (metadata 0x11111111, 0x22222222,
 * none) to one queue in bursts the adapter compresses (or, with MPRQ,
 * packs into strides), len bytes each: every mbuf carries its own
 * source's metadata. *sessions: the compressed sessions the queue read.
 */
static int
burst_runs(uint16_t len, uint64_t *sessions)
{
	static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0, 0x44 };
	static const uint64_t want[3] = { 0x11111111, 0x22222222, UINT64_MAX };
	const struct rte_flow_attr g0 = { .ingress = 1 };
	struct rte_flow_action_set_meta s1 = { .data = 0x11111111,
					       .mask = UINT32_MAX };
	struct rte_flow_action_set_meta s2 = { .data = 0x22222222,
					       .mask = UINT32_MAX };
	struct rte_flow_action_queue q1 = { .index = 1 };
	const struct rte_flow_action a1[] = { ACT(SET_META, &s1),
					      ACT(QUEUE, &q1) };
	const struct rte_flow_action a2[] = { ACT(SET_META, &s2),
					      ACT(QUEUE, &q1) };
	const struct rte_flow_action a3[] = { ACT(QUEUE, &q1) };
	static uint8_t frames[48][2048];
	const void *fp[48];
	size_t lens[48];
	unsigned int i, round, got = 0, idle, bad = 0;
	const struct mlx5x_rxq *rxq;

	TEST_ASSERT(rule(&g0, SRC(1), a1, 2) != NULL, ".1 -> meta 0x11111111");
	TEST_ASSERT(rule(&g0, SRC(2), a2, 2) != NULL, ".2 -> meta 0x22222222");
	TEST_ASSERT(rule(&g0, SRC(3), a3, 1) != NULL, ".3 -> no meta");
	/* Runs of 8: .1 .2 .3 .1 .2 .3. */
	for (i = 0; i < RTE_DIM(frames); i++) {
		e2e_udp_frame(frames[i], len, pf_mac.addr_bytes, peer,
			      SRC(1 + (i / 8) % 3), DST, (uint16_t)(0x1000 + i),
			      0x3000);
		fp[i] = frames[i];
		lens[i] = len;
	}
	for (round = 0; round < 4; round++) {
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire_burst(0, fp, lens,
							   RTE_DIM(frames)),
			       0, "inject");
		for (idle = 0;
		     got < (round + 1) * RTE_DIM(frames) && idle < 100000;) {
			struct rte_mbuf *pkts[16];
			uint16_t k, j;

			mlx5x_emu_poll();
			/* Bursts of 5: sessions read across calls. */
			k = rte_eth_rx_burst(pf, 1, pkts, 5);
			idle = k == 0 ? idle + 1 : 0;
			for (j = 0; j < k; j++) {
				uint32_t s = mbuf_src(pkts[j]) & 0xff;
				uint64_t meta = mbuf_meta(pkts[j]);

				if ((s < 1 || s > 3 || meta != want[s - 1] ||
				     pkts[j]->pkt_len != len) &&
				    bad++ < 5)
					printf("    packet %u: source .%u, length %u, metadata 0x%" PRIx64
					       "\n",
					       got + j, s, pkts[j]->pkt_len,
					       meta);
			}
			got += k;
			rte_pktmbuf_free_bulk(pkts, k);
		}
	}
	TEST_ASSERT_EQ(got, 4 * RTE_DIM(frames), "every frame on queue 1");
	TEST_ASSERT_EQ(bad, 0u, "packets with the wrong metadata");
	rxq = rte_eth_devices[pf].data->rx_queues[1];
	*sessions = rxq->comp_sessions;
	return MLX5X_TEST_PASS;
}

static int
test_flow_meta_rx_compressed(void)
{
	static const struct {
		const char *config, *devargs;
	} runs[] = {
		{ NULL, "rxq_cqe_comp_en=1" },
		{ NULL, "rxq_cqe_comp_en=3" },
		{ NULL, "rxq_cqe_comp_en=1,rx_vec_en=0" },
		{ CX6DX_CONFIG, "rxq_cqe_comp_en=2" },
		{ CX6DX_CONFIG, "rxq_cqe_comp_en=4" },
	};
	struct rte_eth_burst_mode bm;
	uint64_t sessions;
	unsigned int r;
	int ret;

	META_CASE(test_flow_meta_rx_compressed);
	for (r = 0; r < RTE_DIM(runs); r++) {
		printf("    %s%s%s\n", runs[r].config ? "cx6dx, " : "",
		       runs[r].devargs, "");
		ret = mm_up(runs[r].config, runs[r].devargs);
		if (ret != MLX5X_TEST_PASS)
			return ret;
		TEST_ASSERT_EQ(rte_eth_rx_burst_mode_get(pf, 1, &bm), 0,
			       "mode");
		TEST_ASSERT(strstr(bm.info, "CQE compression") != NULL &&
				    strstr(bm.info, "Vector") == NULL,
			    "%s: burst mode \"%s\"", runs[r].devargs, bm.info);
		ret = burst_runs(96, &sessions);
		if (ret != MLX5X_TEST_PASS)
			return ret;
		TEST_ASSERT(sessions > 0, "%s: no compressed session read",
			    runs[r].devargs);
		ret = mm_down();
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	return MLX5X_TEST_PASS;
}

static int
test_flow_meta_rx_mprq(void)
{
	static const struct {
		const char *devargs;
		uint16_t len;
	} runs[] = {
		/* Copied into the mbuf (up to mprq_max_memcpy_len). */
		{ "mprq_en=1,rxq_cqe_comp_en=0", 96 },
		/* Attached as external buffers. */
		{ "mprq_en=1,rxq_cqe_comp_en=0,mprq_max_memcpy_len=0", 600 },
		{ "mprq_en=1,rxq_cqe_comp_en=1,mprq_log_stride_size=8", 96 },
	};
	struct rte_eth_burst_mode bm;
	uint64_t sessions;
	unsigned int r;
	int ret;

	META_CASE(test_flow_meta_rx_mprq);
	for (r = 0; r < RTE_DIM(runs); r++) {
		printf("    %s, %u-byte frames\n", runs[r].devargs,
		       runs[r].len);
		ret = mm_up(NULL, runs[r].devargs);
		if (ret != MLX5X_TEST_PASS)
			return ret;
		TEST_ASSERT_EQ(rte_eth_rx_burst_mode_get(pf, 1, &bm), 0,
			       "mode");
		TEST_ASSERT(strstr(bm.info, "MPRQ") != NULL,
			    "%s: burst mode \"%s\"", runs[r].devargs, bm.info);
		ret = burst_runs(runs[r].len, &sessions);
		if (ret != MLX5X_TEST_PASS)
			return ret;
		if (strstr(runs[r].devargs, "comp_en=1") != NULL)
			TEST_ASSERT(sessions > 0,
				    "%s: no compressed session read",
				    runs[r].devargs);
		ret = mm_down();
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	return MLX5X_TEST_PASS;
}

/*
 * Egress: frames sent with metadata; an egress rule matching META drops
 * and counts only those whose (masked) value it names. want_lean: the
 * port's Tx burst is the lean one (never eMPW while the field is
 * registered), else the full one.
 */
static int
tx_meta_run(const struct rte_eth_conf *conf, const char *devargs,
	    bool want_lean)
{
	static const struct {
		bool flag;
		uint32_t meta;
		bool dropped;
	} sends[] = {
		{ false, 0, false },	  /* no metadata */
		{ true, 0xcafe, true },	  /* the value */
		{ true, 0x1cafe, true },  /* outside the mask */
		{ true, 0xbeef, false },  /* another value */
		{ false, 0xcafe, false }, /* the value without the flag */
		{ true, 0xcafe, true },	  /* again */
	};
	static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0, 0x45 };
	const struct rte_flow_attr e0 = { .egress = 1 };
	struct rte_flow_item_meta meta = { .data = 0xcafe };
	struct rte_flow_item_meta meta_m = { .data = 0xffff };
	const struct rte_flow_item pat[] = { ITEM(META, &meta, &meta_m),
					     ITEM(ETH, NULL, NULL), END_ITEM };
	const struct rte_flow_action acts[] = { ACT(COUNT, NULL),
						ACT(DROP, NULL), END_ACT };
	const struct rte_flow_action qa = ACT(COUNT, NULL);
	struct rte_flow_query_count qc = { .reset = 0 };
	struct rte_eth_burst_mode bm;
	struct rte_flow_error err;
	unsigned int i, out = 0, want_out = 0;
	uint8_t buf[2048];
	bool left[RTE_DIM(sends)] = { false };
	struct rte_flow *f;
	int ret, len;

	ret = mm_up_conf(NULL, devargs, conf);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(rte_eth_tx_burst_mode_get(pf, 0, &bm), 0, "mode");
	printf("    Tx burst: %s\n", bm.info);
	TEST_ASSERT(strstr(bm.info, "eMPW") == NULL,
		    "metadata registered, yet the Tx burst is \"%s\"", bm.info);
	TEST_ASSERT((strstr(bm.info, "single-segment") != NULL) == want_lean,
		    "Tx burst \"%s\": %s burst expected", bm.info,
		    want_lean ? "the lean" : "the full");
	memset(&err, 0, sizeof(err));
	f = rte_flow_create(pf, &e0, pat, acts, &err);
	TEST_ASSERT(f != NULL,
		    "egress: meta & 0xffff == 0xcafe -> count, drop: %s",
		    err.message ? err.message : "");
	mlx5x_emu_poll();
	while (mlx5x_emu_capture_wire(0, buf, sizeof(buf)) > 0)
		;
	for (i = 0; i < RTE_DIM(sends); i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(e2e_pool());

		TEST_ASSERT(m != NULL, "mbuf");
		e2e_udp_frame(rte_pktmbuf_mtod(m, uint8_t *), 96, peer,
			      pf_mac.addr_bytes, SRC(1), SRC(0x80 + i), 0x3000,
			      0x3000);
		m->data_len = m->pkt_len = 96;
		*RTE_FLOW_DYNF_METADATA(m) = sends[i].meta;
		if (sends[i].flag)
			m->ol_flags |= RTE_MBUF_DYNFLAG_TX_METADATA;
		want_out += !sends[i].dropped;
		TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "sent");
	}
	for (i = 0; i < 8; i++)
		mlx5x_emu_poll();
	while ((len = mlx5x_emu_capture_wire(0, buf, sizeof(buf))) > 0) {
		unsigned int k = buf[14 + 19] - 0x80u;

		out++;
		if (len >= 34 && k < RTE_DIM(sends))
			left[k] = true;
	}
	for (i = 0; i < RTE_DIM(sends); i++)
		TEST_ASSERT(left[i] == !sends[i].dropped,
			    "frame %u (flag %d, metadata 0x%x) %s", i,
			    sends[i].flag, sends[i].meta,
			    left[i] ? "left, yet the rule names its value"
				    : "was dropped");
	TEST_ASSERT_EQ(out, want_out, "frames on the wire");
	TEST_ASSERT_EQ(rte_flow_query(pf, f, &qa, &qc, NULL), 0, "query");
	TEST_ASSERT_EQ(qc.hits, 3u, "the META rule counted its frames");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, NULL), 0, "destroy");
	return mm_down();
}

static int
test_flow_meta_tx_meta_matched_on_egress(void)
{
	struct rte_eth_conf multi;
	int ret;

	META_CASE(test_flow_meta_tx_meta_matched_on_egress);
	ret = tx_meta_run(NULL, NULL, true);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	memset(&multi, 0, sizeof(multi));
	multi.txmode.offloads = RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	return tx_meta_run(&multi, "txq_inline_min=64", false);
}

MLX5X_TEST_SUITE(e2e_flow_meta_mbuf_suite, SUITE, "e2e", mm_setup, mm_teardown,
		 MLX5X_TEST_CASE(test_flow_meta_rx_set_meta_to_mbuf),
		 MLX5X_TEST_CASE(test_flow_meta_rx_compressed),
		 MLX5X_TEST_CASE(test_flow_meta_rx_mprq),
		 MLX5X_TEST_CASE(test_flow_meta_tx_meta_matched_on_egress))
