/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, the switchdev representor path as the driver sets it
 * up for testpmd (drivers/net/mlx5x/flow/mlx5x_flow_fdb.c): an FDB level 0
 * entry on a Tx SQ writes the port's reg_c_0 tag (a modify-header of that
 * register alone) and goes to level 1, whose entry on reg_c_0 forwards to
 * the VF's vport; a VF's frames miss the FDB and reach the manager's NIC
 * RX, where an entry on the VF's reg_c_0 tag picks the representor's RQ.
 *
 * emu_esw_path checks that a register-only rewrite leaves the frame as it
 * was while the next table matches the register it wrote, and that one
 * that also rewrites a header field still changes the frame.
 * emu_esw_fused holds the fused FDB -> NIC RX -> RQ way (switchdev frames
 * whose source alone decides their way: emu/queue/mlx5x_emu_rx_fused.h)
 * against the general path, frame by frame, on two adapters alike.
 * emu_bench_esw (layer bench, never fails on time) forwards frame pairs,
 * one PF SQ -> FDB -> VF end and one VF end -> FDB -> NIC RX -> RQ, in the
 * calling thread; devtools/mlx5x-bench runs it under callgrind with two
 * pair counts (MLX5X_BENCH_FRAMES) and prints the slope per pair.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_frames.h"
#include "test_emu_lib.h"

#define REG_C0                                                                 \
	MLX5X_BYTE_OFF(fte_match_param, misc_parameters_2.metadata_reg_c_0)
/* misc.source_sqn is 24 bits at bit 8 of misc_parameters. */
#define SQN_OFF MLX5X_BYTE_OFF(fte_match_param, misc_parameters.reserved_at_0)
#define TAG 0x00c0ffeeu

/* The objects of one representor path, destroyed in reverse. */
struct esw_path {
	struct mlx5dv_devx_obj *obj[24];
	unsigned int n;
	uint32_t mhdr;
};

static uint32_t
path_add(struct esw_path *p, struct emu_dev *d, void *in, size_t inlen)
{
	uint32_t id = emu_obj_id(d, in, inlen, &p->obj[p->n]);

	if (id != 0)
		p->n++;
	return id;
}

static uint32_t
path_table(struct esw_path *p, struct emu_dev *d, uint32_t type, uint32_t level)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	void *c = MLX5X_ADDR_OF(create_flow_table_in, in, flow_table_context);

	MLX5X_SET(create_flow_table_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, in, table_type, type);
	MLX5X_SET(flow_table_context, c, level, level);
	MLX5X_SET(flow_table_context, c, log_size, 4);
	return path_add(p, d, in, sizeof(in));
}

/* Group 0..15 on one 32-bit word of fte_match_param. */
static uint32_t
path_group(struct esw_path *p, struct emu_dev *d, uint32_t type, uint32_t ft,
	   uint8_t enable, size_t off, uint32_t mask)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };

	emu_fg_in_one_word(in, type, ft, enable, off, mask);
	return path_add(p, d, in, sizeof(in));
}

/* The entry SET_FLOW_TABLE_ENTRY mailbox in makes, kept in p (it has no
 * id): 0 or -1. */
static int
path_add_entry(struct esw_path *p, struct emu_dev *d, void *in, size_t inlen)
{
	p->obj[p->n] = NULL;
	emu_obj_id(d, in, inlen, &p->obj[p->n]);
	return p->obj[p->n++] != NULL ? 0 : -1;
}

/* Entry 0 of group fg: word off == value -> (mhdr, when not 0) -> dest. */
static int
path_entry(struct esw_path *p, struct emu_dev *d, uint32_t type, uint32_t ft,
	   uint32_t fg, size_t off, uint32_t value, uint32_t mhdr,
	   uint16_t dtype, uint32_t did)
{
	uint8_t in[EMU_FTE_ONE_DEST_BYTES] = { 0 };

	emu_fte_in_one_word(in, type, ft, fg, 0, off, value, mhdr, dtype, did);
	return path_add_entry(p, d, in, sizeof(in));
}

/* FDB modify-header: reg_c_0 = TAG, and (new_dmac_lo) the destination
 * MAC's low 16 bits too. The id, 0 if refused. */
static uint32_t
path_mhdr(struct emu_dev *d, bool new_dmac_lo)
{
	uint8_t in[16 + 2 * 8] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(alloc_modify_header_context_out)] = { 0 };
	uint8_t *a = in + 16;

	MLX5X_SET(alloc_modify_header_context_in, in, opcode,
		  MLX5X_CMD_OP_ALLOC_MODIFY_HEADER_CONTEXT);
	MLX5X_SET(alloc_modify_header_context_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_FDB);
	MLX5X_SET(alloc_modify_header_context_in, in, num_of_actions,
		  new_dmac_lo ? 2 : 1);
	MLX5X_SET(set_action_in, a, action_type, MLX5X_ACTION_TYPE_SET);
	MLX5X_SET(set_action_in, a, field, 0x51); /* metadata_reg_c_0 */
	MLX5X_SET(set_action_in, a, data, TAG);
	MLX5X_SET(set_action_in, a + 8, action_type, MLX5X_ACTION_TYPE_SET);
	MLX5X_SET(set_action_in, a + 8, field,
		  MLX5X_ACTION_IN_FIELD_OUT_DMAC_15_0);
	MLX5X_SET(set_action_in, a + 8, length, 16);
	MLX5X_SET(set_action_in, a + 8, data, 0xbeef);
	if (emu_cmd(d, in, 16 + (new_dmac_lo ? 16u : 8u), out, sizeof(out)) !=
	    0)
		return 0;
	return MLX5X_GET(alloc_modify_header_context_out, out,
			 modify_header_id);
}

static void
path_free(struct esw_path *p, struct emu_dev *d)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(dealloc_modify_header_context_in)] = { 0 };
	uint8_t out[16];

	emu_ft_root_set(d, MLX5X_FLOW_TABLE_TYPE_FDB, 0, 1);
	emu_ft_root_set(d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, 0, 1);
	while (p->n > 0)
		emu.obj_destroy(p->obj[--p->n]);
	if (p->mhdr != 0) {
		MLX5X_SET(dealloc_modify_header_context_in, in, opcode,
			  MLX5X_CMD_OP_DEALLOC_MODIFY_HEADER_CONTEXT);
		MLX5X_SET(dealloc_modify_header_context_in, in,
			  modify_header_id, p->mhdr);
		emu_cmd(d, in, sizeof(in), out, sizeof(out));
		p->mhdr = 0;
	}
}

/* An adapter with VFs (config cfg) and a ready SQ of 2^log_n WQEBBs on
 * its PF. */
static int
path_open(struct emu_dev *d, struct emu_q *sq, const char *cfg, uint32_t log_n)
{
	TEST_ASSERT(emu_dev_open(d, cfg) == 0, "open");
	TEST_ASSERT(emu_q_create(d, sq, true, log_n, 6) == 0 &&
			    emu_q_modify(sq, 0, 1) == 0,
		    "sq");
	return MLX5X_TEST_PASS;
}

/* Everything path_open, path_fdb and the test made, in reverse (r, the
 * receive side, when there is one). */
static void
path_close(struct esw_path *p, struct emu_dev *d, struct emu_q *sq,
	   struct ibv_mr *mr, struct emu_rx_tir *r)
{
	path_free(p, d);
	if (r != NULL)
		emu_rx_tir_free(r);
	emu.dereg_mr(mr);
	emu_q_destroy(sq);
	emu_dev_close(d);
}

/* The FDB of the representor path: level 0 "sqn -> mhdr, level 1", level
 * 1 "reg_c_0 == TAG -> vport vf + 1". 0 or -1. */
static int
path_fdb(struct esw_path *p, struct emu_dev *d, uint32_t sqn, uint16_t vf,
	 bool new_dmac_lo)
{
	const uint32_t fdb = MLX5X_FLOW_TABLE_TYPE_FDB;
	uint32_t ft0, ft1, fg0, fg1;

	p->mhdr = path_mhdr(d, new_dmac_lo);
	ft0 = path_table(p, d, fdb, 0);
	ft1 = path_table(p, d, fdb, 1);
	fg0 = path_group(p, d, fdb, ft0, MLX5X_MATCH_MISC_PARAMETERS, SQN_OFF,
			 0x00ffffff);
	fg1 = path_group(p, d, fdb, ft1, MLX5X_MATCH_MISC_PARAMETERS_2, REG_C0,
			 0xffffffff);
	if (p->mhdr == 0 || ft0 == 0 || ft1 == 0 || fg0 == 0 || fg1 == 0 ||
	    path_entry(p, d, fdb, ft1, fg1, REG_C0, TAG, 0,
		       MLX5X_FLOW_DESTINATION_TYPE_VPORT, vf + 1u) != 0 ||
	    path_entry(p, d, fdb, ft0, fg0, SQN_OFF, sqn, p->mhdr,
		       MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE, ft1) != 0)
		return -1;
	return emu_ft_root_set(d, fdb, ft0, 0);
}

/* One frame from SQ sq (ring of n WQEBBs, index idx) to VF vf's end; the
 * bytes that arrived there in out. Its length, or -1. */
static int
path_send(struct emu_q *sq, uint32_t n, uint16_t idx, const uint8_t *frame,
	  uint32_t len, uint32_t lkey, uint16_t vf, uint8_t *out, size_t outlen)
{
	emu_wqe_send(sq->buf, n, sq->qn, idx, frame, len, lkey);
	sq->dbr[MLX5X_SND_DBR] = htobe32((uint32_t)idx + 1);
	if (emu_q_poll_cqe(sq, 100) == NULL)
		return -1;
	return emu.capture_vf(0, vf, out, outlen);
}

static int
path_rewrite_case(bool new_dmac_lo)
{
	struct esw_path p = { .n = 0 };
	uint8_t frame[128], out[256];
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q sq;
	size_t len;

	TEST_ASSERT_EQ(path_open(&d, &sq, "vfs=2,wire=drop,vf_end=drop", 4),
		       MLX5X_TEST_PASS, "adapter, SQ");
	TEST_ASSERT(path_fdb(&p, &d, sq.qn, 1, new_dmac_lo) == 0,
		    "FDB levels 0 and 1");
	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x15\xb3\x00\x00\x02",
			     0x0a000001, 0x0a000002, 1000, 2000, 30);
	mr = emu.reg_mr(d.pd, frame, sizeof(frame), 0);
	TEST_ASSERT(mr != NULL, "mr");
	TEST_ASSERT_EQ(path_send(&sq, 16, 0, frame, (uint32_t)len, mr->lkey, 1,
				 out, sizeof(out)),
		       (int)len, "level 1 matched the tag: frame at VF 1");
	if (new_dmac_lo) {
		TEST_ASSERT(out[4] == 0xbe && out[5] == 0xef,
			    "destination MAC rewritten");
		out[4] = frame[4];
		out[5] = frame[5];
	}
	TEST_ASSERT(memcmp(out, frame, len) == 0,
		    "every other byte as sent (the tag is no frame byte)");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), 0,
		       "not on the wire");
	/* The same frame again: the first one's rewrite left nothing
	 * behind in the frame or in the next walk. */
	TEST_ASSERT_EQ(path_send(&sq, 16, 1, frame, (uint32_t)len, mr->lkey, 1,
				 out, sizeof(out)),
		       (int)len, "second frame at VF 1");
	TEST_ASSERT(memcmp(out + 6, frame + 6, len - 6) == 0, "same payload");
	path_close(&p, &d, &sq, mr, NULL);
	return MLX5X_TEST_PASS;
}

static int
test_esw_tag_only_rewrite_keeps_frame(void)
{
	return path_rewrite_case(false);
}

static int
test_esw_tag_and_mac_rewrite_changes_frame(void)
{
	return path_rewrite_case(true);
}

/* An FDB hit forwarding to the manager's own vport: its NIC RX matches
 * each frame's own bytes, frame after frame from one buffer (the FDB's
 * parse it reuses is that frame's, never an earlier one's). */
static int
test_esw_fdb_hit_to_nic_rx_matches_each_frame(void)
{
	const size_t dmac =
		MLX5X_BYTE_OFF(fte_match_param, outer_headers.dmac_47_16);
	const uint32_t fdb = MLX5X_FLOW_TABLE_TYPE_FDB;
	const uint32_t rx = MLX5X_FLOW_TABLE_TYPE_NIC_RX;
	struct esw_path p = { .n = 0 };
	struct emu_rx_tir r;
	uint8_t frame[128], out[256];
	uint32_t ft, fg, rft, rfg;
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q sq;
	size_t len;

	TEST_ASSERT_EQ(path_open(&d, &sq, "vfs=2,wire=drop,vf_end=drop", 4),
		       MLX5X_TEST_PASS, "adapter, SQ");
	TEST_ASSERT_EQ(emu_rx_tir_make(&d, &r), MLX5X_TEST_PASS, "rq, TIR");
	ft = path_table(&p, &d, fdb, 0);
	fg = path_group(&p, &d, fdb, ft, MLX5X_MATCH_MISC_PARAMETERS, SQN_OFF,
			0x00ffffff);
	rft = path_table(&p, &d, rx, 0);
	rfg = path_group(&p, &d, rx, rft, MLX5X_MATCH_OUTER_HEADERS, dmac,
			 0xffffffff);
	TEST_ASSERT(ft != 0 && fg != 0 && rft != 0 && rfg != 0 &&
			    path_entry(&p, &d, fdb, ft, fg, SQN_OFF, sq.qn, 0,
				       MLX5X_FLOW_DESTINATION_TYPE_VPORT,
				       0) == 0 &&
			    path_entry(&p, &d, rx, rft, rfg, dmac, 0x0215b300,
				       0, MLX5X_FLOW_DESTINATION_TYPE_TIR,
				       r.tirn) == 0 &&
			    emu_ft_root_set(&d, fdb, ft, 0) == 0 &&
			    emu_ft_root_set(&d, rx, rft, 0) == 0,
		    "FDB: SQ -> own vport; NIC RX: destination MAC -> RQ");
	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x15\xb3\x00\x00\x02",
			     0x0a000001, 0x0a000002, 1000, 2000, 30);
	mr = emu.reg_mr(d.pd, frame, sizeof(frame), 0);
	TEST_ASSERT(mr != NULL, "mr");
	TEST_ASSERT_EQ(path_send(&sq, 16, 0, frame, (uint32_t)len, mr->lkey, 0,
				 out, sizeof(out)),
		       0, "not at VF 0's end");
	TEST_ASSERT(emu_q_poll_cqe(&r.rq, 50) != NULL, "matching MAC: at RQ");
	TEST_ASSERT(memcmp(r.mem, frame, len) == 0, "same bytes");
	frame[2] = 0xb4; /* same buffer, another destination MAC */
	TEST_ASSERT_EQ(path_send(&sq, 16, 1, frame, (uint32_t)len, mr->lkey, 0,
				 out, sizeof(out)),
		       0, "not at VF 0's end");
	TEST_ASSERT(emu_q_poll_cqe(&r.rq, 0) == NULL,
		    "other MAC: NIC RX missed it");
	frame[2] = 0xb3;
	TEST_ASSERT_EQ(path_send(&sq, 16, 2, frame, (uint32_t)len, mr->lkey, 0,
				 out, sizeof(out)),
		       0, "not at VF 0's end");
	TEST_ASSERT(emu_q_poll_cqe(&r.rq, 50) != NULL, "matching again");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), 0,
		       "nothing on the wire");
	path_close(&p, &d, &sq, mr, &r);
	return MLX5X_TEST_PASS;
}

