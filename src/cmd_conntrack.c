/*
 * cmd_conntrack.c: conntrack -L, -F, -C and -S in conntrack-tools 1.4.7's
 * words, read from the world's connection table.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "nf_ct.h"
#include "pkt.h"

#define CT_VERSION "conntrack v1.4.7 (conntrack-tools)"

static enum cmd_status ct_usage(struct cmd_ctx *c, const char *fmt,
				const char *arg)
{
	if (c->where)
		fprintf(c->err, "%s: ", c->where);
	fprintf(c->err, CT_VERSION ": ");
	fprintf(c->err, fmt, arg);
	fprintf(c->err, "\nTry `conntrack -h' or 'conntrack --help' for more "
		"information.\n");
	return CMD_USAGE;
}

static int proto_number(const char *s)
{
	if (!strcmp(s, "tcp") || !strcmp(s, "6"))
		return 6;
	if (!strcmp(s, "udp") || !strcmp(s, "17"))
		return 17;
	if (!strcmp(s, "icmp") || !strcmp(s, "1"))
		return 1;
	return -1;
}

/* The live entries in the order they were confirmed (the kernel lists
 * them in hash order, which has no meaning). */
static void list(struct world *w, struct cmd_ctx *c, int proto)
{
	unsigned shown = 0;
	uint64_t last = 0;
	char line[512];

	for (;;) {
		const struct nf_conn *next = NULL;

		for (int i = 0; i < CT_MAX; i++) {
			const struct nf_conn *ct = &w->ct[i];

			if (!ct->used || !(ct->status & IPS_CONFIRMED) ||
			    nf_ct_expired(w, ct) || ct->seq <= last ||
			    (proto >= 0 && ct->tuple[0].proto != proto))
				continue;
			if (!next || ct->seq < next->seq)
				next = ct;
		}
		if (!next)
			break;
		last = next->seq;
		nf_ct_format(w, next, line, sizeof(line));
		fprintf(c->out, "%s\n", line);
		shown++;
	}
	fprintf(c->err, CT_VERSION ": %u flow entries have been shown.\n", shown);
}

static unsigned live_count(const struct world *w)
{
	unsigned n = 0;

	for (int i = 0; i < CT_MAX; i++)
		if (w->ct[i].used && (w->ct[i].status & IPS_CONFIRMED) &&
		    !nf_ct_expired(w, &w->ct[i]))
			n++;
	return n;
}

static void stats(const struct world *w, struct cmd_ctx *c)
{
	fprintf(c->out, "cpu=0   \tfound=0 invalid=%u insert=0 insert_failed=%u "
		"drop=%u early_drop=0 error=0 search_restart=0 clash_resolve=0 "
		"chaintoolong=0 \n", w->ct_stat_invalid, w->ct_stat_insert_failed,
		w->ct_stat_drop);
}

enum cmd_status cmd_conntrack(struct world *w, struct cmd_ctx *c, int argc,
			      char **argv)
{
	char cmd = 0;
	int proto = -1;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-L") || !strcmp(a, "--dump") || !strcmp(a, "-F") ||
		    !strcmp(a, "--flush") || !strcmp(a, "-C") ||
		    !strcmp(a, "--count") || !strcmp(a, "-S") ||
		    !strcmp(a, "--stats")) {
			char k = a[1] == '-' ? (char)(a[2] == 'd' ? 'L' : a[2] == 'f' ?
				 'F' : a[2] == 'c' ? 'C' : 'S') : a[1];

			if (cmd)
				return ct_usage(c, "Invalid parameters%s", "");
			cmd = k;
		} else if (!strcmp(a, "-p") || !strcmp(a, "--proto")) {
			if (i + 1 >= argc)
				return ct_usage(c, "option `%s' requires an "
						"argument", a);
			if ((proto = proto_number(argv[++i])) < 0)
				return ct_usage(c, "`%s' unsupported protocol",
						argv[i]);
		} else {
			return ct_usage(c, "unknown option `%s'", a);
		}
	}
	switch (cmd) {
	case 'L':
		list(w, c, proto);
		return CMD_OK;
	case 'F':
		nf_ct_flush(w);
		fprintf(c->err, CT_VERSION ": connection tracking table has been "
			"emptied.\n");
		return CMD_OK;
	case 'C':
		fprintf(c->out, "%u\n", live_count(w));
		return CMD_OK;
	case 'S':
		stats(w, c);
		return CMD_OK;
	default:
		return ct_usage(c, "no command specified%s", "");
	}
}
