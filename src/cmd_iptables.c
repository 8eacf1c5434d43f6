/*
 * cmd_iptables.c: the iptables command (iptables 1.8.9, nf_tables backend,
 * as Debian 12 ships it): -A -I -D -R -F -Z -P -N -X -E -L -S with -t,
 * -v -n -x --line-numbers, in iptables' own words and exit codes (1 for
 * what the kernel refused, 2 for bad usage, 4 for what nf_tables refused).
 */
#include <stdlib.h>
#include <string.h>

#include "cmd_iptables.h"

struct ipt_args {
	char cmd;                      /* A I D R F Z P N X E L S, 0: none */
	const char *chain, *arg;       /* arg: policy or new name */
	uint32_t num;                  /* rule number, 0: none */
	enum ipt_table table;
	unsigned fmt;
	bool verbose, zero;
	int spec;                      /* argv index of the rule spec */
};

static enum cmd_status kernel_error(struct cmd_ctx *c, const char *msg)
{
	cmd_error(c, "iptables: %s", msg);
	return CMD_FAIL;
}

static bool parse_num(const char *s, uint32_t *n)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 1 || v > 0x7fffffff)
		return false;
	*n = (uint32_t)v;
	return true;
}

static const char *const cmd_opts[][2] = {
	{ "-A", "--append" }, { "-I", "--insert" }, { "-D", "--delete" },
	{ "-R", "--replace" }, { "-F", "--flush" }, { "-Z", "--zero" },
	{ "-P", "--policy" }, { "-N", "--new-chain" }, { "-X", "--delete-chain" },
	{ "-E", "--rename-chain" }, { "-L", "--list" }, { "-S", "--list-rules" },
};

static char command_letter(const char *o)
{
	for (size_t i = 0; i < sizeof(cmd_opts) / sizeof(cmd_opts[0]); i++)
		if (!strcmp(o, cmd_opts[i][0]) || !strcmp(o, cmd_opts[i][1]))
			return cmd_opts[i][0][1];
	return 0;
}

/* The command's own arguments: which are required and which optional. */
static enum cmd_status command_args(struct cmd_ctx *c, struct ipt_args *a,
				    int argc, char **argv, int *i)
{
	const char *o = argv[*i];
	bool more = *i + 1 < argc && argv[*i + 1][0] != '-';
	char k = a->cmd;

	if (strchr("AIDRPNE", k) && !more)
		return ipt_usage_error(c, "option \"%s\" requires an argument", o);
	if (more)
		a->chain = argv[++*i];
	more = *i + 1 < argc && argv[*i + 1][0] != '-';
	if ((k == 'P' || k == 'E') && !more)
		return ipt_usage_error(c, "-%c requires old-chain-name and "
				       "new-chain-name", k);
	if ((k == 'P' || k == 'E') && more)
		a->arg = argv[++*i];
	else if (strchr("IDRZLS", k) && more && parse_num(argv[*i + 1], &a->num))
		++*i;
	if (k == 'R' && !a->num)
		return ipt_usage_error(c, "-R requires a rule number");
	return CMD_OK;
}

/* The options iptables knows before any match is loaded (its getopt
 * table): anything else with no command is an "unknown option". */
static bool rule_option(const char *o)
{
	static const char *const known[] = {
		"-p", "--protocol", "-s", "--source", "--src", "-d",
		"--destination", "--dst", "-i", "--in-interface", "-o",
		"--out-interface", "-j", "--jump", "-g", "--goto", "-m",
		"--match", "-c", "--set-counters", "-f", "--fragment", NULL };

	for (int i = 0; known[i]; i++)
		if (!strcmp(o, known[i]))
			return true;
	return false;
}

