/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Facts the rdma-core ABI files share with the device and capability
 * files, kept out of mlx5x_emu_core.h (the model every area shares).
 */
#ifndef MLX5X_EMU_ABI_H
#define MLX5X_EMU_ABI_H

/* The model's free-running clock (PRM device_frequency_khz; mlx5_ib's
 * hca_core_clock): 156.25 MHz, the ConnectX-4/5 core clock. */
#define EMU_DEVICE_FREQUENCY_KHZ 156250

#endif /* MLX5X_EMU_ABI_H */
