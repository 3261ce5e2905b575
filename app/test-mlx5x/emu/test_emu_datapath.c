/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, data path: a send WQE becomes these exact bytes on the
 * wire; a frame from the wire becomes this CQE (length, checksum flags,
 * header types, flow tag) and these bytes in the posted buffer; RSS
 * spreads by a Toeplitz hash the test computes on its own; a bad lkey or a
 * buffer too small completes in error with the PRM syndrome and moves the
 * queue to ERR.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "test.h"
#include "test_emu_lib.h"
#include "test_toeplitz.h"

static const uint8_t pf_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x00 };

/* Microsoft RSS verification key. */
static const uint8_t ms_key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
	0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
	0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
	0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/* RX queue with n WQEs of one data segment each over one MR. */
struct rxq {
	struct emu_q q;
	uint8_t *mem;
	struct ibv_mr *mr;
	uint32_t seg;
};

static int
rxq_setup(struct emu_dev *d, struct rxq *r, uint32_t log_n, uint32_t seg,
	  uint32_t lkey_bias)
{
	uint32_t i, n = 1u << log_n;

	memset(r, 0, sizeof(*r));
	r->seg = seg;
	if (emu_q_create(d, &r->q, false, log_n, 4) != 0)
		return -1;
	r->mem = calloc(n, seg);
	r->mr = emu.reg_mr(d->pd, r->mem, (size_t)n * seg,
			   IBV_ACCESS_LOCAL_WRITE);
	if (r->mem == NULL || r->mr == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		struct mlx5_wqe_data_seg *ds =
			(struct mlx5_wqe_data_seg *)(r->q.buf + i * 16);

		ds->byte_count = htobe32(seg);
		ds->lkey = htobe32(r->mr->lkey + lkey_bias);
		ds->addr = htobe64((uintptr_t)(r->mem + (size_t)i * seg));
	}
	r->q.dbr[0] = htobe32(n);
	return emu_q_modify(&r->q, MLX5X_QUEUE_STATE_RST,
			    MLX5X_QUEUE_STATE_RDY);
}

static void
rxq_teardown(struct rxq *r)
{
	emu_q_destroy(&r->q);
	if (r->mr != NULL)
		emu.dereg_mr(r->mr);
	free(r->mem);
}

static uint32_t
queue_state(struct emu_dev *d, uint16_t opcode, uint32_t qn)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(obj_in)] = { 0 };
	static uint8_t out[MLX5X_ST_SZ_BYTES(query_sq_out)];

	MLX5X_SET(obj_in, in, opcode, opcode);
	MLX5X_SET(obj_in, in, obj_id, qn);
	if (emu_cmd(d, in, sizeof(in), out, sizeof(out)) != 0)
		return 0xff;
	if (opcode == MLX5X_CMD_OP_QUERY_SQ)
		return MLX5X_GET(sqc,
				 MLX5X_ADDR_OF(query_sq_out, out, sq_context),
				 state);
	return MLX5X_GET(rqc, MLX5X_ADDR_OF(query_rq_out, out, rq_context),
			 state);
}

