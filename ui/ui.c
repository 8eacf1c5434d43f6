/* ui.c: the debugger's main loop; see ui.h. */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../src/cmd.h"
#include "../src/debug.h"
#include "../src/lesson.h"
#include "console.h"
#include "dbgcmd.h"
#include "layout.h"
#include "pane.h"
#include "term.h"

struct ui {
	struct world *w;
	struct cmd_ctx ctx;
	struct dbg d;
	struct console con;
	struct ui_req req;
	struct view view;
	struct canvas canvas;
	struct rect rects[PANE__COUNT];
	char *obuf;                  /* command output (memstream) */
	size_t olen;
	FILE *out;
	struct tap_io taps;          /* tcpdump's lines go to the console */
	const struct lesson *lesson; /* -l: NULL without one */
	struct lesson_play lp;
};

/* ---- drawing ---- */

static void draw_too_small(struct ui *u, int rows, int cols)
{
	const char *msg = u->req.lang == LANG_ZH_CN ?
		"终端太小：netstep 至少需要 80x24" :
		"Terminal too small: netstep needs at least 80x24";
	char size[64];

	snprintf(size, sizeof(size), "(now %dx%d)", cols, rows);
	canvas_put(&u->canvas, rows / 2 - 1, 0, cols, ROLE_ERROR, msg);
	canvas_put(&u->canvas, rows / 2, 0, cols, ROLE_NORMAL, size);
}

static void compose(struct ui *u)
{
	int rows, cols;

	term_size(&rows, &cols);
	if (rows != u->canvas.rows || cols != u->canvas.cols) {
		canvas_free(&u->canvas);
		if (!canvas_init(&u->canvas, rows, cols))
			return;
	}
	canvas_clear(&u->canvas);
	u->view.lang = u->req.lang;
	u->view.focus = u->req.focus;
	if (!layout_compute(rows, cols, u->req.layout, u->rects)) {
		draw_too_small(u, rows, cols);
		return;
	}
	if (u->lesson)
		layout_lesson(u->req.layout, u->rects);
	for (int i = 0; i < PANE__COUNT; i++)
		if (u->rects[i].h > 0)
			pane_by_id((enum pane_id)i)->draw(&u->view, &u->canvas,
							  u->rects[i]);
}

static void paint(struct ui *u)
{
	struct rect r = u->rects[PANE_CONSOLE];
	char before[1024];
	int x = -1, y = -1;

	compose(u);
	if (r.h > 0) {
		snprintf(before, sizeof(before), "%.*s", u->con.point,
			 u->con.input ? u->con.input : "");
		y = r.y + r.h - 1;
		x = r.x + text_width(u->con.prompt) + text_width(before);
		if (x >= r.x + r.w)
			x = r.x + r.w - 1;
	}
	term_paint(&u->canvas, y, x);
	if (u->req.dump_path[0]) {
		if (!canvas_dump(&u->canvas, u->req.dump_path))
			console_print(&u->con, ROLE_ERROR,
				      "screendump: cannot write the file");
		u->req.dump_path[0] = 0;
	}
}

/* ---- commands ---- */

/* What commands printed (to the memstream) goes to the console log. */
static void drain_output(struct ui *u, bool ok)
{
	fflush(u->out);
	if (u->obuf)    /* after a rewind glibc does not end it at olen */
		u->obuf[u->olen] = 0;
	if (u->olen)
		console_print(&u->con, ok ? ROLE_NORMAL : ROLE_ERROR, u->obuf);
	rewind(u->out);
	u->olen = 0;
	if (u->obuf)
		u->obuf[0] = 0;
}

static void run_line(struct ui *u, const char *line, bool echo)
{
	char shown[600];
	bool ok;

	if (echo) {
		snprintf(shown, sizeof(shown), "%s%s", u->con.prompt, line);
		console_print(&u->con, ROLE_DIM, shown);
	}
	if (u->lesson && lesson_play_rerun(&u->lp, line, u->out)) {
		drain_output(u, true);
		return;
	}
	if (u->lesson && lesson_play_quiz(&u->lp) && lesson_line_moves(line)) {
		console_print(&u->con, ROLE_ERROR, u->req.lang == LANG_ZH_CN ?
			      "请先回答问题：answer 编号（或函数名）" :
			      "Answer the quiz first: answer K (or FUNC)");
		return;
	}
	ok = dbgcmd_run(&u->d, &u->req, line, u->out);
	if (u->lesson)
		lesson_play_after_move(&u->lp);
	drain_output(u, ok);
}

