/* lesson_find.c: where lessons are, `netstep -l list`, and the student's
 * progress file; see lesson.h. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lesson.h"

const char *lesson_lang(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	for (int i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return !strncmp(v, "zh_CN", 5) ? "zh_CN" : "en";
	}
	return "en";
}

static bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

bool lesson_dir(const char *exe_dir, char *buf, size_t n)
{
	const char *env = getenv("NETSTEP_LESSONS");
	char cand[4][1024];
	int k = 0;

	if (env && *env) {
		snprintf(buf, n, "%s", env);
		return is_dir(buf);
	}
	if (exe_dir && *exe_dir) {
		snprintf(cand[k++], sizeof(cand[0]), "%s/lessons", exe_dir);
		snprintf(cand[k++], sizeof(cand[0]),
			 "%s/../share/netstep/lessons", exe_dir);
	}
	snprintf(cand[k++], sizeof(cand[0]), "/usr/local/share/netstep/lessons");
	snprintf(cand[k++], sizeof(cand[0]), "/usr/share/netstep/lessons");
	for (int i = 0; i < k; i++) {
		char en[1100];

		snprintf(en, sizeof(en), "%.1000s/en", cand[i]);
		if (is_dir(en)) {
			snprintf(buf, n, "%s", cand[i]);
			return true;
		}
	}
	return false;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_lesson(const struct dirent *e)
{
	size_t l = strlen(e->d_name);

	return e->d_name[0] != '.' && l > 7 &&
	       !strcmp(e->d_name + l - 7, ".lesson");
}

/* name is "NN-name" exactly, or its "NN" prefix. */
static bool find_in(const char *dir, const char *lang, const char *name,
		    char *path, size_t n)
{
	struct dirent **list;
	char d[1024];
	int cnt;
	bool found = false;
	size_t nl = strlen(name);

	snprintf(d, sizeof(d), "%s/%s", dir, lang);
	cnt = scandir(d, &list, is_lesson, by_name);
	for (int i = 0; i < cnt; i++) {
		const char *f = list[i]->d_name;

		if (!found && !strncmp(f, name, nl) &&
		    (!strcmp(f + nl, ".lesson") || f[nl] == '-')) {
			snprintf(path, n, "%s/%s", d, f);
			found = true;
		}
		free(list[i]);
	}
	if (cnt >= 0)
		free(list);
	return found;
}

bool lesson_find(const char *dir, const char *lang, const char *name,
		 char *path, size_t n, char *err, size_t en)
{
	if (strchr(name, '/') || strstr(name, ".lesson")) {
		if (access(name, R_OK)) {
			snprintf(err, en, "%s: %s", name, strerror(errno));
			return false;
		}
		snprintf(path, n, "%s", name);
		return true;
	}
	if (!dir) {
		snprintf(err, en, "no lessons directory found (set "
			 "NETSTEP_LESSONS)");
		return false;
	}
	if (find_in(dir, lang, name, path, n) ||
	    (strcmp(lang, "en") && find_in(dir, "en", name, path, n)))
		return true;
	snprintf(err, en, "no lesson '%s' in %s/%s (netstep -l list shows "
		 "them)", name, dir, lang);
	return false;
}

int lesson_list(const char *dir, const char *lang, FILE *out)
{
	struct dirent **list;
	char d[1024];
	int cnt;

	snprintf(d, sizeof(d), "%s/%s", dir, lang);
	cnt = scandir(d, &list, is_lesson, by_name);
	if (cnt < 0) {
		fprintf(stderr, "netstep: %s: %s\n", d, strerror(errno));
		return 1;
	}
	fprintf(out, "Lessons (%s):\n", d);
	for (int i = 0; i < cnt; i++) {
		char path[1400], err[512], prog[32];
		struct lesson *l;
		bool done;
		int pts;

		snprintf(path, sizeof(path), "%s/%s", d, list[i]->d_name);
		l = lesson_load(path, err, sizeof(err));
		free(list[i]);
		if (!l) {
			fprintf(out, "  %s\n", err);
			continue;
		}
		pts = lesson_progress_get(l->name, &done);
		if (done)
			snprintf(prog, sizeof(prog), "done");
		else if (pts)
			snprintf(prog, sizeof(prog), "%d/%d", pts, l->nstops);
		else
			snprintf(prog, sizeof(prog), "-");
		fprintf(out, "  %-24s %-6s %s\n", l->name, prog, l->title);
		lesson_free(l);
	}
	free(list);
	fprintf(out, "Start one with: netstep -l NAME (e.g. netstep -l 01); "
		"it resumes where you left off, --restart starts again.\n");
	return 0;
}

/* ---- progress ---- */

bool lesson_progress_path(char *buf, size_t n)
{
	const char *data = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

	if (data && *data)
		snprintf(buf, n, "%s/netstep/progress", data);
	else if (home && *home)
		snprintf(buf, n, "%s/.local/share/netstep/progress", home);
	else
		return false;
	return true;
}

int lesson_progress_get(const char *name, bool *done)
{
	char path[1024], line[512], nm[256], flag[16];
	int pts, total, best = 0;
	FILE *f;

	*done = false;
	if (!lesson_progress_path(path, sizeof(path)) ||
	    !(f = fopen(path, "r")))
		return 0;
	while (fgets(line, sizeof(line), f)) {
		flag[0] = 0;
		if (sscanf(line, "%255s %d %d %15s", nm, &pts, &total, flag) >= 3 &&
		    !strcmp(nm, name)) {
			best = pts;
			*done = !strcmp(flag, "done");
		}
	}
	fclose(f);
	return best;
}

/* mkdir -p of path's directory. */
static void make_parents(const char *path)
{
	char d[1024];

	snprintf(d, sizeof(d), "%s", path);
	for (char *s = d + 1; *s; s++)
		if (*s == '/') {
			*s = 0;
			mkdir(d, 0700);
			*s = '/';
		}
}

bool lesson_progress_set(const char *name, int points, int total, bool done)
{
	char path[1024], tmp[1100], line[512], nm[256];
	FILE *in, *out;
	bool ok;

	if (!lesson_progress_path(path, sizeof(path)))
		return false;
	make_parents(path);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (!(out = fopen(tmp, "w")))
		return false;
	if ((in = fopen(path, "r"))) {
		while (fgets(line, sizeof(line), in))
			if (sscanf(line, "%255s", nm) != 1 || strcmp(nm, name))
				fputs(line, out);
		fclose(in);
	}
	if (points > 0 || done)
		fprintf(out, "%s %d %d%s\n", name, points, total,
			done ? " done" : "");
	ok = !ferror(out);
	ok = !fclose(out) && ok;
	return ok && !rename(tmp, path);
}
