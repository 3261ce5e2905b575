#!/bin/bash
# About 20 s of the libFuzzer target over the flow parser
# (devtools/mlx5x-fuzz-flow): random rules through validate, create and
# destroy on the emulated ConnectX-5 must never crash, trip a sanitizer,
# refuse without a message or leave PRM objects behind, and some of them
# must get through to a created rule. Skips without clang/libFuzzer.
set -uo pipefail
log=$(mktemp)
trap 'rm -f "$log"' EXIT
MLX5X_BUILD_DIR="$MLX5X_BUILD_ROOT" "$MLX5X_SOURCE_ROOT/devtools/mlx5x-fuzz-flow" \
	--seconds 20 >"$log" 2>&1
rc=$?
if [ $rc = 77 ]; then
	cat "$log"
	exit 77
fi
if [ $rc != 0 ]; then
	grep -v -E '^#[0-9]+' "$log" | tail -60
	exit 1
fi
line=$(grep -E 'rules validated, [0-9]+ created and destroyed; port closed, census clean' "$log")
if [ -z "$line" ]; then
	tail -30 "$log"
	echo "the target did not report a clean close"
	exit 1
fi
echo "$line"
created=$(echo "$line" | sed -E 's/.* ([0-9]+) created.*/\1/')
[ "$created" -gt 0 ] || { echo "no random rule was ever created: the decoder misses the driver"; exit 1; }
