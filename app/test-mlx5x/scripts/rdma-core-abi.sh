#!/bin/bash
# The emulator exports every libibverbs.so.1/libmlx5.so.1 entry point of
# the installed rdma-core with its version node (default or hidden alike),
# the provider-private symbols rdma-core's tools import, and nothing else
# but its test-side API; the libmlx4.so.1 stand-in exports libmlx4's. A
# new rdma-core, or a symbol dropped from emu/rdma-core/mlx5x_emu.map, fails here.
set -uo pipefail
for l in libibverbs.so.1 libmlx5.so.1 libmlx4.so.1; do
	[ -e "/usr/lib/x86_64-linux-gnu/$l" ] ||
		{ echo "rdma-core's $l not installed (ibverbs-providers, libibverbs1)"; exit 77; }
done
command -v objdump >/dev/null || { echo "objdump not installed (binutils)"; exit 77; }
python3 "$MLX5X_SOURCE_ROOT/devtools/mlx5x-emu-abi.py" check \
	"$MLX5X_BUILD_ROOT/emu/libmlx5x_emu.so" "$MLX5X_BUILD_ROOT/emu/libmlx5x_emu_mlx4.so"
