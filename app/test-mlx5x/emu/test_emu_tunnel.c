/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, tunnel and flex parser matching: frames built here
 * (GRE/NVGRE, GENEVE, VXLAN-GPE, GTP-U, MPLS on Ethernet, over GRE and
 * over UDP, ICMP/ICMPv6, IPv6 fragments) must hit or miss NIC RX rules on
 * misc, misc 2, misc 3 and inner header fields, at mask edges; the HCA
 * caps say which fields a model parses and CREATE_FLOW_GROUP / DR refuse
 * the others; a randomized differential check of the hashed lookup over
 * these fields against a linear model (seed printed, MLX5X_TEST_SEED
 * replays it).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

#define M_MISC 64
#define M_INNER 128
#define M_MISC2 192
#define BAD_FIELD_SYNDROME 0xa20003

static const uint8_t dmac[6] = { 0x02, 0, 0, 0, 0, 0x0a };

/* ---- frames ------------------------------------------------------------ */

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

/* Ethernet (ethertype et) + IPv4 or IPv6 (l3 4 / 6, next header proto)
 * + l4; returns the frame length. */
static size_t
frame_ip(uint8_t *f, int l3, uint8_t proto, const uint8_t *l4, size_t l4len)
{
	uint8_t *ip = f + 14;
	size_t hl = l3 == 4 ? 20 : 40;

	memcpy(f, dmac, 6);
	memcpy(f + 6, "\x02\x00\x00\x00\x00\x01", 6);
	put16(f + 12, l3 == 4 ? 0x0800 : 0x86dd);
	memset(ip, 0, hl);
	if (l3 == 4) {
		ip[0] = 0x45;
		put16(ip + 2, (uint16_t)(20 + l4len));
		ip[8] = 64;
		ip[9] = proto;
		put32(ip + 12, 0x0a000001);
		put32(ip + 16, 0x0a000002);
	} else {
		ip[0] = 0x60;
		put16(ip + 4, (uint16_t)l4len);
		ip[6] = proto;
		ip[7] = 64;
		ip[23] = 1;
		ip[39] = 2;
	}
	memcpy(ip + hl, l4, l4len);
	return 14 + hl + l4len;
}

/* An IPv4/UDP packet (no checksum) to dip, sport 1000, dport 2000. */
static size_t
inner_ip4(uint8_t *b, uint32_t dip)
{
	memset(b, 0, 28);
	b[0] = 0x45;
	put16(b + 2, 28);
	b[8] = 64;
	b[9] = 17;
	put32(b + 12, 0xc0a80001);
	put32(b + 16, dip);
	put16(b + 20, 1000);
	put16(b + 22, 2000);
	put16(b + 24, 8);
	return 28;
}

/* The same behind an Ethernet header. */
static size_t
inner_eth_ip4(uint8_t *b, uint32_t dip)
{
	memcpy(b, "\x02\x00\x00\x00\x00\x0b\x02\x00\x00\x00\x00\x0c", 12);
	put16(b + 12, 0x0800);
	return 14 + inner_ip4(b + 14, dip);
}

/* UDP header to dport (checksum 0, allowed over IPv4) + payload. */
static size_t
udp(uint8_t *b, uint16_t dport, const uint8_t *pl, size_t plen)
{
	put16(b, 40000);
	put16(b + 2, dport);
	put16(b + 4, (uint16_t)(8 + plen));
	put16(b + 6, 0);
	memcpy(b + 8, pl, plen);
	return 8 + plen;
}

/* ---- one NIC RX root table, one group, one drop entry ------------------ */

struct rig {
	struct emu_dev d;
	uint32_t ft, fg;
	bool entry;
};

static int
rig_cmd_ft(struct rig *r, uint16_t op, uint32_t id)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(destroy_flow_group_in)] = { 0 };
	uint8_t out[16];

	MLX5X_SET(destroy_flow_group_in, in, opcode, op);
	MLX5X_SET(destroy_flow_group_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(destroy_flow_group_in, in, table_id, r->ft);
	MLX5X_SET(destroy_flow_group_in, in, group_id, id);
	return emu_cmd(&r->d, in, sizeof(in), out, sizeof(out));
}

static int
rig_open(struct rig *r, const char *cfg)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
	uint8_t out[16] = { 0 };
	void *c = MLX5X_ADDR_OF(create_flow_table_in, in, flow_table_context);

	memset(r, 0, sizeof(*r));
	if (emu_dev_open(&r->d, cfg) != 0)
		return -1;
	emu.trace_enable(0, 1);
	MLX5X_SET(create_flow_table_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(flow_table_context, c, log_size, 7);
	if (emu_cmd(&r->d, in, sizeof(in), out, sizeof(out)) != 0)
		return -1;
	r->ft = MLX5X_GET(create_flow_table_out, out, table_id);
	MLX5X_SET(set_flow_table_root_in, rin, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, rin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_flow_table_root_in, rin, table_id, r->ft);
	return emu_cmd(&r->d, rin, sizeof(rin), out, sizeof(out));
}

/* CREATE_FLOW_GROUP over [start, end]: the PRM status, *id the group,
 * *syn the syndrome. */
static int
rig_group(struct rig *r, uint32_t start, uint32_t end, uint8_t crit,
	  const uint8_t *mask, uint32_t *id, uint32_t *syn)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint8_t out[16] = { 0 };
	int st;

	MLX5X_SET(create_flow_group_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(create_flow_group_in, in, table_id, r->ft);
	MLX5X_SET(create_flow_group_in, in, start_flow_index, start);
	MLX5X_SET(create_flow_group_in, in, end_flow_index, end);
	MLX5X_SET(create_flow_group_in, in, match_criteria_enable, crit);
	memcpy(MLX5X_ADDR_OF(create_flow_group_in, in, match_criteria), mask,
	       512);
	st = emu_cmd(&r->d, in, sizeof(in), out, sizeof(out));
	if (syn != NULL)
		*syn = MLX5X_GET(mbox_out, out, syndrome);
	*id = st == 0 ? MLX5X_GET(create_flow_group_out, out, group_id) : 0;
	return st;
}

/* A drop entry at index idx of group fg: the PRM status. */
static int
rig_entry(struct rig *r, uint32_t fg, uint32_t idx, const uint8_t *val)
{
	static uint8_t in[MLX5X_ST_SZ_BYTES(set_fte_in) + 8];
	void *fc = MLX5X_ADDR_OF(set_fte_in, in, flow_context);
	uint8_t out[16] = { 0 };

	memset(in, 0, sizeof(in));
	MLX5X_SET(set_fte_in, in, opcode, MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY);
	MLX5X_SET(set_fte_in, in, table_type, MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_fte_in, in, table_id, r->ft);
	MLX5X_SET(set_fte_in, in, flow_index, idx);
	MLX5X_SET(flow_context, fc, group_id, fg);
	MLX5X_SET(flow_context, fc, action, MLX5X_FLOW_CONTEXT_ACTION_DROP);
	memcpy(MLX5X_ADDR_OF(flow_context, fc, match_value), val, 512);
	return emu_cmd(&r->d, in, sizeof(in), out, sizeof(out));
}

