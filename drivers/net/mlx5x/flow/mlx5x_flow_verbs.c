/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Verbs backend (dv_flow_en=0, or a device opened without DevX):
 * ibv_create_flow with specs read back from the neutral rule's
 * fte_match_param, on an RSS QP over an indirection table of the rule's
 * queues. NIC Rx only, one table: what Verbs cannot express (groups,
 * jump, egress, COUNT, TCP flags, fragments, a VLAN wildcard, tunnels,
 * IPv6 traffic class) is refused at validate, naming the field.
 *
 * Priorities: mlx5_ib offers 16 bypass priorities; the default steering
 * (mlx5x_steer_verbs.c) keeps the last three, the rules take
 * priority * 3 + sub-priority from the first.
 */
#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_malloc.h>

#include "mlx5x_flow.h"
#include "mlx5x_rxtx.h"

#define VERBS_PRIO_LAST_USER 12u

struct verbs_handle {
	struct ibv_rwq_ind_table *ind;
	struct ibv_qp *qp;
	struct ibv_flow *flow;
};

struct verbs_attr {
	struct ibv_flow_attr attr;
	uint8_t specs[sizeof(struct ibv_flow_spec_eth) +
		      sizeof(struct ibv_flow_spec_ipv6) +
		      sizeof(struct ibv_flow_spec_tcp_udp) +
		      sizeof(struct ibv_flow_spec_action_tag) +
		      sizeof(struct ibv_flow_spec_action_drop)];
};

#define M(rule, fld) MLX5X_GET(fte_match_param, (rule)->mask, fld)
#define V(rule, fld) MLX5X_GET(fte_match_param, (rule)->value, fld)

static int
verbs_refuse(struct rte_flow_error *error, const char *what)
{
	return mlx5x_flow_error(error, ENOTSUP, RTE_FLOW_ERROR_TYPE_UNSPECIFIED,
				NULL, "Verbs backend (dv_flow_en=0): %s", what);
}

static int
verbs_validate(struct rte_eth_dev *dev, const struct mlx5x_flow_rule *rule,
	       struct rte_flow_error *error)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);

	if (priv->switchdev || priv->has_reg_c0)
		return verbs_refuse(error,
				    "ports of a switchdev E-Switch share one NIC Rx and need the vport tag match: use dv_flow_en=1");
	if (rule->domain != MLX5X_FLOW_DOMAIN_RX)
		return verbs_refuse(error,
				    "egress rules are not supported (ibv_create_flow steers received traffic only)");
	if (rule->group != 0 || rule->fate == MLX5X_FLOW_FATE_JUMP)
		return verbs_refuse(error,
				    "groups and jump need flow tables: use dv_flow_en=1");
	if (rule->count)
		return verbs_refuse(error,
				    "COUNT needs DevX flow counters: use dv_flow_en=1");
	if (rule->nb_mhdr != 0 || rule->pop_vlan || rule->push_vlan ||
	    rule->decap || rule->encap_len != 0)
		return verbs_refuse(error,
				    "header rewrite actions need modify-header contexts (Direct Rules): use dv_flow_en=1");
	if (rule->prio > VERBS_PRIO_LAST_USER)
		return mlx5x_flow_error(error, ENOTSUP,
					RTE_FLOW_ERROR_TYPE_ATTR_PRIORITY, NULL,
					"Verbs backend (dv_flow_en=0): rte_flow priorities 0..3 only (16 Verbs bypass priorities, 3 sub-priorities each, the last 3 for the default steering)");
	if (rule->criteria & ~MLX5X_MATCH_OUTER_HEADERS)
		return verbs_refuse(error,
				    "tunnel (vxlan, gre, mpls, ...) and metadata matches are not supported (ibv_flow_spec covers the outer headers here)");
	if (M(rule, outer_headers.tcp_flags))
		return verbs_refuse(error,
				    "item tcp: field hdr.tcp_flags (ibv_flow_spec_tcp_udp has no flags)");
	if (M(rule, outer_headers.frag))
		return verbs_refuse(error,
				    "fragment matching (ipv4 fragment_offset, ipv6 has_frag_ext) is not supported");
	if (M(rule, outer_headers.cvlan_tag) &&
	    !M(rule, outer_headers.first_vid))
		return verbs_refuse(error,
				    "a VLAN wildcard (eth has_vlan, vlan without tci) cannot be expressed: Verbs matches a VLAN by its tag only");
	if (M(rule, outer_headers.svlan_tag))
		return verbs_refuse(error, "S-VLAN matching is not supported");
	if (rule->l3 == MLX5X_FLOW_L3_IPV6 &&
	    (M(rule, outer_headers.ip_dscp) || M(rule, outer_headers.ip_ecn)))
		return verbs_refuse(error,
				    "item ipv6: field hdr.vtc_flow traffic class is not supported");
	if (rule->l3 == MLX5X_FLOW_L3_ANY &&
	    (M(rule, outer_headers.ip_protocol) ||
	     M(rule, outer_headers.ttl_hoplimit) ||
	     M(rule, outer_headers.ip_dscp)))
		return verbs_refuse(error,
				    "IP fields need an ipv4 or ipv6 item");
	if (rule->fate == MLX5X_FLOW_FATE_RSS && rule->l3 == MLX5X_FLOW_L3_ANY)
		return verbs_refuse(error,
				    "action rss: the pattern must name ipv4 or ipv6 (one hash type per Verbs QP, no expansion)");
	if (rule->fate == MLX5X_FLOW_FATE_RSS && rule->rss_inner)
		return verbs_refuse(error,
				    "action rss: level 2 (inner headers) needs the DR engine (dv_flow_en=1): a Verbs RSS QP hashes the outer headers");
	return 0;
}

