/*
 * cmd_tc.c: `tc [-s] qdisc show [dev DEV]` in iproute2 6.1's format, read
 * from the model's qdiscs: noqueue on lo, pfifo_fast (handle 0:, attached
 * by dev_activate at the first up) on each NIC; a NIC never brought up
 * still has noop, which tc does not list.  Adding or changing qdiscs is not
 * modelled.
 */
#include <string.h>

#include "cmd.h"
#include "net.h"

/* iproute2's sprint_size: "0b", "1514b", "12Kb", "3Mb" (a round size in
 * Kb or Mb when it is within 16 bytes or 1 KiB of one). */
static void sprint_size(char *buf, size_t n, uint32_t sz)
{
	uint64_t kb = 1024, mb = kb * 1024;
	uint64_t m = (sz + mb / 2) / mb, k = (sz + kb / 2) / kb;

	if (sz >= mb && (m * mb > sz ? m * mb - sz : sz - m * mb) < 1024)
		snprintf(buf, n, "%lluMb", (unsigned long long)m);
	else if (sz >= kb && (k * kb > sz ? k * kb - sz : sz - k * kb) < 16)
		snprintf(buf, n, "%lluKb", (unsigned long long)k);
	else
		snprintf(buf, n, "%ub", sz);
}

static void show_one(const struct world *w, struct cmd_ctx *c, int d,
		     bool all, bool stats)
{
	const struct net_device *nd = &w->dev[d];
	const struct qdisc *q = &nd->qdisc;
	bool fifo = q->kind == QDISC_PFIFO_FAST;
	uint32_t bytes, pkts;
	char size[32];

	if (q->kind == QDISC_NOOP)
		return;
	fprintf(c->out, "qdisc %s 0: ", fifo ? "pfifo_fast" : "noqueue");
	if (all)
		fprintf(c->out, "dev %s ", nd->name);
	fprintf(c->out, fifo ? "root refcnt 2 bands 3 priomap 1 2 2 2 1 2 0 0 "
		"1 1 1 1 1 1 1 1\n" : "root refcnt 2 \n");
	if (!stats)
		return;
	bytes = q->band[0].bytes + q->band[1].bytes + q->band[2].bytes;
	pkts = q->band[0].qlen + q->band[1].qlen + q->band[2].qlen;
	sprint_size(size, sizeof(size), bytes);
	fprintf(c->out, " Sent %llu bytes %llu pkt (dropped %llu, overlimits "
		"%llu requeues %llu) \n backlog %s %up requeues %llu\n",
		(unsigned long long)q->bytes, (unsigned long long)q->packets,
		(unsigned long long)q->drops, (unsigned long long)q->overlimits,
		(unsigned long long)q->requeues, size, pkts,
		(unsigned long long)q->requeues);
}

enum cmd_status cmd_tc(struct world *w, struct cmd_ctx *c, int argc,
		       char **argv)
{
	bool stats = false;
	int i = 1, dev = 0;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-s") && strcmp(argv[i], "-stats") &&
		    strcmp(argv[i], "-statistics")) {
			fprintf(c->err, "Option \"%s\" is unknown, try \"tc "
				"-help\".\n", argv[i]);
			return CMD_USAGE;
		}
		stats = true;
	}
	if (i >= argc || strcmp(argv[i], "qdisc")) {
		cmd_error(c, "netstep: only `tc [-s] qdisc show [dev DEV]` is "
			  "modelled");
		return CMD_USAGE;
	}
	i++;
	if (i < argc && strcmp(argv[i], "show") && strcmp(argv[i], "list") &&
	    strcmp(argv[i], "ls")) {
		if (!strcmp(argv[i], "add") || !strcmp(argv[i], "replace") ||
		    !strcmp(argv[i], "change") || !strcmp(argv[i], "del")) {
			cmd_error(c, "netstep: tc qdisc %s is not modelled (the "
				  "model has pfifo_fast and noqueue only)", argv[i]);
			return CMD_FAIL;
		}
		fprintf(c->err, "Command \"%s\" is unknown, try \"tc qdisc "
			"help\".\n", argv[i]);
		return CMD_USAGE;
	}
	if (i < argc)
		i++;
	if (i < argc && !strcmp(argv[i], "dev")) {
		if (i + 1 >= argc) {
			fprintf(c->err, "Command line is not complete. Try "
				"option \"help\"\n");
			return CMD_USAGE;
		}
		if (!(dev = dev_by_name(w, argv[i + 1]))) {
			fprintf(c->err, "Cannot find device \"%s\"\n", argv[i + 1]);
			return CMD_FAIL;
		}
		i += 2;
	}
	if (i < argc) {
		fprintf(c->err, "What is \"%s\"? Try \"tc qdisc help\".\n",
			argv[i]);
		return CMD_USAGE;
	}
	for (int d = 1; d < MAX_DEV; d++)
		if (w->dev[d].kind != DEV_NONE && (!dev || d == dev))
			show_one(w, c, d, !dev, stats);
	return CMD_OK;
}
