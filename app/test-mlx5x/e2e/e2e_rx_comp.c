/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CQE compression on the emulated adapter, differentially: the same
 * corpus of frames from the wire (sizes 60..1514, VLAN or not, IPv4/IPv6,
 * TCP/UDP, some with bad IP or L4 checksums, runs of one flow so that the
 * adapter finds sessions), RSS over 4 queues, read with random burst sizes,
 * must give the same mbufs, queue by queue and field by field, with
 * rxq_cqe_comp_en off and with each mini CQE format the adapter offers;
 * and with a format on, the CQs did compress (sessions read) and the burst
 * mode says so. Frames come from the test-side builder (e2e_frame.c).
 * And a full ring whose first session is partly read must take the frames
 * that arrive for the re-posted WQEs (no CQ overrun) and go on receiving.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_cpuflags.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "e2e_frame.h"
#include "mlx5x_emu.h"
#include "mlx5x_rxtx.h"
#include "test.h"

#define NB_Q 4
#define CORPUS 600
#define MAX_FRAME 1514

#define CX6DX_CONFIG                                                           \
	"model=cx6dx,pci=" E2E_PCI ",vfs=4,esw=switchdev,wire=drop,vf_end=drop"

struct rc_frame {
	uint8_t b[MAX_FRAME];
	uint16_t len;
};

static struct rc_frame corpus[CORPUS];
/* The corpus as the wire takes it: corpus_frames[i], corpus_lens[i] bytes. */
static const void *corpus_frames[CORPUS];
static size_t corpus_lens[CORPUS];
static struct e2e_rx_seen ref[NB_Q][CORPUS], got[NB_Q][CORPUS];
static unsigned int ref_n[NB_Q], got_n[NB_Q];
static struct rte_eth_stats ref_st, got_st;

/* A corpus frame: the shared builder (e2e_frame.c) and its length. */
static void
rc_build(struct rc_frame *f, const uint8_t *dst, uint16_t len, bool vlan,
	 bool v6, bool tcp, uint32_t flow, bool bad_ip, bool bad_l4,
	 uint8_t fill)
{
	f->len = len;
	e2e_frame_build(f->b, sizeof(f->b), dst, len, vlan, v6, tcp, flow,
			bad_ip, bad_l4, fill);
}

static void
rc_corpus(const uint8_t *dst)
{
	uint64_t s = 0x2545f4914f6cdd1dull;
	uint32_t flow = 1;
	bool vlan = false, v6 = false, tcp = false;
	unsigned int i;

	for (i = 0; i < CORPUS; i++) {
		/* A new flow now and then; runs of one flow otherwise. */
		if (e2e_rand(&s) % 5 == 0) {
			flow = e2e_rand(&s);
			vlan = e2e_rand(&s) % 3 == 0;
			v6 = e2e_rand(&s) % 2 == 0;
			tcp = e2e_rand(&s) % 2 == 0;
		}
		rc_build(&corpus[i], dst,
			 (uint16_t)(60 + e2e_rand(&s) % (MAX_FRAME - 60 + 1)),
			 vlan, v6, tcp, flow, e2e_rand(&s) % 16 == 0,
			 e2e_rand(&s) % 16 == 0, (uint8_t)e2e_rand(&s));
		corpus_frames[i] = corpus[i].b;
		corpus_lens[i] = corpus[i].len;
	}
}

/* Queue q's i-th packet into seen[q][i] (seen: the run's array). */
static void
rc_keep(const struct rte_mbuf *m, unsigned int q, unsigned int i, void *arg)
{
	struct e2e_rx_seen(*seen)[CORPUS] = arg;

	e2e_rx_seen_take(m, 0, &seen[q][i]);
}

/*
 * One run: attach with devargs, 4 RSS queues, the corpus injected in
 * back-to-back bursts, each read back with random burst sizes before the
 * next. seen[q][] gets queue q's packets in order; *st the port's
 * counters after; *sessions the compressed sessions the queues read; mode
 * the burst mode.
 */
static int
rc_run(const char *config, const char *devargs,
       struct e2e_rx_seen seen[NB_Q][CORPUS], unsigned int *seen_n,
       struct rte_eth_stats *st, uint64_t *sessions, char *mode,
       size_t mode_len)
{
	struct rte_eth_conf conf;
	struct rte_eth_burst_mode bm;
	struct rte_ether_addr mac;
	uint64_t s = 0x1234567887654321ull;
	unsigned int q;
	uint16_t pf;
	int ret;

	TEST_ASSERT_EQ(e2e_attach_config(config, devargs), 0, "attach %s",
		       devargs);
	pf = e2e_port_by_name(E2E_PCI);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_VLAN_STRIP |
			       RTE_ETH_RX_OFFLOAD_CHECKSUM |
			       RTE_ETH_RX_OFFLOAD_RSS_HASH;
	conf.rx_adv_conf.rss_conf.rss_hf =
		RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP;
	TEST_ASSERT_EQ(e2e_port_start(pf, NB_Q, &conf), 0, "port start");
	rte_eth_macaddr_get(pf, &mac);
	rc_corpus(mac.addr_bytes);
	memset(seen_n, 0, NB_Q * sizeof(*seen_n));
	ret = e2e_frame_inject_drain(pf, NB_Q, corpus_frames, corpus_lens,
				     CORPUS, 64, &s, seen_n, CORPUS, rc_keep,
				     seen, devargs);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, st), 0, "%s: stats", devargs);
	*sessions = 0;
	for (q = 0; q < NB_Q; q++) {
		const struct mlx5x_rxq *rxq =
			rte_eth_devices[pf].data->rx_queues[q];

		*sessions += rxq->comp_sessions;
	}
	TEST_ASSERT_EQ(rte_eth_rx_burst_mode_get(pf, 0, &bm), 0, "mode");
	snprintf(mode, mode_len, "%s", bm.info);
	return e2e_detach_check();
}

