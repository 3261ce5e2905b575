/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The rte_flow engine: one front end (item and action tables) that turns a
 * rule into a backend-neutral form, and backends (DR, Verbs) that program
 * it. The software list of a port's flows is the truth: a flow is parsed
 * when the application creates it and programmed while the port is
 * started (parse at create, program at start).
 */
#ifndef MLX5X_FLOW_H
#define MLX5X_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include <rte_flow.h>
#include <rte_flow_driver.h>

#include "mlx5x.h"
#include "mlx5x_prm.h"

/* rte_flow priorities a user may ask for; the matcher priorities above
 * them hold the default Rx steering (MAC filter, promiscuous, RSS). */
#define MLX5X_FLOW_PRIO_MAX 4095u
/* Sub-priorities at one rte_flow priority: the more specific rule first. */
#define MLX5X_FLOW_SUB_L4 0u
#define MLX5X_FLOW_SUB_L3 1u
#define MLX5X_FLOW_SUB_L2 2u
#define MLX5X_FLOW_SUBS 3u
#define MLX5X_FLOW_PRIO_DEFAULTS 0xff00u
/* Largest MARK id: the 24-bit flow tag carries id + 1, 0 means "no mark"
 * and 0xffffff means FLAG. */
#define MLX5X_FLOW_MARK_MAX 0xfffffdu
#define MLX5X_FLOW_TAG_FLAG 0xffffffu

enum mlx5x_flow_domain {
	MLX5X_FLOW_DOMAIN_RX,
	MLX5X_FLOW_DOMAIN_TX,
	MLX5X_FLOW_DOMAIN_FDB, /* transfer: the E-Switch */
	MLX5X_FLOW_DOMAINS,
};

enum mlx5x_flow_fate {
	MLX5X_FLOW_FATE_NONE, /* egress: the frame goes on */
	MLX5X_FLOW_FATE_QUEUE,
	MLX5X_FLOW_FATE_RSS,
	MLX5X_FLOW_FATE_DROP,
	MLX5X_FLOW_FATE_JUMP,
	MLX5X_FLOW_FATE_TIR,  /* a TIR the caller owns (default steering) */
	MLX5X_FLOW_FATE_PORT, /* FDB: one or more destination vports */
};

/* Destinations of one transfer rule (OVS sends port_id / port_id). */
#define MLX5X_FLOW_PORTS_MAX 4u
/* Modify-header commands one rule may carry (the adapter's
 * max_modify_header_actions may be lower). */
#define MLX5X_FLOW_MHDR_MAX 32u
/* Largest encapsulation header (PRM max_encap_header_size of the
 * emulated models and of ConnectX-5/6: 128 bytes). */
#define MLX5X_FLOW_ENCAP_MAX 128u
/* The FDB's root (level 0) holds only the driver's own rules: representor
 * Tx by SQ number, then "everything else -> level 1". A transfer rule of
 * group N lives in the table at level N + 1, software steered. */
#define MLX5X_FLOW_FDB_LEVEL(group) ((group) + 1u)
#define MLX5X_FLOW_PRIO_FDB_BASE 0xffffu

/* What a pattern pins down, for RSS expansion and specificity. */
enum {
	MLX5X_FLOW_L3_ANY,
	MLX5X_FLOW_L3_IPV4,
	MLX5X_FLOW_L3_IPV6,
};

typedef uint32_t mlx5x_flow_match_t[MLX5X_ST_SZ_DW(fte_match_param)];

/* The backend-neutral rule. */
struct mlx5x_flow_rule {
	uint8_t domain;
	uint32_t group;
	uint16_t prio;	  /* matcher priority, sub-priority included */
	uint8_t criteria; /* MLX5X_MATCH_* enable bits */
	mlx5x_flow_match_t mask;
	mlx5x_flow_match_t value;
	/* Outer L3/L4 the pattern names (RSS expansion). */
	uint8_t l3;
	uint8_t l4; /* IPPROTO_*, 0: none */
	/* The same after a tunnel item (tunnel set), for inner RSS. */
	bool tunnel;
	uint8_t in_l3;
	uint8_t in_l4;
	bool rss_inner; /* rss level 2: hash and expand on the inner headers */
	uint8_t fate;
	uint32_t jump_group;
	uint16_t nb_queues;
	uint16_t queues[MLX5X_QUEUES_MAX];
	uint64_t rss_types;
	uint8_t rss_key[MLX5X_RSS_KEY_LEN];
	struct mlx5dv_devx_obj *tir; /* MLX5X_FLOW_FATE_TIR */
	bool has_tag;
	uint32_t tag;
	bool count;
	bool has_source; /* FDB: a port item set misc.source_port */
	uint8_t nb_ports;
	uint16_t ports[MLX5X_FLOW_PORTS_MAX]; /* FDB destination vports */
	/* Header rewrite: PRM set/add commands, big-endian. */
	uint8_t nb_mhdr;
	uint32_t mhdr[MLX5X_FLOW_MHDR_MAX][2];
	/* Headers added or removed (mlx5x_flow_reformat.c). */
	bool pop_vlan;
	bool push_vlan;
	uint32_t vlan_hdr;  /* TPID << 16 | PCP << 13 | VID */
	bool decap;	    /* L2_TUNNEL_TO_L2 */
	uint16_t encap_len; /* L2_TO_L2_TUNNEL data, 0: none */
	uint8_t encap[MLX5X_FLOW_ENCAP_MAX];
	/* A mark on a rule that jumps: the reg_c_1 value it sets (see
	 * mlx5x_flow_meta.c), 0: none. */
	uint32_t mark_carry;
	/* L3 tunnel rewrite (raw_decap + raw_encap, mlx5x_flow_reformat.c):
	 * MLX5X_FLOW_L3T_*; its header is encap[0..encap_len). */
	uint8_t l3_tunnel;
};

