/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The usual frame's last step, inline where the Rx paths end (the general
 * one in mlx5x_emu_rq.c, the fused wire -> RQ path in
 * mlx5x_emu_rx_fused.c): a ready cyclic RQ with a WQE posted whose first
 * data segment holds the frame, no VLAN to strip; its CQ compressing or
 * not. Anything else is emu_rq_deliver's.
 */
#ifndef MLX5X_EMU_RQ_H
#define MLX5X_EMU_RQ_H

#include <endian.h>
#include <stddef.h>
#include <string.h>

#include "mlx5x_emu_core.h"
#include "mlx5x_emu_pkt.h"
#include "mlx5x_emu_queue.h"

#include "mlx5x_emu_cq.h"
#include "mlx5x_emu_vport_count.h"
#include "mlx5x_emu_wq.h"

/* The CQE's L4 header type of an IP frame that is not a fragment (l4),
 * its protocol and TCP flags, and whether a TCP segment carries no
 * payload. */
static inline uint8_t
emu_cqe_l4_type(bool l4, uint8_t proto, uint8_t tcp_flags, bool ack_only)
{
	if (!l4)
		return MLX5X_CQE_L4_HDR_TYPE_NONE;
	if (proto == 17)
		return MLX5X_CQE_L4_HDR_TYPE_UDP;
	if (proto != 6)
		return MLX5X_CQE_L4_HDR_TYPE_NONE;
	if (!(tcp_flags & 0x10))
		return MLX5X_CQE_L4_HDR_TYPE_TCP_NO_ACK;
	return ack_only ? MLX5X_CQE_L4_HDR_TYPE_TCP_ACK_NO_DATA
			: MLX5X_CQE_L4_HDR_TYPE_TCP_ACK_AND_DATA;
}

static inline uint8_t
emu_rq_l4_type(const struct emu_pkt *p)
{
	return emu_cqe_l4_type(p->l3 != 0 && !p->frag, p->l4_proto,
			       p->tcp_flags, p->tcp_ack_only);
}

/* The CQE's checksum byte (hds_ip_ext): L2, L3 and L4 OK. */
static inline uint8_t
emu_cqe_ok(bool l3_ok, bool l4_ok)
{
	return MLX5X_CQE_L2_OK | (l3_ok ? MLX5X_CQE_L3_OK : 0) |
	       (l4_ok ? MLX5X_CQE_L4_OK : 0);
}

/* Whether a WQE is posted at the RQ's counter. The doorbell record is
 * read again only once the WQEs it last showed are used up: software
 * only moves its counter forward, so a later read could only show more
 * of them, and the outcome is the one a read per frame would give (PRM:
 * the adapter reads the record when it needs WQEs). */
static inline bool
emu_rq_has_wqe(struct emu_rq *rq)
{
	if (__builtin_expect((uint16_t)rq->wq.ci != rq->posted, 1))
		return true;
	rq->posted = be32toh(rq->wq.dbrec[MLX5X_RCV_DBR]) & 0xffff;
	return (uint16_t)rq->wq.ci != rq->posted;
}

/* WQE ci of the RQ's ring (ci a WQE counter). */
static inline const uint8_t *
emu_rq_wqe_at(const struct emu_rq *rq, uint32_t ci)
{
	return rq->wq.buf + ((size_t)(ci & rq->wqe_mask) << rq->wq.log_stride);
}

static inline const uint8_t *
emu_rq_wqe(const struct emu_rq *rq)
{
	return emu_rq_wqe_at(rq, rq->wq.ci);
}

/* Where the usual frame of len bytes goes in the first data segment d of
 * one of rq's WQEs: NULL when the segment does not hold it or no MR of
 * the RQ's grants the write. A 0-byte segment (2^31 bytes) holds the
 * frame here too; a terminator's key is no MR's, so the MR check sends
 * it, and any bad key, to emu_rq_deliver_any. */
static inline __attribute__((always_inline)) void *
emu_rq_seg_dst(struct emu_adapter *ad, struct emu_rq *rq,
	       const struct mlx5_wqe_data_seg *d, uint32_t len)
{
	if (__builtin_expect(!emu_rq_seg_holds(d->byte_count, len), 0))
		return NULL;
	return emu_mem_cache_ptr(ad, &rq->mr, d->lkey, be64toh(d->addr), len,
				 IBV_ACCESS_LOCAL_WRITE);
}

