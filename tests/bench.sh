#!/bin/sh
# make bench: batch replay speed and memory.  build/gencap writes a mixed
# capture (UDP to a bound and a closed port, TCP SYNs, ICMP echo, ARP and
# malformed frames; deterministic) of 100,000 and of 1,000,000 frames, 2 us
# apart; netstep replays each in batch mode with JSON fates to /dev/null,
# and `tcpdump -nr` reads the same file to /dev/null for comparison.
# Prints packets/s for both and netstep's peak RSS, which must not grow
# with the capture (a replay keeps one frame in memory).
#
# Each figure is the best of BENCH_RUNS runs (default 3): the machine is
# shared, and the fastest run is the one least disturbed.
#
#   tests/bench.sh             both sizes
#   BENCH_SIZES=100000 tests/bench.sh
#   BENCH_RUNS=1 tests/bench.sh
cd "$(dirname "$0")/.." || exit 2
[ -x build/gencap ] || { echo "bench: build/gencap is not built (make build/gencap)"; exit 2; }
command -v tcpdump >/dev/null || { echo "bench: tcpdump is missing (make deps)"; exit 2; }
sizes=${BENCH_SIZES:-100000 1000000}
runs=${BENCH_RUNS:-3}
scn=build/bench-host.scn
cat > $scn <<'SCN'
nic add eth0 mac 02:00:00:00:00:02 rx-ring 4096
ip link set eth0 up
ip addr add 10.0.0.2/24 dev eth0
ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev eth0 nud permanent
socket app udp bind 10.0.0.2:5000 rcvbuf 4000000
SCN
for n in $sizes; do
	[ -f build/bench-$n.pcap ] || build/gencap "$n" build/bench-$n.pcap 2000 || exit 1
done
python3 - "$scn" "$runs" $sizes <<'PY'
import resource, subprocess, sys, time
scn, runs, sizes = sys.argv[1], int(sys.argv[2]), [int(s) for s in sys.argv[3:]]
def measure(argv):
    # in a child of its own, so RUSAGE_CHILDREN's peak is this run's
    code = ("import resource,subprocess,sys,time\n"
            "t=time.monotonic()\n"
            "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,"
            "stderr=subprocess.DEVNULL,check=True)\n"
            "print(time.monotonic()-t,"
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code] + argv,
                         capture_output=True, text=True, check=True).stdout
    dt, rss = out.split()
    return float(dt), int(rss)
def best(argv):
    # the least disturbed of runs runs; the largest peak RSS of them
    r = [measure(argv) for _ in range(max(runs, 1))]
    return min(t for t, _ in r), max(k for _, k in r)
rss = []
for n in sizes:
    cap = "build/bench-%d.pcap" % n
    dt, kb = best(["./netstep", "--batch", "--format", "json", "-c", scn,
                   "-r", cap])
    tdt, _ = best(["tcpdump", "-nr", cap])
    rss.append(kb)
    print("bench: %8d packets: netstep %9.0f packets/s (%6.2f s), peak RSS %6.1f MiB;"
          " tcpdump -nr %9.0f packets/s (%6.2f s)"
          % (n, n / dt, dt, kb / 1024, n / tdt, tdt))
print("bench: best of %d runs each" % max(runs, 1))
if len(rss) > 1:
    grow = 100.0 * (max(rss) - min(rss)) / min(rss)
    print("bench: peak RSS differs by %.1f%% between the sizes%s"
          % (grow, "" if grow <= 10 else " (more than 10%!)"))
PY
