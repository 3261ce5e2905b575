/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, striding RQ (MPRQ): frames fill successive strides of
 * one WQE buffer; each CQE names the WQE, the first stride and the strides
 * used; a frame that does not fit in what is left of a WQE is preceded by a
 * filler CQE for the rest, and lands at stride 0 of the next WQE.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

#define STRIDES 512u
#define STRIDE_SZ 64u

static int
test_mprq_strides_and_filler(void)
{
	uint8_t frame[1600];
	struct emu_steer s;
	struct ibv_mr *mr;
	struct emu_q q;
	struct emu_dev d;
	struct mlx5_cqe64 *cqe;
	size_t wqe_bytes = STRIDES * STRIDE_SZ;
	uint8_t *mem;
	uint32_t i, bc, used = 0;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create_mprq(&d, &q, 2, 0, 0) == 0, "striding RQ");
	mem = calloc(4, wqe_bytes);
	mr = emu.reg_mr(d.pd, mem, 4 * wqe_bytes, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(mem != NULL && mr != NULL, "buffers");
	for (i = 0; i < 4; i++) {
		struct mlx5_wqe_data_seg *ds =
			(struct mlx5_wqe_data_seg *)(q.buf + i * 32 + 16);

		ds->byte_count = htobe32(wqe_bytes);
		ds->lkey = htobe32(mr->lkey);
		ds->addr = htobe64((uintptr_t)(mem + i * wqe_bytes));
	}
	q.dbr[0] = htobe32(4);
	TEST_ASSERT_EQ(emu_q_modify(&q, 0, 1), 0, "ready");
	TEST_ASSERT(emu_steer_direct(&d, &s, q.qn, 0) == 0, "steering");
	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x15\xb3\x00\x00\x00",
			     1, 2, 3, 4, 1500 - 42);
	/* 1500 bytes = 24 strides: 21 frames fit in 512, the 22nd does not. */
	for (i = 0; i < 22; i++) {
		frame[60] = (uint8_t)i;
		TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject %u",
			       i);
		cqe = emu_q_poll_cqe(&q, 50);
		TEST_ASSERT(cqe != NULL, "CQE %u", i);
		bc = be32toh(cqe->byte_cnt);
		if (i == 21) {
			TEST_ASSERT(bc & 0x80000000, "filler before frame 21");
			TEST_ASSERT_EQ((bc >> 16) & 0x3fff, STRIDES - used,
				       "filler takes the rest");
			/* PRM: wqe_counter is the stride, wqe_id the WQE. */
			TEST_ASSERT_EQ(be16toh(cqe->wqe_counter), used,
				       "from stride");
			TEST_ASSERT_EQ(be16toh(cqe->wqe_id), 0, "of WQE 0");
			cqe = emu_q_poll_cqe(&q, 50);
			TEST_ASSERT(cqe != NULL, "CQE of frame 21");
			bc = be32toh(cqe->byte_cnt);
			TEST_ASSERT_EQ(be16toh(cqe->wqe_id), 1, "next WQE");
			TEST_ASSERT_EQ(be16toh(cqe->wqe_counter), 0,
				       "stride 0");
			TEST_ASSERT(memcmp(mem + wqe_bytes, frame, len) == 0,
				    "bytes at WQE 1 stride 0");
			break;
		}
		TEST_ASSERT_EQ(bc & 0xffff, len, "length");
		TEST_ASSERT_EQ((bc >> 16) & 0x3fff, 24, "strides used");
		TEST_ASSERT_EQ(be16toh(cqe->wqe_counter), used, "first stride");
		TEST_ASSERT_EQ(be16toh(cqe->wqe_id), 0, "WQE 0");
		TEST_ASSERT(memcmp(mem + used * STRIDE_SZ, frame, len) == 0,
			    "bytes at stride %u", used);
		used += 24;
	}
	TEST_ASSERT_EQ(bc & 0xffff, len, "frame 21 length");
	emu_steer_destroy(&s);
	emu.dereg_mr(mr);
	free(mem);
	emu_q_destroy(&q);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_mprq_needs_capability(void)
{
	struct emu_q q;
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, "model=cx4lx") == 0, "open");
	TEST_ASSERT(emu_q_create_mprq(&d, &q, 2, 0, 0) != 0,
		    "no striding RQ on ConnectX-4 Lx");
	emu_q_destroy(&q);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_mprq_suite, "emu_mprq", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_mprq_strides_and_filler),
		 MLX5X_TEST_CASE(test_mprq_needs_capability))
