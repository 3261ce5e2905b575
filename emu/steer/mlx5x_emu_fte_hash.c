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

/* Fold one word in; the varying bits of a field can sit anywhere in it. */
static inline uint64_t
emu_fte_mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 32);
}

/* Every input bit reaches the top bits a home slot takes (the 64-bit
 * finaliser of MurmurHash3 mixes both ends). */
static inline uint64_t
emu_fte_final(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 33);
}

static inline __attribute__((always_inline)) uint64_t
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

/* A key's home slot: the hash's top bits, so that doubling the table
 * sends slot i's entries to slots 2i and 2i + 1 and a rehash streams
 * through both arrays in order (and never reads an entry). A slot's own
 * word gives its entry's home the same way: the tag is the hash's top. */
static inline uint32_t
emu_fg_home(uint32_t shift, uint64_t h)
{
	return (uint32_t)(h >> shift);
}

static inline uint64_t
emu_fg_slot_make(uint64_t h, const struct emu_fte *e)
{
	return (h >> EMU_FG_PTR_BITS << EMU_FG_PTR_BITS) |
	       (uintptr_t)e >> EMU_FTE_ALIGN_LOG;
}

/* Whether slot s (not empty) holds an entry of hash h's tag. */
static inline bool
emu_fg_slot_tag_is(uint64_t s, uint64_t h)
{
	return ((s ^ h) >> EMU_FG_PTR_BITS) == 0;
}

/*
 * The entry of key in one array (linear probing: in the run from its home
 * slot to the next empty one; only slots of equal tag are followed to
 * their entry), or among duplicates the one inserted first, better than
 * *first.
 */
static inline __attribute__((always_inline)) struct emu_fte *
emu_fg_find_in(const struct emu_fg *g, const uint64_t *a, uint32_t n,
	       uint32_t shift, uint64_t h, const uint64_t *key,
	       struct emu_fte *first)
{
	uint32_t mask = n - 1, i;
	uint64_t s;

	for (i = emu_fg_home(shift, h); (s = a[i]) != 0; i = (i + 1) & mask) {
		struct emu_fte *e;
		unsigned int k;

		if (!emu_fg_slot_tag_is(s, h))
			continue;
		e = emu_fg_slot_entry(s);
		for (k = 0; k < g->nnz && e->key[k] == key[k]; k++)
			;
		if (k != g->nnz)
			continue;
		if (g->ndup == 0)
			return e;
		if (first == NULL || e->seq < first->seq)
			first = e;
	}
	return first;
}

/* Whether the old array of a growing group (g->old not NULL) may hold
 * hash h's key: its home there has not moved yet. */
static inline bool
emu_fg_old_may_hold(const struct emu_fg *g, uint64_t h)
{
	uint32_t mask = g->nold - 1;

	return ((emu_fg_home(g->oshift, h) - g->mig0) & mask) >=
	       ((g->mig - g->mig0) & mask);
}

/* emu_fg_find_in on a growing group's old array, if it may hold the key:
 * out of line, as it is rare, so that the lookup every frame makes of
 * every group it visits stays small. */
static __attribute__((noinline, cold)) struct emu_fte *
emu_fg_find_old(const struct emu_fg *g, uint64_t h, const uint64_t *key,
		struct emu_fte *first)
{
	if (!emu_fg_old_may_hold(g, h))
		return first;
	return emu_fg_find_in(g, g->old, g->nold, g->oshift, h, key, first);
}

static inline __attribute__((always_inline)) struct emu_fte *
emu_fg_find(const struct emu_fg *g, uint64_t h, const uint64_t *key)
{
	struct emu_fte *e;

	if (g->nslot == 0)
		return NULL;
	e = emu_fg_find_in(g, g->slot, g->nslot, g->shift, h, key, NULL);
	/* Growing: an entry not yet moved is in the old array. A group
	 * with duplicates looks at both for the first inserted. */
	if (__builtin_expect(g->old != NULL, 0) && (e == NULL || g->ndup != 0))
		e = emu_fg_find_old(g, h, key, e);
	return e;
}

