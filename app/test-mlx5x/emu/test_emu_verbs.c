/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, Verbs queue path: a CQ and a raw packet QP made
 * through Verbs and mapped with mlx5dv_init_obj send a WQE written into
 * the reported ring to the wire, byte for byte, once the QP is in RTS and
 * not before; Verbs WQs behind an indirection table and an RSS QP receive
 * frames spread by the Toeplitz hash the test computes; bad attributes and
 * wrong states answer errno, never traffic.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"
#include "test_toeplitz.h"

static const uint8_t pf_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x00 };

/* Microsoft RSS verification key. */
static uint8_t ms_key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
	0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
	0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
	0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/* Device 0 opened as a Verbs application does: plain ibv_open_device and
 * a PD, nothing through DevX (devx=0 models a kernel without it). */
static int
open_verbs(struct emu_dev *d, const char *config)
{
	struct ibv_device **list;
	int n = 0;

	memset(d, 0, sizeof(*d));
	if (emu_lib_load() != 0 || emu.setup(config, NULL) != 0)
		return -1;
	list = emu.get_device_list(&n);
	if (list == NULL || n < 1) {
		emu.free_device_list(list);
		return -1;
	}
	d->ctx = emu.open_device(list[0]);
	emu.free_device_list(list);
	if (d->ctx == NULL)
		return -1;
	d->pd = emu.alloc_pd(d->ctx);
	return d->pd != NULL ? 0 : -1;
}

/* What ibv_create_qp_ex does for any comp_mask beyond the PD: call the
 * provider's op (the inline would fall back to the exported
 * ibv_create_qp, which the test reaches through dlsym instead). */
static struct ibv_qp *
create_qp_ex(struct ibv_context *ctx, struct ibv_qp_init_attr_ex *attr)
{
	struct verbs_context *v = verbs_get_ctx(ctx);

	if (attr->comp_mask == IBV_QP_INIT_ATTR_PD)
		return emu.create_qp(attr->pd, (struct ibv_qp_init_attr *)attr);
	return v->create_qp_ex(ctx, attr);
}

/* A Verbs CQ, seen through mlx5dv_init_obj as an emu_q for polling. */
static int
verbs_cq(struct emu_dev *d, int cqe, struct ibv_cq **cq, struct emu_q *q)
{
	struct mlx5dv_cq dv;
	struct mlx5dv_obj obj = { .cq = { .out = &dv } };
	uint32_t log = 0;

	*cq = emu.create_cq(d->ctx, cqe, NULL, NULL, 0);
	if (*cq == NULL)
		return -1;
	obj.cq.in = *cq;
	if (emu.dv_init_obj(&obj, MLX5DV_OBJ_CQ) != 0)
		return -1;
	while ((1u << log) < dv.cqe_cnt)
		log++;
	memset(q, 0, sizeof(*q));
	q->d = d;
	q->cq_buf = dv.buf;
	q->cq_dbr = dv.dbrec;
	q->cq_log_sz = log;
	q->cqn = dv.cqn;
	return dv.cqe_size == 64 && dv.cqe_cnt >= (uint32_t)cqe + 1 &&
			       dv.cq_uar != NULL
		       ? 0
		       : -1;
}

static int
qp_to(struct ibv_qp *qp, enum ibv_qp_state s, int extra_mask)
{
	struct ibv_qp_attr a = { .qp_state = s, .port_num = 1 };

	return emu.modify_qp(qp, &a, IBV_QP_STATE | extra_mask);
}

static int
qp_sends_in_rts_only(const char *config)
{
	struct ibv_qp_init_attr_ex qa = { 0 };
	struct mlx5dv_qp dv = { 0 };
	struct mlx5dv_obj obj = { .qp = { .out = &dv } };
	uint8_t frame[128], out[256];
	struct mlx5_cqe64 *cqe;
	struct ibv_qp *qp;
	struct ibv_cq *cq;
	struct ibv_mr *mr;
	struct emu_q q;
	struct emu_dev d;
	uint32_t pi = 0;
	size_t len;
	int i;

	TEST_ASSERT(open_verbs(&d, config) == 0, "open %s", config);
	TEST_ASSERT(verbs_cq(&d, 63, &cq, &q) == 0, "Verbs CQ, init_obj");
	TEST_ASSERT_EQ(q.cqn, cq->handle, "cqn as the CQ's handle");
	qa.qp_type = IBV_QPT_RAW_PACKET;
	qa.send_cq = cq;
	qa.recv_cq = cq;
	qa.cap.max_send_wr = 64;
	qa.cap.max_send_sge = 1;
	qa.comp_mask = IBV_QP_INIT_ATTR_PD;
	qa.pd = d.pd;
	qp = create_qp_ex(d.ctx, &qa);
	TEST_ASSERT(qp != NULL, "raw packet QP");
	TEST_ASSERT(qa.cap.max_send_wr >= 64, "ring holds what was asked");
	TEST_ASSERT_EQ(qp->state, IBV_QPS_RESET, "born in RESET");
	obj.qp.in = qp;
	dv.comp_mask =
		MLX5DV_QP_MASK_RAW_QP_HANDLES | MLX5DV_QP_MASK_UAR_MMAP_OFFSET;
	TEST_ASSERT_EQ(emu.dv_init_obj(&obj, MLX5DV_OBJ_QP), 0, "init_obj QP");
	TEST_ASSERT_EQ(dv.comp_mask,
		       MLX5DV_QP_MASK_RAW_QP_HANDLES |
			       MLX5DV_QP_MASK_UAR_MMAP_OFFSET,
		       "both requested outputs filled");
	TEST_ASSERT_EQ(dv.sq.stride, 64, "64-byte WQEBBs");
	TEST_ASSERT(dv.sq.wqe_cnt >= 64 &&
			    (dv.sq.wqe_cnt & (dv.sq.wqe_cnt - 1)) == 0,
		    "power-of-two ring");
	TEST_ASSERT(dv.bf.reg != NULL && dv.bf.size > 0, "BlueFlame register");
	TEST_ASSERT(dv.dbrec != NULL, "doorbell record");
	TEST_ASSERT(dv.sqn != 0 && dv.tisn != 0 && dv.tirn == 0,
		    "raw handles: SQ and TIS, no TIR");

	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x99\x00\x00\x00\x01",
			     0x0a000001, 0x0a000002, 5, 6, 50);
	mr = emu.reg_mr(d.pd, frame, sizeof(frame), 0);
	TEST_ASSERT(mr != NULL, "mr");

	/* RESET, INIT, RTR: a rung doorbell sends nothing. */
	emu_wqe_send(dv.sq.buf, dv.sq.wqe_cnt, dv.sqn, pi, frame, len,
		     mr->lkey);
	dv.dbrec[MLX5X_SND_DBR] = htobe32(++pi);
	TEST_ASSERT_EQ(qp_to(qp, IBV_QPS_RTS, 0), EINVAL, "RESET -> RTS");
	TEST_ASSERT_EQ(qp_to(qp, IBV_QPS_INIT, 0), EINVAL,
		       "RESET -> INIT without the port");
	TEST_ASSERT_EQ(qp_to(qp, IBV_QPS_INIT, IBV_QP_PORT), 0, "-> INIT");
	TEST_ASSERT_EQ(qp_to(qp, IBV_QPS_RTR, 0), 0, "-> RTR");
	for (i = 0; i < 3; i++)
		emu.poll();
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), 0,
		       "nothing sent before RTS");
	TEST_ASSERT(emu_q_poll_cqe(&q, 0) == NULL, "no completion");

	/* RTS: the SQ starts at software's counter; the next WQE leaves. */
	TEST_ASSERT_EQ(qp_to(qp, IBV_QPS_RTS, 0), 0, "-> RTS");
	emu_wqe_send(dv.sq.buf, dv.sq.wqe_cnt, dv.sqn, pi, frame, len,
		     mr->lkey);
	dv.dbrec[MLX5X_SND_DBR] = htobe32(++pi);
	cqe = emu_q_poll_cqe(&q, 100);
	TEST_ASSERT(cqe != NULL, "send completion");
	TEST_ASSERT_EQ(cqe->op_own >> 4, MLX5_CQE_REQ, "requester CQE");
	TEST_ASSERT_EQ(be16toh(cqe->wqe_counter), 1, "WQE index");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), (int)len,
		       "one frame on the wire");
	TEST_ASSERT(memcmp(out, frame, len) == 0, "bytes on the wire");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), 0,
		       "the WQE posted in RESET never left");

	/* ERR: the SQ stops. */
	TEST_ASSERT_EQ(qp_to(qp, IBV_QPS_ERR, 0), 0, "-> ERR");
	emu_wqe_send(dv.sq.buf, dv.sq.wqe_cnt, dv.sqn, pi, frame, len,
		     mr->lkey);
	dv.dbrec[MLX5X_SND_DBR] = htobe32(++pi);
	for (i = 0; i < 3; i++)
		emu.poll();
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), 0,
		       "nothing sent in ERR");
	TEST_ASSERT_EQ(qp_to(qp, IBV_QPS_RESET, 0), 0, "ERR -> RESET");

	TEST_ASSERT_EQ(emu.destroy_cq(cq), EBUSY, "CQ in use by the QP");
	TEST_ASSERT_EQ(emu.destroy_qp(qp), 0, "destroy QP");
	TEST_ASSERT_EQ(emu.destroy_cq(cq), 0, "destroy CQ");
	emu.dereg_mr(mr);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_verbs_qp_sends_in_rts_only(void)
{
	return qp_sends_in_rts_only("wire=drop");
}

/* The Verbs path is what a kernel without DevX leaves: it must not lean
 * on DevX entry points. */
