/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The vector eMPW burst that inlines frames (the default from
 * txqs_min_inline Tx queues; txqs_min_inline=0 here) at the edges of its
 * four-at-a-time loop: bursts of 1 to 7 frames (every remainder of four),
 * a frame that loop must not take in each of the four lanes (too long to
 * inline, too short for it, another pool, shared, data after or before
 * the default headroom, another checksum request), runs of frames with
 * their data elsewhere than the default headroom, sessions ended by the
 * WQE's size limit and by the end of a 64-WQEBB ring; the copied mbufs
 * going back through the sending lcore's mempool cache (never past its
 * flush threshold), a pool without a cache and a thread that is no EAL
 * lcore. Every frame must reach the wire as built, in order; every mbuf
 * must be back in its pool and the port's counters exact. The cases run
 * with the burst the CPU gets by default (AVX2 copies where it has them),
 * then again with SSE4.2 copies and with MBUF_FAST_FREE (no pool read).
 */
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <rte_cpuflags.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_vect.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"

#define TXI_RING 64
#define TXI_MAX 64 /* frames a case sends */
/* Frames of test_tx_inline_long_burst, of the second pool's 128 mbufs. */
#define TXI_LONG_BURST 120
#define TXI_LEN 1500 /* longest frame */

/* What a lane may hold besides a frame the four-at-a-time loop takes. */
enum txi_kind {
	TXI_PLAIN,	/* 33..64 bytes, plain mbuf of the port's pool */
	TXI_LONG,	/* 65 bytes: inlined one at a time */
	TXI_RUNT,	/* 32 bytes: inlined one at a time */
	TXI_HUGE,	/* beyond the inline limit: sent by pointer */
	TXI_OTHER_POOL, /* from a second pool */
	TXI_SHARED,	/* the test keeps a reference */
	TXI_HEADROOM,	/* data 4 bytes past the default headroom */
	TXI_PREPENDED,	/* data 14 bytes before it (a prepended header) */
	TXI_CKSUM,	/* asks for the IPv4 header checksum */
	TXI_INDIRECT,	/* a clone: its data in another mbuf of the pool */
	TXI_KINDS,
};

/* The variant the cases run with: the EAL's widest SIMD at port start (0:
 * as it is) and MBUF_FAST_FREE (every mbuf of one pool, none shared). */
static uint16_t txi_simd;
static bool txi_fast_free;

/* The port's Tx ring in WQEBBs (descriptors). */
static uint16_t txi_ring = TXI_RING;

static uint8_t txi_ref[TXI_LONG_BURST][TXI_LEN];
static uint16_t txi_len[TXI_LONG_BURST];
static uint8_t txi_kind[TXI_LONG_BURST];
static uint64_t txi_rng = 1;

static uint32_t
txi_rand(void)
{
	txi_rng ^= txi_rng << 13;
	txi_rng ^= txi_rng >> 7;
	txi_rng ^= txi_rng << 17;
	return (uint32_t)(txi_rng >> 11);
}

