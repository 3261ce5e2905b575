/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scalar Tx burst: one SEND WQE per packet (control segment, Ethernet
 * segment with the inline header the queue must carry, one data segment per
 * remaining mbuf segment), completion requested on the last WQE of each
 * burst, mbufs freed when their completion arrives. No allocation, no
 * lock, no log: what cannot be sent is counted and freed.
 */
#include <stdio.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_mbuf.h>
#include <rte_cpuflags.h>
#include <rte_net.h>
#include <rte_vect.h>

#include "mlx5x_lcore_tls.h"
#include "mlx5x_prm.h"
#include "mlx5x_rxtx.h"

#define INLINE_MAX 256u
/* Room for a packet inlined whole (txq_inline_max) with an inserted tag. */
#define INLINE_WHOLE_MAX ((unsigned int)MLX5X_TXQ_INLINE_LIMIT + RTE_VLAN_HLEN)
_Static_assert(INLINE_WHOLE_MAX >= INLINE_MAX, "inline buffer too small");

/* 16-byte unit u of the WQE starting at WQEBB w, with ring wrap (the
 * ring at wqes, units_mask its units less one: locals of the burst, as
 * every WQE store may alias the queue's fields). */
static inline volatile uint8_t *
tx_unit(volatile uint8_t *wqes, uint32_t units_mask, uint16_t w, unsigned int u)
{
	uint32_t unit =
		((uint32_t)w * (MLX5X_WQEBB / MLX5X_WQE_DS) + u) & units_mask;

	return wqes + (size_t)unit * MLX5X_WQE_DS;
}

/* refcnt 1 and nb_segs 1 in the mbuf's rearm word (data_off, refcnt,
 * nb_segs, port): the mbuf goes back to its pool as it is. */
static __rte_always_inline bool
tx_mbuf_plain(const struct rte_mbuf *m)
{
	const struct rte_mbuf probe = { .refcnt = 1, .nb_segs = 1 };
	const uint16_t *a = &m->refcnt, *b = &probe.refcnt;

	return a[0] == b[0] && m->nb_segs == probe.nb_segs &&
	       RTE_MBUF_DIRECT(m);
}

/* Free n sent mbufs from e on: one put per run of plain mbufs of the same
 * pool (packed in place at the front of e, whose slots are released), the
 * others (chains, shared, indirect) one by one. */
static inline void
tx_free(struct mlx5x_txq *txq, struct rte_mbuf **e, unsigned int n)
{
	struct rte_mempool *pool;
	unsigned int i, k = 0;

	/* MBUF_FAST_FREE: one pool, one reference, one segment each (the
	 * application's promise), straight back to the pool. */
	if (txq->fast_free) {
		rte_mempool_put_bulk(e[0]->pool, (void **)e, n);
		return;
	}
	pool = e[0]->pool;
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = e[i];

		if (unlikely(!tx_mbuf_plain(m))) {
			rte_pktmbuf_free(m);
			continue;
		}
		if (unlikely(m->pool != pool)) {
			if (k > 0)
				rte_mempool_put_bulk(pool, (void **)e, k);
			pool = m->pool;
			k = 0;
		}
		e[k++] = m;
	}
	if (k > 0)
		rte_mempool_put_bulk(pool, (void **)e, k);
}

