/*
 * pane_explain.c: what the current function does (or, when the step
 * dropped a packet, why), from the explanation table in the chosen
 * language, with the step's own note first.
 */
#include "pane.h"

#include <stdio.h>

#include "../src/stages.h"

static void explain_draw(const struct view *v, struct canvas *c,
			 struct rect r)
{
	const struct step *s = &v->d->last;
	struct rect in = pane_frame(v, c, r, PANE_EXPLAIN);
	const struct stage_info *si;
	char note[256], head[400];
	int n;

	if (!v->d->has_last) {
		canvas_wrap(c, in, ROLE_DIM, v->lang == LANG_ZH_CN ?
			    "按 F11 或输入 step 执行第一个内核函数；? 查看帮助。" :
			    "Press F11 or type `step` to run the first kernel "
			    "function; ? for help.", 0);
		return;
	}
	si = stage_info((enum stage)s->stage);
	/* hardware stages name no source file; their "file" is already a
	 * parenthesised description */
	snprintf(head, sizeof(head), si->file[0] == '(' ? "%s %s: %s" :
		 "%s (%s): %s", si->func, si->file,
		 step_note_format(s, note, sizeof(note)));
	n = canvas_wrap(c, in, ROLE_TITLE, head, v->scroll[PANE_EXPLAIN]);
	in.y += n;
	in.h -= n;
	if (in.h <= 0)
		return;
	if (s->has_route) {
		char route[200];

		step_route_format(v->w, s, v->lang == LANG_ZH_CN, route,
				  sizeof(route));
		n = canvas_wrap(c, in, ROLE_NORMAL, route, 0);
		in.y += n;
		in.h -= n;
		if (in.h <= 0)
			return;
	}
	if (s->has_fate && s->fate.fate == FATE_DROPPED) {
		char drop[600];

		snprintf(drop, sizeof(drop), "%s: %s",
			 drop_reason_name((enum drop_reason)s->fate.reason),
			 explain_drop((enum drop_reason)s->fate.reason,
				      v->lang));
		n = canvas_wrap(c, in, ROLE_DROP, drop, 0);
		in.y += n;
		in.h -= n;
		if (in.h <= 0)
			return;
	}
	canvas_wrap(c, in, ROLE_NORMAL,
		    explain_stage((enum stage)s->stage, v->lang), 0);
}

const struct pane_ops pane_explain = {
	.name = "explain",
	.title_en = "What this function does",
	.title_zh = "这个函数做什么",
	.draw = explain_draw,
};
