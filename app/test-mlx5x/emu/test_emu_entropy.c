/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, tunnel entropy: an FDB rule VXLAN-encapsulates VF 0's
 * frames (L2_TO_VXLAN, the header's UDP source port 0 as mlx5_core gives
 * it) towards the wire; the adapter puts an entropy of the inner headers
 * in the outer source port: never 0, in 49152..65535, the same for the
 * same inner flow whatever the payload, different across inner flows. A
 * source port software chose stays, and a UDP tunnel the adapter does not
 * know (destination port 4000) keeps its zero. Every other byte is what
 * the header and the inner frame say, with lengths and the outer IPv4
 * checksum computed here from scratch.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

#define FLOWS 32u

/* The FDB root: one catch-all group, one entry encapsulating with the
 * reformat context and sending to the wire. */
struct fdb {
	struct mlx5dv_devx_obj *ft, *fg, *fte;
	uint32_t ftn, fgn;
};

static int
fdb_make(struct emu_dev *d, struct fdb *f)
{
	uint8_t tin[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t gin[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
	uint8_t out[16];

	memset(f, 0, sizeof(*f));
	MLX5X_SET(create_flow_table_in, tin, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, tin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_FDB);
	MLX5X_SET(flow_table_context,
		  MLX5X_ADDR_OF(create_flow_table_in, tin, flow_table_context),
		  log_size, 2);
	f->ftn = emu_obj_id(d, tin, sizeof(tin), &f->ft);
	MLX5X_SET(create_flow_group_in, gin, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, gin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_FDB);
	MLX5X_SET(create_flow_group_in, gin, table_id, f->ftn);
	MLX5X_SET(create_flow_group_in, gin, end_flow_index, 3);
	f->fgn = emu_obj_id(d, gin, sizeof(gin), &f->fg);
	if (f->ft == NULL || f->fg == NULL)
		return -1;
	MLX5X_SET(set_flow_table_root_in, rin, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, rin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_FDB);
	MLX5X_SET(set_flow_table_root_in, rin, table_id, f->ftn);
	return emu_cmd(d, rin, sizeof(rin), out, sizeof(out));
}

static void
fdb_unset(struct fdb *f)
{
	if (f->fte != NULL)
		emu.obj_destroy(f->fte);
	f->fte = NULL;
}

static int
fdb_encap(struct emu_dev *d, struct fdb *f, uint32_t reformat_id)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(set_fte_in) + 8] = { 0 };
	uint8_t out[16] = { 0 };
	void *fc = MLX5X_ADDR_OF(set_fte_in, in, flow_context);
	void *dst = MLX5X_ADDR_OF(flow_context, fc, destination);

	fdb_unset(f);
	MLX5X_SET(set_fte_in, in, opcode, MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY);
	MLX5X_SET(set_fte_in, in, table_type, MLX5X_FLOW_TABLE_TYPE_FDB);
	MLX5X_SET(set_fte_in, in, table_id, f->ftn);
	MLX5X_SET(flow_context, fc, group_id, f->fgn);
	MLX5X_SET(flow_context, fc, action,
		  MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST |
			  MLX5X_FLOW_CONTEXT_ACTION_PACKET_REFORMAT);
	MLX5X_SET(flow_context, fc, packet_reformat_id, reformat_id);
	MLX5X_SET(flow_context, fc, destination_list_size, 1);
	MLX5X_SET(dest_format, dst, destination_type,
		  MLX5X_FLOW_DESTINATION_TYPE_UPLINK);
	f->fte = emu.obj_create(d->ctx, in, sizeof(in), out, sizeof(out));
	return f->fte != NULL ? 0 : -1;
}

static void
fdb_free(struct emu_dev *d, struct fdb *f)
{
	uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
	uint8_t out[16];

	MLX5X_SET(set_flow_table_root_in, rin, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, rin, op_mod, 1);
	MLX5X_SET(set_flow_table_root_in, rin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_FDB);
	emu_cmd(d, rin, sizeof(rin), out, sizeof(out));
	fdb_unset(f);
	emu.obj_destroy(f->fg);
	emu.obj_destroy(f->ft);
}

