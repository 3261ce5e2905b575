/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * devtools/mlx5x-emu: the command it runs sees the sysfs tree and the
 * environment that point DPDK and the glue at the emulator; the tree is
 * gone afterwards; bad options are refused with a sentence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "test.h"

static int
run(const char *args, char *out, size_t len)
{
	char cmd[4096];
	size_t n = 0;
	FILE *p;
	int st;

	/* In a sanitizer build the preloaded library carries the ASan runtime
	 * into a shell that does not: let it. */
	snprintf(cmd, sizeof(cmd),
		 "ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0 "
		 "MLX5X_BUILD_DIR='%s' '%s/devtools/mlx5x-emu' %s 2>&1",
		 mlx5x_test_build_root(), mlx5x_test_source_root(), args);
	p = popen(cmd, "r");
	if (p == NULL)
		return -1;
	n = fread(out, 1, len - 1, p);
	out[n] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int
test_wrapper_sets_up_and_cleans(void)
{
	static char out[8192];
	char root[512] = "";
	const char *r;
	struct stat sb;
	int rc;

	rc = run("--model cx6dx --vfs 2 -- sh -c '"
		 "echo ROOT=$MLX5X_EMU_SYSFS; echo CFG=$MLX5X_EMU_CONFIG; "
		 "echo GLUE=$MLX5X_GLUE_LIB; echo PRE=$LD_PRELOAD; "
		 "cat $SYSFS_PCI_DEVICES/0000:08:00.0/device; "
		 "cat $MLX5X_EMU_SYSFS/class/infiniband/mlx5_0/ports/3/gid_attrs/ndevs/0'",
		 out, sizeof(out));
	TEST_ASSERT_EQ(rc, 0, "wrapper output:\n%s", out);
	TEST_ASSERT(strstr(out, "0x101d") != NULL, "CX6 Dx PCI id in the tree");
	TEST_ASSERT(strstr(out, "emu0pf0vf1") != NULL, "port 3 is VF 1's rep");
	TEST_ASSERT(strstr(out, "CFG=model=cx6dx,pci=0000:08:00.0,vfs=2") !=
			    NULL,
		    "config passed: %s", out);
	TEST_ASSERT(strstr(out, "libmlx5x_emu.so") != NULL, "glue library");
	TEST_ASSERT(strstr(out, "libmlx5x_prefer.so") != NULL, "preload");
	r = strstr(out, "ROOT=");
	TEST_ASSERT(r != NULL, "root printed");
	sscanf(r + 5, "%511s", root);
	TEST_ASSERT(root[0] == '/' && stat(root, &sb) != 0,
		    "tree %s removed afterwards", root);
	rc = run("--wire tap:x0 --vf-end tap -- sh -c 'echo CFG=$MLX5X_EMU_CONFIG'",
		 out, sizeof(out));
	TEST_ASSERT(rc == 0 && strstr(out, "wire=tap:x0") != NULL &&
			    strstr(out, "vf_end=tap") != NULL,
		    "tap ends passed on: %s", out);
	rc = run("--wire tap: -- true", out, sizeof(out));
	TEST_ASSERT(rc != 0 && strstr(out, "'wire'") != NULL,
		    "empty TAP name refused with a sentence: %s", out);
	rc = run("--model cx9 -- true", out, sizeof(out));
	TEST_ASSERT(rc != 0 && strstr(out, "'model'") != NULL,
		    "bad model named: %s", out);
	rc = run("--frobnicate -- true", out, sizeof(out));
	TEST_ASSERT(rc == 2 && strstr(out, "--frobnicate") != NULL,
		    "unknown option named: %s", out);
	/* The command's own status comes back. */
	TEST_ASSERT_EQ(run("-- sh -c 'exit 7'", out, sizeof(out)), 7, "%s",
		       out);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_wrapper_suite, "emu_wrapper", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_wrapper_sets_up_and_cleans))
