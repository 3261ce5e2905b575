/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PRM layouts shared by the driver and the emulated ConnectX.
 *
 * Source of every fact here: the ConnectX Programmer's Reference Manual as
 * published in the Linux kernel's include/linux/mlx5/mlx5_ifc.h and
 * rdma-core's mlx5_ifc.h. Layouts that <infiniband/mlx5dv.h> already gives
 * (struct mlx5_cqe64, mlx5_wqe_ctrl_seg, mlx5_wqe_eth_seg,
 * mlx5_wqe_data_seg, MLX5_OPCODE_*, MLX5_CQE_*) are used from there and not
 * repeated.
 *
 * Boxes are written in the mlx5_ifc convention: one mlx5x_u8 per bit, so
 * offsetof() is a bit offset and sizeof() a bit width; the accessors below
 * turn that into big-endian dword reads and writes as the PRM defines them.
 * Only the fields mlx5x uses are named; everything else is a
 * reserved_at_<bit offset> filler so each line can be held against the
 * manual. APPEND-ONLY: add fields by splitting a filler, never move one.
 */
#ifndef MLX5X_PRM_H
#define MLX5X_PRM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>

#include <infiniband/mlx5dv.h>

/* One byte per PRM bit; a name of our own so it clashes with nothing. */
typedef uint8_t mlx5x_u8;

/* ---- accessors ---------------------------------------------------------- */

#define MLX5X_NULLP_(typ) ((struct mlx5_ifc_##typ##_bits *)0)
#define MLX5X_BIT_SZ(typ, fld) (sizeof(MLX5X_NULLP_(typ)->fld))
#define MLX5X_BIT_OFF(typ, fld) (offsetof(struct mlx5_ifc_##typ##_bits, fld))
#define MLX5X_BYTE_OFF(typ, fld) (MLX5X_BIT_OFF(typ, fld) / 8)
#define MLX5X_DW_OFF(typ, fld) (MLX5X_BIT_OFF(typ, fld) / 32)
#define MLX5X_ST_SZ_BITS(typ) (sizeof(struct mlx5_ifc_##typ##_bits))
#define MLX5X_ST_SZ_BYTES(typ) (MLX5X_ST_SZ_BITS(typ) / 8)
#define MLX5X_ST_SZ_DW(typ) (MLX5X_ST_SZ_BITS(typ) / 32)
#define MLX5X_ST_SZ_QW(typ) (MLX5X_ST_SZ_BITS(typ) / 64)
#define MLX5X_UN_SZ_BYTES(typ) (sizeof(union mlx5_ifc_##typ##_bits) / 8)

/* Address of a field (struct or byte array) inside a box; goes through
 * uintptr_t so const boxes work under -Wcast-qual. */
#define MLX5X_ADDR_OF(typ, p, fld)                                             \
	((void *)((uintptr_t)(p) + MLX5X_BYTE_OFF(typ, fld)))

static inline uint32_t
mlx5x_prm_get(const void *p, size_t bit_off, size_t bit_sz)
{
	uint32_t dw;
	uint32_t shift = 32 - bit_sz - (bit_off & 0x1f);

	memcpy(&dw, (const uint8_t *)p + (bit_off / 32) * 4, 4);
	dw = ntohl(dw);
	if (bit_sz >= 32)
		return dw;
	return (dw >> shift) & ((1u << bit_sz) - 1);
}

static inline void
mlx5x_prm_set(void *p, size_t bit_off, size_t bit_sz, uint32_t v)
{
	uint32_t dw, mask;
	uint32_t shift = 32 - bit_sz - (bit_off & 0x1f);
	uint8_t *a = (uint8_t *)p + (bit_off / 32) * 4;

	if (bit_sz >= 32) {
		dw = htonl(v);
		memcpy(a, &dw, 4);
		return;
	}
	mask = ((1u << bit_sz) - 1) << shift;
	memcpy(&dw, a, 4);
	dw = ntohl(dw);
	dw = (dw & ~mask) | ((v << shift) & mask);
	dw = htonl(dw);
	memcpy(a, &dw, 4);
}

static inline uint64_t
mlx5x_prm_get64(const void *p, size_t bit_off)
{
	uint32_t hi, lo;

	memcpy(&hi, (const uint8_t *)p + bit_off / 8, 4);
	memcpy(&lo, (const uint8_t *)p + bit_off / 8 + 4, 4);
	return ((uint64_t)ntohl(hi) << 32) | ntohl(lo);
}

static inline void
mlx5x_prm_set64(void *p, size_t bit_off, uint64_t v)
{
	uint32_t hi = htonl((uint32_t)(v >> 32)), lo = htonl((uint32_t)v);

	memcpy((uint8_t *)p + bit_off / 8, &hi, 4);
	memcpy((uint8_t *)p + bit_off / 8 + 4, &lo, 4);
}

/* Fields up to 32 bits wide that do not cross a dword. */
#define MLX5X_SET(typ, p, fld, v)                                              \
	do {                                                                   \
		_Static_assert(MLX5X_BIT_SZ(typ, fld) <= 32 &&                 \
				       (MLX5X_BIT_OFF(typ, fld) &              \
					0x1f) + MLX5X_BIT_SZ(typ, fld) <=      \
					       32,                             \
			       "field crosses a dword");                       \
		mlx5x_prm_set((p), MLX5X_BIT_OFF(typ, fld),                    \
			      MLX5X_BIT_SZ(typ, fld), (uint32_t)(v));          \
	} while (0)
#define MLX5X_GET(typ, p, fld)                                                 \
	mlx5x_prm_get((p), MLX5X_BIT_OFF(typ, fld), MLX5X_BIT_SZ(typ, fld))
/* 64-bit fields, 64-bit aligned. */
#define MLX5X_SET64(typ, p, fld, v)                                            \
	do {                                                                   \
		_Static_assert(MLX5X_BIT_SZ(typ, fld) == 64 &&                 \
				       (MLX5X_BIT_OFF(typ, fld) & 0x3f) == 0,  \
			       "not a 64-bit field");                          \
		mlx5x_prm_set64((p), MLX5X_BIT_OFF(typ, fld), (v));            \
	} while (0)
#define MLX5X_GET64(typ, p, fld) mlx5x_prm_get64((p), MLX5X_BIT_OFF(typ, fld))

/* ---- command interface -------------------------------------------------- */

/* PRM: command opcodes (mlx5_ifc.h MLX5_CMD_OP_*). */
enum {
	MLX5X_CMD_OP_QUERY_HCA_CAP = 0x100,
	MLX5X_CMD_OP_CREATE_CQ = 0x400,
	MLX5X_CMD_OP_DESTROY_CQ = 0x401,
	MLX5X_CMD_OP_QUERY_CQ = 0x402,
	MLX5X_CMD_OP_MODIFY_CQ = 0x403,
	MLX5X_CMD_OP_QUERY_NIC_VPORT_CONTEXT = 0x754,
	MLX5X_CMD_OP_MODIFY_NIC_VPORT_CONTEXT = 0x755,
	MLX5X_CMD_OP_QUERY_VPORT_COUNTER = 0x770,
	MLX5X_CMD_OP_ALLOC_Q_COUNTER = 0x771,
	MLX5X_CMD_OP_DEALLOC_Q_COUNTER = 0x772,
	MLX5X_CMD_OP_QUERY_Q_COUNTER = 0x773,
	MLX5X_CMD_OP_ALLOC_PD = 0x800,
	MLX5X_CMD_OP_DEALLOC_PD = 0x801,
	MLX5X_CMD_OP_ALLOC_TRANSPORT_DOMAIN = 0x816,
	MLX5X_CMD_OP_DEALLOC_TRANSPORT_DOMAIN = 0x817,
	MLX5X_CMD_OP_CREATE_TIR = 0x900,
	MLX5X_CMD_OP_MODIFY_TIR = 0x901,
	MLX5X_CMD_OP_DESTROY_TIR = 0x902,
	MLX5X_CMD_OP_QUERY_TIR = 0x903,
	MLX5X_CMD_OP_CREATE_SQ = 0x904,
	MLX5X_CMD_OP_MODIFY_SQ = 0x905,
	MLX5X_CMD_OP_DESTROY_SQ = 0x906,
	MLX5X_CMD_OP_QUERY_SQ = 0x907,
	MLX5X_CMD_OP_CREATE_RQ = 0x908,
	MLX5X_CMD_OP_MODIFY_RQ = 0x909,
	MLX5X_CMD_OP_DESTROY_RQ = 0x90a,
	MLX5X_CMD_OP_QUERY_RQ = 0x90b,
	MLX5X_CMD_OP_CREATE_TIS = 0x912,
	MLX5X_CMD_OP_MODIFY_TIS = 0x913,
	MLX5X_CMD_OP_DESTROY_TIS = 0x914,
	MLX5X_CMD_OP_QUERY_TIS = 0x915,
	MLX5X_CMD_OP_CREATE_RQT = 0x916,
	MLX5X_CMD_OP_MODIFY_RQT = 0x917,
	MLX5X_CMD_OP_DESTROY_RQT = 0x918,
	MLX5X_CMD_OP_QUERY_RQT = 0x919,
	MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT = 0x92f,
	MLX5X_CMD_OP_CREATE_FLOW_TABLE = 0x930,
	MLX5X_CMD_OP_DESTROY_FLOW_TABLE = 0x931,
	MLX5X_CMD_OP_CREATE_FLOW_GROUP = 0x933,
	MLX5X_CMD_OP_DESTROY_FLOW_GROUP = 0x934,
	MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY = 0x936,
	MLX5X_CMD_OP_DELETE_FLOW_TABLE_ENTRY = 0x938,
};

/* PRM: command completion status (out box, status field). */
enum {
	MLX5X_CMD_STAT_OK = 0x0,
	MLX5X_CMD_STAT_INT_ERR = 0x1,
	MLX5X_CMD_STAT_BAD_OP_ERR = 0x2,
	MLX5X_CMD_STAT_BAD_PARAM_ERR = 0x3,
	MLX5X_CMD_STAT_BAD_SYS_STATE_ERR = 0x4,
	MLX5X_CMD_STAT_BAD_RES_ERR = 0x5,
	MLX5X_CMD_STAT_RES_BUSY = 0x6,
	MLX5X_CMD_STAT_LIM_ERR = 0x8,
	MLX5X_CMD_STAT_BAD_RES_STATE_ERR = 0x9,
	MLX5X_CMD_STAT_IX_ERR = 0xa,
	MLX5X_CMD_STAT_NO_RES_ERR = 0xf,
	MLX5X_CMD_STAT_BAD_INP_LEN_ERR = 0x50,
	MLX5X_CMD_STAT_BAD_OUTP_LEN_ERR = 0x51,
};

