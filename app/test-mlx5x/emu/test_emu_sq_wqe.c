/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, send WQE checks from the PRM, on WQEs built by hand:
 * an enhanced multi-packet WQE's control segment opmod and its Ethernet
 * segment (no inline header, no VLAN insertion), a zero byte_count in a
 * pointer data segment (2 GB, so a length error), and the SQ's
 * min_wqe_inline_mode (a WQE inlining fewer headers than it requires is a
 * WQE error). Each bad WQE completes in error with the PRM syndrome and
 * sends nothing; its well-formed twin sends the frame.
 */
#include <endian.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

#define WQE_MAX 256u
#define OPC_EMPW 0x29u
#define ETH_VLAN_INSERT (1u << 31)
#define ALIGN16(x) (((x) + 15u) & ~15u)

static const uint8_t dmac[6] = { 0x02, 0x99, 0x00, 0x00, 0x00, 0x01 };

/* UDP/IPv4 frame f of 14 + 20 + 8 + payload bytes; tagged: with one
 * 802.1Q tag (VID 5) after the MAC addresses. */
static uint32_t
frame_udp(uint8_t *f, bool tagged, size_t payload)
{
	uint32_t len = (uint32_t)emu_frame_udp4(f, dmac, 0x0a000001, 0x0a000002,
						1000, 2000, payload);

	if (tagged) {
		memmove(f + 16, f + 12, len - 12);
		memcpy(f + 12, "\x81\x00\x00\x05", 4);
		len += 4;
	}
	return len;
}

static void
wqe_ctrl(uint8_t *w, uint8_t opmod, uint8_t opcode)
{
	struct mlx5_wqe_ctrl_seg *c = (struct mlx5_wqe_ctrl_seg *)w;

	memset(w, 0, WQE_MAX);
	c->opmod_idx_opcode = htobe32((uint32_t)opmod << 24 | opcode);
	c->fm_ce_se = MLX5_WQE_CTRL_CQ_UPDATE;
}

/* A SEND of f: its first inl bytes inline in the Ethernet segment, the
 * rest by one pointer data segment. Returns the WQE's ds. */
static uint32_t
wqe_send(uint8_t *w, const uint8_t *f, uint32_t len, uint32_t inl,
	 uint32_t lkey)
{
	uint32_t off = 32 + (inl > 2 ? ALIGN16(inl - 2) : 0);
	uint16_t sz = htobe16((uint16_t)inl);

	wqe_ctrl(w, 0, MLX5_OPCODE_SEND);
	memcpy(w + 16 + 12, &sz, 2);
	memcpy(w + 16 + 14, f, inl);
	if (len > inl) {
		emu_wqe_dseg(w + off, f + inl, len - inl, lkey);
		off += 16;
	}
	return off / 16;
}

/* An inline data segment at w + off carrying f whole; returns the next
 * segment's offset. */
static uint32_t
wqe_inline(uint8_t *w, uint32_t off, const uint8_t *f, uint32_t len)
{
	uint32_t bc = htobe32(MLX5_INLINE_SEG | len);

	memcpy(w + off, &bc, 4);
	memcpy(w + off + 4, f, len);
	return off + ALIGN16(4 + len);
}

/*
 * Posts the WQE w (ds 16-byte units) on a new SQ of the given
 * min_wqe_inline_mode. Returns 0 when it completed, the syndrome when it
 * completed in error, -1 when no CQE came.
 */
static int
post_one(struct emu_dev *d, uint8_t mode, uint8_t *w, uint32_t ds)
{
	struct mlx5_wqe_ctrl_seg *c = (struct mlx5_wqe_ctrl_seg *)w;
	struct mlx5_cqe64 *cqe;
	struct emu_q sq;
	int ret = -1;

	if (emu_q_create_sq_inline(d, &sq, 4, mode) != 0 ||
	    emu_q_modify(&sq, 0, 1) != 0) {
		emu_q_destroy(&sq);
		return -2;
	}
	c->qpn_ds = htobe32(sq.qn << 8 | ds);
	memcpy(sq.buf, w, (size_t)ds * 16);
	sq.dbr[MLX5X_SND_DBR] = htobe32((ds * 16 + 63) / 64);
	cqe = emu_q_poll_cqe(&sq, 200);
	if (cqe != NULL)
		ret = (cqe->op_own >> 4) == MLX5_CQE_REQ_ERR
			      ? ((struct mlx5_err_cqe *)cqe)->syndrome
			      : 0;
	emu_q_destroy(&sq);
	return ret;
}

/* The wire got exactly f (and nothing else). */
static bool
wire_got(const uint8_t *f, uint32_t len)
{
	uint8_t out[512];
	int n = emu.capture_wire(0, out, sizeof(out));

	return n == (int)len && memcmp(out, f, len) == 0 &&
	       emu.capture_wire(0, out, sizeof(out)) <= 0;
}

static bool
wire_empty(void)
{
	uint8_t out[512];

	return emu.capture_wire(0, out, sizeof(out)) <= 0;
}