static int
rc_compare(const char *devargs)
{
	return e2e_rx_seen_compare(devargs, NB_Q, CORPUS, &ref[0][0], ref_n,
				   &ref_st, &got[0][0], got_n, &got_st,
				   "without compression");
}

/* Every mini CQE format the ConnectX-6 Dx model offers. */
static int
test_rx_comp_formats_match_uncompressed(void)
{
	/* Scalar bursts (rx_vec_en=0) and, on an SSE4.2 CPU, the vector
	 * burst (the default), each against the scalar uncompressed run. */
	static const char *const formats[] = {
		"rxq_cqe_comp_en=1,rx_vec_en=0",
		"rxq_cqe_comp_en=2,rx_vec_en=0",
		"rxq_cqe_comp_en=3,rx_vec_en=0",
		"rxq_cqe_comp_en=4,rx_vec_en=0",
		"rxq_cqe_comp_en=0",
		"rxq_cqe_comp_en=1",
		"rxq_cqe_comp_en=2",
		"rxq_cqe_comp_en=3",
		"rxq_cqe_comp_en=4",
	};
	char mode[RTE_ETH_BURST_MODE_INFO_SIZE];
	uint64_t sessions;
	unsigned int f, q, bad_l4 = 0, total = 0;
	int ret;

	E2E_REQUIRE();
	ret = rc_run(CX6DX_CONFIG, "rxq_cqe_comp_en=0,rx_vec_en=0", ref, ref_n,
		     &ref_st, &sessions, mode, sizeof(mode));
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(sessions, 0, "no sessions without compression");
	TEST_ASSERT(strstr(mode, "compression") == NULL,
		    "burst mode %s without compression", mode);
	/* The corpus is what it says: every queue used, bad checksums. */
	for (q = 0; q < NB_Q; q++) {
		TEST_ASSERT(ref_n[q] > 0, "queue %u received nothing", q);
		total += ref_n[q];
		for (f = 0; f < ref_n[q]; f++)
			bad_l4 += !!(ref[q][f].ol_flags &
				     RTE_MBUF_F_RX_L4_CKSUM_BAD);
	}
	TEST_ASSERT_EQ(total, CORPUS, "every frame once");
	TEST_ASSERT_EQ(ref_st.ipackets, CORPUS, "ipackets");
	TEST_ASSERT(bad_l4 > 0, "no bad L4 checksum seen");
	for (f = 0; f < RTE_DIM(formats); f++) {
		ret = rc_run(CX6DX_CONFIG, formats[f], got, got_n, &got_st,
			     &sessions, mode, sizeof(mode));
		if (ret != MLX5X_TEST_PASS)
			return ret;
		printf("    %s: %" PRIu64 " sessions, burst mode \"%s\"\n",
		       formats[f], sessions, mode);
		if (strstr(formats[f], "comp_en=0") == NULL) {
			TEST_ASSERT(sessions > 0,
				    "%s: the CQs compressed nothing",
				    formats[f]);
			TEST_ASSERT(strstr(mode, "CQE compression") != NULL,
				    "%s: burst mode %s", formats[f], mode);
		}
		/* rx_vec_en's default: the SSE4.2 burst where the CPU has
		 * it (the e2e pool lies in one MR). */
		if (strstr(formats[f], "rx_vec_en=0") == NULL &&
		    rte_cpu_get_flag_enabled(RTE_CPUFLAG_SSE4_2) > 0)
			TEST_ASSERT(strncmp(mode, "Vector SSE4.2", 13) == 0,
				    "%s: burst mode %s", formats[f], mode);
		ret = rc_compare(formats[f]);
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	return MLX5X_TEST_PASS;
}

/* A format the adapter does not offer (ConnectX-5: no flow tag mini CQEs)
 * leaves the CQEs uncompressed, the mbufs the same. */
static int
test_rx_comp_format_not_offered(void)
{
	char mode[RTE_ETH_BURST_MODE_INFO_SIZE];
	uint64_t sessions;
	int ret;

	E2E_REQUIRE();
	ret = rc_run(E2E_EMU_CONFIG, "rxq_cqe_comp_en=0", ref, ref_n, &ref_st,
		     &sessions, mode, sizeof(mode));
	if (ret != MLX5X_TEST_PASS)
		return ret;
	ret = rc_run(E2E_EMU_CONFIG, "rxq_cqe_comp_en=2", got, got_n, &got_st,
		     &sessions, mode, sizeof(mode));
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(sessions, 0, "flow tag format on a ConnectX-5");
	TEST_ASSERT(strstr(mode, "compression") == NULL, "burst mode %s", mode);
	return rc_compare("rxq_cqe_comp_en=2 on ConnectX-5");
}

/* run with the scalar compressed burst (rx_vec_en=0), then with the
 * vector one where the CPU has it. */
static int
rc_scalar_then_vector(int (*run)(const char *devargs))
{
	int ret = run("rxq_cqe_comp_en=1,rx_vec_en=0");

	if (ret != MLX5X_TEST_PASS)
		return ret;
	return run("rxq_cqe_comp_en=1");
}

/*
 * A full ring, then the application takes a few packets out of a
 * compressed session and more frames arrive (testpmd io forwarding with
 * as many frames in flight as Rx descriptors). The CQ consumer index stays
 * on the session's title until the session is read, while the WQEs of the
 * packets taken are posted again: the CQ must have room for their
 * completions on top of the full ring's, else it overruns (PRM: the CQ
 * goes to error and completes nothing more) and the queue receives
 * nothing, ever. Every frame must arrive, and the queue must go on.
 */
#define RF_DESC 256
#define RF_TAKE 8
#define RF_MORE 64

static int
rf_inject(const struct rte_ether_addr *mac, unsigned int n, unsigned int *seq)
{
	static uint8_t b[64][128];
	const void *frames[64];
	size_t lens[64];
	unsigned int i;

	for (i = 0; i < n; i++) {
		/* One flow, one length: the adapter compresses the burst. */
		e2e_frame_build(b[i], sizeof(b[i]), mac->addr_bytes, 64, false,
				false, false, 7, false, false,
				(uint8_t)(*seq)++);
		frames[i] = b[i];
		lens[i] = 64;
	}
	return mlx5x_emu_inject_wire_burst(0, frames, lens, n);
}

/* Read queue 0 until it stays empty; the packets read. */
static unsigned int
rf_drain(uint16_t pf, uint16_t max_burst)
{
	unsigned int n_rx = 0, idle = 0;

	while (idle < 1000) {
		struct rte_mbuf *pkts[32];
		uint16_t k;

		mlx5x_emu_poll();
		k = rte_eth_rx_burst(pf, 0, pkts, max_burst);
		idle = k == 0 ? idle + 1 : 0;
		n_rx += k;
		rte_pktmbuf_free_bulk(pkts, k);
	}
	return n_rx;
}

static int
rf_run(const char *devargs)
{
	struct rte_mbuf *pkts[RF_TAKE];
	struct rte_eth_burst_mode bm;
	struct rte_ether_addr mac;
	struct rte_eth_stats st;
	unsigned int seq = 0, n_rx, i;
	uint16_t pf, k;

	TEST_ASSERT_EQ(e2e_attach_config(E2E_EMU_CONFIG, devargs), 0,
		       "attach %s", devargs);
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, NULL), 0, "port start");
	TEST_ASSERT_EQ(rte_eth_rx_burst_mode_get(pf, 0, &bm), 0, "mode");
	TEST_ASSERT(strstr(bm.info, "CQE compression") != NULL,
		    "%s: burst mode %s", devargs, bm.info);
	rte_eth_macaddr_get(pf, &mac);
	/* Every descriptor completed, in sessions of up to 64. */
	for (i = 0; i < RF_DESC / 64; i++)
		TEST_ASSERT_EQ(rf_inject(&mac, 64, &seq), 0, "inject");
	/* A few packets out of the first session: their WQEs go back. */
	k = rte_eth_rx_burst(pf, 0, pkts, RF_TAKE);
	TEST_ASSERT_EQ(k, RF_TAKE, "%s: first packets of the full ring",
		       devargs);
	rte_pktmbuf_free_bulk(pkts, k);
	n_rx = k;
	/* Frames for those WQEs while the session is still being read. */
	TEST_ASSERT_EQ(rf_inject(&mac, RF_TAKE, &seq), 0, "inject");
	n_rx += rf_drain(pf, 32);
	TEST_ASSERT_EQ(n_rx, RF_DESC + RF_TAKE,
		       "%s: every frame of the full ring and the %u after it",
		       devargs, RF_TAKE);
	/* The queue goes on. */
	TEST_ASSERT_EQ(rf_inject(&mac, RF_MORE, &seq), 0, "inject");
	n_rx += rf_drain(pf, 32);
	TEST_ASSERT_EQ(n_rx, seq, "%s: the queue receives after that", devargs);
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT_EQ(st.ipackets, seq, "%s: ipackets", devargs);
	TEST_ASSERT_EQ(st.imissed + st.ierrors + st.rx_nombuf, 0,
		       "%s: nothing missed, no errors", devargs);
	return e2e_detach_check();
}