static enum cmd_status parse_args(struct cmd_ctx *c, struct ipt_args *a,
				  int argc, char **argv)
{
	a->spec = -1;
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		char k = command_letter(o);
		enum cmd_status st;

		if (k) {
			if (a->cmd && !(a->cmd == 'L' && k == 'Z') &&
			    !(a->cmd == 'Z' && k == 'L'))
				return ipt_usage_error(c, "Cannot use -%c with -%c\n",
						       k, a->cmd);
			if (a->cmd && (a->cmd == 'L' || k == 'L')) {
				a->zero = true;     /* -L -Z: list, then zero */
				a->cmd = 'L';
			} else {
				a->cmd = k;
			}
			if ((st = command_args(c, a, argc, argv, &i)))
				return st;
		} else if (!strcmp(o, "-t") || !strcmp(o, "--table")) {
			if (i + 1 >= argc)
				return ipt_usage_error(c, "option \"%s\" requires an "
						       "argument", o);
			int t = ipt_table_by_name(argv[++i]);

			if (t < 0) {
				cmd_error(c, IPT_VERSION ": table '%s' does not exist\n"
					  "Perhaps iptables or your kernel needs to "
					  "be upgraded.", argv[i]);
				return 3;
			}
			a->table = (enum ipt_table)t;
		} else if (!strcmp(o, "-v") || !strcmp(o, "--verbose")) {
			a->verbose = true;
		} else if (!strcmp(o, "-n") || !strcmp(o, "--numeric")) {
			a->fmt |= FMT_NUMERIC;
		} else if (!strcmp(o, "-x") || !strcmp(o, "--exact")) {
			a->fmt &= ~(unsigned)FMT_KMG;
		} else if (!strcmp(o, "--line-numbers")) {
			a->fmt |= FMT_LINENUMBERS;
		} else if (!strcmp(o, "-w") || !strcmp(o, "--wait")) {
			if (i + 1 < argc && argv[i + 1][0] != '-')
				i++;
		} else {
			/* the rest is the rule specification */
			a->spec = i;
			break;
		}
	}
	if (!a->cmd && a->spec >= 0 && argv[a->spec][0] == '-' &&
	    !rule_option(argv[a->spec]))
		return ipt_usage_error(c, "unknown option \"%s\"", argv[a->spec]);
	if (!a->cmd)
		return ipt_usage_error(c, "no command specified");
	return CMD_OK;
}

static int find_chain(struct world *w, const struct ipt_args *a)
{
	return ipt_chain_find(w, a->table, a->chain);
}

/* The kernel's refusal of a rule at commit, in iptables-nft's words. */
static enum cmd_status nft_refused(struct cmd_ctx *c, const struct ipt_args *a,
				   const char *why)
{
	const char *op = a->cmd == 'I' ? "RULE_INSERT" :
			 a->cmd == 'R' ? "RULE_REPLACE" : "RULE_APPEND";

	cmd_error(c, IPT_VERSION ":  %s failed (%s): rule in chain %s", op, why,
		  a->chain);
	return 4;
}

/* Is chain reached from a base chain of its table (or one itself)? */
static bool chain_attached(const struct world *w, int chain)
{
	if (w->ipt_chain[chain].hook)
		return true;
	for (int b = 0; b < IPT_CHAIN_MAX; b++)
		if (w->ipt_chain[b].used && w->ipt_chain[b].hook &&
		    w->ipt_chain[b].table == w->ipt_chain[chain].table &&
		    ipt_jump_loops(w, chain, b))
			return true;
	return false;
}

/* Does a loop lie among the chains reached from chain? */
static bool loop_below(const struct world *w, int chain)
{
	for (int x = 0; x < IPT_CHAIN_MAX; x++) {
		if (!w->ipt_chain[x].used || !ipt_jump_loops(w, x, chain))
			continue;
		for (uint32_t h = w->ipt_chain[x].head; h;
		     h = w->ipt_rule[h - 1].next) {
			const struct ipt_rule *r = &w->ipt_rule[h - 1];

			if ((r->target == TG_JUMP || r->target == TG_GOTO) &&
			    ipt_jump_loops(w, x, r->jump))
				return true;
		}
	}
	return false;
}

/* nf_tables checks jumps only from the base chains (nft_chain_validate):
 * with the new jump ch -> to, a loop reached from a base chain overflows
 * the jump stack (EMLINK); a loop among chains no base chain reaches is
 * accepted until a jump to it is added. */
static bool jump_refused(const struct world *w, int ch, int to)
{
	return chain_attached(w, ch) &&
	       (ipt_jump_loops(w, ch, to) || loop_below(w, to));
}

