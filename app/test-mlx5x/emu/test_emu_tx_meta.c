/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, Tx metadata (PRM): a send WQE's Ethernet segment
 * dword 2, flow_table_metadata (rdma-core's mlx5_wqe_eth_seg rsvd2, the
 * kernel's flow_table_metadata), is metadata reg_a of the frame in its
 * function's NIC TX steering: an entry matching misc_parameters_2
 * metadata_reg_a drops or counts only the frames whose WQE carried that
 * value, whether the SQ is a DevX one or a Verbs raw packet QP's; a
 * modify header on NIC TX reads it (copy into a header field). reg_a goes
 * no further: nothing of it reaches the wire.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

#define REG_A MLX5X_BYTE_OFF(fte_match_param, misc_parameters_2.metadata_reg_a)

static const uint8_t peer_mac[6] = { 0x02, 0x77, 0x00, 0x00, 0x00, 0x01 };

/* A NIC TX root table with one group matching all of reg_a, and three
 * entries: reg_a A drops and counts in cnt[0], B allows and counts in
 * cnt[1], C allows and rewrites the destination MAC's low 32 bits with a
 * copy of reg_a (modify header mh). */
#define META_DROP 0xa1a1a1a1u
#define META_COUNT 0x0000b2b2u
#define META_COPY 0xc3c3c3c3u

struct tx_steer {
	struct emu_dev *d;
	struct mlx5dv_devx_obj *ft, *fg, *fte[3], *cnt;
	uint32_t ftn, fgn, cid, mh;
};

static struct mlx5dv_devx_obj *
obj(struct emu_dev *d, const void *in, size_t inlen, void *out, size_t outlen)
{
	memset(out, 0, outlen);
	return emu.obj_create(d->ctx, in, inlen, out, outlen);
}

static struct mlx5dv_devx_obj *
tx_entry(struct tx_steer *s, uint32_t index, uint32_t value, uint16_t action,
	 uint32_t counter, uint32_t mh)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(set_fte_in) + 8] = { 0 };
	void *fc = MLX5X_ADDR_OF(set_fte_in, in, flow_context);
	void *dst = MLX5X_ADDR_OF(flow_context, fc, destination);
	uint32_t be = htobe32(value);
	uint8_t out[16];

	MLX5X_SET(set_fte_in, in, opcode, MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY);
	MLX5X_SET(set_fte_in, in, table_type, MLX5X_FLOW_TABLE_TYPE_NIC_TX);
	MLX5X_SET(set_fte_in, in, table_id, s->ftn);
	MLX5X_SET(set_fte_in, in, flow_index, index);
	MLX5X_SET(flow_context, fc, group_id, s->fgn);
	MLX5X_SET(flow_context, fc, action, action);
	MLX5X_SET(flow_context, fc, modify_header_id, mh);
	if (action & MLX5X_FLOW_CONTEXT_ACTION_COUNT) {
		MLX5X_SET(flow_counter_list, dst, flow_counter_id, counter);
		MLX5X_SET(flow_context, fc, flow_counter_list_size, 1);
	}
	memcpy((uint8_t *)MLX5X_ADDR_OF(flow_context, fc, match_value) + REG_A,
	       &be, 4);
	return obj(s->d, in, sizeof(in), out, sizeof(out));
}

