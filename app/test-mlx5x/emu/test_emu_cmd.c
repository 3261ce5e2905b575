/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, command interface: bad commands answer the PRM status
 * and a syndrome and change nothing; the queue state machine takes exactly
 * the PRM transitions; objects in use cannot be destroyed; an injected
 * fault fails the chosen command once.
 */
#include <errno.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

static int
test_bad_opcode_and_lengths(void)
{
	uint8_t in[64] = { 0 }, out[64];
	struct mlx5dv_devx_obj *obj;
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, NULL) == 0, "open");
	MLX5X_SET(mbox_in, in, opcode, 0x7ff);
	TEST_ASSERT_EQ(emu_cmd(&d, in, sizeof(in), out, sizeof(out)),
		       MLX5X_CMD_STAT_BAD_OP_ERR, "unknown opcode");
	TEST_ASSERT(MLX5X_GET(mbox_out, out, syndrome) != 0, "syndrome");
	TEST_ASSERT(emu.general_cmd(d.ctx, in, sizeof(in), out, sizeof(out)) !=
			    0,
		    "general_cmd reports the failure");
	MLX5X_SET(mbox_in, in, opcode, MLX5X_CMD_OP_CREATE_SQ);
	TEST_ASSERT_EQ(emu_cmd(&d, in, 16, out, sizeof(out)),
		       MLX5X_CMD_STAT_BAD_INP_LEN_ERR, "in box too short");
	MLX5X_SET(mbox_in, in, opcode, MLX5X_CMD_OP_QUERY_HCA_CAP);
	TEST_ASSERT_EQ(emu_cmd(&d, in, 16, out, 32),
		       MLX5X_CMD_STAT_BAD_OUTP_LEN_ERR, "out box too short");
	/* Not a creating command: DevX refuses it as an object. */
	MLX5X_SET(mbox_in, in, opcode, MLX5X_CMD_OP_QUERY_HCA_CAP);
	obj = emu.obj_create(d.ctx, in, 16, out, sizeof(out));
	TEST_ASSERT(obj == NULL && errno == EINVAL,
		    "obj_create(QUERY) refused");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_unknown_and_busy_resources(void)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_sq_in)] = { 0 }, out[16];
	uint8_t din[16] = { 0 };
	struct emu_q sq;
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, NULL) == 0, "open");
	MLX5X_SET(obj_in, din, opcode, MLX5X_CMD_OP_DESTROY_CQ);
	MLX5X_SET(obj_in, din, obj_id, 0x123456);
	TEST_ASSERT_EQ(emu_cmd(&d, din, sizeof(din), out, sizeof(out)),
		       MLX5X_CMD_STAT_BAD_RES_ERR, "unknown CQ");
	MLX5X_SET(create_sq_in, in, opcode, MLX5X_CMD_OP_CREATE_SQ);
	MLX5X_SET(sqc, MLX5X_ADDR_OF(create_sq_in, in, ctx), cqn, 0x999);
	TEST_ASSERT_EQ(emu_cmd(&d, in, sizeof(in), out, sizeof(out)),
		       MLX5X_CMD_STAT_BAD_RES_ERR, "SQ on an unknown CQ");
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0, "sq");
	/* The CQ is in use by the SQ. */
	MLX5X_SET(obj_in, din, obj_id, sq.cqn);
	TEST_ASSERT_EQ(emu_cmd(&d, din, sizeof(din), out, sizeof(out)),
		       MLX5X_CMD_STAT_BAD_RES_STATE_ERR, "CQ busy");
	/* A CQ number is not an SQ number. */
	MLX5X_SET(obj_in, din, opcode, MLX5X_CMD_OP_DESTROY_SQ);
	TEST_ASSERT_EQ(emu_cmd(&d, din, sizeof(din), out, sizeof(out)),
		       MLX5X_CMD_STAT_BAD_RES_ERR, "wrong object type");
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_bad_parameters(void)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_tir_in)] = { 0 }, out[16];
	uint8_t cq_in[MLX5X_ST_SZ_BYTES(create_cq_in)] = { 0 };
	uint8_t ft_in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, NULL) == 0, "open");
	MLX5X_SET(create_tir_in, in, opcode, MLX5X_CMD_OP_CREATE_TIR);
	MLX5X_SET(tirc, MLX5X_ADDR_OF(create_tir_in, in, ctx), transport_domain,
		  0x777);
	TEST_ASSERT_EQ(emu_cmd(&d, in, sizeof(in), out, sizeof(out)),
		       MLX5X_CMD_STAT_BAD_RES_ERR, "TIR on unknown TD");
	MLX5X_SET(create_cq_in, cq_in, opcode, MLX5X_CMD_OP_CREATE_CQ);
	MLX5X_SET(create_cq_in, cq_in, cq_umem_valid, 1);
	MLX5X_SET(cqc, MLX5X_ADDR_OF(create_cq_in, cq_in, cq_context),
		  dbr_umem_valid, 1);
	MLX5X_SET(cqc, MLX5X_ADDR_OF(create_cq_in, cq_in, cq_context),
		  log_cq_size, 30);
	TEST_ASSERT_EQ(emu_cmd(&d, cq_in, sizeof(cq_in), out, sizeof(out)),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "CQ larger than the cap");
	MLX5X_SET(cqc, MLX5X_ADDR_OF(create_cq_in, cq_in, cq_context),
		  log_cq_size, 4);
	MLX5X_SET(create_cq_in, cq_in, cq_umem_id, 0x4242);
	TEST_ASSERT_EQ(emu_cmd(&d, cq_in, sizeof(cq_in), out, sizeof(out)),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "CQ on an unknown umem");
	MLX5X_SET(create_flow_table_in, ft_in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, ft_in, table_type, 0x9);
	TEST_ASSERT_EQ(emu_cmd(&d, ft_in, sizeof(ft_in), out, sizeof(out)),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "unknown table type");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_queue_state_table(void)
{
	/* PRM: allowed[from][to]; states RST 0, RDY 1, ERR 3. */
	static const int allowed[4][4] = {
		[0] = { [0] = 1, [1] = 1 },
		[1] = { [0] = 1, [1] = 1, [3] = 1 },
		[3] = { [0] = 1, [3] = 1 },
	};
	static const uint32_t states[] = { 0, 1, 3 };
	struct emu_q q;
	struct emu_dev d;
	unsigned int i, j, side;

	TEST_ASSERT(emu_dev_open(&d, NULL) == 0, "open");
	for (side = 0; side < 2; side++) {
		TEST_ASSERT(emu_q_create(&d, &q, side == 0, 4,
					 side == 0 ? 6 : 4) == 0,
			    "queue");
		for (i = 0; i < 3; i++)
			for (j = 0; j < 3; j++) {
				uint32_t from = states[i], to = states[j];
				int st;

				/* Bring the queue to "from" along legal
				 * transitions. */
				emu_q_modify(&q, 0, 0);
				emu_q_modify(&q, 1, 0);
				emu_q_modify(&q, 3, 0);
				if (from >= 1)
					emu_q_modify(&q, 0, 1);
				if (from == 3)
					emu_q_modify(&q, 1, 3);
				st = emu_q_modify(&q, from, to);
				TEST_ASSERT_EQ(st == 0, allowed[from][to],
					       "%s %u -> %u",
					       side ? "RQ" : "SQ", from, to);
			}
		/* Claiming the wrong current state is refused. */
		emu_q_modify(&q, 3, 0);
		emu_q_modify(&q, 1, 0);
		TEST_ASSERT_EQ(emu_q_modify(&q, 1, 3),
			       MLX5X_CMD_STAT_BAD_RES_STATE_ERR,
			       "current state must match");
		emu_q_destroy(&q);
	}
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_fault_injection_fails_once(void)
{
	uint8_t in[16] = { 0 }, out[16];
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, NULL) == 0, "open");
	TEST_ASSERT_EQ(emu.fault_cmd(0, MLX5X_CMD_OP_ALLOC_PD, 2,
				     MLX5X_CMD_STAT_NO_RES_ERR, 0xabcd),
		       0, "arm");
	MLX5X_SET(mbox_in, in, opcode, MLX5X_CMD_OP_ALLOC_PD);
	TEST_ASSERT_EQ(emu_cmd(&d, in, sizeof(in), out, sizeof(out)), 0,
		       "first ALLOC_PD fine");
	TEST_ASSERT_EQ(emu_cmd(&d, in, sizeof(in), out, sizeof(out)),
		       MLX5X_CMD_STAT_NO_RES_ERR, "second fails");
	TEST_ASSERT_EQ(MLX5X_GET(mbox_out, out, syndrome), 0xabcd, "syndrome");
	TEST_ASSERT_EQ(emu_cmd(&d, in, sizeof(in), out, sizeof(out)), 0,
		       "third fine again");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Random boxes for every opcode the model knows: answers, never crashes,
 * and the device still works afterwards. */
