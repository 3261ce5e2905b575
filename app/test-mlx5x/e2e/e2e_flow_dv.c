/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DV backend (dv_flow_en=1 on an adapter that refuses Direct Rules
 * domains, the emulated ConnectX-4): COUNT through mlx5dv_create_flow's
 * COUNTERS_DEVX action on a DevX counter of its own, exact packet and
 * byte counts with query and reset, on a forwarding rule, a dropping rule
 * and an RSS rule whose expansion shares one counter; counters kept
 * across stop/start; nothing left behind on the adapter after close;
 * egress rules on the NIC Tx root counting and dropping what the port
 * sends, egress groups refused saying why.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"

#define NB_Q 4
#define Q_NONE (-1)
#define FRAME_LEN 100
#define CX4_CONFIG                                                             \
	"model=cx4,pci=" E2E_PCI ",vfs=0,esw=legacy,wire=drop,vf_end=drop"

static uint16_t pf = UINT16_MAX;
static struct rte_ether_addr pf_mac;

static int
dv_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
dv_teardown(void)
{
	e2e_detach();
	pf = UINT16_MAX;
}

static int
backend_is(uint16_t port, const char *name)
{
	char want[32], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret;

	if (f == NULL)
		return 0;
	ret = rte_flow_dev_dump(port, NULL, f, NULL);
	fclose(f);
	snprintf(want, sizeof(want), "backend %s,", name);
	ret = ret == 0 && buf != NULL && strstr(buf, want) != NULL;
	free(buf);
	return ret;
}

/* A FRAME_LEN-byte UDP/IPv4 frame to dip from the wire; the queue it
 * arrived on, Q_NONE when none did. */
static int
send_to(uint32_t dip, uint16_t sport)
{
	static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0, 0x55 };
	uint8_t buf[FRAME_LEN];

	e2e_udp_frame(buf, sizeof(buf), pf_mac.addr_bytes, peer, 0x0a000001,
		      dip, sport, 2000);
	return e2e_wire_queue(pf, NB_Q, buf, sizeof(buf), NULL);
}

static int
count_query(struct rte_flow *f, int reset, uint64_t *hits, uint64_t *bytes)
{
	const struct rte_flow_action count = {
		.type = RTE_FLOW_ACTION_TYPE_COUNT
	};
	struct rte_flow_query_count q = { .reset = (uint32_t)reset };
	struct rte_flow_error err;
	int ret;

	memset(&err, 0, sizeof(err));
	ret = rte_flow_query(pf, f, &count, &q, &err);
	if (ret != 0) {
		printf("    query: %s\n", err.message ? err.message : "");
		return ret;
	}
	*hits = q.hits_set ? q.hits : UINT64_MAX;
	*bytes = q.bytes_set ? q.bytes : UINT64_MAX;
	return 0;
}

static const struct rte_flow_attr ingress = { .ingress = 1 };

