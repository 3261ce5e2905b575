/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the E-Switch suites (representors, transfer rules, rewrites) each
 * need around their cases: the PF and its representors started, a frame
 * taken off a VF end or the wire once the engine has moved it, and the
 * check that nothing else went anywhere.
 */
#include <stdio.h>
#include <unistd.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"

int
e2e_switchdev_up(uint16_t *pf, uint16_t *rep, unsigned int n)
{
	char name[64];
	unsigned int i;
	int ret;

	ret = n == 1 ? snprintf(name, sizeof(name), "representor=[0]")
		     : snprintf(name, sizeof(name), "representor=[0-%u]",
				n - 1);
	if (ret < 0 || (size_t)ret >= sizeof(name) || e2e_attach(name) != 0)
		return -1;
	*pf = e2e_port_by_name(E2E_PCI);
	if (*pf == UINT16_MAX || e2e_port_start(*pf, 1, NULL) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%s_representor_vf%u", E2E_PCI, i);
		rep[i] = e2e_port_by_name(name);
		if (rep[i] == UINT16_MAX ||
		    e2e_port_start(rep[i], 1, NULL) != 0)
			return -1;
	}
	return 0;
}

int
e2e_capture_end(int vf, uint8_t *out, size_t len)
{
	int n = 0, tries;

	/* The engine runs beside the test: up to ~300 ms for the frame. */
	for (tries = 0; tries < 300 && n == 0; tries++) {
		mlx5x_emu_poll();
		n = vf < 0 ? mlx5x_emu_capture_wire(0, out, len)
			   : mlx5x_emu_capture_vf(0, (unsigned int)vf, out,
						  len);
		if (n == 0)
			usleep(1000);
	}
	return n;
}

int
e2e_switchdev_quiet(uint16_t pf, const uint16_t *rep, unsigned int n)
{
	struct rte_mbuf *m[4];
	uint8_t out[256];
	unsigned int i;

	mlx5x_emu_poll();
	TEST_ASSERT_EQ(rte_eth_rx_burst(pf, 0, m, 4), 0,
		       "the uplink port received nothing");
	for (i = 0; i < n; i++) {
		TEST_ASSERT_EQ(rte_eth_rx_burst(rep[i], 0, m, 4), 0,
			       "representor %u received nothing", i);
		TEST_ASSERT_EQ(mlx5x_emu_capture_vf(0, i, out, sizeof(out)), 0,
			       "VF %u got nothing more", i);
	}
	TEST_ASSERT_EQ(mlx5x_emu_capture_wire(0, out, sizeof(out)), 0,
		       "the wire got nothing more");
	return MLX5X_TEST_PASS;
}
