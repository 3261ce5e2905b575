/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What DPDK's reference mlx5 PMD (tested on hardware by others) needs from
 * the adapter at probe and start, each from the PRM or mlx5_ib's
 * documented behaviour: TIRs in transport domain 0, Q counter sets,
 * MPW_ALLOWED with enhanced MPW, the device clock, the async event fd,
 * asynchronous DevX queries, the netdev's dev_port; and the rdma-core
 * entry points the emulator answers without a model (text, rates, GID and
 * P_Key tables, IOVA registration).
 */
#include <dlfcn.h>
#include <endian.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mlx5x_emu_q_counter.h"
#include "test.h"
#include "test_emu_lib.h"

static const uint8_t pf_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x00 };

/* Entry points the shared table does not carry, from the same instance. */
static void *
emu_sym(const char *name)
{
	char path[4096];
	void *h, *f;

	snprintf(path, sizeof(path), "%s/emu/libmlx5x_emu.so",
		 mlx5x_test_build_root());
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
	if (h == NULL)
		return NULL;
	f = dlsym(h, name);
	dlclose(h);
	return f;
}

#define EMU_SYM(var, name)                                                     \
	__typeof__(name) *var = (__typeof__(name) *)emu_sym(#name);            \
	TEST_ASSERT(var != NULL, "the emulator exports " #name)

static int
test_tir_in_transport_domain_zero(void)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_tir_in)] = { 0 };
	uint8_t out[16] = { 0 };
	void *c = MLX5X_ADDR_OF(create_tir_in, in, ctx);
	struct mlx5dv_devx_obj *tir;
	struct emu_dev d;
	struct emu_q q;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	memset(&q, 0, sizeof(q));
	TEST_ASSERT(emu_q_create(&d, &q, false, 4, 4) == 0, "rq");
	MLX5X_SET(create_tir_in, in, opcode, MLX5X_CMD_OP_CREATE_TIR);
	MLX5X_SET(tirc, c, disp_type, MLX5X_TIRC_DISP_TYPE_DIRECT);
	MLX5X_SET(tirc, c, inline_rqn, q.qn);
	/* DPDK's drop TIR, at every probe: transport_domain 0. */
	tir = emu.obj_create(d.ctx, in, sizeof(in), out, sizeof(out));
	TEST_ASSERT(tir != NULL, "TIR in TD 0 accepted (status 0x%x)",
		    MLX5X_GET(mbox_out, out, status));
	TEST_ASSERT_EQ(emu.obj_destroy(tir), 0, "destroy");
	/* A TD nobody allocated is still refused. */
	MLX5X_SET(tirc, c, transport_domain, d.tdn + 77);
	TEST_ASSERT(emu.obj_create(d.ctx, in, sizeof(in), out, sizeof(out)) ==
			    NULL,
		    "unknown TD refused");
	TEST_ASSERT_EQ(MLX5X_GET(mbox_out, out, status),
		       MLX5X_CMD_STAT_BAD_RES_ERR, "BAD_RES");
	emu_q_destroy(&q);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
q_counter_query(struct emu_dev *d, uint32_t id, bool clear, uint32_t *oob)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(query_q_counter_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(query_q_counter_out)] = { 0 };
	int status;

	MLX5X_SET(query_q_counter_in, in, opcode, MLX5X_CMD_OP_QUERY_Q_COUNTER);
	MLX5X_SET(query_q_counter_in, in, counter_set_id, id);
	MLX5X_SET(query_q_counter_in, in, clear, clear);
	status = emu_cmd(d, in, sizeof(in), out, sizeof(out));
	*oob = MLX5X_GET(query_q_counter_out, out, out_of_buffer);
	return status;
}

