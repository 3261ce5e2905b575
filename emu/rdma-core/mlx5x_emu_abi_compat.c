/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hidden (non-default) versions rdma-core 44 still exports for binaries
 * linked before the current ABI:
 *  - IBVERBS_1.0: libibverbs 1.0's entry points, on that ABI's own device,
 *    context and object layouts (rdma-core translates them to today's).
 *    Nothing built in the last fifteen years binds to them and the model has
 *    no 1.0 objects: each refuses (NULL or -1 with errno EOPNOTSUPP, an int
 *    EOPNOTSUPP, nothing for the acks and frees of objects never handed out).
 *  - MLX5_1.0 mlx5dv_init_obj: the same call before MLX5_1.2 added object
 *    types; the types it knows are a subset of today's, so it is today's.
 * The C names are internal (the version script keeps emu_compat_* local);
 * each symver attribute names the exported symbol and its version.
 */
#include "mlx5x_emu_core.h"

#include <errno.h>

/* Declared here only: these definitions exist for their versioned aliases. */
void emu_compat_ibv_ack_async_event_1_0(void);
void emu_compat_ibv_ack_cq_events_1_0(void);
void *emu_compat_ibv_alloc_pd_1_0(void);
int emu_compat_ibv_attach_mcast_1_0(void);
int emu_compat_ibv_close_device_1_0(void);
void *emu_compat_ibv_create_ah_1_0(void);
void *emu_compat_ibv_create_cq_1_0(void);
void *emu_compat_ibv_create_qp_1_0(void);
void *emu_compat_ibv_create_srq_1_0(void);
int emu_compat_ibv_dealloc_pd_1_0(void);
int emu_compat_ibv_dereg_mr_1_0(void);
int emu_compat_ibv_destroy_ah_1_0(void);
int emu_compat_ibv_destroy_cq_1_0(void);
int emu_compat_ibv_destroy_qp_1_0(void);
int emu_compat_ibv_destroy_srq_1_0(void);
int emu_compat_ibv_detach_mcast_1_0(void);
void emu_compat_ibv_free_device_list_1_0(void);
int emu_compat_ibv_get_async_event_1_0(void);
int emu_compat_ibv_get_cq_event_1_0(void);
__be64 emu_compat_ibv_get_device_guid_1_0(void);
void *emu_compat_ibv_get_device_list_1_0(void);
void *emu_compat_ibv_get_device_name_1_0(void);
int emu_compat_ibv_modify_qp_1_0(void);
int emu_compat_ibv_modify_srq_1_0(void);
void *emu_compat_ibv_open_device_1_0(void);
int emu_compat_ibv_query_device_1_0(void);
int emu_compat_ibv_query_gid_1_0(void);
int emu_compat_ibv_query_pkey_1_0(void);
int emu_compat_ibv_query_port_1_0(void);
int emu_compat_ibv_query_qp_1_0(void);
int emu_compat_ibv_query_srq_1_0(void);
void *emu_compat_ibv_reg_mr_1_0(void);
int emu_compat_ibv_resize_cq_1_0(void);
int emu_compat_mlx5dv_init_obj_1_0(struct mlx5dv_obj *obj, uint64_t obj_type);

__attribute__((symver("ibv_ack_async_event@IBVERBS_1.0"))) void
emu_compat_ibv_ack_async_event_1_0(void)
{
}

__attribute__((symver("ibv_ack_cq_events@IBVERBS_1.0"))) void
emu_compat_ibv_ack_cq_events_1_0(void)
{
}

__attribute__((symver("ibv_alloc_pd@IBVERBS_1.0"))) void *
emu_compat_ibv_alloc_pd_1_0(void)
{
	errno = EOPNOTSUPP;
	return NULL;
}

__attribute__((symver("ibv_attach_mcast@IBVERBS_1.0"))) int
emu_compat_ibv_attach_mcast_1_0(void)
{
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

__attribute__((symver("ibv_close_device@IBVERBS_1.0"))) int
emu_compat_ibv_close_device_1_0(void)
{
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

__attribute__((symver("ibv_create_ah@IBVERBS_1.0"))) void *
emu_compat_ibv_create_ah_1_0(void)
{
	errno = EOPNOTSUPP;
	return NULL;
}

__attribute__((symver("ibv_create_cq@IBVERBS_1.0"))) void *
emu_compat_ibv_create_cq_1_0(void)
{
	errno = EOPNOTSUPP;
	return NULL;
}

__attribute__((symver("ibv_create_qp@IBVERBS_1.0"))) void *
emu_compat_ibv_create_qp_1_0(void)
{
	errno = EOPNOTSUPP;
	return NULL;
}

__attribute__((symver("ibv_create_srq@IBVERBS_1.0"))) void *
emu_compat_ibv_create_srq_1_0(void)
{
	errno = EOPNOTSUPP;
	return NULL;
}

__attribute__((symver("ibv_dealloc_pd@IBVERBS_1.0"))) int
emu_compat_ibv_dealloc_pd_1_0(void)
{
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

__attribute__((symver("ibv_dereg_mr@IBVERBS_1.0"))) int
emu_compat_ibv_dereg_mr_1_0(void)
{
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

__attribute__((symver("ibv_destroy_ah@IBVERBS_1.0"))) int
emu_compat_ibv_destroy_ah_1_0(void)
{
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

__attribute__((symver("ibv_destroy_cq@IBVERBS_1.0"))) int
emu_compat_ibv_destroy_cq_1_0(void)
{
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

__attribute__((symver("ibv_destroy_qp@IBVERBS_1.0"))) int
emu_compat_ibv_destroy_qp_1_0(void)
{
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

__attribute__((symver("ibv_destroy_srq@IBVERBS_1.0"))) int
emu_compat_ibv_destroy_srq_1_0(void)
{
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

__attribute__((symver("ibv_detach_mcast@IBVERBS_1.0"))) int
emu_compat_ibv_detach_mcast_1_0(void)
{
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

__attribute__((symver("ibv_free_device_list@IBVERBS_1.0"))) void
emu_compat_ibv_free_device_list_1_0(void)
{
}

__attribute__((symver("ibv_get_async_event@IBVERBS_1.0"))) int
emu_compat_ibv_get_async_event_1_0(void)
{
	errno = EOPNOTSUPP;
	return -1;
}

__attribute__((symver("ibv_get_cq_event@IBVERBS_1.0"))) int
emu_compat_ibv_get_cq_event_1_0(void)
{
	errno = EOPNOTSUPP;
	return -1;
}

__attribute__((symver("ibv_get_device_guid@IBVERBS_1.0"))) __be64
emu_compat_ibv_get_device_guid_1_0(void)
{
	errno = EOPNOTSUPP;
	return 0;
}

__attribute__((symver("ibv_get_device_list@IBVERBS_1.0"))) void *
emu_compat_ibv_get_device_list_1_0(void)
{
	errno = EOPNOTSUPP;
	return NULL;
}

__attribute__((symver("ibv_get_device_name@IBVERBS_1.0"))) void *
emu_compat_ibv_get_device_name_1_0(void)
{
	errno = EOPNOTSUPP;
	return NULL;
}

__attribute__((symver("ibv_modify_qp@IBVERBS_1.0"))) int
emu_compat_ibv_modify_qp_1_0(void)
{
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

__attribute__((symver("ibv_modify_srq@IBVERBS_1.0"))) int
emu_compat_ibv_modify_srq_1_0(void)
{
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

__attribute__((symver("ibv_open_device@IBVERBS_1.0"))) void *
emu_compat_ibv_open_device_1_0(void)
{
	errno = EOPNOTSUPP;
	return NULL;
}

__attribute__((symver("ibv_query_device@IBVERBS_1.0"))) int
emu_compat_ibv_query_device_1_0(void)
{
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

__attribute__((symver("ibv_query_gid@IBVERBS_1.0"))) int
emu_compat_ibv_query_gid_1_0(void)
{
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

__attribute__((symver("ibv_query_pkey@IBVERBS_1.0"))) int
emu_compat_ibv_query_pkey_1_0(void)
{
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

__attribute__((symver("ibv_query_port@IBVERBS_1.0"))) int
emu_compat_ibv_query_port_1_0(void)
{
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

__attribute__((symver("ibv_query_qp@IBVERBS_1.0"))) int
emu_compat_ibv_query_qp_1_0(void)
{
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

__attribute__((symver("ibv_query_srq@IBVERBS_1.0"))) int
emu_compat_ibv_query_srq_1_0(void)
{
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

__attribute__((symver("ibv_reg_mr@IBVERBS_1.0"))) void *
emu_compat_ibv_reg_mr_1_0(void)
{
	errno = EOPNOTSUPP;
	return NULL;
}

__attribute__((symver("ibv_resize_cq@IBVERBS_1.0"))) int
emu_compat_ibv_resize_cq_1_0(void)
{
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

__attribute__((symver("mlx5dv_init_obj@MLX5_1.0"))) int
emu_compat_mlx5dv_init_obj_1_0(struct mlx5dv_obj *obj, uint64_t obj_type)
{
	return mlx5dv_init_obj(obj, obj_type);
}
