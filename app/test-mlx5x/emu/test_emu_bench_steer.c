/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Benchmarks (never fail on time): steering in the emulator as the number
 * of rules grows.
 *  - lookup: ns per frame for a frame that hits the last rule inserted in
 *    one group of 1, 1k, 100k, 1M rules (dropped there, so only parse and
 *    lookup are timed), and in the last of 16 groups of 1k rules each;
 *  - insert and delete rates of the same rules, by DevX
 *    SET_FLOW_TABLE_ENTRY / DELETE_FLOW_TABLE_ENTRY (mlx5dv_devx_general_cmd)
 *    and by mlx5dv_dr_rule_create / _destroy, at 1k, 100k and 1M rules,
 *    with the minor page faults per inserted rule (fresh pages the
 *    emulator touched: the cost that grows with the number of rules).
 * MLX5X_BENCH_RULES caps the largest table (default 1M). Times are the
 * calling thread's CPU time (everything here runs in it), so that other
 * jobs on a shared machine do not show up as steering cost.
 */
#define _GNU_SOURCE /* RUSAGE_THREAD */
#include <endian.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "test.h"
#include "test_emu_lib.h"

#define LOOKUP_FRAMES 100000u

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Minor page faults of the calling thread so far. */
static long
bench_minflt(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_THREAD, &ru) == 0 ? ru.ru_minflt : 0;
}

static const uint32_t bench_sizes[] = { 1000, 100000, 1u << 20 };

static uint32_t
bench_rules_max(void)
{
	const char *s = getenv("MLX5X_BENCH_RULES");
	long v = s != NULL ? strtol(s, NULL, 0) : 0;

	return v > 0 ? (uint32_t)v : 1u << 20;
}

/* A NIC RX table of 2^log_size entries, made the root. */
static uint32_t
bench_table(struct emu_dev *d, uint32_t log_size)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
	uint8_t out[16] = { 0 };
	void *c = MLX5X_ADDR_OF(create_flow_table_in, in, flow_table_context);
	uint32_t id;

	MLX5X_SET(create_flow_table_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(flow_table_context, c, log_size, log_size);
	if (emu_cmd(d, in, sizeof(in), out, sizeof(out)) != 0)
		return 0;
	id = MLX5X_GET(create_flow_table_out, out, table_id);
	MLX5X_SET(set_flow_table_root_in, rin, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, rin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_flow_table_root_in, rin, table_id, id);
	return emu_cmd(d, rin, sizeof(rin), out, sizeof(out)) == 0 ? id : 0;
}

