#!/bin/bash
# Debian's dpdk-testpmd with DPDK's own mlx5 PMD (the reference driver,
# NOT mlx5x and not the mlx5x preload helper), unmodified, on the emulated
# ConnectX-5 through devtools/mlx5x-emu --rdma-core --host-netdevs: the
# wrapper runs it in a network and mount namespace of its own where each
# emulated netdev is a real TAP (name, MAC, phys_port_name, phys_switch_id)
# and answers NETLINK_RDMA for the emulated IB devices.
#
# Legacy mode: probe, io forwarding over the emulator's loop wire past
# MLX5X_REF_PACKETS packets (default 131072: twice round every 16-bit
# completion counter), an rte_flow rule with a queue action, clean quit.
# Switchdev with representor=vf[0-1]: the uplink and both representors
# probe with the model's MACs; starting them is still refused. The
# refusals are listed below, so that each one disappearing (or a new one
# appearing) fails here and gets noticed.
set -uo pipefail
fail() { echo "FAIL: $*"; exit 1; }
plugins=/usr/lib/x86_64-linux-gnu/dpdk/pmds-23.0
command -v dpdk-testpmd >/dev/null || { echo "dpdk-testpmd not installed (dpdk)"; exit 77; }
[ -e "$plugins/librte_net_mlx5.so" ] || { echo "DPDK's mlx5 PMD not installed (dpdk)"; exit 77; }
command -v ip >/dev/null || { echo "ip not installed (iproute2)"; exit 77; }

unshare -n -m true 2>/dev/null || { echo "cannot create network/mount namespaces (needs CAP_SYS_ADMIN)"; exit 77; }

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

# ---- legacy: probe, forward, flow -----------------------------------------
mkfifo "$tmp/in"
"$emu" --rdma-core --host-netdevs --esw legacy -- dpdk-testpmd --no-huge -m 512 --no-shconf \
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

# ---- switchdev with two VF representors --------------------------------
printf 'show port summary all\nstart\nstop\nquit\n' |
	timeout 120 "$emu" --rdma-core --host-netdevs --vfs 2 -- dpdk-testpmd \
	--no-huge -m 512 --no-shconf -l 0-1 -a '0000:08:00.0,representor=vf[0-1]' \
	-- -i --total-num-mbufs=4096 >"$tmp/sw" 2>&1
cat "$tmp/sw"
for p in "0 02:15:B3:00:00:00 0000:08:00.0 " \
	"1 02:15:B3:00:80:01 0000:08:00.0_representor_vf0 " \
	"2 02:15:B3:00:80:02 0000:08:00.0_representor_vf1 "; do
	grep -qE "^${p// / +}mlx5_pci" "$tmp/sw" ||
		fail "switchdev: port '$p' not probed by mlx5_pci with the model's MAC"
done
# Starting a port: the reference driver's per-SQ transfer rules forward
# to an IB port (mlx5dv_dr_action_create_dest_ib_port), which the
# emulator's Direct Rules do not offer yet.
expected=()
for p in 0 1 2; do
	expected+=("mlx5_net: Port $p Tx queue 0 SQ create representor devx default miss rule failed."
		"mlx5_net: port $p failed to set defaults flows"
		"Fail to start port $p: Cannot allocate memory")
done
for e in "${expected[@]}"; do
	grep -qF "$e" "$tmp/sw" || fail "switchdev: expected refusal gone (update this list): $e"
done
got=$(grep -ciE 'fail|error|cannot|unable' "$tmp/sw")
# Besides those: "unable to get statistic names" and "failed to get the
# stats strings" per port (a TAP has no mlx5 ethtool counters).
[ "$got" = $((${#expected[@]} + 6)) ] ||
	fail "switchdev: $got failure lines, expected the ${#expected[@]} listed and 6 statistics ones"
echo "switchdev: uplink and 2 representors probed; start refused as listed (DR dest_ib_port)"
