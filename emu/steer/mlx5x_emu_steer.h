/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Steering (emu/steer): flow groups, tables and entries and their hash,
 * destinations, flow counters, kernel-managed (Verbs and DV) flows, the
 * E-Switch and vport counting, modify header and packet reformat, and the
 * match caps of each model.
 */
#ifndef MLX5X_EMU_STEER_H
#define MLX5X_EMU_STEER_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <infiniband/verbs.h>

#include "mlx5x_emu_core.h"
#include "mlx5x_emu_pkt.h"

/* Queue objects steering only points at (mlx5x_emu_queue.h). */
struct emu_sq;
struct emu_tir;
struct emu_mhdr_reg_op;

/* Match caps (mlx5x_emu_match_caps.c): what the HCA caps say about match
 * fields, and the check CREATE_FLOW_GROUP makes against them: NULL, or
 * the name of the first field the criteria names that the caps lack. */
uint32_t emu_match_flex_protocols(const struct emu_model *m);
void emu_match_caps_general(const struct emu_model *m, void *cap);
void emu_match_caps_props(const struct emu_model *m, void *prop);
const char *emu_match_caps_check(const struct emu_model *m, uint8_t enable,
				 const void *criteria);

/* ---- steering (mlx5x_emu_steering.c) ----------------------------------- */

struct emu_ft;

struct emu_fte;
struct emu_ft_mid;

/* Memory that grows with the number of rules (mlx5x_emu_arena.c): chunks
 * carved in order, small at first, then 2 MB transparent huge pages;
 * never more than the owner's room (bytes it can still ask for). Zeroed
 * when carved; all of it freed at once. */
struct emu_arena_chunk;
struct emu_arena {
	struct emu_arena_chunk *chunks; /* newest first */
	uint8_t *bump;			/* next free byte of the newest */
	size_t left;			/* bytes after it */
	size_t next;			/* bytes the next chunk wants */
};
/* A new chunk for an sz-byte block (emu_arena_alloc's slow path). */
int emu_arena_grow(struct emu_arena *a, size_t sz, size_t first, uint64_t room);
/* sz bytes, zeroed; inline, as every rule set carves one. */
static inline void *
emu_arena_alloc(struct emu_arena *a, size_t sz, size_t first, uint64_t room)
{
	void *p;

	if (a->left < sz && emu_arena_grow(a, sz, first, room) != 0)
		return NULL;
	p = a->bump;
	a->bump += sz;
	a->left -= sz;
	return p;
}
void emu_arena_free(struct emu_arena *a);
/* Zeroed blocks, from 2 MB huge-page backed; freed with their size. */
void *emu_steer_mem_zalloc(size_t n);
void emu_steer_mem_free(void *p, size_t n);

/*
 * One slot of a group's hash, 8 bytes: 0 when empty, else the top
 * EMU_FG_TAG_BITS bits of the entry's hash above its address (entries are
 * 32-byte aligned, user addresses below 2^EMU_FG_VA_BITS). The tag holds
 * every bit a home slot takes (up to 2^EMU_FG_TAG_BITS slots; a group
 * with that many fills them past half rather than grow), so probing,
 * growing and deleting read no entry but those of equal tag; and a
 * million entries' slots are 16 MB, not 32.
 */
#if defined(__x86_64__)
#define EMU_FG_VA_BITS 47 /* user space without 5-level paging hints */
#else
#define EMU_FG_VA_BITS 48
#endif
#define EMU_FTE_ALIGN_LOG 5
#define EMU_FG_PTR_BITS (EMU_FG_VA_BITS - EMU_FTE_ALIGN_LOG)
#define EMU_FG_TAG_BITS (64 - EMU_FG_PTR_BITS)

static inline struct emu_fte *
emu_fg_slot_entry(uint64_t s)
{
	return (struct emu_fte *)(uintptr_t)((s &
					      ((1ull << EMU_FG_PTR_BITS) - 1))
					     << EMU_FTE_ALIGN_LOG);
}

