/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The adapter says no: a command failing at probe or at start (injected in
 * the emulator with a PRM status and syndrome) fails that call cleanly,
 * leaves nothing half-made behind, and the same call succeeds once the
 * adapter cooperates again; the other ports keep working meanwhile.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_malloc.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "mlx5x_prm.h"
#include "test.h"

static int
fault_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
fault_teardown(void)
{
	mlx5x_emu_fault_dr_domain(0, 0, 0); /* a failed case may leave it */
	e2e_detach();
}

/* e2e_attach rebuilds the adapter, which disarms faults: probe-time
 * faults are armed on a fresh adapter and the hotplug is done by hand. */
static int
test_probe_fault_unwinds(void)
{
	/* Every command a probe sends (the golden trace): the first, the
	 * last of its kind, and the last of all. */
	static const struct {
		uint16_t op;
		unsigned int nth;
	} ops[] = {
		{ MLX5X_CMD_OP_QUERY_HCA_CAP, 1 },
		{ MLX5X_CMD_OP_QUERY_HCA_CAP, 3 },
		{ MLX5X_CMD_OP_ALLOC_TRANSPORT_DOMAIN, 1 },
	};
	struct mlx5x_emu_census before;
	unsigned int i;

	E2E_REQUIRE();
	for (i = 0; i < RTE_DIM(ops); i++) {
		e2e_detach();
		TEST_ASSERT_EQ(mlx5x_emu_setup(E2E_EMU_CONFIG,
					       e2e_sysfs_root()),
			       0, "adapter");
		e2e_census_baseline();
		TEST_ASSERT_EQ(mlx5x_emu_census(0, &before), 0, "census");
		TEST_ASSERT_EQ(mlx5x_emu_fault_cmd(0, ops[i].op, ops[i].nth,
						   MLX5X_CMD_STAT_INT_ERR,
						   0x123456),
			       0, "arm opcode 0x%x #%u", ops[i].op, ops[i].nth);
		TEST_ASSERT(rte_eal_hotplug_add("pci", E2E_PCI,
						"representor=[0-3]") != 0,
			    "probe fails when opcode 0x%x #%u fails", ops[i].op,
			    ops[i].nth);
		TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 0,
			       "no port left by the failed probe");
		TEST_ASSERT_EQ(e2e_census_same(&before,
					       "after the failed probe"),
			       MLX5X_TEST_PASS,
			       "no PRM object left by the failed probe (0x%x)",
			       ops[i].op);
		TEST_ASSERT_EQ(rte_eal_hotplug_add("pci", E2E_PCI,
						   "representor=[0-3]"),
			       0, "the next probe works");
		TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 5, "five ports");
		TEST_ASSERT_EQ(rte_eal_hotplug_remove("pci", E2E_PCI), 0,
			       "remove");
		TEST_ASSERT_EQ(e2e_census_same(&before, "after remove"),
			       MLX5X_TEST_PASS, "nothing left after remove");
	}
	return MLX5X_TEST_PASS;
}

/* Takes DPDK heap memory until about left bytes stay free in the largest
 * block; returns how many blocks it took into ballast[]. */
static unsigned int
fault_heap_fill(void **ballast, unsigned int max, size_t left)
{
	struct rte_malloc_socket_stats st;
	unsigned int n = 0;

	while (n < max &&
	       rte_malloc_get_socket_stats(rte_socket_id_by_idx(0), &st) == 0 &&
	       st.greatest_free_size > left + 1024) {
		ballast[n] =
			rte_malloc(NULL, st.greatest_free_size - left - 512, 0);
		if (ballast[n] == NULL)
			break;
		n++;
	}
	return n;
}

/* A probe that runs out of DPDK heap memory at any of its allocations
 * fails with ENOMEM and leaves no port, no ethdev name taken and no PRM
 * object behind; the same probe with memory back works. */
