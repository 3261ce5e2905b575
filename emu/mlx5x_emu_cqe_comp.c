/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CQE compression (PRM "Compressed CQE"): responder CQEs of a burst that
 * differ only in byte count, in the RSS hash (mini CQE format 0, "hash") or
 * in the checksum (format 1, "csum"), and complete consecutive WQEs, are
 * written as one session of n CQE slots:
 *  - slot T, the title: a full CQE of the first packet whose format bits
 *    (op_own 3:2) are 3, whose byte_cnt is n and whose wqe_counter is the
 *    first WQE; its owner bit is the only one software checks;
 *  - mini CQE arrays of 8 x 8 bytes (per packet: hash or checksum +
 *    stride index, then byte count, big endian): the first at slot T + 1,
 *    the next ones at T + 8, T + 16, ...;
 *  - the other slots of the session are left for software to invalidate.
 * The model holds CQEs while a burst is processed (an engine pass, an
 * injected burst) and writes them when it ends or when a CQE that cannot
 * join arrives. One held CQE is written as a plain CQE.
 */
#include "mlx5x_emu_priv.h"

#include <string.h>

enum {
	EMU_MINI_FORMAT_HASH = 0,
	EMU_MINI_FORMAT_CSUM = 1,
	EMU_CQE_FORMAT_COMPRESSED = 3,
};

static uint32_t
emu_rd32(const uint8_t *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, 4);
	return be32toh(v);
}

/* Same title fields as the held session, and the next WQE. */
static bool
emu_cq_joins(const struct emu_cq *cq, const struct mlx5_cqe64 *cqe)
{
	uint8_t a[64], b[64];

	memcpy(a, &cq->pend_title, 64);
	memcpy(b, cqe, 64);
	if (be16toh(cqe->wqe_counter) !=
	    (uint16_t)(be16toh(cq->pend_title.wqe_counter) + cq->pend_n))
		return false;
	/* Fields carried per packet are not compared. */
	memset(a + 44, 0, 4);
	memset(b + 44, 0, 4);
	memset(a + 60, 0, 2);
	memset(b + 60, 0, 2);
	if (cq->mini_format == EMU_MINI_FORMAT_HASH) {
		memset(a + MLX5X_CQE_OFF_RSS_HASH_RESULT, 0, 4);
		memset(b + MLX5X_CQE_OFF_RSS_HASH_RESULT, 0, 4);
	} else {
		memset(a + MLX5X_CQE_OFF_CHECK_SUM, 0, 2);
		memset(b + MLX5X_CQE_OFF_CHECK_SUM, 0, 2);
	}
	return memcmp(a, b, 64) == 0;
}

static void
emu_cq_hold(struct emu_cq *cq, const struct mlx5_cqe64 *cqe)
{
	const uint8_t *c = (const uint8_t *)cqe;
	uint16_t csum;

	if (cq->pend_n == 0)
		cq->pend_title = *cqe;
	memcpy(&csum, c + MLX5X_CQE_OFF_CHECK_SUM, 2);
	cq->pend[cq->pend_n].byte_cnt = be32toh(cqe->byte_cnt);
	cq->pend[cq->pend_n].hash = emu_rd32(c, MLX5X_CQE_OFF_RSS_HASH_RESULT);
	cq->pend[cq->pend_n].csum = be16toh(csum);
	cq->pend_n++;
}

void
emu_cq_rx(struct emu_cq *cq, const struct mlx5_cqe64 *cqe, bool compressible)
{
	struct mlx5_cqe64 *slot;

	if (cq->comp_en && compressible) {
		if (cq->pend_n != 0 &&
		    (cq->pend_n == EMU_CQE_COMP_MAX || !emu_cq_joins(cq, cqe)))
			emu_cq_flush(cq);
		emu_cq_hold(cq, cqe);
		return;
	}
	slot = emu_cq_next(cq);
	if (slot == NULL)
		return;
	memcpy(slot, cqe, 63);
	emu_cq_commit(cq, slot, cqe->op_own >> 4);
}

static void
emu_cq_put_mini(uint8_t *m, const struct emu_cq *cq, uint32_t i)
{
	uint32_t w0, bc = htobe32(cq->pend[i].byte_cnt);

	if (cq->mini_format == EMU_MINI_FORMAT_HASH)
		w0 = htobe32(cq->pend[i].hash);
	else
		w0 = htobe32((uint32_t)cq->pend[i].csum << 16); /* stride 0 */
	memcpy(m, &w0, 4);
	memcpy(m + 4, &bc, 4);
}

void
emu_cq_flush(struct emu_cq *cq)
{
	uint32_t n = cq->pend_n, size = 1u << cq->log_size, i;
	uint8_t *title;
	uint8_t owner;

	if (n == 0)
		return;
	cq->pend_n = 0;
	if (n == 1) {
		struct mlx5_cqe64 *slot = emu_cq_next(cq);

		if (slot != NULL) {
			memcpy(slot, &cq->pend_title, 63);
			emu_cq_commit(cq, slot, cq->pend_title.op_own >> 4);
		}
		return;
	}
	title = emu_cq_slots(cq, n);
	if (title == NULL)
		return;
	for (i = 0; i < n; i++) {
		/* Array j sits at T + 1 for j = 0, T + 8 j after. */
		uint32_t j = i / 8, at = j == 0 ? 1 : 8 * j;
		uint8_t *arr =
			cq->buf + (size_t)((cq->pi + at) & (size - 1)) * 64;

		emu_cq_put_mini(arr + (i % 8) * 8, cq, i);
	}
	memcpy(title, &cq->pend_title, 63);
	((struct mlx5_cqe64 *)title)->byte_cnt = htobe32(n);
	owner = (cq->pi >> cq->log_size) & 1;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&((struct mlx5_cqe64 *)title)->op_own,
			 (uint8_t)((cq->pend_title.op_own >> 4) << 4 |
				   EMU_CQE_FORMAT_COMPRESSED << 2 | owner),
			 __ATOMIC_RELEASE);
	cq->pi += n;
	cq->sessions++;
}

void
emu_adapter_flush_cqs(struct emu_adapter *ad)
{
	uint32_t i;

	for (i = 0; i < ad->cqs.cap; i++) {
		struct emu_cq *cq = ad->cqs.slot[i];

		if (cq != NULL && cq->pend_n != 0)
			emu_cq_flush(cq);
	}
}