/* destination_list_size we accept: 2^log_max_destination of the flow
 * table caps, which report this. */
#define EMU_FTE_LOG_MAX_DESTS 3
#define EMU_FTE_MAX_DESTS (1u << EMU_FTE_LOG_MAX_DESTS)

struct emu_fg {
	uint32_t id;
	struct emu_ft *ft;
	uint32_t start, end;
	uint8_t criteria_enable;
	/* 64-bit words of the mask that are not zero: the only ones a
	 * lookup compares, and the words of the mask there. */
	uint8_t nz[EMU_MATCH_BYTES / 8];
	uint64_t mw[EMU_MATCH_BYTES / 8];
	uint8_t nnz;
	/* Every word's bits outside the mask (as enabled): an entry's value
	 * may set none of them. */
	uint64_t outside[EMU_MATCH_BYTES / 8] __attribute__((aligned(16)));
	uint32_t prio; /* lookup order: lower first, then creation order */
	/* Software steering (DR) keeps a rule whose masked value equals an
	 * earlier one's, behind it: the first inserted matches (rdma-core's
	 * default, mlx5dv_dr_domain_allow_duplicate_rules). Firmware-owned
	 * groups refuse it. ndup counts entries stored as such. */
	bool allow_dup;
	uint32_t ndup;
	uint8_t pkt_need; /* EMU_PKT_NEED_* its mask asks of a parse */
	struct emu_fg *next;
	/* Entries by masked value (mlx5x_emu_fte_hash.c): open addressing,
	 * home slot the hash's top bits, at most half full. */
	uint64_t *slot;
	uint32_t nslot; /* a power of two, or 0 */
	uint32_t shift; /* 64 - log2(nslot) */
	uint32_t count; /* entries, in both arrays while growing */
	/* Growing: the array before the doubling, whose entries move to
	 * the new one a few clusters per insert (no insert pays a whole
	 * rehash); lookups try both meanwhile. NULL when not growing. */
	uint64_t *old;
	uint32_t nold, oshift;
	uint32_t ocount; /* entries still in it */
	/* Its slots [mig0, mig) (cyclically) have moved, whole clusters:
	 * a key whose home is there is not in it. */
	uint32_t mig0, mig;
	/* Entry memory: carved from the arena in order, and the free
	 * entries of each size (by number of destinations). */
	struct emu_arena mem;
	struct emu_fte *free_e[EMU_FTE_MAX_DESTS + 1];
};

struct emu_dest {
	uint16_t type;
	uint32_t id;
	/* TIR destinations: the TIR, resolved at SET_FLOW_TABLE_ENTRY (it
	 * cannot go while the entry holds it, and MODIFY_TIR keeps it). */
	struct emu_tir *tir;
};

/* A flow counter; a bulk allocation is n consecutive ones from its base. */
struct emu_fc {
	uint64_t packets, bytes;
	uint32_t base_n; /* at the first counter of an allocation: its size */
	bool used;
};

/* flow_counter_list_size we accept: 2^log_max_flow_counter of the flow
 * table caps (PRM; the kernel's mlx5_cmd_set_fte holds an entry's
 * counter list to it), which report this. */
#define EMU_FTE_LOG_MAX_COUNTERS 2
#define EMU_FTE_MAX_COUNTERS (1u << EMU_FTE_LOG_MAX_COUNTERS)

struct emu_fte {
	uint32_t index;
	uint16_t action;
	uint8_t ncnt;
	uint8_t ndest;
	uint8_t dest_room; /* destinations its memory holds (its size) */
	bool dup;	   /* stored behind an equal earlier entry */
	uint32_t flow_tag;
	/* An entry is on its group's free list or set in it, never both:
	 * the two share a word. */
	union {
		struct emu_fg *fg;     /* while set */
		struct emu_fte *hnext; /* on its group's free list */
	};
	uint64_t seq;	    /* insertion order, among duplicates */
	uint32_t push_vlan; /* ethertype << 16 | TCI, for VLAN_PUSH */
	uint32_t cnt[EMU_FTE_MAX_COUNTERS];
	/* The top of its hash, where the padding before mhdr was: what a
	 * delete needs to find its slot (every bit a home takes, and the
	 * tag) without hashing the key again. */
	uint32_t htop;
	struct emu_mhdr *mhdr;	       /* MOD_HDR: held while set */
	struct emu_reformat *reformat; /* PACKET_REFORMAT: held while set */
	struct emu_dest *dest;	       /* ndest of them, after key[] */
	uint64_t key[]; /* value & mask over the group's non-zero words */
};

