/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated ConnectX, TAP ends: with wire=tap:NAME a frame the host sends
 * on the TAP (through a raw AF_PACKET socket) arrives as a CQE with these
 * bytes, and a frame an SQ sends leaves on the TAP; with vf_end=tap a
 * frame for a VF appears on that VF's TAP. Skipped, with the reason, where
 * /dev/net/tun cannot make a TAP or the runner could not leave the host's
 * network namespace (see test_netns.c).
 */
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <net/ethernet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "test.h"
#include "test_emu_lib.h"

static const uint8_t pf_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x00 };
static const uint8_t vf0_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x01 };

/* NULL when this host can make a TAP, else why not. */
static const char *
tap_unusable(void)
{
	static char why[128];
	const char *netns = mlx5x_test_netns_why_not();
	struct ifreq ifr;
	int fd;

	/* Frames on a TAP must never reach the host's own namespace. */
	if (netns != NULL)
		return netns;
	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, sizeof(why), "/dev/net/tun: %s", strerror(errno));
		return why;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, IFNAMSIZ, "mx5probe%d", (int)getpid() % 1000);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		snprintf(why, sizeof(why), "TUNSETIFF: %s", strerror(errno));
		close(fd);
		return why;
	}
	close(fd);
	return NULL;
}

/* The interface's index, 0 when there is none. */
static int
ifindex(const char *name)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), idx = 0;

	if (s < 0)
		return 0;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	if (ioctl(s, SIOCGIFINDEX, &ifr) == 0)
		idx = ifr.ifr_ifindex;
	close(s);
	return idx;
}

/* A raw socket on the TAP, as any host program would use. */
static int
tap_socket(const char *name)
{
	struct sockaddr_ll sll;
	struct timeval tv = { .tv_sec = 0, .tv_usec = 200000 };
	int s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));

	if (s < 0)
		return -1;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = ifindex(name);
	if (sll.sll_ifindex == 0 ||
	    bind(s, (struct sockaddr *)&sll, sizeof(sll)) != 0) {
		close(s);
		return -1;
	}
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return s;
}

/* Waits up to about 2 s for a frame the TAP's host side received that
 * equals want (the host's own traffic on the TAP is skipped). */
static bool
tap_receives(int s, const uint8_t *want, size_t len)
{
	uint8_t buf[2048];
	int i;

	for (i = 0; i < 10; i++) {
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		ssize_t r = recvfrom(s, buf, sizeof(buf), 0,
				     (struct sockaddr *)&from, &fl);

		if (r < 0)
			continue;
		if (from.sll_pkttype != PACKET_OUTGOING && (size_t)r == len &&
		    memcmp(buf, want, len) == 0)
			return true;
	}
	return false;
}

