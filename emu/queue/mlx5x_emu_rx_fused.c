/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fused wire -> RQ path's plan, made once per change of what it
 * reads, and the wire's entry for frames that arrive from an end (the
 * path itself: mlx5x_emu_rx_fused.h).
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_steer.h"

#include "mlx5x_emu_rx_fused.h"

/* Whether every group of ft masks words of the outer headers alone: a
 * lookup over the outer headers the plain parse fills is the whole
 * table's answer. */
static bool
emu_rxf_outer_only(const struct emu_ft *ft)
{
	const struct emu_fg *g;
	unsigned int k;

	for (g = ft->groups; g != NULL; g = g->next)
		for (k = 0; k < g->nnz; k++)
			if ((size_t)g->nz[k] * 8 >= EMU_RXF_OUTER_BYTES)
				return false;
	return true;
}

static bool
emu_rxf_ports_or_none(uint8_t kind)
{
	return kind == EMU_RXF_HASH_IP4_PORTS || kind == EMU_RXF_HASH_NONE;
}

/* The vport all RQs of rqt count on (entries naming no RQ aside), NULL
 * when they differ or there are none. */
static struct emu_vport *
emu_rxf_rqt_vport(const struct emu_rqt *rqt)
{
	struct emu_vport *vp = NULL;
	uint32_t k;

	for (k = 0; k < rqt->size; k++) {
		const struct emu_rq *rq = rqt->ent[k].rq;

		if (rq == NULL)
			continue;
		if (vp != NULL && rq->vport != vp)
			return NULL;
		vp = rq->vport;
	}
	return vp;
}

/* Whether every RQ of rqt (entries naming no RQ aside) takes the plain
 * delivery and completes on a CQ that does not compress: fixed at
 * CREATE_RQ and CREATE_CQ or changed by a command alone. */
static bool
emu_rxf_rqt_direct(const struct emu_rqt *rqt)
{
	uint32_t k;

	for (k = 0; k < rqt->size; k++) {
		const struct emu_rq *rq = rqt->ent[k].rq;

		if (rq != NULL && (!rq->plain || rq->cq->comp_en))
			return false;
	}
	return true;
}

/* Catch-all entry e (emu_rxf_entry_ok) takes every frame: its TIR, RQT,
 * flow tag and hash kinds, once. */
static void
emu_rxf_plan_catch_all(struct emu_rxf *pl, const struct emu_fte *e)
{
	const struct emu_tir *t = e->dest[0].tir;

	pl->e = e;
	pl->tir = t;
	pl->rqt = t->disp_type == MLX5X_TIRC_DISP_TYPE_DIRECT ? NULL : t->rqt;
	pl->tag_be = emu_cqe_tag(e->flow_tag);
	pl->hash[0] = emu_rxf_hash_kind(t, 17, &pl->htype[0]);
	pl->hash[1] = emu_rxf_hash_kind(t, 6, &pl->htype[1]);
	pl->mode = EMU_RXF_CATCH_ALL;
	if (pl->rqt != NULL && pl->rqt->mask != EMU_RQT_MODULO &&
	    emu_rxf_ports_or_none(pl->hash[0]) &&
	    emu_rxf_ports_or_none(pl->hash[1])) {
		pl->vport = emu_rxf_rqt_vport(pl->rqt);
		if (pl->vport != NULL)
			pl->mode = EMU_RXF_CATCH_ALL_PORTS;
	}
	if (pl->mode == EMU_RXF_CATCH_ALL_PORTS && !pl->vf_macs &&
	    emu_rxf_rqt_direct(pl->rqt))
		pl->mode = EMU_RXF_RSS;
}

