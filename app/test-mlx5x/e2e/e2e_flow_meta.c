/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Metadata through the public API on the emulated adapter (DR backend):
 * set_meta / set_tag in one group, the META / TAG items matching them in
 * the group the rule jumps to (frames that hit and frames that miss,
 * partial masks); a MARK or FLAG on a rule that jumps reaching the mbuf
 * from the rule of a later group that delivers the frame, and the MARK
 * item matching it there; egress set_meta seen by an egress META item;
 * refusals naming the register or limit.
 *
 * Four Rx queues without RSS: the default steering sends every frame for
 * the port's MAC to queue 0, a rule's effect is a frame on another queue.
 */
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_mbuf.h>

#include "e2e.h"
#include "mlx5x_emu.h"
#include "test.h"

#define NB_Q 4
#define Q_NONE (-1)
#define SRC_A 0x0a000001u
#define SRC_B 0x0a000002u
#define SRC_C 0x0a000003u

static uint16_t pf = UINT16_MAX;
static struct rte_ether_addr pf_mac;

/* Ethernet + IPv4 (UDP) from src to dst, 96 bytes. */
static uint16_t
frame(uint8_t *b, uint32_t src, uint32_t dst)
{
	static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0, 0x43 };
	const uint16_t len = 96;
	uint8_t *ip = b + 14;

	memset(b, 0, len);
	memcpy(b, pf_mac.addr_bytes, 6);
	memcpy(b + 6, peer, 6);
	b[12] = 0x08;
	ip[0] = 0x45;
	ip[2] = (uint8_t)((len - 14) >> 8);
	ip[3] = (uint8_t)(len - 14);
	ip[8] = 64;
	ip[9] = IPPROTO_UDP;
	ip[12] = (uint8_t)(src >> 24), ip[13] = (uint8_t)(src >> 16);
	ip[14] = (uint8_t)(src >> 8), ip[15] = (uint8_t)src;
	ip[16] = (uint8_t)(dst >> 24), ip[17] = (uint8_t)(dst >> 16);
	ip[18] = (uint8_t)(dst >> 8), ip[19] = (uint8_t)dst;
	ip[20] = 0x30, ip[22] = 0x30; /* ports 0x3000 */
	ip[24] = 0, ip[25] = (uint8_t)(len - 34);
	return len;
}

/* From the wire: the queue reached (Q_NONE: none), the mbuf in *out. */
static int
rx_from(uint32_t src, struct rte_mbuf **out)
{
	uint8_t buf[128];

	return e2e_wire_queue(pf, NB_Q, buf, frame(buf, src, 0x0a0000fe), out);
}

static int
meta_setup(void)
{
	return e2e_up() == MLX5X_TEST_FAIL ? -1 : 0;
}

static void
meta_teardown(void)
{
	e2e_detach();
	pf = UINT16_MAX;
}

static int
pf_up(void)
{
	if (e2e_attach(NULL) != 0)
		return -1;
	pf = e2e_port_by_name(E2E_PCI);
	if (pf == UINT16_MAX)
		return -1;
	rte_eth_macaddr_get(pf, &pf_mac);
	return e2e_port_start(pf, NB_Q, NULL);
}

static struct rte_flow *
create(const struct rte_flow_attr *attr, const struct rte_flow_item *pat,
       const struct rte_flow_action *acts)
{
	struct rte_flow_error err;
	struct rte_flow *f;

	memset(&err, 0, sizeof(err));
	f = rte_flow_create(pf, attr, pat, acts, &err);
	if (f == NULL)
		printf("    create: %s\n",
		       err.message ? err.message : "(no message)");
	return f;
}

/* Group 0: frames from src jump to group 1, after actions pre. */
static struct rte_flow *
jump_from(uint32_t src, const struct rte_flow_action *pre, unsigned int n)
{
	static const struct rte_flow_attr g0 = { .ingress = 1 };
	struct rte_flow_item_ipv4 v4 = { .hdr.src_addr =
						 rte_cpu_to_be_32(src) };
	struct rte_flow_item_ipv4 v4_m = { .hdr.src_addr =
						   RTE_BE32(UINT32_MAX) };
	const struct rte_flow_item pat[] = { ITEM(ETH, NULL, NULL),
					     ITEM(IPV4, &v4, &v4_m), END_ITEM };
	struct rte_flow_action_jump j1 = { .group = 1 };
	struct rte_flow_action acts[6];
	unsigned int i;

	for (i = 0; i < n && i < 4; i++)
		acts[i] = pre[i];
	acts[i++] = (struct rte_flow_action)ACT(JUMP, &j1);
	acts[i] = (struct rte_flow_action)END_ACT;
	return create(&g0, pat, acts);
}

