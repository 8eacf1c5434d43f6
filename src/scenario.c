/* scenario.c: scenario files and the built-in demo; see scenario.h. */
#include "scenario.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 128

enum cmd_status scenario_run_line(struct world *w, struct cmd_ctx *c,
				  const char *where, const char *line)
{
	char *copy = strdup(line);
	char *argv[MAX_WORDS];
	int argc;
	enum cmd_status st;
	const char *old = c->where;

	if (!copy)
		return CMD_FAIL;
	c->where = where;
	argc = cmd_split(copy, argv, MAX_WORDS);
	if (argc == -1) {
		cmd_error(c, "unterminated quote");
		st = CMD_USAGE;
	} else if (argc == -2) {
		cmd_error(c, "too many words (at most %d)", MAX_WORDS);
		st = CMD_USAGE;
	} else {
		st = cmd_exec(w, c, argc, argv);
		/* only a failed expect or a capture that cannot be read to
		 * its end is a runtime failure (exit 1); any other refused
		 * line is a bad scenario line (exit 2) */
		if (st == CMD_FAIL && strcmp(argv[0], "expect") &&
		    strcmp(argv[0], "replay"))
			st = CMD_USAGE;
	}
	c->where = old;
	free(copy);
	return st;
}

enum cmd_status scenario_each_line(const char *name, const char *text,
				  scenario_line_fn fn, void *arg)
{
	size_t cap = 256, len = 0;
	char *line = malloc(cap);
	int lineno = 0, start = 0;
	enum cmd_status st = CMD_OK;
	char where[600];

	if (!line)
		return CMD_FAIL;
	while (*text && st == CMD_OK) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		bool cont;

		lineno++;
		if (!len)
			start = lineno;
		if (n && text[n - 1] == '\r')
			n--;
		cont = n && text[n - 1] == '\\';
		if (cont)
			n--;
		if (len + n + 2 > cap) {
			char *nb;

			while (len + n + 2 > cap)
				cap *= 2;
			nb = realloc(line, cap);
			if (!nb) {
				st = CMD_FAIL;
				break;
			}
			line = nb;
		}
		memcpy(line + len, text, n);
		len += n;
		line[len] = 0;
		text = nl ? nl + 1 : text + strlen(text);
		if (cont) {
			line[len++] = ' ';
			line[len] = 0;
			continue;
		}
		snprintf(where, sizeof(where), "%s:%d", name, start);
		st = fn(arg, where, line);
		len = 0;
	}
	if (len && st == CMD_OK) {
		snprintf(where, sizeof(where), "%s:%d", name, start);
		st = fn(arg, where, line);
	}
	free(line);
	return st;
}

struct run_arg {
	struct world *w;
	struct cmd_ctx *c;
};

static enum cmd_status run_one_line(void *arg, const char *where,
				    const char *line)
{
	struct run_arg *ra = arg;

	return scenario_run_line(ra->w, ra->c, where, line);
}

enum cmd_status scenario_run_text(struct world *w, struct cmd_ctx *c,
				  const char *name, const char *text)
{
	struct run_arg ra = { w, c };
	enum cmd_status st = scenario_each_line(name, text, run_one_line, &ra);

	/* the file may end in inject lines started together */
	if (st == CMD_OK)
		cmd_settle_pending(w, c);
	return st;
}

char *scenario_read_file(const char *path, FILE *err)
{
	FILE *f = fopen(path, "r");
	char *text;
	long n;

	if (!f) {
		fprintf(err, "%s: %s\n", path, strerror(errno));
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	if (n < 0 || n > 16 * 1024 * 1024 || !(text = malloc((size_t)n + 1))) {
		fprintf(err, "%s: cannot read (too large?)\n", path);
		fclose(f);
		return NULL;
	}
	n = (long)fread(text, 1, (size_t)n, f);
	text[n] = 0;
	fclose(f);
	if (memchr(text, 0, (size_t)n)) {
		fprintf(err, "%s:1: not a text file\n", path);
		free(text);
		return NULL;
	}
	return text;
}

enum cmd_status scenario_run_file(struct world *w, struct cmd_ctx *c,
				  const char *path)
{
	char *text = scenario_read_file(path, c->err);
	enum cmd_status st;

	if (!text)
		return CMD_USAGE;
	st = scenario_run_text(w, c, path, text);
	free(text);
	return st;
}

/* ---- scripts: a scenario kept as lines, for the debugger to run ---- */

static enum cmd_status script_add_line(void *arg, const char *where,
				       const char *line)
{
	struct script *sc = arg;
	const char *p = line + strspn(line, " \t");

	if (!*p || *p == '#')
		return CMD_OK;
	if (sc->n == sc->cap) {
		size_t cap = sc->cap ? sc->cap * 2 : 32;
		struct script_line *nv = realloc(sc->v, cap * sizeof(*nv));

		if (!nv)
			return CMD_FAIL;
		sc->v = nv;
		sc->cap = cap;
	}
	sc->v[sc->n].where = strdup(where);
	sc->v[sc->n].line = strdup(line);
	if (!sc->v[sc->n].where || !sc->v[sc->n].line) {
		free(sc->v[sc->n].where);
		free(sc->v[sc->n].line);
		return CMD_FAIL;
	}
	sc->n++;
	return CMD_OK;
}

bool script_add_text(struct script *sc, const char *name, const char *text)
{
	return scenario_each_line(name, text, script_add_line, sc) == CMD_OK;
}

bool script_add_file(struct script *sc, const char *path, FILE *err)
{
	char *text = scenario_read_file(path, err);
	bool ok;

	if (!text)
		return false;
	ok = script_add_text(sc, path, text);
	free(text);
	return ok;
}

void script_free(struct script *sc)
{
	for (size_t i = 0; i < sc->n; i++) {
		free(sc->v[i].where);
		free(sc->v[i].line);
	}
	free(sc->v);
	memset(sc, 0, sizeof(*sc));
}

/* The built-in demo: the main roads of a packet through one host. */
const char scenario_demo[] =
	"# netstep demo: one host, eth0 10.0.0.2/24, a UDP socket on port 5000\n"
	"nic add eth0 mac 02:00:00:00:00:02\n"
	"ip link set eth0 up\n"
	"ip addr add 10.0.0.2/24 dev eth0\n"
	"socket app udp bind 10.0.0.2:5000\n"
	"# 1. a datagram for the socket, then the application reads it\n"
	"inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 payload \"hello\"\n"
	"recv app\n"
	"# 2. a ping, answered (the peer is resolved first by ARP)\n"
	"ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev eth0 nud permanent\n"
	"inject eth0 icmp 10.0.0.1 > 10.0.0.2 echo-request id 7 seq 1 len 56\n"
	"# 3. a datagram to a closed port: ICMP port unreachable\n"
	"inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:6000 payload \"anyone?\"\n"
	"# 4. a frame for another host's MAC: the NIC filters it\n"
	"inject eth0 udp 10.0.0.1:40000 > 10.0.0.9:5000 dst-mac 02:00:00:00:00:99\n"
	"# 5. the application sends to 10.0.0.7: ARP first, then the datagram\n"
	"send app to 10.0.0.7:9 payload \"ping\"\n"
	"inject eth0 arp reply 10.0.0.7 is-at 02:00:00:00:00:07 > 10.0.0.2\n";
