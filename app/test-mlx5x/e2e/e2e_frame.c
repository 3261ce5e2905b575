/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test-side frames for the Rx differential suites (e2e_rx_comp, e2e_mprq):
 * built here, byte by byte, sharing no code with the driver or the
 * emulator, so that what the driver hands up can be compared with what
 * was sent.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "e2e_frame.h"
#include "mlx5x_emu.h"
#include "test.h"

uint32_t
e2e_rand(uint64_t *s)
{
	/* xorshift64: reproducible corpora from a fixed seed. */
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (uint32_t)(*s >> 16);
}

static uint16_t
frame_csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

static void
frame_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

void
e2e_frame_build(uint8_t *p, size_t cap, const uint8_t *dst, uint16_t len,
		bool vlan, bool v6, bool tcp, uint32_t flow, bool bad_ip,
		bool bad_l4, uint8_t fill)
{
	uint8_t *ip, *l4;
	uint16_t l2 = vlan ? 18 : 14, l3 = v6 ? 40 : 20, l4len;
	uint32_t sum = 0;
	uint16_t i;

	memset(p, 0, cap);
	memcpy(p, dst, 6);
	memcpy(p + 6, (const uint8_t[]){ 2, 0, 0, 0, 0, 9 }, 6);
	if (vlan) {
		frame_put16(p + 12, 0x8100);
		frame_put16(p + 14, (uint16_t)(flow & 0xfff));
	}
	frame_put16(p + l2 - 2, v6 ? 0x86dd : 0x0800);
	ip = p + l2;
	l4 = ip + l3;
	l4len = (uint16_t)(len - l2 - l3);
	if (v6) {
		ip[0] = 0x60;
		frame_put16(ip + 4, l4len);
		ip[6] = tcp ? 6 : 17;
		ip[7] = 64;
		ip[8] = 0xfd;
		ip[23] = (uint8_t)flow;
		ip[22] = (uint8_t)(flow >> 8);
		ip[24] = 0xfd;
		ip[39] = 1;
	} else {
		ip[0] = 0x45;
		frame_put16(ip + 2, (uint16_t)(len - l2));
		ip[8] = 64;
		ip[9] = tcp ? 6 : 17;
		ip[12] = 10;
		ip[14] = (uint8_t)(flow >> 8);
		ip[15] = (uint8_t)flow;
		ip[16] = 10;
		ip[19] = 1;
		frame_put16(ip + 10, (uint16_t)~frame_csum_add(0, ip, 20));
		if (bad_ip)
			ip[11] ^= 0x5a;
	}
	frame_put16(l4, (uint16_t)(1000 + (flow & 0xff)));
	frame_put16(l4 + 2, 80);
	if (tcp) {
		l4[12] = 0x50;
		l4[13] = 0x18; /* ACK, PSH: data */
		frame_put16(l4 + 14, 8192);
	} else {
		frame_put16(l4 + 4, l4len);
	}
	for (i = (uint16_t)(tcp ? 20 : 8); i < l4len; i++)
		l4[i] = (uint8_t)(fill + i);
	/* Pseudo header, then the segment. */
	if (v6) {
		sum = frame_csum_add(0, ip + 8, 32);
		sum += l4len + (tcp ? 6u : 17u);
	} else {
		sum = frame_csum_add(0, ip + 12, 8);
		sum += l4len + (tcp ? 6u : 17u);
	}
	sum = frame_csum_add(sum, l4, l4len);
	frame_put16(l4 + (tcp ? 16 : 6), (uint16_t)~sum);
	if (!tcp && (uint16_t)~sum == 0)
		frame_put16(l4 + 6, 0xffff);
	if (bad_l4)
		l4[tcp ? 17 : 7] ^= 0x33;
}

int
e2e_frame_inject_drain(uint16_t port, uint16_t nb_q, const void *const *frames,
		       const size_t *lens, unsigned int n,
		       unsigned int max_burst, uint64_t *s,
		       unsigned int *seen_n, unsigned int cap,
		       e2e_frame_observe_t *observe, void *arg,
		       const char *label)
{
	unsigned int next = 0, total = 0, q, idle;

	while (next < n) {
		unsigned int k = 1 + e2e_rand(s) % max_burst;

		k = RTE_MIN(k, n - next);
		TEST_ASSERT_EQ(mlx5x_emu_inject_wire_burst(0, frames + next,
							   lens + next, k),
			       0, "inject");
		next += k;
		/* Drained before the next burst: the ring never holds more
		 * than one burst, whatever its size. */
		for (idle = 0; total < next && idle < 100000;) {
			struct rte_mbuf *pkts[32];
			uint16_t got, j;

			mlx5x_emu_poll();
			q = e2e_rand(s) % nb_q;
			got = rte_eth_rx_burst(port, (uint16_t)q, pkts,
					       (uint16_t)(1 +
							  e2e_rand(s) % 32));
			idle = got == 0 ? idle + 1 : 0;
			for (j = 0; j < got; j++) {
				if (seen_n[q] < cap)
					observe(pkts[j], q, seen_n[q]++, arg);
				total++;
			}
			rte_pktmbuf_free_bulk(pkts, got);
		}
		TEST_ASSERT_EQ(total, next, "%s: every frame received", label);
	}
	return MLX5X_TEST_PASS;
}

