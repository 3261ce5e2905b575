/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tx queue objects through Verbs, for a kernel without DevX: a CQ and a
 * send-only raw packet QP (the kernel's mlx5_ib makes it a TIS and an SQ).
 * mlx5dv_init_obj gives the SQ ring, doorbell record and BlueFlame
 * register to the same Tx burst. The QP's states map on the PRM SQ states:
 * RESET, INIT and RTR are RST, RTS is RDY, ERR is ERR.
 */
#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>

#include "mlx5x.h"
#include "mlx5x_prm.h"
#include "mlx5x_rxtx.h"

int
mlx5x_txq_verbs_create(struct mlx5x_txq *txq, uint8_t log_n)
{
	struct mlx5x_priv *priv = txq->priv;
	struct mlx5x_dev_ctx *sh = priv->sh;
	struct ibv_qp_init_attr_ex qp_attr = {
		.qp_type = IBV_QPT_RAW_PACKET,
		.cap = {
			/* One WQEBB per packet: control, Ethernet and one
			 * data segment (rdma-core sizes the ring on it). */
			.max_send_wr = 1u << log_n,
			.max_send_sge = 1,
		},
		.comp_mask = IBV_QP_INIT_ATTR_PD,
		.pd = sh->pd,
		.sq_sig_all = 0,
	};
	struct mlx5dv_qp dv_qp;
	struct mlx5dv_obj obj;
	uint16_t port_id = priv->data->port_id;
	int ret;

	ret = mlx5x_verbs_cq_create(sh->ctx, log_n, &txq->vcq);
	if (ret < 0) {
		MLX5X_NET_LOG(ERR,
			      "port %u Tx queue %u: cannot create its Verbs CQ",
			      port_id, txq->idx);
		return ret;
	}
	qp_attr.send_cq = txq->vcq.cq;
	qp_attr.recv_cq = txq->vcq.cq;
	txq->qp = mlx5x_glue_ctx_create_qp_ex(sh->ctx, &qp_attr);
	if (txq->qp == NULL) {
		ret = -(errno ? errno : ENOMEM);
		MLX5X_NET_LOG(ERR,
			      "port %u Tx queue %u: ibv_create_qp_ex (raw packet, %u WRs) failed: %s",
			      port_id, txq->idx, 1u << log_n, strerror(-ret));
		goto err_destroy_cq;
	}
	memset(&obj, 0, sizeof(obj));
	memset(&dv_qp, 0, sizeof(dv_qp));
	obj.qp.in = txq->qp;
	obj.qp.out = &dv_qp;
	ret = -mlx5x_glue->dv_init_obj(&obj, MLX5DV_OBJ_QP);
	if (ret < 0) {
		MLX5X_NET_LOG(ERR,
			      "port %u Tx queue %u: mlx5dv_init_obj(QP) failed: %s",
			      port_id, txq->idx, strerror(-ret));
		goto err_destroy_qp;
	}
	if (dv_qp.sq.wqe_cnt != (1u << log_n) || dv_qp.sq.stride != 64 ||
	    dv_qp.bf.reg == NULL) {
		MLX5X_NET_LOG(ERR,
			      "port %u Tx queue %u: SQ has %u WQEBBs of %u bytes%s, expected %u of 64",
			      port_id, txq->idx, dv_qp.sq.wqe_cnt,
			      dv_qp.sq.stride,
			      dv_qp.bf.reg == NULL ? " and no doorbell register"
						   : "",
			      1u << log_n);
		ret = -EINVAL;
		goto err_destroy_qp;
	}
	/* mlx5_ib: a raw packet QP's number is its SQ's number, the one
	 * the control segment names. */
	txq->sq.id = txq->qp->qp_num;
	txq->cq.id = txq->vcq.cqn;
	txq->wqes = dv_qp.sq.buf;
	txq->sq_db = dv_qp.dbrec;
	txq->bf_reg = dv_qp.bf.reg;
	txq->cqes = txq->vcq.cqes;
	txq->cq_db = txq->vcq.dbrec;
	txq->qpn_ds = txq->sq.id << 8;
	txq->cqe_mask = (uint16_t)((1u << txq->vcq.log_n) - 1);
	txq->log_cqe_n = txq->vcq.log_n;
	return 0;

err_destroy_qp:
	mlx5x_glue->destroy_qp(txq->qp);
	txq->qp = NULL;
err_destroy_cq:
	mlx5x_verbs_cq_destroy(&txq->vcq, "Tx CQ");
	return ret;
}

static int
txq_verbs_qp_state(struct mlx5x_txq *txq, enum ibv_qp_state state)
{
	struct ibv_qp_attr attr = {
		.qp_state = state,
		.port_num = (uint8_t)txq->priv->ib_port,
	};
	int mask = IBV_QP_STATE;

	if (state == IBV_QPS_INIT)
		mask |= IBV_QP_PORT;
	return mlx5x_glue->modify_qp(txq->qp, &attr, mask);
}

int
mlx5x_txq_verbs_modify(struct mlx5x_txq *txq, uint32_t from, uint32_t to,
		       bool quiet)
{
	int ret;

	(void)from;
	if (to == MLX5X_QUEUE_STATE_RDY) {
		/* RESET -> INIT -> RTR -> RTS (verbs.h QP state machine). */
		ret = txq_verbs_qp_state(txq, IBV_QPS_INIT);
		if (ret == 0)
			ret = txq_verbs_qp_state(txq, IBV_QPS_RTR);
		if (ret == 0)
			ret = txq_verbs_qp_state(txq, IBV_QPS_RTS);
	} else if (to == MLX5X_QUEUE_STATE_ERR) {
		ret = txq_verbs_qp_state(txq, IBV_QPS_ERR);
	} else {
		ret = txq_verbs_qp_state(txq, IBV_QPS_RESET);
	}
	if (ret != 0 && !quiet)
		MLX5X_NET_LOG(ERR,
			      "port %u Tx queue %u: ibv_modify_qp 0x%x %u->%u failed: %s",
			      txq->priv->data->port_id, txq->idx, txq->sq.id,
			      from, to, strerror(ret));
	return -ret;
}

void
mlx5x_txq_verbs_destroy(struct mlx5x_txq *txq)
{
	int ret;

	if (txq->qp != NULL) {
		ret = mlx5x_glue->destroy_qp(txq->qp);
		if (ret != 0)
			MLX5X_NET_LOG(WARNING,
				      "port %u Tx queue %u: ibv_destroy_qp 0x%x failed: %s",
				      txq->priv->data->port_id, txq->idx,
				      txq->sq.id, strerror(ret));
		txq->qp = NULL;
	}
	mlx5x_verbs_cq_destroy(&txq->vcq, "Tx CQ");
}