static int
test_wire_rx_cqe_fields(void)
{
	uint8_t frame[128];
	struct emu_steer s;
	struct rxq r;
	struct emu_dev d;
	struct mlx5_cqe64 *cqe;
	size_t len;
	uint8_t *c;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(rxq_setup(&d, &r, 4, 2048, 0) == 0, "rq");
	TEST_ASSERT(emu_steer_direct(&d, &s, r.q.qn, 0x1234) == 0, "steering");
	len = emu_frame_udp4(frame, pf_mac, 0x0a000001, 0x0a000002, 1000, 2000,
			     40);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject");
	cqe = emu_q_poll_cqe(&r.q, 100);
	TEST_ASSERT(cqe != NULL, "a CQE for the frame");
	c = (uint8_t *)cqe;
	TEST_ASSERT_EQ(cqe->op_own >> 4, MLX5_CQE_RESP_SEND, "responder CQE");
	TEST_ASSERT_EQ(be32toh(cqe->byte_cnt), len, "byte count");
	TEST_ASSERT_EQ(be16toh(cqe->wqe_counter), 0, "first WQE");
	TEST_ASSERT(memcmp(r.mem, frame, len) == 0, "bytes in the buffer");
	TEST_ASSERT_EQ(c[MLX5X_CQE_OFF_HDS_IP_EXT] &
			       (MLX5X_CQE_L3_OK | MLX5X_CQE_L4_OK),
		       MLX5X_CQE_L3_OK | MLX5X_CQE_L4_OK, "checksums good");
	TEST_ASSERT_EQ((c[MLX5X_CQE_OFF_L4_L3_HDR_TYPE] >> 2) & 3,
		       MLX5_CQE_L3_HDR_TYPE_IPV4, "IPv4");
	TEST_ASSERT_EQ((c[MLX5X_CQE_OFF_L4_L3_HDR_TYPE] >> 4) & 7,
		       MLX5X_CQE_L4_HDR_TYPE_UDP, "UDP");
	TEST_ASSERT_EQ(be32toh(cqe->sop_drop_qpn) & 0xffffff, 0x1234,
		       "flow tag");
	/* Corrupt the UDP checksum: delivered, l4_ok clear. */
	frame[41] ^= 0x55;
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject");
	cqe = emu_q_poll_cqe(&r.q, 100);
	TEST_ASSERT(cqe != NULL, "second CQE");
	c = (uint8_t *)cqe;
	TEST_ASSERT_EQ(be16toh(cqe->wqe_counter), 1, "second WQE");
	TEST_ASSERT_EQ(c[MLX5X_CQE_OFF_HDS_IP_EXT] & MLX5X_CQE_L4_OK, 0,
		       "bad L4 checksum reported");
	TEST_ASSERT(c[MLX5X_CQE_OFF_HDS_IP_EXT] & MLX5X_CQE_L3_OK,
		    "L3 still ok");
	emu_steer_destroy(&s);
	rxq_teardown(&r);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Checksum verification at every payload length 0..63 (odd and even
 * tails): the frame builder's checksums are reported good; one flipped
 * payload bit, or a flipped IP header bit, is reported bad. */
static int
test_rx_checksum_every_length(void)
{
	uint8_t frame[128];
	struct emu_steer s;
	struct emu_dev d;
	struct rxq r;
	size_t len, pay;
	unsigned int k;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(rxq_setup(&d, &r, 9, 2048, 0) == 0, "rq");
	TEST_ASSERT(emu_steer_direct(&d, &s, r.q.qn, 0) == 0, "steering");
	for (pay = 0; pay < 64; pay++) {
		for (k = 0; k < 3; k++) {
			struct mlx5_cqe64 *cqe;
			uint8_t flags;

			len = emu_frame_udp4(frame, pf_mac, 0x0a000001 + pay,
					     0xc0a80002, 1000 + pay, 2000, pay);
			if (k == 1 && pay > 0)
				frame[42 + pay - 1] ^= 0x01; /* last byte */
			if (k == 2)
				frame[14 + 8] ^= 0x10; /* TTL, IP header */
			TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0,
				       "inject");
			cqe = emu_q_poll_cqe(&r.q, 100);
			TEST_ASSERT(cqe != NULL, "CQE, payload %zu", pay);
			flags = ((uint8_t *)cqe)[MLX5X_CQE_OFF_HDS_IP_EXT];
			TEST_ASSERT_EQ(!!(flags & MLX5X_CQE_L3_OK), k != 2,
				       "L3 ok, payload %zu case %u", pay, k);
			if (k == 0 || (k == 1 && pay > 0))
				TEST_ASSERT_EQ(!!(flags & MLX5X_CQE_L4_OK),
					       k == 0,
					       "L4 ok, payload %zu case %u",
					       pay, k);
		}
	}
	emu_steer_destroy(&s);
	rxq_teardown(&r);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_rss_spreads_by_toeplitz(void)
{
	uint8_t frame[128], in[12];
	uint32_t rqn[4], spread[4] = { 0 };
	uint32_t fields =
		MLX5X_HASH_FIELD_SEL_SRC_IP | MLX5X_HASH_FIELD_SEL_DST_IP |
		MLX5X_HASH_FIELD_SEL_L4_SPORT | MLX5X_HASH_FIELD_SEL_L4_DPORT;
	struct emu_steer s;
	struct rxq r[4];
	struct emu_dev d;
	unsigned int i, k;

	/* The reference itself, against the specification's example:
	 * 66.9.149.187:2794 -> 161.142.100.80:1766 hashes to 0x51ccc178. */
	memcpy(in, "\x42\x09\x95\xbb\xa1\x8e\x64\x50\x0a\xea\x06\xe6", 12);
	TEST_ASSERT_EQ(mlx5x_test_toeplitz(ms_key, sizeof(ms_key), in, 12),
		       0x51ccc178, "reference Toeplitz");
	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	for (i = 0; i < 4; i++) {
		TEST_ASSERT(rxq_setup(&d, &r[i], 6, 256, 0) == 0, "rq %u", i);
		rqn[i] = r[i].q.qn;
	}
	TEST_ASSERT(emu_steer_rss(&d, &s, rqn, 4, ms_key, fields, true) == 0,
		    "RSS steering");
	for (k = 0; k < 40; k++) {
		uint32_t sip = 0xc0a80001 + k * 7, dip = 0x0a000001;
		uint16_t sport = 1024 + k * 13, dport = 4789;
		struct mlx5_cqe64 *cqe = NULL;
		uint32_t want;
		unsigned int got = 4;

		emu_frame_udp4(frame, pf_mac, sip, dip, sport, dport, 18);
		memcpy(in, frame + 26, 8);
		memcpy(in + 8, frame + 34, 4);
		want = mlx5x_test_toeplitz(ms_key, sizeof(ms_key), in, 12);
		TEST_ASSERT_EQ(emu.inject_wire(0, frame, 60), 0, "inject");
		for (i = 0; i < 4 && cqe == NULL; i++) {
			cqe = emu_q_poll_cqe(&r[i].q, 0);
			got = i;
		}
		TEST_ASSERT(cqe != NULL, "frame %u delivered", k);
		TEST_ASSERT_EQ(got, want % 4, "frame %u on RQ hash %% 4", k);
		TEST_ASSERT_EQ(be32toh(*(
				       uint32_t
					       *)((uint8_t *)cqe +
						  MLX5X_CQE_OFF_RSS_HASH_RESULT)),
			       want, "hash in the CQE");
		TEST_ASSERT_EQ(((uint8_t *)cqe)[MLX5X_CQE_OFF_RSS_HASH_TYPE],
			       MLX5X_CQE_RSS_HTYPE_IPV4 |
				       MLX5X_CQE_RSS_HTYPE_UDP,
			       "hash type");
		spread[got]++;
	}
	for (i = 0; i < 4; i++)
		TEST_ASSERT(spread[i] > 0, "RQ %u got traffic", i);
	emu_steer_destroy(&s);
	for (i = 0; i < 4; i++)
		rxq_teardown(&r[i]);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_rx_bad_lkey_and_short_buffer(void)
{
	uint8_t frame[256];
	struct emu_steer s;
	struct rxq r;
	struct emu_dev d;
	struct mlx5_cqe64 *cqe;
	struct mlx5_err_cqe *err;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(rxq_setup(&d, &r, 4, 2048, 0x11) == 0, "rq, bad lkeys");
	TEST_ASSERT(emu_steer_direct(&d, &s, r.q.qn, 0) == 0, "steering");
	len = emu_frame_udp4(frame, pf_mac, 1, 2, 3, 4, 100);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject");
	cqe = emu_q_poll_cqe(&r.q, 100);
	TEST_ASSERT(cqe != NULL, "error CQE");
	err = (struct mlx5_err_cqe *)cqe;
	TEST_ASSERT_EQ(cqe->op_own >> 4, MLX5_CQE_RESP_ERR, "responder error");
	TEST_ASSERT_EQ(err->syndrome, MLX5_CQE_SYNDROME_LOCAL_PROT_ERR,
		       "local protection");
	TEST_ASSERT_EQ(be32toh(err->s_wqe_opcode_qpn) & 0xffffff, r.q.qn,
		       "rqn");
	TEST_ASSERT_EQ(queue_state(&d, MLX5X_CMD_OP_QUERY_RQ, r.q.qn),
		       MLX5X_QUEUE_STATE_ERR, "RQ in ERR");
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject again");
	TEST_ASSERT(emu_q_poll_cqe(&r.q, 5) == NULL, "no CQE from an ERR RQ");
	emu_steer_destroy(&s);
	rxq_teardown(&r);

	/* Buffers of 64 bytes for a 142-byte frame: local length. */
	TEST_ASSERT(rxq_setup(&d, &r, 4, 64, 0) == 0, "rq, small buffers");
	TEST_ASSERT(emu_steer_direct(&d, &s, r.q.qn, 0) == 0, "steering");
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject");
	cqe = emu_q_poll_cqe(&r.q, 100);
	TEST_ASSERT(cqe != NULL, "error CQE");
	TEST_ASSERT_EQ(cqe->op_own >> 4, MLX5_CQE_RESP_ERR, "responder error");
	TEST_ASSERT_EQ(((struct mlx5_err_cqe *)cqe)->syndrome,
		       MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR, "local length");
	emu_steer_destroy(&s);
	rxq_teardown(&r);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* One send WQE at index idx: ctrl, eth segment with inl inline header
 * bytes (or a VLAN to insert), then one data segment. Returns WQEBBs. */
static uint32_t
post_send(struct emu_q *q, uint16_t idx, const uint8_t *hdr, uint16_t inl,
	  uint32_t lkey, const uint8_t *data, uint32_t dlen, uint8_t cs_flags,
	  int vlan_tci)
{
	uint8_t *w = q->buf + (size_t)(idx & ((1u << q->log_sz) - 1)) * 64;
	struct mlx5_wqe_ctrl_seg *ctrl = (struct mlx5_wqe_ctrl_seg *)w;
	struct mlx5_wqe_eth_seg *eth = (struct mlx5_wqe_eth_seg *)(w + 16);
	uint32_t off, ds;

	memset(w, 0, 128);
	eth->cs_flags = cs_flags;
	if (vlan_tci >= 0) {
		uint32_t v = htobe32(MLX5X_ETH_WQE_VLAN_INSERT | vlan_tci);

		memcpy(&eth->inline_hdr_sz, &v, 4);
		off = 32;
	} else {
		eth->inline_hdr_sz = htobe16(inl);
		memcpy(eth->inline_hdr_start, hdr, inl);
		off = 32 + (inl > 2 ? ((inl - 2 + 15) & ~15u) : 0);
	}
	{
		struct mlx5_wqe_data_seg *d =
			(struct mlx5_wqe_data_seg *)(w + off);

		d->byte_count = htobe32(dlen);
		d->lkey = htobe32(lkey);
		d->addr = htobe64((uintptr_t)data);
	}
	ds = (off + 16) / 16;
	ctrl->opmod_idx_opcode = htobe32((uint32_t)idx << 8 | MLX5_OPCODE_SEND);
	ctrl->qpn_ds = htobe32(q->qn << 8 | ds);
	ctrl->fm_ce_se = MLX5_WQE_CTRL_CQ_UPDATE;
	return (ds * 16 + 63) / 64;
}

static int
test_tx_wqe_to_wire_bytes(void)
{
	uint8_t frame[128], out[256], expect[256];
	struct ibv_mr *mr;
	struct emu_q sq;
	struct emu_dev d;
	struct mlx5_cqe64 *cqe;
	uint32_t pi = 0;
	size_t len;
	int n;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &sq, true, 6, 6) == 0, "sq");
	TEST_ASSERT_EQ(emu_q_modify(&sq, MLX5X_QUEUE_STATE_RST,
				    MLX5X_QUEUE_STATE_RDY),
		       0, "sq ready");
	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x99\x00\x00\x00\x01",
			     0x0a000001, 0x0a000002, 5, 6, 50);
	mr = emu.reg_mr(d.pd, frame, sizeof(frame), 0);
	TEST_ASSERT(mr != NULL, "mr");
	/* 18 inline header bytes, the rest by DMA. */
	pi += post_send(&sq, pi, frame, 18, mr->lkey, frame + 18, len - 18, 0,
			-1);
	sq.dbr[MLX5X_SND_DBR] = htobe32(pi);
	cqe = emu_q_poll_cqe(&sq, 100);
	TEST_ASSERT(cqe != NULL, "send completion");
	TEST_ASSERT_EQ(cqe->op_own >> 4, MLX5_CQE_REQ, "requester CQE");
	TEST_ASSERT_EQ(be16toh(cqe->wqe_counter), 0, "WQE index");
	n = emu.capture_wire(0, out, sizeof(out));
	TEST_ASSERT_EQ(n, len, "frame length on the wire");
	TEST_ASSERT(memcmp(out, frame, len) == 0, "bytes on the wire");

	/* VLAN insertion and checksum offload on a frame with zeroed sums. */
	memcpy(expect, frame, 12);
	memcpy(expect + 12, "\x81\x00\x20\x07", 4);
	memcpy(expect + 16, frame + 12, len - 12);
	frame[24] = frame[25] = 0;
	frame[40] = frame[41] = 0;
	pi += post_send(&sq, pi, NULL, 0, mr->lkey, frame, len,
			MLX5_ETH_WQE_L3_CSUM | MLX5_ETH_WQE_L4_CSUM, 0x2007);
	sq.dbr[MLX5X_SND_DBR] = htobe32(pi);
	cqe = emu_q_poll_cqe(&sq, 100);
	TEST_ASSERT(cqe != NULL, "second completion");
	n = emu.capture_wire(0, out, sizeof(out));
	TEST_ASSERT_EQ(n, len + 4, "tagged length");
	TEST_ASSERT(memcmp(out, expect, len + 4) == 0,
		    "VLAN inserted and checksums filled as the original");

	/* A bad lkey: error CQE, local protection, SQ to ERR. */
	pi += post_send(&sq, pi, frame, 18, mr->lkey ^ 0x80, frame + 18,
			len - 18, 0, -1);
	sq.dbr[MLX5X_SND_DBR] = htobe32(pi);
	cqe = emu_q_poll_cqe(&sq, 100);
	TEST_ASSERT(cqe != NULL, "error completion");
	TEST_ASSERT_EQ(cqe->op_own >> 4, MLX5_CQE_REQ_ERR, "requester error");
	TEST_ASSERT_EQ(((struct mlx5_err_cqe *)cqe)->syndrome,
		       MLX5_CQE_SYNDROME_LOCAL_PROT_ERR, "local protection");
	TEST_ASSERT_EQ(be16toh(((struct mlx5_err_cqe *)cqe)->wqe_counter), 2,
		       "failed WQE index");
	TEST_ASSERT_EQ(queue_state(&d, MLX5X_CMD_OP_QUERY_SQ, sq.qn),
		       MLX5X_QUEUE_STATE_ERR, "SQ in ERR");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), 0,
		       "nothing sent");
	/* Out of the MR's range with a good key: same verdict. */
	TEST_ASSERT_EQ(emu_q_modify(&sq, MLX5X_QUEUE_STATE_ERR,
				    MLX5X_QUEUE_STATE_RST),
		       0, "ERR -> RST");
	TEST_ASSERT_EQ(emu_q_modify(&sq, MLX5X_QUEUE_STATE_RST,
				    MLX5X_QUEUE_STATE_RDY),
		       0, "RST -> RDY");
	pi += post_send(&sq, pi, frame, 18, mr->lkey, frame + 100, 64, 0, -1);
	sq.dbr[MLX5X_SND_DBR] = htobe32(pi);
	cqe = emu_q_poll_cqe(&sq, 100);
	TEST_ASSERT(cqe != NULL && cqe->op_own >> 4 == MLX5_CQE_REQ_ERR,
		    "out-of-range DMA fails");
	TEST_ASSERT_EQ(((struct mlx5_err_cqe *)cqe)->syndrome,
		       MLX5_CQE_SYNDROME_LOCAL_PROT_ERR, "local protection");
	emu.dereg_mr(mr);
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Random WQEs on an SQ and random frames at the wire: every WQE ends in a
 * completion or an error CQE, the parser takes any bytes, nothing crashes. */
