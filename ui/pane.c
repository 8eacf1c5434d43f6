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
};

const struct pane_ops *pane_by_id(enum pane_id id)
{
	return id < PANE__COUNT ? panes[id] : NULL;
}

struct rect pane_frame(const struct view *v, struct canvas *c, struct rect r,
		       enum pane_id id)
{
	const struct pane_ops *p = panes[id];

	canvas_frame(c, r, v->lang == LANG_ZH_CN ? p->title_zh : p->title_en,
		     v->focus == id);
	return rect_inner(r);
}
