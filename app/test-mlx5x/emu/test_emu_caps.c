/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, general HCA caps the configuration overrides
 * (striding_rq, ext_stride_num_range, eswitch_manager): QUERY_HCA_CAP,
 * what libmlx5 reports from them and what the commands then accept must
 * tell one story.
 *
 * Striding RQ (PRM wq): single_wqe_log_num_of_strides is a 4-bit two's
 * complement n, 512 << n strides for n 0..7 and, only with
 * ext_stride_num_range, 8..256 strides for n -6..-1; mlx5_ib derives
 * mlx5dv_query_device's striding_rq_caps from the two caps (6..13 byte
 * logs; 9..16 or 3..16 stride logs), and libmlx5 answers the mask with
 * zero caps when striding_rq is off.
 */
#include <errno.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

static int
caps_query(struct emu_dev *d, uint16_t type, uint8_t *out, size_t outlen)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(query_hca_cap_in)] = { 0 };

	MLX5X_SET(query_hca_cap_in, in, opcode, MLX5X_CMD_OP_QUERY_HCA_CAP);
	MLX5X_SET(query_hca_cap_in, in, op_mod,
		  type << 1 | MLX5X_HCA_CAP_OPMOD_GET_CUR);
	return emu_cmd(d, in, sizeof(in), out, outlen);
}

/* Bit 0x3a0 of the general caps (Linux mlx5_ifc.h cmd_hca_cap); the
 * shared PRM header leaves it reserved. */
static unsigned int
caps_ext_stride(const uint8_t *cap)
{
	return cap[0x3a0 / 8] >> 7 & 1;
}

/* Whether CREATE_RQ takes a striding RQ whose strides field is n. */
static bool
caps_rq_takes(struct emu_dev *d, uint32_t n)
{
	struct emu_q q;
	bool ok = emu_q_create_mprq(d, &q, 2, n, 0) == 0;

	emu_q_destroy(&q);
	return ok;
}

static int
test_caps_striding_rq_agree(void)
{
	static const struct {
		const char *config;
		unsigned int striding, ext;
	} cases[] = {
		{ "model=cx5", 1, 1 },
		{ "model=cx6dx", 1, 1 },
		{ "model=cx5,ext_stride_num_range=0", 1, 0 },
		{ "model=cx5,striding_rq=0", 0, 0 },
		{ "model=cx4lx", 0, 0 },
		{ "model=cx4lx,striding_rq=1,ext_stride_num_range=0", 1, 0 },
		{ "model=cx4,striding_rq=1", 1, 0 },
		{ "model=cx4,striding_rq=1,ext_stride_num_range=1", 1, 1 },
	};
	static uint8_t out[MLX5X_ST_SZ_BYTES(query_hca_cap_out)];
	const uint8_t *cap = MLX5X_ADDR_OF(query_hca_cap_out, out, capability);
	size_t i;

	for (i = 0; i < (sizeof(cases) / sizeof(cases[0])); i++) {
		struct mlx5dv_context dv = {
			.comp_mask = MLX5DV_CONTEXT_MASK_STRIDING_RQ,
		};
		const struct mlx5dv_striding_rq_caps *sc = &dv.striding_rq_caps;
		const char *cfg = cases[i].config;
		unsigned int s = cases[i].striding, x = cases[i].ext;
		struct emu_dev d;

		TEST_ASSERT(emu_dev_open(&d, cfg) == 0, "open %s", cfg);
		TEST_ASSERT_EQ(caps_query(&d, MLX5X_CAP_GENERAL, out,
					  sizeof(out)),
			       0, "%s: general caps", cfg);
		TEST_ASSERT_EQ(MLX5X_GET(cmd_hca_cap, cap, striding_rq), s,
			       "%s: striding_rq", cfg);
		TEST_ASSERT_EQ(caps_ext_stride(cap), x,
			       "%s: ext_stride_num_range", cfg);
		TEST_ASSERT_EQ(emu.dv_query_device(d.ctx, &dv), 0, "%s: dv",
			       cfg);
		TEST_ASSERT(dv.comp_mask & MLX5DV_CONTEXT_MASK_STRIDING_RQ,
			    "%s: libmlx5 answers the striding RQ mask", cfg);
		TEST_ASSERT(sc->min_single_stride_log_num_of_bytes == 6 * s &&
				    sc->max_single_stride_log_num_of_bytes ==
					    13 * s &&
				    sc->min_single_wqe_log_num_of_strides ==
					    (s ? (x ? 3u : 9u) : 0u) &&
				    sc->max_single_wqe_log_num_of_strides ==
					    16 * s,
			    "%s: striding caps %u..%u bytes, %u..%u strides",
			    cfg, sc->min_single_stride_log_num_of_bytes,
			    sc->max_single_stride_log_num_of_bytes,
			    sc->min_single_wqe_log_num_of_strides,
			    sc->max_single_wqe_log_num_of_strides);
		/* n 0 (512) and 7 (65536) with the cap; 0xa (-6: 8 strides)
		 * and 0xf (-1: 256) with the extension too; 8 and 9 (-8, -7:
		 * 2 and 4 strides) never. */
		TEST_ASSERT_EQ(caps_rq_takes(&d, 0), s, "%s: 512 strides", cfg);
		TEST_ASSERT_EQ(caps_rq_takes(&d, 7), s, "%s: 65536 strides",
			       cfg);
		TEST_ASSERT_EQ(caps_rq_takes(&d, 0xa), s && x, "%s: 8 strides",
			       cfg);
		TEST_ASSERT_EQ(caps_rq_takes(&d, 0xf), s && x,
			       "%s: 256 strides", cfg);
		TEST_ASSERT(!caps_rq_takes(&d, 8) && !caps_rq_takes(&d, 9),
			    "%s: 2 or 4 strides refused", cfg);
		emu_dev_close(&d);
	}
	return MLX5X_TEST_PASS;
}

