/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, sqc.min_wqe_inline_mode (PRM: 0 none, 1 L2, 2 IP,
 * 3 TCP/UDP): a send WQE must carry, inline in its Ethernet segment, the
 * headers its SQ's mode names - the L2 header with its VLAN tags, up to
 * the end of the IP header, up to the end of the TCP/UDP header (a frame
 * without such a layer: the layers it has). For each mode and frame kind
 * a SEND inlining one byte less than that completes in error (local QP
 * operation error) and sends nothing; inlining exactly that sends the
 * frame. A VLAN insertion (no inline header) and an eMPW packet by pointer
 * need mode none; mode 4 and above are refused at CREATE_SQ.
 */
#include <endian.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

#define WQE_MAX 512u
#define OPC_EMPW 0x29u
#define ALIGN16(x) (((x) + 15u) & ~15u)

static const uint8_t dmac[6] = { 0x02, 0x99, 0x00, 0x00, 0x00, 0x01 };

static void
wqe_ctrl(uint8_t *w, uint8_t opcode)
{
	struct mlx5_wqe_ctrl_seg *c = (struct mlx5_wqe_ctrl_seg *)w;

	memset(w, 0, WQE_MAX);
	c->opmod_idx_opcode = htobe32(opcode);
	c->fm_ce_se = MLX5_WQE_CTRL_CQ_UPDATE;
}

/* A SEND of f: its first inl bytes inline in the Ethernet segment (PRM:
 * from byte 14 of the segment on), the rest by one pointer. Its ds. */
static uint32_t
wqe_send(uint8_t *w, const uint8_t *f, uint32_t len, uint32_t inl,
	 uint32_t lkey)
{
	uint32_t off = 32 + (inl > 2 ? ALIGN16(inl - 2) : 0);
	uint16_t sz = htobe16((uint16_t)inl);

	wqe_ctrl(w, MLX5_OPCODE_SEND);
	memcpy(w + 16 + 12, &sz, 2);
	memcpy(w + 16 + 14, f, inl);
	if (len > inl) {
		emu_wqe_dseg(w + off, f + inl, len - inl, lkey);
		off += 16;
	}
	return off / 16;
}

/* Posts w on a new SQ of the mode: 0 completed, the syndrome of an error
 * CQE, -1 no CQE, -2 no SQ. */
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

/* The wire got exactly f, or nothing at all (f NULL). */
static bool
wire_got(const uint8_t *f, uint32_t len)
{
	uint8_t out[512];
	int n = emu.capture_wire(0, out, sizeof(out));

	if (f == NULL)
		return n <= 0;
	return n == (int)len && memcmp(out, f, len) == 0 &&
	       emu.capture_wire(0, out, sizeof(out)) <= 0;
}

/* Frames: UDP/IPv4; the same with one 802.1Q tag; TCP/IPv6 with a 32-byte
 * TCP header (options); an ARP frame. */
enum { F_UDP4, F_UDP4_VLAN, F_TCP6, F_ARP, F_NUM };

static uint32_t
frame_make(uint8_t *f, unsigned int kind)
{
	uint32_t len;

	if (kind == F_UDP4 || kind == F_UDP4_VLAN) {
		len = (uint32_t)emu_frame_udp4(f, dmac, 0x0a000001, 0x0a000002,
					       1000, 2000, 30);
		if (kind == F_UDP4_VLAN) {
			memmove(f + 16, f + 12, len - 12);
			memcpy(f + 12, "\x81\x00\x00\x05", 4);
			len += 4;
		}
		return len;
	}
	memset(f, 0, 128);
	memcpy(f, dmac, 6);
	memcpy(f + 6, "\x02\x99\x00\x00\x00\x02", 6);
	if (kind == F_ARP) {
		f[12] = 0x08;
		f[13] = 0x06;
		return 60;
	}
	f[12] = 0x86;
	f[13] = 0xdd;
	f[14] = 0x60;
	f[19] = 32 + 10; /* payload length: TCP header and 10 bytes */
	f[20] = 6;
	f[21] = 64;
	f[37] = 1;
	f[53] = 2;
	f[54 + 12] = 8 << 4; /* data offset: 32 bytes */
	f[54 + 13] = 0x10;
	return 54 + 32 + 10;
}