static int
tx_steer_make(struct emu_dev *d, struct tx_steer *s)
{
	uint8_t ft_in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t fg_in[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint8_t cin[MLX5X_ST_SZ_BYTES(alloc_flow_counter_in)] = { 0 };
	uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
	uint8_t mh_in[16 + 8] = { 0 };
	uint8_t mh_out[MLX5X_ST_SZ_BYTES(alloc_modify_header_context_out)];
	uint8_t out[16];
	uint8_t *a = mh_in + 16;
	uint32_t ones = 0xffffffff;

	memset(s, 0, sizeof(*s));
	s->d = d;
	MLX5X_SET(alloc_flow_counter_in, cin, opcode,
		  MLX5X_CMD_OP_ALLOC_FLOW_COUNTER);
	MLX5X_SET(alloc_flow_counter_in, cin, flow_counter_bulk, 1);
	s->cnt = obj(d, cin, sizeof(cin), out, sizeof(out));
	if (s->cnt == NULL)
		return -1;
	s->cid = MLX5X_GET(alloc_flow_counter_out, out, flow_counter_id);
	/* Copy 32 bits of reg_a to destination MAC bits 31..0. */
	MLX5X_SET(alloc_modify_header_context_in, mh_in, opcode,
		  MLX5X_CMD_OP_ALLOC_MODIFY_HEADER_CONTEXT);
	MLX5X_SET(alloc_modify_header_context_in, mh_in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_TX);
	MLX5X_SET(alloc_modify_header_context_in, mh_in, num_of_actions, 1);
	MLX5X_SET(copy_action_in, a, action_type, MLX5X_ACTION_TYPE_COPY);
	MLX5X_SET(copy_action_in, a, src_field,
		  MLX5X_ACTION_IN_FIELD_METADATA_REG_A);
	MLX5X_SET(copy_action_in, a, dst_field,
		  MLX5X_ACTION_IN_FIELD_OUT_DMAC_15_0);
	MLX5X_SET(copy_action_in, a, length, 16);
	memset(mh_out, 0, sizeof(mh_out));
	if (emu_cmd(d, mh_in, sizeof(mh_in), mh_out, sizeof(mh_out)) != 0)
		return -1;
	s->mh = MLX5X_GET(alloc_modify_header_context_out, mh_out,
			  modify_header_id);
	MLX5X_SET(create_flow_table_in, ft_in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, ft_in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_TX);
	MLX5X_SET(flow_table_context,
		  MLX5X_ADDR_OF(create_flow_table_in, ft_in,
				flow_table_context),
		  log_size, 4);
	s->ft = obj(d, ft_in, sizeof(ft_in), out, sizeof(out));
	if (s->ft == NULL)
		return -1;
	s->ftn = MLX5X_GET(create_flow_table_out, out, table_id);
	MLX5X_SET(create_flow_group_in, fg_in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, fg_in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_TX);
	MLX5X_SET(create_flow_group_in, fg_in, table_id, s->ftn);
	MLX5X_SET(create_flow_group_in, fg_in, end_flow_index, 15);
	MLX5X_SET(create_flow_group_in, fg_in, match_criteria_enable,
		  MLX5X_MATCH_MISC_PARAMETERS_2);
	memcpy((uint8_t *)MLX5X_ADDR_OF(create_flow_group_in, fg_in,
					match_criteria) +
		       REG_A,
	       &ones, 4);
	s->fg = obj(d, fg_in, sizeof(fg_in), out, sizeof(out));
	if (s->fg == NULL)
		return -1;
	s->fgn = MLX5X_GET(create_flow_group_out, out, group_id);
	s->fte[0] = tx_entry(s, 0, META_DROP,
			     MLX5X_FLOW_CONTEXT_ACTION_DROP |
				     MLX5X_FLOW_CONTEXT_ACTION_COUNT,
			     s->cid, 0);
	s->fte[1] = tx_entry(s, 1, META_COUNT,
			     MLX5X_FLOW_CONTEXT_ACTION_ALLOW |
				     MLX5X_FLOW_CONTEXT_ACTION_COUNT,
			     s->cid + 1, 0);
	s->fte[2] = tx_entry(s, 2, META_COPY,
			     MLX5X_FLOW_CONTEXT_ACTION_ALLOW |
				     MLX5X_FLOW_CONTEXT_ACTION_MOD_HDR,
			     0, s->mh);
	if (s->fte[0] == NULL || s->fte[1] == NULL || s->fte[2] == NULL)
		return -1;
	MLX5X_SET(set_flow_table_root_in, rin, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, rin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_TX);
	MLX5X_SET(set_flow_table_root_in, rin, table_id, s->ftn);
	return emu_cmd(d, rin, sizeof(rin), out, sizeof(out)) == 0 ? 0 : -1;
}

static void
tx_steer_free(struct tx_steer *s)
{
	uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
	uint8_t din[MLX5X_ST_SZ_BYTES(dealloc_modify_header_context_in)] = { 0 };
	uint8_t out[16];
	unsigned int i;

	MLX5X_SET(set_flow_table_root_in, rin, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, rin, op_mod, 1);
	MLX5X_SET(set_flow_table_root_in, rin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_TX);
	emu_cmd(s->d, rin, sizeof(rin), out, sizeof(out));
	for (i = 0; i < 3; i++)
		if (s->fte[i] != NULL)
			emu.obj_destroy(s->fte[i]);
	if (s->fg != NULL)
		emu.obj_destroy(s->fg);
	if (s->ft != NULL)
		emu.obj_destroy(s->ft);
	if (s->mh != 0) {
		MLX5X_SET(dealloc_modify_header_context_in, din, opcode,
			  MLX5X_CMD_OP_DEALLOC_MODIFY_HEADER_CONTEXT);
		MLX5X_SET(dealloc_modify_header_context_in, din,
			  modify_header_id, s->mh);
		emu_cmd(s->d, din, sizeof(din), out, sizeof(out));
	}
	if (s->cnt != NULL)
		emu.obj_destroy(s->cnt);
}

/* Where a send ring is and how its WQEs complete: a DevX SQ or a Verbs
 * raw packet QP's SQ seen through mlx5dv_init_obj. */
struct txq {
	void *ring;
	uint32_t wqe_cnt, sqn;
	volatile uint32_t *dbrec; /* [MLX5X_SND_DBR] is the send counter */
	struct emu_q *cq;	  /* for polling its CQEs */
	uint32_t pi;
};

/* Posts one SEND WQE of frame whose Ethernet segment carries meta as
 * flow_table_metadata; 0 once it completed. */
static int
txq_send(struct txq *t, const uint8_t *frame, uint32_t len, uint32_t lkey,
	 uint32_t meta)
{
	uint8_t *w =
		(uint8_t *)t->ring + (size_t)(t->pi & (t->wqe_cnt - 1)) * 64;
	struct mlx5_wqe_eth_seg *eth = (struct mlx5_wqe_eth_seg *)(w + 16);

	emu_wqe_send(t->ring, t->wqe_cnt, t->sqn, (uint16_t)t->pi, frame, len,
		     lkey);
	eth->rsvd2 = htobe32(meta); /* PRM: flow_table_metadata */
	t->pi++;
	t->dbrec[MLX5X_SND_DBR] = htobe32(t->pi);
	return emu_q_poll_cqe(t->cq, 200) != NULL ? 0 : -1;
}

/* The scenario on one send queue: frames with metadata 0 (no rule), A
 * (dropped, counted), B (sent, counted), C (sent, DMAC low bits from
 * reg_a), another value (sent); the wire carries only what must leave,
 * unchanged but for the copy. */
static int
tx_meta_scenario(struct emu_dev *d, struct txq *t)
{
	static const uint32_t metas[] = { 0,	     META_DROP,	 META_COUNT,
					  META_COPY, 0x12345678, META_COUNT };
	uint8_t frame[128], want[128], out[256];
	struct tx_steer s;
	struct ibv_mr *mr;
	unsigned int i;
	size_t len;

	TEST_ASSERT(tx_steer_make(d, &s) == 0,
		    "NIC TX root: reg_a rules, counters, modify header");
	len = emu_frame_udp4(frame, peer_mac, 0x0a000001, 0x0a000002, 7, 8, 40);
	mr = emu.reg_mr(d->pd, frame, sizeof(frame), 0);
	TEST_ASSERT(mr != NULL, "mr");
	for (i = 0; i < sizeof(metas) / sizeof(metas[0]); i++) {
		int got;

		TEST_ASSERT_EQ(txq_send(t, frame, len, mr->lkey, metas[i]), 0,
			       "WQE %u (reg_a 0x%x) completes", i, metas[i]);
		got = emu.capture_wire(0, out, sizeof(out));
		if (metas[i] == META_DROP) {
			TEST_ASSERT_EQ(got, 0, "reg_a 0x%x: dropped", metas[i]);
			continue;
		}
		TEST_ASSERT_EQ(got, (int)len, "reg_a 0x%x: on the wire",
			       metas[i]);
		memcpy(want, frame, len);
		if (metas[i] == META_COPY) {
			want[4] = (META_COPY >> 8) & 0xff;
			want[5] = META_COPY & 0xff;
		}
		TEST_ASSERT(memcmp(out, want, len) == 0,
			    "reg_a 0x%x: bytes on the wire", metas[i]);
	}
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), 0,
		       "nothing else left");
	TEST_ASSERT_EQ(emu_counter_packets(d, s.cid), 1,
		       "the drop rule counted its one frame");
	TEST_ASSERT_EQ(emu_counter_packets(d, s.cid + 1), 2,
		       "the count rule counted its two frames");
	emu.dereg_mr(mr);
	tx_steer_free(&s);
	return MLX5X_TEST_PASS;
}

