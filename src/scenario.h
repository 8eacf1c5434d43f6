/*
 * scenario.h: scenario files (CONTRACTS.md §2): one command a line, '#'
 * comments, a trailing '\' continues the line.  Errors are "FILE:LINE:
 * message".  The built-in demo is a scenario too.
 */
#ifndef NETSTEP_SRC_SCENARIO_H
#define NETSTEP_SRC_SCENARIO_H

#include <stdbool.h>
#include <stdio.h>

#include "cmd.h"
#include "world.h"

/* Called with "FILE:LINE" and the message of the first failing line. */
typedef void (*scenario_err_fn)(void *arg, const char *where, const char *msg);

/* Runs every line; stops at the first failure.  Returns CMD_OK, CMD_FAIL
 * (a failed expect) or CMD_USAGE (a bad line, a missing file). */
enum cmd_status scenario_run_file(struct world *w, struct cmd_ctx *c,
				  const char *path);
/* Runs text as if it were a file called name. */
enum cmd_status scenario_run_text(struct world *w, struct cmd_ctx *c,
				  const char *name, const char *text);
/* One command line (no continuation), errors prefixed with where. */
enum cmd_status scenario_run_line(struct world *w, struct cmd_ctx *c,
				  const char *where, const char *line);

/* Calls fn with "FILE:LINE" and each logical line (continuations joined,
 * comments left in: cmd_split drops them); stops at the first status that
 * is not CMD_OK and returns it.  line is valid during the call only. */
typedef enum cmd_status (*scenario_line_fn)(void *arg, const char *where,
					    const char *line);
enum cmd_status scenario_each_line(const char *name, const char *text,
				   scenario_line_fn fn, void *arg);
/* The whole file as a string to free(); NULL after writing why to err. */
char *scenario_read_file(const char *path, FILE *err);

/* A scenario kept as its command lines (blank and comment lines left out),
 * for the debugger, which runs them one traffic command at a time. */
struct script_line {
	char *where;                 /* "FILE:LINE" */
	char *line;
};
struct script {
	size_t n, cap;
	struct script_line *v;       /* owned */
};
bool script_add_text(struct script *sc, const char *name, const char *text);
bool script_add_file(struct script *sc, const char *path, FILE *err);
void script_free(struct script *sc);

extern const char scenario_demo[];

#endif
