/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, steering: a hit forwards to the next table, a miss
 * follows table_miss_id, a drop entry drops and the drop is counted; the
 * trace names the tables and entries a frame met; QUERY_VPORT_COUNTER and
 * the test-side counters agree with what was delivered; a Verbs CQ is
 * described by mlx5dv_init_obj as rdma-core does.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

/* Group over the outer destination MAC (or catch-all when !dmac). */
static uint32_t
group(struct emu_dev *d, uint32_t ft, bool dmac, struct mlx5dv_devx_obj **o)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	void *crit = MLX5X_ADDR_OF(create_flow_group_in, in, match_criteria);

	MLX5X_SET(create_flow_group_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(create_flow_group_in, in, table_id, ft);
	MLX5X_SET(create_flow_group_in, in, end_flow_index, 3);
	if (dmac) {
		MLX5X_SET(create_flow_group_in, in, match_criteria_enable,
			  MLX5X_MATCH_OUTER_HEADERS);
		memset(MLX5X_ADDR_OF(fte_match_param, crit,
				     outer_headers.dmac_47_16),
		       0xff, 6);
	}
	return emu_obj_id(d, in, sizeof(in), o);
}

static struct mlx5dv_devx_obj *
entry(struct emu_dev *d, uint32_t ft, uint32_t fg, uint32_t index,
      const uint8_t *dmac, uint16_t action, uint16_t dtype, uint32_t did)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(set_fte_in) + 8] = { 0 };
	void *fc = MLX5X_ADDR_OF(set_fte_in, in, flow_context);
	void *dst = MLX5X_ADDR_OF(flow_context, fc, destination);
	struct mlx5dv_devx_obj *o;

	MLX5X_SET(set_fte_in, in, opcode, MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY);
	MLX5X_SET(set_fte_in, in, table_type, MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_fte_in, in, table_id, ft);
	MLX5X_SET(set_fte_in, in, flow_index, index);
	MLX5X_SET(flow_context, fc, group_id, fg);
	MLX5X_SET(flow_context, fc, action, action);
	if (action & MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST) {
		MLX5X_SET(flow_context, fc, destination_list_size, 1);
		MLX5X_SET(dest_format, dst, destination_type, dtype);
		MLX5X_SET(dest_format, dst, destination_id, did);
	}
	if (dmac != NULL)
		memcpy(MLX5X_ADDR_OF(fte_match_param,
				     MLX5X_ADDR_OF(flow_context, fc,
						   match_value),
				     outer_headers.dmac_47_16),
		       dmac, 6);
	emu_obj_id(d, in, sizeof(in), &o);
	return o;
}

struct rx {
	struct emu_q q;
	uint8_t *mem;
	struct ibv_mr *mr;
	uint32_t tirn;
	struct mlx5dv_devx_obj *tir;
};

static int
rx_setup(struct emu_dev *d, struct rx *r)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_tir_in)] = { 0 };
	void *c = MLX5X_ADDR_OF(create_tir_in, in, ctx);

	if (emu_q_create(d, &r->q, false, 3, 4) != 0)
		return -1;
	r->mem = calloc(8, 2048);
	r->mr = emu.reg_mr(d->pd, r->mem, 8 * 2048, IBV_ACCESS_LOCAL_WRITE);
	emu_rq_post(&r->q, r->mem, r->mr->lkey, 8, 2048);
	MLX5X_SET(create_tir_in, in, opcode, MLX5X_CMD_OP_CREATE_TIR);
	MLX5X_SET(tirc, c, inline_rqn, r->q.qn);
	MLX5X_SET(tirc, c, transport_domain, d->tdn);
	r->tirn = emu_obj_id(d, in, sizeof(in), &r->tir);
	return emu_q_modify(&r->q, 0, 1);
}

static void
rx_teardown(struct rx *r)
{
	emu.obj_destroy(r->tir);
	emu_q_destroy(&r->q);
	emu.dereg_mr(r->mr);
	free(r->mem);
}

static uint64_t
vport_rx_ucast(struct emu_dev *d)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(query_vport_counter_in)] = { 0 };
	static uint8_t out[MLX5X_ST_SZ_BYTES(query_vport_counter_out)];

	MLX5X_SET(query_vport_counter_in, in, opcode,
		  MLX5X_CMD_OP_QUERY_VPORT_COUNTER);
	if (emu_cmd(d, in, sizeof(in), out, sizeof(out)) != 0)
		return UINT64_MAX;
	return MLX5X_GET64(query_vport_counter_out, out,
			   received_eth_unicast.packets);
}