/* Header every command in box starts with. */
struct mlx5_ifc_mbox_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 reserved_at_40[0x40];
};

/* Header every command out box starts with. */
struct mlx5_ifc_mbox_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x40];
};

/* Out box of every CREATE/ALLOC that returns a 24-bit object number. */
struct mlx5_ifc_create_obj_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 obj_id[0x18];
	mlx5x_u8 reserved_at_60[0x20];
};

/*
 * In box of DESTROY_CQ/SQ/RQ/TIR/TIS/RQT, DEALLOC_PD/TRANSPORT_DOMAIN and
 * QUERY_CQ/SQ/RQ/TIR/TIS/RQT: the object number at bit 0x48.
 */
struct mlx5_ifc_obj_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 obj_id[0x18];
	mlx5x_u8 reserved_at_60[0x20];
};

/* ---- QUERY_HCA_CAP ------------------------------------------------------ */

/* PRM: op_mod = capability type << 1 | current (1) or max (0). */
enum {
	MLX5X_CAP_GENERAL = 0x0,
	MLX5X_CAP_ETHERNET_OFFLOADS = 0x1,
	MLX5X_CAP_FLOW_TABLE = 0x7,
	MLX5X_CAP_ESWITCH_FLOW_TABLE = 0x8,
	MLX5X_HCA_CAP_OPMOD_GET_MAX = 0,
	MLX5X_HCA_CAP_OPMOD_GET_CUR = 1,
};

/* PRM: cmd_hca_cap.port_type. */
enum {
	MLX5X_CAP_PORT_TYPE_IB = 0x0,
	MLX5X_CAP_PORT_TYPE_ETH = 0x1,
};

struct mlx5_ifc_cmd_hca_cap_bits {
	mlx5x_u8 reserved_at_0[0x30];
	mlx5x_u8 vhca_id[0x10];
	mlx5x_u8 reserved_at_40[0x40];
	mlx5x_u8 log_max_srq_sz[0x8];
	mlx5x_u8 log_max_qp_sz[0x8];
	mlx5x_u8 reserved_at_90[0xb];
	mlx5x_u8 log_max_qp[0x5];
	mlx5x_u8 reserved_at_a0[0x20];
	mlx5x_u8 reserved_at_c0[0x8];
	mlx5x_u8 log_max_cq_sz[0x8];
	mlx5x_u8 reserved_at_d0[0xb];
	mlx5x_u8 log_max_cq[0x5];
	mlx5x_u8 log_max_eq_sz[0x8];
	mlx5x_u8 reserved_at_e8[0x2];
	mlx5x_u8 log_max_mkey[0x6];
	mlx5x_u8 reserved_at_f0[0xc];
	mlx5x_u8 log_max_eq[0x4];
	mlx5x_u8 max_indirection[0x8];
	mlx5x_u8 reserved_at_108[0x78];
	mlx5x_u8 reserved_at_180[0x1];
	mlx5x_u8 vport_counters[0x1];
	mlx5x_u8 reserved_at_182[0x1e];
	mlx5x_u8 vport_group_manager[0x1];
	mlx5x_u8 reserved_at_1a1[0x5];
	mlx5x_u8 nic_flow_table[0x1];
	mlx5x_u8 eswitch_manager[0x1];
	mlx5x_u8 reserved_at_1a8[0xe];
	mlx5x_u8 port_type[0x2];
	mlx5x_u8 num_ports[0x8];
	mlx5x_u8 reserved_at_1c0[0x3c];
	mlx5x_u8 cqe_version[0x4];
	mlx5x_u8 reserved_at_200[0x1];
	mlx5x_u8 striding_rq[0x1];
	mlx5x_u8 reserved_at_202[0x1a];
	mlx5x_u8 eth_net_offloads[0x1];
	mlx5x_u8 reserved_at_21d[0x23];
	mlx5x_u8 reserved_at_240[0x20];
	mlx5x_u8 reserved_at_260[0x80];
	mlx5x_u8 reserved_at_2e0[0x40];
	mlx5x_u8 reserved_at_320[0x3];
	mlx5x_u8 log_max_transport_domain[0x5];
	mlx5x_u8 reserved_at_328[0x3];
	mlx5x_u8 log_max_pd[0x5];
	mlx5x_u8 reserved_at_330[0x30];
	mlx5x_u8 reserved_at_360[0x3];
	mlx5x_u8 log_max_rq[0x5];
	mlx5x_u8 reserved_at_368[0x3];
	mlx5x_u8 log_max_sq[0x5];
	mlx5x_u8 reserved_at_370[0x3];
	mlx5x_u8 log_max_tir[0x5];
	mlx5x_u8 reserved_at_378[0x3];
	mlx5x_u8 log_max_tis[0x5];
	mlx5x_u8 basic_cyclic_rcv_wqe[0x1];
	mlx5x_u8 reserved_at_381[0x7];
	mlx5x_u8 reserved_at_388[0x3];
	mlx5x_u8 log_max_rqt[0x5];
	mlx5x_u8 reserved_at_390[0x3];
	mlx5x_u8 log_max_rqt_size[0x5];
	mlx5x_u8 reserved_at_398[0x3];
	mlx5x_u8 log_max_tis_per_sq[0x5];
	mlx5x_u8 reserved_at_3a0[0x3];
	mlx5x_u8 log_max_stride_sz_rq[0x5];
	mlx5x_u8 reserved_at_3a8[0x3];
	mlx5x_u8 log_min_stride_sz_rq[0x5];
	mlx5x_u8 reserved_at_3b0[0x28];
	mlx5x_u8 reserved_at_3d8[0x3];
	mlx5x_u8 log_max_wq_sz[0x5];
	mlx5x_u8 reserved_at_3e0[0x420];
};

struct mlx5_ifc_per_protocol_networking_offload_caps_bits {
	mlx5x_u8 csum_cap[0x1];
	mlx5x_u8 vlan_cap[0x1];
	mlx5x_u8 lro_cap[0x1];
	mlx5x_u8 reserved_at_3[0x4];
	mlx5x_u8 wqe_vlan_insert[0x1];
	mlx5x_u8 reserved_at_8[0x3];
	mlx5x_u8 max_lso_cap[0x5];
	mlx5x_u8 multi_pkt_send_wqe[0x2];
	mlx5x_u8 wqe_inline_mode[0x2];
	mlx5x_u8 rss_ind_tbl_cap[0x4];
	mlx5x_u8 reserved_at_18[0x1];
	mlx5x_u8 scatter_fcs[0x1];
	mlx5x_u8 enhanced_multi_pkt_send_wqe[0x1];
	mlx5x_u8 reserved_at_1b[0x5];
	mlx5x_u8 reserved_at_20[0x7e0];
};

/* PRM: per_protocol_networking_offload_caps.wqe_inline_mode. */
enum {
	MLX5X_CAP_INLINE_MODE_L2 = 0x0,
	MLX5X_CAP_INLINE_MODE_VPORT_CONTEXT = 0x1,
	MLX5X_CAP_INLINE_MODE_NOT_REQUIRED = 0x2,
};

struct mlx5_ifc_flow_table_prop_layout_bits {
	mlx5x_u8 ft_support[0x1];
	mlx5x_u8 flow_tag[0x1];
	mlx5x_u8 flow_counter[0x1];
	mlx5x_u8 flow_modify_en[0x1];
	mlx5x_u8 modify_root[0x1];
	mlx5x_u8 identified_miss_table[0x1];
	mlx5x_u8 flow_table_modify[0x1];
	mlx5x_u8 reformat[0x1];
	mlx5x_u8 decap[0x1];
	mlx5x_u8 reserved_at_9[0x1];
	mlx5x_u8 pop_vlan[0x1];
	mlx5x_u8 push_vlan[0x1];
	mlx5x_u8 reserved_at_c[0x14];
	mlx5x_u8 reserved_at_20[0x2];
	mlx5x_u8 log_max_ft_size[0x6];
	mlx5x_u8 log_max_modify_header_context[0x8];
	mlx5x_u8 max_modify_header_actions[0x8];
	mlx5x_u8 max_ft_level[0x8];
	mlx5x_u8 reserved_at_40[0x38];
	mlx5x_u8 log_max_ft_num[0x8];
	mlx5x_u8 reserved_at_80[0x10];
	mlx5x_u8 log_max_flow_counter[0x8];
	mlx5x_u8 log_max_destination[0x8];
	mlx5x_u8 reserved_at_a0[0x18];
	mlx5x_u8 log_max_flow[0x8];
	mlx5x_u8 reserved_at_c0[0x140];
};

struct mlx5_ifc_flow_table_nic_cap_bits {
	mlx5x_u8 reserved_at_0[0x200];
	struct mlx5_ifc_flow_table_prop_layout_bits
		flow_table_properties_nic_receive;
	mlx5x_u8 reserved_at_400[0x400];
	struct mlx5_ifc_flow_table_prop_layout_bits
		flow_table_properties_nic_transmit;
	mlx5x_u8 reserved_at_a00[0x7600];
};

/* PRM: flow_table_eswitch_cap; the FDB properties at bit 0x200. */
struct mlx5_ifc_flow_table_eswitch_cap_bits {
	mlx5x_u8 reserved_at_0[0x200];
	struct mlx5_ifc_flow_table_prop_layout_bits
		flow_table_properties_nic_esw_fdb;
	mlx5x_u8 reserved_at_400[0x7c00];
};

union mlx5_ifc_hca_cap_union_bits {
	struct mlx5_ifc_cmd_hca_cap_bits cmd_hca_cap;
	struct mlx5_ifc_per_protocol_networking_offload_caps_bits
		per_protocol_networking_offload_caps;
	struct mlx5_ifc_flow_table_nic_cap_bits flow_table_nic_cap;
	struct mlx5_ifc_flow_table_eswitch_cap_bits flow_table_eswitch_cap;
	mlx5x_u8 reserved_at_0[0x8000];
};

struct mlx5_ifc_query_hca_cap_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 reserved_at_10[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 other_function[0x1];
	mlx5x_u8 reserved_at_41[0xf];
	mlx5x_u8 function_id[0x10];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_query_hca_cap_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x40];
	union mlx5_ifc_hca_cap_union_bits capability;
};

/* ---- NIC vport context -------------------------------------------------- */

