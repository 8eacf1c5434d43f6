/*
 * history.h: checkpoints of the world, for exact reverse execution.
 *
 * The debugger goes back by restoring the latest checkpoint before the step
 * it wants and re-running the deterministic engine forward to it (DESIGN.md
 * §2 "History").  A checkpoint is the world minus the never-used tails of
 * its two big pools (skb buffers, injector frames): slots above a pool's
 * high-water mark have never been touched, so they are all zero and need no
 * copy.  Memory stays bounded: when the list is full every other checkpoint
 * is dropped and the spacing between new ones doubles, so a long session
 * keeps checkpoints spread over all of it.
 */
#ifndef NETSTEP_SRC_HISTORY_H
#define NETSTEP_SRC_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "world.h"

struct history;

/* max: checkpoints kept (>= 4); interval: steps between automatic ones. */
struct history *history_new(uint32_t max, uint32_t interval);
void history_free(struct history *h);

/* Saves w as it is now, tagged with w->step_no.  A later checkpoint with
 * the same step_no replaces nothing: both are kept, in order, so a command
 * typed between two steps can be undone.  pinned: never thinned out (a
 * command changed the world here, and re-running steps cannot redo that).
 * False when out of memory. */
bool history_save(struct history *h, const struct world *w, bool pinned);
/* Called after each forward step: saves when the spacing is due. */
bool history_after_step(struct history *h, const struct world *w);

/* Restores into w the latest checkpoint whose step_no is below target
 * (the state from which re-running reaches step target), and forgets every
 * checkpoint after it: what follows will be recomputed.  False when there
 * is none (target is 0 or before the first checkpoint). */
bool history_restore_before(struct history *h, struct world *w,
			    uint64_t target);

/* Like history_restore_before, but forgets nothing; *from is the
 * checkpoint's step_no.  For searches that re-run the past. */
bool history_peek_before(const struct history *h, struct world *w,
			 uint64_t target, uint64_t *from);

/* The step_no of the oldest checkpoint: nothing before it can be reached. */
uint64_t history_first_step(const struct history *h);
uint32_t history_count(const struct history *h);
size_t history_bytes(const struct history *h);

/* The compact copy itself (also used by tests).  world_snapshot returns a
 * malloc'd buffer of *len bytes, NULL when out of memory; world_restore
 * overwrites w with it exactly (world_equal to the world that was saved). */
void *world_snapshot(const struct world *w, size_t *len);
void world_restore(struct world *w, const void *snap);

#endif
