/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Receive queues: CREATE/MODIFY/QUERY/DESTROY_RQ and the last step of the
 * Rx path: take the next posted WQE (cyclic RQ: a scatter list of data
 * segments; striding RQ: one buffer of 2^n strides that successive frames
 * fill), DMA the frame into it and complete with a 64-byte responder CQE
 * carrying length, header types, checksum flags, RSS hash and type, flow
 * tag and a stripped VLAN.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_pkt.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_cmd.h"

#include <stdlib.h>
#include <string.h>

#include "mlx5x_emu_cq.h"
#include "mlx5x_emu_rq.h"
#include "mlx5x_emu_vport_count.h"
#include "mlx5x_emu_wq.h"

/* Every TIR and RQT entry of rq's function naming rqn names rq now. A
 * new RQ is held by each of them (users), as one they were created on:
 * DESTROY_RQ refuses it while they live, and their destroy gives back
 * exactly that hold. Another function's tables name another namespace's
 * rqn (emu_rq_of_fn). NULL: the RQ is going with its context, and the
 * holds with it. */
void
emu_rq_refs_set(struct emu_adapter *ad, uint32_t rqn, struct emu_rq *rq)
{
	uint16_t fn = rq != NULL ? emu_rq_fn(rq) : 0;
	uint32_t i, k;

	for (i = 0; i < ad->tirs.cap; i++) {
		struct emu_tir *t = ad->tirs.slot[i];

		if (t != NULL && t->disp_type == MLX5X_TIRC_DISP_TYPE_DIRECT &&
		    t->inline_rqn == rqn && (rq == NULL || t->fn == fn)) {
			t->rq = rq;
			if (rq != NULL)
				rq->users++;
		}
	}
	for (i = 0; i < ad->rqts.cap; i++) {
		struct emu_rqt *rqt = ad->rqts.slot[i];

		if (rqt != NULL && rq != NULL && rqt->fn != fn)
			continue;
		for (k = 0; rqt != NULL && k < rqt->size; k++)
			if (rqt->ent[k].rqn == rqn) {
				rqt->ent[k].rq = rq;
				if (rq != NULL)
					rq->users++;
			}
	}
}

void
emu_rq_unlink(struct emu_adapter *ad, struct emu_rq *rq)
{
	/* TIRs and RQTs hold their RQs: only a closing context frees one
	 * they name, and from then on a number may be named by what does
	 * not hold it. */
	if (rq->users != 0)
		ad->rq_orphans = true;
	if (ad->rq_orphans)
		emu_rq_refs_set(ad, rq->rqn, NULL);
}