void
mlx5x_tx_complete(struct mlx5x_txq *txq)
{
	uint32_t ci = txq->cq_ci;
	const struct mlx5x_txq_comp *c = NULL;
	uint16_t tail, head;

	for (;;) {
		volatile struct mlx5_cqe64 *cqe =
			&txq->cqes[ci & txq->cqe_mask];
		uint8_t op_own = cqe->op_own;
		uint8_t opcode = op_own >> MLX5X_CQE_OPCODE_SHIFT;

		if ((op_own & MLX5_CQE_OWNER_MASK) !=
			    ((ci >> txq->log_cqe_n) & 1) ||
		    opcode == MLX5_CQE_INVALID)
			break;
		rte_io_rmb();
		if (unlikely(opcode != MLX5_CQE_REQ)) {
			/* PRM: the SQ is in ERR now; recovery consumes this
			 * CQE and frees everything in flight. */
			txq->stats.errors++;
			txq->needs_recovery = true;
			break;
		}
		/* Completions come only for WQEs that asked (a burst's
		 * last), each releasing everything before it. */
		c = &txq->comp[rte_be_to_cpu_16(cqe->wqe_counter) &
			       txq->wqe_mask];
		ci++;
	}
	if (c == NULL)
		return;
	txq->cq_ci = ci;
	txq->wqe_pi = c->wqe_next;
	tail = txq->elts_tail;
	head = c->elts_head;
	txq->elts_tail = head;
	rte_io_wmb();
	*txq->cq_db = rte_cpu_to_be_32(ci & 0xffffff);
	if (head != tail) {
		uint16_t i = tail & txq->elts_mask;
		uint16_t n = (uint16_t)(head - tail);
		uint16_t first = RTE_MIN(n, (uint16_t)(txq->elts_mask + 1 - i));
		struct rte_mbuf **e = &txq->elts[i];

		/* Everything from elts_odd on was checked plain by the burst
		 * that posted it: one put per ring part, no per-mbuf look. */
		if ((int16_t)(tail - txq->elts_odd) >= 0) {
			rte_mempool_put_bulk(e[0]->pool, (void **)e, first);
			if (first < n)
				rte_mempool_put_bulk(txq->elts[0]->pool,
						     (void **)txq->elts,
						     n - first);
		} else {
			tx_free(txq, e, first);
			if (first < n)
				tx_free(txq, &txq->elts[0], n - first);
		}
		/* Keep the mark within half the index space of the tail. */
		if ((int16_t)(head - txq->elts_odd) > 0)
			txq->elts_odd = head;
	}
}

/* Completions the adapter wrote, read outside a burst (ethdev's Tx
 * descriptor status and done cleanup): only while the queue's rings exist,
 * from start to stop (ethdev lets an application call both on a queue
 * set up and never started, or stopped). */
static void
tx_complete_started(struct mlx5x_txq *txq)
{
	if (txq->started)
		mlx5x_tx_complete(txq);
}

/* ethdev tx_done_cleanup: free what completed; the number freed. */
int
mlx5x_tx_done_cleanup(void *q, uint32_t free_cnt)
{
	struct mlx5x_txq *txq = q;
	uint16_t before = txq->elts_tail;

	RTE_SET_USED(free_cnt);
	tx_complete_started(txq);
	return (uint16_t)(txq->elts_tail - before);
}

/* Copy up to len bytes at off of a (possibly chained) mbuf into dst; the
 * bytes copied. Its segments bound it, not pkt_len: an mbuf whose pkt_len
 * claims more than they hold is read no further than they go. */
static __rte_noinline uint32_t
tx_read_chain(const struct rte_mbuf *m, uint32_t off, uint32_t len,
	      uint8_t *dst)
{
	uint32_t got = 0;

	for (; m != NULL && got < len; m = m->next) {
		uint32_t n;

		if (off >= m->data_len) {
			off -= m->data_len;
			continue;
		}
		n = RTE_MIN((uint32_t)m->data_len - off, len - got);
		memcpy(dst + got, rte_pktmbuf_mtod_offset(m, uint8_t *, off),
		       n);
		got += n;
		off = 0;
	}
	return got;
}

/* The same, inline where the first segment holds them all. */
static inline uint32_t
tx_read(const struct rte_mbuf *m, uint32_t off, uint32_t len, uint8_t *dst)
{
	if (likely(off + len <= m->data_len)) {
		memcpy(dst, rte_pktmbuf_mtod_offset(m, uint8_t *, off), len);
		return len;
	}
	return tx_read_chain(m, off, len, dst);
}

/* The bytes of m's segments when there are segs of them, else 0: a chain
 * longer or shorter than its nb_segs breaks the mbuf contract
 * (rte_mbuf_check's bad nb_segs). One walk, bounded by segs. */
static __rte_noinline uint32_t
tx_chain_bytes(const struct rte_mbuf *m, uint16_t segs)
{
	uint32_t bytes = 0;

	for (; m != NULL; m = m->next) {
		if (segs-- == 0)
			return 0;
		bytes += m->data_len;
	}
	return segs == 0 ? bytes : 0;
}

