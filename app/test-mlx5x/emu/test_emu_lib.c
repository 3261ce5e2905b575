/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers of the emulator suites: load libmlx5x_emu, open an adapter, and
 * build CQ/SQ/RQ/TIR/flow-table objects with PRM commands through DevX.
 */
#include <dlfcn.h>
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "test_emu_lib.h"

struct emu_api emu;
static void *emu_handle;

/* C11: the size given to aligned_alloc is a multiple of the alignment. */
static void *
emu_page_alloc(size_t len)
{
	return aligned_alloc(4096, (len + 4095) & ~(size_t)4095);
}

int
emu_lib_load(void)
{
	char path[4096];

	if (emu_handle != NULL)
		return 0;
	snprintf(path, sizeof(path), "%s/emu/libmlx5x_emu.so",
		 mlx5x_test_build_root());
	emu_handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (emu_handle == NULL) {
		printf("    skipped: cannot load %s: %s\n", path, dlerror());
		return MLX5X_TEST_SKIP;
	}
#define EMU_LOAD(m, sym)                                                       \
	emu.m = (__typeof__(emu.m))dlsym(emu_handle, #sym);                    \
	if (emu.m == NULL) {                                                   \
		printf("    %s lacks %s\n", path, #sym);                       \
		return MLX5X_TEST_FAIL;                                        \
	}
	EMU_FN(EMU_LOAD)
#undef EMU_LOAD
	return 0;
}

int
emu_cmd(struct emu_dev *d, const void *in, size_t inlen, void *out,
	size_t outlen)
{
	emu.general_cmd(d->ctx, in, inlen, out, outlen);
	return MLX5X_GET(mbox_out, out, status);
}

/* Open the IB device named name (NULL: the first) of the current setup. */
static int
emu_dev_open_one(struct emu_dev *d, const char *name)
{
	uint8_t in[16] = { 0 }, out[16] = { 0 };
	struct mlx5dv_context_attr attr = {
		.flags = MLX5DV_CONTEXT_FLAGS_DEVX,
	};
	struct ibv_device **list;
	int n = 0, i;

	list = emu.get_device_list(&n);
	if (list == NULL || n < 1) {
		emu.free_device_list(list);
		return -1;
	}
	for (i = 0; name != NULL && i < n; i++)
		if (strcmp(list[i]->name, name) == 0)
			break;
	if (i == n) {
		emu.free_device_list(list);
		return -1;
	}
	d->ctx = emu.dv_open_device(list[name != NULL ? i : 0], &attr);
	emu.free_device_list(list);
	if (d->ctx == NULL)
		return -1;
	d->pd = emu.alloc_pd(d->ctx);
	MLX5X_SET(mbox_in, in, opcode, MLX5X_CMD_OP_ALLOC_PD);
	d->pd_obj = emu.obj_create(d->ctx, in, sizeof(in), out, sizeof(out));
	d->pdn = MLX5X_GET(alloc_pd_out, out, pd);
	MLX5X_SET(mbox_in, in, opcode, MLX5X_CMD_OP_ALLOC_TRANSPORT_DOMAIN);
	d->td_obj = emu.obj_create(d->ctx, in, sizeof(in), out, sizeof(out));
	d->tdn = MLX5X_GET(alloc_transport_domain_out, out, transport_domain);
	if (d->pd == NULL || d->pd_obj == NULL || d->td_obj == NULL)
		return -1;
	return 0;
}

int
emu_dev_open(struct emu_dev *d, const char *config)
{
	memset(d, 0, sizeof(*d));
	if (emu_lib_load() != 0)
		return -1;
	if (emu.setup(config, NULL) != 0)
		return -1;
	return emu_dev_open_one(d, NULL);
}

int
emu_ibdev_by_pci(const char *pci, char *name, size_t len)
{
	struct ibv_device **list;
	char path[4096], target[4096];
	int n = 0, i, found = -1;

	list = emu.get_device_list(&n);
	for (i = 0; list != NULL && i < n; i++) {
		ssize_t k;

		snprintf(path, sizeof(path), "%s/device", list[i]->ibdev_path);
		k = readlink(path, target, sizeof(target) - 1);
		if (k < 0)
			continue;
		target[k] = '\0';
		k = (ssize_t)strlen(target) - (ssize_t)strlen(pci);
		if (k >= 0 && strcmp(target + k, pci) == 0) {
			snprintf(name, len, "%s", list[i]->name);
			found = 0;
		}
	}
	emu.free_device_list(list);
	return found;
}

int
emu_dev_open_name(struct emu_dev *d, const char *name)
{
	memset(d, 0, sizeof(*d));
	return emu_dev_open_one(d, name);
}

void
emu_dev_close(struct emu_dev *d)
{
	if (d->td_obj != NULL)
		emu.obj_destroy(d->td_obj);
	if (d->pd_obj != NULL)
		emu.obj_destroy(d->pd_obj);
	if (d->pd != NULL)
		emu.dealloc_pd(d->pd);
	if (d->ctx != NULL)
		emu.close_device(d->ctx);
	if (emu.teardown != NULL)
		emu.teardown();
	memset(d, 0, sizeof(*d));
}

/* A queue object from its CREATE command: a handle in *o, or (a bare
 * queue) none, through mlx5dv_devx_general_cmd. 0, or -1 if refused. */
static int
emu_q_obj(struct emu_q *q, void *in, size_t inlen, uint8_t out[16],
	  struct mlx5dv_devx_obj **o)
{
	*o = NULL;
	if (q->bare)
		return emu_cmd(q->d, in, inlen, out, 16) == 0 ? 0 : -1;
	*o = emu.obj_create(q->d->ctx, in, inlen, out, 16);
	return *o != NULL ? 0 : -1;
}

static int
emu_q_cq(struct emu_dev *d, struct emu_q *q)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_cq_in)] = { 0 };
	uint8_t out[16] = { 0 };
	void *c = MLX5X_ADDR_OF(create_cq_in, in, cq_context);
	size_t len = (size_t)64 << q->cq_log_sz;
	uint32_t i;

	q->cq_buf = emu_page_alloc(len + 4096);
	if (q->cq_buf == NULL)
		return -1;
	memset(q->cq_buf, 0, len + 4096);
	/* PRM: CQEs start invalid and owned by hardware. */
	for (i = 0; i < (1u << q->cq_log_sz); i++)
		q->cq_buf[i * 64 + 63] = MLX5_CQE_INVALID << 4 | 1;
	q->cq_dbr = (volatile uint32_t *)(q->cq_buf + len);
	q->cq_umem =
		emu.umem_reg(d->ctx, q->cq_buf, len + 4096, q->cq_ro ? 0 : 7);
	if (q->cq_umem == NULL)
		return -1;
	MLX5X_SET(create_cq_in, in, opcode, MLX5X_CMD_OP_CREATE_CQ);
	MLX5X_SET(create_cq_in, in, cq_umem_valid, 1);
	MLX5X_SET(create_cq_in, in, cq_umem_id, q->cq_umem->umem_id);
	MLX5X_SET(cqc, c, dbr_umem_valid, 1);
	MLX5X_SET(cqc, c, dbr_umem_id, q->cq_umem->umem_id);
	MLX5X_SET64(cqc, c, dbr_addr, len);
	MLX5X_SET(cqc, c, log_cq_size, q->cq_log_sz);
	MLX5X_SET(cqc, c, cqe_comp_en, q->cqe_comp);
	MLX5X_SET(cqc, c, oi, q->cq_oi);
	MLX5X_SET(cqc, c, mini_cqe_res_format, q->mini_format);
	MLX5X_SET(cqc_mini_ext, c, mini_cqe_res_format_ext, q->mini_ext);
	if (emu_q_obj(q, in, sizeof(in), out, &q->cq) != 0)
		return -1;
	q->cqn = MLX5X_GET(create_cq_out, out, cqn);
	return 0;
}

