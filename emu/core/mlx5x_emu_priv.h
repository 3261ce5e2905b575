/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The emulated ConnectX: internal model shared by the emulator's files.
 *
 * One "world" holds every emulated adapter of the process. One lock
 * serialises the command interface, the test-side API and the engine,
 * which is what firmware gives software too: commands and datapath are
 * ordered per object.
 */
#ifndef MLX5X_EMU_PRIV_H
#define MLX5X_EMU_PRIV_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <infiniband/mlx5dv.h>
#include <infiniband/verbs.h>

#include "mlx5x_prm.h"
#include "mlx5x_emu.h"

#define EMU_MAX_ADAPTERS 8
#define EMU_MAX_VFS 32
#define EMU_CAPTURE_MAX 1024
#define EMU_FRAME_MAX 16384
#define EMU_TRACE_LEN 2048
#define EMU_CQE_COMP_MAX 64 /* PRM cqe_compression_max_num we report */

/* ---- models (mlx5x_emu_model.c) ---------------------------------------- */

struct emu_model {
	const char *name;
	uint16_t pf_device_id;
	uint16_t vf_device_id;
	const char *fw_ver;
	uint8_t log_max_cq_sz;
	uint8_t log_max_wq_sz;
	uint8_t log_max_rqt_size;
	uint8_t max_lso_cap; /* log2 */
	uint8_t max_ft_level;
	bool striding_rq;
	bool enhanced_mpw;
	bool mpw;
	bool cqe_compression;
	bool mini_cqe_ftag_l34h; /* flow tag and L3/L4 mini CQE formats */
	bool eswitch_manager;
	uint8_t wqe_inline_mode; /* PRM per_protocol caps encoding */
	/* Flow table properties: set/add/copy actions per context. */
	uint8_t max_modify_header_actions;
	/* Flex parser (ICMP, GENEVE, VXLAN-GPE, GTP-U, MPLS fields) and
	 * software steering (EMU_SW_STEERING_*): ConnectX-5 onwards. */
	bool flex_parser;
	uint8_t sw_steering;
	/* NIC TX flow tables (flow_table_properties_nic_transmit
	 * ft_support): the egress namespace DV NIC TX matchers use. */
	bool nic_tx_ft;
	/* General cap ext_stride_num_range: a striding RQ WQE may also hold
	 * 8..256 strides (log_wqe_num_of_strides -6..-1, two's complement). */
	bool ext_stride_num_range;
};

enum { EMU_SW_STEERING_NONE, EMU_SW_STEERING_V1, EMU_SW_STEERING_V2 };

/* Match caps (mlx5x_emu_match_caps.c): what the HCA caps say about match
 * fields, and the check CREATE_FLOW_GROUP makes against them: NULL, or
 * the name of the first field the criteria names that the caps lack. */
uint32_t emu_match_flex_protocols(const struct emu_model *m);
void emu_match_caps_general(const struct emu_model *m, void *cap);
void emu_match_caps_props(const struct emu_model *m, void *prop);
const char *emu_match_caps_check(const struct emu_model *m, uint8_t enable,
				 const void *criteria);

const struct emu_model *emu_model_find(const char *name);
const char *emu_model_names(void);

enum emu_esw_mode { EMU_ESW_LEGACY, EMU_ESW_SWITCHDEV };
enum emu_end_mode { EMU_END_LOOP, EMU_END_DROP, EMU_END_PCAP, EMU_END_TAP };

struct emu_dev_config {
	const struct emu_model *model;
	char pci[16];
	unsigned int nvfs;
	enum emu_esw_mode esw;
	enum emu_end_mode wire;
	enum emu_end_mode vf_end;
	char pcap_in[PATH_MAX];	 /* wire=pcap: frames that arrive from it */
	char pcap_out[PATH_MAX]; /* wire=pcap: frames that leave into it */
	char wire_tap[16];	 /* wire=tap:NAME: the TAP device */
	char vf_tap[12];	 /* vf_end=tap: VF k's TAP is <vf_tap><k> */
	bool devx; /* devx=0: a kernel without DevX (EOPNOTSUPP) */
	/* General HCA caps a key overrides for every function of the
	 * adapter (striding_rq, ext_stride_num_range, eswitch_manager):
	 * -1 keeps the model's, 0 or 1 replaces it. */
	int8_t cap_striding_rq, cap_ext_stride, cap_esw_manager;
	/* log_max_rqt_size=N replaces the model's (-1 keeps it). */
	int8_t cap_log_max_rqt_size;
};

/* Parses "key=value,...;key=value" into cfg[]; returns the number of
 * devices or -1 after a message on stderr naming the bad key. */
int
emu_config_parse(const char *str, struct emu_dev_config *cfg, unsigned int max);

/* ---- frames and queues of frames ----------------------------------------*/

struct emu_frame {
	uint32_t len;
	uint32_t cap; /* bytes of data[] */
	uint8_t data[];
};

/*
 * A bounded FIFO of frames as a ring (mlx5x_emu_frameq.c): one producer
 * (the engine or an API call, under the world lock) and one consumer.
 * Every slot keeps its frame buffer for the next frame through it, so
 * the steady state allocates nothing; when full the oldest frame goes.
 */
struct emu_frameq {
	struct emu_frame **slot; /* nslot buffers, NULL until used */
	uint32_t nslot;		 /* grows up to max + 1 */
	uint32_t head, tail;	 /* consumer, producer (free-running) */
	uint32_t busy;		 /* slot + 1 of a popped, unreleased frame */
	unsigned int n, max;
	uint64_t dropped;
};

void emu_frameq_push(struct emu_frameq *q, const void *data, uint32_t len);
/* The oldest frame, valid until emu_frameq_release gives it back (one at
 * a time); NULL when empty. */
