/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Rx and Tx queue structures: the fields the burst functions touch first,
 * together at the top; control-path fields after.
 */
#ifndef MLX5X_RXTX_H
#define MLX5X_RXTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <infiniband/mlx5dv.h>
#include <rte_mbuf.h>

#include "mlx5x.h"
#include "mlx5x_devx.h"
#include "mlx5x_mr.h"
#include "mlx5x_verbs.h"

struct mlx5x_rxq_stats {
	uint64_t packets;
	uint64_t bytes;
	uint64_t nombuf;     /* no mbuf to re-post: packet dropped */
	uint64_t errors;     /* error CQEs */
	uint64_t recoveries; /* RQ brought back from ERR */
};

struct mlx5x_rxq {
	/* Hot: the burst loop. */
	volatile struct mlx5_cqe64 *cqes;
	volatile uint32_t *cq_db;
	volatile struct mlx5_wqe_data_seg *wqes;
	volatile uint32_t *rq_db;
	struct rte_mbuf **elts;
	struct rte_mempool *mp;
	uint32_t cq_ci;
	uint32_t rq_ci;
	uint16_t cqe_mask;
	uint16_t wqe_mask;
	uint8_t log_cqe_n;
	uint8_t log_sges;    /* mbufs per WQE (Rx scatter), log2 */
	bool needs_recovery; /* a responder error CQE put the RQ in ERR */
	bool vlan_strip;
	bool csum;
	uint16_t port_id;
	uint32_t buf_len;
	const struct mlx5x_mr_cache *mr;
	unsigned int mr_last;
	struct mlx5x_rxq_stats stats;
	/* Control. */
	struct mlx5x_priv *priv;
	uint16_t idx;
	uint16_t desc; /* mbufs posted: WQEs << log_sges */
	int socket;
	uint64_t offloads;
	bool started;		   /* device objects exist */
	bool paused;		   /* RQ in RST by rx_queue_stop */
	struct mlx5x_devx_ring cq; /* DevX objects; Verbs: ids only */
	struct mlx5x_devx_ring rq;
	struct mlx5x_verbs_cq vcq; /* Verbs objects */
	struct ibv_wq *wq;
};

struct mlx5x_txq_stats {
	uint64_t packets;
	uint64_t bytes;
	uint64_t errors;  /* error CQEs */
	uint64_t no_lkey; /* mbuf memory not registered: dropped */
	uint64_t too_many_segs;
	uint64_t recoveries; /* SQ brought back from ERR */
	uint64_t bad_tso;    /* TSO request without usable headers/MSS */
};

/* What a completion on WQE w releases: elts up to elts_head, WQEBBs up to
 * wqe_next (both as they were after posting w). */
struct mlx5x_txq_comp {
	uint16_t elts_head;
	uint16_t wqe_next;
};

struct mlx5x_txq {
	/* Hot: the burst loop. */
	volatile uint8_t *wqes;
	volatile uint32_t *sq_db;
	volatile uint64_t *bf_reg;
	volatile struct mlx5_cqe64 *cqes;
	volatile uint32_t *cq_db;
	struct rte_mbuf **elts;
	struct mlx5x_txq_comp *comp;
	const struct mlx5x_mr_cache *mr;
	unsigned int mr_last;
	uint32_t qpn_ds; /* sqn << 8 */
	uint32_t cq_ci;
	uint16_t wqe_ci;    /* next WQEBB to write */
	uint16_t wqe_pi;    /* first WQEBB not yet completed */
	uint16_t elts_head; /* next mbuf slot */
	uint16_t elts_tail; /* first mbuf not yet completed */
	uint16_t wqe_mask;
	uint16_t elts_mask;
	uint16_t cqe_mask;
	uint8_t log_cqe_n;
	bool needs_recovery; /* an error CQE put the SQ in ERR */
	uint16_t inline_min; /* header bytes every WQE must carry inline */
	struct mlx5x_txq_stats stats;
	/* Control. */
	struct mlx5x_priv *priv;
	uint16_t idx;
	uint16_t desc;
	int socket;
	uint64_t offloads;
	uint32_t max_lso;	   /* bytes, 0 when the device has no LSO */
	bool started;		   /* device objects exist */
	bool paused;		   /* SQ in RST by tx_queue_stop */
	struct mlx5x_devx_ring cq; /* DevX objects; Verbs: ids only */
	struct mlx5x_devx_ring sq;
	struct mlx5x_verbs_cq vcq; /* Verbs objects */
	struct ibv_qp *qp;
	bool fdb; /* representor: FDB entry SQ -> VF vport */
	uint16_t fdb_slot;
};

/* The burst loops' fields stay in the first cache lines (Rx two, Tx three
 * with its counters): an addition that pushes them out fails the build. */
_Static_assert(offsetof(struct mlx5x_rxq, priv) <= 2 * RTE_CACHE_LINE_SIZE,
	       "Rx hot fields beyond two cache lines");
_Static_assert(offsetof(struct mlx5x_txq, priv) <= 3 * RTE_CACHE_LINE_SIZE,
	       "Tx hot fields beyond three cache lines");