static void *
verbs_spec(struct verbs_attr *a, size_t *off, size_t size, uint32_t type)
{
	/* Every spec starts with (type, size); the eth spec's header has
	 * the 4-byte alignment the layout after ibv_flow_attr gives. */
	struct ibv_flow_spec_eth *s = (void *)&a->specs[*off];

	s->type = type;
	s->size = (uint16_t)size;
	*off += size;
	a->attr.size = (uint16_t)(sizeof(a->attr) + *off);
	a->attr.num_of_specs++;
	return s;
}

static void
put_mac(uint8_t *dst, uint32_t hi, uint32_t lo)
{
	dst[0] = (uint8_t)(hi >> 24), dst[1] = (uint8_t)(hi >> 16);
	dst[2] = (uint8_t)(hi >> 8), dst[3] = (uint8_t)hi;
	dst[4] = (uint8_t)(lo >> 8), dst[5] = (uint8_t)lo;
}

/* The specs of rule, from its mask and value. */
static void
verbs_specs(const struct mlx5x_flow_rule *r, struct verbs_attr *a)
{
	struct ibv_flow_spec_eth *eth;
	size_t off = 0;
	uint8_t proto_m = (uint8_t)M(r, outer_headers.ip_protocol);
	uint8_t proto_v = (uint8_t)V(r, outer_headers.ip_protocol);

	eth = verbs_spec(a, &off, sizeof(*eth), IBV_FLOW_SPEC_ETH);
	put_mac(eth->mask.dst_mac, M(r, outer_headers.dmac_47_16),
		M(r, outer_headers.dmac_15_0));
	put_mac(eth->val.dst_mac, V(r, outer_headers.dmac_47_16),
		V(r, outer_headers.dmac_15_0));
	put_mac(eth->mask.src_mac, M(r, outer_headers.smac_47_16),
		M(r, outer_headers.smac_15_0));
	put_mac(eth->val.src_mac, V(r, outer_headers.smac_47_16),
		V(r, outer_headers.smac_15_0));
	if (r->l3 == MLX5X_FLOW_L3_ANY) {
		eth->mask.ether_type = rte_cpu_to_be_16(
			(uint16_t)M(r, outer_headers.ethertype));
		eth->val.ether_type = rte_cpu_to_be_16(
			(uint16_t)V(r, outer_headers.ethertype));
	}
	if (M(r, outer_headers.first_vid) || M(r, outer_headers.first_prio)) {
		eth->mask.vlan_tag = rte_cpu_to_be_16(
			(uint16_t)(M(r, outer_headers.first_prio) << 13 |
				   M(r, outer_headers.first_cfi) << 12 |
				   M(r, outer_headers.first_vid)));
		eth->val.vlan_tag = rte_cpu_to_be_16(
			(uint16_t)(V(r, outer_headers.first_prio) << 13 |
				   V(r, outer_headers.first_cfi) << 12 |
				   V(r, outer_headers.first_vid)));
	}
	if (r->l3 == MLX5X_FLOW_L3_IPV4) {
		struct ibv_flow_spec_ipv4_ext *ip =
			verbs_spec(a, &off, sizeof(*ip),
				   IBV_FLOW_SPEC_IPV4_EXT);

		ip->mask.src_ip = rte_cpu_to_be_32(
			M(r, outer_headers.src_ipv4_src_ipv6.ipv4_layout.ipv4));
		ip->val.src_ip = rte_cpu_to_be_32(
			V(r, outer_headers.src_ipv4_src_ipv6.ipv4_layout.ipv4));
		ip->mask.dst_ip = rte_cpu_to_be_32(
			M(r, outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4));
		ip->val.dst_ip = rte_cpu_to_be_32(
			V(r, outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4));
		ip->mask.proto = proto_m;
		ip->val.proto = proto_v;
		ip->mask.tos = (uint8_t)(M(r, outer_headers.ip_dscp) << 2 |
					 M(r, outer_headers.ip_ecn));
		ip->val.tos = (uint8_t)(V(r, outer_headers.ip_dscp) << 2 |
					V(r, outer_headers.ip_ecn));
		ip->mask.ttl = (uint8_t)M(r, outer_headers.ttl_hoplimit);
		ip->val.ttl = (uint8_t)V(r, outer_headers.ttl_hoplimit);
	} else if (r->l3 == MLX5X_FLOW_L3_IPV6) {
		struct ibv_flow_spec_ipv6 *ip =
			verbs_spec(a, &off, sizeof(*ip), IBV_FLOW_SPEC_IPV6);

		memcpy(ip->mask.src_ip,
		       MLX5X_ADDR_OF(fte_match_param, r->mask,
				     outer_headers.src_ipv4_src_ipv6),
		       16);
		memcpy(ip->val.src_ip,
		       MLX5X_ADDR_OF(fte_match_param, r->value,
				     outer_headers.src_ipv4_src_ipv6),
		       16);
		memcpy(ip->mask.dst_ip,
		       MLX5X_ADDR_OF(fte_match_param, r->mask,
				     outer_headers.dst_ipv4_dst_ipv6),
		       16);
		memcpy(ip->val.dst_ip,
		       MLX5X_ADDR_OF(fte_match_param, r->value,
				     outer_headers.dst_ipv4_dst_ipv6),
		       16);
		ip->mask.next_hdr = proto_m;
		ip->val.next_hdr = proto_v;
		ip->mask.hop_limit = (uint8_t)M(r, outer_headers.ttl_hoplimit);
		ip->val.hop_limit = (uint8_t)V(r, outer_headers.ttl_hoplimit);
	}
	if (proto_m == 0xff &&
	    (proto_v == IPPROTO_TCP || proto_v == IPPROTO_UDP)) {
		bool tcp = proto_v == IPPROTO_TCP;
		struct ibv_flow_spec_tcp_udp *l4 =
			verbs_spec(a, &off, sizeof(*l4),
				   tcp ? IBV_FLOW_SPEC_TCP : IBV_FLOW_SPEC_UDP);

		l4->mask.src_port = rte_cpu_to_be_16(
			(uint16_t)(tcp ? M(r, outer_headers.tcp_sport)
				       : M(r, outer_headers.udp_sport)));
		l4->val.src_port = rte_cpu_to_be_16(
			(uint16_t)(tcp ? V(r, outer_headers.tcp_sport)
				       : V(r, outer_headers.udp_sport)));
		l4->mask.dst_port = rte_cpu_to_be_16(
			(uint16_t)(tcp ? M(r, outer_headers.tcp_dport)
				       : M(r, outer_headers.udp_dport)));
		l4->val.dst_port = rte_cpu_to_be_16(
			(uint16_t)(tcp ? V(r, outer_headers.tcp_dport)
				       : V(r, outer_headers.udp_dport)));
	}
	if (r->has_tag) {
		struct ibv_flow_spec_action_tag *t =
			verbs_spec(a, &off, sizeof(*t),
				   IBV_FLOW_SPEC_ACTION_TAG);

		t->tag_id = r->tag;
	}
	if (r->fate == MLX5X_FLOW_FATE_DROP)
		verbs_spec(a, &off, sizeof(struct ibv_flow_spec_action_drop),
			   IBV_FLOW_SPEC_ACTION_DROP);
}