/*
 * Bytes of header a TSO packet carries inline (PRM LSO: all of them), or 0
 * when the packet cannot be segmented: no segment size, no TCP header, or
 * headers (with a tag the adapter may insert) longer than a WQE inlines.
 * One rule for tx_prepare, which refuses, and the burst, which drops.
 */
static inline uint32_t
tx_tso_hlen(const struct rte_mbuf *m)
{
	uint32_t hlen = (uint32_t)(m->l2_len + m->l3_len + m->l4_len);

	if (m->tso_segsz == 0 || m->l4_len < 20 ||
	    hlen > INLINE_MAX - 4 - RTE_VLAN_HLEN)
		return 0;
	return hlen;
}

/* Bytes of the VLAN tag the adapter is asked to insert into m's frame. */
static inline uint32_t
tx_tag_len(const struct rte_mbuf *m)
{
	return (m->ol_flags & RTE_MBUF_F_TX_VLAN) ? RTE_VLAN_HLEN : 0;
}

/*
 * What TSO packet m (its headers checked by tx_tso_hlen) adds to the
 * queue's counters beyond one packet of its bytes: the adapter cuts it
 * into a frame per MSS-sized payload (PRM LSO; one when there is none),
 * each behind a copy of the headers and the tag it inserts. The extra
 * frames in the low 32 bits, their header bytes above (at most 65535
 * frames of 256 bytes). All from m, so counting and taking back agree; out
 * of line, so the burst loop carries nothing for it.
 */
static __rte_noinline uint64_t
tx_tso_extra(const struct rte_mbuf *m)
{
	uint32_t hlen = tx_tso_hlen(m);
	uint32_t frame =
		m->nb_segs == 1 ? m->data_len : tx_chain_bytes(m, m->nb_segs);
	uint32_t payload = frame > hlen ? frame - hlen : 0;
	uint64_t extra =
		payload == 0 ? 0
			     : (payload + m->tso_segsz - 1) / m->tso_segsz - 1;

	return extra | (extra * (hlen + tx_tag_len(m))) << 32;
}

/* TSO packet m, counted by its tx_tso_extra when the burst took it, is
 * not sent after all: its extra frames come off the queue's counters. */
static void
tx_tso_uncount(struct mlx5x_txq *txq, const struct rte_mbuf *m)
{
	uint64_t x = tx_tso_extra(m);

	txq->stats.packets -= (uint32_t)x;
	txq->stats.bytes -= x >> 32;
}

unsigned int
mlx5x_tx_reclaim(struct mlx5x_txq *txq)
{
	mlx5x_tx_complete(txq);
	/* An inlined frame holds WQEBBs but no mbuf slot; a completion
	 * releases both together, so WQEBBs tell what is in flight. */
	return (uint16_t)(txq->wqe_ci - txq->wqe_pi);
}

/* The header bytes to inline (want, or as many as the segments hold),
 * with a software-inserted VLAN tag. Sets *consumed to the packet bytes
 * the header covers. A tag asked for a frame shorter than the two
 * addresses it goes after (the burst drops such runts before), or TSO
 * segments holding fewer bytes than their headers: nothing to send, 0
 * bytes with every byte consumed, so no data segment follows and the
 * burst drops the packet as empty. */
static inline uint32_t
tx_inline_header(const struct rte_mbuf *m, uint32_t want, uint8_t *buf,
		 uint32_t *consumed)
{
	const uint32_t addrs = 2 * RTE_ETHER_ADDR_LEN;
	uint32_t got;

	if (m->ol_flags & RTE_MBUF_F_TX_VLAN) {
		if (want < addrs + RTE_VLAN_HLEN + 2)
			want = addrs + RTE_VLAN_HLEN + 2;
		if (unlikely(tx_read(m, 0, addrs, buf) != addrs))
			goto nothing;
		buf[12] = 0x81;
		buf[13] = 0x00;
		buf[14] = (uint8_t)(m->vlan_tci >> 8);
		buf[15] = (uint8_t)m->vlan_tci;
		got = addrs + RTE_VLAN_HLEN +
		      tx_read(m, addrs, want - addrs - RTE_VLAN_HLEN,
			      buf + addrs + RTE_VLAN_HLEN);
		*consumed = got - RTE_VLAN_HLEN;
	} else {
		got = tx_read(m, 0, want, buf);
		*consumed = got;
	}
	/* TSO: every header byte inline, and the tag inserted before them
	 * (as where the burst sizes it). Looked up again here, not kept from
	 * the burst's TSO check: a value live across the burst loop costs
	 * every packet (measured 2 instructions). */
	if (likely(!(m->ol_flags & RTE_MBUF_F_TX_TCP_SEG) ||
		   got >= tx_tso_hlen(m) + tx_tag_len(m)))
		return got;
nothing:
	*consumed = UINT32_MAX;
	return 0;
}

