/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, send WQEs gathered straight into the wire ring's
 * buffers: once the ring has gone round, its slots hold buffers sized for
 * the frames that went before (minimum-size ones here). A larger frame, a
 * VLAN insertion that grows a frame past such a buffer, and small frames
 * again must all reach the wire byte for byte, whatever buffer the
 * adapter gathered them in.
 *
 * Many WQEs under one doorbell, of every shape an application posts
 * (headers inline and the rest by pointer, a VLAN to insert, two data
 * segments, another MR, checksums to fill, a WQE wrapping the ring, a bad
 * key), leave in the order posted, each as built, the CQEs naming them in
 * order, and the vport and uplink count exactly what left. The wire end's
 * bound and a consumer holding frames by reference work for an SQ's frames
 * as for any: the newest 1,024 kept, held frames untouched.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

#define SQ_LOG 6u
#define LAP 2100u /* more frames than the wire ring has slots */
#define ETH_VLAN_INSERT (1u << 31)

static const uint8_t dmac[6] = { 0x02, 0x99, 0x00, 0x00, 0x00, 0x09 };

/* A SEND of f (18 bytes inline, the rest by pointer). */
static int
sq_send(struct emu_q *sq, const uint8_t *f, uint32_t len, uint32_t lkey)
{
	emu_wqe_send(sq->buf, 1u << SQ_LOG, sq->qn, (uint16_t)sq->pi, f, len,
		     lkey);
	return emu_sq_ring_one(sq);
}

/* A SEND of f whole by pointer, the adapter inserting VLAN tci. */
static int
sq_send_vlan(struct emu_q *sq, const uint8_t *f, uint32_t len, uint32_t lkey,
	     uint16_t tci)
{
	uint8_t *w = sq->buf + (size_t)(sq->pi & ((1u << SQ_LOG) - 1)) * 64;
	struct mlx5_wqe_ctrl_seg *c = (struct mlx5_wqe_ctrl_seg *)w;
	struct mlx5_wqe_data_seg *d = (struct mlx5_wqe_data_seg *)(w + 32);
	uint32_t dw3 = htobe32(ETH_VLAN_INSERT | tci);

	memset(w, 0, 64);
	c->opmod_idx_opcode =
		htobe32((sq->pi & 0xffff) << 8 | MLX5_OPCODE_SEND);
	c->qpn_ds = htobe32(sq->qn << 8 | 3);
	c->fm_ce_se = MLX5_WQE_CTRL_CQ_UPDATE;
	memcpy(w + 16 + 12, &dw3, 4);
	d->byte_count = htobe32(len);
	d->lkey = htobe32(lkey);
	d->addr = htobe64((uintptr_t)f);
	return emu_sq_ring_one(sq);
}

static int
test_sq_wire_sizes_after_a_lap(void)
{
	static uint8_t small[64], big[1000], mid[126], tagged[130];
	uint8_t out[64];
	struct ibv_mr *mr_s, *mr_b, *mr_m;
	struct emu_dev d;
	struct emu_q sq;
	uint32_t i, n;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &sq, true, SQ_LOG, 6) == 0, "sq");
	TEST_ASSERT_EQ(emu_q_modify(&sq, 0, 1), 0, "ready");
	emu_frame_udp4(small, dmac, 1, 2, 3, 4, sizeof(small) - 42);
	emu_frame_udp4(big, dmac, 1, 2, 3, 5, sizeof(big) - 42);
	emu_frame_udp4(mid, dmac, 1, 2, 3, 6, sizeof(mid) - 42);
	mr_s = emu.reg_mr(d.pd, small, sizeof(small), 0);
	mr_b = emu.reg_mr(d.pd, big, sizeof(big), 0);
	mr_m = emu.reg_mr(d.pd, mid, sizeof(mid), 0);
	TEST_ASSERT(mr_s != NULL && mr_b != NULL && mr_m != NULL, "mrs");
	for (i = 0; i < LAP; i++)
		TEST_ASSERT_EQ(sq_send(&sq, small, sizeof(small), mr_s->lkey),
			       0, "small frame %u", i);
	/* The capture keeps the newest; every one is the small frame. */
	for (n = 0; emu.capture_wire(0, out, sizeof(out)) == sizeof(small); n++)
		TEST_ASSERT(memcmp(out, small, sizeof(small)) == 0,
			    "small frame intact");
	TEST_ASSERT(n > 0, "small frames on the wire");
	TEST_ASSERT_EQ(sq_send(&sq, big, sizeof(big), mr_b->lkey), 0,
		       "1000-byte frame completes");
	TEST_ASSERT(emu_wire_got(big, sizeof(big)), "1000-byte frame whole");
	/* 126 bytes + a 4-byte tag: past a minimum-size buffer. */
	memcpy(tagged, mid, 12);
	memcpy(tagged + 12, "\x81\x00\x20\x07", 4);
	memcpy(tagged + 16, mid + 12, sizeof(mid) - 12);
	TEST_ASSERT_EQ(sq_send_vlan(&sq, mid, sizeof(mid), mr_m->lkey, 0x2007),
		       0, "VLAN insertion completes");
	TEST_ASSERT(emu_wire_got(tagged, sizeof(tagged)),
		    "tag inserted, frame whole");
	TEST_ASSERT_EQ(sq_send(&sq, small, sizeof(small), mr_s->lkey), 0,
		       "small frame again");
	TEST_ASSERT(emu_wire_got(small, sizeof(small)), "small frame whole");
	emu.dereg_mr(mr_m);
	emu.dereg_mr(mr_b);
	emu.dereg_mr(mr_s);
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

