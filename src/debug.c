/* debug.c: the debugger's model; see debug.h. */
#include "debug.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "ip_tables.h"
#include "pkt.h"
#include "replay.h"
#include "stages.h"

/* Checkpoints: 512 of them, one per 256 steps to begin with, so going back
 * re-runs at most a few hundred steps until the session is very long. */
#define HIST_MAX 512
#define HIST_INTERVAL 256

/* The kernel log lines a step taken for the first time wrote: going back
 * and forth again never prints a line twice. */
static void klog_step(struct dbg *d, const struct world *w)
{
	const struct nf_log *l = &w->nflog;
	uint32_t first = l->count > NF_LOG_LINES ? l->count - NF_LOG_LINES : 0;
	char line[NF_LOG_LEN + 32];

	if (!d->klog || w->step_no <= d->klog_hwm)
		return;
	for (uint32_t i = first; i < l->count; i++)
		if (l->line[i % NF_LOG_LINES].step > d->klog_hwm &&
		    nf_log_format(l, i, line, sizeof(line)))
			fprintf(d->klog, "%s\n", line);
	d->klog_hwm = w->step_no;
}

static void dbg_sink(void *arg, const struct world *w, const struct step *s)
{
	struct dbg *d = arg;

	d->last = *s;
	d->has_last = true;
	if (d->taps)
		tap_io_step(d->taps, w, s);
	klog_step(d, w);
}

bool dbg_init(struct dbg *d, struct world *w, struct cmd_ctx *ctx,
	      struct script *sc)
{
	memset(d, 0, sizeof(*d));
	d->w = w;
	d->ctx = ctx;
	d->next_id = 1;
	d->first_step = w->step_no;
	d->klog_hwm = w->step_no;    /* the setup's lines are dmesg's only */
	ctx->sink.fn = dbg_sink;
	ctx->sink.arg = d;
	ctx->settle = false;
	if (sc) {
		d->script = *sc;
		memset(sc, 0, sizeof(*sc));
	}
	d->script_ran_at = calloc(d->script.n + 1, sizeof(uint64_t));
	d->hist = history_new(HIST_MAX, HIST_INTERVAL);
	if (!d->hist || !d->script_ran_at || !history_save(d->hist, w, true)) {
		dbg_free(d);
		return false;
	}
	return true;
}

void dbg_free(struct dbg *d)
{
	for (int i = 0; i < d->nbrk; i++)
		if (d->brk[i].compiled) {
			pcap_freecode(&d->brk[i].on_eth);
			pcap_freecode(&d->brk[i].on_ip);
		}
	history_free(d->hist);
	while (d->nlog)
		free(d->log[--d->nlog].line);
	free(d->log);
	free(d->path);
	d->log = NULL;
	d->path = NULL;
	free(d->script_ran_at);
	script_free(&d->script);
	d->hist = NULL;
	d->script_ran_at = NULL;
	d->nbrk = 0;
}

void dbg_world_changed(struct dbg *d)
{
	history_save(d->hist, d->w, true);
}

static void log_command(struct dbg *d, const char *line)
{
	if (d->nlog == d->log_cap) {
		size_t cap = d->log_cap ? d->log_cap * 2 : 16;
		struct dbg_cmd_log *nl = realloc(d->log, cap * sizeof(*nl));

		if (!nl)
			return;
		d->log = nl;
		d->log_cap = cap;
	}
	d->log[d->nlog].line = strdup(line);
	d->log[d->nlog].at = d->w->step_no;
	if (d->log[d->nlog].line)
		d->nlog++;
}

/* A command typed in the past may send the world another way: tcpdump
 * and the kernel log print what follows again, as a new run would
 * (tap.h). */
static void tap_new_path(struct dbg *d, const struct world *before)
{
	if (!before || world_equal(before, d->w))
		return;
	if (d->taps)
		tap_io_timeline(d->taps, d->w->step_no);
	if (d->klog_hwm > d->w->step_no)
		d->klog_hwm = d->w->step_no;
}

