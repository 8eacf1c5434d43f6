/* test_ffmt.c: the packet printers' printf gives what glibc's gives for
 * every conversion it knows, cut the same way. */
#include <stdio.h>

#include "testlib.h"
#include "ffmt.h"

/* cutting the output is what the second test is about */
#pragma GCC diagnostic ignored "-Wformat-truncation"

#define SAME(n, ...) do { \
	char want_[256], got_[256]; \
	size_t k_; \
	snprintf(want_, (n), __VA_ARGS__); \
	k_ = ffmt(got_, (n), __VA_ARGS__); \
	assert_string_equal(got_, want_); \
	assert_int_equal(k_, strlen(want_)); \
} while (0)

static void test_conversions_as_glibc(void **state)
{
	(void)state;
	SAME(256, "IP %s.%u > %s.%u: UDP, length %u", "10.0.0.1", 40000u,
	     "10.0.0.2", 5000u, 0u);
	SAME(256, "%02u:%02u:%02u.%06u ", 1u, 2u, 3u, 4567u);
	SAME(256, "%-5s %-3s|", "eth0", "In");
	SAME(256, "%-5s|%5s|", "toolong", "ab");
	SAME(256, "0x%04x %02x %x %04zx", 0x800u, 0xabu, 0u, (size_t)0x1f);
	SAME(256, "%zu bytes, %lu, %llu", (size_t)12345, 4000000000ul,
	     18446744073709551615ull);
	SAME(256, "%d %d %05d %-4d| %ld", -7, 0, -42, 3, -9000000000l);
	SAME(256, "%c%c [%s] 100%%", 'a', '.', "");
	SAME(256, "%u %u", 0u, 4294967295u);
	SAME(256, "[%*s] [%-*s] [%*u]", 5, "ab", 4, "c", -6, 42u);
}

static void test_cut_like_vsnprintf(void **state)
{
	(void)state;
	SAME(1, "abc %u", 5u);
	SAME(4, "abc %u", 5u);
	SAME(6, "abc %u", 12345u);
	SAME(8, "%-10s|", "x");
	SAME(5, "%010u", 7u);
	SAME(3, "%s", "hello");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conversions_as_glibc),
		cmocka_unit_test(test_cut_like_vsnprintf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
