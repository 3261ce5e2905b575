/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, the parse follows the groups: the adapter fills a
 * frame's match view only as deep as its flow groups mask (none, outer
 * headers, tunnel fields). Groups come and go while frames flow; each
 * frame must meet exactly the rules in place when it arrives: a catch-all
 * alone, then an outer destination IP rule in front of it, then a VXLAN
 * VNI rule, then the VNI rule gone, then the root back on the catch-all.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_frames.h"
#include "test_emu_lib.h"

static const uint8_t pf_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x00 };

#define TAG_ANY 0xb0b
#define TAG_DIP 0xa0a
#define TAG_VNI 0xc0c

/* A group of one index whose mask is n bytes of 0xff at byte off of
 * fte_match_param (n 0: a catch-all). */
static uint32_t
pn_group(struct emu_dev *d, uint32_t ft, uint32_t index, uint8_t enable,
	 size_t off, size_t n, struct mlx5dv_devx_obj **o)
{
	uint8_t crit[MLX5X_ST_SZ_BYTES(fte_match_param)] = { 0 };

	memset(crit + off, 0xff, n);
	return emu_nic_rx_group(d, ft, index, enable, crit, o);
}

/* An entry at index whose value is val (fte_match_param; NULL: none),
 * to the TIR with a tag. */
static struct mlx5dv_devx_obj *
pn_entry_val(struct emu_dev *d, uint32_t ft, uint32_t fg, uint32_t index,
	     const uint8_t *val, uint32_t tag, uint32_t tirn)
{
	return emu_nic_rx_entry(d, ft, fg, index, val, 0, tag, tirn, 0);
}

/* An entry at index: n value bytes at byte off, to the TIR with a tag. */
static struct mlx5dv_devx_obj *
pn_entry(struct emu_dev *d, uint32_t ft, uint32_t fg, uint32_t index,
	 size_t off, const uint8_t *val, size_t n, uint32_t tag, uint32_t tirn)
{
	uint8_t v[MLX5X_ST_SZ_BYTES(fte_match_param)] = { 0 };

	if (n != 0)
		memcpy(v + off, val, n);
	return pn_entry_val(d, ft, fg, index, v, tag, tirn);
}

/* The NIC RX root: table ft, or none (PRM op_mod 1 disconnects). */
static int
pn_root(struct emu_dev *d, uint32_t ft)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
	uint8_t out[16] = { 0 };

	MLX5X_SET(set_flow_table_root_in, in, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, in, op_mod, ft == 0);
	MLX5X_SET(set_flow_table_root_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_flow_table_root_in, in, table_id, ft);
	return emu_cmd(d, in, sizeof(in), out, sizeof(out));
}

/* A UDP frame to 10.0.0.<dip>; with vni >= 0, a VXLAN one carrying a
 * small inner Ethernet/IPv4 frame. */
static size_t
pn_frame(uint8_t *f, uint8_t dip, int vni)
{
	size_t len;

	if (vni < 0)
		return emu_frame_udp4(f, pf_mac, 0x0a000001, 0x0a000000 | dip,
				      1234, 5678, 18);
	len = emu_frame_udp4(f, pf_mac, 0x0a000001, 0x0a000000 | dip, 1234,
			     4789, 8 + 14 + 20 + 8);
	memset(f + 42, 0, 8 + 14 + 20 + 8);
	f[42] = 0x08; /* RFC 7348: I flag, then the VNI in bytes 4..6 */
	f[46] = (uint8_t)(vni >> 16);
	f[47] = (uint8_t)(vni >> 8);
	f[48] = (uint8_t)vni;
	memcpy(f + 50, "\x02\x00\x00\x00\x00\x07\x02\x00\x00\x00\x00\x08", 12);
	f[62] = 0x08;
	f[64] = 0x45;
	f[73] = 17;
	return len;
}

/* The flow tag of the CQE the frame made, or -1 without one. */
static long
pn_tag(struct emu_q *q, const uint8_t *f, size_t len)
{
	struct mlx5_cqe64 *cqe;

	if (emu.inject_wire(0, f, len) != 0)
		return -1;
	cqe = emu_q_poll_cqe(q, 100);
	if (cqe == NULL)
		return -1;
	q->dbr[0] = htobe32(++q->pi);
	return (long)(be32toh(cqe->sop_drop_qpn) & 0xffffff);
}

