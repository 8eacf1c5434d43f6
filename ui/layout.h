/*
 * layout.h: where each pane goes, a pure function of the terminal size and
 * the layout mode (STYLE.md rule 14).  A pane whose rectangle has h == 0 is
 * not shown at this size (its data is still one `info` command away).
 */
#ifndef NETSTEP_UI_LAYOUT_H
#define NETSTEP_UI_LAYOUT_H

#include <stdbool.h>

#include "canvas.h"

#define LAYOUT_MIN_ROWS 24
#define LAYOUT_MIN_COLS 80

enum pane_id {
	PANE_PIPELINE, PANE_SKB, PANE_STACK, PANE_QUEUES, PANE_COUNTERS,
	PANE_NETFILTER, PANE_EXPLAIN, PANE_STATUS, PANE_CONSOLE, PANE_LESSON,
	PANE__COUNT
};

enum layout_mode { LAYOUT_NORMAL, LAYOUT_CLASS };

/* Fills out[] for a rows x cols screen; false (and all h == 0) below
 * LAYOUT_MIN_ROWS x LAYOUT_MIN_COLS. */
bool layout_compute(int rows, int cols, enum layout_mode mode,
		    struct rect out[PANE__COUNT]);
/* With a lesson running: its pane takes the skb and explanation panes'
 * rows at the top right (the explanation's place in the class layout). */
void layout_lesson(enum layout_mode mode, struct rect out[PANE__COUNT]);

#endif