enum cmd_status dbg_command(struct dbg *d, const char *line)
{
	struct world *before = NULL;
	enum cmd_status st;

	if (((d->taps && d->taps->hwm > d->w->step_no) ||
	     d->klog_hwm > d->w->step_no) && (before = world_new()))
		world_clone(before, d->w);
	st = scenario_run_line(d->w, d->ctx, NULL, line);
	if (before) {
		tap_new_path(d, before);
		world_free(before);
	}
	if (st == CMD_OK)
		log_command(d, line);
	dbg_world_changed(d);
	return st;
}

enum cmd_status dbg_query(struct dbg *d, const char *line)
{
	return scenario_run_line(d->w, d->ctx, NULL, line);
}

bool dbg_feed_script(struct dbg *d)
{
	bool ran = false;

	while (d->script_pos < d->script.n && !d->script_failed &&
	       engine_settled(d->w)) {
		const struct script_line *l = &d->script.v[d->script_pos];

		d->script_ran_at[d->script_pos++] = d->w->step_no;
		ran = true;
		if (scenario_run_line(d->w, d->ctx, l->where, l->line) ==
		    CMD_USAGE)
			d->script_failed = true;
	}
	if (ran)
		dbg_world_changed(d);
	return !d->script_failed;
}

/* Lines that ran at or after step `no` have not run in a world taken back
 * to before it. */
static void script_rewind(struct dbg *d, uint64_t no)
{
	while (d->script_pos && d->script_ran_at[d->script_pos - 1] >= no)
		d->script_pos--;
	d->script_failed = false;
	while (d->nlog && d->log[d->nlog - 1].at >= no)
		free(d->log[--d->nlog].line);
}

static void path_note(struct dbg *d, const struct step *s)
{
	if (s->no >= d->path_cap) {
		uint64_t cap = d->path_cap ? d->path_cap * 2 : 4096;
		uint16_t *np;

		while (cap <= s->no)
			cap *= 2;
		if (!(np = realloc(d->path, cap * sizeof(*np))))
			return;
		d->path = np;
		d->path_cap = cap;
	}
	d->path[s->no] = s->stage;
}

/* ---- stop conditions ---- */

/* The bytes a filter sees: from the MAC header when the skb has one in
 * front of its data, else from the network header. */
static bool skb_filter_match(const struct dbg_break *b, const struct world *w,
			     const struct step *s)
{
	const struct sk_buff *skb;
	struct pcap_pkthdr ph = { 0 };
	const struct bpf_program *prog;
	uint32_t off;

	if (!s->has_skb || !s->view_skb ||
	    !pool_is_used(&w->skb_pool, w->skb_next, s->view_skb))
		return false;
	skb = &w->skb[s->view_skb - 1];
	if (skb->pkt != s->pkt)
		return false;
	if (skb->mac_header != SKB_NO_HDR && skb->mac_header <= skb->data) {
		off = skb->mac_header;
		prog = &b->on_eth;
	} else if (skb->network_header != SKB_NO_HDR) {
		off = skb->network_header;
		prog = &b->on_ip;
	} else {
		off = skb->data;
		prog = &b->on_eth;
	}
	if (off > skb->tail)
		return false;
	ph.caplen = ph.len = skb->tail - off;
	return pcap_offline_filter(prog, &ph, skb->buf + off) != 0;
}

static bool break_matches(const struct dbg_break *b, const struct world *w,
			  const struct step *s)
{
	if (!b->enabled)
		return false;
	switch (b->kind) {
	case BRK_FUNC:
		return !strcmp(stage_info((enum stage)s->stage)->func, b->func);
	case BRK_DROP:
		return s->has_fate && s->fate.fate == FATE_DROPPED &&
		       (!b->reason || s->fate.reason == b->reason);
	default:
		return skb_filter_match(b, w, s);
	}
}

static int break_hit(struct dbg *d, const struct step *s)
{
	for (int i = 0; i < d->nbrk; i++)
		if (break_matches(&d->brk[i], d->w, s))
			return i;
	return -1;
}

