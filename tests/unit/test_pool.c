/* test_pool.c: fixed-size handle pools (pool.c). */
#include "testlib.h"

#define CAP 4

static void test_alloc_gives_distinct_nonzero_handles(void **state)
{
	struct pool p;
	uint32_t next[CAP], h[CAP];

	(void)state;
	pool_init(&p, next, CAP);
	assert_int_equal(p.cap, CAP);
	assert_int_equal(p.in_use, 0);
	for (int i = 0; i < CAP; i++) {
		h[i] = pool_alloc(&p, next);
		assert_true(h[i] >= 1 && h[i] <= CAP);
		assert_true(pool_is_used(&p, next, h[i]));
		for (int j = 0; j < i; j++)
			assert_int_not_equal(h[i], h[j]);
	}
	assert_int_equal(p.in_use, CAP);
	for (int i = 0; i < CAP; i++)
		pool_free(&p, next, h[i]);
	assert_int_equal(p.in_use, 0);
}

static void test_first_alloc_is_handle_1_in_order(void **state)
{
	struct pool p;
	uint32_t next[CAP];

	(void)state;
	pool_init(&p, next, CAP);
	/* a fresh pool hands out slots in index order: deterministic */
	for (uint32_t i = 1; i <= CAP; i++)
		assert_int_equal(pool_alloc(&p, next), i);
	for (uint32_t i = 1; i <= CAP; i++)
		pool_free(&p, next, i);
	assert_int_equal(p.in_use, 0);
}

static void test_free_then_alloc_is_lifo(void **state)
{
	struct pool p;
	uint32_t next[CAP];
	uint32_t a, b, c;

	(void)state;
	pool_init(&p, next, CAP);
	a = pool_alloc(&p, next);
	b = pool_alloc(&p, next);
	c = pool_alloc(&p, next);
	pool_free(&p, next, a);
	pool_free(&p, next, c);
	/* last freed comes back first */
	assert_int_equal(pool_alloc(&p, next), c);
	assert_int_equal(pool_alloc(&p, next), a);
	assert_false(pool_is_used(&p, next, 4));
	pool_free(&p, next, a);
	pool_free(&p, next, b);
	pool_free(&p, next, c);
	assert_int_equal(p.in_use, 0);
}

static void test_full_pool_fails_and_counts(void **state)
{
	struct pool p;
	uint32_t next[CAP];

	(void)state;
	pool_init(&p, next, CAP);
	for (int i = 0; i < CAP; i++)
		assert_int_not_equal(pool_alloc(&p, next), 0);
	assert_int_equal(p.free_head, 0);
	assert_int_equal(p.fails, 0);
	assert_int_equal(pool_alloc(&p, next), 0);
	assert_int_equal(pool_alloc(&p, next), 0);
	assert_int_equal(p.fails, 2);
	assert_int_equal(p.in_use, CAP);
	/* one freed slot makes the next alloc succeed again */
	pool_free(&p, next, 2);
	assert_int_equal(pool_alloc(&p, next), 2);
	assert_int_equal(p.fails, 2);
	for (uint32_t i = 1; i <= CAP; i++)
		pool_free(&p, next, i);
	assert_int_equal(p.in_use, 0);
}

static void test_peak_is_high_water_mark(void **state)
{
	struct pool p;
	uint32_t next[CAP];
	uint32_t a, b, c;

	(void)state;
	pool_init(&p, next, CAP);
	a = pool_alloc(&p, next);
	b = pool_alloc(&p, next);
	c = pool_alloc(&p, next);
	assert_int_equal(p.peak, 3);
	pool_free(&p, next, b);
	pool_free(&p, next, c);
	assert_int_equal(p.in_use, 1);
	assert_int_equal(p.peak, 3);
	b = pool_alloc(&p, next);
	assert_int_equal(p.peak, 3);
	pool_free(&p, next, a);
	pool_free(&p, next, b);
	assert_int_equal(p.in_use, 0);
	assert_int_equal(p.peak, 3);
}

static void test_hwm_is_highest_handle_ever(void **state)
{
	struct pool p;
	uint32_t next[CAP];
	uint32_t a, b, c;

	(void)state;
	pool_init(&p, next, CAP);
	assert_int_equal(p.hwm, 0);
	a = pool_alloc(&p, next);
	b = pool_alloc(&p, next);
	c = pool_alloc(&p, next);
	assert_int_equal(p.hwm, 3);
	pool_free(&p, next, c);
	pool_free(&p, next, b);
	/* scans may stop at hwm: it never shrinks while handles below it
	 * come and go */
	assert_int_equal(p.hwm, 3);
	b = pool_alloc(&p, next);
	assert_int_equal(p.hwm, 3);
	pool_free(&p, next, a);
	pool_free(&p, next, b);
	assert_int_equal(p.in_use, 0);
	assert_int_equal(p.hwm, 3);
	/* every used handle lies at or below hwm */
	for (uint32_t h = p.hwm + 1; h <= CAP; h++)
		assert_false(pool_is_used(&p, next, h));
}

static void test_is_used_rejects_bad_handles(void **state)
{
	struct pool p;
	uint32_t next[CAP];

	(void)state;
	pool_init(&p, next, CAP);
	assert_false(pool_is_used(&p, next, 0));
	assert_false(pool_is_used(&p, next, CAP + 1));
	assert_false(pool_is_used(&p, next, 1));
	assert_int_equal(pool_alloc(&p, next), 1);
	assert_true(pool_is_used(&p, next, 1));
	pool_free(&p, next, 1);
	assert_false(pool_is_used(&p, next, 1));
	assert_int_equal(p.in_use, 0);
}

static void test_empty_pool(void **state)
{
	struct pool p;
	uint32_t next[1];

	(void)state;
	pool_init(&p, next, 0);
	assert_int_equal(pool_alloc(&p, next), 0);
	assert_int_equal(p.fails, 1);
	assert_int_equal(p.in_use, 0);
}

static void test_world_pools_start_empty(void **state)
{
	struct world *w = tw_new();

	(void)state;
	assert_int_equal(w->skb_pool.cap, SKB_MAX);
	assert_int_equal(w->sock_pool.in_use, 0);
	/* lo's 127.0.0.1/8 */
	assert_int_equal(w->ifa_pool.in_use, 1);
	/* the skb pool is LIFO too: alloc, free, alloc gives the same one */
	uint32_t h = skb_alloc(w);

	assert_int_equal(h, 1);
	assert_int_equal(SKB(w, h)->end, SKB_BUF);
	assert_int_equal(SKB(w, h)->len, 0);
	skb_free(w, h);
	assert_int_equal(skb_alloc(w), h);
	skb_free(w, h);
	tw_assert_pools_empty(w);
	tw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_gives_distinct_nonzero_handles),
		cmocka_unit_test(test_first_alloc_is_handle_1_in_order),
		cmocka_unit_test(test_free_then_alloc_is_lifo),
		cmocka_unit_test(test_full_pool_fails_and_counts),
		cmocka_unit_test(test_peak_is_high_water_mark),
		cmocka_unit_test(test_hwm_is_highest_handle_ever),
		cmocka_unit_test(test_is_used_rejects_bad_handles),
		cmocka_unit_test(test_empty_pool),
		cmocka_unit_test(test_world_pools_start_empty),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