static void
rig_entry_del(struct rig *r, uint32_t idx)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(delete_fte_in)] = { 0 };
	uint8_t out[16];

	MLX5X_SET(delete_fte_in, in, opcode,
		  MLX5X_CMD_OP_DELETE_FLOW_TABLE_ENTRY);
	MLX5X_SET(delete_fte_in, in, table_type, MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(delete_fte_in, in, table_id, r->ft);
	MLX5X_SET(delete_fte_in, in, flow_index, idx);
	emu_cmd(&r->d, in, sizeof(in), out, sizeof(out));
}

static void
rig_clear(struct rig *r)
{
	if (r->entry)
		rig_entry_del(r, 0);
	r->entry = false;
	if (r->fg != 0)
		rig_cmd_ft(r, MLX5X_CMD_OP_DESTROY_FLOW_GROUP, r->fg);
	r->fg = 0;
}

/* Replace the rule: a group [0, 0] with this criteria and a drop entry
 * with this value. Returns CREATE_FLOW_GROUP's status (or, when that
 * succeeds, SET_FLOW_TABLE_ENTRY's), *syn its syndrome. */
static int
rig_rule(struct rig *r, uint8_t crit, const uint8_t *mask, const uint8_t *val,
	 uint32_t *syn)
{
	int st;

	rig_clear(r);
	st = rig_group(r, 0, 0, crit, mask, &r->fg, syn);
	if (st != 0)
		return st;
	st = rig_entry(r, r->fg, 0, val);
	r->entry = st == 0;
	return st;
}

static void
rig_close(struct rig *r)
{
	uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
	uint8_t out[16];

	rig_clear(r);
	MLX5X_SET(set_flow_table_root_in, rin, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, rin, op_mod, 1);
	MLX5X_SET(set_flow_table_root_in, rin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	emu_cmd(&r->d, rin, sizeof(rin), out, sizeof(out));
	rig_cmd_ft(r, MLX5X_CMD_OP_DESTROY_FLOW_TABLE, 0);
	emu.trace_enable(0, 0);
	emu_dev_close(&r->d);
}

/* True when the frame hit the drop entry (the trace says so). */
static bool
hit(const uint8_t *frame, size_t len)
{
	static char trace[8192];

	emu.inject_wire(0, frame, len);
	emu.trace(0, trace, sizeof(trace));
	return strstr(trace, "hit fte 0") != NULL &&
	       strstr(trace, "nic rx: drop") != NULL;
}

/* mask and value of one field: v under m. */
#define BOTH(typ, fld, m, v)                                                   \
	do {                                                                   \
		MLX5X_SET(typ, mask, fld, m);                                  \
		MLX5X_SET(typ, val, fld, v);                                   \
	} while (0)
#define M3(fld, m, v) BOTH(fte_match_param_misc3, misc_parameters_3.fld, m, v)
/* The same in the part of fte_match_param at byte offset off. */
#define BOTH_AT(typ, off, fld, m, v)                                           \
	do {                                                                   \
		MLX5X_SET(typ, mask + (off), fld, m);                          \
		MLX5X_SET(typ, val + (off), fld, v);                           \
	} while (0)

/* ---- ICMP / ICMPv6 (misc 3) -------------------------------------------- */

static size_t
icmp_frame(uint8_t *f, int l3, uint8_t type, uint8_t code, uint32_t data)
{
	uint8_t ic[16] = { type, code };

	put32(ic + 4, data);
	return frame_ip(f, l3, l3 == 4 ? 1 : 58, ic, sizeof(ic));
}

static int
test_tunnel_icmp_type_code_data(void)
{
	uint8_t mask[512] = { 0 }, val[512] = { 0 }, f[128], vx[128], in[64];
	struct rig r;
	size_t n;

	TEST_ASSERT(rig_open(&r, "wire=drop") == 0, "open");
	/* Echo request (8/0), identifier 0x1234 whatever the sequence: the
	 * header data's upper half only. */
	M3(icmp_type, 0xff, 8);
	M3(icmp_code, 0xff, 0);
	M3(icmp_header_data, 0xffff0000, 0x12340000);
	TEST_ASSERT_EQ(rig_rule(&r, MLX5X_MATCH_MISC_PARAMETERS_3, mask, val,
				NULL),
		       0, "icmp rule");
	TEST_ASSERT(hit(f, icmp_frame(f, 4, 8, 0, 0x12340001)), "echo hits");
	TEST_ASSERT(hit(f, icmp_frame(f, 4, 8, 0, 0x1234ffff)),
		    "any sequence hits");
	TEST_ASSERT(!hit(f, icmp_frame(f, 4, 8, 0, 0x12350001)),
		    "other identifier misses");
	TEST_ASSERT(!hit(f, icmp_frame(f, 4, 0, 0, 0x12340001)),
		    "echo reply misses");
	TEST_ASSERT(!hit(f, icmp_frame(f, 4, 8, 1, 0x12340001)),
		    "code 1 misses");
	/* ICMPv6 fields are their own: an ICMPv6 echo request (128) has no
	 * ICMPv4 type. */
	TEST_ASSERT(!hit(f, icmp_frame(f, 6, 8, 0, 0x12340001)),
		    "ICMPv6 type 8 does not fill icmp_type");
	/* Inner ICMP behind VXLAN: the flex parser finds it there. */
	memset(vx, 0, 8);
	vx[0] = 0x08;
	n = inner_eth_ip4(vx + 8, 0x01020304);
	vx[8 + 14 + 9] = 1; /* protocol ICMP */
	memset(vx + 8 + 34, 0, 8);
	vx[8 + 34] = 8;
	put32(vx + 8 + 38, 0x12340007);
	n = udp(in, 4789, vx, 8 + n);
	TEST_ASSERT(hit(f, frame_ip(f, 4, 17, in, n)), "inner echo hits");

	memset(mask, 0, sizeof(mask));
	memset(val, 0, sizeof(val));
	M3(icmpv6_type, 0xff, 128);
	M3(icmpv6_code, 0xff, 0);
	M3(icmpv6_header_data, 0xffffffff, 0xabcd0001);
	TEST_ASSERT_EQ(rig_rule(&r, MLX5X_MATCH_MISC_PARAMETERS_3, mask, val,
				NULL),
		       0, "icmpv6 rule");
	TEST_ASSERT(hit(f, icmp_frame(f, 6, 128, 0, 0xabcd0001)),
		    "ICMPv6 echo hits");
	TEST_ASSERT(!hit(f, icmp_frame(f, 6, 129, 0, 0xabcd0001)),
		    "ICMPv6 reply misses");
	TEST_ASSERT(!hit(f, icmp_frame(f, 6, 128, 0, 0xabcd0002)),
		    "ICMPv6 other sequence misses");
	TEST_ASSERT(!hit(f, icmp_frame(f, 4, 128, 0, 0xabcd0001)),
		    "ICMPv4 type 128 misses");
	/* A later frame without ICMP clears what an earlier one parsed. */
	TEST_ASSERT(hit(f, icmp_frame(f, 6, 128, 0, 0xabcd0001)), "again");
	n = udp(in, 53, (const uint8_t *)"\x80\x00\x00\x00\xab\xcd\x00\x01", 8);
	TEST_ASSERT(!hit(f, frame_ip(f, 6, 17, in, n)),
		    "UDP after ICMPv6 misses");
	rig_close(&r);
	return MLX5X_TEST_PASS;
}

/* QUERY_HCA_CAP (current) of a capability type into out. */
static int
query_cap(struct emu_dev *d, uint16_t type, uint8_t *out, size_t outlen)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(query_hca_cap_in)] = { 0 };

	MLX5X_SET(query_hca_cap_in, in, opcode, MLX5X_CMD_OP_QUERY_HCA_CAP);
	MLX5X_SET(query_hca_cap_in, in, op_mod, type << 1 | 1);
	return emu_cmd(d, in, sizeof(in), out, outlen);
}