uint64_t dbg_watch_value(const struct dbg *d, const struct dbg_watch *wt)
{
	const struct world *w = d->w;
	uint64_t v = 0;
	uint32_t h;

	switch (wt->kind) {
	case WATCH_COUNTER:
		world_counter(w, wt->name, &v);
		return v;
	case WATCH_RX_RING:
		return w->dev[wt->dev].nic.rx_count;
	case WATCH_TX_RING:
		return w->dev[wt->dev].nic.tx_count;
	case WATCH_BACKLOG:
		return w->softnet.backlog.qlen;
	case WATCH_SOCKET:
		h = sock_by_name(w, wt->name);
		return h ? w->sock[h - 1].rq.qlen : 0;
	case WATCH_QDISC: {
		const struct qdisc *q = &w->dev[wt->dev].qdisc;

		return q->band[0].qlen + q->band[1].qlen + q->band[2].qlen;
	}
	default:
		for (h = 1; h <= w->neigh_pool.hwm; h++)
			if (pool_is_used(&w->neigh_pool, w->neigh_next, h) &&
			    w->neigh[h - 1].key == wt->addr)
				return w->neigh[h - 1].arp_queue.qlen;
		return 0;
	}
}

/* The first watch whose value moved since it was last looked at. */
static int watch_hit(struct dbg *d)
{
	int hit = -1;

	for (int i = 0; i < d->nwatch; i++) {
		uint64_t v = dbg_watch_value(d, &d->watch[i]);

		if (v != d->watch[i].old && hit < 0)
			hit = i;
		d->watch[i].old = v;
	}
	return hit;
}

static void watch_sync(struct dbg *d)
{
	for (int i = 0; i < d->nwatch; i++)
		d->watch[i].old = dbg_watch_value(d, &d->watch[i]);
}

/* ---- moving forward ---- */

/* One engine step, recorded in history (save) or not (a search). */
static bool run_one(struct dbg *d, struct step *s, bool save)
{
	if (save && !dbg_feed_script(d))
		return false;
	if (d->ctx->replay)          /* after the script: it may start one */
		replay_feed(d->ctx->replay, d->w);
	if (!engine_step(d->w, s, UINT64_MAX))
		return false;
	if (save) {
		history_after_step(d->hist, d->w);
		path_note(d, s);
		if (d->taps)
			tap_io_step(d->taps, d->w, s);
		klog_step(d, d->w);
	}
	return true;
}

/* What a forward move is looking for, besides breakpoints. */
struct goal {
	enum { G_STEPS, G_NEXT, G_FINISH, G_NONE } kind;
	uint64_t n;                  /* G_STEPS, G_NEXT: how many */
	uint8_t ctx, depth;          /* the frame it started in */
};

static bool goal_reached(struct goal *g, const struct world *w,
			 const struct step *s)
{
	switch (g->kind) {
	case G_STEPS:
		return --g->n == 0;
	case G_NEXT:
		if ((s->ctx == g->ctx && s->depth <= g->depth) ||
		    !w->task[g->ctx].active) {
			g->depth = s->ctx == g->ctx ? s->depth : g->depth;
			return --g->n == 0;
		}
		return false;
	case G_FINISH:
		return (s->ctx == g->ctx && s->depth < g->depth) ||
		       !w->task[g->ctx].active;
	default:
		return false;
	}
}

