#!/bin/sh
# Bad input gets a clear error and exit status 2 (or a failed expect: 1),
# never a crash.  Each case: expected status, a pattern the error must
# contain, then the netstep arguments.
cd "$(dirname "$0")/../.." || exit 2
ns=./netstep
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf 'nic add eth0\nip link set eth0 up\nipp addr add 10.0.0.2/24 dev eth0\n' > "$tmp/typo.scn"
printf 'nic add eth0\ninject eth0 udp 10.0.0.1:1 > 10.0.0.2 len 3\n' > "$tmp/badpkt.scn"
printf 'nic add eth0\nip link set eth0 up\nip addr add 10.0.0.2/24 dev eth0\ninject eth0 udp 10.0.0.1:1 > 10.0.0.2:9\nexpect counter UdpNoPorts 2\n' > "$tmp/expect.scn"
printf 'nic add eth0 \\\n   mac 02:00:00:00:00:02\nsocket s udp bind 10.9.9.9:1\n' > "$tmp/cont.scn"
check() {
	want=$1; pat=$2; shift 2
	out=$($ns --batch "$@" 2>&1); rc=$?
	if [ "$rc" = "$want" ] && echo "$out" | grep -qF -- "$pat"; then
		echo "ok   error $pat"
	else
		echo "FAIL error: netstep $* -> exit $rc (want $want), output:"; echo "$out" | head -5
	fi
}
check 2 "typo.scn:3: unknown command 'ipp' (did you mean 'ip'?)" -c "$tmp/typo.scn"
check 2 "badpkt.scn:2: udp: bad address:port" -c "$tmp/badpkt.scn"
check 1 "expect.scn:5: expect: counter UdpNoPorts is 1, not 2" -c "$tmp/expect.scn"
check 2 "cont.scn:3: bind: Cannot assign requested address" -c "$tmp/cont.scn"
check 2 "No such file or directory" -c "$tmp/missing.scn"
check 2 "Cannot find device \"eth9\"" -e 'ip link set eth9 up'
check 2 "sysctl: cannot stat /proc/sys/net/ipv4/no_such_key" -e 'sysctl net.ipv4.no_such_key'
check 2 "unterminated quote" -e 'send x payload "abc'
check 2 "--format text|json" --format xml
check 2 "frag-offset 3 is not a multiple of 8" -e 'nic add eth0' -e 'inject eth0 udp 1.1.1.1:1 > 2.2.2.2:2 frag-offset 3'
check 2 "no socket named 'nope'" -e 'recv nope'
check 0 "usage: netstep" --help
