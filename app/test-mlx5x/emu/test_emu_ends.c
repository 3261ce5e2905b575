/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, frame ends: what leaves through the wire is kept for
 * mlx5x_emu_capture_wire in order, bounded to the newest 1024 frames, with
 * its exact bytes and length whatever the mix of sizes, and taking frames
 * out while more arrive keeps the order.
 *
 * Frames reach the wire from VF 0 of a legacy E-Switch (a destination MAC
 * no function owns), each numbered in its source IPv4 address.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

#define ENDS_BOUND 1024u /* README: capture bounded to 1024 frames */

/* Frame number n: 64 bytes, or 1500 every seventh so slots meet sizes
 * larger than the ones they held before. */
static size_t
ends_frame(uint8_t *f, uint32_t n)
{
	return emu_frame_udp4(f, (const uint8_t *)"\x02\x99\x00\x00\x00\x01",
			      0x0a000000 + n, 0x0a0000ff, 1000, 2000,
			      n % 7 == 6 ? 1458 : 22);
}

static int
ends_send(uint32_t from, uint32_t to)
{
	uint8_t f[1600];
	uint32_t n;

	for (n = from; n < to; n++)
		if (emu.inject_vf(0, 0, f, ends_frame(f, n)) != 0)
			return -1;
	return 0;
}

/* Takes the next frame off the wire and checks it is frame n, byte for
 * byte; 0 or the reason. */
static const char *
ends_take(uint32_t n)
{
	uint8_t want[1600], got[1600];
	size_t len = ends_frame(want, n);
	int r = emu.capture_wire(0, got, sizeof(got));

	if (r <= 0)
		return "no frame";
	if ((size_t)r != len)
		return "length";
	if (memcmp(got, want, len) != 0)
		return "bytes (another frame, or corrupted)";
	return NULL;
}

static int
test_ends_wire_keeps_newest_in_order(void)
{
	const uint32_t total = ENDS_BOUND + 476;
	struct emu_dev d;
	const char *why;
	uint8_t buf[64];
	uint32_t n;

	TEST_ASSERT(emu_dev_open(&d,
				 "esw=legacy,vfs=1,wire=drop,vf_end=drop") == 0,
		    "open");
	TEST_ASSERT_EQ(ends_send(0, total), 0, "send");
	for (n = total - ENDS_BOUND; n < total; n++) {
		why = ends_take(n);
		TEST_ASSERT(why == NULL, "frame %u: %s", n, why);
	}
	TEST_ASSERT_EQ(emu.capture_wire(0, buf, sizeof(buf)), 0,
		       "the oldest %u went", total - ENDS_BOUND);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Taking frames out between bursts, the ring wrapping, growing and
 * dropping its oldest while one frame is out: still every frame in order. */
static int
test_ends_wire_taken_while_sending(void)
{
	/* Bursts sent, then frames taken: the last burst overflows the
	 * bound, so the first 1340 - 1024 frames sent are gone. */
	static const uint32_t plan[][2] = {
		{ 100, 30 },
		{ 200, 10 },
		{ 40, 200 },
		{ 1000, 0 },
	};
	uint32_t sent = 0, next = 0, pending, i, k;
	struct emu_dev d;
	const char *why;
	uint8_t buf[64];

	TEST_ASSERT(emu_dev_open(&d,
				 "esw=legacy,vfs=1,wire=drop,vf_end=drop") == 0,
		    "open");
	for (i = 0; i < sizeof(plan) / sizeof(plan[0]); i++) {
		TEST_ASSERT_EQ(ends_send(sent, sent + plan[i][0]), 0, "send");
		sent += plan[i][0];
		pending = sent - next;
		if (pending > ENDS_BOUND)
			next = sent - ENDS_BOUND;
		for (k = 0; k < plan[i][1]; k++, next++) {
			why = ends_take(next);
			TEST_ASSERT(why == NULL, "step %u, frame %u: %s", i,
				    next, why);
		}
	}
	TEST_ASSERT(sent - next == ENDS_BOUND, "the bound was reached");
	for (; next < sent; next++) {
		why = ends_take(next);
		TEST_ASSERT(why == NULL, "frame %u: %s", next, why);
	}
	TEST_ASSERT_EQ(emu.capture_wire(0, buf, sizeof(buf)), 0, "all taken");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_ends_suite, "emu_ends", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_ends_wire_keeps_newest_in_order),
		 MLX5X_TEST_CASE(test_ends_wire_taken_while_sending))
