/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, inner RSS (PRM TIR context): with tunneled_offload_en
 * set and rx_hash_field_selector_inner selecting fields, a tunnelled frame
 * (VXLAN, GENEVE, GRE, NVGRE) is hashed with the TIR's Toeplitz key over
 * its inner headers' selected fields, whatever its outer headers; the CQE
 * carries that hash and the inner header types. A frame without a tunnel
 * is hashed over its only headers with the inner selector (the model's
 * choice, emu/README.md). Without tunneled_offload_en the outer selector
 * applies to a tunnelled frame as to any other. Hashes are checked against
 * the test-side Toeplitz (test_toeplitz.c), not the emulator's.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"
#include "test_toeplitz.h"

static const uint8_t pf_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x00 };
static const uint8_t key[40] = {
	0x2c, 0xc6, 0x81, 0xd1, 0x5b, 0xdb, 0xf4, 0xf7, 0xfc, 0xa2,
	0x83, 0x19, 0xdb, 0x1a, 0x3e, 0x94, 0x6b, 0x9e, 0x38, 0xd9,
	0x2c, 0x9c, 0x03, 0xd1, 0xad, 0x99, 0x44, 0xa7, 0xd9, 0x56,
	0x3d, 0x59, 0x06, 0x3c, 0x25, 0xf3, 0xfc, 0x1f, 0xdc, 0x2a,
};

#define ALL_FIELDS                                                             \
	(MLX5X_HASH_FIELD_SEL_SRC_IP | MLX5X_HASH_FIELD_SEL_DST_IP |           \
	 MLX5X_HASH_FIELD_SEL_L4_SPORT | MLX5X_HASH_FIELD_SEL_L4_DPORT)

/* ---- frames ------------------------------------------------------------- */

static void
wr16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* The flow a frame carries (inner when tunnelled): addresses (IPv4 in
 * the first 4 bytes), protocol, ports. */
struct flow {
	bool v6;
	uint8_t proto; /* 6 TCP, 17 UDP */
	uint8_t sip[16], dip[16];
	uint16_t sport, dport;
};

/* IP header and TCP/UDP header of fl at p, payload after; the length. */
static size_t
ip_l4(uint8_t *p, const struct flow *fl, size_t payload)
{
	size_t l4 = fl->proto == 6 ? 20 : 8, ipl = fl->v6 ? 40 : 20;
	uint8_t *t = p + ipl;

	memset(p, 0, ipl + l4 + payload);
	if (fl->v6) {
		p[0] = 0x60;
		wr16(p + 4, (uint16_t)(l4 + payload));
		p[6] = fl->proto;
		p[7] = 64;
		memcpy(p + 8, fl->sip, 16);
		memcpy(p + 24, fl->dip, 16);
	} else {
		p[0] = 0x45;
		wr16(p + 2, (uint16_t)(ipl + l4 + payload));
		p[8] = 64;
		p[9] = fl->proto;
		memcpy(p + 12, fl->sip, 4);
		memcpy(p + 16, fl->dip, 4);
	}
	wr16(t, fl->sport);
	wr16(t + 2, fl->dport);
	if (fl->proto == 6)
		t[12] = 5 << 4;
	else
		wr16(t + 4, (uint16_t)(8 + payload));
	return ipl + l4 + payload;
}

static size_t
eth(uint8_t *f, uint16_t et)
{
	memcpy(f, pf_mac, 6);
	memcpy(f + 6, "\x02\x99\x00\x00\x00\x07", 6);
	wr16(f + 12, et);
	return 14;
}

enum tun { TUN_NONE, TUN_VXLAN, TUN_GENEVE, TUN_GRE, TUN_NVGRE };

/* A frame: outer Ethernet/IPv4 from outer (its ports the tunnel's UDP
 * source port and the tunnel's UDP port) carrying the tunnel and inner;
 * TUN_NONE: outer alone is the frame. Returns the length. */
