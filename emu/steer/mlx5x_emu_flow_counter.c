/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Flow counters: ALLOC_FLOW_COUNTER (one, or a bulk of consecutive ids:
 * 1 << flow_counter_bulk_log_size, or 128 per bit of flow_counter_bulk),
 * DEALLOC_FLOW_COUNTER, and QUERY_FLOW_COUNTER into the out box or, with
 * dump_to_memory, into registered memory (mkey = an MR's lkey). Entries
 * with the COUNT action add each hit's packets and bytes.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_steer.h"
#include "mlx5x_emu_cmd.h"

#include <stdlib.h>
#include <string.h>

#define EMU_FC_BASE 0x10000u
#define EMU_FC_MAX (1u << 20)

struct emu_fc *
emu_flow_counter_get(struct emu_adapter *ad, uint32_t id)
{
	if (id < EMU_FC_BASE || id - EMU_FC_BASE >= ad->fc_cap ||
	    !ad->fc[id - EMU_FC_BASE].used)
		return NULL;
	return &ad->fc[id - EMU_FC_BASE];
}

/* First index of n free consecutive counters, growing the array. */
static int64_t
emu_fc_alloc(struct emu_adapter *ad, uint32_t n)
{
	uint32_t i, run = 0;

	for (i = 0; i < ad->fc_cap; i++) {
		run = ad->fc[i].used ? 0 : run + 1;
		if (run == n)
			return i + 1 - n;
	}
	{
		uint32_t ncap = ad->fc_cap ? ad->fc_cap : 256;
		struct emu_fc *f;

		while (ncap < ad->fc_cap + n)
			ncap *= 2;
		if (ncap > EMU_FC_MAX)
			return -1;
		f = realloc(ad->fc, ncap * sizeof(*f));
		if (f == NULL)
			return -1;
		memset(f + ad->fc_cap, 0, (ncap - ad->fc_cap) * sizeof(*f));
		ad->fc = f;
		i = ad->fc_cap - run;
		ad->fc_cap = ncap;
		return i;
	}
}

static int
emu_fc_query(struct emu_adapter *ad, const void *in, void *out, size_t outlen,
	     uint32_t *syndrome)
{
	uint32_t id = MLX5X_GET(query_flow_counter_in, in, flow_counter_id);
	uint32_t n = MLX5X_GET(query_flow_counter_in, in, num_of_counters);
	bool clear = MLX5X_GET(query_flow_counter_in, in, clear);
	uint8_t *dst;
	uint32_t i;

	if (n == 0)
		n = 1;
	for (i = 0; i < n; i++)
		if (emu_flow_counter_get(ad, id + i) == NULL) {
			*syndrome = 0xfc0002;
			return MLX5X_CMD_STAT_BAD_RES_ERR;
		}
	if (MLX5X_GET(query_flow_counter_in, in, dump_to_memory)) {
		dst = emu_mem_lkey_ptr(ad,
				       MLX5X_GET(query_flow_counter_in, in,
						 mkey),
				       MLX5X_GET64(query_flow_counter_in, in,
						   address),
				       n * 16, IBV_ACCESS_LOCAL_WRITE);
		if (dst == NULL) {
			*syndrome =
				0xfc0003; /* mkey, address or no local write */
			return MLX5X_CMD_STAT_BAD_PARAM_ERR;
		}
	} else {
		if (outlen < MLX5X_ST_SZ_BYTES(query_flow_counter_out) +
				     (size_t)n * 16) {
			*syndrome = 0xfc0004;
			return MLX5X_CMD_STAT_BAD_OUTP_LEN_ERR;
		}
		dst = MLX5X_ADDR_OF(query_flow_counter_out, out,
				    flow_statistics);
	}
	for (i = 0; i < n; i++) {
		struct emu_fc *f = emu_flow_counter_get(ad, id + i);

		mlx5x_prm_set64(dst + i * 16, 0, f->packets);
		mlx5x_prm_set64(dst + i * 16, 64, f->bytes);
		if (clear)
			f->packets = f->bytes = 0;
	}
	return MLX5X_CMD_STAT_OK;
}

int
emu_flow_counter_cmd(struct emu_ctx *ctx, const void *in, size_t inlen,
		     void *out, size_t outlen, uint32_t *syndrome,
		     struct emu_cmd_result *res)
{
	struct emu_adapter *ad = ctx->ad;
	uint16_t op = MLX5X_GET(mbox_in, in, opcode);

	(void)inlen;
	if (op == MLX5X_CMD_OP_ALLOC_FLOW_COUNTER) {
		uint32_t log = MLX5X_GET(alloc_flow_counter_in, in,
					 flow_counter_bulk_log_size);
		uint32_t bulk =
			MLX5X_GET(alloc_flow_counter_in, in, flow_counter_bulk);
		uint32_t n = log ? 1u << log : bulk ? 128u * bulk : 1;
		int64_t at;
		uint32_t i;

		if (log > 16) {
			*syndrome = 0xfc0001;
			return MLX5X_CMD_STAT_BAD_PARAM_ERR;
		}
		at = emu_fc_alloc(ad, n);
		if (at < 0)
			return MLX5X_CMD_STAT_NO_RES_ERR;
		for (i = 0; i < n; i++) {
			memset(&ad->fc[at + i], 0, sizeof(ad->fc[0]));
			ad->fc[at + i].used = true;
		}
		ad->fc[at].base_n = n;
		MLX5X_SET(alloc_flow_counter_out, out, flow_counter_id,
			  EMU_FC_BASE + (uint32_t)at);
		res->destroy_opcode = MLX5X_CMD_OP_DEALLOC_FLOW_COUNTER;
		res->id = EMU_FC_BASE + (uint32_t)at;
		return MLX5X_CMD_STAT_OK;
	}
	if (op == MLX5X_CMD_OP_QUERY_FLOW_COUNTER)
		return emu_fc_query(ad, in, out, outlen, syndrome);
	{
		uint32_t id =
			MLX5X_GET(dealloc_flow_counter_in, in, flow_counter_id);
		struct emu_fc *f = emu_flow_counter_get(ad, id);
		uint32_t i, n;

		if (f == NULL || f->base_n == 0) {
			*syndrome = 0xfc0010; /* not the id an ALLOC returned */
			return MLX5X_CMD_STAT_BAD_RES_ERR;
		}
		n = f->base_n;
		for (i = 0; i < n; i++)
			f[i].used = false;
		f->base_n = 0;
		return MLX5X_CMD_STAT_OK;
	}
}