static int
test_verbs_qp_sends_without_devx(void)
{
	return qp_sends_in_rts_only("wire=drop,devx=0");
}

static int
test_verbs_qp_bad_attributes(void)
{
	struct ibv_qp_init_attr_ex qa = { 0 };
	struct ibv_qp_init_attr ia = { 0 };
	struct ibv_qp *qp;
	struct ibv_cq *cq;
	struct emu_q q;
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(verbs_cq(&d, 15, &cq, &q) == 0, "CQ");
	qa.qp_type = IBV_QPT_UD;
	qa.send_cq = cq;
	qa.recv_cq = cq;
	qa.cap.max_send_wr = 16;
	qa.comp_mask = IBV_QP_INIT_ATTR_PD;
	qa.pd = d.pd;
	errno = 0;
	TEST_ASSERT(create_qp_ex(d.ctx, &qa) == NULL && errno == EOPNOTSUPP,
		    "only raw packet QPs");
	qa.qp_type = IBV_QPT_RAW_PACKET;
	qa.cap.max_recv_wr = 16;
	errno = 0;
	TEST_ASSERT(create_qp_ex(d.ctx, &qa) == NULL && errno == EOPNOTSUPP,
		    "a raw QP with its own RQ is not modelled");
	qa.cap.max_recv_wr = 0;
	qa.cap.max_send_wr = 1u << 20;
	errno = 0;
	TEST_ASSERT(create_qp_ex(d.ctx, &qa) == NULL && errno == EINVAL,
		    "ring larger than log_max_wq_sz");
	/* The plain entry point makes the same QP. */
	ia.qp_type = IBV_QPT_RAW_PACKET;
	ia.send_cq = cq;
	ia.recv_cq = cq;
	ia.cap.max_send_wr = 8;
	qp = emu.create_qp(d.pd, &ia);
	TEST_ASSERT(qp != NULL && qp->qp_num != 0, "ibv_create_qp");
	TEST_ASSERT(ia.cap.max_send_wr >= 8, "caps reported back");
	TEST_ASSERT_EQ(emu.destroy_qp(qp), 0, "destroy");
	TEST_ASSERT_EQ(emu.destroy_cq(cq), 0, "destroy CQ");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* A Verbs WQ with n posted single-segment receives over one MR. */
struct vwq {
	struct ibv_cq *cq;
	struct emu_q q;
	struct ibv_wq *wq;
	struct mlx5dv_rwq dv;
	uint8_t *mem;
	struct ibv_mr *mr;
};

static int
vwq_setup(struct emu_dev *d, struct vwq *w, uint32_t n, uint32_t seg)
{
	struct verbs_context *v = verbs_get_ctx(d->ctx);
	struct ibv_wq_init_attr wa = { 0 };
	struct mlx5dv_obj obj = { .rwq = { .out = &w->dv } };
	uint32_t i;

	memset(w, 0, sizeof(*w));
	if (verbs_cq(d, n, &w->cq, &w->q) != 0)
		return -1;
	wa.wq_type = IBV_WQT_RQ;
	wa.max_wr = n;
	wa.max_sge = 1;
	wa.pd = d->pd;
	wa.cq = w->cq;
	w->wq = v->create_wq(d->ctx, &wa);
	if (w->wq == NULL)
		return -1;
	obj.rwq.in = w->wq;
	if (emu.dv_init_obj(&obj, MLX5DV_OBJ_RWQ) != 0 || w->dv.wqe_cnt < n ||
	    w->dv.stride < 16)
		return -1;
	w->mem = calloc(n, seg);
	w->mr = emu.reg_mr(d->pd, w->mem, (size_t)n * seg,
			   IBV_ACCESS_LOCAL_WRITE);
	if (w->mem == NULL || w->mr == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		struct mlx5_wqe_data_seg *ds =
			(struct mlx5_wqe_data_seg *)((uint8_t *)w->dv.buf +
						     i * w->dv.stride);

		ds->byte_count = htobe32(seg);
		ds->lkey = htobe32(w->mr->lkey);
		ds->addr = htobe64((uintptr_t)(w->mem + (size_t)i * seg));
	}
	w->dv.dbrec[0] = htobe32(n);
	return 0;
}

static int
vwq_ready(struct vwq *w)
{
	struct ibv_wq_attr a = {
		.attr_mask = IBV_WQ_ATTR_STATE | IBV_WQ_ATTR_CURR_STATE,
		.wq_state = IBV_WQS_RDY,
		.curr_wq_state = IBV_WQS_RESET,
	};

	return verbs_get_ctx(w->wq->context)->modify_wq(w->wq, &a);
}

static void
vwq_teardown(struct vwq *w)
{
	if (w->wq != NULL)
		verbs_get_ctx(w->wq->context)->destroy_wq(w->wq);
	if (w->mr != NULL)
		emu.dereg_mr(w->mr);
	if (w->cq != NULL)
		emu.destroy_cq(w->cq);
	free(w->mem);
}

static int
test_verbs_rss_qp_receives(void)
{
	struct ibv_rwq_ind_table_init_attr ia = { 0 };
	struct ibv_qp_init_attr_ex qa = { 0 };
	struct mlx5dv_qp dv = { 0 };
	struct mlx5dv_obj obj = { .qp = { .out = &dv } };
	struct ibv_wq *list[4];
	struct ibv_rwq_ind_table *ind, *one;
	struct verbs_context *v;
	struct vwq w[4];
	struct emu_steer s;
	struct emu_dev d;
	struct ibv_qp *qp, *bad;
	uint8_t frame[128], in[12];
	unsigned int i, k;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	v = verbs_get_ctx(d.ctx);
	for (i = 0; i < 4; i++) {
		TEST_ASSERT(vwq_setup(&d, &w[i], 16, 256) == 0, "WQ %u", i);
		list[i] = w[i].wq;
	}
	ia.log_ind_tbl_size = 2;
	ia.ind_tbl = list;
	ind = v->create_rwq_ind_table(d.ctx, &ia);
	TEST_ASSERT(ind != NULL, "indirection table");
	qa.qp_type = IBV_QPT_RAW_PACKET;
	qa.comp_mask = IBV_QP_INIT_ATTR_PD | IBV_QP_INIT_ATTR_IND_TABLE |
		       IBV_QP_INIT_ATTR_RX_HASH;
	qa.pd = d.pd;
	qa.rwq_ind_tbl = ind;
	qa.rx_hash_conf.rx_hash_function = IBV_RX_HASH_FUNC_TOEPLITZ;
	qa.rx_hash_conf.rx_hash_key_len = 40;
	qa.rx_hash_conf.rx_hash_key = ms_key;
	/* Bad hash configurations first. */
	qa.rx_hash_conf.rx_hash_fields_mask =
		IBV_RX_HASH_SRC_IPV4 | IBV_RX_HASH_DST_IPV6;
	errno = 0;
	TEST_ASSERT(create_qp_ex(d.ctx, &qa) == NULL && errno == EINVAL,
		    "IPv4 and IPv6 fields together");
	qa.rx_hash_conf.rx_hash_fields_mask = 0;
	errno = 0;
	TEST_ASSERT(create_qp_ex(d.ctx, &qa) == NULL && errno == EINVAL,
		    "no fields over four WQs");
	qa.rx_hash_conf.rx_hash_fields_mask =
		IBV_RX_HASH_SRC_IPV4 | IBV_RX_HASH_DST_IPV4 |
		IBV_RX_HASH_SRC_PORT_UDP | IBV_RX_HASH_DST_PORT_UDP;
	qa.rx_hash_conf.rx_hash_key_len = 20;
	errno = 0;
	TEST_ASSERT(create_qp_ex(d.ctx, &qa) == NULL && errno == EINVAL,
		    "key not 40 bytes");
	qa.rx_hash_conf.rx_hash_key_len = 40;
	qp = create_qp_ex(d.ctx, &qa);
	TEST_ASSERT(qp != NULL, "RSS QP");
	dv.comp_mask = MLX5DV_QP_MASK_RAW_QP_HANDLES;
	obj.qp.in = qp;
	TEST_ASSERT_EQ(emu.dv_init_obj(&obj, MLX5DV_OBJ_QP), 0, "init_obj");
	TEST_ASSERT(dv.tirn != 0 && dv.sqn == 0, "a TIR, no SQ");
	TEST_ASSERT_EQ(qp_to(qp, IBV_QPS_INIT, IBV_QP_PORT), ENOSYS,
		       "an RSS QP has no state");
	TEST_ASSERT(emu_steer_tirn(&d, &s, dv.tirn, 0) == 0,
		    "NIC RX root entry to the QP's TIR");

	/* WQs still in RESET: a steered frame finds no ready queue. */
	emu_frame_udp4(frame, pf_mac, 0xc0a80001, 0x0a000001, 1024, 4789, 18);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, 60), 0, "inject");
	for (i = 0; i < 4; i++)
		TEST_ASSERT(emu_q_poll_cqe(&w[i].q, 0) == NULL,
			    "no CQE on WQ %u in RESET", i);
	for (i = 0; i < 4; i++)
		TEST_ASSERT_EQ(vwq_ready(&w[i]), 0, "WQ %u RESET -> RDY", i);
	TEST_ASSERT_EQ(w[0].wq->state, IBV_WQS_RDY, "state reported");
	TEST_ASSERT_EQ(vwq_ready(&w[0]), EINVAL, "current state is not RESET");

	for (k = 0; k < 24; k++) {
		uint32_t sip = 0xc0a80001 + k * 7, want;
		struct mlx5_cqe64 *cqe = NULL;
		unsigned int got = 4;

		emu_frame_udp4(frame, pf_mac, sip, 0x0a000001, 1024 + k * 13,
			       4789, 18);
		memcpy(in, frame + 26, 8);
		memcpy(in + 8, frame + 34, 4);
		want = mlx5x_test_toeplitz(ms_key, sizeof(ms_key), in, 12);
		TEST_ASSERT_EQ(emu.inject_wire(0, frame, 60), 0, "inject");
		for (i = 0; i < 4 && cqe == NULL; i++) {
			cqe = emu_q_poll_cqe(&w[i].q, 0);
			got = i;
		}
		TEST_ASSERT(cqe != NULL, "frame %u delivered", k);
		TEST_ASSERT_EQ(cqe->op_own >> 4, MLX5_CQE_RESP_SEND,
			       "responder CQE");
		TEST_ASSERT_EQ(got, want % 4, "frame %u on WQ hash %% 4", k);
		TEST_ASSERT_EQ(be32toh(*(
				       uint32_t
					       *)((uint8_t *)cqe +
						  MLX5X_CQE_OFF_RSS_HASH_RESULT)),
			       want, "hash in the CQE");
		TEST_ASSERT(memcmp(w[got].mem +
					   (size_t)(be16toh(cqe->wqe_counter) &
						    15) *
						   256,
				   frame, 60) == 0,
			    "bytes in the posted buffer");
	}

	/* Destroy order is enforced: users first. */
	TEST_ASSERT_EQ(v->destroy_wq(w[0].wq), EBUSY, "WQ listed in a table");
	TEST_ASSERT_EQ(v->destroy_rwq_ind_table(ind), EBUSY,
		       "table used by the RSS QP");
	TEST_ASSERT_EQ(emu.destroy_qp(qp), EBUSY, "QP used by a flow entry");
	emu_steer_destroy(&s);
	TEST_ASSERT_EQ(emu.destroy_qp(qp), 0, "destroy RSS QP");
	TEST_ASSERT_EQ(v->destroy_rwq_ind_table(ind), 0, "destroy table");

	/* No hash fields: allowed over a one-entry table (a plain
	 * steering destination). */
	ia.log_ind_tbl_size = 0;
	one = v->create_rwq_ind_table(d.ctx, &ia);
	TEST_ASSERT(one != NULL, "one-entry table");
	qa.rwq_ind_tbl = one;
	qa.rx_hash_conf.rx_hash_fields_mask = 0;
	bad = create_qp_ex(d.ctx, &qa);
	TEST_ASSERT(bad != NULL, "unhashed RSS QP over one WQ");
	TEST_ASSERT_EQ(emu.destroy_qp(bad), 0, "destroy");
	TEST_ASSERT_EQ(v->destroy_rwq_ind_table(one), 0, "destroy table");
	for (i = 0; i < 4; i++)
		vwq_teardown(&w[i]);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* An unhashed RSS QP over one WQ: the plain Verbs steering destination. */
