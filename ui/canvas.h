/*
 * canvas.h: the screen drawn off-screen (STYLE.md rule 15).  Panes write
 * UTF-8 text into cells with a theme role; term.c paints the finished
 * canvas in one go.  Widths come from wcwidth, so CJK text takes two cells
 * and never splits at an edge.
 */
#ifndef NETSTEP_UI_CANVAS_H
#define NETSTEP_UI_CANVAS_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "theme.h"

struct cell {
	wchar_t ch;          /* 0: the right half of a double-width char */
	unsigned char role;  /* enum theme_role */
};

struct canvas {
	int rows, cols;
	struct cell *cells;  /* rows * cols, owned */
};

struct rect {
	int y, x, h, w;
};

bool canvas_init(struct canvas *c, int rows, int cols);
void canvas_free(struct canvas *c);
void canvas_clear(struct canvas *c);
/* Writes UTF-8 s at (y, x), clipped at x + maxw; returns the columns
 * used.  Invalid bytes show as '?'. */
int canvas_put(struct canvas *c, int y, int x, int maxw, int role,
	       const char *s);
/* printf into the canvas, clipped the same way. */
int canvas_printf(struct canvas *c, int y, int x, int maxw, int role,
		  const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void canvas_fill(struct canvas *c, struct rect r, int role);
/* A frame around r with title in it; the inside is rect_inner(r). */
void canvas_frame(struct canvas *c, struct rect r, const char *title,
		  bool focused);
struct rect rect_inner(struct rect r);
/* Columns UTF-8 s takes on screen. */
int text_width(const char *s);
/* Word-wraps UTF-8 s into r from its line `skip` on; returns how many
 * lines the whole text needs at this width. */
int canvas_wrap(struct canvas *c, struct rect r, int role, const char *s,
		int skip);
/* The canvas as text, one line per row, trailing blanks cut (for
 * screendump and tests). */
bool canvas_dump(const struct canvas *c, const char *path);

#endif