static int
test_rx_comp_ring_refilled_mid_session(void)
{
	E2E_REQUIRE();
	return rc_scalar_then_vector(rf_run);
}

/*
 * A read session's slots must be software's again before the next lap.
 * The adapter writes a session's title and its mini CQE arrays, and the
 * array slots hold mini CQEs, not CQEs: their last byte sits where a CQE
 * has op_own. The frames here are 289 bytes long, so every full array
 * ends in 0x21 (byte count's low byte): a responder send with owner bit
 * 1, which is what a fresh CQE of the CQ's second lap looks like. The CQ
 * of a compressing queue has twice its descriptors (mlx5x.rst); after one
 * session of 16 at its start, a lap of 60-byte frames and one frame more,
 * the consumer waits on the first session's array slot in lap two, which
 * the adapter has not written: the application must get exactly what was
 * sent, no packet made of a stale array.
 */
#define SL_DESC 64
#define SL_CQ (2 * SL_DESC)
#define SL_FIRST 16

static int
sl_inject(const struct rte_ether_addr *mac, unsigned int n, uint16_t len,
	  unsigned int *seq)
{
	static uint8_t b[64][320];
	const void *frames[64];
	size_t lens[64];
	unsigned int i;

	for (i = 0; i < n; i++) {
		e2e_frame_build(b[i], sizeof(b[i]), mac->addr_bytes, len, false,
				false, false, 9, false, false,
				(uint8_t)(*seq)++);
		frames[i] = b[i];
		lens[i] = len;
	}
	return mlx5x_emu_inject_wire_burst(0, frames, lens, n);
}