/* Group 1, priority prio: pattern -> queue q (no mark of its own). */
static struct rte_flow *
g1_queue(const struct rte_flow_item *pat, uint32_t prio, uint16_t q)
{
	struct rte_flow_attr g1 = { .ingress = 1,
				    .group = 1,
				    .priority = prio };
	struct rte_flow_action_queue qc = { .index = q };
	const struct rte_flow_action acts[] = { ACT(QUEUE, &qc), END_ACT };

	return create(&g1, pat, acts);
}

static const struct rte_flow_item pat_ipv4[] = { ITEM(ETH, NULL, NULL),
						 ITEM(IPV4, NULL, NULL),
						 END_ITEM };

static int
test_flow_meta_set_meta_and_match(void)
{
	struct rte_flow_action_set_meta sm = { .data = 0x12345678,
					       .mask = 0xffffffff };
	struct rte_flow_action_set_meta sm_low = { .data = 0x12340000,
						   .mask = 0xffff0000 };
	struct rte_flow_item_meta meta = { .data = 0x12345678 };
	struct rte_flow_item_meta meta_m = { .data = 0xffffffff };
	struct rte_flow_item_meta meta_hi = { .data = 0x12340000 };
	struct rte_flow_item_meta meta_hi_m = { .data = 0xffff0000 };
	const struct rte_flow_action a_full[] = { ACT(SET_META, &sm) };
	const struct rte_flow_action a_hi[] = { ACT(SET_META, &sm_low) };
	const struct rte_flow_item pat_meta[] = { ITEM(META, &meta, &meta_m),
						  ITEM(ETH, NULL, NULL),
						  END_ITEM };
	const struct rte_flow_item pat_hi[] = {
		ITEM(META, &meta_hi, &meta_hi_m), END_ITEM
	};

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(), 0, "PF up");
	TEST_ASSERT(jump_from(SRC_A, a_full, 1) != NULL,
		    "group 0: src A sets meta 0x12345678, jumps");
	TEST_ASSERT(jump_from(SRC_B, a_hi, 1) != NULL,
		    "group 0: src B sets the high half 0x1234, jumps");
	TEST_ASSERT(jump_from(SRC_C, NULL, 0) != NULL,
		    "group 0: src C jumps without meta");
	TEST_ASSERT(g1_queue(pat_meta, 0, 3) != NULL,
		    "group 1: meta == 0x12345678 -> queue 3");
	TEST_ASSERT(g1_queue(pat_hi, 1, 2) != NULL,
		    "group 1: meta & 0xffff0000 == 0x12340000 -> queue 2");
	TEST_ASSERT(g1_queue(pat_ipv4, 2, 1) != NULL,
		    "group 1: the rest -> queue 1");
	TEST_ASSERT_EQ(rx_from(SRC_A, NULL), 3, "full meta: exact match hits");
	TEST_ASSERT_EQ(rx_from(SRC_B, NULL), 2,
		       "half meta: misses the exact value, hits the masked one");
	TEST_ASSERT_EQ(rx_from(SRC_C, NULL), 1, "no meta: misses both");
	TEST_ASSERT_EQ(rx_from(0x0a000009, NULL), 0,
		       "no group 0 rule: default steering");
	TEST_ASSERT_EQ(rte_flow_flush(pf, NULL), 0, "flush");
	TEST_ASSERT_EQ(rx_from(SRC_A, NULL), 0, "flushed: default steering");
	return MLX5X_TEST_PASS;
}

