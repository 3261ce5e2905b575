/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Devargs as a user types them after -a <pci>,: every key valid, invalid,
 * out of range and unknown; representor list syntax.
 */
#include <errno.h>
#include <string.h>

#include "mlx5x_devargs.h"
#include "test.h"

static int
test_defaults(void)
{
	struct mlx5x_devargs da;
	char err[512] = "";

	TEST_ASSERT_EQ(mlx5x_devargs_parse(NULL, &da, err, sizeof(err)), 0,
		       "%s", err);
	TEST_ASSERT(!da.has_representor, "no representor by default");
	TEST_ASSERT_EQ(da.dv_flow_en, 1, "DV/DR by default");
	TEST_ASSERT_EQ(da.dv_esw_en, 1, "");
	TEST_ASSERT_EQ(da.rxq_cqe_comp_en, 1, "");
	TEST_ASSERT_EQ(da.mprq_en, 0, "");
	TEST_ASSERT_EQ(da.rx_vec_en, 1, "");
	TEST_ASSERT_EQ(da.tx_vec_en, 1, "");
	TEST_ASSERT_EQ(da.txq_inline_min, -1, "device decides");
	TEST_ASSERT_EQ(da.txq_inline_max, 290, "");
	TEST_ASSERT_EQ(da.txq_mpw_en, 1, "");
	TEST_ASSERT_EQ(da.txq_inline_mpw, 268, "mlx5's default");
	TEST_ASSERT_EQ(da.txqs_min_inline, 8, "mlx5's default off BlueField");
	TEST_ASSERT_EQ(da.given, 0, "");
	TEST_ASSERT_EQ(mlx5x_devargs_parse("", &da, err, sizeof(err)), 0, "");
	return MLX5X_TEST_PASS;
}

static int
test_every_key_accepts_its_range(void)
{
	struct mlx5x_devargs da;
	char err[512] = "";

	TEST_ASSERT_EQ(mlx5x_devargs_parse("dv_flow_en=0,dv_esw_en=0,rxq_cqe_comp_en=4,mprq_en=1,rx_vec_en=0,tx_vec_en=0,txq_inline_min=18,txq_inline_max=930,txq_mpw_en=0",
					   &da, err, sizeof(err)),
		       0, "%s", err);
	TEST_ASSERT_EQ(da.dv_flow_en, 0, "");
	TEST_ASSERT_EQ(da.dv_esw_en, 0, "");
	TEST_ASSERT_EQ(da.rxq_cqe_comp_en, MLX5X_CQE_COMP_L3L4, "");
	TEST_ASSERT_EQ(da.mprq_en, 1, "");
	TEST_ASSERT_EQ(da.rx_vec_en, 0, "");
	TEST_ASSERT_EQ(da.tx_vec_en, 0, "");
	TEST_ASSERT_EQ(da.txq_inline_min, 18, "");
	TEST_ASSERT_EQ(da.txq_inline_max, 930, "");
	TEST_ASSERT_EQ(da.txq_mpw_en, 0, "");
	TEST_ASSERT(mlx5x_devargs_given(&da, "txq_inline_min"), "");
	TEST_ASSERT(!mlx5x_devargs_given(&da, "representor"), "");
	/* Hex is a number too, and class=eth is the one class we drive. */
	TEST_ASSERT_EQ(mlx5x_devargs_parse("txq_inline_max=0x100,class=eth",
					   &da, err, sizeof(err)),
		       0, "%s", err);
	TEST_ASSERT_EQ(da.txq_inline_max, 256, "");
	/* txqs_min_inline: 0 (always inline) up to any 16-bit queue count. */
	TEST_ASSERT_EQ(mlx5x_devargs_parse("txqs_min_inline=0", &da, err,
					   sizeof(err)),
		       0, "%s", err);
	TEST_ASSERT_EQ(da.txqs_min_inline, 0, "");
	TEST_ASSERT(mlx5x_devargs_given(&da, "txqs_min_inline"), "");
	TEST_ASSERT_EQ(mlx5x_devargs_parse("txqs_min_inline=65535", &da, err,
					   sizeof(err)),
		       0, "%s", err);
	TEST_ASSERT_EQ(da.txqs_min_inline, 65535, "");
	return MLX5X_TEST_PASS;
}

struct bad_case {
	const char *args;
	const char *must_say[3]; /* substrings the message must contain */
};