static int
test_tunnel_flex_caps_per_model(void)
{
	static const struct {
		const char *cfg;
		bool flex;
		int sw;
	} models[] = {
		{ "model=cx4,wire=drop", false, 0 },
		{ "model=cx4lx,wire=drop", false, 0 },
		{ "model=cx5,wire=drop", true, 1 },
		{ "model=cx6,wire=drop", true, 1 },
		{ "model=cx6dx,wire=drop", true, 2 },
	};
	static uint8_t out[MLX5X_ST_SZ_BYTES(query_hca_cap_out)];
	const uint32_t want_flex =
		MLX5X_FLEX_PARSER_ICMP_V4 | MLX5X_FLEX_PARSER_ICMP_V6 |
		MLX5X_FLEX_PARSER_GENEVE | MLX5X_FLEX_PARSER_VXLAN_GPE |
		MLX5X_FLEX_PARSER_GTPU | MLX5X_FLEX_PARSER_CW_MPLS_OVER_GRE |
		MLX5X_FLEX_PARSER_CW_MPLS_OVER_UDP;
	uint8_t mask[512], val[512] = { 0 };
	size_t i;

	for (i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
		void *cap = MLX5X_ADDR_OF(query_hca_cap_out, out, capability);
		void *rx = MLX5X_ADDR_OF(flow_table_nic_cap, cap,
					 flow_table_properties_nic_receive);
		uint32_t flex, syn = 0;
		struct rig r;
		int st;

		TEST_ASSERT(rig_open(&r, models[i].cfg) == 0, "%s",
			    models[i].cfg);
		TEST_ASSERT_EQ(query_cap(&r.d, MLX5X_CAP_GENERAL, out,
					 sizeof(out)),
			       0, "general caps");
		flex = MLX5X_GET(cmd_hca_cap_flex, cap, flex_parser_protocols);
		TEST_ASSERT_EQ(flex, models[i].flex ? want_flex : 0,
			       "%s flex_parser_protocols", models[i].cfg);
		TEST_ASSERT_EQ(MLX5X_GET(cmd_hca_cap_flex, cap,
					 steering_format_version),
			       models[i].sw == 2 ? 1 : 0, "%s steering format",
			       models[i].cfg);
		TEST_ASSERT_EQ(query_cap(&r.d, MLX5X_CAP_FLOW_TABLE, out,
					 sizeof(out)),
			       0, "flow table caps");
		TEST_ASSERT_EQ(MLX5X_GET(flow_table_prop_fields, rx, sw_owner),
			       models[i].sw == 1, "%s sw_owner", models[i].cfg);
		TEST_ASSERT_EQ(MLX5X_GET(flow_table_prop_fields, rx,
					 sw_owner_v2),
			       models[i].sw == 2, "%s sw_owner_v2",
			       models[i].cfg);
		TEST_ASSERT_EQ(MLX5X_GET(flow_table_prop_fields, rx,
					 ft_field_support.outer_geneve_vni),
			       models[i].flex, "%s outer_geneve_vni",
			       models[i].cfg);
		TEST_ASSERT_EQ(MLX5X_GET(flow_table_prop_fields, rx,
					 ft_field_support
						 .outer_first_mpls_label),
			       models[i].flex, "%s outer_first_mpls_label",
			       models[i].cfg);
		TEST_ASSERT_EQ(MLX5X_GET(flow_table_prop_fields, rx,
					 ft_field_support.outer_gre_key),
			       1, "%s outer_gre_key", models[i].cfg);
		/* Each flex field's criteria: accepted where advertised,
		 * refused with a bad parameter elsewhere. */
		memset(mask, 0, sizeof(mask));
		MLX5X_SET(fte_match_param_misc3, mask,
			  misc_parameters_3.icmp_type, 0xff);
		st = rig_rule(&r, MLX5X_MATCH_MISC_PARAMETERS_3, mask, val,
			      &syn);
		TEST_ASSERT(models[i].flex
				    ? st == 0
				    : st == MLX5X_CMD_STAT_BAD_PARAM_ERR &&
					      syn == BAD_FIELD_SYNDROME,
			    "%s icmp_type criteria: status 0x%x syndrome 0x%x",
			    models[i].cfg, st, syn);
		memset(mask, 0, sizeof(mask));
		MLX5X_SET(fte_match_set_misc_geneve, mask + M_MISC, geneve_vni,
			  0xffffff);
		st = rig_rule(&r, MLX5X_MATCH_MISC_PARAMETERS, mask, val, &syn);
		TEST_ASSERT_EQ(st == 0, models[i].flex, "%s geneve_vni",
			       models[i].cfg);
		memset(mask, 0, sizeof(mask));
		MLX5X_SET(fte_match_set_misc2_mpls, mask + M_MISC2,
			  outer_first_mpls_over_udp.mpls_label, 0xfffff);
		st = rig_rule(&r, MLX5X_MATCH_MISC_PARAMETERS_2, mask, val,
			      &syn);
		TEST_ASSERT_EQ(st == 0, models[i].flex, "%s mpls over udp",
			       models[i].cfg);
		/* The same criteria with misc 2 not enabled names nothing. */
		TEST_ASSERT_EQ(rig_rule(&r, 0, mask, val, NULL), 0,
			       "%s criteria not enabled", models[i].cfg);
		/* GRE and VXLAN: every model. */
		memset(mask, 0, sizeof(mask));
		MLX5X_SET(fte_match_set_misc_tun, mask + M_MISC, gre_key_h,
			  0xffffff);
		TEST_ASSERT_EQ(rig_rule(&r, MLX5X_MATCH_MISC_PARAMETERS, mask,
					val, NULL),
			       0, "%s gre key", models[i].cfg);
		/* Fields no model parses: refused everywhere. */
		memset(mask, 0, sizeof(mask));
		MLX5X_SET(fte_match_param_misc3, mask,
			  misc_parameters_3.outer_tcp_seq_num, 1);
		TEST_ASSERT_EQ(rig_rule(&r, MLX5X_MATCH_MISC_PARAMETERS_3, mask,
					val, &syn),
			       MLX5X_CMD_STAT_BAD_PARAM_ERR, "%s tcp seq",
			       models[i].cfg);
		rig_close(&r);
	}
	return MLX5X_TEST_PASS;
}

