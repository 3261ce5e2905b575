/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PRM layouts for header rewrite and packet reformat (ConnectX PRM as
 * published in the Linux kernel's include/linux/mlx5/mlx5_ifc.h and
 * rdma-core's providers/mlx5/mlx5_ifc.h). Kept next to the emulator until
 * the driver needs them; then they move to mlx5x_prm.h unchanged.
 */
#ifndef MLX5X_EMU_PRM_REWRITE_H
#define MLX5X_EMU_PRM_REWRITE_H

#include "mlx5x_prm.h"

/* PRM command opcodes (mlx5_ifc.h MLX5_CMD_OP_*). */
enum {
	MLX5X_CMD_OP_ALLOC_PACKET_REFORMAT_CONTEXT = 0x93d,
	MLX5X_CMD_OP_DEALLOC_PACKET_REFORMAT_CONTEXT = 0x93e,
	MLX5X_CMD_OP_ALLOC_MODIFY_HEADER_CONTEXT = 0x940,
	MLX5X_CMD_OP_DEALLOC_MODIFY_HEADER_CONTEXT = 0x941,
};

/* PRM: one modify-header action is 64 bits: set, add or copy. */
struct mlx5_ifc_set_action_in_bits {
	mlx5x_u8 action_type[0x4];
	mlx5x_u8 field[0xc];
	mlx5x_u8 reserved_at_10[0x3];
	mlx5x_u8 offset[0x5];
	mlx5x_u8 reserved_at_18[0x3];
	mlx5x_u8 length[0x5];
	mlx5x_u8 data[0x20];
};

struct mlx5_ifc_add_action_in_bits {
	mlx5x_u8 action_type[0x4];
	mlx5x_u8 field[0xc];
	mlx5x_u8 reserved_at_10[0x10];
	mlx5x_u8 data[0x20];
};

struct mlx5_ifc_copy_action_in_bits {
	mlx5x_u8 action_type[0x4];
	mlx5x_u8 src_field[0xc];
	mlx5x_u8 reserved_at_10[0x3];
	mlx5x_u8 src_offset[0x5];
	mlx5x_u8 reserved_at_18[0x3];
	mlx5x_u8 length[0x5];
	mlx5x_u8 reserved_at_20[0x4];
	mlx5x_u8 dst_field[0xc];
	mlx5x_u8 reserved_at_30[0x3];
	mlx5x_u8 dst_offset[0x5];
	mlx5x_u8 reserved_at_38[0x8];
};

/* PRM: set/add/copy action_type. */
enum {
	MLX5X_ACTION_TYPE_SET = 0x1,
	MLX5X_ACTION_TYPE_ADD = 0x2,
	MLX5X_ACTION_TYPE_COPY = 0x3,
};

/* PRM: modify-header field ids (mlx5_ifc.h MLX5_ACTION_IN_FIELD_*). */
enum {
	MLX5X_ACTION_IN_FIELD_OUT_SMAC_47_16 = 0x1,
	MLX5X_ACTION_IN_FIELD_OUT_SMAC_15_0 = 0x2,
	MLX5X_ACTION_IN_FIELD_OUT_ETHERTYPE = 0x3,
	MLX5X_ACTION_IN_FIELD_OUT_DMAC_47_16 = 0x4,
	MLX5X_ACTION_IN_FIELD_OUT_DMAC_15_0 = 0x5,
	MLX5X_ACTION_IN_FIELD_OUT_IP_DSCP = 0x6,
	MLX5X_ACTION_IN_FIELD_OUT_TCP_FLAGS = 0x7,
	MLX5X_ACTION_IN_FIELD_OUT_TCP_SPORT = 0x8,
	MLX5X_ACTION_IN_FIELD_OUT_TCP_DPORT = 0x9,
	MLX5X_ACTION_IN_FIELD_OUT_IP_TTL = 0xa,
	MLX5X_ACTION_IN_FIELD_OUT_UDP_SPORT = 0xb,
	MLX5X_ACTION_IN_FIELD_OUT_UDP_DPORT = 0xc,
	MLX5X_ACTION_IN_FIELD_OUT_SIPV6_127_96 = 0xd,
	MLX5X_ACTION_IN_FIELD_OUT_SIPV6_95_64 = 0xe,
	MLX5X_ACTION_IN_FIELD_OUT_SIPV6_63_32 = 0xf,
	MLX5X_ACTION_IN_FIELD_OUT_SIPV6_31_0 = 0x10,
	MLX5X_ACTION_IN_FIELD_OUT_DIPV6_127_96 = 0x11,
	MLX5X_ACTION_IN_FIELD_OUT_DIPV6_95_64 = 0x12,
	MLX5X_ACTION_IN_FIELD_OUT_DIPV6_63_32 = 0x13,
	MLX5X_ACTION_IN_FIELD_OUT_DIPV6_31_0 = 0x14,
	MLX5X_ACTION_IN_FIELD_OUT_SIPV4 = 0x15,
	MLX5X_ACTION_IN_FIELD_OUT_DIPV4 = 0x16,
	MLX5X_ACTION_IN_FIELD_OUT_FIRST_VID = 0x17,
	MLX5X_ACTION_IN_FIELD_OUT_IPV6_HOPLIMIT = 0x47,
	MLX5X_ACTION_IN_FIELD_METADATA_REG_A = 0x49,
	MLX5X_ACTION_IN_FIELD_METADATA_REG_B = 0x50,
	MLX5X_ACTION_IN_FIELD_METADATA_REG_C_0 = 0x51,
	MLX5X_ACTION_IN_FIELD_METADATA_REG_C_7 = 0x58,
	MLX5X_ACTION_IN_FIELD_OUT_TCP_SEQ_NUM = 0x59,
	MLX5X_ACTION_IN_FIELD_OUT_TCP_ACK_NUM = 0x5b,
};

struct mlx5_ifc_alloc_modify_header_context_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 reserved_at_40[0x20];
	mlx5x_u8 table_type[0x8];
	mlx5x_u8 reserved_at_68[0x10];
	mlx5x_u8 num_of_actions[0x8];
	/* num_of_actions 64-bit actions follow */
};

