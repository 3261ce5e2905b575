/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, the fused wire -> RQ path on an RQ whose CQ
 * compresses, against the general path. Two adapters set up alike (one
 * RQ on a compressing CQ of a small ring, RSS over it behind a
 * catch-all); adapter 1 keeps every frame on the general path (the test
 * hook). Bursts of random length carry random frames, plain IPv4 TCP/UDP
 * (the fused path's) mixed with every other kind (the general path's, in
 * the middle of a session), on both adapters: after each burst the whole
 * CQ ring (titles, mini CQE arrays, plain CQEs, owners, sessions closed
 * at the ring's end) and every RQ buffer must be the same bytes on both,
 * for each mini CQE format the model offers. The consumer walks the CQEs
 * as software does (a title stands for byte_cnt slots), invalidates them
 * alike on both sides and moves the consumer counter on. The fused path
 * must have taken frames, and sessions of more than one frame must have
 * formed.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_frames.h"
#include "test_emu_lib.h"

#define FC_LOG_RING 6
#define FC_RING (1u << FC_LOG_RING)
#define FC_BUF 2048u
#define FC_BURSTS 120
#define FC_BURST_MAX 24

struct fc_side {
	struct emu_dev d;
	struct emu_q q;
	struct emu_steer s;
	uint8_t *mem;
	struct ibv_mr *mr;
};

static uint64_t fc_seed = 0x51c0ffee2b7d9a31ull;
/* The RSS key of a format's round, random, the same on both adapters. */
static uint8_t fc_key[40];

static int
fc_side_open(struct fc_side *s, unsigned int dev, uint8_t format)
{
	const uint32_t fields =
		MLX5X_HASH_FIELD_SEL_SRC_IP | MLX5X_HASH_FIELD_SEL_DST_IP |
		MLX5X_HASH_FIELD_SEL_L4_SPORT | MLX5X_HASH_FIELD_SEL_L4_DPORT;
	uint32_t rqn;

	/* Adapter 1 is the second of the two adapter 0's opening set up. */
	TEST_ASSERT((dev == 0 ? emu_dev_open(&s->d, "wire=drop;wire=drop")
			      : emu_dev_open_name(&s->d, "mlx5_1")) == 0,
		    "open adapter %u", dev);
	TEST_ASSERT(emu_q_create_rq_comp(&s->d, &s->q, FC_LOG_RING, format) ==
			    0,
		    "adapter %u: RQ on a CQ compressing with mini format %u",
		    dev, format);
	s->mem = calloc(FC_RING, FC_BUF);
	TEST_ASSERT(s->mem != NULL, "buffers");
	s->mr = emu.reg_mr(s->d.pd, s->mem, (size_t)FC_RING * FC_BUF,
			   IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(s->mr != NULL, "mr");
	emu_rq_post(&s->q, s->mem, s->mr->lkey, FC_RING, FC_BUF);
	s->q.pi = FC_RING;
	TEST_ASSERT_EQ(emu_q_modify(&s->q, 0, 1), 0, "adapter %u: RQ ready",
		       dev);
	rqn = s->q.qn;
	TEST_ASSERT(emu_steer_rss(&s->d, &s->s, &rqn, 1, fc_key, fields,
				  fc_seed & 1) == 0,
		    "adapter %u: RSS behind a catch-all", dev);
	return MLX5X_TEST_PASS;
}

static void
fc_side_close(struct fc_side *s)
{
	emu_steer_destroy(&s->s);
	emu_q_destroy(&s->q);
	if (s->mr != NULL)
		emu.dereg_mr(s->mr);
	free(s->mem);
	emu_dev_close(&s->d);
}

static int
fc_run(struct fc_side *s, struct emu_any *f, uint8_t format,
       unsigned int *sessions)
{
	const struct emu_any_cfg cfg = {
		.sip = 0x0a000001,
		.dip = 0x0a0000fe,
		.dscp = 0x2e,
		.dport = 5000,
		.payload_max = 1400,
	};
	const void *fp[FC_BURST_MAX];
	size_t lens[FC_BURST_MAX];
	unsigned int b, i, n, side;
	uint32_t done;

	for (b = 0; b < FC_BURSTS; b++) {
		n = 1 + emu_test_rand(&fc_seed) % FC_BURST_MAX;
		for (i = 0; i < n; i++) {
			/* Mostly the fused path's frames, the others now
			 * and then: they join or close a session. */
			emu_any_frame(&f[i],
				      emu_test_rand(&fc_seed) % 4 != 0
					      ? emu_test_rand(&fc_seed) % 6
					      : emu_test_rand(&fc_seed) %
							EMU_ANY_KINDS,
				      &fc_seed, &cfg);
			fp[i] = f[i].b;
			lens[i] = f[i].len;
		}
		for (side = 0; side < 2; side++)
			TEST_ASSERT_EQ(emu.inject_wire_burst(side, fp, lens, n),
				       0, "burst %u on adapter %u", b, side);
		TEST_ASSERT(memcmp(s[0].q.cq_buf, s[1].q.cq_buf,
				   (size_t)64 << s[0].q.cq_log_sz) == 0,
			    "format %u, burst %u of %u frames: the CQ rings differ",
			    format, b, n);
		TEST_ASSERT(memcmp(s[0].mem, s[1].mem,
				   (size_t)FC_RING * FC_BUF) == 0,
			    "format %u, burst %u: the RQ buffers differ",
			    format, b);
		done = emu_cq_consume_twins(&s[0].q, &s[1].q, sessions, NULL);
		TEST_ASSERT_EQ(done, n, "format %u, burst %u: frames completed",
			       format, b);
		/* Every frame took a WQE: post as many again. */
		for (side = 0; side < 2; side++) {
			s[side].q.pi += n;
			s[side].q.dbr[0] = htobe32(s[side].q.pi & 0xffff);
		}
	}
	return MLX5X_TEST_PASS;
}

static int
test_rx_fused_comp_matches_general(void)
{
	static const uint8_t formats[] = { MLX5X_MINI_CQE_FORMAT_HASH,
					   MLX5X_MINI_CQE_FORMAT_CSUM };
	static struct fc_side s[2];
	struct emu_any *f = calloc(FC_BURST_MAX, sizeof(*f));
	unsigned int i, k, sessions;
	uint64_t before, after, general;
	int rc = MLX5X_TEST_PASS;

	TEST_ASSERT(f != NULL, "frames");
	for (k = 0; k < sizeof(formats) && rc == MLX5X_TEST_PASS; k++) {
		for (i = 0; i < sizeof(fc_key); i++)
			fc_key[i] = (uint8_t)emu_test_rand(&fc_seed);
		memset(s, 0, sizeof(s));
		sessions = 0;
		rc = fc_side_open(&s[0], 0, formats[k]);
		if (rc == MLX5X_TEST_PASS)
			rc = fc_side_open(&s[1], 1, formats[k]);
		if (rc == MLX5X_TEST_PASS && emu_twin_fused_on(&before) != 0)
			rc = MLX5X_TEST_FAIL;
		if (rc == MLX5X_TEST_PASS)
			rc = fc_run(s, f, formats[k], &sessions);
		if (rc == MLX5X_TEST_PASS &&
		    (emu.rx_fused(0, -1, &after) != 0 ||
		     emu.rx_fused(1, -1, &general) != 0))
			rc = MLX5X_TEST_FAIL;
		/* Adapter 1's context first: closing adapter 0's tears
		 * down. */
		fc_side_close(&s[1]);
		fc_side_close(&s[0]);
		if (rc != MLX5X_TEST_PASS)
			break;
		TEST_ASSERT_EQ(general, 0, "the hook kept adapter 1 general");
		TEST_ASSERT(after - before > FC_BURSTS * 4,
			    "format %u: the fused path took %lu frames",
			    formats[k], (unsigned long)(after - before));
		TEST_ASSERT(sessions > FC_BURSTS / 2,
			    "format %u: %u compressed sessions", formats[k],
			    sessions);
	}
	free(f);
	return rc;
}

MLX5X_TEST_SUITE(emu_rx_fused_comp_suite, "emu_rx_fused_comp", "emulator", NULL,
		 NULL, MLX5X_TEST_CASE(test_rx_fused_comp_matches_general))
