#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Instructions per packet of a PMD under Debian's dpdk-testpmd, io
# forwarding, one forwarding core, counted by callgrind, in one of two
# topologies of the emulated ConnectX-5:
#  legacy (the default): one port, wire loop: the bench's one-port row;
#  switchdev: 5 ports, the uplink and 4 VF representors, wire and VF ends
#        looping frames back: the topology and devargs of
#        app/test-mlx5x/e2e/testpmd-io-rate.sh (the 5-port Mpps row).
#
# usage: devtools/lib/mlx5x-testpmd-ir.sh BUILD_ROOT mlx5x|reference [legacy|switchdev]
#
# Prints, per window, and then as the figure: the driver's self cost (its
# own shared objects only), the emulator's (not the driver's) and the rest
# (testpmd, ethdev, mempool, libc), each per packet (RX-packets + TX-packets
# of testpmd's forward statistics), and the burst modes the driver chose at
# its defaults; then the emulator's engine per testpmd RX packet. On any
# failure a line says what failed; it never hangs (every wait is bounded,
# the whole run is under timeout).
#
# Method. testpmd runs under callgrind with instrumentation off until the
# prompt; callgrind_control (private vgdb prefix: no other callgrind run is
# touched) turns it on, and each window is dumped on its own
# (MLX5X_BENCH_WINDOWS, default "idle:8 fwd:10 fwd:40", seconds):
#  idle: "start" with nothing in flight, "stop": every poll is empty, so
#        the Rx burst calls' inclusive cost / their number = the cost of
#        one empty poll (not all the window's driver instructions: start,
#        stop and the driver's link polling alarm, on another thread, run
#        in the window too, and with 5 ports polled in turns they are a
#        large share of few polls);
#  fwd:  "start tx_first" (32 frames per port circulate through the wire
#        and VF end loops, as in the bench's Mpps rows;
#        MLX5X_BENCH_TX_FIRST bursts of 32 if set),
#        "stop": driver instructions, less the window's empty polls at the
#        idle cost each.
# The figure is the slope between the two forwarding windows (what start,
# stop and the statistics cost cancels out).
# Valgrind runs one thread at a time (--fair-sched: in turns), so a
# forwarding core polling an empty ring would keep the CPU for a whole time
# slice while the emulator's engine thread, which delivers the next frames,
# waits: thousands of empty polls per burst, an artefact of the measurement.
# The preloaded devtools/preload/mlx5x_rx_yield.c makes an empty Rx poll
# sched_yield() (its wrapper's cost is its own object's, not the driver's),
# so the engine runs at once. The empty polls left are taken out at the
# idle window's cost: io forwarding calls Tx once per non-empty Rx burst,
# so they are (Rx burst calls - Tx burst calls), both counted by callgrind
# as calls from testpmd (or the wrapper) into the driver's objects. Each
# window line shows how many there were and the raw figure, and the burst
# calls' own inclusive cost per packet (empty polls out): the forwarding
# core's share alone, with the mempool code the bursts call and without
# the driver's link polling alarm (another thread, in the driver's
# objects, and paced by time, so under valgrind it costs 1 to 2
# instructions a packet that a real run does not see).
# The same dumps give the emulator's engine cost: the inclusive cost of
# its passes (emu_engine_pass_locked, called by the engine thread) per
# testpmd RX packet, as the slope between the two forwarding windows (the
# same figure as a run with --toggle-collect=emu_engine_pass_locked).
# MLX5X_BENCH_SPLIT=N adds its N largest parts: the emulator object's
# self cost per RX packet by file:function (the slope too; the engine is
# all the emulator runs while testpmd forwards).
# MLX5X_BENCH_KEEP=DIR keeps the dumps and testpmd's output there.
set -uo pipefail
[ $# -eq 2 ] || [ $# -eq 3 ] || { sed -n '12p' "$0" | sed 's/^# //' >&2; exit 2; }
build=$1 which=$2 topo=${3:-legacy}
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/devtools/lib/mlx5x-pmd-stage.sh"
windows=${MLX5X_BENCH_WINDOWS:-idle:8 fwd:10 fwd:40}
bursts=${MLX5X_BENCH_TX_FIRST:-1}

case $which in
mlx5x)
	label="mlx5x"
	drv='/librte_(net|common)_mlx5x\.so'
	;;
