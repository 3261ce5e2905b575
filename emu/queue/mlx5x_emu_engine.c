/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The engine: one thread that services doorbells. Software rings a
 * doorbell by updating the doorbell record and writing the UAR; in
 * process memory there is no trap on the UAR write, so the engine watches
 * the doorbell records of ready SQs and the frames waiting at loop ends.
 * It spins while there is work and backs off to a 1 ms sleep when idle,
 * so an idle adapter costs no core. It starts with the first ready SQ and
 * stops when the last context closes.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_ends.h"

#include <time.h>

unsigned int
emu_engine_pass_locked(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < emu_world.nadapters; i++) {
		struct emu_adapter *ad = emu_world.ad[i];

		n += emu_sq_service_all(ad);
		n += emu_wire_service(ad);
		/* A pass is a burst: held CQEs go out now. */
		emu_adapter_flush_cqs(ad);
	}
	return n;
}

static void *
emu_engine_main(void *arg)
{
	unsigned int idle = 0;

	(void)arg;
	while (!__atomic_load_n(&emu_world.stop, __ATOMIC_ACQUIRE)) {
		unsigned int n;

		emu_lock();
		n = emu_engine_pass_locked();
		emu_unlock();
		if (n != 0) {
			idle = 0;
			continue;
		}
		if (idle < 10)
			idle++;
		/* 2 us doubling up to 1 ms. */
		{
			struct timespec ts = { 0, 2000L << (idle - 1) };

			if (ts.tv_nsec > 1000000)
				ts.tv_nsec = 1000000;
			nanosleep(&ts, NULL);
		}
	}
	return NULL;
}

void
emu_engine_start_locked(void)
{
	if (emu_world.running)
		return;
	emu_world.stop = false;
	if (pthread_create(&emu_world.thread, NULL, emu_engine_main, NULL) == 0)
		emu_world.running = true;
}

void
emu_engine_stop(void)
{
	pthread_t t;

	emu_lock();
	if (!emu_world.running) {
		emu_unlock();
		return;
	}
	t = emu_world.thread;
	emu_world.running = false;
	__atomic_store_n(&emu_world.stop, true, __ATOMIC_RELEASE);
	emu_unlock();
	pthread_join(t, NULL);
}
