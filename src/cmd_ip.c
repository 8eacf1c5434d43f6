/*
 * cmd_ip.c: iproute2's `ip` for links, addresses, routes and neighbours,
 * with its option syntax and its error messages (iproute2 6.1).
 */
#include <string.h>

#include "cmd.h"
#include "devinet.h"
#include "net.h"
#include "pkt.h"
#include "proto/ip.h"
#include "route.h"

static bool prefix_parse(const char *s, uint32_t *addr, int *plen)
{
	char buf[32];
	const char *sl = strchr(s, '/');
	uint64_t p = 32;

	if (strlen(s) >= sizeof(buf))
		return false;
	if (sl) {
		memcpy(buf, s, (size_t)(sl - s));
		buf[sl - s] = 0;
		if (!parse_u64(sl + 1, 0, 32, &p))
			return false;
	} else {
		strcpy(buf, s);
	}
	*plen = (int)p;
	return ip_parse(buf, addr);
}

static int need_dev(struct world *w, struct cmd_ctx *c, const char *name)
{
	int d = name ? dev_by_name(w, name) : 0;

	if (!d)
		cmd_error(c, "Cannot find device \"%s\"", name ? name : "");
	return d;
}

static const char *const link_flags_up = "<BROADCAST,MULTICAST,UP,LOWER_UP>";

static void link_show_one(struct world *w, struct cmd_ctx *c, int i, bool stats)
{
	struct net_device *d = &w->dev[i];
	char mac[18];

	if (d->kind == DEV_LOOPBACK)
		fprintf(c->out, "%d: lo: <LOOPBACK,UP,LOWER_UP> mtu %u qdisc noqueue "
			"state UNKNOWN mode DEFAULT group default qlen 1000\n"
			"    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n",
			i, d->mtu);
	else
		fprintf(c->out, "%d: %s: %s mtu %u qdisc pfifo_fast state %s mode "
			"DEFAULT group default qlen %u\n    link/ether %s brd "
			"ff:ff:ff:ff:ff:ff\n", i, d->name,
			d->up ? (d->promisc ? "<BROADCAST,MULTICAST,PROMISC,UP,LOWER_UP>" :
				 link_flags_up) :
			(d->promisc ? "<BROADCAST,MULTICAST,PROMISC>" :
			 "<BROADCAST,MULTICAST>"),
			d->mtu, d->up ? "UP" : "DOWN", d->txqueuelen,
			mac_fmt(d->mac, mac));
	if (!stats)
		return;
	fprintf(c->out, "    RX:  bytes packets errors dropped  missed   mcast\n"
		"    %10llu %7llu %6llu %7llu %7llu %7llu\n",
		(unsigned long long)d->stats[DEVC_rx_bytes],
		(unsigned long long)d->stats[DEVC_rx_packets],
		(unsigned long long)d->stats[DEVC_rx_errors],
		(unsigned long long)d->stats[DEVC_rx_dropped],
		(unsigned long long)d->stats[DEVC_rx_missed_errors],
		(unsigned long long)d->stats[DEVC_multicast]);
	fprintf(c->out, "    TX:  bytes packets errors dropped carrier collsns\n"
		"    %10llu %7llu %6llu %7llu %7llu %7llu\n",
		(unsigned long long)d->stats[DEVC_tx_bytes],
		(unsigned long long)d->stats[DEVC_tx_packets],
		(unsigned long long)d->stats[DEVC_tx_errors],
		(unsigned long long)d->stats[DEVC_tx_dropped], 0ull, 0ull);
}

