#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Debian's dpdk-testpmd, unmodified, on an emulated ConnectX-5
# (devtools/mlx5x-emu): flow validate / create / list / query / destroy /
# flush on an mlx5x port, and one refusal (an SCTP port, which the PRM
# cannot match) that testpmd prints with the PMD's message.
set -uo pipefail
. "$MLX5X_SOURCE_ROOT/devtools/lib/mlx5x-pmd-stage.sh"
command -v dpdk-testpmd >/dev/null || { echo "dpdk-testpmd not installed"; exit 77; }
emu="$MLX5X_SOURCE_ROOT/devtools/mlx5x-emu"
[ -x "$emu" ] || { echo "devtools/mlx5x-emu not there"; exit 77; }
[ -f "$MLX5X_BUILD_ROOT/emu/libmlx5x_emu.so" ] || { echo "emulator not built"; exit 77; }
tmp=$(mktemp -d)
pmd=$(mlx5x_pmd_stage "$MLX5X_BUILD_ROOT") || exit 1
trap 'rm -rf "$tmp"; mlx5x_pmd_unstage "$pmd"' EXIT

udp='pattern eth / ipv4 dst is 10.0.0.2 / udp dst is 5000 / end'
{
	echo "flow validate 0 ingress $udp actions queue index 1 / end"
	echo "flow create 0 ingress $udp actions queue index 1 / count / end"
	echo "flow create 0 ingress pattern eth / ipv4 / sctp dst is 80 / end actions queue index 1 / end"
	echo "flow create 0 ingress group 1 pattern eth / end actions drop / end"
	echo "flow list 0"
	echo "flow query 0 0 count"
	echo "flow destroy 0 rule 0"
	echo "flow list 0"
	echo "flow flush 0"
	echo "flow list 0"
	echo "quit"
} |
	MLX5X_BUILD_DIR="$MLX5X_BUILD_ROOT" timeout 120 "$emu" --model cx5 \
		--wire drop --pci 0000:08:00.0 -- \
		dpdk-testpmd -d "$pmd" --no-huge -m 512 --no-shconf -l 0-1 \
		-a "0000:08:00.0" -- -i --rxq=2 --txq=2 \
		--total-num-mbufs=8192 >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
[ $rc = 0 ] || { echo "testpmd exited with $rc"; exit 1; }
expect() {
	grep -qE "$1" "$tmp/out" || { echo "missing: $1"; exit 1; }
}
expect "^Flow rule validated"
expect "^Flow rule #0 created"
expect "item sctp: field hdr.dst_port cannot be matched: the PRM has no SCTP port fields"
expect "^Flow rule #1 created"
# flow list: ID, group, priority, attributes, pattern => actions.
expect "^0[[:space:]]+0[[:space:]]+0[[:space:]]+i--[[:space:]]+ETH IPV4 UDP => QUEUE COUNT"
expect "^1[[:space:]]+1[[:space:]]+0[[:space:]]+i--[[:space:]]+ETH => DROP"
expect "hits_set: 1"
expect "hits: 0"
expect "^Flow rule #0 destroyed"
n=$(grep -cE "^[01][[:space:]]+[01][[:space:]]+0[[:space:]]+i--" "$tmp/out")
[ "$n" = 3 ] || { echo "flow list showed $n rules over three lists, want 2 + 1 + 0"; exit 1; }
grep -q "Bye" "$tmp/out" || { echo "testpmd did not reach a clean quit"; exit 1; }
