/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, a pointer data segment whose byte_count is 0. The
 * PRM counts it as 2^31 bytes, not as none (the kernel's mlx5 walk of
 * send and receive WQEs, odp.c: "a zero length data segment designates
 * a length of 2GB"; DPDK's mlx5 PMD never posts one), for the
 * per-packet segments of an enhanced MPW WQE as for a SEND's: more than
 * any frame holds, so the WQE completes with a local length error, the
 * SQ goes to ERR and nothing of that WQE leaves. On every way an SQ's
 * WQEs go: the batched loops of an SQ straight to the wire (plain SENDs,
 * plain eMPW WQEs, with no CQE asked between them), the general way
 * (tracing on), an SQ whose frames pass the E-Switch (a PF with VFs),
 * and LSO. The WQEs before the bad one are sent, none after it.
 */
#include <endian.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

#define SQ_LOG 5u
#define SQ_N (1u << SQ_LOG)
#define FRAMES 4u
#define FRAME_PAYLOAD 60u
#define BAD 2u /* the WQE with the 0-byte segment */

static const uint8_t dz_mac[6] = { 0x02, 0x99, 0x00, 0x00, 0x00, 0x2a };

enum dz_kind {
	DZ_SEND, /* a SEND's pointer segment */
	DZ_EMPW, /* one packet's segment of an eMPW WQE */
	DZ_TSO,	 /* an LSO WQE's payload segment */
};

static const char *const dz_kind_name[] = { "SEND", "eMPW", "LSO" };

struct dz {
	struct emu_dev d;
	struct emu_q sq;
	struct ibv_mr *mr;
	uint8_t f[FRAMES][128];
	uint32_t len;
	uint16_t pi; /* WQEBB index of the next WQE */
};

/* WQE i of the run: FRAMES of them, the BAD one with byte_count 0, only
 * the last asking for a CQE (so a batched loop takes them as a run). */
static void
dz_post(struct dz *z, enum dz_kind kind, uint32_t i)
{
	const bool last = i == FRAMES - 1;
	const uint8_t ce = last ? MLX5_WQE_CTRL_CQ_UPDATE : 0;
	uint8_t *w = z->sq.buf + (size_t)(z->pi & (SQ_N - 1)) * 64;

	if (kind == DZ_EMPW) {
		struct emu_empw_pkt p[2] = {
			{ z->f[i], z->len, z->mr->lkey, false },
			{ z->f[i], z->len, z->mr->lkey, false },
		};

		/* The bad WQE's second packet is the 0-byte one: its first
		 * is sent, as the packets before a bad segment are. */
		if (i == BAD)
			p[1].len = 0;
		z->pi += emu_wqe_empw(z->sq.buf, SQ_N, z->sq.qn, z->pi, p,
				      i == BAD ? 2 : 1, 0, ce);
		return;
	}
	emu_wqe_send(z->sq.buf, SQ_N, z->sq.qn, z->pi, z->f[i], z->len,
		     z->mr->lkey);
	w[11] = ce; /* fm_ce_se */
	if (i == BAD) {
		struct mlx5_wqe_data_seg *ds =
			(struct mlx5_wqe_data_seg *)(w + 48);

		ds->byte_count = 0;
		if (kind == DZ_TSO) {
			struct mlx5_wqe_eth_seg *eth =
				(struct mlx5_wqe_eth_seg *)(w + 16);

			w[3] = MLX5_OPCODE_TSO;
			eth->mss = htobe16(1000);
		}
	}
	z->pi++;
}

/* Frames the wire ring has no slot buffer for go another way than the
 * batched loops: a lap of it first (more frames than its 2048 slots),
 * drained. */
#define LAP 2100u

static int
dz_lap(struct dz *z)
{
	uint8_t out[256];
	uint32_t sent = 0, k;

	while (sent < LAP) {
		for (k = 0; k < SQ_N; k++, sent++) {
			emu_wqe_send(z->sq.buf, SQ_N, z->sq.qn, z->pi, z->f[0],
				     z->len, z->mr->lkey);
			if (k != SQ_N - 1)
				z->sq.buf[(size_t)(z->pi & (SQ_N - 1)) * 64 +
					  11] = 0;
			z->pi++;
		}
		z->sq.dbr[MLX5X_SND_DBR] = htobe32(z->pi);
		TEST_ASSERT(emu_q_poll_cqe(&z->sq, 200) != NULL, "lap CQE");
		while (emu.capture_wire(0, out, sizeof(out)) > 0)
			;
	}
	return MLX5X_TEST_PASS;
}

/*
 * The run on a device of config cfg: the error CQE names the bad WQE with
 * a local length error; the wire got the frames before it (and the first
 * packet of a bad eMPW WQE), nothing after; the SQ takes no more WQEs.
 */
static int
dz_run(const char *cfg, enum dz_kind kind, bool trace)
{
	const char *name = dz_kind_name[kind];
	uint16_t bad_idx = 0;
	struct mlx5_cqe64 *cqe;
	struct dz z;
	uint32_t i;
	const char *why;

	memset(&z, 0, sizeof(z));
	TEST_ASSERT(emu_dev_open(&z.d, cfg) == 0, "open %s", cfg);
	TEST_ASSERT_EQ(emu.trace_enable(0, trace), 0, "trace %d", trace);
	TEST_ASSERT_EQ(emu_q_create(&z.d, &z.sq, true, SQ_LOG, 6), 0, "sq");
	TEST_ASSERT_EQ(emu_q_modify(&z.sq, 0, 1), 0, "ready");
	for (i = 0; i < FRAMES; i++) {
		z.len = (uint32_t)emu_frame_udp4(z.f[i], dz_mac, 0x0a000001,
						 0x0a000002, 1000 + i, 2000,
						 FRAME_PAYLOAD);
		if (kind == DZ_TSO) {
			/* TCP, 20-byte header: what LSO cuts. */
			z.f[i][23] = 6;
			z.f[i][46] = 5 << 4;
		}
	}
	z.mr = emu.reg_mr(z.d.pd, z.f, sizeof(z.f), 0);
	TEST_ASSERT(z.mr != NULL, "mr");
	TEST_ASSERT_EQ(dz_lap(&z), MLX5X_TEST_PASS, "a lap of the wire");
	for (i = 0; i < FRAMES; i++) {
		if (i == BAD)
			bad_idx = z.pi;
		dz_post(&z, kind, i);
	}
	/* One doorbell for the run. */
	z.sq.dbr[MLX5X_SND_DBR] = htobe32(z.pi);
	cqe = emu_q_poll_cqe(&z.sq, 200);
	TEST_ASSERT(cqe != NULL, "%s %s: a CQE", cfg, name);
	TEST_ASSERT_EQ(cqe->op_own >> 4, MLX5_CQE_REQ_ERR,
		       "%s %s: an error CQE", cfg, name);
	TEST_ASSERT_EQ(((struct mlx5_err_cqe *)cqe)->syndrome,
		       MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR,
		       "%s %s: local length error", cfg, name);
	TEST_ASSERT_EQ(be16toh(cqe->wqe_counter), bad_idx,
		       "%s %s: it names the bad WQE", cfg, name);
	for (i = 0; i < BAD + (kind == DZ_EMPW); i++) {
		why = emu_wire_next(z.f[i], z.len);
		TEST_ASSERT(why == NULL, "%s %s: frame %u before it: %s", cfg,
			    name, i, why);
	}
	TEST_ASSERT(emu.capture_wire(0, z.f[0], sizeof(z.f[0])) <= 0,
		    "%s %s: nothing else on the wire", cfg, name);
	TEST_ASSERT(emu_q_poll_cqe(&z.sq, 5) == NULL,
		    "%s %s: no CQE for the WQE behind it", cfg, name);
	TEST_ASSERT_EQ(emu.trace_enable(0, 0), 0, "trace off");
	emu_q_destroy(&z.sq);
	emu.dereg_mr(z.mr);
	emu_dev_close(&z.d);
	return MLX5X_TEST_PASS;
}

/* The ways an SQ's WQEs go, each with every kind of WQE. */
static int
dz_every_kind(const char *cfg, bool trace)
{
	int kind;

	for (kind = DZ_SEND; kind <= DZ_TSO; kind++)
		TEST_ASSERT_EQ(dz_run(cfg, kind, trace), MLX5X_TEST_PASS,
			       "%s, %s, trace %d", cfg, dz_kind_name[kind],
			       trace);
	return MLX5X_TEST_PASS;
}

/* An SQ straight to the wire: its batched loops take the run. */
static int
test_dseg_zero_direct(void)
{
	return dz_every_kind("model=cx5,wire=drop", false);
}

/* The same WQEs the general way (tracing says where each frame went). */
static int
test_dseg_zero_general(void)
{
	return dz_every_kind("model=cx5,wire=drop", true);
}

/* A PF whose frames pass the E-Switch (legacy mode with a VF). */
static int
test_dseg_zero_eswitch(void)
{
	return dz_every_kind("model=cx5,vfs=1,wire=drop,vf_end=drop", false);
}

MLX5X_TEST_SUITE(emu_sq_dseg_zero_suite, "emu_sq_dseg_zero", "emulator", NULL,
		 NULL, MLX5X_TEST_CASE(test_dseg_zero_direct),
		 MLX5X_TEST_CASE(test_dseg_zero_general),
		 MLX5X_TEST_CASE(test_dseg_zero_eswitch))