#define RUN_LOG 6u
#define RUN_N (1u << RUN_LOG)
#define CS_FLAGS 0xc0u /* PRM Ethernet segment: L3 and L4 checksums */

/* The run's WQE of nbb WQEBBs (built in w) into the SQ's ring at WQEBB
 * counter pi, wrapping past the ring's end as the adapter reads it. */
static void
run_put(struct emu_q *sq, uint32_t pi, const uint8_t *w, uint32_t nbb)
{
	uint32_t mask = (1u << sq->log_sz) - 1, i;

	for (i = 0; i < nbb; i++)
		memcpy(sq->buf + (size_t)((pi + i) & mask) * 64,
		       w + (size_t)i * 64, 64);
}

/* Control segment: WQE index pi, ds 16-byte units, a CQE asked for. */
static void
run_ctrl(uint8_t *w, const struct emu_q *sq, uint32_t pi, uint8_t opcode,
	 uint32_t ds)
{
	struct mlx5_wqe_ctrl_seg *c = (struct mlx5_wqe_ctrl_seg *)w;

	c->opmod_idx_opcode = htobe32((pi & 0xffff) << 8 | opcode);
	c->qpn_ds = htobe32(sq->qn << 8 | ds);
	c->fm_ce_se = MLX5_WQE_CTRL_CQ_UPDATE;
}

/*
 * A SEND of f at WQEBB counter pi: inl bytes inline, then ndseg pointer
 * segments under lkey for the rest (split after 20 bytes with two), the
 * Ethernet segment's checksum flags cs. Returns its WQEBBs.
 */
static uint32_t
run_send(struct emu_q *sq, uint32_t pi, const uint8_t *f, uint32_t len,
	 uint32_t inl, unsigned int ndseg, uint32_t lkey, uint8_t cs)
{
	uint8_t w[256] = { 0 };
	struct mlx5_wqe_eth_seg *e = (struct mlx5_wqe_eth_seg *)(w + 16);
	/* PRM: inline headers from byte 14 of the Ethernet segment, past
	 * the first two bytes 16-byte aligned. */
	uint32_t off = 32 + (inl > 2 ? (inl - 2 + 15) / 16 * 16 : 0);
	uint32_t size = off + 16 * ndseg;

	e->cs_flags = cs;
	e->inline_hdr_sz = htobe16(inl);
	memcpy(e->inline_hdr_start, f, inl);
	if (ndseg == 1) {
		emu_wqe_dseg(w + off, f + inl, len - inl, lkey);
	} else {
		emu_wqe_dseg(w + off, f + inl, 20, lkey);
		emu_wqe_dseg(w + off + 16, f + inl + 20, len - inl - 20, lkey);
	}
	run_ctrl(w, sq, pi, MLX5_OPCODE_SEND, size / 16);
	run_put(sq, pi, w, (size + 63) / 64);
	return (size + 63) / 64;
}

