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

/* Rule on `on`: port_representor(src) / eth -> count, `fate` (an action
 * with an ethdev: represented_port or port_representor) naming `to`. */
static struct rte_flow *
rep_fate_rule(uint16_t on, uint16_t src, enum rte_flow_action_type fate,
	      uint16_t to, struct rte_flow_error *err)
{
	struct rte_flow_item_ethdev s = { .port_id = src };
	const struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_PORT_REPRESENTOR, .spec = &s },
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct rte_flow_action_ethdev d = { .port_id = to };
	struct rte_flow_action_count cnt = { 0 };
	struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_COUNT, .conf = &cnt },
		{ .type = fate, .conf = &d },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};

	return rte_flow_create(on, &xfer_attr, pat, acts, err);
}

/* The same with represented_port: to the VF (or the wire) behind `to`. */
static struct rte_flow *
from_rep_rule(uint16_t on, uint16_t src, uint16_t to,
	      struct rte_flow_error *err)
{
	return rep_fate_rule(on, src, RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT, to,
			     err);
}

/* Hits of flow (created on port), reset after the read. */
static int64_t
hits_of(uint16_t port, struct rte_flow *flow)
{
	const struct rte_flow_action count[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_COUNT },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_query_count q = { .reset = 1 };
	struct rte_flow_error err;

	if (rte_flow_query(port, flow, count, &q, &err) != 0 || !q.hits_set)
		return -1;
	return (int64_t)q.hits;
}

/* What `port` sends leaves at `end` (a VF, or the wire when < 0), the same
 * bytes, and nothing else moves. */
static int
sent_reaches(uint16_t port, int end, const uint8_t *frame, uint16_t len,
	     const char *what)
{
	uint8_t out[256];

	TEST_ASSERT_EQ(app_send(port, frame, len), 0, "%s: sent", what);
	TEST_ASSERT_EQ(e2e_capture_end(end, out, sizeof(out)), (int)len,
		       "%s: reaches %s %d", what, end < 0 ? "the wire" : "VF",
		       end);
	TEST_ASSERT(memcmp(out, frame, len) == 0, "%s: same bytes", what);
	return MLX5X_TEST_PASS;
}

/*
 * Item naming the uplink port: what the application sends through the
 * uplink's Tx queue goes to VF 2 instead of the wire, counted exactly;
 * representor 1's Tx and the wire's frames (the uplink's entity, not its
 * ethdev) are not taken. Destroyed, the uplink's Tx reaches the wire again.
 */
static int
test_port_representor_item_uplink(void)
{
	struct rte_ether_addr pf_mac;
	struct rte_flow_error err;
	uint8_t frame[72];
	struct rte_mbuf *m[4];
	struct rte_flow *f;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rep_up(), 0, "PF and representors up");
	TEST_ASSERT_EQ(rte_eth_macaddr_get(pf, &pf_mac), 0, "uplink MAC");
	e2e_udp_frame(frame, sizeof(frame), mac_b, mac_a, 31, 32, 33, 34);
	/* Before any rule the uplink's Tx takes the default path. */
	TEST_ASSERT_EQ(sent_reaches(pf, -1, frame, sizeof(frame), "uplink Tx"),
		       MLX5X_TEST_PASS, "no rule: the wire");
	memset(&err, 0, sizeof(err));
	f = from_rep_rule(pf, pf, rep[2], &err);
	TEST_ASSERT(f != NULL, "port_representor(uplink) -> VF 2: %s",
		    err.message ? err.message : "");
	TEST_ASSERT_EQ(sent_reaches(pf, 2, frame, sizeof(frame), "uplink Tx"),
		       MLX5X_TEST_PASS, "the rule: VF 2");
	TEST_ASSERT_EQ(sent_reaches(pf, 2, frame, sizeof(frame), "uplink Tx"),
		       MLX5X_TEST_PASS, "the rule again: VF 2");
	TEST_ASSERT_EQ(e2e_switchdev_quiet(pf, rep, NB_REPS), MLX5X_TEST_PASS,
		       "not the wire, no other port");
	/* A representor's Tx is not the uplink's. */
	TEST_ASSERT_EQ(sent_reaches(rep[1], 1, frame, sizeof(frame),
				    "representor 1 Tx"),
		       MLX5X_TEST_PASS, "VF 1, as without the rule");
	/* The wire's frames enter from the uplink's vport, untagged by any
	 * SQ: they reach the uplink port's Rx as before. */
	e2e_udp_frame(frame, sizeof(frame), pf_mac.addr_bytes, mac_a, 41, 42,
		      43, 44);
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "the wire sends");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1,
		       "the wire's frame on the uplink port, not taken");
	rte_pktmbuf_free(m[0]);
	TEST_ASSERT_EQ(e2e_switchdev_quiet(pf, rep, NB_REPS), MLX5X_TEST_PASS,
		       "and nowhere else");
	TEST_ASSERT_EQ(hits_of(pf, f), 2,
		       "counted the two frames the uplink sent, nothing else");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, &err), 0, "destroy");
	e2e_udp_frame(frame, sizeof(frame), mac_b, mac_a, 31, 32, 33, 34);
	TEST_ASSERT_EQ(sent_reaches(pf, -1, frame, sizeof(frame), "uplink Tx"),
		       MLX5X_TEST_PASS, "destroyed: the wire again");
	return e2e_switchdev_quiet(pf, rep, NB_REPS);
}

