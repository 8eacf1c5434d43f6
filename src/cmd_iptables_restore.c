/*
 * cmd_iptables_restore.c: iptables-restore [-n] [-c] FILE, reading what
 * iptables-save writes: "*table", ":CHAIN POLICY [p:b]", rules as
 * iptables arguments ("[p:b] -A ..." with -c), "COMMIT".  Without
 * --noflush each table named is flushed first, its user chains deleted.
 * A failing line leaves the tables as they were, as the real tool's
 * all-or-nothing commit does, and names the line.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd_iptables.h"

#define RESTORE_WORDS 128

struct restore {
	struct world *w;
	struct cmd_ctx *c;
	bool noflush, counters;
	int table;                      /* -1: outside *table ... COMMIT */
	unsigned line;
};

static bool restore_fail(struct restore *r, const char *what)
{
	cmd_error(r->c, "iptables-restore: line %u failed%s%s", r->line,
		  what ? ": " : "", what ? what : "");
	return false;
}

static void table_clear(struct world *w, enum ipt_table t)
{
	for (int c = 0; c < IPT_CHAIN_MAX; c++)
		if (w->ipt_chain[c].used && w->ipt_chain[c].table == t)
			ipt_chain_flush(w, c);
	for (int c = 0; c < IPT_CHAIN_MAX; c++)
		if (w->ipt_chain[c].used && w->ipt_chain[c].table == t &&
		    !w->ipt_chain[c].hook)
			ipt_chain_del(w, c);
}

static bool chain_line(struct restore *r, char *line)
{
	char name[64], policy[16];
	unsigned long long p = 0, b = 0;
	int c;

	if (sscanf(line, ":%63s %15s [%llu:%llu]", name, policy, &p, &b) < 2)
		return restore_fail(r, "bad chain line");
	c = ipt_chain_find(r->w, (enum ipt_table)r->table, name);
	if (c < 0 && strcmp(policy, "-"))
		return restore_fail(r, "no such built-in chain");
	if (c < 0 && (c = ipt_chain_add(r->w, (enum ipt_table)r->table,
					name)) < 0)
		return restore_fail(r, "too many chains");
	if (strcmp(policy, "-")) {
		r->w->ipt_chain[c].hooked = true;
		if (strcmp(policy, "ACCEPT") && strcmp(policy, "DROP"))
			return restore_fail(r, "bad policy");
		r->w->ipt_chain[c].policy = strcmp(policy, "DROP") ? NFV_ACCEPT :
					    NFV_DROP;
		if (r->counters) {
			r->w->ipt_chain[c].pkts = p;
			r->w->ipt_chain[c].bytes = b;
		}
	}
	return true;
}

static bool rule_line(struct restore *r, char *line)
{
	char *argv[RESTORE_WORDS + 2];
	unsigned long long p = 0, b = 0;
	int n, off = 1;
	enum cmd_status st;
	char tname[16];

	if (line[0] == '[') {
		if (sscanf(line, "[%llu:%llu]", &p, &b) != 2)
			return restore_fail(r, "bad counters");
		line = strchr(line, ']') + 1;
	}
	argv[0] = "iptables";
	n = cmd_split(line, argv + 1, RESTORE_WORDS);
	if (n < 0)
		return restore_fail(r, "bad quoting");
	if (n >= 2 && !strcmp(argv[1], "-t"))
		return restore_fail(r, "-t is not allowed here");
	/* run it as "iptables -t TABLE ARGS" */
	memmove(argv + 3, argv + 1, (size_t)n * sizeof(*argv));
	snprintf(tname, sizeof(tname), "%s",
		 ipt_table_name((enum ipt_table)r->table));
	argv[1] = "-t";
	argv[2] = tname;
	off = 3;
	argv[n + off] = NULL;
	st = cmd_iptables(r->w, r->c, n + off, argv);
	if (st)
		return restore_fail(r, NULL);
	if (r->counters && n >= 2 && !strcmp(argv[off], "-A")) {
		int c = ipt_chain_find(r->w, (enum ipt_table)r->table,
				       argv[off + 1]);
		uint32_t h = c >= 0 ? ipt_rule_at(r->w, c,
						  ipt_chain_len(r->w, c)) : 0;

		if (h) {
			r->w->ipt_rule[h - 1].pkts = p;
			r->w->ipt_rule[h - 1].bytes = b;
		}
	}
	return true;
}

static bool restore_line(struct restore *r, char *line)
{
	line[strcspn(line, "\n")] = 0;
	if (!line[0] || line[0] == '#')
		return true;
	if (line[0] == '*') {
		if (r->table >= 0)
			return restore_fail(r, "table without COMMIT");
		if ((r->table = ipt_table_by_name(line + 1)) < 0)
			return restore_fail(r, "no such table");
		ipt_table_register(r->w, (enum ipt_table)r->table);
		if (!r->noflush)
			table_clear(r->w, (enum ipt_table)r->table);
		return true;
	}
	if (r->table < 0)
		return restore_fail(r, "not inside a table");
	if (!strcmp(line, "COMMIT")) {
		r->table = -1;
		return true;
	}
	if (line[0] == ':')
		return chain_line(r, line);
	return rule_line(r, line);
}

enum cmd_status cmd_iptables_restore(struct world *w, struct cmd_ctx *c,
				     int argc, char **argv)
{
	struct restore r = { .w = w, .c = c, .table = -1 };
	const char *path = NULL;
	char line[4096];
	struct world *saved;
	FILE *f;
	bool ok = true;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") || !strcmp(argv[i], "--noflush"))
			r.noflush = true;
		else if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--counters"))
			r.counters = true;
		else if (argv[i][0] != '-' && !path)
			path = argv[i];
		else
			return ipt_usage_error(c, "unknown option \"%s\"", argv[i]);
	}
	if (!path) {
		cmd_error(c, "iptables-restore: netstep reads the rules from a "
			  "file: iptables-restore [-n] [-c] FILE");
		return CMD_USAGE;
	}
	if (!(f = fopen(path, "r"))) {
		cmd_error(c, "iptables-restore: cannot open %s", path);
		return CMD_FAIL;
	}
	if (!(saved = world_new())) {
		fclose(f);
		return CMD_FAIL;
	}
	world_clone(saved, w);
	while (ok && fgets(line, sizeof(line), f)) {
		r.line++;
		ok = restore_line(&r, line);
	}
	fclose(f);
	if (ok && r.table >= 0) {
		r.line++;
		ok = restore_fail(&r, "COMMIT expected");
	}
	if (!ok)
		world_clone(w, saved);
	world_free(saved);
	return ok ? CMD_OK : CMD_FAIL;
}