/* An adapter with two VFs and an SQ of 16 WQEBBs, a UDP frame to
 * 02:15:b3:00:00:02 registered, and an FDB level 0 table (root) with a
 * group on one word of fte_match_param. */
struct fdb_bed {
	struct esw_path p;
	struct emu_dev d;
	struct emu_q sq;
	struct ibv_mr *mr;
	uint8_t frame[128];
	int len;
	uint32_t ft, fg;
};

static int
fdb_bed_open(struct fdb_bed *b, uint8_t enable, size_t off, uint32_t mask)
{
	const uint32_t fdb = MLX5X_FLOW_TABLE_TYPE_FDB;

	b->p.n = 0;
	TEST_ASSERT_EQ(path_open(&b->d, &b->sq, "vfs=2,wire=drop,vf_end=drop",
				 4),
		       MLX5X_TEST_PASS, "adapter, SQ");
	b->ft = path_table(&b->p, &b->d, fdb, 0);
	b->fg = path_group(&b->p, &b->d, fdb, b->ft, enable, off, mask);
	TEST_ASSERT(b->ft != 0 && b->fg != 0 &&
			    emu_ft_root_set(&b->d, fdb, b->ft, 0) == 0,
		    "FDB root and group");
	b->len =
		(int)emu_frame_udp4(b->frame,
				    (const uint8_t *)"\x02\x15\xb3\x00\x00\x02",
				    0x0a000001, 0x0a000002, 1000, 2000, 30);
	b->mr = emu.reg_mr(b->d.pd, b->frame, sizeof(b->frame), 0);
	TEST_ASSERT(b->mr != NULL, "mr");
	return MLX5X_TEST_PASS;
}

/* The bed's frame sent as WQE idx of its SQ; what arrived at VF vf. */
static int
fdb_bed_send(struct fdb_bed *b, uint16_t idx, uint16_t vf, uint8_t *out,
	     size_t outlen)
{
	return path_send(&b->sq, 16, idx, b->frame, (uint32_t)b->len,
			 b->mr->lkey, vf, out, outlen);
}

/* An FDB entry on the destination MAC takes the manager's frames by their
 * headers: the FDB reads them (a frame with another MAC misses and leaves
 * by the wire), frame after frame. */
static int
test_esw_fdb_header_match_on_manager_frames(void)
{
	const size_t dmac =
		MLX5X_BYTE_OFF(fte_match_param, outer_headers.dmac_47_16);
	struct fdb_bed b;
	uint8_t out[256];
	uint16_t i;

	TEST_ASSERT_EQ(fdb_bed_open(&b, MLX5X_MATCH_OUTER_HEADERS, dmac,
				    0xffffffff),
		       MLX5X_TEST_PASS, "FDB on the destination MAC");
	TEST_ASSERT(path_entry(&b.p, &b.d, MLX5X_FLOW_TABLE_TYPE_FDB, b.ft,
			       b.fg, dmac, 0x0215b300, 0,
			       MLX5X_FLOW_DESTINATION_TYPE_VPORT, 2) == 0,
		    "destination MAC -> VF 1");
	for (i = 0; i < 4; i++) {
		/* Frames 1 and 3 carry another destination MAC. */
		b.frame[2] = i & 1 ? 0xb4 : 0xb3;
		TEST_ASSERT_EQ(fdb_bed_send(&b, i, 1, out, sizeof(out)),
			       i & 1 ? 0 : b.len, "frame %u at VF 1", i);
		TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)),
			       i & 1 ? b.len : 0, "frame %u on the wire", i);
	}
	path_close(&b.p, &b.d, &b.sq, b.mr, NULL);
	return MLX5X_TEST_PASS;
}

/* Entry index of the bed's one-word FDB root: value -> destination. */
static struct mlx5dv_devx_obj *
root_entry(struct fdb_bed *b, uint32_t index, uint32_t sqn, uint16_t dtype,
	   uint32_t did)
{
	uint8_t in[EMU_FTE_ONE_DEST_BYTES] = { 0 };
	struct mlx5dv_devx_obj *obj = NULL;

	emu_fte_in_one_word(in, MLX5X_FLOW_TABLE_TYPE_FDB, b->ft, b->fg, index,
			    SQN_OFF, sqn, 0, dtype, did);
	emu_obj_id(&b->d, in, sizeof(in), &obj);
	return obj;
}

/* The FDB root's answer for a source follows its entries: each entry set
 * or deleted between two frames of the same SQ, or of the same VF, shows
 * in where the next one goes. */
static int
test_esw_fdb_root_answer_follows_entries(void)
{
	struct mlx5dv_devx_obj *e0, *e1;
	struct fdb_bed b;
	uint8_t out[256];

	TEST_ASSERT_EQ(fdb_bed_open(&b, MLX5X_MATCH_MISC_PARAMETERS, SQN_OFF,
				    0x00ffffff),
		       MLX5X_TEST_PASS, "FDB on the SQ number");
	e0 = root_entry(&b, 0, b.sq.qn, MLX5X_FLOW_DESTINATION_TYPE_VPORT, 2);
	TEST_ASSERT(e0 != NULL, "FDB: the SQ -> VF 1");
	TEST_ASSERT_EQ(fdb_bed_send(&b, 0, 1, out, sizeof(out)), b.len,
		       "SQ frame at VF 1");
	TEST_ASSERT_EQ(emu.inject_vf(0, 1, b.frame, (size_t)b.len), 0,
		       "VF 1 sends");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), 0,
		       "VF 1's frame missed: not on the wire");
	TEST_ASSERT_EQ(emu.obj_destroy(e0), 0, "SQ entry deleted");
	TEST_ASSERT_EQ(fdb_bed_send(&b, 1, 1, out, sizeof(out)), 0,
		       "SQ frame no longer at VF 1");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), b.len,
		       "it missed: on the wire");
	e0 = root_entry(&b, 0, b.sq.qn, MLX5X_FLOW_DESTINATION_TYPE_VPORT, 1);
	TEST_ASSERT(e0 != NULL, "FDB: the SQ -> VF 0");
	TEST_ASSERT_EQ(fdb_bed_send(&b, 2, 0, out, sizeof(out)), b.len,
		       "SQ frame at VF 0");
	/* SQN 0: the frames of every VF. */
	e1 = root_entry(&b, 1, 0, MLX5X_FLOW_DESTINATION_TYPE_UPLINK, 0);
	TEST_ASSERT(e1 != NULL, "FDB: the VFs -> uplink");
	TEST_ASSERT_EQ(emu.inject_vf(0, 1, b.frame, (size_t)b.len), 0,
		       "VF 1 sends");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), b.len,
		       "VF 1's frame on the wire");
	TEST_ASSERT_EQ(emu.obj_destroy(e1), 0, "VF entry deleted");
	TEST_ASSERT_EQ(emu.inject_vf(0, 1, b.frame, (size_t)b.len), 0,
		       "VF 1 sends");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), 0,
		       "VF 1's frame missed again");
	emu.obj_destroy(e0);
	path_close(&b.p, &b.d, &b.sq, b.mr, NULL);
	return MLX5X_TEST_PASS;
}

/* A flow counter of its own (obj for destroy); its id, 0 if refused. */
static uint32_t
walk_counter(struct emu_dev *d, struct mlx5dv_devx_obj **obj)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(alloc_flow_counter_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(alloc_flow_counter_out)] = { 0 };

	MLX5X_SET(alloc_flow_counter_in, in, opcode,
		  MLX5X_CMD_OP_ALLOC_FLOW_COUNTER);
	*obj = emu.obj_create(d->ctx, in, sizeof(in), out, sizeof(out));
	return *obj != NULL
		       ? MLX5X_GET(alloc_flow_counter_out, out, flow_counter_id)
		       : 0;
}

/* Counter cnt (not 0) on the SET_FLOW_TABLE_ENTRY mailbox in
 * (EMU_FTE_ONE_DEST_BYTES + 8, emu_fte_in_one_word filled), after its
 * destination. */
static void
fte_in_count(uint8_t *in, uint32_t cnt)
{
	void *fc = MLX5X_ADDR_OF(set_fte_in, in, flow_context);
	uint8_t *dst = MLX5X_ADDR_OF(flow_context, fc, destination);

	MLX5X_SET(flow_context, fc, action,
		  MLX5X_GET(flow_context, fc, action) |
			  MLX5X_FLOW_CONTEXT_ACTION_COUNT);
	MLX5X_SET(flow_context, fc, flow_counter_list_size, 1);
	MLX5X_SET(flow_counter_list, dst + 8, flow_counter_id, cnt);
}

/* Level 1's entry 1 of the representor path: reg_c_0 == TAG -> VF vf,
 * counted by counter cnt. */
static struct mlx5dv_devx_obj *
walk_level1_entry(struct emu_dev *d, uint32_t ft1, uint32_t fg1, uint16_t vf,
		  uint32_t cnt)
{
	uint8_t in[EMU_FTE_ONE_DEST_BYTES + 8] = { 0 };
	struct mlx5dv_devx_obj *obj = NULL;

	emu_fte_in_one_word(in, MLX5X_FLOW_TABLE_TYPE_FDB, ft1, fg1, 1, REG_C0,
			    TAG, 0, MLX5X_FLOW_DESTINATION_TYPE_VPORT, vf + 1u);
	fte_in_count(in, cnt);
	emu_obj_id(d, in, sizeof(in), &obj);
	return obj;
}

/*
 * Frames of one SQ, and of a VF in between, through the two-level
 * representor path, frame after frame (the FDB keeps a source's whole walk
 * from its second frame on): every frame is counted by the level 1 entry
 * it hit, and an entry deleted or set at level 1 (not the root) between
 * two frames shows in where the next one goes.
 */
static int
test_esw_fdb_walk_follows_next_level(void)
{
	const uint32_t fdb = MLX5X_FLOW_TABLE_TYPE_FDB;
	struct mlx5dv_devx_obj *cobj, *e1;
	struct esw_path p = { .n = 0 };
	uint32_t ft0, ft1, fg0, fg1, cnt;
	uint8_t frame[128], out[256];
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q sq;
	uint16_t idx = 0;
	unsigned int i;
	int len;

	TEST_ASSERT_EQ(path_open(&d, &sq, "vfs=2,wire=drop,vf_end=drop", 4),
		       MLX5X_TEST_PASS, "adapter, SQ");
	p.mhdr = path_mhdr(&d, false);
	ft0 = path_table(&p, &d, fdb, 0);
	ft1 = path_table(&p, &d, fdb, 1);
	fg0 = path_group(&p, &d, fdb, ft0, MLX5X_MATCH_MISC_PARAMETERS, SQN_OFF,
			 0x00ffffff);
	fg1 = path_group(&p, &d, fdb, ft1, MLX5X_MATCH_MISC_PARAMETERS_2,
			 REG_C0, 0xffffffff);
	cnt = walk_counter(&d, &cobj);
	TEST_ASSERT(p.mhdr != 0 && ft0 != 0 && ft1 != 0 && fg0 != 0 &&
			    fg1 != 0 && cnt != 0 &&
			    path_entry(&p, &d, fdb, ft0, fg0, SQN_OFF, sq.qn,
				       p.mhdr,
				       MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE,
				       ft1) == 0 &&
			    emu_ft_root_set(&d, fdb, ft0, 0) == 0,
		    "level 0: the SQ -> tag, level 1; a counter");
	e1 = walk_level1_entry(&d, ft1, fg1, 1, cnt);
	TEST_ASSERT(e1 != NULL, "level 1: the tag -> VF 1, counted");
	len = (int)emu_frame_udp4(frame,
				  (const uint8_t *)"\x02\x15\xb3\x00\x00\x02",
				  0x0a000001, 0x0a000002, 1000, 2000, 30);
	mr = emu.reg_mr(d.pd, frame, sizeof(frame), 0);
	TEST_ASSERT(mr != NULL, "mr");
	for (i = 0; i < 4; i++, idx++) {
		TEST_ASSERT_EQ(path_send(&sq, 16, idx, frame, (uint32_t)len,
					 mr->lkey, 1, out, sizeof(out)),
			       len, "frame %u at VF 1", i);
		/* Another source between two of the SQ's frames. */
		TEST_ASSERT_EQ(emu.inject_vf(0, 0, frame, (size_t)len), 0,
			       "VF 0 sends");
	}
	TEST_ASSERT_EQ(emu_counter_packets(&d, cnt), 4,
		       "each of the 4 counted once");
	TEST_ASSERT_EQ(emu.obj_destroy(e1), 0, "level 1 entry deleted");
	TEST_ASSERT_EQ(path_send(&sq, 16, idx++, frame, (uint32_t)len, mr->lkey,
				 1, out, sizeof(out)),
		       0, "level 1 misses: not at VF 1");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), len,
		       "FDB miss: the manager's frame on the wire");
	e1 = walk_level1_entry(&d, ft1, fg1, 0, cnt);
	TEST_ASSERT(e1 != NULL, "level 1: the tag -> VF 0 now");
	for (i = 0; i < 3; i++, idx++)
		TEST_ASSERT_EQ(path_send(&sq, 16, idx, frame, (uint32_t)len,
					 mr->lkey, 0, out, sizeof(out)),
			       len, "frame %u at VF 0", i);
	TEST_ASSERT_EQ(emu.capture_vf(0, 1, out, sizeof(out)), 0,
		       "none at VF 1");
	TEST_ASSERT_EQ(emu_counter_packets(&d, cnt), 7,
		       "and counted: 7 in all");
	TEST_ASSERT_EQ(emu.obj_destroy(e1), 0, "level 1 entry deleted");
	TEST_ASSERT_EQ(emu.obj_destroy(cobj), 0, "counter freed");
	path_close(&p, &d, &sq, mr, NULL);
	return MLX5X_TEST_PASS;
}

