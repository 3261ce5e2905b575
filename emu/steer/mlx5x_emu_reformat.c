/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Packet reformat (PRM): ALLOC/DEALLOC_PACKET_REFORMAT_CONTEXT hold a
 * reformat type and its header bytes; an FTE with PACKET_REFORMAT names
 * one by packet_reformat_id, an FTE with DECAP strips an L2 tunnel.
 *
 *  - L2_TO_VXLAN, L2_TO_NVGRE, L2_TO_L2_TUNNEL (encap): the data (outer
 *    Ethernet .. tunnel header) goes in front of the whole frame;
 *  - L2_TO_L3_TUNNEL (encap): the frame's Ethernet header (and VLAN tags)
 *    is replaced by the data (outer Ethernet .. tunnel header, the inner
 *    packet starting at L3);
 *  - L3_TUNNEL_TO_L2 (decap): the outer headers up to the inner L3 packet
 *    are replaced by the data (the new Ethernet header);
 *  - DECAP action (L2 tunnel to L2, no context): the outer headers of a
 *    VXLAN or NVGRE frame go, the inner Ethernet frame stays.
 * Encap fills what only the adapter knows once the frame is there: the
 * outer IPv4 total length and header checksum, the IPv6 payload length,
 * the UDP length, and a zero UDP source port of a VXLAN, VXLAN-GPE or
 * GENEVE tunnel with the inner headers' entropy (mlx5x_emu_entropy.c);
 * the UDP checksum is left as given (zero for VXLAN).
 * Encap belongs to the transmit side (NIC TX, FDB), decap to the receive
 * side (NIC RX, FDB).
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_pkt.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_cmd.h"

#include <stdlib.h>
#include <string.h>

#define EMU_REFORMAT_BASE 0xc000 /* ids of packet reformat contexts */
#define EMU_VXLAN_UDP_PORT 4789u /* IANA VXLAN */
#define EMU_VXLAN_GPE_UDP_PORT 4790u

static bool
emu_reformat_is_encap(uint8_t type)
{
	return type == MLX5X_REFORMAT_TYPE_L2_TO_VXLAN ||
	       type == MLX5X_REFORMAT_TYPE_L2_TO_NVGRE ||
	       type == MLX5X_REFORMAT_TYPE_L2_TO_L2_TUNNEL ||
	       type == MLX5X_REFORMAT_TYPE_L2_TO_L3_TUNNEL;
}

