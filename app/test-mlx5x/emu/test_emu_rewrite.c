/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, header rewrite (PRM modify header): a context of
 * set/add/copy actions on PRM field ids, named by an FTE with MOD_HDR on
 * the FDB and NIC RX, rewrites the frame before it reaches its vport or
 * TIR, with the IPv4 and UDP checksums fixed; fields the frame does not
 * carry are left alone; bad actions, table types and ids are refused with
 * their syndromes. Every expected frame is built here, byte by byte, and
 * its checksums computed from scratch.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

/* ---- the oracle --------------------------------------------------------- */

static uint32_t
sum16(const uint8_t *p, size_t n, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t
fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* IPv4 header and UDP checksums of an Ethernet/IPv4 frame, from scratch. */
static void
oracle_csum4(uint8_t *f)
{
	uint8_t *ip = f + 14, *l4 = ip + (ip[0] & 0xf) * 4;
	size_t l4len = ((size_t)ip[2] << 8 | ip[3]) - (ip[0] & 0xf) * 4;
	uint16_t c;

	ip[10] = ip[11] = 0;
	c = fold(sum16(ip, (ip[0] & 0xf) * 4, 0));
	ip[10] = c >> 8;
	ip[11] = c;
	if (ip[9] != 17)
		return;
	l4[6] = l4[7] = 0;
	c = fold(sum16(l4, l4len, sum16(ip + 12, 8, 0) + 17 + l4len));
	if (c == 0)
		c = 0xffff;
	l4[6] = c >> 8;
	l4[7] = c;
}

/* ---- PRM objects ---------------------------------------------------------*/

static void
act_set(uint8_t *a, uint32_t field, uint32_t off, uint32_t len, uint32_t v)
{
	memset(a, 0, 8);
	MLX5X_SET(set_action_in, a, action_type, MLX5X_ACTION_TYPE_SET);
	MLX5X_SET(set_action_in, a, field, field);
	MLX5X_SET(set_action_in, a, offset, off);
	MLX5X_SET(set_action_in, a, length, len);
	MLX5X_SET(set_action_in, a, data, v);
}

static void
act_add(uint8_t *a, uint32_t field, uint32_t v)
{
	memset(a, 0, 8);
	MLX5X_SET(add_action_in, a, action_type, MLX5X_ACTION_TYPE_ADD);
	MLX5X_SET(add_action_in, a, field, field);
	MLX5X_SET(add_action_in, a, data, v);
}

static void
act_copy(uint8_t *a, uint32_t src, uint32_t soff, uint32_t dst, uint32_t doff,
	 uint32_t len)
{
	memset(a, 0, 8);
	MLX5X_SET(copy_action_in, a, action_type, MLX5X_ACTION_TYPE_COPY);
	MLX5X_SET(copy_action_in, a, src_field, src);
	MLX5X_SET(copy_action_in, a, src_offset, soff);
	MLX5X_SET(copy_action_in, a, dst_field, dst);
	MLX5X_SET(copy_action_in, a, dst_offset, doff);
	MLX5X_SET(copy_action_in, a, length, len);
}

/* ALLOC_MODIFY_HEADER_CONTEXT; returns the status, *id / *syndrome. */
static int
mh_alloc(struct emu_dev *d, uint32_t type, const uint8_t (*acts)[8], uint32_t n,
	 uint32_t *id, uint32_t *syndrome)
{
	uint8_t in[16 + 64 * 8] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(alloc_modify_header_context_out)] = { 0 };
	int st;

	MLX5X_SET(alloc_modify_header_context_in, in, opcode,
		  MLX5X_CMD_OP_ALLOC_MODIFY_HEADER_CONTEXT);
	MLX5X_SET(alloc_modify_header_context_in, in, table_type, type);
	MLX5X_SET(alloc_modify_header_context_in, in, num_of_actions, n);
	memcpy(in + 16, acts, (size_t)(n < 64 ? n : 64) * 8);
	st = emu_cmd(d, in, 16 + (size_t)(n < 64 ? n : 64) * 8, out,
		     sizeof(out));
	*id = MLX5X_GET(alloc_modify_header_context_out, out, modify_header_id);
	*syndrome = MLX5X_GET(mbox_out, out, syndrome);
	return st;
}

static int
mh_dealloc(struct emu_dev *d, uint32_t id, uint32_t *syndrome)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(dealloc_modify_header_context_in)] = { 0 };
	uint8_t out[16] = { 0 };
	int st;

	MLX5X_SET(dealloc_modify_header_context_in, in, opcode,
		  MLX5X_CMD_OP_DEALLOC_MODIFY_HEADER_CONTEXT);
	MLX5X_SET(dealloc_modify_header_context_in, in, modify_header_id, id);
	st = emu_cmd(d, in, sizeof(in), out, sizeof(out));
	*syndrome = MLX5X_GET(mbox_out, out, syndrome);
	return st;
}

/* A root table of the type with one catch-all group of 16 entries. */
struct tbl {
	struct mlx5dv_devx_obj *ft, *fg;
	uint32_t type, ftn, fgn;
};

static int tbl_make_mask(struct emu_dev *d, struct tbl *t, uint32_t type,
			 bool root, uint8_t enable, size_t off, uint32_t mask);

static int
tbl_make(struct emu_dev *d, struct tbl *t, uint32_t type, bool root)
{
	return tbl_make_mask(d, t, type, root, 0, 0, 0);
}

/* The same, the group's mask one 32-bit word of fte_match_param. */
static int
tbl_make_mask(struct emu_dev *d, struct tbl *t, uint32_t type, bool root,
	      uint8_t enable, size_t off, uint32_t mask)
{
	uint32_t be = htobe32(mask);
	uint8_t tin[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t gin[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
	uint8_t out[16];

	t->type = type;
	MLX5X_SET(create_flow_table_in, tin, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, tin, table_type, type);
	MLX5X_SET(flow_table_context,
		  MLX5X_ADDR_OF(create_flow_table_in, tin, flow_table_context),
		  log_size, 4);
	MLX5X_SET(flow_table_context,
		  MLX5X_ADDR_OF(create_flow_table_in, tin, flow_table_context),
		  level, root ? 0 : 1);
	t->ftn = emu_obj_id(d, tin, sizeof(tin), &t->ft);
	MLX5X_SET(create_flow_group_in, gin, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, gin, table_type, type);
	MLX5X_SET(create_flow_group_in, gin, table_id, t->ftn);
	MLX5X_SET(create_flow_group_in, gin, end_flow_index, 15);
	MLX5X_SET(create_flow_group_in, gin, match_criteria_enable, enable);
	memcpy((uint8_t *)MLX5X_ADDR_OF(create_flow_group_in, gin,
					match_criteria) +
		       off,
	       &be, 4);
	t->fgn = emu_obj_id(d, gin, sizeof(gin), &t->fg);
	if (t->ft == NULL || t->fg == NULL)
		return -1;
	if (!root)
		return 0;
	MLX5X_SET(set_flow_table_root_in, rin, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, rin, table_type, type);
	MLX5X_SET(set_flow_table_root_in, rin, table_id, t->ftn);
	return emu_cmd(d, rin, sizeof(rin), out, sizeof(out));
}

static void
tbl_free(struct emu_dev *d, struct tbl *t)
{
	uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
	uint8_t out[16];

	MLX5X_SET(set_flow_table_root_in, rin, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, rin, op_mod, 1);
	MLX5X_SET(set_flow_table_root_in, rin, table_type, t->type);
	emu_cmd(d, rin, sizeof(rin), out, sizeof(out));
	emu.obj_destroy(t->fg);
	emu.obj_destroy(t->ft);
}

#define NO_DEST 0xffff /* an entry that allows, no destination list */

/* SET_FLOW_TABLE_ENTRY (catch-all) at index 0 with the action bits, the
 * contexts and one destination; status and syndrome out. */
static size_t fte_voff;	   /* entries match this word of the packet */
static uint32_t fte_value; /* against this value (under the group mask) */

static struct mlx5dv_devx_obj *
fte_make(struct emu_dev *d, const struct tbl *t, uint16_t action,
	 uint32_t mh_id, uint32_t reformat_id, uint16_t dtype, uint32_t did,
	 int *status, uint32_t *syndrome)
{
	uint32_t be = htobe32(fte_value);
	uint8_t in[MLX5X_ST_SZ_BYTES(set_fte_in) + 8] = { 0 };
	uint8_t out[16] = { 0 };
	void *fc = MLX5X_ADDR_OF(set_fte_in, in, flow_context);
	void *dst = MLX5X_ADDR_OF(flow_context, fc, destination);
	struct mlx5dv_devx_obj *obj;

	MLX5X_SET(set_fte_in, in, opcode, MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY);
	MLX5X_SET(set_fte_in, in, table_type, t->type);
	MLX5X_SET(set_fte_in, in, table_id, t->ftn);
	MLX5X_SET(flow_context, fc, group_id, t->fgn);
	memcpy((uint8_t *)MLX5X_ADDR_OF(flow_context, fc, match_value) +
		       fte_voff,
	       &be, 4);
	MLX5X_SET(flow_context, fc, modify_header_id, mh_id);
	MLX5X_SET(flow_context, fc, packet_reformat_id, reformat_id);
	if (dtype == NO_DEST) {
		MLX5X_SET(flow_context, fc, action,
			  action | MLX5X_FLOW_CONTEXT_ACTION_ALLOW);
	} else {
		MLX5X_SET(flow_context, fc, action,
			  action | MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST);
		MLX5X_SET(flow_context, fc, destination_list_size, 1);
		MLX5X_SET(dest_format, dst, destination_type, dtype);
		MLX5X_SET(dest_format, dst, destination_id, did);
	}
	obj = emu.obj_create(d->ctx, in, sizeof(in), out, sizeof(out));
	if (obj == NULL) {
		emu.general_cmd(d->ctx, in, sizeof(in), out, sizeof(out));
		*status = MLX5X_GET(mbox_out, out, status);
		*syndrome = MLX5X_GET(mbox_out, out, syndrome);
	} else {
		*status = 0;
		*syndrome = 0;
	}
	return obj;
}

/* ALLOC_PACKET_REFORMAT_CONTEXT; returns the status, *id / *syndrome. */
static int
rf_alloc(struct emu_dev *d, uint32_t type, const uint8_t *data, size_t size,
	 uint32_t *id, uint32_t *syndrome)
{
	const size_t hdr =
		MLX5X_BYTE_OFF(alloc_packet_reformat_context_in,
			       packet_reformat_context) +
		MLX5X_BYTE_OFF(packet_reformat_context_in, reformat_data);
	uint8_t in[64 + 256] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(alloc_packet_reformat_context_out)] = {
		0
	};
	void *c = MLX5X_ADDR_OF(alloc_packet_reformat_context_in, in,
				packet_reformat_context);
	int st;

	MLX5X_SET(alloc_packet_reformat_context_in, in, opcode,
		  MLX5X_CMD_OP_ALLOC_PACKET_REFORMAT_CONTEXT);
	MLX5X_SET(packet_reformat_context_in, c, reformat_type, type);
	MLX5X_SET(packet_reformat_context_in, c, reformat_data_size, size);
	memcpy(in + hdr, data, size);
	st = emu_cmd(d, in, hdr + size, out, sizeof(out));
	*id = MLX5X_GET(alloc_packet_reformat_context_out, out,
			packet_reformat_id);
	*syndrome = MLX5X_GET(mbox_out, out, syndrome);
	return st;
}

static int
rf_dealloc(struct emu_dev *d, uint32_t id, uint32_t *syndrome)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(dealloc_packet_reformat_context_in)] = {
		0
	};
	uint8_t out[16] = { 0 };
	int st;

	MLX5X_SET(dealloc_packet_reformat_context_in, in, opcode,
		  MLX5X_CMD_OP_DEALLOC_PACKET_REFORMAT_CONTEXT);
	MLX5X_SET(dealloc_packet_reformat_context_in, in, packet_reformat_id,
		  id);
	st = emu_cmd(d, in, sizeof(in), out, sizeof(out));
	*syndrome = MLX5X_GET(mbox_out, out, syndrome);
	return st;
}

