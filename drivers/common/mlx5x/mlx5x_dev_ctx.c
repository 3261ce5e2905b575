/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared device context: IB context (DevX, or plain Verbs when the kernel
 * refuses DevX), PD, transport domain and UAR (DevX), capabilities. One per IB device, shared by every port spawned on it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_malloc.h>

#include "mlx5x_common.h"
#include "mlx5x_dev.h"
#include "mlx5x_devx.h"
#include "mlx5x_verbs.h"

/* Open devices; probe and remove run on the main lcore only. */
static struct mlx5x_dev_ctx *dev_ctx_list;

static int
dev_ctx_pdn(struct ibv_pd *pd, uint32_t *pdn)
{
	struct mlx5dv_obj obj;
	struct mlx5dv_pd dv_pd;
	int ret;

	memset(&obj, 0, sizeof(obj));
	obj.pd.in = pd;
	obj.pd.out = &dv_pd;
	ret = mlx5x_glue->dv_init_obj(&obj, MLX5DV_OBJ_PD);
	if (ret != 0)
		return ret;
	*pdn = dv_pd.pdn;
	return 0;
}

static struct mlx5dv_devx_uar *
dev_ctx_uar(struct ibv_context *ctx)
{
	struct mlx5dv_devx_uar *uar;

	/* Non-cached first: doorbells written without a BlueFlame buffer,
	 * which every firmware accepts; BlueFlame when NC is refused. */
	uar = mlx5x_glue->devx_alloc_uar(ctx, MLX5DV_UAR_ALLOC_TYPE_NC);
	if (uar == NULL)
		uar = mlx5x_glue->devx_alloc_uar(ctx, MLX5DV_UAR_ALLOC_TYPE_BF);
	return uar;
}

static void
dev_ctx_devx_close(struct mlx5x_dev_ctx *sh)
{
	if (!sh->devx)
		return;
	mlx5x_glue->devx_free_uar(sh->uar);
	mlx5x_devx_obj_destroy(sh->td, "transport domain");
}

/* What only DevX provides: capabilities, transport domain, UAR, EQ. */
static int
dev_ctx_devx_open(struct mlx5x_dev_ctx *sh, char *why, size_t why_len)
{
	const char *name = sh->ibdev_name;
	int ret;

	ret = mlx5x_devx_query_hca_caps(sh->ctx, &sh->caps, why, why_len);
	if (ret != 0) {
		rte_errno = -ret;
		return ret;
	}
	ret = mlx5x_devx_td_create(sh->ctx, &sh->td, &sh->tdn, why, why_len);
	if (ret != 0) {
		rte_errno = -ret;
		return ret;
	}
	sh->uar = dev_ctx_uar(sh->ctx);
	if (sh->uar == NULL) {
		rte_errno = errno ? errno : ENOMEM;
		snprintf(why, why_len, "%s: mlx5dv_devx_alloc_uar failed: %s",
			 name, strerror(rte_errno));
		goto err_destroy_td;
	}
	/* EQ 0 when rdma-core cannot say: CQs are polled, never armed. */
	if (mlx5x_glue->devx_query_eqn == NULL ||
	    mlx5x_glue->devx_query_eqn(sh->ctx, 0, &sh->eqn) != 0)
		sh->eqn = 0;
	return 0;

err_destroy_td:
	mlx5x_devx_obj_destroy(sh->td, "transport domain");
	sh->td = NULL;
	return -rte_errno;
}