/* A packet the burst cannot send: taken, counted in *counter, freed at its
 * place in the burst. */
static inline void
tx_drop(struct rte_mbuf *m, uint64_t *counter)
{
	(*counter)++;
	rte_pktmbuf_free(m);
}

/* Ethernet segment checksum flags: what the mbuf asks, both for TSO
 * (every segment the adapter cuts needs fresh checksums). */
static inline uint8_t
tx_cs_flags(const struct rte_mbuf *m, uint32_t opcode)
{
	uint8_t cs = 0;

	if (opcode == MLX5_OPCODE_TSO)
		return MLX5_ETH_WQE_L3_CSUM | MLX5_ETH_WQE_L4_CSUM;
	if (m->ol_flags & RTE_MBUF_F_TX_IP_CKSUM)
		cs |= MLX5_ETH_WQE_L3_CSUM;
	if (m->ol_flags & RTE_MBUF_F_TX_L4_MASK)
		cs |= MLX5_ETH_WQE_L4_CSUM;
	return cs;
}

uint16_t
mlx5x_tx_burst(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	struct mlx5x_txq *txq = q;
	volatile struct mlx5_wqe_ctrl_seg *last = NULL;
	uint16_t last_w = 0;
	uint16_t sent = 0, posted = 0; /* sent: consumed, posted: on the SQ */
	uint64_t bytes = 0;
	volatile uint8_t *wqes;
	struct rte_mbuf **elts;
	uint32_t units_mask;
	uint16_t w, head, wfree, efree, elts_mask;

	mlx5x_tx_complete(txq);
	if (unlikely(txq->needs_recovery) && mlx5x_txq_recover(txq) != 0)
		return 0;
	/* The rings and their indexes in locals, the indexes written back
	 * at the end: a WQE store may alias any field of the queue. */
	wqes = txq->wqes;
	units_mask =
		((uint32_t)txq->wqe_mask + 1) * (MLX5X_WQEBB / MLX5X_WQE_DS) -
		1;
	w = txq->wqe_ci;
	wfree = (uint16_t)(txq->wqe_mask + 1 - (uint16_t)(w - txq->wqe_pi));
	elts = txq->elts;
	elts_mask = txq->elts_mask;
	head = txq->elts_head;
	efree = (uint16_t)(elts_mask + 1 - (uint16_t)(head - txq->elts_tail));
	while (sent < n) {
		struct rte_mbuf *m = pkts[sent];
		struct rte_mbuf *seg;
		uint8_t hdr[INLINE_WHOLE_MAX];
		volatile struct mlx5_wqe_ctrl_seg *ctrl;
		volatile struct mlx5_wqe_eth_seg *eseg;
		uint32_t ih = 0, consumed = 0, off, ds, nwqebb, u, frame;
		uint16_t segs = m->nb_segs;
		uint32_t want = txq->inline_min;
		uint32_t opcode = MLX5_OPCODE_SEND;
		/* Why the data segments cannot be written: 0 they can. */
		enum { TX_OK, TX_NO_LKEY, TX_BAD } drop = TX_OK;

		/* The frame's bytes are its segments', whatever pkt_len
		 * says; the room below is reserved by nb_segs, so a chain
		 * of another length (rte_mbuf_check: bad nb_segs) is not
		 * sent, nor a runt (the adapter fails the SQ on a frame
		 * shorter than an Ethernet header). A single segment's
		 * checks cost no walk. */
		if (unlikely(segs != 1)) {
			if (segs > MLX5X_TX_SEGS_MAX) {
				tx_drop(m, &txq->stats.too_many_segs);
				sent++;
				continue;
			}
			frame = tx_chain_bytes(m, segs);
		} else {
			frame = m->data_len;
			if (unlikely(m->next != NULL))
				frame = 0;
		}
		if (unlikely(frame < MLX5X_TX_FRAME_MIN)) {
			tx_drop(m, &txq->bad_mbuf);
			sent++;
			continue;
		}
		if (m->ol_flags & RTE_MBUF_F_TX_TCP_SEG) {
			/* PRM LSO: every header byte travels inline. */
			uint32_t hlen = tx_tso_hlen(m);
			uint64_t x;

			if (unlikely(hlen == 0)) {
				tx_drop(m, &txq->stats.bad_tso);
				sent++;
				continue;
			}
			/* PRM LSO: the inline header is what every frame
			 * repeats, so it holds all of them after the tag. */
			hlen += tx_tag_len(m);
			if (want < hlen)
				want = hlen;
			opcode = MLX5_OPCODE_TSO;
			/* ethdev counts what left the port: every frame the
			 * adapter cuts, as mlx5 counts them. Here, where only
			 * TSO runs; taken back if the packet is not sent. */
			x = tx_tso_extra(m);
			txq->stats.packets += (uint32_t)x;
			txq->stats.bytes += x >> 32;
		}
		if (want > INLINE_MAX - 4)
			want = INLINE_MAX - 4;
		/* txq_inline_max: a short SEND goes whole in the WQE, no
		 * data segment for the adapter to fetch (never less than the
		 * header the queue must carry). */
		if (opcode == MLX5_OPCODE_SEND && frame <= txq->inline_max)
			want = RTE_MAX(want, frame + ((m->ol_flags &
						       RTE_MBUF_F_TX_VLAN) != 0
							      ? RTE_VLAN_HLEN
							      : 0));
		if (want || (m->ol_flags & RTE_MBUF_F_TX_VLAN)) {
			ih = tx_inline_header(m, want, hdr, &consumed);
			/* An inserted tag: bytes on the wire, not in the
			 * mbuf. */
			frame += ih - consumed;
		}
		/* ctrl + eth, the inline bytes beyond the eth segment's two,
		 * then one data segment per segment with bytes left. */
		ds = 2 +
		     (ih > 2 ? (ih - 2 + MLX5X_WQE_DS - 1) / MLX5X_WQE_DS : 0) +
		     segs;
		nwqebb = (ds * MLX5X_WQE_DS + MLX5X_WQEBB - 1) / MLX5X_WQEBB;
		if (nwqebb > wfree || efree == 0) {
			if (opcode == MLX5_OPCODE_TSO)
				tx_tso_uncount(txq, m);
			break;
		}
		ctrl = (volatile struct mlx5_wqe_ctrl_seg *)tx_unit(wqes,
								    units_mask,
								    w, 0);
		eseg = (volatile struct mlx5_wqe_eth_seg *)tx_unit(wqes,
								   units_mask,
								   w, 1);
		eseg->rsvd0 = 0;
		eseg->cs_flags = tx_cs_flags(m, opcode);
		eseg->rsvd1 = 0;
		eseg->mss = opcode == MLX5_OPCODE_TSO
				    ? rte_cpu_to_be_16(m->tso_segsz)
				    : 0;
		/* PRM flow_table_metadata (mlx5dv's rsvd2): what NIC Tx
		 * steering matches as reg_a (the META item on egress), the
		 * mbuf's metadata dynfield when it carries the flag. */
		eseg->rsvd2 =
			(m->ol_flags & rte_flow_dynf_metadata_mask)
				? rte_cpu_to_be_32(*RTE_FLOW_DYNF_METADATA(m))
				: 0;
		eseg->inline_hdr_sz = rte_cpu_to_be_16((uint16_t)ih);
		if (ih > 0)
			memcpy((void *)(uintptr_t)eseg->inline_hdr_start, hdr,
			       RTE_MIN(ih, 2u));
		u = 2;
		for (off = 2; off < ih; off += MLX5X_WQE_DS, u++)
			memcpy((void *)(uintptr_t)tx_unit(wqes, units_mask, w,
							  u),
			       hdr + off, RTE_MIN(MLX5X_WQE_DS, ih - off));
		/* Data segments for what the inline header did not cover. */
		off = consumed;
		ds = u;
		for (seg = m; seg != NULL; seg = seg->next) {
			volatile struct mlx5_wqe_data_seg *dseg;
			uintptr_t addr;
			uint32_t lkey, len;

			if (off >= seg->data_len) {
				off -= seg->data_len;
				/* No byte inline, none in a segment (or
				 * tx_inline_header found nothing to send):
				 * PRM, a data segment of byte count 0 means
				 * 2 GB, and a SEND without data has no
				 * frame. */
				if (unlikely(seg->next == NULL && ds == 2))
					drop = TX_BAD;
				continue;
			}
			addr = rte_pktmbuf_mtod_offset(seg, uintptr_t, off);
			len = seg->data_len - off;
			off = 0;
			lkey = mlx5x_mr_lookup(txq->mr, addr, &txq->mr_last);
			if (unlikely(lkey == MLX5X_MR_LKEY_NONE)) {
				drop = TX_NO_LKEY;
				break;
			}
			dseg = (volatile struct mlx5_wqe_data_seg *)
				tx_unit(wqes, units_mask, w, ds++);
			dseg->byte_count = rte_cpu_to_be_32(len);
			dseg->lkey = rte_cpu_to_be_32(lkey);
			dseg->addr = rte_cpu_to_be_64(addr);
		}
		if (unlikely(drop != TX_OK)) {
			if (opcode == MLX5_OPCODE_TSO)
				tx_tso_uncount(txq, m);
			tx_drop(m, drop == TX_NO_LKEY ? &txq->stats.no_lkey
						      : &txq->bad_mbuf);
			sent++;
			continue;
		}
		nwqebb = (ds * MLX5X_WQE_DS + MLX5X_WQEBB - 1) / MLX5X_WQEBB;
		ctrl->opmod_idx_opcode =
			rte_cpu_to_be_32(((uint32_t)w << 8) | opcode);
		ctrl->qpn_ds = rte_cpu_to_be_32(txq->qpn_ds | ds);
		ctrl->signature = 0;
		ctrl->dci_stream_channel_id = 0;
		ctrl->fm_ce_se = 0;
		ctrl->imm = 0;
		elts[head & elts_mask] = m;
		head++;
		efree--;
		last = ctrl;
		last_w = w;
		w = (uint16_t)(w + nwqebb);
		wfree = (uint16_t)(wfree - nwqebb);
		/* The frame on the wire: its segments' bytes and an inserted
		 * tag. */
		bytes += frame;
		posted++;
		sent++;
	}
	txq->wqe_ci = w;
	txq->elts_head = head;
	/* Whatever this burst posted, completion frees one by one. */
	txq->elts_odd = head;
	if (last == NULL)
		return sent;
	/* Ask for a completion on the burst's last WQE only, and note what
	 * it releases (an error CQE's WQE is not looked up: recovery frees
	 * everything in flight). */
	txq->comp[last_w & txq->wqe_mask] = (struct mlx5x_txq_comp){
		.elts_head = head,
		.wqe_next = w,
	};
	last->fm_ce_se = MLX5_WQE_CTRL_CQ_UPDATE;
	rte_io_wmb();
	txq->sq_db[MLX5X_SND_DBR] = rte_cpu_to_be_32(w);
	rte_wmb();
	*txq->bf_reg = *(volatile uint64_t *)last;
	rte_wmb();
	/* Dropped mbufs were counted as errors, not as packets sent. */
	txq->stats.packets += posted;
	txq->stats.bytes += bytes;
	return sent;
}

