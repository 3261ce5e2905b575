/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Transfer rules as an OVS-like application makes them: on the ethdev of
 * the port the traffic comes in on (a VF representor or the uplink), with
 * port actions naming other ports of the same E-Switch. The frames are
 * checked at the VF ends and on the wire, byte for byte, and the ports
 * the rule bypasses must receive nothing.
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

static int
xfer_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
xfer_teardown(void)
{
	e2e_detach();
}

static int
xfer_up(void)
{
	return e2e_switchdev_up(&pf, rep, NB_REPS);
}

static const struct rte_flow_attr xfer_attr = { .transfer = 1 };
static const struct rte_flow_item pat_any[] = {
	{ .type = RTE_FLOW_ITEM_TYPE_ETH },
	{ .type = RTE_FLOW_ITEM_TYPE_END },
};

/* Rule on port `on`: everything it sees -> represented port `to`. */
static struct rte_flow *
fwd_rule(uint16_t on, uint16_t to, struct rte_flow_error *err)
{
	struct rte_flow_action_ethdev d = { .port_id = to };
	struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT, .conf = &d },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};

	return rte_flow_create(on, &xfer_attr, pat_any, acts, err);
}

static int
test_transfer_vf_to_vf(void)
{
	struct rte_flow_error err;
	struct rte_flow *f;
	uint8_t frame[96], out[256];
	struct rte_mbuf *m[4];
	int r;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(xfer_up(), 0, "PF and representors up");
	memset(&err, 0, sizeof(err));
	f = fwd_rule(rep[0], rep[1], &err);
	TEST_ASSERT(f != NULL, "rule on representor 0: %s",
		    err.message ? err.message : "");
	e2e_udp_frame(frame, sizeof(frame), mac_b, mac_a, 1, 2, 1000, 2000);
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 0, frame, sizeof(frame)), 0,
		       "VF 0 sends");
	TEST_ASSERT_EQ(e2e_capture_end(1, out, sizeof(out)), (int)sizeof(frame),
		       "VF 1 gets it");
	TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0, "same bytes");
	r = e2e_switchdev_quiet(pf, rep, NB_REPS);
	if (r != MLX5X_TEST_PASS)
		return r;
	/* Only VF 0's frames: VF 2's still reach representor 2. */
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 2, frame, sizeof(frame)), 0,
		       "VF 2 sends");
	TEST_ASSERT_EQ(e2e_rx_wait(rep[2], 0, m, 1), 1,
		       "representor 2 still receives its VF");
	rte_pktmbuf_free(m[0]);
	/* Destroyed: the default path again. */
	TEST_ASSERT_EQ(rte_flow_destroy(rep[0], f, &err), 0, "destroy");
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 0, frame, sizeof(frame)), 0,
		       "VF 0 sends again");
	TEST_ASSERT_EQ(e2e_rx_wait(rep[0], 0, m, 1), 1,
		       "representor 0 receives once the rule is gone");
	rte_pktmbuf_free(m[0]);
	return e2e_switchdev_quiet(pf, rep, NB_REPS);
}

static int
test_transfer_vf_to_wire_and_back(void)
{
	struct rte_flow_action_port_id to_wire = { .id = 0 };
	struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_ID, .conf = &to_wire },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error err;
	struct rte_flow *up, *down;
	uint8_t frame[80], out[256];

	E2E_REQUIRE();
	TEST_ASSERT_EQ(xfer_up(), 0, "PF and representors up");
	to_wire.id = pf;
	memset(&err, 0, sizeof(err));
	up = rte_flow_create(rep[0], &xfer_attr, pat_any, acts, &err);
	TEST_ASSERT(up != NULL, "VF 0 -> wire on representor 0: %s",
		    err.message ? err.message : "");
	down = fwd_rule(pf, rep[2], &err);
	TEST_ASSERT(down != NULL, "wire -> VF 2 on the uplink: %s",
		    err.message ? err.message : "");
	e2e_udp_frame(frame, sizeof(frame), mac_b, mac_a, 3, 4, 5, 6);
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 0, frame, sizeof(frame)), 0,
		       "VF 0 sends");
	TEST_ASSERT_EQ(e2e_capture_end(-1, out, sizeof(out)),
		       (int)sizeof(frame), "the wire gets it");
	TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0, "same bytes");
	frame[sizeof(frame) - 1] ^= 0x5a;
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "the wire sends");
	TEST_ASSERT_EQ(e2e_capture_end(2, out, sizeof(out)), (int)sizeof(frame),
		       "VF 2 gets it");
	TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0, "same bytes");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, down, &err), 0, "destroy down");
	TEST_ASSERT_EQ(rte_flow_destroy(rep[0], up, &err), 0, "destroy up");
	return e2e_switchdev_quiet(pf, rep, NB_REPS);
}