/* DR: no software ownership, no domain (rdma-core's DR refuses the same
 * way, and a driver falls back); a matcher naming a field the caps leave
 * out is refused. */
static int
test_tunnel_dr_sw_owner_and_matcher(void)
{
	static const char *const cfgs[] = { "model=cx4,wire=drop",
					    "model=cx4lx,wire=drop",
					    "model=cx5,wire=drop",
					    "model=cx6dx,wire=drop" };
	struct {
		struct mlx5dv_flow_match_parameters p;
		uint8_t buf[512];
	} m;
	size_t i;

	for (i = 0; i < sizeof(cfgs) / sizeof(cfgs[0]); i++) {
		bool sw = i >= 2;
		struct mlx5dv_dr_domain *dmn;
		struct mlx5dv_dr_matcher *mt;
		struct mlx5dv_dr_table *t;
		struct emu_dev d;

		TEST_ASSERT(emu_dev_open(&d, cfgs[i]) == 0, "%s", cfgs[i]);
		errno = 0;
		dmn = emu.dr_domain_create(d.ctx, MLX5DV_DR_DOMAIN_TYPE_NIC_RX);
		TEST_ASSERT_EQ(dmn != NULL, sw, "%s NIC RX domain", cfgs[i]);
		if (!sw) {
			TEST_ASSERT_EQ(errno, EOPNOTSUPP, "%s errno", cfgs[i]);
			TEST_ASSERT(emu.dr_domain_create(d.ctx,
							 MLX5DV_DR_DOMAIN_TYPE_NIC_TX) ==
					    NULL,
				    "%s NIC TX domain", cfgs[i]);
			emu_dev_close(&d);
			continue;
		}
		t = emu.dr_table_create(dmn, 1);
		TEST_ASSERT(t != NULL, "table");
		memset(&m, 0, sizeof(m));
		m.p.match_sz = 512;
		MLX5X_SET(fte_match_param_misc3, m.p.match_buf,
			  misc_parameters_3.gtpu_teid, 0xffffffff);
		mt = emu.dr_matcher_create(t, 0, MLX5X_MATCH_MISC_PARAMETERS_3,
					   &m.p);
		TEST_ASSERT(mt != NULL, "%s gtpu_teid matcher", cfgs[i]);
		emu.dr_matcher_destroy(mt);
		MLX5X_SET(fte_match_param_misc3, m.p.match_buf,
			  misc_parameters_3.gtpu_dw_0, 0xff);
		errno = 0;
		mt = emu.dr_matcher_create(t, 0, MLX5X_MATCH_MISC_PARAMETERS_3,
					   &m.p);
		TEST_ASSERT(mt == NULL && errno == EINVAL,
			    "%s matcher on gtpu_dw_0 refused (errno %d)",
			    cfgs[i], errno);
		emu.dr_table_destroy(t);
		emu.dr_domain_destroy(dmn);
		emu_dev_close(&d);
	}
	return MLX5X_TEST_PASS;
}

/* ---- GRE / NVGRE (misc) -------------------------------------------------- */

/* GRE: flags (C, K, S), protocol, key, payload; checksum and sequence
 * words present as the flags say. */
static size_t
gre(uint8_t *b, bool c, bool k, bool s, uint16_t proto, uint32_t key,
    const uint8_t *pl, size_t plen)
{
	size_t n = 4;

	put16(b, (uint16_t)((c ? 0x8000 : 0) | (k ? 0x2000 : 0) |
			    (s ? 0x1000 : 0)));
	put16(b + 2, proto);
	if (c) {
		put32(b + n, 0);
		n += 4;
	}
	if (k) {
		put32(b + n, key);
		n += 4;
	}
	if (s) {
		put32(b + n, 77);
		n += 4;
	}
	memcpy(b + n, pl, plen);
	return n + plen;
}

#define TUN(fld, m, v) BOTH_AT(fte_match_set_misc_tun, M_MISC, fld, m, v)
#define GEN(fld, m, v) BOTH_AT(fte_match_set_misc_geneve, M_MISC, fld, m, v)
#define MPLS(fld, m, v) BOTH_AT(fte_match_set_misc2_mpls, M_MISC2, fld, m, v)
#define IN_DIP(v)                                                              \
	BOTH(fte_match_param,                                                  \
	     inner_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4, 0xffffffff, v)

static int
test_tunnel_gre_nvgre_inner(void)
{
	uint8_t mask[512] = { 0 }, val[512] = { 0 }, f[256], g[192], in[64];
	const uint8_t crit =
		MLX5X_MATCH_MISC_PARAMETERS | MLX5X_MATCH_INNER_HEADERS;
	struct rig r;
	size_t n;

	TEST_ASSERT(rig_open(&r, "wire=drop") == 0, "open");
	/* NVGRE: K present, protocol 0x6558, VSID 0x123456 (key_h), any
	 * flow id (key_l); inner IPv4 destination 10.9.9.9. */
	TUN(gre_k_present, 1, 1);
	TUN(gre_protocol, 0xffff, 0x6558);
	TUN(gre_key_h, 0xffffff, 0x123456);
	IN_DIP(0x0a090909);
	TEST_ASSERT_EQ(rig_rule(&r, crit, mask, val, NULL), 0, "nvgre rule");
	n = inner_eth_ip4(in, 0x0a090909);
	TEST_ASSERT(hit(f, frame_ip(f, 4, 47, g,
				    gre(g, false, true, false, 0x6558,
					0x12345601, in, n))),
		    "NVGRE hits");
	TEST_ASSERT(hit(f, frame_ip(f, 6, 47, g,
				    gre(g, false, true, false, 0x6558,
					0x123456ff, in, n))),
		    "NVGRE over IPv6, other flow id, hits");
	/* Checksum and sequence words around the key: the key still read
	 * at its place. */
	TEST_ASSERT(hit(f, frame_ip(f, 4, 47, g,
				    gre(g, true, true, true, 0x6558, 0x12345600,
					in, n))),
		    "C and S present hits");
	TEST_ASSERT(!hit(f, frame_ip(f, 4, 47, g,
				     gre(g, false, true, false, 0x6558,
					 0x12345700, in, n))),
		    "other VSID misses");
	TEST_ASSERT(!hit(f, frame_ip(f, 4, 47, g,
				     gre(g, false, false, false, 0x6558, 0, in,
					 n))),
		    "no key misses");
	n = inner_eth_ip4(in, 0x0a090908);
	TEST_ASSERT(!hit(f, frame_ip(f, 4, 47, g,
				     gre(g, false, true, false, 0x6558,
					 0x12345601, in, n))),
		    "other inner destination misses");
	/* The inner headers are those of the tunnel: a plain IPv4/UDP frame
	 * to the same destination has none. */
	memcpy(f, dmac, 6);
	memcpy(f + 6, "\x02\x00\x00\x00\x00\x01", 6);
	put16(f + 12, 0x0800);
	TEST_ASSERT(!hit(f, 14 + inner_ip4(f + 14, 0x0a090909)),
		    "no tunnel misses");

	/* GRE carrying IPv4 (an L3 tunnel): C and S present, no key. */
	memset(mask, 0, sizeof(mask));
	memset(val, 0, sizeof(val));
	TUN(gre_c_present, 1, 1);
	TUN(gre_s_present, 1, 1);
	TUN(gre_k_present, 1, 0);
	TUN(gre_protocol, 0xffff, 0x0800);
	IN_DIP(0x0a090909);
	BOTH(fte_match_param, inner_headers.udp_dport, 0xffff, 2000);
	TEST_ASSERT_EQ(rig_rule(&r, crit, mask, val, NULL), 0, "gre rule");
	n = inner_ip4(in, 0x0a090909);
	TEST_ASSERT(hit(f,
			frame_ip(f, 4, 47, g,
				 gre(g, true, false, true, 0x0800, 0, in, n))),
		    "GRE/IPv4 hits");
	TEST_ASSERT(!hit(f,
			 frame_ip(f, 4, 47, g,
				  gre(g, true, true, true, 0x0800, 5, in, n))),
		    "K present misses");
	TEST_ASSERT(!hit(f, frame_ip(f, 4, 47, g,
				     gre(g, false, false, true, 0x0800, 0, in,
					 n))),
		    "C absent misses");
	in[22] = 0x07; /* udp dport 2000 -> 0x07d1 */
	in[23] = 0xd1;
	TEST_ASSERT(!hit(f,
			 frame_ip(f, 4, 47, g,
				  gre(g, true, false, true, 0x0800, 0, in, n))),
		    "inner port 2001 misses");
	rig_close(&r);
	return MLX5X_TEST_PASS;
}

