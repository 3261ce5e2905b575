/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Headers added or removed: VLAN push/pop and tunnel encap/decap.
 *
 * of_push_vlan with the of_set_vlan_vid/pcp that follow it become one
 * pushed 802.1Q header; of_set_vlan_vid without a push rewrites the first
 * VLAN id (a modify-header command). vxlan_encap's definition (eth / ipv4
 * or ipv6 / udp / vxlan items with their specs), nvgre_encap's (eth /
 * ipv4 or ipv6 / nvgre) and raw_encap's bytes become the data of an
 * L2_TO_L2_TUNNEL packet reformat, whose lengths and IPv4 checksum the
 * adapter fills per frame; vxlan_decap, nvgre_decap and raw_decap are
 * L2_TUNNEL_TO_L2. The backend applies them in the
 * adapter's order: decap, pop, modify, push, encap.
 */
#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_udp.h>
#include <rte_vxlan.h>

#include "mlx5x_flow.h"

/* raw_decap/raw_encap sizes below Ethernet + IPv4 are L2 headers, not
 * tunnel headers: that is how an L3 tunnel rewrite is told from an L2
 * tunnel's decap or encap. */
#define L3_TUNNEL_DECISION                                                     \
	((unsigned int)(RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv4_hdr)))

#define refuse(error, a, err, ...)                                             \
	mlx5x_flow_error(error, err, RTE_FLOW_ERROR_TYPE_ACTION_CONF, a,       \
			 __VA_ARGS__)

/* The header as vxlan_encap's (nvgre false: eth / ipv4 or ipv6 / udp /
 * vxlan) or nvgre_encap's (nvgre true: eth / ipv4 or ipv6 / nvgre)
 * definition gives it, in front of the frame: every item must carry a
 * spec (the bytes come from it). */
static int
tunnel_definition(struct mlx5x_flow_rule *rule, const struct rte_flow_action *a,
		  const struct rte_flow_item *def, bool nvgre,
		  struct rte_flow_error *error)
{
	enum { ETH, IP, UDP, VXLAN, NVGRE, DONE } want = ETH;
	const char *name = nvgre ? "nvgre_encap" : "vxlan_encap";
	const char *shape = nvgre ? "eth / ipv4 or ipv6 / nvgre"
				  : "eth / ipv4 or ipv6 / udp / vxlan";
	uint8_t ip_proto = nvgre ? IPPROTO_GRE : IPPROTO_UDP;
	uint8_t *h = rule->encap;
	size_t n = 0;
	uint8_t *ethertype = NULL, *proto = NULL;

	if (def == NULL)
		return refuse(error, a, EINVAL, "action %s: definition is NULL",
			      name);
	for (; def->type != RTE_FLOW_ITEM_TYPE_END; def++) {
		if (def->type == RTE_FLOW_ITEM_TYPE_VOID)
			continue;
		if (def->spec == NULL)
			return refuse(error, a, EINVAL,
				      "action %s: definition item %d has no spec (the header bytes come from it)",
				      name, (int)def->type);
		if (want == ETH && def->type == RTE_FLOW_ITEM_TYPE_ETH) {
			const struct rte_flow_item_eth *e = def->spec;

			memcpy(h, e->dst.addr_bytes, 6);
			memcpy(h + 6, e->src.addr_bytes, 6);
			ethertype = h + 12;
			n = 14;
			want = IP;
		} else if (want == IP && def->type == RTE_FLOW_ITEM_TYPE_IPV4) {
			const struct rte_flow_item_ipv4 *s = def->spec;
			struct rte_ipv4_hdr ip = s->hdr;

			ethertype[0] = 0x08;
			ethertype[1] = 0x00;
			if (ip.version_ihl == 0)
				ip.version_ihl = 0x45;
			if (ip.version_ihl != 0x45)
				return refuse(error, a, EINVAL,
					      "action %s: outer IPv4 version_ihl 0x%x, only 0x45 (no options)",
					      name, ip.version_ihl);
			if (ip.time_to_live == 0)
				ip.time_to_live = 64;
			ip.next_proto_id = ip_proto;
			memcpy(h + n, &ip, sizeof(ip));
			n += sizeof(ip);
			proto = h + n;
			want = nvgre ? NVGRE : UDP;
		} else if (want == IP && def->type == RTE_FLOW_ITEM_TYPE_IPV6) {
			const struct rte_flow_item_ipv6 *s = def->spec;
			struct rte_ipv6_hdr ip = s->hdr;

			ethertype[0] = 0x86;
			ethertype[1] = 0xdd;
			if (ip.vtc_flow == 0)
				ip.vtc_flow = RTE_BE32(0x60000000);
			if (ip.hop_limits == 0)
				ip.hop_limits = 64;
			ip.proto = ip_proto;
			memcpy(h + n, &ip, sizeof(ip));
			n += sizeof(ip);
			proto = h + n;
			want = nvgre ? NVGRE : UDP;
		} else if (want == UDP && def->type == RTE_FLOW_ITEM_TYPE_UDP) {
			const struct rte_flow_item_udp *s = def->spec;
			struct rte_udp_hdr u = s->hdr;

			if (u.dst_port == 0)
				u.dst_port = RTE_BE16(RTE_VXLAN_DEFAULT_PORT);
			memcpy(h + n, &u, sizeof(u));
			n += sizeof(u);
			want = VXLAN;
		} else if (want == VXLAN &&
			   def->type == RTE_FLOW_ITEM_TYPE_VXLAN) {
			const struct rte_flow_item_vxlan *s = def->spec;
			uint8_t v[8] = { 0x08, 0, 0, 0, 0, 0, 0, 0 };

			memcpy(v + 4, s->vni, 3);
			memcpy(h + n, v, sizeof(v));
			n += sizeof(v);
			want = DONE;
		} else if (want == NVGRE &&
			   def->type == RTE_FLOW_ITEM_TYPE_NVGRE) {
			const struct rte_flow_item_nvgre *s = def->spec;
			/* GRE with the key present (RFC 7637): the key is
			 * the TNI and the flow id; protocol Transparent
			 * Ethernet Bridging. */
			uint8_t g[8] = { 0x20, 0, 0x65, 0x58, 0, 0, 0, 0 };

			memcpy(g + 4, s->tni, 3);
			g[7] = s->flow_id;
			memcpy(h + n, g, sizeof(g));
			n += sizeof(g);
			want = DONE;
		} else {
			return refuse(error, a, EINVAL,
				      "action %s: definition item %d out of place; expected %s",
				      name, (int)def->type, shape);
		}
	}
	if (want != DONE || proto == NULL)
		return refuse(error, a, EINVAL,
			      "action %s: definition incomplete; expected %s",
			      name, shape);
	rule->encap_len = (uint16_t)n;
	return 0;
}

