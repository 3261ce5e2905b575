/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The shared end-to-end environment: emulator, EAL, mbuf pool, hotplug.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_byteorder.h>
#include <rte_bus.h>
#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_ip.h>
#include <rte_malloc.h>
#include <rte_memzone.h>
#include <rte_udp.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"
#include "test_toeplitz.h"

static int e2e_state; /* 0 not tried, 1 up, -1 failed */
static char e2e_sysfs[] = "/tmp/mlx5x-e2e-sysfs-XXXXXX";
static char e2e_pci_devices[256];
static char e2e_glue[4096];
static struct rte_mempool *e2e_mp;
static int e2e_attached;
/* Other PCI functions of the adapter attached with e2e_attach_pci (VFs),
 * removed by e2e_detach before E2E_PCI. */
#define E2E_EXTRA_MAX 4
static char e2e_extra[E2E_EXTRA_MAX][16];
static unsigned int e2e_nextra;
/* Adapter 0's census and the DPDK heap's allocated bytes and memzones
 * before the last probe (e2e_census_baseline). */
static struct mlx5x_emu_census e2e_census0;
/* Detaches that left PRM objects behind since mlx5x_test_after last
 * looked (e2e_detach counts them; e2e_after reports them). */
static unsigned int e2e_close_leaks;

static int e2e_after(void);
static size_t e2e_heap0;
static unsigned int e2e_memzones0;

static void
e2e_down(void)
{
	char cmd[512];

	e2e_detach();
	rte_mempool_free(e2e_mp);
	e2e_mp = NULL;
	rte_eal_cleanup();
	mlx5x_emu_teardown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e2e_sysfs);
	if (system(cmd) != 0)
		fprintf(stderr, "e2e: cannot remove %s\n", e2e_sysfs);
}

int
e2e_up(void)
{
	static char eal_args[][64] = {
		"test-mlx5x-e2e",
		"--no-huge",
		"-m",
		"512",
		"--no-shconf",
		"-l",
		"0-1",
		"-a",
		E2E_PCI ",representor=[0-3]",
		"--log-level=pmd.net.mlx5x:notice",
		"--log-level=lib.eal:error",
	};
	char *argv[RTE_DIM(eal_args) + 1];
	int argc = (int)RTE_DIM(eal_args);
	int ret, i;

	for (i = 0; i < argc; i++)
		argv[i] = eal_args[i];
	argv[argc] = NULL;

	if (e2e_state == 1)
		return MLX5X_TEST_PASS;
	if (e2e_state == -1)
		TEST_SKIP(
			"the end-to-end environment failed to come up earlier");
	e2e_state = -1;
	snprintf(e2e_glue, sizeof(e2e_glue), "%s/emu/libmlx5x_emu.so",
		 mlx5x_test_build_root());
	if (access(e2e_glue, R_OK) != 0)
		TEST_SKIP("emulated ConnectX not built (%s)", e2e_glue);
	if (mkdtemp(e2e_sysfs) == NULL)
		TEST_SKIP("cannot create a sysfs root: %s", strerror(errno));
	ret = mlx5x_emu_setup(E2E_EMU_CONFIG, e2e_sysfs);
	if (ret < 0) {
		printf("    mlx5x_emu_setup(%s): %s\n", E2E_EMU_CONFIG,
		       strerror(-ret));
		return MLX5X_TEST_FAIL;
	}
	snprintf(e2e_pci_devices, sizeof(e2e_pci_devices), "%s/bus/pci/devices",
		 e2e_sysfs);
	setenv("SYSFS_PCI_DEVICES", e2e_pci_devices, 1);
	setenv("MLX5X_GLUE_LIB", e2e_glue, 1);
	/* The probe EAL makes is checked at its remove like any other. */
	if (mlx5x_emu_census(0, &e2e_census0) != 0)
		memset(&e2e_census0, 0, sizeof(e2e_census0));
	mlx5x_test_after = e2e_after;
	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		printf("    rte_eal_init failed: %s\n",
		       rte_strerror(rte_errno));
		return MLX5X_TEST_FAIL;
	}
	/* EAL probed the allowlisted device with representor=[0-3]. */
	e2e_attached = rte_eth_dev_count_avail() > 0;
	/* A per-lcore cache as applications use (testpmd: 250), so the
	 * bench figures are not those of the mempool ring. */
	e2e_mp = rte_pktmbuf_pool_create("e2e_mbufs", 4096, 256, 0,
					 RTE_MBUF_DEFAULT_BUF_SIZE,
					 SOCKET_ID_ANY);
	if (e2e_mp == NULL) {
		printf("    cannot create the mbuf pool: %s\n",
		       rte_strerror(rte_errno));
		return MLX5X_TEST_FAIL;
	}
	atexit(e2e_down);
	e2e_state = 1;
	return MLX5X_TEST_PASS;
}

