/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tx burst variants, differentially: one random corpus (Ethernet with
 * IPv4, IPv6 or neither, TCP or UDP, checksum requests, sizes 60 to what
 * one mbuf holds, or to 9000 in chains where multi-segment is on, VLAN
 * insertion where it is on, shared mbufs, two pools) goes out through every
 * Tx burst variant (scalar SEND, full, fast free, eMPW by pointer, eMPW
 * inline with SSE4.2 or AVX2 copies, with and without a required inline
 * header) on a 64-WQEBB ring
 * that wraps and fills, in bursts of random sizes. Every frame on the wire
 * is checked by a decoder written here (its own Ethernet/VLAN/IP/L4
 * parsing and Internet checksums, nothing from the driver or emulator)
 * against the frame the test built, and each variant's wire must equal
 * the first's byte for byte. Completion must put every mbuf back: both
 * pools full again, the port's counters exact (obytes the wire's bytes,
 * whichever burst sent them). With bad mbufs among them (no data, runts
 * of 1 to 13 bytes, chains longer or shorter than nb_segs, empty segments
 * in chains, a pkt_len that disagrees with the segments) and good frames
 * of 14 to 59 bytes, every variant drops exactly the empty ones, the runts
 * and the miscounted chains at their place, counts them, sends the others
 * as their segments hold them, and stops and starts again cleanly.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cpuflags.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_vect.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"

#define TXD_N 300u
#define TXD_RING 64
#define TXD_JUMBO 9000
#define TXD_WIRE (TXD_JUMBO + 64)

/* One frame of the corpus: what the test built and asked for. */
struct txd_frame {
	uint32_t len;
	uint8_t l3;    /* 0 (none), 4, 6 */
	uint8_t l4;    /* 0, 6 (TCP), 17 (UDP) */
	bool ip_cksum; /* IPv4 header checksum requested */
	bool l4_cksum; /* TCP/UDP checksum requested */
	bool vlan;     /* VLAN insertion requested */
	uint16_t tci;
	bool shared;	 /* the test keeps a reference while it is sent */
	bool other_pool; /* from the second pool */
	uint8_t bad;	 /* TXD_BAD_*: how its mbuf is malformed */
};

/* Malformed mbufs of the bad corpus (txd_bad): no byte in any segment,
 * fewer bytes than an Ethernet header, a chain longer or shorter than its
 * nb_segs (all four dropped); an empty segment first or in the middle of
 * a chain, pkt_len other than the segments' sum (both sent as their
 * segments hold). */
enum {
	TXD_BAD_NONE,
	TXD_BAD_EMPTY,
	TXD_BAD_HOLE,
	TXD_BAD_LEN,
	TXD_BAD_RUNT,
	TXD_BAD_SEGS_MORE,
	TXD_BAD_SEGS_LESS,
};

/* The driver drops an mbuf of this kind instead of sending it. */
static bool
txd_dropped(uint8_t bad)
{
	return bad == TXD_BAD_EMPTY || bad == TXD_BAD_RUNT ||
	       bad == TXD_BAD_SEGS_MORE || bad == TXD_BAD_SEGS_LESS;
}

/* A Tx variant: how the port is probed and configured, and what its burst
 * mode must (and must not) say. */
struct txd_variant {
	const char *devargs;
	uint64_t offloads;
	bool jumbo; /* chains up to TXD_JUMBO bytes, VLAN insertion */
	bool fast;  /* MBUF_FAST_FREE: one pool, no shared mbufs */
	const char *mode_has;
	const char *mode_not;
	/* The EAL's widest SIMD while the port starts (0: as it is). */
	uint16_t simd;
	/* The inline burst with AVX2 copies wherever the CPU and the EAL
	 * allow it, and only there: the burst mode says so or not. */
	bool avx2;
};

static struct txd_frame corpus[TXD_N];
static uint8_t ref[TXD_N][TXD_JUMBO];
/* The first variant's wire, and the current one's. */
static uint16_t first_len[TXD_N], got_len[TXD_N];
static uint8_t first_wire[TXD_N][TXD_WIRE], got_wire[TXD_N][TXD_WIRE];
static uint64_t rng;
/* Every frame UDP over IPv4 with both checksums asked and short enough to
 * be inlined: eMPW sessions as long as a WQE takes. */
static bool txd_uniform;
/* Every frame UDP over IPv4 of 60 to 64 bytes (what the inline burst's
 * turns of four take), a checksum request changing now and then. */
static bool txd_small;
/* Some mbufs malformed (txd_frame.bad). */
static bool txd_bad;
/* Times txd_run sends the corpus on one port (bursts of other sizes each
 * time). */
static unsigned int txd_rounds = 1;

