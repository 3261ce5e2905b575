/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Entry points the model does not implement yet: present with rdma-core's
 * prototypes so a caller gets a clean EOPNOTSUPP instead of a missing
 * symbol: completion channels, async events (none is ever raised),
 * mlx5dv_create_qp.
 */
#include "mlx5x_emu_core.h"

#include <errno.h>
#include <unistd.h>

struct ibv_comp_channel *
ibv_create_comp_channel(struct ibv_context *context)
{
	(void)context;
	errno = EOPNOTSUPP;
	return NULL;
}

int
ibv_destroy_comp_channel(struct ibv_comp_channel *channel)
{
	(void)channel;
	return EOPNOTSUPP;
}

int
ibv_get_cq_event(struct ibv_comp_channel *channel, struct ibv_cq **cq,
		 void **cq_context)
{
	(void)channel;
	(void)cq;
	(void)cq_context;
	errno = EOPNOTSUPP;
	return -1;
}

void
ibv_ack_cq_events(struct ibv_cq *cq, unsigned int nevents)
{
	(void)cq;
	(void)nevents;
}

/* The model raises no asynchronous event yet: the context's async_fd is an
 * eventfd nobody writes, so this answers as rdma-core does with nothing
 * pending (EAGAIN on a non-blocking fd; a blocking one waits). */
int
ibv_get_async_event(struct ibv_context *context, struct ibv_async_event *event)
{
	uint64_t n;

	(void)event;
	if (read(context->async_fd, &n, sizeof(n)) < 0)
		return -1;
	errno = EIO;
	return -1;
}

void
ibv_ack_async_event(struct ibv_async_event *event)
{
	(void)event;
}

struct ibv_qp *
mlx5dv_create_qp(struct ibv_context *context,
		 struct ibv_qp_init_attr_ex *qp_attr,
		 struct mlx5dv_qp_init_attr *mlx5_qp_attr)
{
	(void)context;
	(void)qp_attr;
	(void)mlx5_qp_attr;
	errno = EOPNOTSUPP;
	return NULL;
}
