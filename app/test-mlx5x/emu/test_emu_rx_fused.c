/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, the fused wire -> RQ path against the general one.
 * Two adapters set up alike by the same commands; adapter 1 keeps every
 * frame on the general path (the test hook), adapter 0 lets the fused
 * path take the frames it covers. Rounds of random set-ups (a catch-all
 * alone, outer-header rules in front of it, entries that count, drop or
 * pop a VLAN tag, a catch-all that counts, an RQ left in reset, RSS over
 * random fields of IPv4 or IPv6, TCP or UDP, random keys, or a direct
 * TIR) each meet random frames (sizes up to 1.4 KB, VLAN, QinQ, IPv4
 * options, fragments, IPv6, VXLAN, short or cut headers, ARP, checksums
 * right, spoilt or absent, unicast or broadcast): every frame must leave
 * the same bytes in the same RQ buffer and the same 64-byte CQE on both
 * adapters (hash, hash type, checksum flags, header types, flow tag,
 * byte count, WQE counter, owner), and both adapters the same vport and
 * flow counters, at the end of each round and now and then between
 * frames (QUERY_VPORT_COUNTER and the API: the fused path's one-frame
 * RSS counts aside until a reader looks). Frames go in one at a time in the first pass over the
 * set-ups, in bursts of random length (mlx5x_emu_inject_wire_burst,
 * whose fused frames count on their vports once per burst) in the next
 * two; the catch-all's TIR hashes addresses and ports in the first two
 * (the usual RSS, which the fused path hashes in straight code) and three
 * of the four fields in the last. The fused path must have taken frames
 * of every kind of set-up it covers, and none on adapter 1. All of it
 * on three adapter kinds: switchdev without VFs, switchdev with VFs (no
 * FDB root: NIC RX takes the wire's frames) and legacy with VFs, where
 * some frames go to a VF's MAC address (the VF's end, never an RQ).
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_frames.h"
#include "test_emu_lib.h"

#define FZ_RQS 4
#define FZ_LOG_RING 6
#define FZ_RING (1u << FZ_LOG_RING)
#define FZ_BUF 2048u
#define FZ_ROUNDS 21 /* three passes over the set-ups */
#define FZ_BURST 16
#define FZ_FRAMES 160 /* per round */
#define FZ_OBJS 16

#define FZ_SIP 0x0a000001
#define FZ_DIP 0x0a0000fe
#define FZ_DSCP 0x2e
#define FZ_DPORT 5000

#define FZ_TAG_TCP 0x111
#define FZ_TAG_RULE 0x222
#define FZ_TAG_ANY 0x333

/* One adapter's side: its device, RQs, buffers and the objects of the
 * round's set-up (destroyed in reverse). */
struct fz_side {
	struct emu_dev d;
	struct emu_q q[FZ_RQS];
	uint8_t *mem;
	struct ibv_mr *mr;
	struct mlx5dv_devx_obj *o[FZ_OBJS];
	unsigned int n;
	uint32_t cnt[2]; /* flow counters of the round, 0 if none */
};

/* What a round sets up: the kind of rule set, the two TIRs' RSS. */
enum {
	FZ_CATCH_ALL,	/* a catch-all alone */
	FZ_RULES,	/* TCP rule, UDP rule, catch-all */
	FZ_RULE_COUNTS, /* the same, the UDP rule counting */
	FZ_RULE_DROPS,	/* the same, the UDP rule dropping */
	FZ_ANY_COUNTS,	/* a catch-all that counts */
	FZ_RULE_POPS,	/* the UDP rule pops a VLAN tag; RQ 3 in reset */
	FZ_SOURCE_PORT, /* a group on the source vport first */
	FZ_SETUPS,
};

struct fz_tir_cfg {
	bool direct;
	uint8_t l3, l4;
	uint32_t fields;
	uint8_t key[40];
};

struct fz_round {
	unsigned int setup;
	struct fz_tir_cfg tir[2];
};

static uint64_t fz_seed = 0x9b1f3a5d7c2e4f60ull;

static uint32_t
fz_rand(void)
{
	return emu_test_rand(&fz_seed);
}