static uint32_t
txd_rand(void)
{
	/* xorshift64 */
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

/* ---- the test's decoder: Internet checksum, headers ------------------- */

static uint32_t
txd_sum(uint32_t s, const uint8_t *p, uint32_t len)
{
	uint32_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	return s;
}

static uint16_t
txd_fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* Build frame k of the corpus into ref[k] (jumbo: sizes up to TXD_JUMBO,
 * VLAN requests). */
static void
txd_build(unsigned int k, bool jumbo)
{
	struct txd_frame *f = &corpus[k];
	uint8_t *p = ref[k];
	uint32_t max = jumbo ? TXD_JUMBO : RTE_MBUF_DEFAULT_DATAROOM;
	uint32_t r = txd_rand(), l3len, i, min;

	memset(f, 0, sizeof(*f));
	f->l3 = (uint8_t)((r >> 2) % 5 == 0 ? 0 : (r >> 2) % 5 <= 2 ? 4 : 6);
	f->l4 = f->l3 == 0 ? 0 : ((r >> 5) & 1) ? 6 : 17;
	if (txd_uniform || txd_small) {
		f->l3 = 4;
		f->l4 = 17;
		r |= 1; /* short */
	}
	min = RTE_MAX(60u, 14u +
				   (f->l3 == 4	 ? 20u
				    : f->l3 == 6 ? 40u
						 : 0u) +
				   (f->l4 == 6 ? 20u
				    : f->l4    ? 8u
					       : 0u));
	/* Mostly short frames (where eMPW inlines), some of any size. */
	f->len = r % 4 == 0 ? min + txd_rand() % (max - min + 1)
			    : min + txd_rand() % 240;
	/* Mostly what the turns of four take, one in eight longer (the
	 * rest of its burst to the general inline burst). */
	if (txd_small)
		f->len = (r >> 20) % 8 != 0 ? 60 + (r >> 23) % 5
					    : 65 + (r >> 23) % 236;
	f->ip_cksum = f->l3 == 4 && (((r >> 6) & 3) != 0 || txd_uniform ||
				     (txd_small && ((r >> 6) & 15) != 0));
	f->l4_cksum = f->l4 != 0 && (((r >> 8) & 3) != 0 || txd_uniform ||
				     (txd_small && ((r >> 8) & 15) != 0));
	f->vlan = jumbo && ((r >> 10) & 3) == 0;
	f->tci = (uint16_t)(txd_rand() & 0xefff);
	f->shared = ((r >> 12) % 7) == 0;
	f->other_pool = ((r >> 15) % 9) == 0;
	if (txd_bad) {
		uint32_t b = txd_rand() % 16;

		/* Holes only where chains are on. */
		f->bad = (uint8_t)(b == 0	     ? TXD_BAD_EMPTY
				   : b == 1	     ? TXD_BAD_LEN
				   : b == 2 && jumbo ? TXD_BAD_HOLE
				   : b == 3	     ? TXD_BAD_RUNT
				   : b == 4	     ? TXD_BAD_SEGS_MORE
				   : b == 5	     ? TXD_BAD_SEGS_LESS
						     : TXD_BAD_NONE);
		/* Good frames of 14 to 59 bytes (no IP): out as they are,
		 * the adapter's to pad. */
		if (b == 6) {
			f->l3 = 0;
			f->l4 = 0;
			f->ip_cksum = false;
			f->l4_cksum = false;
			f->len = 14 + txd_rand() % 46;
		}
		/* A run of empties now and then: several in one turn of the
		 * vector loops. */
		if (k > 0 && corpus[k - 1].bad == TXD_BAD_EMPTY &&
		    (r >> 22) % 2 == 0)
			f->bad = TXD_BAD_EMPTY;
	}
	for (i = 0; i < f->len; i++)
		p[i] = (uint8_t)(txd_rand() >> 3);
	memcpy(p, (const uint8_t[]){ 2, 0, 0, 0, 0, 9, 2, 0, 0, 0, 0, 8 }, 12);
	if (f->l3 == 0) {
		p[12] = 0x88; /* IEEE local experimental EtherType */
		p[13] = 0xb5;
		return;
	}
	l3len = f->l3 == 4 ? 20 : 40;
	if (f->l3 == 4) {
		p[12] = 0x08;
		p[13] = 0x00;
		p[14] = 0x45;
		p[16] = (uint8_t)((f->len - 14) >> 8);
		p[17] = (uint8_t)(f->len - 14);
		p[20] = 0; /* not a fragment */
		p[21] = 0;
		p[23] = f->l4;
		p[24] = 0;
		p[25] = 0;
	} else {
		p[12] = 0x86;
		p[13] = 0xdd;
		p[14] = 0x60;
		p[18] = (uint8_t)((f->len - 54) >> 8);
		p[19] = (uint8_t)(f->len - 54);
		p[20] = f->l4;
	}
	if (f->l4 == 6) {
		p[14 + l3len + 12] = 0x50; /* data offset 5 words */
	} else {
		uint32_t ulen = f->len - 14 - l3len;

		p[14 + l3len + 4] = (uint8_t)(ulen >> 8);
		p[14 + l3len + 5] = (uint8_t)ulen;
	}
}

/* A runt for frame k at *head: its first 1 to 13 bytes, in two segments
 * where chains are on (every other one). */
static int
txd_runt(unsigned int k, struct rte_mempool *mp, bool chain,
	 struct rte_mbuf **head)
{
	uint16_t len = (uint16_t)(1 + k % (RTE_ETHER_HDR_LEN - 1));
	uint16_t first = chain && k % 2 == 0 && len > 1 ? len / 2 : len;
	struct rte_mbuf *e;

	*head = rte_pktmbuf_alloc(mp);
	if (*head == NULL)
		return -1;
	memcpy(rte_pktmbuf_append(*head, first), ref[k], first);
	if (first == len)
		return 0;
	e = rte_pktmbuf_alloc(mp);
	if (e == NULL)
		return -1;
	memcpy(rte_pktmbuf_append(e, (uint16_t)(len - first)), ref[k] + first,
	       len - first);
	if (rte_pktmbuf_chain(*head, e) != 0) {
		rte_pktmbuf_free(e);
		return -1;
	}
	return 0;
}

/* Make the mbuf (chain) at *head of frame k as bad as corpus[k].bad asks:
 * no data (one empty mbuf, or two chained where chains are on), an empty
 * segment first or second, a pkt_len off the segments' sum, a runt, a
 * chain one segment longer than nb_segs says (or nb_segs 0) or shorter. */
static int
txd_malform(unsigned int k, struct rte_mempool *mp, bool chain,
	    struct rte_mbuf **head)
{
	const struct txd_frame *f = &corpus[k];
	struct rte_mbuf *e, *last;

	switch (f->bad) {
	case TXD_BAD_RUNT:
		return txd_runt(k, mp, chain, head);
	case TXD_BAD_SEGS_MORE:
		if (!chain || k % 3 == 0) {
			(*head)->nb_segs = 0;
			return 0;
		}
		/* One more segment linked than counted: its bytes in
		 * pkt_len, as if nb_segs alone were wrong. */
		e = rte_pktmbuf_alloc(mp);
		if (e == NULL)
			return -1;
		memset(rte_pktmbuf_append(e, 20), 0xee, 20);
		for (last = *head; last->next != NULL; last = last->next)
			;
		last->next = e;
		(*head)->pkt_len += 20;
		return 0;
	case TXD_BAD_SEGS_LESS:
		(*head)->nb_segs++;
		return 0;
	case TXD_BAD_EMPTY:
		*head = rte_pktmbuf_alloc(mp);
		if (*head == NULL)
			return -1;
		if (chain && k % 2 == 0) {
			e = rte_pktmbuf_alloc(mp);
			if (e == NULL || rte_pktmbuf_chain(*head, e) != 0) {
				rte_pktmbuf_free(e);
				return -1;
			}
		}
		return 0;
	case TXD_BAD_HOLE:
		e = rte_pktmbuf_alloc(mp);
		if (e == NULL)
			return -1;
		if (k % 2 == 0) {
			/* First: the empty one heads the chain. */
			if (rte_pktmbuf_chain(e, *head) != 0) {
				rte_pktmbuf_free(e);
				return -1;
			}
			*head = e;
		} else {
			e->next = (*head)->next;
			(*head)->next = e;
			(*head)->nb_segs++;
		}
		return 0;
	case TXD_BAD_LEN:
		/* More, fewer or none: the segments are the frame. */
		(*head)->pkt_len = k % 3 == 0	? (*head)->pkt_len + 100
				   : k % 3 == 1 ? (*head)->pkt_len - 10
						: 0;
		return 0;
	default:
		return 0;
	}
}

/* The mbuf (chain) for frame k: data in segments of random sizes when
 * chained, offload requests, a reference kept when shared. */
static struct rte_mbuf *
txd_mbuf(unsigned int k, struct rte_mempool *other, bool chain, bool fast)
{
	const struct txd_frame *f = &corpus[k];
	struct rte_mempool *mp = f->other_pool && !fast ? other : e2e_pool();
	struct rte_mbuf *head = NULL;
	uint32_t off =
		f->bad == TXD_BAD_EMPTY || f->bad == TXD_BAD_RUNT ? f->len : 0;

	while (off < f->len) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
		uint32_t room, part;

		if (m == NULL)
			goto err;
		room = rte_pktmbuf_tailroom(m);
		part = RTE_MIN(room, f->len - off);
		if (chain && f->len - off > 64)
			part = RTE_MIN(part, 64 + txd_rand() % (f->len - off));
		memcpy(rte_pktmbuf_append(m, (uint16_t)part), ref[k] + off,
		       part);
		off += part;
		if (head == NULL)
			head = m;
		else if (rte_pktmbuf_chain(head, m) != 0)
			goto err;
	}
	if (f->bad != TXD_BAD_NONE && txd_malform(k, mp, chain, &head) != 0)
		goto err;
	if (head == NULL)
		return NULL;
	head->l2_len = 14;
	head->l3_len = f->l3 == 4 ? 20 : 40;
	head->l4_len = f->l4 == 6 ? 20 : 8;
	if (f->l3 == 4)
		head->ol_flags |= RTE_MBUF_F_TX_IPV4;
	if (f->l3 == 6)
		head->ol_flags |= RTE_MBUF_F_TX_IPV6;
	if (f->ip_cksum)
		head->ol_flags |= RTE_MBUF_F_TX_IP_CKSUM;
	if (f->l4_cksum)
		head->ol_flags |= f->l4 == 6 ? RTE_MBUF_F_TX_TCP_CKSUM
					     : RTE_MBUF_F_TX_UDP_CKSUM;
	if (f->vlan) {
		head->ol_flags |= RTE_MBUF_F_TX_VLAN;
		head->vlan_tci = f->tci;
	}
	/* A reference on every segment: freeing a chain frees each
	 * segment whose own count drops to 0. */
	if (f->shared && !fast) {
		struct rte_mbuf *s;

		for (s = head; s != NULL; s = s->next)
			rte_mbuf_refcnt_update(s, 1);
	}
	return head;
err:
	rte_pktmbuf_free(head);
	return NULL;
}

