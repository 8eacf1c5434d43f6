/*
 * lesson.h: lessons (CONTRACTS.md §4, lessons/README.md): the parser, the
 * headless checker (--check-lesson) and the player the debugger drives.
 *
 * A lesson is its setup (scenario commands), then after `begin` a list of
 * items: narration (`say`), stops tied to stages (`at FUNC [pkt N]`, `at
 * end`), scenario commands applied as at the console, `expect` claims,
 * quizzes and a summary.  The checker and the player walk the same items
 * with the same rules, so what --check-lesson confirms is what the student
 * sees: the engine, not the text, decides every quiz.  A quiz's future is
 * computed on a clone of the world (the world is a value), leaving the
 * lesson's own world where it is.
 *
 * Nothing here draws: the lesson pane (ui/pane_lesson.c) reads struct
 * lesson_play.
 */
#ifndef NETSTEP_SRC_LESSON_H
#define NETSTEP_SRC_LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cmd.h"
#include "debug.h"
#include "world.h"

enum lesson_kind { LI_SAY, LI_AT, LI_CMD, LI_EXPECT, LI_QUIZ, LI_SUMMARY };
enum quiz_kind { QUIZ_NEXT, QUIZ_COUNTER, QUIZ_CHOICE };

struct lesson_option {
	char *text;                  /* what the student reads */
	char *claim;                 /* QUIZ_CHOICE: an expect form; QUIZ_COUNTER:
					the counter's name (= text) */
};

struct lesson_item {
	uint8_t kind;                /* enum lesson_kind */
	uint8_t quiz;                /* enum quiz_kind */
	int line;                    /* in the file */
	char *text;                  /* say/summary text, the command or expect
					line, the AT function, the question */
	bool at_end;                 /* `at end`: until the host is settled */
	uint32_t pkt;                /* `at FUNC pkt N`; 0: any packet */
	int nopt;
	struct lesson_option *opt;
	int answer;                  /* 1-based option; QUIZ_NEXT: 0 */
	char *answer_func;           /* QUIZ_NEXT */
	int nhint;
	char **hint;
};

struct lesson {
	char *path;                  /* as given */
	char *name;                  /* NN-name: the file name without .lesson */
	char *base_dir;              /* relative captures are found from here:
					the directory holding lessons/ for a
					lessons/LANG/ file, else the file's */
	char *title;
	int nsetup;
	char **setup;                /* setup command lines */
	int *setup_line;
	int nitems;
	struct lesson_item *items;
	int nstops;                  /* AT and QUIZ items: progress points */
};

/* Parses text as the lesson file path.  NULL with "FILE:LINE: message" in
 * err for the first bad line. */
struct lesson *lesson_parse(const char *path, const char *text, char *err,
			    size_t n);
/* Reads and parses path. */
struct lesson *lesson_load(const char *path, char *err, size_t n);
void lesson_free(struct lesson *l);

/* Runs the lesson headless and checks every claim in it, quiz answers
 * included.  Returns 0, or 1 after printing "FILE:LINE: why" to err for the
 * first claim the engine disagrees with.  *checks counts claims checked. */
int lesson_check(const struct lesson *l, FILE *err, int *checks);

/* ---- the player: the lesson in the debugger ---- */

struct lesson_play {
	const struct lesson *l;
	struct dbg *d;
	int pos;                     /* the next item to process */
	uint64_t *reached_at;        /* step_no when each item was processed */
	int shown_from;              /* the narration shown starts here */
	uint64_t last_step;          /* step_no after the last move */
	uint64_t hit_no;             /* the step the stop hook halted at */
	bool done;                   /* the summary is showing */
	int wrong;                   /* wrong answers to the current quiz */
	char feedback[512];          /* after the last answer */
	bool feedback_ok;
	int feedback_item;           /* the quiz the feedback is about */
	int hint_shown;              /* hints revealed for the current quiz */
	int kept;                    /* points `rerun` keeps in the progress
					file: not reported until passed */
	void (*progress)(void *arg, const struct lesson_play *p);
	void *progress_arg;          /* called when a stop is reached */
};

/* Installs the player on d (d's stop hook) and processes the items before
 * the first stop; then fast-forwards through `resume` stops (quizzes
 * passed as answered).  False when memory is short. */
bool lesson_play_start(struct lesson_play *p, const struct lesson *l,
		       struct dbg *d, int resume);
void lesson_play_end(struct lesson_play *p);
/* After every debugger move: follows the debugger back (items after the
 * step it went back to are undone) or on (an `at` it reached). */
void lesson_play_after_move(struct lesson_play *p);
/* The student's answer to the quiz showing: K or a function name.  Writes
 * the feedback (also kept in p->feedback) to out.  False when no quiz is
 * waiting or the answer was wrong. */
bool lesson_play_answer(struct lesson_play *p, const char *arg, FILE *out);
/* `rerun` in a lesson (false for any other line): the debugger goes back
 * to its first step and the lesson to its start, even while a quiz waits;
 * the progress file keeps the points reached (they are not reported again
 * until the student passes them).  Says so on out. */
bool lesson_play_rerun(struct lesson_play *p, const char *line, FILE *out);
/* The quiz item waiting for an answer, or NULL. */
const struct lesson_item *lesson_play_quiz(const struct lesson_play *p);
/* Stops reached so far (AT and QUIZ items processed). */
int lesson_play_points(const struct lesson_play *p);
/* True for console lines that move the engine forward: refused while a quiz
 * waits, so the future the quiz asks about stays the future. */
bool lesson_line_moves(const char *line);

/* ---- finding lessons, and the student's progress ---- */

/* "en" or "zh_CN" from LC_ALL, LC_MESSAGES, LANG (the first set). */
const char *lesson_lang(void);
/* The lessons/ directory: $NETSTEP_LESSONS, the binary's repository
 * (exe_dir/lessons), then the installed paths.  False when none. */
bool lesson_dir(const char *exe_dir, char *buf, size_t n);
/* NAME (01, 01-nic-rx, or a path) to a file; false with a message. */
bool lesson_find(const char *dir, const char *lang, const char *name,
		 char *path, size_t n, char *err, size_t en);
/* `netstep -l list`. */
int lesson_list(const char *dir, const char *lang, FILE *out);

/* $XDG_DATA_HOME/netstep/progress (or ~/.local/share/netstep/progress). */
bool lesson_progress_path(char *buf, size_t n);
/* Stops reached in lesson `name` (0 when never started); *done when
 * finished. */
int lesson_progress_get(const char *name, bool *done);
bool lesson_progress_set(const char *name, int points, int total, bool done);

#endif
