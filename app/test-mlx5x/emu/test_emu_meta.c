/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, metadata registers (PRM): reg_c_x set by an FDB rule
 * reach the manager's NIC RX as the E-Switch vport context's
 * fdb_to_vport_reg_c_id lets them (QUERY/MODIFY_ESW_VPORT_CONTEXT); a
 * register a NIC RX rule sets is matched by the table a jump reaches (the
 * rte_flow TAG round trip, through Direct Rules); reg_b as NIC RX steering
 * leaves it is the CQE's flow_table_metadata (the dword mlx5dv names
 * imm_inval_pkey), in plain CQEs and in compressed sessions' titles (no
 * mini CQE format carries it, so frames with different values never share
 * a session).
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "mlx5x_emu_esw_vport.h"
#include "test.h"
#include "test_emu_lib.h"

#define REG_C(i)                                                               \
	(MLX5X_BYTE_OFF(fte_match_param, misc_parameters_2.metadata_reg_c_0) - \
	 4 * (i))
#define UDP_PORTS MLX5X_BYTE_OFF(fte_match_param, outer_headers.udp_sport)

/* CQE dword 9: flow_table_metadata (Linux mlx5_cqe64 ft_metadata). */
static uint32_t
cqe_metadata(const struct mlx5_cqe64 *cqe)
{
	return be32toh(cqe->imm_inval_pkey);
}

/* ---- PRM objects -------------------------------------------------------- */

/* A command through the general interface: its status, *syndrome. */
static int
cmd(struct emu_dev *d, const void *in, size_t inlen, void *out, size_t outlen,
    uint32_t *syndrome)
{
	int st = emu_cmd(d, in, inlen, out, outlen);

	*syndrome = MLX5X_GET(mbox_out, out, syndrome);
	return st;
}

static uint32_t
ft_make(struct emu_dev *d, uint32_t type, struct mlx5dv_devx_obj **obj)
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

/* Entries first..first + 3 whose mask is one 32-bit word at a byte
 * offset of fte_match_param. */
static uint32_t
fg_make(struct emu_dev *d, uint32_t type, uint32_t ft, uint32_t first,
	uint8_t enable, size_t off, uint32_t mask, struct mlx5dv_devx_obj **obj)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint32_t be = htobe32(mask);

	MLX5X_SET(create_flow_group_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, in, table_type, type);
	MLX5X_SET(create_flow_group_in, in, table_id, ft);
	MLX5X_SET(create_flow_group_in, in, start_flow_index, first);
	MLX5X_SET(create_flow_group_in, in, end_flow_index, first + 3);
	MLX5X_SET(create_flow_group_in, in, match_criteria_enable, enable);
	memcpy((uint8_t *)MLX5X_ADDR_OF(create_flow_group_in, in,
					match_criteria) +
		       off,
	       &be, 4);
	return emu_obj_id(d, in, sizeof(in), obj);
}

/* An entry forwarding to one destination, with a modify header when
 * mh_id is not 0. */
static struct mlx5dv_devx_obj *
fte_make(struct emu_dev *d, uint32_t type, uint32_t ft, uint32_t fg,
	 uint32_t index, size_t off, uint32_t value, uint32_t mh_id,
	 uint16_t dtype, uint32_t did)
{
	uint8_t in[EMU_FTE_ONE_DEST_BYTES] = { 0 };
	struct mlx5dv_devx_obj *obj;

	emu_fte_in_one_word(in, type, ft, fg, index, off, value, mh_id, dtype,
			    did);
	emu_obj_id(d, in, sizeof(in), &obj);
	return obj;
}

/* A set action on a 32-bit register field (length 0 means 32 bits). */
static void
act_set(uint8_t *a, uint32_t field, uint32_t v)
{
	memset(a, 0, 8);
	MLX5X_SET(set_action_in, a, action_type, MLX5X_ACTION_TYPE_SET);
	MLX5X_SET(set_action_in, a, field, field);
	MLX5X_SET(set_action_in, a, data, v);
}

