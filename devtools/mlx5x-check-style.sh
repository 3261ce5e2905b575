#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Style checks, each one a counted check:
#  - clang-format (config in .clang-format) reports no change on any C file;
#  - cppcheck finds no warning/style/portability/performance issue;
#  - no file outside generated output includes emulator code from drivers/;
#  - no DPDK SDK header is committed;
#  - every emulator header compiles on its own;
#  - every syndrome an emulator handler answers has a named row
#    (emu/cmd/mlx5x_emu_syndrome.c), and every row a handler.
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
		-Iemu -Iemu/core -Iemu/cmd -Iemu/queue -Iemu/steer -Iemu/pkt \
		-Iemu/ends -Iemu/rdma-core \
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

emu_headers_alone() {
	# Each emulator header includes what it uses: a source may include
	# any one of them first.
	local h bad=0
	for h in $(git ls-files 'emu/*.h'); do
		printf '#include "%s"\n' "$(basename "$h")" |
			cc -D_GNU_SOURCE -Wall -Wextra -Werror -fsyntax-only \
				-Iemu -Iemu/core -Iemu/cmd -Iemu/queue -Iemu/steer \
				-Iemu/pkt -Iemu/ends -Iemu/rdma-core \
				-Idrivers/common/mlx5x -x c - ||
			{ echo "$h does not compile on its own"; bad=1; }
	done
	return $bad
}

emu_syndromes_named() {
	# Handlers write their syndrome literals; the table names them for
	# the command trace. Both must list the same numbers, once each.
	python3 - <<'PY'
import glob, re, sys
table = "emu/cmd/mlx5x_emu_syndrome.c"
rows, names, bad = {}, set(), []
for m in re.finditer(r'\{\s*(0x[0-9a-f]+),\s*"(\w+)"', open(table).read()):
    v, name = int(m.group(1), 16), m.group(2)
    if v in rows or name in names:
        bad.append("%s: 0x%x %s: a second row" % (table, v, name))
    rows[v] = name
    names.add(name)
used = {}
for f in sorted(glob.glob("emu/*/*.c")):
    if f == table:
        continue
    for m in re.finditer(r'(?:\*syndrome\s*=\s*|return\s+)(0x[0-9a-f]{5,6})\b',
                         open(f).read()):
        used.setdefault(int(m.group(1), 16), f)
bad += ["%s: syndrome 0x%x has no row in %s" % (f, v, table)
        for v, f in sorted(used.items()) if v not in rows]
bad += ["%s: 0x%x %s: no handler answers it" % (table, v, n)
        for v, n in sorted(rows.items()) if v not in used]
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}

features_ini() {
	# Every feature is one DPDK knows (its default.ini, cached with the SDK
	# headers), and every Y names, in the comment above it, test cases that
	# exist in test-mlx5x.
	local sdk list
	sdk=$(devtools/mlx5x-sdk-headers.sh 2>/dev/null) || { echo "no SDK cache"; return 1; }
	[ -x build/app/test-mlx5x/test-mlx5x ] || { echo "build/ not built"; return 1; }
	list=$(build/app/test-mlx5x/test-mlx5x -l) || return 1
	python3 - "$(dirname "$sdk")/features-default.ini" doc/guides/nics/features/mlx5x.ini "$list" <<'PY'
import configparser, re, sys
known = configparser.ConfigParser(); known.optionxform = str
known.read(sys.argv[1])
# Keys are checked against the names of their own section.
names = {s: set(known[s]) for s in known.sections()}
section = "Features"
cases = set(l.split(" ")[0] for l in sys.argv[3].splitlines())
suites = set(c.split("/")[0] for c in cases)
bad = []
tests = []
after_key = False
for line in open(sys.argv[2]):
    line = line.strip()
    if line.startswith(";"):
        # A comment names the tests of the keys that follow it, up to the
        # next comment.
        if after_key:
            tests, after_key = [], False
        tests += re.findall(r"([a-z0-9_]+(?:/[a-z0-9_]+)?)", line[1:])
        continue
    sm = re.match(r"^\[(.+)\]$", line)
    if sm:
        section = sm.group(1)
        if section not in names:
            bad.append("[%s]: not a DPDK feature section" % section)
            names[section] = set()
    m = re.match(r"^([^=\[]+?)\s*=\s*(\S*)$", line)
    if not m:
        tests, after_key = [], False
        continue
    after_key = True
    key, val = m.group(1), m.group(2)
    if key not in names[section]:
        bad.append("%s: not a DPDK feature name" % key)
    if val != "Y" or key in ("Linux", "x86-64"):
        continue
    named = [t for t in tests if "/" in t or t in suites]
    if not named:
        bad.append("%s = Y: no test named above it" % key)
    for t in named:
        if "/" in t and t not in cases:
            bad.append("%s = Y: test %s does not exist" % (key, t))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}

check clang-format clang_format_clean
check cppcheck cppcheck_clean
check layering layering
check no-sdk-headers no_sdk_headers
check emu-headers-alone emu_headers_alone
check emu-syndromes-named emu_syndromes_named
check features-ini features_ini
echo "${passed} passed, ${failed} failed"
[ "$failed" = 0 ]