static int
test_q_counter_counts_out_of_buffer(void)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(alloc_q_counter_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(alloc_q_counter_out)] = { 0 };
	struct mlx5dv_devx_obj *set, *set2;
	uint8_t frame[128];
	struct emu_steer s;
	struct emu_dev d;
	struct emu_q q, bad;
	uint32_t id, id2, oob = 0;
	size_t len;
	int i;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	MLX5X_SET(alloc_q_counter_in, in, opcode, MLX5X_CMD_OP_ALLOC_Q_COUNTER);
	set = emu.obj_create(d.ctx, in, sizeof(in), out, sizeof(out));
	TEST_ASSERT(set != NULL, "ALLOC_Q_COUNTER (status 0x%x syndrome 0x%x)",
		    MLX5X_GET(mbox_out, out, status),
		    MLX5X_GET(mbox_out, out, syndrome));
	id = MLX5X_GET(alloc_q_counter_out, out, counter_set_id);
	TEST_ASSERT(id != 0, "set 0 is the kernel's, never handed out");
	set2 = emu.obj_create(d.ctx, in, sizeof(in), out, sizeof(out));
	TEST_ASSERT(set2 != NULL, "second set");
	id2 = MLX5X_GET(alloc_q_counter_out, out, counter_set_id);
	TEST_ASSERT(id2 != id, "distinct ids");
	/* An RQ naming a set nobody allocated is refused. */
	TEST_ASSERT(emu_q_create_rq_counted(&d, &bad, 4, (uint8_t)(id2 + 1)) !=
			    0,
		    "RQ with an unallocated counter set refused");
	emu_q_destroy(&bad);
	/* An RQ counting into the set, ready, with no receive WQE posted:
	 * every frame steered to it is out_of_buffer. */
	TEST_ASSERT(emu_q_create_rq_counted(&d, &q, 4, (uint8_t)id) == 0, "rq");
	TEST_ASSERT_EQ(emu_q_modify(&q, 0, 1), 0, "RST->RDY");
	TEST_ASSERT(emu_steer_direct(&d, &s, q.qn, 0) == 0, "steering");
	len = emu_frame_udp4(frame, pf_mac, 0x0a000001, 0x0a000002, 1000, 2000,
			     40);
	for (i = 0; i < 3; i++)
		TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject");
	emu.poll();
	TEST_ASSERT_EQ(q_counter_query(&d, id, true, &oob), 0, "query");
	TEST_ASSERT_EQ(oob, 3, "three frames out of buffer");
	TEST_ASSERT_EQ(q_counter_query(&d, id, false, &oob), 0, "query");
	TEST_ASSERT_EQ(oob, 0, "cleared");
	TEST_ASSERT_EQ(q_counter_query(&d, id2, false, &oob), 0, "query 2");
	TEST_ASSERT_EQ(oob, 0, "the other set counted nothing");
	emu_steer_destroy(&s);
	emu_q_destroy(&q);
	TEST_ASSERT_EQ(emu.obj_destroy(set2), 0, "DEALLOC_Q_COUNTER");
	TEST_ASSERT_EQ(q_counter_query(&d, id2, false, &oob),
		       MLX5X_CMD_STAT_BAD_RES_ERR, "a freed set is unknown");
	TEST_ASSERT_EQ(emu.obj_destroy(set), 0, "DEALLOC_Q_COUNTER");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* PRM: op_mod = capability type << 1 | current values. */
static uint16_t
cap_op_mod(uint16_t type)
{
	return (uint16_t)(type << 1 | MLX5X_HCA_CAP_OPMOD_GET_CUR);
}

static int
test_mpw_allowed_and_clock(void)
{
	static const struct {
		const char *cfg;
		bool empw;
	} models[] = {
		{ "model=cx4", false },
		{ "model=cx4lx", true },
		{ "model=cx5", true },
		{ "model=cx6dx", true },
	};
	uint8_t in[MLX5X_ST_SZ_BYTES(query_hca_cap_in)] = { 0 };
	static uint8_t out[MLX5X_ST_SZ_BYTES(query_hca_cap_out)];
	void *cap = MLX5X_ADDR_OF(query_hca_cap_out, out, capability);
	struct ibv_device_attr_ex attr;
	struct mlx5dv_context dv;
	struct emu_dev d;
	size_t i;

	for (i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
		TEST_ASSERT(emu_dev_open(&d, models[i].cfg) == 0, "open %s",
			    models[i].cfg);
		memset(&dv, 0, sizeof(dv));
		TEST_ASSERT_EQ(emu.dv_query_device(d.ctx, &dv), 0, "dv query");
		/* mlx5_ib: MPW_ALLOWED iff the Ethernet cap
		 * multi_pkt_send_wqe is non-zero; every model has MPW of
		 * one kind, so both say so. */
		TEST_ASSERT(dv.flags & MLX5DV_CONTEXT_FLAGS_MPW_ALLOWED,
			    "%s: MPW_ALLOWED", models[i].cfg);
		TEST_ASSERT_EQ(!!(dv.flags & MLX5DV_CONTEXT_FLAGS_ENHANCED_MPW),
			       models[i].empw, "%s: ENHANCED_MPW",
			       models[i].cfg);
		memset(in, 0, sizeof(in));
		MLX5X_SET(query_hca_cap_in, in, opcode,
			  MLX5X_CMD_OP_QUERY_HCA_CAP);
		MLX5X_SET(query_hca_cap_in, in, op_mod,
			  cap_op_mod(MLX5X_CAP_ETHERNET_OFFLOADS));
		TEST_ASSERT_EQ(emu_cmd(&d, in, sizeof(in), out, sizeof(out)), 0,
			       "eth caps");
		TEST_ASSERT(MLX5X_GET(per_protocol_networking_offload_caps, cap,
				      multi_pkt_send_wqe) != 0,
			    "%s: multi_pkt_send_wqe", models[i].cfg);
		/* The clock: PRM device_frequency_khz (bit 0x4e0 of the
		 * general caps) is what ibv_query_device_ex reports. */
		MLX5X_SET(query_hca_cap_in, in, op_mod,
			  cap_op_mod(MLX5X_CAP_GENERAL));
		TEST_ASSERT_EQ(emu_cmd(&d, in, sizeof(in), out, sizeof(out)), 0,
			       "general caps");
		memset(&attr, 0, sizeof(attr));
		TEST_ASSERT_EQ(ibv_query_device_ex(d.ctx, NULL, &attr), 0,
			       "query_device_ex");
		TEST_ASSERT(attr.hca_core_clock != 0, "a clock");
		TEST_ASSERT_EQ(mlx5x_prm_get(cap, 0x4e0, 32),
			       attr.hca_core_clock,
			       "device_frequency_khz = hca_core_clock");
		TEST_ASSERT_EQ(attr.completion_timestamp_mask,
			       0x7fffffffffffffffull, "63-bit timestamps");
		emu_dev_close(&d);
	}
	return MLX5X_TEST_PASS;
}

