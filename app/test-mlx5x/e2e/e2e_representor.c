/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Representors as a switchdev application uses them: what VF n sends
 * arrives on representor n (and nowhere else), what representor n sends
 * arrives at VF n (and not on the wire); the uplink keeps the wire.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"

#define NB_REPS 4

static uint16_t pf;
static uint16_t rep[NB_REPS];

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

/* PF and the four representors started, one queue each. */
static int
reps_up(void)
{
	return e2e_switchdev_up(&pf, rep, NB_REPS);
}

static int
test_vf_to_its_representor(void)
{
	static const uint8_t vf_mac[6] = { 0x02, 0, 0, 0, 0x0f, 0x02 };
	static const uint8_t any[6] = { 0x02, 0, 0, 0, 0x0e, 0x01 };
	uint8_t frame[90];
	struct rte_mbuf *m[4];
	unsigned int vf, other;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(reps_up(), 0, "PF and representors up");
	for (vf = 0; vf < NB_REPS; vf++) {
		e2e_udp_frame(frame, sizeof(frame), any, vf_mac, vf, 2, 3, 4);
		TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, vf, frame, sizeof(frame)),
			       0, "VF %u sends", vf);
		TEST_ASSERT_EQ(e2e_rx_wait(rep[vf], 0, m, 1), 1,
			       "representor %u receives what VF %u sent", vf,
			       vf);
		TEST_ASSERT_EQ(m[0]->pkt_len, sizeof(frame), "length");
		TEST_ASSERT(memcmp(rte_pktmbuf_mtod(m[0], void *), frame,
				   sizeof(frame)) == 0,
			    "same bytes");
		TEST_ASSERT_EQ(m[0]->port, rep[vf], "mbuf port");
		rte_pktmbuf_free(m[0]);
		TEST_ASSERT_EQ(rte_eth_rx_burst(pf, 0, m, 4), 0,
			       "the uplink did not get it");
		for (other = 0; other < NB_REPS; other++)
			TEST_ASSERT_EQ(rte_eth_rx_burst(rep[other], 0, m, 4), 0,
				       "representor %u did not get it", other);
	}
	return MLX5X_TEST_PASS;
}

static int
test_representor_to_its_vf(void)
{
	static const uint8_t dst[6] = { 0x02, 0, 0, 0, 0x0f, 0x01 };
	static const uint8_t src[6] = { 0x02, 0, 0, 0, 0x0e, 0x02 };
	uint8_t frame[120], out[2048];
	unsigned int vf, other;
	int len, tries;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(reps_up(), 0, "PF and representors up");
	for (vf = 0; vf < NB_REPS; vf++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(e2e_pool());

		TEST_ASSERT(m != NULL, "mbuf");
		e2e_udp_frame(frame, sizeof(frame), dst, src, 9, vf, 3, 4);
		memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame,
		       sizeof(frame));
		TEST_ASSERT_EQ(rte_eth_tx_burst(rep[vf], 0, &m, 1), 1,
			       "representor %u sends", vf);
		len = 0;
		for (tries = 0; tries < 1000 && len == 0; tries++) {
			mlx5x_emu_poll();
			len = mlx5x_emu_capture_vf(0, vf, out, sizeof(out));
			if (len == 0)
				usleep(1000);
		}
		TEST_ASSERT_EQ(len, sizeof(frame), "VF %u got it", vf);
		TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0,
			    "same bytes");
		TEST_ASSERT_EQ(mlx5x_emu_capture_wire(0, out, sizeof(out)), 0,
			       "nothing on the wire");
		for (other = 0; other < NB_REPS; other++)
			TEST_ASSERT_EQ(mlx5x_emu_capture_vf(0, other, out,
							    sizeof(out)),
				       0, "VF %u got nothing", other);
	}
	return MLX5X_TEST_PASS;
}

static int
test_uplink_keeps_the_wire(void)
{
	uint8_t frame[64], out[2048];
	struct rte_ether_addr mac;
	struct rte_mbuf *m[4];
	unsigned int vf;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(reps_up(), 0, "PF and representors up");
	TEST_ASSERT_EQ(rte_eth_macaddr_get(pf, &mac), 0, "MAC");
	e2e_udp_frame(frame, sizeof(frame), mac.addr_bytes,
		      (const uint8_t[]){ 2, 0, 0, 0, 0, 9 }, 1, 2, 3, 4);
	TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)), 0,
		       "inject");
	TEST_ASSERT_EQ(e2e_rx_wait(pf, 0, m, 1), 1, "the uplink receives");
	rte_pktmbuf_free(m[0]);
	for (vf = 0; vf < NB_REPS; vf++) {
		TEST_ASSERT_EQ(rte_eth_rx_burst(rep[vf], 0, m, 4), 0,
			       "representor %u did not get wire traffic", vf);
		TEST_ASSERT_EQ(mlx5x_emu_capture_vf(0, vf, out, sizeof(out)), 0,
			       "VF %u did not get wire traffic", vf);
	}
	return e2e_detach_check();
}

