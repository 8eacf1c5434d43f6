/*
 * cmd_show.c: sysctl, ss, nstat, cat /proc/net/... and expect: reading
 * (and for sysctl, setting) the world in the real tools' formats.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ip_tables.h"
#include "tcp.h"
#include "net.h"
#include "pkt.h"
#include "proto/ip.h"

/* net.ipv4.conf.DEV.KEY -> the value's address; NULL when unknown.  A dot
 * inside DEV comes here as '/' (see sysctl_slashdot). */
static int32_t *conf_slot(struct world *w, const char *key, int *ifindex)
{
	char dev[IFNAMSIZ + 1];
	const char *p = key + strlen("net.ipv4.conf."), *dot = strchr(p, '.');
	int id;

	if (strncmp(key, "net.ipv4.conf.", 14) || !dot ||
	    (size_t)(dot - p) > IFNAMSIZ)
		return NULL;
	memcpy(dev, p, (size_t)(dot - p));
	dev[dot - p] = 0;
	for (char *s = dev; *s; s++)
		if (*s == '/')
			*s = '.';
	if ((id = ipv4_conf_by_key(dot + 1)) < 0)
		return NULL;
	*ifindex = 0;
	if (!strcmp(dev, "all"))
		return &w->conf_all[id];
	if (!strcmp(dev, "default"))
		return &w->conf_default[id];
	if (!(*ifindex = dev_by_name(w, dev)))
		return NULL;
	return &w->dev[*ifindex].conf[id];
}

static bool sysctl_set(struct world *w, const char *key, int64_t v)
{
	int id = sysctl_by_key(key), dev;
	int32_t *slot;

	if (id >= 0) {
		const struct sysctl_info *si = sysctl_info((enum sysctl_id)id);

		if (v < si->min || v > si->max)
			return false;
		w->sysctl[id] = v;
		if (id == SYS_ip_forward) {
			/* writing ip_forward sets conf.all and every device */
			w->conf_all[CONF_forwarding] = (int32_t)v;
			w->conf_default[CONF_forwarding] = (int32_t)v;
			for (int i = 1; i < MAX_DEV; i++)
				w->dev[i].conf[CONF_forwarding] = (int32_t)v;
		}
		return true;
	}
	if (!(slot = conf_slot(w, key, &dev)) || v < 0 || v > 0x7fffffff)
		return false;
	*slot = (int32_t)v;
	if (slot == &w->conf_all[CONF_forwarding]) {
		w->sysctl[SYS_ip_forward] = v;
		for (int i = 1; i < MAX_DEV; i++)
			w->dev[i].conf[CONF_forwarding] = (int32_t)v;
	}
	return true;
}

static bool sysctl_get(struct world *w, const char *key, int64_t *v)
{
	int id = sysctl_by_key(key), dev;
	int32_t *slot;

	if (id >= 0) {
		*v = w->sysctl[id];
		return true;
	}
	if (!(slot = conf_slot(w, key, &dev)))
		return false;
	*v = *slot;
	return true;
}

/* What sysctl's options asked for (procps-ng 4.0.2). */
struct sysctl_opts {
	bool write, quiet, ignore;
	bool values_only;            /* -n */
	bool names_only;             /* -N */
};

/* procps's slashdot(): a name is separated by '.' or by '/', whichever
 * comes first, and the other character may then sit inside a component
 * (a device eth0.1).  Converting swaps the two throughout, so
 * net/ipv4/conf/eth0.1/rp_filter is shown as
 * net.ipv4.conf.eth0/1.rp_filter. */
static void sysctl_slashdot(char *p, char want)
{
	p = strpbrk(p, "/.");
	if (!p || *p == want)
		return;
	for (; p; p = strpbrk(p + 1, "/."))
		*p = *p == '.' ? '/' : '.';
}

/* The first len bytes of s without the spaces around them, as procps
 * trims names and values. */
static void sysctl_trim(const char *s, size_t len, char *out, size_t n)
{
	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	snprintf(out, n, "%.*s", (int)len, s);
}

/* An argument's name as it is shown (key, dotted) and its file (path,
 * under /proc/sys). */