uint16_t
mlx5x_tx_prepare(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	const struct mlx5x_txq *txq = q;
	uint16_t i;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		int ret;

		/* What the burst drops: too many segments, a chain of
		 * another length than nb_segs, a runt. */
		if (m->nb_segs > MLX5X_TX_SEGS_MAX ||
		    tx_chain_bytes(m, m->nb_segs) < MLX5X_TX_FRAME_MIN) {
			rte_errno = EINVAL;
			return i;
		}
		/* Offload flags that contradict each other or the header
		 * lengths (IP checksum without IPv4, L4 checksum without
		 * l2/l3 lengths, ...) would make the adapter checksum the
		 * wrong bytes. */
		ret = rte_validate_tx_offload(m);
		if (ret != 0) {
			rte_errno = -ret;
			return i;
		}
		/* The mbuf API asks for TX_IPV4 with TX_IP_CKSUM, and header
		 * offloads need the header lengths; DPDK's validator lets
		 * both through. */
		if (((m->ol_flags & RTE_MBUF_F_TX_IP_CKSUM) &&
		     !(m->ol_flags & RTE_MBUF_F_TX_IPV4)) ||
		    ((m->ol_flags &
		      (RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_L4_MASK |
		       RTE_MBUF_F_TX_TCP_SEG)) &&
		     (m->l2_len == 0 || m->l3_len == 0))) {
			rte_errno = EINVAL;
			return i;
		}
		if ((m->ol_flags & RTE_MBUF_F_TX_TCP_SEG) &&
		    (txq->max_lso == 0 || m->pkt_len > txq->max_lso ||
		     tx_tso_hlen(m) == 0)) {
			rte_errno = txq->max_lso == 0 ? ENOTSUP : EINVAL;
			return i;
		}
	}
	return n;
}