/* What frame k must look like on the wire, checksums aside, into exp;
 * its length. */
static uint32_t
txd_expect(unsigned int k, uint8_t *exp)
{
	const struct txd_frame *f = &corpus[k];

	if (!f->vlan) {
		memcpy(exp, ref[k], f->len);
		return f->len;
	}
	memcpy(exp, ref[k], 12);
	exp[12] = 0x81;
	exp[13] = 0x00;
	exp[14] = (uint8_t)(f->tci >> 8);
	exp[15] = (uint8_t)f->tci;
	memcpy(exp + 16, ref[k] + 12, f->len - 12);
	return f->len + 4;
}

/* Frame k as captured: the expected bytes, with every requested checksum
 * valid (and only those fields different). */
static int
txd_check(unsigned int k, const uint8_t *got, uint32_t len, const char *mode)
{
	static uint8_t exp[TXD_WIRE];
	const struct txd_frame *f = &corpus[k];
	uint32_t elen = txd_expect(k, exp);
	uint32_t l2 = f->vlan ? 18 : 14, l3len = f->l3 == 4 ? 20 : 40;
	const uint8_t *ip = got + l2, *l4 = got + l2 + l3len;

	TEST_ASSERT_EQ(len, elen, "%s: frame %u length", mode, k);
	if (f->ip_cksum) {
		TEST_ASSERT_EQ(txd_fold(txd_sum(0, ip, 20)), 0xffff,
			       "%s: frame %u IPv4 header checksum", mode, k);
		exp[l2 + 10] = ip[10];
		exp[l2 + 11] = ip[11];
	}
	if (f->l4_cksum) {
		uint32_t l4len = len - l2 - l3len, s = 0;
		uint32_t off = f->l4 == 6 ? 16 : 6;

		/* Pseudo-header: addresses, protocol, L4 length. */
		if (f->l3 == 4)
			s = txd_sum(s, ip + 12, 8);
		else
			s = txd_sum(s, ip + 8, 32);
		s += f->l4 + l4len;
		s = txd_sum(s, l4, l4len);
		TEST_ASSERT_EQ(txd_fold(s), 0xffff, "%s: frame %u %s checksum",
			       mode, k, f->l4 == 6 ? "TCP" : "UDP");
		if (f->l4 == 17)
			TEST_ASSERT(l4[6] != 0 || l4[7] != 0,
				    "%s: frame %u UDP checksum 0 (means none)",
				    mode, k);
		exp[l2 + l3len + off] = l4[off];
		exp[l2 + l3len + off + 1] = l4[off + 1];
	}
	TEST_ASSERT(memcmp(exp, got, len) == 0, "%s: frame %u bytes", mode, k);
	return MLX5X_TEST_PASS;
}

