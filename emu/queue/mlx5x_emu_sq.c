/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Send queues: CREATE/MODIFY/QUERY/DESTROY_SQ and the Tx side of the
 * engine. A send WQE per PRM is a control segment, an Ethernet segment
 * (checksum flags, MSS, inline headers or a VLAN to insert), then data
 * segments (lkey, address, length) or inline data segments, ds * 16 bytes
 * in all, wrapping around the ring in 64-byte WQEBBs. TSO (LSO) WQEs carry
 * the headers inline and the MSS in the Ethernet segment; enhanced
 * multi-packet WQEs (eMPW) send one packet per data or inline segment
 * under one Ethernet segment.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_pkt.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_cmd.h"
#include "mlx5x_emu_ends.h"

#include <stdlib.h>
#include <string.h>

#include "mlx5x_emu_cq.h"
#include "mlx5x_emu_wire.h"
#include "mlx5x_emu_vport_count.h"
#include "mlx5x_emu_wq.h"

#define EMU_ALIGN16(x) (((x) + 15u) & ~15u)
/* PRM: enhanced multi-packet send WQE opcode. */
#define EMU_OPCODE_ENHANCED_MPSW 0x29

/* PRM sqc.min_wqe_inline_mode (Linux MLX5_INLINE_MODE_*): the headers every
 * send WQE must carry inline in its Ethernet segment. */
enum {
	EMU_INLINE_MODE_NONE = 0,
	EMU_INLINE_MODE_L2 = 1,
	EMU_INLINE_MODE_IP = 2,
	EMU_INLINE_MODE_TCP_UDP = 3,
};

/*
 * The ready list: the SQs in RDY, kept in SQ number order (the order the
 * engine served them in when it walked every slot), so that a pass costs
 * nothing per SQ that is not ready. Joined and left at state changes,
 * which only commands and a WQE error make.
 */
static void
emu_sq_ready_join(struct emu_adapter *ad, struct emu_sq *sq)
{
	struct emu_sq *prev = NULL, *at = ad->sq_ready;

	if (sq->on_ready)
		return;
	while (at != NULL && at->sqn < sq->sqn) {
		prev = at;
		at = at->ready_next;
	}
	sq->ready_prev = prev;
	sq->ready_next = at;
	if (at != NULL)
		at->ready_prev = sq;
	if (prev != NULL)
		prev->ready_next = sq;
	else
		ad->sq_ready = sq;
	sq->on_ready = true;
}

static void
emu_sq_ready_leave(struct emu_adapter *ad, struct emu_sq *sq)
{
	if (!sq->on_ready)
		return;
	if (sq->ready_prev != NULL)
		sq->ready_prev->ready_next = sq->ready_next;
	else
		ad->sq_ready = sq->ready_next;
	if (sq->ready_next != NULL)
		sq->ready_next->ready_prev = sq->ready_prev;
	sq->ready_prev = NULL;
	sq->ready_next = NULL;
	sq->on_ready = false;
}

void
emu_sq_free(struct emu_adapter *ad, struct emu_sq *sq)
{
	emu_sq_ready_leave(ad, sq);
	if (sq->cq != NULL)
		sq->cq->users--;
	free(sq);
}

/*
 * PRM: an SQ in ERR whose context has flush_in_error_en completes every
 * WQE still posted (from its counter up to the doorbell record's) in
 * error, syndrome WR_FLUSH_ERR (0x5), in order, sending nothing; its
 * counter ends at the doorbell record's. Whether a flushed WQE gets a CQE
 * is its control segment's completion mode (fm_ce_se bits 3:2): 0 "CQE on
 * CQE error", 2 "CQE always" and 3 "CQE and EQE" get one each
 * (wqe_counter its own ctrl wqe_index, never a range); 1 "CQE on first
 * CQE error" gets none, the first error being the WQE that failed.
 * Evidence (no PRM text is public, so its names as vendor headers carry
 * them): NVIDIA's DOCA GPUNetIO and FlexIO headers name the four modes
 * so; the IBA spec, as the kernel's rxe quotes it (10.7.3.1), has a WR
 * completed in error always generate a completion, and rdma-core's mlx5
 * provider posts unsignaled WRs with mode 0, so mode 0 must yield flush
 * CQEs; DPDK's mlx5 PMD posts its unsignaled WQEs with mode 1 and sizes
 * its Tx CQ by the completions it requests, which holds only if mode 1
 * yields none. rdma-core's and mlx5_ib's pollers retire every WQE up to
 * an error CQE's wqe_counter, so one CQE per WQE suits them too. WQEs
 * posted while the SQ stays in ERR are flushed as the engine comes by
 * (emu_sq_service). Returns the WQEs flushed.
 */
static unsigned int
emu_sq_flush(struct emu_adapter *ad, struct emu_sq *sq)
{
	const uint32_t nbb_ring = 1u << sq->wq.log_sz;
	const uint16_t pi = be32toh(sq->wq.dbrec[MLX5X_SND_DBR]) & 0xffff;
	uint32_t ci = sq->wq.ci;
	unsigned int n = 0;

	if (!sq->flush_en || sq->state != MLX5X_QUEUE_STATE_ERR)
		return 0;
	/* Software posts at most the ring: a record further on is bogus,
	 * and the walk stops after one ring's worth. */
	while ((uint16_t)ci != pi && n < nbb_ring) {
		const uint8_t *ctrl =
			sq->wq.buf + (size_t)(ci & (nbb_ring - 1)) * 64;
		/* PRM ctrl: wqe_index at bytes 1-2, ds at byte 7, fm_ce_se at
		 * byte 11; the control segment never wraps. */
		uint32_t nbb = ((ctrl[7] & 0x3fu) * 16 + 63) / 64;
		uint16_t left = (uint16_t)(pi - (uint16_t)ci);

		if (nbb == 0 || nbb > left)
			nbb = nbb == 0 ? 1 : left;
		if (((ctrl[11] >> MLX5X_COMP_MODE_OFFSET) & 3) !=
		    MLX5X_COMP_ONLY_FIRST_ERR)
			emu_cq_err(sq->cq, MLX5_CQE_REQ_ERR,
				   MLX5_CQE_SYNDROME_WR_FLUSH_ERR,
				   (uint16_t)(ctrl[1] << 8 | ctrl[2]), sq->sqn);
		ci += nbb;
		n++;
	}
	sq->wq.ci = ci;
	sq->flushed += n;
	if (n != 0)
		emu_trace(ad, "sq 0x%x: %u WQEs flushed (WR_FLUSH_ERR)",
			  sq->sqn, n);
	return n;
}