static enum dbg_stop stopped(struct dbg *d, enum dbg_stop why, int idx)
{
	d->stop_id = 0;
	d->stop_msg[0] = 0;
	if (why == DBG_BREAKPOINT && idx < 0) {
		return why;
	} else if (why == DBG_BREAKPOINT) {
		d->brk[idx].hits++;
		d->stop_id = d->brk[idx].id;
		snprintf(d->stop_msg, sizeof(d->stop_msg), "Breakpoint %d, %s",
			 d->brk[idx].id, d->brk[idx].text);
	} else if (why == DBG_WATCHPOINT) {
		d->watch[idx].hits++;
		d->stop_id = d->watch[idx].id;
		snprintf(d->stop_msg, sizeof(d->stop_msg),
			 "Watchpoint %d: %s = %llu", d->watch[idx].id,
			 d->watch[idx].text,
			 (unsigned long long)d->watch[idx].old);
	} else if (why == DBG_IDLE) {
		snprintf(d->stop_msg, sizeof(d->stop_msg), "%s",
			 d->script_failed ? "The scenario stopped at a line "
			 "that failed." : "Nothing left to run: the host is "
			 "idle (inject or send more traffic).");
	} else if (why == DBG_AT_START) {
		snprintf(d->stop_msg, sizeof(d->stop_msg),
			 "No more reverse-execution history.");
	} else if (why == DBG_LIMIT) {
		snprintf(d->stop_msg, sizeof(d->stop_msg),
			 "Stopped after %llu steps.",
			 (unsigned long long)DBG_MAX_RUN);
	}
	return why;
}

static bool hook_stop(struct dbg *d, const struct step *s)
{
	char msg[sizeof(d->stop_msg)] = "";

	if (!d->stop_hook(d->stop_arg, d->w, s, msg, sizeof(msg)))
		return false;
	stopped(d, DBG_BREAKPOINT, -1);
	snprintf(d->stop_msg, sizeof(d->stop_msg), "%s", msg);
	return true;
}

static enum dbg_stop forward(struct dbg *d, struct goal g)
{
	struct step s;
	uint64_t taken = 0;
	int b, wt;

	watch_sync(d);
	for (;;) {
		if (!run_one(d, &s, true))
			return stopped(d, DBG_IDLE, 0);
		d->last = s;
		d->has_last = true;
		b = break_hit(d, &s);
		wt = watch_hit(d);
		if (b >= 0)
			return stopped(d, DBG_BREAKPOINT, b);
		if (wt >= 0)
			return stopped(d, DBG_WATCHPOINT, wt);
		if (d->stop_hook && hook_stop(d, &s))
			return DBG_BREAKPOINT;
		if (goal_reached(&g, d->w, &s))
			return stopped(d, DBG_STEPPED, 0);
		if (++taken >= DBG_MAX_RUN)
			return stopped(d, DBG_LIMIT, 0);
	}
}

static struct goal frame_goal(const struct dbg *d, int kind, uint64_t n)
{
	struct goal g = { .kind = kind, .n = n ? n : 1 };

	if (!d->has_last)
		g.kind = G_STEPS;
	g.ctx = d->last.ctx;
	g.depth = d->last.depth;
	return g;
}

enum dbg_stop dbg_step(struct dbg *d, uint64_t n)
{
	return forward(d, (struct goal){ .kind = G_STEPS, .n = n ? n : 1 });
}

enum dbg_stop dbg_next(struct dbg *d, uint64_t n)
{
	return forward(d, frame_goal(d, G_NEXT, n));
}

enum dbg_stop dbg_finish(struct dbg *d)
{
	return forward(d, frame_goal(d, G_FINISH, 1));
}

enum dbg_stop dbg_continue(struct dbg *d)
{
	return forward(d, (struct goal){ .kind = G_NONE });
}

/* ---- moving backward ---- */

/* To step `no` exactly; restore: even when it lies ahead (the world is
 * somewhere else after a search). */
static enum dbg_stop go_to(struct dbg *d, uint64_t no, bool restore)
{
	struct step s;
	uint64_t first = history_first_step(d->hist);

	if (no <= first) {
		history_restore_before(d->hist, d->w, first + 1);
		script_rewind(d, first + 1);
		d->has_last = false;
		watch_sync(d);
		return stopped(d, DBG_STEPPED, 0);
	}
	if (restore || no < d->w->step_no || !d->has_last) {
		history_restore_before(d->hist, d->w, no);
		script_rewind(d, d->w->step_no + 1);
	}
	while (d->w->step_no < no) {
		if (!run_one(d, &s, true))
			break;
		d->last = s;
		d->has_last = true;
	}
	watch_sync(d);
	return stopped(d, DBG_STEPPED, 0);
}

