#!/bin/sh
# Records what the real tcpdump prints for the frames netstep captured:
# runs frames.scn (which writes frames.pcap with tcpdump -w) and keeps
#   frames.pcap      the capture netstep wrote
#   frames.n.out     tcpdump -nr frames.pcap
#   frames.en.out    tcpdump -enr frames.pcap
# run.sh compares netstep's own lines with them, without tcpdump.  Read
# the files before committing them.
cd "$(dirname "$0")" || exit 2
export LC_ALL=C TZ=UTC
command -v tcpdump >/dev/null || { echo "record.sh: needs tcpdump"; exit 2; }
../../netstep --batch --trace none -c frames.scn >/dev/null || exit 1
tcpdump -nr frames.pcap 2>/dev/null > frames.n.out
tcpdump -enr frames.pcap 2>/dev/null > frames.en.out
wc -l frames.n.out frames.en.out

# decode.scn: relative and absolute (-S) sequence numbers, options, DNS
../../netstep --batch --trace none -c decode.scn >/dev/null || exit 1
tcpdump -nr decode.pcap 2>/dev/null > decode.n.out
tcpdump -S -nr decode.pcap 2>/dev/null > decode.Sn.out
# any.scn: a LINUX_SLL2 file names interfaces by ifindex, which tcpdump
# looks up where it runs: read it in a namespace whose ifindex 2 and 3
# are eth0 and eth1 (root)
../../netstep --batch --trace none -c any.scn >/dev/null || exit 1
ns=tcpdrec$$
ip netns add $ns || exit 1
trap 'ip netns del $ns' EXIT
ip -n $ns tuntap add dev eth0 mode tap && ip -n $ns tuntap add dev eth1 mode tap || exit 1
ip netns exec $ns tcpdump -nr any.pcap 2>/dev/null > any.n.out
ip netns exec $ns tcpdump -nr any.pcap icmp 2>/dev/null > any-icmp.n.out
ip netns exec $ns tcpdump -nr any-icmp.pcap 2>/dev/null | cmp -s - any-icmp.n.out ||
	echo "record.sh: netstep's -i any filter kept other frames than tcpdump's"
wc -l decode.n.out decode.Sn.out any.n.out any-icmp.n.out