static enum cmd_status ip_link(struct world *w, struct cmd_ctx *c, int argc,
			       char **argv, bool stats)
{
	int d;
	uint64_t v;

	if (argc == 0 || !strcmp(argv[0], "show") || !strcmp(argv[0], "list")) {
		const char *only = argc >= 2 ? (strcmp(argv[1], "dev") ? argv[1] :
						argc >= 3 ? argv[2] : NULL) : NULL;

		if (only && !(d = need_dev(w, c, only)))
			return CMD_FAIL;
		for (int i = 1; i < MAX_DEV; i++)
			if (w->dev[i].kind != DEV_NONE &&
			    (!only || !strcmp(w->dev[i].name, only)))
				link_show_one(w, c, i, stats);
		return CMD_OK;
	}
	if (strcmp(argv[0], "set")) {
		cmd_error(c, "Command \"%s\" is unknown, try \"ip link help\".",
			  argv[0]);
		return CMD_USAGE;
	}
	int i = 1;

	if (i < argc && !strcmp(argv[i], "dev"))
		i++;
	if (i >= argc) {
		cmd_error(c, "Not enough information: \"dev\" argument is required.");
		return CMD_USAGE;
	}
	if (!(d = need_dev(w, c, argv[i])))
		return CMD_FAIL;
	for (i++; i < argc; i++) {
		struct net_device *nd = &w->dev[d];
		const char *k = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(k, "up") || !strcmp(k, "down")) {
			bool up = k[0] == 'u';

			if (nd->kind == DEV_LOOPBACK && !up) {
				cmd_error(c, "netstep: lo stays up in this model");
				return CMD_FAIL;
			}
			if (up != nd->up) {
				nd->up = up;
				if (up)
					inet_dev_up(w, d);
				else
					inet_dev_down(w, d);
			}
			continue;
		}
		if (!val) {
			cmd_error(c, "Command line is not complete. Try option "
				  "\"help\"");
			return CMD_USAGE;
		}
		i++;
		if (!strcmp(k, "address")) {
			if (!mac_parse(val, nd->mac)) {
				cmd_error(c, "\"%s\" is invalid lladdr.", val);
				return CMD_USAGE;
			}
		} else if (!strcmp(k, "mtu")) {
			if (!parse_u64(val, 68, 9000, &v)) {
				cmd_error(c, "Error: mtu less than device minimum.");
				return CMD_FAIL;
			}
			nd->mtu = (uint32_t)v;
		} else if (!strcmp(k, "txqueuelen") || !strcmp(k, "qlen")) {
			if (!parse_u64(val, 0, 0xffffffffu, &v)) {
				cmd_error(c, "Error: argument \"%s\" is wrong: "
					  "\"qlen\" value is invalid", val);
				return CMD_USAGE;
			}
			nd->txqueuelen = (uint32_t)v;
		} else if (!strcmp(k, "promisc")) {
			if (strcmp(val, "on") && strcmp(val, "off")) {
				cmd_error(c, "Error: argument of \"promisc\" must "
					  "be \"on\" or \"off\", not \"%s\"", val);
				return CMD_USAGE;
			}
			nd->promisc = val[1] == 'n';
		} else {
			cmd_error(c, "Error: either \"dev\" is duplicate, or \"%s\" "
				  "is a garbage.", k);
			return CMD_USAGE;
		}
	}
	return CMD_OK;
}

static void addr_show_dev(struct world *w, struct cmd_ctx *c, int i)
{
	char a[16], b[16];

	link_show_one(w, c, i, false);
	for (uint32_t h = w->dev[i].ifa_list; h; h = w->ifa[h - 1].next) {
		const struct in_ifaddr *f = &w->ifa[h - 1];

		fprintf(c->out, "    inet %s/%u", ip_fmt(f->local, a), f->prefixlen);
		if (f->broadcast)
			fprintf(c->out, " brd %s", ip_fmt(f->broadcast, b));
		fprintf(c->out, " scope %s%s %s\n",
			f->scope == RT_SCOPE_HOST ? "host" : "global",
			f->flags & IFA_F_SECONDARY ? " secondary" : "", f->label);
	}
}