static void
emu_q_wq(struct emu_q *q, void *wq, uint32_t log_stride)
{
	MLX5X_SET(wq, wq, wq_type, MLX5X_WQ_TYPE_CYCLIC);
	MLX5X_SET(wq, wq, pd, q->d->pdn);
	MLX5X_SET(wq, wq, log_wq_stride, log_stride);
	MLX5X_SET(wq, wq, log_wq_sz, q->log_sz);
	MLX5X_SET(wq, wq, wq_umem_valid, 1);
	MLX5X_SET(wq, wq, wq_umem_id, q->umem->umem_id);
	MLX5X_SET64(wq, wq, wq_umem_offset, 0);
	MLX5X_SET(wq, wq, dbr_umem_valid, 1);
	MLX5X_SET(wq, wq, dbr_umem_id, q->umem->umem_id);
	MLX5X_SET64(wq, wq, dbr_addr, q->buf_len);
}

static int emu_q_create_any(struct emu_dev *d, struct emu_q *q, bool sq,
			    uint32_t log_sz, uint32_t log_stride);

int
emu_q_create(struct emu_dev *d, struct emu_q *q, bool sq, uint32_t log_sz,
	     uint32_t log_stride)
{
	memset(q, 0, sizeof(*q));
	return emu_q_create_any(d, q, sq, log_sz, log_stride);
}

int
emu_q_create_sq_inline(struct emu_dev *d, struct emu_q *q, uint32_t log_sz,
		       uint8_t min_inline)
{
	memset(q, 0, sizeof(*q));
	q->min_inline = min_inline;
	return emu_q_create_any(d, q, true, log_sz, 6);
}

int
emu_q_create_flush(struct emu_dev *d, struct emu_q *q, bool sq, uint32_t log_sz,
		   bool flush)
{
	memset(q, 0, sizeof(*q));
	q->flush = flush;
	return emu_q_create_any(d, q, sq, log_sz, sq ? 6 : 4);
}

int
emu_q_create_rq_counted(struct emu_dev *d, struct emu_q *q, uint32_t log_sz,
			uint8_t counter_set_id)
{
	memset(q, 0, sizeof(*q));
	q->counter_set_id = counter_set_id;
	return emu_q_create_any(d, q, false, log_sz, 4);
}

int
emu_q_create_mprq(struct emu_dev *d, struct emu_q *q, uint32_t log_sz,
		  uint32_t lsn, uint32_t lss)
{
	memset(q, 0, sizeof(*q));
	q->mprq = true;
	q->mprq_lsn = lsn;
	q->mprq_lss = lss;
	/* PRM: a striding WQE is a next segment and a data segment. */
	return emu_q_create_any(d, q, false, log_sz, 5);
}

int
emu_q_create_rq_bare(struct emu_dev *d, struct emu_q *q, uint32_t log_sz)
{
	memset(q, 0, sizeof(*q));
	q->bare = true;
	return emu_q_create_any(d, q, false, log_sz, 4);
}

int
emu_q_create_rq_oi(struct emu_dev *d, struct emu_q *q, uint32_t log_sz)
{
	memset(q, 0, sizeof(*q));
	q->cq_oi = true;
	return emu_q_create_any(d, q, false, log_sz, 4);
}

int
emu_q_create_rq_comp_ext(struct emu_dev *d, struct emu_q *q, uint32_t log_sz,
			 uint8_t res_format, uint8_t ext)
{
	memset(q, 0, sizeof(*q));
	q->cqe_comp = true;
	q->mini_format = res_format;
	q->mini_ext = ext;
	return emu_q_create_any(d, q, false, log_sz, 4);
}

int
emu_q_create_rq_comp(struct emu_dev *d, struct emu_q *q, uint32_t log_sz,
		     uint8_t mini_format)
{
	/* PRM: the L3/L4 format is res_format 0 with the _ext bit. */
	if (mini_format == MLX5X_MINI_CQE_FORMAT_L34H_STRIDX)
		return emu_q_create_rq_comp_ext(d, q, log_sz, 0, 1);
	return emu_q_create_rq_comp_ext(d, q, log_sz, mini_format, 0);
}

int
emu_q_create_mprq_comp(struct emu_dev *d, struct emu_q *q, uint32_t log_sz,
		       uint32_t lsn, uint32_t lss, uint8_t mini_format)
{
	memset(q, 0, sizeof(*q));
	q->mprq = true;
	q->mprq_lsn = lsn;
	q->mprq_lss = lss;
	q->cqe_comp = true;
	q->mini_format = mini_format;
	return emu_q_create_any(d, q, false, log_sz, 5);
}

