#!/bin/bash
# devtools/mlx5x-sdk-headers.sh must refuse SDK headers of another DPDK
# version than the installed one, and say which versions disagree. A fake
# pkg-config reporting another libdpdk version stands in for a half-upgraded
# machine; nothing is downloaded.
set -uo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/pkg-config" <<'FAKE'
#!/bin/sh
echo 23.11.1
FAKE
chmod +x "$tmp/pkg-config"
out=$(PATH="$tmp:$PATH" MLX5X_CACHE_DIR="$tmp/cache" \
	bash "$MLX5X_SOURCE_ROOT/devtools/mlx5x-sdk-headers.sh" 2>&1)
rc=$?
echo "$out"
[ $rc != 0 ] || { echo "a version mismatch was accepted"; exit 1; }
echo "$out" | grep -q "does not match pkg-config libdpdk 23.11.1" ||
	{ echo "the message does not name both versions"; exit 1; }
[ ! -e "$tmp/cache" ] || [ -z "$(ls -A "$tmp/cache")" ] ||
	{ echo "headers were cached despite the mismatch"; exit 1; }
# And with the real versions the cached headers are found without a download.
out=$(bash "$MLX5X_SOURCE_ROOT/devtools/mlx5x-sdk-headers.sh" 2>/dev/null) ||
	{ echo "the real SDK headers are not available"; exit 1; }
[ -s "$out/ethdev_driver.h" ] && [ -s "$out/bus_pci_driver.h" ] ||
	{ echo "SDK headers missing in $out"; exit 1; }
