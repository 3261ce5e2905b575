/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, RSS against a reference: random Toeplitz keys, hash
 * field selectors (IPv4/IPv6, TCP/UDP, any subset of the four fields, with
 * and without an inner selector) set by CREATE_TIR then MODIFY_TIR, and
 * random frames (either IP version, TCP, UDP or ICMP, fragments, a VLAN
 * tag or none). Each frame's CQE must carry the hash the test's own
 * bit-by-bit Toeplitz (test_toeplitz.c) gives over the selected fields,
 * the hash type, and land on RQT entry hash % 4; a frame the selector
 * does not fit gets hash 0 and no type. The emulator hashes by its key's
 * tables along a plan fixed per TIR; this is the check that the two agree.
 * The same random frames, their checksums set right, left random or
 * spoilt, must carry the CQE's L3/L4 OK flags a byte-pair one's
 * complement sum on the test's side gives. And the hashes the Microsoft
 * RSS specification publishes, straight from the CQE.
 */
#include <arpa/inet.h>
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"
#include "test_toeplitz.h"

#define DIFF_RQS 4
#define DIFF_TIRS 48   /* selectors (one MODIFY_TIR each) */
#define DIFF_FRAMES 40 /* frames per selector */
#define DIFF_RING 64   /* WQEs per RQ */

static const uint8_t pf_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x00 };

/* xorshift64*: the same sequence on every run. */
static uint64_t diff_seed = 0x8d2e5a1f3c7b9e41ull;

static uint32_t
diff_rand(void)
{
	return emu_test_rand(&diff_seed);
}

/* A TIR's selector as the test set it. */
struct diff_sel {
	uint8_t key[40];
	uint32_t fields;
	bool v6, tcp;
	/* tunneled_offload_en with an inner selector: an untunnelled frame
	 * hashes its own headers with the inner selector. */
	bool tunneled;
};

/* A frame as the test built it. */
struct diff_frame {
	uint8_t b[256]; /* what one posted buffer holds */
	size_t len;
	uint8_t ver;   /* 4 or 6 */
	uint8_t proto; /* 6, 17 or 1 */
	bool frag;
	size_t l3, l4; /* header offsets */
};

/* Where f's source address starts in its IP header (the destination
 * follows it). */
static size_t
diff_saddr_off(const struct diff_frame *f)
{
	return f->ver == 4 ? 12 : 8;
}

/*
 * f's IPv4 or IPv6 header (f->ver; next header f->proto, ICMP as ICMPv6
 * under IPv6) at off, l4len bytes behind it: the ethertype before it, the
 * version, length, protocol and TTL / hop limit set, f->l3 and f->l4
 * placed; the addresses and the IPv4 flags are the caller's.
 */
static uint8_t *
diff_ip_put(struct diff_frame *f, size_t off, size_t l4len)
{
	const bool v4 = f->ver == 4;
	const size_t hl = v4 ? 20 : 40, len = v4 ? hl + l4len : l4len;
	uint8_t *ip = f->b + off;

	f->b[off - 2] = v4 ? 0x08 : 0x86;
	f->b[off - 1] = v4 ? 0x00 : 0xdd;
	ip[0] = v4 ? 0x45 : 0x60;
	ip[v4 ? 2 : 4] = (uint8_t)(len >> 8);
	ip[v4 ? 3 : 5] = (uint8_t)len;
	ip[v4 ? 9 : 6] = v4 || f->proto != 1 ? f->proto : 58;
	ip[v4 ? 8 : 7] = 64;
	f->l3 = off;
	f->l4 = off + hl;
	return ip;
}

