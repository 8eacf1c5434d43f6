/*
 * cmd_iprule.c: `ip rule add|del|flush|show` (iproute2 6.1 iprule.c) over
 * the policy rules of fib_rules.c: its keywords, its printing and the
 * kernel's answers.
 */
#include <stdio.h>
#include <string.h>

#include "cmd_ip.h"
#include "devinet.h"
#include "pkt.h"
#include "route.h"

const struct ip_kw rule_verbs[] = {
	{ "add", true, V_ADD }, { "delete", true, V_DEL },
	{ "flush", true, V_FLUSH }, { "list", true, V_SHOW },
	{ "lst", true, V_SHOW }, { "show", true, V_SHOW },
	{ "save", true, V_NOT_MODELLED }, { "restore", true, V_NOT_MODELLED },
	{ "help", true, V_NOT_MODELLED }, { NULL, false, 0 },
};

static const struct rt_name rule_actions[] = {
	{ FR_ACT_TO_TBL, "unicast" }, { FR_ACT_BLACKHOLE, "blackhole" },
	{ FR_ACT_UNREACHABLE, "unreachable" },
	{ FR_ACT_PROHIBIT, "prohibit" }, { 0, NULL },
};

/* print_rule() */
static void rule_print(FILE *out, const struct world *w,
		       const struct fib_rule *r)
{
	char a[16], n[12];

	fprintf(out, "%u:\t%s", r->pref, r->invert ? "not " : "");
	if (r->src_len)
		fprintf(out, "from %s", ip_fmt(r->src, a));
	else
		fputs("from all", out);
	if (r->src_len && r->src_len != 32)
		fprintf(out, "/%u", r->src_len);
	if (r->dst_len) {
		fprintf(out, " to %s", ip_fmt(r->dst, a));
		if (r->dst_len != 32)
			fprintf(out, "/%u", r->dst_len);
	}
	if (r->mark || r->mark_mask) {
		fprintf(out, r->mark ? " fwmark %#x" : " fwmark %x", r->mark);
		if (r->mark_mask != 0xffffffffu)
			fprintf(out, "/%#x", r->mark_mask);
	}
	if (r->iif[0])
		fprintf(out, " iif %s%s", r->iif,
			dev_by_name(w, r->iif) ? "" : " [detached]");
	if (r->oif[0])
		fprintf(out, " oif %s%s", r->oif,
			dev_by_name(w, r->oif) ? "" : " [detached]");
	if (r->action == FR_ACT_TO_TBL)
		fprintf(out, " lookup %s", rt_name_of(rt_tables, r->table, n));
	else
		fprintf(out, " %s", rt_name_of(rule_actions, r->action, n));
	fputc('\n', out);
}

/* What `ip rule add|del` was given. */
struct rule_req {
	struct fib_rule r;
	struct fib_rule_given g;
};

static enum cmd_status rule_prefix(struct cmd_ctx *c, const char *v,
				   uint32_t *addr, uint8_t *len)
{
	bool has_len;
	int plen;

	if (!prefix_parse(v, true, addr, &plen, &has_len))
		return bad_prefix(c, true, v);
	*len = (uint8_t)plen;
	return CMD_OK;
}

static enum cmd_status rule_u32(struct cmd_ctx *c, const char *v,
				const char *why, uint32_t *out)
{
	uint64_t u;

	if (!parse_u64(v, 0, 0xffffffffu, &u))
		return invalid(c, why, v);
	*out = (uint32_t)u;
	return CMD_OK;
}

static enum cmd_status rule_fwmark(struct cmd_ctx *c, char *v,
				   struct rule_req *q)
{
	char *slash = strchr(v, '/');
	enum cmd_status st;

	if (slash)
		*slash = '\0';
	if ((st = rule_u32(c, v, "fwmark value is invalid\n", &q->r.mark)))
		return st;
	q->r.mark_mask = q->r.mark ? 0xffffffffu : 0;
	if (slash && (st = rule_u32(c, slash + 1, "fwmask value is invalid\n",
				    &q->r.mark_mask)))
		return st;
	q->g.mark = true;
	return CMD_OK;
}

static enum cmd_status rule_dev(struct cmd_ctx *c, const char *v, char *dst,
				bool *given)
{
	if (strlen(v) >= IFNAMSIZ || !*v || strchr(v, '/') || strchr(v, ' '))
		return invalid(c, "\"iif\"/\"dev\" not a valid ifname", v);
	strcpy(dst, v);
	*given = true;
	return CMD_OK;
}

static enum cmd_status rule_action(struct cmd_ctx *c, const char *v,
				   struct rule_req *q)
{
	uint32_t a;

	if (matches(v, "goto") || matches(v, "nop"))
		return not_modelled(c, "ip rule", v);
	if (!rt_name_parse(rule_actions, v, 0, &a))
		return invalid(c, "Failed to parse rule type", v);
	q->r.action = (uint8_t)a;
	q->g.action = true;
	return CMD_OK;
}

