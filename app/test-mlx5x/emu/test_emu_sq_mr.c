/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, an SQ's data segments against memory regions that
 * go away: the adapter may remember the MR a queue last used, but a
 * deregistered MR grants nothing. A send WQE whose data segment names a
 * deregistered MR's key, or the old range under a key that now belongs to
 * another registration, completes with the PRM's local protection error
 * and sends nothing; the same SQ then sends from memory a live MR covers.
 */
#include <endian.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

#define SQ_LOG 4u
#define FRAME_LEN 64u

static const uint8_t dmac[6] = { 0x02, 0x99, 0x00, 0x00, 0x00, 0x07 };

/*
 * Posts the next send WQE of sq (frame f of FRAME_LEN bytes, 18 inline,
 * the rest by pointer under lkey) and waits for its CQE. Returns 0 for a
 * completion, the syndrome for an error CQE, -1 when none came.
 */
static int
sq_send(struct emu_q *sq, const uint8_t *f, uint32_t lkey)
{
	emu_wqe_send(sq->buf, 1u << SQ_LOG, sq->qn, (uint16_t)sq->pi, f,
		     FRAME_LEN, lkey);
	return emu_sq_ring_one(sq);
}

static bool
wire_empty(void)
{
	uint8_t out[256];

	return emu.capture_wire(0, out, sizeof(out)) <= 0;
}

static int
sq_ready(struct emu_dev *d, struct emu_q *sq)
{
	if (emu_q_create(d, sq, true, SQ_LOG, 6) != 0)
		return -1;
	return emu_q_modify(sq, 0, 1);
}

/* Dereg, then the old key over the old range: a local protection error,
 * after the same SQ sent from that MR a moment before. */
static int
test_sq_mr_dereg_refused(void)
{
	static uint8_t a[2][FRAME_LEN];
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q sq;
	uint32_t lkey;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT_EQ(sq_ready(&d, &sq), 0, "SQ ready");
	emu_frame_udp4(a[0], dmac, 1, 2, 3, 4, FRAME_LEN - 42);
	emu_frame_udp4(a[1], dmac, 1, 2, 3, 5, FRAME_LEN - 42);
	mr = emu.reg_mr(d.pd, a, sizeof(a), 0);
	TEST_ASSERT(mr != NULL, "mr");
	lkey = mr->lkey;
	TEST_ASSERT_EQ(sq_send(&sq, a[0], lkey), 0, "sent from the live MR");
	TEST_ASSERT(emu_wire_got(a[0], FRAME_LEN), "the frame on the wire");
	TEST_ASSERT_EQ(sq_send(&sq, a[1], lkey), 0,
		       "again, the MR's 2nd frame");
	TEST_ASSERT(emu_wire_got(a[1], FRAME_LEN), "that frame on the wire");
	TEST_ASSERT_EQ(emu.dereg_mr(mr), 0, "dereg");
	TEST_ASSERT_EQ(sq_send(&sq, a[0], lkey),
		       MLX5_CQE_SYNDROME_LOCAL_PROT_ERR,
		       "the deregistered MR's key: local protection error");
	TEST_ASSERT(wire_empty(), "nothing sent");
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Dereg, then a new MR over other memory (it may get the same key, as
 * the index is free again): the old range under that key is refused on
 * the SQ that last sent from it; the new range sends. */
static int
test_sq_mr_reregistered_elsewhere(void)
{
	static uint8_t a[FRAME_LEN], b[FRAME_LEN];
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q sq, sq2;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT_EQ(sq_ready(&d, &sq), 0, "SQ ready");
	TEST_ASSERT_EQ(sq_ready(&d, &sq2), 0, "2nd SQ ready");
	emu_frame_udp4(a, dmac, 1, 2, 3, 4, FRAME_LEN - 42);
	emu_frame_udp4(b, dmac, 5, 6, 7, 8, FRAME_LEN - 42);
	mr = emu.reg_mr(d.pd, a, sizeof(a), 0);
	TEST_ASSERT(mr != NULL, "mr over a");
	TEST_ASSERT_EQ(sq_send(&sq, a, mr->lkey), 0, "sent from a");
	TEST_ASSERT(emu_wire_got(a, FRAME_LEN), "a on the wire");
	TEST_ASSERT_EQ(emu.dereg_mr(mr), 0, "dereg");
	mr = emu.reg_mr(d.pd, b, sizeof(b), 0);
	TEST_ASSERT(mr != NULL, "mr over b");
	TEST_ASSERT_EQ(sq_send(&sq, a, mr->lkey),
		       MLX5_CQE_SYNDROME_LOCAL_PROT_ERR,
		       "a under the new MR's key: local protection error");
	TEST_ASSERT(wire_empty(), "nothing sent");
	TEST_ASSERT_EQ(sq_send(&sq2, b, mr->lkey), 0, "sent from b");
	TEST_ASSERT(emu_wire_got(b, FRAME_LEN), "b on the wire");
	TEST_ASSERT_EQ(emu.dereg_mr(mr), 0, "dereg b");
	emu_q_destroy(&sq2);
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_sq_mr_suite, "emu_sq_mr", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_sq_mr_dereg_refused),
		 MLX5X_TEST_CASE(test_sq_mr_reregistered_elsewhere))