/*
 * Priorities between rules naming the uplink's Tx keep their meaning: a
 * catch-all at priority 0 (created on the uplink) wins over a UDP rule at
 * priority 1 (created on a representor); destroyed, the UDP rule takes
 * its frames and the rest falls through to the wire, the driver's
 * lowest-priority rule.
 */
static int
test_port_representor_item_uplink_priority(void)
{
	struct rte_flow_item_ethdev s = { .port_id = 0 };
	struct rte_flow_item_udp udp = { .hdr.dst_port = RTE_BE16(7) };
	struct rte_flow_item_udp udp_m = { .hdr.dst_port = RTE_BE16(0xffff) };
	const struct rte_flow_item pat_udp[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_PORT_REPRESENTOR, .spec = &s },
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_UDP, .spec = &udp, .mask = &udp_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct rte_flow_action_ethdev d = { .port_id = 0 };
	const struct rte_flow_action a_to[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT, .conf = &d },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_attr later = { .transfer = 1, .priority = 1 };
	struct rte_flow_error err;
	struct rte_flow *all;
	uint8_t f7[64], f9[64];

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rep_up(), 0, "PF and representors up");
	/* cppcheck-suppress unreadVariable ; read through pat_udp[] */
	s.port_id = pf;
	/* cppcheck-suppress unreadVariable ; read through a_to[] */
	d.port_id = rep[3];
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_create(rep[0], &later, pat_udp, a_to, &err) !=
			    NULL,
		    "priority 1: UDP 7 from the uplink's Tx -> VF 3: %s",
		    err.message ? err.message : "");
	all = from_rep_rule(pf, pf, rep[1], &err);
	TEST_ASSERT(all != NULL, "priority 0: the uplink's Tx -> VF 1: %s",
		    err.message ? err.message : "");
	e2e_udp_frame(f7, sizeof(f7), mac_b, mac_a, 1, 2, 5, 7);
	e2e_udp_frame(f9, sizeof(f9), mac_b, mac_a, 1, 2, 5, 9);
	TEST_ASSERT_EQ(sent_reaches(pf, 1, f7, sizeof(f7), "uplink UDP 7"),
		       MLX5X_TEST_PASS, "priority 0 wins");
	TEST_ASSERT_EQ(sent_reaches(pf, 1, f9, sizeof(f9), "uplink UDP 9"),
		       MLX5X_TEST_PASS, "priority 0 takes the rest too");
	TEST_ASSERT_EQ(e2e_switchdev_quiet(pf, rep, NB_REPS), MLX5X_TEST_PASS,
		       "each frame once");
	TEST_ASSERT_EQ(hits_of(pf, all), 2, "the catch-all counted both");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, all, &err), 0, "destroy");
	TEST_ASSERT_EQ(sent_reaches(pf, 3, f7, sizeof(f7), "uplink UDP 7"),
		       MLX5X_TEST_PASS, "then priority 1 takes UDP 7");
	TEST_ASSERT_EQ(sent_reaches(pf, -1, f9, sizeof(f9), "uplink UDP 9"),
		       MLX5X_TEST_PASS, "and UDP 9 falls through to the wire");
	TEST_ASSERT_EQ(rte_flow_flush(rep[0], &err), 0, "flush");
	TEST_ASSERT_EQ(sent_reaches(pf, -1, f7, sizeof(f7), "uplink UDP 7"),
		       MLX5X_TEST_PASS, "flushed: the wire");
	return e2e_switchdev_quiet(pf, rep, NB_REPS);
}