static struct rte_flow *
rule_to(uint32_t dip, const struct rte_flow_action *acts)
{
	struct rte_flow_item_ipv4 v4 = { .hdr.dst_addr =
						 rte_cpu_to_be_32(dip) };
	struct rte_flow_item_ipv4 v4_m = { .hdr.dst_addr =
						   RTE_BE32(UINT32_MAX) };
	const struct rte_flow_item pat[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4, .spec = &v4, .mask = &v4_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct rte_flow_error err;
	struct rte_flow *f;

	memset(&err, 0, sizeof(err));
	f = rte_flow_create(pf, &ingress, pat, acts, &err);
	if (f == NULL)
		printf("    create: %s\n", err.message ? err.message : "");
	return f;
}

static int
cx4_up(void)
{
	if (e2e_attach_config(CX4_CONFIG, "dv_flow_en=1") != 0)
		return -1;
	pf = e2e_port_by_name(E2E_PCI);
	if (pf == UINT16_MAX)
		return -1;
	rte_eth_macaddr_get(pf, &pf_mac);
	return e2e_port_start(pf, NB_Q, NULL);
}

#define DIP_Q 0x0a000002u    /* counted, to queue 2 */
#define DIP_DROP 0x0a000003u /* counted, dropped */
#define DIP_RSS 0x0a000004u  /* counted, RSS over queues 1..3 */
#define DIP_OTHER 0x0a000009u

static int
test_flow_dv_count_exact(void)
{
	struct rte_flow_action_queue q2 = { .index = 2 };
	static const uint16_t rq[] = { 1, 2, 3 };
	struct rte_flow_action_rss rss = {
		.types = RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP,
		.queue_num = RTE_DIM(rq),
		.queue = rq,
	};
	const struct rte_flow_action count_q2[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_COUNT },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q2 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action count_drop[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_COUNT },
		{ .type = RTE_FLOW_ACTION_TYPE_DROP },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action count_rss[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_COUNT },
		{ .type = RTE_FLOW_ACTION_TYPE_RSS, .conf = &rss },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow *fq, *fd, *fr;
	uint64_t hits, bytes;
	unsigned int i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(cx4_up(), 0, "ConnectX-4 up");
	if (!backend_is(pf, "dv"))
		TEST_SKIP(
			"the emulated ConnectX-4 grants DR domains: no DV backend");
	fq = rule_to(DIP_Q, count_q2);
	fd = rule_to(DIP_DROP, count_drop);
	fr = rule_to(DIP_RSS, count_rss);
	TEST_ASSERT(fq != NULL && fd != NULL && fr != NULL,
		    "count rules on the DV backend");
	TEST_ASSERT_EQ(count_query(fq, 0, &hits, &bytes), 0, "query");
	TEST_ASSERT(hits == 0 && bytes == 0, "a new counter starts at 0");
	for (i = 0; i < 3; i++)
		TEST_ASSERT_EQ(send_to(DIP_Q, 1000), 2, "counted frame %u to 2",
			       i);
	for (i = 0; i < 2; i++)
		TEST_ASSERT_EQ(send_to(DIP_DROP, 1000), Q_NONE,
			       "counted frame %u dropped", i);
	for (i = 0; i < 5; i++)
		TEST_ASSERT(send_to(DIP_RSS, (uint16_t)(1000 + i)) >= 1,
			    "RSS frame %u on queues 1..3", i);
	TEST_ASSERT_EQ(send_to(DIP_OTHER, 1000), 0, "other frame: default");
	TEST_ASSERT_EQ(count_query(fq, 1, &hits, &bytes), 0, "query + reset");
	TEST_ASSERT_EQ(hits, 3u, "queue rule: 3 hits");
	TEST_ASSERT_EQ(bytes, 3u * FRAME_LEN, "queue rule: bytes");
	TEST_ASSERT_EQ(count_query(fq, 0, &hits, &bytes), 0, "query");
	TEST_ASSERT(hits == 0 && bytes == 0, "reset to 0");
	TEST_ASSERT_EQ(count_query(fd, 0, &hits, &bytes), 0, "query drop");
	TEST_ASSERT_EQ(hits, 2u, "drop rule: 2 hits");
	TEST_ASSERT_EQ(count_query(fr, 0, &hits, &bytes), 0, "query rss");
	TEST_ASSERT_EQ(hits, 5u,
		       "RSS rule: one counter over its expanded rules");

	/* Kept across stop/start, counting on. */
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	TEST_ASSERT_EQ(send_to(DIP_Q, 1000), 2, "after restart: queue 2");
	TEST_ASSERT_EQ(count_query(fq, 0, &hits, &bytes), 0, "query");
	TEST_ASSERT_EQ(hits, 1u, "after restart: 1 hit");
	TEST_ASSERT_EQ(count_query(fd, 0, &hits, &bytes), 0, "query drop");
	TEST_ASSERT_EQ(hits, 2u, "kept its count across stop/start");

	TEST_ASSERT_EQ(rte_flow_destroy(pf, fq, NULL), 0, "destroy");
	TEST_ASSERT_EQ(send_to(DIP_Q, 1000), 0, "destroyed: default");
	TEST_ASSERT_EQ(rte_flow_flush(pf, NULL), 0, "flush");
	return e2e_detach_check();
}

/* A FRAME_LEN-byte UDP/IPv4 frame to dip sent on Tx queue 0; 1 when it
 * reached the wire, 0 when not, -1 when it could not be sent. */
static int
tx_to(uint32_t dip)
{
	static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0, 0x56 };
	struct rte_mbuf *m = rte_pktmbuf_alloc(e2e_pool());
	uint8_t buf[2048];
	int i, out = 0;

	if (m == NULL)
		return -1;
	e2e_udp_frame(rte_pktmbuf_mtod(m, uint8_t *), FRAME_LEN, peer,
		      pf_mac.addr_bytes, 0x0a000001, dip, 1000, 2000);
	m->data_len = m->pkt_len = FRAME_LEN;
	if (rte_eth_tx_burst(pf, 0, &m, 1) != 1) {
		rte_pktmbuf_free(m);
		return -1;
	}
	for (i = 0; i < 8; i++)
		mlx5x_emu_poll();
	while (mlx5x_emu_capture_wire(0, buf, sizeof(buf)) > 0)
		out++;
	return out;
}

