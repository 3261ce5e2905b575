/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX: an RQ that a TIR and an RQT hold, orphaned by the
 * close of the context that made it, and a new RQ that takes its number.
 *
 * Facts followed: an RQ that an indirection table or TIR uses cannot be
 * destroyed (the kernel's ib_destroy_wq answers EBUSY while the WQ's use
 * count is not zero; the adapter answers DESTROY_RQ with
 * BAD_RES_STATE); a closing context takes back what it made, whatever
 * still names it. The model's rule for what outlived it: a TIR or RQT
 * names RQs by number, so frames reach whichever RQ has the number now,
 * none while none has it, and that RQ is held as the first was. Every
 * hold is given back on the RQ it was taken on: destroying the TIR and
 * the RQT must leave the new RQ free to go, never hold it forever (a
 * hold given back by number once drove its count below zero).
 */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

#define ORPHAN_TAG 0x77

static const uint8_t orphan_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x00 };

/* DESTROY_RQ of rqn on d's context: the PRM status, the syndrome. */
static int
orphan_rq_destroy(struct emu_dev *d, uint32_t rqn, uint32_t *syndrome)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(obj_in)] = { 0 };
	uint8_t out[16] = { 0 };
	int st;

	MLX5X_SET(obj_in, in, opcode, MLX5X_CMD_OP_DESTROY_RQ);
	MLX5X_SET(obj_in, in, obj_id, rqn);
	st = emu_cmd(d, in, sizeof(in), out, sizeof(out));
	*syndrome = MLX5X_GET(mbox_out, out, syndrome);
	return st;
}

/* An RQT of one entry, rqn. */
static uint32_t
orphan_rqt(struct emu_dev *d, uint32_t rqn, struct mlx5dv_devx_obj **o)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_rqt_in) + 4] = { 0 };
	void *c = MLX5X_ADDR_OF(create_rqt_in, in, rqt_context);

	MLX5X_SET(create_rqt_in, in, opcode, MLX5X_CMD_OP_CREATE_RQT);
	MLX5X_SET(rqtc, c, rqt_max_size, 1);
	MLX5X_SET(rqtc, c, rqt_actual_size, 1);
	MLX5X_SET(rq_num, MLX5X_ADDR_OF(rqtc, c, rq_num), rq_num, rqn);
	return emu_obj_id(d, in, sizeof(in), o);
}

/* A TIR straight to rqn. */
static uint32_t
orphan_tir(struct emu_dev *d, uint32_t rqn, struct mlx5dv_devx_obj **o)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_tir_in)] = { 0 };
	void *c = MLX5X_ADDR_OF(create_tir_in, in, ctx);

	MLX5X_SET(create_tir_in, in, opcode, MLX5X_CMD_OP_CREATE_TIR);
	MLX5X_SET(tirc, c, disp_type, MLX5X_TIRC_DISP_TYPE_DIRECT);
	MLX5X_SET(tirc, c, inline_rqn, rqn);
	MLX5X_SET(tirc, c, transport_domain, d->tdn);
	return emu_obj_id(d, in, sizeof(in), o);
}

/* Closes a second context on the device, as a process exit would: what
 * its queues were made of goes with it, not through commands. */
static void
orphan_ctx_close(struct emu_dev *a, struct emu_q *q)
{
	emu.obj_destroy(a->td_obj);
	emu.obj_destroy(a->pd_obj);
	emu.dealloc_pd(a->pd);
	emu.close_device(a->ctx);
	free(q->buf);
	free(q->cq_buf);
	memset(q, 0, sizeof(*q));
	memset(a, 0, sizeof(*a));
}

static uint64_t
orphan_rx_dropped(void)
{
	struct mlx5x_emu_counters c;

	return emu.counters(0, 0, &c) == 0 ? c.rx_dropped : 0;
}

