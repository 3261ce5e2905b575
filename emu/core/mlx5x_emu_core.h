/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The emulated ConnectX: the core model every area shares (mlx5x_emu_*.c
 * of emu/core): models and configuration, object tables, vports, memory
 * objects, the adapter, contexts, the world and its lock, the per-packet
 * trace and the test hooks.
 *
 * One "world" holds every emulated adapter of the process. One lock
 * serialises the command interface, the test-side API and the engine,
 * which is what firmware gives software too: commands and datapath are
 * ordered per object. Other areas' objects appear here only as pointers
 * (opaque): their headers (queue, steer, pkt, cmd, ends) say what they are.
 */
#ifndef MLX5X_EMU_CORE_H
#define MLX5X_EMU_CORE_H

#include <endian.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <infiniband/mlx5dv.h>
#include <infiniband/verbs.h>

#include "mlx5x_prm.h"
#include "mlx5x_emu.h"
#include "mlx5x_emu_frameq.h"

/* Objects of other areas the adapter only points at. */
struct emu_cq;
struct emu_sq;
struct emu_kflow;
struct emu_fc;
struct emu_fte;
struct emu_ft;
struct emu_scratch;

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
	/* engine=T: engine thread T services this adapter (threads are
	 * numbered 0..EMU_MAX_ADAPTERS - 1, one started per number in use);
	 * engine_cpu=C pins that thread to CPU C (-1: unpinned). */
	uint8_t engine;
	int16_t engine_cpu;
};

/* Parses "key=value,...;key=value" into cfg[]; returns the number of
 * devices or -1 after a message on stderr naming the bad key. */
int
emu_config_parse(const char *str, struct emu_dev_config *cfg, unsigned int max);

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
	/* IBV_ACCESS_* as registered: the adapter writes (an RQ's scatter, a
	 * counter dump) only where IBV_ACCESS_LOCAL_WRITE was asked for;
	 * local read is always granted (ibv_reg_mr(3)). */
	int access;
};

struct emu_umem {
	struct mlx5dv_devx_umem dv;
	struct emu_ctx *ctx;
	uintptr_t start;
	size_t len;
	uint32_t access; /* IBV_ACCESS_* it was registered with */
};

/* The access flags mlx5dv_devx_umem_reg takes (the kernel's
 * MLX5_IB_ATTR_DEVX_UMEM_REG_ACCESS). */
#define EMU_UMEM_ACCESS                                                        \
	(IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE |                    \
	 IBV_ACCESS_REMOTE_READ | IBV_ACCESS_RELAXED_ORDERING)

struct emu_uar {
	struct mlx5dv_devx_uar dv;
	struct emu_ctx *ctx;
	void *page;
};

/* A zeroed UAR page of ctx's adapter, numbered in its UAR table (DevX
 * UARs and the ones Verbs queues and CQs are given alike); NULL with
 * errno ENOMEM. */
struct mlx5dv_devx_uar *emu_uar_alloc(struct emu_ctx *ctx);
void emu_uar_free(struct mlx5dv_devx_uar *dv);
/* [addr, addr + len) numbered in ctx's adapter's umem table (DevX umems
 * and the ones behind Verbs queues alike) with access (IBV_ACCESS_*);
 * NULL with errno ENOMEM. */
struct mlx5dv_devx_umem *
emu_umem_reg(struct emu_ctx *ctx, void *addr, size_t len, uint32_t access);
void emu_umem_dereg(struct mlx5dv_devx_umem *dv);
/* [addr, addr + len) is shared by software and the adapter's DMA (an MR,
 * a umem, a Verbs CQ's ring): a no-op but under ThreadSanitizer (see
 * mlx5x_emu_mem.c). */
void emu_mem_dma_shared(const void *addr, size_t len);

/* ---- adapter, device, context ------------------------------------------- */