static int
test_parse_follows_groups(void)
{
	const size_t dip_off = MLX5X_BYTE_OFF(fte_match_param,
					      outer_headers.dst_ipv4_dst_ipv6) +
			       12;
	const size_t vni_off =
		MLX5X_BYTE_OFF(fte_match_param, misc_parameters) +
		MLX5X_BYTE_OFF(fte_match_set_misc_tun, vxlan_vni);
	struct mlx5dv_devx_obj *t1, *t2, *g0, *g1, *g2, *e0, *e1, *e2;
	const uint8_t dip2[4] = { 10, 0, 0, 2 };
	const uint8_t vni42[3] = { 0, 0, 42 };
	uint32_t ft1, ft2, fg0, fg1, fg2, tirn, i;
	uint8_t f[128], tin[MLX5X_ST_SZ_BYTES(create_tir_in)] = { 0 };
	struct mlx5dv_devx_obj *tir;
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q q;
	uint8_t *mem;
	size_t len;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &q, false, 4, 4) == 0, "rq");
	mem = calloc(16, 256);
	TEST_ASSERT(mem != NULL, "buffers");
	mr = emu.reg_mr(d.pd, mem, 16 * 256, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(mr != NULL, "mr");
	for (i = 0; i < 16; i++) {
		struct mlx5_wqe_data_seg *ds =
			(struct mlx5_wqe_data_seg *)(q.buf + i * 16);

		ds->byte_count = htobe32(256);
		ds->lkey = htobe32(mr->lkey);
		ds->addr = htobe64((uintptr_t)(mem + i * 256));
	}
	q.pi = 16;
	q.dbr[0] = htobe32(q.pi);
	TEST_ASSERT_EQ(emu_q_modify(&q, 0, 1), 0, "ready");
	MLX5X_SET(create_tir_in, tin, opcode, MLX5X_CMD_OP_CREATE_TIR);
	MLX5X_SET(tirc, MLX5X_ADDR_OF(create_tir_in, tin, ctx), inline_rqn,
		  q.qn);
	MLX5X_SET(tirc, MLX5X_ADDR_OF(create_tir_in, tin, ctx),
		  transport_domain, d.tdn);
	tirn = emu_obj_id(&d, tin, sizeof(tin), &tir);
	TEST_ASSERT(tirn != 0, "tir");

	/* A catch-all alone: nothing of the frame is matched. */
	ft2 = emu_nic_rx_table(&d, 1, 0, &t2);
	fg0 = pn_group(&d, ft2, 0, 0, 0, 0, &g0);
	e0 = pn_entry(&d, ft2, fg0, 0, 0, NULL, 0, TAG_ANY, tirn);
	TEST_ASSERT(ft2 != 0 && fg0 != 0 && e0 != NULL, "catch-all");
	TEST_ASSERT_EQ(pn_root(&d, ft2), 0, "root on the catch-all");
	len = pn_frame(f, 2, -1);
	TEST_ASSERT_EQ(pn_tag(&q, f, len), TAG_ANY, "catch-all alone");

	/* In front of it, a rule on the outer destination IP. */
	ft1 = emu_nic_rx_table(&d, 0, ft2, &t1);
	fg1 = pn_group(&d, ft1, 0, MLX5X_MATCH_OUTER_HEADERS, dip_off, 4, &g1);
	e1 = pn_entry(&d, ft1, fg1, 0, dip_off, dip2, 4, TAG_DIP, tirn);
	TEST_ASSERT(ft1 != 0 && fg1 != 0 && e1 != NULL, "outer rule");
	TEST_ASSERT_EQ(pn_root(&d, ft1), 0, "root on the outer rule");
	TEST_ASSERT_EQ(pn_tag(&q, f, len), TAG_DIP, "outer rule hit");
	len = pn_frame(f, 3, -1);
	TEST_ASSERT_EQ(pn_tag(&q, f, len), TAG_ANY, "outer rule missed");
	len = pn_frame(f, 2, 42);
	TEST_ASSERT_EQ(pn_tag(&q, f, len), TAG_DIP, "VXLAN to .2, outer rule");

	/* Then a rule on the VXLAN VNI. */
	fg2 = pn_group(&d, ft1, 1, MLX5X_MATCH_MISC_PARAMETERS, vni_off, 3,
		       &g2);
	e2 = pn_entry(&d, ft1, fg2, 1, vni_off, vni42, 3, TAG_VNI, tirn);
	TEST_ASSERT(fg2 != 0 && e2 != NULL, "VNI rule");
	len = pn_frame(f, 9, 42);
	TEST_ASSERT_EQ(pn_tag(&q, f, len), TAG_VNI, "VNI rule hit");
	len = pn_frame(f, 9, 43);
	TEST_ASSERT_EQ(pn_tag(&q, f, len), TAG_ANY, "other VNI");
	len = pn_frame(f, 2, -1);
	TEST_ASSERT_EQ(pn_tag(&q, f, len), TAG_DIP, "outer rule still");

	/* The VNI rule gone. */
	TEST_ASSERT_EQ(emu.obj_destroy(e2), 0, "VNI entry destroyed");
	TEST_ASSERT_EQ(emu.obj_destroy(g2), 0, "VNI group destroyed");
	len = pn_frame(f, 9, 42);
	TEST_ASSERT_EQ(pn_tag(&q, f, len), TAG_ANY, "VNI rule gone");
	len = pn_frame(f, 2, 42);
	TEST_ASSERT_EQ(pn_tag(&q, f, len), TAG_DIP, "VXLAN, outer rule");

	/* The root back on the catch-all, the outer rule gone. */
	TEST_ASSERT_EQ(pn_root(&d, ft2), 0, "root back");
	TEST_ASSERT_EQ(emu.obj_destroy(e1), 0, "outer entry destroyed");
	TEST_ASSERT_EQ(emu.obj_destroy(g1), 0, "outer group destroyed");
	TEST_ASSERT_EQ(emu.obj_destroy(t1), 0, "outer table destroyed");
	len = pn_frame(f, 2, -1);
	TEST_ASSERT_EQ(pn_tag(&q, f, len), TAG_ANY, "catch-all again");

	/* A root table cannot go while it is the root. */
	TEST_ASSERT_EQ(pn_root(&d, 0), 0, "no root");
	emu.obj_destroy(e0);
	emu.obj_destroy(g0);
	emu.obj_destroy(t2);
	emu.obj_destroy(tir);
	emu_q_destroy(&q);
	emu.dereg_mr(mr);
	free(mem);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/*
 * The parse's plain-IPv4 path (untagged IPv4 without options carrying a
 * whole TCP or UDP header, for a parse no deeper than the outer headers)
 * against the general parse. Random frames, of that kind and of every
 * kind it must leave alone (VLAN, QinQ, IPv4 options, fragments,
 * truncated or short headers, IPv6 with and without an extension header,
 * VXLAN, not IP), checksums right, spoilt, random or (UDP) absent, each
 * meet four set-ups:
 *   any:    the catch-all alone (no match field: the plain path);
 *   deep:   behind a group on the VXLAN VNI that never matches (a deep
 *           parse: the general path for every frame);
 *   outer:  an outer rule (IP version, protocol, DSCP, ECN, TTL,
 *           addresses, UDP destination port, no tags, no fragment) in front
 *           of the catch-all (the plain path fills the outer headers);
 *   outer+: the same behind the VNI group (the general path).
 * any and deep, outer and outer+ must complete every frame with the same
 * CQE (hash, hash type, checksum flags, header types, flow tag, length)
 * and the same bytes; the outer rule must both hit and miss plain
 * frames.
 */
#define PN_FRAMES 600
#define PN_RING 64
#define PN_DSCP 0x2e
#define PN_SIP 0x0a000001
#define PN_DIP 0x0a0000fe
#define PN_DPORT 5000

static uint64_t pn_seed = 0x5a17e3c94b2d8f61ull;
static const struct emu_any_cfg pn_cfg = {
	.sip = PN_SIP,
	.dip = PN_DIP,
	.dscp = PN_DSCP,
	.dport = PN_DPORT,
	.payload_max = 24,
};

static uint32_t
pn_rand(void)
{
	return emu_test_rand(&pn_seed);
}

/* The frame through the NIC RX root table ft: its CQE into cqe (without
 * its WQE counter and owner), its bytes compared with what was sent. */
static int
pn_through(struct emu_dev *d, struct emu_q *q, const uint8_t *mem, uint32_t ft,
	   const struct emu_any *f, uint8_t cqe[60])
{
	struct mlx5_cqe64 *c;

	if (pn_root(d, ft) != 0 || emu.inject_wire(0, f->b, f->len) != 0)
		return -1;
	c = emu_q_poll_cqe(q, 100);
	if (c == NULL)
		return -1;
	memcpy(cqe, c, 60);
	if (memcmp(mem + (size_t)(q->pi % PN_RING) * 256, f->b, f->len) != 0)
		return -1;
	q->dbr[0] = htobe32(++q->pi);
	return 0;
}

/* A table of rules to the TIR, left in o[] (*n of them) in the order
 * made: a VNI rule that never matches (deep), the outer rule crit/val
 * (outer), then a catch-all with tag: up to 7 objects. Its id, 0 if
 * refused. */
static uint32_t
pn_table(struct emu_dev *d, uint32_t tirn, bool deep, const uint8_t *crit,
	 const uint8_t *val, uint32_t tag, struct mlx5dv_devx_obj **o,
	 unsigned int *n)
{
	const size_t vni_off =
		MLX5X_BYTE_OFF(fte_match_param, misc_parameters) +
		MLX5X_BYTE_OFF(fte_match_set_misc_tun, vxlan_vni);
	const uint8_t vni[3] = { 0xab, 0xcd, 0xef };
	uint32_t ft, fg, at = 0;

	ft = emu_nic_rx_table(d, 0, 0, &o[(*n)++]);
	if (ft == 0)
		return 0;
	if (deep) {
		fg = pn_group(d, ft, at, MLX5X_MATCH_MISC_PARAMETERS, vni_off,
			      3, &o[(*n)++]);
		o[*n] = pn_entry(d, ft, fg, at++, vni_off, vni, 3, TAG_VNI,
				 tirn);
		if (fg == 0 || o[(*n)++] == NULL)
			return 0;
	}
	if (crit != NULL) {
		fg = emu_nic_rx_group(d, ft, at, MLX5X_MATCH_OUTER_HEADERS,
				      crit, &o[(*n)++]);
		o[*n] = pn_entry_val(d, ft, fg, at++, val, TAG_DIP, tirn);
		if (fg == 0 || o[(*n)++] == NULL)
			return 0;
	}
	fg = pn_group(d, ft, at, 0, 0, 0, &o[(*n)++]);
	o[*n] = pn_entry(d, ft, fg, at, 0, NULL, 0, tag, tirn);
	return fg != 0 && o[(*n)++] != NULL ? ft : 0;
}

static int
test_plain_ipv4_parse_matches_general(void)
{
	static const uint8_t key[40] = { 0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b,
					 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d,
					 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca,
					 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4 };
	uint8_t crit[MLX5X_ST_SZ_BYTES(fte_match_param)] = { 0 };
	uint8_t val[MLX5X_ST_SZ_BYTES(fte_match_param)] = { 0 };
	void *oc = MLX5X_ADDR_OF(fte_match_param, crit, outer_headers);
	void *ov = MLX5X_ADDR_OF(fte_match_param, val, outer_headers);
	struct mlx5dv_devx_obj *o[3 * 7] = { NULL };
	uint32_t ft[4], hits = 0, misses = 0, plain = 0, i;
	uint8_t(*cqe)[4][60], got[60];
	unsigned int n = 0, k;
	struct emu_any *f;
	struct emu_steer st;
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q q;
	uint8_t *mem;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&d, &q, false, 6, 4) == 0, "rq");
	mem = calloc(PN_RING, 256);
	f = calloc(PN_FRAMES, sizeof(*f));
	cqe = calloc(PN_FRAMES, sizeof(*cqe));
	TEST_ASSERT(mem != NULL && f != NULL && cqe != NULL, "buffers");
	mr = emu.reg_mr(d.pd, mem, PN_RING * 256, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(mr != NULL, "mr");
	emu_rq_post(&q, mem, mr->lkey, PN_RING, 256);
	q.pi = PN_RING;
	TEST_ASSERT_EQ(emu_q_modify(&q, 0, 1), 0, "ready");
	/* Half the frames plain, the rest over the other kinds. */
	for (i = 0; i < PN_FRAMES; i++)
		emu_any_frame(&f[i],
			      (i & 1) ? 6 + pn_rand() % 11 : pn_rand() % 6,
			      &pn_seed, &pn_cfg);
	/* The outer rule's mask and value. */
	MLX5X_SET(fte_match_set_lyr_2_4, oc, ip_version, 0xf);
	MLX5X_SET(fte_match_set_lyr_2_4, oc, ip_protocol, 0xff);
	MLX5X_SET(fte_match_set_lyr_2_4, oc, ip_dscp, 0x3f);
	MLX5X_SET(fte_match_set_lyr_2_4, oc, ip_ecn, 3);
	MLX5X_SET(fte_match_set_lyr_2_4, oc, ttl_hoplimit, 0xff);
	MLX5X_SET(fte_match_set_lyr_2_4, oc, frag, 1);
	MLX5X_SET(fte_match_set_lyr_2_4, oc, cvlan_tag, 1);
	MLX5X_SET(fte_match_set_lyr_2_4, oc, svlan_tag, 1);
	MLX5X_SET(fte_match_set_lyr_2_4, oc, udp_dport, 0xffff);
	MLX5X_SET(fte_match_set_lyr_2_4, oc, src_ipv4_src_ipv6.ipv4_layout.ipv4,
		  0xffffffff);
	MLX5X_SET(fte_match_set_lyr_2_4, oc, dst_ipv4_dst_ipv6.ipv4_layout.ipv4,
		  0xffffffff);
	MLX5X_SET(fte_match_set_lyr_2_4, ov, ip_version, 4);
	MLX5X_SET(fte_match_set_lyr_2_4, ov, ip_protocol, 17);
	MLX5X_SET(fte_match_set_lyr_2_4, ov, ip_dscp, PN_DSCP);
	MLX5X_SET(fte_match_set_lyr_2_4, ov, ttl_hoplimit, 64);
	MLX5X_SET(fte_match_set_lyr_2_4, ov, udp_dport, PN_DPORT);
	MLX5X_SET(fte_match_set_lyr_2_4, ov, src_ipv4_src_ipv6.ipv4_layout.ipv4,
		  PN_SIP);
	MLX5X_SET(fte_match_set_lyr_2_4, ov, dst_ipv4_dst_ipv6.ipv4_layout.ipv4,
		  PN_DIP);

	/* The parse follows the adapter's groups, whichever table holds
	 * them: each set-up's groups come in their turn. any (0): RSS over
	 * the one RQ (UDP over IPv4 hashed), a catch-all alone. */
	TEST_ASSERT(emu_steer_rss(&d, &st, &q.qn, 1, key,
				  MLX5X_HASH_FIELD_SEL_SRC_IP |
					  MLX5X_HASH_FIELD_SEL_DST_IP |
					  MLX5X_HASH_FIELD_SEL_L4_SPORT |
					  MLX5X_HASH_FIELD_SEL_L4_DPORT,
				  true) == 0,
		    "RSS steering");
	ft[0] = st.ftn;
	for (k = 0; k < 4; k++) {
		/* outer (2): the outer rule, then a catch-all; deep (1) and
		 * outer+ (3): the same behind a VNI rule, deep's catch-all
		 * with any's tag (0). */
		if (k == 1) {
			ft[2] = pn_table(&d, st.tirn, false, crit, val, TAG_ANY,
					 o, &n);
			TEST_ASSERT(ft[2] != 0, "outer");
		} else if (k == 2) {
			ft[1] = pn_table(&d, st.tirn, true, NULL, NULL, 0, o,
					 &n);
			ft[3] = pn_table(&d, st.tirn, true, crit, val, TAG_ANY,
					 o, &n);
			TEST_ASSERT(ft[1] != 0 && ft[3] != 0, "deep, outer+");
		}
		for (i = 0; i < PN_FRAMES; i++) {
			/* Set-ups in the order their groups came. */
			static const unsigned int order[4] = { 0, 2, 1, 3 };
			const unsigned int su = order[k];

			TEST_ASSERT_EQ(pn_through(&d, &q, mem, ft[su], &f[i],
						  got),
				       0,
				       "frame %u (kind %u, %zu bytes), set-up %u",
				       i, f[i].kind, f[i].len, su);
			memcpy(cqe[i][su], got, 60);
		}
	}
	for (i = 0; i < PN_FRAMES; i++) {
		TEST_ASSERT(memcmp(cqe[i][0], cqe[i][1], 60) == 0,
			    "frame %u (kind %u, %zu bytes): any and deep differ",
			    i, f[i].kind, f[i].len);
		TEST_ASSERT(memcmp(cqe[i][2], cqe[i][3], 60) == 0,
			    "frame %u (kind %u, %zu bytes): outer and outer+ differ",
			    i, f[i].kind, f[i].len);
		TEST_ASSERT_EQ(be32toh(((struct mlx5_cqe64 *)cqe[i][2])
					       ->sop_drop_qpn) &
				       0xffffff,
			       f[i].rule ? TAG_DIP : TAG_ANY,
			       "frame %u (kind %u): the outer rule", i,
			       f[i].kind);
		plain += f[i].plain;
		hits += f[i].rule;
		misses += f[i].plain && !f[i].rule;
	}
	/* The draw covered both paths and both outcomes of the rule. */
	TEST_ASSERT(plain > PN_FRAMES / 3 && hits > 20 && misses > 20,
		    "%u plain frames, %u rule hits, %u misses", plain, hits,
		    misses);

	TEST_ASSERT_EQ(pn_root(&d, st.ftn), 0, "root back");
	while (n > 0) {
		n--;
		TEST_ASSERT_EQ(emu.obj_destroy(o[n]), 0, "object %u", n);
	}
	emu_steer_destroy(&st);
	emu_q_destroy(&q);
	emu.dereg_mr(mr);
	free(cqe);
	free(f);
	free(mem);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_parse_need_suite, "emu_parse_need", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_parse_follows_groups),
		 MLX5X_TEST_CASE(test_plain_ipv4_parse_matches_general))