/*
 * The uplink's tagging follows its Tx queues: a rule naming the uplink's
 * Tx (created on the uplink, so kept across its stop) still takes what
 * the restarted queue sends; a representor probed later (hot-plug) and
 * closed again changes nothing for it; after the close of every port the
 * adapter holds no object the probe did not find (census, heap).
 */
static int
test_port_representor_uplink_lifecycle(void)
{
	char name[64];
	struct rte_flow_error err;
	uint16_t r[2];
	uint8_t frame[64];
	struct rte_flow *f;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach("representor=[0]"), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	snprintf(name, sizeof(name), "%s_representor_vf0", E2E_PCI);
	r[0] = e2e_port_by_name(name);
	TEST_ASSERT(pf != UINT16_MAX && r[0] != UINT16_MAX, "ports");
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, NULL), 0, "uplink starts");
	TEST_ASSERT_EQ(e2e_port_start(r[0], 1, NULL), 0,
		       "representor 0 starts");
	memset(&err, 0, sizeof(err));
	f = from_rep_rule(pf, pf, r[0], &err);
	TEST_ASSERT(f != NULL, "port_representor(uplink) -> VF 0: %s",
		    err.message ? err.message : "");
	e2e_udp_frame(frame, sizeof(frame), mac_b, mac_a, 51, 52, 53, 54);
	TEST_ASSERT_EQ(sent_reaches(pf, 0, frame, sizeof(frame), "uplink Tx"),
		       MLX5X_TEST_PASS, "VF 0");
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "uplink stops");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "uplink starts again");
	TEST_ASSERT_EQ(sent_reaches(pf, 0, frame, sizeof(frame),
				    "restarted uplink Tx"),
		       MLX5X_TEST_PASS, "its new SQ is tagged: VF 0");
	TEST_ASSERT_EQ(rte_eal_hotplug_add("pci", E2E_PCI, "representor=[0-1]"),
		       0, "representor 1 hot-plugged");
	snprintf(name, sizeof(name), "%s_representor_vf1", E2E_PCI);
	r[1] = e2e_port_by_name(name);
	TEST_ASSERT(r[1] != UINT16_MAX, "representor 1 exists");
	TEST_ASSERT_EQ(e2e_port_start(r[1], 1, NULL), 0,
		       "representor 1 starts");
	TEST_ASSERT_EQ(sent_reaches(r[1], 1, frame, sizeof(frame),
				    "representor 1 Tx"),
		       MLX5X_TEST_PASS, "its own VF");
	TEST_ASSERT_EQ(sent_reaches(pf, 0, frame, sizeof(frame), "uplink Tx"),
		       MLX5X_TEST_PASS, "still VF 0");
	TEST_ASSERT_EQ(rte_eth_dev_stop(r[1]), 0, "representor 1 stops");
	TEST_ASSERT_EQ(rte_eth_dev_close(r[1]), 0, "representor 1 closes");
	TEST_ASSERT_EQ(sent_reaches(pf, 0, frame, sizeof(frame), "uplink Tx"),
		       MLX5X_TEST_PASS, "still VF 0");
	TEST_ASSERT_EQ(e2e_switchdev_quiet(pf, r, 1), MLX5X_TEST_PASS,
		       "nothing else moved");
	TEST_ASSERT_EQ(hits_of(pf, f), 4, "the rule counted all four");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, &err), 0, "destroy");
	TEST_ASSERT_EQ(sent_reaches(pf, -1, frame, sizeof(frame), "uplink Tx"),
		       MLX5X_TEST_PASS, "destroyed: the wire");
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "uplink stops");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "uplink starts again");
	TEST_ASSERT_EQ(sent_reaches(pf, -1, frame, sizeof(frame), "uplink Tx"),
		       MLX5X_TEST_PASS, "no rule: the wire");
	return e2e_detach_check();
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

/*
 * Action naming the uplink port, from the application's side of the
 * switch: what the application sends through representor 1 (item
 * port_representor) is delivered to the uplink port's Rx queue, not to
 * VF 1; what it sends through the uplink comes back into the uplink's own
 * Rx queue, not the wire. The uplink port filters what it receives by its
 * MAC addresses unless promiscuous, as for frames from the wire: a frame
 * to another MAC is delivered only in promiscuous mode.
 */