static int
test_probe_out_of_memory_unwinds(void)
{
	static const char *const names[] = {
		E2E_PCI,
		E2E_PCI "_representor_vf0",
	};
	struct mlx5x_emu_census before;
	unsigned int n, k, failed = 0;
	static void *ballast[1024];
	uint16_t port;
	size_t left;
	int ret;

	E2E_REQUIRE();
	e2e_detach();
	TEST_ASSERT_EQ(mlx5x_emu_setup(E2E_EMU_CONFIG, e2e_sysfs_root()), 0,
		       "adapter");
	e2e_census_baseline();
	TEST_ASSERT_EQ(mlx5x_emu_census(0, &before), 0, "census");
	for (left = 0; left < (1u << 20); left += 64 + left / 8) {
		n = fault_heap_fill(ballast, RTE_DIM(ballast), left);
		rte_errno = 0;
		ret = rte_eal_hotplug_add("pci", E2E_PCI, "representor=[0]");
		for (k = 0; k < n; k++)
			rte_free(ballast[k]);
		if (ret == 0) {
			TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 2,
				       "%zu bytes left: a probe that succeeds "
				       "made the uplink and the representor",
				       left);
			break;
		}
		failed++;
		TEST_ASSERT_EQ(ret, -ENOMEM,
			       "%zu bytes left: probe fails ENOMEM", left);
		TEST_ASSERT_EQ(rte_eth_dev_count_avail(), 0,
			       "%zu bytes left: no port", left);
		for (k = 0; k < RTE_DIM(names); k++)
			TEST_ASSERT(rte_eth_dev_get_port_by_name(names[k],
								 &port) != 0,
				    "%zu bytes left: %s not left allocated",
				    left, names[k]);
		TEST_ASSERT_EQ(e2e_census_same(&before,
					       "after the failed probe"),
			       MLX5X_TEST_PASS,
			       "%zu bytes left: no PRM object left", left);
	}
	TEST_ASSERT(failed > 0, "some probe ran out of memory");
	TEST_ASSERT_EQ(ret, 0, "a probe with enough memory works");
	TEST_ASSERT_EQ(rte_eal_hotplug_remove("pci", E2E_PCI), 0, "remove");
	TEST_ASSERT_EQ(e2e_census_same(&before, "after remove"),
		       MLX5X_TEST_PASS, "nothing left after remove");
	printf("    %u probes ran out of memory before one had enough\n",
	       failed);
	return MLX5X_TEST_PASS;
}

/* Every queue of port reports stopped (as a failed start leaves them). */
static int
fault_queues_stopped(uint16_t port, uint16_t nb_rx, uint16_t nb_tx)
{
	struct rte_eth_rxq_info rx;
	struct rte_eth_txq_info tx;
	uint16_t q;

	for (q = 0; q < nb_rx; q++) {
		TEST_ASSERT_EQ(rte_eth_rx_queue_info_get(port, q, &rx), 0,
			       "Rx queue %u info", q);
		TEST_ASSERT_EQ(rx.queue_state, RTE_ETH_QUEUE_STATE_STOPPED,
			       "Rx queue %u stopped", q);
	}
	for (q = 0; q < nb_tx; q++) {
		TEST_ASSERT_EQ(rte_eth_tx_queue_info_get(port, q, &tx), 0,
			       "Tx queue %u info", q);
		TEST_ASSERT_EQ(tx.queue_state, RTE_ETH_QUEUE_STATE_STOPPED,
			       "Tx queue %u stopped", q);
	}
	return MLX5X_TEST_PASS;
}

/* Commands of the adapter's command trace (since the last take) that did
 * not succeed. */
static int
fault_failed_commands(char *trace, size_t len)
{
	const char *line;
	int failed = 0;

	if (mlx5x_emu_cmd_trace_take(0, trace, len) < 0)
		return -1;
	for (line = trace; *line != '\0'; line = strchr(line, '\n') + 1) {
		const char *end = strchr(line, '\n');

		if (end == NULL)
			break;
		if (strstr(line, " status=0x0 ") == NULL ||
		    strstr(line, " status=0x0 ") > end)
			failed++;
	}
	return failed;
}

