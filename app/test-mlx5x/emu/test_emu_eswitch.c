/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, E-Switch: in switchdev mode a frame from VF k reaches
 * the manager's NIC RX tagged with the reg_c_0 value mlx5dv_query_port
 * reports for representor k, so a rule on that tag lands it on the
 * representor's queue; an FDB rule on an SQ number sends that SQ's frames
 * to a VF; without rules the manager's frames leave through the wire. In
 * legacy mode the destination MAC picks the VF.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

static uint32_t
make_table(struct emu_dev *d, uint32_t type, struct mlx5dv_devx_obj **obj)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };

	MLX5X_SET(create_flow_table_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, in, table_type, type);
	MLX5X_SET(flow_table_context,
		  MLX5X_ADDR_OF(create_flow_table_in, in, flow_table_context),
		  log_size, 4);
	return emu_obj_id(d, in, sizeof(in), obj);
}

/* Group 0..15 whose mask is one 32-bit field at a byte offset of
 * fte_match_param. */
static uint32_t
make_group(struct emu_dev *d, uint32_t type, uint32_t ft, uint8_t enable,
	   size_t byte_off, uint32_t mask, struct mlx5dv_devx_obj **obj)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };

	emu_fg_in_one_word(in, type, ft, enable, byte_off, mask);
	return emu_obj_id(d, in, sizeof(in), obj);
}

static struct mlx5dv_devx_obj *
make_entry(struct emu_dev *d, uint32_t type, uint32_t ft, uint32_t fg,
	   uint32_t index, size_t byte_off, uint32_t value, uint16_t dtype,
	   uint32_t did)
{
	uint8_t in[EMU_FTE_ONE_DEST_BYTES] = { 0 };
	struct mlx5dv_devx_obj *obj;

	emu_fte_in_one_word(in, type, ft, fg, index, byte_off, value, 0, dtype,
			    did);
	emu_obj_id(d, in, sizeof(in), &obj);
	return obj;
}

static uint32_t
make_tir(struct emu_dev *d, uint32_t rqn, struct mlx5dv_devx_obj **obj)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_tir_in)] = { 0 };
	void *c = MLX5X_ADDR_OF(create_tir_in, in, ctx);

	MLX5X_SET(create_tir_in, in, opcode, MLX5X_CMD_OP_CREATE_TIR);
	MLX5X_SET(tirc, c, inline_rqn, rqn);
	MLX5X_SET(tirc, c, transport_domain, d->tdn);
	return emu_obj_id(d, in, sizeof(in), obj);
}

struct rx {
	struct emu_q q;
	uint8_t *mem;
	struct ibv_mr *mr;
};

static int
rx_setup(struct emu_dev *d, struct rx *r)
{
	if (emu_q_create(d, &r->q, false, 3, 4) != 0)
		return -1;
	r->mem = calloc(8, 2048);
	r->mr = emu.reg_mr(d->pd, r->mem, 8 * 2048, IBV_ACCESS_LOCAL_WRITE);
	emu_rq_post(&r->q, r->mem, r->mr->lkey, 8, 2048);
	return emu_q_modify(&r->q, 0, 1);
}

static void
rx_teardown(struct rx *r)
{
	emu_q_destroy(&r->q);
	emu.dereg_mr(r->mr);
	free(r->mem);
}

