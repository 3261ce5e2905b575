/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, SR-IOV VFs as PCI functions of their own: VF k is
 * listed by ibv_get_device_list with its PCI directory (VF device ID,
 * physfn / virtfn<k> links, netdev without switch attributes); a context
 * opened on it owns vport k + 1: its SQ's frames enter the E-Switch from
 * vport k + 1 (in switchdev, the manager's NIC RX with representor k's
 * reg_c_0 tag), frames the E-Switch sends to vport k + 1 go through its NIC
 * RX into its RQs.
 */
#include <endian.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "test_emu_lib.h"

#define VF0_PCI "0000:08:00.2"
#define VF1_PCI "0000:08:00.3"

/* First line of a sysfs file under the emulator's root. */
static int
sysfs_read(const char *rel, char *buf, size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", emu.sysfs_root(), rel);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	if (fgets(buf, (int)len, f) == NULL)
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int
sysfs_link(const char *rel, char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", emu.sysfs_root(), rel);
	n = readlink(path, buf, len - 1);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

static int
hca_cap_bit(struct emu_dev *d, int manager)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(query_hca_cap_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(query_hca_cap_out)] = { 0 };
	void *cap = MLX5X_ADDR_OF(query_hca_cap_out, out, capability);

	MLX5X_SET(query_hca_cap_in, in, opcode, MLX5X_CMD_OP_QUERY_HCA_CAP);
	/* op_mod: capability type (general, 0) << 1 | current (1). */
	MLX5X_SET(query_hca_cap_in, in, op_mod, 1);
	if (emu_cmd(d, in, sizeof(in), out, sizeof(out)) != 0)
		return -1;
	return manager ? (int)MLX5X_GET(cmd_hca_cap, cap, eswitch_manager)
		       : (int)MLX5X_GET(cmd_hca_cap, cap, vport_group_manager);
}

static int
test_vf_function_in_sysfs_and_device_list(void)
{
	struct ibv_device_attr attr;
	struct mlx5dv_port dv;
	char buf[256], name[64];
	struct emu_dev d, v;
	int n = 0;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,vfs=2,wire=drop,vf_end=drop") ==
			    0,
		    "open the PF");
	emu.free_device_list(emu.get_device_list(&n));
	TEST_ASSERT_EQ(n, 3, "the PF and two VF functions are listed");
	TEST_ASSERT(sysfs_read("bus/pci/devices/" VF0_PCI "/device", buf,
			       sizeof(buf)) == 0 &&
			    strcmp(buf, "0x1018") == 0,
		    "VF 0 at " VF0_PCI " with the ConnectX-5 VF ID (%s)", buf);
	TEST_ASSERT(sysfs_read("bus/pci/devices/" VF0_PCI "/vendor", buf,
			       sizeof(buf)) == 0 &&
			    strcmp(buf, "0x15b3") == 0,
		    "vendor");
	TEST_ASSERT(sysfs_link("bus/pci/devices/" VF0_PCI "/physfn", buf,
			       sizeof(buf)) == 0 &&
			    strcmp(buf, "../0000:08:00.0") == 0,
		    "physfn -> the PF (%s)", buf);
	TEST_ASSERT(sysfs_link("bus/pci/devices/0000:08:00.0/virtfn1", buf,
			       sizeof(buf)) == 0 &&
			    strcmp(buf, "../" VF1_PCI) == 0,
		    "the PF's virtfn1 -> VF 1 (%s)", buf);
	TEST_ASSERT(sysfs_read("bus/pci/devices/" VF0_PCI "/sriov_totalvfs",
			       buf, sizeof(buf)) != 0,
		    "a VF has no SR-IOV capability");
	TEST_ASSERT(sysfs_read("class/net/emu0v0/address", buf, sizeof(buf)) ==
				    0 &&
			    strcmp(buf, "02:15:b3:00:00:01") == 0,
		    "VF 0 netdev with vport 1's MAC (%s)", buf);
	TEST_ASSERT(sysfs_read("class/net/emu0v0/phys_port_name", buf,
			       sizeof(buf)) != 0 &&
			    sysfs_read("class/net/emu0v0/phys_switch_id", buf,
				       sizeof(buf)) != 0,
		    "a VF netdev has no phys_port_name nor phys_switch_id");
	TEST_ASSERT_EQ(emu_ibdev_by_pci(VF0_PCI, name, sizeof(name)), 0,
		       "an IB device on VF 0's PCI function");
	snprintf(buf, sizeof(buf),
		 "class/infiniband/%s/ports/1/gid_attrs/ndevs/0", name);
	TEST_ASSERT(sysfs_read(buf, buf, sizeof(buf)) == 0 &&
			    strcmp(buf, "emu0v0") == 0,
		    "its port 1 is netdev emu0v0 (%s)", buf);
	TEST_ASSERT_EQ(emu_dev_open_name(&v, name), 0, "open %s", name);
	TEST_ASSERT_EQ(emu.query_device(v.ctx, &attr), 0, "query device");
	TEST_ASSERT_EQ(attr.phys_port_cnt, 1, "one port");
	TEST_ASSERT_EQ(attr.vendor_part_id, 0x1018, "VF part id");
	memset(&dv, 0xff, sizeof(dv));
	TEST_ASSERT_EQ(emu.dv_query_port(v.ctx, 1, &dv, sizeof(dv)), 0,
		       "mlx5dv_query_port");
	TEST_ASSERT_EQ(dv.flags, 0,
		       "no vport information: the VF is no E-Switch port");
	TEST_ASSERT(emu.dv_query_port(v.ctx, 2, &dv, sizeof(dv)) != 0,
		    "no port 2");
	TEST_ASSERT_EQ(hca_cap_bit(&v, 1), 0, "VF: no E-Switch manager");
	TEST_ASSERT_EQ(hca_cap_bit(&v, 0), 0, "VF: no vport group manager");
	TEST_ASSERT_EQ(hca_cap_bit(&d, 1), 1, "PF: E-Switch manager");
	emu_dev_close(&v);
	emu_dev_close(&d);
	TEST_ASSERT(emu.setup("pci=0000:08:00.0,vfs=2;pci=0000:08:00.3",
			      NULL) != 0,
		    "an adapter on another's VF function is refused");
	TEST_ASSERT_EQ(emu.setup("pci=0000:08:00.0,vfs=2;pci=0000:08:00.4",
				 NULL),
		       0, "next to it is fine");
	emu.teardown();
	return MLX5X_TEST_PASS;
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

/* Switchdev: VF 0's SQ sends; the frame reaches the manager's NIC RX with
 * representor 0's reg_c_0 tag (a rule on it lands it on the manager's
 * queue), not the wire. */
static int
test_vf_sq_reaches_representor_path(void)
{
	const size_t reg_c0 =
		MLX5X_BYTE_OFF(fte_match_param,
			       misc_parameters_2.metadata_reg_c_0);
	uint8_t fin[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t gin[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint8_t ein[MLX5X_ST_SZ_BYTES(set_fte_in) + 8] = { 0 };
	uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
	uint8_t out[64] = { 0 }, frame[128], cap[256];
	struct mlx5dv_devx_obj *ft, *fg, *fte, *tir;
	void *fc = MLX5X_ADDR_OF(set_fte_in, ein, flow_context);
	uint8_t tin[MLX5X_ST_SZ_BYTES(create_tir_in)] = { 0 };
	struct mlx5dv_port rep0;
	struct emu_dev d, v;
	struct ibv_mr *mr;
	struct emu_q sq;
	char name[64];
	uint32_t be, ftn, fgn, tirn;
	struct rx r;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "vfs=2,wire=drop,vf_end=drop") == 0,
		    "open the PF");
	TEST_ASSERT_EQ(emu_ibdev_by_pci(VF0_PCI, name, sizeof(name)), 0,
		       "VF 0");
	TEST_ASSERT_EQ(emu_dev_open_name(&v, name), 0, "open VF 0");
	TEST_ASSERT_EQ(emu.dv_query_port(d.ctx, 2, &rep0, sizeof(rep0)), 0,
		       "representor 0");
	TEST_ASSERT_EQ(rep0.vport, 1, "representor 0 is vport 1");
	TEST_ASSERT(rx_setup(&d, &r) == 0, "manager RQ");
	MLX5X_SET(create_tir_in, tin, opcode, MLX5X_CMD_OP_CREATE_TIR);
	MLX5X_SET(tirc, MLX5X_ADDR_OF(create_tir_in, tin, ctx), inline_rqn,
		  r.q.qn);
	MLX5X_SET(tirc, MLX5X_ADDR_OF(create_tir_in, tin, ctx),
		  transport_domain, d.tdn);
	tir = emu.obj_create(d.ctx, tin, sizeof(tin), out, sizeof(out));
	tirn = MLX5X_GET(create_obj_out, out, obj_id);
	MLX5X_SET(create_flow_table_in, fin, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, fin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(flow_table_context,
		  MLX5X_ADDR_OF(create_flow_table_in, fin, flow_table_context),
		  log_size, 4);
	ft = emu.obj_create(d.ctx, fin, sizeof(fin), out, sizeof(out));
	ftn = MLX5X_GET(create_obj_out, out, obj_id);
	MLX5X_SET(create_flow_group_in, gin, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, gin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(create_flow_group_in, gin, table_id, ftn);
	MLX5X_SET(create_flow_group_in, gin, end_flow_index, 15);
	MLX5X_SET(create_flow_group_in, gin, match_criteria_enable,
		  MLX5X_MATCH_MISC_PARAMETERS_2);
	be = htobe32(rep0.reg_c0.mask);
	memcpy((uint8_t *)MLX5X_ADDR_OF(create_flow_group_in, gin,
					match_criteria) +
		       reg_c0,
	       &be, 4);
	fg = emu.obj_create(d.ctx, gin, sizeof(gin), out, sizeof(out));
	fgn = MLX5X_GET(create_obj_out, out, obj_id);
	MLX5X_SET(set_fte_in, ein, opcode, MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY);
	MLX5X_SET(set_fte_in, ein, table_type, MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_fte_in, ein, table_id, ftn);
	MLX5X_SET(flow_context, fc, group_id, fgn);
	MLX5X_SET(flow_context, fc, action, MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST);
	MLX5X_SET(flow_context, fc, destination_list_size, 1);
	MLX5X_SET(dest_format, MLX5X_ADDR_OF(flow_context, fc, destination),
		  destination_type, MLX5X_FLOW_DESTINATION_TYPE_TIR);
	MLX5X_SET(dest_format, MLX5X_ADDR_OF(flow_context, fc, destination),
		  destination_id, tirn);
	be = htobe32(rep0.reg_c0.value);
	memcpy((uint8_t *)MLX5X_ADDR_OF(flow_context, fc, match_value) + reg_c0,
	       &be, 4);
	fte = emu.obj_create(d.ctx, ein, sizeof(ein), out, sizeof(out));
	MLX5X_SET(set_flow_table_root_in, rin, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, rin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_flow_table_root_in, rin, table_id, ftn);
	TEST_ASSERT(tir != NULL && ft != NULL && fg != NULL && fte != NULL &&
			    emu_cmd(&d, rin, sizeof(rin), out, sizeof(out)) ==
				    0,
		    "manager rule on representor 0's tag");
	/* VF 0's own SQ. */
	TEST_ASSERT(emu_q_create(&v, &sq, true, 4, 6) == 0 &&
			    emu_q_modify(&sq, 0, 1) == 0,
		    "VF SQ");
	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x77\x00\x00\x00\x01",
			     1, 2, 3, 4, 40);
	mr = emu.reg_mr(v.pd, frame, sizeof(frame), 0);
	emu_wqe_send(sq.buf, 1u << sq.log_sz, sq.qn, 0, frame, len, mr->lkey);
	sq.dbr[MLX5X_SND_DBR] = htobe32(1);
	TEST_ASSERT(emu_q_poll_cqe(&sq, 200) != NULL, "VF send completion");
	TEST_ASSERT(emu_q_poll_cqe(&r.q, 200) != NULL,
		    "on the manager's queue by representor 0's tag");
	TEST_ASSERT(memcmp(r.mem, frame, len) == 0, "same bytes");
	TEST_ASSERT_EQ(emu.capture_wire(0, cap, sizeof(cap)), 0,
		       "not on the wire");
	emu.dereg_mr(mr);
	emu_q_destroy(&sq);
	MLX5X_SET(set_flow_table_root_in, rin, op_mod, 1);
	emu_cmd(&d, rin, sizeof(rin), out, sizeof(out));
	emu.obj_destroy(fte);
	emu.obj_destroy(fg);
	emu.obj_destroy(ft);
	emu.obj_destroy(tir);
	rx_teardown(&r);
	emu_dev_close(&v);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Legacy: a wire frame to VF 1's MAC goes to vport 2; with a context open
 * on VF 1's function it lands on that function's RQ through its own NIC
 * RX, not at the VF end; once the context is closed, the VF end again. */
static int
test_frame_to_vport_reaches_vf_rq(void)
{
	uint8_t frame[128], cap[256];
	struct emu_steer st;
	struct mlx5_cqe64 *cqe;
	struct emu_dev d, v;
	char name[64];
	struct rx r;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d,
				 "esw=legacy,vfs=2,wire=drop,vf_end=drop") == 0,
		    "open the PF");
	TEST_ASSERT_EQ(emu_ibdev_by_pci(VF1_PCI, name, sizeof(name)), 0,
		       "VF 1");
	TEST_ASSERT_EQ(emu_dev_open_name(&v, name), 0, "open VF 1");
	TEST_ASSERT(rx_setup(&v, &r) == 0, "VF RQ");
	TEST_ASSERT_EQ(emu_steer_direct(&v, &st, r.q.qn, 0x77), 0,
		       "VF NIC RX root to its RQ");
	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x15\xb3\x00\x00\x02",
			     1, 2, 3, 4, 50);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "from the wire");
	cqe = emu_q_poll_cqe(&r.q, 200);
	TEST_ASSERT(cqe != NULL, "on VF 1's RQ");
	TEST_ASSERT_EQ(be32toh(cqe->byte_cnt), len, "length");
	TEST_ASSERT(memcmp(r.mem, frame, len) == 0, "same bytes");
	TEST_ASSERT_EQ(emu.capture_vf(0, 1, cap, sizeof(cap)), 0,
		       "not at the VF end");
	emu_steer_destroy(&st);
	rx_teardown(&r);
	emu_dev_close(&v);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "again");
	TEST_ASSERT_EQ(emu.capture_vf(0, 1, cap, sizeof(cap)), (int)len,
		       "VF function closed: at the VF end");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_vf_suite, "emu_vf", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_vf_function_in_sysfs_and_device_list),
		 MLX5X_TEST_CASE(test_vf_sq_reaches_representor_path),
		 MLX5X_TEST_CASE(test_frame_to_vport_reaches_vf_rq))