static int
test_levels_miss_drop_and_trace(void)
{
	static const uint8_t mac_x[6] = { 0x02, 0, 0, 0, 0, 0x0a };
	static const uint8_t mac_y[6] = { 0x02, 0, 0, 0, 0, 0x0b };
	static const uint8_t mac_z[6] = { 0x02, 0, 0, 0, 0, 0x0c };
	struct mlx5dv_devx_obj *ft_a, *ft_b, *ft_c, *fg_a, *fg_b, *fg_c;
	struct mlx5dv_devx_obj *e_x, *e_z, *e_b, *e_c;
	uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 }, out[16];
	struct mlx5x_emu_counters c0, c1;
	uint8_t frame[128];
	char trace[2048];
	struct rx ra, rb;
	struct emu_dev d;
	uint32_t a, b, c, ga, gb, gc;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(rx_setup(&d, &ra) == 0 && rx_setup(&d, &rb) == 0, "rqs");
	/* C: level 2 catch-all -> rb. B: level 1 catch-all -> ra.
	 * A: level 0, dmac X -> table B, dmac Z -> drop, miss -> table C. */
	c = emu_nic_rx_table(&d, 2, 0, &ft_c);
	b = emu_nic_rx_table(&d, 1, 0, &ft_b);
	a = emu_nic_rx_table(&d, 0, c, &ft_a);
	TEST_ASSERT(a && b && c, "tables");
	gc = group(&d, c, false, &fg_c);
	gb = group(&d, b, false, &fg_b);
	ga = group(&d, a, true, &fg_a);
	TEST_ASSERT(ga && gb && gc, "groups");
	e_c = entry(&d, c, gc, 0, NULL, MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST,
		    MLX5X_FLOW_DESTINATION_TYPE_TIR, rb.tirn);
	e_b = entry(&d, b, gb, 0, NULL, MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST,
		    MLX5X_FLOW_DESTINATION_TYPE_TIR, ra.tirn);
	e_x = entry(&d, a, ga, 0, mac_x, MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST,
		    MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE, b);
	e_z = entry(&d, a, ga, 1, mac_z, MLX5X_FLOW_CONTEXT_ACTION_DROP, 0, 0);
	TEST_ASSERT(e_x && e_z && e_b && e_c, "entries");
	TEST_ASSERT(entry(&d, a, ga, 1, mac_y, MLX5X_FLOW_CONTEXT_ACTION_DROP,
			  0, 0) == NULL,
		    "index 1 is taken");
	TEST_ASSERT(entry(&d, a, ga, 7, mac_y, MLX5X_FLOW_CONTEXT_ACTION_DROP,
			  0, 0) == NULL,
		    "index outside the group");
	MLX5X_SET(set_flow_table_root_in, rin, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, rin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_flow_table_root_in, rin, table_id, a);
	TEST_ASSERT_EQ(emu_cmd(&d, rin, sizeof(rin), out, sizeof(out)), 0,
		       "root");
	TEST_ASSERT_EQ(emu.trace_enable(0, 1), 0, "trace on");

	len = emu_frame_udp4(frame, mac_x, 1, 2, 3, 4, 10);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "dmac X");
	TEST_ASSERT(emu_q_poll_cqe(&ra.q, 10) != NULL, "X: hit in A, B -> ra");
	TEST_ASSERT(emu_q_poll_cqe(&rb.q, 0) == NULL, "X: not rb");
	emu.trace(0, trace, sizeof(trace));
	TEST_ASSERT(strstr(trace, "level 0: hit fte 0") != NULL &&
			    strstr(trace, "level 1: hit fte 0") != NULL,
		    "trace names both tables:\n%s", trace);

	len = emu_frame_udp4(frame, mac_y, 1, 2, 3, 4, 10);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "dmac Y");
	TEST_ASSERT(emu_q_poll_cqe(&rb.q, 10) != NULL,
		    "Y: miss in A -> C -> rb");
	emu.trace(0, trace, sizeof(trace));
	TEST_ASSERT(strstr(trace, "level 0: miss") != NULL &&
			    strstr(trace, "level 2: hit fte 0") != NULL,
		    "trace shows the miss:\n%s", trace);
	TEST_ASSERT_EQ(vport_rx_ucast(&d), 2,
		       "QUERY_VPORT_COUNTER: 2 received");

	emu.counters(0, 0, &c0);
	len = emu_frame_udp4(frame, mac_z, 1, 2, 3, 4, 10);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "dmac Z");
	TEST_ASSERT(emu_q_poll_cqe(&ra.q, 5) == NULL &&
			    emu_q_poll_cqe(&rb.q, 0) == NULL,
		    "Z: dropped");
	emu.counters(0, 0, &c1);
	TEST_ASSERT_EQ(c1.rx_dropped, c0.rx_dropped + 1, "drop counted");
	TEST_ASSERT_EQ(c1.rx_packets, c0.rx_packets, "nothing delivered");
	emu.trace(0, trace, sizeof(trace));
	TEST_ASSERT(strstr(trace, "hit fte 1") != NULL &&
			    strstr(trace, "drop") != NULL,
		    "trace shows the drop:\n%s", trace);
	/* A table in use as root cannot go. */
	TEST_ASSERT(emu.obj_destroy(ft_a) != 0, "root table busy");

	MLX5X_SET(set_flow_table_root_in, rin, op_mod, 1);
	TEST_ASSERT_EQ(emu_cmd(&d, rin, sizeof(rin), out, sizeof(out)), 0,
		       "disconnect root");
	emu.trace_enable(0, 0);
	TEST_ASSERT_EQ(emu.obj_destroy(e_z), 0, "entry");
	TEST_ASSERT_EQ(emu.obj_destroy(e_x), 0, "entry");
	TEST_ASSERT_EQ(emu.obj_destroy(e_b), 0, "entry");
	TEST_ASSERT_EQ(emu.obj_destroy(e_c), 0, "entry");
	TEST_ASSERT_EQ(emu.obj_destroy(fg_a), 0, "group");
	TEST_ASSERT_EQ(emu.obj_destroy(fg_b), 0, "group");
	TEST_ASSERT_EQ(emu.obj_destroy(fg_c), 0, "group");
	TEST_ASSERT_EQ(emu.obj_destroy(ft_a), 0, "table");
	TEST_ASSERT_EQ(emu.obj_destroy(ft_b), 0, "table");
	TEST_ASSERT_EQ(emu.obj_destroy(ft_c), 0, "table");
	rx_teardown(&rb);
	rx_teardown(&ra);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_verbs_cq_init_obj(void)
{
	struct mlx5dv_cq dv;
	struct mlx5dv_obj obj;
	struct mlx5dv_pd dpd;
	struct ibv_cq *cq;
	struct emu_dev d;
	uint32_t i;

	TEST_ASSERT(emu_dev_open(&d, NULL) == 0, "open");
	cq = emu.create_cq(d.ctx, 100, NULL, NULL, 0);
	TEST_ASSERT(cq != NULL, "Verbs CQ");
	memset(&obj, 0, sizeof(obj));
	obj.cq.in = cq;
	obj.cq.out = &dv;
	obj.pd.in = d.pd;
	obj.pd.out = &dpd;
	TEST_ASSERT_EQ(emu.dv_init_obj(&obj, MLX5DV_OBJ_CQ | MLX5DV_OBJ_PD), 0,
		       "init_obj");
	TEST_ASSERT_EQ(dv.cqe_cnt, 128, "rounded to a power of two above 100");
	TEST_ASSERT_EQ(dv.cqe_size, 64, "64-byte CQEs");
	TEST_ASSERT(dv.buf != NULL && dv.dbrec != NULL, "buffer and doorbell");
	for (i = 0; i < dv.cqe_cnt; i++)
		TEST_ASSERT_EQ(((uint8_t *)dv.buf)[i * 64 + 63] >> 4,
			       MLX5_CQE_INVALID, "CQE %u starts invalid", i);
	TEST_ASSERT(dpd.pdn != 0, "pdn");
	TEST_ASSERT_EQ(emu.destroy_cq(cq), 0, "destroy");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
query_counter(struct emu_dev *d, uint32_t id, uint32_t n, bool clear,
	      uint64_t *pkts, uint64_t *bytes)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(query_flow_counter_in)] = { 0 };
	static uint8_t out[MLX5X_ST_SZ_BYTES(query_flow_counter_out) + 16 * 8];
	const uint8_t *st;
	uint32_t i;
	int rc;

	MLX5X_SET(query_flow_counter_in, in, opcode,
		  MLX5X_CMD_OP_QUERY_FLOW_COUNTER);
	MLX5X_SET(query_flow_counter_in, in, flow_counter_id, id);
	MLX5X_SET(query_flow_counter_in, in, num_of_counters, n);
	MLX5X_SET(query_flow_counter_in, in, clear, clear);
	rc = emu_cmd(d, in, sizeof(in), out, sizeof(out));
	st = MLX5X_ADDR_OF(query_flow_counter_out, out, flow_statistics);
	for (i = 0; rc == 0 && i < (n ? n : 1); i++) {
		pkts[i] = MLX5X_GET64(traffic_counter, st + i * 16, packets);
		bytes[i] = MLX5X_GET64(traffic_counter, st + i * 16, octets);
	}
	return rc;
}