/* A representor with two Rx and two Tx queues: what its VF sends spreads
 * over both Rx queues by RSS, both Tx queues reach the VF, and its stats
 * count exactly that. */
/* xstats read the way a careful application does: ask the count, then
 * arrays of exactly that size. A representor has the driver's queue
 * counters and no vport ones (it does not own the vport). */
static int
rep_xstats_exact(uint16_t r)
{
	struct rte_eth_xstat_name *names;
	struct rte_eth_xstat *vals;
	int n, i, driver = 0, vport = 0;

	n = rte_eth_xstats_get_names(r, NULL, 0);
	TEST_ASSERT(n > 0, "%d xstats", n);
	names = calloc(n, sizeof(*names));
	vals = calloc(n, sizeof(*vals));
	TEST_ASSERT(names != NULL && vals != NULL, "arrays");
	if (rte_eth_xstats_get_names(r, names, n) != n ||
	    rte_eth_xstats_get(r, vals, n) != n) {
		free(names);
		free(vals);
		TEST_ASSERT(false, "names and values fill arrays of size %d",
			    n);
	}
	for (i = 0; i < n; i++) {
		driver += strcmp(names[i].name, "rx_wqe_errors") == 0 ||
			  strcmp(names[i].name, "tx_bad_tso_drops") == 0;
		vport += strncmp(names[i].name, "rx_vport_", 9) == 0;
		if (vals[i].id != (uint64_t)i)
			driver = -100;
	}
	free(names);
	free(vals);
	TEST_ASSERT_EQ(driver, 2, "the driver's counters named, ids in order");
	TEST_ASSERT_EQ(vport, 0, "no vport counters on a representor");
	return MLX5X_TEST_PASS;
}

static int
test_representor_multiqueue_and_stats(void)
{
	struct rte_eth_conf conf;
	struct rte_eth_stats st;
	uint8_t frame[72], out[256];
	struct rte_mbuf *m[8];
	unsigned int f, rx = 0, q0 = 0, q1 = 0;
	uint16_t q, r;
	char name[64];
	int tries;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach("representor=[1]"), 0, "probe");
	snprintf(name, sizeof(name), "%s_representor_vf1", E2E_PCI);
	r = e2e_port_by_name(name);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rx_adv_conf.rss_conf.rss_hf = RTE_ETH_RSS_NONFRAG_IPV4_UDP;
	TEST_ASSERT_EQ(rte_eth_dev_configure(r, 2, 2, &conf), 0, "configure");
	for (q = 0; q < 2; q++) {
		TEST_ASSERT_EQ(rte_eth_rx_queue_setup(r, q, 256, SOCKET_ID_ANY,
						      NULL, e2e_pool()),
			       0, "Rx queue %u", q);
		TEST_ASSERT_EQ(rte_eth_tx_queue_setup(r, q, 256, SOCKET_ID_ANY,
						      NULL),
			       0, "Tx queue %u", q);
	}
	TEST_ASSERT_EQ(rte_eth_dev_start(r), 0, "start");
	TEST_ASSERT_EQ(rte_eth_stats_reset(r), 0, "reset");
	for (f = 0; f < 32; f++) {
		e2e_udp_frame(frame, sizeof(frame),
			      (const uint8_t[]){ 2, 0, 0, 0, 0, 1 },
			      (const uint8_t[]){ 2, 0, 0, 0, 1, 1 }, f, 7,
			      (uint16_t)(1000 + f), 9);
		TEST_ASSERT_EQ(mlx5x_emu_inject_vf(0, 1, frame, sizeof(frame)),
			       0, "VF 1 sends flow %u", f);
	}
	for (tries = 0; tries < 100 && rx < 32; tries++) {
		for (q = 0; q < 2; q++) {
			uint16_t k = rte_eth_rx_burst(r, q, m, RTE_DIM(m));

			if (q == 0)
				q0 += k;
			else
				q1 += k;
			rx += k;
			rte_pktmbuf_free_bulk(m, k);
		}
		mlx5x_emu_poll();
	}
	TEST_ASSERT_EQ(rx, 32, "every frame of VF 1 on its representor");
	TEST_ASSERT(q0 > 0 && q1 > 0, "spread over both queues (%u/%u)", q0,
		    q1);
	for (q = 0; q < 2; q++) {
		struct rte_mbuf *t = rte_pktmbuf_alloc(e2e_pool());

		memcpy(rte_pktmbuf_append(t, sizeof(frame)), frame,
		       sizeof(frame));
		TEST_ASSERT_EQ(rte_eth_tx_burst(r, q, &t, 1), 1, "Tx queue %u",
			       q);
	}
	for (tries = 0, f = 0; tries < 1000 && f < 2; tries++) {
		mlx5x_emu_poll();
		while (mlx5x_emu_capture_vf(0, 1, out, sizeof(out)) > 0)
			f++;
		if (f < 2)
			usleep(1000);
	}
	TEST_ASSERT_EQ(f, 2, "both Tx queues reach VF 1");
	TEST_ASSERT_EQ(rte_eth_stats_get(r, &st), 0, "stats");
	TEST_ASSERT_EQ(st.ipackets, 32, "ipackets");
	TEST_ASSERT_EQ(st.ibytes, 32 * sizeof(frame), "ibytes");
	TEST_ASSERT_EQ(st.opackets, 2, "opackets");
	TEST_ASSERT_EQ(st.q_ipackets[0], q0, "queue 0 counts its own");
	TEST_ASSERT_EQ(st.q_ipackets[1], q1, "queue 1 counts its own");
	TEST_ASSERT_EQ(rep_xstats_exact(r), MLX5X_TEST_PASS,
		       "xstats into arrays of exactly their size");
	return e2e_detach_check();
}

