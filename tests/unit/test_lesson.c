/* test_lesson.c: the lesson parser (every bad line a FILE:LINE error), the
 * checker catching a wrong claim, the player in the debugger, and progress
 * saved and resumed. */
#include "testlib.h"
#include "debug.h"
#include "lesson.h"

#include <unistd.h>

static const char good[] =
	"# a small lesson\n"
	"title Tiny\n"
	"setup\n"
	"nic add eth0 mac 02:00:00:00:00:02\n"
	"ip link set eth0 up\n"
	"ip addr add 10.0.0.2/24 dev eth0\n"
	"socket app udp bind 10.0.0.2:5000\n"
	"inject eth0 udp 10.0.0.1:1 > 10.0.0.2:5000 payload \"hi\"\n"
	"begin\n"
	"say first words\n"
	"say go on\n"
	"at nic_rx_frame pkt 1\n"
	"quiz next \"what next?\"\n"
	"answer nic_dma_rx\n"
	"hint hardware\n"
	"at ip_rcv_core\n"
	"quiz counter \"which moves?\"\n"
	"option UdpInDatagrams\n"
	"option IpInDelivers\n"
	"answer 2\n"
	"quiz choice \"where does it go?\"\n"
	"option the socket => fate 1 delivered\n"
	"option dropped => fate 1 dropped\n"
	"answer 1\n"
	"at end\n"
	"expect socket app queued 1\n"
	"expect counter IpInReceives 1\n"
	"expect stage ip_rcv\n"
	"summary done\n";

static void parses_a_good_lesson(void **state)
{
	char err[512];
	struct lesson *l = lesson_parse("x/01-tiny.lesson", good, err,
					sizeof(err));

	(void)state;
	assert_non_null(l);
	assert_string_equal(l->name, "01-tiny");
	assert_string_equal(l->title, "Tiny");
	assert_int_equal(l->nsetup, 5);
	assert_int_equal(l->nstops, 6);     /* 3 at + 3 quiz */
	assert_int_equal(l->items[0].kind, LI_SAY);
	assert_int_equal(l->items[2].kind, LI_AT);
	assert_int_equal(l->items[2].pkt, 1);
	assert_int_equal(l->items[3].quiz, QUIZ_NEXT);
	assert_string_equal(l->items[3].answer_func, "nic_dma_rx");
	assert_int_equal(l->items[3].nhint, 1);
	assert_int_equal(l->items[5].nopt, 2);
	assert_int_equal(l->items[5].answer, 2);
	assert_string_equal(l->items[6].opt[1].claim, "fate 1 dropped");
	assert_string_equal(l->items[6].opt[1].text, "dropped");
	lesson_free(l);
}

/* Each bad lesson, and the error it must give, FILE:LINE first. */
static const struct { const char *text, *err; } bad[] = {
	{ "begin\n", "b.lesson:1: a lesson starts with `title TEXT`" },
	{ "", "b.lesson:1: a lesson starts with `title TEXT`" },
	{ "title\n", "b.lesson:1: usage: title TEXT" },
	{ "title T\nsetup\nnic add eth0\n", "b.lesson:4: no `begin`" },
	{ "title T\nfoo\n", "b.lesson:2: expected `setup` or `begin`" },
	{ "title T\nsetup\nbogus x\nbegin\n", "b.lesson:3: setup: unknown command 'bogus'" },
	{ "title T\nbegin\nat nope\n", "b.lesson:3: at: no kernel function 'nope'" },
	{ "title T\nbegin\nat ip_rcv pkt x\n", "b.lesson:3: usage: at FUNC [pkt N]" },
	{ "title T\nbegin\nfrobnicate\n", "b.lesson:3: unknown directive or command 'frobnicate'" },
	{ "title T\nbegin\nquiz maybe \"q\"\n", "b.lesson:3: quiz: unknown kind 'maybe'" },
	{ "title T\nbegin\nquiz next\n", "b.lesson:3: usage: quiz next|counter|choice" },
	{ "title T\nbegin\nquiz next \"q\"\noption x\n", "b.lesson:4: a `quiz next` has no options" },
	{ "title T\nbegin\nquiz next \"q\"\nanswer nope\n", "b.lesson:4: answer: no kernel function 'nope'" },
	{ "title T\nbegin\nquiz next \"q\"\nsay x\n", "b.lesson:4: the quiz of line 3 has no `answer FUNC`" },
	{ "title T\nbegin\nquiz counter \"q\"\noption A\noption B\n", "b.lesson:6: the quiz of line 3 has no `answer K`" },
	{ "title T\nbegin\nquiz counter \"q\"\noption A\nanswer 1\n", "b.lesson:5: a quiz needs at least two options" },
	{ "title T\nbegin\nquiz counter \"q\"\noption A\noption B\nanswer 3\n", "b.lesson:6: answer: '3' is not an option's number" },
	{ "title T\nbegin\nquiz counter \"q\"\noption A B\n", "b.lesson:4: usage: option COUNTER" },
	{ "title T\nbegin\nquiz choice \"q\"\noption A\n", "b.lesson:4: usage: option TEXT => CLAIM" },
	{ "title T\nbegin\nquiz choice \"q\"\noption A =>\n", "b.lesson:4: usage: option TEXT => CLAIM" },
	{ "title T\nbegin\noption A\n", "b.lesson:3: option outside a quiz" },
	{ "title T\nbegin\nanswer 1\n", "b.lesson:3: answer outside a quiz" },
	{ "title T\nbegin\nhint h\n", "b.lesson:3: hint belongs after a quiz's answer" },
	{ "title T\nbegin\nexpect nothing\n", "b.lesson:3: expect: unknown form 'nothing'" },
	{ "title T\nbegin\nsummary s\nsay x\n", "b.lesson:4: only summary lines may follow a summary" },
	{ "title T\nbegin\ntitle U\n", "b.lesson:3: title: only once" },
	{ "title T\nbegin\n\n# c\nsay a \\\n b\nat \\\n bad\n", "b.lesson:7: at: no kernel function 'bad'" },
};