/* The frame into its buffer. Up to 64 bytes (the small frames whose
 * rate counts) in overlapping 16-byte moves, every load before the first
 * store: the library call costs more than the copy. */
static inline void
emu_rq_copy(void *dst, const uint8_t *src, uint32_t len)
{
	typedef uint8_t emu_v16 __attribute__((vector_size(16)));
	uint8_t *d = dst;
	emu_v16 a, b, c, e;

	if (len < 16 || len > 64) {
		memcpy(dst, src, len);
		return;
	}
	memcpy(&a, src, 16);
	memcpy(&b, src + len - 16, 16);
	if (len > 32) {
		/* [0, 32) and [len - 32, len) cover the frame. */
		memcpy(&c, src + 16, 16);
		memcpy(&e, src + len - 32, 16);
		memcpy(d + 16, &c, 16);
		memcpy(d + len - 32, &e, 16);
	}
	memcpy(d, &a, 16);
	memcpy(d + len - 16, &b, 16);
}

/* The CQE's header byte: L4 type l4t, L3 type of IP version l3 (0 none),
 * VLAN stripped. */
static inline uint8_t
emu_cqe_hdr_type(uint8_t l4t, uint8_t l3, bool strip)
{
	return l4t << MLX5X_CQE_L4_HDR_SHIFT |
	       (l3 == 4	  ? MLX5_CQE_L3_HDR_TYPE_IPV4
		: l3 == 6 ? MLX5_CQE_L3_HDR_TYPE_IPV6
			  : MLX5_CQE_L3_HDR_TYPE_NONE)
		       << MLX5X_CQE_L3_HDR_SHIFT |
	       (strip ? MLX5X_CQE_VLAN_STRIPPED : 0);
}

static inline uint8_t
emu_rq_hdr_type(const struct emu_pkt *pkt, bool strip)
{
	return emu_cqe_hdr_type(emu_rq_l4_type(pkt), pkt->l3, strip);
}

/* What the CQE of a frame says of it besides its length: the parse's
 * checksum byte (emu_cqe_ok) and header byte (emu_cqe_hdr_type, nothing
 * stripped), the RSS hash and its type, the flow tag as the CQE carries
 * it (emu_cqe_tag), and metadata reg_b as NIC RX steering left it, big
 * endian (flow_table_metadata). */
struct emu_rq_cqe_in {
	uint8_t ok, hdr, htype;
	uint32_t hash, tag_be, reg_b;
};
_Static_assert(offsetof(struct emu_rq_cqe_in, hdr) ==
			       offsetof(struct emu_rq_cqe_in, ok) + 1 &&
		       offsetof(struct mlx5_cqe64, l4_hdr_type_etc) ==
			       offsetof(struct mlx5_cqe64, hds_ip_ext) + 1,
	       "the checksum and header bytes side by side, as in the CQE");

/* PRM: responder CQEs carry the flow tag in the low 24 bits of
 * sop_drop_qpn. */
static inline uint32_t
emu_cqe_tag(uint32_t flow_tag)
{
	return htobe32(flow_tag & 0xffffff);
}

/* The CQE of the usual frame into c, each byte but the owner once: the
 * RQ's template's first 48 bytes, the per-frame fields over them, then
 * the last 15 (software polls the owner byte only). */
static inline __attribute__((always_inline)) void
emu_rq_cqe_fill(uint8_t *c, const struct emu_rq *rq,
		const struct emu_rq_cqe_in *in, uint32_t len,
		uint16_t wqe_index)
{
	const size_t head = offsetof(struct mlx5_cqe64, timestamp);
	struct mlx5_cqe64 *cqe = (struct mlx5_cqe64 *)c;
	uint32_t hash = htobe32(in->hash);

	memcpy(c, &rq->cqe_tmpl, head);
	memcpy(c + MLX5X_CQE_OFF_RSS_HASH_RESULT, &hash, 4);
	c[MLX5X_CQE_OFF_RSS_HASH_TYPE] = in->htype;
	/* hds_ip_ext and l4_hdr_type_etc: one store. */
	memcpy(&cqe->hds_ip_ext, &in->ok, 2);
	cqe->byte_cnt = htobe32(len);
	/* PRM: responder CQEs carry flow_table_metadata (mlx5dv names the
	 * dword imm_inval_pkey). */
	cqe->imm_inval_pkey = in->reg_b;
	cqe->timestamp = 0;
	cqe->sop_drop_qpn = in->tag_be;
	cqe->wqe_counter = htobe16(wqe_index);
	cqe->signature = 0;
}

