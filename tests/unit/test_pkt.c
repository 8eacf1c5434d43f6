/* test_pkt.c: the checked reader, checksums, builders and address parsing
 * (pkt.c). */
#include <sys/mman.h>
#include <unistd.h>

#include "testlib.h"


/* ---- reader ---- */

static void test_reader_reads_big_endian(void **state)
{
	static const uint8_t b[] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde };
	struct pkt_reader r;
	uint8_t two[2];

	(void)state;
	pkt_reader_init(&r, b, sizeof(b));
	assert_int_equal(pkt_left(&r), 7);
	assert_int_equal(pkt_u8(&r), 0x12);
	assert_int_equal(pkt_be16(&r), 0x3456);
	assert_int_equal(pkt_be32(&r), 0x789abcde);
	assert_false(r.short_read);
	assert_int_equal(pkt_left(&r), 0);
	pkt_reader_init(&r, b, sizeof(b));
	pkt_skip(&r, 5);
	pkt_bytes(&r, two, 2);
	assert_int_equal(two[0], 0xbc);
	assert_int_equal(two[1], 0xde);
	assert_false(r.short_read);
}

static void test_reader_short_read_is_sticky(void **state)
{
	static const uint8_t b[] = { 0x45, 0x00, 0x00 };
	struct pkt_reader r;
	uint8_t out[4] = { 1, 2, 3, 4 };

	(void)state;
	pkt_reader_init(&r, b, sizeof(b));
	assert_int_equal(pkt_be16(&r), 0x4500);
	/* one byte left: a 32-bit read fails, yields 0, and sets the flag */
	assert_int_equal(pkt_be32(&r), 0);
	assert_true(r.short_read);
	/* the flag sticks: even a read that would fit now yields 0 */
	assert_int_equal(pkt_u8(&r), 0);
	assert_int_equal(pkt_be16(&r), 0);
	assert_true(r.short_read);
	assert_int_equal(pkt_left(&r), 0);
	/* pkt_bytes zero-fills on a short read */
	pkt_bytes(&r, out, sizeof(out));
	assert_int_equal(out[0] | out[1] | out[2] | out[3], 0);
	assert_true(r.short_read);
}

static void test_reader_never_reads_past_end(void **state)
{
	/* the cursor sits on the last byte of a larger buffer: byte 0xee
	 * past end must never be read */
	static const uint8_t b[] = { 0x01, 0xee, 0xee, 0xee };
	struct pkt_reader r;

	(void)state;
	pkt_reader_init(&r, b, 1);
	assert_int_equal(pkt_be16(&r), 0);
	assert_true(r.short_read);
	pkt_reader_init(&r, b, 1);
	pkt_skip(&r, 2);
	assert_true(r.short_read);
	assert_int_equal(pkt_u8(&r), 0);
	pkt_reader_init(&r, b, 0);
	assert_int_equal(pkt_u8(&r), 0);
	assert_true(r.short_read);
	pkt_reader_init(&r, b, 1);
	assert_int_equal(pkt_u8(&r), 0x01);
	assert_false(r.short_read);
	assert_int_equal(pkt_u8(&r), 0);
	assert_true(r.short_read);
}

/* ---- checksums ---- */

static void test_csum_rfc1071_example(void **state)
{
	/* RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2 */
	static const uint8_t b[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5,
				     0xf6, 0xf7 };

	(void)state;
	assert_int_equal(csum_add(0, b, sizeof(b)), 0xddf2);
	assert_int_equal(inet_csum(b, sizeof(b)), 0x220d);
	/* accumulating in pieces (even splits) gives the same sum */
	assert_int_equal(csum_fold(csum_add(csum_add(0, b, 4), b + 4, 4)),
			 0x220d);
}

static void test_csum_odd_length_pads_zero(void **state)
{
	static const uint8_t odd[] = { 0x12, 0x34, 0x56 };
	static const uint8_t even[] = { 0x12, 0x34, 0x56, 0x00 };

	(void)state;
	assert_int_equal(inet_csum(odd, 3), inet_csum(even, 4));
	assert_int_equal(inet_csum(odd, 3), (uint16_t)~(0x1234 + 0x5600));
	assert_int_equal(inet_csum(odd, 0), 0xffff);
}

static void test_csum_ipv4_header_vector(void **state)
{
	/* the classic example: 4500 0073 0000 4000 4011 b861 c0a8 0001
	 * c0a8 00c7; its checksum is b861 and the whole header sums to 0 */
	uint8_t h[20];

	(void)state;
	unhex("450000730000400040110000c0a80001c0a800c7", h);
	assert_int_equal(inet_csum(h, 20), 0xb861);
	ip_fill_csum(h, 20);
	assert_int_equal(get_be16(h + 10), 0xb861);
	assert_int_equal(inet_csum(h, 20), 0);
}

