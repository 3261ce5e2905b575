/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory the adapter may touch: protection domains, memory regions (lkey
 * -> range), DevX umems (id -> range) and UAR pages. Every DMA the model
 * does goes through emu_mem_lkey_ptr(), a queue's MR cache
 * (emu_mem_cache_ptr()) or emu_mem_umem_ptr(), which refuse anything
 * outside a registered range, and a write where the MR grants none.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_cmd.h"
#include "mlx5x_emu_queue.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* verbs.h wraps ibv_reg_mr in a macro; the exported symbol has the plain
 * four-argument prototype. */
#undef ibv_reg_mr

#ifdef __SANITIZE_THREAD__
/* ThreadSanitizer's run-time (libtsan): no race is reported on a range
 * named here. */
void
AnnotateBenignRaceSized(const char *file, int line, const volatile void *mem,
			long size, const char *desc);
#endif

/*
 * The adapter reads WQEs, doorbell records and Tx buffers and writes CQEs
 * and Rx buffers by DMA, which is no CPU access: the C memory model (so
 * ThreadSanitizer) has no place for it. What orders it is the PRM's
 * protocol, carried on plain stores and barriers that TSan does not
 * model (software: WQE, then barrier, then doorbell record; adapter: CQE
 * body, then owner bit), so every engine access to such memory would be
 * reported against software's, and software's against the engine's. The
 * range is named to TSan as shared with a device once, at registration
 * (control path; nothing on the data path). The emulator's own state
 * (queues, steering, frame rings, counters) is never named: races there
 * are reported. What this hides: a race between two software threads on
 * memory they registered (the driver's business, not the adapter's), and
 * on memory that once was registered (TSan keeps the range).
 */
void
emu_mem_dma_shared(const void *addr, size_t len)
{
#ifdef __SANITIZE_THREAD__
	AnnotateBenignRaceSized(__FILE__, __LINE__, addr, (long)len,
				"memory shared with the adapter's DMA");
#else
	(void)addr;
	(void)len;
#endif
}

void *
emu_mem_umem_ptr(struct emu_adapter *ad, uint32_t umem_id, uint64_t off,
		 uint64_t len)
{
	struct emu_umem *u = emu_objtab_get(&ad->umems, umem_id);

	if (u == NULL || off > u->len || len > u->len - off)
		return NULL;
	return (void *)(u->start + off);
}

bool
emu_mem_umem_writable(struct emu_adapter *ad, uint32_t umem_id)
{
	const struct emu_umem *u = emu_objtab_get(&ad->umems, umem_id);

	/* The kernel's DEVX_UMEM_REG sets the write bit of the umem's MTT
	 * entries (wr_en) only when the umem is writable (ib_umem
	 * writable: local or remote write asked for). */
	return u != NULL && (u->access & (IBV_ACCESS_LOCAL_WRITE |
					  IBV_ACCESS_REMOTE_WRITE)) != 0;
}

/* ---- protection domains ------------------------------------------------- */

