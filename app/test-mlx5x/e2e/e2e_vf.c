/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A VF's own PCI function probed in the same process as its PF: the VF is
 * a plain port (no representor flag, no representors of its own), what it
 * sends reaches its representor on the PF, what the representor sends
 * reaches the VF's Rx queue.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"

/* VF 0 of E2E_PCI (emu/README.md: VF k at function 2 + k). */
#define E2E_VF0_PCI "0000:08:00.2"

static uint16_t vf_port, rep0;

static int
vf_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
vf_teardown(void)
{
	e2e_detach();
}

/* The PF with representor 0 and VF 0's own function, probed; started when
 * start is set. */
static int
vf_up(bool start)
{
	char name[64];

	if (e2e_attach("representor=[0]") != 0)
		return -1;
	if (e2e_attach_pci(E2E_VF0_PCI, NULL) != 0)
		return -1;
	snprintf(name, sizeof(name), "%s_representor_vf0", E2E_PCI);
	rep0 = e2e_port_by_name(name);
	vf_port = e2e_port_by_name(E2E_VF0_PCI);
	if (rep0 == UINT16_MAX || vf_port == UINT16_MAX)
		return -1;
	if (!start)
		return 0;
	if (e2e_port_start(rep0, 1, NULL) != 0 ||
	    e2e_port_start(vf_port, 1, NULL) != 0)
		return -1;
	return 0;
}

/* The MAC of the emulator's VF 0 netdev (its sysfs address file). */
static int
vf_netdev_mac(struct rte_ether_addr *mac)
{
	char path[512];
	unsigned int b[6], i;
	FILE *f;
	int n;

	snprintf(path, sizeof(path), "%s/class/net/emu0v0/address",
		 e2e_sysfs_root());
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	n = fscanf(f, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
		   &b[5]);
	fclose(f);
	if (n != 6)
		return -1;
	for (i = 0; i < 6; i++)
		mac->addr_bytes[i] = (uint8_t)b[i];
	return 0;
}

/* The MTU of the emulator's VF 0 netdev, or -1. */
static int
vf_netdev_mtu(void)
{
	char path[512];
	FILE *f;
	int mtu = -1;

	snprintf(path, sizeof(path), "%s/class/net/emu0v0/mtu",
		 e2e_sysfs_root());
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	if (fscanf(f, "%d", &mtu) != 1)
		mtu = -1;
	fclose(f);
	return mtu;
}

static int
test_vf_probes_as_plain_port(void)
{
	struct rte_eth_dev_info info, rinfo;
	struct rte_ether_addr mac, want;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(vf_up(false), 0, "PF, representor 0 and VF 0 probed");
	TEST_ASSERT_EQ(rte_eth_dev_info_get(vf_port, &info), 0, "VF info");
	TEST_ASSERT(strcmp(info.driver_name, "mlx5x_pci") == 0, "driver %s",
		    info.driver_name);
	TEST_ASSERT(!(*info.dev_flags & RTE_ETH_DEV_REPRESENTOR),
		    "the VF is no representor");
	TEST_ASSERT(strcmp(rte_dev_name(info.device), E2E_VF0_PCI) == 0,
		    "VF device %s", rte_dev_name(info.device));
	TEST_ASSERT_EQ(rte_eth_dev_info_get(rep0, &rinfo), 0, "rep info");
	TEST_ASSERT(*rinfo.dev_flags & RTE_ETH_DEV_REPRESENTOR,
		    "representor 0 is one");
	TEST_ASSERT_EQ(rte_eth_macaddr_get(vf_port, &mac), 0, "VF MAC");
	TEST_ASSERT_EQ(vf_netdev_mac(&want), 0, "VF netdev MAC");
	TEST_ASSERT(rte_is_same_ether_addr(&mac, &want),
		    "the VF port has its netdev's MAC");
	TEST_ASSERT_EQ(e2e_port_start(vf_port, 1, NULL), 0, "VF started");
	TEST_ASSERT_EQ(rte_eth_dev_set_mtu(vf_port, 1400), 0, "VF MTU set");
	TEST_ASSERT_EQ(vf_netdev_mtu(), 1400, "the VF's own netdev follows");
	return MLX5X_TEST_PASS;
}