/*
 * The FDB's answer for frames of one source (vport, SQN), kept while what
 * decides it depends on the source alone (mlx5x_emu_steering.c): the root
 * table's answer while the root's groups read nothing but the source
 * words; the whole walk's while every table it visits reads nothing but
 * the source words and the metadata registers and every entry on the way
 * rewrites registers alone (the registers are then the source's too).
 * Valid while the adapter's steering generation and root table are those
 * it was taken under.
 */
#define EMU_FDB_SRC_HOPS 4 /* entries a kept walk goes through, at most */
struct emu_fdb_src {
	uint64_t gen;
	uint32_t root;
	uint32_t sqn;
	uint16_t vport;
	uint8_t state; /* EMU_FDB_SRC_* */
	uint8_t nhop;  /* EMU_FDB_SRC_WALKED: entries of hop[] */
	bool tried;    /* the walk was looked at for keeping */
	/* WALKED: e forwards the frame as it is to one vport, dst. */
	bool as_is;
	uint16_t dst;
	/* KNOWN: the root table's answer; WALKED: the walk's, or a miss. */
	const struct emu_fte *e;
	/* WALKED: the entries the walk hit, in order (each counts the frame),
	 * the deciding one last; misc_parameters_2 as the walk leaves it. */
	const struct emu_fte *hop[EMU_FDB_SRC_HOPS];
	uint8_t misc2[64];
};
enum {
	EMU_FDB_SRC_UNKNOWN,	/* not looked up since it was taken */
	EMU_FDB_SRC_KNOWN,	/* e is the root table's answer */
	EMU_FDB_SRC_READS_MORE, /* the root reads more than the source */
	EMU_FDB_SRC_WALKED,	/* e is the whole walk's answer */
};
#define EMU_FDB_SRC_SLOTS 64

/*
 * A loop end (wire=loop, vf_end=loop): frames that left by the end go
 * back in, read in place from the end's frame ring (wire_out, vf_out),
 * not copied aside (ends/mlx5x_emu_end_loop.h). Indexes of that ring:
 * frames from next up to its tail wait to go back in; busy - 1 is the one
 * going back in now (0: none).
 */
struct emu_end_loop {
	uint32_t next;
	uint32_t busy;
	uint64_t dropped;
};

/*
 * The fused wire -> RQ path's plan (queue/mlx5x_emu_rx_fused.c): what of
 * the adapter's set-up it covers, made again whenever rx_gen moves on,
 * so a frame reads a mode, not the objects behind it.
 */
enum {
	EMU_RXF_OFF,	   /* every frame takes the general path */
	EMU_RXF_CATCH_ALL, /* the NIC RX root's first group: entry e */
	EMU_RXF_LOOKUP,	   /* the root's groups read outer headers alone */
	/* CATCH_ALL whose TIR hashes a UDP or TCP frame's IPv4 addresses
	 * and L4 ports or nothing (by the protocol), over an RQT of a
	 * power-of-two size whose RQs count on one vport: RSS as the usual
	 * set-up has it, straight. */
	EMU_RXF_CATCH_ALL_PORTS,
	/* CATCH_ALL_PORTS with no VF MAC to look for, over RQs that are all
	 * plain and complete on CQs that do not compress: what the plan
	 * checked here is not checked per frame (emu_rxf_frame). */
	EMU_RXF_RSS,
	/* Switchdev: the wire's frames all take one way, the source's
	 * (rxf.src[0]), through the FDB and the manager's NIC RX. */
	EMU_RXF_SRC,
};

/*
 * Switchdev: the way every frame from one source (the wire, or VF k) takes
 * when its source alone decides it, made once per change (emu_rxf_src_get):
 * the FDB's walk ending in a miss (or no FDB root), then the manager's NIC
 * RX walk ending in an entry that forwards to one TIR and does nothing
 * else (emu_rxf_entry_ok). ok: it does; the entries on the way that count
 * the frame (both walks'), the TIR and what it hashes, as emu_rxf's
 * CATCH_ALL fields.
 */