/* ALLOC_MODIFY_HEADER_CONTEXT; the id, 0 on failure. */
static uint32_t
mh_alloc(struct emu_dev *d, uint32_t type, const uint8_t (*acts)[8], uint32_t n)
{
	uint8_t in[16 + 4 * 8] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(alloc_modify_header_context_out)] = { 0 };

	MLX5X_SET(alloc_modify_header_context_in, in, opcode,
		  MLX5X_CMD_OP_ALLOC_MODIFY_HEADER_CONTEXT);
	MLX5X_SET(alloc_modify_header_context_in, in, table_type, type);
	MLX5X_SET(alloc_modify_header_context_in, in, num_of_actions, n);
	memcpy(in + 16, acts, (size_t)n * 8);
	if (emu_cmd(d, in, 16 + (size_t)n * 8, out, sizeof(out)) != 0)
		return 0;
	return MLX5X_GET(alloc_modify_header_context_out, out,
			 modify_header_id);
}

static void
mh_free(struct emu_dev *d, uint32_t id)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(dealloc_modify_header_context_in)] = { 0 };
	uint8_t out[16];

	MLX5X_SET(dealloc_modify_header_context_in, in, opcode,
		  MLX5X_CMD_OP_DEALLOC_MODIFY_HEADER_CONTEXT);
	MLX5X_SET(dealloc_modify_header_context_in, in, modify_header_id, id);
	emu_cmd(d, in, sizeof(in), out, sizeof(out));
}

/* MODIFY_ESW_VPORT_CONTEXT of fdb_to_vport_reg_c_id; status, *syndrome. */
static int
esw_pass(struct emu_dev *d, bool other, uint16_t vport, uint32_t reg_c_id,
	 uint32_t *syndrome)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(modify_esw_vport_context_in)] = { 0 };
	uint8_t out[16] = { 0 };

	MLX5X_SET(modify_esw_vport_context_in, in, opcode,
		  MLX5X_CMD_OP_MODIFY_ESW_VPORT_CONTEXT);
	MLX5X_SET(modify_esw_vport_context_in, in, other_vport, other);
	MLX5X_SET(modify_esw_vport_context_in, in, vport_number, vport);
	MLX5X_SET(modify_esw_vport_context_in, in,
		  field_select.fdb_to_vport_reg_c_id, 1);
	MLX5X_SET(modify_esw_vport_context_in, in,
		  esw_vport_context.fdb_to_vport_reg_c_id, reg_c_id);
	return cmd(d, in, sizeof(in), out, sizeof(out), syndrome);
}

/* QUERY_ESW_VPORT_CONTEXT: fdb_to_vport_reg_c_id, or -1 on failure. */
static int
esw_query(struct emu_dev *d, bool other, uint16_t vport)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(query_esw_vport_context_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(query_esw_vport_context_out)] = { 0 };

	MLX5X_SET(query_esw_vport_context_in, in, opcode,
		  MLX5X_CMD_OP_QUERY_ESW_VPORT_CONTEXT);
	MLX5X_SET(query_esw_vport_context_in, in, other_vport, other);
	MLX5X_SET(query_esw_vport_context_in, in, vport_number, vport);
	if (emu_cmd(d, in, sizeof(in), out, sizeof(out)) != 0)
		return -1;
	return (int)MLX5X_GET(query_esw_vport_context_out, out,
			      esw_vport_context.fdb_to_vport_reg_c_id);
}

/* A cyclic RQ of 16 posted 2 KB buffers (its CQ compressing with the mini
 * CQE format when comp) and a direct TIR to it. */
struct rxq {
	struct emu_q q;
	uint8_t *mem;
	struct ibv_mr *mr;
	struct mlx5dv_devx_obj *tir;
	uint32_t tirn;
};

