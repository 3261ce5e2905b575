/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, mini CQE formats beyond hash and checksum: the flow
 * tag format (flow tag and stride index), the L3/L4 header type format
 * (cqc mini_cqe_res_format_ext) and compressed sessions of a striding RQ
 * (stride index per packet), each decoded by the test's own reading of
 * the PRM layout; bad format combinations fail CREATE_CQ.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

#define BURST 12u

static const uint8_t pf_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x00 };

/* The 8 bytes of mini CQE i of the session whose title is at slot t:
 * arrays of 8 at T + 1, T + 8, T + 16, ... */
static const uint8_t *
mini_at(const struct emu_q *q, uint32_t t, uint32_t i)
{
	uint32_t n = 1u << q->cq_log_sz, j = i / 8;
	uint32_t slot = (t + (j == 0 ? 1 : 8 * j)) & (n - 1);

	return q->cq_buf + (size_t)slot * 64 + (i % 8) * 8;
}

static uint32_t
rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return be32toh(v);
}

static uint16_t
rd16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return be16toh(v);
}

/* A cyclic RQ of 64 WQEs of 2 KiB on a CQ compressing with format fmt,
 * a direct TIR and a catch-all entry tagging with tag. */
struct crq {
	struct emu_q q;
	struct emu_steer s;
	struct ibv_mr *mr;
	uint8_t *mem;
};

static int
crq_setup(struct emu_dev *d, struct crq *r, uint8_t fmt, uint32_t tag)
{
	memset(r, 0, sizeof(*r));
	if (emu_q_create_rq_comp(d, &r->q, 6, fmt) != 0)
		return -1;
	r->mem = calloc(64, 2048);
	r->mr = emu.reg_mr(d->pd, r->mem, 64 * 2048, IBV_ACCESS_LOCAL_WRITE);
	if (r->mem == NULL || r->mr == NULL)
		return -1;
	emu_rq_post(&r->q, r->mem, r->mr->lkey, 64, 2048);
	if (emu_q_modify(&r->q, 0, 1) != 0)
		return -1;
	return emu_steer_direct(d, &r->s, r->q.qn, tag);
}

static void
crq_teardown(struct crq *r)
{
	emu_rx_teardown(&r->s, &r->q, r->mr, r->mem, NULL);
}

/* BURST UDP frames of growing length as one burst; lens[] filled. */
static int
burst(uint8_t frames[][160], size_t *lens)
{
	const void *fp[BURST];
	uint32_t i;

	for (i = 0; i < BURST; i++) {
		lens[i] = emu_frame_udp4(frames[i], pf_mac, 0x0a000001,
					 0x0a000002, 1000 + i, 2000, 18 + i);
		fp[i] = frames[i];
	}
	return emu.inject_wire_burst(0, fp, lens, BURST);
}

