/* dbgcmd.c: the console's commands; see dbgcmd.h. */
#include "dbgcmd.h"

#include <stdlib.h>
#include <string.h>

#include "../src/cmd.h"
#include "../src/lesson.h"
#include "../src/stages.h"

typedef bool (*dbgcmd_fn)(struct dbg *d, struct ui_req *ui, const char *arg,
			  FILE *out);

struct dbgcmd {
	const char *name, *alias;    /* alias: gdb's short form, or NULL */
	dbgcmd_fn fn;
	bool repeats;                /* Enter on an empty line runs it again */
	const char *help;
};

/* "N" or nothing (1); false for anything else. */
static bool parse_count(const char *arg, uint64_t *n, FILE *out)
{
	char *end;

	*n = 1;
	if (!arg || !*arg)
		return true;
	*n = strtoull(arg, &end, 10);
	if (*end || !*n) {
		fprintf(out, "Invalid number \"%s\".\n", arg);
		return false;
	}
	return true;
}

#define MOVE_N(name, call) \
static bool name(struct dbg *d, struct ui_req *ui, const char *arg, FILE *out) \
{ \
	uint64_t n; \
	if (!parse_count(arg, &n, out)) \
		return false; \
	dbgcmd_report_stop(d, ui, call, out); \
	return true; \
}

MOVE_N(do_step, dbg_step(d, n))
MOVE_N(do_next, dbg_next(d, n))
MOVE_N(do_rstep, dbg_reverse_step(d, n))
MOVE_N(do_rnext, dbg_reverse_next(d, n))

#define MOVE_0(name, call) \
static bool name(struct dbg *d, struct ui_req *ui, const char *arg, FILE *out) \
{ \
	if (arg && *arg) { \
		fprintf(out, "This command takes no argument.\n"); \
		return false; \
	} \
	dbgcmd_report_stop(d, ui, call, out); \
	return true; \
}

MOVE_0(do_finish, dbg_finish(d))
MOVE_0(do_continue, dbg_continue(d))
MOVE_0(do_rfinish, dbg_reverse_finish(d))
MOVE_0(do_rcontinue, dbg_reverse_continue(d))

static bool do_goto(struct dbg *d, struct ui_req *ui, const char *arg,
		    FILE *out)
{
	char *end;
	unsigned long long n = arg ? strtoull(arg, &end, 10) : 0;

	if (!arg || !*arg || *end) {
		fprintf(out, "usage: goto STEP\n");
		return false;
	}
	dbgcmd_report_stop(d, ui, dbg_goto(d, n), out);
	return true;
}

static bool do_rerun(struct dbg *d, struct ui_req *ui, const char *arg,
		     FILE *out)
{
	enum dbg_stop st = dbg_rerun(d);

	(void)arg;
	if (st == DBG_STEPPED)          /* "the same path": worth saying */
		fprintf(out, "%s\n", d->stop_msg);
	dbgcmd_report_stop(d, ui, st, out);
	return true;
}

static bool do_break(struct dbg *d, struct ui_req *ui, const char *arg,
		     FILE *out)
{
	char err[256];
	int id = dbg_break_add(d, arg ? arg : "", err, sizeof(err));

	(void)ui;
	if (id < 0) {
		fprintf(out, "%s\n", err);
		return false;
	}
	fprintf(out, "Breakpoint %d: %s\n", id, d->brk[d->nbrk - 1].text);
	return true;
}

static bool do_watch(struct dbg *d, struct ui_req *ui, const char *arg,
		     FILE *out)
{
	char err[256];
	int id = dbg_watch_add(d, arg ? arg : "", err, sizeof(err));

	(void)ui;
	if (id < 0) {
		fprintf(out, "%s\n", err);
		return false;
	}
	fprintf(out, "Watchpoint %d: %s = %llu\n", id,
		d->watch[d->nwatch - 1].text,
		(unsigned long long)d->watch[d->nwatch - 1].old);
	return true;
}

