/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Run-time binding to rdma-core (or to a library standing in for it).
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>

#include "mlx5x_common.h"
#include "mlx5x_glue.h"

#define MLX5X_GLUE_VERBS_SONAME "libibverbs.so.1"
#define MLX5X_GLUE_MLX5_SONAME "libmlx5.so.1"

const struct mlx5x_glue *mlx5x_glue;

static struct mlx5x_glue glue_table;
static void *glue_verbs_handle;
static void *glue_mlx5_handle;
static pthread_mutex_t glue_lock = PTHREAD_MUTEX_INITIALIZER;
static char glue_override_path[4096];

static void
glue_close_handles(void)
{
	if (glue_mlx5_handle != NULL && glue_mlx5_handle != glue_verbs_handle)
		dlclose(glue_mlx5_handle);
	if (glue_verbs_handle != NULL)
		dlclose(glue_verbs_handle);
	glue_mlx5_handle = NULL;
	glue_verbs_handle = NULL;
}

/*
 * RTLD_LOCAL keeps the loaded library's ibv_* symbols out of the global
 * namespace, so another PMD of the process that links libibverbs itself
 * (Debian's mlx5) never binds to the emulated adapter, and vice versa.
 * RTLD_NODELETE: rdma-core keeps process-wide state (device lists, fork
 * handling) that must outlive an unload of the glue.
 */
static void *
glue_open(const char *name, char *why, size_t why_len)
{
	void *handle = dlopen(name, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);

	if (handle == NULL)
		snprintf(why, why_len, "cannot load %s: %s", name, dlerror());
	return handle;
}

static int
glue_resolve(void *handle, const char *lib, const char *symbol, bool required,
	     void **slot, char *why, size_t why_len)
{
	*slot = dlsym(handle, symbol);
	if (*slot == NULL && required) {
		snprintf(why, why_len,
			 "%s has no %s: rdma-core is too old for mlx5x (need rdma-core 44 or newer)",
			 lib, symbol);
		return -1;
	}
	return 0;
}

static int
glue_load(char *why, size_t why_len)
{
	const char *override = getenv(MLX5X_GLUE_LIB_ENV);
	const char *verbs_lib = MLX5X_GLUE_VERBS_SONAME;
	const char *mlx5_lib = MLX5X_GLUE_MLX5_SONAME;

	memset(&glue_table, 0, sizeof(glue_table));
	if (override != NULL && override[0] != '\0') {
		snprintf(glue_override_path, sizeof(glue_override_path), "%s",
			 override);
		verbs_lib = glue_override_path;
		mlx5_lib = glue_override_path;
		glue_verbs_handle = glue_open(verbs_lib, why, why_len);
		if (glue_verbs_handle == NULL)
			return -1;
		glue_mlx5_handle = glue_verbs_handle;
		glue_table.emulated_by_override = true;
	} else {
		glue_verbs_handle = glue_open(verbs_lib, why, why_len);
		if (glue_verbs_handle == NULL)
			return -1;
		glue_mlx5_handle = glue_open(mlx5_lib, why, why_len);
		if (glue_mlx5_handle == NULL)
			goto err_close;
	}
	glue_table.verbs_lib = verbs_lib;
	glue_table.mlx5_lib = mlx5_lib;

#define MLX5X_GLUE_RESOLVE(handle, lib, member, symbol, required)              \
	do {                                                                   \
		if (glue_resolve(handle, lib, #symbol, required,               \
				 (void **)&glue_table.member, why,             \
				 why_len) != 0)                                \
			goto err_close;                                        \
	} while (0)
#define MLX5X_GLUE_FROM_VERBS(member, symbol, required)                        \
	MLX5X_GLUE_RESOLVE(glue_verbs_handle, verbs_lib, member, symbol,       \
			   required);
#define MLX5X_GLUE_FROM_MLX5(member, symbol, required)                         \
	MLX5X_GLUE_RESOLVE(glue_mlx5_handle, mlx5_lib, member, symbol,         \
			   required);
	MLX5X_GLUE_VERBS(MLX5X_GLUE_FROM_VERBS)
	MLX5X_GLUE_MLX5DV(MLX5X_GLUE_FROM_MLX5)
#undef MLX5X_GLUE_FROM_MLX5
#undef MLX5X_GLUE_FROM_VERBS
#undef MLX5X_GLUE_RESOLVE
	return 0;

err_close:
	glue_close_handles();
	return -1;
}

const struct mlx5x_glue *
mlx5x_glue_get(char *why, size_t why_len)
{
	const struct mlx5x_glue *glue;

	pthread_mutex_lock(&glue_lock);
	if (mlx5x_glue == NULL && glue_load(why, why_len) == 0)
		mlx5x_glue = &glue_table;
	glue = mlx5x_glue;
	pthread_mutex_unlock(&glue_lock);
	if (glue == NULL)
		rte_errno = ENOTSUP;
	return glue;
}

