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
 * headers alone; an untagged IPv4 frame without options, not a fragment,
 * carrying a whole TCP or UDP header; an entry that forwards to one TIR
 * and does nothing else (no drop, rewrite, VLAN action or counter); a TIR
 * that hashes no inner headers; a plain RQ (cyclic, ready, a WQE posted
 * whose first segment holds the frame, its CQ not compressing). What the
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

/* Whether entry e does what the fused path does: forwards to one TIR
 * hashing no inner headers, and nothing else (no drop, header or VLAN
 * action, counter, second destination). */
static inline bool
emu_rxf_entry_ok(const struct emu_fte *e)
{
	const uint16_t acts = MLX5X_FLOW_CONTEXT_ACTION_DROP |
			      MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST |
			      EMU_FTE_REWRITE_ACTIONS;

	return e != NULL &&
	       (e->action & acts) == MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST &&
	       e->ncnt == 0 && e->ndest == 1 &&
	       e->dest[0].type == MLX5X_FLOW_DESTINATION_TYPE_TIR &&
	       e->dest[0].tir != NULL && e->dest[0].tir->plan_inner.nrun == 0;
}

/* Makes the adapter's plan again (its rx_gen moved on). */
void emu_rxf_plan(struct emu_adapter *ad);
/* EMU_RXF_LOOKUP: the entry of the root table plain frame (r its scan)
 * hits, or NULL (r by value: the caller keeps it in registers). */
const struct emu_fte *
emu_rxf_lookup(const struct emu_adapter *ad, const uint8_t *frame,
	       struct emu_ip4_plain r);

/* The fused path for one frame: true when it took the frame whole;
 * false, with nothing done, for a frame or a set-up it does not cover
 * (the general path's: emu_eswitch_from_wire). Inline in the entry points
 * that take frames from the wire. */
static inline __attribute__((always_inline)) bool
emu_rx_fused_wire(struct emu_adapter *ad, const uint8_t *frame, uint32_t len)
{
	const uint8_t *const base[3] = { frame + 14, frame + 34, NULL };
	struct emu_rq_cqe_in in;
	const struct emu_tir *t;
	const struct emu_fte *e;
	struct emu_ip4_plain r;
	struct emu_rq *rq;

	if (__builtin_expect(ad->rxf.gen != ad->rx_gen, 0))
		emu_rxf_plan(ad);
	/* An untagged IPv4 frame (the scan checks the rest), no VF's. */
	if (ad->rxf.mode == EMU_RXF_OFF || len < 14 + 20 + 8 ||
	    frame[12] != 0x08 || frame[13] != 0x00 ||
	    !emu_ip4_plain_scan(frame, len, &r) ||
	    (ad->rxf.vf_macs && emu_eswitch_vf_by_mac(ad, frame) >= 0))
		return false;
	if (ad->rxf.mode == EMU_RXF_CATCH_ALL) {
		e = ad->rxf.e;
	} else {
		e = emu_rxf_lookup(ad, frame, r);
		if (!emu_rxf_entry_ok(e))
			return false;
	}
	t = e->dest[0].tir;
	in.hash = 0;
	in.htype = 0;
	/* Not a fragment, its L4 header whole: the ports are there. */
	if (t->disp_type != MLX5X_TIRC_DISP_TYPE_DIRECT)
		in.hash = emu_tir_hash_plan(t, &t->plan_outer, 4, r.proto, true,
					    base, &in.htype);
	rq = emu_tir_rq(ad, t, in.hash, in.htype);
	if (rq == NULL)
		return false;
	in.ok = emu_cqe_ok(r.l3_ok, r.l4_ok);
	in.hdr = emu_cqe_hdr_type(emu_cqe_l4_type(true, r.proto, r.tcp_flags,
						  r.tcp_ack_only),
				  4, false);
	in.flow_tag = e->flow_tag;
	/* No metadata register rewrite on the way: reg_b is zero. */
	in.reg_b = 0;
	if (!emu_rq_deliver_plain(ad, rq, frame, len, false, &in))
		return false;
	emu_vport_count_rx(&ad->uplink, frame, len);
	ad->rxf.frames++;
	return true;
}

#endif /* MLX5X_EMU_RX_FUSED_H */
