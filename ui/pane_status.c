/*
 * pane_status.c: one line -- simulated time, step, packet, context, and
 * why the last move stopped.
 */
#include "pane.h"

#include <stdio.h>

static void status_draw(const struct view *v, struct canvas *c, struct rect r)
{
	const struct dbg *d = v->d;
	char line[512];
	int n;

	canvas_fill(c, r, ROLE_STATUS);
	n = snprintf(line, sizeof(line), " t=%llu.%03llu us  step %llu",
		     (unsigned long long)(v->w->now / 1000),
		     (unsigned long long)(v->w->now % 1000),
		     (unsigned long long)v->w->step_no);
	if (d->has_last && d->last.pkt)
		n += snprintf(line + n, sizeof(line) - (size_t)n,
			      "  packet #%u", d->last.pkt);
	if (d->has_last)
		n += snprintf(line + n, sizeof(line) - (size_t)n, "  [%s]",
			      ctx_name((enum ctx)d->last.ctx));
	if (d->stop_msg[0])
		snprintf(line + n, sizeof(line) - (size_t)n, "  %s",
			 d->stop_msg);
	canvas_put(c, r.y, r.x, r.w, ROLE_STATUS, line);
}

const struct pane_ops pane_status = {
	.name = "status",
	.title_en = "",
	.title_zh = "",
	.draw = status_draw,
};