static int
test_flow_meta_set_tag_and_match(void)
{
	/* Two set_tag actions on one register, each writing its own bits. */
	struct rte_flow_action_set_tag hi = { .data = 0x00ab0000,
					      .mask = 0x00ff0000,
					      .index = 3 };
	struct rte_flow_action_set_tag lo = { .data = 0x000000cd,
					      .mask = 0x000000ff,
					      .index = 3 };
	struct rte_flow_action_set_tag other = { .data = 0x00ab00cd,
						 .mask = 0xffffffff,
						 .index = 0 };
	struct rte_flow_item_tag tag = { .data = 0x00ab00cd, .index = 3 };
	struct rte_flow_item_tag tag_m = { .data = 0xffffffff, .index = 0xff };
	const struct rte_flow_action a_two[] = { ACT(SET_TAG, &hi),
						 ACT(SET_TAG, &lo) };
	const struct rte_flow_action a_hi[] = { ACT(SET_TAG, &hi) };
	const struct rte_flow_action a_other[] = { ACT(SET_TAG, &other) };
	const struct rte_flow_item pat_tag[] = { ITEM(TAG, &tag, &tag_m),
						 END_ITEM };

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(), 0, "PF up");
	TEST_ASSERT(jump_from(SRC_A, a_two, 2) != NULL,
		    "src A: tag 3 = 0x00ab00cd in two writes");
	TEST_ASSERT(jump_from(SRC_B, a_hi, 1) != NULL,
		    "src B: tag 3 = 0x00ab0000 only");
	TEST_ASSERT(jump_from(SRC_C, a_other, 1) != NULL,
		    "src C: the same value in tag 0");
	TEST_ASSERT(g1_queue(pat_tag, 0, 3) != NULL,
		    "group 1: tag 3 == 0x00ab00cd -> queue 3");
	TEST_ASSERT(g1_queue(pat_ipv4, 1, 1) != NULL, "group 1: rest -> 1");
	TEST_ASSERT_EQ(rx_from(SRC_A, NULL), 3, "both halves written: hit");
	TEST_ASSERT_EQ(rx_from(SRC_B, NULL), 1, "one half: miss");
	TEST_ASSERT_EQ(rx_from(SRC_C, NULL), 1,
		       "same value in another tag index: miss");
	return MLX5X_TEST_PASS;
}

static int
expect_mark(uint32_t src, int q, uint32_t id, bool flag, const char *what)
{
	struct rte_mbuf *m;
	int got = rx_from(src, &m);

	TEST_ASSERT_EQ(got, q, "%s: queue", what);
	TEST_ASSERT(m != NULL, "%s: mbuf", what);
	if (id == UINT32_MAX && !flag) {
		TEST_ASSERT(!(m->ol_flags & RTE_MBUF_F_RX_FDIR), "%s: no mark",
			    what);
	} else if (flag) {
		TEST_ASSERT((m->ol_flags & RTE_MBUF_F_RX_FDIR) &&
				    !(m->ol_flags & RTE_MBUF_F_RX_FDIR_ID),
			    "%s: FLAG (FDIR without FDIR_ID)", what);
	} else {
		TEST_ASSERT((m->ol_flags & RTE_MBUF_F_RX_FDIR_ID) &&
				    m->hash.fdir.hi == id,
			    "%s: mark 0x%x expected, flags 0x%" PRIx64
			    " id 0x%x",
			    what, id, m->ol_flags, m->hash.fdir.hi);
	}
	rte_pktmbuf_free(m);
	return MLX5X_TEST_PASS;
}