enum mlx5x_flow_l3_tunnel {
	MLX5X_FLOW_L3T_NONE,
	MLX5X_FLOW_L3T_RAW_DECAP, /* raw_decap of a whole tunnel, so far */
	MLX5X_FLOW_L3T_L2_DECAP,  /* raw_decap of the L2 header, so far */
	MLX5X_FLOW_L3T_DECAP,	  /* L3_TUNNEL_TO_L2: encap[] is the L2 */
	MLX5X_FLOW_L3T_ENCAP,	  /* L2_TO_L3_TUNNEL: encap[] the tunnel */
};

struct mlx5x_flow_counter;
struct mlx5x_flow_dr_handle;

/* One rte_flow (also the defaults' internal rules). */
struct rte_flow {
	TAILQ_ENTRY(rte_flow) next;
	struct mlx5x_flow_counter *counter;
	const struct mlx5x_flow_port *owner; /* the port's, while listed */
	const struct mlx5x_flow_backend *backend;
	void *handle; /* backend's, while programmed */
	bool internal;
	/* The rule, packed (mlx5x_flow_pack.c): nb_dw dwords, then their
	 * indexes. mlx5x_flow_rule_of() unpacks it. */
	uint16_t nb_dw;
	uint32_t packed[];
};

/* mlx5x_flow_pack.c: a rule kept as its non-zero dwords (packed[0..nb_dw)
 * their values, then their 16-bit indexes); unpack into a whole rule. */
void mlx5x_flow_unpack(const void *src, uint16_t nb_dw,
		       struct mlx5x_flow_rule *rule);
/* The flow's rule, unpacked into rule. */
static inline void
mlx5x_flow_rule_of(const struct rte_flow *flow, struct mlx5x_flow_rule *rule)
{
	mlx5x_flow_unpack(flow->packed, flow->nb_dw, rule);
}
/* A flow holding rule (zeroed but for the rule), or NULL; and its free. */
struct rte_flow *mlx5x_flow_alloc(const struct mlx5x_flow_rule *rule);
void mlx5x_flow_free(struct rte_flow *flow);

/* mlx5x_flow_pool.c: zeroed objects of up to MLX5X_FLOW_POOL_MAX bytes
 * that live as long as a rule, without a heap header each (larger ones
 * are rte_zmalloc'ed); free takes the size they were allocated with. */
#define MLX5X_FLOW_POOL_MAX 512u
void *mlx5x_flow_pool_zalloc(size_t size);
void mlx5x_flow_pool_free(void *obj, size_t size);

TAILQ_HEAD(mlx5x_flow_list, rte_flow);

/* Backends: the same operations on the same rule. */
struct mlx5x_flow_backend {
	const char *name;
	/* What this backend cannot express, refused before anything is made. */
	int (*validate)(struct rte_eth_dev *dev,
			const struct mlx5x_flow_rule *rule,
			struct rte_flow_error *error);
	/* Program flow, whose rule (unpacked) is rule. */
	int (*apply)(struct rte_eth_dev *dev, struct rte_flow *flow,
		     const struct mlx5x_flow_rule *rule,
		     struct rte_flow_error *error);
	void (*remove)(struct rte_eth_dev *dev, struct rte_flow *flow);
};

extern const struct mlx5x_flow_backend mlx5x_flow_dr_backend;
extern const struct mlx5x_flow_backend mlx5x_flow_verbs_backend;
/* dv_flow_en=1 where Direct Rules are missing or refused: the NIC Rx root
 * through mlx5dv_create_flow_matcher / mlx5dv_create_flow. */
