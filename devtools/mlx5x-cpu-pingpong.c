/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * How long a cache line takes to go from one CPU to another and back:
 * two threads, pinned to CPU A and CPU B, hand one line to and fro N
 * times. The testpmd figures of the emulated adapter move with it: the
 * engine thread and the forwarding lcore hand queues to each other by
 * cache lines (doorbell records, WQEs, CQEs), so on a VM whose two vCPUs
 * the host places sometimes on cores sharing a cache and sometimes not,
 * the same build forwards at two rates (emu/README.md, "The engine").
 * The bench prints this beside its Mpps so a run says which case it saw.
 *
 * usage: mlx5x-cpu-pingpong [CPU_A CPU_B [ROUND_TRIPS]]   (0 1 200000)
 * Prints "cache line round trip CPU A <-> CPU B: N ns"; exit 1, saying
 * why, when a CPU cannot be had.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#define PINGPONG_PAUSE() __builtin_ia32_pause()
#else
#define PINGPONG_PAUSE() __asm__ volatile("" ::: "memory")
#endif

struct pingpong {
	/* The line handed over: odd values are A's turn done, even B's. */
	_Alignas(64) volatile uint64_t turn;
	_Alignas(64) volatile int b_ready; /* B pinned, or -errno */
	int cpu_b;
	uint64_t n;
};

static int
pingpong_pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

static void *
pingpong_b(void *arg)
{
	struct pingpong *p = arg;
	int ret = pingpong_pin(p->cpu_b);
	uint64_t i;

	/* B pins itself before A does: with A spinning under a real-time
	 * policy on the CPU B was created on, B would never run there. */
	p->b_ready = ret != 0 ? -ret : 1;
	if (ret != 0)
		return NULL;
	for (i = 1; i <= p->n; i++) {
		while (p->turn != 2 * i - 1)
			PINGPONG_PAUSE();
		p->turn = 2 * i;
	}
	return NULL;
}

static long
pingpong_arg(const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0) {
		fprintf(stderr,
			"mlx5x-cpu-pingpong: %s '%s' is not a number >= 0\n",
			what, s);
		exit(2);
	}
	return v;
}

int
main(int argc, char **argv)
{
	static struct pingpong p = { .cpu_b = 1, .n = 200000 };
	const struct timespec nap = { 0, 1000000 };
	struct timespec t0, t1;
	int cpu_a = 0, ret;
	pthread_t b;
	uint64_t i;
	double ns;

	if (argc != 1 && argc != 3 && argc != 4) {
		fprintf(stderr,
			"usage: mlx5x-cpu-pingpong [CPU_A CPU_B [ROUND_TRIPS]]\n");
		return 2;
	}
	if (argc >= 3) {
		cpu_a = (int)pingpong_arg(argv[1], "CPU_A");
		p.cpu_b = (int)pingpong_arg(argv[2], "CPU_B");
	}
	if (argc == 4)
		p.n = (uint64_t)pingpong_arg(argv[3], "ROUND_TRIPS");
	if (p.n == 0)
		p.n = 1;
	ret = pthread_create(&b, NULL, pingpong_b, &p);
	if (ret != 0) {
		fprintf(stderr,
			"mlx5x-cpu-pingpong: cannot start a thread (%s)\n",
			strerror(ret));
		return 1;
	}
	while (p.b_ready == 0)
		nanosleep(&nap, NULL);
	ret = p.b_ready < 0 ? -p.b_ready : pingpong_pin(cpu_a);
	if (ret != 0) {
		fprintf(stderr,
			"mlx5x-cpu-pingpong: cannot pin to CPU %d (%s)\n",
			p.b_ready < 0 ? p.cpu_b : cpu_a, strerror(ret));
		/* B waits for a turn that never comes: end the process. */
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 1; i <= p.n; i++) {
		p.turn = 2 * i - 1;
		while (p.turn != 2 * i)
			PINGPONG_PAUSE();
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	pthread_join(b, NULL);
	ns = (double)(t1.tv_sec - t0.tv_sec) * 1e9 +
	     (double)(t1.tv_nsec - t0.tv_nsec);
	printf("cache line round trip CPU %d <-> CPU %d: %.0f ns\n", cpu_a,
	       p.cpu_b, ns / (double)p.n);
	return 0;
}