static void sysctl_names(const char *arg, size_t len, char key[128],
			 char path[160])
{
	sysctl_trim(arg, len, key, 128);
	snprintf(path, 160, "/proc/sys/%s", key);
	sysctl_slashdot(path + strlen("/proc/sys/"), '/');
	sysctl_slashdot(key, '.');
}

/* The kernel's proc_dointvec: an optional '-' and a number in C's bases
 * (0x10 and 010 are taken; "+1" and "1x" are not). */
static bool sysctl_number(const char *s, int64_t *v)
{
	const char *p = s + (*s == '-');
	char *end;
	long long x;

	if (!isdigit((unsigned char)*p))
		return false;
	errno = 0;
	x = strtoll(s, &end, 0);
	while (isspace((unsigned char)*end))
		end++;
	if (errno || *end)
		return false;
	*v = x;
	return true;
}

/* ip_local_port_range is "LOW [HIGH]" (ipv4_local_port_range): LOW at
 * least ip_unprivileged_port_start, 1024, and at most HIGH.  netstep keeps
 * HIGH at 60999. */
static enum cmd_status port_range_value(struct cmd_ctx *c, const char *val,
					int64_t *lo)
{
	int64_t hi = 60999;
	char buf[64];
	char *sp;

	snprintf(buf, sizeof(buf), "%s", val);
	sp = strpbrk(buf, " \t");
	if (sp) {
		*sp++ = 0;
		while (isspace((unsigned char)*sp))
			sp++;
	}
	if (!sysctl_number(buf, lo) || (sp && !sysctl_number(sp, &hi)) ||
	    *lo < 1024 || hi < *lo || hi > 65535)
		return CMD_FAIL;
	if (hi != 60999) {
		cmd_error(c, "netstep: the high end of ip_local_port_range "
			  "stays 60999 in this model");
		return CMD_USAGE;
	}
	return CMD_OK;
}

/* A name with no file under /proc/sys: procps's message, or nothing
 * with -e. */
static enum cmd_status sysctl_missing(struct cmd_ctx *c,
				      const struct sysctl_opts *o,
				      const char *path)
{
	if (o->ignore)
		return CMD_OK;
	cmd_error(c, "sysctl: cannot stat %s: No such file or directory",
		  path);
	return CMD_FAIL;
}

static enum cmd_status sysctl_write(struct world *w, struct cmd_ctx *c,
				    const struct sysctl_opts *o,
				    const char *arg)
{
	char key[128], path[160], val[64];
	const char *eq = strchr(arg, '=');
	enum cmd_status st = CMD_OK;
	int64_t v;

	if (!eq) {
		cmd_error(c, "sysctl: command line(0): invalid syntax, "
			  "continuing...");
		return CMD_FAIL;
	}
	sysctl_names(arg, (size_t)(eq - arg), key, path);
	sysctl_trim(eq + 1, strlen(eq + 1), val, sizeof(val));
	if (!sysctl_get(w, key, &v))
		return sysctl_missing(c, o, path);
	if (!strcmp(key, "net.ipv4.ip_local_port_range"))
		st = port_range_value(c, val, &v);
	else if (!sysctl_number(val, &v))
		st = CMD_FAIL;
	if (st == CMD_OK && !sysctl_set(w, key, v))
		st = CMD_FAIL;
	if (st == CMD_FAIL)
		cmd_error(c, "sysctl: setting key \"%s\": Invalid argument",
			  key);
	if (st != CMD_OK)
		return st;
	/* procps echoes the value as given, not as read back; with -N it
	 * prints the value too */
	if (o->quiet)
		return CMD_OK;
	if (o->values_only || o->names_only)
		fprintf(c->out, "%s\n", val);
	else
		fprintf(c->out, "%s = %s\n", key, val);
	return CMD_OK;
}

static enum cmd_status sysctl_read(struct world *w, struct cmd_ctx *c,
				   const struct sysctl_opts *o,
				   const char *arg)
{
	char key[128], path[160], val[48];
	int64_t v;

	if (!*arg) {
		cmd_error(c, "sysctl: \"\" is an unknown key");
		return CMD_FAIL;
	}
	sysctl_names(arg, strlen(arg), key, path);
	if (!sysctl_get(w, key, &v))
		return sysctl_missing(c, o, path);
	if (o->names_only) {
		fprintf(c->out, "%s\n", key);
		return CMD_OK;
	}
	snprintf(val, sizeof(val), "%lld%s", (long long)v,
		 strcmp(key, "net.ipv4.ip_local_port_range") ? "" : "\t60999");
	if (o->values_only)
		fprintf(c->out, "%s\n", val);
	else
		fprintf(c->out, "%s = %s\n", key, val);
	return CMD_OK;
}