static size_t
frame(uint8_t *f, enum tun tun, const struct flow *outer,
      const struct flow *inner)
{
	struct flow o = *outer;
	uint8_t hdr[16] = { 0 };
	size_t n, hl = 0, in;
	bool l2 = tun == TUN_VXLAN || tun == TUN_GENEVE || tun == TUN_NVGRE;
	uint8_t body[256];

	n = eth(f, outer->v6 ? 0x86dd : 0x0800);
	if (tun == TUN_NONE)
		return n + ip_l4(f + n, outer, 16);
	in = l2 ? eth(body, inner->v6 ? 0x86dd : 0x0800) : 0;
	in += ip_l4(body + in, inner, 16);
	switch (tun) {
	case TUN_VXLAN: /* RFC 7348: I flag, VNI */
		hdr[0] = 0x08;
		hdr[6] = 0x42;
		hl = 8;
		o.proto = 17;
		o.dport = 4789;
		break;
	case TUN_GENEVE: /* RFC 8926: no options, Ethernet, VNI */
		wr16(hdr + 2, 0x6558);
		hdr[6] = 0x42;
		hl = 8;
		o.proto = 17;
		o.dport = 6081;
		break;
	case TUN_GRE: /* RFC 2784: IPv4 payload */
		wr16(hdr + 2, inner->v6 ? 0x86dd : 0x0800);
		hl = 4;
		o.proto = 47;
		break;
	default: /* NVGRE (RFC 7637): K bit, Ethernet, VSID and flow id */
		wr16(hdr, 0x2000);
		wr16(hdr + 2, 0x6558);
		hdr[6] = 0x42;
		hl = 8;
		o.proto = 47;
		break;
	}
	if (o.proto == 17) {
		n += ip_l4(f + n, &o, hl + in);
		memcpy(f + n - hl - in, hdr, hl);
		memcpy(f + n - in, body, in);
		return n;
	}
	/* GRE: the outer IPv4 header's payload is the GRE header. */
	memset(f + n, 0, 20);
	f[n] = 0x45;
	wr16(f + n + 2, (uint16_t)(20 + hl + in));
	f[n + 8] = 64;
	f[n + 9] = 47;
	memcpy(f + n + 12, outer->sip, 4);
	memcpy(f + n + 16, outer->dip, 4);
	n += 20;
	memcpy(f + n, hdr, hl);
	memcpy(f + n + hl, body, in);
	return n + hl + in;
}

/* The test-side Toeplitz over a flow's addresses and ports. */
static uint32_t
want_hash(const struct flow *fl)
{
	uint8_t in[36];
	size_t a = fl->v6 ? 16 : 4;

	memcpy(in, fl->sip, a);
	memcpy(in + a, fl->dip, a);
	wr16(in + 2 * a, fl->sport);
	wr16(in + 2 * a + 2, fl->dport);
	return mlx5x_test_toeplitz(key, sizeof(key), in, 2 * a + 4);
}

/* ---- PRM objects -------------------------------------------------------- */

struct sel {
	bool tunneled;
	bool v6, tcp; /* the inner selector's l3 and l4 types */
	uint32_t inner_fields;
};

/* Fills a TIR context: indirect over rqtn, Toeplitz with key, outer
 * selector IPv4/UDP over every field, and s. */
static void
tir_ctx(void *c, uint32_t rqtn, uint32_t tdn, const struct sel *s)
{
	void *o = MLX5X_ADDR_OF(tirc, c, rx_hash_field_selector_outer);
	void *i = MLX5X_ADDR_OF(tirc, c, rx_hash_field_selector_inner);
	unsigned int k;

	MLX5X_SET(tirc, c, disp_type, MLX5X_TIRC_DISP_TYPE_INDIRECT);
	MLX5X_SET(tirc, c, indirect_table, rqtn);
	MLX5X_SET(tirc, c, rx_hash_fn, MLX5X_RX_HASH_FN_TOEPLITZ);
	MLX5X_SET(tirc, c, transport_domain, tdn);
	MLX5X_SET(tirc, c, tunneled_offload_en, s->tunneled);
	for (k = 0; k < 10; k++)
		MLX5X_SET(tirc, c, rx_hash_toeplitz_key[k],
			  (uint32_t)key[k * 4] << 24 | key[k * 4 + 1] << 16 |
				  key[k * 4 + 2] << 8 | key[k * 4 + 3]);
	MLX5X_SET(rx_hash_field_select, o, l3_prot_type,
		  MLX5X_L3_PROT_TYPE_IPV4);
	MLX5X_SET(rx_hash_field_select, o, l4_prot_type,
		  MLX5X_L4_PROT_TYPE_UDP);
	MLX5X_SET(rx_hash_field_select, o, selected_fields, ALL_FIELDS);
	MLX5X_SET(rx_hash_field_select, i, l3_prot_type,
		  s->v6 ? MLX5X_L3_PROT_TYPE_IPV6 : MLX5X_L3_PROT_TYPE_IPV4);
	MLX5X_SET(rx_hash_field_select, i, l4_prot_type,
		  s->tcp ? MLX5X_L4_PROT_TYPE_TCP : MLX5X_L4_PROT_TYPE_UDP);
	MLX5X_SET(rx_hash_field_select, i, selected_fields, s->inner_fields);
}

