/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Verbs flows (ibv_create_flow / ibv_destroy_flow). As mlx5_ib does, the
 * provider translates the flow specs into an fte_match_param mask and
 * value and installs a kernel-managed NIC RX rule: a flow table, a group
 * with the mask and one entry forwarding to the QP's TIR (or dropping),
 * all as PRM commands on the same steering model. The lookup visits
 * kernel-managed rules before the DevX/DR root table, lower priority
 * value first; a don't-trap rule (IBV_FLOW_ATTR_FLAGS_DONT_TRAP) delivers
 * and lets matching continue, from the normal rules of its own priority
 * on (mlx5_ib gives it the core priority before theirs), with the frame
 * as its own header rewrite left it. An ACTION_HANDLE spec names a DV
 * modify-header, packet reformat or decap action (mlx5_ib takes them on
 * Verbs flows too). ALL_DEFAULT and MC_DEFAULT rules live in mlx5_ib's
 * leftovers namespace: after every NORMAL rule.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_pkt.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_verbs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Leftovers (default rules) come after every bypass priority. */
#define EMU_KFLOW_PRIO_LEFTOVERS 0x10000u

/* ---- the kernel-managed rule, shared with DV flows ----------------------- */

static int
emu_kflow_destroy_obj(struct emu_ctx *ctx, uint8_t type, uint16_t opcode,
		      uint32_t ftn, uint32_t id)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(set_fte_in)] = { 0 };
	uint8_t out[16];

	MLX5X_SET(mbox_in, in, opcode, opcode);
	switch (opcode) {
	case MLX5X_CMD_OP_DELETE_FLOW_TABLE_ENTRY:
		MLX5X_SET(delete_fte_in, in, table_type, type);
		MLX5X_SET(delete_fte_in, in, table_id, ftn);
		MLX5X_SET(delete_fte_in, in, flow_index, id);
		break;
	case MLX5X_CMD_OP_DESTROY_FLOW_GROUP:
		MLX5X_SET(destroy_flow_group_in, in, table_type, type);
		MLX5X_SET(destroy_flow_group_in, in, table_id, ftn);
		MLX5X_SET(destroy_flow_group_in, in, group_id, id);
		break;
	default:
		MLX5X_SET(destroy_flow_table_in, in, table_type, type);
		MLX5X_SET(destroy_flow_table_in, in, table_id, ftn);
		break;
	}
	return emu_verbs_cmd(ctx, in, sizeof(in), out, sizeof(out));
}

void
emu_kflow_remove(struct emu_kflow_rule *r)
{
	if (r->kf != NULL) {
		emu_lock();
		emu_steering_kflow_del(r->ctx->ad, r->ctx->fn, r->kf);
		emu_unlock();
		free(r->kf);
		r->kf = NULL;
	}
	if (r->fte_set)
		emu_kflow_destroy_obj(r->ctx, r->table_type,
				      MLX5X_CMD_OP_DELETE_FLOW_TABLE_ENTRY,
				      r->ftn, 0);
	if (r->fgn != 0)
		emu_kflow_destroy_obj(r->ctx, r->table_type,
				      MLX5X_CMD_OP_DESTROY_FLOW_GROUP, r->ftn,
				      r->fgn);
	if (r->ftn != 0)
		emu_kflow_destroy_obj(r->ctx, r->table_type,
				      MLX5X_CMD_OP_DESTROY_FLOW_TABLE, r->ftn,
				      0);
	r->fte_set = false;
	r->fgn = r->ftn = 0;
}

