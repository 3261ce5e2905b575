/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Model profiles: what each ConnectX generation reports. PCI device IDs are
 * the PF/VF IDs the kernel's mlx5_core binds; capabilities are those the
 * generations are documented to have (CX4: no striding RQ, no enhanced
 * MPW, legacy MPW; CX4 Lx adds enhanced MPW; CX5 onwards striding RQ and
 * CQE compression everywhere). The flex parser (ICMP, GENEVE, VXLAN-GPE,
 * GTP-U and MPLS fields) and software steering come with ConnectX-5;
 * ConnectX-6 Dx steers in the second software steering format. The
 * models with striding RQs also report ext_stride_num_range (8..256
 * strides a WQE besides 512..65536): the model's choice, which
 * MLX5X_EMU_CONFIG's ext_stride_num_range=0 takes back.
 */
#include "mlx5x_emu_core.h"

#include <string.h>

static const struct emu_model emu_models[] = {
	{
		.name = "cx4",
		.nic_tx_ft = true,
		.pf_device_id = 0x1013,
		.vf_device_id = 0x1014,
		.fw_ver = "12.28.2006",
		.log_max_cq_sz = 22,
		.log_max_wq_sz = 16,
		.log_max_rqt_size = 9,
		.max_lso_cap = 18,
		.max_ft_level = 63,
		.max_modify_header_actions = 32,
		.striding_rq = false,
		.enhanced_mpw = false,
		.mpw = true,
		.cqe_compression = true,
		.eswitch_manager = true,
		.wqe_inline_mode = MLX5X_CAP_INLINE_MODE_L2,
	},
	{
		.name = "cx4lx",
		.nic_tx_ft = true,
		.pf_device_id = 0x1015,
		.vf_device_id = 0x1016,
		.fw_ver = "14.32.1010",
		.log_max_cq_sz = 22,
		.log_max_wq_sz = 16,
		.log_max_rqt_size = 9,
		.max_lso_cap = 18,
		.max_ft_level = 63,
		.max_modify_header_actions = 32,
		.striding_rq = false,
		.enhanced_mpw = true,
		.mpw = true,
		.cqe_compression = true,
		.eswitch_manager = true,
		.wqe_inline_mode = MLX5X_CAP_INLINE_MODE_VPORT_CONTEXT,
	},
	{
		.name = "cx5",
		.nic_tx_ft = true,
		.pf_device_id = 0x1017,
		.vf_device_id = 0x1018,
		.fw_ver = "16.35.2000",
		.log_max_cq_sz = 22,
		.log_max_wq_sz = 16,
		.log_max_rqt_size = 11,
		.max_lso_cap = 18,
		.max_ft_level = 63,
		.max_modify_header_actions = 32,
		.flex_parser = true,
		.sw_steering = EMU_SW_STEERING_V1,
		.striding_rq = true,
		.ext_stride_num_range = true,
		.enhanced_mpw = true,
		.mpw = false,
		.cqe_compression = true,
		.eswitch_manager = true,
		.wqe_inline_mode = MLX5X_CAP_INLINE_MODE_NOT_REQUIRED,
	},
	{
		.name = "cx6",
		.nic_tx_ft = true,
		.pf_device_id = 0x101b,
		.vf_device_id = 0x101c,
		.fw_ver = "20.35.2000",
		.log_max_cq_sz = 22,
		.log_max_wq_sz = 16,
		.log_max_rqt_size = 11,
		.max_lso_cap = 18,
		.max_ft_level = 63,
		.max_modify_header_actions = 32,
		.flex_parser = true,
		.sw_steering = EMU_SW_STEERING_V1,
		.striding_rq = true,
		.ext_stride_num_range = true,
		.enhanced_mpw = true,
		.mpw = false,
		.cqe_compression = true,
		.eswitch_manager = true,
		.wqe_inline_mode = MLX5X_CAP_INLINE_MODE_NOT_REQUIRED,
	},
	{
		.name = "cx6dx",
		.nic_tx_ft = true,
		.pf_device_id = 0x101d,
		.vf_device_id = 0x101e,
		.fw_ver = "22.35.2000",
		.log_max_cq_sz = 22,
		.log_max_wq_sz = 16,
		.log_max_rqt_size = 11,
		.max_lso_cap = 18,
		.max_ft_level = 63,
		.max_modify_header_actions = 32,
		.flex_parser = true,
		.sw_steering = EMU_SW_STEERING_V2,
		.striding_rq = true,
		.ext_stride_num_range = true,
		.enhanced_mpw = true,
		.mpw = false,
		.cqe_compression = true,
		/* The model's choice: the newest profile offers the flow tag
		 * and L3/L4 header mini CQE formats (HCA caps say so). */
		.mini_cqe_ftag_l34h = true,
		.eswitch_manager = true,
		.wqe_inline_mode = MLX5X_CAP_INLINE_MODE_NOT_REQUIRED,
	},
};

const struct emu_model *
emu_model_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(emu_models) / sizeof(emu_models[0]); i++)
		if (strcmp(emu_models[i].name, name) == 0)
			return &emu_models[i];
	return NULL;
}

const char *
emu_model_names(void)
{
	return "cx4, cx4lx, cx5, cx6, cx6dx";
}
