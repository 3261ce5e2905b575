/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Header rewrite actions into PRM modify-header commands: each rte_flow
 * set_* / dec_ttl / inc_tcp_* action becomes one or more 8-byte set or
 * add commands on a PRM field id; the backend turns the rule's list into
 * one modify-header context (shared by the rules with the same list).
 * The field depends on what the pattern pinned: set_tp_* on a TCP or a
 * UDP port, set_ttl on the IPv4 TTL or the IPv6 hop limit, so the items
 * are parsed first and an action whose header the pattern does not name
 * is refused. The adapter fixes the IPv4 and L4 checksums itself.
 */
#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_byteorder.h>

#include "mlx5x_flow.h"

static int
mhdr_push(struct rte_eth_dev *dev, struct mlx5x_flow_rule *rule,
	  const struct rte_flow_action *a, const char *name, uint8_t type,
	  uint16_t field, uint8_t length, uint32_t data,
	  struct rte_flow_error *error)
{
	unsigned int max =
		MLX5X_PRIV(dev)->sh->caps.nic_rx_max_modify_header_actions;
	uint32_t *cmd;

	if (max > MLX5X_FLOW_MHDR_MAX)
		max = MLX5X_FLOW_MHDR_MAX;
	if (rule->nb_mhdr >= max)
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action %s: the rule's header rewrites need more than %u modify-header commands (max_modify_header_actions)",
					      name, max);
	cmd = rule->mhdr[rule->nb_mhdr++];
	memset(cmd, 0, 8);
	if (type == MLX5X_ACTION_TYPE_SET) {
		MLX5X_SET(set_action_in, cmd, action_type, type);
		MLX5X_SET(set_action_in, cmd, field, field);
		/* length 0 means 32 bits. */
		MLX5X_SET(set_action_in, cmd, length, length & 0x1f);
		MLX5X_SET(set_action_in, cmd, data, data);
	} else {
		MLX5X_SET(add_action_in, cmd, action_type, type);
		MLX5X_SET(add_action_in, cmd, field, field);
		MLX5X_SET(add_action_in, cmd, data, data);
	}
	return 0;
}

#define SET(f, len, v)                                                         \
	mhdr_push(dev, rule, a, name, MLX5X_ACTION_TYPE_SET,                   \
		  MLX5X_ACTION_IN_FIELD_OUT_##f, len, v, error)
#define ADD(f, v)                                                              \
	mhdr_push(dev, rule, a, name, MLX5X_ACTION_TYPE_ADD,                   \
		  MLX5X_ACTION_IN_FIELD_OUT_##f, 0, v, error)

static int
need(struct mlx5x_flow_rule *rule, const struct rte_flow_action *a,
     const char *name, uint8_t l3, uint8_t l4, struct rte_flow_error *error)
{
	if (l3 != MLX5X_FLOW_L3_ANY && rule->l3 != l3)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action %s: the pattern must match %s (the adapter rewrites the header the pattern names)",
					      name,
					      l3 == MLX5X_FLOW_L3_IPV4
						      ? "ipv4"
						      : "ipv6");
	if (l4 == 0xff && rule->l4 != IPPROTO_TCP && rule->l4 != IPPROTO_UDP)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action %s: the pattern must match tcp or udp (the port field differs)",
					      name);
	if (l4 == IPPROTO_TCP && rule->l4 != IPPROTO_TCP)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action %s: the pattern must match tcp",
					      name);
	if (l3 == MLX5X_FLOW_L3_ANY && l4 == 0 && rule->l3 == MLX5X_FLOW_L3_ANY)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action %s: the pattern must match ipv4 or ipv6",
					      name);
	return 0;
}

static uint32_t
be32_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* ---- modify_field ------------------------------------------------------ */

/*
 * An rte_flow field as the PRM sees it: up to four PRM fields in wire
 * order (most significant first), each at most 32 bits wide. Offsets and
 * widths of the action count bits from the field's least significant bit
 * (the PRM's own convention, and the reference mlx5 driver's). An
 * immediate value is the field's bytes as in its rte_flow item
 * (big-endian), except TAG and META whose items hold host-order integers.
 */