/* Verbs hash fields of the one kind this rule hashes (0: none). */
static uint64_t
verbs_hash_fields(const struct mlx5x_flow_rule *r)
{
	bool v4 = r->l3 == MLX5X_FLOW_L3_IPV4;
	uint64_t ip = v4 ? IBV_RX_HASH_SRC_IPV4 | IBV_RX_HASH_DST_IPV4
			 : IBV_RX_HASH_SRC_IPV6 | IBV_RX_HASH_DST_IPV6;
	uint64_t l3_hf = v4 ? MLX5X_RSS_HF_IPV4_ANY : MLX5X_RSS_HF_IPV6_ANY;

	if (r->fate != MLX5X_FLOW_FATE_RSS)
		return 0;
	if (r->l4 == IPPROTO_TCP &&
	    (r->rss_types &
	     (v4 ? RTE_ETH_RSS_NONFRAG_IPV4_TCP
		 : RTE_ETH_RSS_NONFRAG_IPV6_TCP | RTE_ETH_RSS_IPV6_TCP_EX)))
		return ip | IBV_RX_HASH_SRC_PORT_TCP | IBV_RX_HASH_DST_PORT_TCP;
	if (r->l4 == IPPROTO_UDP &&
	    (r->rss_types &
	     (v4 ? RTE_ETH_RSS_NONFRAG_IPV4_UDP
		 : RTE_ETH_RSS_NONFRAG_IPV6_UDP | RTE_ETH_RSS_IPV6_UDP_EX)))
		return ip | IBV_RX_HASH_SRC_PORT_UDP | IBV_RX_HASH_DST_PORT_UDP;
	return (r->rss_types & l3_hf) ? ip : 0;
}

