#!/bin/bash
# Debian's dpdk-testpmd, unmodified, loads the PMD with -d and is pointed at a
# ConnectX-5 PCI address behind which no RDMA device exists: testpmd must exit
# normally, and the driver's log must say which device and why.
set -uo pipefail
. "$MLX5X_SOURCE_ROOT/devtools/lib/mlx5x-fake-pci.sh"
. "$MLX5X_SOURCE_ROOT/devtools/lib/mlx5x-pmd-stage.sh"
command -v dpdk-testpmd >/dev/null || { echo "dpdk-testpmd not installed"; exit 77; }
tmp=$(mktemp -d)
pmd=$(mlx5x_pmd_stage "$MLX5X_BUILD_ROOT") || exit 1
trap 'rm -rf "$tmp"; mlx5x_pmd_unstage "$pmd"' EXIT
mlx5x_fake_pci_dev "$tmp/pci" 0000:08:00.0 0x1017
echo quit | SYSFS_PCI_DEVICES="$tmp/pci/devices" MLX5X_GLUE_LIB= \
	LD_PRELOAD="$MLX5X_BUILD_ROOT/devtools/preload/libmlx5x_prefer.so" \
	timeout 60 dpdk-testpmd -d "$pmd" \
	--no-huge -m 256 --no-shconf -l 0-1 -a 0000:08:00.0 --log-level=pmd.net.mlx5x:info \
	-- -i --total-num-mbufs=2048 >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
[ $rc = 0 ] || { echo "testpmd exited with $rc"; exit 1; }
grep -q "Probe PCI driver: mlx5x_pci (15b3:1017) device: 0000:08:00.0" "$tmp/out" ||
	{ echo "mlx5x_pci was not the driver EAL offered the device to"; exit 1; }
grep -q "mlx5x: 0000:08:00.0 (ConnectX-5): no ConnectX found" "$tmp/out" ||
	{ echo "the driver did not explain the missing adapter"; exit 1; }
grep -q "Bye" "$tmp/out" || { echo "testpmd did not reach a clean quit"; exit 1; }
# Exactly one explanation: no other driver took the device after mlx5x.
n=$(grep -c "no ConnectX found" "$tmp/out")
[ "$n" = 1 ] || { echo "expected one explanation line, got $n"; exit 1; }

# rdma-core absent (the glue cannot load it): one line naming the library,
# and testpmd still carries on to a clean quit.
echo quit | SYSFS_PCI_DEVICES="$tmp/pci/devices" MLX5X_GLUE_LIB=/nonexistent/libibverbs.so.1 \
	LD_PRELOAD="$MLX5X_BUILD_ROOT/devtools/preload/libmlx5x_prefer.so" \
	timeout 60 dpdk-testpmd -d "$pmd" \
	--no-huge -m 256 --no-shconf -l 0-1 -a 0000:08:00.0 \
	-- -i --total-num-mbufs=2048 >"$tmp/out2" 2>&1
rc=$?
cat "$tmp/out2"
[ $rc = 0 ] || { echo "testpmd exited with $rc without rdma-core"; exit 1; }
grep -q "mlx5x: 0000:08:00.0 (ConnectX-5): cannot load /nonexistent/libibverbs.so.1" "$tmp/out2" ||
	{ echo "the driver did not name the missing rdma-core library"; exit 1; }
grep -q "Bye" "$tmp/out2" || { echo "testpmd did not reach a clean quit"; exit 1; }
