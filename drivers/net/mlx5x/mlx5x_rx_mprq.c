/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Rx burst of a striding RQ (mprq_en=1; queue objects in
 * mlx5x_rxq_mprq.c). PRM "Striding RQ": the adapter fills the strides of
 * WQE after WQE in order; a CQE's byte_cnt says the frame's length (15:0),
 * the strides it consumed (29:16) and whether it is a filler (bit 31) that
 * only skips the rest of the WQE. The burst keeps its own stride position
 * (strd_ci in WQE rq_ci), so plain CQEs and the packets of compressed
 * sessions (mlx5x_rx_comp.c's layout; a session's packets are consecutive
 * strides of one WQE) are read the same way, whatever the mini CQE format
 * carries.
 *
 * A packet up to mprq_memcpy bytes is copied into an mbuf of the queue's
 * pool; a longer one is handed up in an mbuf attached to its strides as an
 * external buffer, one reference more on the WQE's buffer. A WQE whose
 * strides are all consumed is posted again at the end of the step. No
 * allocation but the pools', no lock, no log: a packet without an mbuf is
 * dropped and counted (nombuf), an error CQE counted (errors).
 */
#include <string.h>

#include <ethdev_driver.h>
#include <rte_mbuf.h>
#include <rte_memcpy.h>

#include "mlx5x_prm.h"
#include "mlx5x_rxtx.h"

static __rte_always_inline bool
rx_mprq_ready(volatile struct mlx5_cqe64 *cqe, uint32_t ci, uint8_t log_n)
{
	uint8_t op_own = cqe->op_own;

	return (op_own & MLX5_CQE_OWNER_MASK) == ((ci >> log_n) & 1) &&
	       (op_own >> MLX5X_CQE_OPCODE_SHIFT) != MLX5_CQE_INVALID;
}

/*
 * Where a step reads: the WQE (rq_ci, its buffer) and the stride (strd_ci),
 * the queue's stride layout, and what the step hands up. Kept in locals for
 * the step and written back once at its end: through rxq every mbuf store
 * would make the compiler load them again.
 */
struct rx_mprq_pos {
	uint32_t rq_ci;
	uint32_t strd_ci;
	uint32_t strd_num;
	uint32_t log_strd_sz;
	uint32_t memcpy_max;
	struct mlx5x_mprq_buf *buf;
	uint64_t bytes;
	uint64_t attached;
};

/* WQE rq_ci has no stride left: the ring lets go of its buffer, which is
 * posted again at once when no mbuf holds it, else replaced (the last
 * mbuf's free gives it back to the pool). */
static __rte_always_inline void
rx_mprq_wqe_done(struct mlx5x_rxq *rxq, struct rx_mprq_pos *ps)
{
	if (rte_mbuf_ext_refcnt_update(&ps->buf->shinfo, -1) != 0)
		rxq->mprq_bufs[ps->rq_ci & rxq->wqe_mask] = NULL;
	ps->rq_ci++;
	ps->strd_ci = 0;
	ps->buf = rxq->mprq_bufs[ps->rq_ci & rxq->wqe_mask];
}

/*
 * The frame a CQE (byte count bc) completed, at the current stride: into
 * r (copied or attached), or dropped with r NULL; its strides consumed.
 * Returns 1 when r was handed up.
 */
static __rte_always_inline unsigned int
rx_mprq_take(struct mlx5x_rxq *rxq, struct rx_mprq_pos *ps,
	     volatile struct mlx5_cqe64 *cqe, uint32_t bc, struct rte_mbuf *r,
	     struct rte_mbuf **out)
{
	const uint32_t strides =
		(bc >> MLX5X_MPRQ_STRIDES_SHIFT) & MLX5X_MPRQ_STRIDES_MASK;
	const uint32_t len = bc & MLX5X_MPRQ_LEN_MASK;
	uintptr_t addr;
	unsigned int ret = 0;

