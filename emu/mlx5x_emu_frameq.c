/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bounded FIFO of frames: what left through the wire or arrived at a VF,
 * and frames waiting to re-enter (loop ends). When full the oldest frame
 * goes, so a long run never grows without bound.
 */
#include "mlx5x_emu_priv.h"

#include <stdlib.h>
#include <string.h>

void
emu_frameq_push(struct emu_frameq *q, const void *data, uint32_t len)
{
	struct emu_frame *f;

	if (q->max == 0)
		q->max = EMU_CAPTURE_MAX;
	if (q->n >= q->max) {
		free(emu_frameq_pop(q));
		q->dropped++;
	}
	f = malloc(sizeof(*f) + len);
	if (f == NULL) {
		q->dropped++;
		return;
	}
	f->next = NULL;
	f->len = len;
	memcpy(f->data, data, len);
	if (q->tail != NULL)
		q->tail->next = f;
	else
		q->head = f;
	q->tail = f;
	q->n++;
}

struct emu_frame *
emu_frameq_pop(struct emu_frameq *q)
{
	struct emu_frame *f = q->head;

	if (f == NULL)
		return NULL;
	q->head = f->next;
	if (q->head == NULL)
		q->tail = NULL;
	q->n--;
	return f;
}

void
emu_frameq_flush(struct emu_frameq *q)
{
	struct emu_frame *f;

	while ((f = emu_frameq_pop(q)) != NULL)
		free(f);
}