struct emu_ft {
	uint32_t id;
	uint8_t type;
	uint8_t level;
	uint8_t miss_action;
	uint16_t fn; /* the vport (function) whose table it is */
	uint32_t miss_id;
	uint32_t log_size; /* up to 32 (Direct Rules tables) */
	struct emu_fg *groups;
	/* index -> entry (mlx5x_emu_fte_hash.c): a radix over the index
	 * space of map_log bits. */
	struct emu_ft_mid **top;
	uint32_t map_log, nentries;
	struct emu_arena leaves; /* the map's leaves */
	uint32_t nleaves;
	uint32_t users;
};

/* Group hash tables and the table's index map (mlx5x_emu_fte_hash.c). */
uint64_t
emu_fg_hash_value(const struct emu_fg *g, const uint8_t *param, uint64_t *key);
const struct emu_fte *
emu_fg_lookup(const struct emu_fg *g, const uint8_t *param);
const struct emu_fte *
emu_ft_lookup(const struct emu_ft *ft, const uint8_t *param);
/* The one entry of a firmware-owned catch-all group (masks nothing), in
 * slot 0 as its empty key hashes to 0; NULL if g is no such group or
 * has no entry. */
static inline const struct emu_fte *
emu_fg_catch_all_entry(const struct emu_fg *g)
{
	if (g != NULL && g->nnz == 0 && g->ndup == 0 && g->count != 0)
		return emu_fg_slot_entry(g->slot[0]);
	return NULL;
}
/* emu_ft_lookup where the table's first group is a catch-all of one
 * firmware-owned entry (what the default Rx steering ends in): that entry
 * matches first, known without the call (emu_fg_lookup keeps it in slot
 * 0). */
static inline const struct emu_fte *
emu_ft_lookup_inl(const struct emu_ft *ft, const uint8_t *param)
{
	const struct emu_fte *e = emu_fg_catch_all_entry(ft->groups);

	return e != NULL ? e : emu_ft_lookup(ft, param);
}
/* The entry equal to e (key set, hash h) that matches first, or NULL;
 * *empty the slot e takes (emu_fg_insert_at). */
struct emu_fte *emu_fg_probe(const struct emu_fg *g, const struct emu_fte *e,
			     uint64_t h, uint32_t *empty);
/* Starts fetching the home slot of hash h (an insert's probe to come). */
void emu_fg_prefetch(const struct emu_fg *g, uint64_t h);
/* An entry of group g with room for ndest destinations (key and dest
 * set up), or NULL; given back with emu_fg_entry_free, all of them freed
 * by emu_fg_hash_free. */
struct emu_fte *emu_fg_entry_alloc(struct emu_fg *g, uint32_t ndest);
void emu_fg_entry_free(struct emu_fg *g, struct emu_fte *e);
/* Puts e (probed) in the slot emu_fg_probe gave, or wherever it lands
 * if the group has to grow first. */
int emu_fg_insert_at(struct emu_fg *g, struct emu_fte *e, uint64_t h,
		     uint32_t empty);
void emu_fg_remove(struct emu_fg *g, struct emu_fte *e);
void emu_fg_hash_free(struct emu_fg *g);
struct emu_fte *emu_ft_entry(const struct emu_ft *ft, uint32_t index);
/* Where the map keeps index's entry, or NULL when no leaf holds it yet
 * (then the index is free); the cell stays until the map is freed. */
