/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pcap wire end: frames leaving through the wire are appended to pcap_out
 * (classic pcap, Ethernet link type); the frames of pcap_in arrive from the
 * wire, 32 per engine pass, once the link is up: the port can receive (a
 * NIC RX root table holding an entry, and a ready RQ of the port with a
 * receive WQE posted). A peer sends nothing before carrier, so no frame is
 * lost to a port that is not listening yet; once up, the link stays up and
 * frames arrive whatever the port then does with them.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_ends.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#define EMU_PCAP_MAGIC 0xa1b2c3d4u
#define EMU_PCAP_MAX_FRAMES (1u << 20)

struct emu_pcap_hdr {
	uint32_t magic;
	uint16_t major, minor;
	int32_t zone;
	uint32_t sigfigs, snaplen, linktype;
};

struct emu_pcap_rec {
	uint32_t sec, usec, incl, orig;
};

static int
emu_pcap_load(struct emu_adapter *ad, const char *path)
{
	uint8_t *buf = ad->scratch->rd;
	struct emu_pcap_hdr h;
	struct emu_pcap_rec r;
	FILE *f = fopen(path, "rb");
	bool swap;

	if (f == NULL) {
		fprintf(stderr, "mlx5x-emu: pcap_in=%s: %s\n", path,
			strerror(errno));
		return -errno;
	}
	if (fread(&h, sizeof(h), 1, f) != 1 ||
	    (h.magic != EMU_PCAP_MAGIC &&
	     h.magic != __builtin_bswap32(EMU_PCAP_MAGIC))) {
		fprintf(stderr, "mlx5x-emu: pcap_in=%s: not a pcap file\n",
			path);
		fclose(f);
		return -EINVAL;
	}
	swap = h.magic != EMU_PCAP_MAGIC;
	ad->pcap_in.max = EMU_PCAP_MAX_FRAMES;
	while (fread(&r, sizeof(r), 1, f) == 1) {
		uint32_t incl = swap ? __builtin_bswap32(r.incl) : r.incl;

		if (incl > sizeof(ad->scratch->rd) ||
		    fread(buf, 1, incl, f) != incl)
			break;
		if (incl >= 14)
			emu_frameq_push(&ad->pcap_in, buf, incl);
	}
	fclose(f);
	return 0;
}

int
emu_pcap_open(struct emu_adapter *ad)
{
	int ret;

	if (ad->cfg.wire != EMU_END_PCAP)
		return 0;
	if (ad->cfg.pcap_in[0] != '\0') {
		ret = emu_pcap_load(ad, ad->cfg.pcap_in);
		if (ret != 0)
			return ret;
	}
	if (ad->cfg.pcap_out[0] != '\0') {
		struct emu_pcap_hdr h = {
			.magic = EMU_PCAP_MAGIC,
			.major = 2,
			.minor = 4,
			.snaplen = 65535,
			.linktype = 1, /* Ethernet */
		};

		ad->pcap_out = fopen(ad->cfg.pcap_out, "wb");
		if (ad->pcap_out == NULL ||
		    fwrite(&h, sizeof(h), 1, ad->pcap_out) != 1) {
			fprintf(stderr, "mlx5x-emu: pcap_out=%s: %s\n",
				ad->cfg.pcap_out, strerror(errno));
			emu_pcap_close(ad);
			return -EIO;
		}
		fflush(ad->pcap_out);
	}
	return 0;
}

void
emu_pcap_close(struct emu_adapter *ad)
{
	if (ad->pcap_out != NULL)
		fclose(ad->pcap_out);
	ad->pcap_out = NULL;
	emu_frameq_flush(&ad->pcap_in);
}

void
emu_pcap_write(struct emu_adapter *ad, const uint8_t *frame, uint32_t len)
{
	struct emu_pcap_rec r;
	struct timeval tv;

	if (ad->pcap_out == NULL)
		return;
	gettimeofday(&tv, NULL);
	r.sec = tv.tv_sec;
	r.usec = tv.tv_usec;
	r.incl = len;
	r.orig = len;
	fwrite(&r, sizeof(r), 1, ad->pcap_out);
	fwrite(frame, 1, len, ad->pcap_out);
	/* Readers follow the file while the application runs. */
	fflush(ad->pcap_out);
}

static bool
emu_pcap_link_up(struct emu_adapter *ad)
{
	const struct emu_ft *ft;
	uint32_t i;

	if (ad->pcap_link_up)
		return true;
	ft = emu_objtab_get(&ad->fts, ad->root[MLX5X_FLOW_TABLE_TYPE_NIC_RX]);
	if (ft == NULL || (ft->nentries == 0 && ad->kflows == NULL))
		return false;
	for (i = 0; i < ad->rqs.cap; i++) {
		const struct emu_rq *rq = ad->rqs.slot[i];

		if (rq != NULL && rq->ctx != NULL && rq->ctx->fn == 0 &&
		    rq->state == MLX5X_QUEUE_STATE_RDY &&
		    ((be32toh(rq->wq.dbrec[MLX5X_RCV_DBR]) - rq->wq.ci) &
		     0xffff) != 0) {
			ad->pcap_link_up = true;
			return true;
		}
	}
	return false;
}

unsigned int
emu_pcap_feed(struct emu_adapter *ad)
{
	unsigned int n = 0;
	struct emu_frame *f;

	if (ad->pcap_in.n == 0 || !emu_pcap_link_up(ad))
		return 0;
	while (n < 32 && (f = emu_frameq_pop(&ad->pcap_in)) != NULL) {
		emu_rx_from_wire(ad, f->data, f->len);
		emu_frameq_release(&ad->pcap_in, f);
		n++;
	}
	return n;
}