/* One short option letter; CMD_OK, or CMD_USAGE with the message given. */
static enum cmd_status sysctl_flag(struct cmd_ctx *c, struct sysctl_opts *o,
				   char f, const char *as)
{
	switch (f) {
	case 'w': o->write = true; break;
	case 'q': o->quiet = true; break;
	case 'e': o->ignore = true; break;
	case 'n': o->values_only = true; break;
	case 'N': o->names_only = true; break;
	case 'o': case 'x': break;      /* procps: "does nothing" */
	case 'a': case 'A': case 'X': case 'b': case 'p': case 'f':
	case 'r': case 'V': case 'd': case 'h':
		cmd_error(c, "netstep: sysctl %s is not modelled", as);
		return CMD_USAGE;
	default:
		cmd_error(c, "sysctl: invalid option -- '%c'", f);
		return CMD_USAGE;
	}
	return CMD_OK;
}

/* --NAME, or a prefix of one NAME (getopt_long). */
static enum cmd_status sysctl_long(struct cmd_ctx *c, struct sysctl_opts *o,
				   const char *arg)
{
	static const struct { const char *name; char flag; } longs[] = {
		{ "all", 'a' }, { "deprecated", 'a' }, { "dry-run", 'a' },
		{ "binary", 'b' }, { "ignore", 'e' }, { "names", 'N' },
		{ "values", 'n' }, { "load", 'p' }, { "quiet", 'q' },
		{ "write", 'w' }, { "system", 'a' }, { "pattern", 'r' },
		{ "help", 'h' }, { "version", 'V' },
	};
	size_t len = strcspn(arg + 2, "="), n = sizeof(longs) / sizeof(*longs);
	int found = -1;

	for (size_t i = 0; i < n; i++) {
		if (strncmp(arg + 2, longs[i].name, len))
			continue;
		if (strlen(longs[i].name) == len || found < 0) {
			found = (int)i;
			if (strlen(longs[i].name) == len)
				break;
		} else {
			cmd_error(c, "sysctl: option '%s' is ambiguous", arg);
			return CMD_USAGE;
		}
	}
	if (found < 0 || !len) {
		cmd_error(c, "sysctl: unrecognized option '%s'", arg);
		return CMD_USAGE;
	}
	return sysctl_flag(c, o, longs[found].flag, arg);
}

/* getopt_long as procps calls it: options may come after names too. */
static enum cmd_status sysctl_options(struct cmd_ctx *c, struct sysctl_opts *o,
				      int argc, char **argv, int *nnames)
{
	enum cmd_status st = CMD_OK;
	bool dashdash = false;

	*nnames = 0;
	for (int i = 1; i < argc && st == CMD_OK; i++) {
		const char *a = argv[i];

		if (dashdash || a[0] != '-' || !a[1]) {
			++*nnames;
		} else if (!strcmp(a, "--")) {
			dashdash = true;
		} else if (a[1] == '-') {
			st = sysctl_long(c, o, a);
		} else {
			for (const char *f = a + 1; *f && st == CMD_OK; f++) {
				char as[3] = { '-', *f, 0 };

				st = sysctl_flag(c, o, *f, as);
			}
		}
	}
	if (st == CMD_OK && o->names_only && o->quiet) {
		cmd_error(c, "sysctl: options -N and -q cannot coexist\n"
			  "Try `sysctl --help' for more information.");
		st = CMD_USAGE;
	}
	return st;
}

/* A name argument: not an option, or anything after "--". */
static bool sysctl_is_name(char **argv, int i)
{
	for (int j = 1; j < i; j++)
		if (!strcmp(argv[j], "--"))
			return true;
	return argv[i][0] != '-' || !argv[i][1];
}

