/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IB device discovery: which rdma-core device stands behind a PCI address.
 */
#ifndef MLX5X_DEV_H
#define MLX5X_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_pci.h>

#include "mlx5x_devx.h"
#include "mlx5x_glue.h"
#include "mlx5x_mr.h"

/*
 * Find the IB device whose PCI function is addr. On success returns the
 * device list (free it with glue->free_device_list) and points *dev at the
 * match. On failure returns NULL, sets rte_errno and writes a sentence for
 * the user into why[]: rdma-core missing, no RDMA device at all, or none at
 * this address (with what was seen instead).
 */
struct ibv_device **
mlx5x_dev_find_ibdev(const struct rte_pci_addr *addr, struct ibv_device **dev,
		     char *why, size_t why_len);

/*
 * Shared device context: one per IB device, whatever number of ports
 * (PF/uplink, representors) are spawned on it. Reference counted by every
 * port; the last mlx5x_dev_ctx_put() closes the device.
 */
struct mlx5x_steer_root;

struct mlx5x_dev_ctx {
	struct mlx5x_dev_ctx *next; /* list of open devices */
	unsigned int refcnt;
	char ibdev_name[64];
	char ibdev_path[256];
	struct ibv_context *ctx;
	/* Opened with DevX; false: plain Verbs (kernel or rdma-core without
	 * DevX), the queues and steering take their Verbs backend. */
	bool devx;
	struct ibv_pd *pd;
	uint32_t pdn;
	struct mlx5dv_devx_obj *td; /* transport domain of every TIR/TIS (DevX) */
	uint32_t tdn;
	char fw_ver[64];
	struct mlx5dv_devx_uar *uar; /* DevX only: Verbs queues bring theirs */
	uint8_t nb_ib_ports;
	uint32_t eqn; /* completion EQ of every CQ */
	struct mlx5x_hca_caps caps;
	struct mlx5x_mr_cache mr;
	/* Owned by the ethdev layer: the device-wide steering roots (NIC Rx
	 * dispatch by source vport, FDB) and the switch domain. */
	struct mlx5x_steer_root *nic_root;
	struct mlx5x_steer_root *fdb_root;
	uint16_t switch_domain;
	bool has_switch_domain;
	/* Owned by the flow engine: DR domains, tables, matchers, TIRs and
	 * counter bulks its ports share; freed with their last user. */
	void *flow;
	void *flow_counters;
};

/*
 * Get the shared context of ibdev, opening the device on first use: with
 * DevX, or with plain Verbs when the kernel refuses DevX (one log line says
 * which and why). NULL with rte_errno set and a sentence in why[] on
 * failure.
 */
struct mlx5x_dev_ctx *
mlx5x_dev_ctx_get(struct ibv_device *ibdev, char *why, size_t why_len);

/* Drop one reference; the last one frees everything in reverse order. */
void mlx5x_dev_ctx_put(struct mlx5x_dev_ctx *sh);

#endif /* MLX5X_DEV_H */
