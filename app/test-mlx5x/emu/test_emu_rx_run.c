/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, a burst's frames for one RQ delivered as a run
 * (emu_rq_run_* in emu/queue/mlx5x_emu_rq.h: the RQ's checks and the
 * WQEs posted read once, the WQE counter and the compressed session's
 * length kept aside and stored when the run ends) against the general
 * path, where the run must be cut. Two switchdev adapters set up alike:
 * an empty FDB root (every frame of the wire and of VF 0 misses it, so
 * both sources take their way, whose bursts go as runs), NIC RX's
 * catch-all to one RQ whose CQ compresses into a small ring, through an
 * RSS TIR in one round and a direct TIR in the other (the VF's way
 * specialised for it), and in a third round through a direct TIR to an
 * RQ whose CQ does not compress (the VF's parse keeps the CQE fields as
 * they are for it, not as a key; its CQ, a CQE a slot, never overruns
 * here); adapter 1 keeps every frame on the general path
 * (the test hook). Bursts come from the wire or from VF 0. Its WQEs alternate between two MRs
 * every four (the run's MR translation changes mid-run). Bursts of random
 * length carry mostly plain TCP/UDP frames, now and then another kind
 * (the general path's, mid-run), and between bursts the test in turn:
 *  - posts fewer WQEs than the next burst brings (they run out mid-run:
 *    the rest dropped, out of buffer, as the general path drops them);
 *  - gives one posted WQE a key no MR has (the run stops before it; the
 *    general path's local protection error, RQ to ERR; then RST, RDY and
 *    the ring posted again);
 *  - moves the RQ to ERR (a burst finds it there: all dropped) and back;
 *  - at the end stops consuming CQEs (sessions fill and close, the CQ
 *    overruns mid-run).
 * After each burst the CQ ring, the RQ buffers, the CQ's status and the
 * vport counters are the same on both. Each of those cuts must have
 * happened, the fused path must have taken frames and sessions formed.
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_frames.h"
#include "test_emu_lib.h"

#define RR_LOG 6
#define RR_RING (1u << RR_LOG)
#define RR_BUF 2048u
#define RR_BURSTS 160
#define RR_OVERRUN 12 /* the last bursts, CQEs left unconsumed */
#define RR_BURST_MAX 40
#define RR_BAD_LKEY 0x00badbadu
#define RQ_RDY 1u
#define RQ_ERR 3u
/* The round whose CQ does not compress, in place of a mini CQE format. */
#define RR_NO_COMP 0xffu

struct rr_side {
	struct emu_dev d;
	struct emu_q q;
	struct emu_steer s;
	struct mlx5dv_devx_obj *fdb;
	uint8_t *mem;
	struct ibv_mr *mr[2];
};

/* What the rounds saw happen, on adapter 0. */
struct rr_seen {
	unsigned int sessions, prot_errors, short_bursts, err_bursts;
	uint64_t out_of_buffer;
	bool overrun;
};

static uint64_t rr_seed = 0x7a11c0de5eedf00dull;

/* WQE slot w's buffer and its MR: the two MRs take turns every four. */
static uint8_t *
rr_buf(const struct rr_side *s, uint32_t w, uint32_t *lkey)
{
	const uint32_t r = (w / 4) % 2;

	*lkey = s->mr[r]->lkey;
	return s->mem + (size_t)r * RR_RING * RR_BUF + (size_t)w * RR_BUF;
}

/* WQE i written, with a key no MR has when bad. */
static void
rr_wqe(struct rr_side *s, uint32_t i, bool bad)
{
	const uint32_t w = i % RR_RING;
	uint32_t lkey;
	uint8_t *p = rr_buf(s, w, &lkey);

	emu_wqe_dseg(s->q.buf + (size_t)w * 16, p, RR_BUF,
		     bad ? RR_BAD_LKEY : lkey);
}

/* WQEs [from, to) written and the doorbell record at to. */
static void
rr_post(struct rr_side *s, uint32_t from, uint32_t to)
{
	uint32_t i;

	for (i = from; i != to; i++)
		rr_wqe(s, i, false);
	s->q.pi = to;
	s->q.dbr[0] = htobe32(to & 0xffff);
}

static int
rr_side_open(struct rr_side *s, unsigned int dev, uint8_t format,
	     const uint8_t key[40], bool direct)
{
	const uint32_t fields =
		MLX5X_HASH_FIELD_SEL_SRC_IP | MLX5X_HASH_FIELD_SEL_DST_IP |
		MLX5X_HASH_FIELD_SEL_L4_SPORT | MLX5X_HASH_FIELD_SEL_L4_DPORT;
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	const size_t half = (size_t)RR_RING * RR_BUF;
	uint32_t rqn, ft;
	unsigned int k;

	TEST_ASSERT((dev == 0 ? emu_dev_open(&s->d,
					     "vfs=1,wire=drop,vf_end=drop;"
					     "vfs=1,wire=drop,vf_end=drop")
			      : emu_dev_open_name(&s->d, "mlx5_1")) == 0,
		    "open adapter %u", dev);
	TEST_ASSERT((format == RR_NO_COMP
			     ? emu_q_create(&s->d, &s->q, false, RR_LOG, 4)
			     : emu_q_create_rq_comp(&s->d, &s->q, RR_LOG,
						    format)) == 0,
		    "adapter %u: RQ on a CQ compressing with mini format %u",
		    dev, format);
	s->mem = calloc(2, half);
	TEST_ASSERT(s->mem != NULL, "buffers");
	for (k = 0; k < 2; k++) {
		s->mr[k] = emu.reg_mr(s->d.pd, s->mem + k * half, half,
				      IBV_ACCESS_LOCAL_WRITE);
		TEST_ASSERT(s->mr[k] != NULL, "mr %u", k);
	}
	rr_post(s, 0, RR_RING);
	TEST_ASSERT_EQ(emu_q_modify(&s->q, 0, RQ_RDY), 0,
		       "adapter %u: RQ ready", dev);
	rqn = s->q.qn;
	TEST_ASSERT((direct ? emu_steer_direct(&s->d, &s->s, rqn, 0x5a)
			    : emu_steer_rss(&s->d, &s->s, &rqn, 1, key, fields,
					    true)) == 0,
		    "adapter %u: %s TIR behind a catch-all", dev,
		    direct ? "direct" : "RSS");
	MLX5X_SET(create_flow_table_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_FDB);
	MLX5X_SET(flow_table_context,
		  MLX5X_ADDR_OF(create_flow_table_in, in, flow_table_context),
		  log_size, 4);
	ft = emu_obj_id(&s->d, in, sizeof(in), &s->fdb);
	TEST_ASSERT(ft != 0 && emu_ft_root_set(&s->d, MLX5X_FLOW_TABLE_TYPE_FDB,
					       ft, 0) == 0,
		    "adapter %u: an empty FDB root", dev);
	return MLX5X_TEST_PASS;
}

static void
rr_side_close(struct rr_side *s)
{
	unsigned int k;

	if (s->fdb != NULL) {
		emu_ft_root_set(&s->d, MLX5X_FLOW_TABLE_TYPE_FDB, 0, 1);
		emu.obj_destroy(s->fdb);
	}
	emu_steer_destroy(&s->s);
	emu_q_destroy(&s->q);
	for (k = 2; k > 0; k--)
		if (s->mr[k - 1] != NULL)
			emu.dereg_mr(s->mr[k - 1]);
	free(s->mem);
	emu_dev_close(&s->d);
}

/* The RQ of both sides from ERR through RST to RDY, its ring posted
 * whole again (RST starts its WQE counter over). */
static int
rr_rq_reset(struct rr_side *s, uint32_t *consumed)
{
	unsigned int side;

	for (side = 0; side < 2; side++) {
		TEST_ASSERT(emu_q_modify(&s[side].q, RQ_ERR, 0) == 0 &&
				    emu_q_modify(&s[side].q, 0, RQ_RDY) == 0,
			    "adapter %u: RQ ERR -> RST -> RDY", side);
		rr_post(&s[side], 0, RR_RING);
	}
	*consumed = 0;
	return MLX5X_TEST_PASS;
}

/* Both sides alike after burst b: CQ ring, buffers, CQ status, the
 * PF's, the uplink's and VF 0's counters. */
static int
rr_same(struct rr_side *s, uint8_t format, unsigned int b)
{
	static const uint16_t vports[] = { 0, 0xffff, 1 };
	struct mlx5x_emu_counters c[2];
	unsigned int v;

	TEST_ASSERT(memcmp(s[0].q.cq_buf, s[1].q.cq_buf,
			   (size_t)64 << s[0].q.cq_log_sz) == 0,
		    "format %u, burst %u: the CQ rings differ", format, b);
	TEST_ASSERT(memcmp(s[0].mem, s[1].mem, (size_t)2 * RR_RING * RR_BUF) ==
			    0,
		    "format %u, burst %u: the RQ buffers differ", format, b);
	TEST_ASSERT_EQ(emu_cq_status(&s[0].q), emu_cq_status(&s[1].q),
		       "format %u, burst %u: CQ status", format, b);
	for (v = 0; v < 3; v++) {
		TEST_ASSERT(emu.counters(0, vports[v], &c[0]) == 0 &&
				    emu.counters(1, vports[v], &c[1]) == 0,
			    "counters");
		c[0].cmd_count = c[1].cmd_count = 0;
		TEST_ASSERT(memcmp(&c[0], &c[1], sizeof(c[0])) == 0,
			    "format %u, burst %u: vport 0x%x counters differ (rx %lu/%lu, dropped %lu/%lu, out of buffer %lu/%lu)",
			    format, b, vports[v],
			    (unsigned long)c[0].rx_packets,
			    (unsigned long)c[1].rx_packets,
			    (unsigned long)c[0].rx_dropped,
			    (unsigned long)c[1].rx_dropped,
			    (unsigned long)c[0].rx_out_of_buffer,
			    (unsigned long)c[1].rx_out_of_buffer);
	}
	return MLX5X_TEST_PASS;
}

/* One burst of n frames from the wire or VF 0 (vf) on both sides, then
 * compared. */
static int
rr_burst(struct rr_side *s, struct emu_any *f, unsigned int n, uint8_t format,
	 unsigned int b, bool vf)
{
	const struct emu_any_cfg cfg = {
		.sip = 0x0a000001,
		.dip = 0x0a0000fe,
		.dscp = 0x2e,
		.dport = 5000,
		.payload_max = 1400,
	};
	const void *fp[RR_BURST_MAX];
	size_t lens[RR_BURST_MAX];
	unsigned int i, side;

	for (i = 0; i < n; i++) {
		/* Mostly plain TCP and UDP (a run's), now and then any
		 * other kind in the middle of one. */
		emu_any_frame(&f[i],
			      emu_test_rand(&rr_seed) % 8 != 0
				      ? emu_test_rand(&rr_seed) % 6
				      : emu_test_rand(&rr_seed) % EMU_ANY_KINDS,
			      &rr_seed, &cfg);
		fp[i] = f[i].b;
		lens[i] = f[i].len;
	}
	for (side = 0; side < 2; side++)
		TEST_ASSERT_EQ(vf ? emu.inject_vf_burst(side, 0, fp, lens, n)
				  : emu.inject_wire_burst(side, fp, lens, n),
			       0, "burst %u on adapter %u", b, side);
	return rr_same(s, format, b);
}

static int
rr_run(struct rr_side *s, struct emu_any *f, uint8_t format,
       struct rr_seen *seen)
{
	uint32_t consumed = 0, bad, want;
	unsigned int b, n, errors, side, ev;
	bool overrun;
	int rc;

	for (b = 0; b < RR_BURSTS; b++) {
		overrun = b >= RR_BURSTS - RR_OVERRUN;
		n = 1 + emu_test_rand(&rr_seed) % RR_BURST_MAX;
		ev = emu_test_rand(&rr_seed) % 8;
		if (!overrun && ev == 1 && s[0].q.pi != consumed) {
			/* A key no MR has on a WQE posted ahead. */
			bad = consumed +
			      emu_test_rand(&rr_seed) % (s[0].q.pi - consumed);
			for (side = 0; side < 2; side++)
				rr_wqe(&s[side], bad, true);
		} else if (!overrun && ev == 2) {
			for (side = 0; side < 2; side++)
				TEST_ASSERT_EQ(emu_q_modify(&s[side].q, RQ_RDY,
							    RQ_ERR),
					       0, "adapter %u: RQ to ERR",
					       side);
			seen->err_bursts++;
		}
		if (s[0].q.pi - consumed < n)
			seen->short_bursts++;
		rc = rr_burst(s, f, n, format, b,
			      emu_test_rand(&rr_seed) % 2 == 0);
		if (rc != MLX5X_TEST_PASS)
			return rc;
		if (overrun) {
			/* CQEs left where they are: as many WQEs again. */
			for (side = 0; side < 2; side++)
				rr_post(&s[side], s[side].q.pi,
					s[side].q.pi + n);
			continue;
		}
		errors = 0;
		consumed += emu_cq_consume_twins(&s[0].q, &s[1].q,
						 &seen->sessions, &errors);
		seen->prot_errors += errors;
		if (errors != 0 || ev == 2) {
			rc = rr_rq_reset(s, &consumed);
			if (rc != MLX5X_TEST_PASS)
				return rc;
			continue;
		}
		/* Anywhere from none to a whole ring posted ahead: often
		 * fewer than the next burst brings. */
		want = consumed + emu_test_rand(&rr_seed) % (RR_RING + 1);
		if ((int32_t)(want - s[0].q.pi) > 0)
			for (side = 0; side < 2; side++)
				rr_post(&s[side], s[side].q.pi, want);
	}
	seen->overrun = emu_cq_status(&s[0].q) == MLX5X_CQC_STATUS_CQ_OVERFLOW;
	return MLX5X_TEST_PASS;
}

static int
test_rx_run_cuts_match_general(void)
{
	static const uint8_t formats[] = { MLX5X_MINI_CQE_FORMAT_HASH,
					   MLX5X_MINI_CQE_FORMAT_CSUM,
					   RR_NO_COMP };
	static struct rr_side s[2];
	struct emu_any *f = calloc(RR_BURST_MAX, sizeof(*f));
	struct mlx5x_emu_counters c;
	uint64_t before, after, general;
	struct rr_seen seen;
	uint8_t key[40];
	unsigned int i, k;
	int rc = MLX5X_TEST_PASS;

	TEST_ASSERT(f != NULL, "frames");
	for (k = 0; k < sizeof(formats) && rc == MLX5X_TEST_PASS; k++) {
		for (i = 0; i < sizeof(key); i++)
			key[i] = (uint8_t)emu_test_rand(&rr_seed);
		memset(s, 0, sizeof(s));
		memset(&seen, 0, sizeof(seen));
		rc = rr_side_open(&s[0], 0, formats[k], key, k >= 1);
		if (rc == MLX5X_TEST_PASS)
			rc = rr_side_open(&s[1], 1, formats[k], key, k >= 1);
		if (rc == MLX5X_TEST_PASS && emu_twin_fused_on(&before) != 0)
			rc = MLX5X_TEST_FAIL;
		if (rc == MLX5X_TEST_PASS)
			rc = rr_run(s, f, formats[k], &seen);
		if (rc == MLX5X_TEST_PASS &&
		    (emu.rx_fused(0, -1, &after) != 0 ||
		     emu.rx_fused(1, -1, &general) != 0 ||
		     emu.counters(0, 0, &c) != 0))
			rc = MLX5X_TEST_FAIL;
		/* Adapter 1's context first: closing adapter 0's tears
		 * down. */
		rr_side_close(&s[1]);
		rr_side_close(&s[0]);
		if (rc != MLX5X_TEST_PASS)
			break;
		TEST_ASSERT_EQ(general, 0, "the hook kept adapter 1 general");
		printf("    format %u: %lu fused frames, %u sessions, %u protection errors, %u bursts past the WQEs posted, %u on an RQ in ERR, overrun %d, %lu out of buffer\n",
		       formats[k], (unsigned long)(after - before),
		       seen.sessions, seen.prot_errors, seen.short_bursts,
		       seen.err_bursts, seen.overrun,
		       (unsigned long)c.rx_out_of_buffer);
		TEST_ASSERT(after - before > RR_BURSTS * 4,
			    "format %u: the fused path took %lu frames",
			    formats[k], (unsigned long)(after - before));
		TEST_ASSERT((formats[k] == RR_NO_COMP
				     ? seen.sessions == 0
				     : seen.sessions > RR_BURSTS / 4) &&
				    seen.prot_errors > 2 &&
				    seen.short_bursts > 10 &&
				    seen.err_bursts > 2 &&
				    (seen.overrun ||
				     formats[k] == RR_NO_COMP) &&
				    c.rx_out_of_buffer > 0,
			    "format %u: cuts seen: %u sessions, %u protection errors, %u bursts past the WQEs posted, %u on an RQ in ERR, overrun %d, %lu out of buffer",
			    formats[k], seen.sessions, seen.prot_errors,
			    seen.short_bursts, seen.err_bursts, seen.overrun,
			    (unsigned long)c.rx_out_of_buffer);
	}
	free(f);
	return rc;
}

MLX5X_TEST_SUITE(emu_rx_run_suite, "emu_rx_run", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_rx_run_cuts_match_general))