int
emu_kflow_install(struct emu_kflow_rule *r, const struct emu_kflow_match *m,
		  uint32_t prio, bool dont_trap)
{
	uint8_t ft_in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t fg_in[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint8_t fte_in[MLX5X_ST_SZ_BYTES(set_fte_in) + 16] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(create_flow_table_out)] = { 0 };
	void *fc = MLX5X_ADDR_OF(set_fte_in, fte_in, flow_context);
	uint8_t *dst = MLX5X_ADDR_OF(flow_context, fc, destination);
	unsigned int n = 0;
	int status;

	r->table_type = m->table_type;
	MLX5X_SET(create_flow_table_in, ft_in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, ft_in, table_type, m->table_type);
	status = emu_verbs_cmd(r->ctx, ft_in, sizeof(ft_in), out, sizeof(out));
	if (status != 0)
		goto err;
	r->ftn = MLX5X_GET(create_flow_table_out, out, table_id);
	MLX5X_SET(create_flow_group_in, fg_in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, fg_in, table_type, m->table_type);
	MLX5X_SET(create_flow_group_in, fg_in, table_id, r->ftn);
	MLX5X_SET(create_flow_group_in, fg_in, match_criteria_enable,
		  m->criteria);
	memcpy(MLX5X_ADDR_OF(create_flow_group_in, fg_in, match_criteria),
	       m->mask, EMU_MATCH_BYTES);
	memset(out, 0, sizeof(out));
	status = emu_verbs_cmd(r->ctx, fg_in, sizeof(fg_in), out, sizeof(out));
	if (status != 0)
		goto err;
	r->fgn = MLX5X_GET(create_flow_group_out, out, group_id);
	MLX5X_SET(set_fte_in, fte_in, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY);
	MLX5X_SET(set_fte_in, fte_in, table_type, m->table_type);
	MLX5X_SET(set_fte_in, fte_in, table_id, r->ftn);
	MLX5X_SET(flow_context, fc, group_id, r->fgn);
	MLX5X_SET(flow_context, fc, flow_tag, m->flow_tag);
	MLX5X_SET(flow_context, fc, action, m->action);
	MLX5X_SET(flow_context, fc, modify_header_id, m->modify_header_id);
	MLX5X_SET(flow_context, fc, packet_reformat_id, m->packet_reformat_id);
	memcpy(MLX5X_ADDR_OF(flow_context, fc, match_value), m->value,
	       EMU_MATCH_BYTES);
	if (m->action & MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST) {
		MLX5X_SET(dest_format, dst, destination_type, m->dest_type);
		MLX5X_SET(dest_format, dst, destination_id, m->dest_id);
		n++;
		MLX5X_SET(flow_context, fc, destination_list_size, 1);
	}
	if (m->action & MLX5X_FLOW_CONTEXT_ACTION_COUNT) {
		MLX5X_SET(flow_counter_list, dst + n * 8, flow_counter_id,
			  m->counter_id);
		MLX5X_SET(flow_context, fc, flow_counter_list_size, 1);
	}
	memset(out, 0, sizeof(out));
	status =
		emu_verbs_cmd(r->ctx, fte_in, sizeof(fte_in), out, sizeof(out));
	if (status != 0)
		goto err;
	r->fte_set = true;
	r->kf = calloc(1, sizeof(*r->kf));
	if (r->kf == NULL) {
		emu_kflow_remove(r);
		return ENOMEM;
	}
	r->kf->ft_id = r->ftn;
	r->kf->type = m->table_type;
	r->kf->prio = prio;
	r->kf->dont_trap = dont_trap;
	emu_lock();
	emu_steering_kflow_add(r->ctx->ad, r->ctx->fn, r->kf);
	emu_unlock();
	return 0;
err:
	emu_kflow_remove(r);
	return status == MLX5X_CMD_STAT_NO_RES_ERR ? ENOMEM : EINVAL;
}

/* ---- Verbs specs -> fte_match_param ----------------------------------- */

/* Where a spec goes: outer headers, or inner ones (IBV_FLOW_SPEC_INNER),
 * and the match criteria that enable them. The field macros below set
 * fields of the header set t names. */
struct emu_spec_tx {
	struct emu_kflow_match *m;
	size_t hb; /* byte offset of the header set in fte_match_param */
	uint8_t crit;
};

