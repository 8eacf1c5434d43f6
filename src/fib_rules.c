/*
 * fib_rules.c: policy routing rules (net/core/fib_rules.c,
 * net/ipv4/fib_rules.c; Linux 6.x).
 *
 * The rules are an array kept in the kernel's list order: by pref, and a
 * new rule goes after the rules of equal pref.  A fresh namespace has
 * three: 0 lookup local, 32766 lookup main, 32767 lookup default.
 */
#include "route.h"

#include <string.h>

#include "devinet.h"

#define EEXIST 17
#define ENOENT 2
#define ENOBUFS 105

static const struct fib_rule default_rules[] = {
	{ .pref = 0, .table = RT_TABLE_LOCAL, .action = FR_ACT_TO_TBL },
	{ .pref = 32766, .table = RT_TABLE_MAIN, .action = FR_ACT_TO_TBL },
	{ .pref = 32767, .table = RT_TABLE_DEFAULT, .action = FR_ACT_TO_TBL },
};

void fib_rules_init(struct world *w)
{
	memcpy(w->rule, default_rules, sizeof(default_rules));
	w->nrules = 3;
}

/* rule_exists(): every selector and the action equal. */
static bool rule_same(const struct fib_rule *a, const struct fib_rule *b)
{
	return a->pref == b->pref && a->table == b->table &&
	       a->action == b->action && a->invert == b->invert &&
	       a->src_len == b->src_len && a->dst_len == b->dst_len &&
	       a->src == b->src && a->dst == b->dst && a->mark == b->mark &&
	       a->mark_mask == b->mark_mask && !strcmp(a->iif, b->iif) &&
	       !strcmp(a->oif, b->oif);
}

/* fib_default_rule_pref(): one below the second rule's pref. */
static uint32_t default_pref(const struct world *w)
{
	return w->nrules > 1 && w->rule[1].pref ? w->rule[1].pref - 1 : 0;
}

int fib_rule_add(struct world *w, const struct fib_rule *r, bool has_pref)
{
	struct fib_rule n = *r;
	uint32_t i;

	if (!has_pref)
		n.pref = default_pref(w);
	for (i = 0; i < w->nrules; i++)
		if (rule_same(&w->rule[i], &n))
			return -EEXIST;
	if (w->nrules == RULE_MAX)
		return -ENOBUFS;
	for (i = 0; i < w->nrules && w->rule[i].pref <= n.pref; i++)
		;
	memmove(&w->rule[i + 1], &w->rule[i],
		(w->nrules - i) * sizeof(w->rule[0]));
	w->rule[i] = n;
	w->nrules++;
	w->fib_rules_custom = true;
	return 0;
}

/* fib_nl_delrule(): the first rule matching every selector given. */
static bool rule_del_match(const struct fib_rule *r,
			   const struct fib_rule *want,
			   const struct fib_rule_given *g)
{
	return (!g->pref || r->pref == want->pref) &&
	       (!g->table || r->table == want->table) &&
	       (!g->action || r->action == want->action) &&
	       (!g->src || (r->src == want->src &&
			    r->src_len == want->src_len)) &&
	       (!g->dst || (r->dst == want->dst &&
			    r->dst_len == want->dst_len)) &&
	       (!g->mark || (r->mark == want->mark &&
			     r->mark_mask == want->mark_mask)) &&
	       (!g->iif || !strcmp(r->iif, want->iif)) &&
	       (!g->oif || !strcmp(r->oif, want->oif));
}

int fib_rule_del(struct world *w, const struct fib_rule *want,
		 const struct fib_rule_given *g)
{
	for (uint32_t i = 0; i < w->nrules; i++) {
		if (!rule_del_match(&w->rule[i], want, g))
			continue;
		memmove(&w->rule[i], &w->rule[i + 1],
			(w->nrules - i - 1) * sizeof(w->rule[0]));
		w->nrules--;
		w->fib_rules_custom = true;
		return 0;
	}
	return -ENOENT;
}

/* A device selector matches the flow's ifindex by the device's name. */
static bool rule_dev_match(const struct world *w, const char *name, int ifi)
{
	return !name[0] ||
	       (ifi > 0 && ifi < MAX_DEV && !strcmp(w->dev[ifi].name, name));
}

/* fib_rule_match() and fib4_rule_match(). */
bool fib_rule_match(const struct world *w, const struct fib_rule *r,
		    const struct flowi4 *fl)
{
	bool m = rule_dev_match(w, r->iif, fl->iif) &&
		 rule_dev_match(w, r->oif, fl->oif) &&
		 !((r->mark ^ fl->mark) & r->mark_mask) &&
		 !((fl->saddr ^ r->src) & inet_make_mask(r->src_len)) &&
		 !((fl->daddr ^ r->dst) & inet_make_mask(r->dst_len));

	return m != r->invert;
}