/* An RQ, a one-entry RQT over it, a TIR, and a NIC RX root table whose
 * catch-all entry goes to the TIR. */
struct rig {
	struct emu_dev d;
	struct emu_q q;
	uint8_t *mem;
	struct ibv_mr *mr;
	struct mlx5dv_devx_obj *rqt, *tir;
	uint32_t rqtn, tirn;
	struct emu_steer st;
};

static int
rig_setup(struct rig *r, const struct sel *s)
{
	uint8_t rin[MLX5X_ST_SZ_BYTES(create_rqt_in) + 4] = { 0 };
	uint8_t in[MLX5X_ST_SZ_BYTES(create_tir_in)] = { 0 };
	uint8_t out[16] = { 0 };
	void *rc = MLX5X_ADDR_OF(create_rqt_in, rin, rqt_context);
	unsigned int i;

	memset(r, 0, sizeof(*r));
	if (emu_dev_open(&r->d, "wire=drop") != 0 ||
	    emu_q_create(&r->d, &r->q, false, 4, 4) != 0)
		return -1;
	r->mem = calloc(16, 512);
	r->mr = r->mem != NULL ? emu.reg_mr(r->d.pd, r->mem, 16 * 512,
					    IBV_ACCESS_LOCAL_WRITE)
			       : NULL;
	if (r->mr == NULL)
		return -1;
	for (i = 0; i < 16; i++) {
		struct mlx5_wqe_data_seg *ds =
			(struct mlx5_wqe_data_seg *)(r->q.buf + i * 16);

		ds->byte_count = htobe32(512);
		ds->lkey = htobe32(r->mr->lkey);
		ds->addr = htobe64((uintptr_t)(r->mem + i * 512));
	}
	r->q.dbr[0] = htobe32(16);
	if (emu_q_modify(&r->q, 0, 1) != 0)
		return -1;
	MLX5X_SET(create_rqt_in, rin, opcode, MLX5X_CMD_OP_CREATE_RQT);
	MLX5X_SET(rqtc, rc, rqt_max_size, 1);
	MLX5X_SET(rqtc, rc, rqt_actual_size, 1);
	MLX5X_SET(rq_num, MLX5X_ADDR_OF(rqtc, rc, rq_num), rq_num, r->q.qn);
	r->rqt = emu.obj_create(r->d.ctx, rin, sizeof(rin), out, sizeof(out));
	if (r->rqt == NULL)
		return -1;
	r->rqtn = MLX5X_GET(create_rqt_out, out, rqtn);
	MLX5X_SET(create_tir_in, in, opcode, MLX5X_CMD_OP_CREATE_TIR);
	tir_ctx(MLX5X_ADDR_OF(create_tir_in, in, ctx), r->rqtn, r->d.tdn, s);
	r->tir = emu.obj_create(r->d.ctx, in, sizeof(in), out, sizeof(out));
	if (r->tir == NULL)
		return -1;
	r->tirn = MLX5X_GET(create_tir_out, out, tirn);
	return emu_steer_tirn(&r->d, &r->st, r->tirn, 0);
}

/* MODIFY_TIR with a whole new context; the PRM status. */
static int
rig_modify(struct rig *r, const struct sel *s)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(modify_tir_in)] = { 0 };
	uint8_t out[16] = { 0 };

	MLX5X_SET(modify_tir_in, in, opcode, MLX5X_CMD_OP_MODIFY_TIR);
	MLX5X_SET(modify_tir_in, in, tirn, r->tirn);
	tir_ctx(MLX5X_ADDR_OF(modify_tir_in, in, ctx), r->rqtn, r->d.tdn, s);
	return emu_cmd(&r->d, in, sizeof(in), out, sizeof(out));
}