/*
 * The fused way against the general path. Two switchdev adapters with two
 * VFs set up alike by the same commands; adapter 1 keeps every frame on
 * the general path (the test hook). Rounds of set-ups, each met by random
 * frames of every kind (emu_any_frame: plain, tagged, IPv6, tunnels, cut
 * short, checksums spoilt...) from random sources (the wire, one by one
 * or in bursts, and both VF ends):
 *  TAGS: the FDB reads the SQ number (a VF's or the wire's frame misses);
 *   NIC RX reads reg_c_0, an entry per VF tag, a catch-all for the rest;
 *  COUNTED: the FDB root's catch-all counts and goes to level 1, which
 *   sends VF 1 to the wire and misses the others; NIC RX on the source
 *   port sends the uplink through a counting entry to a level 1
 *   catch-all, VF 0 to the TIR;
 *  REWRITE: an FDB entry on VF 0 rewrites reg_c_0 and the destination
 *   MAC and forwards to the manager's vport (its NIC RX sees the new
 *   register and the rewritten frame, parsed again); NIC RX on reg_c_0;
 *  HEADERS: the FDB reads the destination IPv4 address (the manager's
 *   vport for the rule's): no frame is the source's alone.
 * Every frame leaves the same bytes in the same RQ buffer and the same
 * CQE on both, and the vport and flow counters agree after each round;
 * the fused path took frames of the first three set-ups, none of the
 * last, and none on adapter 1.
 */
#define FU_RQS 4
#define FU_RING 64u
#define FU_BUF 2048u
#define FU_FRAMES 240 /* per round */
#define FU_BURST 8
#define FU_DIP 0x0a0000fe
#define FU_SQN 0x7777 /* no SQ has it */

enum { FU_TAGS, FU_COUNTED, FU_REWRITE, FU_HEADERS, FU_SETUPS };

struct fu_side {
	struct esw_path p; /* the round's objects */
	struct emu_dev d;
	struct emu_q q[FU_RQS];
	uint8_t *mem;
	struct ibv_mr *mr;
	struct mlx5dv_devx_obj *rqt, *tir, *cobj[2];
	uint32_t tirn, cnt[2];
	uint32_t tag[2], tag_mask; /* reg_c_0 of VF 0 and VF 1 */
};

/* Adapter dev of two alike, VF ends in mode vf_end (drop, loop). */
static int
fu_open(struct fu_side *s, unsigned int dev, const char *vf_end)
{
	static const uint8_t key[40] = { 0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b,
					 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d };
	char cfg[96];
	const size_t bytes = (size_t)FU_RQS * FU_RING * FU_BUF;
	uint32_t rqn[FU_RQS], rqtn;
	struct mlx5dv_port rep;
	unsigned int k;

	s->p.n = 0;
	snprintf(cfg, sizeof(cfg),
		 "vfs=2,wire=drop,vf_end=%s;vfs=2,wire=drop,vf_end=%s", vf_end,
		 vf_end);
	TEST_ASSERT((dev == 0 ? emu_dev_open(&s->d, cfg)
			      : emu_dev_open_name(&s->d, "mlx5_1")) == 0,
		    "open adapter %u", dev);
	s->mem = calloc(1, bytes);
	TEST_ASSERT(s->mem != NULL, "buffers");
	s->mr = emu.reg_mr(s->d.pd, s->mem, bytes, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(s->mr != NULL, "mr");
	for (k = 0; k < FU_RQS; k++) {
		TEST_ASSERT(emu_q_create(&s->d, &s->q[k], false, 6, 4) == 0,
			    "rq %u", k);
		emu_rq_post(&s->q[k], s->mem + (size_t)k * FU_RING * FU_BUF,
			    s->mr->lkey, FU_RING, FU_BUF);
		s->q[k].pi = FU_RING;
		TEST_ASSERT_EQ(emu_q_modify(&s->q[k], 0, 1), 0, "rq %u ready",
			       k);
		rqn[k] = s->q[k].qn;
	}
	rqtn = emu_rqt_make(&s->d, rqn, FU_RQS, &s->rqt);
	s->tirn = emu_tir_rss_make(&s->d, rqtn, key, MLX5X_L3_PROT_TYPE_IPV4,
				   MLX5X_L4_PROT_TYPE_UDP,
				   MLX5X_HASH_FIELD_SEL_SRC_IP |
					   MLX5X_HASH_FIELD_SEL_DST_IP |
					   MLX5X_HASH_FIELD_SEL_L4_SPORT |
					   MLX5X_HASH_FIELD_SEL_L4_DPORT,
				   &s->tir);
	TEST_ASSERT(rqtn != 0 && s->tirn != 0, "RQT, RSS TIR");
	for (k = 0; k < 2; k++) {
		s->cnt[k] = walk_counter(&s->d, &s->cobj[k]);
		TEST_ASSERT(s->cnt[k] != 0, "counter %u", k);
		/* Port 2 + k: the representor of VF k. */
		TEST_ASSERT_EQ(emu.dv_query_port(s->d.ctx, 2 + k, &rep,
						 sizeof(rep)),
			       0, "representor of VF %u", k);
		s->tag[k] = rep.reg_c0.value;
		s->tag_mask = rep.reg_c0.mask;
	}
	return MLX5X_TEST_PASS;
}

static void
fu_close(struct fu_side *s)
{
	unsigned int k;

	for (k = 2; k > 0; k--)
		if (s->cobj[k - 1] != NULL)
			emu.obj_destroy(s->cobj[k - 1]);
	if (s->tir != NULL)
		emu.obj_destroy(s->tir);
	if (s->rqt != NULL)
		emu.obj_destroy(s->rqt);
	for (k = 0; k < FU_RQS; k++)
		emu_q_destroy(&s->q[k]);
	if (s->mr != NULL)
		emu.dereg_mr(s->mr);
	free(s->mem);
	emu_dev_close(&s->d);
}

/* Group of table ft over indexes [first, first + 7] on one word (mask 0
 * and enable 0: a catch-all). Its id, 0 if refused. */
static uint32_t
fu_group(struct fu_side *s, uint32_t type, uint32_t ft, uint32_t first,
	 uint8_t enable, size_t off, uint32_t mask)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };

	emu_fg_in_one_word(in, type, ft, enable, off, mask);
	MLX5X_SET(create_flow_group_in, in, start_flow_index, first);
	MLX5X_SET(create_flow_group_in, in, end_flow_index, first + 7);
	return path_add(&s->p, &s->d, in, sizeof(in));
}

/* The SET_FLOW_TABLE_ENTRY mailbox in (EMU_FTE_ONE_DEST_BYTES + 8) of
 * entry index of group fg: word off == value -> (mhdr) -> destination,
 * flow tag tag (NIC RX), counted by cnt when not 0. */
static void
fu_entry_in(uint8_t *in, uint32_t type, uint32_t ft, uint32_t fg,
	    uint32_t index, size_t off, uint32_t value, uint32_t mhdr,
	    uint16_t dtype, uint32_t did, uint32_t tag, uint32_t cnt)
{
	void *fc = MLX5X_ADDR_OF(set_fte_in, in, flow_context);

	emu_fte_in_one_word(in, type, ft, fg, index, off, value, mhdr, dtype,
			    did);
	MLX5X_SET(flow_context, fc, flow_tag, tag);
	if (cnt != 0)
		fte_in_count(in, cnt);
}

/* fu_entry_in's entry set, kept in the round's objects. True when set. */
static bool
fu_entry(struct fu_side *s, uint32_t type, uint32_t ft, uint32_t fg,
	 uint32_t index, size_t off, uint32_t value, uint32_t mhdr,
	 uint16_t dtype, uint32_t did, uint32_t tag, uint32_t cnt)
{
	uint8_t in[EMU_FTE_ONE_DEST_BYTES + 8] = { 0 };

	fu_entry_in(in, type, ft, fg, index, off, value, mhdr, dtype, did, tag,
		    cnt);
	return path_add_entry(&s->p, &s->d, in, sizeof(in)) == 0;
}

/* misc.source_port: the low 16 bits of misc_parameters' second dword. */
#define FU_SRC_PORT                                                            \
	MLX5X_BYTE_OFF(fte_match_param,                                        \
		       misc_parameters.source_eswitch_owner_vhca_id)
#define FU_DIP_OFF                                                             \
	MLX5X_BYTE_OFF(fte_match_param,                                        \
		       outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4)

/* NIC RX root on reg_c_0 under mask: v0 -> tag 0x10, v1 -> tag 0x11, a
 * catch-all -> tag 0x12, all to the TIR. */
static bool
fu_rx_tags(struct fu_side *s, uint32_t mask, uint32_t v0, uint32_t v1)
{
	const uint32_t rx = MLX5X_FLOW_TABLE_TYPE_NIC_RX;
	const uint16_t tir = MLX5X_FLOW_DESTINATION_TYPE_TIR;
	uint32_t ft = path_table(&s->p, &s->d, rx, 0);
	uint32_t g0 = fu_group(s, rx, ft, 0, MLX5X_MATCH_MISC_PARAMETERS_2,
			       REG_C0, mask);
	uint32_t g1 = fu_group(s, rx, ft, 8, 0, 0, 0);

	return ft != 0 && g0 != 0 && g1 != 0 &&
	       fu_entry(s, rx, ft, g0, 0, REG_C0, v0, 0, tir, s->tirn, 0x10,
			0) &&
	       fu_entry(s, rx, ft, g0, 1, REG_C0, v1, 0, tir, s->tirn, 0x11,
			0) &&
	       fu_entry(s, rx, ft, g1, 8, 0, 0, 0, tir, s->tirn, 0x12, 0) &&
	       emu_ft_root_set(&s->d, rx, ft, 0) == 0;
}

/* The round's set-up on one side (the test's comment above). */
static int
fu_setup(struct fu_side *s, unsigned int su)
{
	const uint32_t fdb = MLX5X_FLOW_TABLE_TYPE_FDB;
	const uint32_t rx = MLX5X_FLOW_TABLE_TYPE_NIC_RX;
	const uint16_t vport = MLX5X_FLOW_DESTINATION_TYPE_VPORT;
	const uint16_t table = MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE;
	const uint16_t tir = MLX5X_FLOW_DESTINATION_TYPE_TIR;
	uint32_t ft0 = path_table(&s->p, &s->d, fdb, 0), ft1, g0, g1, r0, r1;
	bool ok = ft0 != 0;

	if (su == FU_TAGS || su == FU_HEADERS) {
		g0 = su == FU_TAGS ? fu_group(s, fdb, ft0, 0,
					      MLX5X_MATCH_MISC_PARAMETERS,
					      SQN_OFF, 0x00ffffff)
				   : fu_group(s, fdb, ft0, 0,
					      MLX5X_MATCH_OUTER_HEADERS,
					      FU_DIP_OFF, 0xffffffff);
		ok = ok && g0 != 0 &&
		     fu_entry(s, fdb, ft0, g0, 0,
			      su == FU_TAGS ? SQN_OFF : FU_DIP_OFF,
			      su == FU_TAGS ? FU_SQN : FU_DIP, 0, vport,
			      su == FU_TAGS ? 2 : 0, 0, 0) &&
		     fu_rx_tags(s, s->tag_mask, s->tag[0], s->tag[1]);
	} else if (su == FU_COUNTED) {
		ft1 = path_table(&s->p, &s->d, fdb, 1);
		g0 = fu_group(s, fdb, ft0, 0, 0, 0, 0);
		g1 = fu_group(s, fdb, ft1, 0, MLX5X_MATCH_MISC_PARAMETERS,
			      FU_SRC_PORT, 0xffff);
		r0 = path_table(&s->p, &s->d, rx, 0);
		r1 = path_table(&s->p, &s->d, rx, 1);
		ok = ok && ft1 != 0 && g0 != 0 && g1 != 0 && r0 != 0 &&
		     r1 != 0 &&
		     fu_entry(s, fdb, ft0, g0, 0, 0, 0, 0, table, ft1, 0,
			      s->cnt[0]) &&
		     fu_entry(s, fdb, ft1, g1, 0, FU_SRC_PORT, 2, 0,
			      MLX5X_FLOW_DESTINATION_TYPE_UPLINK, 0, 0, 0);
		g0 = fu_group(s, rx, r0, 0, MLX5X_MATCH_MISC_PARAMETERS,
			      FU_SRC_PORT, 0xffff);
		g1 = fu_group(s, rx, r1, 0, 0, 0, 0);
		ok = ok && g0 != 0 && g1 != 0 &&
		     fu_entry(s, rx, r0, g0, 0, FU_SRC_PORT, MLX5X_VPORT_UPLINK,
			      0, table, r1, 0, s->cnt[1]) &&
		     fu_entry(s, rx, r0, g0, 1, FU_SRC_PORT, 1, 0, tir, s->tirn,
			      0x20, 0) &&
		     fu_entry(s, rx, r1, g1, 0, 0, 0, 0, tir, s->tirn, 0x21,
			      0) &&
		     emu_ft_root_set(&s->d, rx, r0, 0) == 0;
	} else {
		s->p.mhdr = path_mhdr(&s->d, true);
		g0 = fu_group(s, fdb, ft0, 0, MLX5X_MATCH_MISC_PARAMETERS,
			      FU_SRC_PORT, 0xffff);
		ok = ok && s->p.mhdr != 0 && g0 != 0 &&
		     fu_entry(s, fdb, ft0, g0, 0, FU_SRC_PORT, 1, s->p.mhdr,
			      vport, 0, 0, 0) &&
		     fu_rx_tags(s, 0xffffffff, TAG, s->tag[1]);
	}
	TEST_ASSERT(ok && emu_ft_root_set(&s->d, fdb, ft0, 0) == 0, "set-up %u",
		    su);
	return MLX5X_TEST_PASS;
}

/* Both sides' RQs side by side: the same CQEs and buffers, each given
 * back; *cqes counts them, *tag and *buf are the last one's (side 0). */
static int
fu_drain(struct fu_side *s, unsigned int *cqes, uint32_t *tag,
	 const uint8_t **buf)
{
	unsigned int k, side;

	for (k = 0; k < FU_RQS; k++) {
		for (;;) {
			struct mlx5_cqe64 *c0 = emu_q_poll_cqe(&s[0].q[k], 0);
			struct mlx5_cqe64 *c1 = emu_q_poll_cqe(&s[1].q[k], 0);
			size_t w;

			TEST_ASSERT((c0 == NULL) == (c1 == NULL),
				    "a CQE on RQ %u of adapter %u only", k,
				    c0 != NULL ? 0u : 1u);
			if (c0 == NULL)
				break;
			TEST_ASSERT(memcmp(c0, c1, 64) == 0,
				    "CQEs on RQ %u differ", k);
			w = (size_t)k * FU_RING +
			    be16toh(c0->wqe_counter) % FU_RING;
			TEST_ASSERT(memcmp(s[0].mem + w * FU_BUF,
					   s[1].mem + w * FU_BUF, FU_BUF) == 0,
				    "RQ %u buffers differ", k);
			*tag = be32toh(c0->sop_drop_qpn) & 0xffffff;
			*buf = s[0].mem + w * FU_BUF;
			for (side = 0; side < 2; side++)
				s[side].q[k].dbr[0] =
					htobe32(++s[side].q[k].pi);
			(*cqes)++;
		}
	}
	return MLX5X_TEST_PASS;
}