static int
test_start_fault_unwinds(void)
{
	/* Each creation step of a start, and later instances of repeated
	 * ones, so every unwinding path runs with something to undo. */
	static const struct {
		uint16_t op;
		unsigned int nth;
	} ops[] = {
		{ MLX5X_CMD_OP_CREATE_TIS, 1 },
		{ MLX5X_CMD_OP_CREATE_CQ, 1 },
		{ MLX5X_CMD_OP_CREATE_SQ, 1 },
		{ MLX5X_CMD_OP_MODIFY_SQ, 1 },
		{ MLX5X_CMD_OP_CREATE_RQ, 1 },
		{ MLX5X_CMD_OP_MODIFY_RQ, 1 },
		{ MLX5X_CMD_OP_CREATE_RQT, 1 },
		{ MLX5X_CMD_OP_CREATE_TIR, 1 },
		/* No CREATE_FLOW_TABLE: the NIC Rx root is shared, the
		 * started representor made it (e2e_flow covers a table
		 * failing under a rule). */
		{ MLX5X_CMD_OP_CREATE_FLOW_GROUP, 1 },
		{ MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY, 1 },
		{ MLX5X_CMD_OP_CREATE_CQ, 3 },
		{ MLX5X_CMD_OP_CREATE_RQ, 2 },
		{ MLX5X_CMD_OP_MODIFY_RQ, 2 },
		/* The engine's default rules of a PF start share one
		 * matcher, so one flow group; its entries are several. */
		{ MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY, 2 },
	};
	static char trace[1 << 16];
	struct mlx5x_emu_census before;
	struct rte_ether_addr mac;
	struct rte_mbuf *m;
	uint8_t frame[64];
	uint16_t pf, rep0;
	unsigned int i;
	char name[64];
	int ret;

	E2E_REQUIRE();
	/* The command trace shows what the unwinding asked of the adapter. */
	setenv(MLX5X_EMU_CMD_TRACE_ENV, "1", 1);
	ret = e2e_attach("representor=[0]");
	unsetenv(MLX5X_EMU_CMD_TRACE_ENV);
	TEST_ASSERT_EQ(ret, 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	snprintf(name, sizeof(name), "%s_representor_vf0", E2E_PCI);
	rep0 = e2e_port_by_name(name);
	/* A sibling port that keeps working through its neighbour's
	 * failures. */
	TEST_ASSERT_EQ(e2e_port_start(rep0, 1, NULL), 0, "representor up");
	for (i = 0; i < RTE_DIM(ops); i++) {
		TEST_ASSERT_EQ(mlx5x_emu_fault_cmd(0, ops[i].op, ops[i].nth,
						   MLX5X_CMD_STAT_BAD_PARAM_ERR,
						   0xbad),
			       0, "arm opcode 0x%x #%u", ops[i].op, ops[i].nth);
		TEST_ASSERT_EQ(mlx5x_emu_census(0, &before), 0, "census");
		mlx5x_emu_cmd_trace_take(0, trace, 0);
		TEST_ASSERT(e2e_port_start(pf, 2, NULL) != 0,
			    "start fails when opcode 0x%x #%u fails", ops[i].op,
			    ops[i].nth);
		/* Nothing after the refused command addresses an object
		 * that was never made. */
		TEST_ASSERT_EQ(fault_failed_commands(trace, sizeof(trace)), 1,
			       "only the injected command failed (opcode "
			       "0x%x #%u):\n%s",
			       ops[i].op, ops[i].nth, trace);
		TEST_ASSERT_EQ(e2e_census_same(&before,
					       "after the failed start"),
			       MLX5X_TEST_PASS,
			       "the failed start (opcode 0x%x) unwound everything",
			       ops[i].op);
		TEST_ASSERT_EQ(fault_queues_stopped(pf, 2, 1), MLX5X_TEST_PASS,
			       "queues report stopped after the failed start "
			       "(opcode 0x%x #%u)",
			       ops[i].op, ops[i].nth);
		mlx5x_emu_fault_cmd(0, ops[i].op, 0, 0, 0);
		TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0,
			       "start works after opcode 0x%x failed once",
			       ops[i].op);
		TEST_ASSERT_EQ(rte_eth_macaddr_get(pf, &mac), 0, "MAC");
		e2e_udp_frame(frame, sizeof(frame), mac.addr_bytes,
			      (const uint8_t[]){ 2, 0, 0, 0, 0, 1 }, 1, 2, 3,
			      4);
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)),
			       0, "inject");
		TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, &m, 1) +
				       e2e_rx_wait(pf, 1, &m, 0),
			       1, "the PF receives after recovering");
		rte_pktmbuf_free(m);
		TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 0, frame, sizeof(frame)),
			       0, "VF 0 sends");
		TEST_ASSERT_EQ(e2e_rx_wait(rep0, 0, &m, 1), 1,
			       "the representor still receives");
		rte_pktmbuf_free(m);
		TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	}
	return e2e_detach_check();
}