	/* A CQE that names strides the WQE does not have (none, or past
	 * its end: one unsigned compare): count it, keep the position (the
	 * adapter's next CQEs say where it went). */
	if (unlikely(strides - 1u >= ps->strd_num - ps->strd_ci ||
		     len > (strides << ps->log_strd_sz))) {
		rxq->stats.errors++;
		return 0;
	}
	addr = (uintptr_t)ps->buf->addr +
	       ((uintptr_t)ps->strd_ci << ps->log_strd_sz);
	if (bc & MLX5X_MPRQ_FILLER) {
		rxq->mprq_fillers++;
	} else if (r == NULL) {
		rxq->stats.nombuf++;
	} else {
		mlx5x_mbuf_rearm(r, rxq->rearm);
		r->pkt_len = len;
		r->data_len = (uint16_t)len;
		mlx5x_rx_cqe_meta(rxq, r, cqe);
		if (len <= ps->memcpy_max) {
			rte_memcpy(rte_pktmbuf_mtod(r, void *),
				   (const void *)addr, len);
		} else {
			struct mlx5x_mprq_buf *buf = ps->buf;

			/* Data at the stride's start: no headroom. */
			rte_mbuf_ext_refcnt_update(&buf->shinfo, 1);
			r->buf_addr = (void *)addr;
			r->buf_iova = buf->iova + (addr - buf->addr);
			r->buf_len = (uint16_t)(strides << ps->log_strd_sz);
			r->data_off = 0;
			r->shinfo = &buf->shinfo;
			r->ol_flags |= RTE_MBUF_F_EXTERNAL;
			ps->attached++;
		}
		ps->bytes += len;
		*out = r;
		ret = 1;
	}
	ps->strd_ci += strides;
	if (ps->strd_ci == ps->strd_num)
		rx_mprq_wqe_done(rxq, ps);
	return ret;
}

/* The session at title t is read: its slots are software's again. */
static void
rx_mprq_session_end(struct mlx5x_rxq *rxq, uint32_t t, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		rxq->cqes[(t + i) & rxq->cqe_mask].op_own =
			MLX5_CQE_INVALID << MLX5X_CQE_OPCODE_SHIFT;
	rxq->zip_n = 0;
	rxq->zip_i = 0;
}

/* At most n (<= MLX5X_RX_BURST_STEP) packets' CQEs read, *used of them;
 * returns the packets handed up. */
static unsigned int
rx_mprq_step(struct mlx5x_rxq *rxq, struct rte_mbuf **pkts, uint32_t n,
	     unsigned int *used)
{
	struct rte_mbuf *buf[MLX5X_RX_BURST_STEP];
	struct mlx5x_rx_reps reps;
	uint32_t ci = rxq->cq_ci, have = n, j = 0, u = 0;
	const uint32_t cqe_mask = rxq->cqe_mask;
	const uint8_t log_cqe_n = rxq->log_cqe_n;
	struct rx_mprq_pos ps;
	struct mlx5_cqe64 loc;

	*used = 0;
	if (rxq->zip_n == 0 &&
	    !rx_mprq_ready(&rxq->cqes[ci & cqe_mask], ci, log_cqe_n))
		return 0;
	ps.rq_ci = rxq->rq_ci;
	ps.strd_ci = rxq->strd_ci;
	ps.strd_num = 1u << rxq->log_strd_num;
	ps.log_strd_sz = rxq->log_strd_sz;
	ps.memcpy_max = rxq->mprq_memcpy;
	ps.buf = rxq->mprq_bufs[ps.rq_ci & rxq->wqe_mask];
	ps.bytes = 0;
	ps.attached = 0;
	/* The pool short: this step's packets are dropped, their strides
	 * consumed all the same. */
	if (unlikely(!mlx5x_rx_reps_get(rxq->mp, &reps, buf, n)))
		have = 0;
	while (u < n) {
		volatile struct mlx5_cqe64 *cqe = &rxq->cqes[ci & cqe_mask];
		/* Handed-up packets take the step's mbufs from the top
		 * down (mlx5x_rx_reps_get). */
		struct rte_mbuf *r = j < have ? reps.end[-1 - (int)j] : NULL;
		uint32_t bc;
		uint8_t op_own;

		if (rxq->zip_n != 0) {
			mlx5x_rx_comp_expand(rxq, ci, rxq->zip_i, &loc);
			bc = rte_be_to_cpu_32(loc.byte_cnt);
			j += rx_mprq_take(rxq, &ps, &loc, bc, r, &pkts[j]);
			u++;
			if (++rxq->zip_i == rxq->zip_n) {
				uint32_t sn = rxq->zip_n;

				rx_mprq_session_end(rxq, ci, sn);
				ci += sn;
			}
			continue;
		}
		op_own = cqe->op_own;
		/* Anything but a plain SEND of this pass (one compare for
		 * owner, format and opcode): not ready, a session's title or
		 * an error. */
		if (unlikely((op_own & MLX5X_RX_OP_OWN_MASK) !=
			     MLX5X_RX_OP_OWN_SEND((ci >> log_cqe_n) & 1))) {
			if (!rx_mprq_ready(cqe, ci, log_cqe_n))
				break;
			/* PRM: the CQE's other fields (and a session's mini
			 * CQE arrays) are valid once its owner bit is. */
			rte_io_rmb();
			if (((op_own >> MLX5X_CQE_FORMAT_SHIFT) & 3) ==
			    MLX5X_CQE_FORMAT_COMPRESSED) {
				rxq->zip_n = (uint16_t)rte_be_to_cpu_32(
					cqe->byte_cnt);
				if (unlikely(rxq->zip_n == 0)) {
					/* A session of no packets, which no
					 * adapter writes: skipped as an
					 * error, not read again forever. */
					rxq->stats.errors++;
					ci++;
					continue;
				}
				rxq->zip_i = 0;
				rxq->comp_sessions++;
				continue;
			}
			if ((op_own >> MLX5X_CQE_OPCODE_SHIFT) !=
			    MLX5_CQE_RESP_SEND) {
				ci++;
				mlx5x_rx_cqe_error(rxq, cqe, op_own);
				continue;
			}
		}
		/* The next CQE while this one's packet is copied. */
		rte_prefetch0((const void *)(uintptr_t)&rxq
				      ->cqes[(ci + 1) & cqe_mask]);
		rte_io_rmb();
		ci++;
		bc = rte_be_to_cpu_32(cqe->byte_cnt);
		/* A filler hands nothing up and takes no mbuf. */
		if (bc & MLX5X_MPRQ_FILLER) {
			rx_mprq_take(rxq, &ps, cqe, bc, NULL, NULL);
			continue;
		}
		j += rx_mprq_take(rxq, &ps, cqe, bc, r, &pkts[j]);
		u++;
	}
	if (have != 0)
		mlx5x_rx_reps_put(rxq->mp, &reps, n, j);
	rxq->rq_ci = ps.rq_ci;
	rxq->strd_ci = (uint16_t)ps.strd_ci;
	rxq->stats.packets += j;
	rxq->stats.bytes += ps.bytes;
	rxq->mprq_attached += ps.attached;
	rxq->cq_ci = ci;
	rte_io_wmb();
	*rxq->cq_db = rte_cpu_to_be_32(ci & 0xffffff);
	mlx5x_rxq_mprq_post(rxq);
	*used = u;
	return j;
}

