/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, enhanced multi-packet send WQEs (PRM opcode 0x29) as
 * drivers post them, once the wire ring has gone round (its slots hold
 * buffers, so a direct SQ builds frames straight into them):
 *  - a session mixing inline and pointer packets that wraps past the
 *    ring's end, inline bytes cut by the wrap, leaves packet by packet,
 *    byte for byte, in order, counted on the PF and the uplink;
 *  - a bad third packet (a foreign lkey, an address past its MR, inline
 *    bytes past the WQE's ds) and a WQE of ds 0: the error CQE with the
 *    PRM syndrome names the WQE, the packets before the bad one are on
 *    the wire (PRM: the WQE stops there), nothing after, and the SQ runs
 *    nothing more;
 *  - a seeded random stream of SENDs and sessions (inline, pointer,
 *    mixed, frames up to 1,514 bytes, checksums to fill, broadcast),
 *    ending in a bad packet, sent with tracing off and on: tracing takes
 *    the general path, so the two runs must put the same frames on the
 *    wire and the same CQEs in the CQ.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

#define SQ_LOG 6u
#define SQ_N (1u << SQ_LOG)
#define LAP 2100u /* more frames than the wire ring has slots */
#define POOL 64u
#define BUF 1536u
#define CS_FLAGS 0xc0u /* PRM Ethernet segment: L3 and L4 checksums */

static const uint8_t dmac[6] = { 0x02, 0x99, 0x00, 0x00, 0x00, 0x29 };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* An SQ on a CX5 whose wire drops, a pool of frames in one MR. */
struct rig {
	struct emu_dev d;
	struct emu_q sq;
	uint8_t *mem;
	uint32_t len[POOL];
	struct ibv_mr *mr;
	uint32_t pi;
};

static uint8_t *
rig_buf(struct rig *r, uint32_t i)
{
	return r->mem + (size_t)i * BUF;
}

static void
rig_close(struct rig *r)
{
	if (r->mr != NULL)
		emu.dereg_mr(r->mr);
	free(r->mem);
	emu_q_destroy(&r->sq);
	emu_dev_close(&r->d);
}

/* Rings the doorbell at r->pi and takes n CQEs: their WQE counters into
 * idx[], the syndrome of an error CQE (else 0) into syn[]. The number
 * that came. */
static uint32_t
rig_ring(struct rig *r, uint32_t n, uint16_t *idx, uint8_t *syn)
{
	struct mlx5_cqe64 *cqe;
	uint32_t k;

	r->sq.dbr[MLX5X_SND_DBR] = htobe32(r->pi & 0xffff);
	for (k = 0; k < n && (cqe = emu_q_poll_cqe(&r->sq, 200)) != NULL; k++) {
		idx[k] = be16toh(cqe->wqe_counter);
		syn[k] = (cqe->op_own >> 4) == MLX5_CQE_REQ_ERR
				 ? ((struct mlx5_err_cqe *)cqe)->syndrome
				 : 0;
	}
	return k;
}

/* An eMPW WQE of n packets at r->pi; its index. */
static uint16_t
rig_empw(struct rig *r, const struct emu_empw_pkt *p, unsigned int n,
	 uint8_t cs, uint8_t ce)
{
	uint16_t idx = (uint16_t)r->pi;

	r->pi += emu_wqe_empw(r->sq.buf, SQ_N, r->sq.qn, idx, p, n, cs, ce);
	return idx;
}

static void
rig_drain(void)
{
	uint8_t out[2048];

	while (emu.capture_wire(0, out, sizeof(out)) > 0)
		;
}

/*
 * Opens the rig; frame i of the pool is a UDP frame of a length of its
 * own (60 to 300 bytes below POOL / 2, up to 1,514 above), every 16th a
 * broadcast, every 4th with its IPv4 checksum spoiled (a packet sent with
 * the checksum flags gets it back). Then a lap of the wire ring by
 * sessions of 4 pointer packets, drained.
 */
static int
rig_open(struct rig *r, uint64_t seed)
{
	struct emu_empw_pkt p[4];
	uint16_t idx[SQ_N];
	uint8_t syn[SQ_N];
	uint32_t i, k, sent = 0;

	memset(r, 0, sizeof(*r));
	TEST_ASSERT(emu_dev_open(&r->d, "model=cx5,wire=drop") == 0, "open");
	TEST_ASSERT(emu_q_create(&r->d, &r->sq, true, SQ_LOG, 6) == 0, "sq");
	TEST_ASSERT_EQ(emu_q_modify(&r->sq, 0, 1), 0, "ready");
	r->mem = calloc(POOL, BUF);
	TEST_ASSERT(r->mem != NULL, "pool");
	for (i = 0; i < POOL; i++) {
		uint32_t top = i < POOL / 2 ? 300 : 1514;
		uint32_t len = 60 + emu_test_rand(&seed) % (top - 60 + 1);

		r->len[i] = (uint32_t)emu_frame_udp4(rig_buf(r, i),
						     i % 16 == 5 ? bcast : dmac,
						     0x0a000000 + i, 0x0a0000ff,
						     1000 + i, 2000, len - 42);
		if (i % 4 == 1)
			rig_buf(r, i)[24] ^= 0x5a;
	}
	r->mr = emu.reg_mr(r->d.pd, r->mem, (size_t)POOL * BUF, 0);
	TEST_ASSERT(r->mr != NULL, "mr");
	while (sent < LAP) {
		for (k = 0; k < SQ_N / 2 && sent < LAP; k++, sent += 4) {
			for (i = 0; i < 4; i++)
				p[i] = (struct emu_empw_pkt){ rig_buf(r, 0), 64,
							      r->mr->lkey,
							      false };
			rig_empw(r, p, 4, 0, MLX5_WQE_CTRL_CQ_UPDATE);
		}
		TEST_ASSERT_EQ(rig_ring(r, k, idx, syn), k, "lap CQEs");
		rig_drain();
	}
	return MLX5X_TEST_PASS;
}

static bool
wire_empty(void)
{
	uint8_t out[2048];

	return emu.capture_wire(0, out, sizeof(out)) <= 0;
}

static int
test_empw_session_wraps_mixed(void)
{
	struct mlx5x_emu_counters pf0, up0, pf, up;
	struct emu_empw_pkt p[6];
	uint16_t idx[4], want[2];
	uint8_t syn[4], sess[3][70];
	uint32_t i, bytes = 0, lens[6] = { 60, 100, 64, 64, 70, 64 };
	const uint8_t *data[6];
	struct rig r;
	const char *why;

	if (rig_open(&r, 7) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	/* One-packet sessions (one WQEBB each) up to two WQEBBs before the
	 * ring's end, the last asking for a CQE. */
	p[0] = (struct emu_empw_pkt){ rig_buf(&r, 0), 64, r.mr->lkey, false };
	do {
		bool at = ((r.pi + 1) & (SQ_N - 1)) == SQ_N - 2;

		rig_empw(&r, p, 1, 0, at ? MLX5_WQE_CTRL_CQ_UPDATE : 0);
	} while ((r.pi & (SQ_N - 1)) != SQ_N - 2);
	TEST_ASSERT_EQ(rig_ring(&r, 1, idx, syn), 1u, "lead-in");
	rig_drain();
	TEST_ASSERT_EQ(emu.counters(0, 0, &pf0), 0, "pf counters");
	TEST_ASSERT_EQ(emu.counters(0, 0xffff, &up0), 0, "uplink counters");
	/* The session: inline 60 (units 2-5), pointer 100, inline 64 whose
	 * bytes cross the ring's end (byte 112 of the WQE on), pointer 64
	 * (a broadcast), inline 70, then a pointer packet; 2 + 4 + 1 + 5 +
	 * 1 + 5 + 1 = 19 units, five WQEBBs from the ring's last but one. */
	for (i = 0; i < 3; i++)
		emu_frame_udp4(sess[i], dmac, 0x0b000000 + i, 0x0a0000ff, 77,
			       88, 70 - 42);
	data[0] = sess[0];
	data[1] = rig_buf(&r, 2);
	lens[1] = r.len[2];
	data[2] = sess[1];
	data[3] = rig_buf(&r, 5); /* broadcast */
	lens[3] = r.len[5];
	data[4] = sess[2];
	data[5] = rig_buf(&r, 8);
	lens[5] = r.len[8];
	for (i = 0; i < 6; i++)
		p[i] = (struct emu_empw_pkt){ data[i], lens[i], r.mr->lkey,
					      i % 2 == 0 };
	/* Pointer packets must lie in the MR: the session's own frames are
	 * on the stack, so only inline ones use them. */
	want[0] = rig_empw(&r, p, 6, 0, MLX5_WQE_CTRL_CQ_UPDATE);
	TEST_ASSERT((r.pi & (SQ_N - 1)) == 3, "the session wraps (pi %u)",
		    r.pi & (SQ_N - 1));
	/* And one after the wrap. */
	want[1] = rig_empw(&r, &p[1], 2, 0, MLX5_WQE_CTRL_CQ_UPDATE);
	TEST_ASSERT_EQ(rig_ring(&r, 2, idx, syn), 2u, "two CQEs");
	TEST_ASSERT_EQ(idx[0], want[0], "the wrapping session's CQE");
	TEST_ASSERT_EQ(idx[1], want[1], "the next one's");
	TEST_ASSERT_EQ(syn[0] | syn[1], 0, "no error");
	for (i = 0; i < 6; i++) {
		why = emu_wire_next(data[i], lens[i]);
		TEST_ASSERT(why == NULL, "session packet %u: %s", i, why);
		bytes += lens[i];
	}
	for (i = 1; i < 3; i++) {
		why = emu_wire_next(data[i], lens[i]);
		TEST_ASSERT(why == NULL, "next session's packet %u: %s", i,
			    why);
		bytes += lens[i];
	}
	TEST_ASSERT(wire_empty(), "nothing more");
	TEST_ASSERT_EQ(emu.counters(0, 0, &pf), 0, "pf counters");
	TEST_ASSERT_EQ(emu.counters(0, 0xffff, &up), 0, "uplink counters");
	TEST_ASSERT_EQ(pf.tx_packets - pf0.tx_packets, 8, "PF Tx frames");
	TEST_ASSERT_EQ(pf.tx_bytes - pf0.tx_bytes, bytes, "PF Tx bytes");
	TEST_ASSERT_EQ(up.tx_packets - up0.tx_packets, 8, "uplink Tx frames");
	TEST_ASSERT_EQ(up.tx_bytes - up0.tx_bytes, bytes, "uplink Tx bytes");
	rig_close(&r);
	return MLX5X_TEST_PASS;
}

/* How the third packet of a five-packet session is bad. */
enum bad_kind {
	BAD_LKEY,    /* an lkey no MR has */
	BAD_PAST_MR, /* its bytes run past its MR's end */
	BAD_INLINE,  /* inline bytes past the WQE's ds */
	BAD_DS_ZERO, /* (the WQE itself: ds 0) */
	BAD_KINDS,
};

static const char *const bad_name[BAD_KINDS] = {
	"foreign lkey",
	"past the MR",
	"inline past ds",
	"ds 0",
};

/*
 * One bad session on a fresh rig (tracing as asked), a good one queued
 * behind it: the error CQE names the bad WQE with the PRM syndrome, the
 * packets before the bad one (none for ds 0) are on the wire, nothing
 * else, and the PF counts them.
 */
static int
empw_bad(enum bad_kind kind, int trace)
{
	static const uint8_t want_syn[BAD_KINDS] = {
		MLX5_CQE_SYNDROME_LOCAL_PROT_ERR,
		MLX5_CQE_SYNDROME_LOCAL_PROT_ERR,
		MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR,
		MLX5_CQE_SYNDROME_LOCAL_QP_OP_ERR,
	};
	struct mlx5x_emu_counters pf0, pf;
	struct emu_empw_pkt p[5];
	uint32_t i, before = kind == BAD_DS_ZERO ? 0 : 2, bytes = 0;
	uint16_t idx[1], bad;
	uint8_t syn[1];
	struct rig r;
	const char *why;

	if (rig_open(&r, 11) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	TEST_ASSERT_EQ(emu.trace_enable(0, trace), 0, "trace %d", trace);
	TEST_ASSERT_EQ(emu.counters(0, 0, &pf0), 0, "pf counters");
	for (i = 0; i < 5; i++)
		p[i] = (struct emu_empw_pkt){ rig_buf(&r, i + 2), r.len[i + 2],
					      r.mr->lkey, i == 1 };
	if (kind == BAD_LKEY)
		p[2].lkey = r.mr->lkey + 0x100;
	if (kind == BAD_PAST_MR)
		p[2].data = rig_buf(&r, POOL - 1) + BUF - p[2].len / 2;
	bad = rig_empw(&r, p, 5, 0, MLX5_WQE_CTRL_CQ_UPDATE);
	if (kind == BAD_INLINE) {
		/* The third segment (after 2 + 1 + inline units) claims
		 * more inline bytes than the WQE has. */
		uint32_t off = (32 + 16 + ((4 + r.len[3] + 15) & ~15u)) / 16 *
			       16,
			 bc = htobe32(MLX5_INLINE_SEG | 2000u);
		uint8_t *w = r.sq.buf + (size_t)(bad & (SQ_N - 1)) * 64;

		TEST_ASSERT((bad & (SQ_N - 1)) * 64 + off + 4 <= SQ_N * 64,
			    "segment in one piece");
		memcpy(w + off, &bc, 4);
	}
	if (kind == BAD_DS_ZERO)
		r.sq.buf[(size_t)(bad & (SQ_N - 1)) * 64 + 7] = 0;
	rig_empw(&r, p, 2, 0, MLX5_WQE_CTRL_CQ_UPDATE);
	TEST_ASSERT_EQ(rig_ring(&r, 1, idx, syn), 1u, "a CQE");
	TEST_ASSERT_EQ(idx[0], bad, "it names the bad WQE");
	TEST_ASSERT_EQ(syn[0], want_syn[kind], "%s: its syndrome",
		       bad_name[kind]);
	for (i = 0; i < before; i++) {
		why = emu_wire_next(p[i].data, p[i].len);
		TEST_ASSERT(why == NULL, "%s: packet %u before it: %s",
			    bad_name[kind], i, why);
		bytes += p[i].len;
	}
	TEST_ASSERT(wire_empty(), "%s: nothing after", bad_name[kind]);
	TEST_ASSERT(emu_q_poll_cqe(&r.sq, 5) == NULL,
		    "%s: no CQE for the WQE behind", bad_name[kind]);
	TEST_ASSERT_EQ(emu.counters(0, 0, &pf), 0, "pf counters");
	TEST_ASSERT_EQ(pf.tx_packets - pf0.tx_packets, before, "PF frames");
	TEST_ASSERT_EQ(pf.tx_bytes - pf0.tx_bytes, bytes, "PF bytes");
	TEST_ASSERT_EQ(emu.trace_enable(0, 0), 0, "trace off");
	rig_close(&r);
	return MLX5X_TEST_PASS;
}

static int
test_empw_bad_third_packet(void)
{
	int kind, trace;

	for (trace = 0; trace < 2; trace++)
		for (kind = 0; kind < BAD_KINDS; kind++)
			if (empw_bad(kind, trace) != MLX5X_TEST_PASS) {
				printf("    (%s, tracing %s)\n", bad_name[kind],
				       trace ? "on" : "off");
				return MLX5X_TEST_FAIL;
			}
	return MLX5X_TEST_PASS;
}

/* What a run put on the wire and in the CQ. */
struct outcome {
	uint32_t frames, cqes;
	uint32_t len[8192];
	uint64_t sum[8192];
	uint16_t idx[2048];
	uint8_t syn[2048];
	struct mlx5x_emu_counters pf, up;
};

static uint64_t
fnv(const uint8_t *p, uint32_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (n-- > 0)
		h = (h ^ *p++) * 0x100000001b3ull;
	return h;
}

static void
outcome_take(struct outcome *o)
{
	static uint8_t out[2048];
	int n;

	while ((n = emu.capture_wire(0, out, sizeof(out))) > 0 &&
	       o->frames < 8192) {
		o->len[o->frames] = (uint32_t)n;
		o->sum[o->frames++] = fnv(out, (uint32_t)n);
	}
}

/*
 * The random stream: batches of WQEs filling the ring, each ending in a
 * WQE that asks for a CQE (others ask one at random): SENDs (18 bytes
 * inline, the rest by pointer) and eMPW sessions of 1 to 12 packets,
 * each inline (frames up to 300 bytes) or by pointer at random, with
 * the checksum flags at random. The last batch's last session has a
 * foreign lkey in its third packet.
 */
static int
stream_run(struct outcome *o, int trace)
{
	uint64_t seed = 0x5eed29;
	uint16_t idx[SQ_N];
	uint8_t syn[SQ_N];
	uint32_t b, i, k;
	struct rig r;

	memset(o, 0, sizeof(*o));
	if (rig_open(&r, 3) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	TEST_ASSERT_EQ(emu.counters(0, 0, &o->pf), 0, "pf counters");
	TEST_ASSERT_EQ(emu.counters(0, 0xffff, &o->up), 0, "uplink");
	TEST_ASSERT_EQ(emu.trace_enable(0, trace), 0, "trace %d", trace);
	for (b = 0; b < 40; b++) {
		uint32_t start = r.pi, ncqe = 0;
		bool last = b == 39;

		while (r.pi - start < SQ_N - 16) {
			bool end = r.pi - start >= SQ_N - 32;
			uint8_t ce = end || emu_test_rand(&seed) % 4 == 0
					     ? MLX5_WQE_CTRL_CQ_UPDATE
					     : 0;
			struct emu_empw_pkt p[12];
			uint32_t n = 1 + emu_test_rand(&seed) % 12;
			uint8_t cs =
				emu_test_rand(&seed) % 3 == 0 ? CS_FLAGS : 0;

			if (emu_test_rand(&seed) % 5 == 0 && !(last && end)) {
				i = emu_test_rand(&seed) % POOL;
				emu_wqe_send(r.sq.buf, SQ_N, r.sq.qn,
					     (uint16_t)r.pi, rig_buf(&r, i),
					     r.len[i], r.mr->lkey);
				r.pi++;
				ncqe++;
			} else {
				if (last && end && n < 3)
					n = 3;
				for (k = 0; k < n; k++) {
					bool inl = emu_test_rand(&seed) % 2;

					i = emu_test_rand(&seed) %
					    (inl ? POOL / 2 : POOL);
					p[k] = (struct emu_empw_pkt){
						rig_buf(&r, i), r.len[i],
						r.mr->lkey, inl
					};
				}
				/* As many as fit in 63 units. */
				while (n > 1 &&
				       emu_wqe_empw(r.sq.buf, SQ_N, r.sq.qn,
						    (uint16_t)r.pi, p, n, cs,
						    ce) == 0)
					n--;
				if (last && end) {
					TEST_ASSERT(n >= 3, "a third packet");
					p[2].lkey = r.mr->lkey + 0x100;
				}
				rig_empw(&r, p, n, cs, ce);
				ncqe += ce != 0;
			}
			if (end)
				break;
		}
		k = rig_ring(&r, ncqe, idx, syn);
		for (i = 0; i < k && o->cqes < 2048; i++) {
			o->idx[o->cqes] = idx[i];
			o->syn[o->cqes++] = syn[i];
		}
		outcome_take(o);
		if (k != ncqe)
			break; /* the error: the SQ runs nothing more */
	}
	TEST_ASSERT_EQ(emu.trace_enable(0, 0), 0, "trace off");
	{
		struct mlx5x_emu_counters pf, up;

		TEST_ASSERT_EQ(emu.counters(0, 0, &pf), 0, "pf counters");
		TEST_ASSERT_EQ(emu.counters(0, 0xffff, &up), 0, "uplink");
		o->pf.tx_packets = pf.tx_packets - o->pf.tx_packets;
		o->pf.tx_bytes = pf.tx_bytes - o->pf.tx_bytes;
		o->up.tx_packets = up.tx_packets - o->up.tx_packets;
		o->up.tx_bytes = up.tx_bytes - o->up.tx_bytes;
	}
	rig_close(&r);
	return MLX5X_TEST_PASS;
}

static int
test_empw_fast_vs_general(void)
{
	struct outcome *fast = calloc(1, sizeof(*fast));
	struct outcome *gen = calloc(1, sizeof(*gen));
	int ret = MLX5X_TEST_FAIL;
	uint32_t i;

	TEST_ASSERT(fast != NULL && gen != NULL, "outcomes");
	if (stream_run(fast, 0) != MLX5X_TEST_PASS ||
	    stream_run(gen, 1) != MLX5X_TEST_PASS)
		goto out;
	printf("    %u frames, %u CQEs, the last syndrome 0x%x\n", fast->frames,
	       fast->cqes, fast->cqes ? fast->syn[fast->cqes - 1] : 0);
	if (fast->frames < 800 || fast->cqes < 40 ||
	    fast->syn[fast->cqes - 1] != MLX5_CQE_SYNDROME_LOCAL_PROT_ERR) {
		printf("    the stream did not run as written\n");
		goto out;
	}
	if (fast->frames != gen->frames || fast->cqes != gen->cqes) {
		printf("    fast: %u frames %u CQEs, general: %u frames %u CQEs\n",
		       fast->frames, fast->cqes, gen->frames, gen->cqes);
		goto out;
	}
	for (i = 0; i < fast->frames; i++)
		if (fast->len[i] != gen->len[i] ||
		    fast->sum[i] != gen->sum[i]) {
			printf("    frame %u differs: %u vs %u bytes\n", i,
			       fast->len[i], gen->len[i]);
			goto out;
		}
	for (i = 0; i < fast->cqes; i++)
		if (fast->idx[i] != gen->idx[i] ||
		    fast->syn[i] != gen->syn[i]) {
			printf("    CQE %u differs: WQE %u syndrome 0x%x vs WQE %u syndrome 0x%x\n",
			       i, fast->idx[i], fast->syn[i], gen->idx[i],
			       gen->syn[i]);
			goto out;
		}
	if (fast->pf.tx_packets != gen->pf.tx_packets ||
	    fast->pf.tx_bytes != gen->pf.tx_bytes ||
	    fast->up.tx_packets != gen->up.tx_packets ||
	    fast->up.tx_bytes != gen->up.tx_bytes ||
	    fast->pf.tx_packets != fast->frames) {
		printf("    counters differ\n");
		goto out;
	}
	ret = MLX5X_TEST_PASS;
out:
	free(gen);
	free(fast);
	return ret;
}

MLX5X_TEST_SUITE(emu_sq_empw_suite, "emu_sq_empw", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_empw_session_wraps_mixed),
		 MLX5X_TEST_CASE(test_empw_bad_third_packet),
		 MLX5X_TEST_CASE(test_empw_fast_vs_general))