/* A root table of one type whose catch-all entry rewrites by a modify
 * header context and forwards (or, NO_DEST, allows). */
struct mhdr_root {
	struct tbl t;
	struct mlx5dv_devx_obj *fte;
	uint32_t id;
};

/* The root of type, its entry rewriting by the n actions to (dtype, did). */
static int
mhdr_root_make(struct emu_dev *d, struct mhdr_root *m, uint32_t type,
	       const uint8_t (*acts)[8], uint32_t n, uint16_t dtype,
	       uint32_t did)
{
	uint32_t syn;
	int st;

	TEST_ASSERT_EQ(tbl_make(d, &m->t, type, true), 0, "root of type %u",
		       type);
	TEST_ASSERT_EQ(mh_alloc(d, type, acts, n, &m->id, &syn), 0,
		       "alloc (syndrome 0x%x)", syn);
	m->fte = fte_make(d, &m->t, MLX5X_FLOW_CONTEXT_ACTION_MOD_HDR, m->id, 0,
			  dtype, did, &st, &syn);
	TEST_ASSERT(m->fte != NULL, "entry (status 0x%x syndrome 0x%x)", st,
		    syn);
	return MLX5X_TEST_PASS;
}

/* What mhdr_root_make made, in reverse. */
static void
mhdr_root_free(struct emu_dev *d, struct mhdr_root *m)
{
	uint32_t syn;

	emu.obj_destroy(m->fte);
	mh_dealloc(d, m->id, &syn);
	tbl_free(d, &m->t);
}

/* Outer Ethernet / IPv4 / UDP to dport / 8-byte tunnel header, lengths
 * and checksums zero as software gives them; returns its size (50). */
static size_t
tunnel_hdr(uint8_t *h, uint16_t dport, uint8_t first)
{
	memset(h, 0, 50);
	memcpy(h, "\x02\xee\x00\x00\x00\x01\x02\xee\x00\x00\x00\x02\x08\x00",
	       14);
	h[14] = 0x45;
	h[20] = 0x40; /* DF */
	h[22] = 64;
	h[23] = 17;
	memcpy(h + 26, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	h[34] = 0xc0;
	h[35] = 0x01;
	h[36] = dport >> 8;
	h[37] = dport & 0xff;
	h[42] = first; /* VXLAN I flag / VXLAN-GPE flags */
	h[48] = 0x64;  /* VNI 0x000064.. */
	return 50;
}

/* What the adapter makes of hdr + payload: IPv4 total length and header
 * checksum, UDP length filled; the UDP checksum stays zero. */
static void
oracle_tunnel_lengths(uint8_t *f, size_t len)
{
	uint16_t c;

	f[16] = (uint8_t)((len - 14) >> 8);
	f[17] = (uint8_t)(len - 14);
	f[24] = f[25] = 0;
	c = fold(sum16(f + 14, 20, 0));
	f[24] = c >> 8;
	f[25] = c;
	f[38] = (uint8_t)((len - 34) >> 8);
	f[39] = (uint8_t)(len - 34);
}

/* ---- tests ---------------------------------------------------------------*/

/* A device opened with cfg and a TIR over one ready RQ (rx). */
static int
rx_dev_open(struct emu_dev *d, const char *cfg, struct emu_rx_tir *rx)
{
	TEST_ASSERT(emu_dev_open(d, cfg) == 0, "open %s", cfg);
	return emu_rx_tir_make(d, rx);
}

static const uint8_t vf1_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x02 };

/* FDB, wire to VF 1: MACs, IPv4 source, DSCP, TTL (add -1) and the UDP
 * destination port rewritten; the same context on an ICMP frame leaves
 * its missing L4 alone; on an ARP frame only the MACs change. */
static int
test_mhdr_fdb_rewrites_frame(void)
{
	uint8_t acts[7][8], frame[128], want[128], out[256];
	struct mhdr_root m;
	struct emu_dev d;
	uint32_t syn;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "vfs=2,wire=drop,vf_end=drop") == 0,
		    "open");
	act_set(acts[0], MLX5X_ACTION_IN_FIELD_OUT_DMAC_47_16, 0, 0,
		0x0215b300);
	act_set(acts[1], MLX5X_ACTION_IN_FIELD_OUT_DMAC_15_0, 0, 16, 0x0002);
	act_set(acts[2], MLX5X_ACTION_IN_FIELD_OUT_SMAC_15_0, 8, 8, 0xab);
	act_set(acts[3], MLX5X_ACTION_IN_FIELD_OUT_SIPV4, 0, 0, 0xc0a80a01);
	act_set(acts[4], MLX5X_ACTION_IN_FIELD_OUT_IP_DSCP, 0, 6, 46);
	act_add(acts[5], MLX5X_ACTION_IN_FIELD_OUT_IP_TTL, 0xff);
	act_set(acts[6], MLX5X_ACTION_IN_FIELD_OUT_UDP_DPORT, 0, 16, 8080);
	TEST_ASSERT_EQ(mhdr_root_make(&d, &m, MLX5X_FLOW_TABLE_TYPE_FDB, acts,
				      7, MLX5X_FLOW_DESTINATION_TYPE_VPORT, 2),
		       MLX5X_TEST_PASS, "FDB root rewriting to VF 1");

	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x77\x00\x00\x00\x09",
			     0x0a000001, 0x0a000002, 1234, 53, 37);
	memcpy(want, frame, len);
	memcpy(want, vf1_mac, 6);
	want[10] = 0xab;
	memcpy(want + 26, "\xc0\xa8\x0a\x01", 4);
	want[15] = (uint8_t)(46 << 2 | (want[15] & 3));
	want[22] = 63;
	want[36] = 8080 >> 8;
	want[37] = 8080 & 0xff;
	oracle_csum4(want);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends");
	TEST_ASSERT_EQ(emu.capture_vf(0, 1, out, sizeof(out)), len, "at VF 1");
	TEST_ASSERT(memcmp(out, want, len) == 0,
		    "rewritten frame, checksums fixed");

	/* ICMP: no UDP port to set; the rest as before. */
	frame[23] = 1;
	oracle_csum4(frame);
	memcpy(want, frame, len);
	memcpy(want, vf1_mac, 6);
	want[10] = 0xab;
	memcpy(want + 26, "\xc0\xa8\x0a\x01", 4);
	want[15] = (uint8_t)(46 << 2);
	want[22] = 63;
	oracle_csum4(want);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends ICMP");
	TEST_ASSERT_EQ(emu.capture_vf(0, 1, out, sizeof(out)), len, "at VF 1");
	TEST_ASSERT(memcmp(out, want, len) == 0, "L4 left alone");

	/* ARP: no IP header at all. */
	frame[12] = 0x08;
	frame[13] = 0x06;
	memcpy(want, frame, len);
	memcpy(want, vf1_mac, 6);
	want[10] = 0xab;
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends ARP");
	TEST_ASSERT_EQ(emu.capture_vf(0, 1, out, sizeof(out)), len, "at VF 1");
	TEST_ASSERT(memcmp(out, want, len) == 0, "only the MACs");

	TEST_ASSERT_EQ(mh_dealloc(&d, m.id, &syn),
		       MLX5X_CMD_STAT_BAD_RES_STATE_ERR, "in use");
	TEST_ASSERT_EQ(syn, 0xa40005, "syndrome: in use");
	emu.obj_destroy(m.fte);
	TEST_ASSERT_EQ(mh_dealloc(&d, m.id, &syn), 0, "dealloc");
	tbl_free(&d, &m.t);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* A frame that came in with a wrong UDP checksum keeps it wrong by the
 * same amount: the adapter updates checksums, it does not recompute. */
