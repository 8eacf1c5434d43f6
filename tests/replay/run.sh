#!/bin/sh
# Replay tests: captures from captures/ (recorded from the kernel) and from
# build/gencap (deterministic) replayed through netstep, pcap and pcapng,
# with pcap-filter expressions, speeds, the end-of-replay report, and the
# errors a bad capture, filter or device gets.
#   run.sh                check all
#   run.sh --update NAME  rewrite tests/replay/NAME.out (read it first)
cd "$(dirname "$0")/../.." || exit 2
export LC_ALL=C TZ=UTC
ns=./netstep
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
update=""
[ "$1" = "--update" ] && update="$2"

# golden NAME ARGS...: the output (stdout) equals tests/replay/NAME.out
golden() {
	name=$1; shift
	exp=tests/replay/$name.out
	[ -n "$update" ] && [ "$update" != "$name" ] && return
	$ns --batch "$@" > "$tmp/out" 2>&1
	if [ -n "$update" ]; then
		cp "$tmp/out" "$exp"; echo "updated $exp"; return
	fi
	if cmp -s "$exp" "$tmp/out"; then
		echo "ok   replay $name"
	else
		echo "FAIL replay $name: netstep --batch $*"
		diff "$exp" "$tmp/out" | head -10
	fi
}

# same NAME "ARGS A" "ARGS B": the same fates and counters (the report
# names the file, so it is left out)
same() {
	name=$1
	[ -n "$update" ] && return
	$ns --batch --format json $2 2>&1 | grep -v '"type":"report"' > "$tmp/a"
	$ns --batch --format json $3 2>&1 | grep -v '"type":"report"' > "$tmp/b"
	if [ -s "$tmp/a" ] && cmp -s "$tmp/a" "$tmp/b"; then
		echo "ok   replay $name"
	else
		echo "FAIL replay $name: '$2' and '$3' differ"
		diff "$tmp/a" "$tmp/b" | head -6
	fi
}

# expect NAME WANT_STATUS PATTERN ARGS...: exit status and a line of output
expect() {
	name=$1; want=$2; pat=$3; shift 3
	[ -n "$update" ] && return
	out=$($ns --batch "$@" 2>&1); rc=$?
	if [ "$rc" = "$want" ] && printf '%s\n' "$out" | grep -qF -- "$pat"; then
		echo "ok   replay $name"
	else
		echo "FAIL replay $name: netstep --batch $* -> exit $rc (want $want, '$pat'):"
		printf '%s\n' "$out" | head -5
	fi
}

[ -x build/gencap ] || { echo "FAIL replay: build/gencap is not built"; exit 1; }
# generated here, under a fixed name: the report names the file
gen=build/replay-gen
build/gencap 2000 $gen.pcap 2000
build/gencap --pcapng $gen.pcap $gen.pcapng
host=captures/mixed.scn
burst=captures/udp-burst.scn

# real captures, whole and filtered, pcap and pcapng
golden mixed --format json -c $host -r captures/mixed.pcap
golden mixed-text -c $host -r captures/mixed.pcap
golden mixed-closed-port --format json -c $host -r captures/mixed.pcapng udp port 6000
golden mixed-icmp-arp -c $host -r captures/mixed.pcapng 'icmp or arp'
same pcap-is-pcapng "-c $host -r captures/mixed.pcap" "-c $host -r captures/mixed.pcapng"
# -r's filter words and the replay command's give the same run
golden mixed-udp-r -c $host -r captures/mixed.pcap udp and not port 6000
golden mixed-udp-e -c $host -e 'replay captures/mixed.pcap udp and not port 6000'
if [ -z "$update" ]; then
	if cmp -s tests/replay/mixed-udp-r.out tests/replay/mixed-udp-e.out; then
		echo "ok   replay r-is-replay-command"
	else
		echo "FAIL replay r-is-replay-command: mixed-udp-r.out and mixed-udp-e.out differ"
	fi
fi
# the burst: capture timing fits the ring, asap and 10x overflow it
golden burst -c $burst -r captures/udp-burst.pcap --trace none
golden burst-asap -c $burst -e 'replay captures/udp-burst.pcap asap' --trace none
golden burst-speed10 --format json -c $burst -e 'replay captures/udp-burst.pcap on eth0 speed 10' --trace none
# the generated mix, pcap and pcapng; a filter that matches nothing
golden gen-2000 -c $burst -r $gen.pcap --trace none
same gen-pcap-is-pcapng "-c $burst -r $gen.pcap" "-c $burst -r $gen.pcapng"
expect gen-none 0 "capture $gen.pcap: 2000 frames read" -c $burst -r $gen.pcap 'tcp port 9'
expect no-scenario 0 "delivered __udp_enqueue_schedule_skb socket app" -r captures/mixed.pcap udp port 5000

# errors
printf 'not a capture\n' > "$tmp/text.pcap"
head -c 100 captures/udp-burst.pcap > "$tmp/cut.pcap"
expect missing-file 2 "replay: $tmp/none.pcap: No such file or directory" -c $host -r "$tmp/none.pcap"
expect not-a-capture 2 "(not a pcap or pcapng capture)" -c $host -r "$tmp/text.pcap"
expect bad-filter 2 "replay: bad filter expression 'udp prot 53': " -c $host -r captures/mixed.pcap udp prot 53
expect unknown-dev 2 "replay: no NIC named 'eth9'" -c $host -r captures/mixed.pcap -i eth9
expect truncated 1 "truncated" -c $host -r "$tmp/cut.pcap"
expect bad-speed 2 "replay: speed is a factor" -c $host -e 'replay captures/mixed.pcap speed fast'
expect no-nic 2 "replay: no NIC to replay into" -e 'replay captures/mixed.pcap'
expect i-without-r 2 "-i names the NIC for -r CAPTURE" -c $host -i eth0
printf 'nic add eth0\nreplay %s/none.pcap\n' "$tmp" > "$tmp/x.scn"
expect scenario-line 2 "x.scn:2: replay: $tmp/none.pcap: No such file" -c "$tmp/x.scn"