struct vdest {
	struct vwq w;
	struct ibv_rwq_ind_table *ind;
	struct ibv_qp *qp;
};

static int
vdest_setup(struct emu_dev *d, struct vdest *v)
{
	struct verbs_context *vc = verbs_get_ctx(d->ctx);
	struct ibv_rwq_ind_table_init_attr ia = { 0 };
	struct ibv_qp_init_attr_ex qa = { 0 };
	struct ibv_wq *list[1];

	memset(v, 0, sizeof(*v));
	if (vwq_setup(d, &v->w, 16, 256) != 0 || vwq_ready(&v->w) != 0)
		return -1;
	list[0] = v->w.wq;
	ia.ind_tbl = list;
	v->ind = vc->create_rwq_ind_table(d->ctx, &ia);
	if (v->ind == NULL)
		return -1;
	qa.qp_type = IBV_QPT_RAW_PACKET;
	qa.comp_mask = IBV_QP_INIT_ATTR_PD | IBV_QP_INIT_ATTR_IND_TABLE |
		       IBV_QP_INIT_ATTR_RX_HASH;
	qa.pd = d->pd;
	qa.rwq_ind_tbl = v->ind;
	qa.rx_hash_conf.rx_hash_function = IBV_RX_HASH_FUNC_TOEPLITZ;
	qa.rx_hash_conf.rx_hash_key_len = 40;
	qa.rx_hash_conf.rx_hash_key = ms_key;
	v->qp = create_qp_ex(d->ctx, &qa);
	return v->qp != NULL ? 0 : -1;
}

static void
vdest_teardown(struct vdest *v)
{
	if (v->qp != NULL)
		emu.destroy_qp(v->qp);
	if (v->ind != NULL)
		verbs_get_ctx(v->ind->context)->destroy_rwq_ind_table(v->ind);
	vwq_teardown(&v->w);
}

/* Flow attributes followed by their specs, as ibv_create_flow takes. */
struct flow_eth_ip4_udp {
	struct ibv_flow_attr attr;
	struct ibv_flow_spec_eth eth;
	struct ibv_flow_spec_ipv4 ip;
	struct ibv_flow_spec_tcp_udp l4;
	struct ibv_flow_spec_action_tag tag;
} __attribute__((packed));

static void
flow_eth_ip4_udp(struct flow_eth_ip4_udp *f, uint16_t prio, uint32_t dip,
		 uint16_t dport, uint32_t tag)
{
	memset(f, 0, sizeof(*f));
	f->attr.type = IBV_FLOW_ATTR_NORMAL;
	f->attr.size = sizeof(*f);
	f->attr.priority = prio;
	f->attr.num_of_specs = 4;
	f->attr.port = 1;
	f->eth.type = IBV_FLOW_SPEC_ETH;
	f->eth.size = sizeof(f->eth);
	memcpy(f->eth.val.dst_mac, pf_mac, 6);
	memset(f->eth.mask.dst_mac, 0xff, 6);
	f->ip.type = IBV_FLOW_SPEC_IPV4;
	f->ip.size = sizeof(f->ip);
	f->ip.val.dst_ip = htobe32(dip);
	f->ip.mask.dst_ip = 0xffffffff;
	f->l4.type = IBV_FLOW_SPEC_UDP;
	f->l4.size = sizeof(f->l4);
	f->l4.val.dst_port = htobe16(dport);
	f->l4.mask.dst_port = 0xffff;
	f->tag.type = IBV_FLOW_SPEC_ACTION_TAG;
	f->tag.size = sizeof(f->tag);
	f->tag.tag_id = tag;
}

/* Injects a UDP frame to dip:dport; returns a bit per destination that
 * got a CQE, the flow tag of the last one in *tag. */
static unsigned int
send_udp(struct vdest *v, unsigned int n, uint32_t dip, uint16_t dport,
	 uint32_t *tag)
{
	uint8_t frame[128];
	unsigned int i, got = 0;

	emu_frame_udp4(frame, pf_mac, 0x0a000001, dip, 1000, dport, 18);
	if (emu.inject_wire(0, frame, 60) != 0)
		return 0x80;
	for (i = 0; i < n; i++) {
		struct mlx5_cqe64 *cqe = emu_q_poll_cqe(&v[i].w.q, 0);

		if (cqe == NULL)
			continue;
		got |= 1u << i;
		if (tag != NULL)
			*tag = be32toh(cqe->sop_drop_qpn) & 0xffffff;
	}
	return got;
}