reference)
	label="reference mlx5 PMD (Debian's librte_net_mlx5)"
	drv='/librte_(net|common)_mlx5\.so'
	;;
*) echo "mlx5x-testpmd-ir: unknown driver '$which' (mlx5x or reference)" >&2; exit 2 ;;
esac
# Representors by the devargs each driver takes: mlx5x's "[0-3]", the
# reference driver's "vf[0-3]" (emu/README.md, "What DPDK's reference mlx5
# PMD still finds missing").
case $topo in
legacy)
	topo_opts=(--esw legacy --wire loop)
	devargs=""
	;;
switchdev)
	topo_opts=(--vfs 4 --esw switchdev --wire loop --vf-end loop)
	if [ "$which" = mlx5x ]; then devargs=",representor=[0-3]"; else devargs=",representor=vf[0-3]"; fi
	label="$label, 5 ports"
	;;
*) echo "mlx5x-testpmd-ir: unknown topology '$topo' (legacy or switchdev)" >&2; exit 2 ;;
esac
fail() { echo "    $label: instructions per packet: $*"; exit 1; }
for c in valgrind callgrind_control dpdk-testpmd python3 unshare stdbuf; do
	command -v $c >/dev/null || fail "$c not installed"
done

tmp=$(mktemp -d)
pid="" pmd=""
cleanup() {
	exec 4>&- 2>/dev/null
	# Our own job only: timeout (below) leads a process group of its own
	# (unshare, the emulator wrapper, valgrind), ended as a whole.
	if [ -n "$pid" ]; then
		kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	[ -n "$pmd" ] && mlx5x_pmd_unstage "$pmd"
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

if [ "$which" = mlx5x ]; then
	pmd=$(mlx5x_pmd_stage "$build") || fail "cannot stage the PMD from $build"
	emu_opts=(--pci 0000:08:00.0)
	eal=(-d "$pmd")
else
	emu_opts=(--rdma-core --host-netdevs)
	eal=()
fi

mkfifo "$tmp/in"
# stdbuf: testpmd's answers reach the file line by line (the waits below
# read them while it runs), not when it exits.
# The yield helper (devtools/preload/mlx5x_rx_yield.c): an empty Rx poll
# hands the CPU to the emulator's engine at once.
yield_lib=$build/devtools/preload/libmlx5x_rx_yield.so
[ -f "$yield_lib" ] || fail "$yield_lib not built"
LD_PRELOAD="$yield_lib${LD_PRELOAD:+:$LD_PRELOAD}" \
	MLX5X_BUILD_DIR="$build" timeout 1500 unshare -n -m \
	"$repo/devtools/mlx5x-emu" --model cx5 "${topo_opts[@]}" "${emu_opts[@]}" -- \
	stdbuf -oL valgrind --tool=callgrind --fair-sched=yes --instr-atstart=no --vgdb-prefix="$tmp/vgdb" \
	--callgrind-out-file="$tmp/cg" \
	dpdk-testpmd "${eal[@]}" --no-huge -m 512 --no-shconf -l 0-1 -a "0000:08:00.0$devargs" \
	-- -i --total-num-mbufs=8192 --forward-mode=io <"$tmp/in" >"$tmp/out" 2>&1 &
pid=$!
exec 4>"$tmp/in"

# wait_for PATTERN COUNT SECONDS: until testpmd printed PATTERN COUNT times.
wait_for() {
	local i
	for ((i = 0; i < $3 * 5; i++)); do
		[ "$(grep -c -- "$1" "$tmp/out" 2>/dev/null)" -ge "$2" ] && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.2
	done
	return 1
}
ctl() { timeout 120 callgrind_control --vgdb-prefix="$tmp/vgdb" "$@" >>"$tmp/ctl" 2>&1; }

wait_for 'testpmd> ' 1 900 || { tail -5 "$tmp/out" >&2; fail "testpmd did not reach its prompt"; }
printf 'show rxq info 0 0\nshow txq info 0 0\n' >&4
wait_for 'testpmd> ' 3 120 || fail "show rxq/txq info did not answer"
ctl -i on || { cat "$tmp/ctl" >&2; fail "callgrind_control -i on failed"; }
k=0
for w in $windows; do
	kind=${w%%:*} secs=${w#*:}
	k=$((k + 1))
	case $kind in
	idle) printf 'start\n' >&4 ;;
	fwd) printf 'start tx_first %s\n' "$bursts" >&4 ;;
	*) fail "window '$w': idle:SECONDS or fwd:SECONDS" ;;
	esac
	sleep "$secs"
	printf 'stop\n' >&4
	wait_for '^Done\.' $k 300 || fail "stop (window $k, $w) did not finish"
	ctl --dump="$kind" || fail "callgrind_control --dump (window $k) failed"
