/* cmd.c: the command table, word splitting and running the engine for
 * traffic commands; see cmd.h. */
#include "cmd.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "replay.h"

struct cmd_entry {
	const char *name;
	enum cmd_status (*fn)(struct world *, struct cmd_ctx *, int, char **);
};

static const struct cmd_entry cmds[] = {
	{ "ip", cmd_ip },
	{ "sysctl", cmd_sysctl },
	{ "ifconfig", cmd_ifconfig },
	{ "iptables", cmd_iptables },
	{ "iptables-save", cmd_iptables_save },
	{ "iptables-restore", cmd_iptables_restore },
	{ "dmesg", cmd_dmesg },
	{ "conntrack", cmd_conntrack },
	{ "ss", cmd_ss },
	{ "nstat", cmd_nstat },
	{ "cat", cmd_cat },
	{ "nic", cmd_nic },
	{ "socket", cmd_socket },
	{ "send", cmd_send },
	{ "recv", cmd_recv },
	{ "wait", cmd_wait },
	{ "close", cmd_close },
	{ "inject", cmd_inject },
	{ "run", cmd_run },
	{ "expect", cmd_expect },
	{ "ethtool", cmd_ethtool },
	{ "tc", cmd_tc },
	{ "cost", cmd_cost },
	{ "tcpdump", cmd_tcpdump },
	{ "replay", cmd_replay },
};

const char *const *cmd_names(void)
{
	static const char *names[sizeof(cmds) / sizeof(cmds[0]) + 1];

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		names[i] = cmds[i].name;
	return names;
}

void cmd_error(struct cmd_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->where)
		fprintf(c->err, "%s: ", c->where);
	va_start(ap, fmt);
	vfprintf(c->err, fmt, ap);
	va_end(ap);
	fputc('\n', c->err);
}

/* Levenshtein distance, capped: enough to suggest a command for a typo. */
static int edit_distance(const char *a, const char *b)
{
	int prev[32], cur[32];
	size_t la = strlen(a), lb = strlen(b);

	if (la >= 31 || lb >= 31)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			int del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) :
					     (del < ins ? del : ins);
		}
		memcpy(prev, cur, sizeof(cur));
	}
	return prev[lb];
}

enum cmd_status cmd_exec(struct world *w, struct cmd_ctx *ctx, int argc,
			 char **argv)
{
	if (argc < 1)
		return CMD_OK;
	if (ctx->inject_pending && strcmp(argv[0], "inject"))
		cmd_settle_pending(w, ctx);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[0], cmds[i].name))
			return cmds[i].fn(w, ctx, argc, argv);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (edit_distance(argv[0], cmds[i].name) <= 2) {
			cmd_error(ctx, "unknown command '%s' (did you mean '%s'?)",
				  argv[0], cmds[i].name);
			return CMD_USAGE;
		}
	cmd_error(ctx, "unknown command '%s'", argv[0]);
	return CMD_USAGE;
}

int cmd_split(char *line, char **argv, int max)
{
	char *r = line, *wp = line;
	int n = 0;

	for (;;) {
		char q = 0;

		while (*r && isspace((unsigned char)*r))
			r++;
		if (!*r || *r == '#')
			break;
		if (n >= max)
			return -2;
		argv[n++] = wp;
		while (*r && (q || !isspace((unsigned char)*r))) {
			if (q) {
				if (*r == q) {
					q = 0;
					r++;
				} else if (q == '"' && *r == '\\' && r[1]) {
					r++;
					*wp++ = *r++;
				} else {
					*wp++ = *r++;
				}
			} else if (*r == '"' || *r == '\'') {
				q = *r++;
			} else if (*r == '\\' && r[1]) {
				r++;
				*wp++ = *r++;
			} else {
				*wp++ = *r++;
			}
		}
		if (q)
			return -1;
		if (*r)
			r++;
		*wp++ = 0;
	}
	return n;
}

void cmd_ctx_init(struct cmd_ctx *ctx, FILE *out, FILE *err)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->out = out;
	ctx->err = err;
	ctx->settle = true;
}

void cmd_ctx_free(struct cmd_ctx *ctx)
{
	free(ctx->mem.fates);
	ctx->mem.fates = NULL;
	replay_set_free(ctx->replay);
	ctx->replay = NULL;
}

void cmd_note_step(struct cmd_ctx *ctx, const struct world *w,
		   const struct step *s)
{
	struct run_memory *m = &ctx->mem;

	if (s->stage < sizeof(m->stage_seen))
		m->stage_seen[s->stage] = 1;
	/* bit 0: the hook saw the verdict; bit T+1: table T gave it */
	if (s->hook && s->hook < 8 && s->verdict < 4)
		m->verdict_seen[s->hook][s->verdict] |= (uint8_t)(1u |
			(s->nf_table ? 1u << s->nf_table : 0u));
	if (s->has_fate && m->nfates < FATE_MEMORY) {
		if (!m->fates)
			m->fates = malloc(FATE_MEMORY * sizeof(*m->fates));
		if (m->fates)
			m->fates[m->nfates++] = s->fate;
	}
	/* most steps of a replay decide no fate: no call for them */
	if (ctx->sink.fn && (s->has_fate || !ctx->sink.fates_only ||
			     w->tap_seq))
		ctx->sink.fn(ctx->sink.arg, w, s);
}

/* flatten: the step (engine_step_lean and all it inlines) is compiled
 * into this loop across files; left to LTO's judgement the inlining came
 * and went with unrelated changes, at up to a tenth of make bench. */
__attribute__((flatten))
void cmd_run_until(struct world *w, struct cmd_ctx *ctx, uint64_t until,
		   bool settle_only)
{
	struct step s;

	for (;;) {
		if (ctx->replay)
			replay_feed(ctx->replay, w);
		if (settle_only && engine_settled(w))
			return;
		if (!(ctx->sink.lean ? engine_step_lean(w, &s, until) :
		      engine_step(w, &s, until)))
			break;
		cmd_note_step(ctx, w, &s);
	}
	if (!settle_only && until != UINT64_MAX && w->now < until)
		w->now = until;
}

void cmd_settle_pending(struct world *w, struct cmd_ctx *ctx)
{
	if (!ctx->inject_pending)
		return;
	ctx->inject_pending = 0;
	cmd_run_until(w, ctx, UINT64_MAX, true);
}

bool parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

bool parse_time_ns(const char *s, uint64_t *out)
{
	static const struct { const char *u; uint64_t m; } units[] = {
		{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 },
		{ "s", 1000000000 },
	};
	char *end;
	double v;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || v < 0 || v > 1e6)
		return false;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(end, units[i].u)) {
			*out = (uint64_t)(v * (double)units[i].m + 0.5);
			return true;
		}
	return false;
}
