#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Open vSwitch hw-offload, checked from outside the driver.

Runs inside devtools/mlx5x-ovs --ends tap --then: OVS is up with the
uplink p0 (1), the representors vf0 (2) and vf1 (3) (and vx0 (4) with
--vxlan); the VF ends are the TAPs emu0vf0/emu0vf1 and the wire is TAP
wire0. For each case one frame is sent (OVS sees it through the in-port's
representor and installs a datapath flow), then N more once the flow is
offloaded. Asserted: `dpctl/dump-flows -m` lists the flow offloaded:yes
with dp:dpdk and packets:N (the adapter's flow counter, read through
rte_flow_query), the in-port representor's Rx counter and the PMD
threads' `packets received` did not move for the N frames, and every
frame that left equals, byte for byte, the frame scapy builds from the
OpenFlow actions (checksums computed by scapy, not by our code).

usage: ovs-offload.py CASE...   (CASE: vf-vf, rewrite, vlan, vxlan, icmp)
"""
import os
import re
import subprocess
import sys
import threading
import time

from scapy.all import (  # pylint: disable=no-name-in-module
    ICMP, IP, UDP, VXLAN, AsyncSniffer, Dot1Q, Ether, Raw, conf, sendp)

conf.verb = 0
# A promiscuous capture socket changes the interface's promiscuity, and the
# kernel announces that as a link change; OVS answers every link change by
# flushing and re-reading its route table, and a frame pushed into the VXLAN
# tunnel in that window finds no route and is dropped in software. The TAP
# ends hand every frame to packet sockets anyway, so capture without it.
conf.sniff_promisc = False
CTL = os.environ["MLX5X_OVS_CTL"]
DB = os.environ["MLX5X_OVS_DB"]
N = 8
VF0_MAC, VF1_MAC = "02:00:00:00:00:10", "02:00:00:00:00:11"
failures = []


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True,
                          check=True).stdout


def appctl(*args):
    return run("ovs-appctl", "-t", CTL, *args)


OFPORT = {"p0": 1, "vf0": 2, "vf1": 3}


def rx_packets(port):
    """The port's Rx packets as the PMD counts them now (the database's
    statistics column is refreshed only every few seconds)."""
    out = run("ovs-ofctl", "dump-ports", "br0", str(OFPORT[port]))
    return int(re.search(r"rx pkts=(\d+)", out).group(1))


def pmd_received():
    """Packets the PMD threads (and main thread) took from any port."""
    return sum(int(n) for n in re.findall(
        r"packets received: (\d+)", appctl("dpif-netdev/pmd-stats-show")))


def dp_flow(in_port, pattern):
    for line in appctl("dpctl/dump-flows", "-m").splitlines():
        if "in_port(%s)" % in_port in line and re.search(pattern, line):
            return line
    return None


def check(ok, what):
    print("  %s: %s" % ("ok" if ok else "FAIL", what))
    if not ok:
        failures.append(what)
    return ok


def udp_frame(src, dst, dport, marker, vlan=None):
    l2 = Ether(src=src, dst=dst)
    if vlan is not None:
        l2 = l2 / Dot1Q(vlan=vlan)
    return (l2 / IP(src="10.0.0.1", dst="10.0.0.2", id=7, ttl=64) /
            UDP(sport=5000, dport=dport) / Raw(marker.ljust(64, b".")))


def carries(marker):
    return lambda p: Raw in p and marker in bytes(p[Raw])


def route_known():
    """OVS knows its route to the VXLAN remote 10.1.0.2 (dev br0)"""
    for _ in range(100):
        out = subprocess.run(["ovs-appctl", "-t", CTL, "ovs/route/lookup",
                              "10.1.0.2"], capture_output=True, text=True)
        if out.returncode == 0 and "dev br0" in out.stdout:
            return True
        time.sleep(0.1)
    return False


def one_case(name, in_if, in_port, out_if, frame, expect, flow_pattern,
             ready=None):
    """Send 1 + N frames of `frame` on TAP `in_if` (representor `in_port`),
    capture on TAP `out_if` and check each against `expect`: bytes, or a
    function of the captured bytes for fields the sender may choose."""
    print("== %s: %s -> %s" % (name, in_if, out_if))
    got = []
    started = threading.Event()
    marker = bytes(frame[Raw])[:24]
    sniffer = AsyncSniffer(iface=out_if, store=False,
                           lfilter=carries(marker),
                           prn=lambda p: got.append(bytes(p)),
                           started_callback=started.set)
    sniffer.start()
    started.wait(5)
    if ready is not None:
        check(ready(), "%s: ready to send (%s)" % (name, ready.__doc__))
    rx0 = rx_packets(in_port)
    sendp(frame, iface=in_if)
    flow = None
    for _ in range(100):
        flow = dp_flow(in_port, flow_pattern)
        if flow is not None and "offloaded:yes" in flow:
            break
        time.sleep(0.1)
    print("  datapath flow: %s" % flow)
    check(flow is not None and "offloaded:yes" in flow and "dp:dpdk" in flow,
          "%s: datapath flow offloaded:yes, dp:dpdk" % name)
    check(rx_packets(in_port) == rx0 + 1,
          "%s: the first frame (no rule yet) reached OVS through "
          "representor %s" % (name, in_port))
    rx1, pmd1 = rx_packets(in_port), pmd_received()
    sendp([frame] * N, iface=in_if)
    for _ in range(100):
        if len(got) >= N + 1:
            break
        time.sleep(0.1)
    time.sleep(0.5)
    sniffer.stop()
    flow = dp_flow(in_port, flow_pattern) or ""
    m = re.search(r"packets:(\d+)", flow)
    check(m is not None and int(m.group(1)) == N,
          "%s: the adapter's counter saw the %d offloaded frames (%s)" %
          (name, N, m.group(0) if m else "no packets field"))
    check(rx_packets(in_port) == rx1,
          "%s: representor %s Rx counter stayed at %d" % (name, in_port, rx1))
    check(pmd_received() == pmd1,
          "%s: the OVS PMD threads received none of them (%d)" %
          (name, pmd1))
    check(len(got) == N + 1, "%s: %d frames left by %s (want %d)" %
          (name, len(got), out_if, N + 1))
    if not got:
        return got
    for i, b in enumerate(got[1:]):
        want = expect(b) if callable(expect) else expect
        if not check(b == want, "%s: offloaded frame %d byte-exact" %
                     (name, i + 1)):
            print("  got:    %s\n  expect: %s" % (b.hex(), want.hex()))
            Ether(b).show2()
            break
    print("  decoded by scapy: %s" % Ether(got[-1]).summary())
    return got


def case_vf_vf():
    f = udp_frame(VF0_MAC, VF1_MAC, 1001, b"mlx5x-ovs vf0->vf1")
    one_case("vf0->vf1", "emu0vf0", "vf0", "emu0vf1", f, bytes(f),
             r"udp\([^)]*dst=1001")
    f = udp_frame(VF1_MAC, VF0_MAC, 1002, b"mlx5x-ovs vf1->vf0")
    one_case("vf1->vf0", "emu0vf1", "vf1", "emu0vf0", f, bytes(f),
             r"udp\([^)]*dst=1002")


def case_rewrite():
    f = udp_frame(VF0_MAC, VF1_MAC, 2000, b"mlx5x-ovs rewrite")
    e = f.copy()
    e[Ether].src, e[Ether].dst = "02:00:00:00:aa:01", "02:00:00:00:bb:01"
    e[IP].src, e[IP].dst = "192.168.7.1", "192.168.7.2"
    e[UDP].dport = 2001
    del e[IP].chksum
    del e[UDP].chksum
    one_case("vf0->wire rewrite", "emu0vf0", "vf0", "wire0", f,
             bytes(Ether(bytes(e))), r"udp\([^)]*dst=2000")


def case_vlan():
    f = udp_frame(VF0_MAC, "02:00:00:00:00:99", 3000, b"mlx5x-ovs vlan push")
    e = (Ether(src=VF0_MAC, dst="02:00:00:00:00:99") /
         Dot1Q(vlan=100, prio=0) / f[IP])
    one_case("vf0->wire vlan push", "emu0vf0", "vf0", "wire0", f, bytes(e),
             r"udp\([^)]*dst=3000")
    f = udp_frame("02:00:00:00:00:99", VF1_MAC, 3001, b"mlx5x-ovs vlan pop",
                  vlan=100)
    e = Ether(src="02:00:00:00:00:99", dst=VF1_MAC) / f[IP]
    one_case("wire->vf1 vlan pop", "wire0", "p0", "emu0vf1", f, bytes(e),
             r"vlan\(vid=100")


def case_vxlan():
    """VF0 -> wire through vx0, two inner flows. The adapter writes the
    outer UDP source port from a hash of the inner headers (OVS passes 0
    in the encap header): non-zero, one value per inner flow, different
    between the two flows."""
    sports = []
    for dport, marker in ((4000, b"mlx5x-ovs vxlan encap"),
                          (4002, b"mlx5x-ovs vxlan second flow")):
        f = udp_frame(VF0_MAC, VF1_MAC, dport, marker)

        def encap(got, f=f):
            # Every byte but the outer source port is fixed by vx0; that
            # one is checked below.
            sport = Ether(got)[UDP].sport if Ether(got).haslayer(VXLAN) \
                else 0
            return bytes(Ether(src="02:00:00:00:0b:00",
                               dst="02:00:00:00:00:99") /
                         IP(src="10.1.0.1", dst="10.1.0.2", ttl=64,
                            flags="DF", id=0) /
                         UDP(sport=sport, dport=4789, chksum=0) /
                         VXLAN(vni=42, flags=0x08) / f)

        got = one_case("vf0->wire vxlan encap, inner dport %d" % dport,
                       "emu0vf0", "vf0", "wire0", f, encap,
                       r"udp\([^)]*dst=%d" % dport, ready=route_known)
        ports = [Ether(b)[UDP].sport for b in got]
        print("  outer UDP source ports: %s (the first by OVS in software)"
              % ports)
        offloaded = ports[1:]
        check(len(offloaded) > 0 and 0 not in offloaded,
              "inner dport %d: the adapter wrote a non-zero outer UDP "
              "source port (%s)" % (dport, offloaded))
        check(len(set(offloaded)) == 1,
              "inner dport %d: one outer source port for one inner flow "
              "(%s)" % (dport, sorted(set(offloaded))))
        sports.append(offloaded[0] if offloaded else None)
    check(None not in sports and sports[0] != sports[1],
          "two inner flows, two outer UDP source ports (%s)" % sports)


def case_icmp():
    """ICMP type matched in the adapter (misc_parameters_3)."""
    f = (Ether(src=VF0_MAC, dst=VF1_MAC) /
         IP(src="10.0.0.1", dst="10.0.0.2", id=9, ttl=64) /
         ICMP(type=8, id=0x1234, seq=1) /
         Raw(b"mlx5x-ovs icmp echo".ljust(56, b".")))
    f = Ether(bytes(f))
    one_case("vf0->vf1 icmp echo request", "emu0vf0", "vf0", "emu0vf1", f,
             bytes(f), r"icmp\(type=8")


CASES = {"vf-vf": case_vf_vf, "rewrite": case_rewrite, "vlan": case_vlan,
         "vxlan": case_vxlan, "icmp": case_icmp}


def main():
    for c in sys.argv[1:]:
        CASES[c]()
    print("== %s" % ("all checks passed" if not failures else
                     "%d checks failed: %s" % (len(failures),
                                               "; ".join(failures))))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