/* ---- GENEVE (misc), VXLAN-GPE (misc 3) ---------------------------------- */

static int
test_tunnel_geneve_vxlan_gpe_inner(void)
{
	uint8_t mask[512] = { 0 }, val[512] = { 0 }, f[256], u[192], t[160];
	struct rig r;
	size_t n;

	TEST_ASSERT(rig_open(&r, "wire=drop") == 0, "open");
	GEN(geneve_vni, 0xffffff, 0xabcdef);
	GEN(geneve_oam, 1, 0);
	GEN(geneve_protocol_type, 0xffff, 0x6558);
	GEN(geneve_opt_len, 0x3f, 2);
	IN_DIP(0x0a090909);
	TEST_ASSERT_EQ(rig_rule(&r,
				MLX5X_MATCH_MISC_PARAMETERS |
					MLX5X_MATCH_INNER_HEADERS,
				mask, val, NULL),
		       0, "geneve rule");
	/* GENEVE with two option words, then Ethernet/IPv4. */
	memset(t, 0, 16);
	t[0] = 2;
	put16(t + 2, 0x6558);
	t[4] = 0xab;
	t[5] = 0xcd;
	t[6] = 0xef;
	n = 16 + inner_eth_ip4(t + 16, 0x0a090909);
	TEST_ASSERT(hit(f, frame_ip(f, 4, 17, u, udp(u, 6081, t, n))),
		    "GENEVE hits");
	t[1] = 0x80; /* O bit */
	TEST_ASSERT(!hit(f, frame_ip(f, 4, 17, u, udp(u, 6081, t, n))),
		    "OAM misses");
	t[1] = 0;
	t[6] = 0xee;
	TEST_ASSERT(!hit(f, frame_ip(f, 4, 17, u, udp(u, 6081, t, n))),
		    "other VNI misses");
	t[6] = 0xef;
	TEST_ASSERT(!hit(f, frame_ip(f, 4, 17, u, udp(u, 6082, t, n))),
		    "other UDP port misses");
	/* One option word fewer: the inner frame moves and opt_len differs. */
	memmove(t + 12, t + 16, n - 16);
	t[0] = 1;
	TEST_ASSERT(!hit(f, frame_ip(f, 4, 17, u, udp(u, 6081, t, n - 4))),
		    "opt_len 1 misses");

	/* VXLAN-GPE: flags with I and P, next protocol IPv4, VNI 0x42. */
	memset(mask, 0, sizeof(mask));
	memset(val, 0, sizeof(val));
	M3(outer_vxlan_gpe_vni, 0xffffff, 0x42);
	M3(outer_vxlan_gpe_next_protocol, 0xff, 1);
	M3(outer_vxlan_gpe_flags, 0x0c, 0x0c);
	IN_DIP(0x0a090909);
	TEST_ASSERT_EQ(rig_rule(&r,
				MLX5X_MATCH_MISC_PARAMETERS_3 |
					MLX5X_MATCH_INNER_HEADERS,
				mask, val, NULL),
		       0, "gpe rule");
	memset(t, 0, 8);
	t[0] = 0x0c;
	t[3] = 1;
	t[6] = 0x42;
	n = 8 + inner_ip4(t + 8, 0x0a090909);
	TEST_ASSERT(hit(f, frame_ip(f, 4, 17, u, udp(u, 4790, t, n))),
		    "VXLAN-GPE/IPv4 hits");
	t[0] = 0x0d; /* O bit outside the mask */
	TEST_ASSERT(hit(f, frame_ip(f, 4, 17, u, udp(u, 4790, t, n))),
		    "flag outside the mask hits");
	t[0] = 0x08;
	TEST_ASSERT(!hit(f, frame_ip(f, 4, 17, u, udp(u, 4790, t, n))),
		    "P clear misses");
	t[0] = 0x0c;
	t[6] = 0x43;
	TEST_ASSERT(!hit(f, frame_ip(f, 4, 17, u, udp(u, 4790, t, n))),
		    "other VNI misses");
	t[6] = 0x42;
	TEST_ASSERT(!hit(f, frame_ip(f, 4, 17, u, udp(u, 4789, t, n))),
		    "VXLAN port misses");
	rig_close(&r);
	return MLX5X_TEST_PASS;
}

/* ---- GTP-U (misc 3) -------------------------------------------------------- */

static int
test_tunnel_gtpu_teid_type_flags(void)
{
	uint8_t mask[512] = { 0 }, val[512] = { 0 }, f[256], u[192], t[160];
	struct rig r;
	size_t n;

	TEST_ASSERT(rig_open(&r, "wire=drop") == 0, "open");
	M3(gtpu_teid, 0xffffffff, 0x01020304);
	M3(gtpu_msg_type, 0xff, 0xff);
	M3(gtpu_msg_flags, 0x04, 0x04); /* E: an extension header */
	IN_DIP(0x0a090909);
	TEST_ASSERT_EQ(rig_rule(&r,
				MLX5X_MATCH_MISC_PARAMETERS_3 |
					MLX5X_MATCH_INNER_HEADERS,
				mask, val, NULL),
		       0, "gtpu rule");
	/* G-PDU, version 1, PT, E; a PDU session container extension (one
	 * word, next type 0); then the user's IPv4 packet. */
	memset(t, 0, 16);
	t[0] = 0x34;
	t[1] = 0xff;
	put32(t + 4, 0x01020304);
	t[11] = 0x85;
	t[12] = 1;
	n = 16 + inner_ip4(t + 16, 0x0a090909);
	put16(t + 2, (uint16_t)(n - 8));
	TEST_ASSERT(hit(f, frame_ip(f, 4, 17, u, udp(u, 2152, t, n))),
		    "G-PDU with extension hits");
	t[7] = 5;
	TEST_ASSERT(!hit(f, frame_ip(f, 4, 17, u, udp(u, 2152, t, n))),
		    "other TEID misses");
	t[7] = 4;
	t[0] = 0x30; /* no extension: the payload is at 8, not 16 */
	TEST_ASSERT(!hit(f, frame_ip(f, 4, 17, u, udp(u, 2152, t, n))),
		    "E clear misses");
	t[0] = 0x34;
	t[1] = 0x01; /* echo request */
	TEST_ASSERT(!hit(f, frame_ip(f, 4, 17, u, udp(u, 2152, t, n))),
		    "echo request misses");
	rig_close(&r);
	return MLX5X_TEST_PASS;
}

