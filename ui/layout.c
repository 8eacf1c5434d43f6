/* layout.c: pane rectangles from the screen size; see layout.h. */
#include "layout.h"

#include <string.h>

static int console_rows(int rows, enum layout_mode mode)
{
	if (mode == LAYOUT_CLASS)
		return 3;
	return rows >= 40 ? 8 : rows >= 30 ? 6 : 5;
}

static int pipeline_cols(int cols, enum layout_mode mode)
{
	if (mode == LAYOUT_CLASS)
		return cols * 45 / 100;
	return cols >= 160 ? 44 : cols >= 120 ? 38 : 30;
}

/* Splits r left to right into n parts of near-equal width. */
static void split_cols(struct rect r, int n, struct rect *out[])
{
	int x = r.x;

	for (int i = 0; i < n; i++) {
		int w = (r.w - (x - r.x)) / (n - i);

		*out[i] = (struct rect){ r.y, x, r.h, w };
		x += w;
	}
}

static void layout_normal(struct rect main, struct rect out[PANE__COUNT])
{
	int left = pipeline_cols(main.w, LAYOUT_NORMAL);
	struct rect right = { main.y, main.x + left, main.h, main.w - left };
	int skb_h = main.h * 40 / 100, expl_h = main.h * 22 / 100;
	int mid_h, y;

	if (skb_h < 8)
		skb_h = 8;
	if (expl_h < 4)
		expl_h = 4;
	mid_h = main.h - skb_h - expl_h;
	out[PANE_PIPELINE] = (struct rect){ main.y, main.x, main.h, left };
	out[PANE_SKB] = (struct rect){ right.y, right.x, skb_h, right.w };
	y = right.y + skb_h;
	if (mid_h >= 14) {
		/* two rows: stack | queues, then counters | netfilter */
		struct rect r1 = { y, right.x, mid_h / 2, right.w };
		struct rect r2 = { y + mid_h / 2, right.x, mid_h - mid_h / 2,
				   right.w };

		split_cols(r1, 2, (struct rect *[]){ &out[PANE_STACK],
						     &out[PANE_QUEUES] });
		split_cols(r2, 2, (struct rect *[]){ &out[PANE_COUNTERS],
						     &out[PANE_NETFILTER] });
	} else if (right.w >= 120) {
		struct rect r1 = { y, right.x, mid_h, right.w };

		split_cols(r1, 4, (struct rect *[]){ &out[PANE_STACK],
			   &out[PANE_QUEUES], &out[PANE_COUNTERS],
			   &out[PANE_NETFILTER] });
	} else {
		struct rect r1 = { y, right.x, mid_h, right.w };

		split_cols(r1, 2, (struct rect *[]){ &out[PANE_STACK],
						     &out[PANE_QUEUES] });
	}
	out[PANE_EXPLAIN] = (struct rect){ y + mid_h, right.x, expl_h,
					   right.w };
}

static void layout_class(struct rect main, struct rect out[PANE__COUNT])
{
	int left = pipeline_cols(main.w, LAYOUT_CLASS);
	int expl_h = main.h * 62 / 100;

	out[PANE_PIPELINE] = (struct rect){ main.y, main.x, main.h, left };
	out[PANE_EXPLAIN] = (struct rect){ main.y, main.x + left, expl_h,
					   main.w - left };
	out[PANE_STACK] = (struct rect){ main.y + expl_h, main.x + left,
					 main.h - expl_h, main.w - left };
}

void layout_lesson(enum layout_mode mode, struct rect out[PANE__COUNT])
{
	struct rect s = out[PANE_SKB], e = out[PANE_EXPLAIN];

	if (mode == LAYOUT_CLASS || !s.h) {
		out[PANE_LESSON] = e;
		out[PANE_EXPLAIN].h = 0;
		return;
	}
	out[PANE_LESSON] = (struct rect){ s.y, s.x, s.h + e.h, s.w };
	for (int i = PANE_STACK; i <= PANE_NETFILTER; i++)
		out[i].y += e.h;
	out[PANE_SKB].h = 0;
	out[PANE_EXPLAIN].h = 0;
}

bool layout_compute(int rows, int cols, enum layout_mode mode,
		    struct rect out[PANE__COUNT])
{
	int con;
	struct rect main;

	memset(out, 0, sizeof(struct rect) * PANE__COUNT);
	if (rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS)
		return false;
	con = console_rows(rows, mode);
	main = (struct rect){ 0, 0, rows - con - 1, cols };
	out[PANE_STATUS] = (struct rect){ rows - con - 1, 0, 1, cols };
	out[PANE_CONSOLE] = (struct rect){ rows - con, 0, con, cols };
	if (mode == LAYOUT_CLASS)
		layout_class(main, out);
	else
		layout_normal(main, out);
	return true;
}