/* A port item on the uplink's rule: VF 3's frames -> VF 1. */
static int
test_transfer_port_item(void)
{
	struct rte_flow_item_ethdev src = { .port_id = 0 };
	struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_REPRESENTED_PORT, .spec = &src },
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct rte_flow_action_ethdev d = { .port_id = 0 };
	struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT, .conf = &d },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error err;
	uint8_t frame[70], out[256];
	struct rte_mbuf *m[4];
	uint16_t proxy = UINT16_MAX;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(xfer_up(), 0, "PF and representors up");
	TEST_ASSERT_EQ(rte_flow_pick_transfer_proxy(rep[3], &proxy, &err), 0,
		       "transfer proxy of representor 3");
	TEST_ASSERT_EQ(proxy, rep[3], "a representor is its own proxy");
	/* cppcheck-suppress unreadVariable ; read through pat[] */
	src.port_id = rep[3];
	d.port_id = rep[1];
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_create(pf, &xfer_attr, pat, acts, &err) != NULL,
		    "rule on the uplink: %s", err.message ? err.message : "");
	e2e_udp_frame(frame, sizeof(frame), mac_b, mac_a, 7, 8, 9, 10);
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 3, frame, sizeof(frame)), 0,
		       "VF 3 sends");
	TEST_ASSERT_EQ(e2e_capture_end(1, out, sizeof(out)), (int)sizeof(frame),
		       "VF 1 gets it");
	TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0, "same bytes");
	/* The wire is not VF 3: the uplink still receives it. */
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 2, frame, sizeof(frame)), 0,
		       "VF 2 sends");
	TEST_ASSERT_EQ(e2e_rx_wait(rep[2], 0, m, 1), 1,
		       "VF 2's frame on representor 2");
	rte_pktmbuf_free(m[0]);
	TEST_ASSERT_EQ(rte_flow_flush(pf, &err), 0, "flush");
	return e2e_switchdev_quiet(pf, rep, NB_REPS);
}

static int
test_transfer_two_outputs(void)
{
	struct rte_flow_action_port_id p1 = { .id = 0 }, p2 = { .id = 0 };
	struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_ID, .conf = &p1 },
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_ID, .conf = &p2 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error err;
	uint8_t frame[100], out[256];

	E2E_REQUIRE();
	TEST_ASSERT_EQ(xfer_up(), 0, "PF and representors up");
	p1.id = rep[1];
	p2.id = pf;
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_create(rep[0], &xfer_attr, pat_any, acts, &err) !=
			    NULL,
		    "port_id / port_id: %s", err.message ? err.message : "");
	e2e_udp_frame(frame, sizeof(frame), mac_b, mac_a, 11, 12, 13, 14);
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 0, frame, sizeof(frame)), 0,
		       "VF 0 sends");
	TEST_ASSERT_EQ(e2e_capture_end(1, out, sizeof(out)), (int)sizeof(frame),
		       "VF 1 gets a copy");
	TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0, "same bytes");
	TEST_ASSERT_EQ(e2e_capture_end(-1, out, sizeof(out)),
		       (int)sizeof(frame), "the wire gets a copy");
	TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0, "same bytes");
	TEST_ASSERT_EQ(rte_flow_flush(rep[0], &err), 0, "flush");
	return e2e_switchdev_quiet(pf, rep, NB_REPS);
}

