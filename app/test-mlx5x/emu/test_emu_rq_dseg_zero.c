/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, a receive data segment whose byte_count is 0. The
 * PRM counts it as 2^31 bytes, not as none (the kernel's mlx5 walk of
 * receive WQEs, odp.c: "a zero length data segment designates a length
 * of 2GB"), except the one that ends a scatter list: byte_count 0, the
 * reserved key MLX5_INVALID_LKEY (0x100) and address 0, all three (the
 * same walk; rdma-core's mlx5 and mlx5e post it so). So a 0-byte
 * segment takes the whole frame, the MR bounds checked over the bytes
 * written (a frame past its MR: local protection error, RQ to ERR); a
 * terminator ends the list (a frame longer than the segments before it:
 * local length error); the reserved key with any other byte count or
 * address names no MR (local protection error). On every way a cyclic
 * RQ's frame goes: the fused wire -> RQ path, the general delivery (the
 * test hook), the general path with tracing on; and on a striding RQ,
 * whose one data segment bounds the strides a frame may take.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

/* PRM: the key of a scatter list's terminator. */
#define DZ_TERM_LKEY 0x100u

enum dz_way {
	DZ_FUSED,   /* the fused wire -> RQ path may take the frame */
	DZ_GENERAL, /* every frame the general way (the test hook) */
	DZ_TRACED,  /* tracing on: the general way too */
};

static const char *const dz_way_name[] = { "fused", "general", "traced" };

/* A receive scenario of segs-segment WQEs, its frames going way's way. */
static int
dz_open(struct emu_rxs *a, uint32_t segs, enum dz_way way)
{
	TEST_ASSERT_EQ(emu_rxs_open(a, segs, IBV_ACCESS_LOCAL_WRITE),
		       MLX5X_TEST_PASS, "open");
	TEST_ASSERT_EQ(emu.rx_fused(0, way == DZ_FUSED, NULL), 0, "hook");
	TEST_ASSERT_EQ(emu.trace_enable(0, way == DZ_TRACED), 0, "trace");
	return MLX5X_TEST_PASS;
}

/* The frames the fused path has taken on adapter 0. */
static uint64_t
dz_fused_frames(void)
{
	uint64_t n = 0;

	emu.rx_fused(0, -1, &n);
	return n;
}

/* Raw data segment k of WQE w. */
static void
dz_seg(struct emu_rxs *a, uint32_t w, uint32_t k, const void *p, uint32_t bc,
       uint32_t lkey)
{
	emu_wqe_dseg(a->q.buf + (w * a->segs + k) * 16, p, bc, lkey);
}

/* One-segment WQEs of byte_count 0: each frame lands whole in its
 * buffer, the fused path taking it where it may. */
static int
dz_holds(enum dz_way way)
{
	const char *wn = dz_way_name[way];
	uint8_t f[256];
	struct emu_rxs a;
	uint32_t w;

	TEST_ASSERT_EQ(dz_open(&a, 1, way), MLX5X_TEST_PASS, "%s", wn);
	for (w = 0; w < EMU_RXS_WQES; w++)
		emu_rxs_seg(&a, w, 0, true, 0);
	TEST_ASSERT_EQ(emu_rxs_start(&a), MLX5X_TEST_PASS, "start");
	for (w = 0; w < 2; w++) {
		TEST_ASSERT_EQ(emu_rxs_frame(&a, f, 100 + w, (uint8_t)w), 0,
			       "%s: frame %u lands", wn, w);
		TEST_ASSERT(memcmp(a.rw_mem + w * EMU_RXS_BUF, f, 142 + w) == 0,
			    "%s: frame %u's bytes in its buffer", wn, w);
	}
	TEST_ASSERT_EQ(dz_fused_frames(), way == DZ_FUSED ? 2 : 0,
		       "%s: the fused path took them, or not", wn);
	emu_rxs_close(&a);
	return MLX5X_TEST_PASS;
}

/* Two-segment WQEs, the first of byte_count 0: it holds the whole frame,
 * the second stays untouched. */
static int
dz_first_of_two(enum dz_way way)
{
	const char *wn = dz_way_name[way];
	uint8_t f[512];
	struct emu_rxs a;
	uint32_t w;

	TEST_ASSERT_EQ(dz_open(&a, 2, way), MLX5X_TEST_PASS, "%s", wn);
	for (w = 0; w < EMU_RXS_WQES; w++) {
		emu_rxs_seg(&a, w, 0, true, 0);
		emu_rxs_seg(&a, w, 1, true, EMU_RXS_BUF);
	}
	TEST_ASSERT_EQ(emu_rxs_start(&a), MLX5X_TEST_PASS, "start");
	TEST_ASSERT_EQ(emu_rxs_frame(&a, f, 300, 5), 0, "%s: lands", wn);
	TEST_ASSERT(memcmp(a.rw_mem, f, 342) == 0, "%s: in the first", wn);
	TEST_ASSERT(emu_mem_zero(a.rw_mem + EMU_RXS_BUF, EMU_RXS_BUF),
		    "%s: nothing in the second", wn);
	emu_rxs_close(&a);
	return MLX5X_TEST_PASS;
}

/* A 0-byte segment 64 bytes before its MR's end: the 142-byte frame
 * would run past it, a local protection error; nothing written, the RQ
 * in ERR. */
static int
dz_past_the_mr(enum dz_way way)
{
	const size_t bytes = (size_t)EMU_RXS_WQES * EMU_RXS_BUF;
	const char *wn = dz_way_name[way];
	uint8_t f[256];
	struct emu_rxs a;
	uint32_t w;

	TEST_ASSERT_EQ(dz_open(&a, 1, way), MLX5X_TEST_PASS, "%s", wn);
	for (w = 0; w < EMU_RXS_WQES; w++)
		dz_seg(&a, w, 0, a.rw_mem + bytes - 64, 0, a.rw->lkey);
	TEST_ASSERT_EQ(emu_rxs_start(&a), MLX5X_TEST_PASS, "start");
	TEST_ASSERT_EQ(emu_rxs_frame(&a, f, 100, 1),
		       MLX5_CQE_SYNDROME_LOCAL_PROT_ERR,
		       "%s: local protection error", wn);
	TEST_ASSERT(emu_mem_zero(a.rw_mem, bytes), "%s: nothing written", wn);
	TEST_ASSERT_EQ(emu_rxs_frame(&a, f, 10, 2), -1,
		       "%s: the RQ in ERR takes no more", wn);
	emu_rxs_close(&a);
	return MLX5X_TEST_PASS;
}

/* Two-segment WQEs way's way, 64 bytes of the writable area in each
 * first segment, (p, bc, lkey) the second of WQEs 0 and 1; started. */
static int
dz_two(struct emu_rxs *a, enum dz_way way, const void *p, uint32_t bc,
       uint32_t lkey)
{
	uint32_t w;

	TEST_ASSERT_EQ(dz_open(a, 2, way), MLX5X_TEST_PASS, "open");
	for (w = 0; w < EMU_RXS_WQES; w++)
		emu_rxs_seg(a, w, 0, true, 64);
	dz_seg(a, 0, 1, p, bc, lkey);
	dz_seg(a, 1, 1, p, bc, lkey);
	return emu_rxs_start(a);
}

/*
 * Two-segment WQEs, 64 bytes in the first: a terminator (0, 0x100, 0)
 * second ends the list, so 60 bytes land and 142 are too long; the
 * reserved key with an address or a byte count is no terminator but a
 * key of no MR.
 */
static int
dz_terminator(enum dz_way way)
{
	const char *wn = dz_way_name[way];
	uint8_t f[256];
	struct emu_rxs a;

	TEST_ASSERT_EQ(dz_two(&a, way, NULL, 0, DZ_TERM_LKEY), MLX5X_TEST_PASS,
		       "%s", wn);
	TEST_ASSERT_EQ(emu_rxs_frame(&a, f, 18, 1), 0,
		       "%s: 60 bytes before the terminator", wn);
	TEST_ASSERT_EQ(emu_rxs_frame(&a, f, 100, 2),
		       MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR,
		       "%s: 142 bytes: the list ended at 64", wn);
	emu_rxs_close(&a);
	/* The reserved key with an address: a segment of 2^31 bytes under
	 * a key no MR has. */
	TEST_ASSERT_EQ(dz_two(&a, way, (const void *)(uintptr_t)0x1000, 0,
			      DZ_TERM_LKEY),
		       MLX5X_TEST_PASS, "%s", wn);
	TEST_ASSERT_EQ(emu_rxs_frame(&a, f, 100, 3),
		       MLX5_CQE_SYNDROME_LOCAL_PROT_ERR,
		       "%s: key 0x100 with an address: no terminator", wn);
	emu_rxs_close(&a);
	TEST_ASSERT_EQ(dz_two(&a, way, NULL, EMU_RXS_BUF, DZ_TERM_LKEY),
		       MLX5X_TEST_PASS, "%s", wn);
	TEST_ASSERT_EQ(emu_rxs_frame(&a, f, 100, 4),
		       MLX5_CQE_SYNDROME_LOCAL_PROT_ERR,
		       "%s: key 0x100 with a byte count: no terminator", wn);
	emu_rxs_close(&a);
	return MLX5X_TEST_PASS;
}

/* Each scenario on each way. */
static int
dz_every_way(int (*run)(enum dz_way), const char *what)
{
	int way;

	for (way = DZ_FUSED; way <= DZ_TRACED; way++)
		TEST_ASSERT_EQ(run((enum dz_way)way), MLX5X_TEST_PASS, "%s, %s",
			       what, dz_way_name[way]);
	return MLX5X_TEST_PASS;
}

static int
test_rq_dseg_zero_holds_the_frame(void)
{
	return dz_every_way(dz_holds, "one 0-byte segment");
}

static int
test_rq_dseg_zero_first_of_two(void)
{
	return dz_every_way(dz_first_of_two, "0-byte first of two");
}

static int
test_rq_dseg_zero_bounds_checked(void)
{
	return dz_every_way(dz_past_the_mr, "0-byte segment past its MR");
}

static int
test_rq_scatter_terminator_exact(void)
{
	return dz_every_way(dz_terminator, "terminator");
}

/*
 * A striding RQ (512 strides of 64 bytes per WQE) whose WQE's data
 * segment is bc bytes (0: 2^31) at its buffer, or a terminator (term):
 * the 142-byte frame (3 strides) lands at stride 0, or the WQE completes
 * with syndrome want, nothing written.
 */
static int
dz_mprq(uint32_t bc, bool term, int want)
{
	uint8_t f[256], *mem;
	struct emu_steer s;
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q q;
	uint32_t len;

	TEST_ASSERT_EQ(emu_mprq_open(&d, &q, &mem, &mr, IBV_ACCESS_LOCAL_WRITE),
		       MLX5X_TEST_PASS, "striding RQ");
	if (term)
		emu_wqe_dseg(q.buf + 16, NULL, 0, DZ_TERM_LKEY);
	else
		emu_wqe_dseg(q.buf + 16, mem, bc, mr->lkey);
	TEST_ASSERT_EQ(emu_mprq_start(&d, &q, &s, 1), MLX5X_TEST_PASS, "start");
	len = (uint32_t)emu_frame_udp4(f,
				       (const uint8_t[]){ 2, 0x15, 0xb3, 0, 0,
							  0 },
				       1, 2, 3, 4, 100);
	TEST_ASSERT_EQ(emu.inject_wire(0, f, len), 0, "inject");
	if (want == 0) {
		struct mlx5_cqe64 *cqe = emu_q_poll_cqe(&q, 100);

		TEST_ASSERT(cqe != NULL &&
				    (cqe->op_own >> 4) == MLX5_CQE_RESP_SEND,
			    "bc %u: a completion", bc);
		TEST_ASSERT_EQ(be32toh(cqe->byte_cnt) & 0xffff, len,
			       "bc %u: its length", bc);
		TEST_ASSERT(memcmp(mem, f, len) == 0, "bc %u: at stride 0", bc);
	} else {
		TEST_ASSERT_EQ(emu_rq_cqe_status(&q, len, 100), want,
			       "bc %u, terminator %d: syndrome", bc, term);
		TEST_ASSERT(emu_mem_zero(mem, 2 * EMU_MPRQ_WQE_BYTES),
			    "bc %u: nothing written", bc);
	}
	emu_rx_teardown(&s, &q, mr, mem, &d);
	return MLX5X_TEST_PASS;
}

static int
test_mprq_dseg_byte_count(void)
{
	TEST_ASSERT_EQ(dz_mprq(512 * 64, false, 0), MLX5X_TEST_PASS,
		       "the WQE's size");
	TEST_ASSERT_EQ(dz_mprq(0, false, 0), MLX5X_TEST_PASS, "0: 2^31 bytes");
	TEST_ASSERT_EQ(dz_mprq(192, false, 0), MLX5X_TEST_PASS,
		       "exactly the 3 strides");
	TEST_ASSERT_EQ(dz_mprq(128, false, MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR),
		       MLX5X_TEST_PASS, "2 strides: too short");
	TEST_ASSERT_EQ(dz_mprq(0, true, MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR),
		       MLX5X_TEST_PASS, "a terminator: no buffer");
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_rq_dseg_zero_suite, "emu_rq_dseg_zero", "emulator", NULL,
		 NULL, MLX5X_TEST_CASE(test_rq_dseg_zero_holds_the_frame),
		 MLX5X_TEST_CASE(test_rq_dseg_zero_first_of_two),
		 MLX5X_TEST_CASE(test_rq_dseg_zero_bounds_checked),
		 MLX5X_TEST_CASE(test_rq_scatter_terminator_exact),
		 MLX5X_TEST_CASE(test_mprq_dseg_byte_count))
