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
 *
 * L3 tunnels, as the reference mlx5 driver reads the raw pair: raw_decap
 * of a whole tunnel then raw_encap of less than Ethernet + IPv4 (the new
 * Ethernet header, 14 or 18 bytes with a VLAN tag) is L3_TUNNEL_TO_L2;
 * raw_decap of less than Ethernet + IPv4 (the L2 header) then raw_encap
 * of a tunnel header (Ethernet + IP + GRE or UDP ...) is L2_TO_L3_TUNNEL.
 * The PRM takes decaps on receive tables (NIC Rx, FDB) and encaps on
 * transmit tables (NIC Tx, FDB), so raw_decap and raw_encap are accepted
 * on every table type and refused here where their pair is not allowed.
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

/* Does a raw_encap follow a in the rule's action list? */
static bool
raw_encap_follows(const struct rte_flow_action *a)
{
	for (a++; a->type != RTE_FLOW_ACTION_TYPE_END; a++)
		if (a->type == RTE_FLOW_ACTION_TYPE_RAW_ENCAP)
			return true;
	return false;
}

/* raw_decap: of a whole tunnel (L2_TUNNEL_TO_L2, or the first half of
 * L3_TUNNEL_TO_L2) on receive tables, of the L2 header (the first half of
 * L2_TO_L3_TUNNEL) on transmit tables. */
static int
raw_decap(struct mlx5x_flow_rule *rule, const struct rte_flow_action *a,
	  struct rte_flow_error *error)
{
	const struct rte_flow_action_raw_decap *c = a->conf;
	size_t size = c != NULL ? c->size : 0;

	if (size != 0 && size < L3_TUNNEL_DECISION) {
		if (rule->domain == MLX5X_FLOW_DOMAIN_RX)
			return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
						      "action raw_decap: %zu bytes is the L2 header only, the first half of an L2_TO_L3_TUNNEL encap, which the PRM does only on transmit tables (egress, transfer)",
						      size);
		if (!raw_encap_follows(a))
			return mlx5x_flow_conf_refuse(error, a, EINVAL,
						      "action raw_decap: %zu bytes is the L2 header only: raw_encap of an L3 tunnel header must follow (L2_TO_L3_TUNNEL; a tunnel decap removes at least %u bytes)",
						      size, L3_TUNNEL_DECISION);
		rule->l3_tunnel = MLX5X_FLOW_L3T_L2_DECAP;
		return 0;
	}
	if (rule->domain == MLX5X_FLOW_DOMAIN_TX)
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action raw_decap: removing a tunnel (L2_TUNNEL_TO_L2 or L3_TUNNEL_TO_L2) is for receive tables (ingress, transfer), the PRM does not decapsulate on egress");
	rule->decap = true;
	rule->l3_tunnel = MLX5X_FLOW_L3T_RAW_DECAP;
	return 0;
}

/* raw_encap: after raw_decap of the L2 header, an L3 tunnel header
 * (L2_TO_L3_TUNNEL); after raw_decap of a tunnel and shorter than
 * Ethernet + IPv4, the inner packet's new L2 header (L3_TUNNEL_TO_L2);
 * else an L2 tunnel put around the frame (L2_TO_L2_TUNNEL). */
static int
raw_encap(struct mlx5x_flow_rule *rule, const struct rte_flow_action *a,
	  struct rte_flow_error *error)
{
	const struct rte_flow_action_raw_encap *r = a->conf;

