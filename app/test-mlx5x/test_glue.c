/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The glue: loading rdma-core or the library MLX5X_GLUE_LIB names, and the
 * sentences a user reads when that cannot work.
 */
#include <stdlib.h>
#include <string.h>

#include <rte_pci.h>

#include "mlx5x_dev.h"
#include "mlx5x_glue.h"
#include "test.h"

static char *saved_override;

static int
glue_setup(void)
{
	const char *v = getenv(MLX5X_GLUE_LIB_ENV);

	saved_override = v != NULL ? strdup(v) : NULL;
	return 0;
}

static void
glue_restore(void)
{
	mlx5x_glue_unload();
	if (saved_override != NULL)
		setenv(MLX5X_GLUE_LIB_ENV, saved_override, 1);
	else
		unsetenv(MLX5X_GLUE_LIB_ENV);
}

static void
glue_teardown(void)
{
	glue_restore();
	free(saved_override);
	saved_override = NULL;
}

static int
test_missing_library_is_named(void)
{
	char why[512] = "";
	const struct mlx5x_glue *g;

	mlx5x_glue_unload();
	setenv(MLX5X_GLUE_LIB_ENV, "/nonexistent/libnothing.so", 1);
	g = mlx5x_glue_get(why, sizeof(why));
	glue_restore();
	TEST_ASSERT(g == NULL, "loading a missing library must fail");
	TEST_ASSERT(strstr(why, "/nonexistent/libnothing.so") != NULL,
		    "reason \"%s\" names the library", why);
	return MLX5X_TEST_PASS;
}

static int
test_library_without_verbs_names_symbol(void)
{
	char why[512] = "";
	const struct mlx5x_glue *g;

	mlx5x_glue_unload();
	/* A real library that is not rdma-core. */
	setenv(MLX5X_GLUE_LIB_ENV, "libm.so.6", 1);
	g = mlx5x_glue_get(why, sizeof(why));
	glue_restore();
	TEST_ASSERT(g == NULL, "libm is not rdma-core");
	TEST_ASSERT(strstr(why, "libm.so.6") != NULL &&
			    strstr(why, "ibv_get_device_list") != NULL,
		    "reason \"%s\" names library and missing symbol", why);
	return MLX5X_TEST_PASS;
}

static int
test_system_rdma_core_resolves(void)
{
	char why[512] = "";
	const struct mlx5x_glue *g;

	mlx5x_glue_unload();
	unsetenv(MLX5X_GLUE_LIB_ENV);
	g = mlx5x_glue_get(why, sizeof(why));
	if (g == NULL) {
		glue_restore();
		TEST_SKIP("system rdma-core not loadable here: %s", why);
	}
	TEST_ASSERT(!g->emulated_by_override, "");
	TEST_ASSERT(g->get_device_list != NULL && g->open_device != NULL &&
			    g->devx_obj_create != NULL &&
			    g->devx_general_cmd != NULL &&
			    g->dr_rule_create != NULL &&
			    g->dv_query_port_ != NULL,
		    "rdma-core 44 provides every entry point mlx5x uses");
	TEST_ASSERT(mlx5x_glue_get(why, sizeof(why)) == g, "loaded once");
	glue_restore();
	return MLX5X_TEST_PASS;
}

static int
test_no_ibdev_for_address_is_explained(void)
{
	struct rte_pci_addr addr = { .domain = 0,
				     .bus = 0x08,
				     .devid = 0,
				     .function = 0 };
	struct ibv_device **list;
	struct ibv_device *dev;
	char why[512] = "";
	int n = 0;

	mlx5x_glue_unload();
	unsetenv(MLX5X_GLUE_LIB_ENV);
	if (mlx5x_glue_get(why, sizeof(why)) == NULL) {
		glue_restore();
		TEST_SKIP("system rdma-core not loadable here: %s", why);
	}
	list = mlx5x_glue->get_device_list(&n);
	if (list != NULL)
		mlx5x_glue->free_device_list(list);
	if (n != 0) {
		glue_restore();
		TEST_SKIP("this machine has %d real RDMA device(s)", n);
	}
	list = mlx5x_dev_find_ibdev(&addr, &dev, why, sizeof(why));
	glue_restore();
	TEST_ASSERT(list == NULL && dev == NULL, "nothing to find");
	TEST_ASSERT(strstr(why, "no ConnectX found") != NULL &&
			    strstr(why, "no RDMA device") != NULL,
		    "reason \"%s\"", why);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(glue_suite, "glue", "unit", glue_setup, glue_teardown,
		 MLX5X_TEST_CASE(test_missing_library_is_named),
		 MLX5X_TEST_CASE(test_library_without_verbs_names_symbol),
		 MLX5X_TEST_CASE(test_system_rdma_core_resolves),
		 MLX5X_TEST_CASE(test_no_ibdev_for_address_is_explained))