/* Sets mask and value of a field from a filter's big-endian bytes. */
static void
emu_match_bytes(struct emu_kflow_match *m, size_t off, const void *val,
		const void *mask, size_t len)
{
	const uint8_t *v = val, *k = mask;
	size_t i;

	for (i = 0; i < len; i++) {
		m->mask[off + i] |= k[i];
		m->value[off + i] = (m->value[off + i] & ~k[i]) | (v[i] & k[i]);
	}
}

#define EMU_OH(fld) MLX5X_BYTE_OFF(fte_match_set_lyr_2_4, fld)

/* A field set whole (ethertype, ip_protocol): mask all ones. */
#define EMU_MATCH_FULL(m, fld, v)                                              \
	do {                                                                   \
		MLX5X_SET(fte_match_set_lyr_2_4, (m)->mask + t->hb, fld,       \
			  0xffffffff);                                         \
		MLX5X_SET(fte_match_set_lyr_2_4, (m)->value + t->hb, fld,      \
			  (v));                                                \
	} while (0)

/* A sub-byte field under a mask. */
#define EMU_MATCH_FIELD(m, fld, v, k)                                          \
	do {                                                                   \
		MLX5X_SET(fte_match_set_lyr_2_4, (m)->mask + t->hb, fld, (k)); \
		MLX5X_SET(fte_match_set_lyr_2_4, (m)->value + t->hb, fld,      \
			  (v) & (k));                                          \
	} while (0)

static int
emu_spec_eth(struct emu_spec_tx *t, const void *spec)
{
	struct emu_kflow_match *m = t->m;
	const struct ibv_flow_spec_eth *s = spec;
	uint16_t tv = be16toh(s->val.vlan_tag), tk = be16toh(s->mask.vlan_tag);
	uint16_t ev = be16toh(s->val.ether_type);
	uint16_t ek = be16toh(s->mask.ether_type);

	emu_match_bytes(m, t->hb + EMU_OH(dmac_47_16), s->val.dst_mac,
			s->mask.dst_mac, 6);
	emu_match_bytes(m, t->hb + EMU_OH(smac_47_16), s->val.src_mac,
			s->mask.src_mac, 6);
	if (ek != 0)
		EMU_MATCH_FIELD(m, ethertype, ev, ek);
	if (tk != 0) {
		/* A VLAN match implies a tagged frame (mlx5_ib). */
		EMU_MATCH_FULL(m, cvlan_tag, 1);
		EMU_MATCH_FIELD(m, first_prio, tv >> 13, tk >> 13);
		EMU_MATCH_FIELD(m, first_cfi, (tv >> 12) & 1, (tk >> 12) & 1);
		EMU_MATCH_FIELD(m, first_vid, tv & 0xfff, tk & 0xfff);
	}
	m->criteria |= t->crit;
	return 0;
}

static int
emu_spec_ipv4(struct emu_spec_tx *t, const void *spec)
{
	struct emu_kflow_match *m = t->m;
	const struct ibv_flow_spec_ipv4_ext *s = spec;
	const struct ibv_flow_spec_ipv4 *b = spec;

	/* mlx5_ib matches the ethertype for an L3 spec. */
	EMU_MATCH_FULL(m, ethertype, 0x0800);
	if ((s->type & ~IBV_FLOW_SPEC_INNER) == IBV_FLOW_SPEC_IPV4) {
		/* The basic filter is two addresses: its mask follows them. */
		emu_match_bytes(m, t->hb + EMU_OH(src_ipv4_src_ipv6) + 12,
				&b->val.src_ip, &b->mask.src_ip, 4);
		emu_match_bytes(m, t->hb + EMU_OH(dst_ipv4_dst_ipv6) + 12,
				&b->val.dst_ip, &b->mask.dst_ip, 4);
	} else {
		emu_match_bytes(m, t->hb + EMU_OH(src_ipv4_src_ipv6) + 12,
				&s->val.src_ip, &s->mask.src_ip, 4);
		emu_match_bytes(m, t->hb + EMU_OH(dst_ipv4_dst_ipv6) + 12,
				&s->val.dst_ip, &s->mask.dst_ip, 4);

		if (s->mask.proto != 0)
			EMU_MATCH_FIELD(m, ip_protocol, s->val.proto,
					s->mask.proto);
		if (s->mask.tos != 0) {
			EMU_MATCH_FIELD(m, ip_dscp, s->val.tos >> 2,
					s->mask.tos >> 2);
			EMU_MATCH_FIELD(m, ip_ecn, s->val.tos & 3,
					s->mask.tos & 3);
		}
		if (s->mask.ttl != 0)
			EMU_MATCH_FIELD(m, ttl_hoplimit, s->val.ttl,
					s->mask.ttl);
		if (s->mask.flags != 0)
			return EOPNOTSUPP; /* IP flags not modelled */
	}
	m->criteria |= t->crit;
	return 0;
}