/* ---- MPLS (misc 2) ----------------------------------------------------------- */

static int
test_tunnel_mpls_eth_udp_gre(void)
{
	uint8_t mask[512] = { 0 }, val[512] = { 0 }, f[256], u[192], t[160];
	struct rig r;
	size_t n;

	TEST_ASSERT(rig_open(&r, "wire=drop") == 0, "open");
	/* On Ethernet: label 0x12345, any TTL. */
	MPLS(outer_first_mpls.mpls_label, 0xfffff, 0x12345);
	MPLS(outer_first_mpls.mpls_s_bos, 1, 1);
	TEST_ASSERT_EQ(rig_rule(&r, MLX5X_MATCH_MISC_PARAMETERS_2, mask, val,
				NULL),
		       0, "mpls rule");
	memcpy(f, dmac, 6);
	memcpy(f + 6, "\x02\x00\x00\x00\x00\x01", 6);
	put16(f + 12, 0x8847);
	put32(f + 14, 0x12345 << 12 | 1 << 8 | 64);
	n = 18 + inner_ip4(f + 18, 1);
	TEST_ASSERT(hit(f, n), "label hits");
	put32(f + 14, 0x12345 << 12 | 1 << 8 | 3);
	TEST_ASSERT(hit(f, n), "other TTL hits");
	put32(f + 14, 0x12345 << 12 | 3);
	TEST_ASSERT(!hit(f, n), "not bottom of stack misses");
	put32(f + 14, 0x12344 << 12 | 1 << 8 | 64);
	TEST_ASSERT(!hit(f, n), "other label misses");

	/* Over UDP (6635): label, then the inner IPv4 packet. */
	memset(mask, 0, sizeof(mask));
	memset(val, 0, sizeof(val));
	MPLS(outer_first_mpls_over_udp.mpls_label, 0xfffff, 0x777);
	MPLS(outer_first_mpls_over_udp.mpls_exp, 0x7, 5);
	IN_DIP(0x0a090909);
	TEST_ASSERT_EQ(rig_rule(&r,
				MLX5X_MATCH_MISC_PARAMETERS_2 |
					MLX5X_MATCH_INNER_HEADERS,
				mask, val, NULL),
		       0, "mpls over udp rule");
	put32(t, 0x777 << 12 | 5 << 9 | 1 << 8 | 64);
	n = 4 + inner_ip4(t + 4, 0x0a090909);
	TEST_ASSERT(hit(f, frame_ip(f, 4, 17, u, udp(u, 6635, t, n))),
		    "MPLS over UDP hits");
	TEST_ASSERT(!hit(f, frame_ip(f, 4, 17, u, udp(u, 6636, t, n))),
		    "other port misses");
	put32(t, 0x777 << 12 | 4 << 9 | 1 << 8 | 64);
	TEST_ASSERT(!hit(f, frame_ip(f, 4, 17, u, udp(u, 6635, t, n))),
		    "other exp misses");
	/* Two labels: the first one counts, the inner packet after the
	 * second. */
	put32(t, 0x777 << 12 | 5 << 9 | 64);
	put32(t + 4, 0x1 << 12 | 1 << 8 | 64);
	n = 8 + inner_ip4(t + 8, 0x0a090909);
	TEST_ASSERT(hit(f, frame_ip(f, 4, 17, u, udp(u, 6635, t, n))),
		    "label stack hits");

	/* Over GRE (protocol 0x8847). */
	memset(mask, 0, sizeof(mask));
	memset(val, 0, sizeof(val));
	MPLS(outer_first_mpls_over_gre.mpls_label, 0xfffff, 0x888);
	TEST_ASSERT_EQ(rig_rule(&r, MLX5X_MATCH_MISC_PARAMETERS_2, mask, val,
				NULL),
		       0, "mpls over gre rule");
	put32(t, 0x888 << 12 | 1 << 8 | 64);
	n = 4 + inner_ip4(t + 4, 1);
	TEST_ASSERT(hit(f,
			frame_ip(f, 4, 47, u,
				 gre(u, false, false, false, 0x8847, 0, t, n))),
		    "MPLS over GRE hits");
	TEST_ASSERT(!hit(f, frame_ip(f, 4, 17, u, udp(u, 6635, t, n))),
		    "the same label over UDP misses");
	rig_close(&r);
	return MLX5X_TEST_PASS;
}

/* ---- IPv6 fragment extension header (outer frag, ip_protocol) -------------- */

static int
test_tunnel_ipv6_frag_ext(void)
{
	uint8_t mask[512] = { 0 }, val[512] = { 0 }, f[256], x[64];
	struct rig r;

	TEST_ASSERT(rig_open(&r, "wire=drop") == 0, "open");
	BOTH(fte_match_param, outer_headers.frag, 1, 1);
	BOTH(fte_match_param, outer_headers.ip_protocol, 0xff, 17);
	BOTH(fte_match_param, outer_headers.ip_version, 0xf, 6);
	TEST_ASSERT_EQ(rig_rule(&r, MLX5X_MATCH_OUTER_HEADERS, mask, val, NULL),
		       0, "frag rule");
	/* Fragment header (next header UDP), first fragment with M set. */
	memset(x, 0, sizeof(x));
	x[0] = 17;
	put16(x + 2, 0x0001);
	put32(x + 4, 0xabcd);
	udp(x + 8, 53, (const uint8_t *)"12345678", 8);
	TEST_ASSERT(hit(f, frame_ip(f, 6, 44, x, 24)), "first fragment hits");
	put16(x + 2, 0x0010); /* offset 2, last */
	TEST_ASSERT(hit(f, frame_ip(f, 6, 44, x, 24)), "last fragment hits");
	x[0] = 6;
	TEST_ASSERT(!hit(f, frame_ip(f, 6, 44, x, 24)),
		    "TCP fragment misses (ip_protocol is the upper one)");
	TEST_ASSERT(!hit(f, frame_ip(f, 6, 17, x + 8, 16)),
		    "unfragmented misses");
	/* Behind a hop-by-hop header too. */
	memmove(x + 8, x, 24);
	memset(x, 0, 8);
	x[0] = 44;
	x[8] = 17;
	TEST_ASSERT(hit(f, frame_ip(f, 6, 0, x, 32)),
		    "hop-by-hop then fragment hits");

	/* Not a fragment: ports behind a hop-by-hop header are matched. */
	memset(mask, 0, sizeof(mask));
	memset(val, 0, sizeof(val));
	BOTH(fte_match_param, outer_headers.frag, 1, 0);
	BOTH(fte_match_param, outer_headers.ip_protocol, 0xff, 17);
	BOTH(fte_match_param, outer_headers.udp_dport, 0xffff, 53);
	TEST_ASSERT_EQ(rig_rule(&r, MLX5X_MATCH_OUTER_HEADERS, mask, val, NULL),
		       0, "udp rule");
	memset(x, 0, 8);
	x[0] = 17;
	udp(x + 8, 53, (const uint8_t *)"12345678", 8);
	TEST_ASSERT(hit(f, frame_ip(f, 6, 0, x, 24)),
		    "UDP behind hop-by-hop hits");
	TEST_ASSERT(hit(f, frame_ip(f, 6, 17, x + 8, 16)), "plain UDP hits");
	rig_close(&r);
	return MLX5X_TEST_PASS;
}