static enum cmd_status ip_addr(struct world *w, struct cmd_ctx *c, int argc,
			       char **argv)
{
	uint32_t addr = 0, brd = 0;
	int plen = 32, d = 0;
	const char *label = NULL, *pfx = NULL;
	bool brd_plus = false;

	if (argc == 0 || !strcmp(argv[0], "show") || !strcmp(argv[0], "list")) {
		const char *only = argc >= 3 && !strcmp(argv[1], "dev") ? argv[2] :
				   argc == 2 ? argv[1] : NULL;

		if (only && !(d = need_dev(w, c, only)))
			return CMD_FAIL;
		for (int i = 1; i < MAX_DEV; i++)
			if (w->dev[i].kind != DEV_NONE && (!d || d == i))
				addr_show_dev(w, c, i);
		return CMD_OK;
	}
	if (!strcmp(argv[0], "flush")) {
		if (argc < 3 || strcmp(argv[1], "dev") ||
		    !(d = need_dev(w, c, argv[2])))
			return argc < 3 ? (cmd_error(c, "Flush requires arguments."),
					   CMD_USAGE) : CMD_FAIL;
		while (w->dev[d].ifa_list) {
			const struct in_ifaddr *f = &w->ifa[w->dev[d].ifa_list - 1];

			inet_addr_del(w, d, f->local, f->prefixlen);
		}
		return CMD_OK;
	}
	if (strcmp(argv[0], "add") && strcmp(argv[0], "del") &&
	    strcmp(argv[0], "delete")) {
		cmd_error(c, "Command \"%s\" is unknown, try \"ip addr help\".",
			  argv[0]);
		return CMD_USAGE;
	}
	for (int i = 1; i < argc; i++) {
		const char *k = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(k, "dev") || !strcmp(k, "brd") ||
		    !strcmp(k, "broadcast") || !strcmp(k, "label") ||
		    !strcmp(k, "local")) {
			if (!val) {
				cmd_error(c, "Command line is not complete. Try "
					  "option \"help\"");
				return CMD_USAGE;
			}
			i++;
			if (k[0] == 'd') {
				if (!(d = need_dev(w, c, val)))
					return CMD_FAIL;
			} else if (k[0] == 'b') {
				if (!strcmp(val, "+"))
					brd_plus = true;
				else if (!ip_parse(val, &brd)) {
					cmd_error(c, "Error: an inet address is "
						  "expected rather than \"%s\".", val);
					return CMD_USAGE;
				}
			} else if (k[0] == 'l' && k[1] == 'a') {
				label = val;
			} else {
				pfx = val;
			}
		} else if (!pfx) {
			pfx = k;
		} else {
			cmd_error(c, "Error: either \"local\" is duplicate, or "
				  "\"%s\" is a garbage.", k);
			return CMD_USAGE;
		}
	}
	if (!pfx || !prefix_parse(pfx, &addr, &plen)) {
		cmd_error(c, pfx ? "Error: any valid prefix is expected rather "
			  "than \"%s\"." : "Not enough information: \"dev\" "
			  "argument is required.", pfx);
		return CMD_USAGE;
	}
	if (!d) {
		cmd_error(c, "Not enough information: \"dev\" argument is "
			  "required.");
		return CMD_USAGE;
	}
	if (label && strncmp(label, w->dev[d].name, strlen(w->dev[d].name))) {
		cmd_error(c, "\"%s\" is not a valid label: it must begin with "
			  "the device name", label);
		return CMD_USAGE;
	}
	if (brd_plus && plen < 31)
		brd = addr | ~inet_make_mask(plen);
	if (argv[0][0] == 'a') {
		int rc = inet_addr_add(w, d, addr, plen, brd, label);

		if (rc == -17) {
			cmd_error(c, "RTNETLINK answers: File exists");
			return CMD_FAIL;
		}
		if (rc) {
			cmd_error(c, "RTNETLINK answers: No buffer space available");
			return CMD_FAIL;
		}
		return CMD_OK;
	}
	if (inet_addr_del(w, d, addr, strchr(pfx, '/') ? plen : -1)) {
		cmd_error(c, "RTNETLINK answers: Cannot assign requested address");
		return CMD_FAIL;
	}
	return CMD_OK;
}

static void route_print(struct world *w, struct cmd_ctx *c,
			const struct fib_route *r, bool show_table)
{
	char a[16], b[16];
	const char *type = r->type == RTN_UNICAST ? "" : rtn_type_name(r->type);

	if (*type)
		fprintf(c->out, "%s ", type);
	if (!r->plen && r->type == RTN_UNICAST)
		fprintf(c->out, "default");
	else if (r->plen == 32)
		fprintf(c->out, "%s", ip_fmt(r->dst, a));
	else
		fprintf(c->out, "%s/%u", ip_fmt(r->dst, a), r->plen);
	if (r->gw)
		fprintf(c->out, " via %s", ip_fmt(r->gw, a));
	if (r->dev)
		fprintf(c->out, " dev %s", w->dev[r->dev].name);
	if (show_table && r->table != RT_TABLE_MAIN)
		fprintf(c->out, " table %s", r->table == RT_TABLE_LOCAL ? "local" :
			"other");
	if (r->proto == RTPROT_KERNEL)
		fprintf(c->out, " proto kernel");
	if (r->scope == RT_SCOPE_LINK)
		fprintf(c->out, " scope link");
	else if (r->scope == RT_SCOPE_HOST)
		fprintf(c->out, " scope host");
	if (r->prefsrc)
		fprintf(c->out, " src %s", ip_fmt(r->prefsrc, b));
	if (r->metric)
		fprintf(c->out, " metric %u", r->metric);
	fputc('\n', c->out);
}