static int
emu_spec_ipv6(struct emu_spec_tx *t, const void *spec)
{
	struct emu_kflow_match *m = t->m;
	const struct ibv_flow_spec_ipv6 *s = spec;

	EMU_MATCH_FULL(m, ethertype, 0x86dd);
	emu_match_bytes(m, t->hb + EMU_OH(src_ipv4_src_ipv6), s->val.src_ip,
			s->mask.src_ip, 16);
	emu_match_bytes(m, t->hb + EMU_OH(dst_ipv4_dst_ipv6), s->val.dst_ip,
			s->mask.dst_ip, 16);
	if (s->mask.next_hdr != 0)
		EMU_MATCH_FIELD(m, ip_protocol, s->val.next_hdr,
				s->mask.next_hdr);
	if (s->mask.hop_limit != 0)
		EMU_MATCH_FIELD(m, ttl_hoplimit, s->val.hop_limit,
				s->mask.hop_limit);
	if (s->mask.flow_label != 0)
		return EOPNOTSUPP; /* flow label is a misc field, not modelled */
	m->criteria |= t->crit;
	return 0;
}

static int
emu_spec_l4(struct emu_spec_tx *t, const void *spec)
{
	struct emu_kflow_match *m = t->m;
	const struct ibv_flow_spec_tcp_udp *s = spec;
	bool tcp = (s->type & ~IBV_FLOW_SPEC_INNER) == IBV_FLOW_SPEC_TCP;

	EMU_MATCH_FULL(m, ip_protocol, tcp ? 6 : 17);
	emu_match_bytes(m, tcp ? EMU_OH(tcp_sport) : EMU_OH(udp_sport),
			&s->val.src_port, &s->mask.src_port, 2);
	emu_match_bytes(m, tcp ? EMU_OH(tcp_dport) : EMU_OH(udp_dport),
			&s->val.dst_port, &s->mask.dst_port, 2);
	m->criteria |= t->crit;
	return 0;
}

static int
emu_spec_tag(struct emu_spec_tx *t, const void *spec)
{
	struct emu_kflow_match *m = t->m;
	const struct ibv_flow_spec_action_tag *s = spec;

	if (s->tag_id > 0xffffff)
		return EINVAL; /* PRM: flow_tag is 24 bits */
	m->flow_tag = s->tag_id;
	return 0;
}

static int
emu_spec_drop(struct emu_spec_tx *t, const void *spec)
{
	struct emu_kflow_match *m = t->m;
	(void)spec;
	m->drop = true;
	return 0;
}

/* A DV flow action by handle (mlx5_ib parse_flow_flow_action): a modify
 * header, a packet reformat or decap, one of each kind. */
static int
emu_spec_handle(struct emu_spec_tx *t, const void *spec)
{
	const struct ibv_flow_spec_action_handle *s = spec;

	return emu_dv_flow_action_take(t->m, s->action);
}

static int
emu_spec_vxlan(struct emu_spec_tx *t, const void *spec)
{
	const struct ibv_flow_spec_tunnel *s = spec;
	struct emu_kflow_match *m = t->m;
	size_t misc = MLX5X_BYTE_OFF(fte_match_param, misc_parameters);
	uint32_t v = be32toh(s->val.tunnel_id), k = be32toh(s->mask.tunnel_id);

	if (t->hb != 0 || k > 0xffffff)
		return EINVAL; /* PRM: a 24-bit VNI of the outer tunnel */
	MLX5X_SET(fte_match_set_misc_tun, m->mask + misc, vxlan_vni, k);
	MLX5X_SET(fte_match_set_misc_tun, m->value + misc, vxlan_vni, v & k);
	m->criteria |= MLX5X_MATCH_MISC_PARAMETERS;
	return 0;
}