/* A SEND of f whole by pointer, the adapter inserting VLAN tci. */
static uint32_t
run_send_vlan(struct emu_q *sq, uint32_t pi, const uint8_t *f, uint32_t len,
	      uint32_t lkey, uint16_t tci)
{
	uint8_t w[64] = { 0 };
	uint32_t dw3 = htobe32(ETH_VLAN_INSERT | tci);

	memcpy(w + 16 + 12, &dw3, 4);
	emu_wqe_dseg(w + 32, f, len, lkey);
	run_ctrl(w, sq, pi, MLX5_OPCODE_SEND, 3);
	run_put(sq, pi, w, 1);
	return 1;
}

/* Rings the doorbell at pi and takes n CQEs: their WQE counters into
 * idx[], the syndrome of an error CQE (else 0) into syn[]. The number
 * that came. */
static uint32_t
run_ring(struct emu_q *sq, uint32_t pi, uint32_t n, uint16_t *idx, uint8_t *syn)
{
	struct mlx5_cqe64 *cqe;
	uint32_t k;

	sq->pi = pi;
	sq->dbr[MLX5X_SND_DBR] = htobe32(pi & 0xffff);
	for (k = 0; k < n && (cqe = emu_q_poll_cqe(sq, 200)) != NULL; k++) {
		idx[k] = be16toh(cqe->wqe_counter);
		syn[k] = (cqe->op_own >> 4) == MLX5_CQE_REQ_ERR
				 ? ((struct mlx5_err_cqe *)cqe)->syndrome
				 : 0;
	}
	return k;
}

/* Frame i of the run: a length of its own, 102 to 121 bytes. */
#define RUN_LEN(i) (42u + 60u + (i) % 20u)