static int
test_flow_counters_count_hits(void)
{
	uint8_t ain[MLX5X_ST_SZ_BYTES(alloc_flow_counter_in)] = { 0 };
	uint8_t fin[MLX5X_ST_SZ_BYTES(set_fte_in) + 16] = { 0 };
	uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 }, out[16];
	void *fc = MLX5X_ADDR_OF(set_fte_in, fin, flow_context);
	uint8_t *dl = MLX5X_ADDR_OF(flow_context, fc, destination);
	struct mlx5dv_devx_obj *ft, *fg, *fte, *cnt, *bulk;
	uint64_t pk[4], by[4], *mem;
	uint32_t t, g, cid, bid;
	uint8_t frame[128];
	struct ibv_mr *mr;
	struct emu_dev d;
	struct rx r;
	size_t len, total = 0;
	unsigned int i;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(rx_setup(&d, &r) == 0, "rq");
	MLX5X_SET(alloc_flow_counter_in, ain, opcode,
		  MLX5X_CMD_OP_ALLOC_FLOW_COUNTER);
	/* The counter id is a whole dword at bit 0x40, not obj_id's 24 bits. */
	{
		uint8_t aout[16] = { 0 };

		cnt = emu.obj_create(d.ctx, ain, sizeof(ain), aout,
				     sizeof(aout));
		cid = MLX5X_GET(alloc_flow_counter_out, aout, flow_counter_id);
		MLX5X_SET(alloc_flow_counter_in, ain,
			  flow_counter_bulk_log_size, 2);
		bulk = emu.obj_create(d.ctx, ain, sizeof(ain), aout,
				      sizeof(aout));
		bid = MLX5X_GET(alloc_flow_counter_out, aout, flow_counter_id);
	}
	TEST_ASSERT(cnt != NULL && bulk != NULL && cid != 0 && bid != 0,
		    "counter and a bulk of 4");
	t = emu_nic_rx_table(&d, 0, 0, &ft);
	g = group(&d, t, false, &fg);
	MLX5X_SET(set_fte_in, fin, opcode, MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY);
	MLX5X_SET(set_fte_in, fin, table_type, MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_fte_in, fin, table_id, t);
	MLX5X_SET(flow_context, fc, group_id, g);
	MLX5X_SET(flow_context, fc, action,
		  MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST |
			  MLX5X_FLOW_CONTEXT_ACTION_COUNT);
	MLX5X_SET(flow_context, fc, destination_list_size, 1);
	MLX5X_SET(flow_context, fc, flow_counter_list_size, 1);
	MLX5X_SET(dest_format, dl, destination_type,
		  MLX5X_FLOW_DESTINATION_TYPE_TIR);
	MLX5X_SET(dest_format, dl, destination_id, r.tirn);
	MLX5X_SET(flow_counter_list, dl + 8, flow_counter_id, bid + 2);
	fte = emu.obj_create(d.ctx, fin, sizeof(fin), out, sizeof(out));
	TEST_ASSERT(fte != NULL, "entry counting into bulk counter 2");
	MLX5X_SET(set_flow_table_root_in, rin, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, rin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_flow_table_root_in, rin, table_id, t);
	TEST_ASSERT_EQ(emu_cmd(&d, rin, sizeof(rin), out, sizeof(out)), 0,
		       "root");
	for (i = 0; i < 3; i++) {
		len = emu_frame_udp4(frame,
				     (const uint8_t *)"\x02\x15\xb3\x00\x00\x00",
				     1, 2, 3, 4, 10 + i);
		total += len;
		TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject");
		TEST_ASSERT(emu_q_poll_cqe(&r.q, 10) != NULL, "delivered");
	}
	TEST_ASSERT_EQ(query_counter(&d, bid, 4, false, pk, by), 0,
		       "query bulk");
	TEST_ASSERT(pk[0] == 0 && pk[1] == 0 && pk[3] == 0, "others untouched");
	TEST_ASSERT_EQ(pk[2], 3, "three hits");
	TEST_ASSERT_EQ(by[2], total, "their bytes");
	TEST_ASSERT_EQ(query_counter(&d, bid + 2, 1, true, pk, by), 0,
		       "query and clear");
	TEST_ASSERT_EQ(query_counter(&d, bid + 2, 1, false, pk, by), 0,
		       "again");
	TEST_ASSERT_EQ(pk[0], 0, "cleared");
	/* Dump to registered memory. */
	mem = calloc(4, 16);
	mr = emu.reg_mr(d.pd, mem, 64, IBV_ACCESS_LOCAL_WRITE);
	{
		uint8_t in[MLX5X_ST_SZ_BYTES(query_flow_counter_in)] = { 0 };
		uint8_t o[MLX5X_ST_SZ_BYTES(query_flow_counter_out)];

		len = emu_frame_udp4(frame,
				     (const uint8_t *)"\x02\x15\xb3\x00\x00\x00",
				     1, 2, 3, 4, 10);
		emu.inject_wire(0, frame, len);
		MLX5X_SET(query_flow_counter_in, in, opcode,
			  MLX5X_CMD_OP_QUERY_FLOW_COUNTER);
		MLX5X_SET(query_flow_counter_in, in, flow_counter_id, bid);
		MLX5X_SET(query_flow_counter_in, in, num_of_counters, 4);
		MLX5X_SET(query_flow_counter_in, in, dump_to_memory, 1);
		MLX5X_SET(query_flow_counter_in, in, mkey, mr->lkey);
		MLX5X_SET64(query_flow_counter_in, in, address, (uintptr_t)mem);
		TEST_ASSERT_EQ(emu_cmd(&d, in, sizeof(in), o, sizeof(o)), 0,
			       "dump");
		TEST_ASSERT_EQ(be64toh(mem[2 * 2]), 1, "counter 2 in memory");
		TEST_ASSERT_EQ(be64toh(mem[2 * 2 + 1]), len, "bytes in memory");
		MLX5X_SET(query_flow_counter_in, in, mkey, mr->lkey ^ 1);
		TEST_ASSERT_EQ(emu_cmd(&d, in, sizeof(in), o, sizeof(o)),
			       MLX5X_CMD_STAT_BAD_PARAM_ERR, "bad mkey");
	}
	{
		uint8_t din[MLX5X_ST_SZ_BYTES(dealloc_flow_counter_in)] = { 0 };

		MLX5X_SET(dealloc_flow_counter_in, din, opcode,
			  MLX5X_CMD_OP_DEALLOC_FLOW_COUNTER);
		MLX5X_SET(dealloc_flow_counter_in, din, flow_counter_id,
			  bid + 1);
		TEST_ASSERT_EQ(emu_cmd(&d, din, sizeof(din), out, sizeof(out)),
			       MLX5X_CMD_STAT_BAD_RES_ERR,
			       "only the allocation's first id frees it");
	}
	MLX5X_SET(set_flow_table_root_in, rin, op_mod, 1);
	emu_cmd(&d, rin, sizeof(rin), out, sizeof(out));
	TEST_ASSERT_EQ(emu.obj_destroy(fte), 0, "entry");
	TEST_ASSERT_EQ(emu.obj_destroy(fg), 0, "group");
	TEST_ASSERT_EQ(emu.obj_destroy(ft), 0, "table");
	TEST_ASSERT_EQ(emu.obj_destroy(bulk), 0, "bulk");
	TEST_ASSERT_EQ(emu.obj_destroy(cnt), 0, "counter");
	TEST_ASSERT(query_counter(&d, cid, 1, false, pk, by) ==
			    MLX5X_CMD_STAT_BAD_RES_ERR,
		    "freed counter unknown");
	emu.dereg_mr(mr);
	free(mem);
	rx_teardown(&r);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* SET_FLOW_TABLE_ENTRY at index of catch-all group fg of NIC RX table ft,
 * forwarding to table dest (ignore_flow_level as asked) and counting into
 * the ncnt counters from cnt on (none: ncnt 0); the object in *o (NULL if
 * refused), the PRM status; *syn the syndrome. */