enum cmd_status cmd_sysctl(struct world *w, struct cmd_ctx *c, int argc,
			   char **argv)
{
	struct sysctl_opts o = { 0 };
	enum cmd_status st, worst = CMD_OK;
	int nnames;

	if (argc < 2) {
		cmd_error(c, "Usage:\n"
			  " sysctl [options] [variable[=value] ...]");
		return CMD_USAGE;
	}
	if ((st = sysctl_options(c, &o, argc, argv, &nnames)))
		return st;
	if (!nnames) {
		cmd_error(c, "sysctl: no variables specified\n"
			  "Try `sysctl --help' for more information.");
		return CMD_USAGE;
	}
	/* like procps, an error does not stop the names after it */
	for (int i = 1; i < argc; i++) {
		if (!sysctl_is_name(argv, i))
			continue;
		if (o.write || strchr(argv[i], '='))
			st = sysctl_write(w, c, &o, argv[i]);
		else
			st = sysctl_read(w, c, &o, argv[i]);
		if (st > worst)
			worst = st;
	}
	return worst;
}

/* One TCP line of ss: a listener's Recv-Q is its accept queue and its
 * Send-Q the backlog (tcp_diag_get_info); a connection's Recv-Q is
 * rcv_nxt - copied_seq, its Send-Q write_seq - snd_una (queued, sent or
 * not, and unacknowledged); a timewait sock shows its substate and 0 0. */
static void ss_tcp_line(struct cmd_ctx *c, const struct sock *sk)
{
	char a[16], b[16], l[24], p[24];
	bool lis = sk->state == TCP_LISTEN;

	snprintf(l, sizeof(l), "%s:%u", sk->laddr ? ip_fmt(sk->laddr, a) :
		 "0.0.0.0", sk->lport);
	if (lis)
		snprintf(p, sizeof(p), "0.0.0.0:*");
	else
		snprintf(p, sizeof(p), "%s:%u", ip_fmt(sk->daddr, b), sk->dport);
	if (sk->state == TCP_TIME_WAIT) {
		fprintf(c->out, "%-6s %-6u %-6u %-19s %s\n",
			tcp_state_name(sk->tw_substate), 0u, 0u, l, p);
		return;
	}
	fprintf(c->out, "%-6s %-6u %-6u %-19s %s\n", tcp_state_name(sk->state),
		lis ? sk->ack_backlog : sk->rcv_nxt - sk->copied_seq,
		lis ? sk->max_ack_backlog : sk->write_seq - sk->snd_una, l, p);
}

/* ss -t: connections; -l listeners only; -a both. */
static void ss_tcp(struct world *w, struct cmd_ctx *c, bool all, bool lis)
{
	for (uint32_t h = 1; h <= w->sock_pool.hwm; h++) {
		const struct sock *sk = &w->sock[h - 1];
		bool is_lis;

		if (!pool_is_used(&w->sock_pool, w->sock_next, h) ||
		    sk->proto != IPPROTO_TCP || sk->state == TCP_CLOSE ||
		    !sk->state)
			continue;
		is_lis = sk->state == TCP_LISTEN;
		if (all || is_lis == lis)
			ss_tcp_line(c, sk);
	}
}

enum cmd_status cmd_ss(struct world *w, struct cmd_ctx *c, int argc,
		       char **argv)
{
	bool udp = false, tcp = false, all = false, lis = false;

	for (int i = 1; i < argc; i++) {
		if (argv[i][0] != '-' || strspn(argv[i] + 1, "uantl") !=
		    strlen(argv[i] + 1)) {
			cmd_error(c, "ss: unknown option '%s' (netstep's ss knows "
				  "-u -a -n -t -l)", argv[i]);
			return CMD_USAGE;
		}
		if (strchr(argv[i], 'u'))
			udp = true;
		tcp |= strchr(argv[i], 't') != NULL;
		all |= strchr(argv[i], 'a') != NULL;
		lis |= strchr(argv[i], 'l') != NULL;
	}
	fprintf(c->out, "State  Recv-Q Send-Q Local Address:Port  Peer "
		"Address:Port\n");
	for (uint32_t h = 1; h <= w->sock_pool.hwm && udp; h++) {
		const struct sock *sk = &w->sock[h - 1];
		char a[16], b[16], l[24], p[24];

		if (!pool_is_used(&w->sock_pool, w->sock_next, h) ||
		    sk->proto == IPPROTO_TCP)
			continue;
		snprintf(l, sizeof(l), "%s:%u", sk->laddr ? ip_fmt(sk->laddr, a) :
			 "0.0.0.0", sk->lport);
		if (sk->connected)
			snprintf(p, sizeof(p), "%s:%u", ip_fmt(sk->daddr, b), sk->dport);
		else
			snprintf(p, sizeof(p), "0.0.0.0:*");
		fprintf(c->out, "%-6s %-6u %-6u %-19s %s\n",
			sk->connected ? "ESTAB" : "UNCONN", sk->rmem, sk->wmem, l, p);
	}
	if (tcp)
		ss_tcp(w, c, all, lis);
	return CMD_OK;
}

