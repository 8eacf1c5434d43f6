/* test_tcpdump.c: packet taps -- where tcpdump sees packets, -c, filters,
 * -w files read back with libpcap, and exactly-once output when the
 * debugger goes back and re-runs steps. */
#include "testlib.h"

#include <pcap/pcap.h>
#include <unistd.h>

#include "debug.h"
#include "stages.h"
#include "tap.h"

#define NEIGH "ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev eth0 " \
	      "nud permanent\n"

/* A run whose steps also go to a tap_io, as batch mode feeds it. */
struct tt {
	struct tap_io io;
	char *buf;
	size_t len;
	FILE *text;
	struct tw_trace *tr;
};

static void tt_sink(void *arg, const struct world *w, const struct step *s)
{
	struct tt *t = arg;

	tap_io_step(&t->io, w, s);
	if (t->tr)
		tw_trace_sink(t->tr, w, s);
}

static enum cmd_status tt_run(struct world *w, struct tt *t, const char *text)
{
	struct cmd_ctx ctx;
	enum cmd_status st;
	char *ebuf = NULL;
	size_t elen = 0;
	FILE *err = open_memstream(&ebuf, &elen);

	assert_non_null(err);
	cmd_ctx_init(&ctx, t->text, err);
	ctx.sink.fn = tt_sink;
	ctx.sink.arg = t;
	st = scenario_run_text(w, &ctx, "test", text);
	cmd_ctx_free(&ctx);
	fclose(err);
	tw_copy_stream(tw_err, ebuf, elen);
	free(ebuf);
	fflush(t->text);
	return st;
}

static void tt_init(struct tt *t, bool trace)
{
	memset(t, 0, sizeof(*t));
	t->text = open_memstream(&t->buf, &t->len);
	assert_non_null(t->text);
	tap_io_init(&t->io, t->text);
	t->tr = trace ? tw_trace_new() : NULL;
}

static void tt_free(struct tt *t)
{
	tap_io_close(&t->io);
	fclose(t->text);
	free(t->buf);
	if (t->tr)
		tw_trace_free(t->tr);
}