int
mlx5x_flow_reformat_parse(struct rte_eth_dev *dev, struct mlx5x_flow_rule *rule,
			  const struct rte_flow_action *a, const char *name,
			  struct rte_flow_error *error)
{
	const void *c = a->conf;

	RTE_SET_USED(dev);
	switch (a->type) {
	case RTE_FLOW_ACTION_TYPE_OF_POP_VLAN:
		if (rule->pop_vlan)
			return refuse(error, a, ENOTSUP,
				      "action of_pop_vlan: one VLAN pop per rule");
		rule->pop_vlan = true;
		return 0;
	case RTE_FLOW_ACTION_TYPE_OF_PUSH_VLAN: {
		uint16_t tpid;

		if (c == NULL)
			return refuse(error, a, EINVAL,
				      "action %s: conf is NULL", name);
		tpid = rte_be_to_cpu_16(
			((const struct rte_flow_action_of_push_vlan *)c)
				->ethertype);
		if (tpid != RTE_ETHER_TYPE_VLAN && tpid != RTE_ETHER_TYPE_QINQ)
			return refuse(error, a, EINVAL,
				      "action of_push_vlan: ethertype 0x%04x, expected 0x8100 or 0x88a8",
				      tpid);
		if (rule->push_vlan)
			return refuse(error, a, ENOTSUP,
				      "action of_push_vlan: one VLAN push per rule");
		rule->push_vlan = true;
		rule->vlan_hdr = (uint32_t)tpid << 16;
		return 0;
	}
	case RTE_FLOW_ACTION_TYPE_OF_SET_VLAN_VID: {
		uint16_t vid;

		if (c == NULL)
			return refuse(error, a, EINVAL,
				      "action %s: conf is NULL", name);
		vid = rte_be_to_cpu_16(
			((const struct rte_flow_action_of_set_vlan_vid *)c)
				->vlan_vid);
		if (vid > 0xfff)
			return refuse(error, a, EINVAL,
				      "action of_set_vlan_vid: %u does not fit 12 bits",
				      vid);
		if (rule->push_vlan) {
			rule->vlan_hdr = (rule->vlan_hdr & ~0xfffu) | vid;
			return 0;
		}
		/* No push: the frame's own first VLAN id. */
		if (rule->nb_mhdr >= MLX5X_FLOW_MHDR_MAX)
			return refuse(error, a, ENOTSUP,
				      "action of_set_vlan_vid: too many header rewrites");
		memset(rule->mhdr[rule->nb_mhdr], 0, 8);
		MLX5X_SET(set_action_in, rule->mhdr[rule->nb_mhdr], action_type,
			  MLX5X_ACTION_TYPE_SET);
		MLX5X_SET(set_action_in, rule->mhdr[rule->nb_mhdr], field,
			  MLX5X_ACTION_IN_FIELD_OUT_FIRST_VID);
		MLX5X_SET(set_action_in, rule->mhdr[rule->nb_mhdr], length, 12);
		MLX5X_SET(set_action_in, rule->mhdr[rule->nb_mhdr], data, vid);
		rule->nb_mhdr++;
		return 0;
	}
	case RTE_FLOW_ACTION_TYPE_OF_SET_VLAN_PCP: {
		uint8_t pcp;

		if (c == NULL)
			return refuse(error, a, EINVAL,
				      "action %s: conf is NULL", name);
		pcp = ((const struct rte_flow_action_of_set_vlan_pcp *)c)
			      ->vlan_pcp;
		if (!rule->push_vlan)
			return refuse(error, a, ENOTSUP,
				      "action of_set_vlan_pcp: only on a header of_push_vlan adds (the modify-header fields have no PCP)");
		if (pcp > 7)
			return refuse(error, a, EINVAL,
				      "action of_set_vlan_pcp: %u does not fit 3 bits",
				      pcp);
		rule->vlan_hdr = (rule->vlan_hdr & ~0xe000u) | (uint32_t)pcp
								       << 13;
		return 0;
	}
	case RTE_FLOW_ACTION_TYPE_VXLAN_ENCAP:
	case RTE_FLOW_ACTION_TYPE_NVGRE_ENCAP:
	case RTE_FLOW_ACTION_TYPE_RAW_ENCAP: {
		int ret;

		if (c == NULL)
			return refuse(error, a, EINVAL,
				      "action %s: conf is NULL", name);
		if (rule->encap_len != 0)
			return refuse(error, a, ENOTSUP,
				      "action %s: one encapsulation per rule",
				      name);
		if (a->type == RTE_FLOW_ACTION_TYPE_VXLAN_ENCAP) {
			ret = tunnel_definition(rule, a,
						((const struct rte_flow_action_vxlan_encap
							  *)c)
							->definition,
						false, error);
			if (ret < 0)
				return ret;
		} else if (a->type == RTE_FLOW_ACTION_TYPE_NVGRE_ENCAP) {
			ret = tunnel_definition(rule, a,
						((const struct rte_flow_action_nvgre_encap
							  *)c)
							->definition,
						true, error);
			if (ret < 0)
				return ret;
		} else {
			const struct rte_flow_action_raw_encap *r = c;

			if (r->data == NULL || r->size < RTE_ETHER_HDR_LEN)
				return refuse(error, a, EINVAL,
					      "action raw_encap: %zu bytes of data, a tunnel header has at least an Ethernet header (14)",
					      r->data == NULL ? 0 : r->size);
			if (r->size > MLX5X_FLOW_ENCAP_MAX)
				return refuse(error, a, ENOTSUP,
					      "action raw_encap: %zu bytes, the adapter takes at most %u (max_encap_header_size)",
					      r->size, MLX5X_FLOW_ENCAP_MAX);
			/* After a decap, a header shorter than Ethernet +
			 * IPv4 is the new L2 header of an L3 tunnel's inner
			 * packet: not an L2 tunnel put around the frame. */
			if (rule->decap && r->size < L3_TUNNEL_DECISION)
				return refuse(error, a, ENOTSUP,
					      "action raw_encap: %zu bytes after a decap give an L3 tunnel's inner packet an L2 header (L3_TUNNEL_TO_L2 reformat), not supported yet",
					      r->size);
			memcpy(rule->encap, r->data, r->size);
			rule->encap_len = (uint16_t)r->size;
		}
		return 0;
	}
	case RTE_FLOW_ACTION_TYPE_VXLAN_DECAP:
	case RTE_FLOW_ACTION_TYPE_NVGRE_DECAP:
	case RTE_FLOW_ACTION_TYPE_RAW_DECAP:
		if (rule->decap)
			return refuse(error, a, ENOTSUP,
				      "action %s: one decapsulation per rule",
				      name);
		if (rule->encap_len != 0)
			return refuse(error, a, ENOTSUP,
				      "action %s: decap after encap (an L3 tunnel rewrite) is not supported",
				      name);
		/* Removing less than Ethernet + IPv4 is taking the L2 header
		 * off for an L3 tunnel (raw_encap follows): the adapter's
		 * L2 tunnel decap would remove a whole tunnel instead. */
		if (a->type == RTE_FLOW_ACTION_TYPE_RAW_DECAP && c != NULL &&
		    ((const struct rte_flow_action_raw_decap *)c)->size != 0 &&
		    ((const struct rte_flow_action_raw_decap *)c)->size <
			    L3_TUNNEL_DECISION)
			return refuse(error, a, ENOTSUP,
				      "action raw_decap: %zu bytes is the L2 header only: with raw_encap of an L3 tunnel header that is an L2_TO_L3_TUNNEL reformat, not supported yet (an L2 tunnel decap removes at least %u bytes)",
				      ((const struct rte_flow_action_raw_decap *)
					       c)
					      ->size,
				      L3_TUNNEL_DECISION);
		rule->decap = true;
		return 0;
	default:
		return refuse(error, a, ENOTSUP,
			      "action %s: not a header push or pop", name);
	}
}
