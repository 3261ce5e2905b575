/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * port_representor in transfer rules, as DPDK 22.11 defines it: the item
 * matches the frames the application sent through that ethdev (its Tx
 * queues), not those of the entity it represents; the action delivers to
 * that ethdev's Rx queues. Frames are checked where they come out (VF
 * ends, the wire, the ports' Rx queues), byte for byte, and every other
 * exit must stay empty.
 */
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"

#define NB_REPS 4

static uint16_t pf;
static uint16_t rep[NB_REPS];

static const uint8_t mac_a[6] = { 0x02, 0, 0, 0, 0x0a, 0x01 };
static const uint8_t mac_b[6] = { 0x02, 0, 0, 0, 0x0b, 0x02 };

static const struct rte_flow_attr xfer_attr = { .transfer = 1 };

static int
rep_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
rep_teardown(void)
{
	e2e_detach();
}

static int
rep_up(void)
{
	return e2e_switchdev_up(&pf, rep, NB_REPS);
}

/* The application sends frame through port's Tx queue 0. */
static int
app_send(uint16_t port, const uint8_t *frame, uint16_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(e2e_pool());

	if (m == NULL)
		return -1;
	memcpy(rte_pktmbuf_append(m, len), frame, len);
	if (rte_eth_tx_burst(port, 0, &m, 1) != 1) {
		rte_pktmbuf_free(m);
		return -1;
	}
	return 0;
}

/*
 * Item: a rule on the uplink port matching port_representor(rep 1) sends
 * to VF 3. What the application sends through representor 1 goes to VF 3
 * instead of VF 1; what VF 1 itself sends (the entity, not the ethdev)
 * does not match and reaches representor 1; representor 2's Tx is not
 * representor 1's. Destroyed, representor 1's Tx reaches VF 1 again.
 */
static int
test_port_representor_item(void)
{
	struct rte_flow_item_ethdev src = { .port_id = 0 };
	struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_PORT_REPRESENTOR, .spec = &src },
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct rte_flow_action_ethdev to = { .port_id = 0 };
	struct rte_flow_action_count cnt = { 0 };
	struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_COUNT, .conf = &cnt },
		{ .type = RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT, .conf = &to },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_query_count q = { .reset = 0 };
	struct rte_flow_error err;
	uint8_t frame[80], out[256];
	struct rte_flow *f;
	struct rte_mbuf *m[4];

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rep_up(), 0, "PF and representors up");
	/* cppcheck-suppress unreadVariable ; read through pat[] */
	src.port_id = rep[1];
	/* cppcheck-suppress unreadVariable ; read through acts[] */
	to.port_id = rep[3];
	memset(&err, 0, sizeof(err));
	f = rte_flow_create(pf, &xfer_attr, pat, acts, &err);
	TEST_ASSERT(f != NULL, "rule on the uplink: %s",
		    err.message ? err.message : "");
	e2e_udp_frame(frame, sizeof(frame), mac_b, mac_a, 1, 2, 3, 4);
	TEST_ASSERT_EQ(app_send(rep[1], frame, sizeof(frame)), 0,
		       "representor 1 sends");
	TEST_ASSERT_EQ(e2e_capture_end(3, out, sizeof(out)), (int)sizeof(frame),
		       "VF 3 gets what representor 1 sent");
	TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0, "same bytes");
	TEST_ASSERT_EQ(e2e_switchdev_quiet(pf, rep, NB_REPS), MLX5X_TEST_PASS,
		       "VF 1 got nothing");
	/* The VF behind representor 1 is not representor 1. */
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 1, frame, sizeof(frame)), 0,
		       "VF 1 sends");
	TEST_ASSERT_EQ(e2e_rx_wait(rep[1], 0, m, 1), 1,
		       "VF 1's frame on representor 1, not taken by the rule");
	rte_pktmbuf_free(m[0]);
	/* Another representor's Tx is not representor 1's. */
	TEST_ASSERT_EQ(app_send(rep[2], frame, sizeof(frame)), 0,
		       "representor 2 sends");
	TEST_ASSERT_EQ(e2e_capture_end(2, out, sizeof(out)), (int)sizeof(frame),
		       "VF 2 gets what representor 2 sent");
	TEST_ASSERT_EQ(e2e_switchdev_quiet(pf, rep, NB_REPS), MLX5X_TEST_PASS,
		       "VF 3 got nothing");
	TEST_ASSERT_EQ(rte_flow_query(pf, f, &acts[0], &q, &err), 0,
		       "query: %s", err.message ? err.message : "");
	TEST_ASSERT(q.hits_set && q.hits == 1,
		    "the rule counted the one frame representor 1 sent (%lu)",
		    (unsigned long)q.hits);
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, &err), 0, "destroy");
	TEST_ASSERT_EQ(app_send(rep[1], frame, sizeof(frame)), 0,
		       "representor 1 sends");
	TEST_ASSERT_EQ(e2e_capture_end(1, out, sizeof(out)), (int)sizeof(frame),
		       "without the rule VF 1 gets it");
	return e2e_switchdev_quiet(pf, rep, NB_REPS);
}

