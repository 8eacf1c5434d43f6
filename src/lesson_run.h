/*
 * lesson_run.h: what the checker (lesson_check.c) and the player
 * (lesson_play.c) share, so both walk a lesson by the same rules.
 */
#ifndef NETSTEP_SRC_LESSON_RUN_H
#define NETSTEP_SRC_LESSON_RUN_H

#include "lesson.h"

#define LESSON_MAX_STEPS 2000000ull

/* The step is the one `at` waits for. */
bool lesson_at_matches(const struct lesson_item *it, const struct step *s);
/* One engine step, as the debugger takes it (replay fed first). */
bool lesson_step(struct world *w, struct cmd_ctx *c, struct step *s);
/* Steps until the `at` item is reached; false with why. */
bool lesson_run_to(struct world *w, struct cmd_ctx *c,
		   const struct lesson_item *at, char *why, size_t n);
/* A copy of src's run memory in dst, output to out; no replay, no sink. */
bool lesson_ctx_clone(struct cmd_ctx *dst, const struct cmd_ctx *src,
		      FILE *out);
/* Applies the items after quiz qi to the clone fw up to its horizon. */
void lesson_future(const struct lesson *l, int qi, struct world *fw,
		   struct cmd_ctx *fc);
/* The horizon's name, for messages: a function or "the end". */
const char *lesson_horizon(const struct lesson *l, int qi);

#endif