/* The PF up with devargs, one Rx queue of SL_DESC mbufs of mp, on a
 * compressing CQ unless devargs say rxq_cqe_comp_en=0. */
static int
sl_port_up(const char *devargs, struct rte_mempool *mp, uint16_t *pfp,
	   struct rte_ether_addr *mac)
{
	struct rte_eth_burst_mode bm;
	uint16_t pf;

	TEST_ASSERT_EQ(e2e_attach_config(E2E_EMU_CONFIG, devargs), 0,
		       "attach %s", devargs);
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT_EQ(rte_eth_dev_configure(pf, 1, 1,
					     &(struct rte_eth_conf){ 0 }),
		       0, "configure");
	TEST_ASSERT_EQ(rte_eth_rx_queue_setup(pf, 0, SL_DESC, 0, NULL, mp), 0,
		       "%s: Rx queue of %u", devargs, SL_DESC);
	TEST_ASSERT_EQ(rte_eth_tx_queue_setup(pf, 0, 64, 0, NULL), 0, "Tx");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	TEST_ASSERT_EQ(rte_eth_rx_burst_mode_get(pf, 0, &bm), 0, "mode");
	TEST_ASSERT_EQ(strstr(bm.info, "CQE compression") != NULL,
		       strstr(devargs, "rxq_cqe_comp_en=0") == NULL,
		       "%s: burst mode %s", devargs, bm.info);
	rte_eth_macaddr_get(pf, mac);
	*pfp = pf;
	return MLX5X_TEST_PASS;
}