void
emu_rxf_src_plan(struct emu_adapter *ad, unsigned int k)
{
	struct emu_rxf_src *src = &ad->rxf.src[k];
	/* The wire's frames come from the uplink, VF k - 1's from vport k. */
	const uint16_t vport = k == 0 ? MLX5X_VPORT_UPLINK : (uint16_t)k;
	const struct emu_fte *hop[EMU_RXF_SRC_COUNTED], *e;
	const struct emu_tir *t;
	unsigned int n, m, i;

	src->gen = ad->rx_gen;
	src->ok = false;
	src->ncounted = 0;
	if (ad->rxf.off || ad->trace_on || ad->cfg.esw != EMU_ESW_SWITCHDEV)
		return;
	/* An FDB hit goes where its entry says (emu_fdb_decide); a miss,
	 * or no FDB, to the manager's NIC RX with the source's tag. */
	if (!emu_steering_source(ad, MLX5X_FLOW_TABLE_TYPE_FDB, vport, hop,
				 EMU_RXF_SRC_COUNTED, &n, &e) ||
	    e != NULL)
		return;
	/* The deciding entry is the NIC RX walk's last hop: its counters,
	 * if any, counted with the others'. */
	if (!emu_steering_source(ad, MLX5X_FLOW_TABLE_TYPE_NIC_RX, vport,
				 hop + n, EMU_RXF_SRC_COUNTED - n, &m, &e) ||
	    !emu_rxf_entry_fwd_tir(e))
		return;
	for (i = 0; i < n + m; i++)
		if (hop[i]->ncnt != 0)
			src->counted[src->ncounted++] = hop[i];
	t = e->dest[0].tir;
	src->tir = t;
	src->rq = t->disp_type == MLX5X_TIRC_DISP_TYPE_DIRECT ? t->rq : NULL;
	if (src->rq != NULL)
		src->vport = src->rq->vport;
	else
		src->vport = t->rqt != NULL ? emu_rxf_rqt_vport(t->rqt) : NULL;
	src->tag_be = emu_cqe_tag(e->flow_tag);
	src->hash[0] = emu_rxf_hash_kind(t, 17, &src->htype[0]);
	src->hash[1] = emu_rxf_hash_kind(t, 6, &src->htype[1]);
	src->ok = true;
}

/* The plan for the adapter as it is now (once per change). */
void
emu_rxf_plan(struct emu_adapter *ad)
{
	struct emu_rxf *pl = &ad->rxf;
	const struct emu_ft *ft;
	const struct emu_fg *g;

	pl->gen = ad->rx_gen;
	pl->mode = EMU_RXF_OFF;
	/* The frames counted under the last plan, before its vport goes. */
	emu_rxf_tally_move(ad, &pl->tally, NULL);
	pl->ft = NULL;
	pl->e = NULL;
	pl->tir = NULL;
	pl->rqt = NULL;
	pl->vport = NULL;
	pl->vf_macs = ad->cfg.esw == EMU_ESW_LEGACY && ad->cfg.nvfs != 0;
	if (pl->off || ad->trace_on || ad->kflows != NULL)
		return;
	/* Through an FDB: the wire's way, if its source decides it. */
	if (ad->cfg.esw == EMU_ESW_SWITCHDEV &&
	    ad->root[MLX5X_FLOW_TABLE_TYPE_FDB] != 0) {
		if (emu_rxf_src_get(ad, 0) != NULL)
			pl->mode = EMU_RXF_SRC;
		return;
	}
	ft = emu_objtab_get(&ad->fts, ad->root[MLX5X_FLOW_TABLE_TYPE_NIC_RX]);
	if (ft == NULL || ft->type != MLX5X_FLOW_TABLE_TYPE_NIC_RX)
		return;
	g = ft->groups;
	/* As emu_ft_lookup_inl: a firmware-owned catch-all first keeps its
	 * one entry in slot 0, and every frame hits it. */
	if (emu_fg_catch_all_entry(g) != NULL) {
		const struct emu_fte *e = emu_fg_catch_all_entry(g);

		if (emu_rxf_entry_ok(e))
			emu_rxf_plan_catch_all(pl, e);
		if (pl->mode == EMU_RXF_RSS)
			pl->tally.vp = pl->vport;
		return;
	}
	if (emu_rxf_outer_only(ft)) {
		pl->ft = ft;
		pl->mode = EMU_RXF_LOOKUP;
	} else if (emu_rxf_src_get(ad, 0) != NULL) {
		/* Switchdev: the root reads the source or its tag alone. */
		pl->mode = EMU_RXF_SRC;
	}
}