int
e2e_attach(const char *devargs)
{
	return e2e_attach_config(E2E_EMU_CONFIG, devargs);
}

int
e2e_attach_config(const char *emu_config, const char *devargs)
{
	int ret;

	e2e_detach();
	/* A fresh adapter for every attach: no state leaks between suites. */
	ret = mlx5x_emu_setup(emu_config, e2e_sysfs);
	if (ret < 0) {
		printf("    mlx5x_emu_setup: %s\n", strerror(-ret));
		return ret;
	}
	e2e_census_baseline();
	ret = rte_eal_hotplug_add("pci", E2E_PCI, devargs ? devargs : "");
	if (ret == 0)
		e2e_attached = 1;
	return ret;
}

int
e2e_attach_pci(const char *pci, const char *devargs)
{
	int ret;

	if (e2e_nextra == E2E_EXTRA_MAX)
		return -ENOSPC;
	ret = rte_eal_hotplug_add("pci", pci, devargs ? devargs : "");
	if (ret == 0)
		snprintf(e2e_extra[e2e_nextra++], sizeof(e2e_extra[0]), "%s",
			 pci);
	return ret;
}

/* After a remove: the adapter has as many live PRM objects of every type
 * as before the probe (nothing left for the emulator to reclaim). */
static void
e2e_close_census(void)
{
	struct mlx5x_emu_census now;
	char a[512], b[512];

	if (mlx5x_emu_census(0, &now) != 0 ||
	    memcmp(&now, &e2e_census0, sizeof(now)) == 0)
		return;
	mlx5x_emu_census_format(&e2e_census0, a, sizeof(a));
	mlx5x_emu_census_format(&now, b, sizeof(b));
	printf("    closing the ports left PRM objects behind:\n"
	       "      before the probe: %s\n      after the close:  %s\n",
	       a, b);
	e2e_close_leaks++;
}

static int
e2e_after(void)
{
	unsigned int n = e2e_close_leaks;

	e2e_close_leaks = 0;
	return n != 0;
}

void
e2e_detach(void)
{
	int removed = 0;

	while (e2e_nextra > 0) {
		const char *pci = e2e_extra[--e2e_nextra];

		if (rte_eal_hotplug_remove("pci", pci) != 0)
			printf("    (removing %s failed)\n", pci);
	}
	/* Removing the device closes (and so stops) every port on it. */
	if (e2e_attached) {
		removed = rte_eal_hotplug_remove("pci", E2E_PCI) == 0;
		if (!removed)
			printf("    (removing %s failed)\n", E2E_PCI);
	}
	e2e_attached = 0;
	if (removed)
		e2e_close_census();
}

/* Bytes allocated from DPDK's heaps (rte_malloc, what the driver uses
 * for its own structures; ASan cannot see into them). */
static size_t
e2e_heap_bytes(void)
{
	struct rte_malloc_socket_stats st;
	unsigned int i;
	size_t n = 0;

	for (i = 0; i < rte_socket_count(); i++)
		if (rte_malloc_get_socket_stats(rte_socket_id_by_idx(i), &st) ==
		    0)
			n += st.heap_allocsz_bytes;
	return n;
}