static int
sl_run(const char *devargs)
{
	struct rte_ether_addr mac;
	struct rte_eth_stats st;
	unsigned int seq = 0, n_rx = 0, left;
	uint16_t pf;

	if (sl_port_up(devargs, e2e_pool(), &pf, &mac) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	/* One session of 16 at the CQ's first slot (arrays end in 0x21). */
	TEST_ASSERT_EQ(sl_inject(&mac, SL_FIRST, 289, &seq), 0, "inject");
	n_rx += rf_drain(pf, 32);
	TEST_ASSERT_EQ(n_rx, SL_FIRST, "%s: the first session", devargs);
	/* The rest of the lap and one more: the consumer then waits on the
	 * first session's first array slot, one lap later. */
	for (left = SL_CQ - SL_FIRST + 1; left > 0;) {
		unsigned int k = left > 56 ? 56 : left;

		TEST_ASSERT_EQ(sl_inject(&mac, k, 60, &seq), 0, "inject");
		left -= k;
		n_rx += rf_drain(pf, 32);
		TEST_ASSERT_EQ(n_rx, seq, "%s: %u sent, %u received", devargs,
			       seq, n_rx);
	}
	/* And the queue goes on from there. */
	TEST_ASSERT_EQ(sl_inject(&mac, 8, 60, &seq), 0, "inject");
	n_rx += rf_drain(pf, 32);
	TEST_ASSERT_EQ(n_rx, seq, "%s: %u sent, %u received", devargs, seq,
		       n_rx);
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT_EQ(st.ipackets, seq, "%s: ipackets", devargs);
	TEST_ASSERT_EQ(st.ierrors, 0, "%s: no errors", devargs);
	return e2e_detach_check();
}

static int
test_rx_comp_stale_arrays_not_read_next_lap(void)
{
	E2E_REQUIRE();
	return rc_scalar_then_vector(sl_run);
}

/*
 * The slots between a session's arrays (T + 2..T + 7, T + 9..T + 15) the
 * adapter does not write: they keep what the lap before last left there.
 * Lap 0 here is plain CQEs in every slot (one frame per burst: nothing to
 * compress), lap 1 opens with a session of 16 over slots 0..15 and goes
 * on with plain CQEs; in lap 2, whose owner bit is lap 0's, the consumer
 * waits on slots 1..15 in turn (one frame at a time). A slot the driver
 * left as it was after reading the session holds a plain CQE of lap 0
 * that looks fresh: the application must get exactly what was sent.
 * Read in bursts of 32 (the session in one call) and of 4 (the session
 * across calls).
 */
static int
gs_one_by_one(uint16_t pf, const struct rte_ether_addr *mac, unsigned int n,
	      uint16_t burst, unsigned int *seq, unsigned int *n_rx,
	      const char *what)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		TEST_ASSERT_EQ(sl_inject(mac, 1, 60, seq), 0, "inject");
		*n_rx += rf_drain(pf, burst);
		TEST_ASSERT_EQ(*n_rx, *seq,
			       "%s, burst %u: %u sent, %u received (frame %u)",
			       what, burst, *seq, *n_rx, i);
	}
	return MLX5X_TEST_PASS;
}

