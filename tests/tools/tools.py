#!/usr/bin/env python3
"""Tool output against the kernel: for every scenario in tests/kernel whose
kernel result (X.kernel.json, recorded by the oracle) holds the stdout of a
tool line this suite checks (ifconfig), netstep runs the scenario up to and
including that line, and the text the line printed must equal what the real
tool printed, byte for byte.  The oracle itself does not compare tool output.

The line's output is netstep's output on lines 1..N minus its output on
lines 1..N-1 (--batch --trace none prints only what commands print).
Prints `ok NAME:LINE` or `FAIL NAME:LINE` with a diff, then `tools: N/M
lines agree`; exit 0 when all agree, 77 when there is nothing to check."""
import difflib, glob, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CHECKED = ("ifconfig",)


def run_prefix(scn_lines, n, tmp):
    path = os.path.join(tmp, "prefix.scn")
    with open(path, "w") as f:
        f.write("".join(scn_lines[:n]))
    p = subprocess.run([os.environ.get("NETSTEP", os.path.join(ROOT, "netstep")),
                        "--batch", "--trace", "none", "-c", path],
                       capture_output=True, text=True,
                       env=dict(os.environ, LC_ALL="C", TZ="UTC"))
    return p.stdout


def main():
    ok = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for res in sorted(glob.glob(os.path.join(ROOT, "tests/kernel/*.kernel.json"))):
            scn = res[:-len(".kernel.json")] + ".scn"
            if not os.path.exists(scn):
                continue
            with open(res) as f:
                lines = json.load(f).get("lines", [])
            with open(scn) as f:
                scn_lines = f.readlines()
            name = os.path.basename(scn)[:-4]
            for rec in lines:
                words = rec.get("text", "").split()
                if rec.get("kind") != "tool" or not words or words[0] not in CHECKED:
                    continue
                total += 1
                n = rec["line"]
                before, after = run_prefix(scn_lines, n - 1, tmp), run_prefix(scn_lines, n, tmp)
                got = after[len(before):] if after.startswith(before) else after
                want = rec.get("stdout", "")
                if got == want:
                    ok += 1
                    print("ok   %s:%d %s" % (name, n, rec["text"]))
                else:
                    print("FAIL %s:%d %s" % (name, n, rec["text"]))
                    for d in list(difflib.unified_diff(want.splitlines(), got.splitlines(),
                                                       "kernel", "netstep", lineterm=""))[:20]:
                        print("     " + d)
    print("tools: %d/%d lines agree" % (ok, total))
    if not total:
        sys.exit(77)
    sys.exit(0 if ok == total else 1)


main()