/* ---- differential check of the hashed lookup over tunnel fields ------- */

enum {
	D_GRE_KEY,   /* misc gre_key_h */
	D_GENEVE,    /* misc geneve_vni */
	D_GPE,	     /* misc 3 outer_vxlan_gpe_vni */
	D_ICMP,	     /* misc 3 icmp_type */
	D_GTPU,	     /* misc 3 gtpu_teid */
	D_MPLS,	     /* misc 2 outer_first_mpls_over_udp label */
	D_INNER_DIP, /* inner headers */
	D_PROTO,     /* outer headers ip_protocol */
	DN
};

/* Frame kinds are the first six fields: each carries its own. */
#define D_KINDS 6
#define D_POOL 3
#define D_MAX_G 4
#define D_MAX_E 40

static const uint64_t d_width[DN] = { 0xffffff,	  0xffffff, 0xffffff,	0xff,
				      0xffffffff, 0xfffff,  0xffffffff, 0xff };
static const uint8_t d_part[DN] = {
	MLX5X_MATCH_MISC_PARAMETERS,   MLX5X_MATCH_MISC_PARAMETERS,
	MLX5X_MATCH_MISC_PARAMETERS_3, MLX5X_MATCH_MISC_PARAMETERS_3,
	MLX5X_MATCH_MISC_PARAMETERS_3, MLX5X_MATCH_MISC_PARAMETERS_2,
	MLX5X_MATCH_INNER_HEADERS,     MLX5X_MATCH_OUTER_HEADERS,
};
static const uint32_t d_pool[D_KINDS][D_POOL] = {
	{ 0x123456, 0x123457, 0xfedcba }, { 1, 2, 0x800001 },
	{ 0x42, 0x43, 0xc00042 },	  { 0, 8, 128 },
	{ 1, 0x01020304, 0x81020304 },	  { 16, 17, 0x80010 },
};
static const uint32_t d_dip[D_POOL] = { 0x0a000001, 0x0a000101, 0xc0a80001 };

static void
d_put(uint8_t *p, unsigned int f, uint64_t x)
{
	switch (f) {
	case D_GRE_KEY:
		MLX5X_SET(fte_match_set_misc_tun, p + M_MISC, gre_key_h, x);
		break;
	case D_GENEVE:
		MLX5X_SET(fte_match_set_misc_geneve, p + M_MISC, geneve_vni, x);
		break;
	case D_GPE:
		MLX5X_SET(fte_match_param_misc3, p,
			  misc_parameters_3.outer_vxlan_gpe_vni, x);
		break;
	case D_ICMP:
		MLX5X_SET(fte_match_param_misc3, p, misc_parameters_3.icmp_type,
			  x);
		break;
	case D_GTPU:
		MLX5X_SET(fte_match_param_misc3, p, misc_parameters_3.gtpu_teid,
			  x);
		break;
	case D_MPLS:
		MLX5X_SET(fte_match_set_misc2_mpls, p + M_MISC2,
			  outer_first_mpls_over_udp.mpls_label, x);
		break;
	case D_INNER_DIP:
		MLX5X_SET(fte_match_param, p,
			  inner_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4, x);
		break;
	default:
		MLX5X_SET(fte_match_param, p, outer_headers.ip_protocol, x);
		break;
	}
}

/* The frame of kind k carrying pool value v and inner destination di,
 * and the fields the model says it has. */
static size_t
d_frame(uint8_t *f, unsigned int k, unsigned int v, unsigned int di,
	uint64_t *fld)
{
	static uint8_t t[128], u[160];
	uint32_t x = d_pool[k][v];
	size_t n = 0;

	memset(fld, 0, DN * sizeof(*fld));
	fld[k] = x;
	fld[D_INNER_DIP] = k == D_ICMP ? 0 : d_dip[di];
	fld[D_PROTO] = k == D_GRE_KEY ? 47 : k == D_ICMP ? 1 : 17;
	memset(t, 0, 16);
	switch (k) {
	case D_GRE_KEY:
		n = inner_eth_ip4(t, d_dip[di]);
		return frame_ip(f, 4, 47, u,
				gre(u, false, true, false, 0x6558, x << 8, t,
				    n));
	case D_GENEVE:
		put16(t + 2, 0x0800);
		t[4] = x >> 16;
		t[5] = x >> 8;
		t[6] = x;
		n = 8 + inner_ip4(t + 8, d_dip[di]);
		return frame_ip(f, 4, 17, u, udp(u, 6081, t, n));
	case D_GPE:
		t[0] = 0x0c;
		t[3] = 1;
		t[4] = x >> 16;
		t[5] = x >> 8;
		t[6] = x;
		n = 8 + inner_ip4(t + 8, d_dip[di]);
		return frame_ip(f, 4, 17, u, udp(u, 4790, t, n));
	case D_ICMP:
		t[0] = x;
		return frame_ip(f, 4, 1, t, 16);
	case D_GTPU:
		t[0] = 0x30;
		t[1] = 0xff;
		put32(t + 4, x);
		n = 8 + inner_ip4(t + 8, d_dip[di]);
		put16(t + 2, (uint16_t)(n - 8));
		return frame_ip(f, 4, 17, u, udp(u, 2152, t, n));
	default:
		put32(t, x << 12 | 1 << 8 | 64);
		n = 4 + inner_ip4(t + 4, d_dip[di]);
		return frame_ip(f, 4, 17, u, udp(u, 6635, t, n));
	}
}

struct d_group {
	uint32_t id, start;
	uint8_t crit;
	uint64_t mask[DN];
};

struct d_ref {
	unsigned int ng;
	struct d_group g[D_MAX_G];
	bool used[D_MAX_G * 16];
	unsigned int eg[D_MAX_G * 16];
	uint64_t val[D_MAX_G * 16][DN];
};

