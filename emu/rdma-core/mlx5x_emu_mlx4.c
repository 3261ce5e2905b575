/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A libmlx4.so.1 stand-in: rdma-core 44's libmlx4 entry points (MLX4_1.0),
 * each refusing with EOPNOTSUPP. There is no emulated ConnectX-3: no
 * device is ever an mlx4 one, so DPDK's mlx4 PMD (librte_net_mlx4, which
 * EAL loads from its plugin directory) finds nothing to probe, but it must
 * load, and it links this library.
 */
#include <errno.h>
#include <stddef.h>

#include <infiniband/mlx4dv.h>

int
mlx4dv_init_obj(struct mlx4dv_obj *obj, uint64_t obj_type)
{
	(void)obj;
	(void)obj_type;
	return EOPNOTSUPP;
}

int
mlx4dv_query_device(struct ibv_context *ctx_in,
		    struct mlx4dv_context *attrs_out)
{
	(void)ctx_in;
	(void)attrs_out;
	return EOPNOTSUPP;
}

struct ibv_qp *
mlx4dv_create_qp(struct ibv_context *context, struct ibv_qp_init_attr_ex *attr,
		 struct mlx4dv_qp_init_attr *mlx4_qp_attr)
{
	(void)context;
	(void)attr;
	(void)mlx4_qp_attr;
	errno = EOPNOTSUPP;
	return NULL;
}

int
mlx4dv_set_context_attr(struct ibv_context *context,
			enum mlx4dv_set_ctx_attr_type attr_type, void *attr)
{
	(void)context;
	(void)attr_type;
	(void)attr;
	return EOPNOTSUPP;
}