static int
test_emu_rq_orphan_renamed_and_released(void)
{
	struct mlx5dv_devx_obj *tir_o, *rqt_o;
	struct emu_q old, rq;
	struct emu_steer s;
	struct emu_dev d, a;
	struct ibv_mr *mr;
	struct mlx5_cqe64 *cqe;
	uint32_t rqn, tirn, rqtn, syn;
	uint8_t frame[64], *mem;
	uint64_t dropped;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_dev_open_name(&a, NULL) == 0,
		    "a second context on the device");
	TEST_ASSERT(emu_q_create_rq_bare(&a, &old, 3) == 0,
		    "RQ of the second context");
	rqn = old.qn;
	tirn = orphan_tir(&d, rqn, &tir_o);
	rqtn = orphan_rqt(&d, rqn, &rqt_o);
	TEST_ASSERT(tirn != 0 && rqtn != 0, "TIR and RQT on RQ 0x%x", rqn);
	TEST_ASSERT_EQ(emu_steer_tirn(&d, &s, tirn, ORPHAN_TAG), 0,
		       "root table: every frame to the TIR");

	TEST_ASSERT_EQ(orphan_rq_destroy(&a, rqn, &syn),
		       MLX5X_CMD_STAT_BAD_RES_STATE_ERR,
		       "DESTROY_RQ of an RQ the TIR and RQT use: refused");
	TEST_ASSERT_EQ(syn, 0x6d0e11u, "syndrome: still in use");

	/* The process that made it goes: so does the RQ. */
	orphan_ctx_close(&a, &old);
	len = emu_frame_udp4(frame, orphan_mac, 0x0b000001, 0x0a000001, 1000, 7,
			     18);
	dropped = orphan_rx_dropped();
	emu.inject_wire(0, frame, len);
	TEST_ASSERT_EQ(orphan_rx_dropped(), dropped + 1,
		       "a frame for the TIR while no RQ has its number: dropped");

	/* A new RQ takes the number back from the pool. */
	TEST_ASSERT(emu_q_create(&d, &rq, false, 3, 4) == 0, "new RQ");
	TEST_ASSERT_EQ(rq.qn, rqn, "the new RQ has the orphaned number");
	mem = calloc(8, 2048);
	TEST_ASSERT(mem != NULL, "buffers");
	mr = emu.reg_mr(d.pd, mem, 8 * 2048, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(mr != NULL, "mr");
	emu_rq_post(&rq, mem, mr->lkey, 8, 2048);
	TEST_ASSERT_EQ(emu_q_modify(&rq, 0, 1), 0, "new RQ ready");
	emu.inject_wire(0, frame, len);
	cqe = emu_q_poll_cqe(&rq, 50);
	TEST_ASSERT(cqe != NULL, "the TIR delivers to the RQ of its number");
	TEST_ASSERT_EQ(be32toh(cqe->sop_drop_qpn) & 0xffffff,
		       (uint32_t)ORPHAN_TAG, "with the entry's flow tag");
	TEST_ASSERT(memcmp(mem, frame, len) == 0, "the frame's bytes");

	/* Named again, held again, as when the TIR and RQT were made. */
	TEST_ASSERT_EQ(orphan_rq_destroy(&d, rqn, &syn),
		       MLX5X_CMD_STAT_BAD_RES_STATE_ERR,
		       "DESTROY_RQ of the new RQ the TIR and RQT name: refused");
	TEST_ASSERT_EQ(syn, 0x6d0e11u, "syndrome: still in use");

	/* Their holds go back on the RQ they were taken on: it is free. */
	emu_steer_destroy(&s);
	TEST_ASSERT_EQ(emu.obj_destroy(tir_o), 0, "DESTROY_TIR");
	TEST_ASSERT_EQ(emu.obj_destroy(rqt_o), 0, "DESTROY_RQT");
	TEST_ASSERT_EQ(emu.obj_destroy(rq.q), 0,
		       "DESTROY_RQ once nothing names it");
	rq.q = NULL;
	emu_q_destroy(&rq);
	emu.dereg_mr(mr);
	free(mem);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_rq_orphan_suite, "emu_rq_orphan", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_emu_rq_orphan_renamed_and_released))
