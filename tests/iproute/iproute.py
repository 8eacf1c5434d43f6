#!/usr/bin/env python3
"""iproute2 conformance harness for netstep (see README.md in this folder).

  iproute.py record [CASE...]   (root) run each case on the real kernel in a
                                fresh netns, write cases/NAME.expected
  iproute.py run [CASE...]      run each case in netstep, diff with .expected
  iproute.py inner CASEFILE     (internal) the part of `record` that runs
                                inside the netns

A CASE is a name (cases/NAME.case) or a path to a .case file.
"""

import difflib
import errno
import fcntl
import os
import re
import shlex
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

# net.ipv4.conf.{all,default}.* compiled defaults (net/ipv4/devinet.c).  A new
# netns copies init_net's values, so a host that changed them (systemd sets
# promote_secondaries=1, rp_filter=2) would leak into the recording.
CONF_DEFAULTS = {"forwarding": 0, "rp_filter": 0, "accept_local": 0, "arp_ignore": 0,
                 "arp_announce": 0, "arp_filter": 0, "arp_accept": 0, "arp_notify": 0,
                 "log_martians": 0, "promote_secondaries": 0, "proxy_arp": 0,
                 "route_localnet": 0, "send_redirects": 1, "accept_redirects": 1,
                 "secure_redirects": 1, "shared_media": 1, "src_valid_mark": 0,
                 "accept_source_route": 0, "bootp_relay": 0,
                 "drop_gratuitous_arp": 0, "drop_unicast_in_l2_multicast": 0,
                 "ignore_routes_with_linkdown": 0, "arp_evict_nocarrier": 1,
                 "bc_forwarding": 0, "proxy_arp_pvlan": 0}


# ---------------------------------------------------------------------------
# case files
# ---------------------------------------------------------------------------

class CaseError(Exception):
    pass


def read_case(path):
    """[(lineno, checked, text)]: '#' lines and blank lines skipped, a
    trailing backslash continues a line, '$ ' marks a checked command."""
    out = []
    cont = None
    with open(path) as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if cont is not None:
                start, text = cont
                line = text + " " + line.lstrip()
            else:
                start = n
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
            if line.endswith("\\"):
                cont = (start, line[:-1].rstrip())
                continue
            cont = None
            s = line.strip()
            if s.startswith("$ "):
                out.append((start, True, s[2:].strip()))
            elif s == "$":
                raise CaseError("%s:%d: '$' without a command" % (path, start))
            else:
                out.append((start, False, s))
    if cont is not None:
        raise CaseError("%s:%d: file ends in a continuation" % (path, cont[0]))
    return out


def case_paths(args):
    if not args:
        if not os.path.isdir(CASES):
            return []
        return [os.path.join(CASES, f) for f in sorted(os.listdir(CASES))
                if f.endswith(".case")]
    res = []
    for a in args:
        if os.path.exists(a):
            res.append(os.path.abspath(a))
        else:
            p = os.path.join(CASES, a if a.endswith(".case") else a + ".case")
            if not os.path.exists(p):
                raise CaseError("no case %s" % a)
            res.append(p)
    return res


def expected_path(case):
    return case[:-len(".case")] + ".expected"


def render(cmd, out, err, rc):
    """The .expected text of one checked command."""
    s = "$ %s\n" % cmd
    for stream, mark in ((out, "  "), (err, "! ")):
        if not stream:
            continue
        lines = stream.split("\n")
        if lines[-1] == "":
            lines.pop()
            nl = True
        else:
            nl = False
        for l in lines:
            s += mark + l + "\n"
        if not nl:
            s += "\\ no newline at end\n"
    s += "exit %d\n" % rc
    return s


def parse_expected(text):
    """[(cmd, block_text, rc)] from an .expected file."""
    blocks = []
    cur = None
    for line in text.splitlines(keepends=True):
        if line.startswith("$ "):
            cur = [line[2:].rstrip("\n"), line, None]
            blocks.append(cur)
        elif cur is not None and line != "\n":
            cur[1] += line
            if line.startswith("exit "):
                cur[2] = int(line[5:])
    return blocks


# ---------------------------------------------------------------------------
# record: the real kernel
# ---------------------------------------------------------------------------

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
TUNSETCARRIER = 0x400454E2
SIOCSIFHWADDR = 0x8924


def env_c():
    e = dict(os.environ)
    e["LC_ALL"] = "C"
    e.pop("LANG", None)
    return e


def sh(line):
    p = subprocess.run(["sh", "-c", line], capture_output=True, text=True, env=env_c(),
                       timeout=30)
    return p.stdout, p.stderr, p.returncode


def settle(taps):
    """Wait until every TAP that is up reports operstate up (linkwatch is
    asynchronous), so `ip addr show` says `state UP` as a booted host would."""
    deadline = time.monotonic() + 1
    for name in taps:
        try:
            flags = int(open("/sys/class/net/%s/flags" % name).read(), 16)
        except OSError:
            continue
        if not flags & 1:
            continue
        while time.monotonic() < deadline:
            try:
                st = open("/sys/class/net/%s/operstate" % name).read().strip()
            except OSError:
                break
            if st == "up":
                break
            time.sleep(0.01)