static int
test_mini_flow_tag_format(void)
{
	static uint8_t frames[BURST][160];
	size_t lens[BURST];
	struct mlx5_cqe64 *title;
	struct emu_dev d;
	struct crq r;
	uint32_t i, tag = 0xabcdef;

	TEST_ASSERT(emu_dev_open(&d, "model=cx6dx,wire=drop") == 0, "open");
	TEST_ASSERT(crq_setup(&d, &r, MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX, tag) ==
			    0,
		    "RQ, CQ compressing with the flow tag format");
	TEST_ASSERT_EQ(burst(frames, lens), 0, "burst");
	title = emu_q_poll_cqe(&r.q, 10);
	TEST_ASSERT(title != NULL, "title");
	TEST_ASSERT_EQ((title->op_own >> 2) & 3, 3, "compressed");
	TEST_ASSERT_EQ(be32toh(title->byte_cnt), BURST, "session size");
	for (i = 0; i < BURST; i++) {
		const uint8_t *m = mini_at(&r.q, 0, i);
		/* PRM: tag 15:0 and stride index, then tag 23:16 and a
		 * 24-bit byte count. */
		uint32_t got_tag = (uint32_t)m[4] << 16 | rd16(m);

		TEST_ASSERT_EQ(got_tag, tag, "mini %u flow tag", i);
		TEST_ASSERT_EQ(rd16(m + 2), 0, "mini %u: cyclic, stride 0", i);
		TEST_ASSERT_EQ(rd32(m + 4) & 0xffffff, lens[i],
			       "mini %u length", i);
		TEST_ASSERT(memcmp(r.mem + i * 2048, frames[i], lens[i]) == 0,
			    "frame %u in WQE %u", i, i);
	}
	crq_teardown(&r);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_mini_l3_l4_format(void)
{
	static uint8_t frames[BURST][160];
	uint8_t want = MLX5X_CQE_L4_HDR_TYPE_UDP << MLX5X_CQE_L4_HDR_SHIFT |
		       MLX5_CQE_L3_HDR_TYPE_IPV4 << MLX5X_CQE_L3_HDR_SHIFT;
	size_t lens[BURST];
	struct mlx5_cqe64 *title;
	struct emu_dev d;
	struct crq r;
	uint32_t i;

	TEST_ASSERT(emu_dev_open(&d, "model=cx6dx,wire=drop") == 0, "open");
	TEST_ASSERT(crq_setup(&d, &r, MLX5X_MINI_CQE_FORMAT_L34H_STRIDX, 0) ==
			    0,
		    "RQ, CQ compressing with the L3/L4 format (ext 1)");
	TEST_ASSERT_EQ(burst(frames, lens), 0, "burst");
	title = emu_q_poll_cqe(&r.q, 10);
	TEST_ASSERT(title != NULL && ((title->op_own >> 2) & 3) == 3,
		    "compressed title");
	TEST_ASSERT_EQ(be32toh(title->byte_cnt), BURST, "session size");
	for (i = 0; i < BURST; i++) {
		const uint8_t *m = mini_at(&r.q, 0, i);

		TEST_ASSERT_EQ(m[1], want, "mini %u: UDP over IPv4", i);
		TEST_ASSERT_EQ(rd16(m + 2), 0, "mini %u stride", i);
		TEST_ASSERT_EQ(rd32(m + 4), lens[i], "mini %u length", i);
	}
	crq_teardown(&r);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_striding_rq_session(void)
{
	static uint8_t frames[BURST][160];
	size_t lens[BURST];
	struct mlx5_cqe64 *title;
	struct emu_steer s;
	struct ibv_mr *mr;
	struct emu_q q;
	struct emu_dev d;
	uint8_t *mem;
	uint32_t i, strd = 0;
	/* 512 strides of 64 bytes per WQE (lsn 0, lss 0). */
	const size_t wqe_bytes = 512 * 64;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,wire=drop") == 0, "open");
	/* 16 WQEs: the CQ (as many slots) holds the whole session. */
	TEST_ASSERT(emu_q_create_mprq_comp(&d, &q, 4, 0, 0,
					   MLX5X_MINI_CQE_FORMAT_CSUM_STRIDX) ==
			    0,
		    "striding RQ on a compressing CQ");
	mem = calloc(16, wqe_bytes);
	mr = emu.reg_mr(d.pd, mem, 16 * wqe_bytes, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(mem != NULL && mr != NULL, "buffers");
	for (i = 0; i < 16; i++) {
		struct mlx5_wqe_data_seg *ds =
			(struct mlx5_wqe_data_seg *)(q.buf + i * 32 + 16);

		ds->byte_count = htobe32(wqe_bytes);
		ds->lkey = htobe32(mr->lkey);
		ds->addr = htobe64((uintptr_t)(mem + i * wqe_bytes));
	}
	q.dbr[0] = htobe32(16);
	TEST_ASSERT_EQ(emu_q_modify(&q, 0, 1), 0, "ready");
	TEST_ASSERT(emu_steer_direct(&d, &s, q.qn, 0) == 0, "steering");
	TEST_ASSERT_EQ(burst(frames, lens), 0, "burst");
	title = emu_q_poll_cqe(&q, 10);
	TEST_ASSERT(title != NULL && ((title->op_own >> 2) & 3) == 3,
		    "compressed title");
	TEST_ASSERT_EQ(be32toh(title->byte_cnt), BURST, "session size");
	TEST_ASSERT_EQ(be16toh(title->wqe_id), 0, "WQE 0");
	TEST_ASSERT_EQ(be16toh(title->wqe_counter), 0, "first stride");
	for (i = 0; i < BURST; i++) {
		const uint8_t *m = mini_at(&q, 0, i);
		uint32_t bc = rd32(m + 4), n = (lens[i] + 63) / 64;

		TEST_ASSERT_EQ(rd16(m + 2), strd, "mini %u stride index", i);
		TEST_ASSERT_EQ(bc & 0xffff, lens[i], "mini %u length", i);
		TEST_ASSERT_EQ((bc >> 16) & 0x3fff, n, "mini %u strides", i);
		TEST_ASSERT(memcmp(mem + strd * 64, frames[i], lens[i]) == 0,
			    "frame %u at stride %u", i, strd);
		strd += n;
	}
	emu_rx_teardown(&s, &q, mr, mem, &d);
	return MLX5X_TEST_PASS;
}

/* The general HCA caps' CQE compression bits, as a driver reads them. */
static int
comp_caps(struct emu_dev *d, uint32_t *ftag, uint32_t *l34h, uint32_t *strd,
	  uint32_t *comp)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(query_hca_cap_in)] = { 0 };
	static uint8_t out[MLX5X_ST_SZ_BYTES(query_hca_cap_out)];
	void *cap = MLX5X_ADDR_OF(query_hca_cap_out, out, capability);

	MLX5X_SET(query_hca_cap_in, in, opcode, MLX5X_CMD_OP_QUERY_HCA_CAP);
	MLX5X_SET(query_hca_cap_in, in, op_mod, MLX5X_HCA_CAP_OPMOD_GET_CUR);
	if (emu_cmd(d, in, sizeof(in), out, sizeof(out)) != 0)
		return -1;
	*ftag = MLX5X_GET(cmd_hca_cap_cqe_comp, cap, mini_cqe_resp_flow_tag);
	*l34h = MLX5X_GET(cmd_hca_cap_cqe_comp, cap, mini_cqe_resp_l3_l4_tag);
	*strd = MLX5X_GET(cmd_hca_cap_cqe_comp, cap,
			  mini_cqe_resp_stride_index);
	*comp = MLX5X_GET(cmd_hca_cap_cqe_comp, cap, cqe_compression);
	return 0;
}

static int
test_mini_formats_follow_caps(void)
{
	static const char *const cfg[] = { "model=cx5,wire=drop",
					   "model=cx6dx,wire=drop" };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		uint32_t ftag, l34h, strd, comp;
		struct emu_dev d;
		struct emu_q q;
		int rc;

		TEST_ASSERT(emu_dev_open(&d, cfg[i]) == 0, "open %s", cfg[i]);
		TEST_ASSERT(comp_caps(&d, &ftag, &l34h, &strd, &comp) == 0,
			    "QUERY_HCA_CAP");
		TEST_ASSERT_EQ(comp, 1, "%s: CQE compression", cfg[i]);
		TEST_ASSERT_EQ(strd, 1, "%s: stride index formats", cfg[i]);
		rc = emu_q_create_rq_comp(&d, &q, 4,
					  MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX);
		TEST_ASSERT_EQ(rc == 0, ftag == 1,
			       "%s: flow tag format as the caps say", cfg[i]);
		emu_q_destroy(&q);
		rc = emu_q_create_rq_comp(&d, &q, 4,
					  MLX5X_MINI_CQE_FORMAT_L34H_STRIDX);
		TEST_ASSERT_EQ(rc == 0, l34h == 1,
			       "%s: L3/L4 format as the caps say", cfg[i]);
		emu_q_destroy(&q);
		emu_dev_close(&d);
	}
	return MLX5X_TEST_PASS;
}

static int
test_mini_format_bad_combinations(void)
{
	struct emu_dev d;
	struct emu_q q;

	TEST_ASSERT(emu_dev_open(&d, "model=cx6dx,wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create_rq_comp_ext(&d, &q, 4, 1, 1) != 0,
		    "ext 1 needs res_format 0");
	emu_q_destroy(&q);
	TEST_ASSERT(emu_q_create_rq_comp_ext(&d, &q, 4, 0, 2) != 0,
		    "ext 2 is no format");
	emu_q_destroy(&q);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_cqe_mini_suite, "emu_cqe_mini", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_mini_flow_tag_format),
		 MLX5X_TEST_CASE(test_mini_l3_l4_format),
		 MLX5X_TEST_CASE(test_striding_rq_session),
		 MLX5X_TEST_CASE(test_mini_formats_follow_caps),
		 MLX5X_TEST_CASE(test_mini_format_bad_combinations))
