/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, syndromes by name: a refused command's line in the
 * command trace names why it was refused beside the syndrome number; a
 * command that succeeded, or failed with a number no handler answers (an
 * injected fault), keeps the plain line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

/* A device whose adapter records the command trace, the trace of its
 * opening taken away. */
static int
syn_open(struct emu_dev *d, char *trace, size_t len)
{
	int ret;

	setenv(MLX5X_EMU_CMD_TRACE_ENV, "1", 1);
	ret = emu_dev_open(d, NULL);
	unsetenv(MLX5X_EMU_CMD_TRACE_ENV);
	if (ret != 0)
		return -1;
	return emu.cmd_trace_take(0, trace, len) < 0 ? -1 : 0;
}

/* The trace since the last take equals want. */
static int
syn_trace_is(const char *want, const char *what)
{
	char trace[1024];

	TEST_ASSERT(emu.cmd_trace_take(0, trace, sizeof(trace)) >= 0,
		    "%s: trace", what);
	TEST_ASSERT(strcmp(trace, want) == 0, "%s: trace is\n%s\nnot\n%s", what,
		    trace, want);
	return MLX5X_TEST_PASS;
}

static int
test_refused_command_names_its_reason(void)
{
	uint8_t din[16] = { 0 }, out[16];
	char trace[4096], want[256];
	struct emu_q sq;
	struct emu_dev d;

	TEST_ASSERT(syn_open(&d, trace, sizeof(trace)) == 0, "open");
	/* No such CQ. */
	MLX5X_SET(obj_in, din, opcode, MLX5X_CMD_OP_DESTROY_CQ);
	MLX5X_SET(obj_in, din, obj_id, 0x123456);
	TEST_ASSERT_EQ(emu_cmd(&d, din, sizeof(din), out, sizeof(out)),
		       MLX5X_CMD_STAT_BAD_RES_ERR, "unknown CQ");
	TEST_ASSERT_EQ(MLX5X_GET(mbox_out, out, syndrome), 0x1d6e10,
		       "its syndrome");
	snprintf(want, sizeof(want),
		 "DESTROY_CQ op_mod=0x0 status=0x%x syndrome=0x1d6e10 "
		 "(cq_unknown: no such CQ)\n",
		 MLX5X_CMD_STAT_BAD_RES_ERR);
	if (syn_trace_is(want, "unknown CQ") != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	/* A CQ an SQ still completes into: another check, another name. */
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0, "sq");
	emu.cmd_trace_take(0, trace, sizeof(trace));
	MLX5X_SET(obj_in, din, obj_id, sq.cqn);
	TEST_ASSERT_EQ(emu_cmd(&d, din, sizeof(din), out, sizeof(out)),
		       MLX5X_CMD_STAT_BAD_RES_STATE_ERR, "CQ busy");
	snprintf(want, sizeof(want),
		 "DESTROY_CQ op_mod=0x0 status=0x%x syndrome=0x1d6e11 "
		 "(cq_in_use: queues still complete into the CQ)\n",
		 MLX5X_CMD_STAT_BAD_RES_STATE_ERR);
	if (syn_trace_is(want, "CQ in use") != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_success_and_unknown_syndrome_stay_plain(void)
{
	uint8_t in[16] = { 0 }, out[MLX5X_ST_SZ_BYTES(alloc_pd_out)];
	char trace[4096], want[256];
	struct emu_dev d;

	TEST_ASSERT(syn_open(&d, trace, sizeof(trace)) == 0, "open");
	MLX5X_SET(mbox_in, in, opcode, MLX5X_CMD_OP_ALLOC_PD);
	TEST_ASSERT_EQ(emu_cmd(&d, in, sizeof(in), out, sizeof(out)),
		       MLX5X_CMD_STAT_OK, "ALLOC_PD");
	if (syn_trace_is("ALLOC_PD op_mod=0x0 status=0x0 syndrome=0x0\n",
			 "success") != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	/* An injected fault with a number no handler answers has no name. */
	TEST_ASSERT_EQ(emu.fault_cmd(0, MLX5X_CMD_OP_ALLOC_PD, 1,
				     MLX5X_CMD_STAT_BAD_PARAM_ERR, 0x5eed),
		       0, "arm fault");
	TEST_ASSERT_EQ(emu_cmd(&d, in, sizeof(in), out, sizeof(out)),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "fault");
	snprintf(want, sizeof(want),
		 "ALLOC_PD op_mod=0x0 status=0x%x syndrome=0x5eed\n",
		 MLX5X_CMD_STAT_BAD_PARAM_ERR);
	if (syn_trace_is(want, "unnamed syndrome") != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_syndrome_suite, "emu_syndrome", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_refused_command_names_its_reason),
		 MLX5X_TEST_CASE(test_success_and_unknown_syndrome_stay_plain));