struct mlx5_ifc_mac_address_layout_bits {
	mlx5x_u8 reserved_at_0[0x10];
	mlx5x_u8 mac_addr_47_32[0x10];
	mlx5x_u8 mac_addr_31_0[0x20];
};

struct mlx5_ifc_nic_vport_context_bits {
	mlx5x_u8 reserved_at_0[0x5];
	mlx5x_u8 min_wqe_inline_mode[0x3];
	mlx5x_u8 reserved_at_8[0x15];
	mlx5x_u8 disable_mc_local_lb[0x1];
	mlx5x_u8 disable_uc_local_lb[0x1];
	mlx5x_u8 roce_en[0x1];
	mlx5x_u8 reserved_at_20[0x20];
	mlx5x_u8 reserved_at_40[0x20];
	mlx5x_u8 reserved_at_60[0xd0];
	mlx5x_u8 mtu[0x10];
	mlx5x_u8 system_image_guid[0x40];
	mlx5x_u8 port_guid[0x40];
	mlx5x_u8 node_guid[0x40];
	mlx5x_u8 reserved_at_200[0x580];
	mlx5x_u8 promisc_uc[0x1];
	mlx5x_u8 promisc_mc[0x1];
	mlx5x_u8 promisc_all[0x1];
	mlx5x_u8 reserved_at_783[0x2];
	mlx5x_u8 allowed_list_type[0x3];
	mlx5x_u8 reserved_at_788[0xc];
	mlx5x_u8 allowed_list_size[0xc];
	struct mlx5_ifc_mac_address_layout_bits permanent_address;
	mlx5x_u8 reserved_at_7e0[0x20];
};

struct mlx5_ifc_query_nic_vport_context_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 reserved_at_10[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 other_vport[0x1];
	mlx5x_u8 reserved_at_41[0xf];
	mlx5x_u8 vport_number[0x10];
	mlx5x_u8 reserved_at_60[0x5];
	mlx5x_u8 allowed_list_type[0x3];
	mlx5x_u8 reserved_at_68[0x18];
};

struct mlx5_ifc_query_nic_vport_context_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x40];
	struct mlx5_ifc_nic_vport_context_bits nic_vport_context;
};

struct mlx5_ifc_modify_nic_vport_field_select_bits {
	mlx5x_u8 reserved_at_0[0x12];
	mlx5x_u8 affiliation[0x1];
	mlx5x_u8 reserved_at_13[0x1];
	mlx5x_u8 disable_uc_local_lb[0x1];
	mlx5x_u8 disable_mc_local_lb[0x1];
	mlx5x_u8 node_guid[0x1];
	mlx5x_u8 port_guid[0x1];
	mlx5x_u8 min_inline[0x1];
	mlx5x_u8 mtu[0x1];
	mlx5x_u8 change_event[0x1];
	mlx5x_u8 promisc[0x1];
	mlx5x_u8 permanent_address[0x1];
	mlx5x_u8 addresses_list[0x1];
	mlx5x_u8 roce_en[0x1];
	mlx5x_u8 reserved_at_1f[0x1];
};

struct mlx5_ifc_modify_nic_vport_context_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 reserved_at_10[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 other_vport[0x1];
	mlx5x_u8 reserved_at_41[0xf];
	mlx5x_u8 vport_number[0x10];
	struct mlx5_ifc_modify_nic_vport_field_select_bits field_select;
	mlx5x_u8 reserved_at_80[0x780];
	struct mlx5_ifc_nic_vport_context_bits nic_vport_context;
};

/* ---- ALLOC_Q_COUNTER, DEALLOC_Q_COUNTER, QUERY_Q_COUNTER ---------------- */
/* A queue counter set: RQs created with its id in rqc.counter_set_id count
 * into it; out_of_buffer is the frames they dropped for want of a posted
 * WQE. DEALLOC_Q_COUNTER is the object's destroy. */

struct mlx5_ifc_alloc_q_counter_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 reserved_at_40[0x40];
};

struct mlx5_ifc_alloc_q_counter_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x18];
	mlx5x_u8 counter_set_id[0x8];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_dealloc_q_counter_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 reserved_at_40[0x18];
	mlx5x_u8 counter_set_id[0x8];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_query_q_counter_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 other_vport[0x1];
	mlx5x_u8 reserved_at_41[0xf];
	mlx5x_u8 vport_number[0x10];
	mlx5x_u8 reserved_at_60[0x60];
	mlx5x_u8 clear[0x1];
	mlx5x_u8 aggregate[0x1];
	mlx5x_u8 reserved_at_c2[0x1e];
	mlx5x_u8 reserved_at_e0[0x18];
	mlx5x_u8 counter_set_id[0x8];
};

struct mlx5_ifc_query_q_counter_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x40];
	mlx5x_u8 rx_write_requests[0x20];
	mlx5x_u8 reserved_at_a0[0x20];
	mlx5x_u8 rx_read_requests[0x20];
	mlx5x_u8 reserved_at_e0[0x20];
	mlx5x_u8 rx_atomic_requests[0x20];
	mlx5x_u8 reserved_at_120[0x20];
	mlx5x_u8 rx_dct_connect[0x20];
	mlx5x_u8 reserved_at_160[0x20];
	mlx5x_u8 out_of_buffer[0x20];
	mlx5x_u8 reserved_at_1a0[0x20];
	mlx5x_u8 out_of_sequence[0x20];
	mlx5x_u8 reserved_at_1e0[0x620];
};

/* ---- QUERY_VPORT_COUNTER ------------------------------------------------ */

struct mlx5_ifc_traffic_counter_bits {
	mlx5x_u8 packets[0x40];
	mlx5x_u8 octets[0x40];
};

struct mlx5_ifc_query_vport_counter_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 reserved_at_10[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 other_vport[0x1];
	mlx5x_u8 reserved_at_41[0xb];
	mlx5x_u8 port_num[0x4];
	mlx5x_u8 vport_number[0x10];
	mlx5x_u8 reserved_at_60[0x60];
	mlx5x_u8 clear[0x1];
	mlx5x_u8 reserved_at_c1[0x1f];
	mlx5x_u8 reserved_at_e0[0x20];
};

struct mlx5_ifc_query_vport_counter_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x40];
	struct mlx5_ifc_traffic_counter_bits received_errors;
	struct mlx5_ifc_traffic_counter_bits transmit_errors;
	struct mlx5_ifc_traffic_counter_bits received_ib_unicast;
	struct mlx5_ifc_traffic_counter_bits transmitted_ib_unicast;
	struct mlx5_ifc_traffic_counter_bits received_ib_multicast;
	struct mlx5_ifc_traffic_counter_bits transmitted_ib_multicast;
	struct mlx5_ifc_traffic_counter_bits received_eth_broadcast;
	struct mlx5_ifc_traffic_counter_bits transmitted_eth_broadcast;
	struct mlx5_ifc_traffic_counter_bits received_eth_unicast;
	struct mlx5_ifc_traffic_counter_bits transmitted_eth_unicast;
	struct mlx5_ifc_traffic_counter_bits received_eth_multicast;
	struct mlx5_ifc_traffic_counter_bits transmitted_eth_multicast;
	mlx5x_u8 reserved_at_680[0xa00];
};

/* ---- PD and transport domain -------------------------------------------- */

struct mlx5_ifc_alloc_pd_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 pd[0x18];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_alloc_transport_domain_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 transport_domain[0x18];
	mlx5x_u8 reserved_at_60[0x20];
};

/* ---- CQ ----------------------------------------------------------------- */

/* PRM: cqc.cqe_sz. */
enum {
	MLX5X_CQE_SIZE_64B = 0x0,
	MLX5X_CQE_SIZE_128B = 0x1,
};

/* PRM: cqc.status. */
enum {
	MLX5X_CQC_STATUS_OK = 0x0,
	MLX5X_CQC_STATUS_CQ_OVERFLOW = 0x9,
	MLX5X_CQC_STATUS_CQ_WRITE_FAIL = 0xa,
};

struct mlx5_ifc_cqc_bits {
	mlx5x_u8 status[0x4];
	mlx5x_u8 reserved_at_4[0x2];
	mlx5x_u8 dbr_umem_valid[0x1];
	mlx5x_u8 reserved_at_7[0x1];
	mlx5x_u8 cqe_sz[0x3];
	mlx5x_u8 cc[0x1];
	mlx5x_u8 reserved_at_c[0x1];
	mlx5x_u8 scqe_break_moderation_en[0x1];
	mlx5x_u8 oi[0x1];
	mlx5x_u8 cq_period_mode[0x2];
	mlx5x_u8 cqe_comp_en[0x1];
	mlx5x_u8 mini_cqe_res_format[0x2];
	mlx5x_u8 st[0x4];
	mlx5x_u8 reserved_at_18[0x8];
	mlx5x_u8 dbr_umem_id[0x20];
	mlx5x_u8 reserved_at_40[0x14];
	mlx5x_u8 page_offset[0x6];
	mlx5x_u8 reserved_at_5a[0x6];
	mlx5x_u8 reserved_at_60[0x3];
	mlx5x_u8 log_cq_size[0x5];
	mlx5x_u8 uar_page[0x18];
	mlx5x_u8 reserved_at_80[0x4];
	mlx5x_u8 cq_period[0xc];
	mlx5x_u8 cq_max_count[0x10];
	mlx5x_u8 reserved_at_a0[0x18];
	mlx5x_u8 c_eqn[0x8];
	mlx5x_u8 reserved_at_c0[0x3];
	mlx5x_u8 log_page_size[0x5];
	mlx5x_u8 reserved_at_c8[0x18];
	mlx5x_u8 reserved_at_e0[0x20];
	mlx5x_u8 reserved_at_100[0x8];
	mlx5x_u8 last_notified_index[0x18];
	mlx5x_u8 reserved_at_120[0x8];
	mlx5x_u8 last_solicit_index[0x18];
	mlx5x_u8 reserved_at_140[0x8];
	mlx5x_u8 consumer_counter[0x18];
	mlx5x_u8 reserved_at_160[0x8];
	mlx5x_u8 producer_counter[0x18];
	mlx5x_u8 reserved_at_180[0x40];
	mlx5x_u8 dbr_addr[0x40];
};

struct mlx5_ifc_create_cq_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 reserved_at_40[0x40];
	struct mlx5_ifc_cqc_bits cq_context;
	mlx5x_u8 cq_umem_offset[0x40];
	mlx5x_u8 cq_umem_id[0x20];
	mlx5x_u8 cq_umem_valid[0x1];
	mlx5x_u8 reserved_at_2e1[0x1f];
	mlx5x_u8 reserved_at_300[0x580];
};