struct emu_frame *emu_frameq_pop(struct emu_frameq *q);
void emu_frameq_release(struct emu_frameq *q, struct emu_frame *f);
void emu_frameq_flush(struct emu_frameq *q);

/* ---- object tables ------------------------------------------------------ */

struct emu_objtab {
	void **slot;
	uint32_t cap;
	uint32_t base; /* first id handed out: ids never collide across types */
};

uint32_t emu_objtab_add(struct emu_objtab *t, void *obj); /* 0 = full */
/* Inline: the data path resolves several ids per frame. */
static inline void *
emu_objtab_get(const struct emu_objtab *t, uint32_t id)
{
	if (id < t->base || id - t->base >= t->cap)
		return NULL;
	return t->slot[id - t->base];
}
void emu_objtab_del(struct emu_objtab *t, uint32_t id);
void emu_objtab_free(struct emu_objtab *t);

struct emu_adapter;
/* Census (mlx5x_emu_census.c): n objects a closing context still held. */
void emu_census_reclaim(const struct emu_adapter *ad, unsigned int n);

/* ---- vports ------------------------------------------------------------- */

struct emu_vport_counters {
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
	uint64_t rx_ucast, rx_mcast, rx_bcast, tx_ucast, tx_mcast, tx_bcast;
	uint64_t rx_errors, tx_errors, rx_dropped;
};

struct emu_vport {
	uint16_t num; /* PRM vport number: PF 0, VF k = k + 1, uplink 0xffff */
	char ifname[32];
	int ifindex;
	uint8_t mac[6];
	uint16_t mtu;
	uint8_t promisc_uc, promisc_mc, promisc_all;
	uint32_t meta_tag; /* value matched in reg_c_0 on the manager's RX */
	/* E-Switch vport context: metadata_reg_c_i the FDB passes to this
	 * vport's NIC RX when bit i is set (mlx5x_emu_esw_vport.c). */
	uint8_t fdb_to_vport_reg_c_id;
	struct emu_vport_counters cnt;
};

/* ---- memory objects ----------------------------------------------------- */

struct emu_ctx;

struct emu_pd {
	struct ibv_pd ibv;
	uint32_t pdn;
	struct emu_ctx *ctx;
};

struct emu_mr {
	struct ibv_mr ibv;
	uintptr_t start;
	size_t len;
};

struct emu_umem {
	struct mlx5dv_devx_umem dv;
	struct emu_ctx *ctx;
	uintptr_t start;
	size_t len;
};

struct emu_uar {
	struct mlx5dv_devx_uar dv;
	struct emu_ctx *ctx;
	void *page;
};

/* ---- queues ------------------------------------------------------------- */

struct emu_cq {
	uint32_t cqn;
	struct emu_ctx *ctx;
	struct emu_adapter *ad;
	/* On the adapter's list of CQs holding CQEs (cq_dirty) while a
	 * compressed session waits for the end of the burst. */
	bool dirty;
	struct emu_cq *dirty_next;
	uint8_t *buf;
	uint32_t log_size;
	volatile uint32_t *dbrec; /* big endian: [0] consumer index */
	uint32_t pi;
	uint8_t status;
	uint32_t users;		   /* SQs and RQs pointing at it */
	void *own_buf, *own_dbrec; /* for Verbs CQs the emulator allocates */
	uint64_t overflows;
	bool oi; /* cqc.oi: overrun ignored, never CQ_OVERFLOW */
	/* CQE compression (mlx5x_emu_cqe_comp.c): responder CQEs waiting to
	 * be written, as one title and per-packet mini CQE fields. */
	bool comp_en;
	uint8_t mini_format; /* MLX5X_MINI_CQE_FORMAT_* */
	uint32_t pend_n;
	bool pend_striding;	 /* the held session is a striding RQ's */
	uint16_t pend_next_strd; /* stride the next joining CQE must start at */
	struct mlx5_cqe64 pend_title;
	struct {
		uint32_t byte_cnt;
		uint32_t hash;
		uint32_t tag;
		uint16_t csum;
		uint16_t stride;
		uint8_t hdr;
	} pend[EMU_CQE_COMP_MAX];
	uint64_t sessions; /* compressed sessions written */
};

struct emu_wq {
	uint8_t *buf;
	uint32_t log_sz;
	uint32_t log_stride;
	volatile uint32_t *dbrec;
	uint32_t ci; /* WQEBBs (SQ) or WQEs (RQ) consumed */
	uint8_t wq_type;
};

struct emu_sq {
	uint32_t sqn;
	struct emu_ctx *ctx;
	uint8_t state;
	struct emu_cq *cq;
	uint32_t tisn;
	uint32_t user_index;
	uint8_t min_inline_mode;
	struct emu_wq wq;
	uint64_t errors;
	/* On the adapter's ready list (sq_ready, by SQ number) while RDY:
	 * the engine visits these only, not every SQ slot. */
	bool on_ready;
	struct emu_sq *ready_prev, *ready_next;
};

struct emu_rq {
	uint32_t rqn;
	struct emu_ctx *ctx;
	uint8_t state;
	struct emu_cq *cq;
	uint32_t user_index;
	bool vlan_strip;
	bool scatter_fcs;
	struct emu_wq wq;
	/* Striding RQ (MPRQ): strides per WQE, their size, and how many of
	 * the current WQE's strides are used. */
	uint32_t strd_num, strd_sz, strd_used;
	uint64_t out_of_buffer;
	uint32_t users; /* TIRs and RQTs pointing at it */
};

struct emu_tis {
	uint32_t tisn;
	uint32_t td;
	uint32_t users;
};

struct emu_rqt {
	uint32_t rqtn;
	uint32_t size;
	uint32_t users;
	uint32_t rqn[];
};

