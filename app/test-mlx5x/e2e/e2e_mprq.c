/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Multi-Packet Rx queues (mprq_en=1) on the emulated adapter: the same
 * corpus of frames from the wire (sizes 60..9000, VLAN or not, IPv4/IPv6,
 * TCP/UDP, some with bad IP or L4 checksums, runs of one flow), RSS over 4
 * queues, read with random burst sizes, must give the same mbufs, queue by
 * queue and field by field (less the external-buffer flag), and the same
 * bytes as the scalar cyclic burst; with strides small enough that the
 * ring of WQEs wraps, with and without CQE compression, with every packet
 * copied or every packet attached. Mbufs the application holds keep their
 * bytes while the ring wraps, and their buffers come back to the queue only
 * when they are freed. Frames come from the test-side builder (e2e_frame.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "e2e_frame.h"
#include "mlx5x.h"
#include "mlx5x_emu.h"
#include "mlx5x_rxtx.h"
#include "test.h"

#define NB_Q 4
#define CORPUS 1200
#define MAX_FRAME 9000
#define MTU 9000
#define BIG_ROOM (RTE_PKTMBUF_HEADROOM + 9216)

#define CX6DX_CONFIG                                                           \
	"model=cx6dx,pci=" E2E_PCI ",vfs=4,esw=switchdev,wire=drop,vf_end=drop"

struct mq_frame {
	uint8_t b[MAX_FRAME];
	uint16_t len;
};

/* What one run's queues did. */
struct mq_counts {
	uint64_t attached, copied, fillers, sessions;
	char mode[RTE_ETH_BURST_MODE_INFO_SIZE];
};

static struct mq_frame corpus[CORPUS];
/* The corpus as the wire takes it: corpus_frames[i], corpus_lens[i] bytes. */
static const void *corpus_frames[CORPUS];
static size_t corpus_lens[CORPUS];
static struct e2e_rx_seen ref[NB_Q][CORPUS], got[NB_Q][CORPUS];
static unsigned int ref_n[NB_Q], got_n[NB_Q];
static struct rte_eth_stats ref_st, got_st;
/* Mbufs of MAX_FRAME data room: the cyclic reference needs no scatter. */
static struct rte_mempool *big_mp;

/* A corpus frame: the shared builder (e2e_frame.c) and its length. */
static void
mq_build(struct mq_frame *f, const uint8_t *dst, uint16_t len, bool vlan,
	 bool v6, bool tcp, uint32_t flow, bool bad_ip, bool bad_l4,
	 uint8_t fill)
{
	f->len = len;
	e2e_frame_build(f->b, sizeof(f->b), dst, len, vlan, v6, tcp, flow,
			bad_ip, bad_l4, fill);
}

static void
mq_corpus(const uint8_t *dst, unsigned int n, uint16_t min, uint16_t max)
{
	uint64_t s = 0x2545f4914f6cdd1dull;
	uint32_t flow = 1;
	bool vlan = false, v6 = false, tcp = false;
	unsigned int i;

	for (i = 0; i < n; i++) {
		/* A new flow now and then; runs of one flow otherwise. */
		if (e2e_rand(&s) % 5 == 0) {
			flow = e2e_rand(&s);
			vlan = e2e_rand(&s) % 3 == 0;
			v6 = e2e_rand(&s) % 2 == 0;
			tcp = e2e_rand(&s) % 2 == 0;
		}
		/* Half short (the copy path), half anything. */
		mq_build(&corpus[i], dst,
			 (uint16_t)(e2e_rand(&s) % 2 == 0
					    ? min + e2e_rand(&s) % (200 - min)
					    : min + e2e_rand(&s) %
							      (max - min + 1)),
			 vlan, v6, tcp, flow, e2e_rand(&s) % 16 == 0,
			 e2e_rand(&s) % 16 == 0, (uint8_t)e2e_rand(&s));
		corpus_frames[i] = corpus[i].b;
		corpus_lens[i] = corpus[i].len;
	}
}

static int
mq_port_start(uint16_t pf, uint16_t nb_q, uint16_t desc)
{
	struct rte_eth_conf conf;
	uint16_t q;
	int ret;

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mtu = MTU;
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_VLAN_STRIP |
			       RTE_ETH_RX_OFFLOAD_CHECKSUM |
			       RTE_ETH_RX_OFFLOAD_RSS_HASH;
	conf.rx_adv_conf.rss_conf.rss_hf =
		RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP;
	ret = rte_eth_dev_configure(pf, nb_q, 1, &conf);
	if (ret < 0)
		return ret;
	for (q = 0; q < nb_q; q++) {
		ret = rte_eth_rx_queue_setup(pf, q, desc, SOCKET_ID_ANY, NULL,
					     big_mp);
		if (ret < 0)
			return ret;
	}
	ret = rte_eth_tx_queue_setup(pf, 0, 256, SOCKET_ID_ANY, NULL);
	if (ret < 0)
		return ret;
	return rte_eth_dev_start(pf);
}

/* The smallest strides, 512 of 64 bytes (32 KiB WQEs: 4 of them, 8
 * buffers for a queue of 64 descriptors), without and with CQE
 * compression. */
static const char *const mq_small[] = {
	"mprq_en=1,mprq_log_stride_size=6,rxq_cqe_comp_en=0",
	"mprq_en=1,mprq_log_stride_size=6,rxq_cqe_comp_en=1",
};

/* Attach with devargs and start one queue of 64 descriptors: the port in
 * *pf, its queue in *rxq. */
static int
mq_up_one(const char *devargs, uint16_t *pf, struct mlx5x_rxq **rxq)
{
	int ret;

	TEST_ASSERT_EQ(e2e_attach_config(E2E_EMU_CONFIG, devargs), 0,
		       "attach %s", devargs);
	*pf = e2e_port_by_name(E2E_PCI);
	ret = mq_port_start(*pf, 1, 64);
	TEST_ASSERT_EQ(ret, 0, "%s: port start: %s", devargs, strerror(-ret));
	*rxq = rte_eth_devices[*pf].data->rx_queues[0];
	return MLX5X_TEST_PASS;
}

static void
mq_counts_read(uint16_t pf, uint16_t nb_q, struct mq_counts *c)
{
	struct rte_eth_burst_mode bm;
	uint16_t q;

	memset(c, 0, sizeof(*c));
	for (q = 0; q < nb_q; q++) {
		const struct mlx5x_rxq *rxq =
			rte_eth_devices[pf].data->rx_queues[q];

		c->attached += rxq->mprq_attached;
		c->copied += rxq->stats.packets - rxq->mprq_attached;
		c->fillers += rxq->mprq_fillers;
		c->sessions += rxq->comp_sessions;
	}
	if (rte_eth_rx_burst_mode_get(pf, 0, &bm) == 0)
		snprintf(c->mode, sizeof(c->mode), "%s", bm.info);
}

/* Queue q's i-th packet into seen[q][i] (seen: the run's array). */
static void
mq_keep(const struct rte_mbuf *m, unsigned int q, unsigned int i, void *arg)
{
	struct e2e_rx_seen(*seen)[CORPUS] = arg;

	e2e_rx_seen_take(m, RTE_MBUF_F_EXTERNAL, &seen[q][i]);
}

/*
 * One run: attach with devargs, 4 RSS queues, the corpus injected in
 * back-to-back bursts, each read back with random burst sizes before the
 * next. seen[q][] gets queue q's packets in order; *st the port's
 * counters after; counts what the queues did.
 */
static int
mq_run(const char *config, const char *devargs,
       struct e2e_rx_seen seen[NB_Q][CORPUS], unsigned int *seen_n,
       struct rte_eth_stats *st, struct mq_counts *counts)
{
	struct rte_ether_addr mac;
	uint64_t s = 0x1234567887654321ull;
	uint16_t pf;
	int ret;

	TEST_ASSERT_EQ(e2e_attach_config(config, devargs), 0, "attach %s",
		       devargs);
	pf = e2e_port_by_name(E2E_PCI);
	ret = mq_port_start(pf, NB_Q, 256);
	TEST_ASSERT_EQ(ret, 0, "%s: port start: %s", devargs, strerror(-ret));
	rte_eth_macaddr_get(pf, &mac);
	mq_corpus(mac.addr_bytes, CORPUS, 60, MAX_FRAME);
	memset(seen_n, 0, NB_Q * sizeof(*seen_n));
	/* At most 8 frames a burst: 72 KB when all are 9000 bytes for one
	 * queue, within 4 WQEs of the smallest strides. */
	ret = e2e_frame_inject_drain(pf, NB_Q, corpus_frames, corpus_lens,
				     CORPUS, 8, &s, seen_n, CORPUS, mq_keep,
				     seen, devargs);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, st), 0, "%s: stats", devargs);
	mq_counts_read(pf, NB_Q, counts);
	return e2e_detach_check();
}

