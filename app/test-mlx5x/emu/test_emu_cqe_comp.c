/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, CQE compression: a burst of frames on a compressing
 * CQ completes as one session - a title CQE (format 3, byte_cnt = count,
 * wqe_counter = first WQE) and mini CQE arrays at T + 1, T + 8, T + 16 ...
 * - which the test's own decoder turns back into per-frame length and RSS
 * hash; a lone frame still completes with a plain CQE.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"
#include "test_toeplitz.h"

#define BURST 20u

static const uint8_t key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
	0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
	0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
	0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/* The test's decoder: mini CQE i of a session whose title is at slot t. */
static void
mini_of(const struct emu_q *q, uint32_t t, uint32_t i, uint32_t *hash,
	uint32_t *len)
{
	uint32_t n = 1u << q->cq_log_sz, j = i / 8;
	uint32_t slot = (t + (j == 0 ? 1 : 8 * j)) & (n - 1);
	const uint8_t *m = q->cq_buf + (size_t)slot * 64 + (i % 8) * 8;
	uint32_t a, b;

	memcpy(&a, m, 4);
	memcpy(&b, m + 4, 4);
	*hash = be32toh(a);
	*len = be32toh(b);
}

static int
test_burst_completes_as_one_session(void)
{
	static uint8_t frames[BURST][128];
	const void *fp[BURST];
	size_t lens[BURST];
	uint32_t want_hash[BURST];
	uint32_t fields =
		MLX5X_HASH_FIELD_SEL_SRC_IP | MLX5X_HASH_FIELD_SEL_DST_IP |
		MLX5X_HASH_FIELD_SEL_L4_SPORT | MLX5X_HASH_FIELD_SEL_L4_DPORT;
	struct mlx5_cqe64 *title, *plain;
	struct emu_steer s;
	struct ibv_mr *mr;
	struct emu_q q;
	struct emu_dev d;
	uint8_t *mem, in[12];
	uint32_t i, rqn;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create_rq_comp(&d, &q, 6, 0 /* hash */) == 0,
		    "RQ on a compressing CQ");
	mem = calloc(64, 2048);
	mr = emu.reg_mr(d.pd, mem, 64 * 2048, IBV_ACCESS_LOCAL_WRITE);
	emu_rq_post(&q, mem, mr->lkey, 64, 2048);
	TEST_ASSERT_EQ(emu_q_modify(&q, 0, 1), 0, "ready");
	rqn = q.qn;
	TEST_ASSERT(emu_steer_rss(&d, &s, &rqn, 1, key, fields, true) == 0,
		    "RSS over one RQ: the hash varies, the queue does not");
	for (i = 0; i < BURST; i++) {
		lens[i] = emu_frame_udp4(frames[i],
					 (const uint8_t
						  *)"\x02\x15\xb3\x00\x00\x00",
					 0x0a000001 + i, 0x0a000002, 1000 + i,
					 2000, 18 + i);
		fp[i] = frames[i];
		memcpy(in, frames[i] + 26, 8);
		memcpy(in + 8, frames[i] + 34, 4);
		want_hash[i] = mlx5x_test_toeplitz(key, sizeof(key), in, 12);
	}
	TEST_ASSERT_EQ(emu.inject_wire_burst(0, fp, lens, BURST), 0, "burst");
	title = emu_q_poll_cqe(&q, 10);
	TEST_ASSERT(title != NULL, "title CQE");
	TEST_ASSERT_EQ((title->op_own >> 2) & 3, 3, "compressed format");
	TEST_ASSERT_EQ(title->op_own >> 4, MLX5_CQE_RESP_SEND, "responder");
	TEST_ASSERT_EQ(be32toh(title->byte_cnt), BURST, "session size");
	TEST_ASSERT_EQ(be16toh(title->wqe_counter), 0, "first WQE");
	for (i = 0; i < BURST; i++) {
		uint32_t h, l;

		mini_of(&q, 0, i, &h, &l);
		TEST_ASSERT_EQ(l, lens[i], "mini %u length", i);
		TEST_ASSERT_EQ(h, want_hash[i], "mini %u hash", i);
		TEST_ASSERT(memcmp(mem + i * 2048, frames[i], lens[i]) == 0,
			    "frame %u in WQE %u", i, i);
	}
	/* Software consumed the session's slots. */
	q.cq_ci = BURST;
	q.cq_dbr[0] = htobe32(q.cq_ci);
	TEST_ASSERT_EQ(emu.inject_wire(0, frames[0], lens[0]), 0, "lone frame");
	plain = emu_q_poll_cqe(&q, 10);
	TEST_ASSERT(plain != NULL, "plain CQE after the session");
	TEST_ASSERT_EQ((plain->op_own >> 2) & 3, 0, "not compressed");
	TEST_ASSERT_EQ(be32toh(plain->byte_cnt), lens[0], "its length");
	TEST_ASSERT_EQ(be16toh(plain->wqe_counter), BURST, "next WQE");
	emu_steer_destroy(&s);
	emu.dereg_mr(mr);
	free(mem);
	emu_q_destroy(&q);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* A session never crosses the end of the CQ buffer (DPDK's vector Rx,
 * proven on adapters, reads a session's mini CQE arrays as one run of
 * the ring): on a 64-slot CQ whose producer stands at slot 60, a burst
 * of 20 completes as a session of 4 closing on slot 63 and a session of
 * 16 opening at slot 0, on the next pass. */