static int
test_tx_meta_devx_sq(void)
{
	struct emu_q sq;
	struct emu_dev d;
	struct txq t;
	int rc;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0 &&
			    emu_q_modify(&sq, 0, 1) == 0,
		    "DevX SQ ready");
	memset(&t, 0, sizeof(t));
	t.ring = sq.buf;
	t.wqe_cnt = 1u << sq.log_sz;
	t.sqn = sq.qn;
	t.dbrec = sq.dbr;
	t.cq = &sq;
	rc = tx_meta_scenario(&d, &t);
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return rc;
}

static int
test_tx_meta_verbs_qp(void)
{
	struct ibv_qp_init_attr ia = { 0 };
	struct mlx5dv_qp dvqp = { 0 };
	struct mlx5dv_cq dvcq = { 0 };
	struct mlx5dv_obj o;
	struct ibv_qp_attr qa = { .port_num = 1 };
	struct ibv_qp *qp;
	struct ibv_cq *cq;
	struct emu_q q;
	struct emu_dev d;
	struct txq t;
	uint32_t log = 0;
	int rc;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	cq = emu.create_cq(d.ctx, 63, NULL, NULL, 0);
	TEST_ASSERT(cq != NULL, "Verbs CQ");
	memset(&o, 0, sizeof(o));
	o.cq.in = cq;
	o.cq.out = &dvcq;
	TEST_ASSERT_EQ(emu.dv_init_obj(&o, MLX5DV_OBJ_CQ), 0, "CQ init_obj");
	while ((1u << log) < dvcq.cqe_cnt)
		log++;
	memset(&q, 0, sizeof(q));
	q.d = &d;
	q.cq_buf = dvcq.buf;
	q.cq_dbr = dvcq.dbrec;
	q.cq_log_sz = log;
	q.cqn = dvcq.cqn;
	ia.qp_type = IBV_QPT_RAW_PACKET;
	ia.send_cq = cq;
	ia.recv_cq = cq;
	ia.cap.max_send_wr = 16;
	ia.cap.max_send_sge = 1;
	qp = emu.create_qp(d.pd, &ia);
	TEST_ASSERT(qp != NULL, "raw packet QP");
	qa.qp_state = IBV_QPS_INIT;
	TEST_ASSERT_EQ(emu.modify_qp(qp, &qa, IBV_QP_STATE | IBV_QP_PORT), 0,
		       "INIT");
	qa.qp_state = IBV_QPS_RTR;
	TEST_ASSERT_EQ(emu.modify_qp(qp, &qa, IBV_QP_STATE), 0, "RTR");
	qa.qp_state = IBV_QPS_RTS;
	TEST_ASSERT_EQ(emu.modify_qp(qp, &qa, IBV_QP_STATE), 0, "RTS");
	memset(&o, 0, sizeof(o));
	o.qp.in = qp;
	o.qp.out = &dvqp;
	dvqp.comp_mask = MLX5DV_QP_MASK_RAW_QP_HANDLES;
	TEST_ASSERT_EQ(emu.dv_init_obj(&o, MLX5DV_OBJ_QP), 0, "QP init_obj");
	memset(&t, 0, sizeof(t));
	t.ring = dvqp.sq.buf;
	t.wqe_cnt = dvqp.sq.wqe_cnt;
	t.sqn = dvqp.sqn;
	t.dbrec = dvqp.dbrec;
	t.cq = &q;
	rc = tx_meta_scenario(&d, &t);
	TEST_ASSERT_EQ(emu.destroy_qp(qp), 0, "destroy QP");
	TEST_ASSERT_EQ(emu.destroy_cq(cq), 0, "destroy CQ");
	emu_dev_close(&d);
	return rc;
}

