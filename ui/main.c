/*
 * main.c: netstep's entry: options and the choice of mode.  The only file
 * that sees both the engine (src/) and the front end (ui/): --batch runs
 * the engine and prints, anything else opens the debugger.
 */
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/batch.h"
#include "../src/cmd.h"
#include "../src/lesson.h"
#include "../src/replay.h"
#include "../src/report.h"
#include "../src/scenario.h"
#include "../src/world.h"
#include "ui.h"

#define NETSTEP_VERSION "0.1.0"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: netstep [-c FILE]... [-e COMMAND]... [options]\n"
		"       netstep --batch [-c FILE]... [-e COMMAND]... [options]\n"
		"       netstep [--batch] -r CAPTURE [-i DEV] [-c FILE]... [FILTER...]\n"
		"\n"
		"A step-through debugger of the Linux network stack.\n"
		"With no scenario, runs the built-in demo.\n"
		"\n"
		"  -c FILE              run the scenario in FILE (repeatable)\n"
		"  -e COMMAND           one scenario command (repeatable, after -c)\n"
		"  --batch              no UI: run to idle and print the results\n"
		"  --format text|json   batch output format (default text)\n"
		"  --trace none|fates|steps  what to print per packet (default fates)\n"
		"  --counters           print the counters at the end\n"
		"  -w DEV:FILE          write frames leaving DEV to a pcap FILE\n"
		"  -r CAPTURE           replay a pcap/pcapng capture (after -c/-e);\n"
		"                       FILTER (pcap-filter) chooses its frames\n"
		"  -i DEV               the NIC it arrives on (default: the first)\n"
		"  -l LESSON            start a lesson by name or path (resumes;\n"
		"                       --restart starts it again); -l list\n"
		"  --check-lesson FILE...  run lessons headless, check every claim\n"
		"  -h, --help           this help\n"
		"  --version            print the version\n");
}

struct opts {
	bool batch;
	int nsrc;
	/* name set: s is a text of several lines called name */
	struct { bool is_file; const char *s, *name; } src[256];
	const char *replay, *replay_dev;   /* -r, -i */
	char *replay_line;                 /* the replay command -r makes */
	const char *lesson;                /* -l */
	bool check_lesson, restart;
};

/* The report at the end of a batch replay: fates are tallied as they pass
 * on to the batch output, and batch_finish asks for the report just before
 * the counters. */
struct replay_out {
	struct batch *b;
	struct report *rep;
	struct cmd_ctx *ctx;
	enum explain_lang lang;
};

static void replay_out_step(void *arg, const struct world *w,
			    const struct step *s)
{
	struct replay_out *ro = arg;

	batch_step(ro->b, w, s);
	if (s->has_fate)
		report_note(ro->rep, s);
}

static void replay_out_report(void *arg, const struct world *w)
{
	struct replay_out *ro = arg;

	if (!replay_count(ro->ctx->replay))
		return;
	ro->b->counters = true;      /* the report ends with the counters */
	if (ro->b->format == FMT_JSON)
		report_json(ro->rep, ro->ctx->replay, ro->lang, &ro->b->j,
			    ro->b->out);
	else
		report_text(ro->rep, ro->ctx->replay, w, ro->lang, ro->b->out);
}

static enum explain_lang env_lang(void)
{
	const char *l = getenv("LC_ALL");

	return explain_lang_from_locale(l && *l ? l : getenv("LANG"));
}