static bool do_delete(struct dbg *d, struct ui_req *ui, const char *arg,
		      FILE *out)
{
	char *end;
	long id = arg && *arg ? strtol(arg, &end, 10) : -1;

	(void)ui;
	if (arg && *arg && (*end || id <= 0)) {
		fprintf(out, "Convenience variable must have integer value.\n"
			"usage: delete [ID]\n");
		return false;
	}
	if (!dbg_delete(d, (int)id)) {
		fprintf(out, "No breakpoint number %ld.\n", id);
		return false;
	}
	return true;
}

static void info_breakpoints(const struct dbg *d, FILE *out)
{
	if (!d->nbrk && !d->nwatch) {
		fprintf(out, "No breakpoints or watchpoints.\n");
		return;
	}
	fprintf(out, "Num  Type        Enb  Hits  What\n");
	for (int i = 0; i < d->nbrk; i++)
		fprintf(out, "%-4d %-11s %-4s %-5u %s\n", d->brk[i].id,
			d->brk[i].kind == BRK_FUNC ? "breakpoint" :
			d->brk[i].kind == BRK_DROP ? "drop" : "filter",
			d->brk[i].enabled ? "y" : "n", d->brk[i].hits,
			d->brk[i].text);
	for (int i = 0; i < d->nwatch; i++)
		fprintf(out, "%-4d %-11s %-4s %-5u %s (now %llu)\n",
			d->watch[i].id, "watchpoint", "y", d->watch[i].hits,
			d->watch[i].text,
			(unsigned long long)dbg_watch_value(d, &d->watch[i]));
}

static void info_skb(const struct dbg *d, FILE *out)
{
	const struct skb_view *v = &d->last.after;

	if (!d->has_last || !d->last.has_skb) {
		fprintf(out, "The current step has no sk_buff.\n");
		return;
	}
	if (!v->handle)
		v = &d->last.before;
	fprintf(out, "skb #%u (packet %u)%s\n", v->handle, v->pkt,
		d->last.after.handle ? "" : " -- freed by this step");
	fprintf(out, "  data %u tail %u end %u len %u truesize %u\n", v->data,
		v->tail, v->end, v->len, v->truesize);
	fprintf(out, "  mac_header %u network_header %u transport_header %u\n",
		v->mac_header, v->network_header, v->transport_header);
	fprintf(out, "  protocol 0x%04x pkt_type %u dev %s mark %u sk %u\n",
		v->protocol, v->pkt_type,
		v->dev ? d->w->dev[v->dev].name : "-", v->mark, v->sk);
}

static void info_rings(const struct dbg *d, FILE *out)
{
	const struct world *w = d->w;

	for (int i = 1; i < MAX_DEV; i++) {
		const struct net_device *nd = &w->dev[i];

		if (nd->kind != DEV_ETHER)
			continue;
		fprintf(out, "%s: RX ring %u/%u, TX ring %u/%u, qdisc %u/%u\n",
			nd->name, nd->nic.rx_count, nd->nic.rx_ring_size,
			nd->nic.tx_count, nd->nic.tx_ring_size,
			nd->qdisc.band[0].qlen + nd->qdisc.band[1].qlen +
			nd->qdisc.band[2].qlen, nd->txqueuelen);
	}
	fprintf(out, "backlog: %u/%lld\n", w->softnet.backlog.qlen,
		(long long)w->sysctl[SYS_netdev_max_backlog]);
	for (uint32_t h = 1; h <= w->sock_pool.hwm; h++)
		if (pool_is_used(&w->sock_pool, w->sock_next, h))
			fprintf(out, "socket %s: %u datagrams, rmem %u/%u\n",
				w->sock[h - 1].name, w->sock[h - 1].rq.qlen,
				w->sock[h - 1].rmem, w->sock[h - 1].rcvbuf);
}

