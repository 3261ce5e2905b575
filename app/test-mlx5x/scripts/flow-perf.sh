#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Debian's dpdk-test-flow-perf, unmodified, through devtools/mlx5x-emu: it
# does not link librte_bus_pci (EAL loads it as a plugin), which the
# preload helper must find; rules in group 0 and in group 1 are inserted
# and deleted, and the tool prints both rates.
set -uo pipefail
. "$MLX5X_SOURCE_ROOT/devtools/lib/mlx5x-pmd-stage.sh"
command -v dpdk-test-flow-perf >/dev/null || { echo "dpdk-test-flow-perf not installed"; exit 77; }
emu="$MLX5X_SOURCE_ROOT/devtools/mlx5x-emu"
[ -x "$emu" ] || { echo "devtools/mlx5x-emu not there"; exit 77; }
[ -f "$MLX5X_BUILD_ROOT/emu/libmlx5x_emu.so" ] || { echo "emulator not built"; exit 77; }
tmp=$(mktemp -d)
pmd=$(mlx5x_pmd_stage "$MLX5X_BUILD_ROOT") || exit 1
trap 'rm -rf "$tmp"; mlx5x_pmd_unstage "$pmd"' EXIT
# Group 0 and group 1. (Two inserting cores, --cores=2, need three lcores:
# devtools/mlx5x-bench runs that; two lcores sharing a CPU of a loaded
# machine are too slow for a test.)
for run in "0 -l 0-1" "1 -l 0-1"; do
	set -- $run
	group=$1
	shift
	lcores=("$1" "$2")
	cores=${3:-}
	MLX5X_BUILD_DIR="$MLX5X_BUILD_ROOT" timeout 120 "$emu" --model cx5 \
		--wire drop --pci 0000:08:00.0 -- \
		dpdk-test-flow-perf -d "$pmd" --no-huge -m 512 --no-shconf \
		"${lcores[@]}" -a 0000:08:00.0 -- --ingress --ether --ipv4 \
		--queue --group=$group --rules-count=2000 --rules-batch=1000 \
		$cores --deletion-rate >"$tmp/out" 2>&1
	rc=$?
	cat "$tmp/out"
	[ $rc = 0 ] || { echo "flow-perf (group $group) exited with $rc"; exit 1; }
	grep -q "cannot find DPDK" "$tmp/out" && { echo "preload could not find the PCI bus"; exit 1; }
	grep -qE "Total flows insertion rate -> [0-9.]+ K Rules/Sec" "$tmp/out" ||
		{ echo "no insertion rate (group $group)"; exit 1; }
	grep -qE "Total deletion rate -> [0-9.]+ K Rules/Sec" "$tmp/out" ||
		{ echo "no deletion rate (group $group)"; exit 1; }
done