static int
test_mhdr_checksum_update_is_incremental(void)
{
	uint8_t acts[1][8], frame[128], want[128], out[256];
	struct mhdr_root m;
	struct emu_dev d;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "vfs=2,wire=drop,vf_end=drop") == 0,
		    "open");
	act_set(acts[0], MLX5X_ACTION_IN_FIELD_OUT_UDP_SPORT, 0, 16, 0x1111);
	TEST_ASSERT_EQ(mhdr_root_make(&d, &m, MLX5X_FLOW_TABLE_TYPE_FDB, acts,
				      1, MLX5X_FLOW_DESTINATION_TYPE_VPORT, 2),
		       MLX5X_TEST_PASS, "FDB root rewriting to VF 1");
	len = emu_frame_udp4(frame, vf1_mac, 1, 2, 0x2222, 9, 20);
	memcpy(want, frame, len);
	want[34] = 0x11;
	want[35] = 0x11;
	oracle_csum4(want);
	/* The UDP checksum one off before the rewrite. */
	frame[41] ^= 1;
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends");
	TEST_ASSERT_EQ(emu.capture_vf(0, 1, out, sizeof(out)), len, "at VF 1");
	TEST_ASSERT(memcmp(out, want, 40) == 0 &&
			    memcmp(out + 42, want + 42, len - 42) == 0,
		    "rewritten");
	TEST_ASSERT(fold(sum16(out + 34, len - 34,
			       sum16(out + 26, 8, 0) + 17 + (len - 34))) != 0,
		    "the checksum is still wrong");
	TEST_ASSERT(out[40] != want[40] || out[41] != want[41],
		    "not recomputed");
	mhdr_root_free(&d, &m);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* A device whose NIC RX root's entry rewrites by the n actions on its
 * way to a TIR: frame (len bytes) from the wire completes on its RQ as
 * want, len bytes; *meta the CQE's flow_table_metadata (Linux
 * mlx5_cqe64 ft_metadata: reg_b as NIC RX left it). */
static int
nic_rx_rewrite_check(const uint8_t (*acts)[8], uint32_t n, const uint8_t *frame,
		     const uint8_t *want, size_t len, uint32_t *meta)
{
	struct emu_rx_tir rx;
	struct mlx5_cqe64 *cqe;
	struct mhdr_root m;
	struct emu_dev d;
	int ret;

	ret = rx_dev_open(&d, "wire=drop", &rx);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(mhdr_root_make(&d, &m, MLX5X_FLOW_TABLE_TYPE_NIC_RX,
				      acts, n, MLX5X_FLOW_DESTINATION_TYPE_TIR,
				      rx.tirn),
		       MLX5X_TEST_PASS, "NIC RX root rewriting to the TIR");
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends");
	cqe = emu_q_poll_cqe(&rx.rq, 50);
	TEST_ASSERT(cqe != NULL, "received");
	TEST_ASSERT_EQ(be32toh(cqe->byte_cnt), len, "length");
	TEST_ASSERT(memcmp(rx.mem, want, len) == 0, "rewritten bytes");
	*meta = be32toh(cqe->imm_inval_pkey);
	mhdr_root_free(&d, &m);
	emu_rx_tir_free(&rx);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* NIC RX: a TIR receives the rewritten frame (copy IPv4 source into the
 * destination, set the IPv4 TTL). */
static int
test_mhdr_nic_rx_copy_to_tir(void)
{
	uint8_t acts[2][8], frame[128], want[128];
	uint32_t meta;
	size_t len;

	act_copy(acts[0], MLX5X_ACTION_IN_FIELD_OUT_SIPV4, 0,
		 MLX5X_ACTION_IN_FIELD_OUT_DIPV4, 0, 0);
	act_set(acts[1], MLX5X_ACTION_IN_FIELD_OUT_IP_TTL, 0, 8, 5);
	len = emu_frame_udp4(frame, vf1_mac, 0x01020304, 0x05060708, 7, 8, 33);
	memcpy(want, frame, len);
	memcpy(want + 30, frame + 26, 4);
	want[22] = 5;
	oracle_csum4(want);
	return nic_rx_rewrite_check(acts, 2, frame, want, len, &meta);
}

/* NIC RX, two tables: the root's entry sets reg_c_1 and the destination
 * MAC and goes to a level-1 table whose only entry matches reg_c_1 == the
 * value set: the next table sees the rewritten packet, the TIR gets the
 * rewritten frame. */
/* Two tables of one type: level 1 forwards to (dtype, did) the frames
 * whose reg_c_1 is value; the root's entry rewrites by the n actions and
 * goes to level 1. 0, or -1 (regc1_chain_free takes what was made). */
struct regc1_chain {
	struct tbl t0, t1;
	struct mlx5dv_devx_obj *fte0, *fte1;
	uint32_t id;
};

static int
regc1_chain_make(struct emu_dev *d, struct regc1_chain *c, uint32_t type,
		 uint32_t value, uint16_t dtype, uint32_t did,
		 const uint8_t (*acts)[8], uint32_t n)
{
	const size_t reg_c1 =
		MLX5X_BYTE_OFF(fte_match_param,
			       misc_parameters_2.metadata_reg_c_1);
	uint32_t syn;
	int st;

	memset(c, 0, sizeof(*c));
	if (tbl_make_mask(d, &c->t1, type, false, MLX5X_MATCH_MISC_PARAMETERS_2,
			  reg_c1, 0xffffffff) != 0)
		return -1;
	fte_voff = reg_c1;
	fte_value = value;
	c->fte1 = fte_make(d, &c->t1, 0, 0, 0, dtype, did, &st, &syn);
	fte_voff = 0;
	fte_value = 0;
	if (c->fte1 == NULL || tbl_make(d, &c->t0, type, true) != 0 ||
	    mh_alloc(d, type, acts, n, &c->id, &syn) != 0)
		return -1;
	c->fte0 = fte_make(d, &c->t0, MLX5X_FLOW_CONTEXT_ACTION_MOD_HDR, c->id,
			   0, MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE, c->t1.ftn,
			   &st, &syn);
	return c->fte0 != NULL ? 0 : -1;
}

static void
regc1_chain_free(struct emu_dev *d, struct regc1_chain *c)
{
	uint32_t syn;

	if (c->fte0 != NULL)
		emu.obj_destroy(c->fte0);
	if (c->t0.ft != NULL)
		tbl_free(d, &c->t0);
	if (c->id != 0)
		mh_dealloc(d, c->id, &syn);
	if (c->fte1 != NULL)
		emu.obj_destroy(c->fte1);
	if (c->t1.fg != NULL)
		emu.obj_destroy(c->t1.fg);
	if (c->t1.ft != NULL)
		emu.obj_destroy(c->t1.ft);
}

/* The rewrite of the two-table tests: reg_c_1 set to 0x1234, the
 * destination MAC's low 16 bits to 0xbeef. */
static void
beef_acts(uint8_t (*acts)[8])
{
	act_set(acts[0], MLX5X_ACTION_IN_FIELD_METADATA_REG_C_0 + 1, 0, 0,
		0x1234);
	act_set(acts[1], MLX5X_ACTION_IN_FIELD_OUT_DMAC_15_0, 0, 16, 0xbeef);
}

/* A UDP frame to VF 1's MAC into frame, its length returned, and into
 * want the same with the MAC beef_acts writes. */
static size_t
beef_frame(uint8_t *frame, uint8_t *want)
{
	size_t len = emu_frame_udp4(frame, vf1_mac, 1, 2, 3, 4, 20);

	memcpy(want, frame, len);
	want[4] = 0xbe;
	want[5] = 0xef;
	return len;
}

static int
test_mhdr_next_table_matches_rewritten(void)
{
	uint8_t acts[2][8], frame[128], want[128];
	struct regc1_chain c;
	struct emu_rx_tir rx;
	struct emu_dev d;
	size_t len;
	int ret;

	ret = rx_dev_open(&d, "wire=drop", &rx);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	beef_acts(acts);
	TEST_ASSERT_EQ(regc1_chain_make(&d, &c, MLX5X_FLOW_TABLE_TYPE_NIC_RX,
					0x1234, MLX5X_FLOW_DESTINATION_TYPE_TIR,
					rx.tirn, acts, 2),
		       0, "level 1 on reg_c_1, root rewriting");
	len = beef_frame(frame, want);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends");
	TEST_ASSERT(emu_q_poll_cqe(&rx.rq, 50) != NULL,
		    "level 1 matched the register the root set");
	TEST_ASSERT(memcmp(rx.mem, want, len) == 0, "rewritten frame");
	regc1_chain_free(&d, &c);
	emu_rx_tir_free(&rx);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* NIC RX: one entry rewrites a header field (the destination MAC's low
 * 16 bits) and sets reg_b on its way to the TIR: the RQ gets the
 * rewritten frame and its CQE carries reg_b as the entry left it
 * (flow_table_metadata). */
static int
test_mhdr_nic_rx_header_and_reg_b_to_tir(void)
{
	uint8_t acts[2][8], frame[128], want[128];
	uint32_t meta = 0;
	size_t len;

	beef_acts(acts);
	act_set(acts[0], MLX5X_ACTION_IN_FIELD_METADATA_REG_B, 0, 0,
		0x1234abcd);
	len = beef_frame(frame, want);
	TEST_ASSERT_EQ(nic_rx_rewrite_check(acts, 2, frame, want, len, &meta),
		       MLX5X_TEST_PASS, "header and reg_b rewritten");
	TEST_ASSERT_EQ(meta, 0x1234abcdu,
		       "reg_b as the entry set it in flow_table_metadata");
	return MLX5X_TEST_PASS;
}

/* FDB, wire to VF 1 through two tables: the root's context works on
 * registers alone, in order (a whole set, a set of bits 16..23 over it, a
 * copy of reg_c_3's bits 20..27 to reg_c_1's bits 4..11), and the level-1
 * table forwards only the value that leaves in reg_c_1; the frame's
 * bytes stay as they came, frame after frame. */
static int
test_mhdr_fdb_register_ops_feed_next_table(void)
{
	const uint32_t c0 = MLX5X_ACTION_IN_FIELD_METADATA_REG_C_0;
	uint8_t acts[4][8], frame[128], out[256];
	struct regc1_chain c;
	struct emu_dev d;
	uint32_t i;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "vfs=2,wire=drop,vf_end=drop") == 0,
		    "open");
	act_set(acts[0], c0 + 1, 0, 0, 0x11223344);
	act_set(acts[1], c0 + 3, 0, 0, 0xcafe0000);
	act_set(acts[2], c0 + 1, 16, 8, 0xab);
	act_copy(acts[3], c0 + 3, 20, c0 + 1, 4, 8);
	/* 0x11223344, bits 16..23 0xab: 0x11ab3344; bits 4..11 from
	 * 0xcafe0000 >> 20 (0xaf): 0x11ab3af4. */
	TEST_ASSERT_EQ(regc1_chain_make(&d, &c, MLX5X_FLOW_TABLE_TYPE_FDB,
					0x11ab3af4,
					MLX5X_FLOW_DESTINATION_TYPE_VPORT, 2,
					acts, 4),
		       0, "level 1 on reg_c_1, root rewriting registers");
	len = emu_frame_udp4(frame, vf1_mac, 1, 2, 3, 4, 20);
	for (i = 0; i < 2; i++) {
		TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends");
		TEST_ASSERT_EQ(emu.capture_vf(0, 1, out, sizeof(out)), (int)len,
			       "frame %u: level 1 matched the registers' value",
			       i);
		TEST_ASSERT(memcmp(out, frame, len) == 0,
			    "frame %u: bytes as sent", i);
	}
	regc1_chain_free(&d, &c);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/*
 * FDB: the root's entry rewrites the destination MAC (and reg_c_1) on its
 * way to a level-1 table that misses (it forwards only a reg_c_1 nobody
 * sets). The default E-Switch path takes the frame as rewritten: from the
 * wire and from VF 0 to the manager's NIC RX (its TIR), from the
 * manager's SQ to the wire.
 */
static int
test_mhdr_fdb_miss_keeps_rewrite(void)
{
	uint8_t acts[2][8], frame[128], want[128], out[256];
	struct mlx5dv_devx_obj *fte;
	struct regc1_chain c;
	struct emu_rx_tir rx;
	struct ibv_mr *mr;
	struct emu_q sq;
	struct emu_dev d;
	uint32_t syn;
	struct tbl t;
	size_t len;
	int st, ret;

	ret = rx_dev_open(&d, "vfs=2,wire=drop,vf_end=drop", &rx);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	TEST_ASSERT_EQ(tbl_make(&d, &t, MLX5X_FLOW_TABLE_TYPE_NIC_RX, true), 0,
		       "NIC RX root");
	fte = fte_make(&d, &t, 0, 0, 0, MLX5X_FLOW_DESTINATION_TYPE_TIR,
		       rx.tirn, &st, &syn);
	TEST_ASSERT(fte != NULL, "NIC RX catch-all (0x%x 0x%x)", st, syn);
	beef_acts(acts);
	TEST_ASSERT_EQ(regc1_chain_make(&d, &c, MLX5X_FLOW_TABLE_TYPE_FDB,
					0x9999,
					MLX5X_FLOW_DESTINATION_TYPE_VPORT, 2,
					acts, 2),
		       0, "FDB root rewriting, level 1 missing");
	len = beef_frame(frame, want);

	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends");
	TEST_ASSERT(emu_q_poll_cqe(&rx.rq, 50) != NULL,
		    "wire frame: the manager's NIC RX");
	TEST_ASSERT(memcmp(rx.mem, want, len) == 0,
		    "wire frame: as the FDB rewrote it");
	TEST_ASSERT_EQ(emu.capture_vf(0, 1, out, sizeof(out)), 0,
		       "nothing at VF 1");

	TEST_ASSERT_EQ(emu.inject_vf(0, 0, frame, len), 0, "VF 0 sends");
	TEST_ASSERT(emu_q_poll_cqe(&rx.rq, 50) != NULL,
		    "VF 0 frame: the manager's NIC RX");
	TEST_ASSERT(memcmp(rx.mem + 2048, want, len) == 0,
		    "VF 0 frame: as the FDB rewrote it");

	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0 &&
			    emu_q_modify(&sq, 0, 1) == 0,
		    "sq");
	mr = emu.reg_mr(d.pd, frame, sizeof(frame), 0);
	emu_wqe_send(sq.buf, 16, sq.qn, 0, frame, len, mr->lkey);
	sq.dbr[MLX5X_SND_DBR] = htobe32(1);
	TEST_ASSERT(emu_q_poll_cqe(&sq, 100) != NULL, "SQ completion");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), len,
		       "SQ frame: the wire");
	TEST_ASSERT(memcmp(out, want, len) == 0,
		    "SQ frame: as the FDB rewrote it");

	emu.dereg_mr(mr);
	emu_q_destroy(&sq);
	regc1_chain_free(&d, &c);
	emu.obj_destroy(fte);
	tbl_free(&d, &t);
	emu_rx_tir_free(&rx);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/*
 * NIC RX: the root's entry rewrites the destination MAC (and reg_c_1) on
 * its way to a level-1 table with no entry, whose misses go to a level-2
 * table that forwards everything to the TIR: the miss path carries the
 * rewritten frame on, and the TIR gets it.
 */