static int
gs_run(const char *devargs, uint16_t burst)
{
	struct rte_ether_addr mac;
	struct rte_eth_stats st;
	unsigned int seq = 0, n_rx = 0;
	uint16_t pf;
	int ret;

	if (sl_port_up(devargs, e2e_pool(), &pf, &mac) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	ret = gs_one_by_one(pf, &mac, SL_CQ, burst, &seq, &n_rx,
			    "lap 0, plain");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(sl_inject(&mac, SL_FIRST, 60, &seq), 0, "inject");
	n_rx += rf_drain(pf, burst);
	TEST_ASSERT_EQ(n_rx, seq, "%s, burst %u: the session of lap 1", devargs,
		       burst);
	ret = gs_one_by_one(pf, &mac, SL_CQ - SL_FIRST, burst, &seq, &n_rx,
			    "lap 1, plain");
	if (ret == MLX5X_TEST_PASS)
		ret = gs_one_by_one(pf, &mac, SL_FIRST, burst, &seq, &n_rx,
				    "lap 2, over the session's slots");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT_EQ(st.ipackets, seq, "%s: ipackets", devargs);
	TEST_ASSERT_EQ(st.ierrors, 0, "%s: no errors", devargs);
	return e2e_detach_check();
}

static int
test_rx_comp_gap_slots_not_read_next_lap(void)
{
	static const char *const devargs[] = {
		"rxq_cqe_comp_en=1,rx_vec_en=0",
		"rxq_cqe_comp_en=1",
	};
	static const uint16_t bursts[] = { 32, 4 };
	unsigned int d, b;
	int ret;

	E2E_REQUIRE();
	for (d = 0; d < RTE_DIM(devargs); d++)
		for (b = 0; b < RTE_DIM(bursts); b++) {
			ret = gs_run(devargs[d], bursts[b]);
			if (ret != MLX5X_TEST_PASS)
				return ret;
		}
	return MLX5X_TEST_PASS;
}

/*
 * The same over many laps, with bursts of random sizes (lone CQEs and
 * sessions of 2..56) so that the consumer comes to rest on every kind of
 * slot a lap earlier held: a plain CQE, a title, an array (ending in a
 * byte that looks like a CQE of either lap parity: 288 or 289 bytes) or a
 * slot a session left unwritten. Each burst must arrive whole, and not a
 * packet more.
 */
#define SW_FRAMES (40 * SL_CQ)

/* Read queue 0 until n packets came or it stayed empty a while, then a
 * few more polls; the packets read. */
static unsigned int
sw_drain(uint16_t pf, unsigned int n, unsigned int first, unsigned int *bad)
{
	unsigned int n_rx = 0, idle = 0, extra = 0;

	while (idle < 1000 && extra < 4) {
		struct rte_mbuf *pkts[32];
		uint16_t k, j;

		mlx5x_emu_poll();
		k = rte_eth_rx_burst(pf, 0, pkts, 32);
		idle = k == 0 ? idle + 1 : 0;
		/* Each in its own buffer: sl_inject's frame s has UDP payload
		 * byte 0 (frame byte 42) s + 8. */
		for (j = 0; j < k; j++)
			if (rte_pktmbuf_mtod(pkts[j], const uint8_t *)[42] !=
			    (uint8_t)(first + n_rx + j + 8))
				(*bad)++;
		n_rx += k;
		rte_pktmbuf_free_bulk(pkts, k);
		if (n_rx >= n)
			extra++;
	}
	return n_rx;
}

static int
sw_run(const char *devargs)
{
	static const uint8_t sizes[] = { 1, 1, 1, 2, 3, 5, 8, 8, 9, 11, 16, 56 };
	uint64_t rnd = 0x9e3779b97f4a7c15ull;
	struct rte_ether_addr mac;
	struct rte_eth_stats st;
	unsigned int seq = 0, n_rx = 0, bad = 0;
	uint16_t pf;

	if (sl_port_up(devargs, e2e_pool(), &pf, &mac) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	while (seq < SW_FRAMES) {
		uint32_t r = e2e_rand(&rnd);
		unsigned int k = sizes[r % sizeof(sizes)], n_got;

		TEST_ASSERT_EQ(sl_inject(&mac, k, (r >> 8) & 1 ? 289 : 288,
					 &seq),
			       0, "inject");
		n_got = sw_drain(pf, k, seq - k, &bad);
		n_rx += n_got;
		TEST_ASSERT_EQ(n_got, k, "%s: a burst of %u after %u frames",
			       devargs, k, seq - k);
	}
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT_EQ(st.ipackets, seq, "%s: ipackets", devargs);
	TEST_ASSERT_EQ(n_rx, seq, "%s: received", devargs);
	TEST_ASSERT_EQ(bad, 0u, "%s: packets not their frame's payload",
		       devargs);
	TEST_ASSERT_EQ(st.ierrors, 0, "%s: no errors", devargs);
	return e2e_detach_check();
}

static int
test_rx_comp_laps_of_random_bursts(void)
{
	E2E_REQUIRE();
	return rc_scalar_then_vector(sw_run);
}

/*
 * Several sessions wait in the CQ for one burst (testpmd's io forwarding:
 * the frames of several of the adapter's passes for one poll): a burst
 * of 32 takes what is there up to 32, session after session, in order,
 * also where a session or the burst meets the RQ's or the CQ's ring end
 * and with lone CQEs between sessions, lap after lap.
 */
#define MS_ROUNDS (12 * SL_CQ / 32)

static int
ms_run(const char *devargs)
{
	/* Frames per injection (each one session, or a lone CQE), a round
	 * of up to five injections before one burst: 20, 32, 40 and 27
	 * frames, so bursts and sessions meet the ring ends anywhere. */
	static const uint8_t rounds[][5] = {
		{ 3, 5, 12, 0, 0 },
		{ 1, 7, 2, 6, 16 },
		{ 12, 1, 1, 10, 16 },
		{ 26, 1, 0, 0, 0 },
	};
	static uint16_t len[MS_ROUNDS * 40];
	struct rte_ether_addr mac;
	struct rte_eth_stats st;
	unsigned int seq = 0, n_rx = 0, pending = 0, r, i, j;
	uint16_t pf;

	if (sl_port_up(devargs, e2e_pool(), &pf, &mac) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	for (r = 0; r < MS_ROUNDS; r++) {
		const uint8_t *g = rounds[r % RTE_DIM(rounds)];
		struct rte_mbuf *pkts[32];
		uint16_t k, want;

		for (i = 0; i < 5 && g[i] != 0; i++) {
			/* Two lengths, by injection: the arrays end in bytes
			 * of either lap parity. */
			for (j = 0; j < g[i]; j++)
				len[seq + j] = (uint16_t)(288 + ((r + i) & 1));
			TEST_ASSERT_EQ(sl_inject(&mac, g[i], len[seq], &seq), 0,
				       "inject");
			pending += g[i];
		}
		mlx5x_emu_poll();
		want = (uint16_t)RTE_MIN(pending, 32u);
		k = rte_eth_rx_burst(pf, 0, pkts, 32);
		TEST_ASSERT_EQ(k, want, "%s: round %u: one burst of %u waiting",
			       devargs, r, pending);
		for (j = 0; j < k; j++) {
			/* sl_inject's frame s: UDP payload byte 0 (frame
			 * byte 42) s + 8. */
			TEST_ASSERT_EQ(rte_pktmbuf_mtod(pkts[j],
							const uint8_t *)[42],
				       (uint8_t)(n_rx + j + 8),
				       "%s: round %u, packet %u not frame %u",
				       devargs, r, j, n_rx + j);
			TEST_ASSERT_EQ(pkts[j]->pkt_len, len[n_rx + j],
				       "%s: round %u, packet %u length",
				       devargs, r, j);
		}
		rte_pktmbuf_free_bulk(pkts, k);
		n_rx += k;
		pending -= k;
	}
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT_EQ(st.ipackets, n_rx, "%s: ipackets", devargs);
	TEST_ASSERT_EQ(st.ierrors + st.imissed + st.rx_nombuf, 0,
		       "%s: nothing missed, no errors", devargs);
	/* The injections of more than one frame were sessions. */
	TEST_ASSERT(((const struct mlx5x_rxq *)rte_eth_devices[pf]
			     .data->rx_queues[0])
				    ->comp_sessions >= MS_ROUNDS,
		    "%s: sessions read", devargs);
	return e2e_detach_check();
}

static int
test_rx_comp_sessions_in_one_burst(void)
{
	E2E_REQUIRE();
	return rc_scalar_then_vector(ms_run);
}

/*
 * The L3/L4 header mini CQE format carries each packet's header-type
 * byte, VLAN-stripped bit included; the title is the first packet's. A
 * frame with a priority tag (VLAN 0, stripped) then untagged frames of
 * the same flow share a session (the title's VLAN field is 0 for all):
 * only the first packet says its tag was stripped. On ConnectX-6 Dx,
 * the one model offering the format, scalar and vector.
 */
static int
hs_run(const char *devargs)
{
	static uint8_t b[8][128];
	struct rte_eth_conf conf;
	struct rte_ether_addr mac;
	struct rte_eth_burst_mode bm;
	struct rte_mbuf *m[8];
	const void *frames[8];
	size_t lens[8];
	unsigned int i, n_rx = 0, tries;
	uint16_t pf;

	TEST_ASSERT_EQ(e2e_attach_config(CX6DX_CONFIG, devargs), 0, "attach %s",
		       devargs);
	pf = e2e_port_by_name(E2E_PCI);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_VLAN_STRIP;
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, &conf), 0, "start");
	TEST_ASSERT_EQ(rte_eth_rx_burst_mode_get(pf, 0, &bm), 0, "mode");
	TEST_ASSERT(strstr(bm.info, "CQE compression") != NULL,
		    "%s: burst mode %s", devargs, bm.info);
	rte_eth_macaddr_get(pf, &mac);
	for (i = 0; i < 8; i++) {
		lens[i] = i == 0 ? 104 : 100;
		e2e_frame_build(b[i], sizeof(b[i]), mac.addr_bytes,
				(uint16_t)lens[i], i == 0, false, false, 0x1000,
				false, false, 5);
		frames[i] = b[i];
	}
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire_burst(0, frames, lens, 8), 0,
		       "inject");
	for (tries = 0; tries < 1000 && n_rx < 8; tries++) {
		mlx5x_emu_poll();
		n_rx += rte_eth_rx_burst(pf, 0, m + n_rx, (uint16_t)(8 - n_rx));
	}
	TEST_ASSERT_EQ(n_rx, 8, "%s: all 8", devargs);
	for (i = 0; i < 8; i++) {
		uint64_t f = m[i]->ol_flags &
			     (RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED);

		TEST_ASSERT_EQ(m[i]->pkt_len, 100, "%s: packet %u length",
			       devargs, i);
		TEST_ASSERT_EQ(f,
			       i == 0 ? RTE_MBUF_F_RX_VLAN |
						RTE_MBUF_F_RX_VLAN_STRIPPED
				      : 0,
			       "%s: packet %u VLAN flags", devargs, i);
	}
	rte_pktmbuf_free_bulk(m, 8);
	return e2e_detach_check();
}