/* The usual frame's CQE on a compressing CQ, held for the burst's session:
 * joined by its key alone where it can (emu_cq_rx_join), else built
 * aside, the same bytes, and handed over (emu_cq_rx_tmpl). */
static inline __attribute__((always_inline)) void
emu_rq_cqe_hold(struct emu_rq *rq, const struct emu_rq_cqe_in *in, uint32_t len,
		uint16_t wqe_index)
{
	const struct emu_cqe_key key =
		emu_cqe_key_make(in->hash, in->tag_be, in->reg_b, in->ok,
				 in->hdr, in->htype);
	struct mlx5_cqe64 held;

	if (emu_cq_rx_join(rq->cq, &rq->cqe_tmpl, key, len, wqe_index))
		return;
	emu_rq_cqe_fill((uint8_t *)&held, rq, in, len, wqe_index);
	held.op_own = MLX5_CQE_RESP_SEND << MLX5X_CQE_OPCODE_SHIFT;
	emu_cq_rx_tmpl(rq->cq, &held, &rq->cqe_tmpl, key);
}

/*
 * The usual frame goes straight: the WQE's data segment read once, the
 * frame copied, the CQE built from the RQ's template and the per-frame
 * fields and written into its ring slot once, the owner byte last (or,
 * on a compressing CQ, held for the burst's session). Its
 * checks come first: false, with nothing done, for a frame that is not
 * the usual one (emu_rq_deliver_any's then); cvlan: the frame carries a
 * C-VLAN tag (which an RQ stripping tags must strip); traced: the trace
 * may be on (a caller that runs only with it off says not); count: the
 * frame is counted on the RQ's vport here; direct: the caller knows the
 * RQ plain and its CQ not compressing (a plan made since the last
 * command: emu_rxf_plan).
 */
static inline __attribute__((always_inline)) bool
emu_rq_deliver_plain_inl(struct emu_adapter *ad, struct emu_rq *rq,
			 const uint8_t *frame, uint32_t len, bool cvlan,
			 bool traced, bool count, bool direct,
			 const struct emu_rq_cqe_in *in)
{
	const struct mlx5_wqe_data_seg *d;
	uint16_t wqe_index;
	void *dst;

	if (__builtin_expect((!direct && !rq->plain) ||
				     rq->state != MLX5X_QUEUE_STATE_RDY ||
				     !emu_rq_has_wqe(rq) ||
				     (rq->vlan_strip && cvlan),
			     0))
		return false;
	d = (const struct mlx5_wqe_data_seg *)emu_rq_wqe(rq);
	dst = emu_rq_seg_dst(ad, rq, d, len);
	if (__builtin_expect(dst == NULL, 0))
		return false;
	emu_rq_copy(dst, frame, len);
	wqe_index = rq->wq.ci++ & 0xffff;
	if (!direct && rq->cq->comp_en) {
		emu_rq_cqe_hold(rq, in, len, wqe_index);
	} else {
		uint8_t *c = emu_cq_slots_inl(rq->cq, 1);

		if (c != NULL) {
			emu_rq_cqe_fill(c, rq, in, len, wqe_index);
			emu_cq_commit_inl(rq->cq, (struct mlx5_cqe64 *)c,
					  MLX5_CQE_RESP_SEND);
		}
	}
	if (traced)
		emu_trace(ad,
			  "rq 0x%x wqe %u stride 0: %u bytes, cqe on cq 0x%x",
			  rq->rqn, wqe_index, len, rq->cq->cqn);
	if (count)
		emu_vport_count_rx(rq->vport, frame, len);
	return true;
}

