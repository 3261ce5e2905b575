#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Debian's dpdk-testpmd, unmodified, on an emulated ConnectX-5 with four VFs
# in switchdev mode (devtools/mlx5x-emu, wire and VF ends looping frames
# back): -a 0000:08:00.0,representor=[0-3],dv_flow_en=1 lists five mlx5x
# ports, io forwarding with "start tx_first" moves traffic on every one,
# and the statistics add up: every port received, and in io mode what was
# sent is exactly what was received plus the first burst of 32 per port.
set -uo pipefail
. "$MLX5X_SOURCE_ROOT/devtools/lib/mlx5x-pmd-stage.sh"
command -v dpdk-testpmd >/dev/null || { echo "dpdk-testpmd not installed"; exit 77; }
emu="$MLX5X_SOURCE_ROOT/devtools/mlx5x-emu"
[ -x "$emu" ] || { echo "devtools/mlx5x-emu not there"; exit 77; }
[ -f "$MLX5X_BUILD_ROOT/emu/libmlx5x_emu.so" ] || { echo "emulator not built"; exit 77; }
tmp=$(mktemp -d)
pmd=$(mlx5x_pmd_stage "$MLX5X_BUILD_ROOT") || exit 1
trap 'rm -rf "$tmp"; mlx5x_pmd_unstage "$pmd"' EXIT

# Each command goes in once testpmd has shown it is ready for it, not after
# a fixed sleep: on a loaded machine start-up can take longer than any
# sleep, and "stop" would then follow "start" at once. stdbuf makes
# testpmd's printf output reach the file line by line.
wait_for() { # PATTERN SECONDS: true once PATTERN is in the output
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		grep -q -- "$1" "$tmp/out" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "waited ${2}s for '$1'" >&2
	return 1
}
: >"$tmp/out"
{
	wait_for 'testpmd> ' 90
	printf 'show port summary all\nstart tx_first\n'
	wait_for 'packet forwarding - ports=' 60
	# Let frames circulate for a while before stopping.
	sleep 2
	printf 'show port stats all\nstop\n'
	wait_for 'Accumulated forward statistics' 60
	printf 'quit\n'
} |
	MLX5X_BUILD_DIR="$MLX5X_BUILD_ROOT" timeout 240 "$emu" --model cx5 --vfs 4 \
		--esw switchdev --wire loop --vf-end loop --pci 0000:08:00.0 -- \
		stdbuf -oL dpdk-testpmd -d "$pmd" --no-huge -m 512 --no-shconf -l 0-1 \
		-a "0000:08:00.0,representor=[0-3],dv_flow_en=1" \
		-- -i --total-num-mbufs=8192 --forward-mode=io >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
[ $rc = 0 ] || { echo "testpmd exited with $rc"; exit 1; }
grep -q "Number of available ports: 5" "$tmp/out" || { echo "not 5 ports"; exit 1; }
for name in 0000:08:00.0 0000:08:00.0_representor_vf{0,1,2,3}; do
	grep -qE "^[0-9]+ +[0-9A-F:]+ +$name +mlx5x_pci +up" "$tmp/out" ||
		{ echo "$name is not an mlx5x port with its link up"; exit 1; }
done
# Per-port forward statistics printed at stop: every port received.
n=$(awk '/Forward statistics for port/ { p = 1 } p && /RX-packets:/ { if ($2 > 0) n++; p = 0 } END { print n + 0 }' "$tmp/out")
[ "$n" = 5 ] || { echo "only $n of 5 ports received traffic"; exit 1; }
acc=$(grep -A4 "Accumulated forward statistics" "$tmp/out")
rx=$(echo "$acc" | grep -o 'RX-packets: *[0-9]*' | grep -o '[0-9]*$')
tx=$(echo "$acc" | grep -o 'TX-total: *[0-9]*' | grep -o '[0-9]*$')
[ -n "$rx" ] && [ -n "$tx" ] || { echo "no accumulated statistics"; exit 1; }
[ "$rx" -gt 0 ] || { echo "nothing was forwarded"; exit 1; }
[ "$tx" = $((rx + 5 * 32)) ] ||
	{ echo "TX-total $tx != RX-packets $rx + 5 first bursts of 32"; exit 1; }
grep -q "Bye" "$tmp/out" || { echo "testpmd did not reach a clean quit"; exit 1; }
