/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Real client on the emulated adapter: Debian's dpdk-testpmd, unmodified,
 * loading the PMD with -d through devtools/mlx5x-emu. Layer "client": a
 * separate process, so it runs in the normal build only (the Debian binary
 * cannot load a sanitizer-built PMD).
 */
#include "test.h"

static int
test_testpmd_forwards_on_five_ports(void)
{
	return mlx5x_test_run_script("../e2e/testpmd-io-forwarding.sh");
}

MLX5X_TEST_SUITE(e2e_testpmd_suite, "e2e_testpmd", "client", NULL, NULL,
		 MLX5X_TEST_CASE(test_testpmd_forwards_on_five_ports))