enum cmd_status cmd_nstat(struct world *w, struct cmd_ctx *c, int argc,
			  char **argv)
{
	bool zeros = false;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-a") || !strcmp(argv[i], "-s") ||
		    !strcmp(argv[i], "-n"))
			continue;
		if (!strcmp(argv[i], "-z") || !strcmp(argv[i], "-az") ||
		    !strcmp(argv[i], "-za")) {
			zeros = true;
			continue;
		}
		cmd_error(c, "nstat: invalid option -- '%s'", argv[i]);
		return CMD_USAGE;
	}
	fprintf(c->out, "#kernel\n");
	for (int i = 0; i < CTR__COUNT; i++)
		if (zeros || w->snmp[i])
			fprintf(c->out, "%-32s%-16llu0.0\n",
				snmp_counter_name((enum snmp_counter)i),
				(unsigned long long)w->snmp[i]);
	for (int t = 0; t < 256; t++) {
		if (w->icmpmsg_in[t])
			fprintf(c->out, "IcmpMsgInType%-19d%-16llu0.0\n", t,
				(unsigned long long)w->icmpmsg_in[t]);
		if (w->icmpmsg_out[t])
			fprintf(c->out, "IcmpMsgOutType%-18d%-16llu0.0\n", t,
				(unsigned long long)w->icmpmsg_out[t]);
	}
	return CMD_OK;
}

/* TCP_MIB_CURRESTAB: a gauge of the connections in ESTABLISHED or
 * CLOSE_WAIT (tcp_set_state; CLOSE_WAIT since Linux 6.10). */
static unsigned tcp_curr_estab(const struct world *w)
{
	unsigned n = 0;

	for (uint32_t h = 1; h <= w->sock_pool.hwm; h++)
		if (pool_is_used(&w->sock_pool, w->sock_next, h) &&
		    w->sock[h - 1].proto == IPPROTO_TCP &&
		    (w->sock[h - 1].state == TCP_ESTABLISHED ||
		     w->sock[h - 1].state == TCP_CLOSE_WAIT))
			n++;
	return n;
}

/* The Tcp rows of /proc/net/snmp (snmp_seq_show_tcp_udp): the RTO
 * constants, MaxConn -1, then the MIB, CurrEstab among them. */
static void cat_snmp_tcp(const struct world *w, struct cmd_ctx *c)
{
	static const enum snmp_counter before[] = {
		CTR_TcpActiveOpens, CTR_TcpPassiveOpens, CTR_TcpAttemptFails,
		CTR_TcpEstabResets,
	};
	static const enum snmp_counter after[] = {
		CTR_TcpInSegs, CTR_TcpOutSegs, CTR_TcpRetransSegs, CTR_TcpInErrs,
		CTR_TcpOutRsts, CTR_TcpInCsumErrors,
	};

	fprintf(c->out, "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens "
		"PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs "
		"RetransSegs InErrs OutRsts InCsumErrors\nTcp: 1 200 120000 -1");
	for (size_t i = 0; i < sizeof(before) / sizeof(before[0]); i++)
		fprintf(c->out, " %llu", (unsigned long long)w->snmp[before[i]]);
	fprintf(c->out, " %u", tcp_curr_estab(w));
	for (size_t i = 0; i < sizeof(after) / sizeof(after[0]); i++)
		fprintf(c->out, " %llu", (unsigned long long)w->snmp[after[i]]);
	fputc('\n', c->out);
}

