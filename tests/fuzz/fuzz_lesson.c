/*
 * fuzz_lesson.c: arbitrary text parsed as a lesson (lesson.c's parser).
 *
 * A lesson either parses or fails with a "FILE:LINE: message" error; a
 * parsed one must hold together: every quiz answered within its options,
 * nstops the count of `at` and quiz items.  Anything else aborts.  The
 * lesson is not run: running is the scenario commands' fuzz target's job.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"

static void check(const struct lesson *l)
{
	int stops = 0;

	if (!l->title || !l->name)
		abort();
	for (int i = 0; i < l->nitems; i++) {
		const struct lesson_item *it = &l->items[i];

		stops += it->kind == LI_AT || it->kind == LI_QUIZ;
		if (it->kind != LI_QUIZ)
			continue;
		if (it->quiz == QUIZ_NEXT ? !it->answer_func :
		    it->answer < 1 || it->answer > it->nopt || it->nopt < 2)
			abort();
	}
	if (stops != l->nstops)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), err[512];
	struct lesson *l;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	l = lesson_parse("fuzz.lesson", text, err, sizeof(err));
	if (l)
		check(l);
	else if (strncmp(err, "fuzz.lesson:", 12))
		abort();               /* every error names FILE:LINE */
	lesson_free(l);
	free(text);
	return 0;
}
