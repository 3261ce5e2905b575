/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Modify header (PRM): ALLOC/DEALLOC_MODIFY_HEADER_CONTEXT hold a list of
 * 64-bit set/add/copy actions on PRM field ids for one table type; an FTE
 * with action MOD_HDR names one by modify_header_id and the frame is
 * rewritten before it goes on (to a destination or a next table).
 *
 * Every field is seen as a 32-bit big-endian window of the frame (or of
 * the packet's metadata registers) with the field's width and its lowest
 * bit's position in that window. A set writes data's low `length` bits at
 * `offset` inside the field (length 0 means 32); offset + length must fit
 * the field's width. An add adds data to the whole field, modulo its width.
 * A copy moves `length` bits from src_field at src_offset to dst_field at
 * dst_offset. A field the frame does not carry (L4 port of a non-TCP/UDP
 * frame, IPv6 address of an IPv4 frame, VLAN id of an untagged frame) is
 * left alone. The IPv4 header checksum and the TCP/UDP checksum are
 * updated incrementally (RFC 1624) as the adapter does, so a frame that
 * came in with a wrong checksum keeps it wrong.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_pkt.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_cmd.h"

#include <stdlib.h>
#include <string.h>

#define EMU_MHDR_BASE 0xb000 /* ids of modify-header contexts */

/* Where a field's bits live. */
enum emu_fld_base {
	EMU_FLD_L2,	   /* from the frame's start */
	EMU_FLD_ETHERTYPE, /* the ethertype after VLAN tags */
	EMU_FLD_VLAN,	   /* first VLAN tag (tagged frames only) */
	EMU_FLD_IP,	   /* IPv4 or IPv6 header */
	EMU_FLD_IPV4,
	EMU_FLD_IPV6,
	EMU_FLD_TCP,
	EMU_FLD_UDP,
	EMU_FLD_REG, /* metadata register: fte_match_param misc2 */
};

struct emu_fld {
	uint8_t base;
	uint8_t width; /* bits */
	uint8_t shift; /* of the field's lowest bit in the 32-bit window */
	uint16_t off;  /* window's byte offset from base */
	uint16_t off6; /* EMU_FLD_IP: window and shift on IPv6 */
	uint8_t shift6;
	bool add_ok; /* fields the adapter can add to */
};

#define REG_OFF(r) MLX5X_BYTE_OFF(fte_match_set_misc2, r)

static const struct emu_fld emu_flds[0x5c] = {
	[MLX5X_ACTION_IN_FIELD_OUT_DMAC_47_16] = { EMU_FLD_L2, 32, 0, 0 },
	[MLX5X_ACTION_IN_FIELD_OUT_DMAC_15_0] = { EMU_FLD_L2, 16, 0, 2 },
	[MLX5X_ACTION_IN_FIELD_OUT_SMAC_47_16] = { EMU_FLD_L2, 32, 0, 6 },
	[MLX5X_ACTION_IN_FIELD_OUT_SMAC_15_0] = { EMU_FLD_L2, 16, 0, 8 },
	[MLX5X_ACTION_IN_FIELD_OUT_ETHERTYPE] = { EMU_FLD_ETHERTYPE, 16, 0, 0 },
	[MLX5X_ACTION_IN_FIELD_OUT_FIRST_VID] = { EMU_FLD_VLAN, 12, 0, 0 },
	/* IPv4 TOS bits 7:2; IPv6 traffic class bits 7:2. */
	[MLX5X_ACTION_IN_FIELD_OUT_IP_DSCP] = { EMU_FLD_IP, 6, 18, 0, 0, 22 },
	[MLX5X_ACTION_IN_FIELD_OUT_IP_TTL] = { EMU_FLD_IPV4, 8, 24, 8, 0, 0,
					       true },
	[MLX5X_ACTION_IN_FIELD_OUT_IPV6_HOPLIMIT] = { EMU_FLD_IPV6, 8, 0, 4, 0,
						      0, true },
	[MLX5X_ACTION_IN_FIELD_OUT_SIPV4] = { EMU_FLD_IPV4, 32, 0, 12 },
	[MLX5X_ACTION_IN_FIELD_OUT_DIPV4] = { EMU_FLD_IPV4, 32, 0, 16 },
	[MLX5X_ACTION_IN_FIELD_OUT_SIPV6_127_96] = { EMU_FLD_IPV6, 32, 0, 8 },
	[MLX5X_ACTION_IN_FIELD_OUT_SIPV6_95_64] = { EMU_FLD_IPV6, 32, 0, 12 },
	[MLX5X_ACTION_IN_FIELD_OUT_SIPV6_63_32] = { EMU_FLD_IPV6, 32, 0, 16 },
	[MLX5X_ACTION_IN_FIELD_OUT_SIPV6_31_0] = { EMU_FLD_IPV6, 32, 0, 20 },
	[MLX5X_ACTION_IN_FIELD_OUT_DIPV6_127_96] = { EMU_FLD_IPV6, 32, 0, 24 },
	[MLX5X_ACTION_IN_FIELD_OUT_DIPV6_95_64] = { EMU_FLD_IPV6, 32, 0, 28 },
	[MLX5X_ACTION_IN_FIELD_OUT_DIPV6_63_32] = { EMU_FLD_IPV6, 32, 0, 32 },
	[MLX5X_ACTION_IN_FIELD_OUT_DIPV6_31_0] = { EMU_FLD_IPV6, 32, 0, 36 },
	[MLX5X_ACTION_IN_FIELD_OUT_TCP_SPORT] = { EMU_FLD_TCP, 16, 16, 0 },
	[MLX5X_ACTION_IN_FIELD_OUT_TCP_DPORT] = { EMU_FLD_TCP, 16, 0, 0 },
	[MLX5X_ACTION_IN_FIELD_OUT_TCP_FLAGS] = { EMU_FLD_TCP, 9, 16, 12 },
	[MLX5X_ACTION_IN_FIELD_OUT_TCP_SEQ_NUM] = { EMU_FLD_TCP, 32, 0, 4, 0, 0,
						    true },
	[MLX5X_ACTION_IN_FIELD_OUT_TCP_ACK_NUM] = { EMU_FLD_TCP, 32, 0, 8, 0, 0,
						    true },
	[MLX5X_ACTION_IN_FIELD_OUT_UDP_SPORT] = { EMU_FLD_UDP, 16, 16, 0 },
	[MLX5X_ACTION_IN_FIELD_OUT_UDP_DPORT] = { EMU_FLD_UDP, 16, 0, 0 },
	[MLX5X_ACTION_IN_FIELD_METADATA_REG_A] = { EMU_FLD_REG, 32, 0,
						   REG_OFF(metadata_reg_a) },
	[MLX5X_ACTION_IN_FIELD_METADATA_REG_B] = { EMU_FLD_REG, 32, 0,
						   REG_OFF(metadata_reg_b) },
	[0x51] = { EMU_FLD_REG, 32, 0, REG_OFF(metadata_reg_c_0) },
	[0x52] = { EMU_FLD_REG, 32, 0, REG_OFF(metadata_reg_c_1) },
	[0x53] = { EMU_FLD_REG, 32, 0, REG_OFF(metadata_reg_c_2) },
	[0x54] = { EMU_FLD_REG, 32, 0, REG_OFF(metadata_reg_c_3) },
	[0x55] = { EMU_FLD_REG, 32, 0, REG_OFF(metadata_reg_c_4) },
	[0x56] = { EMU_FLD_REG, 32, 0, REG_OFF(metadata_reg_c_5) },
	[0x57] = { EMU_FLD_REG, 32, 0, REG_OFF(metadata_reg_c_6) },
	[0x58] = { EMU_FLD_REG, 32, 0, REG_OFF(metadata_reg_c_7) },
};

static const struct emu_fld *
emu_fld(uint32_t id)
{
	if (id >= sizeof(emu_flds) / sizeof(emu_flds[0]) ||
	    emu_flds[id].width == 0)
		return NULL;
	return &emu_flds[id];
}

static uint32_t
emu_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void
emu_wr32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint32_t
emu_mask(uint32_t bits)
{
	return bits >= 32 ? 0xffffffffu : (1u << bits) - 1;
}

/* ---- commands ----------------------------------------------------------- */

static bool
emu_mhdr_table_type_ok(const struct emu_adapter *ad, uint32_t type)
{
	if (type == MLX5X_FLOW_TABLE_TYPE_NIC_RX ||
	    type == MLX5X_FLOW_TABLE_TYPE_NIC_TX)
		return true;
	return type == MLX5X_FLOW_TABLE_TYPE_FDB &&
	       emu_hca_cap_esw_manager(ad, 0);
}

/* One action's checks; 0 or the syndrome naming what is wrong. */
static uint32_t
emu_mhdr_check(uint32_t table_type, const uint8_t *a)
{
	uint32_t type = MLX5X_GET(set_action_in, a, action_type);
	const struct emu_fld *f, *d;
	uint32_t len, off;

	switch (type) {
	case MLX5X_ACTION_TYPE_SET:
		f = emu_fld(MLX5X_GET(set_action_in, a, field));
		if (f == NULL)
			return 0xa40011; /* unknown field */
		len = MLX5X_GET(set_action_in, a, length);
		len = len == 0 ? 32 : len;
		off = MLX5X_GET(set_action_in, a, offset);
		if (off + len > f->width)
			return 0xa40012; /* offset + length beyond the field */
		d = f;
		break;
	case MLX5X_ACTION_TYPE_ADD:
		f = emu_fld(MLX5X_GET(add_action_in, a, field));
		if (f == NULL)
			return 0xa40011;
		if (!f->add_ok)
			return 0xa40013; /* add on a field that takes no add */
		d = f;
		break;
	case MLX5X_ACTION_TYPE_COPY:
		f = emu_fld(MLX5X_GET(copy_action_in, a, src_field));
		d = emu_fld(MLX5X_GET(copy_action_in, a, dst_field));
		if (f == NULL || d == NULL)
			return 0xa40011;
		len = MLX5X_GET(copy_action_in, a, length);
		len = len == 0 ? 32 : len;
		if (MLX5X_GET(copy_action_in, a, src_offset) + len > f->width ||
		    MLX5X_GET(copy_action_in, a, dst_offset) + len > d->width)
			return 0xa40012;
		break;
	default:
		return 0xa40010; /* unknown action type */
	}
	/* reg_a is what software gives a sent frame (NIC TX only); reg_b
	 * what a received one carries to its CQE (NIC RX only). */
	if ((f == &emu_flds[MLX5X_ACTION_IN_FIELD_METADATA_REG_A] ||
	     d == &emu_flds[MLX5X_ACTION_IN_FIELD_METADATA_REG_A]) &&
	    table_type != MLX5X_FLOW_TABLE_TYPE_NIC_TX)
		return 0xa40014;
	if ((f == &emu_flds[MLX5X_ACTION_IN_FIELD_METADATA_REG_B] ||
	     d == &emu_flds[MLX5X_ACTION_IN_FIELD_METADATA_REG_B]) &&
	    table_type != MLX5X_FLOW_TABLE_TYPE_NIC_RX)
		return 0xa40014;
	return 0;
}

/*
 * A register action (set, or copy between registers) as the data path
 * runs it: the destination dword's bits keep & ~(m << dshift) stay, and
 * the rest comes from set, or from the source dword's bits at sshift.
 * Offsets are bytes into misc_parameters_2 of the match view.
 */
struct emu_mhdr_reg_op {
	uint8_t dst, src;
	uint8_t sshift, dshift;
	bool copy;
	uint32_t m;
	uint32_t set;
};

/* Action a (checked, registers only) as a register op. */
static void
emu_mhdr_reg_op_make(struct emu_mhdr_reg_op *op, const uint8_t *a)
{
	const struct emu_fld *f;
	uint32_t len;

	if (MLX5X_GET(set_action_in, a, action_type) ==
	    MLX5X_ACTION_TYPE_COPY) {
		const struct emu_fld *s =
			emu_fld(MLX5X_GET(copy_action_in, a, src_field));

		f = emu_fld(MLX5X_GET(copy_action_in, a, dst_field));
		len = MLX5X_GET(copy_action_in, a, length);
		op->copy = true;
		op->src = (uint8_t)s->off;
		op->sshift =
			s->shift + MLX5X_GET(copy_action_in, a, src_offset);
		op->dshift =
			f->shift + MLX5X_GET(copy_action_in, a, dst_offset);
	} else {
		f = emu_fld(MLX5X_GET(set_action_in, a, field));
		len = MLX5X_GET(set_action_in, a, length);
		op->dshift = f->shift + MLX5X_GET(set_action_in, a, offset);
	}
	op->dst = (uint8_t)f->off;
	op->m = emu_mask(len == 0 ? 32 : len);
	if (!op->copy)
		op->set = (MLX5X_GET(set_action_in, a, data) & op->m)
			  << op->dshift;
}

/* Whether action a (checked) reads and writes registers only. */
static bool
emu_mhdr_regs_only(const uint8_t *a)
{
	if (MLX5X_GET(set_action_in, a, action_type) == MLX5X_ACTION_TYPE_COPY)
		return emu_fld(MLX5X_GET(copy_action_in, a, src_field))->base ==
			       EMU_FLD_REG &&
		       emu_fld(MLX5X_GET(copy_action_in, a, dst_field))->base ==
			       EMU_FLD_REG;
	return emu_fld(MLX5X_GET(set_action_in, a, field))->base == EMU_FLD_REG;
}

static int
emu_mhdr_alloc(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
	       uint32_t *syndrome, struct emu_cmd_result *res)
{
	struct emu_adapter *ad = ctx->ad;
	uint32_t type =
		MLX5X_GET(alloc_modify_header_context_in, in, table_type);
	uint32_t n =
		MLX5X_GET(alloc_modify_header_context_in, in, num_of_actions);
	const uint8_t *acts = (const uint8_t *)in +
			      MLX5X_ST_SZ_BYTES(alloc_modify_header_context_in);
	struct emu_mhdr *m;
	uint32_t i;

	if (!emu_mhdr_table_type_ok(ad, type) ||
	    (ctx->fn != 0 && type == MLX5X_FLOW_TABLE_TYPE_FDB)) {
		*syndrome = 0xa40001; /* table type */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if (n == 0 || n > ad->cfg.model->max_modify_header_actions) {
		*syndrome = 0xa40002; /* num_of_actions, caps */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if (inlen <
	    MLX5X_ST_SZ_BYTES(alloc_modify_header_context_in) + (size_t)n * 8) {
		*syndrome = 0xa40003; /* the action list is not all there */
		return MLX5X_CMD_STAT_BAD_INP_LEN_ERR;
	}
	for (i = 0; i < n; i++) {
		*syndrome = emu_mhdr_check(type, acts + i * 8);
		if (*syndrome != 0)
			return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	/* The actions, then (registers only) the same as register ops. */
	m = calloc(1, sizeof(*m) + (size_t)n * 8 +
			      (size_t)n * sizeof(struct emu_mhdr_reg_op));
	if (m == NULL)
		return MLX5X_CMD_STAT_NO_RES_ERR;
	m->table_type = type;
	m->n = n;
	memcpy(m->act, acts, (size_t)n * 8);
	m->regs_only = true;
	for (i = 0; i < n; i++)
		m->regs_only = m->regs_only && emu_mhdr_regs_only(m->act[i]);
	if (m->regs_only) {
		struct emu_mhdr_reg_op *ops =
			(struct emu_mhdr_reg_op *)(void *)(m->act + n);

		for (i = 0; i < n; i++)
			emu_mhdr_reg_op_make(&ops[i], m->act[i]);
		m->reg_ops = ops;
	}
	if (ad->mhdrs.base == 0)
		ad->mhdrs.base = EMU_MHDR_BASE;
	m->id = emu_objtab_add(&ad->mhdrs, m);
	if (m->id == 0) {
		free(m);
		return MLX5X_CMD_STAT_NO_RES_ERR;
	}
	MLX5X_SET(alloc_modify_header_context_out, out, modify_header_id,
		  m->id);
	res->destroy_opcode = MLX5X_CMD_OP_DEALLOC_MODIFY_HEADER_CONTEXT;
	res->id = m->id;
	return MLX5X_CMD_STAT_OK;
}

int
emu_modify_hdr_cmd(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
		   size_t outlen, uint32_t *syndrome,
		   struct emu_cmd_result *res)
{
	struct emu_adapter *ad = ctx->ad;
	struct emu_mhdr *m;
	uint32_t id;

	(void)outlen;
	if (MLX5X_GET(mbox_in, in, opcode) ==
	    MLX5X_CMD_OP_ALLOC_MODIFY_HEADER_CONTEXT)
		return emu_mhdr_alloc(ctx, in, inlen, out, syndrome, res);
	id = MLX5X_GET(dealloc_modify_header_context_in, in, modify_header_id);
	m = emu_objtab_get(&ad->mhdrs, id);
	if (m == NULL) {
		*syndrome = 0xa40004; /* no such context */
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	if (m->users != 0) {
		*syndrome = 0xa40005; /* flow entries still use it */
		return MLX5X_CMD_STAT_BAD_RES_STATE_ERR;
	}
	emu_objtab_del(&ad->mhdrs, id);
	free(m);
	return MLX5X_CMD_STAT_OK;
}

struct emu_mhdr *
emu_modify_hdr_get(struct emu_adapter *ad, uint32_t id)
{
	return emu_objtab_get(&ad->mhdrs, id);
}

void
emu_modify_hdr_free_all(struct emu_adapter *ad)
{
	uint32_t i;

	for (i = 0; i < ad->mhdrs.cap; i++)
		free(ad->mhdrs.slot[i]);
	emu_objtab_free(&ad->mhdrs);
}

/* ---- data path ---------------------------------------------------------- */

/* The window of field f in this frame, or NULL when it has none. */
static uint8_t *
emu_mhdr_window(struct emu_mhdr_frame *fr, const struct emu_fld *f,
		uint32_t *shift)
{
	const struct emu_pkt *p = &fr->p;

	*shift = f->shift;
	switch (f->base) {
	case EMU_FLD_L2:
		return fr->len >= 14 ? fr->d + f->off : NULL;
	case EMU_FLD_ETHERTYPE:
		return fr->len >= fr->et_off + 2 ? fr->d + fr->et_off - 2
						 : NULL;
	case EMU_FLD_VLAN:
		return p->cvlan || p->svlan ? fr->d + 12 : NULL;
	case EMU_FLD_IP:
		if (p->l3 == 6)
			*shift = f->shift6;
		return p->l3 != 0 ? fr->d + p->l3_off + f->off : NULL;
	case EMU_FLD_IPV4:
		return p->l3 == 4 ? fr->d + p->l3_off + f->off : NULL;
	case EMU_FLD_IPV6:
		return p->l3 == 6 ? fr->d + p->l3_off + f->off : NULL;
	case EMU_FLD_TCP:
		return fr->l4 && p->l4_proto == 6 ? fr->d + p->l4_off + f->off
						  : NULL;
	case EMU_FLD_UDP:
		return fr->l4 && p->l4_proto == 17 ? fr->d + p->l4_off + f->off
						   : NULL;
	default:
		return fr->regs != NULL ? fr->regs + f->off : NULL;
	}
}

static void
emu_csum_replace(uint8_t *c, uint32_t from, uint32_t to, bool udp)
{
	uint32_t sum = (uint16_t) ~(c[0] << 8 | c[1]);
	uint16_t r;

	sum += (uint16_t) ~(from >> 16) + (uint16_t) ~(from & 0xffff);
	sum += (to >> 16) + (to & 0xffff);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	r = (uint16_t)~sum;
	if (udp && r == 0)
		r = 0xffff; /* UDP sends a computed zero as all ones */
	c[0] = r >> 8;
	c[1] = r;
}

/* Writes the window's new value and fixes the checksums that cover it. */
static void
emu_mhdr_store(struct emu_mhdr_frame *fr, uint8_t *w, uint32_t v)
{
	const struct emu_pkt *p = &fr->p;
	uint32_t old = emu_rd32(w), at;

	if (old == v)
		return;
	emu_wr32(w, v);
	if (fr->regs != NULL && w >= fr->regs && w < fr->regs + 64)
		return;
	at = (uint32_t)(w - fr->d);
	if (p->l3 == 4 && at >= p->l3_off && at < p->l4_off)
		emu_csum_replace(fr->d + p->l3_off + 10, old, v, false);
	/* L4 checksums cover the L4 header and the addresses (pseudo
	 * header); a UDP/IPv4 checksum of zero means none. */
	if (fr->l4 &&
	    (at >= p->l4_off || (p->l3 == 4 && at >= p->l3_off + 12) ||
	     (p->l3 == 6 && at >= p->l3_off + 8))) {
		if (p->l4_proto == 6)
			emu_csum_replace(fr->d + p->l4_off + 16, old, v, false);
		else if (p->l3 == 6 || fr->d[p->l4_off + 6] != 0 ||
			 fr->d[p->l4_off + 7] != 0)
			emu_csum_replace(fr->d + p->l4_off + 6, old, v, true);
	}
}

static void
emu_mhdr_one(struct emu_mhdr_frame *fr, const uint8_t *a)
{
	uint32_t type = MLX5X_GET(set_action_in, a, action_type);
	const struct emu_fld *f, *s;
	uint32_t sh, ssh, len, off, m, v, sv;
	uint8_t *w, *sw;

	if (type == MLX5X_ACTION_TYPE_COPY) {
		s = emu_fld(MLX5X_GET(copy_action_in, a, src_field));
		f = emu_fld(MLX5X_GET(copy_action_in, a, dst_field));
		sw = emu_mhdr_window(fr, s, &ssh);
		w = emu_mhdr_window(fr, f, &sh);
		if (sw == NULL || w == NULL)
			return;
		len = MLX5X_GET(copy_action_in, a, length);
		len = len == 0 ? 32 : len;
		m = emu_mask(len);
		sv = (emu_rd32(sw) >>
		      (ssh + MLX5X_GET(copy_action_in, a, src_offset))) &
		     m;
		off = sh + MLX5X_GET(copy_action_in, a, dst_offset);
		v = emu_rd32(w);
		emu_mhdr_store(fr, w, (v & ~(m << off)) | sv << off);
		return;
	}
	f = emu_fld(MLX5X_GET(set_action_in, a, field));
	w = emu_mhdr_window(fr, f, &sh);
	if (w == NULL)
		return; /* the frame has no such field */
	v = emu_rd32(w);
	if (type == MLX5X_ACTION_TYPE_ADD) {
		m = emu_mask(f->width);
		sv = (((v >> sh) & m) + MLX5X_GET(add_action_in, a, data)) & m;
		emu_mhdr_store(fr, w, (v & ~(m << sh)) | sv << sh);
		return;
	}
	len = MLX5X_GET(set_action_in, a, length);
	len = len == 0 ? 32 : len;
	m = emu_mask(len);
	off = sh + MLX5X_GET(set_action_in, a, offset);
	sv = MLX5X_GET(set_action_in, a, data) & m;
	emu_mhdr_store(fr, w, (v & ~(m << off)) | sv << off);
}

void
emu_modify_hdr_apply_regs(struct emu_adapter *ad, const struct emu_mhdr *m,
			  uint8_t *match)
{
	uint8_t *regs =
		match + MLX5X_BYTE_OFF(fte_match_param, misc_parameters_2);
	uint32_t i;

	emu_trace(ad, "action: modify header 0x%x (%u actions)", m->id, m->n);
	for (i = 0; i < m->n; i++) {
		const struct emu_mhdr_reg_op *op = &m->reg_ops[i];
		uint32_t v = op->set;

		if (op->copy)
			v = ((emu_rd32(regs + op->src) >> op->sshift) & op->m)
			    << op->dshift;
		emu_wr32(regs + op->dst,
			 (emu_rd32(regs + op->dst) & ~(op->m << op->dshift)) |
				 v);
	}
}

void
emu_modify_hdr_apply(struct emu_adapter *ad, const struct emu_mhdr *m,
		     uint8_t *frame, uint32_t len, uint8_t *match)
{
	struct emu_mhdr_frame *fr = &ad->scratch->mhdr;
	uint32_t i;

	if (m->regs_only) {
		/* No action has a window in the frame: no parse. */
		if (match != NULL)
			emu_modify_hdr_apply_regs(ad, m, match);
		else
			emu_trace(ad, "action: modify header 0x%x (%u actions)",
				  m->id, m->n);
		return;
	}
	fr->d = frame;
	fr->len = len;
	fr->regs = match != NULL ? match + MLX5X_BYTE_OFF(fte_match_param,
							  misc_parameters_2)
				 : NULL;
	emu_pkt_parse(&fr->p, frame, len, 0, 0, 0);
	fr->et_off = fr->p.l3_off >= 14 ? fr->p.l3_off - 2 : 12;
	fr->l4 = fr->p.l3 != 0 && !fr->p.frag &&
		 ((fr->p.l4_proto == 6 && fr->p.l4_off + 20 <= len) ||
		  (fr->p.l4_proto == 17 && fr->p.l4_off + 8 <= len));
	for (i = 0; i < m->n; i++)
		emu_mhdr_one(fr, m->act[i]);
	emu_trace(ad, "action: modify header 0x%x (%u actions)", m->id, m->n);
}