static void
e2e_memzone_count(const struct rte_memzone *mz, void *arg)
{
	RTE_SET_USED(mz);
	(*(unsigned int *)arg)++;
}

static unsigned int
e2e_memzones(void)
{
	unsigned int n = 0;

	rte_memzone_walk(e2e_memzone_count, &n);
	return n;
}

void
e2e_census_baseline(void)
{
	if (mlx5x_emu_census(0, &e2e_census0) != 0)
		memset(&e2e_census0, 0, sizeof(e2e_census0));
	e2e_heap0 = e2e_heap_bytes();
	e2e_memzones0 = e2e_memzones();
}

int
e2e_leak_check(const char *when)
{
	size_t heap = e2e_heap_bytes();
	unsigned int mz = e2e_memzones();

	if (e2e_census_same(&e2e_census0, when) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	TEST_ASSERT_EQ(heap, e2e_heap0,
		       "DPDK heap bytes allocated %s as before the probe",
		       when);
	TEST_ASSERT_EQ(mz, e2e_memzones0, "memzones %s as before the probe",
		       when);
	return MLX5X_TEST_PASS;
}

int
e2e_census_same(const struct mlx5x_emu_census *before, const char *when)
{
	struct mlx5x_emu_census now;
	char a[512], b[512];

	TEST_ASSERT_EQ(mlx5x_emu_census(0, &now), 0, "census %s", when);
	if (memcmp(&now, before, sizeof(now)) == 0)
		return MLX5X_TEST_PASS;
	mlx5x_emu_census_format(before, a, sizeof(a));
	mlx5x_emu_census_format(&now, b, sizeof(b));
	printf("    live PRM objects %s differ from before:\n"
	       "      before: %s\n      now:    %s\n",
	       when, a, b);
	return MLX5X_TEST_FAIL;
}

int
e2e_detach_check(void)
{
	e2e_detach();
	return e2e_leak_check("after close");
}

uint16_t
e2e_port_by_name(const char *name)
{
	uint16_t port;

	if (rte_eth_dev_get_port_by_name(name, &port) != 0)
		return UINT16_MAX;
	return port;
}

const char *
e2e_sysfs_root(void)
{
	return e2e_sysfs;
}

int64_t
e2e_xstat_by_name(uint16_t port, const char *name)
{
	uint64_t id, v;

	if (rte_eth_xstats_get_id_by_name(port, name, &id) != 0 ||
	    rte_eth_xstats_get_by_id(port, &id, &v, 1) != 1)
		return -1;
	return (int64_t)v;
}

struct rte_mempool *
e2e_pool(void)
{
	return e2e_mp;
}

int
e2e_port_start(uint16_t port, uint16_t nb_rxq, const struct rte_eth_conf *conf)
{
	struct rte_eth_conf def;
	uint16_t q;
	int ret;

	memset(&def, 0, sizeof(def));
	ret = rte_eth_dev_configure(port, nb_rxq, 1, conf ? conf : &def);
	if (ret < 0) {
		printf("    port %u: configure: %s\n", port, strerror(-ret));
		return ret;
	}
	for (q = 0; q < nb_rxq; q++) {
		ret = rte_eth_rx_queue_setup(port, q, 256, SOCKET_ID_ANY, NULL,
					     e2e_mp);
		if (ret < 0) {
			printf("    port %u: Rx queue %u setup: %s\n", port, q,
			       strerror(-ret));
			return ret;
		}
	}
	ret = rte_eth_tx_queue_setup(port, 0, 256, SOCKET_ID_ANY, NULL);
	if (ret < 0) {
		printf("    port %u: Tx queue setup: %s\n", port,
		       strerror(-ret));
		return ret;
	}
	ret = rte_eth_dev_start(port);
	if (ret < 0)
		printf("    port %u: start: %s\n", port, strerror(-ret));
	return ret;
}

uint16_t
e2e_rx_wait(uint16_t port, uint16_t q, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz();
	uint16_t got = 0;

	while (got < n && rte_get_timer_cycles() < end) {
		mlx5x_emu_poll();
		got += rte_eth_rx_burst(port, q, pkts + got, n - got);
	}
	return got;
}

void
e2e_udp_frame(uint8_t *buf, uint16_t len, const uint8_t *dst,
	      const uint8_t *src, uint32_t sip, uint32_t dip, uint16_t sport,
	      uint16_t dport)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)buf;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	uint16_t i;

	memset(buf, 0, len);
	memcpy(eth->dst_addr.addr_bytes, dst, RTE_ETHER_ADDR_LEN);
	memcpy(eth->src_addr.addr_bytes, src, RTE_ETHER_ADDR_LEN);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(len - sizeof(*eth));
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = rte_cpu_to_be_32(sip);
	ip->dst_addr = rte_cpu_to_be_32(dip);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp->src_port = rte_cpu_to_be_16(sport);
	udp->dst_port = rte_cpu_to_be_16(dport);
	udp->dgram_len = rte_cpu_to_be_16(len - sizeof(*eth) - sizeof(*ip));
	for (i = sizeof(*eth) + sizeof(*ip) + sizeof(*udp); i < len; i++)
		buf[i] = (uint8_t)i;
}

