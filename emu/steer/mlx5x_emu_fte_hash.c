/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Flow entries as hardware keeps them: per flow group a hash table keyed by
 * the masked value over the group's non-zero mask words, so a lookup costs
 * one hash and one bucket per group visited whatever the number of rules;
 * per table an index -> entry map, so setting and deleting an entry by
 * index is O(1) amortised. Entries hold only their masked words.
 *
 * A packet's masked value is one key. A firmware-owned group holds a key
 * at most once (a duplicate is refused at SET_FLOW_TABLE_ENTRY), so the one
 * entry found is the group's first match; a DR matcher's group may hold it
 * again (rdma-core allows duplicate rules by default), and then the entry
 * inserted first is the match, whatever the bucket order.
 */
#include "mlx5x_emu_pkt.h"
#include "mlx5x_emu_steer.h"

#include <stdlib.h>
#include <string.h>

struct emu_fte_slab {
	struct emu_fte_slab *next;
	uint64_t mem[]; /* entries, each emu_fg_entry_size bytes */
};

#define EMU_FG_MIN_BUCKETS 4u
#define EMU_FT_MIN_SLOTS 16u

/* Fold one word in; the varying bits of a field can sit anywhere in it. */
static inline uint64_t
emu_fte_mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 32);
}

/* Every input bit reaches the low bits a bucket index takes (the 64-bit
 * finaliser of MurmurHash3). */
static inline uint64_t
emu_fte_final(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 33);
}

static inline uint64_t
emu_fg_hash_inl(const struct emu_fg *g, const uint8_t *param, uint64_t *key)
{
	uint64_t h = g->nnz;
	unsigned int i;

	/* A group that masks nothing (a catch-all): its one key is empty,
	 * and the finaliser maps the empty key's 0 to 0. */
	if (g->nnz == 0)
		return 0;

	for (i = 0; i < g->nnz; i++) {
		uint64_t w;

		memcpy(&w, param + (size_t)g->nz[i] * 8, 8);
		key[i] = w & g->mw[i];
		h = emu_fte_mix(h, key[i]);
	}
	return emu_fte_final(h);
}

uint64_t
emu_fg_hash_value(const struct emu_fg *g, const uint8_t *param, uint64_t *key)
{
	return emu_fg_hash_inl(g, param, key);
}

static inline struct emu_fte *
emu_fg_find(const struct emu_fg *g, uint64_t h, const uint64_t *key)
{
	struct emu_fte *e;
	unsigned int i;

	struct emu_fte *first = NULL;

	if (g->nbucket == 0)
		return NULL;
	for (e = g->bucket[h & (g->nbucket - 1)]; e != NULL; e = e->hnext) {
		if (e->hash != h)
			continue;
		for (i = 0; i < g->nnz && e->key[i] == key[i]; i++)
			;
		if (i != g->nnz)
			continue;
		if (g->ndup == 0)
			return e;
		if (first == NULL || e->seq < first->seq)
			first = e;
	}
	return first;
}

static inline const struct emu_fte *
emu_fg_lookup_inl(const struct emu_fg *g, const uint8_t *param)
{
	uint64_t key[EMU_MATCH_BYTES / 8];
	uint64_t h;

	if (g->count == 0)
		return NULL;
	/* A catch-all of a firmware-owned group: its one entry, whose empty
	 * key hashes to 0, heads bucket 0. */
	if (g->nnz == 0 && g->ndup == 0)
		return g->bucket[0];
	h = emu_fg_hash_inl(g, param, key);
	return emu_fg_find(g, h, key);
}

const struct emu_fte *
emu_fg_lookup(const struct emu_fg *g, const uint8_t *param)
{
	return emu_fg_lookup_inl(g, param);
}

/* A table's first match: groups in lookup order, one probe each, all in
 * this one call (the data path's steering walk makes it per table). */
const struct emu_fte *
emu_ft_lookup(const struct emu_ft *ft, const uint8_t *param)
{
	const struct emu_fg *g;

	for (g = ft->groups; g != NULL; g = g->next) {
		const struct emu_fte *e = emu_fg_lookup_inl(g, param);

		if (e != NULL)
			return e;
	}
	return NULL;
}