static int
test_flow_meta_mark_across_jump(void)
{
	struct rte_flow_action_mark mk = { .id = 0x42 };
	struct rte_flow_action_mark mk2 = { .id = 0xabcde };
	struct rte_flow_action_mark own = { .id = 0x7 };
	struct rte_flow_action_queue q2 = { .index = 2 };
	const struct rte_flow_action a_mark[] = { ACT(MARK, &mk) };
	const struct rte_flow_action a_mark2[] = { ACT(MARK, &mk2) };
	const struct rte_flow_action a_flag[] = { ACT(FLAG, NULL) };
	const struct rte_flow_action a_own[] = { ACT(MARK, &own),
						 ACT(QUEUE, &q2), END_ACT };
	struct rte_flow_item_mark mi = { .id = 0xabcde };
	struct rte_flow_item_mark mi_m = { .id = 0xffffff };
	const struct rte_flow_item pat_mark[] = { ITEM(MARK, &mi, &mi_m),
						  END_ITEM };
	struct rte_flow_item_ipv4 v4d = { .hdr.src_addr =
						  RTE_BE32(0x0a000004) };
	struct rte_flow_item_ipv4 v4d_m = { .hdr.src_addr =
						    RTE_BE32(UINT32_MAX) };
	const struct rte_flow_item pat_d[] = { ITEM(ETH, NULL, NULL),
					       ITEM(IPV4, &v4d, &v4d_m),
					       END_ITEM };
	struct rte_flow_attr g1 = { .ingress = 1, .group = 1 };
	struct rte_flow *fa, *fe;
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(), 0, "PF up");
	/* The delivering rule first, then the marks: the mark table the
	 * queue rule made takes each new mark. */
	TEST_ASSERT(g1_queue(pat_ipv4, 2, 1) != NULL, "group 1: ipv4 -> 1");
	fa = jump_from(SRC_A, a_mark, 1);
	TEST_ASSERT(fa != NULL, "src A: mark 0x42 + jump");
	TEST_ASSERT(jump_from(SRC_B, a_flag, 1) != NULL, "src B: flag + jump");
	TEST_ASSERT(jump_from(SRC_C, NULL, 0) != NULL, "src C: plain jump");
	TEST_ASSERT(jump_from(0x0a000004, a_mark, 1) != NULL,
		    "src D: mark 0x42 + jump (one carried mark, two rules)");
	ret = expect_mark(SRC_A, 1, 0x42, false, "mark carried to group 1");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	ret = expect_mark(SRC_B, 1, 0, true, "flag carried to group 1");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	ret = expect_mark(SRC_C, 1, UINT32_MAX, false, "no mark, none shown");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	/* A rule of group 1 with a mark of its own: the later mark wins. */
	fe = create(&g1, pat_d, a_own);
	TEST_ASSERT(fe != NULL, "group 1: src D -> mark 7, queue 2");
	ret = expect_mark(0x0a000004, 2, 0x7, false, "the delivering mark");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	/* The MARK item in group 1, a mark created after the item's rule. */
	TEST_ASSERT(g1_queue(pat_mark, 0, 3) != NULL,
		    "group 1: mark item 0xabcde -> 3");
	TEST_ASSERT(jump_from(0x0a000005, a_mark2, 1) != NULL,
		    "src E: mark 0xabcde + jump");
	ret = expect_mark(0x0a000005, 3, 0xabcde, false,
			  "the mark item matches, the mark is delivered");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	ret = expect_mark(SRC_A, 1, 0x42, false,
			  "another mark misses the item");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	/* Destroy the first marking rule: its frames take the default. */
	TEST_ASSERT_EQ(rte_flow_destroy(pf, fa, NULL), 0, "destroy mark A");
	ret = expect_mark(SRC_A, 0, UINT32_MAX, false, "A: default, no mark");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	/* Stop/start re-applies them all in list order (marks after the
	 * mark table, or before). */
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	ret = expect_mark(0x0a000005, 3, 0xabcde, false, "kept: mark item");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	return expect_mark(SRC_B, 1, 0, true, "kept: flag carried");
}

static int
test_flow_meta_egress_set_meta(void)
{
	struct rte_flow_attr e0 = { .egress = 1 };
	struct rte_flow_attr e1 = { .egress = 1, .group = 1 };
	struct rte_flow_item_ipv4 v4 = { .hdr.dst_addr = RTE_BE32(0x0a0000aa) };
	struct rte_flow_item_ipv4 v4_m = { .hdr.dst_addr =
						   RTE_BE32(UINT32_MAX) };
	const struct rte_flow_item pat_aa[] = { ITEM(ETH, NULL, NULL),
						ITEM(IPV4, &v4, &v4_m),
						END_ITEM };
	struct rte_flow_action_set_meta sm = { .data = 0x77, .mask = 0xff };
	struct rte_flow_action_jump j1 = { .group = 1 };
	const struct rte_flow_action a_meta[] = { ACT(SET_META, &sm),
						  ACT(JUMP, &j1), END_ACT };
	const struct rte_flow_action a_jump[] = { ACT(JUMP, &j1), END_ACT };
	struct rte_flow_item_meta meta = { .data = 0x77 };
	struct rte_flow_item_meta meta_m = { .data = 0xff };
	const struct rte_flow_item pat_meta[] = { ITEM(META, &meta, &meta_m),
						  END_ITEM };
	const struct rte_flow_action a_drop[] = { ACT(COUNT, NULL),
						  ACT(DROP, NULL), END_ACT };
	struct rte_flow_query_count qc = { .reset = 0 };
	const struct rte_flow_action qa = ACT(COUNT, NULL);
	struct rte_flow *cnt;
	uint8_t buf[2048];
	unsigned int i, out = 0;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(), 0, "PF up");
	TEST_ASSERT(create(&e0, pat_aa, a_meta) != NULL,
		    "egress group 0: dst .aa sets meta 0x77, jumps");
	TEST_ASSERT(create(&e0, pat_ipv4, a_jump) != NULL,
		    "egress group 0: other IPv4 jumps without meta");
	cnt = create(&e1, pat_meta, a_drop);
	TEST_ASSERT(cnt != NULL, "egress group 1: meta 0x77 -> count, drop");
	mlx5x_emu_poll();
	while (mlx5x_emu_capture_wire(0, buf, sizeof(buf)) > 0)
		;
	for (i = 0; i < 2; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(e2e_pool());
		uint16_t len;

		TEST_ASSERT(m != NULL, "mbuf");
		len = frame(rte_pktmbuf_mtod(m, uint8_t *), SRC_A,
			    i ? 0x0a0000aa : 0x0a0000ab);
		m->data_len = m->pkt_len = len;
		TEST_ASSERT_EQ(rte_eth_tx_burst(pf, 0, &m, 1), 1, "sent");
	}
	for (i = 0; i < 8; i++)
		mlx5x_emu_poll();
	while (mlx5x_emu_capture_wire(0, buf, sizeof(buf)) > 0)
		out++;
	TEST_ASSERT_EQ(out, 1u, "only the frame without meta 0x77 leaves");
	TEST_ASSERT_EQ(rte_flow_query(pf, cnt, &qa, &qc, NULL), 0, "query");
	TEST_ASSERT_EQ(qc.hits, 1u, "the meta rule dropped exactly one frame");
	return MLX5X_TEST_PASS;
}

