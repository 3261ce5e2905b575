#!/bin/bash
# Debian's dpdk-testpmd with DPDK's own mlx5 PMD (the reference driver,
# NOT mlx5x and not the mlx5x preload helper), unmodified, on the emulated
# ConnectX-5 through devtools/mlx5x-emu --rdma-core --host-netdevs: the
# wrapper runs it in a network and mount namespace of its own where each
# emulated netdev is a real TAP (name, MAC, phys_port_name, phys_switch_id)
# and answers NETLINK_RDMA for the emulated IB devices.
#
# Legacy mode, then switchdev with representor=vf[0-1]: probe (the model's
# MACs), io forwarding over the emulator's loop wire and VF ends past
# MLX5X_REF_PACKETS packets on every port, rte_flow rules (ingress queue;
# in switchdev also a transfer rule VF0 -> VF1), clean quit.
# The default, 3 * 2^20 = 3,145,728 (issue 12 asks for more than 3
# million), is past every counter wrap that can stop forwarding: the
# reference driver asks a Tx completion every 32 packets and keeps its Tx
# CQ consumer counter in 16 bits, so that counter wraps at 2^16 * 32 = 2^21
# packets (where forwarding used to stop, at 2,097,408); its WQE and Rx
# counters are 16 bits and wrap every 65,536. The CQ doorbell's 24-bit
# counter needs no 2^24 run: the adapter compares it modulo twice the ring
# size, which divides 2^24, so its wrap is one more of the ring wraps every
# run passes. What the
# reference driver still refuses is listed below per mode, so that each
# refusal disappearing (or a new one appearing) fails here and gets
# noticed.
set -uo pipefail
fail() { echo "FAIL: $*"; exit 1; }
plugins=/usr/lib/x86_64-linux-gnu/dpdk/pmds-23.0
command -v dpdk-testpmd >/dev/null || { echo "dpdk-testpmd not installed (dpdk)"; exit 77; }
[ -e "$plugins/librte_net_mlx5.so" ] || { echo "DPDK's mlx5 PMD not installed (dpdk)"; exit 77; }
command -v ip >/dev/null || { echo "ip not installed (iproute2)"; exit 77; }
unshare -n -m true 2>/dev/null || { echo "cannot create network/mount namespaces (needs CAP_SYS_ADMIN)"; exit 77; }

