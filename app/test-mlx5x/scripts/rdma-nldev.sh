#!/bin/bash
# The NETLINK_RDMA (nldev) answerer devtools/mlx5x-emu --rdma-core
# preloads, read by an outside witness: iproute2's `rdma` tool (libmnl,
# the kernel's uapi) lists the emulated IB devices and maps each port to
# the netdev the emulator's sysfs tree names, with the model's firmware.
set -uo pipefail
command -v rdma >/dev/null || { echo "rdma not installed (iproute2)"; exit 77; }
emu=$MLX5X_SOURCE_ROOT/devtools/mlx5x-emu
export MLX5X_BUILD_DIR=$MLX5X_BUILD_ROOT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$emu" --rdma-core --vfs 2 -- bash -c '
	rdma dev show >"$0/dev" 2>&1 || exit 1
	rdma link show >"$0/link" 2>&1 || exit 2
	rdma link show mlx5_0/2 >"$0/one" 2>&1 || exit 3
	for d in "$MLX5X_EMU_SYSFS"/class/infiniband/*; do
		for p in "$d"/ports/*; do
			echo "link $(basename "$d")/$(basename "$p") state ACTIVE physical_state LINK_UP netdev $(cat "$p/gid_attrs/ndevs/0")"
		done
	done >"$0/want"' "$tmp" || fail "rdma failed (status $?): $(cat "$tmp"/dev "$tmp"/link 2>/dev/null)"
cat "$tmp/dev" "$tmp/link"
[ "$(cat "$tmp/dev")" = "1: mlx5_0: node_type ca fw 16.35.2000 
9: mlx5_8: node_type ca fw 16.35.2000 
10: mlx5_9: node_type ca fw 16.35.2000 " ] || fail "rdma dev: indexes, names, node type or firmware differ from the model"
diff <(sed 's/ *$//' "$tmp/link" | sort) <(sort "$tmp/want") ||
	fail "rdma link: ports or netdevs differ from the emulator's sysfs tree"
[ "$(sed 's/ *$//' "$tmp/one")" = "link mlx5_0/2 state ACTIVE physical_state LINK_UP netdev emu0pf0vf0" ] ||
	fail "rdma link show mlx5_0/2 (one port, no dump): $(cat "$tmp/one")"
# An unknown device is refused, as the kernel does.
"$emu" --rdma-core -- rdma link show mlx5_7/1 >"$tmp/bad" 2>&1 &&
	fail "rdma accepted an unknown device: $(cat "$tmp/bad")"
echo "rdma dev/link read the emulated devices through nldev"