/* A queue of one direction, restarted while the adapter refuses its
 * RST->RDY move (PRM MODIFY_RQ / MODIFY_SQ). */
struct queue_fault {
	int (*stop)(uint16_t port, uint16_t q);
	int (*start)(uint16_t port, uint16_t q);
	uint16_t opcode;
	const char *dir, *obj; /* "Rx", "RQ" */
};

static const struct queue_fault fault_rx = { rte_eth_dev_rx_queue_stop,
					     rte_eth_dev_rx_queue_start,
					     MLX5X_CMD_OP_MODIFY_RQ, "Rx",
					     "RQ" };
static const struct queue_fault fault_tx = { rte_eth_dev_tx_queue_stop,
					     rte_eth_dev_tx_queue_start,
					     MLX5X_CMD_OP_MODIFY_SQ, "Tx",
					     "SQ" };

/* Queue 0 of pf stopped, then started while the adapter answers the
 * MODIFY BAD_PARAM: that start fails, the next one works. */
static int
queue_restart_fault(uint16_t pf, const struct queue_fault *f)
{
	TEST_ASSERT_EQ(f->stop(pf, 0), 0, "%s queue stop", f->dir);
	TEST_ASSERT_EQ(mlx5x_emu_fault_cmd(0, f->opcode, 1,
					   MLX5X_CMD_STAT_BAD_PARAM_ERR, 0xbad),
		       0, "arm MODIFY_%s", f->obj);
	TEST_ASSERT(f->start(pf, 0) < 0,
		    "%s queue start fails when the %s cannot go ready", f->dir,
		    f->obj);
	mlx5x_emu_fault_cmd(0, f->opcode, 0, 0, 0);
	TEST_ASSERT_EQ(f->start(pf, 0), 0, "%s queue start works next time",
		       f->dir);
	return MLX5X_TEST_PASS;
}

/* Rx queue 0 of pf stopped, then started while the adapter refuses the
 * RST->RDY move (MODIFY_RQ BAD_PARAM): that start fails, the next one
 * works and the queue receives the len-byte UDP frame to mac it builds in
 * frame. */
static int
rx_queue_restart_fault(uint16_t pf, const struct rte_ether_addr *mac,
		       uint8_t *frame, uint16_t len)
{
	int ret = queue_restart_fault(pf, &fault_rx);
	struct rte_mbuf *m;

	if (ret != MLX5X_TEST_PASS)
		return ret;
	e2e_udp_frame(frame, len, mac->addr_bytes,
		      (const uint8_t[]){ 2, 0, 0, 0, 0, 1 }, 1, 2, 3, 4);
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, len), 0, "inject");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, &m, 1), 1, "and receives");
	rte_pktmbuf_free(m);
	return MLX5X_TEST_PASS;
}

/* A queue restarted after a stop: the adapter refusing the RST->RDY move
 * fails that start with an error, and the next start works and the queue
 * carries traffic again. */
static int
test_queue_restart_fault(void)
{
	struct rte_ether_addr mac;
	struct rte_mbuf *m;
	uint8_t frame[64], out[128];
	uint16_t pf;
	int len = 0, tries, ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach(NULL), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, NULL), 0, "PF up");
	TEST_ASSERT_EQ(rte_eth_macaddr_get(pf, &mac), 0, "MAC");

	ret = rx_queue_restart_fault(pf, &mac, frame, sizeof(frame));
	if (ret != MLX5X_TEST_PASS)
		return ret;

	ret = queue_restart_fault(pf, &fault_tx);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	while (mlx5x_emu_capture_wire(0, out, sizeof(out)) > 0)
		;
	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame, sizeof(frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "sent");
	for (tries = 0; tries < 100000 && len <= 0; tries++) {
		mlx5x_emu_poll();
		len = mlx5x_emu_capture_wire(0, out, sizeof(out));
	}
	TEST_ASSERT_EQ(len, sizeof(frame), "and sends");
	return e2e_detach_check();
}

/* The same without DevX (the Verbs queue and flow path): every object the
 * kernel makes for a Verbs call fails once in turn (Verbs CQs are not PRM
 * commands in the emulator); the start fails, the census is as before it,
 * and the next start works. */