#define EMU_RXF_SRC_COUNTED 8
struct emu_rxf_src {
	uint64_t gen; /* rx_gen it was made at */
	bool ok;
	uint8_t ncounted;
	uint8_t hash[2], htype[2];
	uint32_t tag_be;
	const struct emu_tir *tir;
	/* A direct TIR's RQ (NULL for an indirect one); the vport every RQ
	 * the TIR may pick counts on, NULL when they differ (a run of
	 * frames counted at once there). */
	struct emu_rq *rq;
	struct emu_vport *vport;
	const struct emu_fte *counted[EMU_RXF_SRC_COUNTED];
};

/*
 * What a run of fused frames adds to the vport counters, added when the
 * run ends or its frames' RQ vport changes (emu_rxf_tally_move): unicast
 * frames only (a group address counts at once), n of them, bytes their
 * length, each counted on the uplink and on vp. The adapter's own
 * (rxf.tally) outlives a call: every reader of the counters adds it
 * first (emu_rxf_tally_sync), under the adapter's lock as its frames.
 */
struct emu_rxf_tally {
	struct emu_vport *vp;
	uint64_t bytes;
	uint32_t n; /* not one vector with bytes: two adds, no shuffles */
};

struct emu_rxf {
	uint64_t gen; /* rx_gen it was made at */
	uint8_t mode; /* EMU_RXF_* */
	bool vf_macs; /* legacy mode with VFs: a VF's MAC takes a frame */
	bool off;     /* the test hook keeps every frame general */
	const struct emu_ft *ft; /* LOOKUP: the root table */
	const struct emu_fte *e; /* CATCH_ALL: the entry every frame hits */
	uint64_t frames;	 /* frames the fused path took */
	/* CATCH_ALL: e's TIR and, unless it is direct, its RQT, the flow
	 * tag as the CQE carries it, and by the frame's protocol (UDP [0],
	 * TCP [1]) what the TIR hashes (EMU_RXF_HASH_*) and the CQE hash
	 * type. Commands alone change these, and every command moves
	 * rx_gen on. */
	const struct emu_tir *tir;
	const struct emu_rqt *rqt;
	uint32_t tag_be;
	uint8_t hash[2], htype[2];
	/* CATCH_ALL_PORTS, RSS: the vport every RQ of the RQT counts on. */
	struct emu_vport *vport;
	/* RSS: frames taken one at a time, counted on vport (which the plan
	 * makes tally.vp) when the counters are read. */
	struct emu_rxf_tally tally;
	/* Switchdev: the wire's way [0], VF k's [k + 1] (emu_rxf_src). */
	struct emu_rxf_src src[EMU_MAX_VFS + 1];
};
enum {
	EMU_RXF_HASH_NONE,	/* hash 0, type none */
	EMU_RXF_HASH_IP4,	/* the addresses */
	EMU_RXF_HASH_IP4_PORTS, /* the addresses and the ports */
	EMU_RXF_HASH_RUNS,	/* the TIR plan's runs (emu_tir_plan_apply) */
};