static int
test_async_fd_and_async_query(void)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(alloc_q_counter_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(alloc_q_counter_out)] = { 0 };
	uint8_t qin[MLX5X_ST_SZ_BYTES(query_q_counter_in)] = { 0 };
	uint8_t resp[sizeof(struct mlx5dv_devx_async_cmd_hdr) +
		     MLX5X_ST_SZ_BYTES(query_q_counter_out)];
	struct mlx5dv_devx_async_cmd_hdr *hdr = (void *)resp;
	struct ibv_async_event ev;
	struct mlx5dv_devx_cmd_comp *comp;
	struct mlx5dv_devx_obj *set;
	struct pollfd pfd;
	struct emu_dev d;
	EMU_SYM(get_async_event, ibv_get_async_event);
	EMU_SYM(create_comp, mlx5dv_devx_create_cmd_comp);
	EMU_SYM(destroy_comp, mlx5dv_devx_destroy_cmd_comp);
	EMU_SYM(query_async, mlx5dv_devx_obj_query_async);
	EMU_SYM(get_comp, mlx5dv_devx_get_async_cmd_comp);

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	/* A pollable async event fd with nothing pending. */
	TEST_ASSERT(d.ctx->async_fd >= 0, "an async event fd");
	pfd.fd = d.ctx->async_fd;
	pfd.events = POLLIN;
	TEST_ASSERT_EQ(poll(&pfd, 1, 0), 0, "no event pending");
	errno = 0;
	TEST_ASSERT_EQ(get_async_event(d.ctx, &ev), -1, "no event");
	TEST_ASSERT_EQ(errno, EAGAIN, "EAGAIN");
	/* An asynchronous query: the fd turns readable, the answer carries
	 * the wr_id and the out box. */
	MLX5X_SET(alloc_q_counter_in, in, opcode, MLX5X_CMD_OP_ALLOC_Q_COUNTER);
	set = emu.obj_create(d.ctx, in, sizeof(in), out, sizeof(out));
	TEST_ASSERT(set != NULL, "a Q counter set to query");
	comp = create_comp(d.ctx);
	TEST_ASSERT(comp != NULL && comp->fd >= 0, "cmd comp with an fd");
	pfd.fd = comp->fd;
	TEST_ASSERT_EQ(poll(&pfd, 1, 0), 0, "nothing queued yet");
	MLX5X_SET(query_q_counter_in, qin, opcode,
		  MLX5X_CMD_OP_QUERY_Q_COUNTER);
	MLX5X_SET(query_q_counter_in, qin, counter_set_id,
		  MLX5X_GET(alloc_q_counter_out, out, counter_set_id));
	TEST_ASSERT_EQ(query_async(set, qin, sizeof(qin),
				   MLX5X_ST_SZ_BYTES(query_q_counter_out),
				   0xabcd, comp),
		       0, "async query submitted");
	TEST_ASSERT_EQ(poll(&pfd, 1, 0), 1, "fd readable");
	memset(resp, 0xff, sizeof(resp));
	TEST_ASSERT_EQ(get_comp(comp, hdr, sizeof(resp)), 0, "answer");
	TEST_ASSERT_EQ(hdr->wr_id, 0xabcd, "wr_id");
	TEST_ASSERT_EQ(MLX5X_GET(mbox_out, hdr->out_data, status), 0,
		       "status OK");
	TEST_ASSERT_EQ(poll(&pfd, 1, 0), 0, "drained");
	destroy_comp(comp);
	TEST_ASSERT_EQ(emu.obj_destroy(set), 0, "dealloc");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_verbs_helpers_without_model(void)
{
	union ibv_gid gid;
	struct ibv_gid_entry ent[4];
	struct emu_dev d;
	__be16 pkey;
	EMU_SYM(state_str, ibv_port_state_str);
	EMU_SYM(rate_to_mbps, ibv_rate_to_mbps);
	EMU_SYM(mbps_to_rate, mbps_to_ibv_rate);
	EMU_SYM(rate_to_mult, ibv_rate_to_mult);
	EMU_SYM(query_gid, ibv_query_gid);
	EMU_SYM(gid_table, _ibv_query_gid_table);
	EMU_SYM(query_pkey, ibv_query_pkey);
	EMU_SYM(reg_iova2, ibv_reg_mr_iova2);
	EMU_SYM(fork_status, ibv_is_fork_initialized);

	TEST_ASSERT(strcmp(state_str(IBV_PORT_ACTIVE), "PORT_ACTIVE") == 0,
		    "port state text");
	TEST_ASSERT(strcmp(state_str((enum ibv_port_state)99),
			   "invalid state") == 0,
		    "out of range state");
	TEST_ASSERT_EQ(rate_to_mbps(IBV_RATE_100_GBPS), 103125, "EDR 4x");
	TEST_ASSERT_EQ(mbps_to_rate(25781), IBV_RATE_25_GBPS, "25G back");
	TEST_ASSERT_EQ(rate_to_mult(IBV_RATE_40_GBPS), 16, "40G = 16 x 2.5");
	TEST_ASSERT_EQ(rate_to_mbps((enum ibv_rate)99), -1, "unknown rate");
	TEST_ASSERT_EQ(fork_status(), IBV_FORK_UNNEEDED, "fork unneeded");
	TEST_ASSERT(emu_dev_open(&d, "vfs=1") == 0, "open");
	/* GID table: entry 0 from the port's netdev MAC, the rest empty,
	 * past the table EINVAL. Port 2 is VF 0's representor: its own
	 * MAC (..:80:01), not its VF's. */
	TEST_ASSERT_EQ(query_gid(d.ctx, 2, 0, &gid), 0, "gid 0 of port 2");
	TEST_ASSERT(gid.raw[0] == 0xfe && gid.raw[14] == 0x80 &&
			    gid.raw[15] == 0x01,
		    "representor MAC in the GID");
	TEST_ASSERT_EQ(query_gid(d.ctx, 1, 5, &gid), 0, "empty entry");
	TEST_ASSERT(gid.global.interface_id == 0 &&
			    gid.global.subnet_prefix == 0,
		    "empty entry is zero");
	TEST_ASSERT_EQ(query_gid(d.ctx, 1, 256, &gid), EINVAL, "past table");
	TEST_ASSERT_EQ(gid_table(d.ctx, ent, 4, 0, sizeof(ent[0])), 2,
		       "one GID per port");
	TEST_ASSERT(ent[1].port_num == 2 &&
			    ent[1].gid_type == IBV_GID_TYPE_ROCE_V1,
		    "port 2's RoCE v1 GID");
	TEST_ASSERT_EQ(gid_table(d.ctx, ent, 1, 0, sizeof(ent[0])), -EINVAL,
		       "too small a table");
	TEST_ASSERT_EQ(query_pkey(d.ctx, 1, 0, &pkey), 0, "pkey 0");
	TEST_ASSERT_EQ(be16toh(pkey), 0xffff, "default P_Key");
	TEST_ASSERT_EQ(query_pkey(d.ctx, 1, 1, &pkey), EINVAL, "one P_Key");
	/* The model translates addresses, not IOVAs. */
	errno = 0;
	TEST_ASSERT(reg_iova2(d.pd, ent, sizeof(ent), 0x1000,
			      IBV_ACCESS_LOCAL_WRITE) == NULL &&
			    errno == EOPNOTSUPP,
		    "IOVA != address refused with EOPNOTSUPP");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
esw_cap_status(struct emu_dev *d)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(query_hca_cap_in)] = { 0 };
	static uint8_t out[MLX5X_ST_SZ_BYTES(query_hca_cap_out)];

	/* PRM: capability type 0x9 (E-Switch), current values: op_mod 0x13. */
	MLX5X_SET(query_hca_cap_in, in, opcode, MLX5X_CMD_OP_QUERY_HCA_CAP);
	MLX5X_SET(query_hca_cap_in, in, op_mod, 0x13);
	return emu_cmd(d, in, sizeof(in), out, sizeof(out));
}

