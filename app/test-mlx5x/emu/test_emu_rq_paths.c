/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, the two ways a frame completes on a cyclic RQ: a
 * frame that fits its WQE's first data segment takes the plain path
 * (the CQE built from the RQ's template and written once), one that
 * spills into the second segment the general scatter path. The same
 * frames (UDP and TCP headers, VLAN tagged or not, checksums right and
 * wrong, 60 to 300 bytes) through both must give the same bytes in the
 * buffers and the same 64-byte CQEs. And every short length lands
 * whole.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

#define PATHS_FRAMES 48
#define PATHS_LOG_RING 6 /* 64 WQEs: every frame its own */
#define PATHS_BUF 2048u

static const uint8_t pf_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x00 };

/* xorshift32: the same frames on every run. */
static uint32_t
paths_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Frame i: UDP/IPv4 from the test library, then varied: a VLAN tag put
 * in, TCP instead of UDP, a checksum spoilt, random payload bytes. */
static size_t
paths_frame(uint8_t *f, unsigned int i)
{
	uint32_t s = 0x9e3779b9u ^ (i * 0x85ebca6bu);
	size_t len = emu_frame_udp4(f, pf_mac, 0x0a000001 + i, 0x0a000002,
				    1000 + i, 2000 + i, 18 + i * 5);
	size_t k;

	/* Every other frame's payload scrambled: its UDP sum now wrong. */
	for (k = 42; i % 2 == 0 && k < len; k++)
		if (paths_rand(&s) & 1)
			f[k] = (uint8_t)paths_rand(&s);
	if (i % 3 == 1)
		f[23] = 6; /* TCP: another header type, checksum wrong */
	if (i % 4 == 2)
		f[24] ^= 0x40; /* IPv4 header checksum wrong */
	if (i % 5 == 3) {
		/* An 802.1Q tag after the MACs. */
		memmove(f + 16, f + 12, len - 12);
		f[12] = 0x81;
		f[13] = 0x00;
		f[14] = 0x20;
		f[15] = (uint8_t)i;
		len += 4;
	}
	return len;
}

/*
 * One RQ whose WQEs hold n_seg data segments (the first first_len bytes,
 * the next PATHS_BUF), direct steering, PATHS_FRAMES frames. The CQEs
 * and the bytes each frame left in its buffers go to cqes and data.
 */
static int
paths_run(uint32_t n_seg, uint32_t first_len, uint8_t (*cqes)[64],
	  uint8_t (*data)[512])
{
	const uint32_t n = 1u << PATHS_LOG_RING;
	const size_t wqe_bytes = (size_t)n_seg * PATHS_BUF;
	uint8_t frame[512];
	struct emu_steer s;
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q q;
	uint32_t i, k;
	uint8_t *mem;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	mem = calloc(n, wqe_bytes);
	TEST_ASSERT(mem != NULL, "buffers");
	mr = emu.reg_mr(d.pd, mem, n * wqe_bytes, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(mr != NULL, "mr");
	TEST_ASSERT(emu_q_create(&d, &q, false, PATHS_LOG_RING,
				 n_seg == 1 ? 4 : 5) == 0,
		    "rq of %u-segment WQEs", n_seg);
	for (i = 0; i < n; i++)
		for (k = 0; k < n_seg; k++) {
			struct mlx5_wqe_data_seg *ds =
				(struct mlx5_wqe_data_seg *)(q.buf +
							     (i * n_seg + k) *
								     16);
			uint8_t *b = mem + i * wqe_bytes + k * PATHS_BUF;

			ds->byte_count =
				htobe32(k == 0 ? first_len : PATHS_BUF);
			ds->lkey = htobe32(mr->lkey);
			ds->addr = htobe64((uintptr_t)b);
		}
	q.pi = n;
	q.dbr[0] = htobe32(n);
	TEST_ASSERT_EQ(emu_q_modify(&q, 0, 1), 0, "ready");
	TEST_ASSERT(emu_steer_direct(&d, &s, q.qn, 0x5a5a) == 0, "steering");
	for (i = 0; i < PATHS_FRAMES; i++) {
		size_t len = paths_frame(frame, i);
		const struct mlx5_cqe64 *cqe;
		const uint8_t *b = mem + i * wqe_bytes;

		TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject %u",
			       i);
		cqe = emu_q_poll_cqe(&q, 100);
		TEST_ASSERT(cqe != NULL, "frame %u: a CQE", i);
		memcpy(cqes[i], cqe, 64);
		/* The frame as the buffers hold it, gathered back. */
		memset(data[i], 0, 512);
		memcpy(data[i], b, len < first_len ? len : first_len);
		if (len > first_len)
			memcpy(data[i] + first_len, b + PATHS_BUF,
			       len - first_len);
		TEST_ASSERT(memcmp(data[i], frame, len) == 0,
			    "frame %u: the bytes in the buffers", i);
	}
	emu_rx_teardown(&s, &q, mr, mem, &d);
	return MLX5X_TEST_PASS;
}

