/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Per-packet trace: each table, entry, action and queue the current frame
 * meets appends one line; the test reads the text after the frame. Off
 * unless mlx5x_emu_trace_enable() or MLX5X_EMU_TRACE=1 turns it on.
 */
#include "mlx5x_emu_core.h"

#include <stdarg.h>

void
emu_trace_reset(struct emu_adapter *ad)
{
	ad->trace_len = 0;
	ad->trace[0] = '\0';
}

void
emu_trace_fmt(struct emu_adapter *ad, const char *fmt, ...)
{
	va_list ap;
	size_t room = sizeof(ad->trace) - ad->trace_len;
	int n;

	if (!ad->trace_on || room <= 2)
		return;
	va_start(ap, fmt);
	n = vsnprintf(ad->trace + ad->trace_len, room - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= room - 1)
		n = room - 2;
	ad->trace_len += n;
	ad->trace[ad->trace_len++] = '\n';
	ad->trace[ad->trace_len] = '\0';
}