static void bad_lines_name_file_and_line(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char err[512];
		struct lesson *l = lesson_parse("b.lesson", bad[i].text, err,
						sizeof(err));

		if (l || strncmp(err, bad[i].err, strlen(bad[i].err))) {
			fprintf(stderr, "case %zu: got \"%s\", want \"%s...\"\n",
				i, l ? "(parsed)" : err, bad[i].err);
			lesson_free(l);
			fail();
		}
	}
}

static int check_text(const char *text, char *msg, size_t n)
{
	char err[512], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct lesson *l = lesson_parse("t.lesson", text, err, sizeof(err));
	int rc;

	assert_non_null(l);
	rc = lesson_check(l, f, NULL);
	fclose(f);
	snprintf(msg, n, "%s", buf ? buf : "");
	free(buf);
	lesson_free(l);
	return rc;
}

/* The checker agrees with a true lesson and catches each kind of lie. */
static void checker_finds_wrong_claims(void **state)
{
	static const struct { const char *from, *to, *err; } lies[] = {
		{ "answer nic_dma_rx", "answer ip_rcv",
		  "t.lesson:13: quiz next: the answer says ip_rcv, but the "
		  "engine runs nic_dma_rx next" },
		{ "answer 2\nquiz choice", "answer 1\nquiz choice",
		  "t.lesson:17: quiz counter: the answer, UdpInDatagrams, does "
		  "not move" },
		{ "option dropped => fate 1 dropped", "option dropped => fate 1 delivered",
		  "t.lesson:21: quiz choice: option 2 (fate 1 delivered) holds "
		  "too" },
		{ "queued 1", "queued 2",
		  "t.lesson:26: expect: socket app has 1 queued, not 2" },
		{ "at ip_rcv_core", "at ip_rcv_core pkt 2",
		  "t.lesson:16: at ip_rcv_core pkt 2: the host went idle" },
	};
	char msg[1024], text[sizeof(good) + 64];

	(void)state;
	assert_int_equal(check_text(good, msg, sizeof(msg)), 0);
	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		const char *p = strstr(good, lies[i].from);

		assert_non_null(p);
		snprintf(text, sizeof(text), "%.*s%s%s", (int)(p - good), good,
			 lies[i].to, p + strlen(lies[i].from));
		assert_int_equal(check_text(text, msg, sizeof(msg)), 1);
		if (strncmp(msg, lies[i].err, strlen(lies[i].err))) {
			fprintf(stderr, "lie %zu: got \"%s\"\n", i, msg);
			fail();
		}
	}
}

/* `expect verdict HOOK TABLE VERDICT` asks about that table: raw dropped
 * packet 1 at PREROUTING, so filter did not, and a misspelt table is an
 * error rather than "any table". */
