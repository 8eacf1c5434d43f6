#!/bin/sh
# make bench: 1,000,000 UDP datagrams through the receive path in batch mode,
# JSON fates to /dev/null: 80% to a bound socket (read back in batches),
# 10% to a closed port, 10% with a bad UDP checksum.  Prints packets/s and
# peak RSS, for 100,000 and 1,000,000 packets (RSS must not grow with N).
cd "$(dirname "$0")/.." || exit 2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
gen() {
	rounds=$1
	{
		echo "nic add eth0 mac 02:00:00:00:00:02 rx-ring 4096"
		echo "ip link set eth0 up"
		echo "ip addr add 10.0.0.2/24 dev eth0"
		echo "ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev eth0 nud permanent"
		echo "socket app udp bind 10.0.0.2:5000 rcvbuf 4000000"
		i=0
		while [ $i -lt "$rounds" ]; do
			echo "inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 len 64 count 800"
			echo "inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:6000 len 64 count 100"
			echo "inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 len 64 bad-l4-csum count 100"
			echo "recv app all"
			i=$((i + 1))
		done
	} > "$tmp/bench-$rounds.scn"
}
gen 100
gen 1000
python3 - "$tmp" <<'PY'
import resource, subprocess, sys, time
tmp = sys.argv[1]
for rounds in (100, 1000):
    n = rounds * 1000
    t0 = time.monotonic()
    subprocess.run(["./netstep", "--batch", "--format", "json", "-c",
                    "%s/bench-%d.scn" % (tmp, rounds)],
                   stdout=subprocess.DEVNULL, check=True)
    dt = time.monotonic() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print("bench: %8d packets in %6.2f s = %9.0f packets/s, peak RSS %d MiB"
          % (n, dt, n / dt, rss // 1024))
PY
