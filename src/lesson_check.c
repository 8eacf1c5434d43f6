/* lesson_check.c: --check-lesson: a lesson run headless, every claim in it
 * checked against the engine; see lesson.h. */
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "lesson_run.h"
#include "scenario.h"
#include "stages.h"

struct checker {
	const struct lesson *l;
	struct world *w;
	struct cmd_ctx ctx;
	FILE *out;                   /* what commands print: not shown */
	char *obuf;
	size_t olen;
	FILE *err;                   /* the caller's */
	int checks;
};

static int fail(struct checker *k, int line, const char *msg)
{
	fprintf(k->err, "%s:%d: %s\n", k->l->path, line, msg);
	return 1;
}

/* What the failed command said (its last line), as "FILE:LINE: ...". */
static int fail_output(struct checker *k, int line)
{
	char *last;

	fflush(k->out);
	if (k->obuf)    /* after a rewind glibc does not end it at olen */
		k->obuf[k->olen] = 0;
	if (!k->obuf || !*k->obuf)
		return fail(k, line, "the command failed");
	while (k->olen && k->obuf[k->olen - 1] == '\n')
		k->obuf[--k->olen] = 0;
	last = strrchr(k->obuf, '\n');
	fprintf(k->err, "%s\n", last ? last + 1 : k->obuf);
	return 1;
}

static void clear_output(struct checker *k)
{
	fflush(k->out);
	rewind(k->out);
	k->olen = 0;
	if (k->obuf)
		k->obuf[0] = 0;
}

static int run_line(struct checker *k, int line, const char *text)
{
	char where[600];

	snprintf(where, sizeof(where), "%s:%d", k->l->path, line);
	clear_output(k);
	if (scenario_run_line(k->w, &k->ctx, where, text) != CMD_OK)
		return fail_output(k, line);
	return 0;
}

static int quiz_next(struct checker *k, const struct lesson_item *q)
{
	struct step s;
	char msg[300];
	const char *got;

	if (!lesson_step(k->w, &k->ctx, &s))
		return fail(k, q->line, "quiz next: the host is idle: no step "
			    "follows");
	got = stage_info((enum stage)s.stage)->func;
	if (strcmp(got, q->answer_func)) {
		snprintf(msg, sizeof(msg), "quiz next: the answer says %s, but "
			 "the engine runs %s next", q->answer_func, got);
		return fail(k, q->line, msg);
	}
	return 0;
}

static int quiz_counter(struct checker *k, const struct lesson_item *q,
			const struct world *fw)
{
	char msg[400];

	for (int i = 0; i < q->nopt; i++) {
		uint64_t a, b;
		bool right = i + 1 == q->answer;

		if (!world_counter(k->w, q->opt[i].claim, &a) ||
		    !world_counter(fw, q->opt[i].claim, &b)) {
			snprintf(msg, sizeof(msg), "quiz counter: option %d: no "
				 "counter '%s'", i + 1, q->opt[i].claim);
			return fail(k, q->line, msg);
		}
		if (right == (a != b))
			continue;
		if (right)
			snprintf(msg, sizeof(msg), "quiz counter: the answer, %s, "
				 "does not move before %s (stays %llu)",
				 q->opt[i].claim,
				 lesson_horizon(k->l, (int)(q - k->l->items)),
				 (unsigned long long)a);
		else
			snprintf(msg, sizeof(msg), "quiz counter: option %d, %s, "
				 "moves too before %s (%llu -> %llu)", i + 1,
				 q->opt[i].claim,
				 lesson_horizon(k->l, (int)(q - k->l->items)),
				 (unsigned long long)a, (unsigned long long)b);
		return fail(k, q->line, msg);
	}
	return 0;
}

static int quiz_choice(struct checker *k, const struct lesson_item *q,
		       struct world *fw, struct cmd_ctx *fc)
{
	char msg[600], line[600];

	for (int i = 0; i < q->nopt; i++) {
		bool right = i + 1 == q->answer;
		enum cmd_status st;

		snprintf(line, sizeof(line), "expect %s", q->opt[i].claim);
		st = scenario_run_line(fw, fc, NULL, line);
		if (st == CMD_USAGE) {
			snprintf(msg, sizeof(msg), "quiz choice: option %d: not "
				 "an expect form: %s", i + 1, q->opt[i].claim);
			return fail(k, q->line, msg);
		}
		if (right && st != CMD_OK)
			snprintf(msg, sizeof(msg), "quiz choice: the answer "
				 "(option %d: %s) does not hold at %s", i + 1,
				 q->opt[i].claim,
				 lesson_horizon(k->l, (int)(q - k->l->items)));
		else if (!right && st == CMD_OK)
			snprintf(msg, sizeof(msg), "quiz choice: option %d (%s) "
				 "holds too at %s, but is not the answer", i + 1,
				 q->opt[i].claim,
				 lesson_horizon(k->l, (int)(q - k->l->items)));
		else
			continue;
		return fail(k, q->line, msg);
	}
	return 0;
}

/* Counter and choice quizzes look at the future on a clone of the world. */
static int quiz(struct checker *k, int qi)
{
	const struct lesson_item *q = &k->l->items[qi];
	struct world *fw;
	struct cmd_ctx fc;
	char *buf = NULL;
	size_t len = 0;
	FILE *fout;
	int rc;

	k->checks++;
	if (q->quiz == QUIZ_NEXT)
		return quiz_next(k, q);
	fw = world_new();
	fout = open_memstream(&buf, &len);
	if (!fw || !fout || !lesson_ctx_clone(&fc, &k->ctx, fout)) {
		if (fout)
			fclose(fout);
		free(buf);
		world_free(fw);
		return fail(k, q->line, "out of memory");
	}
	world_clone(fw, k->w);
	lesson_future(k->l, qi, fw, &fc);
	rc = q->quiz == QUIZ_COUNTER ? quiz_counter(k, q, fw) :
		quiz_choice(k, q, fw, &fc);
	cmd_ctx_free(&fc);
	fclose(fout);
	free(buf);
	world_free(fw);
	return rc;
}

static int item(struct checker *k, int i)
{
	const struct lesson_item *it = &k->l->items[i];
	char why[300];

	switch (it->kind) {
	case LI_CMD:
		return run_line(k, it->line, it->text);
	case LI_EXPECT:
		k->checks++;
		return run_line(k, it->line, it->text);
	case LI_AT:
		if (!lesson_run_to(k->w, &k->ctx, it, why, sizeof(why)))
			return fail(k, it->line, why);
		return 0;
	case LI_QUIZ:
		return quiz(k, i);
	default:
		return 0;
	}
}

int lesson_check(const struct lesson *l, FILE *err, int *checks)
{
	struct checker k = { .l = l, .err = err };
	int rc = 0;

	k.w = world_new();
	k.out = open_memstream(&k.obuf, &k.olen);
	if (!k.w || !k.out) {
		fprintf(err, "%s: out of memory\n", l->path);
		rc = 1;
		goto out;
	}
	cmd_ctx_init(&k.ctx, k.out, k.out);
	k.ctx.settle = false;
	k.ctx.base_dir = l->base_dir;
	for (int i = 0; i < l->nsetup && !rc; i++)
		rc = run_line(&k, l->setup_line[i], l->setup[i]);
	for (int i = 0; i < l->nitems && !rc; i++)
		rc = item(&k, i);
	cmd_ctx_free(&k.ctx);
out:
	if (k.out)
		fclose(k.out);
	free(k.obuf);
	world_free(k.w);
	if (checks)
		*checks = k.checks;
	return rc;
}