uint16_t
e2e_rx_first_queue(uint16_t port, uint16_t nb_q, uint16_t expect,
		   struct rte_mbuf **pkts, uint16_t n, uint16_t *q)
{
	uint16_t got = 0;

	/* Wait on the queue the frame should reach; only look at the others,
	 * so a frame on a wrong queue is found without waiting each out. */
	for (*q = 0; *q < nb_q; (*q)++) {
		got = e2e_rx_wait(port, *q, pkts, *q == expect ? 1 : 0);
		if (got == 0)
			got = rte_eth_rx_burst(port, *q, pkts, n);
		if (got != 0)
			break;
	}
	return got;
}

int
e2e_wire_queue(uint16_t port, uint16_t nb_q, const uint8_t *frame, uint16_t len,
	       struct rte_mbuf **out)
{
	struct rte_mbuf *m = NULL;
	int got = -1, i;
	uint16_t q;

	if (out != NULL)
		*out = NULL;
	if (mlx5x_emu_inject_wire(0, frame, len) != 0)
		return -2;
	for (i = 0; i < 4; i++)
		mlx5x_emu_poll();
	for (q = 0; q < nb_q; q++)
		if (rte_eth_rx_burst(port, q, &m, 1) == 1) {
			got = q;
			break;
		}
	if (out != NULL)
		*out = m;
	else
		rte_pktmbuf_free(m);
	return got;
}

struct rte_flow *
e2e_rule_queue(uint16_t port, const struct rte_flow_attr *attr,
	       const struct rte_flow_item *pat, uint16_t q,
	       struct rte_flow_error *err)
{
	static const struct rte_flow_attr ingress = { .ingress = 1 };
	struct rte_flow_action_queue qc = { .index = q };
	const struct rte_flow_action acts[] = {
		ACT(QUEUE, &qc),
		END_ACT,
	};
	struct rte_flow_error own;
	struct rte_flow *f;

	if (err == NULL)
		err = &own;
	memset(err, 0, sizeof(*err));
	f = rte_flow_create(port, attr != NULL ? attr : &ingress, pat, acts,
			    err);
	if (f == NULL)
		printf("    create: %s\n",
		       err->message ? err->message : "(no message)");
	return f;
}

