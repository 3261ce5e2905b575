/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, the access rights of memory regions. ibv_reg_mr(3):
 * local read is always granted; the adapter writes (an RQ's scatter)
 * only into an MR registered with IBV_ACCESS_LOCAL_WRITE, and remote
 * write or atomic access without local write is refused at
 * registration (EINVAL). A receive into an MR without local write
 * completes with a local protection error (ibv_poll_cq(3): the scatter
 * list names no MR valid for the operation), writes nothing and moves
 * the RQ to ERR, on every receive path: the first data segment the RQ
 * found no MR for yet, the one it cached an MR for, a later data
 * segment, a striding WQE. An SQ gathers from an MR with no rights.
 * And a key of a deregistered MR names nothing, even once its slot
 * holds a new registration, nor once an RQ cached its MR; registrations racing the engine's traffic
 * leave both whole (ASan watches the MR table grow under the engine).
 * DevX umems take the access flags the kernel takes, and a CQ whose
 * umem grants no write fails its first CQE write (CQ_WRITE_FAIL).
 */
#include <endian.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

static const uint8_t acc_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x00 };

/* After the refused frame: the RQ takes no more (it is in ERR). */
static int
acc_rq_stopped(struct emu_rxs *a)
{
	uint8_t f[256];

	TEST_ASSERT_EQ(emu_rxs_frame(a, f, 100, 9), -1,
		       "no CQE from the RQ in ERR");
	return MLX5X_TEST_PASS;
}

/* A frame of payload + 42 bytes refused: a local protection error, none
 * of the first ro_bytes of the MR without local write written, the RQ in
 * ERR. */
static int
acc_refused(struct emu_rxs *a, uint8_t *f, size_t payload, size_t ro_bytes)
{
	TEST_ASSERT_EQ(emu_rxs_frame(a, f, payload, 2),
		       MLX5_CQE_SYNDROME_LOCAL_PROT_ERR,
		       "local protection error");
	TEST_ASSERT(emu_mem_zero(a->ro_mem, ro_bytes),
		    "nothing written into the MR without local write");
	return acc_rq_stopped(a);
}

/* Registrations of 4 KB by access rights: 0 when one took (and was let
 * go again), -1 with errno when refused. */
typedef int (*acc_reg_fn)(struct emu_dev *d, void *mem, size_t len, int access);

static int
acc_reg_mr(struct emu_dev *d, void *mem, size_t len, int access)
{
	struct ibv_mr *mr = emu.reg_mr(d->pd, mem, len, access);

	if (mr == NULL)
		return -1;
	/* A real key, not the reserved one. */
	if (mr->lkey >> 8 == 0) {
		emu.dereg_mr(mr);
		errno = 0;
		return -1;
	}
	return emu.dereg_mr(mr) == 0 ? 0 : -1;
}

static int
acc_reg_umem(struct emu_dev *d, void *mem, size_t len, int access)
{
	struct mlx5dv_devx_umem *u =
		emu.umem_reg(d->ctx, mem, len, (uint32_t)access);

	if (u == NULL)
		return -1;
	return emu.umem_dereg(u) == 0 ? 0 : -1;
}

