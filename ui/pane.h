/*
 * pane.h: one pane per file (STYLE.md rule 14).  A pane draws from the
 * engine's const data (the world, the debugger and its last step) into its
 * rectangle of the canvas; it never changes anything.
 */
#ifndef NETSTEP_UI_PANE_H
#define NETSTEP_UI_PANE_H

#include "../src/debug.h"
#include "../src/explain.h"
#include "../src/world.h"
#include "canvas.h"
#include "layout.h"

struct console;

/* What every pane may read. */
struct view {
	const struct world *w;
	const struct dbg *d;          /* d->last: the step just taken */
	enum explain_lang lang;
	enum pane_id focus;           /* Tab moves it */
	int scroll[PANE__COUNT];      /* lines scrolled, for panes that do */
	const struct console *con;
	const struct lesson_play *lesson;  /* NULL without a lesson */
};

struct pane_ops {
	const char *name;             /* as `focus NAME` and help call it */
	const char *title_en, *title_zh;
	void (*draw)(const struct view *v, struct canvas *c, struct rect r);
};

extern const struct pane_ops pane_pipeline, pane_skb, pane_stack,
	pane_queues, pane_counters, pane_netfilter, pane_explain,
	pane_status, pane_console, pane_lesson;

/* Lines the lesson pane could scroll back at its last drawing. */
int pane_lesson_scroll_max(void);

/* en or zh, by the view's language. */
const char *view_text(const struct view *v, const char *en, const char *zh);

/* Text laid left to right on row y, clipped at column end. */
struct cursor {
	struct canvas *c;
	int y, x, end;
};
void cursor_put(struct cursor *k, int role, const char *s);

/* The pane in slot id. */
const struct pane_ops *pane_by_id(enum pane_id id);
/* Draws r's frame with the pane's title in the view's language; returns
 * the inside. */
struct rect pane_frame(const struct view *v, struct canvas *c, struct rect r,
		       enum pane_id id);

#endif