struct emu_adapter {
	unsigned int index;
	/* data-path scratch, used under the adapter's lock
	 * (mlx5x_emu_steer.h) */
	struct emu_scratch *scratch;
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
	/* Moves on at every MR deregistration: an MR an SQ cached
	 * (mlx5x_emu_sq.c) is stale once it differs. RQs' caches are
	 * emptied at the deregistration instead (emu_rq_mr_forget). */
	uint64_t mr_gen;
	/* The key byte of the next MR registered (ibv_reg_mr). */
	uint8_t mr_key;
	uint32_t root[8];	     /* flow table root per table type */
	struct emu_kflow *kflows;    /* kernel-managed NIC RX rules, by prio */
	struct emu_kflow *kflows_tx; /* and NIC TX ones (DV egress) */
	struct emu_fc *fc; /* flow counters (mlx5x_emu_flow_counter.c) */
	uint32_t fc_cap;
	struct emu_cq *cq_dirty; /* CQs holding CQEs, flushed after a burst */
	struct emu_sq *sq_ready; /* RDY SQs by number (mlx5x_emu_sq.c) */
	struct emu_ring wire_out;
	struct emu_end_loop wire_loop; /* wire=loop: wire_out goes back in */
	struct emu_frameq pcap_in;     /* frames still to arrive from pcap_in */
	bool pcap_link_up; /* pcap wire: carrier seen, frames flow */
	FILE *pcap_out;
	int wire_tap_fd; /* TAP ends (mlx5x_emu_tap.c), -1 when none */
	int vf_tap_fd[EMU_MAX_VFS];
	uint64_t tap_tx_dropped;
	struct emu_ring vf_out[EMU_MAX_VFS];
	struct emu_end_loop vf_loop[EMU_MAX_VFS];
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
	/* emu_adapter_pkt_need of those, set again whenever they change:
	 * the data path reads one byte. */
	uint8_t pkt_need;
	/* A context closed while a TIR or RQT named one of its RQs: since
	 * then RQ numbers are re-resolved whenever an RQ comes or goes
	 * (emu_rq_refs_set). */
	bool rq_orphans;
	/* FDB groups whose mask reads more than the source (SQN, port) and
	 * the metadata registers: while there are none, the FDB looks a
	 * frame up without parsing its headers. */
	uint32_t fdb_need_groups;
	/* Moves on at every flow entry set or deleted: what the data path
	 * keeps of a lookup is stale once it differs. */
	uint64_t steer_gen;
	struct emu_fdb_src fdb_src[EMU_FDB_SRC_SLOTS];
	/* Moves on at every change the fused wire -> RQ path's plan reads
	 * (emu_rx_changed): any command, kernel-managed rules coming or
	 * going, a context closing, tracing turned on or off. */
	uint64_t rx_gen;
	struct emu_rxf rxf;
	/* Unicast frames the SQs' fast ways built in place in an end's ring
	 * (queue/mlx5x_emu_sq.c: the wire's, a VF's), for the test hook. */
	uint64_t sq_fast_frames;
};

/* Something the fused Rx path's plan depends on may have changed: it is
 * made again before the next frame (queue/mlx5x_emu_rx_fused.c). */
static inline void
emu_rx_changed(struct emu_adapter *ad)
{
	ad->rx_gen++;
	/* Until the plan is made again: a frame that tests for EMU_RXF_RSS
	 * alone (mlx5x_emu_inject_wire) need not compare the gens. */
	ad->rxf.mode = EMU_RXF_OFF;
}

struct emu_ctx {
	struct verbs_context vctx; /* context must stay last in verbs_context */
	struct emu_adapter *ad;
	uint16_t fn; /* the function opened: 0 the PF, k + 1 VF k */
	struct emu_ctx *next;
	uint32_t verbs_tdn; /* transport domain of Verbs QPs, 0 = none yet */
	struct mlx5dv_devx_uar *cq_uar; /* for Verbs CQ doorbells */
};

struct emu_world {
	/* emu_lock(): futex word; the depth is per thread (mlx5x_emu_world.c). */
	uint32_t lock_word;
	/* emu_adapter_lock(i): adapter i's futex word, here rather than in
	 * the adapter so that a lock outlives the adapter it guarded */
	uint32_t ad_lock[EMU_MAX_ADAPTERS];
	unsigned int nadapters;
	struct emu_adapter *ad[EMU_MAX_ADAPTERS];
	char sysfs_root[PATH_MAX];
	bool own_sysfs; /* tree created by us, removed at teardown */
	struct emu_ctx *contexts;
	unsigned int ncontexts;
	/* engine threads (mlx5x_emu_engine.c): thread t services the
	 * adapters whose cfg.engine is t; started[t] while it runs */
	pthread_t engine[EMU_MAX_ADAPTERS];
	bool started[EMU_MAX_ADAPTERS];
	bool running;
	/* engine threads run while this is the value they were started
	 * with; a stop moves it on (atomic: read by them without a lock) */
	uint32_t engine_gen;
};

