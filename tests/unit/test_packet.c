/*
 * test_packet.c: the PACKET grammar (packet.c, CONTRACTS.md 2.2-2.3).
 *
 * Every expected frame below was printed by
 *   python3 ../shared/oracle/oracle.py build 'inject eth0 PACKET'
 * for a NIC whose MAC is 02:00:00:00:00:02; netstep must make the same
 * bytes.
 */
#include "testlib.h"

static const uint8_t nic_mac[6] = { 2, 0, 0, 0, 0, 2 };

struct vec {
	const char *line;
	const char *hex;
};

static const struct vec vectors[] = {
	{ "udp 10.0.0.1:40000 > 10.0.0.2:5000 payload \"hello\"",
	  "02000000000202000000000108004500002100010000401166c90a0000010a000002"
	  "9c401388000df83668656c6c6f" },
	{ "icmp 10.0.0.1 > 10.0.0.2 echo-request id 7 seq 1 len 8",
	  "02000000000202000000000108004500002400010000400166d60a0000010a000002"
	  "0800f7f7000700010000000000000000" },
	{ "arp request 10.0.0.1 > 10.0.0.2 dst-mac broadcast",
	  "ffffffffffff020000000001080600010800060400010200000000010a000001"
	  "0000000000000a000002" },
	{ "arp reply 10.0.0.7 is-at 02:00:00:00:00:07 > 10.0.0.2",
	  "020000000002020000000001080600010800060400020200000000070a000007"
	  "0200000000020a000002" },
	{ "tcp 10.0.0.1:1234 > 10.0.0.2:80 flags SA seq 100 ack 200",
	  "02000000000202000000000108004500002800010000400666cd0a0000010a000002"
	  "04d2005000000064000000c85012ffff95820000" },
	{ "udp 10.0.0.1:1 > 10.0.0.2:2 len 4 ttl 1 tos 16 id 99 df bad-ip-csum",
	  "02000000000202000000000108004510002000634000011165590a0000010a000002"
	  "00010002000cebd000000000" },
	{ "udp 10.0.0.1:1 > 10.0.0.2:2 ihl 6 no-udp-csum",
	  "02000000000202000000000108004600002000010000401165ca0a0000010a000002"
	  "000000000001000200080000" },
	{ "udp 10.0.0.1:1 > 10.0.0.2:2 bad-l4-csum truncate 30",
	  "02000000000202000000000108004500001c00010000401166ce0a000001" },
	{ "icmp 10.0.0.1 > 10.0.0.2 3/3 id 5 seq 6 mf frag-offset 16 "
	  "src-mac 02:00:00:00:00:09",
	  "02000000000202000000000908004500001c00012002400146dc0a0000010a000002"
	  "0303fcf100050006" },
	{ "udp 10.0.0.1:1 > 10.0.0.2:2 ihl 4",
	  "02000000000202000000000108004400001c00010000401167ce0a0000010a000002"
	  "000100020008ebd8" },
	/* "id" after another modifier is the IP id, not ICMP's */
	{ "icmp 10.0.0.1 > 10.0.0.2 echo-reply seq 3 ttl 9 id 300",
	  "02000000000202000000000108004500001c012c000009019cb30a0000010a000002"
	  "0000fffc00000003" },
	{ "tcp 10.0.0.1:5 > 10.0.0.2:6 flags PA len 3 dst-mac broadcast",
	  "ffffffffffff02000000000108004500002b00010000400666ca0a0000010a000002"
	  "0005000600000000000000005018ffff9bbc0000000000" },
	{ "udp 10.0.0.1:1 > 10.0.0.2:2 payload \"hi\" bad-l4-csum",
	  "02000000000202000000000108004500001e00010000401166cc0a0000010a000002"
	  "00010002000a836c6869" },
	{ "raw 0102030405060708090a0b0c0d0e0f truncate 10",
	  "0102030405060708090a" },
};