/* Function keys run the command they stand for, echoed as if typed. */
static const char *fkey_command(int k)
{
	switch (k) {
	case TK_F5: return "continue";
	case TK_SF5: return "reverse-continue";
	case TK_F6: return "reverse-continue";
	case TK_F7: return "reverse-step";
	case TK_F8: return "reverse-next";
	case TK_F9: return "reverse-finish";
	case TK_F10: return "next";
	case TK_F11: return "step";
	case TK_SF11: return "finish";
	case TK_F1: return "help";
	default: return NULL;
	}
}

static void focus_next(struct ui *u, int dir)
{
	int f = u->req.focus;

	for (int i = 0; i < PANE__COUNT; i++) {
		f = (f + dir + PANE__COUNT) % PANE__COUNT;
		if (u->rects[f].h > 0 && f != PANE_STATUS)
			break;
	}
	u->req.focus = (enum pane_id)f;
}

static void scroll_focus(struct ui *u, int lines)
{
	int *s = u->req.focus == PANE_CONSOLE ? &u->con.scroll :
		 &u->view.scroll[u->req.focus];

	/* the lesson pane counts lines back from its newest: PgUp adds */
	if (u->req.focus == PANE_LESSON)
		lines = -lines;
	*s += lines;
	if (*s < 0)
		*s = 0;
	if (u->req.focus == PANE_LESSON && *s > pane_lesson_scroll_max())
		*s = pane_lesson_scroll_max();
}

/* A key for the UI rather than readline; true when it was one. */
static bool ui_key(struct ui *u, int k)
{
	const char *cmd = fkey_command(k);

	if (cmd) {
		run_line(u, cmd, true);
		return true;
	}
	switch (k) {
	case TK_RESIZE:
		return true;
	case '\t':
		if (!console_empty(&u->con))
			return false;
		focus_next(u, 1);
		return true;
	case TK_BTAB:
		focus_next(u, -1);
		return true;
	case '?':
		if (!console_empty(&u->con))
			return false;
		run_line(u, "help", true);
		return true;
	case TK_PGUP:
		scroll_focus(u, -5);
		return true;
	case TK_PGDN:
		scroll_focus(u, 5);
		return true;
	}
	return false;
}

static void play(struct ui *u)
{
	while (u->req.play_ms) {
		enum dbg_stop st;

		paint(u);
		if (term_key((int)u->req.play_ms) != TK_NONE) {
			console_print(&u->con, ROLE_DIM, "(stopped)");
			break;
		}
		st = dbg_step(&u->d, 1);
		if (u->lesson)
			lesson_play_after_move(&u->lp);
		dbgcmd_report_stop(&u->d, &u->req, st, u->out);
		drain_output(u, true);
		if (st != DBG_STEPPED || (u->d.last.has_fate &&
					  u->d.last.fate.fate == FATE_DROPPED))
			break;
	}
	u->req.play_ms = 0;
}

static void handle_key(struct ui *u, int k)
{
	char *line;

	if (ui_key(u, k))
		return;
	if (k >= TK_BASE)
		console_key(&u->con, k);
	else
		console_feed(&u->con, k == '\r' ? '\n' : k);
	if ((line = console_take_line(&u->con))) {
		run_line(u, line, true);
		free(line);
	}
}

/* ---- set-up ---- */

static void history_path(char *buf, size_t n)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	buf[0] = 0;
	if (state && *state)
		snprintf(buf, n, "%s/netstep", state);
	else if (home && *home)
		snprintf(buf, n, "%s/.local/state/netstep", home);
	else
		return;
	mkdir(buf, 0700);
	strncat(buf, "/history", n - strlen(buf) - 1);
}

static void save_progress(void *arg, const struct lesson_play *p)
{
	(void)arg;
	lesson_progress_set(p->l->name, lesson_play_points(p), p->l->nstops,
			    p->done);
}

/* The lesson's setup runs on the world before the debugger starts, the way
 * --check-lesson runs it: commands only, no step taken. */
static void lesson_setup(struct ui *u, const struct lesson *l)
{
	char where[1200];

	u->ctx.settle = false;
	u->ctx.base_dir = l->base_dir;
	for (int i = 0; i < l->nsetup; i++) {
		snprintf(where, sizeof(where), "%s:%d", l->path,
			 l->setup_line[i]);
		if (scenario_run_line(u->w, &u->ctx, where, l->setup[i]) !=
		    CMD_OK)
			break;
	}
}

