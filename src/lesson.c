/* lesson.c: the lesson parser and the headless checker; see lesson.h.
 * The player (the lesson in the debugger) is in lesson_play.c, finding
 * lessons and progress in lesson_find.c. */
#include "lesson.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "lesson_run.h"
#include "replay.h"
#include "scenario.h"
#include "stages.h"

/* ---- the parser ---- */

enum phase { PH_TITLE, PH_HEAD, PH_SETUP, PH_BODY, PH_SUMMARY };

struct parser {
	struct lesson *l;
	enum phase ph;
	int quiz;                    /* index of the open quiz, -1: none */
	int line;
	char *err;
	size_t nerr;
	int cap_items, cap_setup;
};

static int where_line(const char *where)
{
	const char *c = strrchr(where, ':');

	return c ? atoi(c + 1) : 0;
}

static enum cmd_status perr(struct parser *p, const char *fmt, const char *a,
			    const char *b)
{
	char msg[400];

	snprintf(msg, sizeof(msg), fmt, a ? a : "", b ? b : "");
	snprintf(p->err, p->nerr, "%s:%d: %s", p->l->path, p->line, msg);
	return CMD_USAGE;
}

static char *trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = 0;
	return s;
}

static bool is_command(const char *word)
{
	for (const char *const *n = cmd_names(); *n; n++)
		if (!strcmp(*n, word))
			return true;
	return false;
}

static struct lesson_item *new_item(struct parser *p, enum lesson_kind k,
				    const char *text)
{
	struct lesson *l = p->l;
	struct lesson_item *it;

	if (l->nitems == p->cap_items) {
		int cap = p->cap_items ? p->cap_items * 2 : 32;
		struct lesson_item *ni = realloc(l->items, (size_t)cap *
						 sizeof(*ni));

		if (!ni)
			return NULL;
		l->items = ni;
		p->cap_items = cap;
	}
	it = &l->items[l->nitems];
	memset(it, 0, sizeof(*it));
	it->kind = (uint8_t)k;
	it->line = p->line;
	if (!(it->text = strdup(text ? text : "")))
		return NULL;
	l->nitems++;
	if (k == LI_AT || k == LI_QUIZ)
		l->nstops++;
	return it;
}

static bool add_setup(struct parser *p, const char *line)
{
	struct lesson *l = p->l;

	if (l->nsetup == p->cap_setup) {
		int cap = p->cap_setup ? p->cap_setup * 2 : 16;
		char **ns = realloc(l->setup, (size_t)cap * sizeof(*ns));
		int *nl;

		if (!ns)
			return false;
		l->setup = ns;
		if (!(nl = realloc(l->setup_line, (size_t)cap * sizeof(*nl))))
			return false;
		l->setup_line = nl;
		p->cap_setup = cap;
	}
	if (!(l->setup[l->nsetup] = strdup(line)))
		return false;
	l->setup_line[l->nsetup++] = p->line;
	return true;
}

/* A directive other than option/answer/hint ends the open quiz, which must
 * have its answer by then. */
static enum cmd_status close_quiz(struct parser *p)
{
	struct lesson_item *q;
	char n[16];

	if (p->quiz < 0)
		return CMD_OK;
	q = &p->l->items[p->quiz];
	p->quiz = -1;
	if (q->quiz != QUIZ_NEXT && !q->answer) {
		snprintf(n, sizeof(n), "%d", q->line);
		return perr(p, "the quiz of line %s has no `answer K`", n, NULL);
	}
	if (q->quiz == QUIZ_NEXT && !q->answer_func) {
		snprintf(n, sizeof(n), "%d", q->line);
		return perr(p, "the quiz of line %s has no `answer FUNC`", n,
			    NULL);
	}
	return CMD_OK;
}

static enum cmd_status parse_at(struct parser *p, char *rest)
{
	char *argv[8];
	int argc = cmd_split(rest, argv, 8);
	struct lesson_item *it;
	uint64_t pkt = 0;