/*
 * A run of usual frames of one burst bound for one RQ (an RQ whose frames
 * take the plain delivery): what cannot change inside
 * the run read once at emu_rq_run_open (the RQ's state, its plain flag,
 * the WQEs the doorbell record showed posted), the WQE counter and the
 * held session's length kept here and stored back at emu_rq_run_close.
 * Nothing but the run writes the RQ or its CQ's session while it is open
 * (one burst, under the adapter's lock), so each frame gives the CQEs,
 * bytes and counters emu_rq_deliver_plain_inl would: a frame the run
 * cannot take (the WQEs run out and the record shows no more, a segment
 * too short, a key no MR of the RQ's grants) is refused with nothing done,
 * and goes, once the run is closed, the way it goes today.
 */
struct emu_rq_run {
	struct emu_rq *rq; /* NULL: no run open */
	uint32_t ci;	   /* the RQ's wq.ci while the run is open */
	uint16_t avail;	   /* WQEs posted from ci on, as last read */
	bool comp;	   /* its CQ compresses */
	/* The held session's CQEs while the run's next CQE may join it by
	 * key (emu_cq_rx_join's test, made once), else 0; its cap, key and
	 * the template's checksum the mini CQEs carry. */
	uint32_t n, cap;
	struct emu_cqe_key key, mask;
	uint16_t csum;
};

/* Whether the held session of rq's CQ is one the run's next CQE (WQE
 * counter run->ci) joins by key, as emu_cq_rx_join decides: then its
 * length, cap and key into the run. */
static inline __attribute__((always_inline)) void
emu_rq_run_session(struct emu_rq_run *run)
{
	const struct emu_cq *cq = run->rq->cq;

	run->n = 0;
	if (emu_cq_session_follows(cq, &run->rq->cqe_tmpl, (uint16_t)run->ci)) {
		run->n = cq->pend_n;
		run->cap = cq->pend_cap;
		run->key = cq->pend_key;
	}
}

/* Opens a run on rq, false with nothing open when its
 * first frame cannot take the plain delivery (emu_rq_deliver_plain_inl's
 * checks). */
static inline __attribute__((always_inline)) bool
emu_rq_run_open(struct emu_rq_run *run, struct emu_rq *rq)
{
	run->rq = NULL;
	if (__builtin_expect(!rq->plain || rq->state != MLX5X_QUEUE_STATE_RDY ||
				     !emu_rq_has_wqe(rq),
			     0))
		return false;
	run->rq = rq;
	run->comp = rq->cq->comp_en;
	run->ci = rq->wq.ci;
	run->avail = (uint16_t)(rq->posted - (uint16_t)rq->wq.ci);
	memcpy(&run->csum,
	       (const uint8_t *)&rq->cqe_tmpl + MLX5X_CQE_OFF_CHECK_SUM, 2);
	run->csum = be16toh(run->csum);
	run->mask = rq->cq->key_mask;
	emu_rq_run_session(run);
	return true;
}

/* What the run kept aside back into its RQ and CQ; the run closed. */
static inline __attribute__((always_inline)) void
emu_rq_run_close(struct emu_rq_run *run)
{
	if (run->rq == NULL)
		return;
	run->rq->wq.ci = run->ci;
	if (run->n != 0)
		run->rq->cq->pend_n = run->n;
	run->rq = NULL;
}

/* The CQE fields key k holds (emu_cqe_key_make, which keeps them all)
 * back into in. */
static inline __attribute__((always_inline)) void
emu_cqe_key_in(struct emu_cqe_key k, struct emu_rq_cqe_in *in)
{
	in->hash = (uint32_t)(k.w[0] >> 32);
	in->tag_be = htobe32((uint32_t)k.w[0]);
	in->reg_b = (uint32_t)(k.w[1] >> 32);
	in->ok = (uint8_t)(k.w[1] >> 16);
	in->hdr = (uint8_t)(k.w[1] >> 8);
	in->htype = (uint8_t)k.w[1];
}

/*
 * The next frame of the run into its WQE's buffer (its checks:
 * emu_rq_deliver_plain_inl's that depend on the WQE): true when copied,
 * its CQE to follow at once (emu_rq_run_cqe_key on a compressing run,
 * else emu_rq_run_cqe_write); false, with nothing done, when the run
 * cannot take it (the caller closes the run then).
 */