struct mlx5x_dev_ctx *
mlx5x_dev_ctx_get(struct ibv_device *ibdev, char *why, size_t why_len)
{
	const char *name = mlx5x_glue->get_device_name(ibdev);
	struct mlx5dv_context_attr dv_attr = {
		.flags = MLX5DV_CONTEXT_FLAGS_DEVX,
	};
	struct ibv_device_attr attr;
	struct mlx5x_dev_ctx *sh;
	int ret;

	for (sh = dev_ctx_list; sh != NULL; sh = sh->next) {
		if (strcmp(sh->ibdev_name, name) == 0) {
			sh->refcnt++;
			return sh;
		}
	}
	sh = rte_zmalloc("mlx5x_dev_ctx", sizeof(*sh), 0);
	if (sh == NULL) {
		snprintf(why, why_len, "%s: no memory for the device context",
			 name);
		rte_errno = ENOMEM;
		return NULL;
	}
	snprintf(sh->ibdev_name, sizeof(sh->ibdev_name), "%s", name);
	snprintf(sh->ibdev_path, sizeof(sh->ibdev_path), "%s",
		 ibdev->ibdev_path);
	sh->ctx = mlx5x_glue->dv_open_device(ibdev, &dv_attr);
	if (sh->ctx != NULL) {
		sh->devx = true;
		MLX5X_COMMON_LOG(INFO, "%s: DevX queues and steering", name);
	} else {
		/* A kernel without DevX (or rdma-core built without it):
		 * the same queues through Verbs objects. */
		ret = errno ? errno : ENODEV;
		sh->ctx = mlx5x_glue->open_device(ibdev);
		if (sh->ctx == NULL) {
			rte_errno = errno ? errno : ENODEV;
			snprintf(why, why_len,
				 "%s: cannot open with DevX (mlx5dv_open_device: %s) nor with Verbs (ibv_open_device: %s)",
				 name, strerror(ret), strerror(rte_errno));
			goto err_free_ctx;
		}
		MLX5X_COMMON_LOG(NOTICE,
				 "%s: DevX unavailable (mlx5dv_open_device: %s): Verbs queues and steering, no E-Switch",
				 name, strerror(ret));
	}
	ret = mlx5x_glue->query_device(sh->ctx, &attr);
	if (ret != 0) {
		rte_errno = ret;
		snprintf(why, why_len, "%s: ibv_query_device failed: %s", name,
			 strerror(ret));
		goto err_close_device;
	}
	sh->nb_ib_ports = attr.phys_port_cnt;
	snprintf(sh->fw_ver, sizeof(sh->fw_ver), "%s", attr.fw_ver);
	sh->pd = mlx5x_glue->alloc_pd(sh->ctx);
	if (sh->pd == NULL) {
		rte_errno = errno ? errno : ENOMEM;
		snprintf(why, why_len, "%s: ibv_alloc_pd failed: %s", name,
			 strerror(rte_errno));
		goto err_close_device;
	}
	ret = dev_ctx_pdn(sh->pd, &sh->pdn);
	if (ret != 0) {
		rte_errno = ret;
		snprintf(why, why_len,
			 "%s: mlx5dv_init_obj(PD) gave no PD number: %s", name,
			 strerror(ret));
		goto err_dealloc_pd;
	}
	if (!sh->devx) {
		ret = mlx5x_verbs_query_caps(sh->ctx, &sh->caps, why, why_len);
		if (ret != 0) {
			rte_errno = -ret;
			goto err_dealloc_pd;
		}
	} else {
		ret = dev_ctx_devx_open(sh, why, why_len);
		if (ret != 0)
			goto err_dealloc_pd;
	}
	ret = mlx5x_mr_register_eal(&sh->mr, sh->pd);
	if (ret != 0) {
		rte_errno = -ret;
		snprintf(why, why_len,
			 "%s: cannot register DPDK memory with the device: %s",
			 name, strerror(-ret));
		goto err_release_mr;
	}
	sh->refcnt = 1;
	sh->next = dev_ctx_list;
	dev_ctx_list = sh;
	MLX5X_COMMON_LOG(DEBUG,
			 "%s: device context open, %u IB port(s), pdn %u", name,
			 sh->nb_ib_ports, sh->pdn);
	return sh;

err_release_mr:
	mlx5x_mr_release(&sh->mr);
	dev_ctx_devx_close(sh);
err_dealloc_pd:
	mlx5x_glue->dealloc_pd(sh->pd);
err_close_device:
	mlx5x_glue->close_device(sh->ctx);
err_free_ctx:
	rte_free(sh);
	return NULL;
}

void
mlx5x_dev_ctx_put(struct mlx5x_dev_ctx *sh)
{
	struct mlx5x_dev_ctx **pp;
	int ret;

	if (sh == NULL || --sh->refcnt > 0)
		return;
	for (pp = &dev_ctx_list; *pp != sh; pp = &(*pp)->next)
		;
	*pp = sh->next;
	mlx5x_mr_release(&sh->mr);
	dev_ctx_devx_close(sh);
	ret = mlx5x_glue->dealloc_pd(sh->pd);
	if (ret != 0)
		MLX5X_COMMON_LOG(WARNING, "%s: ibv_dealloc_pd failed: %s",
				 sh->ibdev_name, strerror(ret));
	ret = mlx5x_glue->close_device(sh->ctx);
	if (ret != 0)
		MLX5X_COMMON_LOG(WARNING, "%s: ibv_close_device failed: %s",
				 sh->ibdev_name, strerror(ret));
	rte_free(sh);
}
