/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Real clients of rdma-core: the emulator's exported ABI against the
 * installed rdma-core's, and rdma-core's own tools and Debian's DPDK mlx5
 * PMD run unmodified on the emulated adapter (devtools/mlx5x-emu
 * --rdma-core).
 */
#include "test.h"

static int
test_rdma_core_abi_matches_installed(void)
{
	return mlx5x_test_run_script("rdma-core-abi.sh");
}

static int
test_ibv_devinfo_reads_the_model(void)
{
	return mlx5x_test_run_script("ibv-devinfo.sh");
}

static int
test_rdma_tool_reads_nldev_answers(void)
{
	return mlx5x_test_run_script("rdma-nldev.sh");
}

static int
test_reference_mlx5_pmd_probes_forwards_flows(void)
{
	return mlx5x_test_run_script("testpmd-mlx5-reference.sh");
}

MLX5X_TEST_SUITE(rdma_core_suite, "rdma_core", "client", NULL, NULL,
		 MLX5X_TEST_CASE(test_rdma_core_abi_matches_installed),
		 MLX5X_TEST_CASE(test_ibv_devinfo_reads_the_model),
		 MLX5X_TEST_CASE(test_rdma_tool_reads_nldev_answers),
		 MLX5X_TEST_CASE(test_reference_mlx5_pmd_probes_forwards_flows))