static bool do_info(struct dbg *d, struct ui_req *ui, const char *arg,
		    FILE *out)
{
	static const char *const what = "\"info\" must be followed by one of: "
		"skb rings counters routes neigh sockets rules breakpoints";
	size_t l = arg ? strlen(arg) : 0;

	(void)ui;
	if (!l) {
		fprintf(out, "%s\n", what);
		return false;
	}
	if (!strncmp(arg, "breakpoints", l) || !strncmp(arg, "watchpoints", l))
		info_breakpoints(d, out);
	else if (!strncmp(arg, "skb", l))
		info_skb(d, out);
	else if (!strncmp(arg, "rings", l) || !strncmp(arg, "queues", l))
		info_rings(d, out);
	else if (!strncmp(arg, "counters", l))
		dbg_query(d, "nstat");
	else if (!strncmp(arg, "routes", l))
		return dbg_query(d, "ip route show table all") == CMD_OK;
	else if (!strncmp(arg, "neigh", l))
		return dbg_query(d, "ip neigh show") == CMD_OK;
	else if (!strncmp(arg, "sockets", l))
		return dbg_query(d, "ss -uan") == CMD_OK;
	else if (!strncmp(arg, "rules", l))
		fprintf(out, "No iptables rules: every netfilter hook runs its "
			"chains' policy, ACCEPT.\n");
	else {
		fprintf(out, "Undefined info command: \"%s\".  %s\n", arg, what);
		return false;
	}
	return true;
}

static bool do_backtrace(struct dbg *d, struct ui_req *ui, const char *arg,
			 FILE *out)
{
	const struct step *s = &d->last;

	(void)ui;
	(void)arg;
	if (!d->has_last) {
		fprintf(out, "No stack.\n");
		return false;
	}
	for (int i = s->depth, n = 0; i >= 0; i--, n++) {
		enum stage st = i == s->depth ? (enum stage)s->stage :
				(enum stage)s->stack[i];

		fprintf(out, "#%-2d %s () at %s\n", n, stage_info(st)->func,
			stage_info(st)->file);
	}
	fprintf(out, "    [%s context]\n", ctx_name((enum ctx)s->ctx));
	return true;
}

static bool do_list(struct dbg *d, struct ui_req *ui, const char *arg,
		    FILE *out)
{
	enum stage st = arg && *arg ? stage_by_func(arg) :
			d->has_last ? (enum stage)d->last.stage : STAGE_NONE;

	if (st == STAGE_NONE) {
		fprintf(out, arg && *arg ? "Function \"%s\" not defined.\n" :
			"No function has run yet: list FUNC.\n", arg);
		return false;
	}
	fprintf(out, "%s -- %s\n%s\n", stage_info(st)->func,
		stage_info(st)->file, explain_stage(st, ui->lang));
	return true;
}

static bool do_display(struct dbg *d, struct ui_req *ui, const char *arg,
		       FILE *out)
{
	if (!arg || !*arg) {
		for (int i = 0; i < ui->ndisplay; i++) {
			char line[64];

			snprintf(line, sizeof(line), "%s", ui->display[i]);
			do_info(d, ui, line, out);
		}
		return true;
	}
	if (ui->ndisplay == 8) {
		fprintf(out, "At most 8 displays.\n");
		return false;
	}
	if (!do_info(d, ui, arg, out))
		return false;
	snprintf(ui->display[ui->ndisplay++], sizeof(ui->display[0]), "%s",
		 arg);
	return true;
}

static bool do_undisplay(struct dbg *d, struct ui_req *ui, const char *arg,
			 FILE *out)
{
	(void)d;
	(void)arg;
	(void)out;
	ui->ndisplay = 0;
	return true;
}

static bool do_layout(struct dbg *d, struct ui_req *ui, const char *arg,
		      FILE *out)
{
	(void)d;
	if (arg && !strcmp(arg, "class"))
		ui->layout = LAYOUT_CLASS;
	else if (arg && (!strcmp(arg, "normal") || !strcmp(arg, "src")))
		ui->layout = LAYOUT_NORMAL;
	else {
		fprintf(out, "usage: layout normal|class\n");
		return false;
	}
	return true;
}

static bool do_set(struct dbg *d, struct ui_req *ui, const char *arg,
		   FILE *out)
{
	(void)d;
	if (arg && (!strcmp(arg, "lang en") || !strcmp(arg, "lang C")))
		ui->lang = LANG_EN;
	else if (arg && (!strcmp(arg, "lang zh_CN") || !strcmp(arg, "lang zh")))
		ui->lang = LANG_ZH_CN;
	else {
		fprintf(out, "usage: set lang en|zh_CN\n");
		return false;
	}
	return true;
}

