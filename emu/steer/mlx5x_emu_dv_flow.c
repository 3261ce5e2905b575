/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DV flows (mlx5dv_create_flow_matcher / mlx5dv_create_flow): rules on the
 * kernel-managed NIC RX root (mlx5_ib's bypass namespace) or, with
 * ft_type NIC_TX, NIC TX root (its egress namespace), given directly in
 * the device's fte_match_param format. A matcher is a mask, its criteria,
 * a priority and a table type; a flow is a value under it and actions.
 * NIC RX: destination QP (its TIR), DevX TIR or NIC RX flow table, drop,
 * tag, DevX flow counter. NIC TX, as mlx5_ib allows there: drop, DevX
 * flow counter, a DevX NIC TX flow table, else the frame goes on to the
 * port (the entry allows it); a destination QP or TIR is EINVAL. Either
 * table type takes a modify-header flow action made for it
 * (mlx5dv_create_flow_action_modify_header: ALLOC_MODIFY_HEADER_CONTEXT,
 * held by the entry, so destroying it meanwhile is EBUSY) and the packet
 * reformat actions mlx5_ib allows on it (encap on NIC TX, decap on NIC
 * RX: ALLOC_PACKET_REFORMAT_CONTEXT, or the DECAP action bit). As
 * mlx5_ib does, the provider installs each flow with the same PRM
 * commands and in the same priority order as Verbs flows
 * (mlx5x_emu_verbs_flow.c); a matcher has no don't-trap flag (EINVAL).
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_pkt.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_cmd.h"
#include "mlx5x_emu_verbs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct mlx5dv_flow_matcher {
	struct emu_ctx *ctx;
	uint8_t criteria;
	uint8_t table_type; /* PRM: NIC RX or NIC TX */
	uint16_t priority;
	uint8_t mask[EMU_MATCH_BYTES];
	uint32_t flows; /* flows made under it */
};

struct mlx5dv_flow_matcher *
mlx5dv_create_flow_matcher(struct ibv_context *context,
			   struct mlx5dv_flow_matcher_attr *attr)
{
	uint8_t type = MLX5X_FLOW_TABLE_TYPE_NIC_RX;
	struct mlx5dv_flow_matcher *m;

