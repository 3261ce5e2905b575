/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Verbs capabilities and completion queues (see mlx5x_verbs.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>

#include "mlx5x_common.h"
#include "mlx5x_prm.h"
#include "mlx5x_verbs.h"

static uint8_t
verbs_log2(uint32_t v)
{
	uint8_t l = 0;

	while (v > 1) {
		v >>= 1;
		l++;
	}
	return l;
}

int
mlx5x_verbs_query_caps(struct ibv_context *ctx, struct mlx5x_hca_caps *c,
		       char *why, size_t why_len)
{
	struct ibv_device_attr_ex attr;
	int ret;

	memset(c, 0, sizeof(*c));
	memset(&attr, 0, sizeof(attr));
	ret = mlx5x_glue_ctx_query_device_ex(ctx, &attr);
	if (ret != 0) {
		snprintf(why, why_len, "ibv_query_device_ex failed: %s",
			 strerror(ret));
		return -ret;
	}
	c->eth_port = true;
	c->num_ports = attr.orig_attr.phys_port_cnt;
	c->cqe_version = 1;
	c->log_max_cq_sz = verbs_log2((uint32_t)attr.orig_attr.max_cqe + 1);
	c->log_max_wq_sz = verbs_log2((uint32_t)attr.orig_attr.max_qp_wr);
	c->log_max_rqt_size =
		verbs_log2(attr.rss_caps.max_rwq_indirection_table_size);
	c->eth_net_offloads = true;
	c->csum_cap = !!(attr.raw_packet_caps & IBV_RAW_PACKET_CAP_IP_CSUM);
	c->vlan_cap =
		!!(attr.raw_packet_caps & IBV_RAW_PACKET_CAP_CVLAN_STRIPPING);
	c->scatter_fcs =
		!!(attr.raw_packet_caps & IBV_RAW_PACKET_CAP_SCATTER_FCS);
	c->max_lso_cap = attr.tso_caps.max_tso != 0
				 ? verbs_log2(attr.tso_caps.max_tso)
				 : 0;
	c->rss_ind_tbl_cap = c->log_max_rqt_size;
	/* Verbs does not say which inline mode the vport demands: L2
	 * headers inline is what every ConnectX accepts. */
	c->wqe_inline_mode = MLX5X_CAP_INLINE_MODE_L2;
	/* Vport counters, NIC flow tables, E-Switch: DevX commands only. */
	return 0;
}

int
mlx5x_verbs_cq_create(struct ibv_context *ctx, uint8_t log_n,
		      struct mlx5x_verbs_cq *cq)
{
	struct mlx5dv_cq dv_cq;
	struct mlx5dv_obj obj;
	int ret;

	memset(cq, 0, sizeof(*cq));
	/* rdma-core mlx5 rounds cqe + 1 up to a power of two. */
	cq->cq = mlx5x_glue->create_cq(ctx, (int)(1u << log_n) - 1, NULL, NULL,
				       0);
	if (cq->cq == NULL) {
		ret = errno ? errno : ENOMEM;
		MLX5X_COMMON_LOG(ERR, "ibv_create_cq of %u CQEs failed: %s",
				 1u << log_n, strerror(ret));
		return -ret;
	}
	memset(&obj, 0, sizeof(obj));
	obj.cq.in = cq->cq;
	obj.cq.out = &dv_cq;
	ret = mlx5x_glue->dv_init_obj(&obj, MLX5DV_OBJ_CQ);
	if (ret != 0) {
		MLX5X_COMMON_LOG(ERR, "mlx5dv_init_obj(CQ) failed: %s",
				 strerror(ret));
		goto err_destroy_cq;
	}
	if (dv_cq.cqe_size != sizeof(struct mlx5_cqe64) ||
	    !rte_is_power_of_2(dv_cq.cqe_cnt) ||
	    dv_cq.cqe_cnt < (1u << log_n)) {
		MLX5X_COMMON_LOG(ERR,
				 "Verbs CQ 0x%x: %u CQEs of %u bytes, expected at least %u of 64",
				 dv_cq.cqn, dv_cq.cqe_cnt, dv_cq.cqe_size,
				 1u << log_n);
		ret = EINVAL;
		goto err_destroy_cq;
	}
	cq->cqes = dv_cq.buf;
	cq->dbrec = dv_cq.dbrec;
	cq->cqn = dv_cq.cqn;
	cq->log_n = verbs_log2(dv_cq.cqe_cnt);
	return 0;

err_destroy_cq:
	mlx5x_glue->destroy_cq(cq->cq);
	cq->cq = NULL;
	return -ret;
}

void
mlx5x_verbs_cq_destroy(struct mlx5x_verbs_cq *cq, const char *what)
{
	int ret;

	if (cq->cq == NULL)
		return;
	ret = mlx5x_glue->destroy_cq(cq->cq);
	if (ret != 0)
		MLX5X_COMMON_LOG(WARNING, "%s 0x%x: ibv_destroy_cq failed: %s",
				 what, cq->cqn, strerror(ret));
	memset(cq, 0, sizeof(*cq));
}