/*
 * The device objects behind the queues, chosen once per port from the
 * device context: DevX (mlx5x_rxq.c, mlx5x_txq.c) or Verbs
 * (mlx5x_rxq_verbs.c, mlx5x_txq_verbs.c). Both leave the same rings to the
 * same bursts. States are PRM queue states (MLX5X_QUEUE_STATE_*); quiet
 * modifies log nothing (recovery from the bursts).
 */
struct mlx5x_queue_ops {
	const char *name;
	/* Port start/stop: what every Tx queue of the port shares (TIS). */
	int (*tx_shared_create)(struct mlx5x_priv *priv);
	void (*tx_shared_destroy)(struct mlx5x_priv *priv);
	/* CQ and RQ in RST with 2^log_n WQEs; set rq.id, cq.id and the hot
	 * ring pointers cqes, cq_db, wqes, rq_db, log_cqe_n, cqe_mask. */
	int (*rxq_create)(struct mlx5x_rxq *rxq, uint8_t log_n);
	int (*rxq_modify)(struct mlx5x_rxq *rxq, uint32_t from, uint32_t to,
			  bool quiet);
	void (*rxq_destroy)(struct mlx5x_rxq *rxq);
	/* CQ and SQ in RST with 2^log_n WQEBBs; set sq.id, cq.id and the
	 * hot pointers wqes, sq_db, bf_reg, cqes, cq_db, log_cqe_n,
	 * cqe_mask, qpn_ds. */
	int (*txq_create)(struct mlx5x_txq *txq, uint8_t log_n);
	int (*txq_modify)(struct mlx5x_txq *txq, uint32_t from, uint32_t to,
			  bool quiet);
	void (*txq_destroy)(struct mlx5x_txq *txq);
};

extern const struct mlx5x_queue_ops mlx5x_queue_devx_ops;
extern const struct mlx5x_queue_ops mlx5x_queue_verbs_ops;

/* mlx5x_rxq.c, mlx5x_txq.c: the DevX backend */
int mlx5x_tx_shared_devx_create(struct mlx5x_priv *priv);
void mlx5x_tx_shared_devx_destroy(struct mlx5x_priv *priv);
int mlx5x_rxq_devx_create(struct mlx5x_rxq *rxq, uint8_t log_n);
int mlx5x_rxq_devx_modify(struct mlx5x_rxq *rxq, uint32_t from, uint32_t to,
			  bool quiet);
void mlx5x_rxq_devx_destroy(struct mlx5x_rxq *rxq);
int mlx5x_txq_devx_create(struct mlx5x_txq *txq, uint8_t log_n);
int mlx5x_txq_devx_modify(struct mlx5x_txq *txq, uint32_t from, uint32_t to,
			  bool quiet);
void mlx5x_txq_devx_destroy(struct mlx5x_txq *txq);

/* mlx5x_rxq_verbs.c, mlx5x_txq_verbs.c: the Verbs backend */
int mlx5x_rxq_verbs_create(struct mlx5x_rxq *rxq, uint8_t log_n);
int mlx5x_rxq_verbs_modify(struct mlx5x_rxq *rxq, uint32_t from, uint32_t to,
			   bool quiet);
void mlx5x_rxq_verbs_destroy(struct mlx5x_rxq *rxq);
int mlx5x_txq_verbs_create(struct mlx5x_txq *txq, uint8_t log_n);
int mlx5x_txq_verbs_modify(struct mlx5x_txq *txq, uint32_t from, uint32_t to,
			   bool quiet);
void mlx5x_txq_verbs_destroy(struct mlx5x_txq *txq);

uint16_t mlx5x_rx_burst(void *rxq, struct rte_mbuf **pkts, uint16_t n);
uint16_t mlx5x_tx_burst(void *txq, struct rte_mbuf **pkts, uint16_t n);
uint16_t mlx5x_tx_prepare(void *txq, struct rte_mbuf **pkts, uint16_t n);
int mlx5x_rx_descriptor_status(void *rxq, uint16_t offset);
int mlx5x_tx_descriptor_status(void *txq, uint16_t offset);
uint32_t mlx5x_rx_queue_count(void *rxq);

/* A responder error CQE put the RQ in ERR: consume what completed and
 * bring it back through RST to RDY with its buffers posted again (they
 * never left the ring). No log; 0 or -EIO. */
int mlx5x_rxq_recover(struct mlx5x_rxq *rxq);

/* An error CQE put the SQ in ERR: drop what was in flight and bring it
 * back through RST to RDY (PRM state machine). No log; 0 or -EIO. */
int mlx5x_txq_recover(struct mlx5x_txq *txq);

/* Free every mbuf whose completion arrived; 0 when none is in flight. */
unsigned int mlx5x_tx_reclaim(struct mlx5x_txq *txq);

int mlx5x_rxq_start(struct mlx5x_rxq *rxq);
void mlx5x_rxq_stop(struct mlx5x_rxq *rxq);
int mlx5x_txq_start(struct mlx5x_txq *txq);
void mlx5x_txq_stop(struct mlx5x_txq *txq);

#endif /* MLX5X_RXTX_H */