static int
emu_reformat_alloc(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
		   uint32_t *syndrome, struct emu_cmd_result *res)
{
	struct emu_adapter *ad = ctx->ad;
	const void *c = MLX5X_ADDR_OF(alloc_packet_reformat_context_in, in,
				      packet_reformat_context);
	uint32_t type = MLX5X_GET(packet_reformat_context_in, c, reformat_type);
	uint32_t size =
		MLX5X_GET(packet_reformat_context_in, c, reformat_data_size);
	size_t data_off =
		MLX5X_BYTE_OFF(alloc_packet_reformat_context_in,
			       packet_reformat_context) +
		MLX5X_BYTE_OFF(packet_reformat_context_in, reformat_data);
	struct emu_reformat *r;

	if (!emu_reformat_is_encap(type) &&
	    type != MLX5X_REFORMAT_TYPE_L3_TUNNEL_TO_L2) {
		*syndrome = 0xa50001; /* reformat type not supported */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	/* Encap headers: at least Ethernet + IPv4 + a tunnel header, at most
	 * the caps' max_encap_header_size; L3_TUNNEL_TO_L2 takes the new
	 * Ethernet header, with or without one VLAN tag. */
	if ((emu_reformat_is_encap(type) &&
	     (size < 14 + 20 || size > EMU_MAX_ENCAP_HEADER)) ||
	    (type == MLX5X_REFORMAT_TYPE_L3_TUNNEL_TO_L2 && size != 14 &&
	     size != 18)) {
		*syndrome = 0xa50002; /* reformat_data_size */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if (inlen < data_off + size) {
		*syndrome = 0xa50003; /* the data is not all there */
		return MLX5X_CMD_STAT_BAD_INP_LEN_ERR;
	}
	r = calloc(1, sizeof(*r) + size);
	if (r == NULL)
		return MLX5X_CMD_STAT_NO_RES_ERR;
	r->type = type;
	r->size = size;
	memcpy(r->data, (const uint8_t *)in + data_off, size);
	if (ad->reformats.base == 0)
		ad->reformats.base = EMU_REFORMAT_BASE;
	r->id = emu_objtab_add(&ad->reformats, r);
	if (r->id == 0) {
		free(r);
		return MLX5X_CMD_STAT_NO_RES_ERR;
	}
	MLX5X_SET(alloc_packet_reformat_context_out, out, packet_reformat_id,
		  r->id);
	res->destroy_opcode = MLX5X_CMD_OP_DEALLOC_PACKET_REFORMAT_CONTEXT;
	res->id = r->id;
	return MLX5X_CMD_STAT_OK;
}

int
emu_reformat_cmd(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
		 size_t outlen, uint32_t *syndrome, struct emu_cmd_result *res)
{
	struct emu_adapter *ad = ctx->ad;
	struct emu_reformat *r;
	uint32_t id;

	(void)outlen;
	if (MLX5X_GET(mbox_in, in, opcode) ==
	    MLX5X_CMD_OP_ALLOC_PACKET_REFORMAT_CONTEXT)
		return emu_reformat_alloc(ctx, in, inlen, out, syndrome, res);
	id = MLX5X_GET(dealloc_packet_reformat_context_in, in,
		       packet_reformat_id);
	r = emu_objtab_get(&ad->reformats, id);
	if (r == NULL) {
		*syndrome = 0xa50004; /* no such context */
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	if (r->users != 0) {
		*syndrome = 0xa50005; /* flow entries still use it */
		return MLX5X_CMD_STAT_BAD_RES_STATE_ERR;
	}
	emu_objtab_del(&ad->reformats, id);
	free(r);
	return MLX5X_CMD_STAT_OK;
}

void
emu_reformat_free_all(struct emu_adapter *ad)
{
	uint32_t i;

	for (i = 0; i < ad->reformats.cap; i++)
		free(ad->reformats.slot[i]);
	emu_objtab_free(&ad->reformats);
}

/* ---- flow entries --------------------------------------------------------*/

static bool
emu_is_rx_side(uint8_t t)
{
	return t == MLX5X_FLOW_TABLE_TYPE_NIC_RX ||
	       t == MLX5X_FLOW_TABLE_TYPE_FDB;
}

static bool
emu_is_tx_side(uint8_t t)
{
	return t == MLX5X_FLOW_TABLE_TYPE_NIC_TX ||
	       t == MLX5X_FLOW_TABLE_TYPE_FDB;
}

int
emu_rewrite_fte_hold(struct emu_adapter *ad, uint8_t table_type,
		     uint16_t action, uint32_t modify_header_id,
		     uint32_t packet_reformat_id, struct emu_fte *e,
		     uint32_t *syndrome)
{
	struct emu_mhdr *m = NULL;
	struct emu_reformat *r = NULL;

	e->mhdr = NULL;
	e->reformat = NULL;
	if ((action & MLX5X_FLOW_CONTEXT_ACTION_DECAP) &&
	    !emu_is_rx_side(table_type)) {
		*syndrome = 0xa30021; /* decap on a transmit table */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if (action & MLX5X_FLOW_CONTEXT_ACTION_MOD_HDR) {
		m = emu_modify_hdr_get(ad, modify_header_id);
		if (m == NULL) {
			*syndrome = 0xa30022; /* unknown modify_header_id */
			return MLX5X_CMD_STAT_BAD_RES_ERR;
		}
		if (m->table_type != table_type) {
			*syndrome = 0xa30023; /* made for another table type */
			return MLX5X_CMD_STAT_BAD_PARAM_ERR;
		}
	}
	if (action & MLX5X_FLOW_CONTEXT_ACTION_PACKET_REFORMAT) {
		r = emu_objtab_get(&ad->reformats, packet_reformat_id);
		if (r == NULL) {
			*syndrome = 0xa30024; /* unknown packet_reformat_id */
			return MLX5X_CMD_STAT_BAD_RES_ERR;
		}
		if ((emu_reformat_is_encap(r->type) &&
		     !emu_is_tx_side(table_type)) ||
		    (!emu_reformat_is_encap(r->type) &&
		     !emu_is_rx_side(table_type))) {
			*syndrome = 0xa30025; /* reformat on this table type */
			return MLX5X_CMD_STAT_BAD_PARAM_ERR;
		}
		/* One decap per entry: DECAP and an L3 decap together make
		 * no sense to the adapter. */
		if (!emu_reformat_is_encap(r->type) &&
		    (action & MLX5X_FLOW_CONTEXT_ACTION_DECAP)) {
			*syndrome = 0xa30026;
			return MLX5X_CMD_STAT_BAD_PARAM_ERR;
		}
	}
	if (m != NULL)
		m->users++;
	if (r != NULL)
		r->users++;
	e->mhdr = m;
	e->reformat = r;
	return MLX5X_CMD_STAT_OK;
}

void
emu_rewrite_fte_release(const struct emu_fte *e)
{
	if (e->mhdr != NULL)
		e->mhdr->users--;
	if (e->reformat != NULL)
		e->reformat->users--;
}

/* ---- data path ---------------------------------------------------------- */

static uint16_t
emu_rd16be(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void
emu_wr16be(uint8_t *p, uint32_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

/* Offset of the ethertype after the frame's VLAN tags. */
static uint32_t
emu_l2_len(const uint8_t *f, uint32_t len)
{
	uint32_t off = 12;

	while (off + 2 <= len &&
	       (emu_rd16be(f + off) == 0x8100 || emu_rd16be(f + off) == 0x88a8))
		off += 4;
	return off + 2;
}

/* Length of the outer headers of a tunnel frame, up to the inner frame
 * (l3_inner false: an L2 tunnel, up to the inner Ethernet header; true:
 * an L3 tunnel, up to the inner IP header); 0 when it is no such tunnel. */
static uint32_t
emu_tunnel_hdr_len(const uint8_t *f, uint32_t len, bool l3_inner)
{
	uint32_t l3 = emu_l2_len(f, len), l4, et;
	uint8_t proto;

	if (l3 > len)
		return 0;
	et = emu_rd16be(f + l3 - 2);
	if (et == 0x0800 && l3 + 20 <= len && (f[l3] >> 4) == 4) {
		l4 = l3 + (f[l3] & 0xf) * 4;
		proto = f[l3 + 9];
		if (emu_rd16be(f + l3 + 6) & 0x3fff)
			return 0; /* fragments are not decapsulated */
	} else if (et == 0x86dd && l3 + 40 <= len && (f[l3] >> 4) == 6) {
		l4 = l3 + 40;
		proto = f[l3 + 6];
	} else {
		return 0;
	}
	if (proto == 17 && l4 + 16 <= len) {
		uint16_t dport = emu_rd16be(f + l4 + 2);

		if (!l3_inner && dport == EMU_VXLAN_UDP_PORT)
			return l4 + 16;
		if (l3_inner && dport == EMU_VXLAN_GPE_UDP_PORT)
			return l4 + 16;
		return 0;
	}
	if (proto == 47 && l4 + 4 <= len) {
		/* GRE: C, K and S each add 4 bytes. */
		uint32_t n = 4 + ((f[l4] & 0x80) ? 4 : 0) +
			     ((f[l4] & 0x20) ? 4 : 0) +
			     ((f[l4] & 0x10) ? 4 : 0);
		uint16_t gp = emu_rd16be(f + l4 + 2);

		if (l4 + n > len)
			return 0;
		if (!l3_inner && gp == 0x6558)
			return l4 + n;
		if (l3_inner && (gp == 0x0800 || gp == 0x86dd))
			return l4 + n;
	}
	return 0;
}

uint32_t
emu_reformat_decap(struct emu_adapter *ad, const struct emu_fte *e,
		   uint8_t *frame, uint32_t len)
{
	const struct emu_reformat *r = e->reformat;
	uint32_t h;

	if (e->action & MLX5X_FLOW_CONTEXT_ACTION_DECAP) {
		h = emu_tunnel_hdr_len(frame, len, false);
		if (h == 0 || len - h < 14)
			return len; /* no L2 tunnel: left as it is */
		memmove(frame, frame + h, len - h);
		emu_trace(ad, "action: decap %u bytes", h);
		return len - h;
	}
	if (r == NULL ||
	    (e->action & MLX5X_FLOW_CONTEXT_ACTION_PACKET_REFORMAT) == 0 ||
	    r->type != MLX5X_REFORMAT_TYPE_L3_TUNNEL_TO_L2)
		return len;
	h = emu_tunnel_hdr_len(frame, len, true);
	if (h == 0 || len - h < 20)
		return len;
	memmove(frame + r->size, frame + h, len - h);
	memcpy(frame, r->data, r->size);
	emu_trace(ad, "action: l3 decap %u bytes, %u-byte L2 header", h,
		  r->size);
	return len - h + r->size;
}

/* The lengths and the IPv4 checksum of the outer headers just put in;
 * returns the offset of the outer UDP header, 0 when there is none. */
static uint32_t
emu_reformat_fill(uint8_t *f, uint32_t len, uint32_t hdr)
{
	uint32_t l3 = emu_l2_len(f, hdr), l4 = 0, i, sum = 0;
	uint16_t et;

	if (l3 > hdr)
		return 0;
	et = emu_rd16be(f + l3 - 2);
	if (et == 0x0800 && l3 + 20 <= hdr && (f[l3] >> 4) == 4) {
		uint32_t ihl = (f[l3] & 0xf) * 4;

		emu_wr16be(f + l3 + 2, len - l3);
		f[l3 + 10] = 0;
		f[l3 + 11] = 0;
		for (i = 0; i < ihl; i += 2)
			sum += emu_rd16be(f + l3 + i);
		while (sum >> 16)
			sum = (sum & 0xffff) + (sum >> 16);
		emu_wr16be(f + l3 + 10, ~sum & 0xffff);
		l4 = l3 + ihl;
		if (f[l3 + 9] != 17 || l4 + 8 > hdr)
			return 0;
	} else if (et == 0x86dd && l3 + 40 <= hdr && (f[l3] >> 4) == 6) {
		emu_wr16be(f + l3 + 4, len - l3 - 40);
		l4 = l3 + 40;
		if (f[l3 + 6] != 17 || l4 + 8 > hdr)
			return 0;
	} else {
		return 0;
	}
	emu_wr16be(f + l4 + 4, len - l4);
	return l4;
}

/* UDP tunnels whose destination port the adapter knows (its parser's):
 * entropy goes into their source port (mlx5x_emu_entropy.c). */
static bool
emu_reformat_entropy_port(uint16_t dport)
{
	return dport == EMU_VXLAN_UDP_PORT || dport == EMU_VXLAN_GPE_UDP_PORT ||
	       dport == EMU_PORT_GENEVE;
}

uint32_t
emu_reformat_encap(struct emu_adapter *ad, const struct emu_fte *e,
		   uint8_t *frame, uint32_t len)
{
	const struct emu_reformat *r = e->reformat;
	uint32_t strip = 0, udp;

	if (r == NULL ||
	    (e->action & MLX5X_FLOW_CONTEXT_ACTION_PACKET_REFORMAT) == 0 ||
	    !emu_reformat_is_encap(r->type))
		return len;
	if (r->type == MLX5X_REFORMAT_TYPE_L2_TO_L3_TUNNEL) {
		strip = emu_l2_len(frame, len);
		if (strip > len)
			return len;
	}
	if (len - strip + r->size > EMU_FRAME_MAX)
		return len; /* would not fit: the frame goes as it is */
	memmove(frame + r->size, frame + strip, len - strip);
	memcpy(frame, r->data, r->size);
	len = len - strip + r->size;
	udp = emu_reformat_fill(frame, len, r->size);
	/* A zero source port (what software gives) takes the inner
	 * headers' entropy; a port software chose stays. */
	if (udp != 0 && emu_rd16be(frame + udp) == 0 &&
	    emu_reformat_entropy_port(emu_rd16be(frame + udp + 2)))
		emu_wr16be(frame + udp,
			   emu_tunnel_entropy(frame + r->size, len - r->size,
					      strip == 0));
	emu_trace(ad, "action: encap type %u, %u bytes, udp sport %u", r->type,
		  r->size, udp != 0 ? emu_rd16be(frame + udp) : 0);
	return len;
}
