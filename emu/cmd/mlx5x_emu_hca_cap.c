/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * QUERY_HCA_CAP: general device, Ethernet offloads, NIC flow table and
 * E-Switch flow table capabilities of the model; maximum and current are
 * the same (the emulator has no SET_HCA_CAP).
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_cmd.h"
#include "mlx5x_emu_abi.h"
#include "mlx5x_emu_esw_vport.h"

#include <string.h>

/* General capability fields the shared PRM header does not name, at their
 * PRM offsets (Linux mlx5_ifc.h cmd_hca_cap: device_frequency_mhz at bit
 * 0x4c0, device_frequency_khz at 0x4e0). */
/* The E-Switch capabilities (capability type 0x9, Linux mlx5_ifc.h
 * e_switch_cap): the fields a manager's software reads at probe. */
#define EMU_CAP_ESWITCH 0x9
struct mlx5_ifc_emu_e_switch_cap_bits {
	mlx5x_u8 vport_svlan_strip[0x1];
	mlx5x_u8 vport_cvlan_strip[0x1];
	mlx5x_u8 vport_svlan_insert[0x1];
	mlx5x_u8 vport_cvlan_insert_if_not_exist[0x1];
	mlx5x_u8 vport_cvlan_insert_overwrite[0x1];
	mlx5x_u8 reserved_at_5[0x18];
	mlx5x_u8 merged_eswitch[0x1];
	mlx5x_u8 reserved_at_1e[0x42];
	mlx5x_u8 esw_manager_vport_number_valid[0x1];
	mlx5x_u8 reserved_at_61[0xf];
	mlx5x_u8 esw_manager_vport_number[0x10];
	mlx5x_u8 reserved_at_80[0x780];
};

/* General cap ext_stride_num_range (Linux mlx5_ifc.h cmd_hca_cap, bit
 * 0x3a0): striding RQ WQEs of 8..256 strides too. */
struct mlx5_ifc_emu_hca_cap_stride_bits {
	mlx5x_u8 reserved_at_0[0x3a0];
	mlx5x_u8 ext_stride_num_range[0x1];
	mlx5x_u8 reserved_at_3a1[0x45f];
};

struct mlx5_ifc_emu_hca_cap_clock_bits {
	mlx5x_u8 reserved_at_0[0x4c0];
	mlx5x_u8 device_frequency_mhz[0x20];
	mlx5x_u8 device_frequency_khz[0x20];
};

bool
emu_hca_cap_esw_manager(const struct emu_adapter *ad, uint16_t fn)
{
	/* The PF in switchdev mode, unless the configuration took the cap
	 * away (eswitch_manager=0: another function owns the E-Switch). */
	return fn == 0 && ad->cfg.esw == EMU_ESW_SWITCHDEV &&
	       ad->cfg.model->eswitch_manager;
}