static void
diff_frame_build(struct diff_frame *f)
{
	uint32_t r = diff_rand();
	/* Mostly short payloads (every tail length of the checksum's
	 * 16-, 8- and 1..7-byte steps), a quarter up to 169 bytes (several
	 * 16-byte rounds before the tail). */
	size_t off = 14, pay = diff_rand() % 24, l4len, i;
	static const uint8_t protos[] = { 6, 17, 17, 6, 1 };
	uint8_t *ip;

	if ((r >> 12 & 3) == 0)
		pay = diff_rand() % 170;
	memset(f, 0, sizeof(*f));
	memcpy(f->b, pf_mac, 6);
	memcpy(f->b + 6, "\x02\x00\x00\x00\x00\x09", 6);
	if (r & 1) {
		/* One 802.1Q tag: headers move by 4. */
		f->b[12] = 0x81;
		f->b[14] = (uint8_t)(diff_rand() & 0x0f);
		f->b[15] = (uint8_t)diff_rand();
		off = 18;
	}
	f->ver = (r & 2) ? 6 : 4;
	f->proto = protos[(r >> 2) % sizeof(protos)];
	f->frag = f->ver == 4 && (r >> 8) % 6 == 0;
	l4len = (f->proto == 6 ? 20 : 8) + pay;
	ip = diff_ip_put(f, off, l4len);
	if (f->ver == 4)
		/* A first fragment: MF set, offset 0. */
		ip[6] = f->frag ? 0x20 : 0x40;
	for (i = diff_saddr_off(f); i < f->l4 - f->l3; i++)
		ip[i] = (uint8_t)diff_rand();
	for (i = 0; i < l4len; i++)
		f->b[f->l4 + i] = (uint8_t)diff_rand();
	if (f->proto == 17) {
		/* Ports clear of every UDP tunnel port the adapter parses
		 * (4789, 4790, 6081, 2152, 6635): 10000 and up. */
		f->b[f->l4] |= 0x40;
		f->b[f->l4 + 2] |= 0x40;
		f->b[f->l4 + 4] = (uint8_t)(l4len >> 8);
		f->b[f->l4 + 5] = (uint8_t)l4len;
	} else if (f->proto == 6) {
		f->b[f->l4 + 12] = 0x50;
	}
	f->len = f->l4 + l4len;
	if (f->len < 60)
		f->len = 60;
}

/* The reference: the hash and type the selector gives the frame. */
static uint32_t
diff_expect(const struct diff_sel *s, const struct diff_frame *f,
	    uint8_t *htype)
{
	const uint32_t ipf =
		MLX5X_HASH_FIELD_SEL_SRC_IP | MLX5X_HASH_FIELD_SEL_DST_IP;
	const uint32_t pf =
		MLX5X_HASH_FIELD_SEL_L4_SPORT | MLX5X_HASH_FIELD_SEL_L4_DPORT;
	uint8_t in[36], want_l3 = s->v6 ? 6 : 4, want_l4 = s->tcp ? 6 : 17;
	size_t n = 0, al = f->ver == 4 ? 4 : 16;
	const uint8_t *ip = f->b + f->l3;

	*htype = 0;
	if (!(s->fields & (ipf | pf)) || f->ver != want_l3)
		return 0;
	if ((s->fields & pf) && (f->frag || f->proto != want_l4))
		return 0;
	if (s->fields & MLX5X_HASH_FIELD_SEL_SRC_IP) {
		memcpy(in + n, ip + diff_saddr_off(f), al);
		n += al;
	}
	if (s->fields & MLX5X_HASH_FIELD_SEL_DST_IP) {
		memcpy(in + n, ip + diff_saddr_off(f) + al, al);
		n += al;
	}
	if (s->fields & MLX5X_HASH_FIELD_SEL_L4_SPORT) {
		memcpy(in + n, f->b + f->l4, 2);
		n += 2;
	}
	if (s->fields & MLX5X_HASH_FIELD_SEL_L4_DPORT) {
		memcpy(in + n, f->b + f->l4 + 2, 2);
		n += 2;
	}
	if (s->fields & ipf)
		*htype |= f->ver == 4 ? MLX5X_CQE_RSS_HTYPE_IPV4
				      : MLX5X_CQE_RSS_HTYPE_IPV6;
	if (s->fields & pf)
		*htype |= want_l4 == 6 ? MLX5X_CQE_RSS_HTYPE_TCP
				       : MLX5X_CQE_RSS_HTYPE_UDP;
	return mlx5x_test_toeplitz(s->key, sizeof(s->key), in, n);
}

/* A TIR context: indirect over rqtn, Toeplitz with the selector's key and
 * fields (outer, or inner with an outer selector that must not be used). */