static bool table_parse(const char *s, uint32_t *t)
{
	uint64_t v;

	if (!strcmp(s, "main"))
		*t = RT_TABLE_MAIN;
	else if (!strcmp(s, "local"))
		*t = RT_TABLE_LOCAL;
	else if (parse_u64(s, 1, 0xffffffffu, &v))
		*t = (uint32_t)v;
	else
		return false;
	return true;
}

static enum cmd_status ip_route_get(struct world *w, struct cmd_ctx *c,
				    int argc, char **argv)
{
	uint32_t daddr, saddr = 0;
	struct dst d;
	char a[16], b[16];
	int rc;

	if (argc < 2 || !ip_parse(argv[1], &daddr)) {
		cmd_error(c, "Error: an inet prefix is expected rather than "
			  "\"%s\".", argc > 1 ? argv[1] : "");
		return CMD_USAGE;
	}
	for (int i = 2; i + 1 < argc; i += 2)
		if (!strcmp(argv[i], "from") && !ip_parse(argv[i + 1], &saddr)) {
			cmd_error(c, "Error: an inet prefix is expected rather "
				  "than \"%s\".", argv[i + 1]);
			return CMD_USAGE;
		}
	rc = ip_route_output(w, daddr, saddr, &d);
	if (rc) {
		cmd_error(c, "RTNETLINK answers: %s", rc == -101 ?
			  "Network is unreachable" : rc == -113 ?
			  "No route to host" : rc == -13 ? "Permission denied" :
			  "Invalid argument");
		return CMD_FAIL;
	}
	fprintf(c->out, "%s%s ", d.type == RTN_LOCAL ? "local " :
		d.type == RTN_BROADCAST ? "broadcast " : "", ip_fmt(daddr, a));
	if (d.gw)
		fprintf(c->out, "via %s ", ip_fmt(d.gw, a));
	fprintf(c->out, "dev %s src %s uid 0 \n    cache %s\n",
		w->dev[d.dev].name, ip_fmt(d.prefsrc, b),
		d.type == RTN_LOCAL ? "<local> " : "");
	return CMD_OK;
}