struct emu_fte **emu_ft_entry_cell(const struct emu_ft *ft, uint32_t index);
/* Sets e at its index: in cell if its leaf is there, else a new leaf. */
int
emu_ft_entry_add(struct emu_ft *ft, struct emu_fte **cell, struct emu_fte *e);
void emu_ft_entry_del(struct emu_ft *ft, const struct emu_fte *e);
/* Frees the map, calling each (if not NULL) on every entry in it. */
void
emu_ft_entries_free(struct emu_ft *ft,
		    void (*each)(struct emu_adapter *, const struct emu_fte *),
		    struct emu_adapter *ad);

/* A kernel-managed NIC RX rule (Verbs or DV flow): a table of its own
 * that the lookup visits before the root table, by priority. Owned by
 * the flow object; the list is the adapter's. */
struct emu_kflow {
	uint32_t ft_id;
	uint32_t prio;
	uint8_t type;	/* PRM table type: NIC RX, or NIC TX (egress) */
	bool dont_trap; /* deliver and keep matching */
	struct emu_kflow *next;
};

/* The counter of this id, or NULL. */
struct emu_fc *emu_flow_counter_get(struct emu_adapter *ad, uint32_t id);

/* An entry packets frames of bytes bytes in all hit: its flow counters.
 * Inline on the data path: a call, even inlined, costs the walk's
 * registers. */
static inline __attribute__((always_inline)) void
emu_fte_count_n(struct emu_adapter *ad, const struct emu_fte *e,
		uint32_t packets, uint64_t bytes)
{
	unsigned int i;

	for (i = 0; i < e->ncnt; i++) {
		struct emu_fc *f = emu_flow_counter_get(ad, e->cnt[i]);

		if (f != NULL) {
			f->packets += packets;
			f->bytes += bytes;
		}
	}
}

/* An entry a frame of len bytes hit: its flow counters. */
static inline __attribute__((always_inline)) void
emu_fte_count(struct emu_adapter *ad, const struct emu_fte *e, uint32_t len)
{
	emu_fte_count_n(ad, e, 1, len);
}

/* Kernel-managed NIC RX rules (mlx5x_emu_verbs_flow.c): Verbs and DV flows
 * translate to this, then to PRM commands. */
struct emu_kflow_match {
	uint8_t table_type; /* PRM: NIC RX (Verbs, DV) or NIC TX (DV) */
	uint8_t criteria;   /* PRM match_criteria_enable */
	uint8_t mask[EMU_MATCH_BYTES];
	uint8_t value[EMU_MATCH_BYTES];
	uint16_t action; /* PRM flow_context action bits */
	bool drop;
	uint32_t flow_tag;
	uint16_t dest_type;
	uint32_t dest_id;
	uint32_t counter_id;
	uint32_t modify_header_id; /* with MLX5X_FLOW_CONTEXT_ACTION_MOD_HDR */
	uint32_t packet_reformat_id; /* with ..._ACTION_PACKET_REFORMAT */
};
struct emu_kflow_rule {
	struct emu_ctx *ctx;
	uint8_t table_type;
	uint32_t ftn, fgn;
	bool fte_set;
	struct emu_kflow *kf;
	uint32_t *matcher_flows; /* DV flows: their matcher's count */
};
/* A Verbs or DV flow: what ibv_destroy_flow takes back. */
struct emu_vflow {
	struct ibv_flow ibv;
	struct emu_kflow_rule rule;
};
/* mlx5_ib: 16 bypass priorities for Verbs and DV flows. */
#define EMU_VERBS_FLOW_LAST_PRIO 15
int emu_kflow_install(struct emu_kflow_rule *r, const struct emu_kflow_match *m,
		      uint32_t prio, bool dont_trap);
void emu_kflow_remove(struct emu_kflow_rule *r);
void emu_verbs_flow_ops(struct verbs_context *v);
/* ibv_destroy_flow_action of a DV flow action (mlx5x_emu_dv_flow.c). */
int emu_dv_flow_action_destroy(struct ibv_flow_action *action);
/* A DV flow action (modify header, packet reformat, decap) into rule k, as
 * a DV flow's IBV_FLOW_ACTION or a Verbs flow's ACTION_HANDLE spec takes
 * it: 0, or EINVAL (none, a second of its kind, another table type's). */