static int
test_rx_comp_header_format_per_packet_vlan(void)
{
	int ret;

	E2E_REQUIRE();
	ret = hs_run("rxq_cqe_comp_en=4,rx_vec_en=0");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	return hs_run("rxq_cqe_comp_en=4");
}

/*
 * The application holds every mbuf of the queue's pool: frames that
 * complete then have no replacement, so they are dropped and counted
 * (rx_nombuf), their buffers stay posted, and none is handed up half
 * made. Once the application frees what it held, the queue receives
 * again, every mbuf back in the pool after. The frames of one flow
 * arrive as one compressed session where the CQ compresses; the Multi-
 * Packet Rx queue copies them into mbufs of the same pool.
 */
#define PE_POOL (SL_DESC + 40)
#define PE_MORE 16

/* n frames of 64 bytes, one flow, payloads from *seq on, into f[]. */
static int
pe_inject(const struct rte_ether_addr *mac, uint8_t (*f)[64], unsigned int n,
	  unsigned int *seq)
{
	const void *frames[PE_POOL];
	size_t lens[PE_POOL];
	unsigned int i;

	for (i = 0; i < n; i++) {
		e2e_frame_build(f[i], 64, mac->addr_bytes, 64, false, false,
				false, 11, false, false, (uint8_t)(*seq)++);
		frames[i] = f[i];
		lens[i] = 64;
	}
	return mlx5x_emu_inject_wire_burst(0, frames, lens, n);
}