/* One row per spec type: its size and translation. */
static const struct {
	uint32_t type;
	uint16_t size;
	int (*parse)(struct emu_spec_tx *t, const void *spec);
} emu_verbs_specs[] = {
	{ IBV_FLOW_SPEC_ETH, sizeof(struct ibv_flow_spec_eth), emu_spec_eth },
	{ IBV_FLOW_SPEC_IPV4, sizeof(struct ibv_flow_spec_ipv4),
	  emu_spec_ipv4 },
	{ IBV_FLOW_SPEC_IPV4_EXT, sizeof(struct ibv_flow_spec_ipv4_ext),
	  emu_spec_ipv4 },
	{ IBV_FLOW_SPEC_IPV6, sizeof(struct ibv_flow_spec_ipv6),
	  emu_spec_ipv6 },
	{ IBV_FLOW_SPEC_TCP, sizeof(struct ibv_flow_spec_tcp_udp),
	  emu_spec_l4 },
	{ IBV_FLOW_SPEC_UDP, sizeof(struct ibv_flow_spec_tcp_udp),
	  emu_spec_l4 },
	{ IBV_FLOW_SPEC_VXLAN_TUNNEL, sizeof(struct ibv_flow_spec_tunnel),
	  emu_spec_vxlan },
	{ IBV_FLOW_SPEC_ACTION_TAG, sizeof(struct ibv_flow_spec_action_tag),
	  emu_spec_tag },
	{ IBV_FLOW_SPEC_ACTION_DROP, sizeof(struct ibv_flow_spec_action_drop),
	  emu_spec_drop },
	{ IBV_FLOW_SPEC_ACTION_HANDLE,
	  sizeof(struct ibv_flow_spec_action_handle), emu_spec_handle },
};

static int
emu_verbs_flow_parse(const struct ibv_flow_attr *attr,
		     struct emu_kflow_match *m)
{
	const uint8_t *p = (const uint8_t *)(attr + 1);
	const uint8_t *end = (const uint8_t *)attr + attr->size;
	struct emu_spec_tx t = { .m = m };
	unsigned int i, k;

	for (i = 0; i < attr->num_of_specs; i++) {
		struct {
			enum ibv_flow_spec_type type;
			uint16_t size;
		} hdr;
		uint32_t type;
		int err;

		if (p + sizeof(hdr) > end)
			return EINVAL;
		memcpy(&hdr, p, sizeof(hdr));
		/* An inner spec matches the tunnelled frame's headers. */
		type = (uint32_t)hdr.type & ~(uint32_t)IBV_FLOW_SPEC_INNER;
		t.hb = ((uint32_t)hdr.type & IBV_FLOW_SPEC_INNER)
			       ? MLX5X_BYTE_OFF(fte_match_param, inner_headers)
			       : 0;
		t.crit = t.hb != 0 ? MLX5X_MATCH_INNER_HEADERS
				   : MLX5X_MATCH_OUTER_HEADERS;
		if (t.hb != 0 && type >= IBV_FLOW_SPEC_VXLAN_TUNNEL)
			return EINVAL; /* only header specs can be inner */
		for (k = 0;
		     k < sizeof(emu_verbs_specs) / sizeof(emu_verbs_specs[0]);
		     k++)
			if (emu_verbs_specs[k].type == type)
				break;
		if (k == sizeof(emu_verbs_specs) / sizeof(emu_verbs_specs[0]))
			return EOPNOTSUPP; /* GRE, MPLS, ESP, handles... */
		if (hdr.size != emu_verbs_specs[k].size || p + hdr.size > end)
			return EINVAL;
		err = emu_verbs_specs[k].parse(&t, p);
		if (err != 0)
			return err;
		p += hdr.size;
	}
	return 0;
}