static inline __attribute__((always_inline)) const struct emu_fte *
emu_fg_lookup_inl(const struct emu_fg *g, const uint8_t *param)
{
	uint64_t key[EMU_MATCH_BYTES / 8];
	uint64_t h;

	if (g->count == 0)
		return NULL;
	/* A catch-all of a firmware-owned group: its one entry, whose empty
	 * key hashes to 0, sits in slot 0 (one entry never grows). */
	if (g->nnz == 0 && g->ndup == 0)
		return emu_fg_slot_entry(g->slot[0]);
	h = emu_fg_hash_inl(g, param, key);
	return emu_fg_find(g, h, key);
}

const struct emu_fte *
emu_fg_lookup(const struct emu_fg *g, const uint8_t *param)
{
	return emu_fg_lookup_inl(g, param);
}

/*
 * A table's first match: groups in lookup order, one probe each, all in
 * this one call (the data path's steering walk makes it per table). Its
 * shape is fixed by hand: each group's lookup inlined in the loop, the
 * loop out of line. Left to LTO, the loop went inline into the steering
 * walk and the per-group lookup out of line, a call and its spills per
 * group: 16 groups of 1k rules cost 520 ns a frame instead of 400
 * (emu_bench_steer), for 1.6% more instructions.
 */
__attribute__((noinline)) const struct emu_fte *
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

void
emu_fg_prefetch(const struct emu_fg *g, uint64_t h)
{
	if (g->nslot != 0)
		__builtin_prefetch(&g->slot[emu_fg_home(g->shift, h)]);
}

/*
 * An insert's walk of e's run: the entry equal to e that matches first
 * (NULL if none) and, in *empty, the slot of the current array that ends
 * the run, where e goes unless the group grows first (emu_fg_insert_at).
 */
struct emu_fte *
emu_fg_probe(const struct emu_fg *g, const struct emu_fte *e, uint64_t h,
	     uint32_t *empty)
{
	uint32_t mask = g->nslot - 1, i;
	struct emu_fte *first = NULL;
	uint64_t s;

	if (g->nslot == 0) {
		*empty = 0;
		return NULL;
	}
	for (i = emu_fg_home(g->shift, h); (s = g->slot[i]) != 0;
	     i = (i + 1) & mask) {
		struct emu_fte *o;
		unsigned int k;

		if (!emu_fg_slot_tag_is(s, h))
			continue;
		o = emu_fg_slot_entry(s);
		for (k = 0; k < g->nnz && o->key[k] == e->key[k]; k++)
			;
		if (k == g->nnz && (first == NULL || o->seq < first->seq))
			first = o;
	}
	*empty = i;
	if (__builtin_expect(g->old != NULL, 0) &&
	    (first == NULL || g->ndup != 0))
		first = emu_fg_find_old(g, h, e->key, first);
	return first;
}

/* Slot word s into the first empty slot of its run in array a. */
static inline void
emu_fg_place(uint64_t *a, uint32_t n, uint32_t shift, uint64_t s)
{
	uint32_t mask = n - 1, i;

	for (i = emu_fg_home(shift, s); a[i] != 0; i = (i + 1) & mask)
		;
	a[i] = s;
}

/*
 * Growing by steps. Slots of the old array are moved a cluster (a run of
 * full slots between empty ones) at a time, never part of one: a lookup
 * in the old array walks from a key's home to the next empty slot, so a
 * cluster emptied whole leaves every other run as it was, while one cut
 * in two would hide the entries past the cut. The walk starts after an
 * empty slot and goes round until the old array is empty; homes being
 * top bits, the moves land in order in the new array (a memory stream,
 * no entry read: the slot word is all a move needs).
 */