/* An enhanced MPW WQE (opcode 0x29) of two inline packets whose shared
 * Ethernet segment carries meta, at WQE index idx (3 WQEBBs each). */
static void
empw_post(struct emu_q *sq, uint16_t idx, const uint8_t *f, uint32_t len,
	  uint32_t meta)
{
	uint8_t *w = sq->buf + (size_t)idx * 3 * 64;
	struct mlx5_wqe_ctrl_seg *ctrl = (struct mlx5_wqe_ctrl_seg *)w;
	struct mlx5_wqe_eth_seg *eth = (struct mlx5_wqe_eth_seg *)(w + 16);
	uint32_t bc = htobe32(MLX5_INLINE_SEG | len);
	unsigned int i;

	memset(w, 0, 3 * 64);
	ctrl->opmod_idx_opcode = htobe32((uint32_t)idx << 8 | 0x29);
	ctrl->qpn_ds = htobe32(sq->qn << 8 | (32 + 2 * 64) / 16);
	ctrl->fm_ce_se = MLX5_WQE_CTRL_CQ_UPDATE;
	eth->rsvd2 = htobe32(meta); /* PRM: flow_table_metadata */
	for (i = 0; i < 2; i++) {
		memcpy(w + 32 + i * 64, &bc, 4);
		memcpy(w + 36 + i * 64, f, len);
	}
}