static void
bench_table_destroy(struct emu_dev *d, uint32_t id)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(destroy_flow_table_in)] = { 0 };
	uint8_t rin[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
	uint8_t out[16];

	MLX5X_SET(set_flow_table_root_in, rin, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, rin, op_mod, 1);
	MLX5X_SET(set_flow_table_root_in, rin, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	emu_cmd(d, rin, sizeof(rin), out, sizeof(out));
	MLX5X_SET(destroy_flow_table_in, in, opcode,
		  MLX5X_CMD_OP_DESTROY_FLOW_TABLE);
	MLX5X_SET(destroy_flow_table_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(destroy_flow_table_in, in, table_id, id);
	emu_cmd(d, in, sizeof(in), out, sizeof(out));
}

/* A group over the outer destination IPv4 address and UDP port. */
static uint32_t
bench_group(struct emu_dev *d, uint32_t ft, uint32_t start, uint32_t end)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint8_t out[16] = { 0 };
	void *crit = MLX5X_ADDR_OF(create_flow_group_in, in, match_criteria);

	MLX5X_SET(create_flow_group_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(create_flow_group_in, in, table_id, ft);
	MLX5X_SET(create_flow_group_in, in, start_flow_index, start);
	MLX5X_SET(create_flow_group_in, in, end_flow_index, end);
	MLX5X_SET(create_flow_group_in, in, match_criteria_enable,
		  MLX5X_MATCH_OUTER_HEADERS);
	MLX5X_SET(fte_match_param, crit,
		  outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4, 0xffffffff);
	MLX5X_SET(fte_match_param, crit, outer_headers.udp_dport, 0xffff);
	if (emu_cmd(d, in, sizeof(in), out, sizeof(out)) != 0)
		return 0;
	return MLX5X_GET(create_flow_group_out, out, group_id);
}

static void
bench_group_destroy(struct emu_dev *d, uint32_t ft, uint32_t fg)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(destroy_flow_group_in)] = { 0 };
	uint8_t out[16];

	MLX5X_SET(destroy_flow_group_in, in, opcode,
		  MLX5X_CMD_OP_DESTROY_FLOW_GROUP);
	MLX5X_SET(destroy_flow_group_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(destroy_flow_group_in, in, table_id, ft);
	MLX5X_SET(destroy_flow_group_in, in, group_id, fg);
	emu_cmd(d, in, sizeof(in), out, sizeof(out));
}

/* Rates of the slices of BENCH_SLICE rules an insert run went through:
 * the slowest and fastest show whether a low rate is every rule's (memory)
 * or a few pauses' (a group's hash doubling, fresh pages). */
#define BENCH_SLICE 65536u
#define BENCH_SLICES 64u
struct bench_slices {
	double slow, fast; /* M/s */
	/* Each slice's rate (thread CPU time) and TSC cycles per rule
	 * (wall clock: a slice the scheduler cut shows high here alone). */
	unsigned int n;
	double rate[BENCH_SLICES];
	double cyc[BENCH_SLICES];
	uint64_t tsc0;
};

static uint64_t
bench_tsc(void)
{
#if defined(__x86_64__) || defined(__i386__)
	return __builtin_ia32_rdtsc();
#else
	return 0;
#endif
}

static void
bench_slice_end(struct bench_slices *sl, double *t0, uint32_t done)
{
	uint64_t tsc;
	double t, r;

	if (done % BENCH_SLICE != 0)
		return;
	t = now_s();
	tsc = bench_tsc();
	r = BENCH_SLICE / (t - *t0) / 1e6;
	if (sl->slow == 0 || r < sl->slow)
		sl->slow = r;
	if (r > sl->fast)
		sl->fast = r;
	if (sl->n < BENCH_SLICES) {
		sl->rate[sl->n] = r;
		sl->cyc[sl->n] = (double)(tsc - sl->tsc0) / BENCH_SLICE;
		sl->n++;
	}
	sl->tsc0 = tsc;
	*t0 = t;
}

/* One line per list: every slice's M/s, then every slice's cycles. */
static void
bench_slices_print(const char *what, const struct bench_slices *sl)
{
	unsigned int i;

	if (sl->n < 2)
		return;
	printf("    bench: %s by %u-rule slice, M/s:", what, BENCH_SLICE);
	for (i = 0; i < sl->n; i++)
		printf(" %.2f", sl->rate[i]);
	printf("\n    bench: %s by %u-rule slice, rdtsc cycles/rule:", what,
	       BENCH_SLICE);
	for (i = 0; i < sl->n; i++)
		printf(" %.0f", sl->cyc[i]);
	printf("\n");
}

/* Rules [first, first + n) of group fg: index i drops dst 10.0.0.0 + i,
 * UDP port 7. Returns the seconds taken, or -1 on a refused command;
 * slice rates in *sl when not NULL. */
static double
bench_insert(struct emu_dev *d, uint32_t ft, uint32_t fg, uint32_t first,
	     uint32_t n, struct bench_slices *sl)
{
	static uint8_t in[MLX5X_ST_SZ_BYTES(set_fte_in)];
	void *fc = MLX5X_ADDR_OF(set_fte_in, in, flow_context);
	void *v = MLX5X_ADDR_OF(flow_context, fc, match_value);
	uint8_t out[16];
	uint32_t i;
	double t0 = now_s(), ts = t0;

	if (sl != NULL)
		sl->tsc0 = bench_tsc();
	memset(in, 0, sizeof(in));
	MLX5X_SET(set_fte_in, in, opcode, MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY);
	MLX5X_SET(set_fte_in, in, table_type, MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_fte_in, in, table_id, ft);
	MLX5X_SET(flow_context, fc, group_id, fg);
	MLX5X_SET(flow_context, fc, action, MLX5X_FLOW_CONTEXT_ACTION_DROP);
	MLX5X_SET(fte_match_param, v, outer_headers.udp_dport, 7);
	for (i = first; i < first + n; i++) {
		MLX5X_SET(set_fte_in, in, flow_index, i);
		MLX5X_SET(fte_match_param, v,
			  outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4,
			  0x0a000000 + i);
		if (emu_cmd(d, in, sizeof(in), out, sizeof(out)) != 0)
			return -1;
		if (sl != NULL)
			bench_slice_end(sl, &ts, i - first + 1);
	}
	return now_s() - t0;
}

static double
bench_delete(struct emu_dev *d, uint32_t ft, uint32_t first, uint32_t n,
	     struct bench_slices *sl)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(delete_fte_in)] = { 0 };
	uint8_t out[16];
	uint32_t i;
	double t0 = now_s(), ts = t0;

	if (sl != NULL)
		sl->tsc0 = bench_tsc();

	MLX5X_SET(delete_fte_in, in, opcode,
		  MLX5X_CMD_OP_DELETE_FLOW_TABLE_ENTRY);
	MLX5X_SET(delete_fte_in, in, table_type, MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(delete_fte_in, in, table_id, ft);
	for (i = first; i < first + n; i++) {
		MLX5X_SET(delete_fte_in, in, flow_index, i);
		if (emu_cmd(d, in, sizeof(in), out, sizeof(out)) != 0)
			return -1;
		if (sl != NULL)
			bench_slice_end(sl, &ts, i - first + 1);
	}
	return now_s() - t0;
}