static enum cmd_status ip_route(struct world *w, struct cmd_ctx *c, int argc,
				char **argv)
{
	struct fib_route r = { .table = RT_TABLE_MAIN, .type = RTN_UNICAST,
			       .proto = RTPROT_BOOT };
	uint32_t list[ROUTE_MAX];
	uint64_t v;
	bool has_dst = false;
	int plen = 0;

	if (argc == 0 || !strcmp(argv[0], "show") || !strcmp(argv[0], "list")) {
		uint32_t t = RT_TABLE_MAIN;

		if (argc >= 3 && !strcmp(argv[1], "table") &&
		    !table_parse(argv[2], &t)) {
			cmd_error(c, "Error: argument \"%s\" is wrong: \"table\" "
				  "value is invalid", argv[2]);
			return CMD_USAGE;
		}
		int n = fib_table_list(w, t, list, ROUTE_MAX);

		for (int i = 0; i < n; i++)
			route_print(w, c, &w->route[list[i] - 1], t != RT_TABLE_MAIN);
		return CMD_OK;
	}
	if (!strcmp(argv[0], "get"))
		return ip_route_get(w, c, argc, argv);
	bool add = !strcmp(argv[0], "add"), del = !strcmp(argv[0], "del") ||
		!strcmp(argv[0], "delete"), repl = !strcmp(argv[0], "replace");

	if (!add && !del && !repl) {
		cmd_error(c, "Command \"%s\" is unknown, try \"ip route help\".",
			  argv[0]);
		return CMD_USAGE;
	}
	for (int i = 1; i < argc; i++) {
		const char *k = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(k, "blackhole") || !strcmp(k, "unreachable") ||
		    !strcmp(k, "prohibit") || !strcmp(k, "throw")) {
			r.type = k[0] == 'b' ? RTN_BLACKHOLE : k[0] == 'u' ?
				RTN_UNREACHABLE : k[0] == 'p' ? RTN_PROHIBIT : RTN_THROW;
			continue;
		}
		if (!strcmp(k, "default")) {
			has_dst = true;
			continue;
		}
		if (!strcmp(k, "via") || !strcmp(k, "dev") || !strcmp(k, "src") ||
		    !strcmp(k, "metric") || !strcmp(k, "table") ||
		    !strcmp(k, "proto") || !strcmp(k, "scope")) {
			if (!val) {
				cmd_error(c, "Command line is not complete. Try "
					  "option \"help\"");
				return CMD_USAGE;
			}
			i++;
			if (!strcmp(k, "via") || !strcmp(k, "src")) {
				if (!ip_parse(val, k[0] == 'v' ? &r.gw : &r.prefsrc)) {
					cmd_error(c, "Error: inet address is expected "
						  "rather than \"%s\".", val);
					return CMD_USAGE;
				}
			} else if (!strcmp(k, "dev")) {
				int d = need_dev(w, c, val);

				if (!d)
					return CMD_FAIL;
				r.dev = (uint8_t)d;
			} else if (!strcmp(k, "metric")) {
				if (!parse_u64(val, 0, 0xffffffffu, &v)) {
					cmd_error(c, "Error: argument \"%s\" is wrong: "
						  "\"metric\" value is invalid", val);
					return CMD_USAGE;
				}
				r.metric = (uint32_t)v;
			} else if (!strcmp(k, "table")) {
				if (!table_parse(val, &r.table)) {
					cmd_error(c, "Error: argument \"%s\" is wrong: "
						  "\"table\" value is invalid", val);
					return CMD_USAGE;
				}
			}
			continue;
		}
		if (has_dst || !prefix_parse(k, &r.dst, &plen)) {
			cmd_error(c, "Error: either \"to\" is duplicate, or \"%s\" "
				  "is a garbage.", k);
			return CMD_USAGE;
		}
		has_dst = true;
		r.plen = (uint8_t)plen;
	}
	if (!has_dst) {
		cmd_error(c, "Error: either \"to\" is duplicate, or \"%s\" is a "
			  "garbage.", argv[0]);
		return CMD_USAGE;
	}
	if (r.dst & ~inet_make_mask(r.plen)) {
		cmd_error(c, "Error: Invalid prefix for given prefix length.");
		return CMD_FAIL;
	}
	if (del) {
		if (fib_del_where(w, r.table, r.dst, r.plen, r.dev)) {
			cmd_error(c, "RTNETLINK answers: No such process");
			return CMD_FAIL;
		}
		return CMD_OK;
	}
	if (r.type == RTN_UNICAST) {
		struct fib_result res;

		if (r.gw) {
			if (!fib_lookup(w, r.gw, &res) || res.type != RTN_UNICAST ||
			    res.r->gw || (r.dev && res.r->dev != r.dev)) {
				cmd_error(c, "Error: Nexthop has invalid gateway.");
				return CMD_FAIL;
			}
			r.dev = res.r->dev;
		} else if (!r.dev) {
			cmd_error(c, "Error: Device for nexthop is not up.");
			return CMD_FAIL;
		} else {
			r.scope = RT_SCOPE_LINK;
		}
		if (!w->dev[r.dev].up) {
			cmd_error(c, "Error: Nexthop device is not up.");
			return CMD_FAIL;
		}
	}
	if (repl)
		fib_del_where(w, r.table, r.dst, r.plen, 0);
	if (fib_add(w, &r)) {
		cmd_error(c, "RTNETLINK answers: File exists");
		return CMD_FAIL;
	}
	return CMD_OK;
}

static const char *nud_name(uint8_t n)
{
	switch (n) {
	case NUD_INCOMPLETE: return "INCOMPLETE";
	case NUD_REACHABLE: return "REACHABLE";
	case NUD_STALE: return "STALE";
	case NUD_DELAY: return "DELAY";
	case NUD_PROBE: return "PROBE";
	case NUD_FAILED: return "FAILED";
	case NUD_NOARP: return "NOARP";
	case NUD_PERMANENT: return "PERMANENT";
	default: return "NONE";
	}
}

