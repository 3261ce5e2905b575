/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fused wire -> RQ path's plan, made once per change of what it
 * reads, and the wire's entry for frames that arrive from an end (the
 * path itself: mlx5x_emu_rx_fused.h).
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_steer.h"

#include "mlx5x_emu_rx_fused.h"

/* Whether every group of ft masks words of the outer headers alone: a
 * lookup over the outer headers the plain parse fills is the whole
 * table's answer. */
static bool
emu_rxf_outer_only(const struct emu_ft *ft)
{
	const struct emu_fg *g;
	unsigned int k;

	for (g = ft->groups; g != NULL; g = g->next)
		for (k = 0; k < g->nnz; k++)
			if ((size_t)g->nz[k] * 8 >= EMU_RXF_OUTER_BYTES)
				return false;
	return true;
}

/* The plan for the adapter as it is now (once per change). */
void
emu_rxf_plan(struct emu_adapter *ad)
{
	struct emu_rxf *pl = &ad->rxf;
	const struct emu_ft *ft;
	const struct emu_fg *g;

	pl->gen = ad->rx_gen;
	pl->mode = EMU_RXF_OFF;
	pl->ft = NULL;
	pl->e = NULL;
	pl->vf_macs = ad->cfg.esw == EMU_ESW_LEGACY && ad->cfg.nvfs != 0;
	if (pl->off || ad->trace_on || ad->kflows != NULL ||
	    (ad->cfg.esw == EMU_ESW_SWITCHDEV &&
	     ad->root[MLX5X_FLOW_TABLE_TYPE_FDB] != 0))
		return;
	ft = emu_objtab_get(&ad->fts, ad->root[MLX5X_FLOW_TABLE_TYPE_NIC_RX]);
	if (ft == NULL || ft->type != MLX5X_FLOW_TABLE_TYPE_NIC_RX)
		return;
	g = ft->groups;
	/* As emu_ft_lookup_inl: a firmware-owned catch-all first keeps its
	 * one entry in slot 0, and every frame hits it. */
	if (g != NULL && g->nnz == 0 && g->ndup == 0 && g->count != 0) {
		if (emu_rxf_entry_ok(g->slot[0].e)) {
			pl->e = g->slot[0].e;
			pl->mode = EMU_RXF_CATCH_ALL;
		}
		return;
	}
	if (emu_rxf_outer_only(ft)) {
		pl->ft = ft;
		pl->mode = EMU_RXF_LOOKUP;
	}
}

const struct emu_fte *
emu_rxf_lookup(const struct emu_adapter *ad, const uint8_t *frame,
	       struct emu_ip4_plain r)
{
	uint8_t oh[EMU_RXF_OUTER_BYTES] __attribute__((aligned(16)));
	void *h = oh;

	memset(oh, 0, sizeof(oh));
	memcpy(MLX5X_ADDR_OF(fte_match_set_lyr_2_4, h, dmac_47_16), frame, 6);
	memcpy(MLX5X_ADDR_OF(fte_match_set_lyr_2_4, h, smac_47_16), frame + 6,
	       6);
	MLX5X_SET(fte_match_set_lyr_2_4, h, ethertype, 0x0800);
	emu_ip4_plain_outer(frame, &r, h);
	/* The groups read nothing past the outer headers. */
	return emu_ft_lookup(ad->rxf.ft, oh);
}

void
emu_rx_from_wire(struct emu_adapter *ad, const uint8_t *frame, uint32_t len)
{
	if (emu_rx_fused_wire(ad, frame, len))
		return;
	emu_trace_reset(ad);
	emu_eswitch_from_wire(ad, frame, len);
}