/* ns per frame for a frame to dst 10.0.0.0 + target, UDP port 7: up to
 * LOOKUP_FRAMES frames, fewer when that takes over 0.2 s. */
static double
bench_lookup(uint32_t target)
{
	uint8_t frame[64];
	uint32_t i, n = 0;
	double t0, t;

	emu_frame_udp4(frame, (const uint8_t *)"\x02\x15\xb3\x00\x00\x00",
		       0x0b000001, 0x0a000000 + target, 1000, 7, 18);
	t0 = now_s();
	do {
		for (i = 0; i < 64; i++)
			emu.inject_wire(0, frame, sizeof(frame));
		n += 64;
		t = now_s() - t0;
	} while (n < LOOKUP_FRAMES && t < 0.2);
	return t * 1e9 / n;
}

/* Whether a frame to 10.0.0.0 + target hits entry target (the trace
 * names the entry that decided). */
static bool
bench_hits(uint32_t target)
{
	char trace[512], want[32];
	uint8_t frame[64];

	emu_frame_udp4(frame, (const uint8_t *)"\x02\x15\xb3\x00\x00\x00",
		       0x0b000001, 0x0a000000 + target, 1000, 7, 18);
	emu.trace_enable(0, 1);
	emu.inject_wire(0, frame, sizeof(frame));
	emu.trace(0, trace, sizeof(trace));
	emu.trace_enable(0, 0);
	snprintf(want, sizeof(want), "hit fte %u ", target);
	return strstr(trace, want) != NULL;
}

static int
test_emu_steer_lookup_scale(void)
{
	static const uint32_t sizes[] = { 1, 1000, 100000, 1u << 20 };
	uint32_t max = bench_rules_max(), i, g;
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint32_t n = sizes[i] < max ? sizes[i] : max, ft, fg;
		struct bench_slices sl, sd;
		double ti, tl, td;
		long flt;

		if (i > 0 && sizes[i - 1] >= max)
			break;
		ft = bench_table(&d, 20);
		fg = ft != 0 ? bench_group(&d, ft, 0, (1u << 20) - 1) : 0;
		TEST_ASSERT(fg != 0, "table and group");
		memset(&sl, 0, sizeof(sl));
		memset(&sd, 0, sizeof(sd));
		flt = bench_minflt();
		ti = bench_insert(&d, ft, fg, 0, n, &sl);
		flt = bench_minflt() - flt;
		TEST_ASSERT(ti >= 0, "insert %u rules", n);
		TEST_ASSERT(bench_hits(n - 1), "frame hits rule %u", n - 1);
		tl = bench_lookup(n - 1);
		td = bench_delete(&d, ft, 0, n, &sd);
		TEST_ASSERT(td >= 0, "delete %u rules", n);
		printf("    bench: steering, %7u rules in one group: lookup (hit last) %.0f ns/frame; DevX insert %.3f M/s (%.4f minor faults/rule), delete %.3f M/s\n",
		       n, tl, n / ti / 1e6, (double)flt / n, n / td / 1e6);
		if (sl.slow != 0)
			printf("    bench: steering, %7u rules in one group: DevX insert by %u-rule slice: slowest %.3f M/s, fastest %.3f M/s\n",
			       n, BENCH_SLICE, sl.slow, sl.fast);
		bench_slices_print("steering, DevX insert", &sl);
		bench_slices_print("steering, DevX delete", &sd);
		bench_group_destroy(&d, ft, fg);
		bench_table_destroy(&d, ft);
	}
	{
		uint32_t ft = bench_table(&d, 20), fg[16];
		double tl;

		TEST_ASSERT(ft != 0, "table");
		for (g = 0; g < 16; g++) {
			fg[g] = bench_group(&d, ft, g * 1000, g * 1000 + 999);
			TEST_ASSERT(fg[g] != 0, "group %u", g);
			TEST_ASSERT(bench_insert(&d, ft, fg[g], g * 1000, 1000,
						 NULL) >= 0,
				    "insert group %u", g);
		}
		TEST_ASSERT(bench_hits(15999), "frame hits rule 15999");
		tl = bench_lookup(15999);
		printf("    bench: steering, 16 groups x 1000 rules: lookup (hit last group's last) %.0f ns/frame\n",
		       tl);
		TEST_ASSERT(bench_delete(&d, ft, 0, 16000, NULL) >= 0,
			    "delete");
		for (g = 0; g < 16; g++)
			bench_group_destroy(&d, ft, fg[g]);
		bench_table_destroy(&d, ft);
	}
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

