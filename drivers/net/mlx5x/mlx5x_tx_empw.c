/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scalar enhanced multi-packet write Tx burst: the template of
 * mlx5x_tx_empw.h with 8-byte stores.
 */
#include "mlx5x_tx_empw.h"

uint16_t
mlx5x_tx_burst_empw(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	struct mlx5x_txq *txq = q;

	if (txq->inline_min != 0)
		return tx_burst_empw(txq, pkts, n, true, true, false);
	if (txq->inline_mpw != 0)
		return tx_burst_empw(txq, pkts, n, true, false, false);
	return tx_burst_empw(txq, pkts, n, false, false, false);
}
