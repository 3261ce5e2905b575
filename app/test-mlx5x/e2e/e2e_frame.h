/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef E2E_FRAME_H
#define E2E_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The next number of a xorshift64 sequence whose state is *s. */
uint32_t e2e_rand(uint64_t *s);

/*
 * One flow's frame of len bytes into p (cap bytes, zeroed first):
 * Ethernet to dst (with a VLAN tag whose id is the flow's low 12 bits),
 * IPv4 or IPv6 and TCP or UDP with addresses and ports taken from flow,
 * payload bytes fill + offset; checksums right unless bad_ip / bad_l4.
 */
void e2e_frame_build(uint8_t *p, size_t cap, const uint8_t *dst, uint16_t len,
		     bool vlan, bool v6, bool tcp, uint32_t flow, bool bad_ip,
		     bool bad_l4, uint8_t fill);

struct rte_mbuf;

/* What a run makes of the i-th mbuf its queue q gave, before it is freed. */
typedef void(e2e_frame_observe_t)(const struct rte_mbuf *m, unsigned int q,
				  unsigned int i, void *arg);

/*
 * The Rx differential suites' traffic: frames[0..n-1] (lens[] bytes) from
 * adapter 0's wire to port, in back-to-back bursts of 1..max_burst
 * frames, each read back before the next from queues 0..nb_q-1 picked at
 * random with random burst sizes (1..32), all drawn from *s so a run
 * repeats. observe sees each queue's first cap mbufs in the order the
 * queue gave them, seen_n[q] counting them. label names the run in a
 * failure. MLX5X_TEST_PASS, or the failed assertion's.
 */
int e2e_frame_inject_drain(uint16_t port, uint16_t nb_q,
			   const void *const *frames, const size_t *lens,
			   unsigned int n, unsigned int max_burst, uint64_t *s,
			   unsigned int *seen_n, unsigned int cap,
			   e2e_frame_observe_t *observe, void *arg,
			   const char *label);

/* What the Rx differential suites compare of each received mbuf. */
struct e2e_rx_seen {
	uint32_t pkt_len, packet_type, rss, payload;
	uint16_t data_len, vlan_tci, nb_segs;
	uint64_t ol_flags;
};

/*
 * m into s (zeroed first, so records compare with memcmp): lengths,
 * segments, packet type, ol_flags less ignore_flags, the RSS hash and VLAN
 * TCI where the flags say they are set, a hash of the data of every
 * segment.
 */
void e2e_rx_seen_take(const struct rte_mbuf *m, uint64_t ignore_flags,
		      struct e2e_rx_seen *s);

struct rte_eth_stats;

/*
 * Queue by queue, got[q * cap ..] against ref[q * cap ..]: as many
 * packets, the same records; and the port counters got_st against ref_st
 * (an application's rates and drop counts do not depend on the burst that
 * read the frames): ipackets, ibytes, ierrors, rx_nombuf and, for queues
 * 0..nb_q-1, q_ipackets and q_ibytes. Prints the first differences, each
 * beside the reference's (ref_name: what made it). devargs names the
 * run. MLX5X_TEST_PASS or the failed assertion's.
 */
int
e2e_rx_seen_compare(const char *devargs, unsigned int nb_q, unsigned int cap,
		    const struct e2e_rx_seen *ref, const unsigned int *ref_n,
		    const struct rte_eth_stats *ref_st,
		    const struct e2e_rx_seen *got, const unsigned int *got_n,
		    const struct rte_eth_stats *got_st, const char *ref_name);

#endif /* E2E_FRAME_H */