static bool lesson_begin(struct ui *u, const struct lesson *l, int resume)
{
	u->lesson = l;
	if (strstr(l->path, "zh_CN/"))
		u->req.lang = LANG_ZH_CN;
	u->lp.progress = save_progress;
	if (!lesson_play_start(&u->lp, l, &u->d, resume))
		return false;
	u->req.lesson = &u->lp;
	u->view.lesson = &u->lp;
	return true;
}

static bool ui_init(struct ui *u, struct world *w, struct script *sc,
		    const struct lesson *l, int resume)
{
	char hist[512];

	memset(u, 0, sizeof(*u));
	u->w = w;
	u->out = open_memstream(&u->obuf, &u->olen);
	if (!u->out)
		return false;
	cmd_ctx_init(&u->ctx, u->out, u->out);
	if (l)
		lesson_setup(u, l);
	if (!dbg_init(&u->d, w, &u->ctx, sc))
		return false;
	tap_io_init(&u->taps, u->out);
	u->d.taps = &u->taps;
	u->d.klog = u->out;
	u->req.lang = explain_lang_from_locale(getenv("LC_ALL") &&
		*getenv("LC_ALL") ? getenv("LC_ALL") : getenv("LANG"));
	u->req.focus = PANE_CONSOLE;
	u->view.w = w;
	u->view.d = &u->d;
	u->view.con = &u->con;
	history_path(hist, sizeof(hist));
	console_init(&u->con, hist[0] ? hist : NULL);
	if (!dbg_feed_script(&u->d))
		drain_output(u, false);
	drain_output(u, true);
	if (l && !lesson_begin(u, l, resume))
		return false;
	drain_output(u, true);
	console_print(&u->con, ROLE_DIM, u->req.lang == LANG_ZH_CN ?
		      "netstep：F11 单步，F10 下一步，F7 后退一步，? 帮助，q 退出。" :
		      "netstep: F11 step, F10 next, F7 reverse-step, ? help, "
		      "q quit.");
	if (l)
		console_print(&u->con, ROLE_DIM, u->req.lang == LANG_ZH_CN ?
			      "课程：F11 单步或 F5 继续到下一个讲解点；"
			      "遇到问题时输入 answer 编号。" :
			      "Lesson: F11 steps, F5 continues to the next "
			      "point; at a quiz type answer K.");
	return true;
}

static void ui_free(struct ui *u)
{
	if (u->lesson)
		lesson_play_end(&u->lp);
	console_end(&u->con);
	dbg_free(&u->d);
	tap_io_close(&u->taps);
	cmd_ctx_free(&u->ctx);
	if (u->out)
		fclose(u->out);
	free(u->obuf);
	canvas_free(&u->canvas);
}

static struct ui *open_ui(struct world *w, struct script *sc,
			  const struct lesson *l, int resume, FILE *screen_out,
			  int rows, int cols)
{
	struct ui *u = calloc(1, sizeof(*u));

	if (!u)
		return NULL;
	if (!ui_init(u, w, sc, l, resume)) {
		ui_free(u);
		free(u);
		return NULL;
	}
	if (!(screen_out ? term_init_headless(screen_out, rows, cols) :
	      term_init())) {
		ui_free(u);
		free(u);
		return NULL;
	}
	paint(u);
	return u;
}

struct ui *ui_open(struct world *w, struct script *sc, FILE *screen_out,
		   int rows, int cols)
{
	return open_ui(w, sc, NULL, 0, screen_out, rows, cols);
}

struct ui *ui_open_lesson(struct world *w, const struct lesson *l,
			  int resume, FILE *screen_out, int rows, int cols)
{
	return open_ui(w, NULL, l, resume, screen_out, rows, cols);
}

void ui_press(struct ui *u, int key)
{
	handle_key(u, key);
	if (u->req.play_ms)
		play(u);
	paint(u);
}

void ui_type(struct ui *u, const char *line)
{
	run_line(u, line, true);
	paint(u);
}

void ui_close(struct ui *u)
{
	term_end();
	ui_free(u);
	free(u);
}

static int loop(struct ui *u)
{
	if (!u) {
		fprintf(stderr, "netstep: cannot open the terminal\n");
		return 1;
	}
	while (!u->req.quit)
		ui_press(u, term_key(-1));
	ui_close(u);
	return 0;
}

int ui_run(struct world *w, struct script *sc)
{
	return loop(ui_open(w, sc, NULL, 0, 0));
}

int ui_run_lesson(struct world *w, const struct lesson *l, int resume)
{
	return loop(ui_open_lesson(w, l, resume, NULL, 0, 0));
}
