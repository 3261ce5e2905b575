/* SPDX-License-Identifier: BSD-3-Clause */
#include "test.h"
#include "test_toeplitz.h"

/* For every set bit of the input, XOR in the 32 key bits that start at the
 * same bit position of the key. */
uint32_t
mlx5x_test_toeplitz(const uint8_t *key, size_t key_len, const uint8_t *data,
		    size_t len)
{
	uint32_t hash = 0;
	size_t bit;

	for (bit = 0; bit < len * 8; bit++) {
		uint32_t window = 0;
		size_t k;

		if (!(data[bit / 8] & (0x80 >> (bit % 8))))
			continue;
		for (k = 0; k < 32; k++) {
			size_t kb = bit + k;
			uint32_t b = kb / 8 < key_len
					     ? (key[kb / 8] >> (7 - kb % 8)) & 1
					     : 0;

			window = window << 1 | b;
		}
		hash ^= window;
	}
	return hash;
}

/* The verification example of Microsoft's RSS specification: IPv4 source
 * 66.9.149.187, destination 161.142.100.80, ports 2794 -> 1766 under the
 * specification's key hash to 0x51ccc178 (with ports) and 0x323e8fc2
 * (addresses only). */
static int
test_toeplitz_matches_specification(void)
{
	static const uint8_t key[40] = {
		0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
		0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
		0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
		0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
	};
	static const uint8_t tuple[12] = { 66,	9,  149,  187,	161,  142,
					   100, 80, 0x0a, 0xea, 0x06, 0xe6 };

	TEST_ASSERT_EQ(mlx5x_test_toeplitz(key, sizeof(key), tuple, 12),
		       0x51ccc178, "4-tuple");
	TEST_ASSERT_EQ(mlx5x_test_toeplitz(key, sizeof(key), tuple, 8),
		       0x323e8fc2, "2-tuple");
	return MLX5X_TEST_PASS;
}

MLX5X_TEST_SUITE(toeplitz_suite, "toeplitz", "unit", NULL, NULL,
		 MLX5X_TEST_CASE(test_toeplitz_matches_specification))
