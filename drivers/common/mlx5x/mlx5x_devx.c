/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PRM commands through DevX: the command helpers, capabilities, transport
 * domain, NIC vport context and counters.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_errno.h>

#include "mlx5x_common.h"
#include "mlx5x_devx.h"
#include "mlx5x_prm.h"

static int
devx_status(const void *out, const char *what, int ret)
{
	uint32_t status = MLX5X_GET(mbox_out, out, status);
	uint32_t syndrome = MLX5X_GET(mbox_out, out, syndrome);

	if (ret == 0 && status == MLX5X_CMD_STAT_OK)
		return 0;
	if (status != MLX5X_CMD_STAT_OK) {
		MLX5X_COMMON_LOG(ERR,
				 "%s failed: PRM status 0x%x, syndrome 0x%08x",
				 what, status, syndrome);
		return status == MLX5X_CMD_STAT_BAD_OP_ERR ? -EOPNOTSUPP
		       : status == MLX5X_CMD_STAT_NO_RES_ERR ||
				       status == MLX5X_CMD_STAT_LIM_ERR
			       ? -ENOSPC
			       : -EINVAL;
	}
	MLX5X_COMMON_LOG(ERR, "%s failed: %s", what, strerror(ret));
	return -ret;
}

int
mlx5x_devx_cmd(struct ibv_context *ctx, const void *in, size_t inlen, void *out,
	       size_t outlen, const char *what)
{
	int ret;

	memset(out, 0, outlen);
	ret = mlx5x_glue->devx_general_cmd(ctx, in, inlen, out, outlen);
	if (ret < 0)
		ret = errno ? errno : EIO;
	return devx_status(out, what, ret);
}

struct mlx5dv_devx_obj *
mlx5x_devx_obj_create(struct ibv_context *ctx, const void *in, size_t inlen,
		      void *out, size_t outlen, const char *what)
{
	struct mlx5dv_devx_obj *obj;
	int ret;

	memset(out, 0, outlen);
	obj = mlx5x_glue->devx_obj_create(ctx, in, inlen, out, outlen);
	if (obj != NULL)
		return obj;
	ret = devx_status(out, what, errno ? errno : EIO);
	rte_errno = ret ? -ret : EIO;
	return NULL;
}

int
mlx5x_devx_obj_modify(struct mlx5dv_devx_obj *obj, const void *in, size_t inlen,
		      void *out, size_t outlen, const char *what)
{
	int ret;

	memset(out, 0, outlen);
	ret = mlx5x_glue->devx_obj_modify(obj, in, inlen, out, outlen);
	if (ret < 0)
		ret = errno ? errno : EIO;
	return devx_status(out, what, ret);
}

void
mlx5x_devx_obj_destroy(struct mlx5dv_devx_obj *obj, const char *what)
{
	int ret;

	if (obj == NULL)
		return;
	ret = mlx5x_glue->devx_obj_destroy(obj);
	if (ret != 0)
		MLX5X_COMMON_LOG(WARNING, "destroying %s failed: %s", what,
				 strerror(ret > 0 ? ret : errno));
}

static int
devx_query_cap(struct ibv_context *ctx, uint32_t type, void *out, size_t outlen,
	       const char *what)
{
	uint32_t in[MLX5X_ST_SZ_DW(query_hca_cap_in)] = { 0 };

	MLX5X_SET(query_hca_cap_in, in, opcode, MLX5X_CMD_OP_QUERY_HCA_CAP);
	MLX5X_SET(query_hca_cap_in, in, op_mod,
		  type << 1 | MLX5X_HCA_CAP_OPMOD_GET_CUR);
	return mlx5x_devx_cmd(ctx, in, sizeof(in), out, outlen, what);
}