static void cat_snmp(struct world *w, struct cmd_ctx *c)
{
	static const char *const rows[] = { "Ip", "Icmp", "Udp" };

	for (size_t r = 0; r < 3; r++) {
		if (!strcmp(rows[r], "Udp"))
			cat_snmp_tcp(w, c);
		bool ip = !strcmp(rows[r], "Ip");

		fprintf(c->out, "%s:%s", rows[r], ip ? " Forwarding DefaultTTL" : "");
		for (int i = 0; i < CTR__COUNT; i++)
			if (!strcmp(snmp_counter_row((enum snmp_counter)i), rows[r]))
				fprintf(c->out, " %s",
					snmp_counter_col((enum snmp_counter)i));
		fprintf(c->out, "\n%s:", rows[r]);
		if (ip)
			fprintf(c->out, " %d %lld",
				w->conf_all[CONF_forwarding] ? 1 : 2,
				(long long)w->sysctl[SYS_ip_default_ttl]);
		for (int i = 0; i < CTR__COUNT; i++)
			if (!strcmp(snmp_counter_row((enum snmp_counter)i), rows[r]))
				fprintf(c->out, " %llu", (unsigned long long)w->snmp[i]);
		fputc('\n', c->out);
	}
	/* UDP-Lite has no socket here: its row is all zeros */
	fprintf(c->out, "UdpLite: InDatagrams NoPorts InErrors OutDatagrams "
		"RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors\n"
		"UdpLite: 0 0 0 0 0 0 0 0 0\n");
}

static void cat_dev(struct world *w, struct cmd_ctx *c)
{
	fprintf(c->out, "Inter-|   Receive                                     "
		"           |  Transmit\n face |bytes    packets errs drop fifo "
		"frame compressed multicast|bytes    packets errs drop fifo colls "
		"carrier compressed\n");
	for (int i = 1; i < MAX_DEV; i++) {
		const uint64_t *s = w->dev[i].stats;

		if (w->dev[i].kind == DEV_NONE)
			continue;
		fprintf(c->out, "%6s: %7llu %7llu %4llu %4llu %4llu %5llu %10u "
			"%9llu %8llu %7llu %4llu %4llu %4u %5u %7u %10u\n",
			w->dev[i].name, (unsigned long long)s[DEVC_rx_bytes],
			(unsigned long long)s[DEVC_rx_packets],
			(unsigned long long)s[DEVC_rx_errors],
			(unsigned long long)(s[DEVC_rx_dropped] +
					     s[DEVC_rx_missed_errors]),
			(unsigned long long)s[DEVC_rx_fifo_errors],
			(unsigned long long)(s[DEVC_rx_length_errors] +
					     s[DEVC_rx_crc_errors]), 0u,
			(unsigned long long)s[DEVC_multicast],
			(unsigned long long)s[DEVC_tx_bytes],
			(unsigned long long)s[DEVC_tx_packets],
			(unsigned long long)s[DEVC_tx_errors],
			(unsigned long long)s[DEVC_tx_dropped], 0u, 0u, 0u, 0u);
	}
}

enum cmd_status cmd_cat(struct world *w, struct cmd_ctx *c, int argc,
			char **argv)
{
	if (argc != 2) {
		cmd_error(c, "usage: cat /proc/net/snmp|dev|softnet_stat");
		return CMD_USAGE;
	}
	if (!strcmp(argv[1], "/proc/net/snmp"))
		cat_snmp(w, c);
	else if (!strcmp(argv[1], "/proc/net/dev"))
		cat_dev(w, c);
	else if (!strcmp(argv[1], "/proc/net/softnet_stat"))
		fprintf(c->out, "%08llx %08llx %08llx 00000000 00000000 00000000 "
			"00000000 00000000 00000000 00000000 00000000 %08x "
			"00000000 %08x 00000000\n",
			(unsigned long long)w->softnet.stats[SNC_processed],
			(unsigned long long)w->softnet.stats[SNC_dropped],
			(unsigned long long)w->softnet.stats[SNC_time_squeeze],
			w->softnet.backlog.qlen, w->softnet.backlog.qlen);
	else {
		cmd_error(c, "cat: %s: No such file or directory (netstep has "
			  "/proc/net/snmp, /proc/net/dev, /proc/net/softnet_stat)",
			  argv[1]);
		return CMD_FAIL;
	}
	return CMD_OK;
}