int emu_dv_flow_action_take(struct emu_kflow_match *k,
			    const struct ibv_flow_action *action);
/* mlx5_ib's core priority of a rule at bypass priority prio
 * (ib_prio_to_core_prio): two a priority, don't-trap rules first, so a
 * don't-trap rule's next priority holds the others of its own. */
static inline uint32_t
emu_kflow_core_prio(uint32_t prio, bool dont_trap)
{
	return prio * 2 + (dont_trap ? 0 : 1);
}

/* Steering (mlx5x_emu_steering.c): NIC RX of the manager vport. */
void emu_steering_rx(struct emu_adapter *ad, const uint8_t *frame, uint32_t len,
		     uint16_t src_vport);
/* The same on function fn's NIC RX (0 the PF, k + 1 VF k). */
void emu_steering_rx_fn(struct emu_adapter *ad, uint16_t fn,
			const uint8_t *frame, uint32_t len, uint16_t src_vport);
/* metadata_reg_c_0 .. _7. */
#define EMU_REGC_NUM 8
/* Their values as the match view's misc_parameters_2 holds them:
 * big-endian dwords, reg_c_7 first, reg_c_0 last. */
struct emu_regc {
	uint32_t be[EMU_REGC_NUM];
};
/* The same with the registers the E-Switch hands over (the source vport
 * tag in reg_c_0, what an FDB rule set); the receiving vport's
 * fdb_to_vport_reg_c_id says which pass (mlx5x_emu_esw_vport.c). The
 * plain entry points hand over the source vport's tag alone. */
void emu_steering_rx_regc(struct emu_adapter *ad, uint16_t fn,
			  const uint8_t *frame, uint32_t len,
			  uint16_t src_vport, const struct emu_regc *regc);
/* FDB: returns true when an FDB rule decided (frame consumed). */
bool emu_steering_fdb(struct emu_adapter *ad, const uint8_t *frame,
		      uint32_t len, uint16_t src_vport, uint32_t src_sqn);
/*
 * The FDB's kept walk (emu_steering_fdb) for frames the manager's SQ sqn
 * sends, when it forwards each as it is to one vport or misses (the wire,
 * their default path): true with that vport (MLX5X_VPORT_UPLINK for a
 * miss) in *dst and the entries the walk hits, each counting a frame, in
 * hop[0 .. *nhop). False when no walk is kept for the source (not yet,
 * or it read more than the source) or it ends otherwise. What it gives
 * holds until the next steering command; a sender that forwards frames
 * by it (the SQ's fast way) does for them what emu_steering_fdb does.
 */
bool
emu_steering_fdb_sq_kept(struct emu_adapter *ad, uint32_t sqn, uint16_t *dst,
			 const struct emu_fte *const **hop, unsigned int *nhop);
void emu_steering_free(struct emu_adapter *ad);
/*
 * The walks every frame of a source takes when nothing but its source
 * decides them (the fused path's plan: queue/mlx5x_emu_rx_fused.c). Each
 * gives the entries a frame hits (hop[0 .. *n), at most max, each
 * counting it) and the one that decides (*dec, NULL for a miss); false
 * when a table on the way reads more than the source words and the
 * metadata registers, or an entry on the way rewrites what it must not.
 * FDB (type): the walk of a frame from vport src_vport (no SQN, the
 * source's tag in reg_c_0), whose entries on the way may rewrite
 * registers alone; none, a miss, without an FDB root or in legacy mode.
 * NIC RX: the manager's walk of a frame the E-Switch hands over from
 * src_vport with the source's tag alone (an FDB miss), no entry on the
 * way rewriting anything; false with kernel-managed rules or no root.
 */
bool
emu_steering_source(struct emu_adapter *ad, uint8_t type, uint16_t src_vport,
		    const struct emu_fte **hop, unsigned int max,
		    unsigned int *n, const struct emu_fte **dec);
