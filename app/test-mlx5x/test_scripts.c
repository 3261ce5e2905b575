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

static int
test_sdk_headers_refuse_version_mismatch(void)
{
	return mlx5x_test_run_script("sdk-headers-mismatch.sh");
}

/* libFuzzer over rte_flow validate/create/destroy for ~20 s; the
 * longer run is devtools/mlx5x-fuzz-flow. */
static int
test_fuzz_flow_random_rules_never_crash_or_leak(void)
{
	return mlx5x_test_run_script("fuzz-flow.sh");
}

MLX5X_TEST_SUITE(setup_suite, "setup", "client", NULL, NULL,
		 MLX5X_TEST_CASE(test_sdk_headers_refuse_version_mismatch))

MLX5X_TEST_SUITE(testpmd_suite, "testpmd", "client", NULL, NULL,
		 MLX5X_TEST_CASE(test_testpmd_without_adapter_explains),
		 MLX5X_TEST_CASE(test_testpmd_bad_devargs_explains))

MLX5X_TEST_SUITE(
	fuzz_suite, "fuzz", "client", NULL, NULL,
	MLX5X_TEST_CASE(test_fuzz_flow_random_rules_never_crash_or_leak))
