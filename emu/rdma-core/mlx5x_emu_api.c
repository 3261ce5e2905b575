/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test-side API: the other end of the cable (see mlx5x_emu.h).
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_steer.h"

#include "mlx5x_emu_ring.h"
#include "mlx5x_emu_rx_fused.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static struct emu_adapter *
emu_api_adapter(unsigned int dev)
{
	return dev < emu_world.nadapters ? emu_world.ad[dev] : NULL;
}

/* Whether a frame may go in: 14 (an Ethernet header) to EMU_FRAME_MAX
 * bytes; a length below 14 wraps above the range. */
static inline bool
emu_api_frame_ok(const void *frame, size_t len)
{
	return frame != NULL && len - 14 <= EMU_FRAME_MAX - 14;
}

MLX5X_EMU_API int
mlx5x_emu_inject_wire(unsigned int dev, const void *frame, size_t len)
{
	struct emu_adapter *ad;

	if (!emu_api_frame_ok(frame, len))
		return -EINVAL;
	ad = emu_api_adapter(dev);
	if (ad == NULL)
		return -ENODEV;
	emu_adapter_lock(ad->index);
	/* The usual set-up's fused path inline, which leaves no CQ holding
	 * a session (its CQs do not compress); anything else out of line. */
	if (ad->rxf.mode != EMU_RXF_RSS || !emu_rx_rss_wire(ad, frame, len)) {
		emu_rx_from_wire(ad, frame, len);
		/* Only a CQ holding a compressed session needs the flush. */
		if (ad->cq_dirty != NULL)
			emu_adapter_flush_cqs(ad);
	}
	emu_adapter_unlock(ad->index);
	return 0;
}

/* Whether every frame of a burst may go in (checked before the first
 * does). */
static bool
emu_api_burst_ok(const void *const *frames, const size_t *lens, unsigned int n)
{
	unsigned int i;

	if (n != 0 && (frames == NULL || lens == NULL))
		return false;
	for (i = 0; i < n; i++)
		if (!emu_api_frame_ok(frames[i], lens[i]))
			return false;
	return true;
}

MLX5X_EMU_API int
mlx5x_emu_inject_wire_burst(unsigned int dev, const void *const *frames,
			    const size_t *lens, unsigned int n)
{
	struct emu_adapter *ad;

	if (!emu_api_burst_ok(frames, lens, n))
		return -EINVAL;
	ad = emu_api_adapter(dev);
	if (ad == NULL)
		return -ENODEV;
	emu_adapter_lock(ad->index);
	emu_rx_from_wire_burst(ad, frames, lens, n);
	emu_adapter_flush_cqs(ad);
	emu_adapter_unlock(ad->index);
	return 0;
}

MLX5X_EMU_API int
mlx5x_emu_inject_vf(unsigned int dev, unsigned int vf, const void *frame,
		    size_t len)
{
	struct emu_adapter *ad;

	if (!emu_api_frame_ok(frame, len))
		return -EINVAL;
	ad = emu_api_adapter(dev);
	if (ad == NULL || vf >= ad->cfg.nvfs)
		return -ENODEV;
	emu_adapter_lock(ad->index);
	emu_trace_reset(ad);
	emu_rx_from_vf(ad, vf, frame, len);
	emu_adapter_flush_cqs(ad);
	emu_adapter_unlock(ad->index);
	return 0;
}

MLX5X_EMU_API int
mlx5x_emu_inject_vf_burst(unsigned int dev, unsigned int vf,
			  const void *const *frames, const size_t *lens,
			  unsigned int n)
{
	struct emu_adapter *ad;
	unsigned int i;

	if (!emu_api_burst_ok(frames, lens, n))
		return -EINVAL;
	ad = emu_api_adapter(dev);
	if (ad == NULL || vf >= ad->cfg.nvfs)
		return -ENODEV;
	emu_adapter_lock(ad->index);
	/* The loop VF end's way (emu_vf_loop_service): the fused burst
	 * entry, the frame it leaves alone through the E-Switch, then the
	 * rest as a burst again. */
	for (i = 0; i < n;) {
		i += emu_rx_from_vf_burst(ad, vf, frames + i, lens + i, n - i);
		if (i < n) {
			emu_rx_vf_general(ad, vf, frames[i], (uint32_t)lens[i]);
			i++;
		}
	}
	emu_adapter_flush_cqs(ad);
	emu_adapter_unlock(ad->index);
	return 0;
}

/*
 * The capture entries take no world lock: an end's frame ring is safe for
 * its consumers while the engine produces (mlx5x_emu_ring.h). Adapters
 * come and go only at mlx5x_emu_setup / mlx5x_emu_teardown, which no
 * capture may race (the header says so).
 */
static struct emu_ring *
emu_api_ring(unsigned int dev, bool vf_end, unsigned int vf)
{
	struct emu_adapter *ad = emu_api_adapter(dev);

	if (ad == NULL)
		return NULL;
	if (!vf_end)
		return &ad->wire_out;
	return vf < ad->cfg.nvfs ? &ad->vf_out[vf] : NULL;
}

MLX5X_EMU_API int
mlx5x_emu_capture_wire(unsigned int dev, void *buf, size_t buf_len)
{
	struct emu_ring *q = emu_api_ring(dev, false, 0);

	return q == NULL ? -ENODEV : emu_ring_copy(q, buf, buf_len);
}

