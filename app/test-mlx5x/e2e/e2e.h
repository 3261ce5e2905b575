/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * End-to-end suites: an emulated ConnectX (emu/), EAL on it, the mlx5x PMD
 * probed from its PCI address, and only public rte_eth_* calls on the
 * application side; the emulator's test-side API (mlx5x_emu.h) is the
 * other end of the cable.
 *
 * EAL can be initialised once per process, so every e2e suite shares one:
 * the first suite to run brings it up (e2e_up), each suite attaches the
 * device with the devargs it needs (e2e_attach, a PCI hotplug) and detaches
 * it in its teardown, so suites stay independent and a probe/remove/probe
 * cycle is part of every run. The process's exit cleans EAL up.
 */
#ifndef MLX5X_TEST_E2E_H
#define MLX5X_TEST_E2E_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_mbuf.h>

#include "mlx5x_emu.h"

#define E2E_PCI "0000:08:00.0"
/* ConnectX-5, four VFs, switchdev E-Switch; frames leaving through the
 * wire are captured, not looped back. */
#define E2E_EMU_CONFIG                                                         \
	"model=cx5,pci=" E2E_PCI ",vfs=4,esw=switchdev,wire=drop,vf_end=drop"

/*
 * Bring up the emulator and EAL once. Returns MLX5X_TEST_PASS, or
 * MLX5X_TEST_SKIP after printing why (emulator not built).
 */
int e2e_up(void);

/* First line of every e2e case: skip (or fail) when there is no emulator. */
#define E2E_REQUIRE()                                                          \
	do {                                                                   \
		int up_ = e2e_up();                                            \
		if (up_ != 0)                                                  \
			return up_;                                            \
	} while (0)

/* Probe E2E_PCI with devargs (NULL: none). 0 or the hotplug's -errno. */
int e2e_attach(const char *devargs);
/* The same on an adapter built from another emulator configuration (it
 * must keep E2E_PCI). */
int e2e_attach_config(const char *emu_config, const char *devargs);
/* Probe another PCI function of the attached adapter (a VF) with devargs
 * (NULL: none); e2e_detach removes it first. 0 or the hotplug's -errno. */
int e2e_attach_pci(const char *pci, const char *devargs);
/* Remove E2E_PCI and what e2e_attach_pci added (closes every port). */
void e2e_detach(void);

/*
 * Leak checks with the emulator's object census (mlx5x_emu_census).
 * e2e_attach and e2e_attach_config take a baseline of adapter 0 before
 * they probe; e2e_census_baseline takes one by hand (after a
 * mlx5x_emu_setup of a test's own). e2e_census_same compares adapter 0
 * now with before and prints both, naming when, if they differ;
 * e2e_detach_check detaches and compares with the baseline, the DPDK
 * heap's allocated bytes and memzones included (the driver's rte_malloc
 * memory, which ASan cannot see). All return
 * MLX5X_TEST_PASS or MLX5X_TEST_FAIL.
 */
void e2e_census_baseline(void);
int e2e_census_same(const struct mlx5x_emu_census *before, const char *when);
int e2e_detach_check(void);
/* The baseline's census, DPDK heap bytes and memzone count, compared with
 * now (e2e_detach_check without the detach). */
int e2e_leak_check(const char *when);

/* Port id of the ethdev named name, or UINT16_MAX. */
uint16_t e2e_port_by_name(const char *name);

/* The emulator's sysfs root (its netdevs under class/net/<ifname>). */
const char *e2e_sysfs_root(void);

/* The mbuf pool every e2e suite uses. */
struct rte_mempool *e2e_pool(void);

/* An xstat of port read by name, or -1 when the port has none of that
 * name. */
int64_t e2e_xstat_by_name(uint16_t port, const char *name);
/* Lets the adapter complete and Tx queue 0 of port free until pool holds
 * avail mbufs again (or a while passes). */
void
e2e_tx_reclaim(uint16_t port, struct rte_mempool *pool, unsigned int avail);
/* A packet of e2e_pool() mbufs holding the len bytes of frame in nseg
 * segments (the last takes the rest); NULL when the pool is short. */
struct rte_mbuf *
e2e_tx_packet(const uint8_t *frame, size_t len, unsigned int nseg);
/* The same for two pools at once (other may be NULL); true when both hold
 * what they should. */
