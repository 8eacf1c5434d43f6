/*
 * pane_netfilter.c: the five IPv4 netfilter hooks and the verdict the step
 * just taken got at one of them.  Each hook line says which iptables
 * tables are hooked there (or that none is, and the packet goes straight
 * on), how many packets have passed it and the kernel function that calls
 * it.  While ipt_do_table walks a chain, the lower part lists that chain's
 * rules with their counters, the rule just tested lit with what it did.
 * The kernel log's newest lines (the LOG target's, as dmesg prints them)
 * take the bottom rows once there are any.
 */
#include "pane.h"

#include <stdio.h>
#include <string.h>

#include "../src/cmd_iptables.h"
#include "../src/ip_tables.h"

static const struct nf_hook_row {
	enum nf_hook_id id;
	enum stage stage;         /* the step that runs the hook */
	const char *caller;       /* where Linux calls NF_HOOK for it */
} hook_rows[] = {
	{ NFH_PREROUTING, ST_nf_hook_pre, "ip_rcv" },
	{ NFH_INPUT, ST_nf_hook_in, "ip_local_deliver" },
	{ NFH_FORWARD, ST_nf_hook_fwd, "ip_forward" },
	{ NFH_OUTPUT, ST_nf_hook_out, "__ip_local_out" },
	{ NFH_POSTROUTING, ST_nf_hook_post, "ip_output" },
};

enum { NHOOKS = sizeof(hook_rows) / sizeof(hook_rows[0]), NAME_W = 11,
       COUNT_W = 11, CALLER_W = 20 };

static int cur_left(const struct cursor *k)
{
	return k->end - k->x;
}

static bool hook_is_current(const struct view *v, const struct nf_hook_row *h)
{
	return v->d->has_last && v->d->last.hook == h->id;
}

static const char *verdict_name(enum nf_verdict vd)
{
	if (vd == NFV_NOMATCH)
		return "no match";
	if (vd == NFV_NONE)
		return "->";
	return vd ? nf_verdict_name(vd) : "ACCEPT";
}

static int verdict_role(enum nf_verdict vd)
{
	return vd == NFV_DROP ? ROLE_DROP : vd == NFV_ACCEPT || !vd ?
	       ROLE_ACCEPT : ROLE_NORMAL;
}

/* "packet #3  OUTPUT: ACCEPT (no rules: policy)", or that this step ran
 * no hook; what does not fit whole is left out. */
static void headline_draw(const struct view *v, struct canvas *c,
			  struct rect in)
{
	const struct step *s = &v->d->last;
	struct cursor k = { c, in.y, in.x, in.x + in.w };
	const char *why = view_text(v, " (no rules: policy)",
			     "（无规则：策略）");
	char buf[96];

	if (!v->d->has_last) {
		cursor_put(&k, ROLE_DIM, view_text(v, "no step yet", "还没有执行"));
		return;
	}
	if (!s->pkt) {
		cursor_put(&k, ROLE_DIM, view_text(v, "this step worked on no packet",
					 "这一步没有处理数据包"));
		return;
	}
	snprintf(buf, sizeof(buf), "%s #%u  ", view_text(v, "packet", "数据包"),
		 s->pkt);
	cursor_put(&k, ROLE_TITLE, buf);
	if (!s->hook) {
		snprintf(buf, sizeof(buf),
			 view_text(v, "no hook in this step (%s)",
			    "这一步不经过钩子（%s）"),
			 stage_info((enum stage)s->stage)->func);
		cursor_put(&k, ROLE_DIM, buf);
		return;
	}
	snprintf(buf, sizeof(buf), "%s:",
		 nf_hook_name((enum nf_hook_id)s->hook));
	cursor_put(&k, ROLE_CURRENT, buf);
	cursor_put(&k, ROLE_NORMAL, " ");
	if (s->stage == ST_nf_hook_slow)
		why = view_text(v, " (every table)", "（所有表）");
	if (s->nf_table) {
		snprintf(buf, sizeof(buf), "%s/%s ",
			 ipt_table_name((enum ipt_table)(s->nf_table - 1)),
			 v->w->ipt_chain[s->nf_chain].name);
		cursor_put(&k, ROLE_NORMAL, buf);
		if (s->stage == ST_ipt_do_table) {
			snprintf(buf, sizeof(buf), s->rule ? "rule %d: " :
				 "policy: ", s->rule);
			cursor_put(&k, ROLE_NORMAL, buf);
		}
		why = "";
	}
	cursor_put(&k, verdict_role((enum nf_verdict)s->verdict),
		verdict_name((enum nf_verdict)s->verdict));
	if (cur_left(&k) >= text_width(why))
		cursor_put(&k, ROLE_DIM, why);
}

/* Which columns of the hook lines fit: they drop out from the right. */
struct hook_cols {
	const char *why;          /* before the verdict: "no rules: policy " */
	int mid_w;                /* that column: why, or the longest entry
				     list ("defrag,conntrack,nat") */
	bool count, caller;
};

