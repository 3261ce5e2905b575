/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, Direct Rules on the steering model: a level-0 table is
 * the NIC RX root; matchers take effect by priority, not creation order; a
 * rule jumps to a level-1 table whose rule pops the VLAN, tags, counts and
 * lands on a TIR; a catch-all of lower priority drops.
 */
#include <endian.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

struct match {
	struct mlx5dv_flow_match_parameters p;
	uint64_t buf[512 / 8]; /* fte_match_param */
};

static void
match_dmac(struct match *m, const uint8_t *mac)
{
	memset(m, 0, sizeof(*m));
	m->p.match_sz = sizeof(m->buf);
	memcpy(MLX5X_ADDR_OF(fte_match_param, m->buf, outer_headers.dmac_47_16),
	       mac, 6);
}

static int
test_dr_tables_matchers_actions(void)
{
	static const uint8_t mac_x[6] = { 0x02, 0, 0, 0, 0, 0x0a };
	static const uint8_t mac_y[6] = { 0x02, 0, 0, 0, 0, 0x0b };
	static const uint8_t ones[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t tin[MLX5X_ST_SZ_BYTES(create_tir_in)] = { 0 };
	uint8_t cin[MLX5X_ST_SZ_BYTES(alloc_flow_counter_in)] = { 0 };
	uint8_t qin[MLX5X_ST_SZ_BYTES(query_flow_counter_in)] = { 0 };
	uint8_t qout[MLX5X_ST_SZ_BYTES(query_flow_counter_out) + 16];
	uint8_t out[16], frame[160], tagged[164];
	struct mlx5dv_dr_action *a_jump, *a_tir, *a_tag, *a_cnt, *a_pop,
		*a_drop;
	struct mlx5dv_dr_matcher *m_all, *m_dmac, *m_l1;
	struct mlx5dv_dr_rule *r_drop, *r_x, *r_l1;
	struct mlx5dv_dr_table *t0, *t1;
	struct mlx5dv_dr_domain *dmn;
	struct mlx5dv_devx_obj *tir, *cnt;
	struct mlx5dv_dr_action *acts[4];
	struct mlx5_cqe64 *cqe;
	struct match mask, val;
	struct emu_dev d;
	struct emu_q rq;
	struct ibv_mr *mr;
	uint8_t *mem;
	size_t len;
	uint32_t cnt_id;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &rq, false, 3, 4) == 0, "rq");
	mem = calloc(8, 2048);
	mr = emu.reg_mr(d.pd, mem, 8 * 2048, IBV_ACCESS_LOCAL_WRITE);
	emu_rq_post(&rq, mem, mr->lkey, 8, 2048);
	TEST_ASSERT_EQ(emu_q_modify(&rq, 0, 1), 0, "rq ready");
	MLX5X_SET(create_tir_in, tin, opcode, MLX5X_CMD_OP_CREATE_TIR);
	MLX5X_SET(tirc, MLX5X_ADDR_OF(create_tir_in, tin, ctx), inline_rqn,
		  rq.qn);
	MLX5X_SET(tirc, MLX5X_ADDR_OF(create_tir_in, tin, ctx),
		  transport_domain, d.tdn);
	tir = emu.obj_create(d.ctx, tin, sizeof(tin), out, sizeof(out));
	MLX5X_SET(alloc_flow_counter_in, cin, opcode,
		  MLX5X_CMD_OP_ALLOC_FLOW_COUNTER);
	cnt = emu.obj_create(d.ctx, cin, sizeof(cin), out, sizeof(out));
	cnt_id = MLX5X_GET(alloc_flow_counter_out, out, flow_counter_id);
	TEST_ASSERT(tir != NULL && cnt != NULL, "TIR and counter");

	dmn = emu.dr_domain_create(d.ctx, MLX5DV_DR_DOMAIN_TYPE_NIC_RX);
	TEST_ASSERT(dmn != NULL, "NIC RX domain");
	t0 = emu.dr_table_create(dmn, 0);
	t1 = emu.dr_table_create(dmn, 1);
	TEST_ASSERT(t0 != NULL && t1 != NULL, "root and level 1 tables");
	a_jump = emu.dr_action_dest_table(t1);
	a_tir = emu.dr_action_dest_tir(tir);
	a_tag = emu.dr_action_tag(0x55);
	a_cnt = emu.dr_action_counter(cnt, 0);
	a_pop = emu.dr_action_pop_vlan();
	a_drop = emu.dr_action_drop();
	TEST_ASSERT(a_jump && a_tir && a_tag && a_cnt && a_pop && a_drop,
		    "actions");
	TEST_ASSERT(emu.dr_action_tag(0x1000000) == NULL, "tags are 24 bits");

	/* Catch-all drop first, at priority 1; the dmac matcher comes later at
	 * priority 0 and must still be tried first. */
	memset(&mask, 0, sizeof(mask));
	mask.p.match_sz = sizeof(mask.buf);
	m_all = emu.dr_matcher_create(t0, 1, 0, &mask.p);
	match_dmac(&mask, ones);
	m_dmac = emu.dr_matcher_create(t0, 0, MLX5X_MATCH_OUTER_HEADERS,
				       &mask.p);
	memset(&mask, 0, sizeof(mask));
	mask.p.match_sz = sizeof(mask.buf);
	m_l1 = emu.dr_matcher_create(t1, 0, 0, &mask.p);
	TEST_ASSERT(m_all && m_dmac && m_l1, "matchers");
	memset(&val, 0, sizeof(val));
	val.p.match_sz = sizeof(val.buf);
	acts[0] = a_drop;
	r_drop = emu.dr_rule_create(m_all, &val.p, 1, acts);
	match_dmac(&val, mac_x);
	acts[0] = a_jump;
	r_x = emu.dr_rule_create(m_dmac, &val.p, 1, acts);
	memset(&val, 0, sizeof(val));
	val.p.match_sz = sizeof(val.buf);
	acts[0] = a_pop;
	acts[1] = a_tag;
	acts[2] = a_cnt;
	acts[3] = a_tir;
	r_l1 = emu.dr_rule_create(m_l1, &val.p, 4, acts);
	TEST_ASSERT(r_drop && r_x && r_l1, "rules");

	len = emu_frame_udp4(frame, mac_x, 1, 2, 3, 4, 40);
	memcpy(tagged, frame, 12);
	memcpy(tagged + 12, "\x81\x00\x00\x64", 4);
	memcpy(tagged + 16, frame + 12, len - 12);
	TEST_ASSERT_EQ(emu.inject_wire(0, tagged, len + 4), 0, "tagged X");
	cqe = emu_q_poll_cqe(&rq, 10);
	TEST_ASSERT(cqe != NULL, "X reaches the TIR through level 1");
	TEST_ASSERT_EQ(be32toh(cqe->byte_cnt), len, "VLAN popped");
	TEST_ASSERT(memcmp(mem, frame, len) == 0, "bytes without the tag");
	TEST_ASSERT_EQ(be32toh(cqe->sop_drop_qpn) & 0xffffff, 0x55, "tag");
	len = emu_frame_udp4(frame, mac_y, 1, 2, 3, 4, 40);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "Y");
	TEST_ASSERT(emu_q_poll_cqe(&rq, 5) == NULL,
		    "Y dropped by the catch-all");
	MLX5X_SET(query_flow_counter_in, qin, opcode,
		  MLX5X_CMD_OP_QUERY_FLOW_COUNTER);
	MLX5X_SET(query_flow_counter_in, qin, flow_counter_id, cnt_id);
	TEST_ASSERT_EQ(emu_cmd(&d, qin, sizeof(qin), qout, sizeof(qout)), 0,
		       "query counter");
	TEST_ASSERT_EQ(MLX5X_GET64(traffic_counter,
				   MLX5X_ADDR_OF(query_flow_counter_out, qout,
						 flow_statistics),
				   packets),
		       1, "one counted");

	TEST_ASSERT(emu.dr_matcher_destroy(m_l1) != 0, "matcher with rules");
	TEST_ASSERT_EQ(emu.dr_rule_destroy(r_l1), 0, "rule");
	TEST_ASSERT_EQ(emu.dr_rule_destroy(r_x), 0, "rule");
	TEST_ASSERT_EQ(emu.dr_rule_destroy(r_drop), 0, "rule");
	TEST_ASSERT_EQ(emu.dr_matcher_destroy(m_l1), 0, "matcher");
	TEST_ASSERT_EQ(emu.dr_matcher_destroy(m_dmac), 0, "matcher");
	TEST_ASSERT_EQ(emu.dr_matcher_destroy(m_all), 0, "matcher");
	emu.dr_action_destroy(a_jump);
	emu.dr_action_destroy(a_tir);
	emu.dr_action_destroy(a_tag);
	emu.dr_action_destroy(a_cnt);
	emu.dr_action_destroy(a_pop);
	emu.dr_action_destroy(a_drop);
	TEST_ASSERT_EQ(emu.dr_table_destroy(t0), 0, "root table");
	TEST_ASSERT_EQ(emu.dr_table_destroy(t1), 0, "level 1 table");
	emu.dr_domain_destroy(dmn);
	emu.obj_destroy(cnt);
	emu.obj_destroy(tir);
	emu.dereg_mr(mr);
	free(mem);
	emu_q_destroy(&rq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* One SEND WQE of frame (from an MR) at WQE index idx; rings the bell. */
static void
send_one(struct emu_q *sq, uint16_t idx, struct ibv_mr *mr,
	 const uint8_t *frame, size_t len)
{
	uint8_t *w = sq->buf + (size_t)(idx & ((1u << sq->log_sz) - 1)) * 64;
	struct mlx5_wqe_ctrl_seg *ctrl = (struct mlx5_wqe_ctrl_seg *)w;
	struct mlx5_wqe_eth_seg *eth = (struct mlx5_wqe_eth_seg *)(w + 16);
	struct mlx5_wqe_data_seg *ds = (struct mlx5_wqe_data_seg *)(w + 32);

	memset(w, 0, 64);
	ctrl->opmod_idx_opcode = htobe32((uint32_t)idx << 8 | MLX5_OPCODE_SEND);
	ctrl->qpn_ds = htobe32(sq->qn << 8 | 3);
	ctrl->fm_ce_se = MLX5_WQE_CTRL_CQ_UPDATE;
	eth->inline_hdr_sz = htobe16(2);
	memcpy(eth->inline_hdr_start, frame, 2);
	ds->byte_count = htobe32(len - 2);
	ds->lkey = htobe32(mr->lkey);
	ds->addr = htobe64((uintptr_t)(frame + 2));
	sq->dbr[MLX5X_SND_DBR] = htobe32(idx + 1);
}

static int
test_dr_nic_tx_drop(void)
{
	static const uint8_t mac_x[6] = { 0x02, 0, 0, 0, 0, 0x0a };
	static const uint8_t mac_y[6] = { 0x02, 0, 0, 0, 0, 0x0b };
	static const uint8_t ones[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static uint8_t fx[128], fy[128], out[256];
	struct mlx5dv_dr_domain *dmn;
	struct mlx5dv_dr_table *t0;
	struct mlx5dv_dr_matcher *m;
	struct mlx5dv_dr_action *drop;
	struct mlx5dv_dr_rule *r;
	struct match mask, val;
	struct ibv_mr *mx, *my;
	struct emu_q sq;
	struct emu_dev d;
	size_t lx, ly;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0 &&
			    emu_q_modify(&sq, 0, 1) == 0,
		    "sq");
	dmn = emu.dr_domain_create(d.ctx, MLX5DV_DR_DOMAIN_TYPE_NIC_TX);
	t0 = dmn != NULL ? emu.dr_table_create(dmn, 0) : NULL;
	match_dmac(&mask, ones);
	m = t0 != NULL ? emu.dr_matcher_create(t0, 0, MLX5X_MATCH_OUTER_HEADERS,
					       &mask.p)
		       : NULL;
	drop = emu.dr_action_drop();
	match_dmac(&val, mac_y);
	r = m != NULL ? emu.dr_rule_create(m, &val.p, 1, &drop) : NULL;
	TEST_ASSERT(r != NULL, "NIC TX rule: dmac Y -> drop");
	lx = emu_frame_udp4(fx, mac_x, 1, 2, 3, 4, 20);
	ly = emu_frame_udp4(fy, mac_y, 1, 2, 3, 4, 20);
	mx = emu.reg_mr(d.pd, fx, sizeof(fx), 0);
	my = emu.reg_mr(d.pd, fy, sizeof(fy), 0);
	send_one(&sq, 0, my, fy, ly);
	TEST_ASSERT(emu_q_poll_cqe(&sq, 100) != NULL, "Y completes");
	send_one(&sq, 1, mx, fx, lx);
	TEST_ASSERT(emu_q_poll_cqe(&sq, 100) != NULL, "X completes");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), lx, "X on wire");
	TEST_ASSERT(memcmp(out, fx, lx) == 0, "X bytes");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), 0, "Y dropped");
	emu.dr_rule_destroy(r);
	emu.dr_matcher_destroy(m);
	emu.dr_action_destroy(drop);
	emu.dr_table_destroy(t0);
	emu.dr_domain_destroy(dmn);
	emu.dereg_mr(mx);
	emu.dereg_mr(my);
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Sends Y on the SQ; true when it reached the wire. */
static bool
dr_y_reaches_wire(struct emu_q *sq, uint16_t *idx, struct ibv_mr *my,
		  const uint8_t *fy, size_t ly)
{
	static uint8_t out[256];

	send_one(sq, (*idx)++, my, fy, ly);
	if (emu_q_poll_cqe(sq, 100) == NULL)
		return false;
	return emu.capture_wire(0, out, sizeof(out)) == (int)ly &&
	       memcmp(out, fy, ly) == 0;
}

