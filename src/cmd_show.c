/*
 * cmd_show.c: sysctl, ss, nstat, cat /proc/net/... and expect: reading
 * (and for sysctl, setting) the world in the real tools' formats.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "net.h"
#include "pkt.h"
#include "proto/ip.h"

/* net.ipv4.conf.DEV.KEY -> the value's address; NULL when unknown. */
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

enum cmd_status cmd_sysctl(struct world *w, struct cmd_ctx *c, int argc,
			   char **argv)
{
	bool write = false, quiet = false;
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-w"))
			write = true;
		else if (!strcmp(argv[i], "-q"))
			quiet = true;
		else {
			cmd_error(c, "sysctl: illegal option -- '%s'", argv[i] + 1);
			return CMD_USAGE;
		}
	}
	if (i >= argc) {
		cmd_error(c, "sysctl: no variables specified");
		return CMD_USAGE;
	}
	for (; i < argc; i++) {
		char key[128];
		const char *eq = strchr(argv[i], '=');
		int64_t v;

		snprintf(key, sizeof(key), "%.*s", eq ? (int)(eq - argv[i]) :
			 (int)strlen(argv[i]), argv[i]);
		for (char *p = key; *p; p++)
			if (*p == '/')
				*p = '.';
		if (eq) {
			char *end;

			if (!write) {
				cmd_error(c, "sysctl: \"%s\" must be of the form "
					  "name=value (use -w)", argv[i]);
				return CMD_USAGE;
			}
			v = strtoll(eq + 1, &end, 10);
			if (!eq[1] || *end) {
				cmd_error(c, "sysctl: setting key \"%s\": Invalid "
					  "argument", key);
				return CMD_FAIL;
			}
			if (!sysctl_get(w, key, &(int64_t){ 0 })) {
				cmd_error(c, "sysctl: cannot stat /proc/sys/%s: No "
					  "such file or directory", key);
				return CMD_FAIL;
			}
			if (!sysctl_set(w, key, v)) {
				cmd_error(c, "sysctl: setting key \"%s\": Invalid "
					  "argument", key);
				return CMD_FAIL;
			}
			if (!quiet)
				fprintf(c->out, "%s = %lld\n", key, (long long)v);
			continue;
		}
		if (!sysctl_get(w, key, &v)) {
			cmd_error(c, "sysctl: cannot stat /proc/sys/%s: No such "
				  "file or directory", key);
			return CMD_FAIL;
		}
		if (!strcmp(key, "net.ipv4.ip_local_port_range"))
			fprintf(c->out, "%s = %lld\t60999\n", key, (long long)v);
		else
			fprintf(c->out, "%s = %lld\n", key, (long long)v);
	}
	return CMD_OK;
}

enum cmd_status cmd_ss(struct world *w, struct cmd_ctx *c, int argc,
		       char **argv)
{
	bool udp = false;

	for (int i = 1; i < argc; i++) {
		if (argv[i][0] != '-' || strspn(argv[i] + 1, "uantl") !=
		    strlen(argv[i] + 1)) {
			cmd_error(c, "ss: unknown option '%s' (netstep's ss knows "
				  "-u -a -n -t -l)", argv[i]);
			return CMD_USAGE;
		}
		if (strchr(argv[i], 'u'))
			udp = true;
	}
	fprintf(c->out, "State  Recv-Q Send-Q Local Address:Port  Peer "
		"Address:Port\n");
	for (uint32_t h = 1; h <= w->sock_pool.hwm && udp; h++) {
		const struct sock *sk = &w->sock[h - 1];
		char a[16], b[16], l[24], p[24];

		if (!pool_is_used(&w->sock_pool, w->sock_next, h))
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

static void cat_snmp(struct world *w, struct cmd_ctx *c)
{
	static const char *const rows[] = { "Ip", "Icmp", "Udp" };

	for (size_t r = 0; r < 3; r++) {
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

/* expect counter NAME N: nstat names, IcmpMsg{In,Out}TypeN, DEV.field,
 * softnet.field. */
static bool counter_value(const struct world *w, const char *name,
			  uint64_t *v)
{
	const char *dot = strchr(name, '.');
	int i;
	unsigned t;

	if ((i = snmp_counter_by_name(name)) >= 0)
		return *v = w->snmp[i], true;
	if (sscanf(name, "IcmpMsgInType%u", &t) == 1 && t < 256)
		return *v = w->icmpmsg_in[t], true;
	if (sscanf(name, "IcmpMsgOutType%u", &t) == 1 && t < 256)
		return *v = w->icmpmsg_out[t], true;
	if (!dot)
		return false;
	if (!strncmp(name, "softnet.", 8)) {
		for (i = 0; i < SNC__COUNT; i++)
			if (!strcmp(dot + 1, softnet_counter_name((enum softnet_counter)i)))
				return *v = w->softnet.stats[i], true;
		return false;
	}
	char dev[IFNAMSIZ + 1];

	if ((size_t)(dot - name) > IFNAMSIZ)
		return false;
	memcpy(dev, name, (size_t)(dot - name));
	dev[dot - name] = 0;
	int d = dev_by_name(w, dev);

	if (!d || (i = dev_counter_by_name(dot + 1)) < 0)
		return false;
	*v = w->dev[d].stats[i];
	return true;
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

enum cmd_status cmd_expect(struct world *w, struct cmd_ctx *c, int argc,
			   char **argv)
{
	uint64_t want, have;

	if (argc < 2)
		goto usage;
	if (!strcmp(argv[1], "fate"))
		return expect_fate(w, c, argc, argv);
	if (!strcmp(argv[1], "counter") && argc == 4) {
		if (!counter_value(w, argv[2], &have)) {
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

		for (int i = 1; i <= NFH_POSTROUTING; i++)
			if (!strcmp(hook, nf_hook_name((enum nf_hook_id)i)))
				hk = i;
		if (!hk || !vd)
			goto usage;
		if (!c->mem.verdict_seen[hk][vd]) {
			cmd_error(c, "expect: no %s verdict at %s", v, hook);
			return CMD_FAIL;
		}
		return CMD_OK;
	}
usage:
	cmd_error(c, "usage: expect fate PKT FATE [at FUNC] [reason R] | counter "
		  "NAME N | stage FUNC | verdict HOOK [TABLE] VERDICT | ring DEV "
		  "rx|tx N | socket NAME queued N");
	return CMD_USAGE;
}