done
printf 'quit\n' >&4
exec 4>&-
# The dumps are written: a quit that does not end (with 5 ports under
# valgrind, a port's stop can spin in rte_eal_alarm_cancel while the link
# polling alarm waits for the alarm list's lock) is ended here.
wait_for 'Bye' 1 120 || kill -KILL -- "-$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=""
[ -n "${MLX5X_BENCH_KEEP:-}" ] && mkdir -p "$MLX5X_BENCH_KEEP" && cp "$tmp"/cg* "$tmp/out" "$MLX5X_BENCH_KEEP/"

rxmode=$(sed -n 's/^ *Burst mode: *//p' "$tmp/out" | sed -n 1p)
txmode=$(sed -n 's/^ *Burst mode: *//p' "$tmp/out" | sed -n 2p)
# One line per window: kind, packets (RX, TX of its "Accumulated forward
# statistics"), then the dump split by object ("obj") and burst calls.
split=$repo/devtools/lib/mlx5x-callgrind-split.py
k=0
for w in $windows; do
	k=$((k + 1))
	[ -f "$tmp/cg.$k" ] || fail "no callgrind dump for window $k ($w)"
	stats=$(awk -v k=$k '/Accumulated forward statistics/ { n++ } n == k' "$tmp/out")
	rx=$(sed -n 's/.*RX-packets: *\([0-9]*\).*/\1/p' <<<"$stats" | head -1)
	tx=$(sed -n 's/.*TX-packets: *\([0-9]*\).*/\1/p' <<<"$stats" | head -1)
	if [ -z "$rx" ] || [ -z "$tx" ]; then
		fail "no forward statistics for window $k ($w)"
	fi
	echo "win $k ${w%%:*} $rx $tx"
	"$split" "$tmp/cg.$k" "$drv" '/(dpdk-testpmd|libmlx5x_rx_yield\.so)$' \
		'^emu_engine_pass_locked$' '/libmlx5x_emu\.so' || fail "cannot read dump $k"
done >"$tmp/win"