static int
flow_steers_by_spec_and_priority(const char *config)
{
	struct flow_eth_ip4_udp fa, fb;
	struct ibv_flow *a, *b, *c;
	struct vdest v[2];
	struct emu_dev d;
	uint32_t tag = 0;

	TEST_ASSERT(open_verbs(&d, config) == 0, "open %s", config);
	TEST_ASSERT(vdest_setup(&d, &v[0]) == 0, "destination 0");
	TEST_ASSERT(vdest_setup(&d, &v[1]) == 0, "destination 1");
	TEST_ASSERT_EQ(send_udp(v, 2, 0x0a000002, 4789, NULL), 0,
		       "no flow, no root table: dropped");

	flow_eth_ip4_udp(&fa, 1, 0x0a000002, 4789, 0x42);
	a = ibv_create_flow(v[0].qp, &fa.attr);
	TEST_ASSERT(a != NULL, "flow A (prio 1) to destination 0");
	TEST_ASSERT_EQ(send_udp(v, 2, 0x0a000002, 4789, &tag), 1,
		       "matching frame reaches destination 0");
	TEST_ASSERT_EQ(tag, 0x42, "flow tag in the CQE");
	TEST_ASSERT_EQ(send_udp(v, 2, 0x0a000002, 4790, NULL), 0,
		       "other UDP port misses");
	TEST_ASSERT_EQ(send_udp(v, 2, 0x0a000003, 4789, NULL), 0,
		       "other IP misses");

	/* A higher precedence (lower value) rule takes the frame. */
	flow_eth_ip4_udp(&fb, 0, 0x0a000002, 4789, 0x43);
	fb.attr.num_of_specs = 1; /* Ethernet only */
	b = ibv_create_flow(v[1].qp, &fb.attr);
	TEST_ASSERT(b != NULL, "flow B (prio 0) to destination 1");
	TEST_ASSERT_EQ(send_udp(v, 2, 0x0a000002, 4789, NULL), 2,
		       "priority 0 wins");
	TEST_ASSERT_EQ(ibv_destroy_flow(b), 0, "destroy B");
	TEST_ASSERT_EQ(send_udp(v, 2, 0x0a000002, 4789, NULL), 1, "back to A");

	/* The same rule for TCP does not take a UDP frame. */
	fb.attr.num_of_specs = 4;
	fb.l4.type = IBV_FLOW_SPEC_TCP;
	b = ibv_create_flow(v[1].qp, &fb.attr);
	TEST_ASSERT(b != NULL, "TCP flow (prio 0) to destination 1");
	TEST_ASSERT_EQ(send_udp(v, 2, 0x0a000002, 4789, NULL), 1,
		       "UDP frame passes the TCP rule");
	TEST_ASSERT_EQ(ibv_destroy_flow(b), 0, "destroy");
	fb.attr.num_of_specs = 1;

	/* Don't trap: both get it. */
	fb.attr.flags = IBV_FLOW_ATTR_FLAGS_DONT_TRAP;
	b = ibv_create_flow(v[1].qp, &fb.attr);
	TEST_ASSERT(b != NULL, "don't-trap flow");
	TEST_ASSERT_EQ(send_udp(v, 2, 0x0a000002, 4789, NULL), 3,
		       "a copy for each");
	TEST_ASSERT_EQ(ibv_destroy_flow(b), 0, "destroy");

	/* Drop at priority 0. */
	fb.attr.flags = 0;
	fb.attr.num_of_specs = 2;
	fb.ip.type = IBV_FLOW_SPEC_ACTION_DROP;
	fb.ip.size = sizeof(struct ibv_flow_spec_action_drop);
	fb.attr.size = sizeof(fb.attr) + sizeof(fb.eth) +
		       sizeof(struct ibv_flow_spec_action_drop);
	b = ibv_create_flow(v[1].qp, &fb.attr);
	TEST_ASSERT(b != NULL, "drop flow");
	TEST_ASSERT_EQ(send_udp(v, 2, 0x0a000002, 4789, NULL), 0, "dropped");
	TEST_ASSERT_EQ(ibv_destroy_flow(b), 0, "destroy");

	/* Default rule: whatever the normal rules leave. */
	memset(&fb, 0, sizeof(fb));
	fb.attr.type = IBV_FLOW_ATTR_ALL_DEFAULT;
	fb.attr.size = sizeof(fb.attr);
	fb.attr.port = 1;
	c = ibv_create_flow(v[1].qp, &fb.attr);
	TEST_ASSERT(c != NULL, "all-default flow");
	TEST_ASSERT_EQ(send_udp(v, 2, 0x0a000002, 4789, NULL), 1,
		       "normal rule first");
	TEST_ASSERT_EQ(send_udp(v, 2, 0x0a000009, 1, NULL), 2,
		       "the rest to the default rule");
	TEST_ASSERT_EQ(ibv_destroy_flow(c), 0, "destroy default");

	TEST_ASSERT_EQ(emu.destroy_qp(v[0].qp), EBUSY,
		       "QP still a flow's destination");
	TEST_ASSERT_EQ(ibv_destroy_flow(a), 0, "destroy A");
	TEST_ASSERT_EQ(send_udp(v, 2, 0x0a000002, 4789, NULL), 0,
		       "no flows: dropped");
	vdest_teardown(&v[1]);
	vdest_teardown(&v[0]);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_verbs_flow_steers_by_spec_and_priority(void)
{
	return flow_steers_by_spec_and_priority("wire=drop");
}

static int
test_verbs_flow_steers_without_devx(void)
{
	return flow_steers_by_spec_and_priority("wire=drop,devx=0");
}

/*
 * A don't-trap flow (IBV_FLOW_ATTR_FLAGS_DONT_TRAP) alone on a port with
 * no root table: its destination gets the frame, and the frame is not
 * counted as dropped though no rule after it takes it (the port's
 * rx_dropped, which a frame no rule takes does raise).
 */
static int
test_verbs_dont_trap_alone_is_no_drop(void)
{
	struct mlx5x_emu_counters c0, c1, c2;
	struct flow_eth_ip4_udp f;
	struct ibv_flow *fl;
	struct vdest v;
	struct emu_dev d;

	TEST_ASSERT(open_verbs(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(vdest_setup(&d, &v) == 0, "destination");
	flow_eth_ip4_udp(&f, 0, 0x0a000002, 4789, 0x44);
	f.attr.flags = IBV_FLOW_ATTR_FLAGS_DONT_TRAP;
	fl = ibv_create_flow(v.qp, &f.attr);
	TEST_ASSERT(fl != NULL, "don't-trap flow");
	TEST_ASSERT_EQ(emu.counters(0, 0, &c0), 0, "counters");
	TEST_ASSERT_EQ(send_udp(&v, 1, 0x0a000002, 4789, NULL), 1,
		       "the don't-trap flow's destination gets the frame");
	TEST_ASSERT_EQ(emu.counters(0, 0, &c1), 0, "counters");
	TEST_ASSERT_EQ(c1.rx_dropped, c0.rx_dropped,
		       "taken by the don't-trap flow: not dropped");
	TEST_ASSERT_EQ(send_udp(&v, 1, 0x0a000002, 4790, NULL), 0,
		       "a frame no rule takes");
	TEST_ASSERT_EQ(emu.counters(0, 0, &c2), 0, "counters");
	TEST_ASSERT_EQ(c2.rx_dropped, c1.rx_dropped + 1, "counted as dropped");
	TEST_ASSERT_EQ(ibv_destroy_flow(fl), 0, "destroy");
	vdest_teardown(&v);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* ---- header rewrite on Verbs flows --------------------------------------- */

/* A flow_eth_ip4_udp and, after it, up to two action handles. */
struct flow_handles {
	struct flow_eth_ip4_udp f;
	struct ibv_flow_spec_action_handle h[2];
} __attribute__((packed));

static void
flow_handles(struct flow_handles *fh, uint16_t prio, const uint8_t *dmac,
	     uint32_t tag, struct ibv_flow_action *a0,
	     struct ibv_flow_action *a1)
{
	unsigned int n = (a0 != NULL) + (a1 != NULL), i;

	flow_eth_ip4_udp(&fh->f, prio, 0x0a000002, 4789, tag);
	memcpy(fh->f.eth.val.dst_mac, dmac, 6);
	memset(fh->h, 0, sizeof(fh->h));
	for (i = 0; i < n; i++) {
		fh->h[i].type = IBV_FLOW_SPEC_ACTION_HANDLE;
		fh->h[i].size = sizeof(fh->h[i]);
		fh->h[i].action = i == 0 ? a0 : a1;
	}
	fh->f.attr.num_of_specs += n;
	fh->f.attr.size = sizeof(fh->f) + n * sizeof(fh->h[0]);
}

/* The UDP frame send_udp sends (60 bytes) into frame. */
static size_t
udp_frame(uint8_t *frame)
{
	return emu_frame_udp4(frame, pf_mac, 0x0a000001, 0x0a000002, 1000, 4789,
			      18);
}

/* Destination i's first CQE: the frame as want (len bytes), reg_b as
 * flow_table_metadata, the flow tag. */
static int
vdest_got(struct vdest *v, const uint8_t *want, size_t len, uint32_t regb,
	  uint32_t tag)
{
	struct mlx5_cqe64 *cqe = emu_q_poll_cqe(&v->w.q, 50);

	TEST_ASSERT(cqe != NULL, "received");
	TEST_ASSERT_EQ(be32toh(cqe->byte_cnt), len, "length");
	TEST_ASSERT(memcmp(v->w.mem, want, len) == 0, "bytes");
	TEST_ASSERT_EQ(be32toh(cqe->imm_inval_pkey), regb,
		       "reg_b in flow_table_metadata");
	TEST_ASSERT_EQ(be32toh(cqe->sop_drop_qpn) & 0xffffff, tag, "flow tag");
	return MLX5X_TEST_PASS;
}

/*
 * A Verbs flow takes a DV modify-header action by handle (mlx5_ib's
 * parse_flow_flow_action). A don't-trap flow at priority 0 rewrites the
 * destination MAC and reg_b on its way to QP 0; mlx5_ib makes its FTE
 * forward to the TIR and to the next priority's table, one rewrite for
 * both: at priority 1 the flow on the rewritten MAC takes the frame to
 * QP 1 as rewritten, with reg_b as the rewrite set it, and the flow on
 * the MAC the frame came with (QP 2) does not see it. Without the
 * don't-trap flow, QP 2's flow takes it as it came. Two modify headers on
 * one flow, or one made for NIC TX, are EINVAL; a held action is EBUSY.
 */
static int
test_verbs_dont_trap_passes_rewrite_on(void)
{
	struct ibv_flow_action *mh, *mh2, *mtx;
	struct ibv_flow *fa, *fb, *fc;
	uint8_t frame[128], want[128];
	struct flow_handles h;
	struct vdest v[3];
	struct emu_dev d;
	size_t len;
	int i;

	TEST_ASSERT(open_verbs(&d, "wire=drop") == 0, "open");
	for (i = 0; i < 3; i++)
		TEST_ASSERT(vdest_setup(&d, &v[i]) == 0, "destination %d", i);
	mh = emu_mh_dmac_regb(&d, 0x5a5a5a5a, MLX5DV_FLOW_TABLE_TYPE_NIC_RX);
	mh2 = emu_mh_dmac_regb(&d, 0, MLX5DV_FLOW_TABLE_TYPE_NIC_RX);
	mtx = emu_mh_dmac_regb(&d, 0, MLX5DV_FLOW_TABLE_TYPE_NIC_TX);
	TEST_ASSERT(mh != NULL && mh2 != NULL && mtx != NULL,
		    "modify-header actions");

	flow_handles(&h, 0, pf_mac, 0x41, mh, mh2);
	errno = 0;
	TEST_ASSERT(ibv_create_flow(v[0].qp, &h.f.attr) == NULL &&
			    errno == EINVAL,
		    "two modify headers on a flow");
	flow_handles(&h, 0, pf_mac, 0x41, mtx, NULL);
	errno = 0;
	TEST_ASSERT(ibv_create_flow(v[0].qp, &h.f.attr) == NULL &&
			    errno == EINVAL,
		    "a NIC TX action on a NIC RX flow");

	flow_handles(&h, 1, emu_beef_mac, 0x42, NULL, NULL);
	fb = ibv_create_flow(v[1].qp, &h.f.attr);
	flow_handles(&h, 1, pf_mac, 0x43, NULL, NULL);
	fc = ibv_create_flow(v[2].qp, &h.f.attr);
	TEST_ASSERT(fb != NULL && fc != NULL,
		    "priority 1: rewritten MAC to QP 1, original to QP 2");
	flow_handles(&h, 0, pf_mac, 0x41, mh, NULL);
	h.f.attr.flags = IBV_FLOW_ATTR_FLAGS_DONT_TRAP;
	fa = ibv_create_flow(v[0].qp, &h.f.attr);
	TEST_ASSERT(fa != NULL, "priority 0: don't trap, rewrite, to QP 0");

	len = udp_frame(frame);
	memcpy(want, frame, len);
	memcpy(want, emu_beef_mac, 6);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends");
	TEST_ASSERT_EQ(vdest_got(&v[0], want, len, 0x5a5a5a5a, 0x41),
		       MLX5X_TEST_PASS, "QP 0: rewritten");
	TEST_ASSERT_EQ(vdest_got(&v[1], want, len, 0x5a5a5a5a, 0x42),
		       MLX5X_TEST_PASS,
		       "QP 1: priority 1 matched the rewritten frame");
	TEST_ASSERT(emu_q_poll_cqe(&v[2].w.q, 0) == NULL,
		    "QP 2: its MAC is gone");
	TEST_ASSERT_EQ(ibv_destroy_flow_action(mh), EBUSY, "held by a flow");

	TEST_ASSERT_EQ(ibv_destroy_flow(fa), 0, "destroy the rewriting flow");
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends");
	TEST_ASSERT(emu_q_poll_cqe(&v[2].w.q, 50) != NULL,
		    "QP 2: the frame as it came");
	TEST_ASSERT(memcmp(v[2].w.mem, frame, len) == 0, "bytes as sent");
	TEST_ASSERT(emu_q_poll_cqe(&v[1].w.q, 0) == NULL, "nothing at QP 1");

	TEST_ASSERT_EQ(ibv_destroy_flow(fb), 0, "destroy");
	TEST_ASSERT_EQ(ibv_destroy_flow(fc), 0, "destroy");
	TEST_ASSERT_EQ(ibv_destroy_flow_action(mtx), 0, "destroy");
	TEST_ASSERT_EQ(ibv_destroy_flow_action(mh2), 0, "destroy");
	TEST_ASSERT_EQ(ibv_destroy_flow_action(mh), 0, "destroy");
	for (i = 2; i >= 0; i--)
		vdest_teardown(&v[i]);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/*
 * A don't-trap flow that drops drops: mlx5_ib forwards nothing on (the
 * rule is a drop, no next priority's table among its destinations), so
 * the flow at priority 1 after it gets nothing and the port counts the
 * drop; without it, priority 1 takes the frame.
 */
static int
test_verbs_dont_trap_drop_drops(void)
{
	struct mlx5x_emu_counters c0, c1;
	struct flow_eth_ip4_udp fn, fd;
	struct ibv_flow *n, *t;
	struct vdest v[2];
	struct emu_dev d;

	TEST_ASSERT(open_verbs(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(vdest_setup(&d, &v[0]) == 0, "destination 0");
	TEST_ASSERT(vdest_setup(&d, &v[1]) == 0, "destination 1");
	flow_eth_ip4_udp(&fn, 1, 0x0a000002, 4789, 0x41);
	n = ibv_create_flow(v[0].qp, &fn.attr);
	TEST_ASSERT(n != NULL, "priority 1 to destination 0");
	flow_eth_ip4_udp(&fd, 0, 0x0a000002, 4789, 0x42);
	fd.attr.flags = IBV_FLOW_ATTR_FLAGS_DONT_TRAP;
	fd.attr.num_of_specs = 2;
	fd.ip.type = IBV_FLOW_SPEC_ACTION_DROP;
	fd.ip.size = sizeof(struct ibv_flow_spec_action_drop);
	fd.attr.size = sizeof(fd.attr) + sizeof(fd.eth) +
		       sizeof(struct ibv_flow_spec_action_drop);
	t = ibv_create_flow(v[1].qp, &fd.attr);
	TEST_ASSERT(t != NULL, "priority 0, don't trap, drop");
	TEST_ASSERT_EQ(emu.counters(0, 0, &c0), 0, "counters");
	TEST_ASSERT_EQ(send_udp(v, 2, 0x0a000002, 4789, NULL), 0,
		       "dropped: priority 1 does not see it");
	TEST_ASSERT_EQ(emu.counters(0, 0, &c1), 0, "counters");
	TEST_ASSERT_EQ(c1.rx_dropped, c0.rx_dropped + 1, "counted dropped");
	TEST_ASSERT_EQ(ibv_destroy_flow(t), 0, "destroy");
	TEST_ASSERT_EQ(send_udp(v, 2, 0x0a000002, 4789, NULL), 1,
		       "without it, priority 1 takes it");
	TEST_ASSERT_EQ(ibv_destroy_flow(n), 0, "destroy");
	vdest_teardown(&v[1]);
	vdest_teardown(&v[0]);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/*
 * mlx5_ib places a don't-trap flow of priority p before the other flows
 * of p (ib_prio_to_core_prio: 2p against 2p + 1), whatever the order they
 * were made in: a normal flow at priority 0 made first and a don't-trap
 * one at 0 after it both get the frame; a normal flow at priority 0 is
 * still before a don't-trap one at 1, which then gets nothing.
 */
static int
test_verbs_dont_trap_first_in_its_priority(void)
{
	struct flow_eth_ip4_udp fn, fd;
	struct ibv_flow *n, *t;
	struct vdest v[2];
	struct emu_dev d;

	TEST_ASSERT(open_verbs(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(vdest_setup(&d, &v[0]) == 0, "destination 0");
	TEST_ASSERT(vdest_setup(&d, &v[1]) == 0, "destination 1");
	flow_eth_ip4_udp(&fn, 0, 0x0a000002, 4789, 0x41);
	n = ibv_create_flow(v[0].qp, &fn.attr);
	TEST_ASSERT(n != NULL, "priority 0 to destination 0, first");
	flow_eth_ip4_udp(&fd, 0, 0x0a000002, 4789, 0x42);
	fd.attr.flags = IBV_FLOW_ATTR_FLAGS_DONT_TRAP;
	t = ibv_create_flow(v[1].qp, &fd.attr);
	TEST_ASSERT(t != NULL, "priority 0, don't trap, to destination 1");
	TEST_ASSERT_EQ(send_udp(v, 2, 0x0a000002, 4789, NULL), 3,
		       "the don't-trap flow first, then the other");
	TEST_ASSERT_EQ(ibv_destroy_flow(t), 0, "destroy");
	fd.attr.priority = 1;
	t = ibv_create_flow(v[1].qp, &fd.attr);
	TEST_ASSERT(t != NULL, "priority 1, don't trap, to destination 1");
	TEST_ASSERT_EQ(send_udp(v, 2, 0x0a000002, 4789, NULL), 1,
		       "priority 0 takes it before");
	TEST_ASSERT_EQ(ibv_destroy_flow(t), 0, "destroy");
	TEST_ASSERT_EQ(ibv_destroy_flow(n), 0, "destroy");
	vdest_teardown(&v[1]);
	vdest_teardown(&v[0]);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* The FDB root of d (switchdev): the wire's frames (source port the
 * uplink) to VF 0's vport, the others miss. 0, or -1. */
static int
fdb_wire_to_vf0(struct emu_dev *d, struct mlx5dv_devx_obj **o)
{
	const uint32_t fdb = MLX5X_FLOW_TABLE_TYPE_FDB;
	const size_t port =
		MLX5X_BYTE_OFF(fte_match_param,
			       misc_parameters.source_eswitch_owner_vhca_id);
	uint8_t tin[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t gin[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint8_t fin[EMU_FTE_ONE_DEST_BYTES] = { 0 };
	uint32_t ft, fg;

	MLX5X_SET(create_flow_table_in, tin, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, tin, table_type, fdb);
	MLX5X_SET(flow_table_context,
		  MLX5X_ADDR_OF(create_flow_table_in, tin, flow_table_context),
		  log_size, 4);
	ft = emu_obj_id(d, tin, sizeof(tin), &o[0]);
	/* source_port: the low 16 bits of the word at port. */
	emu_fg_in_one_word(gin, fdb, ft, MLX5X_MATCH_MISC_PARAMETERS, port,
			   0xffff);
	fg = emu_obj_id(d, gin, sizeof(gin), &o[1]);
	emu_fte_in_one_word(fin, fdb, ft, fg, 0, port, MLX5X_VPORT_UPLINK, 0,
			    MLX5X_FLOW_DESTINATION_TYPE_VPORT, 1);
	emu_obj_id(d, fin, sizeof(fin), &o[2]);
	if (o[0] == NULL || o[1] == NULL || o[2] == NULL)
		return -1;
	return emu_ft_root_set(d, fdb, ft, 0) == 0 ? 0 : -1;
}

/*
 * Switchdev, VF ends in loop mode: a wire frame the FDB sends to VF 0
 * comes back in from VF 0 on the next engine pass, misses the FDB and
 * reaches the manager's NIC RX, where a Verbs flow (kernel-managed, so
 * first) takes it to its QP before the root table's catch-all to a TIR:
 * the VF's frames meet the kernel-managed rules as the wire's do.
 */
static int
test_verbs_flow_first_for_vf_frames(void)
{
	struct mlx5dv_devx_obj *fdb[3] = { NULL }, *ft, *fg, *e;
	struct flow_eth_ip4_udp f;
	struct emu_rx_tir rx;
	struct ibv_flow *fl;
	uint8_t frame[128];
	struct vdest v;
	struct emu_dev d;
	uint32_t t, g;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "vfs=2,wire=drop,vf_end=loop") == 0,
		    "open");
	TEST_ASSERT_EQ(emu_rx_tir_make(&d, &rx), MLX5X_TEST_PASS, "rq, TIR");
	t = emu_nic_rx_table(&d, 0, 0, &ft);
	g = emu_nic_rx_group(&d, t, 0, 0, NULL, &fg);
	TEST_ASSERT(t != 0 && g != 0, "NIC RX table, catch-all group");
	e = emu_nic_rx_entry(&d, t, g, 0, NULL,
			     MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST, 0x11, rx.tirn,
			     0);
	TEST_ASSERT(e != NULL, "catch-all to the TIR");
	TEST_ASSERT_EQ(emu_ft_root_set(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, t, 0),
		       0, "NIC RX root");
	TEST_ASSERT(vdest_setup(&d, &v) == 0, "Verbs destination");
	flow_eth_ip4_udp(&f, 0, 0x0a000002, 4789, 0x42);
	fl = ibv_create_flow(v.qp, &f.attr);
	TEST_ASSERT(fl != NULL, "Verbs flow to the QP");
	TEST_ASSERT_EQ(fdb_wire_to_vf0(&d, fdb), 0, "FDB: wire to VF 0");
	len = emu_frame_udp4(frame, pf_mac, 0x0a000001, 0x0a000002, 1000, 4789,
			     18);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends");
	emu.poll();
	emu.poll();
	TEST_ASSERT(emu_q_poll_cqe(&v.w.q, 100) != NULL,
		    "VF 0's frame: the Verbs flow's QP");
	TEST_ASSERT(emu_q_poll_cqe(&rx.rq, 0) == NULL,
		    "VF 0's frame: not the root table's TIR");
	TEST_ASSERT_EQ(emu_ft_root_set(&d, MLX5X_FLOW_TABLE_TYPE_FDB, 0, 1), 0,
		       "FDB root off");
	emu.obj_destroy(fdb[2]);
	emu.obj_destroy(fdb[1]);
	emu.obj_destroy(fdb[0]);
	TEST_ASSERT_EQ(ibv_destroy_flow(fl), 0, "destroy flow");
	vdest_teardown(&v);
	TEST_ASSERT_EQ(emu_ft_root_set(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, 0, 1),
		       0, "NIC RX root off");
	emu.obj_destroy(e);
	emu.obj_destroy(fg);
	emu.obj_destroy(ft);
	emu_rx_tir_free(&rx);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* A VXLAN frame (RFC 7348) to pf_mac: outer UDP 4789 without checksum,
 * VNI vni, inner UDP/IPv4 to inner_dip. */
static size_t
vxlan_frame(uint8_t *f, uint32_t vni, uint32_t inner_dip)
{
	uint8_t inner[128];
	size_t il = emu_frame_udp4(inner,
				   (const uint8_t *)"\x02\x00\x00\x00\x00\x02",
				   0xc0a80001, inner_dip, 5000, 6000, 10);
	size_t len = emu_frame_udp4(f, pf_mac, 0x0a000001, 0x0a000002, 1234,
				    4789, 8 + il);

	f[40] = f[41] = 0; /* IPv4 UDP may omit its checksum */
	memset(f + 42, 0, 8);
	f[42] = 0x08; /* I: the VNI is valid */
	f[46] = (uint8_t)(vni >> 16);
	f[47] = (uint8_t)(vni >> 8);
	f[48] = (uint8_t)vni;
	memcpy(f + 50, inner, il);
	return len;
}

struct flow_vxlan {
	struct ibv_flow_attr attr;
	struct ibv_flow_spec_eth eth;
	struct ibv_flow_spec_tunnel vx;
	struct ibv_flow_spec_ipv4 inner_ip;
	struct ibv_flow_spec_action_tag tag;
} __attribute__((packed));

static unsigned int
send_frame(struct vdest *v, const uint8_t *f, size_t len, uint32_t *tag)
{
	struct mlx5_cqe64 *cqe;

	if (emu.inject_wire(0, f, len) != 0)
		return 0x80;
	cqe = emu_q_poll_cqe(&v->w.q, 0);
	if (cqe == NULL)
		return 0;
	*tag = be32toh(cqe->sop_drop_qpn) & 0xffffff;
	return 1;
}

static int
test_verbs_flow_vxlan_and_inner(void)
{
	struct flow_vxlan fv;
	struct ibv_flow *f;
	struct vdest v;
	struct emu_dev d;
	uint8_t frame[256];
	uint32_t tag = 0;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(vdest_setup(&d, &v) == 0, "destination");
	memset(&fv, 0, sizeof(fv));
	fv.attr.type = IBV_FLOW_ATTR_NORMAL;
	fv.attr.size = sizeof(fv);
	fv.attr.num_of_specs = 4;
	fv.attr.port = 1;
	fv.eth.type = IBV_FLOW_SPEC_ETH;
	fv.eth.size = sizeof(fv.eth);
	memcpy(fv.eth.val.dst_mac, pf_mac, 6);
	memset(fv.eth.mask.dst_mac, 0xff, 6);
	fv.vx.type = IBV_FLOW_SPEC_VXLAN_TUNNEL;
	fv.vx.size = sizeof(fv.vx);
	fv.vx.val.tunnel_id = htobe32(42);
	fv.vx.mask.tunnel_id = htobe32(0xffffff);
	fv.inner_ip.type = IBV_FLOW_SPEC_IPV4 | IBV_FLOW_SPEC_INNER;
	fv.inner_ip.size = sizeof(fv.inner_ip);
	fv.inner_ip.val.dst_ip = htobe32(0xc0a80002);
	fv.inner_ip.mask.dst_ip = 0xffffffff;
	fv.tag.type = IBV_FLOW_SPEC_ACTION_TAG;
	fv.tag.size = sizeof(fv.tag);
	fv.tag.tag_id = 0x4242;
	f = ibv_create_flow(v.qp, &fv.attr);
	TEST_ASSERT(f != NULL, "flow: VNI 42, inner IPv4 192.168.0.2");
	len = vxlan_frame(frame, 42, 0xc0a80002);
	TEST_ASSERT_EQ(send_frame(&v, frame, len, &tag), 1, "tunnelled frame");
	TEST_ASSERT_EQ(tag, 0x4242, "its tag");
	len = vxlan_frame(frame, 43, 0xc0a80002);
	TEST_ASSERT_EQ(send_frame(&v, frame, len, &tag), 0, "other VNI");
	len = vxlan_frame(frame, 42, 0xc0a80003);
	TEST_ASSERT_EQ(send_frame(&v, frame, len, &tag), 0, "other inner IP");
	len = emu_frame_udp4(frame, pf_mac, 0x0a000001, 0xc0a80002, 1, 2, 30);
	TEST_ASSERT_EQ(send_frame(&v, frame, len, &tag), 0,
		       "outer IP alone is not inner");
	TEST_ASSERT_EQ(ibv_destroy_flow(f), 0, "destroy");
	/* A tunnel spec cannot be inner. */
	fv.vx.type = IBV_FLOW_SPEC_VXLAN_TUNNEL | IBV_FLOW_SPEC_INNER;
	errno = 0;
	TEST_ASSERT(ibv_create_flow(v.qp, &fv.attr) == NULL && errno == EINVAL,
		    "inner VXLAN spec");
	vdest_teardown(&v);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_verbs_flow_bad_attributes(void)
{
	struct flow_eth_ip4_udp f;
	struct ibv_qp_init_attr ia = { 0 };
	struct ibv_qp *tx;
	struct ibv_cq *cq;
	struct emu_q q;
	struct vdest v;
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(vdest_setup(&d, &v) == 0, "destination");
	flow_eth_ip4_udp(&f, 16, 0x0a000002, 4789, 1);
	errno = 0;
	TEST_ASSERT(ibv_create_flow(v.qp, &f.attr) == NULL && errno == ENOMEM,
		    "priority beyond the 16 bypass priorities");
	flow_eth_ip4_udp(&f, 0, 0x0a000002, 4789, 1);
	f.attr.port = 0;
	errno = 0;
	TEST_ASSERT(ibv_create_flow(v.qp, &f.attr) == NULL && errno == EINVAL,
		    "port 0");
	flow_eth_ip4_udp(&f, 0, 0x0a000002, 4789, 1);
	f.attr.flags = IBV_FLOW_ATTR_FLAGS_EGRESS;
	errno = 0;
	TEST_ASSERT(ibv_create_flow(v.qp, &f.attr) == NULL &&
			    errno == EOPNOTSUPP,
		    "egress flows not modelled");
	flow_eth_ip4_udp(&f, 0, 0x0a000002, 4789, 1);
	f.ip.size = 4;
	errno = 0;
	TEST_ASSERT(ibv_create_flow(v.qp, &f.attr) == NULL && errno == EINVAL,
		    "spec of the wrong size");
	flow_eth_ip4_udp(&f, 0, 0x0a000002, 4789, 1);
	f.tag.tag_id = 1u << 24;
	errno = 0;
	TEST_ASSERT(ibv_create_flow(v.qp, &f.attr) == NULL && errno == EINVAL,
		    "tag wider than 24 bits");
	flow_eth_ip4_udp(&f, 0, 0x0a000002, 4789, 1);
	f.attr.num_of_specs = 9;
	errno = 0;
	TEST_ASSERT(ibv_create_flow(v.qp, &f.attr) == NULL && errno == EINVAL,
		    "more specs than the size holds");
	/* A send-only QP is no destination. */
	TEST_ASSERT(verbs_cq(&d, 15, &cq, &q) == 0, "CQ");
	ia.qp_type = IBV_QPT_RAW_PACKET;
	ia.send_cq = cq;
	ia.recv_cq = cq;
	ia.cap.max_send_wr = 8;
	tx = emu.create_qp(d.pd, &ia);
	TEST_ASSERT(tx != NULL, "Tx QP");
	flow_eth_ip4_udp(&f, 0, 0x0a000002, 4789, 1);
	errno = 0;
	TEST_ASSERT(ibv_create_flow(tx, &f.attr) == NULL && errno == EINVAL,
		    "flow to a send-only QP");
	TEST_ASSERT_EQ(emu.destroy_qp(tx), 0, "destroy Tx QP");
	TEST_ASSERT_EQ(emu.destroy_cq(cq), 0, "destroy CQ");
	TEST_ASSERT_EQ(send_udp(&v, 1, 0x0a000002, 4789, NULL), 0,
		       "no rule left behind");
	vdest_teardown(&v);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* mlx5dv_create_cq with a compressed CQE format: a Verbs WQ on it sees a
 * burst complete as one session, decoded here from the PRM layout
 * (checksum format: checksum, stride index | byte count). */
static int
test_verbs_dv_cq_compresses(void)
{
	struct ibv_cq_init_attr_ex ca = { .cqe = 63 };
	struct mlx5dv_cq_init_attr dca = {
		.comp_mask = MLX5DV_CQ_INIT_ATTR_MASK_COMPRESSED_CQE,
		.cqe_comp_res_format = MLX5DV_CQE_RES_FORMAT_CSUM,
	};
	struct mlx5dv_context dvc = {
		.comp_mask = MLX5DV_CONTEXT_MASK_CQE_COMPRESION,
	};
	struct mlx5dv_cq dcq;
	struct mlx5dv_obj obj = { .cq = { .out = &dcq } };
	struct verbs_context *vc;
	struct ibv_wq_init_attr wa = { 0 };
	struct ibv_wq_attr ready = { .attr_mask = IBV_WQ_ATTR_STATE,
				     .wq_state = IBV_WQS_RDY };
	struct ibv_rwq_ind_table_init_attr ia = { 0 };
	struct ibv_qp_init_attr_ex qa = { 0 };
	struct mlx5dv_qp dqp = { .comp_mask = MLX5DV_QP_MASK_RAW_QP_HANDLES };
	struct mlx5dv_rwq drwq;
	struct ibv_rwq_ind_table *ind;
	struct ibv_cq_ex *cq;
	struct ibv_wq *wq;
	struct ibv_qp *qp;
	struct ibv_mr *mr;
	struct emu_steer st;
	struct emu_dev d;
	struct emu_q q;
	static uint8_t frames[8][128];
	const void *fp[8];
	size_t lens[8];
	struct mlx5_cqe64 *title;
	uint8_t *mem;
	uint32_t i;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,wire=drop") == 0, "open");
	vc = verbs_get_ctx(d.ctx);
	TEST_ASSERT_EQ(emu.dv_query_device(d.ctx, &dvc), 0, "query");
	TEST_ASSERT(dvc.cqe_comp_caps.supported_format &
			    MLX5DV_CQE_RES_FORMAT_CSUM,
		    "checksum format offered");
	dca.cqe_size = 128;
	dca.comp_mask |= MLX5DV_CQ_INIT_ATTR_MASK_CQE_SIZE;
	errno = 0;
	TEST_ASSERT(emu.dv_create_cq(d.ctx, &ca, &dca) == NULL &&
			    errno == EINVAL,
		    "128-byte CQEs not modelled");
	dca.comp_mask &= ~(uint64_t)MLX5DV_CQ_INIT_ATTR_MASK_CQE_SIZE;
	dca.cqe_comp_res_format =
		MLX5DV_CQE_RES_FORMAT_HASH | MLX5DV_CQE_RES_FORMAT_CSUM;
	errno = 0;
	TEST_ASSERT(emu.dv_create_cq(d.ctx, &ca, &dca) == NULL &&
			    errno == EINVAL,
		    "one format at a time");
	dca.cqe_comp_res_format = MLX5DV_CQE_RES_FORMAT_CSUM;
	cq = emu.dv_create_cq(d.ctx, &ca, &dca);
	TEST_ASSERT(cq != NULL, "compressing CQ");
	obj.cq.in = ibv_cq_ex_to_cq(cq);
	TEST_ASSERT_EQ(emu.dv_init_obj(&obj, MLX5DV_OBJ_CQ), 0, "init_obj");
	memset(&q, 0, sizeof(q));
	q.cq_buf = dcq.buf;
	q.cq_dbr = dcq.dbrec;
	while ((1u << q.cq_log_sz) < dcq.cqe_cnt)
		q.cq_log_sz++;

	wa.wq_type = IBV_WQT_RQ;
	wa.max_wr = 16;
	wa.max_sge = 1;
	wa.pd = d.pd;
	wa.cq = ibv_cq_ex_to_cq(cq);
	wq = vc->create_wq(d.ctx, &wa);
	TEST_ASSERT(wq != NULL, "WQ on it");
	obj.rwq.in = wq;
	obj.rwq.out = &drwq;
	TEST_ASSERT_EQ(emu.dv_init_obj(&obj, MLX5DV_OBJ_RWQ), 0, "RWQ");
	mem = calloc(16, 256);
	mr = emu.reg_mr(d.pd, mem, 16 * 256, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(mem != NULL && mr != NULL, "buffers");
	for (i = 0; i < 16; i++) {
		struct mlx5_wqe_data_seg *ds =
			(struct mlx5_wqe_data_seg *)((uint8_t *)drwq.buf +
						     i * drwq.stride);

		ds->byte_count = htobe32(256);
		ds->lkey = htobe32(mr->lkey);
		ds->addr = htobe64((uintptr_t)(mem + i * 256));
	}
	drwq.dbrec[0] = htobe32(16);
	TEST_ASSERT_EQ(vc->modify_wq(wq, &ready), 0, "WQ ready");
	ia.ind_tbl = &wq;
	ind = vc->create_rwq_ind_table(d.ctx, &ia);
	TEST_ASSERT(ind != NULL, "table");
	qa.qp_type = IBV_QPT_RAW_PACKET;
	qa.comp_mask = IBV_QP_INIT_ATTR_PD | IBV_QP_INIT_ATTR_IND_TABLE |
		       IBV_QP_INIT_ATTR_RX_HASH;
	qa.pd = d.pd;
	qa.rwq_ind_tbl = ind;
	qa.rx_hash_conf.rx_hash_function = IBV_RX_HASH_FUNC_TOEPLITZ;
	qa.rx_hash_conf.rx_hash_key_len = 40;
	qa.rx_hash_conf.rx_hash_key = ms_key;
	qp = create_qp_ex(d.ctx, &qa);
	TEST_ASSERT(qp != NULL, "QP");
	obj.qp.in = qp;
	obj.qp.out = &dqp;
	TEST_ASSERT_EQ(emu.dv_init_obj(&obj, MLX5DV_OBJ_QP), 0, "QP obj");
	TEST_ASSERT(emu_steer_tirn(&d, &st, dqp.tirn, 0) == 0, "steering");
	for (i = 0; i < 8; i++) {
		lens[i] = emu_frame_udp4(frames[i], pf_mac, 0x0a000001,
					 0x0a000002, 1000, 2000, 18 + i);
		fp[i] = frames[i];
	}
	TEST_ASSERT_EQ(emu.inject_wire_burst(0, fp, lens, 8), 0, "burst");
	title = emu_q_poll_cqe(&q, 10);
	TEST_ASSERT(title != NULL && ((title->op_own >> 2) & 3) == 3,
		    "compressed session");
	TEST_ASSERT_EQ(be32toh(title->byte_cnt), 8, "8 packets");
	for (i = 0; i < 8; i++) {
		const uint8_t *m = q.cq_buf + 64 + i * 8;
		uint32_t bc;

		memcpy(&bc, m + 4, 4);
		TEST_ASSERT_EQ(be32toh(bc), lens[i], "mini %u length", i);
	}
	emu_steer_destroy(&st);
	TEST_ASSERT_EQ(emu.destroy_qp(qp), 0, "destroy QP");
	TEST_ASSERT_EQ(vc->destroy_rwq_ind_table(ind), 0, "destroy table");
	TEST_ASSERT_EQ(vc->destroy_wq(wq), 0, "destroy WQ");
	TEST_ASSERT_EQ(emu.destroy_cq(ibv_cq_ex_to_cq(cq)), 0, "destroy CQ");
	emu.dereg_mr(mr);
	free(mem);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* mlx5dv_create_wq with striding RQ attributes: a Verbs WQ of 512-stride
 * WQEs whose frames complete with the stride in wqe_counter and the
 * strides used in byte_cnt (PRM striding RQ CQE). */
static int
test_verbs_striding_wq(void)
{
	struct mlx5dv_wq_init_attr dwa = {
		.comp_mask = MLX5DV_WQ_INIT_ATTR_MASK_STRIDING_RQ,
		.striding_rq_attrs = { .single_stride_log_num_of_bytes = 6,
				       .single_wqe_log_num_of_strides = 9 },
	};
	struct ibv_wq_init_attr wa = { 0 };
	struct ibv_wq_attr ready = { .attr_mask = IBV_WQ_ATTR_STATE,
				     .wq_state = IBV_WQS_RDY };
	struct ibv_rwq_ind_table_init_attr ia = { 0 };
	struct ibv_qp_init_attr_ex qa = { 0 };
	struct mlx5dv_qp dqp = { .comp_mask = MLX5DV_QP_MASK_RAW_QP_HANDLES };
	struct mlx5dv_rwq drwq;
	struct mlx5dv_obj obj = { .rwq = { .out = &drwq } };
	struct verbs_context *vc;
	struct ibv_rwq_ind_table *ind;
	struct mlx5_cqe64 *cqe;
	struct ibv_cq *cq;
	struct ibv_wq *wq;
	struct ibv_qp *qp;
	struct ibv_mr *mr;
	struct emu_steer st;
	struct emu_dev d;
	struct emu_q q;
	uint8_t frame[256], *mem;
	size_t len;
	uint32_t i, bc;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,wire=drop") == 0, "open");
	vc = verbs_get_ctx(d.ctx);
	TEST_ASSERT(verbs_cq(&d, 63, &cq, &q) == 0, "CQ");
	wa.wq_type = IBV_WQT_RQ;
	wa.max_wr = 4;
	wa.max_sge = 1;
	wa.pd = d.pd;
	wa.cq = cq;
	/* ConnectX-5's ext_stride_num_range: 8 strides and up (the DevX
	 * path and the cap off: emu_caps). */
	dwa.striding_rq_attrs.single_wqe_log_num_of_strides = 2;
	errno = 0;
	TEST_ASSERT(emu.dv_create_wq(d.ctx, &wa, &dwa) == NULL &&
			    errno == EINVAL,
		    "fewer than 8 strides");
	dwa.striding_rq_attrs.single_wqe_log_num_of_strides = 9;
	wq = emu.dv_create_wq(d.ctx, &wa, &dwa);
	TEST_ASSERT(wq != NULL, "striding WQ");
	obj.rwq.in = wq;
	TEST_ASSERT_EQ(emu.dv_init_obj(&obj, MLX5DV_OBJ_RWQ), 0, "RWQ");
	TEST_ASSERT_EQ(drwq.stride, 32, "next segment + data segment");
	mem = calloc(4, 512 * 64);
	mr = emu.reg_mr(d.pd, mem, 4 * 512 * 64, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(mem != NULL && mr != NULL, "buffers");
	for (i = 0; i < 4; i++) {
		struct mlx5_wqe_data_seg *ds =
			(struct mlx5_wqe_data_seg *)((uint8_t *)drwq.buf +
						     i * 32 + 16);

		ds->byte_count = htobe32(512 * 64);
		ds->lkey = htobe32(mr->lkey);
		ds->addr = htobe64((uintptr_t)(mem + i * 512 * 64));
	}
	drwq.dbrec[0] = htobe32(4);
	TEST_ASSERT_EQ(vc->modify_wq(wq, &ready), 0, "ready");
	ia.ind_tbl = &wq;
	ind = vc->create_rwq_ind_table(d.ctx, &ia);
	TEST_ASSERT(ind != NULL, "table");
	qa.qp_type = IBV_QPT_RAW_PACKET;
	qa.comp_mask = IBV_QP_INIT_ATTR_PD | IBV_QP_INIT_ATTR_IND_TABLE |
		       IBV_QP_INIT_ATTR_RX_HASH;
	qa.pd = d.pd;
	qa.rwq_ind_tbl = ind;
	qa.rx_hash_conf.rx_hash_function = IBV_RX_HASH_FUNC_TOEPLITZ;
	qa.rx_hash_conf.rx_hash_key_len = 40;
	qa.rx_hash_conf.rx_hash_key = ms_key;
	qp = create_qp_ex(d.ctx, &qa);
	TEST_ASSERT(qp != NULL, "QP");
	obj.qp.in = qp;
	obj.qp.out = &dqp;
	TEST_ASSERT_EQ(emu.dv_init_obj(&obj, MLX5DV_OBJ_QP), 0, "QP obj");
	TEST_ASSERT(emu_steer_tirn(&d, &st, dqp.tirn, 0) == 0, "steering");
	for (i = 0; i < 2; i++) {
		len = emu_frame_udp4(frame, pf_mac, 0x0a000001, 0x0a000002, 1,
				     2, 100);
		TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject");
		cqe = emu_q_poll_cqe(&q, 10);
		TEST_ASSERT(cqe != NULL, "CQE %u", i);
		bc = be32toh(cqe->byte_cnt);
		TEST_ASSERT_EQ(bc & 0xffff, len, "length");
		TEST_ASSERT_EQ((bc >> 16) & 0x3fff, 3, "142 bytes: 3 strides");
		TEST_ASSERT_EQ(be16toh(cqe->wqe_counter), 3 * i, "stride");
		TEST_ASSERT_EQ(be16toh(cqe->wqe_id), 0, "WQE 0");
		TEST_ASSERT(memcmp(mem + 3 * i * 64, frame, len) == 0,
			    "bytes at stride %u", 3 * i);
	}
	emu_steer_destroy(&st);
	TEST_ASSERT_EQ(emu.destroy_qp(qp), 0, "destroy QP");
	TEST_ASSERT_EQ(vc->destroy_rwq_ind_table(ind), 0, "destroy table");
	TEST_ASSERT_EQ(vc->destroy_wq(wq), 0, "destroy WQ");
	TEST_ASSERT_EQ(emu.destroy_cq(cq), 0, "destroy CQ");
	emu.dereg_mr(mr);
	free(mem);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* mlx5_core's rule (mlx5_query_min_inline) for a raw packet QP's SQ: the
 * caps' wqe_inline_mode (0 L2, 1 vport context, 2 not required) becomes
 * sqc.min_wqe_inline_mode in its own encoding (0 none, 1 L2, 2 IP, 3
 * TCP/UDP): cx4 (caps L2) and cx4lx (its vport context says L2) need L2,
 * cx5 nothing. QUERY_SQ reads it back. */
static int
test_verbs_qp_sq_inline_mode(void)
{
	static const struct {
		const char *config;
		unsigned int mode;
	} m[] = {
		{ "model=cx4,wire=drop", 1 },
		{ "model=cx4lx,wire=drop", 1 },
		{ "model=cx5,wire=drop", 0 },
	};
	uint8_t in[MLX5X_ST_SZ_BYTES(obj_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(query_sq_out)];
	unsigned int i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		struct ibv_qp_init_attr_ex qa = { 0 };
		struct mlx5dv_qp dv = { 0 };
		struct mlx5dv_obj obj = { .qp = { .out = &dv } };
		struct ibv_qp *qp;
		struct ibv_cq *cq;
		struct emu_dev d;
		struct emu_q q;

		TEST_ASSERT(open_verbs(&d, m[i].config) == 0, "open %s",
			    m[i].config);
		TEST_ASSERT(verbs_cq(&d, 63, &cq, &q) == 0, "CQ");
		qa.qp_type = IBV_QPT_RAW_PACKET;
		qa.send_cq = cq;
		qa.recv_cq = cq;
		qa.cap.max_send_wr = 16;
		qa.cap.max_send_sge = 1;
		qa.comp_mask = IBV_QP_INIT_ATTR_PD;
		qa.pd = d.pd;
		qp = create_qp_ex(d.ctx, &qa);
		TEST_ASSERT(qp != NULL, "raw packet QP");
		obj.qp.in = qp;
		dv.comp_mask = MLX5DV_QP_MASK_RAW_QP_HANDLES;
		TEST_ASSERT_EQ(emu.dv_init_obj(&obj, MLX5DV_OBJ_QP), 0,
			       "init_obj QP");
		memset(out, 0, sizeof(out));
		MLX5X_SET(obj_in, in, opcode, MLX5X_CMD_OP_QUERY_SQ);
		MLX5X_SET(obj_in, in, obj_id, dv.sqn);
		TEST_ASSERT_EQ(emu_cmd(&d, in, sizeof(in), out, sizeof(out)), 0,
			       "QUERY_SQ");
		TEST_ASSERT_EQ(MLX5X_GET(sqc,
					 MLX5X_ADDR_OF(query_sq_out, out,
						       sq_context),
					 min_wqe_inline_mode),
			       m[i].mode, "%s: sqc.min_wqe_inline_mode",
			       m[i].config);
		TEST_ASSERT_EQ(emu.destroy_qp(qp), 0, "destroy QP");
		TEST_ASSERT_EQ(emu.destroy_cq(cq), 0, "destroy CQ");
		emu_dev_close(&d);
	}
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_verbs_suite, "emu_verbs", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_verbs_qp_sends_in_rts_only),
		 MLX5X_TEST_CASE(test_verbs_qp_sends_without_devx),
		 MLX5X_TEST_CASE(test_verbs_qp_bad_attributes),
		 MLX5X_TEST_CASE(test_verbs_rss_qp_receives),
		 MLX5X_TEST_CASE(test_verbs_dv_cq_compresses),
		 MLX5X_TEST_CASE(test_verbs_striding_wq),
		 MLX5X_TEST_CASE(test_verbs_flow_steers_by_spec_and_priority),
		 MLX5X_TEST_CASE(test_verbs_flow_steers_without_devx),
		 MLX5X_TEST_CASE(test_verbs_dont_trap_alone_is_no_drop),
		 MLX5X_TEST_CASE(test_verbs_dont_trap_passes_rewrite_on),
		 MLX5X_TEST_CASE(test_verbs_dont_trap_drop_drops),
		 MLX5X_TEST_CASE(test_verbs_dont_trap_first_in_its_priority),
		 MLX5X_TEST_CASE(test_verbs_flow_first_for_vf_frames),
		 MLX5X_TEST_CASE(test_verbs_flow_vxlan_and_inner),
		 MLX5X_TEST_CASE(test_verbs_flow_bad_attributes),
		 MLX5X_TEST_CASE(test_verbs_qp_sq_inline_mode))
