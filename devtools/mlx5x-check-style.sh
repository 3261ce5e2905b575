#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Style checks, each one a counted check:
#  - clang-format (config in .clang-format) reports no change on any C file;
#  - cppcheck finds no warning/style/portability/performance issue;
#  - no file outside generated output includes emulator code from drivers/;
#  - no DPDK SDK header is committed.
# Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0 failed=0
check() {
	local name=$1
	shift
	local out
	if out=$("$@" 2>&1); then
		passed=$((passed + 1))
		echo "  PASS style/$name"
	else
		failed=$((failed + 1))
		echo "  FAIL style/$name"
		echo "$out" | head -40 | sed 's/^/    | /'
	fi
}

mapfile -t cfiles < <(git ls-files '*.c' '*.h')

clang_format_clean() {
	command -v clang-format >/dev/null || { echo "clang-format not installed"; return 1; }
	clang-format --dry-run --Werror "${cfiles[@]}"
}

cppcheck_clean() {
	command -v cppcheck >/dev/null || { echo "cppcheck not installed"; return 1; }
	cppcheck --quiet --error-exitcode=1 --inline-suppr \
		--enable=warning,style,performance,portability \
		--std=c11 --suppress=missingIncludeSystem \
		--suppress=unusedFunction --suppress=constParameter \
		--suppress=constParameterPointer --suppress=constVariablePointer \
		--suppress=constParameterCallback --suppress=knownConditionTrueFalse \
		--suppress=variableScope --suppress=unusedStructMember \
		-D__linux__ -DRTE_STR\(x\)=#x \
		-Idrivers/common/mlx5x -Idrivers/common/mlx5x/linux \
		-Idrivers/net/mlx5x -Iapp/test-mlx5x \
		"${cfiles[@]}"
}

layering() {
	# drivers/ never includes the emulator; the emulator never includes
	# driver code other than the shared PRM header.
	! grep -rnE '#include "(emu|mlx5x_emu)' drivers/ &&
		! grep -rnE '#include "mlx5x_(glue|dev|devx|mr|devargs|common)\.h"' emu/ 2>/dev/null
}

no_sdk_headers() {
	! git ls-files | grep -E '(^|/)(ethdev_driver|ethdev_pci|ethdev_vdev|bus_pci_driver|bus_driver|dev_driver|bus_vdev_driver|bus_auxiliary_driver)\.h$'
}

check clang-format clang_format_clean
check cppcheck cppcheck_clean
check layering layering
check no-sdk-headers no_sdk_headers
echo "${passed} passed, ${failed} failed"
[ "$failed" = 0 ]
