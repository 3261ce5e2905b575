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

static unsigned int
pack_count(const uint32_t *w)
{
	unsigned int i, n = 0;

	for (i = 0; i < RULE_DW; i++)
		n += w[i] != 0;
	return n;
}

size_t
mlx5x_flow_pack_size(const struct mlx5x_flow_rule *rule, uint16_t *nb_dw)
{
	uint32_t w[RULE_DW];
	unsigned int n;

	/* memcpy: the rule is read as dwords without aliasing its fields. */
	memcpy(w, rule, sizeof(w));
	n = pack_count(w);
	*nb_dw = (uint16_t)n;
	return n * (sizeof(uint32_t) + sizeof(uint16_t));
}

void
mlx5x_flow_pack(const struct mlx5x_flow_rule *rule, uint16_t nb_dw, void *dst)
{
	uint32_t w[RULE_DW];
	uint32_t *val = dst;
	uint16_t *idx = (uint16_t *)(val + nb_dw);
	unsigned int i, n = 0;

	memcpy(w, rule, sizeof(w));
	for (i = 0; i < RULE_DW && n < nb_dw; i++)
		if (w[i] != 0) {
			val[n] = w[i];
			idx[n++] = (uint16_t)i;
		}
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
	struct rte_flow *flow;
	uint16_t nb_dw;
	size_t sz = mlx5x_flow_pack_size(rule, &nb_dw);

	flow = mlx5x_flow_pool_zalloc(sizeof(*flow) + sz);
	if (flow == NULL)
		return NULL;
	flow->nb_dw = nb_dw;
	mlx5x_flow_pack(rule, nb_dw, flow->packed);
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
