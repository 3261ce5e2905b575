/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, device level: the device list and sysfs tree per
 * model and E-Switch mode, capabilities through QUERY_HCA_CAP, ports
 * through mlx5dv_query_port, the NIC vport context, and a bad
 * configuration refused with a message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "test_emu_lib.h"

static int
read_file(const char *root, const char *rel, char *buf, size_t len)
{
	char path[1024];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return 0;
}

static int
query_cap(struct emu_dev *d, uint16_t type, uint8_t *out, size_t outlen)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(query_hca_cap_in)] = { 0 };

	MLX5X_SET(query_hca_cap_in, in, opcode, MLX5X_CMD_OP_QUERY_HCA_CAP);
	MLX5X_SET(query_hca_cap_in, in, op_mod,
		  type << 1 | MLX5X_HCA_CAP_OPMOD_GET_CUR);
	return emu_cmd(d, in, sizeof(in), out, outlen);
}

static const struct {
	const char *model;
	const char *devid;
	int striding_rq;
	int empw;
} models[] = {
	{ "cx4", "0x1013", 0, 0 },   { "cx4lx", "0x1015", 0, 1 },
	{ "cx5", "0x1017", 1, 1 },   { "cx6", "0x101b", 1, 1 },
	{ "cx6dx", "0x101d", 1, 1 },
};

static int
test_models_caps_and_pci_ids(void)
{
	static uint8_t out[MLX5X_ST_SZ_BYTES(query_hca_cap_out)];
	size_t i;

	for (i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
		char cfg[128], buf[256], rel[256];
		struct ibv_device_attr attr;
		struct emu_dev d;
		void *cap = MLX5X_ADDR_OF(query_hca_cap_out, out, capability);

		snprintf(cfg, sizeof(cfg), "model=%s,pci=0000:0%zu:00.0",
			 models[i].model, i + 1);
		TEST_ASSERT(emu_dev_open(&d, cfg) == 0, "open %s", cfg);
		snprintf(rel, sizeof(rel),
			 "bus/pci/devices/0000:0%zu:00.0/device", i + 1);
		TEST_ASSERT(read_file(emu.sysfs_root(), rel, buf,
				      sizeof(buf)) == 0 &&
				    strcmp(buf, models[i].devid) == 0,
			    "%s PCI device id %s, read '%s'", models[i].model,
			    models[i].devid, buf);
		TEST_ASSERT_EQ(emu.query_device(d.ctx, &attr), 0,
			       "query_device");
		TEST_ASSERT_EQ(attr.vendor_part_id,
			       strtoul(models[i].devid, NULL, 16), "%s",
			       models[i].model);
		TEST_ASSERT_EQ(query_cap(&d, MLX5X_CAP_GENERAL, out,
					 sizeof(out)),
			       0, "general caps");
		TEST_ASSERT_EQ(MLX5X_GET(cmd_hca_cap, cap, port_type),
			       MLX5X_CAP_PORT_TYPE_ETH, "Ethernet port");
		TEST_ASSERT_EQ(MLX5X_GET(cmd_hca_cap, cap, striding_rq),
			       models[i].striding_rq, "%s", models[i].model);
		TEST_ASSERT_EQ(MLX5X_GET(cmd_hca_cap, cap, eswitch_manager), 1,
			       "switchdev default: manager");
		TEST_ASSERT_EQ(query_cap(&d, MLX5X_CAP_ETHERNET_OFFLOADS, out,
					 sizeof(out)),
			       0, "eth caps");
		TEST_ASSERT_EQ(MLX5X_GET(per_protocol_networking_offload_caps,
					 cap, enhanced_multi_pkt_send_wqe),
			       models[i].empw, "%s", models[i].model);
		TEST_ASSERT_EQ(MLX5X_GET(per_protocol_networking_offload_caps,
					 cap, csum_cap),
			       1, "csum");
		TEST_ASSERT_EQ(query_cap(&d, MLX5X_CAP_FLOW_TABLE, out,
					 sizeof(out)),
			       0, "flow table caps");
		TEST_ASSERT_EQ(MLX5X_GET(flow_table_prop_layout,
					 MLX5X_ADDR_OF(flow_table_nic_cap, cap,
						       flow_table_properties_nic_receive),
					 ft_support),
			       1, "NIC RX tables");
		TEST_ASSERT_EQ(query_cap(&d, MLX5X_CAP_ESWITCH_FLOW_TABLE, out,
					 sizeof(out)),
			       0, "FDB caps in switchdev");
		emu_dev_close(&d);
	}
	return MLX5X_TEST_PASS;
}