struct mf_field {
	const char *name;
	uint8_t width;	  /* bits */
	uint8_t nb;	  /* PRM fields */
	uint8_t l3;	  /* MLX5X_FLOW_L3_* the pattern must name, ANY: none */
	uint8_t l4;	  /* IPPROTO_* the pattern must name, 0: none */
	bool add;	  /* the PRM adds to it (whole field only) */
	uint16_t prm[4];  /* PRM field ids, most significant first */
	uint8_t prm_w[4]; /* their widths */
};

#define MF(n, w, l3_, l4_, add_, ...)                                          \
	{                                                                      \
		.name = n, .width = w, .l3 = MLX5X_FLOW_L3_##l3_, .l4 = l4_,   \
		.add = add_, __VA_ARGS__                                       \
	}
#define P1(f, w)                                                               \
	.nb = 1, .prm = { MLX5X_ACTION_IN_FIELD_OUT_##f }, .prm_w = { w }
#define MAC(hi, lo)                                                            \
	.nb = 2,                                                               \
	.prm = { MLX5X_ACTION_IN_FIELD_OUT_##hi,                               \
		 MLX5X_ACTION_IN_FIELD_OUT_##lo },                             \
	.prm_w = { 32, 16 }
#define IP6(p)                                                                 \
	.nb = 4,                                                               \
	.prm = { MLX5X_ACTION_IN_FIELD_OUT_##p##_127_96,                       \
		 MLX5X_ACTION_IN_FIELD_OUT_##p##_95_64,                        \
		 MLX5X_ACTION_IN_FIELD_OUT_##p##_63_32,                        \
		 MLX5X_ACTION_IN_FIELD_OUT_##p##_31_0 },                       \
	.prm_w = { 32, 32, 32, 32 }

static const struct mf_field mf_fields[] = {
	[RTE_FLOW_FIELD_MAC_DST] =
		MF("mac_dst", 48, ANY, 0, false, MAC(DMAC_47_16, DMAC_15_0)),
	[RTE_FLOW_FIELD_MAC_SRC] =
		MF("mac_src", 48, ANY, 0, false, MAC(SMAC_47_16, SMAC_15_0)),
	[RTE_FLOW_FIELD_VLAN_ID] =
		MF("vlan_id", 12, ANY, 0, false, P1(FIRST_VID, 12)),
	[RTE_FLOW_FIELD_MAC_TYPE] =
		MF("mac_type", 16, ANY, 0, false, P1(ETHERTYPE, 16)),
	[RTE_FLOW_FIELD_IPV4_DSCP] =
		MF("ipv4_dscp", 6, IPV4, 0, false, P1(IP_DSCP, 6)),
	[RTE_FLOW_FIELD_IPV4_TTL] =
		MF("ipv4_ttl", 8, IPV4, 0, true, P1(IP_TTL, 8)),
	[RTE_FLOW_FIELD_IPV4_SRC] =
		MF("ipv4_src", 32, IPV4, 0, false, P1(SIPV4, 32)),
	[RTE_FLOW_FIELD_IPV4_DST] =
		MF("ipv4_dst", 32, IPV4, 0, false, P1(DIPV4, 32)),
	[RTE_FLOW_FIELD_IPV6_DSCP] =
		MF("ipv6_dscp", 6, IPV6, 0, false, P1(IP_DSCP, 6)),
	[RTE_FLOW_FIELD_IPV6_HOPLIMIT] =
		MF("ipv6_hoplimit", 8, IPV6, 0, true, P1(IPV6_HOPLIMIT, 8)),
	[RTE_FLOW_FIELD_IPV6_SRC] =
		MF("ipv6_src", 128, IPV6, 0, false, IP6(SIPV6)),
	[RTE_FLOW_FIELD_IPV6_DST] =
		MF("ipv6_dst", 128, IPV6, 0, false, IP6(DIPV6)),
	[RTE_FLOW_FIELD_TCP_PORT_SRC] = MF("tcp_port_src", 16, ANY, IPPROTO_TCP,
					   false, P1(TCP_SPORT, 16)),
	[RTE_FLOW_FIELD_TCP_PORT_DST] = MF("tcp_port_dst", 16, ANY, IPPROTO_TCP,
					   false, P1(TCP_DPORT, 16)),
	[RTE_FLOW_FIELD_TCP_SEQ_NUM] = MF("tcp_seq_num", 32, ANY, IPPROTO_TCP,
					  true, P1(TCP_SEQ_NUM, 32)),
	[RTE_FLOW_FIELD_TCP_ACK_NUM] = MF("tcp_ack_num", 32, ANY, IPPROTO_TCP,
					  true, P1(TCP_ACK_NUM, 32)),
	[RTE_FLOW_FIELD_TCP_FLAGS] =
		MF("tcp_flags", 9, ANY, IPPROTO_TCP, false, P1(TCP_FLAGS, 9)),
	[RTE_FLOW_FIELD_UDP_PORT_SRC] = MF("udp_port_src", 16, ANY, IPPROTO_UDP,
					   false, P1(UDP_SPORT, 16)),
	[RTE_FLOW_FIELD_UDP_PORT_DST] = MF("udp_port_dst", 16, ANY, IPPROTO_UDP,
					   false, P1(UDP_DPORT, 16)),
};

#undef MF
#undef P1
#undef MAC
#undef IP6

static const char *
mf_name(enum rte_flow_field_id id)
{
	static const char *const other[] = {
		[RTE_FLOW_FIELD_START] = "start",
		[RTE_FLOW_FIELD_VLAN_TYPE] = "vlan_type",
		[RTE_FLOW_FIELD_VXLAN_VNI] = "vxlan_vni",
		[RTE_FLOW_FIELD_GENEVE_VNI] = "geneve_vni",
		[RTE_FLOW_FIELD_GTP_TEID] = "gtp_teid",
		[RTE_FLOW_FIELD_TAG] = "tag",
		[RTE_FLOW_FIELD_MARK] = "mark",
		[RTE_FLOW_FIELD_META] = "meta",
		[RTE_FLOW_FIELD_POINTER] = "pointer",
		[RTE_FLOW_FIELD_VALUE] = "value",
		[RTE_FLOW_FIELD_IPV4_ECN] = "ipv4_ecn",
		[RTE_FLOW_FIELD_IPV6_ECN] = "ipv6_ecn",
		[RTE_FLOW_FIELD_GTP_PSC_QFI] = "gtp_psc_qfi",
		[RTE_FLOW_FIELD_METER_COLOR] = "meter_color",
	};

	if ((unsigned int)id < RTE_DIM(mf_fields) && mf_fields[id].nb != 0)
		return mf_fields[id].name;
	if ((unsigned int)id < RTE_DIM(other) && other[id] != NULL)
		return other[id];
	return "unknown";
}

/* The field id's PRM layout for this rule (TAG and META depend on the
 * domain and the index), or a refusal naming the field. */
static int
mf_resolve(struct mlx5x_flow_rule *rule, const struct rte_flow_action *a,
	   const char *role, const struct rte_flow_action_modify_data *d,
	   struct mf_field *out, struct rte_flow_error *error)
{
	const char *fname = mf_name(d->field);
	const char *why = NULL;
	uint16_t reg;

	if (d->field == RTE_FLOW_FIELD_TAG || d->field == RTE_FLOW_FIELD_META) {
		bool meta = d->field == RTE_FLOW_FIELD_META;

		if (mlx5x_flow_meta_reg(rule->domain, meta, d->level, &reg,
					&why) < 0)
			return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
						      "action modify_field: %s field %s: %s",
						      role, fname, why);
		memset(out, 0, sizeof(*out));
		out->name = fname;
		out->width = 32;
		out->nb = 1;
		out->l3 = MLX5X_FLOW_L3_ANY;
		out->prm[0] = reg;
		out->prm_w[0] = 32;
		return 0;
	}
	if ((unsigned int)d->field >= RTE_DIM(mf_fields) ||
	    mf_fields[d->field].nb == 0)
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action modify_field: %s field %s is not supported (the PRM's modify-header fields: mac_dst/src, vlan_id, mac_type, ipv4/ipv6 dscp, ttl/hoplimit, src, dst, tcp/udp ports, tcp seq/ack/flags, tag, meta)",
					      role, fname);
	/* level 0 and 1 are the outermost header; the PRM's fields are the
	 * outer headers (an inner one exists only after a decap). */
	if (d->level > 1)
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action modify_field: %s field %s level %u: only the outer header (level 0 or 1) can be rewritten",
					      role, fname, d->level);
	*out = mf_fields[d->field];
	if (out->l3 != MLX5X_FLOW_L3_ANY && rule->l3 != out->l3)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action modify_field: %s field %s: the pattern must match %s (the adapter rewrites the header the pattern names)",
					      role, fname,
					      out->l3 == MLX5X_FLOW_L3_IPV4
						      ? "ipv4"
						      : "ipv6");
	if (out->l4 != 0 && rule->l4 != out->l4)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action modify_field: %s field %s: the pattern must match %s",
					      role, fname,
					      out->l4 == IPPROTO_TCP ? "tcp"
								     : "udp");
	return 0;
}

