#!/bin/bash
# Debian's dpdk-testpmd with DPDK's own mlx5 PMD (the reference driver,
# NOT mlx5x and not the mlx5x preload helper), unmodified, on the emulated
# ConnectX-5 through devtools/mlx5x-emu --rdma-core, in a network namespace
# this test creates (the PF's kernel netdev is a TAP there, with the
# model's name and MAC: the reference driver maps IB port 1 to it).
#
# Legacy mode: probe, io forwarding over the emulator's loop wire past
# MLX5X_REF_PACKETS packets (default 131072: twice round every 16-bit
# completion counter), an rte_flow rule with a queue action, clean quit.
# Switchdev mode with representor=vf[0-1] does not probe yet: the refusals
# the reference driver prints are listed below, so that each one
# disappearing (or a new one appearing) fails here and gets noticed.
set -uo pipefail
fail() { echo "FAIL: $*"; exit 1; }
plugins=/usr/lib/x86_64-linux-gnu/dpdk/pmds-23.0
command -v dpdk-testpmd >/dev/null || { echo "dpdk-testpmd not installed (dpdk)"; exit 77; }
[ -e "$plugins/librte_net_mlx5.so" ] || { echo "DPDK's mlx5 PMD not installed (dpdk)"; exit 77; }
command -v ip >/dev/null || { echo "ip not installed (iproute2)"; exit 77; }

if [ "${1:-}" != --in-netns ]; then
	unshare -n true 2>/dev/null || { echo "cannot create a network namespace (needs CAP_SYS_ADMIN)"; exit 77; }
	exec unshare -n bash "$0" --in-netns
fi

emu=$MLX5X_SOURCE_ROOT/devtools/mlx5x-emu
export MLX5X_BUILD_DIR=$MLX5X_BUILD_ROOT
want=${MLX5X_REF_PACKETS:-131072}
tmp=$(mktemp -d)
pid=""
cleanup() {
	[ -z "$pid" ] || kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# The host side: the netdevs the emulator's sysfs tree names, as TAPs.
netdev() {
	ip tuntap add dev "$1" mode tap || return 1
	[ -z "${2:-}" ] || ip link set "$1" address "$2" || return 1
	ip link set "$1" up
}
ip link set lo up
netdev emu0 02:15:b3:00:00:00 || fail "cannot create the PF's netdev TAP"

# ---- legacy: probe, forward, flow -----------------------------------------
mkfifo "$tmp/in"
"$emu" --rdma-core --esw legacy -- dpdk-testpmd --no-huge -m 512 --no-shconf \
	-l 0-1 -a 0000:08:00.0 -- -i --total-num-mbufs=4096 --forward-mode=io \
	<"$tmp/in" >"$tmp/out" 2>&1 &
pid=$!
exec 3>"$tmp/in"
send() { echo "$*" >&3; }
send "show port info 0"
send "start tx_first"
# Poll the counters until enough packets went round (bounded: a stall
# fails with the counters it reached).
rx=0 tx=0
for ((i = 0; i < 240; i++)); do
	send "show port stats 0"
	sleep 0.5
	rx=$(awk '/RX-packets:/ {v = $2} END {print v + 0}' "$tmp/out")
	tx=$(awk '/TX-packets:/ {v = $2} END {print v + 0}' "$tmp/out")
	[ "$rx" -ge "$want" ] && [ "$tx" -ge "$want" ] && break
	kill -0 "$pid" 2>/dev/null || break
done
send "stop"
send "flow create 0 ingress pattern eth / ipv4 / udp / end actions queue index 0 / end"
send "flow list 0"
send "flow flush 0"
send "quit"
exec 3>&-
wait "$pid"
rc=$?
pid=""
cat "$tmp/out"
grep -q "Probe PCI driver: mlx5_pci (15b3:1017) device: 0000:08:00.0" "$tmp/out" ||
	fail "DPDK's mlx5 PMD was not offered the device"
grep -q "^Driver name: mlx5_pci" "$tmp/out" || fail "no port probed by mlx5_pci"
grep -qi "MAC address: 02:15:B3:00:00:00" "$tmp/out" || fail "port 0 does not have the model's MAC"
[ "$rx" -ge "$want" ] && [ "$tx" -ge "$want" ] ||
	fail "io forwarding stalled at RX $rx TX $tx packets (wanted $want each)"
grep -q "Flow rule #0 created" "$tmp/out" || fail "flow create ... actions queue refused"
grep -q "ETH IPV4 UDP => QUEUE" "$tmp/out" || fail "flow list does not show the rule"
grep -q "Bye" "$tmp/out" || fail "testpmd did not quit cleanly (status $rc)"
echo "legacy: probed, io-forwarded RX $rx TX $tx packets, rte_flow queue rule created"

# ---- switchdev with two VF representors: the refusals, explicitly ---------
for n in emu0p0 emu0pf0vf0 emu0pf0vf1; do netdev "$n" || fail "TAP $n"; done
echo "show port summary all
quit" | timeout 120 "$emu" --rdma-core --vfs 2 -- dpdk-testpmd --no-huge -m 512 \
	--no-shconf -l 0-1 -a '0000:08:00.0,representor=vf[0-1]' -- -i \
	--total-num-mbufs=4096 >"$tmp/sw" 2>&1
cat "$tmp/sw"
# The reference driver maps IB ports to netdevs through NETLINK_RDMA
# (nldev), which this kernel does not have and nothing answers yet.
expected=(
	'mlx5_net: Cannot get IB device "mlx5_0" ports number.'
	'mlx5_net: Unable to recognize master/representors on the multiple IB devices.'
)
for e in "${expected[@]}"; do
	grep -qF "$e" "$tmp/sw" || fail "switchdev: expected refusal gone (update this list): $e"
done
got=$(grep -cE '^mlx5_(net|common): ' "$tmp/sw")
[ "$got" = $((${#expected[@]} + 1)) ] ||
	fail "switchdev: $got mlx5 messages, expected the ${#expected[@]} refusals and 'Failed to load driver mlx5_eth'"
echo "switchdev: still refused at the IB port -> netdev mapping (nldev), as listed"
