/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Rx queue objects through Verbs, for a kernel without DevX: a CQ
 * (ibv_create_cq) and a receive WQ (ibv_create_wq, IBV_WQT_RQ) whose rings
 * and doorbell records mlx5dv_init_obj hands to the same Rx burst. The WQ
 * states are the PRM RQ states: RESET is RST, RDY is RDY, ERR is ERR.
 */
#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>

#include "mlx5x.h"
#include "mlx5x_prm.h"
#include "mlx5x_rxtx.h"

static enum ibv_wq_state
rxq_verbs_state(uint32_t prm_state)
{
	switch (prm_state) {
	case MLX5X_QUEUE_STATE_RDY:
		return IBV_WQS_RDY;
	case MLX5X_QUEUE_STATE_ERR:
		return IBV_WQS_ERR;
	default:
		return IBV_WQS_RESET;
	}
}

int
mlx5x_rxq_verbs_create(struct mlx5x_rxq *rxq, uint8_t log_n)
{
	struct mlx5x_dev_ctx *sh = rxq->priv->sh;
	struct ibv_wq_init_attr wq_attr = {
		.wq_type = IBV_WQT_RQ,
		.max_wr = 1u << log_n,
		.max_sge = 1u << rxq->log_sges,
		.pd = sh->pd,
	};
	struct mlx5dv_rwq dv_rwq;
	struct mlx5dv_obj obj;
	int ret;

	ret = mlx5x_verbs_cq_create(sh->ctx, log_n, &rxq->vcq);
	if (ret < 0) {
		MLX5X_NET_LOG(ERR,
			      "port %u Rx queue %u: cannot create its Verbs CQ",
			      rxq->port_id, rxq->idx);
		return ret;
	}
	wq_attr.cq = rxq->vcq.cq;
	if (rxq->vlan_strip) {
		wq_attr.comp_mask |= IBV_WQ_INIT_ATTR_FLAGS;
		wq_attr.create_flags |= IBV_WQ_FLAGS_CVLAN_STRIPPING;
	}
	rxq->wq = mlx5x_glue_ctx_create_wq(sh->ctx, &wq_attr);
	if (rxq->wq == NULL) {
		ret = -(errno ? errno : ENOMEM);
		MLX5X_NET_LOG(ERR,
			      "port %u Rx queue %u: ibv_create_wq of %u WQEs failed: %s",
			      rxq->port_id, rxq->idx, 1u << log_n,
			      strerror(-ret));
		goto err_destroy_cq;
	}
	memset(&obj, 0, sizeof(obj));
	obj.rwq.in = rxq->wq;
	obj.rwq.out = &dv_rwq;
	ret = -mlx5x_glue->dv_init_obj(&obj, MLX5DV_OBJ_RWQ);
	if (ret < 0) {
		MLX5X_NET_LOG(ERR,
			      "port %u Rx queue %u: mlx5dv_init_obj(RWQ) failed: %s",
			      rxq->port_id, rxq->idx, strerror(-ret));
		goto err_destroy_wq;
	}
	/* The burst writes 2^log_sges data segments of 16 bytes per WQE. */
	if (dv_rwq.wqe_cnt != (1u << log_n) ||
	    dv_rwq.stride !=
		    (sizeof(struct mlx5_wqe_data_seg) << rxq->log_sges)) {
		MLX5X_NET_LOG(ERR,
			      "port %u Rx queue %u: WQ has %u WQEs of %u bytes, expected %u of %zu",
			      rxq->port_id, rxq->idx, dv_rwq.wqe_cnt,
			      dv_rwq.stride, 1u << log_n,
			      sizeof(struct mlx5_wqe_data_seg)
				      << rxq->log_sges);
		ret = -EINVAL;
		goto err_destroy_wq;
	}
	rxq->cq.id = rxq->vcq.cqn;
	rxq->rq.id = rxq->wq->wq_num;
	rxq->cqes = rxq->vcq.cqes;
	rxq->cq_db = rxq->vcq.dbrec;
	rxq->log_cqe_n = rxq->vcq.log_n;
	rxq->cqe_mask = (uint16_t)((1u << rxq->vcq.log_n) - 1);
	rxq->wqes = dv_rwq.buf;
	rxq->rq_db = dv_rwq.dbrec;
	return 0;

err_destroy_wq:
	mlx5x_glue_ctx_destroy_wq(rxq->wq);
	rxq->wq = NULL;
err_destroy_cq:
	mlx5x_verbs_cq_destroy(&rxq->vcq, "Rx CQ");
	return ret;
}

int
mlx5x_rxq_verbs_modify(struct mlx5x_rxq *rxq, uint32_t from, uint32_t to,
		       bool quiet)
{
	struct ibv_wq_attr attr = {
		.attr_mask = IBV_WQ_ATTR_STATE | IBV_WQ_ATTR_CURR_STATE,
		.wq_state = rxq_verbs_state(to),
		.curr_wq_state = rxq_verbs_state(from),
	};
	int ret;

	ret = mlx5x_glue_ctx_modify_wq(rxq->wq, &attr);
	if (ret != 0 && !quiet)
		MLX5X_NET_LOG(ERR,
			      "port %u Rx queue %u: ibv_modify_wq 0x%x %u->%u failed: %s",
			      rxq->port_id, rxq->idx, rxq->rq.id, from, to,
			      strerror(ret));
	return -ret;
}

void
mlx5x_rxq_verbs_destroy(struct mlx5x_rxq *rxq)
{
	int ret;

	if (rxq->wq != NULL) {
		ret = mlx5x_glue_ctx_destroy_wq(rxq->wq);
		if (ret != 0)
			MLX5X_NET_LOG(WARNING,
				      "port %u Rx queue %u: ibv_destroy_wq 0x%x failed: %s",
				      rxq->port_id, rxq->idx, rxq->rq.id,
				      strerror(ret));
		rxq->wq = NULL;
	}
	mlx5x_verbs_cq_destroy(&rxq->vcq, "Rx CQ");
}
