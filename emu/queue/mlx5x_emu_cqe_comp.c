/*
 * CQE compression (PRM "Compressed CQE"): responder CQEs of a burst that
 * differ only in the fields the CQ's mini CQE format carries per packet,
 * and follow each other (cyclic RQ: consecutive WQEs; striding RQ: the
 * same WQE, consecutive strides), are written as one session of n slots:
 *  - slot T, the title: a full CQE of the first packet whose format bits
 *    (op_own 3:2) are 3, whose byte_cnt is n and whose wqe_counter is the
 *    first WQE (striding RQ: the first stride); its owner bit is the only
 *    one software checks;
 *  - mini CQE arrays of 8 x 8 bytes, the first at slot T + 1, the next
 *    ones at T + 8, T + 16, ...; per packet, big endian:
 *      format 0 hash:          rx_hash_result | byte_cnt
 *      format 1 csum:          checksum, stride index | byte_cnt
 *      format 2 flow tag:      flow tag 15:0, stride index |
 *                              flow tag 23:16, byte_cnt 23:0
 *      format 3 csum, stride:  checksum, stride index | byte_cnt
 *      format 4 L3/L4 (res_format 0 with mini_cqe_res_format_ext 1):
 *                              0, l4_l3_hdr_type (CQE byte 29), stride
 *                              index | byte_cnt
 *  - the other slots of the session are left for software to invalidate;
 *  - a session ends on the CQ buffer's last slot at the latest: its
 *    slots never wrap to the start of the ring.
 * The model holds CQEs while a burst is processed (an engine pass, an
 * injected burst) and writes them when it ends or when a CQE that cannot
 * join arrives. One held CQE is written as a plain CQE. Striding RQ
 * fillers are never compressed.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"

#include <string.h>

enum {
	EMU_MPRQ_STRIDES_SHIFT = 16,
	EMU_MPRQ_STRIDES_MASK = 0x3fff,
};

static uint32_t
emu_rd32(const uint8_t *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, 4);
	return be32toh(v);
}

/* Blank what a mini CQE of this format carries per packet. */
static void
emu_cq_blank_per_packet(uint8_t *c, uint8_t format)
{
	memset(c + 44, 0, 4); /* byte_cnt */
	memset(c + 60, 0, 2); /* wqe_counter: WQE or stride index */
	switch (format) {
	case MLX5X_MINI_CQE_FORMAT_HASH:
		memset(c + MLX5X_CQE_OFF_RSS_HASH_RESULT, 0, 4);
		break;
	case MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX:
		memset(c + MLX5X_CQE_OFF_FLOW_TAG + 1, 0, 3);
		break;
	case MLX5X_MINI_CQE_FORMAT_L34H_STRIDX:
		c[MLX5X_CQE_OFF_L4_L3_HDR_TYPE] = 0;
		break;
	default: /* checksum formats */
		memset(c + MLX5X_CQE_OFF_CHECK_SUM, 0, 2);
		break;
	}
}

/* Same title fields as the held session, and the next WQE or stride. */
static bool
emu_cq_joins(const struct emu_cq *cq, const struct mlx5_cqe64 *cqe,
	     enum emu_cqe_comp_kind kind)
{
	uint8_t a[64], b[64];

	if ((kind == EMU_CQE_COMP_STRIDING) != cq->pend_striding)
		return false;
	if (kind == EMU_CQE_COMP_STRIDING) {
		if (cqe->wqe_id != cq->pend_title.wqe_id ||
		    be16toh(cqe->wqe_counter) != cq->pend_next_strd)
			return false;
	} else if (be16toh(cqe->wqe_counter) !=
		   (uint16_t)(be16toh(cq->pend_title.wqe_counter) +
			      cq->pend_n)) {
		return false;
	}
	memcpy(a, &cq->pend_title, 64);
	memcpy(b, cqe, 64);
	emu_cq_blank_per_packet(a, cq->mini_format);
	emu_cq_blank_per_packet(b, cq->mini_format);
	return memcmp(a, b, 64) == 0;
}

static void
emu_cq_hold(struct emu_cq *cq, const struct mlx5_cqe64 *cqe,
	    enum emu_cqe_comp_kind kind)
{
	const uint8_t *c = (const uint8_t *)cqe;
	uint32_t bc = be32toh(cqe->byte_cnt), i = cq->pend_n;
	uint16_t csum;