static int
mq_compare(const char *devargs)
{
	return e2e_rx_seen_compare(devargs, NB_Q, CORPUS, &ref[0][0], ref_n,
				   &ref_st, &got[0][0], got_n, &got_st,
				   "the cyclic burst");
}

struct mq_variant {
	const char *devargs;
	bool comp;     /* the CQs compress */
	bool wraps;    /* strides few enough that the WQE ring wraps */
	bool copies;   /* some packets copied */
	bool attaches; /* some packets attached */
};

static int
mq_variants(const char *config, const struct mq_variant *v, unsigned int nb)
{
	struct mq_counts c;
	unsigned int f, q, bad_l4 = 0, vlan = 0, total = 0;
	int ret;

	ret = mq_run(config, "mprq_en=0,rx_vec_en=0,rxq_cqe_comp_en=0", ref,
		     ref_n, &ref_st, &c);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT(strstr(c.mode, "MPRQ") == NULL, "cyclic burst mode %s",
		    c.mode);
	/* The corpus is what it says: every queue used, bad checksums,
	 * stripped tags, one segment per frame. */
	for (q = 0; q < NB_Q; q++) {
		TEST_ASSERT(ref_n[q] > 0, "queue %u received nothing", q);
		total += ref_n[q];
		for (f = 0; f < ref_n[q]; f++) {
			bad_l4 += !!(ref[q][f].ol_flags &
				     RTE_MBUF_F_RX_L4_CKSUM_BAD);
			vlan += !!(ref[q][f].ol_flags &
				   RTE_MBUF_F_RX_VLAN_STRIPPED);
			TEST_ASSERT_EQ(ref[q][f].nb_segs, 1, "one segment");
		}
	}
	TEST_ASSERT_EQ(total, CORPUS, "every frame once");
	TEST_ASSERT_EQ(ref_st.ipackets, CORPUS, "ipackets");
	TEST_ASSERT(bad_l4 > 0 && vlan > 0, "bad L4 %u, VLAN %u", bad_l4, vlan);
	for (f = 0; f < nb; f++) {
		ret = mq_run(config, v[f].devargs, got, got_n, &got_st, &c);
		if (ret != MLX5X_TEST_PASS)
			return ret;
		printf("    %s: %" PRIu64 " copied, %" PRIu64
		       " attached, %" PRIu64 " fillers, %" PRIu64
		       " sessions, burst mode \"%s\"\n",
		       v[f].devargs, c.copied, c.attached, c.fillers,
		       c.sessions, c.mode);
		TEST_ASSERT(strncmp(c.mode, "Scalar MPRQ", 11) == 0,
			    "%s: burst mode %s", v[f].devargs, c.mode);
		TEST_ASSERT_EQ(c.sessions > 0, v[f].comp, "%s: sessions",
			       v[f].devargs);
		TEST_ASSERT_EQ(strstr(c.mode, "CQE compression") != NULL,
			       v[f].comp, "%s: burst mode %s", v[f].devargs,
			       c.mode);
		/* Fillers: WQEs ended, the ring went round (4 WQEs). */
		if (v[f].wraps)
			TEST_ASSERT(c.fillers > 8, "%s: %" PRIu64 " fillers",
				    v[f].devargs, c.fillers);
		TEST_ASSERT_EQ(c.copied > 0, v[f].copies, "%s: copied",
			       v[f].devargs);
		TEST_ASSERT_EQ(c.attached > 0, v[f].attaches, "%s: attached",
			       v[f].devargs);
		ret = mq_compare(v[f].devargs);
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	return MLX5X_TEST_PASS;
}

/* ConnectX-5: no compression, then the hash and checksum formats. */
static int
test_mprq_matches_cyclic(void)
{
	static const struct mq_variant v[] = {
		{ "mprq_en=1,rxq_cqe_comp_en=0", false, false, true, true },
		{ "mprq_en=1,rxq_cqe_comp_en=0,mprq_log_stride_size=6", false,
		  true, true, true },
		{ "mprq_en=1,rxq_cqe_comp_en=1,mprq_log_stride_size=8", true,
		  true, true, true },
		{ "mprq_en=1,rxq_cqe_comp_en=3,mprq_log_stride_size=7", true,
		  true, true, true },
		{ "mprq_en=1,rxq_cqe_comp_en=0,mprq_max_memcpy_len=0", false,
		  false, false, true },
		{ "mprq_en=1,rxq_cqe_comp_en=1,mprq_max_memcpy_len=65535,mprq_log_stride_size=9",
		  true, true, true, false },
	};

	E2E_REQUIRE();
	return mq_variants(E2E_EMU_CONFIG, v, RTE_DIM(v));
}

/* ConnectX-6 Dx: the flow tag and L3/L4 header mini CQE formats. */
static int
test_mprq_matches_cyclic_cx6dx_formats(void)
{
	static const struct mq_variant v[] = {
		{ "mprq_en=1,rxq_cqe_comp_en=2,mprq_log_stride_size=6", true,
		  true, true, true },
		{ "mprq_en=1,rxq_cqe_comp_en=4,mprq_log_stride_size=8", true,
		  true, true, true },
	};

	E2E_REQUIRE();
	return mq_variants(CX6DX_CONFIG, v, RTE_DIM(v));
}

/* Inject frames [from, to) of the corpus 16 at a time, each 16 read from
 * queue 0 before the next, into held[] (hold) or freed after their bytes
 * are checked (!hold; *bad counts the wrong ones). Returns how many
 * arrived (the adapter drops what it has no WQE for). */
static unsigned int
mq_pass(uint16_t pf, unsigned int from, unsigned int to, struct rte_mbuf **held,
	bool hold, unsigned int *bad)
{
	unsigned int at, seen = 0, idle;

	for (at = from; at < to; at += 16) {
		const void *f[16];
		size_t len[16];
		unsigned int i, n = RTE_MIN(16u, to - at), want = seen + n;

		for (i = 0; i < n; i++) {
			f[i] = corpus[at + i].b;
			len[i] = corpus[at + i].len;
		}
		if (mlx5x_emu_inject_wire_burst(0, f, len, n) != 0)
			return seen;
		for (idle = 0; seen < want && idle < 2000;) {
			/* Room for more than was sent: each burst also
			 * reads the CQE after the last completion, which
			 * must not pass for one (on the CQ's odd passes it
			 * holds a SEND of the pass before). */
			struct rte_mbuf *pkts[32];
			uint16_t k, j;

			mlx5x_emu_poll();
			k = rte_eth_rx_burst(pf, 0, pkts, RTE_DIM(pkts));
			idle = k == 0 ? idle + 1 : 0;
			for (j = 0; j < k; j++, seen++) {
				/* In order: the frame is the seen-th sent
				 * only while none was dropped. */
				const struct mq_frame *fr =
					&corpus[from + seen];

				if (seen >= to - from ||
				    pkts[j]->pkt_len != fr->len ||
				    memcmp(rte_pktmbuf_mtod(pkts[j], void *),
					   fr->b, fr->len) != 0)
					(*bad)++;
				if (hold && seen < to - from)
					held[seen] = pkts[j];
				else
					rte_pktmbuf_free(pkts[j]);
			}
		}
	}
	return seen;
}

/* corpus[0, n) as 1000-byte frames to port pf: 16 strides of 64 bytes,
 * 32 to a WQE, every one attached (over the copy threshold). */
static void
mq_corpus_attached(uint16_t pf, unsigned int n)
{
	struct rte_ether_addr mac;
	unsigned int i;

	rte_eth_macaddr_get(pf, &mac);
	for (i = 0; i < n; i++)
		mq_build(&corpus[i], mac.addr_bytes, 1000, false, false, true,
			 i, false, false, (uint8_t)i);
}

/* The first 160 frames of mq_corpus_attached (five WQEs' worth) into
 * held[]: the application holds five of the pool's 8 buffers. */
static int
mq_hold_five(uint16_t pf, struct mlx5x_rxq *rxq, struct rte_mbuf **held)
{
	unsigned int bad = 0, i;

	TEST_ASSERT(rxq->mprq && rxq->mprq_mp != NULL &&
			    rxq->mprq_mp->size == 8 && rxq->mprq_log_wqe_n == 2,
		    "4 WQEs, a pool of 8 buffers");
	TEST_ASSERT_EQ(mq_pass(pf, 0, 160, held, true, &bad), 160,
		       "held frames received");
	TEST_ASSERT_EQ(bad, 0, "held frames intact");
	for (i = 0; i < 160; i++)
		TEST_ASSERT(held[i]->ol_flags & RTE_MBUF_F_EXTERNAL,
			    "held frame %u attached", i);
	return MLX5X_TEST_PASS;
}

/*
 * The application holds attached mbufs while the ring goes round many
 * times: their bytes stay theirs, their buffers stay out of the ring (the
 * pool lacks them) until the last of them is freed. Holding every buffer
 * starves the ring (the adapter drops for want of WQEs); freeing them lets
 * it run again.
 */
static int
test_mprq_held_mbufs_keep_their_buffers(void)
{
	static struct rte_mbuf *held[CORPUS];
	struct mlx5x_rxq *rxq;
	unsigned int bad = 0, n, avail0, i, k;
	uint16_t pf;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(mq_up_one(mq_small[0], &pf, &rxq), MLX5X_TEST_PASS,
		       "up");
	TEST_ASSERT(rxq->mprq && rxq->mprq_mp != NULL, "an MPRQ queue");
	avail0 = rte_mempool_avail_count(rxq->mprq_mp);
	/* 1000-byte frames: 16 strides, 32 per WQE, all attached. */
	mq_corpus_attached(pf, CORPUS);
	/* 40 held: WQE 0 whole, 8 packets of WQE 1. */
	n = mq_pass(pf, 0, 40, held, true, &bad);
	TEST_ASSERT_EQ(n, 40, "held frames received");
	for (i = 0; i < 40; i++)
		TEST_ASSERT(held[i]->ol_flags & RTE_MBUF_F_EXTERNAL,
			    "frame %u attached", i);
	/* 20 WQEs' worth through the ring, freed as they come. */
	n = mq_pass(pf, 40, 680, NULL, false, &bad);
	TEST_ASSERT_EQ(n, 640, "frames while holding");
	TEST_ASSERT_EQ(bad, 0, "frames intact");
	for (i = 0; i < 40; i++)
		TEST_ASSERT(memcmp(rte_pktmbuf_mtod(held[i], void *),
				   corpus[i].b, corpus[i].len) == 0,
			    "held frame %u overwritten by the ring", i);
	/* The two held buffers are out of the pool and out of the ring. */
	TEST_ASSERT_EQ(rte_mempool_avail_count(rxq->mprq_mp), avail0 - 2,
		       "pool while 2 buffers are held");
	for (i = 0; i < 40; i++)
		rte_pktmbuf_free(held[i]);
	TEST_ASSERT_EQ(rte_mempool_avail_count(rxq->mprq_mp), avail0,
		       "pool once they are freed");
	/* Hold everything: the rest of the WQE being filled and 7 more
	 * buffers of 32 frames, then the ring starves and the adapter drops
	 * what it has no WQE for. */
	n = (512u - rxq->strd_ci) / 16 + 7 * 32;
	k = mq_pass(pf, 0, 320, held, true, &bad);
	TEST_ASSERT_EQ(bad, 0, "frames intact");
	TEST_ASSERT_EQ(k, n, "received while every buffer is held");
	TEST_ASSERT_EQ(rte_mempool_avail_count(rxq->mprq_mp), 0,
		       "pool while everything is held");
	for (i = 0; i < k; i++)
		rte_pktmbuf_free(held[i]);
	/* Buffers back: the next burst posts the ring again and it runs. */
	TEST_ASSERT_EQ(rte_eth_rx_burst(pf, 0, held, 1), 0, "nothing pending");
	TEST_ASSERT_EQ(rte_mempool_avail_count(rxq->mprq_mp), avail0,
		       "pool once the ring is posted again");
	n = mq_pass(pf, 320, 640, NULL, false, &bad);
	TEST_ASSERT_EQ(n, 320, "frames after the buffers came back");
	TEST_ASSERT_EQ(bad, 0, "frames intact");
	return e2e_detach_check();
}

/*
 * A queue restarted while the application holds an mbuf on every MPRQ
 * buffer: the pool cannot give the ring a buffer per WQE, so the start is
 * refused (and the queue stays stopped) rather than started with a ring
 * the adapter cannot fill; once the mbufs are freed the same start works
 * and the ring runs round again, every frame intact.
 */
static int
test_mprq_restart_refused_while_buffers_held(void)
{
	static struct rte_mbuf *held[CORPUS];
	struct mlx5x_rxq *rxq;
	unsigned int bad = 0, avail0, i, k;
	uint16_t pf;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(mq_up_one(mq_small[0], &pf, &rxq), MLX5X_TEST_PASS,
		       "up");
	TEST_ASSERT(rxq->mprq && rxq->mprq_mp != NULL, "an MPRQ queue");
	avail0 = rte_mempool_avail_count(rxq->mprq_mp);
	/* 1000-byte frames: 16 strides, 32 per WQE, all attached. */
	mq_corpus_attached(pf, 320);
	/* Every buffer of the pool (the ring's and the spares) held. */
	k = mq_pass(pf, 0, 320, held, true, &bad);
	TEST_ASSERT_EQ(k, 32 * rxq->mprq_mp->size, "received until starved");
	TEST_ASSERT_EQ(bad, 0, "frames intact");
	TEST_ASSERT_EQ(rte_mempool_avail_count(rxq->mprq_mp), 0,
		       "pool while everything is held");
	TEST_ASSERT_EQ(rte_eth_dev_rx_queue_stop(pf, 0), 0, "queue stop");
	TEST_ASSERT(rte_eth_dev_rx_queue_start(pf, 0) < 0,
		    "queue start with no buffer for its WQEs accepted");
	for (i = 0; i < k; i++)
		rte_pktmbuf_free(held[i]);
	/* The stopped queue posts nothing: the whole pool is back. */
	TEST_ASSERT_EQ(rte_mempool_avail_count(rxq->mprq_mp),
		       rxq->mprq_mp->size, "pool once they are freed");
	TEST_ASSERT_EQ(rte_eth_dev_rx_queue_start(pf, 0), 0,
		       "queue start once the buffers are back");
	TEST_ASSERT_EQ(rte_mempool_avail_count(rxq->mprq_mp), avail0,
		       "pool once the ring is posted again");
	k = mq_pass(pf, 0, 320, NULL, false, &bad);
	TEST_ASSERT_EQ(k, 320, "frames after the restart");
	TEST_ASSERT_EQ(bad, 0, "frames intact");
	return e2e_detach_check();
}

/* Port pf's extended statistic called name (UINT64_MAX: none). */
static uint64_t
mq_xstat(uint16_t pf, const char *name)
{
	uint64_t id, v;

	if (rte_eth_xstats_get_id_by_name(pf, name, &id) != 0 ||
	    rte_eth_xstats_get_by_id(pf, &id, &v, 1) != 1)
		return UINT64_MAX;
	return v;
}

/* Every posted WQE's buffer address outside its MR, then corpus[k] from
 * the wire: the adapter answers with an error CQE, which the bursts count
 * (ierrors, in *st) and hand nothing up for. */
static int
mq_error_cqe(uint16_t pf, struct mlx5x_rxq *rxq, unsigned int k,
	     const char *what, struct rte_eth_stats *st)
{
	struct rte_mbuf *m[4];
	const void *f = corpus[k].b;
	size_t len = corpus[k].len;
	unsigned int i;

	for (i = 0; i < 1u << rxq->mprq_log_wqe_n; i++)
		rxq->wqes[2 * i + 1].addr = 0;
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire_burst(0, &f, &len, 1), 0,
		       "inject");
	memset(st, 0, sizeof(*st));
	for (i = 0; i < 2000 && st->ierrors == 0; i++) {
		mlx5x_emu_poll();
		TEST_ASSERT_EQ(rte_eth_rx_burst(pf, 0, m, RTE_DIM(m)), 0,
			       "%s: the refused frame handed up", what);
		TEST_ASSERT_EQ(rte_eth_stats_get(pf, st), 0, "stats");
	}
	TEST_ASSERT_EQ(st->ierrors, 1, "%s: the error CQE counted", what);
	return MLX5X_TEST_PASS;
}