static enum cmd_status ip_neigh(struct world *w, struct cmd_ctx *c, int argc,
				char **argv)
{
	uint32_t addr = 0;
	uint8_t mac[6];
	bool has_mac = false;
	int d = 0;
	uint8_t nud = NUD_PERMANENT;

	if (argc == 0 || !strcmp(argv[0], "show") || !strcmp(argv[0], "list")) {
		char a[16], m[18];

		for (uint32_t h = 1; h <= w->neigh_pool.hwm; h++) {
			const struct neighbour *n = &w->neigh[h - 1];

			if (!pool_is_used(&w->neigh_pool, w->neigh_next, h))
				continue;
			fprintf(c->out, "%s dev %s ", ip_fmt(n->key, a),
				w->dev[n->dev].name);
			if (n->nud & NUD_VALID)
				fprintf(c->out, "lladdr %s ", mac_fmt(n->mac, m));
			fprintf(c->out, "%s\n", nud_name(n->nud));
		}
		return CMD_OK;
	}
	bool add = !strcmp(argv[0], "add"), repl = !strcmp(argv[0], "replace"),
	     del = !strcmp(argv[0], "del") || !strcmp(argv[0], "delete");

	if (!add && !repl && !del) {
		cmd_error(c, "Command \"%s\" is unknown, try \"ip neigh help\".",
			  argv[0]);
		return CMD_USAGE;
	}
	if (argc < 2 || !ip_parse(argv[1], &addr)) {
		cmd_error(c, "Error: an inet address is expected rather than "
			  "\"%s\".", argc > 1 ? argv[1] : "");
		return CMD_USAGE;
	}
	for (int i = 2; i + 1 < argc; i += 2) {
		const char *k = argv[i], *val = argv[i + 1];

		if (!strcmp(k, "lladdr")) {
			if (!mac_parse(val, mac)) {
				cmd_error(c, "\"%s\" is invalid lladdr.", val);
				return CMD_USAGE;
			}
			has_mac = true;
		} else if (!strcmp(k, "dev")) {
			if (!(d = need_dev(w, c, val)))
				return CMD_FAIL;
		} else if (!strcmp(k, "nud")) {
			if (!strcmp(val, "permanent"))
				nud = NUD_PERMANENT;
			else if (!strcmp(val, "reachable"))
				nud = NUD_REACHABLE;
			else if (!strcmp(val, "stale"))
				nud = NUD_STALE;
			else {
				cmd_error(c, "nud state \"%s\" is unknown", val);
				return CMD_USAGE;
			}
		} else {
			cmd_error(c, "Error: either \"to\" is duplicate, or \"%s\" "
				  "is a garbage.", k);
			return CMD_USAGE;
		}
	}
	if ((argc - 2) % 2) {
		cmd_error(c, "Command line is not complete. Try option \"help\"");
		return CMD_USAGE;
	}
	if (!d) {
		cmd_error(c, "Device and destination are required arguments.");
		return CMD_USAGE;
	}
	uint32_t h = neigh_lookup(w, d, addr);

	if (del) {
		if (!h) {
			cmd_error(c, "RTNETLINK answers: No such file or directory");
			return CMD_FAIL;
		}
		skbq_purge(w, &w->neigh[h - 1].arp_queue);
		pool_free(&w->neigh_pool, w->neigh_next, h);
		return CMD_OK;
	}
	if (h && add) {
		cmd_error(c, "RTNETLINK answers: File exists");
		return CMD_FAIL;
	}
	if (!has_mac) {
		cmd_error(c, "netstep: give the lladdr of the neighbour");
		return CMD_USAGE;
	}
	if (!h && !(h = neigh_create(w, d, addr))) {
		cmd_error(c, "RTNETLINK answers: No buffer space available");
		return CMD_FAIL;
	}
	memcpy(w->neigh[h - 1].mac, mac, 6);
	w->neigh[h - 1].nud = nud;
	w->neigh[h - 1].timer_at = 0;
	return CMD_OK;
}

enum cmd_status cmd_ip(struct world *w, struct cmd_ctx *c, int argc,
		       char **argv)
{
	bool stats = false;
	int i = 1;

	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "-s") || !strcmp(argv[i], "-stats"))
			stats = true;
		else if (strcmp(argv[i], "-4")) {
			cmd_error(c, "Option \"%s\" is unknown, try \"ip -help\".",
				  argv[i]);
			return CMD_USAGE;
		}
		i++;
	}
	if (i >= argc) {
		cmd_error(c, "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n"
			  "where  OBJECT := { link | address | route | neigh }");
		return CMD_USAGE;
	}
	const char *o = argv[i];
	size_t l = strlen(o);

	if (!strncmp(o, "link", l))
		return ip_link(w, c, argc - i - 1, argv + i + 1, stats);
	if (!strncmp(o, "address", l))
		return ip_addr(w, c, argc - i - 1, argv + i + 1);
	if (!strncmp(o, "route", l))
		return ip_route(w, c, argc - i - 1, argv + i + 1);
	if (!strncmp(o, "neighbour", l) || !strncmp(o, "neighbor", l))
		return ip_neigh(w, c, argc - i - 1, argv + i + 1);
	cmd_error(c, "Object \"%s\" is unknown, try \"ip help\".", o);
	return CMD_USAGE;
}