/*
 * Without the DR engine (dv_flow_en=0) representor Tx reaches its VF
 * through the driver's own FDB root table, one entry per representor
 * SQ: stopping the representor takes its entry away (the adapter's
 * count of live flow entries drops back), starting it again brings the
 * path back, and closing leaves nothing (the runner's census check).
 */
static int
test_representor_tx_without_dr(void)
{
	static const uint8_t dst[6] = { 0x02, 0, 0, 0, 0x0f, 0x01 };
	static const uint8_t src[6] = { 0x02, 0, 0, 0, 0x0e, 0x02 };
	struct mlx5x_emu_census before, started, stopped;
	uint8_t frame[100], out[2048];
	char name[64];
	unsigned int round;
	uint16_t r;
	int len, tries;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach("representor=[1],dv_flow_en=0"), 0,
		       "probe without DR");
	snprintf(name, sizeof(name), "%s_representor_vf1", E2E_PCI);
	r = e2e_port_by_name(name);
	TEST_ASSERT(r != UINT16_MAX, "representor 1");
	TEST_ASSERT_EQ(mlx5x_emu_census(0, &before), 0, "census");
	TEST_ASSERT_EQ(e2e_port_start(r, 1, NULL), 0, "representor up");
	TEST_ASSERT_EQ(mlx5x_emu_census(0, &started), 0, "census");
	TEST_ASSERT(started.fte > before.fte, "its FDB entry (%u -> %u)",
		    before.fte, started.fte);
	e2e_udp_frame(frame, sizeof(frame), dst, src, 9, 1, 3, 4);
	for (round = 0; round < 2; round++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(e2e_pool());

		TEST_ASSERT(m != NULL, "mbuf");
		memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame,
		       sizeof(frame));
		TEST_ASSERT_EQ(rte_eth_tx_burst(r, 0, &m, 1), 1, "sent");
		for (len = 0, tries = 0; tries < 1000 && len == 0; tries++) {
			mlx5x_emu_poll();
			len = mlx5x_emu_capture_vf(0, 1, out, sizeof(out));
			if (len == 0)
				usleep(1000);
		}
		TEST_ASSERT_EQ(len, sizeof(frame), "round %u: VF 1 got it",
			       round);
		TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0,
			    "same bytes");
		TEST_ASSERT_EQ(rte_eth_dev_stop(r), 0, "stop");
		TEST_ASSERT_EQ(mlx5x_emu_census(0, &stopped), 0, "census");
		TEST_ASSERT_EQ(stopped.fte, before.fte,
			       "round %u: the entry went with the stop", round);
		TEST_ASSERT_EQ(stopped.flow_table, before.flow_table,
			       "round %u: and the table with its last entry",
			       round);
		TEST_ASSERT_EQ(rte_eth_dev_start(r), 0, "start again");
	}
	return MLX5X_TEST_PASS;
}

/*
 * A function that lists its E-Switch's representors (switchdev IB ports,
 * representor netdevs) but whose QUERY_HCA_CAP says it is not the
 * E-Switch manager (eswitch_manager=0: another function owns the FDB).
 * The ports probe and the uplink keeps the wire, but a representor, whose
 * Tx could reach its VF only through FDB rules, does not start: ENOTSUP,
 * and not one FDB command sent for it. With DR and without.
 */