static int
rxq_setup(struct emu_dev *d, struct rxq *r, bool comp, uint8_t mini)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_tir_in)] = { 0 };
	void *c = MLX5X_ADDR_OF(create_tir_in, in, ctx);
	int rc;

	memset(r, 0, sizeof(*r));
	rc = comp ? emu_q_create_rq_comp(d, &r->q, 4, mini)
		  : emu_q_create(d, &r->q, false, 4, 4);
	if (rc != 0)
		return -1;
	r->mem = calloc(16, 2048);
	r->mr = emu.reg_mr(d->pd, r->mem, 16 * 2048, IBV_ACCESS_LOCAL_WRITE);
	if (r->mem == NULL || r->mr == NULL)
		return -1;
	emu_rq_post(&r->q, r->mem, r->mr->lkey, 16, 2048);
	if (emu_q_modify(&r->q, 0, 1) != 0)
		return -1;
	MLX5X_SET(create_tir_in, in, opcode, MLX5X_CMD_OP_CREATE_TIR);
	MLX5X_SET(tirc, c, inline_rqn, r->q.qn);
	MLX5X_SET(tirc, c, transport_domain, d->tdn);
	r->tirn = emu_obj_id(d, in, sizeof(in), &r->tir);
	return r->tir != NULL ? 0 : -1;
}

static void
rxq_teardown(struct rxq *r)
{
	if (r->tir != NULL)
		emu.obj_destroy(r->tir);
	emu_q_destroy(&r->q);
	if (r->mr != NULL)
		emu.dereg_mr(r->mr);
	free(r->mem);
}

/* ---- E-Switch vport context --------------------------------------------- */

/* The commands: the caps say reg_c_0 and reg_c_1 can pass; switchdev
 * starts with both passed to the manager's vport and none to a VF's; a
 * register outside the caps, the vport VLAN fields, an unknown vport and
 * another vport addressed by a non-manager are refused by syndrome. */