/* ALLOC_PACKET_REFORMAT_CONTEXT; the id, 0 on failure. */
static uint32_t
rf_alloc(struct emu_dev *d, uint32_t type, const uint8_t *data, size_t size)
{
	const size_t hdr =
		MLX5X_BYTE_OFF(alloc_packet_reformat_context_in,
			       packet_reformat_context) +
		MLX5X_BYTE_OFF(packet_reformat_context_in, reformat_data);
	uint8_t in[64 + 128] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(alloc_packet_reformat_context_out)] = {
		0
	};
	void *c = MLX5X_ADDR_OF(alloc_packet_reformat_context_in, in,
				packet_reformat_context);

	MLX5X_SET(alloc_packet_reformat_context_in, in, opcode,
		  MLX5X_CMD_OP_ALLOC_PACKET_REFORMAT_CONTEXT);
	MLX5X_SET(packet_reformat_context_in, c, reformat_type, type);
	MLX5X_SET(packet_reformat_context_in, c, reformat_data_size, size);
	memcpy(in + hdr, data, size);
	if (emu_cmd(d, in, hdr + size, out, sizeof(out)) != 0)
		return 0;
	return MLX5X_GET(alloc_packet_reformat_context_out, out,
			 packet_reformat_id);
}

static void
rf_free(struct emu_dev *d, uint32_t id)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(dealloc_packet_reformat_context_in)] = {
		0
	};
	uint8_t out[16];

	MLX5X_SET(dealloc_packet_reformat_context_in, in, opcode,
		  MLX5X_CMD_OP_DEALLOC_PACKET_REFORMAT_CONTEXT);
	MLX5X_SET(dealloc_packet_reformat_context_in, in, packet_reformat_id,
		  id);
	emu_cmd(d, in, sizeof(in), out, sizeof(out));
}

/* Outer Ethernet / IPv4 / UDP sport -> dport / VXLAN (VNI 100): 50 bytes,
 * lengths and checksums zero as software gives them. */