/*
 * Packets completed and not yet read (rx_queue_count). A filler is no
 * packet: it only skips the rest of a WQE, and the burst hands nothing up
 * for it, nor for an error CQE. A compressed session's mini CQEs are read
 * the way the burst reads them, less those it already handed up. At most
 * the CQ's size of slots is looked at.
 */
uint32_t
mlx5x_rx_queue_count_mprq(const struct mlx5x_rxq *rxq)
{
	uint32_t ci = rxq->cq_ci, n = 0, i, k;
	const uint32_t end = ci + rxq->cqe_mask + 1u;
	struct mlx5_cqe64 loc;

	while ((int32_t)(end - ci) > 0) {
		volatile struct mlx5_cqe64 *cqe =
			&rxq->cqes[ci & rxq->cqe_mask];
		uint8_t op_own;

		if (!rx_mprq_ready(cqe, ci, rxq->log_cqe_n))
			break;
		rte_io_rmb();
		op_own = cqe->op_own;
		if (((op_own >> MLX5X_CQE_FORMAT_SHIFT) & 3) ==
		    MLX5X_CQE_FORMAT_COMPRESSED) {
			k = rte_be_to_cpu_32(cqe->byte_cnt);
			/* A session of no packets: the burst steps over
			 * its title. */
			if (k == 0) {
				ci++;
				continue;
			}
			for (i = ci == rxq->cq_ci ? rxq->zip_i : 0; i < k;
			     i++) {
				mlx5x_rx_comp_expand(rxq, ci, i, &loc);
				n += !(rte_be_to_cpu_32(loc.byte_cnt) &
				       MLX5X_MPRQ_FILLER);
			}
			ci += k;
			continue;
		}
		ci++;
		n += (op_own >> MLX5X_CQE_OPCODE_SHIFT) == MLX5_CQE_RESP_SEND &&
		     !(rte_be_to_cpu_32(cqe->byte_cnt) & MLX5X_MPRQ_FILLER);
	}
	return n;
}

uint16_t
mlx5x_rx_burst_mprq(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	struct mlx5x_rxq *rxq = q;
	unsigned int done = 0, want, used;

	/* WQEs left unposted for want of buffers (the application held
	 * them): nothing completes until they are, so try before reading. */
	if (unlikely(rxq->rq_pi - rxq->rq_ci != (1u << rxq->mprq_log_wqe_n)))
		mlx5x_rxq_mprq_post(rxq);
	do {
		want = RTE_MIN((unsigned int)n - done,
			       (unsigned int)MLX5X_RX_BURST_STEP);
		done += rx_mprq_step(rxq, pkts + done, want, &used);
	} while (used == want && done < n);
	mlx5x_rx_recover_if_needed(rxq);
	return (uint16_t)done;
}