/* NIC TX tables of the sender, the frame carrying reg_a (the send WQE's
 * flow_table_metadata): false when an entry drops the frame; the entry's
 * header actions may point *frame at a rewritten copy. */
bool emu_steering_tx(struct emu_adapter *ad, uint16_t fn, const uint8_t **frame,
		     uint32_t *len, uint32_t src_sqn, uint32_t reg_a);
/* Kernel-managed rules (under the lock); del does not free. */
void emu_steering_kflow_add(struct emu_adapter *ad, uint16_t fn,
			    struct emu_kflow *kf);
void emu_steering_kflow_del(struct emu_adapter *ad, uint16_t fn,
			    struct emu_kflow *kf);
/* A Direct Rules matcher's group: ordered by priority, and keeping a
 * duplicate masked value behind the first (software steering, emu_fg). */
void
emu_steering_group_dr(struct emu_adapter *ad, uint32_t fg_id, uint32_t prio);
/* Whether the group holds an entry whose masked value equals
 * match_value's (an fte_match_param) under the group's mask. */
bool emu_steering_group_holds(struct emu_adapter *ad, uint32_t fg_id,
			      const void *match_value);
/* An entry as SET_FLOW_TABLE_ENTRY's flow context describes it, decoded:
 * the command and Direct Rules' rule create both set entries from it. */
struct emu_fte_spec {
	uint32_t index;
	uint32_t group_id;
	uint16_t action;
	uint32_t ndest, ncnt; /* as the context's list sizes say */
	uint32_t flow_tag;
	uint32_t push_vlan; /* ethertype << 16 | TCI */
	uint32_t mhdr_id, reformat_id;
	const uint8_t *value; /* fte_match_param, EMU_MATCH_BYTES */
	struct {
		uint16_t type;
		uint32_t id;
	} dest[EMU_FTE_MAX_DESTS];
	uint32_t cnt[EMU_FTE_MAX_COUNTERS];
	/* The top of its hash, where the padding before mhdr was: what a
	 * delete needs to find its slot (every bit a home takes, and the
	 * tag) without hashing the key again. */
	uint32_t htop;
};
/* SET / DELETE_FLOW_TABLE_ENTRY on table table_id of the caller's
 * function, without a mailbox, with the command's checks, statuses,
 * syndromes, fault injection and trace line (under the lock). */
int emu_steering_fte_set_direct(struct emu_ctx *ctx, uint8_t type,
				uint32_t table_id, struct emu_fte_spec *spec);
int emu_steering_fte_del_direct(struct emu_ctx *ctx, uint8_t type,
				uint32_t table_id, uint32_t index);
/* Direct Rules tables (software steering) have no size cap: the table's
 * index space becomes 2^log_size, up to 32. */
void emu_steering_table_log_size(struct emu_adapter *ad, uint32_t ft_id,
				 uint32_t log_size);

/* E-Switch (mlx5x_emu_eswitch.c). */
/* Legacy mode: which VF owns this destination MAC, or -1. */
static inline int
emu_eswitch_vf_by_mac(const struct emu_adapter *ad, const uint8_t *dmac)
{
	unsigned int k;

	for (k = 0; k < ad->cfg.nvfs; k++)
		if (memcmp(ad->vf[k].mac, dmac, 6) == 0)
			return (int)k;
	return -1;
}
void emu_eswitch_from_wire(struct emu_adapter *ad, const uint8_t *frame,
			   uint32_t len);
void emu_eswitch_from_vf(struct emu_adapter *ad, unsigned int vf,
			 const uint8_t *frame, uint32_t len);
void emu_eswitch_from_sq(struct emu_adapter *ad, struct emu_sq *sq,
			 const uint8_t *frame, uint32_t len);
/* regc: reg_c_0 .. _7 as the FDB left them, for the vport's NIC RX. */
void emu_eswitch_to_vport(struct emu_adapter *ad, uint16_t vport,
			  const uint8_t *frame, uint32_t len,
			  const struct emu_regc *regc);