static int
test_representor_without_esw_manager(void)
{
	static const char *const devargs[] = {
		"representor=[0-1]",
		"representor=[0-1],dv_flow_en=0",
	};
	struct mlx5x_emu_census before, after;
	static char trace[1 << 16];
	struct rte_ether_addr mac;
	uint8_t frame[80], out[2048];
	struct rte_mbuf *m;
	unsigned int i;
	char name[64];
	uint16_t up, r;
	int ret, len, tries;

	E2E_REQUIRE();
	for (i = 0; i < RTE_DIM(devargs); i++) {
		setenv(MLX5X_EMU_CMD_TRACE_ENV, "1", 1);
		ret = e2e_attach_config(E2E_EMU_CONFIG ",eswitch_manager=0",
					devargs[i]);
		unsetenv(MLX5X_EMU_CMD_TRACE_ENV);
		TEST_ASSERT_EQ(ret, 0, "%s: probe", devargs[i]);
		up = e2e_port_by_name(E2E_PCI);
		snprintf(name, sizeof(name), "%s_representor_vf1", E2E_PCI);
		r = e2e_port_by_name(name);
		TEST_ASSERT(up != UINT16_MAX && r != UINT16_MAX,
			    "%s: uplink and representor 1 probed", devargs[i]);
		TEST_ASSERT_EQ(e2e_port_start(up, 1, NULL), 0, "%s: uplink up",
			       devargs[i]);
		TEST_ASSERT_EQ(rte_eth_macaddr_get(up, &mac), 0, "MAC");
		e2e_udp_frame(frame, sizeof(frame),
			      (const uint8_t[]){ 2, 0, 0, 0, 0, 9 },
			      mac.addr_bytes, 1, 2, 3, 4);
		m = rte_pktmbuf_alloc(e2e_pool());
		TEST_ASSERT(m != NULL, "mbuf");
		memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame,
		       sizeof(frame));
		TEST_ASSERT_EQ(rte_eth_tx_burst(up, 0, &m, 1), 1, "sent");
		for (len = 0, tries = 0; tries < 1000 && len == 0; tries++) {
			mlx5x_emu_poll();
			len = mlx5x_emu_capture_wire(0, out, sizeof(out));
			if (len == 0)
				usleep(1000);
		}
		TEST_ASSERT(len == (int)sizeof(frame) &&
				    memcmp(out, frame, sizeof(frame)) == 0,
			    "%s: the uplink's frame left by the wire",
			    devargs[i]);
		TEST_ASSERT_EQ(mlx5x_emu_census(0, &before), 0, "census");
		mlx5x_emu_cmd_trace_take(0, trace, sizeof(trace));
		TEST_ASSERT_EQ(e2e_port_start(r, 1, NULL), -ENOTSUP,
			       "%s: representor start refused", devargs[i]);
		TEST_ASSERT(mlx5x_emu_cmd_trace_take(0, trace, sizeof(trace)) >
					    0 &&
				    strstr(trace, "FLOW_TABLE") == NULL &&
				    strstr(trace, "FLOW_GROUP") == NULL,
			    "%s: no FDB command sent:\n%s", devargs[i], trace);
		TEST_ASSERT_EQ(mlx5x_emu_census(0, &after), 0, "census");
		TEST_ASSERT(after.sq == before.sq && after.cq == before.cq &&
				    after.fte == before.fte,
			    "%s: the refused start left nothing", devargs[i]);
		if (e2e_detach_check() != MLX5X_TEST_PASS)
			return MLX5X_TEST_FAIL;
	}
	return MLX5X_TEST_PASS;
}

/* Every E-Switch Tx queue of the process gets its FDB rules from one
 * table of 1024 slots (mlx5x_flow_fdb.c): the uplink's one Tx queue (its
 * rules tag what the application sends through it), then 16 representors
 * with 64 Tx queues each (the most a port takes), the last one with 63,
 * use every slot, all start, and the last queue of the last one still
 * reaches its VF. */
#define FULL_REPS 16
#define FULL_TXQS 64

