# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
#
# A PCI device directory as DPDK's PCI scan reads it, for runs where no
# emulated adapter stands behind the address (the "no ConnectX" case).
# DPDK honours SYSFS_PCI_DEVICES; it needs vendor/device IDs, class, the six
# BAR lines of "resource" and a "driver" link (without one it skips the
# device). mlx5_core is the kernel driver a real ConnectX is bound to.
#
# mlx5x_fake_pci_dev ROOT ADDR DEVICE_ID
mlx5x_fake_pci_dev() {
	local root=$1 addr=$2 devid=$3
	local dir="$root/devices/$addr"
	mkdir -p "$dir" "$root/drivers/mlx5_core"
	echo 0x15b3 >"$dir/vendor"
	echo "$devid" >"$dir/device"
	echo 0x15b3 >"$dir/subsystem_vendor"
	echo 0x0007 >"$dir/subsystem_device"
	echo 0x020000 >"$dir/class"
	echo 0 >"$dir/numa_node"
	echo 0 >"$dir/max_vfs"
	{
		echo "0x00000000e0000000 0x00000000e1ffffff 0x000000000014220c"
		for _ in 1 2 3 4 5; do
			echo "0x0000000000000000 0x0000000000000000 0x0000000000000000"
		done
	} >"$dir/resource"
	printf 'DRIVER=mlx5_core\nPCI_SLOT_NAME=%s\n' "$addr" >"$dir/uevent"
	ln -sfn "../../drivers/mlx5_core" "$dir/driver"
}