static int
refused(const struct rte_flow_attr *attr, const struct rte_flow_item *pat,
	const struct rte_flow_action *acts, const char *in_msg,
	const char *what)
{
	struct rte_flow_error err;

	memset(&err, 0, sizeof(err));
	TEST_ASSERT(rte_flow_validate(pf, attr, pat, acts, &err) != 0,
		    "%s: refused", what);
	TEST_ASSERT(err.message != NULL && strstr(err.message, in_msg),
		    "%s: message names '%s': %s", what, in_msg,
		    err.message ? err.message : "(none)");
	return MLX5X_TEST_PASS;
}

static int
test_flow_meta_refusals(void)
{
	const struct rte_flow_attr in0 = { .ingress = 1 };
	struct rte_flow_attr top = { .ingress = 1 };
	struct rte_flow_action_queue q1 = { .index = 1 };
	struct rte_flow_action_set_tag t6 = { .data = 1,
					      .mask = 1,
					      .index = 6 };
	struct rte_flow_action_set_meta m0 = { .data = 1, .mask = 0 };
	struct rte_flow_action_set_meta m1 = { .data = 1, .mask = 1 };
	struct rte_flow_item_mark mi = { .id = 1 };
	struct rte_flow_item_tag ti = { .data = 1, .index = 1 };
	struct rte_flow_item_tag ti_m = { .data = 1, .index = 0x0f };
	const struct rte_flow_action a_t6[] = { ACT(SET_TAG, &t6),
						ACT(QUEUE, &q1), END_ACT };
	const struct rte_flow_action a_m0[] = { ACT(SET_META, &m0),
						ACT(QUEUE, &q1), END_ACT };
	const struct rte_flow_action a_m1[] = { ACT(SET_META, &m1),
						ACT(QUEUE, &q1), END_ACT };
	struct rte_flow_error err;
	const struct rte_flow_action a_q[] = { ACT(QUEUE, &q1), END_ACT };
	const struct rte_flow_item p_mark[] = { ITEM(MARK, &mi, NULL),
						END_ITEM };
	const struct rte_flow_item p_tag[] = { ITEM(TAG, &ti, &ti_m),
					       END_ITEM };
	int ret;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(), 0, "PF up");
	ret = refused(&in0, pat_ipv4, a_t6, "reg_c_2..7", "set_tag index 6");
	if (ret == MLX5X_TEST_PASS)
		ret = refused(&in0, pat_ipv4, a_m0, "mask is 0",
			      "set_meta mask 0");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	/* while a one-bit mask is a value to set. */
	memset(&err, 0, sizeof(err));
	TEST_ASSERT_EQ(rte_flow_validate(pf, &in0, pat_ipv4, a_m1, &err), 0,
		       "set_meta mask 1 accepted: %s",
		       err.message ? err.message : "");
	if (ret == MLX5X_TEST_PASS)
		ret = refused(&in0, p_mark, a_q, "group 0",
			      "mark item in group 0");
	if (ret == MLX5X_TEST_PASS)
		ret = refused(&in0, p_tag, a_q, "index takes mask 0xff",
			      "tag item partial index mask");
	if (ret != MLX5X_TEST_PASS)
		return ret;
	/* max_ft_level of the emulated ConnectX-5: 63. */
	top.group = 63;
	return refused(&top, pat_ipv4, a_q, "reserved",
		       "the top ingress level");
}