static int
test_mhdr_nic_rx_miss_keeps_rewrite(void)
{
	uint8_t acts[2][8], frame[128], want[128];
	struct mlx5dv_devx_obj *fte0, *fte2, *o1, *o2, *g2;
	struct emu_rx_tir rx;
	uint32_t id, syn;
	struct emu_dev d;
	struct tbl t0, t2 = { .type = MLX5X_FLOW_TABLE_TYPE_NIC_RX };
	uint32_t t1;
	size_t len;
	int st, ret;

	ret = rx_dev_open(&d, "wire=drop", &rx);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	t2.ftn = emu_nic_rx_table(&d, 2, 0, &o2);
	t2.fgn = emu_nic_rx_group(&d, t2.ftn, 0, 0, NULL, &g2);
	TEST_ASSERT(t2.ftn != 0 && t2.fgn != 0, "level 2, a catch-all group");
	fte2 = fte_make(&d, &t2, 0, 0, 0, MLX5X_FLOW_DESTINATION_TYPE_TIR,
			rx.tirn, &st, &syn);
	TEST_ASSERT(fte2 != NULL, "level 2 to the TIR (0x%x 0x%x)", st, syn);
	t1 = emu_nic_rx_table(&d, 1, t2.ftn, &o1);
	TEST_ASSERT(t1 != 0, "level 1, missing to level 2");
	TEST_ASSERT_EQ(tbl_make(&d, &t0, MLX5X_FLOW_TABLE_TYPE_NIC_RX, true), 0,
		       "NIC RX root");
	beef_acts(acts);
	TEST_ASSERT_EQ(mh_alloc(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, acts, 2, &id,
				&syn),
		       0, "alloc");
	fte0 = fte_make(&d, &t0, MLX5X_FLOW_CONTEXT_ACTION_MOD_HDR, id, 0,
			MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE, t1, &st, &syn);
	TEST_ASSERT(fte0 != NULL, "root rewriting to level 1 (0x%x 0x%x)", st,
		    syn);
	len = beef_frame(frame, want);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends");
	TEST_ASSERT(emu_q_poll_cqe(&rx.rq, 50) != NULL,
		    "level 1's miss reached level 2's TIR");
	TEST_ASSERT(memcmp(rx.mem, want, len) == 0, "as the root rewrote it");
	emu.obj_destroy(fte0);
	mh_dealloc(&d, id, &syn);
	tbl_free(&d, &t0);
	emu.obj_destroy(o1);
	emu.obj_destroy(fte2);
	emu.obj_destroy(g2);
	emu.obj_destroy(o2);
	emu_rx_tir_free(&rx);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* NIC TX: the manager's SQ sends a frame; the NIC TX root's entry (allow,
 * modify header) rewrites the source MAC and IPv4 destination before the
 * E-Switch sends it out by the wire. */
static int
test_mhdr_nic_tx_rewrites_sent_frame(void)
{
	uint8_t acts[2][8], frame[128], want[128], out[256];
	struct mlx5_wqe_ctrl_seg *ctrl;
	struct mlx5_wqe_eth_seg *eth;
	struct mlx5_wqe_data_seg *ds;
	struct mhdr_root m;
	struct ibv_mr *mr;
	struct emu_q sq;
	struct emu_dev d;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "vfs=1,wire=drop,vf_end=drop") == 0,
		    "open");
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0 &&
			    emu_q_modify(&sq, 0, 1) == 0,
		    "sq");
	act_set(acts[0], MLX5X_ACTION_IN_FIELD_OUT_SMAC_47_16, 0, 0,
		0x02aabbcc);
	act_set(acts[1], MLX5X_ACTION_IN_FIELD_OUT_DIPV4, 0, 0, 0x0a0b0c0d);
	TEST_ASSERT_EQ(mhdr_root_make(&d, &m, MLX5X_FLOW_TABLE_TYPE_NIC_TX,
				      acts, 2, NO_DEST, 0),
		       MLX5X_TEST_PASS, "NIC TX root rewriting");
	len = emu_frame_udp4(frame, (const uint8_t *)"\x02\x77\x00\x00\x00\x01",
			     1, 2, 3, 4, 30);
	memcpy(want, frame, len);
	memcpy(want + 6, "\x02\xaa\xbb\xcc", 4);
	memcpy(want + 30, "\x0a\x0b\x0c\x0d", 4);
	oracle_csum4(want);
	mr = emu.reg_mr(d.pd, frame, sizeof(frame), 0);
	memset(sq.buf, 0, 64);
	ctrl = (struct mlx5_wqe_ctrl_seg *)sq.buf;
	eth = (struct mlx5_wqe_eth_seg *)(sq.buf + 16);
	ds = (struct mlx5_wqe_data_seg *)(sq.buf + 32);
	ctrl->opmod_idx_opcode = htobe32(MLX5_OPCODE_SEND);
	ctrl->qpn_ds = htobe32(sq.qn << 8 | 3);
	ctrl->fm_ce_se = MLX5_WQE_CTRL_CQ_UPDATE;
	eth->inline_hdr_sz = htobe16(2);
	memcpy(eth->inline_hdr_start, frame, 2);
	ds->byte_count = htobe32(len - 2);
	ds->lkey = htobe32(mr->lkey);
	ds->addr = htobe64((uintptr_t)(frame + 2));
	sq.dbr[MLX5X_SND_DBR] = htobe32(1);
	TEST_ASSERT(emu_q_poll_cqe(&sq, 100) != NULL, "completion");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), len,
		       "on the wire");
	TEST_ASSERT(memcmp(out, want, len) == 0, "rewritten on the way out");
	mhdr_root_free(&d, &m);
	emu.dereg_mr(mr);
	emu_q_destroy(&sq);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* A VLAN-tagged Ethernet/IPv6/TCP frame with a valid TCP checksum. */
