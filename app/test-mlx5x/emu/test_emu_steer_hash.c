/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, steering semantics at any number of rules: groups are
 * tried in creation order whatever their index ranges; a value equal under
 * the group's mask to one already there is refused; misses follow
 * table_miss_id and a forwarding loop ends at the hop limit; an entry
 * deleted then set again takes effect; a group of 2^20 entries finds its
 * first, middle and last; and a randomized differential check of the
 * emulator's lookup against a plain linear model written here (groups in
 * creation order, entries by index, first masked match), seed printed
 * (MLX5X_TEST_SEED overrides it).
 */
#include <endian.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

#define DUP_SYNDROME 0xa3000b

static uint32_t
table(struct emu_dev *d, uint32_t log_size, uint32_t level, uint32_t miss_id)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t out[16] = { 0 };
	void *c = MLX5X_ADDR_OF(create_flow_table_in, in, flow_table_context);

	MLX5X_SET(create_flow_table_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(flow_table_context, c, log_size, log_size);
	MLX5X_SET(flow_table_context, c, level, level);
	if (miss_id != 0) {
		MLX5X_SET(flow_table_context, c, table_miss_action,
			  MLX5X_FLOW_TABLE_MISS_ACTION_GOTO_TBL);
		MLX5X_SET(flow_table_context, c, table_miss_id, miss_id);
	}
	if (emu_cmd(d, in, sizeof(in), out, sizeof(out)) != 0)
		return 0;
	return MLX5X_GET(create_flow_table_out, out, table_id);
}

static int
root(struct emu_dev *d, uint32_t ft)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
	uint8_t out[16];

	MLX5X_SET(set_flow_table_root_in, in, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, in, op_mod, ft == 0);
	MLX5X_SET(set_flow_table_root_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_flow_table_root_in, in, table_id, ft);
	return emu_cmd(d, in, sizeof(in), out, sizeof(out));
}

/* A group over [start, end] with a mask (fte_match_param, 512 bytes). */
static uint32_t
group(struct emu_dev *d, uint32_t ft, uint32_t start, uint32_t end,
      uint8_t criteria, const uint8_t *mask)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint8_t out[16] = { 0 };

	MLX5X_SET(create_flow_group_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(create_flow_group_in, in, table_id, ft);
	MLX5X_SET(create_flow_group_in, in, start_flow_index, start);
	MLX5X_SET(create_flow_group_in, in, end_flow_index, end);
	MLX5X_SET(create_flow_group_in, in, match_criteria_enable, criteria);
	if (mask != NULL)
		memcpy(MLX5X_ADDR_OF(create_flow_group_in, in, match_criteria),
		       mask, 512);
	if (emu_cmd(d, in, sizeof(in), out, sizeof(out)) != 0)
		return 0;
	return MLX5X_GET(create_flow_group_out, out, group_id);
}

/* SET_FLOW_TABLE_ENTRY: drop, or forward to table fwd_ft (at any level
 * with ignore_level); returns the PRM status, *syndrome the syndrome. */
static int
entry_lv(struct emu_dev *d, uint32_t ft, uint32_t fg, uint32_t index,
	 const uint8_t *value, uint32_t fwd_ft, bool ignore_level,
	 uint32_t *syndrome)
{
	static uint8_t in[MLX5X_ST_SZ_BYTES(set_fte_in) + 8];
	void *fc = MLX5X_ADDR_OF(set_fte_in, in, flow_context);
	void *dst = MLX5X_ADDR_OF(flow_context, fc, destination);
	uint8_t out[16] = { 0 };
	int st;

	memset(in, 0, sizeof(in));
	MLX5X_SET(set_fte_in, in, opcode, MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY);
	MLX5X_SET(set_fte_in, in, table_type, MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_fte_in, in, table_id, ft);
	MLX5X_SET(set_fte_in, in, flow_index, index);
	MLX5X_SET(set_fte_in, in, ignore_flow_level, ignore_level);
	MLX5X_SET(flow_context, fc, group_id, fg);
	if (fwd_ft != 0) {
		MLX5X_SET(flow_context, fc, action,
			  MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST);
		MLX5X_SET(flow_context, fc, destination_list_size, 1);
		MLX5X_SET(dest_format, dst, destination_type,
			  MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE);
		MLX5X_SET(dest_format, dst, destination_id, fwd_ft);
	} else {
		MLX5X_SET(flow_context, fc, action,
			  MLX5X_FLOW_CONTEXT_ACTION_DROP);
	}
	if (value != NULL)
		memcpy(MLX5X_ADDR_OF(flow_context, fc, match_value), value,
		       512);
	st = emu_cmd(d, in, sizeof(in), out, sizeof(out));
	if (syndrome != NULL)
		*syndrome = MLX5X_GET(mbox_out, out, syndrome);
	return st;
}

static int
entry(struct emu_dev *d, uint32_t ft, uint32_t fg, uint32_t index,
      const uint8_t *value, uint32_t fwd_ft, uint32_t *syndrome)
{
	return entry_lv(d, ft, fg, index, value, fwd_ft, false, syndrome);
}

static int
entry_del(struct emu_dev *d, uint32_t ft, uint32_t index)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(delete_fte_in)] = { 0 };
	uint8_t out[16];

	MLX5X_SET(delete_fte_in, in, opcode,
		  MLX5X_CMD_OP_DELETE_FLOW_TABLE_ENTRY);
	MLX5X_SET(delete_fte_in, in, table_type, MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(delete_fte_in, in, table_id, ft);
	MLX5X_SET(delete_fte_in, in, flow_index, index);
	return emu_cmd(d, in, sizeof(in), out, sizeof(out));
}

static void
destroy(struct emu_dev *d, uint16_t opcode, uint32_t ft, uint32_t fg)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(destroy_flow_group_in)] = { 0 };
	uint8_t out[16];

	MLX5X_SET(destroy_flow_group_in, in, opcode, opcode);
	MLX5X_SET(destroy_flow_group_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(destroy_flow_group_in, in, table_id, ft);
	MLX5X_SET(destroy_flow_group_in, in, group_id, fg);
	emu_cmd(d, in, sizeof(in), out, sizeof(out));
}

/* The index (or with by_tag, the flow tag) of the drop entry that
 * decided in the trace, -1 on a miss, -2 when the trace says neither. */
static long
decided_by(const uint8_t *frame, size_t len, bool by_tag)
{
	static char trace[8192];
	const char *p, *last = NULL;

	emu.inject_wire(0, frame, len);
	emu.trace(0, trace, sizeof(trace));
	for (p = strstr(trace, "hit fte "); p != NULL;
	     p = strstr(p + 1, "hit fte "))
		last = p;
	if (last != NULL && strstr(last, "nic rx: drop") != NULL) {
		if (!by_tag)
			return strtol(last + 8, NULL, 10);
		p = strstr(last, " tag 0x");
		return p != NULL ? strtol(p + 7, NULL, 16) : -2;
	}
	return strstr(trace, "nic rx: miss") != NULL ? -1 : -2;
}

static long
hit_of(const uint8_t *frame, size_t len)
{
	return decided_by(frame, len, false);
}

static const uint8_t mac_a[6] = { 0x02, 0, 0, 0, 0, 0x0a };
static const uint8_t mac_b[6] = { 0x02, 0, 0, 0, 0, 0x0b };

static void
dmac_param(uint8_t *p, const uint8_t *mac)
{
	memset(p, 0, 512);
	memcpy(MLX5X_ADDR_OF(fte_match_param, p, outer_headers.dmac_47_16), mac,
	       6);
}