/* Frames f[0..n) from source src (0 the wire, 1 + k VF k) on both sides,
 * wire frames in one burst (of FU_BURST at most) when burst. */
static int
fu_inject(const struct emu_any *f, unsigned int n, unsigned int src, bool burst)
{
	const void *fp[FU_BURST];
	size_t lens[FU_BURST];
	unsigned int side, i;

	TEST_ASSERT(!burst || n <= FU_BURST, "a burst of %u", n);
	for (i = 0; burst && i < n; i++) {
		fp[i] = f[i].b;
		lens[i] = f[i].len;
	}
	for (side = 0; side < 2; side++) {
		if (src == 0 && burst) {
			TEST_ASSERT_EQ(emu.inject_wire_burst(side, fp, lens, n),
				       0, "burst on adapter %u", side);
			continue;
		}
		for (i = 0; i < n; i++)
			TEST_ASSERT_EQ(src == 0 ? emu.inject_wire(side, f[i].b,
								  f[i].len)
						: emu.inject_vf(side, src - 1,
								f[i].b,
								f[i].len),
				       0, "frame from source %u on adapter %u",
				       src, side);
	}
	return MLX5X_TEST_PASS;
}

/* Vport and flow counters alike on both sides. */
static int
fu_counters_match(struct fu_side *s, unsigned int round)
{
	static const uint16_t vports[] = { 0, 0xffff, 1, 2 };
	struct mlx5x_emu_counters c[2];
	unsigned int v, k;

	for (v = 0; v < 4; v++) {
		TEST_ASSERT(emu.counters(0, vports[v], &c[0]) == 0 &&
				    emu.counters(1, vports[v], &c[1]) == 0,
			    "counters");
		TEST_ASSERT(memcmp(&c[0], &c[1], sizeof(c[0])) == 0,
			    "round %u: vport 0x%x counters differ (rx %lu/%lu, tx %lu/%lu)",
			    round, vports[v], (unsigned long)c[0].rx_packets,
			    (unsigned long)c[1].rx_packets,
			    (unsigned long)c[0].tx_packets,
			    (unsigned long)c[1].tx_packets);
	}
	for (k = 0; k < 2; k++)
		TEST_ASSERT_EQ(emu_counter_packets(&s[0].d, s[0].cnt[k]),
			       emu_counter_packets(&s[1].d, s[1].cnt[k]),
			       "round %u: flow counter %u", round, k);
	return MLX5X_TEST_PASS;
}

/* The frames' addresses, DSCP and ports where a kind carries the rule's. */
static const struct emu_any_cfg fu_cfg = { .sip = 0x0a000001,
					   .dip = FU_DIP,
					   .dscp = 0x2e,
					   .dport = 5000,
					   .payload_max = 1400 };

/* A round's end: the frames adapter 0's fused path took since before
 * (the hook's count then) added to *taken, the counters alike on both
 * sides, the round's objects freed. */
static int
fu_round_end(struct fu_side *s, unsigned int round, uint64_t before,
	     uint64_t *taken)
{
	uint64_t after;
	unsigned int k;
	int rc;

	TEST_ASSERT_EQ(emu.rx_fused(0, -1, &after), 0, "hook");
	*taken += after - before;
	rc = fu_counters_match(s, round);
	for (k = 0; k < 2; k++)
		path_free(&s[k].p, &s[k].d);
	return rc;
}

/*
 * A differential run's rounds: each of its set-ups twice (the second
 * time round >= setups). A round sets both sides up, reads adapter 0's
 * fused count, meets both with frames (completions counted in *cqes)
 * and ends (fu_round_end); f holds the frames a round builds, ctx is the
 * run's own state.
 */
struct fu_rounds {
	unsigned int setups;
	int (*setup)(struct fu_side *s, struct emu_any *f, unsigned int round,
		     void *ctx);
	int (*traffic)(struct fu_side *s, struct emu_any *f, unsigned int round,
		       void *ctx, unsigned int *cqes);
};

static int
fu_rounds_run(const struct fu_rounds *r, struct fu_side *s, struct emu_any *f,
	      void *ctx, uint64_t *taken)
{
	unsigned int round, cqes = 0;
	uint64_t before;
	int rc;

	for (round = 0; round < 2 * r->setups; round++) {
		rc = r->setup(s, f, round, ctx);
		if (rc != MLX5X_TEST_PASS)
			return rc;
		TEST_ASSERT_EQ(emu.rx_fused(0, -1, &before), 0, "hook");
		rc = r->traffic(s, f, round, ctx, &cqes);
		if (rc == MLX5X_TEST_PASS)
			rc = fu_round_end(s, round, before,
					  &taken[round % r->setups]);
		if (rc != MLX5X_TEST_PASS)
			return rc;
	}
	TEST_ASSERT(cqes > FU_FRAMES * r->setups, "%u frames completed", cqes);
	return MLX5X_TEST_PASS;
}

/*
 * Both adapters opened alike (VF ends in mode vf_end), adapter 1 kept
 * general by the hook, the rounds run over them (state ctx) with nframes
 * frames to build, then everything closed: the run's result, or the
 * first failure (adapter 1's fused path taking a frame among them).
 */
static int
fu_pair(const char *vf_end, unsigned int nframes, const struct fu_rounds *r,
	void *ctx, uint64_t *taken)
{
	static struct fu_side s[2];
	uint64_t general = 1;
	struct emu_any *f = calloc(nframes, sizeof(*f));
	int rc;

	memset(s, 0, sizeof(s));
	TEST_ASSERT(f != NULL, "frames");
	rc = fu_open(&s[0], 0, vf_end);
	if (rc == MLX5X_TEST_PASS)
		rc = fu_open(&s[1], 1, vf_end);
	if (rc == MLX5X_TEST_PASS && emu_twin_fused_on(NULL) != 0)
		rc = MLX5X_TEST_FAIL;
	if (rc == MLX5X_TEST_PASS)
		rc = fu_rounds_run(r, s, f, ctx, taken);
	if (rc == MLX5X_TEST_PASS && emu.rx_fused(1, -1, &general) != 0)
		rc = MLX5X_TEST_FAIL;
	free(f);
	path_free(&s[1].p, &s[1].d);
	path_free(&s[0].p, &s[0].d);
	/* Adapter 1's context first: closing adapter 0's tears down. */
	fu_close(&s[1]);
	fu_close(&s[0]);
	if (rc != MLX5X_TEST_PASS)
		return rc;
	TEST_ASSERT_EQ(general, 0, "the hook kept adapter 1 general");
	return MLX5X_TEST_PASS;
}

/* REWRITE: a plain frame from VF 0 reaches NIC RX with the FDB's reg_c_0
 * (the entry on TAG: flow tag 0x10) and the rewritten destination MAC. */
static int
fu_rewrite_seen(struct fu_side *s, struct emu_any *f, uint64_t *seed)
{
	const uint8_t *buf = NULL;
	unsigned int cqes = 0;
	uint32_t tag = 0;
	int rc;

	emu_any_frame(f, 0, seed, &fu_cfg);
	rc = fu_inject(f, 1, 1, false);
	if (rc == MLX5X_TEST_PASS)
		rc = fu_drain(s, &cqes, &tag, &buf);
	if (rc != MLX5X_TEST_PASS)
		return rc;
	TEST_ASSERT(cqes == 1 && tag == 0x10,
		    "VF 0's frame: %u CQEs, flow tag 0x%x (the FDB's reg_c_0)",
		    cqes, tag);
	TEST_ASSERT(buf[4] == 0xbe && buf[5] == 0xef &&
			    memcmp(buf + 6, f->b + 6, f->len - 6) == 0,
		    "the rewritten frame at the RQ");
	return MLX5X_TEST_PASS;
}

/* n random frames into f: any kind half the time, else one of the first
 * six (the plain ones), one in sixteen to the broadcast address. */
static void
fu_frames_random(struct emu_any *f, unsigned int n, uint64_t *seed)
{
	unsigned int k;

	for (k = 0; k < n; k++) {
		unsigned int r = emu_test_rand(seed);

		emu_any_frame(&f[k],
			      r & 1 ? (r >> 1) % EMU_ANY_KINDS : (r >> 1) % 6,
			      seed, &fu_cfg);
		if (r % 16 == 5)
			memset(f[k].b, 0xff, 6);
	}
}

/* The round's set-up on both sides; REWRITE's seen once (ctx: the seed). */
static int
fu_run_setup(struct fu_side *s, struct emu_any *f, unsigned int round,
	     void *ctx)
{
	unsigned int su = round % FU_SETUPS, k;
	int rc;

	for (k = 0; k < 2; k++) {
		rc = fu_setup(&s[k], su);
		if (rc != MLX5X_TEST_PASS)
			return rc;
	}
	return su == FU_REWRITE ? fu_rewrite_seen(s, f, ctx) : MLX5X_TEST_PASS;
}

/* Random frames from random sources, wire frames in bursts in the
 * second round of a set-up, the RQs drained after each run. */
static int
fu_run_traffic(struct fu_side *s, struct emu_any *f, unsigned int round,
	       void *ctx, unsigned int *cqes)
{
	uint64_t *seed = ctx;
	unsigned int i, n, src;
	const uint8_t *buf;
	uint32_t tag;
	int rc;

	for (i = 0; i < FU_FRAMES; i += n) {
		src = emu_test_rand(seed) % 4;
		src = src > 2 ? 0 : src; /* the wire half the time */
		n = 1 + emu_test_rand(seed) % FU_BURST;
		fu_frames_random(f, n, seed);
		rc = fu_inject(f, n, src, round >= FU_SETUPS);
		if (rc == MLX5X_TEST_PASS)
			rc = fu_drain(s, cqes, &tag, &buf);
		if (rc != MLX5X_TEST_PASS)
			return rc;
	}
	return MLX5X_TEST_PASS;
}

static const struct fu_rounds fu_rounds_drop = { FU_SETUPS, fu_run_setup,
						 fu_run_traffic };

static int
test_esw_fused_matches_general(void)
{
	uint64_t taken[FU_SETUPS] = { 0 }, seed = 0x5eed0fdb;
	int rc = fu_pair("drop", FU_BURST, &fu_rounds_drop, &seed, taken);

	if (rc != MLX5X_TEST_PASS)
		return rc;
	TEST_ASSERT(taken[FU_TAGS] > 100 && taken[FU_COUNTED] > 50 &&
			    taken[FU_REWRITE] > 50 && taken[FU_HEADERS] == 0,
		    "fused frames by set-up: %lu %lu %lu %lu",
		    (unsigned long)taken[FU_TAGS],
		    (unsigned long)taken[FU_COUNTED],
		    (unsigned long)taken[FU_REWRITE],
		    (unsigned long)taken[FU_HEADERS]);
	return MLX5X_TEST_PASS;
}

/*
 * emu_esw_fused, representor Tx: the manager's SQs whose kept FDB walk
 * sends every frame as it is to one VF's end (the representor path) build
 * their frames straight in that end's ring (emu_sq_fdb_plan in
 * emu/queue/mlx5x_emu_sq.c). Adapter 0 takes that way, adapter 1 is kept
 * general (mlx5x_emu_rx_fused off); the same WQEs on both (SENDs and eMPW,
 * some asking for checksums or a CQE, some frames multicast or broadcast,
 * frames of every kind) leave the same frames at both VF ends, the same
 * CQEs, the same vport boxes (QUERY_VPORT_COUNTER: unicast, multicast and
 * broadcast apart) and flow counters. In turn: a counter on both FDB
 * entries (level 0, one per SQ; level 1, to the VF); level 1 pointed at
 * the other VF between two services (the steering generation); a context
 * open on that VF's function (its NIC RX takes the frames: no frame the
 * fast way's); the context closed again; level 1 emptied (the walk misses:
 * every frame to the wire, the same frames captured there on both). Then
 * on a pair whose VF ends loop
 * frames back, five SQs' worth a pass, more than a loop end keeps: it
 * drops the same frames on both.
 */
#define RT_SQS 5
#define RT_LOG 8
#define RT_N (1u << RT_LOG)
#define RT_BUF 2048u

struct rt_side {
	struct esw_path p;
	struct emu_dev d, vf;
	struct emu_q sq[RT_SQS];
	uint8_t *mem;
	struct ibv_mr *mr;
	struct mlx5dv_devx_obj *cobj[2], *l1;
	uint32_t cnt[2], ft1, fg1;
};

/* Level 0 entry index of group fg: the SQ number sqn -> reg_c_0 = TAG
 * (mhdr) -> table ft1, counted by cnt. 0 or -1. */
static int
rt_sq_entry(struct rt_side *s, uint32_t ft0, uint32_t fg, uint32_t index,
	    uint32_t sqn)
{
	uint8_t in[EMU_FTE_ONE_DEST_BYTES + 8] = { 0 };

	emu_fte_in_one_word(in, MLX5X_FLOW_TABLE_TYPE_FDB, ft0, fg, index,
			    SQN_OFF, sqn, s->p.mhdr,
			    MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE, s->ft1);
	fte_in_count(in, s->cnt[0]);
	return path_add_entry(&s->p, &s->d, in, sizeof(in));
}

/* Adapter dev of the pair (cfg, both alike) with RT_SQS SQs on its PF
 * and the representor path from each to VF 1. */
