#!/bin/bash
# rdma-core's own tools, unmodified, on the emulated adapter through
# devtools/mlx5x-emu --rdma-core: ibv_devices lists every IB device of the
# model with its node GUID, and ibv_devinfo -v reads each one. Their answers
# are checked against the model (emu/core/mlx5x_emu_model.c: PCI device IDs,
# firmware versions; QUERY_HCA_CAP's log_max_qp 17, log_max_cq 16,
# log_max_cq_sz 22, device_frequency_khz 156250; mlx5_ib's 63-bit timestamp
# mask and RAW_IP_CSUM in the extended flags) and against the sysfs tree the emulator wrote (the
# PCI device ID, each port's netdev MAC behind GID 0).
set -uo pipefail
command -v ibv_devinfo >/dev/null || { echo "ibv_devinfo not installed (ibverbs-utils)"; exit 77; }
emu=$MLX5X_SOURCE_ROOT/devtools/mlx5x-emu
export MLX5X_BUILD_DIR=$MLX5X_BUILD_ROOT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# The expected GID 0 of a port: RoCE v1 link-local EUI-64 of its netdev MAC.
gid_of_mac() {
	local IFS=: m
	read -ra m <<<"$1"
	printf 'fe80:0000:0000:0000:%02x%s:%sff:fe%s:%s%s' \
		$((0x${m[0]} ^ 2)) "${m[1]}" "${m[2]}" "${m[3]}" "${m[4]}" "${m[5]}"
}

# One run: model, E-Switch mode, VFs, the PCI device ID and firmware the
# model declares, and how many ports the PF's IB device has.
check_model() {
	local model=$1 esw=$2 vfs=$3 devid=$4 fw=$5 pf_ports=$6
	local out=$tmp/$model-$esw
	# Inside the wrapper: the tools, plus what the emulator's sysfs says.
	"$emu" --rdma-core --model "$model" --esw "$esw" --vfs "$vfs" -- bash -c '
		ibv_devices >"$0/devices" 2>&1 || exit 1
		ibv_devinfo -v >"$0/devinfo" 2>&1 || exit 2
		for d in "$MLX5X_EMU_SYSFS"/class/infiniband/*; do
			n=$(basename "$d")
			echo "$n $(cat "$d/device/device")" >>"$0/pciid"
			for p in "$d"/ports/*; do
				nd=$(cat "$p/gid_attrs/ndevs/0")
				echo "$n $(basename "$p") $(cat "$MLX5X_EMU_SYSFS/class/net/$nd/address")" >>"$0/macs"
			done
		done' "$tmp" || fail "$model/$esw: a tool failed (status $?): $(cat "$tmp/devices" "$tmp/devinfo" 2>/dev/null | tail -5)"
	mv "$tmp/devices" "$out.devices"
	mv "$tmp/devinfo" "$out.devinfo"
	cat "$out.devices" "$out.devinfo"

	# ibv_devices: mlx5_0 the PF, mlx5_8.. its VF functions; node GUIDs
	# 0215b3fffe00<fn>00 | adapter.
	local want="mlx5_0 0215b3fffe000000" k
	for ((k = 0; k < vfs; k++)); do
		want+=$'\n'"mlx5_$((8 + k)) $(printf '0215b3fffe00%02x00' $((k + 1)))"
	done
	[ "$(awk 'NR > 2 {print $1, $2}' "$out.devices")" = "$want" ] ||
		fail "$model/$esw: ibv_devices listed something else than: $want"

	# ibv_devinfo -v, per device.
	[ "$(grep -c '^hca_id:' "$out.devinfo")" = $((1 + vfs)) ] || fail "$model/$esw: devices read"
	awk -v fw="$fw" '
		/^hca_id:/ { dev = $2 }
		/^\tfw_ver:/ && $2 != fw { print "fw_ver of " dev ": " $2; bad = 1 }
		/^\tmax_qp:/ && $2 != 131072 { print "max_qp of " dev ": " $2; bad = 1 }
		/^\tmax_cq:/ && $2 != 65536 { print "max_cq of " dev ": " $2; bad = 1 }
		/^\tmax_cqe:/ && $2 != 4194303 { print "max_cqe of " dev ": " $2; bad = 1 }
		/^\ttransport:/ && $2 != "InfiniBand" { print "transport of " dev; bad = 1 }
		/^\t\t\tstate:/ && $2 != "PORT_ACTIVE" { print "port state of " dev ": " $2; bad = 1 }
		/^\t\t\tlink_layer:/ && $2 != "Ethernet" { print "link layer of " dev ": " $2; bad = 1 }
		/^\thca_core_clock:/ && $2 != "156250kHZ" { print "clock of " dev ": " $2; bad = 1 }
		/^\tcompletion timestamp_mask:/ && $3 != "0x7fffffffffffffff" { print "timestamp mask of " dev ": " $3; bad = 1 }
		END { exit bad }' "$out.devinfo" || fail "$model/$esw: ibv_devinfo disagrees with the model"
	# The extended flags carry the classic ones: RAW_IP_CSUM (bit 26).
	local f
	for f in $(awk '/^\tdevice_cap_flags_ex:/ {print $2}' "$out.devinfo"); do
		(((f >> 26) & 1)) || fail "$model/$esw: device_cap_flags_ex $f lacks RAW_IP_CSUM"
	done
	[ "$(grep -c $'^\tdevice_cap_flags_ex:' "$out.devinfo")" = $((1 + vfs)) ] ||
		fail "$model/$esw: device_cap_flags_ex not reported for every device"
	[ "$(grep -c $'^\t\t\tlink_layer:\t\tEthernet' "$out.devinfo")" = $((pf_ports + vfs)) ] ||
		fail "$model/$esw: expected $((pf_ports + vfs)) Ethernet ports"
	# vendor_part_id is the PCI device ID sysfs shows for the same device.
	local dev id part
	while read -r dev id; do
		part=$(awk -v d="$dev" '/^hca_id:/ {cur = $2} cur == d && /vendor_part_id:/ {print $2}' "$out.devinfo")
		[ "$part" = $((id)) ] || fail "$model/$esw: $dev vendor_part_id $part, sysfs device $id"
	done <"$tmp/pciid"
	[ "$(awk '$1 == "mlx5_0" {print $2}' "$tmp/pciid")" = "$devid" ] ||
		fail "$model/$esw: PF PCI device ID is not the model's $devid"
	# GID 0 of each port: the port's netdev MAC, RoCE v1.
	local port mac gid
	while read -r dev port mac; do
		gid=$(awk -v d="$dev" -v p="$port" '
			/^hca_id:/ {cur = $2} /^\t\tport:/ {pp = $2}
			cur == d && pp == p && /GID\[  0\]:/ {print $3}' "$out.devinfo")
		[ "$gid" = "$(gid_of_mac "$mac"), RoCE" ] ||
			[ "$gid" = "$(gid_of_mac "$mac")," ] ||
			fail "$model/$esw: $dev port $port GID 0 '$gid', netdev MAC $mac"
	done <"$tmp/macs"
	rm -f "$tmp/pciid" "$tmp/macs"
	echo "$model/$esw with $vfs VFs: ibv_devices and ibv_devinfo -v agree with the model"
}

check_model cx5 switchdev 2 0x1017 16.35.2000 3
check_model cx4lx legacy 0 0x1015 14.32.1010 1
