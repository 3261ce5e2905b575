#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Split one callgrind dump by ELF object, for the testpmd bench.

usage: mlx5x-callgrind-split.py DUMP DRIVER-REGEX CALLER-REGEX [FN-REGEX [OBJ-REGEX]]

Reads callgrind's own output format (not callgrind_annotate's, which needs
symbol names: Debian's PMD libraries are stripped, so their functions are
bare addresses) and prints:
  obj <Ir> <object>          self cost (Ir) of every object, largest first;
  call <count> <Ir> <function>
                             calls from an object matching CALLER-REGEX
                             (testpmd: its forwarding loop) into a function
                             of an object matching DRIVER-REGEX (the burst
                             functions), per called function, and their
                             inclusive cost (what the calls alone cost,
                             apart from anything else the window ran);
  incl <count> <Ir> <function>
                             with FN-REGEX: calls into a function whose
                             name matches it from one whose name does not
                             (the emulator's engine pass: whatever thread
                             runs it), and their inclusive cost;
  fn <Ir> <file>:<function>  with OBJ-REGEX: self cost of every function
                             of an object matching it (file: base name).
"""
import re
import sys


def main():
    if not 4 <= len(sys.argv) <= 6:
        sys.exit(__doc__.strip().splitlines()[2])
    path, drv_re, caller_re = sys.argv[1], re.compile(sys.argv[2]), \
        re.compile(sys.argv[3])
    fn_re = re.compile(sys.argv[4]) if len(sys.argv) > 4 else None
    obj_re = re.compile(sys.argv[5]) if len(sys.argv) > 5 else None
    names = {"ob": {}, "fl": {}, "fn": {}}

    def name(kind, text):
        # Name compression: "(id) name" defines id, "(id)" reuses it.
        m = re.match(r"\((\d+)\)\s*(.*)$", text)
        if not m:
            return text
        if m.group(2):
            names[kind][m.group(1)] = m.group(2)
        return names[kind].get(m.group(1), "?")

    self_cost = {}
    calls = {}
    incl = {}
    fcalls = {}
    fincl = {}
    fself = {}
    ob = "?"
    fl = "?"
    fn = "?"
    cob = None
    cfn = "?"
    pending = 0  # the next cost line is a call's inclusive cost
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            c = line[0] if line else ""
            if c.isdigit() or c in "+-*":
                if pending:
                    callee = cob if cob is not None else ob
                    if drv_re.search(callee) and caller_re.search(ob):
                        key = callee + ":" + cfn
                        calls[key] = calls.get(key, 0) + pending
                        parts = line.split()
                        if len(parts) >= 2:
                            incl[key] = incl.get(key, 0) + int(parts[1])
                    if fn_re and fn_re.search(cfn) and \
                            not fn_re.search(fn):
                        parts = line.split()
                        fcalls[cfn] = fcalls.get(cfn, 0) + pending
                        if len(parts) >= 2:
                            fincl[cfn] = fincl.get(cfn, 0) + int(parts[1])
                    pending = 0
                    cob = None
                    continue
                parts = line.split()
                if len(parts) >= 2:
                    self_cost[ob] = self_cost.get(ob, 0) + int(parts[1])
                    if obj_re and obj_re.search(ob):
                        key = fl.rsplit("/", 1)[-1] + ":" + fn
                        fself[key] = fself.get(key, 0) + int(parts[1])
            elif line.startswith("ob="):
                ob = name("ob", line[3:].strip())
            elif line.startswith("fn="):
                fn = name("fn", line[3:].strip())
            elif line.startswith("fl="):
                fl = name("fl", line[3:].strip())
            elif line.startswith(("fi=", "fe=", "cfi=", "cfl=")):
                name("fl", line.split("=", 1)[1].strip())
            elif line.startswith("cob="):
                cob = name("ob", line[4:].strip())
            elif line.startswith("cfn="):
                cfn = name("fn", line[4:].strip())
            elif line.startswith("calls="):
                pending = int(line[6:].split()[0])
    for o, ir in sorted(self_cost.items(), key=lambda x: -x[1]):
        print("obj", ir, o)
    for k, n in sorted(calls.items(), key=lambda x: -x[1]):
        print("call", n, incl.get(k, 0), k)
    for k, n in sorted(fcalls.items(), key=lambda x: -x[1]):
        print("incl", n, fincl.get(k, 0), k)
    for k, ir in sorted(fself.items(), key=lambda x: -x[1]):
        print("fn", ir, k)


if __name__ == "__main__":
    main()
