/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, Tx offloads: an LSO WQE leaves as MSS-sized TCP
 * segments, each behind a copy of the Ethernet segment's inline header
 * (a short one repeated short, a tagged one tagged), with lengths, IP ids,
 * sequence numbers, flags and checksums as the PRM describes, the
 * checksums only those cs_flags ask for; an LSO WQE with no TCP/IP header
 * inline fails. An enhanced multi-packet WQE leaves as one frame per data
 * or inline segment, with one completion.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

static uint32_t
rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/* Ethernet + IPv4 + TCP (20-byte header, flags PSH|ACK|FIN) + payload. */
static size_t
tcp_frame(uint8_t *f, size_t payload)
{
	uint8_t *ip = f + 14, *t = f + 34;
	size_t i;

	memset(f, 0, 54);
	memcpy(f, "\x02\x99\x00\x00\x00\x01\x02\x15\xb3\x00\x00\x00\x08\x00",
	       14);
	ip[0] = 0x45;
	ip[2] = (40 + payload) >> 8;
	ip[3] = (40 + payload) & 0xff;
	ip[4] = 0x12;
	ip[5] = 0x34;
	ip[8] = 64;
	ip[9] = 6;
	memcpy(ip + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	t[0] = 0x30;
	t[1] = 0x39;
	t[2] = 0x00;
	t[3] = 0x50;
	memcpy(t + 4, "\x00\x01\x00\x00", 4); /* seq 65536 */
	t[12] = 5 << 4;
	t[13] = 0x19; /* FIN PSH ACK */
	t[14] = 0xff;
	for (i = 0; i < payload; i++)
		f[54 + i] = (uint8_t)(i * 3);
	return 54 + payload;
}

/* The 16-bit word at p, big endian. */
static uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/*
 * Posts at index 0 of sq an LSO WQE for frame (len bytes, in mr): its
 * Ethernet segment inlines the first inl bytes, with dword 3's bits 31..16
 * or-ed with insert (a VLAN insertion's type), MSS mss, cs_flags cs; one
 * data segment gathers the rest. Rings the doorbell.
 */
static void
lso_post(struct emu_q *sq, const struct ibv_mr *mr, const uint8_t *frame,
	 size_t len, uint32_t inl, uint32_t insert, uint16_t mss, uint8_t cs)
{
	/* Inline bytes past the first two continue 16-byte aligned. */
	const uint32_t dseg = 32 + (inl > 2 ? (inl - 2 + 15) / 16 * 16 : 0);
	struct mlx5_wqe_ctrl_seg *ctrl = (struct mlx5_wqe_ctrl_seg *)sq->buf;
	struct mlx5_wqe_eth_seg *eth =
		(struct mlx5_wqe_eth_seg *)(sq->buf + 16);
	struct mlx5_wqe_data_seg *ds =
		(struct mlx5_wqe_data_seg *)(sq->buf + dseg);

	memset(sq->buf, 0, dseg + 16);
	ctrl->opmod_idx_opcode = htobe32(MLX5_OPCODE_TSO);
	eth->mss = htobe16(mss);
	eth->cs_flags = cs;
	if (insert != 0) {
		uint32_t dw3 = htobe32(insert);

		memcpy(&eth->inline_hdr_sz, &dw3, 4);
	} else {
		eth->inline_hdr_sz = htobe16(inl);
		memcpy(eth->inline_hdr_start, frame, inl);
	}
	ds->byte_count = htobe32(len - inl);
	ds->lkey = htobe32(mr->lkey);
	ds->addr = htobe64((uintptr_t)(frame + inl));
	ctrl->qpn_ds = htobe32(sq->qn << 8 | (dseg + 16) / 16);
	ctrl->fm_ce_se = MLX5_WQE_CTRL_CQ_UPDATE;
	/* The doorbell record counts WQEBBs. */
	sq->dbr[MLX5X_SND_DBR] = htobe32((dseg + 16 + 63) / 64);
}

/* A device whose wire drops, a ready SQ and frame's buffer registered. */
struct lso_env {
	struct emu_dev d;
	struct emu_q sq;
	struct ibv_mr *mr;
};

static int
lso_env_open(struct lso_env *e, uint8_t *frame, size_t size)
{
	TEST_ASSERT(emu_dev_open(&e->d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&e->d, &e->sq, true, 4, 6) == 0 &&
			    emu_q_modify(&e->sq, 0, 1) == 0,
		    "sq");
	e->mr = emu.reg_mr(e->d.pd, frame, size, 0);
	TEST_ASSERT(e->mr != NULL, "mr");
	return MLX5X_TEST_PASS;
}

static void
lso_env_close(struct lso_env *e)
{
	emu.dereg_mr(e->mr);
	emu_q_destroy(&e->sq);
	emu_dev_close(&e->d);
}

/* e opened and an LSO WQE posted for frame (len bytes of size, the
 * first inl inlined, MSS mss, cs_flags cs): it completes once. */
static int
lso_env_send(struct lso_env *e, uint8_t *frame, size_t size, size_t len,
	     uint32_t inl, uint16_t mss, uint8_t cs)
{
	TEST_ASSERT_EQ(lso_env_open(e, frame, size), MLX5X_TEST_PASS, "set-up");
	lso_post(&e->sq, e->mr, frame, len, inl, 0, mss, cs);
	TEST_ASSERT(emu_q_poll_cqe(&e->sq, 100) != NULL, "one completion");
	return MLX5X_TEST_PASS;
}

/*
 * Segment k (pay payload bytes) of an LSO send of frame, whose IPv4
 * header starts at l3 and whose first inl bytes were inlined, as it left
 * (n bytes at out): the inline header then the frame's payload from k MSS
 * on, the IP total length counting both, the IP id and TCP sequence
 * advanced by k, FIN and PSH on the last of three only.
 */
static int
lso_seg_check(const uint8_t *out, int n, const uint8_t *frame, size_t l3,
	      uint32_t inl, uint32_t mss, unsigned int k, uint32_t pay)
{
	const uint8_t *ip = out + l3, *t = ip + 20;

	TEST_ASSERT_EQ(n, inl + pay, "segment %u: %u header bytes + %u", k, inl,
		       pay);
	TEST_ASSERT_EQ(rd16(ip + 2), inl - l3 + pay,
		       "segment %u: IP total length", k);
	TEST_ASSERT_EQ(rd16(ip + 4), 0x1234 + k, "segment %u: IP id", k);
	TEST_ASSERT_EQ(rd32(t + 4), 65536 + k * mss, "segment %u: TCP sequence",
		       k);
	TEST_ASSERT_EQ(t[13], k < 2 ? 0x10 : 0x19,
		       "segment %u: FIN/PSH only on the last", k);
	TEST_ASSERT(memcmp(out + inl, frame + inl + k * mss, pay) == 0,
		    "segment %u: payload from byte %u of the frame", k,
		    inl + k * mss);
	return MLX5X_TEST_PASS;
}

/* After the three segments nothing more on the wire; e closed. */
static int
lso_env_end(struct lso_env *e, uint8_t *out, size_t size)
{
	int n = emu.capture_wire(0, out, size);

	lso_env_close(e);
	TEST_ASSERT_EQ(n, 0, "three only");
	return MLX5X_TEST_PASS;
}

/*
 * An LSO WQE of 2500 payload bytes, MSS 1000, whose Ethernet segment has
 * cs_flags cs: three segments whose lengths, IP ids, sequence numbers,
 * flags and payload slices the PRM gives; each checksum filled if its
 * flag asks for it, else as the posted headers had it (0 here): LSO does
 * not imply checksum offload.
 */
static int
lso_run(uint8_t cs)
{
	static uint8_t frame[4096], out[4096];
	const uint16_t mss = 1000;
	const size_t payload = 2500;
	struct lso_env e;
	size_t len = tcp_frame(frame, payload);
	unsigned int k;

	TEST_ASSERT_EQ(len, 54 + payload, "frame built");
	TEST_ASSERT_EQ(lso_env_send(&e, frame, sizeof(frame), len, 54, mss, cs),
		       MLX5X_TEST_PASS, "cs 0x%x: sent", cs);
	for (k = 0; k < 3; k++) {
		uint32_t pay = k < 2 ? mss : payload - 2 * mss;
		int n = emu.capture_wire(0, out, sizeof(out));
		const uint8_t *ip = out + 14, *t = out + 34;
		uint32_t ps;

		TEST_ASSERT_EQ(lso_seg_check(out, n, frame, 14, 54, mss, k,
					     pay),
			       MLX5X_TEST_PASS, "cs 0x%x: segment %u", cs, k);
		if (cs & MLX5_ETH_WQE_L3_CSUM)
			TEST_ASSERT_EQ(emu_sum16(ip, 20, 0), 0xffff,
				       "segment %u: IP checksum", k);
		else
			TEST_ASSERT_EQ(rd16(ip + 10), 0,
				       "segment %u: IP checksum as posted", k);
		ps = emu_sum16(ip + 12, 8, 0) + 6 + 20 + pay;
		if (cs & MLX5_ETH_WQE_L4_CSUM)
			TEST_ASSERT_EQ(emu_sum16(t, 20 + pay, ps), 0xffff,
				       "segment %u: TCP checksum", k);
		else
			TEST_ASSERT_EQ(rd16(t + 16), 0,
				       "segment %u: TCP checksum as posted", k);
	}
	return lso_env_end(&e, out, sizeof(out));
}

static int
test_lso_segments(void)
{
	return lso_run(MLX5_ETH_WQE_L3_CSUM | MLX5_ETH_WQE_L4_CSUM);
}

/* cs_flags clear, or one of the two: LSO fills only what they ask. */
static int
test_lso_checksums_as_cs_flags_ask(void)
{
	static const uint8_t cs[] = { 0, MLX5_ETH_WQE_L3_CSUM,
				      MLX5_ETH_WQE_L4_CSUM };
	unsigned int i;

	for (i = 0; i < sizeof(cs); i++)
		TEST_ASSERT_EQ(lso_run(cs[i]), MLX5X_TEST_PASS, "cs_flags 0x%x",
			       cs[i]);
	return MLX5X_TEST_PASS;
}

/*
 * An LSO WQE whose inline header stops 4 bytes short of the TCP header's
 * end (its checksum and urgent pointer go by pointer, as a driver that
 * inlines too few bytes sends them): PRM LSO repeats the inline header,
 * so every segment carries those 50 bytes, and the 4 bytes after them are
 * the first 4 of the payload, in the first segment only. Lengths, IP ids
 * and sequence numbers count them as payload.
 */
static int
test_lso_short_inline_header_repeated(void)
{
	static uint8_t frame[4096], out[4096];
	const uint32_t inl = 50, mss = 1000, data = 2504;
	struct lso_env e;
	size_t len = tcp_frame(frame, 2500);
	unsigned int k;

	TEST_ASSERT_EQ(len, inl + data, "frame built");
	TEST_ASSERT_EQ(lso_env_send(&e, frame, sizeof(frame), len, inl, mss, 0),
		       MLX5X_TEST_PASS, "sent");
	for (k = 0; k < 3; k++) {
		uint32_t pay = k < 2 ? mss : data - 2 * mss;
		int n = emu.capture_wire(0, out, sizeof(out));

		TEST_ASSERT_EQ(lso_seg_check(out, n, frame, 14, inl, mss, k,
					     pay),
			       MLX5X_TEST_PASS, "segment %u", k);
		TEST_ASSERT(memcmp(out, frame, 16) == 0 &&
				    memcmp(out + 20, frame + 20, 18) == 0 &&
				    memcmp(out + 42, frame + 42, 5) == 0 &&
				    memcmp(out + 48, frame + 48, 2) == 0,
			    "segment %u: the rest of the header as inlined", k);
	}
	return lso_env_end(&e, out, sizeof(out));
}

/*
 * An LSO WQE whose inline header carries an 802.1Q tag (the kernel's
 * mlx5e and DPDK's mlx5 insert a TSO packet's tag into the inline header
 * themselves): every segment leaves tagged, its IP and TCP fields fixed
 * and checksummed behind the tag.
 */
static int
test_lso_tagged_inline_header(void)
{
	static uint8_t frame[4096], out[4096];
	const uint32_t inl = 58, mss = 700, payload = 1500;
	struct lso_env e;
	size_t len = tcp_frame(frame, payload);
	unsigned int k;

	memmove(frame + 16, frame + 12, len - 12);
	memcpy(frame + 12, "\x81\x00\x60\x2a", 4); /* PCP 3, VID 42 */
	len += 4;
	TEST_ASSERT_EQ(lso_env_send(&e, frame, sizeof(frame), len, inl, mss,
				    MLX5_ETH_WQE_L3_CSUM |
					    MLX5_ETH_WQE_L4_CSUM),
		       MLX5X_TEST_PASS, "sent");
	for (k = 0; k < 3; k++) {
		uint32_t pay = k < 2 ? mss : payload - 2 * mss;
		int n = emu.capture_wire(0, out, sizeof(out));
		const uint8_t *ip = out + 18, *t = out + 38;

		TEST_ASSERT(memcmp(out, frame, 16) == 0 &&
				    rd16(out + 16) == 0x0800,
			    "segment %u: tagged VID 42 PCP 3, then IPv4", k);
		TEST_ASSERT_EQ(lso_seg_check(out, n, frame, 18, inl, mss, k,
					     pay),
			       MLX5X_TEST_PASS, "segment %u", k);
		TEST_ASSERT_EQ(emu_sum16(ip, 20, 0), 0xffff,
			       "segment %u: IP checksum", k);
		TEST_ASSERT_EQ(emu_sum16(t, 20 + pay,
					 emu_sum16(ip + 12, 8, 0) + 6 + 20 +
						 pay),
			       0xffff, "segment %u: TCP checksum", k);
	}
	return lso_env_end(&e, out, sizeof(out));
}

/*
 * LSO WQEs whose inline header holds no TCP/IP header to repeat: one that
 * asks for a VLAN insertion (the PRM Ethernet segment's dword 3 then holds
 * the insertion's type and tag where inline_hdr_sz and the header's first
 * bytes would be: nothing inline) and one that inlines the Ethernet header
 * only. Each completes with REQ_ERR, LOCAL_QP_OP_ERR, nothing sent.
 */
static int
test_lso_without_inline_tcp_header_fails(void)
{
	static uint8_t frame[4096], out[4096];
	static const struct {
		const char *name;
		uint32_t inl, insert;
	} c[] = {
		{ "VLAN insertion", 0, MLX5X_ETH_WQE_VLAN_INSERT | 42 },
		{ "Ethernet header only", 14, 0 },
	};
	size_t len = tcp_frame(frame, 2500);
	unsigned int i;

	for (i = 0; i < 2; i++) {
		struct mlx5_cqe64 *cqe;
		struct lso_env e;

		TEST_ASSERT_EQ(lso_env_open(&e, frame, sizeof(frame)),
			       MLX5X_TEST_PASS, "set-up");
		lso_post(&e.sq, e.mr, frame, len, c[i].inl, c[i].insert, 1000,
			 0);
		cqe = emu_q_poll_cqe(&e.sq, 100);
		TEST_ASSERT(cqe != NULL, "%s: a CQE", c[i].name);
		TEST_ASSERT_EQ(cqe->op_own >> 4, MLX5_CQE_REQ_ERR,
			       "%s: error CQE", c[i].name);
		TEST_ASSERT_EQ(((struct mlx5_err_cqe *)cqe)->syndrome,
			       MLX5_CQE_SYNDROME_LOCAL_QP_OP_ERR,
			       "%s: local QP operation error", c[i].name);
		TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), 0,
			       "%s: nothing sent", c[i].name);
		lso_env_close(&e);
	}
	return MLX5X_TEST_PASS;
}