/* Old slots looked at per insert, at least: the array is gone after
 * 1/64 of the inserts the new one takes to fill, so few inserts and
 * lookups pay a second probe (and those only for keys not yet moved). */
#define EMU_FG_MIG_STEP 64u
/* An array smaller than this (512 KB) moves over at once: its rehash is a
 * fraction of a millisecond in the caches, cheaper than by steps (each
 * with its stop between clusters) and no lookup meanwhile probes two
 * arrays; only the big ones, whose rehash would stall an insert for
 * milliseconds, go by steps. */
#define EMU_FG_MIG_MIN_SLOTS (1u << 16)

static void
emu_fg_migrate(struct emu_fg *g, uint32_t budget)
{
	/* In locals: the stores to the arrays would otherwise make the
	 * compiler reload the group's fields at every slot. */
	uint64_t *old = g->old, *cur = g->slot;
	uint32_t mask = g->nold - 1, i = g->mig, left = g->ocount;
	uint32_t n = g->nslot, shift = g->shift, k;
	uint64_t s;

	/* All at once: one pass in order, nothing to leave consistent. */
	if (budget >= g->nold) {
		for (k = 0; k <= mask; k++)
			if (old[k] != 0)
				emu_fg_place(cur, n, shift, old[k]);
		left = 0;
	}
	/* Else budget slots whatever they hold, then on to the end of the
	 * cluster the last one was in. */
	for (k = left != 0 ? budget : 0; k != 0; k--) {
		s = old[i];
		if (s != 0) {
			emu_fg_place(cur, n, shift, s);
			old[i] = 0;
			left--;
		}
		i = (i + 1) & mask;
	}
	while (left != 0 && (s = old[i]) != 0) {
		emu_fg_place(cur, n, shift, s);
		old[i] = 0;
		left--;
		i = (i + 1) & mask;
	}
	g->mig = i;
	g->ocount = left;
	if (left == 0) {
		emu_steer_mem_free(old, g->nold * sizeof(*old));
		g->old = NULL;
		g->nold = 0;
	}
}

/*
 * How big a group's array gets. It starts with room for the group's index
 * range (PRM: CREATE_FLOW_GROUP's start and end; a DR matcher's is this
 * emulator's carve of a 2^32 table) up to 2^11 entries, 32 KB of slots,
 * and doubles from there by steps. Sized from the range at once, a group
 * of a million indexes holding a hundred thousand rules spread them over
 * 16 MB of slots instead of 2 MB: every insert and lookup a cache miss and
 * a fresh page to fault in (100k inserts ran at a third of the rate).
 */
#define EMU_FG_MIN_SLOTS 8u
#define EMU_FG_FIRST_MAX (1u << 12)

static uint32_t
emu_fg_next_slots(const struct emu_fg *g)
{
	uint64_t want = ((uint64_t)g->end - g->start + 1) * 2;
	uint32_t n = EMU_FG_MIN_SLOTS;

	if (g->nslot != 0)
		return g->nslot * 2;
	while (n < want && n < EMU_FG_FIRST_MAX)
		n *= 2;
	return n;
}

/* The doubling at half full: a new array, the current one becomes the
 * old one whose entries move over, at once if it is small, else by
 * steps. One left from the last doubling is moved first (the steps
 * outpace the inserts, so it is gone by then unless deletes alone came
 * since). */
static int
emu_fg_grow(struct emu_fg *g)
{
	uint32_t n = emu_fg_next_slots(g), i;
	uint64_t *s;

	if (g->old != NULL)
		emu_fg_migrate(g, UINT32_MAX);
	s = emu_steer_mem_zalloc(n * sizeof(*s));
	if (s == NULL)
		return -1;
	if (g->count != 0) {
		g->old = g->slot;
		g->nold = g->nslot;
		g->oshift = g->shift;
		g->ocount = g->count;
		/* Start after an empty slot (one in two is). */
		for (i = 0; g->old[(i - 1) & (g->nold - 1)] != 0; i++)
			;
		g->mig0 = i;
		g->mig = i;
	} else {
		emu_steer_mem_free(g->slot, g->nslot * sizeof(*g->slot));
	}
	g->slot = s;
	g->nslot = n;
	g->shift = 64u - (uint32_t)__builtin_ctz(n);
	if (g->old != NULL && g->nold < EMU_FG_MIG_MIN_SLOTS)
		emu_fg_migrate(g, UINT32_MAX);
	return 0;
}

