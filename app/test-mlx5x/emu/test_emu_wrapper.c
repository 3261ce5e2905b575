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
#include <unistd.h>

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

/* The network namespace a path names, as its inode; 0 if unreadable. */
static unsigned long
netns_of(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (unsigned long)sb.st_ino : 0;
}

/* The namespace inode the wrapped command printed after NS=, 0 if none. */
static unsigned long
printed_netns(const char *out)
{
	const char *r = strstr(out, "NS=");
	unsigned long ino = 0;

	if (r != NULL)
		sscanf(r + 3, "%lu", &ino);
	return ino;
}

/*
 * TAP ends put frames on a Linux interface: the wrapper runs such a command
 * in a network namespace of its own, or in the one --netns names, never in
 * the caller's; commands without TAP ends stay where they were started.
 */
static int
test_wrapper_tap_ends_get_their_own_netns(void)
{
	static char out[8192];
	const char *show =
		"-- sh -c 'echo NS=$(stat -L -c %i /proc/self/ns/net); "
		"echo UP=$(ip -o link show up | wc -l)'";
	unsigned long mine = netns_of("/proc/self/ns/net"), theirs;
	char args[512], name[32], path[64];
	int rc;

	TEST_ASSERT(mine != 0, "own namespace readable");
	snprintf(args, sizeof(args), "%s", show);
	rc = run(args, out, sizeof(out));
	TEST_ASSERT_EQ(rc, 0, "%s", out);
	TEST_ASSERT_EQ(printed_netns(out), mine,
		       "no TAP end: the caller's namespace: %s", out);

	snprintf(args, sizeof(args), "--wire tap:x0 %s", show);
	rc = run(args, out, sizeof(out));
	TEST_ASSERT_EQ(rc, 0, "%s", out);
	theirs = printed_netns(out);
	TEST_ASSERT(theirs != 0 && theirs != mine,
		    "--wire tap: a namespace of its own (%lu, caller %lu)",
		    theirs, mine);
	TEST_ASSERT(strstr(out, "UP=1\n") != NULL,
		    "only loopback there, and up: %s", out);
	snprintf(args, sizeof(args), "--vf-end tap --vfs 1 %s", show);
	rc = run(args, out, sizeof(out));
	theirs = printed_netns(out);
	TEST_ASSERT(rc == 0 && theirs != 0 && theirs != mine,
		    "--vf-end tap: a namespace of its own: %s", out);

	/* --netns NAME: exactly that namespace, which the test made. */
	snprintf(name, sizeof(name), "mlx5x-t%d", (int)getpid());
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	snprintf(args, sizeof(args), "ip netns add %s 2>&1", name);
	if (system(args) != 0)
		TEST_SKIP("ip netns add %s failed: no named namespace here",
			  name);
	snprintf(args, sizeof(args), "--netns %s --wire tap:x0 %s", name, show);
	rc = run(args, out, sizeof(out));
	theirs = printed_netns(out);
	snprintf(args, sizeof(args), "ip netns del %s", name);
	TEST_ASSERT(rc == 0 && theirs == netns_of(path) && theirs != mine,
		    "--netns %s: that namespace (%lu): %s", name, theirs, out);
	TEST_ASSERT_EQ(system(args), 0, "%s removed", name);

	rc = run("--netns mlx5x-none --wire tap:x0 -- true", out, sizeof(out));
	TEST_ASSERT(rc != 0 && strstr(out, "mlx5x-none") != NULL,
		    "a missing namespace is named: %s", out);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_wrapper_suite, "emu_wrapper", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_wrapper_sets_up_and_cleans),
		 MLX5X_TEST_CASE(test_wrapper_tap_ends_get_their_own_netns))