/* Whether an FDB rule's frame for vport goes through a NIC RX: the
 * manager's, or VF k's (vport k + 1) while a context is open on its own
 * function; else it leaves by the wire or a VF end. */
static inline bool
emu_eswitch_vport_nic_rx(const struct emu_adapter *ad, uint16_t vport)
{
	return vport == 0 ||
	       (vport - 1u < ad->cfg.nvfs && ad->vf_nctx[vport - 1] != 0);
}

/* Count one frame on a vport, received or sent, by destination class
 * (inline on the data path: mlx5x_emu_vport_count.h); _group for a frame
 * to a group address. */
void emu_vport_count(struct emu_vport *vp, bool rx, const uint8_t *frame,
		     uint32_t len);
void emu_vport_count_group(struct emu_vport *vp, bool rx, const uint8_t *frame,
			   uint32_t len);

/* Header rewrite (mlx5x_emu_modify_hdr.c) and packet reformat
 * (mlx5x_emu_reformat.c): PRM contexts an FTE names by id. */
struct emu_mhdr {
	uint32_t id;
	uint8_t table_type;
	uint32_t n;
	uint32_t users; /* flow entries naming it */
	/* Every action reads and writes metadata registers only: applying
	 * it leaves the frame's bytes, and so their parse, as they were. */
	bool regs_only;
	/* regs_only: the actions decoded at allocation, in the same
	 * allocation after act[] (mlx5x_emu_modify_hdr.c). */
	const struct emu_mhdr_reg_op *reg_ops;
	uint8_t act[][8];
};
/* Caps max_encap_header_size (the model's choice, every model). */
#define EMU_MAX_ENCAP_HEADER 128u
struct emu_reformat {
	uint32_t id;
	uint8_t type; /* PRM reformat_type */
	uint32_t size;
	uint32_t users;
	uint8_t data[];
};
/* FTE actions that change the frame, in the order the adapter applies
 * them: decap, VLAN pop, modify header, VLAN push, encap. */
#define EMU_FTE_REWRITE_ACTIONS                                                \
	(MLX5X_FLOW_CONTEXT_ACTION_DECAP |                                     \
	 MLX5X_FLOW_CONTEXT_ACTION_VLAN_POP |                                  \
	 MLX5X_FLOW_CONTEXT_ACTION_MOD_HDR |                                   \
	 MLX5X_FLOW_CONTEXT_ACTION_VLAN_PUSH |                                 \
	 MLX5X_FLOW_CONTEXT_ACTION_PACKET_REFORMAT)

/* The entry's only rewrite is a modify-header of registers alone: the
 * frame goes on unchanged, only the match view's misc2 changes. */
static inline bool
emu_fte_rewrites_regs_only(const struct emu_fte *e)
{
	return (e->action & EMU_FTE_REWRITE_ACTIONS) ==
		       MLX5X_FLOW_CONTEXT_ACTION_MOD_HDR &&
	       e->mhdr != NULL && e->mhdr->regs_only;
}

struct emu_mhdr *emu_modify_hdr_get(struct emu_adapter *ad, uint32_t id);
void emu_modify_hdr_free_all(struct emu_adapter *ad);
void emu_reformat_free_all(struct emu_adapter *ad);
/* SET_FLOW_TABLE_ENTRY: checks and holds the entry's modify-header and
 * reformat contexts for its action bits on a table of this type; returns
 * a PRM status with *syndrome set on refusal. */
int emu_rewrite_fte_hold(struct emu_adapter *ad, uint8_t table_type,
			 uint16_t action, uint32_t modify_header_id,
			 uint32_t packet_reformat_id, struct emu_fte *e,
			 uint32_t *syndrome);
void emu_rewrite_fte_release(const struct emu_fte *e);
/* Rewrites frame (len bytes, room for EMU_FRAME_MAX) in place; match is
 * the packet's match view for metadata registers, or NULL. */