static int
test_esw_vport_context_commands(void)
{
	uint8_t cin[MLX5X_ST_SZ_BYTES(query_hca_cap_in)] = { 0 };
	uint8_t cout[MLX5X_ST_SZ_BYTES(query_hca_cap_out)] = { 0 };
	uint8_t in[MLX5X_ST_SZ_BYTES(modify_esw_vport_context_in)] = { 0 };
	uint8_t out[16] = { 0 };
	struct emu_dev d;
	uint32_t syn;

	TEST_ASSERT(emu_dev_open(&d, "vfs=2,wire=drop,vf_end=drop") == 0,
		    "open");
	MLX5X_SET(query_hca_cap_in, cin, opcode, MLX5X_CMD_OP_QUERY_HCA_CAP);
	MLX5X_SET(query_hca_cap_in, cin, op_mod,
		  MLX5X_CAP_ESWITCH_FLOW_TABLE << 1 | 1);
	TEST_ASSERT_EQ(emu_cmd(&d, cin, sizeof(cin), cout, sizeof(cout)), 0,
		       "E-Switch flow table caps");
	TEST_ASSERT_EQ(MLX5X_GET(flow_table_eswitch_cap_head,
				 MLX5X_ADDR_OF(query_hca_cap_out, cout,
					       capability),
				 fdb_to_vport_reg_c_id),
		       MLX5X_FDB_TO_VPORT_REG_C_0 | MLX5X_FDB_TO_VPORT_REG_C_1,
		       "cap: reg_c_0 and reg_c_1 pass");
	TEST_ASSERT_EQ(esw_query(&d, false, 0), 3, "manager: both passed");
	TEST_ASSERT_EQ(esw_query(&d, true, 2), 0, "VF 1's vport: none");
	TEST_ASSERT_EQ(esw_pass(&d, true, 2, MLX5X_FDB_TO_VPORT_REG_C_0, &syn),
		       0, "VF 1's vport passes reg_c_0");
	TEST_ASSERT_EQ(esw_query(&d, true, 2), 1, "read back");
	TEST_ASSERT_EQ(esw_pass(&d, false, 0, 0x4, &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "reg_c_2 is not in caps");
	TEST_ASSERT_EQ(syn, 0x3e5705, "syndrome: register");
	TEST_ASSERT_EQ(esw_query(&d, false, 0), 3, "unchanged after refusal");
	TEST_ASSERT_EQ(esw_pass(&d, true, 7, 1, &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "no vport 7");
	TEST_ASSERT_EQ(syn, 0x3e5702, "syndrome: vport");
	MLX5X_SET(modify_esw_vport_context_in, in, opcode,
		  MLX5X_CMD_OP_MODIFY_ESW_VPORT_CONTEXT);
	MLX5X_SET(modify_esw_vport_context_in, in,
		  field_select.vport_cvlan_strip, 1);
	TEST_ASSERT_EQ(cmd(&d, in, sizeof(in), out, sizeof(out), &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "vport C-VLAN strip");
	TEST_ASSERT_EQ(syn, 0x3e5703, "syndrome: VLAN offload");
	TEST_ASSERT_EQ(cmd(&d, in, 8, out, sizeof(out), &syn),
		       MLX5X_CMD_STAT_BAD_INP_LEN_ERR, "short in box");
	emu_dev_close(&d);

	TEST_ASSERT(emu_dev_open(&d, "esw=legacy,vfs=2,wire=drop") == 0,
		    "open legacy");
	TEST_ASSERT_EQ(esw_pass(&d, true, 1, 1, &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR,
		       "no E-Switch manager in legacy mode");
	TEST_ASSERT_EQ(syn, 0x3e5701, "syndrome: other vport");
	TEST_ASSERT_EQ(esw_query(&d, false, 0), 0, "legacy: nothing passed");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* An FDB rule on VF 1's source tag sets reg_c_1 and reg_c_2 and forwards
 * to the manager's vport; VF 0's frames miss the FDB. The manager's NIC RX
 * root tries, in order: reg_c_1 == 0xabcd -> A, reg_c_2 == 0x77 -> B,
 * reg_c_0 == representor 1's tag -> C or representor 0's -> D. What lands
 * where follows fdb_to_vport_reg_c_id of vport 0, changed between frames:
 * reg_c_2 (not passable) never arrives; reg_c_0 and reg_c_1 only when
 * passed; a frame whose registers all arrive as zero matches nothing. */
static int
test_fdb_reg_c_reaches_nic_rx(void)
{
	static const struct {
		uint32_t pass;
		int vf1, vf0; /* receiving queue, -1 dropped */
	} cases[] = {
		{ 3, 0, 3 },
		{ 1, 2, 3 },
		{ 0, -1, -1 },
		{ 2, 0, -1 },
	};
	const uint32_t nic = MLX5X_FLOW_TABLE_TYPE_NIC_RX;
	const uint32_t fdb = MLX5X_FLOW_TABLE_TYPE_FDB;
	const uint16_t tir = MLX5X_FLOW_DESTINATION_TYPE_TIR;
	struct mlx5dv_devx_obj *ft, *fg[3], *e[4], *fft, *ffg, *fe;
	struct mlx5x_emu_counters before, after;
	struct mlx5dv_port rep0, rep1;
	uint8_t acts[2][8], frame[128];
	uint32_t ftn, g[3], fftn, ffgn, mh, syn;
	struct rxq q[4];
	struct emu_dev d;
	unsigned int c, i;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "vfs=2,wire=drop,vf_end=drop") == 0,
		    "open");
	TEST_ASSERT(emu.dv_query_port(d.ctx, 2, &rep0, sizeof(rep0)) == 0 &&
			    emu.dv_query_port(d.ctx, 3, &rep1, sizeof(rep1)) ==
				    0,
		    "representor ports");
	for (i = 0; i < 4; i++)
		TEST_ASSERT(rxq_setup(&d, &q[i], false, 0) == 0, "queue %u", i);
	ftn = ft_make(&d, nic, &ft);
	g[0] = fg_make(&d, nic, ftn, 0, MLX5X_MATCH_MISC_PARAMETERS_2, REG_C(1),
		       0xffffffff, &fg[0]);
	g[1] = fg_make(&d, nic, ftn, 4, MLX5X_MATCH_MISC_PARAMETERS_2, REG_C(2),
		       0xffffffff, &fg[1]);
	g[2] = fg_make(&d, nic, ftn, 8, MLX5X_MATCH_MISC_PARAMETERS_2, REG_C(0),
		       rep1.reg_c0.mask, &fg[2]);
	TEST_ASSERT(ft != NULL && fg[0] != NULL && fg[1] != NULL &&
			    fg[2] != NULL,
		    "NIC RX table and groups");
	e[0] = fte_make(&d, nic, ftn, g[0], 0, REG_C(1), 0xabcd, 0, tir,
			q[0].tirn);
	e[1] = fte_make(&d, nic, ftn, g[1], 4, REG_C(2), 0x77, 0, tir,
			q[1].tirn);
	e[2] = fte_make(&d, nic, ftn, g[2], 8, REG_C(0), rep1.reg_c0.value, 0,
			tir, q[2].tirn);
	e[3] = fte_make(&d, nic, ftn, g[2], 9, REG_C(0), rep0.reg_c0.value, 0,
			tir, q[3].tirn);
	TEST_ASSERT(e[0] && e[1] && e[2] && e[3], "NIC RX entries");
	TEST_ASSERT_EQ(emu_ft_root_set(&d, nic, ftn, 0), 0, "NIC RX root");
	act_set(acts[0], MLX5X_ACTION_IN_FIELD_METADATA_REG_C_0 + 1, 0xabcd);
	act_set(acts[1], MLX5X_ACTION_IN_FIELD_METADATA_REG_C_0 + 2, 0x77);
	mh = mh_alloc(&d, fdb, acts, 2);
	TEST_ASSERT(mh != 0, "FDB modify header");
	fftn = ft_make(&d, fdb, &fft);
	ffgn = fg_make(&d, fdb, fftn, 0, MLX5X_MATCH_MISC_PARAMETERS_2,
		       REG_C(0), rep1.reg_c0.mask, &ffg);
	fe = fte_make(&d, fdb, fftn, ffgn, 0, REG_C(0), rep1.reg_c0.value, mh,
		      MLX5X_FLOW_DESTINATION_TYPE_VPORT, 0);
	TEST_ASSERT(fe != NULL, "FDB entry: VF 1 -> manager, reg_c_1, reg_c_2");
	TEST_ASSERT_EQ(emu_ft_root_set(&d, fdb, fftn, 0), 0, "FDB root");
	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x77\x00\x00\x00\x01",
			     1, 2, 3, 4, 30);
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		unsigned int vf;

		TEST_ASSERT_EQ(esw_pass(&d, false, 0, cases[c].pass, &syn), 0,
			       "pass 0x%x", cases[c].pass);
		for (vf = 0; vf < 2; vf++) {
			int want = vf == 1 ? cases[c].vf1 : cases[c].vf0;

			emu.counters(0, 0, &before);
			TEST_ASSERT_EQ(emu.inject_vf(0, vf, frame, len), 0,
				       "VF %u sends", vf);
			for (i = 0; i < 4; i++) {
				const struct mlx5_cqe64 *cqe =
					emu_q_poll_cqe(&q[i].q,
						       (int)i == want ? 50 : 0);

				TEST_ASSERT((cqe != NULL) == ((int)i == want),
					    "pass 0x%x, VF %u: queue %u %s",
					    cases[c].pass, vf, i,
					    (int)i == want ? "receives"
							   : "stays empty");
			}
			emu.counters(0, 0, &after);
			TEST_ASSERT_EQ(after.rx_dropped,
				       before.rx_dropped + (want < 0),
				       "pass 0x%x, VF %u: drops", cases[c].pass,
				       vf);
		}
	}
	emu_ft_root_set(&d, fdb, 0, 1);
	emu_ft_root_set(&d, nic, 0, 1);
	emu.obj_destroy(fe);
	emu.obj_destroy(ffg);
	emu.obj_destroy(fft);
	mh_free(&d, mh);
	for (i = 0; i < 4; i++)
		emu.obj_destroy(e[i]);
	for (i = 0; i < 3; i++)
		emu.obj_destroy(fg[i]);
	emu.obj_destroy(ft);
	for (i = 0; i < 4; i++)
		rxq_teardown(&q[i]);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* ---- NIC RX: registers across a jump, reg_b into the CQE ---------------- */

struct match {
	struct mlx5dv_flow_match_parameters p;
	uint64_t buf[512 / 8]; /* fte_match_param */
};

static void
match_init(struct match *m)
{
	memset(m, 0, sizeof(*m));
	m->p.match_sz = sizeof(m->buf);
}

static void
match_word(struct match *m, size_t off, uint32_t v)
{
	uint32_t be = htobe32(v);

	memcpy((uint8_t *)m->buf + off, &be, 4);
}

/* The rte_flow TAG round trip through Direct Rules: group 0 jumps to group
 * 1, whose rules set reg_c_2 (the TAG) by UDP destination port - 0xbeef
 * for port 4, 0xdead for port 5, nothing for port 6 - and jump to group 2,
 * where rules match reg_c_2: 0xbeef sets reg_b and tags 0x77, 0xdead tags
 * 0x78, anything else drops. No frame byte changes on the way. Each CQE
 * carries its rule's tag and reg_b as flow_table_metadata (0 where no
 * rule set it). */
static int
test_nic_rx_tag_round_trip_and_cqe_metadata(void)
{
	struct mlx5dv_dr_action *a_j1, *a_j2, *a_tir, *a_drop, *a_t77, *a_t78,
		*a_c2[2], *a_b, *acts[3];
	struct mlx5dv_dr_matcher *m0, *m1, *m2, *m2all;
	struct mlx5dv_dr_rule *r0, *r1[3], *r2[3];
	struct mlx5dv_dr_table *t0, *t1, *t2;
	struct mlx5dv_dr_domain *dmn;
	struct match mask, val;
	uint8_t a[1][8], frame[128];
	struct mlx5_cqe64 *cqe;
	struct emu_dev d;
	struct rxq q;
	unsigned int i;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(rxq_setup(&d, &q, false, 0) == 0, "queue");
	dmn = emu.dr_domain_create(d.ctx, MLX5DV_DR_DOMAIN_TYPE_NIC_RX);
	TEST_ASSERT(dmn != NULL, "NIC RX domain");
	t0 = emu.dr_table_create(dmn, 0);
	t1 = emu.dr_table_create(dmn, 1);
	t2 = emu.dr_table_create(dmn, 2);
	TEST_ASSERT(t0 && t1 && t2, "groups 0, 1, 2");
	a_j1 = emu.dr_action_dest_table(t1);
	a_j2 = emu.dr_action_dest_table(t2);
	a_tir = emu.dr_action_dest_tir(q.tir);
	a_drop = emu.dr_action_drop();
	a_t77 = emu.dr_action_tag(0x77);
	a_t78 = emu.dr_action_tag(0x78);
	act_set(a[0], MLX5X_ACTION_IN_FIELD_METADATA_REG_C_0 + 2, 0xbeef);
	a_c2[0] = emu.dr_action_modify_header(dmn, 0, 8, (__be64 *)a);
	act_set(a[0], MLX5X_ACTION_IN_FIELD_METADATA_REG_C_0 + 2, 0xdead);
	a_c2[1] = emu.dr_action_modify_header(dmn, 0, 8, (__be64 *)a);
	act_set(a[0], MLX5X_ACTION_IN_FIELD_METADATA_REG_B, 0x12345678);
	a_b = emu.dr_action_modify_header(dmn, 0, 8, (__be64 *)a);
	TEST_ASSERT(a_j1 && a_j2 && a_tir && a_drop && a_t77 && a_t78 &&
			    a_c2[0] && a_c2[1] && a_b,
		    "actions");

	match_init(&mask);
	m0 = emu.dr_matcher_create(t0, 0, 0, &mask.p);
	match_word(&mask, UDP_PORTS, 0xffff);
	m1 = emu.dr_matcher_create(t1, 0, MLX5X_MATCH_OUTER_HEADERS, &mask.p);
	match_init(&mask);
	match_word(&mask, REG_C(2), 0xffffffff);
	m2 = emu.dr_matcher_create(t2, 0, MLX5X_MATCH_MISC_PARAMETERS_2,
				   &mask.p);
	match_init(&mask);
	m2all = emu.dr_matcher_create(t2, 1, 0, &mask.p);
	TEST_ASSERT(m0 && m1 && m2 && m2all, "matchers");
	match_init(&val);
	r0 = emu.dr_rule_create(m0, &val.p, 1, &a_j1);
	for (i = 0; i < 3; i++) {
		match_init(&val);
		match_word(&val, UDP_PORTS, 4 + i);
		acts[0] = i < 2 ? a_c2[i] : a_j2;
		acts[1] = a_j2;
		r1[i] = emu.dr_rule_create(m1, &val.p, i < 2 ? 2 : 1, acts);
	}
	match_init(&val);
	match_word(&val, REG_C(2), 0xbeef);
	acts[0] = a_b;
	acts[1] = a_t77;
	acts[2] = a_tir;
	r2[0] = emu.dr_rule_create(m2, &val.p, 3, acts);
	match_word(&val, REG_C(2), 0xdead);
	acts[0] = a_t78;
	acts[1] = a_tir;
	r2[1] = emu.dr_rule_create(m2, &val.p, 2, acts);
	match_init(&val);
	r2[2] = emu.dr_rule_create(m2all, &val.p, 1, &a_drop);
	TEST_ASSERT(r0 && r1[0] && r1[1] && r1[2] && r2[0] && r2[1] && r2[2],
		    "rules");

	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x15\xb3\x00\x00\x00",
			     1, 2, 3, 4, 30);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "port 4");
	cqe = emu_q_poll_cqe(&q.q, 50);
	TEST_ASSERT(cqe != NULL, "group 2 matched the tag group 1 set");
	TEST_ASSERT_EQ(be32toh(cqe->sop_drop_qpn) & 0xffffff, 0x77, "tag");
	TEST_ASSERT_EQ(cqe_metadata(cqe), 0x12345678,
		       "flow_table_metadata is reg_b");
	TEST_ASSERT(memcmp(q.mem, frame, len) == 0, "frame unchanged");
	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x15\xb3\x00\x00\x00",
			     1, 2, 3, 5, 30);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "port 5");
	cqe = emu_q_poll_cqe(&q.q, 50);
	TEST_ASSERT(cqe != NULL, "the other tag value, the other rule");
	TEST_ASSERT_EQ(be32toh(cqe->sop_drop_qpn) & 0xffffff, 0x78, "tag");
	TEST_ASSERT_EQ(cqe_metadata(cqe), 0, "no reg_b set: 0");
	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x15\xb3\x00\x00\x00",
			     1, 2, 3, 6, 30);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "port 6");
	TEST_ASSERT(emu_q_poll_cqe(&q.q, 5) == NULL,
		    "no tag set: group 2's catch-all drops");

	for (i = 0; i < 3; i++) {
		emu.dr_rule_destroy(r2[i]);
		emu.dr_rule_destroy(r1[i]);
	}
	emu.dr_rule_destroy(r0);
	emu.dr_matcher_destroy(m2all);
	emu.dr_matcher_destroy(m2);
	emu.dr_matcher_destroy(m1);
	emu.dr_matcher_destroy(m0);
	emu.dr_action_destroy(a_b);
	emu.dr_action_destroy(a_c2[1]);
	emu.dr_action_destroy(a_c2[0]);
	emu.dr_action_destroy(a_t78);
	emu.dr_action_destroy(a_t77);
	emu.dr_action_destroy(a_drop);
	emu.dr_action_destroy(a_tir);
	emu.dr_action_destroy(a_j2);
	emu.dr_action_destroy(a_j1);
	emu.dr_table_destroy(t2);
	emu.dr_table_destroy(t1);
	emu.dr_table_destroy(t0);
	emu.dr_domain_destroy(dmn);
	rxq_teardown(&q);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Compressed sessions: no mini CQE format carries flow_table_metadata, so
 * the title carries it for the whole session and frames with different
 * reg_b values never share one. NIC RX root: UDP port 4 sets reg_b 0x1111,
 * port 5 sets 0x2222, port 6 sets nothing. A burst 4 4 4 5 6 6 completes
 * as a session of 3 (title 0x1111), a plain CQE (0x2222), a session of 2
 * (title 0). */
