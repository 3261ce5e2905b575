/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_lcore_id() (which mempool cache a burst's get or put uses) through
 * the initial-exec TLS model: one %fs-relative load instead of a call to
 * __tls_get_addr per mempool access. librte_eal, which defines the
 * variable, is a dependency of the application that loads this PMD (with
 * -d or linked), so it is loaded at start-up and its TLS lies in the
 * static TLS block the model needs; were EAL itself dlopen'ed, glibc would
 * place it there from its static TLS reserve or refuse the load of this
 * PMD with a message, never read a wrong lcore id. Only the accesses of
 * the files that include this header change: the data-path bursts.
 */
#ifndef MLX5X_LCORE_TLS_H
#define MLX5X_LCORE_TLS_H

#include <rte_lcore.h>

extern __thread unsigned int per_lcore__lcore_id
	__attribute__((tls_model("initial-exec")));

#endif /* MLX5X_LCORE_TLS_H */