	if (argc == 1 && !strcmp(argv[0], "end")) {
		if (!(it = new_item(p, LI_AT, "end")))
			return CMD_FAIL;
		it->at_end = true;
		return CMD_OK;
	}
	if ((argc != 1 && argc != 3) ||
	    (argc == 3 && (strcmp(argv[1], "pkt") ||
			   !parse_u64(argv[2], 1, UINT32_MAX, &pkt))))
		return perr(p, "usage: at FUNC [pkt N] | at end", NULL, NULL);
	if (stage_by_func(argv[0]) == STAGE_NONE)
		return perr(p, "at: no kernel function '%s' in the model "
			    "(src/stages.h lists them)", argv[0], NULL);
	if (!(it = new_item(p, LI_AT, argv[0])))
		return CMD_FAIL;
	it->pkt = (uint32_t)pkt;
	return CMD_OK;
}

static enum cmd_status parse_quiz(struct parser *p, char *rest)
{
	static const char *const kinds[] = { "next", "counter", "choice" };
	char *argv[8];
	int argc = cmd_split(rest, argv, 8);
	struct lesson_item *it;

	if (argc != 2 || !*argv[1])
		return perr(p, "usage: quiz next|counter|choice \"QUESTION\"",
			    NULL, NULL);
	for (int k = 0; k < 3; k++)
		if (!strcmp(argv[0], kinds[k])) {
			if (!(it = new_item(p, LI_QUIZ, argv[1])))
				return CMD_FAIL;
			it->quiz = (uint8_t)k;
			p->quiz = p->l->nitems - 1;
			return CMD_OK;
		}
	return perr(p, "quiz: unknown kind '%s' (next, counter or choice)",
		    argv[0], NULL);
}

static enum cmd_status parse_option(struct parser *p, char *rest)
{
	struct lesson_item *q = p->quiz >= 0 ? &p->l->items[p->quiz] : NULL;
	struct lesson_option *o, *no;
	char *arrow, *text = rest, *claim = NULL;

	if (!q)
		return perr(p, "option outside a quiz", NULL, NULL);
	if (q->quiz == QUIZ_NEXT)
		return perr(p, "a `quiz next` has no options: its answer is a "
			    "function (answer FUNC)", NULL, NULL);
	if (q->answer)
		return perr(p, "option after the quiz's answer", NULL, NULL);
	if (!*rest)
		return perr(p, "usage: option TEXT", NULL, NULL);
	arrow = strstr(rest, "=>");
	if (q->quiz == QUIZ_CHOICE) {
		if (!arrow)
			return perr(p, "usage: option TEXT => CLAIM (CLAIM: an "
				    "expect form, e.g. fate 1 dropped)", NULL,
				    NULL);
		*arrow = 0;
		text = trim(rest);
		claim = trim(arrow + 2);
		if (!*text || !*claim)
			return perr(p, "usage: option TEXT => CLAIM", NULL, NULL);
	} else if (arrow || strchr(rest, ' ')) {
		return perr(p, "usage: option COUNTER (one counter name, as "
			    "nstat or `expect counter` names it)", NULL, NULL);
	}
	if (q->nopt == 16)
		return perr(p, "at most 16 options", NULL, NULL);
	if (!(no = realloc(q->opt, (size_t)(q->nopt + 1) * sizeof(*no))))
		return CMD_FAIL;
	q->opt = no;
	o = &q->opt[q->nopt++];
	o->text = strdup(text);
	o->claim = strdup(claim ? claim : text);
	return o->text && o->claim ? CMD_OK : CMD_FAIL;
}

static enum cmd_status parse_answer(struct parser *p, char *rest)
{
	struct lesson_item *q = p->quiz >= 0 ? &p->l->items[p->quiz] : NULL;
	uint64_t k;

	if (!q)
		return perr(p, "answer outside a quiz", NULL, NULL);
	if (q->answer || q->answer_func)
		return perr(p, "the quiz has an answer already", NULL, NULL);
	if (q->quiz == QUIZ_NEXT) {
		if (!*rest || strchr(rest, ' '))
			return perr(p, "usage: answer FUNC", NULL, NULL);
		if (stage_by_func(rest) == STAGE_NONE)
			return perr(p, "answer: no kernel function '%s' in the "
				    "model", rest, NULL);
		return (q->answer_func = strdup(rest)) ? CMD_OK : CMD_FAIL;
	}
	if (q->nopt < 2)
		return perr(p, "a quiz needs at least two options before its "
			    "answer", NULL, NULL);
	if (!parse_u64(rest, 1, (uint64_t)q->nopt, &k))
		return perr(p, "answer: '%s' is not an option's number", rest,
			    NULL);
	q->answer = (int)k;
	return CMD_OK;
}

