/* pane.c: the pane table and the frame every pane draws; see pane.h. */
#include "pane.h"

static const struct pane_ops *const panes[PANE__COUNT] = {
	[PANE_PIPELINE] = &pane_pipeline,
	[PANE_SKB] = &pane_skb,
	[PANE_STACK] = &pane_stack,
	[PANE_QUEUES] = &pane_queues,
	[PANE_COUNTERS] = &pane_counters,
	[PANE_NETFILTER] = &pane_netfilter,
	[PANE_EXPLAIN] = &pane_explain,
	[PANE_STATUS] = &pane_status,
	[PANE_CONSOLE] = &pane_console,
	[PANE_LESSON] = &pane_lesson,
};

const struct pane_ops *pane_by_id(enum pane_id id)
{
	return id < PANE__COUNT ? panes[id] : NULL;
}

struct rect pane_frame(const struct view *v, struct canvas *c, struct rect r,
		       enum pane_id id)
{
	const struct pane_ops *p = panes[id];

	canvas_frame(c, r, view_text(v, p->title_en, p->title_zh),
		     v->focus == id);
	return rect_inner(r);
}

const char *view_text(const struct view *v, const char *en, const char *zh)
{
	return v->lang == LANG_ZH_CN ? zh : en;
}

void cursor_put(struct cursor *k, int role, const char *s)
{
	if (k->x < k->end)
		k->x += canvas_put(k->c, k->y, k->x, k->end - k->x, role, s);
}