static void
fz_tir_draw(struct fz_tir_cfg *t)
{
	static const uint32_t sel[] = {
		MLX5X_HASH_FIELD_SEL_SRC_IP,
		MLX5X_HASH_FIELD_SEL_DST_IP,
		MLX5X_HASH_FIELD_SEL_L4_SPORT,
		MLX5X_HASH_FIELD_SEL_L4_DPORT,
	};
	unsigned int i;

	t->direct = fz_rand() % 6 == 0;
	t->l3 = fz_rand() % 4 == 0 ? MLX5X_L3_PROT_TYPE_IPV6
				   : MLX5X_L3_PROT_TYPE_IPV4;
	t->l4 = fz_rand() & 1 ? MLX5X_L4_PROT_TYPE_UDP : MLX5X_L4_PROT_TYPE_TCP;
	t->fields = 0;
	for (i = 0; i < 4; i++)
		if (fz_rand() % 4 != 0)
			t->fields |= sel[i];
	for (i = 0; i < 40; i++)
		t->key[i] = (uint8_t)fz_rand();
}

static uint32_t
fz_tir(struct fz_side *s, const struct fz_tir_cfg *t, uint32_t rqtn)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_tir_in)] = { 0 };
	void *c = MLX5X_ADDR_OF(create_tir_in, in, ctx);

	if (!t->direct)
		return emu_tir_rss_make(&s->d, rqtn, t->key, t->l3, t->l4,
					t->fields, &s->o[s->n++]);
	MLX5X_SET(create_tir_in, in, opcode, MLX5X_CMD_OP_CREATE_TIR);
	MLX5X_SET(tirc, c, inline_rqn, s->q[2].qn);
	MLX5X_SET(tirc, c, transport_domain, s->d.tdn);
	return emu_obj_id(&s->d, in, sizeof(in), &s->o[s->n++]);
}

static uint32_t
fz_counter(struct fz_side *s)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(alloc_flow_counter_in)] = { 0 };
	uint8_t out[16] = { 0 };

	MLX5X_SET(alloc_flow_counter_in, in, opcode,
		  MLX5X_CMD_OP_ALLOC_FLOW_COUNTER);
	s->o[s->n] = emu.obj_create(s->d.ctx, in, sizeof(in), out, sizeof(out));
	if (s->o[s->n++] == NULL)
		return 0;
	return MLX5X_GET(alloc_flow_counter_out, out, flow_counter_id);
}

/* The entry at index of group fg: value val (NULL: none), action bits
 * act besides forwarding to TIR tirn (a drop forwards nowhere), tag, and
 * counter cnt when not 0. */
static bool
fz_entry(struct fz_side *s, uint32_t ft, uint32_t fg, uint32_t index,
	 const uint8_t *val, uint16_t act, uint32_t tag, uint32_t tirn,
	 uint32_t cnt)
{
	s->o[s->n] = emu_nic_rx_entry(&s->d, ft, fg, index, val, act, tag, tirn,
				      cnt);
	return s->o[s->n++] != NULL;
}

/* A rule at index *at (moving on): its group of mask crit, its entry as
 * fz_entry makes it. */
static bool
fz_rule(struct fz_side *s, uint32_t ft, uint32_t *at, uint8_t enable,
	const uint8_t *crit, const uint8_t *val, uint16_t act, uint32_t tag,
	uint32_t tirn, uint32_t cnt)
{
	uint32_t fg =
		emu_nic_rx_group(&s->d, ft, *at, enable, crit, &s->o[s->n++]);

	return fg != 0 &&
	       fz_entry(s, ft, fg, (*at)++, val, act, tag, tirn, cnt);
}

