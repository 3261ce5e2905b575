/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The mlx5x test runner: suites of cases, registered at load time, run by
 * name, counted into one closing line "N passed, N failed, N skipped".
 */
#ifndef MLX5X_TEST_H
#define MLX5X_TEST_H

#include <stddef.h>
#include <stdio.h>

enum mlx5x_test_result {
	MLX5X_TEST_PASS = 0,
	MLX5X_TEST_FAIL = 1,
	MLX5X_TEST_SKIP = 77,
};

struct mlx5x_test_case {
	const char *name;
	int (*fn)(void);
};

struct mlx5x_test_suite {
	const char *name;
	/* unit, emulator, e2e, client, style: see doc/guides/nics/mlx5x.rst */
	const char *layer;
	/* Optional; a failing setup fails every case of the suite. */
	int (*setup)(void);
	void (*teardown)(void);
	const struct mlx5x_test_case *cases;
	size_t nb_cases;
	struct mlx5x_test_suite *next;
};

void mlx5x_test_register(struct mlx5x_test_suite *suite);

/*
 * A check the runner makes after every case and every suite's teardown
 * (NULL: none): non-zero fails the case, or counts a failure of the
 * teardown. The end-to-end environment sets one that reports PRM objects
 * a port close left behind, so no suite can leak them unnoticed.
 */
extern int (*mlx5x_test_after)(void);

/*
 * Moves the runner into a network namespace of its own (loopback up); call
 * before any thread exists. 0 or -errno.
 */
int mlx5x_test_netns_enter(void);
/*
 * NULL when the runner is in a private network namespace, in which a test
 * may put frames on TAP devices and raw sockets; else why not, for a skip.
 */
const char *mlx5x_test_netns_why_not(void);

#define MLX5X_TEST_SUITE(var, sname, slayer, ssetup, steardown, ...)           \
	static const struct mlx5x_test_case var##_cases[] = { __VA_ARGS__ };   \
	static struct mlx5x_test_suite var = {                                 \
		.name = sname,                                                 \
		.layer = slayer,                                               \
		.setup = ssetup,                                               \
		.teardown = steardown,                                         \
		.cases = var##_cases,                                          \
		.nb_cases = sizeof(var##_cases) / sizeof(var##_cases[0]),      \
	};                                                                     \
	static void __attribute__((constructor)) var##_register(void)          \
	{                                                                      \
		mlx5x_test_register(&var);                                     \
	}

#define MLX5X_TEST_CASE(fn)                                                    \
	{                                                                      \
#fn, fn                                                        \
	}

/* Report a failed expectation with where and why, and fail the case. */
#define TEST_ASSERT(cond, fmt, ...)                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			printf("    %s:%d: expected %s: " fmt "\n", __FILE__,  \
			       __LINE__, #cond, ##__VA_ARGS__);                \
			return MLX5X_TEST_FAIL;                                \
		}                                                              \
	} while (0)

#define TEST_ASSERT_EQ(a, b, fmt, ...)                                            \
	do {                                                                      \
		long long a_ = (long long)(a), b_ = (long long)(b);               \
		if (a_ != b_) {                                                   \
			printf("    %s:%d: %s == %lld, expected %s == %lld: " fmt \
			       "\n",                                              \
			       __FILE__, __LINE__, #a, a_, #b, b_,                \
			       ##__VA_ARGS__);                                    \
			return MLX5X_TEST_FAIL;                                   \
		}                                                                 \
	} while (0)

#define TEST_SKIP(fmt, ...)                                                    \
	do {                                                                   \
		printf("    skipped: " fmt "\n", ##__VA_ARGS__);               \
		return MLX5X_TEST_SKIP;                                        \
	} while (0)

/* Source and build roots, for tests that read data files or run scripts. */
const char *mlx5x_test_source_root(void);
const char *mlx5x_test_build_root(void);

/*
 * Run a shell script from app/test-mlx5x/scripts with the build's paths in
 * its environment; its exit status is the result (0 pass, 77 skip). Output
 * is shown only when it fails or is skipped, or with -v.
 */
int mlx5x_test_run_script(const char *script);

#endif /* MLX5X_TEST_H */