static bool do_play(struct dbg *d, struct ui_req *ui, const char *arg,
		    FILE *out)
{
	char *end;
	unsigned long ms = 700;

	(void)d;
	if (arg && *arg) {
		ms = strtoul(arg, &end, 10);
		if (!strcmp(end, "s"))
			ms *= 1000;
		else if (*end && strcmp(end, "ms"))
			ms = 0;
		if (!ms || ms > 60000) {
			fprintf(out, "usage: play [DELAY] (e.g. 500ms, 2s; "
				"default 700ms)\n");
			return false;
		}
	}
	ui->play_ms = (uint32_t)ms;
	fprintf(out, "Playing one step every %lu ms; any key stops.\n", ms);
	return true;
}

static bool do_screendump(struct dbg *d, struct ui_req *ui, const char *arg,
			  FILE *out)
{
	(void)d;
	if (!arg || !*arg) {
		fprintf(out, "usage: screendump FILE\n");
		return false;
	}
	snprintf(ui->dump_path, sizeof(ui->dump_path), "%s", arg);
	return true;
}

static bool do_quit(struct dbg *d, struct ui_req *ui, const char *arg,
		    FILE *out)
{
	(void)d;
	(void)arg;
	(void)out;
	ui->quit = true;
	return true;
}

static bool do_help(struct dbg *d, struct ui_req *ui, const char *arg,
		    FILE *out);

static bool do_answer(struct dbg *d, struct ui_req *ui, const char *arg,
		      FILE *out)
{
	(void)d;
	if (!ui->lesson) {
		fprintf(out, "No lesson is running (netstep -l list).\n");
		return false;
	}
	return lesson_play_answer(ui->lesson, arg, out);
}

static const struct dbgcmd cmds[] = {
	{ "step", "s", do_step, true, "step [N]: run one kernel function (N times)" },
	{ "next", "n", do_next, true, "next [N]: the next function of this frame, over callees" },
	{ "finish", "fin", do_finish, true, "finish: until this function returns" },
	{ "continue", "c", do_continue, true, "continue: until a breakpoint, a watchpoint or idle" },
	{ "reverse-step", "rs", do_rstep, true, "reverse-step [N]: one function back (N times)" },
	{ "reverse-next", "rn", do_rnext, true, "reverse-next [N]: back over callees" },
	{ "reverse-finish", "rf", do_rfinish, true, "reverse-finish: back to where this function was called" },
	{ "reverse-continue", "rc", do_rcontinue, true, "reverse-continue: back to the previous breakpoint" },
	{ "rerun", NULL, do_rerun, false, "rerun: the same inputs from the start with the commands typed so far; stops where the path now differs" },
	{ "goto", NULL, do_goto, false, "goto STEP: to step number STEP, either way" },
	{ "break", "b", do_break, false, "break FUNC | break drop [REASON] | break if PCAP-FILTER" },
	{ "watch", NULL, do_watch, false, "watch COUNTER | ring DEV rx|tx | backlog | socket NAME | qdisc DEV | neigh ADDR" },
	{ "delete", "d", do_delete, false, "delete [ID]: a breakpoint or watchpoint (all)" },
	{ "info", "i", do_info, false, "info skb|rings|counters|routes|neigh|sockets|rules|breakpoints" },
	{ "backtrace", "bt", do_backtrace, false, "backtrace: the call stack of this step" },
	{ "list", "l", do_list, false, "list [FUNC]: what a kernel function does, and its file" },
	{ "display", NULL, do_display, false, "display WHAT: show `info WHAT` after every stop" },
	{ "undisplay", NULL, do_undisplay, false, "undisplay: stop all displays" },
	{ "play", NULL, do_play, false, "play [DELAY]: step on a timer until a breakpoint, a drop or a key" },
	{ "layout", NULL, do_layout, false, "layout normal|class: the screen for one person or a class" },
	{ "set", NULL, do_set, false, "set lang en|zh_CN: the language of explanations" },
	{ "screendump", NULL, do_screendump, false, "screendump FILE: the screen as text" },
	{ "answer", NULL, do_answer, false, "answer K|FUNC: answer the lesson's quiz" },
	{ "help", "h", do_help, false, "help [COMMAND]" },
	{ "quit", "q", do_quit, false, "quit" },
};