/* The round's set-up on one side, by the same commands on both. */
static int
fz_setup(struct fz_side *s, const struct fz_round *r)
{
	uint8_t crit[MLX5X_ST_SZ_BYTES(fte_match_param)] = { 0 };
	uint8_t val[MLX5X_ST_SZ_BYTES(fte_match_param)] = { 0 };
	void *oc = MLX5X_ADDR_OF(fte_match_param, crit, outer_headers);
	void *ov = MLX5X_ADDR_OF(fte_match_param, val, outer_headers);
	uint32_t rqn[FZ_RQS], rqtn, tir[2], ft, at = 0, k;
	const unsigned int su = r->setup;
	uint16_t udp_act = 0;

	s->n = 0;
	s->cnt[0] = s->cnt[1] = 0;
	for (k = 0; k < FZ_RQS; k++)
		rqn[k] = s->q[k].qn;
	rqtn = emu_rqt_make(&s->d, rqn, FZ_RQS, &s->o[s->n++]);
	TEST_ASSERT(rqtn != 0, "rqt");
	tir[0] = fz_tir(s, &r->tir[0], rqtn);
	tir[1] = fz_tir(s, &r->tir[1], rqtn);
	TEST_ASSERT(tir[0] != 0 && tir[1] != 0, "tirs");
	ft = emu_nic_rx_table(&s->d, 0, 0, &s->o[s->n++]);
	TEST_ASSERT(ft != 0, "table");
	if (su == FZ_SOURCE_PORT) {
		/* A rule on a vport no frame comes from: nothing hits it,
		 * but the group reads past the outer headers. */
		void *mc =
			MLX5X_ADDR_OF(fte_match_param, crit, misc_parameters);
		void *mv = MLX5X_ADDR_OF(fte_match_param, val, misc_parameters);

		MLX5X_SET(fte_match_set_misc, mc, source_port, 0xffff);
		MLX5X_SET(fte_match_set_misc, mv, source_port, 0x77);
		TEST_ASSERT(fz_rule(s, ft, &at, MLX5X_MATCH_MISC_PARAMETERS,
				    crit, val, 0, FZ_TAG_RULE, tir[1], 0),
			    "source port rule");
		memset(crit, 0, sizeof(crit));
		memset(val, 0, sizeof(val));
	}
	if (su != FZ_CATCH_ALL && su != FZ_ANY_COUNTS) {
		/* TCP to TIR 1. */
		MLX5X_SET(fte_match_set_lyr_2_4, oc, ip_protocol, 0xff);
		MLX5X_SET(fte_match_set_lyr_2_4, ov, ip_protocol, 6);
		TEST_ASSERT(fz_rule(s, ft, &at, MLX5X_MATCH_OUTER_HEADERS, crit,
				    val, 0, FZ_TAG_TCP, tir[1], 0),
			    "TCP rule");
		/* UDP to the rule's address and port, to TIR 0, doing what
		 * the set-up says besides. */
		MLX5X_SET(fte_match_set_lyr_2_4, oc, udp_dport, 0xffff);
		MLX5X_SET(fte_match_set_lyr_2_4, oc,
			  dst_ipv4_dst_ipv6.ipv4_layout.ipv4, 0xffffffff);
		MLX5X_SET(fte_match_set_lyr_2_4, ov, ip_protocol, 17);
		MLX5X_SET(fte_match_set_lyr_2_4, ov, udp_dport, FZ_DPORT);
		MLX5X_SET(fte_match_set_lyr_2_4, ov,
			  dst_ipv4_dst_ipv6.ipv4_layout.ipv4, FZ_DIP);
		if (su == FZ_RULE_COUNTS) {
			s->cnt[0] = fz_counter(s);
			TEST_ASSERT(s->cnt[0] != 0, "counter");
		}
		if (su == FZ_RULE_DROPS)
			udp_act = MLX5X_FLOW_CONTEXT_ACTION_DROP;
		if (su == FZ_RULE_POPS)
			udp_act = MLX5X_FLOW_CONTEXT_ACTION_VLAN_POP;
		TEST_ASSERT(fz_rule(s, ft, &at, MLX5X_MATCH_OUTER_HEADERS, crit,
				    val, udp_act, FZ_TAG_RULE, tir[0],
				    s->cnt[0]),
			    "UDP rule");
	}
	if (su == FZ_ANY_COUNTS) {
		s->cnt[1] = fz_counter(s);
		TEST_ASSERT(s->cnt[1] != 0, "counter");
	}
	TEST_ASSERT(fz_rule(s, ft, &at, 0, NULL, NULL, 0, FZ_TAG_ANY, tir[0],
			    s->cnt[1]),
		    "catch-all");
	TEST_ASSERT_EQ(emu_ft_root_set(&s->d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, ft,
				       0),
		       0, "root");
	/* RQ 3 in reset: what the hash sends there is dropped. */
	if (su == FZ_RULE_POPS)
		TEST_ASSERT_EQ(emu_q_modify(&s->q[3], 1, 0), 0, "RQ 3 reset");
	return MLX5X_TEST_PASS;
}