static enum cmd_status parse_hint(struct parser *p, char *rest)
{
	struct lesson_item *q = p->quiz >= 0 ? &p->l->items[p->quiz] : NULL;
	char **nh;

	if (!q || (!q->answer && !q->answer_func))
		return perr(p, "hint belongs after a quiz's answer", NULL, NULL);
	if (!*rest)
		return perr(p, "usage: hint TEXT", NULL, NULL);
	if (!(nh = realloc(q->hint, (size_t)(q->nhint + 1) * sizeof(*nh))))
		return CMD_FAIL;
	q->hint = nh;
	return (q->hint[q->nhint++] = strdup(rest)) ? CMD_OK : CMD_FAIL;
}

static enum cmd_status parse_expect(struct parser *p, const char *line,
				    const char *rest)
{
	static const char *const forms[] = { "fate", "counter", "stage",
		"verdict", "ring", "socket", "tap", "neigh", NULL };
	char first[32] = "";

	sscanf(rest, "%31s", first);
	for (int i = 0; forms[i]; i++)
		if (!strcmp(first, forms[i]))
			return new_item(p, LI_EXPECT, line) ? CMD_OK : CMD_FAIL;
	return perr(p, "expect: unknown form '%s' (fate, counter, stage, "
		    "verdict, ring, socket, tap)", first, NULL);
}

static enum cmd_status body_line(struct parser *p, const char *line,
				 const char *word, char *rest)
{
	enum cmd_status st;

	if (!strcmp(word, "option"))
		return parse_option(p, rest);
	if (!strcmp(word, "answer"))
		return parse_answer(p, rest);
	if (!strcmp(word, "hint"))
		return parse_hint(p, rest);
	if ((st = close_quiz(p)) != CMD_OK)
		return st;
	if (!strcmp(word, "summary")) {
		if (!*rest)
			return perr(p, "usage: summary TEXT", NULL, NULL);
		p->ph = PH_SUMMARY;
		return new_item(p, LI_SUMMARY, rest) ? CMD_OK : CMD_FAIL;
	}
	if (p->ph == PH_SUMMARY)
		return perr(p, "only summary lines may follow a summary", NULL,
			    NULL);
	if (!strcmp(word, "say"))
		return new_item(p, LI_SAY, rest) ? CMD_OK : CMD_FAIL;
	if (!strcmp(word, "at"))
		return parse_at(p, rest);
	if (!strcmp(word, "quiz"))
		return parse_quiz(p, rest);
	if (!strcmp(word, "expect"))
		return parse_expect(p, line, rest);
	if (!strcmp(word, "title") || !strcmp(word, "setup") ||
	    !strcmp(word, "begin"))
		return perr(p, "%s: only once, before the lesson begins", word,
			    NULL);
	if (is_command(word))
		return new_item(p, LI_CMD, line) ? CMD_OK : CMD_FAIL;
	return perr(p, "unknown directive or command '%s'", word, NULL);
}

static enum cmd_status head_line(struct parser *p, const char *line,
				 const char *word, const char *rest)
{
	if (p->ph == PH_TITLE) {
		if (strcmp(word, "title"))
			return perr(p, "a lesson starts with `title TEXT`", NULL,
				    NULL);
		if (!*rest)
			return perr(p, "usage: title TEXT", NULL, NULL);
		p->ph = PH_HEAD;
		return (p->l->title = strdup(rest)) ? CMD_OK : CMD_FAIL;
	}
	if (!strcmp(word, "setup") && p->ph == PH_HEAD && !*rest) {
		p->ph = PH_SETUP;
		return CMD_OK;
	}
	if (!strcmp(word, "begin") && !*rest) {
		p->ph = PH_BODY;
		return CMD_OK;
	}
	if (p->ph == PH_HEAD)
		return perr(p, "expected `setup` or `begin`, not '%s'", word,
			    NULL);
	if (!is_command(word))
		return perr(p, "setup: unknown command '%s'", word, NULL);
	return add_setup(p, line) ? CMD_OK : CMD_FAIL;
}