enum dbg_stop dbg_goto(struct dbg *d, uint64_t no)
{
	return go_to(d, no, false);
}

enum dbg_stop dbg_reverse_step(struct dbg *d, uint64_t n)
{
	uint64_t now = d->w->step_no, first = history_first_step(d->hist);
	uint64_t target = now - first > n ? now - n : first;
	enum dbg_stop st = go_to(d, target, false);

	return now - first <= n ? stopped(d, DBG_AT_START, 0) : st;
}

/* What a backward search is looking for: the latest step before `before`
 * that satisfies it. */
struct back_goal {
	enum { B_FRAME, B_CALLER, B_BREAK } kind;
	uint8_t ctx, depth;
};

static bool back_match(struct dbg *d, const struct back_goal *g,
		       const struct step *s, bool watch_moved)
{
	switch (g->kind) {
	case B_FRAME:
		return s->ctx == g->ctx && s->depth <= g->depth;
	case B_CALLER:
		return s->ctx == g->ctx && s->depth < g->depth;
	default:
		return watch_moved || break_hit(d, s) >= 0;
	}
}

/* Re-runs the history segment by segment, newest first, without keeping
 * checkpoints; returns the step number found (examining steps below
 * `before`), 0 for none.  Leaves the world somewhere in the past. */
static uint64_t search_back(struct dbg *d, const struct back_goal *g,
			    uint64_t before)
{
	uint64_t end = before, found = 0, from;
	struct step s;

	/* a segment starts at a checkpoint below end - 1 and examines the
	 * steps up to end - 1; no command ran inside it (each is pinned) */
	while (!found && end > 1 &&
	       history_peek_before(d->hist, d->w, end - 1, &from)) {
		script_rewind(d, from + 1);
		watch_sync(d);
		while (d->w->step_no + 1 < end && run_one(d, &s, false))
			if (back_match(d, g, &s, watch_hit(d) >= 0))
				found = s.no;
		end = from + 1;
	}
	return found;
}

static enum dbg_stop reverse_to(struct dbg *d, const struct back_goal *g)
{
	uint64_t found = search_back(d, g, d->w->step_no);
	int b;

	if (!found) {
		go_to(d, history_first_step(d->hist), true);
		return stopped(d, DBG_AT_START, 0);
	}
	go_to(d, found, true);
	if (g->kind == B_BREAK && (b = break_hit(d, &d->last)) >= 0)
		return stopped(d, DBG_BREAKPOINT, b);
	return stopped(d, DBG_STEPPED, 0);
}

static struct back_goal back_frame_goal(const struct dbg *d, int kind)
{
	struct back_goal g = { .kind = kind };

	g.ctx = d->last.ctx;
	g.depth = d->last.depth;
	return g;
}

enum dbg_stop dbg_reverse_next(struct dbg *d, uint64_t n)
{
	enum dbg_stop st = DBG_STEPPED;

	if (!d->has_last)
		return stopped(d, DBG_AT_START, 0);
	for (uint64_t i = 0; i < (n ? n : 1) && st == DBG_STEPPED; i++) {
		struct back_goal g = back_frame_goal(d, B_FRAME);

		st = reverse_to(d, &g);
	}
	return st;
}

enum dbg_stop dbg_reverse_finish(struct dbg *d)
{
	struct back_goal g;

	if (!d->has_last)
		return stopped(d, DBG_AT_START, 0);
	g = back_frame_goal(d, B_CALLER);
	return reverse_to(d, &g);
}

enum dbg_stop dbg_reverse_continue(struct dbg *d)
{
	struct back_goal g = { .kind = B_BREAK };

	if (!d->has_last)
		return stopped(d, DBG_AT_START, 0);
	return reverse_to(d, &g);
}

/* ---- breakpoints and watchpoints ---- */

