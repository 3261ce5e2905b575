/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The engine: threads that service doorbells. Software rings a doorbell
 * by updating the doorbell record and writing the UAR; in process memory
 * there is no trap on the UAR write, so the engine watches the doorbell
 * records of ready SQs and the frames waiting at loop ends. The engine
 * starts with the first ready SQ and stops when the last context closes.
 *
 * Threads. Adapter configuration key engine=T gives the adapter to engine
 * thread T (default 0: one thread for all), engine_cpu=C pins that thread.
 * Each thread services only its own adapters, each under that adapter's
 * lock, not the world's: an adapter's objects and its scratch are its own
 * (no frame crosses to another adapter but through a queue), so passes
 * on two adapters run at once and two threads add forwarding capacity.
 *
 * Idle back-off. A forwarding application keeps a few bursts in flight:
 * the engine empties them, then finds nothing until the application has
 * polled and posted the next ones, a few microseconds later. Sleeping at
 * that point drains the pipeline (the shortest nanosleep is tens of
 * microseconds with the default timer slack), so after its last work the
 * engine keeps polling, with a pause between passes and no system call,
 * for EMU_ENGINE_SPIN_US of TSC time; only then does it sleep, from 2 us
 * doubling up to 1 ms, with a timer slack of 1 ns so the short sleeps are
 * short. An idle adapter therefore costs a wake-up a millisecond.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_ends.h"

#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

/* Polling time after the last work before the first sleep. */
#define EMU_ENGINE_SPIN_US 50
/* Pauses between two idle passes: keeps the adapter locks free most of
 * the time for the control path while the engine spins. */
#define EMU_ENGINE_SPIN_PAUSES 16

static uint64_t
emu_engine_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#if defined(__x86_64__) || defined(__i386__)
static inline uint64_t
emu_engine_ticks(void)
{
	return __rdtsc();
}

static inline void
emu_engine_pause(void)
{
	_mm_pause();
}

/* TSC ticks in a microsecond, measured once against CLOCK_MONOTONIC over
 * 200 us (constant TSC on every CPU this runs on). */
static uint64_t
emu_engine_ticks_per_us(void)
{
	static uint64_t per_us;
	uint64_t v = __atomic_load_n(&per_us, __ATOMIC_RELAXED);
	uint64_t ns0, ns, t0;

	if (v != 0)
		return v;
	ns0 = emu_engine_mono_ns();
	t0 = emu_engine_ticks();
	do
		ns = emu_engine_mono_ns() - ns0;
	while (ns < 200000);
	v = (emu_engine_ticks() - t0) * 1000 / ns;
	if (v == 0)
		v = 1;
	__atomic_store_n(&per_us, v, __ATOMIC_RELAXED);
	return v;
}
#else
static inline uint64_t
emu_engine_ticks(void)
{
	return emu_engine_mono_ns();
}

static inline void
emu_engine_pause(void)
{
}

static uint64_t
emu_engine_ticks_per_us(void)
{
	return 1000;
}
#endif

/*
 * What an engine thread did, for MLX5X_EMU_ENGINE_STATS=1: counted only
 * then (the thread's pointer is NULL otherwise: one test a pass), printed
 * to stderr and restarted once a second, so a line describes one second
 * of a forwarding window. Passes with work are counted by how much they
 * did (WQEs run plus frames taken in at the ends) in powers of two; the
 * TSC of busy passes is split between the SQs, the ends (a looped frame's
 * way to its RQ is in there) and the CQE flush at the end of the pass.
 */
#define EMU_ENGINE_HIST 9 /* 1, 2-3, 4-7, ..., 128 and more */
struct emu_engine_stats {
	uint64_t since; /* TSC of the last line */
	uint64_t passes, empty, wqes, frames;
	uint64_t hist[EMU_ENGINE_HIST];
	uint64_t tsc_sq, tsc_ends, tsc_flush;
	uint64_t spins, sleeps;
};
/* Initial-exec, as emu_lock_tls: read two or three times a pass, a
 * %fs-relative load rather than a __tls_get_addr call each time. */
static __thread struct emu_engine_stats *emu_engine_st
	__attribute__((tls_model("initial-exec")));

static unsigned int
emu_engine_pass_adapter(struct emu_adapter *ad)
{
	struct emu_engine_stats *st = emu_engine_st;
	uint64_t t0, t1, t2;
	unsigned int nsq, nend;

	if (__builtin_expect(st == NULL, 1)) {
		nsq = emu_sq_service_all(ad);
		nend = emu_wire_service(ad);
		/* A pass is a burst: held CQEs go out now. */
		emu_adapter_flush_cqs(ad);
		return nsq + nend;
	}
	t0 = emu_engine_ticks();
	nsq = emu_sq_service_all(ad);
	t1 = emu_engine_ticks();
	nend = emu_wire_service(ad);
	t2 = emu_engine_ticks();
	emu_adapter_flush_cqs(ad);
	st->wqes += nsq;
	st->frames += nend;
	if (nsq + nend != 0) {
		st->tsc_sq += t1 - t0;
		st->tsc_ends += t2 - t1;
		st->tsc_flush += emu_engine_ticks() - t2;
	}
	return nsq + nend;
}