static int
fte_fwd(struct emu_dev *d, uint32_t ft, uint32_t fg, uint32_t index,
	uint32_t dest, bool ignore_level, uint32_t cnt, uint32_t ncnt,
	uint32_t *syn, struct mlx5dv_devx_obj **o)
{
	uint8_t in[EMU_FTE_ONE_DEST_BYTES + 8 * 8] = { 0 };
	void *fc = MLX5X_ADDR_OF(set_fte_in, in, flow_context);
	uint8_t *dl = MLX5X_ADDR_OF(flow_context, fc, destination);
	uint8_t out[16] = { 0 };
	uint32_t i;

	if (ncnt > 8)
		return -1;
	emu_fte_in_one_word(in, MLX5X_FLOW_TABLE_TYPE_NIC_RX, ft, fg, index, 0,
			    0, 0, MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE, dest);
	MLX5X_SET(set_fte_in, in, ignore_flow_level, ignore_level);
	if (ncnt != 0)
		MLX5X_SET(flow_context, fc, action,
			  MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST |
				  MLX5X_FLOW_CONTEXT_ACTION_COUNT);
	MLX5X_SET(flow_context, fc, flow_counter_list_size, ncnt);
	for (i = 0; i < ncnt; i++)
		MLX5X_SET(flow_counter_list, dl + 8 * (i + 1), flow_counter_id,
			  cnt + i);
	*o = emu.obj_create(d->ctx, in, EMU_FTE_ONE_DEST_BYTES + 8 * ncnt, out,
			    sizeof(out));
	*syn = MLX5X_GET(mbox_out, out, syndrome);
	return *o != NULL ? 0 : (int)MLX5X_GET(mbox_out, out, status);
}

/*
 * A firmware flow table forwards down the pipeline only: an entry of a
 * level-1 table may forward to a level-2 table, not to another level-1
 * one nor to a level-0 one (bad parameter, syndrome fte_dest_table_level,
 * the kernel's fs_core refusing the same), unless SET_FLOW_TABLE_ENTRY
 * sets ignore_flow_level; and the refused entry leaves its index free.
 */