static int
test_port_representor_action_uplink(void)
{
	const enum rte_flow_action_type to_rep =
		RTE_FLOW_ACTION_TYPE_PORT_REPRESENTOR;
	struct rte_ether_addr pf_mac;
	struct rte_flow_error err;
	struct rte_flow *f, *g;
	uint8_t frame[80];

	E2E_REQUIRE();
	TEST_ASSERT_EQ(rep_up(), 0, "PF and representors up");
	TEST_ASSERT_EQ(rte_eth_macaddr_get(pf, &pf_mac), 0, "uplink MAC");
	memset(&err, 0, sizeof(err));
	f = rep_fate_rule(rep[0], rep[1], to_rep, pf, &err);
	TEST_ASSERT(f != NULL, "representor 1's Tx -> the uplink port: %s",
		    err.message ? err.message : "");
	g = rep_fate_rule(pf, pf, to_rep, pf, &err);
	TEST_ASSERT(g != NULL, "the uplink's Tx -> the uplink port: %s",
		    err.message ? err.message : "");
	e2e_udp_frame(frame, sizeof(frame), pf_mac.addr_bytes, mac_a, 61, 62,
		      63, 64);
	TEST_ASSERT_EQ(app_send(rep[1], frame, sizeof(frame)), 0,
		       "representor 1 sends");
	TEST_ASSERT_EQ(received_on(pf, frame, sizeof(frame), "the uplink port"),
		       MLX5X_TEST_PASS,
		       "representor 1's frame on the uplink only");
	TEST_ASSERT_EQ(app_send(pf, frame, sizeof(frame)), 0,
		       "the uplink sends");
	TEST_ASSERT_EQ(received_on(pf, frame, sizeof(frame), "the uplink port"),
		       MLX5X_TEST_PASS, "back into the uplink, not the wire");
	/* Another destination MAC: the uplink's MAC filter drops it... */
	e2e_udp_frame(frame, sizeof(frame), mac_b, mac_a, 61, 62, 63, 64);
	TEST_ASSERT_EQ(app_send(rep[1], frame, sizeof(frame)), 0,
		       "representor 1 sends to another MAC");
	TEST_ASSERT_EQ(e2e_switchdev_quiet(pf, rep, NB_REPS), MLX5X_TEST_PASS,
		       "not the uplink's MAC: not received, and nowhere else");
	/* ... unless the uplink is promiscuous. */
	TEST_ASSERT_EQ(rte_eth_promiscuous_enable(pf), 0, "promiscuous");
	TEST_ASSERT_EQ(app_send(rep[1], frame, sizeof(frame)), 0,
		       "representor 1 sends to another MAC");
	TEST_ASSERT_EQ(received_on(pf, frame, sizeof(frame), "the uplink port"),
		       MLX5X_TEST_PASS, "promiscuous: received");
	TEST_ASSERT_EQ(rte_eth_promiscuous_disable(pf), 0, "promiscuous off");
	TEST_ASSERT_EQ(hits_of(rep[0], f), 3, "representor 1's three frames");
	TEST_ASSERT_EQ(hits_of(pf, g), 1, "the uplink's one");
	TEST_ASSERT_EQ(rte_flow_destroy(rep[0], f, &err), 0, "destroy");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, g, &err), 0, "destroy");
	TEST_ASSERT_EQ(sent_reaches(rep[1], 1, frame, sizeof(frame),
				    "representor 1 Tx"),
		       MLX5X_TEST_PASS, "destroyed: VF 1 again");
	TEST_ASSERT_EQ(sent_reaches(pf, -1, frame, sizeof(frame), "uplink Tx"),
		       MLX5X_TEST_PASS, "destroyed: the wire again");
	return e2e_switchdev_quiet(pf, rep, NB_REPS);
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
	TEST_ASSERT_EQ(rte_flow_validate(rep[0], &xfer_attr, p_uplink, a_to,
					 &err),
		       0, "the uplink's Tx accepted: %s",
		       err.message ? err.message : "");
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(e2e_flow_transfer_rep_suite, "e2e_flow_transfer_rep", "e2e",
		 rep_setup, rep_teardown,
		 MLX5X_TEST_CASE(test_port_representor_item),
		 MLX5X_TEST_CASE(test_port_representor_item_jump),
		 MLX5X_TEST_CASE(test_port_representor_item_uplink),
		 MLX5X_TEST_CASE(test_port_representor_item_uplink_priority),
		 MLX5X_TEST_CASE(test_port_representor_uplink_lifecycle),
		 MLX5X_TEST_CASE(test_port_representor_action),
		 MLX5X_TEST_CASE(test_port_representor_action_uplink),
		 MLX5X_TEST_CASE(test_port_representor_refusals))
