/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scalar enhanced multi-packet write Tx burst: the template of
 * mlx5x_tx_empw.h with 8-byte stores.
 */
#include "mlx5x_tx_empw.h"

/* The full template inlining, out of line: what the inline burst hands
 * over (a packet it cannot take and the rest of the burst). */
static __rte_noinline uint16_t
empw_full_inl(struct mlx5x_txq *txq, struct rte_mbuf **pkts, uint16_t n)
{
	return tx_burst_empw(txq, pkts, n, true, false, false);
}

static __rte_noinline uint16_t
empw_full_must(struct mlx5x_txq *txq, struct rte_mbuf **pkts, uint16_t n)
{
	return tx_burst_empw(txq, pkts, n, true, true, false);
}

uint16_t
mlx5x_tx_burst_empw(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	struct mlx5x_txq *txq = q;

	if (txq->inline_min != 0)
		return tx_burst_empw_inl(txq, pkts, n, true, false, false,
					 empw_full_must);
	/* mlx5x_txq_start leaves no limit between 0 and EMPW_LEN_MIN. */
	if (txq->inline_mpw != 0)
		return tx_burst_empw_inl(txq, pkts, n, false, false, false,
					 empw_full_inl);
	return tx_burst_empw(txq, pkts, n, false, false, false);
}