static enum cmd_status expect_fate(struct world *w, struct cmd_ctx *c, int argc,
				   char **argv)
{
	uint64_t pkt;
	const struct fate_rec *f = NULL;

	if (argc < 4 || !parse_u64(argv[2], 1, UINT32_MAX, &pkt)) {
		cmd_error(c, "usage: expect fate PKT FATE [at FUNC] [reason R]");
		return CMD_USAGE;
	}
	for (uint32_t i = 0; i < c->mem.nfates; i++)
		if (c->mem.fates[i].pkt == pkt)
			f = &c->mem.fates[i];
	if (!f && c->settle) {
		cmd_run_until(w, c, UINT64_MAX, true);
		for (uint32_t i = 0; i < c->mem.nfates; i++)
			if (c->mem.fates[i].pkt == pkt)
				f = &c->mem.fates[i];
	}
	if (!f) {
		cmd_error(c, "expect: packet %llu has no fate yet",
			  (unsigned long long)pkt);
		return CMD_FAIL;
	}
	if (strcmp(argv[3], fate_name((enum fate)f->fate))) {
		cmd_error(c, "expect: packet %llu was %s, not %s",
			  (unsigned long long)pkt, fate_name((enum fate)f->fate),
			  argv[3]);
		return CMD_FAIL;
	}
	for (int i = 4; i + 1 < argc; i += 2) {
		const char *got = !strcmp(argv[i], "at") ?
			stage_info((enum stage)f->stage)->func :
			!strcmp(argv[i], "reason") ?
			drop_reason_name((enum drop_reason)f->reason) : NULL;

		if (!got) {
			cmd_error(c, "expect fate: unknown option '%s'", argv[i]);
			return CMD_USAGE;
		}
		if (strcmp(got, argv[i + 1])) {
			cmd_error(c, "expect: packet %llu: %s is %s, not %s",
				  (unsigned long long)pkt, argv[i], got, argv[i + 1]);
			return CMD_FAIL;
		}
	}
	return CMD_OK;
}

/* expect tap DEV seen N: what the tcpdumps on DEV captured (lessons). */
static enum cmd_status expect_tap(struct world *w, struct cmd_ctx *c,
				  char **argv)
{
	int d = dev_by_name(w, argv[2]);
	uint64_t want, have = 0;

	if (!d || !parse_u64(argv[4], 0, UINT64_MAX, &want)) {
		cmd_error(c, "usage: expect tap DEV seen N");
		return CMD_USAGE;
	}
	for (int i = 0; i < TAP_MAX; i++)
		if (w->tap[i].dev == d)
			have += w->tap[i].seen;
	if (have != want) {
		cmd_error(c, "expect: taps on %s saw %llu packet(s), not %llu",
			  argv[2], (unsigned long long)have,
			  (unsigned long long)want);
		return CMD_FAIL;
	}
	return CMD_OK;
}

/* expect neigh ADDR STATE [dev DEV]: the entry's NUD state as `ip neigh`
 * names it (NONE: no entry). */
static enum cmd_status expect_neigh(struct world *w, struct cmd_ctx *c,
				    int argc, char **argv)
{
	const char *have = "NONE";
	uint32_t key;
	int dev = 0;

	if ((argc != 4 && argc != 6) || !ip_parse(argv[2], &key) ||
	    (argc == 6 && (strcmp(argv[4], "dev") ||
			   !(dev = dev_by_name(w, argv[5]))))) {
		cmd_error(c, "usage: expect neigh ADDR STATE [dev DEV]");
		return CMD_USAGE;
	}
	for (int d = 1; d < MAX_DEV && !strcmp(have, "NONE"); d++) {
		uint32_t h = (!dev || d == dev) ? neigh_lookup(w, d, key) : 0;

		if (h)
			have = neigh_state_name(w->neigh[h - 1].nud);
	}
	if (strcmp(have, argv[3])) {
		cmd_error(c, "expect: neighbour %s is %s, not %s", argv[2], have,
			  argv[3]);
		return CMD_FAIL;
	}
	return CMD_OK;
}