static int
test_eswitch_caps_for_the_manager(void)
{
	struct emu_dev d, vf;

	TEST_ASSERT(emu_dev_open(&d, "vfs=1") == 0, "open switchdev");
	TEST_ASSERT_EQ(esw_cap_status(&d), 0,
		       "the switchdev manager reads its E-Switch caps");
	TEST_ASSERT(emu_dev_open_name(&vf, "mlx5_8") == 0, "open VF 0");
	TEST_ASSERT_EQ(esw_cap_status(&vf), MLX5X_CMD_STAT_BAD_PARAM_ERR,
		       "a VF manages no E-Switch");
	emu_dev_close(&vf);
	emu_dev_close(&d);
	TEST_ASSERT(emu_dev_open(&d, "esw=legacy") == 0, "open legacy");
	TEST_ASSERT_EQ(esw_cap_status(&d), MLX5X_CMD_STAT_BAD_PARAM_ERR,
		       "legacy: no E-Switch manager");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_dr_dest_ib_port_is_the_ports_vport(void)
{
	struct mlx5dv_dr_domain *fdb, *rx;
	struct mlx5dv_dr_action *a;
	struct emu_dev d;
	EMU_SYM(dest_ib_port, mlx5dv_dr_action_create_dest_ib_port);

	TEST_ASSERT(emu_dev_open(&d, "vfs=2") == 0, "open switchdev");
	fdb = emu.dr_domain_create(d.ctx, MLX5DV_DR_DOMAIN_TYPE_FDB);
	TEST_ASSERT(fdb != NULL, "FDB domain");
	/* IB port 1: the uplink representor; 2 and 3: VF 0 and 1. */
	a = dest_ib_port(fdb, 1);
	TEST_ASSERT(a != NULL, "dest IB port 1 (uplink)");
	TEST_ASSERT_EQ(emu.dr_action_destroy(a), 0, "destroy");
	a = dest_ib_port(fdb, 3);
	TEST_ASSERT(a != NULL, "dest IB port 3 (VF 1)");
	TEST_ASSERT_EQ(emu.dr_action_destroy(a), 0, "destroy");
	errno = 0;
	TEST_ASSERT(dest_ib_port(fdb, 0) == NULL && errno == EINVAL,
		    "IB port 0 does not exist");
	rx = emu.dr_domain_create(d.ctx, MLX5DV_DR_DOMAIN_TYPE_NIC_RX);
	TEST_ASSERT(rx != NULL, "NIC RX domain");
	errno = 0;
	TEST_ASSERT(dest_ib_port(rx, 1) == NULL && errno == EINVAL,
		    "only FDB domains forward to a port");
	TEST_ASSERT_EQ(emu.dr_domain_destroy(rx), 0, "destroy NIC RX");
	TEST_ASSERT_EQ(emu.dr_domain_destroy(fdb), 0, "destroy FDB");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_netdev_dev_port(void)
{
	char path[1024], buf[16] = "";
	struct emu_dev d;
	FILE *f;

	TEST_ASSERT(emu_dev_open(&d, "esw=legacy") == 0, "open");
	/* DPDK and rdma-core pick the netdev of IB port 1 by dev_port 0. */
	snprintf(path, sizeof(path),
		 "%s/class/infiniband/mlx5_0/device/net/emu0/dev_port",
		 emu.sysfs_root());
	f = fopen(path, "r");
	TEST_ASSERT(f != NULL, "%s exists", path);
	TEST_ASSERT(fgets(buf, sizeof(buf), f) != NULL, "read");
	fclose(f);
	TEST_ASSERT(strcmp(buf, "0\n") == 0, "dev_port 0, read '%s'", buf);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Post the RQ's next receive WQE (a 2 KiB slot of mem) and ring it. */
static void
rq_post(struct emu_q *q, uint8_t *mem, uint32_t lkey)
{
	uint32_t idx = q->pi & ((1u << q->log_sz) - 1);
	struct mlx5_wqe_data_seg *ds =
		(struct mlx5_wqe_data_seg *)(q->buf + (size_t)idx * 16);

	ds->byte_count = htobe32(2048);
	ds->lkey = htobe32(lkey);
	ds->addr = htobe64((uintptr_t)(mem + (size_t)idx * 2048));
	q->pi++;
	q->dbr[0] = htobe32(q->pi & 0xffff);
}

/* A CQ compares the consumer counter software writes modulo twice its
 * ring (DPDK's mlx5 PMD keeps its Tx CQ counter in 16 bits and forwards
 * for ever on adapters): a 4-slot CQ whose consumer writes only 3 bits
 * completes 40 frames; a fifth unconsumed completion still overruns it;
 * with cqc.oi the fifth is written over the oldest instead. */
static int
test_cq_counter_compared_modulo_twice_the_ring(void)
{
	struct mlx5_cqe64 *cqe;
	uint8_t frame[128], *mem;
	struct emu_steer s;
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q q;
	size_t len;
	int i;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	mem = calloc(4, 2048);
	TEST_ASSERT(mem != NULL, "buffers");
	mr = emu.reg_mr(d.pd, mem, 4 * 2048, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(mr != NULL, "MR");
	len = emu_frame_udp4(frame, pf_mac, 0x0a000001, 0x0a000002, 1000, 2000,
			     40);
	TEST_ASSERT(emu_q_create(&d, &q, false, 2, 4) == 0, "4-slot RQ and CQ");
	TEST_ASSERT_EQ(emu_q_modify(&q, 0, 1), 0, "RST->RDY");
	TEST_ASSERT(emu_steer_direct(&d, &s, q.qn, 0) == 0, "steering");
	for (i = 0; i < 40; i++) {
		rq_post(&q, mem, mr->lkey);
		TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject");
		TEST_ASSERT(emu_q_poll_cqe(&q, 100) != NULL, "completion %d",
			    i);
		q.cq_dbr[0] = htobe32(q.cq_ci & 7);
	}
	TEST_ASSERT_EQ(emu_cq_status(&q), MLX5X_CQC_STATUS_OK,
		       "a 3-bit consumer counter is enough for 4 slots");
	for (i = 0; i < 5; i++) {
		rq_post(&q, mem, mr->lkey);
		TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject");
		emu.poll();
		TEST_ASSERT_EQ(emu_cq_status(&q),
			       i < 4 ? MLX5X_CQC_STATUS_OK
				     : MLX5X_CQC_STATUS_CQ_OVERFLOW,
			       "after %d unconsumed completions", i + 1);
	}
	emu_steer_destroy(&s);
	emu_q_destroy(&q);

	TEST_ASSERT(emu_q_create_rq_oi(&d, &q, 2) == 0, "RQ, CQ with oi");
	TEST_ASSERT_EQ(emu_q_modify(&q, 0, 1), 0, "RST->RDY");
	TEST_ASSERT(emu_steer_direct(&d, &s, q.qn, 0) == 0, "steering");
	for (i = 0; i < 5; i++) {
		rq_post(&q, mem, mr->lkey);
		TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject");
		emu.poll();
	}
	TEST_ASSERT_EQ(emu_cq_status(&q), MLX5X_CQC_STATUS_OK,
		       "oi: no overrun");
	cqe = (struct mlx5_cqe64 *)q.cq_buf;
	TEST_ASSERT_EQ(cqe->op_own & 1, 1,
		       "slot 0 holds the fifth CQE (second pass owner bit)");
	TEST_ASSERT_EQ(be16toh(cqe->wqe_counter), 4, "of WQE 4");
	emu_rx_teardown(&s, &q, mr, mem, &d);
	return MLX5X_TEST_PASS;
}

/* The IB device of the PF's VF 0 (PCI function 0000:08:00.2). */
static int
vf0_ibdev(char *name, size_t len)
{
	return emu_ibdev_by_pci("0000:08:00.2", name, len);
}

/* An adapter with one VF (its frames dropped), its PF opened in d and
 * VF 0 in v. MLX5X_TEST_PASS or the failed assertion's. */
static int
pf_vf0_open(struct emu_dev *d, struct emu_dev *v)
{
	char name[64];

	TEST_ASSERT(emu_dev_open(d, "vfs=1,wire=drop,vf_end=drop") == 0,
		    "open the PF");
	TEST_ASSERT_EQ(vf0_ibdev(name, sizeof(name)), 0, "VF 0's device");
	TEST_ASSERT_EQ(emu_dev_open_name(v, name), 0, "open VF 0");
	return MLX5X_TEST_PASS;
}

/* CREATE/DESTROY_FLOW_TABLE (NIC RX), other_vport to vport (or not). */
static int
vport_table(struct emu_dev *d, bool other, uint16_t vport, uint32_t *id,
	    uint32_t *syndrome)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t out[16] = { 0 };
	int st;

	MLX5X_SET(create_flow_table_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, in, other_vport, other);
	MLX5X_SET(create_flow_table_in, in, vport_number, vport);
	MLX5X_SET(create_flow_table_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(flow_table_context,
		  MLX5X_ADDR_OF(create_flow_table_in, in, flow_table_context),
		  log_size, 2);
	st = emu_cmd(d, in, sizeof(in), out, sizeof(out));
	*id = MLX5X_GET(create_flow_table_out, out, table_id);
	*syndrome = MLX5X_GET(mbox_out, out, syndrome);
	return st;
}

static int
vport_group(struct emu_dev *d, bool other, uint16_t vport, uint32_t ft,
	    uint32_t *id)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint8_t out[16] = { 0 };
	int st;

	MLX5X_SET(create_flow_group_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, in, other_vport, other);
	MLX5X_SET(create_flow_group_in, in, vport_number, vport);
	MLX5X_SET(create_flow_group_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(create_flow_group_in, in, table_id, ft);
	MLX5X_SET(create_flow_group_in, in, end_flow_index, 3);
	st = emu_cmd(d, in, sizeof(in), out, sizeof(out));
	*id = MLX5X_GET(create_flow_group_out, out, group_id);
	return st;
}

static int
vport_destroy(struct emu_dev *d, uint16_t op, uint16_t vport, uint32_t ft,
	      uint32_t fg)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(destroy_flow_group_in)] = { 0 };
	uint8_t out[16] = { 0 };

	MLX5X_SET(destroy_flow_group_in, in, opcode, op);
	MLX5X_SET(destroy_flow_group_in, in, other_vport, 1);
	MLX5X_SET(destroy_flow_group_in, in, vport_number, vport);
	MLX5X_SET(destroy_flow_group_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(destroy_flow_group_in, in, table_id, ft);
	MLX5X_SET(destroy_flow_group_in, in, group_id, fg);
	return emu_cmd(d, in, sizeof(in), out, sizeof(out));
}

/* PRM other_vport on the steering commands: the E-Switch manager creates
 * a table and a group for VF 0's vport (1); the table is that vport's
 * (the manager's own commands do not find it); a VF, which is no
 * manager, is refused other_vport, and so is a vport that does not
 * exist. */
static int
test_other_vport_flow_table_and_group(void)
{
	uint32_t ft, fg, syn, id;
	struct emu_dev d, v;

	TEST_ASSERT_EQ(pf_vf0_open(&d, &v), MLX5X_TEST_PASS, "PF and VF 0");
	TEST_ASSERT_EQ(vport_table(&d, true, 1, &ft, &syn), 0,
		       "manager: table for vport 1 (syndrome 0x%x)", syn);
	TEST_ASSERT_EQ(vport_group(&d, true, 1, ft, &fg), 0,
		       "manager: group in vport 1's table");
	TEST_ASSERT_EQ(vport_group(&d, false, 0, ft, &id),
		       MLX5X_CMD_STAT_BAD_RES_ERR,
		       "vport 1's table is not the manager's own");
	TEST_ASSERT_EQ(vport_table(&v, true, 0, &id, &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR,
		       "a VF is no E-Switch manager");
	TEST_ASSERT_EQ(vport_table(&d, true, 7, &id, &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "vport 7 does not exist");
	TEST_ASSERT_EQ(vport_destroy(&d, MLX5X_CMD_OP_DESTROY_FLOW_GROUP, 1, ft,
				     fg),
		       0, "group destroyed through other_vport");
	TEST_ASSERT_EQ(vport_destroy(&d, MLX5X_CMD_OP_DESTROY_FLOW_TABLE, 1, ft,
				     0),
		       0, "table destroyed through other_vport");
	emu_dev_close(&v);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* SET_FLOW_TABLE_ENTRY on d at index 0 of group fg of NIC RX table ft,
 * forwarding to (dtype, did): the PRM status, *syn the syndrome, the
 * entry in *o (NULL if refused). */
static int
fn_fte(struct emu_dev *d, uint32_t ft, uint32_t fg, uint16_t dtype,
       uint32_t did, uint32_t *syn, struct mlx5dv_devx_obj **o)
{
	uint8_t in[EMU_FTE_ONE_DEST_BYTES] = { 0 }, out[16] = { 0 };

	emu_fte_in_one_word(in, MLX5X_FLOW_TABLE_TYPE_NIC_RX, ft, fg, 0, 0, 0,
			    0, dtype, did);
	*o = emu.obj_create(d->ctx, in, sizeof(in), out, sizeof(out));
	*syn = MLX5X_GET(mbox_out, out, syndrome);
	return MLX5X_GET(mbox_out, out, status);
}

/* A NIC table's world is its vport's (as RQ numbers are a function's):
 * the PF's table may not miss to the table the manager made for VF 0's
 * vport (syndrome ft_miss_table_unknown), nor forward to it or to a TIR
 * VF 0 made (fte_dest_bad); to a table of its own it may. */
static int
test_other_vports_tables_and_tirs_are_none(void)
{
	struct mlx5dv_devx_obj *pf_o = NULL, *deep_o, *fg_o, *e = NULL;
	uint32_t vft, pft, deep, g, syn = 0;
	struct emu_rx_tir vt;
	struct emu_dev d, v;

	TEST_ASSERT_EQ(pf_vf0_open(&d, &v), MLX5X_TEST_PASS, "PF and VF 0");
	TEST_ASSERT_EQ(emu_rx_tir_make(&v, &vt), MLX5X_TEST_PASS,
		       "VF 0's RQ and TIR");
	TEST_ASSERT_EQ(vport_table(&d, true, 1, &vft, &syn), 0,
		       "manager: table for vport 1");
	TEST_ASSERT_EQ(emu_nic_rx_table(&d, 0, vft, &pf_o), 0u,
		       "the PF's table missing to vport 1's: refused");
	pft = emu_nic_rx_table(&d, 0, 0, &pf_o);
	deep = emu_nic_rx_table(&d, 1, 0, &deep_o);
	g = emu_nic_rx_group(&d, pft, 0, 0, NULL, &fg_o);
	TEST_ASSERT(pft != 0 && deep != 0 && g != 0, "the PF's tables");
	TEST_ASSERT_EQ(fn_fte(&d, pft, g,
			      MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE, vft, &syn,
			      &e),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR,
		       "forward to vport 1's table: refused");
	TEST_ASSERT_EQ(syn, 0xa30007u, "syndrome: bad destination");
	TEST_ASSERT_EQ(fn_fte(&d, pft, g, MLX5X_FLOW_DESTINATION_TYPE_TIR,
			      vt.tirn, &syn, &e),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR,
		       "forward to VF 0's TIR: refused");
	TEST_ASSERT_EQ(syn, 0xa30007u, "syndrome: bad destination");
	TEST_ASSERT_EQ(fn_fte(&d, pft, g,
			      MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE, deep,
			      &syn, &e),
		       0, "forward to a deeper table of its own");
	TEST_ASSERT_EQ(emu.obj_destroy(e), 0, "entry");
	TEST_ASSERT_EQ(emu.obj_destroy(fg_o), 0, "group");
	TEST_ASSERT_EQ(emu.obj_destroy(deep_o), 0, "deeper table");
	TEST_ASSERT_EQ(emu.obj_destroy(pf_o), 0, "the PF's table");
	TEST_ASSERT_EQ(vport_destroy(&d, MLX5X_CMD_OP_DESTROY_FLOW_TABLE, 1,
				     vft, 0),
		       0, "vport 1's table");
	emu_rx_tir_free(&vt);
	emu_dev_close(&v);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* QUERY_VPORT_COUNTER transmit_errors.packets of vport (other_vport). */
static uint64_t
tx_errors_of(struct emu_dev *d, uint16_t vport)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(query_vport_counter_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(query_vport_counter_out)] = { 0 };

	MLX5X_SET(query_vport_counter_in, in, opcode,
		  MLX5X_CMD_OP_QUERY_VPORT_COUNTER);
	MLX5X_SET(query_vport_counter_in, in, other_vport, vport != 0);
	MLX5X_SET(query_vport_counter_in, in, vport_number, vport);
	if (emu_cmd(d, in, sizeof(in), out, sizeof(out)) != 0)
		return UINT64_MAX;
	return MLX5X_GET64(query_vport_counter_out, out,
			   transmit_errors.packets);
}

/* A frame VF 0's SQ cannot send (a WQE of no segments) is a transmit
 * error of VF 0's vport, not of the PF's. */
static int
test_vf_sq_error_counts_on_its_vport(void)
{
	struct emu_dev d, v;
	struct emu_q sq;
	uint32_t w[2];

	TEST_ASSERT_EQ(pf_vf0_open(&d, &v), MLX5X_TEST_PASS, "PF and VF 0");
	TEST_ASSERT(emu_q_create(&v, &sq, true, 4, 6) == 0 &&
			    emu_q_modify(&sq, 0, 1) == 0,
		    "VF 0's SQ, ready");
	/* Control segment: SEND, WQE 0, ds 0 (not even itself). */
	w[0] = htobe32(MLX5_OPCODE_SEND);
	w[1] = htobe32(sq.qn << 8);
	memcpy(sq.buf, w, sizeof(w));
	sq.dbr[MLX5X_SND_DBR] = htobe32(1);
	TEST_ASSERT(emu_q_poll_cqe(&sq, 200) != NULL, "error CQE");
	TEST_ASSERT_EQ(tx_errors_of(&d, 1), 1, "VF 0's vport: one error");
	TEST_ASSERT_EQ(tx_errors_of(&d, 0), 0, "the PF's vport: none");
	emu_q_destroy(&sq);
	emu_dev_close(&v);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_fidelity_suite, "emu_fidelity", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_tir_in_transport_domain_zero),
		 MLX5X_TEST_CASE(test_q_counter_counts_out_of_buffer),
		 MLX5X_TEST_CASE(test_mpw_allowed_and_clock),
		 MLX5X_TEST_CASE(test_async_fd_and_async_query),
		 MLX5X_TEST_CASE(test_verbs_helpers_without_model),
		 MLX5X_TEST_CASE(test_eswitch_caps_for_the_manager),
		 MLX5X_TEST_CASE(test_dr_dest_ib_port_is_the_ports_vport),
		 MLX5X_TEST_CASE(test_netdev_dev_port),
		 MLX5X_TEST_CASE(test_cq_counter_compared_modulo_twice_the_ring),
		 MLX5X_TEST_CASE(test_other_vport_flow_table_and_group),
		 MLX5X_TEST_CASE(test_other_vports_tables_and_tirs_are_none),
		 MLX5X_TEST_CASE(test_vf_sq_error_counts_on_its_vport))
