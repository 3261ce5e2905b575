/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Work queue contexts (PRM "wq", shared by SQ and RQ): buffer and doorbell
 * record located in DevX umems, and the queue state machine
 * RST -> RDY -> ERR -> RST that MODIFY_SQ/MODIFY_RQ walk.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"

#include "mlx5x_emu_wq.h"

int
emu_wq_parse(struct emu_adapter *ad, const void *wq, struct emu_wq *out,
	     uint32_t min_log_stride, uint32_t *syndrome)
{
	uint32_t log_stride = MLX5X_GET(wq, wq, log_wq_stride);
	uint32_t log_sz = MLX5X_GET(wq, wq, log_wq_sz);
	uint64_t bytes;

	if (!MLX5X_GET(wq, wq, wq_umem_valid) ||
	    !MLX5X_GET(wq, wq, dbr_umem_valid)) {
		*syndrome = 0x2a7e01; /* physical address lists need a kernel */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if (log_stride < min_log_stride || log_stride > 11 ||
	    log_sz > ad->cfg.model->log_max_wq_sz) {
		*syndrome = 0x2a7e02;
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	if (emu_objtab_get(&ad->pds, MLX5X_GET(wq, wq, pd)) == NULL) {
		*syndrome = 0x2a7e03; /* unknown PD */
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	bytes = (uint64_t)1 << (log_stride + log_sz);
	out->buf = emu_mem_umem_ptr(ad, MLX5X_GET(wq, wq, wq_umem_id),
				    MLX5X_GET64(wq, wq, wq_umem_offset), bytes);
	out->dbrec = emu_mem_umem_ptr(ad, MLX5X_GET(wq, wq, dbr_umem_id),
				      MLX5X_GET64(wq, wq, dbr_addr), 8);
	if (out->buf == NULL || out->dbrec == NULL) {
		*syndrome = 0x2a7e04; /* umem unknown or too small */
		return MLX5X_CMD_STAT_BAD_PARAM_ERR;
	}
	out->log_sz = log_sz;
	out->log_stride = log_stride;
	out->wq_type = MLX5X_GET(wq, wq, wq_type);
	out->ci = 0;
	return MLX5X_CMD_STAT_OK;
}

/* PRM queue state machine: RST->RDY, RDY->RDY, RDY->ERR, RDY->RST,
 * ERR->RST. Anything else is a bad resource state. */
int
emu_wq_transition(uint8_t *state, uint8_t cur, uint8_t next, uint32_t *syndrome)
{
	static const uint8_t ok[4][4] = {
		[MLX5X_QUEUE_STATE_RST] = { [MLX5X_QUEUE_STATE_RDY] = 1,
					    [MLX5X_QUEUE_STATE_RST] = 1 },
		[MLX5X_QUEUE_STATE_RDY] = { [MLX5X_QUEUE_STATE_RDY] = 1,
					    [MLX5X_QUEUE_STATE_ERR] = 1,
					    [MLX5X_QUEUE_STATE_RST] = 1 },
		[MLX5X_QUEUE_STATE_ERR] = { [MLX5X_QUEUE_STATE_RST] = 1,
					    [MLX5X_QUEUE_STATE_ERR] = 1 },
	};

	if (cur != *state) {
		*syndrome = 0x3b5e01; /* current state given is not the state */
		return MLX5X_CMD_STAT_BAD_RES_STATE_ERR;
	}
	if (next > 3 || next == 2 || !ok[cur][next]) {
		*syndrome = 0x3b5e02;
		return MLX5X_CMD_STAT_BAD_RES_STATE_ERR;
	}
	*state = next;
	return MLX5X_CMD_STAT_OK;
}