static int
emu_q_create_any(struct emu_dev *d, struct emu_q *q, bool sq, uint32_t log_sz,
		 uint32_t log_stride)
{
	uint8_t out[16] = { 0 };

	q->d = d;
	q->is_sq = sq;
	q->log_sz = log_sz;
	q->cq_log_sz = log_sz;
	if (emu_q_cq(d, q) != 0)
		return -1;
	q->buf_len = (size_t)1 << (log_sz + log_stride);
	q->buf = emu_page_alloc(q->buf_len + 4096);
	if (q->buf == NULL)
		return -1;
	memset(q->buf, 0, q->buf_len + 4096);
	q->dbr = (volatile uint32_t *)(q->buf + q->buf_len);
	q->umem = emu.umem_reg(d->ctx, q->buf, q->buf_len + 4096,
			       q->wq_ro ? 0 : 7);
	if (q->umem == NULL)
		return -1;
	if (sq) {
		uint8_t tin[MLX5X_ST_SZ_BYTES(create_tis_in)] = { 0 };
		uint8_t in[MLX5X_ST_SZ_BYTES(create_sq_in)] = { 0 };
		void *c = MLX5X_ADDR_OF(create_sq_in, in, ctx);

		MLX5X_SET(create_tis_in, tin, opcode, MLX5X_CMD_OP_CREATE_TIS);
		MLX5X_SET(tisc, MLX5X_ADDR_OF(create_tis_in, tin, ctx),
			  transport_domain, d->tdn);
		q->tis = emu.obj_create(d->ctx, tin, sizeof(tin), out,
					sizeof(out));
		if (q->tis == NULL)
			return -1;
		q->tisn = MLX5X_GET(create_tis_out, out, tisn);
		MLX5X_SET(create_sq_in, in, opcode, MLX5X_CMD_OP_CREATE_SQ);
		MLX5X_SET(sqc, c, cqn, q->cqn);
		MLX5X_SET(sqc, c, tis_lst_sz, 1);
		MLX5X_SET(sqc, c, tis_num_0, q->tisn);
		MLX5X_SET(sqc, c, min_wqe_inline_mode, q->min_inline);
		MLX5X_SET(sqc, c, flush_in_error_en, q->flush);
		emu_q_wq(q, MLX5X_ADDR_OF(sqc, c, wq), log_stride);
		q->q = emu.obj_create(d->ctx, in, sizeof(in), out, sizeof(out));
		q->qn = MLX5X_GET(create_sq_out, out, sqn);
	} else {
		uint8_t in[MLX5X_ST_SZ_BYTES(create_rq_in)] = { 0 };
		void *c = MLX5X_ADDR_OF(create_rq_in, in, ctx);

		MLX5X_SET(create_rq_in, in, opcode, MLX5X_CMD_OP_CREATE_RQ);
		MLX5X_SET(rqc, c, cqn, q->cqn);
		MLX5X_SET(rqc, c, vsd, 1);
		MLX5X_SET(rqc, c, counter_set_id, q->counter_set_id);
		MLX5X_SET(rqc, c, flush_in_error_en, q->flush);
		emu_q_wq(q, MLX5X_ADDR_OF(rqc, c, wq), log_stride);
		if (q->mprq) {
			void *wq = MLX5X_ADDR_OF(rqc, c, wq);

			MLX5X_SET(wq, wq, wq_type,
				  MLX5X_WQ_TYPE_CYCLIC_STRIDING_RQ);
			MLX5X_SET(wq, wq, single_wqe_log_num_of_strides,
				  q->mprq_lsn);
			MLX5X_SET(wq, wq, single_stride_log_num_of_bytes,
				  q->mprq_lss);
		}
		if (emu_q_obj(q, in, sizeof(in), out, &q->q) != 0)
			return -1;
		q->qn = MLX5X_GET(create_rq_out, out, rqn);
	}
	return q->q != NULL || q->bare ? 0 : -1;
}

int
emu_q_modify(struct emu_q *q, uint32_t cur, uint32_t next)
{
	uint8_t out[16] = { 0 };

	if (q->is_sq) {
		uint8_t in[MLX5X_ST_SZ_BYTES(modify_sq_in)] = { 0 };

		MLX5X_SET(modify_sq_in, in, opcode, MLX5X_CMD_OP_MODIFY_SQ);
		MLX5X_SET(modify_sq_in, in, sqn, q->qn);
		MLX5X_SET(modify_sq_in, in, sq_state, cur);
		MLX5X_SET(sqc, MLX5X_ADDR_OF(modify_sq_in, in, ctx), state,
			  next);
		emu.obj_modify(q->q, in, sizeof(in), out, sizeof(out));
	} else {
		uint8_t in[MLX5X_ST_SZ_BYTES(modify_rq_in)] = { 0 };

		MLX5X_SET(modify_rq_in, in, opcode, MLX5X_CMD_OP_MODIFY_RQ);
		MLX5X_SET(modify_rq_in, in, rqn, q->qn);
		MLX5X_SET(modify_rq_in, in, rq_state, cur);
		MLX5X_SET(rqc, MLX5X_ADDR_OF(modify_rq_in, in, ctx), state,
			  next);
		if (q->bare)
			emu_cmd(q->d, in, sizeof(in), out, sizeof(out));
		else
			emu.obj_modify(q->q, in, sizeof(in), out, sizeof(out));
	}
	return MLX5X_GET(mbox_out, out, status);
}

void
emu_q_destroy(struct emu_q *q)
{
	if (q->q != NULL)
		emu.obj_destroy(q->q);
	if (q->tis != NULL)
		emu.obj_destroy(q->tis);
	if (q->cq != NULL)
		emu.obj_destroy(q->cq);
	if (q->umem != NULL)
		emu.umem_dereg(q->umem);
	if (q->cq_umem != NULL)
		emu.umem_dereg(q->cq_umem);
	free(q->buf);
	free(q->cq_buf);
	memset(q, 0, sizeof(*q));
}

struct mlx5_cqe64 *
emu_q_poll_cqe(struct emu_q *q, unsigned int ms)
{
	uint32_t n = 1u << q->cq_log_sz;
	unsigned int waited = 0;

	for (;;) {
		struct mlx5_cqe64 *cqe =
			(struct mlx5_cqe64 *)(q->cq_buf +
					      (size_t)(q->cq_ci & (n - 1)) *
						      64);
		uint8_t op_own =
			__atomic_load_n(&cqe->op_own, __ATOMIC_ACQUIRE);

		if ((op_own & 1) == ((q->cq_ci >> q->cq_log_sz) & 1) &&
		    (op_own >> 4) != MLX5_CQE_INVALID) {
			q->cq_ci++;
			q->cq_dbr[0] = htobe32(q->cq_ci & 0xffffff);
			return cqe;
		}
		if (waited >= ms)
			return NULL;
		emu.poll();
		usleep(1000);
		waited++;
	}
}