static int
test_forward_only_to_a_deeper_table(void)
{
	struct mlx5dv_devx_obj *ft[4], *fg, *e = NULL, *e2 = NULL;
	uint32_t t[4], g, syn = 0;
	struct emu_dev d;
	unsigned int i;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	t[0] = emu_nic_rx_table(&d, 1, 0, &ft[0]); /* the entry's table */
	t[1] = emu_nic_rx_table(&d, 1, 0, &ft[1]); /* same level */
	t[2] = emu_nic_rx_table(&d, 0, 0, &ft[2]); /* above it */
	t[3] = emu_nic_rx_table(&d, 2, 0, &ft[3]); /* below it */
	TEST_ASSERT(t[0] && t[1] && t[2] && t[3], "four tables");
	g = group(&d, t[0], false, &fg);
	TEST_ASSERT(g != 0, "catch-all group");
	TEST_ASSERT_EQ(fte_fwd(&d, t[0], g, 0, t[1], false, 0, 0, &syn, &e),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR,
		       "forward to a table of the same level: refused");
	TEST_ASSERT_EQ(syn, 0xa3000du, "syndrome: not a deeper table");
	TEST_ASSERT_EQ(fte_fwd(&d, t[0], g, 0, t[2], false, 0, 0, &syn, &e),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR,
		       "forward to a table of a lower level: refused");
	TEST_ASSERT_EQ(syn, 0xa3000du, "syndrome: not a deeper table");
	TEST_ASSERT_EQ(fte_fwd(&d, t[0], g, 0, t[3], false, 0, 0, &syn, &e), 0,
		       "forward to a deeper table, at the index refused before");
	TEST_ASSERT_EQ(emu.obj_destroy(e), 0, "entry");
	/* A catch-all group holds one entry (a second is a duplicate). */
	TEST_ASSERT_EQ(fte_fwd(&d, t[0], g, 1, t[1], true, 0, 0, &syn, &e2), 0,
		       "same level with ignore_flow_level");
	TEST_ASSERT_EQ(emu.obj_destroy(e2), 0, "entry");
	TEST_ASSERT_EQ(emu.obj_destroy(fg), 0, "group");
	for (i = 4; i-- > 0;)
		TEST_ASSERT_EQ(emu.obj_destroy(ft[i]), 0, "table %u", i);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/*
 * An entry refused for a counter that does not exist (bad resource,
 * fte_counter_unknown: its destinations were taken first) holds nothing:
 * the table it would have forwarded to goes at once, and so does its
 * group, left empty.
 */
static int
test_refused_entry_holds_nothing(void)
{
	struct mlx5dv_devx_obj *ft[2], *fg, *e = NULL;
	uint32_t t[2], g, syn = 0;
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	t[0] = emu_nic_rx_table(&d, 0, 0, &ft[0]);
	t[1] = emu_nic_rx_table(&d, 1, 0, &ft[1]);
	TEST_ASSERT(t[0] != 0 && t[1] != 0, "two tables");
	g = group(&d, t[0], false, &fg);
	TEST_ASSERT(g != 0, "catch-all group");
	TEST_ASSERT_EQ(fte_fwd(&d, t[0], g, 0, t[1], false, 0x777, 1, &syn, &e),
		       MLX5X_CMD_STAT_BAD_RES_ERR,
		       "forward to level 1 counting into no counter: refused");
	TEST_ASSERT_EQ(syn, 0xa3000au, "syndrome: unknown counter");
	TEST_ASSERT_EQ(emu.obj_destroy(ft[1]), 0,
		       "the table the refused entry named is not held");
	TEST_ASSERT_EQ(emu.obj_destroy(fg), 0, "group: no entry in it");
	TEST_ASSERT_EQ(emu.obj_destroy(ft[0]), 0, "table");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* The NIC RX flow table caps (flow_table_properties_nic_receive) the
 * tests hold the adapter to. */
struct nic_rx_caps {
	uint32_t log_max_flow_counter, log_max_destination;
	uint32_t log_max_ft_size, max_ft_level;
};

/* 0, or -1 if the query failed. */
static int
nic_rx_caps_get(struct emu_dev *d, struct nic_rx_caps *c)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(query_hca_cap_in)] = { 0 };
	static uint8_t out[MLX5X_ST_SZ_BYTES(query_hca_cap_out)];
	void *p;

	MLX5X_SET(query_hca_cap_in, in, opcode, MLX5X_CMD_OP_QUERY_HCA_CAP);
	MLX5X_SET(query_hca_cap_in, in, op_mod, MLX5X_CAP_FLOW_TABLE << 1 | 1);
	if (emu_cmd(d, in, sizeof(in), out, sizeof(out)) != 0)
		return -1;
	p = MLX5X_ADDR_OF(flow_table_nic_cap,
			  MLX5X_ADDR_OF(query_hca_cap_out, out, capability),
			  flow_table_properties_nic_receive);
	c->log_max_flow_counter =
		MLX5X_GET(flow_table_prop_layout, p, log_max_flow_counter);
	c->log_max_destination =
		MLX5X_GET(flow_table_prop_layout, p, log_max_destination);
	c->log_max_ft_size =
		MLX5X_GET(flow_table_prop_layout, p, log_max_ft_size);
	c->max_ft_level = MLX5X_GET(flow_table_prop_layout, p, max_ft_level);
	return 0;
}

/*
 * An entry's flow counter list holds up to 2^log_max_flow_counter of the
 * flow table caps (PRM; the kernel's mlx5_cmd_set_fte refuses more): an
 * entry with that many counters is taken and counts a frame into each,
 * one more is refused (bad parameter, fte_counter_count).
 */
static int
test_counter_list_as_long_as_the_caps_say(void)
{
	uint8_t ain[MLX5X_ST_SZ_BYTES(alloc_flow_counter_in)] = { 0 };
	uint8_t aout[16] = { 0 }, frame[128];
	uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
	struct mlx5dv_devx_obj *ft[2], *fg[2], *bulk, *e = NULL, *last;
	uint32_t t[2], g[2], bid, lc = 0, ld = 0, n, syn = 0, i;
	struct nic_rx_caps caps;
	uint64_t pk[8], by[8];
	struct emu_dev d;
	struct rx r;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(rx_setup(&d, &r) == 0, "rq");
	TEST_ASSERT_EQ(nic_rx_caps_get(&d, &caps), 0, "flow table caps");
	lc = caps.log_max_flow_counter;
	ld = caps.log_max_destination;
	TEST_ASSERT(lc <= 2 && ld >= 1, "caps in the test's range (%u, %u)", lc,
		    ld);
	n = 1u << lc;
	MLX5X_SET(alloc_flow_counter_in, ain, opcode,
		  MLX5X_CMD_OP_ALLOC_FLOW_COUNTER);
	MLX5X_SET(alloc_flow_counter_in, ain, flow_counter_bulk_log_size, 3);
	bulk = emu.obj_create(d.ctx, ain, sizeof(ain), aout, sizeof(aout));
	bid = MLX5X_GET(alloc_flow_counter_out, aout, flow_counter_id);
	TEST_ASSERT(bulk != NULL && bid != 0, "a bulk of 8 counters");
	t[0] = emu_nic_rx_table(&d, 0, 0, &ft[0]);
	t[1] = emu_nic_rx_table(&d, 1, 0, &ft[1]);
	g[0] = group(&d, t[0], false, &fg[0]);
	g[1] = group(&d, t[1], false, &fg[1]);
	TEST_ASSERT(t[0] && t[1] && g[0] && g[1], "two tables");
	last = emu_nic_rx_entry(&d, t[1], g[1], 0, NULL,
				MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST, 0, r.tirn,
				0);
	TEST_ASSERT(last != NULL, "the deeper table forwards to the TIR");
	TEST_ASSERT_EQ(fte_fwd(&d, t[0], g[0], 0, t[1], false, bid, n + 1, &syn,
			       &e),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR,
		       "%u counters, over 2^log_max_flow_counter: refused",
		       n + 1);
	TEST_ASSERT_EQ(syn, 0xa30009u, "syndrome: counter list size");
	TEST_ASSERT_EQ(fte_fwd(&d, t[0], g[0], 0, t[1], false, bid, n, &syn,
			       &e),
		       0, "%u counters, as the caps say", n);
	MLX5X_SET(set_flow_table_root_in, rin, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, rin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_flow_table_root_in, rin, table_id, t[0]);
	TEST_ASSERT_EQ(emu_cmd(&d, rin, sizeof(rin), aout, sizeof(aout)), 0,
		       "root");
	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x15\xb3\x00\x00\x00",
			     1, 2, 3, 4, 10);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject");
	TEST_ASSERT(emu_q_poll_cqe(&r.q, 10) != NULL, "delivered");
	TEST_ASSERT_EQ(query_counter(&d, bid, 8, false, pk, by), 0, "query");
	for (i = 0; i < 8; i++)
		TEST_ASSERT_EQ(pk[i], i < n ? 1u : 0u, "counter %u", i);
	MLX5X_SET(set_flow_table_root_in, rin, op_mod, 1);
	emu_cmd(&d, rin, sizeof(rin), aout, sizeof(aout));
	TEST_ASSERT_EQ(emu.obj_destroy(e), 0, "entry");
	TEST_ASSERT_EQ(emu.obj_destroy(last), 0, "deeper entry");
	for (i = 2; i-- > 0;) {
		TEST_ASSERT_EQ(emu.obj_destroy(fg[i]), 0, "group %u", i);
		TEST_ASSERT_EQ(emu.obj_destroy(ft[i]), 0, "table %u", i);
	}
	TEST_ASSERT_EQ(emu.obj_destroy(bulk), 0, "bulk");
	rx_teardown(&r);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/*
 * misc_parameters_4 and _5 are not parsed and the caps offer none of
 * their fields: a group whose enabled criteria mask any bit of them would
 * take every frame (their words stay zero) and is refused (bad
 * parameter, fg_criteria_cap), as a field the caps leave out is; the same
 * mask with the part not enabled is nothing and is taken.
 */