static enum cmd_status rule_table(struct cmd_ctx *c, const char *v,
				  struct rule_req *q)
{
	if (!rt_name_parse(rt_tables, v, 0xffffffffu, &q->r.table))
		return invalid(c, "invalid table ID\n", v);
	q->g.table = true;
	return CMD_OK;
}

/* One keyword of iprule_modify(), in its order; *i moves past values. */
static enum cmd_status rule_word(struct cmd_ctx *c, int argc, char **argv,
				 int *i, struct rule_req *q)
{
	const char *k = argv[*i];
	static const char *const unmodelled[] = {
		"tos", "dsfield", "realms", "protocol", "suppress_prefixlength",
		"sup_pl", "suppress_ifgroup", "sup_group", "l3mdev",
		"uidrange", "ipproto", "sport", "dport", NULL };

	if (!strcmp(k, "not")) {
		q->r.invert = true;
		return CMD_OK;
	}
	for (int u = 0; unmodelled[u]; u++)
		if (!strcmp(k, unmodelled[u]))
			return not_modelled(c, "ip rule", k);
	if (!strcmp(k, "type") && !next_arg(c, argc, argv, i))
		return CMD_USAGE;
	if (!strcmp(k, "from") || !strcmp(k, "to") || matches(k, "preference") ||
	    matches(k, "order") || matches(k, "priority") ||
	    !strcmp(k, "fwmark") || matches(k, "table") ||
	    !strcmp(k, "lookup") || !strcmp(k, "dev") || !strcmp(k, "iif") ||
	    !strcmp(k, "oif")) {
		char *v = (char *)next_arg(c, argc, argv, i);

		if (!v)
			return CMD_USAGE;
		if (!strcmp(k, "from")) {
			q->g.src = true;
			return rule_prefix(c, v, &q->r.src, &q->r.src_len);
		}
		if (!strcmp(k, "to")) {
			q->g.dst = true;
			return rule_prefix(c, v, &q->r.dst, &q->r.dst_len);
		}
		if (!strcmp(k, "fwmark"))
			return rule_fwmark(c, v, q);
		if (matches(k, "table") || !strcmp(k, "lookup"))
			return rule_table(c, v, q);
		if (!strcmp(k, "oif"))
			return rule_dev(c, v, q->r.oif, &q->g.oif);
		if (!strcmp(k, "dev") || !strcmp(k, "iif"))
			return rule_dev(c, v, q->r.iif, &q->g.iif);
		q->g.pref = true;
		return rule_u32(c, v, "preference value is invalid\n",
				&q->r.pref);
	}
	return rule_action(c, argv[*i], q);
}

static enum cmd_status rule_modify(struct world *w, struct cmd_ctx *c,
				   bool add, int argc, char **argv)
{
	struct rule_req q = { .r = { .action = add ? FR_ACT_TO_TBL : 0 } };
	enum cmd_status st;

	if (!argc) {
		cmd_error(c, "\"ip rule %s\" requires arguments.",
			  add ? "add" : "del");
		return CMD_USAGE;
	}
	for (int i = 0; i < argc; i++)
		if ((st = rule_word(c, argc, argv, &i, &q)))
			return st;
	/* the kernel compares a prefix only when it has a length */
	q.g.src = q.r.src_len > 0;
	q.g.dst = q.r.dst_len > 0;
	if (add) {
		if (!q.g.table && q.r.action == FR_ACT_TO_TBL)
			q.r.table = RT_TABLE_MAIN;
		if (!q.g.table && q.r.action != FR_ACT_TO_TBL)
			q.r.table = 0;
		q.r.src &= inet_make_mask(q.r.src_len);
		q.r.dst &= inet_make_mask(q.r.dst_len);
		switch (fib_rule_add(w, &q.r, q.g.pref)) {
		case 0:
			return CMD_OK;
		case -17:
			cmd_error(c, "RTNETLINK answers: File exists");
			return CMD_FAIL;
		default:
			cmd_error(c, "RTNETLINK answers: No buffer space "
				  "available");
			return CMD_FAIL;
		}
	}
	if (fib_rule_del(w, &q.r, &q.g)) {
		cmd_error(c, "RTNETLINK answers: No such file or directory");
		return CMD_FAIL;
	}
	return CMD_OK;
}

/* `ip rule flush` deletes every rule but the one of pref 0. */
static void rule_flush(struct world *w)
{
	struct fib_rule_given g = { .pref = true };

	while (w->nrules && w->rule[w->nrules - 1].pref)
		fib_rule_del(w, &w->rule[w->nrules - 1], &g);
}

enum cmd_status ip_rule(struct world *w, struct cmd_ctx *c,
			const struct ip_opts *o, int verb, int argc,
			char **argv)
{
	(void)o;
	switch (verb) {
	case V_SHOW:
		if (argc)
			return not_modelled(c, "ip rule show", argv[0]);
		for (uint32_t i = 0; i < w->nrules; i++)
			rule_print(c->out, w, &w->rule[i]);
		return CMD_OK;
	case V_FLUSH:
		rule_flush(w);
		return CMD_OK;
	default:
		return rule_modify(w, c, verb == V_ADD, argc, argv);
	}
}