static struct mlx5dv_devx_obj *
emu_steer_table(struct emu_dev *d, struct emu_steer *s, uint32_t tirn,
		uint32_t flow_tag)
{
	uint8_t ft_in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t fg_in[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint8_t fte_in[MLX5X_ST_SZ_BYTES(set_fte_in) + 8] = { 0 };
	uint8_t root_in[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
	uint8_t out[16] = { 0 };
	void *fc = MLX5X_ADDR_OF(set_fte_in, fte_in, flow_context);
	void *dst = MLX5X_ADDR_OF(flow_context, fc, destination);

	MLX5X_SET(create_flow_table_in, ft_in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, ft_in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(flow_table_context,
		  MLX5X_ADDR_OF(create_flow_table_in, ft_in,
				flow_table_context),
		  log_size, 4);
	s->ft = emu.obj_create(d->ctx, ft_in, sizeof(ft_in), out, sizeof(out));
	if (s->ft == NULL)
		return NULL;
	s->ftn = MLX5X_GET(create_flow_table_out, out, table_id);
	MLX5X_SET(create_flow_group_in, fg_in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, fg_in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(create_flow_group_in, fg_in, table_id, s->ftn);
	MLX5X_SET(create_flow_group_in, fg_in, start_flow_index, 0);
	MLX5X_SET(create_flow_group_in, fg_in, end_flow_index, 0);
	s->fg = emu.obj_create(d->ctx, fg_in, sizeof(fg_in), out, sizeof(out));
	if (s->fg == NULL)
		return NULL;
	s->fgn = MLX5X_GET(create_flow_group_out, out, group_id);
	MLX5X_SET(set_fte_in, fte_in, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY);
	MLX5X_SET(set_fte_in, fte_in, table_type, MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_fte_in, fte_in, table_id, s->ftn);
	MLX5X_SET(set_fte_in, fte_in, flow_index, 0);
	MLX5X_SET(flow_context, fc, group_id, s->fgn);
	MLX5X_SET(flow_context, fc, flow_tag, flow_tag);
	MLX5X_SET(flow_context, fc, action, MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST);
	MLX5X_SET(flow_context, fc, destination_list_size, 1);
	MLX5X_SET(dest_format, dst, destination_type,
		  MLX5X_FLOW_DESTINATION_TYPE_TIR);
	MLX5X_SET(dest_format, dst, destination_id, tirn);
	s->fte = emu.obj_create(d->ctx, fte_in, sizeof(fte_in), out,
				sizeof(out));
	if (s->fte == NULL)
		return NULL;
	MLX5X_SET(set_flow_table_root_in, root_in, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, root_in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_flow_table_root_in, root_in, table_id, s->ftn);
	if (emu_cmd(d, root_in, sizeof(root_in), out, sizeof(out)) != 0)
		return NULL;
	return s->fte;
}

int
emu_steer_direct(struct emu_dev *d, struct emu_steer *s, uint32_t rqn,
		 uint32_t flow_tag)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_tir_in)] = { 0 };
	uint8_t out[16] = { 0 };
	void *c = MLX5X_ADDR_OF(create_tir_in, in, ctx);

	memset(s, 0, sizeof(*s));
	s->dev = d;
	MLX5X_SET(create_tir_in, in, opcode, MLX5X_CMD_OP_CREATE_TIR);
	MLX5X_SET(tirc, c, disp_type, MLX5X_TIRC_DISP_TYPE_DIRECT);
	MLX5X_SET(tirc, c, inline_rqn, rqn);
	MLX5X_SET(tirc, c, transport_domain, d->tdn);
	s->tir = emu.obj_create(d->ctx, in, sizeof(in), out, sizeof(out));
	if (s->tir == NULL)
		return -1;
	s->tirn = MLX5X_GET(create_tir_out, out, tirn);
	return emu_steer_table(d, s, s->tirn, flow_tag) != NULL ? 0 : -1;
}

uint32_t
emu_rqt_make(struct emu_dev *d, const uint32_t *rqn, unsigned int n,
	     struct mlx5dv_devx_obj **o)
{
	uint8_t rin[MLX5X_ST_SZ_BYTES(create_rqt_in) + 4 * 64] = { 0 };
	uint8_t out[16] = { 0 };
	void *rc = MLX5X_ADDR_OF(create_rqt_in, rin, rqt_context);
	uint8_t *list = MLX5X_ADDR_OF(rqtc, rc, rq_num);
	unsigned int i;

	*o = NULL;
	if (n > 64)
		return 0;
	MLX5X_SET(create_rqt_in, rin, opcode, MLX5X_CMD_OP_CREATE_RQT);
	MLX5X_SET(rqtc, rc, rqt_max_size, n);
	MLX5X_SET(rqtc, rc, rqt_actual_size, n);
	for (i = 0; i < n; i++)
		MLX5X_SET(rq_num, list + i * 4, rq_num, rqn[i]);
	*o = emu.obj_create(d->ctx, rin,
			    MLX5X_ST_SZ_BYTES(create_rqt_in) + 4 * n, out,
			    sizeof(out));
	return *o != NULL ? MLX5X_GET(create_rqt_out, out, rqtn) : 0;
}

uint32_t
emu_tir_rss_make(struct emu_dev *d, uint32_t rqtn, const uint8_t key[40],
		 uint8_t l3, uint8_t l4, uint32_t fields,
		 struct mlx5dv_devx_obj **o)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_tir_in)] = { 0 };
	uint8_t out[16] = { 0 };
	void *c = MLX5X_ADDR_OF(create_tir_in, in, ctx);
	void *sel = MLX5X_ADDR_OF(tirc, c, rx_hash_field_selector_outer);
	unsigned int i;

	MLX5X_SET(create_tir_in, in, opcode, MLX5X_CMD_OP_CREATE_TIR);
	MLX5X_SET(tirc, c, disp_type, MLX5X_TIRC_DISP_TYPE_INDIRECT);
	MLX5X_SET(tirc, c, indirect_table, rqtn);
	MLX5X_SET(tirc, c, rx_hash_fn, MLX5X_RX_HASH_FN_TOEPLITZ);
	MLX5X_SET(tirc, c, transport_domain, d->tdn);
	for (i = 0; i < 10; i++)
		MLX5X_SET(tirc, c, rx_hash_toeplitz_key[i],
			  (uint32_t)key[i * 4] << 24 | key[i * 4 + 1] << 16 |
				  key[i * 4 + 2] << 8 | key[i * 4 + 3]);
	MLX5X_SET(rx_hash_field_select, sel, l3_prot_type, l3);
	MLX5X_SET(rx_hash_field_select, sel, l4_prot_type, l4);
	MLX5X_SET(rx_hash_field_select, sel, selected_fields, fields);
	*o = emu.obj_create(d->ctx, in, sizeof(in), out, sizeof(out));
	return *o != NULL ? MLX5X_GET(create_tir_out, out, tirn) : 0;
}

int
emu_steer_rss(struct emu_dev *d, struct emu_steer *s, const uint32_t *rqn,
	      unsigned int n, const uint8_t key[40], uint32_t fields,
	      bool l4_udp)
{
	memset(s, 0, sizeof(*s));
	s->dev = d;
	s->rqtn = emu_rqt_make(d, rqn, n, &s->rqt);
	if (s->rqtn == 0)
		return -1;
	s->tirn = emu_tir_rss_make(d, s->rqtn, key, MLX5X_L3_PROT_TYPE_IPV4,
				   l4_udp ? MLX5X_L4_PROT_TYPE_UDP
					  : MLX5X_L4_PROT_TYPE_TCP,
				   fields, &s->tir);
	if (s->tirn == 0)
		return -1;
	return emu_steer_table(d, s, s->tirn, 0) != NULL ? 0 : -1;
}

int
emu_steer_rss_one(struct emu_dev *d, struct emu_steer *s, uint32_t rqn)
{
	static const uint8_t key[40] = { 0x6d, 0x5a, 0x56, 0xda, 0x25,
					 0x5b, 0x0e, 0xc2, 0x41, 0x67 };

	return emu_steer_rss(d, s, &rqn, 1, key,
			     MLX5X_HASH_FIELD_SEL_SRC_IP |
				     MLX5X_HASH_FIELD_SEL_DST_IP |
				     MLX5X_HASH_FIELD_SEL_L4_SPORT |
				     MLX5X_HASH_FIELD_SEL_L4_DPORT,
			     true);
}

