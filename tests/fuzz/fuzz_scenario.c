/*
 * fuzz_scenario.c: arbitrary text run as a scenario (scenario.c, cmd*.c,
 * packet.c and everything the commands drive).
 *
 * Inputs are capped at 4 KiB.  So that one input runs well under a second,
 * an input is skipped when any line (split as the scenario splits it) asks
 * for a `count` above 16; and so that no input touches real files, an input
 * is skipped when it names a command that reads or writes one (tcpdump -w,
 * replay, sysctl -p ...).  A step count beyond STEP_LIMIT is a bug (abort):
 * no bounded scenario needs that many.  After the scenario (whatever its
 * status) the world runs 60 simulated seconds and each socket is read dry;
 * then every skb still allocated must be explained by a queue that may
 * legitimately hold it (a socket the process could not read because it
 * sleeps in `wait`, fragments held by ip_defrag), else it is a leak (abort;
 * NETSTEP_FUZZ_LEAKS=0 turns this check off).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "engine.h"
#include "ip_fragment.h"
#include "scenario.h"
#include "world.h"

#define INPUT_MAX 4096
#define COUNT_MAX 16
#define STEP_LIMIT 3000000
#define WORDS_MAX 256

#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init("fuzz_scenario", STEP_LIMIT);
	return 0;
}

/* True when word i of a line must not run here: a command that reads or
 * writes real files, or a count above COUNT_MAX. */
static bool word_unsafe(char **av, int n, int i)
{
	static const char *const file_cmds[] = { "tcpdump", "replay",
		"source", "lesson", "load", "save", "screendump" };
	const char *a = av[i];
	uint64_t v;

	if (i == 0) {
		for (size_t k = 0; k < sizeof(file_cmds) / sizeof(*file_cmds); k++)
			if (!strcmp(a, file_cmds[k]))
				return true;
		return false;
	}
	if (!strcmp(av[0], "sysctl"))
		return !strncmp(a, "-p", 2) || !strncmp(a, "-f", 2) ||
		       !strncmp(a, "--load", 6) || !strcmp(a, "--system");
	if (!strcmp(a, "-w"))
		return true;
	return !strcmp(a, "count") && i + 1 < n &&
	       parse_u64(av[i + 1], 0, UINT64_MAX, &v) && v > COUNT_MAX;
}

/* CMD_USAGE for a line that must not run here (see the top). */
static enum cmd_status line_ok(void *arg, const char *where, const char *line)
{
	char *copy = strdup(line), *av[WORDS_MAX];
	bool ok = copy != NULL;
	int n = ok ? cmd_split(copy, av, WORDS_MAX) : 0;

	(void)arg;
	(void)where;
	for (int i = 0; i < n && ok; i++)
		ok = !word_unsafe(av, n, i);
	free(copy);
	return ok ? CMD_OK : CMD_USAGE;
}

/* False when some line of text must not run here; lines are read as
 * scenario_run_text reads them, continuations joined. */
static bool text_ok(const char *text)
{
	return scenario_each_line("fuzz", text, line_ok, NULL) == CMD_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct world *w;
	char *text;

	if (size > INPUT_MAX)
		return 0;
	text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = 0;
	if (!text_ok(text)) {
		free(text);
		return 0;
	}
	w = world_new();
	if (!w)
		abort();
	fuzz_ctx_reset();
	c.settle = true;
	scenario_run_text(w, &c, "fuzz", text);
	c.where = NULL;
	cmd_run_until(w, &c, w->now + 60ull * 1000000000ull, false);
	for (uint32_t h = 1; h <= SOCK_MAX; h++)
		if (pool_is_used(&w->sock_pool, w->sock_next, h) &&
		    engine_start_recv(w, h, UINT32_MAX))
			cmd_run_until(w, &c, UINT64_MAX, true);
	if (check_leaks) {
		uint32_t held = ip_frag_usage(w).frags;

		for (uint32_t h = 1; h <= SOCK_MAX; h++)
			if (pool_is_used(&w->sock_pool, w->sock_next, h))
				held += w->sock[h - 1].rq.qlen;
		if (w->skb_pool.in_use != held) {
			fprintf(stderr, "fuzz_scenario: %u skb(s) left, %u of "
				"them in socket or reassembly queues\n",
				w->skb_pool.in_use, held);
			abort();
		}
	}
	free(text);
	world_free(w);
	return 0;
}
