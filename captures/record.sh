#!/bin/sh
# Records the captures in this folder again, from the real kernel (root).
#
# Two network namespaces joined by a veth pair: the peer (10.0.0.1,
# 02:00:00:00:00:01) sends, the host (10.0.0.2, 02:00:00:00:00:02, the host
# of host.scn) receives, and tcpdump on the host's end writes what arrives
# (-Q in: the frames a replay makes arrive).  The host has a UDP socket on
# port 5000 and nothing on 6000 or TCP 80, as host.scn has.
#
#   sudo captures/record.sh            all captures
#   sudo captures/record.sh mixed      one of them
#
# Each capture is NAME.pcap; mixed.pcapng is mixed.pcap rewritten as
# pcapng by build/gencap --pcapng (libpcap reads pcapng but cannot write
# it).  Timestamps and the peer's random fields (IP ids of pings, TCP
# sequence numbers) change from one recording to the next; the fates do
# not, and tests/replay checks fates.
set -e
cd "$(dirname "$0")/.." || exit 2
[ "$(id -u)" = 0 ] || { echo "record.sh: needs root (ip netns)"; exit 77; }
for t in ip tcpdump python3 ethtool; do
	command -v $t >/dev/null || { echo "record.sh: $t is missing (make deps)"; exit 77; }
done
peer=nscap$$p
host=nscap$$h
cleanup() {
	[ -n "$dump" ] && kill "$dump" 2>/dev/null
	[ -n "$srv" ] && kill "$srv" 2>/dev/null
	ip netns del $peer 2>/dev/null
	ip netns del $host 2>/dev/null
}
log=$(mktemp)
trap 'cleanup; rm -f "$log"' EXIT INT TERM

setup() {
	ip netns add $peer
	ip netns add $host
	ip -n $peer link add eth0 type veth peer name eth0 netns $host
	ip -n $peer link set eth0 address 02:00:00:00:00:01
	ip -n $host link set eth0 address 02:00:00:00:00:02
	ip -n $peer addr add 10.0.0.1/24 dev eth0
	ip -n $host addr add 10.0.0.2/24 dev eth0
	for n in $peer $host; do
		ip -n $n link set lo up
		ip -n $n link set eth0 up
		# no IPv6 chatter (router solicitations, DAD) in the capture
		ip netns exec $n sysctl -q -w net.ipv6.conf.all.disable_ipv6=1
		ip netns exec $n sysctl -q -w net.ipv6.conf.eth0.disable_ipv6=1
		# checksums in the frames, not left to an offload: a capture
		# from a veth would hold partial checksums
		ip netns exec $n ethtool -K eth0 tx off >/dev/null
	done
	# the host's application: a UDP socket bound to 10.0.0.2:5000
	ip netns exec $host python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.0.0.2", 5000))
time.sleep(30)' &
	srv=$!
	sleep 0.5
}

# The peer's traffic for one capture, as python3 sends it.
send() {
	ip netns exec $peer python3 - "$1" <<'PY'
import socket, sys, time
name = sys.argv[1]
def udp(port, data, n=1, gap=0.01):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for _ in range(n):
        s.sendto(data, ("10.0.0.2", port))
        if gap:
            time.sleep(gap)
def tcp(port):
    s = socket.socket()
    s.settimeout(0.5)
    try:
        s.connect(("10.0.0.2", port))
    except OSError:
        pass
def csum(b):
    s = sum(b[i] << 8 | b[i + 1] for i in range(0, len(b), 2))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
def ping(n):                      # echo requests from a raw socket (root)
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    for seq in range(1, n + 1):
        m = bytes([8, 0, 0, 0, 0, 7, 0, seq]) + bytes(56)
        c = csum(m)
        s.sendto(m[:2] + bytes([c >> 8, c & 0xff]) + m[4:], ("10.0.0.2", 0))
        time.sleep(0.05)
if name == "mixed":
    udp(5000, b"hello", 3)        # ARP for 10.0.0.2 first, then 3 datagrams
    udp(6000, b"anyone?", 2)      # a closed port: port unreachable
    ping(3)                       # echo requests, answered
    tcp(80)                       # a SYN to a closed port: a reset
    udp(5000, b"x" * 1000, 2)     # bigger datagrams
elif name == "udp-burst":
    udp(5000, b"a", 1)            # ARP first, then a burst:
    udp(5000, b"b" * 64, 300, 0)  # 300 datagrams back to back
    udp(6000, b"c" * 64, 5)       # and a few for a closed port
PY
}

record() {
	name=$1
	rm -f "captures/$name.pcap"
	ip netns exec $host tcpdump -Z root -i eth0 -Q in -U -w "captures/$name.pcap" \
		2>"$log" &
	dump=$!
	# tcpdump says "listening on" once its socket is open
	for _ in $(seq 50); do
		grep -q listening "$log" && break
		sleep 0.1
	done
	send "$name"
	sleep 1
	kill -INT "$dump"
	wait "$dump" 2>/dev/null || true
	dump=
	echo "captures/$name.pcap: $(tcpdump -nr "captures/$name.pcap" 2>/dev/null | wc -l) frames"
}

setup
names=${*:-mixed udp-burst}
for n in $names; do
	record "$n"
done
if [ -f captures/mixed.pcap ]; then
	make --no-print-directory build/gencap >/dev/null
	build/gencap --pcapng captures/mixed.pcap captures/mixed.pcapng
	echo "captures/mixed.pcapng: the same frames as pcapng"
fi
