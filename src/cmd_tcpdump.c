/*
 * cmd_tcpdump.c: `tcpdump` (CONTRACTS.md §2.1) -- attaches a packet tap
 * (af_packet.h) to a device, as tcpdump's AF_PACKET socket with its
 * filter.  What the tap captures is printed or written by the edge
 * (tap.h) after each step; this command only sets the tap up, in the
 * world, so going back before it detaches it again.
 *
 *   tcpdump [-enqv] [-c COUNT] [-i DEV] [-Q in|out|inout] [-w FILE] [EXPR]
 *   tcpdump stop [DEV]      netstep's own: ends running captures (what
 *                           Ctrl-C does to a real tcpdump)
 */
#include <errno.h>
#include <getopt.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "tap.h"

#define TAPF_HELP 0x80           /* -h: usage only, no capture */

static const char tcpdump_usage[] =
	"Usage: tcpdump [-ehnqSv] [-c count] [-i interface] [-Q in|out|inout]\n"
	"\t\t[-w file] [expression]\n"
	"       tcpdump stop [interface]\n"
	"A packet tap on the interface (any: every one, cooked): receive in __netif_receive_skb_core\n"
	"(before PREROUTING), transmit in dev_hard_start_xmit (after the\n"
	"qdisc).  Lines as tcpdump -n prints them, time = simulated time;\n"
	"-w writes pcap instead; -c stops after count packets; stop ends it.\n";

static int tap_free_slot(const struct world *w)
{
	for (int i = 0; i < TAP_MAX; i++)
		if (!w->tap[i].active)
			return i;
	return -1;
}

/* The first NIC that is up, as pcap_findalldevs would offer it. */
static int default_dev(const struct world *w)
{
	for (int i = 1; i < MAX_DEV; i++)
		if (w->dev[i].kind == DEV_ETHER && w->dev[i].up)
			return i;
	return 0;
}