int
emu_steer_tirn(struct emu_dev *d, struct emu_steer *s, uint32_t tirn,
	       uint32_t flow_tag)
{
	memset(s, 0, sizeof(*s));
	s->dev = d;
	s->tirn = tirn;
	return emu_steer_table(d, s, tirn, flow_tag) != NULL ? 0 : -1;
}

void
emu_steer_destroy(struct emu_steer *s)
{
	struct mlx5dv_devx_obj **o[] = { &s->fte, &s->fg, &s->ft, &s->tir,
					 &s->rqt };
	size_t i;

	/* A root table cannot be destroyed: disconnect it first (PRM
	 * SET_FLOW_TABLE_ROOT op_mod 1). */
	if (s->ft != NULL && s->dev != NULL) {
		uint8_t in[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
		uint8_t out[16];

		MLX5X_SET(set_flow_table_root_in, in, opcode,
			  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
		MLX5X_SET(set_flow_table_root_in, in, op_mod, 1);
		MLX5X_SET(set_flow_table_root_in, in, table_type,
			  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
		emu_cmd(s->dev, in, sizeof(in), out, sizeof(out));
	}
	for (i = 0; i < sizeof(o) / sizeof(o[0]); i++)
		if (*o[i] != NULL && emu.obj_destroy(*o[i]) == 0)
			*o[i] = NULL;
}

uint32_t
emu_test_rand(uint64_t *seed)
{
	*seed ^= *seed >> 12;
	*seed ^= *seed << 25;
	*seed ^= *seed >> 27;
	return (uint32_t)((*seed * 0x2545f4914f6cdd1dull) >> 32);
}

uint16_t
emu_sum16(const uint8_t *p, size_t n, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

size_t
emu_frame_udp4(uint8_t *f, const uint8_t dmac[6], uint32_t sip, uint32_t dip,
	       uint16_t sport, uint16_t dport, size_t payload)
{
	uint8_t *ip = f + 14, *udp = f + 34;
	size_t i, ulen = 8 + payload;
	uint32_t sum;
	uint16_t c;

	memcpy(f, dmac, 6);
	memcpy(f + 6, "\x02\x00\x00\x00\x00\x01", 6);
	f[12] = 0x08;
	f[13] = 0x00;
	memset(ip, 0, 20);
	ip[0] = 0x45;
	ip[2] = (20 + ulen) >> 8;
	ip[3] = (20 + ulen) & 0xff;
	ip[8] = 64;
	ip[9] = 17;
	for (i = 0; i < 4; i++) {
		ip[12 + i] = sip >> (24 - 8 * i);
		ip[16 + i] = dip >> (24 - 8 * i);
	}
	c = ~emu_sum16(ip, 20, 0);
	ip[10] = c >> 8;
	ip[11] = c & 0xff;
	udp[0] = sport >> 8;
	udp[1] = sport & 0xff;
	udp[2] = dport >> 8;
	udp[3] = dport & 0xff;
	udp[4] = ulen >> 8;
	udp[5] = ulen & 0xff;
	udp[6] = udp[7] = 0;
	for (i = 0; i < payload; i++)
		udp[8 + i] = (uint8_t)(i * 7 + 1);
	sum = emu_sum16(ip + 12, 8, 0);
	sum += 17 + ulen;
	c = ~emu_sum16(udp, ulen, sum);
	if (c == 0)
		c = 0xffff;
	udp[6] = c >> 8;
	udp[7] = c & 0xff;
	return 14 + 20 + ulen;
}

void
emu_wqe_dseg(uint8_t *seg, const void *p, uint32_t bc, uint32_t lkey)
{
	struct mlx5_wqe_data_seg *d = (struct mlx5_wqe_data_seg *)seg;

	d->byte_count = htobe32(bc);
	d->lkey = htobe32(lkey);
	d->addr = htobe64((uintptr_t)p);
}

void
emu_wqe_send(void *ring, uint32_t wqe_cnt, uint32_t sqn, uint16_t idx,
	     const uint8_t *frame, uint32_t len, uint32_t lkey)
{
	uint8_t *w = (uint8_t *)ring + (size_t)(idx & (wqe_cnt - 1)) * 64;
	struct mlx5_wqe_ctrl_seg *ctrl = (struct mlx5_wqe_ctrl_seg *)w;
	struct mlx5_wqe_eth_seg *eth = (struct mlx5_wqe_eth_seg *)(w + 16);
	struct mlx5_wqe_data_seg *ds = (struct mlx5_wqe_data_seg *)(w + 48);

	memset(w, 0, 64);
	/* 18 inline bytes: 2 in the segment, 16 in the next one. */
	eth->inline_hdr_sz = htobe16(18);
	memcpy(eth->inline_hdr_start, frame, 18);
	ds->byte_count = htobe32(len - 18);
	ds->lkey = htobe32(lkey);
	ds->addr = htobe64((uintptr_t)(frame + 18));
	ctrl->opmod_idx_opcode = htobe32((uint32_t)idx << 8 | MLX5_OPCODE_SEND);
	ctrl->qpn_ds = htobe32(sqn << 8 | 4);
	ctrl->fm_ce_se = MLX5_WQE_CTRL_CQ_UPDATE;
}

uint64_t
emu_counter_packets(struct emu_dev *d, uint32_t id)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(query_flow_counter_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(query_flow_counter_out) + 16] = { 0 };

	MLX5X_SET(query_flow_counter_in, in, opcode,
		  MLX5X_CMD_OP_QUERY_FLOW_COUNTER);
	MLX5X_SET(query_flow_counter_in, in, flow_counter_id, id);
	if (emu_cmd(d, in, sizeof(in), out, sizeof(out)) != 0)
		return UINT64_MAX;
	return MLX5X_GET64(traffic_counter,
			   MLX5X_ADDR_OF(query_flow_counter_out, out,
					 flow_statistics),
			   packets);
}

uint32_t
emu_wqe_empw(void *ring, uint32_t wqe_cnt, uint32_t sqn, uint16_t idx,
	     const struct emu_empw_pkt *p, unsigned int n, uint8_t cs_flags,
	     uint8_t fm_ce_se)
{
	/* PRM: the ds field has 6 bits, so a WQE is at most 63 units, in
	 * at most 16 WQEBBs. */
	uint8_t w[16 * 64] = { 0 };
	struct mlx5_wqe_ctrl_seg *ctrl = (struct mlx5_wqe_ctrl_seg *)w;
	uint32_t off = 32, first, at = (idx & (wqe_cnt - 1)) * 64u, size;
	unsigned int i;

	for (i = 0; i < n; i++) {
		uint32_t need = p[i].inl ? (4 + p[i].len + 15) & ~15u : 16;

		if (off + need > 63 * 16)
			return 0;
		if (p[i].inl) {
			uint32_t bc = htobe32(MLX5_INLINE_SEG | p[i].len);

			memcpy(w + off, &bc, 4);
			memcpy(w + off + 4, p[i].data, p[i].len);
		} else {
			emu_wqe_dseg(w + off, p[i].data, p[i].len, p[i].lkey);
		}
		off += need;
	}
	w[16 + 4] = cs_flags;
	ctrl->opmod_idx_opcode = htobe32((uint32_t)idx << 8 | 0x29);
	ctrl->qpn_ds = htobe32(sqn << 8 | off / 16);
	ctrl->fm_ce_se = fm_ce_se;
	size = (off + 63) & ~63u;
	first = wqe_cnt * 64u - at < size ? wqe_cnt * 64u - at : size;
	memcpy((uint8_t *)ring + at, w, first);
	memcpy(ring, w + first, size - first);
	return size / 64;
}

uint32_t
emu_obj_id(struct emu_dev *d, void *in, size_t inlen,
	   struct mlx5dv_devx_obj **o)
{
	uint8_t out[16] = { 0 };

	*o = emu.obj_create(d->ctx, in, inlen, out, sizeof(out));
	return *o != NULL ? MLX5X_GET(create_obj_out, out, obj_id) : 0;
}

uint32_t
emu_nic_rx_table(struct emu_dev *d, uint32_t level, uint32_t miss_id,
		 struct mlx5dv_devx_obj **o)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	void *c = MLX5X_ADDR_OF(create_flow_table_in, in, flow_table_context);

	MLX5X_SET(create_flow_table_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_TABLE);
	MLX5X_SET(create_flow_table_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(flow_table_context, c, level, level);
	MLX5X_SET(flow_table_context, c, log_size, 2);
	if (miss_id != 0) {
		MLX5X_SET(flow_table_context, c, table_miss_action,
			  MLX5X_FLOW_TABLE_MISS_ACTION_GOTO_TBL);
		MLX5X_SET(flow_table_context, c, table_miss_id, miss_id);
	}
	return emu_obj_id(d, in, sizeof(in), o);
}

uint32_t
emu_nic_rx_group(struct emu_dev *d, uint32_t ft, uint32_t index, uint8_t enable,
		 const uint8_t *crit, struct mlx5dv_devx_obj **o)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(create_flow_group_in)] = { 0 };

	MLX5X_SET(create_flow_group_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, in, table_type,
		  MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(create_flow_group_in, in, table_id, ft);
	MLX5X_SET(create_flow_group_in, in, start_flow_index, index);
	MLX5X_SET(create_flow_group_in, in, end_flow_index, index);
	MLX5X_SET(create_flow_group_in, in, match_criteria_enable, enable);
	if (crit != NULL)
		memcpy(MLX5X_ADDR_OF(create_flow_group_in, in, match_criteria),
		       crit, MLX5X_ST_SZ_BYTES(fte_match_param));
	return emu_obj_id(d, in, sizeof(in), o);
}

void
emu_rq_post(struct emu_q *q, uint8_t *mem, uint32_t lkey, uint32_t n,
	    uint32_t size)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		struct mlx5_wqe_data_seg *ds =
			(struct mlx5_wqe_data_seg *)(q->buf + i * 16);

		ds->byte_count = htobe32(size);
		ds->lkey = htobe32(lkey);
		ds->addr = htobe64((uintptr_t)(mem + (size_t)i * size));
	}
	q->dbr[0] = htobe32(n);
}