void emu_modify_hdr_apply(struct emu_adapter *ad, const struct emu_mhdr *m,
			  uint8_t *frame, uint32_t len, uint8_t *match);
/* The same for a registers-only context (emu_mhdr.regs_only), which
 * reads and writes nothing but match's metadata registers. */
void emu_modify_hdr_apply_regs(struct emu_adapter *ad, const struct emu_mhdr *m,
			       uint8_t *match);
uint32_t emu_reformat_decap(struct emu_adapter *ad, const struct emu_fte *e,
			    uint8_t *frame, uint32_t len);
uint32_t emu_reformat_encap(struct emu_adapter *ad, const struct emu_fte *e,
			    uint8_t *frame, uint32_t len);
/* Entropy of an encapsulated frame's inner headers (an Ethernet frame when
 * l2, else an IP packet) as the outer UDP source port: 49152..65535
 * (mlx5x_emu_entropy.c). */
uint16_t emu_tunnel_entropy(const uint8_t *in, uint32_t len, bool l2);

/* ---- data-path scratch ---------------------------------------------------
 * Frame and match copies too big for a thread's stack, or that must keep
 * what an earlier parse left (a parse fills only what it is asked for, the
 * rest stays as the last one wrote it: zero at first, never uninitialised).
 * One per adapter, made with it: only the holder of that adapter's lock
 * touches it, so passes on two adapters never share a buffer, whichever
 * thread runs them (an engine thread, or an application thread injecting
 * or polling).
 */
struct emu_mhdr_frame {
	uint8_t *d;
	uint32_t len;
	uint8_t *regs; /* misc2 of the packet's match view, or NULL */
	struct emu_pkt p;
	uint32_t et_off; /* ethertype after VLAN tags */
	bool l4;	 /* TCP or UDP header whole and first fragment */
};

/* The FDB's parse of the frame it just handled, for the NIC RX it goes to
 * next (mlx5x_emu_steering.c). */
struct emu_fdb_parsed {
	const struct emu_adapter *ad;
	const uint8_t *frame;
	uint32_t len;
	uint16_t vport;
	bool valid;
};

struct emu_scratch {
	/* Steering: a rewrite on the way to a next table (two buffers, so a
	 * chain of rewrites reads one and writes the other). */
	uint8_t next_buf[2][EMU_FRAME_MAX + 4];
	uint8_t next_match[EMU_MATCH_BYTES];
	struct emu_pkt next_pkt[2];
	unsigned int next_cur;
	/* NIC RX: the parse, and the deciding entry's rewrite. */
	struct emu_pkt rx_parsed;
	struct emu_pkt rx_rewritten;
	uint8_t rx_buf[EMU_FRAME_MAX + 4];
	uint8_t rx_match[EMU_MATCH_BYTES];
	/* NIC RX: what a don't-trap rule hands the next priority. */
	struct emu_pkt kflow_pkt;
	uint8_t kflow_buf[EMU_FRAME_MAX + 4];
	/* FDB: its own buffer (a destination may run NIC RX). */
	struct emu_pkt fdb_pkt;
	struct emu_fdb_parsed fdb_parsed;
	uint8_t fdb_buf[EMU_FRAME_MAX + 4];
	uint8_t fdb_match[EMU_MATCH_BYTES];
	/* NIC TX. */
	struct emu_pkt tx_pkt;
	uint8_t tx_buf[EMU_FRAME_MAX + 4];
	uint8_t tx_match[EMU_MATCH_BYTES];
	/* Header rewrite. */
	struct emu_mhdr_frame mhdr;
	/* SQ: the gathered frame, an LSO segment, a WQE linearised across
	 * the ring's end (ds is 6 bits: at most 63 * 16 bytes). */
	uint8_t sq_frame[EMU_FRAME_MAX];
	uint8_t sq_seg[EMU_FRAME_MAX];
	uint8_t sq_lin[64 * 16];
	/* A frame read from a pcap file or a TAP. */
	uint8_t rd[EMU_FRAME_MAX];
};

#endif /* MLX5X_EMU_STEER_H */