static void
diff_tir_ctx(void *c, uint32_t rqtn, uint32_t tdn, const struct diff_sel *s)
{
	void *o = MLX5X_ADDR_OF(tirc, c, rx_hash_field_selector_outer);
	void *in = MLX5X_ADDR_OF(tirc, c, rx_hash_field_selector_inner);
	void *sel = s->tunneled ? in : o;
	unsigned int k;

	MLX5X_SET(tirc, c, disp_type, MLX5X_TIRC_DISP_TYPE_INDIRECT);
	MLX5X_SET(tirc, c, indirect_table, rqtn);
	MLX5X_SET(tirc, c, rx_hash_fn, MLX5X_RX_HASH_FN_TOEPLITZ);
	MLX5X_SET(tirc, c, transport_domain, tdn);
	MLX5X_SET(tirc, c, tunneled_offload_en, s->tunneled);
	for (k = 0; k < 10; k++)
		MLX5X_SET(tirc, c, rx_hash_toeplitz_key[k],
			  (uint32_t)s->key[k * 4] << 24 |
				  s->key[k * 4 + 1] << 16 |
				  s->key[k * 4 + 2] << 8 | s->key[k * 4 + 3]);
	if (s->tunneled) {
		/* An outer selector the inner one overrides. */
		MLX5X_SET(rx_hash_field_select, o, l3_prot_type,
			  s->v6 ? MLX5X_L3_PROT_TYPE_IPV4
				: MLX5X_L3_PROT_TYPE_IPV6);
		MLX5X_SET(rx_hash_field_select, o, selected_fields,
			  MLX5X_HASH_FIELD_SEL_SRC_IP);
	}
	MLX5X_SET(rx_hash_field_select, sel, l3_prot_type,
		  s->v6 ? MLX5X_L3_PROT_TYPE_IPV6 : MLX5X_L3_PROT_TYPE_IPV4);
	MLX5X_SET(rx_hash_field_select, sel, l4_prot_type,
		  s->tcp ? MLX5X_L4_PROT_TYPE_TCP : MLX5X_L4_PROT_TYPE_UDP);
	MLX5X_SET(rx_hash_field_select, sel, selected_fields, s->fields);
}

/* Posts WQE i of an RQ again: one 256-byte data segment. */
static void
diff_post(struct emu_q *q, uint8_t *mem, uint32_t lkey, uint32_t i)
{
	struct mlx5_wqe_data_seg *ds =
		(struct mlx5_wqe_data_seg *)(q->buf + i * 16);

	ds->byte_count = htobe32(256);
	ds->lkey = htobe32(lkey);
	ds->addr = htobe64((uintptr_t)(mem + (size_t)i * 256));
}

