/*
 * pane_stack.c: the call stack of the step just taken, innermost first as
 * gdb's backtrace prints it, with the context it ran in.
 */
#include "pane.h"

#include "../src/stages.h"

static void stack_draw(const struct view *v, struct canvas *c, struct rect r)
{
	const struct step *s = &v->d->last;
	struct rect in = pane_frame(v, c, r, PANE_STACK);
	int y = in.y;

	if (!v->d->has_last) {
		canvas_put(c, y, in.x, in.w, ROLE_DIM, v->lang == LANG_ZH_CN ?
			   "还没有执行任何函数" : "no function has run yet");
		return;
	}
	canvas_printf(c, y++, in.x, in.w, ROLE_TITLE, "[%s]",
		      ctx_name((enum ctx)s->ctx));
	for (int i = s->depth; i >= 0 && y < in.y + in.h; i--, y++) {
		enum stage st = i == s->depth ? (enum stage)s->stage :
				(enum stage)s->stack[i];

		canvas_printf(c, y, in.x, in.w,
			      i == s->depth ? ROLE_CURRENT : ROLE_NORMAL,
			      "#%-2d %s", s->depth - i, stage_info(st)->func);
	}
}

const struct pane_ops pane_stack = {
	.name = "stack",
	.title_en = "Call stack",
	.title_zh = "调用栈",
	.draw = stack_draw,
};