int
emu_rx_tir_make(struct emu_dev *d, struct emu_rx_tir *r)
{
	return emu_rx_tir_make_sized(d, r, 3);
}

int
emu_rx_tir_make_sized(struct emu_dev *d, struct emu_rx_tir *r, uint32_t log_sz)
{
	uint8_t tin[MLX5X_ST_SZ_BYTES(create_tir_in)] = { 0 };
	void *c = MLX5X_ADDR_OF(create_tir_in, tin, ctx);
	const uint32_t n = 1u << log_sz;

	TEST_ASSERT(emu_q_create(d, &r->rq, false, log_sz, 4) == 0, "rq");
	r->mem = calloc(n, 2048);
	r->mr = emu.reg_mr(d->pd, r->mem, (size_t)n * 2048,
			   IBV_ACCESS_LOCAL_WRITE);
	emu_rq_post(&r->rq, r->mem, r->mr->lkey, n, 2048);
	TEST_ASSERT_EQ(emu_q_modify(&r->rq, 0, 1), 0, "rq ready");
	MLX5X_SET(create_tir_in, tin, opcode, MLX5X_CMD_OP_CREATE_TIR);
	MLX5X_SET(tirc, c, inline_rqn, r->rq.qn);
	MLX5X_SET(tirc, c, transport_domain, d->tdn);
	r->tirn = emu_obj_id(d, tin, sizeof(tin), &r->tir);
	TEST_ASSERT(r->tir != NULL, "TIR");
	return MLX5X_TEST_PASS;
}

void
emu_rx_tir_free(struct emu_rx_tir *r)
{
	emu.obj_destroy(r->tir);
	emu_q_destroy(&r->rq);
	emu.dereg_mr(r->mr);
	free(r->mem);
}

int
emu_mprq_open(struct emu_dev *d, struct emu_q *q, uint8_t **mem,
	      struct ibv_mr **mr, int access)
{
	TEST_ASSERT(emu_dev_open(d, "wire=drop") == 0, "open");
	TEST_ASSERT_EQ(emu_q_create_mprq(d, q, 1, 0, 0), 0, "striding RQ");
	*mem = calloc(2, EMU_MPRQ_WQE_BYTES);
	TEST_ASSERT(*mem != NULL, "buffers");
	*mr = emu.reg_mr(d->pd, *mem, 2 * EMU_MPRQ_WQE_BYTES, access);
	TEST_ASSERT(*mr != NULL, "mr");
	return MLX5X_TEST_PASS;
}

int
emu_mprq_start(struct emu_dev *d, struct emu_q *q, struct emu_steer *s,
	       uint32_t n)
{
	q->pi = n;
	q->dbr[0] = htobe32(n);
	TEST_ASSERT_EQ(emu_q_modify(q, 0, 1), 0, "ready");
	TEST_ASSERT(emu_steer_direct(d, s, q->qn, 0) == 0, "steering");
	return MLX5X_TEST_PASS;
}