/* Every packet of an eMPW WQE carries the WQE's metadata: the drop rule
 * drops both packets of one WQE, the count rule counts both of another,
 * which leave. */
static int
test_tx_meta_empw_packets(void)
{
	uint8_t frame[64], out[256];
	struct tx_steer s;
	struct emu_q sq;
	struct emu_dev d;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0 &&
			    emu_q_modify(&sq, 0, 1) == 0,
		    "DevX SQ ready");
	TEST_ASSERT(tx_steer_make(&d, &s) == 0, "NIC TX reg_a rules");
	len = emu_frame_udp4(frame, peer_mac, 0x0a000001, 0x0a000002, 7, 8, 18);
	TEST_ASSERT_EQ(len, 60, "frame");
	empw_post(&sq, 0, frame, (uint32_t)len, META_DROP);
	empw_post(&sq, 1, frame, (uint32_t)len, META_COUNT);
	sq.dbr[MLX5X_SND_DBR] = htobe32(6);
	TEST_ASSERT(emu_q_poll_cqe(&sq, 200) != NULL, "first WQE completes");
	TEST_ASSERT(emu_q_poll_cqe(&sq, 200) != NULL, "second WQE completes");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), (int)len,
		       "a packet of the counted WQE");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), (int)len,
		       "the other one");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), 0,
		       "none of the dropped WQE");
	TEST_ASSERT_EQ(emu_counter_packets(&d, s.cid), 2,
		       "drop rule: 2 packets");
	TEST_ASSERT_EQ(emu_counter_packets(&d, s.cid + 1), 2,
		       "count rule: 2 packets");
	tx_steer_free(&s);
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Every segment of a TSO WQE carries the WQE's metadata: 2500 bytes of
 * TCP payload at MSS 1000 under the count rule leave as 3 segments, all
 * counted; under the drop rule none leaves, 3 counted. */