/* Bits [lo, lo + len) of a big-endian value of nbytes bytes. */
static uint32_t
mf_bits(const uint8_t *v, unsigned int nbytes, unsigned int lo,
	unsigned int len)
{
	uint32_t r = 0;
	unsigned int i;

	for (i = len; i-- > 0;) {
		unsigned int k = lo + i;

		r = r << 1 | ((v[nbytes - 1 - k / 8] >> (k % 8)) & 1u);
	}
	return r;
}

/* Which PRM field holds bit k of the field (counted from its LSB), and
 * that field's own lowest bit. */
static unsigned int
mf_chunk(const struct mf_field *f, unsigned int k, unsigned int *chunk_lo)
{
	unsigned int lo = f->width;
	unsigned int i;

	for (i = 0; i < f->nb; i++) {
		lo -= f->prm_w[i];
		if (k >= lo) {
			*chunk_lo = lo;
			return i;
		}
	}
	*chunk_lo = 0;
	return f->nb - 1;
}

static int
mf_cmd(struct rte_eth_dev *dev, struct mlx5x_flow_rule *rule,
       const struct rte_flow_action *a, uint32_t **cmd,
       struct rte_flow_error *error)
{
	unsigned int max =
		MLX5X_PRIV(dev)->sh->caps.nic_rx_max_modify_header_actions;