static int
test_empw_one_frame_per_segment(void)
{
	uint8_t a[64], b[100], c[60], out[256];
	struct mlx5_wqe_ctrl_seg *ctrl;
	struct mlx5_wqe_data_seg *ds;
	struct ibv_mr *mr_a, *mr_b;
	struct emu_q sq;
	struct emu_dev d;
	uint8_t *w;
	uint32_t bc;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0 &&
			    emu_q_modify(&sq, 0, 1) == 0,
		    "sq");
	memset(a, 0xa1, sizeof(a));
	memset(b, 0xb2, sizeof(b));
	memset(c, 0xc3, sizeof(c));
	mr_a = emu.reg_mr(d.pd, a, sizeof(a), 0);
	mr_b = emu.reg_mr(d.pd, b, sizeof(b), 0);
	w = sq.buf;
	memset(w, 0, 192);
	ctrl = (struct mlx5_wqe_ctrl_seg *)w;
	/* ctrl 16 + eth 16 + dseg 16 + dseg 16 + inline (4 + 60 -> 64). */
	ctrl->opmod_idx_opcode = htobe32(0x29); /* opc_mod 0 */
	ctrl->qpn_ds = htobe32(sq.qn << 8 | (16 + 16 + 16 + 16 + 64) / 16);
	ctrl->fm_ce_se = MLX5_WQE_CTRL_CQ_UPDATE;
	ds = (struct mlx5_wqe_data_seg *)(w + 32);
	ds->byte_count = htobe32(sizeof(a));
	ds->lkey = htobe32(mr_a->lkey);
	ds->addr = htobe64((uintptr_t)a);
	ds++;
	ds->byte_count = htobe32(sizeof(b));
	ds->lkey = htobe32(mr_b->lkey);
	ds->addr = htobe64((uintptr_t)b);
	bc = htobe32(MLX5_INLINE_SEG | sizeof(c));
	memcpy(w + 64, &bc, 4);
	memcpy(w + 68, c, sizeof(c));
	sq.dbr[MLX5X_SND_DBR] = htobe32(2);
	TEST_ASSERT(emu_q_poll_cqe(&sq, 100) != NULL, "one completion");
	TEST_ASSERT(emu_q_poll_cqe(&sq, 0) == NULL, "only one");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), sizeof(a),
		       "first");
	TEST_ASSERT(memcmp(out, a, sizeof(a)) == 0, "first bytes");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), sizeof(b),
		       "second");
	TEST_ASSERT(memcmp(out, b, sizeof(b)) == 0, "second bytes");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), sizeof(c),
		       "inline third");
	TEST_ASSERT(memcmp(out, c, sizeof(c)) == 0, "third bytes");
	emu.dereg_mr(mr_b);
	emu.dereg_mr(mr_a);
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_tx_offload_suite, "emu_tx_offload", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_lso_segments),
		 MLX5X_TEST_CASE(test_lso_checksums_as_cs_flags_ask),
		 MLX5X_TEST_CASE(test_lso_short_inline_header_repeated),
		 MLX5X_TEST_CASE(test_lso_tagged_inline_header),
		 MLX5X_TEST_CASE(test_lso_without_inline_tcp_header_fails),
		 MLX5X_TEST_CASE(test_empw_one_frame_per_segment))