uint32_t
emu_rxf_hash_runs(const struct emu_tir *t, const uint8_t *ip)
{
	const uint8_t *const base[3] = { ip, ip + 20, NULL };

	return emu_tir_plan_apply(t, &t->plan_outer, base);
}

const struct emu_fte *
emu_rxf_lookup(const struct emu_adapter *ad, const uint8_t *frame,
	       struct emu_ip4_plain r)
{
	uint8_t oh[EMU_RXF_OUTER_BYTES] __attribute__((aligned(16)));
	void *h = oh;

	memset(oh, 0, sizeof(oh));
	memcpy(MLX5X_ADDR_OF(fte_match_set_lyr_2_4, h, dmac_47_16), frame, 6);
	memcpy(MLX5X_ADDR_OF(fte_match_set_lyr_2_4, h, smac_47_16), frame + 6,
	       6);
	MLX5X_SET(fte_match_set_lyr_2_4, h, ethertype, 0x0800);
	emu_ip4_plain_outer(frame, &r, h);
	/* The groups read nothing past the outer headers. */
	return emu_ft_lookup(ad->rxf.ft, oh);
}

/* The trace is empty while tracing is off (turning it off empties it):
 * nothing to reset then. */
void
emu_rx_wire_general(struct emu_adapter *ad, const uint8_t *frame, uint32_t len)
{
	if (ad->trace_on)
		emu_trace_reset(ad);
	emu_eswitch_from_wire(ad, frame, len);
}

void
emu_rxf_tally_sync(struct emu_adapter *ad)
{
	struct emu_rxf_tally *t = &ad->rxf.tally;

	if (t->n != 0)
		emu_rxf_tally_move(ad, t, t->vp);
}

void
emu_rx_from_wire(struct emu_adapter *ad, const uint8_t *frame, uint32_t len)
{
	if (!emu_rx_fused_wire(ad, frame, len))
		emu_rx_wire_general(ad, frame, len);
}

void
emu_rx_vf_general(struct emu_adapter *ad, unsigned int vf, const uint8_t *frame,
		  uint32_t len)
{
	if (ad->trace_on)
		emu_trace_reset(ad);
	emu_eswitch_from_vf(ad, vf, frame, len);
}

void
emu_rx_from_vf(struct emu_adapter *ad, unsigned int vf, const uint8_t *frame,
	       uint32_t len)
{
	const void *f = frame;
	const size_t l = len;

	if (emu_rx_from_vf_burst(ad, vf, &f, &l, 1) == 0)
		emu_eswitch_from_vf(ad, vf, frame, len);
}

/* What emu_rx_from_vf_burst adds up over the frames it takes. */
struct emu_rxf_vf_sums {
	uint64_t bytes, ubytes;
	uint32_t unicast;
};

/* A frame of VF vfp's the fused path took into rq, counted: unicast
 * ones into s (and on rq's vport at once when rxvp, the vport all the
 * way's RQs count on, is NULL), a group address at once. */
static inline __attribute__((always_inline)) void
emu_rxf_vf_count(struct emu_vport *vfp, struct emu_vport *rxvp,
		 struct emu_rq *rq, const uint8_t *frame, uint32_t len,
		 struct emu_rxf_vf_sums *s)
{
	s->bytes += len;
	if (__builtin_expect(frame[0] & 1, 0)) {
		emu_vport_count_tx(vfp, frame, len);
		emu_vport_count_rx(rq->vport, frame, len);
		return;
	}
	if (rxvp == NULL)
		emu_vport_count_ucast_n(&rq->vport->cnt, true, 1, len);
	s->unicast++;
	s->ubytes += len;
}

