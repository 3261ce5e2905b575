/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bounded FIFO of frames: what left through the wire or arrived at a VF,
 * and frames waiting to re-enter (loop ends). When full the oldest frame
 * goes, so a long run never grows without bound. Frames up to
 * EMU_FRAMEQ_SLOT bytes are recycled through the queue's spare list, so
 * the steady state allocates nothing; the spares never outnumber the
 * queue's bound, i.e. the frames it could already hold at its fullest.
 */
#include "mlx5x_emu_priv.h"

#include <stdlib.h>
#include <string.h>

/* Frame buffer classes: minimum-size frames, and everything up to a
 * jumbo-less MTU; larger frames are sized exactly and never kept. */
#define EMU_FRAMEQ_SMALL 128u
#define EMU_FRAMEQ_SLOT 2048u

static struct emu_frame *
emu_frameq_get(struct emu_frameq *q, uint32_t len)
{
	struct emu_frame *f = q->spare;
	uint32_t cap;

	if (f != NULL && f->cap >= len) {
		q->spare = f->next;
		q->nspare--;
		return f;
	}
	cap = len <= EMU_FRAMEQ_SMALL  ? EMU_FRAMEQ_SMALL
	      : len <= EMU_FRAMEQ_SLOT ? EMU_FRAMEQ_SLOT
				       : len;
	f = malloc(sizeof(*f) + cap);
	if (f != NULL)
		f->cap = cap;
	return f;
}

void
emu_frameq_release(struct emu_frameq *q, struct emu_frame *f)
{
	if (f == NULL)
		return;
	if (f->cap <= EMU_FRAMEQ_SLOT && q->nspare < q->max) {
		f->next = q->spare;
		q->spare = f;
		q->nspare++;
		return;
	}
	free(f);
}

void
emu_frameq_push(struct emu_frameq *q, const void *data, uint32_t len)
{
	struct emu_frame *f;

	if (q->max == 0)
		q->max = EMU_CAPTURE_MAX;
	if (q->n >= q->max) {
		emu_frameq_release(q, emu_frameq_pop(q));
		q->dropped++;
	}
	f = emu_frameq_get(q, len);
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
	while ((f = q->spare) != NULL) {
		q->spare = f->next;
		free(f);
	}
	q->nspare = 0;
}
