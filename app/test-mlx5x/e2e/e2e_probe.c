/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Probe and spawn, as an application sees them: which ports exist after
 * -a <pci>,representor=..., with which flags, names and switch info; bad
 * devargs and missing representors refused; probe/remove/probe again.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <rte_ethdev.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"

static int
probe_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
probe_teardown(void)
{
	e2e_detach();
}

static int
test_pf_and_four_representors(void)
{
	struct rte_eth_dev_info pf_info, info;
	uint16_t pf, port;
	unsigned int vf;
	char name[64];

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach("representor=[0-3]"), 0, "probe");
	TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 5, "PF + 4 representors");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT(pf != UINT16_MAX, "a port named %s", E2E_PCI);
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &pf_info), 0, "PF info");
	TEST_ASSERT(strcmp(pf_info.driver_name, "mlx5x_pci") == 0, "driver %s",
		    pf_info.driver_name);
	TEST_ASSERT(!(*pf_info.dev_flags & RTE_ETH_DEV_REPRESENTOR),
		    "the PF is not a representor");
	TEST_ASSERT(pf_info.switch_info.name != NULL,
		    "the uplink is in a switch domain");
	TEST_ASSERT_EQ(pf_info.switch_info.port_id, UINT16_MAX,
		       "the uplink's switch port id");
	for (vf = 0; vf < 4; vf++) {
		snprintf(name, sizeof(name), "%s_representor_vf%u", E2E_PCI,
			 vf);
		port = e2e_port_by_name(name);
		TEST_ASSERT(port != UINT16_MAX, "a port named %s", name);
		TEST_ASSERT_EQ(rte_eth_dev_info_get(port, &info), 0, "info");
		TEST_ASSERT(*info.dev_flags & RTE_ETH_DEV_REPRESENTOR,
			    "%s is a representor", name);
		TEST_ASSERT_EQ(info.switch_info.domain_id,
			       pf_info.switch_info.domain_id,
			       "%s shares the PF's switch domain", name);
		TEST_ASSERT_EQ(info.switch_info.port_id, vf, "%s switch port",
			       name);
	}
	/* The way applications find a representor: ethdev class matching
	 * on the devargs syntax. */
	for (vf = 0; vf < 4; vf++) {
		struct rte_dev_iterator it;
		uint16_t found = UINT16_MAX, n = 0;

		snprintf(name, sizeof(name), "%s,representor=[%u]", E2E_PCI,
			 vf);
		RTE_ETH_FOREACH_MATCHING_DEV(port, name, &it)
		{
			found = port;
			n++;
		}
		snprintf(name, sizeof(name), "%s_representor_vf%u", E2E_PCI,
			 vf);
		TEST_ASSERT_EQ(n, 1, "one port matches representor=[%u]", vf);
		TEST_ASSERT_EQ(found, e2e_port_by_name(name),
			       "representor=[%u] is %s", vf, name);
	}
	return MLX5X_TEST_PASS;
}

static int
test_subset_of_representors(void)
{
	char name[64];

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach("representor=pf0vf[1,3]"), 0, "probe");
	TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 3, "PF + 2 representors");
	snprintf(name, sizeof(name), "%s_representor_vf3", E2E_PCI);
	TEST_ASSERT(e2e_port_by_name(name) != UINT16_MAX, "%s exists", name);
	snprintf(name, sizeof(name), "%s_representor_vf0", E2E_PCI);
	TEST_ASSERT(e2e_port_by_name(name) == UINT16_MAX,
		    "%s was not asked for", name);
	return e2e_detach_check();
}

/* Probing the device again with more representors (testpmd's "port
 * attach") adds the missing ones and keeps the ports that exist. */
