/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What rte_flow_validate accepts, rte_flow_create makes: rules the flow
 * fuzzer (devtools/mlx5x-fuzz-flow, MLX5X_FUZZ_SHOW_CREATE_REFUSED=1)
 * found validated and then refused by the adapter at create, each now
 * refused at validate with the reason, next to the nearest rule that is
 * made.
 */
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_flow.h>

#include "e2e.h"
#include "test.h"

#define LEGACY_CONFIG                                                          \
	"model=cx5,pci=" E2E_PCI ",vfs=0,esw=legacy,wire=drop,vf_end=drop"

static int
val_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
val_teardown(void)
{
	e2e_detach();
}

/* An egress raw_encap shorter than Ethernet + IPv4 (L2_TO_L2_TUNNEL):
 * ALLOC_PACKET_REFORMAT_CONTEXT refuses its reformat_data_size. */
static int
test_flow_validate_short_raw_encap(void)
{
	static uint8_t hdr[64] = { 0x0e, 0, 0, 0, 0,	0x0d, 0x02, 0,
				   0,	 0, 0, 0, 0x08, 0x00, 0x45 };
	struct rte_flow_action_raw_encap e33 = { .data = hdr, .size = 33 };
	struct rte_flow_action_raw_encap e34 = { .data = hdr, .size = 34 };
	const struct rte_flow_attr egress = { .egress = 1 };
	const struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RAW_ENCAP, .conf = &e33 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error err;
	struct rte_flow *f;
	uint16_t pf;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach_config(LEGACY_CONFIG, NULL), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, NULL), 0, "start");
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_validate(pf, &egress, pat, acts, &err) != 0,
		    "33 bytes refused at validate");
	TEST_ASSERT_EQ(err.type, RTE_FLOW_ERROR_TYPE_ACTION_CONF, "error type");
	TEST_ASSERT(err.cause == &acts[0], "cause: the raw_encap action");
	TEST_ASSERT(err.message != NULL &&
			    strstr(err.message, "L2_TO_L2_TUNNEL") != NULL &&
			    strstr(err.message, "Ethernet + IPv4 (34)") != NULL,
		    "the message says why: %s",
		    err.message ? err.message : "(none)");
	acts[0].conf = &e34;
	memset(&err, 0, sizeof(err));
	TEST_ASSERT_EQ(rte_flow_validate(pf, &egress, pat, acts, &err), 0,
		       "34 bytes validate: %s", err.message ? err.message : "");
	f = rte_flow_create(pf, &egress, pat, acts, &err);
	TEST_ASSERT(f != NULL, "34 bytes created: %s",
		    err.message ? err.message : "");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, NULL), 0, "destroy");
	return e2e_detach_check();
}

MLX5X_TEST_SUITE(e2e_flow_validate_suite, "e2e_flow_validate", "e2e", val_setup,
		 val_teardown,
		 MLX5X_TEST_CASE(test_flow_validate_short_raw_encap))