int
mlx5x_devx_query_hca_caps(struct ibv_context *ctx, struct mlx5x_hca_caps *c,
			  char *why, size_t why_len)
{
	uint32_t out[MLX5X_ST_SZ_DW(query_hca_cap_out)];
	void *cap = MLX5X_ADDR_OF(query_hca_cap_out, out, capability);
	void *ft;
	int ret;

	memset(c, 0, sizeof(*c));
	ret = devx_query_cap(ctx, MLX5X_CAP_GENERAL, out, sizeof(out),
			     "QUERY_HCA_CAP(general)");
	if (ret < 0) {
		snprintf(why, why_len,
			 "cannot query the device's general capabilities (QUERY_HCA_CAP): %s",
			 strerror(-ret));
		return ret;
	}
	c->eth_port = MLX5X_GET(cmd_hca_cap, cap, port_type) ==
		      MLX5X_CAP_PORT_TYPE_ETH;
	c->eswitch_manager = MLX5X_GET(cmd_hca_cap, cap, eswitch_manager);
	c->vport_group_manager =
		MLX5X_GET(cmd_hca_cap, cap, vport_group_manager);
	c->vport_counters = MLX5X_GET(cmd_hca_cap, cap, vport_counters);
	c->nic_flow_table = MLX5X_GET(cmd_hca_cap, cap, nic_flow_table);
	c->eth_net_offloads = MLX5X_GET(cmd_hca_cap, cap, eth_net_offloads);
	c->num_ports = (uint8_t)MLX5X_GET(cmd_hca_cap, cap, num_ports);
	c->cqe_version = (uint8_t)MLX5X_GET(cmd_hca_cap, cap, cqe_version);
	c->log_max_cq_sz = (uint8_t)MLX5X_GET(cmd_hca_cap, cap, log_max_cq_sz);
	c->log_max_wq_sz = (uint8_t)MLX5X_GET(cmd_hca_cap, cap, log_max_wq_sz);
	c->log_max_rqt_size =
		(uint8_t)MLX5X_GET(cmd_hca_cap, cap, log_max_rqt_size);
	c->flex_parser_protocols =
		MLX5X_GET(cmd_hca_cap_flex, cap, flex_parser_protocols);
	c->cqe_compression =
		MLX5X_GET(cmd_hca_cap_cqe_comp, cap, cqe_compression);
	c->mini_cqe_resp_flow_tag =
		MLX5X_GET(cmd_hca_cap_cqe_comp, cap, mini_cqe_resp_flow_tag);
	c->mini_cqe_resp_l3_l4_tag =
		MLX5X_GET(cmd_hca_cap_cqe_comp, cap, mini_cqe_resp_l3_l4_tag);
	if (!c->eth_port) {
		snprintf(why, why_len,
			 "the device's port is InfiniBand, not Ethernet (set LINK_TYPE_P1=2 with mlxconfig)");
		return -ENOTSUP;
	}
	if (c->eth_net_offloads) {
		ret = devx_query_cap(ctx, MLX5X_CAP_ETHERNET_OFFLOADS, out,
				     sizeof(out),
				     "QUERY_HCA_CAP(ethernet offloads)");
		if (ret < 0) {
			snprintf(why, why_len,
				 "cannot query Ethernet offload capabilities: %s",
				 strerror(-ret));
			return ret;
		}
#define OFFLOAD_CAP(f) MLX5X_GET(per_protocol_networking_offload_caps, cap, f)
		c->csum_cap = OFFLOAD_CAP(csum_cap);
		c->vlan_cap = OFFLOAD_CAP(vlan_cap);
		c->wqe_vlan_insert = OFFLOAD_CAP(wqe_vlan_insert);
		c->scatter_fcs = OFFLOAD_CAP(scatter_fcs);
		c->wqe_inline_mode = (uint8_t)OFFLOAD_CAP(wqe_inline_mode);
		c->enhanced_mpw = OFFLOAD_CAP(enhanced_multi_pkt_send_wqe);
		c->max_lso_cap = (uint8_t)OFFLOAD_CAP(max_lso_cap);
		c->rss_ind_tbl_cap = (uint8_t)OFFLOAD_CAP(rss_ind_tbl_cap);
#undef OFFLOAD_CAP
	}
	if (c->nic_flow_table) {
		ret = devx_query_cap(ctx, MLX5X_CAP_FLOW_TABLE, out,
				     sizeof(out), "QUERY_HCA_CAP(flow table)");
		if (ret < 0) {
			snprintf(why, why_len,
				 "cannot query flow table capabilities: %s",
				 strerror(-ret));
			return ret;
		}
		ft = MLX5X_ADDR_OF(flow_table_nic_cap, cap,
				   flow_table_properties_nic_receive);
		c->nic_rx_ft_support =
			MLX5X_GET(flow_table_prop_layout, ft, ft_support);
		c->nic_rx_max_ft_level =
			(uint8_t)MLX5X_GET(flow_table_prop_layout, ft,
					   max_ft_level);
		c->nic_rx_log_max_ft_size =
			(uint8_t)MLX5X_GET(flow_table_prop_layout, ft,
					   log_max_ft_size);
		c->nic_rx_max_modify_header_actions =
			(uint8_t)MLX5X_GET(flow_table_prop_layout, ft,
					   max_modify_header_actions);
		RTE_BUILD_BUG_ON(
			sizeof(c->nic_rx_ft_fields) !=
			MLX5X_ST_SZ_BYTES(flow_table_fields_supported));
		memcpy(c->nic_rx_ft_fields,
		       MLX5X_ADDR_OF(flow_table_prop_fields, ft,
				     ft_field_support),
		       sizeof(c->nic_rx_ft_fields));
		ft = MLX5X_ADDR_OF(flow_table_nic_cap, cap,
				   flow_table_properties_nic_transmit);
		c->nic_tx_ft_support =
			MLX5X_GET(flow_table_prop_layout, ft, ft_support);
	}
	return 0;
}