struct mlx5dv_devx_obj *
emu_nic_rx_entry(struct emu_dev *d, uint32_t ft, uint32_t fg, uint32_t index,
		 const uint8_t *val, uint16_t act, uint32_t tag, uint32_t tirn,
		 uint32_t cnt)
{
	/* The box, one destination and one counter. */
	uint8_t in[MLX5X_ST_SZ_BYTES(set_fte_in) + 16] = { 0 };
	void *fc = MLX5X_ADDR_OF(set_fte_in, in, flow_context);
	uint8_t *dst = MLX5X_ADDR_OF(flow_context, fc, destination);
	struct mlx5dv_devx_obj *o;
	unsigned int nd = 0;

	MLX5X_SET(set_fte_in, in, opcode, MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY);
	MLX5X_SET(set_fte_in, in, table_type, MLX5X_FLOW_TABLE_TYPE_NIC_RX);
	MLX5X_SET(set_fte_in, in, table_id, ft);
	MLX5X_SET(set_fte_in, in, flow_index, index);
	MLX5X_SET(flow_context, fc, group_id, fg);
	MLX5X_SET(flow_context, fc, flow_tag, tag);
	if (!(act & MLX5X_FLOW_CONTEXT_ACTION_DROP)) {
		act |= MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST;
		MLX5X_SET(dest_format, dst, destination_type,
			  MLX5X_FLOW_DESTINATION_TYPE_TIR);
		MLX5X_SET(dest_format, dst, destination_id, tirn);
		nd = 1;
	}
	MLX5X_SET(flow_context, fc, destination_list_size, nd);
	if (cnt != 0) {
		act |= MLX5X_FLOW_CONTEXT_ACTION_COUNT;
		MLX5X_SET(flow_counter_list, dst + nd * 8, flow_counter_id,
			  cnt);
		MLX5X_SET(flow_context, fc, flow_counter_list_size, 1);
	}
	MLX5X_SET(flow_context, fc, action, act);
	if (val != NULL)
		memcpy(MLX5X_ADDR_OF(flow_context, fc, match_value), val,
		       MLX5X_ST_SZ_BYTES(fte_match_param));
	emu_obj_id(d, in, sizeof(in), &o);
	return o;
}

uint32_t
emu_cq_status(struct emu_q *q)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(obj_in)] = { 0 };
	uint8_t out[MLX5X_ST_SZ_BYTES(query_cq_out)] = { 0 };

	MLX5X_SET(obj_in, in, opcode, MLX5X_CMD_OP_QUERY_CQ);
	MLX5X_SET(obj_in, in, obj_id, q->cqn);
	if (emu.obj_query(q->cq, in, sizeof(in), out, sizeof(out)) != 0)
		return UINT32_MAX;
	return MLX5X_GET(cqc, MLX5X_ADDR_OF(query_cq_out, out, cq_context),
			 status);
}

int
emu_twin_fused_on(uint64_t *before)
{
	return emu.rx_fused(1, 0, NULL) != 0 || emu.rx_fused(0, 1, before) != 0
		       ? -1
		       : 0;
}

uint32_t
emu_cq_consume_twins(struct emu_q *q0, struct emu_q *q1, unsigned int *sessions,
		     unsigned int *errors)
{
	struct emu_q *const q[2] = { q0, q1 };
	const uint32_t size = 1u << q0->cq_log_sz;
	uint32_t wqes = 0, ci = q0->cq_ci, n, k, side;

	for (;;) {
		const struct mlx5_cqe64 *c =
			(const struct mlx5_cqe64 *)(q0->cq_buf +
						    (size_t)(ci & (size - 1)) *
							    64);

		if ((c->op_own >> 4) == MLX5_CQE_INVALID ||
		    (c->op_own & 1) != ((ci >> q0->cq_log_sz) & 1))
			break;
		n = 1;
		if ((c->op_own >> 4) == MLX5_CQE_RESP_ERR) {
			if (errors != NULL)
				(*errors)++;
		} else if (((c->op_own >> 2) & 3) ==
			   MLX5X_CQE_FORMAT_COMPRESSED) {
			n = be32toh(c->byte_cnt);
			if (sessions != NULL)
				(*sessions)++;
		}
		for (side = 0; side < 2; side++)
			for (k = 0; k < n; k++)
				q[side]->cq_buf[(size_t)((ci + k) & (size - 1)) *
							64 +
						63] = MLX5_CQE_INVALID << 4;
		ci += n;
		wqes += n;
	}
	for (side = 0; side < 2; side++) {
		q[side]->cq_ci = ci;
		q[side]->cq_dbr[0] = htobe32(ci & 0xffffff);
	}
	return wqes;
}

int
emu_rq_cqe_status(struct emu_q *q, uint32_t len, unsigned int ms)
{
	struct mlx5_cqe64 *cqe = emu_q_poll_cqe(q, ms);

	if (cqe == NULL)
		return -1;
	if ((cqe->op_own >> 4) == MLX5_CQE_RESP_ERR)
		return ((struct mlx5_err_cqe *)cqe)->syndrome;
	return be32toh(cqe->byte_cnt) == len ? 0 : -1;
}

bool
emu_mem_zero(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return false;
	return true;
}

void
emu_rx_teardown(struct emu_steer *s, struct emu_q *q, struct ibv_mr *mr,
		void *mem, struct emu_dev *d)
{
	if (s != NULL)
		emu_steer_destroy(s);
	if (q != NULL)
		emu_q_destroy(q);
	if (mr != NULL)
		emu.dereg_mr(mr);
	free(mem);
	if (d != NULL)
		emu_dev_close(d);
}

int
emu_rxs_open(struct emu_rxs *a, uint32_t segs, int ro_access)
{
	memset(a, 0, sizeof(*a));
	return emu_rxs_open_q(a, segs, ro_access);
}

int
emu_rxs_open_q(struct emu_rxs *a, uint32_t segs, int ro_access)
{
	const size_t bytes = (size_t)EMU_RXS_WQES * segs * EMU_RXS_BUF;

	a->segs = segs;
	TEST_ASSERT(emu_dev_open(&a->d, "wire=drop") == 0, "open");
	a->rw_mem = calloc(1, bytes);
	a->ro_mem = calloc(1, bytes);
	TEST_ASSERT(a->rw_mem != NULL && a->ro_mem != NULL, "buffers");
	a->rw = emu.reg_mr(a->d.pd, a->rw_mem, bytes, IBV_ACCESS_LOCAL_WRITE);
	a->ro = emu.reg_mr(a->d.pd, a->ro_mem, bytes, ro_access);
	TEST_ASSERT(a->rw != NULL && a->ro != NULL, "MRs");
	/* 16-byte WQEs of one segment, 32-byte ones of two. */
	TEST_ASSERT(emu_q_create_any(&a->d, &a->q, false, 2,
				     segs == 1 ? 4 : 5) == 0,
		    "rq of %u-segment WQEs", segs);
	return MLX5X_TEST_PASS;
}

void
emu_rxs_seg(struct emu_rxs *a, uint32_t w, uint32_t k, bool rw, uint32_t bc)
{
	size_t at = ((size_t)w * a->segs + k) * EMU_RXS_BUF;

	emu_wqe_dseg(a->q.buf + (w * a->segs + k) * 16,
		     (rw ? a->rw_mem : a->ro_mem) + at, bc,
		     rw ? a->rw->lkey : a->ro->lkey);
}