static bool compile_filter(struct dbg_break *b, const char *expr, char *err,
			   size_t n)
{
	pcap_t *eth = pcap_open_dead(DLT_EN10MB, 65535);
	pcap_t *raw = pcap_open_dead(DLT_RAW, 65535);
	bool ok = eth && raw;

	if (ok && pcap_compile(eth, &b->on_eth, expr, 1,
			       PCAP_NETMASK_UNKNOWN) < 0) {
		snprintf(err, n, "%s", pcap_geterr(eth));
		ok = false;
	} else if (ok && pcap_compile(raw, &b->on_ip, expr, 1,
				      PCAP_NETMASK_UNKNOWN) < 0) {
		snprintf(err, n, "%s", pcap_geterr(raw));
		pcap_freecode(&b->on_eth);
		ok = false;
	}
	if (eth)
		pcap_close(eth);
	if (raw)
		pcap_close(raw);
	b->compiled = ok;
	return ok;
}

int dbg_break_add(struct dbg *d, const char *spec, char *err, size_t n)
{
	struct dbg_break b = { .enabled = true };

	while (*spec == ' ')
		spec++;
	if (!*spec) {
		snprintf(err, n, "usage: break FUNC | break drop [REASON] | "
			 "break if PCAP-FILTER");
		return -1;
	}
	if (d->nbrk == DBG_MAX_BREAKS) {
		snprintf(err, n, "too many breakpoints (at most %d)",
			 DBG_MAX_BREAKS);
		return -1;
	}
	snprintf(b.text, sizeof(b.text), "%s", spec);
	if (!strncmp(spec, "if ", 3)) {
		b.kind = BRK_FILTER;
		if (!compile_filter(&b, spec + 3, err, n))
			return -1;
	} else if (!strcmp(spec, "drop") || !strncmp(spec, "drop ", 5)) {
		const char *r = spec + 4 + strspn(spec + 4, " ");

		b.kind = BRK_DROP;
		if (*r) {
			enum drop_reason dr = drop_reason_by_name(r);

			if (dr == DROP_NONE) {
				snprintf(err, n, "No drop reason \"%s\" "
					 "(names as in enum skb_drop_reason, "
					 "without SKB_DROP_REASON_).", r);
				return -1;
			}
			b.reason = (uint8_t)dr;
		}
	} else {
		if (stage_by_func(spec) == STAGE_NONE) {
			snprintf(err, n, "Function \"%s\" not defined.", spec);
			return -1;
		}
		b.kind = BRK_FUNC;
		snprintf(b.func, sizeof(b.func), "%s", spec);
	}
	b.id = d->next_id++;
	d->brk[d->nbrk++] = b;
	return b.id;
}

static bool parse_watch(struct dbg *d, struct dbg_watch *wt, const char *spec,
			char *err, size_t n)
{
	char a[64] = "", b[64] = "", c[64] = "";
	int k = sscanf(spec, "%63s %63s %63s", a, b, c);
	uint64_t v;

	if (k == 1 && !strcmp(a, "backlog")) {
		wt->kind = WATCH_BACKLOG;
	} else if (k == 3 && !strcmp(a, "ring") &&
		   (!strcmp(c, "rx") || !strcmp(c, "tx"))) {
		wt->kind = c[0] == 'r' ? WATCH_RX_RING : WATCH_TX_RING;
		wt->dev = dev_by_name(d->w, b);
	} else if (k == 2 && !strcmp(a, "qdisc")) {
		wt->kind = WATCH_QDISC;
		wt->dev = dev_by_name(d->w, b);
	} else if (k == 2 && !strcmp(a, "socket")) {
		wt->kind = WATCH_SOCKET;
		if (!sock_by_name(d->w, b)) {
			snprintf(err, n, "No socket \"%s\".", b);
			return false;
		}
		snprintf(wt->name, sizeof(wt->name), "%s", b);
		return true;
	} else if (k == 2 && !strcmp(a, "neigh")) {
		wt->kind = WATCH_NEIGH;
		if (!ip_parse(b, &wt->addr)) {
			snprintf(err, n, "\"%s\" is not an IPv4 address.", b);
			return false;
		}
		return true;
	} else if (k == 1 && world_counter(d->w, a, &v)) {
		wt->kind = WATCH_COUNTER;
		snprintf(wt->name, sizeof(wt->name), "%s", a);
		return true;
	} else {
		snprintf(err, n, "No symbol \"%s\" in current context (watch "
			 "COUNTER | ring DEV rx|tx | backlog | socket NAME | "
			 "qdisc DEV | neigh ADDR).", spec);
		return false;
	}
	if ((wt->kind == WATCH_RX_RING || wt->kind == WATCH_TX_RING ||
	     wt->kind == WATCH_QDISC) && (!wt->dev ||
	     d->w->dev[wt->dev].kind != DEV_ETHER)) {
		snprintf(err, n, "No NIC \"%s\".", b);
		return false;
	}
	return true;
}