static int
rt_open(struct rt_side *s, unsigned int dev, const char *cfg)
{
	const uint32_t fdb = MLX5X_FLOW_TABLE_TYPE_FDB;
	const size_t bytes = (size_t)RT_SQS * RT_N * RT_BUF;
	uint32_t ft0, fg0;
	unsigned int k;

	memset(s, 0, sizeof(*s));
	TEST_ASSERT((dev == 0 ? emu_dev_open(&s->d, cfg)
			      : emu_dev_open_name(&s->d, "mlx5_1")) == 0,
		    "open adapter %u", dev);
	s->mem = calloc(1, bytes);
	TEST_ASSERT(s->mem != NULL, "buffers");
	s->mr = emu.reg_mr(s->d.pd, s->mem, bytes, 0);
	TEST_ASSERT(s->mr != NULL, "mr");
	for (k = 0; k < RT_SQS; k++)
		TEST_ASSERT(emu_q_create(&s->d, &s->sq[k], true, RT_LOG, 6) ==
					    0 &&
				    emu_q_modify(&s->sq[k], 0, 1) == 0,
			    "sq %u", k);
	for (k = 0; k < 2; k++) {
		s->cnt[k] = walk_counter(&s->d, &s->cobj[k]);
		TEST_ASSERT(s->cnt[k] != 0, "counter %u", k);
	}
	s->p.mhdr = path_mhdr(&s->d, false);
	ft0 = path_table(&s->p, &s->d, fdb, 0);
	s->ft1 = path_table(&s->p, &s->d, fdb, 1);
	fg0 = path_group(&s->p, &s->d, fdb, ft0, MLX5X_MATCH_MISC_PARAMETERS,
			 SQN_OFF, 0x00ffffff);
	s->fg1 = path_group(&s->p, &s->d, fdb, s->ft1,
			    MLX5X_MATCH_MISC_PARAMETERS_2, REG_C0, 0xffffffff);
	TEST_ASSERT(s->p.mhdr != 0 && ft0 != 0 && s->ft1 != 0 && fg0 != 0 &&
			    s->fg1 != 0,
		    "FDB tables and groups");
	for (k = 0; k < RT_SQS; k++)
		TEST_ASSERT_EQ(rt_sq_entry(s, ft0, fg0, k, s->sq[k].qn), 0,
			       "level 0 entry of SQ %u", k);
	s->l1 = walk_level1_entry(&s->d, s->ft1, s->fg1, 1, s->cnt[1]);
	TEST_ASSERT(s->l1 != NULL, "level 1 -> VF 1");
	TEST_ASSERT_EQ(emu_ft_root_set(&s->d, fdb, ft0, 0), 0, "FDB root");
	return MLX5X_TEST_PASS;
}

static void
rt_close(struct rt_side *s)
{
	unsigned int k;

	if (s->vf.ctx != NULL)
		emu_dev_close(&s->vf);
	if (s->l1 != NULL)
		emu.obj_destroy(s->l1);
	path_free(&s->p, &s->d);
	for (k = 2; k > 0; k--)
		if (s->cobj[k - 1] != NULL)
			emu.obj_destroy(s->cobj[k - 1]);
	for (k = RT_SQS; k > 0; k--)
		emu_q_destroy(&s->sq[k - 1]);
	if (s->mr != NULL)
		emu.dereg_mr(s->mr);
	free(s->mem);
	emu_dev_close(&s->d);
}

/* The frames' addresses and ports where a kind carries the rule's. */
static const struct emu_any_cfg rt_cfg = { .sip = 0x0a000001,
					   .dip = 0x0a000002,
					   .dscp = 0x0a,
					   .dport = 4789,
					   .payload_max = 1400 };

/* The last WQE posted on q (ctrl, NULL for none) asks for a CQE; the
 * doorbell rung. */
static void
rt_ring(struct emu_q *q, uint8_t *ctrl)
{
	if (ctrl != NULL)
		ctrl[11] |= MLX5_WQE_CTRL_CQ_UPDATE;
	q->dbr[MLX5X_SND_DBR] = htobe32(q->pi & 0xffff);
}

/* n[k] WQEs on SQ k of one side, drawn from seed (the same on both
 * sides), doorbells rung; the last WQE of each asks for a CQE: its index
 * into last[k]. */
static void
rt_post(struct rt_side *s, uint64_t seed, const unsigned int *n, uint16_t *last)
{
	static struct emu_any f;
	unsigned int k, i;

	for (k = 0; k < RT_SQS; k++) {
		struct emu_q *q = &s->sq[k];
		uint8_t *ctrl = NULL;

		for (i = 0; i < n[k]; i++) {
			const uint16_t idx = (uint16_t)q->pi;
			uint8_t *buf = s->mem +
				       ((size_t)k * RT_N + (idx & (RT_N - 1))) *
					       RT_BUF;
			uint32_t r = emu_test_rand(&seed), nbb = 0;
			uint8_t cs = r % 3 == 0 ? MLX5_ETH_WQE_L3_CSUM |
							  MLX5_ETH_WQE_L4_CSUM
						: 0;

			emu_any_frame(&f, (r >> 4) % EMU_ANY_KINDS, &seed,
				      &rt_cfg);
			if (f.len <= 18)
				emu_any_frame(&f, 0, &seed, &rt_cfg);
			if ((r >> 12) % 8 == 3)
				memset(f.b, 0xff, 6); /* broadcast */
			else if ((r >> 12) % 8 == 5)
				memcpy(f.b, "\x01\x00\x5e\x00\x00\x01", 6);
			memcpy(buf, f.b, f.len);
			if ((r >> 16) % 8 == 1) {
				/* Two packets by pointer in one eMPW WQE. */
				const struct emu_empw_pkt pk[2] = {
					{ buf, (uint32_t)f.len, s->mr->lkey,
					  false },
					{ buf, (uint32_t)f.len - 4, s->mr->lkey,
					  false },
				};

				nbb = emu_wqe_empw(q->buf, RT_N, q->qn, idx, pk,
						   2, cs,
						   (r >> 20) % 4 == 0
							   ? MLX5_WQE_CTRL_CQ_UPDATE
							   : 0);
			}
			if (nbb == 0) {
				uint8_t *w = q->buf + (size_t)idx % RT_N * 64;

				emu_wqe_send(q->buf, RT_N, q->qn, idx, buf,
					     (uint32_t)f.len, s->mr->lkey);
				w[16 + 4] = cs;
				if ((r >> 20) % 4 != 0)
					w[11] = 0;
				nbb = 1;
			}
			ctrl = q->buf + (size_t)idx % RT_N * 64;
			last[k] = idx;
			q->pi += nbb;
		}
		rt_ring(q, ctrl);
	}
}

/* Both sides' CQEs on SQ k alike, up to the one of WQE last or an error
 * CQE (then none after it on either); *err counts those. */
static int
ec_cqes(struct rt_side *s, unsigned int k, uint16_t last, unsigned int *err)
{
	for (;;) {
		struct mlx5_cqe64 *c0 = emu_q_poll_cqe(&s[0].sq[k], 2000);
		struct mlx5_cqe64 *c1 = emu_q_poll_cqe(&s[1].sq[k], 2000);

		TEST_ASSERT(c0 != NULL && c1 != NULL,
			    "SQ %u: a CQE on adapter %u only", k,
			    c0 != NULL ? 0u : 1u);
		TEST_ASSERT(memcmp(c0, c1, 64) == 0,
			    "SQ %u: CQEs differ (WQE %u, %u; opcode %u, %u)", k,
			    be16toh(c0->wqe_counter), be16toh(c1->wqe_counter),
			    c0->op_own >> 4, c1->op_own >> 4);
		if (c0->op_own >> 4 == MLX5_CQE_REQ_ERR) {
			(*err)++;
			TEST_ASSERT(emu_q_poll_cqe(&s[0].sq[k], 20) == NULL &&
					    emu_q_poll_cqe(&s[1].sq[k], 20) ==
						    NULL,
				    "SQ %u: a CQE after the error", k);
			return MLX5X_TEST_PASS;
		}
		TEST_ASSERT_EQ(c0->op_own >> 4, MLX5_CQE_REQ,
			       "SQ %u: CQE opcode", k);
		if (be16toh(c0->wqe_counter) == last)
			return MLX5X_TEST_PASS;
	}
}

/* Both sides' CQEs on SQ k alike, up to the one of WQE last, none in
 * error. */
