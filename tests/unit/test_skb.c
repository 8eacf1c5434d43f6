/* test_skb.c: sk_buff geometry (skb.c): reserve, put, push, pull, trim. */
#include "testlib.h"

/* A fresh skb from a world: head = data = tail = 0, end = SKB_BUF. */
static uint32_t new_skb(struct world *w)
{
	uint32_t h = skb_alloc(w);

	assert_int_not_equal(h, 0);
	assert_int_equal(SKB(w, h)->data, 0);
	assert_int_equal(SKB(w, h)->tail, 0);
	assert_int_equal(SKB(w, h)->end, SKB_BUF);
	assert_int_equal(SKB(w, h)->len, 0);
	return h;
}

static void check_invariant(const struct sk_buff *skb)
{
	assert_true(skb->data <= skb->tail);
	assert_true(skb->tail <= skb->end);
	assert_int_equal(skb->len, (uint32_t)(skb->tail - skb->data));
}

static void test_reserve_moves_data_and_tail(void **state)
{
	struct world *w = tw_new();
	uint32_t h = new_skb(w);
	struct sk_buff *skb = SKB(w, h);

	(void)state;
	assert_true(skb_reserve(skb, NET_SKB_PAD));
	assert_int_equal(skb->data, NET_SKB_PAD);
	assert_int_equal(skb->tail, NET_SKB_PAD);
	assert_int_equal(skb->len, 0);
	assert_int_equal(skb_headroom(skb), NET_SKB_PAD);
	check_invariant(skb);
	skb_free(w, h);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_reserve_refused_past_end_or_with_data(void **state)
{
	struct world *w = tw_new();
	uint32_t h = new_skb(w);
	struct sk_buff *skb = SKB(w, h);

	(void)state;
	/* exactly to the end is allowed, one more is not */
	assert_false(skb_reserve(skb, SKB_BUF + 1));
	assert_int_equal(skb->data, 0);
	assert_true(skb_reserve(skb, SKB_BUF - 10));
	assert_false(skb_reserve(skb, 11));
	assert_int_equal(skb->data, SKB_BUF - 10);
	assert_true(skb_reserve(skb, 10));
	assert_int_equal(skb->data, SKB_BUF);
	check_invariant(skb);
	skb_free(w, h);

	/* reserve only on an empty skb (the kernel reserves before any put) */
	h = new_skb(w);
	skb = SKB(w, h);
	assert_true(skb_put(skb, 4, NULL));
	assert_false(skb_reserve(skb, 16));
	assert_int_equal(skb->data, 0);
	assert_int_equal(skb->tail, 4);
	skb_free(w, h);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_put_appends_at_tail(void **state)
{
	struct world *w = tw_new();
	uint32_t h = new_skb(w);
	struct sk_buff *skb = SKB(w, h);
	uint8_t *p = NULL, *q = NULL;

	(void)state;
	assert_true(skb_reserve(skb, 100));
	assert_true(skb_put(skb, 20, &p));
	assert_ptr_equal(p, skb->buf + 100);
	memset(p, 0xab, 20);
	assert_true(skb_put(skb, 8, &q));
	assert_ptr_equal(q, skb->buf + 120);
	assert_int_equal(skb->len, 28);
	assert_int_equal(skb->tail, 128);
	assert_int_equal(skb_data(skb)[0], 0xab);
	check_invariant(skb);
	skb_free(w, h);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_put_refused_at_end(void **state)
{
	struct world *w = tw_new();
	uint32_t h = new_skb(w);
	struct sk_buff *skb = SKB(w, h);
	uint8_t *p = (uint8_t *)1;

	(void)state;
	assert_true(skb_put(skb, SKB_BUF - 1, NULL));
	assert_false(skb_put(skb, 2, &p));
	/* refused: nothing moved and out untouched (skb_over_panic) */
	assert_ptr_equal(p, (uint8_t *)1);
	assert_int_equal(skb->tail, SKB_BUF - 1);
	assert_int_equal(skb->len, SKB_BUF - 1);
	assert_true(skb_put(skb, 1, NULL));
	assert_int_equal(skb->tail, skb->end);
	assert_false(skb_put(skb, 1, NULL));
	check_invariant(skb);
	skb_free(w, h);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_push_uses_headroom(void **state)
{
	struct world *w = tw_new();
	uint32_t h = new_skb(w);
	struct sk_buff *skb = SKB(w, h);

	(void)state;
	assert_true(skb_reserve(skb, 34));
	assert_true(skb_put(skb, 8, NULL));
	assert_true(skb_push(skb, 20));     /* an IP header */
	assert_int_equal(skb->data, 14);
	assert_int_equal(skb->len, 28);
	assert_true(skb_push(skb, 14));     /* an Ethernet header */
	assert_int_equal(skb->data, 0);
	assert_int_equal(skb->len, 42);
	/* no headroom left: skb_under_panic, refused */
	assert_false(skb_push(skb, 1));
	assert_int_equal(skb->data, 0);
	assert_int_equal(skb->len, 42);
	check_invariant(skb);
	skb_free(w, h);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_pull_consumes_front(void **state)
{
	struct world *w = tw_new();
	uint32_t h = new_skb(w);
	struct sk_buff *skb = SKB(w, h);

	(void)state;
	assert_true(skb_put(skb, 42, NULL));
	assert_true(skb_pull(skb, 14));
	assert_int_equal(skb->data, 14);
	assert_int_equal(skb->len, 28);
	assert_int_equal(skb->tail, 42);
	/* more than len: refused */
	assert_false(skb_pull(skb, 29));
	assert_int_equal(skb->data, 14);
	assert_int_equal(skb->len, 28);
	/* exactly len: empties it */
	assert_true(skb_pull(skb, 28));
	assert_int_equal(skb->len, 0);
	assert_int_equal(skb->data, skb->tail);
	assert_false(skb_pull(skb, 1));
	/* and push undoes a pull */
	assert_true(skb_push(skb, 42));
	assert_int_equal(skb->data, 0);
	assert_int_equal(skb->len, 42);
	check_invariant(skb);
	skb_free(w, h);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_trim_cuts_tail(void **state)
{
	struct world *w = tw_new();
	uint32_t h = new_skb(w);
	struct sk_buff *skb = SKB(w, h);

	(void)state;
	assert_true(skb_reserve(skb, 64));
	assert_true(skb_put(skb, 60, NULL));
	assert_true(skb_pull(skb, 14));
	/* trim to 33: an IP packet padded to 46 bytes on the wire */
	assert_true(skb_trim(skb, 33));
	assert_int_equal(skb->len, 33);
	assert_int_equal(skb->tail, 64 + 14 + 33);
	check_invariant(skb);
	/* growing is not trimming */
	assert_false(skb_trim(skb, 34));
	assert_int_equal(skb->len, 33);
	assert_true(skb_trim(skb, 33));
	assert_true(skb_trim(skb, 0));
	assert_int_equal(skb->tail, skb->data);
	check_invariant(skb);
	skb_free(w, h);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_truesize_and_clone(void **state)
{
	struct world *w = tw_new();
	uint32_t h = new_skb(w), c;

	(void)state;
	assert_int_equal(skb_truesize(SKB_BUF), SKB_BUF + SKB_STRUCT_SIZE);
	assert_int_equal(SKB(w, h)->truesize, skb_truesize(SKB_BUF));
	assert_true(skb_put(SKB(w, h), 10, NULL));
	SKB(w, h)->buf[3] = 0x5a;
	c = skb_clone(w, h);
	assert_int_not_equal(c, 0);
	assert_int_not_equal(c, h);
	assert_int_equal(SKB(w, c)->parent, h);
	assert_true(SKB(w, c)->cloned && SKB(w, h)->cloned);
	assert_int_equal(SKB(w, c)->len, 10);
	assert_int_equal(SKB(w, c)->buf[3], 0x5a);
	/* a full copy: changing the clone leaves the original alone */
	SKB(w, c)->buf[3] = 0;
	assert_int_equal(SKB(w, h)->buf[3], 0x5a);
	assert_int_equal(w->skb_pool.in_use, 2);
	skb_free(w, c);
	skb_free(w, h);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_queue_fifo_and_bytes(void **state)
{
	struct world *w = tw_new();
	struct skb_queue q = { 0 };
	uint32_t a = new_skb(w), b = new_skb(w);

	(void)state;
	assert_true(skb_put(SKB(w, a), 5, NULL));
	assert_true(skb_put(SKB(w, b), 7, NULL));
	skbq_tail(w, &q, a);
	skbq_tail(w, &q, b);
	assert_int_equal(q.qlen, 2);
	assert_int_equal(q.bytes, 12);
	assert_int_equal(skbq_dequeue(w, &q), a);
	assert_int_equal(q.bytes, 7);
	skb_free(w, a);
	skbq_purge(w, &q);
	assert_int_equal(q.qlen, 0);
	assert_int_equal(q.head, 0);
	assert_int_equal(q.tail, 0);
	assert_int_equal(skbq_dequeue(w, &q), 0);
	tw_assert_pools_empty(w);
	tw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reserve_moves_data_and_tail),
		cmocka_unit_test(test_reserve_refused_past_end_or_with_data),
		cmocka_unit_test(test_put_appends_at_tail),
		cmocka_unit_test(test_put_refused_at_end),
		cmocka_unit_test(test_push_uses_headroom),
		cmocka_unit_test(test_pull_consumes_front),
		cmocka_unit_test(test_trim_cuts_tail),
		cmocka_unit_test(test_truesize_and_clone),
		cmocka_unit_test(test_queue_fifo_and_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