#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

static const struct dbgcmd *find(const char *word)
{
	for (size_t i = 0; i < NCMDS; i++)
		if (!strcmp(word, cmds[i].name) ||
		    (cmds[i].alias && !strcmp(word, cmds[i].alias)))
			return &cmds[i];
	return NULL;
}

static bool do_help(struct dbg *d, struct ui_req *ui, const char *arg,
		    FILE *out)
{
	const struct dbgcmd *c = arg && *arg ? find(arg) : NULL;

	(void)d;
	(void)ui;
	if (c) {
		fprintf(out, "%s\n", c->help);
		return true;
	}
	if (arg && *arg) {
		fprintf(out, "Undefined command: \"%s\".  Try \"help\".\n", arg);
		return false;
	}
	fprintf(out, "Keys: F11 step, F10 next, Shift-F11 finish, F5 continue, "
		"F7 reverse-step, F8 reverse-next, F6 reverse-continue, "
		"Tab next pane, PgUp/PgDn scroll, Enter repeats, ? help.\n");
	for (size_t i = 0; i < NCMDS; i++)
		fprintf(out, "  %s\n", cmds[i].help);
	fprintf(out, "Scenario commands work here too: ip, sysctl, ss, nstat, "
		"cat, tcpdump, nic, socket, send, recv, wait, inject, run, expect.\n");
	return true;
}

/* Splits "word rest" into the first word and the trimmed rest. */
static void split_first(const char *line, char *word, size_t n,
			const char **rest)
{
	size_t i = 0;

	while (*line == ' ' || *line == '\t')
		line++;
	while (*line && *line != ' ' && *line != '\t' && i + 1 < n)
		word[i++] = *line++;
	word[i] = 0;
	while (*line == ' ' || *line == '\t')
		line++;
	*rest = line;
}

bool dbgcmd_run(struct dbg *d, struct ui_req *ui, const char *line,
		FILE *out)
{
	char word[64], trimmed[512];
	const char *rest;
	const struct dbgcmd *c;
	size_t l;

	snprintf(trimmed, sizeof(trimmed), "%s", line);
	l = strlen(trimmed);
	while (l && (trimmed[l - 1] == ' ' || trimmed[l - 1] == '\n'))
		trimmed[--l] = 0;
	if (!l) {
		if (!ui->repeat[0])
			return true;
		snprintf(trimmed, sizeof(trimmed), "%s", ui->repeat);
	}
	split_first(trimmed, word, sizeof(word), &rest);
	if (word[0] == '#')
		return true;
	c = find(word);
	ui->repeat[0] = 0;
	if (!c) {
		bool ok = dbg_command(d, trimmed) == CMD_OK;

		fflush(out);
		return ok;
	}
	if (c->repeats)
		snprintf(ui->repeat, sizeof(ui->repeat), "%s", trimmed);
	return c->fn(d, ui, rest, out);
}

void dbgcmd_report_stop(struct dbg *d, struct ui_req *ui, enum dbg_stop why,
			FILE *out)
{
	if (why != DBG_STEPPED && d->stop_msg[0])
		fprintf(out, "%s\n", d->stop_msg);
	if (d->has_last && d->last.has_fate &&
	    d->last.fate.fate == FATE_DROPPED)
		fprintf(out, "packet #%u dropped in %s: %s\n", d->last.fate.pkt,
			stage_info((enum stage)d->last.stage)->func,
			drop_reason_name((enum drop_reason)d->last.fate.reason));
	if (ui->ndisplay)
		do_display(d, ui, NULL, out);
}

const char *const *dbgcmd_names(void)
{
	static const char *names[NCMDS + 32];
	const char *const *sc = cmd_names();
	size_t n = 0;

	if (names[0])
		return names;
	for (size_t i = 0; i < NCMDS; i++)
		names[n++] = cmds[i].name;
	for (size_t i = 0; sc[i] && n + 1 < sizeof(names) / sizeof(names[0]);
	     i++)
		names[n++] = sc[i];
	names[n] = NULL;
	return names;
}