static int
test_random_boxes_never_crash(void)
{
	static const uint16_t ops[] = {
		0x100, 0x400, 0x401, 0x402, 0x754, 0x755, 0x770, 0x800,
		0x801, 0x816, 0x817, 0x900, 0x901, 0x902, 0x903, 0x904,
		0x905, 0x906, 0x907, 0x908, 0x909, 0x90a, 0x90b, 0x912,
		0x914, 0x916, 0x917, 0x918, 0x92f, 0x930, 0x931, 0x933,
		0x934, 0x936, 0x938, 0x939, 0x93a, 0x93b, 0x7ff,
	};
	static uint8_t in[0x1000], out[0x1100];
	uint32_t seed = 12345;
	struct emu_q sq;
	struct emu_dev d;
	unsigned int i, j, ok = 0;

	TEST_ASSERT(emu_dev_open(&d, "vfs=2") == 0, "open");
	/* Some real objects, so random numbers sometimes hit one. */
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0, "sq");
	for (i = 0; i < 20000; i++) {
		size_t inlen, outlen;

		for (j = 0; j < sizeof(in); j += 4) {
			seed = seed * 1103515245u + 12345u;
			/* First half: mostly small numbers (object ids, sizes,
			 * states); second half: any bytes. */
			in[j] = (seed >> 24) & (i < 10000 ? 0x1f : 0xff);
			in[j + 1] = (seed >> 16) & 0xff;
			in[j + 2] = (seed >> 8) & (i < 10000 ? 0x0f : 0xff);
			in[j + 3] = seed & 0xff;
		}
		seed = seed * 1103515245u + 12345u;
		MLX5X_SET(mbox_in, in, opcode, ops[seed % (sizeof(ops) / 2)]);
		inlen = 8 + (seed >> 8) % (sizeof(in) - 8);
		outlen = 16 + (seed >> 4) % (sizeof(out) - 16);
		emu.general_cmd(d.ctx, in, inlen, out, outlen);
		ok += MLX5X_GET(mbox_out, out, status) == 0;
	}
	printf("    %u of 20000 random boxes were accepted\n", ok);
	emu_q_destroy(&sq);
	/* Still a working device. */
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0 &&
			    emu_q_modify(&sq, 0, 1) == 0,
		    "device works after the storm");
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_cmd_suite, "emu_cmd", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_bad_opcode_and_lengths),
		 MLX5X_TEST_CASE(test_unknown_and_busy_resources),
		 MLX5X_TEST_CASE(test_bad_parameters),
		 MLX5X_TEST_CASE(test_queue_state_table),
		 MLX5X_TEST_CASE(test_fault_injection_fails_once),
		 MLX5X_TEST_CASE(test_random_boxes_never_crash))