static int
test_sq_wire_run_of_shapes(void)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static uint8_t fr[64][128], other[4][128], want_b[128];
	struct mlx5x_emu_counters pf0, up0, pf, up;
	uint32_t i, k, pi = 0, wqes, sent = 0, bytes = 0;
	uint16_t idx[RUN_N], want_idx[RUN_N];
	struct ibv_mr *mr, *mr2;
	uint8_t syn[RUN_N], out[128];
	struct emu_dev d;
	struct emu_q sq;
	const char *why;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &sq, true, RUN_LOG, 6) == 0, "sq");
	TEST_ASSERT_EQ(emu_q_modify(&sq, 0, 1), 0, "ready");
	for (i = 0; i < 64; i++)
		emu_frame_udp4(fr[i], i == 0 ? bcast : dmac, 0x0a000000 + i,
			       0x0a0000ff, 1000 + i, 2000, RUN_LEN(i) - 42);
	emu_frame_udp4(other[0], dmac, 0x0b000001, 0x0a0000ff, 7, 8, 50);
	emu_frame_udp4(other[1], dmac, 0x0b000002, 0x0a0000ff, 7, 8, 40);
	emu_frame_udp4(other[3], dmac, 0x0c000001, 0x0a0000ff, 9, 9, 58);
	mr = emu.reg_mr(d.pd, fr, sizeof(fr), 0);
	mr2 = emu.reg_mr(d.pd, other, sizeof(other), 0);
	TEST_ASSERT(mr != NULL && mr2 != NULL, "mrs");
	/* A lap of the wire ring first, a ring of WQEs per doorbell: the
	 * run below meets slots that already hold buffers. */
	for (k = 0; k < (LAP + RUN_N - 1) / RUN_N; k++) {
		for (i = 0; i < RUN_N; i++)
			pi += run_send(&sq, pi, fr[1], RUN_LEN(1), 18, 1,
				       mr->lkey, 0);
		TEST_ASSERT_EQ(run_ring(&sq, pi, RUN_N, idx, syn), RUN_N,
			       "lap %u", k);
	}
	while (emu.capture_wire(0, out, sizeof(out)) > 0)
		;
	TEST_ASSERT_EQ(emu.counters(0, 0, &pf0), 0, "pf counters");
	TEST_ASSERT_EQ(emu.counters(0, 0xffff, &up0), 0, "uplink counters");
	/* One doorbell: broadcast, VLAN insertion, plain, two data
	 * segments, another MR twice, checksums to fill (zeroed in the
	 * frame's memory), then plain frames up to the ring's last WQEBB. */
	wqes = 0;
	want_idx[wqes++] = pi;
	pi += run_send(&sq, pi, fr[0], RUN_LEN(0), 18, 1, mr->lkey, 0);
	want_idx[wqes++] = pi;
	pi += run_send_vlan(&sq, pi, fr[2], RUN_LEN(2), mr->lkey, 0x0123);
	want_idx[wqes++] = pi;
	pi += run_send(&sq, pi, fr[3], RUN_LEN(3), 18, 1, mr->lkey, 0);
	want_idx[wqes++] = pi;
	pi += run_send(&sq, pi, fr[4], RUN_LEN(4), 18, 2, mr->lkey, 0);
	want_idx[wqes++] = pi;
	pi += run_send(&sq, pi, other[0], 92, 18, 1, mr2->lkey, 0);
	want_idx[wqes++] = pi;
	pi += run_send(&sq, pi, other[1], 82, 18, 1, mr2->lkey, 0);
	memcpy(other[2], fr[5], RUN_LEN(5));
	memset(other[2] + 24, 0, 2);
	memset(other[2] + 40, 0, 2);
	want_idx[wqes++] = pi;
	pi += run_send(&sq, pi, other[2], RUN_LEN(5), 18, 1, mr2->lkey,
		       CS_FLAGS);
	for (i = 6; (pi & (RUN_N - 1)) != RUN_N - 1; i++) {
		want_idx[wqes++] = pi;
		pi += run_send(&sq, pi, fr[i], RUN_LEN(i), 18, 1, mr->lkey, 0);
	}
	TEST_ASSERT_EQ(run_ring(&sq, pi, wqes, idx, syn), wqes, "every CQE");
	for (k = 0; k < wqes; k++) {
		TEST_ASSERT_EQ(idx[k], want_idx[k], "CQE %u's WQE", k);
		TEST_ASSERT_EQ(syn[k], 0, "CQE %u no error", k);
	}
	why = emu_wire_next(fr[0], RUN_LEN(0));
	TEST_ASSERT(why == NULL, "broadcast: %s", why);
	memcpy(want_b, fr[2], 12);
	memcpy(want_b + 12, "\x81\x00\x01\x23", 4);
	memcpy(want_b + 16, fr[2] + 12, RUN_LEN(2) - 12);
	why = emu_wire_next(want_b, RUN_LEN(2) + 4);
	TEST_ASSERT(why == NULL, "VLAN inserted: %s", why);
	why = emu_wire_next(fr[3], RUN_LEN(3));
	TEST_ASSERT(why == NULL, "plain: %s", why);
	why = emu_wire_next(fr[4], RUN_LEN(4));
	TEST_ASSERT(why == NULL, "two data segments: %s", why);
	why = emu_wire_next(other[0], 92);
	TEST_ASSERT(why == NULL, "another MR: %s", why);
	why = emu_wire_next(other[1], 82);
	TEST_ASSERT(why == NULL, "another MR again: %s", why);
	why = emu_wire_next(fr[5], RUN_LEN(5));
	TEST_ASSERT(why == NULL, "checksums filled: %s", why);
	sent = 7;
	bytes = RUN_LEN(0) + RUN_LEN(2) + 4 + RUN_LEN(3) + RUN_LEN(4) + 92 +
		82 + RUN_LEN(5);
	for (i = 6; i < 6 + wqes - 7; i++) {
		why = emu_wire_next(fr[i], RUN_LEN(i));
		TEST_ASSERT(why == NULL, "plain frame %u: %s", i, why);
		bytes += RUN_LEN(i);
		sent++;
	}
	/* Second doorbell: 66 bytes inline make a WQE of two WQEBBs from
	 * the ring's last one on; a plain frame; a bad key, after which
	 * nothing is sent. */
	wqes = 0;
	want_idx[wqes++] = pi;
	TEST_ASSERT_EQ(run_send(&sq, pi, other[3], 100, 66, 1, mr2->lkey, 0),
		       2u, "the wide WQE wraps");
	pi += 2;
	want_idx[wqes++] = pi;
	pi += run_send(&sq, pi, fr[60], RUN_LEN(60), 18, 1, mr->lkey, 0);
	want_idx[wqes++] = pi;
	pi += run_send(&sq, pi, fr[61], RUN_LEN(61), 18, 1, mr->lkey + 0x100,
		       0);
	pi += run_send(&sq, pi, fr[62], RUN_LEN(62), 18, 1, mr->lkey, 0);
	TEST_ASSERT_EQ(run_ring(&sq, pi, 3, idx, syn), 3u, "three CQEs");
	for (k = 0; k < 3; k++)
		TEST_ASSERT_EQ(idx[k], want_idx[k], "CQE %u's WQE", k);
	TEST_ASSERT_EQ(syn[0], 0, "wrapping WQE sent");
	TEST_ASSERT_EQ(syn[1], 0, "plain frame sent");
	TEST_ASSERT_EQ(syn[2], MLX5_CQE_SYNDROME_LOCAL_PROT_ERR, "bad key");
	why = emu_wire_next(other[3], 100);
	TEST_ASSERT(why == NULL, "wrapping WQE: %s", why);
	why = emu_wire_next(fr[60], RUN_LEN(60));
	TEST_ASSERT(why == NULL, "plain after the wrap: %s", why);
	TEST_ASSERT(emu.capture_wire(0, out, sizeof(out)) <= 0,
		    "nothing after the bad key");
	bytes += 100 + RUN_LEN(60);
	sent += 2;
	TEST_ASSERT_EQ(emu.counters(0, 0, &pf), 0, "pf counters");
	TEST_ASSERT_EQ(emu.counters(0, 0xffff, &up), 0, "uplink counters");
	TEST_ASSERT_EQ(pf.tx_packets - pf0.tx_packets, sent, "PF Tx frames");
	TEST_ASSERT_EQ(pf.tx_bytes - pf0.tx_bytes, bytes, "PF Tx bytes");
	TEST_ASSERT_EQ(up.tx_packets - up0.tx_packets, sent,
		       "uplink Tx frames");
	TEST_ASSERT_EQ(up.tx_bytes - up0.tx_bytes, bytes, "uplink Tx bytes");
	emu.dereg_mr(mr2);
	emu.dereg_mr(mr);
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

