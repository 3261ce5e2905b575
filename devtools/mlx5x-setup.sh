#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Everything a fresh Debian 12 machine needs to build and test mlx5x:
# Debian packages (only those missing, so a second run asks apt nothing),
# DPDK's driver SDK headers for the installed DPDK, and the build
# directories (normal, ASan+UBSan, ThreadSanitizer). Idempotent.
#
# usage: devtools/mlx5x-setup.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."

# dpdk*: DPDK 22.11 libraries, testpmd, flow-perf, pmdinfo; libibverbs-dev:
# rdma-core 44 headers; ibverbs-providers: libmlx5 for real hardware;
# libmnl-dev: netlink; python3-pyelftools: pmdinfo; dpkg-dev: apt-get source;
# pci.ids: names the PCI ID test checks; clang-format, cppcheck: style checks;
# iproute2: namespaces and TAP for wire-side tests; valgrind: benchmarks;
# ibverbs-utils: rdma-core's ibv_devinfo/ibv_devices, clients of the emulator.
# openvswitch-switch-dpdk: Debian's OVS with DPDK, the hw-offload client
# (devtools/mlx5x-ovs starts it privately; its system units stay masked);
# python3-scapy: builds and decodes the frames the OVS test checks.
# clang: builds the libFuzzer target (devtools/mlx5x-fuzz-flow).
# gnuplot-nox: devtools/mlx5x-bench's plot of flow insertion rate by rules.
# libtsan2: gcc 12's ThreadSanitizer runtime for build-tsan (gcc pulls it in
# through libgcc-12-dev today; named so that stays true).
PACKAGES="dpdk dpdk-dev libdpdk-dev libibverbs-dev ibverbs-providers rdma-core
libmnl-dev python3-pyelftools meson ninja-build pkg-config gcc dpkg-dev
pci.ids clang-format cppcheck iproute2 valgrind ibverbs-utils
openvswitch-switch-dpdk python3-scapy clang gnuplot-nox libtsan2"

say() { echo "mlx5x-setup: $*" >&2; }

missing=()
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$status" = installed ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" = 0 ] || { say "need root to install: ${missing[*]}"; exit 1; }
	say "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	# Installing Open vSwitch must not start the host's OVS: mask its
	# units first (no-op without systemd).
	case " ${missing[*]} " in *" openvswitch-switch-dpdk "*)
		systemctl mask openvswitch-switch.service ovs-vswitchd.service \
			ovsdb-server.service >/dev/null 2>&1 || true ;;
	esac
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

ver=$(pkg-config --modversion libdpdk)
case $ver in 22.11*) ;; *) say "DPDK 22.11 required, found $ver"; exit 1 ;; esac

sdk=$(devtools/mlx5x-sdk-headers.sh)

[ "${1:-}" = --no-build ] && exit 0

if [ ! -f build/build.ninja ]; then
	meson setup build -Ddpdk_sdk_dir="$sdk" >/dev/null
fi
ninja -C build >/dev/null
if [ ! -f build-san/build.ninja ]; then
	meson setup build-san -Ddpdk_sdk_dir="$sdk" -Db_sanitize=address,undefined \
		-Db_lundef=false -Dbuildtype=debug >/dev/null
fi
ninja -C build-san >/dev/null
# ThreadSanitizer: only the test runner and what it loads (the emulator,
# the PMD); the threaded suites run there (devtools/mlx5x-test). Optimised:
# TSan costs 5-15 times the run time, -O0 on top of it would double that.
if [ ! -f build-tsan/build.ninja ]; then
	meson setup build-tsan -Ddpdk_sdk_dir="$sdk" -Db_sanitize=thread \
		-Db_lundef=false -Dbuildtype=debugoptimized >/dev/null
fi
ninja -C build-tsan app/test-mlx5x/test-mlx5x >/dev/null
say "built build/, build-san/ and build-tsan/ against DPDK $ver"