struct mlx5_ifc_create_cq_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 cqn[0x18];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_query_cq_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x40];
	struct mlx5_ifc_cqc_bits cq_context;
	mlx5x_u8 reserved_at_280[0x600];
};

/* ---- WQ, SQ, RQ --------------------------------------------------------- */

/* PRM: wq.wq_type. */
enum {
	MLX5X_WQ_TYPE_LINKED_LIST = 0x0,
	MLX5X_WQ_TYPE_CYCLIC = 0x1,
	MLX5X_WQ_TYPE_LINKED_LIST_STRIDING_RQ = 0x2,
	MLX5X_WQ_TYPE_CYCLIC_STRIDING_RQ = 0x3,
};

struct mlx5_ifc_wq_bits {
	mlx5x_u8 wq_type[0x4];
	mlx5x_u8 wq_signature[0x1];
	mlx5x_u8 end_padding_mode[0x2];
	mlx5x_u8 cd_slave[0x1];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 hds_skip_first_sge[0x1];
	mlx5x_u8 log2_hds_buf_size[0x3];
	mlx5x_u8 reserved_at_24[0x7];
	mlx5x_u8 page_offset[0x5];
	mlx5x_u8 lwm[0x10];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 pd[0x18];
	mlx5x_u8 reserved_at_60[0x8];
	mlx5x_u8 uar_page[0x18];
	mlx5x_u8 dbr_addr[0x40];
	mlx5x_u8 hw_counter[0x20];
	mlx5x_u8 sw_counter[0x20];
	mlx5x_u8 reserved_at_100[0xc];
	mlx5x_u8 log_wq_stride[0x4];
	mlx5x_u8 reserved_at_110[0x3];
	mlx5x_u8 log_wq_pg_sz[0x5];
	mlx5x_u8 reserved_at_118[0x3];
	mlx5x_u8 log_wq_sz[0x5];
	mlx5x_u8 dbr_umem_valid[0x1];
	mlx5x_u8 wq_umem_valid[0x1];
	mlx5x_u8 reserved_at_122[0x12];
	mlx5x_u8 single_wqe_log_num_of_strides[0x4];
	mlx5x_u8 two_byte_shift_en[0x1];
	mlx5x_u8 reserved_at_139[0x4];
	mlx5x_u8 single_stride_log_num_of_bytes[0x3];
	mlx5x_u8 dbr_umem_id[0x20];
	mlx5x_u8 wq_umem_id[0x20];
	mlx5x_u8 wq_umem_offset[0x40];
	mlx5x_u8 reserved_at_1c0[0x440];
};

/* PRM: sqc.state / rqc.state and the modify in boxes' current state. */
enum {
	MLX5X_QUEUE_STATE_RST = 0x0,
	MLX5X_QUEUE_STATE_RDY = 0x1,
	MLX5X_QUEUE_STATE_ERR = 0x3,
};

struct mlx5_ifc_sqc_bits {
	mlx5x_u8 rlky[0x1];
	mlx5x_u8 cd_master[0x1];
	mlx5x_u8 fre[0x1];
	mlx5x_u8 flush_in_error_en[0x1];
	mlx5x_u8 allow_multi_pkt_send_wqe[0x1];
	mlx5x_u8 min_wqe_inline_mode[0x3];
	mlx5x_u8 state[0x4];
	mlx5x_u8 reg_umr[0x1];
	mlx5x_u8 allow_swp[0x1];
	mlx5x_u8 hairpin[0x1];
	mlx5x_u8 reserved_at_f[0x11];
	mlx5x_u8 reserved_at_20[0x8];
	mlx5x_u8 user_index[0x18];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 cqn[0x18];
	mlx5x_u8 reserved_at_60[0x90];
	mlx5x_u8 packet_pacing_rate_limit_index[0x10];
	mlx5x_u8 tis_lst_sz[0x10];
	mlx5x_u8 reserved_at_110[0x50];
	mlx5x_u8 reserved_at_160[0x8];
	mlx5x_u8 tis_num_0[0x18];
	struct mlx5_ifc_wq_bits wq;
};

struct mlx5_ifc_create_sq_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 reserved_at_40[0xc0];
	struct mlx5_ifc_sqc_bits ctx;
};

struct mlx5_ifc_create_sq_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 sqn[0x18];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_modify_sq_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 sq_state[0x4];
	mlx5x_u8 reserved_at_44[0x4];
	mlx5x_u8 sqn[0x18];
	mlx5x_u8 reserved_at_60[0x20];
	mlx5x_u8 modify_bitmask[0x40];
	mlx5x_u8 reserved_at_c0[0x40];
	struct mlx5_ifc_sqc_bits ctx;
};

struct mlx5_ifc_query_sq_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0xc0];
	struct mlx5_ifc_sqc_bits sq_context;
};

/* PRM: rqc.mem_rq_type. */
enum {
	MLX5X_RQC_MEM_RQ_TYPE_INLINE = 0x0,
	MLX5X_RQC_MEM_RQ_TYPE_RMP = 0x1,
};

struct mlx5_ifc_rqc_bits {
	mlx5x_u8 rlky[0x1];
	mlx5x_u8 delay_drop_en[0x1];
	mlx5x_u8 scatter_fcs[0x1];
	mlx5x_u8 vsd[0x1];
	mlx5x_u8 mem_rq_type[0x4];
	mlx5x_u8 state[0x4];
	mlx5x_u8 reserved_at_c[0x1];
	mlx5x_u8 flush_in_error_en[0x1];
	mlx5x_u8 hairpin[0x1];
	mlx5x_u8 reserved_at_f[0x11];
	mlx5x_u8 reserved_at_20[0x8];
	mlx5x_u8 user_index[0x18];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 cqn[0x18];
	mlx5x_u8 counter_set_id[0x8];
	mlx5x_u8 reserved_at_68[0x18];
	mlx5x_u8 reserved_at_80[0x8];
	mlx5x_u8 rmpn[0x18];
	mlx5x_u8 reserved_at_a0[0xe0];
	struct mlx5_ifc_wq_bits wq;
};

struct mlx5_ifc_create_rq_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 reserved_at_40[0xc0];
	struct mlx5_ifc_rqc_bits ctx;
};

struct mlx5_ifc_create_rq_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 rqn[0x18];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_modify_rq_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 rq_state[0x4];
	mlx5x_u8 reserved_at_44[0x4];
	mlx5x_u8 rqn[0x18];
	mlx5x_u8 reserved_at_60[0x20];
	mlx5x_u8 modify_bitmask[0x40];
	mlx5x_u8 reserved_at_c0[0x40];
	struct mlx5_ifc_rqc_bits ctx;
};

struct mlx5_ifc_query_rq_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0xc0];
	struct mlx5_ifc_rqc_bits rq_context;
};

/* ---- TIS ---------------------------------------------------------------- */

struct mlx5_ifc_tisc_bits {
	mlx5x_u8 strict_lag_tx_port_affinity[0x1];
	mlx5x_u8 reserved_at_1[0x3];
	mlx5x_u8 lag_tx_port_affinity[0x4];
	mlx5x_u8 reserved_at_8[0x4];
	mlx5x_u8 prio[0x4];
	mlx5x_u8 reserved_at_10[0x10];
	mlx5x_u8 reserved_at_20[0x100];
	mlx5x_u8 reserved_at_120[0x8];
	mlx5x_u8 transport_domain[0x18];
	mlx5x_u8 reserved_at_140[0x3c0];
};

struct mlx5_ifc_create_tis_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 reserved_at_40[0xc0];
	struct mlx5_ifc_tisc_bits ctx;
};

struct mlx5_ifc_create_tis_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 tisn[0x18];
	mlx5x_u8 reserved_at_60[0x20];
};

/* ---- RQT ---------------------------------------------------------------- */

struct mlx5_ifc_rq_num_bits {
	mlx5x_u8 reserved_at_0[0x8];
	mlx5x_u8 rq_num[0x18];
};

struct mlx5_ifc_rqtc_bits {
	mlx5x_u8 reserved_at_0[0xa0];
	mlx5x_u8 reserved_at_a0[0x10];
	mlx5x_u8 rqt_max_size[0x10];
	mlx5x_u8 reserved_at_c0[0x10];
	mlx5x_u8 rqt_actual_size[0x10];
	mlx5x_u8 reserved_at_e0[0x6a0];
	struct mlx5_ifc_rq_num_bits rq_num[];
};

struct mlx5_ifc_create_rqt_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 reserved_at_40[0xc0];
	struct mlx5_ifc_rqtc_bits rqt_context;
};

struct mlx5_ifc_create_rqt_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 rqtn[0x18];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_modify_rqt_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 rqtn[0x18];
	mlx5x_u8 reserved_at_60[0x20];
	mlx5x_u8 modify_bitmask[0x40];
	mlx5x_u8 reserved_at_c0[0x40];
	struct mlx5_ifc_rqtc_bits rqt_context;
};

/* ---- TIR ---------------------------------------------------------------- */

/* PRM: tirc.disp_type, rx_hash_fn, selected fields, protocol types. */
enum {
	MLX5X_TIRC_DISP_TYPE_DIRECT = 0x0,
	MLX5X_TIRC_DISP_TYPE_INDIRECT = 0x1,
	MLX5X_RX_HASH_FN_NONE = 0x0,
	MLX5X_RX_HASH_FN_INVERTED_XOR8 = 0x1,
	MLX5X_RX_HASH_FN_TOEPLITZ = 0x2,
	MLX5X_L3_PROT_TYPE_IPV4 = 0x0,
	MLX5X_L3_PROT_TYPE_IPV6 = 0x1,
	MLX5X_L4_PROT_TYPE_TCP = 0x0,
	MLX5X_L4_PROT_TYPE_UDP = 0x1,
	MLX5X_HASH_FIELD_SEL_SRC_IP = 1 << 0,
	MLX5X_HASH_FIELD_SEL_DST_IP = 1 << 1,
	MLX5X_HASH_FIELD_SEL_L4_SPORT = 1 << 2,
	MLX5X_HASH_FIELD_SEL_L4_DPORT = 1 << 3,
	MLX5X_HASH_FIELD_SEL_IPSEC_SPI = 1 << 4,
};

struct mlx5_ifc_rx_hash_field_select_bits {
	mlx5x_u8 l3_prot_type[0x1];
	mlx5x_u8 l4_prot_type[0x1];
	mlx5x_u8 selected_fields[0x1e];
};