int
emu_fg_insert_at(struct emu_fg *g, struct emu_fte *e, uint64_t h,
		 uint32_t empty)
{
	uint64_t s = emu_fg_slot_make(h, e);

	e->htop = (uint32_t)(h >> 32);
	if ((g->count + 1) * 2 <= g->nslot) {
		g->slot[empty] = s;
	} else if ((uint64_t)g->nslot < 1ull << EMU_FG_TAG_BITS) {
		if (emu_fg_grow(g) != 0)
			return -1;
		emu_fg_place(g->slot, g->nslot, g->shift, s);
	} else if (g->count + 1 >= g->nslot) {
		return -1; /* the last empty slot ends every run */
	} else {
		g->slot[empty] = s;
	}
	g->count++;
	if (g->old != NULL)
		emu_fg_migrate(g, EMU_FG_MIG_STEP);
	return 0;
}

/*
 * Takes slot word s out of array a, O(1) expected, no tombstones: the
 * slots after the hole move back while their home does not lie between
 * the hole and them (cyclically), so every run stays unbroken. False if
 * s is not in a, which only a group growing asks (maybe_absent: each
 * probe looks for the empty slot too).
 */
static inline __attribute__((always_inline)) bool
emu_fg_remove_in(uint64_t *a, uint32_t n, uint32_t shift, uint64_t s,
		 bool maybe_absent)
{
	uint32_t mask = n - 1, i, j;
	uint64_t t;

	for (i = emu_fg_home(shift, s); a[i] != s; i = (i + 1) & mask)
		if (maybe_absent && a[i] == 0)
			return false;
	for (j = (i + 1) & mask; (t = a[j]) != 0; j = (j + 1) & mask) {
		uint32_t k = emu_fg_home(shift, t);

		/* k in (i, j] cyclically: the entry stays. */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		a[i] = t;
		i = j;
	}
	a[i] = 0;
	return true;
}

void
emu_fg_remove(struct emu_fg *g, struct emu_fte *e)
{
	uint64_t s = emu_fg_slot_make((uint64_t)e->htop << 32, e);

	g->count--;
	if (g->old == NULL) {
		emu_fg_remove_in(g->slot, g->nslot, g->shift, s, false);
		return;
	}
	/* Not in the current array while growing: still in the old one
	 * (a removal inside one of its clusters keeps the cluster whole, as
	 * the steps need). */
	if (!emu_fg_remove_in(g->slot, g->nslot, g->shift, s, true)) {
		emu_fg_remove_in(g->old, g->nold, g->oshift, s, false);
		g->ocount--;
		if (g->ocount == 0)
			emu_fg_migrate(g, 0);
	}
}

void
emu_fg_hash_free(struct emu_fg *g)
{
	emu_steer_mem_free(g->slot, g->nslot * sizeof(*g->slot));
	emu_steer_mem_free(g->old, g->nold * sizeof(*g->old));
	g->slot = NULL;
	g->nslot = 0;
	g->old = NULL;
	g->nold = 0;
	g->ocount = 0;
	emu_arena_free(&g->mem);
	memset(g->free_e, 0, sizeof(g->free_e));
}

/* ---- entry memory ------------------------------------------------------- */

/*
 * A malloc per entry was the largest single cost of SET_FLOW_TABLE_ENTRY.
 * Each group carves its entries out of its arena in order (pages touched
 * only as entries come, huge pages once the group is big) and keeps freed
 * ones per number of destinations (an entry's size) for the next set. The
 * arena never takes more than the group can still hold: its index range
 * less the entries it has.
 */