static int
test_vf_to_representor_by_reg_c0(void)
{
	const size_t reg_c0 =
		MLX5X_BYTE_OFF(fte_match_param,
			       misc_parameters_2.metadata_reg_c_0);
	struct mlx5dv_devx_obj *ft, *fg, *tir_a, *tir_b, *e0, *e1;
	struct mlx5dv_port rep1, up;
	struct mlx5x_emu_counters before, after;
	uint8_t frame[128];
	struct rx a, b;
	struct emu_dev d;
	uint32_t ftn, fgn;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "vfs=2,wire=drop,vf_end=drop") == 0,
		    "open");
	TEST_ASSERT_EQ(emu.dv_query_port(d.ctx, 3, &rep1, sizeof(rep1)), 0,
		       "representor of VF 1");
	TEST_ASSERT_EQ(emu.dv_query_port(d.ctx, 1, &up, sizeof(up)), 0,
		       "uplink");
	TEST_ASSERT(rep1.flags & MLX5DV_QUERY_PORT_VPORT_REG_C0,
		    "reg_c0 given");
	TEST_ASSERT(rep1.reg_c0.value != up.reg_c0.value, "distinct tags");
	TEST_ASSERT(rx_setup(&d, &a) == 0 && rx_setup(&d, &b) == 0, "rqs");
	ftn = make_table(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, &ft);
	fgn = make_group(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, ftn,
			 MLX5X_MATCH_MISC_PARAMETERS_2, reg_c0,
			 rep1.reg_c0.mask, &fg);
	e0 = make_entry(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, ftn, fgn, 0, reg_c0,
			rep1.reg_c0.value, MLX5X_FLOW_DESTINATION_TYPE_TIR,
			make_tir(&d, a.q.qn, &tir_a));
	e1 = make_entry(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, ftn, fgn, 1, reg_c0,
			up.reg_c0.value, MLX5X_FLOW_DESTINATION_TYPE_TIR,
			make_tir(&d, b.q.qn, &tir_b));
	TEST_ASSERT(e0 != NULL && e1 != NULL, "entries");
	TEST_ASSERT_EQ(emu_ft_root_set(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, ftn,
				       0),
		       0, "root");
	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x77\x00\x00\x00\x01",
			     1, 2, 3, 4, 30);
	TEST_ASSERT_EQ(emu.inject_vf(0, 1, frame, len), 0, "VF 1 sends");
	TEST_ASSERT(emu_q_poll_cqe(&a.q, 50) != NULL, "representor 1 queue");
	TEST_ASSERT(emu_q_poll_cqe(&b.q, 0) == NULL, "not the uplink queue");
	TEST_ASSERT(memcmp(a.mem, frame, len) == 0, "same bytes");
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends");
	TEST_ASSERT(emu_q_poll_cqe(&b.q, 50) != NULL,
		    "uplink representor queue");
	TEST_ASSERT(emu_q_poll_cqe(&a.q, 0) == NULL, "not representor 1");
	emu.counters(0, 0, &before);
	TEST_ASSERT_EQ(emu.inject_vf(0, 0, frame, len), 0, "VF 0 sends");
	TEST_ASSERT(emu_q_poll_cqe(&a.q, 5) == NULL &&
			    emu_q_poll_cqe(&b.q, 0) == NULL,
		    "no rule for VF 0: dropped");
	emu.counters(0, 0, &after);
	TEST_ASSERT_EQ(after.rx_dropped, before.rx_dropped + 1, "drop counted");
	emu_ft_root_set(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, 0, 1);
	emu.obj_destroy(e1);
	emu.obj_destroy(e0);
	emu.obj_destroy(fg);
	emu.obj_destroy(ft);
	emu.obj_destroy(tir_b);
	emu.obj_destroy(tir_a);
	rx_teardown(&b);
	rx_teardown(&a);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* An FDB miss goes on to the manager's NIC RX with the frame's source
 * (reg_c_0) intact, whichever vport sent it, frame after frame from the
 * same buffer; an FDB hit does not reach NIC RX. */
