/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device arguments (-a <pci>,key=value,...): one table row per key.
 */
#ifndef MLX5X_DEVARGS_H
#define MLX5X_DEVARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Highest VF index a representor list may name (PCIe SR-IOV allows more,
 * ConnectX firmware exposes at most 255 VFs per PF in switchdev mode). */
#define MLX5X_REPRESENTOR_ID_MAX 255
#define MLX5X_REPRESENTORS_MAX (MLX5X_REPRESENTOR_ID_MAX + 1)

/* txq_inline_max and txq_inline_min limit: bytes of packet data a single
 * Tx WQE can carry inline (the PMD's descriptor budget, as mlx5 documents). */
#define MLX5X_TXQ_INLINE_LIMIT 930
/* txq_inline_mpw default: frames up to this length travel inside eMPW
 * WQEs (mlx5's documented default). */
#define MLX5X_TXQ_INLINE_MPW_DEFAULT 268
/* txqs_min_inline: packet data is inlined (txq_inline_mpw, txq_inline_max)
 * only on ports with at least this many Tx queues. mlx5's defaults: 8, and
 * 16 for a BlueField driven from its own Arm cores. Copying frames into
 * WQEs costs CPU; it pays once enough queues (cores) make PCIe bandwidth,
 * not the CPU, the bottleneck. ethdev counts Tx queues in 16 bits. */
#define MLX5X_TXQS_MIN_INLINE_DEFAULT 8
#define MLX5X_TXQS_MIN_INLINE_BLUEFIELD 16
#define MLX5X_TXQS_MIN_INLINE_LIMIT 65535

/* mprq_max_memcpy_len: MPRQ packets up to this many bytes are copied into
 * an mbuf, longer ones attached (mlx5's documented default 128). */
#define MLX5X_MPRQ_MEMCPY_DEFAULT 128
#define MLX5X_MPRQ_MEMCPY_LIMIT 65535

/* rxq_cqe_comp_en values. */
enum mlx5x_cqe_comp {
	MLX5X_CQE_COMP_OFF = 0,
	MLX5X_CQE_COMP_DEFAULT = 1, /* hash format (MPRQ too) */
	MLX5X_CQE_COMP_FLOW_TAG = 2,
	MLX5X_CQE_COMP_CSUM = 3,
	MLX5X_CQE_COMP_L3L4 = 4,
};

/* What representor= asked for: VF representors of one PF. */
struct mlx5x_representor_req {
	int pf; /* PF index from "pfN", -1 when not given */
	uint16_t nb;
	uint16_t vf[MLX5X_REPRESENTORS_MAX]; /* ascending, no duplicates */
};

struct mlx5x_devargs {
	bool has_representor;
	struct mlx5x_representor_req representor;
	int dv_flow_en;
	int dv_esw_en;
	int rxq_cqe_comp_en;
	int mprq_en;
	int mprq_max_memcpy_len;
	int mprq_log_stride_num;  /* 0: the adapter's least (at least 9) */
	int mprq_log_stride_size; /* 0: from the MTU and the mbuf */
	int rx_vec_en;
	int tx_vec_en;
	int txq_inline_min; /* -1: let the device decide */
	int txq_inline_max;
	int txq_mpw_en;
	int txq_inline_mpw;  /* whole packets inlined in eMPW sessions */
	int txqs_min_inline; /* Tx queues from which data is inlined */
	uint32_t given;	     /* bit per table row the user set */
};

/* The PMD parameter string that dpdk-pmdinfo.py shows. */
#define MLX5X_DEVARGS_PARAMS                                                   \
	"representor=<[list]|pfNvf[list]> "                                    \
	"dv_flow_en=<0|1> "                                                    \
	"dv_esw_en=<0|1> "                                                     \
	"rxq_cqe_comp_en=<0-4> "                                               \
	"mprq_en=<0|1> "                                                       \
	"mprq_max_memcpy_len=<0-65535> "                                       \
	"mprq_log_stride_num=<0-16> "                                          \
	"mprq_log_stride_size=<0-13> "                                         \
	"rx_vec_en=<0|1> "                                                     \
	"tx_vec_en=<0|1> "                                                     \
	"txq_inline_min=<0-930> "                                              \
	"txq_inline_max=<0-930> "                                              \
	"txq_mpw_en=<0|1> "                                                    \
	"txq_inline_mpw=<0-930> "                                              \
	"txqs_min_inline=<0-65535>"

/* Fill every field with its default. */
void mlx5x_devargs_defaults(struct mlx5x_devargs *da);

/*
 * Parse a devargs string (NULL or "" mean all defaults). On error returns
 * -EINVAL and writes into err[] a sentence naming the key, the value and what
 * is allowed; *da is then unspecified.
 */
int mlx5x_devargs_parse(const char *args, struct mlx5x_devargs *da, char *err,
			size_t err_len);

/* Parse one representor= value ("[0-3]", "[0,2,5]", "pf0vf[0-3]", "2"). */
int mlx5x_devargs_parse_representor(const char *value,
				    struct mlx5x_representor_req *req,
				    char *err, size_t err_len);

/* True when the user set the key (by name) explicitly. */
bool mlx5x_devargs_given(const struct mlx5x_devargs *da, const char *key);

#endif /* MLX5X_DEVARGS_H */