/* ---- one variant -------------------------------------------------------- */

static int
txd_port_up(const struct txd_variant *v, uint16_t *pf)
{
	const uint16_t simd = rte_vect_get_max_simd_bitwidth();
	struct rte_eth_conf conf;
	int ret;

	TEST_ASSERT_EQ(e2e_attach(v->devargs), 0, "probe with %s",
		       v->devargs ? v->devargs : "no devargs");
	*pf = e2e_port_by_name(E2E_PCI);
	memset(&conf, 0, sizeof(conf));
	conf.txmode.offloads = v->offloads;
	TEST_ASSERT_EQ(rte_eth_dev_configure(*pf, 1, 1, &conf), 0, "configure");
	TEST_ASSERT_EQ(rte_eth_rx_queue_setup(*pf, 0, 256, SOCKET_ID_ANY, NULL,
					      e2e_pool()),
		       0, "Rx queue");
	TEST_ASSERT_EQ(rte_eth_tx_queue_setup(*pf, 0, TXD_RING, SOCKET_ID_ANY,
					      NULL),
		       0, "Tx queue of %u", TXD_RING);
	/* The burst is picked at start: the EAL's width back after it. */
	if (v->simd != 0)
		TEST_ASSERT_EQ(rte_vect_set_max_simd_bitwidth(v->simd), 0,
			       "SIMD width %u", v->simd);
	ret = rte_eth_dev_start(*pf);
	if (v->simd != 0)
		rte_vect_set_max_simd_bitwidth(simd);
	TEST_ASSERT_EQ(ret, 0, "start");
	return MLX5X_TEST_PASS;
}

/* Take what reached the wire into got_wire. */
static int
txd_capture(unsigned int *n)
{
	static uint8_t out[TXD_WIRE + 64];
	int got;

	while (*n < TXD_N &&
	       (got = mlx5x_emu_capture_wire(0, out, sizeof(out))) > 0) {
		TEST_ASSERT(got <= TXD_WIRE, "frame of %d bytes", got);
		got_len[*n] = (uint16_t)got;
		memcpy(got_wire[*n], out, (size_t)got);
		(*n)++;
	}
	return MLX5X_TEST_PASS;
}

/* After bad mbufs: the port stops and starts again cleanly (its SQ was
 * never in error), and a burst of good frames with an empty mbuf second, a
 * 3-byte runt sixth and an mbuf of nb_segs 0 seventh sends exactly the
 * good ones; every mbuf comes back. */
static int
txd_restart(uint16_t pf, const struct txd_variant *v, struct rte_mempool *other,
	    unsigned int avail, unsigned int other_avail)
{
	static uint8_t out[TXD_WIRE + 64];
	struct rte_mbuf *m[16];
	uint16_t frame[RTE_DIM(m)];
	unsigned int i, k = 0, tries;
	struct rte_eth_stats st;
	int got, ret;

	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop after bad mbufs");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start again");
	rte_eth_stats_reset(pf);
	for (i = 0; i < RTE_DIM(m); i++) {
		if (i == 1 || i == 5 || i == 6) {
			m[i] = rte_pktmbuf_alloc(e2e_pool());
			TEST_ASSERT(m[i] != NULL, "bad mbuf");
			if (i == 5)
				memcpy(rte_pktmbuf_append(m[i], 3), ref[0], 3);
			if (i == 6) {
				memcpy(rte_pktmbuf_append(m[i], 60), ref[0],
				       60);
				m[i]->nb_segs = 0;
			}
			frame[i] = UINT16_MAX;
			continue;
		}
		while (k < TXD_N &&
		       (corpus[k].shared || corpus[k].bad != TXD_BAD_NONE))
			k++;
		TEST_ASSERT(k < TXD_N, "good frames in the corpus");
		m[i] = txd_mbuf(k, other, v->jumbo, v->fast);
		TEST_ASSERT(m[i] != NULL, "mbuf for frame %u", k);
		frame[i] = (uint16_t)k++;
	}
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, m, RTE_DIM(m)), RTE_DIM(m),
		       "the burst after restart taken whole");
	for (i = 0; i < RTE_DIM(m); i++) {
		if (frame[i] == UINT16_MAX)
			continue;
		got = 0;
		for (tries = 0; tries < 100000 && got <= 0; tries++) {
			mlx5x_emu_poll();
			got = mlx5x_emu_capture_wire(0, out, sizeof(out));
		}
		TEST_ASSERT(got > 0, "after restart: frame %u on the wire",
			    frame[i]);
		ret = txd_check(frame[i], out, (uint32_t)got, "after restart");
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	TEST_ASSERT(e2e_tx_reclaim_pools(pf, e2e_pool(), avail, other,
					 other_avail),
		    "after restart: every mbuf back");
	TEST_ASSERT_EQ(rte_eth_stats_get(pf, &st), 0, "stats");
	TEST_ASSERT(st.opackets == RTE_DIM(m) - 3 && st.oerrors == 3,
		    "after restart: %" PRIu64 " sent, %" PRIu64 " errors",
		    st.opackets, st.oerrors);
	return MLX5X_TEST_PASS;
}