int dbg_watch_add(struct dbg *d, const char *spec, char *err, size_t n)
{
	struct dbg_watch wt = { 0 };

	while (*spec == ' ')
		spec++;
	if (d->nwatch == DBG_MAX_WATCHES) {
		snprintf(err, n, "too many watchpoints (at most %d)",
			 DBG_MAX_WATCHES);
		return -1;
	}
	if (!parse_watch(d, &wt, spec, err, n))
		return -1;
	snprintf(wt.text, sizeof(wt.text), "%s", spec);
	wt.id = d->next_id++;
	wt.old = dbg_watch_value(d, &wt);
	d->watch[d->nwatch++] = wt;
	return wt.id;
}

bool dbg_delete(struct dbg *d, int id)
{
	bool found = false;
	int k = 0;

	for (int i = 0; i < d->nbrk; i++) {
		if (id < 0 || d->brk[i].id == id) {
			if (d->brk[i].compiled) {
				pcap_freecode(&d->brk[i].on_eth);
				pcap_freecode(&d->brk[i].on_ip);
			}
			found = true;
			continue;
		}
		d->brk[k++] = d->brk[i];
	}
	d->nbrk = k;
	k = 0;
	for (int i = 0; i < d->nwatch; i++) {
		if (id < 0 || d->watch[i].id == id) {
			found = true;
			continue;
		}
		d->watch[k++] = d->watch[i];
	}
	d->nwatch = k;
	return found || id < 0;
}

enum dbg_stop dbg_rerun(struct dbg *d)
{
	uint64_t end = d->w->step_no, first = history_first_step(d->hist);
	size_t n = d->nlog;
	struct dbg_cmd_log *cmds = d->log;
	uint16_t *old = malloc((end + 1) * sizeof(*old));
	struct step s;

	if (!old || (end && (!d->path || d->path_cap <= end))) {
		free(old);
		return stopped(d, DBG_IDLE, 0);
	}
	if (end)
		memcpy(old, d->path, (end + 1) * sizeof(*old));
	d->log = NULL;           /* keep the commands through the rewind */
	d->nlog = d->log_cap = 0;
	go_to(d, first, true);
	for (size_t i = 0; i < n; i++) {
		dbg_command(d, cmds[i].line);
		free(cmds[i].line);
	}
	free(cmds);
	while (d->w->step_no < end && run_one(d, &s, true)) {
		d->last = s;
		d->has_last = true;
		if (s.stage != old[s.no]) {
			stopped(d, DBG_BREAKPOINT, -1);
			snprintf(d->stop_msg, sizeof(d->stop_msg),
				 "The path differs at step %llu: it ran %s, "
				 "now %s.", (unsigned long long)s.no,
				 stage_info((enum stage)old[s.no])->func,
				 stage_info((enum stage)s.stage)->func);
			free(old);
			return DBG_BREAKPOINT;
		}
	}
	free(old);
	stopped(d, DBG_STEPPED, 0);
	snprintf(d->stop_msg, sizeof(d->stop_msg), "The same path for all "
		 "%llu steps.", (unsigned long long)(d->w->step_no - first));
	return DBG_STEPPED;
}

const char *dbg_stop_name(enum dbg_stop s)
{
	static const char *const names[] = {
		"stepped", "breakpoint", "watchpoint", "idle", "at-start",
		"limit",
	};

	return s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}
