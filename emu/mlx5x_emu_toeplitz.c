/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Toeplitz hash (Microsoft RSS specification): for each set bit of the
 * input, XOR in the 32-bit window of the key starting at that bit.
 */
#include "mlx5x_emu_priv.h"

uint32_t
emu_toeplitz(const uint8_t key[40], const uint8_t *data, size_t len)
{
	uint32_t hash = 0, window;
	size_t i, kbit = 32;
	int b;

	window = (uint32_t)key[0] << 24 | key[1] << 16 | key[2] << 8 | key[3];
	for (i = 0; i < len; i++) {
		for (b = 7; b >= 0; b--) {
			if (data[i] & (1u << b))
				hash ^= window;
			window <<= 1;
			if (kbit < 320 &&
			    (key[kbit / 8] & (0x80 >> (kbit % 8))))
				window |= 1;
			kbit++;
		}
	}
	return hash;
}