static int
test_probe_again_adds_representors(void)
{
	char name[64];
	uint16_t pf;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach("representor=[0]"), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 2, "PF + 1 representor");
	TEST_ASSERT_EQ(rte_eal_hotplug_add("pci", E2E_PCI, "representor=[0-2]"),
		       0, "probe again");
	TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 4, "PF + 3 representors");
	TEST_ASSERT_EQ(e2e_port_by_name(E2E_PCI), pf, "the same PF port");
	snprintf(name, sizeof(name), "%s_representor_vf2", E2E_PCI);
	TEST_ASSERT(e2e_port_by_name(name) != UINT16_MAX, "%s added", name);
	TEST_ASSERT(rte_eal_hotplug_add("pci", E2E_PCI, "representor=[9]") != 0,
		    "a missing representor is still refused");
	TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 4, "and nothing changed");
	/* Ports of both probes share the device context: closing one
	 * representor leaves the others working, and the close of the last
	 * port gives everything back. */
	snprintf(name, sizeof(name), "%s_representor_vf0", E2E_PCI);
	TEST_ASSERT_EQ(rte_eth_dev_close(e2e_port_by_name(name)), 0,
		       "close representor 0");
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, NULL), 0, "the PF still starts");
	return e2e_detach_check();
}

static int
test_missing_representor_refused(void)
{
	E2E_REQUIRE();
	TEST_ASSERT(e2e_attach("representor=[0-7]") != 0,
		    "VFs 4-7 do not exist: probe must fail");
	TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 0,
		       "no port left behind by a refused probe");
	/* And the device is still usable afterwards. */
	TEST_ASSERT_EQ(e2e_attach("representor=[0]"), 0, "probe again");
	TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 2, "PF + 1 representor");
	/* The PF index counts: this adapter has one PF (pf0). */
	TEST_ASSERT(e2e_attach("representor=pf1vf0") != 0,
		    "pf1vf0 refused on a one-PF adapter");
	TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 0, "no port left behind");
	TEST_ASSERT_EQ(e2e_attach("representor=pf0vf0"), 0, "pf0vf0 probes");
	TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 2, "PF + 1 representor");
	return e2e_detach_check();
}

/*
 * A ConnectX whose RDMA device is not there (mlx5_ib not bound: rdma-core
 * lists no IB device on this PCI function; here the IB device's PCI
 * address cannot be read) is refused with ENODEV, the hotplug's answer,
 * and no port; once it is there the same function probes.
 */
static int
test_no_ib_device_is_enodev(void)
{
	char path[4096], hidden[4096 + 8];

	E2E_REQUIRE();
	e2e_detach();
	TEST_ASSERT_EQ(mlx5x_emu_setup(E2E_EMU_CONFIG, e2e_sysfs_root()), 0,
		       "adapter");
	snprintf(path, sizeof(path), "%s/bus/pci/devices/%s/uevent",
		 e2e_sysfs_root(), E2E_PCI);
	snprintf(hidden, sizeof(hidden), "%s.hidden", path);
	TEST_ASSERT_EQ(rename(path, hidden), 0, "hide %s", path);
	TEST_ASSERT_EQ(rte_eal_hotplug_add("pci", E2E_PCI, ""), -ENODEV,
		       "no RDMA device on the function");
	TEST_ASSERT_EQ(rename(hidden, path), 0, "restore %s", path);
	TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 0, "no port");
	TEST_ASSERT_EQ(e2e_attach(NULL), 0, "probes with its RDMA device");
	TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 1, "the PF");
	return e2e_detach_check();
}

/* Two ConnectX adapters in switchdev mode are two E-Switches: each gets
 * a switch domain of its own, which its PF (and its representors)
 * report, and which no other adapter's ports share. */
static int
test_two_adapters_two_switch_domains(void)
{
	static const char two[] =
		"model=cx5,pci=" E2E_PCI ",vfs=2,esw=switchdev,wire=drop,"
		"vf_end=drop;model=cx5,pci=0000:09:00.0,vfs=2,esw=switchdev,"
		"wire=drop,vf_end=drop";
	struct rte_eth_dev_info a, b;
	uint16_t pa, pb;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach_config(two, NULL), 0, "first adapter");
	TEST_ASSERT_EQ(e2e_attach_pci("0000:09:00.0", NULL), 0,
		       "second adapter");
	pa = e2e_port_by_name(E2E_PCI);
	pb = e2e_port_by_name("0000:09:00.0");
	TEST_ASSERT(pa != UINT16_MAX && pb != UINT16_MAX, "both PFs");
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pa, &a), 0, "info");
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pb, &b), 0, "info");
	TEST_ASSERT(a.switch_info.name != NULL && b.switch_info.name != NULL,
		    "both report a switch");
	TEST_ASSERT(a.switch_info.domain_id !=
			    RTE_ETH_DEV_SWITCH_DOMAIN_ID_INVALID,
		    "a domain");
	TEST_ASSERT(a.switch_info.domain_id != b.switch_info.domain_id,
		    "two E-Switches, two domains (%u and %u)",
		    a.switch_info.domain_id, b.switch_info.domain_id);
	return e2e_detach_check();
}