enum cmd_status cmd_expect(struct world *w, struct cmd_ctx *c, int argc,
			   char **argv)
{
	uint64_t want, have;

	if (argc < 2)
		goto usage;
	if (!strcmp(argv[1], "fate"))
		return expect_fate(w, c, argc, argv);
	if (!strcmp(argv[1], "neigh"))
		return expect_neigh(w, c, argc, argv);
	if (!strcmp(argv[1], "counter") && argc == 4) {
		if (!world_counter(w, argv[2], &have)) {
			cmd_error(c, "expect: unknown counter '%s'", argv[2]);
			return CMD_USAGE;
		}
		if (!parse_u64(argv[3], 0, UINT64_MAX, &want))
			goto usage;
		if (have != want) {
			cmd_error(c, "expect: counter %s is %llu, not %llu", argv[2],
				  (unsigned long long)have, (unsigned long long)want);
			return CMD_FAIL;
		}
		return CMD_OK;
	}
	if (!strcmp(argv[1], "stage") && argc == 3) {
		enum stage s = stage_by_func(argv[2]);

		if (!s)
			s = stage_by_key(argv[2]);
		if (!s) {
			cmd_error(c, "expect: no stage '%s' in the model", argv[2]);
			return CMD_USAGE;
		}
		for (int i = 1; i < STAGE__COUNT; i++)
			if (c->mem.stage_seen[i] &&
			    !strcmp(stage_info((enum stage)i)->func,
				    stage_info(s)->func))
				return CMD_OK;
		cmd_error(c, "expect: %s never ran", argv[2]);
		return CMD_FAIL;
	}
	if (!strcmp(argv[1], "socket") && argc == 5 && !strcmp(argv[3], "queued")) {
		uint32_t h = sock_by_name(w, argv[2]);

		if (!h) {
			cmd_error(c, "expect: no socket named '%s'", argv[2]);
			return CMD_USAGE;
		}
		if (!parse_u64(argv[4], 0, UINT32_MAX, &want))
			goto usage;
		if (w->sock[h - 1].rq.qlen != want) {
			cmd_error(c, "expect: socket %s has %u queued, not %llu",
				  argv[2], w->sock[h - 1].rq.qlen,
				  (unsigned long long)want);
			return CMD_FAIL;
		}
		return CMD_OK;
	}
	if (!strcmp(argv[1], "ring") && argc == 5) {
		int d = dev_by_name(w, argv[2]);

		if (!d || w->dev[d].kind != DEV_ETHER ||
		    (strcmp(argv[3], "rx") && strcmp(argv[3], "tx")) ||
		    !parse_u64(argv[4], 0, RING_MAX, &want))
			goto usage;
		have = argv[3][0] == 'r' ? w->dev[d].nic.rx_count :
			w->dev[d].nic.tx_count;
		if (have != want) {
			cmd_error(c, "expect: %s %s ring holds %llu, not %llu",
				  argv[2], argv[3], (unsigned long long)have,
				  (unsigned long long)want);
			return CMD_FAIL;
		}
		return CMD_OK;
	}
	if (!strcmp(argv[1], "verdict") && (argc == 4 || argc == 5)) {
		const char *hook = argv[2], *v = argv[argc - 1];
		int hk = 0, vd = !strcmp(v, "ACCEPT") ? NFV_ACCEPT :
			!strcmp(v, "DROP") ? NFV_DROP : 0;
		int tb = argc == 5 ? ipt_table_by_name(argv[3]) : -1;

		for (int i = 1; i <= NFH_POSTROUTING; i++)
			if (!strcmp(hook, nf_hook_name((enum nf_hook_id)i)))
				hk = i;
		if (!hk || !vd || (argc == 5 && tb < 0))
			goto usage;
		if (!(c->mem.verdict_seen[hk][vd] & (tb < 0 ? 1u : 2u << tb))) {
			cmd_error(c, "expect: no %s verdict at %s%s%s", v, hook,
				  tb < 0 ? "" : " from the table ",
				  tb < 0 ? "" : argv[3]);
			return CMD_FAIL;
		}
		return CMD_OK;
	}
	if (!strcmp(argv[1], "tap") && argc == 5 && !strcmp(argv[3], "seen"))
		return expect_tap(w, c, argv);
usage:
	cmd_error(c, "usage: expect fate PKT FATE [at FUNC] [reason R] | counter "
		  "NAME N | stage FUNC | verdict HOOK [TABLE] VERDICT | ring DEV "
		  "rx|tx N | socket NAME queued N | tap DEV seen N | neigh ADDR "
		  "STATE [dev DEV]");
	return CMD_USAGE;
}