int
mlx5x_devx_td_create(struct ibv_context *ctx, struct mlx5dv_devx_obj **td,
		     uint32_t *tdn, char *why, size_t why_len)
{
	uint32_t in[MLX5X_ST_SZ_DW(mbox_in)] = { 0 };
	uint32_t out[MLX5X_ST_SZ_DW(alloc_transport_domain_out)];

	MLX5X_SET(mbox_in, in, opcode, MLX5X_CMD_OP_ALLOC_TRANSPORT_DOMAIN);
	*td = mlx5x_devx_obj_create(ctx, in, sizeof(in), out, sizeof(out),
				    "ALLOC_TRANSPORT_DOMAIN");
	if (*td == NULL) {
		snprintf(why, why_len, "cannot allocate a transport domain: %s",
			 strerror(rte_errno));
		return -rte_errno;
	}
	*tdn = MLX5X_GET(alloc_transport_domain_out, out, transport_domain);
	return 0;
}

int
mlx5x_devx_vport_query(struct ibv_context *ctx, bool other, uint16_t vport,
		       struct mlx5x_vport_ctx *v)
{
	uint32_t in[MLX5X_ST_SZ_DW(query_nic_vport_context_in)] = { 0 };
	uint32_t out[MLX5X_ST_SZ_DW(query_nic_vport_context_out)];
	void *nvc = MLX5X_ADDR_OF(query_nic_vport_context_out, out,
				  nic_vport_context);
	void *mac;
	uint32_t hi, lo;
	int ret;