static void test_build_iphdr_matches_oracle(void **state)
{
	/* ../shared/oracle/oracle.py build 'inject eth0 udp 10.0.0.1:40000 >
	 * 10.0.0.2:5000 payload "hello"': the IP header of that frame */
	uint8_t want[20], got[40];
	size_t n;

	(void)state;
	unhex("4500002100010000401166c90a0000010a000002", want);
	n = build_iphdr(got, &(struct ip_spec){ .ihl = 5, .ttl = 64,
			.proto = 17, .id = 1, .saddr = 0x0a000001,
			.daddr = 0x0a000002, .payload_len = 13 });
	assert_int_equal(n, 20);
	assert_memory_equal(got, want, 20);
	/* ihl 6: a 24-byte header, counted in the total length */
	n = build_iphdr(got, &(struct ip_spec){ .ihl = 6, .ttl = 64,
			.proto = 17, .id = 1, .saddr = 0x0a000001,
			.daddr = 0x0a000002, .payload_len = 8 });
	assert_int_equal(n, 24);
	assert_int_equal(got[0], 0x46);
	assert_int_equal(get_be16(got + 2), 32);
	assert_int_equal(get_be16(got + 10), 0x65ca);  /* the oracle's */
	assert_int_equal(inet_csum(got, 24), 0);
}

static void test_udp_csum_matches_oracle(void **state)
{
	/* same frame: UDP 40000 > 5000 "hello", checksum f836 */
	uint8_t u[13];

	(void)state;
	unhex("9c401388000d000068656c6c6f", u);
	udp_fill_csum(u, 13, 0x0a000001, 0x0a000002);
	assert_int_equal(get_be16(u + 6), 0xf836);
	assert_int_equal(l4_csum(0x0a000001, 0x0a000002, 17, u, 13), 0);
}

static void test_udp_csum_zero_becomes_ffff(void **state)
{
	/* Make the UDP checksum come out 0: with a zero payload word the
	 * checksum is c0 = ~S, so a payload word of c0 makes the sum ffff and
	 * the checksum 0, which UDP must send as ffff (RFC 768). */
	uint8_t u[10] = { 0x00, 0x01, 0x00, 0x02, 0x00, 0x0a, 0, 0, 0, 0 };
	uint16_t c0 = l4_csum(0x0a000001, 0x0a000002, 17, u, 10);

	(void)state;
	put_be16(u + 8, c0);
	assert_int_equal(l4_csum(0x0a000001, 0x0a000002, 17, u, 10), 0);
	udp_fill_csum(u, 10, 0x0a000001, 0x0a000002);
	assert_int_equal(get_be16(u + 6), 0xffff);
	/* ffff verifies as good: the sum is still 0 in ones' complement */
	assert_int_equal(l4_csum(0x0a000001, 0x0a000002, 17, u, 10), 0);
}

static void test_icmp_csum_matches_oracle(void **state)
{
	/* 'icmp 10.0.0.1 > 10.0.0.2 echo-request id 7 seq 1 len 8': f7f7 */
	uint8_t m[16];

	(void)state;
	unhex("08000000000700010000000000000000", m);
	icmp_fill_csum(m, 16);
	assert_int_equal(get_be16(m + 2), 0xf7f7);
}

static void test_csum_damage_wraps(void **state)
{
	(void)state;
	assert_int_equal(csum_damage(0x1234), 0x1235);
	assert_int_equal(csum_damage(0x0000), 0x0001);
	assert_int_equal(csum_damage(0xfffe), 0xffff);
	/* ffff + 1 wraps to 0, which would mean "no checksum": 0001 */
	assert_int_equal(csum_damage(0xffff), 0x0001);
}

/* ---- builders, byte order ---- */

static void test_put_get_be(void **state)
{
	uint8_t b[6];
	static const uint8_t mac_d[6] = { 2, 0, 0, 0, 0, 2 };
	static const uint8_t mac_s[6] = { 2, 0, 0, 0, 0, 1 };
	uint8_t eth[14];

	(void)state;
	put_be16(b, 0xbeef);
	put_be32(b + 2, 0x01020304);
	assert_int_equal(b[0], 0xbe);
	assert_int_equal(b[1], 0xef);
	assert_int_equal(b[2], 1);
	assert_int_equal(b[5], 4);
	assert_int_equal(get_be16(b), 0xbeef);
	assert_int_equal(get_be32(b + 2), 0x01020304);
	assert_int_equal(build_eth(eth, mac_d, mac_s, 0x0806), 14);
	assert_memory_equal(eth, mac_d, 6);
	assert_memory_equal(eth + 6, mac_s, 6);
	assert_int_equal(get_be16(eth + 12), 0x0806);
}

/* ---- addresses ---- */

