/*
 * pane_console.c: the console -- what commands printed, newest at the
 * bottom, and the readline prompt on the last row.
 */
#include "pane.h"

#include "console.h"

static void console_draw(const struct view *v, struct canvas *c, struct rect r)
{
	const struct console *con = v->con;
	int rows = r.h - 1, first, x;

	canvas_fill(c, r, ROLE_NORMAL);
	first = con->n - rows - con->scroll;
	if (first < 0)
		first = 0;
	for (int i = 0; i < rows && first + i < con->n; i++) {
		int slot = (con->head + first + i) % CON_LOG;

		canvas_put(c, r.y + i, r.x, r.w, con->role[slot],
			   con->log[slot]);
	}
	x = canvas_put(c, r.y + r.h - 1, r.x, r.w, ROLE_PROMPT, con->prompt);
	canvas_put(c, r.y + r.h - 1, r.x + x, r.w - x, ROLE_NORMAL,
		   con->input ? con->input : "");
}

const struct pane_ops pane_console = {
	.name = "console",
	.title_en = "Console",
	.title_zh = "控制台",
	.draw = console_draw,
};