	MLX5X_SET(query_nic_vport_context_in, in, opcode,
		  MLX5X_CMD_OP_QUERY_NIC_VPORT_CONTEXT);
	MLX5X_SET(query_nic_vport_context_in, in, other_vport, other);
	MLX5X_SET(query_nic_vport_context_in, in, vport_number, vport);
	ret = mlx5x_devx_cmd(ctx, in, sizeof(in), out, sizeof(out),
			     "QUERY_NIC_VPORT_CONTEXT");
	if (ret < 0)
		return ret;
	v->mtu = (uint16_t)MLX5X_GET(nic_vport_context, nvc, mtu);
	v->promisc_uc = MLX5X_GET(nic_vport_context, nvc, promisc_uc);
	v->promisc_mc = MLX5X_GET(nic_vport_context, nvc, promisc_mc);
	v->promisc_all = MLX5X_GET(nic_vport_context, nvc, promisc_all);
	v->min_wqe_inline_mode =
		(uint8_t)MLX5X_GET(nic_vport_context, nvc, min_wqe_inline_mode);
	mac = MLX5X_ADDR_OF(nic_vport_context, nvc, permanent_address);
	hi = MLX5X_GET(mac_address_layout, mac, mac_addr_47_32);
	lo = MLX5X_GET(mac_address_layout, mac, mac_addr_31_0);
	v->permanent_mac[0] = (uint8_t)(hi >> 8);
	v->permanent_mac[1] = (uint8_t)hi;
	v->permanent_mac[2] = (uint8_t)(lo >> 24);
	v->permanent_mac[3] = (uint8_t)(lo >> 16);
	v->permanent_mac[4] = (uint8_t)(lo >> 8);
	v->permanent_mac[5] = (uint8_t)lo;
	return 0;
}

static int
devx_vport_modify(struct ibv_context *ctx, bool other, uint16_t vport,
		  uint32_t *in, size_t inlen, const char *what)
{
	uint32_t out[MLX5X_ST_SZ_DW(mbox_out)];

	MLX5X_SET(modify_nic_vport_context_in, in, opcode,
		  MLX5X_CMD_OP_MODIFY_NIC_VPORT_CONTEXT);
	MLX5X_SET(modify_nic_vport_context_in, in, other_vport, other);
	MLX5X_SET(modify_nic_vport_context_in, in, vport_number, vport);
	return mlx5x_devx_cmd(ctx, in, inlen, out, sizeof(out), what);
}

int
mlx5x_devx_vport_set_mtu(struct ibv_context *ctx, bool other, uint16_t vport,
			 uint16_t mtu)
{
	uint32_t in[MLX5X_ST_SZ_DW(modify_nic_vport_context_in)] = { 0 };
	void *fs = MLX5X_ADDR_OF(modify_nic_vport_context_in, in, field_select);
	void *nvc = MLX5X_ADDR_OF(modify_nic_vport_context_in, in,
				  nic_vport_context);

	MLX5X_SET(modify_nic_vport_field_select, fs, mtu, 1);
	MLX5X_SET(nic_vport_context, nvc, mtu, mtu);
	return devx_vport_modify(ctx, other, vport, in, sizeof(in),
				 "MODIFY_NIC_VPORT_CONTEXT(mtu)");
}

int
mlx5x_devx_vport_set_promisc(struct ibv_context *ctx, bool other,
			     uint16_t vport, bool uc, bool mc, bool all)
{
	uint32_t in[MLX5X_ST_SZ_DW(modify_nic_vport_context_in)] = { 0 };
	void *fs = MLX5X_ADDR_OF(modify_nic_vport_context_in, in, field_select);
	void *nvc = MLX5X_ADDR_OF(modify_nic_vport_context_in, in,
				  nic_vport_context);

	MLX5X_SET(modify_nic_vport_field_select, fs, promisc, 1);
	MLX5X_SET(nic_vport_context, nvc, promisc_uc, uc);
	MLX5X_SET(nic_vport_context, nvc, promisc_mc, mc);
	MLX5X_SET(nic_vport_context, nvc, promisc_all, all);
	return devx_vport_modify(ctx, other, vport, in, sizeof(in),
				 "MODIFY_NIC_VPORT_CONTEXT(promisc)");
}