struct ibv_pd *
ibv_alloc_pd(struct ibv_context *context)
{
	struct emu_ctx *ctx = emu_ctx_of(context);
	struct emu_pd *pd = calloc(1, sizeof(*pd));

	if (pd == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	emu_lock();
	pd->pdn = emu_objtab_add(&ctx->ad->pds, pd);
	emu_unlock();
	if (pd->pdn == 0) {
		free(pd);
		errno = ENOMEM;
		return NULL;
	}
	pd->ctx = ctx;
	pd->ibv.context = context;
	pd->ibv.handle = pd->pdn;
	return &pd->ibv;
}

int
ibv_dealloc_pd(struct ibv_pd *ibv)
{
	struct emu_pd *pd = (struct emu_pd *)ibv;
	struct emu_adapter *ad = pd->ctx->ad;
	uint32_t i;

	emu_lock();
	for (i = 0; i < ad->mrs.cap; i++) {
		struct emu_mr *mr = ad->mrs.slot[i];

		if (mr != NULL && mr->ibv.pd == ibv) {
			emu_unlock();
			return EBUSY;
		}
	}
	emu_objtab_del(&ad->pds, pd->pdn);
	emu_unlock();
	free(pd);
	return 0;
}

/* PRM ALLOC_PD / DEALLOC_PD through DevX share the PD number space. */
int
emu_pd_alloc(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
	     size_t outlen, uint32_t *syndrome, struct emu_cmd_result *res)
{
	struct emu_pd *pd = calloc(1, sizeof(*pd));

	(void)in;
	(void)inlen;
	(void)outlen;
	if (pd == NULL)
		return MLX5X_CMD_STAT_NO_RES_ERR;
	pd->ctx = ctx;
	pd->pdn = emu_objtab_add(&ctx->ad->pds, pd);
	if (pd->pdn == 0) {
		free(pd);
		*syndrome = 0x1a0bc1; /* out of PD numbers */
		return MLX5X_CMD_STAT_NO_RES_ERR;
	}
	MLX5X_SET(alloc_pd_out, out, pd, pd->pdn);
	res->destroy_opcode = MLX5X_CMD_OP_DEALLOC_PD;
	res->id = pd->pdn;
	return MLX5X_CMD_STAT_OK;
}

int
emu_pd_dealloc(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
	       size_t outlen, uint32_t *syndrome, struct emu_cmd_result *res)
{
	uint32_t pdn = MLX5X_GET(obj_in, in, obj_id);
	struct emu_pd *pd = emu_objtab_get(&ctx->ad->pds, pdn);

	(void)inlen;
	(void)out;
	(void)outlen;
	(void)res;
	if (pd == NULL) {
		*syndrome = 0x2e4f1; /* unknown PD */
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	emu_objtab_del(&ctx->ad->pds, pdn);
	free(pd);
	return MLX5X_CMD_STAT_OK;
}

int
emu_td_alloc(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
	     size_t outlen, uint32_t *syndrome, struct emu_cmd_result *res)
{
	/* A transport domain has no state the model uses; the table only
	 * hands out numbers. */
	static char td_token;
	uint32_t tdn;

	(void)in;
	(void)inlen;
	(void)outlen;
	tdn = emu_objtab_add(&ctx->ad->tds, &td_token);
	if (tdn == 0) {
		*syndrome = 0x1a0bc2;
		return MLX5X_CMD_STAT_NO_RES_ERR;
	}
	MLX5X_SET(alloc_transport_domain_out, out, transport_domain, tdn);
	res->destroy_opcode = MLX5X_CMD_OP_DEALLOC_TRANSPORT_DOMAIN;
	res->id = tdn;
	return MLX5X_CMD_STAT_OK;
}

int
emu_td_dealloc(struct emu_ctx *ctx, const void *in, size_t inlen, void *out,
	       size_t outlen, uint32_t *syndrome, struct emu_cmd_result *res)
{
	uint32_t tdn = MLX5X_GET(obj_in, in, obj_id);

	(void)inlen;
	(void)out;
	(void)outlen;
	(void)res;
	if (emu_objtab_get(&ctx->ad->tds, tdn) == NULL) {
		*syndrome = 0x2e4f2;
		return MLX5X_CMD_STAT_BAD_RES_ERR;
	}
	emu_objtab_del(&ctx->ad->tds, tdn);
	return MLX5X_CMD_STAT_OK;
}

/* ---- memory regions ----------------------------------------------------- */

/* ibv_reg_mr(3), and the kernel's ib_check_mr_access for DevX umems too:
 * remote write or atomic access needs local write; refused (EINVAL)
 * otherwise. */
static bool
emu_mem_access_ok(int access)
{
	return !((access &
		  (IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_ATOMIC)) &&
		 !(access & IBV_ACCESS_LOCAL_WRITE));
}

struct ibv_mr *
ibv_reg_mr(struct ibv_pd *ibv_pd, void *addr, size_t length, int access)
{
	struct emu_pd *pd = (struct emu_pd *)ibv_pd;
	struct emu_adapter *ad = pd->ctx->ad;
	struct emu_mr *mr;
	uint32_t n;

	if (addr == NULL || length == 0 || !emu_mem_access_ok(access)) {
		errno = EINVAL;
		return NULL;
	}
	mr = calloc(1, sizeof(*mr));
	if (mr == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	mr->start = (uintptr_t)addr;
	mr->len = length;
	emu_mem_dma_shared(addr, length);
	mr->access = access;
	mr->ibv.context = ibv_pd->context;
	mr->ibv.pd = ibv_pd;
	mr->ibv.addr = addr;
	mr->ibv.length = length;
	/* Published whole: the key depends on the table slot, so the slot is
	 * taken and the key written under the lock every engine pass holds,
	 * and no pass sees a half-filled MR. */
	emu_lock();
	n = emu_objtab_add(&ad->mrs, mr);
	if (n != 0) {
		/* mkey = index << 8 | key byte; the byte moves on with every
		 * registration, so a stale key of a re-used index fails the
		 * check, as mlx5 mkeys do. */
		mr->ibv.handle = n;
		mr->ibv.lkey = n << 8 | (ad->mr_key++ & 0xff);
		mr->ibv.rkey = mr->ibv.lkey;
	}
	emu_unlock();
	if (n == 0) {
		free(mr);
		errno = ENOMEM;
		return NULL;
	}
	return &mr->ibv;
}

int
ibv_dereg_mr(struct ibv_mr *ibv)
{
	struct emu_mr *mr = (struct emu_mr *)ibv;
	struct emu_adapter *ad = emu_ctx_of(ibv->context)->ad;

	emu_lock();
	emu_objtab_del(&ad->mrs, ibv->handle);
	/* Under the world lock, as the engine's passes: no pass sees the
	 * MR gone and a cache still holding it. */
	ad->mr_gen++;
	emu_rq_mr_forget(ad);
	emu_unlock();
	free(mr);
	return 0;
}

/* ---- DevX umem and UAR -------------------------------------------------- */

struct mlx5dv_devx_umem *
emu_umem_reg(struct emu_ctx *ctx, void *addr, size_t len, uint32_t access)
{
	struct emu_umem *u = calloc(1, sizeof(*u));

	if (u == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	u->ctx = ctx;
	u->start = (uintptr_t)addr;
	u->len = len;
	u->access = access;
	emu_mem_dma_shared(addr, len);
	emu_lock();
	u->dv.umem_id = emu_objtab_add(&ctx->ad->umems, u);
	emu_unlock();
	if (u->dv.umem_id == 0) {
		free(u);
		errno = ENOMEM;
		return NULL;
	}
	return &u->dv;
}

void
emu_umem_dereg(struct mlx5dv_devx_umem *dv)
{
	struct emu_umem *u = (struct emu_umem *)dv;

	if (u == NULL)
		return;
	emu_lock();
	emu_objtab_del(&u->ctx->ad->umems, dv->umem_id);
	emu_unlock();
	free(u);
}

struct mlx5dv_devx_umem *
mlx5dv_devx_umem_reg(struct ibv_context *context, void *addr, size_t size,
		     uint32_t access)
{
	struct emu_ctx *ctx = emu_ctx_of(context);

	if (!ctx->ad->cfg.devx) {
		errno = EOPNOTSUPP;
		return NULL;
	}
	/* The kernel's DEVX_UMEM_REG takes local write, remote read and
	 * write and relaxed ordering, nothing else, and checks them as an
	 * MR's (ib_check_mr_access): EINVAL otherwise. */
	if (addr == NULL || size == 0 || (access & ~EMU_UMEM_ACCESS) != 0 ||
	    !emu_mem_access_ok((int)access)) {
		errno = EINVAL;
		return NULL;
	}
	return emu_umem_reg(ctx, addr, size, access);
}

int
mlx5dv_devx_umem_dereg(struct mlx5dv_devx_umem *dv)
{
	emu_umem_dereg(dv);
	return 0;
}

struct mlx5dv_devx_uar *
emu_uar_alloc(struct emu_ctx *ctx)
{
	struct emu_uar *u = calloc(1, sizeof(*u));

	if (u == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	u->page = aligned_alloc(MLX5X_UAR_PAGE_SIZE, MLX5X_UAR_PAGE_SIZE);
	if (u->page == NULL) {
		free(u);
		errno = ENOMEM;
		return NULL;
	}
	memset(u->page, 0, MLX5X_UAR_PAGE_SIZE);
	u->ctx = ctx;
	emu_lock();
	u->dv.page_id = emu_objtab_add(&ctx->ad->uars, u);
	emu_unlock();
	if (u->dv.page_id == 0) {
		free(u->page);
		free(u);
		errno = ENOMEM;
		return NULL;
	}
	/* rdma-core reports the first BlueFlame register of the page (PRM:
	 * offset 0x800) as reg_addr and the page itself as base_addr. */
	u->dv.base_addr = u->page;
	u->dv.reg_addr = (uint8_t *)u->page + MLX5X_UAR_BF_OFFSET;
	u->dv.mmap_off = (off_t)u->dv.page_id * MLX5X_UAR_PAGE_SIZE;
	return &u->dv;
}

void
emu_uar_free(struct mlx5dv_devx_uar *dv)
{
	struct emu_uar *u = (struct emu_uar *)dv;

	if (u == NULL)
		return;
	emu_lock();
	emu_objtab_del(&u->ctx->ad->uars, dv->page_id);
	emu_unlock();
	free(u->page);
	free(u);
}

struct mlx5dv_devx_uar *
mlx5dv_devx_alloc_uar(struct ibv_context *context, uint32_t flags)
{
	struct emu_ctx *ctx = emu_ctx_of(context);

	if (!ctx->ad->cfg.devx) {
		errno = EOPNOTSUPP;
		return NULL;
	}
	(void)flags;
	return emu_uar_alloc(ctx);
}

void
mlx5dv_devx_free_uar(struct mlx5dv_devx_uar *dv)
{
	emu_uar_free(dv);
}