static int
test_transfer_drop_count_jump(void)
{
	struct rte_flow_item_udp udp = { .hdr.dst_port = RTE_BE16(2000) };
	struct rte_flow_item_udp udp_m = { .hdr.dst_port = RTE_BE16(0xffff) };
	struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_UDP, .spec = &udp, .mask = &udp_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct rte_flow_action_jump jump = { .group = 3 };
	struct rte_flow_action a_jump[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_JUMP, .conf = &jump },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_action a_drop[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_COUNT },
		{ .type = RTE_FLOW_ACTION_TYPE_DROP },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action count = {
		.type = RTE_FLOW_ACTION_TYPE_COUNT
	};
	struct rte_flow_attr g3 = { .transfer = 1, .group = 3 };
	struct rte_flow_query_count qc;
	struct rte_flow_error err;
	struct rte_flow *drop;
	uint8_t frame[90];
	struct rte_mbuf *m[4];
	unsigned int i;
	int r;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(xfer_up(), 0, "PF and representors up");
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_create(rep[1], &xfer_attr, pat_any, a_jump,
				    &err) != NULL,
		    "group 0 -> group 3: %s", err.message ? err.message : "");
	drop = rte_flow_create(rep[1], &g3, pat, a_drop, &err);
	TEST_ASSERT(drop != NULL, "count + drop in group 3: %s",
		    err.message ? err.message : "");
	e2e_udp_frame(frame, sizeof(frame), mac_b, mac_a, 1, 2, 1000, 2000);
	for (i = 0; i < 3; i++)
		TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 1, frame, sizeof(frame)),
			       0, "VF 1 sends %u", i);
	r = e2e_switchdev_quiet(pf, rep, NB_REPS);
	if (r != MLX5X_TEST_PASS)
		return r;
	memset(&qc, 0, sizeof(qc));
	qc.reset = 1;
	TEST_ASSERT_EQ(rte_flow_query(rep[1], drop, &count, &qc, &err), 0,
		       "query: %s", err.message ? err.message : "");
	TEST_ASSERT(qc.hits_set && qc.bytes_set, "hits and bytes given");
	TEST_ASSERT_EQ(qc.hits, 3, "three frames dropped");
	TEST_ASSERT_EQ(qc.bytes, 3 * sizeof(frame), "their bytes");
	memset(&qc, 0, sizeof(qc));
	TEST_ASSERT_EQ(rte_flow_query(rep[1], drop, &count, &qc, &err), 0,
		       "query again");
	TEST_ASSERT_EQ(qc.hits, 0, "reset to zero");
	TEST_ASSERT_EQ(qc.bytes, 0, "bytes reset to zero");
	/* Group 3 misses (another port): the default path. */
	e2e_udp_frame(frame, sizeof(frame), mac_b, mac_a, 1, 2, 1000, 2001);
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 1, frame, sizeof(frame)), 0,
		       "VF 1 sends to port 2001");
	TEST_ASSERT_EQ(e2e_rx_wait(rep[1], 0, m, 1), 1,
		       "a miss in group 3 reaches representor 1");
	rte_pktmbuf_free(m[0]);
	TEST_ASSERT_EQ(rte_flow_flush(rep[1], &err), 0, "flush");
	return e2e_switchdev_quiet(pf, rep, NB_REPS);
}

