/* canvas.c: the off-screen screen; see canvas.h. */
#define _XOPEN_SOURCE 700
#include "canvas.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool canvas_init(struct canvas *c, int rows, int cols)
{
	c->rows = rows;
	c->cols = cols;
	c->cells = calloc((size_t)rows * (size_t)cols, sizeof(*c->cells));
	if (!c->cells)
		return false;
	canvas_clear(c);
	return true;
}

void canvas_free(struct canvas *c)
{
	free(c->cells);
	c->cells = NULL;
	c->rows = c->cols = 0;
}

void canvas_clear(struct canvas *c)
{
	for (int i = 0; i < c->rows * c->cols; i++)
		c->cells[i] = (struct cell){ L' ', ROLE_NORMAL };
}

/* One UTF-8 character; *len gets its bytes (1 for an invalid byte, which
 * reads as '?'). */
static wchar_t utf8_next(const char *s, int *len)
{
	const unsigned char *u = (const unsigned char *)s;
	int n = u[0] < 0x80 ? 1 : (u[0] & 0xe0) == 0xc0 ? 2 :
		(u[0] & 0xf0) == 0xe0 ? 3 : (u[0] & 0xf8) == 0xf0 ? 4 : 0;
	wchar_t wc;

	if (!n) {
		*len = 1;
		return L'?';
	}
	wc = n == 1 ? u[0] : u[0] & (0x7f >> n);
	for (int i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*len = 1;
			return L'?';
		}
		wc = (wc << 6) | (u[i] & 0x3f);
	}
	*len = n;
	return wc;
}

static int char_width(wchar_t wc)
{
	int w = wcwidth(wc);

	if (wc == L'\t')
		return 1;
	return w < 0 ? 1 : w;
}

int text_width(const char *s)
{
	int w = 0, len;

	while (*s) {
		w += char_width(utf8_next(s, &len));
		s += len;
	}
	return w;
}

int canvas_put(struct canvas *c, int y, int x, int maxw, int role,
	       const char *s)
{
	int used = 0, len;

	if (y < 0 || y >= c->rows || x < 0)
		return 0;
	if (x + maxw > c->cols)
		maxw = c->cols - x;
	while (*s && used < maxw) {
		wchar_t wc = utf8_next(s, &len);
		int w = char_width(wc);
		struct cell *cell = &c->cells[y * c->cols + x + used];

		if (used + w > maxw)
			break;
		if (wc == L'\t' || wc < 0x20)
			wc = L' ';
		cell->ch = w ? wc : L' ';
		cell->role = (unsigned char)role;
		if (w == 2) {
			cell[1].ch = 0;
			cell[1].role = (unsigned char)role;
		}
		used += w ? w : 1;
		s += len;
	}
	return used;
}

int canvas_printf(struct canvas *c, int y, int x, int maxw, int role,
		  const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return canvas_put(c, y, x, maxw, role, buf);
}

void canvas_fill(struct canvas *c, struct rect r, int role)
{
	for (int y = r.y; y < r.y + r.h && y < c->rows; y++)
		for (int x = r.x; x < r.x + r.w && x < c->cols; x++)
			c->cells[y * c->cols + x] =
				(struct cell){ L' ', (unsigned char)role };
}

struct rect rect_inner(struct rect r)
{
	return (struct rect){ r.y + 1, r.x + 1, r.h - 2, r.w - 2 };
}

static void set_cell(struct canvas *c, int y, int x, wchar_t ch, int role)
{
	if (y >= 0 && y < c->rows && x >= 0 && x < c->cols)
		c->cells[y * c->cols + x] = (struct cell){ ch, (unsigned char)role };
}

void canvas_frame(struct canvas *c, struct rect r, const char *title,
		  bool focused)
{
	int role = focused ? ROLE_FOCUS : ROLE_FRAME;

	if (r.h < 2 || r.w < 2)
		return;
	for (int x = r.x + 1; x < r.x + r.w - 1; x++) {
		set_cell(c, r.y, x, L'─', role);
		set_cell(c, r.y + r.h - 1, x, L'─', role);
	}
	for (int y = r.y + 1; y < r.y + r.h - 1; y++) {
		set_cell(c, y, r.x, L'│', role);
		set_cell(c, y, r.x + r.w - 1, L'│', role);
	}
	set_cell(c, r.y, r.x, L'┌', role);
	set_cell(c, r.y, r.x + r.w - 1, L'┐', role);
	set_cell(c, r.y + r.h - 1, r.x, L'└', role);
	set_cell(c, r.y + r.h - 1, r.x + r.w - 1, L'┘', role);
	if (title && r.w > 4) {
		int n = canvas_put(c, r.y, r.x + 2, r.w - 4,
				   focused ? ROLE_FOCUS : ROLE_TITLE, " ");

		n += canvas_put(c, r.y, r.x + 2 + n, r.w - 4 - n,
				focused ? ROLE_FOCUS : ROLE_TITLE, title);
		canvas_put(c, r.y, r.x + 2 + n, r.w - 4 - n,
			   focused ? ROLE_FOCUS : ROLE_TITLE, " ");
	}
}

/* The bytes of the next line of s at width w: breaks at the last space
 * that fits, or anywhere for text without spaces (CJK). */
static int wrap_len(const char *s, int w, int *next)
{
	int used = 0, i = 0, len, last_space = -1;

	while (s[i] && s[i] != '\n') {
		int cw = char_width(utf8_next(s + i, &len));

		if (used + cw > w)
			break;
		if (s[i] == ' ')
			last_space = i;
		used += cw;
		i += len;
	}
	if (!s[i] || s[i] == '\n') {
		*next = i + (s[i] == '\n');
		return i;
	}
	if (last_space > 0) {
		*next = last_space + 1;
		return last_space;
	}
	*next = i ? i : len;
	return i ? i : len;
}

int canvas_wrap(struct canvas *c, struct rect r, int role, const char *s,
		int skip)
{
	int line = 0;
	char buf[1024];

	if (r.w <= 0)
		return 0;
	while (*s) {
		int next, n = wrap_len(s, r.w, &next);

		if (n >= (int)sizeof(buf))
			n = sizeof(buf) - 1;
		if (line >= skip && line - skip < r.h) {
			memcpy(buf, s, (size_t)n);
			buf[n] = 0;
			canvas_put(c, r.y + line - skip, r.x, r.w, role, buf);
		}
		line++;
		s += next;
	}
	return line;
}

bool canvas_dump(const struct canvas *c, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return false;
	for (int y = 0; y < c->rows; y++) {
		char line[4096];
		int o = 0, end = 0;

		for (int x = 0; x < c->cols && o < (int)sizeof(line) - 8; x++) {
			wchar_t ch = c->cells[y * c->cols + x].ch;
			char mb[8];
			int n;

			if (!ch)
				continue;
			n = (int)wctomb(mb, ch);
			if (n <= 0) {
				mb[0] = '?';
				n = 1;
			}
			memcpy(line + o, mb, (size_t)n);
			o += n;
			if (ch != L' ')
				end = o;
		}
		line[end] = 0;
		fprintf(f, "%s\n", line);
	}
	return fclose(f) == 0;
}