static int
txd_run(const struct txd_variant *v, bool first)
{
	static struct rte_mbuf *m[TXD_N];
	struct rte_eth_burst_mode mode;
	struct rte_eth_stats st;
	struct rte_mempool *other;
	uint8_t out[TXD_WIRE + 64];
	unsigned int i, j, sent, wire, tries, full_calls = 0, round;
	unsigned int avail, other_avail, empty = 0;
	uint64_t obytes = 0;
	uint16_t pf;
	int ret;

	ret = txd_port_up(v, &pf);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(rte_eth_tx_burst_mode_get(pf, 0, &mode), 0, "mode");
	TEST_ASSERT(strstr(mode.info, v->mode_has) != NULL,
		    "%s: burst mode \"%s\" lacks \"%s\"",
		    v->devargs ? v->devargs : "defaults", mode.info,
		    v->mode_has);
	TEST_ASSERT(v->mode_not == NULL ||
			    strstr(mode.info, v->mode_not) == NULL,
		    "burst mode \"%s\" says \"%s\"", mode.info, v->mode_not);
	if (v->avx2) {
		bool avx2 =
			rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX2) == 1 &&
			rte_vect_get_max_simd_bitwidth() >= RTE_VECT_SIMD_256;

		TEST_ASSERT((strstr(mode.info, "AVX2 inline copies") != NULL) ==
				    avx2,
			    "burst mode \"%s\" on a CPU %s AVX2 (SIMD width %u)",
			    mode.info, avx2 ? "with" : "without",
			    rte_vect_get_max_simd_bitwidth());
	}
	other = rte_pktmbuf_pool_create("txd_other", 512, 0, 0,
					RTE_MBUF_DEFAULT_BUF_SIZE,
					SOCKET_ID_ANY);
	TEST_ASSERT(other != NULL, "second pool");
	while (mlx5x_emu_capture_wire(0, out, sizeof(out)) > 0)
		;
	rte_eth_stats_reset(pf);
	avail = rte_mempool_avail_count(e2e_pool());
	other_avail = rte_mempool_avail_count(other);
	/* Dropped mbufs, and the bytes of the others as the wire sees
	 * them (their segments' bytes, a tag where one is inserted). */
	for (i = 0; i < TXD_N; i++) {
		if (txd_dropped(corpus[i].bad))
			empty++;
		else
			obytes += corpus[i].len + (corpus[i].vlan ? 4 : 0);
	}
	/* The corpus txd_rounds times, the ring's indexes going on: each
	 * round's wire the same. */
	for (round = 0; round < txd_rounds; round++) {
		sent = 0;
		wire = 0;
		for (i = 0; i < TXD_N; i++) {
			m[i] = txd_mbuf(i, other, v->jumbo, v->fast);
			TEST_ASSERT(m[i] != NULL, "mbuf %u", i);
		}
		rng = 77 + round;
		/* Bursts of 1..48 on a 64-WQEBB ring: it wraps, and fills when
		 * the adapter lags (then only part of a burst is taken). */
		for (tries = 0; sent < TXD_N && tries < 200000; tries++) {
			unsigned int b = 1 + txd_rand() % 48;
			uint16_t k;

			b = RTE_MIN(b, TXD_N - sent);
			k = rte_eth_tx_burst(pf, 0, m + sent, (uint16_t)b);
			sent += k;
			if (k < b) {
				full_calls++;
				mlx5x_emu_poll();
			}
			ret = txd_capture(&wire);
			if (ret != MLX5X_TEST_PASS)
				goto out;
		}
		for (tries = 0; wire < TXD_N - empty && tries < 200000;
		     tries++) {
			mlx5x_emu_poll();
			ret = txd_capture(&wire);
			if (ret != MLX5X_TEST_PASS)
				goto out;
		}
		/* The test's own references on shared mbufs. */
		for (i = 0; i < sent; i++)
			if (corpus[i].shared && !v->fast)
				rte_pktmbuf_free(m[i]);
		e2e_tx_reclaim_pools(pf, e2e_pool(), avail, other, other_avail);
		/* Anything late (a dropped mbuf sent after all) arrives by
		 * now. */
		ret = txd_capture(&wire);
		if (ret != MLX5X_TEST_PASS)
			goto out;
		ret = MLX5X_TEST_FAIL;
		if (sent != TXD_N || wire != TXD_N - empty) {
			printf("    %s: %u accepted, %u on the wire of %u (%u dropped)\n",
			       mode.info, sent, wire, TXD_N - empty, empty);
			goto out;
		}
		if (rte_mempool_avail_count(e2e_pool()) != avail ||
		    rte_mempool_avail_count(other) != other_avail) {
			printf("    %s: pools %u/%u and %u/%u after completion\n",
			       mode.info, rte_mempool_avail_count(e2e_pool()),
			       avail, rte_mempool_avail_count(other),
			       other_avail);
			goto out;
		}
		/* Only the bad ones dropped, each counted once; the bytes
		 * counted those on the wire, whichever burst sent them. */
		if (rte_eth_stats_get(pf, &st) != 0 ||
		    st.opackets != TXD_N - empty || st.oerrors != empty ||
		    st.obytes != obytes ||
		    e2e_xstat_by_name(pf, "tx_q0_bad_mbuf_drops") !=
			    (int64_t)empty) {
			printf("    %s: %" PRIu64 " packets, %" PRIu64
			       " bytes, %" PRIu64 " errors counted, %" PRId64
			       " bad mbufs (%u dropped, %" PRIu64 " bytes)\n",
			       mode.info, st.opackets, st.obytes, st.oerrors,
			       e2e_xstat_by_name(pf, "tx_q0_bad_mbuf_drops"),
			       empty, obytes);
			goto out;
		}
		/* Wire frame j is corpus frame i, the dropped ones skipped. */
		for (i = 0, j = 0; i < TXD_N; i++) {
			if (txd_dropped(corpus[i].bad))
				continue;
			ret = txd_check(i, got_wire[j], got_len[j], mode.info);
			if (ret != MLX5X_TEST_PASS)
				goto out;
			if (first && round == 0) {
				first_len[i] = got_len[j];
				memcpy(first_wire[i], got_wire[j], got_len[j]);
			} else if (first_len[i] != got_len[j] ||
				   memcmp(first_wire[i], got_wire[j],
					  got_len[j]) != 0) {
				printf("    %s: frame %u differs from the first variant's\n",
				       mode.info, i);
				ret = MLX5X_TEST_FAIL;
				goto out;
			}
			j++;
		}
		rte_eth_stats_reset(pf);
	}
	printf("    %s: %u frames x %u, %u bursts cut short by a full ring, %u bad mbufs dropped\n",
	       mode.info, TXD_N - empty, txd_rounds, full_calls, empty);
	ret = txd_bad ? txd_restart(pf, v, other, avail, other_avail)
		      : MLX5X_TEST_PASS;