/* One line of thread t's counts, then counting starts again. */
static void
emu_engine_stats_print(struct emu_engine_stats *st, unsigned int t,
		       uint64_t now, uint64_t per_us)
{
	uint64_t busy = st->passes - st->empty;
	uint64_t work = st->tsc_sq + st->tsc_ends + st->tsc_flush;
	char hist[EMU_ENGINE_HIST * 24];
	size_t off = 0;
	unsigned int k;

	for (k = 0; k < EMU_ENGINE_HIST && off < sizeof(hist); k++)
		off += (size_t)snprintf(hist + off, sizeof(hist) - off, "%s%lu",
					k ? "/" : "",
					(unsigned long)st->hist[k]);
	fprintf(stderr,
		"mlx5x-emu: engine %u: %.3f s: passes %lu (empty %lu), WQEs %lu, end frames %lu, %.1f per busy pass (by 1/2/4/../128+: %s); busy %.1f%% (SQ %.1f%%, ends %.1f%%, CQE flush %.1f%%), idle spins %lu, sleeps %lu\n",
		t, (double)(now - st->since) / (double)per_us / 1e6,
		(unsigned long)st->passes, (unsigned long)st->empty,
		(unsigned long)st->wqes, (unsigned long)st->frames,
		busy ? (double)(st->wqes + st->frames) / (double)busy : 0.0,
		hist, 100.0 * (double)work / (double)(now - st->since),
		work ? 100.0 * (double)st->tsc_sq / (double)work : 0.0,
		work ? 100.0 * (double)st->tsc_ends / (double)work : 0.0,
		work ? 100.0 * (double)st->tsc_flush / (double)work : 0.0,
		(unsigned long)st->spins, (unsigned long)st->sleeps);
	memset(st, 0, sizeof(*st));
	st->since = now;
}

/* A pass of thread t that did n: counted, a line once a second. */
static void
emu_engine_stats_pass(struct emu_engine_stats *st, unsigned int t,
		      unsigned int n, uint64_t per_us)
{
	uint64_t now = emu_engine_ticks();
	unsigned int k = 0;

	st->passes++;
	if (n == 0) {
		st->empty++;
	} else {
		while (n > 1 && k < EMU_ENGINE_HIST - 1) {
			n >>= 1;
			k++;
		}
		st->hist[k]++;
	}
	if (now - st->since >= per_us * 1000000)
		emu_engine_stats_print(st, t, now, per_us);
}

/*
 * One pass of engine thread t over its own adapters, or over every
 * adapter for t < 0 (mlx5x_emu_poll: the test side's engine), each under
 * its own lock alone: another thread's pass over another adapter runs at
 * the same time, and a command on an adapter waits for the end of that
 * adapter's pass (or the pass for the command). The adapters themselves
 * are fixed while any engine runs: they come and go only at set-up and
 * teardown, with no context open, so with no engine thread. Never
 * inlined, and the name stays: the bench counts an engine pass by it
 * whichever thread runs it (devtools/mlx5x-bench, callgrind
 * --toggle-collect).
 */
__attribute__((noinline)) unsigned int
emu_engine_pass_locked(int t)
{
	unsigned int i, n = 0;

	for (i = 0; i < emu_world.nadapters; i++)
		if (t < 0 || emu_world.ad[i]->cfg.engine == (unsigned int)t) {
			emu_adapter_lock(i);
			n += emu_engine_pass_adapter(emu_world.ad[i]);
			emu_adapter_unlock(i);
		}
	return n;
}

/* engine_cpu of thread t's adapters (one value: emu_config_parse checks),
 * -1 for none. */
static int
emu_engine_cpu_of(unsigned int t)
{
	unsigned int i;

	for (i = 0; i < emu_world.nadapters; i++)
		if (emu_world.ad[i]->cfg.engine == t)
			return emu_world.ad[i]->cfg.engine_cpu;
	return -1;
}

/* Nothing to do: poll on while the last work is recent, else sleep, each
 * sleep twice the last (2 us .. 1 ms). */
static void
emu_engine_idle(uint64_t now, uint64_t idle_since, uint64_t spin,
		unsigned int *sleeps)
{
	struct emu_engine_stats *st = emu_engine_st;
	struct timespec ts = { 0, 0 };
	unsigned int k;

	if (now - idle_since < spin) {
		if (st != NULL)
			st->spins++;
		for (k = 0; k < EMU_ENGINE_SPIN_PAUSES; k++)
			emu_engine_pause();
		return;
	}
	if (st != NULL)
		st->sleeps++;
	if (*sleeps < 10)
		(*sleeps)++;
	ts.tv_nsec = 2000L << (*sleeps - 1);
	if (ts.tv_nsec > 1000000)
		ts.tv_nsec = 1000000;
	nanosleep(&ts, NULL);
}