#define BOUND 1024u /* frames the wire end keeps */
#define HOLD_LOG 8u
#define HOLD_N (1u << HOLD_LOG)

struct hold_sq {
	struct emu_q q;
	uint8_t *mem; /* a 64-byte frame per WQE slot */
	struct ibv_mr *mr;
};

/* Frame n, told apart by its source address. */
static void
hold_frame(uint8_t *f, uint32_t n)
{
	emu_frame_udp4(f, dmac, 0x0a000000 + n, 0x0a0000ff, 1000, 2000, 22);
}

/* Frames from .. to - 1 sent, up to 200 under a doorbell; -1 when a CQE
 * did not come or was an error. */
static int
hold_send(struct hold_sq *h, uint32_t from, uint32_t to)
{
	uint16_t idx[200];
	uint8_t syn[200];
	uint32_t pi = h->q.pi, n, k, i;

	while (from < to) {
		n = to - from < 200 ? to - from : 200;
		for (i = 0; i < n; i++, pi++) {
			uint8_t *f = h->mem + (size_t)(pi % HOLD_N) * 64;

			hold_frame(f, from + i);
			run_send(&h->q, pi, f, 64, 18, 1, h->mr->lkey, 0);
		}
		if (run_ring(&h->q, pi, n, idx, syn) != n)
			return -1;
		for (k = 0; k < n; k++)
			if (syn[k] != 0)
				return -1;
		from += n;
	}
	return 0;
}

/* A frame taken by reference is frame n exactly; else the reason. */
static const char *
hold_check(const struct mlx5x_emu_frame *f, uint32_t n)
{
	uint8_t want[64];

	hold_frame(want, n);
	if (f->len != sizeof(want))
		return "length";
	return memcmp(f->data, want, sizeof(want)) == 0 ? NULL : "bytes";
}

/* The number of the frame taken by reference (its source address). */
static uint32_t
hold_num(const struct mlx5x_emu_frame *f)
{
	uint32_t v;

	memcpy(&v, (const uint8_t *)f->data + 26, 4);
	return be32toh(v) - 0x0a000000;
}

/*
 * An SQ's frames at the wire end's bound and beside held frames: with no
 * consumer the newest 1,024 are kept in order; 40 frames held by
 * reference stay as they were while 1,500 more are sent (the waiting ones
 * beyond the bound go, oldest first), and once the SQ is a whole ring of
 * 2,048 slots past the first held frame it drops new frames rather than
 * overwrite held ones. Released, the end keeps new frames again.
 */