static int
test_vf_tx_reaches_representor(void)
{
	static const uint8_t dst[6] = { 0x02, 0, 0, 0, 0x0e, 0x01 };
	struct rte_ether_addr src;
	uint8_t frame[98], out[256];
	struct rte_mbuf *m, *rx[4];

	E2E_REQUIRE();
	TEST_ASSERT_EQ(vf_up(true), 0, "representor 0 and VF 0 started");
	TEST_ASSERT_EQ(rte_eth_macaddr_get(vf_port, &src), 0, "VF MAC");
	e2e_udp_frame(frame, sizeof(frame), dst, src.addr_bytes, 1, 2, 3, 4);
	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame, sizeof(frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(vf_port, 0, &m, 1), 1, "VF sends");
	TEST_ASSERT_EQ(e2e_rx_wait(rep0, 0, rx, 1), 1,
		       "representor 0 receives what VF 0 sent");
	TEST_ASSERT_EQ(rx[0]->pkt_len, sizeof(frame), "length");
	TEST_ASSERT(memcmp(rte_pktmbuf_mtod(rx[0], void *), frame,
			   sizeof(frame)) == 0,
		    "same bytes");
	rte_pktmbuf_free(rx[0]);
	TEST_ASSERT_EQ(rte_eth_rx_burst(vf_port, 0, rx, 4), 0,
		       "not back on the VF");
	TEST_ASSERT_EQ(mlx5x_emu_capture_wire(0, out, sizeof(out)), 0,
		       "nothing on the wire");
	return e2e_detach_check();
}

static int
test_representor_tx_reaches_vf(void)
{
	static const uint8_t src[6] = { 0x02, 0, 0, 0, 0x0e, 0x02 };
	struct rte_ether_addr dst;
	uint8_t frame[130], out[256];
	struct rte_mbuf *m, *rx[4];

	E2E_REQUIRE();
	TEST_ASSERT_EQ(vf_up(true), 0, "representor 0 and VF 0 started");
	TEST_ASSERT_EQ(rte_eth_macaddr_get(vf_port, &dst), 0, "VF MAC");
	e2e_udp_frame(frame, sizeof(frame), dst.addr_bytes, src, 5, 6, 7, 8);
	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame, sizeof(frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(rep0, 0, &m, 1), 1,
		       "representor 0 sends");
	TEST_ASSERT_EQ(e2e_rx_wait(vf_port, 0, rx, 1), 1,
		       "VF 0 receives what its representor sent");
	TEST_ASSERT_EQ(rx[0]->pkt_len, sizeof(frame), "length");
	TEST_ASSERT(memcmp(rte_pktmbuf_mtod(rx[0], void *), frame,
			   sizeof(frame)) == 0,
		    "same bytes");
	TEST_ASSERT_EQ(rx[0]->port, vf_port, "mbuf port");
	rte_pktmbuf_free(rx[0]);
	TEST_ASSERT_EQ(mlx5x_emu_capture_vf(0, 0, out, sizeof(out)), 0,
		       "not at the VF end: the VF function took it");
	TEST_ASSERT_EQ(mlx5x_emu_capture_wire(0, out, sizeof(out)), 0,
		       "nothing on the wire");
	return e2e_detach_check();
}

static int
test_vf_representor_refused(void)
{
	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach(NULL), 0, "PF probed");
	TEST_ASSERT(e2e_attach_pci(E2E_VF0_PCI, "representor=[0]") != 0,
		    "representor= on a VF is refused");
	TEST_ASSERT_EQ(e2e_port_by_name(E2E_VF0_PCI), UINT16_MAX,
		       "no VF port left behind");
	TEST_ASSERT_EQ(e2e_attach_pci(E2E_VF0_PCI, NULL), 0,
		       "the VF probes without it");
	return e2e_detach_check();
}