/* Representor Tx and the default path beside transfer rules. */
static int
test_transfer_keeps_defaults(void)
{
	struct rte_flow_error err;
	uint8_t frame[64], out[256];
	struct rte_mbuf *t;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(xfer_up(), 0, "PF and representors up");
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(fwd_rule(rep[0], rep[1], &err) != NULL, "rule: %s",
		    err.message ? err.message : "");
	e2e_udp_frame(frame, sizeof(frame), mac_b, mac_a, 1, 2, 3, 4);
	t = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(t != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(t, sizeof(frame)), frame, sizeof(frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(rep[2], 0, &t, 1), 1,
		       "representor 2 sends");
	TEST_ASSERT_EQ(e2e_capture_end(2, out, sizeof(out)), (int)sizeof(frame),
		       "VF 2 gets it");
	t = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(t != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(t, sizeof(frame)), frame, sizeof(frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &t, 1), 1, "the uplink sends");
	TEST_ASSERT_EQ(e2e_capture_end(-1, out, sizeof(out)),
		       (int)sizeof(frame), "the wire gets it");
	TEST_ASSERT_EQ(rte_flow_flush(rep[0], &err), 0, "flush");
	return e2e_switchdev_quiet(pf, rep, NB_REPS);
}

/* An IPv4 ICMP frame of 64 bytes from mac_a to mac_b, ICMP `type`. */
static void
icmp_frame(uint8_t *f, uint8_t type)
{
	static const uint8_t ip[20] = { 0x45, 0, 0,  50, 0, 1, 0,  0, 64, 1,
					0,    0, 10, 0,	 0, 1, 10, 0, 0,  2 };

	memset(f, 0, 64);
	memcpy(f, mac_b, 6);
	memcpy(f + 6, mac_a, 6);
	f[12] = 0x08;
	memcpy(f + 14, ip, sizeof(ip));
	f[34] = type;
	f[38] = 0x12; /* identifier 0x1234, sequence 1 */
	f[39] = 0x34;
	f[41] = 1;
	f[42] = type;
}

/* ICMP type (misc_parameters_3, the ICMP flex parser): echo requests from
 * VF 0 -> VF 1, its echo replies take the default path to representor 0. */
static int
test_transfer_icmp_type(void)
{
	struct rte_flow_item_icmp spec = { .hdr.icmp_type = 8 };
	struct rte_flow_item_icmp mask = { .hdr.icmp_type = 0xff };
	struct rte_flow_action_ethdev d = { .port_id = 0 };
	const struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_ICMP,
		  .spec = &spec,
		  .mask = &mask },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT, .conf = &d },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error err;
	struct rte_flow *f;
	uint8_t frame[64], out[256];
	struct rte_mbuf *m[4];

	E2E_REQUIRE();
	TEST_ASSERT_EQ(xfer_up(), 0, "PF and representors up");
	d.port_id = rep[1];
	memset(&err, 0, sizeof(err));
	f = rte_flow_create(rep[0], &xfer_attr, pat, acts, &err);
	TEST_ASSERT(f != NULL, "icmp type 8 -> VF 1 on representor 0: %s",
		    err.message ? err.message : "");
	icmp_frame(frame, 8);
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 0, frame, sizeof(frame)), 0,
		       "VF 0 sends an echo request");
	TEST_ASSERT_EQ(e2e_capture_end(1, out, sizeof(out)), (int)sizeof(frame),
		       "VF 1 gets it");
	TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0, "same bytes");
	icmp_frame(frame, 0);
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 0, frame, sizeof(frame)), 0,
		       "VF 0 sends an echo reply");
	TEST_ASSERT_EQ(e2e_rx_wait(rep[0], 0, m, 1), 1,
		       "the reply (type 0) takes the default path to representor 0");
	TEST_ASSERT(rte_pktmbuf_data_len(m[0]) == sizeof(frame) &&
			    rte_pktmbuf_mtod(m[0], uint8_t *)[34] == 0,
		    "representor 0 got the reply");
	rte_pktmbuf_free(m[0]);
	TEST_ASSERT_EQ(rte_flow_destroy(rep[0], f, &err), 0, "destroy");
	return e2e_switchdev_quiet(pf, rep, NB_REPS);
}

/* Without the ICMP flex parser (ConnectX-4 Lx reports none; nor software
 * steering, hence dv_flow_en=0) the type is refused at validate, naming
 * the capability; the protocol alone is not. */
