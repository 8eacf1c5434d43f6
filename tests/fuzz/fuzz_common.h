/*
 * fuzz_common.h: what both fuzz targets share -- one command context for
 * the whole run (its fate memory is made once), a step budget per input
 * that aborts on a runaway, and NETSTEP_FUZZ_LEAKS=0 to skip the pool
 * checks.  Included by one target each; it defines its state static.
 */
#ifndef NETSTEP_TESTS_FUZZ_COMMON_H
#define NETSTEP_TESTS_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static FILE *devnull;
static struct cmd_ctx c;
static int check_leaks = 1;
static const char *fuzz_name;
static unsigned long fuzz_step_limit;
static unsigned long fuzz_steps;

static void count_steps(void *arg, const struct world *w, const struct step *s)
{
	(void)arg;
	(void)w;
	(void)s;
	if (++fuzz_steps > fuzz_step_limit) {
		fprintf(stderr, "%s: more than %lu steps for one input\n",
			fuzz_name, fuzz_step_limit);
		abort();
	}
}

static void fuzz_init(const char *name, unsigned long step_limit)
{
	const char *e = getenv("NETSTEP_FUZZ_LEAKS");

	fuzz_name = name;
	fuzz_step_limit = step_limit;
	devnull = fopen("/dev/null", "w");
	cmd_ctx_init(&c, devnull, devnull);
	if (e && !strcmp(e, "0"))
		check_leaks = 0;
}

/* The context as new for the next input, keeping its fate buffer. */
static void fuzz_ctx_reset(void)
{
	struct fate_rec *fates = c.mem.fates;

	memset(&c.mem, 0, sizeof(c.mem));
	c.mem.fates = fates;
	c.where = NULL;
	c.sink.fn = count_steps;
	c.sink.arg = NULL;
	fuzz_steps = 0;
}

#endif