int
emu_rxs_start_rss(struct emu_rxs *a, bool rss)
{
	a->q.pi = EMU_RXS_WQES;
	a->q.dbr[0] = htobe32(EMU_RXS_WQES);
	TEST_ASSERT_EQ(emu_q_modify(&a->q, 0, 1), 0, "ready");
	if (rss)
		TEST_ASSERT(emu_steer_rss_one(&a->d, &a->s, a->q.qn) == 0,
			    "RSS steering");
	else
		TEST_ASSERT(emu_steer_direct(&a->d, &a->s, a->q.qn, 0) == 0,
			    "steering");
	return MLX5X_TEST_PASS;
}

int
emu_rxs_start(struct emu_rxs *a)
{
	return emu_rxs_start_rss(a, false);
}

void
emu_rxs_close(struct emu_rxs *a)
{
	if (a->ro != NULL)
		emu.dereg_mr(a->ro);
	free(a->ro_mem);
	emu_rx_teardown(&a->s, &a->q, a->rw, a->rw_mem, &a->d);
}

int
emu_rxs_frame(struct emu_rxs *a, uint8_t *f, size_t payload, uint8_t seed)
{
	/* Adapter 0's PF MAC: the frame is the PF's. */
	static const uint8_t mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0x00, 0x00 };
	size_t len = emu_frame_udp4(f, mac, 0x0a000001, 0x0a000002, 1000, 2000,
				    payload);
	size_t i;

	for (i = 42; i < len; i++)
		f[i] = (uint8_t)(i + seed);
	if (emu.inject_wire(0, f, len) != 0)
		return -1;
	return emu_rq_cqe_status(&a->q, (uint32_t)len, 100);
}

int
emu_sq_ring_one(struct emu_q *sq)
{
	struct mlx5_cqe64 *cqe;

	sq->pi++;
	sq->dbr[MLX5X_SND_DBR] = htobe32(sq->pi & 0xffff);
	cqe = emu_q_poll_cqe(sq, 200);
	if (cqe == NULL)
		return -1;
	return (cqe->op_own >> 4) == MLX5_CQE_REQ_ERR
		       ? ((struct mlx5_err_cqe *)cqe)->syndrome
		       : 0;
}

const char *
emu_wire_next(const uint8_t *f, uint32_t len)
{
	static uint8_t out[2048];
	int n = emu.capture_wire(0, out, sizeof(out));

	if (n <= 0)
		return "no frame";
	if ((uint32_t)n != len)
		return "length";
	return memcmp(out, f, len) == 0 ? NULL : "bytes";
}

bool
emu_wire_got(const uint8_t *f, uint32_t len)
{
	static uint8_t out[2048];
	int n = emu.capture_wire(0, out, sizeof(out));

	return n == (int)len && memcmp(out, f, len) == 0 &&
	       emu.capture_wire(0, out, sizeof(out)) <= 0;
}

int
emu_ft_root_set(struct emu_dev *d, uint32_t type, uint32_t ft, int op_mod)
{
	uint8_t in[MLX5X_ST_SZ_BYTES(set_flow_table_root_in)] = { 0 };
	uint8_t out[16];

	MLX5X_SET(set_flow_table_root_in, in, opcode,
		  MLX5X_CMD_OP_SET_FLOW_TABLE_ROOT);
	MLX5X_SET(set_flow_table_root_in, in, op_mod, op_mod);
	MLX5X_SET(set_flow_table_root_in, in, table_type, type);
	MLX5X_SET(set_flow_table_root_in, in, table_id, ft);
	return emu_cmd(d, in, sizeof(in), out, sizeof(out));
}

void
emu_fg_in_one_word(uint8_t *in, uint32_t type, uint32_t ft, uint8_t enable,
		   size_t off, uint32_t mask)
{
	uint8_t *crit = MLX5X_ADDR_OF(create_flow_group_in, in, match_criteria);
	uint32_t be = htobe32(mask);

	MLX5X_SET(create_flow_group_in, in, opcode,
		  MLX5X_CMD_OP_CREATE_FLOW_GROUP);
	MLX5X_SET(create_flow_group_in, in, table_type, type);
	MLX5X_SET(create_flow_group_in, in, table_id, ft);
	MLX5X_SET(create_flow_group_in, in, start_flow_index, 0);
	MLX5X_SET(create_flow_group_in, in, end_flow_index, 15);
	MLX5X_SET(create_flow_group_in, in, match_criteria_enable, enable);
	memcpy(crit + off, &be, 4);
}

void
emu_fte_in_one_word(uint8_t *in, uint32_t type, uint32_t ft, uint32_t fg,
		    uint32_t index, size_t off, uint32_t value, uint32_t mhdr,
		    uint16_t dtype, uint32_t did)
{
	void *fc = MLX5X_ADDR_OF(set_fte_in, in, flow_context);
	void *dst = MLX5X_ADDR_OF(flow_context, fc, destination);
	uint32_t be = htobe32(value);

	MLX5X_SET(set_fte_in, in, opcode, MLX5X_CMD_OP_SET_FLOW_TABLE_ENTRY);
	MLX5X_SET(set_fte_in, in, table_type, type);
	MLX5X_SET(set_fte_in, in, table_id, ft);
	MLX5X_SET(set_fte_in, in, flow_index, index);
	MLX5X_SET(flow_context, fc, group_id, fg);
	MLX5X_SET(flow_context, fc, action,
		  MLX5X_FLOW_CONTEXT_ACTION_FWD_DEST |
			  (mhdr != 0 ? MLX5X_FLOW_CONTEXT_ACTION_MOD_HDR : 0));
	MLX5X_SET(flow_context, fc, modify_header_id, mhdr);
	MLX5X_SET(flow_context, fc, destination_list_size, 1);
	MLX5X_SET(dest_format, dst, destination_type, dtype);
	MLX5X_SET(dest_format, dst, destination_id, did);
	memcpy((uint8_t *)MLX5X_ADDR_OF(flow_context, fc, match_value) + off,
	       &be, 4);
}

const uint8_t emu_beef_mac[6] = { 0x02, 0x15, 0xb3, 0x00, 0xbe, 0xef };

/* One action without reg_b: a rule can carry the MAC rewrite alone. */
struct ibv_flow_action *
emu_mh_dmac_regb(struct emu_dev *d, uint32_t regb,
		 enum mlx5dv_flow_table_type ft)
{
	uint64_t a[2] = { 0, 0 };

	MLX5X_SET(set_action_in, &a[0], action_type, MLX5X_ACTION_TYPE_SET);
	MLX5X_SET(set_action_in, &a[0], field,
		  MLX5X_ACTION_IN_FIELD_OUT_DMAC_15_0);
	MLX5X_SET(set_action_in, &a[0], length, 16);
	MLX5X_SET(set_action_in, &a[0], data, 0xbeef);
	MLX5X_SET(set_action_in, &a[1], action_type, MLX5X_ACTION_TYPE_SET);
	MLX5X_SET(set_action_in, &a[1], field,
		  MLX5X_ACTION_IN_FIELD_METADATA_REG_B);
	MLX5X_SET(set_action_in, &a[1], data, regb);
	return emu.dv_flow_action_mh(d->ctx, regb != 0 ? 16 : 8, a, ft);
}
