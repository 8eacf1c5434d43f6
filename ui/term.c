/* term.c: curses, and only here; see term.h. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "term.h"

#include <curses.h>
#include <stdlib.h>

static bool use_color;

/* Attributes per role: [0] colour, [1] monochrome; the colour pair goes
 * to setcchar apart from the attributes. */
static attr_t role_attr[ROLE__COUNT][2];
static short role_pair[ROLE__COUNT];

#define M_NONE A_NORMAL
#define M_DIM A_DIM
#define M_BOLD A_BOLD
#define M_REVERSE A_REVERSE
#define M_UNDERLINE A_UNDERLINE
#define C_DEFAULT (-1)
#define C_BLACK COLOR_BLACK
#define C_RED COLOR_RED
#define C_GREEN COLOR_GREEN
#define C_YELLOW COLOR_YELLOW
#define C_BLUE COLOR_BLUE
#define C_MAGENTA COLOR_MAGENTA
#define C_CYAN COLOR_CYAN
#define C_WHITE COLOR_WHITE

static void theme_load(void)
{
	int pair = 1;

#define _(r, fg, bg, bold, mono) \
	role_attr[ROLE_##r][1] = mono; \
	if (use_color) { \
		init_pair((short)pair, C_##fg, C_##bg); \
		role_attr[ROLE_##r][0] = (bold) ? A_BOLD : A_NORMAL; \
		role_pair[ROLE_##r] = (short)pair++; \
	}
	THEME_ROLES(_)
#undef _
}

static void term_setup(void);

bool term_init(void)
{
	if (!initscr())
		return false;
	term_setup();
	return true;
}

bool term_init_headless(FILE *out, int rows, int cols)
{
	static SCREEN *scr;

	if (!(scr = newterm("xterm-256color", out, stdin)))
		return false;
	set_term(scr);
	resizeterm(rows, cols);
	term_setup();
	return true;
}

static void term_setup(void)
{
	const char *nc = getenv("NO_COLOR");

	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	use_color = has_colors() && !(nc && *nc);
	if (use_color) {
		start_color();
		use_default_colors();
	}
	theme_load();
}

void term_end(void)
{
	endwin();
}

bool term_has_color(void)
{
	return use_color;
}

void term_size(int *rows, int *cols)
{
	*rows = LINES;
	*cols = COLS;
}

void term_paint(const struct canvas *c, int y, int x)
{
	for (int r = 0; r < c->rows && r < LINES; r++) {
		for (int col = 0; col < c->cols && col < COLS; col++) {
			const struct cell *cell = &c->cells[r * c->cols + col];
			wchar_t wc[2] = { cell->ch, 0 };
			cchar_t cc;

			if (!cell->ch)
				continue;
			setcchar(&cc, wc, role_attr[cell->role][!use_color],
				 use_color ? role_pair[cell->role] : 0, NULL);
			mvadd_wch(r, col, &cc);
		}
	}
	if (x >= 0 && y >= 0) {
		curs_set(1);
		move(y, x);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

static int map_key(int k)
{
	switch (k) {
	case KEY_RESIZE: return TK_RESIZE;
	case KEY_UP: return TK_UP;
	case KEY_DOWN: return TK_DOWN;
	case KEY_LEFT: return TK_LEFT;
	case KEY_RIGHT: return TK_RIGHT;
	case KEY_HOME: return TK_HOME;
	case KEY_END: return TK_END;
	case KEY_PPAGE: return TK_PGUP;
	case KEY_NPAGE: return TK_PGDN;
	case KEY_BACKSPACE: return TK_BACKSPACE;
	case KEY_DC: return TK_DELETE;
	case KEY_BTAB: return TK_BTAB;
	case KEY_ENTER: return '\r';
	}
	if (k == KEY_F(1)) return TK_F1;
	if (k == KEY_F(5)) return TK_F5;
	if (k == KEY_F(6)) return TK_F6;
	if (k == KEY_F(7)) return TK_F7;
	if (k == KEY_F(8)) return TK_F8;
	if (k == KEY_F(9)) return TK_F9;
	if (k == KEY_F(10)) return TK_F10;
	if (k == KEY_F(11)) return TK_F11;
	if (k == KEY_F(23)) return TK_SF11;   /* Shift-F11 in xterm terms */
	if (k == KEY_F(17)) return TK_SF5;
	return k >= 0 && k < 256 ? k : TK_OTHER;
}

int term_key(int timeout_ms)
{
	int k;

	timeout(timeout_ms);
	k = getch();
	return k == ERR ? TK_NONE : map_key(k);
}
