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


# ---- `close NAME` and TCP `send` on accepted children (netstep extensions) ----
# netstep names the children of listener L in the order they were made,
# L.1, L.2...; the kernel's accept() hands them out in that order (the
# accept queue is FIFO), so the K-th accepted connection is L.K.  The agent
# (this file run as `agent` inside the netns) registers each one under that
# name, so `send L.K ...` and `recv L.K` reach it, and `close NAME` is
# close(2) on the named fd.

_orig_recv_one = oracle.Agent._recv_one


def _recv_one(self, e):
    r = _orig_recv_one(self, e)
    if "accepted" in r and not getattr(self, "_final", False):
        conn = e["accepted"][-1]
        name = "%s.%d" % (e["name"], len(e["accepted"]))
        self.socks[name] = {"sock": conn, "name": name, "received": [], "recv_calls": [],
                            "sends": [], "accepted": [],
                            "info": {"proto": "tcp", "steps": ["accepted"]}}
    return r


_orig_op_socket = oracle.Agent.op_socket


def op_socket(self, c):
    r = _orig_op_socket(self, c)
    self.socks[c["name"]]["name"] = c["name"]
    return r


def op_close(self, c):
    e = self.socks.get(c["name"])
    if e is None:
        return {"error": "no socket named %s" % c["name"]}
    e["sock"].close()
    e["closed"] = True
    return {"closed": c["name"]}


_orig_final = oracle.Agent.op_sockets_final


def op_sockets_final(self, c):
    closed = {n: e for n, e in self.socks.items() if e.get("closed")}
    for n in closed:
        del self.socks[n]
    self._final = True   # what the drain accepts gets no name
    out = _orig_final(self, c)
    for n, e in closed.items():
        out[n] = {"info": e["info"], "received": e["received"],
                  "recv_calls": e["recv_calls"], "sends": e["sends"], "closed": True,
                  "queued_at_end": []}
    return out


oracle.Agent._recv_one = _recv_one
oracle.Agent.op_socket = op_socket
oracle.Agent.op_close = op_close
oracle.Agent.op_sockets_final = op_sockets_final
oracle.SIM_CMDS.add("close")
# the agent is started as `python3 oracle.__file__ agent`: make it this file
oracle.__file__ = os.path.abspath(__file__)


def do_sim_close(self, ln, text, toks, rec):
    if toks[0] == "close":
        if len(toks) != 2:
            raise oracle.ScenarioError("close: expected 'close NAME'")
        rec["result"] = self.call("close", name=toks[1])
        return None
    return do_sim(self, ln, text, toks, rec)


# ---- the ISN, rebased ----
# The kernel's ISN is random (secure_tcp_seq); netstep's is tcp_isn() of the
# 4-tuple (src/tcp.h).  After the run, every TCP frame the kernel sent with
# seq in [ISN, ISN + 1 MiB) of a connection whose SYN or SYN-ACK it sent has
# its seq moved to netstep's ISN + the same offset, and its TCP checksum
# recomputed; the kernel's own bytes stay in "hex_kernel" and the ISNs in
# "isn_rebased".  Only the random base changes: every offset, ack, flag,
# window and length is still the kernel's, so compare checks them all
# (without this, every segment of an established connection differs).
REBASE_SPAN = 1 << 20


def tcp_isn(laddr, raddr, lport, rport):
    m = 0xFFFFFFFF
    h = 0x9e3779b9 ^ laddr
    h = (((h ^ (h >> 16)) * 0x85ebca6b) & m) ^ raddr
    h = (((h ^ (h >> 13)) * 0xc2b2ae35) & m) ^ ((lport << 16) | rport)
    return (h ^ (h >> 16)) & m


def _tcp_of(b):
    if len(b) < 54 or b[12:14] != b"\x08\x00" or b[23] != 6:
        return None
    l4 = 14 + (b[14] & 0xF) * 4
    if len(b) < l4 + 20 or struct.unpack("!H", b[20:22])[0] & 0x1FFF:
        return None
    return l4


def rebase(res):
    bases = {}
    for f in res["frames"] + res.get("setup_frames", []):
        b = bytes.fromhex(f["hex"])
        l4 = _tcp_of(b)
        if l4 is None or not b[l4 + 13] & 0x02:
            continue
        sport, dport, seq = struct.unpack("!HHI", b[l4:l4 + 8])
        bases[(b[26:30], sport, b[30:34], dport)] = seq
    done = {}
    for f in res["frames"]:
        b = bytearray(bytes.fromhex(f["hex"]))
        l4 = _tcp_of(b)
        if l4 is None:
            continue
        sport, dport, seq = struct.unpack("!HHI", b[l4:l4 + 8])
        key = (bytes(b[26:30]), sport, bytes(b[30:34]), dport)
        if key not in bases or (seq - bases[key]) & 0xFFFFFFFF >= REBASE_SPAN:
            continue
        la, ra = struct.unpack("!II", key[0] + key[2])
        ours = tcp_isn(la, ra, sport, dport)
        struct.pack_into("!I", b, l4 + 4, (seq - bases[key] + ours) & 0xFFFFFFFF)
        iplen = struct.unpack("!H", b[16:18])[0]
        seg = b[l4:14 + iplen]
        seg[16:18] = b"\0\0"
        c = oracle.inet_csum(bytes(b[26:34]) + struct.pack("!BBH", 0, 6, len(seg)) + bytes(seg))
        struct.pack_into("!H", b, l4 + 16, c)
        f["hex_kernel"], f["hex"] = f["hex"], b.hex()
        done["%s:%d>%s:%d" % (oracle.socket.inet_ntoa(key[0]), sport,
                              oracle.socket.inet_ntoa(key[2]), dport)] = \
            {"kernel": bases[key], "netstep": ours}
    if done:
        res["isn_rebased"] = done
    return res


_orig_run = oracle.KernelRun.run


def run(self):
    return rebase(_orig_run(self))


oracle.KernelRun.do_sim = do_sim_close
oracle.KernelRun.run = run

if __name__ == "__main__":
    sys.exit(oracle.main())