static int
rt_cqes(struct rt_side *s, unsigned int k, uint16_t last)
{
	unsigned int err = 0;

	if (ec_cqes(s, k, last, &err) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	TEST_ASSERT_EQ(err, 0u, "SQ %u: a WQE in error", k);
	return MLX5X_TEST_PASS;
}

/* The frames at the wire and at both VF ends of both sides alike, each
 * end drained (by copy). */
static int
ec_captures(void)
{
	static uint8_t out[2][EMU_ANY_MAX];
	unsigned int vf;
	int l0, l1;

	do {
		l0 = emu.capture_wire(0, out[0], sizeof(out[0]));
		l1 = emu.capture_wire(1, out[1], sizeof(out[1]));
		TEST_ASSERT(l0 == l1 && (l0 <= 0 || memcmp(out[0], out[1],
							   (size_t)l0) == 0),
			    "wire: frames of %d and %d bytes differ", l0, l1);
	} while (l0 > 0);
	for (vf = 0; vf < 2; vf++)
		do {
			l0 = emu.capture_vf(0, vf, out[0], sizeof(out[0]));
			l1 = emu.capture_vf(1, vf, out[1], sizeof(out[1]));
			TEST_ASSERT(l0 == l1 && (l0 <= 0 ||
						 memcmp(out[0], out[1],
							(size_t)l0) == 0),
				    "VF %u: frames of %d and %d bytes differ",
				    vf, l0, l1);
		} while (l0 > 0);
	return MLX5X_TEST_PASS;
}

/* A batch of WQEs on every SQ of both sides, posted while both data paths
 * are held (so that one engine pass takes each side's whole batch, as
 * frames looping back make the pass matter), then their CQEs and the
 * frames at both VF ends compared. */
static int
rt_batch(struct rt_side *s, uint64_t *seed, unsigned int max)
{
	unsigned int n[RT_SQS], k, side;
	uint16_t last[RT_SQS] = { 0 };
	uint64_t bseed = emu_test_rand(seed);

	for (k = 0; k < RT_SQS; k++)
		n[k] = 1 + emu_test_rand(seed) % max;
	for (side = 0; side < 2; side++)
		TEST_ASSERT_EQ(emu.hold(side, 1), 0, "hold %u", side);
	for (side = 0; side < 2; side++)
		rt_post(&s[side], bseed, n, last);
	for (side = 0; side < 2; side++)
		emu.hold(side, 0);
	for (k = 0; k < RT_SQS; k++)
		if (rt_cqes(s, k, last[k]) != MLX5X_TEST_PASS)
			return MLX5X_TEST_FAIL;
	/* A pass may still be on its ends: one more on each after it. */
	emu.poll();
	return ec_captures();
}

/* The vport boxes of PF, VF 0, VF 1 and the uplink, and both flow
 * counters, alike on both sides. */
static int
rt_counters_match(struct rt_side *s, const char *when)
{
	static const uint16_t vports[] = { 0, 1, 2 };
	uint8_t in[MLX5X_ST_SZ_BYTES(query_vport_counter_in)] = { 0 };
	static uint8_t out[2][MLX5X_ST_SZ_BYTES(query_vport_counter_out)];
	struct mlx5x_emu_counters c[2];
	unsigned int v, side, k;

	MLX5X_SET(query_vport_counter_in, in, opcode,
		  MLX5X_CMD_OP_QUERY_VPORT_COUNTER);
	for (v = 0; v < 3; v++) {
		MLX5X_SET(query_vport_counter_in, in, other_vport,
			  vports[v] != 0);
		MLX5X_SET(query_vport_counter_in, in, vport_number, vports[v]);
		for (side = 0; side < 2; side++)
			TEST_ASSERT_EQ(emu_cmd(&s[side].d, in, sizeof(in),
					       out[side], sizeof(out[side])),
				       0, "QUERY_VPORT_COUNTER %u on %u",
				       vports[v], side);
		TEST_ASSERT(memcmp(out[0], out[1], sizeof(out[0])) == 0,
			    "%s: vport %u boxes differ (unicast rx %lu/%lu)",
			    when, vports[v],
			    (unsigned long)
				    MLX5X_GET64(query_vport_counter_out, out[0],
						received_eth_unicast.packets),
			    (unsigned long)
				    MLX5X_GET64(query_vport_counter_out, out[1],
						received_eth_unicast.packets));
	}
	for (side = 0; side < 2; side++)
		TEST_ASSERT_EQ(emu.counters(side, 0xffff, &c[side]), 0,
			       "uplink of %u", side);
	TEST_ASSERT(memcmp(&c[0], &c[1], sizeof(c[0])) == 0,
		    "%s: uplink counters differ", when);
	for (k = 0; k < 2; k++)
		TEST_ASSERT_EQ(emu_counter_packets(&s[0].d, s[0].cnt[k]),
			       emu_counter_packets(&s[1].d, s[1].cnt[k]),
			       "%s: flow counter %u", when, k);
	return MLX5X_TEST_PASS;
}

/* Frames adapter 0's fast ways built so far; adapter 1's stay none. */
static int
rt_fast(uint64_t *frames)
{
	uint64_t general = 1;

	TEST_ASSERT(emu.sq_fast(0, frames) == 0 &&
			    emu.sq_fast(1, &general) == 0,
		    "hook");
	TEST_ASSERT_EQ(general, 0, "adapter 1 kept general");
	return MLX5X_TEST_PASS;
}

/* A stage of the drop pair: batches of up to max WQEs a SQ; the frames
 * adapter 0's fast way built meanwhile into *taken. */
static int
rt_stage(struct rt_side *s, uint64_t *seed, unsigned int batches,
	 unsigned int max, const char *what, uint64_t *taken)
{
	uint64_t before, after;
	unsigned int b;

	if (rt_fast(&before) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	for (b = 0; b < batches; b++)
		if (rt_batch(s, seed, max) != MLX5X_TEST_PASS)
			return MLX5X_TEST_FAIL;
	if (rt_fast(&after) != MLX5X_TEST_PASS ||
	    rt_counters_match(s, what) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	*taken = after - before;
	return MLX5X_TEST_PASS;
}

/* VF vf's function opened (when open) or closed again on both sides. */
static int
rt_vf_ctx(struct rt_side *s, unsigned int vf, bool open)
{
	unsigned int side;
	char pci[16], name[64];

	for (side = 0; side < 2; side++) {
		if (!open) {
			emu_dev_close(&s[side].vf);
			continue;
		}
		snprintf(pci, sizeof(pci), "0000:%02x:00.%u", 8 + side, 2 + vf);
		TEST_ASSERT(emu_ibdev_by_pci(pci, name, sizeof(name)) == 0 &&
				    emu_dev_open_name(&s[side].vf, name) == 0,
			    "open VF %u of adapter %u", vf, side);
	}
	return MLX5X_TEST_PASS;
}

static int
rt_run_drop(struct rt_side *s)
{
	uint64_t seed = 0x5eedc0de, t[5] = { 0 };
	unsigned int side;

	/* Enough frames for VF 1's ring to go round: its buffers are made
	 * on the first lap, which is the general way's. */
	if (rt_stage(s, &seed, 16, 120, "to VF 1, counted", &t[0]) !=
	    MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	for (side = 0; side < 2; side++) {
		TEST_ASSERT_EQ(emu.obj_destroy(s[side].l1), 0, "level 1 off");
		s[side].l1 = walk_level1_entry(&s[side].d, s[side].ft1,
					       s[side].fg1, 0, s[side].cnt[1]);
		TEST_ASSERT(s[side].l1 != NULL, "level 1 -> VF 0");
	}
	if (rt_stage(s, &seed, 16, 120, "to VF 0", &t[1]) != MLX5X_TEST_PASS ||
	    rt_vf_ctx(s, 0, true) != MLX5X_TEST_PASS ||
	    rt_stage(s, &seed, 3, 120, "VF 0's function open", &t[2]) !=
		    MLX5X_TEST_PASS ||
	    rt_vf_ctx(s, 0, false) != MLX5X_TEST_PASS ||
	    rt_stage(s, &seed, 4, 120, "VF 0's function closed", &t[3]) !=
		    MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	/* Level 1 empty: the walk misses, the manager's frames go to the
	 * wire (its ring lent as the VF's was). */
	for (side = 0; side < 2; side++) {
		TEST_ASSERT_EQ(emu.obj_destroy(s[side].l1), 0, "level 1 off");
		s[side].l1 = NULL;
	}
	if (rt_stage(s, &seed, 16, 120, "level 1 missing: the wire", &t[4]) !=
	    MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	TEST_ASSERT(t[0] > 500 && t[1] > 500 && t[2] == 0 && t[3] > 300 &&
			    t[4] > 500,
		    "fast frames by stage: %lu %lu %lu %lu %lu",
		    (unsigned long)t[0], (unsigned long)t[1],
		    (unsigned long)t[2], (unsigned long)t[3],
		    (unsigned long)t[4]);
	return MLX5X_TEST_PASS;
}

/* Both adapters of the pair (cfg), adapter 0 taking the fast ways and
 * adapter 1 kept general. */
static int
rt_open_pair(struct rt_side *s, const char *cfg)
{
	int rc = rt_open(&s[0], 0, cfg);

	if (rc == MLX5X_TEST_PASS)
		rc = rt_open(&s[1], 1, cfg);
	if (rc == MLX5X_TEST_PASS && emu_twin_fused_on(NULL) != 0)
		rc = MLX5X_TEST_FAIL;
	return rc;
}

static int
rt_pair(const char *cfg, bool loop)
{
	static struct rt_side s[2];
	uint64_t seed = 0x100b, taken = 0;
	int rc;

	rc = rt_open_pair(s, cfg);
	/* A loop end: five SQs of up to 240 WQEs a pass to VF 1, more than
	 * the loop keeps waiting (EMU_RING_LOOP_KEEP, 128). */
	if (rc == MLX5X_TEST_PASS)
		rc = loop ? rt_stage(s, &seed, 12, 240, "loop end", &taken)
			  : rt_run_drop(s);
	/* Adapter 1's contexts first: closing adapter 0's tears down. */
	rt_close(&s[1]);
	rt_close(&s[0]);
	if (rc != MLX5X_TEST_PASS)
		return rc;
	TEST_ASSERT(!loop || taken > 1000, "%lu fast frames at the loop end",
		    (unsigned long)taken);
	return MLX5X_TEST_PASS;
}

static int
test_esw_fused_rep_tx_matches_general(void)
{
	int rc =
		rt_pair("vfs=2,wire=drop,vf_end=drop;vfs=2,wire=drop,vf_end=drop",
			false);

	if (rc != MLX5X_TEST_PASS)
		return rc;
	return rt_pair("vfs=2,wire=drop,vf_end=loop;vfs=2,wire=drop,vf_end=loop",
		       true);
}

/*
 * emu_esw_fused, representor Tx, where a batch of the fast way is cut:
 * the pair of test_esw_fused_rep_tx_matches_general (adapter 0 fast,
 * adapter 1 general, five SQs to VF 1's end), each batch of WQEs taken
 * by one engine pass. Streams of eMPW sessions of 1 to 16 packets (by
 * pointer, some inline, some multicast or broadcast, some asking for
 * checksums or a CQE) with SENDs and NOPs between them (a session ends
 * mid-burst at a WQE of another opcode). In turn: the sessions alone;
 * level 1 pointed at VF 0 and back between two passes (the rule the way
 * was worked out from changes); a frame of VF 1's end taken by reference
 * and held, so its ring has no slot to lend a lap after it and the
 * window closes in the middle of a stream of plain sessions (the frames
 * after it dropped alike); then a
 * foreign lkey in the middle of a session on one SQ: the same error CQE
 * (syndrome, WQE counter) on both, the packets before it sent, nothing
 * after. Every batch: the same CQEs, frames at both VF ends and the wire,
 * vport boxes and flow counters; adapter 0 built frames by the fast way.
 */
#define EC_PKTS 16 /* packets of a session at most */

/* Up to max WQEs on each SQ of one side from seed (the same on both
 * sides), doorbells rung: eMPW sessions, SENDs and NOPs, or with plain
 * only sessions the fast way takes whole (unicast, by pointer, no
 * checksum). bad_sq (RT_SQS for none) gets a foreign lkey in the third
 * packet of its fourth WQE, a plain session of 4 packets or more after
 * three plain ones (so that it is not the first of the fast way's run).
 * The WQE a CQE is last expected of on each SQ into last[k]. */
static void
ec_post(struct rt_side *s, uint64_t seed, unsigned int max, bool plain,
	unsigned int bad_sq, uint16_t *last)
{
	static const struct emu_any_cfg cfg = { .sip = 0x0a000001,
						.dip = 0x0a000002,
						.dscp = 0x0a,
						.dport = 4789,
						.payload_max = 200 };
	static struct emu_any f;
	unsigned int k, i, j;

	for (k = 0; k < RT_SQS; k++) {
		struct emu_q *q = &s->sq[k];
		const unsigned int n = 1 + emu_test_rand(&seed) % max;
		const uint32_t start = q->pi;
		uint8_t *ctrl = NULL;

		for (i = 0; i < n && q->pi - start < RT_N - 16; i++) {
			const uint16_t idx = (uint16_t)q->pi;
			uint8_t *buf = s->mem +
				       ((size_t)k * RT_N + (idx & (RT_N - 1))) *
					       RT_BUF;
			const uint32_t r = emu_test_rand(&seed);
			const bool bad = k == bad_sq && i == 3;
			/* A session the fast way takes whole (else it would
			 * leave it before what the case is about). */
			const bool pl = plain || (k == bad_sq && i <= 3);
			const uint8_t cs =
				!pl && r % 5 == 0 ? MLX5_ETH_WQE_L3_CSUM |
							    MLX5_ETH_WQE_L4_CSUM
						  : 0;
			const uint8_t ce =
				(r >> 4) % 4 == 0 ? MLX5_WQE_CTRL_CQ_UPDATE : 0;
			const unsigned int kind = pl ? 2 : (r >> 16) % 8;
			struct emu_empw_pkt pk[EC_PKTS];
			unsigned int np =
				(bad ? 4 : 1) + (r >> 8) % (EC_PKTS - 3);
			uint32_t at = 0, nbb = 0;
			uint8_t *w = q->buf + (size_t)(idx % RT_N) * 64;

			if (kind == 0) {
				/* A NOP: no segment but the control one. */
				memset(w, 0, 64);
				w[1] = (uint8_t)(idx >> 8);
				w[2] = (uint8_t)idx;
				w[3] = MLX5_OPCODE_NOP;
				w[4] = (uint8_t)(q->qn >> 16);
				w[5] = (uint8_t)(q->qn >> 8);
				w[6] = (uint8_t)q->qn;
				w[7] = 1;
				w[11] = ce;
				nbb = 1;
			} else if (kind == 1) {
				emu_any_frame(&f, (r >> 20) % EMU_ANY_KINDS,
					      &seed, &cfg);
				if (f.len <= 18)
					emu_any_frame(&f, 0, &seed, &cfg);
				memcpy(buf, f.b, f.len);
				emu_wqe_send(q->buf, RT_N, q->qn, idx, buf,
					     (uint32_t)f.len, s->mr->lkey);
				w[16 + 4] = cs;
				w[11] = ce;
				nbb = 1;
			}
			for (j = 0; nbb == 0 && j < np; j++) {
				const uint32_t rp = emu_test_rand(&seed);

				emu_any_frame(&f, rp % EMU_ANY_KINDS, &seed,
					      &cfg);
				if (f.len < 14 || at + f.len > RT_BUF)
					break;
				if (!pl && (rp >> 8) % 10 == 3)
					memset(f.b, 0xff, 6);
				else if (!pl && (rp >> 8) % 10 == 5)
					memcpy(f.b, "\x01\x00\x5e\x00\x00\x01",
					       6);
				memcpy(buf + at, f.b, f.len);
				pk[j] = (struct emu_empw_pkt){
					buf + at, (uint32_t)f.len, s->mr->lkey,
					!pl && (rp >> 12) % 6 == 0 &&
						f.len <= 256
				};
				at += (uint32_t)f.len;
			}
			if (nbb == 0) {
				np = j != 0 ? j : 1;
				if (j == 0)
					pk[0] = (struct emu_empw_pkt){
						buf, 60, s->mr->lkey, false
					};
				while (np > 1 &&
				       emu_wqe_empw(q->buf, RT_N, q->qn, idx,
						    pk, np, cs, ce) == 0)
					np--;
				if (bad && np >= 3)
					pk[2].lkey = s->mr->lkey + 0x100;
				nbb = emu_wqe_empw(q->buf, RT_N, q->qn, idx, pk,
						   np, cs, ce);
			}
			ctrl = q->buf + (size_t)(idx % RT_N) * 64;
			last[k] = idx;
			q->pi += nbb;
		}
		rt_ring(q, ctrl);
	}
}

/* One batch on both sides (one pass each), compared; hold: a frame of
 * VF 1's end taken by reference on both and kept before the rest is
 * drained. Error CQEs into *err. */
static int
ec_batch(struct rt_side *s, uint64_t *seed, unsigned int max, bool plain,
	 unsigned int bad_sq, bool hold, unsigned int *err)
{
	uint16_t last[RT_SQS] = { 0 };
	const uint64_t bseed = emu_test_rand(seed);
	struct mlx5x_emu_frame fr[2];
	unsigned int k, side;

	for (side = 0; side < 2; side++)
		TEST_ASSERT_EQ(emu.hold(side, 1), 0, "hold %u", side);
	for (side = 0; side < 2; side++)
		ec_post(&s[side], bseed, max, plain, bad_sq, last);
	for (side = 0; side < 2; side++)
		emu.hold(side, 0);
	for (k = 0; k < RT_SQS; k++)
		if (ec_cqes(s, k, last[k], err) != MLX5X_TEST_PASS)
			return MLX5X_TEST_FAIL;
	emu.poll();
	if (hold) {
		for (side = 0; side < 2; side++)
			TEST_ASSERT_EQ(emu.capture_vf_burst(side, 1, &fr[side],
							    1),
				       1, "a frame of VF 1 held on %u", side);
		TEST_ASSERT(fr[0].len == fr[1].len &&
				    memcmp(fr[0].data, fr[1].data, fr[0].len) ==
					    0,
			    "the held frames differ");
	}
	return ec_captures();
}

/* Level 1 of both sides to VF vf. */
static int
ec_level1(struct rt_side *s, uint16_t vf)
{
	unsigned int side;

	for (side = 0; side < 2; side++) {
		TEST_ASSERT_EQ(emu.obj_destroy(s[side].l1), 0, "level 1 off");
		s[side].l1 = walk_level1_entry(&s[side].d, s[side].ft1,
					       s[side].fg1, vf, s[side].cnt[1]);
		TEST_ASSERT(s[side].l1 != NULL, "level 1 -> VF %u", vf);
	}
	return MLX5X_TEST_PASS;
}

static int
ec_run(struct rt_side *s)
{
	uint64_t seed = 0xec5eed, t0, t1, t2, t3;
	unsigned int b, err = 0;

	/* VF 1's ring round once (its first lap is the general way's). */
	if (rt_fast(&t0) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	for (b = 0; b < 12; b++)
		if (ec_batch(s, &seed, 120, false, RT_SQS, false, &err) !=
		    MLX5X_TEST_PASS)
			return MLX5X_TEST_FAIL;
	if (rt_counters_match(s, "sessions") != MLX5X_TEST_PASS ||
	    rt_fast(&t1) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	/* The rule the way was worked out from, changed between passes. */
	for (b = 0; b < 4; b++)
		if (ec_level1(s, (uint16_t)(b % 2 == 0 ? 0 : 1)) !=
			    MLX5X_TEST_PASS ||
		    ec_batch(s, &seed, 60, false, RT_SQS, false, &err) !=
			    MLX5X_TEST_PASS)
			return MLX5X_TEST_FAIL;
	if (rt_counters_match(s, "level 1 changed") != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	/* A frame held: the window closes a lap after it, mid-batch. */
	for (b = 0; b < 4; b++)
		if (ec_batch(s, &seed, 200, b != 0, RT_SQS, b == 0, &err) !=
		    MLX5X_TEST_PASS)
			return MLX5X_TEST_FAIL;
	emu.release_vf(0, 1);
	emu.release_vf(1, 1);
	if (rt_counters_match(s, "VF 1's end held") != MLX5X_TEST_PASS ||
	    rt_fast(&t2) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	/* A foreign lkey mid-session on SQ 2. */
	if (ec_batch(s, &seed, 120, false, 2, false, &err) != MLX5X_TEST_PASS ||
	    rt_counters_match(s, "bad lkey") != MLX5X_TEST_PASS ||
	    rt_fast(&t3) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	printf("    fast frames: sessions %lu, held %lu, bad lkey %lu; error CQEs %u\n",
	       (unsigned long)(t1 - t0), (unsigned long)(t2 - t1),
	       (unsigned long)(t3 - t2), err);
	TEST_ASSERT_EQ(err, 1u, "one error CQE, SQ 2's");
	TEST_ASSERT(t1 - t0 > 2000 && t2 - t1 > 500 && t3 > t2,
		    "fast frames by stage: %lu %lu %lu",
		    (unsigned long)(t1 - t0), (unsigned long)(t2 - t1),
		    (unsigned long)(t3 - t2));
	return MLX5X_TEST_PASS;
}

static int
test_esw_fused_rep_empw_cuts_match_general(void)
{
	static struct rt_side s[2];
	const char *cfg =
		"vfs=2,wire=drop,vf_end=drop;vfs=2,wire=drop,vf_end=drop";
	int rc;

	rc = rt_open_pair(s, cfg);
	if (rc == MLX5X_TEST_PASS)
		rc = ec_run(s);
	rt_close(&s[1]);
	rt_close(&s[0]);
	return rc;
}

/*
 * The loop VF ends' burst way against the general path: the adapters of
 * emu_esw_fused with VF ends in loop mode, adapter 1 general. The wire's
 * frames reach the VF ends through the FDB (its root on the source port
 * sends the uplink to level 1: the rule's destination address to VF 0,
 * the rest to VF 1), and each engine pass takes the VF ends' frames back
 * in. NIC RX on reg_c_0: VF 0's tag through a counting entry to a level 1
 * catch-all, VF 1's to the TIR by an entry counting on its own (the
 * deciding entry's counter, which the fused way counts from its plan),
 * the rest to the TIR. Set-ups:
 *  BOTH: both VFs' frames miss the FDB (their own way: the fused burst);
 *  CROSS: the FDB root also sends VF 0's frames to VF 1's end (general,
 *   one at a time), which takes them back in later in the same pass.
 * Random frames of every kind in runs of random length, one engine pass
 * after each run; before some passes VF 1's NIC RX entry is set again
 * with another flow tag and without its counter, or back, while frames
 * wait at the ends; in the second round of each set-up the RQs are only
 * drained at the end (RQs without WQEs mid-burst), after a first run
 * past the ends' bound (the oldest waiting frames dropped). Same CQEs and
 * buffers in the same order, the same frames captured at each VF end,
 * same vport and flow counters, fused frames on adapter 0 alone.
 */
enum { FL_BOTH, FL_CROSS, FL_SETUPS };
#define FL_RUN_MAX 40	   /* frames in one run, two bursts and more */
#define FL_PAST_BOUND 1100 /* more than a VF end keeps waiting */

/* Where VF 1's NIC RX entry is: its table, group and slot in the
 * round's objects. */
struct fl_vf1 {
	uint32_t ft, fg;
	unsigned int slot;
};

/* The VF loop round's set-up on one side (VF 1's entry into v). */
static int
fl_setup(struct fu_side *s, unsigned int su, struct fl_vf1 *v)
{
	const uint32_t fdb = MLX5X_FLOW_TABLE_TYPE_FDB;
	const uint32_t rx = MLX5X_FLOW_TABLE_TYPE_NIC_RX;
	const uint16_t vport = MLX5X_FLOW_DESTINATION_TYPE_VPORT;
	const uint16_t table = MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE;
	const uint16_t tir = MLX5X_FLOW_DESTINATION_TYPE_TIR;
	uint32_t ft0 = path_table(&s->p, &s->d, fdb, 0);
	uint32_t ft1 = path_table(&s->p, &s->d, fdb, 1);
	uint32_t r0 = path_table(&s->p, &s->d, rx, 0);
	uint32_t r1 = path_table(&s->p, &s->d, rx, 1);
	uint32_t g0 = fu_group(s, fdb, ft0, 0, MLX5X_MATCH_MISC_PARAMETERS,
			       FU_SRC_PORT, 0xffff);
	uint32_t g1 = fu_group(s, fdb, ft1, 0, MLX5X_MATCH_OUTER_HEADERS,
			       FU_DIP_OFF, 0xffffffff);
	uint32_t g2 = fu_group(s, fdb, ft1, 8, 0, 0, 0);
	uint32_t h0 = fu_group(s, rx, r0, 0, MLX5X_MATCH_MISC_PARAMETERS_2,
			       REG_C0, s->tag_mask);
	uint32_t h1 = fu_group(s, rx, r0, 8, 0, 0, 0);
	uint32_t h2 = fu_group(s, rx, r1, 0, 0, 0, 0);
	bool ok = ft0 != 0 && ft1 != 0 && r0 != 0 && r1 != 0 && g0 != 0 &&
		  g1 != 0 && g2 != 0 && h0 != 0 && h1 != 0 && h2 != 0;

	ok = ok &&
	     fu_entry(s, fdb, ft0, g0, 0, FU_SRC_PORT, MLX5X_VPORT_UPLINK, 0,
		      table, ft1, 0, 0) &&
	     (su != FL_CROSS || fu_entry(s, fdb, ft0, g0, 1, FU_SRC_PORT, 1, 0,
					 vport, 2, 0, 0)) &&
	     fu_entry(s, fdb, ft1, g1, 0, FU_DIP_OFF, FU_DIP, 0, vport, 1, 0,
		      0) &&
	     fu_entry(s, fdb, ft1, g2, 8, 0, 0, 0, vport, 2, 0, 0) &&
	     fu_entry(s, rx, r0, h0, 0, REG_C0, s->tag[0], 0, table, r1, 0,
		      s->cnt[0]) &&
	     fu_entry(s, rx, r0, h1, 8, 0, 0, 0, tir, s->tirn, 0x12, 0) &&
	     fu_entry(s, rx, r1, h2, 0, 0, 0, 0, tir, s->tirn, 0x20, 0);
	*v = (struct fl_vf1){ .ft = r0, .fg = h0, .slot = s->p.n };
	ok = ok &&
	     fu_entry(s, rx, r0, h0, 1, REG_C0, s->tag[1], 0, tir, s->tirn,
		      0x11, s->cnt[1]) &&
	     emu_ft_root_set(&s->d, rx, r0, 0) == 0 &&
	     emu_ft_root_set(&s->d, fdb, ft0, 0) == 0;
	TEST_ASSERT(ok, "VF loop set-up %u", su);
	return MLX5X_TEST_PASS;
}

/* VF 1's NIC RX entry set again (the same index of the same group):
 * flow tag 0x13 and no counter when other, else as fl_setup set it. */
static int
fl_vf1_again(struct fu_side *s, const struct fl_vf1 *v, bool other)
{
	uint8_t in[EMU_FTE_ONE_DEST_BYTES + 8] = { 0 };

	TEST_ASSERT_EQ(emu.obj_destroy(s->p.obj[v->slot]), 0,
		       "VF 1's entry deleted");
	s->p.obj[v->slot] = NULL;
	fu_entry_in(in, MLX5X_FLOW_TABLE_TYPE_NIC_RX, v->ft, v->fg, 1, REG_C0,
		    s->tag[1], 0, MLX5X_FLOW_DESTINATION_TYPE_TIR, s->tirn,
		    other ? 0x13 : 0x11, other ? 0 : s->cnt[1]);
	emu_obj_id(&s->d, in, sizeof(in), &s->p.obj[v->slot]);
	TEST_ASSERT(s->p.obj[v->slot] != NULL, "VF 1's entry set again");
	return MLX5X_TEST_PASS;
}

/* The frames captured at each VF end, alike on both sides. */
static int
fl_captures_match(unsigned int round)
{
	static uint8_t b[2][EMU_ANY_MAX];
	unsigned int vf, n;
	int len[2];

	for (vf = 0; vf < 2; vf++) {
		for (n = 0;; n++) {
			len[0] = emu.capture_vf(0, vf, b[0], sizeof(b[0]));
			len[1] = emu.capture_vf(1, vf, b[1], sizeof(b[1]));
			TEST_ASSERT(len[0] == len[1] &&
					    (len[0] <= 0 ||
					     memcmp(b[0], b[1],
						    (size_t)len[0]) == 0),
				    "round %u: frame %u at VF %u differs (%d, %d bytes)",
				    round, n, vf, len[0], len[1]);
			if (len[0] <= 0)
				break;
		}
	}
	return MLX5X_TEST_PASS;
}

/* A run of n random frames from the wire on both sides, one at a time
 * (f holds FL_RUN_MAX). */
static int
fl_inject(struct emu_any *f, unsigned int n, uint64_t *seed)
{
	unsigned int k;

	while (n > 0) {
		k = n < FL_RUN_MAX ? n : FL_RUN_MAX;
		fu_frames_random(f, k, seed);
		if (fu_inject(f, k, 0, false) != MLX5X_TEST_PASS)
			return MLX5X_TEST_FAIL;
		n -= k;
	}
	return MLX5X_TEST_PASS;
}

/* The VF loop run's state: the seed, where VF 1's entry is on each side. */
struct fl_ctx {
	uint64_t seed;
	struct fl_vf1 v[2];
};

static int
fl_run_setup(struct fu_side *s, struct emu_any *f, unsigned int round,
	     void *ctx)
{
	struct fl_ctx *c = ctx;
	unsigned int k;
	int rc = MLX5X_TEST_PASS;

	(void)f;
	for (k = 0; k < 2 && rc == MLX5X_TEST_PASS; k++)
		rc = fl_setup(&s[k], round % FL_SETUPS, &c->v[k]);
	return rc;
}

/* Runs of wire frames, an engine pass after each, VF 1's entry changed
 * before some; in the second round of a set-up a first run past the
 * ends' bound and the RQs drained only at the end. */
static int
fl_run_traffic(struct fu_side *s, struct emu_any *f, unsigned int round,
	       void *ctx, unsigned int *cqes)
{
	struct fl_ctx *c = ctx;
	bool late = round >= FL_SETUPS, other = false;
	unsigned int i, n, k;
	const uint8_t *buf;
	uint32_t tag;
	int rc = MLX5X_TEST_PASS;

	if (late) {
		rc = fl_inject(f, FL_PAST_BOUND, &c->seed);
		emu.poll();
	}
	for (i = 0; i < FU_FRAMES && rc == MLX5X_TEST_PASS; i += n) {
		n = 1 + emu_test_rand(&c->seed) % FL_RUN_MAX;
		rc = fl_inject(f, n, &c->seed);
		if (emu_test_rand(&c->seed) % 4 == 0) {
			other = !other;
			for (k = 0; k < 2 && rc == MLX5X_TEST_PASS; k++)
				rc = fl_vf1_again(&s[k], &c->v[k], other);
		}
		emu.poll();
		if (rc == MLX5X_TEST_PASS && !late)
			rc = fu_drain(s, cqes, &tag, &buf);
		if (rc == MLX5X_TEST_PASS)
			rc = fl_captures_match(round);
	}
	if (rc == MLX5X_TEST_PASS)
		rc = fu_drain(s, cqes, &tag, &buf);
	return rc;
}

static const struct fu_rounds fl_rounds_loop = { FL_SETUPS, fl_run_setup,
						 fl_run_traffic };

static int
test_esw_fused_vf_loop_matches_general(void)
{
	struct fl_ctx c = { .seed = 0x100bf00d };
	uint64_t taken[FL_SETUPS] = { 0 };
	int rc = fu_pair("loop", FL_RUN_MAX, &fl_rounds_loop, &c, taken);

	if (rc != MLX5X_TEST_PASS)
		return rc;
	printf("    fused frames by set-up: both %lu, cross %lu\n",
	       (unsigned long)taken[FL_BOTH], (unsigned long)taken[FL_CROSS]);
	TEST_ASSERT(taken[FL_BOTH] > 200 && taken[FL_CROSS] > 200,
		    "fused frames by set-up: %lu %lu",
		    (unsigned long)taken[FL_BOTH],
		    (unsigned long)taken[FL_CROSS]);
	return MLX5X_TEST_PASS;
}

static uint32_t
bench_pairs(void)
{
	const char *s = getenv("MLX5X_BENCH_FRAMES");
	long v = s != NULL ? strtol(s, NULL, 0) : 0;

	return v > 0 ? (uint32_t)v & ~31u : 200000u;
}

/* One engine pass; the SQ's completions (every 32nd WQE) and the frames
 * at VF 1's end, taken by reference and given back. */
static void
bench_reap(struct emu_q *sq, uint32_t *tx_done, uint32_t *at_vf)
{
	struct mlx5x_emu_frame fr[64];
	int got;

	emu.poll();
	while (emu_q_poll_cqe(sq, 0) != NULL)
		*tx_done += 32;
	while ((got = emu.capture_vf_burst(0, 1, fr, 64)) > 0)
		*at_vf += (uint32_t)got;
	emu.release_vf(0, 1);
}

/*
 * The representor pair's receive side: VF 1's frames miss the FDB and
 * reach the manager's NIC RX, whose entry on VF 1's reg_c_0 tag sends
 * them to rx, an RQ of 2^log_rq posted 2 KB buffers.
 */
static int
path_rep_rx(struct esw_path *p, struct emu_dev *d, struct emu_rx_tir *rx,
	    uint32_t log_rq)
{
	struct mlx5dv_port rep1;
	uint32_t ft, fg;

	TEST_ASSERT_EQ(emu.dv_query_port(d->ctx, 3, &rep1, sizeof(rep1)), 0,
		       "representor of VF 1");
	TEST_ASSERT_EQ(emu_rx_tir_make_sized(d, rx, log_rq), MLX5X_TEST_PASS,
		       "rq, TIR");
	rx->rq.pi = 1u << log_rq;
	ft = path_table(p, d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, 0);
	fg = path_group(p, d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, ft,
			MLX5X_MATCH_MISC_PARAMETERS_2, REG_C0,
			rep1.reg_c0.mask);
	TEST_ASSERT(ft != 0 && fg != 0 &&
			    path_entry(p, d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, ft,
				       fg, REG_C0, rep1.reg_c0.value, 0,
				       MLX5X_FLOW_DESTINATION_TYPE_TIR,
				       rx->tirn) == 0 &&
			    emu_ft_root_set(d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, ft,
					    0) == 0,
		    "NIC RX on VF 1's tag");
	return MLX5X_TEST_PASS;
}

/* VF 1's burst entry's checks: the representor pair's receive side and
 * the frames of one test, freed by vfb_close whatever the test reached. */
#define VFB_N 24
struct vfb {
	struct esw_path p;
	struct emu_rx_tir rx;
	struct emu_dev d;
	struct emu_q sq;
	uint8_t fr[VFB_N][128];
	const void *fp[VFB_N];
	size_t lens[VFB_N];
};

/* Frame i of a burst: UDP with source port 1000 + i, frames 5, 15, ...
 * with an ARP ethertype, which the fused path leaves to the E-Switch's
 * general one (the burst resumes after each). */
static size_t
vfb_frame(uint8_t *f, unsigned int i)
{
	size_t len =
		emu_frame_udp4(f, (const uint8_t *)"\x02\x15\xb3\x00\x00\x02",
			       0x0a000001, 0x0a000002, (uint16_t)(1000 + i),
			       2000, 18 + i);

	if (i % 10 == 5) {
		f[12] = 0x08;
		f[13] = 0x06;
	}
	return len;
}

/* The next n CQEs of the RQ each hold frame first + k, in order. */
static int
vfb_expect(struct vfb *v, unsigned int first, unsigned int n)
{
	const uint32_t nwqe = 1u << v->rx.rq.log_sz;
	unsigned int k, f;

	for (k = 0; k < n; k++) {
		struct mlx5_cqe64 *cqe = emu_q_poll_cqe(&v->rx.rq, 0);
		uint32_t w;

		f = first + k;
		TEST_ASSERT(cqe != NULL, "a CQE for frame %u", f);
		w = be16toh(cqe->wqe_counter) & (nwqe - 1);
		TEST_ASSERT_EQ(cqe->op_own >> 4, MLX5_CQE_RESP_SEND,
			       "frame %u received", f);
		TEST_ASSERT_EQ(be32toh(cqe->byte_cnt), v->lens[f],
			       "frame %u's length", f);
		TEST_ASSERT(memcmp(v->rx.mem + (size_t)w * 2048, v->fr[f],
				   v->lens[f]) == 0,
			    "frame %u in its place (WQE %u), unchanged", f, w);
	}
	TEST_ASSERT(emu_q_poll_cqe(&v->rx.rq, 0) == NULL, "no more CQEs");
	return MLX5X_TEST_PASS;
}

/* The RQ's next n buffers posted again. */
static void
vfb_repost(struct vfb *v, uint32_t n)
{
	v->rx.rq.pi += n;
	v->rx.rq.dbr[0] = htobe32(v->rx.rq.pi & 0xffff);
}

static void
vfb_close(struct vfb *v)
{
	if (v->d.ctx != NULL)
		path_free(&v->p, &v->d);
	if (v->rx.tir != NULL)
		emu.obj_destroy(v->rx.tir);
	emu_q_destroy(&v->rx.rq);
	if (v->rx.mr != NULL)
		emu.dereg_mr(v->rx.mr);
	free(v->rx.mem);
	emu_q_destroy(&v->sq);
	emu_dev_close(&v->d);
}

/* body on the representor pair's set-up with an RQ of 2^log_rq buffers,
 * everything freed after, a failure included (the next test opens the
 * adapter again). */
static int
vfb_run(uint32_t log_rq, int (*body)(struct vfb *v))
{
	struct vfb *v = calloc(1, sizeof(*v));
	unsigned int i;
	int rc;

	TEST_ASSERT(v != NULL, "memory");
	for (i = 0; i < VFB_N; i++) {
		v->lens[i] = vfb_frame(v->fr[i], i);
		v->fp[i] = v->fr[i];
	}
	rc = path_open(&v->d, &v->sq, "vfs=4,wire=drop,vf_end=drop", 6);
	if (rc == MLX5X_TEST_PASS &&
	    path_fdb(&v->p, &v->d, v->sq.qn, 1, false) != 0) {
		printf("    FDB refused\n");
		rc = MLX5X_TEST_FAIL;
	}
	if (rc == MLX5X_TEST_PASS)
		rc = path_rep_rx(&v->p, &v->d, &v->rx, log_rq);
	if (rc == MLX5X_TEST_PASS)
		rc = body(v);
	vfb_close(v);
	free(v);
	return rc;
}

/* Frames in order to the representor's RQ, those the fused path leaves
 * among them too, and the vports counting them as frame by frame does. */
static int
vfb_in_order_and_counted(struct vfb *v)
{
	struct mlx5x_emu_counters vf0, vf1, vf2, pf0, pf1, pf2;
	uint64_t bytes = 0;
	unsigned int i;

	for (i = 0; i < VFB_N; i++)
		bytes += v->lens[i];
	TEST_ASSERT(emu.counters(0, 2, &vf0) == 0 &&
			    emu.counters(0, 0, &pf0) == 0,
		    "counters");
	TEST_ASSERT_EQ(emu.inject_vf_burst(0, 1, v->fp, v->lens, VFB_N), 0,
		       "burst");
	TEST_ASSERT_EQ(vfb_expect(v, 0, VFB_N), MLX5X_TEST_PASS,
		       "the burst's frames");
	TEST_ASSERT(emu.counters(0, 2, &vf1) == 0 &&
			    emu.counters(0, 0, &pf1) == 0,
		    "counters");
	/* The same frames one at a time: what the burst must equal. */
	vfb_repost(v, VFB_N);
	for (i = 0; i < VFB_N; i++)
		TEST_ASSERT_EQ(emu.inject_vf(0, 1, v->fp[i], v->lens[i]), 0,
			       "frame %u alone", i);
	TEST_ASSERT_EQ(vfb_expect(v, 0, VFB_N), MLX5X_TEST_PASS,
		       "the same frames one at a time");
	TEST_ASSERT(emu.counters(0, 2, &vf2) == 0 &&
			    emu.counters(0, 0, &pf2) == 0,
		    "counters");
	TEST_ASSERT_EQ(vf1.tx_packets - vf0.tx_packets, VFB_N, "VF 1 sent");
	TEST_ASSERT_EQ(vf1.tx_bytes - vf0.tx_bytes, bytes, "VF 1's bytes");
	TEST_ASSERT_EQ(pf1.rx_packets - pf0.rx_packets, VFB_N,
		       "the manager received");
	TEST_ASSERT_EQ(pf1.rx_bytes - pf0.rx_bytes, bytes,
		       "the manager's bytes");
	TEST_ASSERT(vf2.tx_packets - vf1.tx_packets ==
				    vf1.tx_packets - vf0.tx_packets &&
			    vf2.tx_bytes - vf1.tx_bytes ==
				    vf1.tx_bytes - vf0.tx_bytes &&
			    pf2.rx_packets - pf1.rx_packets ==
				    pf1.rx_packets - pf0.rx_packets &&
			    pf2.rx_bytes - pf1.rx_bytes ==
				    pf1.rx_bytes - pf0.rx_bytes,
		    "the burst counted as frame by frame");
	TEST_ASSERT(pf2.rx_dropped == pf0.rx_dropped &&
			    pf2.rx_out_of_buffer == pf0.rx_out_of_buffer,
		    "nothing dropped");
	return MLX5X_TEST_PASS;
}

static int
test_esw_vf_burst_in_order_and_counted(void)
{
	return vfb_run(6, vfb_in_order_and_counted);
}

/* More frames than posted WQEs: the first ones received in order, the
 * rest dropped and counted out of buffer, and the RQ takes the next
 * burst once reposted. */
static int
vfb_full_rq(struct vfb *v)
{
	struct mlx5x_emu_counters c0, c1;

	TEST_ASSERT_EQ(emu.counters(0, 0, &c0), 0, "counters");
	TEST_ASSERT_EQ(emu.inject_vf_burst(0, 1, v->fp, v->lens, 12), 0,
		       "12 frames, 8 WQEs");
	TEST_ASSERT_EQ(vfb_expect(v, 0, 8), MLX5X_TEST_PASS,
		       "the first 8 received");
	TEST_ASSERT_EQ(emu.counters(0, 0, &c1), 0, "counters");
	TEST_ASSERT_EQ(c1.rx_out_of_buffer - c0.rx_out_of_buffer, 4,
		       "the last 4 out of buffer");
	vfb_repost(v, 8);
	TEST_ASSERT_EQ(emu.inject_vf_burst(0, 1, v->fp + 8, v->lens + 8, 4), 0,
		       "the last 4 again");
	TEST_ASSERT_EQ(vfb_expect(v, 8, 4), MLX5X_TEST_PASS,
		       "received once reposted");
	return MLX5X_TEST_PASS;
}

static int
test_esw_vf_burst_full_rq(void)
{
	return vfb_run(3, vfb_full_rq);
}

/* A bad frame anywhere in the burst refuses all of it, nothing sent; an
 * unknown adapter or VF is refused; then the VF sends as before. */
static int
vfb_refused(struct vfb *v)
{
	struct mlx5x_emu_counters c0, c1;

	TEST_ASSERT_EQ(emu.counters(0, 2, &c0), 0, "counters");
	v->lens[2] = 13;
	TEST_ASSERT_EQ(emu.inject_vf_burst(0, 1, v->fp, v->lens, 4), -EINVAL,
		       "frame 2 of 13 bytes");
	v->lens[2] = 16385;
	TEST_ASSERT_EQ(emu.inject_vf_burst(0, 1, v->fp, v->lens, 4), -EINVAL,
		       "frame 2 of 16385 bytes");
	v->lens[2] = vfb_frame(v->fr[2], 2);
	v->fp[3] = NULL;
	TEST_ASSERT_EQ(emu.inject_vf_burst(0, 1, v->fp, v->lens, 4), -EINVAL,
		       "frame 3 NULL");
	v->fp[3] = v->fr[3];
	TEST_ASSERT_EQ(emu.inject_vf_burst(0, 1, NULL, v->lens, 4), -EINVAL,
		       "no frames");
	TEST_ASSERT_EQ(emu.inject_vf_burst(0, 1, v->fp, NULL, 4), -EINVAL,
		       "no lengths");
	TEST_ASSERT_EQ(emu.inject_vf_burst(0, 4, v->fp, v->lens, 4), -ENODEV,
		       "VF 4 of 4");
	TEST_ASSERT_EQ(emu.inject_vf_burst(7, 1, v->fp, v->lens, 4), -ENODEV,
		       "adapter 7");
	TEST_ASSERT_EQ(emu.counters(0, 2, &c1), 0, "counters");
	TEST_ASSERT_EQ(c1.tx_packets, c0.tx_packets, "nothing sent");
	TEST_ASSERT(emu_q_poll_cqe(&v->rx.rq, 0) == NULL, "nothing received");
	TEST_ASSERT_EQ(emu.inject_vf_burst(0, 1, v->fp, v->lens, 0), 0,
		       "0 frames");
	TEST_ASSERT_EQ(emu.inject_vf_burst(0, 1, v->fp, v->lens, 4), 0,
		       "4 frames");
	TEST_ASSERT_EQ(vfb_expect(v, 0, 4), MLX5X_TEST_PASS,
		       "received after the refusals");
	return MLX5X_TEST_PASS;
}

static int
test_esw_vf_burst_refused(void)
{
	return vfb_run(3, vfb_refused);
}

/*
 * Pairs of frames, one PF SQ -> FDB -> VF 1 end and one VF 1 -> FDB miss
 * -> NIC RX -> RQ, 32 of each a round. VF 1's 32 go in as a loop VF end
 * hands them to the adapter in testpmd's 5-port run (one burst a pass,
 * mlx5x_emu_inject_vf_burst), or (vf_one_by_one) one call each, as a TAP
 * VF end hands them (mlx5x_emu_inject_vf).
 */
static int
bench_rep_pairs(bool vf_one_by_one)
{
	const uint32_t log_n = 10, n = 1u << log_n, pairs = bench_pairs();
	struct esw_path p = { .n = 0 };
	struct emu_rx_tir rx;
	uint8_t frame[64];
	const void *fp[32];
	size_t lens[32];
	uint32_t i, k, tx_done = 0, at_vf = 0, rx_done = 0;
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q sq;

	TEST_ASSERT_EQ(path_open(&d, &sq, "vfs=4,wire=drop,vf_end=drop", log_n),
		       MLX5X_TEST_PASS, "adapter, SQ");
	TEST_ASSERT(path_fdb(&p, &d, sq.qn, 1, false) == 0, "FDB");
	/* Room for a whole burst of 32 in the RQ. */
	TEST_ASSERT_EQ(path_rep_rx(&p, &d, &rx, 6), MLX5X_TEST_PASS,
		       "receive side");
	emu_frame_udp4(frame, (const uint8_t *)"\x02\x15\xb3\x00\x00\x02",
		       0x0a000001, 0x0a000002, 1000, 2000, 18);
	for (k = 0; k < 32; k++) {
		fp[k] = frame;
		lens[k] = sizeof(frame);
	}
	mr = emu.reg_mr(d.pd, frame, sizeof(frame), 0);
	TEST_ASSERT(mr != NULL, "mr");
	/* Every WQE the same frame, a completion every 32. */
	for (i = 0; i < n; i++) {
		emu_wqe_send(sq.buf, n, sq.qn, (uint16_t)i, frame,
			     sizeof(frame), mr->lkey);
		if (i % 32 != 31)
			((struct mlx5_wqe_ctrl_seg *)(sq.buf + (size_t)i * 64))
				->fm_ce_se = 0;
	}
	for (i = 0; i < pairs; i += 32) {
		/* 32 from the representor's SQ to VF 1 ... */
		sq.dbr[MLX5X_SND_DBR] = htobe32((i + 32) & 0xffff);
		/* Half the ring at most in flight: WQEs stay as written. */
		do
			bench_reap(&sq, &tx_done, &at_vf);
		while (i + 32 - tx_done > n / 2);
		/* ... and 32 from VF 1 to the representor's RQ, whose
		 * buffers go back as soon as their CQEs are read. */
		if (vf_one_by_one)
			for (k = 0; k < 32; k++)
				emu.inject_vf(0, 1, frame, sizeof(frame));
		else
			emu.inject_vf_burst(0, 1, fp, lens, 32);
		for (k = 0; k < 32 && emu_q_poll_cqe(&rx.rq, 0) != NULL; k++)
			rx_done++;
		rx.rq.pi += k;
		rx.rq.dbr[0] = htobe32(rx.rq.pi & 0xffff);
	}
	/* The last ones: the engine thread may be servicing them. */
	for (k = 0; k < 1000000 && (tx_done < pairs || at_vf < pairs); k++)
		bench_reap(&sq, &tx_done, &at_vf);
	printf("    bench: representor path, pairs of PF SQ -> FDB (tag, level 1) -> VF 1 end and VF 1 -> FDB miss -> NIC RX (tag) -> RQ, 64 B, VF 1's frames %s: %u pairs, %u sent, %u at VF 1, %u received\n",
	       vf_one_by_one ? "one a call" : "32 a call", pairs, tx_done,
	       at_vf, rx_done);
	TEST_ASSERT_EQ(tx_done, pairs, "every frame sent");
	TEST_ASSERT_EQ(at_vf, pairs, "every frame at VF 1");
	TEST_ASSERT_EQ(rx_done, pairs, "every frame received");
	path_close(&p, &d, &sq, mr, &rx);
	return MLX5X_TEST_PASS;
}

static int
test_emu_esw_rep_rate(void)
{
	return bench_rep_pairs(false);
}

static int
test_emu_esw_rep_rate_one_by_one(void)
{
	return bench_rep_pairs(true);
}

MLX5X_TEST_SUITE(emu_esw_path_suite, "emu_esw_path", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_esw_tag_only_rewrite_keeps_frame),
		 MLX5X_TEST_CASE(test_esw_tag_and_mac_rewrite_changes_frame),
		 MLX5X_TEST_CASE(test_esw_fdb_hit_to_nic_rx_matches_each_frame),
		 MLX5X_TEST_CASE(test_esw_fdb_header_match_on_manager_frames),
		 MLX5X_TEST_CASE(test_esw_fdb_root_answer_follows_entries),
		 MLX5X_TEST_CASE(test_esw_fdb_walk_follows_next_level))

MLX5X_TEST_SUITE(emu_esw_fused_suite, "emu_esw_fused", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_esw_fused_matches_general),
		 MLX5X_TEST_CASE(test_esw_fused_rep_tx_matches_general),
		 MLX5X_TEST_CASE(test_esw_fused_rep_empw_cuts_match_general),
		 MLX5X_TEST_CASE(test_esw_fused_vf_loop_matches_general),
		 MLX5X_TEST_CASE(test_esw_vf_burst_in_order_and_counted),
		 MLX5X_TEST_CASE(test_esw_vf_burst_full_rq),
		 MLX5X_TEST_CASE(test_esw_vf_burst_refused))

MLX5X_TEST_SUITE(emu_bench_esw_suite, "emu_bench_esw", "bench", NULL, NULL,
		 MLX5X_TEST_CASE(test_emu_esw_rep_rate),
		 MLX5X_TEST_CASE(test_emu_esw_rep_rate_one_by_one))