static enum cmd_status parse_line(void *arg, const char *where,
				  const char *raw)
{
	struct parser *p = arg;
	char *copy = strdup(raw), *s, *rest;
	char word[32];
	size_t wl;
	enum cmd_status st;

	if (!copy)
		return CMD_FAIL;
	p->line = where_line(where);
	s = trim(copy);
	if (!*s || *s == '#') {
		free(copy);
		return CMD_OK;
	}
	wl = strcspn(s, " \t");
	snprintf(word, sizeof(word), "%.*s", (int)(wl < 31 ? wl : 31), s);
	rest = trim(s + wl);
	if (p->ph < PH_BODY)
		st = head_line(p, s, word, rest);
	else
		st = body_line(p, s, word, rest);
	free(copy);
	if (st == CMD_FAIL && !p->err[0])
		perr(p, "out of memory", NULL, NULL);
	return st;
}

static char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	char *n = strdup(b ? b + 1 : path);
	size_t l = n ? strlen(n) : 0;

	if (l > 7 && !strcmp(n + l - 7, ".lesson"))
		n[l - 7] = 0;
	return n;
}

/* The file's directory, or for ROOT/lessons/LANG/NN-name.lesson ROOT:
 * a course keeps its captures/ beside its lessons/. */
static char *lesson_base_dir(const char *path)
{
	char *d = realpath(path, NULL), *slash, *lang, *les;

	if (!d)                  /* a text with no file (tests) */
		d = strdup(path);
	if (!d)
		return NULL;
	if (!(slash = strrchr(d, '/'))) {
		free(d);
		return strdup(".");
	}
	*slash = 0;
	if (!*d)
		return strcpy(d, "/");
	if ((lang = strrchr(d, '/'))) {
		*lang = 0;
		les = strrchr(d, '/');
		if (!strcmp(les ? les + 1 : d, "lessons")) {
			if (!les)
				return strcpy(d, ".");
			*les = 0;
			return *d ? d : strcpy(d, "/");
		}
		*lang = '/';
	}
	return d;
}

struct lesson *lesson_parse(const char *path, const char *text, char *err,
			    size_t n)
{
	struct lesson *l = calloc(1, sizeof(*l));
	struct parser p = { .l = l, .quiz = -1, .err = err, .nerr = n };
	enum cmd_status st;

	err[0] = 0;
	if (!l || !(l->path = strdup(path)) || !(l->name = base_name(path)) ||
	    !(l->base_dir = lesson_base_dir(path))) {
		snprintf(err, n, "%s: out of memory", path);
		lesson_free(l);
		return NULL;
	}
	st = scenario_each_line(path, text, parse_line, &p);
	if (st == CMD_OK) {
		p.line++;
		if ((st = close_quiz(&p)) != CMD_OK)
			;
		else if (p.ph == PH_TITLE)
			st = perr(&p, "a lesson starts with `title TEXT`", NULL,
				  NULL);
		else if (p.ph < PH_BODY)
			st = perr(&p, "no `begin`: the lesson never starts",
				  NULL, NULL);
	}
	if (st != CMD_OK) {
		if (!err[0])
			snprintf(err, n, "%s: out of memory", path);
		lesson_free(l);
		return NULL;
	}
	return l;
}

struct lesson *lesson_load(const char *path, char *err, size_t n)
{
	FILE *ef = NULL;
	char *buf = NULL, *text;
	size_t blen = 0;
	struct lesson *l;

	ef = open_memstream(&buf, &blen);
	text = scenario_read_file(path, ef ? ef : stderr);
	if (ef)
		fclose(ef);
	if (!text) {
		snprintf(err, n, "%s", buf && *buf ? buf : path);
		if (blen && err[strlen(err) - 1] == '\n')
			err[strlen(err) - 1] = 0;
		free(buf);
		return NULL;
	}
	free(buf);
	l = lesson_parse(path, text, err, n);
	free(text);
	return l;
}

