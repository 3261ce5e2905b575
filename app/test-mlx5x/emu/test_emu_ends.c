/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, frame ends: what leaves through the wire is kept for
 * mlx5x_emu_capture_wire in order, bounded to the newest 1024 frames, with
 * its exact bytes and length whatever the mix of sizes, and taking frames
 * out while more arrive keeps the order.
 *
 * The same ends by reference (mlx5x_emu_capture_wire_burst, _release):
 * bursts in order across the ring's wrap, held frames unchanged while
 * frames keep arriving and the oldest waiting ones go, the bound kept, bad
 * arguments refused, and a consumer thread taking bursts while the engine
 * thread sends an SQ's WQEs (under ASan in devtools/mlx5x-test).
 *
 * Frames reach the wire from VF 0 of a legacy E-Switch (a destination MAC
 * no function owns), each numbered in its source IPv4 address.
 */
#include <endian.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_emu_lib.h"

#define ENDS_BOUND 1024u /* README: capture bounded to 1024 frames */
/* README: a loop end keeps 128 waiting, its capture the same 128. */
#define ENDS_LOOP_BOUND 128u

/* Where the frames go: a MAC no function owns (out by the wire), or a
 * loop case's VF. */
static const uint8_t *ends_dst = (const uint8_t *)"\x02\x99\x00\x00\x00\x01";

/* Frame number n: 64 bytes, or 1500 every seventh so slots meet sizes
 * larger than the ones they held before. */
