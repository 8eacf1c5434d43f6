/*
 * ui.h: the full-screen debugger: the main loop, key routing, resize.
 */
#ifndef NETSTEP_UI_UI_H
#define NETSTEP_UI_UI_H

#include "../src/scenario.h"
#include "../src/world.h"

#include <stdio.h>

struct ui;

/* Opens the debugger on w with the scenario sc (taken over) and runs until
 * the user quits.  Returns the exit status (0; 1 when no terminal). */
int ui_run(struct world *w, struct script *sc);

/* The same, in pieces, for benchmarks: ui_open paints to screen_out (a
 * terminal of rows x cols that nobody sees) when it is not NULL; ui_press
 * handles one key (a byte or a TK_ key) and repaints. */
struct ui *ui_open(struct world *w, struct script *sc, FILE *screen_out,
		   int rows, int cols);
void ui_press(struct ui *u, int key);
void ui_type(struct ui *u, const char *line);
void ui_close(struct ui *u);

struct lesson;
/* The debugger on lesson l (its setup run on w first) with the lesson
 * pane, fast-forwarded through `resume` stops; progress is saved. */
int ui_run_lesson(struct world *w, const struct lesson *l, int resume);
struct ui *ui_open_lesson(struct world *w, const struct lesson *l,
			  int resume, FILE *screen_out, int rows, int cols);

#endif