static void test_ip_parse_good(void **state)
{
	uint32_t a = 0;
	char buf[16];

	(void)state;
	assert_true(ip_parse("10.0.0.1", &a));
	assert_int_equal(a, 0x0a000001);
	assert_true(ip_parse("255.255.255.255", &a));
	assert_int_equal(a, 0xffffffffu);
	assert_true(ip_parse("0.0.0.0", &a));
	assert_int_equal(a, 0);
	assert_true(ip_parse("192.168.1.200", &a));
	assert_string_equal(ip_fmt(a, buf), "192.168.1.200");
}

static void test_ip_parse_bad(void **state)
{
	static const char *const bad[] = {
		"", "1", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.256",
		"1..2.3", ".1.2.3", "1.2.3.", "a.b.c.d", " 1.2.3.4",
		"1.2.3.4 ", "-1.2.3.4", "1.2.3.-4", "1.2.3.4/24", "1.2.3.4:80",
		"1.2.3.0004", "1.2.3.+4", "99999999999999999999.1.1.1",
	};
	uint32_t a = 0x5a5a5a5a;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (ip_parse(bad[i], &a))
			print_error("ip_parse accepted \"%s\"\n", bad[i]);
		assert_false(ip_parse(bad[i], &a));
	}
	/* a failed parse leaves the output alone */
	assert_int_equal(a, 0x5a5a5a5a);
}

static void test_mac_parse_good_and_bad(void **state)
{
	static const char *const bad[] = {
		"", "02:00:00:00:00", "02:00:00:00:00:0a:", "2:0:0:0:0:1",
		"02-00-00-00-00-01", "gg:00:00:00:00:01", "02:00:00:00:00:0a0",
		"0200.0000.0001", "02:00:00:00:00:0", "02:00:00:00:00:0a ",
	};
	uint8_t m[6];
	char buf[18];

	(void)state;
	assert_true(mac_parse("02:00:00:00:00:0a", m));
	assert_int_equal(m[0], 2);
	assert_int_equal(m[5], 10);
	assert_true(mac_parse("FF:ff:Ab:cD:00:99", m));
	assert_string_equal(mac_fmt(m, buf), "ff:ff:ab:cd:00:99");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (mac_parse(bad[i], m))
			print_error("mac_parse accepted \"%s\"\n", bad[i]);
		assert_false(mac_parse(bad[i], m));
	}
}

/* Copies str so that its NUL is the last byte before an unmapped page:
 * a parser reading past the end of the string faults. */
static char *at_page_end(char *page, size_t pagesz, const char *str)
{
	size_t n = strlen(str) + 1;
	char *p = page + pagesz - n;

	memcpy(p, str, n);
	return p;
}

static void test_parsers_stay_inside_the_string(void **state)
{
	static const char *const mac_bad[] = { "", "0", "02:", "02:00:00:00:00:",
					       "02:00:00:00:00:0" };
	static const char *const ip_bad[] = { "", "1", "1.", "1.2.3.", "1.2.3" };
	size_t pagesz = (size_t)sysconf(_SC_PAGESIZE);
	char *mem = mmap(NULL, 2 * pagesz, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint8_t m[6];
	uint32_t a;

	(void)state;
	assert_true(mem != MAP_FAILED);
	assert_int_equal(mprotect(mem + pagesz, pagesz, PROT_NONE), 0);
	for (size_t i = 0; i < sizeof(mac_bad) / sizeof(*mac_bad); i++)
		assert_false(mac_parse(at_page_end(mem, pagesz, mac_bad[i]), m));
	assert_true(mac_parse(at_page_end(mem, pagesz, "02:00:00:00:00:01"), m));
	for (size_t i = 0; i < sizeof(ip_bad) / sizeof(*ip_bad); i++)
		assert_false(ip_parse(at_page_end(mem, pagesz, ip_bad[i]), &a));
	assert_true(ip_parse(at_page_end(mem, pagesz, "10.0.0.1"), &a));
	munmap(mem, 2 * pagesz);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_reads_big_endian),
		cmocka_unit_test(test_reader_short_read_is_sticky),
		cmocka_unit_test(test_reader_never_reads_past_end),
		cmocka_unit_test(test_csum_rfc1071_example),
		cmocka_unit_test(test_csum_odd_length_pads_zero),
		cmocka_unit_test(test_csum_ipv4_header_vector),
		cmocka_unit_test(test_build_iphdr_matches_oracle),
		cmocka_unit_test(test_udp_csum_matches_oracle),
		cmocka_unit_test(test_udp_csum_zero_becomes_ffff),
		cmocka_unit_test(test_icmp_csum_matches_oracle),
		cmocka_unit_test(test_csum_damage_wraps),
		cmocka_unit_test(test_put_get_be),
		cmocka_unit_test(test_ip_parse_good),
		cmocka_unit_test(test_ip_parse_bad),
		cmocka_unit_test(test_mac_parse_good_and_bad),
		cmocka_unit_test(test_parsers_stay_inside_the_string),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