static int
test_icmp_type_refused_without_flex_parser(void)
{
	struct rte_flow_item_icmp spec = { .hdr.icmp_type = 8 };
	struct rte_flow_item_icmp mask = { .hdr.icmp_type = 0xff };
	struct rte_flow_action_queue q = { .index = 0 };
	struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_ICMP,
		  .spec = &spec,
		  .mask = &mask },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_attr in = { .ingress = 1 };
	struct rte_flow_error err;
	uint16_t port;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach_config("model=cx4lx,pci=" E2E_PCI
					 ",vfs=0,esw=legacy,wire=drop,vf_end=drop",
					 "dv_flow_en=0"),
		       0, "probe a ConnectX-4 Lx");
	port = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT(port != UINT16_MAX && e2e_port_start(port, 1, NULL) == 0,
		    "port up");
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_validate(port, &in, pat, acts, &err) != 0,
		    "icmp type refused");
	TEST_ASSERT_EQ(err.type, RTE_FLOW_ERROR_TYPE_ITEM_MASK, "type (%s)",
		       err.message ? err.message : "");
	TEST_ASSERT(err.cause == &pat[2], "cause is the icmp item");
	TEST_ASSERT(err.message != NULL &&
			    strstr(err.message, "flex_parser_protocols") !=
				    NULL,
		    "message names the cap: %s",
		    err.message ? err.message : "");
	pat[2].spec = NULL;
	pat[2].mask = NULL;
	TEST_ASSERT_EQ(rte_flow_validate(port, &in, pat, acts, &err), 0,
		       "the protocol alone is accepted: %s",
		       err.message ? err.message : "");
	e2e_detach();
	return MLX5X_TEST_PASS;
}