/* Egress rules on the NIC Tx root (mlx5dv_create_flow_matcher with
 * ft_type NIC_TX): a dropping and a counting-only rule count exactly,
 * only the first keeps its frames off the wire; groups stay refused. */
static int
test_flow_dv_egress_count_drop(void)
{
	static const struct rte_flow_attr egress = { .egress = 1 };
	static const struct rte_flow_attr egress_g1 = { .egress = 1,
							.group = 1 };
	struct rte_flow_item_ipv4 v4_drop = { .hdr.dst_addr =
						      RTE_BE32(DIP_DROP) };
	struct rte_flow_item_ipv4 v4_q = { .hdr.dst_addr = RTE_BE32(DIP_Q) };
	struct rte_flow_item_ipv4 v4_m = { .hdr.dst_addr =
						   RTE_BE32(UINT32_MAX) };
	const struct rte_flow_item pat_drop[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4,
		  .spec = &v4_drop,
		  .mask = &v4_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_item pat_q[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4,
		  .spec = &v4_q,
		  .mask = &v4_m },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_action count_drop[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_COUNT },
		{ .type = RTE_FLOW_ACTION_TYPE_DROP },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	const struct rte_flow_action count_only[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_COUNT },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error err;
	struct rte_flow *fd, *fc;
	uint64_t hits, bytes;
	uint8_t buf[2048];
	unsigned int i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(cx4_up(), 0, "ConnectX-4 up");
	if (!backend_is(pf, "dv"))
		TEST_SKIP(
			"the emulated ConnectX-4 grants DR domains: no DV backend");
	memset(&err, 0, sizeof(err));
	fd = rte_flow_create(pf, &egress, pat_drop, count_drop, &err);
	TEST_ASSERT(fd != NULL, "egress count + drop: %s",
		    err.message ? err.message : "");
	fc = rte_flow_create(pf, &egress, pat_q, count_only, &err);
	TEST_ASSERT(fc != NULL, "egress count: %s",
		    err.message ? err.message : "");
	mlx5x_emu_poll();
	while (mlx5x_emu_capture_wire(0, buf, sizeof(buf)) > 0)
		;
	for (i = 0; i < 3; i++)
		TEST_ASSERT_EQ(tx_to(DIP_DROP), 0, "dropped frame %u", i);
	for (i = 0; i < 2; i++)
		TEST_ASSERT_EQ(tx_to(DIP_Q), 1, "counted frame %u leaves", i);
	TEST_ASSERT_EQ(tx_to(DIP_OTHER), 1, "other frame leaves");
	TEST_ASSERT_EQ(count_query(fd, 0, &hits, &bytes), 0, "query drop");
	TEST_ASSERT(hits == 3 && bytes == 3u * FRAME_LEN,
		    "drop rule: %" PRIu64 " hits, %" PRIu64 " bytes", hits,
		    bytes);
	TEST_ASSERT_EQ(count_query(fc, 0, &hits, &bytes), 0, "query count");
	TEST_ASSERT_EQ(hits, 2u, "count rule: 2 hits");
	/* Kept across stop/start. */
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	TEST_ASSERT_EQ(tx_to(DIP_DROP), 0, "after restart: dropped");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, fd, NULL), 0, "destroy");
	TEST_ASSERT_EQ(tx_to(DIP_DROP), 1, "destroyed: leaves");
	/* A group needs tables at levels (DR). */
	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_create(pf, &egress_g1, pat_q, count_drop, &err) ==
			    NULL,
		    "egress group 1 refused");
	TEST_ASSERT_EQ(err.type, RTE_FLOW_ERROR_TYPE_ATTR_GROUP, "error type");
	TEST_ASSERT(err.message != NULL &&
			    strstr(err.message, "root table") != NULL,
		    "the message says why: %s",
		    err.message ? err.message : "(none)");
	TEST_ASSERT_EQ(rte_flow_flush(pf, NULL), 0, "flush");
	return e2e_detach_check();
}

MLX5X_TEST_SUITE(e2e_flow_dv_suite, "e2e_flow_dv", "e2e", dv_setup, dv_teardown,
		 MLX5X_TEST_CASE(test_flow_dv_count_exact),
		 MLX5X_TEST_CASE(test_flow_dv_egress_count_drop))