static int
test_verbs_start_fault_unwinds(void)
{
	static const char verbs[] =
		"model=cx5,pci=" E2E_PCI ",vfs=0,esw=legacy,wire=drop,devx=0";
	static const struct {
		uint16_t op;
		unsigned int nth;
	} ops[] = {

		{ MLX5X_CMD_OP_CREATE_RQ, 1 },
		{ MLX5X_CMD_OP_CREATE_RQ, 2 },
		{ MLX5X_CMD_OP_MODIFY_RQ, 1 },
		{ MLX5X_CMD_OP_CREATE_TIS, 1 },
		{ MLX5X_CMD_OP_CREATE_SQ, 1 },
		{ MLX5X_CMD_OP_MODIFY_SQ, 1 },
		{ MLX5X_CMD_OP_CREATE_RQT, 1 },
		{ MLX5X_CMD_OP_CREATE_TIR, 1 },
		{ MLX5X_CMD_OP_CREATE_TIR, 2 },
		{ MLX5X_CMD_OP_CREATE_FLOW_TABLE, 1 },
		{ MLX5X_CMD_OP_CREATE_FLOW_TABLE, 3 },
	};
	struct mlx5x_emu_census before;
	struct rte_eth_conf conf;
	uint16_t pf;
	unsigned int i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach_config(verbs, NULL), 0, "probe (Verbs)");
	pf = e2e_port_by_name(E2E_PCI);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rx_adv_conf.rss_conf.rss_hf =
		RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_UDP;
	/* One clean start first: the context's own Verbs transport domain
	 * and CQ doorbell page (made by the kernel side on first use, kept
	 * until close) are then part of every census below. */
	TEST_ASSERT_EQ(e2e_port_start(pf, 2, &conf), 0, "first start");
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	for (i = 0; i < RTE_DIM(ops); i++) {
		TEST_ASSERT_EQ(mlx5x_emu_census(0, &before), 0, "census");
		TEST_ASSERT_EQ(mlx5x_emu_fault_cmd(0, ops[i].op, ops[i].nth,
						   MLX5X_CMD_STAT_BAD_PARAM_ERR,
						   0xbad),
			       0, "arm opcode 0x%x #%u", ops[i].op, ops[i].nth);
		TEST_ASSERT(e2e_port_start(pf, 2, &conf) != 0,
			    "start fails when opcode 0x%x #%u fails", ops[i].op,
			    ops[i].nth);
		mlx5x_emu_fault_cmd(0, ops[i].op, 0, 0, 0);
		TEST_ASSERT_EQ(e2e_census_same(&before,
					       "after the failed start"),
			       MLX5X_TEST_PASS,
			       "the failed start (opcode 0x%x #%u) unwound",
			       ops[i].op, ops[i].nth);
		TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0,
			       "start works after opcode 0x%x failed once",
			       ops[i].op);
		TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	}
	return e2e_detach_check();
}

/* The flow backend a port took ("dr", "dv", "verbs"), as its flow dump
 * names it. */
static int
fault_backend_is(uint16_t port, const char *name)
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

static const struct rte_flow_item fault_pat_eth[] = {
	{ .type = RTE_FLOW_ITEM_TYPE_ETH },
	{ .type = RTE_FLOW_ITEM_TYPE_END },
};

/* A rule on port with attr: drop everything, or (ingress) to queue 0. */
static struct rte_flow *
fault_rule(uint16_t port, const struct rte_flow_attr *attr,
	   struct rte_flow_error *err)
{
	static const struct rte_flow_action_queue q0 = { .index = 0 };
	static const struct rte_flow_action queue[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q0 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	static const struct rte_flow_action drop[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_DROP },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};

	memset(err, 0, sizeof(*err));
	return rte_flow_create(port, attr, fault_pat_eth,
			       attr->ingress ? queue : drop, err);
}

/*
 * Direct Rules domains the adapter will not make (rdma-core fails them
 * when a capability query or an object is refused). At probe: the port
 * programs the NIC Rx root without DR (the DV backend), and says so for
 * what needs DR. At start (in switchdev the first DR user is the first Tx
 * queue's FDB rules, the uplink's as a representor's): NIC Rx, then NIC
 * Tx (the NIC Rx one made is given back), then the E-Switch's FDB domain,
 * failed at the uplink's start and at a representor's. Each failure
 * leaves the census as it was, and the same call works next time; rules
 * of both kinds work after.
 */