struct mlx5_ifc_alloc_modify_header_context_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 modify_header_id[0x20];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_dealloc_modify_header_context_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 modify_header_id[0x20];
	mlx5x_u8 reserved_at_60[0x20];
};

/* PRM: packet_reformat_context_in; reformat_data_size bytes of data start
 * at reformat_data (the first two inside the context, the rest after). */
struct mlx5_ifc_packet_reformat_context_in_bits {
	mlx5x_u8 reformat_type[0x8];
	mlx5x_u8 reserved_at_8[0x4];
	mlx5x_u8 reformat_param_0[0x4];
	mlx5x_u8 reserved_at_10[0x6];
	mlx5x_u8 reformat_data_size[0xa];
	mlx5x_u8 reformat_param_1[0x8];
	mlx5x_u8 reserved_at_28[0x8];
	mlx5x_u8 reformat_data[2][0x8];
};

struct mlx5_ifc_alloc_packet_reformat_context_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 reserved_at_40[0xa0];
	struct mlx5_ifc_packet_reformat_context_in_bits packet_reformat_context;
};

struct mlx5_ifc_alloc_packet_reformat_context_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 packet_reformat_id[0x20];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_dealloc_packet_reformat_context_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 packet_reformat_id[0x20];
	mlx5x_u8 reserved_at_60[0x20];
};

/* PRM: packet_reformat_context_in.reformat_type. */
enum {
	MLX5X_REFORMAT_TYPE_L2_TO_VXLAN = 0x0,
	MLX5X_REFORMAT_TYPE_L2_TO_NVGRE = 0x1,
	MLX5X_REFORMAT_TYPE_L2_TO_L2_TUNNEL = 0x2,
	MLX5X_REFORMAT_TYPE_L3_TUNNEL_TO_L2 = 0x3,
	MLX5X_REFORMAT_TYPE_L2_TO_L3_TUNNEL = 0x4,
};

/* PRM: the head of flow_table_nic_cap (before the NIC RX properties). */
struct mlx5_ifc_flow_table_nic_cap_head_bits {
	mlx5x_u8 nic_rx_multi_path_tirs[0x1];
	mlx5x_u8 nic_rx_multi_path_tirs_fts[0x1];
	mlx5x_u8 allow_sniffer_and_nic_rx_shared_tir[0x1];
	mlx5x_u8 reserved_at_3[0x1d];
	mlx5x_u8 encap_general_header[0x1];
	mlx5x_u8 reserved_at_21[0xa];
	mlx5x_u8 log_max_packet_reformat_context[0x5];
	mlx5x_u8 reserved_at_30[0x6];
	mlx5x_u8 max_encap_header_size[0xa];
};

/* PRM: flow_table_prop_layout, first dword with the reformat bits. */
struct mlx5_ifc_flow_table_prop_reformat_bits {
	mlx5x_u8 reserved_at_0[0x7];
	mlx5x_u8 reformat[0x1];
	mlx5x_u8 decap[0x1];
	mlx5x_u8 reserved_at_9[0x9];
	mlx5x_u8 reformat_l3_tunnel_to_l2[0x1];
	mlx5x_u8 reformat_l2_to_l3_tunnel[0x1];
	mlx5x_u8 reserved_at_14[0xc];
};

#endif /* MLX5X_EMU_PRM_REWRITE_H */
