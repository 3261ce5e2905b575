/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What rte_flow_validate accepts, rte_flow_create makes: rules the flow
 * fuzzer (devtools/mlx5x-fuzz-flow, MLX5X_FUZZ_SHOW_CREATE_REFUSED=1)
 * found validated and then refused by the adapter at create, each now
 * refused at validate with the reason, next to the nearest rule that is
 * made.
 */
#include <errno.h>
#include <stdbool.h>
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

/* Every action type whose rte_flow definition carries a configuration is
 * refused without one, naming the action, whatever parses it; types
 * without one are not refused for its absence. */
static int
test_flow_validate_action_without_conf(void)
{
	static const struct {
		enum rte_flow_action_type type;
		const char *name;
		bool egress;
	} need[] = {
		{ RTE_FLOW_ACTION_TYPE_QUEUE, "queue", false },
		{ RTE_FLOW_ACTION_TYPE_RSS, "rss", false },
		{ RTE_FLOW_ACTION_TYPE_JUMP, "jump", false },
		{ RTE_FLOW_ACTION_TYPE_MARK, "mark", false },
		{ RTE_FLOW_ACTION_TYPE_SET_MAC_SRC, "set_mac_src", false },
		{ RTE_FLOW_ACTION_TYPE_SET_IPV4_DST, "set_ipv4_dst", false },
		{ RTE_FLOW_ACTION_TYPE_SET_TP_SRC, "set_tp_src", false },
		{ RTE_FLOW_ACTION_TYPE_SET_TTL, "set_ttl", false },
		{ RTE_FLOW_ACTION_TYPE_INC_TCP_SEQ, "inc_tcp_seq", false },
		{ RTE_FLOW_ACTION_TYPE_MODIFY_FIELD, "modify_field", false },
		{ RTE_FLOW_ACTION_TYPE_OF_SET_VLAN_VID, "of_set_vlan_vid",
		  false },
		{ RTE_FLOW_ACTION_TYPE_RAW_ENCAP, "raw_encap", false },
		{ RTE_FLOW_ACTION_TYPE_SET_META, "set_meta", false },
		{ RTE_FLOW_ACTION_TYPE_SET_TAG, "set_tag", false },
		{ RTE_FLOW_ACTION_TYPE_OF_PUSH_VLAN, "of_push_vlan", true },
		{ RTE_FLOW_ACTION_TYPE_OF_SET_VLAN_PCP, "of_set_vlan_pcp",
		  true },
		{ RTE_FLOW_ACTION_TYPE_VXLAN_ENCAP, "vxlan_encap", true },
		{ RTE_FLOW_ACTION_TYPE_NVGRE_ENCAP, "nvgre_encap", true },
	};
	static const enum rte_flow_action_type none[] = {
		RTE_FLOW_ACTION_TYPE_FLAG,
		RTE_FLOW_ACTION_TYPE_DEC_TTL,
		RTE_FLOW_ACTION_TYPE_OF_POP_VLAN,
		RTE_FLOW_ACTION_TYPE_VXLAN_DECAP,
		RTE_FLOW_ACTION_TYPE_RAW_DECAP,
		RTE_FLOW_ACTION_TYPE_COUNT,
	};
	const struct rte_flow_attr ingress = { .ingress = 1 };
	const struct rte_flow_attr egress = { .egress = 1 };
	const struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_TCP },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_END },
		{ .type = RTE_FLOW_ACTION_TYPE_DROP },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error err;
	unsigned int i;
	uint16_t pf;
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach_config(LEGACY_CONFIG, NULL), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, NULL), 0, "start");
	for (i = 0; i < RTE_DIM(need); i++) {
		acts[0] = (struct rte_flow_action){ .type = need[i].type };
		memset(&err, 0, sizeof(err));
		ret = rte_flow_validate(pf, need[i].egress ? &egress : &ingress,
					pat, acts, &err);
		TEST_ASSERT_EQ(ret, -EINVAL, "%s without conf: EINVAL",
			       need[i].name);
		TEST_ASSERT_EQ(err.type, RTE_FLOW_ERROR_TYPE_ACTION_CONF,
			       "%s: error type", need[i].name);
		TEST_ASSERT(err.cause == &acts[0], "%s: cause", need[i].name);
		TEST_ASSERT(err.message != NULL &&
				    strstr(err.message, need[i].name) != NULL &&
				    strstr(err.message, "conf is NULL") != NULL,
			    "%s: the message says so: %s", need[i].name,
			    err.message ? err.message : "(none)");
	}
	for (i = 0; i < RTE_DIM(none); i++) {
		acts[0] = (struct rte_flow_action){ .type = none[i] };
		memset(&err, 0, sizeof(err));
		ret = rte_flow_validate(pf, &ingress, pat, acts, &err);
		TEST_ASSERT(ret == 0 || err.message == NULL ||
				    strstr(err.message, "conf is NULL") == NULL,
			    "action type %d takes no conf: %s", (int)none[i],
			    err.message);
	}
	return e2e_detach_check();
}

MLX5X_TEST_SUITE(e2e_flow_validate_suite, "e2e_flow_validate", "e2e", val_setup,
		 val_teardown,
		 MLX5X_TEST_CASE(test_flow_validate_short_raw_encap),
		 MLX5X_TEST_CASE(test_flow_validate_action_without_conf))
