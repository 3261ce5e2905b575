/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, DV flows on the kernel-managed root: a matcher (mask
 * in fte_match_param format, priority) and flows under it steer a
 * matching frame to a DevX TIR with a tag and a counter, drop it from a
 * higher-precedence matcher, or hand it to a DevX flow table; a frame that
 * matches nothing misses; bad matchers, actions and destroy order answer
 * errno. On NIC TX (ft_type NIC_TX) flows drop or count what an SQ sends,
 * before the DevX NIC TX root, and refuse receive destinations.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

static const uint8_t pf_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x00 };

/* mlx5dv_flow_match_parameters with room for all of fte_match_param. */
struct match {
	size_t match_sz;
	uint64_t buf[MLX5X_ST_SZ_BYTES(fte_match_param) / 8];
};

static struct mlx5dv_flow_match_parameters *
mp(struct match *m)
{
	m->match_sz = sizeof(m->buf);
	return (struct mlx5dv_flow_match_parameters *)m;
}

/* outer ip_protocol and udp_dport: mask all ones, or these values. */
static void
udp_dport(struct match *m, bool mask, uint16_t dport)
{
	memset(m, 0, sizeof(*m));
	MLX5X_SET(fte_match_set_lyr_2_4, m->buf, ip_protocol, mask ? 0xff : 17);
	MLX5X_SET(fte_match_set_lyr_2_4, m->buf, udp_dport,
		  mask ? 0xffff : dport);
}

/* An RQ of 16 WQEs of 256 bytes and a direct TIR to it. */
struct drq {
	struct emu_q q;
	uint8_t *mem;
	struct ibv_mr *mr;
	struct mlx5dv_devx_obj *tir;
	uint32_t tirn;
};

static int
drq_setup(struct emu_dev *d, struct drq *r)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_tir_in)] = { 0 };
	uint8_t out[16] = { 0 };
	void *c = MLX5X_ADDR_OF(create_tir_in, in, ctx);

	memset(r, 0, sizeof(*r));
	if (emu_q_create(d, &r->q, false, 4, 4) != 0)
		return -1;
	r->mem = calloc(16, 256);
	r->mr = emu.reg_mr(d->pd, r->mem, 16 * 256, IBV_ACCESS_LOCAL_WRITE);
	if (r->mem == NULL || r->mr == NULL)
		return -1;
	emu_rq_post(&r->q, r->mem, r->mr->lkey, 16, 256);
	if (emu_q_modify(&r->q, 0, 1) != 0)
		return -1;
	MLX5X_SET(create_tir_in, in, opcode, MLX5X_CMD_OP_CREATE_TIR);
	MLX5X_SET(tirc, c, disp_type, MLX5X_TIRC_DISP_TYPE_DIRECT);
	MLX5X_SET(tirc, c, inline_rqn, r->q.qn);
	MLX5X_SET(tirc, c, transport_domain, d->tdn);
	r->tir = emu.obj_create(d->ctx, in, sizeof(in), out, sizeof(out));
	r->tirn = MLX5X_GET(create_tir_out, out, tirn);
	return r->tir != NULL ? 0 : -1;
}

static void
drq_teardown(struct drq *r)
{
	if (r->tir != NULL)
		emu.obj_destroy(r->tir);
	emu_q_destroy(&r->q);
	if (r->mr != NULL)
		emu.dereg_mr(r->mr);
	free(r->mem);
}

/* Injects a UDP frame to dport; a bit per RQ that got a CQE. */
static unsigned int
send_dport(struct drq *r, unsigned int n, uint16_t dport, uint32_t *tag)
{
	uint8_t frame[128];
	unsigned int i, got = 0;
	size_t len = emu_frame_udp4(frame, pf_mac, 0x0a000001, 0x0a000002, 1000,
				    dport, 18);

	if (emu.inject_wire(0, frame, len) != 0)
		return 0x80;
	for (i = 0; i < n; i++) {
		struct mlx5_cqe64 *cqe = emu_q_poll_cqe(&r[i].q, 0);

		if (cqe == NULL)
			continue;
		got |= 1u << i;
		if (tag != NULL)
			*tag = be32toh(cqe->sop_drop_qpn) & 0xffffff;
	}
	return got;
}

/* A NIC RX table (not the root) at level whose catch-all entry goes to
 * tirn; its id in *id when id is not NULL. */