static size_t
ends_frame(uint8_t *f, uint32_t n)
{
	return emu_frame_udp4(f, ends_dst, 0x0a000000 + n, 0x0a0000ff, 1000,
			      2000, n % 7 == 6 ? 1458 : 22);
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

/* Takes the next frame off the wire (vf < 0) or VF vf's end and checks
 * it is frame n, byte for byte; 0 or the reason. */
static const char *
ends_take_at(int vf, uint32_t n)
{
	uint8_t want[1600], got[1600];
	size_t len = ends_frame(want, n);
	int r = vf < 0 ? emu.capture_wire(0, got, sizeof(got))
		       : emu.capture_vf(0, (unsigned int)vf, got, sizeof(got));

	if (r <= 0)
		return "no frame";
	if ((size_t)r != len)
		return "length";
	if (memcmp(got, want, len) != 0)
		return "bytes (another frame, or corrupted)";
	return NULL;
}

static const char *
ends_take(uint32_t n)
{
	return ends_take_at(-1, n);
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

/* Frame n's bytes against one taken by reference; 0 or the reason. */
static const char *
ends_check(const struct mlx5x_emu_frame *f, uint32_t n)
{
	uint8_t want[1600];
	size_t len = ends_frame(want, n);

	if (f->data == NULL)
		return "no data";
	if (f->len != len)
		return "length";
	if (memcmp(f->data, want, len) != 0)
		return "bytes (another frame, or overwritten)";
	return NULL;
}

static int
ends_open(struct emu_dev *d)
{
	return emu_dev_open(d, "esw=legacy,vfs=1,wire=drop,vf_end=drop");
}

/* Bursts of every size from 1 to 64 over 5,000 frames: the 2,048-slot
 * ring wraps twice, every frame comes once and in order. */
static int
test_ends_burst_order_across_wrap(void)
{
	struct mlx5x_emu_frame fr[64];
	uint32_t sent = 0, next = 0, size = 1;
	struct emu_dev d;
	const char *why;
	int k, i;

	TEST_ASSERT(ends_open(&d) == 0, "open");
	while (sent < 5000) {
		TEST_ASSERT_EQ(ends_send(sent, sent + 50), 0, "send");
		sent += 50;
		/* Taken until none waits, the burst size moving on. */
		do {
			k = emu.capture_wire_burst(0, fr, size);
			TEST_ASSERT(k >= 0 && (uint32_t)k <= size,
				    "burst of %u: %d", size, k);
			for (i = 0; i < k; i++, next++) {
				why = ends_check(&fr[i], next);
				TEST_ASSERT(why == NULL, "frame %u: %s", next,
					    why);
			}
			TEST_ASSERT_EQ(emu.release_wire(0), 0, "release");
			size = size % 64 + 1;
		} while (k > 0);
		TEST_ASSERT_EQ(next, sent, "every frame sent taken");
	}
	TEST_ASSERT_EQ(emu.capture_wire_burst(0, fr, 64), 0, "all taken");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* 1,500 frames into an end bounded to 1,024: one large burst takes the
 * newest 1,024 in order, the oldest 476 went. */
static int
test_ends_burst_full_ring_dropped_oldest(void)
{
	const uint32_t total = ENDS_BOUND + 476;
	struct mlx5x_emu_frame *fr = calloc(2000, sizeof(*fr));
	struct emu_dev d;
	const char *why;
	uint32_t i;

	TEST_ASSERT(fr != NULL, "array");
	TEST_ASSERT(ends_open(&d) == 0, "open");
	TEST_ASSERT_EQ(ends_send(0, total), 0, "send");
	TEST_ASSERT_EQ(emu.capture_wire_burst(0, fr, 2000), (int)ENDS_BOUND,
		       "the bound");
	for (i = 0; i < ENDS_BOUND; i++) {
		why = ends_check(&fr[i], total - ENDS_BOUND + i);
		TEST_ASSERT(why == NULL, "frame %u: %s", total - ENDS_BOUND + i,
			    why);
	}
	TEST_ASSERT_EQ(emu.release_wire(0), 0, "release");
	emu_dev_close(&d);
	free(fr);
	return MLX5X_TEST_PASS;
}

/*
 * Frames held by reference stay as they were while the end keeps
 * receiving: 40 held, 1,500 more sent (the waiting ones beyond the bound
 * go, oldest first), a second burst taken before releasing; then a
 * producer a whole ring ahead of the held frames drops new frames rather
 * than overwrite them. After the release the end runs as before.
 */
static int
test_ends_burst_held_until_release(void)
{
	struct mlx5x_emu_frame held[40], more[64], one;
	struct emu_dev d;
	const char *why;
	uint32_t i, last;
	int k;

	TEST_ASSERT(ends_open(&d) == 0, "open");
	TEST_ASSERT_EQ(ends_send(0, 100), 0, "send");
	TEST_ASSERT_EQ(emu.capture_wire_burst(0, held, 40), 40, "held");
	TEST_ASSERT_EQ(ends_send(100, 1600), 0, "send more");
	/* Waiting: 60 .. 1599, bounded to the newest 1024. */
	TEST_ASSERT_EQ(emu.capture_wire_burst(0, more, 64), 64, "more");
	for (i = 0; i < 64; i++) {
		why = ends_check(&more[i], 1600 - ENDS_BOUND + i);
		TEST_ASSERT(why == NULL, "frame %u: %s", 1600 - ENDS_BOUND + i,
			    why);
	}
	/* A lap past the first held frame: the ring's 2,048 slots from
	 * frame 0 end at frame 2047; later frames are dropped. */
	TEST_ASSERT_EQ(ends_send(1600, 4000), 0, "send a lap");
	for (i = 0; i < 40; i++) {
		why = ends_check(&held[i], i);
		TEST_ASSERT(why == NULL, "held frame %u: %s", i, why);
	}
	for (i = 0; i < 64; i++) {
		why = ends_check(&more[i], 1600 - ENDS_BOUND + i);
		TEST_ASSERT(why == NULL, "held frame %u: %s",
			    1600 - ENDS_BOUND + i, why);
	}
	last = 0;
	while ((k = emu.capture_wire_burst(0, &one, 1)) == 1) {
		uint32_t n;

		memcpy(&n, (const uint8_t *)one.data + 26, 4);
		n = be32toh(n) - 0x0a000000;
		TEST_ASSERT(n > last && n < 2048, "frame %u after %u", n, last);
		why = ends_check(&one, n);
		TEST_ASSERT(why == NULL, "frame %u: %s", n, why);
		last = n;
	}
	TEST_ASSERT_EQ(k, 0, "drained");
	TEST_ASSERT_EQ(last, 2047u, "the newest a lap allowed");
	TEST_ASSERT_EQ(emu.release_wire(0), 0, "release");
	/* Released: new frames are kept again, the copying entry too. */
	TEST_ASSERT_EQ(ends_send(5000, 5003), 0, "send after");
	TEST_ASSERT_EQ(emu.capture_wire_burst(0, more, 2), 2, "after");
	TEST_ASSERT(ends_check(&more[0], 5000) == NULL, "frame 5000");
	TEST_ASSERT(ends_check(&more[1], 5001) == NULL, "frame 5001");
	why = ends_take(5002);
	TEST_ASSERT(why == NULL, "copied while held: %s", why);
	TEST_ASSERT(ends_check(&more[1], 5001) == NULL, "still held");
	TEST_ASSERT_EQ(emu.release_wire(0), 0, "release");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Bad arguments: a device or VF that does not exist, no array. */
static int
test_ends_burst_bad_arguments(void)
{
	struct mlx5x_emu_frame fr[4];
	struct emu_dev d;

	TEST_ASSERT(ends_open(&d) == 0, "open");
	TEST_ASSERT_EQ(emu.capture_wire_burst(7, fr, 4), -ENODEV, "device");
	TEST_ASSERT_EQ(emu.capture_vf_burst(0, 1, fr, 4), -ENODEV, "vf");
	TEST_ASSERT_EQ(emu.release_wire(7), -ENODEV, "release device");
	TEST_ASSERT_EQ(emu.release_vf(0, 1), -ENODEV, "release vf");
	TEST_ASSERT_EQ(emu.capture_wire_burst(0, NULL, 4), -EINVAL, "array");
	TEST_ASSERT_EQ(emu.capture_wire_burst(0, fr, 0), 0, "none asked");
	TEST_ASSERT_EQ(emu.release_wire(0), 0, "release with none held");
	TEST_ASSERT_EQ(emu.capture_vf_burst(0, 0, fr, 4), 0, "vf end empty");
	TEST_ASSERT_EQ(emu.release_vf(0, 0), 0, "release vf");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

#define RACE_FRAMES 6000u
#define RACE_AHEAD 900u /* sent ahead of what the consumer saw: no drop */

struct ends_race {
	uint32_t seen;	   /* frames the consumer took, in order */
	uint32_t finished; /* set when every frame was sent */
	const char *why;   /* the consumer's first failure */
	uint32_t at;
};

/* The consumer: bursts of up to 32 by reference, released every other
 * burst, each frame checked against its number. */
static void *
ends_race_consume(void *arg)
{
	struct ends_race *r = arg;
	struct mlx5x_emu_frame fr[32];
	const char *why;
	uint32_t bursts = 0;
	int k, i;

	while (__atomic_load_n(&r->seen, __ATOMIC_RELAXED) < RACE_FRAMES) {
		k = emu.capture_wire_burst(0, fr, 32);
		why = k < 0 ? "capture failed" : NULL;
		for (i = 0; i < k && why == NULL; i++) {
			r->at = r->seen;
			why = ends_check(&fr[i], r->seen);
			__atomic_store_n(&r->seen, r->seen + 1,
					 __ATOMIC_RELEASE);
		}
		if (why != NULL) {
			__atomic_store_n(&r->why, why, __ATOMIC_RELEASE);
			break;
		}
		if (++bursts % 2 == 0 || k == 0)
			emu.release_wire(0);
		if (k == 0)
			sched_yield();
	}
	emu.release_wire(0);
	return NULL;
}

/*
 * The engine thread sends an SQ's WQEs to the wire while a consumer
 * thread takes bursts by reference: 6,000 frames (the ring wraps), each
 * taken once, in order, byte for byte. The sender stays within 900
 * frames of the consumer so that none is dropped.
 */
static int
test_ends_burst_consumer_races_engine(void)
{
	const uint32_t log_n = 6, n = 1u << log_n;
	struct ends_race r = { 0 };
	uint32_t sent = 0, done = 0;
	struct ibv_mr *mr;
	struct emu_dev d;
	struct emu_q q;
	pthread_t th;
	uint8_t *mem;

	TEST_ASSERT(emu_dev_open(&d, "wire=drop") == 0, "open");
	mem = calloc(n, 1600);
	TEST_ASSERT(mem != NULL, "buffers");
	mr = emu.reg_mr(d.pd, mem, (size_t)n * 1600, 0);
	TEST_ASSERT(mr != NULL, "mr");
	TEST_ASSERT(emu_q_create(&d, &q, true, log_n, 6) == 0, "sq");
	TEST_ASSERT_EQ(emu_q_modify(&q, 0, 1), 0, "ready");
	TEST_ASSERT_EQ(pthread_create(&th, NULL, ends_race_consume, &r), 0,
		       "consumer");
	while (done < RACE_FRAMES) {
		/* Every WQE asks for a completion: its slot and buffer are
		 * free again once it came. */
		while (emu_q_poll_cqe(&q, 0) != NULL)
			done++;
		if (sent < RACE_FRAMES && sent - done < n &&
		    sent - __atomic_load_n(&r.seen, __ATOMIC_ACQUIRE) <
			    RACE_AHEAD) {
			uint8_t *f = mem + (size_t)(sent % n) * 1600;
			size_t len = ends_frame(f, sent);

			emu_wqe_send(q.buf, n, q.qn, sent, f, len, mr->lkey);
			sent++;
			__atomic_store_n(&q.dbr[MLX5X_SND_DBR],
					 htobe32(sent & 0xffff),
					 __ATOMIC_RELEASE);
		} else {
			sched_yield();
		}
		if (__atomic_load_n(&r.why, __ATOMIC_RELAXED) != NULL)
			break;
	}
	pthread_join(th, NULL);
	TEST_ASSERT(r.why == NULL, "frame %u: %s", r.at, r.why);
	TEST_ASSERT_EQ(r.seen, RACE_FRAMES, "every frame taken");
	emu_q_destroy(&q);
	emu.dereg_mr(mr);
	free(mem);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* Frames that left by the wire so far. */
static uint64_t
ends_wire_sent(void)
{
	struct mlx5x_emu_counters c;

	return emu.counters(0, MLX5X_VPORT_UPLINK, &c) == 0 ? c.tx_packets
							    : UINT64_MAX;
}

/* Frames that came in from the wire (UINT64_MAX: no counters). */
static uint64_t
ends_wire_received(void)
{
	struct mlx5x_emu_counters c;

	return emu.counters(0, MLX5X_VPORT_UPLINK, &c) == 0 ? c.rx_packets
							    : UINT64_MAX;
}

/*
 * Frames [from, from + more) sent at once, more than the bound: after one
 * pass the loop brought the newest ENDS_LOOP_BOUND back (by count(), taken
 * before and after) and the wire's capture holds them in order, byte for
 * byte. NULL or the reason.
 */
static const char *
ends_loop_past_bound(uint32_t from, uint32_t more, uint64_t (*count)(void))
{
	static char why[96];
	const uint64_t before = count();
	const char *bad;
	uint32_t n;

	if (ends_send(from, from + more) != 0)
		return "send";
	emu.poll();
	if (count() - before != ENDS_LOOP_BOUND) {
		snprintf(why, sizeof(why), "%lu back, not the newest %u",
			 (unsigned long)(count() - before), ENDS_LOOP_BOUND);
		return why;
	}
	for (n = from + more - ENDS_LOOP_BOUND; n < from + more; n++) {
		bad = ends_take(n);
		if (bad != NULL) {
			snprintf(why, sizeof(why), "frame %u captured: %s", n,
				 bad);
			return why;
		}
	}
	return NULL;
}

/*
 * A loop VF end: what arrives at VF 1 goes back in from VF 1 on the next
 * engine pass, once, in order and byte for byte (legacy mode: VF 1's own
 * MAC, so on to the wire), and VF 1's capture keeps it all the same; of
 * more than the bound waiting, the oldest are dropped.
 */
static int
test_ends_vf_loop_back_once_in_order(void)
{
	const uint32_t first = ENDS_LOOP_BOUND - 28, more = ENDS_BOUND + 476;
	struct emu_dev d;
	const char *why;
	uint8_t buf[64];
	uint32_t n;

	TEST_ASSERT(emu_dev_open(&d,
				 "esw=legacy,vfs=2,wire=drop,vf_end=loop") == 0,
		    "open");
	/* VF k's MAC is 02:15:b3:<dev>:<vport>, vport = k + 1. */
	ends_dst = (const uint8_t *)"\x02\x15\xb3\x00\x00\x02";
	TEST_ASSERT_EQ(ends_send(0, first), 0, "VF 0 sends to VF 1");
	TEST_ASSERT_EQ(emu.capture_wire(0, buf, sizeof(buf)), 0,
		       "none back before a pass");
	emu.poll();
	for (n = 0; n < first; n++) {
		why = ends_take(n);
		TEST_ASSERT(why == NULL, "frame %u back, on the wire: %s", n,
			    why);
		why = ends_take_at(1, n);
		TEST_ASSERT(why == NULL, "frame %u captured at VF 1: %s", n,
			    why);
	}
	emu.poll();
	TEST_ASSERT_EQ(emu.capture_wire(0, buf, sizeof(buf)), 0,
		       "each went back once");
	why = ends_loop_past_bound(first, more, ends_wire_sent);
	TEST_ASSERT(why == NULL, "past the bound: %s", why);
	ends_dst = (const uint8_t *)"\x02\x99\x00\x00\x00\x01";
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/*
 * A loop wire: what leaves by the wire comes back in from the wire on the
 * next engine pass, each frame once, while the wire's capture keeps every
 * frame in order and byte for byte (the loop reads the frames where the
 * capture keeps them); of more than the bound waiting, the newest 128
 * come back.
 */
static int
test_ends_wire_loop_back_once(void)
{
	static const char cfg[] = "esw=legacy,vfs=2,wire=loop,vf_end=drop";
	const char *why = NULL;
	struct emu_dev d;
	uint32_t n;

	TEST_ASSERT(emu_dev_open(&d, cfg) == 0, "open %s", cfg);
	TEST_ASSERT_EQ(ends_send(0, 100), 0, "VF 0 sends to the wire");
	TEST_ASSERT_EQ(ends_wire_received(), 0, "none back before a pass");
	emu.poll();
	TEST_ASSERT_EQ(ends_wire_received(), 100, "all back after a pass");
	emu.poll();
	TEST_ASSERT_EQ(ends_wire_received(), 100, "each back once");
	for (n = 0; n < 100 && why == NULL; n++)
		why = ends_take(n);
	TEST_ASSERT(why == NULL, "frame %u captured: %s", n - 1, why);
	why = ends_loop_past_bound(100, ENDS_BOUND + 476, ends_wire_received);
	TEST_ASSERT(why == NULL, "past the bound: %s", why);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

/* VF 1's MAC (02:15:b3:<dev>:<vport>, vport = k + 1), and a MAC no
 * function owns: out by the wire. */
static const uint8_t *const ends_vf1 =
	(const uint8_t *)"\x02\x15\xb3\x00\x00\x02";
static const uint8_t *const ends_nobody =
	(const uint8_t *)"\x02\x99\x00\x00\x00\x01";

/*
 * n frames from frame from on sent at once to a loop end (the wire for
 * vf < 0, else VF vf's, whose frames go back in on to a wire that drops),
 * then one engine pass: all n counted arriving at the end, the newest
 * min(n, ENDS_LOOP_BOUND) back in (the older ones dropped), those same
 * ones in the end's capture in order and nothing older (and, from a VF,
 * on the wire). NULL or the reason.
 */
static const char *
ends_loop_round(int vf, uint32_t from, uint32_t n)
{
	const uint32_t kept = n < ENDS_LOOP_BOUND ? n : ENDS_LOOP_BOUND;
	const uint16_t at = vf < 0 ? MLX5X_VPORT_UPLINK : (uint16_t)(vf + 1);
	struct mlx5x_emu_counters a0, a1, u0, u1;
	static char why[96];
	uint64_t arrived, back;
	const char *bad;
	uint8_t buf[64];
	uint32_t k;

	if (emu.counters(0, at, &a0) != 0 ||
	    emu.counters(0, MLX5X_VPORT_UPLINK, &u0) != 0)
		return "counters";
	if (ends_send(from, from + n) != 0)
		return "send";
	emu.poll();
	if (emu.counters(0, at, &a1) != 0 ||
	    emu.counters(0, MLX5X_VPORT_UPLINK, &u1) != 0)
		return "counters";
	/* Leaving by the wire counts as the uplink's Tx, arriving at a VF
	 * as its vport's Rx; back in the other way round. */
	arrived = vf < 0 ? a1.tx_packets - a0.tx_packets
			 : a1.rx_packets - a0.rx_packets;
	back = vf < 0 ? u1.rx_packets - u0.rx_packets
		      : u1.tx_packets - u0.tx_packets;
	if (arrived != n || back != kept) {
		snprintf(why, sizeof(why),
			 "%lu arrived, %lu back (want %u, %u)",
			 (unsigned long)arrived, (unsigned long)back, n, kept);
		return why;
	}
	for (k = from + n - kept; k < from + n; k++) {
		bad = ends_take_at(vf, k);
		if (bad == NULL && vf >= 0)
			bad = ends_take(k);
		if (bad != NULL) {
			snprintf(why, sizeof(why), "frame %u captured: %s", k,
				 bad);
			return why;
		}
	}
	if ((vf < 0 ? emu.capture_wire(0, buf, sizeof(buf))
		    : emu.capture_vf(0, (unsigned int)vf, buf, sizeof(buf))) !=
	    0)
		return "the end's capture kept more";
	if (emu.capture_wire(0, buf, sizeof(buf)) != 0)
		return "more on the wire";
	return NULL;
}

/* The rounds of test_ends_loop_bound_exact at one loop end. */
static const char *
ends_loop_rounds(int vf)
{
	static char why[128];
	const char *bad = NULL;
	uint32_t from = 0, i;

	/* The bound exactly, one more (the oldest alone dropped), many
	 * rounds just under it (the ring's slots lapped), three times it. */
	static const uint32_t rounds[] = {
		ENDS_LOOP_BOUND,     ENDS_LOOP_BOUND + 1, ENDS_LOOP_BOUND - 1,
		ENDS_LOOP_BOUND - 1, ENDS_LOOP_BOUND - 1, ENDS_LOOP_BOUND - 1,
		ENDS_LOOP_BOUND - 1, 3 * ENDS_LOOP_BOUND, ENDS_LOOP_BOUND,
	};

	for (i = 0; i < sizeof(rounds) / sizeof(rounds[0]) && bad == NULL;
	     i++) {
		bad = ends_loop_round(vf, from, rounds[i]);
		from += rounds[i];
	}
	if (bad == NULL)
		return NULL;
	snprintf(why, sizeof(why), "round %u of %u frames: %s", i - 1,
		 rounds[i - 1], bad);
	return why;
}

/*
 * A loop end keeps ENDS_LOOP_BOUND frames waiting (README), at the wire
 * and at a VF: that many sent in one pass all come back in order, one
 * more and only the oldest is dropped (counted arriving, never back nor
 * captured), rounds just under the bound lap the ring many times and
 * lose none, and three times the bound brings the newest back.
 */
static int
test_ends_loop_bound_exact(void)
{
	struct emu_dev d;
	const char *why;

	ends_dst = ends_nobody;
	TEST_ASSERT(emu_dev_open(&d, "esw=legacy,vfs=1,wire=loop,"
				     "vf_end=drop") == 0,
		    "open a loop wire");
	why = ends_loop_rounds(-1);
	emu_dev_close(&d);
	TEST_ASSERT(why == NULL, "loop wire: %s", why);
	ends_dst = ends_vf1;
	TEST_ASSERT(emu_dev_open(&d, "esw=legacy,vfs=2,wire=drop,"
				     "vf_end=loop") == 0,
		    "open loop VF ends");
	why = ends_loop_rounds(1);
	emu_dev_close(&d);
	ends_dst = ends_nobody;
	TEST_ASSERT(why == NULL, "loop VF end: %s", why);
	return MLX5X_TEST_PASS;
}

/*
 * Each end's bound is its own: on one adapter with a loop wire, a VF end
 * that drops (a capture end) keeps the newest ENDS_BOUND of 1,500 frames
 * in order, while the wire keeps ENDS_LOOP_BOUND of as many.
 */
/* The next frames taken off the wire (vf < 0) or VF vf's end are
 * [from, to), and then none; NULL or the reason. */
static const char *
ends_take_only(int vf, uint32_t from, uint32_t to)
{
	static char why[96];
	const char *bad;
	uint8_t buf[64];
	uint32_t n;

	for (n = from; n < to; n++) {
		bad = ends_take_at(vf, n);
		if (bad != NULL) {
			snprintf(why, sizeof(why), "frame %u: %s", n, bad);
			return why;
		}
	}
	if ((vf < 0 ? emu.capture_wire(0, buf, sizeof(buf))
		    : emu.capture_vf(0, (unsigned int)vf, buf, sizeof(buf))) !=
	    0)
		return "more than those kept";
	return NULL;
}

static int
test_ends_capture_end_beside_loop_keeps_1024(void)
{
	const uint32_t total = ENDS_BOUND + 476;
	const char *why = NULL, *where = "VF 1, a drop end";
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, "esw=legacy,vfs=2,wire=loop,"
				     "vf_end=drop") == 0,
		    "open");
	ends_dst = ends_vf1;
	if (ends_send(0, total) != 0)
		why = "send";
	emu.poll();
	if (why == NULL)
		why = ends_take_only(1, total - ENDS_BOUND, total);
	ends_dst = ends_nobody;
	if (why == NULL) {
		where = "the wire, a loop end";
		if (ends_send(total, 2 * total) != 0)
			why = "send";
	}
	if (why == NULL)
		why = ends_take_only(-1, 2 * total - ENDS_LOOP_BOUND,
				     2 * total);
	emu_dev_close(&d);
	TEST_ASSERT(why == NULL, "%s: %s", where, why);
	return MLX5X_TEST_PASS;
}

/*
 * An SQ's enhanced MPW sessions by pointer on a loop wire, as testpmd's
 * io forwarding sends (the frames built straight into the wire ring's
 * slots, counted and bounded per run rather than per frame): 1,500
 * frames, 8 a WQE, posted at once (one doorbell, so one engine pass
 * sends them all and then takes them back in), three rounds (the first
 * lap makes the ring's buffers; then WQEs wrap past the SQ ring's end).
 * Each round: every frame leaves by the wire, the loop brings the newest
 * 128 back (more were waiting than it keeps), the capture holds the same
 * newest 128 in order byte for byte, and the last WQE's CQE names it.
 */
static int
test_ends_sq_empw_loop_past_bound(void)
{
	const uint32_t total = ENDS_BOUND + 476, per = 8, log_sq = 10;
	const uint8_t ce = MLX5X_COMP_ALWAYS << MLX5X_COMP_MODE_OFFSET;
	struct mlx5x_emu_counters up0, up1;
	struct emu_empw_pkt p[8];
	struct mlx5_cqe64 *cqe;
	uint32_t pi = 0, round, i, k, last = 0;
	struct ibv_mr *mr = NULL;
	uint8_t *mem, buf[64];
	struct emu_dev d;
	struct emu_q q;
	const char *why;
	int rc = MLX5X_TEST_FAIL;

	mem = malloc((size_t)3 * total * 1600);
	TEST_ASSERT(mem != NULL, "frames");
	TEST_ASSERT(emu_dev_open(&d, "model=cx5,esw=legacy,wire=loop") == 0,
		    "open");
	TEST_ASSERT(emu_q_create(&d, &q, true, log_sq, 6) == 0, "SQ");
	TEST_ASSERT_EQ(emu_q_modify(&q, 0, 1), 0, "SQ ready");
	mr = emu.reg_mr(d.pd, mem, (size_t)3 * total * 1600, 0);
	if (mr == NULL) {
		printf("    MR\n");
		goto out;
	}
	for (round = 0; round < 3; round++) {
		const uint32_t from = round * total;

		if (emu.counters(0, MLX5X_VPORT_UPLINK, &up0) != 0)
			goto out;
		for (i = 0; i < total; i += k) {
			for (k = 0; k < per && i + k < total; k++) {
				uint8_t *f =
					mem + (size_t)(from + i + k) * 1600;

				p[k].data = f;
				p[k].len =
					(uint32_t)ends_frame(f, from + i + k);
				p[k].lkey = mr->lkey;
				p[k].inl = false;
			}
			last = pi;
			pi += emu_wqe_empw(q.buf, 1u << log_sq, q.qn,
					   (uint16_t)pi, p, k, 0,
					   i + k == total ? ce : 0);
		}
		__atomic_store_n(&q.dbr[MLX5X_SND_DBR], htobe32(pi & 0xffff),
				 __ATOMIC_RELEASE);
		cqe = emu_q_poll_cqe(&q, 2000);
		if (cqe == NULL || (cqe->op_own >> 4) != MLX5_CQE_REQ ||
		    be16toh(cqe->wqe_counter) != (uint16_t)last) {
			printf("    round %u: no CQE for WQE %u\n", round,
			       last);
			goto out;
		}
		/* A pass of our own: the engine's, which took the frames
		 * back in, is over once it has the adapter. */
		emu.poll();
		if (emu.counters(0, MLX5X_VPORT_UPLINK, &up1) != 0)
			goto out;
		if (up1.tx_packets - up0.tx_packets != total ||
		    up1.rx_packets - up0.rx_packets != ENDS_LOOP_BOUND) {
			printf("    round %u: %lu out, %lu back (want %u, %u)\n",
			       round,
			       (unsigned long)(up1.tx_packets - up0.tx_packets),
			       (unsigned long)(up1.rx_packets - up0.rx_packets),
			       total, ENDS_LOOP_BOUND);
			goto out;
		}
		for (i = from + total - ENDS_LOOP_BOUND; i < from + total;
		     i++) {
			why = ends_take(i);
			if (why != NULL) {
				printf("    round %u: frame %u captured: %s\n",
				       round, i, why);
				goto out;
			}
		}
		if (emu.capture_wire(0, buf, sizeof(buf)) != 0) {
			printf("    round %u: more than the newest %u kept\n",
			       round, ENDS_LOOP_BOUND);
			goto out;
		}
	}
	rc = MLX5X_TEST_PASS;
out:
	if (mr != NULL)
		emu.dereg_mr(mr);
	emu_q_destroy(&q);
	emu_dev_close(&d);
	free(mem);
	return rc;
}

MLX5X_TEST_SUITE(emu_ends_suite, "emu_ends", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_ends_wire_keeps_newest_in_order),
		 MLX5X_TEST_CASE(test_ends_wire_taken_while_sending),
		 MLX5X_TEST_CASE(test_ends_burst_order_across_wrap),
		 MLX5X_TEST_CASE(test_ends_burst_full_ring_dropped_oldest),
		 MLX5X_TEST_CASE(test_ends_burst_held_until_release),
		 MLX5X_TEST_CASE(test_ends_burst_bad_arguments),
		 MLX5X_TEST_CASE(test_ends_burst_consumer_races_engine),
		 MLX5X_TEST_CASE(test_ends_vf_loop_back_once_in_order),
		 MLX5X_TEST_CASE(test_ends_wire_loop_back_once),
		 MLX5X_TEST_CASE(test_ends_loop_bound_exact),
		 MLX5X_TEST_CASE(test_ends_capture_end_beside_loop_keeps_1024),
		 MLX5X_TEST_CASE(test_ends_sq_empw_loop_past_bound))