/* eswitch_manager=0: the PF still lists its representors (switchdev IB
 * ports and netdevs) but owns no FDB: as on a function whose E-Switch
 * another function manages. */
static int
test_caps_esw_manager_off(void)
{
	static uint8_t out[MLX5X_ST_SZ_BYTES(query_hca_cap_out)];
	const uint8_t *cap = MLX5X_ADDR_OF(query_hca_cap_out, out, capability);
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t ftout[MLX5X_ST_SZ_BYTES(create_flow_table_out)] = { 0 };
	struct mlx5dv_dr_domain *dom;
	struct mlx5dv_port port;
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,vfs=2,eswitch_manager=0") == 0,
		    "open");
	TEST_ASSERT_EQ(caps_query(&d, MLX5X_CAP_GENERAL, out, sizeof(out)), 0,
		       "general caps");
	TEST_ASSERT_EQ(MLX5X_GET(cmd_hca_cap, cap, eswitch_manager), 0,
		       "not the manager");
	TEST_ASSERT_EQ(MLX5X_GET(cmd_hca_cap, cap, vport_group_manager), 1,
		       "still the vport group manager");
	TEST_ASSERT(caps_query(&d, MLX5X_CAP_ESWITCH_FLOW_TABLE, out,
			       sizeof(out)) != 0,
		    "no FDB caps");
	MLX5X_SET(create_flow_table_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_FDB);
	TEST_ASSERT(emu_cmd(&d, in, sizeof(in), ftout, sizeof(ftout)) != 0,
		    "no FDB table");
	errno = 0;
	dom = emu.dr_domain_create(d.ctx, MLX5DV_DR_DOMAIN_TYPE_FDB);
	TEST_ASSERT(dom == NULL && errno == EOPNOTSUPP, "no FDB DR domain");
	TEST_ASSERT_EQ(emu.dv_query_port(d.ctx, 3, &port, sizeof(port)), 0,
		       "representor port of VF 1 still listed");
	TEST_ASSERT_EQ(port.vport, 2, "vport of VF 1");
	emu_dev_close(&d);
	TEST_ASSERT(emu_dev_open(&d, "model=cx5,vfs=2") == 0, "open default");
	TEST_ASSERT_EQ(caps_query(&d, MLX5X_CAP_GENERAL, out, sizeof(out)), 0,
		       "general caps");
	TEST_ASSERT_EQ(MLX5X_GET(cmd_hca_cap, cap, eswitch_manager), 1,
		       "the manager by default");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* log_max_rqt_size=6: the cap reads 6 and an RQT of 2^6 entries is
 * the largest CREATE_RQT accepts (PRM: rqt_max_size <= 2^cap). */
static int
test_caps_log_max_rqt_size(void)
{
	static uint8_t out[MLX5X_ST_SZ_BYTES(query_hca_cap_out)];
	const uint8_t *cap = MLX5X_ADDR_OF(query_hca_cap_out, out, capability);
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, "model=cx5,log_max_rqt_size=6") == 0,
		    "open");
	TEST_ASSERT_EQ(caps_query(&d, MLX5X_CAP_GENERAL, out, sizeof(out)), 0,
		       "general caps");
	TEST_ASSERT_EQ(MLX5X_GET(cmd_hca_cap, cap, log_max_rqt_size), 6,
		       "the override");
	emu_dev_close(&d);
	TEST_ASSERT(emu_dev_open(&d, "model=cx5") == 0, "open");
	TEST_ASSERT_EQ(caps_query(&d, MLX5X_CAP_GENERAL, out, sizeof(out)), 0,
		       "general caps");
	TEST_ASSERT(MLX5X_GET(cmd_hca_cap, cap, log_max_rqt_size) >= 9,
		    "the model's without the key");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_caps_bad_values_refused(void)
{
	static const char *const bad[] = {
		"striding_rq=2",       "ext_stride_num_range=yes",
		"eswitch_manager=",    "log_max_rqt_size=0",
		"log_max_rqt_size=17", "log_max_rqt_size=6x",
	};
	size_t i;

	if (emu_lib_load() != 0)
		return MLX5X_TEST_SKIP;
	for (i = 0; i < (sizeof(bad) / sizeof(bad[0])); i++)
		TEST_ASSERT(emu.setup(bad[i], NULL) != 0, "%s refused", bad[i]);
	emu.teardown();
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_caps_suite, "emu_caps", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_caps_striding_rq_agree),
		 MLX5X_TEST_CASE(test_caps_esw_manager_off),
		 MLX5X_TEST_CASE(test_caps_log_max_rqt_size),
		 MLX5X_TEST_CASE(test_caps_bad_values_refused))