/* Every access in bad refused with EINVAL, every one in good registered. */
static int
acc_rights(acc_reg_fn reg, const int *bad, size_t nbad, const int *good,
	   size_t ngood, const char *what)
{
	static uint8_t mem[4096];
	struct emu_dev d;
	size_t i;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	for (i = 0; i < nbad; i++) {
		errno = 0;
		TEST_ASSERT(reg(&d, mem, sizeof(mem), bad[i]) == -1 &&
				    errno == EINVAL,
			    "%s access 0x%x: EINVAL", what, bad[i]);
	}
	for (i = 0; i < ngood; i++)
		TEST_ASSERT_EQ(reg(&d, mem, sizeof(mem), good[i]), 0,
			       "%s access 0x%x registers", what, good[i]);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* ibv_reg_mr(3): remote write or atomic access needs local write. */
static int
test_reg_mr_remote_needs_local_write(void)
{
	static const int bad[] = { IBV_ACCESS_REMOTE_WRITE,
				   IBV_ACCESS_REMOTE_ATOMIC,
				   IBV_ACCESS_REMOTE_WRITE |
					   IBV_ACCESS_REMOTE_READ };
	static const int good[] = { 0, IBV_ACCESS_REMOTE_READ,
				    IBV_ACCESS_LOCAL_WRITE,
				    IBV_ACCESS_LOCAL_WRITE |
					    IBV_ACCESS_REMOTE_WRITE |
					    IBV_ACCESS_REMOTE_ATOMIC };

	return acc_rights(acc_reg_mr, bad, sizeof(bad) / sizeof(bad[0]), good,
			  sizeof(good) / sizeof(good[0]), "MR");
}

/*
 * One-segment WQEs: WQE 0 in the writable MR, WQE 1 in the other one.
 * The first frame lands (the RQ now caches the writable MR); the second
 * names another key: a local protection error, its buffer untouched.
 * With ro_access LOCAL_WRITE as well, both land: the check is the right,
 * not the key.
 */
static int
acc_first_segment(int ro_access, const char *what)
{
	uint8_t f[256];
	struct emu_rxs a;

	if (emu_rxs_open(&a, 1, ro_access) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	emu_rxs_seg(&a, 0, 0, true, EMU_RXS_BUF);
	emu_rxs_seg(&a, 1, 0, false, EMU_RXS_BUF);
	emu_rxs_seg(&a, 2, 0, true, EMU_RXS_BUF);
	emu_rxs_seg(&a, 3, 0, true, EMU_RXS_BUF);
	TEST_ASSERT_EQ(emu_rxs_start(&a), MLX5X_TEST_PASS, "start");
	TEST_ASSERT_EQ(emu_rxs_frame(&a, f, 100, 1), 0, "%s: frame 0 lands",
		       what);
	TEST_ASSERT(memcmp(a.rw_mem, f, 142) == 0, "%s: its bytes", what);
	if (!(ro_access & IBV_ACCESS_LOCAL_WRITE)) {
		TEST_ASSERT_EQ(acc_refused(&a, f, 100, EMU_RXS_BUF),
			       MLX5X_TEST_PASS, "%s: frame 1 refused", what);
	} else {
		TEST_ASSERT_EQ(emu_rxs_frame(&a, f, 100, 2), 0,
			       "%s: frame 1 into the other MR", what);
		TEST_ASSERT(memcmp(a.ro_mem + EMU_RXS_BUF, f, 142) == 0,
			    "%s: its bytes", what);
	}
	emu_rxs_close(&a);
	return MLX5X_TEST_PASS;
}

static int
test_rq_first_segment_needs_local_write(void)
{
	TEST_ASSERT_EQ(acc_first_segment(0, "no rights"), MLX5X_TEST_PASS,
		       "no rights");
	TEST_ASSERT_EQ(acc_first_segment(IBV_ACCESS_REMOTE_READ,
					 "remote read only"),
		       MLX5X_TEST_PASS, "remote read only");
	TEST_ASSERT_EQ(acc_first_segment(IBV_ACCESS_LOCAL_WRITE, "local write"),
		       MLX5X_TEST_PASS, "local write");
	return MLX5X_TEST_PASS;
}

/* The first frame the RQ ever takes, into an MR without local write (no
 * MR cached yet): refused the same way. */
static int
test_rq_no_write_from_the_start(void)
{
	uint8_t f[256];
	struct emu_rxs a;
	uint32_t w;

	if (emu_rxs_open(&a, 1, 0) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	for (w = 0; w < EMU_RXS_WQES; w++)
		emu_rxs_seg(&a, w, 0, false, EMU_RXS_BUF);
	TEST_ASSERT_EQ(emu_rxs_start(&a), MLX5X_TEST_PASS, "start");
	TEST_ASSERT_EQ(acc_refused(&a, f, 100, EMU_RXS_BUF), MLX5X_TEST_PASS,
		       "the first frame refused");
	emu_rxs_close(&a);
	return MLX5X_TEST_PASS;
}

/* Two-segment WQEs, the first 64 bytes in the writable MR, the rest in
 * the other: a 60-byte frame lands; a 142-byte one spills into the
 * second segment and is refused, nothing written into that one. */
static int
test_rq_later_segment_needs_local_write(void)
{
	uint8_t f[256];
	struct emu_rxs a;
	uint32_t w;

	if (emu_rxs_open(&a, 2, 0) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	for (w = 0; w < EMU_RXS_WQES; w++) {
		emu_rxs_seg(&a, w, 0, true, 64);
		emu_rxs_seg(&a, w, 1, false, EMU_RXS_BUF);
	}
	TEST_ASSERT_EQ(emu_rxs_start(&a), MLX5X_TEST_PASS, "start");
	TEST_ASSERT_EQ(emu_rxs_frame(&a, f, 18, 1), 0, "60 bytes land");
	TEST_ASSERT_EQ(acc_refused(&a, f, 100,
				   (size_t)EMU_RXS_WQES * 2 * EMU_RXS_BUF),
		       MLX5X_TEST_PASS, "142 bytes refused");
	emu_rxs_close(&a);
	return MLX5X_TEST_PASS;
}

/* A striding RQ whose WQEs' buffers lie in an MR without local write. */
static int
test_mprq_needs_local_write(void)
{
	uint8_t f[256], *mem;
	struct emu_steer s;
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q q;
	uint32_t w, len;

	TEST_ASSERT_EQ(emu_mprq_open(&d, &q, &mem, &mr, IBV_ACCESS_REMOTE_READ),
		       MLX5X_TEST_PASS, "striding RQ");
	/* PRM striding WQE: a 16-byte next segment, then the data
	 * segment. */
	for (w = 0; w < 2; w++)
		emu_wqe_dseg(q.buf + w * 32 + 16, mem + w * EMU_MPRQ_WQE_BYTES,
			     EMU_MPRQ_WQE_BYTES, mr->lkey);
	TEST_ASSERT_EQ(emu_mprq_start(&d, &q, &s, 2), MLX5X_TEST_PASS, "start");
	len = (uint32_t)emu_frame_udp4(f, acc_mac, 1, 2, 3, 4, 60);
	TEST_ASSERT_EQ(emu.inject_wire(0, f, len), 0, "inject");
	TEST_ASSERT_EQ(emu_rq_cqe_status(&q, len, 100),
		       MLX5_CQE_SYNDROME_LOCAL_PROT_ERR,
		       "local protection error");
	TEST_ASSERT(emu_mem_zero(mem, 2 * EMU_MPRQ_WQE_BYTES),
		    "nothing written");
	emu_rx_teardown(&s, &q, mr, mem, &d);
	return MLX5X_TEST_PASS;
}

/* The kernel's DEVX_UMEM_REG: local write, remote read and write and
 * relaxed ordering only, remote write only with local write (as an MR's
 * rights); EINVAL otherwise. */
static int
test_umem_reg_access_flags(void)
{
	static const int bad[] = {
		IBV_ACCESS_REMOTE_WRITE,
		IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_READ,
		IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_ATOMIC,
		IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_MW_BIND,
		IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_ZERO_BASED,
	};
	static const int good[] = {
		0,
		IBV_ACCESS_REMOTE_READ,
		IBV_ACCESS_LOCAL_WRITE,
		IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE |
			IBV_ACCESS_REMOTE_READ,
		IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_RELAXED_ORDERING,
	};

	return acc_rights(acc_reg_umem, bad, sizeof(bad) / sizeof(bad[0]), good,
			  sizeof(good) / sizeof(good[0]), "umem");
}

/*
 * A CQ on a umem registered without write access (its MTT entries
 * without wr_en): CREATE_CQ takes it, the first CQE the adapter writes
 * faults: the CQ's status CQ_WRITE_FAIL (QUERY_CQ), its ring untouched,
 * and no later CQE. An RQ whose WQE ring and doorbell record lie in such
 * a umem works: the adapter only reads them.
 */
static int
test_umem_without_write(void)
{
	uint8_t f[256];
	struct emu_rxs a;
	uint32_t i;

	memset(&a, 0, sizeof(a));
	a.q.cq_ro = true;
	TEST_ASSERT_EQ(emu_rxs_open_q(&a, 1, 0), MLX5X_TEST_PASS, "open");
	for (i = 0; i < EMU_RXS_WQES; i++)
		emu_rxs_seg(&a, i, 0, true, EMU_RXS_BUF);
	TEST_ASSERT_EQ(emu_rxs_start(&a), MLX5X_TEST_PASS, "start");
	TEST_ASSERT_EQ(emu_cq_status(&a.q), MLX5X_CQC_STATUS_OK,
		       "created, OK before any write");
	TEST_ASSERT_EQ(emu_rxs_frame(&a, f, 100, 1), -1, "no CQE");
	TEST_ASSERT_EQ(emu_cq_status(&a.q), MLX5X_CQC_STATUS_CQ_WRITE_FAIL,
		       "the CQE write failed");
	for (i = 0; i < (1u << a.q.cq_log_sz); i++)
		TEST_ASSERT_EQ(a.q.cq_buf[i * 64 + 63],
			       MLX5_CQE_INVALID << 4 | 1,
			       "CQ slot %u as software left it", i);
	TEST_ASSERT_EQ(emu_rxs_frame(&a, f, 100, 2), -1, "nor later");
	emu_rxs_close(&a);

	memset(&a, 0, sizeof(a));
	a.q.wq_ro = true;
	TEST_ASSERT_EQ(emu_rxs_open_q(&a, 1, 0), MLX5X_TEST_PASS, "open");
	for (i = 0; i < EMU_RXS_WQES; i++)
		emu_rxs_seg(&a, i, 0, true, EMU_RXS_BUF);
	TEST_ASSERT_EQ(emu_rxs_start(&a), MLX5X_TEST_PASS, "start");
	TEST_ASSERT_EQ(emu_rxs_frame(&a, f, 100, 3), 0,
		       "a WQ umem without write: the frame lands");
	TEST_ASSERT_EQ(emu_cq_status(&a.q), MLX5X_CQC_STATUS_OK, "CQ OK");
	emu_rxs_close(&a);
	return MLX5X_TEST_PASS;
}

/* An SQ gathers from an MR registered with no rights (local read is
 * always granted). */
static int
test_sq_gathers_without_rights(void)
{
	static uint8_t f[128];
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q sq;
	uint32_t len;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT_EQ(emu_q_create(&d, &sq, true, 4, 6), 0, "sq");
	TEST_ASSERT_EQ(emu_q_modify(&sq, 0, 1), 0, "ready");
	len = (uint32_t)emu_frame_udp4(f, acc_mac, 1, 2, 3, 4, 60);
	mr = emu.reg_mr(d.pd, f, sizeof(f), 0);
	TEST_ASSERT(mr != NULL, "mr, no rights");
	emu_wqe_send(sq.buf, 16, sq.qn, (uint16_t)sq.pi, f, len, mr->lkey);
	TEST_ASSERT_EQ(emu_sq_ring_one(&sq), 0, "completes");
	TEST_ASSERT(emu_wire_got(f, len), "the frame on the wire");
	emu_q_destroy(&sq);
	emu.dereg_mr(mr);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Deregistered, then registered again over the same memory: the slot is
 * the same, the key is not, and the old key names nothing (mlx5 mkeys
 * carry a key byte that moves on). */
static int
test_stale_key_of_a_reused_slot(void)
{
	static uint8_t f[128];
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q sq;
	uint32_t len, old;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT_EQ(emu_q_create(&d, &sq, true, 4, 6), 0, "sq");
	TEST_ASSERT_EQ(emu_q_modify(&sq, 0, 1), 0, "ready");
	len = (uint32_t)emu_frame_udp4(f, acc_mac, 1, 2, 3, 4, 60);
	mr = emu.reg_mr(d.pd, f, sizeof(f), 0);
	TEST_ASSERT(mr != NULL, "mr");
	old = mr->lkey;
	TEST_ASSERT_EQ(emu.dereg_mr(mr), 0, "dereg");
	mr = emu.reg_mr(d.pd, f, sizeof(f), 0);
	TEST_ASSERT(mr != NULL, "mr again");
	TEST_ASSERT_EQ(mr->lkey >> 8, old >> 8, "the same slot");
	TEST_ASSERT(mr->lkey != old, "another key");
	emu_wqe_send(sq.buf, 16, sq.qn, (uint16_t)sq.pi, f, len, old);
	TEST_ASSERT_EQ(emu_sq_ring_one(&sq), MLX5_CQE_SYNDROME_LOCAL_PROT_ERR,
		       "the old key: local protection error");
	TEST_ASSERT(emu.capture_wire(0, f, sizeof(f)) <= 0, "nothing sent");
	emu_q_destroy(&sq);
	emu.dereg_mr(mr);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/*
 * The MR the RQ cached for its first frame deregistered before the next
 * (its memory still there): the key names nothing now, so the next frame
 * is refused as any unknown key is (a local protection error, nothing
 * written, the RQ in ERR), not written through the cache. Through a
 * direct TIR and through RSS, both on the fused path.
 */
static int
acc_dereg_cached(bool rss)
{
	uint8_t f[256];
	uint64_t fused0, fused1;
	struct emu_rxs a;
	uint32_t w;

	if (emu_rxs_open(&a, 1, 0) != MLX5X_TEST_PASS)
		return MLX5X_TEST_FAIL;
	for (w = 0; w < EMU_RXS_WQES; w++)
		emu_rxs_seg(&a, w, 0, true, EMU_RXS_BUF);
	TEST_ASSERT_EQ(emu_rxs_start_rss(&a, rss), MLX5X_TEST_PASS, "start");
	TEST_ASSERT_EQ(emu.rx_fused(0, -1, &fused0), 0, "hook");
	TEST_ASSERT_EQ(emu_rxs_frame(&a, f, 100, 1), 0, "frame 0 lands");
	TEST_ASSERT_EQ(emu.rx_fused(0, -1, &fused1), 0, "hook");
	TEST_ASSERT_EQ(fused1 - fused0, 1, "on the fused path (the cache's)");
	TEST_ASSERT_EQ(emu.dereg_mr(a.rw), 0, "dereg the cached MR");
	a.rw = NULL;
	TEST_ASSERT_EQ(emu_rxs_frame(&a, f, 100, 2),
		       MLX5_CQE_SYNDROME_LOCAL_PROT_ERR,
		       "frame 1: local protection error");
	TEST_ASSERT(emu_mem_zero(a.rw_mem + EMU_RXS_BUF, EMU_RXS_BUF),
		    "nothing written into WQE 1's buffer");
	TEST_ASSERT_EQ(acc_rq_stopped(&a), MLX5X_TEST_PASS, "RQ stopped");
	emu_rxs_close(&a);
	return MLX5X_TEST_PASS;
}

static int
test_rq_cached_mr_deregistered(void)
{
	TEST_ASSERT_EQ(acc_dereg_cached(false), MLX5X_TEST_PASS, "direct TIR");
	TEST_ASSERT_EQ(acc_dereg_cached(true), MLX5X_TEST_PASS, "RSS");
	return MLX5X_TEST_PASS;
}

/* Registrations while the engine sends: RACE_LIVE MRs held at a time
 * (the table grows, reallocated, past its first 64 slots), RACE_ROUNDS
 * registered and deregistered in all. */
#define RACE_ROUNDS 3000u
#define RACE_LIVE 100u
#define RACE_SENDS 1000u

struct race {
	struct ibv_pd *pd;
	uint8_t mem[RACE_LIVE][64];
	int bad; /* a registration refused or a key seen twice at once */
};

static void *
race_reg(void *arg)
{
	struct race *r = arg;
	struct ibv_mr *live[RACE_LIVE] = { NULL };
	uint32_t i, k;

	for (i = 0; i < RACE_ROUNDS; i++) {
		k = i % RACE_LIVE;
		if (live[k] != NULL && emu.dereg_mr(live[k]) != 0)
			r->bad++;
		live[k] = emu.reg_mr(r->pd, r->mem[k], sizeof(r->mem[k]),
				     IBV_ACCESS_LOCAL_WRITE);
		if (live[k] == NULL || live[k]->addr != r->mem[k] ||
		    live[k]->length != sizeof(r->mem[k]))
			r->bad++;
	}
	for (k = 0; k < RACE_LIVE; k++)
		if (live[k] != NULL)
			emu.dereg_mr(live[k]);
	return NULL;
}

static int
test_reg_mr_races_traffic(void)
{
	static struct race r;
	static uint8_t f[128];
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q sq;
	pthread_t th;
	uint32_t i, len;
	int st = 0;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	TEST_ASSERT_EQ(emu_q_create(&d, &sq, true, 4, 6), 0, "sq");
	TEST_ASSERT_EQ(emu_q_modify(&sq, 0, 1), 0, "ready");
	len = (uint32_t)emu_frame_udp4(f, acc_mac, 1, 2, 3, 4, 60);
	mr = emu.reg_mr(d.pd, f, sizeof(f), 0);
	TEST_ASSERT(mr != NULL, "mr");
	memset(&r, 0, sizeof(r));
	r.pd = d.pd;
	TEST_ASSERT_EQ(pthread_create(&th, NULL, race_reg, &r), 0, "thread");
	for (i = 0; i < RACE_SENDS && st == 0; i++) {
		emu_wqe_send(sq.buf, 16, sq.qn, (uint16_t)sq.pi, f, len,
			     mr->lkey);
		st = emu_sq_ring_one(&sq);
		if (st == 0 && emu_wire_next(f, len) != NULL)
			st = -2; /* not the frame on the wire */
	}
	pthread_join(th, NULL);
	TEST_ASSERT_EQ(st, 0,
		       "every send completes, its frame on the wire (send %u)",
		       i);
	TEST_ASSERT_EQ(r.bad, 0, "every registration whole");
	emu_q_destroy(&sq);
	emu.dereg_mr(mr);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_mr_access_suite, "emu_mr_access", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_reg_mr_remote_needs_local_write),
		 MLX5X_TEST_CASE(test_rq_first_segment_needs_local_write),
		 MLX5X_TEST_CASE(test_rq_no_write_from_the_start),
		 MLX5X_TEST_CASE(test_rq_later_segment_needs_local_write),
		 MLX5X_TEST_CASE(test_mprq_needs_local_write),
		 MLX5X_TEST_CASE(test_umem_reg_access_flags),
		 MLX5X_TEST_CASE(test_umem_without_write),
		 MLX5X_TEST_CASE(test_sq_gathers_without_rights),
		 MLX5X_TEST_CASE(test_stale_key_of_a_reused_slot),
		 MLX5X_TEST_CASE(test_rq_cached_mr_deregistered),
		 MLX5X_TEST_CASE(test_reg_mr_races_traffic))
