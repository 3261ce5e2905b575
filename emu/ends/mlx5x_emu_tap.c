/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TAP ends: the wire (wire=tap:NAME) or each VF (vf_end=tap, devices
 * <vf_tap><k>) attached to a Linux TAP device. A frame leaving the adapter
 * there is written to the TAP; a frame the host sends on the TAP arrives
 * at the adapter. The TAP is opened non-blocking (IFF_TAP, IFF_NO_PI: bare
 * Ethernet frames) and set up, as a plugged-in cable; the engine polls it
 * every pass, 32 frames at most per end, and runs from the first context
 * open so frames arrive even before anything is sent.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_ends.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define EMU_TAP_BURST 32

static int
emu_tap_open(const char *name)
{
	struct ifreq ifr;
	int fd, s;

	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	/* Link up, so the host can send on it. */
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s >= 0) {
		if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
			ifr.ifr_flags |= IFF_UP;
			ioctl(s, SIOCSIFFLAGS, &ifr);
		}
		close(s);
	}
	return fd;
}

int
emu_tap_open_all(struct emu_adapter *ad)
{
	unsigned int k;
	int fd;

	if (ad->cfg.wire == EMU_END_TAP) {
		fd = emu_tap_open(ad->cfg.wire_tap);
		if (fd < 0) {
			fprintf(stderr, "mlx5x-emu: wire=tap:%s: %s\n",
				ad->cfg.wire_tap, strerror(-fd));
			return fd;
		}
		ad->wire_tap_fd = fd;
	}
	if (ad->cfg.vf_end != EMU_END_TAP)
		return 0;
	for (k = 0; k < ad->cfg.nvfs; k++) {
		char name[32]; /* prefix: 11 chars at most, k: two digits */

		snprintf(name, sizeof(name), "%s%u", ad->cfg.vf_tap, k);
		fd = emu_tap_open(name);
		if (fd < 0) {
			fprintf(stderr, "mlx5x-emu: vf_end=tap: %s: %s\n", name,
				strerror(-fd));
			return fd;
		}
		ad->vf_tap_fd[k] = fd;
	}
	return 0;
}

void
emu_tap_close_all(struct emu_adapter *ad)
{
	unsigned int k;

	if (ad->wire_tap_fd >= 0)
		close(ad->wire_tap_fd);
	ad->wire_tap_fd = -1;
	for (k = 0; k < EMU_MAX_VFS; k++) {
		if (ad->vf_tap_fd[k] >= 0)
			close(ad->vf_tap_fd[k]);
		ad->vf_tap_fd[k] = -1;
	}
}

bool
emu_tap_any(const struct emu_adapter *ad)
{
	return ad->cfg.wire == EMU_END_TAP || ad->cfg.vf_end == EMU_END_TAP;
}

void
emu_tap_write(struct emu_adapter *ad, int fd, const uint8_t *frame,
	      uint32_t len)
{
	/* A TAP nobody reads fills up: the frame is lost, as on a link with
	 * no receiver; count it. */
	if (fd >= 0 && write(fd, frame, len) != (ssize_t)len)
		ad->tap_tx_dropped++;
}

unsigned int
emu_tap_feed(struct emu_adapter *ad)
{
	uint8_t *buf = ad->scratch->rd;
	const size_t buf_sz = sizeof(ad->scratch->rd);
	unsigned int n = 0, k, i;
	ssize_t r;

	for (i = 0; ad->wire_tap_fd >= 0 && i < EMU_TAP_BURST; i++) {
		r = read(ad->wire_tap_fd, buf, buf_sz);
		if (r <= 0)
			break;
		emu_rx_from_wire(ad, buf, (uint32_t)r);
		n++;
	}
	for (k = 0; k < ad->cfg.nvfs; k++)
		for (i = 0; ad->vf_tap_fd[k] >= 0 && i < EMU_TAP_BURST; i++) {
			r = read(ad->vf_tap_fd[k], buf, buf_sz);
			if (r <= 0)
				break;
			emu_trace_reset(ad);
			emu_rx_from_vf(ad, k, buf, (uint32_t)r);
			n++;
		}
	return n;
}