out:
	rte_eth_dev_stop(pf);
	e2e_detach();
	rte_mempool_free(other);
	return ret;
}

/* Every variant over one corpus; jumbo corpora only where chains are on. */
static int
txd_compare(const struct txd_variant *v, unsigned int nb, uint64_t seed)
{
	unsigned int i;
	int ret;

	E2E_REQUIRE();
	rng = seed;
	for (i = 0; i < TXD_N; i++)
		txd_build(i, v[0].jumbo);
	for (i = 0; i < nb; i++) {
		ret = txd_run(&v[i], i == 0);
		if (ret != MLX5X_TEST_PASS)
			return ret;
	}
	return MLX5X_TEST_PASS;
}

#define CKS                                                                    \
	(RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM |        \
	 RTE_ETH_TX_OFFLOAD_TCP_CKSUM)

static const struct txd_variant txd_v_single[] = {
	{ "txq_mpw_en=0", CKS, false, false, "Scalar single-segment,", "eMPW" },
	{ NULL, CKS | RTE_ETH_TX_OFFLOAD_MULTI_SEGS, false, false, "Scalar",
	  "single-segment" },
	{ "txq_mpw_en=0", CKS | RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE, false, true,
	  "fast free", "eMPW" },
	{ "tx_vec_en=0,txq_inline_mpw=0", CKS, false, false,
	  "Scalar single-segment eMPW (inline up to 0 ", NULL },
	{ "tx_vec_en=0,txqs_min_inline=0", CKS, false, false,
	  "Scalar single-segment eMPW (inline up to 268 ", NULL },
	{ "tx_vec_en=0,txq_inline_mpw=930,txqs_min_inline=0", CKS, false, false,
	  "Scalar single-segment eMPW (inline up to 930 ", NULL },
	{ "tx_vec_en=0,txq_inline_mpw=0",
	  CKS | RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE, false, true,
	  "eMPW (inline up to 0 bytes), fast free", NULL },
	{ "txq_inline_mpw=0", CKS, false, false,
	  "Vector SSE4.2 single-segment eMPW (inline up to 0 ", NULL },
	{ "txqs_min_inline=0", CKS, false, false,
	  "Vector SSE4.2 single-segment eMPW (inline up to 268 ", NULL, 0,
	  true },
	{ "txqs_min_inline=0", CKS, false, false,
	  "Vector SSE4.2 single-segment eMPW (inline up to 268 ", "AVX2",
	  RTE_VECT_SIMD_128, false },
	{ NULL, CKS, false, false,
	  "Vector SSE4.2 single-segment eMPW (inline up to 0 bytes), 0-byte inline header, no data inline: 1 Tx queues < txqs_min_inline=8",
	  NULL },
	{ "txq_inline_mpw=0", CKS | RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE, false,
	  true, "Vector SSE4.2", NULL },
};

/* Single-segment frames up to one mbuf: SEND per packet, the full burst,
 * fast free, eMPW by pointer (the default with one Tx queue), eMPW inline
 * (txqs_min_inline=0, 268 and 930 bytes; vector with AVX2 copies where
 * the CPU has them, and SSE4.2 alone), eMPW with fast free. */
static int
test_tx_diff_single_segment(void)
{
	return txd_compare(txd_v_single, RTE_DIM(txd_v_single),
			   0x9e3779b97f4a7c15ull);
}

