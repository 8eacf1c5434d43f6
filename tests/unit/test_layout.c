/* test_layout.c: pane rectangles are a pure function of the screen size. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "layout.h"

static bool overlap(struct rect a, struct rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w &&
	       a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Every shown pane lies on the screen and no two overlap. */
static void check_tiling(int rows, int cols, enum layout_mode m)
{
	struct rect r[PANE__COUNT];

	assert_true(layout_compute(rows, cols, m, r));
	for (int i = 0; i < PANE__COUNT; i++) {
		if (!r[i].h)
			continue;
		assert_true(r[i].y >= 0 && r[i].x >= 0);
		assert_true(r[i].y + r[i].h <= rows);
		assert_true(r[i].x + r[i].w <= cols);
		for (int k = i + 1; k < PANE__COUNT; k++)
			if (r[k].h)
				assert_false(overlap(r[i], r[k]));
	}
	assert_int_equal(r[PANE_CONSOLE].y + r[PANE_CONSOLE].h, rows);
	assert_int_equal(r[PANE_STATUS].w, cols);
}

static void test_sizes_tile_the_screen(void **state)
{
	static const int sizes[][2] = { { 24, 80 }, { 30, 100 }, { 40, 120 },
					{ 50, 200 }, { 25, 81 }, { 60, 240 },
					{ 24, 300 }, { 100, 80 } };

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		check_tiling(sizes[i][0], sizes[i][1], LAYOUT_NORMAL);
		check_tiling(sizes[i][0], sizes[i][1], LAYOUT_CLASS);
	}
}

static void test_too_small(void **state)
{
	struct rect r[PANE__COUNT];

	(void)state;
	assert_false(layout_compute(23, 80, LAYOUT_NORMAL, r));
	assert_false(layout_compute(24, 79, LAYOUT_NORMAL, r));
	for (int i = 0; i < PANE__COUNT; i++)
		assert_int_equal(r[i].h, 0);
}

static void test_80x24_keeps_the_essentials(void **state)
{
	struct rect r[PANE__COUNT];

	(void)state;
	assert_true(layout_compute(24, 80, LAYOUT_NORMAL, r));
	assert_true(r[PANE_PIPELINE].h >= 15 && r[PANE_PIPELINE].w >= 30);
	assert_true(r[PANE_SKB].h >= 8 && r[PANE_SKB].w >= 50);
	assert_true(r[PANE_STACK].h >= 3);
	assert_true(r[PANE_EXPLAIN].h >= 4);
	assert_true(r[PANE_QUEUES].h >= 3);
	assert_int_equal(r[PANE_COUNTERS].h, 0);    /* `info counters` */
}

static void test_200x50_shows_every_pane(void **state)
{
	struct rect r[PANE__COUNT];

	(void)state;
	assert_true(layout_compute(50, 200, LAYOUT_NORMAL, r));
	for (int i = 0; i < PANE__COUNT; i++)   /* the lesson's: only in one */
		assert_true(i == PANE_LESSON ? r[i].h == 0 : r[i].h > 0);
	assert_true(r[PANE_PIPELINE].w >= 40);
}

/* With a lesson, its pane takes the skb and explanation rows and still
 * tiles the screen; the rings stay in view. */
static void test_lesson_pane(void **state)
{
	static const int sizes[][2] = { { 24, 80 }, { 30, 100 }, { 50, 200 } };

	(void)state;
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
		for (int m = LAYOUT_NORMAL; m <= LAYOUT_CLASS; m++) {
			struct rect r[PANE__COUNT];

			assert_true(layout_compute(sizes[k][0], sizes[k][1],
						   (enum layout_mode)m, r));
			layout_lesson((enum layout_mode)m, r);
			assert_true(r[PANE_LESSON].h >= 8);
			assert_int_equal(r[PANE_EXPLAIN].h, 0);
			if (m == LAYOUT_NORMAL)
				assert_true(r[PANE_QUEUES].h > 0);
			for (int i = 0; i < PANE__COUNT; i++)
				for (int j = i + 1; j < PANE__COUNT; j++)
					if (r[i].h && r[j].h)
						assert_false(overlap(r[i], r[j]));
		}
}

static void test_class_layout_is_big_print(void **state)
{
	struct rect r[PANE__COUNT];

	(void)state;
	assert_true(layout_compute(30, 100, LAYOUT_CLASS, r));
	/* pipeline and explanation take most of the screen */
	assert_true(r[PANE_PIPELINE].w * r[PANE_PIPELINE].h +
		    r[PANE_EXPLAIN].w * r[PANE_EXPLAIN].h > 30 * 100 / 2);
	assert_int_equal(r[PANE_SKB].h, 0);
	assert_int_equal(r[PANE_CONSOLE].h, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes_tile_the_screen),
		cmocka_unit_test(test_too_small),
		cmocka_unit_test(test_80x24_keeps_the_essentials),
		cmocka_unit_test(test_200x50_shows_every_pane),
		cmocka_unit_test(test_lesson_pane),
		cmocka_unit_test(test_class_layout_is_big_print),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