static int
test_fdb_miss_then_nic_rx_by_source(void)
{
	const size_t reg_c0 =
		MLX5X_BYTE_OFF(fte_match_param,
			       misc_parameters_2.metadata_reg_c_0);
	struct mlx5dv_devx_obj *ft, *fg, *tir_a, *tir_b, *e0, *e1, *fft, *ffg,
		*fe;
	struct mlx5dv_port rep0, rep1, up;
	uint8_t frame[128], out[256];
	unsigned int round;
	struct rx a, b;
	struct emu_dev d;
	uint32_t ftn, fgn, fftn, ffgn;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "vfs=2,wire=drop,vf_end=drop") == 0,
		    "open");
	TEST_ASSERT(emu.dv_query_port(d.ctx, 2, &rep0, sizeof(rep0)) == 0 &&
			    emu.dv_query_port(d.ctx, 3, &rep1, sizeof(rep1)) ==
				    0 &&
			    emu.dv_query_port(d.ctx, 1, &up, sizeof(up)) == 0,
		    "ports");
	TEST_ASSERT(rx_setup(&d, &a) == 0 && rx_setup(&d, &b) == 0, "rqs");
	ftn = make_table(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, &ft);
	fgn = make_group(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, ftn,
			 MLX5X_MATCH_MISC_PARAMETERS_2, reg_c0,
			 rep1.reg_c0.mask, &fg);
	e0 = make_entry(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, ftn, fgn, 0, reg_c0,
			rep1.reg_c0.value, MLX5X_FLOW_DESTINATION_TYPE_TIR,
			make_tir(&d, a.q.qn, &tir_a));
	e1 = make_entry(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, ftn, fgn, 1, reg_c0,
			up.reg_c0.value, MLX5X_FLOW_DESTINATION_TYPE_TIR,
			make_tir(&d, b.q.qn, &tir_b));
	TEST_ASSERT(e0 != NULL && e1 != NULL, "entries");
	TEST_ASSERT_EQ(emu_ft_root_set(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, ftn,
				       0),
		       0, "root");
	/* FDB: VF 0's frames go straight to the wire; the rest miss. */
	fftn = make_table(&d, MLX5X_FLOW_TABLE_TYPE_FDB, &fft);
	ffgn = make_group(&d, MLX5X_FLOW_TABLE_TYPE_FDB, fftn,
			  MLX5X_MATCH_MISC_PARAMETERS_2, reg_c0,
			  rep0.reg_c0.mask, &ffg);
	fe = make_entry(&d, MLX5X_FLOW_TABLE_TYPE_FDB, fftn, ffgn, 0, reg_c0,
			rep0.reg_c0.value, MLX5X_FLOW_DESTINATION_TYPE_UPLINK,
			0);
	TEST_ASSERT(fe != NULL, "FDB entry");
	TEST_ASSERT_EQ(emu_ft_root_set(&d, MLX5X_FLOW_TABLE_TYPE_FDB, fftn, 0),
		       0, "FDB root");
	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x77\x00\x00\x00\x01",
			     1, 2, 3, 4, 30);
	for (round = 0; round < 3; round++) {
		TEST_ASSERT_EQ(emu.inject_vf(0, 1, frame, len), 0,
			       "VF 1 sends");
		TEST_ASSERT(emu_q_poll_cqe(&a.q, 50) != NULL,
			    "round %u: VF 1's frame at representor 1", round);
		TEST_ASSERT(emu_q_poll_cqe(&b.q, 0) == NULL,
			    "round %u: not at the uplink's", round);
		TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends");
		TEST_ASSERT(emu_q_poll_cqe(&b.q, 50) != NULL,
			    "round %u: wire frame at the uplink's", round);
		TEST_ASSERT(emu_q_poll_cqe(&a.q, 0) == NULL,
			    "round %u: not at representor 1", round);
		TEST_ASSERT_EQ(emu.inject_vf(0, 0, frame, len), 0,
			       "VF 0 sends");
		TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), len,
			       "round %u: VF 0's frame on the wire", round);
		TEST_ASSERT(emu_q_poll_cqe(&a.q, 0) == NULL &&
				    emu_q_poll_cqe(&b.q, 0) == NULL,
			    "round %u: an FDB hit skips NIC RX", round);
		a.q.dbr[0] = htobe32(8 + round + 1);
		b.q.dbr[0] = htobe32(8 + round + 1);
	}
	emu_ft_root_set(&d, MLX5X_FLOW_TABLE_TYPE_FDB, 0, 1);
	emu_ft_root_set(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, 0, 1);
	emu.obj_destroy(fe);
	emu.obj_destroy(ffg);
	emu.obj_destroy(fft);
	emu.obj_destroy(e1);
	emu.obj_destroy(e0);
	emu.obj_destroy(fg);
	emu.obj_destroy(ft);
	emu.obj_destroy(tir_b);
	emu.obj_destroy(tir_a);
	rx_teardown(&b);
	rx_teardown(&a);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_fdb_sq_rule_sends_to_vf(void)
{
	const size_t sqn_off =
		MLX5X_BYTE_OFF(fte_match_param, misc_parameters.reserved_at_0);
	struct mlx5dv_devx_obj *ft, *fg, *e;
	uint8_t frame[128], out[256];
	struct mlx5_wqe_ctrl_seg *ctrl;
	struct mlx5_wqe_eth_seg *eth;
	struct mlx5_wqe_data_seg *ds;
	struct ibv_mr *mr;
	struct emu_q sq;
	struct emu_dev d;
	uint32_t ftn, fgn;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "vfs=2,wire=drop,vf_end=drop") == 0,
		    "open");
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0 &&
			    emu_q_modify(&sq, 0, 1) == 0,
		    "sq");
	/* misc.source_sqn is 24 bits at bit 8 of misc_parameters. */
	ftn = make_table(&d, MLX5X_FLOW_TABLE_TYPE_FDB, &ft);
	fgn = make_group(&d, MLX5X_FLOW_TABLE_TYPE_FDB, ftn,
			 MLX5X_MATCH_MISC_PARAMETERS, sqn_off, 0x00ffffff, &fg);
	e = make_entry(&d, MLX5X_FLOW_TABLE_TYPE_FDB, ftn, fgn, 0, sqn_off,
		       sq.qn, MLX5X_FLOW_DESTINATION_TYPE_VPORT, 2);
	TEST_ASSERT(e != NULL, "FDB entry");
	TEST_ASSERT_EQ(emu_ft_root_set(&d, MLX5X_FLOW_TABLE_TYPE_FDB, ftn, 0),
		       0, "FDB root");
	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x15\xb3\x00\x00\x02",
			     1, 2, 3, 4, 30);
	mr = emu.reg_mr(d.pd, frame, sizeof(frame), 0);
	memset(sq.buf, 0, 64);
	ctrl = (struct mlx5_wqe_ctrl_seg *)sq.buf;
	eth = (struct mlx5_wqe_eth_seg *)(sq.buf + 16);
	ds = (struct mlx5_wqe_data_seg *)(sq.buf + 32);
	ctrl->opmod_idx_opcode = htobe32(MLX5_OPCODE_SEND);
	ctrl->qpn_ds = htobe32(sq.qn << 8 | 3);
	ctrl->fm_ce_se = MLX5_WQE_CTRL_CQ_UPDATE;
	eth->inline_hdr_sz = htobe16(2);
	memcpy(eth->inline_hdr_start, frame, 2);
	ds->byte_count = htobe32(len - 2);
	ds->lkey = htobe32(mr->lkey);
	ds->addr = htobe64((uintptr_t)(frame + 2));
	sq.dbr[MLX5X_SND_DBR] = htobe32(1);
	TEST_ASSERT(emu_q_poll_cqe(&sq, 100) != NULL, "completion");
	TEST_ASSERT_EQ(emu.capture_vf(0, 1, out, sizeof(out)), len,
		       "frame at VF 1");
	TEST_ASSERT(memcmp(out, frame, len) == 0, "same bytes");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), 0, "not on wire");
	TEST_ASSERT_EQ(emu.capture_vf(0, 0, out, sizeof(out)), 0,
		       "not at VF 0");
	/* Without the FDB root, the manager's frame leaves by the wire. */
	TEST_ASSERT_EQ(emu_ft_root_set(&d, MLX5X_FLOW_TABLE_TYPE_FDB, 0, 1), 0,
		       "disconnect");
	ctrl = (struct mlx5_wqe_ctrl_seg *)(sq.buf + 64);
	memcpy(sq.buf + 64, sq.buf, 64);
	ctrl->opmod_idx_opcode = htobe32(1 << 8 | MLX5_OPCODE_SEND);
	sq.dbr[MLX5X_SND_DBR] = htobe32(2);
	TEST_ASSERT(emu_q_poll_cqe(&sq, 100) != NULL, "completion");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), len,
		       "on the wire");
	emu.obj_destroy(e);
	emu.obj_destroy(fg);
	emu.obj_destroy(ft);
	emu.dereg_mr(mr);
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_legacy_forwards_by_mac(void)
{
	uint8_t frame[128], out[256];
	struct emu_dev d;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d,
				 "esw=legacy,vfs=2,wire=drop,vf_end=drop") == 0,
		    "open");
	/* VF k's MAC is 02:15:b3:<dev>:<vport>, vport = k + 1. */
	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x15\xb3\x00\x00\x02",
			     1, 2, 3, 4, 10);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "from the wire");
	TEST_ASSERT_EQ(emu.capture_vf(0, 1, out, sizeof(out)), len, "at VF 1");
	TEST_ASSERT_EQ(emu.capture_vf(0, 0, out, sizeof(out)), 0, "not VF 0");
	/* VF 0 to an unknown MAC: out by the wire. */
	frame[5] = 0x77;
	TEST_ASSERT_EQ(emu.inject_vf(0, 0, frame, len), 0, "VF 0 sends");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), len,
		       "on the wire");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_eswitch_suite, "emu_eswitch", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_vf_to_representor_by_reg_c0),
		 MLX5X_TEST_CASE(test_fdb_miss_then_nic_rx_by_source),
		 MLX5X_TEST_CASE(test_fdb_sq_rule_sends_to_vf),
		 MLX5X_TEST_CASE(test_legacy_forwards_by_mac))
