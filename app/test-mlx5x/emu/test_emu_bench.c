/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Benchmarks (never fail on time): the emulator's forwarding rate for
 * 64-byte frames, wire -> NIC RX -> TIR (RSS over 4 RQs) -> RQ -> CQE and
 * SQ -> wire, run in the caller's thread through mlx5x_emu_inject_wire /
 * mlx5x_emu_poll so the figure is one engine thread's work (the wire end
 * captures every frame: wire -> RQ as the tests do, SQ -> wire by
 * reference, as a traffic sink would).
 *
 * MLX5X_BENCH_FRAMES sets the frame count (default 200000):
 * devtools/mlx5x-bench runs the two cases under callgrind with two counts
 * and prints the slope, i.e. instructions per frame.
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "test.h"
#include "test_emu_lib.h"

#define BENCH_RQS 4u

/* CPU time, not wall time: on a shared machine other jobs would show up
 * as emulator cost. Wire -> RQ runs in the calling thread only; SQ -> wire
 * also in the engine thread, so it counts the whole process. */
static double
cpu_s(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/*
 * Wall-clock rate by the time-stamp counter over the measured loop, the
 * counter's rate taken against CLOCK_MONOTONIC over the same loop: what
 * one engine thread forwards, as the issue states its target (Mpps per
 * engine thread). Machine load shows up in it; the CPU-time figure and
 * the instruction count do not.
 */
struct bench_tsc {
	uint64_t c0;
	double t0;
};

static uint64_t
bench_rdtsc(void)
{
#if defined(__x86_64__) || defined(__i386__)
	return __builtin_ia32_rdtsc();
#else
	return (uint64_t)(cpu_s(CLOCK_MONOTONIC) * 1e9);
#endif
}

static void
bench_tsc_start(struct bench_tsc *b)
{
	b->t0 = cpu_s(CLOCK_MONOTONIC);
	b->c0 = bench_rdtsc();
}

/* "N Mpps wall (rdtsc, C cycles/frame at G GHz)" into buf. */
static void
bench_tsc_stop(const struct bench_tsc *b, uint32_t frames, char *buf,
	       size_t len)
{
	uint64_t c = bench_rdtsc() - b->c0;
	double t = cpu_s(CLOCK_MONOTONIC) - b->t0;

	if (t <= 0 || frames == 0) {
		snprintf(buf, len, "no wall rate");
		return;
	}
	snprintf(buf, len,
		 "%.2f Mpps wall (rdtsc, %.0f cycles/frame at %.2f GHz)",
		 frames / t / 1e6, (double)c / frames, c / t / 1e9);
}

static uint32_t
bench_frames(void)
{
	const char *s = getenv("MLX5X_BENCH_FRAMES");
	long v = s != NULL ? strtol(s, NULL, 0) : 0;

	return v > 0 ? (uint32_t)v : 200000u;
}

/* The wire's consumer takes what left by reference, a burst at a time,
 * reads each length and gives the frames back: the bytes it saw. */
static uint64_t
bench_wire_take(void)
{
	struct mlx5x_emu_frame fr[64];
	uint64_t bytes = 0;
	int i, k;

	while ((k = emu.capture_wire_burst(0, fr, 64)) > 0)
		for (i = 0; i < k; i++)
			bytes += fr[i].len;
	emu.release_wire(0);
	return bytes;
}

/* Frames go in one at a time (burst 1, mlx5x_emu_inject_wire) or burst
 * at a time (mlx5x_emu_inject_wire_burst: the entry's checks and the
 * adapter lock once per burst), and each RQ gives its WQEs back as they
 * complete. */
static int
bench_wire_rss(uint32_t burst)
{
	static const uint8_t key[40] = {
		0x2c, 0xc6, 0x81, 0xd1, 0x5b, 0xdb, 0xf4, 0xf7, 0xfc, 0xa2,
		0x83, 0x19, 0xdb, 0x1a, 0x3e, 0x94, 0x6b, 0x9e, 0x38, 0xd9,
		0x2c, 0x9c, 0x03, 0xd1, 0xad, 0x99, 0x44, 0xa7, 0xd9, 0x56,
		0x3d, 0x59, 0x06, 0x3e, 0xbc, 0xf3, 0x72, 0x0f, 0x6e, 0x8c,
	};
	const uint32_t log_n = 10, n = 1u << log_n;
	const uint32_t frames = bench_frames() / burst * burst;
	uint8_t frame[16][64];
	const void *fp[16];
	size_t lens[16];
	uint32_t rqn[BENCH_RQS], i, done = 0, per[BENCH_RQS] = { 0 };
	struct emu_q q[BENCH_RQS];
	struct ibv_mr *mr;
	struct emu_steer s;
	struct emu_dev d;
	struct bench_tsc tsc;
	char wall[96];
	uint8_t *mem;
	double t0, t;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	mem = calloc((size_t)BENCH_RQS * n, 2048);
	TEST_ASSERT(mem != NULL, "buffers");
	mr = emu.reg_mr(d.pd, mem, (size_t)BENCH_RQS * n * 2048,
			IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(mr != NULL, "mr");
	for (i = 0; i < BENCH_RQS; i++) {
		TEST_ASSERT(emu_q_create(&d, &q[i], false, log_n, 4) == 0,
			    "rq %u", i);
		emu_rq_post(&q[i], mem + (size_t)i * n * 2048, mr->lkey, n,
			    2048);
		q[i].pi = n;
		TEST_ASSERT_EQ(emu_q_modify(&q[i], 0, 1), 0, "ready");
		rqn[i] = q[i].qn;
	}
	TEST_ASSERT(emu_steer_rss(&d, &s, rqn, BENCH_RQS, key,
				  MLX5X_HASH_FIELD_SEL_SRC_IP |
					  MLX5X_HASH_FIELD_SEL_DST_IP |
					  MLX5X_HASH_FIELD_SEL_L4_SPORT |
					  MLX5X_HASH_FIELD_SEL_L4_DPORT,
				  true) == 0,
		    "rss steering");
	/* A plain UDP port: 4790 is VXLAN-GPE, whose frames the adapter
	 * parses as tunnels, which is not what this figure measures. */
	for (i = 0; i < 16; i++)
		emu_frame_udp4(frame[i],
			       (const uint8_t *)"\x02\x15\xb3\x00\x00\x00",
			       0x0a000001, 0x0a000002, 1000 + i, 5000, 18);
	bench_tsc_start(&tsc);
	t0 = cpu_s(CLOCK_THREAD_CPUTIME_ID);
	for (i = 0; i < 16; i++) {
		fp[i] = frame[i];
		lens[i] = sizeof(frame[0]);
	}
	for (i = 0; i < frames; i += burst) {
		uint32_t k;

		if (burst == 1)
			emu.inject_wire(0, frame[i & 15], sizeof(frame[0]));
		else
			emu.inject_wire_burst(0, fp, lens, burst);
		/* Give the completed WQEs back at once: the ring never runs
		 * dry, whichever RQ the hash picked (one frame a call: one
		 * CQE at most). */
		for (k = 0; k < BENCH_RQS; k++)
			while (emu_q_poll_cqe(&q[k], 0) != NULL) {
				q[k].dbr[0] = htobe32(++q[k].pi);
				per[k]++;
				done++;
				if (burst == 1)
					break;
			}
	}
	t = cpu_s(CLOCK_THREAD_CPUTIME_ID) - t0;
	bench_tsc_stop(&tsc, frames, wall, sizeof(wall));
	printf("    bench: wire -> NIC RX -> TIR (RSS, %u RQs) -> RQ -> CQE, 64 B, %u a call: %.2f Mpps (%u frames, %.3f s thread CPU time, one thread; per RQ %u %u %u %u), %s\n",
	       BENCH_RQS, burst, frames / t / 1e6, frames, t, per[0], per[1],
	       per[2], per[3], wall);
	TEST_ASSERT_EQ(done, frames, "every frame completed");
	emu_steer_destroy(&s);
	for (i = 0; i < BENCH_RQS; i++)
		emu_q_destroy(&q[i]);
	emu.dereg_mr(mr);
	free(mem);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_emu_wire_rss_rate(void)
{
	return bench_wire_rss(1);
}

static int
test_emu_wire_rss_burst_rate(void)
{
	return bench_wire_rss(16);
}

static int
test_emu_sq_wire_rate(void)
{
	const uint32_t log_n = 10, n = 1u << log_n;
	uint32_t frames = bench_frames() & ~31u;
	uint8_t frame[64];
	uint64_t bytes = 0;
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q q;
	uint32_t i, sent = 0, done = 0;
	struct bench_tsc tsc;
	char wall[96];
	double t0, t;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &q, true, log_n, 6) == 0, "sq");
	TEST_ASSERT_EQ(emu_q_modify(&q, 0, 1), 0, "ready");
	emu_frame_udp4(frame, (const uint8_t *)"\x02\x99\x00\x00\x00\x01", 1, 2,
		       3, 4, 18);
	mr = emu.reg_mr(d.pd, frame, sizeof(frame), 0);
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
	bench_tsc_start(&tsc);
	t0 = cpu_s(CLOCK_PROCESS_CPUTIME_ID);
	while (done < frames) {
		/* Keep half the ring posted; WQE indexes stay valid because
		 * the ring was written once for every slot. */
		while (sent - done < n / 2 && sent < frames)
			sent += 32;
		q.dbr[MLX5X_SND_DBR] = htobe32(sent & 0xffff);
		emu.poll();
		while (emu_q_poll_cqe(&q, 0) != NULL)
			done += 32;
		bytes += bench_wire_take();
	}
	t = cpu_s(CLOCK_PROCESS_CPUTIME_ID) - t0;
	bench_tsc_stop(&tsc, done, wall, sizeof(wall));
	printf("    bench: SQ -> wire, 64 B, CQE every 32, the wire end read by reference 64 a call (mlx5x_emu_capture_wire_burst, release): %.2f Mpps (%u frames, %.3f s process CPU time: this thread and the engine's), %s\n",
	       done / t / 1e6, done, t, wall);
	TEST_ASSERT(bytes <= (uint64_t)done * sizeof(frame),
		    "no more bytes on the wire than were sent");
	emu.dereg_mr(mr);
	emu_q_destroy(&q);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/*
 * SQ -> wire with enhanced MPW WQEs as drivers post them (mlx5x's default
 * Tx and DPDK's mlx5 PMD): sessions of per 64-byte packets under one
 * Ethernet segment, inline (each packet in an inline data segment, 12 fill
 * the 63 units a WQE may have) or by pointer (32 a WQE, from a pool of
 * buffers in one MR), WQEs written as the ring goes round and wrapping
 * its end, a completion requested once 32 packets went since the last.
 */
static int
bench_sq_empw(bool inl, unsigned int per)
{
	const uint32_t log_n = 10, n = 1u << log_n, pool = 256;
	const uint32_t frames = bench_frames();
	struct emu_empw_pkt pkt[32];
	/* Per posted WQE, in posting order: its index, the WQEBB counter
	 * and the packets sent once it is done. */
	struct {
		uint16_t idx;
		uint32_t pi, sent;
	} fifo[1024];
	uint32_t head = 0, tail = 0, since = 0, ci = 0, pi = 0;
	uint32_t i, sent = 0, done = 0;
	uint64_t bytes = 0;
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q q;
	struct bench_tsc tsc;
	uint8_t *mem;
	char wall[96];
	double t0, t;

	TEST_ASSERT(per <= 32, "session size");
	TEST_ASSERT(emu_dev_open(&d, "model=cx5,wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &q, true, log_n, 6) == 0, "sq");
	TEST_ASSERT_EQ(emu_q_modify(&q, 0, 1), 0, "ready");
	mem = calloc(pool, 128);
	TEST_ASSERT(mem != NULL, "buffers");
	for (i = 0; i < pool; i++)
		emu_frame_udp4(mem + (size_t)i * 128,
			       (const uint8_t *)"\x02\x99\x00\x00\x00\x01", 1,
			       2, 1000 + i, 4, 18);
	mr = emu.reg_mr(d.pd, mem, (size_t)pool * 128, 0);
	TEST_ASSERT(mr != NULL, "mr");
	bench_tsc_start(&tsc);
	t0 = cpu_s(CLOCK_PROCESS_CPUTIME_ID);
	while (done < frames) {
		/* Keep up to half the ring posted. */
		while (sent < frames && pi - ci < n / 2) {
			uint32_t m = frames - sent < per ? frames - sent : per;
			uint8_t ce;

			for (i = 0; i < m; i++) {
				pkt[i].data =
					mem + (size_t)((sent + i) % pool) * 128;
				pkt[i].len = 64;
				pkt[i].lkey = mr->lkey;
				pkt[i].inl = inl;
			}
			since += m;
			ce = since >= 32 || sent + m == frames
				     ? MLX5_WQE_CTRL_CQ_UPDATE
				     : 0;
			if (ce != 0)
				since = 0;
			fifo[tail % 1024].idx = (uint16_t)pi;
			pi += emu_wqe_empw(q.buf, n, q.qn, (uint16_t)pi, pkt, m,
					   0, ce);
			sent += m;
			fifo[tail % 1024].pi = pi;
			fifo[tail % 1024].sent = sent;
			tail++;
		}
		q.dbr[MLX5X_SND_DBR] = htobe32(pi & 0xffff);
		emu.poll();
		for (;;) {
			struct mlx5_cqe64 *cqe = emu_q_poll_cqe(&q, 0);
			uint16_t c;

			if (cqe == NULL)
				break;
			TEST_ASSERT((cqe->op_own >> 4) == MLX5_CQE_REQ,
				    "completion without error");
			c = be16toh(cqe->wqe_counter);
			while (head != tail && fifo[head % 1024].idx != c)
				head++;
			TEST_ASSERT(head != tail, "a CQE of a posted WQE");
			ci = fifo[head % 1024].pi;
			done = fifo[head % 1024].sent;
			head++;
		}
		bytes += bench_wire_take();
	}
	t = cpu_s(CLOCK_PROCESS_CPUTIME_ID) - t0;
	bench_tsc_stop(&tsc, done, wall, sizeof(wall));
	printf("    bench: SQ -> wire, eMPW %s, %u 64 B packets a WQE, CQE every 32 packets, the wire end read by reference 64 a call: %.2f Mpps (%u frames, %.3f s process CPU time: this thread and the engine's), %s\n",
	       inl ? "inline" : "by pointer", per, done / t / 1e6, done, t,
	       wall);
	TEST_ASSERT(bytes <= (uint64_t)done * 64,
		    "no more bytes on the wire than were sent");
	emu.dereg_mr(mr);
	free(mem);
	emu_q_destroy(&q);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_emu_sq_empw_inline_rate(void)
{
	return bench_sq_empw(true, 12);
}

static int
test_emu_sq_empw_ptr_rate(void)
{
	return bench_sq_empw(false, 32);
}

MLX5X_TEST_SUITE(emu_bench_suite, "emu_bench", "bench", NULL, NULL,
		 MLX5X_TEST_CASE(test_emu_wire_rss_rate),
		 MLX5X_TEST_CASE(test_emu_wire_rss_burst_rate),
		 MLX5X_TEST_CASE(test_emu_sq_wire_rate),
		 MLX5X_TEST_CASE(test_emu_sq_empw_inline_rate),
		 MLX5X_TEST_CASE(test_emu_sq_empw_ptr_rate))
