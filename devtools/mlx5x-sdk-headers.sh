#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Fetch DPDK's driver SDK headers (ethdev_driver.h, bus_pci_driver.h, ...) that
# Debian's libdpdk-dev does not ship, from Debian's own "dpdk" source package of
# exactly the installed version, into a cache outside the source tree.
# Prints the include directory on stdout; everything else goes to stderr.
#
# Why: the PMD is built out of tree against the system DPDK, whose shared
# libraries export the internal symbols these headers declare. Headers of any
# other version could silently disagree with the installed ABI, so the version
# is checked and a mismatch stops the build.
set -euo pipefail

die() { echo "mlx5x-sdk-headers: error: $*" >&2; exit 1; }
say() { echo "mlx5x-sdk-headers: $*" >&2; }

HEADERS=(
	lib/ethdev/ethdev_driver.h
	lib/ethdev/ethdev_pci.h
	lib/ethdev/ethdev_vdev.h
	lib/eal/include/bus_driver.h
	lib/eal/include/dev_driver.h
	drivers/bus/pci/bus_pci_driver.h
	drivers/bus/vdev/bus_vdev_driver.h
	drivers/bus/auxiliary/bus_auxiliary_driver.h
)

deb_version=$(dpkg-query -W -f='${Version}' libdpdk-dev 2>/dev/null) ||
	die "libdpdk-dev is not installed; run devtools/mlx5x-setup.sh first"
[ -n "$deb_version" ] || die "libdpdk-dev is not installed"
pc_version=$(pkg-config --modversion libdpdk) ||
	die "pkg-config cannot find libdpdk"
# Debian version "22.11.11-0+deb12u1" -> upstream "22.11.11".
upstream=${deb_version#*:}
upstream=${upstream%%-*}
[ "$upstream" = "$pc_version" ] ||
	die "libdpdk-dev $deb_version does not match pkg-config libdpdk $pc_version"

cache_root=${MLX5X_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/mlx5x}
dest="$cache_root/dpdk-sdk-$deb_version"
stamp="$dest/VERSION"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$deb_version" ]; then
	ok=1
	[ -s "$dest/features-default.ini" ] || ok=0
	for h in "${HEADERS[@]}"; do
		[ -s "$dest/include/$(basename "$h")" ] || ok=0
	done
	if [ $ok = 1 ]; then
		echo "$dest/include"
		exit 0
	fi
fi

command -v apt-get >/dev/null || die "apt-get not found: cannot fetch the dpdk source package"
command -v dpkg-source >/dev/null || die "dpkg-source not found (package dpkg-dev)"

# apt-get source needs a deb-src entry. Add one for the mirrors already
# configured for binary packages, so the source comes from the same archive.
have_source() {
	# Read the whole listing first: grep -q closing the pipe early would
	# make apt-cache fail under pipefail.
	local versions
	versions=$(apt-cache showsrc dpdk 2>/dev/null | sed -n 's/^Version: //p')
	grep -qxF "$deb_version" <<<"$versions"
}
if ! have_source; then
	src_list=/etc/apt/sources.list.d/mlx5x-deb-src.sources
	if [ ! -f "$src_list" ]; then
		[ "$(id -u)" = 0 ] || die "no deb-src entry for dpdk $deb_version and not root to add one"
		say "adding deb-src entries for the configured Debian mirrors ($src_list)"
		tmp=$(mktemp)
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -f "$f" ] || continue
			awk 'BEGIN{RS=""; ORS="\n\n"} /Types:[^\n]*deb/ && /debian/ {sub(/Types:[^\n]*/, "Types: deb-src"); print}' "$f"
		done >"$tmp"
		if [ ! -s "$tmp" ] && [ -f /etc/apt/sources.list ]; then
			grep -E '^deb [^#]*debian' /etc/apt/sources.list | sed 's/^deb /deb-src /' \
				>/etc/apt/sources.list.d/mlx5x-deb-src.list || true
			rm -f "$tmp"
		else
			mv "$tmp" "$src_list"
			chmod 644 "$src_list"
		fi
	fi
	say "apt-get update (to read the source index)"
	apt-get update -qq >&2 || die "apt-get update failed"
	have_source ||
		die "Debian's archive offers no dpdk source package of version $deb_version (installed libdpdk-dev); upgrade libdpdk-dev or point apt at a mirror that has it"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say "downloading dpdk source package $deb_version"
(cd "$work" && apt-get source --download-only -qq "dpdk=$deb_version" >&2 2>/dev/null) ||
	die "apt-get source dpdk=$deb_version failed (network or mirror problem)"
orig=$(ls "$work"/dpdk_"$upstream".orig.tar.* 2>/dev/null | head -1)
[ -n "$orig" ] || die "the source package has no upstream tarball dpdk_$upstream.orig.tar.*"

# DPDK's list of feature names, for the check of our features table.
FEATURES_INI=doc/guides/nics/features/default.ini
patterns=("*/$FEATURES_INI")
for h in "${HEADERS[@]}"; do patterns+=("*/$h"); done
tar -xf "$orig" -C "$work" --wildcards "${patterns[@]}" ||
	die "could not extract the SDK headers from $(basename "$orig")"

rm -rf "$dest.tmp"
mkdir -p "$dest.tmp/include"
for h in "${HEADERS[@]}"; do
	src=$(ls "$work"/*/"$h" 2>/dev/null | head -1)
	[ -n "$src" ] || die "$h is missing from dpdk $deb_version's source"
	cp "$src" "$dest.tmp/include/"
done
src=$(ls "$work"/*/"$FEATURES_INI" 2>/dev/null | head -1)
[ -n "$src" ] || die "$FEATURES_INI is missing from dpdk $deb_version's source"
cp "$src" "$dest.tmp/features-default.ini"
echo "$deb_version" >"$dest.tmp/VERSION"
rm -rf "$dest"
mv "$dest.tmp" "$dest"
say "SDK headers of dpdk $deb_version cached in $dest/include"
echo "$dest/include"
