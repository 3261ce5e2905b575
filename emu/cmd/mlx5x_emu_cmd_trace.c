/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Command trace: what the adapter was asked, one stable text line per
 * command, so that a change in what a driver asks of the adapter shows up
 * as a readable diff against a checked-in trace. Only opcode, op_mod,
 * status and syndrome: object numbers and addresses would make the trace
 * depend on allocation order.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
emu_cmd_trace_add(struct emu_adapter *ad, const char *name, uint16_t opcode,
		  uint16_t op_mod, int status, uint32_t syndrome)
{
	const struct emu_syndrome *why = NULL;
	char line[256], named[160] = "";
	int n;

	if (!ad->cmd_trace_on)
		return;
	/* A refusal says why by name; a success's line stays as it was, so
	 * golden traces of what a driver sends do not change. */
	if (status != 0)
		why = emu_syndrome_find(syndrome);
	if (why != NULL)
		snprintf(named, sizeof(named), " (%s: %s)", why->name,
			 why->text);
	if (name != NULL)
		n = snprintf(line, sizeof(line),
			     "%s op_mod=0x%x status=0x%x syndrome=0x%x%s\n",
			     name, op_mod, (unsigned int)status, syndrome,
			     named);
	else
		n = snprintf(line, sizeof(line),
			     "opcode=0x%04x op_mod=0x%x status=0x%x "
			     "syndrome=0x%x%s\n",
			     opcode, op_mod, (unsigned int)status, syndrome,
			     named);
	if (n <= 0 || (size_t)n >= sizeof(line))
		return;
	if (ad->cmd_trace_len + (size_t)n + 1 > ad->cmd_trace_cap) {
		size_t cap = ad->cmd_trace_cap ? ad->cmd_trace_cap * 2 : 4096;
		char *p;

		while (cap < ad->cmd_trace_len + (size_t)n + 1)
			cap *= 2;
		p = realloc(ad->cmd_trace, cap);
		if (p == NULL)
			return; /* a trace with a hole shows up as a diff */
		ad->cmd_trace = p;
		ad->cmd_trace_cap = cap;
	}
	memcpy(ad->cmd_trace + ad->cmd_trace_len, line, (size_t)n + 1);
	ad->cmd_trace_len += (size_t)n;
}
