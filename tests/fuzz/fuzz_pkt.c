/*
 * fuzz_pkt.c: arbitrary bytes as one Ethernet frame arriving on eth0.
 *
 * Input: one byte of host options, then the frame (0 to SKB_BUF bytes, as
 * `inject eth0 raw HEX [truncate N]` can make).  The host is eth0
 * 02:00:00:00:00:02, 10.0.0.2/24, with UDP sockets on 10.0.0.2:5000 and
 * 0.0.0.0:53; the option bits add a neighbour, forwarding to eth1, promisc,
 * rp_filter, a second copy of the frame, a small rcvbuf, a default route
 * and ICMP echo ignoring.  The world runs until settled, then 60 simulated
 * seconds (ARP timers), then the sockets are read dry.
 *
 * Besides any sanitizer report, these are bugs (abort): a step count
 * beyond any real path, and (unless NETSTEP_FUZZ_LEAKS=0) an skb still
 * allocated at the end that no queue explains (fragments held by ip_defrag
 * are allowed: the model has no reassembly timer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "engine.h"
#include "ip_fragment.h"
#include "scenario.h"
#include "world.h"

#define STEP_LIMIT 1000000

#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init("fuzz_pkt", STEP_LIMIT);
	return 0;
}

static void must(struct world *w, struct cmd_ctx *c, const char *text)
{
	if (scenario_run_text(w, c, "fuzz_pkt", text) != CMD_OK) {
		fprintf(stderr, "fuzz_pkt: setup failed: %s\n", text);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct world *w;
	uint8_t opt;
	size_t len;
	uint32_t h;

	if (size < 1 || size > 1 + SKB_BUF)
		return 0;
	opt = data[0];
	len = size - 1;
	w = world_new();
	if (!w)
		abort();
	fuzz_ctx_reset();
	must(w, &c,
	     "nic add eth0 mac 02:00:00:00:00:02\n"
	     "ip link set eth0 up\n"
	     "ip addr add 10.0.0.2/24 brd + dev eth0\n"
	     "socket app udp bind 10.0.0.2:5000\n"
	     "socket any udp bind 0.0.0.0:53 broadcast\n");
	if (opt & 0x01)
		must(w, &c, "ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 "
		     "dev eth0 nud permanent\n");
	if (opt & 0x02)
		must(w, &c, "nic add eth1 mac 02:00:00:00:01:02\n"
		     "ip link set eth1 up\n"
		     "ip addr add 10.1.0.2/24 dev eth1\n"
		     "ip neigh add 10.1.0.1 lladdr 02:00:00:00:01:01 dev eth1 "
		     "nud permanent\n"
		     "sysctl -q -w net.ipv4.ip_forward=1\n");
	if (opt & 0x04)
		must(w, &c, "ip link set eth0 promisc on\n");
	if (opt & 0x08)
		must(w, &c, "sysctl -q -w net.ipv4.conf.all.rp_filter=1\n");
	if (opt & 0x20)
		must(w, &c, "socket small udp bind 10.0.0.2:7 rcvbuf 0\n");
	if (opt & 0x40)
		must(w, &c, "sysctl -q -w net.ipv4.icmp_echo_ignore_all=1\n");
	if (opt & 0x80)
		must(w, &c, "ip route add default via 10.0.0.1\n");

	/* what `inject eth0 raw HEX [count 2]` does, without the hex */
	h = pool_alloc(&w->inj_pool, w->inj_next);
	if (!h)
		abort();
	w->inj[h - 1].dev = (uint8_t)dev_by_name(w, "eth0");
	w->inj[h - 1].len = (uint16_t)len;
	w->inj[h - 1].remaining = opt & 0x10 ? 2 : 1;
	w->inj[h - 1].gap_ns = 1000;
	memcpy(w->inj[h - 1].frame, data + 1, len);
	ev_push(w, w->now, EV_ARRIVAL, h);
	cmd_run_until(w, &c, UINT64_MAX, true);
	cmd_run_until(w, &c, w->now + 60ull * 1000000000ull, false);
	must(w, &c, "recv app all\nrecv any all\n");
	if (opt & 0x20)
		must(w, &c, "recv small all\n");
	cmd_run_until(w, &c, UINT64_MAX, true);

	if (!engine_settled(w)) {
		fprintf(stderr, "fuzz_pkt: not settled after 60 s\n");
		abort();
	}
	if (check_leaks && (w->skb_pool.in_use != ip_frag_usage(w).frags ||
			    w->inj_pool.in_use)) {
		fprintf(stderr, "fuzz_pkt: %u skb(s) left (%u held for "
			"reassembly), %u injector(s)\n", w->skb_pool.in_use,
			ip_frag_usage(w).frags, w->inj_pool.in_use);
		abort();
	}
	world_free(w);
	return 0;
}
