/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, an RQ's doorbell record as software moves it. The
 * adapter may read the record only when it runs out of the WQEs it last
 * saw posted, but never takes a WQE software has not posted, nor misses
 * one it has: frames beyond the posted WQEs are dropped (out of buffer)
 * and counted; WQEs posted after that take the next frames, in order,
 * round the ring; after a reset the counter starts again from what
 * software posts then, not from what was posted before; and the 16-bit
 * counter wraps. The same on the three ways a frame reaches an RQ: the
 * fused path under RSS (the usual set-up), the fused path through a
 * direct TIR, and the general path (the test hook).
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

#define DB_LOG_RING 2
#define DB_RING (1u << DB_LOG_RING)
#define DB_BUF 2048u

static const uint8_t db_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x00 };

enum { DB_RSS, DB_DIRECT, DB_GENERAL, DB_WAYS };
static const char *const db_way[DB_WAYS] = { "fused RSS", "fused direct",
					     "general" };

/* A device, one RQ of DB_RING one-segment WQEs (WQE slot k: buffer k),
 * nothing posted yet, and steering from the wire to it. */
struct db {
	struct emu_dev d;
	struct emu_q q;
	struct emu_steer s;
	uint8_t *mem;
	struct ibv_mr *mr;
	uint64_t dropped; /* frames sent with no WQE posted */
};