static int
test_group_criteria_misc4_misc5_refused(void)
{
	static const struct {
		uint8_t enable;
		size_t byte;
	} part[] = {
		{ MLX5X_MATCH_MISC_PARAMETERS_4, 320 }, /* PRM bit 0xa00 */
		{ MLX5X_MATCH_MISC_PARAMETERS_5, 384 }, /* PRM bit 0xc00 */
	};
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_group_in)], out[16];
	struct mlx5dv_devx_obj *ft, *fg;
	struct emu_dev d;
	unsigned int k;
	uint32_t t;

	TEST_ASSERT(emu_dev_open(&d, "model=cx6dx,wire=drop") == 0, "open");
	t = emu_nic_rx_table(&d, 0, 0, &ft);
	TEST_ASSERT(t != 0, "table");
	for (k = 0; k < 2; k++) {
		memset(in, 0, sizeof(in));
		emu_fg_in_one_word(in, MLX5X_FLOW_TABLE_TYPE_NIC_RX, t,
				   part[k].enable, part[k].byte + 4,
				   0xffffffff);
		/* The table's four entries. */
		MLX5X_SET(create_flow_group_in, in, end_flow_index, 3);
		TEST_ASSERT_EQ(emu_cmd(&d, in, sizeof(in), out, sizeof(out)),
			       MLX5X_CMD_STAT_BAD_PARAM_ERR,
			       "misc part %u enabled with a mask: refused",
			       k + 4);
		TEST_ASSERT_EQ(MLX5X_GET(mbox_out, out, syndrome), 0xa20003u,
			       "syndrome: a field the caps leave out");
		MLX5X_SET(create_flow_group_in, in, match_criteria_enable,
			  MLX5X_MATCH_OUTER_HEADERS);
		fg = emu.obj_create(d.ctx, in, sizeof(in), out, sizeof(out));
		TEST_ASSERT(fg != NULL, "the same mask, part %u not enabled",
			    k + 4);
		TEST_ASSERT_EQ(emu.obj_destroy(fg), 0, "group");
	}
	TEST_ASSERT_EQ(emu.obj_destroy(ft), 0, "table");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* CREATE_FLOW_TABLE of a table of type at level with 2^log_size
 * entries, missing to miss_id when not 0: the status, *syndrome, *o the
 * object, *id its table id. */
static int
table_try(struct emu_dev *d, uint32_t type, uint32_t level, uint32_t log_size,
	  uint32_t miss_id, uint32_t *syndrome, struct mlx5dv_devx_obj **o,
	  uint32_t *id)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	void *c = MLX5X_ADDR_OF(create_flow_table_in, in, flow_table_context);
	uint8_t out[MLX5X_ST_SZ_BYTES(create_flow_table_out)] = { 0 };

	MLX5X_SET(create_flow_table_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, in, table_type, type);
	MLX5X_SET(flow_table_context, c, level, level);
	MLX5X_SET(flow_table_context, c, log_size, log_size);
	if (miss_id != 0) {
		MLX5X_SET(flow_table_context, c, table_miss_action,
			  MLX5X_FLOW_TABLE_MISS_ACTION_GOTO_TBL);
		MLX5X_SET(flow_table_context, c, table_miss_id, miss_id);
	}
	*o = emu.obj_create(d->ctx, in, sizeof(in), out, sizeof(out));
	if (*o == NULL)
		emu.general_cmd(d->ctx, in, sizeof(in), out, sizeof(out));
	*syndrome = MLX5X_GET(mbox_out, out, syndrome);
	*id = MLX5X_GET(create_flow_table_out, out, table_id);
	return MLX5X_GET(mbox_out, out, status);
}

/*
 * CREATE_FLOW_TABLE within the caps only (PRM log_max_ft_size,
 * max_ft_level): one entry past either is refused (bad parameter,
 * ft_level_size), the deepest level taken; a miss to a table that does
 * not exist is refused (bad resource, ft_miss_table_unknown). A table
 * another one misses to stays while that one does (bad resource state,
 * the syndrome of a table still referenced), and while a group is in
 * it, and goes after them. An entry whose action holds a bit outside
 * those modelled is refused, naming the action (bad parameter); one
 * whose destination list runs past its mailbox too (bad input length).
 */
