/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test-side census of live PRM objects: every object table of the adapter
 * counted by type, so a test can tell that a driver gave back everything it
 * created. Reads the tables; never changes them.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_steer.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mlx5x_emu.h"

/* Objects emu_ctx_cleanup_locked destroyed for a closing context, per
 * adapter number (see mlx5x_emu_census). */
static uint64_t census_reclaimed[EMU_MAX_ADAPTERS];

void
emu_census_reclaim(const struct emu_adapter *ad, unsigned int n)
{
	if (ad->index < EMU_MAX_ADAPTERS)
		census_reclaimed[ad->index] += n;
}

static uint32_t
census_live(const struct emu_objtab *t)
{
	uint32_t i, n = 0;

	for (i = 0; i < t->cap; i++)
		n += t->slot[i] != NULL;
	return n;
}

static void
census_steering(const struct emu_adapter *ad, struct mlx5x_emu_census *c)
{
	const struct emu_kflow *k;
	uint32_t i, v;

	for (i = 0; i < ad->fts.cap; i++) {
		const struct emu_ft *ft = ad->fts.slot[i];

		if (ft != NULL)
			c->fte += ft->nentries;
	}
	for (i = 0; i < ad->fc_cap; i++)
		c->flow_counter += ad->fc[i].used;
	for (k = ad->kflows; k != NULL; k = k->next)
		c->kernel_flow++;
	for (k = ad->kflows_tx; k != NULL; k = k->next)
		c->kernel_flow++;
	for (v = 0; v < EMU_MAX_VFS; v++) {
		for (k = ad->vf_kflows[v]; k != NULL; k = k->next)
			c->kernel_flow++;
		for (k = ad->vf_kflows_tx[v]; k != NULL; k = k->next)
			c->kernel_flow++;
	}
}

int
mlx5x_emu_census(unsigned int dev, struct mlx5x_emu_census *c)
{
	const struct emu_adapter *ad;
	const struct emu_ctx *ctx;

	emu_lock();
	ad = dev < emu_world.nadapters ? emu_world.ad[dev] : NULL;
	if (ad == NULL) {
		emu_unlock();
		return -ENODEV;
	}
	memset(c, 0, sizeof(*c));
	for (ctx = emu_world.contexts; ctx != NULL; ctx = ctx->next)
		c->contexts += ctx->ad == ad;
	c->pd = census_live(&ad->pds);
	c->td = census_live(&ad->tds);
	c->uar = census_live(&ad->uars);
	c->umem = census_live(&ad->umems);
	c->mr = census_live(&ad->mrs);
	c->cq = census_live(&ad->cqs);
	c->sq = census_live(&ad->sqs);
	c->rq = census_live(&ad->rqs);
	c->rqt = census_live(&ad->rqts);
	c->tir = census_live(&ad->tirs);
	c->tis = census_live(&ad->tiss);
	c->flow_table = census_live(&ad->fts);
	c->flow_group = census_live(&ad->fgs);
	c->modify_header = census_live(&ad->mhdrs);
	c->packet_reformat = census_live(&ad->reformats);
	census_steering(ad, c);
	emu_hook_census(ad, c);
	c->reclaimed =
		ad->index < EMU_MAX_ADAPTERS ? census_reclaimed[ad->index] : 0;
	emu_unlock();
	return 0;
}

int
mlx5x_emu_census_format(const struct mlx5x_emu_census *c, char *buf, size_t len)
{
	return snprintf(buf, len,
			"contexts=%u pd=%u td=%u uar=%u umem=%u mr=%u cq=%u sq=%u rq=%u rqt=%u tir=%u tis=%u flow_table=%u flow_group=%u fte=%u flow_counter=%u modify_header=%u packet_reformat=%u kernel_flow=%u reclaimed=%llu dr_domain=%u dr_action=%u",
			c->contexts, c->pd, c->td, c->uar, c->umem, c->mr,
			c->cq, c->sq, c->rq, c->rqt, c->tir, c->tis,
			c->flow_table, c->flow_group, c->fte, c->flow_counter,
			c->modify_header, c->packet_reformat, c->kernel_flow,
			(unsigned long long)c->reclaimed, c->dr_domain,
			c->dr_action);
}