static int
table_to_tir_at(struct emu_dev *d, uint32_t level, uint32_t tirn,
		struct mlx5dv_devx_obj **o, uint32_t *id)
{
	uint8_t ft_in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t fg_in[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint8_t fte_in[MLX5X_ST_SZ_BYTES(set_fte_in) + 8] = { 0 };
	uint8_t out[16] = { 0 };
	void *fc = MLX5X_ADDR_OF(set_fte_in, fte_in, flow_context);
	void *dst = MLX5X_ADDR_OF(flow_context, fc, destination);
	void *ftc =
		MLX5X_ADDR_OF(create_flow_table_in, ft_in, flow_table_context);
	uint32_t ftn, fgn;

	MLX5X_SET(create_flow_table_in, ft_in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, ft_in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(flow_table_context, ftc, level, level);
	o[0] = emu.obj_create(d->ctx, ft_in, sizeof(ft_in), out, sizeof(out));
	if (o[0] == NULL)
		return -1;
	ftn = MLX5X_GET(create_flow_table_out, out, table_id);
	if (id != NULL)
		*id = ftn;
	MLX5X_SET(create_flow_group_in, fg_in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, fg_in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(create_flow_group_in, fg_in, table_id, ftn);
	o[1] = emu.obj_create(d->ctx, fg_in, sizeof(fg_in), out, sizeof(out));
	if (o[1] == NULL)
		return -1;
	fgn = MLX5X_GET(create_flow_group_out, out, group_id);
	MLX5X_SET(set_fte_in, fte_in, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY);
	MLX5X_SET(set_fte_in, fte_in, table_type, MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_fte_in, fte_in, table_id, ftn);
	MLX5X_SET(flow_context, fc, group_id, fgn);
	MLX5X_SET(flow_context, fc, action, MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST);
	MLX5X_SET(flow_context, fc, destination_list_size, 1);
	MLX5X_SET(dest_format, dst, destination_type,
		  MLX5X_FLOW_DESTINATION_TYPE_TIR);
	MLX5X_SET(dest_format, dst, destination_id, tirn);
	o[2] = emu.obj_create(d->ctx, fte_in, sizeof(fte_in), out, sizeof(out));
	return o[2] != NULL ? 0 : -1;
}

static int
table_to_tir(struct emu_dev *d, uint32_t tirn, struct mlx5dv_devx_obj **o)
{
	return table_to_tir_at(d, 1, tirn, o, NULL);
}

static int
test_dv_flow_steers_counts_drops(void)
{
	uint8_t ain[MLX5X_ST_SZ_BYTES(alloc_flow_counter_in)] = { 0 };
	uint8_t aout[16] = { 0 };
	struct mlx5dv_flow_matcher_attr ma = { 0 };
	struct mlx5dv_flow_action_attr act[3];
	struct mlx5dv_flow_matcher *m1, *m0;
	struct mlx5dv_devx_obj *cnt, *tbl[3] = { NULL, NULL, NULL };
	struct ibv_flow *a, *dropf, *tf;
	struct match mask, val;
	struct drq r[2];
	struct emu_dev d;
	uint32_t cid, tag = 0;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(drq_setup(&d, &r[0]) == 0, "RQ 0 and its TIR");
	TEST_ASSERT(drq_setup(&d, &r[1]) == 0, "RQ 1 and its TIR");
	MLX5X_SET(alloc_flow_counter_in, ain, opcode,
		  MLX5X_CMD_OP_ALLOC_FLOW_COUNTER);
	cnt = emu.obj_create(d.ctx, ain, sizeof(ain), aout, sizeof(aout));
	TEST_ASSERT(cnt != NULL, "flow counter");
	cid = MLX5X_GET(alloc_flow_counter_out, aout, flow_counter_id);

	udp_dport(&mask, true, 0);
	ma.type = IBV_FLOW_ATTR_NORMAL;
	ma.priority = 1;
	ma.match_criteria_enable = MLX5X_MATCH_OUTER_HEADERS;
	ma.match_mask = mp(&mask);
	m1 = emu.dv_matcher_create(d.ctx, &ma);
	TEST_ASSERT(m1 != NULL, "matcher, priority 1");
	udp_dport(&val, false, 2000);
	act[0].type = MLX5DV_FLOW_ACTION_DEST_DEVX;
	act[0].obj = r[0].tir;
	act[1].type = MLX5DV_FLOW_ACTION_TAG;
	act[1].tag_value = 0x77;
	act[2].type = MLX5DV_FLOW_ACTION_COUNTERS_DEVX;
	act[2].obj = cnt;
	a = emu.dv_create_flow(m1, mp(&val), 3, act);
	TEST_ASSERT(a != NULL, "flow: UDP 2000 -> TIR 0, tag, count");
	TEST_ASSERT_EQ(send_dport(r, 2, 2000, &tag), 1, "to RQ 0");
	TEST_ASSERT_EQ(tag, 0x77, "tagged");
	TEST_ASSERT_EQ(send_dport(r, 2, 2001, NULL), 0, "other port misses");
	TEST_ASSERT_EQ(emu_counter_packets(&d, cid), 1, "counted once");

	/* Higher precedence drop. */
	ma.priority = 0;
	m0 = emu.dv_matcher_create(d.ctx, &ma);
	TEST_ASSERT(m0 != NULL, "matcher, priority 0");
	act[0].type = MLX5DV_FLOW_ACTION_DROP;
	dropf = emu.dv_create_flow(m0, mp(&val), 1, act);
	TEST_ASSERT(dropf != NULL, "drop flow");
	TEST_ASSERT_EQ(send_dport(r, 2, 2000, NULL), 0, "dropped");
	TEST_ASSERT_EQ(emu_counter_packets(&d, cid), 1, "not counted");
	TEST_ASSERT_EQ(emu.dv_matcher_destroy(m0), EBUSY,
		       "matcher with a flow");
	TEST_ASSERT_EQ(ibv_destroy_flow(dropf), 0, "destroy drop");
	TEST_ASSERT_EQ(emu.dv_matcher_destroy(m0), 0, "destroy matcher");
	TEST_ASSERT_EQ(send_dport(r, 2, 2000, NULL), 1, "RQ 0 again");

	/* To a DevX flow table, which goes on to TIR 1. */
	TEST_ASSERT(table_to_tir(&d, r[1].tirn, tbl) == 0, "table to TIR 1");
	udp_dport(&val, false, 2002);
	act[0].type = MLX5DV_FLOW_ACTION_DEST_DEVX;
	act[0].obj = tbl[0];
	tf = emu.dv_create_flow(m1, mp(&val), 1, act);
	TEST_ASSERT(tf != NULL, "flow: UDP 2002 -> flow table");
	TEST_ASSERT_EQ(send_dport(r, 2, 2002, NULL), 2,
		       "through the table to RQ 1");
	TEST_ASSERT_EQ(emu.obj_destroy(tbl[0]), EBUSY,
		       "a table a flow goes to stays");
	TEST_ASSERT_EQ(ibv_destroy_flow(tf), 0, "destroy");
	TEST_ASSERT_EQ(emu.obj_destroy(tbl[2]), 0, "entry");
	TEST_ASSERT_EQ(emu.obj_destroy(tbl[1]), 0, "group");
	TEST_ASSERT_EQ(emu.obj_destroy(tbl[0]), 0, "table");

	TEST_ASSERT_EQ(ibv_destroy_flow(a), 0, "destroy");
	TEST_ASSERT_EQ(send_dport(r, 2, 2000, NULL), 0, "no flows: missed");
	TEST_ASSERT_EQ(emu.dv_matcher_destroy(m1), 0, "destroy matcher");
	emu.obj_destroy(cnt);
	drq_teardown(&r[1]);
	drq_teardown(&r[0]);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_dv_flow_bad_attributes(void)
{
	struct mlx5dv_flow_matcher_attr ma = { 0 };
	struct mlx5dv_flow_action_attr act[2];
	struct mlx5dv_flow_matcher *m;
	struct match mask, val;
	struct drq r;
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(drq_setup(&d, &r) == 0, "RQ and TIR");
	udp_dport(&mask, true, 0);
	ma.match_criteria_enable = MLX5X_MATCH_OUTER_HEADERS;
	ma.match_mask = mp(&mask);
	ma.comp_mask = MLX5DV_FLOW_MATCHER_MASK_FT_TYPE;
	ma.ft_type = MLX5DV_FLOW_TABLE_TYPE_FDB;
	errno = 0;
	TEST_ASSERT(emu.dv_matcher_create(d.ctx, &ma) == NULL &&
			    errno == EOPNOTSUPP,
		    "FDB matchers not modelled");
	ma.ft_type = MLX5DV_FLOW_TABLE_TYPE_NIC_RX;
	ma.flags = IBV_FLOW_ATTR_FLAGS_DONT_TRAP;
	errno = 0;
	TEST_ASSERT(emu.dv_matcher_create(d.ctx, &ma) == NULL &&
			    errno == EINVAL,
		    "no don't-trap matcher (mlx5_ib takes the egress flag "
		    "alone)");
	ma.flags = 0;
	mask.match_sz = 4096;
	errno = 0;
	TEST_ASSERT(emu.dv_matcher_create(d.ctx, &ma) == NULL &&
			    errno == EINVAL,
		    "mask larger than fte_match_param");
	ma.priority = 16;
	m = emu.dv_matcher_create(d.ctx, &ma);
	TEST_ASSERT(m == NULL, "still too large");
	mp(&mask);
	m = emu.dv_matcher_create(d.ctx, &ma);
	TEST_ASSERT(m != NULL, "matcher at priority 16");
	udp_dport(&val, false, 2000);
	act[0].type = MLX5DV_FLOW_ACTION_DEST_DEVX;
	act[0].obj = r.tir;
	errno = 0;
	TEST_ASSERT(emu.dv_create_flow(m, mp(&val), 1, act) == NULL &&
			    errno == ENOMEM,
		    "no bypass priority 16");
	TEST_ASSERT_EQ(emu.dv_matcher_destroy(m), 0, "destroy");
	ma.priority = 0;
	m = emu.dv_matcher_create(d.ctx, &ma);
	TEST_ASSERT(m != NULL, "matcher");
	act[0].type = MLX5DV_FLOW_ACTION_TAG;
	act[0].tag_value = 5;
	errno = 0;
	TEST_ASSERT(emu.dv_create_flow(m, mp(&val), 1, act) == NULL &&
			    errno == EINVAL,
		    "neither forward nor drop");
	act[0].type = MLX5DV_FLOW_ACTION_DEST_DEVX;
	act[0].obj = r.tir;
	act[1].type = MLX5DV_FLOW_ACTION_DROP;
	errno = 0;
	TEST_ASSERT(emu.dv_create_flow(m, mp(&val), 2, act) == NULL &&
			    errno == EINVAL,
		    "forward and drop");
	act[1].type = MLX5DV_FLOW_ACTION_DEFAULT_MISS;
	errno = 0;
	TEST_ASSERT(emu.dv_create_flow(m, mp(&val), 2, act) == NULL &&
			    errno == EOPNOTSUPP,
		    "default miss not modelled");
	act[0].type = MLX5DV_FLOW_ACTION_COUNTERS_DEVX;
	errno = 0;
	TEST_ASSERT(emu.dv_create_flow(m, mp(&val), 1, act) == NULL &&
			    errno == EINVAL,
		    "a TIR is no counter");
	TEST_ASSERT_EQ(send_dport(&r, 1, 2000, NULL), 0, "no rule left");
	TEST_ASSERT_EQ(emu.dv_matcher_destroy(m), 0, "destroy");
	drq_teardown(&r);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* ---- NIC TX (mlx5_ib's egress namespace) ------------------------------- */

/* Sends a UDP frame to dport through sq; the bytes that reached the
 * wire (0: none; they are in out[256]), or -1 when the WQE did not
 * complete. */
static int
sq_send_dport_out(struct emu_q *sq, struct ibv_mr *mr, uint8_t *frame,
		  uint16_t dport, uint8_t *out)
{
	size_t len =
		emu_frame_udp4(frame, (const uint8_t *)"\x02\x77\0\0\0\x01",
			       0x0a000001, 0x0a000002, 1000, dport, 18);

	emu_wqe_send(sq->buf, 1u << sq->log_sz, sq->qn, (uint16_t)sq->pi, frame,
		     (uint32_t)len, mr->lkey);
	sq->pi++;
	sq->dbr[MLX5X_SND_DBR] = htobe32(sq->pi);
	if (emu_q_poll_cqe(sq, 200) == NULL)
		return -1;
	return emu.capture_wire(0, out, 256);
}

static int
sq_send_dport(struct emu_q *sq, struct ibv_mr *mr, uint8_t *frame,
	      uint16_t dport)
{
	uint8_t out[256];

	return sq_send_dport_out(sq, mr, frame, dport, out);
}

static struct mlx5dv_devx_obj *
counter_alloc(struct emu_dev *d, uint32_t *id)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(alloc_flow_counter_in)] = { 0 };
	uint8_t out[16] = { 0 };
	struct mlx5dv_devx_obj *o;

	MLX5X_SET(alloc_flow_counter_in, in, opcode,
		  MLX5X_CMD_OP_ALLOC_FLOW_COUNTER);
	o = emu.obj_create(d->ctx, in, sizeof(in), out, sizeof(out));
	*id = MLX5X_GET(alloc_flow_counter_out, out, flow_counter_id);
	return o;
}

/* A DevX NIC TX table whose catch-all entry drops: the root, or a table
 * at level 1. */
static int
tx_table_drop(struct emu_dev *d, struct mlx5dv_devx_obj **o, bool root)
{
	uint8_t ft_in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t fg_in[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint8_t fte_in[MLX5X_ST_SZ_BYTES(set_fte_in)] = { 0 };
	uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
	uint8_t out[16] = { 0 };
	void *fc = MLX5X_ADDR_OF(set_fte_in, fte_in, flow_context);
	const uint32_t tx = MLX5X_FLOW_TABLE_TYPE_NIC_TX;
	uint32_t ftn, fgn;

	MLX5X_SET(create_flow_table_in, ft_in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, ft_in, table_type, tx);
	MLX5X_SET(flow_table_context,
		  MLX5X_ADDR_OF(create_flow_table_in, ft_in,
				flow_table_context),
		  level, root ? 0 : 1);
	o[0] = emu.obj_create(d->ctx, ft_in, sizeof(ft_in), out, sizeof(out));
	if (o[0] == NULL)
		return -1;
	ftn = MLX5X_GET(create_flow_table_out, out, table_id);
	MLX5X_SET(create_flow_group_in, fg_in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, fg_in, table_type, tx);
	MLX5X_SET(create_flow_group_in, fg_in, table_id, ftn);
	o[1] = emu.obj_create(d->ctx, fg_in, sizeof(fg_in), out, sizeof(out));
	if (o[1] == NULL)
		return -1;
	fgn = MLX5X_GET(create_flow_group_out, out, group_id);
	MLX5X_SET(set_fte_in, fte_in, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY);
	MLX5X_SET(set_fte_in, fte_in, table_type, tx);
	MLX5X_SET(set_fte_in, fte_in, table_id, ftn);
	MLX5X_SET(flow_context, fc, group_id, fgn);
	MLX5X_SET(flow_context, fc, action, MLX5X_FLOW_CONTEXT_ACTION_DROP);
	o[2] = emu.obj_create(d->ctx, fte_in, sizeof(fte_in), out, sizeof(out));
	if (o[2] == NULL)
		return -1;
	if (!root)
		return 0;
	MLX5X_SET(set_flow_table_root_in, rin, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, rin, table_type, tx);
	MLX5X_SET(set_flow_table_root_in, rin, table_id, ftn);
	return emu_cmd(d, rin, sizeof(rin), out, sizeof(out));
}

/* DV flows on NIC TX (ft_type NIC_TX, mlx5_ib's egress namespace): a
 * drop flow drops and counts what a DevX SQ sends to UDP 2000; a flow with
 * a counter and no destination counts UDP 2001 and lets it go to the
 * port; a flow to a DevX NIC TX table hands UDP 2004 to it (it drops);
 * other frames miss. Kernel-managed rules come before the DevX NIC TX
 * root (whose catch-all drops). A TIR, a QP or a NIC RX table as
 * destination is EINVAL, as mlx5_ib answers. */
static int
test_dv_flow_nic_tx(void)
{
	struct mlx5dv_flow_matcher_attr ma = { 0 };
	struct mlx5dv_flow_action_attr act[2];
	struct mlx5dv_devx_obj *c0, *c1, *root[3] = { NULL, NULL, NULL };
	struct mlx5dv_devx_obj *rxt[3] = { NULL, NULL, NULL };
	struct mlx5dv_devx_obj *txt[3] = { NULL, NULL, NULL };
	struct ibv_qp_init_attr ia = { 0 };
	struct mlx5dv_flow_matcher *m;
	struct ibv_flow *fd, *fc, *fj;
	struct match mask, val;
	uint8_t frame[128];
	struct ibv_qp *qp;
	struct ibv_cq *cq;
	struct ibv_mr *mr;
	struct emu_q sq;
	struct emu_dev d;
	struct drq r;
	uint32_t id0, id1;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0 &&
			    emu_q_modify(&sq, 0, 1) == 0,
		    "DevX SQ");
	mr = emu.reg_mr(d.pd, frame, sizeof(frame), 0);
	TEST_ASSERT(mr != NULL, "mr");
	c0 = counter_alloc(&d, &id0);
	c1 = counter_alloc(&d, &id1);
	TEST_ASSERT(c0 != NULL && c1 != NULL, "flow counters");

	udp_dport(&mask, true, 0);
	ma.type = IBV_FLOW_ATTR_NORMAL;
	ma.match_criteria_enable = MLX5X_MATCH_OUTER_HEADERS;
	ma.match_mask = mp(&mask);
	ma.comp_mask = MLX5DV_FLOW_MATCHER_MASK_FT_TYPE;
	ma.ft_type = MLX5DV_FLOW_TABLE_TYPE_NIC_TX;
	m = emu.dv_matcher_create(d.ctx, &ma);
	TEST_ASSERT(m != NULL, "NIC TX matcher");

	/* Refusals first: nothing of them may stay installed. */
	TEST_ASSERT(drq_setup(&d, &r) == 0, "RQ and TIR");
	udp_dport(&val, false, 2000);
	act[0].type = MLX5DV_FLOW_ACTION_DEST_DEVX;
	act[0].obj = r.tir;
	errno = 0;
	TEST_ASSERT(emu.dv_create_flow(m, mp(&val), 1, act) == NULL &&
			    errno == EINVAL,
		    "a TIR is no egress destination");
	TEST_ASSERT(table_to_tir(&d, r.tirn, rxt) == 0, "a NIC RX table");
	act[0].obj = rxt[0];
	errno = 0;
	TEST_ASSERT(emu.dv_create_flow(m, mp(&val), 1, act) == NULL &&
			    errno == EINVAL,
		    "a NIC RX table is no egress destination");
	cq = emu.create_cq(d.ctx, 15, NULL, NULL, 0);
	TEST_ASSERT(cq != NULL, "CQ");
	ia.qp_type = IBV_QPT_RAW_PACKET;
	ia.send_cq = cq;
	ia.recv_cq = cq;
	ia.cap.max_send_wr = 4;
	ia.cap.max_send_sge = 1;
	qp = emu.create_qp(d.pd, &ia);
	TEST_ASSERT(qp != NULL, "raw packet QP");
	act[0].type = MLX5DV_FLOW_ACTION_DEST_IBV_QP;
	act[0].qp = qp;
	errno = 0;
	TEST_ASSERT(emu.dv_create_flow(m, mp(&val), 1, act) == NULL &&
			    errno == EINVAL,
		    "a QP is no egress destination");

	act[0].type = MLX5DV_FLOW_ACTION_DROP;
	act[1].type = MLX5DV_FLOW_ACTION_COUNTERS_DEVX;
	act[1].obj = c0;
	fd = emu.dv_create_flow(m, mp(&val), 2, act);
	TEST_ASSERT(fd != NULL, "UDP 2000: drop, count");
	udp_dport(&val, false, 2001);
	act[0].type = MLX5DV_FLOW_ACTION_COUNTERS_DEVX;
	act[0].obj = c1;
	fc = emu.dv_create_flow(m, mp(&val), 1, act);
	TEST_ASSERT(fc != NULL, "UDP 2001: count, to the port");

	TEST_ASSERT_EQ(tx_table_drop(&d, txt, false), 0,
		       "a DevX NIC TX table that drops");
	udp_dport(&val, false, 2004);
	act[0].type = MLX5DV_FLOW_ACTION_DEST_DEVX;
	act[0].obj = txt[0];
	fj = emu.dv_create_flow(m, mp(&val), 1, act);
	TEST_ASSERT(fj != NULL, "UDP 2004: to the NIC TX table");
	TEST_ASSERT_EQ(sq_send_dport(&sq, mr, frame, 2004), 0,
		       "2004 dropped by the table");
	TEST_ASSERT_EQ(emu.obj_destroy(txt[0]), EBUSY,
		       "a table a flow goes to stays");
	TEST_ASSERT_EQ(ibv_destroy_flow(fj), 0, "destroy");
	TEST_ASSERT_EQ(sq_send_dport(&sq, mr, frame, 2004), 60,
		       "2004 on the wire without the flow");
	emu.obj_destroy(txt[2]);
	emu.obj_destroy(txt[1]);
	TEST_ASSERT_EQ(emu.obj_destroy(txt[0]), 0, "destroy the table");
	TEST_ASSERT_EQ(sq_send_dport(&sq, mr, frame, 2000), 0, "2000 dropped");
	TEST_ASSERT_EQ(sq_send_dport(&sq, mr, frame, 2001), 60,
		       "2001 on the wire");
	TEST_ASSERT_EQ(sq_send_dport(&sq, mr, frame, 2002), 60,
		       "2002 misses, on the wire");
	TEST_ASSERT_EQ(emu_counter_packets(&d, id0), 1, "drop flow counted");
	TEST_ASSERT_EQ(emu_counter_packets(&d, id1), 1, "count flow counted");

	TEST_ASSERT_EQ(tx_table_drop(&d, root, true), 0,
		       "DevX NIC TX root drops");
	TEST_ASSERT_EQ(sq_send_dport(&sq, mr, frame, 2001), 60,
		       "the DV flow decides before the root");
	TEST_ASSERT_EQ(sq_send_dport(&sq, mr, frame, 2002), 0,
		       "a miss meets the root's drop");
	TEST_ASSERT_EQ(emu_counter_packets(&d, id1), 2, "counted again");

	TEST_ASSERT_EQ(emu.dv_matcher_destroy(m), EBUSY, "matcher in use");
	TEST_ASSERT_EQ(ibv_destroy_flow(fd), 0, "destroy drop flow");
	TEST_ASSERT_EQ(ibv_destroy_flow(fc), 0, "destroy count flow");
	TEST_ASSERT_EQ(emu.dv_matcher_destroy(m), 0, "destroy matcher");
	TEST_ASSERT_EQ(sq_send_dport(&sq, mr, frame, 2001), 0,
		       "no DV flow: the root drops 2001 too");
	{
		uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
		uint8_t out[16];

		MLX5X_SET(set_flow_table_root_in, rin, opcode,
			  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
		MLX5X_SET(set_flow_table_root_in, rin, op_mod, 1);
		MLX5X_SET(set_flow_table_root_in, rin, table_type,
			  MLX5X_FLOW_TABLE_TYPE_NIC_TX);
		TEST_ASSERT_EQ(emu_cmd(&d, rin, sizeof(rin), out, sizeof(out)),
			       0, "disconnect the root");
	}
	emu.obj_destroy(root[2]);
	emu.obj_destroy(root[1]);
	emu.obj_destroy(root[0]);
	TEST_ASSERT_EQ(emu.destroy_qp(qp), 0, "destroy QP");
	TEST_ASSERT_EQ(emu.destroy_cq(cq), 0, "destroy CQ");
	emu.obj_destroy(rxt[2]);
	emu.obj_destroy(rxt[1]);
	emu.obj_destroy(rxt[0]);
	drq_teardown(&r);
	emu.obj_destroy(c1);
	emu.obj_destroy(c0);
	emu.dereg_mr(mr);
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* A modify-header flow action of one set action on a field's low bits. */
static struct ibv_flow_action *
mh_action(struct emu_dev *d, uint32_t field, uint32_t len, uint32_t value,
	  enum mlx5dv_flow_table_type ft)
{
	uint64_t a = 0;

	MLX5X_SET(set_action_in, &a, action_type, MLX5X_ACTION_TYPE_SET);
	MLX5X_SET(set_action_in, &a, field, field);
	MLX5X_SET(set_action_in, &a, length, len);
	MLX5X_SET(set_action_in, &a, data, value);
	return emu.dv_flow_action_mh(d->ctx, sizeof(a), &a, ft);
}

/* Modify-header flow actions on DV flows: on NIC TX the frame leaves
 * rewritten (destination MAC low 16 bits); on NIC RX the entry's reg_b
 * reaches the CQE (flow_table_metadata). An action made for the other
 * table type is EINVAL; an action a flow holds cannot be destroyed. */
static int
test_dv_flow_modify_header(void)
{
	struct mlx5dv_flow_matcher_attr ma = { 0 };
	struct mlx5dv_flow_action_attr act[2];
	struct ibv_flow_action *mtx, *mrx;
	struct mlx5dv_flow_matcher *mt, *mr_;
	struct ibv_flow *ft, *fr;
	struct match mask, val;
	uint8_t frame[128], out[256];
	struct mlx5_cqe64 *cqe;
	struct ibv_mr *mr;
	struct emu_q sq;
	struct emu_dev d;
	struct drq r;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0 &&
			    emu_q_modify(&sq, 0, 1) == 0,
		    "DevX SQ");
	TEST_ASSERT(drq_setup(&d, &r) == 0, "RQ and TIR");
	mr = emu.reg_mr(d.pd, frame, sizeof(frame), 0);
	TEST_ASSERT(mr != NULL, "mr");
	mtx = mh_action(&d, MLX5X_ACTION_IN_FIELD_OUT_DMAC_15_0, 16, 0xbeef,
			MLX5DV_FLOW_TABLE_TYPE_NIC_TX);
	mrx = mh_action(&d, MLX5X_ACTION_IN_FIELD_METADATA_REG_B, 0, 0x1234,
			MLX5DV_FLOW_TABLE_TYPE_NIC_RX);
	TEST_ASSERT(mtx != NULL && mrx != NULL, "NIC TX and NIC RX actions");
	errno = 0;
	TEST_ASSERT(mh_action(&d, 0x7fff, 16, 1,
			      MLX5DV_FLOW_TABLE_TYPE_NIC_TX) == NULL &&
			    errno == EINVAL,
		    "an unknown field is refused");

	udp_dport(&mask, true, 0);
	ma.type = IBV_FLOW_ATTR_NORMAL;
	ma.match_criteria_enable = MLX5X_MATCH_OUTER_HEADERS;
	ma.match_mask = mp(&mask);
	ma.comp_mask = MLX5DV_FLOW_MATCHER_MASK_FT_TYPE;
	ma.ft_type = MLX5DV_FLOW_TABLE_TYPE_NIC_TX;
	mt = emu.dv_matcher_create(d.ctx, &ma);
	ma.ft_type = MLX5DV_FLOW_TABLE_TYPE_NIC_RX;
	mr_ = emu.dv_matcher_create(d.ctx, &ma);
	TEST_ASSERT(mt != NULL && mr_ != NULL, "matchers");
	udp_dport(&val, false, 2003);
	act[0].type = MLX5DV_FLOW_ACTION_IBV_FLOW_ACTION;
	act[0].action = mrx;
	errno = 0;
	TEST_ASSERT(emu.dv_create_flow(mt, mp(&val), 1, act) == NULL &&
			    errno == EINVAL,
		    "a NIC RX action on a NIC TX flow");
	act[0].action = mtx;
	ft = emu.dv_create_flow(mt, mp(&val), 1, act);
	TEST_ASSERT(ft != NULL, "NIC TX: UDP 2003 rewritten");
	act[0].action = mrx;
	act[1].type = MLX5DV_FLOW_ACTION_DEST_DEVX;
	act[1].obj = r.tir;
	fr = emu.dv_create_flow(mr_, mp(&val), 2, act);
	TEST_ASSERT(fr != NULL, "NIC RX: UDP 2003 sets reg_b, to the TIR");

	len = emu_frame_udp4(frame, pf_mac, 0x0a000001, 0x0a000002, 1000, 2003,
			     18);
	emu_wqe_send(sq.buf, 1u << sq.log_sz, sq.qn, 0, frame, (uint32_t)len,
		     mr->lkey);
	sq.dbr[MLX5X_SND_DBR] = htobe32(1);
	TEST_ASSERT(emu_q_poll_cqe(&sq, 200) != NULL, "sent");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), (int)len,
		       "on the wire");
	TEST_ASSERT(out[4] == 0xbe && out[5] == 0xef &&
			    memcmp(out, frame, 4) == 0 &&
			    memcmp(out + 6, frame + 6, len - 6) == 0,
		    "destination MAC low bits rewritten, nothing else");
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends");
	cqe = emu_q_poll_cqe(&r.q, 100);
	TEST_ASSERT(cqe != NULL, "received");
	TEST_ASSERT_EQ(be32toh(cqe->imm_inval_pkey), 0x1234,
		       "reg_b as flow_table_metadata");

	TEST_ASSERT_EQ(ibv_destroy_flow_action(mtx), EBUSY, "held by a flow");
	TEST_ASSERT_EQ(ibv_destroy_flow(ft), 0, "destroy TX flow");
	TEST_ASSERT_EQ(ibv_destroy_flow(fr), 0, "destroy RX flow");
	TEST_ASSERT_EQ(ibv_destroy_flow_action(mtx), 0, "destroy TX action");
	TEST_ASSERT_EQ(ibv_destroy_flow_action(mrx), 0, "destroy RX action");
	TEST_ASSERT_EQ(emu.dv_matcher_destroy(mt), 0, "destroy");
	TEST_ASSERT_EQ(emu.dv_matcher_destroy(mr_), 0, "destroy");
	emu.dereg_mr(mr);
	drq_teardown(&r);
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Packet reformat flow actions: a NIC TX flow encapsulates what an SQ
 * sends to UDP 2005 in VXLAN (L2_TO_L2_TUNNEL; the adapter fills the
 * outer lengths); that frame, back from the wire, meets a NIC RX flow on
 * UDP 4789 that decapsulates it (L2_TUNNEL_TO_L2) to a TIR: the RQ gets
 * the frame the SQ sent. mlx5_ib's table rules: encap only on NIC TX,
 * decap only on NIC RX (EOPNOTSUPP), decap takes no data (EINVAL); a
 * held context cannot be destroyed. */
static int
test_dv_flow_packet_reformat(void)
{
	const int l2tun =
		MLX5DV_FLOW_ACTION_PACKET_REFORMAT_TYPE_L2_TO_L2_TUNNEL;
	const int decap =
		MLX5DV_FLOW_ACTION_PACKET_REFORMAT_TYPE_L2_TUNNEL_TO_L2;
	struct mlx5dv_flow_matcher_attr ma = { 0 };
	struct mlx5dv_flow_action_attr act[2];
	struct mlx5dv_flow_matcher *mt, *mr_;
	struct ibv_flow_action *enc, *dec;
	uint8_t frame[128], out[256], vx[50] = { 0 };
	struct ibv_flow *ft, *fr;
	struct match mask, val;
	struct mlx5_cqe64 *cqe;
	struct ibv_mr *mr;
	struct emu_q sq;
	struct emu_dev d;
	struct drq r;
	size_t len;
	int got;

	/* Outer Ethernet, IPv4 (lengths and checksum left to the adapter),
	 * UDP to 4789 (source port 0: the adapter's entropy), VXLAN. */
	memcpy(vx, pf_mac, 6);
	memcpy(vx + 6, "\x02\x77\0\0\0\x01", 6);
	vx[12] = 0x08;
	vx[14] = 0x45;
	vx[22] = 64;
	vx[23] = 17;
	memcpy(vx + 26, "\x0a\x00\x00\x09\x0a\x00\x00\x0a", 8);
	vx[36] = 4789 >> 8;
	vx[37] = 4789 & 0xff;
	vx[42] = 0x08;
	vx[46] = 0x42;
	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0 &&
			    emu_q_modify(&sq, 0, 1) == 0,
		    "DevX SQ");
	TEST_ASSERT(drq_setup(&d, &r) == 0, "RQ and TIR");
	mr = emu.reg_mr(d.pd, frame, sizeof(frame), 0);
	TEST_ASSERT(mr != NULL, "mr");
	errno = 0;
	TEST_ASSERT(emu.dv_flow_action_rf(d.ctx, sizeof(vx), vx, l2tun,
					  MLX5DV_FLOW_TABLE_TYPE_NIC_RX) ==
				    NULL &&
			    errno == EOPNOTSUPP,
		    "no encap on NIC RX");
	errno = 0;
	TEST_ASSERT(emu.dv_flow_action_rf(d.ctx, 0, NULL, decap,
					  MLX5DV_FLOW_TABLE_TYPE_NIC_TX) ==
				    NULL &&
			    errno == EOPNOTSUPP,
		    "no decap on NIC TX");
	errno = 0;
	TEST_ASSERT(emu.dv_flow_action_rf(d.ctx, sizeof(vx), vx, decap,
					  MLX5DV_FLOW_TABLE_TYPE_NIC_RX) ==
				    NULL &&
			    errno == EINVAL,
		    "decap takes no data");
	enc = emu.dv_flow_action_rf(d.ctx, sizeof(vx), vx, l2tun,
				    MLX5DV_FLOW_TABLE_TYPE_NIC_TX);
	dec = emu.dv_flow_action_rf(d.ctx, 0, NULL, decap,
				    MLX5DV_FLOW_TABLE_TYPE_NIC_RX);
	TEST_ASSERT(enc != NULL && dec != NULL, "encap and decap actions");

	udp_dport(&mask, true, 0);
	ma.type = IBV_FLOW_ATTR_NORMAL;
	ma.match_criteria_enable = MLX5X_MATCH_OUTER_HEADERS;
	ma.match_mask = mp(&mask);
	ma.comp_mask = MLX5DV_FLOW_MATCHER_MASK_FT_TYPE;
	ma.ft_type = MLX5DV_FLOW_TABLE_TYPE_NIC_TX;
	mt = emu.dv_matcher_create(d.ctx, &ma);
	ma.ft_type = MLX5DV_FLOW_TABLE_TYPE_NIC_RX;
	mr_ = emu.dv_matcher_create(d.ctx, &ma);
	TEST_ASSERT(mt != NULL && mr_ != NULL, "matchers");
	udp_dport(&val, false, 2005);
	act[0].type = MLX5DV_FLOW_ACTION_IBV_FLOW_ACTION;
	act[0].action = enc;
	ft = emu.dv_create_flow(mt, mp(&val), 1, act);
	TEST_ASSERT(ft != NULL, "NIC TX: UDP 2005 encapsulated");
	udp_dport(&val, false, 4789);
	act[0].action = dec;
	act[1].type = MLX5DV_FLOW_ACTION_DEST_DEVX;
	act[1].obj = r.tir;
	fr = emu.dv_create_flow(mr_, mp(&val), 2, act);
	TEST_ASSERT(fr != NULL, "NIC RX: VXLAN decapsulated to the TIR");

	len = emu_frame_udp4(frame, pf_mac, 0x0a000001, 0x0a000002, 1000, 2005,
			     18);
	emu_wqe_send(sq.buf, 1u << sq.log_sz, sq.qn, 0, frame, (uint32_t)len,
		     mr->lkey);
	sq.dbr[MLX5X_SND_DBR] = htobe32(1);
	TEST_ASSERT(emu_q_poll_cqe(&sq, 200) != NULL, "sent");
	got = emu.capture_wire(0, out, sizeof(out));
	TEST_ASSERT_EQ(got, (int)(sizeof(vx) + len), "encapsulated");
	TEST_ASSERT(memcmp(out, vx, 14) == 0 &&
			    memcmp(out + sizeof(vx), frame, len) == 0,
		    "the header in front of the frame");
	TEST_ASSERT(out[36] == vx[36] && out[37] == vx[37],
		    "to the VXLAN port");
	TEST_ASSERT_EQ(emu.inject_wire(0, out, (size_t)got), 0, "back in");
	cqe = emu_q_poll_cqe(&r.q, 100);
	TEST_ASSERT(cqe != NULL, "received");
	TEST_ASSERT_EQ(be32toh(cqe->byte_cnt), len, "the inner frame");
	TEST_ASSERT(memcmp(r.mem, frame, len) == 0, "as the SQ sent it");

	TEST_ASSERT_EQ(ibv_destroy_flow_action(enc), EBUSY, "held by a flow");
	TEST_ASSERT_EQ(ibv_destroy_flow(ft), 0, "destroy TX flow");
	TEST_ASSERT_EQ(ibv_destroy_flow(fr), 0, "destroy RX flow");
	TEST_ASSERT_EQ(ibv_destroy_flow_action(enc), 0, "destroy encap");
	TEST_ASSERT_EQ(ibv_destroy_flow_action(dec), 0, "destroy decap");
	TEST_ASSERT_EQ(emu.dv_matcher_destroy(mt), 0, "destroy");
	TEST_ASSERT_EQ(emu.dv_matcher_destroy(mr_), 0, "destroy");
	emu.dereg_mr(mr);
	drq_teardown(&r);
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* ---- a rewrite, then a miss ------------------------------------------- */

/*
 * NIC RX: a DV flow at priority 0 rewrites UDP 2010's destination MAC and
 * reg_b and hands it to a DevX table with no entry and no miss table; a
 * flow at priority 1 would take every UDP 2010 frame to RQ 1. The DevX
 * table's default miss ends the frame (NIC RX's default drops; mlx5_ib
 * chains only its own tables): no RQ gets it, the port counts it dropped,
 * and no next priority sees it, neither as rewritten nor as it came. The
 * same flow to a DevX table whose misses go to a level-2 table that
 * forwards everything to RQ 2: RQ 2 gets the frame as rewritten, reg_b in
 * its CQE's flow_table_metadata.
 */
static int
test_dv_flow_rewrite_then_table_miss(void)
{
	struct mlx5dv_devx_obj *empty, *via, *u[3] = { NULL, NULL, NULL };
	struct mlx5dv_flow_matcher_attr ma = { 0 };
	struct mlx5dv_flow_action_attr act[2];
	struct mlx5x_emu_counters c0, c1;
	struct mlx5dv_flow_matcher *m0, *m1;
	struct ibv_flow *f0, *f1;
	struct ibv_flow_action *mh;
	struct match mask, val;
	struct mlx5_cqe64 *cqe;
	uint8_t frame[128];
	struct drq r[3];
	struct emu_dev d;
	uint32_t uid;
	size_t len;
	int i;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	for (i = 0; i < 3; i++)
		TEST_ASSERT(drq_setup(&d, &r[i]) == 0, "RQ %d and its TIR", i);
	mh = emu_mh_dmac_regb(&d, 0x5a5a5a5a, MLX5DV_FLOW_TABLE_TYPE_NIC_RX);
	TEST_ASSERT(mh != NULL, "modify-header action");
	TEST_ASSERT(emu_nic_rx_table(&d, 1, 0, &empty) != 0,
		    "a level-1 table without entries");

	udp_dport(&mask, true, 0);
	ma.type = IBV_FLOW_ATTR_NORMAL;
	ma.match_criteria_enable = MLX5X_MATCH_OUTER_HEADERS;
	ma.match_mask = mp(&mask);
	m0 = emu.dv_matcher_create(d.ctx, &ma);
	ma.priority = 1;
	m1 = emu.dv_matcher_create(d.ctx, &ma);
	TEST_ASSERT(m0 != NULL && m1 != NULL, "matchers, priorities 0 and 1");
	udp_dport(&val, false, 2010);
	act[0].type = MLX5DV_FLOW_ACTION_DEST_DEVX;
	act[0].obj = r[1].tir;
	f1 = emu.dv_create_flow(m1, mp(&val), 1, act);
	TEST_ASSERT(f1 != NULL, "priority 1: UDP 2010 to RQ 1");
	act[0].type = MLX5DV_FLOW_ACTION_IBV_FLOW_ACTION;
	act[0].action = mh;
	act[1].type = MLX5DV_FLOW_ACTION_DEST_DEVX;
	act[1].obj = empty;
	f0 = emu.dv_create_flow(m0, mp(&val), 2, act);
	TEST_ASSERT(f0 != NULL, "priority 0: rewrite, to the empty table");

	len = emu_frame_udp4(frame, pf_mac, 0x0a000001, 0x0a000002, 1000, 2010,
			     18);
	TEST_ASSERT_EQ(emu.counters(0, 0, &c0), 0, "counters");
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends");
	for (i = 0; i < 3; i++)
		TEST_ASSERT(emu_q_poll_cqe(&r[i].q, i == 1 ? 50 : 0) == NULL,
			    "RQ %d gets nothing: the table's miss drops", i);
	TEST_ASSERT_EQ(emu.counters(0, 0, &c1), 0, "counters");
	TEST_ASSERT_EQ(c1.rx_dropped, c0.rx_dropped + 1, "counted dropped");
	TEST_ASSERT_EQ(ibv_destroy_flow(f0), 0, "destroy");
	TEST_ASSERT_EQ(send_dport(r, 3, 2010, NULL), 2,
		       "without the rewriting flow priority 1 takes it");

	TEST_ASSERT_EQ(table_to_tir_at(&d, 2, r[2].tirn, u, &uid), 0,
		       "level 2 to RQ 2");
	TEST_ASSERT(emu_nic_rx_table(&d, 1, uid, &via) != 0,
		    "a level-1 table without entries missing to level 2");
	act[1].obj = via;
	f0 = emu.dv_create_flow(m0, mp(&val), 2, act);
	TEST_ASSERT(f0 != NULL, "priority 0: rewrite, to the missing table");
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends");
	cqe = emu_q_poll_cqe(&r[2].q, 50);
	TEST_ASSERT(cqe != NULL, "RQ 2 by the miss to level 2");
	TEST_ASSERT_EQ(be32toh(cqe->byte_cnt), len, "length");
	TEST_ASSERT(memcmp(r[2].mem, emu_beef_mac, 6) == 0 &&
			    memcmp(r[2].mem + 6, frame + 6, len - 6) == 0,
		    "as the priority-0 flow rewrote it");
	TEST_ASSERT_EQ(be32toh(cqe->imm_inval_pkey), 0x5a5a5a5au,
		       "its reg_b in flow_table_metadata");
	TEST_ASSERT(emu_q_poll_cqe(&r[1].q, 0) == NULL, "nothing at RQ 1");

	TEST_ASSERT_EQ(ibv_destroy_flow(f0), 0, "destroy");
	TEST_ASSERT_EQ(ibv_destroy_flow(f1), 0, "destroy");
	TEST_ASSERT_EQ(ibv_destroy_flow_action(mh), 0, "destroy action");
	TEST_ASSERT_EQ(emu.dv_matcher_destroy(m0), 0, "destroy matcher");
	TEST_ASSERT_EQ(emu.dv_matcher_destroy(m1), 0, "destroy matcher");
	emu.obj_destroy(via);
	emu.obj_destroy(u[2]);
	emu.obj_destroy(u[1]);
	emu.obj_destroy(u[0]);
	emu.obj_destroy(empty);
	for (i = 2; i >= 0; i--)
		drq_teardown(&r[i]);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/*
 * NIC TX: a DV flow at priority 0 rewrites UDP 2006's destination MAC and
 * hands it to a DevX NIC TX table with no entry; a flow at priority 1
 * drops UDP 2006, and the DevX NIC TX root drops everything. The table's
 * default miss lets the frame go to the port (NIC TX's default allows):
 * the wire gets it as rewritten, past the later flow and the root.
 */
static int
test_dv_flow_nic_tx_rewrite_then_table_miss(void)
{
	uint8_t ft_in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	struct mlx5dv_devx_obj *empty, *root[3] = { NULL, NULL, NULL };
	struct mlx5dv_flow_matcher_attr ma = { 0 };
	struct mlx5dv_flow_action_attr act[2];
	struct mlx5dv_flow_matcher *m0, *m1;
	uint8_t frame[128], out[256];
	struct ibv_flow_action *mh;
	struct ibv_flow *f0, *f1;
	struct match mask, val;
	struct ibv_mr *mr;
	struct emu_q sq;
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0 &&
			    emu_q_modify(&sq, 0, 1) == 0,
		    "DevX SQ");
	mr = emu.reg_mr(d.pd, frame, sizeof(frame), 0);
	TEST_ASSERT(mr != NULL, "mr");
	mh = mh_action(&d, MLX5X_ACTION_IN_FIELD_OUT_DMAC_15_0, 16, 0xbeef,
		       MLX5DV_FLOW_TABLE_TYPE_NIC_TX);
	TEST_ASSERT(mh != NULL, "NIC TX modify-header action");
	MLX5X_SET(create_flow_table_in, ft_in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, ft_in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_TX);
	MLX5X_SET(flow_table_context,
		  MLX5X_ADDR_OF(create_flow_table_in, ft_in,
				flow_table_context),
		  level, 1);
	TEST_ASSERT(emu_obj_id(&d, ft_in, sizeof(ft_in), &empty) != 0,
		    "a NIC TX table without entries");
	TEST_ASSERT_EQ(tx_table_drop(&d, root, true), 0,
		       "DevX NIC TX root drops");

	udp_dport(&mask, true, 0);
	ma.type = IBV_FLOW_ATTR_NORMAL;
	ma.match_criteria_enable = MLX5X_MATCH_OUTER_HEADERS;
	ma.match_mask = mp(&mask);
	ma.comp_mask = MLX5DV_FLOW_MATCHER_MASK_FT_TYPE;
	ma.ft_type = MLX5DV_FLOW_TABLE_TYPE_NIC_TX;
	m0 = emu.dv_matcher_create(d.ctx, &ma);
	ma.priority = 1;
	m1 = emu.dv_matcher_create(d.ctx, &ma);
	TEST_ASSERT(m0 != NULL && m1 != NULL, "matchers, priorities 0 and 1");
	udp_dport(&val, false, 2006);
	act[0].type = MLX5DV_FLOW_ACTION_DROP;
	f1 = emu.dv_create_flow(m1, mp(&val), 1, act);
	TEST_ASSERT(f1 != NULL, "priority 1: UDP 2006 dropped");
	TEST_ASSERT_EQ(sq_send_dport(&sq, mr, frame, 2006), 0,
		       "dropped by priority 1");
	act[0].type = MLX5DV_FLOW_ACTION_IBV_FLOW_ACTION;
	act[0].action = mh;
	act[1].type = MLX5DV_FLOW_ACTION_DEST_DEVX;
	act[1].obj = empty;
	f0 = emu.dv_create_flow(m0, mp(&val), 2, act);
	TEST_ASSERT(f0 != NULL, "priority 0: rewrite, to the empty table");
	TEST_ASSERT_EQ(sq_send_dport_out(&sq, mr, frame, 2006, out), 60,
		       "the table's miss lets it go to the port");
	TEST_ASSERT(memcmp(out, frame, 4) == 0 && out[4] == 0xbe &&
			    out[5] == 0xef &&
			    memcmp(out + 6, frame + 6, 60 - 6) == 0,
		    "as the priority-0 flow rewrote it");
	TEST_ASSERT_EQ(sq_send_dport(&sq, mr, frame, 2007), 0,
		       "another port meets the root's drop");

	TEST_ASSERT_EQ(ibv_destroy_flow(f0), 0, "destroy");
	TEST_ASSERT_EQ(ibv_destroy_flow(f1), 0, "destroy");
	TEST_ASSERT_EQ(ibv_destroy_flow_action(mh), 0, "destroy action");
	TEST_ASSERT_EQ(emu.dv_matcher_destroy(m0), 0, "destroy matcher");
	TEST_ASSERT_EQ(emu.dv_matcher_destroy(m1), 0, "destroy matcher");
	{
		uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };

		MLX5X_SET(set_flow_table_root_in, rin, opcode,
			  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
		MLX5X_SET(set_flow_table_root_in, rin, op_mod, 1);
		MLX5X_SET(set_flow_table_root_in, rin, table_type,
			  MLX5X_FLOW_TABLE_TYPE_NIC_TX);
		TEST_ASSERT_EQ(emu_cmd(&d, rin, sizeof(rin), out, 16), 0,
			       "disconnect the root");
	}
	emu.obj_destroy(root[2]);
	emu.obj_destroy(root[1]);
	emu.obj_destroy(root[0]);
	emu.obj_destroy(empty);
	emu.dereg_mr(mr);
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_dv_flow_suite, "emu_dv_flow", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_dv_flow_steers_counts_drops),
		 MLX5X_TEST_CASE(test_dv_flow_bad_attributes),
		 MLX5X_TEST_CASE(test_dv_flow_nic_tx),
		 MLX5X_TEST_CASE(test_dv_flow_modify_header),
		 MLX5X_TEST_CASE(test_dv_flow_packet_reformat),
		 MLX5X_TEST_CASE(test_dv_flow_rewrite_then_table_miss),
		 MLX5X_TEST_CASE(test_dv_flow_nic_tx_rewrite_then_table_miss))