/*
 * A queue of desc descriptors has desc WQEBBs and desc mbuf slots; a packet
 * sent by pointer takes a slot and part of a WQEBB (a SEND with more data
 * segments or inline bytes, several WQEBBs), an inlined one WQEBBs only
 * (its mbuf was freed at the end of its burst). offset counts in the
 * fuller of the two rings, from the oldest work the adapter has not
 * completed (as mlx5 counts its mbuf slots): FULL while that ring holds
 * more than offset entries, DONE after. DONE is the adapter's word (ethdev:
 * the hardware is done with the descriptor), so the completions it wrote
 * are read first, as mlx5 does, not left for the next burst.
 */
int
mlx5x_tx_descriptor_status(void *q, uint16_t offset)
{
	struct mlx5x_txq *txq = q;
	uint16_t used;

	if (offset >= txq->desc)
		return -EINVAL;
	tx_complete_started(txq);
	used = RTE_MAX((uint16_t)(txq->elts_head - txq->elts_tail),
		       (uint16_t)(txq->wqe_ci - txq->wqe_pi));
	return offset < used ? RTE_ETH_TX_DESC_FULL : RTE_ETH_TX_DESC_DONE;
}

/* The lean burst when no Tx queue of the port enabled an offload only the
 * full burst does (multi-segment, TSO, VLAN insertion) and every queue's
 * inline header fits its single WQEBB; eMPW over it unless the
 * application registered the flow metadata dynfield (an eMPW session
 * shares one Ethernet segment, so one metadata value: the lean burst
 * hands a packet with metadata to the full one). */
