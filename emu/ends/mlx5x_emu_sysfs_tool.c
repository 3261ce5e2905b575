/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mlx5x-emu-sysfs: write or remove the emulated adapters' sysfs tree
 * before an application starts, from the same model code the library
 * uses (devtools/mlx5x-emu runs it).
 *
 *   mlx5x-emu-sysfs write CONFIG ROOT
 *   mlx5x-emu-sysfs remove ROOT
 */
#include <stdio.h>
#include <string.h>

#include "mlx5x_emu.h"

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "write") == 0)
		return mlx5x_emu_sysfs_write(argv[2], argv[3]) == 0 ? 0 : 1;
	if (argc == 3 && strcmp(argv[1], "remove") == 0)
		return mlx5x_emu_sysfs_remove(argv[2]) == 0 ? 0 : 1;
	fprintf(stderr, "usage: %s write CONFIG ROOT | remove ROOT\n", argv[0]);
	return 2;
}