int
mlx5x_devx_q_counter_alloc(struct ibv_context *ctx,
			   struct mlx5dv_devx_obj **obj, uint32_t *id)
{
	uint32_t in[MLX5X_ST_SZ_DW(alloc_q_counter_in)] = { 0 };
	uint32_t out[MLX5X_ST_SZ_DW(alloc_q_counter_out)] = { 0 };

	MLX5X_SET(alloc_q_counter_in, in, opcode, MLX5X_CMD_OP_ALLOC_Q_COUNTER);
	*obj = mlx5x_devx_obj_create(ctx, in, sizeof(in), out, sizeof(out),
				     "ALLOC_Q_COUNTER");
	if (*obj == NULL)
		return -rte_errno;
	*id = MLX5X_GET(alloc_q_counter_out, out, counter_set_id);
	return 0;
}

int
mlx5x_devx_q_counter_query(struct ibv_context *ctx, uint32_t id, bool clear,
			   uint64_t *out_of_buffer)
{
	uint32_t in[MLX5X_ST_SZ_DW(query_q_counter_in)] = { 0 };
	uint32_t out[MLX5X_ST_SZ_DW(query_q_counter_out)] = { 0 };
	int ret;

	MLX5X_SET(query_q_counter_in, in, opcode, MLX5X_CMD_OP_QUERY_Q_COUNTER);
	MLX5X_SET(query_q_counter_in, in, clear, clear);
	MLX5X_SET(query_q_counter_in, in, counter_set_id, id);
	ret = mlx5x_devx_cmd(ctx, in, sizeof(in), out, sizeof(out),
			     "QUERY_Q_COUNTER");
	if (ret < 0)
		return ret;
	*out_of_buffer = MLX5X_GET(query_q_counter_out, out, out_of_buffer);
	return 0;
}

int
mlx5x_devx_vport_counters(struct ibv_context *ctx, bool other, uint16_t vport,
			  struct mlx5x_vport_counters *cnt)
{
	uint32_t in[MLX5X_ST_SZ_DW(query_vport_counter_in)] = { 0 };
	uint32_t out[MLX5X_ST_SZ_DW(query_vport_counter_out)];
	int ret;

	MLX5X_SET(query_vport_counter_in, in, opcode,
		  MLX5X_CMD_OP_QUERY_VPORT_COUNTER);
	MLX5X_SET(query_vport_counter_in, in, other_vport, other);
	MLX5X_SET(query_vport_counter_in, in, vport_number, vport);
	ret = mlx5x_devx_cmd(ctx, in, sizeof(in), out, sizeof(out),
			     "QUERY_VPORT_COUNTER");
	if (ret < 0)
		return ret;
#define VPORT_CNT(dir, kind, what)                                             \
	MLX5X_GET64(query_vport_counter_out, out, dir##_##kind.what)
	cnt->rx_packets = VPORT_CNT(received, eth_unicast, packets) +
			  VPORT_CNT(received, eth_multicast, packets) +
			  VPORT_CNT(received, eth_broadcast, packets);
	cnt->rx_bytes = VPORT_CNT(received, eth_unicast, octets) +
			VPORT_CNT(received, eth_multicast, octets) +
			VPORT_CNT(received, eth_broadcast, octets);
	cnt->tx_packets = VPORT_CNT(transmitted, eth_unicast, packets) +
			  VPORT_CNT(transmitted, eth_multicast, packets) +
			  VPORT_CNT(transmitted, eth_broadcast, packets);
	cnt->tx_bytes = VPORT_CNT(transmitted, eth_unicast, octets) +
			VPORT_CNT(transmitted, eth_multicast, octets) +
			VPORT_CNT(transmitted, eth_broadcast, octets);
	cnt->rx_errors = VPORT_CNT(received, errors, packets);
	cnt->tx_errors = MLX5X_GET64(query_vport_counter_out, out,
				     transmit_errors.packets);
#undef VPORT_CNT
	return 0;
}