static inline __attribute__((always_inline)) bool
emu_rq_run_copy(struct emu_adapter *ad, struct emu_rq_run *run,
		const uint8_t *frame, uint32_t len)
{
	struct emu_rq *rq = run->rq;
	const struct mlx5_wqe_data_seg *d;
	void *dst;

	if (__builtin_expect(run->avail == 0, 0)) {
		/* The record read again, as emu_rq_has_wqe does when the
		 * WQEs it showed are used up. */
		rq->wq.ci = run->ci;
		if (!emu_rq_has_wqe(rq))
			return false;
		run->avail = (uint16_t)(rq->posted - (uint16_t)run->ci);
	}
	d = (const struct mlx5_wqe_data_seg *)emu_rq_wqe_at(rq, run->ci);
	dst = emu_rq_seg_dst(ad, rq, d, len);
	if (__builtin_expect(dst == NULL, 0))
		return false;
	emu_rq_copy(dst, frame, len);
	run->avail--;
	return true;
}

/* The copied frame's CQE on a compressing run, its fields as key k
 * (emu_cqe_key_make), into the run's session: a tight join while the
 * session takes it, else emu_rq_cqe_hold's way with the session's
 * length stored first and read again after. */
static inline __attribute__((always_inline)) void
emu_rq_run_cqe_key(struct emu_rq_run *run, struct emu_cqe_key k, uint32_t len)
{
	const uint16_t wqe_index = (uint16_t)run->ci++;
	struct emu_cq *cq = run->rq->cq;
	struct emu_rq_cqe_in in;

	if (run->n != 0) {
		if (__builtin_expect(run->n != run->cap &&
					     !emu_cqe_key_differs(k, run->key,
								  run->mask),
				     1)) {
			cq->pend_mini[run->n++] =
				emu_cq_mini(cq, (uint32_t)(k.w[0] >> 32),
					    (uint32_t)k.w[0] & 0xffffff,
					    run->csum, (uint8_t)(k.w[1] >> 8),
					    0, len);
			return;
		}
		cq->pend_n = run->n;
	}
	emu_cqe_key_in(k, &in);
	emu_rq_cqe_hold(run->rq, &in, len, wqe_index);
	emu_rq_run_session(run);
}

/* The copied frame's CQE on a run whose CQ does not compress, its fields
 * in as they are: written whole into its slot (no key: nothing compares
 * it). */
static inline __attribute__((always_inline)) void
emu_rq_run_cqe_write(struct emu_rq_run *run, const struct emu_rq_cqe_in *in,
		     uint32_t len)
{
	struct emu_rq *rq = run->rq;
	uint8_t *c = emu_cq_slots_inl(rq->cq, 1);

	if (c != NULL) {
		emu_rq_cqe_fill(c, rq, in, len, (uint16_t)run->ci);
		emu_cq_commit_inl(rq->cq, (struct mlx5_cqe64 *)c,
				  MLX5_CQE_RESP_SEND);
	}
	run->ci++;
}

/* The next frame of the run, its CQE's fields in: true when delivered;
 * false, with nothing done, when the run cannot take it (the caller
 * closes the run then). */
static inline __attribute__((always_inline)) bool
emu_rq_run_put(struct emu_adapter *ad, struct emu_rq_run *run,
	       const uint8_t *frame, uint32_t len,
	       const struct emu_rq_cqe_in *in)
{
	if (!emu_rq_run_copy(ad, run, frame, len))
		return false;
	if (run->comp)
		emu_rq_run_cqe_key(run,
				   emu_cqe_key_make(in->hash, in->tag_be,
						    in->reg_b, in->ok, in->hdr,
						    in->htype),
				   len);
	else
		emu_rq_run_cqe_write(run, in, len);
	return true;
}

/* emu_rq_deliver_plain_inl counting the frame on the RQ's vport (a
 * caller that counts runs of frames itself says not: count false). */
static inline __attribute__((always_inline)) bool
emu_rq_deliver_plain(struct emu_adapter *ad, struct emu_rq *rq,
		     const uint8_t *frame, uint32_t len, bool cvlan,
		     bool traced, const struct emu_rq_cqe_in *in)
{
	return emu_rq_deliver_plain_inl(ad, rq, frame, len, cvlan, traced, true,
					false, in);
}

#endif /* MLX5X_EMU_RQ_H */