static int
test_dr_domain_fault_unwinds(void)
{
	static const struct rte_flow_attr ingress = { .ingress = 1 };
	static const struct rte_flow_attr group1 = { .ingress = 1, .group = 1 };
	static const struct rte_flow_attr transfer = { .transfer = 1 };
	struct mlx5x_emu_census before;
	struct rte_flow_error err;
	struct rte_flow *f, *g;
	uint16_t pf, rep0;
	unsigned int nth;
	char name[64];

	E2E_REQUIRE();
	/* At probe (kept across the adapter e2e_attach makes). */
	TEST_ASSERT_EQ(mlx5x_emu_fault_dr_domain(0, 1, ENOMEM), 0, "arm");
	TEST_ASSERT_EQ(e2e_attach(NULL), 0, "probe without a DR domain");
	mlx5x_emu_fault_dr_domain(0, 0, 0);
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, NULL), 0, "start");
	TEST_ASSERT(fault_backend_is(pf, "dv"), "the DV backend");
	TEST_ASSERT(fault_rule(pf, &group1, &err) == NULL, "group 1 needs DR");
	TEST_ASSERT(err.message != NULL && strstr(err.message, "DR") != NULL,
		    "and the error says so: '%s'",
		    err.message ? err.message : "");
	f = fault_rule(pf, &ingress, &err);
	TEST_ASSERT(f != NULL, "a root rule works: %s",
		    err.message ? err.message : "");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, &err), 0, "destroy");
	TEST_ASSERT_EQ(e2e_detach_check(), MLX5X_TEST_PASS,
		       "nothing left by the DV port");

	/* At start: the default steering is the port's first DR user. */
	TEST_ASSERT_EQ(e2e_attach("representor=[0]"), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	snprintf(name, sizeof(name), "%s_representor_vf0", E2E_PCI);
	rep0 = e2e_port_by_name(name);
	TEST_ASSERT(fault_backend_is(pf, "dr"), "the DR backend");
	for (nth = 1; nth <= 3; nth++) {
		static const char *const dmn[] = { "NIC Rx", "NIC Tx", "FDB" };

		TEST_ASSERT_EQ(mlx5x_emu_census(0, &before), 0, "census");
		TEST_ASSERT_EQ(mlx5x_emu_fault_dr_domain(0, nth, ENOMEM), 0,
			       "arm DR domain #%u", nth);
		TEST_ASSERT(e2e_port_start(pf, 1, NULL) != 0,
			    "start fails without DR domain #%u (%s)", nth,
			    dmn[nth - 1]);
		mlx5x_emu_fault_dr_domain(0, 0, 0);
		TEST_ASSERT_EQ(e2e_census_same(&before,
					       "after the failed start"),
			       MLX5X_TEST_PASS,
			       "the failed start (DR domain #%u) unwound", nth);
	}
	/* The E-Switch's FDB domain comes with the first port started, a
	 * representor here. */
	TEST_ASSERT_EQ(mlx5x_emu_census(0, &before), 0, "census");
	TEST_ASSERT_EQ(mlx5x_emu_fault_dr_domain(0, 3, ENOMEM), 0, "arm FDB");
	TEST_ASSERT(e2e_port_start(rep0, 1, NULL) != 0,
		    "the representor's start fails without the FDB domain");
	mlx5x_emu_fault_dr_domain(0, 0, 0);
	TEST_ASSERT_EQ(e2e_census_same(&before, "after the failed start"),
		       MLX5X_TEST_PASS, "the failed representor start unwound");
	TEST_ASSERT_EQ(rte_eth_dev_start(rep0), 0,
		       "the representor starts next time");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "the uplink starts too");
	f = fault_rule(pf, &ingress, &err);
	TEST_ASSERT(f != NULL, "an ingress rule: %s",
		    err.message ? err.message : "");
	g = fault_rule(rep0, &transfer, &err);
	TEST_ASSERT(g != NULL, "a transfer rule: %s",
		    err.message ? err.message : "");
	TEST_ASSERT_EQ(rte_flow_destroy(rep0, g, &err), 0, "destroy");
	TEST_ASSERT_EQ(rte_flow_destroy(pf, f, &err), 0, "destroy");
	return e2e_detach_check();
}