static int run(struct opts *o, struct batch *b)
{
	struct world *w = world_new();
	struct cmd_ctx ctx;
	enum cmd_status st = CMD_OK;
	char *errbuf = NULL;
	size_t errlen = 0;
	FILE *err;
	char msg[512];
	struct replay_out ro = { .b = b, .ctx = &ctx, .lang = env_lang() };

	if (!w) {
		fprintf(stderr, "netstep: out of memory\n");
		return 1;
	}
	err = open_memstream(&errbuf, &errlen);
	cmd_ctx_init(&ctx, b->format == FMT_JSON ? b->tool_out : stdout,
		     err ? err : stderr);
	ctx.sink.fn = batch_step;
	ctx.sink.arg = b;
	if ((ro.rep = report_new())) {
		ctx.sink.fn = replay_out_step;
		ctx.sink.arg = &ro;
		b->report = replay_out_report;
		b->report_arg = &ro;
	}
	/* both sinks read fates, not the skb views or the stack, unless
	 * --trace steps or -w asks for them */
	ctx.sink.lean = ctx.sink.fates_only = batch_lean(b);
	if (isatty(STDERR_FILENO) && (ctx.replay = replay_set_new()))
		replay_progress_to(ctx.replay, stderr);
	if (!o->nsrc) {
		st = scenario_run_text(w, &ctx, "(demo)", scenario_demo);
	}
	for (int i = 0; i < o->nsrc && st == CMD_OK; i++) {
		if (o->src[i].is_file) {
			st = scenario_run_file(w, &ctx, o->src[i].s);
		} else if (o->src[i].name) {
			st = scenario_run_text(w, &ctx, o->src[i].name,
					       o->src[i].s);
		} else {
			char where[32];

			snprintf(where, sizeof(where), "-e:%d", i + 1);
			st = scenario_run_line(w, &ctx, where, o->src[i].s);
		}
	}
	if (st == CMD_OK)
		cmd_run_until(w, &ctx, UINT64_MAX, true);
	if (st == CMD_OK && !batch_check_writes(b, w, msg, sizeof(msg))) {
		fprintf(ctx.err, "netstep: %s\n", msg);
		st = CMD_USAGE;
	}
	if (err)
		fclose(err);
	if (errbuf && *errbuf) {
		char *nl = strchr(errbuf, '\n');
		char *colon = strstr(errbuf, ": ");

		fputs(errbuf, stderr);
		if (nl)
			*nl = 0;
		if (colon && (!nl || colon < nl)) {
			*colon = 0;
			batch_error(b, errbuf, colon + 2);
		} else {
			batch_error(b, "", errbuf);
		}
	}
	free(errbuf);
	if (st == CMD_OK && ro.rep)
		report_pending(ro.rep, w);
	if (st == CMD_OK)
		batch_finish(b, w);
	report_free(ro.rep);
	cmd_ctx_free(&ctx);
	world_free(w);
	return st == CMD_OK ? 0 : st == CMD_FAIL ? 1 : 2;
}

/* The scenario as a script for the debugger: -c files and -e lines in
 * order, or the demo. */
static bool load_script(const struct opts *o, struct script *sc)
{
	if (!o->nsrc)
		return script_add_text(sc, "(demo)", scenario_demo);
	for (int i = 0; i < o->nsrc; i++) {
		char where[32];

		snprintf(where, sizeof(where), "-e:%d", i + 1);
		if (o->src[i].is_file ? !script_add_file(sc, o->src[i].s, stderr) :
		    !script_add_text(sc, o->src[i].name ? o->src[i].name :
				     where, o->src[i].s))
			return false;
	}
	return true;
}

static int debugger(const struct opts *o)
{
	struct script sc = { 0 };
	struct world *w;
	int rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "netstep: the debugger needs a terminal (use "
			"--batch for text or JSON output)\n");
		return 2;
	}
	if (!load_script(o, &sc)) {
		script_free(&sc);
		return 2;
	}
	w = world_new();
	if (!w) {
		script_free(&sc);
		fprintf(stderr, "netstep: out of memory\n");
		return 1;
	}
	rc = ui_run(w, &sc);
	script_free(&sc);
	world_free(w);
	return rc;
}

static int debugger_lesson(const struct lesson *l, int resume)
{
	struct world *w;
	int rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "netstep: the debugger needs a terminal (use "
			"--check-lesson to run a lesson without one)\n");
		return 2;
	}
	if (!(w = world_new())) {
		fprintf(stderr, "netstep: out of memory\n");
		return 1;
	}
	rc = ui_run_lesson(w, l, resume);
	world_free(w);
	return rc;
}