extern const struct mlx5x_flow_backend mlx5x_flow_dv_backend;
/* Can this device's flows use DR (rdma-core has it, the adapter grants a
 * NIC Rx domain)? */
bool mlx5x_flow_dr_usable(struct mlx5x_dev_ctx *sh);

/* Per-port engine state (priv->flow). */
struct mlx5x_flow_port {
	const struct mlx5x_flow_backend *backend;
	struct mlx5x_flow_list flows;	 /* the application's */
	struct mlx5x_flow_list defaults; /* default Rx steering */
	bool isolated;
	bool applied; /* programmed: the port is started */
};
/* Fill error with a formatted message kept in a per-thread buffer (the
 * caller reads it after return); returns -err. */
int mlx5x_flow_error(struct rte_flow_error *error, int err,
		     enum rte_flow_error_type type, const void *cause,
		     const char *fmt, ...) __rte_format_printf(5, 6);

/* An action refused for what its configuration says: the error points at
 * the action (RTE_FLOW_ERROR_TYPE_ACTION_CONF); returns -err. */
#define mlx5x_flow_conf_refuse(error, a, err, ...)                             \
	mlx5x_flow_error(error, err, RTE_FLOW_ERROR_TYPE_ACTION_CONF, a,       \
			 __VA_ARGS__)

/* mlx5x_flow.c: attributes, items and actions into a rule. */
int
mlx5x_flow_parse(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
		 const struct rte_flow_item pattern[],
		 const struct rte_flow_action actions[],
		 struct mlx5x_flow_rule *rule, struct rte_flow_error *error);
int mlx5x_flow_items_parse(struct rte_eth_dev *dev,
			   const struct rte_flow_item pattern[],
			   struct mlx5x_flow_rule *rule,
			   struct rte_flow_error *error);
int mlx5x_flow_actions_parse(struct rte_eth_dev *dev,
			     const struct rte_flow_attr *attr,
			     const struct rte_flow_action actions[],
			     struct mlx5x_flow_rule *rule,
			     struct rte_flow_error *error);

/* mlx5x_flow_modify.c: one header rewrite action into rule->mhdr. */
int
mlx5x_flow_modify_parse(struct rte_eth_dev *dev, struct mlx5x_flow_rule *rule,
			const struct rte_flow_action *a, const char *name,
			struct rte_flow_error *error);

/* mlx5x_flow_reformat.c: VLAN push/pop and tunnel encap/decap. */
int
mlx5x_flow_reformat_parse(struct rte_eth_dev *dev, struct mlx5x_flow_rule *rule,
			  const struct rte_flow_action *a, const char *name,
			  struct rte_flow_error *error);

/* mlx5x_flow_meta.c: metadata registers (META, TAG, carried MARK). */
#define MLX5X_FLOW_TAGS 6u     /* TAG index i is metadata_reg_c_(2 + i) */
#define MLX5X_FLOW_TAG_REG0 2u /* first reg_c of the tags */
#define MLX5X_FLOW_MARK_REG (MLX5X_ACTION_IN_FIELD_METADATA_REG_C_0 + 1)
#define MLX5X_FLOW_MARK_VALID (1u << 31)
#define MLX5X_FLOW_MARK_FLAG (1u << 30)
/* The PRM field id of the register behind META (meta) or TAG index in a
 * domain, or -ENOTSUP with why. */
int mlx5x_flow_meta_reg(uint8_t domain, bool meta, uint32_t index,
			uint16_t *field, const char **why);
/* Match a register (PRM modify-header field id) under mask. */
void mlx5x_flow_meta_match(struct mlx5x_flow_rule *rule, uint16_t field,
			   uint32_t mask, uint32_t value);
/* set_meta, set_tag into rule->mhdr. */
int
mlx5x_flow_meta_action_parse(struct rte_eth_dev *dev,
			     struct mlx5x_flow_rule *rule,
			     const struct rte_flow_action *a, const char *name,
			     struct rte_flow_error *error);
/* After the actions: the ingress top level stays the driver's, and a mark
 * or flag on an ingress rule that jumps goes to reg_c_1
 * (rule->mark_carry) instead of the flow tag. */
int
mlx5x_flow_meta_finish(struct rte_eth_dev *dev, struct mlx5x_flow_rule *rule,
		       const struct rte_flow_action actions[],
		       struct rte_flow_error *error);

/* mlx5x_flow_counter.c: DevX flow counters. */
struct mlx5x_flow_counter *mlx5x_flow_counter_alloc(struct mlx5x_dev_ctx *sh);
/* A counter alone in its DevX object (offset 0), for backends that name
 * the object only (mlx5dv_create_flow's COUNTERS_DEVX). */
