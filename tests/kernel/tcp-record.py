#!/usr/bin/env python3
"""Records a TCP scenario whose segments name the kernel's ISN.

The kernel picks its initial sequence number at random (secure_tcp_seq), so
a scenario cannot write the ack of a handshake's third packet as a number.
In netstep's PACKET grammar `seq isn+N` / `ack isn+N` mean "the ISN of the
connection this segment belongs to, plus N" (netstep's ISN is a fixed
function of the 4-tuple).  This wrapper runs the shared oracle unchanged
(its agent, its comparison rules), except that before an `inject` line with
isn+N it collects the frames the kernel sent so far, takes the sequence
number of the last SYN the kernel sent on that 4-tuple, and writes the
number into the line.  `oracle.py compare` needs no change: it never parses
PACKET lines.

  sudo python3 tests/kernel/tcp-record.py kernel X.scn -o X.kernel.json
"""
import os
import re
import struct
import sys

SHARED = os.environ.get("NETSTEP_SHARED",
                        os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                     "..", "..", "..", "shared"))
sys.path.insert(0, os.path.join(SHARED, "oracle"))
import oracle  # noqa: E402

ISN_RE = re.compile(r"^isn\+(\d+)$")
_orig_do_sim = oracle.KernelRun.do_sim


def _learn_isns(run, frames):
    isn = run.__dict__.setdefault("_isn", {})
    for _, _, hx in frames:
        b = bytes.fromhex(hx)
        if len(b) < 54 or b[12:14] != b"\x08\x00" or b[23] != 6:
            continue
        l4 = 14 + (b[14] & 0xF) * 4
        if len(b) < l4 + 20 or not b[l4 + 13] & 0x02:
            continue
        src, dst = b[26:30], b[30:34]
        sport, dport, seq = struct.unpack("!HHI", b[l4:l4 + 8])
        isn[(src, sport, dst, dport)] = seq


def do_sim(self, ln, text, toks, rec):
    if toks[0] == "inject" and any(ISN_RE.match(t) for t in toks):
        oracle.time.sleep(0.02)
        fr = self.call("frames")["frames"]
        self.add_frames(fr, self.res["frames"])
        _learn_isns(self, fr)
        p = oracle.parse_packet([t if not ISN_RE.match(t) else "0" for t in toks[2:]])
        key = (oracle.socket.inet_aton(p.dst), p.dport,
               oracle.socket.inet_aton(p.src), p.sport)
        base = self.__dict__.get("_isn", {}).get(key)
        if base is None:
            raise oracle.ScenarioError("line %d: no SYN from the kernel on %s:%d > %s:%d yet"
                                       % (ln, p.dst, p.dport, p.src, p.sport))
        toks = [str((base + int(ISN_RE.match(t).group(1))) & 0xFFFFFFFF)
                if ISN_RE.match(t) else t for t in toks]
        rec["isn"] = base
    return _orig_do_sim(self, ln, text, toks, rec)


oracle.KernelRun.do_sim = do_sim

if __name__ == "__main__":
    sys.exit(oracle.main())
