/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * usage: test-mlx5x [-v] [-l] [SUITE|SUITE/CASE|layer:LAYER]...
 * With no filter every suite runs but the benchmarks (layer "bench").
 * The last line is always
 * "N passed, N failed, N skipped"; the exit status is 1 when anything failed.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test.h"

static struct mlx5x_test_suite *suites;
static bool verbose;
int (*mlx5x_test_after)(void);

void
mlx5x_test_register(struct mlx5x_test_suite *suite)
{
	struct mlx5x_test_suite **p = &suites;

	/* Keep suites sorted by name so runs are in a stable order. */
	while (*p != NULL && strcmp((*p)->name, suite->name) < 0)
		p = &(*p)->next;
	suite->next = *p;
	*p = suite;
}

const char *
mlx5x_test_source_root(void)
{
	const char *env = getenv("MLX5X_SOURCE_ROOT");

	return env != NULL ? env : MLX5X_SOURCE_ROOT_DEFAULT;
}

const char *
mlx5x_test_build_root(void)
{
	const char *env = getenv("MLX5X_BUILD_ROOT");

	return env != NULL ? env : MLX5X_BUILD_ROOT_DEFAULT;
}

int
mlx5x_test_run_script(const char *script)
{
	char log[] = "/tmp/mlx5x-test-script-XXXXXX";
	char cmd[8192];
	int fd, status, rc;

	fd = mkstemp(log);
	if (fd < 0) {
		printf("    cannot create a log file for %s\n", script);
		return MLX5X_TEST_FAIL;
	}
	close(fd);
	snprintf(cmd, sizeof(cmd),
		 "MLX5X_SOURCE_ROOT='%s' MLX5X_BUILD_ROOT='%s' bash '%s/app/test-mlx5x/scripts/%s' >'%s' 2>&1 </dev/null",
		 mlx5x_test_source_root(), mlx5x_test_build_root(),
		 mlx5x_test_source_root(), script, log);
	fflush(stdout);
	status = system(cmd);
	if (status == -1 || !WIFEXITED(status))
		rc = MLX5X_TEST_FAIL;
	else if (WEXITSTATUS(status) == 0)
		rc = MLX5X_TEST_PASS;
	else if (WEXITSTATUS(status) == 77)
		rc = MLX5X_TEST_SKIP;
	else
		rc = MLX5X_TEST_FAIL;
	if (rc != MLX5X_TEST_PASS || verbose) {
		FILE *f = fopen(log, "r");
		char line[1024];

		if (f != NULL) {
			while (fgets(line, sizeof(line), f) != NULL)
				printf("    | %s", line);
			fclose(f);
		}
		if (status != -1 && WIFEXITED(status) && rc == MLX5X_TEST_FAIL)
			printf("    %s exited with status %d\n", script,
			       WEXITSTATUS(status));
	}
	unlink(log);
	return rc;
}

static bool
selected(const struct mlx5x_test_suite *s, const struct mlx5x_test_case *c,
	 int argc, char **argv, int first)
{
	int i;

	/* Benchmarks print figures and never fail, so they are not tests:
	 * they run only when asked for (layer:bench, or by name). */
	if (first >= argc)
		return strcmp(s->layer, "bench") != 0;
	for (i = first; i < argc; i++) {
		const char *f = argv[i];
		size_t n = strlen(s->name);

		if (strncmp(f, "layer:", 6) == 0 &&
		    strcmp(f + 6, s->layer) == 0)
			return true;
		if (strcmp(f, s->name) == 0)
			return true;
		if (strncmp(f, s->name, n) == 0 && f[n] == '/' &&
		    strcmp(f + n + 1, c->name) == 0)
			return true;
	}
	return false;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	unsigned int passed = 0, failed = 0, skipped = 0;
	struct mlx5x_test_suite *s;
	bool list = false;
	int first = 1;
	int opt;

	/* Tests print as they go; keep order with child processes' output. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt(argc, argv, "vlh")) != -1) {
		switch (opt) {
		case 'v':
			verbose = true;
			break;
		case 'l':
			list = true;
			break;
		default:
			fprintf(stderr,
				"usage: %s [-v] [-l] [SUITE|SUITE/CASE|layer:LAYER]...\n",
				argv[0]);
			return opt == 'h' ? 0 : 2;
		}
	}
	first = optind;
	/* Before any suite (and any thread): frames the suites put on TAP
	 * devices stay in this namespace, off the host's interfaces. */
	if (!list && mlx5x_test_netns_enter() != 0)
		printf("note: %s; suites that need one skip\n",
		       mlx5x_test_netns_why_not());
	for (s = suites; s != NULL; s = s->next) {
		bool any = false;
		bool setup_failed = false;
		size_t i;

		for (i = 0; i < s->nb_cases; i++)
			any |= selected(s, &s->cases[i], argc, argv, first);
		if (!any)
			continue;
		if (list) {
			for (i = 0; i < s->nb_cases; i++)
				if (selected(s, &s->cases[i], argc, argv,
					     first))
					printf("%s/%s (%s)\n", s->name,
					       s->cases[i].name, s->layer);
			continue;
		}
		printf("== suite %s (%s)\n", s->name, s->layer);
		if (s->setup != NULL && s->setup() != 0) {
			printf("    setup of suite %s failed\n", s->name);
			setup_failed = true;
		}
		for (i = 0; i < s->nb_cases; i++) {
			const struct mlx5x_test_case *c = &s->cases[i];
			double t0;
			int rc;

			if (!selected(s, c, argc, argv, first))
				continue;
			t0 = now();
			rc = setup_failed ? MLX5X_TEST_FAIL : c->fn();
			if (mlx5x_test_after != NULL && mlx5x_test_after() != 0)
				rc = MLX5X_TEST_FAIL;
			fflush(stdout);
			switch (rc) {
			case MLX5X_TEST_PASS:
				passed++;
				printf("  PASS %s/%s (%.2fs)\n", s->name,
				       c->name, now() - t0);
				break;
			case MLX5X_TEST_SKIP:
				skipped++;
				printf("  SKIP %s/%s\n", s->name, c->name);
				break;
			default:
				failed++;
				printf("  FAIL %s/%s\n", s->name, c->name);
				break;
			}
		}
		if (s->teardown != NULL && !setup_failed)
			s->teardown();
		if (mlx5x_test_after != NULL && mlx5x_test_after() != 0) {
			failed++;
			printf("  FAIL %s/teardown\n", s->name);
		}
	}
	if (list)
		return 0;
	printf("%u passed, %u failed, %u skipped\n", passed, failed, skipped);
	return failed != 0 || passed + skipped == 0;
}