/* IPv4 header checksum over 20 bytes at h (its field zero). */
static uint16_t
txi_ip_sum(const uint8_t *h)
{
	uint32_t s = 0;
	unsigned int i;

	for (i = 0; i < 20; i += 2)
		s += (uint32_t)h[i] << 8 | h[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* Frame k of len bytes and kind: random bytes behind fixed addresses; an
 * IPv4 header with its checksum already right where one is asked for (the
 * adapter writes the same), so the wire must equal it byte for byte. */
static void
txi_build(unsigned int k, uint16_t len, enum txi_kind kind)
{
	uint8_t *p = txi_ref[k];
	unsigned int i;

	txi_len[k] = len;
	txi_kind[k] = (uint8_t)kind;
	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(txi_rand() >> 5);
	memcpy(p, (const uint8_t[]){ 2, 0, 0, 0, 0, 9, 2, 0, 0, 0, 0, 8 }, 12);
	p[12] = 0x88; /* IEEE local experimental EtherType */
	p[13] = 0xb5;
	if (kind == TXI_CKSUM) {
		uint16_t s;

		p[12] = 0x08;
		p[13] = 0x00;
		p[14] = 0x45;
		p[16] = (uint8_t)((len - 14) >> 8);
		p[17] = (uint8_t)(len - 14);
		p[20] = 0;
		p[21] = 0;
		p[23] = 17;
		p[24] = 0;
		p[25] = 0;
		s = txi_ip_sum(p + 14);
		p[24] = (uint8_t)(s >> 8);
		p[25] = (uint8_t)s;
	}
}

/* A frame the four-at-a-time loop takes: 33 to 64 bytes, the bounds
 * among them. */
static uint16_t
txi_plain_len(void)
{
	static const uint16_t edge[] = { 33, 64, 60, 48, 44, 45 };
	uint32_t r = txi_rand();

	return r % 3 == 0 ? edge[(r >> 2) % RTE_DIM(edge)]
			  : (uint16_t)(33 + (r >> 4) % 32);
}

static uint16_t
txi_kind_len(enum txi_kind kind)
{
	switch (kind) {
	case TXI_LONG:
		return 65;
	case TXI_RUNT:
		return 32;
	case TXI_HUGE:
		return TXI_LEN;
	default:
		return txi_plain_len();
	}
}

/* A kind MBUF_FAST_FREE rules out (another pool, a reference besides the
 * driver's). */
static bool
txi_kind_shared(enum txi_kind kind)
{
	return kind == TXI_OTHER_POOL || kind == TXI_SHARED ||
	       kind == TXI_INDIRECT;
}

static struct rte_mbuf *
txi_mbuf(unsigned int k, struct rte_mempool *other)
{
	enum txi_kind kind = (enum txi_kind)txi_kind[k];
	struct rte_mbuf *m, *c;
	char *d;

	m = rte_pktmbuf_alloc(kind == TXI_OTHER_POOL ? other : e2e_pool());
	if (m == NULL)
		return NULL;
	if (kind == TXI_HEADROOM) {
		if (rte_pktmbuf_append(m, 4) == NULL ||
		    rte_pktmbuf_adj(m, 4) == NULL) {
			rte_pktmbuf_free(m);
			return NULL;
		}
	}
	if (kind == TXI_PREPENDED) {
		if (rte_pktmbuf_prepend(m, 14) == NULL ||
		    rte_pktmbuf_trim(m, 14) != 0) {
			rte_pktmbuf_free(m);
			return NULL;
		}
	}
	d = rte_pktmbuf_append(m, txi_len[k]);
	if (d == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	memcpy(d, txi_ref[k], txi_len[k]);
	if (kind == TXI_CKSUM) {
		m->l2_len = 14;
		m->l3_len = 20;
		m->ol_flags |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM;
	}
	if (kind == TXI_SHARED)
		rte_mbuf_refcnt_update(m, 1);
	if (kind != TXI_INDIRECT)
		return m;
	/* A clone of it, which then holds its only reference: sending the
	 * clone must give both back. */
	c = rte_pktmbuf_clone(m, e2e_pool());
	rte_pktmbuf_free(m);
	return c;
}

struct txi_port {
	uint16_t pf;
	struct rte_mempool *other;
	unsigned int avail, other_avail;
	/* Before the first burst of txi_send, the sending lcore's cache of
	 * the port's pool filled up to this many below its flush threshold
	 * (0: left as it is). */
	unsigned int cache_below;
	/* Descriptors (WQEBBs) in use right after each burst of txi_send,
	 * before the adapter moved. */
	unsigned int used[TXI_MAX];
};

/* Descriptors of the port's queue the adapter has yet to complete: offsets
 * up to the queue's own size (not txi_ring, which a case may have set back
 * after its port came up). */
static unsigned int
txi_used(uint16_t pf)
{
	struct rte_eth_txq_info qi;
	unsigned int o = 0;

	if (rte_eth_tx_queue_info_get(pf, 0, &qi) != 0)
		return UINT_MAX;
	while (o < qi.nb_desc &&
	       rte_eth_tx_descriptor_status(pf, 0, (uint16_t)o) ==
		       RTE_ETH_TX_DESC_FULL)
		o++;
	return o;
}

/* The sending lcore's cache of the port's pool (NULL on a thread that is no
 * EAL lcore): never beyond its flush threshold, whoever puts into it. */
static int
txi_cache_check(void)
{
	struct rte_mempool_cache *c =
		rte_mempool_default_cache(e2e_pool(), rte_lcore_id());

	TEST_ASSERT(c == NULL || c->len <= c->flushthresh,
		    "mempool cache holds %u, flush threshold %u",
		    c != NULL ? c->len : 0, c != NULL ? c->flushthresh : 0);
	return MLX5X_TEST_PASS;
}

/* Fill the sending lcore's cache of the port's pool to below mbufs under
 * its flush threshold, with mbufs taken from the pool's backend. */
static int
txi_cache_fill(unsigned int below)
{
	struct rte_mempool *mp = e2e_pool();
	struct rte_mempool_cache *c =
		rte_mempool_default_cache(mp, rte_lcore_id());
	void *obj[512];
	unsigned int k;

	TEST_ASSERT(c != NULL, "the port's pool has a cache on this lcore");
	k = c->flushthresh - below;
	TEST_ASSERT(k <= RTE_DIM(obj), "flush threshold %u", c->flushthresh);
	/* Empty it into the backend first, then k from there into it. */
	rte_mempool_ops_enqueue_bulk(mp, c->objs, c->len);
	c->len = 0;
	TEST_ASSERT_EQ(rte_mempool_generic_get(mp, obj, k, NULL), 0,
		       "%u mbufs from the pool's backend", k);
	rte_mempool_generic_put(mp, obj, k, c);
	TEST_ASSERT_EQ(c->len, c->flushthresh - below,
		       "cache filled to %u below its threshold", below);
	return MLX5X_TEST_PASS;
}

static int
txi_up(struct txi_port *tp, const char *devargs)
{
	const uint16_t simd = rte_vect_get_max_simd_bitwidth();
	struct rte_eth_burst_mode mode;
	struct rte_eth_conf conf;
	uint8_t out[TXI_LEN + 64];
	bool avx2;
	int ret;

	memset(tp, 0, sizeof(*tp));
	TEST_ASSERT_EQ(e2e_attach(devargs), 0, "probe");
	tp->pf = e2e_port_by_name(E2E_PCI);
	memset(&conf, 0, sizeof(conf));
	conf.txmode.offloads =
		RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
		(txi_fast_free ? RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE : 0);
	TEST_ASSERT_EQ(rte_eth_dev_configure(tp->pf, 1, 1, &conf), 0,
		       "configure");
	TEST_ASSERT_EQ(rte_eth_rx_queue_setup(tp->pf, 0, 256, SOCKET_ID_ANY,
					      NULL, e2e_pool()),
		       0, "Rx queue");
	TEST_ASSERT_EQ(rte_eth_tx_queue_setup(tp->pf, 0, txi_ring,
					      SOCKET_ID_ANY, NULL),
		       0, "Tx queue");
	/* The burst is picked at start: the EAL's width back after it. */
	if (txi_simd != 0)
		TEST_ASSERT_EQ(rte_vect_set_max_simd_bitwidth(txi_simd), 0,
			       "SIMD width %u", txi_simd);
	avx2 = rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX2) == 1 &&
	       rte_vect_get_max_simd_bitwidth() >= RTE_VECT_SIMD_256;
	ret = rte_eth_dev_start(tp->pf);
	rte_vect_set_max_simd_bitwidth(simd);
	TEST_ASSERT_EQ(ret, 0, "start");
	TEST_ASSERT_EQ(rte_eth_tx_burst_mode_get(tp->pf, 0, &mode), 0, "mode");
	TEST_ASSERT(strstr(mode.info, "Vector SSE4.2") != NULL &&
			    strstr(mode.info, "inline up to 0 ") == NULL,
		    "burst mode \"%s\": not the vector inline one", mode.info);
	TEST_ASSERT((strstr(mode.info, "AVX2 inline copies") != NULL) == avx2 &&
			    (strstr(mode.info, "fast free") != NULL) ==
				    txi_fast_free,
		    "burst mode \"%s\": AVX2 copies %s, fast free %s",
		    mode.info, avx2 ? "expected" : "not expected",
		    txi_fast_free ? "expected" : "not expected");
	tp->other = rte_pktmbuf_pool_create("txi_other", 128, 0, 0,
					    RTE_MBUF_DEFAULT_BUF_SIZE,
					    SOCKET_ID_ANY);
	TEST_ASSERT(tp->other != NULL, "second pool");
	while (mlx5x_emu_capture_wire(0, out, sizeof(out)) > 0)
		;
	rte_eth_stats_reset(tp->pf);
	tp->avail = rte_mempool_avail_count(e2e_pool());
	tp->other_avail = rte_mempool_avail_count(tp->other);
	return MLX5X_TEST_PASS;
}

static void
txi_down(struct txi_port *tp)
{
	rte_eth_dev_stop(tp->pf);
	e2e_detach();
	rte_mempool_free(tp->other);
}

/* The port up for a case with its random frames seeded by seed; on a
 * failure it is down again. */
static int
txi_begin(struct txi_port *tp, uint64_t seed)
{
	if (txi_up(tp, "txqs_min_inline=0") != MLX5X_TEST_PASS) {
		txi_down(tp);
		return MLX5X_TEST_FAIL;
	}
	txi_rng = seed;
	return MLX5X_TEST_PASS;
}

/* Frames on the wire from *wire on (up to n): each as built, in order. */
static int
txi_wire(unsigned int *wire, unsigned int n)
{
	static uint8_t out[TXI_LEN + 64];
	int got;

	while (*wire < n &&
	       (got = mlx5x_emu_capture_wire(0, out, sizeof(out))) > 0) {
		TEST_ASSERT(got == txi_len[*wire] &&
				    memcmp(out, txi_ref[*wire], got) == 0,
			    "frame %u (kind %u, %u bytes): %d bytes on the wire, or other bytes",
			    *wire, txi_kind[*wire], txi_len[*wire], got);
		(*wire)++;
	}
	return MLX5X_TEST_PASS;
}

/*
 * Frames 0..n-1 in bursts of the sizes in b (nb of them, repeated), each
 * burst whole before the next, the adapter lagging by lag polls: then the
 * wire, frame for frame, against what was built; pools full again and
 * the port's counters exact.
 */
static int
txi_send(struct txi_port *tp, unsigned int n, const unsigned int *b,
	 unsigned int nb, unsigned int lag)
{
	static struct rte_mbuf *m[TXI_LONG_BURST];
	static uint8_t out[TXI_LEN + 64];
	struct rte_eth_stats st;
	unsigned int i, sent = 0, wire = 0, tries, j = 0;
	uint64_t bytes = 0;
	int ret;

	for (i = 0; i < n; i++) {
		m[i] = txi_mbuf(i, tp->other);
		TEST_ASSERT(m[i] != NULL, "mbuf %u", i);
		bytes += txi_len[i];
	}
	if (tp->cache_below != 0) {
		ret = txi_cache_fill(tp->cache_below);
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	for (tries = 0; sent < n && tries < 100000; tries++) {
		unsigned int want = RTE_MIN(b[j % nb], n - sent);
		unsigned int k = 0;

		/* The adapter held from the burst to the count of what it
		 * holds: the status reads the completions the adapter wrote,
		 * and its engine thread runs meanwhile otherwise. */
		TEST_ASSERT_EQ(mlx5x_emu_hold(0, 1), 0, "hold the adapter");
		while (k < want && tries++ < 100000) {
			k += rte_eth_tx_burst(tp->pf, 0, m + sent + k,
					      (uint16_t)(want - k));
			ret = txi_cache_check();
			if (ret != MLX5X_TEST_PASS)
				break;
			if (k < want)
				mlx5x_emu_poll();
		}
		sent += k;
		if (j < RTE_DIM(tp->used))
			tp->used[j] = txi_used(tp->pf);
		TEST_ASSERT_EQ(mlx5x_emu_hold(0, 0), 0, "release the adapter");
		if (ret != MLX5X_TEST_PASS)
			return ret;
		j++;
		if (j % (lag + 1) == 0)
			mlx5x_emu_poll();
		ret = txi_wire(&wire, n);
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	TEST_ASSERT_EQ(sent, n, "frames taken");
	for (tries = 0; wire < n && tries < 100000; tries++) {
		mlx5x_emu_poll();
		ret = txi_wire(&wire, n);
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	TEST_ASSERT_EQ(wire, n, "frames on the wire");
	TEST_ASSERT(mlx5x_emu_capture_wire(0, out, sizeof(out)) <= 0,
		    "no frame beyond those sent");
	for (i = 0; i < n; i++)
		if (txi_kind[i] == TXI_SHARED)
			rte_pktmbuf_free(m[i]);
	for (tries = 0; tries < 100000 &&
			(rte_mempool_avail_count(e2e_pool()) != tp->avail ||
			 rte_mempool_avail_count(tp->other) != tp->other_avail);
	     tries++) {
		mlx5x_emu_poll();
		rte_eth_tx_done_cleanup(tp->pf, 0, 0);
	}
	TEST_ASSERT_EQ(rte_mempool_avail_count(e2e_pool()), tp->avail,
		       "port pool full again");
	TEST_ASSERT_EQ(rte_mempool_avail_count(tp->other), tp->other_avail,
		       "second pool full again");
	TEST_ASSERT_EQ(rte_eth_stats_get(tp->pf, &st), 0, "stats");
	TEST_ASSERT(st.opackets == n && st.obytes == bytes && st.oerrors == 0,
		    "counted %" PRIu64 " packets, %" PRIu64 " bytes, %" PRIu64
		    " errors; sent %u, %" PRIu64,
		    st.opackets, st.obytes, st.oerrors, n, bytes);
	rte_eth_stats_reset(tp->pf);
	return MLX5X_TEST_PASS;
}

/* Bursts of 1 to 7 frames the four-at-a-time loop takes: each remainder
 * of four, one at a time after the turns of four. */
static int
test_tx_inline_remainders(void)
{
	struct txi_port tp;
	unsigned int s, i;
	int ret = MLX5X_TEST_PASS;

	E2E_REQUIRE();
	if (txi_begin(&tp, 0x2545f4914f6cdd1dull) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	for (s = 1; s <= 7 && ret == MLX5X_TEST_PASS; s++) {
		for (i = 0; i < 8 * s; i++)
			txi_build(i, txi_plain_len(), TXI_PLAIN);
		ret = txi_send(&tp, 8 * s, &s, 1, 0);
		if (ret != MLX5X_TEST_PASS)
			printf("    bursts of %u\n", s);
	}
	txi_down(&tp);
	return ret;
}

/* The lane of frame i in the second turn of twelve (where < 4), or as the
 * first of the burst (4), or first after four asking for the IPv4
 * checksum (5): the odd kind, or what goes around it. */
static enum txi_kind
txi_odd_place(unsigned int i, unsigned int where, enum txi_kind odd)
{
	if (where < 4)
		return i == 4 + where ? odd : TXI_PLAIN;
	if (where == 4)
		return i == 0 ? odd : TXI_PLAIN;
	return i < 4 ? TXI_CKSUM : i == 4 ? odd : TXI_PLAIN;
}

/* Each kind of frame the loop must leave to the one at a time, in each
 * lane of a turn of four, with frames it takes around it: of any length
 * it takes, then all of its shortest (the length check of four at its
 * bound); and opening a session, first in the burst and first after a
 * session asking for another checksum: a session's checksum request is
 * its first frame's, and whatever else that frame carries (an indirect
 * mbuf, say) must not become what the session's other frames are held
 * to. */
static int
test_tx_inline_odd_lane(void)
{
	static const unsigned int burst[] = { 12 };
	struct txi_port tp;
	unsigned int kind, where, i, shortest;
	int ret = MLX5X_TEST_PASS;

	E2E_REQUIRE();
	if (txi_begin(&tp, 0x9e3779b97f4a7c15ull) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	for (shortest = 0; shortest < 2; shortest++)
		for (kind = TXI_LONG;
		     kind < TXI_KINDS && ret == MLX5X_TEST_PASS; kind++)
			for (where = 0; where < 6 && ret == MLX5X_TEST_PASS &&
					!(txi_fast_free &&
					  txi_kind_shared((enum txi_kind)kind));
			     where++) {
				for (i = 0; i < 12; i++) {
					enum txi_kind k =
						txi_odd_place(i, where,
							      (enum txi_kind)
								      kind);

					txi_build(i,
						  k == TXI_PLAIN && shortest
							  ? 33
							  : txi_kind_len(k),
						  k);
				}
				ret = txi_send(&tp, 12, burst, 1, 0);
				if (ret != MLX5X_TEST_PASS)
					printf("    kind %u at place %u%s\n",
					       kind, where,
					       shortest ? ", 33-byte others"
							: "");
			}
	txi_down(&tp);
	return ret;
}

/* Sessions as long as a WQE takes: bursts of 32 of the longest frames the
 * loop takes (twelve a WQE), of 60 bytes (the loop's room check stops
 * before the WQE is full, one at a time fills it) and of 33 bytes. */
static int
test_tx_inline_wqe_limit(void)
{
	static const unsigned int burst[] = { 32 };
	static const uint16_t len[] = { 64, 60, 33 };
	struct txi_port tp;
	unsigned int l, i;
	int ret = MLX5X_TEST_PASS;

	E2E_REQUIRE();
	if (txi_begin(&tp, 0x0123456789abcdefull) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	for (l = 0; l < RTE_DIM(len) && ret == MLX5X_TEST_PASS; l++) {
		for (i = 0; i < TXI_MAX; i++)
			txi_build(i, len[l], TXI_PLAIN);
		ret = txi_send(&tp, TXI_MAX, burst, 1, 0);
		if (ret != MLX5X_TEST_PASS)
			printf("    %u-byte frames\n", len[l]);
	}
	txi_down(&tp);
	return ret;
}

/*
 * A session whose turns of four leave 48 bytes of its WQE takes one more
 * frame that fits them: after a warm-up burst, a 65-byte frame (its own
 * session: the next asks for a checksum), twelve asking for the IPv4
 * checksum (ten of 64 bytes, two of 60: 928 bytes inline, three turns of
 * four) and a 40-byte one (48 bytes inline) take 2 + 16 WQEBBs, the
 * second session 63 units, the most its 6-bit ds holds. Closing it early
 * would take a 19th WQEBB of a ring the application sizes by them.
 */
static int
test_tx_inline_session_fills_wqe(void)
{
	static const unsigned int burst[] = { 4, 14 };
	struct txi_port tp;
	unsigned int i;
	int ret;

	E2E_REQUIRE();
	if (txi_begin(&tp, 0x3c6ef372fe94f82bull) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	for (i = 0; i < 4; i++)
		txi_build(i, 64, TXI_PLAIN);
	txi_build(4, 65, TXI_LONG);
	for (i = 5; i < 17; i++)
		txi_build(i, i < 15 ? 64 : 60, TXI_CKSUM);
	txi_build(17, 40, TXI_CKSUM);
	ret = txi_send(&tp, 18, burst, RTE_DIM(burst), 0);
	txi_down(&tp);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(tp.used[1], 18u,
		       "WQEBBs of the 14-frame burst (2 + 16 expected)");
	return MLX5X_TEST_PASS;
}

/*
 * One burst of 120 frames of 60 bytes from the second pool, on a ring of
 * 1024 WQEBBs: the four-at-a-time loop and the lean inline burst hand the
 * whole burst to the general one, which inlines every frame and frees the
 * copied mbufs in batches of 64 as it goes. Every frame must reach the
 * wire as built and every mbuf come back to its pool once. Right after
 * the burst the queue reads 128 descriptors in use: eight sessions of 15
 * frames, each ctrl, eth and 15 x 4 units of inline data, 62 units in 16
 * WQEBBs.
 */
static int
test_tx_inline_long_burst(void)
{
	static const unsigned int burst[] = { TXI_LONG_BURST };
	struct txi_port tp;
	unsigned int i;
	int ret;

	E2E_REQUIRE();
	txi_ring = 1024;
	ret = txi_begin(&tp, 0x510e527fade682d1ull);
	txi_ring = TXI_RING;
	if (ret != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	for (i = 0; i < TXI_LONG_BURST; i++)
		txi_build(i, 60, TXI_OTHER_POOL);
	ret = txi_send(&tp, TXI_LONG_BURST, burst, 1, 0);
	txi_down(&tp);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(tp.used[0], 128u,
		       "descriptors in use after the burst (8 x 16 WQEBBs)");
	return MLX5X_TEST_PASS;
}

/* Runs of frames whose data is not at the default headroom (4 bytes past
 * it, 14 before it as after a prepended header), between runs at it, in
 * bursts that cut the runs anywhere: the offset of a session's first
 * frame holds for its turns of four, a frame at another one opens the
 * next session. Every frame must reach the wire as built. */
static int
test_tx_inline_headroom(void)
{
	static const unsigned int burst[] = { 32, 12, 5, 20 };
	static const enum txi_kind run[] = { TXI_HEADROOM, TXI_PREPENDED,
					     TXI_PLAIN, TXI_PREPENDED };
	struct txi_port tp;
	unsigned int r, i;
	int ret = MLX5X_TEST_PASS;

	E2E_REQUIRE();
	if (txi_begin(&tp, 0x51ed27f3a9c4b001ull) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	for (r = 0; r < 4 && ret == MLX5X_TEST_PASS; r++) {
		/* Runs of 16 + r frames of one kind each, the kinds turning
		 * with r. */
		for (i = 0; i < TXI_MAX; i++)
			txi_build(i, txi_plain_len(),
				  run[(i / (16 + r) + r) % RTE_DIM(run)]);
		ret = txi_send(&tp, TXI_MAX, burst + r, RTE_DIM(burst) - r, 0);
		if (ret != MLX5X_TEST_PASS)
			printf("    round %u\n", r);
	}
	txi_down(&tp);
	return ret;
}

/* Round a 64-WQEBB ring many times in bursts whose sessions end anywhere,
 * the adapter lagging: sessions reach the ring's end, and the default
 * burst carries them across it (the turn of four that crosses it copied
 * in two parts). */
static int
test_tx_inline_ring_end(void)
{
	static const unsigned int burst[] = { 13, 32, 7, 21, 4, 29 };
	struct txi_port tp;
	unsigned int r, i;
	int ret = MLX5X_TEST_PASS;

	E2E_REQUIRE();
	if (txi_begin(&tp, 0xfeedfacecafebeefull) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	for (r = 0; r < 12 && ret == MLX5X_TEST_PASS; r++) {
		for (i = 0; i < TXI_MAX; i++)
			txi_build(i, txi_plain_len(), TXI_PLAIN);
		ret = txi_send(&tp, TXI_MAX, burst + r % 3, RTE_DIM(burst) - 3,
			       r % 3);
		if (ret != MLX5X_TEST_PASS)
			printf("    round %u\n", r);
	}
	txi_down(&tp);
	return ret;
}

/* Bursts of frames the loop takes into a cache a few mbufs short of its
 * flush threshold: what the burst puts back flushes it first, as the
 * mempool's own put does, never leaving it beyond the threshold. */
static int
test_tx_inline_cache_flush(void)
{
	static const unsigned int burst[] = { 8 };
	struct txi_port tp;
	unsigned int below, i;
	int ret = MLX5X_TEST_PASS;

	E2E_REQUIRE();
	if (txi_begin(&tp, 0x5851f42d4c957f2dull) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	for (below = 1; below <= 9 && ret == MLX5X_TEST_PASS; below += 4) {
		for (i = 0; i < 16; i++)
			txi_build(i, txi_plain_len(), TXI_PLAIN);
		tp.cache_below = below;
		ret = txi_send(&tp, 16, burst, 1, 0);
		if (ret != MLX5X_TEST_PASS)
			printf("    cache %u below its threshold\n", below);
	}
	txi_down(&tp);
	return ret;
}

/* The queue's pool without a cache (every frame from the second pool,
 * which has none): the copied mbufs go back through the generic put. */
static int
test_tx_inline_no_cache(void)
{
	static const unsigned int burst[] = { 8, 12, 32 };
	struct txi_port tp;
	unsigned int i;
	int ret;

	E2E_REQUIRE();
	if (txi_begin(&tp, 0xda942042e4dd58b5ull) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	for (i = 0; i < TXI_MAX; i++)
		txi_build(i, txi_plain_len(), TXI_OTHER_POOL);
	ret = txi_send(&tp, TXI_MAX, burst, RTE_DIM(burst), 0);
	txi_down(&tp);
	return ret;
}

struct txi_thread {
	struct txi_port *tp;
	int ret;
};

static void *
txi_thread_send(void *arg)
{
	static const unsigned int burst[] = { 4, 32, 12 };
	struct txi_thread *t = arg;

	t->ret = txi_send(t->tp, TXI_MAX, burst, RTE_DIM(burst), 0);
	return NULL;
}

/* The application's own thread, no EAL lcore (no mempool cache of its
 * own): the same frames on the wire, every mbuf back. */
static int
test_tx_inline_non_eal_thread(void)
{
	struct txi_thread t = { .ret = MLX5X_TEST_FAIL };
	struct txi_port tp;
	pthread_t th;
	unsigned int i;

	E2E_REQUIRE();
	if (txi_begin(&tp, 0x2127599bf4325c37ull) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	for (i = 0; i < TXI_MAX; i++)
		txi_build(i, txi_plain_len(), TXI_PLAIN);
	t.tp = &tp;
	if (pthread_create(&th, NULL, txi_thread_send, &t) != 0) {
		txi_down(&tp);
		TEST_ASSERT(false, "thread");
	}
	pthread_join(th, NULL);
	txi_down(&tp);
	return t.ret;
}

/* The edge cases again with SSE4.2 copies (the EAL's SIMD width at 128
 * bits), with MBUF_FAST_FREE (the copied mbufs' pools unread; kinds that
 * break its promise, another pool and shared mbufs, left out), and
 * both. */
static int
test_tx_inline_variants(void)
{
	static const struct {
		uint16_t simd;
		bool fast_free;
	} var[] = {
		{ RTE_VECT_SIMD_128, false },
		{ 0, true },
		{ RTE_VECT_SIMD_128, true },
	};
	static int (*const cases[])(void) = {
		test_tx_inline_remainders,	  test_tx_inline_odd_lane,
		test_tx_inline_wqe_limit,	  test_tx_inline_headroom,
		test_tx_inline_ring_end,	  test_tx_inline_cache_flush,
		test_tx_inline_session_fills_wqe,
	};
	unsigned int v, c;
	int ret = MLX5X_TEST_PASS;

	E2E_REQUIRE();
	for (v = 0; v < RTE_DIM(var) && ret == MLX5X_TEST_PASS; v++)
		for (c = 0; c < RTE_DIM(cases) && ret == MLX5X_TEST_PASS; c++) {
			txi_simd = var[v].simd;
			txi_fast_free = var[v].fast_free;
			ret = cases[c]();
			if (ret != MLX5X_TEST_PASS)
				printf("    SIMD width %u, fast free %d, case %u\n",
				       var[v].simd, var[v].fast_free, c);
		}
	txi_simd = 0;
	txi_fast_free = false;
	return ret;
}

static int
txi_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
txi_teardown(void)
{
	e2e_detach();
}

MLX5X_TEST_SUITE(e2e_tx_inline_suite, "e2e_tx_inline", "e2e", txi_setup,
		 txi_teardown, MLX5X_TEST_CASE(test_tx_inline_remainders),
		 MLX5X_TEST_CASE(test_tx_inline_odd_lane),
		 MLX5X_TEST_CASE(test_tx_inline_wqe_limit),
		 MLX5X_TEST_CASE(test_tx_inline_session_fills_wqe),
		 MLX5X_TEST_CASE(test_tx_inline_long_burst),
		 MLX5X_TEST_CASE(test_tx_inline_headroom),
		 MLX5X_TEST_CASE(test_tx_inline_ring_end),
		 MLX5X_TEST_CASE(test_tx_inline_cache_flush),
		 MLX5X_TEST_CASE(test_tx_inline_no_cache),
		 MLX5X_TEST_CASE(test_tx_inline_non_eal_thread),
		 MLX5X_TEST_CASE(test_tx_inline_variants))
