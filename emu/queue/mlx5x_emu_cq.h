/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Writing a CQE on the data path, inline where the RQ and SQ complete
 * (the exported emu_cq_next / emu_cq_commit are these): reserve the next
 * slot (or find the CQ full: an overrun), fill it, then the owner byte.
 */
#ifndef MLX5X_EMU_CQ_H
#define MLX5X_EMU_CQ_H

#include <string.h>

#include "mlx5x_emu_queue.h"

/* The slow half of emu_cq_slots_inl: the consumer counter read again. */
uint8_t *emu_cq_slots_refill(struct emu_cq *cq, uint32_t n);

/*
 * n slots from the producer counter on, or NULL (no ring, or an overrun).
 * The consumer counter in the doorbell record is read only once the slots
 * it last showed free are used up: software only moves it forward, so a
 * later read can only show more room and the outcome is the one a read
 * per CQE would give.
 */
static inline uint8_t *
emu_cq_slots_inl(struct emu_cq *cq, uint32_t n)
{
	if (__builtin_expect(cq->room < n, 0))
		return emu_cq_slots_refill(cq, n);
	cq->room -= n;
	return cq->buf + (size_t)(cq->pi & cq->mask) * 64;
}

static inline struct mlx5_cqe64 *
emu_cq_next_inl(struct emu_cq *cq)
{
	struct mlx5_cqe64 *cqe;

	/* CQEs stay in order: a held session goes first. */
	if (cq->pend_n != 0)
		emu_cq_flush(cq);
	cqe = (struct mlx5_cqe64 *)emu_cq_slots_inl(cq, 1);
	if (cqe != NULL)
		memset(cqe, 0, 63);
	return cqe;
}

static inline void
emu_cq_commit_inl(struct emu_cq *cq, struct mlx5_cqe64 *cqe, uint8_t opcode)
{
	uint8_t owner = (cq->pi >> cq->log_size) & 1;

	/* Everything else before the byte software polls on. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&cqe->op_own, (uint8_t)(opcode << 4 | owner),
			 __ATOMIC_RELEASE);
	cq->pi++;
}

#endif /* MLX5X_EMU_CQ_H */
