/*
 * pane_counters.c: the counters the step just taken moved, lit, each with
 * its increase and its total; below them, while there is room, every other
 * non-zero counter: the SNMP ones in the order `nstat -a` prints them, then
 * each device's (the fields `ip -s link` reads) and the softnet columns.
 * The list below scrolls; the counters this step moved stay on top.
 */
#include "pane.h"

#include <stdio.h>
#include <string.h>

enum { COLW_MIN = 34, COL_GAP = 2 };

/* Items laid out row by row in columns of equal width. */
struct grid {
	struct canvas *c;
	struct rect r;
	int ncols, colw;
	int n;                    /* items placed so far */
	int skip;                 /* rows scrolled off the top */
};

static struct grid grid_new(struct canvas *c, struct rect r, int skip)
{
	struct grid g = { c, r, 1, r.w, 0, skip };

	g.ncols = (r.w + COL_GAP) / (COLW_MIN + COL_GAP);
	if (g.ncols < 1)
		g.ncols = 1;
	g.colw = (r.w + COL_GAP) / g.ncols - COL_GAP;
	return g;
}

static int grid_rows(const struct grid *g, int items)
{
	return (items + g->ncols - 1) / g->ncols;
}

/* "name   +delta   total": the name gives way to the numbers. */
static void grid_item(struct grid *g, int role, const char *name,
		      uint32_t delta, uint64_t total)
{
	int row = g->n / g->ncols - g->skip, col = g->n % g->ncols;
	int x = g->r.x + col * (g->colw + COL_GAP), y = g->r.y + row;
	char num[48];
	int numw;

	g->n++;
	if (row < 0 || row >= g->r.h)
		return;
	if (delta)
		snprintf(num, sizeof(num), " %+5lld %6llu", (long long)delta,
			 (unsigned long long)total);
	else
		snprintf(num, sizeof(num), " %6llu",
			 (unsigned long long)total);
	numw = (int)strlen(num) < g->colw ? (int)strlen(num) : g->colw;
	canvas_fill(g->c, (struct rect){ y, x, 1, g->colw }, role);
	canvas_put(g->c, y, x, g->colw - numw, role, name);
	canvas_put(g->c, y, x + g->colw - numw, numw, role,
		   num + strlen(num) - numw);
}

/* ---- the counters this step moved ---- */

static uint64_t delta_total(const struct world *w, const struct ctr_delta *d)
{
	switch (d->kind) {
	case CK_SNMP:
		return d->id < CTR__COUNT ? w->snmp[d->id] : 0;
	case CK_DEV:
		return d->dev < MAX_DEV && d->id < DEVC__COUNT ?
		       w->dev[d->dev].stats[d->id] : 0;
	case CK_SOFTNET:
		return d->id < SNC__COUNT ? w->softnet.stats[d->id] : 0;
	case CK_ICMPMSG_IN:
		return d->id < ICMP_MSG_TYPES ? w->icmpmsg_in[d->id] : 0;
	default:
		return d->id < ICMP_MSG_TYPES ? w->icmpmsg_out[d->id] : 0;
	}
}

static bool moved(const struct view *v, enum ctr_kind kind, unsigned dev,
		  unsigned id)
{
	const struct step *s = &v->d->last;

	if (!v->d->has_last)
		return false;
	for (int i = 0; i < s->ndeltas; i++)
		if (s->deltas[i].kind == kind && s->deltas[i].dev == dev &&
		    s->deltas[i].id == id)
			return true;
	return false;
}

/* Draws the moved counters in r; returns the rows they took. */
static int moved_draw(const struct view *v, struct canvas *c, struct rect r)
{
	const struct step *s = &v->d->last;
	struct grid g = grid_new(c, r, 0);
	char name[64];
	int n;

	if (!v->d->has_last || !s->ndeltas) {
		canvas_put(c, r.y, r.x, r.w, ROLE_DIM, !v->d->has_last ?
			   view_text(v, "no step yet", "还没有执行") :
			   view_text(v, "this step moved no counter",
			      "这一步没有改变计数器"));
		return 1;
	}
	for (int i = 0; i < s->ndeltas; i++)
		grid_item(&g, ROLE_CHANGED,
			  step_delta_name(v->w, &s->deltas[i], name,
					  sizeof(name)),
			  s->deltas[i].delta, delta_total(v->w, &s->deltas[i]));
	n = grid_rows(&g, s->ndeltas);
	return n < r.h ? n : r.h;
}

/* ---- every other non-zero counter ---- */