static void
emu_hca_cap_general(const struct emu_adapter *ad, uint16_t fn, void *c)
{
	const struct emu_model *m = ad->cfg.model;

	/* A VF function is its own vHCA and manages nothing. */
	MLX5X_SET(cmd_hca_cap, c, vhca_id, fn);
	MLX5X_SET(cmd_hca_cap, c, log_max_qp_sz, m->log_max_wq_sz);
	MLX5X_SET(cmd_hca_cap, c, log_max_qp, 17);
	MLX5X_SET(cmd_hca_cap, c, log_max_cq_sz, m->log_max_cq_sz);
	MLX5X_SET(cmd_hca_cap, c, log_max_cq, 16);
	MLX5X_SET(cmd_hca_cap, c, log_max_eq_sz, 22);
	MLX5X_SET(cmd_hca_cap, c, log_max_mkey, 24);
	MLX5X_SET(cmd_hca_cap, c, log_max_eq, 4);
	MLX5X_SET(cmd_hca_cap, c, max_indirection, 8);
	MLX5X_SET(cmd_hca_cap, c, vport_counters, 1);
	MLX5X_SET(cmd_hca_cap, c, vport_group_manager, fn == 0);
	MLX5X_SET(cmd_hca_cap, c, nic_flow_table, 1);
	MLX5X_SET(cmd_hca_cap, c, eswitch_manager,
		  emu_hca_cap_esw_manager(ad, fn));
	MLX5X_SET(cmd_hca_cap, c, port_type, MLX5X_CAP_PORT_TYPE_ETH);
	MLX5X_SET(cmd_hca_cap, c, num_ports, 1);
	MLX5X_SET(cmd_hca_cap, c, cqe_version, 1);
	MLX5X_SET(cmd_hca_cap, c, striding_rq, m->striding_rq);
	MLX5X_SET(emu_hca_cap_stride, c, ext_stride_num_range,
		  m->striding_rq && m->ext_stride_num_range);
	MLX5X_SET(cmd_hca_cap, c, eth_net_offloads, 1);
	MLX5X_SET(cmd_hca_cap, c, log_max_transport_domain, 16);
	MLX5X_SET(cmd_hca_cap, c, log_max_pd, 16);
	MLX5X_SET(cmd_hca_cap, c, log_max_rq, 16);
	MLX5X_SET(cmd_hca_cap, c, log_max_sq, 16);
	MLX5X_SET(cmd_hca_cap, c, log_max_tir, 16);
	MLX5X_SET(cmd_hca_cap, c, log_max_tis, 16);
	MLX5X_SET(cmd_hca_cap, c, basic_cyclic_rcv_wqe, 1);
	MLX5X_SET(cmd_hca_cap, c, log_max_rqt, 16);
	MLX5X_SET(cmd_hca_cap, c, log_max_rqt_size, m->log_max_rqt_size);
	MLX5X_SET(cmd_hca_cap, c, log_max_tis_per_sq, 0);
	MLX5X_SET(cmd_hca_cap, c, log_max_stride_sz_rq,
		  m->striding_rq ? 13 : 0);
	MLX5X_SET(cmd_hca_cap, c, log_min_stride_sz_rq, m->striding_rq ? 6 : 0);
	MLX5X_SET(cmd_hca_cap, c, log_max_wq_sz, m->log_max_wq_sz);
	/* The free-running clock CQE timestamps count (mlx5_ib reports it
	 * as hca_core_clock; DPDK converts timestamps with it). */
	MLX5X_SET(emu_hca_cap_clock, c, device_frequency_mhz,
		  EMU_DEVICE_FREQUENCY_KHZ / 1000);
	MLX5X_SET(emu_hca_cap_clock, c, device_frequency_khz,
		  EMU_DEVICE_FREQUENCY_KHZ);
	/* CQE compression: what CREATE_CQ accepts (mlx5x_emu_cq.c). */
	MLX5X_SET(cmd_hca_cap_cqe_comp, c, cqe_compression, m->cqe_compression);
	MLX5X_SET(cmd_hca_cap_cqe_comp, c, cqe_compression_max_num,
		  m->cqe_compression ? EMU_CQE_COMP_MAX : 0);
	MLX5X_SET(cmd_hca_cap_cqe_comp, c, mini_cqe_resp_stride_index,
		  m->cqe_compression && m->striding_rq);
	MLX5X_SET(cmd_hca_cap_cqe_comp, c, mini_cqe_resp_flow_tag,
		  m->cqe_compression && m->mini_cqe_ftag_l34h);
	MLX5X_SET(cmd_hca_cap_cqe_comp, c, mini_cqe_resp_l3_l4_tag,
		  m->cqe_compression && m->mini_cqe_ftag_l34h);
	emu_match_caps_general(m, c);
}

static void
emu_hca_cap_eth(const struct emu_adapter *ad, void *c)
{
	const struct emu_model *m = ad->cfg.model;

	MLX5X_SET(per_protocol_networking_offload_caps, c, csum_cap, 1);
	MLX5X_SET(per_protocol_networking_offload_caps, c, vlan_cap, 1);
	MLX5X_SET(per_protocol_networking_offload_caps, c, wqe_vlan_insert, 1);
	MLX5X_SET(per_protocol_networking_offload_caps, c, max_lso_cap,
		  m->max_lso_cap);
	/* mlx5_ib grants MLX5DV_CONTEXT_FLAGS_MPW_ALLOWED exactly when this
	 * cap is non-zero, and DPDK's mlx5 PMD, proven on ConnectX-5
	 * hardware, uses enhanced MPW only under MPW_ALLOWED: firmware of
	 * the enhanced-MPW models reports it too. */
	MLX5X_SET(per_protocol_networking_offload_caps, c, multi_pkt_send_wqe,
		  m->mpw || m->enhanced_mpw);
	MLX5X_SET(per_protocol_networking_offload_caps, c, wqe_inline_mode,
		  m->wqe_inline_mode);
	MLX5X_SET(per_protocol_networking_offload_caps, c, rss_ind_tbl_cap,
		  m->log_max_rqt_size);
	MLX5X_SET(per_protocol_networking_offload_caps, c, scatter_fcs, 1);
	MLX5X_SET(per_protocol_networking_offload_caps, c,
		  enhanced_multi_pkt_send_wqe, m->enhanced_mpw);
}

/* Header rewrite and reformat per table type: encap on the transmit
 * side (NIC TX, FDB), decap on the receive side (NIC RX, FDB). */
static void
emu_hca_cap_ft_rewrite(const struct emu_adapter *ad, void *p, bool rx, bool tx)
{
	MLX5X_SET(flow_table_prop_layout, p, max_modify_header_actions,
		  ad->cfg.model->max_modify_header_actions);
	MLX5X_SET(flow_table_prop_layout, p, log_max_modify_header_context, 16);
	MLX5X_SET(flow_table_prop_reformat, p, reformat, tx);
	MLX5X_SET(flow_table_prop_reformat, p, decap, rx);
	MLX5X_SET(flow_table_prop_reformat, p, reformat_l3_tunnel_to_l2, rx);
	MLX5X_SET(flow_table_prop_reformat, p, reformat_l2_to_l3_tunnel, tx);
}