static int
test_switchdev_ports_and_sysfs(void)
{
	const char *root;
	char buf[256], rel[512], sw0[256];
	struct mlx5dv_port port;
	struct emu_dev d;
	unsigned int p;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,pci=0000:08:00.0,vfs=3") == 0,
		    "open");
	root = emu.sysfs_root();
	TEST_ASSERT(read_file(root, "class/infiniband/mlx5_0/device/uevent",
			      buf, sizeof(buf)) == 0 &&
			    strstr(buf, "PCI_SLOT_NAME=0000:08:00.0") != NULL,
		    "ibdev device link reaches the PCI uevent: '%s'", buf);
	TEST_ASSERT(read_file(root, "bus/pci/devices/0000:08:00.0/sriov_numvfs",
			      buf, sizeof(buf)) == 0 &&
			    strcmp(buf, "3") == 0,
		    "sriov_numvfs '%s'", buf);
	TEST_ASSERT(access("/dev/null", F_OK) == 0, "sanity");
	for (p = 1; p <= 4; p++) {
		char ifname[64], want[16];

		snprintf(rel, sizeof(rel),
			 "class/infiniband/mlx5_0/ports/%u/gid_attrs/ndevs/0",
			 p);
		TEST_ASSERT(read_file(root, rel, ifname, sizeof(ifname)) == 0,
			    "port %u netdev", p);
		snprintf(rel, sizeof(rel),
			 "class/infiniband/mlx5_0/device/net/%s/phys_port_name",
			 ifname);
		TEST_ASSERT(read_file(root, rel, buf, sizeof(buf)) == 0,
			    "phys_port_name of %s", ifname);
		if (p == 1)
			snprintf(want, sizeof(want), "p0");
		else
			snprintf(want, sizeof(want), "pf0vf%u", p - 2);
		TEST_ASSERT(strcmp(buf, want) == 0,
			    "port %u is '%s', want '%s'", p, buf, want);
		snprintf(rel, sizeof(rel),
			 "class/infiniband/mlx5_0/device/net/%s/phys_switch_id",
			 ifname);
		TEST_ASSERT(read_file(root, rel, buf, sizeof(buf)) == 0,
			    "switch id");
		if (p == 1)
			snprintf(sw0, sizeof(sw0), "%s", buf);
		TEST_ASSERT(strcmp(buf, sw0) == 0,
			    "one switch id per E-Switch");
		memset(&port, 0, sizeof(port));
		TEST_ASSERT_EQ(emu.dv_query_port(d.ctx, p, &port, sizeof(port)),
			       0, "query port %u", p);
		TEST_ASSERT(port.flags & MLX5DV_QUERY_PORT_VPORT, "vport flag");
		TEST_ASSERT_EQ(port.vport, p == 1 ? 0xffff : p - 1,
			       "PRM vport of IB port %u", p);
	}
	TEST_ASSERT(emu.dv_query_port(d.ctx, 5, &port, sizeof(port)) != 0,
		    "no port 5 with 3 VFs");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_legacy_single_port(void)
{
	struct mlx5dv_port port;
	struct ibv_device_attr attr;
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, "esw=legacy,vfs=2") == 0, "open");
	TEST_ASSERT_EQ(emu.query_device(d.ctx, &attr), 0, "query");
	TEST_ASSERT_EQ(attr.phys_port_cnt, 1, "legacy: one port");
	TEST_ASSERT_EQ(emu.dv_query_port(d.ctx, 1, &port, sizeof(port)), 0,
		       "port 1");
	TEST_ASSERT_EQ(port.vport, 0, "plain PF is vport 0");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_vport_mtu_reaches_netdev(void)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(modify_nic_vport_context_in)] = { 0 };
	uint8_t qin[MLX5X_ST_SZ_BYTES(query_nic_vport_context_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(query_nic_vport_context_out)];
	void *c = MLX5X_ADDR_OF(modify_nic_vport_context_in, in,
				nic_vport_context);
	char buf[64];
	struct emu_dev d;
	uint32_t hw_mtu;

	TEST_ASSERT(emu_dev_open(&d, NULL) == 0, "open");
	MLX5X_SET(query_nic_vport_context_in, qin, opcode,
		  MLX5X_CMD_OP_QUERY_NIC_VPORT_CONTEXT);
	TEST_ASSERT_EQ(emu_cmd(&d, qin, sizeof(qin), out, sizeof(out)), 0,
		       "query");
	hw_mtu = MLX5X_GET(nic_vport_context,
			   MLX5X_ADDR_OF(query_nic_vport_context_out, out,
					 nic_vport_context),
			   mtu);
	MLX5X_SET(modify_nic_vport_context_in, in, opcode,
		  MLX5X_CMD_OP_MODIFY_NIC_VPORT_CONTEXT);
	MLX5X_SET(modify_nic_vport_field_select,
		  MLX5X_ADDR_OF(modify_nic_vport_context_in, in, field_select),
		  mtu, 1);
	MLX5X_SET(nic_vport_context, c, mtu, hw_mtu + 7500);
	TEST_ASSERT_EQ(emu_cmd(&d, in, sizeof(in), out, 16), 0, "modify mtu");
	TEST_ASSERT(read_file(emu.sysfs_root(),
			      "class/infiniband/mlx5_0/device/net/emu0p0/mtu",
			      buf, sizeof(buf)) == 0,
		    "netdev mtu file");
	TEST_ASSERT_EQ(strtoul(buf, NULL, 10), 1500 + 7500,
		       "netdev follows the vport MTU");
	MLX5X_SET(nic_vport_context, c, mtu, 10);
	TEST_ASSERT_EQ(emu_cmd(&d, in, sizeof(in), out, 16),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "MTU below IPv4 minimum");
	TEST_ASSERT(MLX5X_GET(mbox_out, out, syndrome) != 0, "syndrome set");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_bad_config_names_key(void)
{
	struct ibv_device **list;
	int n = -1;

	if (emu_lib_load() != 0)
		return MLX5X_TEST_SKIP;
	TEST_ASSERT(emu.setup("model=cx9", NULL) != 0, "unknown model refused");
	TEST_ASSERT(emu.setup("model=cx5,colour=blue", NULL) != 0,
		    "unknown key refused");
	TEST_ASSERT(emu.setup("vfs=999", NULL) != 0, "too many VFs refused");
	TEST_ASSERT(emu.setup("pci=08:00.0", NULL) != 0, "short PCI refused");
	/* With the environment naming a bad key too, the list is empty. */
	setenv(MLX5X_EMU_CONFIG_ENV, "esw=sideways", 1);
	emu.teardown();
	list = emu.get_device_list(&n);
	unsetenv(MLX5X_EMU_CONFIG_ENV);
	TEST_ASSERT(list != NULL && n == 0, "empty device list, got %d", n);
	emu.free_device_list(list);
	emu.teardown();
	return MLX5X_TEST_PASS;
}

static int
test_two_adapters(void)
{
	const char *cfg =
		"pci=0000:08:00.0,vfs=1;model=cx6dx,pci=0000:09:00.0,vfs=1";
	char a[256], b[256];
	struct ibv_device **list;
	int n = 0;

	if (emu_lib_load() != 0)
		return MLX5X_TEST_SKIP;
	TEST_ASSERT_EQ(emu.setup(cfg, NULL), 0, "setup");
	list = emu.get_device_list(&n);
	TEST_ASSERT(list != NULL && n == 4,
		    "two PF and two VF IB devices, got %d", n);
	TEST_ASSERT(strcmp(list[0]->name, "mlx5_0") == 0 &&
			    strcmp(list[1]->name, "mlx5_1") == 0,
		    "names");
	/* VF k of adapter n: mlx5_<8 + 32 n + k> (emu/README.md). */
	TEST_ASSERT(strcmp(list[2]->name, "mlx5_8") == 0 &&
			    strcmp(list[3]->name, "mlx5_40") == 0,
		    "VF names %s %s", list[2]->name, list[3]->name);
	emu.free_device_list(list);
	TEST_ASSERT(read_file(emu.sysfs_root(),
			      "class/infiniband/mlx5_1/device/uevent", a,
			      sizeof(a)) == 0 &&
			    strstr(a, "PCI_SLOT_NAME=0000:09:00.0") != NULL,
		    "mlx5_1 is 0000:09:00.0");
	TEST_ASSERT(read_file(emu.sysfs_root(),
			      "class/infiniband/mlx5_1/device/device", a,
			      sizeof(a)) == 0 &&
			    strcmp(a, "0x101d") == 0,
		    "second adapter is a CX6 Dx");
	TEST_ASSERT(read_file(emu.sysfs_root(),
			      "class/infiniband/mlx5_0/device/net/emu0p0/phys_switch_id",
			      a, sizeof(a)) == 0 &&
			    read_file(emu.sysfs_root(),
				      "class/infiniband/mlx5_1/device/net/emu1p0/phys_switch_id",
				      b, sizeof(b)) == 0 &&
			    strcmp(a, b) != 0,
		    "one switch id per E-Switch: %s vs %s", a, b);
	TEST_ASSERT(emu.setup("pci=0000:08:00.0;pci=0000:08:00.0", NULL) != 0,
		    "one address twice refused");
	emu.teardown();
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_device_suite, "emu_device", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_models_caps_and_pci_ids),
		 MLX5X_TEST_CASE(test_switchdev_ports_and_sysfs),
		 MLX5X_TEST_CASE(test_legacy_single_port),
		 MLX5X_TEST_CASE(test_vport_mtu_reaches_netdev),
		 MLX5X_TEST_CASE(test_two_adapters),
		 MLX5X_TEST_CASE(test_bad_config_names_key))
