/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Transport interface send (TIS): the transport domain and priority an SQ
 * sends under. The model keeps its number and transport domain.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_cmd.h"

#include <stdlib.h>

int
emu_tis_cmd(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
	    size_t outlen, uint32_t *syndrome, struct emu_cmd_result *res)
{
	struct emu_adapter *ad = ctx->ad;
	struct emu_tis *tis;

	(void)inlen;
	(void)outlen;
	if (MLX5X_GET(mbox_in, in, opcode) == MLX5X_CMD_OP_CREATE_TIS) {
		const void *c = MLX5X_ADDR_OF(create_tis_in, in, ctx);
		uint32_t td = MLX5X_GET(tisc, c, transport_domain);

		if (emu_objtab_get(&ad->tds, td) == NULL) {
			*syndrome = 0x7a1501; /* unknown transport domain */
			return MLX5X_CMD_STAT_BAD_RES_ERR;
		}
		tis = calloc(1, sizeof(*tis));
		if (tis == NULL)
			return MLX5X_CMD_STAT_NO_RES_ERR;
		tis->td = td;
		tis->tisn = emu_objtab_add(&ad->tiss, tis);
		if (tis->tisn == 0) {
			free(tis);
			return MLX5X_CMD_STAT_NO_RES_ERR;
		}
		MLX5X_SET(create_tis_out, out, tisn, tis->tisn);
		res->destroy_opcode = MLX5X_CMD_OP_DESTROY_TIS;
		res->id = tis->tisn;
		return MLX5X_CMD_STAT_OK;
	}
	tis = emu_objtab_get(&ad->tiss, MLX5X_GET(obj_in, in, obj_id));
	if (tis == NULL) {
		*syndrome = 0x7a1510;
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	emu_objtab_del(&ad->tiss, tis->tisn);
	free(tis);
	return MLX5X_CMD_STAT_OK;
}