/* A burst of one frame (emu_rx_from_vf, a loop end's last): the frame
 * delivered straight, without a run's set-up. 1 when taken, else 0. */
static inline __attribute__((always_inline)) unsigned int
emu_rxf_vf_one(struct emu_adapter *ad, const struct emu_rxf_src *src,
	       struct emu_vport *vfp, const uint8_t *frame, uint32_t len,
	       struct emu_rxf_vf_sums *s)
{
	struct emu_rq_cqe_in in;
	struct emu_ip4_plain r;
	struct emu_rq *rq;

	if (!emu_ip4_plain_scan(frame, len, &r))
		return 0;
	rq = emu_rxf_src_rq(ad, src, frame, r.proto, false, &in);
	if (rq == NULL)
		return 0;
	emu_rxf_cqe_plain(&in, &r);
	if (!emu_rq_deliver_plain_inl(ad, rq, frame, len, false, false, false,
				      false, &in))
		return 0;
	emu_rxf_vf_count(vfp, src->vport, rq, frame, len, s);
	return 1;
}

/* Frames of a VF's burst parsed ahead of their delivery, at most. */
#define EMU_RXF_VF_AHEAD 32

/* A parsed frame of a VF's burst: its RQ and its CQE's fields, as a key
 * when its RQ's CQ compresses (the key is what the run compares), else
 * as they go into the CQE. */
struct emu_rxf_vf_next {
	struct emu_rq *rq;
	union {
		struct emu_cqe_key key; /* rq->cq->comp_en */
		struct emu_rq_cqe_in in;
	};
};

/* How a parse stores the CQE fields (struct emu_rxf_vf_next). */
enum emu_rxf_vf_store {
	EMU_RXF_VF_KEY, /* every frame's as a key: a direct way, compressing */
	EMU_RXF_VF_IN,	/* every frame's as they are: a direct way, not */
	EMU_RXF_VF_ANY, /* each as its RQ's CQ needs (an RSS way) */
};

/* emu_rxf_vf_parse's loop, with store (a constant in each copy) saying
 * how the fields go into nx: straight there as they are, or a key made
 * from them in registers (not read back from nx). */
static inline __attribute__((always_inline)) unsigned int
emu_rxf_vf_parse_as(struct emu_adapter *ad, const struct emu_rxf_src *src,
		    const void *const *frames, const size_t *lens,
		    unsigned int m, enum emu_rxf_vf_store store,
		    struct emu_rxf_vf_next *nx)
{
	/* Only an RSS way's frames choose their RQ, and their store. */
	const bool direct = store != EMU_RXF_VF_ANY;
	unsigned int j;

	for (j = 0; j < m; j++) {
		const uint8_t *frame = frames[j];
		struct emu_rq_cqe_in f, *in = &f;
		struct emu_ip4_plain r;

		if (store == EMU_RXF_VF_IN)
			in = &nx[j].in;
		if (!emu_ip4_plain_scan(frame, (uint32_t)lens[j], &r))
			break;
		nx[j].rq = emu_rxf_src_rq(ad, src, frame, r.proto, direct, in);
		if (nx[j].rq == NULL)
			break;
		emu_rxf_cqe_plain(in, &r);
		if (store == EMU_RXF_VF_IN)
			continue;
		if (store == EMU_RXF_VF_KEY || nx[j].rq->cq->comp_en)
			nx[j].key = emu_cqe_key_make(f.hash, f.tag_be, f.reg_b,
						     f.ok, f.hdr, f.htype);
		else
			nx[j].in = f;
	}
	return j;
}

/*
 * Up to m frames from frames[0] parsed for source src: each one's RQ and
 * CQE fields into nx; the count of those the fused path takes, up to the
 * first it does not. Nothing written but nx: the delivery after it sees
 * the frames as the one-pass loop would. Out of line, once for up to
 * EMU_RXF_VF_AHEAD frames: the parse and the delivery each keep their
 * own state in registers. direct: as emu_rxf_vf_frames; a direct way's
 * frames all go to src->rq, whose CQ compresses or not for all of them.
 */
