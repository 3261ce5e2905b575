/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The mlx5x ethdev PMD: names, logging and the per-port private data shared
 * by its files.
 */
#ifndef MLX5X_H
#define MLX5X_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include <rte_ethdev.h>
#include <rte_ether.h>

#include "mlx5x_common.h"
#include "mlx5x_dev.h"
#include "mlx5x_devargs.h"

/* PCI driver name, as rte_eth_dev_info.driver_name reports it; the PMD's
 * exported name (dpdk-pmdinfo.py) is net_mlx5x. */
#define MLX5X_PCI_DRIVER_NAME "mlx5x_pci"

extern int mlx5x_logtype_net;

#define MLX5X_NET_LOG(level, fmt, ...)                                         \
	MLX5X_LOG(mlx5x_logtype_net, level, fmt, ##__VA_ARGS__)

/* Unicast MAC addresses a port filters on (PRM: NIC vport context
 * current_uc_mac_address list; log_max_current_uc_list is at least 4). */
#define MLX5X_MAC_MAX 16
#define MLX5X_QUEUES_MAX 64
#define MLX5X_RSS_KEY_LEN 40
#define MLX5X_RETA_SIZE 512
/* Largest MTU a ConnectX port takes (the kernel's mlx5 max_mtu). */
#define MLX5X_MTU_MAX 9978
#define MLX5X_DESC_MIN 32
#define MLX5X_TX_SEGS_MAX 32
#define MLX5X_RX_SEGS_MAX 8

#define MLX5X_RSS_HF_ALL                                                       \
	(RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_TCP |                     \
	 RTE_ETH_RSS_NONFRAG_IPV4_UDP | RTE_ETH_RSS_IPV6 |                     \
	 RTE_ETH_RSS_NONFRAG_IPV6_TCP | RTE_ETH_RSS_NONFRAG_IPV6_UDP)
/* RSS types accepted and what they are hashed as: the other IPv4/IPv6
 * kinds (fragments, other protocols, IPv6 with extension headers) by
 * their addresses like IPV4/IPV6, the *_EX L4 kinds like their plain
 * ones (extension-header addresses are not used). Applications ask for
 * RTE_ETH_RSS_IP (dpdk-test-flow-perf does). */
#define MLX5X_RSS_HF_IPV4_ANY                                                  \
	(RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_FRAG_IPV4 |                            \
	 RTE_ETH_RSS_NONFRAG_IPV4_OTHER)
#define MLX5X_RSS_HF_IPV6_ANY                                                  \
	(RTE_ETH_RSS_IPV6 | RTE_ETH_RSS_FRAG_IPV6 |                            \
	 RTE_ETH_RSS_NONFRAG_IPV6_OTHER | RTE_ETH_RSS_IPV6_EX)
#define MLX5X_RSS_HF_ACCEPTED                                                  \
	(MLX5X_RSS_HF_ALL | MLX5X_RSS_HF_IPV4_ANY | MLX5X_RSS_HF_IPV6_ANY |    \
	 RTE_ETH_RSS_IPV6_TCP_EX | RTE_ETH_RSS_IPV6_UDP_EX)

struct mlx5x_steer;
struct mlx5x_flow_port;
struct mlx5x_queue_ops;
struct mlx5x_steer_ops;

/* Role of an IB port, from its netdev's phys_port_name. */
enum mlx5x_port_role {
	MLX5X_PORT_ROLE_PLAIN,	/* legacy PF, VF: no E-Switch name */
	MLX5X_PORT_ROLE_UPLINK, /* "p<N>" */
	MLX5X_PORT_ROLE_VF_REP, /* "pf<P>vf<K>" */
	MLX5X_PORT_ROLE_PF_REP, /* "pf<P>" (host PF seen from a BlueField) */
};

/* Per-port private data (ethdev dev_private). */
struct mlx5x_priv {
	struct mlx5x_dev_ctx *sh;
	struct rte_eth_dev_data *data;
	uint32_t ib_port;
	enum mlx5x_port_role role;
	uint16_t vport;		 /* E-Switch vport, MLX5X_VPORT_UPLINK for p0 */
	uint16_t representor_id; /* VF index, UINT16_MAX when not a rep */
	bool switchdev;
	uint16_t domain_id;
	/* reg_c_0 tag the E-Switch puts on frames from this port's vport
	 * (mlx5dv_query_port); without it the port cannot tell its frames
	 * from its siblings' in the shared NIC Rx. */
	bool has_reg_c0;
	uint32_t reg_c0_value;
	uint32_t reg_c0_mask;
	char ifname[IF_NAMESIZE];
	struct mlx5x_devargs config;
	/* Backends chosen at spawn from the device context (DevX or Verbs). */
	const struct mlx5x_queue_ops *qops;
	const struct mlx5x_steer_ops *steer_ops;
	/* Control state, applied to the device at start. */
	bool started;
	/* Link polling alarm (mlx5x_ethdev.c): lsc_stop, set by stop, keeps
	 * a running callback from re-arming; lsc_busy counts callbacks
	 * inside the driver, which stop waits out before it cancels. */
	uint32_t lsc_stop;
	uint32_t lsc_busy;
	uint32_t mtu;
	uint8_t rss_key[MLX5X_RSS_KEY_LEN];
	uint64_t rss_hf;
	uint16_t reta[MLX5X_RETA_SIZE];
	uint16_t reta_size;
	bool promisc;
	bool allmulti;
	struct mlx5x_steer *steer; /* default NIC Rx steering while started */
	struct mlx5x_flow_port *flow; /* rte_flow rules (flow/) */
	void *steer_verbs;	      /* the same, Verbs backend */
	struct mlx5dv_devx_obj *tis;  /* every SQ's TIS while started */
	uint32_t tisn;
	/* Device counters at the last reset (QUERY_VPORT_COUNTER). */
	struct mlx5x_vport_counters vport_base;
	/* The Q counter set every DevX RQ of the port counts into (imissed:
	 * its out_of_buffer), made with the first RQ; q_counter_id 0 when
	 * the adapter gave none. imissed_acc holds what RQs destroyed since
	 * the last reset had counted (the set was cleared then). */
	struct mlx5dv_devx_obj *q_counter;
	uint32_t q_counter_id;
	bool q_counter_tried;
	uint64_t imissed_acc;
};

#define MLX5X_PRIV(dev) ((struct mlx5x_priv *)(dev)->data->dev_private)

struct rte_eth_dev;
struct rte_eth_dev_info;
struct rte_eth_rxconf;
struct rte_eth_txconf;
struct rte_eth_stats;
struct rte_eth_xstat;
struct rte_eth_xstat_name;
struct rte_eth_rss_conf;
struct rte_eth_rss_reta_entry64;
struct rte_eth_burst_mode;
struct rte_mempool;
struct rte_eth_rxq_info;
struct rte_eth_txq_info;

extern const uint8_t mlx5x_rss_key_default[MLX5X_RSS_KEY_LEN];

/* mlx5x_ethdev.c */
extern const struct eth_dev_ops mlx5x_dev_ops;
int mlx5x_dev_close(struct rte_eth_dev *dev);
uint64_t mlx5x_rx_offloads(const struct mlx5x_priv *priv);
uint64_t mlx5x_tx_offloads(const struct mlx5x_priv *priv);
uint16_t mlx5x_queue_desc_max(const struct mlx5x_priv *priv);

/* mlx5x_rxq.c, mlx5x_txq.c: queue objects */
int mlx5x_rx_queue_setup(struct rte_eth_dev *dev, uint16_t idx, uint16_t desc,
			 unsigned int socket, const struct rte_eth_rxconf *conf,
			 struct rte_mempool *mp);
void mlx5x_rx_queue_release(struct rte_eth_dev *dev, uint16_t idx);
int
mlx5x_tx_queue_setup(struct rte_eth_dev *dev, uint16_t idx, uint16_t desc,
		     unsigned int socket, const struct rte_eth_txconf *conf);
void mlx5x_tx_queue_release(struct rte_eth_dev *dev, uint16_t idx);
int mlx5x_rx_queue_start(struct rte_eth_dev *dev, uint16_t idx);
int mlx5x_rx_queue_stop(struct rte_eth_dev *dev, uint16_t idx);
int mlx5x_tx_queue_start(struct rte_eth_dev *dev, uint16_t idx);
int mlx5x_tx_queue_stop(struct rte_eth_dev *dev, uint16_t idx);
int mlx5x_tx_done_cleanup(void *txq, uint32_t free_cnt);
void mlx5x_rxq_info_get(struct rte_eth_dev *dev, uint16_t idx,
			struct rte_eth_rxq_info *info);
void mlx5x_txq_info_get(struct rte_eth_dev *dev, uint16_t idx,
			struct rte_eth_txq_info *info);
int mlx5x_queues_start(struct rte_eth_dev *dev);
void mlx5x_queues_stop(struct rte_eth_dev *dev);
int mlx5x_rx_burst_mode_get(struct rte_eth_dev *dev, uint16_t idx,
			    struct rte_eth_burst_mode *mode);
int mlx5x_tx_burst_mode_get(struct rte_eth_dev *dev, uint16_t idx,
			    struct rte_eth_burst_mode *mode);
const uint32_t *mlx5x_ptypes_get(struct rte_eth_dev *dev);
void mlx5x_burst_select(struct rte_eth_dev *dev);

/* Default steering backends: DevX flow tables (mlx5x_steer.c) or Verbs
 * flows (mlx5x_steer_verbs.c). start builds the port's RSS and MAC filter,
 * stop removes it, refresh re-applies MACs/promiscuous/allmulticast. */
struct mlx5x_steer_ops {
	int (*start)(struct rte_eth_dev *dev);
	void (*stop)(struct rte_eth_dev *dev);
	int (*refresh)(struct rte_eth_dev *dev);
};

extern const struct mlx5x_steer_ops mlx5x_steer_devx_ops;
extern const struct mlx5x_steer_ops mlx5x_steer_verbs_ops;

/* mlx5x_steer.c: default NIC Rx steering and RSS */
int mlx5x_steer_start(struct rte_eth_dev *dev);
void mlx5x_steer_stop(struct rte_eth_dev *dev);
int mlx5x_steer_refresh(struct rte_eth_dev *dev);
int
mlx5x_rss_hash_update(struct rte_eth_dev *dev, struct rte_eth_rss_conf *conf);
int
mlx5x_rss_hash_conf_get(struct rte_eth_dev *dev, struct rte_eth_rss_conf *conf);
int mlx5x_reta_update(struct rte_eth_dev *dev,
		      struct rte_eth_rss_reta_entry64 *conf, uint16_t size);
int mlx5x_reta_query(struct rte_eth_dev *dev,
		     struct rte_eth_rss_reta_entry64 *conf, uint16_t size);

/* mlx5x_steer_root.c: the device-wide FDB root shared by the ports */
bool mlx5x_fdb_sq_needed(struct mlx5x_priv *priv);
int mlx5x_fdb_sq_attach(struct mlx5x_priv *priv, uint32_t sqn, uint16_t *slot);
void mlx5x_fdb_sq_detach(struct mlx5x_priv *priv, uint16_t slot);

/* mlx5x_mac.c: MAC addresses, promiscuous, allmulticast, MTU */
int mlx5x_promiscuous_enable(struct rte_eth_dev *dev);
int mlx5x_promiscuous_disable(struct rte_eth_dev *dev);
int mlx5x_allmulticast_enable(struct rte_eth_dev *dev);
int mlx5x_allmulticast_disable(struct rte_eth_dev *dev);
int mlx5x_mac_addr_set(struct rte_eth_dev *dev, struct rte_ether_addr *mac);
int mlx5x_mac_addr_add(struct rte_eth_dev *dev, struct rte_ether_addr *mac,
		       uint32_t index, uint32_t vmdq);
void mlx5x_mac_addr_remove(struct rte_eth_dev *dev, uint32_t index);
int mlx5x_mtu_set(struct rte_eth_dev *dev, uint16_t mtu);

/* mlx5x_stats.c */
int mlx5x_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *stats);
int mlx5x_stats_reset(struct rte_eth_dev *dev);
int mlx5x_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xstats,
		     unsigned int n);
int mlx5x_xstats_get_names(struct rte_eth_dev *dev,
			   struct rte_eth_xstat_name *names, unsigned int n);
int mlx5x_xstats_reset(struct rte_eth_dev *dev);
/* The port's Q counter set for a new RQ (made on first use; 0: none, the
 * RQ counts into the global set and imissed stays 0), what it counted
 * kept before an RQ goes, and the set freed at close (mlx5x_stats.c). */
uint32_t mlx5x_stats_q_counter(struct mlx5x_priv *priv);
void mlx5x_stats_q_counter_fold(struct mlx5x_priv *priv);
void mlx5x_stats_q_counter_free(struct mlx5x_priv *priv);

#endif /* MLX5X_H */