/* Configure representor r with one Rx queue and nb_txq Tx queues. */
static int
rep_queues(uint16_t r, uint16_t nb_txq)
{
	struct rte_eth_conf conf;
	uint16_t q;

	memset(&conf, 0, sizeof(conf));
	TEST_ASSERT_EQ(rte_eth_dev_configure(r, 1, nb_txq, &conf), 0,
		       "port %u: configure, %u Tx queues", r, nb_txq);
	TEST_ASSERT_EQ(rte_eth_rx_queue_setup(r, 0, 64, SOCKET_ID_ANY, NULL,
					      e2e_pool()),
		       0, "port %u: Rx queue", r);
	for (q = 0; q < nb_txq; q++)
		TEST_ASSERT_EQ(rte_eth_tx_queue_setup(r, q, 64, SOCKET_ID_ANY,
						      NULL),
			       0, "port %u: Tx queue %u", r, q);
	return MLX5X_TEST_PASS;
}

static int
test_representor_tx_slots_all_used(void)
{
	static const uint8_t vf_mac[6] = { 0x02, 0, 0, 0, 0x0f, 0x0f };
	static const uint8_t any[6] = { 0x02, 0, 0, 0, 0x0e, 0x01 };
	uint16_t reps[FULL_REPS], nb_txq, r;
	uint8_t frame[70], out[256];
	struct rte_mbuf *m;
	char name[64];
	unsigned int i;
	int len;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(e2e_attach_config("model=cx5,pci=" E2E_PCI
					 ",vfs=16,esw=switchdev,wire=drop,vf_end=drop",
					 "representor=[0-15]"),
		       0, "probe with 16 representors");
	pf = e2e_port_by_name(E2E_PCI);
	TEST_ASSERT_EQ(e2e_port_start(pf, 1, NULL), 0, "PF start");
	for (i = 0; i < FULL_REPS; i++) {
		snprintf(name, sizeof(name), "%s_representor_vf%u", E2E_PCI, i);
		reps[i] = e2e_port_by_name(name);
		TEST_ASSERT(reps[i] != UINT16_MAX, "representor %u", i);
		nb_txq = i == FULL_REPS - 1 ? FULL_TXQS - 1 : FULL_TXQS;
		TEST_ASSERT_EQ(rep_queues(reps[i], nb_txq), MLX5X_TEST_PASS,
			       "representor %u: queues", i);
		TEST_ASSERT_EQ(rte_eth_dev_start(reps[i]), 0,
			       "representor %u starts: its Tx queues take slots %u..%u of 1024",
			       i, 1 + i * FULL_TXQS, i * FULL_TXQS + nb_txq);
	}
	e2e_udp_frame(frame, sizeof(frame), vf_mac, any, 1, 2, 3, 4);
	m = rte_pktmbuf_alloc(e2e_pool());
	TEST_ASSERT(m != NULL, "mbuf");
	memcpy(rte_pktmbuf_append(m, sizeof(frame)), frame, sizeof(frame));
	TEST_ASSERT_EQ(rte_eth_tx_burst(reps[FULL_REPS - 1], FULL_TXQS - 2, &m,
					1),
		       1, "the last representor sends on its last queue");
	len = e2e_capture_end(FULL_REPS - 1, out, sizeof(out));
	TEST_ASSERT_EQ(len, sizeof(frame), "VF %u got it", FULL_REPS - 1);
	TEST_ASSERT(memcmp(out, frame, sizeof(frame)) == 0, "same bytes");
	/* One queue more than the slots left: the start is refused, and
	 * the port starts again with the queues that fit. */
	r = reps[FULL_REPS - 1];
	TEST_ASSERT_EQ(rte_eth_dev_stop(r), 0, "last representor stops");
	TEST_ASSERT_EQ(rep_queues(r, FULL_TXQS), MLX5X_TEST_PASS,
		       "last representor: %u Tx queues", FULL_TXQS);
	TEST_ASSERT_EQ(rte_eth_dev_start(r), -ENOSPC,
		       "the 1025th Tx queue finds no slot");
	TEST_ASSERT_EQ(rep_queues(r, FULL_TXQS - 1), MLX5X_TEST_PASS,
		       "back to %u Tx queues", FULL_TXQS - 1);
	TEST_ASSERT_EQ(rte_eth_dev_start(r), 0, "and it starts again");
	return e2e_detach_check();
}

MLX5X_TEST_SUITE(e2e_representor_suite, "e2e_representor", "e2e", rep_setup,
		 rep_teardown, MLX5X_TEST_CASE(test_vf_to_its_representor),
		 MLX5X_TEST_CASE(test_representor_to_its_vf),
		 MLX5X_TEST_CASE(test_uplink_keeps_the_wire),
		 MLX5X_TEST_CASE(test_representor_multiqueue_and_stats),
		 MLX5X_TEST_CASE(test_representor_tx_without_dr),
		 MLX5X_TEST_CASE(test_representor_tx_slots_all_used),
		 MLX5X_TEST_CASE(test_representor_without_esw_manager))