static int
test_bad_devargs_refused(void)
{
	E2E_REQUIRE();
	TEST_ASSERT(e2e_attach("dv_flow_en=9") != 0, "dv_flow_en=9 refused");
	TEST_ASSERT(e2e_attach("representor=[3-1]") != 0,
		    "a reversed range is refused");
	TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 0, "no port created");
	TEST_ASSERT_EQ(e2e_detach_check(), MLX5X_TEST_PASS, "nothing left");
	/* An empty list (a stray comma) asks for nothing: the defaults. */
	TEST_ASSERT_EQ(e2e_attach(","), 0, "an empty devargs list probes");
	TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 1, "the PF alone");
	return e2e_detach_check();
}

static int
test_probe_remove_probe(void)
{
	uint16_t port;
	int i;

	E2E_REQUIRE();
	for (i = 0; i < 3; i++) {
		TEST_ASSERT_EQ(e2e_attach("representor=[0-3]"), 0, "probe #%d",
			       i);
		TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 5, "ports #%d", i);
		/* Started (queues, steering) from the second round on, and
		 * once stopped again before the close. */
		if (i > 0)
			RTE_ETH_FOREACH_DEV (port)
				TEST_ASSERT_EQ(e2e_port_start(port, 2, NULL), 0,
					       "port %u up #%d", port, i);
		if (i == 2)
			RTE_ETH_FOREACH_DEV (port)
				TEST_ASSERT_EQ(rte_eth_dev_stop(port), 0,
					       "port %u stop", port);
		TEST_ASSERT_EQ(e2e_detach_check(), MLX5X_TEST_PASS,
			       "nothing left after close #%d", i);
		TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 0,
			       "every port closed #%d", i);
	}
	return MLX5X_TEST_PASS;
}

/* The emulator's netdev of the uplink of adapter 0 (emu/README.md). */
#define E2E_UPLINK_NETDEV "emu0p0"

/* First line of a file under the emulator's sysfs root; 0 or -1. */
static int
probe_sysfs_read(const char *rel, char *buf, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", e2e_sysfs_root(), rel);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	if (fgets(buf, (int)len, f) == NULL)
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return fclose(f);
}

static int
test_info_is_truthful(void)
{
	struct rte_eth_dev_info info;
	struct rte_ether_addr mac;
	struct rte_eth_link link;
	char fw[64], want[64], got[RTE_ETHER_ADDR_FMT_SIZE];
	unsigned int maj, min, sub;
	uint16_t pf;
	int n = 0;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach(NULL), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	TEST_ASSERT_EQ(info.hash_key_size, 40, "Toeplitz key size");
	TEST_ASSERT(info.reta_size > 0 && info.reta_size <= 512, "RETA %u",
		    info.reta_size);
	TEST_ASSERT(info.max_rx_queues >= 1 && info.max_tx_queues >= 1,
		    "queues");
	TEST_ASSERT(info.rx_desc_lim.nb_max >= 256, "descriptors %u",
		    info.rx_desc_lim.nb_max);
	TEST_ASSERT(info.max_mtu > RTE_ETHER_MTU, "jumbo MTU %u", info.max_mtu);
	TEST_ASSERT_EQ(rte_eth_macaddr_get(pf, &mac), 0, "MAC");
	TEST_ASSERT(!rte_is_zero_ether_addr(&mac), "a MAC");
	TEST_ASSERT_EQ(probe_sysfs_read("class/net/" E2E_UPLINK_NETDEV
					"/address",
					want, sizeof(want)),
		       0, "the netdev's address");
	rte_ether_format_addr(got, sizeof(got), &mac);
	TEST_ASSERT(strcasecmp(got, want) == 0,
		    "port MAC %s is the netdev's %s", got, want);
	TEST_ASSERT_EQ(rte_eth_link_get_nowait(pf, &link), 0, "link");
	/* The emulated ConnectX-5 port is 4 lanes of 25 Gb/s. */
	TEST_ASSERT_EQ(link.link_status, RTE_ETH_LINK_UP, "link up");
	TEST_ASSERT_EQ(link.link_speed, RTE_ETH_SPEED_NUM_100G, "100 Gb/s");
	TEST_ASSERT_EQ(link.link_duplex, RTE_ETH_LINK_FULL_DUPLEX, "duplex");
	/* The firmware version is the adapter's (its IB device's fw_ver),
	 * "major.minor.subminor". */
	TEST_ASSERT_EQ(probe_sysfs_read("class/infiniband/mlx5_0/fw_ver", want,
					sizeof(want)),
		       0, "the IB device's fw_ver");
	TEST_ASSERT_EQ(rte_eth_dev_fw_version_get(pf, fw, sizeof(fw)), 0,
		       "firmware version");
	TEST_ASSERT(strcmp(fw, want) == 0, "firmware \"%s\", adapter \"%s\"",
		    fw, want);
	TEST_ASSERT(sscanf(fw, "%u.%u.%u%n", &maj, &min, &sub, &n) == 3 &&
			    fw[n] == '\0' && maj > 0,
		    "\"%s\" is major.minor.subminor", fw);
	/* Too short a buffer: the size needed, terminator included. */
	TEST_ASSERT_EQ(rte_eth_dev_fw_version_get(pf, fw, 4),
		       (int)strlen(want) + 1, "size needed");
	return MLX5X_TEST_PASS;
}