static const struct txd_variant txd_v_inline_min[] = {
	{ "txq_inline_min=18,txq_mpw_en=0", CKS, false, false,
	  "18-byte inline header", "eMPW" },
	{ "txq_inline_min=18,tx_vec_en=0,txqs_min_inline=0", CKS, false, false,
	  "Scalar single-segment eMPW (inline up to 268 ", NULL },
	{ "txq_inline_min=18,txq_inline_mpw=100,txqs_min_inline=0", CKS, false,
	  false, "Vector SSE4.2 single-segment eMPW (inline up to 100 ", NULL },
	/* Below txqs_min_inline nothing is inlined whole, so no frame
	 * may join a session: SEND with the header, as mlx5 does. */
	{ "txq_inline_min=18", CKS, false, false,
	  "Scalar single-segment, 18-byte inline header, no data inline",
	  "eMPW" },
	{ "txq_inline_min=18", CKS | RTE_ETH_TX_OFFLOAD_MULTI_SEGS, false,
	  false, "18-byte inline header", "single-segment" },
};

/* The same with an 18-byte inline header required (ConnectX-4 Lx's L2
 * mode): eMPW sessions carry only frames inlined whole, longer ones go as
 * SEND with the header inline; below txqs_min_inline, SEND only. */
static int
test_tx_diff_inline_min(void)
{
	return txd_compare(txd_v_inline_min, RTE_DIM(txd_v_inline_min),
			   0x1234567887654321ull);
}

/* Short UDP/IPv4 frames asking for both checksums, plain mbufs of one
 * pool (MBUF_FAST_FREE: no shared mbufs, no second pool): the inline eMPW
 * burst takes every frame into sessions as long as a WQE holds, back to
 * back round the 64-WQEBB ring, so sessions run past the ring's end and
 * frames are copied across it in two parts (callgrind counts calls of
 * empw_inline_split here); inline up to 268 and 930 bytes,
 * scalar and vector, with and without a required inline header, against
 * one SEND per packet. */
static int
test_tx_diff_inline_across_ring_end(void)
{
	static const struct txd_variant v[] = {
		{ "txq_mpw_en=0", CKS | RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE,
		  false, true, "Scalar single-segment, fast free", "eMPW" },
		{ "txqs_min_inline=0", CKS | RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE,
		  false, true,
		  "Vector SSE4.2 single-segment eMPW (inline up to 268 ",
		  NULL },
		{ "txq_inline_mpw=930,txqs_min_inline=0",
		  CKS | RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE, false, true,
		  "Vector SSE4.2 single-segment eMPW (inline up to 930 ",
		  NULL },
		{ "tx_vec_en=0,txqs_min_inline=0",
		  CKS | RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE, false, true,
		  "Scalar single-segment eMPW (inline up to 268 ", NULL },
		{ "txq_inline_min=18,txq_inline_mpw=930,txqs_min_inline=0",
		  CKS | RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE, false, true,
		  "Vector SSE4.2 single-segment eMPW (inline up to 930 ",
		  NULL },
	};
	int ret;

	txd_uniform = true;
	ret = txd_compare(v, RTE_DIM(v), 0x0dd0c0ffee15f00dull);
	txd_uniform = false;
	return ret;
}

static const struct txd_variant txd_v_four[] = {
	{ "txq_mpw_en=0", CKS, false, false, "Scalar single-segment,", "eMPW" },
	{ "txqs_min_inline=0", CKS, false, true,
	  "Vector SSE4.2 single-segment eMPW (inline up to 268 ", "AVX2",
	  RTE_VECT_SIMD_128, false },
	{ "txqs_min_inline=0", CKS | RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE, false,
	  true,
	  "Vector SSE4.2 single-segment eMPW (inline up to 268 bytes), fast free",
	  "AVX2", RTE_VECT_SIMD_128, false },
	{ "txqs_min_inline=0", CKS, false, true,
	  "Vector SSE4.2 single-segment eMPW (inline up to 268 ", NULL, 0,
	  true },
	{ "txqs_min_inline=0", CKS | RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE, false,
	  true, ", fast free", NULL, 0, true },
	{ "tx_vec_en=0,txqs_min_inline=0", CKS, false, false,
	  "Scalar single-segment eMPW (inline up to 268 ", NULL },
};

/* Frames of 60 to 64 bytes, UDP over IPv4, a checksum request changing
 * now and then: the default inline burst takes them four a turn, twelve
 * a WQE. Its variants (SSE4.2 copies, AVX2 copies where the CPU has
 * them, each with and without MBUF_FAST_FREE, where no mbuf's pool is
 * read) and the scalar inline burst against one SEND per packet; plain
 * mbufs of one pool (a shared one or another pool hands the turn to the
 * general burst, e2e_tx_inline's odd lanes), except for the SEND and
 * scalar ones. Eight rounds of the corpus in bursts of 1 to 48 round the
 * 64-WQEBB ring some fifty times: sessions reach its end at every offset,
 * and the default burst carries them across it. */
static int
test_tx_diff_inline_four(void)
{
	int ret;

	txd_small = true;
	txd_rounds = 8;
	ret = txd_compare(txd_v_four, RTE_DIM(txd_v_four),
			  0x6a09e667f3bcc908ull);
	txd_rounds = 1;
	txd_small = false;
	return ret;
}

static const struct txd_variant txd_v_jumbo[] = {
	{ "txq_mpw_en=0",
	  CKS | RTE_ETH_TX_OFFLOAD_MULTI_SEGS | RTE_ETH_TX_OFFLOAD_VLAN_INSERT,
	  true, false, "Scalar", "single-segment" },
	{ NULL,
	  CKS | RTE_ETH_TX_OFFLOAD_MULTI_SEGS | RTE_ETH_TX_OFFLOAD_VLAN_INSERT,
	  true, false, "Scalar", "eMPW" },
	{ "txq_inline_min=18",
	  CKS | RTE_ETH_TX_OFFLOAD_MULTI_SEGS | RTE_ETH_TX_OFFLOAD_VLAN_INSERT,
	  true, false, "18-byte inline header", "eMPW" },
};