struct emu_fte *
emu_fg_find_dup(const struct emu_fg *g, const struct emu_fte *e)
{
	return emu_fg_find(g, e->hash, e->key);
}

static int
emu_fg_grow(struct emu_fg *g)
{
	uint32_t n = g->nbucket ? g->nbucket * 2 : EMU_FG_MIN_BUCKETS, i;
	struct emu_fte **b = calloc(n, sizeof(*b));

	if (b == NULL)
		return -1;
	for (i = 0; i < g->nbucket; i++) {
		struct emu_fte *e = g->bucket[i], *next;

		for (; e != NULL; e = next) {
			next = e->hnext;
			e->hnext = b[e->hash & (n - 1)];
			b[e->hash & (n - 1)] = e;
		}
	}
	free(g->bucket);
	g->bucket = b;
	g->nbucket = n;
	return 0;
}

int
emu_fg_insert(struct emu_fg *g, struct emu_fte *e)
{
	struct emu_fte **b;

	if (g->count >= g->nbucket && emu_fg_grow(g) != 0)
		return -1;
	b = &g->bucket[e->hash & (g->nbucket - 1)];
	e->hnext = *b;
	*b = e;
	g->count++;
	return 0;
}

void
emu_fg_remove(struct emu_fg *g, struct emu_fte *e)
{
	struct emu_fte **pp = &g->bucket[e->hash & (g->nbucket - 1)];

	while (*pp != e)
		pp = &(*pp)->hnext;
	*pp = e->hnext;
	g->count--;
}

void
emu_fg_hash_free(struct emu_fg *g)
{
	free(g->bucket);
	g->bucket = NULL;
	g->nbucket = 0;
	while (g->slabs != NULL) {
		struct emu_fte_slab *sl = g->slabs;

		g->slabs = sl->next;
		free(sl);
	}
	memset(g->free_e, 0, sizeof(g->free_e));
	g->slab_next = 0;
}

/* ---- entry memory ------------------------------------------------------- */

/*
 * A malloc per entry was the largest single cost of SET_FLOW_TABLE_ENTRY.
 * Entries of a group differ in size only by their number of destinations,
 * so each group carves them out of slabs (4 entries, doubling up to 1024,
 * so a small group stays small) and keeps freed ones per size for the
 * next set; the slabs go with the group.
 */
#define EMU_FTE_SLAB_MIN 4u
#define EMU_FTE_SLAB_MAX 1024u

static size_t
emu_fg_entry_size(const struct emu_fg *g, uint32_t ndest)
{
	size_t sz = sizeof(struct emu_fte) + (size_t)g->nnz * 8 +
		    (size_t)ndest * sizeof(struct emu_dest);

	return (sz + 7) & ~(size_t)7;
}

struct emu_fte *
emu_fg_entry_alloc(struct emu_fg *g, uint32_t ndest)
{
	struct emu_fte *e = g->free_e[ndest];

	if (e == NULL) {
		size_t sz = emu_fg_entry_size(g, ndest);
		uint32_t n = g->slab_next ? g->slab_next : EMU_FTE_SLAB_MIN, i;
		struct emu_fte_slab *sl = malloc(sizeof(*sl) + n * sz);

		if (sl == NULL)
			return NULL;
		sl->next = g->slabs;
		g->slabs = sl;
		g->slab_next = n < EMU_FTE_SLAB_MAX ? n * 2 : n;
		for (i = n; i-- > 0;) {
			e = (struct emu_fte *)((uint8_t *)sl->mem + i * sz);
			e->hnext = g->free_e[ndest];
			g->free_e[ndest] = e;
		}
	}
	g->free_e[ndest] = e->hnext;
	e->dest_room = ndest;
	e->dest = (struct emu_dest *)(e->key + g->nnz);
	return e;
}