/* A PF whose E-Switch is in legacy mode probes as a plain port; asking it
 * for representors is refused with the reason. */
static int
test_legacy_pf_is_a_plain_port(void)
{
	static const char legacy[] = "model=cx5,pci=" E2E_PCI
				     ",vfs=4,esw=legacy,wire=drop,vf_end=drop";
	struct rte_eth_dev_info info;
	uint16_t pf;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach_config(legacy, NULL), 0, "probe legacy");
	TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 1, "one port");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT_EQ(rte_eth_dev_info_get(pf, &info), 0, "info");
	TEST_ASSERT(!(*info.dev_flags & RTE_ETH_DEV_REPRESENTOR),
		    "not a representor");
	TEST_ASSERT(info.switch_info.name == NULL,
		    "no switch domain without switchdev");
	/* And it carries traffic: the NIC Rx dispatch has no vport tags in
	 * legacy mode and matches everything for the one port. */
	{
		struct rte_ether_addr mac;
		struct rte_mbuf *m;
		uint8_t frame[64];

		TEST_ASSERT_EQ(e2e_port_start(pf, 1, NULL), 0, "start");
		TEST_ASSERT_EQ(rte_eth_macaddr_get(pf, &mac), 0, "MAC");
		e2e_udp_frame(frame, sizeof(frame), mac.addr_bytes,
			      (const uint8_t[]){ 2, 0, 0, 0, 0, 1 }, 1, 2, 3,
			      4);
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)),
			       0, "inject");
		TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, &m, 1), 1, "received");
		rte_pktmbuf_free(m);
	}
	TEST_ASSERT(e2e_attach_config(legacy, "representor=[0]") != 0,
		    "representors of a legacy E-Switch are refused");
	TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 0, "no port left behind");
	return e2e_detach_check();
}

MLX5X_TEST_SUITE(e2e_probe_suite, "e2e_probe", "e2e", probe_setup,
		 probe_teardown, MLX5X_TEST_CASE(test_pf_and_four_representors),
		 MLX5X_TEST_CASE(test_subset_of_representors),
		 MLX5X_TEST_CASE(test_probe_again_adds_representors),
		 MLX5X_TEST_CASE(test_missing_representor_refused),
		 MLX5X_TEST_CASE(test_bad_devargs_refused),
		 MLX5X_TEST_CASE(test_no_ib_device_is_enodev),
		 MLX5X_TEST_CASE(test_two_adapters_two_switch_domains),
		 MLX5X_TEST_CASE(test_probe_remove_probe),
		 MLX5X_TEST_CASE(test_info_is_truthful),
		 MLX5X_TEST_CASE(test_legacy_pf_is_a_plain_port))