int
e2e_rss_check(uint16_t pf, uint16_t nb_q, const uint8_t *key, size_t key_len,
	      const uint16_t *reta, uint16_t reta_size, unsigned int nb_flows,
	      unsigned int *hit)
{
	static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0, 0x05 };
	struct rte_ether_addr mac;
	unsigned int f;

	if (hit != NULL)
		memset(hit, 0, nb_q * sizeof(*hit));
	rte_eth_macaddr_get(pf, &mac);
	for (f = 0; f < nb_flows; f++) {
		uint32_t sip = 0x0a000000 + f * 7919, dip = 0xc0a80001 + f;
		uint16_t sport = (uint16_t)(1024 + f * 31), dport = 4789;
		uint8_t tuple[12], frame[80];
		struct rte_mbuf *m[4];
		uint32_t hash;
		uint16_t q, got = 0, want;

		tuple[0] = sip >> 24, tuple[1] = sip >> 16, tuple[2] = sip >> 8,
		tuple[3] = (uint8_t)sip;
		tuple[4] = dip >> 24, tuple[5] = dip >> 16, tuple[6] = dip >> 8,
		tuple[7] = (uint8_t)dip;
		tuple[8] = sport >> 8, tuple[9] = (uint8_t)sport;
		tuple[10] = dport >> 8, tuple[11] = (uint8_t)dport;
		hash = mlx5x_test_toeplitz(key, key_len, tuple, sizeof(tuple));
		want = reta[hash % reta_size];
		e2e_udp_frame(frame, sizeof(frame), mac.addr_bytes, peer, sip,
			      dip, sport, dport);
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire(0, frame, sizeof(frame)),
			       0, "inject flow %u", f);
		got = e2e_rx_first_queue(pf, nb_q, want, m, 4, &q);
		TEST_ASSERT_EQ(got, 1, "flow %u received once", f);
		TEST_ASSERT_EQ(q, want, "flow %u (hash 0x%08x) on its queue", f,
			       hash);
		TEST_ASSERT(m[0]->ol_flags & RTE_MBUF_F_RX_RSS_HASH,
			    "hash reported");
		TEST_ASSERT_EQ(m[0]->hash.rss, hash, "flow %u hash", f);
		TEST_ASSERT_EQ(m[0]->pkt_len, sizeof(frame), "length");
		TEST_ASSERT(memcmp(rte_pktmbuf_mtod(m[0], void *), frame,
				   sizeof(frame)) == 0,
			    "flow %u bytes", f);
		rte_pktmbuf_free(m[0]);
		if (hit != NULL)
			hit[q]++;
	}
	return MLX5X_TEST_PASS;
}

bool
e2e_tx_reclaim_pools(uint16_t port, struct rte_mempool *pool,
		     unsigned int avail, struct rte_mempool *other,
		     unsigned int other_avail)
{
	unsigned int tries;

	for (tries = 0; tries < 200000; tries++) {
		if (rte_mempool_avail_count(pool) == avail &&
		    (other == NULL ||
		     rte_mempool_avail_count(other) == other_avail))
			return true;
		mlx5x_emu_poll();
		rte_eth_tx_done_cleanup(port, 0, 0);
	}
	return false;
}

struct rte_mbuf *
e2e_tx_packet(const uint8_t *frame, size_t len, unsigned int nseg)
{
	struct rte_mbuf *head = NULL, *m;
	size_t off = 0, part = len / nseg;
	unsigned int i;

	for (i = 0; i < nseg; i++) {
		size_t l = i + 1 == nseg ? len - off : part;

		m = rte_pktmbuf_alloc(e2e_mp);
		if (m == NULL) {
			rte_pktmbuf_free(head);
			return NULL;
		}
		memcpy(rte_pktmbuf_append(m, (uint16_t)l), frame + off, l);
		off += l;
		if (head == NULL)
			head = m;
		else if (rte_pktmbuf_chain(head, m) != 0) {
			rte_pktmbuf_free(m);
			rte_pktmbuf_free(head);
			return NULL;
		}
	}
	return head;
}

void
e2e_tx_reclaim(uint16_t port, struct rte_mempool *pool, unsigned int avail)
{
	e2e_tx_reclaim_pools(port, pool, avail, NULL, 0);
}