static int
test_transfer_refusals(void)
{
	struct rte_flow_action_queue q = { .index = 0 };
	struct rte_flow_action_port_id nowhere = { .id = RTE_MAX_ETHPORTS - 1 };
	struct rte_flow_item_port_id src = { .id = 0 };
	const struct rte_flow_action a_queue[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action a_nowhere[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_PORT_ID, .conf = &nowhere },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action a_count[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_COUNT },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_item p_port[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_PORT_ID, .spec = &src },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_attr ingress = { .ingress = 1 };
	const struct rte_flow_attr both = { .transfer = 1, .egress = 1 };
	const struct rte_flow_attr deep = { .transfer = 1, .group = 1000 };
	const struct {
		const char *what;
		const struct rte_flow_attr *attr;
		const struct rte_flow_item *pattern;
		const struct rte_flow_action *actions;
		enum rte_flow_error_type type;
		const void *cause;
		const char *in_msg;
	} cases[] = {
		{ "queue in transfer", &xfer_attr, pat_any, a_queue,
		  RTE_FLOW_ERROR_TYPE_ACTION, &a_queue[0], "transfer" },
		{ "port that does not exist", &xfer_attr, pat_any, a_nowhere,
		  RTE_FLOW_ERROR_TYPE_ACTION_CONF, &a_nowhere[0],
		  "does not exist" },
		{ "no fate", &xfer_attr, pat_any, a_count,
		  RTE_FLOW_ERROR_TYPE_ACTION_NUM, NULL, "fate" },
		{ "port item in ingress", &ingress, p_port, a_queue,
		  RTE_FLOW_ERROR_TYPE_ITEM, &p_port[0], "transfer" },
		{ "transfer with egress", &both, pat_any, a_nowhere,
		  RTE_FLOW_ERROR_TYPE_ATTR, NULL, "transfer" },
		{ "group above the levels", &deep, pat_any, a_nowhere,
		  RTE_FLOW_ERROR_TYPE_ATTR_GROUP, &deep, "max_ft_level" },
	};
	struct rte_flow_error err;
	unsigned int i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(xfer_up(), 0, "PF and representors up");
	/* cppcheck-suppress unreadVariable ; read through pat[] */
	src.id = rep[1];
	for (i = 0; i < RTE_DIM(cases); i++) {
		memset(&err, 0, sizeof(err));
		TEST_ASSERT(rte_flow_validate(rep[0], cases[i].attr,
					      cases[i].pattern,
					      cases[i].actions, &err) != 0,
			    "%s: refused", cases[i].what);
		TEST_ASSERT_EQ(err.type, cases[i].type, "%s: type (%s)",
			       cases[i].what, err.message ? err.message : "");
		TEST_ASSERT(cases[i].cause == NULL ||
				    err.cause == cases[i].cause,
			    "%s: cause points at the offender", cases[i].what);
		TEST_ASSERT(err.message != NULL &&
				    strstr(err.message, cases[i].in_msg) !=
					    NULL,
			    "%s: message names it ('%s' in '%s')",
			    cases[i].what, cases[i].in_msg,
			    err.message ? err.message : "");
	}
	return MLX5X_TEST_PASS;
}

/* A transfer jump lands in the FDB table one level above its group (level
 * 0 is the root): the deepest group is one below the adapter's
 * max_ft_level, and a refusal names the level the group would need. */
static int
test_transfer_jump_levels(void)
{
	struct rte_flow_action_jump j = { .group = 1000 };
	const struct rte_flow_action a_jump[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_JUMP, .conf = &j },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error err;
	char want[64];
	const char *at;
	unsigned int max;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(xfer_up(), 0, "PF and representors up");
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_validate(rep[0], &xfer_attr, pat_any, a_jump,
				      &err) != 0,
		    "jump to group 1000 refused");
	at = err.message != NULL ? strstr(err.message, "max_ft_level ") : NULL;
	TEST_ASSERT(at != NULL && sscanf(at, "max_ft_level %u", &max) == 1 &&
			    max > 1 && max < 1000,
		    "the message names the adapter's max_ft_level: '%s'",
		    err.message ? err.message : "");
	/* cppcheck-suppress redundantAssignment ; read through a_jump[] */
	j.group = max - 1;
	TEST_ASSERT_EQ(rte_flow_validate(rep[0], &xfer_attr, pat_any, a_jump,
					 &err),
		       0, "group %u (FDB level %u) is the deepest", max - 1,
		       max);
	/* cppcheck-suppress redundantAssignment ; read through a_jump[] */
	j.group = max;
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_validate(rep[0], &xfer_attr, pat_any, a_jump,
				      &err) != 0,
		    "group %u (FDB level %u) is one too deep", max, max + 1);
	snprintf(want, sizeof(want), "FDB level %u", max + 1);
	TEST_ASSERT(err.message != NULL && strstr(err.message, want) != NULL,
		    "the message names the level it would need ('%s' in '%s')",
		    want, err.message ? err.message : "");
	return MLX5X_TEST_PASS;
}

/* The lowest transfer priority the driver names in its refusal is one a
 * rule can take: such a rule forwards, a priority-0 rule with the same
 * pattern beats it while it exists, and one priority lower is refused. */
