/*
 * engine.h: advancing the world one kernel function at a time.
 *
 * The CPU's pending work is data in the world: a task per context holds the
 * function to run next and its callers (struct task).  engine_step() picks
 * the work that would run next on a real CPU -- hardware acts due now, then
 * a hard IRQ, then softirqs, then process context -- runs exactly one
 * function and describes it in a struct step.  When no work is ready it moves
 * the clock to the next event (a frame arriving, a timer) and tries again.
 */
#ifndef NETSTEP_SRC_ENGINE_H
#define NETSTEP_SRC_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "step.h"
#include "world.h"

/* Runs one step and fills *s.  Returns false, leaving the clock alone, when
 * nothing is ready and the next event lies after `until` (or there is none):
 * the world is idle up to `until`.  Pass UINT64_MAX for no limit. */
bool engine_step(struct world *w, struct step *s, uint64_t until);
/* The same step, the same world after it, for a reader of fates and
 * counters only (a batch replay without --trace steps): the callers'
 * stack, the skb before and after and the counter deltas (s->stack,
 * s->before, s->after, s->deltas) are not filled, as building them was a
 * fifth of such a replay. */
bool engine_step_lean(struct world *w, struct step *s, uint64_t until);

/* True when no CPU work is pending and no frame is on its way: only timers
 * (neighbour, reassembly) may remain.  This is what `run idle` waits for. */
bool engine_settled(const struct world *w);

/* Starts process-context work; false when the process is busy. */
bool engine_start_recv(struct world *w, uint32_t sock, uint32_t count);
bool engine_start_wait(struct world *w, uint32_t sock, uint8_t how);
/* A syscall that starts at stage st with arg = sock (connect()). */
bool engine_start_syscall(struct world *w, enum stage st, uint32_t sock);

/* Packets still waiting in a queue (neighbour, qdisc, ring) without a fate
 * get a FATE_QUEUED record, in packet order: at most max into out; returns
 * how many.  They count as fated afterwards. */
size_t engine_pending_fates(struct world *w, struct fate_rec *out, size_t max);

/* The most process work is one syscall; this says if it is running. */
bool engine_process_busy(const struct world *w);

#endif