/* The hooks and tables a target's checkentry accepts (xt_nat.c hooks,
 * xt_CT's raw table); user chains are not checked here. */
static bool target_hook_refused(const struct world *w,
				const struct ipt_args *a,
				const struct ipt_rule *r)
{
	const struct ipt_chain *ch = &w->ipt_chain[ipt_chain_find(w, a->table,
							       a->chain)];
	unsigned ok;

	switch (r->target) {
	case TG_SNAT: ok = 1u << NFH_POSTROUTING | 1u << NFH_INPUT; break;
	case TG_MASQUERADE: ok = 1u << NFH_POSTROUTING; break;
	case TG_DNAT:
	case TG_REDIRECT: ok = 1u << NFH_PREROUTING | 1u << NFH_OUTPUT; break;
	case TG_NOTRACK: return a->table != IPT_RAW;
	default: return false;
	}
	if (a->table != IPT_NAT)
		return true;
	return ch->hook && !(ok & (1u << ch->hook));
}

static enum cmd_status rule_command(struct world *w, struct cmd_ctx *c,
				   const struct ipt_args *a, int argc,
				   char **argv)
{
	int ch = find_chain(w, a);
	struct ipt_rule r;
	enum cmd_status st = CMD_USAGE;
	uint32_t len, h;
	int n = a->spec < 0 ? 0 : argc - a->spec;

	if (ch < 0)
		return kernel_error(c, "No chain/target/match by that name.");
	len = ipt_chain_len(w, ch);
	if (a->cmd == 'D' && a->num) {
		if (n)
			return ipt_usage_error(c, "Bad argument `%s'", argv[a->spec]);
		if (a->num > len)
			return kernel_error(c, "Index of deletion too big.");
		ipt_rule_delete(w, ipt_rule_at(w, ch, a->num));
		return CMD_OK;
	}
	if (!ipt_parse_rule(w, c, a->table, a->chain, n, n ? argv + a->spec : argv,
			    &r, &st))
		return st;
	if ((r.target == TG_JUMP || r.target == TG_GOTO) && a->cmd != 'D' &&
	    jump_refused(w, ch, r.jump))
		return nft_refused(c, a, "Too many links");
	if (r.target == TG_REJECT && a->table != IPT_FILTER)
		return nft_refused(c, a, "Invalid argument");
	if (target_hook_refused(w, a, &r))
		return nft_refused(c, a, "Invalid argument");
	if (r.target == TG_REJECT && r.reject_with == RJ_TCP_RESET &&
	    (r.proto != 6 || (r.invflags & IPT_INV_PROTO)))
		return nft_refused(c, a, "Invalid argument");
	switch (a->cmd) {
	case 'D':
		for (h = w->ipt_chain[ch].head; h; h = w->ipt_rule[h - 1].next)
			if (ipt_rule_equal(&w->ipt_rule[h - 1], &r))
				break;
		if (!h)
			return kernel_error(c, "Bad rule (does a matching rule "
					    "exist in that chain?).");
		ipt_rule_delete(w, h);
		return CMD_OK;
	case 'R':
		if (a->num > len)
			return kernel_error(c, "Index of replacement too big.");
		ipt_rule_delete(w, ipt_rule_at(w, ch, a->num));
		h = ipt_rule_insert(w, ch, a->num, &r);
		break;
	case 'I':
		if (a->num > len + 1)
			return kernel_error(c, "Index of insertion too big.");
		h = ipt_rule_insert(w, ch, a->num ? a->num : 1, &r);
		break;
	default:
		h = ipt_rule_insert(w, ch, len + 1, &r);
	}
	if (!h)
		return kernel_error(c, "Memory allocation problem.");
	return CMD_OK;
}