static int
test_cqe_metadata_in_compressed_sessions(void)
{
	static const uint16_t port[6] = { 4, 4, 4, 5, 6, 6 };
	const uint32_t nic = MLX5X_FLOW_TABLE_TYPE_NIC_RX;
	struct mlx5dv_devx_obj *ft, *fg, *e[3];
	uint8_t a[1][8], frames[6][128];
	const void *fp[6];
	size_t lens[6];
	struct mlx5_cqe64 *cqe;
	uint32_t ftn, fgn, mh[2];
	struct emu_dev d;
	struct rxq q;
	unsigned int i;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,wire=drop") == 0, "open");
	TEST_ASSERT(rxq_setup(&d, &q, true, MLX5X_MINI_CQE_FORMAT_HASH) == 0,
		    "queue on a compressing CQ");
	act_set(a[0], MLX5X_ACTION_IN_FIELD_METADATA_REG_B, 0x1111);
	mh[0] = mh_alloc(&d, nic, a, 1);
	act_set(a[0], MLX5X_ACTION_IN_FIELD_METADATA_REG_B, 0x2222);
	mh[1] = mh_alloc(&d, nic, a, 1);
	TEST_ASSERT(mh[0] != 0 && mh[1] != 0, "modify headers");
	ftn = ft_make(&d, nic, &ft);
	fgn = fg_make(&d, nic, ftn, 0, MLX5X_MATCH_OUTER_HEADERS, UDP_PORTS,
		      0xffff, &fg);
	for (i = 0; i < 3; i++)
		e[i] = fte_make(&d, nic, ftn, fgn, i, UDP_PORTS, 4 + i,
				i < 2 ? mh[i] : 0,
				MLX5X_FLOW_DESTINATION_TYPE_TIR, q.tirn);
	TEST_ASSERT(e[0] && e[1] && e[2], "entries");
	TEST_ASSERT_EQ(emu_ft_root_set(&d, nic, ftn, 0), 0, "root");
	for (i = 0; i < 6; i++) {
		lens[i] = emu_frame_udp4(frames[i],
					 (const uint8_t
						  *)"\x02\x15\xb3\x00\x00\x00",
					 1, 2, 3, port[i], 20 + i);
		fp[i] = frames[i];
	}
	TEST_ASSERT_EQ(emu.inject_wire_burst(0, fp, lens, 6), 0, "burst");
	cqe = emu_q_poll_cqe(&q.q, 50);
	TEST_ASSERT(cqe != NULL, "first CQE");
	TEST_ASSERT_EQ((cqe->op_own >> 2) & 3, 3, "a session");
	TEST_ASSERT_EQ(be32toh(cqe->byte_cnt), 3, "of the three port 4 frames");
	TEST_ASSERT_EQ(cqe_metadata(cqe), 0x1111, "title: their reg_b");
	q.q.cq_ci = 3;
	q.q.cq_dbr[0] = htobe32(q.q.cq_ci);
	cqe = emu_q_poll_cqe(&q.q, 50);
	TEST_ASSERT(cqe != NULL, "second CQE");
	TEST_ASSERT_EQ((cqe->op_own >> 2) & 3, 0, "plain");
	TEST_ASSERT_EQ(be32toh(cqe->byte_cnt), lens[3], "the port 5 frame");
	TEST_ASSERT_EQ(cqe_metadata(cqe), 0x2222, "its reg_b");
	cqe = emu_q_poll_cqe(&q.q, 50);
	TEST_ASSERT(cqe != NULL, "third CQE");
	TEST_ASSERT_EQ((cqe->op_own >> 2) & 3, 3, "a session");
	TEST_ASSERT_EQ(be32toh(cqe->byte_cnt), 2, "of the port 6 frames");
	TEST_ASSERT_EQ(cqe_metadata(cqe), 0, "title: no reg_b");
	emu_ft_root_set(&d, nic, 0, 1);
	for (i = 0; i < 3; i++)
		emu.obj_destroy(e[i]);
	emu.obj_destroy(fg);
	emu.obj_destroy(ft);
	mh_free(&d, mh[1]);
	mh_free(&d, mh[0]);
	rxq_teardown(&q);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_meta_suite, "emu_meta", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_esw_vport_context_commands),
		 MLX5X_TEST_CASE(test_fdb_reg_c_reaches_nic_rx),
		 MLX5X_TEST_CASE(test_nic_rx_tag_round_trip_and_cqe_metadata),
		 MLX5X_TEST_CASE(test_cqe_metadata_in_compressed_sessions))
