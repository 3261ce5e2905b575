/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A TIR's RSS hash on the data path: the plan made when the TIR was
 * created or modified (what the frame must be, which header bytes feed
 * the hash) applied to one parsed frame. The Toeplitz tables of the TIR's
 * key turn each input byte into one load and one XOR.
 */
#ifndef MLX5X_EMU_TIR_H
#define MLX5X_EMU_TIR_H

#include "mlx5x_emu_pkt.h"
#include "mlx5x_emu_queue.h"

/* The plan of the selector (fields, l3 and l4 prot types); inner: the
 * fields are read from the parse's inner_headers, not the frame. */
void emu_tir_plan_build(struct emu_tir_plan *pl, uint32_t fields, uint8_t l3p,
			uint8_t l4p, bool inner);

/* Four input bytes from input position tab's on. */
static inline __attribute__((always_inline)) uint32_t
emu_tir_hash4(const uint32_t *tab, const uint8_t *d)
{
	return tab[d[0]] ^ tab[256 + d[1]] ^ tab[512 + d[2]] ^ tab[768 + d[3]];
}

/* The plan's runs over their bases: the XOR of each input byte's table
 * word at its input position is the Toeplitz hash of the concatenation. */
static inline uint32_t
emu_tir_plan_apply(const struct emu_tir *t, const struct emu_tir_plan *pl,
		   const uint8_t *const base[3])
{
	const struct emu_tir_run *run = pl->run;
	unsigned int r = pl->nrun, k;
	uint32_t h = 0;

	for (; r != 0; r--, run++) {
		const uint8_t *d = base[run->base] + run->off;
		const uint32_t *tab = t->toeplitz[run->pos];

		for (k = run->n4; k != 0; k--, d += 4, tab += 1024)
			h ^= emu_tir_hash4(tab, d);
		if (run->two)
			h ^= tab[d[0]] ^ tab[256 + d[1]];
	}
	return h;
}

/*
 * Plan pl of TIR t over headers whose IP version is l3 (0 none), IP
 * protocol proto, whose L4 header's first four bytes are there unless
 * the frame is a fragment (l4_ok), at bases base (the L3 and L4 headers,
 * the parse's inner headers): the hash and (*htype) the CQE hash type, 0
 * and none when the headers lack what the selected fields need.
 */
static inline __attribute__((always_inline)) uint32_t
emu_tir_hash_plan(const struct emu_tir *t, const struct emu_tir_plan *pl,
		  uint8_t l3, uint8_t proto, bool l4_ok,
		  const uint8_t *const base[3], uint8_t *htype)
{
	uint32_t h;

	*htype = 0;
	if (pl->nrun == 0 || l3 != pl->l3 ||
	    (pl->l4 != 0 && (!l4_ok || proto != pl->l4)))
		return 0;
	*htype = pl->htype;
	if (pl->shape == EMU_TIR_SHAPE_RUNS)
		return emu_tir_plan_apply(t, pl, base);
	/* The usual IPv4 selectors in straight-line code: the addresses
	 * are input bytes 0..7, the ports 8..11. */
	h = emu_tir_hash4(t->toeplitz[0], base[EMU_TIR_BASE_L3] + 12) ^
	    emu_tir_hash4(t->toeplitz[4], base[EMU_TIR_BASE_L3] + 16);
	if (pl->shape == EMU_TIR_SHAPE_IP4_PORTS)
		h ^= emu_tir_hash4(t->toeplitz[8], base[EMU_TIR_BASE_L4]);
	return h;
}

/* The RSS hash of a parsed frame and its CQE hash type (0 and none when
 * the TIR does not hash or the frame lacks what its fields need). A
 * tunnelled frame under an inner selector hashes its inner headers; any
 * other frame its own (with the inner selector if the TIR has one: the
 * model's choice, emu/README.md). */
static inline __attribute__((always_inline)) uint32_t
emu_tir_hash(const struct emu_tir *t, const struct emu_pkt *p, uint8_t *htype)
{
	const struct emu_tir_plan *pl = &t->plan_outer;
	const uint8_t *base[3];
	uint8_t l3 = p->l3, proto = p->l4_proto;
	bool l4_ok = !p->frag && p->l4_off + 4 <= p->len;

	base[EMU_TIR_BASE_L3] = p->data + p->l3_off;
	base[EMU_TIR_BASE_L4] = p->data + p->l4_off;
	base[EMU_TIR_BASE_INNER] =
		p->match + MLX5X_BYTE_OFF(fte_match_param, inner_headers);
	if (t->plan_inner.nrun != 0) {
		const void *ih = base[EMU_TIR_BASE_INNER];

		/* The parse found a tunnel when it wrote inner headers. */
		if (MLX5X_GET(fte_match_set_lyr_2_4, ih, ethertype) != 0 ||
		    MLX5X_GET(fte_match_set_lyr_2_4, ih, ip_version) != 0) {
			pl = &t->plan_inner;
			l3 = MLX5X_GET(fte_match_set_lyr_2_4, ih, ip_version);
			proto = MLX5X_GET(fte_match_set_lyr_2_4, ih,
					  ip_protocol);
			l4_ok = !MLX5X_GET(fte_match_set_lyr_2_4, ih, frag);
		}
	}
	return emu_tir_hash_plan(t, pl, l3, proto, l4_ok, base, htype);
}

/* The RQ a hash of TIR t picks (a direct TIR: its RQ), NULL when the RQT
 * entry names none. */
static inline __attribute__((always_inline)) struct emu_rq *
emu_tir_rq(struct emu_adapter *ad, const struct emu_tir *t, uint32_t hash,
	   uint8_t htype)
{
	const struct emu_rqt *rqt = t->rqt;
	uint32_t at;

	(void)ad; /* the trace's */
	(void)htype;
	/* The RQ and RQT pointers were resolved by the commands that named
	 * them, held for as long as the TIR and RQT name them. */
	if (t->disp_type == MLX5X_TIRC_DISP_TYPE_DIRECT) {
		emu_trace(ad, "tir 0x%x direct -> rq 0x%x", t->tirn,
			  t->inline_rqn);
		return t->rq;
	}
	/* Hardware tables are powers of two: a mask, no division. */
	at = rqt->mask != EMU_RQT_MODULO ? hash & rqt->mask : hash % rqt->size;
	emu_trace(ad,
		  "tir 0x%x rss hash 0x%08x type 0x%02x -> rqt 0x%x[%u] rq 0x%x",
		  t->tirn, hash, htype, rqt->rqtn, at, rqt->ent[at].rqn);
	return rqt->ent[at].rq;
}

/* The RQ a parsed frame goes to through TIR t (NULL when its RQT entry
 * names none), and its RSS hash and CQE hash type (*hash 0, *htype none
 * for a direct TIR). */
static inline __attribute__((always_inline)) struct emu_rq *
emu_tir_pick(struct emu_adapter *ad, const struct emu_tir *t,
	     const struct emu_pkt *p, uint32_t *hash, uint8_t *htype)
{
	*hash = 0;
	*htype = 0;
	if (t->disp_type != MLX5X_TIRC_DISP_TYPE_DIRECT)
		*hash = emu_tir_hash(t, p, htype);
	return emu_tir_rq(ad, t, *hash, *htype);
}

#endif /* MLX5X_EMU_TIR_H */
