/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test hooks for what the adapter model alone cannot show a test:
 *  - the port's link rate as IB port attributes (active width and lane
 *    speed), which a real adapter takes from the cable and the peer;
 *  - a Direct Rules domain creation that fails, as rdma-core's does when
 *    one of the capability queries or objects it needs is refused;
 *  - the DR domains and actions still alive, for the census: they are
 *    rdma-core memory, not PRM objects, so no object table counts them;
 *  - an adapter's data path held by a thread, as one in the middle of a
 *    burst holds it, for as long as a test needs to show what goes on
 *    beside it (the other adapters' engines, commands on them).
 * State is kept per adapter number, so it outlives a mlx5x_emu_setup:
 * a test restores what it changed.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"

#include <errno.h>

#include "mlx5x_emu.h"

/* IBTA port attributes of the default model: 4x lanes at EDR (25 Gb/s). */
#define EMU_HOOK_WIDTH_DEFAULT 2
#define EMU_HOOK_SPEED_DEFAULT 32

static uint8_t hook_width[EMU_MAX_ADAPTERS];
static uint8_t hook_speed[EMU_MAX_ADAPTERS];
static unsigned int hook_dr_fault_nth[EMU_MAX_ADAPTERS];
static int hook_dr_fault_errno[EMU_MAX_ADAPTERS];
static uint32_t hook_dr_domains[EMU_MAX_ADAPTERS];
/* Drop, tag and other actions name no device: counted process-wide. */
static uint32_t hook_dr_actions;

MLX5X_EMU_API int
mlx5x_emu_port_speed(unsigned int dev, uint8_t active_width,
		     uint8_t active_speed)
{
	if (dev >= EMU_MAX_ADAPTERS)
		return -ENODEV;
	emu_lock();
	hook_width[dev] = active_width;
	hook_speed[dev] = active_speed;
	emu_unlock();
	return 0;
}

void
emu_hook_port_speed(const struct emu_adapter *ad, uint8_t *width,
		    uint8_t *speed)
{
	*width = EMU_HOOK_WIDTH_DEFAULT;
	*speed = EMU_HOOK_SPEED_DEFAULT;
	if (ad->index >= EMU_MAX_ADAPTERS)
		return;
	emu_lock();
	if (hook_width[ad->index] != 0 || hook_speed[ad->index] != 0) {
		*width = hook_width[ad->index];
		*speed = hook_speed[ad->index];
	}
	emu_unlock();
}

MLX5X_EMU_API int
mlx5x_emu_fault_dr_domain(unsigned int dev, unsigned int nth, int err)
{
	if (dev >= EMU_MAX_ADAPTERS)
		return -ENODEV;
	emu_lock();
	hook_dr_fault_nth[dev] = nth;
	hook_dr_fault_errno[dev] = err;
	emu_unlock();
	return 0;
}

int
emu_hook_dr_domain_fault(const struct emu_adapter *ad)
{
	int err = 0;

	if (ad->index >= EMU_MAX_ADAPTERS)
		return 0;
	emu_lock();
	if (hook_dr_fault_nth[ad->index] != 0 &&
	    --hook_dr_fault_nth[ad->index] == 0)
		err = hook_dr_fault_errno[ad->index];
	emu_unlock();
	return err;
}

void
emu_hook_dr_domain_count(const struct emu_adapter *ad, int delta)
{
	if (ad->index >= EMU_MAX_ADAPTERS)
		return;
	emu_lock();
	hook_dr_domains[ad->index] += (uint32_t)delta;
	emu_unlock();
}

void
emu_hook_dr_action_count(int delta)
{
	/* Atomic, not the world lock: actions come and go with every rule. */
	__atomic_add_fetch(&hook_dr_actions, (uint32_t)delta, __ATOMIC_RELAXED);
}

void
emu_hook_census(const struct emu_adapter *ad, struct mlx5x_emu_census *c)
{
	c->dr_domain =
		ad->index < EMU_MAX_ADAPTERS ? hook_dr_domains[ad->index] : 0;
	c->dr_action = __atomic_load_n(&hook_dr_actions, __ATOMIC_RELAXED);
}

MLX5X_EMU_API int
mlx5x_emu_hold(unsigned int dev, int on)
{
	if (dev >= emu_world.nadapters)
		return -ENODEV;
	if (on) {
		emu_adapter_lock(dev);
		return 0;
	}
	/* Only a hold of this thread's own can end here. */
	if (!emu_adapter_held(dev))
		return -EPERM;
	emu_adapter_unlock(dev);
	return 0;
}

MLX5X_EMU_API int
mlx5x_emu_rx_fused(unsigned int dev, int on, uint64_t *frames)
{
	struct emu_adapter *ad;

	emu_lock();
	if (dev >= emu_world.nadapters) {
		emu_unlock();
		return -ENODEV;
	}
	ad = emu_world.ad[dev];
	if (on >= 0) {
		ad->rxf.off = on == 0;
		emu_rx_changed(ad);
	}
	if (frames != NULL) {
		emu_rxf_tally_sync(ad);
		*frames = ad->rxf.frames;
	}
	emu_unlock();
	return 0;
}

MLX5X_EMU_API int
mlx5x_emu_sq_fast(unsigned int dev, uint64_t *frames)
{
	emu_lock();
	if (dev >= emu_world.nadapters) {
		emu_unlock();
		return -ENODEV;
	}
	*frames = emu_world.ad[dev]->sq_fast_frames;
	emu_unlock();
	return 0;
}