static int
fz_teardown(struct fz_side *s, const struct fz_round *r)
{
	TEST_ASSERT_EQ(emu_ft_root_set(&s->d, MLX5X_FLOW_TABLE_TYPE_NIC_RX, 0,
				       1),
		       0, "root off");
	while (s->n > 0) {
		s->n--;
		TEST_ASSERT_EQ(emu.obj_destroy(s->o[s->n]), 0, "object %u",
			       s->n);
	}
	if (r->setup == FZ_RULE_POPS)
		TEST_ASSERT_EQ(emu_q_modify(&s->q[3], 0, 1), 0, "RQ 3 ready");
	return MLX5X_TEST_PASS;
}

/* The adapter kinds the rounds run on: the same configuration for both
 * adapters, and their VFs. */
struct fz_kind {
	const char *config;
	unsigned int nvfs;
	bool legacy;
};

static const struct fz_kind fz_kinds[] = {
	{ "wire=drop;wire=drop", 0, false },
	{ "vfs=2,vf_end=drop,wire=drop;vfs=2,vf_end=drop,wire=drop", 2, false },
	{ "esw=legacy,vfs=2,vf_end=drop,wire=drop;"
	  "esw=legacy,vfs=2,vf_end=drop,wire=drop",
	  2, true },
};

static int
fz_side_open(struct fz_side *s, unsigned int dev, const char *config)
{
	const size_t bytes = (size_t)FZ_RQS * FZ_RING * FZ_BUF;
	unsigned int k;

	if (dev == 0)
		TEST_ASSERT(emu_dev_open(&s->d, config) == 0,
			    "open adapter 0 (%s)", config);
	else
		TEST_ASSERT(emu_dev_open_name(&s->d, "mlx5_1") == 0,
			    "open adapter 1");
	s->mem = calloc(1, bytes);
	TEST_ASSERT(s->mem != NULL, "buffers");
	s->mr = emu.reg_mr(s->d.pd, s->mem, bytes, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(s->mr != NULL, "mr");
	for (k = 0; k < FZ_RQS; k++) {
		TEST_ASSERT(emu_q_create(&s->d, &s->q[k], false, FZ_LOG_RING,
					 4) == 0,
			    "rq %u", k);
		emu_rq_post(&s->q[k], s->mem + (size_t)k * FZ_RING * FZ_BUF,
			    s->mr->lkey, FZ_RING, FZ_BUF);
		s->q[k].pi = FZ_RING;
		TEST_ASSERT_EQ(emu_q_modify(&s->q[k], 0, 1), 0, "rq %u ready",
			       k);
	}
	return MLX5X_TEST_PASS;
}

static void
fz_side_close(struct fz_side *s)
{
	unsigned int k;

	for (k = 0; k < FZ_RQS; k++)
		emu_q_destroy(&s->q[k]);
	if (s->mr != NULL)
		emu.dereg_mr(s->mr);
	free(s->mem);
	emu_dev_close(&s->d);
}

/* Frames f[0..n) on both sides, in one burst or one by one (burst),
 * f[FZ_BURST + i] the copy of f[i] adapter 1 takes (to_vf[i]: to the MAC
 * address of VF to_vf[i] - 1, 0 none; of each adapter under legacy,
 * where the MAC takes the frame to the VF, else adapter 0's on both,
 * where it does not), then each RQ's CQEs and buffers side by side. */
static int
fz_frames(struct fz_side *s, struct emu_any *f, unsigned int n,
	  const unsigned int *to_vf, unsigned int first, bool burst,
	  bool legacy, unsigned int *cqes)
{
	const void *fp[FZ_BURST];
	size_t lens[FZ_BURST];
	unsigned int k, side, i;

	for (i = 0; i < n; i++)
		f[FZ_BURST + i] = f[i];
	for (side = 0; side < 2; side++) {
		for (i = 0; i < n; i++) {
			struct emu_any *g = &f[side * FZ_BURST + i];

			/* An adapter's vport v has MAC 02:15:b3:<adapter>:<v>. */
			if (to_vf[i] != 0)
				memcpy(g->b,
				       (const uint8_t[]){
					       0x02, 0x15, 0xb3,
					       legacy ? (uint8_t)side : 0, 0,
					       (uint8_t)to_vf[i] },
				       6);
			fp[i] = g->b;
			lens[i] = g->len;
			if (!burst)
				TEST_ASSERT_EQ(emu.inject_wire(side, g->b,
							       g->len),
					       0,
					       "inject frame %u on adapter %u",
					       first + i, side);
		}
		if (burst)
			TEST_ASSERT_EQ(emu.inject_wire_burst(side, fp, lens, n),
				       0, "inject frames %u..%u on adapter %u",
				       first, first + n - 1, side);
	}
	for (k = 0; k < FZ_RQS; k++) {
		for (;;) {
			struct mlx5_cqe64 *c0 = emu_q_poll_cqe(&s[0].q[k], 0);
			struct mlx5_cqe64 *c1 = emu_q_poll_cqe(&s[1].q[k], 0);
			const uint8_t *b0, *b1;
			uint16_t w;

			TEST_ASSERT((c0 == NULL) == (c1 == NULL),
				    "frames %u..%u: a CQE on RQ %u of adapter %u only",
				    first, first + n - 1, k,
				    c0 != NULL ? 0u : 1u);
			if (c0 == NULL)
				break;
			TEST_ASSERT(memcmp(c0, c1, 64) == 0,
				    "frames %u..%u (first of kind %u, %zu bytes): CQEs on RQ %u differ",
				    first, first + n - 1, f[0].kind, f[0].len,
				    k);
			w = be16toh(c0->wqe_counter) % FZ_RING;
			b0 = s[0].mem + ((size_t)k * FZ_RING + w) * FZ_BUF;
			b1 = s[1].mem + ((size_t)k * FZ_RING + w) * FZ_BUF;
			TEST_ASSERT(memcmp(b0, b1, FZ_BUF) == 0,
				    "frames %u..%u: RQ %u buffers differ",
				    first, first + n - 1, k);
			for (side = 0; side < 2; side++)
				s[side].q[k].dbr[0] =
					htobe32(++s[side].q[k].pi);
			(*cqes)++;
		}
	}
	return MLX5X_TEST_PASS;
}

/* The catch-all's TIR of round r's pass: addresses and ports of IPv4
 * (the usual RSS) in the first two passes, three of the four fields in
 * the last (a hash the fused path takes through the TIR's runs). */
static void
fz_tir_catch_all(struct fz_tir_cfg *t, unsigned int pass)
{
	t->direct = false;
	t->l3 = MLX5X_L3_PROT_TYPE_IPV4;
	t->fields = MLX5X_HASH_FIELD_SEL_SRC_IP | MLX5X_HASH_FIELD_SEL_DST_IP |
		    MLX5X_HASH_FIELD_SEL_L4_SPORT;
	if (pass < 2)
		t->fields |= MLX5X_HASH_FIELD_SEL_L4_DPORT;
}

/* Vport and flow counters alike on both sides: the PF's, the uplink's
 * and the VFs'. */
static int
fz_counters_match(struct fz_side *s, unsigned int round, unsigned int nvfs)
{
	static const uint16_t vports[] = { 0, 0xffff, 1, 2 };
	struct mlx5x_emu_counters c[2];
	unsigned int v, k;

	for (v = 0; v < 2 + nvfs; v++) {
		TEST_ASSERT(emu.counters(0, vports[v], &c[0]) == 0 &&
				    emu.counters(1, vports[v], &c[1]) == 0,
			    "counters");
		TEST_ASSERT(memcmp(&c[0], &c[1], sizeof(c[0])) == 0,
			    "round %u: vport 0x%x counters differ (rx %lu/%lu, dropped %lu/%lu)",
			    round, vports[v], (unsigned long)c[0].rx_packets,
			    (unsigned long)c[1].rx_packets,
			    (unsigned long)c[0].rx_dropped,
			    (unsigned long)c[1].rx_dropped);
	}
	for (k = 0; k < 2; k++) {
		uint64_t p0, p1;

		if (s[0].cnt[k] == 0)
			continue;
		p0 = emu_counter_packets(&s[0].d, s[0].cnt[k]);
		p1 = emu_counter_packets(&s[1].d, s[1].cnt[k]);
		TEST_ASSERT(p0 != UINT64_MAX && p0 == p1 && p0 != 0,
			    "round %u: flow counter %u: %lu and %lu packets",
			    round, k, (unsigned long)p0, (unsigned long)p1);
	}
	return MLX5X_TEST_PASS;
}

/* Mid-round, between frames: QUERY_VPORT_COUNTER of each side's own
 * vport gives the same box on both (the fused path's frames counted
 * aside are added before any reader sees the counters), and the
 * uplink's counters through the API match too. */
static int
fz_counters_now(struct fz_side *s, unsigned int first)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(query_vport_counter_in)] = { 0 };
	static uint8_t out[2][MLX5X_ST_SZ_BYTES(query_vport_counter_out)];
	struct mlx5x_emu_counters c[2];
	unsigned int side;

	MLX5X_SET(query_vport_counter_in, in, opcode,
		  MLX5X_CMD_OP_QUERY_VPORT_COUNTER);
	/* The API first: a command would add what was counted aside. */
	for (side = 0; side < 2; side++)
		TEST_ASSERT_EQ(emu.counters(side, 0xffff, &c[side]), 0,
			       "uplink counters of adapter %u", side);
	for (side = 0; side < 2; side++)
		TEST_ASSERT_EQ(emu_cmd(&s[side].d, in, sizeof(in), out[side],
				       sizeof(out[side])),
			       0, "QUERY_VPORT_COUNTER on adapter %u", side);
	TEST_ASSERT(memcmp(out[0], out[1], sizeof(out[0])) == 0,
		    "after frame %u: QUERY_VPORT_COUNTER boxes differ (unicast %lu/%lu)",
		    first,
		    (unsigned long)MLX5X_GET64(query_vport_counter_out, out[0],
					       received_eth_unicast.packets),
		    (unsigned long)MLX5X_GET64(query_vport_counter_out, out[1],
					       received_eth_unicast.packets));
	TEST_ASSERT(c[0].rx_packets == c[1].rx_packets &&
			    c[0].rx_bytes == c[1].rx_bytes,
		    "after frame %u: uplink counts %lu and %lu", first,
		    (unsigned long)c[0].rx_packets,
		    (unsigned long)c[1].rx_packets);
	return MLX5X_TEST_PASS;
}