static size_t
frame_tcp6_vlan(uint8_t *f)
{
	uint8_t *ip = f + 18, *tcp = f + 58;
	size_t i, plen = 20 + 24;
	uint16_t c;

	memset(f, 0, 18 + 40 + plen);
	memcpy(f, vf1_mac, 6);
	memcpy(f + 6, "\x02\x00\x00\x00\x00\x07\x81\x00\x20\x64\x86\xdd", 12);
	ip[0] = 0x6b; /* traffic class 0xb5 */
	ip[1] = 0x50;
	ip[5] = (uint8_t)plen;
	ip[6] = 6;
	ip[7] = 9;
	for (i = 0; i < 16; i++) {
		ip[8 + i] = (uint8_t)(0x20 + i);
		ip[24 + i] = (uint8_t)(0x40 + i);
	}
	memcpy(tcp, "\x04\xd2\x00\x50\x11\x22\x33\x44\x55\x66\x77\x88\x50\x18",
	       14);
	tcp[14] = 0x10;
	for (i = 0; i < 24; i++)
		tcp[20 + i] = (uint8_t)(i * 3);
	c = fold(sum16(tcp, plen, sum16(ip + 8, 32, 0) + 6 + plen));
	tcp[16] = c >> 8;
	tcp[17] = c;
	return 18 + 40 + plen;
}

/* IPv6/TCP behind a VLAN tag: VLAN id, IPv6 source low word, hop limit
 * (add -1), DSCP, TCP sequence (add), destination port and flags are
 * rewritten where the PRM places them; the TCP checksum fixed. */
static int
test_mhdr_vlan_ipv6_tcp_fields(void)
{
	uint8_t acts[7][8], frame[256], want[256], out[256];
	struct mhdr_root m;
	struct emu_dev d;
	size_t len;
	uint32_t seq;
	uint16_t c;

	TEST_ASSERT(emu_dev_open(&d, "vfs=2,wire=drop,vf_end=drop") == 0,
		    "open");
	act_set(acts[0], MLX5X_ACTION_IN_FIELD_OUT_FIRST_VID, 0, 12, 0x123);
	act_set(acts[1], MLX5X_ACTION_IN_FIELD_OUT_SIPV6_31_0, 0, 0,
		0xdeadbeef);
	act_add(acts[2], MLX5X_ACTION_IN_FIELD_OUT_IPV6_HOPLIMIT, 0xff);
	act_set(acts[3], MLX5X_ACTION_IN_FIELD_OUT_IP_DSCP, 0, 6, 10);
	act_add(acts[4], MLX5X_ACTION_IN_FIELD_OUT_TCP_SEQ_NUM, 0x10);
	act_set(acts[5], MLX5X_ACTION_IN_FIELD_OUT_TCP_DPORT, 0, 16, 8443);
	act_set(acts[6], MLX5X_ACTION_IN_FIELD_OUT_TCP_FLAGS, 0, 9, 0x011);
	TEST_ASSERT_EQ(mhdr_root_make(&d, &m, MLX5X_FLOW_TABLE_TYPE_FDB, acts,
				      7, MLX5X_FLOW_DESTINATION_TYPE_VPORT, 2),
		       MLX5X_TEST_PASS, "FDB root rewriting to VF 1");
	len = frame_tcp6_vlan(frame);
	memcpy(want, frame, len);
	want[14] = 0x21; /* PCP 1 kept, VID 0x123 */
	want[15] = 0x23;
	memcpy(want + 18 + 20, "\xde\xad\xbe\xef", 4);
	want[18 + 7] = 8;
	/* traffic class 0xb5 -> DSCP 10, ECN 1: 0x29 */
	want[18] = 0x62;
	want[19] = 0x90;
	seq = 0x11223344 + 0x10;
	want[62] = seq >> 24;
	want[63] = seq >> 16;
	want[64] = seq >> 8;
	want[65] = seq;
	want[60] = 8443 >> 8;
	want[61] = 8443 & 0xff;
	want[70] = 0x50; /* data offset 5, NS 0 */
	want[71] = 0x11; /* ACK FIN */
	want[74] = want[75] = 0;
	c = fold(sum16(want + 58, len - 58,
		       sum16(want + 26, 32, 0) + 6 + (len - 58)));
	want[74] = c >> 8;
	want[75] = c;
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "wire sends");
	TEST_ASSERT_EQ(emu.capture_vf(0, 1, out, sizeof(out)), len, "at VF 1");
	TEST_ASSERT(memcmp(out, want, len) == 0, "rewritten IPv6/TCP");
	mhdr_root_free(&d, &m);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Bad contexts and entries are refused with the syndrome naming why. */