void
mlx5x_tx_burst_pick(struct rte_eth_dev *dev)
{
	const uint64_t full = RTE_ETH_TX_OFFLOAD_MULTI_SEGS |
			      RTE_ETH_TX_OFFLOAD_TCP_TSO |
			      RTE_ETH_TX_OFFLOAD_VLAN_INSERT;
	bool empw = dev->data->nb_tx_queues > 0, inline_whole = false;
	bool inline_mpw = false, inline4 = true, fast_free = true;
	uint16_t i;

	dev->tx_pkt_burst = mlx5x_tx_burst_lean;
	for (i = 0; i < dev->data->nb_tx_queues; i++) {
		const struct mlx5x_txq *txq = dev->data->tx_queues[i];

		if (txq == NULL)
			continue;
		empw = empw && txq->empw;
		inline_whole |= txq->inline_max > 0;
		inline_mpw |= txq->inline_mpw > 0;
		inline4 = inline4 && txq->inline_min == 0 &&
			  txq->inline_mpw >= MLX5X_TX_EMPW_INL4_MAX;
		fast_free = fast_free && txq->fast_free;
		if ((txq->offloads & full) ||
		    txq->inline_min > MLX5X_TX_LEAN_INLINE_MAX)
			dev->tx_pkt_burst = mlx5x_tx_burst;
	}
	if (dev->tx_pkt_burst == mlx5x_tx_burst_lean && empw &&
	    !rte_flow_dynf_metadata_avail())
		dev->tx_pkt_burst = mlx5x_tx_burst_empw;
	/* Without eMPW, only the full burst inlines whole packets. */
	if (dev->tx_pkt_burst == mlx5x_tx_burst_lean && inline_whole)
		dev->tx_pkt_burst = mlx5x_tx_burst;
#ifdef RTE_ARCH_X86
	/* tx_vec_en: the vector eMPW burst where the CPU runs it. */
	if (dev->tx_pkt_burst == mlx5x_tx_burst_empw &&
	    MLX5X_PRIV(dev)->config.tx_vec_en &&
	    rte_cpu_get_flag_enabled(RTE_CPUFLAG_SSE4_2) == 1)
		dev->tx_pkt_burst = inline4	 ? mlx5x_tx_burst_empw_vec_inl
				    : inline_mpw ? mlx5x_tx_burst_empw_vec
						 : mlx5x_tx_burst_empw_vec_ptr;
	if (dev->tx_pkt_burst != mlx5x_tx_burst_empw_vec_inl)
		return;
	/* The default inline burst: with AVX2 copies where the CPU has
	 * them and the EAL allows 256-bit vectors (--force-max-simd-bitwidth),
	 * without pool reads where every queue has MBUF_FAST_FREE. */
	if (rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX2) == 1 &&
	    rte_vect_get_max_simd_bitwidth() >= RTE_VECT_SIMD_256)
		dev->tx_pkt_burst = fast_free ? mlx5x_tx_burst_empw_avx2_inl_ff
					      : mlx5x_tx_burst_empw_avx2_inl;
	else if (fast_free)
		dev->tx_pkt_burst = mlx5x_tx_burst_empw_vec_inl_ff;
