/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SSE4.2 enhanced multi-packet write Tx burst: the template of
 * mlx5x_tx_empw.h with one 16-byte load checking refcnt, segments and
 * offload flags of each mbuf and one 16-byte store per data segment; by
 * pointer, a lean burst taking plain mbufs four at a time and leaving
 * anything else to the template. Built alone with -msse4.2 (its own static library), so the rest of the PMD
 * stays generic; mlx5x_tx_burst_pick chooses it only when the CPU has
 * SSE4.2 and tx_vec_en allows it.
 */
#include "mlx5x_tx_empw.h"

uint16_t
mlx5x_tx_burst_empw_vec(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	struct mlx5x_txq *txq = q;

	if (txq->inline_min != 0)
		return tx_burst_empw(txq, pkts, n, true, true, true);
	if (txq->inline_mpw != 0)
		return tx_burst_empw(txq, pkts, n, true, false, true);
	return tx_burst_empw_vec_ptr(txq, pkts, n);
}
