/*
 * report.h: what a batch replay ends with -- the report an engineer reads
 * after pushing a capture through the host: how many packets met each fate
 * in which kernel function and for which drop reason, the drop reasons
 * that cost most with their explanation (explain.h) and the setting that
 * changes each, then the counters (batch.c prints those).
 *
 * It is built from the fates in the steps (report_note) and the packets
 * still queued at the end (report_pending), never from bookkeeping of its
 * own inside the engine.
 */
#ifndef NETSTEP_SRC_REPORT_H
#define NETSTEP_SRC_REPORT_H

#include <stdio.h>

#include "explain.h"
#include "json.h"
#include "replay.h"
#include "step.h"
#include "world.h"

struct report;

struct report *report_new(void);
void report_free(struct report *r);
/* Counts the fate a step decided, if any. */
void report_note(struct report *r, const struct step *s);
/* Counts packets waiting in a queue at the end (before batch_finish gives
 * them their queued fate). */
void report_pending(struct report *r, const struct world *w);
/* The report as text, and as one {"type":"report"} JSON line. */
void report_text(const struct report *r, const struct replay_set *rs,
		 const struct world *w, enum explain_lang lang, FILE *f);
void report_json(const struct report *r, const struct replay_set *rs,
		 enum explain_lang lang, struct json *j, FILE *f);
/* The settings that change how often a drop reason happens, in the real
 * tools' words ("net.core.netdev_max_backlog"); NULL when none does. */
const char *report_setting(enum drop_reason r);

#endif