def inner(case):
    """Runs inside the fresh netns; prints the .expected text on stdout."""
    import socket
    lines = read_case(case)
    # IPv6 off before any device exists (no inet6 lines, no link-local routes)
    _, err, rc = sh("sysctl -qw net.ipv6.conf.all.disable_ipv6=1 "
                    "net.ipv6.conf.default.disable_ipv6=1")
    if rc:
        raise CaseError("cannot disable IPv6: " + err.strip())
    for scope in ("all", "default"):
        for k, v in CONF_DEFAULTS.items():
            if scope == "default" and k == "accept_source_route":
                v = 1
            p = "/proc/sys/net/ipv4/conf/%s/%s" % (scope, k)
            try:
                if open(p).read().strip() != str(v):
                    open(p, "w").write(str(v))
            except OSError:
                pass
    _, err, rc = sh("ip link set lo up")
    if rc:
        raise CaseError("ip link set lo up: " + err.strip())
    ctl = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    taps = {}
    out = []
    for n, checked, text in lines:
        w = shlex.split(text)
        if w[:2] == ["nic", "add"]:
            if checked:
                raise CaseError("%s:%d: `nic add` cannot be a checked command" % (case, n))
            name = w[2]
            mac = None
            i = 3
            while i < len(w):
                if w[i] == "mac" and i + 1 < len(w):
                    mac = w[i + 1]
                i += 2
            if mac is None:
                mac = "02:00:00:00:ff:%02x" % (len(taps) + 1)
            fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
            fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH22x", name.encode(),
                                                   IFF_TAP | IFF_NO_PI))
            fcntl.ioctl(ctl, SIOCSIFHWADDR, struct.pack(
                "16sH14s8x", name.encode(), 1, bytes.fromhex(mac.replace(":", ""))))
            # a TAP's carrier is on from birth and never changes, so linkwatch
            # never runs and ip shows `state UNKNOWN`; a NIC driver reports
            # its carrier coming on, which makes it `state UP` once up
            fcntl.ioctl(fd, TUNSETCARRIER, struct.pack("i", 0))
            fcntl.ioctl(fd, TUNSETCARRIER, struct.pack("i", 1))
            taps[name] = fd
            continue
        if w and w[0] in ("inject", "send", "socket", "recv", "wait", "replay", "run",
                          "expect"):
            raise CaseError("%s:%d: simulator command '%s' is not supported here"
                            % (case, n, w[0]))
        if checked:
            settle(taps)
        o, e, rc = sh(text)
        if checked:
            out.append(render(text, o, e, rc))
        elif rc:
            raise CaseError("%s:%d: scenario line failed on the kernel (exit %d): %s\n"
                            "  (make it a checked `$ ` line if the failure is the point)"
                            % (case, n, rc, (e or o).strip()))
    for fd in taps.values():
        os.close(fd)
    ver = subprocess.run(["ip", "-V"], capture_output=True, text=True).stdout.strip()
    qd = os.environ.get("IPROUTE_QDISC", "?")
    sys.stdout.write("# recorded on Linux %s with %s (net.core.default_qdisc=%s)\n\n"
                     % (os.uname().release, ver, qd) + "\n".join(out))


def record(args):
    if os.geteuid() != 0:
        print("record.sh: needs root (ip netns, /dev/net/tun)", file=sys.stderr)
        return 2
    cases = case_paths(args)
    if not cases:
        print("record.sh: no cases", file=sys.stderr)
        return 77
    bad = 0
    try:
        # global, not per netns: a TAP gets the host's default qdisc
        os.environ["IPROUTE_QDISC"] = open("/proc/sys/net/core/default_qdisc").read().strip()
    except OSError:
        pass
    if os.environ.get("IPROUTE_QDISC", "pfifo_fast") != "pfifo_fast":
        print("record.sh: warning: net.core.default_qdisc is %s, not pfifo_fast: "
              "`ip addr show` will say `qdisc %s`" % (os.environ["IPROUTE_QDISC"],
                                                        os.environ["IPROUTE_QDISC"]))
    for i, case in enumerate(cases):
        name = os.path.basename(case)[:-5]
        ns = "iproute%dx%d" % (os.getpid(), i)
        try:
            subprocess.run(["ip", "netns", "add", ns], check=True)
            p = subprocess.run(["ip", "netns", "exec", ns, sys.executable,
                                os.path.abspath(__file__), "inner", case],
                               capture_output=True, text=True, env=env_c(), timeout=120)
        finally:
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        if p.returncode:
            bad += 1
            print("ERROR %s\n%s" % (name, p.stderr.strip()))
            continue
        path = expected_path(case)
        old = open(path).read() if os.path.exists(path) else None
        if old != p.stdout:
            with open(path, "w") as f:
                f.write(p.stdout)
        print("recorded %s%s" % (name, "" if old is None else
                                  (" (unchanged)" if old == p.stdout else " (CHANGED)")))
    print("record: %d/%d cases recorded" % (len(cases) - bad, len(cases)))
    return 1 if bad else 0