static int
test_transfer_priority_limit(void)
{
	struct rte_flow_action_ethdev to = { .port_id = 0 };
	struct rte_flow_action_ethdev to2 = { .port_id = 0 };
	const struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT, .conf = &to },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action acts2[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT, .conf = &to2 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_attr attr = { .transfer = 1, .priority = 1u << 20 };
	struct rte_flow_error err;
	struct rte_flow *low, *high;
	uint8_t frame[96], out[256];
	unsigned int max;
	const char *at;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(xfer_up(), 0, "PF and representors up");
	/* cppcheck-suppress unreadVariable ; read through acts[] */
	to.port_id = rep[1];
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_validate(rep[0], &attr, pat_any, acts, &err) != 0,
		    "priority 2^20 refused");
	at = err.message != NULL ? strstr(err.message, "limit ") : NULL;
	TEST_ASSERT(err.type == RTE_FLOW_ERROR_TYPE_ATTR_PRIORITY &&
			    at != NULL && sscanf(at, "limit %u", &max) == 1 &&
			    max > 0 && max < (1u << 20),
		    "the refusal names the limit: '%s'",
		    err.message ? err.message : "");
	attr.priority = max + 1;
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_validate(rep[0], &attr, pat_any, acts, &err) != 0,
		    "priority %u refused", max + 1);
	TEST_ASSERT_EQ(err.type, RTE_FLOW_ERROR_TYPE_ATTR_PRIORITY,
		       "as a priority");
	attr.priority = max;
	low = rte_flow_create(rep[0], &attr, pat_any, acts, &err);
	TEST_ASSERT(low != NULL, "priority %u: VF 0 -> VF 1: %s", max,
		    err.message ? err.message : "");
	e2e_udp_frame(frame, sizeof(frame), mac_b, mac_a, 7, 8, 1000, 2000);
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 0, frame, sizeof(frame)), 0,
		       "VF 0 sends");
	TEST_ASSERT_EQ(e2e_capture_end(1, out, sizeof(out)), (int)sizeof(frame),
		       "VF 1 gets it through the priority %u rule", max);
	/* cppcheck-suppress unreadVariable ; read through acts2[] */
	to2.port_id = rep[2];
	attr.priority = 0;
	high = rte_flow_create(rep[0], &attr, pat_any, acts2, &err);
	TEST_ASSERT(high != NULL, "priority 0: VF 0 -> VF 2: %s",
		    err.message ? err.message : "");
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 0, frame, sizeof(frame)), 0,
		       "VF 0 sends");
	TEST_ASSERT_EQ(e2e_capture_end(2, out, sizeof(out)), (int)sizeof(frame),
		       "VF 2 gets it: priority 0 wins");
	TEST_ASSERT_EQ(rte_flow_destroy(rep[0], high, &err), 0, "destroy");
	TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 0, frame, sizeof(frame)), 0,
		       "VF 0 sends");
	TEST_ASSERT_EQ(e2e_capture_end(1, out, sizeof(out)), (int)sizeof(frame),
		       "VF 1 again once the priority 0 rule is gone");
	TEST_ASSERT_EQ(rte_flow_destroy(rep[0], low, &err), 0, "destroy");
	return e2e_switchdev_quiet(pf, rep, NB_REPS);
}

MLX5X_TEST_SUITE(e2e_flow_transfer_suite, "e2e_flow_transfer", "e2e",
		 xfer_setup, xfer_teardown,
		 MLX5X_TEST_CASE(test_transfer_vf_to_vf),
		 MLX5X_TEST_CASE(test_transfer_vf_to_wire_and_back),
		 MLX5X_TEST_CASE(test_transfer_port_item),
		 MLX5X_TEST_CASE(test_transfer_two_outputs),
		 MLX5X_TEST_CASE(test_transfer_drop_count_jump),
		 MLX5X_TEST_CASE(test_transfer_keeps_defaults),
		 MLX5X_TEST_CASE(test_transfer_icmp_type),
		 MLX5X_TEST_CASE(test_icmp_type_refused_without_flex_parser),
		 MLX5X_TEST_CASE(test_transfer_refusals),
		 MLX5X_TEST_CASE(test_transfer_jump_levels),
		 MLX5X_TEST_CASE(test_transfer_priority_limit))

/* Debian's testpmd, unmodified: transfer rules between representors. */
static int
test_testpmd_transfer_rules(void)
{
	return mlx5x_test_run_script("testpmd-transfer.sh");
}

/*
 * Debian's Open vSwitch with DPDK, hw-offload=true: VF<->VF, rewrite, VLAN
 * push/pop and VXLAN encap flows offloaded, counted by the adapter, off the
 * PMD threads, frames byte-exact as scapy builds them.
 */
static int
test_ovs_hw_offload(void)
{
	return mlx5x_test_run_script("ovs-offload.sh");
}

/* Layer "client": separate processes, normal build only. */
MLX5X_TEST_SUITE(flow_transfer_clients_suite, "flow_transfer_clients", "client",
		 NULL, NULL, MLX5X_TEST_CASE(test_testpmd_transfer_rules),
		 MLX5X_TEST_CASE(test_ovs_hw_offload))
