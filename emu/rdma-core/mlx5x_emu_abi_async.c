/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Asynchronous DevX commands (MLX5_1.9): a completion object with a file
 * descriptor that becomes readable when an answer is queued, the async
 * query, and the call that hands answers back in submission order. The
 * model runs the query at submission (commands are synchronous inside the
 * adapter) and queues its out box with the caller's wr_id, so the caller
 * sees what it would see from the kernel: fd readable, then the answer.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

struct emu_async_resp {
	struct emu_async_resp *next;
	uint64_t wr_id;
	size_t outlen;
	uint8_t out[];
};

struct emu_cmd_comp {
	struct mlx5dv_devx_cmd_comp pub; /* first: what callers hold */
	pthread_mutex_t lock;
	struct emu_async_resp *head, *tail;
};

static struct emu_cmd_comp *
emu_cmd_comp_of(struct mlx5dv_devx_cmd_comp *c)
{
	return (struct emu_cmd_comp *)c;
}

struct mlx5dv_devx_cmd_comp *
mlx5dv_devx_create_cmd_comp(struct ibv_context *context)
{
	struct emu_cmd_comp *c;

	if (!emu_ctx_of(context)->ad->cfg.devx) {
		errno = EOPNOTSUPP;
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	/* Semaphore mode: one read per queued answer. */
	c->pub.fd = eventfd(0, EFD_CLOEXEC | EFD_SEMAPHORE);
	if (c->pub.fd < 0) {
		int err = errno;

		free(c);
		errno = err;
		return NULL;
	}
	pthread_mutex_init(&c->lock, NULL);
	return &c->pub;
}

void
mlx5dv_devx_destroy_cmd_comp(struct mlx5dv_devx_cmd_comp *cmd_comp)
{
	struct emu_cmd_comp *c;
	struct emu_async_resp *r;

	if (cmd_comp == NULL)
		return;
	c = emu_cmd_comp_of(cmd_comp);
	while ((r = c->head) != NULL) {
		c->head = r->next;
		free(r);
	}
	close(c->pub.fd);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

int
mlx5dv_devx_obj_query_async(struct mlx5dv_devx_obj *obj, const void *in,
			    size_t inlen, size_t outlen, uint64_t wr_id,
			    struct mlx5dv_devx_cmd_comp *cmd_comp)
{
	struct emu_cmd_comp *c;
	struct emu_async_resp *r;
	const uint64_t one = 1;

	if (obj == NULL || cmd_comp == NULL || outlen < 16)
		return EINVAL;
	c = emu_cmd_comp_of(cmd_comp);
	r = calloc(1, sizeof(*r) + outlen);
	if (r == NULL)
		return ENOMEM;
	r->wr_id = wr_id;
	r->outlen = outlen;
	/* A firmware failure is an answer too: status in the out box. */
	(void)mlx5dv_devx_obj_query(obj, in, inlen, r->out, outlen);
	pthread_mutex_lock(&c->lock);
	if (c->tail != NULL)
		c->tail->next = r;
	else
		c->head = r;
	c->tail = r;
	pthread_mutex_unlock(&c->lock);
	if (write(c->pub.fd, &one, sizeof(one)) != sizeof(one))
		return errno;
	return 0;
}

int
mlx5dv_devx_get_async_cmd_comp(struct mlx5dv_devx_cmd_comp *cmd_comp,
			       struct mlx5dv_devx_async_cmd_hdr *cmd_resp,
			       size_t cmd_resp_len)
{
	struct emu_cmd_comp *c;
	struct emu_async_resp *r;
	uint64_t n;
	size_t len;

	if (cmd_comp == NULL || cmd_resp == NULL ||
	    cmd_resp_len < sizeof(*cmd_resp))
		return EINVAL;
	c = emu_cmd_comp_of(cmd_comp);
	/* Consume the readiness first: blocks (or EAGAIN if the caller made
	 * the fd non-blocking) until an answer is queued, as the kernel's. */
	if (read(c->pub.fd, &n, sizeof(n)) != sizeof(n))
		return errno;
	pthread_mutex_lock(&c->lock);
	r = c->head;
	if (r != NULL) {
		c->head = r->next;
		if (c->head == NULL)
			c->tail = NULL;
	}
	pthread_mutex_unlock(&c->lock);
	if (r == NULL)
		return EIO;
	cmd_resp->wr_id = r->wr_id;
	len = cmd_resp_len - sizeof(*cmd_resp);
	memcpy(cmd_resp->out_data, r->out, len < r->outlen ? len : r->outlen);
	free(r);
	return 0;
}
