/*
 * cmd_iptables_restore.c: iptables-restore [-n] [-c] FILE, reading what
 * iptables-save writes: "*table", ":CHAIN POLICY [p:b]", rules as
 * iptables arguments ("[p:b] -A ..." with -c), "COMMIT".  Without
 * --noflush each table named is flushed first, its user chains deleted.
 * A failing line leaves the tables as they were, as the real tool's
 * all-or-nothing commit does, and names the line.
 */
#include <errno.h>
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
	enum cmd_status status;         /* exit status of a failed line */
};

/* A rule line's error in iptables-restore's words: a usage error names
 * the line after the message, the kernel's refusal at commit (exit 4)
 * comes as "line N: ...", the rest as "line N failed: ...". */
static bool rule_fail(struct restore *r, enum cmd_status st, char *msg)
{
	static const char ver[] = IPT_VERSION ": ";
	char *p = msg, *nl;
	bool bare = true;   /* "Bad argument" comes without the version */

	if (!strncmp(p, ver, sizeof(ver) - 1)) {
		p += sizeof(ver) - 1;
		bare = false;
	} else if (!strncmp(p, "iptables: ", 10)) {
		p += 10;
	}
	if ((nl = strstr(p, "\nTry `iptables -h'")))
		*nl = 0;
	if (*p && p[strlen(p) - 1] == '\n')
		p[strlen(p) - 1] = 0;
	if (st == CMD_USAGE)
		cmd_error(r->c, "%s%s\nError occurred at line: %u\nTry "
			  "`iptables-restore -h' or 'iptables-restore --help' "
			  "for more information.", bare ? "" :
			  "iptables-restore v1.8.9 (nf_tables): ", p, r->line);
	else if (st == 4)
		cmd_error(r->c, "iptables-restore v1.8.9 (nf_tables): \n"
			  "line %u:%s", r->line, p);
	else
		cmd_error(r->c, "iptables-restore: line %u failed%s%s", r->line,
			  *p ? ": " : "", p);
	r->status = st;
	return false;
}

/* iptables-restore's own usage errors (exit 2). */
static bool restore_usage(struct restore *r, const char *what)
{
	cmd_error(r->c, "iptables-restore v1.8.9 (nf_tables): %s\nError occurred "
		  "at line: %u\nTry `iptables-restore -h' or 'iptables-restore "
		  "--help' for more information.", what, r->line);
	r->status = CMD_USAGE;
	return false;
}

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
		r->w->ipt_chain[c].counters = true;
		if (strcmp(policy, "ACCEPT") && strcmp(policy, "DROP"))
			return restore_fail(r, "Bad policy name.");
		r->w->ipt_chain[c].policy = strcmp(policy, "DROP") ? NFV_ACCEPT :
					    NFV_DROP;
		if (r->counters) {
			r->w->ipt_chain[c].pkts = p;
			r->w->ipt_chain[c].bytes = b;
		}
	}
	return true;
}

/* Runs the rule as an iptables command with its error captured, to be
 * said again in iptables-restore's words. */
static enum cmd_status run_captured(struct restore *r, int argc, char **argv)
{
	struct cmd_ctx sub = *r->c;
	char *msg = NULL;
	size_t len = 0;
	enum cmd_status st;

	sub.where = NULL;
	if (!(sub.err = open_memstream(&msg, &len)))
		return cmd_iptables(r->w, r->c, argc, argv);
	st = cmd_iptables(r->w, &sub, argc, argv);
	fclose(sub.err);
	if (st)
		rule_fail(r, st, msg);
	free(msg);
	return st;
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
		return restore_usage(r, "The -t option cannot be used in "
				     "iptables-restore.\n");
	/* run it as "iptables -t TABLE ARGS" */
	memmove(argv + 3, argv + 1, (size_t)n * sizeof(*argv));
	snprintf(tname, sizeof(tname), "%s",
		 ipt_table_name((enum ipt_table)r->table));
	argv[1] = "-t";
	argv[2] = tname;
	off = 3;
	argv[n + off] = NULL;
	st = run_captured(r, n + off, argv);
	if (st)
		return false;
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
		if ((r->table = ipt_table_by_name(line + 1)) < 0) {
			char m[96];

			snprintf(m, sizeof(m), "iptables-restore: line %u table "
				 "name '%.40s' invalid", r->line, line + 1);
			return restore_usage(r, m);
		}
		ipt_table_register(r->w, (enum ipt_table)r->table);
		if (!r->noflush)
			table_clear(r->w, (enum ipt_table)r->table);
		return true;
	}
	if (r->table < 0)
		return restore_fail(r, NULL);
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
		cmd_error(c, "Can't open %s: %s", path, strerror(errno));
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
		cmd_error(c, "iptables-restore: COMMIT expected at line %u",
			  r.line + 1);
		ok = false;
	}
	if (!ok)
		world_clone(w, saved);
	world_free(saved);
	return ok ? CMD_OK : r.status ? r.status : CMD_FAIL;
}
