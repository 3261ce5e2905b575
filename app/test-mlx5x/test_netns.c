/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The test runner's private network namespace. Suites put frames on TAP
 * devices (the emulator's TAP ends) and on raw sockets; those frames carry
 * test addresses and must never appear on an interface of the host. The
 * runner therefore moves itself into a network namespace of its own before
 * any suite runs (and before any thread exists, since unshare() moves only
 * the calling thread), so every TAP, veth and socket a suite or a script it
 * starts creates lives and dies there.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"

/* The namespace the runner started in (0 until it tried to leave). */
static ino_t netns_started_in;
/* Why the runner is not in a private namespace; empty once it is. */
static char netns_why[160] = "the runner did not try to leave the host's "
			     "network namespace";

/* Loopback starts down in a new namespace; some tools expect it up. */
static int
netns_loopback_up(void)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc = -1;

	if (s < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		rc = ioctl(s, SIOCSIFFLAGS, &ifr) == 0 ? 0 : -errno;
	} else {
		rc = -errno;
	}
	close(s);
	return rc;
}

/* The inode of a network namespace link, 0 when it cannot be read. */
static ino_t
netns_inode(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? sb.st_ino : 0;
}

int
mlx5x_test_netns_enter(void)
{
	int rc;

	netns_started_in = netns_inode("/proc/thread-self/ns/net");
	if (unshare(CLONE_NEWNET) != 0) {
		rc = -errno;
		snprintf(netns_why, sizeof(netns_why),
			 "cannot create a private network namespace: "
			 "unshare(CLONE_NEWNET): %s",
			 strerror(-rc));
		return rc;
	}
	rc = netns_loopback_up();
	if (rc != 0) {
		snprintf(netns_why, sizeof(netns_why),
			 "private network namespace without loopback: %s",
			 strerror(-rc));
		return rc;
	}
	netns_why[0] = '\0';
	return 0;
}

const char *
mlx5x_test_netns_why_not(void)
{
	ino_t now = netns_inode("/proc/thread-self/ns/net");

	if (netns_why[0] != '\0')
		return netns_why;
	/* Belt and braces: a TAP is only made when the calling thread is
	 * provably not in the namespace the runner was started in (init's
	 * own /proc entry is not readable in every sandbox). */
	if (now == 0 || netns_started_in == 0 || now == netns_started_in)
		return "the calling thread is in the network namespace the "
		       "runner was started in";
	return NULL;
}