static void verdict_checks_the_table(void **state)
{
	static const char head[] =
		"title V\nsetup\nnic add eth0 mac 02:00:00:00:00:02\n"
		"ip link set eth0 up\nip addr add 10.0.0.2/24 dev eth0\n"
		"iptables -t raw -A PREROUTING -p udp -j DROP\n"
		"iptables -t filter -A INPUT -p udp -j ACCEPT\n"
		"inject eth0 udp 10.0.0.1:1 > 10.0.0.2:5000 payload \"hi\"\n"
		"begin\nat end\n";
	static const struct { const char *claim; int rc; const char *err; }
	cases[] = {
		{ "expect verdict PREROUTING DROP", 0, "" },
		{ "expect verdict PREROUTING raw DROP", 0, "" },
		{ "expect verdict PREROUTING filter DROP", 1, "t.lesson:11: "
		  "expect: no DROP verdict at PREROUTING from the table filter" },
		{ "expect verdict PREROUTING mangle DROP", 1, "t.lesson:11: "
		  "expect: no DROP verdict at PREROUTING from the table mangle" },
		{ "expect verdict PREROUTING bogus DROP", 1, "t.lesson:11: "
		  "usage: expect" },
	};
	char text[1024], msg[1024];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "%s%s\n", head, cases[i].claim);
		assert_int_equal(check_text(text, msg, sizeof(msg)), cases[i].rc);
		if (strncmp(msg, cases[i].err, strlen(cases[i].err))) {
			fprintf(stderr, "case %zu: got \"%s\"\n", i, msg);
			fail();
		}
	}
}

/* A debugger with a lesson, as the UI sets one up. */
struct tl {
	struct world *w;
	struct cmd_ctx ctx;
	struct dbg d;
	struct lesson *l;
	struct lesson_play p;
	char *obuf;
	size_t olen;
	FILE *out;
};

static void saved(void *arg, const struct lesson_play *p)
{
	(void)arg;
	lesson_progress_set(p->l->name, lesson_play_points(p), p->l->nstops,
			    p->done);
}

static struct tl *tl_new_text(const char *text, int resume)
{
	struct tl *t = calloc(1, sizeof(*t));
	char err[512];

	assert_non_null(t);
	t->w = tw_new();
	t->out = open_memstream(&t->obuf, &t->olen);
	cmd_ctx_init(&t->ctx, t->out, t->out);
	t->ctx.settle = false;
	t->l = lesson_parse("x/01-tiny.lesson", text, err, sizeof(err));
	assert_non_null(t->l);
	for (int i = 0; i < t->l->nsetup; i++)
		assert_int_equal(scenario_run_line(t->w, &t->ctx, NULL,
						   t->l->setup[i]), CMD_OK);
	assert_true(dbg_init(&t->d, t->w, &t->ctx, NULL));
	t->p.progress = saved;
	assert_true(lesson_play_start(&t->p, t->l, &t->d, resume));
	return t;
}

static struct tl *tl_new(int resume)
{
	return tl_new_text(good, resume);
}

static void tl_free(struct tl *t)
{
	lesson_play_end(&t->p);
	dbg_free(&t->d);
	cmd_ctx_free(&t->ctx);
	fclose(t->out);
	free(t->obuf);
	lesson_free(t->l);
	tw_free(t->w);
	free(t);
}

static void move(struct tl *t, enum dbg_stop st)
{
	(void)st;
	lesson_play_after_move(&t->p);
}

/* The player stops the debugger at each `at`, checks answers, follows
 * reverse-step back, and saves progress that a new session resumes. */
static void player_and_progress(void **state)
{
	char dir[] = "/tmp/netstep-lesson-XXXXXX";
	struct tl *t;
	bool done;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("XDG_DATA_HOME", dir, 1);
	t = tl_new(0);
	assert_int_equal(lesson_play_points(&t->p), 0);
	assert_int_equal(t->p.shown_from, 0);
	move(t, dbg_continue(&t->d));          /* stops at nic_rx_frame */
	assert_string_equal(t->d.stop_msg, "Lesson: nic_rx_frame");
	assert_non_null(lesson_play_quiz(&t->p));
	assert_true(lesson_line_moves("step"));
	assert_false(lesson_line_moves("info rings"));
	assert_true(lesson_line_moves("close app"));    /* a FIN may leave */
	assert_false(lesson_play_answer(&t->p, "ip_rcv", t->out));
	assert_string_equal(t->p.feedback, "Not ip_rcv.  Hint: hardware");
	assert_true(lesson_play_answer(&t->p, "nic_dma_rx", t->out));
	assert_string_equal(t->p.feedback, "Right: nic_dma_rx.");
	assert_int_equal(t->d.last.stage, stage_by_func("nic_dma_rx"));
	assert_int_equal(lesson_play_points(&t->p), 2);
	assert_int_equal(lesson_progress_get("01-tiny", &done), 2);
	assert_false(done);
	move(t, dbg_continue(&t->d));          /* ip_rcv_core */
	assert_int_equal(lesson_play_points(&t->p), 3);
	assert_true(lesson_play_answer(&t->p, "2", t->out));
	assert_int_equal(lesson_play_points(&t->p), 4);
	move(t, dbg_reverse_step(&t->d, 1));   /* back before ip_rcv_core */
	assert_int_equal(lesson_play_points(&t->p), 2);
	assert_null(lesson_play_quiz(&t->p));
	move(t, dbg_step(&t->d, 1000));        /* the hook stops it again */
	assert_int_equal(t->d.last.stage, stage_by_func("ip_rcv_core"));
	assert_int_equal(lesson_play_points(&t->p), 3);
	tl_free(t);

	/* a new session resumes at the point saved last (3) */
	assert_int_equal(lesson_progress_get("01-tiny", &done), 3);
	t = tl_new(3);
	assert_int_equal(lesson_play_points(&t->p), 3);
	assert_int_equal(t->d.last.stage, stage_by_func("ip_rcv_core"));
	assert_true(lesson_play_answer(&t->p, "IpInDelivers", t->out));
	assert_true(lesson_play_answer(&t->p, "1", t->out));
	move(t, dbg_continue(&t->d));          /* to the end: summary */
	assert_true(t->p.done);
	assert_int_equal(lesson_progress_get("01-tiny", &done), 6);
	assert_true(done);
	tl_free(t);
	unlink(strcat(strcpy((char[300]){ 0 }, dir), "/netstep/progress"));
	rmdir(strcat(strcpy((char[300]){ 0 }, dir), "/netstep"));
	rmdir(dir);
	unsetenv("XDG_DATA_HOME");
}