#define EMU_TOEPLITZ_MAX_IN 36 /* IPv6 addresses and L4 ports */

/* A TIR's hash plan (mlx5x_emu_tir.h), fixed at CREATE_TIR / MODIFY_TIR:
 * the IP version and protocol a frame must have for the selected fields
 * to be hashed, the CQE hash type then, and the runs of header bytes the
 * hash reads, each at its base (the frame's L3 or L4 header, or the parse's
 * inner_headers), in Toeplitz input order. */
enum { EMU_TIR_BASE_L3, EMU_TIR_BASE_L4, EMU_TIR_BASE_INNER };
struct emu_tir_run {
	uint8_t base; /* EMU_TIR_BASE_* */
	uint8_t off;  /* first byte from the base */
	uint8_t len;  /* bytes: 2, 4 or 16 (adjacent fields merged: 32) */
	uint8_t pos;  /* input position of the first: its Toeplitz table */
	uint8_t n4;   /* len / 4: groups of four bytes, then */
	uint8_t two;  /* len % 4 == 2: a last pair */
};
struct emu_tir_plan {
	uint8_t nrun; /* 0: the hash is 0 and the type none */
	uint8_t l3;   /* 4 or 6 */
	uint8_t l4;   /* IP protocol 6 or 17 when ports are selected, else 0 */
	uint8_t htype;
	struct emu_tir_run run[4];
};

struct emu_tir {
	uint32_t tirn;
	uint8_t disp_type;
	uint32_t inline_rqn;
	uint32_t rqtn;
	uint8_t hash_fn;
	bool symmetric;
	uint8_t key[40];
	uint8_t l3_prot, l4_prot;
	uint32_t fields;
	/* tunneled_offload_en and rx_hash_field_selector_inner: a tunnelled
	 * frame hashes its inner headers' selected fields. */
	bool tunneled;
	uint8_t l3_prot_in, l4_prot_in;
	uint32_t fields_in;
	uint32_t td;
	uint32_t users; /* flow entries pointing at it */
	uint32_t toeplitz[EMU_TOEPLITZ_MAX_IN][256]; /* from key */
	/* A frame's own headers (with the inner selector when it applies
	 * to an untunnelled frame), and a tunnelled frame's inner ones. */
	struct emu_tir_plan plan_outer, plan_inner;
};

/* ---- steering (mlx5x_emu_steering.c) ----------------------------------- */

#define EMU_MATCH_BYTES 512 /* PRM: fte_match_param is 0x1000 bits */

struct emu_ft;

struct emu_fte;
struct emu_fte_slab;
struct emu_ft_mid;

/* One slot of a group's hash: the hash beside the entry, so probing and
 * growing read no entry. */
struct emu_fg_slot {
	uint64_t hash;
	struct emu_fte *e; /* NULL: empty */
};

#define EMU_FTE_MAX_DESTS 8 /* destination_list_size we accept */

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
	struct emu_fg_slot *slot;
	uint32_t nslot; /* a power of two, or 0 */
	uint32_t shift; /* 64 - log2(nslot) */
	uint32_t count;
	/* Entry memory: slabs of entries of this group's size by number of
	 * destinations, and the free entries of each size. */
	struct emu_fte_slab *slabs;
	uint32_t slab_next; /* entries in the next slab */
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

#define EMU_FTE_MAX_COUNTERS 4

struct emu_fte {
	uint32_t index;
	uint16_t action;
	uint8_t ncnt;
	uint8_t ndest;
	uint8_t dest_room; /* destinations its memory holds (its slab size) */
	struct emu_fg *fg;
	struct emu_fte *hnext; /* on its group's free list, while free */
	uint64_t hash;	       /* of key */
	uint64_t seq;	       /* insertion order, among duplicates */
	bool dup;	       /* stored behind an equal earlier entry */
	uint32_t flow_tag;
	uint32_t push_vlan; /* ethertype << 16 | TCI, for VLAN_PUSH */
	uint32_t cnt[EMU_FTE_MAX_COUNTERS];
	struct emu_mhdr *mhdr;	       /* MOD_HDR: held while set */
	struct emu_reformat *reformat; /* PACKET_REFORMAT: held while set */
	uint64_t hits;
	struct emu_dest *dest; /* ndest of them, after key[] */
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
	uint32_t users;
};

/* Group hash tables and the table's index map (mlx5x_emu_fte_hash.c). */
uint64_t
emu_fg_hash_value(const struct emu_fg *g, const uint8_t *param, uint64_t *key);
const struct emu_fte *
emu_fg_lookup(const struct emu_fg *g, const uint8_t *param);
const struct emu_fte *
emu_ft_lookup(const struct emu_ft *ft, const uint8_t *param);
struct emu_fte *
emu_fg_find_dup(const struct emu_fg *g, const struct emu_fte *e);
/* An entry of group g with room for ndest destinations (key and dest
 * set up), or NULL; given back with emu_fg_entry_free, all of them freed
 * by emu_fg_hash_free. */
struct emu_fte *emu_fg_entry_alloc(struct emu_fg *g, uint32_t ndest);
void emu_fg_entry_free(struct emu_fg *g, struct emu_fte *e);
int emu_fg_insert(struct emu_fg *g, struct emu_fte *e);
void emu_fg_remove(struct emu_fg *g, struct emu_fte *e);
void emu_fg_hash_free(struct emu_fg *g);
struct emu_fte *emu_ft_entry(const struct emu_ft *ft, uint32_t index);
int emu_ft_entry_add(struct emu_ft *ft, struct emu_fte *e);
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

/* ---- adapter, device, context ------------------------------------------- */

