/*
 * pane_lesson.c: the lesson pane -- the narration of the point the
 * debugger reached, the commands the lesson ran there, the quiz waiting
 * for an answer with its options and the feedback, and the summary at the
 * end.  The newest lines stay in view; PgUp scrolls back, PgDn forward
 * again (v->scroll counts lines back from the newest).  Text is wrapped
 * by display width (canvas_wrap), so Chinese lines break correctly.
 */
#include "pane.h"

#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <wchar.h>

#include "../src/lesson.h"

#define MAX_BLOCKS 96

struct block {
	int role;
	char text[1024];
};

struct blocks {
	struct block b[MAX_BLOCKS];
	int n;
};

/* A bounded copy that never cuts a UTF-8 character in two. */
static void copy_text(char *dst, size_t n, const char *src)
{
	size_t l = strlen(src);

	if (l >= n) {
		l = n - 1;
		while (l && ((unsigned char)src[l] & 0xc0) == 0x80)
			l--;
	}
	memcpy(dst, src, l);
	dst[l] = 0;
}

static struct block *add(struct blocks *bs, int role, const char *text)
{
	struct block *b;

	if (bs->n == MAX_BLOCKS)
		return NULL;
	b = &bs->b[bs->n++];
	b->role = role;
	copy_text(b->text, sizeof(b->text), text);
	return b;
}

/* Consecutive say lines are one paragraph: joined by a space after Latin
 * text, by nothing after CJK (whose lines break anywhere). */
static void add_say(struct blocks *bs, bool join, const char *text)
{
	struct block *b = bs->n ? &bs->b[bs->n - 1] : NULL;
	size_t l;

	if (!join || !b) {
		add(bs, ROLE_NORMAL, text);
		return;
	}
	l = strlen(b->text);
	snprintf(b->text + l, sizeof(b->text) - l, "%s%s",
		 l && (unsigned char)b->text[l - 1] < 0x80 ? " " : "", text);
}

static void add_quiz(struct blocks *bs, const struct view *v,
		     const struct lesson_item *q, bool open)
{
	char line[1100];

	snprintf(line, sizeof(line), "%s%s", view_text(v, "Quiz: ", "问题："),
		 q->text);
	add(bs, open ? ROLE_FOCUS : ROLE_DIM, line);
	if (!open)
		return;
	for (int k = 0; k < q->nopt; k++) {
		snprintf(line, sizeof(line), "  %d) %s", k + 1, q->opt[k].text);
		add(bs, ROLE_NORMAL, line);
	}
	add(bs, ROLE_DIM, q->quiz == QUIZ_NEXT ?
	    view_text(v, "Type: answer FUNC (the function of the next step)",
		      "输入：answer 函数名（下一步运行的函数）") :
	    view_text(v, "Type: answer K (the option's number)",
		      "输入：answer 编号"));
}

static void add_items(struct blocks *bs, const struct view *v,
		      const struct lesson_play *p)
{
	const struct lesson *l = p->l;
	bool join = false;
	char line[1100];

	for (int i = p->shown_from; i < p->pos && i < l->nitems; i++) {
		const struct lesson_item *it = &l->items[i];

		if (it->kind == LI_SAY) {
			add_say(bs, join, it->text);
			join = true;
			continue;
		}
		join = false;
		if (it->kind == LI_AT) {
			snprintf(line, sizeof(line), "-- %s --", it->at_end ?
				 view_text(v, "the end", "结束") : it->text);
			add(bs, ROLE_TITLE, line);
		} else if (it->kind == LI_CMD) {
			snprintf(line, sizeof(line), "$ %s", it->text);
			add(bs, ROLE_DIM, line);
		} else if (it->kind == LI_QUIZ) {
			add_quiz(bs, v, it, false);
			if (i == p->feedback_item && p->feedback[0])
				add(bs, p->feedback_ok ? ROLE_ACCEPT :
				    ROLE_ERROR, p->feedback);
		}
	}
}