void lesson_free(struct lesson *l)
{
	if (!l)
		return;
	free(l->base_dir);
	for (int i = 0; i < l->nitems; i++) {
		struct lesson_item *it = &l->items[i];

		free(it->text);
		free(it->answer_func);
		for (int k = 0; k < it->nopt; k++) {
			free(it->opt[k].text);
			free(it->opt[k].claim);
		}
		free(it->opt);
		for (int k = 0; k < it->nhint; k++)
			free(it->hint[k]);
		free(it->hint);
	}
	for (int i = 0; i < l->nsetup; i++)
		free(l->setup[i]);
	free(l->setup);
	free(l->setup_line);
	free(l->items);
	free(l->path);
	free(l->name);
	free(l->title);
	free(l);
}

/* ---- running: shared by the checker and the player ---- */

bool lesson_at_matches(const struct lesson_item *it, const struct step *s)
{
	return it->kind == LI_AT && !it->at_end &&
	       !strcmp(stage_info((enum stage)s->stage)->func, it->text) &&
	       (!it->pkt || s->pkt == it->pkt);
}

bool lesson_step(struct world *w, struct cmd_ctx *c, struct step *s)
{
	if (c->replay)
		replay_feed(c->replay, w);
	if (!engine_step(w, s, UINT64_MAX))
		return false;
	cmd_note_step(c, w, s);
	return true;
}

bool lesson_run_to(struct world *w, struct cmd_ctx *c,
		   const struct lesson_item *at, char *why, size_t n)
{
	struct step s;

	if (at->at_end) {
		cmd_run_until(w, c, UINT64_MAX, true);
		return true;
	}
	for (uint64_t k = 0; k < LESSON_MAX_STEPS; k++) {
		if (!lesson_step(w, c, &s)) {
			snprintf(why, n, "at %s%s%.0u: the host went idle after "
				 "%llu step(s) without running it", at->text,
				 at->pkt ? " pkt " : "", at->pkt,
				 (unsigned long long)k);
			return false;
		}
		if (lesson_at_matches(at, &s))
			return true;
	}
	snprintf(why, n, "at %s: not reached in %llu steps", at->text,
		 (unsigned long long)LESSON_MAX_STEPS);
	return false;
}

bool lesson_ctx_clone(struct cmd_ctx *dst, const struct cmd_ctx *src,
		      FILE *out)
{
	cmd_ctx_init(dst, out, out);
	dst->settle = false;
	dst->base_dir = src->base_dir;
	memcpy(dst->mem.stage_seen, src->mem.stage_seen,
	       sizeof(dst->mem.stage_seen));
	memcpy(dst->mem.verdict_seen, src->mem.verdict_seen,
	       sizeof(dst->mem.verdict_seen));
	dst->mem.nfates = src->mem.nfates;
	if (src->mem.fates) {
		dst->mem.fates = malloc(FATE_MEMORY * sizeof(*dst->mem.fates));
		if (!dst->mem.fates)
			return false;
		memcpy(dst->mem.fates, src->mem.fates,
		       src->mem.nfates * sizeof(*dst->mem.fates));
	}
	return true;
}

/* The world as it will be at the quiz's horizon: the items after quiz qi
 * applied to fw (a clone) up to the next `at` (reached) or the end
 * (settled). */
void lesson_future(const struct lesson *l, int qi, struct world *fw,
		   struct cmd_ctx *fc)
{
	char why[200];
	struct step s;

	for (int i = qi + 1; i < l->nitems; i++) {
		const struct lesson_item *it = &l->items[i];

		if (it->kind == LI_CMD)
			scenario_run_line(fw, fc, NULL, it->text);
		else if (it->kind == LI_QUIZ && it->quiz == QUIZ_NEXT)
			lesson_step(fw, fc, &s);
		else if (it->kind == LI_AT) {
			lesson_run_to(fw, fc, it, why, sizeof(why));
			return;
		} else if (it->kind == LI_SUMMARY)
			break;
	}
	cmd_run_until(fw, fc, UINT64_MAX, true);
}

const char *lesson_horizon(const struct lesson *l, int qi)
{
	for (int i = qi + 1; i < l->nitems; i++)
		if (l->items[i].kind == LI_AT)
			return l->items[i].at_end ? "the end" : l->items[i].text;
	return "the end";
}