static int
test_random_wqes_and_frames(void)
{
	static uint8_t frame[2048];
	uint32_t seed = 777, fields = 0xf, rqn;
	struct emu_steer s;
	struct rxq r;
	struct emu_q sq;
	struct emu_dev d;
	unsigned int round, i, errors = 0;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0, "sq");
	for (round = 0; round < 300; round++) {
		struct mlx5_cqe64 *cqe;

		TEST_ASSERT_EQ(emu_q_modify(&sq, MLX5X_QUEUE_STATE_RST,
					    MLX5X_QUEUE_STATE_RDY),
			       0, "ready, round %u", round);
		for (i = 0; i < 16 * 64; i += 4) {
			seed = seed * 1103515245u + 12345u;
			memcpy(sq.buf + i, &seed, 4);
		}
		/* Ring one WQE's worth past the hardware counter. */
		seed = seed * 1103515245u + 12345u;
		sq.pi = (sq.pi + 1 + seed % 4) & 0xffff;
		sq.dbr[MLX5X_SND_DBR] = htobe32(sq.pi);
		while ((cqe = emu_q_poll_cqe(&sq, 2)) != NULL)
			errors += (cqe->op_own >> 4) == MLX5_CQE_REQ_ERR;
		/* Whatever happened, bring it back to RST. */
		emu_q_modify(&sq, MLX5X_QUEUE_STATE_ERR, MLX5X_QUEUE_STATE_RST);
		emu_q_modify(&sq, MLX5X_QUEUE_STATE_RDY, MLX5X_QUEUE_STATE_RST);
		sq.pi = 0;
		sq.dbr[MLX5X_SND_DBR] = 0;
		while (emu.capture_wire(0, frame, sizeof(frame)) > 0)
			;
	}
	TEST_ASSERT(errors > 0, "random WQEs produced error CQEs");
	emu_q_destroy(&sq);

	TEST_ASSERT(rxq_setup(&d, &r, 6, 2048, 0) == 0, "rq");
	rqn = r.q.qn;
	TEST_ASSERT(emu_steer_rss(&d, &s, &rqn, 1, ms_key, fields, false) == 0,
		    "RSS");
	for (round = 0; round < 2000; round++) {
		size_t len;

		seed = seed * 1103515245u + 12345u;
		len = 14 + seed % (sizeof(frame) - 14);
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			frame[i] = seed >> 24;
		}
		/* Half of them IPv4 or IPv6, so the parser goes deep. */
		if (round & 1) {
			frame[12] = round & 2 ? 0x86 : 0x08;
			frame[13] = round & 2 ? 0xdd : 0x00;
			frame[14] = round & 2 ? 0x60 : 0x45;
		}
		TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject");
		while (emu_q_poll_cqe(&r.q, 0) != NULL)
			r.q.dbr[0] = htobe32(be32toh(r.q.dbr[0]) + 1);
	}
	emu_steer_destroy(&s);
	rxq_teardown(&r);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static double
cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
}

/* With a ready SQ and nothing posted, the engine thread sleeps. */
static int
test_engine_idles(void)
{
	struct timespec half = { 0, 500000000L };
	struct emu_q sq;
	struct emu_dev d;
	double c0, c1;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0 &&
			    emu_q_modify(&sq, 0, 1) == 0,
		    "ready SQ starts the engine");
	nanosleep(&half, NULL); /* let it back off */
	c0 = cpu_seconds();
	nanosleep(&half, NULL);
	c1 = cpu_seconds();
	printf("    idle engine: %.1f%% of a core\n", (c1 - c0) / 0.5 * 100);
	TEST_ASSERT(c1 - c0 < 0.1, "idle engine used %.3f s of CPU in 0.5 s",
		    c1 - c0);
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_datapath_suite, "emu_datapath", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_tx_wqe_to_wire_bytes),
		 MLX5X_TEST_CASE(test_wire_rx_cqe_fields),
		 MLX5X_TEST_CASE(test_rx_checksum_every_length),
		 MLX5X_TEST_CASE(test_rss_spreads_by_toeplitz),
		 MLX5X_TEST_CASE(test_rx_bad_lkey_and_short_buffer),
		 MLX5X_TEST_CASE(test_random_wqes_and_frames),
		 MLX5X_TEST_CASE(test_engine_idles))