static void add_state(struct blocks *bs, const struct view *v,
		      const struct lesson_play *p)
{
	const struct lesson *l = p->l;
	const struct lesson_item *q = lesson_play_quiz(p);

	if (q && p->feedback[0] && p->feedback_item == p->pos)
		add(bs, ROLE_ERROR, p->feedback);
	if (q) {
		add_quiz(bs, v, q, true);
	} else if (p->done) {
		add(bs, ROLE_TITLE, view_text(v, "Summary", "小结"));
		for (int i = 0; i < l->nitems; i++)
			if (l->items[i].kind == LI_SUMMARY)
				add(bs, ROLE_NORMAL, l->items[i].text);
		add(bs, ROLE_ACCEPT, view_text(v, "Lesson complete: netstep -l "
			"list shows the next one.", "本课完成：netstep -l list "
			"列出下一课。"));
	} else {
		add(bs, ROLE_DIM, view_text(v, "F11 step, F5 continue: the "
			"lesson goes on at its next point.", "F11 单步，F5 "
			"继续：课程在下一个讲解点继续。"));
	}
}

/* The bytes of s that fit in w columns, breaking at a space or after a
 * wide (CJK) character, which may end a line anywhere; *next is where the
 * following line starts. */
static int wrap_len(const char *s, int w, int *next)
{
	mbstate_t ms;
	int used = 0, i = 0, brk = -1, brk_next = 0;

	memset(&ms, 0, sizeof(ms));
	while (s[i] && s[i] != '\n') {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s + i, MB_CUR_MAX, &ms);
		int cw;

		if (n == 0 || n > 4) {
			n = 1;
			wc = '?';
			memset(&ms, 0, sizeof(ms));
		}
		cw = wcwidth(wc);
		cw = cw < 0 ? 1 : cw;
		if (used + cw > w)
			break;
		used += cw;
		if (wc == ' ') {
			brk = i;
			brk_next = i + 1;
		} else if (cw == 2) {
			brk = i + (int)n;
			brk_next = brk;
		}
		i += (int)n;
	}
	if (!s[i] || s[i] == '\n' || brk <= 0) {
		if (!i && s[i] && s[i] != '\n')
			i = 1;
		*next = i + (s[i] == '\n');
		return i;
	}
	*next = brk_next;
	return brk;
}

/* canvas_wrap's contract, with CJK-aware breaks: draws the lines of s from
 * line skip on into r; returns how many lines s needs at r.w. */
static int wrap(struct canvas *c, struct rect r, int role, const char *s,
		int skip)
{
	char buf[1100];
	int line = 0;

	if (r.w <= 0)
		return 0;
	while (*s) {
		int next, n = wrap_len(s, r.w, &next);

		if (line >= skip && line - skip < r.h) {
			snprintf(buf, sizeof(buf), "%.*s", n, s);
			canvas_put(c, r.y + line - skip, r.x, r.w, role, buf);
		}
		line++;
		s += next;
	}
	return line;
}

static int scroll_max;           /* lines above the view at scroll 0 */

int pane_lesson_scroll_max(void)
{
	return scroll_max;
}

static void lesson_draw(const struct view *v, struct canvas *c, struct rect r)
{
	const struct lesson_play *p = v->lesson;
	struct rect in = pane_frame(v, c, r, PANE_LESSON);
	static struct blocks bs;
	char head[600];
	int total = 0, skip;

	if (!p || in.h <= 0)
		return;
	bs.n = 0;
	snprintf(head, sizeof(head), "%s  [%d/%d]", p->l->title,
		 lesson_play_points(p), p->l->nstops);
	add(&bs, ROLE_TITLE, head);
	add_items(&bs, v, p);
	add_state(&bs, v, p);
	for (int i = 0; i < bs.n; i++)
		total += wrap(c, (struct rect){ 0, 0, 0, in.w }, bs.b[i].role,
			      bs.b[i].text, 0);
	/* the newest lines in view; PgUp (scroll) goes back */
	scroll_max = total > in.h ? total - in.h : 0;
	skip = total - in.h - v->scroll[PANE_LESSON];
	if (skip < 0)
		skip = 0;
	for (int i = 0; i < bs.n && in.h > 0; i++) {
		int n = wrap(c, in, bs.b[i].role, bs.b[i].text, skip);
		int shown = n - skip > 0 ? n - skip : 0;

		skip = skip > n ? skip - n : 0;
		if (shown > in.h)
			shown = in.h;
		in.y += shown;
		in.h -= shown;
	}
}

const struct pane_ops pane_lesson = {
	.name = "lesson",
	.title_en = "Lesson",
	.title_zh = "课程",
	.draw = lesson_draw,
};