static int
test_sq_wire_bound_and_hold(void)
{
	static struct mlx5x_emu_frame fr[BOUND + 64];
	struct mlx5x_emu_frame held[40], more[64];
	struct hold_sq h = { 0 };
	struct emu_dev d;
	const char *why;
	uint32_t i, n, last;
	int k;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	h.mem = calloc(HOLD_N, 64);
	TEST_ASSERT(h.mem != NULL, "frames");
	h.mr = emu.reg_mr(d.pd, h.mem, (size_t)HOLD_N * 64, 0);
	TEST_ASSERT(h.mr != NULL, "mr");
	TEST_ASSERT(emu_q_create(&d, &h.q, true, HOLD_LOG, 6) == 0, "sq");
	TEST_ASSERT_EQ(emu_q_modify(&h.q, 0, 1), 0, "ready");
	/* Past a lap with nobody reading: the newest 1,024. */
	TEST_ASSERT_EQ(hold_send(&h, 0, 2100), 0, "send 2100");
	TEST_ASSERT_EQ(emu.capture_wire_burst(0, fr, BOUND + 64), (int)BOUND,
		       "the bound");
	for (i = 0; i < BOUND; i++) {
		why = hold_check(&fr[i], 2100 - BOUND + i);
		TEST_ASSERT(why == NULL, "frame %u: %s", 2100 - BOUND + i, why);
	}
	TEST_ASSERT_EQ(emu.release_wire(0), 0, "release");
	TEST_ASSERT_EQ(hold_send(&h, 2100, 2200), 0, "send 100");
	TEST_ASSERT_EQ(emu.capture_wire_burst(0, held, 40), 40, "held");
	TEST_ASSERT_EQ(hold_send(&h, 2200, 3700), 0, "send 1500 more");
	TEST_ASSERT_EQ(emu.capture_wire_burst(0, more, 64), 64, "more");
	for (i = 0; i < 64; i++) {
		why = hold_check(&more[i], 3700 - BOUND + i);
		TEST_ASSERT(why == NULL, "frame %u: %s", 3700 - BOUND + i, why);
	}
	/* A lap past the first held frame (2100): slots up to frame 4147,
	 * later frames dropped. */
	TEST_ASSERT_EQ(hold_send(&h, 3700, 6000), 0, "send a lap");
	for (i = 0; i < 40; i++) {
		why = hold_check(&held[i], 2100 + i);
		TEST_ASSERT(why == NULL, "held frame %u: %s", 2100 + i, why);
	}
	for (i = 0; i < 64; i++) {
		why = hold_check(&more[i], 3700 - BOUND + i);
		TEST_ASSERT(why == NULL, "held frame %u: %s", 3700 - BOUND + i,
			    why);
	}
	k = emu.capture_wire_burst(0, fr, BOUND + 64);
	TEST_ASSERT_EQ(k, (int)BOUND, "the bound again");
	last = 0;
	for (i = 0; i < (uint32_t)k; i++) {
		n = hold_num(&fr[i]);
		TEST_ASSERT(n > last && n <= 2100 + 2047, "frame %u after %u",
			    n, last);
		why = hold_check(&fr[i], n);
		TEST_ASSERT(why == NULL, "frame %u: %s", n, why);
		last = n;
	}
	TEST_ASSERT_EQ(last, 2100u + 2047, "the newest a lap allowed");
	TEST_ASSERT_EQ(emu.release_wire(0), 0, "release");
	TEST_ASSERT_EQ(hold_send(&h, 6000, 6003), 0, "send after");
	TEST_ASSERT_EQ(emu.capture_wire_burst(0, more, 64), 3, "kept again");
	for (i = 0; i < 3; i++) {
		why = hold_check(&more[i], 6000 + i);
		TEST_ASSERT(why == NULL, "frame %u: %s", 6000 + i, why);
	}
	TEST_ASSERT_EQ(emu.release_wire(0), 0, "release");
	emu_q_destroy(&h.q);
	emu.dereg_mr(h.mr);
	free(h.mem);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_sq_wire_suite, "emu_sq_wire", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_sq_wire_sizes_after_a_lap),
		 MLX5X_TEST_CASE(test_sq_wire_run_of_shapes),
		 MLX5X_TEST_CASE(test_sq_wire_bound_and_hold))