struct mlx5_ifc_tirc_bits {
	mlx5x_u8 reserved_at_0[0x20];
	mlx5x_u8 disp_type[0x4];
	mlx5x_u8 reserved_at_24[0x1c];
	mlx5x_u8 reserved_at_40[0x40];
	mlx5x_u8 reserved_at_80[0x4];
	mlx5x_u8 lro_timeout_period_usecs[0x10];
	mlx5x_u8 lro_enable_mask[0x4];
	mlx5x_u8 lro_max_msg_sz[0x8];
	mlx5x_u8 reserved_at_a0[0x40];
	mlx5x_u8 reserved_at_e0[0x8];
	mlx5x_u8 inline_rqn[0x18];
	mlx5x_u8 rx_hash_symmetric[0x1];
	mlx5x_u8 reserved_at_101[0x1];
	mlx5x_u8 tunneled_offload_en[0x1];
	mlx5x_u8 reserved_at_103[0x5];
	mlx5x_u8 indirect_table[0x18];
	mlx5x_u8 rx_hash_fn[0x4];
	mlx5x_u8 reserved_at_124[0x2];
	mlx5x_u8 self_lb_block[0x2];
	mlx5x_u8 transport_domain[0x18];
	mlx5x_u8 rx_hash_toeplitz_key[10][0x20];
	struct mlx5_ifc_rx_hash_field_select_bits rx_hash_field_selector_outer;
	struct mlx5_ifc_rx_hash_field_select_bits rx_hash_field_selector_inner;
	mlx5x_u8 reserved_at_2c0[0x4c0];
};

struct mlx5_ifc_create_tir_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 reserved_at_40[0xc0];
	struct mlx5_ifc_tirc_bits ctx;
};

struct mlx5_ifc_create_tir_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 tirn[0x18];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_modify_tir_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 tirn[0x18];
	mlx5x_u8 reserved_at_60[0x20];
	mlx5x_u8 modify_bitmask[0x40];
	mlx5x_u8 reserved_at_c0[0x40];
	struct mlx5_ifc_tirc_bits ctx;
};

struct mlx5_ifc_query_tir_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0xc0];
	struct mlx5_ifc_tirc_bits tir_context;
};

/* ---- flow steering ------------------------------------------------------ */

/* PRM: flow table types (table_type in every steering command). */
enum {
	MLX5X_FLOW_TABLE_TYPE_NIC_RX = 0x0,
	MLX5X_FLOW_TABLE_TYPE_NIC_TX = 0x1,
	MLX5X_FLOW_TABLE_TYPE_ESW_EGRESS_ACL = 0x2,
	MLX5X_FLOW_TABLE_TYPE_ESW_INGRESS_ACL = 0x3,
	MLX5X_FLOW_TABLE_TYPE_FDB = 0x4,
};

/* PRM: flow_table_context.table_miss_action. */
enum {
	MLX5X_FLOW_TABLE_MISS_ACTION_DEFAULT = 0x0,
	MLX5X_FLOW_TABLE_MISS_ACTION_GOTO_TBL = 0x1,
};

/* PRM: flow_context.action bits. */
enum {
	MLX5X_FLOW_CONTEXT_ACTION_ALLOW = 1 << 0,
	MLX5X_FLOW_CONTEXT_ACTION_DROP = 1 << 1,
	MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST = 1 << 2,
	MLX5X_FLOW_CONTEXT_ACTION_COUNT = 1 << 3,
	MLX5X_FLOW_CONTEXT_ACTION_PACKET_REFORMAT = 1 << 4,
	MLX5X_FLOW_CONTEXT_ACTION_DECAP = 1 << 5,
	MLX5X_FLOW_CONTEXT_ACTION_MOD_HDR = 1 << 6,
	MLX5X_FLOW_CONTEXT_ACTION_VLAN_POP = 1 << 7,
	MLX5X_FLOW_CONTEXT_ACTION_VLAN_PUSH = 1 << 8,
};

/* PRM: dest_format.destination_type. */
enum {
	MLX5X_FLOW_DESTINATION_TYPE_VPORT = 0x0,
	MLX5X_FLOW_DESTINATION_TYPE_FLOW_TABLE = 0x1,
	MLX5X_FLOW_DESTINATION_TYPE_TIR = 0x2,
	MLX5X_FLOW_DESTINATION_TYPE_QP = 0x3,
	MLX5X_FLOW_DESTINATION_TYPE_UPLINK = 0x8,
	MLX5X_FLOW_DESTINATION_TYPE_FLOW_COUNTER = 0x100,
};

/* PRM: match_criteria_enable bits, one per fte_match_param part. */
enum {
	MLX5X_MATCH_OUTER_HEADERS = 1 << 0,
	MLX5X_MATCH_MISC_PARAMETERS = 1 << 1,
	MLX5X_MATCH_INNER_HEADERS = 1 << 2,
	MLX5X_MATCH_MISC_PARAMETERS_2 = 1 << 3,
	MLX5X_MATCH_MISC_PARAMETERS_3 = 1 << 4,
	MLX5X_MATCH_MISC_PARAMETERS_4 = 1 << 5,
	MLX5X_MATCH_MISC_PARAMETERS_5 = 1 << 6,
};

struct mlx5_ifc_ipv4_layout_bits {
	mlx5x_u8 reserved_at_0[0x60];
	mlx5x_u8 ipv4[0x20];
};

struct mlx5_ifc_ipv6_layout_bits {
	mlx5x_u8 ipv6[16][0x8];
};

union mlx5_ifc_ipv6_layout_ipv4_layout_auto_bits {
	struct mlx5_ifc_ipv6_layout_bits ipv6_layout;
	struct mlx5_ifc_ipv4_layout_bits ipv4_layout;
	mlx5x_u8 reserved_at_0[0x80];
};

struct mlx5_ifc_fte_match_set_lyr_2_4_bits {
	mlx5x_u8 smac_47_16[0x20];
	mlx5x_u8 smac_15_0[0x10];
	mlx5x_u8 ethertype[0x10];
	mlx5x_u8 dmac_47_16[0x20];
	mlx5x_u8 dmac_15_0[0x10];
	mlx5x_u8 first_prio[0x3];
	mlx5x_u8 first_cfi[0x1];
	mlx5x_u8 first_vid[0xc];
	mlx5x_u8 ip_protocol[0x8];
	mlx5x_u8 ip_dscp[0x6];
	mlx5x_u8 ip_ecn[0x2];
	mlx5x_u8 cvlan_tag[0x1];
	mlx5x_u8 svlan_tag[0x1];
	mlx5x_u8 frag[0x1];
	mlx5x_u8 ip_version[0x4];
	mlx5x_u8 tcp_flags[0x9];
	mlx5x_u8 tcp_sport[0x10];
	mlx5x_u8 tcp_dport[0x10];
	mlx5x_u8 reserved_at_c0[0x18];
	mlx5x_u8 ttl_hoplimit[0x8];
	mlx5x_u8 udp_sport[0x10];
	mlx5x_u8 udp_dport[0x10];
	union mlx5_ifc_ipv6_layout_ipv4_layout_auto_bits src_ipv4_src_ipv6;
	union mlx5_ifc_ipv6_layout_ipv4_layout_auto_bits dst_ipv4_dst_ipv6;
};

struct mlx5_ifc_fte_match_set_misc_bits {
	mlx5x_u8 reserved_at_0[0x8];
	mlx5x_u8 source_sqn[0x18];
	mlx5x_u8 source_eswitch_owner_vhca_id[0x10];
	mlx5x_u8 source_port[0x10];
	mlx5x_u8 reserved_at_40[0x1c0];
};

struct mlx5_ifc_fte_match_set_misc2_bits {
	mlx5x_u8 reserved_at_0[0x80];
	mlx5x_u8 metadata_reg_c_7[0x20];
	mlx5x_u8 metadata_reg_c_6[0x20];
	mlx5x_u8 metadata_reg_c_5[0x20];
	mlx5x_u8 metadata_reg_c_4[0x20];
	mlx5x_u8 metadata_reg_c_3[0x20];
	mlx5x_u8 metadata_reg_c_2[0x20];
	mlx5x_u8 metadata_reg_c_1[0x20];
	mlx5x_u8 metadata_reg_c_0[0x20];
	mlx5x_u8 metadata_reg_a[0x20];
	mlx5x_u8 metadata_reg_b[0x20];
	mlx5x_u8 reserved_at_1c0[0x40];
};

/* PRM: fte_match_param, 0x1000 bits; misc3..5 and the tail left reserved. */
struct mlx5_ifc_fte_match_param_bits {
	struct mlx5_ifc_fte_match_set_lyr_2_4_bits outer_headers;
	struct mlx5_ifc_fte_match_set_misc_bits misc_parameters;
	struct mlx5_ifc_fte_match_set_lyr_2_4_bits inner_headers;
	struct mlx5_ifc_fte_match_set_misc2_bits misc_parameters_2;
	mlx5x_u8 reserved_at_800[0x800];
};

struct mlx5_ifc_flow_table_context_bits {
	mlx5x_u8 reformat_en[0x1];
	mlx5x_u8 decap_en[0x1];
	mlx5x_u8 sw_owner[0x1];
	mlx5x_u8 termination_table[0x1];
	mlx5x_u8 table_miss_action[0x4];
	mlx5x_u8 level[0x8];
	mlx5x_u8 reserved_at_10[0x8];
	mlx5x_u8 log_size[0x8];
	mlx5x_u8 reserved_at_20[0x8];
	mlx5x_u8 table_miss_id[0x18];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 lag_master_next_table_id[0x18];
	mlx5x_u8 reserved_at_60[0xe0];
};

struct mlx5_ifc_create_flow_table_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 other_vport[0x1];
	mlx5x_u8 reserved_at_41[0xf];
	mlx5x_u8 vport_number[0x10];
	mlx5x_u8 reserved_at_60[0x20];
	mlx5x_u8 table_type[0x8];
	mlx5x_u8 reserved_at_88[0x18];
	mlx5x_u8 reserved_at_a0[0x20];
	struct mlx5_ifc_flow_table_context_bits flow_table_context;
};

struct mlx5_ifc_create_flow_table_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 table_id[0x18];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_destroy_flow_table_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 reserved_at_10[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 other_vport[0x1];
	mlx5x_u8 reserved_at_41[0xf];
	mlx5x_u8 vport_number[0x10];
	mlx5x_u8 reserved_at_60[0x20];
	mlx5x_u8 table_type[0x8];
	mlx5x_u8 reserved_at_88[0x18];
	mlx5x_u8 reserved_at_a0[0x8];
	mlx5x_u8 table_id[0x18];
	mlx5x_u8 reserved_at_c0[0x140];
};