static void
dip_param(uint8_t *p, uint32_t dip)
{
	memset(p, 0, 512);
	MLX5X_SET(fte_match_param, p,
		  outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4, dip);
}

/* The NIC RX root: a table of 2^16 entries whose one group, entries
 * 0..n-1, matches the whole destination IPv4 address. */
static int
dip_root_group(struct emu_dev *d, uint32_t n, uint32_t *ft, uint32_t *fg)
{
	uint8_t mask[512];

	*ft = table(d, 16, 0, 0);
	TEST_ASSERT(*ft != 0 && root(d, *ft) == 0, "table");
	dip_param(mask, 0xffffffff);
	*fg = group(d, *ft, 0, n - 1, MLX5X_MATCH_OUTER_HEADERS, mask);
	TEST_ASSERT(*fg != 0, "group");
	return MLX5X_TEST_PASS;
}

static int
test_hash_group_order_first_and_duplicates(void)
{
	static const uint8_t ones[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t mask[512], val[512], fa[64], fb[64];
	uint32_t ft, g_mac, g_all, g_mac2, syn = 0;
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	emu.trace_enable(0, 1);
	emu_frame_udp4(fa, mac_a, 1, 2, 3, 4, 18);
	emu_frame_udp4(fb, mac_b, 1, 2, 3, 4, 18);
	ft = table(&d, 6, 0, 0);
	TEST_ASSERT(ft != 0 && root(&d, ft) == 0, "table");
	/* Created first, at the highest indexes: still tried first. */
	dmac_param(mask, ones);
	g_mac = group(&d, ft, 40, 47, MLX5X_MATCH_OUTER_HEADERS, mask);
	g_all = group(&d, ft, 0, 7, 0, NULL);
	TEST_ASSERT(g_mac != 0 && g_all != 0, "groups");
	TEST_ASSERT_EQ(entry(&d, ft, g_all, 3, NULL, 0, NULL), 0, "catch-all");
	TEST_ASSERT_EQ(entry(&d, ft, g_mac, 45, (dmac_param(val, mac_a), val),
			     0, NULL),
		       0, "dmac a");
	TEST_ASSERT_EQ(hit_of(fa, 64), 45, "group created first decides");
	TEST_ASSERT_EQ(hit_of(fb, 64), 3, "the next group catches the rest");
	/* A second catch-all in the catch-all group: the same (empty)
	 * masked value, refused. */
	TEST_ASSERT_EQ(entry(&d, ft, g_all, 4, NULL, 0, &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "duplicate catch-all");
	TEST_ASSERT_EQ(syn, DUP_SYNDROME, "duplicate syndrome");
	/* The same dmac with other bits outside the mask: refused for the
	 * bits, as the kernel's fs_core and rdma-core's DR refuse it. */
	dmac_param(val, mac_a);
	MLX5X_SET(fte_match_param, val, outer_headers.udp_dport, 99);
	TEST_ASSERT_EQ(entry(&d, ft, g_mac, 46, val, 0, &syn),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR,
		       "same masked value, other bits");
	TEST_ASSERT_EQ(syn, 0xa3000c, "value outside the criteria syndrome");
	dmac_param(val, mac_a);
	/* The same value in another group with the same mask: allowed, and
	 * the group created earlier still decides. */
	g_mac2 = group(&d, ft, 16, 23, MLX5X_MATCH_OUTER_HEADERS, mask);
	TEST_ASSERT(g_mac2 != 0, "second dmac group");
	TEST_ASSERT_EQ(entry(&d, ft, g_mac2, 16, val, 0, NULL), 0,
		       "same value, other group");
	TEST_ASSERT_EQ(hit_of(fa, 64), 45, "earlier group still first");
	/* Its twin gone, the next group in creation order decides: the
	 * catch-all, not the dmac group of lower indexes. */
	TEST_ASSERT_EQ(entry_del(&d, ft, 45), 0, "delete 45");
	TEST_ASSERT_EQ(hit_of(fa, 64), 3, "creation order after delete");
	/* Index in use and index outside the group stay refused. */
	TEST_ASSERT_EQ(entry(&d, ft, g_mac, 16, (dmac_param(val, mac_b), val),
			     0, NULL),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "index of another group");
	TEST_ASSERT_EQ(entry(&d, ft, g_mac2, 16, val, 0, NULL),
		       MLX5X_CMD_STAT_BAD_PARAM_ERR, "index in use");
	/* Delete then add again, with another value, at the same index. */
	TEST_ASSERT_EQ(entry_del(&d, ft, 16), 0, "delete 16");
	TEST_ASSERT_EQ(hit_of(fa, 64), 3, "deleted entry no longer hits");
	TEST_ASSERT_EQ(entry(&d, ft, g_mac2, 16, val, 0, NULL), 0, "re-add");
	/* The catch-all group was created before: it still decides. */
	TEST_ASSERT_EQ(hit_of(fb, 64), 3, "earlier catch-all first");
	TEST_ASSERT_EQ(entry_del(&d, ft, 3), 0, "delete catch-all");
	TEST_ASSERT_EQ(entry_del(&d, ft, 3), MLX5X_CMD_STAT_BAD_RES_ERR,
		       "delete twice");
	TEST_ASSERT_EQ(hit_of(fb, 64), 16, "re-added entry hits");
	TEST_ASSERT_EQ(hit_of(fa, 64), -1, "old value does not");
	TEST_ASSERT_EQ(entry(&d, ft, g_mac, 45, (dmac_param(val, mac_a), val),
			     0, NULL),
		       0, "value freed by the delete");
	TEST_ASSERT_EQ(hit_of(fa, 64), 45, "and it hits");
	TEST_ASSERT_EQ(entry(&d, ft, g_all, 4, NULL, 0, NULL), 0,
		       "catch-all again, other index");
	entry_del(&d, ft, 4);
	entry_del(&d, ft, 16);
	entry_del(&d, ft, 45);
	destroy(&d, MLX5X_CMD_OP_DESTROY_FLOW_GROUP, ft, g_mac);
	destroy(&d, MLX5X_CMD_OP_DESTROY_FLOW_GROUP, ft, g_mac2);
	destroy(&d, MLX5X_CMD_OP_DESTROY_FLOW_GROUP, ft, g_all);
	root(&d, 0);
	destroy(&d, MLX5X_CMD_OP_DESTROY_FLOW_TABLE, ft, 0);
	emu.trace_enable(0, 0);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_hash_miss_chain_and_hop_limit(void)
{
	uint8_t mask[512], val[512], f[64], fo[64];
	uint32_t t0, t1, t2, g0, g1, g2;
	struct mlx5x_emu_counters c0, c1;
	char trace[8192];
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	emu.trace_enable(0, 1);
	emu_frame_udp4(f, mac_a, 1, 0x0a000007, 3, 4, 18);
	emu_frame_udp4(fo, mac_a, 1, 0x0a000008, 3, 4, 18);
	dip_param(mask, 0xffffffff);
	/* t0 misses to t1, t1 to t2; t2 has the entry. */
	t2 = table(&d, 4, 3, 0);
	t1 = table(&d, 4, 2, t2);
	t0 = table(&d, 4, 1, t1);
	TEST_ASSERT(t0 != 0 && t1 != 0 && t2 != 0, "tables");
	TEST_ASSERT_EQ(root(&d, t0), 0, "root");
	g0 = group(&d, t0, 0, 3, MLX5X_MATCH_OUTER_HEADERS, mask);
	g1 = group(&d, t1, 0, 3, MLX5X_MATCH_OUTER_HEADERS, mask);
	g2 = group(&d, t2, 0, 3, MLX5X_MATCH_OUTER_HEADERS, mask);
	TEST_ASSERT(g0 != 0 && g1 != 0 && g2 != 0, "groups");
	dip_param(val, 0x0a000007);
	TEST_ASSERT_EQ(entry(&d, t2, g2, 2, val, 0, NULL), 0, "t2 entry");
	TEST_ASSERT_EQ(hit_of(f, 64), 2, "two misses then the hit");
	emu.trace(0, trace, sizeof(trace));
	TEST_ASSERT(strstr(trace, "level 1: miss") != NULL &&
			    strstr(trace, "level 2: miss") != NULL,
		    "trace shows both misses:\n%s", trace);
	/* A loop: t1's entry for the other address forwards back to t0
	 * (up the levels: only with ignore_flow_level), whose miss leads
	 * to t1 again. The hop limit ends it: dropped. */
	dip_param(val, 0x0a000008);
	TEST_ASSERT_EQ(entry_lv(&d, t1, g1, 1, val, t0, true, NULL), 0,
		       "loop entry");
	emu.counters(0, 0, &c0);
	TEST_ASSERT(hit_of(fo, 64) < 0, "no drop entry decided");
	emu.counters(0, 0, &c1);
	TEST_ASSERT_EQ(c1.rx_dropped - c0.rx_dropped, 1,
		       "looping frame dropped");
	TEST_ASSERT_EQ(hit_of(f, 64), 2, "other traffic unaffected");
	entry_del(&d, t1, 1);
	entry_del(&d, t2, 2);
	destroy(&d, MLX5X_CMD_OP_DESTROY_FLOW_GROUP, t0, g0);
	destroy(&d, MLX5X_CMD_OP_DESTROY_FLOW_GROUP, t1, g1);
	destroy(&d, MLX5X_CMD_OP_DESTROY_FLOW_GROUP, t2, g2);
	root(&d, 0);
	destroy(&d, MLX5X_CMD_OP_DESTROY_FLOW_TABLE, t0, 0);
	destroy(&d, MLX5X_CMD_OP_DESTROY_FLOW_TABLE, t1, 0);
	destroy(&d, MLX5X_CMD_OP_DESTROY_FLOW_TABLE, t2, 0);
	emu.trace_enable(0, 0);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* 2^20 entries in one group (dst 10.0.0.0 + index), then the first,
 * middle and last found; a deleted one no longer hits; the group cannot
 * go while entries are there. */
static int
test_hash_million_entries(void)
{
	const uint32_t n = 1u << 20;
	static uint8_t in[MLX5X_ST_SZ_BYTES(set_fte_in)];
	void *fc = MLX5X_ADDR_OF(set_fte_in, in, flow_context);
	void *v = MLX5X_ADDR_OF(flow_context, fc, match_value);
	uint32_t idx[] = { 0, n / 2, n - 1 }, ft, fg, i;
	uint8_t mask[512], out[16], f[64];
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	emu.trace_enable(0, 1);
	ft = table(&d, 20, 0, 0);
	TEST_ASSERT(ft != 0 && root(&d, ft) == 0, "table");
	dip_param(mask, 0xffffffff);
	fg = group(&d, ft, 0, n - 1, MLX5X_MATCH_OUTER_HEADERS, mask);
	TEST_ASSERT(fg != 0, "group");
	memset(in, 0, sizeof(in));
	MLX5X_SET(set_fte_in, in, opcode, MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY);
	MLX5X_SET(set_fte_in, in, table_type, MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_fte_in, in, table_id, ft);
	MLX5X_SET(flow_context, fc, group_id, fg);
	MLX5X_SET(flow_context, fc, action, MLX5X_FLOW_CONTEXT_ACTION_DROP);
	for (i = 0; i < n; i++) {
		MLX5X_SET(set_fte_in, in, flow_index, i);
		MLX5X_SET(fte_match_param, v,
			  outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4,
			  0x0a000000 + i);
		if (emu_cmd(&d, in, sizeof(in), out, sizeof(out)) != 0)
			break;
	}
	TEST_ASSERT_EQ(i, n, "every entry set");
	for (i = 0; i < 3; i++) {
		emu_frame_udp4(f, mac_a, 1, 0x0a000000 + idx[i], 3, 4, 18);
		TEST_ASSERT_EQ(hit_of(f, 64), (long)idx[i], "entry %u", idx[i]);
	}
	emu_frame_udp4(f, mac_a, 1, 0x0a000000 + n, 3, 4, 18);
	TEST_ASSERT_EQ(hit_of(f, 64), -1, "one past the last misses");
	TEST_ASSERT_EQ(entry_del(&d, ft, n / 2), 0, "delete the middle");
	emu_frame_udp4(f, mac_a, 1, 0x0a000000 + n / 2, 3, 4, 18);
	TEST_ASSERT_EQ(hit_of(f, 64), -1, "deleted middle misses");
	{
		uint8_t gin[MLX5X_ST_SZ_BYTES(destroy_flow_group_in)] = { 0 };

		MLX5X_SET(destroy_flow_group_in, gin, opcode,
			  MLX5X_CMD_OP_DESTROY_FLOW_GROUP);
		MLX5X_SET(destroy_flow_group_in, gin, table_type,
			  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
		MLX5X_SET(destroy_flow_group_in, gin, table_id, ft);
		MLX5X_SET(destroy_flow_group_in, gin, group_id, fg);
		TEST_ASSERT_EQ(emu_cmd(&d, gin, sizeof(gin), out, sizeof(out)),
			       MLX5X_CMD_STAT_BAD_RES_STATE_ERR,
			       "group with entries stays");
	}
	/* Closing the device frees the table with its entries (ASan sees
	 * any leak). */
	emu.trace_enable(0, 0);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Delete then re-add, over and over: an index deleted is free for a set
 * (once, then in use again), a deleted index cannot be deleted twice,
 * and every live entry is found by its frame while half of the table
 * comes and goes (the index map reuses and sweeps deleted places). */
static int
test_hash_delete_readd_churn(void)
{
	enum { n = 4096 };
	/* Each index's destination address, and the one it had before. */
	static uint32_t cur[n], prev[n];
	uint8_t val[512], f[64];
	uint32_t ft, fg, i, round, syn;
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT_EQ(dip_root_group(&d, n, &ft, &fg), MLX5X_TEST_PASS,
		       "root table and group");
	for (i = 0; i < n; i++) {
		cur[i] = 0x0a000000 + i;
		dip_param(val, cur[i]);
		TEST_ASSERT_EQ(entry(&d, ft, fg, i, val, 0, NULL), 0, "set %u",
			       i);
	}
	for (round = 0; round < 8; round++) {
		/* Every other index (odd rounds: the other half) goes. */
		for (i = round & 1; i < n; i += 2)
			TEST_ASSERT_EQ(entry_del(&d, ft, i), 0,
				       "round %u: delete %u", round, i);
		for (i = round & 1; i < n; i += 2 * 97)
			TEST_ASSERT_EQ(entry_del(&d, ft, i),
				       MLX5X_CMD_STAT_BAD_RES_ERR,
				       "round %u: %u deleted twice", round, i);
		emu.trace_enable(0, 1);
		for (i = 0; i < n; i += 61) {
			emu_frame_udp4(f, mac_a, 1, cur[i], 3, 4, 18);
			TEST_ASSERT_EQ(hit_of(f, 64),
				       (i & 1) == (round & 1) ? -1 : (long)i,
				       "round %u: frame to entry %u", round, i);
		}
		emu.trace_enable(0, 0);
		/* Back, in reverse order, each with a value of this round. */
		for (i = n - 2 + (round & 1); i < n; i -= 2) {
			prev[i] = cur[i];
			cur[i] = 0x0b000000 + round * n + i;
			dip_param(val, cur[i]);
			TEST_ASSERT_EQ(entry(&d, ft, fg, i, val, 0, NULL), 0,
				       "round %u: re-add %u", round, i);
		}
		dip_param(val, 0x0c000000);
		TEST_ASSERT_EQ(entry(&d, ft, fg, round, val, 0, &syn),
			       MLX5X_CMD_STAT_BAD_PARAM_ERR,
			       "round %u: index in use", round);
		TEST_ASSERT_EQ(syn, 0xa30006u, "round %u: in-use syndrome",
			       round);
		emu.trace_enable(0, 1);
		for (i = round & 1; i < n; i += 2 * 53) {
			emu_frame_udp4(f, mac_a, 1, cur[i], 3, 4, 18);
			TEST_ASSERT_EQ(hit_of(f, 64), (long)i,
				       "round %u: re-added %u", round, i);
			emu_frame_udp4(f, mac_a, 1, prev[i], 3, 4, 18);
			TEST_ASSERT_EQ(hit_of(f, 64), -1,
				       "round %u: the value %u had", round, i);
		}
		emu.trace_enable(0, 0);
	}
	for (i = 0; i < n; i++)
		TEST_ASSERT_EQ(entry_del(&d, ft, i), 0, "cleanup %u", i);
	destroy(&d, MLX5X_CMD_OP_DESTROY_FLOW_GROUP, ft, fg);
	destroy(&d, MLX5X_CMD_OP_DESTROY_FLOW_TABLE, ft, 0);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

struct dr_match {
	struct mlx5dv_flow_match_parameters p;
	uint64_t buf[512 / 8]; /* fte_match_param */
};

/* An adapter whose NIC RX root is a Direct Rules table, and a matcher mask
 * over the whole destination IPv4 address. */
static int
dr_dip_root(struct emu_dev *d, struct mlx5dv_dr_domain **dmn,
	    struct mlx5dv_dr_table **t, struct dr_match *mask)
{
	TEST_ASSERT(emu_dev_open(d, "wire=drop") == 0, "open");
	*dmn = emu.dr_domain_create(d->ctx, MLX5DV_DR_DOMAIN_TYPE_NIC_RX);
	*t = *dmn != NULL ? emu.dr_table_create(*dmn, 0) : NULL;
	TEST_ASSERT(*t != NULL, "domain, root table");
	memset(mask, 0, sizeof(*mask));
	mask->p.match_sz = sizeof(mask->buf);
	MLX5X_SET(fte_match_param, mask->buf,
		  outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4, 0xffffffff);
	return MLX5X_TEST_PASS;
}

/* Direct Rules: one table holds more than 256 matchers and one matcher
 * more than 4096 rules; a destroyed rule's place is taken again. */
static int
test_hash_dr_beyond_old_caps(void)
{
	const uint32_t nrules = 5000, nmatchers = 300;
	static struct mlx5dv_dr_matcher *m[300];
	static struct mlx5dv_dr_rule *r[5000];
	struct mlx5dv_dr_domain *dmn;
	struct mlx5dv_dr_action *drop;
	struct mlx5dv_dr_table *t;
	struct dr_match mask, val;
	struct emu_dev d;
	uint8_t f[64];
	uint32_t i;

	if (dr_dip_root(&d, &dmn, &t, &mask) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	drop = emu.dr_action_drop();
	TEST_ASSERT(drop != NULL, "action");
	for (i = 0; i < nmatchers; i++) {
		m[i] = emu.dr_matcher_create(t, i, MLX5X_MATCH_OUTER_HEADERS,
					     &mask.p);
		TEST_ASSERT(m[i] != NULL, "matcher %u", i);
	}
	memset(&val, 0, sizeof(val));
	val.p.match_sz = sizeof(val.buf);
	for (i = 0; i < nrules; i++) {
		MLX5X_SET(fte_match_param, val.buf,
			  outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4,
			  0x0a000000 + i);
		r[i] = emu.dr_rule_create(m[nmatchers - 1], &val.p, 1, &drop);
		TEST_ASSERT(r[i] != NULL, "rule %u", i);
	}
	emu.trace_enable(0, 1);
	emu_frame_udp4(f, mac_a, 1, 0x0a000000 + nrules - 1, 3, 4, 18);
	TEST_ASSERT(hit_of(f, 64) >= 0, "last rule of the last matcher hits");
	emu_frame_udp4(f, mac_a, 1, 0x0a000000 + 7, 3, 4, 18);
	TEST_ASSERT(hit_of(f, 64) >= 0, "rule 7 hits");
	TEST_ASSERT_EQ(emu.dr_rule_destroy(r[7]), 0, "destroy rule 7");
	TEST_ASSERT_EQ(hit_of(f, 64), -1, "rule 7 gone");
	MLX5X_SET(fte_match_param, val.buf,
		  outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4, 0x0a000007);
	r[7] = emu.dr_rule_create(m[nmatchers - 1], &val.p, 1, &drop);
	TEST_ASSERT(r[7] != NULL, "a rule again in the freed place");
	TEST_ASSERT(hit_of(f, 64) >= 0, "and it hits");
	MLX5X_SET(fte_match_param, val.buf,
		  outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4,
		  0x0a000000 + nrules - 1);
	/* rdma-core keeps a duplicate by default (emu_dr covers which one
	 * matches); refused once the domain says so. */
	emu.dr_allow_duplicates(dmn, false);
	TEST_ASSERT(emu.dr_rule_create(m[nmatchers - 1], &val.p, 1, &drop) ==
			    NULL,
		    "the same value twice in one matcher refused");
	emu.dr_allow_duplicates(dmn, true);
	emu.trace_enable(0, 0);
	TEST_ASSERT(emu.dr_matcher_destroy(m[nmatchers - 1]) != 0,
		    "a matcher with rules stays");
	for (i = 0; i < nrules; i++)
		TEST_ASSERT_EQ(emu.dr_rule_destroy(r[i]), 0, "rule %u", i);
	for (i = 0; i < nmatchers; i++)
		TEST_ASSERT_EQ(emu.dr_matcher_destroy(m[i]), 0, "matcher %u",
			       i);
	TEST_ASSERT_EQ(emu.dr_table_destroy(t), 0, "table");
	emu.dr_action_destroy(drop);
	emu.dr_domain_destroy(dmn);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/*
 * A duplicate DR rule while its matcher's table grows. rdma-core keeps a
 * rule whose match equals an earlier one's behind it: the earlier keeps
 * matching. The matcher's 32,769th rule doubles its hash, and the old
 * array's entries move over during the following inserts; a duplicate
 * created then (the only one: a matcher with one duplicate) must still
 * lose to the earlier rule, wherever that rule is at the time. Eight early
 * rules, each duplicated and the duplicate destroyed in turn, so that
 * some early rules have not moved when theirs comes.
 */
static int
test_hash_dr_one_duplicate_while_growing(void)
{
	enum { nrules = 32769, nfirst = 8 };
	static struct mlx5dv_dr_rule *r[nrules];
	struct mlx5dv_dr_action *drop, *first_tag, *dup_tag, *acts[2];
	struct mlx5dv_dr_matcher *m;
	struct mlx5dv_dr_domain *dmn;
	struct mlx5dv_dr_rule *dup;
	struct mlx5dv_dr_table *t;
	struct dr_match mask, val;
	struct emu_dev d;
	uint8_t f[64];
	uint32_t i;

	if (dr_dip_root(&d, &dmn, &t, &mask) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	drop = emu.dr_action_drop();
	first_tag = emu.dr_action_tag(1);
	dup_tag = emu.dr_action_tag(2);
	TEST_ASSERT(drop != NULL && first_tag != NULL && dup_tag != NULL,
		    "actions");
	m = emu.dr_matcher_create(t, 0, MLX5X_MATCH_OUTER_HEADERS, &mask.p);
	TEST_ASSERT(m != NULL, "matcher");
	memset(&val, 0, sizeof(val));
	val.p.match_sz = sizeof(val.buf);
	acts[1] = drop;
	for (i = 0; i < nrules; i++) {
		MLX5X_SET(fte_match_param, val.buf,
			  outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4,
			  0x0a000000 + i);
		acts[0] = i < nfirst ? first_tag : drop;
		r[i] = emu.dr_rule_create(m, &val.p, i < nfirst ? 2 : 1, acts);
		TEST_ASSERT(r[i] != NULL, "rule %u", i);
	}
	emu.trace_enable(0, 1);
	for (i = 0; i < nfirst; i++) {
		emu_frame_udp4(f, mac_a, 1, 0x0a000000 + i, 3, 4, 18);
		TEST_ASSERT_EQ(decided_by(f, 64, true), 1,
			       "early rule %u matches before its duplicate", i);
		MLX5X_SET(fte_match_param, val.buf,
			  outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4,
			  0x0a000000 + i);
		acts[0] = dup_tag;
		dup = emu.dr_rule_create(m, &val.p, 2, acts);
		TEST_ASSERT(dup != NULL, "duplicate of rule %u kept", i);
		TEST_ASSERT_EQ(decided_by(f, 64, true), 1,
			       "early rule %u still matches, not its duplicate",
			       i);
		TEST_ASSERT_EQ(emu.dr_rule_destroy(dup), 0,
			       "destroy the duplicate of rule %u", i);
		TEST_ASSERT_EQ(decided_by(f, 64, true), 1,
			       "early rule %u after its duplicate went", i);
	}
	/* The duplicate alone once the early rule is gone. */
	acts[0] = dup_tag;
	MLX5X_SET(fte_match_param, val.buf,
		  outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4, 0x0a000000);
	dup = emu.dr_rule_create(m, &val.p, 2, acts);
	TEST_ASSERT(dup != NULL, "duplicate of rule 0");
	TEST_ASSERT_EQ(emu.dr_rule_destroy(r[0]), 0, "destroy rule 0");
	r[0] = NULL;
	emu_frame_udp4(f, mac_a, 1, 0x0a000000, 3, 4, 18);
	TEST_ASSERT_EQ(decided_by(f, 64, true), 2,
		       "the duplicate matches once rule 0 is gone");
	emu.trace_enable(0, 0);
	TEST_ASSERT_EQ(emu.dr_rule_destroy(dup), 0, "destroy the duplicate");
	for (i = 1; i < nrules; i++)
		TEST_ASSERT_EQ(emu.dr_rule_destroy(r[i]), 0, "rule %u", i);
	TEST_ASSERT_EQ(emu.dr_matcher_destroy(m), 0, "matcher");
	TEST_ASSERT_EQ(emu.dr_table_destroy(t), 0, "table");
	emu.dr_action_destroy(dup_tag);
	emu.dr_action_destroy(first_tag);
	emu.dr_action_destroy(drop);
	emu.dr_domain_destroy(dmn);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* ---- differential check against a linear model --------------------------
 *
 * Ten fields of the outer headers; a frame is one value per field, a mask
 * or a value is one (masked) value per field. The model below is the PRM
 * rule written as plainly as possible.
 */
#define NF 10
#define POOL 3
#define MAX_G 6
#define MAX_E 96

enum {
	F_DMAC_HI,
	F_DMAC_LO,
	F_SMAC_HI,
	F_SMAC_LO,
	F_ETYPE,
	F_PROTO,
	F_SIP,
	F_DIP,
	F_SPORT,
	F_DPORT
};

static const uint64_t field_width[NF] = { 0xffffffff, 0xffff,	  0xffffffff,
					  0xffff,     0xffff,	  0xff,
					  0xffffffff, 0xffffffff, 0xffff,
					  0xffff };

static void
field_put(uint8_t *p, unsigned int f, uint64_t x)
{
	switch (f) {
	case F_DMAC_HI:
		MLX5X_SET(fte_match_param, p, outer_headers.dmac_47_16, x);
		break;
	case F_DMAC_LO:
		MLX5X_SET(fte_match_param, p, outer_headers.dmac_15_0, x);
		break;
	case F_SMAC_HI:
		MLX5X_SET(fte_match_param, p, outer_headers.smac_47_16, x);
		break;
	case F_SMAC_LO:
		MLX5X_SET(fte_match_param, p, outer_headers.smac_15_0, x);
		break;
	case F_ETYPE:
		MLX5X_SET(fte_match_param, p, outer_headers.ethertype, x);
		break;
	case F_PROTO:
		MLX5X_SET(fte_match_param, p, outer_headers.ip_protocol, x);
		break;
	case F_SIP:
		MLX5X_SET(fte_match_param, p,
			  outer_headers.src_ipv4_src_ipv6.ipv4_layout.ipv4, x);
		break;
	case F_DIP:
		MLX5X_SET(fte_match_param, p,
			  outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4, x);
		break;
	case F_SPORT:
		MLX5X_SET(fte_match_param, p, outer_headers.udp_sport, x);
		break;
	default:
		MLX5X_SET(fte_match_param, p, outer_headers.udp_dport, x);
		break;
	}
}

struct ref_group {
	uint32_t id, start, end;
	bool enabled; /* criteria_enable has the outer headers */
	uint64_t mask[NF];
};

struct ref_entry {
	bool used;
	unsigned int g;
	uint64_t val[NF];
};

struct ref {
	unsigned int ng;
	struct ref_group g[MAX_G];	/* in creation order */
	struct ref_entry e[MAX_G * 16]; /* by index */
};

static uint64_t rng_state;
static unsigned int n_hit, n_miss, n_dup;

static uint64_t
rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static bool
ref_match(const struct ref_group *g, const uint64_t *val, const uint64_t *pkt)
{
	unsigned int f;

	if (!g->enabled)
		return true;
	for (f = 0; f < NF; f++)
		if ((val[f] ^ pkt[f]) & g->mask[f])
			return false;
	return true;
}

static long
ref_lookup(const struct ref *r, const uint64_t *pkt)
{
	unsigned int gi, i;

	for (gi = 0; gi < r->ng; gi++)
		for (i = r->g[gi].start; i <= r->g[gi].end; i++)
			if (r->e[i].used && r->e[i].g == gi &&
			    ref_match(&r->g[gi], r->e[i].val, pkt))
				return i;
	return -1;
}

static bool
ref_duplicate(const struct ref *r, unsigned int gi, const uint64_t *val)
{
	unsigned int i;

	for (i = r->g[gi].start; i <= r->g[gi].end; i++)
		if (r->e[i].used && ref_match(&r->g[gi], r->e[i].val, val))
			return true;
	return false;
}

/* Field values a frame can carry: smac, ethertype and protocol are fixed
 * by the frame builder; the others come from a pool of three. */
static const uint8_t pool_mac[POOL][6] = {
	{ 0x02, 0, 0, 0, 0, 0x0a },
	{ 0x02, 0, 0, 0, 1, 0x0a },
	{ 0x06, 0, 0, 0, 0, 0x0b },
};
static const uint32_t pool_ip[POOL] = { 0x0a000001, 0x0a000101, 0xc0a80001 };
static const uint16_t pool_port[POOL] = { 53, 4789, 0x1234 };

static void
frame_fields(unsigned int dm, unsigned int si, unsigned int di, unsigned int sp,
	     unsigned int dp, uint64_t *pkt)
{
	const uint8_t *m = pool_mac[dm];

	pkt[F_DMAC_HI] = (uint32_t)m[0] << 24 | m[1] << 16 | m[2] << 8 | m[3];
	pkt[F_DMAC_LO] = (uint32_t)m[4] << 8 | m[5];
	pkt[F_SMAC_HI] = 0x02000000;
	pkt[F_SMAC_LO] = 0x0001;
	pkt[F_ETYPE] = 0x0800;
	pkt[F_PROTO] = 17;
	pkt[F_SIP] = pool_ip[si];
	pkt[F_DIP] = pool_ip[di];
	pkt[F_SPORT] = pool_port[sp];
	pkt[F_DPORT] = pool_port[dp];
}

static int
diff_round(struct emu_dev *d, struct ref *r, unsigned int round)
{
	uint8_t mask[512], val[512], f[64];
	unsigned int gi, k, f_i, ne;
	uint32_t ft, order[MAX_G];

	memset(r, 0, sizeof(*r));
	ft = table(d, 7, 0, 0);
	TEST_ASSERT(ft != 0 && root(d, ft) == 0, "round %u: table", round);
	/* Groups: 16 indexes each, created in a shuffled order of ranges. */
	r->ng = 1 + rnd() % MAX_G;
	for (gi = 0; gi < r->ng; gi++)
		order[gi] = gi;
	for (gi = r->ng; gi > 1; gi--) {
		unsigned int j = rnd() % gi;
		uint32_t t = order[gi - 1];

		order[gi - 1] = order[j];
		order[j] = t;
	}
	for (gi = 0; gi < r->ng; gi++) {
		struct ref_group *g = &r->g[gi];

		g->start = order[gi] * 16;
		g->end = g->start + 15;
		g->enabled = rnd() % 8 != 0;
		memset(mask, 0, sizeof(mask));
		for (f_i = 0; f_i < NF; f_i++) {
			uint64_t m = 0;

			switch (rnd() % 4) {
			case 0:
				m = field_width[f_i]; /* whole field */
				break;
			case 1:
				m = rnd() & field_width[f_i]; /* some bits */
				break;
			default:
				break;
			}
			g->mask[f_i] = m;
			field_put(mask, f_i, m);
		}
		g->id = group(d, ft, g->start, g->end,
			      g->enabled ? MLX5X_MATCH_OUTER_HEADERS : 0, mask);
		TEST_ASSERT(g->id != 0, "round %u: group %u", round, gi);
	}
	/* Entries: values from the frames' pools (so frames hit), masked
	 * (a value bit outside the criteria is refused on its own);
	 * duplicates must be refused exactly where the model says. */
	ne = 1 + rnd() % MAX_E;
	for (k = 0; k < ne; k++) {
		uint64_t v[NF], pkt[NF];
		uint32_t idx, syn = 0;
		bool dup;
		int st;

		gi = rnd() % r->ng;
		idx = r->g[gi].start + rnd() % 16;
		if (r->e[idx].used)
			continue;
		frame_fields(rnd() % POOL, rnd() % POOL, rnd() % POOL,
			     rnd() % POOL, rnd() % POOL, pkt);
		memset(val, 0, sizeof(val));
		for (f_i = 0; f_i < NF; f_i++) {
			v[f_i] = r->g[gi].enabled
					 ? pkt[f_i] & r->g[gi].mask[f_i]
					 : 0;
			field_put(val, f_i, v[f_i]);
		}
		dup = ref_duplicate(r, gi, v);
		n_dup += dup;
		st = entry(d, ft, r->g[gi].id, idx, val, 0, &syn);
		TEST_ASSERT_EQ(st != 0, dup,
			       "round %u: entry %u of group %u: status %d syn 0x%x, model says %s",
			       round, idx, gi, st, syn,
			       dup ? "duplicate" : "new");
		if (st == 0) {
			r->e[idx].used = true;
			r->e[idx].g = gi;
			memcpy(r->e[idx].val, v, sizeof(v));
		}
		/* Now and then, delete one. */
		if (rnd() % 6 == 0) {
			uint32_t j = rnd() % (MAX_G * 16);

			if (r->e[j].used) {
				TEST_ASSERT_EQ(entry_del(d, ft, j), 0,
					       "round %u: delete %u", round, j);
				r->e[j].used = false;
			}
		}
	}
	/* Every frame of the pools (3^5), model against emulator. */
	for (k = 0; k < POOL * POOL * POOL * POOL * POOL; k++) {
		unsigned int dm = k % 3, si = k / 3 % 3, di = k / 9 % 3,
			     sp = k / 27 % 3, dp = k / 81 % 3;
		uint64_t pkt[NF];
		long want, got;

		frame_fields(dm, si, di, sp, dp, pkt);
		emu_frame_udp4(f, pool_mac[dm], pool_ip[si], pool_ip[di],
			       pool_port[sp], pool_port[dp], 18);
		want = ref_lookup(r, pkt);
		got = hit_of(f, 64);
		if (want < 0)
			n_miss++;
		else
			n_hit++;
		TEST_ASSERT_EQ(got, want,
			       "round %u: frame %u (dmac %u sip %u dip %u sport %u dport %u): emulator %ld, model %ld",
			       round, k, dm, si, di, sp, dp, got, want);
	}
	for (k = 0; k < MAX_G * 16; k++)
		if (r->e[k].used)
			TEST_ASSERT_EQ(entry_del(d, ft, k), 0, "cleanup %u", k);
	for (gi = 0; gi < r->ng; gi++)
		destroy(d, MLX5X_CMD_OP_DESTROY_FLOW_GROUP, ft, r->g[gi].id);
	root(d, 0);
	destroy(d, MLX5X_CMD_OP_DESTROY_FLOW_TABLE, ft, 0);
	return MLX5X_TEST_PASS;
}

/*
 * One group through its hash's growth with inserts and deletes
 * interleaved: 200,000 random operations on 2^16 indexes (an index in use
 * is deleted, a free one set with a value never used before), so the
 * group's hash doubles from its first 2^12 slots to 2^17 (rehashed at
 * once up to 2^16 slots, then by steps, at 32,768 entries) holding about
 * half the indexes, and deletes keep moving entries back along their
 * runs, in the old array too while it drains. Every 20,000
 * operations, sampled indexes are checked against the reference array:
 * a live entry is found by its frame, a deleted entry's value misses, a
 * live value set again at a free index is refused as a duplicate.
 */
static int
test_hash_churn_through_growth(void)
{
	enum { n = 1 << 16, ops = 200000, step = 20000 };
	static uint32_t cur[n], gone[n]; /* live value (0 none), last value */
	uint8_t val[512], f[64];
	uint32_t ft, fg, op, k = 0, live = 0, syn;
	unsigned int i, tries;
	struct emu_dev d;

	rng_state = 0x9e3779b97f4a7c15ull;
	memset(cur, 0, sizeof(cur));
	memset(gone, 0, sizeof(gone));
	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT_EQ(dip_root_group(&d, n, &ft, &fg), MLX5X_TEST_PASS,
		       "root table and group");
	for (op = 1; op <= ops; op++) {
		uint32_t idx = (uint32_t)(rnd() % n);

		if (cur[idx] != 0) {
			TEST_ASSERT_EQ(entry_del(&d, ft, idx), 0,
				       "op %u: delete %u", op, idx);
			gone[idx] = cur[idx];
			cur[idx] = 0;
			live--;
		} else {
			/* Odd multiples modulo 2^24 never repeat. */
			cur[idx] =
				0x0a000000 | ((++k * 0x9e3779b1u) & 0xffffff);
			dip_param(val, cur[idx]);
			TEST_ASSERT_EQ(entry(&d, ft, fg, idx, val, 0, NULL), 0,
				       "op %u: set %u", op, idx);
			live++;
		}
		if (op % step != 0)
			continue;
		emu.trace_enable(0, 1);
		for (i = 0; i < 256; i++) {
			uint32_t j = (uint32_t)(rnd() % n);

			if (cur[j] != 0) {
				emu_frame_udp4(f, mac_a, 1, cur[j], 3, 4, 18);
				TEST_ASSERT_EQ(hit_of(f, 64), (long)j,
					       "op %u: live entry %u", op, j);
			}
			if (gone[j] != 0 && gone[j] != cur[j]) {
				emu_frame_udp4(f, mac_a, 1, gone[j], 3, 4, 18);
				TEST_ASSERT_EQ(hit_of(f, 64), -1,
					       "op %u: deleted value of %u", op,
					       j);
			}
		}
		emu.trace_enable(0, 0);
		/* A live value set again at a free index: a duplicate. */
		for (i = 0; i < n && cur[i] != 0; i++)
			;
		for (tries = 0; i < n && tries < 64; tries++) {
			uint32_t j = (uint32_t)(rnd() % n);

			if (cur[j] == 0)
				continue;
			dip_param(val, cur[j]);
			TEST_ASSERT_EQ(entry(&d, ft, fg, i, val, 0, &syn),
				       MLX5X_CMD_STAT_BAD_PARAM_ERR,
				       "op %u: value of %u set again at %u", op,
				       j, i);
			TEST_ASSERT_EQ(syn, DUP_SYNDROME, "op %u: syndrome",
				       op);
			break;
		}
	}
	printf("    %u operations, %u entries live at the end\n",
	       (unsigned int)ops, live);
	for (i = 0; i < n; i++)
		if (cur[i] != 0)
			TEST_ASSERT_EQ(entry_del(&d, ft, i), 0, "cleanup %u",
				       i);
	destroy(&d, MLX5X_CMD_OP_DESTROY_FLOW_GROUP, ft, fg);
	root(&d, 0);
	destroy(&d, MLX5X_CMD_OP_DESTROY_FLOW_TABLE, ft, 0);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/*
 * The differential check through the hash's growth. A Direct Rules
 * matcher's hash grows as rules come from 2^12 slots, rehashed at once up
 * to 2^16 slots; the doubling at 32,768 rules moves the old array's
 * entries over during the following inserts. Two matchers on the NIC RX
 * root: A (priority 0)
 * over the destination address and random bits of the UDP destination
 * port, B (priority 1) over random bits of the source address; every rule
 * drops with a tag naming it. Random creates and destroys (7 in 8 creates
 * until 40,000 rules live, then 1 in 2) take A through its doublings;
 * every 250 operations (so many checks fall while entries are still
 * moving) 48 frames (most to live values, some to destroyed ones) are
 * looked up against a plain linear model: matchers by priority, and
 * among a matcher's rules of equal masked value the one created first
 * (rdma-core keeps duplicates); and with duplicates refused for a moment,
 * a live value created again is refused.
 */
#define GROW_N (1u << 17)
#define GROW_B 16u

struct grow_model {
	uint32_t dport_mask, sip_mask;
	struct mlx5dv_dr_rule *r[GROW_N + GROW_B];
	struct mlx5dv_dr_action *tag[GROW_N + GROW_B]; /* drop, tag k + 1 */
	uint64_t seq[GROW_N + GROW_B];		       /* creation order */
	uint32_t dip[GROW_N], dport[GROW_N];	       /* masked values */
	uint32_t b_sip[GROW_B];
	uint32_t live[GROW_N], nlive; /* live rules of A, any order */
	uint32_t gone[64];	      /* dips of recent destroys */
};

static long
grow_ref_lookup(const struct grow_model *m, uint32_t sip, uint32_t dip,
		uint16_t dport)
{
	long best = -1;
	uint32_t k;

	for (k = 0; k < m->nlive; k++) {
		uint32_t i = m->live[k];

		if (m->dip[i] == dip &&
		    m->dport[i] == (dport & m->dport_mask) &&
		    (best < 0 || m->seq[i] < m->seq[best]))
			best = i;
	}
	for (k = 0; best < 0 && k < GROW_B; k++)
		if (m->r[GROW_N + k] != NULL &&
		    m->b_sip[k] == (sip & m->sip_mask))
			best = GROW_N + k;
	return best < 0 ? -1 : best + 1;
}

static void
grow_value(struct dr_match *v, uint32_t sip, uint32_t dip, uint32_t dport)
{
	memset(v, 0, sizeof(*v));
	v->p.match_sz = sizeof(v->buf);
	MLX5X_SET(fte_match_param, v->buf,
		  outer_headers.src_ipv4_src_ipv6.ipv4_layout.ipv4, sip);
	MLX5X_SET(fte_match_param, v->buf,
		  outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4, dip);
	MLX5X_SET(fte_match_param, v->buf, outer_headers.udp_dport, dport);
}

static const uint16_t grow_ports[3] = { 53, 4789, 0x1234 };
static const uint32_t grow_sips[3] = { 0x0b000001, 0x0b000101, 0xc0a80001 };

/* Rule k of matcher mt with value v: its action made on first use. */
static struct mlx5dv_dr_rule *
grow_rule(struct grow_model *m, struct mlx5dv_dr_matcher *mt, uint32_t k,
	  struct dr_match *v, struct mlx5dv_dr_action *drop)
{
	struct mlx5dv_dr_action *acts[2];

	if (m->tag[k] == NULL)
		m->tag[k] = emu.dr_action_tag(k + 1);
	if (m->tag[k] == NULL)
		return NULL;
	acts[0] = m->tag[k];
	acts[1] = drop;
	return emu.dr_rule_create(mt, &v->p, 2, acts);
}

static int
grow_check(struct grow_model *m, struct mlx5dv_dr_domain *dmn,
	   struct mlx5dv_dr_matcher *ma, struct mlx5dv_dr_action *drop,
	   uint32_t op)
{
	struct dr_match v;
	unsigned int i;
	uint8_t f[64];

	for (i = 0; i < 48; i++) {
		uint32_t sip = grow_sips[rnd() % 3], dip;
		uint16_t dport = grow_ports[rnd() % 3];
		long want, got;

		if (i % 4 == 3 || m->nlive == 0)
			dip = m->gone[rnd() % 64];
		else
			dip = m->dip[m->live[rnd() % m->nlive]];
		emu_frame_udp4(f, mac_a, sip, dip, 1000, dport, 18);
		want = grow_ref_lookup(m, sip, dip, dport);
		got = decided_by(f, 64, true);
		TEST_ASSERT_EQ(got, want,
			       "op %u: frame sip 0x%x dip 0x%x dport %u: emulator rule %ld, model rule %ld",
			       op, sip, dip, dport, got, want);
		n_hit += want >= 0;
		n_miss += want < 0;
	}
	/* A live value again, duplicates refused: whether its rule has
	 * moved to the new array or not, it is found. */
	if (m->nlive != 0) {
		uint32_t k = m->live[rnd() % m->nlive];
		struct mlx5dv_dr_rule *r;

		grow_value(&v, 0, m->dip[k], m->dport[k]);
		emu.dr_allow_duplicates(dmn, false);
		r = emu.dr_rule_create(ma, &v.p, 1, &drop);
		emu.dr_allow_duplicates(dmn, true);
		TEST_ASSERT(r == NULL,
			    "op %u: value of rule %u again with duplicates refused",
			    op, k);
	}
	return MLX5X_TEST_PASS;
}

static int
test_hash_differential_growth(void)
{
	enum { ops = 110000, check = 250 };
	static struct grow_model m;
	struct mlx5dv_dr_matcher *ma, *mb;
	struct mlx5dv_dr_action *drop;
	struct mlx5dv_dr_domain *dmn;
	struct mlx5dv_dr_table *t;
	struct dr_match mask, v;
	uint32_t op, k, creates = 0, dups = 0, peak = 0;
	uint64_t seq = 0;
	struct emu_dev d;

	memset(&m, 0, sizeof(m));
	rng_state = 0x6b1d5eedull;
	n_hit = 0;
	n_miss = 0;
	m.dport_mask = (uint32_t)(rnd() & 0xffff) | 0x1000; /* 0x1234 apart */
	m.sip_mask = (uint32_t)rnd() | 0x100;
	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	dmn = emu.dr_domain_create(d.ctx, MLX5DV_DR_DOMAIN_TYPE_NIC_RX);
	t = dmn != NULL ? emu.dr_table_create(dmn, 0) : NULL;
	drop = emu.dr_action_drop();
	TEST_ASSERT(t != NULL && drop != NULL, "domain, root table, drop");
	grow_value(&mask, 0, 0xffffffff, m.dport_mask);
	ma = emu.dr_matcher_create(t, 0, MLX5X_MATCH_OUTER_HEADERS, &mask.p);
	grow_value(&mask, m.sip_mask, 0, 0);
	mb = emu.dr_matcher_create(t, 1, MLX5X_MATCH_OUTER_HEADERS, &mask.p);
	TEST_ASSERT(ma != NULL && mb != NULL, "matchers");
	/* B: rules for two of the three frame sources (the third misses). */
	for (k = 0; k < GROW_B; k += 2) {
		m.b_sip[k] = grow_sips[k / 2 % 2] & m.sip_mask;
		grow_value(&v, m.b_sip[k], 0, 0);
		m.r[GROW_N + k] = grow_rule(&m, mb, GROW_N + k, &v, drop);
		m.seq[GROW_N + k] = ++seq;
		TEST_ASSERT(m.r[GROW_N + k] != NULL, "matcher b rule %u", k);
	}
	emu.trace_enable(0, 1);
	for (op = 1; op <= ops; op++) {
		uint32_t idx = (uint32_t)(rnd() % GROW_N);
		bool create = rnd() % 8 < (m.nlive < 40000 ? 7u : 4u);

		if (create && m.r[idx] == NULL) {
			uint32_t dip = 0x0a000000 | (uint32_t)(rnd() % 65536);
			uint32_t dport = grow_ports[rnd() % 3] & m.dport_mask;

			grow_value(&v, 0, dip, dport);
			m.r[idx] = grow_rule(&m, ma, idx, &v, drop);
			TEST_ASSERT(m.r[idx] != NULL, "op %u: create rule %u",
				    op, idx);
			k = (uint32_t)grow_ref_lookup(&m, 0, dip, dport);
			dups += k != (uint32_t)-1 && k <= GROW_N;
			m.dip[idx] = dip;
			m.dport[idx] = dport;
			m.seq[idx] = ++seq;
			m.live[m.nlive++] = idx;
			creates++;
		} else if (!create && m.nlive != 0) {
			uint32_t j = (uint32_t)(rnd() % m.nlive);

			idx = m.live[j];
			TEST_ASSERT_EQ(emu.dr_rule_destroy(m.r[idx]), 0,
				       "op %u: destroy rule %u", op, idx);
			m.r[idx] = NULL;
			m.gone[op % 64] = m.dip[idx];
			m.live[j] = m.live[--m.nlive];
		}
		if (m.nlive > peak)
			peak = m.nlive;
		if (op % check == 0 &&
		    grow_check(&m, dmn, ma, drop, op) != MLX5X_TEST_PASS)
			break;
	}
	emu.trace_enable(0, 0);
	printf("    %u operations: %u rules created (%u behind an equal one), peak %u live; %u frames hit, %u missed\n",
	       op - 1, creates, dups, peak, n_hit, n_miss);
	TEST_ASSERT(op > ops, "differential check through growth");
	TEST_ASSERT(peak > 32768, "the doubling by steps crossed (peak %u)",
		    peak);
	for (k = 0; k < GROW_N + GROW_B; k++) {
		if (m.r[k] != NULL)
			TEST_ASSERT_EQ(emu.dr_rule_destroy(m.r[k]), 0,
				       "cleanup %u", k);
		if (m.tag[k] != NULL)
			emu.dr_action_destroy(m.tag[k]);
	}
	TEST_ASSERT_EQ(emu.dr_matcher_destroy(ma), 0, "matcher a");
	TEST_ASSERT_EQ(emu.dr_matcher_destroy(mb), 0, "matcher b");
	TEST_ASSERT_EQ(emu.dr_table_destroy(t), 0, "table");
	emu.dr_action_destroy(drop);
	emu.dr_domain_destroy(dmn);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_hash_differential_random(void)
{
	const char *s = getenv("MLX5X_TEST_SEED");
	uint64_t seed = s != NULL ? strtoull(s, NULL, 0) : 0x5eed2026ull;
	static struct ref r;
	struct emu_dev d;
	unsigned int round;
	int rc = MLX5X_TEST_PASS;

	printf("    seed 0x%llx (MLX5X_TEST_SEED=0x%llx to replay)\n",
	       (unsigned long long)seed, (unsigned long long)seed);
	rng_state = seed != 0 ? seed : 1;
	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	emu.trace_enable(0, 1);
	for (round = 0; round < 40 && rc == MLX5X_TEST_PASS; round++)
		rc = diff_round(&d, &r, round);
	emu.trace_enable(0, 0);
	emu_dev_close(&d);
	printf("    %u rounds: %u frames hit, %u missed; %u duplicates refused\n",
	       round, n_hit, n_miss, n_dup);
	return rc;
}

MLX5X_TEST_SUITE(emu_steer_hash_suite, "emu_steer_hash", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_hash_group_order_first_and_duplicates),
		 MLX5X_TEST_CASE(test_hash_miss_chain_and_hop_limit),
		 MLX5X_TEST_CASE(test_hash_million_entries),
		 MLX5X_TEST_CASE(test_hash_delete_readd_churn),
		 MLX5X_TEST_CASE(test_hash_dr_beyond_old_caps),
		 MLX5X_TEST_CASE(test_hash_dr_one_duplicate_while_growing),
		 MLX5X_TEST_CASE(test_hash_differential_random),
		 MLX5X_TEST_CASE(test_hash_churn_through_growth),
		 MLX5X_TEST_CASE(test_hash_differential_growth))