/*
 * A port_representor rule created on a representor, with a jump: the tag
 * survives into the group it jumps to, where a second rule matching it
 * drops. Representor 0's Tx is dropped, representor 1's is not.
 */
static int
test_port_representor_item_jump(void)
{
	struct rte_flow_item_ethdev src = { .port_id = 0 };
	struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_PORT_REPRESENTOR, .spec = &src },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct rte_flow_action_jump j = { .group = 2 };
	const struct rte_flow_action a_jump[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_JUMP, .conf = &j },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action a_drop[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_DROP },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_attr g2 = { .transfer = 1, .group = 2 };
	struct rte_flow_error err;
	uint8_t frame[64], out[256];

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rep_up(), 0, "PF and representors up");
	/* cppcheck-suppress unreadVariable ; read through pat[] */
	src.port_id = rep[0];
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_create(rep[2], &xfer_attr, pat, a_jump, &err) !=
			    NULL,
		    "group 0 rule: %s", err.message ? err.message : "");
	TEST_ASSERT(rte_flow_create(rep[2], &g2, pat, a_drop, &err) != NULL,
		    "group 2 rule: %s", err.message ? err.message : "");
	e2e_udp_frame(frame, sizeof(frame), mac_b, mac_a, 5, 6, 7, 8);
	TEST_ASSERT_EQ(app_send(rep[0], frame, sizeof(frame)), 0,
		       "representor 0 sends");
	TEST_ASSERT_EQ(app_send(rep[1], frame, sizeof(frame)), 0,
		       "representor 1 sends");
	TEST_ASSERT_EQ(e2e_capture_end(1, out, sizeof(out)), (int)sizeof(frame),
		       "VF 1 gets representor 1's frame");
	TEST_ASSERT_EQ(e2e_switchdev_quiet(pf, rep, NB_REPS), MLX5X_TEST_PASS,
		       "representor 0's frame dropped in group 2");
	TEST_ASSERT_EQ(rte_flow_flush(rep[2], &err), 0, "flush");
	TEST_ASSERT_EQ(app_send(rep[0], frame, sizeof(frame)), 0,
		       "representor 0 sends");
	TEST_ASSERT_EQ(e2e_capture_end(0, out, sizeof(out)), (int)sizeof(frame),
		       "flushed: VF 0 gets it");
	return e2e_switchdev_quiet(pf, rep, NB_REPS);
}

/* Rule on `on` (its entity's frames): everything -> port_representor(to),
 * counted. */
static struct rte_flow *
to_rep_rule(uint16_t on, uint16_t to, struct rte_flow_error *err)
{
	struct rte_flow_action_ethdev d = { .port_id = to };
	struct rte_flow_action_count cnt = { 0 };
	const struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_COUNT, .conf = &cnt },
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_REPRESENTOR, .conf = &d },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};

	return rte_flow_create(on, &xfer_attr, pat, acts, err);
}

/* One frame on port's Rx queue 0, equal to want; nothing else anywhere. */
static int
received_on(uint16_t port, const uint8_t *want, uint16_t len, const char *who)
{
	struct rte_mbuf *m[4];
	int same;

	TEST_ASSERT_EQ(e2e_rx_wait(port, 0, m, 1), 1, "%s receives", who);
	same = m[0]->pkt_len == len &&
	       memcmp(rte_pktmbuf_mtod(m[0], void *), want, len) == 0;
	rte_pktmbuf_free(m[0]);
	TEST_ASSERT(same, "%s: the frame, byte for byte", who);
	return e2e_switchdev_quiet(pf, rep, NB_REPS);
}

