/* test_replay.c: captures replayed through the world -- one frame in the
 * world at a time, the capture's timing, and exact reverse steps while a
 * replay runs (the reader reopens the file and skips to the frame the
 * restored world asks for).  Uses captures/ (run from the repository). */
#include "testlib.h"
#include "debug.h"
#include "replay.h"

#define HOST "nic add eth0 mac 02:00:00:00:00:02\n" \
	     "ip link set eth0 up\n" \
	     "ip addr add 10.0.0.2/24 dev eth0\n" \
	     "socket app udp bind 10.0.0.2:5000\n"

#define NEIGH "ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev eth0 " \
	      "nud permanent\n"

struct td {
	struct world *w;
	struct cmd_ctx ctx;
	struct dbg d;
	FILE *out;
};

static struct td *td_new(const char *text)
{
	struct td *t = calloc(1, sizeof(*t));
	struct script sc = { 0 };

	assert_non_null(t);
	t->w = tw_new();
	t->out = fopen("/dev/null", "w");
	cmd_ctx_init(&t->ctx, t->out, t->out);
	assert_true(script_add_text(&sc, "test", text));
	assert_true(dbg_init(&t->d, t->w, &t->ctx, &sc));
	return t;
}

static void td_free(struct td *t)
{
	dbg_free(&t->d);
	cmd_ctx_free(&t->ctx);
	fclose(t->out);
	tw_free(t->w);
	free(t);
}

/* Going back while a replay runs lands on exactly the world the forward
 * run had there, and going forward again repeats it. */
static void test_reverse_step_in_replay(void **state)
{
	struct td *t = td_new(HOST "replay captures/udp-burst.pcap asap\n");
	struct world *mid = world_new(), *end = world_new();

	(void)state;
	assert_int_equal(dbg_step(&t->d, 3000), DBG_STEPPED);
	assert_true(t->w->replay.src);
	assert_true(t->w->replay.next > 50);
	world_clone(mid, t->w);
	assert_int_equal(dbg_step(&t->d, 2500), DBG_STEPPED);
	world_clone(end, t->w);
	dbg_reverse_step(&t->d, 2500);
	assert_int_equal(t->w->step_no, mid->step_no);
	assert_true(world_equal(t->w, mid));
	dbg_step(&t->d, 2500);
	assert_true(world_equal(t->w, end));
	/* and from the very start */
	dbg_goto(&t->d, 0);
	dbg_goto(&t->d, end->step_no);
	assert_true(world_equal(t->w, end));
	assert_int_equal(dbg_rerun(&t->d), DBG_STEPPED);
	world_free(mid);
	world_free(end);
	td_free(t);
}

/* However long the capture, the world holds one frame of it. */
static void test_one_frame_at_a_time(void **state)
{
	struct td *t = td_new(HOST "replay captures/udp-burst.pcap asap\n");
	uint32_t most = 0;

	(void)state;
	while (dbg_step(&t->d, 1) == DBG_STEPPED) {
		if (t->w->inj_pool.in_use > most)
			most = t->w->inj_pool.in_use;
	}
	assert_int_equal(most, 1);
	assert_int_equal(t->w->replay.src, 0);      /* the file ended */
	assert_int_equal(t->w->replay.next, 306);
	assert_int_equal(t->w->replay.replayed, 306);
	td_free(t);
}

/* Capture timing: the frames arrive as far apart as they were captured
 * (scaled by the speed); asap sends them back to back at wire speed. */
static void test_timing(void **state)
{
	struct world *a = tw_new(), *b = tw_new();

	(void)state;
	tw_ok(a, HOST NEIGH "replay captures/mixed.pcap udp port 6000\n");
	tw_ok(b, HOST NEIGH "replay captures/mixed.pcap speed 2 udp port 6000\n");
	/* the two datagrams to port 6000 were captured ~10 ms apart */
	assert_in_range(a->replay.last_ns - a->replay.start_ns, 9000000, 12000000);
	assert_in_range(b->replay.last_ns - b->replay.start_ns, 4500000, 6000000);
	assert_int_equal(a->replay.replayed, 2);
	assert_int_equal(a->replay.next, 12);
	tw_ok(a, "recv app all\n");
	tw_ok(b, "recv app all\n");
	tw_assert_pools_empty(a);
	tw_assert_pools_empty(b);
	tw_free(a);
	tw_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reverse_step_in_replay),
		cmocka_unit_test(test_one_frame_at_a_time),
		cmocka_unit_test(test_timing),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
