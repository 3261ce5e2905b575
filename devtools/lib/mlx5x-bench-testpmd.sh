#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The bench's testpmd section (devtools/mlx5x-bench runs it in its place;
# "devtools/mlx5x-bench testpmd" runs it alone): Debian's dpdk-testpmd, io
# forwarding, one port of the emulated ConnectX-5 (legacy, wire loop), one
# forwarding core, with mlx5x and with DPDK's own mlx5 PMD at their
# defaults: Mpps, the same testpmd over two net_null ports (this machine's
# ceiling, same run) and mlx5x's share of it, then instructions per packet
# by callgrind (devtools/lib/mlx5x-testpmd-ir.sh) and their ratio, on that
# one port and on the 5 ports of the 5-port Mpps row (switchdev).
#
# usage: devtools/lib/mlx5x-bench-testpmd.sh BUILD_ROOT
set -uo pipefail
[ $# -eq 1 ] || { sed -n '12p' "$0" | sed 's/^# //' >&2; exit 2; }
cd "$(dirname "$0")/../.." || exit 1
build=$1
. devtools/lib/mlx5x-pmd-stage.sh
. devtools/lib/mlx5x-testpmd-window.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== testpmd io forwarding on the emulated ConnectX-5, legacy, one port (wire loop), 1 forwarding core: mlx5x beside DPDK's own mlx5 PMD (the reference driver, through --rdma-core)"
# Same window as the bench's net_null reference: 1 s to settle, then testpmd's Rx-pps over 3 s,
# counted from testpmd's first prompt (probing with --host-netdevs takes a
# while, and commands queued before it would all run at once).
io_rate() { # io_rate LABEL EMU-OPTIONS TESTPMD-EAL-OPTIONS
	local label=$1 opts=$2 eal=$3 pid
	rm -f "$tmp/in" "$tmp/io"
	mkfifo "$tmp/in"
	# shellcheck disable=SC2086 # option lists
	MLX5X_BUILD_DIR="$build" timeout 180 unshare -n -m \
		devtools/mlx5x-emu --model cx5 --esw legacy --wire loop $opts -- \
		dpdk-testpmd $eal --no-huge -m 512 --no-shconf -l 0-1 -a 0000:08:00.0 \
		-- -i --total-num-mbufs=8192 --forward-mode=io <"$tmp/in" >"$tmp/io" 2>&1 &
	pid=$!
	exec 4>"$tmp/in"
	mlx5x_testpmd_window "$tmp/io" $pid 4
	exec 4>&-
	wait $pid
	grep -o 'Rx-pps: *[0-9]*' "$tmp/io" | tail -1 | awk -v l="$label" '
		{ printf "    %s: %.3f Mpps\n", l, $2 / 1e6; ok = 1 }
		END { if (!ok) printf "    %s: failed\n", l }'
}
# The rows move with how far apart the host has put this VM's CPU 0 and 1
# (the engine thread and the forwarding lcore hand queues to each other by
# cache lines): printed before and after, so a run says which case it saw
# (emu/README.md, "The engine").
pingpong() {
	if [ -x "$build/mlx5x-cpu-pingpong" ]; then
		timeout 30 "$build/mlx5x-cpu-pingpong" 0 1 | sed 's/^/    /'
	fi
}
pingpong
io_pmd=$(mlx5x_pmd_stage "$build") || exit 1
io_rate "mlx5x" "--pci 0000:08:00.0" "-d $io_pmd" | tee "$tmp/ours"
mlx5x_pmd_unstage "$io_pmd"
io_rate "reference mlx5 PMD (Debian's librte_net_mlx5)" "--rdma-core --host-netdevs" ""
# The ceiling on this machine, in this run: the same testpmd, same window,
# over two net_null ports (no adapter at all); the issue asks the emulated
# adapter to reach at least 25% of it with one engine thread.
{
	printf 'start tx_first\n'
	sleep 1
	printf 'show port stats all\n'
	sleep 3
	printf 'show port stats all\nstop\n'
	sleep 1
	printf 'quit\n'
} | timeout 60 dpdk-testpmd --no-huge -m 512 --no-shconf -l 0-1 --no-pci \
	--vdev net_null0 --vdev net_null1 -- -i --forward-mode=io \
	--total-num-mbufs=8192 >"$tmp/null" 2>&1
null=$(grep -o 'Rx-pps: *[0-9]*' "$tmp/null" | tail -2 | awk '{ s += $2 } END { printf "%.3f", s / 1e6 }')
echo "    net_null reference (2 ports): $null Mpps"
pingpong
ours=$(sed -n 's/.*mlx5x: \([0-9.]*\) Mpps/\1/p' "$tmp/ours")
awk -v a="${ours:-0}" -v b="${null:-0}" 'BEGIN {
	if (a > 0 && b > 0)
		printf "    mlx5x on the emulated adapter / net_null: %.1f%% (the issue asks at least 25%% with one engine thread)\n", 100 * a / b
	else
		print "    mlx5x / net_null: no ratio (a run failed)" }'
echo "== the same workload, instructions per packet (callgrind over testpmd, forwarding windows only, self cost by ELF object, slope between a 10 s and a 40 s window; packets = RX + TX of testpmd's forward statistics; an empty Rx poll yields to the emulator and the few left are taken out, see devtools/lib/mlx5x-testpmd-ir.sh), on one port and on the 5 ports of the 5-port Mpps row (switchdev, uplink + 4 representors)"
if command -v valgrind >/dev/null; then
	fig() { sed -n 's/.*: driver \([0-9.]*\) instructions\/packet.*/\1/p' <<<"$1"; }
	for topo in legacy switchdev; do
		ours=$(devtools/lib/mlx5x-testpmd-ir.sh "$build" mlx5x $topo)
		echo "$ours"
		ref=$(devtools/lib/mlx5x-testpmd-ir.sh "$build" reference $topo)
		echo "$ref"
		a=$(fig "$ours") b=$(fig "$ref")
		if [ -n "$a" ] && [ -n "$b" ]; then
			awk -v a="$a" -v b="$b" -v t="$topo" 'BEGIN {
				printf "    %s: mlx5x / reference driver instructions per packet: %.2f (%.0f%% lower; the issue asks at least 25%%)\n",
					t == "legacy" ? "1 port" : "5 ports", a / b, 100 * (1 - a / b) }'
		else
			echo "    $topo: mlx5x / reference: no ratio (a run failed)"
		fi
	done
else
	echo "    valgrind not installed"
fi