	if (max > MLX5X_FLOW_MHDR_MAX)
		max = MLX5X_FLOW_MHDR_MAX;
	if (rule->nb_mhdr >= max)
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action modify_field: the rule's header rewrites need more than %u modify-header commands (max_modify_header_actions)",
					      max);
	*cmd = rule->mhdr[rule->nb_mhdr++];
	memset(*cmd, 0, 8);
	return 0;
}

static int
modify_field(struct rte_eth_dev *dev, struct mlx5x_flow_rule *rule,
	     const struct rte_flow_action *a, struct rte_flow_error *error)
{
	const struct rte_flow_action_modify_field *c = a->conf;
	struct mf_field dst, src;
	bool imm = c->src.field == RTE_FLOW_FIELD_VALUE ||
		   c->src.field == RTE_FLOW_FIELD_POINTER;
	uint8_t val[16];
	unsigned int nbytes, k, w = c->width;
	uint32_t *cmd = NULL;
	int ret;

	if (c->operation != RTE_FLOW_MODIFY_SET &&
	    c->operation != RTE_FLOW_MODIFY_ADD &&
	    c->operation != RTE_FLOW_MODIFY_SUB)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action modify_field: operation %d unknown (set, add, sub)",
					      (int)c->operation);
	ret = mf_resolve(rule, a, "dst", &c->dst, &dst, error);
	if (ret < 0)
		return ret;
	if (w == 0 || c->dst.offset > dst.width ||
	    w > dst.width - c->dst.offset)
		return mlx5x_flow_conf_refuse(error, a, EINVAL,
					      "action modify_field: dst field %s: offset %u + width %u beyond its %u bits",
					      dst.name, c->dst.offset, w,
					      dst.width);
	if (!imm) {
		ret = mf_resolve(rule, a, "src", &c->src, &src, error);
		if (ret < 0)
			return ret;
		if (c->src.offset > src.width || w > src.width - c->src.offset)
			return mlx5x_flow_conf_refuse(error, a, EINVAL,
						      "action modify_field: src field %s: offset %u + width %u beyond its %u bits",
						      src.name, c->src.offset,
						      w, src.width);
		if (c->operation != RTE_FLOW_MODIFY_SET)
			return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
						      "action modify_field: %s from field %s to %s: the PRM copies between fields but adds only immediates",
						      c->operation == RTE_FLOW_MODIFY_ADD
							      ? "add"
							      : "sub",
						      src.name, dst.name);
		/* One copy per run that stays inside one PRM field on both
		 * sides. */
		for (k = 0; k < w;) {
			unsigned int dlo, slo, di, si, len;

			di = mf_chunk(&dst, c->dst.offset + k, &dlo);
			si = mf_chunk(&src, c->src.offset + k, &slo);
			len = RTE_MIN(dlo + dst.prm_w[di] - (c->dst.offset + k),
				      slo + src.prm_w[si] -
					      (c->src.offset + k));
			len = RTE_MIN(len, w - k);
			ret = mf_cmd(dev, rule, a, &cmd, error);
			if (ret < 0)
				return ret;
			MLX5X_SET(copy_action_in, cmd, action_type,
				  MLX5X_ACTION_TYPE_COPY);
			MLX5X_SET(copy_action_in, cmd, src_field, src.prm[si]);
			MLX5X_SET(copy_action_in, cmd, src_offset,
				  c->src.offset + k - slo);
			MLX5X_SET(copy_action_in, cmd, length, len & 0x1f);
			MLX5X_SET(copy_action_in, cmd, dst_field, dst.prm[di]);
			MLX5X_SET(copy_action_in, cmd, dst_offset,
				  c->dst.offset + k - dlo);
			k += len;
		}
		return 0;
	}
	/* The immediate, as the field's big-endian bytes. */
	nbytes = (dst.width + 7) / 8;
	memset(val, 0, sizeof(val));
	if (c->src.field == RTE_FLOW_FIELD_POINTER) {
		if (c->src.pvalue == NULL)
			return mlx5x_flow_conf_refuse(error, a, EINVAL,
						      "action modify_field: src pointer is NULL");
		memcpy(val, c->src.pvalue, nbytes);
	} else {
		memcpy(val, c->src.value, nbytes);
	}
	if (c->dst.field == RTE_FLOW_FIELD_TAG ||
	    c->dst.field == RTE_FLOW_FIELD_META) {
		uint32_t h;

		memcpy(&h, val, sizeof(h));
		val[0] = h >> 24;
		val[1] = h >> 16;
		val[2] = h >> 8;
		val[3] = h;
	}
	if (c->operation != RTE_FLOW_MODIFY_SET) {
		uint32_t v;

		if (!dst.add)
			return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
						      "action modify_field: %s on field %s: the PRM adds only to ipv4_ttl, ipv6_hoplimit, tcp_seq_num, tcp_ack_num",
						      c->operation == RTE_FLOW_MODIFY_ADD
							      ? "add"
							      : "sub",
						      dst.name);
		if (c->dst.offset != 0 || w != dst.width)
			return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
						      "action modify_field: %s on field %s: offset %u width %u, the PRM adds to the whole field (offset 0, width %u)",
						      c->operation == RTE_FLOW_MODIFY_ADD
							      ? "add"
							      : "sub",
						      dst.name, c->dst.offset,
						      w, dst.width);
		v = mf_bits(val, nbytes, 0, w);
		if (c->operation == RTE_FLOW_MODIFY_SUB)
			v = 0u - v; /* add modulo the field's width */
		if (w < 32)
			v &= (1u << w) - 1;
		ret = mf_cmd(dev, rule, a, &cmd, error);
		if (ret < 0)
			return ret;
		MLX5X_SET(add_action_in, cmd, action_type,
			  MLX5X_ACTION_TYPE_ADD);
		MLX5X_SET(add_action_in, cmd, field, dst.prm[0]);
		MLX5X_SET(add_action_in, cmd, data, v);
		return 0;
	}
	/* One set per PRM field the bit range touches; the value's bits are
	 * taken at the destination's offset. */
	for (k = c->dst.offset; k < c->dst.offset + w;) {
		unsigned int lo, i, len;

		i = mf_chunk(&dst, k, &lo);
		len = RTE_MIN(lo + dst.prm_w[i], c->dst.offset + w) - k;
		ret = mf_cmd(dev, rule, a, &cmd, error);
		if (ret < 0)
			return ret;
		MLX5X_SET(set_action_in, cmd, action_type,
			  MLX5X_ACTION_TYPE_SET);
		MLX5X_SET(set_action_in, cmd, field, dst.prm[i]);
		MLX5X_SET(set_action_in, cmd, offset, k - lo);
		/* length 0 means 32 bits. */
		MLX5X_SET(set_action_in, cmd, length, len & 0x1f);
		MLX5X_SET(set_action_in, cmd, data,
			  mf_bits(val, nbytes, k, len));
		k += len;
	}
	return 0;
}