awk -v drv="$drv" -v label="$label" -v rxmode="${rxmode:-?}" -v txmode="${txmode:-?}" \
	-v nsplit="${MLX5X_BENCH_SPLIT:-0}" '
	$1 == "win" { w = $2; kind[w] = $3; p[w] = $4 + $5; rxp[w] = $4; nw = w; next }
	# The engine passes, whichever thread ran them, and the emulator
	# object'"'"'s functions.
	$1 == "incl" { passes[w] += $2; eng[w] += $3; next }
	$1 == "fn" { fself[w, $3] += $2; efn[$3] = 1; next }
	$1 == "obj" {
		if ($3 ~ drv) d[w] += $2
		else if ($3 ~ /libmlx5x_emu|\/libibverbs\.so|\/libmlx5\.so/) e[w] += $2
		else r[w] += $2
	}
	# The Rx bursts are the functions polled in the (first) idle window
	# (one per port at most: representors may choose another); any other
	# driver function testpmd calls is a Tx burst.
	$1 == "call" { calls[w, $4] += $2; incl[w, $4] += $3; fns[$4] = 1; bursts[w] += $3 }
	END {
		for (w = 1; w <= nw; w++) if (kind[w] == "idle" && !ni++) iw = w
		if (!iw) { printf "    %s: instructions per packet: no idle window\n", label; exit 1 }
		for (f in fns) if (calls[iw, f] > 0) {
			isrx[f] = 1
			polls += calls[iw, f]
			pollcost += incl[iw, f]
		}
		if (polls == 0) { printf "    %s: instructions per packet: no Rx burst calls seen\n", label; exit 1 }
		# The polls alone: the window also runs start, stop and the
		# driver'"'"'s other threads (link polling), not polls.
		per_empty = pollcost / polls
		for (w = 1; w <= nw; w++) {
			rxc[w] = txc[w] = 0
			for (f in fns) if (isrx[f]) rxc[w] += calls[w, f]; else txc[w] += calls[w, f]
			empty[w] = rxc[w] - txc[w]
			net[w] = d[w] - empty[w] * per_empty
			if (kind[w] == "idle") {
				printf "    %s: window %d idle: %.1f driver instructions per empty Rx poll (%d polls; all the window'"'"'s driver instructions %.1f per poll)\n",
					label, w, per_empty, rxc[w], rxc[w] ? d[w] / rxc[w] : 0
				continue
			}
			printf "    %s: window %d: %d packets, driver %.1f/packet (raw %.1f, %d of %d Rx polls empty; the burst calls alone, inclusive, %.1f), emulator %.1f, rest %.1f\n",
				label, w, p[w], p[w] ? net[w] / p[w] : 0, p[w] ? d[w] / p[w] : 0,
				empty[w], rxc[w], p[w] ? (bursts[w] - empty[w] * per_empty) / p[w] : 0,
				p[w] ? e[w] / p[w] : 0, p[w] ? r[w] / p[w] : 0
			if (kind[w] == "fwd") { if (!a) a = w; else b = w }
		}
		if (!b || p[b] <= p[a]) {
			printf "    %s: instructions per packet: need two forwarding windows, the second longer\n", label
			exit 1
		}
		printf "    %s: driver %.1f instructions/packet (slope between windows %d and %d: %d more packets), emulator %.1f, rest %.1f; Rx \"%s\", Tx \"%s\"\n",
			label, (net[b] - net[a]) / (p[b] - p[a]), a, b, p[b] - p[a],
			(e[b] - e[a]) / (p[b] - p[a]), (r[b] - r[a]) / (p[b] - p[a]),
			rxmode, txmode
		if (rxp[b] <= rxp[a] || passes[b] == 0) {
			printf "    %s: emulator engine: no figure (%s)\n", label,
				passes[b] == 0 ? "no emu_engine_pass_locked calls in the dumps" : "no more RX packets in the longer window"
			exit 1
		}
		drx = rxp[b] - rxp[a]
		printf "    %s: emulator engine %.1f instructions per testpmd RX packet (emu_engine_pass_locked inclusive, slope between windows %d and %d: %d more RX packets, %.2f packets a pass)\n",
			label, (eng[b] - eng[a]) / drx, a, b, drx,
			(passes[b] > passes[a] ? drx / (passes[b] - passes[a]) : 0)
		if (nsplit > 0) {
			for (f in efn) {
				x = (fself[b, f] - fself[a, f]) / drx
				if (x >= 0.5) {
					n = ++nf
					val[n] = x
					nam[n] = f
				}
			}
			# Largest first (a few hundred functions at most).
			for (i = 1; i <= nf && i <= nsplit; i++) {
				m = i
				for (j = i + 1; j <= nf; j++) if (val[j] > val[m]) m = j
				t = val[i]; val[i] = val[m]; val[m] = t
				t = nam[i]; nam[i] = nam[m]; nam[m] = t
				printf "      %7.1f  %s\n", val[i], nam[i]
			}
		}
	}' "$tmp/win"