/* Appends w to line as one word cmd_split gives back unchanged. */
static void quote_word(char *line, size_t n, const char *w)
{
	size_t l = strlen(line);

	if (l + 3 < n)
		line[l++] = '"';
	for (; *w && l + 3 < n; w++) {
		if (*w == '"' || *w == '\\')
			line[l++] = '\\';
		line[l++] = *w;
	}
	line[l++] = '"';
	line[l++] = ' ';
	line[l] = 0;
}

/* -r CAPTURE [-i DEV] [FILTER...]: a replay command after the scenario;
 * without one, the demo's host (without its traffic) receives it. */
static bool add_replay(struct opts *o, int nf, char **filter)
{
	size_t n = 64 + 2 * (strlen(o->replay) +
			     (o->replay_dev ? strlen(o->replay_dev) : 0));

	for (int i = 0; i < nf; i++)
		n += 2 * strlen(filter[i]) + 3;
	if (o->nsrc + 2 > 256 || !(o->replay_line = calloc(1, n))) {
		fprintf(stderr, "netstep: too many -c/-e options\n");
		return false;
	}
	if (!o->nsrc) {
		o->src[0].s = replay_default_host;
		o->src[o->nsrc++].name = "(replay host)";
	}
	strcpy(o->replay_line, "replay ");
	quote_word(o->replay_line, n, o->replay);
	if (o->replay_dev) {
		strcat(o->replay_line, "on ");
		quote_word(o->replay_line, n, o->replay_dev);
	}
	for (int i = 0; i < nf; i++)
		quote_word(o->replay_line, n, filter[i]);
	o->src[o->nsrc].s = o->replay_line;
	o->src[o->nsrc++].name = "-r";
	return true;
}

/* --check-lesson FILE...: 0, 1 at the first claim the engine denies, 2
 * for a file that does not parse. */
static int check_lessons(int n, char **files)
{
	char err[1024];

	if (!n) {
		fprintf(stderr, "netstep: --check-lesson FILE...\n");
		return 2;
	}
	for (int i = 0; i < n; i++) {
		struct lesson *l = lesson_load(files[i], err, sizeof(err));
		int checks = 0, rc;

		if (!l) {
			fprintf(stderr, "%s\n", err);
			return 2;
		}
		rc = lesson_check(l, stderr, &checks);
		if (!rc)
			printf("%s: ok (%d checks)\n", files[i], checks);
		lesson_free(l);
		if (rc)
			return rc;
	}
	return 0;
}

/* The directory of the running binary, for its repository's lessons/. */
static void exe_dir(char *buf, size_t n)
{
	ssize_t l = readlink("/proc/self/exe", buf, n - 1);
	char *slash;

	buf[l > 0 ? l : 0] = 0;
	if ((slash = strrchr(buf, '/')))
		*slash = 0;
}

/* -l NAME|PATH: the lesson must pass its own check before it teaches. */
static int start_lesson(const struct opts *o, const char *dir)
{
	char path[1400], err[1024];
	struct lesson *l;
	int rc, resume = 0;
	bool done;

	if (!lesson_find(dir, lesson_lang(), o->lesson, path, sizeof(path),
			 err, sizeof(err))) {
		fprintf(stderr, "netstep: %s\n", err);
		return 2;
	}
	if (!(l = lesson_load(path, err, sizeof(err)))) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if (lesson_check(l, stderr, NULL)) {
		fprintf(stderr, "netstep: %s does not pass --check-lesson: the "
			"engine disagrees with it (above)\n", path);
		lesson_free(l);
		return 1;
	}
	if (o->restart)
		lesson_progress_set(l->name, 0, l->nstops, false);
	else
		resume = lesson_progress_get(l->name, &done);
	if (done && !o->restart)
		resume = 0;
	rc = debugger_lesson(l, resume);
	lesson_free(l);
	return rc;
}

static int lessons(const struct opts *o, int nargs, char **args)
{
	char dirbuf[1024], exe[1024];
	bool have;

	if (o->check_lesson)
		return check_lessons(nargs, args);
	if (nargs) {
		fprintf(stderr, "netstep: unexpected argument '%s'\n", args[0]);
		return 2;
	}
	exe_dir(exe, sizeof(exe));
	have = lesson_dir(exe, dirbuf, sizeof(dirbuf));
	if (!strcmp(o->lesson, "list")) {
		if (!have) {
			fprintf(stderr, "netstep: no lessons directory found "
				"(set NETSTEP_LESSONS)\n");
			return 1;
		}
		return lesson_list(dirbuf, lesson_lang(), stdout);
	}
	return start_lesson(o, have ? dirbuf : NULL);
}

