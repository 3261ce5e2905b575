#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Debian's Open vSwitch with DPDK, unmodified, hw-offload=true, on an
# emulated ConnectX-5 with two VFs (devtools/mlx5x-ovs, one OVS start): the
# OpenFlow rules below become datapath flows that OVS offloads as transfer
# rules; ovs-offload.py sends frames from the VF and wire TAP ends, and
# checks with OVS's own tools and scapy that each flow is offloaded:yes,
# counted by the adapter, no longer seen by the PMD threads, and that the
# frames leave byte-exact.
#   vf0 <-> vf1 (udp 1001 / 1002)
#   vf0 -> wire with MAC, IPv4 and UDP port rewrite (udp 2000)
#   vf0 -> wire pushing VLAN 100 (udp 3000); wire VLAN 100 -> vf1, popped
#   vf0 -> wire through VXLAN port vx0, VNI 42 (udp 4000 and 4002: two
#   inner flows, two outer UDP source ports from the adapter's entropy)
#   vf0 -> vf1 for ICMP echo requests (icmp_type=8: the ICMP flex parser)
set -uo pipefail
vswitchd=/usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk
[ -x "$vswitchd" ] || { echo "$vswitchd absent (Debian package openvswitch-switch-dpdk)"; exit 77; }
/usr/bin/python3 -c 'import scapy.all' 2>/dev/null ||
	{ echo "Debian's python3-scapy is not installed"; exit 77; }
[ -f "$MLX5X_BUILD_ROOT/emu/libmlx5x_emu.so" ] || { echo "emulator not built"; exit 77; }
flows="in_port=2,udp,tp_dst=1001,actions=output:3"
flows+=";in_port=3,udp,tp_dst=1002,actions=output:2"
flows+=";in_port=2,udp,tp_dst=2000,actions=mod_dl_src:02:00:00:00:aa:01,mod_dl_dst:02:00:00:00:bb:01,mod_nw_src:192.168.7.1,mod_nw_dst:192.168.7.2,mod_tp_dst:2001,output:1"
flows+=";in_port=2,udp,tp_dst=3000,actions=mod_vlan_vid:100,output:1"
flows+=";in_port=1,dl_vlan=100,actions=strip_vlan,output:3"
flows+=";in_port=2,udp,tp_dst=4000,actions=output:4"
flows+=";in_port=2,udp,tp_dst=4002,actions=output:4"
flows+=";in_port=2,icmp,icmp_type=8,actions=output:3"
flows+=";in_port=LOCAL,actions=output:1"
flows+=";priority=0,actions=drop"
check="/usr/bin/python3 $MLX5X_SOURCE_ROOT/app/test-mlx5x/scripts/ovs-offload.py"
MLX5X_BUILD_DIR="$MLX5X_BUILD_ROOT" timeout 400 \
	"$MLX5X_SOURCE_ROOT/devtools/mlx5x-ovs" --ends tap --vxlan --flows "$flows" \
	--then "$check vf-vf rewrite vlan vxlan icmp"