static bool tap_compile(struct cmd_ctx *c, struct packet_tap *t,
			const char *expr, bool any)
{
	pcap_t *p = pcap_open_dead(any ? DLT_LINUX_SLL2 : DLT_EN10MB,
				   TAP_SNAPLEN);
	struct bpf_program prog;
	bool ok = false;

	if (!p) {
		cmd_error(c, "tcpdump: out of memory");
		return false;
	}
	if (pcap_compile(p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		cmd_error(c, "tcpdump: %s", pcap_geterr(p));
	} else if (prog.bf_len > TAP_INSNS) {
		cmd_error(c, "tcpdump: filter too long for netstep (%u BPF "
			  "instructions, at most %d)", prog.bf_len, TAP_INSNS);
		pcap_freecode(&prog);
	} else {
		t->ninsns = (uint16_t)prog.bf_len;
		memcpy(t->prog, prog.bf_insns,
		       prog.bf_len * sizeof(prog.bf_insns[0]));
		pcap_freecode(&prog);
		ok = true;
	}
	pcap_close(p);
	return ok;
}

/* The words after the options, joined as tcpdump joins them. */
static bool join_expr(char *out, size_t n, int argc, char **argv)
{
	size_t len = 0;

	out[0] = 0;
	for (int i = optind; i < argc; i++) {
		int k = snprintf(out + len, n - len, "%s%s", len ? " " : "",
				 argv[i]);

		if (k < 0 || (size_t)k >= n - len)
			return false;
		len += (size_t)k;
	}
	return true;
}

static bool parse_dirs(const char *s, uint8_t *dirs)
{
	if (!strcmp(s, "in"))
		*dirs = TAP_DIR_IN;
	else if (!strcmp(s, "out"))
		*dirs = TAP_DIR_OUT;
	else if (!strcmp(s, "inout"))
		*dirs = TAP_DIR_IN | TAP_DIR_OUT;
	else
		return false;
	return true;
}

/* tcpdump opens the output file before it captures anything. */
static bool file_check(struct cmd_ctx *c, const char *path)
{
	FILE *f;

	if (strlen(path) >= TAP_TEXT) {
		cmd_error(c, "tcpdump: %s: File name too long", path);
		return false;
	}
	f = fopen(path, "a");
	if (!f) {
		cmd_error(c, "tcpdump: %s: %s", path, strerror(errno));
		return false;
	}
	fclose(f);
	return true;
}

static enum cmd_status parse_opts(struct world *w, struct cmd_ctx *c,
				  int argc, char **argv, struct packet_tap *t,
				  const char **dev)
{
	uint64_t v;
	int o;

	optind = 0;
	opterr = 0;
	while ((o = getopt(argc, argv, "c:ehi:lnpqQ:s:SUvw:")) != -1) {
		switch (o) {
		case 'c':
			if (!parse_u64(optarg, 1, INT32_MAX, &v)) {
				cmd_error(c, "tcpdump: invalid packet count %s",
					  optarg);
				return CMD_USAGE;
			}
			t->count = v;
			break;
		case 'e': t->flags |= TAPF_ETHER; break;
		case 'n': t->flags |= TAPF_NUMERIC; break;
		case 'q': t->flags |= TAPF_QUIET; break;
		case 'v': t->flags |= TAPF_VERBOSE; break;
		case 'S': t->flags |= TAPF_ABSSEQ; break;
		case 'i': *dev = optarg; break;
		case 'h':
			t->flags |= TAPF_HELP;
			break;
		case 'l': case 'p': case 'U': case 's': break;
		case 'Q':
			if (!parse_dirs(optarg, &t->dirs)) {
				cmd_error(c, "tcpdump: unknown capture direction "
					  "`%s'", optarg);
				return CMD_USAGE;
			}
			break;
		case 'w':
			t->flags |= TAPF_WRITE;
			snprintf(t->file, sizeof(t->file), "%s", optarg);
			break;
		default:
			cmd_error(c, "tcpdump: invalid option -- '%c'\n%s",
				  optopt, tcpdump_usage);
			return CMD_USAGE;
		}
	}
	(void)w;
	return CMD_OK;
}

static enum cmd_status tcpdump_stop(struct world *w, struct cmd_ctx *c,
				    int argc, char **argv)
{
	int dev = 0, n = 0;

	if (argc > 3) {
		cmd_error(c, "%s", tcpdump_usage);
		return CMD_USAGE;
	}
	if (argc == 3 && !(dev = dev_by_name(w, argv[2]))) {
		cmd_error(c, "tcpdump: %s: No such device exists", argv[2]);
		return CMD_FAIL;
	}
	for (int i = 0; i < TAP_MAX; i++) {
		struct packet_tap *t = &w->tap[i];

		if (!t->active || (dev && t->dev != dev))
			continue;
		t->active = false;
		tap_print_stats(c->out, t);
		n++;
	}
	if (!n) {
		cmd_error(c, "tcpdump: no capture running%s%s",
			  dev ? " on " : "", dev ? argv[2] : "");
		return CMD_FAIL;
	}
	return CMD_OK;
}

static enum cmd_status tap_check_dev(struct world *w, struct cmd_ctx *c,
				     const char *name, int *dev)
{
	if (!name) {
		if (!(*dev = default_dev(w))) {
			cmd_error(c, "tcpdump: no suitable device found");
			return CMD_FAIL;
		}
		return CMD_OK;
	}
	if (!strcmp(name, "any")) {
		*dev = 0;
		return CMD_OK;
	}
	if (!(*dev = dev_by_name(w, name))) {
		cmd_error(c, "tcpdump: %s: No such device exists\n"
			  "(No such device exists)", name);
		return CMD_FAIL;
	}
	if (!w->dev[*dev].up) {
		cmd_error(c, "tcpdump: %s: That device is not up", name);
		return CMD_FAIL;
	}
	return CMD_OK;
}

enum cmd_status cmd_tcpdump(struct world *w, struct cmd_ctx *c, int argc,
			    char **argv)
{
	struct packet_tap t;
	const char *devname = NULL;
	enum cmd_status st;
	int slot, dev = 0;

	if (argc >= 2 && !strcmp(argv[1], "stop"))
		return tcpdump_stop(w, c, argc, argv);
	memset(&t, 0, sizeof(t));
	t.dirs = TAP_DIR_IN | TAP_DIR_OUT;
	if ((st = parse_opts(w, c, argc, argv, &t, &devname)) != CMD_OK)
		return st;
	if (t.flags & TAPF_HELP) {
		fputs(tcpdump_usage, c->out);
		return CMD_OK;
	}
	if (!join_expr(t.filter, sizeof(t.filter), argc, argv)) {
		cmd_error(c, "tcpdump: filter expression too long");
		return CMD_USAGE;
	}
	if ((st = tap_check_dev(w, c, devname, &dev)) != CMD_OK)
		return st;
	if ((slot = tap_free_slot(w)) < 0) {
		cmd_error(c, "tcpdump: at most %d captures at once (tcpdump "
			  "stop ends them)", TAP_MAX);
		return CMD_FAIL;
	}
	if (!tap_compile(c, &t, t.filter, !dev))
		return CMD_USAGE;
	if ((t.flags & TAPF_WRITE) && !file_check(c, t.file))
		return CMD_FAIL;
	t.dev = (uint8_t)dev;
	t.id = ++w->tap_seq;
	t.active = true;
	w->tap[slot] = t;
	/* pcap_set_datalink on "any": tcpdump says which type it took */
	if (!dev)
		fprintf(c->out, "tcpdump: data link type LINUX_SLL2\n");
	if (!(t.flags & (TAPF_WRITE | TAPF_VERBOSE)))
		fprintf(c->out, "tcpdump: verbose output suppressed, use -v[v]... "
			"for full protocol decode\n");
	fprintf(c->out, "%slistening on %s, link-type %s, snapshot length %d "
		"bytes\n", t.flags & TAPF_WRITE ? "tcpdump: " : "",
		dev ? w->dev[dev].name : "any", dev ? "EN10MB (Ethernet)" :
		"LINUX_SLL2 (Linux cooked v2)", TAP_SNAPLEN);
	return CMD_OK;
}