static int
fz_run(struct fz_side *s, struct emu_any *f, const struct fz_kind *kd,
       uint64_t *taken)
{
	const struct emu_any_cfg cfg = {
		.sip = FZ_SIP,
		.dip = FZ_DIP,
		.dscp = FZ_DSCP,
		.dport = FZ_DPORT,
		.payload_max = 1400,
	};
	unsigned int round, i, side, n, k, to_vf[FZ_BURST], cqes = 0;
	uint64_t before, after;
	struct fz_round r;
	bool burst;
	int rc;

	for (round = 0; round < FZ_ROUNDS; round++) {
		r.setup = round % FZ_SETUPS;
		burst = round >= FZ_SETUPS;
		fz_tir_draw(&r.tir[0]);
		fz_tir_draw(&r.tir[1]);
		if (r.setup == FZ_CATCH_ALL)
			fz_tir_catch_all(&r.tir[0], round / FZ_SETUPS);
		for (side = 0; side < 2; side++) {
			rc = fz_setup(&s[side], &r);
			if (rc != MLX5X_TEST_PASS)
				return rc;
		}
		TEST_ASSERT_EQ(emu.rx_fused(0, -1, &before), 0, "hook");
		for (i = 0; i < FZ_FRAMES; i += n) {
			n = burst ? 1 + fz_rand() % FZ_BURST : 1;
			if (n > FZ_FRAMES - i)
				n = FZ_FRAMES - i;
			for (k = 0; k < n; k++) {
				emu_any_frame(&f[k],
					      ((i + k) & 1)
						      ? fz_rand() %
								EMU_ANY_KINDS
						      : fz_rand() % 6,
					      &fz_seed, &cfg);
				/* Now and then to everyone: the broadcast
				 * count; or to a VF. */
				to_vf[k] = 0;
				if (fz_rand() % 8 == 0)
					memset(f[k].b, 0xff, 6);
				else if (kd->nvfs != 0 && fz_rand() % 6 == 0)
					to_vf[k] = 1 + fz_rand() % kd->nvfs;
			}
			rc = fz_frames(s, f, n, to_vf, round * FZ_FRAMES + i,
				       burst, kd->legacy, &cqes);
			if (rc == MLX5X_TEST_PASS && fz_rand() % 4 == 0)
				rc = fz_counters_now(s, round * FZ_FRAMES + i);
			if (rc != MLX5X_TEST_PASS)
				return rc;
		}
		TEST_ASSERT_EQ(emu.rx_fused(0, -1, &after), 0, "hook");
		taken[r.setup] += after - before;
		rc = fz_counters_match(s, round, kd->nvfs);
		if (rc != MLX5X_TEST_PASS)
			return rc;
		for (side = 0; side < 2; side++) {
			rc = fz_teardown(&s[side], &r);
			if (rc != MLX5X_TEST_PASS)
				return rc;
		}
	}
	TEST_ASSERT(cqes > FZ_ROUNDS * FZ_FRAMES / 2, "%u frames completed",
		    cqes);
	return MLX5X_TEST_PASS;
}