static int
test_table_limits_holders_and_actions(void)
{
	uint8_t din[MLX5X_ST_SZ_BYTES(destroy_flow_table_in)] = { 0 }, out[16];
	uint8_t fin[EMU_FTE_ONE_DEST_BYTES] = { 0 };
	struct mlx5dv_devx_obj *deep, *a, *b, *fg, *o;
	struct nic_rx_caps caps;
	uint32_t log_max = 0, max_level = 0, bt, gb, id, syn = 0;
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT_EQ(nic_rx_caps_get(&d, &caps), 0, "flow table caps");
	log_max = caps.log_max_ft_size;
	max_level = caps.max_ft_level;
	TEST_ASSERT_EQ(table_try(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, 1,
				 log_max + 1, 0, &syn, &o, &id),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR,
		       "log_size %u, over log_max_ft_size: refused",
		       log_max + 1);
	TEST_ASSERT_EQ(syn, 0xa10002u, "syndrome: level or size");
	TEST_ASSERT_EQ(table_try(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX,
				 max_level + 1, 2, 0, &syn, &o, &id),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR,
		       "level %u, past max_ft_level: refused", max_level + 1);
	TEST_ASSERT_EQ(syn, 0xa10002u, "syndrome: level or size");
	TEST_ASSERT_EQ(table_try(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, max_level, 2,
				 0, &syn, &deep, &id),
		       0, "level %u, max_ft_level: taken", max_level);
	TEST_ASSERT_EQ(table_try(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, 1, 2, 0x7777,
				 &syn, &o, &id),
		       MLX5X_CMD_STAT_BAD_RES_ERR,
		       "a miss to no table: refused");
	TEST_ASSERT_EQ(syn, 0xa10003u, "syndrome: miss table unknown");
	bt = emu_nic_rx_table(&d, 2, 0, &b);
	TEST_ASSERT(bt != 0, "table B");
	TEST_ASSERT_EQ(table_try(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, 1, 2, bt,
				 &syn, &a, &id),
		       0, "table A missing to B");
	MLX5X_SET(destroy_flow_table_in, din, opcode,
		  MLX5X_CMD_OP_DESTROY_FLOW_TABLE);
	MLX5X_SET(destroy_flow_table_in, din, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(destroy_flow_table_in, din, table_id, bt);
	TEST_ASSERT_EQ(emu_cmd(&d, din, sizeof(din), out, sizeof(out)),
		       MLX5X_CMD_STAT_BAD_RES_STATE_ERR,
		       "B while A misses to it: kept");
	TEST_ASSERT_EQ(MLX5X_GET(mbox_out, out, syndrome), 0xa00003u,
		       "syndrome: table in use");
	TEST_ASSERT_EQ(emu.obj_destroy(a), 0, "A");
	/* A group alone holds its table too. */
	gb = group(&d, bt, false, &fg);
	TEST_ASSERT(gb != 0, "a group in B");
	TEST_ASSERT_EQ(emu_cmd(&d, din, sizeof(din), out, sizeof(out)),
		       MLX5X_CMD_STAT_BAD_RES_STATE_ERR,
		       "B with a group and no entry: kept");
	TEST_ASSERT_EQ(MLX5X_GET(mbox_out, out, syndrome), 0xa00003u,
		       "syndrome: table not empty");
	/* An action bit outside those modelled (EXECUTE_ASO, PRM bit 14). */
	emu_fte_in_one_word(fin, MLX5X_FLOW_TABLE_TYPE_NIC_RX, bt, gb, 0, 0, 0,
			    0, MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE, 0);
	MLX5X_SET(flow_context, MLX5X_ADDR_OF(set_fte_in, fin, flow_context),
		  action, 1u << 14);
	TEST_ASSERT_EQ(emu_cmd(&d, fin, sizeof(fin), out, sizeof(out)),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR,
		       "an entry with an action not modelled: refused");
	TEST_ASSERT_EQ(MLX5X_GET(mbox_out, out, syndrome), 0xa30004u,
		       "syndrome: the action");
	/* Forward, its list of two longer than the mailbox holds. */
	MLX5X_SET(flow_context, MLX5X_ADDR_OF(set_fte_in, fin, flow_context),
		  action, MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST);
	MLX5X_SET(flow_context, MLX5X_ADDR_OF(set_fte_in, fin, flow_context),
		  destination_list_size, 2);
	TEST_ASSERT_EQ(emu_cmd(&d, fin, sizeof(fin), out, sizeof(out)),
		       MLX5X_CMD_STAT_BAD_INP_LEN_ERR,
		       "two destinations in a box of one: refused");
	TEST_ASSERT_EQ(MLX5X_GET(mbox_out, out, syndrome), 0xa30008u,
		       "syndrome: the lists past the box");
	TEST_ASSERT_EQ(emu.obj_destroy(fg), 0, "B's group");
	TEST_ASSERT_EQ(emu.obj_destroy(b), 0,
		       "B once A and its group are gone");
	TEST_ASSERT_EQ(emu.obj_destroy(deep), 0, "the deepest table");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/*
 * An FDB entry with two destinations of two types (VF 0's vport, then
 * the uplink) sends a wire frame to VF 0's end and back out on the wire,
 * a copy each: the PRM destination list is destination_list_size
 * dest_format entries after the flow context, each read whole, in
 * order; the manager gets nothing.
 */
static int
test_fdb_entry_two_destinations(void)
{
	const uint32_t fdb = MLX5X_FLOW_TABLE_TYPE_FDB;
	uint8_t gin[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint8_t fin[EMU_FTE_ONE_DEST_BYTES + 8] = { 0 };
	void *fc = MLX5X_ADDR_OF(set_fte_in, fin, flow_context);
	uint8_t *dl = MLX5X_ADDR_OF(flow_context, fc, destination);
	struct mlx5dv_devx_obj *ft, *fg, *e;
	struct mlx5x_emu_counters c0, c1;
	uint8_t frame[128], out[256];
	uint32_t t, g, syn = 0;
	struct emu_dev d;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "vfs=2,wire=drop,vf_end=drop") == 0,
		    "open");
	TEST_ASSERT_EQ(table_try(&d, fdb, 0, 4, 0, &syn, &ft, &t), 0,
		       "FDB table (syndrome 0x%x)", syn);
	emu_fg_in_one_word(gin, fdb, t, 0, 0, 0);
	g = emu_obj_id(&d, gin, sizeof(gin), &fg);
	TEST_ASSERT(g != 0, "catch-all group");
	emu_fte_in_one_word(fin, fdb, t, g, 0, 0, 0, 0,
			    MLX5X_FLOW_DESTINATION_TYPE_VPORT, 1);
	MLX5X_SET(flow_context, fc, destination_list_size, 2);
	MLX5X_SET(dest_format, dl + 8, destination_type,
		  MLX5X_FLOW_DESTINATION_TYPE_UPLINK);
	emu_obj_id(&d, fin, sizeof(fin), &e);
	TEST_ASSERT(e != NULL, "entry to VF 0 and the uplink");
	TEST_ASSERT_EQ(emu_ft_root_set(&d, fdb, t, 0), 0, "FDB root");
	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x15\xb3\x00\x00\x09",
			     1, 2, 3, 4, 20);
	TEST_ASSERT_EQ(emu.counters(0, 0, &c0), 0, "manager's counters");
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends");
	TEST_ASSERT_EQ(emu.capture_vf(0, 0, out, sizeof(out)), (int)len,
		       "a copy at VF 0");
	TEST_ASSERT(memcmp(out, frame, len) == 0, "VF 0: the bytes");
	TEST_ASSERT(emu_wire_got(frame, (uint32_t)len),
		    "a copy back out on the wire, and only it");
	TEST_ASSERT_EQ(emu.capture_vf(0, 1, out, sizeof(out)), 0,
		       "none at VF 1");
	TEST_ASSERT_EQ(emu.counters(0, 0, &c1), 0, "manager's counters");
	TEST_ASSERT(c1.rx_packets == c0.rx_packets &&
			    c1.rx_dropped == c0.rx_dropped,
		    "nothing for the manager");
	TEST_ASSERT_EQ(emu_ft_root_set(&d, fdb, 0, 1), 0, "FDB root off");
	TEST_ASSERT_EQ(emu.obj_destroy(e), 0, "entry");
	TEST_ASSERT_EQ(emu.obj_destroy(fg), 0, "group");
	TEST_ASSERT_EQ(emu.obj_destroy(ft), 0, "table");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/*
 * Switchdev: an FDB root with no entry for the wire's frames misses to a
 * level-1 table (table_miss_action GOTO_TBL) whose entry on the source
 * port sends them to VF 1: a plain wire frame lands at VF 1, not at the
 * manager's NIC RX (a catch-all to its RQ), whichever way the adapter
 * takes it (the fused path stays on, the default).
 */
static int
test_fdb_miss_chain_decides_wire_frames(void)
{
	const uint32_t fdb = MLX5X_FLOW_TABLE_TYPE_FDB;
	const size_t port =
		MLX5X_BYTE_OFF(fte_match_param,
			       misc_parameters.source_eswitch_owner_vhca_id);
	uint8_t gin[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint8_t fin[EMU_FTE_ONE_DEST_BYTES] = { 0 };
	struct mlx5dv_devx_obj *ft[2], *fg, *e, *rft, *rfg, *re;
	uint8_t frame[128], out[256];
	uint32_t t[2], g, rt, rg, syn = 0;
	unsigned int i;
	struct rx r;
	struct emu_dev d;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "vfs=2,wire=drop,vf_end=drop") == 0,
		    "open");
	TEST_ASSERT(rx_setup(&d, &r) == 0, "rq");
	TEST_ASSERT_EQ(emu.rx_fused(0, 1, NULL), 0, "fused path on");
	rt = emu_nic_rx_table(&d, 0, 0, &rft);
	rg = group(&d, rt, false, &rfg);
	re = entry(&d, rt, rg, 0, NULL, MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST,
		   MLX5X_FLOW_DESTINATION_TYPE_TIR, r.tirn);
	TEST_ASSERT(rt != 0 && rg != 0 && re != NULL,
		    "NIC RX: catch-all to the RQ");
	TEST_ASSERT_EQ(emu_ft_root_set(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, rt, 0),
		       0, "NIC RX root");
	TEST_ASSERT_EQ(table_try(&d, fdb, 1, 4, 0, &syn, &ft[1], &t[1]), 0,
		       "FDB level 1");
	emu_fg_in_one_word(gin, fdb, t[1], MLX5X_MATCH_MISC_PARAMETERS, port,
			   0xffff);
	g = emu_obj_id(&d, gin, sizeof(gin), &fg);
	emu_fte_in_one_word(fin, fdb, t[1], g, 0, port, MLX5X_VPORT_UPLINK, 0,
			    MLX5X_FLOW_DESTINATION_TYPE_VPORT, 2);
	emu_obj_id(&d, fin, sizeof(fin), &e);
	TEST_ASSERT(g != 0 && e != NULL, "level 1: the uplink to VF 1");
	TEST_ASSERT_EQ(table_try(&d, fdb, 0, 4, t[1], &syn, &ft[0], &t[0]), 0,
		       "FDB level 0, empty, missing to level 1");
	TEST_ASSERT_EQ(emu_ft_root_set(&d, fdb, t[0], 0), 0, "FDB root");
	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x15\xb3\x00\x00\x00",
			     0x0a000001, 0x0a000002, 1000, 2000, 30);
	for (i = 0; i < 3; i++) {
		TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends");
		TEST_ASSERT_EQ(emu.capture_vf(0, 1, out, sizeof(out)), (int)len,
			       "frame %u: at VF 1 by the miss table's entry",
			       i);
		TEST_ASSERT(emu_q_poll_cqe(&r.q, 0) == NULL,
			    "frame %u: not at the manager's RQ", i);
	}
	TEST_ASSERT_EQ(emu_ft_root_set(&d, fdb, 0, 1), 0, "FDB root off");
	TEST_ASSERT_EQ(emu.obj_destroy(ft[0]), 0, "level 0");
	TEST_ASSERT_EQ(emu.obj_destroy(e), 0, "entry");
	TEST_ASSERT_EQ(emu.obj_destroy(fg), 0, "group");
	TEST_ASSERT_EQ(emu.obj_destroy(ft[1]), 0, "level 1");
	TEST_ASSERT_EQ(emu_ft_root_set(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, 0, 1),
		       0, "NIC RX root off");
	TEST_ASSERT_EQ(emu.obj_destroy(re), 0, "NIC RX entry");
	TEST_ASSERT_EQ(emu.obj_destroy(rfg), 0, "NIC RX group");
	TEST_ASSERT_EQ(emu.obj_destroy(rft), 0, "NIC RX table");
	rx_teardown(&r);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_steering_suite, "emu_steering", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_levels_miss_drop_and_trace),
		 MLX5X_TEST_CASE(test_verbs_cq_init_obj),
		 MLX5X_TEST_CASE(test_flow_counters_count_hits),
		 MLX5X_TEST_CASE(test_forward_only_to_a_deeper_table),
		 MLX5X_TEST_CASE(test_counter_list_as_long_as_the_caps_say),
		 MLX5X_TEST_CASE(test_group_criteria_misc4_misc5_refused),
		 MLX5X_TEST_CASE(test_table_limits_holders_and_actions),
		 MLX5X_TEST_CASE(test_refused_entry_holds_nothing),
		 MLX5X_TEST_CASE(test_fdb_entry_two_destinations),
		 MLX5X_TEST_CASE(test_fdb_miss_chain_decides_wire_frames))
