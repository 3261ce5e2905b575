/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SSE4.2 enhanced multi-packet write Tx burst: the template of
 * mlx5x_tx_empw.h with one 16-byte load checking refcnt, segments and
 * offload flags of each mbuf and one 16-byte store per data segment; by
 * pointer, a lean burst taking plain mbufs four at a time and leaving
 * anything else to the template; inline, a lean burst copying frames of
 * 33 to 64 bytes four at a time and leaving anything else to the inline
 * template. Built alone with -msse4.2 (its own static library), so the rest of the PMD
 * stays generic; mlx5x_tx_burst_pick chooses it only when the CPU has
 * SSE4.2 and tx_vec_en allows it.
 */
/* GCC's straight-line vectoriser turns the bursts' few room and limit
 * computations into vector code longer than the scalar (measured: the
 * pointer burst 0.3 instructions per packet more). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-tree-slp-vectorize")
#endif
#include "mlx5x_tx_empw.h"

/* The full template inlining, out of line: what the inline burst hands
 * over (a packet it cannot take and the rest of the burst). */
static __rte_noinline uint16_t
empw_vec_full_inl(struct mlx5x_txq *txq, struct rte_mbuf **pkts, uint16_t n)
{
	return tx_burst_empw(txq, pkts, n, true, false, true);
}

static __rte_noinline uint16_t
empw_vec_full_must(struct mlx5x_txq *txq, struct rte_mbuf **pkts, uint16_t n)
{
	return tx_burst_empw(txq, pkts, n, true, true, true);
}

/* By pointer only (every queue of the port has txq_inline_mpw=0):
 * mlx5x_tx_burst_pick sets it as the port's burst, so it keeps its
 * registers to itself and costs no dispatch. */
uint16_t
mlx5x_tx_burst_empw_vec_ptr(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	return tx_burst_empw_vec_ptr(q, pkts, n);
}

/* The one for required inline headers out of line: the default inline
 * burst, inlined below, keeps its registers to itself. */

static __rte_noinline uint16_t
empw_vec_inl_must(struct mlx5x_txq *txq, struct rte_mbuf **pkts, uint16_t n)
{
	return tx_burst_empw_inl(txq, pkts, n, true, true, false,
				 empw_vec_full_must);
}

/* What the default burst's sessions of four cannot take: the general
 * inline burst, completions already looked at (the AVX2 bursts'
 * too). */
__rte_noinline uint16_t
mlx5x_tx_empw_vec_inl_rest(struct mlx5x_txq *txq, struct rte_mbuf **pkts,
			   uint16_t n)
{
	return tx_burst_empw_inl(txq, pkts, n, false, true, true,
				 empw_vec_full_inl);
}

/* Every queue of the port inlines at least EMPW_INL4_MAX bytes and needs
 * no inline headers (the defaults): mlx5x_tx_burst_pick sets it as the
 * port's burst, no dispatch. */
uint16_t
mlx5x_tx_burst_empw_vec_inl(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	return tx_burst_empw_inl4(q, pkts, n, mlx5x_tx_empw_vec_inl_rest,
				  false);
}

/* The same where every queue has MBUF_FAST_FREE: no mbuf's pool read. */
uint16_t
mlx5x_tx_burst_empw_vec_inl_ff(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	return tx_burst_empw_inl4(q, pkts, n, mlx5x_tx_empw_vec_inl_rest, true);
}

uint16_t
mlx5x_tx_burst_empw_vec(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	struct mlx5x_txq *txq = q;

	if (txq->inline_mpw == 0)
		return mlx5x_tx_burst_empw_vec_ptr(txq, pkts, n);
	/* The inline bursts' four-at-a-time loop takes frames up to
	 * EMPW_INL4_MAX bytes whole: below that limit, the full template. */
	if (unlikely(txq->inline_mpw < EMPW_INL4_MAX))
		return txq->inline_min != 0 ? empw_vec_full_must(txq, pkts, n)
					    : empw_vec_full_inl(txq, pkts, n);
	if (txq->inline_min != 0)
		return empw_vec_inl_must(txq, pkts, n);
	return mlx5x_tx_burst_empw_vec_inl(txq, pkts, n);
}