static int
test_mhdr_refuses_bad_input(void)
{
	uint8_t capin[MLX5X_ST_SZ_BYTES(query_hca_cap_in)] = { 0 };
	static uint8_t capout[MLX5X_ST_SZ_BYTES(query_hca_cap_out)];
	uint8_t acts[40][8] = { { 0 } };
	struct mlx5dv_devx_obj *fte;
	uint32_t id, rx_id, syn, i;
	struct emu_dev d;
	struct tbl t;
	int st;

	TEST_ASSERT(emu_dev_open(&d, "vfs=1,wire=drop,vf_end=drop") == 0,
		    "open");
	MLX5X_SET(query_hca_cap_in, capin, opcode, MLX5X_CMD_OP_QUERY_HCA_CAP);
	MLX5X_SET(query_hca_cap_in, capin, op_mod,
		  MLX5X_CAP_FLOW_TABLE << 1 | 1);
	TEST_ASSERT_EQ(emu_cmd(&d, capin, sizeof(capin), capout,
			       sizeof(capout)),
		       0, "caps");
	TEST_ASSERT_EQ(MLX5X_GET(flow_table_prop_layout,
				 MLX5X_ADDR_OF(query_hca_cap_out, capout,
					       capability.flow_table_nic_cap
						       .flow_table_properties_nic_receive),
				 max_modify_header_actions),
		       32, "NIC RX max_modify_header_actions");
	for (i = 0; i < 40; i++)
		act_set(acts[i], MLX5X_ACTION_IN_FIELD_OUT_SIPV4, 0, 0, i);
	TEST_ASSERT_EQ(mh_alloc(&d, 7, acts, 1, &id, &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "table type 7");
	TEST_ASSERT_EQ(syn, 0xa40001, "syndrome: table type");
	TEST_ASSERT_EQ(mh_alloc(&d, 0, acts, 0, &id, &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "no actions");
	TEST_ASSERT_EQ(syn, 0xa40002, "syndrome: num_of_actions");
	TEST_ASSERT_EQ(mh_alloc(&d, 0, acts, 33, &id, &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "33 > caps");
	TEST_ASSERT_EQ(syn, 0xa40002, "syndrome: num_of_actions");
	TEST_ASSERT_EQ(mh_alloc(&d, 0, acts, 32, &id, &syn), 0, "32 fit");
	TEST_ASSERT_EQ(mh_dealloc(&d, id, &syn), 0, "dealloc");
	TEST_ASSERT_EQ(mh_dealloc(&d, id, &syn), MLX5X_CMD_STAT_BAD_RES_ERR,
		       "dealloc twice");
	TEST_ASSERT_EQ(syn, 0xa40004, "syndrome: no such context");
	act_set(acts[0], 0x30, 0, 0, 0);
	TEST_ASSERT_EQ(mh_alloc(&d, 0, acts, 1, &id, &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "unknown field");
	TEST_ASSERT_EQ(syn, 0xa40011, "syndrome: field");
	act_set(acts[0], MLX5X_ACTION_IN_FIELD_OUT_DMAC_15_0, 0, 0, 0);
	TEST_ASSERT_EQ(mh_alloc(&d, 0, acts, 1, &id, &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR,
		       "32 bits in a 16-bit field");
	TEST_ASSERT_EQ(syn, 0xa40012, "syndrome: offset + length");
	act_set(acts[0], MLX5X_ACTION_IN_FIELD_OUT_IP_DSCP, 2, 5, 0);
	TEST_ASSERT_EQ(mh_alloc(&d, 0, acts, 1, &id, &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "offset 2 + 5 > 6 bits");
	TEST_ASSERT_EQ(syn, 0xa40012, "syndrome: offset + length");
	act_add(acts[0], MLX5X_ACTION_IN_FIELD_OUT_SIPV4, 1);
	TEST_ASSERT_EQ(mh_alloc(&d, 0, acts, 1, &id, &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "add to an address");
	TEST_ASSERT_EQ(syn, 0xa40013, "syndrome: add");
	act_set(acts[0], MLX5X_ACTION_IN_FIELD_METADATA_REG_A, 0, 0, 1);
	TEST_ASSERT_EQ(mh_alloc(&d, MLX5X_FLOW_TABLE_TYPE_FDB, acts, 1, &id,
				&syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "reg_a on the FDB");
	TEST_ASSERT_EQ(syn, 0xa40014, "syndrome: register");
	TEST_ASSERT_EQ(mh_alloc(&d, MLX5X_FLOW_TABLE_TYPE_NIC_TX, acts, 1, &id,
				&syn),
		       0, "reg_a on NIC TX");
	mh_dealloc(&d, id, &syn);
	acts[0][0] = 0x50; /* action_type 5 */
	TEST_ASSERT_EQ(mh_alloc(&d, 0, acts, 1, &id, &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "action type 5");
	TEST_ASSERT_EQ(syn, 0xa40010, "syndrome: action type");
	/* An entry: unknown id, and a NIC RX context on the FDB. */
	act_set(acts[0], MLX5X_ACTION_IN_FIELD_OUT_SIPV4, 0, 0, 1);
	TEST_ASSERT_EQ(mh_alloc(&d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, acts, 1,
				&rx_id, &syn),
		       0, "NIC RX context");
	TEST_ASSERT_EQ(tbl_make(&d, &t, MLX5X_FLOW_TABLE_TYPE_FDB, true), 0,
		       "FDB root");
	fte = fte_make(&d, &t, MLX5X_FLOW_CONTEXT_ACTION_MOD_HDR, 0x12345, 0,
		       MLX5X_FLOW_DESTINATION_TYPE_VPORT, 1, &st, &syn);
	TEST_ASSERT(fte == NULL && st == MLX5X_CMD_STAT_BAD_RES_ERR &&
			    syn == 0xa30022,
		    "unknown modify_header_id (0x%x 0x%x)", st, syn);
	fte = fte_make(&d, &t, MLX5X_FLOW_CONTEXT_ACTION_MOD_HDR, rx_id, 0,
		       MLX5X_FLOW_DESTINATION_TYPE_VPORT, 1, &st, &syn);
	TEST_ASSERT(fte == NULL && st == MLX5X_CMD_STAT_BAD_PARAM_ERR &&
			    syn == 0xa30023,
		    "NIC RX context on the FDB (0x%x 0x%x)", st, syn);
	TEST_ASSERT_EQ(mh_dealloc(&d, rx_id, &syn), 0,
		       "a refused entry holds nothing");
	tbl_free(&d, &t);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/*
 * A device with two VFs whose FDB root's entry encapsulates by a reformat
 * context of one type (the tunnel header to a UDP port, with its first
 * flags byte) to the uplink, and a UDP frame VF 0 sent that way: it
 * leaves by the wire as the context's header, then the frame from byte
 * strip on (14: without its Ethernet header), the lengths and the outer
 * IPv4 checksum filled by the adapter (want, wlen bytes).
 */
struct encap_bed {
	struct emu_dev d;
	struct tbl t;
	struct mlx5dv_devx_obj *fte;
	uint32_t id;
	uint8_t frame[128], want[256];
	size_t len, wlen;
};

static int
encap_bed_send(struct encap_bed *b, uint32_t type, uint16_t dport,
	       uint8_t first, size_t strip, size_t payload)
{
	uint8_t hdr[64], out[256];
	uint32_t syn;
	size_t hl;
	int st;

	TEST_ASSERT(emu_dev_open(&b->d, "vfs=2,wire=drop,vf_end=drop") == 0,
		    "open");
	TEST_ASSERT_EQ(tbl_make(&b->d, &b->t, MLX5X_FLOW_TABLE_TYPE_FDB, true),
		       0, "FDB root");
	hl = tunnel_hdr(hdr, dport, first);
	TEST_ASSERT_EQ(rf_alloc(&b->d, type, hdr, hl, &b->id, &syn), 0,
		       "alloc (0x%x)", syn);
	b->fte = fte_make(&b->d, &b->t,
			  MLX5X_FLOW_CONTEXT_ACTION_PACKET_REFORMAT, 0, b->id,
			  MLX5X_FLOW_DESTINATION_TYPE_UPLINK, 0, &st, &syn);
	TEST_ASSERT(b->fte != NULL, "encap entry (0x%x 0x%x)", st, syn);
	b->len = emu_frame_udp4(b->frame, vf1_mac, 1, 2, 3, 4, payload);
	b->wlen = hl + b->len - strip;
	memcpy(b->want, hdr, hl);
	memcpy(b->want + hl, b->frame + strip, b->len - strip);
	oracle_tunnel_lengths(b->want, b->wlen);
	TEST_ASSERT_EQ(emu.inject_vf(0, 0, b->frame, b->len), 0, "VF 0 sends");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), b->wlen,
		       "reformat type %u: tunnelled on the wire", type);
	TEST_ASSERT(memcmp(out, b->want, b->wlen) == 0,
		    "reformat type %u: outer headers filled, then the frame "
		    "from byte %zu",
		    type, strip);
	return MLX5X_TEST_PASS;
}

/* FDB: VF 0's frame leaves by the wire VXLAN-encapsulated (L2_TO_L2_TUNNEL,
 * lengths and the outer IPv4 checksum filled by the adapter); the same
 * encapsulated frame from the wire, decapsulated (DECAP), reaches VF 1 as
 * the inner frame. */
static int
test_reformat_fdb_vxlan_encap_decap(void)
{
	struct mlx5dv_devx_obj *fte;
	struct encap_bed b;
	uint8_t out[256];
	uint32_t syn;
	int st;

	TEST_ASSERT_EQ(encap_bed_send(&b, MLX5X_REFORMAT_TYPE_L2_TO_L2_TUNNEL,
				      4789, 0x08, 0, 29),
		       MLX5X_TEST_PASS, "VXLAN encapsulation");
	TEST_ASSERT_EQ(rf_dealloc(&b.d, b.id, &syn),
		       MLX5X_CMD_STAT_BAD_RES_STATE_ERR, "in use");
	TEST_ASSERT_EQ(syn, 0xa50005, "syndrome: in use");
	emu.obj_destroy(b.fte);
	TEST_ASSERT_EQ(rf_dealloc(&b.d, b.id, &syn), 0, "dealloc");

	fte = fte_make(&b.d, &b.t, MLX5X_FLOW_CONTEXT_ACTION_DECAP, 0, 0,
		       MLX5X_FLOW_DESTINATION_TYPE_VPORT, 2, &st, &syn);
	TEST_ASSERT(fte != NULL, "decap entry (0x%x 0x%x)", st, syn);
	TEST_ASSERT_EQ(emu.inject_wire(0, b.want, b.wlen), 0, "wire sends");
	TEST_ASSERT_EQ(emu.capture_vf(0, 1, out, sizeof(out)), b.len,
		       "inner frame at VF 1");
	TEST_ASSERT(memcmp(out, b.frame, b.len) == 0, "inner bytes");
	/* A frame that is no VXLAN: left as it is. */
	TEST_ASSERT_EQ(emu.inject_wire(0, b.frame, b.len), 0, "plain frame");
	TEST_ASSERT_EQ(emu.capture_vf(0, 1, out, sizeof(out)), b.len,
		       "plain frame at VF 1");
	TEST_ASSERT(memcmp(out, b.frame, b.len) == 0, "untouched");
	emu.obj_destroy(fte);
	tbl_free(&b.d, &b.t);
	emu_dev_close(&b.d);
	return MLX5X_TEST_PASS;
}

/* FDB: L2_TO_L3_TUNNEL replaces the frame's Ethernet header with the
 * outer headers (VXLAN-GPE, UDP 4790); L3_TUNNEL_TO_L2 takes them off
 * again and puts the given Ethernet header back. */
static int
test_reformat_fdb_l3_tunnel(void)
{
	struct mlx5dv_devx_obj *fte;
	struct encap_bed b;
	uint8_t out[256];
	uint32_t id2, syn;
	int st;

	TEST_ASSERT_EQ(encap_bed_send(&b, MLX5X_REFORMAT_TYPE_L2_TO_L3_TUNNEL,
				      4790, 0x0c, 14, 25),
		       MLX5X_TEST_PASS, "L3 tunnel: outer + inner IP");
	emu.obj_destroy(b.fte);
	TEST_ASSERT_EQ(rf_alloc(&b.d, MLX5X_REFORMAT_TYPE_L3_TUNNEL_TO_L2,
				b.frame, 14, &id2, &syn),
		       0, "L3 decap context (0x%x)", syn);
	fte = fte_make(&b.d, &b.t, MLX5X_FLOW_CONTEXT_ACTION_PACKET_REFORMAT, 0,
		       id2, MLX5X_FLOW_DESTINATION_TYPE_VPORT, 2, &st, &syn);
	TEST_ASSERT(fte != NULL, "decap entry (0x%x 0x%x)", st, syn);
	TEST_ASSERT_EQ(emu.inject_wire(0, b.want, b.wlen), 0, "wire sends");
	TEST_ASSERT_EQ(emu.capture_vf(0, 1, out, sizeof(out)), b.len,
		       "frame at VF 1");
	TEST_ASSERT(memcmp(out, b.frame, b.len) == 0, "Ethernet header back");
	emu.obj_destroy(fte);
	rf_dealloc(&b.d, id2, &syn);
	rf_dealloc(&b.d, b.id, &syn);
	tbl_free(&b.d, &b.t);
	emu_dev_close(&b.d);
	return MLX5X_TEST_PASS;
}

/* FDB: an encapsulating entry deleted and a plain one set at its index
 * after it: the plain entry forwards the frame as it came, holds no
 * reformat context, and the context deallocates once both are gone. */
static int
test_reformat_not_held_by_the_next_entry(void)
{
	uint8_t hdr[64], frame[128], out[256];
	struct mlx5dv_devx_obj *fte;
	uint32_t id, syn;
	struct emu_dev d;
	struct tbl t;
	size_t len;
	int st;

	TEST_ASSERT(emu_dev_open(&d, "vfs=2,wire=drop,vf_end=drop") == 0,
		    "open");
	TEST_ASSERT_EQ(tbl_make(&d, &t, MLX5X_FLOW_TABLE_TYPE_FDB, true), 0,
		       "FDB root");
	TEST_ASSERT_EQ(rf_alloc(&d, MLX5X_REFORMAT_TYPE_L2_TO_L2_TUNNEL, hdr,
				tunnel_hdr(hdr, 4789, 0x08), &id, &syn),
		       0, "encap context (0x%x)", syn);
	fte = fte_make(&d, &t, MLX5X_FLOW_CONTEXT_ACTION_PACKET_REFORMAT, 0, id,
		       MLX5X_FLOW_DESTINATION_TYPE_UPLINK, 0, &st, &syn);
	TEST_ASSERT(fte != NULL, "encap entry (0x%x 0x%x)", st, syn);
	TEST_ASSERT_EQ(emu.obj_destroy(fte), 0, "encap entry deleted");
	fte = fte_make(&d, &t, 0, 0, 0, MLX5X_FLOW_DESTINATION_TYPE_VPORT, 2,
		       &st, &syn);
	TEST_ASSERT(fte != NULL, "plain entry at the same index (0x%x 0x%x)",
		    st, syn);
	len = emu_frame_udp4(frame, vf1_mac, 1, 2, 3, 4, 29);
	TEST_ASSERT_EQ(emu.inject_vf(0, 0, frame, len), 0, "VF 0 sends");
	TEST_ASSERT_EQ(emu.capture_vf(0, 1, out, sizeof(out)), len, "at VF 1");
	TEST_ASSERT(memcmp(out, frame, len) == 0, "as it came");
	TEST_ASSERT_EQ(emu.obj_destroy(fte), 0, "plain entry deleted");
	TEST_ASSERT_EQ(rf_dealloc(&d, id, &syn), 0,
		       "the context held by no entry (0x%x)", syn);
	tbl_free(&d, &t);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Reformat on the wrong side, bad types and sizes: refused, named. */
static int
test_reformat_refuses_bad_input(void)
{
	uint8_t hdr[200] = { 0 };
	struct mlx5dv_devx_obj *fte;
	uint32_t id, syn;
	struct emu_dev d;
	struct tbl rx, tx;
	int st;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	tunnel_hdr(hdr, 4789, 0x08);
	TEST_ASSERT_EQ(rf_alloc(&d, 7, hdr, 50, &id, &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "type 7");
	TEST_ASSERT_EQ(syn, 0xa50001, "syndrome: type");
	TEST_ASSERT_EQ(rf_alloc(&d, MLX5X_REFORMAT_TYPE_L2_TO_L2_TUNNEL, hdr,
				129, &id, &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "beyond max_encap_header");
	TEST_ASSERT_EQ(syn, 0xa50002, "syndrome: size");
	TEST_ASSERT_EQ(rf_alloc(&d, MLX5X_REFORMAT_TYPE_L3_TUNNEL_TO_L2, hdr,
				20, &id, &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "L2 header of 20 bytes");
	TEST_ASSERT_EQ(syn, 0xa50002, "syndrome: size");
	TEST_ASSERT_EQ(rf_alloc(&d, MLX5X_REFORMAT_TYPE_L2_TO_L2_TUNNEL, hdr,
				50, &id, &syn),
		       0, "encap context");
	TEST_ASSERT_EQ(tbl_make(&d, &rx, MLX5X_FLOW_TABLE_TYPE_NIC_RX, true), 0,
		       "NIC RX");
	TEST_ASSERT_EQ(tbl_make(&d, &tx, MLX5X_FLOW_TABLE_TYPE_NIC_TX, true), 0,
		       "NIC TX");
	fte = fte_make(&d, &rx, MLX5X_FLOW_CONTEXT_ACTION_PACKET_REFORMAT, 0,
		       id, MLX5X_FLOW_DESTINATION_TYPE_TIR, 0, &st, &syn);
	TEST_ASSERT(fte == NULL && st == MLX5X_CMD_STAT_BAD_PARAM_ERR &&
			    syn == 0xa30025,
		    "encap on NIC RX (0x%x 0x%x)", st, syn);
	fte = fte_make(&d, &tx, MLX5X_FLOW_CONTEXT_ACTION_DECAP, 0, 0, NO_DEST,
		       0, &st, &syn);
	TEST_ASSERT(fte == NULL && st == MLX5X_CMD_STAT_BAD_PARAM_ERR &&
			    syn == 0xa30021,
		    "decap on NIC TX (0x%x 0x%x)", st, syn);
	fte = fte_make(&d, &tx, MLX5X_FLOW_CONTEXT_ACTION_PACKET_REFORMAT, 0,
		       0x777, NO_DEST, 0, &st, &syn);
	TEST_ASSERT(fte == NULL && st == MLX5X_CMD_STAT_BAD_RES_ERR &&
			    syn == 0xa30024,
		    "unknown packet_reformat_id (0x%x 0x%x)", st, syn);
	fte = fte_make(&d, &tx, MLX5X_FLOW_CONTEXT_ACTION_PACKET_REFORMAT, 0,
		       id, NO_DEST, 0, &st, &syn);
	TEST_ASSERT(fte != NULL, "encap on NIC TX");
	emu.obj_destroy(fte);
	TEST_ASSERT_EQ(rf_dealloc(&d, id, &syn), 0, "dealloc");
	TEST_ASSERT_EQ(rf_dealloc(&d, id, &syn), MLX5X_CMD_STAT_BAD_RES_ERR,
		       "twice");
	TEST_ASSERT_EQ(syn, 0xa50004, "syndrome: no such context");
	tbl_free(&d, &tx);
	tbl_free(&d, &rx);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

struct match {
	struct mlx5dv_flow_match_parameters p;
	uint64_t buf[512 / 8]; /* fte_match_param */
};

/* Direct Rules on the FDB: one rule rewrites the destination MAC, counts
 * and sends a copy to VF 1 and one to the wire; then a rule encapsulates
 * (DR L2_TO_L2_TUNNEL) to the wire; a bad action list is refused. */
static int
test_dr_fdb_modify_header_reformat_multi_dest(void)
{
	uint8_t cin[MLX5X_ST_SZ_BYTES(alloc_flow_counter_in)] = { 0 };
	uint8_t qin[MLX5X_ST_SZ_BYTES(query_flow_counter_in)] = { 0 };
	uint8_t qout[MLX5X_ST_SZ_BYTES(query_flow_counter_out) + 16];
	uint8_t acts[1][8], frame[128], want[256], out[256], hdr[64], o16[16];
	struct mlx5dv_dr_action *a_mh, *a_vf1, *a_up, *a_cnt, *a_rf, *list[5];
	struct mlx5dv_dr_domain *dmn;
	struct mlx5dv_dr_table *tbl;
	struct mlx5dv_dr_matcher *m;
	struct mlx5dv_dr_rule *r;
	struct mlx5dv_devx_obj *cnt;
	struct match mask, val;
	uint32_t cnt_id;
	struct emu_dev d;
	size_t len, hl;
	const void *stats;

	TEST_ASSERT(emu_dev_open(&d, "vfs=2,wire=drop,vf_end=drop") == 0,
		    "open");
	MLX5X_SET(alloc_flow_counter_in, cin, opcode,
		  MLX5X_CMD_OP_ALLOC_FLOW_COUNTER);
	cnt = emu.obj_create(d.ctx, cin, sizeof(cin), o16, sizeof(o16));
	cnt_id = MLX5X_GET(alloc_flow_counter_out, o16, flow_counter_id);
	TEST_ASSERT(cnt != NULL, "counter");
	dmn = emu.dr_domain_create(d.ctx, MLX5DV_DR_DOMAIN_TYPE_FDB);
	TEST_ASSERT(dmn != NULL, "FDB domain");
	tbl = emu.dr_table_create(dmn, 0);
	memset(&mask, 0, sizeof(mask));
	mask.p.match_sz = sizeof(mask.buf);
	m = emu.dr_matcher_create(tbl, 0, 0, &mask.p);
	TEST_ASSERT(tbl != NULL && m != NULL, "table and matcher");
	act_set(acts[0], MLX5X_ACTION_IN_FIELD_OUT_DMAC_15_0, 0, 16, 0x0042);
	a_mh = emu.dr_action_modify_header(dmn, 0, 8, (__be64 *)acts);
	a_vf1 = emu.dr_action_dest_vport(dmn, 2);
	a_up = emu.dr_action_dest_vport(dmn, 0xffff);
	a_cnt = emu.dr_action_counter(cnt, 0);
	TEST_ASSERT(a_mh && a_vf1 && a_up && a_cnt, "actions");
	TEST_ASSERT(emu.dr_action_modify_header(dmn, 0, 12, (__be64 *)acts) ==
			    NULL,
		    "half an action refused");
	act_set(acts[0], MLX5X_ACTION_IN_FIELD_OUT_DMAC_15_0, 8, 16, 0);
	TEST_ASSERT(emu.dr_action_modify_header(dmn, 0, 8, (__be64 *)acts) ==
			    NULL,
		    "offset + length beyond the field refused");
	memset(&val, 0, sizeof(val));
	val.p.match_sz = sizeof(val.buf);
	list[0] = a_mh;
	list[1] = a_cnt;
	list[2] = a_vf1;
	list[3] = a_up;
	r = emu.dr_rule_create(m, &val.p, 4, list);
	TEST_ASSERT(r != NULL, "rule");
	len = emu_frame_udp4(frame, vf1_mac, 1, 2, 3, 4, 30);
	memcpy(want, frame, len);
	want[4] = 0x00;
	want[5] = 0x42;
	TEST_ASSERT_EQ(emu.inject_vf(0, 0, frame, len), 0, "VF 0 sends");
	TEST_ASSERT_EQ(emu.capture_vf(0, 1, out, sizeof(out)), len,
		       "copy at VF 1");
	TEST_ASSERT(memcmp(out, want, len) == 0, "rewritten at VF 1");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), len,
		       "copy on the wire");
	TEST_ASSERT(memcmp(out, want, len) == 0, "rewritten on the wire");
	TEST_ASSERT_EQ(emu.capture_vf(0, 0, out, sizeof(out)), 0,
		       "none back at VF 0");
	MLX5X_SET(query_flow_counter_in, qin, opcode,
		  MLX5X_CMD_OP_QUERY_FLOW_COUNTER);
	MLX5X_SET(query_flow_counter_in, qin, flow_counter_id, cnt_id);
	TEST_ASSERT_EQ(emu_cmd(&d, qin, sizeof(qin), qout, sizeof(qout)), 0,
		       "query counter");
	stats = MLX5X_ADDR_OF(query_flow_counter_out, qout, flow_statistics);
	TEST_ASSERT_EQ(MLX5X_GET64(traffic_counter, stats, packets), 1,
		       "one packet counted");
	TEST_ASSERT_EQ(MLX5X_GET64(traffic_counter, stats, octets), len,
		       "its bytes counted");
	TEST_ASSERT(emu.dr_action_destroy(a_mh) != 0, "a context in use stays");
	TEST_ASSERT_EQ(emu.dr_rule_destroy(r), 0, "rule");

	hl = tunnel_hdr(hdr, 4789, 0x08);
	a_rf = emu.dr_action_packet_reformat(dmn, 0,
					     MLX5DV_FLOW_ACTION_PACKET_REFORMAT_TYPE_L2_TO_L2_TUNNEL,
					     hl, hdr);
	TEST_ASSERT(a_rf != NULL, "reformat action");
	list[0] = a_rf;
	list[1] = a_up;
	r = emu.dr_rule_create(m, &val.p, 2, list);
	TEST_ASSERT(r != NULL, "encap rule");
	memcpy(want, hdr, hl);
	memcpy(want + hl, frame, len);
	oracle_tunnel_lengths(want, hl + len);
	TEST_ASSERT_EQ(emu.inject_vf(0, 0, frame, len), 0, "VF 0 sends");
	TEST_ASSERT_EQ(emu.capture_wire(0, out, sizeof(out)), hl + len,
		       "encapsulated");
	TEST_ASSERT(memcmp(out, want, hl + len) == 0, "VXLAN frame");
	TEST_ASSERT_EQ(emu.dr_rule_destroy(r), 0, "rule");
	TEST_ASSERT_EQ(emu.dr_action_destroy(a_rf), 0, "reformat");
	TEST_ASSERT_EQ(emu.dr_action_destroy(a_mh), 0, "modify header");
	emu.dr_action_destroy(a_cnt);
	emu.dr_action_destroy(a_up);
	emu.dr_action_destroy(a_vf1);
	TEST_ASSERT_EQ(emu.dr_matcher_destroy(m), 0, "matcher");
	TEST_ASSERT_EQ(emu.dr_table_destroy(tbl), 0, "table");
	emu.dr_domain_destroy(dmn);
	emu.obj_destroy(cnt);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Direct Rules on NIC RX: an L2_TUNNEL_TO_L2 reformat action (the DECAP
 * bit, no data) hands the TIR the inner frame of a VXLAN frame; data with
 * it is refused. */
static int
test_dr_nic_rx_decap_to_tir(void)
{
	uint8_t hdr[64], frame[128], outer[256];
	struct mlx5dv_dr_action *a_decap, *a_tir, *list[2];
	struct mlx5dv_dr_domain *dmn;
	struct mlx5dv_dr_table *tbl;
	struct mlx5dv_dr_matcher *m;
	struct mlx5dv_dr_rule *r;
	struct emu_rx_tir rx;
	struct mlx5_cqe64 *cqe;
	struct match mask;
	struct emu_dev d;
	size_t len, hl;
	int ret;

	ret = rx_dev_open(&d, "wire=drop", &rx);
	if (ret != MLX5X_TEST_PASS)
		return ret;
	dmn = emu.dr_domain_create(d.ctx, MLX5DV_DR_DOMAIN_TYPE_NIC_RX);
	tbl = dmn != NULL ? emu.dr_table_create(dmn, 0) : NULL;
	memset(&mask, 0, sizeof(mask));
	mask.p.match_sz = sizeof(mask.buf);
	m = tbl != NULL ? emu.dr_matcher_create(tbl, 0, 0, &mask.p) : NULL;
	TEST_ASSERT(m != NULL, "domain, table, matcher");
	hl = tunnel_hdr(hdr, 4789, 0x08);
	TEST_ASSERT(emu.dr_action_packet_reformat(dmn, 0,
						  MLX5DV_FLOW_ACTION_PACKET_REFORMAT_TYPE_L2_TUNNEL_TO_L2,
						  hl, hdr) == NULL,
		    "decap takes no data");
	a_decap =
		emu.dr_action_packet_reformat(dmn, 0,
					      MLX5DV_FLOW_ACTION_PACKET_REFORMAT_TYPE_L2_TUNNEL_TO_L2,
					      0, NULL);
	a_tir = emu.dr_action_dest_tir(rx.tir);
	TEST_ASSERT(a_decap != NULL && a_tir != NULL, "actions");
	list[0] = a_decap;
	list[1] = a_tir;
	r = emu.dr_rule_create(m, &mask.p, 2, list);
	TEST_ASSERT(r != NULL, "rule");
	len = emu_frame_udp4(frame, vf1_mac, 9, 8, 7, 6, 31);
	memcpy(outer, hdr, hl);
	memcpy(outer + hl, frame, len);
	oracle_tunnel_lengths(outer, hl + len);
	TEST_ASSERT_EQ(emu.inject_wire(0, outer, hl + len), 0, "VXLAN frame");
	cqe = emu_q_poll_cqe(&rx.rq, 50);
	TEST_ASSERT(cqe != NULL, "received");
	TEST_ASSERT_EQ(be32toh(cqe->byte_cnt), len, "inner length");
	TEST_ASSERT(memcmp(rx.mem, frame, len) == 0, "inner frame");
	TEST_ASSERT_EQ(emu.dr_rule_destroy(r), 0, "rule");
	emu.dr_action_destroy(a_tir);
	emu.dr_action_destroy(a_decap);
	emu.dr_matcher_destroy(m);
	emu.dr_table_destroy(tbl);
	emu.dr_domain_destroy(dmn);
	emu_rx_tir_free(&rx);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_rewrite_suite, "emu_rewrite", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_mhdr_fdb_rewrites_frame),
		 MLX5X_TEST_CASE(test_mhdr_checksum_update_is_incremental),
		 MLX5X_TEST_CASE(test_mhdr_nic_rx_copy_to_tir),
		 MLX5X_TEST_CASE(test_mhdr_nic_rx_header_and_reg_b_to_tir),
		 MLX5X_TEST_CASE(test_mhdr_nic_tx_rewrites_sent_frame),
		 MLX5X_TEST_CASE(test_mhdr_next_table_matches_rewritten),
		 MLX5X_TEST_CASE(test_mhdr_fdb_register_ops_feed_next_table),
		 MLX5X_TEST_CASE(test_mhdr_fdb_miss_keeps_rewrite),
		 MLX5X_TEST_CASE(test_mhdr_nic_rx_miss_keeps_rewrite),
		 MLX5X_TEST_CASE(test_mhdr_vlan_ipv6_tcp_fields),
		 MLX5X_TEST_CASE(test_mhdr_refuses_bad_input),
		 MLX5X_TEST_CASE(test_reformat_fdb_vxlan_encap_decap),
		 MLX5X_TEST_CASE(test_reformat_fdb_l3_tunnel),
		 MLX5X_TEST_CASE(test_reformat_not_held_by_the_next_entry),
		 MLX5X_TEST_CASE(test_reformat_refuses_bad_input),
		 MLX5X_TEST_CASE(test_dr_fdb_modify_header_reformat_multi_dest),
		 MLX5X_TEST_CASE(test_dr_nic_rx_decap_to_tir))