/* Every TAG index the driver offers (0..5, one register each): a value
 * set in index i is seen by a TAG item on index i and by no other; the
 * frame carrying it in index i + 1 misses. */
static int
test_flow_meta_tag_every_index(void)
{
	struct rte_flow_action_set_tag set_a = { .mask = UINT32_MAX };
	struct rte_flow_action_set_tag set_b = { .mask = UINT32_MAX };
	struct rte_flow_item_tag tag = { 0 };
	const struct rte_flow_item_tag tag_m = { .data = UINT32_MAX,
						 .index = 0xff };
	const struct rte_flow_action a_a[] = { ACT(SET_TAG, &set_a) };
	const struct rte_flow_action a_b[] = { ACT(SET_TAG, &set_b) };
	const struct rte_flow_item pat_tag[] = { ITEM(TAG, &tag, &tag_m),
						 END_ITEM };
	uint8_t i;

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(), 0, "PF up");
	for (i = 0; i < 6; i++) {
		/* cppcheck-suppress unreadVariable ; read through a_a[] */
		set_a.index = i;
		set_a.data = 0x5a0000a0u | i;
		set_b.index = (uint8_t)((i + 1) % 6);
		/* cppcheck-suppress unreadVariable ; read through a_b[] */
		set_b.data = set_a.data;
		tag.index = i;
		tag.data = set_a.data;
		TEST_ASSERT(jump_from(SRC_A, a_a, 1) != NULL,
			    "src A: tag %u = 0x%x", i, set_a.data);
		TEST_ASSERT(jump_from(SRC_B, a_b, 1) != NULL,
			    "src B: the value in tag %u", set_b.index);
		TEST_ASSERT(g1_queue(pat_tag, 0, 3) != NULL,
			    "group 1: tag %u == 0x%x -> queue 3", i,
			    set_a.data);
		TEST_ASSERT(g1_queue(pat_ipv4, 1, 1) != NULL,
			    "group 1: rest -> 1");
		TEST_ASSERT_EQ(rx_from(SRC_A, NULL), 3, "tag %u: hit", i);
		TEST_ASSERT_EQ(rx_from(SRC_B, NULL), 1,
			       "the value in tag %u, the item on %u: miss",
			       set_b.index, i);
		TEST_ASSERT_EQ(rte_flow_flush(pf, NULL), 0, "flush");
	}
	return MLX5X_TEST_PASS;
}

/* A mark on a rule that jumps survives a port stop/start: the rules the
 * port keeps are programmed again from what the driver stored, the
 * carried mark included. */
static int
test_flow_meta_mark_across_jump_restart(void)
{
	struct rte_flow_action_mark mk = { .id = 0x42 };
	const struct rte_flow_action a_mark[] = { ACT(MARK, &mk) };

	E2E_REQUIRE();
	TEST_ASSERT_EQ(pf_up(), 0, "PF up");
	TEST_ASSERT(g1_queue(pat_ipv4, 2, 1) != NULL, "group 1: ipv4 -> 1");
	TEST_ASSERT(jump_from(SRC_A, a_mark, 1) != NULL,
		    "src A: mark 0x42 + jump");
	if (expect_mark(SRC_A, 1, 0x42, false, "before the restart") !=
	    MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	TEST_ASSERT_EQ(rte_eth_dev_stop(pf), 0, "stop");
	TEST_ASSERT_EQ(rte_eth_dev_start(pf), 0, "start");
	return expect_mark(SRC_A, 1, 0x42, false, "after the restart");
}

MLX5X_TEST_SUITE(e2e_flow_meta_suite, "e2e_flow_meta", "e2e", meta_setup,
		 meta_teardown,
		 MLX5X_TEST_CASE(test_flow_meta_set_meta_and_match),
		 MLX5X_TEST_CASE(test_flow_meta_set_tag_and_match),
		 MLX5X_TEST_CASE(test_flow_meta_mark_across_jump),
		 MLX5X_TEST_CASE(test_flow_meta_egress_set_meta),
		 MLX5X_TEST_CASE(test_flow_meta_refusals),
		 MLX5X_TEST_CASE(test_flow_meta_tag_every_index),
		 MLX5X_TEST_CASE(test_flow_meta_mark_across_jump_restart))