void
e2e_rx_seen_take(const struct rte_mbuf *m, uint64_t ignore_flags,
		 struct e2e_rx_seen *s)
{
	const struct rte_mbuf *seg;
	uint32_t h = 2166136261u, i;

	memset(s, 0, sizeof(*s));
	s->pkt_len = m->pkt_len;
	s->data_len = m->data_len;
	s->nb_segs = m->nb_segs;
	s->packet_type = m->packet_type;
	s->ol_flags = m->ol_flags & ~ignore_flags;
	if (m->ol_flags & RTE_MBUF_F_RX_RSS_HASH)
		s->rss = m->hash.rss;
	if (m->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED)
		s->vlan_tci = m->vlan_tci;
	/* FNV-1a over the data, segment after segment. */
	for (seg = m; seg != NULL; seg = seg->next) {
		const uint8_t *p = rte_pktmbuf_mtod(seg, const uint8_t *);

		for (i = 0; i < seg->data_len; i++)
			h = (h ^ p[i]) * 16777619u;
	}
	s->payload = h;
}

/* The counters of e2e_rx_seen_compare. */
static int
rx_stats_compare(const char *devargs, unsigned int nb_q,
		 const struct rte_eth_stats *ref,
		 const struct rte_eth_stats *got, const char *ref_name)
{
	const struct {
		const char *name;
		uint64_t ref, got;
	} port[] = {
		{ "ipackets", ref->ipackets, got->ipackets },
		{ "ibytes", ref->ibytes, got->ibytes },
		{ "ierrors", ref->ierrors, got->ierrors },
		{ "rx_nombuf", ref->rx_nombuf, got->rx_nombuf },
	};
	unsigned int i, q, bad = 0;

	for (i = 0; i < RTE_DIM(port); i++) {
		if (port[i].got == port[i].ref)
			continue;
		printf("    %s: %s %" PRIu64 ", %s %" PRIu64 "\n", devargs,
		       port[i].name, port[i].got, ref_name, port[i].ref);
		bad++;
	}
	for (q = 0; q < nb_q && q < RTE_ETHDEV_QUEUE_STAT_CNTRS; q++) {
		if (got->q_ipackets[q] == ref->q_ipackets[q] &&
		    got->q_ibytes[q] == ref->q_ibytes[q])
			continue;
		printf("    %s: queue %u %" PRIu64 " packets %" PRIu64
		       " bytes, %s %" PRIu64 " packets %" PRIu64 " bytes\n",
		       devargs, q, got->q_ipackets[q], got->q_ibytes[q],
		       ref_name, ref->q_ipackets[q], ref->q_ibytes[q]);
		bad++;
	}
	TEST_ASSERT_EQ(bad, 0, "%s: the same port counters as %s", devargs,
		       ref_name);
	return MLX5X_TEST_PASS;
}

int
e2e_rx_seen_compare(const char *devargs, unsigned int nb_q, unsigned int cap,
		    const struct e2e_rx_seen *ref, const unsigned int *ref_n,
		    const struct rte_eth_stats *ref_st,
		    const struct e2e_rx_seen *got, const unsigned int *got_n,
		    const struct rte_eth_stats *got_st, const char *ref_name)
{
	unsigned int q, i, bad = 0;

	for (q = 0; q < nb_q; q++) {
		TEST_ASSERT_EQ(got_n[q], ref_n[q], "%s: queue %u packets",
			       devargs, q);
		for (i = 0; i < got_n[q]; i++) {
			const struct e2e_rx_seen *a = &ref[q * cap + i];
			const struct e2e_rx_seen *b = &got[q * cap + i];

			if (memcmp(a, b, sizeof(*a)) == 0 || bad++ >= 5)
				continue;
			printf("    %s: queue %u packet %u: len %u/%u segs %u type 0x%x flags 0x%" PRIx64
			       " rss 0x%x tci 0x%x payload 0x%x; %s len %u/%u segs %u type 0x%x flags 0x%" PRIx64
			       " rss 0x%x tci 0x%x payload 0x%x\n",
			       devargs, q, i, b->pkt_len, b->data_len,
			       b->nb_segs, b->packet_type, b->ol_flags, b->rss,
			       b->vlan_tci, b->payload, ref_name, a->pkt_len,
			       a->data_len, a->nb_segs, a->packet_type,
			       a->ol_flags, a->rss, a->vlan_tci, a->payload);
		}
	}
	TEST_ASSERT_EQ(bad, 0, "%s: the same mbufs as %s", devargs, ref_name);
	return rx_stats_compare(devargs, nb_q, ref_st, got_st, ref_name);
}
