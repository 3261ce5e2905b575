#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Figure, not a check: Debian's dpdk-testpmd in io mode on the emulated
# ConnectX-5 with four representors (wire and VF ends looping frames back),
# 3 s of forwarding after "start tx_first"; prints the Rx-pps testpmd
# reports per port and their sum. Used by e2e_bench.
set -uo pipefail
. "$MLX5X_SOURCE_ROOT/devtools/lib/mlx5x-pmd-stage.sh"
. "$MLX5X_SOURCE_ROOT/devtools/lib/mlx5x-testpmd-window.sh"
command -v dpdk-testpmd >/dev/null || { echo "dpdk-testpmd not installed"; exit 77; }
emu="$MLX5X_SOURCE_ROOT/devtools/mlx5x-emu"
[ -x "$emu" ] || { echo "devtools/mlx5x-emu not there"; exit 77; }
[ -f "$MLX5X_BUILD_ROOT/emu/libmlx5x_emu.so" ] || { echo "emulator not built"; exit 77; }
# Debian's testpmd is not built with ASan: it cannot load a sanitizer
# build's PMD (the runtime must come first).
if objdump -p "$MLX5X_BUILD_ROOT/emu/libmlx5x_emu.so" 2>/dev/null | grep -q 'NEEDED.*libasan'; then
	echo "a sanitizer build: Debian's testpmd cannot load its PMD"
	exit 77
fi
tmp=$(mktemp -d)
pmd=$(mlx5x_pmd_stage "$MLX5X_BUILD_ROOT") || exit 1
trap 'exec 4>&- 2>/dev/null; rm -rf "$tmp"; mlx5x_pmd_unstage "$pmd"' EXIT
mkfifo "$tmp/in"
MLX5X_BUILD_DIR="$MLX5X_BUILD_ROOT" timeout 120 "$emu" --model cx5 --vfs 4 \
	--esw switchdev --wire loop --vf-end loop --pci 0000:08:00.0 -- \
	dpdk-testpmd -d "$pmd" --no-huge -m 512 --no-shconf -l 0-1 \
	-a "0000:08:00.0,representor=[0-3]" \
	-- -i --total-num-mbufs=8192 --forward-mode=io <"$tmp/in" >"$tmp/out" 2>&1 &
pid=$!
exec 4>"$tmp/in"
mlx5x_testpmd_window "$tmp/out" $pid 4
exec 4>&-
wait $pid || { cat "$tmp/out"; exit 1; }
# The last five Rx-pps lines are the 3-second window's.
grep -o 'Rx-pps: *[0-9]*' "$tmp/out" | tail -5 | awk '
	{ sum += $2; printf "port %d %s pps, ", NR - 1, $2 }
	END { if (NR < 5) exit 1; printf "total %.3f Mpps\n", sum / 1e6 }'