/* Legacy E-Switch: PF and VF are both plain ports; the E-Switch forwards
 * between them by destination MAC. */
static int
test_legacy_vf_and_pf_by_mac(void)
{
	struct rte_ether_addr pf_mac, vf_mac;
	struct rte_eth_dev_info info;
	uint8_t frame[80], out[256];
	struct rte_mbuf *m, *rx[4];
	uint16_t pf;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach_config("model=cx5,pci=" E2E_PCI
					 ",vfs=2,esw=legacy,wire=drop,vf_end=drop",
					 NULL),
		       0, "legacy PF probed");
	TEST_ASSERT_EQ(e2e_attach_pci(E2E_VF0_PCI, NULL), 0, "VF 0 probed");
	pf = e2e_port_by_name(E2E_PCI);
	vf_port = e2e_port_by_name(E2E_VF0_PCI);
	TEST_ASSERT(pf != UINT16_MAX && vf_port != UINT16_MAX, "ports");
	TEST_ASSERT_EQ(rte_eth_dev_info_get(vf_port, &info), 0, "VF info");
	TEST_ASSERT(!(*info.dev_flags & RTE_ETH_DEV_REPRESENTOR),
		    "the VF is no representor");
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, NULL), 0, "PF started");
	TEST_ASSERT_EQ(e2e_port_start(vf_port, 1, NULL), 0, "VF started");
	TEST_ASSERT_EQ(rte_eth_macaddr_get(pf, &pf_mac), 0, "PF MAC");
	TEST_ASSERT_EQ(rte_eth_macaddr_get(vf_port, &vf_mac), 0, "VF MAC");
	/* VF -> PF. */
	e2e_udp_frame(frame, sizeof(frame), pf_mac.addr_bytes,
		      vf_mac.addr_bytes, 1, 2, 3, 4);
	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame, sizeof(frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(vf_port, 0, &m, 1), 1, "VF sends");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, rx, 1), 1, "the PF receives it");
	TEST_ASSERT(rx[0]->pkt_len == sizeof(frame) &&
			    memcmp(rte_pktmbuf_mtod(rx[0], void *), frame,
				   sizeof(frame)) == 0,
		    "byte for byte");
	rte_pktmbuf_free(rx[0]);
	/* PF -> VF. */
	e2e_udp_frame(frame, sizeof(frame), vf_mac.addr_bytes,
		      pf_mac.addr_bytes, 5, 6, 7, 8);
	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame, sizeof(frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "PF sends");
	TEST_ASSERT_EQ(e2e_rx_wait(vf_port, 0, rx, 1), 1, "the VF receives it");
	TEST_ASSERT(rx[0]->pkt_len == sizeof(frame) &&
			    memcmp(rte_pktmbuf_mtod(rx[0], void *), frame,
				   sizeof(frame)) == 0,
		    "byte for byte");
	rte_pktmbuf_free(rx[0]);
	TEST_ASSERT_EQ(mlx5x_emu_capture_wire(0, out, sizeof(out)), 0,
		       "nothing on the wire");
	return e2e_detach_check();
}

MLX5X_TEST_SUITE(e2e_vf_suite, "e2e_vf", "e2e", vf_setup, vf_teardown,
		 MLX5X_TEST_CASE(test_vf_probes_as_plain_port),
		 MLX5X_TEST_CASE(test_vf_tx_reaches_representor),
		 MLX5X_TEST_CASE(test_representor_tx_reaches_vf),
		 MLX5X_TEST_CASE(test_vf_representor_refused),
		 MLX5X_TEST_CASE(test_legacy_vf_and_pf_by_mac))