static bool chain_name_ok(struct cmd_ctx *c, const char *name,
			  enum cmd_status *st)
{
	if (strlen(name) >= IPT_CHAIN_NAMELEN) {
		*st = ipt_usage_error(c, "chain name `%s' too long (must be under "
				      "%u chars)", name, IPT_CHAIN_NAMELEN);
		return false;
	}
	if (name[0] == '-' || name[0] == '!') {
		*st = ipt_usage_error(c, "chain name not allowed to start with "
				      "`%c'", name[0]);
		return false;
	}
	if (ipt_table_by_name(name) >= 0 || !strcmp(name, "ACCEPT") ||
	    !strcmp(name, "DROP") || !strcmp(name, "RETURN") ||
	    !strcmp(name, "QUEUE")) {
		*st = ipt_usage_error(c, "chain name `%s' is reserved", name);
		return false;
	}
	return true;
}

static enum cmd_status chain_command(struct world *w, struct cmd_ctx *c,
				     const struct ipt_args *a)
{
	int ch = a->chain ? find_chain(w, a) : -1;
	enum cmd_status st;

	switch (a->cmd) {
	case 'N':
		if (!chain_name_ok(c, a->chain, &st))
			return st;
		if (ch >= 0)
			return kernel_error(c, "Chain already exists.");
		if (ipt_chain_add(w, a->table, a->chain) < 0)
			return kernel_error(c, "Memory allocation problem.");
		return CMD_OK;
	case 'E':
		if (ch < 0)
			return kernel_error(c, "No chain/target/match by that name.");
		if (!chain_name_ok(c, a->arg, &st))
			return st;
		if (ipt_chain_find(w, a->table, a->arg) >= 0)
			return kernel_error(c, "File exists.");
		if (w->ipt_chain[ch].hook)
			return kernel_error(c, "Bad built-in chain name.");
		snprintf(w->ipt_chain[ch].name, IPT_CHAIN_NAMELEN, "%s", a->arg);
		return CMD_OK;
	case 'P': {
		bool acc = !strcmp(a->arg, "ACCEPT"), drop = !strcmp(a->arg, "DROP");

		if (ch < 0 || !w->ipt_chain[ch].hook)
			return kernel_error(c, "Bad built-in chain name.");
		if (!acc && !drop)
			return kernel_error(c, "Bad policy name. Run `dmesg' for "
					    "more information.");
		w->ipt_chain[ch].policy = acc ? NFV_ACCEPT : NFV_DROP;
		w->ipt_chain[ch].counters = true;
		return CMD_OK;
	}
	default:
		return CMD_OK;
	}
}

/* -Z -v (and -L -Z -v) names each chain it zeroes, in listing order:
 * nft_chain_zero_counters's "Zeroing chain `%s'". */
static void zero_verbose(struct world *w, struct cmd_ctx *c,
			 const struct ipt_args *a, int ch)
{
	int order[IPT_CHAIN_MAX], n = ipt_chain_order(w, a->table, order);

	for (int i = 0; i < n; i++)
		if ((!a->chain || order[i] == ch) &&
		    (!w->ipt_chain[order[i]].hook || w->ipt_chain[order[i]].hooked))
			fprintf(c->out, "Zeroing chain `%s'\n",
				w->ipt_chain[order[i]].name);
}

/* -X of a built-in chain: iptables-nft deletes the nft base chain like any
 * other -- busy while it holds rules, unknown if no command made it; once
 * gone it sees no packets until a command makes it again (policy ACCEPT,
 * no counters). */
static enum cmd_status base_chain_del(struct world *w, struct cmd_ctx *c,
				      int ch)
{
	struct ipt_chain *x = &w->ipt_chain[ch];

	if (!x->hooked)
		return kernel_error(c, "No chain/target/match by that name.");
	if (x->head) {
		cmd_error(c, IPT_VERSION ":  CHAIN_DEL failed (Device or "
			  "resource busy): chain %s", x->name);
		return 4;
	}
	x->hooked = x->counters = false;
	x->policy = NFV_ACCEPT;
	x->pkts = x->bytes = 0;
	return CMD_OK;
}