/*
 * A striding RQ whose WQEs point outside their memory region: the adapter
 * answers the next frame with a responder error CQE (PRM local protection
 * error) and puts the RQ in ERR. The burst that reads it hands nothing up
 * and counts it (ierrors); the next brings the RQ back through RST with
 * every WQE posted anew (stride 0, buffers no mbuf holds), and the ring
 * goes round many times again with every frame intact. Mbufs the
 * application held from before keep their bytes and their buffers, which
 * come back to the pool when freed. With and without CQE compression.
 */
static int
test_mprq_error_cqe_recovers(void)
{
	const char *const *devargs = mq_small;
	static struct rte_mbuf *held[40];
	struct mlx5x_rxq *rxq;
	struct rte_eth_stats st;
	unsigned int bad = 0, avail0, d, i, n;
	uint16_t pf;

	E2E_REQUIRE();
	for (d = 0; d < RTE_DIM(mq_small); d++) {
		TEST_ASSERT_EQ(mq_up_one(devargs[d], &pf, &rxq),
			       MLX5X_TEST_PASS, "up");
		TEST_ASSERT(rxq->mprq && rxq->mprq_mp != NULL,
			    "%s: an MPRQ queue", devargs[d]);
		avail0 = rte_mempool_avail_count(rxq->mprq_mp);
		/* 1000-byte frames: 16 strides, 32 per WQE, all attached. */
		mq_corpus_attached(pf, 681);
		/* 40 held: WQE 0 whole, 8 packets of WQE 1. */
		n = mq_pass(pf, 0, 40, held, true, &bad);
		TEST_ASSERT_EQ(n, 40, "%s: held frames received", devargs[d]);
		if (mq_error_cqe(pf, rxq, 40, devargs[d], &st) !=
		    MLX5X_TEST_PASS)
			return MLX5X_TEST_FAIL;
		TEST_ASSERT_EQ(st.ipackets, 40, "%s: as no packet", devargs[d]);
		/* The burst that read it brought the RQ back. */
		TEST_ASSERT_EQ(mq_xstat(pf, "rx_rq_recoveries"), 1,
			       "%s: one recovery", devargs[d]);
		/* 20 WQEs' worth through the recovered ring. */
		n = mq_pass(pf, 41, 681, NULL, false, &bad);
		TEST_ASSERT_EQ(n, 640, "%s: frames after the recovery",
			       devargs[d]);
		TEST_ASSERT_EQ(bad, 0, "%s: frames intact", devargs[d]);
		TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
		TEST_ASSERT_EQ(st.ierrors, 1, "%s: one error", devargs[d]);
		for (i = 0; i < 40; i++)
			TEST_ASSERT(memcmp(rte_pktmbuf_mtod(held[i], void *),
					   corpus[i].b, corpus[i].len) == 0,
				    "%s: held frame %u overwritten", devargs[d],
				    i);
		TEST_ASSERT_EQ(rte_mempool_avail_count(rxq->mprq_mp),
			       avail0 - 2, "%s: pool while 2 buffers are held",
			       devargs[d]);
		for (i = 0; i < 40; i++)
			rte_pktmbuf_free(held[i]);
		TEST_ASSERT_EQ(rte_mempool_avail_count(rxq->mprq_mp), avail0,
			       "%s: pool once they are freed", devargs[d]);
		if (e2e_detach_check() != MLX5X_TEST_PASS)
			return MLX5X_TEST_FAIL;
	}
	return MLX5X_TEST_PASS;
}