/* Splits line as a scenario would and parses it. */
static int parse(const char *line, struct pkt_spec *ps, char *err, size_t n)
{
	char buf[512];
	char *argv[64];
	int argc;

	snprintf(buf, sizeof(buf), "%s", line);
	argc = cmd_split(buf, argv, 64);
	assert_true(argc > 0);
	err[0] = 0;
	return packet_parse(argc, argv, nic_mac, ps, err, n);
}

static void test_frames_match_oracle(void **state)
{
	struct pkt_spec *ps = malloc(sizeof(*ps));
	uint8_t want[PACKET_MAX];
	char err[256];

	(void)state;
	assert_non_null(ps);
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		size_t n = unhex(vectors[i].hex, want);
		int rc = parse(vectors[i].line, ps, err, sizeof(err));

		if (rc)
			print_error("'%s': %s\n", vectors[i].line, err);
		assert_int_equal(rc, 0);
		if (ps->len != n || memcmp(ps->frame, want, n)) {
			print_error("frame differs from the oracle for '%s'\n",
				    vectors[i].line);
			for (size_t k = 0; k < ps->len; k++)
				print_error("%02x", ps->frame[k]);
			print_error("\n");
		}
		assert_int_equal(ps->len, n);
		assert_memory_equal(ps->frame, want, n);
		assert_int_equal(ps->count, 1);
		assert_int_equal(ps->gap_ns, 0);
	}
	free(ps);
}

static void test_built_frames_check_out(void **state)
{
	/* the good frames' IP headers and UDP checksums verify */
	struct pkt_spec *ps = malloc(sizeof(*ps));
	char err[256];

	(void)state;
	assert_non_null(ps);
	assert_int_equal(parse("udp 10.0.0.1:7 > 10.0.0.2:9 len 100 tos 4",
			       ps, err, sizeof(err)), 0);
	assert_int_equal(ps->len, 14 + 20 + 8 + 100);
	assert_int_equal(inet_csum(ps->frame + 14, 20), 0);
	assert_int_equal(get_be16(ps->frame + 14 + 2), 128);
	assert_int_equal(l4_csum(0x0a000001, 0x0a000002, 17, ps->frame + 34,
				 108), 0);
	/* bad-ip-csum: the right checksum + 1, so the header no longer sums
	 * to zero */
	assert_int_equal(parse("udp 10.0.0.1:7 > 10.0.0.2:9 bad-ip-csum",
			       ps, err, sizeof(err)), 0);
	assert_int_not_equal(inet_csum(ps->frame + 14, 20), 0);
	/* bad-fcs leaves the frame's bytes alone: only the NIC sees it */
	assert_int_equal(parse("udp 10.0.0.1:7 > 10.0.0.2:9 bad-fcs",
			       ps, err, sizeof(err)), 0);
	assert_true(ps->bad_fcs);
	assert_int_equal(ps->len, 14 + 20 + 8);
	assert_int_equal(inet_csum(ps->frame + 14, 20), 0);
	assert_int_equal(parse("raw 0200000000020200000000010800 bad-fcs",
			       ps, err, sizeof(err)), 0);
	assert_true(ps->bad_fcs);
	assert_int_equal(parse("udp 10.0.0.1:7 > 10.0.0.2:9", ps, err,
			       sizeof(err)), 0);
	assert_false(ps->bad_fcs);
	free(ps);
}

static void test_count_gap_and_quoting(void **state)
{
	struct pkt_spec *ps = malloc(sizeof(*ps));
	char err[256];

	(void)state;
	assert_non_null(ps);
	assert_int_equal(parse("udp 10.0.0.1:1 > 10.0.0.2:2 payload 'a b' "
			       "count 3 gap 10us", ps, err, sizeof(err)), 0);
	assert_int_equal(ps->count, 3);
	assert_int_equal(ps->gap_ns, 10000);
	assert_int_equal(ps->len, 14 + 20 + 8 + 3);
	assert_memory_equal(ps->frame + 42, "a b", 3);
	assert_int_equal(parse("raw 02:00:00:00:00:02 count 2 gap 1ms",
			       ps, err, sizeof(err)), 0);
	assert_int_equal(ps->len, 6);
	assert_int_equal(ps->count, 2);
	assert_int_equal(ps->gap_ns, 1000000);
	free(ps);
}