static __attribute__((noinline)) unsigned int
emu_rxf_vf_parse(struct emu_adapter *ad, const struct emu_rxf_src *src,
		 const void *const *frames, const size_t *lens, unsigned int m,
		 bool direct, struct emu_rxf_vf_next *nx)
{
	if (!direct)
		return emu_rxf_vf_parse_as(ad, src, frames, lens, m,
					   EMU_RXF_VF_ANY, nx);
	if (src->rq->cq->comp_en)
		return emu_rxf_vf_parse_as(ad, src, frames, lens, m,
					   EMU_RXF_VF_KEY, nx);
	return emu_rxf_vf_parse_as(ad, src, frames, lens, m, EMU_RXF_VF_IN, nx);
}

/*
 * The frames from VF vf's end the fused path takes (src its way, rxvp
 * the vport its RQs count on, NULL for each its own): parsed
 * EMU_RXF_VF_AHEAD at a time, then delivered as runs of frames for one
 * RQ. direct: the way's TIR is direct (every frame to src->rq, hash and
 * hash type 0), a constant where the caller specialises. The index of
 * the first it did not take.
 */
static inline __attribute__((always_inline)) unsigned int
emu_rxf_vf_frames(struct emu_adapter *ad, const struct emu_rxf_src *src,
		  struct emu_vport *vfp, struct emu_vport *rxvp,
		  const void *const *frames, const size_t *lens, unsigned int n,
		  bool direct, struct emu_rxf_vf_sums *s)
{
	struct emu_rxf_vf_next nx[EMU_RXF_VF_AHEAD];
	struct emu_rq_run run = { .rq = NULL };
	unsigned int i = 0, j, k, m;

	while (i < n) {
		m = n - i < EMU_RXF_VF_AHEAD ? n - i : EMU_RXF_VF_AHEAD;
		j = emu_rxf_vf_parse(ad, src, frames + i, lens + i, m, direct,
				     nx);
		for (k = 0; k < j; k++, i++) {
			const uint8_t *frame = frames[i];
			const uint32_t len = (uint32_t)lens[i];
			struct emu_rq *rq = nx[k].rq;

			/* Frames for one RQ one after another: one run. */
			if (rq != run.rq) {
				emu_rq_run_close(&run);
				if (!emu_rq_run_open(&run, rq))
					goto out;
			}
			/* The run's comp is its RQ's CQ's, as the parse read. */
			if (!emu_rq_run_copy(ad, &run, frame, len))
				goto out;
			if (run.comp)
				emu_rq_run_cqe_key(&run, nx[k].key, len);
			else
				emu_rq_run_cqe_write(&run, &nx[k].in, len);
			emu_rxf_vf_count(vfp, rxvp, rq, frame, len, s);
		}
		if (j < m)
			break;
	}
out:
	/* Before the general path takes frame i. */
	emu_rq_run_close(&run);
	return i;
}

/*
 * Source vf + 1's way read once for the burst: a command moves rx_gen on
 * only between bursts (none runs while the adapter's lock is held, and
 * the general path's frames come between two calls). Unicast frames are
 * counted once at the end, sent on the VF's vport and received on the
 * way's (a way whose RQs count on different vports: there, each frame),
 * and the flow counters on the way once for all.
 */