/* The widest list of entries any hook shows, plus a space. */
static int entries_width(const struct view *v)
{
	char names[48];
	int w = 0;

	for (int i = NFH_PREROUTING; i <= NFH_POSTROUTING; i++) {
		nf_hook_entry_names(v->w, (enum nf_hook_id)i, names,
				    sizeof(names));
		if (names[0] && text_width(names) + 1 > w)
			w = text_width(names) + 1;
	}
	return w;
}

static struct hook_cols hook_cols(const struct view *v, int w)
{
	static const char *const en[] = { "no rules: policy ", "policy ", "" };
	static const char *const zh[] = { "无规则：策略 ", "策略 ",
					  "" };
	struct hook_cols hc = { "", 0, false, false };
	int used, names = entries_width(v);

	for (int i = 0; i < 3; i++) {
		hc.why = v->lang == LANG_ZH_CN ? zh[i] : en[i];
		hc.mid_w = text_width(hc.why) > names ? text_width(hc.why) :
			   names;
		if (NAME_W + 1 + hc.mid_w + 6 <= w)
			break;
	}
	used = NAME_W + 1 + hc.mid_w + 6;
	hc.count = used + COUNT_W <= w;
	hc.caller = hc.count && used + COUNT_W + CALLER_W <= w;
	return hc;
}

/* "PREROUTING  no rules: policy ACCEPT     3 pkts  in ip_rcv" */
static void hook_line(const struct view *v, struct canvas *c, int y,
		      struct rect in, const struct hook_cols *hc,
		      const struct nf_hook_row *h)
{
	bool cur = hook_is_current(v, h);
	enum nf_verdict vd = cur ? (enum nf_verdict)v->d->last.verdict :
			     NFV_ACCEPT;
	struct cursor k = { c, y, in.x, in.x + in.w };
	char buf[64], tables[48];

	snprintf(buf, sizeof(buf), "%-*s", NAME_W, nf_hook_name(h->id));
	cursor_put(&k, cur ? ROLE_CURRENT : ROLE_NORMAL, buf);
	cursor_put(&k, ROLE_NORMAL, " ");
	nf_hook_entry_names(v->w, h->id, tables, sizeof(tables));
	if (tables[0]) {
		snprintf(buf, sizeof(buf), "%-*s", hc->mid_w, tables);
		cursor_put(&k, ROLE_NORMAL, buf);
	} else {
		snprintf(buf, sizeof(buf), "%s%*s", hc->why,
			 hc->mid_w - text_width(hc->why), "");
		cursor_put(&k, ROLE_DIM, buf);
	}
	/* a hook with entries has a verdict only for the packet at it now */
	snprintf(buf, sizeof(buf), "%-6s", tables[0] && !cur ? "" :
		 verdict_name(vd));
	cursor_put(&k, cur ? verdict_role(vd) : ROLE_NORMAL, buf);
	if (hc->count) {
		unsigned n = v->w->stage_hits[h->stage];

		if (v->lang == LANG_ZH_CN)
			snprintf(buf, sizeof(buf), "%6u 个包", n);
		else
			snprintf(buf, sizeof(buf), "%6u %-4s", n,
				 n == 1 ? "pkt" : "pkts");
		cursor_put(&k, ROLE_NORMAL, buf);
	}
	if (hc->caller) {
		snprintf(buf, sizeof(buf), view_text(v, "  in %s", "  在 %s"),
			 h->caller);
		cursor_put(&k, ROLE_DIM, buf);
	}
}

/* Which hooks a packet meets on each of the three paths through IPv4,
 * wrapped under its label when the pane is narrow. */
static void paths_draw(const struct view *v, struct canvas *c, struct rect r)
{
	static const struct {
		const char *en, *zh;
		enum nf_hook_id hook[3];
	} paths[] = {
		{ "local in:  ", "收到本机：",
		  { NFH_PREROUTING, NFH_INPUT } },
		{ "forwarded: ", "转发：    ",
		  { NFH_PREROUTING, NFH_FORWARD, NFH_POSTROUTING } },
		{ "local out: ", "本机发出：",
		  { NFH_OUTPUT, NFH_POSTROUTING } },
	};
	int y = r.y;

	for (int i = 0; i < 3 && y < r.y + r.h; i++, y++) {
		struct cursor k = { c, y, r.x, r.x + r.w };
		int indent;

		cursor_put(&k, ROLE_DIM, v->lang == LANG_ZH_CN ? paths[i].zh :
			paths[i].en);
		indent = k.x - r.x;
		for (int j = 0; j < 3 && paths[i].hook[j]; j++) {
			const char *name = nf_hook_name(paths[i].hook[j]);

			if (j && cur_left(&k) < 3 + text_width(name) &&
			    ++y < r.y + r.h)
				k = (struct cursor){ c, y, r.x + indent,
						     r.x + r.w };
			cursor_put(&k, ROLE_DIM, j ? " > " : "");
			cursor_put(&k, ROLE_DIM, name);
		}
	}
}

/* The newest kernel log lines, oldest first, in the bottom rows of r; the
 * rows taken (0 when the log is empty or r too short). */
