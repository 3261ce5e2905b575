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

static inline uint8_t *
emu_cq_slots_inl(struct emu_cq *cq, uint32_t n)
{
	uint32_t size = 1u << cq->log_size;
	uint32_t ci = be32toh(cq->dbrec[MLX5X_CQ_SET_CI]) & 0xffffff;

	if (cq->buf == NULL || cq->status != MLX5X_CQC_STATUS_OK)
		return NULL;
	/* The doorbell record's consumer counter field is 24 bits, but
	 * hardware only compares it modulo twice the ring size (the slot
	 * and the pass parity the owner bit carries): DPDK's mlx5 PMD, run
	 * on real adapters, keeps its Tx CQ counter in 16 bits and creates
	 * that CQ without oi, and its Tx forwarding does not stop at 2^16
	 * completions. cqc.oi (overrun ignore) turns the check off. */
	if (!cq->oi && ((cq->pi - ci) & (2 * size - 1)) + n > size) {
		cq->overflows++;
		cq->status = MLX5X_CQC_STATUS_CQ_OVERFLOW;
		return NULL;
	}
	return cq->buf + (size_t)(cq->pi & (size - 1)) * 64;
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