static int
test_tap_wire_both_ways(void)
{
	const char *why = tap_unusable();
	uint8_t frame[128], cfg[64], other[128];
	char name[16];
	struct emu_steer st;
	struct emu_q rq, sq;
	struct ibv_mr *mr, *smr;
	struct emu_dev d;
	uint8_t *mem;
	size_t len;
	bool seen = false;
	uint32_t i;
	int s, tries;

	if (why != NULL)
		TEST_SKIP("no TAP here: %s", why);
	snprintf(name, sizeof(name), "mx5w%d", (int)getpid() % 100000);
	snprintf((char *)cfg, sizeof(cfg), "wire=tap:%s", name);
	TEST_ASSERT(emu_dev_open(&d, (const char *)cfg) == 0, "open %s", cfg);
	s = tap_socket(name);
	TEST_ASSERT(s >= 0, "raw socket on %s", name);

	/* Host -> TAP -> wire -> RQ. */
	TEST_ASSERT(emu_q_create(&d, &rq, false, 4, 4) == 0, "rq");
	mem = calloc(16, 256);
	mr = emu.reg_mr(d.pd, mem, 16 * 256, IBV_ACCESS_LOCAL_WRITE);
	TEST_ASSERT(mem != NULL && mr != NULL, "rx buffers");
	for (i = 0; i < 16; i++) {
		struct mlx5_wqe_data_seg *ds =
			(struct mlx5_wqe_data_seg *)(rq.buf + i * 16);

		ds->byte_count = htobe32(256);
		ds->lkey = htobe32(mr->lkey);
		ds->addr = htobe64((uintptr_t)(mem + i * 256));
	}
	rq.dbr[0] = htobe32(16);
	TEST_ASSERT_EQ(emu_q_modify(&rq, MLX5X_QUEUE_STATE_RST,
				    MLX5X_QUEUE_STATE_RDY),
		       0, "rq ready");
	TEST_ASSERT(emu_steer_direct(&d, &st, rq.qn, 0) == 0, "steering");
	len = emu_frame_udp4(frame, pf_mac, 0x0a000001, 0x0a000002, 7, 9, 40);
	TEST_ASSERT_EQ(send(s, frame, len, 0), (ssize_t)len, "host sends");
	/* The host may send its own frames (IPv6 neighbour discovery) on a
	 * fresh link: look for ours among the first few. */
	for (tries = 0; tries < 16 && !seen; tries++) {
		struct mlx5_cqe64 *cqe = emu_q_poll_cqe(&rq, 200);
		uint16_t w;

		if (cqe == NULL)
			break;
		w = be16toh(cqe->wqe_counter) & 15;
		seen = (cqe->op_own >> 4) == MLX5_CQE_RESP_SEND &&
		       be32toh(cqe->byte_cnt) == len &&
		       memcmp(mem + w * 256, frame, len) == 0;
	}
	TEST_ASSERT(seen, "the host's frame arrived as a CQE, byte for byte");

	/* SQ -> wire -> TAP -> host. */
	TEST_ASSERT(emu_q_create(&d, &sq, true, 4, 6) == 0, "sq");
	TEST_ASSERT_EQ(emu_q_modify(&sq, MLX5X_QUEUE_STATE_RST,
				    MLX5X_QUEUE_STATE_RDY),
		       0, "sq ready");
	len = emu_frame_udp4(other, (const uint8_t *)"\x02\x99\x00\x00\x00\x07",
			     0x0a000002, 0x0a000001, 9, 7, 30);
	smr = emu.reg_mr(d.pd, other, sizeof(other), 0);
	TEST_ASSERT(smr != NULL, "tx mr");
	emu_wqe_send(sq.buf, 1u << sq.log_sz, sq.qn, 0, other, len, smr->lkey);
	sq.dbr[MLX5X_SND_DBR] = htobe32(1);
	TEST_ASSERT(emu_q_poll_cqe(&sq, 200) != NULL, "send completion");
	TEST_ASSERT(tap_receives(s, other, len),
		    "the SQ's frame reached the host on the TAP");

	close(s);
	emu.dereg_mr(smr);
	emu_q_destroy(&sq);
	emu_steer_destroy(&st);
	emu_q_destroy(&rq);
	emu.dereg_mr(mr);
	free(mem);
	emu_dev_close(&d);
	TEST_ASSERT(ifindex(name) == 0, "TAP gone with the adapter");
	return MLX5X_TEST_PASS;
}

static int
test_tap_vf_end(void)
{
	const char *why = tap_unusable();
	char cfg[96], prefix[12], name[16];
	uint8_t frame[128];
	struct emu_dev d;
	size_t len;
	int s;

	if (why != NULL)
		TEST_SKIP("no TAP here: %s", why);
	snprintf(prefix, sizeof(prefix), "mx5v%d", (int)getpid() % 10000);
	snprintf(name, sizeof(name), "%s0", prefix);
	snprintf(cfg, sizeof(cfg),
		 "esw=legacy,vfs=1,wire=drop,vf_end=tap,vf_tap=%s", prefix);
	TEST_ASSERT(emu_dev_open(&d, cfg) == 0, "open %s", cfg);
	s = tap_socket(name);
	TEST_ASSERT(s >= 0, "raw socket on %s", name);
	/* Legacy E-Switch: the wire frame goes to the VF by its MAC. */
	len = emu_frame_udp4(frame, vf0_mac, 0x0a000001, 0x0a000003, 5, 6, 20);
	TEST_ASSERT_EQ(emu.inject_wire(0, frame, len), 0, "inject");
	TEST_ASSERT(tap_receives(s, frame, len), "on VF 0's TAP");
	close(s);
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

static int
test_tap_bad_names(void)
{
	struct emu_dev d;

	TEST_ASSERT(emu_dev_open(&d, "wire=tap:") != 0, "empty TAP name");
	emu_dev_close(&d);
	TEST_ASSERT(emu_dev_open(&d, "wire=tap:a/b") != 0, "'/' in a name");
	emu_dev_close(&d);
	TEST_ASSERT(emu_dev_open(&d, "wire=tap:abcdefghijklmnop") != 0,
		    "longer than IFNAMSIZ");
	emu_dev_close(&d);
	TEST_ASSERT(emu_dev_open(&d, "vf_end=tap,vf_tap=abcdefghijkl") != 0,
		    "VF prefix leaving no room for the number");
	emu_dev_close(&d);
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(emu_tap_suite, "emu_tap", "emulator", NULL, NULL,
		 MLX5X_TEST_CASE(test_tap_wire_both_ways),
		 MLX5X_TEST_CASE(test_tap_vf_end),
		 MLX5X_TEST_CASE(test_tap_bad_names))