	if (context == NULL || attr == NULL || attr->match_mask == NULL ||
	    attr->match_mask->match_sz > EMU_MATCH_BYTES) {
		errno = EINVAL;
		return NULL;
	}
	if ((attr->comp_mask & MLX5DV_FLOW_MATCHER_MASK_FT_TYPE) &&
	    attr->ft_type == MLX5DV_FLOW_TABLE_TYPE_NIC_TX) {
		/* The egress namespace exists where the NIC TX flow table
		 * properties say ft_support (mlx5_core's rule). */
		if (!emu_ctx_of(context)->ad->cfg.model->nic_tx_ft) {
			errno = EOPNOTSUPP;
			return NULL;
		}
		type = MLX5X_FLOW_TABLE_TYPE_NIC_TX;
	} else if (((attr->comp_mask & MLX5DV_FLOW_MATCHER_MASK_FT_TYPE) &&
		    attr->ft_type != MLX5DV_FLOW_TABLE_TYPE_NIC_RX) ||
		   (attr->comp_mask &
		    ~(uint64_t)MLX5DV_FLOW_MATCHER_MASK_FT_TYPE) ||
		   attr->type != IBV_FLOW_ATTR_NORMAL ||
		   (attr->flags & ~(uint32_t)IBV_FLOW_ATTR_FLAGS_DONT_TRAP)) {
		errno = EOPNOTSUPP; /* FDB, RDMA tables: not modelled */
		return NULL;
	}
	if (attr->flags & IBV_FLOW_ATTR_FLAGS_DONT_TRAP) {
		/* mlx5_ib takes the egress flag alone among a matcher's flow
		 * flags (mlx5_ib_matcher_ns): a DV flow has no don't-trap. */
		errno = EINVAL;
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (m == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	m->ctx = emu_ctx_of(context);
	m->criteria = attr->match_criteria_enable;
	m->table_type = type;
	m->priority = attr->priority;
	memcpy(m->mask, attr->match_mask->match_buf,
	       attr->match_mask->match_sz);
	return m;
}

int
mlx5dv_destroy_flow_matcher(struct mlx5dv_flow_matcher *m)
{
	if (m == NULL)
		return EINVAL;
	if (m->flows != 0)
		return EBUSY; /* flows still made under it */
	free(m);
	return 0;
}

/* A DV flow action of one table type: a modify-header context, a packet
 * reformat context, or L2 tunnel decap (no context, the DECAP bit). */
enum emu_dv_action_kind {
	EMU_DV_ACTION_MOD_HDR,
	EMU_DV_ACTION_REFORMAT,
	EMU_DV_ACTION_DECAP,
};

struct emu_dv_action {
	struct ibv_flow_action ibv;
	struct emu_ctx *ctx;
	uint8_t table_type;
	uint8_t kind;	  /* emu_dv_action_kind */
	uint32_t mhdr_id; /* the context's id (modify header or reformat) */
};

struct ibv_flow_action *
mlx5dv_create_flow_action_modify_header(struct ibv_context *ctx,
					size_t actions_sz, uint64_t actions[],
					enum mlx5dv_flow_table_type ft_type)
{
	uint8_t out[MLX5X_ST_SZ_BYTES(alloc_modify_header_context_out)] = { 0 };
	const size_t hdr = MLX5X_ST_SZ_BYTES(alloc_modify_header_context_in);
	struct emu_dv_action *a;
	uint8_t type, *in;
	int status;

	if (ctx == NULL || actions == NULL || actions_sz == 0 ||
	    actions_sz % 8 != 0 || actions_sz / 8 > 0xff) {
		errno = EINVAL;
		return NULL;
	}
	if (ft_type == MLX5DV_FLOW_TABLE_TYPE_NIC_RX) {
		type = MLX5X_FLOW_TABLE_TYPE_NIC_RX;
	} else if (ft_type == MLX5DV_FLOW_TABLE_TYPE_NIC_TX &&
		   emu_ctx_of(ctx)->ad->cfg.model->nic_tx_ft) {
		type = MLX5X_FLOW_TABLE_TYPE_NIC_TX;
	} else {
		errno = EOPNOTSUPP; /* FDB and RDMA DV tables: not modelled */
		return NULL;
	}
	a = calloc(1, sizeof(*a));
	in = calloc(1, hdr + actions_sz);
	if (a == NULL || in == NULL) {
		free(in);
		free(a);
		errno = ENOMEM;
		return NULL;
	}
	MLX5X_SET(alloc_modify_header_context_in, in, opcode,
		  MLX5X_CMD_OP_ALLOC_MODIFY_HEADER_CONTEXT);
	MLX5X_SET(alloc_modify_header_context_in, in, table_type, type);
	MLX5X_SET(alloc_modify_header_context_in, in, num_of_actions,
		  actions_sz / 8);
	memcpy(in + hdr, actions, actions_sz);
	status = emu_verbs_cmd(emu_ctx_of(ctx), in, hdr + actions_sz, out,
			       sizeof(out));
	free(in);
	if (status != MLX5X_CMD_STAT_OK) {
		free(a);
		/* A bad action list (field, length, type): the command's
		 * syndrome is in the command trace. */
		errno = status == MLX5X_CMD_STAT_NO_RES_ERR ? ENOMEM : EINVAL;
		return NULL;
	}
	a->ibv.context = ctx;
	a->ctx = emu_ctx_of(ctx);
	a->table_type = type;
	a->kind = EMU_DV_ACTION_MOD_HDR;
	a->mhdr_id = MLX5X_GET(alloc_modify_header_context_out, out,
			       modify_header_id);
	return &a->ibv;
}

/* mlx5_ib's rule for a reformat type on a table type: encap (L2 or L3
 * tunnel) on NIC TX, decap (L2 or L3 tunnel) on NIC RX, each where the
 * caps offer it (every model here); the PRM reformat type, or -1. */
static int
emu_dv_reformat_type(uint32_t dv_type, uint8_t table_type)
{
	bool tx = table_type == MLX5X_FLOW_TABLE_TYPE_NIC_TX;

	switch (dv_type) {
	case MLX5DV_FLOW_ACTION_PACKET_REFORMAT_TYPE_L2_TO_L2_TUNNEL:
		return tx ? MLX5X_REFORMAT_TYPE_L2_TO_L2_TUNNEL : -1;
	case MLX5DV_FLOW_ACTION_PACKET_REFORMAT_TYPE_L2_TO_L3_TUNNEL:
		return tx ? MLX5X_REFORMAT_TYPE_L2_TO_L3_TUNNEL : -1;
	case MLX5DV_FLOW_ACTION_PACKET_REFORMAT_TYPE_L3_TUNNEL_TO_L2:
		return tx ? -1 : MLX5X_REFORMAT_TYPE_L3_TUNNEL_TO_L2;
	case MLX5DV_FLOW_ACTION_PACKET_REFORMAT_TYPE_L2_TUNNEL_TO_L2:
		return tx ? -1 : 0x100; /* the DECAP bit, no context */
	default:
		return -1;
	}
}

struct ibv_flow_action *
mlx5dv_create_flow_action_packet_reformat(
	struct ibv_context *ctx, size_t data_sz, void *data,
	enum mlx5dv_flow_action_packet_reformat_type reformat_type,
	enum mlx5dv_flow_table_type ft_type)
{
	const size_t hdr =
		MLX5X_BYTE_OFF(alloc_packet_reformat_context_in,
			       packet_reformat_context) +
		MLX5X_BYTE_OFF(packet_reformat_context_in, reformat_data);
	uint8_t out[MLX5X_ST_SZ_BYTES(alloc_packet_reformat_context_out)] = {
		0
	};
	uint8_t type, *in;
	struct emu_dv_action *a;
	int prm, status;
	void *c;

	if (ctx == NULL || (data == NULL) != (data_sz == 0) ||
	    data_sz > 0x3ff) {
		errno = EINVAL;
		return NULL;
	}
	if (ft_type == MLX5DV_FLOW_TABLE_TYPE_NIC_RX) {
		type = MLX5X_FLOW_TABLE_TYPE_NIC_RX;
	} else if (ft_type == MLX5DV_FLOW_TABLE_TYPE_NIC_TX &&
		   emu_ctx_of(ctx)->ad->cfg.model->nic_tx_ft) {
		type = MLX5X_FLOW_TABLE_TYPE_NIC_TX;
	} else {
		errno = EOPNOTSUPP; /* FDB and RDMA DV tables: not modelled */
		return NULL;
	}
	prm = emu_dv_reformat_type(reformat_type, type);
	if (prm < 0) {
		errno = EOPNOTSUPP; /* mlx5_ib: not on this table type */
		return NULL;
	}
	if ((prm == 0x100) != (data == NULL)) {
		errno = EINVAL; /* decap takes no data, the others do */
		return NULL;
	}
	a = calloc(1, sizeof(*a));
	if (a == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	a->ibv.context = ctx;
	a->ctx = emu_ctx_of(ctx);
	a->table_type = type;
	if (prm == 0x100) {
		a->kind = EMU_DV_ACTION_DECAP;
		return &a->ibv;
	}
	in = calloc(1, hdr + data_sz);
	if (in == NULL) {
		free(a);
		errno = ENOMEM;
		return NULL;
	}
	c = MLX5X_ADDR_OF(alloc_packet_reformat_context_in, in,
			  packet_reformat_context);
	MLX5X_SET(alloc_packet_reformat_context_in, in, opcode,
		  MLX5X_CMD_OP_ALLOC_PACKET_REFORMAT_CONTEXT);
	MLX5X_SET(packet_reformat_context_in, c, reformat_type, prm);
	MLX5X_SET(packet_reformat_context_in, c, reformat_data_size, data_sz);
	memcpy(in + hdr, data, data_sz);
	status = emu_verbs_cmd(a->ctx, in, hdr + data_sz, out, sizeof(out));
	free(in);
	if (status != MLX5X_CMD_STAT_OK) {
		free(a);
		/* A header of a size or type the adapter refuses. */
		errno = status == MLX5X_CMD_STAT_NO_RES_ERR ? ENOMEM : EINVAL;
		return NULL;
	}
	a->kind = EMU_DV_ACTION_REFORMAT;
	a->mhdr_id = MLX5X_GET(alloc_packet_reformat_context_out, out,
			       packet_reformat_id);
	return &a->ibv;
}

int
emu_dv_flow_action_destroy(struct ibv_flow_action *action)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(dealloc_modify_header_context_in)] = { 0 };
	struct emu_dv_action *a = (struct emu_dv_action *)action;
	uint8_t out[16] = { 0 };
	int status = MLX5X_CMD_STAT_OK;

	if (a == NULL)
		return EINVAL;
	if (a->kind == EMU_DV_ACTION_MOD_HDR) {
		MLX5X_SET(dealloc_modify_header_context_in, in, opcode,
			  MLX5X_CMD_OP_DEALLOC_MODIFY_HEADER_CONTEXT);
		MLX5X_SET(dealloc_modify_header_context_in, in,
			  modify_header_id, a->mhdr_id);
	} else if (a->kind == EMU_DV_ACTION_REFORMAT) {
		MLX5X_SET(dealloc_packet_reformat_context_in, in, opcode,
			  MLX5X_CMD_OP_DEALLOC_PACKET_REFORMAT_CONTEXT);
		MLX5X_SET(dealloc_packet_reformat_context_in, in,
			  packet_reformat_id, a->mhdr_id);
	}
	if (a->kind != EMU_DV_ACTION_DECAP)
		status =
			emu_verbs_cmd(a->ctx, in, sizeof(in), out, sizeof(out));
	if (status == MLX5X_CMD_STAT_BAD_RES_STATE_ERR)
		return EBUSY; /* a flow entry still holds it */
	if (status != MLX5X_CMD_STAT_OK)
		return EINVAL;
	free(a);
	return 0;
}

int
emu_dv_flow_action_take(struct emu_kflow_match *k,
			const struct ibv_flow_action *action)
{
	const struct emu_dv_action *da = (const struct emu_dv_action *)action;
	uint16_t bit = da == NULL ? 0
		       : da->kind == EMU_DV_ACTION_MOD_HDR
			       ? MLX5X_FLOW_CONTEXT_ACTION_MOD_HDR
		       : da->kind == EMU_DV_ACTION_REFORMAT
			       ? MLX5X_FLOW_CONTEXT_ACTION_PACKET_REFORMAT
			       : MLX5X_FLOW_CONTEXT_ACTION_DECAP;

	/* One action of a kind per flow, made for the rule's table type
	 * (firmware refuses another type's context). */
	if (da == NULL || (k->action & bit) || da->table_type != k->table_type)
		return EINVAL;
	k->action |= bit;
	if (da->kind == EMU_DV_ACTION_MOD_HDR)
		k->modify_header_id = da->mhdr_id;
	else if (da->kind == EMU_DV_ACTION_REFORMAT)
		k->packet_reformat_id = da->mhdr_id;
	return 0;
}

/* One action into the rule; 0 or an errno. */
static int
emu_dv_flow_action(struct emu_kflow_match *k,
		   const struct mlx5dv_flow_action_attr *a)
{
	struct mlx5dv_qp dv = { .comp_mask = MLX5DV_QP_MASK_RAW_QP_HANDLES };
	bool fwd = k->action & MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST;
	bool tx = k->table_type == MLX5X_FLOW_TABLE_TYPE_NIC_TX;

	switch (a->type) {
	case MLX5DV_FLOW_ACTION_DEST_IBV_QP:
		/* mlx5_ib: a QP is a TIR, no destination for egress. */
		if (a->qp == NULL || fwd || k->drop || tx)
			return EINVAL;
		emu_verbs_qp_init_obj(a->qp, &dv);
		if (dv.tirn == 0)
			return EINVAL; /* a send-only QP receives nothing */
		k->action |= MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST;
		k->dest_type = MLX5X_FLOW_DESTINATION_TYPE_TIR;
		k->dest_id = dv.tirn;
		return 0;
	case MLX5DV_FLOW_ACTION_DEST_DEVX:
		if (a->obj == NULL || fwd || k->drop)
			return EINVAL;
		if (a->obj->res.destroy_opcode == MLX5X_CMD_OP_DESTROY_TIR &&
		    !tx) {
			k->dest_type = MLX5X_FLOW_DESTINATION_TYPE_TIR;
		} else if (a->obj->res.destroy_opcode ==
				   MLX5X_CMD_OP_DESTROY_FLOW_TABLE &&
			   a->obj->res.table_type == k->table_type) {
			k->dest_type = MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE;
		} else {
			/* Not a TIR (NIC RX only: mlx5_ib refuses a TIR on
			 * egress) or a table of the matcher's type. */
			return EINVAL;
		}
		k->action |= MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST;
		k->dest_id = a->obj->res.id;
		return 0;
	case MLX5DV_FLOW_ACTION_DROP:
		if (fwd)
			return EINVAL;
		k->drop = true;
		k->action |= MLX5X_FLOW_CONTEXT_ACTION_DROP;
		return 0;
	case MLX5DV_FLOW_ACTION_TAG:
		if (a->tag_value > 0xffffff)
			return EINVAL; /* PRM: flow_tag is 24 bits */
		k->flow_tag = a->tag_value;
		return 0;
	case MLX5DV_FLOW_ACTION_COUNTERS_DEVX:
		if (a->obj == NULL ||
		    (k->action & MLX5X_FLOW_CONTEXT_ACTION_COUNT) ||
		    a->obj->res.destroy_opcode !=
			    MLX5X_CMD_OP_DEALLOC_FLOW_COUNTER)
			return EINVAL;
		k->action |= MLX5X_FLOW_CONTEXT_ACTION_COUNT;
		k->counter_id = a->obj->res.id;
		return 0;
	case MLX5DV_FLOW_ACTION_IBV_FLOW_ACTION:
		return emu_dv_flow_action_take(k, a->action);
	default:
		return EOPNOTSUPP; /* Verbs counters, default miss */
	}
}

struct ibv_flow *
mlx5dv_create_flow(struct mlx5dv_flow_matcher *m,
		   struct mlx5dv_flow_match_parameters *value,
		   size_t num_actions, struct mlx5dv_flow_action_attr actions[])
{
	struct emu_kflow_match *k;
	struct emu_vflow *f;
	size_t i;
	int err = 0;

	if (m == NULL || value == NULL || value->match_sz > EMU_MATCH_BYTES ||
	    (num_actions != 0 && actions == NULL)) {
		errno = EINVAL;
		return NULL;
	}
	if (m->priority > EMU_VERBS_FLOW_LAST_PRIO) {
		errno = ENOMEM; /* mlx5_ib: no such bypass priority */
		return NULL;
	}
	k = calloc(1, sizeof(*k));
	f = calloc(1, sizeof(*f));
	if (k == NULL || f == NULL) {
		err = ENOMEM;
		goto err_free;
	}
	k->criteria = m->criteria;
	k->table_type = m->table_type;
	memcpy(k->mask, m->mask, EMU_MATCH_BYTES);
	memcpy(k->value, value->match_buf, value->match_sz);
	for (i = 0; i < num_actions && err == 0; i++)
		err = emu_dv_flow_action(k, &actions[i]);
	/* NIC RX: a flow must forward or drop. NIC TX: without either the
	 * frame goes on to the port (mlx5_ib's port destination: the
	 * entry allows it). */
	if (err == 0 && !(k->action & (MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST |
				       MLX5X_FLOW_CONTEXT_ACTION_DROP))) {
		if (m->table_type == MLX5X_FLOW_TABLE_TYPE_NIC_TX)
			k->action |= MLX5X_FLOW_CONTEXT_ACTION_ALLOW;
		else
			err = EINVAL;
	}
	if (err != 0)
		goto err_free;
	if (k->drop)
		k->action &= (uint16_t)~MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST;
	f->rule.ctx = m->ctx;
	f->rule.matcher_flows = &m->flows;
	err = emu_kflow_install(&f->rule, k,
				emu_kflow_core_prio(m->priority, false), false);
	if (err != 0)
		goto err_free;
	m->flows++;
	free(k);
	f->ibv.context = &m->ctx->vctx.context;
	f->ibv.handle = f->rule.ftn;
	return &f->ibv;
err_free:
	free(k);
	free(f);
	errno = err;
	return NULL;
}