/* -F, -Z, -X: one chain, or every chain of the table. */
static enum cmd_status each_chain(struct world *w, struct cmd_ctx *c,
				  const struct ipt_args *a)
{
	int ch = a->chain ? find_chain(w, a) : -1;

	/* iptables-nft: a base chain no command has made yet is not there
	 * to zero (it is still listed, with its default policy) */
	if (a->chain && ch >= 0 && a->cmd == 'Z' && w->ipt_chain[ch].hook &&
	    !w->ipt_chain[ch].hooked)
		ch = -1;
	if (a->chain && ch < 0)
		return kernel_error(c, "No chain/target/match by that name.");
	if (a->cmd == 'Z' && a->verbose && !a->num)
		zero_verbose(w, c, a, ch);
	for (int i = 0; i < IPT_CHAIN_MAX; i++) {
		struct ipt_chain *x = &w->ipt_chain[i];

		if (!x->used || x->table != a->table || (a->chain && i != ch))
			continue;
		if (a->cmd == 'Z' && !a->num && x->hook && x->hooked)
			x->counters = true; /* -Z sends the chain with counters
					       (-Z CHAIN N only the rule) */
		if (a->cmd == 'F') {
			ipt_chain_flush(w, i);
		} else if (a->cmd == 'Z') {
			if (a->num) {
				uint32_t h = ipt_rule_at(w, i, a->num);

				if (!h)
					return kernel_error(c, "Index of counter too "
							    "big.");
				w->ipt_rule[h - 1].pkts = w->ipt_rule[h - 1].bytes = 0;
			} else {
				ipt_chain_zero(w, i);
			}
		}
	}
	if (a->cmd != 'X')
		return CMD_OK;
	for (int i = 0; i < IPT_CHAIN_MAX; i++) {
		struct ipt_chain *x = &w->ipt_chain[i];

		if (!x->used || x->table != a->table || x->hook ||
		    (a->chain && i != ch))
			continue;
		if (x->refs || x->head) {
			if (!a->chain)
				continue;
			cmd_error(c, IPT_VERSION ":  CHAIN_DEL failed (Device or "
				  "resource busy): chain %s", x->name);
			return 4;
		}
		ipt_chain_del(w, i);
	}
	if (a->chain && ch >= 0 && w->ipt_chain[ch].used &&
	    w->ipt_chain[ch].hook)
		return base_chain_del(w, c, ch);
	return CMD_OK;
}

enum cmd_status cmd_iptables(struct world *w, struct cmd_ctx *c, int argc,
			     char **argv)
{
	struct ipt_args a = { .table = IPT_FILTER, .fmt = FMT_KMG };
	enum cmd_status st = parse_args(c, &a, argc, argv);

	if (st)
		return st;
	if (a.cmd == 'L' || a.cmd == 'S')
		ipt_table_init(w, a.table);
	else
		ipt_table_register(w, a.table);
	if (!a.verbose)
		a.fmt |= FMT_NOCOUNTS;
	else
		a.fmt |= FMT_VIA;
	if (a.chain && strchr("AIDRP", a.cmd)) {
		int ch = find_chain(w, &a);

		if (ch >= 0 && w->ipt_chain[ch].hook)
			w->ipt_chain[ch].hooked = true;
	}
	if (a.spec >= 0 && !strchr("AIDR", a.cmd))
		return ipt_usage_error(c, "Illegal option `%s' with this command\n",
				       argv[a.spec]);
	switch (a.cmd) {
	case 'A':
	case 'I':
	case 'D':
	case 'R':
		return rule_command(w, c, &a, argc, argv);
	case 'N':
	case 'E':
	case 'P':
		return chain_command(w, c, &a);
	case 'L':
		st = ipt_list(w, c, a.table, a.chain, a.num, a.fmt);
		if (!st && a.zero) {
			/* iptables-nft's -L -Z makes every built-in chain of
			 * the table first (seen with nft list ruleset) */
			for (int i = 0; i < IPT_CHAIN_MAX; i++)
				if (w->ipt_chain[i].used && w->ipt_chain[i].hook &&
				    w->ipt_chain[i].table == a.table)
					w->ipt_chain[i].hooked = true;
			each_chain(w, c, &(struct ipt_args){ .cmd = 'Z',
				   .table = a.table, .chain = a.chain,
				   .verbose = a.verbose });
		}
		return st;
	case 'S':
		return ipt_list_rules(w, c, a.table, a.chain, a.num, a.verbose);
	default:
		return each_chain(w, c, &a);
	}
}