struct mlx5_ifc_create_flow_group_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 reserved_at_10[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 other_vport[0x1];
	mlx5x_u8 reserved_at_41[0xf];
	mlx5x_u8 vport_number[0x10];
	mlx5x_u8 reserved_at_60[0x20];
	mlx5x_u8 table_type[0x8];
	mlx5x_u8 reserved_at_88[0x18];
	mlx5x_u8 reserved_at_a0[0x8];
	mlx5x_u8 table_id[0x18];
	mlx5x_u8 reserved_at_c0[0x20];
	mlx5x_u8 start_flow_index[0x20];
	mlx5x_u8 reserved_at_100[0x20];
	mlx5x_u8 end_flow_index[0x20];
	mlx5x_u8 reserved_at_140[0xa0];
	mlx5x_u8 reserved_at_1e0[0x18];
	mlx5x_u8 match_criteria_enable[0x8];
	struct mlx5_ifc_fte_match_param_bits match_criteria;
	mlx5x_u8 reserved_at_1200[0xe00];
};

struct mlx5_ifc_create_flow_group_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 group_id[0x18];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_destroy_flow_group_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 reserved_at_10[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 other_vport[0x1];
	mlx5x_u8 reserved_at_41[0xf];
	mlx5x_u8 vport_number[0x10];
	mlx5x_u8 reserved_at_60[0x20];
	mlx5x_u8 table_type[0x8];
	mlx5x_u8 reserved_at_88[0x18];
	mlx5x_u8 reserved_at_a0[0x8];
	mlx5x_u8 table_id[0x18];
	mlx5x_u8 group_id[0x20];
	mlx5x_u8 reserved_at_e0[0x120];
};

struct mlx5_ifc_dest_format_bits {
	mlx5x_u8 destination_type[0x8];
	mlx5x_u8 destination_id[0x18];
	mlx5x_u8 reserved_at_20[0x20];
};

struct mlx5_ifc_flow_counter_list_bits {
	mlx5x_u8 flow_counter_id[0x20];
	mlx5x_u8 reserved_at_20[0x20];
};

union mlx5_ifc_dest_format_flow_counter_list_auto_bits {
	struct mlx5_ifc_dest_format_bits dest_format;
	struct mlx5_ifc_flow_counter_list_bits flow_counter_list;
	mlx5x_u8 reserved_at_0[0x40];
};

struct mlx5_ifc_vlan_bits {
	mlx5x_u8 ethtype[0x10];
	mlx5x_u8 prio[0x3];
	mlx5x_u8 cfi[0x1];
	mlx5x_u8 vid[0xc];
};

struct mlx5_ifc_flow_context_bits {
	struct mlx5_ifc_vlan_bits push_vlan;
	mlx5x_u8 group_id[0x20];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 flow_tag[0x18];
	mlx5x_u8 reserved_at_60[0x10];
	mlx5x_u8 action[0x10];
	mlx5x_u8 extended_destination[0x1];
	mlx5x_u8 reserved_at_81[0x7];
	mlx5x_u8 destination_list_size[0x18];
	mlx5x_u8 reserved_at_a0[0x8];
	mlx5x_u8 flow_counter_list_size[0x18];
	mlx5x_u8 packet_reformat_id[0x20];
	mlx5x_u8 modify_header_id[0x20];
	mlx5x_u8 reserved_at_100[0x100];
	struct mlx5_ifc_fte_match_param_bits match_value;
	mlx5x_u8 reserved_at_1200[0x600];
	union mlx5_ifc_dest_format_flow_counter_list_auto_bits destination[];
};

struct mlx5_ifc_set_fte_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 reserved_at_10[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 other_vport[0x1];
	mlx5x_u8 reserved_at_41[0xf];
	mlx5x_u8 vport_number[0x10];
	mlx5x_u8 reserved_at_60[0x20];
	mlx5x_u8 table_type[0x8];
	mlx5x_u8 reserved_at_88[0x18];
	mlx5x_u8 reserved_at_a0[0x8];
	mlx5x_u8 table_id[0x18];
	mlx5x_u8 ignore_flow_level[0x1];
	mlx5x_u8 reserved_at_c1[0x17];
	mlx5x_u8 modify_enable_mask[0x8];
	mlx5x_u8 reserved_at_e0[0x20];
	mlx5x_u8 flow_index[0x20];
	mlx5x_u8 reserved_at_120[0xe0];
	struct mlx5_ifc_flow_context_bits flow_context;
};

struct mlx5_ifc_delete_fte_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 reserved_at_10[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 other_vport[0x1];
	mlx5x_u8 reserved_at_41[0xf];
	mlx5x_u8 vport_number[0x10];
	mlx5x_u8 reserved_at_60[0x20];
	mlx5x_u8 table_type[0x8];
	mlx5x_u8 reserved_at_88[0x18];
	mlx5x_u8 reserved_at_a0[0x8];
	mlx5x_u8 table_id[0x18];
	mlx5x_u8 reserved_at_c0[0x40];
	mlx5x_u8 flow_index[0x20];
	mlx5x_u8 reserved_at_120[0xe0];
};

struct mlx5_ifc_set_flow_table_root_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 reserved_at_10[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 other_vport[0x1];
	mlx5x_u8 reserved_at_41[0xf];
	mlx5x_u8 vport_number[0x10];
	mlx5x_u8 reserved_at_60[0x20];
	mlx5x_u8 table_type[0x8];
	mlx5x_u8 reserved_at_88[0x18];
	mlx5x_u8 reserved_at_a0[0x8];
	mlx5x_u8 table_id[0x18];
	mlx5x_u8 reserved_at_c0[0x8];
	mlx5x_u8 underlay_qpn[0x18];
	mlx5x_u8 reserved_at_e0[0x120];
};

/* ---- data path: doorbells, WQE and CQE bits mlx5dv.h does not name ----- */

/* PRM: doorbell record dwords. RQ: receive counter in dword 0; SQ: send
 * counter in dword 1; CQ: consumer index in dword 0, arm in dword 1. */
enum {
	MLX5X_RCV_DBR = 0,
	MLX5X_SND_DBR = 1,
	MLX5X_CQ_SET_CI = 0,
	MLX5X_CQ_ARM_DB = 1,
};

/* PRM: UAR page layout: the send doorbell / BlueFlame register at 0x800,
 * the CQ arm doorbell at 0x20. */
enum {
	MLX5X_UAR_BF_OFFSET = 0x800,
	MLX5X_UAR_CQ_DB_OFFSET = 0x20,
	MLX5X_UAR_PAGE_SIZE = 4096,
};

/* PRM: Ethernet segment dword 3 when the adapter inserts a VLAN: bit 31 of
 * the dword requests insertion, the low 16 bits carry the TCI. */
#define MLX5X_ETH_WQE_VLAN_INSERT (1u << 31)

/* PRM: control segment fm_ce_se completion mode (bits 3:2). */
enum {
	MLX5X_COMP_ONLY_ERR = 0x0,
	MLX5X_COMP_ONLY_FIRST_ERR = 0x1,
	MLX5X_COMP_ALWAYS = 0x2,
	MLX5X_COMP_MODE_OFFSET = 2,
};

/*
 * PRM: 64-byte CQE fields not named by struct mlx5_cqe64 (byte offsets):
 *  12..15 rss_hash_result; 16 rss_hash_type; 20..21 check_sum;
 *  28 hds_ip_ext (l2_ok bit 0, l3_ok bit 1, l4_ok bit 2);
 *  29 l4_l3_hdr_type (l4 type bits 6:4, l3 type bits 3:2, VLAN stripped
 *  bit 0); 30..31 vlan_info; 56..59 flow_tag (low 24 bits) for responder
 *  CQEs; 63 op_own (opcode 7:4, format 3:2, owner bit 0).
 */
enum {
	MLX5X_CQE_OFF_RSS_HASH_RESULT = 12,
	MLX5X_CQE_OFF_RSS_HASH_TYPE = 16,
	MLX5X_CQE_OFF_CHECK_SUM = 20,
	MLX5X_CQE_OFF_HDS_IP_EXT = 28,
	MLX5X_CQE_OFF_L4_L3_HDR_TYPE = 29,
	MLX5X_CQE_OFF_VLAN_INFO = 30,
	MLX5X_CQE_OFF_FLOW_TAG = 56,
	MLX5X_CQE_L2_OK = 1 << 0,
	MLX5X_CQE_L3_OK = 1 << 1,
	MLX5X_CQE_L4_OK = 1 << 2,
	MLX5X_CQE_VLAN_STRIPPED = 1 << 0,
	MLX5X_CQE_L3_HDR_SHIFT = 2,
	MLX5X_CQE_L4_HDR_SHIFT = 4,
	MLX5X_CQE_L4_HDR_TYPE_NONE = 0x0,
	MLX5X_CQE_L4_HDR_TYPE_TCP_NO_ACK = 0x1,
	MLX5X_CQE_L4_HDR_TYPE_UDP = 0x2,
	MLX5X_CQE_L4_HDR_TYPE_TCP_ACK_NO_DATA = 0x3,
	MLX5X_CQE_L4_HDR_TYPE_TCP_ACK_AND_DATA = 0x4,
	/* rss_hash_type: bits 3:2 IP (1 IPv4, 2 IPv6), bits 7:6 L4
	 * (1 TCP, 2 UDP, 3 IPsec SPI). */
	MLX5X_CQE_RSS_HTYPE_IPV4 = 1 << 2,
	MLX5X_CQE_RSS_HTYPE_IPV6 = 2 << 2,
	MLX5X_CQE_RSS_HTYPE_TCP = 1 << 6,
	MLX5X_CQE_RSS_HTYPE_UDP = 2 << 6,
	MLX5X_CQE_RSS_HTYPE_IPSEC = 3 << 6,
	MLX5X_CQE_FORMAT_SHIFT = 2,
	MLX5X_CQE_OPCODE_SHIFT = 4,
	/* op_own format field (bits 3:2): 3 is a compressed session's title,
	 * whose byte_cnt is the number of mini CQEs that follow it. */
	MLX5X_CQE_FORMAT_COMPRESSED = 3,
	/* Mini CQEs fill the CQ slots after the title, 8 of 8 bytes a slot. */
	MLX5X_MINI_CQES_PER_SLOT = 8,
};