static int
emu_sq_create(struct emu_ctx *ctx, const void *in, void *out,
	      uint32_t *syndrome, struct emu_cmd_result *res)
{
	struct emu_adapter *ad = ctx->ad;
	const void *c = MLX5X_ADDR_OF(create_sq_in, in, ctx);
	struct emu_sq *sq;
	struct emu_cq *cq;
	int status;

	if (MLX5X_GET(sqc, c, state) != MLX5X_QUEUE_STATE_RST) {
		*syndrome = 0x5c0e01; /* queues are born in RST */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	cq = emu_objtab_get(&ad->cqs, MLX5X_GET(sqc, c, cqn));
	if (cq == NULL) {
		*syndrome = 0x5c0e02;
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	if (MLX5X_GET(sqc, c, tis_lst_sz) != 0 &&
	    emu_objtab_get(&ad->tiss, MLX5X_GET(sqc, c, tis_num_0)) == NULL) {
		*syndrome = 0x5c0e03;
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	sq = calloc(1, sizeof(*sq));
	if (sq == NULL)
		return MLX5X_CMD_STAT_NO_RES_ERR;
	/* PRM: send WQEBBs are 64 bytes (log stride 6). */
	status = emu_wq_parse(ad, MLX5X_ADDR_OF(sqc, c, wq), &sq->wq, 6,
			      syndrome);
	if (status != MLX5X_CMD_STAT_OK)
		goto err_free;
	if (sq->wq.wq_type != MLX5X_WQ_TYPE_CYCLIC) {
		*syndrome = 0x5c0e04;
		status = MLX5X_CMD_STAT_BAD_PARAM_ERR;
		goto err_free;
	}
	if (MLX5X_GET(sqc, c, min_wqe_inline_mode) > EMU_INLINE_MODE_TCP_UDP) {
		*syndrome = 0x5c0e05; /* reserved inline mode */
		status = MLX5X_CMD_STAT_BAD_PARAM_ERR;
		goto err_free;
	}
	sq->sqn = emu_objtab_add(&ad->sqs, sq);
	if (sq->sqn == 0) {
		status = MLX5X_CMD_STAT_NO_RES_ERR;
		goto err_free;
	}
	sq->ctx = ctx;
	sq->state = MLX5X_QUEUE_STATE_RST;
	sq->cq = cq;
	cq->users++;
	sq->tisn = MLX5X_GET(sqc, c, tis_num_0);
	sq->user_index = MLX5X_GET(sqc, c, user_index);
	sq->min_inline_mode = MLX5X_GET(sqc, c, min_wqe_inline_mode);
	sq->flush_en = MLX5X_GET(sqc, c, flush_in_error_en);
	/* What the Tx loop reads per frame of the SQ's function, located
	 * once: they live as long as the adapter. */
	sq->fn = ctx->fn;
	sq->vport = emu_fn_vport(ad, ctx->fn);
	sq->root_tx = &emu_fn_root(ad, ctx->fn)[MLX5X_FLOW_TABLE_TYPE_NIC_TX];
	sq->kflows_tx = emu_fn_kflows_tx(ad, ctx->fn);
	MLX5X_SET(create_sq_out, out, sqn, sq->sqn);
	res->destroy_opcode = MLX5X_CMD_OP_DESTROY_SQ;
	res->id = sq->sqn;
	return MLX5X_CMD_STAT_OK;
err_free:
	free(sq);
	return status;
}

int
emu_sq_cmd(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
	   size_t outlen, uint32_t *syndrome, struct emu_cmd_result *res)
{
	uint16_t op = MLX5X_GET(mbox_in, in, opcode);
	struct emu_adapter *ad = ctx->ad;
	struct emu_sq *sq;
	int status;

	(void)inlen;
	(void)outlen;
	if (op == MLX5X_CMD_OP_CREATE_SQ)
		return emu_sq_create(ctx, in, out, syndrome, res);
	/* MODIFY_SQ carries the number at the same place as obj_in. */
	sq = emu_objtab_get(&ad->sqs, MLX5X_GET(obj_in, in, obj_id));
	if (sq == NULL) {
		*syndrome = 0x5c0e10;
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	switch (op) {
	case MLX5X_CMD_OP_MODIFY_SQ: {
		const void *c = MLX5X_ADDR_OF(modify_sq_in, in, ctx);

		status =
			emu_wq_transition(&sq->state,
					  MLX5X_GET(modify_sq_in, in, sq_state),
					  MLX5X_GET(sqc, c, state), syndrome);
		if (status != MLX5X_CMD_STAT_OK)
			return status;
		if (sq->state == MLX5X_QUEUE_STATE_RST)
			sq->wq.ci = 0;
		if (sq->state == MLX5X_QUEUE_STATE_RDY) {
			/* Software's counter is where hardware starts. */
			sq->wq.ci =
				be32toh(sq->wq.dbrec[MLX5X_SND_DBR]) & 0xffff;
			emu_sq_ready_join(ad, sq);
			emu_engine_start_locked();
		} else if (sq->state == MLX5X_QUEUE_STATE_ERR && sq->flush_en) {
			emu_sq_ready_join(ad, sq);
			emu_sq_flush(ad, sq);
		} else {
			emu_sq_ready_leave(ad, sq);
		}
		return MLX5X_CMD_STAT_OK;
	}
	case MLX5X_CMD_OP_QUERY_SQ: {
		void *c = MLX5X_ADDR_OF(query_sq_out, out, sq_context);

		MLX5X_SET(sqc, c, state, sq->state);
		MLX5X_SET(sqc, c, cqn, sq->cq->cqn);
		MLX5X_SET(sqc, c, tis_num_0, sq->tisn);
		MLX5X_SET(sqc, c, user_index, sq->user_index);
		MLX5X_SET(sqc, c, min_wqe_inline_mode, sq->min_inline_mode);
		MLX5X_SET(sqc, c, flush_in_error_en, sq->flush_en);
		MLX5X_SET(wq, MLX5X_ADDR_OF(sqc, c, wq), log_wq_sz,
			  sq->wq.log_sz);
		MLX5X_SET(wq, MLX5X_ADDR_OF(sqc, c, wq), hw_counter, sq->wq.ci);
		return MLX5X_CMD_STAT_OK;
	}
	default: /* DESTROY_SQ */
		emu_objtab_del(&ad->sqs, sq->sqn);
		emu_sq_free(ad, sq);
		return MLX5X_CMD_STAT_OK;
	}
}

/* ---- Tx engine ---------------------------------------------------------- */

/*
 * A WQE as the engine reads it: in its ring slot (raw), or, for one that
 * wraps past the end of the ring, copied into a buffer to be contiguous.
 * Only what every opcode needs is taken out of the control segment; the
 * Ethernet and data segments are read in place by the opcode's handler.
 */
struct emu_sq_wqe {
	const uint8_t *raw;
	uint32_t w0;   /* PRM ctrl dword 0: opc_mod, wqe_index, opcode */
	uint32_t size; /* ds * 16 */
};

#define EMU_SQ_WQE_OPCODE(w) ((uint8_t)(w)->w0)
#define EMU_SQ_WQE_OPMOD(w) ((uint8_t)((w)->w0 >> 24))
#define EMU_SQ_WQE_INDEX(w) ((uint16_t)((w)->w0 >> 8))
#define EMU_SQ_WQE_NBB(w) (((w)->size + 63) / 64)
/* PRM ctrl byte 11: fm_ce_se, whose CE asks for a CQE. */
#define EMU_SQ_WQE_FM_CE_SE(w) ((w)->raw[11])
/* PRM fm_ce_se: the completion modes that write a CQE for a WQE that
 * succeeds (2, CQE always; 3, CQE and EQE) are those with this bit. */
#define EMU_SQ_CE_CQE (MLX5X_COMP_ALWAYS << MLX5X_COMP_MODE_OFFSET)

/*
 * Frames sent by unicast, counted once per SQ service rather than per
 * frame: the SQ's own vport's Tx and, for frames that left by the wire,
 * the uplink's. Group frames (multicast, broadcast) are counted at once by
 * class. Nothing reads the counters while the engine holds the lock.
 */
struct emu_sq_tally {
	uint64_t pkts, bytes;	    /* SQ's vport, unicast */
	uint64_t up_pkts, up_bytes; /* uplink, unicast, to the wire */
	/* Unicast built in the slots of the fast way's end (emu_sq_way):
	 * the SQ's vport's and the way's. */
	uint64_t slot_pkts, slot_bytes;
	/* Worked out once per service (emu_sq_direct): every frame of this
	 * SQ leaves by the wire as it is. */
	bool direct;
	/* Also once: the SQ's plain frames take the fast way (emu_sq_fast),
	 * to the wire (direct, or by emu_sq_fdb_plan) or to a VF's end. */
	bool fast;
	/* Also once per service, for the others (emu_sq_emit): the function
	 * has NIC TX rules; a manager's frame goes to the E-Switch. */
	bool tx_rules, esw;
};

/*
 * Where the fast way (emu_sq_fast) builds a service's frames, in the
 * slots of an end's frame ring, and what each frame counts there: worked
 * out once per service, for a direct SQ the wire's (emu_sq_wire_way), for
 * the manager's others the end its FDB walk sends them to
 * (emu_sq_fdb_plan).
 */
#define EMU_SQ_WAY_FC 8
struct emu_sq_way {
	struct emu_ring *q;
	struct emu_end_loop *loop; /* a loop end's frames go back in */
	/* The vport a frame reaches: the uplink sends it, a VF's receives
	 * it (rx). */
	struct emu_vport *to;
	bool rx;
	/* The end takes each frame besides keeping it (a wire to a TAP or a
	 * pcap file): published at once. */
	bool out;
	/* What the run loops need of the whole service: an SQ that requires
	 * no inline headers and an end that only keeps frames or loops them
	 * (emu_sq_fast_sends), eMPW on the adapter (emu_sq_fast_empws). */
	bool plain, plain_empw;
	/* The flow counters of the FDB entries a frame hits on the way. */
	uint8_t nfc;
	struct emu_fc *fc[EMU_SQ_WAY_FC];
};

static void
emu_sq_fail(struct emu_adapter *ad, struct emu_sq *sq, uint16_t wqe_index,
	    uint8_t syndrome, const char *why)
{
	emu_trace(ad,
		  "sq 0x%x wqe %u: %s -> error CQE syndrome 0x%x, SQ to ERR",
		  sq->sqn, wqe_index, why, syndrome);
	emu_cq_err(sq->cq, MLX5_CQE_REQ_ERR, syndrome, wqe_index, sq->sqn);
	sq->state = MLX5X_QUEUE_STATE_ERR;
	/* The WQEs after it are flushed at the end of the service. */
	if (!sq->flush_en)
		emu_sq_ready_leave(ad, sq);
	sq->errors++;
	/* The frame is lost to the SQ's own vport (a VF's SQ: vport k + 1). */
	sq->vport->cnt.tx_errors++;
}

static uint16_t
emu_sq_rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
emu_sq_rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return be32toh(v);
}

/*
 * The WQE at ci of the SQ's ring (buf, nbb_ring WQEBBs: the caller's
 * locals), for both ways (emu_sq_fast, emu_sq_service): PRM ctrl dword 0
 * and ds, the WQE linearised into lin when it wraps past the ring's end.
 * False when its ds is 0 or more than the ring holds: a WQE error.
 */
static inline __attribute__((always_inline)) bool
emu_sq_wqe_read(const uint8_t *buf, uint32_t nbb_ring, uint32_t ci,
		uint8_t *lin, struct emu_sq_wqe *w)
{
	const uint32_t idx = ci & (nbb_ring - 1);
	const uint8_t *ctrl = buf + (size_t)idx * 64;
	const uint32_t first = (nbb_ring - idx) * 64;

	w->w0 = emu_sq_rd32(ctrl);
	w->size = (ctrl[7] & 0x3fu) * 16;
	/* One that ends before the ring does holds no more than it. */
	if (__builtin_expect(first >= w->size, 1)) {
		w->raw = ctrl;
		return w->size != 0;
	}
	if (EMU_SQ_WQE_NBB(w) > nbb_ring)
		return false;
	memcpy(lin, ctrl, first);
	memcpy(lin + first, buf, w->size - first);
	w->raw = lin;
	return true;
}

/*
 * Bytes of frame the SQ's min_wqe_inline_mode requires inline: none; the
 * L2 header (Ethernet and its VLAN tags); up to the end of the IPv4/IPv6
 * header; up to the end of the TCP/UDP header. A frame without the layer
 * a mode names needs the layers it has (an ARP frame its L2 header in
 * every mode but none).
 */
static uint32_t
emu_sq_inline_need(uint8_t mode, const uint8_t *f, uint32_t len)
{
	uint32_t l3 = 14, l4;
	uint16_t et;
	uint8_t proto;

	if (mode == EMU_INLINE_MODE_NONE)
		return 0;
	if (len < 14)
		return len;
	et = emu_sq_rd16(f + 12);
	while ((et == 0x8100 || et == 0x88a8) && l3 + 4 <= len) {
		et = emu_sq_rd16(f + l3 + 2);
		l3 += 4;
	}
	if (mode == EMU_INLINE_MODE_L2)
		return l3;
	if (et == 0x0800 && l3 + 20 <= len && (f[l3] >> 4) == 4) {
		l4 = l3 + (f[l3] & 0xfu) * 4;
		proto = f[l3 + 9];
		if (emu_sq_rd16(f + l3 + 6) & 0x1fff)
			return l4 < len ? l4 : len; /* later fragment */
	} else if (et == 0x86dd && l3 + 40 <= len && (f[l3] >> 4) == 6) {
		l4 = l3 + 40;
		proto = f[l3 + 6];
	} else {
		return l3;
	}
	if (mode == EMU_INLINE_MODE_IP)
		return l4 < len ? l4 : len;
	if (proto == 6 && l4 + 20 <= len)
		return l4 + (f[l4 + 12] >> 4) * 4u;
	if (proto == 17 && l4 + 8 <= len)
		return l4 + 8;
	return l4 < len ? l4 : len;
}

/*
 * Host pointer for a data segment's [addr, addr+len) under lkey_be (the
 * key as the segment carries it), or NULL (the WQE's local protection
 * error). A gather needs no right but local read, which every MR grants.
 * The SQ's cache is current for the whole service (emu_sq_service syncs
 * it first), so a hit checks no generation.
 */
static inline __attribute__((always_inline)) const void *
emu_sq_lkey_ptr(const struct emu_adapter *ad, struct emu_sq *sq,
		uint32_t lkey_be, uint64_t addr, uint32_t len)
{
	if (__builtin_expect(emu_mem_cache_hit(&sq->mr, lkey_be, addr, len), 1))
		return (const void *)(uintptr_t)addr;
	return emu_mem_cache_fill(ad, &sq->mr, lkey_be, addr, len, 0);
}

/* Where the WQE goes on after the Ethernet segment's inline headers of
 * inl bytes. PRM: they start at byte 14 of the segment; past the first
 * two bytes they continue 16-byte aligned. */
static inline uint32_t
emu_sq_eseg_end(uint32_t inl)
{
	return 32 + (inl > 2 ? EMU_ALIGN16(inl - 2) : 0);
}

/* Gathers one send WQE into frame[]; returns its length or -syndrome. A
 * WQE inlining fewer header bytes than the SQ's min_wqe_inline_mode
 * requires (a VLAN insertion inlines none) is a WQE error. */
static inline __attribute__((always_inline)) int
emu_sq_build(struct emu_adapter *ad, struct emu_sq *sq,
	     const struct emu_sq_wqe *w, uint8_t *frame, uint32_t max)
{
	const uint8_t *eseg = w->raw + 16;
	uint32_t dw3, inl, off, len = 0;
	bool vlan_insert;
	uint16_t tci = 0;

	if (w->size < 32)
		return -MLX5_CQE_SYNDROME_LOCAL_QP_OP_ERR; /* no Eth segment */
	dw3 = emu_sq_rd32(eseg + 12);
	vlan_insert = (dw3 & MLX5X_ETH_WQE_VLAN_INSERT) != 0;
	if (vlan_insert) {
		tci = dw3 & 0xffff;
		inl = 0;
		off = 32;
	} else {
		inl = dw3 >> 16;
		off = emu_sq_eseg_end(inl);
		if (off > w->size || inl > max)
			return -MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR;
		emu_frame_copy(frame, eseg + 14, inl);
		len = inl;
	}
	while (off + 16 <= w->size) {
		uint32_t bc = emu_sq_rd32(w->raw + off), lkey; /* big endian */
		uint64_t addr;
		const void *src;

		if (bc & MLX5_INLINE_SEG) {
			uint32_t n = bc & ~MLX5_INLINE_SEG;

			if (off + 4 + n > w->size || len + n > max)
				return -MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR;
			emu_frame_copy(frame + len, w->raw + off + 4, n);
			len += n;
			off += EMU_ALIGN16(4 + n);
			continue;
		}
		memcpy(&lkey, w->raw + off + 4, 4);
		memcpy(&addr, w->raw + off + 8, 8);
		addr = be64toh(addr);
		off += 16;
		if (bc == 0)
			bc = EMU_DSEG_ZERO_LEN;
		if (bc > max - len)
			return -MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR;
		src = emu_sq_lkey_ptr(ad, sq, lkey, addr, bc);
		if (src == NULL)
			return -MLX5_CQE_SYNDROME_LOCAL_PROT_ERR;
		emu_frame_copy(frame + len, src, bc);
		len += bc;
	}
	if (len < 14)
		return -MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR;
	if (sq->min_inline_mode != EMU_INLINE_MODE_NONE &&
	    inl < emu_sq_inline_need(sq->min_inline_mode, frame, len)) {
		emu_trace(ad, "sq 0x%x: %u bytes inline, mode %u needs %u",
			  sq->sqn, inl, sq->min_inline_mode,
			  emu_sq_inline_need(sq->min_inline_mode, frame, len));
		return -MLX5_CQE_SYNDROME_LOCAL_QP_OP_ERR;
	}
	if (vlan_insert) {
		if (len + 4 > max)
			return -MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR;
		memmove(frame + 16, frame + 12, len - 12);
		frame[12] = 0x81;
		frame[13] = 0x00;
		frame[14] = tci >> 8;
		frame[15] = tci & 0xff;
		len += 4;
	}
	if (eseg[4] & (MLX5_ETH_WQE_L3_CSUM | MLX5_ETH_WQE_L4_CSUM))
		emu_pkt_fill_csum(frame, len, eseg[4] & MLX5_ETH_WQE_L3_CSUM,
				  eseg[4] & MLX5_ETH_WQE_L4_CSUM);
	return (int)len;
}

/* PRM Ethernet segment dword 2, flow_table_metadata (rdma-core's rsvd2):
 * what the frame carries as metadata reg_a through its function's NIC TX
 * steering. */
static inline uint32_t
emu_sq_eseg_meta(const struct emu_sq_wqe *w)
{
	return w->size < 32 ? 0 : emu_sq_rd32(w->raw + 16 + 8);
}

/*
 * Whether a frame of the manager (fn 0) that passed NIC TX leaves by the
 * wire without asking the E-Switch: switchdev mode with no FDB root (the
 * E-Switch's default path), or legacy mode with no VF whose MAC it could
 * name (emu_eswitch_from_sq).
 */
static inline bool
emu_sq_wire_only(const struct emu_adapter *ad)
{
	if (ad->cfg.esw == EMU_ESW_SWITCHDEV)
		return ad->root[MLX5X_FLOW_TABLE_TYPE_FDB] == 0;
	return ad->cfg.nvfs == 0;
}

/*
 * Whether every frame the SQ sends this service goes straight to the
 * wire: the manager's SQ with no NIC TX rule and a wire-only E-Switch.
 * Rules and modes change only by commands, which no pass overlaps.
 * Tracing takes the general path, which says where each frame went.
 */
static bool
emu_sq_direct(const struct emu_adapter *ad, const struct emu_sq *sq)
{
	return sq->fn == 0 && !ad->trace_on && *sq->kflows_tx == NULL &&
	       *sq->root_tx == 0 && emu_sq_wire_only(ad);
}

/* A frame of the manager's SQ leaving by the wire, counted on the SQ's
 * vport and the uplink: unicast in the tally, group frames at once. */
static inline __attribute__((always_inline)) void
emu_sq_count(struct emu_adapter *ad, struct emu_sq *sq, const uint8_t *frame,
	     uint32_t len, struct emu_sq_tally *t)
{
	if (__builtin_expect(frame[0] & 1, 0)) {
		emu_vport_count(sq->vport, false, frame, len);
		emu_vport_count(&ad->uplink, false, frame, len);
		return;
	}
	t->pkts++;
	t->bytes += len;
	t->up_pkts++;
	t->up_bytes += len;
}

/* One frame leaves the SQ: its function's NIC TX (with reg_a, the WQE's
 * flow_table_metadata), then the E-Switch from that function's vport (a
 * VF's SQ enters it as vport k + 1). Unicast frames of the manager are
 * counted in the tally; everything else at once. */
static inline __attribute__((always_inline)) void
emu_sq_emit(struct emu_adapter *ad, struct emu_sq *sq, const uint8_t *frame,
	    uint32_t len, uint32_t reg_a, struct emu_sq_tally *t)
{
	emu_trace(ad, "sq 0x%x: frame %u bytes reg_a 0x%x", sq->sqn, len,
		  reg_a);
	if (__builtin_expect(!t->direct, 0)) {
		/* NIC TX steering only when the function has egress
		 * rules. */
		if (t->tx_rules &&
		    !emu_steering_tx(ad, sq->fn, &frame, &len, sq->sqn, reg_a))
			return;
		if (sq->fn != 0) {
			emu_eswitch_from_vf(ad, sq->fn - 1, frame, len);
			return;
		}
		if (t->esw) {
			if (__builtin_expect(frame[0] & 1, 0)) {
				emu_vport_count(sq->vport, false, frame, len);
			} else {
				t->pkts++;
				t->bytes += len;
			}
			emu_eswitch_from_sq(ad, sq, frame, len);
			return;
		}
	}
	emu_sq_count(ad, sq, frame, len, t);
	emu_wire_send(ad, frame, len);
}

/* The fast way's end for a direct SQ: the wire. */
static void
emu_sq_wire_way(struct emu_adapter *ad, const struct emu_sq *sq,
		struct emu_sq_way *way)
{
	const bool loop = ad->cfg.wire == EMU_END_LOOP;

	way->q = &ad->wire_out;
	way->loop = loop ? &ad->wire_loop : NULL;
	way->to = &ad->uplink;
	way->rx = false;
	way->out = !loop && ad->cfg.wire != EMU_END_DROP;
	way->plain = sq->min_inline_mode == EMU_INLINE_MODE_NONE && !way->out;
	way->plain_empw = way->plain && ad->cfg.model->enhanced_mpw;
	way->nfc = 0;
}

/*
 * The fast way's end for the manager's SQ that is not direct, from the
 * FDB's walk kept for the SQ (emu_steering_fdb_sq_kept): the wire's when
 * it misses (the default path of the manager's frames) or forwards every
 * frame as it is to the uplink; VF k's when it forwards every frame as it
 * is to vport k + 1, no context is open on VF k's function (its NIC RX
 * would take them: emu_vf_out) and its end keeps frames or loops them
 * (not a TAP). Nothing traced, no NIC TX rule on the function, the flow
 * counters on the way fit. False: every frame goes the general way
 * (emu_sq_emit), which also keeps the walk for the next service when it
 * can. The test hook that keeps an adapter's frames general
 * (mlx5x_emu_rx_fused) keeps these too. A loop VF end with a frame going
 * back in (emu_end_loop_blocks) is left to the general way; outside its
 * own service (emu_vf_loop_service) it has none.
 */
static bool
emu_sq_fdb_plan(struct emu_adapter *ad, const struct emu_sq *sq,
		const struct emu_sq_tally *t, struct emu_sq_way *way)
{
	const struct emu_fte *const *hop;
	unsigned int nhop, i, k, vf;
	uint16_t dst;

	if (sq->fn != 0 || t->tx_rules || !t->esw || ad->trace_on ||
	    ad->rxf.off || ad->cfg.esw != EMU_ESW_SWITCHDEV ||
	    !emu_steering_fdb_sq_kept(ad, sq->sqn, &dst, &hop, &nhop))
		return false;
	if (dst == MLX5X_VPORT_UPLINK) {
		emu_sq_wire_way(ad, sq, way);
	} else {
		vf = dst - 1u;
		if (vf >= ad->cfg.nvfs || ad->vf_nctx[vf] != 0 ||
		    ad->cfg.vf_end == EMU_END_TAP ||
		    (ad->cfg.vf_end == EMU_END_LOOP &&
		     ad->vf_loop[vf].busy != 0))
			return false;
		way->q = &ad->vf_out[vf];
		way->loop = ad->cfg.vf_end == EMU_END_LOOP ? &ad->vf_loop[vf]
							   : NULL;
		way->to = &ad->vf[vf];
		way->rx = true;
		way->out = false;
		way->plain = sq->min_inline_mode == EMU_INLINE_MODE_NONE;
		way->plain_empw = way->plain && ad->cfg.model->enhanced_mpw;
	}
	way->nfc = 0;
	for (i = 0; i < nhop; i++) {
		for (k = 0; k < hop[i]->ncnt; k++) {
			struct emu_fc *fc =
				emu_flow_counter_get(ad, hop[i]->cnt[k]);

			/* One that is not there counts nothing (emu_fte_count). */
			if (fc == NULL)
				continue;
			if (way->nfc == EMU_SQ_WAY_FC)
				return false;
			way->fc[way->nfc++] = fc;
		}
	}
	return true;
}

/* A group frame (multicast, broadcast) of the fast way, counted at once
 * as the general way counts it: on the SQ's vport, the way's, and the
 * flow counters on the way. */
static __attribute__((noinline)) void
emu_sq_way_group(struct emu_sq *sq, const struct emu_sq_way *way,
		 const uint8_t *frame, uint32_t len)
{
	unsigned int i;

	emu_vport_count(sq->vport, false, frame, len);
	emu_vport_count(way->to, way->rx, frame, len);
	for (i = 0; i < way->nfc; i++) {
		way->fc[i]->packets++;
		way->fc[i]->bytes += len;
	}
}

/*
 * A frame of the fast way built in the run's slot f leaves by its end:
 * checksums as the Ethernet segment's flags cs ask, counted as the
 * general way counts it, kept, then the end's own work.
 */
static inline __attribute__((always_inline)) void
emu_sq_slot_send(struct emu_adapter *ad, struct emu_sq *sq,
		 const struct emu_sq_way *way, struct emu_ring_run *r,
		 struct emu_frame *f, uint32_t len, uint8_t cs,
		 struct emu_sq_tally *t)
{
	if (cs & (MLX5_ETH_WQE_L3_CSUM | MLX5_ETH_WQE_L4_CSUM))
		emu_pkt_fill_csum(f->data, len, cs & MLX5_ETH_WQE_L3_CSUM,
				  cs & MLX5_ETH_WQE_L4_CSUM);
	if (__builtin_expect(f->data[0] & 1, 0)) {
		emu_sq_way_group(sq, way, f->data, len);
	} else {
		t->slot_pkts++;
		t->slot_bytes += len;
	}
	emu_ring_run_push(r, f, len);
	/* A loop end's frame waits in its slot: counted, no need to
	 * publish it before the end of the run. */
	if (way->loop != NULL) {
		emu_end_loop_kept_to(way->loop, r->q, r->tail);
	} else if (way->out) {
		emu_ring_run_sync(r);
		emu_wire_end_out(ad, f->data, len);
	}
}

/* The tally's unicast counts into the vports' counters, and the fast
 * way's (way, when it was taken) into its vport's and flow counters. */
static void
emu_sq_tally_put(struct emu_adapter *ad, struct emu_sq *sq,
		 const struct emu_sq_tally *t, const struct emu_sq_way *way)
{
	unsigned int i;

	emu_vport_count_ucast_n(&sq->vport->cnt, false, t->pkts + t->slot_pkts,
				t->bytes + t->slot_bytes);
	emu_vport_count_ucast_n(&ad->uplink.cnt, false, t->up_pkts,
				t->up_bytes);
	if (way == NULL || t->slot_pkts == 0)
		return;
	ad->sq_fast_frames += t->slot_pkts;
	emu_vport_count_ucast_n(&way->to->cnt, way->rx, t->slot_pkts,
				t->slot_bytes);
	for (i = 0; i < way->nfc; i++) {
		way->fc[i]->packets += t->slot_pkts;
		way->fc[i]->bytes += t->slot_bytes;
	}
}

/*
 * PRM LSO: the Ethernet segment's inline header (inline_hdr_sz bytes) is
 * what every segment repeats; the bytes the data segments gather after it
 * are the payload, cut into MSS-sized pieces. The kernel's mlx5e and
 * mlx5_ib and DPDK's mlx5 inline every header byte (a VLAN tag inserted by
 * software into that header), so a WQE that sends some of its headers by
 * pointer gets what the adapter makes of it: a short header repeated, the
 * missing bytes in the first segment's payload only. In each copy the
 * adapter sets IPv4 total length / IPv6 payload length, IPv4
 * identification (+1 per segment) and the TCP sequence number, clears
 * FIN/PSH but on the last segment and CWR but on the first, where those
 * fields lie within the header, then fills the IP and TCP checksums as the
 * Ethernet segment's cs_flags ask (cs), no more: the flags are the
 * checksum offload whether the WQE is LSO or not (the kernel's mlx5_ib
 * posts LSO WQEs with cs_flags only when the sender asks for checksums,
 * IB_SEND_IP_CSUM), so a segment without them leaves with the checksum
 * fields of the headers as posted. A header without an IPv4/IPv6 header
 * whose next protocol is TCP gives the adapter nothing to cut by, nor does
 * a VLAN insertion: its type and tag take the place of inline_hdr_sz and
 * the header's first bytes (PRM Ethernet segment dword 3), so it inlines
 * none. Every segment carries the WQE's metadata (reg_a). Returns 0 or
 * -syndrome.
 */
static int
emu_sq_lso(struct emu_adapter *ad, struct emu_sq *sq,
	   const struct emu_sq_wqe *w, struct emu_sq_tally *t)
{
	uint8_t *frame = ad->scratch->sq_frame, *seg = ad->scratch->sq_seg;
	const uint8_t *eseg = w->raw + 16;
	const uint8_t cs = eseg[4];
	const uint32_t reg_a = emu_sq_eseg_meta(w);
	uint32_t hdr, len, off, seq = 0, n = 0;
	uint16_t mss, ip_id;
	struct emu_pkt p;
	int built;

	if (w->size < 32)
		return -MLX5_CQE_SYNDROME_LOCAL_QP_OP_ERR; /* no Eth segment */
	mss = emu_sq_rd16(eseg + 6);
	hdr = emu_sq_rd32(eseg + 12);
	if (hdr & MLX5X_ETH_WQE_VLAN_INSERT) {
		emu_trace(ad,
			  "sq 0x%x: LSO with VLAN insertion inlines no header",
			  sq->sqn);
		return -MLX5_CQE_SYNDROME_LOCAL_QP_OP_ERR;
	}
	hdr >>= 16;
	built = emu_sq_build(ad, sq, w, frame, sizeof(ad->scratch->sq_frame));
	if (built < 0)
		return built;
	len = (uint32_t)built;
	emu_pkt_parse(&p, frame, hdr, 0, 0, 0);
	if (mss == 0 || p.l3 == 0 || p.l4_proto != 6) {
		emu_trace(ad,
			  "sq 0x%x: LSO header of %u bytes holds no TCP/IP header, mss %u",
			  sq->sqn, hdr, mss);
		return -MLX5_CQE_SYNDROME_LOCAL_QP_OP_ERR;
	}
	if (hdr + mss > sizeof(ad->scratch->sq_seg))
		return -MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR;
	if (p.l4_off + 8 <= hdr)
		seq = emu_sq_rd32(frame + p.l4_off + 4);
	ip_id = emu_sq_rd16(frame + p.l3_off + 4);
	memcpy(seg, frame, hdr);
	for (off = hdr; off < len || (off == hdr && len == hdr); n++) {
		uint32_t pay = len - off < mss ? len - off : mss;
		uint8_t *ip = seg + p.l3_off, *tcp = seg + p.l4_off;
		uint32_t s = seq + (off - hdr);
		bool last = off + pay >= len;

		memcpy(seg + hdr, frame + off, pay);
		if (p.l3 == 4) {
			uint32_t tot = hdr - p.l3_off + pay;
			uint16_t id = ip_id + n;

			ip[2] = tot >> 8;
			ip[3] = tot & 0xff;
			ip[4] = id >> 8;
			ip[5] = id & 0xff;
		} else {
			uint32_t pl = hdr - p.l3_off - 40 + pay;

			ip[4] = pl >> 8;
			ip[5] = pl & 0xff;
		}
		/* Only the fields the repeated header holds. */
		if (p.l4_off + 8 <= hdr) {
			tcp[4] = s >> 24;
			tcp[5] = s >> 16;
			tcp[6] = s >> 8;
			tcp[7] = s;
		}
		if (p.l4_off + 14 <= hdr)
			tcp[13] = frame[p.l4_off + 13] &
				  ~((last ? 0 : 0x09) | (n == 0 ? 0 : 0x80));
		if (cs & (MLX5_ETH_WQE_L3_CSUM | MLX5_ETH_WQE_L4_CSUM))
			emu_pkt_fill_csum(seg, hdr + pay,
					  cs & MLX5_ETH_WQE_L3_CSUM,
					  cs & MLX5_ETH_WQE_L4_CSUM);
		emu_sq_emit(ad, sq, seg, hdr + pay, reg_a, t);
		off += pay;
		if (pay == 0)
			break;
	}
	emu_trace(ad,
		  "sq 0x%x: LSO %u bytes, %u of header, mss %u -> %u segments",
		  sq->sqn, len, hdr, mss, n);
	return 0;
}

/*
 * PRM enhanced MPW (opcode 0x29, opc_mod 0 as the kernel's and DPDK's eMPW
 * post it): after the control and the Ethernet segment, every data
 * segment and every inline data segment (byte_count bit 31 set, its bytes
 * after it, padded to 16) is one packet, each with the shared segment's
 * checksum flags and metadata. The walk sends each packet as it reads it:
 * a bad segment stops the WQE there, the packets before it gone.
 *
 * The one walk has two ends. The fast way's (emu_sq_fast: r set, in the
 * ring of way's end) builds each packet in the ring's next slot; a packet
 * no slot takes, and every packet of the general way (r NULL), goes
 * through emu_sq_emit (NIC TX, E-Switch, counters). Returns packets or
 * -syndrome.
 */
static inline __attribute__((always_inline)) int
emu_sq_empw(struct emu_adapter *ad, struct emu_sq *sq,
	    const struct emu_sq_wqe *w, const struct emu_sq_way *way,
	    struct emu_ring_run *r, struct emu_sq_tally *t)
{
	uint8_t *frame = ad->scratch->sq_frame;
	const uint32_t max = sizeof(ad->scratch->sq_frame);
	const uint8_t cs =
		w->raw[16 + 4] & (MLX5_ETH_WQE_L3_CSUM | MLX5_ETH_WQE_L4_CSUM);
	uint32_t off = 32, reg_a;
	int n = 0;

	if (!ad->cfg.model->enhanced_mpw || EMU_SQ_WQE_OPMOD(w) != 0)
		return -MLX5_CQE_SYNDROME_LOCAL_QP_OP_ERR;
	/* PRM: packets of an eMPW WQE come whole from its data segments; the
	 * shared Ethernet segment inlines no header and inserts no VLAN (the
	 * kernel and DPDK keep such packets out of eMPW sessions). */
	if (w->size < 32 || emu_sq_rd32(w->raw + 16 + 12) != 0)
		return -MLX5_CQE_SYNDROME_LOCAL_QP_OP_ERR;
	reg_a = emu_sq_eseg_meta(w);
	while (off + 16 <= w->size) {
		uint32_t bc = emu_sq_rd32(w->raw + off), len;
		const uint8_t *src;

		if (bc & MLX5_INLINE_SEG) {
			len = bc & ~MLX5_INLINE_SEG;
			if (off + 4 + len > w->size || len > max)
				return -MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR;
			src = w->raw + off + 4;
			off += EMU_ALIGN16(4 + len);
		} else {
			uint64_t addr;
			uint32_t lkey_be;

			memcpy(&lkey_be, w->raw + off + 4, 4);
			memcpy(&addr, w->raw + off + 8, 8);
			len = bc != 0 ? bc : EMU_DSEG_ZERO_LEN;
			if (len > max)
				return -MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR;
			src = emu_sq_lkey_ptr(ad, sq, lkey_be, be64toh(addr),
					      len);
			off += 16;
			if (src == NULL)
				return -MLX5_CQE_SYNDROME_LOCAL_PROT_ERR;
			/* A packet by pointer inlines nothing: only an SQ
			 * that requires no inline headers takes it. */
			if (sq->min_inline_mode != EMU_INLINE_MODE_NONE)
				return -MLX5_CQE_SYNDROME_LOCAL_QP_OP_ERR;
		}
		if (len < 14)
			return -MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR;
		n++;
		if (r != NULL) {
			struct emu_frame *f = emu_ring_run_slot(r);

			if (__builtin_expect(f != NULL && f->cap >= len, 1)) {
				emu_frame_copy(f->data, src, len);
				emu_sq_slot_send(ad, sq, way, r, f, len, cs, t);
				continue;
			}
			emu_ring_run_sync(r);
		}
		/* Only a checksum written into the frame needs it copied out
		 * of the WQE or the application's buffer. */
		if (cs != 0) {
			emu_frame_copy(frame, src, len);
			emu_pkt_fill_csum(frame, len, cs & MLX5_ETH_WQE_L3_CSUM,
					  cs & MLX5_ETH_WQE_L4_CSUM);
			src = frame;
		}
		emu_sq_emit(ad, sq, src, len, reg_a, t);
		if (r != NULL)
			emu_ring_run_open(r, r->q);
	}
	return n;
}

/* The general way's eMPW, out of the SEND loop it would crowd. */
static __attribute__((noinline)) int
emu_sq_empw_general(struct emu_adapter *ad, struct emu_sq *sq,
		    const struct emu_sq_wqe *w, struct emu_sq_tally *t)
{
	return emu_sq_empw(ad, sq, w, NULL, NULL, t);
}

/*
 * The shape nearly every SEND WQE has, gathered into frame (cap bytes):
 * control segment, Ethernet segment with its inline headers and no VLAN
 * to insert, then one pointer data segment in the SQ's last MR. Returns
 * the frame's length, or 0 for a WQE of another shape or one whose
 * outcome is not plainly a frame (another MR, a frame over cap, the
 * inline headers short of the SQ's mode), which is left for emu_sq_build
 * to do and to say exactly what went wrong. Checksums are the caller's.
 */
static inline __attribute__((always_inline)) uint32_t
emu_sq_plain_build(const struct emu_sq *sq, const struct emu_sq_wqe *w,
		   uint8_t *frame, uint32_t cap)
{
	const uint8_t *raw = w->raw;
	uint32_t dw3 = emu_sq_rd32(raw + 28), inl = dw3 >> 16;
	/* The data segment follows the inline headers and ends the WQE. */
	uint32_t off = emu_sq_eseg_end(inl), bc, len, lkey_be;
	uint64_t addr;

	if ((dw3 & MLX5X_ETH_WQE_VLAN_INSERT) != 0 || w->size != off + 16)
		return 0;
	bc = emu_sq_rd32(raw + off);
	memcpy(&lkey_be, raw + off + 4, 4);
	memcpy(&addr, raw + off + 8, 8);
	addr = be64toh(addr);
	len = inl + bc;
	if ((bc & MLX5_INLINE_SEG) != 0 || bc == 0 || cap < len || len < 14 ||
	    !emu_mem_cache_hit(&sq->mr, lkey_be, addr, bc))
		return 0;
	emu_frame_copy(frame, raw + 30, inl);
	emu_frame_copy(frame + inl, (const uint8_t *)(uintptr_t)addr, bc);
	if (sq->min_inline_mode != EMU_INLINE_MODE_NONE &&
	    inl < emu_sq_inline_need(sq->min_inline_mode, frame, len))
		return 0;
	return len;
}

/* One WQE's work by opcode: packets sent, or -syndrome. SEND first: it is
 * what nearly every WQE is. */
static inline __attribute__((always_inline)) int
emu_sq_run(struct emu_adapter *ad, struct emu_sq *sq,
	   const struct emu_sq_wqe *w, struct emu_sq_tally *t)
{
	uint8_t *frame = ad->scratch->sq_frame;
	const uint32_t frame_sz = sizeof(ad->scratch->sq_frame);
	int len;

	if (__builtin_expect(EMU_SQ_WQE_OPCODE(w) == MLX5_OPCODE_SEND, 1)) {
		uint8_t *slot;
		uint32_t cap;

		/* Straight to the wire: gathered into the wire ring's next
		 * slot, no copy after. A slot too small for the frame is a
		 * length error of its own: then the general way. */
		if (t->direct &&
		    (slot = emu_ring_reserve(&ad->wire_out, &cap)) != NULL) {
			len = emu_sq_build(ad, sq, w, slot, cap);
			if (len > 0) {
				emu_sq_count(ad, sq, slot, len, t);
				emu_wire_send_built(ad, slot, len);
				return len;
			}
			if (len != -MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR ||
			    cap >= frame_sz)
				return len;
		}
		/* Frames through the E-Switch or NIC TX: most in the plain
		 * shape, the rest the general way. */
		len = (int)emu_sq_plain_build(sq, w, frame, frame_sz);
		if (len == 0)
			len = emu_sq_build(ad, sq, w, frame, frame_sz);
		else if (w->raw[16 + 4] &
			 (MLX5_ETH_WQE_L3_CSUM | MLX5_ETH_WQE_L4_CSUM))
			emu_pkt_fill_csum(frame, len,
					  w->raw[16 + 4] & MLX5_ETH_WQE_L3_CSUM,
					  w->raw[16 + 4] &
						  MLX5_ETH_WQE_L4_CSUM);
		if (len > 0)
			emu_sq_emit(ad, sq, frame, len, emu_sq_eseg_meta(w), t);
		return len;
	}
	switch (EMU_SQ_WQE_OPCODE(w)) {
	case MLX5_OPCODE_NOP:
		return 0;
	case MLX5_OPCODE_TSO:
		return emu_sq_lso(ad, sq, w, t);
	case EMU_OPCODE_ENHANCED_MPSW:
		/* A fast way's come here only when malformed: emu_sq_fast
		 * takes the others. */
		return emu_sq_empw_general(ad, sq, w, t);
	default:
		return -MLX5_CQE_SYNDROME_LOCAL_QP_OP_ERR;
	}
}

/* A WQE that succeeded: a CQE only if its completion mode writes one
 * (EMU_SQ_CE_CQE). */
static inline __attribute__((always_inline)) void
emu_sq_complete(struct emu_sq *sq, uint8_t fm_ce_se, uint16_t wqe_index)
{
	struct mlx5_cqe64 *cqe;

	if ((fm_ce_se & EMU_SQ_CE_CQE) == 0)
		return;
	cqe = emu_cq_next_inl(sq->cq);
	if (cqe != NULL) {
		cqe->wqe_counter = htobe16(wqe_index);
		cqe->sop_drop_qpn = htobe32(sq->sqn);
		emu_cq_commit_inl(sq->cq, cqe, MLX5_CQE_REQ);
	}
}

/* A WQE completed in error: the SQ's counter past it, the error CQE with
 * the syndrome, the SQ to ERR. */
static void
emu_sq_wqe_error(struct emu_adapter *ad, struct emu_sq *sq, uint32_t ci,
		 uint16_t wqe_index, uint8_t syndrome)
{
	sq->wq.ci = ci;
	emu_sq_fail(ad, sq, wqe_index, syndrome,
		    syndrome == MLX5_CQE_SYNDROME_LOCAL_PROT_ERR
			    ? "lkey or address outside its MR"
			    : "malformed WQE");
}

/* emu_sq_plain_build straight into the run's next slot of the fast way,
 * then to its end. False: nothing done (no slot, or not that shape). */
static inline __attribute__((always_inline)) bool
emu_sq_fast_send(struct emu_adapter *ad, struct emu_sq *sq,
		 const struct emu_sq_wqe *w, const struct emu_sq_way *way,
		 struct emu_ring_run *r, struct emu_sq_tally *t)
{
	struct emu_frame *f = emu_ring_run_slot(r);
	uint32_t len;

	if (f == NULL ||
	    (len = emu_sq_plain_build(sq, w, f->data, f->cap)) == 0)
		return false;
	emu_sq_slot_send(ad, sq, way, r, f, len, w->raw[16 + 4], t);
	return true;
}

/*
 * The plainest SENDs of the fast way in a loop that calls nothing, so that
 * its locals stay in registers: one WQEBB-aligned SEND that asks for no
 * CQE and no checksum, inline headers then one pointer data segment in the
 * SQ's last MR, a unicast frame, built in the run's next slot while the
 * window (emu_ring_run_slot) has room for it without an event. The caller
 * has checked what holds for the whole run (emu_sq_way's plain: an SQ
 * that requires no inline headers, an end that only keeps frames or loops
 * them back in). Stops untouched at the first WQE of any
 * other kind, for emu_sq_fast_send and the rest of emu_sq_fast. Returns
 * the frames sent, each its WQE, also added to *pkts; their bytes to
 * *bytes.
 */
static __attribute__((noinline)) unsigned int
emu_sq_fast_sends(const struct emu_sq *sq, uint32_t *cip, uint16_t pi,
		  unsigned int left, struct emu_ring_run *rp, uint32_t *pkts,
		  uint64_t *bytes)
{
	const uint8_t *buf = sq->wq.buf;
	const uint32_t nbb_ring = 1u << sq->wq.log_sz;
	struct emu_frame *const *slot = rp->q->slot;
	const uint32_t mask = rp->mask;
	uint32_t ci = *cip, tail = rp->tail;
	uint32_t n = rp->lim - tail;
	unsigned int done = 0;
	uint64_t b = 0;

	if (left < n)
		n = left;
	while (done < n && (uint16_t)ci != pi) {
		const uint32_t idx = ci & (nbb_ring - 1);
		const uint8_t *raw = buf + (size_t)idx * 64;
		const uint32_t size = (raw[7] & 0x3fu) * 16;
		uint32_t dw3, inl, off, bc, len, lkey_be;
		const uint8_t *src;
		struct emu_frame *f;
		uint64_t addr;

		/* PRM ctrl byte 3: opcode; byte 11: fm_ce_se (only a CQE on
		 * success matters here: fence and solicited mean nothing to
		 * one SQ's Ethernet sends); Ethernet segment byte 4:
		 * checksum flags. */
		if (raw[3] != MLX5_OPCODE_SEND ||
		    (raw[11] & EMU_SQ_CE_CQE) != 0 ||
		    (raw[16 + 4] &
		     (MLX5_ETH_WQE_L3_CSUM | MLX5_ETH_WQE_L4_CSUM)) != 0 ||
		    size == 0 || (nbb_ring - idx) * 64 < size)
			break;
		dw3 = emu_sq_rd32(raw + 28);
		inl = dw3 >> 16;
		off = emu_sq_eseg_end(inl);
		if ((dw3 & MLX5X_ETH_WQE_VLAN_INSERT) != 0 || size != off + 16)
			break;
		bc = emu_sq_rd32(raw + off);
		memcpy(&lkey_be, raw + off + 4, 4);
		memcpy(&addr, raw + off + 8, 8);
		addr = be64toh(addr);
		src = (const uint8_t *)(uintptr_t)addr;
		len = inl + bc;
		f = slot[tail & mask];
		if ((bc & MLX5_INLINE_SEG) != 0 || bc == 0 || f == NULL ||
		    f->cap < len || len < 14 ||
		    !emu_mem_cache_hit(&sq->mr, lkey_be, addr, bc) ||
		    ((inl != 0 ? raw[30] : src[0]) & 1) != 0)
			break;
		emu_frame_copy(f->data, raw + 30, inl);
		emu_frame_copy(f->data + inl, src, bc);
		f->len = len;
		tail++;
		b += len;
		ci += (size + 63) / 64;
		done++;
	}
	rp->tail = tail;
	*cip = ci;
	*pkts += done;
	*bytes += b;
	return done;
}

/*
 * The packets of one plain eMPW WQE (emu_sq_fast_empws), its data
 * segments [seg, last), each inline or by pointer under the SQ's last MR
 * (mrp), unicast, built in the ring's slots (slot[i & mask]) from *tail
 * on, which the caller knows are within the window. False at the first
 * packet of any other kind, *tail and *b untouched (no slot published:
 * the WQE is left whole for emu_sq_empw); else *tail past the packets,
 * their bytes added to *b. Inline: a call a WQE costs a session of a dozen inline packets
 * more than the registers it would free for the packets' loop
 * (emu_bench, eMPW inline and by pointer).
 */
static inline __attribute__((always_inline)) bool
emu_sq_empw_build(const uint8_t *seg, const uint8_t *last,
		  const struct emu_mr_cache *mrp, struct emu_frame *const *slot,
		  uint32_t mask, uint32_t *tailp, uint64_t *bp)
{
	/* In a local: a frame copy writes through a byte pointer, which may
	 * alias the cache, so it would be read again for every segment. */
	const struct emu_mr_cache mr = *mrp;
	uint32_t tail = *tailp;
	uint64_t b = 0;

	while (seg + 16 <= last) {
		uint32_t bc = emu_sq_rd32(seg), len;
		const uint8_t *src;
		struct emu_frame *f;

		if (bc & MLX5_INLINE_SEG) {
			len = bc & ~MLX5_INLINE_SEG;
			/* Its bytes within the WQE's ds. */
			if ((uintptr_t)(seg + 4) + len > (uintptr_t)last)
				return false;
			src = seg + 4;
			seg += EMU_ALIGN16(4 + len);
		} else {
			uint32_t lkey_be;
			uint64_t addr;

			memcpy(&lkey_be, seg + 4, 4);
			memcpy(&addr, seg + 8, 8);
			addr = be64toh(addr);
			len = bc;
			if (!emu_mem_cache_hit(&mr, lkey_be, addr, len))
				return false;
			src = (const uint8_t *)(uintptr_t)addr;
			seg += 16;
		}
		/* 14 to EMU_FRAME_MAX bytes, in one compare. */
		if (len - 14u > EMU_FRAME_MAX - 14u || (src[0] & 1) != 0)
			return false;
		f = slot[tail & mask];
		if (f == NULL || f->cap < len)
			return false;
		emu_frame_copy(f->data, src, len);
		f->len = len;
		tail++;
		b += len;
	}
	*tailp = tail;
	*bp += b;
	return true;
}

/*
 * emu_sq_fast_sends' counterpart for enhanced MPW: a run of the plainest
 * eMPW WQEs (opc_mod 0, WQEBB-aligned, not wrapping, no inline headers,
 * VLAN or checksum in the shared Ethernet segment) of the fast way
 * (emu_sq_way's plain_empw), each packet inline or by pointer in the SQ's
 * last MR, unicast, built in the run's next slot. What holds for the
 * whole WQE is checked once, before its first packet: its control and
 * Ethernet segments, and that the window (emu_ring_run_slot) has a slot
 * for every packet it may hold, so a packet needs no more than its data
 * segment, its length, its slot and its copy. A WQE that holds anything
 * else, or more packets than the window has slots, is left untouched,
 * its slots taken back (none was published), for emu_sq_empw to do
 * packet by packet and report. The run ends after a WQE that asks for a
 * CQE: *ce then points at its control segment, else NULL. Returns the
 * WQEs done; their packets and bytes in *pkts and *bytes.
 */
static __attribute__((noinline)) unsigned int
emu_sq_fast_empws(const struct emu_sq *sq, uint32_t *cip, uint16_t pi,
		  unsigned int left, struct emu_ring_run *rp, uint32_t *pkts,
		  uint64_t *bytes, const uint8_t **ce)
{
	const uint8_t *buf = sq->wq.buf;
	const uint32_t nbb_ring = 1u << sq->wq.log_sz;
	struct emu_frame *const *slot = rp->q->slot;
	const uint32_t mask = rp->mask;
	uint32_t ci = *cip, tail = rp->tail;
	const uint32_t end = rp->lim;
	unsigned int done = 0;
	uint64_t b = 0;

	*ce = NULL;
	while (done < left && (uint16_t)ci != pi) {
		const uint32_t idx = ci & (nbb_ring - 1);
		const uint8_t *raw = buf + (size_t)idx * 64;
		const uint32_t size = (raw[7] & 0x3fu) * 16;
		const uint8_t *seg = raw + 32, *const last = raw + size;

		/* PRM ctrl byte 0: opc_mod, byte 3: opcode; Ethernet segment
		 * byte 4: checksum flags, dword 3: inline headers and VLAN.
		 * A data segment takes 16 bytes at least: the WQE holds
		 * (size - 32) / 16 packets at most. */
		if (raw[3] != EMU_OPCODE_ENHANCED_MPSW || raw[0] != 0 ||
		    size < 32 || (nbb_ring - idx) * 64 < size ||
		    (raw[16 + 4] &
		     (MLX5_ETH_WQE_L3_CSUM | MLX5_ETH_WQE_L4_CSUM)) != 0 ||
		    emu_sq_rd32(raw + 28) != 0 || end - tail < (size - 32) / 16)
			break;
		if (!emu_sq_empw_build(seg, last, &sq->mr, slot, mask, &tail,
				       &b))
			break;
		ci += (size + 63) / 64;
		done++;
		if ((raw[11] & EMU_SQ_CE_CQE) != 0) {
			*ce = raw;
			break;
		}
	}
	*pkts += tail - rp->tail;
	rp->tail = tail;
	*cip = ci;
	*bytes += b;
	return done;
}

/*
 * The WQEs of an SQ of the fast way built straight into the slots of the
 * ring of way's end (the wire's, a VF's), published in one store, before
 * each CQE (software that sees the CQE finds the frames at the end) and at
 * the end: plain SENDs
 * (emu_sq_fast_send) and enhanced MPW WQEs (emu_sq_empw, which also
 * reports their errors: the packets before a bad segment are gone). Any
 * other WQE stops the run untouched for the general way. Returns the
 * WQEs done, *cip moved over them (and over an eMPW WQE in error, the SQ
 * then in ERR).
 */
static unsigned int
emu_sq_fast(struct emu_adapter *ad, struct emu_sq *sq,
	    const struct emu_sq_way *way, uint32_t *cip, uint16_t pi,
	    unsigned int budget, struct emu_sq_tally *t)
{
	uint8_t *lin = ad->scratch->sq_lin;
	const uint8_t *buf = sq->wq.buf;
	const uint32_t nbb_ring = 1u << sq->wq.log_sz;
	/* In locals while the run lasts: nothing else reads it. */
	struct emu_sq_tally lt = *t;
	struct emu_ring_run r;
	uint32_t ci = *cip;
	unsigned int done = 0;
	/* A loop end's frames are counted after each run
	 * (emu_end_loop_kept_to). */
	struct emu_end_loop *const loop = way->loop;
	const bool plain = way->plain, plain_empw = way->plain_empw;

	emu_ring_run_open(&r, way->q);
	while ((uint16_t)ci != pi && done < budget) {
		struct emu_sq_wqe w;

		if (!emu_sq_wqe_read(buf, nbb_ring, ci, lin, &w))
			break;
		if ((plain && EMU_SQ_WQE_OPCODE(&w) == MLX5_OPCODE_SEND) ||
		    (plain_empw &&
		     EMU_SQ_WQE_OPCODE(&w) == EMU_OPCODE_ENHANCED_MPSW)) {
			/* Copies: what the call may write must not keep the
			 * walk's locals in memory. */
			struct emu_ring_run rc = r;
			uint32_t cc = ci, pkts = 0;
			uint64_t bytes = 0;
			const uint8_t *ce = NULL;
			unsigned int k =
				EMU_SQ_WQE_OPCODE(&w) == MLX5_OPCODE_SEND
					? emu_sq_fast_sends(sq, &cc, pi,
							    budget - done, &rc,
							    &pkts, &bytes)
					: emu_sq_fast_empws(sq, &cc, pi,
							    budget - done, &rc,
							    &pkts, &bytes, &ce);

			if (k != 0) {
				r.tail = rc.tail;
				if (loop != NULL)
					emu_end_loop_kept_to(loop, r.q, r.tail);
				ci = cc;
				lt.slot_pkts += pkts;
				lt.slot_bytes += bytes;
				done += k;
				if (ce != NULL) {
					emu_ring_run_sync(&r);
					emu_sq_complete(sq, ce[11],
							emu_sq_rd16(ce + 1));
				}
				continue;
			}
		}
		if (EMU_SQ_WQE_OPCODE(&w) == MLX5_OPCODE_SEND) {
			if (!emu_sq_fast_send(ad, sq, &w, way, &r, &lt))
				break;
		} else if (EMU_SQ_WQE_OPCODE(&w) == EMU_OPCODE_ENHANCED_MPSW) {
			int n = emu_sq_empw(ad, sq, &w, way, &r, &lt);

			if (__builtin_expect(n < 0, 0)) {
				emu_ring_run_sync(&r);
				ci += EMU_SQ_WQE_NBB(&w);
				emu_sq_wqe_error(ad, sq, ci,
						 EMU_SQ_WQE_INDEX(&w), -n);
				break;
			}
		} else {
			break;
		}
		ci += EMU_SQ_WQE_NBB(&w);
		done++;
		if ((EMU_SQ_WQE_FM_CE_SE(&w) & EMU_SQ_CE_CQE) != 0) {
			emu_ring_run_sync(&r);
			emu_sq_complete(sq, EMU_SQ_WQE_FM_CE_SE(&w),
					EMU_SQ_WQE_INDEX(&w));
		}
	}
	emu_ring_run_sync(&r);
	*t = lt;
	*cip = ci;
	return done;
}

/* The producer counter software last wrote in the SQ's doorbell record. */
static inline __attribute__((always_inline)) uint16_t
emu_sq_posted(const struct emu_sq *sq)
{
	return be32toh(sq->wq.dbrec[MLX5X_SND_DBR]) & 0xffff;
}

/* Runs the WQEs software posted on one SQ up to pi, its doorbell
 * record's counter read once by the caller (what software posts
 * meanwhile is the next pass's): up to 256 WQEs. */
static __attribute__((noinline)) unsigned int
emu_sq_serve(struct emu_adapter *ad, struct emu_sq *sq, const uint16_t pi)
{
	uint8_t *lin = ad->scratch->sq_lin;
	const uint8_t *buf = sq->wq.buf;
	const uint32_t nbb_ring = 1u << sq->wq.log_sz;
	struct emu_sq_tally t;
	struct emu_sq_way way;
	uint32_t ci = sq->wq.ci;
	unsigned int done = 0;

	if (__builtin_expect(sq->state != MLX5X_QUEUE_STATE_RDY, 0))
		return emu_sq_flush(ad, sq);
	/* Nothing posted (most passes of a polling engine): nothing to
	 * work out for the walk, nothing to count. */
	if ((uint16_t)ci == pi)
		return 0;
	t = (struct emu_sq_tally){
		.direct = emu_sq_direct(ad, sq),
		.tx_rules = *sq->kflows_tx != NULL || *sq->root_tx != 0,
		.esw = !emu_sq_wire_only(ad),
	};
	if (t.direct) {
		emu_sq_wire_way(ad, sq, &way);
		t.fast = true;
	} else {
		t.fast = emu_sq_fdb_plan(ad, sq, &t, &way);
	}
	emu_mem_cache_sync(ad, &sq->mr);

	while ((uint16_t)ci != pi && done < 256) {
		struct emu_sq_wqe w;
		int len;

		/* The common WQEs in place; the general way from the first
		 * the fast path leaves, for that one. */
		if (t.fast) {
			done += emu_sq_fast(ad, sq, &way, &ci, pi, 256 - done,
					    &t);
			if ((uint16_t)ci == pi || done == 256 ||
			    sq->state != MLX5X_QUEUE_STATE_RDY)
				break;
		}
		if (ad->trace_on)
			emu_trace_reset(ad);
		if (!emu_sq_wqe_read(buf, nbb_ring, ci, lin, &w)) {
			emu_sq_fail(ad, sq, EMU_SQ_WQE_INDEX(&w),
				    MLX5_CQE_SYNDROME_LOCAL_QP_OP_ERR,
				    "ds is 0 or larger than the ring");
			break;
		}
		len = emu_sq_run(ad, sq, &w, &t);
		ci += EMU_SQ_WQE_NBB(&w);
		if (len < 0) {
			emu_sq_wqe_error(ad, sq, ci, EMU_SQ_WQE_INDEX(&w),
					 -len);
			break;
		}
		done++;
		emu_sq_complete(sq, EMU_SQ_WQE_FM_CE_SE(&w),
				EMU_SQ_WQE_INDEX(&w));
	}
	sq->wq.ci = ci;
	emu_sq_tally_put(ad, sq, &t, t.fast ? &way : NULL);
	if (__builtin_expect(sq->state != MLX5X_QUEUE_STATE_RDY, 0))
		emu_sq_flush(ad, sq);
	return done;
}

unsigned int
emu_sq_service(struct emu_adapter *ad, struct emu_sq *sq)
{
	return emu_sq_serve(ad, sq, emu_sq_posted(sq));
}

unsigned int
emu_sq_service_all(struct emu_adapter *ad)
{
	struct emu_sq *sq, *next;
	unsigned int n = 0;
	uint16_t pi;

	/* A WQE error takes its SQ off the list: step on first. */
	for (sq = ad->sq_ready; sq != NULL; sq = next) {
		next = sq->ready_next;
		/* Nothing posted since the last service, in RDY or in ERR
		 * (nothing to flush): most SQs of most passes of a polling
		 * engine, told here without the cost of a call that sets up
		 * a walk. */
		pi = emu_sq_posted(sq);
		if ((uint16_t)sq->wq.ci == pi)
			continue;
		n += emu_sq_serve(ad, sq, pi);
	}
	return n;
}
