/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Real clients: Debian's dpdk-testpmd, unmodified, loading the PMD with -d.
 */
#include "test.h"

static int
test_testpmd_without_adapter_explains(void)
{
	return mlx5x_test_run_script("testpmd-no-adapter.sh");
}

static int
test_testpmd_bad_devargs_explains(void)
{
	return mlx5x_test_run_script("testpmd-bad-devargs.sh");
}

MLX5X_TEST_SUITE(testpmd_suite, "testpmd", "client", NULL, NULL,
		 MLX5X_TEST_CASE(test_testpmd_without_adapter_explains),
		 MLX5X_TEST_CASE(test_testpmd_bad_devargs_explains))
