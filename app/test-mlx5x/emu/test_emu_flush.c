/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Error flushing, as the PRM has it: an RQ or SQ that goes to ERR (a WQE
 * in error, or MODIFY to ERR) with flush_in_error_en in its context
 * completes every WQE still posted with an error CQE of syndrome
 * WR_FLUSH_ERR (0x5) and its counter reaches the doorbell record's; an SQ
 * writes one for each flushed WQE that asked for a CQE. Without the bit
 * the WQEs stay posted and complete nothing. Either way ERR -> RST -> RDY
 * brings the queue back.
 */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

static const uint8_t fl_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x00 };

/* expr, a "what differs" string, is NULL. */
#define FL_OK(expr, fmt, ...)                                                  \
	do {                                                                   \
		const char *why_ = (expr);                                     \
                                                                               \
		TEST_ASSERT(why_ == NULL, fmt " (%s)", ##__VA_ARGS__, why_);   \
	} while (0)

/* Frames waiting at device 0's wire end, taken. */
static unsigned int
fl_wire_drain(void)
{
	static uint8_t out[2048];
	unsigned int n = 0;

	while (emu.capture_wire(0, out, sizeof(out)) > 0)
		n++;
	return n;
}

/* QUERY_RQ / QUERY_SQ: state, hw_counter and flush_in_error_en. */
struct fl_ctx {
	uint32_t state, hw_counter, flush;
};

static int
fl_query(struct emu_q *q, struct fl_ctx *c)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(obj_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(query_sq_out) +
		    MLX5X_ST_SZ_BYTES(query_rq_out)] = { 0 };
	const void *ctx, *wq;

	MLX5X_SET(obj_in, in, opcode,
		  q->is_sq ? MLX5X_CMD_OP_QUERY_SQ : MLX5X_CMD_OP_QUERY_RQ);
	MLX5X_SET(obj_in, in, obj_id, q->qn);
	if (emu_cmd(q->d, in, sizeof(in), out, sizeof(out)) != 0)
		return -1;
	if (q->is_sq) {
		ctx = MLX5X_ADDR_OF(query_sq_out, out, sq_context);
		wq = MLX5X_ADDR_OF(sqc, ctx, wq);
		c->state = MLX5X_GET(sqc, ctx, state);
		c->flush = MLX5X_GET(sqc, ctx, flush_in_error_en);
	} else {
		ctx = MLX5X_ADDR_OF(query_rq_out, out, rq_context);
		wq = MLX5X_ADDR_OF(rqc, ctx, wq);
		c->state = MLX5X_GET(rqc, ctx, state);
		c->flush = MLX5X_GET(rqc, ctx, flush_in_error_en);
	}
	c->hw_counter = MLX5X_GET(wq, wq, hw_counter);
	return 0;
}

/* The next CQE is an error CQE of opcode op, syndrome syn, on WQE
 * counter wc of queue qn: NULL, else what differs. */
static const char *
fl_err_cqe(struct emu_q *q, uint8_t op, uint8_t syn, uint16_t wc)
{
	struct mlx5_cqe64 *cqe = emu_q_poll_cqe(q, 200);
	struct mlx5_err_cqe *err = (struct mlx5_err_cqe *)cqe;

	if (cqe == NULL)
		return "no CQE";
	if (cqe->op_own >> 4 != op)
		return "opcode";
	if (err->syndrome != syn)
		return "syndrome";
	if (be16toh(err->wqe_counter) != wc)
		return "wqe_counter";
	if ((be32toh(err->s_wqe_opcode_qpn) & 0xffffff) != q->qn)
		return "queue number";
	return NULL;
}

/* An RQ of 8 WQEs (flush_in_error_en as flush) whose CQ holds 8, every
 * WQE posted with a buffer of size bytes, steered to from the wire. */
struct fl_rq {
	struct emu_q q;
	struct emu_steer s;
	uint8_t *mem;
	struct ibv_mr *mr;
};