static uint64_t d_rng;

static uint64_t
d_rnd(void)
{
	d_rng ^= d_rng >> 12;
	d_rng ^= d_rng << 25;
	d_rng ^= d_rng >> 27;
	return d_rng * 0x2545f4914f6cdd1dull;
}

static bool
d_match(const struct d_group *g, const uint64_t *a, const uint64_t *b)
{
	unsigned int f;

	for (f = 0; f < DN; f++)
		if ((g->crit & d_part[f]) && ((a[f] ^ b[f]) & g->mask[f]))
			return false;
	return true;
}

/* The index of the entry that decides (groups in creation order, entries
 * by index), -1 for none. */
static long
d_lookup(const struct d_ref *r, const uint64_t *fld)
{
	unsigned int gi, i;

	for (gi = 0; gi < r->ng; gi++)
		for (i = r->g[gi].start; i < r->g[gi].start + 16; i++)
			if (r->used[i] && r->eg[i] == gi &&
			    d_match(&r->g[gi], r->val[i], fld))
				return i;
	return -1;
}

/* The drop entry the trace says decided, -1 on a miss. */
static long
d_hit(const uint8_t *frame, size_t len)
{
	static char trace[8192];
	const char *p, *last = NULL;

	emu.inject_wire(0, frame, len);
	emu.trace(0, trace, sizeof(trace));
	for (p = strstr(trace, "hit fte "); p != NULL;
	     p = strstr(p + 1, "hit fte "))
		last = p;
	if (last != NULL && strstr(last, "nic rx: drop") != NULL)
		return strtol(last + 8, NULL, 10);
	return -1;
}

static unsigned int d_hits, d_misses, d_dups;

static int
d_round(struct rig *rg, struct d_ref *r, unsigned int round)
{
	uint8_t mask[512], val[512], f[256];
	unsigned int gi, k, fi, i;
	uint64_t fld[DN];

	memset(r, 0, sizeof(*r));
	r->ng = 1 + d_rnd() % D_MAX_G;
	for (gi = 0; gi < r->ng; gi++) {
		struct d_group *g = &r->g[gi];

		g->start = (r->ng - 1 - gi) * 16; /* ranges against order */
		memset(mask, 0, sizeof(mask));
		for (fi = 0; fi < DN; fi++) {
			switch (d_rnd() % 4) {
			case 0:
				g->mask[fi] = d_width[fi];
				break;
			case 1:
				g->mask[fi] = d_rnd() & d_width[fi];
				break;
			default:
				break;
			}
			d_put(mask, fi, g->mask[fi]);
			if (d_rnd() % 8 != 0)
				g->crit |= d_part[fi];
		}
		TEST_ASSERT_EQ(rig_group(rg, g->start, g->start + 15, g->crit,
					 mask, &g->id, NULL),
			       0, "round %u: group %u", round, gi);
	}
	for (k = 0; k < D_MAX_E; k++) {
		uint32_t idx;
		bool dup;
		int st;

		gi = d_rnd() % r->ng;
		idx = r->g[gi].start + d_rnd() % 16;
		if (r->used[idx])
			continue;
		d_frame(f, d_rnd() % D_KINDS, d_rnd() % D_POOL,
			d_rnd() % D_POOL, fld);
		memset(val, 0, sizeof(val));
		for (fi = 0; fi < DN; fi++) {
			fld[fi] = (fld[fi] & r->g[gi].mask[fi]) |
				  (d_rnd() & d_width[fi] & ~r->g[gi].mask[fi]);
			d_put(val, fi, fld[fi]);
		}
		dup = false;
		for (i = r->g[gi].start; i < r->g[gi].start + 16; i++)
			dup |= r->used[i] && d_match(&r->g[gi], r->val[i], fld);
		d_dups += dup;
		st = rig_entry(rg, r->g[gi].id, idx, val);
		TEST_ASSERT_EQ(st != 0, dup,
			       "round %u: entry %u: status %d, model says %s",
			       round, idx, st, dup ? "duplicate" : "new");
		if (st == 0) {
			r->used[idx] = true;
			r->eg[idx] = gi;
			memcpy(r->val[idx], fld, sizeof(fld));
		}
	}
	for (k = 0; k < D_KINDS * D_POOL * D_POOL; k++) {
		unsigned int kind = k / (D_POOL * D_POOL);
		unsigned int v = k / D_POOL % D_POOL, di = k % D_POOL;
		size_t len = d_frame(f, kind, v, di, fld);
		long want = d_lookup(r, fld), got = d_hit(f, len);

		if (want < 0)
			d_misses++;
		else
			d_hits++;
		TEST_ASSERT_EQ(got, want,
			       "round %u: frame kind %u value %u dip %u: emulator %ld, model %ld",
			       round, kind, v, di, got, want);
	}
	for (i = 0; i < D_MAX_G * 16; i++)
		if (r->used[i])
			rig_entry_del(rg, i);
	for (gi = 0; gi < r->ng; gi++)
		rig_cmd_ft(rg, MLX5X_CMD_OP_DESTROY_FLOW_GROUP, r->g[gi].id);
	return MLX5X_TEST_PASS;
}

static int
test_tunnel_differential_random(void)
{
	const char *s = getenv("MLX5X_TEST_SEED");
	uint64_t seed = s != NULL ? strtoull(s, NULL, 0) : 0x7e11e15ull;
	static struct d_ref ref;
	unsigned int round;
	int rc = MLX5X_TEST_PASS;
	struct rig r;

	printf("    seed 0x%llx (MLX5X_TEST_SEED=0x%llx to replay)\n",
	       (unsigned long long)seed, (unsigned long long)seed);
	d_rng = seed != 0 ? seed : 1;
	TEST_ASSERT(rig_open(&r, "wire=drop") == 0, "open");
	for (round = 0; round < 40 && rc == MLX5X_TEST_PASS; round++)
		rc = d_round(&r, &ref, round);
	rig_close(&r);
	printf("    %u rounds: %u frames hit, %u missed; %u duplicates refused\n",
	       round, d_hits, d_misses, d_dups);
	TEST_ASSERT(rc != MLX5X_TEST_PASS || (d_hits > 0 && d_misses > 0),
		    "the rounds both hit and missed");
	return rc;
}

MLX5X_TEST_SUITE(emu_tunnel_suite, "emu_tunnel", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_tunnel_icmp_type_code_data),
		 MLX5X_TEST_CASE(test_tunnel_flex_caps_per_model),
		 MLX5X_TEST_CASE(test_tunnel_dr_sw_owner_and_matcher),
		 MLX5X_TEST_CASE(test_tunnel_gre_nvgre_inner),
		 MLX5X_TEST_CASE(test_tunnel_geneve_vxlan_gpe_inner),
		 MLX5X_TEST_CASE(test_tunnel_gtpu_teid_type_flags),
		 MLX5X_TEST_CASE(test_tunnel_mpls_eth_udp_gre),
		 MLX5X_TEST_CASE(test_tunnel_ipv6_frag_ext),
		 MLX5X_TEST_CASE(test_tunnel_differential_random))
