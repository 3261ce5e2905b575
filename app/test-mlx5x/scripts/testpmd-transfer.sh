#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Debian's dpdk-testpmd, unmodified, on an emulated ConnectX-5 in switchdev
# mode with two VFs (devtools/mlx5x-emu --vfs 2): transfer rules between
# representors, created on representor 0 (as OVS does) and on the uplink,
# listed, queried and destroyed; the refusals testpmd prints with the
# PMD's message.
set -uo pipefail
. "$MLX5X_SOURCE_ROOT/devtools/lib/mlx5x-pmd-stage.sh"
command -v dpdk-testpmd >/dev/null || { echo "dpdk-testpmd not installed"; exit 77; }
emu="$MLX5X_SOURCE_ROOT/devtools/mlx5x-emu"
[ -x "$emu" ] || { echo "devtools/mlx5x-emu not there"; exit 77; }
[ -f "$MLX5X_BUILD_ROOT/emu/libmlx5x_emu.so" ] || { echo "emulator not built"; exit 77; }
tmp=$(mktemp -d)
pmd=$(mlx5x_pmd_stage "$MLX5X_BUILD_ROOT") || exit 1
trap 'rm -rf "$tmp"; mlx5x_pmd_unstage "$pmd"' EXIT

# Ports: 0 the uplink, 1 representor vf0, 2 representor vf1.
{
	echo "flow validate 1 transfer pattern eth / end actions represented_port ethdev_port_id 2 / end"
	echo "flow create 1 transfer pattern eth / end actions count / represented_port ethdev_port_id 2 / end"
	echo "flow create 1 transfer pattern eth / ipv4 / udp dst is 53 / end actions port_id id 2 / port_id id 0 / end"
	echo "flow create 0 transfer pattern represented_port ethdev_port_id is 2 / eth / end actions drop / end"
	echo "flow create 1 transfer pattern eth / end actions queue index 0 / end"
	echo "flow create 1 transfer pattern eth / end actions represented_port ethdev_port_id 9 / end"
	echo "flow list 1"
	echo "flow list 0"
	echo "flow query 1 0 count"
	echo "flow destroy 1 rule 0"
	echo "flow flush 1"
	echo "flow flush 0"
	echo "flow list 1"
	echo "quit"
} |
	MLX5X_BUILD_DIR="$MLX5X_BUILD_ROOT" timeout 120 "$emu" --model cx5 \
		--vfs 2 --wire drop --vf-end drop --pci 0000:08:00.0 -- \
		dpdk-testpmd -d "$pmd" --no-huge -m 512 --no-shconf -l 0-1 \
		-a "0000:08:00.0,representor=vf[0-1]" -- -i \
		--total-num-mbufs=8192 >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
[ $rc = 0 ] || { echo "testpmd exited with $rc"; exit 1; }
expect() {
	grep -qE "$1" "$tmp/out" || { echo "missing: $1"; exit 1; }
}
expect "^Flow rule validated"
expect "^Flow rule #0 created"
expect "^Flow rule #1 created"
expect "action queue is not allowed in transfer rules"
expect "action represented_port: ethdev port 9 does not exist"
# flow list: ID, group, priority, attributes (i, e, t), pattern => actions.
expect "^0[[:space:]]+0[[:space:]]+0[[:space:]]+--t[[:space:]]+ETH => COUNT REPRESENTED_PORT"
expect "^1[[:space:]]+0[[:space:]]+0[[:space:]]+--t[[:space:]]+ETH IPV4 UDP => PORT_ID PORT_ID"
expect "^0[[:space:]]+0[[:space:]]+0[[:space:]]+--t[[:space:]]+REPRESENTED_PORT ETH => DROP"
expect "hits_set: 1"
expect "^Flow rule #0 destroyed"
grep -q "Bye" "$tmp/out" || { echo "testpmd did not reach a clean quit"; exit 1; }
