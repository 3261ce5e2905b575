#!/bin/bash
# A devargs mistake on the testpmd command line is refused at probe with the
# key, the value and what is allowed; testpmd itself carries on to quit.
set -uo pipefail
. "$MLX5X_SOURCE_ROOT/devtools/lib/mlx5x-fake-pci.sh"
. "$MLX5X_SOURCE_ROOT/devtools/lib/mlx5x-pmd-stage.sh"
command -v dpdk-testpmd >/dev/null || { echo "dpdk-testpmd not installed"; exit 77; }
tmp=$(mktemp -d)
pmd=$(mlx5x_pmd_stage "$MLX5X_BUILD_ROOT") || exit 1
trap 'rm -rf "$tmp"; mlx5x_pmd_unstage "$pmd"' EXIT
mlx5x_fake_pci_dev "$tmp/pci" 0000:08:00.0 0x1017
check() {
	local devargs=$1 expect=$2
	echo quit | SYSFS_PCI_DEVICES="$tmp/pci/devices" \
		LD_PRELOAD="$MLX5X_BUILD_ROOT/devtools/preload/libmlx5x_prefer.so" \
		timeout 60 dpdk-testpmd -d "$pmd" \
		--no-huge -m 256 --no-shconf -l 0-1 -a "0000:08:00.0,$devargs" \
		-- -i --total-num-mbufs=2048 >"$tmp/out" 2>&1
	rc=$?
	cat "$tmp/out"
	[ $rc = 0 ] || { echo "testpmd exited with $rc for $devargs"; exit 1; }
	grep -qF "$expect" "$tmp/out" || { echo "no \"$expect\" for $devargs"; exit 1; }
}
check "dv_flow_en=5" "mlx5x: 0000:08:00.0: devarg dv_flow_en=5: 5 is out of range 0..1; allowed: 0 (Verbs flow engine) or 1 (DV/DR flow engine)"
check "representor=[0-3,dv_flow_en=1" "mlx5x: 0000:08:00.0: devarg"
check "bogus=1" "devarg \"bogus\" is unknown to mlx5x"
