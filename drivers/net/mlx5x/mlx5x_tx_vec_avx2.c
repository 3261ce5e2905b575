/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The default inline eMPW burst of mlx5x_tx_vec_sse.c (frames of 33 to 64
 * bytes, four a turn) built with -mavx2 in a library of its own: each
 * frame's first and last 32 bytes in one 32-byte load and store each
 * instead of two 16-byte ones, and the 16-byte checks of the mbufs with
 * their loads folded in (VEX encoding). Only that burst: what it cannot
 * take goes to the SSE4.2 general inline burst. mlx5x_tx_burst_pick
 * chooses it only when the CPU has AVX2 and the EAL's SIMD width allows
 * 256 bits, so the rest of the PMD stays generic.
 */
/* As in mlx5x_tx_vec_sse.c: GCC's straight-line vectoriser makes the
 * burst's room computations longer. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-tree-slp-vectorize")
#endif
#include "mlx5x_tx_empw.h"

uint16_t
mlx5x_tx_burst_empw_avx2_inl(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	return tx_burst_empw_inl4(q, pkts, n, mlx5x_tx_empw_vec_inl_rest,
				  false);
}

uint16_t
mlx5x_tx_burst_empw_avx2_inl_ff(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	return tx_burst_empw_inl4(q, pkts, n, mlx5x_tx_empw_vec_inl_rest, true);
}