struct emu_adapter {
	unsigned int index;
	uint64_t fte_seq; /* flow entries set so far: their insertion order */
	struct emu_dev_config cfg;
	struct ibv_device ibdev;
	char pci_dir[PATH_MAX];
	uint8_t switch_id[8];
	unsigned int nports; /* IB ports: 1 legacy, 1 + vfs switchdev */
	struct emu_vport pf;
	struct emu_vport uplink;
	struct emu_vport vf[EMU_MAX_VFS];
	/* VF k as a PCI function of its own (SR-IOV): its PCI address and
	 * directory, its IB device (one port, netdev vf_ifname[k]), and the
	 * NIC RX/TX of vport k + 1 that a context opened on it owns. */
	char vf_pci[EMU_MAX_VFS][16];
	char vf_pci_dir[EMU_MAX_VFS][PATH_MAX];
	struct ibv_device vf_ibdev[EMU_MAX_VFS];
	char vf_ifname[EMU_MAX_VFS][16];
	uint32_t vf_root[EMU_MAX_VFS][8];
	struct emu_kflow *vf_kflows[EMU_MAX_VFS];
	struct emu_kflow *vf_kflows_tx[EMU_MAX_VFS];
	unsigned int vf_nctx[EMU_MAX_VFS]; /* contexts open on VF k */
	/* Objects, by PRM number. */
	struct emu_objtab pds, tds, cqs, sqs, rqs, tiss, tirs, rqts, fts, fgs;
	struct emu_objtab mrs, umems, uars;
	uint32_t root[8];	     /* flow table root per table type */
	struct emu_kflow *kflows;    /* kernel-managed NIC RX rules, by prio */
	struct emu_kflow *kflows_tx; /* and NIC TX ones (DV egress) */
	struct emu_fc *fc; /* flow counters (mlx5x_emu_flow_counter.c) */
	uint32_t fc_cap;
	struct emu_cq *cq_dirty; /* CQs holding CQEs, flushed after a burst */
	struct emu_sq *sq_ready; /* RDY SQs by number (mlx5x_emu_sq.c) */
	struct emu_frameq wire_out, wire_in_pending;
	struct emu_frameq pcap_in; /* frames still to arrive from pcap_in */
	bool pcap_link_up;	   /* pcap wire: carrier seen, frames flow */
	FILE *pcap_out;
	int wire_tap_fd; /* TAP ends (mlx5x_emu_tap.c), -1 when none */
	int vf_tap_fd[EMU_MAX_VFS];
	uint64_t tap_tx_dropped;
	struct emu_frameq vf_out[EMU_MAX_VFS], vf_in_pending[EMU_MAX_VFS];
	/* Modify-header and packet reformat contexts, by PRM id. */
	struct emu_objtab mhdrs, reformats;
	char trace[EMU_TRACE_LEN];
	size_t trace_len;
	bool trace_on; /* off by default: formatting costs more than forwarding */
	/* Fault injection: the nth command (matching opcode, 0 = any) fails. */
	uint16_t fault_opcode;
	unsigned int fault_countdown;
	uint8_t fault_status;
	uint32_t fault_syndrome;
	uint64_t cmd_count;
	/* Command trace (mlx5x_emu_cmd_trace.c): one line per command while
	 * on; MLX5X_EMU_CMD_TRACE=1 turns it on at creation. */
	bool cmd_trace_on;
	char *cmd_trace;
	size_t cmd_trace_len, cmd_trace_cap;
	/* The model with the configuration's cap overrides applied:
	 * cfg.model points here. */
	struct emu_model model;
	/* What a parse must fill for steering and RSS to see what they read
	 * (emu_adapter_pkt_need): groups whose mask reads outer headers,
	 * groups whose mask reads deeper (tunnels, inner headers, flex
	 * parser fields), TIRs hashing inner headers. */
	uint32_t pkt_need_outer, pkt_need_deep, tir_inner;
};

/* Append one command's line to the adapter's command trace, if on. */
void
emu_cmd_trace_add(struct emu_adapter *ad, const char *name, uint16_t opcode,
		  uint16_t op_mod, int status, uint32_t syndrome);

struct emu_ctx {
	struct verbs_context vctx; /* context must stay last in verbs_context */
	struct emu_adapter *ad;
	uint16_t fn; /* the function opened: 0 the PF, k + 1 VF k */
	struct emu_ctx *next;
	uint32_t verbs_tdn; /* transport domain of Verbs QPs, 0 = none yet */
	struct mlx5dv_devx_uar *cq_uar; /* for Verbs CQ doorbells */
};

struct emu_world {
	/* emu_lock(): futex word, owner and depth (mlx5x_emu_world.c). */
	uint32_t lock_word;
	pthread_t lock_owner;
	unsigned int lock_depth;
	unsigned int nadapters;
	struct emu_adapter *ad[EMU_MAX_ADAPTERS];
	char sysfs_root[PATH_MAX];
	bool own_sysfs; /* tree created by us, removed at teardown */
	struct emu_ctx *contexts;
	unsigned int ncontexts;
	/* engine */
	pthread_t thread;
	bool running;
	volatile bool stop;
};

extern struct emu_world emu_world;

static inline struct emu_ctx *
emu_ctx_of(struct ibv_context *c)
{
	return (struct emu_ctx *)((char *)c - offsetof(struct emu_ctx, vctx) -
				  offsetof(struct verbs_context, context));
}

void emu_lock(void);
void emu_unlock(void);

/* Per function (0 the PF, k + 1 VF k): NIC flow table roots, kernel-managed
 * NIC RX rules, the function's own vport. */
static inline uint32_t *
emu_fn_root(struct emu_adapter *ad, uint16_t fn)
{
	return fn == 0 ? ad->root : ad->vf_root[fn - 1];
}

static inline struct emu_kflow **
emu_fn_kflows(struct emu_adapter *ad, uint16_t fn)
{
	return fn == 0 ? &ad->kflows : &ad->vf_kflows[fn - 1];
}