/* Chains up to 9000 bytes and VLAN insertion (the full burst), with and
 * without an inline header, with eMPW asked for (the offloads rule it
 * out). */
static int
test_tx_diff_jumbo_vlan(void)
{
	return txd_compare(txd_v_jumbo, RTE_DIM(txd_v_jumbo),
			   0xfeedface12345ull);
}

static const struct txd_variant txd_v_inline_max[] = {
	{ "txq_mpw_en=0",
	  CKS | RTE_ETH_TX_OFFLOAD_MULTI_SEGS | RTE_ETH_TX_OFFLOAD_VLAN_INSERT,
	  true, false, "Scalar, 0-byte inline header", "whole" },
	{ "txq_mpw_en=0,txq_inline_max=930,txqs_min_inline=0",
	  CKS | RTE_ETH_TX_OFFLOAD_MULTI_SEGS | RTE_ETH_TX_OFFLOAD_VLAN_INSERT,
	  true, false, "whole up to 930 bytes inline", "eMPW" },
	{ "txq_mpw_en=0,txq_inline_max=200,txq_inline_min=18,txqs_min_inline=1",
	  CKS | RTE_ETH_TX_OFFLOAD_MULTI_SEGS | RTE_ETH_TX_OFFLOAD_VLAN_INSERT,
	  true, false, "18-byte inline header, whole up to 200 bytes inline",
	  "eMPW" },
};

/* txq_inline_max on the SEND path (no eMPW): frames up to it travel
 * inline whole, chains and tagged frames included; the wire is the same
 * as with pointers. */
static int
test_tx_diff_inline_max(void)
{
	return txd_compare(txd_v_inline_max, RTE_DIM(txd_v_inline_max),
			   0x5eed1e55c0ffeeull);
}

/* The same without chains: the single-segment SEND burst gives way to
 * the full one, which inlines. */
static int
test_tx_diff_inline_max_single_segment(void)
{
	static const struct txd_variant v[] = {
		{ "txq_mpw_en=0", CKS, false, false, "Scalar single-segment,",
		  "whole" },
		{ "txq_mpw_en=0,txq_inline_max=512,txqs_min_inline=0", CKS,
		  false, false,
		  "Scalar, 0-byte inline header, whole up to 512 bytes inline",
		  "single-segment" },
		/* Given, but one Tx queue is below txqs_min_inline: mlx5
		 * does not inline then either. */
		{ "txq_mpw_en=0,txq_inline_max=512", CKS, false, false,
		  "Scalar single-segment, 0-byte inline header, no data inline",
		  "whole" },
	};

	return txd_compare(v, RTE_DIM(v), 0xabcdef0123456789ull);
}

/* The corpora above with bad mbufs among them (txd_frame.bad): empty ones
 * (with a run of them now and then), runts of 1 to 13 bytes, nb_segs one
 * more than the chain or 0, a pkt_len other than the segments' sum, and
 * where chains are on, runts in two segments, a segment linked beyond
 * nb_segs, empty segments first or in the middle and empty chains; good
 * frames of 14 to 59 bytes among them. Every variant takes the whole
 * corpus, drops exactly the empty ones, the runts and the miscounted
 * chains (counted in oerrors and tx_q0_bad_mbuf_drops), sends the others
 * as their segments hold them (the same wire as the first variant's, the
 * same obytes), puts every mbuf back, and stops and starts again
 * cleanly. */
static const struct {
	const struct txd_variant *v;
	unsigned int nb;
	uint64_t seed;
	bool small; /* the turns-of-four corpus (txd_small) */
} txd_bad_sets[] = {
	{ txd_v_single, RTE_DIM(txd_v_single), 0x243f6a8885a308d3ull, false },
	{ txd_v_inline_min, RTE_DIM(txd_v_inline_min), 0x13198a2e03707344ull,
	  false },
	/* The vector bursts' turns of four, empty mbufs among the four. */
	{ txd_v_four, RTE_DIM(txd_v_four), 0xa4093822299f31d0ull, true },
	{ txd_v_jumbo, RTE_DIM(txd_v_jumbo), 0x082efa98ec4e6c89ull, false },
	{ txd_v_inline_max, RTE_DIM(txd_v_inline_max), 0x452821e638d01377ull,
	  false },
};

static int
test_tx_diff_bad_mbufs(void)
{
	unsigned int set;
	int ret = MLX5X_TEST_PASS;

	txd_bad = true;
	for (set = 0; set < RTE_DIM(txd_bad_sets) && ret == MLX5X_TEST_PASS;
	     set++) {
		txd_small = txd_bad_sets[set].small;
		ret = txd_compare(txd_bad_sets[set].v, txd_bad_sets[set].nb,
				  txd_bad_sets[set].seed);
	}
	txd_small = false;
	txd_bad = false;
	return ret;
}

static int
txd_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
txd_teardown(void)
{
	e2e_detach();
}

MLX5X_TEST_SUITE(e2e_tx_diff_suite, "e2e_tx_diff", "e2e", txd_setup,
		 txd_teardown, MLX5X_TEST_CASE(test_tx_diff_single_segment),
		 MLX5X_TEST_CASE(test_tx_diff_inline_min),
		 MLX5X_TEST_CASE(test_tx_diff_inline_across_ring_end),
		 MLX5X_TEST_CASE(test_tx_diff_inline_four),
		 MLX5X_TEST_CASE(test_tx_diff_jumbo_vlan),
		 MLX5X_TEST_CASE(test_tx_diff_inline_max),
		 MLX5X_TEST_CASE(test_tx_diff_inline_max_single_segment),
		 MLX5X_TEST_CASE(test_tx_diff_bad_mbufs))