static void icmpmsg_items(const struct view *v, struct grid *g)
{
	const struct world *w = v->w;
	char name[32];

	/* /proc/net/snmp's IcmpMsg row: every InType, then every OutType */
	for (int t = 0; t < ICMP_MSG_TYPES; t++)
		if (w->icmpmsg_in[t] && !moved(v, CK_ICMPMSG_IN, 0, t)) {
			snprintf(name, sizeof(name), "IcmpMsgInType%d", t);
			grid_item(g, ROLE_NORMAL, name, 0, w->icmpmsg_in[t]);
		}
	for (int t = 0; t < ICMP_MSG_TYPES; t++)
		if (w->icmpmsg_out[t] && !moved(v, CK_ICMPMSG_OUT, 0, t)) {
			snprintf(name, sizeof(name), "IcmpMsgOutType%d", t);
			grid_item(g, ROLE_NORMAL, name, 0, w->icmpmsg_out[t]);
		}
}

/* nstat's order: the SNMP rows as listed, with IcmpMsg right after
 * Icmp, where /proc/net/snmp has it. */
static void snmp_items(const struct view *v, struct grid *g)
{
	const struct world *w = v->w;
	bool in_icmp = false, icmpmsg_done = false;

	for (int i = 0; i < CTR__COUNT; i++) {
		bool icmp = !strcmp(snmp_counter_row(i), "Icmp");

		if (in_icmp && !icmp && !icmpmsg_done) {
			icmpmsg_items(v, g);
			icmpmsg_done = true;
		}
		in_icmp = icmp;
		if (w->snmp[i] && !moved(v, CK_SNMP, 0, (unsigned)i))
			grid_item(g, ROLE_NORMAL, snmp_counter_name(i), 0,
				  w->snmp[i]);
	}
	if (!icmpmsg_done)
		icmpmsg_items(v, g);
}

static void dev_items(const struct view *v, struct grid *g)
{
	const struct world *w = v->w;
	char name[64];

	for (int d = 1; d < MAX_DEV; d++) {
		if (w->dev[d].kind == DEV_NONE)
			continue;
		for (int i = 0; i < DEVC__COUNT; i++) {
			if (!w->dev[d].stats[i] ||
			    moved(v, CK_DEV, (unsigned)d, (unsigned)i))
				continue;
			snprintf(name, sizeof(name), "%s %s", w->dev[d].name,
				 dev_counter_name(i));
			grid_item(g, ROLE_NORMAL, name, 0, w->dev[d].stats[i]);
		}
	}
}

static void softnet_items(const struct view *v, struct grid *g)
{
	char name[48];

	for (int i = 0; i < SNC__COUNT; i++) {
		if (!v->w->softnet.stats[i] ||
		    moved(v, CK_SOFTNET, 0, (unsigned)i))
			continue;
		snprintf(name, sizeof(name), "softnet %s",
			 softnet_counter_name(i));
		grid_item(g, ROLE_NORMAL, name, 0, v->w->softnet.stats[i]);
	}
}

static void totals_items(const struct view *v, struct grid *g)
{
	snmp_items(v, g);
	dev_items(v, g);
	softnet_items(v, g);
}

/* A rule, then every other non-zero counter, scrolled by the pane's
 * scroll; the rule says which rows show when not all do. */
static void totals_draw(const struct view *v, struct canvas *c, struct rect r)
{
	struct grid g = grid_new(NULL, (struct rect){ 0, 0, 0, r.w }, 0);
	int skip = v->scroll[PANE_COUNTERS], rows, shown;
	char rule[96];

	totals_items(v, &g);    /* a dry run counts the rows */
	rows = grid_rows(&g, g.n);
	if (skip > rows - (r.h - 1))
		skip = rows - (r.h - 1);
	if (skip < 0)
		skip = 0;
	shown = rows - skip < r.h - 1 ? rows - skip : r.h - 1;
	for (int longer = 1; longer >= 0; longer--) {
		snprintf(rule, sizeof(rule), "-- %s --", longer ?
			 view_text(v, "other non-zero counters",
			    "其他非零计数器") :
			 view_text(v, "non-zero", "非零"));
		if (shown < rows)
			snprintf(rule + strlen(rule),
				 sizeof(rule) - strlen(rule), " [%d-%d/%d]",
				 skip + 1, skip + shown, rows);
		if (text_width(rule) <= r.w)
			break;
	}
	canvas_put(c, r.y, r.x, r.w, ROLE_DIM, rule);
	if (!g.n)
		canvas_put(c, r.y + 1, r.x, r.w, ROLE_DIM,
			   view_text(v, "none", "没有"));
	g = grid_new(c, (struct rect){ r.y + 1, r.x, r.h - 1, r.w }, skip);
	totals_items(v, &g);
}

static void counters_draw(const struct view *v, struct canvas *c,
			  struct rect r)
{
	struct rect in = pane_frame(v, c, r, PANE_COUNTERS);
	int n;

	if (in.h <= 0 || in.w <= 0)
		return;
	n = moved_draw(v, c, in);
	if (in.h - n >= 2)
		totals_draw(v, c, (struct rect){ in.y + n, in.x, in.h - n,
						 in.w });
}

const struct pane_ops pane_counters = {
	.name = "counters",
	.title_en = "Counters",
	.title_zh = "计数器",
	.draw = counters_draw,
};
