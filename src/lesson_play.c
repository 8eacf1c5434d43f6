/* lesson_play.c: the lesson in the debugger; see lesson.h.
 *
 * The player walks the items by the checker's rules (lesson_check.c): an
 * `at` is reached when the debugger takes a step the `at` names (the stop
 * hook halts any forward move there), the items after it run at once up
 * to the next `at` or quiz, and a quiz waits for the student's answer.
 * The answers are the file's: a lesson opens only after --check-lesson's
 * rules confirmed them (ui/main.c). */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "lesson.h"
#include "lesson_run.h"
#include "stages.h"

static bool zh(const struct lesson_play *p)
{
	return strstr(p->l->path, "zh_CN/") != NULL;
}

static const char *tr(const struct lesson_play *p, const char *en,
		      const char *zh_text)
{
	return zh(p) ? zh_text : en;
}

/* After `rerun` the progress file keeps the points earned before it: the
 * lesson reports again only once it is past them. */
static void notify(struct lesson_play *p)
{
	if (p->progress && (p->done || lesson_play_points(p) > p->kept))
		p->progress(p->progress_arg, p);
}

static bool play_hook(void *arg, const struct world *w, const struct step *s,
		      char *msg, size_t n)
{
	struct lesson_play *p = arg;
	const struct lesson_item *it;

	if (p->pos >= p->l->nitems)
		return false;
	it = &p->l->items[p->pos];
	if (it->kind != LI_AT ||
	    !(it->at_end ? engine_settled(w) : lesson_at_matches(it, s)))
		return false;
	p->hit_no = s->no;
	snprintf(msg, n, tr(p, "Lesson: %s", "课程：%s"), it->at_end ?
		 tr(p, "the host is settled", "主机已空闲") : it->text);
	return true;
}

static void reach(struct lesson_play *p)
{
	p->reached_at[p->pos] = p->d->w->step_no;
	p->pos++;
}

static void quiz_reset(struct lesson_play *p)
{
	p->wrong = 0;
	p->hint_shown = 0;
}

/* Processes items until one waits: an `at` not reached, a quiz, or the
 * summary. */
static void advance(struct lesson_play *p)
{
	while (p->pos < p->l->nitems) {
		const struct lesson_item *it = &p->l->items[p->pos];

		switch (it->kind) {
		case LI_CMD:
			p->reached_at[p->pos] = p->d->w->step_no;
			p->pos++;
			dbg_command(p->d, it->text);
			break;
		case LI_AT:
			if (!it->at_end || !engine_settled(p->d->w))
				return;
			p->shown_from = p->pos;
			reach(p);
			notify(p);
			break;
		case LI_QUIZ:
			return;
		case LI_SUMMARY:
			if (!p->done) {
				p->done = true;
				notify(p);
			}
			return;
		default:
			reach(p);
		}
	}
	if (!p->done) {
		p->done = true;
		notify(p);
	}
}

/* The debugger went back to step `now`: items processed after it are
 * undone, and so are commands run at it (going back re-runs the steps up to
 * `now`, not the commands typed there) -- except at the debugger's first
 * step, whose world is the one after the commands run there (go_to keeps
 * them: nothing before the first step can be re-run). */
static void rewind_to(struct lesson_play *p, uint64_t now)
{
	bool at_first = now <= p->d->first_step;
	int pos = p->pos;

	for (int i = 0; i < p->pos; i++) {
		const struct lesson_item *it = &p->l->items[i];

		if (p->reached_at[i] > now || (it->kind == LI_CMD &&
		    p->reached_at[i] >= now && !at_first)) {
			pos = i;
			break;
		}
	}
	if (pos == p->pos)
		return;
	p->pos = pos;
	p->done = false;
	p->feedback[0] = 0;
	quiz_reset(p);
	p->shown_from = 0;
	for (int i = 0; i < pos; i++)
		if (p->l->items[i].kind == LI_AT)
			p->shown_from = i;
}

void lesson_play_after_move(struct lesson_play *p)
{
	uint64_t now = p->d->w->step_no;
	const struct lesson_item *it = p->pos < p->l->nitems ?
		&p->l->items[p->pos] : NULL;

	if (now < p->last_step) {
		rewind_to(p, now);
	} else if (it && it->kind == LI_AT && p->hit_no && p->hit_no == now) {
		p->shown_from = p->pos;
		p->feedback[0] = 0;
		reach(p);
		notify(p);
	}
	p->hit_no = 0;
	advance(p);
	p->last_step = p->d->w->step_no;
}

/* The quiz is done with: a `quiz next` takes its step, as the checker
 * does, so the student sees the function named. */
static void pass_quiz(struct lesson_play *p)
{
	const struct lesson_item *q = &p->l->items[p->pos];

	if (q->quiz == QUIZ_NEXT) {
		bool (*hook)(void *, const struct world *, const struct step *,
			     char *, size_t) = p->d->stop_hook;

		p->d->stop_hook = NULL;      /* this step is the quiz's own */
		dbg_step(p->d, 1);
		p->d->stop_hook = hook;
	}
	quiz_reset(p);
	reach(p);
	notify(p);
	advance(p);
	p->last_step = p->d->w->step_no;
}

static const char *right_text(const struct lesson_item *q)
{
	return q->quiz == QUIZ_NEXT ? q->answer_func :
		q->opt[q->answer - 1].text;
}