void
emu_fg_entry_free(struct emu_fg *g, struct emu_fte *e)
{
	e->hnext = g->free_e[e->dest_room];
	g->free_e[e->dest_room] = e;
}

/* ---- index -> entry, open addressing with linear probing -------------- */

/*
 * Each slot keeps the index beside the entry, so a probe and a rehash never
 * touch the entries themselves. Sixteen consecutive indexes share four
 * cache lines of slots (rules are mostly set by increasing index); the
 * blocks of sixteen are spread by Fibonacci hashing, whose top bits depend
 * on every bit of the block number, so indexes that differ only in high
 * bits (groups or DR matchers at power-of-two offsets) do not collide.
 */
static inline uint32_t
emu_ft_slot(uint32_t index, uint32_t cap)
{
	uint32_t lg = (uint32_t)__builtin_ctz(cap);

	if (lg <= 4)
		return index & (cap - 1);
	return ((index >> 4) * 0x9e3779b1u) >> (32 - (lg - 4)) << 4 |
	       (index & 15);
}

struct emu_fte *
emu_ft_entry(const struct emu_ft *ft, uint32_t index)
{
	uint32_t i;

	if (ft->nslot == 0)
		return NULL;
	for (i = emu_ft_slot(index, ft->nslot);
	     ft->slot[i].e != NULL || ft->slot[i].gone;
	     i = (i + 1) & (ft->nslot - 1))
		if (ft->slot[i].e != NULL && ft->slot[i].index == index)
			return ft->slot[i].e;
	return NULL;
}

/* Into the first free or gone slot of index's probe sequence (the caller
 * knows index is not in the map). */
static void
emu_ft_place(struct emu_ft *ft, uint32_t index, struct emu_fte *e)
{
	uint32_t i;

	for (i = emu_ft_slot(index, ft->nslot); ft->slot[i].e != NULL;
	     i = (i + 1) & (ft->nslot - 1))
		;
	if (ft->slot[i].gone)
		ft->ngone--;
	ft->slot[i].index = index;
	ft->slot[i].gone = false;
	ft->slot[i].e = e;
}

int
emu_ft_entry_add(struct emu_ft *ft, struct emu_fte *e)
{
	/* Live and gone slots at most half the map keeps probe sequences
	 * short; a rehash drops the gone ones and doubles until the live
	 * ones fill at most 3/8, so the next rehash is at least nslot / 8
	 * sets away. */
	if ((ft->nentries + ft->ngone + 1) * 2 > ft->nslot) {
		uint32_t n = ft->nslot ? ft->nslot : EMU_FT_MIN_SLOTS, i;
		struct emu_ft_slot *old = ft->slot;
		uint32_t nold = ft->nslot;
		struct emu_ft_slot *s;

		while ((uint64_t)(ft->nentries + 1) * 8 > (uint64_t)n * 3)
			n *= 2;
		s = calloc(n, sizeof(*s));
		if (s == NULL)
			return -1;
		ft->slot = s;
		ft->nslot = n;
		ft->ngone = 0;
		for (i = 0; i < nold; i++)
			if (old[i].e != NULL)
				emu_ft_place(ft, old[i].index, old[i].e);
		free(old);
	}
	emu_ft_place(ft, e->index, e);
	ft->nentries++;
	return 0;
}

/* O(1): the slot is marked gone (a probe goes on past it, a set reuses
 * it); the rehash of a later set sweeps gone slots away. */
void
emu_ft_entry_del(struct emu_ft *ft, const struct emu_fte *e)
{
	uint32_t mask = ft->nslot - 1, i;

	for (i = emu_ft_slot(e->index, ft->nslot); ft->slot[i].e != e;
	     i = (i + 1) & mask)
		;
	ft->slot[i].e = NULL;
	ft->slot[i].gone = true;
	ft->ngone++;
	ft->nentries--;
}

void
emu_ft_entries_free(struct emu_ft *ft)
{
	free(ft->slot);
	ft->slot = NULL;
	ft->nslot = 0;
	ft->nentries = 0;
	ft->ngone = 0;
}