unsigned int
emu_rx_from_vf_burst(struct emu_adapter *ad, unsigned int vf,
		     const void *const *frames, const size_t *lens,
		     unsigned int n)
{
	const struct emu_rxf_src *src = emu_rxf_src_get(ad, vf + 1);
	struct emu_vport *vfp = &ad->vf[vf];
	struct emu_rxf_vf_sums s = { 0, 0, 0 };
	unsigned int i;

	if (src == NULL)
		return 0;
	if (n == 1)
		i = emu_rxf_vf_one(ad, src, vfp, frames[0], (uint32_t)lens[0],
				   &s);
	else if (src->rq != NULL)
		i = emu_rxf_vf_frames(ad, src, vfp, src->vport, frames, lens, n,
				      true, &s);
	else
		i = emu_rxf_vf_frames(ad, src, vfp, src->vport, frames, lens, n,
				      false, &s);
	if (s.unicast != 0) {
		emu_vport_count_ucast_n(&vfp->cnt, false, s.unicast, s.ubytes);
		if (src->vport != NULL)
			emu_vport_count_ucast_n(&src->vport->cnt, true,
						s.unicast, s.ubytes);
	}
	if (i != 0)
		emu_rxf_src_count(ad, src, i, s.bytes);
	ad->rxf.frames += i;
	return i;
}

void
emu_rxf_tally_move(struct emu_adapter *ad, struct emu_rxf_tally *t,
		   struct emu_vport *vp)
{
	if (t->n != 0) {
		emu_vport_count_ucast_n(&ad->uplink.cnt, true, t->n, t->bytes);
		emu_vport_count_ucast_n(&t->vp->cnt, true, t->n, t->bytes);
		ad->rxf.frames += t->n;
	}
	*t = (struct emu_rxf_tally){ .vp = vp };
}

/* Frames from i on while the fused path takes them, under the plan's
 * mode and vf_macs (constants where the caller specialises): the index
 * of the first it did not take (n when it took them all). */
static inline __attribute__((always_inline)) unsigned int
emu_rxf_run(struct emu_adapter *ad, const void *const *frames,
	    const size_t *lens, unsigned int i, unsigned int n, uint8_t mode,
	    bool vf_macs, struct emu_rxf_tally *t)
{
	struct emu_rq_run run = { .rq = NULL };

	/* The mode's RQs count on the plan's vport (emu_rxf_frame). */
	if ((mode == EMU_RXF_CATCH_ALL_PORTS || mode == EMU_RXF_RSS) &&
	    t->vp != ad->rxf.vport)
		emu_rxf_tally_move(ad, t, ad->rxf.vport);
	for (; i < n; i++)
		if (!emu_rxf_frame(ad, frames[i], (uint32_t)lens[i], mode,
				   vf_macs, t, &run))
			break;
	/* Before the general path takes frame i. */
	emu_rq_run_close(&run);
	return i;
}

/*
 * A burst from the wire under the adapter's lock: the plan read once
 * (only a command moves rx_gen on, and none runs while the lock is
 * held; read again after a frame of the general path all the same), the
 * usual set-up's loop specialised for it, the vport counters added once.
 */
void
emu_rx_from_wire_burst(struct emu_adapter *ad, const void *const *frames,
		       const size_t *lens, unsigned int n)
{
	struct emu_rxf_tally t = { .vp = NULL };
	unsigned int i = 0;

	while (i < n) {
		if (__builtin_expect(ad->rxf.gen != ad->rx_gen, 0))
			emu_rxf_plan(ad);
		if (ad->rxf.mode == EMU_RXF_RSS)
			i = emu_rxf_run(ad, frames, lens, i, n, EMU_RXF_RSS,
					false, &t);
		else if (ad->rxf.mode == EMU_RXF_CATCH_ALL_PORTS &&
			 !ad->rxf.vf_macs)
			i = emu_rxf_run(ad, frames, lens, i, n,
					EMU_RXF_CATCH_ALL_PORTS, false, &t);
		else if (ad->rxf.mode != EMU_RXF_OFF)
			i = emu_rxf_run(ad, frames, lens, i, n, ad->rxf.mode,
					ad->rxf.vf_macs, &t);
		if (i < n) {
			emu_rx_wire_general(ad, frames[i], (uint32_t)lens[i]);
			i++;
		}
	}
	emu_rxf_tally_move(ad, &t, NULL);
}