/* Two port_representor actions in one rule: refused at the second. */
static int
two_refused(void)
{
	struct rte_flow_action_ethdev r2 = { .port_id = rep[2] };
	struct rte_flow_action_ethdev r3 = { .port_id = rep[3] };
	const struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_REPRESENTOR, .conf = &r2 },
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_REPRESENTOR, .conf = &r3 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error err;

	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_validate(rep[0], &xfer_attr, pat, acts, &err) != 0,
		    "refused");
	TEST_ASSERT_EQ(err.type, RTE_FLOW_ERROR_TYPE_ACTION_CONF, "type");
	TEST_ASSERT(err.cause == &acts[1], "cause: the second action");
	TEST_ASSERT(err.message != NULL &&
			    strstr(err.message,
				   "one port_representor per rule") != NULL,
		    "says why: %s", err.message ? err.message : "");
	return MLX5X_TEST_PASS;
}

/*
 * Action: VF 0's frames, by a rule on representor 0, delivered to
 * representor 1's Rx queue (not representor 0's, not the uplink's, no VF
 * end); VF 2's to the uplink port's. Destroyed: the default path again.
 */
static int
test_port_representor_action(void)
{
	struct rte_flow_query_count q = { .reset = 1 };
	const struct rte_flow_action count[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_COUNT },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_ether_addr pf_mac;
	struct rte_flow_error err;
	struct rte_flow *f, *g;
	uint8_t frame[90];

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rep_up(), 0, "PF and representors up");
	TEST_ASSERT_EQ(rte_eth_macaddr_get(pf, &pf_mac), 0, "uplink MAC");
	memset(&err, 0, sizeof(err));
	f = to_rep_rule(rep[0], rep[1], &err);
	/* An E-Switch that does not hand reg_c_0 to the manager's NIC Rx
	 * cannot do it: the refusal must say so, and that is all. */
	if (f == NULL && err.message != NULL &&
	    (strstr(err.message, "fdb_to_vport_reg_c_id") != NULL ||
	     strstr(err.message, "QUERY_ESW_VPORT_CONTEXT") != NULL))
		TEST_SKIP("this adapter's E-Switch does not pass reg_c_0 to the manager's NIC Rx: %s",
			  err.message);
	TEST_ASSERT(f != NULL, "VF 0 -> representor 1: %s",
		    err.message ? err.message : "");
	TEST_ASSERT_EQ(two_refused(), MLX5X_TEST_PASS,
		       "two port_representor actions refused");
	g = to_rep_rule(rep[2], pf, &err);
	TEST_ASSERT(g != NULL, "VF 2 -> the uplink port: %s",
		    err.message ? err.message : "");
	e2e_udp_frame(frame, sizeof(frame), mac_b, mac_a, 11, 12, 13, 14);
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 0, frame, sizeof(frame)), 0,
		       "VF 0 sends");
	TEST_ASSERT_EQ(received_on(rep[1], frame, sizeof(frame),
				   "representor 1"),
		       MLX5X_TEST_PASS, "VF 0's frame on representor 1 only");
	TEST_ASSERT_EQ(rte_flow_query(rep[0], f, count, &q, &err), 0,
		       "query: %s", err.message ? err.message : "");
	TEST_ASSERT(q.hits_set && q.hits == 1, "counted once (%lu)",
		    (unsigned long)q.hits);
	e2e_udp_frame(frame, sizeof(frame), pf_mac.addr_bytes, mac_a, 21, 22,
		      23, 24);
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 2, frame, sizeof(frame)), 0,
		       "VF 2 sends");
	TEST_ASSERT_EQ(received_on(pf, frame, sizeof(frame), "the uplink port"),
		       MLX5X_TEST_PASS, "VF 2's frame on the uplink port only");
	TEST_ASSERT_EQ(rte_flow_destroy(rep[0], f, &err), 0, "destroy");
	TEST_ASSERT_EQ(rte_flow_destroy(rep[2], g, &err), 0, "destroy");
	e2e_udp_frame(frame, sizeof(frame), mac_b, mac_a, 11, 12, 13, 14);
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 0, frame, sizeof(frame)), 0,
		       "VF 0 sends");
	return received_on(rep[0], frame, sizeof(frame),
			   "without the rule, representor 0");
}

