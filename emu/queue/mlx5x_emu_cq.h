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
 * carries per frame besides its length and WQE counter: RSS hash result
 * and flow tag (sop_drop_qpn's low 24 bits) as host values in w[0] (hash
 * high), and in w[1] flow_table_metadata (reg_b, as the CQE holds it)
 * high, then the hds_ip_ext, l4_hdr_type_etc and hash type bytes. Two
 * such CQEs of one template differ in these alone. Made in registers.
 */
static inline __attribute__((always_inline)) struct emu_cqe_key
emu_cqe_key_make(uint32_t hash, uint32_t tag_be, uint32_t reg_b, uint8_t ok,
		 uint8_t hdr, uint8_t htype)
{
	struct emu_cqe_key k = { {
		(uint64_t)hash << 32 | be32toh(tag_be),
		(uint64_t)reg_b << 32 | (uint32_t)ok << 16 |
			(uint32_t)hdr << 8 | htype,
	} };

	return k;
}

/* The mini CQE of a format other than the hash one (emu_cq_mini). */
static inline __attribute__((always_inline)) uint32_t
emu_cq_mini_w0(uint8_t format, uint32_t tag, uint16_t csum, uint8_t hdr,
	       uint16_t strd)
{
	switch (format) {
	case MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX:
		return (tag & 0xffff) << 16 | strd;
	case MLX5X_MINI_CQE_FORMAT_L34H_STRIDX:
		return (uint32_t)hdr << 16 | strd;
	default: /* checksum, stride index */
		return (uint32_t)csum << 16 | strd;
	}
}

/* The mini CQE of the CQ's format for a CQE's per-packet fields (host
 * values; tag its 24 bits), 8 bytes in the order the array holds them
 * (PRM mini CQE: two big-endian words). The hash format first: what
 * drivers ask for by default. */
static inline __attribute__((always_inline)) uint64_t
emu_cq_mini(const struct emu_cq *cq, uint32_t hash, uint32_t tag, uint16_t csum,
	    uint8_t hdr, uint16_t strd, uint32_t bc)
{
	uint32_t w0, w1 = bc;

	if (__builtin_expect(cq->mini_format == MLX5X_MINI_CQE_FORMAT_HASH,
			     1)) {
		w0 = hash;
	} else {
		w0 = emu_cq_mini_w0(cq->mini_format, tag, csum, hdr, strd);
		if (cq->mini_format == MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX)
			w1 = (tag >> 16) << 24 | (bc & 0xffffff);
	}
	return (uint64_t)htobe32(w1) << 32 | htobe32(w0);
}

/* Whether the held session takes no more CQEs: it is full, or it reached
 * the buffer's last slot (a session never wraps to slot 0). */
static inline bool
emu_cq_session_full(const struct emu_cq *cq)
{
	return cq->pend_n == cq->pend_cap;
}

/* Whether the CQ holds a session whose title was built from template tmpl
 * and whose next CQE would be that of WQE wqe_index (a cyclic RQ's): the
 * session a CQE of that WQE may join, key aside. */
static inline __attribute__((always_inline)) bool
emu_cq_session_follows(const struct emu_cq *cq, const struct mlx5_cqe64 *tmpl,
		       uint16_t wqe_index)
{
	return cq->pend_n != 0 && cq->pend_tmpl == tmpl &&
	       (uint16_t)(cq->pend_wc + cq->pend_n) == wqe_index;
}

/* Whether keys a and b differ where mask (the CQ's: what its mini CQE
 * format does not carry) looks. */
static inline __attribute__((always_inline)) bool
emu_cqe_key_differs(struct emu_cqe_key a, struct emu_cqe_key b,
		    struct emu_cqe_key mask)
{
	return (((a.w[0] ^ b.w[0]) & mask.w[0]) |
		((a.w[1] ^ b.w[1]) & mask.w[1])) != 0;
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
	       struct emu_cqe_key k, uint32_t len, uint16_t wqe_index)
{
	const uint32_t n = cq->pend_n;
	uint16_t csum_be;

	if (!emu_cq_session_follows(cq, tmpl, wqe_index) ||
	    emu_cq_session_full(cq) ||
	    emu_cqe_key_differs(k, cq->pend_key, cq->key_mask))
		return false;
	/* The checksum is the template's; cyclic RQs have no strides. */
	memcpy(&csum_be, (const uint8_t *)tmpl + MLX5X_CQE_OFF_CHECK_SUM, 2);
	cq->pend_mini[n] =
		emu_cq_mini(cq, (uint32_t)(k.w[0] >> 32),
			    (uint32_t)k.w[0] & 0xffffff, be16toh(csum_be),
			    (uint8_t)(k.w[1] >> 8), 0, len);
	cq->pend_n = n + 1;
	return true;
}

/* emu_cq_rx of a cyclic RQ's CQE built from template tmpl with key k (one
 * emu_cq_rx_join refused): a session it opens is one the RQ's next CQEs
 * may join by key. */
void emu_cq_rx_tmpl(struct emu_cq *cq, const struct mlx5_cqe64 *cqe,
		    const struct mlx5_cqe64 *tmpl, struct emu_cqe_key k);

#endif /* MLX5X_EMU_CQ_H */
