/*
 * dbgcmd.h: the console's commands -- gdb's names for moving through the
 * steps, breakpoints, watchpoints and `info`, plus the UI's own (layout,
 * set lang, play, screendump).  Anything else is a scenario command and goes
 * to the command table (DESIGN.md rule 7).  No curses here: what a command
 * prints goes to a FILE, and what it asks of the screen comes back in
 * struct ui_req, so the parser is tested without a terminal.
 */
#ifndef NETSTEP_UI_DBGCMD_H
#define NETSTEP_UI_DBGCMD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../src/debug.h"
#include "../src/explain.h"
#include "layout.h"

struct lesson_play;

/* The UI state commands may change. */
struct ui_req {
	enum layout_mode layout;
	enum explain_lang lang;
	enum pane_id focus;
	bool quit;
	uint32_t play_ms;            /* > 0: step on a timer until stopped */
	bool play_stop;
	char dump_path[256];         /* screendump FILE was asked for */
	char repeat[512];            /* what Enter on an empty line runs */
	char display[8][32];         /* `display WHAT`: shown after each stop */
	int ndisplay;
	struct lesson_play *lesson;  /* -l: the lesson `answer` answers */
};

/* Runs one console line.  Output and errors go to out.  Returns false for
 * a command that failed (the message is in out). */
bool dbgcmd_run(struct dbg *d, struct ui_req *ui, const char *line,
		FILE *out);

/* After any move: the stop message and the `display` items. */
void dbgcmd_report_stop(struct dbg *d, struct ui_req *ui,
			enum dbg_stop why, FILE *out);

/* Names for completion: debugger commands then scenario commands;
 * NULL-terminated, static. */
const char *const *dbgcmd_names(void);

#endif