# ---------------------------------------------------------------------------
# run: netstep
# ---------------------------------------------------------------------------

def netstep_bin():
    return os.environ.get("NETSTEP", os.path.join(ROOT, "netstep"))


def run_netstep(lines, tmpdir, tag):
    """(stdout, stderr, status, failing line number or None)"""
    path = os.path.join(tmpdir, "%s.scn" % tag)
    with open(path, "w") as f:
        f.write("".join(l + "\n" for l in lines))
    try:
        p = subprocess.run([netstep_bin(), "--batch", "--trace", "none", "-c", path],
                           capture_output=True, text=True, env=env_c(), timeout=60,
                           errors="replace")
    except subprocess.TimeoutExpired:
        return "", "netstep: timed out (60 s)\n", 124, None
    # the contract's `FILE:LINE: ` location prefix is not part of the tool's words
    pre = re.compile("^" + re.escape(path) + r":(\d+): ", re.M)
    m = pre.search(p.stderr)
    return p.stdout, pre.sub("", p.stderr), p.returncode, int(m.group(1)) if m else None


def strip_prefix(a, b):
    """b with the prefix a removed, or None if b does not start with a."""
    return b[len(a):] if b.startswith(a) else None


def netstep_case(case, expected, tmpdir):
    """Render netstep's output of every checked command, in .expected form
    (netstep's exit status is replaced by the expected one when both are
    non-zero: netstep's contract has exit 2 for every failed scenario line)."""
    lines = read_case(case)
    exp = parse_expected(expected)
    blocks = []
    k = 0
    prefix = []          # [(text, is_checked)]
    for n, checked, text in lines:
        if not checked:
            prefix.append((text, False))
            continue
        if k >= len(exp) or exp[k][0] != text:
            raise CaseError("%s is stale (checked command %d is not `%s`): run record.sh"
                            % (os.path.basename(expected_path(case)), k + 1, text))
        want_rc = exp[k][2] or 0
        k += 1
        while True:
            ao, ae, arc, aline = run_netstep([t for t, _ in prefix], tmpdir, "a")
            # netstep stops at the first failing line: a checked command before
            # this one that netstep got wrong (already reported) is left out
            if arc and aline and 0 < aline <= len(prefix) and prefix[aline - 1][1]:
                del prefix[aline - 1]
                continue
            break
        if arc != 0:
            o, e, rc = "", "[netstep stopped before this command]\n" + ae, arc
        else:
            bo, be, brc, _ = run_netstep([t for t, _ in prefix] + [text], tmpdir, "b")
            o = strip_prefix(ao, bo)
            e = strip_prefix(ae, be)
            rc = brc
            if o is None or e is None:
                o, e = bo, "[netstep: the output of the preceding lines changed]\n" + be
        if rc and want_rc:
            rc = want_rc
        blocks.append(render(text, o, e, rc))
        # a command that failed on the kernel changed nothing: leave it out,
        # since netstep stops at the first failing line
        if want_rc == 0:
            prefix.append((text, True))
    return "\n".join(blocks)


def run(args):
    nb = netstep_bin()
    if not os.access(nb, os.X_OK):
        print("run.sh: no netstep at %s (make netstep)" % nb, file=sys.stderr)
        return 2
    cases = case_paths(args)
    if not cases:
        print("iproute: no cases")
        return 77
    ok = 0
    with tempfile.TemporaryDirectory(prefix="iproute.") as tmpdir:
        for case in cases:
            name = os.path.basename(case)[:-5]
            ep = expected_path(case)
            if not os.path.exists(ep):
                print("FAIL %s (no %s: run record.sh)" % (name, os.path.basename(ep)))
                continue
            # leading `# ` lines say where it was recorded: not compared
            expected = re.sub(r"\A(#[^\n]*\n|\n)*", "", open(ep).read())
            try:
                got = netstep_case(case, expected, tmpdir)
            except CaseError as ex:
                print("FAIL %s (%s)" % (name, ex))
                continue
            if got == expected:
                ok += 1
                print("ok %s" % name)
                continue
            print("FAIL %s" % name)
            d = list(difflib.unified_diff(expected.splitlines(), got.splitlines(),
                                          "iproute2", "netstep", n=1, lineterm=""))
            lim = int(os.environ.get("IPROUTE_DIFF_LINES", "30"))
            for l in d[:lim]:
                print("    " + l)
            if len(d) > lim:
                print("    ... (%d more diff lines)" % (len(d) - lim))
    print("iproute: %d/%d cases agree" % (ok, len(cases)))
    return 0 if ok == len(cases) else 1


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = sys.argv[1], sys.argv[2:]
    try:
        if cmd == "record":
            return record(args)
        if cmd == "run":
            return run(args)
        if cmd == "inner":
            inner(args[0])
            return 0
    except CaseError as ex:
        print(ex, file=sys.stderr)
        return 2
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
