/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libmlx5 entry points whose effect the adapter model makes visible as a
 * no-op, and the destroy calls of objects the model never creates (their
 * create calls refuse with EOPNOTSUPP in mlx5x_emu_abi_stubs.c).
 */
#include "mlx5x_emu_core.h"

#include <errno.h>

/* Buffer allocators let an application place the provider's queue buffers
 * in its own memory; the emulator allocates its Verbs rings itself and
 * reads them wherever they are, so accepting them changes nothing the
 * application can observe. */
int
mlx5dv_set_context_attr(struct ibv_context *context,
			enum mlx5dv_set_ctx_attr_type type, void *attr)
{
	(void)context;
	if (type != MLX5DV_CTX_ATTR_BUF_ALLOCATORS || attr == NULL)
		return EOPNOTSUPP;
	return 0;
}

/* Device memory reclaim only changes how software steering caches its ICM
 * chunks; the model has no ICM. */
void
mlx5dv_dr_domain_set_reclaim_device_memory(struct mlx5dv_dr_domain *dmn,
					   bool enable)
{
	(void)dmn;
	(void)enable;
}

void
mlx5dv_devx_destroy_event_channel(
	struct mlx5dv_devx_event_channel *event_channel)
{
	(void)event_channel;
}

void
mlx5dv_free_var(struct mlx5dv_var *dv_var)
{
	(void)dv_var;
}

void
mlx5dv_pp_free(struct mlx5dv_pp *pp)
{
	(void)pp;
}

/* A destination IB port of the domain's device is the E-Switch vport
 * behind that port (rdma-core resolves it through the port's vport, as
 * _mlx5dv_query_port reports it): in switchdev, IB port 1 is the uplink
 * representor (vport 0xffff, the uplink) and port 1 + k VF k's
 * representor (vport k + 1). Only FDB domains take it (the vport action
 * refuses the others with EINVAL). */
struct mlx5dv_dr_action *
mlx5dv_dr_action_create_dest_ib_port(struct mlx5dv_dr_domain *dmn,
				     uint32_t ib_port)
{
	if (dmn == NULL || ib_port == 0) {
		errno = EINVAL;
		return NULL;
	}
	return mlx5dv_dr_action_create_dest_vport(dmn,
						  ib_port == 1
							  ? MLX5X_VPORT_UPLINK
							  : ib_port - 1);
}
