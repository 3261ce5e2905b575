/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Which match fields a model's flow tables accept, in one place: the HCA
 * caps report it (flex_parser_protocols, ft_field_support, software
 * ownership) and CREATE_FLOW_GROUP refuses a criteria naming a field the
 * caps leave out, as firmware does (bad parameter). The flex parser
 * fields (ICMP, GENEVE, VXLAN-GPE, GTP-U, MPLS over GRE/UDP) exist from
 * ConnectX-5; so does software steering (sw_owner, sw_owner_v2 with the
 * ConnectX-6 Dx steering format).
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_steer.h"

#include <stddef.h>
#include <string.h>

uint32_t
emu_match_flex_protocols(const struct emu_model *m)
{
	if (!m->flex_parser)
		return 0;
	return MLX5X_FLEX_PARSER_GENEVE | MLX5X_FLEX_PARSER_CW_MPLS_OVER_GRE |
	       MLX5X_FLEX_PARSER_CW_MPLS_OVER_UDP |
	       MLX5X_FLEX_PARSER_VXLAN_GPE | MLX5X_FLEX_PARSER_ICMP_V4 |
	       MLX5X_FLEX_PARSER_ICMP_V6 | MLX5X_FLEX_PARSER_GTPU;
}

void
emu_match_caps_general(const struct emu_model *m, void *cap)
{
	MLX5X_SET(cmd_hca_cap_flex, cap, flex_parser_protocols,
		  emu_match_flex_protocols(m));
	MLX5X_SET(cmd_hca_cap_flex, cap, steering_format_version,
		  m->sw_steering == EMU_SW_STEERING_V2
			  ? MLX5X_STEERING_FORMAT_CONNECTX_6DX
			  : MLX5X_STEERING_FORMAT_CONNECTX_5);
}

/* flow_table_fields_supported: what the parser (mlx5x_emu_pkt.c,
 * mlx5x_emu_pkt_tunnel.c) fills; nothing it leaves empty. */
static void
emu_match_fields(const struct emu_model *m, void *f)
{
	bool flex = m->flex_parser;

#define F(name, v) MLX5X_SET(flow_table_fields_supported, f, name, v)
	F(outer_dmac, 1);
	F(outer_smac, 1);
	F(outer_ether_type, 1);
	F(outer_ip_version, 1);
	F(outer_first_prio, 1);
	F(outer_first_cfi, 1);
	F(outer_first_vid, 1);
	F(outer_ipv4_ttl, 1);
	F(outer_sip, 1);
	F(outer_dip, 1);
	F(outer_frag, 1);
	F(outer_ip_protocol, 1);
	F(outer_ip_ecn, 1);
	F(outer_ip_dscp, 1);
	F(outer_udp_sport, 1);
	F(outer_udp_dport, 1);
	F(outer_tcp_sport, 1);
	F(outer_tcp_dport, 1);
	F(outer_tcp_flags, 1);
	F(outer_gre_protocol, 1);
	F(outer_gre_key, 1);
	F(outer_vxlan_vni, 1);
	F(outer_geneve_vni, flex);
	F(outer_geneve_oam, flex);
	F(outer_geneve_protocol_type, flex);
	F(outer_geneve_opt_len, flex);
	F(source_eswitch_port, 1);
	F(inner_dmac, 1);
	F(inner_smac, 1);
	F(inner_ether_type, 1);
	F(inner_ip_version, 1);
	F(inner_first_prio, 1);
	F(inner_first_cfi, 1);
	F(inner_first_vid, 1);
	F(inner_ipv4_ttl, 1);
	F(inner_frag, 1);
	F(inner_ip_ecn, 1);
	F(inner_ip_dscp, 1);
	F(inner_tcp_flags, 1);
	F(inner_sip, 1);
	F(inner_dip, 1);
	F(inner_ip_protocol, 1);
	F(inner_udp_sport, 1);
	F(inner_udp_dport, 1);
	F(inner_tcp_sport, 1);
	F(inner_tcp_dport, 1);
	F(outer_first_mpls_over_udp_ttl, flex);
	F(outer_first_mpls_over_udp_s_bos, flex);
	F(outer_first_mpls_over_udp_exp, flex);
	F(outer_first_mpls_over_udp_label, flex);
	F(outer_first_mpls_over_gre_ttl, flex);
	F(outer_first_mpls_over_gre_s_bos, flex);
	F(outer_first_mpls_over_gre_exp, flex);
	F(outer_first_mpls_over_gre_label, flex);
	F(outer_first_mpls_ttl, flex);
	F(outer_first_mpls_s_bos, flex);
	F(outer_first_mpls_exp, flex);
	F(outer_first_mpls_label, flex);
#undef F
}

