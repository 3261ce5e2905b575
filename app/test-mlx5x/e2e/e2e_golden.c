/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Golden command traces: what the PMD asks of the adapter in a known
 * scenario, held against a checked-in trace (app/test-mlx5x/e2e/golden/),
 * so an unintended change in the PRM commands the driver sends shows up as
 * a readable diff. After an intended change, regenerate with
 * MLX5X_GOLDEN_UPDATE=1 test-mlx5x e2e_golden and review the diff.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_ethdev.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"

#define TRACE_MAX (1 << 20)

static int
golden_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
golden_teardown(void)
{
	e2e_detach();
}

static int
golden_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (f == NULL)
		return -1;
	ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* Compare trace with golden/<name>; show a diff when they differ. */
static int
golden_check(const char *name, const char *trace)
{
	char path[4096], actual[] = "/tmp/mlx5x-golden-XXXXXX", cmd[8400];
	static char want[TRACE_MAX];
	size_t n = 0;
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s/app/test-mlx5x/e2e/golden/%s",
		 mlx5x_test_source_root(), name);
	if (getenv("MLX5X_GOLDEN_UPDATE") != NULL) {
		TEST_ASSERT_EQ(golden_write(path, trace), 0, "write %s", path);
		printf("    updated %s\n", path);
		return MLX5X_TEST_PASS;
	}
	f = fopen(path, "r");
	TEST_ASSERT(f != NULL, "golden trace %s", path);
	n = fread(want, 1, sizeof(want) - 1, f);
	fclose(f);
	want[n] = '\0';
	if (strcmp(want, trace) == 0)
		return MLX5X_TEST_PASS;
	fd = mkstemp(actual);
	TEST_ASSERT(fd >= 0, "temporary file");
	close(fd);
	TEST_ASSERT_EQ(golden_write(actual, trace), 0, "write %s", actual);
	snprintf(cmd, sizeof(cmd), "diff -u '%s' '%s' | head -60", path,
		 actual);
	fflush(stdout);
	if (system(cmd) == -1)
		printf("    (diff could not run)\n");
	unlink(actual);
	TEST_ASSERT(false, "the commands sent differ from %s (see the diff)",
		    name);
	return MLX5X_TEST_FAIL;
}

/* Probe a ConnectX-5 with four representors, start the PF with one queue
 * pair, stop it, remove the device. */
static int
test_probe_start_stop_remove_trace(void)
{
	static char trace[TRACE_MAX];
	uint16_t pf;
	int len, ret;

	E2E_REQUIRE();
	setenv(MLX5X_EMU_CMD_TRACE_ENV, "1", 1);
	ret = e2e_attach("representor=[0-3]");
	unsetenv(MLX5X_EMU_CMD_TRACE_ENV);
	TEST_ASSERT_EQ(ret, 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT(pf != UINT16_MAX, "PF");
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, NULL), 0, "start");
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	e2e_detach();
	len = mlx5x_emu_cmd_trace_take(0, trace, sizeof(trace));
	TEST_ASSERT(len > 0 && len < (int)sizeof(trace), "trace of %d bytes",
		    len);
	return golden_check("probe-start-stop-remove.trace", trace);
}

MLX5X_TEST_SUITE(e2e_golden_suite, "e2e_golden", "e2e", golden_setup,
		 golden_teardown,
		 MLX5X_TEST_CASE(test_probe_start_stop_remove_trace))