	if (r->data == NULL || r->size < RTE_ETHER_HDR_LEN)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action raw_encap: %zu bytes of data, a tunnel header has at least an Ethernet header (14)",
					      r->data == NULL ? 0 : r->size);
	if (r->size > MLX5X_FLOW_ENCAP_MAX)
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action raw_encap: %zu bytes, the adapter takes at most %u (max_encap_header_size)",
					      r->size, MLX5X_FLOW_ENCAP_MAX);
	if (rule->l3_tunnel == MLX5X_FLOW_L3T_L2_DECAP) {
		if (r->size < L3_TUNNEL_DECISION)
			return mlx5x_flow_conf_refuse(error, a, EINVAL,
						      "action raw_encap: %zu bytes after raw_decap of the L2 header: an L2_TO_L3_TUNNEL header is at least Ethernet + IPv4 (%u)",
						      r->size,
						      L3_TUNNEL_DECISION);
		rule->l3_tunnel = MLX5X_FLOW_L3T_ENCAP;
	} else if (rule->decap && r->size < L3_TUNNEL_DECISION) {
		if (rule->l3_tunnel != MLX5X_FLOW_L3T_RAW_DECAP)
			return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
						      "action raw_encap: %zu bytes after vxlan_decap or nvgre_decap: an L2 header for an L3 tunnel's inner packet (L3_TUNNEL_TO_L2) follows raw_decap only",
						      r->size);
		if (r->size != RTE_ETHER_HDR_LEN &&
		    r->size != RTE_ETHER_HDR_LEN + 4)
			return mlx5x_flow_conf_refuse(error, a, EINVAL,
						      "action raw_encap: %zu bytes after raw_decap: the L3_TUNNEL_TO_L2 header is Ethernet (14) or Ethernet + one VLAN tag (18)",
						      r->size);
		rule->decap = false;
		rule->l3_tunnel = MLX5X_FLOW_L3T_DECAP;
	} else if (rule->domain == MLX5X_FLOW_DOMAIN_RX) {
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action raw_encap: %zu bytes put around the frame (L2_TO_L2_TUNNEL) is for transmit tables (egress, transfer); on ingress raw_encap is only the L2 header after raw_decap (L3_TUNNEL_TO_L2)",
					      r->size);
	} else if (r->size < L3_TUNNEL_DECISION) {
		/* The adapter refuses a shorter packet reformat context
		 * (ALLOC_PACKET_REFORMAT_CONTEXT, bad reformat_data_size):
		 * say so at validate, not at create. */
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action raw_encap: %zu bytes put around the frame (L2_TO_L2_TUNNEL): a tunnel header is at least Ethernet + IPv4 (%u)",
					      r->size, L3_TUNNEL_DECISION);
	}
	memcpy(rule->encap, r->data, r->size);
	rule->encap_len = (uint16_t)r->size;
	return 0;
}

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
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action %s: definition is NULL",
					      name);
	for (; def->type != RTE_FLOW_ITEM_TYPE_END; def++) {
		if (def->type == RTE_FLOW_ITEM_TYPE_VOID)
			continue;
		if (def->spec == NULL)
			return mlx5x_flow_conf_refuse(error, a, EINVAL,
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
				return mlx5x_flow_conf_refuse(error, a, EINVAL,
							      "action %s: outer IPv4 version_ihl 0x%x, only 0x45 (no options)",
							      name,
							      ip.version_ihl);
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
			return mlx5x_flow_conf_refuse(error, a, EINVAL,
						      "action %s: definition item %d out of place; expected %s",
						      name, (int)def->type,
						      shape);
		}
	}
	if (want != DONE || proto == NULL)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
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
			return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
						      "action of_pop_vlan: one VLAN pop per rule");
		rule->pop_vlan = true;
		return 0;
	case RTE_FLOW_ACTION_TYPE_OF_PUSH_VLAN: {
		uint16_t tpid;

		tpid = rte_be_to_cpu_16(
			((const struct rte_flow_action_of_push_vlan *)c)
				->ethertype);
		if (tpid != RTE_ETHER_TYPE_VLAN && tpid != RTE_ETHER_TYPE_QINQ)
			return mlx5x_flow_conf_refuse(error, a, EINVAL,
						      "action of_push_vlan: ethertype 0x%04x, expected 0x8100 or 0x88a8",
						      tpid);
		if (rule->push_vlan)
			return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
						      "action of_push_vlan: one VLAN push per rule");
		rule->push_vlan = true;
		rule->vlan_hdr = (uint32_t)tpid << 16;
		return 0;
	}
	case RTE_FLOW_ACTION_TYPE_OF_SET_VLAN_VID: {
		uint16_t vid;

		vid = rte_be_to_cpu_16(
			((const struct rte_flow_action_of_set_vlan_vid *)c)
				->vlan_vid);
		if (vid > 0xfff)
			return mlx5x_flow_conf_refuse(error, a, EINVAL,
						      "action of_set_vlan_vid: %u does not fit 12 bits",
						      vid);
		if (rule->push_vlan) {
			rule->vlan_hdr = (rule->vlan_hdr & ~0xfffu) | vid;
			return 0;
		}
		/* No push: the frame's own first VLAN id. */
		if (rule->nb_mhdr >= MLX5X_FLOW_MHDR_MAX)
			return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
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

		pcp = ((const struct rte_flow_action_of_set_vlan_pcp *)c)
			      ->vlan_pcp;
		if (!rule->push_vlan)
			return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
						      "action of_set_vlan_pcp: only on a header of_push_vlan adds (the modify-header fields have no PCP)");
		if (pcp > 7)
			return mlx5x_flow_conf_refuse(error, a, EINVAL,
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

		if (rule->encap_len != 0)
			return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
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
			return raw_encap(rule, a, error);
		}
		return 0;
	}
	case RTE_FLOW_ACTION_TYPE_VXLAN_DECAP:
	case RTE_FLOW_ACTION_TYPE_NVGRE_DECAP:
	case RTE_FLOW_ACTION_TYPE_RAW_DECAP:
		if (rule->decap || rule->l3_tunnel != MLX5X_FLOW_L3T_NONE)
			return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
						      "action %s: one decapsulation per rule",
						      name);
		if (rule->encap_len != 0)
			return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
						      "action %s: decap after encap (an L3 tunnel rewrite) is not supported",
						      name);
		if (a->type == RTE_FLOW_ACTION_TYPE_RAW_DECAP)
			return raw_decap(rule, a, error);
		rule->decap = true;
		return 0;
	default:
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action %s: not a header push or pop",
					      name);
	}
}