/* PRM: the vport number of the uplink in E-Switch commands. */
#define MLX5X_VPORT_UPLINK 0xffff

/* ---- flow counters ------------------------------------------------------ */

/* PRM: flow counter commands (appended). */
enum {
	MLX5X_CMD_OP_ALLOC_FLOW_COUNTER = 0x939,
	MLX5X_CMD_OP_DEALLOC_FLOW_COUNTER = 0x93a,
	MLX5X_CMD_OP_QUERY_FLOW_COUNTER = 0x93b,
};

struct mlx5_ifc_alloc_flow_counter_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 reserved_at_40[0x8];
	mlx5x_u8 pd[0x18];
	mlx5x_u8 reserved_at_60[0x13];
	mlx5x_u8 flow_counter_bulk_log_size[0x5];
	mlx5x_u8 flow_counter_bulk[0x8];
};

struct mlx5_ifc_alloc_flow_counter_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 flow_counter_id[0x20];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_dealloc_flow_counter_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 flow_counter_id[0x20];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_query_flow_counter_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 reserved_at_40[0x20];
	mlx5x_u8 mkey[0x20];
	mlx5x_u8 address[0x40];
	mlx5x_u8 clear[0x1];
	mlx5x_u8 dump_to_memory[0x1];
	mlx5x_u8 num_of_counters[0x1e];
	mlx5x_u8 flow_counter_id[0x20];
};

struct mlx5_ifc_query_flow_counter_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x40];
	struct mlx5_ifc_traffic_counter_bits flow_statistics[];
};

/*
 * PRM cqc: mini_cqe_res_format_ext (bits 0x5c..0x5d of the CQ context,
 * inside reserved_at_5a of mlx5_ifc_cqc_bits above). With
 * mini_cqe_res_format 0 and ext 1 the mini CQE carries the L3/L4 header
 * type and the stride index.
 */
struct mlx5_ifc_cqc_mini_ext_bits {
	mlx5x_u8 reserved_at_0[0x5c];
	mlx5x_u8 mini_cqe_res_format_ext[0x2];
	mlx5x_u8 reserved_at_5e[0x2];
};

/* PRM mini CQE formats (cqc mini_cqe_res_format; L3/L4 through _ext). */
enum {
	MLX5X_MINI_CQE_FORMAT_HASH = 0x0,
	MLX5X_MINI_CQE_FORMAT_CSUM = 0x1,
	MLX5X_MINI_CQE_FORMAT_FTAG_STRIDX = 0x2,
	MLX5X_MINI_CQE_FORMAT_CSUM_STRIDX = 0x3,
	MLX5X_MINI_CQE_FORMAT_L34H_STRIDX = 0x4, /* res_format 0, ext 1 */
};

/*
 * PRM fte_match_set_misc with its tunnel fields named: the same 0x200 bits
 * as mlx5_ifc_fte_match_set_misc_bits above (misc_parameters), whose
 * reserved_at_40 holds them.
 */
struct mlx5_ifc_fte_match_set_misc_tun_bits {
	mlx5x_u8 gre_c_present[0x1];
	mlx5x_u8 reserved_at_1[0x1];
	mlx5x_u8 gre_k_present[0x1];
	mlx5x_u8 gre_s_present[0x1];
	mlx5x_u8 source_vhca_port[0x4];
	mlx5x_u8 source_sqn[0x18];
	mlx5x_u8 source_eswitch_owner_vhca_id[0x10];
	mlx5x_u8 source_port[0x10];
	mlx5x_u8 outer_second_prio[0x3];
	mlx5x_u8 outer_second_cfi[0x1];
	mlx5x_u8 outer_second_vid[0xc];
	mlx5x_u8 inner_second_prio[0x3];
	mlx5x_u8 inner_second_cfi[0x1];
	mlx5x_u8 inner_second_vid[0xc];
	mlx5x_u8 outer_second_cvlan_tag[0x1];
	mlx5x_u8 inner_second_cvlan_tag[0x1];
	mlx5x_u8 outer_second_svlan_tag[0x1];
	mlx5x_u8 inner_second_svlan_tag[0x1];
	mlx5x_u8 reserved_at_64[0xc];
	mlx5x_u8 gre_protocol[0x10];
	mlx5x_u8 gre_key_h[0x18];
	mlx5x_u8 gre_key_l[0x8];
	mlx5x_u8 vxlan_vni[0x18];
	mlx5x_u8 reserved_at_b8[0x8];
	mlx5x_u8 reserved_at_c0[0x140];
};

/*
 * PRM cmd_hca_cap (general device capabilities), the CQE compression bits
 * at 0x5b9..0x5df that mlx5_ifc_cmd_hca_cap_bits above keeps in
 * reserved_at_3e0; same 0x800-bit layout.
 */
struct mlx5_ifc_cmd_hca_cap_cqe_comp_bits {
	mlx5x_u8 reserved_at_0[0x5b9];
	mlx5x_u8 mini_cqe_resp_l3_l4_tag[0x1];
	mlx5x_u8 mini_cqe_resp_flow_tag[0x1];
	mlx5x_u8 enhanced_cqe_compression[0x1];
	mlx5x_u8 mini_cqe_resp_stride_index[0x1];
	mlx5x_u8 cqe_128_always[0x1];
	mlx5x_u8 cqe_compression_128[0x1];
	mlx5x_u8 cqe_compression[0x1];
	mlx5x_u8 cqe_compression_timeout[0x10];
	mlx5x_u8 cqe_compression_max_num[0x10];
	mlx5x_u8 reserved_at_5e0[0x220];
};

/* PRM: header rewrite and packet reformat (ALLOC_MODIFY_HEADER_CONTEXT,
 * ALLOC_PACKET_REFORMAT_CONTEXT, DR modify-header and reformat actions);
 * modify-header actions are 8-byte commands, big-endian like every PRM
 * layout. */
/* PRM command opcodes of header rewrite and packet reformat (mlx5_ifc.h
 * MLX5_CMD_OP_*). */
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

/*
 * PRM fte_match_set_misc, its GENEVE fields (misc_parameters; the same
 * 0x200 bits as mlx5_ifc_fte_match_set_misc_tun_bits, past vxlan_vni).
 */
struct mlx5_ifc_fte_match_set_misc_geneve_bits {
	mlx5x_u8 reserved_at_0[0xc0];
	mlx5x_u8 geneve_vni[0x18];
	mlx5x_u8 reserved_at_d8[0x6];
	mlx5x_u8 geneve_tlv_option_0_exist[0x1];
	mlx5x_u8 geneve_oam[0x1];
	mlx5x_u8 reserved_at_e0[0xc];
	mlx5x_u8 outer_ipv6_flow_label[0x14];
	mlx5x_u8 reserved_at_100[0xc];
	mlx5x_u8 inner_ipv6_flow_label[0x14];
	mlx5x_u8 reserved_at_120[0xa];
	mlx5x_u8 geneve_opt_len[0x6];
	mlx5x_u8 geneve_protocol_type[0x10];
	mlx5x_u8 reserved_at_140[0xc0];
};

/* PRM: one MPLS label stack entry as fte_match_set_misc2 holds it. */
struct mlx5_ifc_fte_match_mpls_bits {
	mlx5x_u8 mpls_label[0x14];
	mlx5x_u8 mpls_exp[0x3];
	mlx5x_u8 mpls_s_bos[0x1];
	mlx5x_u8 mpls_ttl[0x8];
};

/* PRM fte_match_set_misc2, its first MPLS entries (bits 0..0x7f, which
 * mlx5_ifc_fte_match_set_misc2_bits keeps reserved). */
struct mlx5_ifc_fte_match_set_misc2_mpls_bits {
	struct mlx5_ifc_fte_match_mpls_bits outer_first_mpls;
	struct mlx5_ifc_fte_match_mpls_bits inner_first_mpls;
	struct mlx5_ifc_fte_match_mpls_bits outer_first_mpls_over_gre;
	struct mlx5_ifc_fte_match_mpls_bits outer_first_mpls_over_udp;
	mlx5x_u8 reserved_at_80[0x180];
};

/* PRM fte_match_set_misc3 (flex parser fields). */
struct mlx5_ifc_fte_match_set_misc3_bits {
	mlx5x_u8 inner_tcp_seq_num[0x20];
	mlx5x_u8 outer_tcp_seq_num[0x20];
	mlx5x_u8 inner_tcp_ack_num[0x20];
	mlx5x_u8 outer_tcp_ack_num[0x20];
	mlx5x_u8 reserved_at_80[0x8];
	mlx5x_u8 outer_vxlan_gpe_vni[0x18];
	mlx5x_u8 outer_vxlan_gpe_next_protocol[0x8];
	mlx5x_u8 outer_vxlan_gpe_flags[0x8];
	mlx5x_u8 reserved_at_b0[0x10];
	mlx5x_u8 icmp_header_data[0x20];
	mlx5x_u8 icmpv6_header_data[0x20];
	mlx5x_u8 icmp_type[0x8];
	mlx5x_u8 icmp_code[0x8];
	mlx5x_u8 icmpv6_type[0x8];
	mlx5x_u8 icmpv6_code[0x8];
	mlx5x_u8 geneve_tlv_option_0_data[0x20];
	mlx5x_u8 gtpu_teid[0x20];
	mlx5x_u8 gtpu_msg_type[0x8];
	mlx5x_u8 gtpu_msg_flags[0x8];
	mlx5x_u8 reserved_at_170[0x10];
	mlx5x_u8 gtpu_dw_2[0x20];
	mlx5x_u8 gtpu_first_ext_dw_0[0x20];
	mlx5x_u8 gtpu_dw_0[0x20];
	mlx5x_u8 reserved_at_1e0[0x20];
};

/* PRM fte_match_param with misc_parameters_3 named (the 0x800 bits before
 * it are mlx5_ifc_fte_match_param_bits' parts). */
struct mlx5_ifc_fte_match_param_misc3_bits {
	mlx5x_u8 reserved_at_0[0x800];
	struct mlx5_ifc_fte_match_set_misc3_bits misc_parameters_3;
	mlx5x_u8 reserved_at_a00[0x600];
};

/* PRM cmd_hca_cap: the steering format and the flex parser protocols the
 * firmware enabled (same 0x800-bit layout as mlx5_ifc_cmd_hca_cap_bits). */
struct mlx5_ifc_cmd_hca_cap_flex_bits {
	mlx5x_u8 reserved_at_0[0x444];
	mlx5x_u8 steering_format_version[0x4];
	mlx5x_u8 reserved_at_448[0xf8];
	mlx5x_u8 flex_parser_protocols[0x20];
	mlx5x_u8 reserved_at_560[0x2a0];
};

