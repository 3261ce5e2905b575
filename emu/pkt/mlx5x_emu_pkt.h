/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Frame parsing (mlx5x_emu_pkt.c, mlx5x_emu_pkt_tunnel.c): struct emu_pkt,
 * the match view a parse fills (laid out as the PRM fte_match_param), and
 * checksums.
 */
#ifndef MLX5X_EMU_PKT_H
#define MLX5X_EMU_PKT_H

#include <stdbool.h>
#include <stdint.h>

#include "mlx5x_emu_core.h"

#define EMU_MATCH_BYTES 512 /* PRM: fte_match_param is 0x1000 bits */

/* Packet parse (mlx5x_emu_pkt.c). */
struct emu_pkt {
	const uint8_t *data;
	uint32_t len;
	uint16_t ethertype; /* after VLAN tags */
	bool cvlan, svlan;
	uint16_t vlan_tci;
	uint32_t l3_off, l4_off;
	uint8_t l3;	  /* 0 none, 4, 6 */
	uint8_t l4_proto; /* IP protocol when l3 != 0 */
	bool frag;
	bool l3_ok, l4_ok;
	bool tcp_ack_only;
	uint8_t tcp_flags;
	/* Match view of the packet, laid out as fte_match_param. */
	uint8_t match[EMU_MATCH_BYTES];
	/* misc_parameters_3 holds something of an earlier parse: only the
	 * flex parser fields write it, so only then is it cleared. */
	uint8_t misc3_set;
};
void emu_pkt_parse(struct emu_pkt *p, const uint8_t *data, uint32_t len,
		   uint16_t src_vport, uint32_t reg_c0, uint32_t src_sqn);
/* What a parse fills of the match view beyond the scalars (which it
 * always fills), misc_parameters' source SQN and port, and
 * misc_parameters_2 (the metadata registers): outer headers, and
 * everything deeper (the rest of misc_parameters, inner headers, MPLS,
 * misc_parameters_3: tunnels and flex parser fields). What it leaves
 * unfilled holds stale values nobody reads. */
enum {
	EMU_PKT_NEED_OUTER = 1,
	EMU_PKT_NEED_DEEP = 2,
	EMU_PKT_NEED_ALL = 3,
};
void emu_pkt_parse_need(struct emu_pkt *p, const uint8_t *data, uint32_t len,
			uint16_t src_vport, uint32_t reg_c0, uint32_t src_sqn,
			uint8_t need);
/* emu_pkt_parse_need of a frame NIC RX takes from a vport: no source SQN,
 * reg_c_0 zero (the E-Switch's hand-over sets the registers after). Its
 * five arguments all pass in registers, and the zeros are constants. */
void emu_pkt_parse_rx(struct emu_pkt *p, const uint8_t *data, uint32_t len,
		      uint16_t src_vport, uint8_t need);
/* The parse the adapter's groups and TIRs need. */
static inline uint8_t
emu_adapter_pkt_need(const struct emu_adapter *ad)
{
	return (ad->pkt_need_outer != 0 ? EMU_PKT_NEED_OUTER : 0) |
	       (ad->pkt_need_deep != 0 || ad->tir_inner != 0 ? EMU_PKT_NEED_DEEP
							     : 0);
}
uint16_t emu_csum_fold(uint32_t sum);
/* Tunnels and flex parser fields (mlx5x_emu_pkt_tunnel.c), called by the
 * parse when a UDP port, IP protocol or ethertype says so. */
enum {
	EMU_PORT_VXLAN_GPE = 4790, /* IANA; draft-ietf-nvo3-vxlan-gpe */
	EMU_PORT_GENEVE = 6081,	   /* RFC 8926 */
	EMU_PORT_GTPU = 2152,	   /* 3GPP TS 29.281 */
	EMU_PORT_MPLS_UDP = 6635,  /* RFC 7510 */
};
static inline bool
emu_pkt_udp_tunnel_port(uint16_t dport)
{
	return dport == EMU_PORT_VXLAN_GPE || dport == EMU_PORT_GENEVE ||
	       dport == EMU_PORT_GTPU || dport == EMU_PORT_MPLS_UDP;
}
void emu_pkt_tunnel_udp(struct emu_pkt *p, const uint8_t *u, uint32_t ulen);
void emu_pkt_tunnel_gre(struct emu_pkt *p, const uint8_t *g, uint32_t glen);
void emu_pkt_tunnel_mpls_eth(struct emu_pkt *p, const uint8_t *m, uint32_t len);
void
emu_pkt_icmp(struct emu_pkt *p, const uint8_t *ic, uint32_t len, uint8_t proto);
void emu_pkt_misc3_clear(struct emu_pkt *p);
/* IPv6 extension headers after the fixed header: hop-by-hop, routing,
 * destination options, fragment; updates l4_proto, l4_off, frag and
 * returns the L4 length left of l3len. */
uint32_t emu_pkt_ipv6_ext(struct emu_pkt *p, uint32_t l3len);
/* Inner headers from an Ethernet frame, or from an IP header (et its
 * ethertype), into inner_headers (mlx5x_emu_pkt.c). */
void emu_pkt_parse_inner(struct emu_pkt *p, const uint8_t *d, uint32_t len);
void emu_pkt_parse_inner_l3(struct emu_pkt *p, const uint8_t *d, uint32_t len,
			    uint16_t et);
uint32_t emu_csum_add(uint32_t sum, const uint8_t *p, uint32_t len);
/* Fill IPv4 header and TCP/UDP checksums in place (Tx offload). */
void emu_pkt_fill_csum(uint8_t *frame, uint32_t len, bool l3, bool l4);

#endif /* MLX5X_EMU_PKT_H */
