/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Probing on an rdma-core older than 35, whose libmlx5 has everything the
 * glue requires but no _mlx5dv_query_port (MLX5_1.19): the emulator built
 * without that symbol (libmlx5x_emu_noqp.so), loaded through
 * MLX5X_GLUE_LIB. It is another file, so another emulator instance: the
 * test sets it up and drives its wire through its own entry points.
 *
 * What the user sees: without the port query the driver knows no vport of
 * a port. A legacy PF (vport 0, which the driver assumes) probes and
 * carries traffic both ways; a switchdev adapter with VFs is refused, its
 * representor ports' vports unknown, with the reason in the log. Then the
 * glue goes back to the full emulator and the port query works again.
 */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_ethdev.h>
#include <rte_log.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "mlx5x_glue.h"
#include "test.h"

struct noqp {
	void *h;
	__typeof__(mlx5x_emu_setup) *setup;
	__typeof__(mlx5x_emu_teardown) *teardown;
	__typeof__(mlx5x_emu_inject_wire) *inject_wire;
	__typeof__(mlx5x_emu_capture_wire) *capture_wire;
	__typeof__(mlx5x_emu_poll) *poll;
};

/* Probe E2E_PCI through the glue; the driver's log of it into log. */
static int
noqp_probe(const char *devargs, char *log, size_t len)
{
	FILE *old = rte_log_get_stream();
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	int ret;

	if (f == NULL)
		return -ENOMEM;
	rte_openlog_stream(f);
	ret = rte_eal_hotplug_add("pci", E2E_PCI, devargs);
	rte_openlog_stream(old);
	fclose(f);
	snprintf(log, len, "%s", buf != NULL ? buf : "");
	free(buf);
	return ret;
}

static int
noqp_cases(const struct noqp *p)
{
	static const char switchdev[] =
		"model=cx5,pci=" E2E_PCI ",vfs=2,esw=switchdev,wire=drop";
	static const char legacy[] =
		"model=cx5,pci=" E2E_PCI ",vfs=2,esw=legacy,wire=drop";
	uint8_t frame[64], out[2048];
	struct rte_ether_addr mac;
	struct rte_mbuf *m;
	char log[4096];
	uint16_t pf;
	int len, tries;

	TEST_ASSERT_EQ(p->setup(switchdev, e2e_sysfs_root()), 0, "setup");
	TEST_ASSERT(noqp_probe("", log, sizeof(log)) != 0,
		    "switchdev with VFs refused");
	TEST_ASSERT(strstr(log,
			   "port 2 (emu0pf0vf0, pf0vf0): mlx5dv_query_port gives no vport") !=
			    NULL,
		    "the reason names the port and the query:\n%s", log);
	TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 0, "no port left behind");

	TEST_ASSERT_EQ(p->setup(legacy, e2e_sysfs_root()), 0, "setup");
	TEST_ASSERT_EQ(noqp_probe("", log, sizeof(log)), 0,
		       "legacy probes:\n%s", log);
	TEST_ASSERT(mlx5x_glue != NULL && mlx5x_glue->dv_query_port_ == NULL,
		    "the glue has no port query");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, NULL), 0, "start");
	TEST_ASSERT_EQ(rte_eth_macaddr_get(pf, &mac), 0, "MAC");
	e2e_udp_frame(frame, sizeof(frame), mac.addr_bytes,
		      (const uint8_t[]){ 2, 0, 0, 0, 0, 1 }, 1, 2, 3, 4);
	TEST_ASSERT_EQ(p->inject_wire(0, frame, sizeof(frame)), 0, "inject");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, &m, 1), 1, "received from the wire");
	TEST_ASSERT(m->pkt_len == sizeof(frame) &&
			    memcmp(rte_pktmbuf_mtod(m, void *), frame,
				   sizeof(frame)) == 0,
		    "the same bytes");
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "sent back");
	for (len = 0, tries = 0; tries < 1000 && len == 0; tries++) {
		p->poll();
		len = p->capture_wire(0, out, sizeof(out));
		if (len == 0)
			usleep(1000);
	}
	TEST_ASSERT(len == (int)sizeof(frame) &&
			    memcmp(out, frame, sizeof(frame)) == 0,
		    "it left by the wire (%d bytes)", len);
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_eth_dev_close(pf), 0, "close");
	TEST_ASSERT_EQ(rte_eal_hotplug_remove("pci", E2E_PCI), 0, "remove");
	return MLX5X_TEST_PASS;
}

static int
test_probe_provider_without_query_port(void)
{
	char lib[PATH_MAX], glue[PATH_MAX];
	struct noqp p;
	uint16_t id;
	int ret;

	E2E_REQUIRE();
	e2e_detach();
	snprintf(lib, sizeof(lib), "%s/emu/libmlx5x_emu_noqp.so",
		 mlx5x_test_build_root());
	snprintf(glue, sizeof(glue), "%s", getenv(MLX5X_GLUE_LIB_ENV));
	memset(&p, 0, sizeof(p));
	p.h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
	TEST_ASSERT(p.h != NULL, "load %s: %s", lib, dlerror());
	TEST_ASSERT(dlsym(p.h, "_mlx5dv_query_port") == NULL &&
			    dlsym(p.h, "mlx5dv_query_device") != NULL,
		    "%s: no _mlx5dv_query_port, the rest there", lib);
	p.setup = (__typeof__(p.setup))dlsym(p.h, "mlx5x_emu_setup");
	p.teardown = (__typeof__(p.teardown))dlsym(p.h, "mlx5x_emu_teardown");
	p.inject_wire =
		(__typeof__(p.inject_wire))dlsym(p.h, "mlx5x_emu_inject_wire");
	p.capture_wire =
		(__typeof__(p.capture_wire))dlsym(p.h,
						  "mlx5x_emu_capture_wire");
	p.poll = (__typeof__(p.poll))dlsym(p.h, "mlx5x_emu_poll");
	TEST_ASSERT(p.setup != NULL && p.teardown != NULL &&
			    p.inject_wire != NULL && p.capture_wire != NULL &&
			    p.poll != NULL,
		    "test-side API");
	/* The glue loads once per process: unload it so that the next probe
	 * loads the older provider, and again after, for the full one. */
	mlx5x_glue_unload();
	setenv(MLX5X_GLUE_LIB_ENV, lib, 1);
	ret = noqp_cases(&p);
	if (ret != MLX5X_TEST_PASS) {
		for (id = 0; id < RTE_MAX_ETHPORTS; id++)
			if (rte_eth_dev_is_valid_port(id))
				rte_eth_dev_close(id);
		rte_eal_hotplug_remove("pci", E2E_PCI);
	}
	p.teardown();
	mlx5x_glue_unload();
	setenv(MLX5X_GLUE_LIB_ENV, glue, 1);
	dlclose(p.h);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	/* The full emulator again: the port query is back, and a switchdev
	 * adapter with representors probes. */
	TEST_ASSERT_EQ(e2e_attach("representor=[0-1]"), 0, "full provider");
	TEST_ASSERT(mlx5x_glue != NULL && mlx5x_glue->dv_query_port_ != NULL,
		    "the glue has the port query again");
	TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 3, "PF and 2 representors");
	return e2e_detach_check();
}

static int
noqp_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

MLX5X_TEST_SUITE(e2e_probe_old_provider_suite, "e2e_probe_old_provider", "e2e",
		 noqp_setup, e2e_detach,
		 MLX5X_TEST_CASE(test_probe_provider_without_query_port))