emu=$MLX5X_SOURCE_ROOT/devtools/mlx5x-emu
export MLX5X_BUILD_DIR=$MLX5X_BUILD_ROOT
want=${MLX5X_REF_PACKETS:-3145728}
tmp=$(mktemp -d)
pid=""
cleanup() {
	[ -z "$pid" ] || kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# run NAME NPORTS "EMU OPTIONS" "DEVARGS" FLOW-COMMANDS...: testpmd in io
# mode, forwarding until every port received and sent $want packets, or
# until the counters stop moving for 30 polls in a row (a stall fails with
# the counters it reached; how fast they move does not matter), then the
# flow commands, then quit. Output in $tmp/NAME.
# PORTS is the list of ports that must reach $want; $pre holds commands
# sent once testpmd prompts, before "start tx_first".
pre=""
run() {
	local name=$1 ports=$2 opts=$3 devargs=$4 p ok sum last=-1 still=0 idle=0 i
	shift 4
	rm -f "$tmp/in"
	mkfifo "$tmp/in"
	# shellcheck disable=SC2086
	"$emu" --rdma-core --host-netdevs $opts -- dpdk-testpmd --no-huge -m 512 \
		--no-shconf -l 0-1 -a "0000:08:00.0$devargs" -- -i \
		--total-num-mbufs=8192 --forward-mode=io <"$tmp/in" >"$tmp/$name" 2>&1 &
	pid=$!
	exec 3>"$tmp/in"
	# Commands count from testpmd's prompt, not from its start (probing
	# takes seconds on a loaded machine).
	for ((i = 0; i < 600; i++)); do
		grep -q 'testpmd> ' "$tmp/$name" 2>/dev/null && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	echo "show port summary all" >&3
	[ -z "$pre" ] || echo "$pre" >&3
	echo "start tx_first" >&3
	while [ $still -lt 30 ]; do
		echo "show port stats all" >&3
		sleep 0.5
		ok=1
		sum=0
		for p in $ports; do
			[ "$(stat_of "$name" "$p" RX)" -ge "$want" ] &&
				[ "$(stat_of "$name" "$p" TX)" -ge "$want" ] || ok=0
			sum=$((sum + $(stat_of "$name" "$p" RX)))
		done
		[ $ok = 1 ] && break
		kill -0 "$pid" 2>/dev/null || break
		# Before the first frame (probe, start) only testpmd's exit or
		# five idle minutes end the wait.
		if [ "$sum" = 0 ]; then
			idle=$((idle + 1))
			[ $idle -lt 600 ] || break
		elif [ "$sum" = "$last" ]; then
			still=$((still + 1))
		else
			still=0
		fi
		last=$sum
	done
	echo "stop" >&3
	for c in "$@"; do echo "$c" >&3; done
	echo "quit" >&3
	exec 3>&-
	wait "$pid"
	echo "testpmd exit status $?" >>"$tmp/$name"
	pid=""
	cat "$tmp/$name"
}

# The last RX-/TX-packets figure testpmd printed for port p.
stat_of() {
	awk -v p="$2" -v k="$3-packets:" '
		/NIC statistics for port/ {cur = $(NF - 1)}
		cur == p && $1 == k {v = $2} END {print v + 0}' "$tmp/$1"
}

# check NAME PORT MAC NAME...: probed by mlx5_pci with the model's MAC.
probed() {
	local out=$1
	shift
	while [ $# -ge 3 ]; do
		grep -qE "^$1 +$2 +$3 +mlx5_pci" "$tmp/$out" ||
			fail "$out: port $1 ($3) not probed by mlx5_pci with the model's MAC $2"
		shift 3
	done
}

forwarded_ports() {
	local out=$1 p
	shift
	for p in "$@"; do
		[ "$(stat_of "$out" "$p" RX)" -ge "$want" ] && [ "$(stat_of "$out" "$p" TX)" -ge "$want" ] ||
			fail "$out: io forwarding on port $p stalled at RX $(stat_of "$out" "$p" RX) TX $(stat_of "$out" "$p" TX) (wanted $want each)"
	done
}

# refusals NAME LINE...: exactly these failure lines (and no other): the
# drivers' and EAL's complaints, testpmd's port failures.
bad='^((mlx5_[a-z]+|EAL): .*(fail|error|cannot|unable|not supported)|Fail |.*(Segmentation|Aborted))'
refusals() {
	local out=$1 e got
	shift
	for e in "$@"; do
		grep -qxF "$e" "$tmp/$out" || fail "$out: expected refusal gone (update the list): $e"
	done
	got=$(grep -ciE "$bad" "$tmp/$out")
	[ "$got" = $# ] || {
		grep -iE "$bad" "$tmp/$out"
		fail "$out: $got failure lines, expected the $# listed"
	}
}

# ---- legacy ----------------------------------------------------------------
run legacy 0 "--esw legacy" "" \
	"flow create 0 ingress pattern eth / ipv4 / udp / end actions queue index 0 / end" \
	"flow list 0"
grep -q "Probe PCI driver: mlx5_pci (15b3:1017) device: 0000:08:00.0" "$tmp/legacy" ||
	fail "legacy: DPDK's mlx5 PMD was not offered the device"
probed legacy 0 02:15:B3:00:00:00 0000:08:00.0
forwarded_ports legacy 0
grep -q "Flow rule #0 created" "$tmp/legacy" || fail "legacy: flow create ... actions queue refused"
grep -q "ETH IPV4 UDP => QUEUE" "$tmp/legacy" || fail "legacy: flow list does not show the rule"
grep -q "^Bye" "$tmp/legacy" || fail "legacy: testpmd did not quit cleanly"
# The netdev is a TAP: it has no mlx5 ethtool counters.
refusals legacy \
	"mlx5_net: port 0 unable to get statistic names with -95" \
	"mlx5_net: port 0 failed to get the stats strings"
echo "legacy: probed, io-forwarded >= $want packets each way, ingress queue rule created"

# ---- switchdev, uplink + two VF representors -------------------------------
# Default devargs, Rx CQE compression on: the adapter closes a compressed
# session at the CQ ring's end, as the reference driver's vector Rx expects.
run switchdev "0 1 2" "--vfs 2" ",representor=vf[0-1]" \
	"flow create 0 transfer pattern represented_port ethdev_port_id is 1 / end actions represented_port ethdev_port_id 2 / end" \
	"flow create 0 ingress pattern eth / ipv4 / udp / end actions queue index 0 / end" \
	"flow list 0"
probed switchdev 0 02:15:B3:00:00:00 0000:08:00.0 \
	1 02:15:B3:00:80:01 0000:08:00.0_representor_vf0 \
	2 02:15:B3:00:80:02 0000:08:00.0_representor_vf1
forwarded_ports switchdev 0 1 2
grep -q "REPRESENTED_PORT => REPRESENTED_PORT" "$tmp/switchdev" ||
	fail "switchdev: transfer rule VF0 -> VF1 not created"
grep -q "ETH IPV4 UDP => QUEUE" "$tmp/switchdev" || fail "switchdev: ingress queue rule not created"
grep -q "^Bye" "$tmp/switchdev" || fail "switchdev: testpmd did not quit cleanly"
# TAP netdevs: no ethtool counters, and the PF's TAP cannot set a VF's
# MAC (RTM_SETLINK IFLA_VF_MAC).
refusals switchdev \
	"mlx5_net: port 0 unable to get statistic names with -95" \
	"mlx5_net: port 0 failed to get the stats strings" \
	"mlx5_net: port 1 unable to get statistic names with -95" \
	"mlx5_net: port 1 failed to get the stats strings" \
	"mlx5_net: port 2 unable to get statistic names with -95" \
	"mlx5_net: port 2 failed to get the stats strings" \
	"mlx5_common: representor 0 cannot set VF MAC address 02:15:B3:00:80:01 : Operation not supported" \
	"mlx5_common: representor 1 cannot set VF MAC address 02:15:B3:00:80:02 : Operation not supported"
echo "switchdev: uplink and 2 representors probed, io-forwarded >= $want packets each, transfer and ingress rules created"

# ---- switchdev, traffic under a transfer rule VF0 -> VF1 -------------------
# Rule created before start. Frames representor 0 sends reach VF 0, whose
# end loops them back; the rule forwards them to VF 1, whose end loops
# them to representor 1. With io forwarding (ports 0 <-> 1, 2 <-> 2): port
# 1 never receives, so port 0 receives at most its own first burst of 32
# back from the wire, and port 2 carries everything else, for ever: it
# must reach $want packets each way, the counters moving all along.
pre="flow create 0 transfer pattern represented_port ethdev_port_id is 1 / end actions represented_port ethdev_port_id 2 / end"
run transfer 2 "--vfs 2" ",representor=vf[0-1]"
pre=""
grep -q "Flow rule #0 created" "$tmp/transfer" || fail "transfer: rule refused before start"
[ "$(stat_of transfer 1 RX)" = 0 ] ||
	fail "transfer: representor 0 (port 1) received $(stat_of transfer 1 RX) packets: VF 0's frames were not diverted to VF 1"
[ "$(stat_of transfer 0 RX)" -le 32 ] ||
	fail "transfer: port 0 received $(stat_of transfer 0 RX) packets, more than its own first burst of 32"
forwarded_ports transfer 2
echo "transfer: VF 0's frames diverted (port 1 received nothing, port 0 $(stat_of transfer 0 RX) of its 32); port 2 io-forwarded >= $want each way under the rule"