/* PRM: cmd_hca_cap.flex_parser_protocols bits. */
enum {
	MLX5X_FLEX_PARSER_GENEVE = 1u << 3,
	MLX5X_FLEX_PARSER_CW_MPLS_OVER_GRE = 1u << 4,
	MLX5X_FLEX_PARSER_CW_MPLS_OVER_UDP = 1u << 5,
	MLX5X_FLEX_PARSER_VXLAN_GPE = 1u << 7,
	MLX5X_FLEX_PARSER_ICMP_V4 = 1u << 8,
	MLX5X_FLEX_PARSER_ICMP_V6 = 1u << 9,
	MLX5X_FLEX_PARSER_GTPU = 1u << 11,
};

/* PRM: cmd_hca_cap.steering_format_version. */
enum {
	MLX5X_STEERING_FORMAT_CONNECTX_5 = 0x0,
	MLX5X_STEERING_FORMAT_CONNECTX_6DX = 0x1,
};

/* PRM flow_table_fields_supported: which match fields a table type's
 * flow groups accept. */
struct mlx5_ifc_flow_table_fields_supported_bits {
	mlx5x_u8 outer_dmac[0x1];
	mlx5x_u8 outer_smac[0x1];
	mlx5x_u8 outer_ether_type[0x1];
	mlx5x_u8 outer_ip_version[0x1];
	mlx5x_u8 outer_first_prio[0x1];
	mlx5x_u8 outer_first_cfi[0x1];
	mlx5x_u8 outer_first_vid[0x1];
	mlx5x_u8 outer_ipv4_ttl[0x1];
	mlx5x_u8 outer_second_prio[0x1];
	mlx5x_u8 outer_second_cfi[0x1];
	mlx5x_u8 outer_second_vid[0x1];
	mlx5x_u8 outer_ipv6_flow_label[0x1];
	mlx5x_u8 outer_sip[0x1];
	mlx5x_u8 outer_dip[0x1];
	mlx5x_u8 outer_frag[0x1];
	mlx5x_u8 outer_ip_protocol[0x1];
	mlx5x_u8 outer_ip_ecn[0x1];
	mlx5x_u8 outer_ip_dscp[0x1];
	mlx5x_u8 outer_udp_sport[0x1];
	mlx5x_u8 outer_udp_dport[0x1];
	mlx5x_u8 outer_tcp_sport[0x1];
	mlx5x_u8 outer_tcp_dport[0x1];
	mlx5x_u8 outer_tcp_flags[0x1];
	mlx5x_u8 outer_gre_protocol[0x1];
	mlx5x_u8 outer_gre_key[0x1];
	mlx5x_u8 outer_vxlan_vni[0x1];
	mlx5x_u8 outer_geneve_vni[0x1];
	mlx5x_u8 outer_geneve_oam[0x1];
	mlx5x_u8 outer_geneve_protocol_type[0x1];
	mlx5x_u8 outer_geneve_opt_len[0x1];
	mlx5x_u8 source_vhca_port[0x1];
	mlx5x_u8 source_eswitch_port[0x1];
	mlx5x_u8 inner_dmac[0x1];
	mlx5x_u8 inner_smac[0x1];
	mlx5x_u8 inner_ether_type[0x1];
	mlx5x_u8 inner_ip_version[0x1];
	mlx5x_u8 inner_first_prio[0x1];
	mlx5x_u8 inner_first_cfi[0x1];
	mlx5x_u8 inner_first_vid[0x1];
	mlx5x_u8 inner_ipv4_ttl[0x1];
	mlx5x_u8 inner_second_prio[0x1];
	mlx5x_u8 inner_second_cfi[0x1];
	mlx5x_u8 inner_second_vid[0x1];
	mlx5x_u8 inner_ipv6_flow_label[0x1];
	mlx5x_u8 inner_sip[0x1];
	mlx5x_u8 inner_dip[0x1];
	mlx5x_u8 inner_frag[0x1];
	mlx5x_u8 inner_ip_protocol[0x1];
	mlx5x_u8 inner_ip_ecn[0x1];
	mlx5x_u8 inner_ip_dscp[0x1];
	mlx5x_u8 inner_udp_sport[0x1];
	mlx5x_u8 inner_udp_dport[0x1];
	mlx5x_u8 inner_tcp_sport[0x1];
	mlx5x_u8 inner_tcp_dport[0x1];
	mlx5x_u8 inner_tcp_flags[0x1];
	mlx5x_u8 reserved_at_37[0x9];
	mlx5x_u8 reserved_at_40[0x5];
	mlx5x_u8 outer_first_mpls_over_udp_ttl[0x1];
	mlx5x_u8 outer_first_mpls_over_udp_s_bos[0x1];
	mlx5x_u8 outer_first_mpls_over_udp_exp[0x1];
	mlx5x_u8 outer_first_mpls_over_udp_label[0x1];
	mlx5x_u8 outer_first_mpls_over_gre_ttl[0x1];
	mlx5x_u8 outer_first_mpls_over_gre_s_bos[0x1];
	mlx5x_u8 outer_first_mpls_over_gre_exp[0x1];
	mlx5x_u8 outer_first_mpls_over_gre_label[0x1];
	mlx5x_u8 inner_first_mpls_ttl[0x1];
	mlx5x_u8 inner_first_mpls_s_bos[0x1];
	mlx5x_u8 inner_first_mpls_exp[0x1];
	mlx5x_u8 inner_first_mpls_label[0x1];
	mlx5x_u8 outer_first_mpls_ttl[0x1];
	mlx5x_u8 outer_first_mpls_s_bos[0x1];
	mlx5x_u8 outer_first_mpls_exp[0x1];
	mlx5x_u8 outer_first_mpls_label[0x1];
	mlx5x_u8 reserved_at_55[0x2b];
};

/* PRM flow_table_prop_layout: software ownership and the supported match
 * fields (same 0x200 bits as mlx5_ifc_flow_table_prop_layout_bits). */
struct mlx5_ifc_flow_table_prop_fields_bits {
	mlx5x_u8 reserved_at_0[0x11];
	mlx5x_u8 sw_owner[0x1];
	mlx5x_u8 reserved_at_12[0xc];
	mlx5x_u8 sw_owner_v2[0x1];
	mlx5x_u8 reserved_at_1f[0xe1];
	struct mlx5_ifc_flow_table_fields_supported_bits ft_field_support;
	struct mlx5_ifc_flow_table_fields_supported_bits
		ft_field_bitmask_support;
};

/* PRM QUERY/MODIFY_ESW_VPORT_CONTEXT (E-Switch manager):
 * fdb_to_vport_reg_c_id bit i set means the FDB hands metadata_reg_c_i,
 * as its rules left it, to that vport's NIC Rx (vport metadata matching:
 * the source vport tag in reg_c_0, a second register in reg_c_1). The
 * E-Switch capability of the same name says which registers may pass. */
#define MLX5X_CMD_OP_QUERY_ESW_VPORT_CONTEXT 0x752
#define MLX5X_CMD_OP_MODIFY_ESW_VPORT_CONTEXT 0x753
#define MLX5X_FDB_TO_VPORT_REG_C_0 0x1u
#define MLX5X_FDB_TO_VPORT_REG_C_1 0x2u

struct mlx5_ifc_esw_vport_context_bits {
	mlx5x_u8 fdb_to_vport_reg_c[0x1];
	mlx5x_u8 reserved_at_1[0x2];
	mlx5x_u8 vport_svlan_strip[0x1];
	mlx5x_u8 vport_cvlan_strip[0x1];
	mlx5x_u8 vport_svlan_insert[0x1];
	mlx5x_u8 vport_cvlan_insert[0x2];
	mlx5x_u8 fdb_to_vport_reg_c_id[0x8];
	mlx5x_u8 reserved_at_10[0x10];
	mlx5x_u8 reserved_at_20[0x20];
	mlx5x_u8 svlan_cfi[0x1];
	mlx5x_u8 svlan_pcp[0x3];
	mlx5x_u8 svlan_id[0xc];
	mlx5x_u8 cvlan_cfi[0x1];
	mlx5x_u8 cvlan_pcp[0x3];
	mlx5x_u8 cvlan_id[0xc];
	mlx5x_u8 reserved_at_60[0x720];
	mlx5x_u8 sw_steering_vport_icm_address_rx[0x40];
	mlx5x_u8 sw_steering_vport_icm_address_tx[0x40];
};

struct mlx5_ifc_esw_vport_context_fields_select_bits {
	mlx5x_u8 reserved_at_0[0x1b];
	mlx5x_u8 fdb_to_vport_reg_c_id[0x1];
	mlx5x_u8 vport_cvlan_insert[0x1];
	mlx5x_u8 vport_svlan_insert[0x1];
	mlx5x_u8 vport_cvlan_strip[0x1];
	mlx5x_u8 vport_svlan_strip[0x1];
};

struct mlx5_ifc_query_esw_vport_context_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 other_vport[0x1];
	mlx5x_u8 reserved_at_41[0xf];
	mlx5x_u8 vport_number[0x10];
	mlx5x_u8 reserved_at_60[0x20];
};

struct mlx5_ifc_query_esw_vport_context_out_bits {
	mlx5x_u8 status[0x8];
	mlx5x_u8 reserved_at_8[0x18];
	mlx5x_u8 syndrome[0x20];
	mlx5x_u8 reserved_at_40[0x40];
	struct mlx5_ifc_esw_vport_context_bits esw_vport_context;
};

struct mlx5_ifc_modify_esw_vport_context_in_bits {
	mlx5x_u8 opcode[0x10];
	mlx5x_u8 uid[0x10];
	mlx5x_u8 reserved_at_20[0x10];
	mlx5x_u8 op_mod[0x10];
	mlx5x_u8 other_vport[0x1];
	mlx5x_u8 reserved_at_41[0xf];
	mlx5x_u8 vport_number[0x10];
	struct mlx5_ifc_esw_vport_context_fields_select_bits field_select;
	struct mlx5_ifc_esw_vport_context_bits esw_vport_context;
};

/* The head of flow_table_eswitch_cap (QUERY_HCA_CAP type 0x7). */
struct mlx5_ifc_flow_table_eswitch_cap_head_bits {
	mlx5x_u8 fdb_to_vport_reg_c_id[0x8];
	mlx5x_u8 reserved_at_8[0x18];
};

#endif /* MLX5X_PRM_H */