static int
fl_rq_make(struct emu_dev *d, struct fl_rq *r, bool flush, uint32_t size)
{
	memset(r, 0, sizeof(*r));
	TEST_ASSERT(emu_q_create_flush(d, &r->q, false, 3, flush) == 0, "rq");
	r->mem = calloc(8, 2048);
	TEST_ASSERT(r->mem != NULL, "buffers");
	r->mr = emu.reg_mr(d->pd, r->mem, 8 * 2048, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(r->mr != NULL, "mr");
	emu_rq_post(&r->q, r->mem, r->mr->lkey, 8, size);
	TEST_ASSERT_EQ(emu_q_modify(&r->q, MLX5X_QUEUE_STATE_RST,
				    MLX5X_QUEUE_STATE_RDY),
		       0, "RST -> RDY");
	TEST_ASSERT(emu_steer_direct(d, &r->s, r->q.qn, 0) == 0, "steering");
	return MLX5X_TEST_PASS;
}

/* ERR -> RST -> RDY with every WQE posted again, then a frame lands in
 * WQE 0 with a plain completion: the queue and its CQ work again. */
static int
fl_rq_recover(struct fl_rq *r, const uint8_t *frame, size_t len)
{
	struct mlx5_cqe64 *cqe;

	TEST_ASSERT_EQ(emu_q_modify(&r->q, MLX5X_QUEUE_STATE_ERR,
				    MLX5X_QUEUE_STATE_RST),
		       0, "ERR -> RST");
	emu_rq_post(&r->q, r->mem, r->mr->lkey, 8, 2048);
	TEST_ASSERT_EQ(emu_q_modify(&r->q, MLX5X_QUEUE_STATE_RST,
				    MLX5X_QUEUE_STATE_RDY),
		       0, "RST -> RDY");
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject");
	cqe = emu_q_poll_cqe(&r->q, 200);
	TEST_ASSERT(cqe != NULL, "a completion after the recovery");
	TEST_ASSERT_EQ(cqe->op_own >> 4, MLX5_CQE_RESP_SEND, "received");
	TEST_ASSERT_EQ(be16toh(cqe->wqe_counter), 0, "in WQE 0");
	TEST_ASSERT_EQ(be32toh(cqe->byte_cnt), len, "whole frame");
	return MLX5X_TEST_PASS;
}

/* The recovery (fl_rq_recover), then the RQ, its steering and buffers
 * and the device go; what the recovery said. */
static int
fl_rq_end(struct emu_dev *d, struct fl_rq *r)
{
	uint8_t frame[128];
	size_t len = emu_frame_udp4(frame, fl_mac, 1, 2, 3, 4, 18);
	int ret = fl_rq_recover(r, frame, len);

	emu_steer_destroy(&r->s);
	emu_q_destroy(&r->q);
	emu.dereg_mr(r->mr);
	free(r->mem);
	emu_dev_close(d);
	return ret;
}

/* A 142-byte frame into the 64-byte buffers of an RQ made on a device of
 * its own: WQE 0 completes with a local length error. */
static int
fl_rq_refuse(struct emu_dev *d, struct fl_rq *r, bool flush)
{
	uint8_t frame[256];
	size_t len;

	TEST_ASSERT(emu_dev_open(d, "wire=drop") == 0, "open");
	TEST_ASSERT_EQ(fl_rq_make(d, r, flush, 64), MLX5X_TEST_PASS, "rq");
	len = emu_frame_udp4(frame, fl_mac, 1, 2, 3, 4, 100);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject");
	FL_OK(fl_err_cqe(&r->q, MLX5_CQE_RESP_ERR,
			 MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR, 0),
	      "the frame's WQE: local length");
	return MLX5X_TEST_PASS;
}

/* A frame larger than the posted buffers: WQE 0 completes with a local
 * length error, the 7 WQEs behind it with flush errors, in order, and the
 * RQ's counter reaches the record's; the CQ, as long as the RQ, holds
 * exactly these. A WQE posted while the RQ stays in ERR stays posted. */
static int
test_rq_error_flushes_posted_wqes(void)
{
	struct emu_dev d;
	struct fl_rq r;
	struct fl_ctx c;
	uint8_t frame[128];
	size_t len;
	uint16_t i;

	TEST_ASSERT_EQ(fl_rq_refuse(&d, &r, true), MLX5X_TEST_PASS, "error");
	for (i = 1; i < 8; i++)
		FL_OK(fl_err_cqe(&r.q, MLX5_CQE_RESP_ERR,
				 MLX5_CQE_SYNDROME_WR_FLUSH_ERR, i),
		      "WQE %u flushed", i);
	TEST_ASSERT(emu_q_poll_cqe(&r.q, 5) == NULL, "one CQE per WQE");
	TEST_ASSERT(fl_query(&r.q, &c) == 0, "query");
	TEST_ASSERT_EQ(c.flush, 1, "QUERY_RQ: flush_in_error_en as created");
	TEST_ASSERT_EQ(c.state, MLX5X_QUEUE_STATE_ERR, "RQ in ERR");
	TEST_ASSERT_EQ(c.hw_counter, 8, "counter at the doorbell record's");
	len = emu_frame_udp4(frame, fl_mac, 1, 2, 3, 4, 18);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject in ERR");
	TEST_ASSERT(emu_q_poll_cqe(&r.q, 5) == NULL, "nothing in ERR");
	return fl_rq_end(&d, &r);
}

/* Without flush_in_error_en only the WQE in error completes: the others
 * stay posted, completing nothing, the counter just past the bad one. */
static int
test_rq_error_without_flush_bit(void)
{
	struct emu_dev d;
	struct fl_rq r;
	struct fl_ctx c;

	TEST_ASSERT_EQ(fl_rq_refuse(&d, &r, false), MLX5X_TEST_PASS, "error");
	TEST_ASSERT(emu_q_poll_cqe(&r.q, 5) == NULL, "no flush");
	TEST_ASSERT(fl_query(&r.q, &c) == 0, "query");
	TEST_ASSERT_EQ(c.flush, 0, "QUERY_RQ: flush_in_error_en clear");
	TEST_ASSERT_EQ(c.state, MLX5X_QUEUE_STATE_ERR, "RQ in ERR");
	TEST_ASSERT_EQ(c.hw_counter, 1, "counter past the bad WQE only");
	return fl_rq_end(&d, &r);
}

/* MODIFY_RQ RDY -> ERR flushes every posted WQE, from the first. */
static int
test_rq_modify_to_err_flushes(void)
{
	struct emu_dev d;
	struct fl_rq r;
	struct fl_ctx c;
	uint16_t i;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT_EQ(fl_rq_make(&d, &r, true, 2048), MLX5X_TEST_PASS, "rq");
	TEST_ASSERT_EQ(emu_q_modify(&r.q, MLX5X_QUEUE_STATE_RDY,
				    MLX5X_QUEUE_STATE_ERR),
		       0, "RDY -> ERR");
	for (i = 0; i < 8; i++)
		FL_OK(fl_err_cqe(&r.q, MLX5_CQE_RESP_ERR,
				 MLX5_CQE_SYNDROME_WR_FLUSH_ERR, i),
		      "WQE %u flushed", i);
	TEST_ASSERT(emu_q_poll_cqe(&r.q, 5) == NULL, "one CQE per WQE");
	TEST_ASSERT(fl_query(&r.q, &c) == 0, "query");
	TEST_ASSERT_EQ(c.hw_counter, 8, "counter at the doorbell record's");
	return fl_rq_end(&d, &r);
}

/* An SQ of 16 WQEBBs (flush_in_error_en as flush) whose CQ holds 16. */
struct fl_sq {
	struct emu_q q;
	uint8_t frame[64];
	struct ibv_mr *mr;
};

static int
fl_sq_make(struct emu_dev *d, struct fl_sq *s, bool flush)
{
	memset(s, 0, sizeof(*s));
	TEST_ASSERT(emu_q_create_flush(d, &s->q, true, 4, flush) == 0, "sq");
	TEST_ASSERT_EQ(emu_q_modify(&s->q, MLX5X_QUEUE_STATE_RST,
				    MLX5X_QUEUE_STATE_RDY),
		       0, "RST -> RDY");
	emu_frame_udp4(s->frame, fl_mac, 1, 2, 3, 4, 18);
	s->mr = emu.reg_mr(d->pd, s->frame, sizeof(s->frame), 0);
	TEST_ASSERT(s->mr != NULL, "mr");
	return MLX5X_TEST_PASS;
}

/* A SEND of the 64-byte frame at the SQ's next index, asking for a CQE
 * or not, its data segment under lkey. */
static void
fl_sq_post(struct fl_sq *s, bool ce, uint32_t lkey)
{
	uint8_t *w = s->q.buf + (size_t)(s->q.pi & 15) * 64;

	emu_wqe_send(s->q.buf, 16, s->q.qn, (uint16_t)s->q.pi, s->frame,
		     sizeof(s->frame), lkey);
	if (!ce)
		((struct mlx5_wqe_ctrl_seg *)w)->fm_ce_se = 0;
	s->q.pi++;
}

/* ERR -> RST -> RDY, then one SEND completes and leaves by the wire. */
static int
fl_sq_recover(struct fl_sq *s)
{
	struct mlx5_cqe64 *cqe;

	TEST_ASSERT_EQ(emu_q_modify(&s->q, MLX5X_QUEUE_STATE_ERR,
				    MLX5X_QUEUE_STATE_RST),
		       0, "ERR -> RST");
	s->q.pi = 0;
	s->q.dbr[MLX5X_SND_DBR] = 0;
	TEST_ASSERT_EQ(emu_q_modify(&s->q, MLX5X_QUEUE_STATE_RST,
				    MLX5X_QUEUE_STATE_RDY),
		       0, "RST -> RDY");
	fl_wire_drain();
	fl_sq_post(s, true, s->mr->lkey);
	s->q.dbr[MLX5X_SND_DBR] = htobe32(s->q.pi & 0xffff);
	cqe = emu_q_poll_cqe(&s->q, 200);
	TEST_ASSERT(cqe != NULL && cqe->op_own >> 4 == MLX5_CQE_REQ,
		    "a completion after the recovery");
	TEST_ASSERT(emu_wire_got(s->frame, sizeof(s->frame)),
		    "the frame on the wire");
	return MLX5X_TEST_PASS;
}

/* The recovery (fl_sq_recover), then the SQ, its MR and the device go;
 * what the recovery said. */
static int
fl_sq_end(struct emu_dev *d, struct fl_sq *s)
{
	int ret = fl_sq_recover(s);

	emu_q_destroy(&s->q);
	emu.dereg_mr(s->mr);
	emu_dev_close(d);
	return ret;
}

/* WQE 0 sends; WQE 1's lkey is bad: its error CQE, the SQ in ERR; of the
 * WQEs behind it, 2 and 4 asked for a CQE and get a flush error, 3 did
 * not and gets none; nothing of them is sent and the counter reaches the
 * record's. A WQE posted while the SQ stays in ERR is flushed as the
 * engine comes by. */
static int
test_sq_error_flushes_posted_wqes(void)
{
	struct emu_dev d;
	struct fl_sq s;
	struct fl_ctx c;
	struct mlx5_cqe64 *cqe;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT_EQ(fl_sq_make(&d, &s, true), MLX5X_TEST_PASS, "sq");
	TEST_ASSERT(fl_query(&s.q, &c) == 0 && c.flush == 1,
		    "QUERY_SQ: flush_in_error_en as created");
	fl_sq_post(&s, true, s.mr->lkey);
	fl_sq_post(&s, false, s.mr->lkey ^ 0x80);
	fl_sq_post(&s, true, s.mr->lkey);
	fl_sq_post(&s, false, s.mr->lkey);
	fl_sq_post(&s, true, s.mr->lkey);
	s.q.dbr[MLX5X_SND_DBR] = htobe32(s.q.pi & 0xffff);
	cqe = emu_q_poll_cqe(&s.q, 200);
	TEST_ASSERT(cqe != NULL && cqe->op_own >> 4 == MLX5_CQE_REQ,
		    "WQE 0 completes");
	FL_OK(fl_err_cqe(&s.q, MLX5_CQE_REQ_ERR,
			 MLX5_CQE_SYNDROME_LOCAL_PROT_ERR, 1),
	      "WQE 1: local protection");
	FL_OK(fl_err_cqe(&s.q, MLX5_CQE_REQ_ERR, MLX5_CQE_SYNDROME_WR_FLUSH_ERR,
			 2),
	      "WQE 2 flushed");
	FL_OK(fl_err_cqe(&s.q, MLX5_CQE_REQ_ERR, MLX5_CQE_SYNDROME_WR_FLUSH_ERR,
			 4),
	      "WQE 4 flushed (3 asked for no CQE)");
	TEST_ASSERT(emu_q_poll_cqe(&s.q, 5) == NULL, "nothing more");
	TEST_ASSERT(fl_query(&s.q, &c) == 0, "query");
	TEST_ASSERT_EQ(c.state, MLX5X_QUEUE_STATE_ERR, "SQ in ERR");
	TEST_ASSERT_EQ(c.hw_counter, 5, "counter at the doorbell record's");
	TEST_ASSERT(emu_wire_got(s.frame, sizeof(s.frame)),
		    "only WQE 0's frame on the wire");
	fl_sq_post(&s, true, s.mr->lkey);
	s.q.dbr[MLX5X_SND_DBR] = htobe32(s.q.pi & 0xffff);
	FL_OK(fl_err_cqe(&s.q, MLX5_CQE_REQ_ERR, MLX5_CQE_SYNDROME_WR_FLUSH_ERR,
			 5),
	      "WQE 5, posted in ERR, flushed");
	TEST_ASSERT_EQ(fl_wire_drain(), 0, "and not sent");
	return fl_sq_end(&d, &s);
}

/* Without flush_in_error_en only the WQE in error completes: the WQEs
 * behind it complete nothing, and the counter stays just past it. */
static int
test_sq_error_without_flush_bit(void)
{
	struct emu_dev d;
	struct fl_sq s;
	struct fl_ctx c;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT_EQ(fl_sq_make(&d, &s, false), MLX5X_TEST_PASS, "sq");
	fl_sq_post(&s, true, s.mr->lkey ^ 0x80);
	fl_sq_post(&s, true, s.mr->lkey);
	fl_sq_post(&s, true, s.mr->lkey);
	s.q.dbr[MLX5X_SND_DBR] = htobe32(s.q.pi & 0xffff);
	FL_OK(fl_err_cqe(&s.q, MLX5_CQE_REQ_ERR,
			 MLX5_CQE_SYNDROME_LOCAL_PROT_ERR, 0),
	      "WQE 0: local protection");
	TEST_ASSERT(emu_q_poll_cqe(&s.q, 5) == NULL, "no flush");
	TEST_ASSERT(fl_query(&s.q, &c) == 0, "query");
	TEST_ASSERT_EQ(c.flush, 0, "QUERY_SQ: flush_in_error_en clear");
	TEST_ASSERT_EQ(c.hw_counter, 1, "counter past the bad WQE only");
	TEST_ASSERT_EQ(fl_wire_drain(), 0, "nothing sent");
	return fl_sq_end(&d, &s);
}

/* MODIFY_SQ RDY -> ERR with nothing posted flushes nothing; what is
 * posted after, while the SQ stays in ERR, is flushed, never sent. */
static int
test_sq_modify_to_err_flushes_later_posts(void)
{
	struct emu_dev d;
	struct fl_sq s;
	struct fl_ctx c;
	uint16_t i;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT_EQ(fl_sq_make(&d, &s, true), MLX5X_TEST_PASS, "sq");
	TEST_ASSERT_EQ(emu_q_modify(&s.q, MLX5X_QUEUE_STATE_RDY,
				    MLX5X_QUEUE_STATE_ERR),
		       0, "RDY -> ERR");
	TEST_ASSERT(emu_q_poll_cqe(&s.q, 5) == NULL, "nothing to flush");
	for (i = 0; i < 3; i++)
		fl_sq_post(&s, true, s.mr->lkey);
	s.q.dbr[MLX5X_SND_DBR] = htobe32(s.q.pi & 0xffff);
	for (i = 0; i < 3; i++)
		FL_OK(fl_err_cqe(&s.q, MLX5_CQE_REQ_ERR,
				 MLX5_CQE_SYNDROME_WR_FLUSH_ERR, i),
		      "WQE %u flushed", i);
	TEST_ASSERT(fl_query(&s.q, &c) == 0, "query");
	TEST_ASSERT_EQ(c.hw_counter, 3, "counter at the doorbell record's");
	TEST_ASSERT_EQ(fl_wire_drain(), 0, "nothing sent");
	return fl_sq_end(&d, &s);
}

MLX5X_TEST_SUITE(emu_flush_suite, "emu_flush", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_rq_error_flushes_posted_wqes),
		 MLX5X_TEST_CASE(test_rq_error_without_flush_bit),
		 MLX5X_TEST_CASE(test_rq_modify_to_err_flushes),
		 MLX5X_TEST_CASE(test_sq_error_flushes_posted_wqes),
		 MLX5X_TEST_CASE(test_sq_error_without_flush_bit),
		 MLX5X_TEST_CASE(test_sq_modify_to_err_flushes_later_posts));
