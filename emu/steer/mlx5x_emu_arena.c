/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Steering memory that grows with the number of rules (a group's entries,
 * a table's index map leaves, a DR matcher's rule handles) comes out of an
 * arena: chunks carved in order, freed together with their owner.
 *
 * Why: what made an insert at a million rules cost ~1 us was not
 * instructions but first touches of fresh pages. On this VM a 4 KB page
 * costs ~20 us to fault in and a 2 MB transparent huge page ~0.2 ms, i.e.
 * 100 times less per byte. So chunks start small and double while under
 * 64 KB (a small owner stays small), then are whole 2 MB huge pages. A
 * chunk never holds more than the owner can still ask for (the room it
 * passes: its PRM bound, e.g. a group's index range), so what it can
 * never use is not mapped; pages are committed only when first touched.
 */
#include "mlx5x_emu_steer.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct emu_arena_chunk {
	struct emu_arena_chunk *next;
	size_t bytes; /* the chunk's, this header included */
	/* Carved in order from a cache line's start: an owner carving
	 * blocks of whole lines (a group's entries) gets aligned ones. */
	uint64_t mem[] __attribute__((aligned(64)));
};

#define EMU_ARENA_HUGE ((size_t)2 << 20)
#define EMU_ARENA_SMALL ((size_t)64 << 10)

static size_t
emu_arena_round(size_t n)
{
	return (n + EMU_ARENA_HUGE - 1) & ~(EMU_ARENA_HUGE - 1);
}

/*
 * Zeroed memory. From 2 MB, an anonymous mapping of its own, aligned to
 * 2 MB and advised for transparent huge pages (this kernel's mode is
 * "madvise"); smaller blocks are calloc's.
 */
void *
emu_steer_mem_zalloc(size_t n)
{
	size_t len = emu_arena_round(n), lead;
	uint8_t *p;

	if (n < EMU_ARENA_HUGE)
		return calloc(1, n);
	p = mmap(NULL, len + EMU_ARENA_HUGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	/* Keep the 2 MB-aligned len bytes inside, give the rest back. */
	lead = (EMU_ARENA_HUGE - ((uintptr_t)p & (EMU_ARENA_HUGE - 1))) &
	       (EMU_ARENA_HUGE - 1);
	if (lead != 0)
		munmap(p, lead);
	munmap(p + lead + len, EMU_ARENA_HUGE - lead);
	p += lead;
	/* Advice only: without huge pages the block works with 4 KB ones. */
	(void)madvise(p, len, MADV_HUGEPAGE);
	return p;
}

void
emu_steer_mem_free(void *p, size_t n)
{
	if (n < EMU_ARENA_HUGE)
		free(p);
	else if (p != NULL)
		munmap(p, emu_arena_round(n));
}

int
emu_arena_grow(struct emu_arena *a, size_t sz, size_t first, uint64_t room)
{
	const size_t hdr = sizeof(struct emu_arena_chunk);
	size_t want = a->next ? a->next : first, bytes;
	struct emu_arena_chunk *c;

	if (want > room)
		want = room;
	if (want < sz)
		want = sz;
	bytes = hdr + want;
	/* A big chunk fills its huge pages, if the owner can use them. */
	if (bytes >= EMU_ARENA_HUGE / 2 &&
	    emu_arena_round(bytes) - hdr <= (room > sz ? room : sz))
		bytes = emu_arena_round(bytes);
	if (bytes >= EMU_ARENA_HUGE) {
		c = emu_steer_mem_zalloc(bytes);
	} else {
		/* A small chunk on a cache line too (its blocks are carved
		 * whole, and touched, soon: zeroing costs nothing more). */
		void *p;

		c = posix_memalign(&p, 64, bytes) == 0 ? memset(p, 0, bytes)
						       : NULL;
	}
	if (c == NULL)
		return -1;
	/* Above what a hash slot can address (not seen on Linux, whose
	 * user space is below 2^47 unless asked): no room. */
	if (((uintptr_t)c + bytes - 1) >> EMU_FG_VA_BITS != 0) {
		emu_steer_mem_free(c, bytes);
		return -1;
	}
	c->bytes = bytes;
	c->next = a->chunks;
	a->chunks = c;
	a->bump = (uint8_t *)c->mem;
	a->left = bytes - hdr;
	a->next = bytes < EMU_ARENA_SMALL ? want * 2 : EMU_ARENA_HUGE - hdr;
	return 0;
}

void
emu_arena_free(struct emu_arena *a)
{
	while (a->chunks != NULL) {
		struct emu_arena_chunk *c = a->chunks;

		a->chunks = c->next;
		emu_steer_mem_free(c, c->bytes);
	}
	a->bump = NULL;
	a->left = 0;
	a->next = 0;
}