bool e2e_tx_reclaim_pools(uint16_t port, struct rte_mempool *pool,
			  unsigned int avail, struct rte_mempool *other,
			  unsigned int other_avail);

/*
 * Configure port with nb_rxq Rx and one Tx queue (conf may be NULL for
 * defaults), and start it. 0 or -errno with a line printed.
 */
int
e2e_port_start(uint16_t port, uint16_t nb_rxq, const struct rte_eth_conf *conf);

/*
 * Switchdev (e2e_switchdev.c): attach E2E_PCI with representors vf0 ..
 * vf(n-1), start the PF and each of them with one queue; the port ids in
 * *pf and rep[]. 0 or -1.
 */
int e2e_switchdev_up(uint16_t *pf, uint16_t *rep, unsigned int n);
/* A frame at adapter 0's VF end vf (vf < 0: the wire), once the engine
 * has moved it; its length, or 0 after about 300 ms. */
int e2e_capture_end(int vf, uint8_t *out, size_t len);
/* Nothing anywhere: no port received, no VF end or wire got a frame. A
 * test result (MLX5X_TEST_PASS or the failed assertion's). */
int e2e_switchdev_quiet(uint16_t pf, const uint16_t *rep, unsigned int n);

/* Poll port's Rx queue q until n packets or about 1 s passed. */
uint16_t
e2e_rx_wait(uint16_t port, uint16_t q, struct rte_mbuf **pkts, uint16_t n);
/*
 * The first of queues 0..nb_q-1 that holds packets (at most n of them into
 * pkts), waiting only on expect; *q is that queue, nb_q when none did.
 * Returns how many were taken.
 */
uint16_t e2e_rx_first_queue(uint16_t port, uint16_t nb_q, uint16_t expect,
			    struct rte_mbuf **pkts, uint16_t n, uint16_t *q);

/* The frame (len bytes) from adapter 0's wire, four engine polls: the
 * first of port's queues 0..nb_q-1 that got a packet, -1 when none did, -2
 * when the wire refused the frame. The packet goes to *out (NULL when
 * none came), or is freed when out is NULL. */
int e2e_wire_queue(uint16_t port, uint16_t nb_q, const uint8_t *frame,
		   uint16_t len, struct rte_mbuf **out);

/* rte_flow patterns and action lists, one entry a line: an item with its
 * spec and mask (either may be NULL), an action with its conf, the ENDs. */
#define ITEM(t, s, m)                                                          \
	{                                                                      \
		.type = RTE_FLOW_ITEM_TYPE_##t, .spec = (s), .mask = (m)       \
	}
#define END_ITEM                                                               \
	{                                                                      \
		.type = RTE_FLOW_ITEM_TYPE_END                                 \
	}
#define ACT(t, c)                                                              \
	{                                                                      \
		.type = RTE_FLOW_ACTION_TYPE_##t, .conf = (c)                  \
	}
#define END_ACT                                                                \
	{                                                                      \
		.type = RTE_FLOW_ACTION_TYPE_END                               \
	}

/* A rule on port (attr NULL: ingress) sending what pat matches to queue q;
 * NULL with rte_flow's reason printed (and in *err unless err is NULL). */
struct rte_flow *e2e_rule_queue(uint16_t port, const struct rte_flow_attr *attr,
				const struct rte_flow_item *pat, uint16_t q,
				struct rte_flow_error *err);

/* Build a UDP/IPv4 frame of len bytes (>= 42) from src to dst MAC. */
void e2e_udp_frame(uint8_t *buf, uint16_t len, const uint8_t *dst,
		   const uint8_t *src, uint32_t sip, uint32_t dip,
		   uint16_t sport, uint16_t dport);

/*
 * RSS as an application sees it: nb_flows UDP/IPv4 flows from the wire to
 * pf, each received once, on the queue that an independent Toeplitz hash
 * under key and the RETA name, with that hash in the mbuf and its bytes
 * intact. hit (nb_q entries, may be NULL) counts the flows per queue.
 * MLX5X_TEST_PASS, or MLX5X_TEST_FAIL with the reason printed.
 */
int e2e_rss_check(uint16_t pf, uint16_t nb_q, const uint8_t *key,
		  size_t key_len, const uint16_t *reta, uint16_t reta_size,
		  unsigned int nb_flows, unsigned int *hit);

#endif /* MLX5X_TEST_E2E_H */
