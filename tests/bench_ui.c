/*
 * bench_ui.c: how fast the debugger answers a key, at 200x50: the time from
 * the key to the finished repaint (engine step, every pane composed, curses
 * writing the changes to a terminal nobody sees), for `step` and
 * `reverse-step` over 1,000 keys each, and `reverse-step` after 100,000
 * steps.  Prints median and worst.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <locale.h>

#include "scenario.h"
#include "term.h"
#include "ui.h"
#include "world.h"

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *what, double *t, int n)
{
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("bench-ui: %-34s median %6.3f ms, worst %6.3f ms (%d keys)\n",
	       what, t[n / 2], t[n - 1], n);
}

static void time_key(struct ui *u, int key, double *t, int n)
{
	for (int i = 0; i < n; i++) {
		double t0 = now_ms();

		ui_press(u, key);
		t[i] = now_ms() - t0;
	}
}

int main(void)
{
	static double t[1000];
	struct script sc = { 0 };
	struct world *w = world_new();
	FILE *devnull = fopen("/dev/null", "w");
	struct ui *u;
	const char *traffic =
		"nic add eth0 mac 02:00:00:00:00:02 rx-ring 4096\n"
		"ip link set eth0 up\nip addr add 10.0.0.2/24 dev eth0\n"
		"ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev eth0 "
		"nud permanent\n"
		"socket app udp bind 10.0.0.2:5000 rcvbuf 4000000\n"
		"inject eth0 udp 10.0.0.1:1 > 10.0.0.2:5000 len 64 count 6000 "
		"gap 2us\n";

	setlocale(LC_ALL, "C.UTF-8");
	setenv("HOME", "/tmp", 0);
	if (!w || !devnull || !script_add_text(&sc, "bench", traffic))
		return 1;
	u = ui_open(w, &sc, devnull, 50, 200);
	if (!u)
		return 1;
	time_key(u, TK_F11, t, 1000);
	report("step (F11) at 200x50", t, 1000);
	time_key(u, TK_F7, t, 1000);
	report("reverse-step (F7) at 200x50", t, 1000);
	ui_type(u, "step 100000");
	printf("bench-ui: now at step %llu\n",
	       (unsigned long long)w->step_no);
	time_key(u, TK_F7, t, 200);
	report("reverse-step after 100,000 steps", t, 200);
	ui_close(u);
	world_free(w);
	fclose(devnull);
	return 0;
}
