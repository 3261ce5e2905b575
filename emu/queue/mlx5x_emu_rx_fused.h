/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fused wire -> RQ path: the common case of a frame from the wire,
 * parse, NIC RX lookup, RSS hash, RQ WQE, copy and CQE, in one function
 * with its state in registers, where the general path crosses five
 * function boundaries (E-Switch, steering walk, entry actions, TIR, RQ).
 *
 * It covers: legacy mode, or switchdev without an FDB root; no
 * kernel-managed rules; tracing off; a NIC RX root table whose first
 * group is a catch-all of one entry, or whose groups all read outer
 * headers alone. In switchdev mode also (EMU_RXF_SRC, the wire's frames
 * and a VF end's: emu_rx_from_vf) the FDB -> manager's NIC RX way when
 * the frame's source alone decides it: every table on both walks reads
 * the source words and the metadata registers alone, the FDB misses (the
 * vport's default path), an FDB entry on the way rewrites registers
 * alone and a NIC RX one nothing, and the flow counters on the way count
 * each frame (emu_rxf_src; emu_esw_fused/test_esw_fused_matches_general).
 * Then: an untagged IPv4 frame without options, not a fragment,
 * carrying a whole TCP or UDP header; an entry that forwards to one TIR
 * and does nothing else (no drop, rewrite, VLAN action or counter); a TIR
 * that hashes no inner headers; a plain RQ (cyclic, ready, a WQE posted
 * whose first segment holds the frame; a compressing CQ holds its CQE for
 * the burst's session as the general path does). What the
 * adapter's set-up allows is decided once per change (emu_rx_changed), in
 * the plan; what depends on the frame, the entry it hits and the RQ the
 * hash picks is checked per frame before anything is written. Anything
 * else takes the general path from the start, which gives the same bytes,
 * CQEs and counters for every frame this path takes
 * (emu_rx_fused/test_rx_fused_matches_general).
 */
#ifndef MLX5X_EMU_RX_FUSED_H
#define MLX5X_EMU_RX_FUSED_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "mlx5x_emu_core.h"
#include "mlx5x_emu_pkt.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_steer.h"

#include "mlx5x_emu_pkt_plain.h"
#include "mlx5x_emu_rq.h"
#include "mlx5x_emu_tir.h"
#include "mlx5x_emu_vport_count.h"

/* Words of fte_match_param the outer headers take (the parse fills them). */
#define EMU_RXF_OUTER_BYTES MLX5X_ST_SZ_BYTES(fte_match_set_lyr_2_4)
_Static_assert(MLX5X_BYTE_OFF(fte_match_param, outer_headers) == 0 &&
		       EMU_RXF_OUTER_BYTES % 16 == 0,
	       "outer headers first in fte_match_param, 16-byte multiple");

/* Whether entry e forwards to one TIR hashing no inner headers and does
 * nothing else to the frame (no drop, header or VLAN action, second
 * destination); it may count it. */
static inline bool
emu_rxf_entry_fwd_tir(const struct emu_fte *e)
{
	const uint16_t acts = MLX5X_FLOW_CONTEXT_ACTION_DROP |
			      MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST |
			      EMU_FTE_REWRITE_ACTIONS;

	return e != NULL &&
	       (e->action & acts) == MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST &&
	       e->ndest == 1 &&
	       e->dest[0].type == MLX5X_FLOW_DESTINATION_TYPE_TIR &&
	       e->dest[0].tir != NULL && e->dest[0].tir->plan_inner.nrun == 0;
}

/* Whether entry e does what the fused path does: forwards to one TIR
 * hashing no inner headers, and nothing else (no counter either: only a
 * source's way counts its frames, from its plan). */
static inline bool
emu_rxf_entry_ok(const struct emu_fte *e)
{
	return emu_rxf_entry_fwd_tir(e) && e->ncnt == 0;
}

/* Makes the adapter's plan again (its rx_gen moved on). */
void emu_rxf_plan(struct emu_adapter *ad);
/* EMU_RXF_LOOKUP: the entry of the root table plain frame (r its scan)
 * hits, or NULL (r by value: the caller keeps it in registers). */
const struct emu_fte *
emu_rxf_lookup(const struct emu_adapter *ad, const uint8_t *frame,
	       struct emu_ip4_plain r);

/* The hash of TIR t's runs over the plain frame whose IP header is ip
 * (out of line: the selectors the straight code does not cover). */
uint32_t emu_rxf_hash_runs(const struct emu_tir *t, const uint8_t *ip);

/* What emu_tir_hash_plan decides for a plain IPv4 frame of protocol
 * proto, its L4 header whole, under TIR t: the hash kind
 * (EMU_RXF_HASH_*) and (*htype) the CQE hash type. */
static inline uint8_t
emu_rxf_hash_kind(const struct emu_tir *t, uint8_t proto, uint8_t *htype)
{
	const struct emu_tir_plan *tp = &t->plan_outer;

	*htype = 0;
	if (t->disp_type == MLX5X_TIRC_DISP_TYPE_DIRECT || tp->nrun == 0 ||
	    tp->l3 != 4 || (tp->l4 != 0 && proto != tp->l4))
		return EMU_RXF_HASH_NONE;
	*htype = tp->htype;
	return tp->shape == EMU_TIR_SHAPE_IP4_PORTS ? EMU_RXF_HASH_IP4_PORTS
	       : tp->shape == EMU_TIR_SHAPE_IP4	    ? EMU_RXF_HASH_IP4
						    : EMU_RXF_HASH_RUNS;
}

/* The hash of kind kind under TIR t of the plain frame whose IP header is
 * ip: input bytes 0..7 the addresses, 8..11 the ports (emu_tir.h). */
static inline __attribute__((always_inline)) uint32_t
emu_rxf_hash(const struct emu_tir *t, uint8_t kind, const uint8_t *ip)
{
	uint32_t h;

	if (kind == EMU_RXF_HASH_NONE)
		return 0;
	if (kind == EMU_RXF_HASH_RUNS)
		return emu_rxf_hash_runs(t, ip);
	h = emu_tir_hash4(t->toeplitz[0], ip + 12) ^
	    emu_tir_hash4(t->toeplitz[4], ip + 16);
	if (kind == EMU_RXF_HASH_IP4_PORTS)
		h ^= emu_tir_hash4(t->toeplitz[8], ip + 20);
	return h;
}

/* EMU_RXF_CATCH_ALL: the RQ a plain frame of IP protocol proto goes to
 * (NULL when the RQT entry names none), its hash, hash type and flow tag
 * into in, all from the plan: what emu_tir_hash_plan and emu_tir_rq give
 * for the plan's TIR, without a test the plan already made. */
static inline __attribute__((always_inline)) struct emu_rq *
emu_rxf_catch_all_rq(const struct emu_adapter *ad, const uint8_t *frame,
		     uint8_t proto, bool ports, struct emu_rq_cqe_in *in)
{
	const struct emu_rxf *pl = &ad->rxf;
	const unsigned int k = proto == 6;

	in->tag_be = pl->tag_be;
	in->htype = pl->htype[k];
	/* EMU_RXF_CATCH_ALL_PORTS (ports): the kinds (addresses and ports,
	 * or none) and the RQT's size the plan saw. */
	if (ports) {
		in->hash =
			pl->hash[k] == EMU_RXF_HASH_NONE
				? 0
				: emu_rxf_hash(pl->tir, EMU_RXF_HASH_IP4_PORTS,
					       frame + 14);
		return pl->rqt->ent[in->hash & pl->rqt->mask].rq;
	}
	in->hash = emu_rxf_hash(pl->tir, pl->hash[k], frame + 14);
	if (pl->rqt == NULL)
		return pl->tir->rq;
	return emu_rqt_pick(pl->rqt, in->hash);
}

/* EMU_RXF_LOOKUP: the same through the entry the frame hits, NULL for an
 * entry the fused path does not cover. */
static inline __attribute__((always_inline)) struct emu_rq *
emu_rxf_lookup_rq(struct emu_adapter *ad, const uint8_t *frame,
		  struct emu_ip4_plain r, struct emu_rq_cqe_in *in)
{
	const struct emu_fte *e = emu_rxf_lookup(ad, frame, r);
	const struct emu_tir *t;

	if (!emu_rxf_entry_ok(e))
		return NULL;
	t = e->dest[0].tir;
	in->tag_be = emu_cqe_tag(e->flow_tag);
	in->hash = emu_rxf_hash(t, emu_rxf_hash_kind(t, r.proto, &in->htype),
				frame + 14);
	return emu_tir_rq(ad, t, in->hash, in->htype);
}

/* Makes source k's way again (its gen behind rx_gen). */
void emu_rxf_src_plan(struct emu_adapter *ad, unsigned int k);

/* EMU_RXF_SRC: source k's way (the wire 0, VF k - 1), made again if a
 * change came since; NULL when the fused path does not take it. */
static inline __attribute__((always_inline)) const struct emu_rxf_src *
emu_rxf_src_get(struct emu_adapter *ad, unsigned int k)
{
	const struct emu_rxf_src *src = &ad->rxf.src[k];

	if (__builtin_expect(src->gen != ad->rx_gen, 0))
		emu_rxf_src_plan(ad, k);
	return src->ok ? src : NULL;
}

/* The RQ a plain frame of IP protocol proto from source src goes to
 * (NULL when the RQT entry names none), its hash, hash type and flow
 * tag into in: what the general path's TIR gives, from the way's plan.
 * direct: the caller knows the way's TIR direct (src->rq set). */
static inline __attribute__((always_inline)) struct emu_rq *
emu_rxf_src_rq(struct emu_adapter *ad, const struct emu_rxf_src *src,
	       const uint8_t *frame, uint8_t proto, bool direct,
	       struct emu_rq_cqe_in *in)
{
	const unsigned int k = proto == 6;

	in->tag_be = src->tag_be;
	/* A direct TIR hashes nothing (emu_rxf_hash_kind). */
	if (direct || src->rq != NULL) {
		in->htype = 0;
		in->hash = 0;
		return src->rq;
	}
	in->htype = src->htype[k];
	in->hash = emu_rxf_hash(src->tir, src->hash[k], frame + 14);
	return emu_tir_rq(ad, src->tir, in->hash, in->htype);
}

/* The flow counters of the entries source src's frames (packets of
 * them, bytes bytes in all) hit on their way (the FDB's and NIC RX's
 * walks count each frame). */
static inline __attribute__((always_inline)) void
emu_rxf_src_count(struct emu_adapter *ad, const struct emu_rxf_src *src,
		  uint32_t packets, uint64_t bytes)
{
	unsigned int i;

	for (i = 0; i < src->ncounted; i++)
		emu_fte_count_n(ad, src->counted[i], packets, bytes);
}

/* The CQE fields of plain frame r (its scan) into in: checksums as the
 * scan verified them, header types. */
static inline __attribute__((always_inline)) void
emu_rxf_cqe_plain(struct emu_rq_cqe_in *in, const struct emu_ip4_plain *r)
{
	in->ok = emu_cqe_ok(r->l3_ok, r->l4_ok);
	in->hdr = emu_cqe_hdr_type(emu_cqe_l4_type(true, r->proto, r->tcp_flags,
						   r->tcp_ack_only),
				   4, false);
	/* No metadata register rewrite on the way: reg_b is zero. */
	in->reg_b = 0;
}

/* Adds t's frames to their counters and starts a run on vport vp. */
void emu_rxf_tally_move(struct emu_adapter *ad, struct emu_rxf_tally *t,
			struct emu_vport *vp);

/*
 * The fused path for one frame under the adapter's plan, whose mode
 * (not EMU_RXF_OFF) and vf_macs the caller read (constants in a caller
 * specialised for them): true when it took the frame whole; false, with
 * nothing done, for a frame it does not cover (the general path's:
 * emu_eswitch_from_wire). The frame is counted at once with t NULL, else
 * into t. Under EMU_RXF_SRC, with run not NULL, the frames of one RQ go
 * as a run (emu_rq_run_put; the caller closes it).
 */
static inline __attribute__((always_inline)) bool
emu_rxf_frame(struct emu_adapter *ad, const uint8_t *frame, uint32_t len,
	      uint8_t mode, bool vf_macs, struct emu_rxf_tally *t,
	      struct emu_rq_run *run)
{
	const struct emu_rxf_src *src = NULL;
	struct emu_rq_cqe_in in;
	struct emu_ip4_plain r;
	struct emu_rq *rq;

	/* An untagged IPv4 frame (the scan checks the rest), no VF's. */
	if (!emu_ip4_plain_scan(frame, len, &r) ||
	    (vf_macs && emu_eswitch_vf_by_mac(ad, frame) >= 0))
		return false;
	if (mode == EMU_RXF_CATCH_ALL_PORTS || mode == EMU_RXF_RSS) {
		rq = emu_rxf_catch_all_rq(ad, frame, r.proto, true, &in);
	} else if (mode == EMU_RXF_CATCH_ALL) {
		rq = emu_rxf_catch_all_rq(ad, frame, r.proto, false, &in);
	} else if (mode == EMU_RXF_SRC) {
		/* Made with the plan (emu_rxf_plan), current with it. */
		src = &ad->rxf.src[0];
		rq = emu_rxf_src_rq(ad, src, frame, r.proto, false, &in);
	} else {
		rq = emu_rxf_lookup_rq(ad, frame, r, &in);
	}
	if (rq == NULL)
		return false;
	emu_rxf_cqe_plain(&in, &r);
	if (mode == EMU_RXF_SRC && run != NULL) {
		if (rq != run->rq) {
			emu_rq_run_close(run);
			if (!emu_rq_run_open(run, rq))
				return false;
		}
		if (!emu_rq_run_put(ad, run, frame, len, &in))
			return false;
	} else if (!emu_rq_deliver_plain_inl(ad, rq, frame, len, false, false,
					     false, mode == EMU_RXF_RSS, &in)) {
		return false;
	}
	if (mode == EMU_RXF_SRC)
		emu_rxf_src_count(ad, src, 1, len);
	if (t == NULL || __builtin_expect(frame[0] & 1, 0)) {
		emu_vport_count_rx(&ad->uplink, frame, len);
		emu_vport_count_rx(rq->vport, frame, len);
		ad->rxf.frames++;
		return true;
	}
	/* Under CATCH_ALL_PORTS and RSS every RQ the hash picks counts on
	 * the plan's vport, the run's (emu_rxf_run, emu_rxf_plan). */
	if (mode != EMU_RXF_CATCH_ALL_PORTS && mode != EMU_RXF_RSS &&
	    __builtin_expect(rq->vport != t->vp, 0))
		emu_rxf_tally_move(ad, t, rq->vport);
	t->n++;
	t->bytes += len;
	return true;
}

/* The fused path for one frame under a plan the caller found
 * EMU_RXF_RSS, counted into the adapter's tally. */
static inline __attribute__((always_inline)) bool
emu_rx_rss_wire(struct emu_adapter *ad, const uint8_t *frame, uint32_t len)
{
	return emu_rxf_frame(ad, frame, len, EMU_RXF_RSS, false, &ad->rxf.tally,
			     NULL);
}

/* The fused path for one frame: true when it took the frame whole;
 * false, with nothing done, for a frame or a set-up it does not cover
 * (the general path's: emu_eswitch_from_wire). Inline in the entry points
 * that take frames from the wire one at a time (a burst:
 * emu_rx_from_wire_burst). */
static inline __attribute__((always_inline)) bool
emu_rx_fused_wire(struct emu_adapter *ad, const uint8_t *frame, uint32_t len)
{
	/* Only a current plan is EMU_RXF_RSS (emu_rx_changed). */
	if (ad->rxf.mode == EMU_RXF_RSS)
		return emu_rx_rss_wire(ad, frame, len);
	if (__builtin_expect(ad->rxf.gen != ad->rx_gen, 0))
		emu_rxf_plan(ad);
	return ad->rxf.mode != EMU_RXF_OFF &&
	       emu_rxf_frame(ad, frame, len, ad->rxf.mode, ad->rxf.vf_macs,
			     NULL, NULL);
}

#endif /* MLX5X_EMU_RX_FUSED_H */