static int
db_open(struct db *b, unsigned int way)
{
	const size_t bytes = (size_t)DB_RING * DB_BUF;

	memset(b, 0, sizeof(*b));
	TEST_ASSERT(emu_dev_open(&b->d, "wire=drop") == 0, "open");
	b->mem = calloc(1, bytes);
	TEST_ASSERT(b->mem != NULL, "buffers");
	b->mr = emu.reg_mr(b->d.pd, b->mem, bytes, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(b->mr != NULL, "mr");
	TEST_ASSERT_EQ(emu_q_create(&b->d, &b->q, false, DB_LOG_RING, 4), 0,
		       "rq");
	emu_rq_post(&b->q, b->mem, b->mr->lkey, DB_RING, DB_BUF);
	b->q.dbr[0] = 0;
	b->q.pi = 0;
	TEST_ASSERT_EQ(emu_q_modify(&b->q, 0, 1), 0, "ready");
	if (way == DB_RSS)
		TEST_ASSERT_EQ(emu_steer_rss_one(&b->d, &b->s, b->q.qn), 0,
			       "RSS steering");
	else
		TEST_ASSERT_EQ(emu_steer_direct(&b->d, &b->s, b->q.qn, 0), 0,
			       "direct steering");
	TEST_ASSERT_EQ(emu.rx_fused(0, way != DB_GENERAL, NULL), 0, "hook");
	return MLX5X_TEST_PASS;
}

static void
db_close(struct db *b)
{
	emu.rx_fused(0, 1, NULL);
	emu_steer_destroy(&b->s);
	emu_q_destroy(&b->q);
	if (b->mr != NULL)
		emu.dereg_mr(b->mr);
	free(b->mem);
	emu_dev_close(&b->d);
}

/* Software posts n more WQEs: its counter, then the record. */
static void
db_post(struct db *b, uint32_t n)
{
	b->q.pi += n;
	__atomic_store_n(&b->q.dbr[0], htobe32(b->q.pi), __ATOMIC_RELEASE);
}

/* Frame number i from the wire: the WQE counter of its CQE, with its
 * bytes checked in the buffer of that WQE's slot; -1 for no CQE (the
 * frame dropped, counted in b->dropped), -2 for a CQE that is wrong. */
static int
db_frame(struct db *b, uint32_t i)
{
	uint8_t f[128];
	size_t len = emu_frame_udp4(f, db_mac, 0x0a000001, 0x0a000002,
				    (uint16_t)(1000 + i % 4096), 2000, 40);
	struct mlx5_cqe64 *cqe;
	uint16_t w;

	memcpy(f + len - 4, &i, 4);
	if (emu.inject_wire(0, f, len) != 0)
		return -2;
	cqe = emu_q_poll_cqe(&b->q, 0);
	if (cqe == NULL) {
		b->dropped++;
		return -1;
	}
	w = be16toh(cqe->wqe_counter);
	if ((cqe->op_own >> 4) != MLX5_CQE_RESP_SEND ||
	    be32toh(cqe->byte_cnt) != len ||
	    memcmp(b->mem + (size_t)(w % DB_RING) * DB_BUF, f, len) != 0)
		return -2;
	return w;
}

/* The frames the RQ dropped for want of a WQE, as the counters say. */
static uint64_t
db_out_of_buffer(void)
{
	struct mlx5x_emu_counters c;

	if (emu.counters(0, 0, &c) != 0)
		return UINT64_MAX;
	return c.rx_out_of_buffer;
}

/* Posted WQEs taken in order, no more; more posted once those ran out
 * (one, then three round the ring); a reset starting again from what is
 * posted after it. */
static int
db_posts(struct db *b, unsigned int way)
{
	const char *how = db_way[way];
	uint32_t i = 0, k;

	TEST_ASSERT_EQ(db_frame(b, i++), -1, "%s: nothing posted: dropped",
		       how);
	db_post(b, 2);
	TEST_ASSERT_EQ(db_frame(b, i++), 0, "%s: WQE 0", how);
	TEST_ASSERT_EQ(db_frame(b, i++), 1, "%s: WQE 1", how);
	TEST_ASSERT_EQ(db_frame(b, i++), -1,
		       "%s: the two posted WQEs used: dropped", how);
	db_post(b, 1);
	TEST_ASSERT_EQ(db_frame(b, i++), 2,
		       "%s: one more posted after they ran out: WQE 2", how);
	db_post(b, 3);
	for (k = 3; k < 6; k++)
		TEST_ASSERT_EQ(db_frame(b, i++), (int)k,
			       "%s: WQE %u, slot %u round the ring", how, k,
			       k % DB_RING);
	TEST_ASSERT_EQ(db_frame(b, i++), -1, "%s: all used again: dropped",
		       how);
	/* Posted 2 then 1 with the RQ taking them in between: the record
	 * read again while WQEs it showed are still there gives no more. */
	db_post(b, 2);
	TEST_ASSERT_EQ(db_frame(b, i++), 6, "%s: WQE 6", how);
	db_post(b, 1);
	TEST_ASSERT_EQ(db_frame(b, i++), 7, "%s: WQE 7", how);
	TEST_ASSERT_EQ(db_frame(b, i++), 8, "%s: WQE 8", how);
	TEST_ASSERT_EQ(db_frame(b, i++), -1, "%s: dropped after WQE 8", how);
	/* A reset: the RQ's counter is 0 again, and so is software's. */
	TEST_ASSERT_EQ(emu_q_modify(&b->q, 1, 0), 0, "%s: reset", how);
	b->q.pi = 0;
	b->q.dbr[0] = 0;
	TEST_ASSERT_EQ(emu_q_modify(&b->q, 0, 1), 0, "%s: ready", how);
	db_post(b, 1);
	TEST_ASSERT_EQ(db_frame(b, i++), 0, "%s: after the reset: WQE 0", how);
	TEST_ASSERT_EQ(db_frame(b, i++), -1,
		       "%s: after the reset one posted: the next dropped", how);
	TEST_ASSERT_EQ(db_out_of_buffer(), b->dropped,
		       "%s: every dropped frame counted out of buffer", how);
	TEST_ASSERT_EQ(b->dropped, 5, "%s: five dropped", how);
	return MLX5X_TEST_PASS;
}

/* Scenario run on a fresh set-up of each way, closed whatever it found
 * (a failure leaves no adapter open for the next case). */
static int
db_each_way(int (*run)(struct db *b, unsigned int way))
{
	static struct db b;
	unsigned int way;
	int rc;

	for (way = 0; way < DB_WAYS; way++) {
		uint64_t fused = 0;

		rc = db_open(&b, way);
		if (rc == MLX5X_TEST_PASS)
			rc = run(&b, way);
		if (emu.rx_fused(0, -1, &fused) != 0)
			rc = MLX5X_TEST_FAIL;
		db_close(&b);
		TEST_ASSERT_EQ(rc, MLX5X_TEST_PASS, "%s", db_way[way]);
		/* The way the frames went is the one named. */
		TEST_ASSERT_EQ(fused != 0, way != DB_GENERAL,
			       "%s: %lu frames fused", db_way[way],
			       (unsigned long)fused);
	}
	return MLX5X_TEST_PASS;
}

static int
test_rq_doorbell_posts(void)
{
	return db_each_way(db_posts);
}

/* The whole ring posted whenever it is used up, past the 16-bit WQE
 * counter's wrap: every frame its WQE, in order, none dropped. */
#define DB_WRAP_FRAMES (65536u + 3 * DB_RING)

static int
db_wrap(struct db *b, unsigned int way)
{
	uint32_t i;
	int w = 0;

	for (i = 0; i < DB_WRAP_FRAMES; i++) {
		if (i % DB_RING == 0)
			db_post(b, DB_RING);
		w = db_frame(b, i);
		if (w != (int)(i & 0xffff))
			break;
	}
	TEST_ASSERT_EQ(i, DB_WRAP_FRAMES,
		       "%s: frame %u: WQE counter %d, not %u", db_way[way], i,
		       w, i & 0xffff);
	TEST_ASSERT_EQ(db_out_of_buffer(), 0, "%s: none out of buffer",
		       db_way[way]);
	return MLX5X_TEST_PASS;
}

static int
test_rq_doorbell_counter_wraps(void)
{
	return db_each_way(db_wrap);
}

MLX5X_TEST_SUITE(emu_rq_doorbell_suite, "emu_rq_doorbell", "emulator", NULL,
		 NULL, MLX5X_TEST_CASE(test_rq_doorbell_posts),
		 MLX5X_TEST_CASE(test_rq_doorbell_counter_wraps))