extern struct emu_world emu_world;

static inline struct emu_ctx *
emu_ctx_of(struct ibv_context *c)
{
	return (struct emu_ctx *)((char *)c - offsetof(struct emu_ctx, vctx) -
				  offsetof(struct verbs_context, context));
}

/* The world lock with every adapter's (emu_lock), or with one adapter's
 * (emu_lock_ad: a command on that adapter's objects); an adapter's lock
 * alone (emu_adapter_lock, by index: its data path). Order and rules:
 * emu/README.md, "Locks". */
void emu_lock(void);
void emu_unlock(void);
void emu_lock_ad(const struct emu_adapter *ad);
void emu_unlock_ad(const struct emu_adapter *ad);

/* The calling thread's lock depths (mlx5x_emu_world.c). */
struct emu_lock_tls {
	unsigned int world;	      /* world lock depth */
	unsigned int nad;	      /* adapter locks emu_lock took with it */
	uint8_t ad[EMU_MAX_ADAPTERS]; /* each adapter lock's depth */
};

extern __thread struct emu_lock_tls emu_lock_tls
	__attribute__((tls_model("initial-exec")));

void emu_word_wait(uint32_t *w, uint32_t c);
void emu_word_wake(uint32_t *w);

/* A futex word: 0 free, 1 taken, 2 taken with waiters. Inline: the data
 * path takes one per injected frame or burst and per pass. */
static inline void
emu_word_lock(uint32_t *w)
{
	uint32_t c = 0;

	if (!__atomic_compare_exchange_n(w, &c, 1, false, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED))
		emu_word_wait(w, c);
}

static inline void
emu_word_unlock(uint32_t *w)
{
	if (__atomic_fetch_sub(w, 1, __ATOMIC_RELEASE) != 1)
		emu_word_wake(w);
}

static inline void
emu_adapter_lock(unsigned int i)
{
	if (emu_lock_tls.ad[i]++ == 0)
		emu_word_lock(&emu_world.ad_lock[i]);
}

static inline void
emu_adapter_unlock(unsigned int i)
{
	if (--emu_lock_tls.ad[i] == 0)
		emu_word_unlock(&emu_world.ad_lock[i]);
}
/* Whether the calling thread holds adapter i's lock. */
bool emu_adapter_held(unsigned int i);

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

/* The MR under lkey (MR number << 8 | key byte, as mlx5 mkeys are), or
 * NULL when no MR has that key. */
static inline const struct emu_mr *
emu_mem_lkey_mr(const struct emu_adapter *ad, uint32_t lkey)
{
	const struct emu_mr *mr =
		(const struct emu_mr *)emu_objtab_get(&ad->mrs, lkey >> 8);

	return mr != NULL && mr->ibv.lkey == lkey ? mr : NULL;
}

/* Whether [addr, addr+len) lies inside [start, start+size). */
static inline bool
emu_mem_in(uintptr_t start, size_t size, uint64_t addr, uint32_t len)
{
	return addr - start <= size && len <= size - (addr - start);
}

/* Memory checks: the MR under lkey that covers [addr, addr+len) and
 * grants the access asked (need: 0 to read, IBV_ACCESS_LOCAL_WRITE for the
 * adapter to write), or NULL: the key is unknown, the range falls outside
 * or the right is missing. */
static inline const struct emu_mr *
emu_mem_lkey_grant(const struct emu_adapter *ad, uint32_t lkey, uint64_t addr,
		   uint32_t len, int need)
{
	const struct emu_mr *mr = emu_mem_lkey_mr(ad, lkey);

	if (mr == NULL || !emu_mem_in(mr->start, mr->len, addr, len) ||
	    (mr->access & need) != need)
		return NULL;
	return mr;
}