/* `rerun` restarts the lesson: the debugger at its first step, the lesson
 * at its start, a quiz waiting or not; the progress file keeps the points
 * until the student passes them.  The lesson's own command before its
 * first stop is not run twice (the world at the first step has it). */
static void rerun_restarts_the_lesson(void **state)
{
	static const char text[] =
		"title R\nsetup\nnic add eth0 mac 02:00:00:00:00:02\n"
		"ip link set eth0 up\nip addr add 10.0.0.2/24 dev eth0\n"
		"socket app udp bind 10.0.0.2:5000\nbegin\n"
		"inject eth0 udp 10.0.0.1:1 > 10.0.0.2:5000 payload \"hi\"\n"
		"at nic_rx_frame pkt 1\nsay here\nat ip_rcv_core\n"
		"quiz next \"next?\"\nanswer ip_rcv_finish\nat end\n"
		"expect socket app queued 1\nsummary s\n";
	char dir[] = "/tmp/netstep-lesson-XXXXXX";
	struct tl *t;
	bool done;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("XDG_DATA_HOME", dir, 1);
	t = tl_new_text(text, 0);
	assert_false(lesson_play_rerun(&t->p, "step", t->out));
	move(t, dbg_continue(&t->d));          /* nic_rx_frame */
	move(t, dbg_continue(&t->d));          /* ip_rcv_core: the quiz */
	assert_int_equal(lesson_play_points(&t->p), 2);
	assert_non_null(lesson_play_quiz(&t->p));
	assert_true(lesson_play_rerun(&t->p, "rerun", t->out));
	assert_int_equal(t->w->step_no, t->d.first_step);
	assert_int_equal(lesson_play_points(&t->p), 0);
	assert_null(lesson_play_quiz(&t->p));
	assert_int_equal(t->p.shown_from, 0);
	assert_int_equal(lesson_progress_get("01-tiny", &done), 2);
	move(t, dbg_continue(&t->d));          /* nic_rx_frame again */
	assert_string_equal(t->d.stop_msg, "Lesson: nic_rx_frame");
	assert_int_equal(lesson_play_points(&t->p), 1);
	assert_int_equal(lesson_progress_get("01-tiny", &done), 2);
	move(t, dbg_continue(&t->d));
	assert_true(lesson_play_answer(&t->p, "ip_rcv_finish", t->out));
	assert_int_equal(lesson_progress_get("01-tiny", &done), 3);
	move(t, dbg_continue(&t->d));
	assert_true(t->p.done);
	assert_int_equal(scenario_run_line(t->w, &t->ctx, NULL,
					   "expect socket app queued 1"), CMD_OK);
	assert_int_equal(lesson_progress_get("01-tiny", &done), 4);
	assert_true(done);
	tl_free(t);
	unlink(strcat(strcpy((char[300]){ 0 }, dir), "/netstep/progress"));
	rmdir(strcat(strcpy((char[300]){ 0 }, dir), "/netstep"));
	rmdir(dir);
	unsetenv("XDG_DATA_HOME");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_a_good_lesson),
		cmocka_unit_test(bad_lines_name_file_and_line),
		cmocka_unit_test(checker_finds_wrong_claims),
		cmocka_unit_test(verdict_checks_the_table),
		cmocka_unit_test(player_and_progress),
		cmocka_unit_test(rerun_restarts_the_lesson),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