static void
mq_pool_count(struct rte_mempool *mp, void *arg)
{
	RTE_SET_USED(mp);
	(*(unsigned int *)arg)++;
}

/* The mempools that exist. */
static unsigned int
mq_pools(void)
{
	unsigned int n = 0;

	rte_mempool_walk(mq_pool_count, &n);
	return n;
}

/*
 * A port stop with no MPRQ buffer held frees the queue's pool of them; the
 * start after makes a new one, live (found by its name), and the ring runs
 * with every frame intact, before and after. A stop while the application
 * holds mbufs on most buffers keeps their pool for them (their bytes
 * intact), the start after fills its ring from a new one, and the kept
 * pool goes when the last of the held mbufs is freed.
 */
static int
test_mprq_port_restart_remakes_the_pool(void)
{
	static struct rte_mbuf *held[160];
	char old[RTE_MEMPOOL_NAMESIZE];
	struct mlx5x_rxq *rxq;
	unsigned int bad = 0, pools, i;
	uint16_t pf;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(mq_up_one(mq_small[0], &pf, &rxq), MLX5X_TEST_PASS,
		       "up");
	mq_corpus_attached(pf, 288);
	TEST_ASSERT_EQ(mq_pass(pf, 0, 64, NULL, false, &bad), 64, "before");
	pools = mq_pools();
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(mq_pools(), pools - 1, "the MPRQ pool freed at stop");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	TEST_ASSERT_EQ(mq_pools(), pools, "a new MPRQ pool at start");
	TEST_ASSERT(rxq->mprq_mp != NULL &&
			    rte_mempool_lookup(rxq->mprq_mp->name) ==
				    rxq->mprq_mp,
		    "the queue's pool is live");
	TEST_ASSERT_EQ(mq_pass(pf, 64, 128, NULL, false, &bad), 64, "after");
	TEST_ASSERT_EQ(bad, 0, "frames intact");
	snprintf(old, sizeof(old), "%s", rxq->mprq_mp->name);
	if (mq_hold_five(pf, rxq, held) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop while holding");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start while holding");
	TEST_ASSERT(rte_mempool_lookup(old) != NULL &&
			    strcmp(rxq->mprq_mp->name, old) != 0 &&
			    mq_pools() == pools + 1,
		    "a new pool beside the held one");
	TEST_ASSERT_EQ(mq_pass(pf, 160, 288, NULL, false, &bad), 128,
		       "frames after the restart");
	for (i = 0; i < 160; i++)
		if (memcmp(rte_pktmbuf_mtod(held[i], void *), corpus[i].b,
			   corpus[i].len) != 0)
			bad++;
	TEST_ASSERT_EQ(bad, 0, "frames intact, held ones too");
	/* All but the last back: the kept pool waits for it. */
	rte_pktmbuf_free_bulk(held, 159);
	TEST_ASSERT(rte_mempool_lookup(old) != NULL && mq_pools() == pools + 1,
		    "the kept pool freed while an mbuf still holds it");
	rte_pktmbuf_free(held[159]);
	TEST_ASSERT(rte_mempool_lookup(old) == NULL && mq_pools() == pools,
		    "the kept pool left behind after its last mbuf came back");
	return e2e_detach_check();
}