static void
emu_hca_cap_ft_props(const struct emu_adapter *ad, void *p)
{
	MLX5X_SET(flow_table_prop_layout, p, ft_support, 1);
	MLX5X_SET(flow_table_prop_layout, p, flow_tag, 1);
	MLX5X_SET(flow_table_prop_layout, p, modify_root, 1);
	MLX5X_SET(flow_table_prop_layout, p, identified_miss_table, 1);
	MLX5X_SET(flow_table_prop_layout, p, log_max_ft_size, 20);
	MLX5X_SET(flow_table_prop_layout, p, max_ft_level,
		  ad->cfg.model->max_ft_level);
	MLX5X_SET(flow_table_prop_layout, p, log_max_ft_num, 16);
	/* What SET_FLOW_TABLE_ENTRY takes (mlx5x_emu_steer.h). */
	MLX5X_SET(flow_table_prop_layout, p, log_max_destination,
		  EMU_FTE_LOG_MAX_DESTS);
	MLX5X_SET(flow_table_prop_layout, p, log_max_flow_counter,
		  EMU_FTE_LOG_MAX_COUNTERS);
	MLX5X_SET(flow_table_prop_layout, p, log_max_flow, 20);
	emu_match_caps_props(ad->cfg.model, p);
}

int
emu_hca_cap_query(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
		  size_t outlen, uint32_t *syndrome, struct emu_cmd_result *res)
{
	const struct emu_adapter *ad = ctx->ad;
	uint16_t op_mod = MLX5X_GET(query_hca_cap_in, in, op_mod);
	void *cap = MLX5X_ADDR_OF(query_hca_cap_out, out, capability);

	(void)inlen;
	(void)outlen;
	(void)res;
	switch (op_mod >> 1) {
	case MLX5X_CAP_GENERAL:
		emu_hca_cap_general(ad, ctx->fn, cap);
		break;
	case MLX5X_CAP_ETHERNET_OFFLOADS:
		emu_hca_cap_eth(ad, cap);
		break;
	case MLX5X_CAP_FLOW_TABLE:
		emu_hca_cap_ft_props(ad,
				     MLX5X_ADDR_OF(flow_table_nic_cap, cap,
						   flow_table_properties_nic_receive));
		emu_hca_cap_ft_props(ad,
				     MLX5X_ADDR_OF(flow_table_nic_cap, cap,
						   flow_table_properties_nic_transmit));
		emu_hca_cap_ft_rewrite(ad,
				       MLX5X_ADDR_OF(flow_table_nic_cap, cap,
						     flow_table_properties_nic_receive),
				       true, false);
		emu_hca_cap_ft_rewrite(ad,
				       MLX5X_ADDR_OF(flow_table_nic_cap, cap,
						     flow_table_properties_nic_transmit),
				       false, true);
		MLX5X_SET(flow_table_prop_layout,
			  MLX5X_ADDR_OF(flow_table_nic_cap, cap,
					flow_table_properties_nic_transmit),
			  ft_support, ad->cfg.model->nic_tx_ft);
		MLX5X_SET(flow_table_nic_cap_head, cap,
			  log_max_packet_reformat_context, 16);
		/* L2_TO_L2_TUNNEL: any header software gives (mlx5_ib
		 * offers it on NIC TX where this is set). */
		MLX5X_SET(flow_table_nic_cap_head, cap, encap_general_header,
			  1);
		MLX5X_SET(flow_table_nic_cap_head, cap, max_encap_header_size,
			  EMU_MAX_ENCAP_HEADER);
		break;
	case MLX5X_CAP_ESWITCH_FLOW_TABLE:
		/* Only an E-Switch manager (switchdev) has an FDB. */
		if (!emu_hca_cap_esw_manager(ad, ctx->fn)) {
			*syndrome = 0x6a3e1;
			return MLX5X_CMD_STAT_BAD_PARAM_ERR;
		}
		/* Registers the FDB can pass to a vport's NIC RX. */
		MLX5X_SET(flow_table_eswitch_cap_head, cap,
			  fdb_to_vport_reg_c_id, EMU_FDB_TO_VPORT_REG_C_CAP);
		emu_hca_cap_ft_props(ad,
				     MLX5X_ADDR_OF(flow_table_eswitch_cap, cap,
						   flow_table_properties_nic_esw_fdb));
		emu_hca_cap_ft_rewrite(ad,
				       MLX5X_ADDR_OF(flow_table_eswitch_cap,
						     cap,
						     flow_table_properties_nic_esw_fdb),
				       true, true);
		break;
	case EMU_CAP_ESWITCH:
		/* The E-Switch manager's own capabilities: one E-Switch per
		 * adapter (not merged), no vport VLAN offloads; the manager
		 * is vport 0, so esw_manager_vport_number is not needed
		 * (valid 0: only an ECPF reports another). */
		if (!emu_hca_cap_esw_manager(ad, ctx->fn)) {
			*syndrome = 0x6a3e2;
			return MLX5X_CMD_STAT_BAD_PARAM_ERR;
		}
		MLX5X_SET(emu_e_switch_cap, cap, merged_eswitch, 0);
		MLX5X_SET(emu_e_switch_cap, cap, esw_manager_vport_number_valid,
			  0);
		break;
	default:
		*syndrome = 0x6a3e0; /* capability type not modelled */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	return MLX5X_CMD_STAT_OK;
}