/* The rounds on adapters of kind kd. */
static int
fz_kind_run(const struct fz_kind *kd)
{
	static struct fz_side s[2];
	uint64_t taken[FZ_SETUPS] = { 0 }, general;
	struct emu_any *f;
	int rc;

	memset(s, 0, sizeof(s));
	rc = fz_side_open(&s[0], 0, kd->config);
	if (rc == MLX5X_TEST_PASS)
		rc = fz_side_open(&s[1], 1, NULL);
	f = calloc(2 * FZ_BURST, sizeof(*f));
	if (rc == MLX5X_TEST_PASS && f == NULL)
		rc = MLX5X_TEST_FAIL;
	if (rc == MLX5X_TEST_PASS && emu_twin_fused_on(NULL) != 0)
		rc = MLX5X_TEST_FAIL;
	if (rc == MLX5X_TEST_PASS)
		rc = fz_run(s, f, kd, taken);
	if (rc == MLX5X_TEST_PASS && emu.rx_fused(1, -1, &general) != 0)
		rc = MLX5X_TEST_FAIL;
	free(f);
	/* Adapter 1's context first: closing adapter 0's tears down. */
	fz_side_close(&s[1]);
	fz_side_close(&s[0]);
	if (rc != MLX5X_TEST_PASS)
		return rc;
	TEST_ASSERT_EQ(general, 0, "%s: the hook kept adapter 1 general",
		       kd->config);
	/* Every set-up the fused path covers gave it frames; the ones it
	 * does not cover (a counting catch-all, a group past the outer
	 * headers) none. */
	TEST_ASSERT(taken[FZ_CATCH_ALL] > 20 && taken[FZ_RULES] > 20 &&
			    taken[FZ_RULE_COUNTS] > 10 &&
			    taken[FZ_RULE_DROPS] > 10 &&
			    taken[FZ_RULE_POPS] > 10,
		    "%s: fused frames by set-up: %lu %lu %lu %lu %lu",
		    kd->config, (unsigned long)taken[FZ_CATCH_ALL],
		    (unsigned long)taken[FZ_RULES],
		    (unsigned long)taken[FZ_RULE_COUNTS],
		    (unsigned long)taken[FZ_RULE_DROPS],
		    (unsigned long)taken[FZ_RULE_POPS]);
	TEST_ASSERT(taken[FZ_ANY_COUNTS] == 0 && taken[FZ_SOURCE_PORT] == 0,
		    "%s: fused frames where it must not: %lu %lu", kd->config,
		    (unsigned long)taken[FZ_ANY_COUNTS],
		    (unsigned long)taken[FZ_SOURCE_PORT]);
	return MLX5X_TEST_PASS;
}

static int
test_rx_fused_matches_general(void)
{
	unsigned int k;
	int rc;

	for (k = 0; k < sizeof(fz_kinds) / sizeof(fz_kinds[0]); k++) {
		rc = fz_kind_run(&fz_kinds[k]);
		if (rc != MLX5X_TEST_PASS)
			return rc;
	}
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_rx_fused_suite, "emu_rx_fused", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_rx_fused_matches_general))