static void test_bad_lines_give_errors(void **state)
{
	static const char *const bad[] = {
		"udp 10.0.0.1 > 10.0.0.2:5",
		"udp 10.0.0.1:1 10.0.0.2:2",
		"udp 300.0.0.1:1 > 10.0.0.2:2",
		"udp 10.0.0.1:65536 > 10.0.0.2:2",
		"tcp 10.0.0.1:1 > 10.0.0.2:2",
		"tcp 10.0.0.1:1 > 10.0.0.2:2 flags SX",
		"icmp 10.0.0.1 > 10.0.0.2 bogus",
		"icmp 10.0.0.1 > 10.0.0.2 3/300",
		"icmp 10.0.0.1 > 10.0.0.2",
		"arp request 10.0.0.1",
		"arp reply 10.0.0.7 is-at 02:00 > 10.0.0.2",
		"raw 0g",
		"raw abc",
		"raw",
		"udp 10.0.0.1:1 > 10.0.0.2:2 ttl 256",
		"udp 10.0.0.1:1 > 10.0.0.2:2 ttl",
		"udp 10.0.0.1:1 > 10.0.0.2:2 frag-offset 7",
		"udp 10.0.0.1:1 > 10.0.0.2:2 ihl 16",
		"arp request 10.0.0.1 > 10.0.0.2 ttl 3",
		"raw 00 ttl 3",
		"udp 10.0.0.1:1 > 10.0.0.2:2 wibble",
		"tcp 10.0.0.1:1 > 10.0.0.2:2 flags S no-udp-csum",
		"udp 10.0.0.1:1 > 10.0.0.2:2 len 70000",
		"udp 10.0.0.1:1 > 10.0.0.2:2 gap 10xs",
		"udp 10.0.0.1:1 > 10.0.0.2:2 count 0",
		"udp 10.0.0.1:1 > 10.0.0.2:2 src-mac 01:02",
		"udp 10.0.0.1:1 > 10.0.0.2:2 dst-mac nobody",
		"foo 1 2",
		/* 2052 bytes: larger than any frame netstep takes */
		"udp 10.0.0.1:1 > 10.0.0.2:2 len 2010",
	};
	struct pkt_spec *ps = malloc(sizeof(*ps));
	char err[256];

	(void)state;
	assert_non_null(ps);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = parse(bad[i], ps, err, sizeof(err));

		if (rc != -1)
			print_error("accepted a bad line: '%s'\n", bad[i]);
		assert_int_equal(rc, -1);
		if (!err[0])
			print_error("no message for '%s'\n", bad[i]);
		assert_true(err[0] != 0);
	}
	/* messages speak the words' own terms */
	parse("foo 1 2", ps, err, sizeof(err));
	assert_non_null(strstr(err, "foo"));
	parse("udp 10.0.0.1:1 > 10.0.0.2:2 frag-offset 7", ps, err, sizeof(err));
	assert_non_null(strstr(err, "multiple of 8"));
	parse("raw 00 ttl 3", ps, err, sizeof(err));
	assert_non_null(strstr(err, "ttl"));
	free(ps);
}

static void test_inject_bad_packet_via_scenario(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST);
	assert_int_equal(tw_run(w, "inject eth0 udp 10.0.0.1:1 > 10.0.0.2:2 "
				"ttl 999\n"), CMD_USAGE);
	assert_non_null(strstr(tw_err, "test:1:"));
	assert_non_null(strstr(tw_err, "ttl"));
	assert_int_equal(tw_run(w, "inject eth9 raw 00\n"), CMD_USAGE);
	assert_non_null(strstr(tw_err, "eth9"));
	/* nothing was injected */
	assert_int_equal(w->next_pkt, 0);
	tw_assert_pools_empty(w);
	tw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frames_match_oracle),
		cmocka_unit_test(test_built_frames_check_out),
		cmocka_unit_test(test_count_gap_and_quoting),
		cmocka_unit_test(test_bad_lines_give_errors),
		cmocka_unit_test(test_inject_bad_packet_via_scenario),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