/* The function's kernel-managed NIC TX rules. */
static inline struct emu_kflow **
emu_fn_kflows_tx(struct emu_adapter *ad, uint16_t fn)
{
	return fn == 0 ? &ad->kflows_tx : &ad->vf_kflows_tx[fn - 1];
}

static inline struct emu_vport *
emu_fn_vport(struct emu_adapter *ad, uint16_t fn)
{
	return fn == 0 ? &ad->pf : &ad->vf[fn - 1];
}

/* World life cycle (mlx5x_emu_world.c). */
int emu_world_create_locked(const char *config, const char *root);
void emu_world_destroy_locked(void);
int emu_world_ensure_locked(void);

/* Adapters (mlx5x_emu_adapter.c). */
struct emu_adapter *
emu_adapter_create(unsigned int index, const struct emu_dev_config *cfg,
		   const char *sysfs_root);
void emu_adapter_destroy(struct emu_adapter *ad);
struct emu_vport *emu_adapter_vport(struct emu_adapter *ad, uint16_t num);
struct emu_vport *
emu_adapter_port_vport(struct emu_adapter *ad, unsigned int port);

/* Sysfs tree (mlx5x_emu_sysfs.c). */
int emu_sysfs_write_adapter(struct emu_adapter *ad, const char *root);
int emu_sysfs_update_netdev(const struct emu_adapter *ad,
			    const struct emu_vport *vp);
int emu_sysfs_remove_tree(const char *root);
/* VF k's own netdev (its PCI function's), after a vport context change. */
int emu_sysfs_update_vf_netdev(const struct emu_adapter *ad, unsigned int k);

/* Command interface (mlx5x_emu_cmd.c). */
struct emu_cmd_result {
	uint16_t destroy_opcode; /* set by creators, for devx obj destroy */
	uint32_t id;
	uint8_t table_type;
	uint32_t table_id;
};

/* What mlx5dv_devx_obj_create hands out: enough to destroy the object and
 * for Direct Rules actions to name it. */
struct mlx5dv_devx_obj {
	struct emu_ctx *ctx;
	struct emu_cmd_result res;
};
int emu_cmd_exec(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
		 size_t outlen, struct emu_cmd_result *res);
void emu_cmd_fail(void *out, size_t outlen, uint8_t status, uint32_t syndrome);
/* A command an entry point runs without a mailbox (Direct Rules rules):
 * counted and open to fault injection (true: fail it with *status and
 * *syndrome) as emu_cmd_exec does, then traced with its outcome. */
bool emu_cmd_direct_fault(struct emu_ctx *ctx, uint16_t opcode, int *status,
			  uint32_t *syndrome);
void emu_cmd_direct_trace(struct emu_ctx *ctx, uint16_t opcode, int status,
			  uint32_t syndrome);

/* Each command family: returns 0 with out filled or a PRM status with
 * *syndrome set. inlen/outlen are checked by the dispatcher. */
typedef int (*emu_cmd_fn)(struct emu_ctx *ctx, const void *in, size_t inlen,
			  void *out, size_t outlen, uint32_t *syndrome,
			  struct emu_cmd_result *res);
int emu_hca_cap_query(struct emu_ctx *, const void *, size_t, void *, size_t,
		      uint32_t *, struct emu_cmd_result *);
/* Striding RQ (PRM wq): single_stride_log_num_of_bytes m is 64 << m bytes
 * (m 0..7); single_wqe_log_num_of_strides a 4-bit two's complement n,
 * 512 << n strides for n 0..7 and, with the general cap
 * ext_stride_num_range, 8..256 for n -6..-1. emu_strd_log_num gives the
 * log2 of the strides or -1 where the field is not valid. */
#define EMU_STRD_LOG_SZ_MIN 6
#define EMU_STRD_LOG_SZ_MAX 13
#define EMU_STRD_LOG_NUM_MIN 9
#define EMU_STRD_LOG_NUM_EXT_MIN 3
#define EMU_STRD_LOG_NUM_MAX 16
static inline int
emu_strd_log_num(const struct emu_model *m, uint32_t field)
{
	int n = field < 8 ? (int)field : (int)field - 16;

	if (n < EMU_STRD_LOG_NUM_EXT_MIN - EMU_STRD_LOG_NUM_MIN ||
	    (n < 0 && !m->ext_stride_num_range))
		return -1;
	return EMU_STRD_LOG_NUM_MIN + n;
}

/* Whether function fn of ad is the E-Switch manager (general cap
 * eswitch_manager): it alone has an FDB and addresses other vports. */
bool emu_hca_cap_esw_manager(const struct emu_adapter *ad, uint16_t fn);
int emu_vport_query_ctx(struct emu_ctx *, const void *, size_t, void *, size_t,
			uint32_t *, struct emu_cmd_result *);
int emu_vport_modify_ctx(struct emu_ctx *, const void *, size_t, void *, size_t,
			 uint32_t *, struct emu_cmd_result *);
int emu_esw_vport_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
		      uint32_t *, struct emu_cmd_result *);
int emu_vport_query_counter(struct emu_ctx *, const void *, size_t, void *,
			    size_t, uint32_t *, struct emu_cmd_result *);
int emu_pd_alloc(struct emu_ctx *, const void *, size_t, void *, size_t,
		 uint32_t *, struct emu_cmd_result *);
int emu_pd_dealloc(struct emu_ctx *, const void *, size_t, void *, size_t,
		   uint32_t *, struct emu_cmd_result *);
int emu_td_alloc(struct emu_ctx *, const void *, size_t, void *, size_t,
		 uint32_t *, struct emu_cmd_result *);
