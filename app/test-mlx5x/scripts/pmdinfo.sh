#!/bin/bash
# dpdk-pmdinfo.py (Debian's, unmodified) on the built PMD must show net_mlx5x,
# its kernel module dependencies, its devargs and every ConnectX ID of the
# driver's table (read back from the source so the two cannot drift).
set -euo pipefail
pmd="$MLX5X_BUILD_ROOT/drivers/net/mlx5x/librte_net_mlx5x.so"
command -v dpdk-pmdinfo.py >/dev/null || { echo "dpdk-pmdinfo.py not installed"; exit 77; }
dpdk-pmdinfo.py "$pmd" >/tmp/mlx5x-pmdinfo.$$.json
trap 'rm -f /tmp/mlx5x-pmdinfo.$$.json' EXIT
python3 - "$MLX5X_SOURCE_ROOT/drivers/common/mlx5x/mlx5x_pci_ids.h" /tmp/mlx5x-pmdinfo.$$.json <<'PY'
import json, re, sys
src = open(sys.argv[1]).read()
want = sorted(set(m.lower() for m in re.findall(r"X\(0x([0-9a-fA-F]{4}),", src)))
info = json.load(open(sys.argv[2]))
drv = [d for d in info if d.get("name") == "net_mlx5x"]
assert len(drv) == 1, "net_mlx5x not found in %r" % [d.get("name") for d in info]
drv = drv[0]
got = sorted(p["device"] for p in drv["pci_ids"] if p["vendor"] == "15b3")
assert got == want, "pci ids differ: pmdinfo %s, table %s" % (got, want)
assert len(want) == 17, want
assert "mlx5_core" in drv.get("kmod", ""), drv
for key in ("representor", "dv_flow_en", "txq_inline_max"):
    assert key in drv.get("params", ""), (key, drv)
print("net_mlx5x: %d ConnectX IDs, kmod %r" % (len(got), drv["kmod"]))
PY