/* The eMPW Ethernet segment is shared by all its packets, which come whole
 * from the data segments: an inline header size or a VLAN insertion in it
 * is a WQE error; checksum flags are honoured for every packet. */
static int
test_empw_eth_segment(void)
{
	uint8_t f[128], sent[128], w[WQE_MAX];
	struct emu_dev d;
	uint32_t len, ds, dw3;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,wire=drop") == 0, "open");
	len = frame_udp(f, false, 30);
	/* Inline header size 18 with the headers, then the packet. */
	wqe_ctrl(w, 0, OPC_EMPW);
	dw3 = htobe32(18u << 16);
	memcpy(w + 16 + 12, &dw3, 4);
	ds = wqe_inline(w, 32, f, len) / 16;
	TEST_ASSERT_EQ(post_one(&d, 0, w, ds),
		       MLX5_CQE_SYNDROME_LOCAL_QP_OP_ERR,
		       "inline header: local QP operation error");
	TEST_ASSERT(wire_empty(), "nothing sent");
	/* VLAN insertion of VID 7. */
	wqe_ctrl(w, 0, OPC_EMPW);
	dw3 = htobe32(ETH_VLAN_INSERT | 7);
	memcpy(w + 16 + 12, &dw3, 4);
	ds = wqe_inline(w, 32, f, len) / 16;
	TEST_ASSERT_EQ(post_one(&d, 0, w, ds),
		       MLX5_CQE_SYNDROME_LOCAL_QP_OP_ERR,
		       "VLAN insertion: local QP operation error");
	TEST_ASSERT(wire_empty(), "nothing sent");
	/* Checksum flags only: the IPv4 checksum is filled in. */
	memcpy(sent, f, len);
	f[24] ^= 0xff; /* IPv4 header checksum spoiled */
	wqe_ctrl(w, 0, OPC_EMPW);
	w[16 + 4] = MLX5_ETH_WQE_L3_CSUM;
	ds = wqe_inline(w, 32, f, len) / 16;
	TEST_ASSERT_EQ(post_one(&d, 0, w, ds), 0, "checksum flags complete");
	TEST_ASSERT(wire_got(sent, len), "with the IPv4 checksum filled");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* PRM: a pointer data segment's byte_count 0 means 2 GB, which no frame
 * holds: a local length error, in a SEND and in an eMPW WQE. */
static int
test_zero_length_pointer(void)
{
	uint8_t f[128], w[WQE_MAX];
	struct ibv_mr *mr;
	struct emu_dev d;
	uint32_t len, ds;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,wire=drop") == 0, "open");
	len = frame_udp(f, false, 30);
	mr = emu.reg_mr(d.pd, f, sizeof(f), 0);
	TEST_ASSERT(mr != NULL, "mr");
	ds = wqe_send(w, f, len, 0, mr->lkey);
	TEST_ASSERT_EQ(post_one(&d, 0, w, ds), 0, "SEND by pointer completes");
	TEST_ASSERT(wire_got(f, len), "and sends the frame");
	emu_wqe_dseg(w + ds * 16, f, 0, mr->lkey);
	TEST_ASSERT_EQ(post_one(&d, 0, w, ds + 1),
		       MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR,
		       "SEND with a 0-byte pointer: local length error");
	TEST_ASSERT(wire_empty(), "nothing sent");
	wqe_ctrl(w, 0, OPC_EMPW);
	emu_wqe_dseg(w + 32, f, 0, mr->lkey);
	TEST_ASSERT_EQ(post_one(&d, 0, w, 3),
		       MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR,
		       "eMPW 0-byte pointer: local length error");
	TEST_ASSERT(wire_empty(), "nothing sent");
	emu.dereg_mr(mr);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* PRM: the enhanced MPW WQE is opcode 0x29 with opc_mod 0 (as the kernel's
 * and DPDK's eMPW post it); any other opc_mod is a WQE error. */
static int
test_empw_opmod(void)
{
	uint8_t f[128], w[WQE_MAX];
	struct emu_dev d;
	uint32_t len, ds;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,wire=drop") == 0, "open");
	len = frame_udp(f, false, 30);
	wqe_ctrl(w, 0, OPC_EMPW);
	ds = wqe_inline(w, 32, f, len) / 16;
	TEST_ASSERT_EQ(post_one(&d, 0, w, ds), 0, "opmod 0 completes");
	TEST_ASSERT(wire_got(f, len), "and sends its packet");
	wqe_ctrl(w, 2, OPC_EMPW);
	ds = wqe_inline(w, 32, f, len) / 16;
	TEST_ASSERT_EQ(post_one(&d, 0, w, ds),
		       MLX5_CQE_SYNDROME_LOCAL_QP_OP_ERR,
		       "opmod 2: local QP operation error");
	TEST_ASSERT(wire_empty(), "nothing sent");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_sq_wqe_suite, "emu_sq_wqe", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_empw_opmod),
		 MLX5X_TEST_CASE(test_empw_eth_segment),
		 MLX5X_TEST_CASE(test_zero_length_pointer))