static int
test_port_representor_refusals(void)
{
	struct rte_flow_item_ethdev uplink = { .port_id = 0 };
	struct rte_flow_item_ethdev nowhere = { .port_id =
							RTE_MAX_ETHPORTS - 1 };
	struct rte_flow_item_ethdev r1 = { .port_id = 0 };
	struct rte_flow_item_ethdev half = { .port_id = 0x00ff };
	struct rte_flow_action_ethdev to = { .port_id = 0 };
	struct rte_flow_action_queue q = { .index = 0 };
	const struct rte_flow_item p_uplink[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_PORT_REPRESENTOR,
		  .spec = &uplink },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item p_nowhere[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_PORT_REPRESENTOR,
		  .spec = &nowhere },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item p_half[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_PORT_REPRESENTOR,
		  .spec = &r1,
		  .mask = &half },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item p_twice[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_PORT_REPRESENTOR, .spec = &r1 },
		{ .type = RTE_FLOW_ITEM_TYPE_REPRESENTED_PORT, .spec = &r1 },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item p_r1[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_PORT_REPRESENTOR, .spec = &r1 },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_action a_to[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT, .conf = &to },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action a_queue[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_action_ethdev r2 = { .port_id = 0 };
	const struct rte_flow_action a_ing[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_REPRESENTOR, .conf = &r2 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_item p_any[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_attr ingress = { .ingress = 1 };
	const struct {
		const char *what;
		const struct rte_flow_attr *attr;
		const struct rte_flow_item *pattern;
		const struct rte_flow_action *actions;
		enum rte_flow_error_type type;
		const void *cause;
		const char *in_msg;
	} cases[] = {
		{ "the uplink's Tx", &xfer_attr, p_uplink, a_to,
		  RTE_FLOW_ERROR_TYPE_ITEM_SPEC, &p_uplink[0], "uplink port" },
		{ "a port that does not exist", &xfer_attr, p_nowhere, a_to,
		  RTE_FLOW_ERROR_TYPE_ITEM_SPEC, &p_nowhere[0],
		  "does not exist" },
		{ "a partial mask", &xfer_attr, p_half, a_to,
		  RTE_FLOW_ERROR_TYPE_ITEM_MASK, &p_half[0], "partial mask" },
		{ "two sources", &xfer_attr, p_twice, a_to,
		  RTE_FLOW_ERROR_TYPE_ITEM, &p_twice[1],
		  "already names a source" },
		{ "in an ingress rule", &ingress, p_r1, a_queue,
		  RTE_FLOW_ERROR_TYPE_ITEM, &p_r1[0], "only in a transfer" },
		{ "the action in an ingress rule", &ingress, p_any, a_ing,
		  RTE_FLOW_ERROR_TYPE_ACTION, &a_ing[0],
		  "not allowed in ingress rules" },
	};
	struct rte_flow_error err;
	unsigned int i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rep_up(), 0, "PF and representors up");
	/* cppcheck-suppress unreadVariable ; read through the patterns */
	uplink.port_id = pf;
	/* cppcheck-suppress unreadVariable ; read through the patterns */
	r1.port_id = rep[1];
	/* cppcheck-suppress unreadVariable ; read through the actions */
	to.port_id = rep[2];
	/* cppcheck-suppress unreadVariable ; read through the actions */
	r2.port_id = rep[2];
	for (i = 0; i < RTE_DIM(cases); i++) {
		memset(&err, 0, sizeof(err));
		TEST_ASSERT(rte_flow_validate(rep[0], cases[i].attr,
					      cases[i].pattern,
					      cases[i].actions, &err) != 0,
			    "%s: refused", cases[i].what);
		TEST_ASSERT_EQ(err.type, cases[i].type, "%s: type (%s)",
			       cases[i].what, err.message ? err.message : "");
		TEST_ASSERT(err.cause == cases[i].cause,
			    "%s: cause points at the offender", cases[i].what);
		TEST_ASSERT(err.message != NULL &&
				    strstr(err.message, cases[i].in_msg) !=
					    NULL,
			    "%s: message names it ('%s' in '%s')",
			    cases[i].what, cases[i].in_msg,
			    err.message ? err.message : "");
	}
	memset(&err, 0, sizeof(err));
	TEST_ASSERT_EQ(rte_flow_validate(rep[0], &xfer_attr, p_r1, a_to, &err),
		       0, "representor 1's Tx accepted: %s",
		       err.message ? err.message : "");
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(e2e_flow_transfer_rep_suite, "e2e_flow_transfer_rep", "e2e",
		 rep_setup, rep_teardown,
		 MLX5X_TEST_CASE(test_port_representor_item),
		 MLX5X_TEST_CASE(test_port_representor_item_jump),
		 MLX5X_TEST_CASE(test_port_representor_action),
		 MLX5X_TEST_CASE(test_port_representor_refusals))
