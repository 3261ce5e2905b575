/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Benchmark (never fails on time): the emulator's forwarding rate for
 * 64-byte frames, wire -> steering -> RQ -> CQE and SQ -> wire, both run
 * in the caller's thread through mlx5x_emu_inject_wire / mlx5x_emu_poll so
 * the figure is one engine thread's work (the wire end captures every frame,
 * as in the tests).
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "test.h"
#include "test_emu_lib.h"

#define BENCH_FRAMES 200000u

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int
bench_wire_to_rq(struct emu_dev *d)
{
	const uint32_t log_n = 10, n = 1u << log_n;
	uint8_t frame[64];
	struct emu_steer s;
	struct ibv_mr *mr;
	struct emu_q q;
	uint8_t *mem;
	uint32_t i, posted;
	double t0, t;

	TEST_ASSERT(emu_q_create(d, &q, false, log_n, 4) == 0, "rq");
	mem = calloc(n, 2048);
	mr = emu.reg_mr(d->pd, mem, (size_t)n * 2048, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(mem != NULL && mr != NULL, "buffers");
	for (i = 0; i < n; i++) {
		struct mlx5_wqe_data_seg *ds =
			(struct mlx5_wqe_data_seg *)(q.buf + i * 16);

		ds->byte_count = htobe32(2048);
		ds->lkey = htobe32(mr->lkey);
		ds->addr = htobe64((uintptr_t)(mem + (size_t)i * 2048));
	}
	posted = n;
	q.dbr[0] = htobe32(posted);
	TEST_ASSERT_EQ(emu_q_modify(&q, 0, 1), 0, "ready");
	TEST_ASSERT(emu_steer_direct(d, &s, q.qn, 0) == 0, "steering");
	emu_frame_udp4(frame, (const uint8_t *)"\x02\x15\xb3\x00\x00\x00", 1, 2,
		       3, 4, 18);
	t0 = now_s();
	for (i = 0; i < BENCH_FRAMES; i++) {
		emu.inject_wire(0, frame, sizeof(frame));
		if (emu_q_poll_cqe(&q, 0) != NULL)
			q.dbr[0] = htobe32(++posted);
	}
	t = now_s() - t0;
	printf("    bench: wire -> NIC RX -> TIR -> RQ -> CQE, 64 B: %.2f Mpps (%u frames, %.3f s, one thread)\n",
	       BENCH_FRAMES / t / 1e6, BENCH_FRAMES, t);
	TEST_ASSERT_EQ(posted - n, BENCH_FRAMES, "every frame completed");
	emu_steer_destroy(&s);
	emu.dereg_mr(mr);
	free(mem);
	emu_q_destroy(&q);
	return MLX5X_TEST_PASS;
}

static int
bench_sq_to_wire(struct emu_dev *d)
{
	const uint32_t log_n = 10, n = 1u << log_n;
	uint8_t frame[64], out[128];
	struct ibv_mr *mr;
	struct emu_q q;
	uint32_t i, sent = 0, done = 0;
	double t0, t;

	TEST_ASSERT(emu_q_create(d, &q, true, log_n, 6) == 0, "sq");
	TEST_ASSERT_EQ(emu_q_modify(&q, 0, 1), 0, "ready");
	emu_frame_udp4(frame, (const uint8_t *)"\x02\x99\x00\x00\x00\x01", 1, 2,
		       3, 4, 18);
	mr = emu.reg_mr(d->pd, frame, sizeof(frame), 0);
	TEST_ASSERT(mr != NULL, "mr");
	/* Every WQEBB: ctrl, eth with 18 inline bytes, one data segment; a
	 * completion every 32 WQEs. */
	for (i = 0; i < n; i++) {
		uint8_t *w = q.buf + (size_t)i * 64;
		struct mlx5_wqe_ctrl_seg *c = (struct mlx5_wqe_ctrl_seg *)w;
		struct mlx5_wqe_eth_seg *e =
			(struct mlx5_wqe_eth_seg *)(w + 16);
		struct mlx5_wqe_data_seg *ds =
			(struct mlx5_wqe_data_seg *)(w + 48);

		c->opmod_idx_opcode = htobe32(i << 8 | MLX5_OPCODE_SEND);
		c->qpn_ds = htobe32(q.qn << 8 | 4);
		c->fm_ce_se = (i % 32 == 31) ? MLX5_WQE_CTRL_CQ_UPDATE : 0;
		e->inline_hdr_sz = htobe16(18);
		memcpy(e->inline_hdr_start, frame, 18);
		ds->byte_count = htobe32(sizeof(frame) - 18);
		ds->lkey = htobe32(mr->lkey);
		ds->addr = htobe64((uintptr_t)(frame + 18));
	}
	t0 = now_s();
	while (done < BENCH_FRAMES) {
		/* Keep half the ring posted; WQE indexes stay valid because
		 * the ring was written once for every slot. */
		while (sent - done < n / 2 && sent < BENCH_FRAMES)
			sent += 32;
		q.dbr[MLX5X_SND_DBR] = htobe32(sent & 0xffff);
		emu.poll();
		while (emu_q_poll_cqe(&q, 0) != NULL)
			done += 32;
		while (emu.capture_wire(0, out, sizeof(out)) > 0)
			;
	}
	t = now_s() - t0;
	printf("    bench: SQ -> wire, 64 B, CQE every 32: %.2f Mpps (%u frames, %.3f s, one thread)\n",
	       done / t / 1e6, done, t);
	emu.dereg_mr(mr);
	emu_q_destroy(&q);
	return MLX5X_TEST_PASS;
}

static int
test_engine_rate(void)
{
	struct emu_dev d;
	int rc;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	rc = bench_wire_to_rq(&d);
	if (rc == MLX5X_TEST_PASS)
		rc = bench_sq_to_wire(&d);
	emu_dev_close(&d);
	return rc;
}

MLX5X_TEST_SUITE(emu_bench_suite, "emu_bench", "bench", NULL, NULL,
		 MLX5X_TEST_CASE(test_engine_rate))
