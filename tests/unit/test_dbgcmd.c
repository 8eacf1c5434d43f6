/* test_dbgcmd.c: the console's command parser, without a terminal. */
#include "testlib.h"
#include "dbgcmd.h"
#include "stages.h"

struct tc {
	struct world *w;
	struct cmd_ctx ctx;
	struct dbg d;
	struct ui_req ui;
	char *buf;
	size_t len;
	FILE *out;
};

static struct tc *tc_new(void)
{
	struct tc *t = calloc(1, sizeof(*t));
	struct script sc = { 0 };

	assert_non_null(t);
	t->w = tw_new();
	t->out = open_memstream(&t->buf, &t->len);
	cmd_ctx_init(&t->ctx, t->out, t->out);
	assert_true(script_add_text(&sc, "(demo)", scenario_demo));
	assert_true(dbg_init(&t->d, t->w, &t->ctx, &sc));
	return t;
}

/* Runs line; returns what it printed (valid until the next call). */
static const char *run(struct tc *t, const char *line, bool want_ok)
{
	bool ok;

	rewind(t->out);
	t->len = 0;
	ok = dbgcmd_run(&t->d, &t->ui, line, t->out);
	fputc(0, t->out);
	fflush(t->out);
	if (ok != want_ok)
		print_error("%s: %s\n", line, t->buf);
	assert_int_equal(ok, want_ok);
	return t->buf;
}

static void tc_free(struct tc *t)
{
	dbg_free(&t->d);
	cmd_ctx_free(&t->ctx);
	fclose(t->out);
	free(t->buf);
	tw_free(t->w);
	free(t);
}

static void test_step_counts_and_aliases(void **state)
{
	struct tc *t = tc_new();

	(void)state;
	run(t, "step", true);
	assert_int_equal(t->w->step_no, 1);
	run(t, "s 4", true);
	assert_int_equal(t->w->step_no, 5);
	run(t, "rs 2", true);
	assert_int_equal(t->w->step_no, 3);
	run(t, "reverse-step", true);
	assert_int_equal(t->w->step_no, 2);
	assert_non_null(strstr(run(t, "step x", false), "Invalid number"));
	assert_non_null(strstr(run(t, "step 0", false), "Invalid number"));
	tc_free(t);
}

static void test_enter_repeats_moves_only(void **state)
{
	struct tc *t = tc_new();

	(void)state;
	run(t, "step 3", true);
	run(t, "", true);
	assert_int_equal(t->w->step_no, 6);
	run(t, "info rings", true);
	run(t, "", true);                  /* info is not repeated */
	assert_int_equal(t->w->step_no, 6);
	tc_free(t);
}

static void test_break_info_delete(void **state)
{
	struct tc *t = tc_new();
	const char *o;

	(void)state;
	assert_non_null(strstr(run(t, "break ip_rcv", true), "Breakpoint 1"));
	assert_non_null(strstr(run(t, "b drop NO_SOCKET", true),
			       "Breakpoint 2"));
	assert_non_null(strstr(run(t, "break nosuchfn", false),
			       "Function \"nosuchfn\" not defined."));
	o = run(t, "info breakpoints", true);
	assert_non_null(strstr(o, "ip_rcv"));
	assert_non_null(strstr(o, "drop NO_SOCKET"));
	o = run(t, "c", true);
	assert_non_null(strstr(o, "Breakpoint 1, ip_rcv"));
	assert_string_equal(stage_info((enum stage)t->d.last.stage)->func,
			    "ip_rcv");
	run(t, "delete 1", true);
	o = run(t, "continue", true);
	assert_non_null(strstr(o, "NO_SOCKET"));
	assert_non_null(strstr(run(t, "delete 9", false), "No breakpoint"));
	run(t, "delete", true);
	assert_non_null(strstr(run(t, "info b", true), "No breakpoints"));
	tc_free(t);
}

static void test_scenario_commands_pass_through(void **state)
{
	struct tc *t = tc_new();

	(void)state;
	run(t, "step", true);
	run(t, "sysctl -w net.ipv4.icmp_echo_ignore_all=1", true);
	assert_int_equal(t->w->sysctl[SYS_icmp_echo_ignore_all], 1);
	assert_non_null(strstr(run(t, "ip route show", true),
			       "10.0.0.0/24 dev eth0"));
	assert_non_null(strstr(run(t, "frobnicate", false), "frobnicate"));
	tc_free(t);
}

static void test_ui_requests(void **state)
{
	struct tc *t = tc_new();

	(void)state;
	run(t, "layout class", true);
	assert_int_equal(t->ui.layout, LAYOUT_CLASS);
	run(t, "set lang zh_CN", true);
	assert_int_equal(t->ui.lang, LANG_ZH_CN);
	run(t, "play 250ms", true);
	assert_int_equal(t->ui.play_ms, 250);
	run(t, "play bogus", false);
	run(t, "screendump /tmp/x", true);
	assert_string_equal(t->ui.dump_path, "/tmp/x");
	run(t, "q", true);
	assert_true(t->ui.quit);
	run(t, "layout sideways", false);
	tc_free(t);
}

static void test_backtrace_and_list(void **state)
{
	struct tc *t = tc_new();
	const char *o;

	(void)state;
	assert_non_null(strstr(run(t, "bt", false), "No stack."));
	run(t, "break ip_rcv_core", true);
	run(t, "c", true);
	o = run(t, "bt", true);
	assert_non_null(strstr(o, "#0  ip_rcv_core () at net/ipv4/ip_input.c"));
	assert_non_null(strstr(o, "net_rx_action"));
	o = run(t, "list", true);
	assert_non_null(strstr(o, "ip_rcv_core -- net/ipv4/ip_input.c"));
	assert_non_null(strstr(run(t, "list nope", false), "not defined"));
	tc_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_step_counts_and_aliases),
		cmocka_unit_test(test_enter_repeats_moves_only),
		cmocka_unit_test(test_break_info_delete),
		cmocka_unit_test(test_scenario_commands_pass_through),
		cmocka_unit_test(test_ui_requests),
		cmocka_unit_test(test_backtrace_and_list),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
