#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The forwarding window of the testpmd io figures
# (app/test-mlx5x/e2e/testpmd-io-rate.sh, devtools/lib/mlx5x-bench-testpmd.sh).
#
# mlx5x_testpmd_window OUT PID FD: waits (at most 120 s, while PID lives)
# for testpmd's first prompt in its output file OUT, then writes to FD:
# "start tx_first", 1 s to settle, "show port stats all" (the window
# starts), 3 s, the statistics again and "stop", 1 s, "quit". Commands
# written before the prompt would all run at once when probing is slow (a
# loaded machine, --host-netdevs): an empty window. Returns 1, writing
# nothing, when testpmd ended before its prompt (the caller shows OUT); a
# testpmd that ends later makes the writes fail, not the caller.
mlx5x_testpmd_say() { # FD TEXT: TEXT (with \n escapes) to FD; no SIGPIPE
	(trap '' PIPE; printf '%b' "$2" >&"$1") 2>/dev/null
}

# mlx5x_testpmd_window_say FD: the window's commands and pauses, to FD.
mlx5x_testpmd_window_say() {
	local fd=$1
	mlx5x_testpmd_say "$fd" 'start tx_first\n'
	sleep 1
	mlx5x_testpmd_say "$fd" 'show port stats all\n'
	sleep 3
	mlx5x_testpmd_say "$fd" 'show port stats all\nstop\n'
	sleep 1
	mlx5x_testpmd_say "$fd" 'quit\n'
}

mlx5x_testpmd_window() {
	local out=$1 pid=$2 fd=$3 i
	for ((i = 0; i < 600; i++)); do
		grep -q 'testpmd> ' "$out" 2>/dev/null && break
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.2
	done
	mlx5x_testpmd_window_say "$fd"
}

# mlx5x_testpmd_null_rate OUT: the reference the emulated adapter's testpmd
# rates are set beside, on this machine at this moment: the same testpmd,
# io forwarding, one forwarding core, over two net_null ports (no adapter
# at all), the same window (1 s to settle, then Rx-pps over 3 s).
# testpmd's output goes to OUT; prints "port 0 N pps, port 1 N pps, total
# X Mpps", or "failed" (the caller shows OUT).
mlx5x_testpmd_null_rate() {
	local out=$1
	mlx5x_testpmd_window_say 1 | timeout 60 dpdk-testpmd --no-huge -m 512 --no-shconf -l 0-1 --no-pci \
		--vdev net_null0 --vdev net_null1 -- -i --forward-mode=io \
		--total-num-mbufs=8192 >"$out" 2>&1
	grep -o 'Rx-pps: *[0-9]*' "$out" | tail -2 | awk '
		{ sum += $2; line = line sprintf("port %d %s pps, ", NR - 1, $2) }
		END {
			if (NR < 2) print "failed"
			else printf "%stotal %.3f Mpps\n", line, sum / 1e6
		}'
}
