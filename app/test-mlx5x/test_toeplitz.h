/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Toeplitz hash as the tests compute it, independently of the emulator and
 * the driver: written from the definition in Microsoft's RSS specification.
 */
#ifndef MLX5X_TEST_TOEPLITZ_H
#define MLX5X_TEST_TOEPLITZ_H

#include <stddef.h>
#include <stdint.h>

/* Hash of data (len bytes) under key (key_len bytes, at least len + 4). */
uint32_t mlx5x_test_toeplitz(const uint8_t *key, size_t key_len,
			     const uint8_t *data, size_t len);

#endif /* MLX5X_TEST_TOEPLITZ_H */