int emu_td_dealloc(struct emu_ctx *, const void *, size_t, void *, size_t,
		   uint32_t *, struct emu_cmd_result *);
int emu_cq_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
	       uint32_t *, struct emu_cmd_result *);
int emu_sq_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
	       uint32_t *, struct emu_cmd_result *);
int emu_rq_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
	       uint32_t *, struct emu_cmd_result *);
int emu_tis_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
		uint32_t *, struct emu_cmd_result *);
int emu_tir_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
		uint32_t *, struct emu_cmd_result *);
int emu_rqt_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
		uint32_t *, struct emu_cmd_result *);
int emu_steering_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
		     uint32_t *, struct emu_cmd_result *);
int emu_flow_counter_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
			 uint32_t *, struct emu_cmd_result *);
/* The counter of this id, or NULL. */
struct emu_fc *emu_flow_counter_get(struct emu_adapter *ad, uint32_t id);

/* Memory checks: host pointer for [addr, addr+len) under lkey, or NULL
 * when the key is unknown or the range falls outside. Inline: every WQE
 * data segment goes through it. */
static inline void *
emu_mem_lkey_ptr(struct emu_adapter *ad, uint32_t lkey, uint64_t addr,
		 uint32_t len)
{
	/* lkey = MR number << 8 | key byte, as mlx5 mkeys are. */
	const struct emu_mr *mr =
		(const struct emu_mr *)emu_objtab_get(&ad->mrs, lkey >> 8);

	if (mr == NULL || mr->ibv.lkey != lkey)
		return NULL;
	if (addr < mr->start || addr - mr->start > mr->len ||
	    len > mr->len - (addr - mr->start))
		return NULL;
	return (void *)(uintptr_t)addr;
}
/* Host pointer for [off, off+len) of a umem, NULL if out of range
 * (mlx5x_emu_mem.c). */
void *emu_mem_umem_ptr(struct emu_adapter *ad, uint32_t umem_id, uint64_t off,
		       uint64_t len);

/* Queues (mlx5x_emu_cq.c, _sq.c, _rq.c). */
struct emu_cq *emu_cq_new(struct emu_adapter *ad, uint32_t log_size, void *buf,
			  volatile uint32_t *dbrec);
void emu_cq_release(struct emu_adapter *ad, struct emu_cq *cq);
/* Reserves the next CQE slot, or NULL when the CQ is full (overflow). */
struct mlx5_cqe64 *emu_cq_next(struct emu_cq *cq);
void emu_cq_commit(struct emu_cq *cq, struct mlx5_cqe64 *cqe, uint8_t opcode);
void emu_cq_err(struct emu_cq *cq, uint8_t opcode, uint8_t syndrome,
		uint16_t wqe_counter, uint32_t qpn);
/* Reserves n consecutive CQE slots from the producer index, or NULL. */
uint8_t *emu_cq_slots(struct emu_cq *cq, uint32_t n);
/* A responder CQE: written now, or held for a compressed session when the
 * CQ compresses and the CQE may join one. */
enum emu_cqe_comp_kind {
	EMU_CQE_COMP_NEVER,    /* written at once */
	EMU_CQE_COMP_CYCLIC,   /* may join: consecutive WQEs */
	EMU_CQE_COMP_STRIDING, /* may join: same WQE, consecutive strides */
};
void emu_cq_rx(struct emu_cq *cq, const struct mlx5_cqe64 *cqe,
	       enum emu_cqe_comp_kind kind);
/* Write what is held (end of a burst, or before any other CQE). */
void emu_cq_flush(struct emu_cq *cq);
void emu_adapter_flush_cqs(struct emu_adapter *ad);
unsigned int emu_sq_service(struct emu_adapter *ad, struct emu_sq *sq);
/* Every ready SQ of the adapter, in SQ number order; the WQEs run. */
unsigned int emu_sq_service_all(struct emu_adapter *ad);
/* Frees an SQ no command can reach any more (DESTROY_SQ, or what a
 * closing context left): off the ready list, its CQ released. */
void emu_sq_free(struct emu_adapter *ad, struct emu_sq *sq);
int emu_verbs_poll_cq(struct ibv_cq *cq, int n, struct ibv_wc *wc);

/* Receive side: deliver one frame to an RQ (mlx5x_emu_rq.c). */
struct emu_pkt;
void
emu_rq_deliver(struct emu_adapter *ad, struct emu_rq *rq, const uint8_t *frame,
	       uint32_t len, const struct emu_pkt *pkt, uint32_t hash,
	       uint8_t hash_type, uint32_t flow_tag);

/* Verbs queues as PRM objects (mlx5x_emu_verbs_wq.c, _verbs_qp.c): the
 * provider issues the commands mlx5_ib would; returns the PRM status. */
int emu_verbs_cmd(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
		  size_t outlen);
struct ibv_wq *
emu_verbs_wq_create(struct ibv_context *context, struct ibv_wq_init_attr *attr);
int emu_verbs_wq_modify(struct ibv_wq *wq, struct ibv_wq_attr *attr);
int emu_verbs_wq_destroy(struct ibv_wq *wq);
void emu_verbs_wq_init_obj(struct ibv_wq *wq, struct mlx5dv_rwq *out);
struct ibv_rwq_ind_table *
emu_verbs_ind_table_create(struct ibv_context *context,
			   struct ibv_rwq_ind_table_init_attr *attr);
int emu_verbs_ind_table_destroy(struct ibv_rwq_ind_table *t);
uint32_t emu_verbs_ind_table_log_size(struct emu_ctx *ctx,
				      const struct ibv_rwq_ind_table *t);
struct ibv_qp *emu_verbs_qp_create(struct ibv_context *context,
				   struct ibv_qp_init_attr_ex *attr);