void
mlx5x_glue_unload(void)
{
	pthread_mutex_lock(&glue_lock);
	mlx5x_glue = NULL;
	glue_close_handles();
	memset(&glue_table, 0, sizeof(glue_table));
	pthread_mutex_unlock(&glue_lock);
}

/* Context ops. A NULL op means the provider does not implement the verb. */

#define GLUE_CTX_OP(ctx, op, fail)                                             \
	struct verbs_context *vctx = verbs_get_ctx_op(ctx, op);                \
	if (vctx == NULL) {                                                    \
		errno = EOPNOTSUPP;                                            \
		return fail;                                                   \
	}

int
mlx5x_glue_ctx_query_device_ex(struct ibv_context *ctx,
			       struct ibv_device_attr_ex *attr)
{
	GLUE_CTX_OP(ctx, query_device_ex, EOPNOTSUPP);
	memset(attr, 0, sizeof(*attr));
	return vctx->query_device_ex(ctx, NULL, attr, sizeof(*attr));
}

int
mlx5x_glue_ctx_query_port(struct ibv_context *ctx, uint8_t port,
			  struct ibv_port_attr *attr)
{
	GLUE_CTX_OP(ctx, query_port, EOPNOTSUPP);
	memset(attr, 0, sizeof(*attr));
	return vctx->query_port(ctx, port, attr, sizeof(*attr));
}

struct ibv_wq *
mlx5x_glue_ctx_create_wq(struct ibv_context *ctx, struct ibv_wq_init_attr *attr)
{
	GLUE_CTX_OP(ctx, create_wq, NULL);
	return vctx->create_wq(ctx, attr);
}

int
mlx5x_glue_ctx_modify_wq(struct ibv_wq *wq, struct ibv_wq_attr *attr)
{
	GLUE_CTX_OP(wq->context, modify_wq, EOPNOTSUPP);
	return vctx->modify_wq(wq, attr);
}

int
mlx5x_glue_ctx_destroy_wq(struct ibv_wq *wq)
{
	GLUE_CTX_OP(wq->context, destroy_wq, EOPNOTSUPP);
	return vctx->destroy_wq(wq);
}

struct ibv_rwq_ind_table *
mlx5x_glue_ctx_create_rwq_ind_table(struct ibv_context *ctx,
				    struct ibv_rwq_ind_table_init_attr *attr)
{
	GLUE_CTX_OP(ctx, create_rwq_ind_table, NULL);
	return vctx->create_rwq_ind_table(ctx, attr);
}

int
mlx5x_glue_ctx_destroy_rwq_ind_table(struct ibv_rwq_ind_table *tbl)
{
	GLUE_CTX_OP(tbl->context, destroy_rwq_ind_table, EOPNOTSUPP);
	return vctx->destroy_rwq_ind_table(tbl);
}

struct ibv_qp *
mlx5x_glue_ctx_create_qp_ex(struct ibv_context *ctx,
			    struct ibv_qp_init_attr_ex *attr)
{
	GLUE_CTX_OP(ctx, create_qp_ex, NULL);
	return vctx->create_qp_ex(ctx, attr);
}

struct ibv_flow *
mlx5x_glue_ctx_create_flow(struct ibv_qp *qp, struct ibv_flow_attr *attr)
{
	GLUE_CTX_OP(qp->context, ibv_create_flow, NULL);
	return vctx->ibv_create_flow(qp, attr);
}

int
mlx5x_glue_ctx_destroy_flow(struct ibv_flow *flow)
{
	GLUE_CTX_OP(flow->context, ibv_destroy_flow, EOPNOTSUPP);
	return vctx->ibv_destroy_flow(flow);
}

struct ibv_td *
mlx5x_glue_ctx_alloc_td(struct ibv_context *ctx, struct ibv_td_init_attr *attr)
{
	GLUE_CTX_OP(ctx, alloc_td, NULL);
	return vctx->alloc_td(ctx, attr);
}

int
mlx5x_glue_ctx_dealloc_td(struct ibv_td *td)
{
	GLUE_CTX_OP(td->context, dealloc_td, EOPNOTSUPP);
	return vctx->dealloc_td(td);
}

int
mlx5x_glue_dv_query_port(struct ibv_context *ctx, uint32_t port,
			 struct mlx5dv_port *info)
{
	if (mlx5x_glue == NULL || mlx5x_glue->dv_query_port_ == NULL)
		return EOPNOTSUPP;
	memset(info, 0, sizeof(*info));
	return mlx5x_glue->dv_query_port_(ctx, port, info, sizeof(*info));
}