static int klog_draw(const struct view *v, struct canvas *c, struct rect r)
{
	const struct nf_log *l = &v->w->nflog;
	uint32_t n = l->count < 3 ? l->count : 3, i;
	char line[NF_LOG_LEN + 32];
	int y;

	if (!n || r.h < 3)
		return 0;
	if ((int)n > r.h - 2)
		n = (uint32_t)(r.h - 2);
	y = r.y + r.h - (int)n - 1;
	canvas_put(c, y++, r.x, r.w, ROLE_TITLE,
		   view_text(v, "dmesg (LOG):", "dmesg（LOG 目标）："));
	for (i = l->count - n; i < l->count; i++)
		if (nf_log_format(l, i, line, sizeof(line)))
			canvas_put(c, y++, r.x, r.w, ROLE_NORMAL, line);
	return (int)n + 1;
}

/* The first hook row shown: all five when they fit, else a window that
 * keeps the lit one in sight. */
static int first_hook(const struct view *v, int rows)
{
	int first = 0;

	if (rows >= NHOOKS)
		return 0;
	for (int i = 0; i < NHOOKS; i++)
		if (hook_is_current(v, &hook_rows[i]) && i >= rows)
			first = i - rows + 1;
	return first;
}

/* One rule as iptables -S writes it, without "-A CHAIN ". */
static void rule_text(const struct world *w, uint32_t h, char *buf, size_t n)
{
	FILE *f = fmemopen(buf, n, "w");
	const char *p;

	buf[0] = 0;
	if (!f)
		return;
	ipt_rule_save(f, w, h, false);
	fclose(f);
	buf[n - 1] = 0;
	buf[strcspn(buf, "\n")] = 0;
	p = strchr(buf + 3, ' ');
	if (p)
		memmove(buf, p + 1, strlen(p + 1) + 1);
}

/* The chain ipt_do_table is walking: its rules, the tested one lit. */
static void rules_draw(const struct view *v, struct canvas *c, struct rect r)
{
	const struct step *s = &v->d->last;
	const struct world *w = v->w;
	const struct ipt_chain *ch = &w->ipt_chain[s->nf_chain];
	uint32_t n = 1;
	int y = r.y;
	char buf[160], text[128];

	snprintf(buf, sizeof(buf), view_text(v, "%s/%s (policy %s, %llu pkts)",
		 "%s/%s（策略 %s，%llu 个包）"),
		 ipt_table_name((enum ipt_table)ch->table), ch->name,
		 ch->hook ? nf_verdict_name((enum nf_verdict)ch->policy) : "-",
		 (unsigned long long)ch->pkts);
	canvas_put(c, y++, r.x, r.w, ROLE_TITLE, buf);
	for (uint32_t h = ch->head; h && y < r.y + r.h;
	     h = w->ipt_rule[h - 1].next, n++) {
		bool lit = s->stage == ST_ipt_do_table && s->rule == (int)n;
		struct cursor k = { c, y++, r.x, r.x + r.w };

		rule_text(w, h, text, sizeof(text));
		snprintf(buf, sizeof(buf), "%2u %5llu  ", n,
			 (unsigned long long)w->ipt_rule[h - 1].pkts);
		cursor_put(&k, lit ? ROLE_CURRENT : ROLE_DIM, buf);
		if (lit) {
			cursor_put(&k, verdict_role((enum nf_verdict)s->verdict),
				   verdict_name((enum nf_verdict)s->verdict));
			cursor_put(&k, ROLE_NORMAL, "  ");
		}
		cursor_put(&k, lit ? ROLE_CURRENT : ROLE_NORMAL, text);
	}
}

static void netfilter_draw(const struct view *v, struct canvas *c,
			   struct rect r)
{
	struct rect in = pane_frame(v, c, r, PANE_NETFILTER);
	struct hook_cols hc = hook_cols(v, in.w);
	int y = in.y, first, left;

	if (in.h <= 0 || in.w <= 0)
		return;
	/* while a table walks a chain, the chain takes the hooks' place */
	if (v->d->has_last && v->d->last.nf_table && in.h >= 2) {
		headline_draw(v, c, in);
		rules_draw(v, c, (struct rect){ in.y + 1, in.x, in.h - 1, in.w });
		return;
	}
	/* the headline goes first when the hooks still fit below it; in a
	 * shorter pane the lit hook line says the same */
	if (in.h > NHOOKS) {
		headline_draw(v, c, in);
		y++;
	}
	first = first_hook(v, in.y + in.h - y);
	for (int i = first; i < NHOOKS && y < in.y + in.h; i++)
		hook_line(v, c, y++, in, &hc, &hook_rows[i]);
	left = in.y + in.h - y - klog_draw(v, c, (struct rect){ y, in.x,
					   in.y + in.h - y, in.w });
	if (left >= 4)
		paths_draw(v, c, (struct rect){ y + 1, in.x, left - 1, in.w });
}

const struct pane_ops pane_netfilter = {
	.name = "netfilter",
	.title_en = "Netfilter",
	.title_zh = "Netfilter 钩子",
	.draw = netfilter_draw,
};
