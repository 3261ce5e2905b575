/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, send WQEs gathered straight into the wire ring's
 * buffers: once the ring has gone round, its slots hold buffers sized for
 * the frames that went before (minimum-size ones here). A larger frame, a
 * VLAN insertion that grows a frame past such a buffer, and small frames
 * again must all reach the wire byte for byte, whatever buffer the
 * adapter gathered them in.
 */
#include <endian.h>
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

MLX5X_TEST_SUITE(emu_sq_wire_suite, "emu_sq_wire", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_sq_wire_sizes_after_a_lap))