static int
test_tx_meta_tso_segments(void)
{
	static uint8_t frame[2600], out[2048];
	const uint32_t metas[2] = { META_COUNT, META_DROP };
	struct mlx5_wqe_ctrl_seg *ctrl;
	struct mlx5_wqe_eth_seg *eth;
	struct mlx5_wqe_data_seg *ds;
	struct tx_steer s;
	struct ibv_mr *mr;
	struct emu_q sq;
	struct emu_dev d;
	unsigned int i, n;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0 &&
			    emu_q_modify(&sq, 0, 1) == 0,
		    "DevX SQ ready");
	TEST_ASSERT(tx_steer_make(&d, &s) == 0, "NIC TX reg_a rules");
	/* Ethernet, IPv4 (TCP), TCP (data offset 5, ACK), payload. */
	memset(frame, 0, sizeof(frame));
	memcpy(frame, peer_mac, 6);
	frame[12] = 0x08;
	frame[14] = 0x45;
	frame[22] = 64;
	frame[23] = 6;
	memcpy(frame + 26, "\x0a\0\0\x01\x0a\0\0\x02", 8);
	frame[46] = 5 << 4;
	frame[47] = 0x10;
	mr = emu.reg_mr(d.pd, frame, sizeof(frame), 0);
	TEST_ASSERT(mr != NULL, "mr");
	for (i = 0; i < 2; i++) {
		uint8_t *w = sq.buf + (size_t)i * 2 * 64;

		/* ctrl, eth with 54 inline bytes (16 + 64), one dseg. */
		memset(w, 0, 128);
		ctrl = (struct mlx5_wqe_ctrl_seg *)w;
		eth = (struct mlx5_wqe_eth_seg *)(w + 16);
		ctrl->opmod_idx_opcode =
			htobe32((uint32_t)i << 8 | MLX5_OPCODE_TSO);
		ctrl->qpn_ds = htobe32(sq.qn << 8 | 7);
		ctrl->fm_ce_se = MLX5_WQE_CTRL_CQ_UPDATE;
		eth->mss = htobe16(1000);
		eth->rsvd2 = htobe32(metas[i]); /* flow_table_metadata */
		eth->inline_hdr_sz = htobe16(54);
		memcpy(eth->inline_hdr_start, frame, 54);
		ds = (struct mlx5_wqe_data_seg *)(w + 96);
		ds->byte_count = htobe32(2500);
		ds->lkey = htobe32(mr->lkey);
		ds->addr = htobe64((uintptr_t)(frame + 54));
		sq.dbr[MLX5X_SND_DBR] = htobe32(2 * (i + 1));
		TEST_ASSERT(emu_q_poll_cqe(&sq, 200) != NULL,
			    "TSO WQE %u completes", i);
		for (n = 0; emu.capture_wire(0, out, sizeof(out)) > 0; n++)
			;
		TEST_ASSERT_EQ(n, i == 0 ? 3 : 0, "reg_a 0x%x: segments out",
			       metas[i]);
	}
	TEST_ASSERT_EQ(emu_counter_packets(&d, s.cid + 1), 3,
		       "count rule: 3 segments");
	TEST_ASSERT_EQ(emu_counter_packets(&d, s.cid), 3,
		       "drop rule: 3 segments");
	emu.dereg_mr(mr);
	tx_steer_free(&s);
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_tx_meta_suite, "emu_tx_meta", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_tx_meta_devx_sq),
		 MLX5X_TEST_CASE(test_tx_meta_verbs_qp),
		 MLX5X_TEST_CASE(test_tx_meta_empw_packets),
		 MLX5X_TEST_CASE(test_tx_meta_tso_segments))
