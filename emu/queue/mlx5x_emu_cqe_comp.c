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

#include <stddef.h>
#include <string.h>

#include "mlx5x_emu_cq.h"

enum {
	EMU_MPRQ_STRIDES_SHIFT = 16,
	EMU_MPRQ_STRIDES_MASK = 0x3fff,
};

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
	typedef uint64_t emu_v2 __attribute__((vector_size(16)));
	emu_v2 a, b, m, diff = { 0, 0 };
	unsigned int k;

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
	/* 16 bytes at a time under the mask: a frame's CQE costs a few
	 * instructions, not two copies and a compare of 64 bytes. */
	for (k = 0; k < 64; k += 16) {
		memcpy(&a, (const uint8_t *)&cq->pend_title + k, 16);
		memcpy(&b, (const uint8_t *)cqe + k, 16);
		memcpy(&m, (const uint8_t *)cq->join_mask + k, 16);
		diff |= (a ^ b) & m;
	}
	return (diff[0] | diff[1]) == 0;
}

static uint32_t
emu_rd32(const uint8_t *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, 4);
	return v;
}

void
emu_cq_comp_setup(struct emu_cq *cq)
{
	uint8_t m[64];

	memset(m, 0xff, sizeof(m));
	emu_cq_blank_per_packet(m, cq->mini_format);
	memcpy(cq->join_mask, m, sizeof(m));
	/* The key compares where the whole CQE would: each field's bytes
	 * of the mask, in the key's form of the field (emu_cqe_key_make). */
	cq->key_mask =
		emu_cqe_key_make(be32toh(emu_rd32(m,
						  MLX5X_CQE_OFF_RSS_HASH_RESULT)),
				 emu_rd32(m, offsetof(struct mlx5_cqe64,
						      sop_drop_qpn)),
				 emu_rd32(m, offsetof(struct mlx5_cqe64,
						      imm_inval_pkey)),
				 m[MLX5X_CQE_OFF_HDS_IP_EXT],
				 m[MLX5X_CQE_OFF_L4_L3_HDR_TYPE],
				 m[MLX5X_CQE_OFF_RSS_HASH_TYPE]);
	cq->pend_tmpl = NULL;
}

static void
emu_cq_hold(struct emu_cq *cq, const struct mlx5_cqe64 *cqe,
	    enum emu_cqe_comp_kind kind)
{
	const uint8_t *c = (const uint8_t *)cqe;
	uint32_t bc = be32toh(cqe->byte_cnt), i = cq->pend_n;
	/* Cyclic RQs have no strides: index 0. */
	uint16_t csum_be, strd = kind == EMU_CQE_COMP_STRIDING
					 ? be16toh(cqe->wqe_counter)
					 : 0;

	if (i == 0) {
		/* A session never crosses the end of the CQ buffer: it
		 * closes on the ring's last slot and the next one opens at
		 * slot 0 (DPDK's vector Rx, proven on adapters, reads a
		 * session's mini CQE arrays as one run of the buffer). */
		uint32_t room = (1u << cq->log_size) - (cq->pi & cq->mask);

		cq->pend_cap =
			room < EMU_CQE_COMP_MAX ? room : EMU_CQE_COMP_MAX;
		cq->pend_title = *cqe;
		cq->pend_striding = kind == EMU_CQE_COMP_STRIDING;
		cq->pend_tmpl = NULL;
		if (!cq->dirty) {
			/* Flushed at the end of the burst. */
			cq->dirty = true;
			cq->dirty_next = cq->ad->cq_dirty;
			cq->ad->cq_dirty = cq;
		}
	}
	memcpy(&csum_be, c + MLX5X_CQE_OFF_CHECK_SUM, 2);
	cq->pend_mini[i] =
		emu_cq_mini(cq,
			    be32toh(emu_rd32(c, MLX5X_CQE_OFF_RSS_HASH_RESULT)),
			    be32toh(cqe->sop_drop_qpn) & 0xffffff,
			    be16toh(csum_be), c[MLX5X_CQE_OFF_L4_L3_HDR_TYPE],
			    strd, bc);
	if (kind == EMU_CQE_COMP_STRIDING)
		cq->pend_next_strd = strd + ((bc >> EMU_MPRQ_STRIDES_SHIFT) &
					     EMU_MPRQ_STRIDES_MASK);
	cq->pend_n++;
}

void
emu_cq_rx(struct emu_cq *cq, const struct mlx5_cqe64 *cqe,
	  enum emu_cqe_comp_kind kind)
{
	struct mlx5_cqe64 *slot;

	if (cq->comp_en && kind != EMU_CQE_COMP_NEVER) {
		if (cq->pend_n != 0 &&
		    (emu_cq_session_full(cq) || !emu_cq_joins(cq, cqe, kind)))
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

void
emu_cq_rx_tmpl(struct emu_cq *cq, const struct mlx5_cqe64 *cqe,
	       const struct mlx5_cqe64 *tmpl, struct emu_cqe_key k)
{
	emu_cq_rx(cq, cqe, EMU_CQE_COMP_CYCLIC);
	/* One held: this CQE is the title of a new session. */
	if (cq->pend_n == 1) {
		cq->pend_tmpl = tmpl;
		cq->pend_key = k;
		cq->pend_wc = be16toh(cqe->wqe_counter);
	}
}

void
emu_cq_flush(struct emu_cq *cq)
{
	uint32_t n = cq->pend_n, size = 1u << cq->log_size, j;
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
	/* Array j, mini CQEs 8 j .. 8 j + 7, sits at T + 1 for j = 0, at
	 * T + 8 j after. */
	for (j = 0; j * MLX5X_MINI_CQES_PER_SLOT < n; j++) {
		uint32_t at = j == 0 ? 1 : MLX5X_MINI_CQES_PER_SLOT * j,
			 cnt = n - j * MLX5X_MINI_CQES_PER_SLOT;
		uint8_t *arr =
			cq->buf + (size_t)((cq->pi + at) & (size - 1)) * 64;
		const uint64_t *mini =
			&cq->pend_mini[j * MLX5X_MINI_CQES_PER_SLOT];

		/* A whole array in four 16-byte moves, not a string copy
		 * of a length known only here. */
		if (cnt >= MLX5X_MINI_CQES_PER_SLOT)
			memcpy(arr, mini, MLX5X_MINI_CQES_PER_SLOT * 8);
		else
			memcpy(arr, mini, cnt * 8);
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