static void
verbs_remove(struct rte_eth_dev *dev, struct rte_flow *flow)
{
	struct verbs_handle *h = flow->handle;

	if (h == NULL)
		return;
	if (h->flow != NULL && mlx5x_glue_ctx_destroy_flow(h->flow) != 0)
		MLX5X_NET_LOG(WARNING, "port %u: ibv_destroy_flow failed",
			      dev->data->port_id);
	if (h->qp != NULL && mlx5x_glue->destroy_qp(h->qp) != 0)
		MLX5X_NET_LOG(WARNING, "port %u: ibv_destroy_qp failed",
			      dev->data->port_id);
	if (h->ind != NULL && mlx5x_glue_ctx_destroy_rwq_ind_table(h->ind) != 0)
		MLX5X_NET_LOG(WARNING,
			      "port %u: ibv_destroy_rwq_ind_table failed",
			      dev->data->port_id);
	rte_free(h);
	flow->handle = NULL;
}

static int
verbs_apply(struct rte_eth_dev *dev, struct rte_flow *flow,
	    const struct mlx5x_flow_rule *r, struct rte_flow_error *error)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct ibv_wq *wq[MLX5X_QUEUES_MAX];
	uint64_t fields = verbs_hash_fields(r);
	unsigned int n = fields ? r->nb_queues : 1, size = 1, i;
	struct verbs_handle *h;
	struct verbs_attr *a;

	h = rte_zmalloc("mlx5x_verbs_flow", sizeof(*h), 0);
	a = rte_zmalloc("mlx5x_verbs_attr", sizeof(*a), 0);
	if (h == NULL || a == NULL) {
		rte_free(h);
		rte_free(a);
		return rte_flow_error_set(error, ENOMEM,
					  RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
					  "no memory for the flow");
	}
	for (i = 0; i < n; i++)
		if (r->queues[i] >= dev->data->nb_rx_queues ||
		    dev->data->rx_queues[r->queues[i]] == NULL) {
			rte_free(h);
			rte_free(a);
			return mlx5x_flow_error(error, EINVAL,
						RTE_FLOW_ERROR_TYPE_ACTION,
						NULL,
						"Rx queue %u of the rule no longer exists or is not set up",
						r->queues[i]);
		}
	flow->handle = h;
	/* The indirection table's size is a power of two: repeat the list. */
	while (size < n)
		size <<= 1;
	for (i = 0; i < size; i++) {
		uint16_t q =
			r->fate == MLX5X_FLOW_FATE_DROP ? 0 : r->queues[i % n];
		struct mlx5x_rxq *rxq = dev->data->rx_queues[q];

		wq[i] = rxq->wq;
	}
	errno = 0;
	h->ind =
		mlx5x_glue_ctx_create_rwq_ind_table(priv->sh->ctx,
						    &(struct ibv_rwq_ind_table_init_attr){
							    .log_ind_tbl_size =
								    rte_log2_u32(
									    size),
							    .ind_tbl = wq,
						    });
	if (h->ind == NULL)
		goto err_fail;
	h->qp = mlx5x_glue_ctx_create_qp_ex(
		priv->sh->ctx,
		&(struct ibv_qp_init_attr_ex){
			.qp_type = IBV_QPT_RAW_PACKET,
			.comp_mask = IBV_QP_INIT_ATTR_PD |
				     IBV_QP_INIT_ATTR_IND_TABLE |
				     IBV_QP_INIT_ATTR_RX_HASH,
			.pd = priv->sh->pd,
			.rwq_ind_tbl = h->ind,
			.rx_hash_conf = {
				.rx_hash_function = IBV_RX_HASH_FUNC_TOEPLITZ,
				.rx_hash_key_len = MLX5X_RSS_KEY_LEN,
				.rx_hash_key = (uint8_t *)(uintptr_t)r->rss_key,
				.rx_hash_fields_mask = fields,
			},
		});
	if (h->qp == NULL)
		goto err_fail;
	a->attr.type = IBV_FLOW_ATTR_NORMAL;
	a->attr.priority = r->prio;
	a->attr.port = (uint8_t)priv->ib_port;
	verbs_specs(r, a);
	h->flow = mlx5x_glue_ctx_create_flow(h->qp, &a->attr);
	if (h->flow == NULL)
		goto err_fail;
	rte_free(a);
	return 0;

err_fail:
	rte_free(a);
	{
		int err = errno != 0 ? errno : EINVAL;
		const char *what = h->ind == NULL  ? "ibv_create_rwq_ind_table"
				   : h->qp == NULL ? "ibv_create_qp_ex (RSS)"
						   : "ibv_create_flow";

		verbs_remove(dev, flow);
		return mlx5x_flow_error(error, err,
					RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
					"the kernel refused %s: %s; nothing of the rule was kept",
					what, strerror(err));
	}
}

const struct mlx5x_flow_backend mlx5x_flow_verbs_backend = {
	.name = "verbs",
	.validate = verbs_validate,
	.apply = verbs_apply,
	.remove = verbs_remove,
};