void
emu_match_caps_props(const struct emu_model *m, void *prop)
{
	MLX5X_SET(flow_table_prop_fields, prop, sw_owner,
		  m->sw_steering == EMU_SW_STEERING_V1);
	MLX5X_SET(flow_table_prop_fields, prop, sw_owner_v2,
		  m->sw_steering == EMU_SW_STEERING_V2);
	emu_match_fields(m, MLX5X_ADDR_OF(flow_table_prop_fields, prop,
					  ft_field_support));
	emu_match_fields(m, MLX5X_ADDR_OF(flow_table_prop_fields, prop,
					  ft_field_bitmask_support));
}

/* A match field and what must be advertised for a criteria to name it:
 * an ft_field_support bit (EMU_NO_FT: none), flex parser protocols, or
 * never (the model does not parse it). */
#define EMU_NO_FT 0xffff
struct emu_match_req {
	const char *name;
	uint8_t part;	 /* match_criteria_enable bit */
	uint16_t off;	 /* bit offset in fte_match_param */
	uint16_t width;	 /* bits */
	uint16_t ft_bit; /* bit offset in flow_table_fields_supported */
	uint32_t flex;	 /* flex_parser_protocols bits needed */
	bool never;
};

/* PRM fte_match_param's last parts (Linux's mlx5_ifc.h), reserved in
 * the installed layout: misc_parameters_4 (flex parser samples, fields
 * that need flex parser objects) and misc_parameters_5 (MACsec tags and
 * the tunnel header dwords, ft_field_support_2's tunnel_header_*). */
struct mlx5_ifc_fte_match_param_misc45_bits {
	mlx5x_u8 reserved_at_0[0xa00];
	mlx5x_u8 misc_parameters_4[0x200];
	mlx5x_u8 misc_parameters_5[0x200];
	mlx5x_u8 reserved_at_e00[0x200];
};

#define MISC_OFF MLX5X_BIT_OFF(fte_match_param, misc_parameters)
#define MISC2_OFF MLX5X_BIT_OFF(fte_match_param, misc_parameters_2)
#define MISC3_OFF MLX5X_BIT_OFF(fte_match_param_misc3, misc_parameters_3)
#define FT(f) MLX5X_BIT_OFF(flow_table_fields_supported, f)
#define R_TUN(f, ft, fl)                                                       \
	{                                                                      \
		"misc_parameters." #f, MLX5X_MATCH_MISC_PARAMETERS,            \
			MISC_OFF + MLX5X_BIT_OFF(fte_match_set_misc_tun, f),   \
			MLX5X_BIT_SZ(fte_match_set_misc_tun, f), ft, fl, false \
	}
#define R_GEN(f, ft, never)                                                    \
	{                                                                      \
		"misc_parameters." #f, MLX5X_MATCH_MISC_PARAMETERS,            \
			MISC_OFF +                                             \
				MLX5X_BIT_OFF(fte_match_set_misc_geneve, f),   \
			MLX5X_BIT_SZ(fte_match_set_misc_geneve, f), ft,        \
			MLX5X_FLEX_PARSER_GENEVE, never                        \
	}