static void
rig_teardown(struct rig *r)
{
	emu_steer_destroy(&r->st);
	if (r->tir != NULL)
		emu.obj_destroy(r->tir);
	if (r->rqt != NULL)
		emu.obj_destroy(r->rqt);
	emu_q_destroy(&r->q);
	if (r->mr != NULL)
		emu.dereg_mr(r->mr);
	free(r->mem);
	emu_dev_close(&r->d);
}

/* Sends f and reads the CQE's hash and hash type; 0 when delivered. */
static int
rx_hash(struct rig *r, const uint8_t *f, size_t len, uint32_t *hash,
	uint8_t *type)
{
	struct mlx5_cqe64 *cqe;
	uint32_t h;

	if (emu.inject_wire(0, f, len) != 0)
		return -1;
	cqe = emu_q_poll_cqe(&r->q, 100);
	if (cqe == NULL)
		return -1;
	memcpy(&h, (uint8_t *)cqe + MLX5X_CQE_OFF_RSS_HASH_RESULT, 4);
	*hash = be32toh(h);
	*type = ((uint8_t *)cqe)[MLX5X_CQE_OFF_RSS_HASH_TYPE];
	return 0;
}

static void
flow_v4(struct flow *fl, uint8_t proto, uint32_t sip, uint32_t dip,
	uint16_t sport, uint16_t dport)
{
	memset(fl, 0, sizeof(*fl));
	fl->proto = proto;
	fl->sip[0] = sip >> 24;
	fl->sip[1] = sip >> 16;
	fl->sip[2] = sip >> 8;
	fl->sip[3] = sip;
	fl->dip[0] = dip >> 24;
	fl->dip[1] = dip >> 16;
	fl->dip[2] = dip >> 8;
	fl->dip[3] = dip;
	fl->sport = sport;
	fl->dport = dport;
}

/* ---- cases -------------------------------------------------------------- */

/* Inner IPv4/UDP selector: VXLAN and GENEVE frames hash their inner
 * addresses and ports; two frames with the same inner flow and different
 * outer headers hash alike, frames with different inner flows apart. */
static int
test_inner_hash_vxlan_geneve(void)
{
	static const enum tun tuns[] = { TUN_VXLAN, TUN_GENEVE };
	const struct sel s = { .tunneled = true, .inner_fields = ALL_FIELDS };
	struct flow outer, inner;
	uint8_t f[512], type;
	unsigned int t, k;
	uint32_t h;
	struct rig r;

	TEST_ASSERT(rig_setup(&r, &s) == 0, "RQ, RQT, inner-hash TIR");
	for (t = 0; t < 2; t++)
		for (k = 0; k < 8; k++) {
			size_t len;

			flow_v4(&outer, 17, 0xc0a80000 + k * 17, 0xc0a800fe,
				49152 + k * 101, 0);
			flow_v4(&inner, 17, 0x0a000001 + (k & 3), 0x0a000101,
				1000 + (k & 3) * 7, 53);
			len = frame(f, tuns[t], &outer, &inner);
			TEST_ASSERT_EQ(rx_hash(&r, f, len, &h, &type), 0,
				       "tunnel %u frame %u delivered", t, k);
			TEST_ASSERT_EQ(h, want_hash(&inner),
				       "tunnel %u frame %u: inner hash", t, k);
			TEST_ASSERT_EQ(type,
				       MLX5X_CQE_RSS_HTYPE_IPV4 |
					       MLX5X_CQE_RSS_HTYPE_UDP,
				       "inner IPv4/UDP hash type");
		}
	rig_teardown(&r);
	return MLX5X_TEST_PASS;
}

/* GRE carrying IPv4/TCP under an IPv4/TCP inner selector, NVGRE carrying
 * Ethernet/IPv6/TCP under an IPv6/TCP one (MODIFY_TIR between). */