static size_t count_lines(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* The step that decided packet pkt's fate, or NULL. */
static const struct step *fate_step(const struct tw_trace *tr, uint32_t pkt)
{
	for (size_t i = 0; i < tr->n; i++)
		if (tr->s[i].has_fate && tr->s[i].fate.pkt == pkt)
			return &tr->s[i];
	return NULL;
}

static void test_rx_tap_sees_what_routing_and_udp_drop(void **state)
{
	/* deliver_skb runs before ip_rcv: a packet with no route (ip_forward
	 * off) and one with a bad UDP checksum are both printed, and both
	 * are dropped later, after the tap step */
	struct world *w = tw_new();
	struct tt t;
	const struct step *f1, *f2;

	(void)state;
	tt_init(&t, true);
	tw_ok(w, TW_HOST "socket app udp bind 10.0.0.2:5000\n");
	assert_int_equal(tt_run(w, &t, "tcpdump -n -i eth0\n"
		"inject eth0 udp 10.0.0.1:1 > 192.0.2.7:2 len 4\n"
		"inject eth0 udp 10.0.0.1:1 > 10.0.0.2:5000 payload \"x\" "
		"bad-l4-csum\n"), CMD_OK);
	f1 = fate_step(t.tr, 1);
	f2 = fate_step(t.tr, 2);
	assert_non_null(f1);
	assert_non_null(f2);
	assert_int_equal(f1->fate.fate, FATE_DROPPED);
	assert_int_equal(f2->fate.fate, FATE_DROPPED);
	assert_int_equal(f2->fate.reason, DROP_UDP_CSUM);
	assert_int_equal(w->tap[0].seen, 2);
	assert_non_null(strstr(t.buf, "00:00:00.0"));
	assert_non_null(strstr(t.buf, " IP 10.0.0.1.1 > 192.0.2.7.2: UDP, "
			       "length 4\n"));
	assert_non_null(strstr(t.buf, " IP 10.0.0.1.1 > 10.0.0.2.5000: UDP, "
			       "length 1\n"));
	/* the tap's step is __netif_receive_skb_core, before the drop */
	for (size_t i = 0; i < t.tr->n; i++)
		if (t.tr->s[i].no == w->tap[0].hit_step)
			assert_int_equal(t.tr->s[i].stage,
					 ST_netif_receive_skb_core);
	assert_true(w->tap[0].hit_step < f2->no);
	tt_free(&t);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_tx_tap_misses_qdisc_drops(void **state)
{
	/* dev_queue_xmit_nit is in dev_hard_start_xmit, after the qdisc: a
	 * datagram pfifo_fast drops never reaches the tap */
	struct world *w = tw_new();
	struct tt t;
	uint64_t drops, sent;

	(void)state;
	tt_init(&t, false);
	tw_ok(w, "nic add eth0 mac 02:00:00:00:00:02 tx-ring 64\n"
	      "ip link set eth0 up\nip link set eth0 txqueuelen 5\n"
	      "ip addr add 10.0.0.2/24 dev eth0\n" NEIGH
	      "socket app udp bind 10.0.0.2:5000\n");
	assert_int_equal(tt_run(w, &t, "tcpdump -i eth0 -Q out\n"
		"send app to 10.0.0.1:7000 len 1400 count 200\n"
		"run 100ms\n"), CMD_OK);
	drops = w->dev[2].qdisc.drops;
	sent = w->dev[2].stats[DEVC_tx_packets];
	assert_true(drops > 0);
	assert_int_equal(sent + drops, 200);
	assert_int_equal(w->tap[0].seen, sent);
	assert_int_equal(count_lines(t.buf, "> 10.0.0.1.7000: UDP"), sent);
	tt_free(&t);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_count_stops_the_capture(void **state)
{
	struct world *w = tw_new();
	struct tt t;

	(void)state;
	tt_init(&t, false);
	tw_ok(w, TW_HOST NEIGH);
	assert_int_equal(tt_run(w, &t, "tcpdump -n -c 2 -i eth0 udp\n"
		"inject eth0 udp 10.0.0.1:1 > 10.0.0.2:2 count 5 gap 1ms\n"),
		CMD_OK);
	assert_false(w->tap[0].active);
	assert_int_equal(w->tap[0].seen, 2);
	assert_int_equal(count_lines(t.buf, ": UDP, length 0\n"), 2);
	assert_non_null(strstr(t.buf, "2 packets captured\n"
			       "2 packets received by filter\n"
			       "0 packets dropped by kernel\n"));
	/* the slot is free again; a stop finds nothing running */
	assert_int_not_equal(tt_run(w, &t, "tcpdump stop\n"), CMD_OK);
	tt_free(&t);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_filter_selects(void **state)
{
	struct world *w = tw_new();
	struct tt t;

	(void)state;
	tt_init(&t, false);
	tw_ok(w, TW_HOST);
	assert_int_equal(tt_run(w, &t, "tcpdump -n -i eth0 udp dst port 6000\n"
		"inject eth0 udp 10.0.0.1:1 > 10.0.0.2:5000\n"
		"inject eth0 udp 10.0.0.1:1 > 10.0.0.2:6000\n"
		"inject eth0 arp request 10.0.0.1 > 10.0.0.2\n"
		"tcpdump stop eth0\n"), CMD_OK);
	assert_int_equal(w->tap[0].seen, 1);
	assert_non_null(strstr(t.buf, "IP 10.0.0.1.1 > 10.0.0.2.6000: UDP"));
	assert_null(strstr(t.buf, ".5000:"));
	assert_null(strstr(t.buf, "ARP"));
	assert_non_null(strstr(t.buf, "1 packet captured\n"));
	tt_free(&t);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_write_reads_back_with_libpcap(void **state)
{
	/* two frames in, and the ICMP port unreachable the second makes,
	 * out: the file holds exactly those bytes, with simulated times */
	static const char *rx[] = {
		/* an EtherType nobody handles: freed right after the tap */
		"020000000002020000000001abcd0001020304",
		/* udp 10.0.0.1:40000 > 10.0.0.2:5001 payload "hi" (oracle) */
		"02000000000202000000000108004500001e00010000401166cc0a000001"
		"0a0000029c401389000ad3a46869",
	};
	struct world *w = tw_new();
	struct tt t;
	char path[] = "/tmp/netstep-tap-XXXXXX", errbuf[PCAP_ERRBUF_SIZE];
	char text[1024];
	uint8_t want[128];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p;
	int fd = mkstemp(path), n = 0;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	tt_init(&t, false);
	tw_ok(w, TW_HOST NEIGH);
	snprintf(text, sizeof(text), "tcpdump -i eth0 -w %s\n"
		 "inject eth0 raw %s\ninject eth0 raw %s\n", path, rx[0], rx[1]);
	assert_int_equal(tt_run(w, &t, text), CMD_OK);
	tap_io_close(&t.io);
	p = pcap_open_offline(path, errbuf);
	assert_non_null(p);
	assert_int_equal(pcap_datalink(p), DLT_EN10MB);
	while (pcap_next_ex(p, &h, &data) == 1) {
		if (n < 2) {
			size_t len = unhex(rx[n], want);

			assert_int_equal(h->caplen, len);
			assert_int_equal(h->len, len);
			assert_memory_equal(data, want, len);
		} else {
			/* the reply leaves with our MAC, to the sender's */
			assert_memory_equal(data, "\x02\0\0\0\0\x01\x02\0\0\0\0"
					    "\x02\x08\x00", 14);
			assert_int_equal(data[14 + 9], 1);    /* ICMP */
			assert_int_equal(data[14 + 20], 3);   /* unreachable */
		}
		assert_true(h->ts.tv_sec == 0 && h->ts.tv_usec < 1000000);
		n++;
	}
	assert_int_equal(n, 3);
	assert_int_equal(w->tap[0].seen, 3);
	pcap_close(p);
	unlink(path);
	tt_free(&t);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_going_back_prints_once(void **state)
{
	/* reverse-step restores a checkpoint and re-runs the steps: the tap
	 * captures again in the re-run, and tap_io emits nothing twice */
	struct world *w = tw_new();
	struct cmd_ctx ctx;
	struct dbg d;
	struct script sc = { 0 };
	struct tap_io io;
	char *buf = NULL, *obuf = NULL;
	size_t len = 0, olen = 0, before;
	FILE *text = open_memstream(&buf, &len);
	FILE *out = open_memstream(&obuf, &olen);

	(void)state;
	assert_true(script_add_text(&sc, "test", TW_HOST NEIGH
		"socket app udp bind 10.0.0.2:5000\n"
		"tcpdump -n -i eth0\n"
		"inject eth0 icmp 10.0.0.1 > 10.0.0.2 echo-request id 1 seq 1 "
		"count 3 gap 1ms\n"));
	cmd_ctx_init(&ctx, out, out);
	assert_true(dbg_init(&d, w, &ctx, &sc));
	tap_io_init(&io, text);
	d.taps = &io;
	while (dbg_step(&d, 1) == DBG_STEPPED)
		;
	fflush(text);
	assert_int_equal(count_lines(buf, "ICMP echo request"), 3);
	assert_int_equal(count_lines(buf, "ICMP echo reply"), 3);
	before = len;
	dbg_reverse_step(&d, 40);
	dbg_goto(&d, 5);
	dbg_continue(&d);
	fflush(text);
	assert_int_equal(len, before);
	assert_int_equal(w->tap[0].seen, 6);
	/* a command in the past that changes the world is a new path: the
	 * steps after it print again */
	dbg_goto(&d, 2);
	assert_int_equal(dbg_command(&d, "sysctl -w "
		"net.ipv4.icmp_echo_ignore_all=1"), CMD_OK);
	dbg_continue(&d);
	fflush(text);
	assert_true(len > before);
	assert_true(count_lines(buf + before, "ICMP echo request") >= 1);
	assert_int_equal(count_lines(buf + before, "ICMP echo reply"), 0);
	dbg_free(&d);
	tap_io_close(&io);
	cmd_ctx_free(&ctx);
	fclose(text);
	fclose(out);
	free(buf);
	free(obuf);
	tw_free(w);
}

static void test_errors_in_tcpdumps_words(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST "nic add eth1\n");
	tw_fails(w, "tcpdump -i eth9\n", "tcpdump: eth9: No such device exists");
	tw_fails(w, "tcpdump -i eth1\n", "tcpdump: eth1: That device is not up");
	tw_fails(w, "tcpdump -i eth0 udp porrt 5\n",
		 "tcpdump: can't parse filter expression: syntax error");
	tw_fails(w, "tcpdump -c 0 -i eth0\n", "tcpdump: invalid packet count 0");
	tw_fails(w, "tcpdump -Q sideways -i eth0\n",
		 "tcpdump: unknown capture direction `sideways'");
	tw_fails(w, "tcpdump -i eth0 -w /nonexistent/x.pcap\n",
		 "tcpdump: /nonexistent/x.pcap: No such file or directory");
	tw_fails(w, "tcpdump stop\n", "tcpdump: no capture running");
	tw_ok(w, "tcpdump -i eth0\ntcpdump -i eth0\ntcpdump -i eth0\n"
	      "tcpdump -i eth0\n");
	tw_fails(w, "tcpdump -i eth0\n", "at most 4 captures");
	tw_ok(w, "tcpdump stop\n");
	assert_non_null(strstr(tw_out, "0 packets captured"));
	tw_free(w);
}

static void test_lines_match_tcpdump(void **state)
{
	/* spot checks of the printer; tests/tcpdump compares whole runs with
	 * the real tcpdump */
	uint8_t f[64];
	char line[512];
	size_t n = unhex("ffffffffffff0200000000010806000108000604000102000000"
			 "00010a000001000000000000" "0a000002", f);

	tap_format(f, n, n, 1234567000ull, 0, line, sizeof(line));
	assert_string_equal(line, "00:00:01.234567 ARP, Request who-has "
			    "10.0.0.2 tell 10.0.0.1, length 28\n");
	tap_format(f, n, n, 0, TAPF_ETHER, line, sizeof(line));
	assert_string_equal(line, "00:00:00.000000 02:00:00:00:00:01 > "
			    "ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length "
			    "42: Request who-has 10.0.0.2 tell 10.0.0.1, "
			    "length 28\n");
	tap_format(f, 10, 10, 0, 0, line, sizeof(line));
	assert_string_equal(line, "00:00:00.000000  [|ether]\n");
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rx_tap_sees_what_routing_and_udp_drop),
		cmocka_unit_test(test_tx_tap_misses_qdisc_drops),
		cmocka_unit_test(test_count_stops_the_capture),
		cmocka_unit_test(test_filter_selects),
		cmocka_unit_test(test_write_reads_back_with_libpcap),
		cmocka_unit_test(test_going_back_prints_once),
		cmocka_unit_test(test_errors_in_tcpdumps_words),
		cmocka_unit_test(test_lines_match_tcpdump),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
