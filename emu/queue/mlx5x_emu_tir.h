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
static inline uint32_t
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

	/* The usual IPv4 selectors in straight-line code: the addresses
	 * are input bytes 0..7, the ports 8..11. */
	if (pl->shape != EMU_TIR_SHAPE_RUNS) {
		const uint8_t *ip = base[EMU_TIR_BASE_L3] + 12;

		h = emu_tir_hash4(t->toeplitz[0], ip) ^
		    emu_tir_hash4(t->toeplitz[4], ip + 4);
		if (pl->shape == EMU_TIR_SHAPE_IP4_PORTS)
			h ^= emu_tir_hash4(t->toeplitz[8],
					   base[EMU_TIR_BASE_L4]);
		return h;
	}
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

/* The RSS hash of a parsed frame and its CQE hash type (0 and none when
 * the TIR does not hash or the frame lacks what its fields need). A
 * tunnelled frame under an inner selector hashes its inner headers; any
 * other frame its own (with the inner selector if the TIR has one: the
 * model's choice, emu/README.md). */
static inline uint32_t
emu_tir_hash(const struct emu_tir *t, const struct emu_pkt *p, uint8_t *htype)
{
	const struct emu_tir_plan *pl = &t->plan_outer;
	const uint8_t *base[3];
	uint8_t l3, proto;
	bool l4_ok;

	/* The usual TIR (the IPv4 addresses, with or without the ports, no
	 * inner selector) checks the frame against its plan and hashes
	 * straight from the frame's headers. */
	if (pl->shape != EMU_TIR_SHAPE_RUNS && t->plan_inner.nrun == 0) {
		const uint8_t *ip = p->data + p->l3_off + 12;
		uint32_t h;

		*htype = 0;
		if (p->l3 != 4)
			return 0;
		h = emu_tir_hash4(t->toeplitz[0], ip) ^
		    emu_tir_hash4(t->toeplitz[4], ip + 4);
		if (pl->shape == EMU_TIR_SHAPE_IP4_PORTS) {
			if (p->frag || p->l4_off + 4 > p->len ||
			    p->l4_proto != pl->l4)
				return 0;
			h ^= emu_tir_hash4(t->toeplitz[8], p->data + p->l4_off);
		}
		*htype = pl->htype;
		return h;
	}
	l3 = p->l3;
	proto = p->l4_proto;
	l4_ok = !p->frag && p->l4_off + 4 <= p->len;
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
	*htype = 0;
	if (pl->nrun == 0 || l3 != pl->l3 ||
	    (pl->l4 != 0 && (!l4_ok || proto != pl->l4)))
		return 0;
	*htype = pl->htype;
	base[EMU_TIR_BASE_L3] = p->data + p->l3_off;
	base[EMU_TIR_BASE_L4] = p->data + p->l4_off;
	return emu_tir_plan_apply(t, pl, base);
}

#endif /* MLX5X_EMU_TIR_H */