static int
test_sq_min_inline_mode_enforced(void)
{
	/* Bytes each mode needs inline, per frame kind. */
	static const uint32_t need[4][F_NUM] = {
		{ 0, 0, 0, 0 },
		{ 14, 18, 14, 14 },
		{ 34, 38, 54, 14 },
		{ 42, 46, 86, 14 },
	};
	uint8_t f[128], w[WQE_MAX];
	unsigned int mode, kind;
	struct ibv_mr *mr;
	struct emu_dev d;
	uint32_t len, ds;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,wire=drop") == 0, "open");
	mr = emu.reg_mr(d.pd, f, sizeof(f), 0);
	TEST_ASSERT(mr != NULL, "mr");
	for (mode = 0; mode < 4; mode++) {
		for (kind = 0; kind < F_NUM; kind++) {
			uint32_t n = need[mode][kind];

			len = frame_make(f, kind);
			if (n > 0) {
				ds = wqe_send(w, f, len, n - 1, mr->lkey);
				TEST_ASSERT_EQ(post_one(&d, mode, w, ds),
					       MLX5_CQE_SYNDROME_LOCAL_QP_OP_ERR,
					       "mode %u, frame %u: %u bytes "
					       "inline is one short",
					       mode, kind, n - 1);
				TEST_ASSERT(wire_got(NULL, 0),
					    "mode %u, frame %u: nothing sent",
					    mode, kind);
			}
			ds = wqe_send(w, f, len, n, mr->lkey);
			TEST_ASSERT_EQ(post_one(&d, mode, w, ds), 0,
				       "mode %u, frame %u: %u bytes inline "
				       "complete",
				       mode, kind, n);
			TEST_ASSERT(wire_got(f, len),
				    "mode %u, frame %u: the frame is sent",
				    mode, kind);
		}
	}
	emu.dereg_mr(mr);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* A VLAN insertion has no inline header (PRM: the insert field takes the
 * Ethernet segment's inline header place): fine with mode none, a WQE
 * error with mode L2. An eMPW packet by pointer likewise; an eMPW packet
 * inline whole satisfies any mode. */
static int
test_sq_inline_mode_vlan_insert_and_empw(void)
{
	uint8_t f[128], tagged[132], w[WQE_MAX];
	struct ibv_mr *mr;
	struct emu_dev d;
	uint32_t len, dw3, bc;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,wire=drop") == 0, "open");
	len = frame_make(f, F_UDP4);
	mr = emu.reg_mr(d.pd, f, sizeof(f), 0);
	TEST_ASSERT(mr != NULL, "mr");
	memcpy(tagged, f, 12);
	memcpy(tagged + 12, "\x81\x00\x00\x07", 4);
	memcpy(tagged + 16, f + 12, len - 12);
	wqe_ctrl(w, MLX5_OPCODE_SEND);
	dw3 = htobe32(1u << 31 | 7); /* insert VLAN, VID 7 */
	memcpy(w + 16 + 12, &dw3, 4);
	emu_wqe_dseg(w + 32, f, len, mr->lkey);
	TEST_ASSERT_EQ(post_one(&d, 0, w, 3), 0, "VLAN insert, mode none");
	TEST_ASSERT(wire_got(tagged, len + 4), "sent tagged");
	TEST_ASSERT_EQ(post_one(&d, 1, w, 3), MLX5_CQE_SYNDROME_LOCAL_QP_OP_ERR,
		       "VLAN insert, mode L2: no inline L2 header");
	TEST_ASSERT(wire_got(NULL, 0), "nothing sent");

	wqe_ctrl(w, OPC_EMPW);
	emu_wqe_dseg(w + 32, f, len, mr->lkey);
	TEST_ASSERT_EQ(post_one(&d, 0, w, 3), 0, "eMPW by pointer, mode none");
	TEST_ASSERT(wire_got(f, len), "sent");
	TEST_ASSERT_EQ(post_one(&d, 1, w, 3), MLX5_CQE_SYNDROME_LOCAL_QP_OP_ERR,
		       "eMPW by pointer, mode L2");
	TEST_ASSERT(wire_got(NULL, 0), "nothing sent");
	wqe_ctrl(w, OPC_EMPW);
	bc = htobe32(MLX5_INLINE_SEG | len);
	memcpy(w + 32, &bc, 4);
	memcpy(w + 36, f, len);
	TEST_ASSERT_EQ(post_one(&d, 3, w, (32 + ALIGN16(4 + len)) / 16), 0,
		       "eMPW packet inline whole, mode TCP/UDP");
	TEST_ASSERT(wire_got(f, len), "sent");
	emu.dereg_mr(mr);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* CREATE_SQ refuses the reserved modes; QUERY_SQ reads the mode back. */
static int
test_sq_inline_mode_create_query(void)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(obj_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(query_sq_out)] = { 0 };
	struct emu_dev d;
	struct emu_q sq;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create_sq_inline(&d, &sq, 4, 4) != 0,
		    "mode 4 is reserved");
	emu_q_destroy(&sq);
	TEST_ASSERT_EQ(emu_q_create_sq_inline(&d, &sq, 4, 2), 0, "mode IP");
	/* PRM query_sq_in: the SQ number at the object number's place. */
	MLX5X_SET(obj_in, in, opcode, MLX5X_CMD_OP_QUERY_SQ);
	MLX5X_SET(obj_in, in, obj_id, sq.qn);
	TEST_ASSERT_EQ(emu_cmd(&d, in, sizeof(in), out, sizeof(out)), 0,
		       "QUERY_SQ");
	TEST_ASSERT_EQ(MLX5X_GET(sqc,
				 MLX5X_ADDR_OF(query_sq_out, out, sq_context),
				 min_wqe_inline_mode),
		       2, "mode read back");
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_sq_inline_suite, "emu_sq_inline", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_sq_min_inline_mode_enforced),
		 MLX5X_TEST_CASE(test_sq_inline_mode_vlan_insert_and_empw),
		 MLX5X_TEST_CASE(test_sq_inline_mode_create_query))