MLX5X_EMU_API int
mlx5x_emu_capture_vf(unsigned int dev, unsigned int vf, void *buf,
		     size_t buf_len)
{
	struct emu_ring *q = emu_api_ring(dev, true, vf);

	return q == NULL ? -ENODEV : emu_ring_copy(q, buf, buf_len);
}

static int
emu_api_take(struct emu_ring *q, struct mlx5x_emu_frame *frames, unsigned int n)
{
	if (q == NULL)
		return -ENODEV;
	if (frames == NULL && n != 0)
		return -EINVAL;
	/* The ring hands out its buffers straight into the caller's array. */
	return (int)emu_ring_take(q, frames, n);
}

MLX5X_EMU_API int
mlx5x_emu_capture_wire_burst(unsigned int dev, struct mlx5x_emu_frame *frames,
			     unsigned int n)
{
	return emu_api_take(emu_api_ring(dev, false, 0), frames, n);
}

MLX5X_EMU_API int
mlx5x_emu_capture_vf_burst(unsigned int dev, unsigned int vf,
			   struct mlx5x_emu_frame *frames, unsigned int n)
{
	return emu_api_take(emu_api_ring(dev, true, vf), frames, n);
}

MLX5X_EMU_API int
mlx5x_emu_release_wire(unsigned int dev)
{
	struct emu_ring *q = emu_api_ring(dev, false, 0);

	if (q == NULL)
		return -ENODEV;
	emu_ring_release(q);
	return 0;
}

MLX5X_EMU_API int
mlx5x_emu_release_vf(unsigned int dev, unsigned int vf)
{
	struct emu_ring *q = emu_api_ring(dev, true, vf);

	if (q == NULL)
		return -ENODEV;
	emu_ring_release(q);
	return 0;
}

MLX5X_EMU_API unsigned int
mlx5x_emu_poll(void)
{
	return emu_engine_pass_locked(-1);
}

MLX5X_EMU_API int
mlx5x_emu_counters(unsigned int dev, uint16_t vport,
		   struct mlx5x_emu_counters *c)
{
	struct emu_adapter *ad;
	struct emu_vport *vp;
	uint32_t i;

	emu_lock();
	ad = emu_api_adapter(dev);
	vp = ad != NULL ? emu_adapter_vport(ad, vport) : NULL;
	if (vp == NULL) {
		emu_unlock();
		return -ENODEV;
	}
	memset(c, 0, sizeof(*c));
	emu_rxf_tally_sync(ad);
	c->rx_packets = vp->cnt.rx_packets;
	c->rx_bytes = vp->cnt.rx_bytes;
	c->tx_packets = vp->cnt.tx_packets;
	c->tx_bytes = vp->cnt.tx_bytes;
	c->rx_dropped = vp->cnt.rx_dropped;
	c->cmd_count = ad->cmd_count;
	if (vport == 0)
		for (i = 0; i < ad->rqs.cap; i++) {
			struct emu_rq *rq = ad->rqs.slot[i];

			if (rq != NULL)
				c->rx_out_of_buffer += rq->out_of_buffer;
		}
	emu_unlock();
	return 0;
}

MLX5X_EMU_API int
mlx5x_emu_trace(unsigned int dev, char *buf, size_t len)
{
	struct emu_adapter *ad;
	int n;

	emu_lock();
	ad = emu_api_adapter(dev);
	if (ad == NULL) {
		emu_unlock();
		return -ENODEV;
	}
	n = (int)ad->trace_len;
	if (len > 0)
		snprintf(buf, len, "%s", ad->trace);
	emu_unlock();
	return n;
}

MLX5X_EMU_API int
mlx5x_emu_trace_enable(unsigned int dev, int on)
{
	struct emu_adapter *ad;

	emu_lock();
	ad = emu_api_adapter(dev);
	if (ad == NULL) {
		emu_unlock();
		return -ENODEV;
	}
	ad->trace_on = on != 0;
	emu_trace_reset(ad);
	emu_rx_changed(ad);
	emu_unlock();
	return 0;
}

MLX5X_EMU_API int
mlx5x_emu_fault_cmd(unsigned int dev, uint16_t opcode, unsigned int nth,
		    uint8_t status, uint32_t syndrome)
{
	struct emu_adapter *ad;

	emu_lock();
	ad = emu_api_adapter(dev);
	if (ad == NULL) {
		emu_unlock();
		return -ENODEV;
	}
	ad->fault_opcode = opcode;
	ad->fault_countdown = nth;
	ad->fault_status = status;
	ad->fault_syndrome = syndrome;
	emu_unlock();
	return 0;
}

MLX5X_EMU_API int
mlx5x_emu_cmd_trace_take(unsigned int dev, char *buf, size_t len)
{
	struct emu_adapter *ad;
	size_t full;

	emu_lock();
	ad = emu_api_adapter(dev);
	if (ad == NULL) {
		emu_unlock();
		return -ENODEV;
	}
	full = ad->cmd_trace_len;
	if (len > 0) {
		size_t n = full < len - 1 ? full : len - 1;

		if (n > 0)
			memcpy(buf, ad->cmd_trace, n);
		buf[n] = '\0';
	}
	ad->cmd_trace_len = 0;
	emu_unlock();
	return (int)full;
}
