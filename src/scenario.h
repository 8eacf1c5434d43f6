/*
 * scenario.h: scenario files (CONTRACTS.md §2): one command a line, '#'
 * comments, a trailing '\' continues the line.  Errors are "FILE:LINE:
 * message".  The built-in demo is a scenario too.
 */
#ifndef NETSTEP_SRC_SCENARIO_H
#define NETSTEP_SRC_SCENARIO_H

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

extern const char scenario_demo[];

#endif