int
mlx5x_flow_modify_parse(struct rte_eth_dev *dev, struct mlx5x_flow_rule *rule,
			const struct rte_flow_action *a, const char *name,
			struct rte_flow_error *error)
{
	const void *c = a->conf;
	bool v4 = rule->l3 == MLX5X_FLOW_L3_IPV4;
	bool tcp = rule->l4 == IPPROTO_TCP;
	uint32_t v;
	int ret;

	switch (a->type) {
	case RTE_FLOW_ACTION_TYPE_SET_MAC_SRC:
	case RTE_FLOW_ACTION_TYPE_SET_MAC_DST: {
		const uint8_t *m =
			((const struct rte_flow_action_set_mac *)c)->mac_addr;
		bool src = a->type == RTE_FLOW_ACTION_TYPE_SET_MAC_SRC;

		ret = src ? SET(SMAC_47_16, 0, be32_at(m))
			  : SET(DMAC_47_16, 0, be32_at(m));
		if (ret < 0)
			return ret;
		v = (uint32_t)m[4] << 8 | m[5];
		return src ? SET(SMAC_15_0, 16, v) : SET(DMAC_15_0, 16, v);
	}
	case RTE_FLOW_ACTION_TYPE_SET_IPV4_SRC:
	case RTE_FLOW_ACTION_TYPE_SET_IPV4_DST:
		ret = need(rule, a, name, MLX5X_FLOW_L3_IPV4, 0, error);
		if (ret < 0)
			return ret;
		v = rte_be_to_cpu_32(
			((const struct rte_flow_action_set_ipv4 *)c)->ipv4_addr);
		return a->type == RTE_FLOW_ACTION_TYPE_SET_IPV4_SRC
			       ? SET(SIPV4, 0, v)
			       : SET(DIPV4, 0, v);
	case RTE_FLOW_ACTION_TYPE_SET_IPV6_SRC:
	case RTE_FLOW_ACTION_TYPE_SET_IPV6_DST: {
		static const uint16_t src[4] = {
			MLX5X_ACTION_IN_FIELD_OUT_SIPV6_127_96,
			MLX5X_ACTION_IN_FIELD_OUT_SIPV6_95_64,
			MLX5X_ACTION_IN_FIELD_OUT_SIPV6_63_32,
			MLX5X_ACTION_IN_FIELD_OUT_SIPV6_31_0,
		};
		static const uint16_t dst[4] = {
			MLX5X_ACTION_IN_FIELD_OUT_DIPV6_127_96,
			MLX5X_ACTION_IN_FIELD_OUT_DIPV6_95_64,
			MLX5X_ACTION_IN_FIELD_OUT_DIPV6_63_32,
			MLX5X_ACTION_IN_FIELD_OUT_DIPV6_31_0,
		};
		const uint8_t *ip =
			((const struct rte_flow_action_set_ipv6 *)c)->ipv6_addr;
		const uint16_t *f = a->type == RTE_FLOW_ACTION_TYPE_SET_IPV6_SRC
					    ? src
					    : dst;
		unsigned int i;

		ret = need(rule, a, name, MLX5X_FLOW_L3_IPV6, 0, error);
		for (i = 0; i < 4 && ret == 0; i++)
			ret = mhdr_push(dev, rule, a, name,
					MLX5X_ACTION_TYPE_SET, f[i], 0,
					be32_at(ip + 4 * i), error);
		return ret;
	}
	case RTE_FLOW_ACTION_TYPE_SET_TP_SRC:
	case RTE_FLOW_ACTION_TYPE_SET_TP_DST: {
		bool s = a->type == RTE_FLOW_ACTION_TYPE_SET_TP_SRC;

		ret = need(rule, a, name, MLX5X_FLOW_L3_ANY, 0xff, error);
		if (ret < 0)
			return ret;
		v = rte_be_to_cpu_16(
			((const struct rte_flow_action_set_tp *)c)->port);
		if (tcp)
			return s ? SET(TCP_SPORT, 16, v)
				 : SET(TCP_DPORT, 16, v);
		return s ? SET(UDP_SPORT, 16, v) : SET(UDP_DPORT, 16, v);
	}
	case RTE_FLOW_ACTION_TYPE_SET_TTL:
	case RTE_FLOW_ACTION_TYPE_DEC_TTL:
		ret = need(rule, a, name, MLX5X_FLOW_L3_ANY, 0, error);
		if (ret < 0)
			return ret;
		if (a->type == RTE_FLOW_ACTION_TYPE_DEC_TTL)
			/* Add 0xff modulo the 8-bit field: minus one. */
			return v4 ? ADD(IP_TTL, 0xff)
				  : ADD(IPV6_HOPLIMIT, 0xff);
		v = ((const struct rte_flow_action_set_ttl *)c)->ttl_value;
		return v4 ? SET(IP_TTL, 8, v) : SET(IPV6_HOPLIMIT, 8, v);
	case RTE_FLOW_ACTION_TYPE_SET_IPV4_DSCP:
	case RTE_FLOW_ACTION_TYPE_SET_IPV6_DSCP:
		ret = need(rule, a, name,
			   a->type == RTE_FLOW_ACTION_TYPE_SET_IPV4_DSCP
				   ? MLX5X_FLOW_L3_IPV4
				   : MLX5X_FLOW_L3_IPV6,
			   0, error);
		if (ret < 0)
			return ret;
		v = ((const struct rte_flow_action_set_dscp *)c)->dscp;
		if (v > 0x3f)
			return mlx5x_flow_conf_refuse(error, a, EINVAL,
						      "action %s: dscp %u does not fit 6 bits",
						      name, v);
		return SET(IP_DSCP, 6, v);
	case RTE_FLOW_ACTION_TYPE_INC_TCP_SEQ:
	case RTE_FLOW_ACTION_TYPE_DEC_TCP_SEQ:
	case RTE_FLOW_ACTION_TYPE_INC_TCP_ACK:
	case RTE_FLOW_ACTION_TYPE_DEC_TCP_ACK:
		ret = need(rule, a, name, MLX5X_FLOW_L3_ANY, IPPROTO_TCP,
			   error);
		if (ret < 0)
			return ret;
		v = rte_be_to_cpu_32(*(const rte_be32_t *)c);
		if (a->type == RTE_FLOW_ACTION_TYPE_DEC_TCP_SEQ ||
		    a->type == RTE_FLOW_ACTION_TYPE_DEC_TCP_ACK)
			v = 0u - v; /* add modulo 2^32 */
		if (a->type == RTE_FLOW_ACTION_TYPE_INC_TCP_SEQ ||
		    a->type == RTE_FLOW_ACTION_TYPE_DEC_TCP_SEQ)
			return ADD(TCP_SEQ_NUM, v);
		return ADD(TCP_ACK_NUM, v);
	case RTE_FLOW_ACTION_TYPE_MODIFY_FIELD:
		return modify_field(dev, rule, a, error);
	default:
		return mlx5x_flow_conf_refuse(error, a, ENOTSUP,
					      "action %s: not a header rewrite",
					      name);
	}
}