static bool is_right(const struct lesson_item *q, const char *arg)
{
	char *end;
	long k;

	if (q->quiz == QUIZ_NEXT)
		return !strcmp(arg, q->answer_func);
	k = strtol(arg, &end, 10);
	if (!*end && end != arg)
		return k == q->answer;
	return !strcmp(arg, q->opt[q->answer - 1].text);
}

bool lesson_play_answer(struct lesson_play *p, const char *arg, FILE *out)
{
	const struct lesson_item *q = lesson_play_quiz(p);

	if (!q) {
		fprintf(out, "%s\n", tr(p, "No quiz is waiting for an answer.",
					"现在没有待回答的问题。"));
		return false;
	}
	if (!arg || !*arg) {
		fprintf(out, "%s\n", q->quiz == QUIZ_NEXT ?
			tr(p, "usage: answer FUNC", "用法：answer 函数名") :
			tr(p, "usage: answer K", "用法：answer 选项编号"));
		return false;
	}
	p->feedback_item = p->pos;
	if (is_right(q, arg)) {
		snprintf(p->feedback, sizeof(p->feedback), tr(p,
			 "Right: %s.", "答对了：%s。"), right_text(q));
		p->feedback_ok = true;
		fprintf(out, "%s\n", p->feedback);
		pass_quiz(p);
		return true;
	}
	p->wrong++;
	p->feedback_ok = false;
	if (p->hint_shown < q->nhint) {
		snprintf(p->feedback, sizeof(p->feedback), tr(p,
			 "Not %s.  Hint: %s", "不是 %s。提示：%s"), arg,
			 q->hint[p->hint_shown++]);
	} else if (p->wrong <= 1) {
		snprintf(p->feedback, sizeof(p->feedback), tr(p,
			 "Not %s.  Try again.", "不是 %s。再试一次。"), arg);
	} else {
		snprintf(p->feedback, sizeof(p->feedback), tr(p,
			 "Not %s.  The answer is %s.", "不是 %s。答案是 %s。"),
			 arg, right_text(q));
		fprintf(out, "%s\n", p->feedback);
		pass_quiz(p);
		snprintf(p->feedback, sizeof(p->feedback), tr(p,
			 "The answer was %s.", "答案是 %s。"), right_text(q));
		return false;
	}
	fprintf(out, "%s\n", p->feedback);
	return false;
}

const struct lesson_item *lesson_play_quiz(const struct lesson_play *p)
{
	if (p->pos < p->l->nitems && p->l->items[p->pos].kind == LI_QUIZ)
		return &p->l->items[p->pos];
	return NULL;
}

int lesson_play_points(const struct lesson_play *p)
{
	int n = 0;

	for (int i = 0; i < p->pos && i < p->l->nitems; i++)
		n += p->l->items[i].kind == LI_AT ||
		     p->l->items[i].kind == LI_QUIZ;
	return n;
}

bool lesson_line_moves(const char *line)
{
	static const char *const moves[] = { "step", "s", "next", "n",
		"finish", "fin", "continue", "c", "goto", "play", "rerun",
		"run", "inject", "send", "recv", "wait", "close", "replay",
		NULL };
	char word[32] = "";

	sscanf(line, "%31s", word);
	for (int i = 0; moves[i]; i++)
		if (!strcmp(word, moves[i]))
			return true;
	return false;
}

bool lesson_play_rerun(struct lesson_play *p, const char *line, FILE *out)
{
	char word[16] = "";

	sscanf(line, "%15s", word);
	if (strcmp(word, "rerun"))
		return false;
	if (lesson_play_points(p) > p->kept)
		p->kept = lesson_play_points(p);
	dbg_goto(p->d, p->d->first_step);
	lesson_play_after_move(p);
	fprintf(out, tr(p, "The lesson starts again (your progress, %d/%d, is "
			"kept).\n", "课程重新开始（已保存的进度 %d/%d 保留）。\n"),
		p->kept, p->l->nstops);
	return true;
}

bool lesson_play_start(struct lesson_play *p, const struct lesson *l,
		       struct dbg *d, int resume)
{
	void (*fn)(void *, const struct lesson_play *) = p->progress;
	void *arg = p->progress_arg;

	memset(p, 0, sizeof(*p));
	p->l = l;
	p->d = d;
	p->reached_at = calloc((size_t)l->nitems + 1, sizeof(uint64_t));
	if (!p->reached_at)
		return false;
	d->stop_hook = play_hook;
	d->stop_arg = p;
	p->last_step = d->w->step_no;
	advance(p);
	while (lesson_play_points(p) < resume && !p->done) {
		int pos = p->pos;

		if (lesson_play_quiz(p)) {
			pass_quiz(p);
		} else {
			dbg_continue(d);
			lesson_play_after_move(p);
		}
		if (p->pos == pos)
			break;
	}
	p->feedback[0] = 0;
	p->progress = fn;
	p->progress_arg = arg;
	return true;
}

void lesson_play_end(struct lesson_play *p)
{
	if (p->d && p->d->stop_arg == p) {
		p->d->stop_hook = NULL;
		p->d->stop_arg = NULL;
	}
	free(p->reached_at);
	p->reached_at = NULL;
}
