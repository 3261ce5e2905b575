/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Toeplitz hash (Microsoft RSS specification): for each set bit of the
 * input, XOR in the 32-bit window of the key starting at that bit; here by
 * tables of whole bytes, built once per key.
 */
#include "mlx5x_emu_queue.h"

/* Key bits [k, k + 32) as a word, most significant first. */
static uint32_t
emu_toeplitz_window(const uint8_t key[40], size_t k)
{
	uint32_t w = 0;
	size_t j;

	for (j = 0; j < 32; j++)
		w = w << 1 | ((key[(k + j) / 8] >> (7 - (k + j) % 8)) & 1);
	return w;
}

void
emu_toeplitz_table(const uint8_t key[40], uint32_t tab[][256])
{
	size_t i;
	unsigned int b, v;

	for (i = 0; i < EMU_TOEPLITZ_MAX_IN; i++) {
		tab[i][0] = 0;
		/* Input bit 7 - b of byte i meets the window at key bit
		 * 8 i + 7 - b; a byte's hash is the XOR over its bits. */
		for (b = 0; b < 8; b++) {
			uint32_t w = emu_toeplitz_window(key, 8 * i + 7 - b);

			for (v = 1u << b; v < 2u << b; v++)
				tab[i][v] = tab[i][v - (1u << b)] ^ w;
		}
	}
}
