/* console.c: readline inside curses; see console.h. */
#include "console.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "dbgcmd.h"
#include "term.h"
#include "theme.h"

/* Readline calls back through globals; these hold its side of the talk. */
static int pending_byte = -1;
static char *done_line;
static bool line_done;
static struct console *the_console;
static char history_file[512];

static int rl_getc_cb(FILE *f)
{
	int b = pending_byte;

	(void)f;
	pending_byte = -1;
	return b < 0 ? EOF : b;
}

static int rl_input_available_cb(void)
{
	return pending_byte >= 0;
}

/* Readline asks to redisplay: remember its line, curses paints later. */
static void rl_redisplay_cb(void)
{
	if (!the_console)
		return;
	the_console->input = rl_line_buffer;
	the_console->point = rl_point;
}

static void on_line(char *line)
{
	done_line = line ? line : strdup("quit");
	line_done = true;
}

static char *complete_name(const char *text, int state)
{
	static size_t i, len;
	const char *const *names = dbgcmd_names();

	if (!state) {
		i = 0;
		len = strlen(text);
	}
	while (names[i]) {
		const char *n = names[i++];

		if (!strncmp(n, text, len))
			return strdup(n);
	}
	return NULL;
}

static char **complete(const char *text, int start, int end)
{
	(void)end;
	rl_attempted_completion_over = 1;
	if (start)
		return NULL;
	return rl_completion_matches(text, complete_name);
}

/* Matches go to the log, not to the terminal under curses. */
static void show_matches(char **matches, int n, int maxlen)
{
	char line[1024];
	size_t o = 0;

	(void)maxlen;
	for (int i = 1; i <= n && o + 64 < sizeof(line); i++)
		o += (size_t)snprintf(line + o, sizeof(line) - o, "%s  ",
				      matches[i]);
	console_print(the_console, ROLE_DIM, line);
}

void console_init(struct console *c, const char *history_path)
{
	memset(c, 0, sizeof(*c));
	the_console = c;
	c->prompt = "(netstep) ";
	c->input = "";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_deprep_term_function = NULL;
	rl_prep_term_function = NULL;
	rl_getc_function = rl_getc_cb;
	rl_input_available_hook = rl_input_available_cb;
	rl_redisplay_function = rl_redisplay_cb;
	rl_attempted_completion_function = complete;
	rl_completion_display_matches_hook = show_matches;
	rl_completion_query_items = -1;
	rl_instream = stdin;
	rl_outstream = stderr;
	using_history();
	if (history_path) {
		snprintf(history_file, sizeof(history_file), "%s",
			 history_path);
		read_history(history_file);
	}
	rl_callback_handler_install(c->prompt, on_line);
}

void console_end(struct console *c)
{
	rl_callback_handler_remove();
	if (history_file[0])
		write_history(history_file);
	for (int i = 0; i < c->n; i++)
		free(c->log[(c->head + i) % CON_LOG]);
	c->n = 0;
	the_console = NULL;
}

static void log_line(struct console *c, int role, const char *s, size_t n)
{
	int slot = (c->head + c->n) % CON_LOG;

	if (c->n == CON_LOG) {
		free(c->log[c->head]);
		c->head = (c->head + 1) % CON_LOG;
		slot = (c->head + c->n - 1) % CON_LOG;
	} else {
		c->n++;
	}
	c->log[slot] = strndup(s, n);
	c->role[slot] = (unsigned char)role;
}

void console_print(struct console *c, int role, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);

		log_line(c, role, text, n);
		text += n + (nl != NULL);
	}
	c->scroll = 0;
}

void console_feed(struct console *c, int byte)
{
	pending_byte = byte;
	rl_callback_read_char();
	rl_redisplay_cb();
	(void)c;
}

void console_key(struct console *c, int key)
{
	switch (key) {
	case TK_UP:
		rl_get_previous_history(1, 0);
		break;
	case TK_DOWN:
		rl_get_next_history(1, 0);
		break;
	case TK_LEFT:
		rl_backward_char(1, 0);
		break;
	case TK_RIGHT:
		rl_forward_char(1, 0);
		break;
	case TK_HOME:
		rl_beg_of_line(1, 0);
		break;
	case TK_END:
		rl_end_of_line(1, 0);
		break;
	case TK_DELETE:
		rl_delete(1, 0);
		break;
	case TK_BACKSPACE:
		console_feed(c, 0x7f);
		return;
	}
	rl_redisplay_cb();
}

char *console_take_line(struct console *c)
{
	char *l;

	if (!line_done)
		return NULL;
	line_done = false;
	l = done_line;
	done_line = NULL;
	if (l && *l)
		add_history(l);
	c->input = rl_line_buffer;
	c->point = rl_point;
	return l;
}

bool console_empty(const struct console *c)
{
	return !c->input || !*c->input;
}