#define R_MPLS(f, sub, ft, fl)                                                 \
	{                                                                      \
		"misc_parameters_2." #f "." #sub,                              \
			MLX5X_MATCH_MISC_PARAMETERS_2,                         \
			MISC2_OFF +                                            \
				MLX5X_BIT_OFF(fte_match_set_misc2_mpls, f) +   \
				MLX5X_BIT_OFF(fte_match_mpls, sub),            \
			MLX5X_BIT_SZ(fte_match_mpls, sub), ft, fl, false       \
	}
#define R_M3(f, fl, never)                                                     \
	{                                                                      \
		"misc_parameters_3." #f, MLX5X_MATCH_MISC_PARAMETERS_3,        \
			MISC3_OFF + MLX5X_BIT_OFF(fte_match_set_misc3, f),     \
			MLX5X_BIT_SZ(fte_match_set_misc3, f), EMU_NO_FT, fl,   \
			never                                                  \
	}

static const struct emu_match_req emu_match_reqs[] = {
	R_TUN(gre_protocol, FT(outer_gre_protocol), 0),
	R_TUN(gre_key_h, FT(outer_gre_key), 0),
	R_TUN(gre_key_l, FT(outer_gre_key), 0),
	R_TUN(vxlan_vni, FT(outer_vxlan_vni), 0),
	R_GEN(geneve_vni, FT(outer_geneve_vni), false),
	R_GEN(geneve_oam, FT(outer_geneve_oam), false),
	R_GEN(geneve_protocol_type, FT(outer_geneve_protocol_type), false),
	R_GEN(geneve_opt_len, FT(outer_geneve_opt_len), false),
	R_GEN(geneve_tlv_option_0_exist, EMU_NO_FT, true),
	R_MPLS(outer_first_mpls, mpls_label, FT(outer_first_mpls_label), 0),
	R_MPLS(outer_first_mpls, mpls_exp, FT(outer_first_mpls_exp), 0),
	R_MPLS(outer_first_mpls, mpls_s_bos, FT(outer_first_mpls_s_bos), 0),
	R_MPLS(outer_first_mpls, mpls_ttl, FT(outer_first_mpls_ttl), 0),
	R_MPLS(inner_first_mpls, mpls_label, FT(inner_first_mpls_label), 0),
	R_MPLS(inner_first_mpls, mpls_exp, FT(inner_first_mpls_exp), 0),
	R_MPLS(inner_first_mpls, mpls_s_bos, FT(inner_first_mpls_s_bos), 0),
	R_MPLS(inner_first_mpls, mpls_ttl, FT(inner_first_mpls_ttl), 0),
	R_MPLS(outer_first_mpls_over_gre, mpls_label,
	       FT(outer_first_mpls_over_gre_label),
	       MLX5X_FLEX_PARSER_CW_MPLS_OVER_GRE),
	R_MPLS(outer_first_mpls_over_gre, mpls_exp,
	       FT(outer_first_mpls_over_gre_exp),
	       MLX5X_FLEX_PARSER_CW_MPLS_OVER_GRE),
	R_MPLS(outer_first_mpls_over_gre, mpls_s_bos,
	       FT(outer_first_mpls_over_gre_s_bos),
	       MLX5X_FLEX_PARSER_CW_MPLS_OVER_GRE),
	R_MPLS(outer_first_mpls_over_gre, mpls_ttl,
	       FT(outer_first_mpls_over_gre_ttl),
	       MLX5X_FLEX_PARSER_CW_MPLS_OVER_GRE),
	R_MPLS(outer_first_mpls_over_udp, mpls_label,
	       FT(outer_first_mpls_over_udp_label),
	       MLX5X_FLEX_PARSER_CW_MPLS_OVER_UDP),
	R_MPLS(outer_first_mpls_over_udp, mpls_exp,
	       FT(outer_first_mpls_over_udp_exp),
	       MLX5X_FLEX_PARSER_CW_MPLS_OVER_UDP),
	R_MPLS(outer_first_mpls_over_udp, mpls_s_bos,
	       FT(outer_first_mpls_over_udp_s_bos),
	       MLX5X_FLEX_PARSER_CW_MPLS_OVER_UDP),
	R_MPLS(outer_first_mpls_over_udp, mpls_ttl,
	       FT(outer_first_mpls_over_udp_ttl),
	       MLX5X_FLEX_PARSER_CW_MPLS_OVER_UDP),
	R_M3(inner_tcp_seq_num, 0, true),
	R_M3(outer_tcp_seq_num, 0, true),
	R_M3(inner_tcp_ack_num, 0, true),
	R_M3(outer_tcp_ack_num, 0, true),
	R_M3(outer_vxlan_gpe_vni, MLX5X_FLEX_PARSER_VXLAN_GPE, false),
	R_M3(outer_vxlan_gpe_next_protocol, MLX5X_FLEX_PARSER_VXLAN_GPE, false),
	R_M3(outer_vxlan_gpe_flags, MLX5X_FLEX_PARSER_VXLAN_GPE, false),
	R_M3(icmp_header_data, MLX5X_FLEX_PARSER_ICMP_V4, false),
	R_M3(icmpv6_header_data, MLX5X_FLEX_PARSER_ICMP_V6, false),
	R_M3(icmp_type, MLX5X_FLEX_PARSER_ICMP_V4, false),
	R_M3(icmp_code, MLX5X_FLEX_PARSER_ICMP_V4, false),
	R_M3(icmpv6_type, MLX5X_FLEX_PARSER_ICMP_V6, false),
	R_M3(icmpv6_code, MLX5X_FLEX_PARSER_ICMP_V6, false),
	R_M3(geneve_tlv_option_0_data, 0, true),
	R_M3(gtpu_teid, MLX5X_FLEX_PARSER_GTPU, false),
	R_M3(gtpu_msg_type, MLX5X_FLEX_PARSER_GTPU, false),
	R_M3(gtpu_msg_flags, MLX5X_FLEX_PARSER_GTPU, false),
	R_M3(gtpu_dw_2, 0, true),
	R_M3(gtpu_first_ext_dw_0, 0, true),
	R_M3(gtpu_dw_0, 0, true),
	/* Neither part is parsed (a frame's words there stay zero, so a
	 * group masking them would take frames it cannot tell apart) and
	 * the caps offer none of their fields: refused whole. */
	{ "misc_parameters_4", MLX5X_MATCH_MISC_PARAMETERS_4,
	  MLX5X_BIT_OFF(fte_match_param_misc45, misc_parameters_4),
	  MLX5X_BIT_SZ(fte_match_param_misc45, misc_parameters_4), EMU_NO_FT, 0,
	  true },
	{ "misc_parameters_5", MLX5X_MATCH_MISC_PARAMETERS_5,
	  MLX5X_BIT_OFF(fte_match_param_misc45, misc_parameters_5),
	  MLX5X_BIT_SZ(fte_match_param_misc45, misc_parameters_5), EMU_NO_FT, 0,
	  true },
};

/* Any bit of [off, off + width) set in the big-endian layout p. */
static bool
emu_match_bits_set(const uint8_t *p, uint32_t off, uint32_t width)
{
	uint32_t b;

	for (b = off; b < off + width; b++)
		if (p[b / 8] & (0x80 >> (b % 8)))
			return true;
	return false;
}

const char *
emu_match_caps_check(const struct emu_model *m, uint8_t enable,
		     const void *criteria)
{
	uint8_t fields[MLX5X_ST_SZ_BYTES(flow_table_fields_supported)] = { 0 };
	uint32_t flex = emu_match_flex_protocols(m);
	size_t i;

	emu_match_fields(m, fields);
	for (i = 0; i < sizeof(emu_match_reqs) / sizeof(emu_match_reqs[0]);
	     i++) {
		const struct emu_match_req *r = &emu_match_reqs[i];

		if (!(enable & r->part) ||
		    !emu_match_bits_set(criteria, r->off, r->width))
			continue;
		if (r->never || (r->flex & ~flex) != 0 ||
		    (r->ft_bit != EMU_NO_FT &&
		     !emu_match_bits_set(fields, r->ft_bit, 1)))
			return r->name;
	}
	return NULL;
}