static const struct bad_case bad_cases[] = {
	{ "dv_flow_en=2", { "dv_flow_en=2", "out of range 0..1", "Verbs" } },
	{ "dv_flow_en=yes", { "dv_flow_en=yes", "not a number", NULL } },
	{ "dv_flow_en=", { "dv_flow_en", NULL, NULL } },
	{ "dv_flow_en=-1", { "dv_flow_en=-1", "not a number", NULL } },
	{ "dv_esw_en=7", { "dv_esw_en=7", "0..1", NULL } },
	{ "rxq_cqe_comp_en=5", { "rxq_cqe_comp_en=5", "0..4", "flow tag" } },
	{ "mprq_en=1x", { "mprq_en=1x", "not a number", NULL } },
	{ "rx_vec_en=99999999999999999999",
	  { "rx_vec_en", "not a number", NULL } },
	{ "tx_vec_en=2", { "tx_vec_en=2", "0..1", NULL } },
	{ "txq_inline_min=931", { "txq_inline_min=931", "0..930", NULL } },
	{ "txq_inline_max=4096", { "txq_inline_max=4096", "0..930", NULL } },
	{ "txq_inline_min=200,txq_inline_max=100",
	  { "txq_inline_min=200", "txq_inline_max=100", "conflict" } },
	{ "txq_mpw_en=on", { "txq_mpw_en=on", "not a number", NULL } },
	{ "txq_inline_mpw=931", { "txq_inline_mpw=931", "0..930", NULL } },
	{ "txqs_min_inline=65536",
	  { "txqs_min_inline=65536", "0..65535", "Tx queue count" } },
	{ "txqs_min_inline=-1",
	  { "txqs_min_inline=-1", "not a number", NULL } },
	{ "txqs_min_inline=eight",
	  { "txqs_min_inline=eight", "not a number", "always inline" } },
	{ "txqs_min_inline", { "txqs_min_inline", "no value", NULL } },
	{ "dv_flow_en=1,dv_flow_en=0", { "dv_flow_en", "twice", NULL } },
	{ "no_such_key=1", { "no_such_key", "unknown", "representor" } },
	{ "dv_flow_en", { "dv_flow_en", "no value", NULL } },
	{ "class=crypto", { "class=crypto", "eth", NULL } },
	{ "representor=", { "representor", "empty", "pf0vf[0-3]" } },
	{ "representor=[0-3", { "representor=[0-3", NULL, NULL } },
	{ "representor=[3-1]", { "representor=[3-1]", "backwards", NULL } },
	{ "representor=[0-]", { "representor=[0-]", "no end", NULL } },
	{ "representor=[0,,2]",
	  { "representor=[0,,2]", "VF index", "pf0vf[0-3]" } },
	{ "representor=[a]", { "representor=[a]", "VF index", "pf0vf[0-3]" } },
	{ "representor=[0-3]x", { "representor=[0-3]x", "unexpected", NULL } },
	{ "representor=[1,1]", { "representor=[1,1]", "twice", NULL } },
	{ "representor=[0-256]", { "representor=[0-256]", "256", "0..255" } },
	{ "representor=pf0", { "representor=pf0", "VF", NULL } },
	{ "representor=pf9vf0", { "representor=pf9vf0", "PF index", NULL } },
	{ "representor=sf[0-1]", { "representor=sf[0-1]", "SF", NULL } },
	{ "representor=c0pf0vf0",
	  { "representor=c0pf0vf0", "controller", NULL } },
};

static int
test_bad_values_name_key_value_and_allowed(void)
{
	unsigned int i, j;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct mlx5x_devargs da;
		char err[512] = "";
		int ret = mlx5x_devargs_parse(c->args, &da, err, sizeof(err));

		TEST_ASSERT_EQ(ret, -EINVAL, "\"%s\" must be refused", c->args);
		for (j = 0; j < 3 && c->must_say[j] != NULL; j++)
			TEST_ASSERT(strstr(err, c->must_say[j]) != NULL,
				    "\"%s\": message \"%s\" does not say \"%s\"",
				    c->args, err, c->must_say[j]);
	}
	return MLX5X_TEST_PASS;
}

static int
expect_vfs(const char *args, int pf, const uint16_t *vf, unsigned int nb)
{
	struct mlx5x_devargs da;
	char err[512] = "";
	unsigned int i;

	TEST_ASSERT_EQ(mlx5x_devargs_parse(args, &da, err, sizeof(err)), 0,
		       "\"%s\": %s", args, err);
	TEST_ASSERT(da.has_representor, "%s", args);
	TEST_ASSERT_EQ(da.representor.pf, pf, "%s", args);
	TEST_ASSERT_EQ(da.representor.nb, nb, "%s", args);
	for (i = 0; i < nb; i++)
		TEST_ASSERT_EQ(da.representor.vf[i], vf[i], "%s entry %u", args,
			       i);
	return MLX5X_TEST_PASS;
}

static int
test_representor_list_syntax(void)
{
	static const uint16_t r0_3[] = { 0, 1, 2, 3 };
	static const uint16_t r025[] = { 0, 2, 5 };
	static const uint16_t r7[] = { 7 };
	static const uint16_t mixed[] = { 1, 3, 4, 5, 9 };

	if (expect_vfs("representor=[0-3]", -1, r0_3, 4) ||
	    expect_vfs("representor=[0,2,5]", -1, r025, 3) ||
	    expect_vfs("representor=pf0vf[0-3]", 0, r0_3, 4) ||
	    expect_vfs("representor=pf1vf7", 1, r7, 1) ||
	    expect_vfs("representor=vf[0,2,5]", -1, r025, 3) ||
	    expect_vfs("representor=7", -1, r7, 1) ||
	    expect_vfs("representor=[9,3-5,1]", -1, mixed, 5) ||
	    expect_vfs("representor=[0-3],dv_flow_en=1", -1, r0_3, 4))
		return MLX5X_TEST_FAIL;
	return MLX5X_TEST_PASS;
}

static int
test_full_representor_range(void)
{
	struct mlx5x_devargs da;
	char err[512] = "";

	TEST_ASSERT_EQ(mlx5x_devargs_parse("representor=[0-255]", &da, err,
					   sizeof(err)),
		       0, "%s", err);
	TEST_ASSERT_EQ(da.representor.nb, 256, "");
	TEST_ASSERT_EQ(da.representor.vf[255], 255, "");
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(devargs_suite, "devargs", "unit", NULL, NULL,
		 MLX5X_TEST_CASE(test_defaults),
		 MLX5X_TEST_CASE(test_every_key_accepts_its_range),
		 MLX5X_TEST_CASE(test_bad_values_name_key_value_and_allowed),
		 MLX5X_TEST_CASE(test_representor_list_syntax),
		 MLX5X_TEST_CASE(test_full_representor_range))