	if (i == 0) {
		cq->pend_title = *cqe;
		cq->pend_striding = kind == EMU_CQE_COMP_STRIDING;
		if (!cq->dirty) {
			/* Flushed at the end of the burst. */
			cq->dirty = true;
			cq->dirty_next = cq->ad->cq_dirty;
			cq->ad->cq_dirty = cq;
		}
	}
	memcpy(&csum, c + MLX5X_CQE_OFF_CHECK_SUM, 2);
	cq->pend[i].byte_cnt = bc;
	cq->pend[i].hash = emu_rd32(c, MLX5X_CQE_OFF_RSS_HASH_RESULT);
	cq->pend[i].tag = be32toh(cqe->sop_drop_qpn) & 0xffffff;
	cq->pend[i].csum = be16toh(csum);
	cq->pend[i].hdr = c[MLX5X_CQE_OFF_L4_L3_HDR_TYPE];
	/* Cyclic RQs have no strides: index 0. */
	cq->pend[i].stride =
		kind == EMU_CQE_COMP_STRIDING ? be16toh(cqe->wqe_counter) : 0;
	if (kind == EMU_CQE_COMP_STRIDING)
		cq->pend_next_strd =
			cq->pend[i].stride + ((bc >> EMU_MPRQ_STRIDES_SHIFT) &
					      EMU_MPRQ_STRIDES_MASK);
	cq->pend_n++;
}

void
emu_cq_rx(struct emu_cq *cq, const struct mlx5_cqe64 *cqe,
	  enum emu_cqe_comp_kind kind)
{
	struct mlx5_cqe64 *slot;

	if (cq->comp_en && kind != EMU_CQE_COMP_NEVER) {
		/* A session never crosses the end of the CQ buffer: it
		 * closes on the ring's last slot and the next one opens at
		 * slot 0 (DPDK's vector Rx, proven on adapters, reads a
		 * session's mini CQE arrays as one run of the buffer). */
		uint32_t room = (1u << cq->log_size) -
				(cq->pi & ((1u << cq->log_size) - 1));

		if (cq->pend_n != 0 &&
		    (cq->pend_n == EMU_CQE_COMP_MAX || cq->pend_n == room ||
		     !emu_cq_joins(cq, cqe, kind)))
			emu_cq_flush(cq);
		emu_cq_hold(cq, cqe, kind);
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
	uint32_t w0, w1 = cq->pend[i].byte_cnt;
	uint16_t strd = cq->pend[i].stride;

	switch (cq->mini_format) {
	case MLX5X_MINI_CQE_FORMAT_HASH:
		w0 = cq->pend[i].hash;
		break;
	case MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX:
		w0 = (cq->pend[i].tag & 0xffff) << 16 | strd;
		w1 = ((cq->pend[i].tag >> 16) & 0xff) << 24 |
		     (cq->pend[i].byte_cnt & 0xffffff);
		break;
	case MLX5X_MINI_CQE_FORMAT_L34H_STRIDX:
		w0 = (uint32_t)cq->pend[i].hdr << 16 | strd;
		break;
	default: /* checksum, stride index */
		w0 = (uint32_t)cq->pend[i].csum << 16 | strd;
		break;
	}
	w0 = htobe32(w0);
	w1 = htobe32(w1);
	memcpy(m, &w0, 4);
	memcpy(m + 4, &w1, 4);
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
		uint32_t j = i / MLX5X_MINI_CQES_PER_SLOT,
			 at = j == 0 ? 1 : MLX5X_MINI_CQES_PER_SLOT * j;
		uint8_t *arr =
			cq->buf + (size_t)((cq->pi + at) & (size - 1)) * 64;

		emu_cq_put_mini(arr + (i % MLX5X_MINI_CQES_PER_SLOT) * 8, cq,
				i);
	}
	memcpy(title, &cq->pend_title, 63);
	((struct mlx5_cqe64 *)title)->byte_cnt = htobe32(n);
	owner = (cq->pi >> cq->log_size) & 1;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&((struct mlx5_cqe64 *)title)->op_own,
			 (uint8_t)((cq->pend_title.op_own >> 4) << 4 |
				   MLX5X_CQE_FORMAT_COMPRESSED
					   << MLX5X_CQE_FORMAT_SHIFT |
				   owner),
			 __ATOMIC_RELEASE);
	cq->pi += n;
	cq->sessions++;
}

void
emu_adapter_flush_cqs(struct emu_adapter *ad)
{
	/* Only the CQs that held a CQE in this burst. */
	while (ad->cq_dirty != NULL) {
		struct emu_cq *cq = ad->cq_dirty;

		ad->cq_dirty = cq->dirty_next;
		cq->dirty = false;
		emu_cq_flush(cq);
	}
}
