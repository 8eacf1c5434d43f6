/*
 * console.h: the command line at the bottom, GNU readline through its
 * callback interface inside curses (STYLE.md rule 17), and the lines that
 * commands printed above it.  Readline keeps its own global state, so
 * there is one console.
 */
#ifndef NETSTEP_UI_CONSOLE_H
#define NETSTEP_UI_CONSOLE_H

#include <stdbool.h>

#define CON_LOG 2000

struct console {
	char *log[CON_LOG];          /* ring of printed lines, owned */
	unsigned char role[CON_LOG];
	int head, n;                 /* oldest line, count */
	const char *prompt;
	const char *input;           /* readline's line, valid until a key */
	int point;                   /* cursor byte offset in input */
	int scroll;                  /* lines scrolled back */
};

/* Installs the readline handler; history from history_path (may be NULL). */
void console_init(struct console *c, const char *history_path);
/* Saves history, removes the handler, frees the log. */
void console_end(struct console *c);
/* Appends text (several lines allowed) to the log in a theme role. */
void console_print(struct console *c, int role, const char *text);
/* One byte of input to readline. */
void console_feed(struct console *c, int byte);
/* Readline moves for keys curses decoded (arrows, Home, End, Delete). */
void console_key(struct console *c, int term_key);
/* A finished line, if one is waiting: the caller frees it. */
char *console_take_line(struct console *c);
/* True when the input line is empty (so Tab and ? go to the UI). */
bool console_empty(const struct console *c);

#endif