static int
test_rss_table_matches_bitwise(void)
{
	uint8_t tin[MLX5X_ST_SZ_BYTES(modify_tir_in)];
	uint8_t out[16];
	struct emu_q q[DIFF_RQS];
	uint32_t rqn[DIFF_RQS], seen[DIFF_RQS] = { 0 }, hashed = 0, zero = 0;
	struct emu_steer st;
	struct diff_sel s;
	struct ibv_mr *mr;
	struct emu_dev d;
	unsigned int i, t, k;
	uint8_t *mem;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	mem = calloc((size_t)DIFF_RQS * DIFF_RING, 256);
	TEST_ASSERT(mem != NULL, "buffers");
	mr = emu.reg_mr(d.pd, mem, (size_t)DIFF_RQS * DIFF_RING * 256,
			IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(mr != NULL, "mr");
	for (i = 0; i < DIFF_RQS; i++) {
		TEST_ASSERT(emu_q_create(&d, &q[i], false, 6, 4) == 0, "rq %u",
			    i);
		for (k = 0; k < DIFF_RING; k++)
			diff_post(&q[i], mem + (size_t)i * DIFF_RING * 256,
				  mr->lkey, k);
		q[i].pi = DIFF_RING;
		q[i].dbr[0] = htobe32(q[i].pi);
		TEST_ASSERT_EQ(emu_q_modify(&q[i], 0, 1), 0, "rq %u ready", i);
		rqn[i] = q[i].qn;
	}
	memset(&s, 0, sizeof(s));
	TEST_ASSERT(emu_steer_rss(&d, &st, rqn, DIFF_RQS, s.key,
				  MLX5X_HASH_FIELD_SEL_SRC_IP, true) == 0,
		    "RSS steering");
	for (t = 0; t < DIFF_TIRS; t++) {
		for (k = 0; k < sizeof(s.key); k++)
			s.key[k] = (uint8_t)diff_rand();
		/* Any subset of the four fields, the IPsec SPI bit (no
		 * input in this model) now and then, and none at all. */
		s.fields = t == 0 ? 0 : diff_rand() & 0x1f;
		s.v6 = diff_rand() & 1;
		s.tcp = diff_rand() & 1;
		/* An inner selector with no field leaves the outer one
		 * in force: not what this draws. */
		s.tunneled = s.fields != 0 && diff_rand() % 4 == 0;
		memset(tin, 0, sizeof(tin));
		MLX5X_SET(modify_tir_in, tin, opcode, MLX5X_CMD_OP_MODIFY_TIR);
		MLX5X_SET(modify_tir_in, tin, tirn, st.tirn);
		diff_tir_ctx(MLX5X_ADDR_OF(modify_tir_in, tin, ctx), st.rqtn,
			     d.tdn, &s);
		TEST_ASSERT_EQ(emu_cmd(&d, tin, sizeof(tin), out, sizeof(out)),
			       MLX5X_CMD_STAT_OK, "MODIFY_TIR %u", t);
		for (k = 0; k < DIFF_FRAMES; k++) {
			struct mlx5_cqe64 *cqe = NULL;
			struct diff_frame f;
			uint32_t want, got;
			uint8_t htype;

			/* Frames of the selector's own kind most of the
			 * time, so that most are hashed. */
			do
				diff_frame_build(&f);
			while (k % 4 != 0 && (f.ver != (s.v6 ? 6 : 4) ||
					      f.proto != (s.tcp ? 6 : 17)));
			want = diff_expect(&s, &f, &htype);
			TEST_ASSERT_EQ(emu.inject_wire(0, f.b, f.len), 0,
				       "inject");
			for (i = 0; i < DIFF_RQS; i++)
				if ((cqe = emu_q_poll_cqe(&q[i], 0)) != NULL)
					break;
			TEST_ASSERT(cqe != NULL, "TIR %u frame %u delivered", t,
				    k);
			memcpy(&got,
			       (uint8_t *)cqe + MLX5X_CQE_OFF_RSS_HASH_RESULT,
			       4);
			got = be32toh(got);
			TEST_ASSERT_EQ(got, want,
				       "TIR %u (fields 0x%x v%u %s%s) frame %u (v%u proto %u%s): hash",
				       t, s.fields, s.v6 ? 6u : 4u,
				       s.tcp ? "tcp" : "udp",
				       s.tunneled ? " inner" : "", k,
				       (unsigned int)f.ver,
				       (unsigned int)f.proto,
				       f.frag ? " frag" : "");
			TEST_ASSERT_EQ(((uint8_t *)
						cqe)[MLX5X_CQE_OFF_RSS_HASH_TYPE],
				       htype, "TIR %u frame %u: hash type", t,
				       k);
			TEST_ASSERT_EQ(i, want % DIFF_RQS,
				       "TIR %u frame %u: RQ hash %% %u", t, k,
				       DIFF_RQS);
			/* The WQE back to its ring. */
			q[i].dbr[0] = htobe32(++q[i].pi);
			seen[i]++;
			if (want != 0)
				hashed++;
			else
				zero++;
		}
	}
	/* The draw covered both outcomes and every queue. */
	TEST_ASSERT(hashed > DIFF_TIRS * DIFF_FRAMES / 3, "%u hashed", hashed);
	TEST_ASSERT(zero > DIFF_FRAMES, "%u not hashed", zero);
	for (i = 0; i < DIFF_RQS; i++)
		TEST_ASSERT(seen[i] > DIFF_FRAMES, "RQ %u: %u frames", i,
			    seen[i]);
	emu_steer_destroy(&st);
	for (i = 0; i < DIFF_RQS; i++)
		emu_q_destroy(&q[i]);
	emu.dereg_mr(mr);
	free(mem);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* The pseudo header's sum, then the segment's: the L4 checksum's. */
static uint32_t
diff_l4_sum(const struct diff_frame *f, size_t l4len)
{
	const uint8_t *ip = f->b + f->l3;
	uint32_t sum = f->proto + (uint32_t)l4len;

	if (f->ver == 4)
		sum = emu_sum16(ip + 12, 8, sum);
	else
		sum = emu_sum16(ip + 8, 32, sum);
	return emu_sum16(f->b + f->l4, l4len, sum);
}

/* Sets the checksum at byte at of the frame to what verifies sum. */
static void
diff_csum_set(uint8_t *at, uint32_t (*sum)(const struct diff_frame *, size_t),
	      const struct diff_frame *f, size_t l4len)
{
	uint16_t c;

	at[0] = at[1] = 0;
	c = (uint16_t)~sum(f, l4len);
	at[0] = (uint8_t)(c >> 8);
	at[1] = (uint8_t)c;
}

/* A device whose wire drops and one ready RQ of DIFF_RING 256-byte
 * buffers in *mem (registered as *mr), all posted. */
static int
diff_one_rq_open(struct emu_dev *d, struct emu_q *q, uint8_t **mem,
		 struct ibv_mr **mr)
{
	uint32_t i;

	TEST_ASSERT(emu_dev_open(d, "wire=drop") == 0, "open");
	*mem = calloc(DIFF_RING, 256);
	TEST_ASSERT(*mem != NULL, "buffers");
	*mr = emu.reg_mr(d->pd, *mem, (size_t)DIFF_RING * 256,
			 IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(*mr != NULL, "mr");
	TEST_ASSERT(emu_q_create(d, q, false, 6, 4) == 0, "rq");
	for (i = 0; i < DIFF_RING; i++)
		diff_post(q, *mem, (*mr)->lkey, i);
	q->pi = DIFF_RING;
	q->dbr[0] = htobe32(q->pi);
	TEST_ASSERT_EQ(emu_q_modify(q, 0, 1), 0, "ready");
	return MLX5X_TEST_PASS;
}

/* What diff_one_rq_open made, in reverse. */
static void
diff_one_rq_close(struct emu_dev *d, struct emu_q *q, uint8_t *mem,
		  struct ibv_mr *mr)
{
	emu_q_destroy(q);
	emu.dereg_mr(mr);
	free(mem);
	emu_dev_close(d);
}

static int
test_csum_flags_match_reference(void)
{
	struct emu_q q;
	struct emu_steer st;
	struct ibv_mr *mr;
	struct emu_dev d;
	unsigned int k, l3_ok = 0, l4_ok = 0, l4_bad = 0;
	uint8_t *mem;

	TEST_ASSERT_EQ(diff_one_rq_open(&d, &q, &mem, &mr), MLX5X_TEST_PASS,
		       "set-up");
	TEST_ASSERT(emu_steer_direct(&d, &st, q.qn, 0) == 0, "steering");
	for (k = 0; k < DIFF_TIRS * DIFF_FRAMES; k++) {
		const uint8_t want_ok = MLX5X_CQE_L3_OK | MLX5X_CQE_L4_OK;
		uint32_t r = diff_rand();
		struct mlx5_cqe64 *cqe;
		struct diff_frame f;
		size_t l4len, ck;
		bool v3, v4;
		uint8_t got;

		diff_frame_build(&f);
		l4len = f.ver == 4
				? (size_t)(f.b[f.l3 + 2] << 8 | f.b[f.l3 + 3]) -
					  20
				: (size_t)(f.b[f.l3 + 4] << 8 | f.b[f.l3 + 5]);
		ck = f.proto == 6 ? 16 : 6;
		/* Set right, left random, or set right then spoilt. */
		if (f.proto != 1 && (r & 3) != 0)
			diff_csum_set(f.b + f.l4 + ck, diff_l4_sum, &f, l4len);
		if ((r & 3) == 3)
			f.b[f.l4 + (r >> 8) % l4len] ^=
				(uint8_t)(1u << (r >> 4 & 7));
		if (f.ver == 4 && (r & 0x30) != 0) {
			uint8_t *ip = f.b + f.l3;

			ip[10] = ip[11] = 0;
			ip[10] = (uint8_t)(~emu_sum16(ip, 20, 0) >> 8);
			ip[11] = (uint8_t)~emu_sum16(ip, 20, 0);
		}
		/* The reference: an IPv4 header sums to 0xffff (IPv6 has
		 * no header checksum); TCP and UDP of an unfragmented frame
		 * with their pseudo header, UDP over IPv4 may send none. */
		v3 = f.ver == 6 || emu_sum16(f.b + f.l3, 20, 0) == 0xffff;
		v4 = !f.frag && f.proto != 1 &&
		     ((f.ver == 4 && f.proto == 17 && f.b[f.l4 + 6] == 0 &&
		       f.b[f.l4 + 7] == 0) ||
		      diff_l4_sum(&f, l4len) == 0xffff);
		TEST_ASSERT_EQ(emu.inject_wire(0, f.b, f.len), 0, "inject");
		cqe = emu_q_poll_cqe(&q, 100);
		TEST_ASSERT(cqe != NULL, "frame %u delivered", k);
		got = ((uint8_t *)cqe)[MLX5X_CQE_OFF_HDS_IP_EXT] & want_ok;
		TEST_ASSERT_EQ(got,
			       (v3 ? MLX5X_CQE_L3_OK : 0) |
				       (v4 ? MLX5X_CQE_L4_OK : 0),
			       "frame %u (v%u proto %u%s, %zu L4 bytes): flags",
			       k, (unsigned int)f.ver, (unsigned int)f.proto,
			       f.frag ? " frag" : "", l4len);
		q.dbr[0] = htobe32(++q.pi);
		l3_ok += v3 && f.ver == 4;
		l4_ok += v4;
		l4_bad += !v4 && !f.frag && f.proto != 1;
	}
	/* The draw covered both outcomes of both checks. */
	TEST_ASSERT(l3_ok > 100 && l4_ok > 100 && l4_bad > 100,
		    "%u IPv4 headers good, %u L4 good, %u L4 bad", l3_ok, l4_ok,
		    l4_bad);
	emu_steer_destroy(&st);
	diff_one_rq_close(&d, &q, mem, mr);
	return MLX5X_TEST_PASS;
}

/*
 * The Microsoft RSS specification's verification suite ("Verifying the
 * RSS Hash Calculation"): its key, and per row a TCP segment's source and
 * destination address and port, with the hash of the two addresses and
 * of all four.
 */
static const uint8_t ms_key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
	0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
	0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
	0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

static const struct ms_row {
	const char *src, *dst; /* addresses as the specification writes them */
	uint16_t sport, dport;
	uint32_t ip, tcp;
} ms_rows[] = {
	{ "66.9.149.187", "161.142.100.80", 2794, 1766, 0x323e8fc2,
	  0x51ccc178 },
	{ "199.92.111.2", "65.69.140.83", 14230, 4739, 0xd718262a, 0xc626b0ea },
	{ "24.19.198.95", "12.22.207.184", 12898, 38024, 0xd2d0a5de,
	  0x5c2b394a },
	{ "38.27.205.30", "209.142.163.6", 48228, 2217, 0x82989176,
	  0xafc7327f },
	{ "153.39.163.191", "202.188.127.2", 44251, 1303, 0x5d1809c5,
	  0x10e828a2 },
	{ "3ffe:2501:200:1fff::7", "3ffe:2501:200:3::1", 2794, 1766, 0x2cc18cd5,
	  0x40207d3d },
	{ "3ffe:501:8::260:97ff:fe40:efab", "ff02::1", 14230, 4739, 0x0f0c461c,
	  0xdde51bbf },
	{ "3ffe:1900:4545:3:200:f8ff:fe21:67cf", "fe80::200:f8ff:fe21:67cf",
	  44251, 38024, 0x4b61e985, 0x02d1feef },
};

/* The IP version of row r's addresses. */
static uint8_t
ms_ver(const struct ms_row *r)
{
	return strchr(r->src, ':') != NULL ? 6 : 4;
}

#define MS_ROWS (sizeof(ms_rows) / sizeof(ms_rows[0]))

/* Row r as an Ethernet / IPv4 or IPv6 / TCP frame with no payload. */
static void
ms_frame(struct diff_frame *f, const struct ms_row *r)
{
	const int af = ms_ver(r) == 4 ? AF_INET : AF_INET6;
	uint8_t *ip, *t;
	size_t al;

	memset(f, 0, sizeof(*f));
	memcpy(f->b, pf_mac, 6);
	memcpy(f->b + 6, "\x02\x00\x00\x00\x00\x09", 6);
	f->ver = ms_ver(r);
	f->proto = 6;
	ip = diff_ip_put(f, 14, 20);
	al = f->ver == 4 ? 4 : 16;
	inet_pton(af, r->src, ip + diff_saddr_off(f));
	inet_pton(af, r->dst, ip + diff_saddr_off(f) + al);
	t = f->b + f->l4;
	t[0] = (uint8_t)(r->sport >> 8);
	t[1] = (uint8_t)r->sport;
	t[2] = (uint8_t)(r->dport >> 8);
	t[3] = (uint8_t)r->dport;
	t[12] = 0x50;
	f->len = f->l4 + 20 < 60 ? 60 : f->l4 + 20;
}

/*
 * Every row of the verification suite, IPv4 and IPv6, hashed over the
 * addresses alone and over addresses and ports: the CQE carries the hash
 * the specification gives and its type. Each selector is set by
 * MODIFY_TIR first with an all-zero key, under which every hash is 0 (the
 * Toeplitz sum of no key bits) with its type still reported, then with
 * the specification's key: the key a TIR hashes with is the one its last
 * MODIFY_TIR wrote.
 */
static int
test_rss_published_vectors(void)
{
	const uint32_t ipf =
		MLX5X_HASH_FIELD_SEL_SRC_IP | MLX5X_HASH_FIELD_SEL_DST_IP;
	const uint32_t pf =
		MLX5X_HASH_FIELD_SEL_L4_SPORT | MLX5X_HASH_FIELD_SEL_L4_DPORT;
	uint8_t tin[MLX5X_ST_SZ_BYTES(modify_tir_in)], out[16];
	struct emu_steer st;
	struct diff_sel s;
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q q;
	unsigned int k, sel, pass, n = 0;
	uint8_t *mem;

	TEST_ASSERT_EQ(diff_one_rq_open(&d, &q, &mem, &mr), MLX5X_TEST_PASS,
		       "set-up");
	TEST_ASSERT(emu_steer_rss(&d, &st, &q.qn, 1, ms_key, ipf, false) == 0,
		    "RSS steering");
	memset(&s, 0, sizeof(s));
	s.tcp = true;
	for (sel = 0; sel < 4; sel++) {
		s.v6 = sel >= 2;
		s.fields = sel & 1 ? ipf | pf : ipf;
		for (pass = 0; pass < 2; pass++) {
			if (pass == 0)
				memset(s.key, 0, sizeof(s.key));
			else
				memcpy(s.key, ms_key, sizeof(s.key));
			memset(tin, 0, sizeof(tin));
			MLX5X_SET(modify_tir_in, tin, opcode,
				  MLX5X_CMD_OP_MODIFY_TIR);
			MLX5X_SET(modify_tir_in, tin, tirn, st.tirn);
			diff_tir_ctx(MLX5X_ADDR_OF(modify_tir_in, tin, ctx),
				     st.rqtn, d.tdn, &s);
			TEST_ASSERT_EQ(emu_cmd(&d, tin, sizeof(tin), out,
					       sizeof(out)),
				       MLX5X_CMD_STAT_OK, "MODIFY_TIR");
			for (k = 0; k < MS_ROWS; k++) {
				const struct ms_row *r = &ms_rows[k];
				uint8_t htype =
					ms_ver(r) == 4
						? MLX5X_CQE_RSS_HTYPE_IPV4
						: MLX5X_CQE_RSS_HTYPE_IPV6;
				uint32_t want = pass == 0 ? 0
						: sel & 1 ? r->tcp
							  : r->ip;
				struct mlx5_cqe64 *cqe;
				struct diff_frame f;
				uint32_t got;

				if (ms_ver(r) != (s.v6 ? 6 : 4))
					continue;
				if (sel & 1)
					htype |= MLX5X_CQE_RSS_HTYPE_TCP;
				ms_frame(&f, r);
				TEST_ASSERT_EQ(emu.inject_wire(0, f.b, f.len),
					       0, "inject");
				cqe = emu_q_poll_cqe(&q, 100);
				TEST_ASSERT(cqe != NULL, "row %u delivered", k);
				memcpy(&got,
				       (uint8_t *)cqe +
					       MLX5X_CQE_OFF_RSS_HASH_RESULT,
				       4);
				TEST_ASSERT_EQ(be32toh(got), want,
					       "row %u, %s, %s key: hash", k,
					       sel & 1 ? "addresses and ports"
						       : "addresses",
					       pass == 0 ? "zero" : "the MS");
				TEST_ASSERT_EQ(((uint8_t *)cqe)
						       [MLX5X_CQE_OFF_RSS_HASH_TYPE],
					       htype, "row %u: hash type", k);
				q.dbr[0] = htobe32(++q.pi);
				n++;
			}
		}
	}
	TEST_ASSERT_EQ(n, 2u * 2 * MS_ROWS, "every row, twice each way");
	emu_steer_destroy(&st);
	diff_one_rq_close(&d, &q, mem, mr);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_rss_diff_suite, "emu_rss_diff", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_rss_table_matches_bitwise),
		 MLX5X_TEST_CASE(test_csum_flags_match_reference),
		 MLX5X_TEST_CASE(test_rss_published_vectors))