static void *
emu_engine_main(void *arg)
{
	const uint64_t per_us = emu_engine_ticks_per_us();
	uint64_t spin = EMU_ENGINE_SPIN_US * per_us;
	/* arg: the generation this thread runs for, and its number */
	const unsigned int t =
		(unsigned int)((uintptr_t)arg % EMU_MAX_ADAPTERS);
	const uint32_t gen = (uint32_t)((uintptr_t)arg / EMU_MAX_ADAPTERS);
	const char *want = getenv(MLX5X_EMU_ENGINE_STATS_ENV);
	struct emu_engine_stats stats = { .since = emu_engine_ticks() };
	uint64_t idle_since = 0;
	unsigned int sleeps = 0;
	bool idle = false;
	char name[16];
	int cpu;

	/* Named, so top -H, perf and /proc tell the engine from the
	 * application's threads (it would carry the creator's name, e.g.
	 * the EAL main lcore's). Best effort. */
	snprintf(name, sizeof(name), "mlx5x-emu-eng%u", t);
	(void)pthread_setname_np(pthread_self(), name);
	/* The thread's own slack (not the process's): a 2 us sleep stays
	 * near 2 us instead of the default 50 us. Best effort. */
	(void)prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
	/* No lock: the adapters and their configuration are fixed while an
	 * engine runs, and the world lock would wait for every adapter, one
	 * of which may be in the middle of a burst. */
	cpu = emu_engine_cpu_of(t);
	if (cpu >= 0) {
		cpu_set_t set;
		int ret;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		ret = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
		if (ret != 0)
			fprintf(stderr,
				"mlx5x-emu: engine thread %u: cannot pin to CPU %d (%s); it runs unpinned\n",
				t, cpu, strerror(ret));
	}
	if (want != NULL && strcmp(want, "1") == 0)
		emu_engine_st = &stats;
	/* Relaxed: the stop publishes nothing for this thread to read; what
	 * the stopper does after is ordered by its join. */
	while (__atomic_load_n(&emu_world.engine_gen, __ATOMIC_RELAXED) ==
	       gen) {
		uint64_t now;
		unsigned int n;

		n = emu_engine_pass_locked((int)t);
		if (__builtin_expect(emu_engine_st != NULL, 0))
			emu_engine_stats_pass(emu_engine_st, t, n, per_us);
		if (n != 0) {
			idle = false;
			sleeps = 0;
			continue;
		}
		now = emu_engine_ticks();
		if (!idle) {
			idle = true;
			idle_since = now;
		}
		emu_engine_idle(now, idle_since, spin, &sleeps);
	}
	if (emu_engine_st != NULL)
		emu_engine_stats_print(emu_engine_st, t, emu_engine_ticks(),
				       per_us);
	emu_engine_st = NULL;
	return NULL;
}

void
emu_engine_start_locked(void)
{
	bool used[EMU_MAX_ADAPTERS] = { false };
	unsigned int i, t;

	if (emu_world.running)
		return;
	/* No flag to clear: threads a stop still joins may be reading it.
	 * These run for the generation as it is now, and stop when the next
	 * stop moves it on. */
	for (i = 0; i < emu_world.nadapters; i++)
		used[emu_world.ad[i]->cfg.engine] = true;
	for (t = 0; t < EMU_MAX_ADAPTERS; t++) {
		int ret = 0;

		/* the thread's generation and number, in one argument */
		uintptr_t arg =
			(uintptr_t)emu_world.engine_gen * EMU_MAX_ADAPTERS + t;

		if (used[t])
			ret = pthread_create(&emu_world.engine[t], NULL,
					     emu_engine_main, (void *)arg);
		emu_world.started[t] = used[t] && ret == 0;
		if (emu_world.started[t])
			emu_world.running = true;
		else if (used[t])
			fprintf(stderr,
				"mlx5x-emu: cannot start engine thread %u (%s)\n",
				t, strerror(ret));
	}
}

/*
 * The threads are joined without the lock (a pass they are in waits for
 * an adapter lock emu_lock holds). Meanwhile a context may open and start
 * threads of the next generation; the ones joined here stop all the same.
 */
static void
emu_engine_stop_if(bool idle_only)
{
	pthread_t th[EMU_MAX_ADAPTERS];
	bool join[EMU_MAX_ADAPTERS];
	unsigned int t;

	emu_lock();
	if (!emu_world.running || (idle_only && emu_world.ncontexts != 0)) {
		emu_unlock();
		return;
	}
	for (t = 0; t < EMU_MAX_ADAPTERS; t++) {
		th[t] = emu_world.engine[t];
		join[t] = emu_world.started[t];
		emu_world.started[t] = false;
	}
	emu_world.running = false;
	__atomic_store_n(&emu_world.engine_gen, emu_world.engine_gen + 1,
			 __ATOMIC_RELAXED);
	emu_unlock();
	for (t = 0; t < EMU_MAX_ADAPTERS; t++)
		if (join[t])
			pthread_join(th[t], NULL);
}

void
emu_engine_stop(void)
{
	emu_engine_stop_if(false);
}

void
emu_engine_stop_idle(void)
{
	emu_engine_stop_if(true);
}