/*
 * rdma-core's software steering keeps a rule whose match equals one already
 * in the matcher, and the first inserted is the one that matches
 * (mlx5dv_dr_domain_allow_duplicate_rules, allowed by default); once the
 * domain refuses duplicates, such a rule fails with EEXIST.
 */
static int
test_dr_duplicate_rules_first_inserted_wins(void)
{
	static const uint8_t mac_y[6] = { 0x02, 0, 0, 0, 0, 0x0b };
	static const uint8_t ones[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static uint8_t fy[128];
	struct mlx5dv_dr_action *drop, *pass;
	struct mlx5dv_dr_rule *r_drop, *r_pass, *r_again;
	struct mlx5dv_dr_domain *dmn;
	struct mlx5dv_dr_matcher *m;
	struct mlx5dv_dr_table *t0;
	struct match mask, val;
	struct ibv_mr *my;
	struct emu_q sq;
	struct emu_dev d;
	uint16_t idx = 0;
	size_t ly;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0 &&
			    emu_q_modify(&sq, 0, 1) == 0,
		    "sq");
	dmn = emu.dr_domain_create(d.ctx, MLX5DV_DR_DOMAIN_TYPE_NIC_TX);
	t0 = dmn != NULL ? emu.dr_table_create(dmn, 0) : NULL;
	match_dmac(&mask, ones);
	m = t0 != NULL ? emu.dr_matcher_create(t0, 0, MLX5X_MATCH_OUTER_HEADERS,
					       &mask.p)
		       : NULL;
	TEST_ASSERT(m != NULL, "matcher");
	drop = emu.dr_action_drop();
	pass = emu.dr_action_default_miss();
	match_dmac(&val, mac_y);
	ly = emu_frame_udp4(fy, mac_y, 1, 2, 3, 4, 20);
	my = emu.reg_mr(d.pd, fy, sizeof(fy), 0);
	TEST_ASSERT(drop != NULL && pass != NULL && my != NULL, "actions, mr");

	r_drop = emu.dr_rule_create(m, &val.p, 1, &drop);
	r_pass = emu.dr_rule_create(m, &val.p, 1, &pass);
	TEST_ASSERT(r_drop != NULL && r_pass != NULL,
		    "the same match twice in one matcher is kept");
	TEST_ASSERT(!dr_y_reaches_wire(&sq, &idx, my, fy, ly),
		    "the first inserted (drop) matches");
	emu.dr_rule_destroy(r_drop);
	TEST_ASSERT(dr_y_reaches_wire(&sq, &idx, my, fy, ly),
		    "with it gone, the second (default miss) matches");
	r_again = emu.dr_rule_create(m, &val.p, 1, &drop);
	TEST_ASSERT(r_again != NULL, "a drop again, behind the pass");
	TEST_ASSERT(dr_y_reaches_wire(&sq, &idx, my, fy, ly),
		    "insertion order, not the latest, decides");
	emu.dr_rule_destroy(r_pass);
	TEST_ASSERT(!dr_y_reaches_wire(&sq, &idx, my, fy, ly),
		    "then the drop decides");

	emu.dr_allow_duplicates(dmn, false);
	errno = 0;
	TEST_ASSERT(emu.dr_rule_create(m, &val.p, 1, &pass) == NULL &&
			    errno == EEXIST,
		    "refused with EEXIST once duplicates are off (errno %d)",
		    errno);
	emu.dr_rule_destroy(r_again);
	r_pass = emu.dr_rule_create(m, &val.p, 1, &pass);
	TEST_ASSERT(r_pass != NULL, "the same match once is fine");
	TEST_ASSERT(dr_y_reaches_wire(&sq, &idx, my, fy, ly), "it passes");

	emu.dr_rule_destroy(r_pass);
	emu.dr_matcher_destroy(m);
	emu.dr_action_destroy(drop);
	emu.dr_action_destroy(pass);
	emu.dr_table_destroy(t0);
	emu.dr_domain_destroy(dmn);
	emu.dereg_mr(my);
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_dr_suite, "emu_dr", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_dr_tables_matchers_actions),
		 MLX5X_TEST_CASE(test_dr_nic_tx_drop),
		 MLX5X_TEST_CASE(test_dr_duplicate_rules_first_inserted_wins))