/* The same as a host pointer. Inline: every WQE data segment the adapter
 * does not cache goes through it. */
static inline void *
emu_mem_lkey_ptr(struct emu_adapter *ad, uint32_t lkey, uint64_t addr,
		 uint32_t len, int need)
{
	return emu_mem_lkey_grant(ad, lkey, addr, len, need) != NULL
		       ? (void *)(uintptr_t)addr
		       : NULL;
}

/* A queue's last MR: its key as data segments carry it (big endian), its
 * range, and the adapter's mr_gen when it was found. Consecutive segments
 * mostly name one MR (a mempool's). Zeroed it names nothing: no MR has
 * lkey 0. A queue uses its cache for one kind of access (an SQ reads, an
 * RQ writes), checked when the MR is found, so a hit checks none. */
struct emu_mr_cache {
	uint32_t lkey_be;
	uint64_t gen;
	uintptr_t start;
	size_t len;
};

/* Whether the cached MR covers [addr, addr+len) under lkey_be; the caller
 * knows the cache is current (emu_mem_cache_sync, or checks the gen). */
static inline __attribute__((always_inline)) bool
emu_mem_cache_hit(const struct emu_mr_cache *c, uint32_t lkey_be, uint64_t addr,
		  uint32_t len)
{
	return lkey_be == c->lkey_be && emu_mem_in(c->start, c->len, addr, len);
}

/* The cache forgotten if an MR was deregistered since it was filled: for
 * a queue that checks once per service rather than per segment (only
 * commands deregister, and no pass overlaps a command). */
static inline __attribute__((always_inline)) void
emu_mem_cache_sync(const struct emu_adapter *ad, struct emu_mr_cache *c)
{
	if (__builtin_expect(c->gen != ad->mr_gen, 0))
		c->lkey_be = 0;
}

/* The miss: emu_mem_lkey_ptr through the MR table, the MR kept in c when
 * it grants the access. Inline: a call here would make the queue's whole
 * data-path function save registers for it on every frame. */
static inline void *
emu_mem_cache_fill(const struct emu_adapter *ad, struct emu_mr_cache *c,
		   uint32_t lkey_be, uint64_t addr, uint32_t len, int need)
{
	const struct emu_mr *mr =
		emu_mem_lkey_grant(ad, be32toh(lkey_be), addr, len, need);

	if (mr == NULL)
		return NULL;
	*c = (struct emu_mr_cache){ lkey_be, ad->mr_gen, mr->start, mr->len };
	return (void *)(uintptr_t)addr;
}

/* emu_mem_lkey_ptr for a segment's lkey_be through the queue's cache c,
 * which its owner empties whenever an MR is deregistered (an RQ's:
 * emu_rq_mr_forget): the same answer, the MR table read only when the
 * key differs from the last one. */
static inline __attribute__((always_inline)) void *
emu_mem_cache_ptr(const struct emu_adapter *ad, struct emu_mr_cache *c,
		  uint32_t lkey_be, uint64_t addr, uint32_t len, int need)
{
	if (__builtin_expect(emu_mem_cache_hit(c, lkey_be, addr, len), 1))
		return (void *)(uintptr_t)addr;
	return emu_mem_cache_fill(ad, c, lkey_be, addr, len, need);
}

/* Host pointer for [off, off+len) of a umem, NULL if out of range
 * (mlx5x_emu_mem.c). */
void *emu_mem_umem_ptr(struct emu_adapter *ad, uint32_t umem_id, uint64_t off,
		       uint64_t len);
/* Whether the adapter may write into umem umem_id (registered with a
 * write access; mlx5x_emu_mem.c). */
bool emu_mem_umem_writable(struct emu_adapter *ad, uint32_t umem_id);

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

#endif /* MLX5X_EMU_CORE_H */