static struct ibv_flow *
emu_verbs_flow_create(struct ibv_qp *qp, struct ibv_flow_attr *attr)
{
	struct emu_ctx *ctx;
	struct emu_kflow_match *m;
	struct emu_vflow *f;
	struct mlx5dv_qp dv = { .comp_mask = MLX5DV_QP_MASK_RAW_QP_HANDLES };
	uint32_t prio;
	int err;

	if (qp == NULL || attr == NULL || attr->size < sizeof(*attr)) {
		errno = EINVAL;
		return NULL;
	}
	ctx = emu_ctx_of(qp->context);
	if (attr->comp_mask != 0 ||
	    (attr->flags & ~(uint32_t)IBV_FLOW_ATTR_FLAGS_DONT_TRAP) ||
	    attr->type == IBV_FLOW_ATTR_SNIFFER) {
		errno = EOPNOTSUPP; /* egress, sniffer: not modelled */
		return NULL;
	}
	if (attr->port == 0 ||
	    attr->port > (ctx->fn != 0 ? 1 : ctx->ad->nports)) {
		errno = EINVAL;
		return NULL;
	}
	if (attr->priority > EMU_VERBS_FLOW_LAST_PRIO) {
		errno = ENOMEM; /* mlx5_ib: no such bypass priority */
		return NULL;
	}
	emu_verbs_qp_init_obj(qp, &dv);
	m = calloc(1, sizeof(*m));
	f = calloc(1, sizeof(*f));
	if (m == NULL || f == NULL) {
		err = ENOMEM;
		goto err_free;
	}
	err = emu_verbs_flow_parse(attr, m);
	if (err != 0)
		goto err_free;
	if (attr->type == IBV_FLOW_ATTR_MC_DEFAULT) {
		/* The multicast bit of the destination MAC. */
		m->mask[EMU_OH(dmac_47_16)] |= 0x01;
		m->value[EMU_OH(dmac_47_16)] |= 0x01;
		m->criteria |= MLX5X_MATCH_OUTER_HEADERS;
	}
	/* With the rewrite bits a handle set. */
	if (m->drop) {
		m->action |= MLX5X_FLOW_CONTEXT_ACTION_DROP;
	} else if (dv.tirn != 0) {
		m->action |= MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST;
		m->dest_type = MLX5X_FLOW_DESTINATION_TYPE_TIR;
		m->dest_id = dv.tirn;
	} else {
		err = EINVAL; /* a send-only QP receives nothing */
		goto err_free;
	}
	prio = attr->type == IBV_FLOW_ATTR_NORMAL
		       ? emu_kflow_core_prio(attr->priority,
					     attr->flags &
						     IBV_FLOW_ATTR_FLAGS_DONT_TRAP)
		       : EMU_KFLOW_PRIO_LEFTOVERS;
	f->rule.ctx = ctx;
	err = emu_kflow_install(&f->rule, m, prio,
				attr->flags & IBV_FLOW_ATTR_FLAGS_DONT_TRAP);
	if (err != 0)
		goto err_free;
	free(m);
	f->ibv.context = qp->context;
	f->ibv.handle = f->rule.ftn;
	return &f->ibv;
err_free:
	free(m);
	free(f);
	errno = err;
	return NULL;
}

static int
emu_verbs_flow_destroy(struct ibv_flow *flow)
{
	struct emu_vflow *f = (struct emu_vflow *)flow;

	if (flow == NULL)
		return EINVAL;
	emu_kflow_remove(&f->rule);
	if (f->rule.matcher_flows != NULL)
		(*f->rule.matcher_flows)--;
	free(f);
	return 0;
}

void
emu_verbs_flow_ops(struct verbs_context *v)
{
	v->ibv_create_flow = emu_verbs_flow_create;
	v->ibv_destroy_flow = emu_verbs_flow_destroy;
	v->destroy_flow_action = emu_dv_flow_action_destroy;
}