/*
 * What a failed PRM command's status means to the application: the
 * adapter out of resources (NO_RESOURCES) or over a limit (EXCEED_LIM)
 * is ENOSPC, a bad parameter EINVAL, an unknown command EOPNOTSUPP; here
 * as rte_eth_dev_start's result when CREATE_RQ fails so. The port starts
 * once the adapter answers again, with nothing left behind.
 */
static int
test_start_fault_status_is_errno(void)
{
	static const struct {
		uint8_t status;
		int err;
	} st[] = {
		{ MLX5X_CMD_STAT_NO_RES_ERR, -ENOSPC },
		{ MLX5X_CMD_STAT_LIM_ERR, -ENOSPC },
		{ MLX5X_CMD_STAT_BAD_PARAM_ERR, -EINVAL },
		{ MLX5X_CMD_STAT_BAD_OP_ERR, -EOPNOTSUPP },
	};
	uint16_t pf;
	unsigned int i;

	E2E_REQUIRE();
	for (i = 0; i < RTE_DIM(st); i++) {
		TEST_ASSERT_EQ(e2e_attach(NULL), 0, "probe");
		pf = e2e_port_by_name(E2E_PCI);
		TEST_ASSERT_EQ(rte_eth_dev_configure(pf, 1, 1,
						     &(struct rte_eth_conf){
							     0 }),
			       0, "configure");
		TEST_ASSERT_EQ(rte_eth_rx_queue_setup(pf, 0, 256, SOCKET_ID_ANY,
						      NULL, e2e_pool()),
			       0, "Rx queue");
		TEST_ASSERT_EQ(rte_eth_tx_queue_setup(pf, 0, 256, SOCKET_ID_ANY,
						      NULL),
			       0, "Tx queue");
		TEST_ASSERT_EQ(mlx5x_emu_fault_cmd(0, MLX5X_CMD_OP_CREATE_RQ, 1,
						   st[i].status, 0x42),
			       0, "arm");
		TEST_ASSERT_EQ(rte_eth_dev_start(pf), st[i].err,
			       "CREATE_RQ answered status 0x%x", st[i].status);
		mlx5x_emu_fault_cmd(0, MLX5X_CMD_OP_CREATE_RQ, 0, 0, 0);
		TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "starts after");
		TEST_ASSERT_EQ(e2e_detach_check(), MLX5X_TEST_PASS,
			       "nothing left (status 0x%x)", st[i].status);
	}
	return MLX5X_TEST_PASS;
}

/* The same restart fault on a Multi-Packet Rx queue: the buffers the
 * failed start posted go back (no pool left behind at close), and the
 * next start works and the queue receives. */
static int
test_queue_restart_fault_mprq(void)
{
	struct rte_eth_burst_mode bm;
	struct rte_ether_addr mac;
	uint8_t frame[64];
	uint16_t pf;
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach("mprq_en=1"), 0, "probe");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, NULL), 0, "PF up");
	TEST_ASSERT_EQ(rte_eth_rx_burst_mode_get(pf, 0, &bm), 0, "mode");
	TEST_ASSERT(strstr(bm.info, "MPRQ") != NULL, "burst mode %s", bm.info);
	TEST_ASSERT_EQ(rte_eth_macaddr_get(pf, &mac), 0, "MAC");
	ret = rx_queue_restart_fault(pf, &mac, frame, sizeof(frame));
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	return e2e_detach_check();
}

MLX5X_TEST_SUITE(e2e_fault_suite, "e2e_fault", "e2e", fault_setup,
		 fault_teardown, MLX5X_TEST_CASE(test_probe_fault_unwinds),
		 MLX5X_TEST_CASE(test_probe_out_of_memory_unwinds),
		 MLX5X_TEST_CASE(test_start_fault_unwinds),
		 MLX5X_TEST_CASE(test_queue_restart_fault),
		 MLX5X_TEST_CASE(test_verbs_start_fault_unwinds),
		 MLX5X_TEST_CASE(test_dr_domain_fault_unwinds),
		 MLX5X_TEST_CASE(test_start_fault_status_is_errno),
		 MLX5X_TEST_CASE(test_queue_restart_fault_mprq))