struct mlx5x_flow_counter *
mlx5x_flow_counter_alloc_single(struct mlx5x_dev_ctx *sh);
void mlx5x_flow_counter_free(struct mlx5x_flow_counter *cnt);
int mlx5x_flow_counter_query(struct mlx5x_flow_counter *cnt, bool clear,
			     uint64_t *packets, uint64_t *bytes);
struct mlx5dv_devx_obj *
mlx5x_flow_counter_obj(const struct mlx5x_flow_counter *cnt, uint32_t *offset);

/* mlx5x_flow.c: the port's lifecycle and the defaults' entry points. */
extern const struct rte_flow_ops mlx5x_flow_ops;
int
mlx5x_flow_ops_get(struct rte_eth_dev *dev, const struct rte_flow_ops **ops);
int mlx5x_flow_port_init(struct rte_eth_dev *dev);
int mlx5x_flow_start(struct rte_eth_dev *dev);
void mlx5x_flow_stop(struct rte_eth_dev *dev);
void mlx5x_flow_close(struct rte_eth_dev *dev);
bool mlx5x_flow_isolated(struct rte_eth_dev *dev);
/* Default steering: add an internal rule (programmed now), drop them all. */
int mlx5x_flow_default_add(struct rte_eth_dev *dev,
			   const struct mlx5x_flow_rule *rule);
void mlx5x_flow_defaults_flush(struct rte_eth_dev *dev);
/* Replace the defaults without a gap: take the old ones aside, add the
 * new ones, then release the old ones. */
void
mlx5x_flow_defaults_take(struct rte_eth_dev *dev, struct mlx5x_flow_list *old);
void mlx5x_flow_defaults_release(struct rte_eth_dev *dev,
				 struct mlx5x_flow_list *old);
/* mlx5x_flow_fdb.c: the E-Switch side. The E-Switch port (vport) behind
 * an ethdev port of the same E-Switch as dev, or -errno with why. */
int mlx5x_flow_fdb_vport(struct rte_eth_dev *dev, uint32_t port_id,
			 uint16_t *vport, char *why, size_t why_len);
/* port_representor item: frames the application sent through ethdev
 * port_id (its Tx queues' reg_c_0 tag), or -errno with why. */
int mlx5x_flow_fdb_match_representor(struct rte_eth_dev *dev, uint32_t port_id,
				     struct mlx5x_flow_rule *rule, char *why,
				     size_t why_len);
/* port_representor action: to ethdev port_id's Rx queues (its reg_c_0 tag,
 * to the manager's NIC Rx), or -errno with why. */
int mlx5x_flow_fdb_to_representor(struct rte_eth_dev *dev, uint32_t port_id,
				  struct mlx5x_flow_rule *rule, char *why,
				  size_t why_len);
/* Representor and uplink Tx: FDB rules SQ -> tag -> vport, known by slot. */
int mlx5x_flow_fdb_sq_add(struct rte_eth_dev *dev, uint32_t sqn, uint16_t vport,
			  uint16_t *slot);
void mlx5x_flow_fdb_sq_del(struct rte_eth_dev *dev, uint16_t slot);
/* Does this port steer its FDB entries with the flow engine (DR)? */
bool mlx5x_flow_fdb_owned(struct rte_eth_dev *dev);
/* Would this port's SQ rules tag its Tx (owned, a one-run reg_c_0 tag)? */
bool mlx5x_flow_fdb_tags_tx(struct rte_eth_dev *dev);
int mlx5x_flow_fdb_attr_parse(struct rte_eth_dev *dev,
			      const struct rte_flow_attr *attr,
			      struct mlx5x_flow_rule *rule,
			      struct rte_flow_error *error);
/* mlx5x_flow.c: a driver rule outside the port's lists, programmed now. */
int
mlx5x_flow_internal_add(struct rte_eth_dev *dev,
			const struct mlx5x_flow_rule *rule,
			struct rte_flow **out, struct rte_flow_error *error);
void mlx5x_flow_internal_del(struct rte_eth_dev *dev, struct rte_flow *flow);
int mlx5x_flow_pick_transfer_proxy(struct rte_eth_dev *dev, uint16_t *proxy,
				   struct rte_flow_error *error);

/* Match the port's own frames in a device-wide table (reg_c_0). */
void mlx5x_flow_match_port(const struct mlx5x_priv *priv,
			   struct mlx5x_flow_rule *rule);
/* Set mask and value of a field over the whole field width. */
#define MLX5X_FLOW_MATCH(rule, fld, m, v)                                      \
	do {                                                                   \
		uint32_t m_ = (uint32_t)(m);                                   \
                                                                               \
		MLX5X_SET(fte_match_param, (rule)->mask, fld, m_);             \
		MLX5X_SET(fte_match_param, (rule)->value, fld, (v)&m_);        \
	} while (0)

#endif /* MLX5X_FLOW_H */
