/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The command interface (emu/cmd): the result a creating command leaves,
 * the DevX object, the dispatcher and its command trace, and the handler
 * of each command family (their files are in the areas that own them).
 */
#ifndef MLX5X_EMU_CMD_H
#define MLX5X_EMU_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mlx5x_emu_core.h"

/* Append one command's line to the adapter's command trace, if on; a
 * failed command's line names its syndrome when the table has it. */
void
emu_cmd_trace_add(struct emu_adapter *ad, const char *name, uint16_t opcode,
		  uint16_t op_mod, int status, uint32_t syndrome);

/* A stable syndrome a handler answers: its number, a name and what it
 * means (mlx5x_emu_syndrome.c, one table per area). */
struct emu_syndrome {
	uint32_t value;
	const char *name;
	const char *text;
};
/* The syndrome's row, or NULL for a number no handler answers as a stable
 * check (the dispatcher's opcode or length echoes, injected faults). */
const struct emu_syndrome *emu_syndrome_find(uint32_t syndrome);

/* Command interface (mlx5x_emu_cmd.c). */
struct emu_cmd_result {
	uint16_t destroy_opcode; /* set by creators, for devx obj destroy */
	uint32_t id;
	uint8_t table_type;
	uint32_t table_id;
};

/* What mlx5dv_devx_obj_create hands out: enough to destroy the object and
 * for Direct Rules actions to name it. */
struct mlx5dv_devx_obj {
	struct emu_ctx *ctx;
	struct emu_cmd_result res;
};
int emu_cmd_exec(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
		 size_t outlen, struct emu_cmd_result *res);
void emu_cmd_fail(void *out, size_t outlen, uint8_t status, uint32_t syndrome);
/* A command an entry point runs without a mailbox (Direct Rules rules):
 * counted and open to fault injection (true: fail it with *status and
 * *syndrome) as emu_cmd_exec does, then traced with its outcome. */
bool emu_cmd_direct_fault(struct emu_ctx *ctx, uint16_t opcode, int *status,
			  uint32_t *syndrome);
void emu_cmd_direct_trace(struct emu_ctx *ctx, uint16_t opcode, int status,
			  uint32_t syndrome);

/* Each command family: returns 0 with out filled or a PRM status with
 * *syndrome set. inlen/outlen are checked by the dispatcher. */
typedef int (*emu_cmd_fn)(struct emu_ctx *ctx, const void *in, size_t inlen,
			  void *out, size_t outlen, uint32_t *syndrome,
			  struct emu_cmd_result *res);
int emu_hca_cap_query(struct emu_ctx *, const void *, size_t, void *, size_t,
		      uint32_t *, struct emu_cmd_result *);

/* Whether function fn of ad is the E-Switch manager (general cap
 * eswitch_manager): it alone has an FDB and addresses other vports. */
bool emu_hca_cap_esw_manager(const struct emu_adapter *ad, uint16_t fn);
int emu_vport_query_ctx(struct emu_ctx *, const void *, size_t, void *, size_t,
			uint32_t *, struct emu_cmd_result *);
int emu_vport_modify_ctx(struct emu_ctx *, const void *, size_t, void *, size_t,
			 uint32_t *, struct emu_cmd_result *);
int emu_esw_vport_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
		      uint32_t *, struct emu_cmd_result *);
int emu_vport_query_counter(struct emu_ctx *, const void *, size_t, void *,
			    size_t, uint32_t *, struct emu_cmd_result *);
int emu_pd_alloc(struct emu_ctx *, const void *, size_t, void *, size_t,
		 uint32_t *, struct emu_cmd_result *);
int emu_pd_dealloc(struct emu_ctx *, const void *, size_t, void *, size_t,
		   uint32_t *, struct emu_cmd_result *);
int emu_td_alloc(struct emu_ctx *, const void *, size_t, void *, size_t,
		 uint32_t *, struct emu_cmd_result *);
int emu_td_dealloc(struct emu_ctx *, const void *, size_t, void *, size_t,
		   uint32_t *, struct emu_cmd_result *);
int emu_cq_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
	       uint32_t *, struct emu_cmd_result *);
int emu_sq_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
	       uint32_t *, struct emu_cmd_result *);
int emu_rq_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
	       uint32_t *, struct emu_cmd_result *);
int emu_tis_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
		uint32_t *, struct emu_cmd_result *);
int emu_tir_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
		uint32_t *, struct emu_cmd_result *);
int emu_rqt_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
		uint32_t *, struct emu_cmd_result *);
int emu_steering_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
		     uint32_t *, struct emu_cmd_result *);
int emu_flow_counter_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
			 uint32_t *, struct emu_cmd_result *);

int emu_modify_hdr_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
		       uint32_t *, struct emu_cmd_result *);
int emu_reformat_cmd(struct emu_ctx *, const void *, size_t, void *, size_t,
		     uint32_t *, struct emu_cmd_result *);

#endif /* MLX5X_EMU_CMD_H */