/*
 * A port closed (the device detached) while the application holds mbufs
 * on five of its queue's MPRQ buffers: their bytes stay theirs after the
 * close, their pool stays for them, and it goes with the last of them
 * (DPDK's heap and memzones as before the probe).
 */
static int
test_mprq_close_leaves_the_pool_to_held_mbufs(void)
{
	static struct rte_mbuf *held[160];
	char name[RTE_MEMPOOL_NAMESIZE];
	struct mlx5x_rxq *rxq;
	unsigned int bad = 0, i;
	uint16_t pf;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(mq_up_one(mq_small[0], &pf, &rxq), MLX5X_TEST_PASS,
		       "up");
	mq_corpus_attached(pf, 160);
	if (mq_hold_five(pf, rxq, held) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	snprintf(name, sizeof(name), "%s", rxq->mprq_mp->name);
	e2e_detach();
	TEST_ASSERT(rte_mempool_lookup(name) != NULL,
		    "pool %s freed under the held mbufs", name);
	for (i = 0; i < 160; i++)
		if (memcmp(rte_pktmbuf_mtod(held[i], void *), corpus[i].b,
			   corpus[i].len) != 0)
			bad++;
	TEST_ASSERT_EQ(bad, 0, "held frames intact after the close");
	rte_pktmbuf_free_bulk(held, RTE_DIM(held));
	TEST_ASSERT(rte_mempool_lookup(name) == NULL,
		    "pool %s left behind after its last mbuf came back", name);
	return e2e_leak_check("once the held mbufs are freed");
}

/*
 * A WQE whose strides all went to copied packets keeps its buffer for its
 * next posting; while an earlier WQE waits for a buffer (the application
 * holds five, the pool is empty) it is not posted. A queue stop gives that
 * buffer back with the others: once the held mbufs are freed the stopped
 * queue's pool is whole, and the start after fills the ring again.
 */
static int
test_mprq_stop_gives_back_unposted_buffers(void)
{
	static struct rte_mbuf *held[160];
	struct mlx5x_rxq *rxq;
	struct rte_ether_addr mac;
	unsigned int bad = 0, i;
	uint16_t pf;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(mq_up_one(mq_small[0], &pf, &rxq), MLX5X_TEST_PASS,
		       "up");
	TEST_ASSERT(rxq->mprq_memcpy >= 60 && rxq->mprq_memcpy < 1000,
		    "60 bytes copied and 1000 attached");
	rte_eth_macaddr_get(pf, &mac);
	/* 160 frames of 1000 bytes (5 WQEs) held, then 512 of 60 (one
	 * stride: one WQE). */
	mq_corpus_attached(pf, 160);
	for (i = 160; i < 160 + 512; i++)
		mq_build(&corpus[i], mac.addr_bytes, 60, false, false, true, i,
			 false, false, (uint8_t)i);
	if (mq_hold_five(pf, rxq, held) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	TEST_ASSERT_EQ(rte_mempool_avail_count(rxq->mprq_mp), 0,
		       "pool emptied");
	TEST_ASSERT_EQ(mq_pass(pf, 160, 672, NULL, false, &bad), 512, "copied");
	TEST_ASSERT_EQ(bad, 0, "frames intact");
	TEST_ASSERT_EQ(rte_eth_dev_rx_queue_stop(pf, 0), 0, "queue stop");
	rte_pktmbuf_free_bulk(held, RTE_DIM(held));
	TEST_ASSERT_EQ(rte_mempool_avail_count(rxq->mprq_mp),
		       rxq->mprq_mp->size, "every buffer back in the pool");
	TEST_ASSERT_EQ(rte_eth_dev_rx_queue_start(pf, 0), 0, "queue start");
	TEST_ASSERT_EQ(mq_pass(pf, 0, 160, NULL, false, &bad), 160,
		       "frames after the restart");
	TEST_ASSERT_EQ(bad, 0, "frames intact");
	return e2e_detach_check();
}

/*
 * An error CQE while the application holds mbufs on five of the pool's 8
 * buffers: the recovery cannot post the 4 WQEs again (3 buffers free),
 * counts a failure and leaves the queue to wait; once the mbufs are freed
 * the next burst completes the recovery and the ring runs round again,
 * every frame intact.
 */
static int
test_mprq_recovery_waits_for_held_buffers(void)
{
	static struct rte_mbuf *held[160];
	struct mlx5x_rxq *rxq;
	struct rte_eth_stats st;
	struct rte_mbuf *m[4];
	unsigned int bad = 0, i, n;
	uint16_t pf;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(mq_up_one(mq_small[0], &pf, &rxq), MLX5X_TEST_PASS,
		       "up");
	mq_corpus_attached(pf, 481);
	/* Five WQEs' frames held: 3 buffers left, all of them posted. */
	if (mq_hold_five(pf, rxq, held) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	n = RTE_DIM(held);
	TEST_ASSERT_EQ(rte_mempool_avail_count(rxq->mprq_mp), 0, "pool");
	TEST_ASSERT_EQ(mq_error_cqe(pf, rxq, 160, "held", &st), MLX5X_TEST_PASS,
		       "error CQE");
	TEST_ASSERT(mq_xstat(pf, "rx_rq_recovery_failures") >= 1 &&
			    mq_xstat(pf, "rx_rq_recoveries") == 0,
		    "no recovery without buffers (%" PRIu64 " failures)",
		    mq_xstat(pf, "rx_rq_recovery_failures"));
	for (i = 0; i < n; i++)
		rte_pktmbuf_free(held[i]);
	TEST_ASSERT_EQ(rte_eth_rx_burst(pf, 0, m, RTE_DIM(m)), 0,
		       "nothing pending");
	TEST_ASSERT_EQ(mq_xstat(pf, "rx_rq_recoveries"), 1,
		       "the burst after the free recovered");
	n = mq_pass(pf, 161, 481, NULL, false, &bad);
	TEST_ASSERT_EQ(n, 320, "frames after the recovery");
	TEST_ASSERT_EQ(bad, 0, "frames intact");
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT(st.ierrors == 1 && st.ipackets == 480,
		    "%" PRIu64 " errors %" PRIu64 " packets", st.ierrors,
		    st.ipackets);
	return e2e_detach_check();
}

/* Read n packets of queue 0 (freed), polling the engine between bursts;
 * returns how many came. */
static unsigned int
mq_read(uint16_t pf, unsigned int n)
{
	unsigned int nread = 0, idle = 0;

	while (nread < n && idle < 2000) {
		struct rte_mbuf *pkts[32];
		uint16_t k =
			rte_eth_rx_burst(pf, 0, pkts,
					 (uint16_t)RTE_MIN(n - nread, 32u));

		idle = k == 0 ? idle + 1 : 0;
		nread += k;
		rte_pktmbuf_free_bulk(pkts, k);
		if (k == 0)
			mlx5x_emu_poll();
	}
	return nread;
}

/*
 * rx_queue_count and rx_descriptor_status count the packets waiting, not
 * the filler CQEs that end a WQE: 1500-byte frames take 24 strides of 64
 * bytes, 21 of them fill a WQE of 512 strides and a filler skips the 8
 * strides left. 60 frames: 3 WQEs, 2 fillers. With and without CQE
 * compression (fillers then sit among a session's mini CQEs too).
 */
static int
test_mprq_queue_count_skips_fillers(void)
{
	const char *const *devargs = mq_small;
	struct rte_mbuf *pkts[25];
	struct mlx5x_rxq *rxq;
	uint16_t k;
	struct rte_ether_addr mac;
	unsigned int d, i, p;
	uint16_t pf;

	E2E_REQUIRE();
	for (d = 0; d < RTE_DIM(mq_small); d++) {
		TEST_ASSERT_EQ(mq_up_one(devargs[d], &pf, &rxq),
			       MLX5X_TEST_PASS, "up");
		TEST_ASSERT(rxq->mprq && rxq->log_strd_num == 9 &&
				    rxq->log_strd_sz == 6,
			    "%s: 512 strides of 64 bytes", devargs[d]);
		rte_eth_macaddr_get(pf, &mac);
		for (i = 0; i < 60; i++)
			mq_build(&corpus[i], mac.addr_bytes, 1500, false, false,
				 true, i, false, false, (uint8_t)i);
		for (i = 0; i < 60; i += 15) {
			const void *f[15];
			size_t len[15];

			for (p = 0; p < 15; p++) {
				f[p] = corpus[i + p].b;
				len[p] = corpus[i + p].len;
			}
			TEST_ASSERT_EQ(mlx5x_emu_inject_wire_burst(0, f, len,
								   15),
				       0, "inject");
			mlx5x_emu_poll();
		}
		TEST_ASSERT_EQ(rte_eth_rx_queue_count(pf, 0), 60,
			       "%s: 60 packets waiting", devargs[d]);
		TEST_ASSERT_EQ(rte_eth_rx_descriptor_status(pf, 0, 59),
			       RTE_ETH_RX_DESC_DONE, "%s: descriptor 59 done",
			       devargs[d]);
		TEST_ASSERT_EQ(rte_eth_rx_descriptor_status(pf, 0, 60),
			       RTE_ETH_RX_DESC_AVAIL,
			       "%s: descriptor 60 not done", devargs[d]);
		/* Past the first filler, into the second WQE, in one burst:
		 * what is waiting is handed up as far as the burst has room,
		 * sessions or not. */
		k = rte_eth_rx_burst(pf, 0, pkts, RTE_DIM(pkts));
		rte_pktmbuf_free_bulk(pkts, k);
		TEST_ASSERT_EQ(k, RTE_DIM(pkts),
			       "%s: one burst of 25 with 60 waiting",
			       devargs[d]);
		TEST_ASSERT_EQ(rte_eth_rx_queue_count(pf, 0), 35,
			       "%s: 35 packets waiting", devargs[d]);
		TEST_ASSERT_EQ(mq_read(pf, 35), 35, "%s: 35 read", devargs[d]);
		TEST_ASSERT_EQ(rte_eth_rx_queue_count(pf, 0), 0,
			       "%s: nothing waiting", devargs[d]);
		TEST_ASSERT_EQ(rxq->mprq_fillers, 2, "%s: fillers read",
			       devargs[d]);
		if (e2e_detach_check() != MLX5X_TEST_PASS)
			return MLX5X_TEST_FAIL;
	}
	return MLX5X_TEST_PASS;
}

/*
 * A CQ full to its last slot: 60-byte frames, one 64-byte stride each,
 * fill the 4 WQEs of 512 strides exactly (no filler), one CQE each, 2048
 * CQEs in a CQ of 2048. rx_queue_count sees every one of them, and they
 * all come up, in order.
 */
static int
test_mprq_queue_count_full_cq(void)
{
	const unsigned int n = 2048;
	struct mlx5x_rxq *rxq;
	struct rte_ether_addr mac;
	unsigned int i;
	uint16_t pf;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(mq_up_one(mq_small[0], &pf, &rxq), MLX5X_TEST_PASS,
		       "up");
	TEST_ASSERT(rxq->mprq && rxq->cqe_mask + 1u == n &&
			    (1u << (rxq->mprq_log_wqe_n + rxq->log_strd_num)) ==
				    n,
		    "4 WQEs of 512 strides, a CQ of 2048 (%u)",
		    rxq->cqe_mask + 1u);
	rte_eth_macaddr_get(pf, &mac);
	for (i = 0; i < n; i++) {
		mq_build(&corpus[i % CORPUS], mac.addr_bytes, 60, false, false,
			 true, i, false, false, (uint8_t)i);
		if (i % 16 == 15) {
			const void *f[16];
			size_t len[16];
			unsigned int p;

			for (p = 0; p < 16; p++) {
				f[p] = corpus[(i - 15 + p) % CORPUS].b;
				len[p] = 60;
			}
			TEST_ASSERT_EQ(mlx5x_emu_inject_wire_burst(0, f, len,
								   16),
				       0, "inject");
			mlx5x_emu_poll();
		}
	}
	for (i = 0; i < 100 && rte_eth_rx_queue_count(pf, 0) < (int)n; i++)
		mlx5x_emu_poll();
	TEST_ASSERT_EQ(rte_eth_rx_queue_count(pf, 0), (int)n,
		       "every slot of the CQ waiting");
	TEST_ASSERT_EQ(mq_read(pf, n), n, "all read");
	TEST_ASSERT_EQ(rte_eth_rx_queue_count(pf, 0), 0, "nothing waiting");
	TEST_ASSERT_EQ(rxq->mprq_fillers, 0, "no filler");
	return e2e_detach_check();
}

/*
 * A CQ that goes round: one frame a stride (60..64 bytes, 64-byte
 * strides), so the 2048 CQEs of 4 WQEs of 512 strides are written again
 * and again, their owner bit flipping each lap. Twice the CQ's worth and
 * more must arrive, in order, intact, counted once; nothing left waiting.
 * Copied and attached, with and without CQE compression.
 */
static int
test_mprq_cq_laps_of_small_frames(void)
{
	static const char *const devargs[] = {
		"mprq_en=1,mprq_log_stride_size=6,rxq_cqe_comp_en=0",
		"mprq_en=1,mprq_log_stride_size=6,rxq_cqe_comp_en=1",
		"mprq_en=1,mprq_log_stride_size=6,rxq_cqe_comp_en=1,"
		"mprq_max_memcpy_len=0",
	};
	const unsigned int laps = 4;
	struct mlx5x_rxq *rxq;
	struct rte_eth_stats st;
	struct rte_ether_addr mac;
	unsigned int bad = 0, d, i, l, n;
	uint64_t bytes;
	uint16_t pf;

	E2E_REQUIRE();
	for (d = 0; d < RTE_DIM(devargs); d++) {
		TEST_ASSERT_EQ(mq_up_one(devargs[d], &pf, &rxq),
			       MLX5X_TEST_PASS, "up");
		TEST_ASSERT(rxq->mprq && rxq->log_strd_sz == 6,
			    "%s: 64-byte strides", devargs[d]);
		TEST_ASSERT(laps * CORPUS > 2 * (rxq->cqe_mask + 1u),
			    "%s: %u CQEs, fewer than half the frames",
			    devargs[d], rxq->cqe_mask + 1u);
		rte_eth_macaddr_get(pf, &mac);
		/* Runs of 16 frames of one flow: the sessions of a burst. */
		bytes = 0;
		for (i = 0; i < CORPUS; i++) {
			mq_build(&corpus[i], mac.addr_bytes,
				 (uint16_t)(60 + i % 5), false, false, true,
				 i / 16, false, false, (uint8_t)i);
			bytes += corpus[i].len;
		}
		for (l = 0; l < laps; l++) {
			n = mq_pass(pf, 0, CORPUS, NULL, false, &bad);
			TEST_ASSERT_EQ(n, CORPUS, "%s: lap %u of the corpus",
				       devargs[d], l);
		}
		TEST_ASSERT_EQ(bad, 0, "%s: frames intact, in order",
			       devargs[d]);
		TEST_ASSERT_EQ(rte_eth_rx_queue_count(pf, 0), 0,
			       "%s: nothing left waiting", devargs[d]);
		TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
		TEST_ASSERT(st.ipackets == laps * CORPUS &&
				    st.ibytes == laps * bytes &&
				    st.ierrors == 0 && st.rx_nombuf == 0,
			    "%s: %" PRIu64 " packets %" PRIu64
			    " bytes, %" PRIu64 " errors, %" PRIu64 " nombuf",
			    devargs[d], st.ipackets, st.ibytes, st.ierrors,
			    st.rx_nombuf);
		TEST_ASSERT_EQ(rxq->comp_sessions > 0,
			       strstr(devargs[d], "comp_en=1") != NULL,
			       "%s: %" PRIu64 " sessions", devargs[d],
			       rxq->comp_sessions);
		TEST_ASSERT_EQ(rxq->mprq_attached > 0,
			       strstr(devargs[d], "memcpy_len=0") != NULL,
			       "%s: %" PRIu64 " attached", devargs[d],
			       rxq->mprq_attached);
		if (e2e_detach_check() != MLX5X_TEST_PASS)
			return MLX5X_TEST_FAIL;
	}
	return MLX5X_TEST_PASS;
}

/* Stride tunables outside the adapter's range fail the queue set-up with
 * the devarg named; the port works after a good configuration. */
static int
test_mprq_bad_tunables_refused(void)
{
	static const char *const bad[] = {
		/* below the PRM's 512 strides */
		"mprq_en=1,mprq_log_stride_num=8",
		/* below the PRM's 64 bytes */
		"mprq_en=1,mprq_log_stride_size=5",
		/* 4 WQEs of 2^16 strides: a CQ beyond 2^16 CQEs */
		"mprq_en=1,mprq_log_stride_num=16",
		/* the same CQ with the smallest strides (16 MB of buffers,
		 * which would fit): refused for the CQ alone, though the
		 * adapter's log_max_cq_sz (22) would take it */
		"mprq_en=1,mprq_log_stride_num=16,mprq_log_stride_size=6",
		/* the smallest WQE, 512 x 64 bytes, holds a 9000-byte
		 * frame: this one starts */
		"mprq_en=1,mprq_log_stride_num=9,mprq_log_stride_size=6",
	};
	unsigned int i;
	uint16_t pf;

	E2E_REQUIRE();
	for (i = 0; i < RTE_DIM(bad); i++) {
		TEST_ASSERT_EQ(e2e_attach_config(E2E_EMU_CONFIG, bad[i]), 0,
			       "attach %s", bad[i]);
		pf = e2e_port_by_name(E2E_PCI);
		if (i == RTE_DIM(bad) - 1)
			TEST_ASSERT_EQ(mq_port_start(pf, 1, 64), 0, "%s",
				       bad[i]);
		else
			TEST_ASSERT(mq_port_start(pf, 1, 64) < 0, "%s accepted",
				    bad[i]);
		if (e2e_detach_check() != MLX5X_TEST_PASS)
			return MLX5X_TEST_FAIL;
	}
	return MLX5X_TEST_PASS;
}

/*
 * An adapter whose CQs hold at most 2^13 CQEs (caps log_max_cq_sz 13; the
 * emulated models say 22, so the probed caps are lowered here): 4 WQEs of
 * 4096 strides need a CQ of 2^14 and the queue set-up refuses them, 4 of
 * 2048 fit and the port starts.
 */
static int
test_mprq_cq_over_the_adapters_cap_refused(void)
{
	static const struct {
		const char *devargs;
		int start; /* 0 started, -1 refused */
	} runs[] = {
		{ "mprq_en=1,mprq_log_stride_num=12,mprq_log_stride_size=6",
		  -1 },
		{ "mprq_en=1,mprq_log_stride_num=11,mprq_log_stride_size=6",
		  0 },
	};
	struct mlx5x_priv *priv;
	unsigned int i;
	uint16_t pf;
	int ret;

	E2E_REQUIRE();
	for (i = 0; i < RTE_DIM(runs); i++) {
		TEST_ASSERT_EQ(e2e_attach_config(E2E_EMU_CONFIG,
						 runs[i].devargs),
			       0, "attach %s", runs[i].devargs);
		pf = e2e_port_by_name(E2E_PCI);
		priv = rte_eth_devices[pf].data->dev_private;
		priv->sh->caps.log_max_cq_sz = 13;
		ret = mq_port_start(pf, 1, 64);
		TEST_ASSERT_EQ(ret < 0, runs[i].start < 0, "%s: start %d",
			       runs[i].devargs, ret);
		if (e2e_detach_check() != MLX5X_TEST_PASS)
			return MLX5X_TEST_FAIL;
	}
	return MLX5X_TEST_PASS;
}

/* Where the queues cannot stride (ConnectX-4 Lx has no striding RQ, nor
 * a ConnectX-5 whose firmware clears the striding_rq cap: libmlx5 then
 * reports all-zero stride ranges, outside the PRM's; without DevX the RQ
 * is a Verbs WQ) mprq_en=1 leaves them cyclic: the burst mode says so and
 * a 9000-byte frame still arrives whole in one mbuf big enough for it. */
static int
test_mprq_unavailable_stays_cyclic(void)
{
	static const char *const configs[] = {
		"model=cx4lx,pci=" E2E_PCI
		",vfs=4,esw=switchdev,wire=drop,vf_end=drop",
		"model=cx5,pci=" E2E_PCI
		",vfs=4,esw=switchdev,wire=drop,vf_end=drop,devx=0",
		"model=cx5,pci=" E2E_PCI
		",vfs=4,esw=switchdev,wire=drop,vf_end=drop,striding_rq=0",
	};
	struct rte_eth_burst_mode bm;
	struct rte_ether_addr mac;
	struct rte_mbuf *m[1];
	unsigned int i;
	uint16_t pf;

	E2E_REQUIRE();
	for (i = 0; i < RTE_DIM(configs); i++) {
		const void *f = corpus[0].b;
		size_t len;

		TEST_ASSERT_EQ(e2e_attach_config(configs[i], "mprq_en=1"), 0,
			       "attach %s", configs[i]);
		pf = e2e_port_by_name(E2E_PCI);
		TEST_ASSERT_EQ(mq_port_start(pf, 1, 64), 0, "%s: start",
			       configs[i]);
		TEST_ASSERT_EQ(rte_eth_rx_burst_mode_get(pf, 0, &bm), 0,
			       "mode");
		TEST_ASSERT(strstr(bm.info, "MPRQ") == NULL,
			    "%s: burst mode %s", configs[i], bm.info);
		rte_eth_macaddr_get(pf, &mac);
		mq_build(&corpus[0], mac.addr_bytes, MAX_FRAME, false, false,
			 false, 1, false, false, 7);
		len = corpus[0].len;
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire_burst(0, &f, &len, 1), 0,
			       "inject");
		TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1, "%s: received",
			       configs[i]);
		TEST_ASSERT(m[0]->nb_segs == 1 && m[0]->pkt_len == MAX_FRAME &&
				    memcmp(rte_pktmbuf_mtod(m[0], void *),
					   corpus[0].b, MAX_FRAME) == 0,
			    "%s: frame intact", configs[i]);
		rte_pktmbuf_free(m[0]);
		if (e2e_detach_check() != MLX5X_TEST_PASS)
			return MLX5X_TEST_FAIL;
	}
	return MLX5X_TEST_PASS;
}

/* The strides per WQE stay in the PRM's 512..65536 whether or not the
 * adapter also offers 8..256 (ext_stride_num_range, which lowers the
 * least mlx5dv_query_device reports from 9 to 3): the default is 512,
 * 256 is refused naming the range, 512 starts. */
static int
test_mprq_stride_num_range_of_the_prm(void)
{
	static const char *const configs[] = {
		"model=cx5,pci=" E2E_PCI ",vfs=4,esw=switchdev,wire=drop,"
		"vf_end=drop,ext_stride_num_range=0",
		"model=cx5,pci=" E2E_PCI ",vfs=4,esw=switchdev,wire=drop,"
		"vf_end=drop,ext_stride_num_range=1",
	};
	static const struct {
		const char *devargs;
		int start; /* 0 started, -1 refused */
		unsigned int strides;
	} runs[] = {
		{ "mprq_en=1", 0, 512 },
		{ "mprq_en=1,mprq_log_stride_num=8", -1, 0 },
		{ "mprq_en=1,mprq_log_stride_num=3", -1, 0 },
		{ "mprq_en=1,mprq_log_stride_num=10", 0, 1024 },
	};
	struct rte_eth_burst_mode bm;
	unsigned int i, j;
	char want[64];
	uint16_t pf;

	E2E_REQUIRE();
	for (i = 0; i < RTE_DIM(configs); i++) {
		for (j = 0; j < RTE_DIM(runs); j++) {
			TEST_ASSERT_EQ(e2e_attach_config(configs[i],
							 runs[j].devargs),
				       0, "attach %s", runs[j].devargs);
			pf = e2e_port_by_name(E2E_PCI);
			if (runs[j].start < 0) {
				TEST_ASSERT(mq_port_start(pf, 1, 64) < 0,
					    "%s: %s accepted", configs[i],
					    runs[j].devargs);
			} else {
				TEST_ASSERT_EQ(mq_port_start(pf, 1, 64), 0,
					       "%s: %s", configs[i],
					       runs[j].devargs);
				TEST_ASSERT_EQ(rte_eth_rx_burst_mode_get(pf, 0,
									 &bm),
					       0, "mode");
				snprintf(want, sizeof(want),
					 "MPRQ (%u strides of",
					 runs[j].strides);
				TEST_ASSERT(strstr(bm.info, want) != NULL,
					    "%s: %s: burst mode %s", configs[i],
					    runs[j].devargs, bm.info);
			}
			if (e2e_detach_check() != MLX5X_TEST_PASS)
				return MLX5X_TEST_FAIL;
		}
	}
	return MLX5X_TEST_PASS;
}

static int
mq_setup(void)
{
	int up = e2e_up();

	if (up == MLX5X_TEST_FAIL)
		return -1;
	if (up != MLX5X_TEST_PASS)
		return 0; /* the cases skip */
	if (big_mp == NULL)
		big_mp = rte_pktmbuf_pool_create("e2e_mprq_big", 2048, 0, 0,
						 BIG_ROOM, SOCKET_ID_ANY);
	return big_mp == NULL ? -1 : 0;
}

static void
mq_teardown(void)
{
	e2e_detach();
}

MLX5X_TEST_SUITE(e2e_mprq_suite, "e2e_mprq", "e2e", mq_setup, mq_teardown,
		 MLX5X_TEST_CASE(test_mprq_matches_cyclic),
		 MLX5X_TEST_CASE(test_mprq_matches_cyclic_cx6dx_formats),
		 MLX5X_TEST_CASE(test_mprq_held_mbufs_keep_their_buffers),
		 MLX5X_TEST_CASE(test_mprq_restart_refused_while_buffers_held),
		 MLX5X_TEST_CASE(test_mprq_error_cqe_recovers),
		 MLX5X_TEST_CASE(test_mprq_recovery_waits_for_held_buffers),
		 MLX5X_TEST_CASE(test_mprq_port_restart_remakes_the_pool),
		 MLX5X_TEST_CASE(test_mprq_close_leaves_the_pool_to_held_mbufs),
		 MLX5X_TEST_CASE(test_mprq_stop_gives_back_unposted_buffers),
		 MLX5X_TEST_CASE(test_mprq_queue_count_skips_fillers),
		 MLX5X_TEST_CASE(test_mprq_queue_count_full_cq),
		 MLX5X_TEST_CASE(test_mprq_cq_laps_of_small_frames),
		 MLX5X_TEST_CASE(test_mprq_bad_tunables_refused),
		 MLX5X_TEST_CASE(test_mprq_cq_over_the_adapters_cap_refused),
		 MLX5X_TEST_CASE(test_mprq_unavailable_stays_cyclic),
		 MLX5X_TEST_CASE(test_mprq_stride_num_range_of_the_prm))
