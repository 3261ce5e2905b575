# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
#
# DPDK refuses a -d plugin when the file or any directory above it is
# world-writable ("directory path /tmp is world-writable and insecure"), which
# a checkout under /tmp is. mlx5x_pmd_stage copies the PMD and its common
# library into a private directory (mode 700, under the user's cache) and
# prints the PMD's path there; the PMD finds librte_common_mlx5x.so beside
# itself through its $ORIGIN rpath. mlx5x_pmd_unstage removes the copy.
#
# pmd=$(mlx5x_pmd_stage BUILD_ROOT)
mlx5x_pmd_stage() {
	local build=$1
	local base=${MLX5X_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/mlx5x}
	mkdir -p "$base" && chmod 700 "$base" || return 1
	local dir
	dir=$(mktemp -d "$base/pmd.XXXXXX") || return 1
	cp "$build/drivers/net/mlx5x/librte_net_mlx5x.so" \
		"$build/drivers/common/mlx5x/librte_common_mlx5x.so" "$dir/" || return 1
	echo "$dir/librte_net_mlx5x.so"
}

mlx5x_pmd_unstage() {
	local pmd=$1
	case $pmd in */pmd.*/librte_net_mlx5x.so) rm -rf "$(dirname "$pmd")" ;; esac
}