static size_t
vxlan_hdr(uint8_t *h, uint16_t sport, uint16_t dport)
{
	memset(h, 0, 50);
	memcpy(h, "\x02\xee\x00\x00\x00\x01\x02\xee\x00\x00\x00\x02\x08\x00",
	       14);
	h[14] = 0x45;
	h[20] = 0x40; /* DF */
	h[22] = 64;
	h[23] = 17;
	memcpy(h + 26, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	h[34] = sport >> 8;
	h[35] = sport & 0xff;
	h[36] = dport >> 8;
	h[37] = dport & 0xff;
	h[42] = 0x08; /* I flag */
	h[48] = 0x64;
	return 50;
}

/* The frame the wire must see: hdr + inner with the IPv4 total length and
 * header checksum and the UDP length filled, the source port as given. */
static void
oracle(uint8_t *f, const uint8_t *hdr, size_t hl, const uint8_t *inner,
       size_t len, uint16_t sport)
{
	uint32_t s = 0;
	size_t i;

	memcpy(f, hdr, hl);
	memcpy(f + hl, inner, len);
	len += hl;
	f[16] = (uint8_t)((len - 14) >> 8);
	f[17] = (uint8_t)(len - 14);
	for (i = 14; i < 34; i += 2)
		s += (uint32_t)f[i] << 8 | f[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	f[24] = (uint8_t)(~s >> 8);
	f[25] = (uint8_t)~s;
	f[34] = sport >> 8;
	f[35] = sport & 0xff;
	f[38] = (uint8_t)((len - 34) >> 8);
	f[39] = (uint8_t)(len - 34);
}

static const uint8_t vf_dmac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x09 };

/* VF 0 sends inner; the wire frame's outer UDP source port, after the
 * rest of the frame is checked against the oracle; -1 on a mismatch. */
static int
encap_sport(const uint8_t *hdr, size_t hl, const uint8_t *inner, size_t len)
{
	static uint8_t out[512], want[512];
	size_t n;
	uint16_t sport;

	if (emu.inject_vf(0, 0, inner, len) != 0)
		return -1;
	n = emu.capture_wire(0, out, sizeof(out));
	if (n != hl + len)
		return -1;
	sport = (uint16_t)(out[34] << 8 | out[35]);
	oracle(want, hdr, hl, inner, len, sport);
	return memcmp(out, want, n) == 0 ? sport : -1;
}

static int
test_vxlan_encap_source_port_entropy(void)
{
	uint8_t hdr[64], inner[256];
	uint16_t seen[FLOWS];
	unsigned int i, j, distinct = 0;
	struct emu_dev d;
	struct fdb f;
	uint32_t rf;
	size_t hl, len;
	int sp, sp0;

	TEST_ASSERT(emu_dev_open(&d, "vfs=2,wire=drop,vf_end=drop") == 0,
		    "open");
	TEST_ASSERT_EQ(fdb_make(&d, &f), 0, "FDB root");
	hl = vxlan_hdr(hdr, 0, 4789);
	rf = rf_alloc(&d, MLX5X_REFORMAT_TYPE_L2_TO_VXLAN, hdr, hl);
	TEST_ASSERT(rf != 0, "L2_TO_VXLAN context, source port 0");
	TEST_ASSERT_EQ(fdb_encap(&d, &f, rf), 0, "encap entry");
	for (i = 0; i < FLOWS; i++) {
		len = emu_frame_udp4(inner, vf_dmac, 0x0a010000 + i,
				     0x0a020000 + i * 7, 1000 + i, 2000, 40);
		sp = encap_sport(hdr, hl, inner, len);
		TEST_ASSERT(sp >= 0, "flow %u: encapsulated as the header says",
			    i);
		TEST_ASSERT(sp >= 49152 && sp <= 65535,
			    "flow %u: source port %d in 49152..65535", i, sp);
		seen[i] = (uint16_t)sp;
		for (j = 0; j < i && seen[j] != seen[i]; j++)
			;
		distinct += j == i;
	}
	/* 32 flows into 16384 values: a collision or two at most. */
	TEST_ASSERT(distinct >= FLOWS - 2, "%u distinct ports of %u flows",
		    distinct, FLOWS);
	len = emu_frame_udp4(inner, vf_dmac, 0x0a010000, 0x0a020000, 1000, 2000,
			     40);
	sp0 = encap_sport(hdr, hl, inner, len);
	TEST_ASSERT_EQ(sp0, seen[0], "flow 0 again: same port");
	len = emu_frame_udp4(inner, vf_dmac, 0x0a010000, 0x0a020000, 1000, 2000,
			     170);
	memset(inner + 42, 0x5a, 170);
	TEST_ASSERT_EQ(encap_sport(hdr, hl, inner, len), seen[0],
		       "flow 0, other payload: same port");
	len = emu_frame_udp4(inner, vf_dmac, 0x0a010000, 0x0a020000, 1001, 2000,
			     40);
	TEST_ASSERT(encap_sport(hdr, hl, inner, len) != seen[0],
		    "flow 0 from another inner source port: another port");

	/* A source port software chose stays. */
	fdb_unset(&f);
	rf_free(&d, rf);
	hl = vxlan_hdr(hdr, 0x1234, 4789);
	rf = rf_alloc(&d, MLX5X_REFORMAT_TYPE_L2_TO_VXLAN, hdr, hl);
	TEST_ASSERT(rf != 0 && fdb_encap(&d, &f, rf) == 0, "sport 0x1234");
	TEST_ASSERT_EQ(encap_sport(hdr, hl, inner, len), 0x1234, "kept");
	/* A UDP tunnel the adapter does not know: no entropy. */
	fdb_unset(&f);
	rf_free(&d, rf);
	hl = vxlan_hdr(hdr, 0, 4000);
	rf = rf_alloc(&d, MLX5X_REFORMAT_TYPE_L2_TO_L2_TUNNEL, hdr, hl);
	TEST_ASSERT(rf != 0 && fdb_encap(&d, &f, rf) == 0, "UDP port 4000");
	TEST_ASSERT_EQ(encap_sport(hdr, hl, inner, len), 0, "zero stays");
	fdb_free(&d, &f);
	rf_free(&d, rf);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_entropy_suite, "emu_entropy", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_vxlan_encap_source_port_entropy))