#else
	RTE_SET_USED(fast_free);
#endif
}

int
mlx5x_tx_burst_mode_get(struct rte_eth_dev *dev, uint16_t idx,
			struct rte_eth_burst_mode *mode)
{
	struct mlx5x_priv *priv = MLX5X_PRIV(dev);
	struct mlx5x_txq *txq = dev->data->tx_queues[idx];
	char empw[48] = "", whole[48] = "", gate[96] = "";

#ifdef RTE_ARCH_X86
	bool avx2 = dev->tx_pkt_burst == mlx5x_tx_burst_empw_avx2_inl ||
		    dev->tx_pkt_burst == mlx5x_tx_burst_empw_avx2_inl_ff;
	bool vec = avx2 || dev->tx_pkt_burst == mlx5x_tx_burst_empw_vec ||
		   dev->tx_pkt_burst == mlx5x_tx_burst_empw_vec_inl ||
		   dev->tx_pkt_burst == mlx5x_tx_burst_empw_vec_inl_ff ||
		   dev->tx_pkt_burst == mlx5x_tx_burst_empw_vec_ptr;
#else
	bool avx2 = false, vec = false;
#endif

	if ((dev->tx_pkt_burst == mlx5x_tx_burst_empw || vec) && txq != NULL)
		snprintf(empw, sizeof(empw), " eMPW (inline up to %u bytes)",
			 (unsigned int)txq->inline_mpw);
	else if (dev->tx_pkt_burst == mlx5x_tx_burst && txq != NULL &&
		 txq->inline_max > 0)
		snprintf(whole, sizeof(whole), ", whole up to %u bytes inline",
			 (unsigned int)txq->inline_max);
	/* Say why nothing is inlined when the queue count decided it. */
	if (!mlx5x_txq_data_inline(priv))
		snprintf(gate, sizeof(gate),
			 ", no data inline: %u Tx queues < txqs_min_inline=%d",
			 (unsigned int)dev->data->nb_tx_queues,
			 priv->config.txqs_min_inline);
	snprintf(mode->info, sizeof(mode->info),
		 "%s%s%s%s%s, %u-byte inline header%s%s",
		 vec ? "Vector SSE4.2" : "Scalar",
		 dev->tx_pkt_burst == mlx5x_tx_burst_lean ||
				 dev->tx_pkt_burst == mlx5x_tx_burst_empw || vec
			 ? " single-segment"
			 : "",
		 empw, avx2 ? ", AVX2 inline copies" : "",
		 txq != NULL && txq->fast_free ? ", fast free" : "",
		 txq != NULL ? (unsigned int)txq->inline_min : 0u, whole, gate);
	return 0;
}
