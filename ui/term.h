/*
 * term.h: the terminal -- the one file that includes curses (STYLE.md rule
 * 15).  It paints a finished canvas and reads keys; nothing else.
 */
#ifndef NETSTEP_UI_TERM_H
#define NETSTEP_UI_TERM_H

#include <stdbool.h>
#include <stdio.h>

#include "canvas.h"

/* Keys other than bytes: values above any byte. */
enum term_key {
	TK_NONE = -1,
	TK_BASE = 0x1000,
	TK_RESIZE, TK_UP, TK_DOWN, TK_LEFT, TK_RIGHT, TK_HOME, TK_END,
	TK_PGUP, TK_PGDN, TK_BACKSPACE, TK_DELETE, TK_BTAB,
	TK_F1, TK_F5, TK_F6, TK_F7, TK_F8, TK_F9, TK_F10, TK_F11, TK_SF11,
	TK_SF5, TK_OTHER,
};

/* Starts curses on the terminal; colour unless NO_COLOR is set or the
 * terminal has none.  False when there is no usable terminal. */
bool term_init(void);
/* A terminal of rows x cols writing to out, for benchmarks. */
bool term_init_headless(FILE *out, int rows, int cols);
void term_end(void);
bool term_has_color(void);
void term_size(int *rows, int *cols);
/* Paints c (only what changed reaches the terminal) and puts the cursor
 * at (y, x); x < 0 hides it. */
void term_paint(const struct canvas *c, int y, int x);
/* A byte or a TK_ key; TK_NONE after timeout_ms (< 0: wait). */
int term_key(int timeout_ms);

#endif