static int
emu_rq_create(struct emu_ctx *ctx, const void *in, void *out,
	      uint32_t *syndrome, struct emu_cmd_result *res)
{
	struct emu_adapter *ad = ctx->ad;
	const void *c = MLX5X_ADDR_OF(create_rq_in, in, ctx);
	struct emu_rq *rq;
	struct emu_cq *cq;
	int status;

	if (MLX5X_GET(rqc, c, state) != MLX5X_QUEUE_STATE_RST) {
		*syndrome = 0x6d0e01;
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if (MLX5X_GET(rqc, c, mem_rq_type) != MLX5X_RQC_MEM_RQ_TYPE_INLINE) {
		*syndrome = 0x6d0e02; /* RMP not modelled */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	cq = emu_objtab_get(&ad->cqs, MLX5X_GET(rqc, c, cqn));
	if (cq == NULL) {
		*syndrome = 0x6d0e03;
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	rq = calloc(1, sizeof(*rq));
	if (rq == NULL)
		return MLX5X_CMD_STAT_NO_RES_ERR;
	/* PRM: receive WQEs are at least one 16-byte data segment. */
	status = emu_wq_parse(ad, MLX5X_ADDR_OF(rqc, c, wq), &rq->wq, 4,
			      syndrome);
	if (status != MLX5X_CMD_STAT_OK)
		goto err_free;
	if (rq->wq.wq_type == MLX5X_WQ_TYPE_CYCLIC_STRIDING_RQ) {
		const void *wq = MLX5X_ADDR_OF(rqc, c, wq);
		int lsn =
			emu_strd_log_num(ad->cfg.model,
					 MLX5X_GET(wq, wq,
						   single_wqe_log_num_of_strides));
		uint32_t lss =
			MLX5X_GET(wq, wq, single_stride_log_num_of_bytes);

		/* PRM: 2^lsn strides of 64 << m bytes; needs the cap and a
		 * WQE holding a next segment and a data segment. */
		if (!ad->cfg.model->striding_rq || lsn < 0 ||
		    rq->wq.log_stride < 5) {
			*syndrome = 0x6d0e05;
			status = MLX5X_CMD_STAT_BAD_PARAM_ERR;
			goto err_free;
		}
		rq->strd_num = 1u << lsn;
		rq->strd_sz = 64u << lss;
	} else if (rq->wq.wq_type != MLX5X_WQ_TYPE_CYCLIC) {
		*syndrome = 0x6d0e04; /* linked-list RQs not modelled */
		status = MLX5X_CMD_STAT_BAD_PARAM_ERR;
		goto err_free;
	}
	rq->rqn = emu_objtab_add(&ad->rqs, rq);
	if (rq->rqn == 0) {
		status = MLX5X_CMD_STAT_NO_RES_ERR;
		goto err_free;
	}
	rq->ctx = ctx;
	rq->state = MLX5X_QUEUE_STATE_RST;
	rq->cq = cq;
	cq->users++;
	rq->user_index = MLX5X_GET(rqc, c, user_index);
	/* PRM: vsd = VLAN strip disable. */
	rq->vlan_strip = !MLX5X_GET(rqc, c, vsd);
	rq->scatter_fcs = MLX5X_GET(rqc, c, scatter_fcs);
	rq->flush_en = MLX5X_GET(rqc, c, flush_in_error_en);
	rq->vport = emu_fn_vport(ad, ctx->fn);
	rq->plain = rq->strd_num == 0;
	rq->wqe_mask = (1u << rq->wq.log_sz) - 1;
	/* PRM responder CQE: the RQ's user index; the rest is per frame or
	 * zero. */
	rq->cqe_tmpl.srqn_uidx = htobe32(rq->user_index & 0xffffff);
	/* A TIR or RQT that outlived the RQ of this number names this one
	 * now, as a lookup by number would. */
	if (ad->rq_orphans)
		emu_rq_refs_set(ad, rq->rqn, rq);
	MLX5X_SET(create_rq_out, out, rqn, rq->rqn);
	res->destroy_opcode = MLX5X_CMD_OP_DESTROY_RQ;
	res->id = rq->rqn;
	return MLX5X_CMD_STAT_OK;
err_free:
	free(rq);
	return status;
}

/*
 * PRM: an RQ in ERR whose context has flush_in_error_en completes every
 * WQE still posted (from its counter up to the doorbell record's), one
 * responder error CQE of syndrome WR_FLUSH_ERR (0x5) each, in order, no
 * frame in them, wqe_counter the WQE's index (as emu_rq_fail's error CQE;
 * a striding RQ's WQE partly used is flushed whole). Without the bit they stay posted, completing nothing. The
 * kernel's mlx5 sets the bit on every RQ it makes (mlx5e, Verbs WQs and
 * raw packet QPs). WQEs posted while the RQ stays in ERR are not flushed
 * until the next transition into ERR.
 */
static void
emu_rq_flush(struct emu_adapter *ad, struct emu_rq *rq)
{
	const uint32_t size = 1u << rq->wq.log_sz;
	const uint16_t pi = be32toh(rq->wq.dbrec[MLX5X_RCV_DBR]) & 0xffff;
	uint32_t n = 0;

	if (!rq->flush_en || rq->state != MLX5X_QUEUE_STATE_ERR)
		return;
	/* Software posts at most the ring: a record further on is bogus. */
	while ((uint16_t)rq->wq.ci != pi && n < size) {
		emu_cq_err(rq->cq, MLX5_CQE_RESP_ERR,
			   MLX5_CQE_SYNDROME_WR_FLUSH_ERR, rq->wq.ci & 0xffff,
			   rq->rqn);
		rq->wq.ci++;
		n++;
	}
	rq->posted = (uint16_t)rq->wq.ci;
	rq->strd_used = 0;
	rq->flushed += n;
	if (n != 0)
		emu_trace(ad, "rq 0x%x: %u WQEs flushed (WR_FLUSH_ERR)",
			  rq->rqn, n);
}

/* PRM: modify_bitmask bit 1 = VSD. */
#define EMU_RQ_MODIFY_VSD (1u << 1)

int
emu_rq_cmd(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
	   size_t outlen, uint32_t *syndrome, struct emu_cmd_result *res)
{
	uint16_t op = MLX5X_GET(mbox_in, in, opcode);
	struct emu_adapter *ad = ctx->ad;
	struct emu_rq *rq;
	int status;

	(void)inlen;
	(void)outlen;
	if (op == MLX5X_CMD_OP_CREATE_RQ)
		return emu_rq_create(ctx, in, out, syndrome, res);
	rq = emu_objtab_get(&ad->rqs, MLX5X_GET(obj_in, in, obj_id));
	if (rq == NULL) {
		*syndrome = 0x6d0e10;
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	switch (op) {
	case MLX5X_CMD_OP_MODIFY_RQ: {
		const void *c = MLX5X_ADDR_OF(modify_rq_in, in, ctx);

		status =
			emu_wq_transition(&rq->state,
					  MLX5X_GET(modify_rq_in, in, rq_state),
					  MLX5X_GET(rqc, c, state), syndrome);
		if (status != MLX5X_CMD_STAT_OK)
			return status;
		if (MLX5X_GET64(modify_rq_in, in, modify_bitmask) &
		    EMU_RQ_MODIFY_VSD)
			rq->vlan_strip = !MLX5X_GET(rqc, c, vsd);
		if (rq->state == MLX5X_QUEUE_STATE_RST) {
			rq->wq.ci = 0;
			rq->posted = 0;
			rq->strd_used = 0;
		}
		emu_rq_flush(ctx->ad, rq);
		return MLX5X_CMD_STAT_OK;
	}
	case MLX5X_CMD_OP_QUERY_RQ: {
		void *c = MLX5X_ADDR_OF(query_rq_out, out, rq_context);

		MLX5X_SET(rqc, c, state, rq->state);
		MLX5X_SET(rqc, c, cqn, rq->cq->cqn);
		MLX5X_SET(rqc, c, vsd, !rq->vlan_strip);
		MLX5X_SET(rqc, c, user_index, rq->user_index);
		MLX5X_SET(rqc, c, flush_in_error_en, rq->flush_en);
		MLX5X_SET(wq, MLX5X_ADDR_OF(rqc, c, wq), log_wq_sz,
			  rq->wq.log_sz);
		MLX5X_SET(wq, MLX5X_ADDR_OF(rqc, c, wq), hw_counter, rq->wq.ci);
		return MLX5X_CMD_STAT_OK;
	}
	default: /* DESTROY_RQ */
		if (rq->users != 0) {
			*syndrome = 0x6d0e11; /* a TIR or RQT still uses it */
			return MLX5X_CMD_STAT_BAD_RES_STATE_ERR;
		}
		rq->cq->users--;
		emu_rq_unlink(ad, rq);
		emu_objtab_del(&ad->rqs, rq->rqn);
		free(rq);
		return MLX5X_CMD_STAT_OK;
	}
}

void
emu_rq_mr_forget(struct emu_adapter *ad)
{
	uint32_t i;

	for (i = 0; i < ad->rqs.cap; i++) {
		struct emu_rq *rq = ad->rqs.slot[i];

		if (rq != NULL)
			rq->mr.lkey_be = 0;
	}
}

/* What a local protection error on a receive means (ibv_reg_mr(3): the
 * adapter writes only into an MR registered with local write). */
static const char emu_rq_prot_why[] =
	"lkey or address outside its MR, or it grants no local write";

static void
emu_rq_fail(struct emu_adapter *ad, struct emu_rq *rq, uint8_t syndrome,
	    const char *why)
{
	emu_trace(ad,
		  "rq 0x%x wqe %u: %s -> error CQE syndrome 0x%x, RQ to ERR",
		  rq->rqn, rq->wq.ci & 0xffff, why, syndrome);
	emu_cq_err(rq->cq, MLX5_CQE_RESP_ERR, syndrome, rq->wq.ci & 0xffff,
		   rq->rqn);
	rq->wq.ci++;
	rq->state = MLX5X_QUEUE_STATE_ERR;
	rq->vport->cnt.rx_errors++;
	emu_rq_flush(ad, rq);
}

/* Cyclic RQ: scatter over the WQE's data segments. 0 or a syndrome. */
static uint8_t
emu_rq_scatter(struct emu_adapter *ad, struct emu_rq *rq, const uint8_t *frame,
	       uint32_t len)
{
	uint32_t nseg = 1u << (rq->wq.log_stride - 4);
	const uint8_t *wqe = emu_rq_wqe(rq);
	uint32_t left = len, done = 0, i;
	const struct mlx5_wqe_data_seg *d0 =
		(const struct mlx5_wqe_data_seg *)wqe;

	/* The frame fits the first segment (the usual one-segment RQ): one
	 * check and one copy; anything else takes the walk below. A 0-byte
	 * segment holds any frame (emu_rq_seg_holds), and a terminator's key
	 * is no MR's: the walk tells it from a bad key. */
	if (emu_rq_seg_holds(d0->byte_count, len)) {
		void *dst = emu_mem_lkey_ptr(ad, be32toh(d0->lkey),
					     be64toh(d0->addr), len,
					     IBV_ACCESS_LOCAL_WRITE);

		if (dst != NULL) {
			memcpy(dst, frame, len);
			return 0;
		}
	}
	for (i = 0; i < nseg && left > 0; i++) {
		const struct mlx5_wqe_data_seg *d =
			(const struct mlx5_wqe_data_seg *)(wqe + i * 16);
		uint32_t bc = be32toh(d->byte_count);
		uint32_t n;
		void *dst;

		if (emu_rq_seg_ends(d))
			break;
		/* PRM: any other byte_count 0 is 2^31 bytes. */
		if (bc == 0)
			bc = EMU_DSEG_ZERO_LEN;
		n = bc < left ? bc : left;
		dst = emu_mem_lkey_ptr(ad, be32toh(d->lkey), be64toh(d->addr),
				       n, IBV_ACCESS_LOCAL_WRITE);
		if (dst == NULL)
			return MLX5_CQE_SYNDROME_LOCAL_PROT_ERR;
		memcpy(dst, frame + done, n);
		done += n;
		left -= n;
	}
	return left > 0 ? MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR : 0;
}

/* Striding RQ: 0, or the syndrome of a WQE whose one data segment does
 * not reach end bytes into its buffer: a scatter list ended there
 * (emu_rq_seg_ends), or a byte_count short of it (0: 2^31). */
static uint8_t
emu_rq_strides_fit(const struct mlx5_wqe_data_seg *d, uint64_t end)
{
	uint32_t bc = be32toh(d->byte_count);

	if (emu_rq_seg_ends(d))
		return MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR;
	if (bc == 0)
		bc = EMU_DSEG_ZERO_LEN;
	return end > bc ? MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR : 0;
}

/* PRM: a striding RQ CQE's byte count carries the strides consumed in bits
 * 29:16 and a filler flag in bit 31; its wqe_id the first stride. */
#define EMU_MPRQ_STRIDES_SHIFT 16
#define EMU_MPRQ_FILLER (1u << 31)

static void
emu_rq_filler(struct emu_rq *rq)
{
	struct mlx5_cqe64 *cqe = emu_cq_next(rq->cq);

	if (cqe == NULL)
		return;
	/* PRM striding RQ CQE: wqe_id is the WQE, wqe_counter the stride. */
	cqe->wqe_id = htobe16(rq->wq.ci & 0xffff);
	cqe->byte_cnt =
		htobe32(EMU_MPRQ_FILLER | (rq->strd_num - rq->strd_used)
						  << EMU_MPRQ_STRIDES_SHIFT);
	cqe->wqe_counter = htobe16(rq->strd_used);
	emu_cq_commit(rq->cq, cqe, MLX5_CQE_RESP_SEND);
}

/* Every RQ and frame: striding RQs, compressed CQEs, VLAN stripping,
 * several data segments, a queue not ready or out of WQEs, errors. */
static __attribute__((noinline)) void
emu_rq_deliver_any(struct emu_adapter *ad, struct emu_rq *rq,
		   const uint8_t *frame, uint32_t len,
		   const struct emu_pkt *pkt, uint32_t hash, uint8_t hash_type,
		   uint32_t flow_tag)
{
	uint8_t stripped[EMU_FRAME_MAX];
	struct mlx5_cqe64 local, *cqe;
	bool strip = false;
	uint32_t strides = 0, first = 0, byte_cnt;
	uint16_t wqe_index;
	uint8_t syn;
	uint8_t *c;

	if (rq->state != MLX5X_QUEUE_STATE_RDY) {
		emu_trace(ad, "rq 0x%x not ready: dropped", rq->rqn);
		rq->vport->cnt.rx_dropped++;
		return;
	}
	if (!emu_rq_has_wqe(rq)) {
		emu_trace(ad, "rq 0x%x: no WQE posted: dropped (out of buffer)",
			  rq->rqn);
		rq->out_of_buffer++;
		rq->vport->cnt.rx_dropped++;
		return;
	}
	if (rq->vlan_strip && pkt->cvlan && len >= 18) {
		/* The adapter removes the outer C-VLAN and reports it. */
		memcpy(stripped, frame, 12);
		memcpy(stripped + 12, frame + 16, len - 16);
		frame = stripped;
		len -= 4;
		strip = true;
	}
	if (rq->strd_num != 0) {
		const struct mlx5_wqe_data_seg *d =
			(const struct mlx5_wqe_data_seg *)(emu_rq_wqe(rq) + 16);
		void *dst;

		strides = (len + rq->strd_sz - 1) / rq->strd_sz;
		if (strides > rq->strd_num) {
			emu_rq_fail(ad, rq, MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR,
				    "frame larger than a striding WQE");
			return;
		}
		if (rq->strd_used + strides > rq->strd_num) {
			/* The rest of this WQE is skipped with a filler. */
			emu_rq_filler(rq);
			rq->wq.ci++;
			rq->strd_used = 0;
			if (!emu_rq_has_wqe(rq)) {
				rq->out_of_buffer++;
				rq->vport->cnt.rx_dropped++;
				return;
			}
			d = (const struct mlx5_wqe_data_seg *)(emu_rq_wqe(rq) +
							       16);
		}
		first = rq->strd_used;
		syn = emu_rq_strides_fit(d,
					 (uint64_t)first * rq->strd_sz + len);
		if (syn != 0) {
			emu_rq_fail(ad, rq, syn,
				    "frame past the WQE's data segment");
			return;
		}
		dst = emu_mem_lkey_ptr(ad, be32toh(d->lkey),
				       be64toh(d->addr) +
					       (uint64_t)first * rq->strd_sz,
				       len, IBV_ACCESS_LOCAL_WRITE);
		if (dst == NULL) {
			emu_rq_fail(ad, rq, MLX5_CQE_SYNDROME_LOCAL_PROT_ERR,
				    emu_rq_prot_why);
			return;
		}
		memcpy(dst, frame, len);
	} else {
		syn = emu_rq_scatter(ad, rq, frame, len);
		if (syn != 0) {
			emu_rq_fail(ad, rq, syn,
				    syn == MLX5_CQE_SYNDROME_LOCAL_PROT_ERR
					    ? emu_rq_prot_why
					    : "frame larger than the posted buffers");
			return;
		}
	}
	wqe_index = rq->wq.ci & 0xffff;
	if (rq->strd_num != 0) {
		rq->strd_used += strides;
		if (rq->strd_used == rq->strd_num) {
			rq->wq.ci++;
			rq->strd_used = 0;
		}
		byte_cnt = strides << EMU_MPRQ_STRIDES_SHIFT | len;
	} else {
		rq->wq.ci++;
		byte_cnt = len;
	}
	/* Without compression the CQE is written in its ring slot (zeroed
	 * there, owner byte last); with it, built aside for the session. */
	if (rq->cq->comp_en) {
		memset(&local, 0, sizeof(local));
		cqe = &local;
	} else {
		cqe = emu_cq_next_inl(rq->cq);
		if (cqe == NULL)
			goto count;
	}
	c = (uint8_t *)cqe;
	hash = htobe32(hash);
	memcpy(c + MLX5X_CQE_OFF_RSS_HASH_RESULT, &hash, 4);
	c[MLX5X_CQE_OFF_RSS_HASH_TYPE] = hash_type;
	c[MLX5X_CQE_OFF_HDS_IP_EXT] = emu_cqe_ok(pkt->l3_ok, pkt->l4_ok);
	c[MLX5X_CQE_OFF_L4_L3_HDR_TYPE] = emu_rq_hdr_type(pkt, strip);
	if (strip)
		cqe->vlan_info = htobe16(pkt->vlan_tci);
	cqe->srqn_uidx = htobe32(rq->user_index & 0xffffff);
	cqe->byte_cnt = htobe32(byte_cnt);
	/* PRM striding RQ CQE: wqe_id is the WQE, wqe_counter the first
	 * stride the frame took (what mlx5e and DPDK read as stride index). */
	if (rq->strd_num != 0) {
		cqe->wqe_id = htobe16(wqe_index);
		cqe->wqe_counter = htobe16(first);
	} else {
		cqe->wqe_counter = htobe16(wqe_index);
	}
	cqe->sop_drop_qpn = emu_cqe_tag(flow_tag);
	/* PRM: and flow_table_metadata, metadata reg_b as NIC RX steering
	 * left it (Linux mlx5_cqe64 ft_metadata; mlx5dv names the dword
	 * imm_inval_pkey). The match view holds it big endian already. */
	memcpy(&cqe->imm_inval_pkey,
	       pkt->match + MLX5X_BYTE_OFF(fte_match_param,
					   misc_parameters_2.metadata_reg_b),
	       4);
	if (rq->cq->comp_en) {
		cqe->op_own = MLX5_CQE_RESP_SEND << MLX5X_CQE_OPCODE_SHIFT;
		emu_cq_rx(rq->cq, cqe,
			  rq->strd_num != 0 ? EMU_CQE_COMP_STRIDING
					    : EMU_CQE_COMP_CYCLIC);
	} else {
		emu_cq_commit_inl(rq->cq, cqe, MLX5_CQE_RESP_SEND);
	}
count:
	emu_trace(ad, "rq 0x%x wqe %u stride %u: %u bytes, cqe on cq 0x%x",
		  rq->rqn, wqe_index, first, len, rq->cq->cqn);
	emu_vport_count_rx(rq->vport, frame, len);
}

/* The last step of the Rx path: the usual frame straight, anything else
 * by emu_rq_deliver_any. */
void
emu_rq_deliver(struct emu_adapter *ad, struct emu_rq *rq, const uint8_t *frame,
	       uint32_t len, const struct emu_pkt *pkt, uint32_t hash,
	       uint8_t hash_type, uint32_t flow_tag)
{
	struct emu_rq_cqe_in in = {
		.ok = emu_cqe_ok(pkt->l3_ok, pkt->l4_ok),
		.hdr = emu_rq_hdr_type(pkt, false),
		.htype = hash_type,
		.hash = hash,
		.tag_be = emu_cqe_tag(flow_tag),
	};

	memcpy(&in.reg_b,
	       pkt->match + MLX5X_BYTE_OFF(fte_match_param,
					   misc_parameters_2.metadata_reg_b),
	       4);
	/* The test hook's general path is general to the end: a test holds
	 * the plain delivery against emu_rq_deliver_any's as well. */
	if (ad->rxf.off ||
	    !emu_rq_deliver_plain(ad, rq, frame, len, pkt->cvlan, true, &in))
		emu_rq_deliver_any(ad, rq, frame, len, pkt, hash, hash_type,
				   flow_tag);
}