static int
test_rq_plain_and_scatter_complete_alike(void)
{
	static uint8_t cqe_plain[PATHS_FRAMES][64], cqe_scat[PATHS_FRAMES][64];
	static uint8_t data_plain[PATHS_FRAMES][512],
		data_scat[PATHS_FRAMES][512];
	unsigned int i, j;
	int rc;

	/* One 2 KiB segment: every frame fits the first. */
	rc = paths_run(1, PATHS_BUF, cqe_plain, data_plain);
	if (rc != MLX5X_TEST_PASS)
		return rc;
	/* A first segment of 40 bytes: every frame spills into the second. */
	rc = paths_run(2, 40, cqe_scat, data_scat);
	if (rc != MLX5X_TEST_PASS)
		return rc;
	for (i = 0; i < PATHS_FRAMES; i++) {
		TEST_ASSERT(memcmp(data_plain[i], data_scat[i], 512) == 0,
			    "frame %u: same bytes either way", i);
		for (j = 0; j < 64; j++)
			TEST_ASSERT_EQ(cqe_plain[i][j], cqe_scat[i][j],
				       "frame %u: CQE byte %u", i, j);
	}
	/* The frames were of several kinds: L3 and L4 checksums each good
	 * and bad, UDP and TCP header types. */
	{
		uint8_t ok_or = 0, ok_and = 0xff, hdr_or = 0, hdr_and = 0xff;

		for (i = 0; i < PATHS_FRAMES; i++) {
			ok_or |= cqe_plain[i][MLX5X_CQE_OFF_HDS_IP_EXT];
			ok_and &= cqe_plain[i][MLX5X_CQE_OFF_HDS_IP_EXT];
			hdr_or |= cqe_plain[i][MLX5X_CQE_OFF_L4_L3_HDR_TYPE];
			hdr_and &= cqe_plain[i][MLX5X_CQE_OFF_L4_L3_HDR_TYPE];
		}
		TEST_ASSERT((ok_or & ~ok_and &
			     (MLX5X_CQE_L3_OK | MLX5X_CQE_L4_OK)) ==
				    (MLX5X_CQE_L3_OK | MLX5X_CQE_L4_OK),
			    "L3 and L4 OK flags both set and clear");
		TEST_ASSERT(hdr_or != hdr_and, "several header types");
	}
	return MLX5X_TEST_PASS;
}

/*
 * Every frame length from the shortest the wire takes (14 bytes) to 96,
 * random bytes behind a non-IP ethertype, through the plain path: the
 * buffer holds exactly the frame (the byte after it untouched) and the
 * CQE's byte count says its length. Short frames are copied in pieces
 * whose bounds depend on the length; each length is its own case.
 */
static int
test_rq_every_short_length_lands_whole(void)
{
	const uint32_t n = 1u << PATHS_LOG_RING, first = 14, last = 96;
	uint64_t seed = 0x3c6ef372fe94f82bull;
	uint8_t frame[128];
	struct emu_steer s;
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q q;
	uint32_t len, k;
	uint8_t *mem;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	mem = malloc((size_t)n * PATHS_BUF);
	TEST_ASSERT(mem != NULL, "buffers");
	memset(mem, 0xee, (size_t)n * PATHS_BUF);
	mr = emu.reg_mr(d.pd, mem, (size_t)n * PATHS_BUF,
			IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(mr != NULL, "mr");
	TEST_ASSERT(emu_q_create(&d, &q, false, PATHS_LOG_RING, 4) == 0, "rq");
	emu_rq_post(&q, mem, mr->lkey, n, PATHS_BUF);
	q.pi = n;
	TEST_ASSERT_EQ(emu_q_modify(&q, 0, 1), 0, "ready");
	TEST_ASSERT(emu_steer_direct(&d, &s, q.qn, 0) == 0, "steering");
	for (len = first; len <= last; len++) {
		const uint32_t slot = (len - first) % n;
		const uint8_t *b = mem + (size_t)slot * PATHS_BUF;
		const struct mlx5_cqe64 *cqe;

		memcpy(frame, pf_mac, 6);
		for (k = 6; k < len; k++)
			frame[k] = (uint8_t)emu_test_rand(&seed);
		frame[12] = 0x88; /* IEEE local experimental ethertype */
		frame[13] = 0xb5;
		TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0,
			       "inject %u bytes", len);
		cqe = emu_q_poll_cqe(&q, 100);
		TEST_ASSERT(cqe != NULL, "%u bytes: a CQE", len);
		TEST_ASSERT_EQ(be32toh(cqe->byte_cnt), len,
			       "%u bytes: the CQE's byte count", len);
		TEST_ASSERT(memcmp(b, frame, len) == 0,
			    "%u bytes: the frame in its buffer", len);
		TEST_ASSERT_EQ(b[len], 0xee, "%u bytes: nothing written past",
			       len);
		/* The WQE back on the ring, its buffer as it was. */
		memset(mem + (size_t)slot * PATHS_BUF, 0xee, PATHS_BUF);
		q.dbr[0] = htobe32(++q.pi);
	}
	emu_rx_teardown(&s, &q, mr, mem, &d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_rq_paths_suite, "emu_rq_paths", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_rq_plain_and_scatter_complete_alike),
		 MLX5X_TEST_CASE(test_rq_every_short_length_lands_whole))