struct bench_match {
	struct mlx5dv_flow_match_parameters p;
	uint64_t buf[512 / 8]; /* fte_match_param */
};

/* n rules into a fresh matcher of t (dst 10.0.0.0 + i, UDP port 7, drop),
 * then destroyed: one line with both rates. */
static int
bench_dr_rules(struct mlx5dv_dr_table *t, struct mlx5dv_dr_action *drop,
	       struct mlx5dv_dr_rule **rules, uint32_t n)
{
	struct mlx5dv_dr_matcher *m;
	struct bench_match mask, val;
	struct bench_slices sc, sd;
	double t0, ts, ti, td;
	uint32_t i;
	long flt;

	memset(&mask, 0, sizeof(mask));
	mask.p.match_sz = sizeof(mask.buf);
	MLX5X_SET(fte_match_param, mask.buf,
		  outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4, 0xffffffff);
	MLX5X_SET(fte_match_param, mask.buf, outer_headers.udp_dport, 0xffff);
	m = emu.dr_matcher_create(t, 0, MLX5X_MATCH_OUTER_HEADERS, &mask.p);
	TEST_ASSERT(m != NULL, "matcher");
	memset(&val, 0, sizeof(val));
	val.p.match_sz = sizeof(val.buf);
	MLX5X_SET(fte_match_param, val.buf, outer_headers.udp_dport, 7);
	memset(&sc, 0, sizeof(sc));
	memset(&sd, 0, sizeof(sd));
	flt = bench_minflt();
	t0 = now_s();
	ts = t0;
	sc.tsc0 = bench_tsc();
	for (i = 0; i < n; i++) {
		MLX5X_SET(fte_match_param, val.buf,
			  outer_headers.dst_ipv4_dst_ipv6.ipv4_layout.ipv4,
			  0x0a000000 + i);
		rules[i] = emu.dr_rule_create(m, &val.p, 1, &drop);
		if (rules[i] == NULL)
			break;
		bench_slice_end(&sc, &ts, i + 1);
	}
	ti = now_s() - t0;
	flt = bench_minflt() - flt;
	TEST_ASSERT(i == n, "rule %u of one matcher refused", i);
	t0 = now_s();
	ts = t0;
	sd.tsc0 = bench_tsc();
	for (i = 0; i < n; i++) {
		emu.dr_rule_destroy(rules[i]);
		bench_slice_end(&sd, &ts, i + 1);
	}
	td = now_s() - t0;
	printf("    bench: DR, %7u rules in one matcher: mlx5dv_dr_rule_create %.3f M/s (%.4f minor faults/rule), _destroy %.3f M/s\n",
	       n, n / ti / 1e6, (double)flt / n, n / td / 1e6);
	bench_slices_print("DR, rule_create", &sc);
	bench_slices_print("DR, rule_destroy", &sd);
	TEST_ASSERT_EQ(emu.dr_matcher_destroy(m), 0, "matcher destroy");
	return MLX5X_TEST_PASS;
}

static int
test_emu_steer_dr_rate(void)
{
	uint32_t max = bench_rules_max(), i;
	struct mlx5dv_dr_action *drop;
	struct mlx5dv_dr_domain *dmn;
	struct mlx5dv_dr_rule **rules;
	struct mlx5dv_dr_table *t;
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	/* The handle array is the bench's, touched before any timing. */
	rules = calloc(max, sizeof(*rules));
	TEST_ASSERT(rules != NULL, "rule array");
	memset(rules, 0xff, max * sizeof(*rules));
	dmn = emu.dr_domain_create(d.ctx, MLX5DV_DR_DOMAIN_TYPE_NIC_RX);
	TEST_ASSERT(dmn != NULL, "domain");
	t = emu.dr_table_create(dmn, 1);
	TEST_ASSERT(t != NULL, "table");
	drop = emu.dr_action_drop();
	TEST_ASSERT(drop != NULL, "drop action");
	for (i = 0; i < sizeof(bench_sizes) / sizeof(bench_sizes[0]); i++) {
		if (i > 0 && bench_sizes[i - 1] >= max)
			break;
		TEST_ASSERT_EQ(bench_dr_rules(t, drop, rules,
					      bench_sizes[i] < max
						      ? bench_sizes[i]
						      : max),
			       MLX5X_TEST_PASS, "DR rules");
	}
	emu.dr_action_destroy(drop);
	TEST_ASSERT_EQ(emu.dr_table_destroy(t), 0, "table destroy");
	emu.dr_domain_destroy(dmn);
	free(rules);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_bench_steer_suite, "emu_bench_steer", "bench", NULL, NULL,
		 MLX5X_TEST_CASE(test_emu_steer_lookup_scale),
		 MLX5X_TEST_CASE(test_emu_steer_dr_rate))