static int
pe_run(const char *devargs, struct rte_mempool *mp)
{
	static struct rte_mbuf *held[PE_POOL];
	static uint8_t f[PE_POOL][64];
	struct rte_mbuf *m[32];
	struct rte_ether_addr mac;
	struct rte_eth_stats st;
	unsigned int seq = 0, avail, nb_held = 0, i, k, bad = 0;
	uint16_t pf;

	if (sl_port_up(devargs, mp, &pf, &mac) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	/* The pool's every free mbuf taken as a replacement: one packet
	 * read at a time and held. */
	avail = rte_mempool_avail_count(mp);
	TEST_ASSERT(avail > 0 && avail <= PE_POOL, "%s: %u mbufs free", devargs,
		    avail);
	while (nb_held < avail) {
		unsigned int n = RTE_MIN(avail - nb_held, 32u);

		TEST_ASSERT_EQ(pe_inject(&mac, f, n, &seq), 0, "inject");
		for (i = 0; i < n; i++)
			TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, &held[nb_held++], 1),
				       1, "%s: frame %u", devargs, nb_held - 1);
	}
	TEST_ASSERT_EQ(rte_mempool_avail_count(mp), 0, "%s: pool empty",
		       devargs);
	/* No mbuf to replace them: dropped, each counted once. */
	TEST_ASSERT_EQ(pe_inject(&mac, f, PE_MORE, &seq), 0, "inject");
	for (i = 0; i < 100; i++) {
		mlx5x_emu_poll();
		TEST_ASSERT_EQ(rte_eth_rx_burst(pf, 0, m, RTE_DIM(m)), 0,
			       "%s: a packet without a replacement handed up",
			       devargs);
	}
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT(st.rx_nombuf == PE_MORE && st.ipackets == avail &&
			    st.ierrors == 0,
		    "%s: %" PRIu64 " nombuf %" PRIu64 " packets %" PRIu64
		    " errors, want %u, %u, 0",
		    devargs, st.rx_nombuf, st.ipackets, st.ierrors, PE_MORE,
		    avail);
	rte_pktmbuf_free_bulk(held, nb_held);
	/* The mbufs back: the queue receives again, frames intact. */
	TEST_ASSERT_EQ(pe_inject(&mac, f, PE_MORE, &seq), 0, "inject");
	k = e2e_rx_wait(pf, 0, m, PE_MORE);
	TEST_ASSERT_EQ(k, PE_MORE, "%s: frames after the mbufs came back",
		       devargs);
	for (i = 0; i < k; i++)
		bad += m[i]->pkt_len != 64 ||
		       memcmp(rte_pktmbuf_mtod(m[i], void *), f[i], 64) != 0;
	rte_pktmbuf_free_bulk(m, k);
	TEST_ASSERT_EQ(bad, 0, "%s: frames intact", devargs);
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT(st.rx_nombuf == PE_MORE && st.ipackets == avail + PE_MORE,
		    "%s: %" PRIu64 " nombuf %" PRIu64 " packets after", devargs,
		    st.rx_nombuf, st.ipackets);
	TEST_ASSERT_EQ(rte_mempool_avail_count(mp), avail,
		       "%s: every mbuf back in the pool", devargs);
	return e2e_detach_check();
}

static int
test_rx_comp_pool_empty_drops_counted(void)
{
	static const char *const devargs[] = {
		"rxq_cqe_comp_en=0,rx_vec_en=0",
		"rxq_cqe_comp_en=1,rx_vec_en=0",
		"rxq_cqe_comp_en=3,rx_vec_en=0",
		"mprq_en=1,rxq_cqe_comp_en=0",
		"mprq_en=1,rxq_cqe_comp_en=1",
	};
	struct rte_mempool *mp;
	unsigned int d;
	int ret = MLX5X_TEST_PASS;

	E2E_REQUIRE();
	/* No per-lcore cache: the pool's count is every free mbuf. */
	mp = rte_pktmbuf_pool_create("rc_pool_empty", PE_POOL, 0, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	TEST_ASSERT(mp != NULL, "pool");
	for (d = 0; d < RTE_DIM(devargs) && ret == MLX5X_TEST_PASS; d++)
		ret = pe_run(devargs[d], mp);
	if (ret != MLX5X_TEST_PASS)
		e2e_detach();
	rte_mempool_free(mp);
	return ret;
}

static int
rc_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
rc_teardown(void)
{
	e2e_detach();
}

MLX5X_TEST_SUITE(e2e_rx_comp_suite, "e2e_rx_comp", "e2e", rc_setup, rc_teardown,
		 MLX5X_TEST_CASE(test_rx_comp_formats_match_uncompressed),
		 MLX5X_TEST_CASE(test_rx_comp_format_not_offered),
		 MLX5X_TEST_CASE(test_rx_comp_ring_refilled_mid_session),
		 MLX5X_TEST_CASE(test_rx_comp_stale_arrays_not_read_next_lap),
		 MLX5X_TEST_CASE(test_rx_comp_gap_slots_not_read_next_lap),
		 MLX5X_TEST_CASE(test_rx_comp_laps_of_random_bursts),
		 MLX5X_TEST_CASE(test_rx_comp_sessions_in_one_burst),
		 MLX5X_TEST_CASE(test_rx_comp_header_format_per_packet_vlan),
		 MLX5X_TEST_CASE(test_rx_comp_pool_empty_drops_counted))