int emu_verbs_qp_init_obj(struct ibv_qp *qp, struct mlx5dv_qp *out);
void *emu_verbs_cq_uar(struct ibv_context *context);
struct mlx5dv_devx_umem *
emu_verbs_umem_reg(struct emu_ctx *ctx, void *addr, size_t len);
void emu_verbs_umem_dereg(struct mlx5dv_devx_umem *dv);
struct mlx5dv_devx_uar *emu_verbs_uar_alloc(struct emu_ctx *ctx);
void emu_verbs_uar_free(struct mlx5dv_devx_uar *dv);

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

/* Packet parse (mlx5x_emu_pkt.c). */
struct emu_pkt {
	const uint8_t *data;
	uint32_t len;
	uint16_t ethertype; /* after VLAN tags */
	bool cvlan, svlan;
	uint16_t vlan_tci;
	uint32_t l3_off, l4_off;
	uint8_t l3;	  /* 0 none, 4, 6 */
	uint8_t l4_proto; /* IP protocol when l3 != 0 */
	bool frag;
	bool l3_ok, l4_ok;
	bool tcp_ack_only;
	uint8_t tcp_flags;
	/* Match view of the packet, laid out as fte_match_param. */
	uint8_t match[EMU_MATCH_BYTES];
	/* misc_parameters_3 holds something of an earlier parse: only the
	 * flex parser fields write it, so only then is it cleared. */
	uint8_t misc3_set;
};
void emu_pkt_parse(struct emu_pkt *p, const uint8_t *data, uint32_t len,
		   uint16_t src_vport, uint32_t reg_c0, uint32_t src_sqn);
/* What a parse fills of the match view beyond the scalars (which it
 * always fills), misc_parameters' source SQN and port, and
 * misc_parameters_2 (the metadata registers): outer headers, and
 * everything deeper (the rest of misc_parameters, inner headers, MPLS,
 * misc_parameters_3: tunnels and flex parser fields). What it leaves
 * unfilled holds stale values nobody reads. */
enum {
	EMU_PKT_NEED_OUTER = 1,
	EMU_PKT_NEED_DEEP = 2,
	EMU_PKT_NEED_ALL = 3,
};
void emu_pkt_parse_need(struct emu_pkt *p, const uint8_t *data, uint32_t len,
			uint16_t src_vport, uint32_t reg_c0, uint32_t src_sqn,
			uint8_t need);
/* The parse the adapter's groups and TIRs need. */
static inline uint8_t
emu_adapter_pkt_need(const struct emu_adapter *ad)
{
	return (ad->pkt_need_outer != 0 ? EMU_PKT_NEED_OUTER : 0) |
	       (ad->pkt_need_deep != 0 || ad->tir_inner != 0 ? EMU_PKT_NEED_DEEP
							     : 0);
}
uint16_t emu_csum_fold(uint32_t sum);
/* Tunnels and flex parser fields (mlx5x_emu_pkt_tunnel.c), called by the
 * parse when a UDP port, IP protocol or ethertype says so. */
enum {
	EMU_PORT_VXLAN_GPE = 4790, /* IANA; draft-ietf-nvo3-vxlan-gpe */
	EMU_PORT_GENEVE = 6081,	   /* RFC 8926 */
	EMU_PORT_GTPU = 2152,	   /* 3GPP TS 29.281 */
	EMU_PORT_MPLS_UDP = 6635,  /* RFC 7510 */
};
static inline bool
emu_pkt_udp_tunnel_port(uint16_t dport)
{
	return dport == EMU_PORT_VXLAN_GPE || dport == EMU_PORT_GENEVE ||
	       dport == EMU_PORT_GTPU || dport == EMU_PORT_MPLS_UDP;
}
void emu_pkt_tunnel_udp(struct emu_pkt *p, const uint8_t *u, uint32_t ulen);
void emu_pkt_tunnel_gre(struct emu_pkt *p, const uint8_t *g, uint32_t glen);
void emu_pkt_tunnel_mpls_eth(struct emu_pkt *p, const uint8_t *m, uint32_t len);
void
emu_pkt_icmp(struct emu_pkt *p, const uint8_t *ic, uint32_t len, uint8_t proto);
void emu_pkt_misc3_clear(struct emu_pkt *p);
/* IPv6 extension headers after the fixed header: hop-by-hop, routing,
 * destination options, fragment; updates l4_proto, l4_off, frag and
 * returns the L4 length left of l3len. */
uint32_t emu_pkt_ipv6_ext(struct emu_pkt *p, uint32_t l3len);
/* Inner headers from an Ethernet frame, or from an IP header (et its
 * ethertype), into inner_headers (mlx5x_emu_pkt.c). */
void emu_pkt_parse_inner(struct emu_pkt *p, const uint8_t *d, uint32_t len);
void emu_pkt_parse_inner_l3(struct emu_pkt *p, const uint8_t *d, uint32_t len,
			    uint16_t et);
uint32_t emu_csum_add(uint32_t sum, const uint8_t *p, uint32_t len);
/* Fill IPv4 header and TCP/UDP checksums in place (Tx offload). */
void emu_pkt_fill_csum(uint8_t *frame, uint32_t len, bool l3, bool l4);

/* Toeplitz (mlx5x_emu_toeplitz.c): bit by bit, and by table: tab[i][v] is
 * the hash of byte value v at input position i, built once per key (at
 * CREATE_TIR / MODIFY_TIR), so a hash costs one load per input byte. */
uint32_t emu_toeplitz(const uint8_t key[40], const uint8_t *data, size_t len);
void emu_toeplitz_table(const uint8_t key[40], uint32_t tab[][256]);
uint32_t
emu_toeplitz_tab(const uint32_t tab[][256], const uint8_t *data, size_t len);