static int
test_session_ends_at_ring_end(void)
{
	static uint8_t frames[BURST][128];
	const void *fp[BURST];
	size_t lens[BURST];
	struct mlx5_cqe64 *title;
	struct emu_steer s;
	struct ibv_mr *mr;
	struct emu_q q;
	struct emu_dev d;
	uint8_t *mem;
	uint32_t i, b, h, l;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create_rq_comp(&d, &q, 6, 0 /* hash */) == 0,
		    "RQ on a compressing CQ");
	mem = calloc(64, 2048);
	TEST_ASSERT(mem != NULL, "buffers");
	mr = emu.reg_mr(d.pd, mem, 64 * 2048, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(mr != NULL, "MR");
	emu_rq_post(&q, mem, mr->lkey, 64, 2048);
	TEST_ASSERT_EQ(emu_q_modify(&q, 0, 1), 0, "ready");
	TEST_ASSERT(emu_steer_direct(&d, &s, q.qn, 0) == 0, "steering");
	for (i = 0; i < BURST; i++) {
		lens[i] = emu_frame_udp4(frames[i],
					 (const uint8_t
						  *)"\x02\x15\xb3\x00\x00\x00",
					 0x0a000001, 0x0a000002, 1000, 2000,
					 18 + i);
		fp[i] = frames[i];
	}
	/* Three whole sessions at slots 0, 20 and 40, consumed. */
	for (b = 0; b < 3; b++) {
		TEST_ASSERT_EQ(emu.inject_wire_burst(0, fp, lens, BURST), 0,
			       "burst %u", b);
		title = emu_q_poll_cqe(&q, 10);
		TEST_ASSERT(title != NULL, "title %u", b);
		TEST_ASSERT_EQ(be32toh(title->byte_cnt), BURST, "session %u",
			       b);
		q.cq_ci = (b + 1) * BURST;
		q.cq_dbr[0] = htobe32(q.cq_ci);
		q.dbr[0] = htobe32(64 + (b + 1) * BURST);
	}
	TEST_ASSERT_EQ(emu.inject_wire_burst(0, fp, lens, BURST), 0, "burst");
	title = emu_q_poll_cqe(&q, 10);
	TEST_ASSERT(title != NULL && title == (void *)(q.cq_buf + 60 * 64),
		    "title at slot 60");
	TEST_ASSERT_EQ((title->op_own >> 2) & 3, 3, "compressed");
	TEST_ASSERT_EQ(be32toh(title->byte_cnt), 4, "closes on slot 63");
	for (i = 0; i < 4; i++) {
		mini_of(&q, 60, i, &h, &l);
		TEST_ASSERT_EQ(l, lens[i], "mini %u length", i);
	}
	q.cq_ci = 64;
	title = emu_q_poll_cqe(&q, 10);
	TEST_ASSERT(title != NULL && title == (void *)q.cq_buf,
		    "second title at slot 0");
	TEST_ASSERT_EQ(title->op_own & 1, 1, "on the second pass");
	TEST_ASSERT_EQ((title->op_own >> 2) & 3, 3, "compressed");
	TEST_ASSERT_EQ(be32toh(title->byte_cnt), BURST - 4, "the other 16");
	TEST_ASSERT_EQ(be16toh(title->wqe_counter), 64, "from WQE 64");
	for (i = 4; i < BURST; i++) {
		mini_of(&q, 0, i - 4, &h, &l);
		TEST_ASSERT_EQ(l, lens[i], "mini %u length", i);
	}
	emu_steer_destroy(&s);
	emu.dereg_mr(mr);
	free(mem);
	emu_q_destroy(&q);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_cqe_comp_suite, "emu_cqe_comp", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_burst_completes_as_one_session),
		 MLX5X_TEST_CASE(test_session_ends_at_ring_end))