/* Every exit after batch_init goes through here, so nothing leaks. */
static int quit(struct batch *b, int rc)
{
	batch_close(b);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "batch", no_argument, NULL, 'B' },
		{ "format", required_argument, NULL, 'F' },
		{ "trace", required_argument, NULL, 'T' },
		{ "counters", no_argument, NULL, 'C' },
		{ "check-lesson", no_argument, NULL, 'L' },
		{ "restart", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static struct opts o;
	struct batch b;
	char msg[256];
	int c, rc;

	/* the user's locale, but always UTF-8 characters: CJK widths and the
	 * frame's box drawing need them */
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8"))
		setlocale(LC_CTYPE, "C.UTF-8");
	batch_init(&b, stdout);
	while ((c = getopt_long(argc, argv, "c:e:w:r:i:l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
		case 'e':
			if (o.nsrc >= 256) {
				fprintf(stderr, "netstep: too many -c/-e options\n");
				return quit(&b, 2);
			}
			o.src[o.nsrc].is_file = c == 'c';
			o.src[o.nsrc++].s = optarg;
			break;
		case 'w':
			if (!batch_add_write(&b, optarg, msg, sizeof(msg))) {
				fprintf(stderr, "netstep: %s\n", msg);
				return quit(&b, 2);
			}
			break;
		case 'B':
			o.batch = true;
			break;
		case 'F':
			if (strcmp(optarg, "text") && strcmp(optarg, "json")) {
				fprintf(stderr, "netstep: --format text|json, not "
					"'%s'\n", optarg);
				return quit(&b, 2);
			}
			b.format = optarg[0] == 'j' ? FMT_JSON : FMT_TEXT;
			break;
		case 'T':
			if (!strcmp(optarg, "none"))
				b.trace = TRACE_NONE;
			else if (!strcmp(optarg, "fates"))
				b.trace = TRACE_FATES;
			else if (!strcmp(optarg, "steps"))
				b.trace = TRACE_STEPS;
			else {
				fprintf(stderr, "netstep: --trace none|fates|steps, "
					"not '%s'\n", optarg);
				return quit(&b, 2);
			}
			break;
		case 'C':
			b.counters = true;
			break;
		case 'h':
			usage(stdout);
			return quit(&b, 0);
		case 'V':
			printf("netstep %s\n", NETSTEP_VERSION);
			return quit(&b, 0);
		case 'r':
			o.replay = optarg;
			break;
		case 'i':
			o.replay_dev = optarg;
			break;
		case 'l':
			o.lesson = optarg;
			break;
		case 'L':
			o.check_lesson = true;
			break;
		case 'R':
			o.restart = true;
			break;
		default:
			usage(stderr);
			return quit(&b, 2);
		}
	}
	if (o.check_lesson || o.lesson) {
		batch_close(&b);
		return lessons(&o, argc - optind, argv + optind);
	}
	if (o.replay_dev && !o.replay) {
		fprintf(stderr, "netstep: -i names the NIC for -r CAPTURE\n");
		return quit(&b, 2);
	}
	if (o.replay && !add_replay(&o, argc - optind, argv + optind))
		return quit(&b, 2);
	if (optind < argc && !o.replay) {
		fprintf(stderr, "netstep: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return quit(&b, 2);
	}
	if (!o.batch && b.nwrites) {
		fprintf(stderr, "netstep: -w DEV:FILE is for --batch; in the "
			"debugger type tcpdump -i DEV -w FILE\n");
		return quit(&b, 2);
	}
	if (!o.batch) {
		batch_close(&b);
		return debugger(&o);
	}
	if (!batch_open_writes(&b, msg, sizeof(msg))) {
		fprintf(stderr, "netstep: %s\n", msg);
		batch_close(&b);
		return 2;
	}
	rc = run(&o, &b);
	batch_close(&b);
	return rc;
}