/* Steering (mlx5x_emu_steering.c): NIC RX of the manager vport. */
void emu_steering_rx(struct emu_adapter *ad, const uint8_t *frame, uint32_t len,
		     uint16_t src_vport);
/* The same on function fn's NIC RX (0 the PF, k + 1 VF k). */
void emu_steering_rx_fn(struct emu_adapter *ad, uint16_t fn,
			const uint8_t *frame, uint32_t len, uint16_t src_vport);
/* metadata_reg_c_0 .. _7. */
#define EMU_REGC_NUM 8
/* The same with the registers the E-Switch hands over (the source vport
 * tag in reg_c_0, what an FDB rule set); the receiving vport's
 * fdb_to_vport_reg_c_id says which pass (mlx5x_emu_esw_vport.c). The
 * plain entry points hand over the source vport's tag alone. */
void
emu_steering_rx_regc(struct emu_adapter *ad, uint16_t fn, const uint8_t *frame,
		     uint32_t len, uint16_t src_vport,
		     const uint32_t regc[EMU_REGC_NUM]);
/* FDB: returns true when an FDB rule decided (frame consumed). */
bool emu_steering_fdb(struct emu_adapter *ad, const uint8_t *frame,
		      uint32_t len, uint16_t src_vport, uint32_t src_sqn);
void emu_steering_free(struct emu_adapter *ad);
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
void emu_eswitch_from_wire(struct emu_adapter *ad, const uint8_t *frame,
			   uint32_t len);
void emu_eswitch_from_vf(struct emu_adapter *ad, unsigned int vf,
			 const uint8_t *frame, uint32_t len);
void emu_eswitch_from_sq(struct emu_adapter *ad, struct emu_sq *sq,
			 const uint8_t *frame, uint32_t len);
/* regc: reg_c_0 .. _7 as the FDB left them, for the vport's NIC RX. */
void emu_eswitch_to_vport(struct emu_adapter *ad, uint16_t vport,
			  const uint8_t *frame, uint32_t len,
			  const uint32_t regc[EMU_REGC_NUM]);

/* Count one frame on a vport, received or sent, by destination class. */
void emu_vport_count(struct emu_vport *vp, bool rx, const uint8_t *frame,
		     uint32_t len);

/* Wire and VF ends (mlx5x_emu_wire.c). */
void emu_wire_out(struct emu_adapter *ad, const uint8_t *frame, uint32_t len);
void emu_vf_out(struct emu_adapter *ad, unsigned int vf, const uint8_t *frame,
		uint32_t len);
unsigned int emu_wire_service(struct emu_adapter *ad);

/* pcap wire end (mlx5x_emu_pcap.c). */
int emu_pcap_open(struct emu_adapter *ad);
void emu_pcap_close(struct emu_adapter *ad);
void emu_pcap_write(struct emu_adapter *ad, const uint8_t *frame, uint32_t len);
unsigned int emu_pcap_feed(struct emu_adapter *ad);

/* TAP ends (mlx5x_emu_tap.c). */
int emu_tap_open_all(struct emu_adapter *ad);
void emu_tap_close_all(struct emu_adapter *ad);
bool emu_tap_any(const struct emu_adapter *ad);
void emu_tap_write(struct emu_adapter *ad, int fd, const uint8_t *frame,
		   uint32_t len);
unsigned int emu_tap_feed(struct emu_adapter *ad);

/* Engine (mlx5x_emu_engine.c). */
void emu_engine_start_locked(void);
void emu_engine_stop(void); /* called without the lock */
unsigned int emu_engine_pass_locked(void);

/* Trace of the current packet: free while tracing is off (the arguments
 * are not even evaluated). */
void emu_trace_fmt(struct emu_adapter *ad, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define emu_trace(ad, ...)                                                     \
	do {                                                                   \
		if (__builtin_expect((ad)->trace_on, 0))                       \
			emu_trace_fmt((ad), __VA_ARGS__);                      \
	} while (0)
void emu_trace_reset(struct emu_adapter *ad);

/* Header rewrite (mlx5x_emu_modify_hdr.c) and packet reformat
 * (mlx5x_emu_reformat.c): PRM contexts an FTE names by id. */
struct emu_mhdr {
	uint32_t id;
	uint8_t table_type;
	uint32_t n;
	uint32_t users; /* flow entries naming it */
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
int emu_modify_hdr_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
		       uint32_t *, struct emu_cmd_result *);
int emu_reformat_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
		     uint32_t *, struct emu_cmd_result *);
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
uint32_t emu_reformat_decap(struct emu_adapter *ad, const struct emu_fte *e,
			    uint8_t *frame, uint32_t len);
uint32_t emu_reformat_encap(struct emu_adapter *ad, const struct emu_fte *e,
			    uint8_t *frame, uint32_t len);
/* Entropy of an encapsulated frame's inner headers (an Ethernet frame when
 * l2, else an IP packet) as the outer UDP source port: 49152..65535
 * (mlx5x_emu_entropy.c). */
uint16_t emu_tunnel_entropy(const uint8_t *in, uint32_t len, bool l2);

/* Test hooks (mlx5x_emu_test_hooks.c): the IB port attributes' link rate,
 * a planned DR domain creation failure (an errno, 0 for none), and the
 * live DR domains and actions the census reports. */
struct mlx5x_emu_census;
void emu_hook_port_speed(const struct emu_adapter *ad, uint8_t *width,
			 uint8_t *speed);
int emu_hook_dr_domain_fault(const struct emu_adapter *ad);
void emu_hook_dr_domain_count(const struct emu_adapter *ad, int delta);
void emu_hook_dr_action_count(int delta);
void emu_hook_census(const struct emu_adapter *ad, struct mlx5x_emu_census *c);

#endif /* MLX5X_EMU_PRIV_H */
