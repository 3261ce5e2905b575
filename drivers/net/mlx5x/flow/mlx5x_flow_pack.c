/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A flow keeps its parsed rule for as long as it lives (the port replays
 * it at every start), but a mlx5x_flow_rule is mostly zeros: two 512-byte
 * fte_match_param boxes of which a rule sets a few dwords, queue and
 * rewrite arrays most rules leave empty. Kept whole it made 1.7 KB of the
 * 2.4 KB a flow cost, and on the emulated adapter's VM every fresh 4 KB
 * page costs ~20 us to fault in: the page faults, not the instructions,
 * set the insertion rate. So a flow stores its rule packed: the non-zero
 * dwords and their indexes, nothing else.
 *
 * The packing knows nothing of the rule's fields, so a field added to the
 * rule is kept without a change here.
 */
#include <assert.h>
#include <string.h>

#include "mlx5x_flow.h"

#define RULE_DW (sizeof(struct mlx5x_flow_rule) / sizeof(uint32_t))

static_assert(sizeof(struct mlx5x_flow_rule) % sizeof(uint32_t) == 0,
	      "a rule is packed by dwords");
static_assert(RULE_DW <= UINT16_MAX, "a dword index fits 16 bits");

/* Dwords tested at once: most of a rule is zero, so the scan mostly skips
 * whole blocks. */
#define SCAN_BLOCK 8u

static unsigned int
pack_dwords(const uint32_t *d, unsigned int from, unsigned int to,
	    uint32_t *val, uint16_t *idx, unsigned int n)
{
	unsigned int i;

	for (i = from; i < to; i++)
		if (d[i - from] != 0) {
			val[n] = d[i - from];
			idx[n++] = (uint16_t)i;
		}
	return n;
}

/*
 * The rule's non-zero dwords into val[] and their indexes into idx[];
 * returns how many. Runs once per rte_flow_create.
 */
static unsigned int
pack_scan(const struct mlx5x_flow_rule *rule, uint32_t *val, uint16_t *idx)
{
	const uint8_t *p = (const uint8_t *)rule;
	unsigned int i, n = 0;

	for (i = 0; i + SCAN_BLOCK <= RULE_DW; i += SCAN_BLOCK) {
		uint64_t q[SCAN_BLOCK / 2];
		uint32_t d[SCAN_BLOCK];

		/* memcpy: read without aliasing the rule's fields. */
		memcpy(q, p + i * sizeof(uint32_t), sizeof(q));
		if ((q[0] | q[1] | q[2] | q[3]) == 0)
			continue;
		memcpy(d, q, sizeof(d));
		n = pack_dwords(d, i, i + SCAN_BLOCK, val, idx, n);
	}
	if (i < RULE_DW) {
		uint32_t d[SCAN_BLOCK];

		memcpy(d, p + i * sizeof(uint32_t),
		       (RULE_DW - i) * sizeof(uint32_t));
		n = pack_dwords(d, i, RULE_DW, val, idx, n);
	}
	return n;
}

void
mlx5x_flow_unpack(const void *src, uint16_t nb_dw, struct mlx5x_flow_rule *rule)
{
	const uint32_t *val = src;
	const uint16_t *idx = (const uint16_t *)(val + nb_dw);
	uint32_t w[RULE_DW];
	unsigned int i;

	memset(w, 0, sizeof(w));
	for (i = 0; i < nb_dw; i++)
		w[idx[i]] = val[i];
	memcpy(rule, w, sizeof(w));
}

struct rte_flow *
mlx5x_flow_alloc(const struct mlx5x_flow_rule *rule)
{
	uint32_t val[RULE_DW];
	uint16_t idx[RULE_DW];
	unsigned int n = pack_scan(rule, val, idx);
	struct rte_flow *flow;

	flow = mlx5x_flow_pool_zalloc(sizeof(*flow) +
				      n * (sizeof(val[0]) + sizeof(idx[0])));
	if (flow == NULL)
		return NULL;
	flow->nb_dw = (uint16_t)n;
	memcpy(flow->packed, val, n * sizeof(val[0]));
	memcpy(flow->packed + n, idx, n * sizeof(idx[0]));
	return flow;
}

void
mlx5x_flow_free(struct rte_flow *flow)
{
	if (flow == NULL)
		return;
	mlx5x_flow_pool_free(flow,
			     sizeof(*flow) + flow->nb_dw * (sizeof(uint32_t) +
							    sizeof(uint16_t)));
}