static int
test_inner_hash_gre_nvgre(void)
{
	struct sel s = { .tunneled = true,
			 .tcp = true,
			 .inner_fields = ALL_FIELDS };
	struct flow outer, inner;
	uint8_t f[512], type;
	uint32_t h;
	size_t len;
	struct rig r;

	TEST_ASSERT(rig_setup(&r, &s) == 0, "rig");
	flow_v4(&outer, 47, 0xc0a80001, 0xc0a80002, 0, 0);
	flow_v4(&inner, 6, 0xac100001, 0xac100002, 40000, 443);
	len = frame(f, TUN_GRE, &outer, &inner);
	TEST_ASSERT_EQ(rx_hash(&r, f, len, &h, &type), 0, "GRE delivered");
	TEST_ASSERT_EQ(h, want_hash(&inner), "GRE: inner IPv4/TCP hash");
	TEST_ASSERT_EQ(type, MLX5X_CQE_RSS_HTYPE_IPV4 | MLX5X_CQE_RSS_HTYPE_TCP,
		       "type");

	s.v6 = true;
	TEST_ASSERT_EQ(rig_modify(&r, &s), 0, "MODIFY_TIR: inner IPv6/TCP");
	memset(&inner, 0, sizeof(inner));
	inner.v6 = true;
	inner.proto = 6;
	memcpy(inner.sip, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
	memcpy(inner.dip, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x02", 16);
	inner.sport = 5001;
	inner.dport = 80;
	len = frame(f, TUN_NVGRE, &outer, &inner);
	TEST_ASSERT_EQ(rx_hash(&r, f, len, &h, &type), 0, "NVGRE delivered");
	TEST_ASSERT_EQ(h, want_hash(&inner), "NVGRE: inner IPv6/TCP hash");
	TEST_ASSERT_EQ(type, MLX5X_CQE_RSS_HTYPE_IPV6 | MLX5X_CQE_RSS_HTYPE_TCP,
		       "type");
	rig_teardown(&r);
	return MLX5X_TEST_PASS;
}

/* What is not an inner hash: the inner flow not of the selector's types
 * hashes nothing (0, no type); a frame without a tunnel is hashed over
 * its only headers with the inner selector; tunneled_offload_en clear
 * (the inner selector left set) hashes a VXLAN frame's outer headers
 * with the outer selector. */
static int
test_inner_hash_rules(void)
{
	struct sel s = { .tunneled = true,
			 .tcp = true,
			 .inner_fields = ALL_FIELDS };
	struct flow outer, inner, plain;
	uint8_t f[512], type;
	uint32_t h;
	size_t len;
	struct rig r;

	TEST_ASSERT(rig_setup(&r, &s) == 0, "rig: inner IPv4/TCP selector");
	flow_v4(&outer, 17, 0xc0a80001, 0xc0a80002, 50000, 0);
	flow_v4(&inner, 17, 0x0a000001, 0x0a000002, 1000, 2000);
	len = frame(f, TUN_VXLAN, &outer, &inner);
	TEST_ASSERT_EQ(rx_hash(&r, f, len, &h, &type), 0, "delivered");
	TEST_ASSERT_EQ(h, 0, "inner UDP under a TCP selector: no hash");
	TEST_ASSERT_EQ(type, 0, "no hash type");

	flow_v4(&plain, 6, 0x0b000001, 0x0b000002, 3000, 4000);
	len = frame(f, TUN_NONE, &plain, NULL);
	TEST_ASSERT_EQ(rx_hash(&r, f, len, &h, &type), 0, "plain delivered");
	TEST_ASSERT_EQ(h, want_hash(&plain),
		       "no tunnel: its only headers, inner selector");
	TEST_ASSERT_EQ(type, MLX5X_CQE_RSS_HTYPE_IPV4 | MLX5X_CQE_RSS_HTYPE_TCP,
		       "type");

	s.tunneled = false;
	TEST_ASSERT_EQ(rig_modify(&r, &s), 0, "MODIFY_TIR: offload off");
	len = frame(f, TUN_VXLAN, &outer, &inner);
	outer.dport = 4789;
	TEST_ASSERT_EQ(rx_hash(&r, f, len, &h, &type), 0, "delivered");
	TEST_ASSERT_EQ(h, want_hash(&outer),
		       "outer selector over the outer headers");
	TEST_ASSERT_EQ(type, MLX5X_CQE_RSS_HTYPE_IPV4 | MLX5X_CQE_RSS_HTYPE_UDP,
		       "outer type");
	rig_teardown(&r);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_tir_inner_suite, "emu_tir_inner", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_inner_hash_vxlan_geneve),
		 MLX5X_TEST_CASE(test_inner_hash_gre_nvgre),
		 MLX5X_TEST_CASE(test_inner_hash_rules))
