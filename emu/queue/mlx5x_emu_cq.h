/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Writing a CQE on the data path, inline where the RQ and SQ complete
 * (the exported emu_cq_next / emu_cq_commit are these): reserve the next
 * slot (or find the CQ full: an overrun), fill it, then the owner byte.
 */
#ifndef MLX5X_EMU_CQ_H
#define MLX5X_EMU_CQ_H

#include <endian.h>
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

/*
 * What a responder CQE built from an RQ's template (the RQ's fixed fields)
 * carries per frame besides its length and WQE counter, as the CQE holds
 * those bytes: RSS hash result (big endian), sop_drop_qpn (flow tag),
 * flow_table_metadata (reg_b), hds_ip_ext, l4_hdr_type_etc and the hash
 * type. Two such CQEs of one template differ in these bytes alone.
 */
struct emu_cqe_key {
	uint32_t hash_be, tag_be, reg_b;
	uint8_t ok, hdr, htype, zero;
};
_Static_assert(sizeof(struct emu_cqe_key) == 16, "two 64-bit words");

/* The mini CQE of the CQ's format for a CQE's per-packet fields (hash,
 * flow tag and checksum big endian as the CQE holds them), 8 bytes in the
 * order the array holds them (PRM mini CQE: two big-endian words). */
static inline __attribute__((always_inline)) uint64_t
emu_cq_mini(const struct emu_cq *cq, uint32_t hash_be, uint32_t tag_be,
	    uint16_t csum_be, uint8_t hdr, uint16_t strd, uint32_t bc)
{
	uint32_t w0, w1 = bc;

	switch (cq->mini_format) {
	case MLX5X_MINI_CQE_FORMAT_HASH:
		w0 = be32toh(hash_be);
		break;
	case MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX: {
		uint32_t tag = be32toh(tag_be) & 0xffffff;

		w0 = (tag & 0xffff) << 16 | strd;
		w1 = (tag >> 16) << 24 | (bc & 0xffffff);
		break;
	}
	case MLX5X_MINI_CQE_FORMAT_L34H_STRIDX:
		w0 = (uint32_t)hdr << 16 | strd;
		break;
	default: /* checksum, stride index */
		w0 = (uint32_t)be16toh(csum_be) << 16 | strd;
		break;
	}
	return (uint64_t)htobe32(w1) << 32 | htobe32(w0);
}

/* Writes what is held first when the next CQE cannot join the held
 * session: the session is full, or it reached the buffer's last slot (a
 * session never wraps to slot 0). */
static inline bool
emu_cq_session_full(const struct emu_cq *cq)
{
	return cq->pend_n == EMU_CQE_COMP_MAX ||
	       cq->pend_n == (1u << cq->log_size) - (cq->pi & cq->mask);
}

/*
 * A compressing CQ's next responder CQE, of a cyclic RQ's WQE wqe_index,
 * built from template tmpl with key k and byte count len: joins the held
 * session when that session's title was built from the same template and
 * the CQE's key equals the title's where the CQ's mini CQE format does not
 * carry it (exactly where emu_cq_rx compares the whole CQEs, which differ
 * only there). False, with nothing done, otherwise: then the caller builds
 * the CQE and hands it to emu_cq_rx_tmpl.
 */
static inline __attribute__((always_inline)) bool
emu_cq_rx_join(struct emu_cq *cq, const struct mlx5_cqe64 *tmpl,
	       const struct emu_cqe_key *k, uint32_t len, uint16_t wqe_index)
{
	const uint32_t n = cq->pend_n;
	uint16_t csum_be;
	uint64_t a[2];

	if (n == 0 || cq->pend_tmpl != tmpl ||
	    (uint16_t)(cq->pend_wc + n) != wqe_index || emu_cq_session_full(cq))
		return false;
	memcpy(a, k, sizeof(a));
	if ((((a[0] ^ cq->pend_key[0]) & cq->key_mask[0]) |
	     ((a[1] ^ cq->pend_key[1]) & cq->key_mask[1])) != 0)
		return false;
	/* The checksum is the template's; cyclic RQs have no strides. */
	memcpy(&csum_be, (const uint8_t *)tmpl + MLX5X_CQE_OFF_CHECK_SUM, 2);
	cq->pend_mini[n] =
		emu_cq_mini(cq, k->hash_be, k->tag_be, csum_be, k->hdr, 0, len);
	cq->pend_n = n + 1;
	return true;
}

/* emu_cq_rx of a cyclic RQ's CQE built from template tmpl with key k (one
 * emu_cq_rx_join refused): a session it opens is one the RQ's next CQEs
 * may join by key. */
void emu_cq_rx_tmpl(struct emu_cq *cq, const struct mlx5_cqe64 *cqe,
		    const struct mlx5_cqe64 *tmpl, const struct emu_cqe_key *k);

#endif /* MLX5X_EMU_CQ_H */