#define EMU_FTE_ARENA_FIRST 4u /* entries in the first chunk */

/* htop sits in padding: an entry of two mask words stays 96 bytes. */
_Static_assert(sizeof(struct emu_fte) <= 80, "emu_fte grew past 80 bytes");

static size_t
emu_fg_entry_size(const struct emu_fg *g, uint32_t ndest)
{
	const size_t align = (size_t)1 << EMU_FTE_ALIGN_LOG;
	size_t sz = sizeof(struct emu_fte) + (size_t)g->nnz * 8 +
		    (size_t)ndest * sizeof(struct emu_dest);

	/* Every size a multiple of the alignment: carved in order from an
	 * aligned chunk, every entry is aligned (a slot keeps its address
	 * without the low bits). */
	return (sz + align - 1) & ~(align - 1);
}

struct emu_fte *
emu_fg_entry_alloc(struct emu_fg *g, uint32_t ndest)
{
	struct emu_fte *e = g->free_e[ndest];

	if (e != NULL) {
		g->free_e[ndest] = e->hnext;
	} else {
		size_t sz = emu_fg_entry_size(g, ndest);
		uint64_t room = (uint64_t)g->end - g->start + 1 - g->count;

		e = emu_arena_alloc(&g->mem, sz, EMU_FTE_ARENA_FIRST * sz,
				    room * sz);
		/* Aligned as a slot needs it (the chunk starts on a cache
		 * line, every size is a multiple of the alignment) and below
		 * 2^EMU_FG_VA_BITS (emu_arena_grow refuses a chunk above). */
		if (e == NULL)
			return NULL;
	}
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

/* ---- index -> entry, a radix shaped by the table's log_size ----------- */

/*
 * The index space is the table's (2^log_size; up to 2^32 for a Direct
 * Rules table), so the map is an array of it in three levels: leaves of
 * up to 4096 entry pointers, each allocated when an index in it is first
 * set, a middle level of up to 1024 leaves, a top of up to 1024 middles
 * (2^32 / 2^22). Set, find and delete are a fixed three loads, whatever
 * the number of entries; nothing is ever rehashed, and rules set by
 * increasing index fill one leaf after the other. Leaves are carved from
 * the table's arena and go with the map.
 */
#define EMU_FT_LEAF_LOG 12u
#define EMU_FT_MID_LOG 10u
#define EMU_FT_TOP_SHIFT (EMU_FT_LEAF_LOG + EMU_FT_MID_LOG)

struct emu_ft_leaf {
	uint32_t n;	     /* 2^min(map_log, 12) */
	struct emu_fte *e[]; /* by the index's low 12 bits */
};

struct emu_ft_mid {
	uint32_t n;		    /* up to 2^10 */
	struct emu_ft_leaf *leaf[]; /* by the index's bits 21:12 */
};

static inline uint32_t
emu_ft_n(uint32_t log, uint32_t below, uint32_t bits)
{
	uint32_t l = log > below ? log - below : 0;

	return 1u << (l < bits ? l : bits);
}

static inline struct emu_ft_leaf *
emu_ft_leaf_of(const struct emu_ft *ft, uint32_t index)
{
	const struct emu_ft_mid *m;

	if (ft->top == NULL || ((uint64_t)index >> ft->map_log) != 0)
		return NULL;
	m = ft->top[index >> EMU_FT_TOP_SHIFT];
	if (m == NULL)
		return NULL;
	return m->leaf[(index >> EMU_FT_LEAF_LOG) &
		       ((1u << EMU_FT_MID_LOG) - 1)];
}

struct emu_fte **
emu_ft_entry_cell(const struct emu_ft *ft, uint32_t index)
{
	struct emu_ft_leaf *l = emu_ft_leaf_of(ft, index);

	return l != NULL ? &l->e[index & ((1u << EMU_FT_LEAF_LOG) - 1)] : NULL;
}

struct emu_fte *
emu_ft_entry(const struct emu_ft *ft, uint32_t index)
{
	struct emu_fte **c = emu_ft_entry_cell(ft, index);

	return c != NULL ? *c : NULL;
}

int
emu_ft_entry_add(struct emu_ft *ft, struct emu_fte **cell, struct emu_fte *e)
{
	uint32_t index = e->index, log;
	struct emu_ft_leaf **lp;
	struct emu_ft_mid **mp;

	/* The leaf is there: the cell the set's index check found. */
	if (cell != NULL) {
		*cell = e;
		ft->nentries++;
		return 0;
	}
	/* Shaped once, by the table's size when its first entry comes. */
	if (ft->top == NULL) {
		log = ft->log_size < 32 ? ft->log_size : 32;
		ft->top = calloc(emu_ft_n(log, EMU_FT_TOP_SHIFT, 10),
				 sizeof(*ft->top));
		if (ft->top == NULL)
			return -1;
		ft->map_log = log;
	}
	if (((uint64_t)index >> ft->map_log) != 0)
		return -1; /* outside the table (its groups check it first) */
	mp = &ft->top[index >> EMU_FT_TOP_SHIFT];
	if (*mp == NULL) {
		uint32_t n =
			emu_ft_n(ft->map_log, EMU_FT_LEAF_LOG, EMU_FT_MID_LOG);

		*mp = calloc(1, sizeof(**mp) + n * sizeof((*mp)->leaf[0]));
		if (*mp == NULL)
			return -1;
		(*mp)->n = n;
	}
	lp = &(*mp)->leaf[(index >> EMU_FT_LEAF_LOG) &
			  ((1u << EMU_FT_MID_LOG) - 1)];
	if (*lp == NULL) {
		uint32_t n = emu_ft_n(ft->map_log, 0, EMU_FT_LEAF_LOG);
		size_t sz = sizeof(**lp) + n * sizeof((*lp)->e[0]);
		uint64_t nleaf = ((1ull << ft->map_log) + n - 1) / n;

		/* Leaves come from the table's arena (2 MB pages once it has
		 * a few): never more than its index space has leaves. */
		*lp = emu_arena_alloc(&ft->leaves, sz, sz,
				      (nleaf - ft->nleaves) * sz);
		if (*lp == NULL)
			return -1;
		(*lp)->n = n;
		ft->nleaves++;
	}
	(*lp)->e[index & ((1u << EMU_FT_LEAF_LOG) - 1)] = e;
	ft->nentries++;
	return 0;
}

/* O(1); the leaf stays for the next entry of its indexes. */
void
emu_ft_entry_del(struct emu_ft *ft, const struct emu_fte *e)
{
	struct emu_ft_leaf *l = emu_ft_leaf_of(ft, e->index);

	l->e[e->index & ((1u << EMU_FT_LEAF_LOG) - 1)] = NULL;
	ft->nentries--;
}

void
emu_ft_entries_free(struct emu_ft *ft,
		    void (*each)(struct emu_adapter *, const struct emu_fte *),
		    struct emu_adapter *ad)
{
	uint32_t t, m, i;

	if (ft->top == NULL)
		return;
	for (t = 0; t < emu_ft_n(ft->map_log, EMU_FT_TOP_SHIFT, 10); t++) {
		struct emu_ft_mid *mid = ft->top[t];

		if (mid == NULL)
			continue;
		for (m = 0; m < mid->n; m++) {
			struct emu_ft_leaf *l = mid->leaf[m];

			if (l == NULL)
				continue;
			for (i = 0; each != NULL && i < l->n; i++)
				if (l->e[i] != NULL)
					each(ad, l->e[i]);
		}
		free(mid);
	}
	free(ft->top);
	emu_arena_free(&ft->leaves);
	ft->top = NULL;
	ft->nleaves = 0;
	ft->nentries = 0;
}
