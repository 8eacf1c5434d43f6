/*
 * cmd_ip.c: iproute2's `ip` for links, addresses, routes and neighbours,
 * with its option syntax and its error messages (iproute2 6.1).
 *
 * Words are read the way iproute2 reads them: objects, commands and many
 * keywords by any prefix (its matches()), tried in iproute2's own order,
 * so `ip r s` is `ip route show` and `ip l s` is `ip link set`.  A word
 * iproute2 knows but netstep does not model gets a netstep message, never
 * iproute2's "unknown", which would be a lie.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmd_ip.h"
#include "devinet.h"
#include "net.h"
#include "pkt.h"
#include "proto/ip.h"
#include "route.h"

/* ---- ip link ---- */

static const char *const link_flags_up = "<BROADCAST,MULTICAST,UP,LOWER_UP>";

/* A device never brought up has no qdisc yet: noop (dev_activate). */
static const char *qdisc_name(const struct net_device *d)
{
	return d->qdisc.kind == QDISC_NOOP ? "noop" : "pfifo_fast";
}

static const char *link_flags(const struct net_device *d)
{
	if (d->up)
		return d->promisc ? "<BROADCAST,MULTICAST,PROMISC,UP,LOWER_UP>" :
				    link_flags_up;
	return d->promisc ? "<BROADCAST,MULTICAST,PROMISC>" :
			    "<BROADCAST,MULTICAST>";
}

/* One device's lines.  Only `ip link` prints the link mode (iproute2's
 * do_link), so `ip address` has no "mode DEFAULT". */
static void link_show_one(struct world *w, struct cmd_ctx *c, int i,
			  bool stats, bool do_link, bool link_line)
{
	struct net_device *d = &w->dev[i];
	const char *mode = do_link ? "mode DEFAULT " : "";
	char mac[18];

	if (d->kind == DEV_LOOPBACK)
		fprintf(c->out, "%d: lo: <LOOPBACK,UP,LOWER_UP> mtu %u qdisc "
			"noqueue state UNKNOWN %sgroup default qlen 1000\n",
			i, d->mtu, mode);
	else
		fprintf(c->out, "%d: %s: %s mtu %u qdisc %s state %s "
			"%sgroup default qlen %u\n", i, d->name, link_flags(d),
			d->mtu, qdisc_name(d), d->up ? "UP" : "DOWN", mode,
			d->txqueuelen);
	if (link_line && d->kind == DEV_LOOPBACK)
		fputs("    link/loopback 00:00:00:00:00:00 brd "
		      "00:00:00:00:00:00\n", c->out);
	else if (link_line)
		fprintf(c->out, "    link/ether %s brd ff:ff:ff:ff:ff:ff\n",
			mac_fmt(d->mac, mac));
	if (!stats)
		return;
	fprintf(c->out, "    RX:  bytes packets errors dropped  missed   "
		"mcast           \n"
		"    %10llu %7llu %6llu %7llu %7llu %7llu \n",
		(unsigned long long)d->stats[DEVC_rx_bytes],
		(unsigned long long)d->stats[DEVC_rx_packets],
		(unsigned long long)d->stats[DEVC_rx_errors],
		(unsigned long long)d->stats[DEVC_rx_dropped],
		(unsigned long long)d->stats[DEVC_rx_missed_errors],
		(unsigned long long)d->stats[DEVC_multicast]);
	fprintf(c->out, "    TX:  bytes packets errors dropped carrier "
		"collsns           \n"
		"    %10llu %7llu %6llu %7llu %7llu %7llu \n",
		(unsigned long long)d->stats[DEVC_tx_bytes],
		(unsigned long long)d->stats[DEVC_tx_packets],
		(unsigned long long)d->stats[DEVC_tx_errors],
		(unsigned long long)d->stats[DEVC_tx_dropped], 0ull, 0ull);
}

/* The selector of ip link show and ip address show/flush. */
struct dev_filter {
	int dev;                     /* 0: every device */
	bool up;
	const char *label;           /* ip address show label PATTERN */
};

/* Selector words of ipaddr_list_flush_or_save netstep does not model. */
static const struct ip_kw show_unmodelled[] = {
	{ "to", false, 0 }, { "scope", false, 0 },
	{ "group", false, 0 }, { "master", false, 0 }, { "vrf", false, 0 },
	{ "nomaster", false, 0 }, { "type", false, 0 }, { "proto", false, 0 },
	{ "primary", false, 0 }, { "secondary", false, 0 },
	{ "permanent", false, 0 }, { "dynamic", false, 0 }, { NULL, false, 0 },
};

/* [dev] NAME and "up"; any other word is a second device name. */
static enum cmd_status dev_filter_parse(struct world *w, struct cmd_ctx *c,
					const char *what, int argc,
					char **argv, struct dev_filter *f)
{
	const char *name = NULL;

	memset(f, 0, sizeof(*f));
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "up")) {
			f->up = true;
			continue;
		}
		if (kw_find(show_unmodelled, argv[i]))
			return not_modelled(c, what, argv[i]);
		if (!strcmp(argv[i], "label")) {
			if (!(f->label = next_arg(c, argc, argv, &i)))
				return CMD_USAGE;
			continue;
		}
		if (!strcmp(argv[i], "dev") && !next_arg(c, argc, argv, &i))
			return CMD_USAGE;
		if (name)
			return garbage(c, "dev", argv[i]);
		name = argv[i];
	}
	if (name && !(f->dev = dev_by_name(w, name))) {
		cmd_error(c, "Device \"%s\" does not exist.", name);
		return CMD_FAIL;
	}
	return CMD_OK;
}

static bool dev_filter_match(const struct world *w,
			     const struct dev_filter *f, int i)
{
	return w->dev[i].kind != DEV_NONE && (!f->dev || f->dev == i) &&
	       (!f->up || w->dev[i].up);
}

enum link_key {
	LK_OTHER, LK_UP, LK_DOWN, LK_ADDRESS, LK_QLEN, LK_MTU, LK_PROMISC
};

/* iplink_parse()'s keywords, in its order (so `a` is address). */
static const struct ip_kw link_set_words[] = {
	{ "up", false, LK_UP }, { "down", false, LK_DOWN },
	{ "name", false, LK_OTHER }, { "index", false, LK_OTHER },
	{ "link", true, LK_OTHER }, { "address", true, LK_ADDRESS },
	{ "broadcast", true, LK_OTHER }, { "brd", false, LK_OTHER },
	{ "txqueuelen", true, LK_QLEN }, { "qlen", false, LK_QLEN },
	{ "txqlen", true, LK_QLEN }, { "mtu", false, LK_MTU },
	{ "xdpgeneric", false, LK_OTHER }, { "xdpdrv", false, LK_OTHER },
	{ "xdpoffload", false, LK_OTHER }, { "xdp", false, LK_OTHER },
	{ "netns", false, LK_OTHER }, { "multicast", false, LK_OTHER },
	{ "allmulticast", false, LK_OTHER }, { "promisc", false, LK_PROMISC },
	{ "trailers", false, LK_OTHER }, { "arp", false, LK_OTHER },
	{ "carrier", false, LK_OTHER }, { "vf", false, LK_OTHER },
	{ "master", true, LK_OTHER }, { "vrf", false, LK_OTHER },
	{ "nomaster", true, LK_OTHER }, { "dynamic", true, LK_OTHER },
	{ "type", true, LK_OTHER }, { "alias", true, LK_OTHER },
	{ "group", false, LK_OTHER }, { "mode", false, LK_OTHER },
	{ "state", false, LK_OTHER }, { "numtxqueues", true, LK_OTHER },
	{ "numrxqueues", true, LK_OTHER }, { "addrgenmode", true, LK_OTHER },
	{ "link-netns", true, LK_OTHER }, { "link-netnsid", true, LK_OTHER },
	{ "protodown", false, LK_OTHER },
	{ "protodown_reason", false, LK_OTHER },
	{ "gso_max_size", false, LK_OTHER },
	{ "gso_max_segs", false, LK_OTHER },
	{ "gro_max_size", false, LK_OTHER }, { NULL, false, 0 },
};

/* What `ip link set` asks of a device, checked before any of it is done. */
struct link_req {
	const char *dev;
	int updown;                  /* 1 up, -1 down, 0 unchanged */
	bool has_mac, has_mtu, has_qlen;
	int promisc;                 /* 1 on, 0 off, -1 unchanged */
	uint8_t mac[6];
	long mtu;
	uint32_t qlen;
};

/* One keyword's value, checked as iplink_parse checks it. */
static enum cmd_status link_set_value(struct cmd_ctx *c, struct link_req *q,
				      int key, const char *v)
{
	uint64_t u;
	char *end;

	switch (key) {
	case LK_ADDRESS:
		if (!mac_parse(v, q->mac)) {
			cmd_error(c, "\"%s\" is invalid lladdr.", v);
			return CMD_USAGE;
		}
		q->has_mac = true;
		break;
	case LK_MTU:
		if (q->has_mtu)
			return duplicate(c, "mtu", v);
		q->mtu = strtol(v, &end, 0);
		if (!*v || *end || q->mtu < INT_MIN || q->mtu > INT_MAX)
			return invalid(c, "Invalid \"mtu\" value", v);
		q->has_mtu = true;
		break;
	case LK_QLEN:
		if (q->has_qlen)
			return duplicate(c, "txqueuelen", v);
		if (!parse_u64(v, 0, 0xffffffffu, &u))
			return invalid(c, "Invalid \"txqueuelen\" value", v);
		q->qlen = (uint32_t)u;
		q->has_qlen = true;
		break;
	default:
		if (strcmp(v, "on") && strcmp(v, "off")) {
			cmd_error(c, "Error: argument of \"promisc\" must be "
				  "\"on\" or \"off\", not \"%s\"", v);
			return CMD_USAGE;
		}
		q->promisc = v[1] == 'n';
	}
	return CMD_OK;
}

static enum cmd_status link_set_parse(struct cmd_ctx *c, int argc,
				      char **argv, struct link_req *q)
{
	enum cmd_status st;

	for (int i = 0; i < argc; i++) {
		const struct ip_kw *k = kw_find(link_set_words, argv[i]);
		const char *v;

		if (k && (k->what == LK_UP || k->what == LK_DOWN)) {
			q->updown = k->what == LK_UP ? 1 : -1;
		} else if (k && k->what == LK_OTHER) {
			return not_modelled(c, "ip link set", k->word);
		} else if (k) {
			if (!(v = next_arg(c, argc, argv, &i)))
				return CMD_USAGE;
			if ((st = link_set_value(c, q, k->what, v)))
				return st;
		} else {
			/* any other word names the device, once */
			if (!strcmp(argv[i], "dev") &&
			    !next_arg(c, argc, argv, &i))
				return CMD_USAGE;
			if (q->dev)
				return garbage(c, "dev", argv[i]);
			q->dev = argv[i];
		}
	}
	if (!q->dev) {
		cmd_error(c, "Not enough information: \"dev\" argument is "
			  "required.");
		return CMD_USAGE;
	}
	return CMD_OK;
}

/* The kernel's checks (dev_validate_mtu), then the changes. */
static enum cmd_status link_set_apply(struct world *w, struct cmd_ctx *c,
				      int d, const struct link_req *q)
{
	struct net_device *nd = &w->dev[d];
	long max = nd->kind == DEV_LOOPBACK ? INT_MAX : 9000;

	if (q->has_mtu && (q->mtu < 68 || q->mtu > max)) {
		cmd_error(c, "Error: mtu %s than device %s.", q->mtu < 68 ?
			  "less" : "greater", q->mtu < 68 ? "minimum" :
			  "maximum");
		return CMD_FAIL;
	}
	if (nd->kind == DEV_LOOPBACK && q->updown < 0) {
		cmd_error(c, "netstep: lo stays up in this model");
		return CMD_FAIL;
	}
	if (q->has_mac)
		memcpy(nd->mac, q->mac, 6);
	if (q->has_mtu)
		nd->mtu = (uint32_t)q->mtu;
	if (q->has_qlen)
		nd->txqueuelen = q->qlen;
	if (q->promisc >= 0)
		nd->promisc = q->promisc;
	if (q->updown)
		dev_set_up(w, d, q->updown > 0);
	return CMD_OK;
}

static enum cmd_status link_set(struct world *w, struct cmd_ctx *c,
				int argc, char **argv)
{
	struct link_req q = { .promisc = -1 };
	enum cmd_status st;
	int d;

	if ((st = link_set_parse(c, argc, argv, &q)))
		return st;
	if (!(d = dev_by_name(w, q.dev)))
		return no_device(c, q.dev);
	return link_set_apply(w, c, d, &q);
}

static enum cmd_status ip_link(struct world *w, struct cmd_ctx *c,
			       const struct ip_opts *o, int verb, int argc,
			       char **argv)
{
	struct dev_filter f;
	enum cmd_status st;

	if (verb == V_SET)
		return link_set(w, c, argc, argv);
	if ((st = dev_filter_parse(w, c, "ip link show", argc, argv, &f)))
		return st;
	for (int i = 1; i < MAX_DEV; i++)
		if (dev_filter_match(w, &f, i))
			link_show_one(w, c, i, o->stats, true, true);
	return CMD_OK;
}

/* ---- ip address ---- */

static void addr_show_one(struct cmd_ctx *c, const struct in_ifaddr *f)
{
	char a[16], b[16], n[12];

	fprintf(c->out, "    inet %s/%u", ip_fmt(f->local, a), f->prefixlen);
	if (f->broadcast)
		fprintf(c->out, " brd %s", ip_fmt(f->broadcast, b));
	/* netstep's addresses never expire */
	fprintf(c->out, " scope %s%s %s\n"
		"       valid_lft forever preferred_lft forever\n",
		rt_name_of(rt_scopes, f->scope, n),
		f->flags & IFA_F_SECONDARY ? " secondary" : "", f->label);
}

static bool addr_label_match(const struct dev_filter *f,
			     const struct in_ifaddr *a)
{
	return !f->label || !fnmatch(f->label, a->label, 0);
}

/* -4 or a label shows only devices with a matching IPv4 address, without
 * their link line; with a label, without any device line. */
static void addr_show_dev(struct world *w, struct cmd_ctx *c,
			  const struct dev_filter *f, bool inet, int i)
{
	uint32_t h, n = 0;

	for (h = w->dev[i].ifa_list; h; h = w->ifa[h - 1].next)
		n += addr_label_match(f, &w->ifa[h - 1]);
	if ((inet || f->label) && !n)
		return;
	if (!f->label)
		link_show_one(w, c, i, false, false, !inet);
	for (h = w->dev[i].ifa_list; h; h = w->ifa[h - 1].next)
		if (addr_label_match(f, &w->ifa[h - 1]))
			addr_show_one(c, &w->ifa[h - 1]);
}

static enum cmd_status addr_show(struct world *w, struct cmd_ctx *c,
				 bool inet, int argc, char **argv)
{
	struct dev_filter f;
	enum cmd_status st;

	if ((st = dev_filter_parse(w, c, "ip address show", argc, argv, &f)))
		return st;
	for (int i = 1; i < MAX_DEV; i++)
		if (dev_filter_match(w, &f, i))
			addr_show_dev(w, c, &f, inet, i);
	return CMD_OK;
}

static enum cmd_status addr_flush(struct world *w, struct cmd_ctx *c,
				  int argc, char **argv)
{
	struct dev_filter f;
	enum cmd_status st;

	if (!argc) {
		cmd_error(c, "Flush requires arguments.");
		return CMD_USAGE;
	}
	if ((st = dev_filter_parse(w, c, "ip address flush", argc, argv, &f)))
		return st;
	for (int i = 1; i < MAX_DEV; i++) {
		if (!dev_filter_match(w, &f, i))
			continue;
		while (w->dev[i].ifa_list) {
			const struct in_ifaddr *a =
				&w->ifa[w->dev[i].ifa_list - 1];

			inet_addr_del(w, i, a->local, a->prefixlen);
		}
	}
	return CMD_OK;
}

enum addr_key { AK_OTHER, AK_BRD, AK_DEV, AK_LABEL, AK_SCOPE };

/* ipaddr_modify()'s keywords, in its order; the rest is the address. */
static const struct ip_kw addr_words[] = {
	{ "peer", false, AK_OTHER }, { "remote", false, AK_OTHER },
	{ "broadcast", true, AK_BRD }, { "brd", false, AK_BRD },
	{ "anycast", false, AK_OTHER }, { "scope", false, AK_SCOPE },
	{ "dev", false, AK_DEV }, { "label", false, AK_LABEL },
	{ "metric", true, AK_OTHER }, { "priority", true, AK_OTHER },
	{ "preference", true, AK_OTHER }, { "valid_lft", true, AK_OTHER },
	{ "preferred_lft", true, AK_OTHER }, { "home", false, AK_OTHER },
	{ "nodad", false, AK_OTHER }, { "optimistic", false, AK_OTHER },
	{ "mngtmpaddr", false, AK_OTHER }, { "noprefixroute", false, AK_OTHER },
	{ "autojoin", false, AK_OTHER }, { NULL, false, 0 },
};

/* What `ip address add|del` was given. */
struct addr_req {
	const char *dev, *label, *local;
	uint32_t addr, brd, scope;
	int plen;
	bool has_len, has_scope;
	int brd_mode;                /* 0 none, 1 given, '+' or '-' */
};

static enum cmd_status addr_brd(struct cmd_ctx *c, bool inet,
				struct addr_req *q, const char *v)
{
	if (q->brd_mode)
		return duplicate(c, "broadcast", v);
	if (!strcmp(v, "+") || !strcmp(v, "-"))
		q->brd_mode = v[0];
	else if (ip_parse(v, &q->brd))
		q->brd_mode = 1;
	else
		return bad_address(c, inet, v);
	return CMD_OK;
}

static enum cmd_status addr_parse(struct cmd_ctx *c, bool inet, int argc,
				  char **argv, struct addr_req *q)
{
	enum cmd_status st;

	for (int i = 0; i < argc; i++) {
		const struct ip_kw *k = kw_find(addr_words, argv[i]);
		const char *v;

		if (k && k->what == AK_OTHER)
			return not_modelled(c, "ip address", k->word);
		if (k || !strcmp(argv[i], "local")) {
			if (!(v = next_arg(c, argc, argv, &i)))
				return CMD_USAGE;
		} else {
			v = argv[i];
		}
		if (k && k->what == AK_BRD) {
			if ((st = addr_brd(c, inet, q, v)))
				return st;
			inet |= q->brd_mode == 1;
		} else if (k && k->what == AK_SCOPE) {
			if (!rt_name_parse(rt_scopes, v, 255, &q->scope))
				return invalid(c, "invalid scope value.", v);
			q->has_scope = true;
		} else if (k) {
			*(k->what == AK_DEV ? &q->dev : &q->label) = v;
		} else if (q->local) {
			return garbage(c, "local", v);
		} else if (!prefix_parse(v, false, &q->addr, &q->plen,
					 &q->has_len)) {
			return bad_prefix(c, inet, v);
		} else {
			q->local = v;
			inet = true;
		}
	}
	if (!q->dev) {
		cmd_error(c, "Not enough information: \"dev\" argument is "
			  "required.");
		return CMD_USAGE;
	}
	return CMD_OK;
}

/* `ip addr del ADDR` without /LEN deletes ADDR whatever its length. */
static void addr_wildcard_warning(struct cmd_ctx *c, const char *local)
{
	cmd_error(c, "Warning: Executing wildcard deletion to stay compatible "
		  "with old scripts.\n"
		  "         Explicitly specify the prefix length (%s/32) to "
		  "avoid this warning.\n"
		  "         This special behaviour is likely to disappear in "
		  "further releases,\n"
		  "         fix your scripts!", local);
}

/* inet_rtm_newaddr / inet_rtm_deladdr and their extack messages. */
static enum cmd_status addr_modify(struct world *w, struct cmd_ctx *c,
				   const struct ip_opts *o, bool add,
				   int argc, char **argv)
{
	struct addr_req q = { 0 };
	struct in_ifaddr req;
	enum cmd_status st;
	uint32_t host;
	int d, rc;

	if ((st = addr_parse(c, o->inet, argc, argv, &q)))
		return st;
	if (!(d = dev_by_name(w, q.dev)))
		return no_device(c, q.dev);
	if (!q.local) {
		cmd_error(c, "RTNETLINK answers: Operation not supported");
		return CMD_FAIL;
	}
	if (q.label && strlen(q.label) >= IFNAMSIZ) {
		cmd_error(c, "Error: Attribute failed policy validation.");
		return CMD_FAIL;
	}
	if (!add) {
		if (!q.has_len)
			addr_wildcard_warning(c, q.local);
		if (inet_addr_del(w, d, q.addr, q.has_len ? q.plen : -1)) {
			cmd_error(c, "Error: ipv4: Address not found.");
			return CMD_FAIL;
		}
		return CMD_OK;
	}
	host = ~inet_make_mask(q.plen);
	if (q.brd_mode == '+' && q.plen <= 30)
		q.brd = q.addr | host;
	else if (q.brd_mode == '-' && q.plen <= 30)
		q.brd = q.addr & ~host;
	req = ifa_request(q.addr, q.plen, q.brd, q.label);
	if (q.has_scope)
		req.scope = (uint8_t)q.scope;
	rc = inet_addr_add(w, d, &req);
	if (rc == -17) {
		cmd_error(c, "Error: ipv4: Address already assigned.");
		return CMD_FAIL;
	}
	if (rc == -22) {
		cmd_error(c, "Error: ipv4: Invalid scope value.");
		return CMD_FAIL;
	}
	if (rc) {
		cmd_error(c, "RTNETLINK answers: No buffer space available");
		return CMD_FAIL;
	}
	return CMD_OK;
}

static enum cmd_status ip_addr(struct world *w, struct cmd_ctx *c,
			       const struct ip_opts *o, int verb, int argc,
			       char **argv)
{
	if (verb == V_SHOW)
		return addr_show(w, c, o->inet, argc, argv);
	if (verb == V_FLUSH)
		return addr_flush(w, c, argc, argv);
	return addr_modify(w, c, o, verb == V_ADD, argc, argv);
}

/* ---- ip route ---- */

/* print_route(): each word ends with a space, the line too. */
static void route_print(struct world *w, struct cmd_ctx *c,
			const struct fib_route *r, bool show_table,
			bool show_dev)
{
	char a[16], n[12];

	if (r->type != RTN_UNICAST)
		fprintf(c->out, "%s ", rtn_type_name(r->type));
	if (!r->plen)
		fprintf(c->out, "default");
	else if (r->plen == 32)
		fprintf(c->out, "%s", ip_fmt(r->dst, a));
	else
		fprintf(c->out, "%s/%u", ip_fmt(r->dst, a), r->plen);
	if (r->gw)
		fprintf(c->out, " via %s", ip_fmt(r->gw, a));
	if (r->dev && show_dev)
		fprintf(c->out, " dev %s", w->dev[r->dev].name);
	if (show_table && r->table != RT_TABLE_MAIN)
		fprintf(c->out, " table %s",
			rt_name_of(rt_tables, r->table, n));
	if (r->proto != RTPROT_BOOT)
		fprintf(c->out, " proto %s",
			rt_name_of(rt_protos, r->proto, n));
	if (r->scope != RT_SCOPE_UNIVERSE)
		fprintf(c->out, " scope %s",
			rt_name_of(rt_scopes, r->scope, n));
	if (r->prefsrc)
		fprintf(c->out, " src %s", ip_fmt(r->prefsrc, a));
	if (r->metric)
		fprintf(c->out, " metric %u", r->metric);
	fputs(" \n", c->out);
}

/* The kernel makes a table with its first route and keeps it; netstep
 * takes a table to exist while it has routes (main and local always). */
static bool table_exists(const struct world *w, uint32_t table)
{
	uint32_t h;

	return table == RT_TABLE_MAIN || table == RT_TABLE_LOCAL ||
	       fib_table_list(w, table, &h, 1) > 0;
}

/* The next table after prev that has routes; 0 when none.  (The kernel
 * dumps its tables in this order for ids below 256.) */
static uint32_t table_next(const struct world *w, uint32_t prev)
{
	uint32_t next = 0;

	for (uint32_t h = 1; h <= w->route_pool.hwm; h++) {
		uint32_t t = w->route[h - 1].table;

		if (pool_is_used(&w->route_pool, w->route_next, h) &&
		    t > prev && (!next || t < next))
			next = t;
	}
	return next;
}

static void table_print(struct world *w, struct cmd_ctx *c, uint32_t table,
			bool all, int dev)
{
	uint32_t list[ROUTE_MAX];
	int n = fib_table_list(w, table, list, ROUTE_MAX);

	for (int i = 0; i < n; i++) {
		const struct fib_route *r = &w->route[list[i] - 1];

		if (!dev || r->dev == dev)
			route_print(w, c, r, all, !dev);
	}
}

enum route_show_key { RS_OTHER, RS_TABLE, RS_DEV };

/* iproute_list_flush_or_save()'s selectors, in its order. */
static const struct ip_kw route_show_words[] = {
	{ "table", true, RS_TABLE }, { "vrf", true, RS_OTHER },
	{ "cached", true, RS_OTHER }, { "cloned", true, RS_OTHER },
	{ "tos", false, RS_OTHER }, { "dsfield", true, RS_OTHER },
	{ "protocol", true, RS_OTHER }, { "scope", true, RS_OTHER },
	{ "type", true, RS_OTHER }, { "dev", false, RS_DEV },
	{ "oif", false, RS_DEV }, { "iif", false, RS_OTHER },
	{ "mark", true, RS_OTHER }, { "metric", true, RS_OTHER },
	{ "priority", true, RS_OTHER }, { "preference", false, RS_OTHER },
	{ "via", false, RS_OTHER }, { "src", false, RS_OTHER },
	{ "realms", true, RS_OTHER }, { "from", true, RS_OTHER },
	{ "to", false, RS_OTHER }, { "exact", true, RS_OTHER },
	{ "root", true, RS_OTHER }, { "match", true, RS_OTHER },
	{ NULL, false, 0 },
};

/* `table all` (or 0) lists every table and names each route's. */
static enum cmd_status route_show_table(struct cmd_ctx *c, const char *v,
					uint32_t *table, bool *all)
{
	if (!strcmp(v, "all")) {
		*all = true;
		return CMD_OK;
	}
	if (!rt_name_parse(rt_tables, v, 0xffffffffu, table))
		return strcmp(v, "cache") ?
			invalid(c, "table id value is invalid", v) :
			not_modelled(c, "ip route show table", v);
	*all = !*table;
	return CMD_OK;
}

static enum cmd_status route_show(struct world *w, struct cmd_ctx *c,
				  int argc, char **argv)
{
	uint32_t table = RT_TABLE_MAIN;
	const char *devname = NULL;
	bool all = false;
	enum cmd_status st;
	int dev = 0;

	for (int i = 0; i < argc; i++) {
		const struct ip_kw *k = kw_find(route_show_words, argv[i]);
		const char *v;

		if (!k || k->what == RS_OTHER)
			return not_modelled(c, "ip route show", argv[i]);
		if (!(v = next_arg(c, argc, argv, &i)))
			return CMD_USAGE;
		if (k->what == RS_DEV)
			devname = v;
		else if ((st = route_show_table(c, v, &table, &all)))
			return st;
	}
	if (devname && !(dev = dev_by_name(w, devname)))
		return no_device(c, devname);
	if (all) {
		for (uint32_t t = table_next(w, 0); t; t = table_next(w, t))
			table_print(w, c, t, true, dev);
		return CMD_OK;
	}
	if (!table_exists(w, table)) {
		cmd_error(c, "Error: ipv4: FIB table does not exist.\n"
			  "Dump terminated");
		return CMD_FAIL;
	}
	table_print(w, c, table, false, dev);
	return CMD_OK;
}

enum route_get_key { RG_OTHER, RG_FROM, RG_IIF, RG_MARK, RG_OIF };

/* iproute_get()'s keywords, in its order; the rest is the destination. */
static const struct ip_kw route_get_words[] = {
	{ "tos", false, RG_OTHER }, { "dsfield", true, RG_OTHER },
	{ "from", true, RG_FROM }, { "iif", true, RG_IIF },
	{ "mark", true, RG_MARK }, { "oif", true, RG_OIF },
	{ "dev", false, RG_OIF }, { "notify", true, RG_OTHER },
	{ "connected", true, RG_OTHER }, { "vrf", true, RG_OTHER },
	{ "uid", true, RG_OTHER }, { "fibmatch", true, RG_OTHER },
	{ "as", false, RG_OTHER }, { "sport", true, RG_OTHER },
	{ "dport", true, RG_OTHER }, { "ipproto", true, RG_OTHER },
	{ NULL, false, 0 },
};

/* What `ip route get` was given. */
struct route_get_req {
	struct flowi4 fl;
	const char *iif, *oif;
	bool has_dst, has_src;
};

static enum cmd_status route_get_addr(struct cmd_ctx *c, bool inet,
				      const char *v, uint32_t *addr)
{
	bool has_len;
	int plen;

	if (!prefix_parse(v, false, addr, &plen, &has_len))
		return bad_prefix(c, inet, v);
	return CMD_OK;
}

static enum cmd_status route_get_value(struct cmd_ctx *c, bool inet,
				       int key, const char *v,
				       struct route_get_req *q)
{
	uint64_t u;

	switch (key) {
	case RG_FROM:
		q->has_src = true;
		return route_get_addr(c, inet, v, &q->fl.saddr);
	case RG_IIF:
		q->iif = v;
		return CMD_OK;
	case RG_OIF:
		q->oif = v;
		return CMD_OK;
	default:
		if (!parse_u64(v, 0, 0xffffffffu, &u))
			return invalid(c, "invalid mark value", v);
		q->fl.mark = (uint32_t)u;
		return CMD_OK;
	}
}

static enum cmd_status route_get_parse(struct cmd_ctx *c, bool inet,
				       int argc, char **argv,
				       struct route_get_req *q)
{
	enum cmd_status st;

	for (int i = 0; i < argc; i++) {
		const struct ip_kw *k = kw_find(route_get_words, argv[i]);
		const char *v = argv[i];

		if (k && k->what == RG_OTHER)
			return not_modelled(c, "ip route get", k->word);
		if ((k || !strcmp(v, "to")) &&
		    !(v = next_arg(c, argc, argv, &i)))
			return CMD_USAGE;
		if (k)
			st = route_get_value(c, inet, k->what, v, q);
		else
			st = route_get_addr(c, inet, v, &q->fl.daddr);
		if (st)
			return st;
		inet |= !k || k->what == RG_FROM;
		q->has_dst |= !k;
	}
	if (!q->has_dst) {
		cmd_error(c, "need at least a destination address");
		return CMD_USAGE;
	}
	return CMD_OK;
}

static enum cmd_status route_get_error(struct cmd_ctx *c, int rc)
{
	cmd_error(c, "RTNETLINK answers: %s", rc == -101 ?
		  "Network is unreachable" : rc == -113 ?
		  "No route to host" : rc == -13 ? "Permission denied" :
		  rc == -18 ? "Invalid cross-device link" :
		  "Invalid argument");
	return CMD_FAIL;
}

/* inet_rtm_getroute(): an input route when iif is given, else output. */
static int route_get_lookup(struct world *w, struct route_get_req *q,
			    struct dst *d)
{
	enum drop_reason reason;

	if (!q->iif)
		return ip_route_output_flow(w, &q->fl, d);
	/* a martian and an ip_error route both carry their errno */
	ip_route_input_flow(w, &q->fl, d, &reason);
	return d->error;
}

/* rt_fill_info() as print_route() shows a cloned route. */
static void route_get_print(struct world *w, struct cmd_ctx *c,
			    const struct route_get_req *q,
			    const struct dst *d)
{
	char a[16], n[12];

	fprintf(c->out, "%s%s ", d->type == RTN_LOCAL ? "local " :
		d->type == RTN_BROADCAST ? "broadcast " : "",
		ip_fmt(q->fl.daddr, a));
	/* a source asked for is shown as "from", and no "src" follows */
	if (q->has_src)
		fprintf(c->out, "from %s ", ip_fmt(q->fl.saddr, a));
	if (d->gw)
		fprintf(c->out, "via %s ", ip_fmt(d->gw, a));
	fprintf(c->out, "dev %s ", w->dev[d->dev].name);
	/* until the first rule, local and main are one merged table */
	if (d->table && d->table != RT_TABLE_MAIN &&
	    (d->table != RT_TABLE_LOCAL || w->fib_rules_custom))
		fprintf(c->out, "table %s ", rt_name_of(rt_tables, d->table, n));
	if (!q->has_src && !q->iif)
		fprintf(c->out, "src %s ", ip_fmt(d->prefsrc, a));
	if (q->fl.mark)
		fprintf(c->out, q->fl.mark < 16 ? "mark %u " : "mark 0x%x ",
			q->fl.mark);
	if (!q->iif)
		fputs("uid 0 ", c->out);
	fprintf(c->out, "\n    cache %s", d->type == RTN_LOCAL ? "<local> " :
		d->type == RTN_BROADCAST ? "<local,brd> " :
		d->redirect ? "<redirect> " : "");
	if (q->iif)
		fprintf(c->out, "iif %s ", q->iif);
	fputc('\n', c->out);
}

static enum cmd_status route_get(struct world *w, struct cmd_ctx *c,
				 const struct ip_opts *o, int argc,
				 char **argv)
{
	struct route_get_req q = { 0 };
	enum cmd_status st;
	struct dst d;
	int rc;

	if ((st = route_get_parse(c, o->inet, argc, argv, &q)))
		return st;
	if (q.iif && !(q.fl.iif = dev_by_name(w, q.iif)))
		return no_device(c, q.iif);
	if (q.oif && !(q.fl.oif = dev_by_name(w, q.oif)))
		return no_device(c, q.oif);
	rc = route_get_lookup(w, &q, &d);
	if (rc)
		return route_get_error(c, rc);
	route_get_print(w, c, &q, &d);
	return CMD_OK;
}

enum route_key {
	RK_OTHER, RK_SRC, RK_VIA, RK_METRIC, RK_SCOPE, RK_PROTO, RK_TABLE,
	RK_DEV
};

/* iproute_modify()'s keywords, in its order; the rest is [TYPE] PREFIX. */
static const struct ip_kw route_words[] = {
	{ "src", false, RK_SRC }, { "as", false, RK_OTHER },
	{ "via", false, RK_VIA }, { "from", false, RK_OTHER },
	{ "tos", false, RK_OTHER }, { "dsfield", true, RK_OTHER },
	{ "expires", false, RK_OTHER }, { "metric", true, RK_METRIC },
	{ "priority", true, RK_METRIC }, { "preference", false, RK_METRIC },
	{ "scope", false, RK_SCOPE }, { "mtu", false, RK_OTHER },
	{ "hoplimit", false, RK_OTHER }, { "advmss", false, RK_OTHER },
	{ "reordering", true, RK_OTHER }, { "rtt", false, RK_OTHER },
	{ "rto_min", false, RK_OTHER }, { "window", true, RK_OTHER },
	{ "cwnd", true, RK_OTHER }, { "initcwnd", true, RK_OTHER },
	{ "initrwnd", true, RK_OTHER }, { "features", true, RK_OTHER },
	{ "quickack", true, RK_OTHER }, { "congctl", true, RK_OTHER },
	{ "rttvar", true, RK_OTHER }, { "ssthresh", true, RK_OTHER },
	{ "realms", true, RK_OTHER }, { "onlink", false, RK_OTHER },
	{ "nexthop", false, RK_OTHER }, { "nhid", false, RK_OTHER },
	{ "protocol", true, RK_PROTO }, { "table", true, RK_TABLE },
	{ "vrf", true, RK_OTHER }, { "dev", false, RK_DEV },
	{ "oif", false, RK_DEV }, { "pref", true, RK_OTHER },
	{ "encap", false, RK_OTHER }, { "ttl-propagate", false, RK_OTHER },
	{ "fastopen_no_cookie", true, RK_OTHER }, { NULL, false, 0 },
};

#define RTN_XRESOLVE 11              /* rtnetlink.h; netstep has none */

/* rtnl_rtntype_a2n() */
static const struct ip_kw rtn_words[] = {
	{ "local", false, RTN_LOCAL }, { "nat", false, RTN_NAT },
	{ "broadcast", true, RTN_BROADCAST }, { "brd", false, RTN_BROADCAST },
	{ "anycast", true, RTN_ANYCAST }, { "multicast", true, RTN_MULTICAST },
	{ "prohibit", true, RTN_PROHIBIT },
	{ "unreachable", true, RTN_UNREACHABLE },
	{ "blackhole", true, RTN_BLACKHOLE },
	{ "xresolve", true, RTN_XRESOLVE },
	{ "unicast", true, RTN_UNICAST }, { "throw", false, RTN_THROW },
	{ NULL, false, 0 },
};

/* What `ip route add|del|replace` was given. */
struct route_req {
	struct fib_route r;
	const char *dev;
	bool inet, has_dst, has_gw, has_table, typed, has_scope;
	uint8_t scope;
};

/* A keyword's value, checked as iproute_modify checks it. */
static enum cmd_status route_value(struct cmd_ctx *c, struct route_req *q,
				   int key, const char *v)
{
	uint32_t id;
	uint64_t u;

	switch (key) {
	case RK_SRC:
	case RK_VIA:
		if (key == RK_VIA && q->has_gw)
			return invalid(c, "use nexthop syntax to specify "
				       "multiple via", "via");
		if (!ip_parse(v, key == RK_VIA ? &q->r.gw : &q->r.prefsrc))
			return bad_address(c, q->inet, v);
		q->has_gw |= key == RK_VIA;
		q->inet = true;
		break;
	case RK_METRIC:
		if (!parse_u64(v, 0, 0xffffffffu, &u))
			return invalid(c, "\"metric\" value is invalid", v);
		q->r.metric = (uint32_t)u;
		break;
	case RK_SCOPE:
		if (!rt_name_parse(rt_scopes, v, 255, &id))
			return invalid(c, "invalid \"scope\" value", v);
		q->scope = (uint8_t)id;
		q->has_scope = true;
		break;
	case RK_PROTO:
		if (!rt_name_parse(rt_protos, v, 255, &id))
			return invalid(c, "\"protocol\" value is invalid", v);
		q->r.proto = (uint8_t)id;
		break;
	case RK_TABLE:
		if (!rt_name_parse(rt_tables, v, 0xffffffffu, &q->r.table))
			return invalid(c, "\"table\" value is invalid", v);
		q->has_table = true;
		break;
	default:
		q->dev = v;
	}
	return CMD_OK;
}

/* [to] [TYPE] PREFIX */
static enum cmd_status route_dst(struct cmd_ctx *c, struct route_req *q,
				 int argc, char **argv, int *i)
{
	const struct ip_kw *t;
	const char *v = argv[*i];
	bool has_len;
	int plen;

	if (!strcmp(v, "to") && !(v = next_arg(c, argc, argv, i)))
		return CMD_USAGE;
	if (!isdigit((unsigned char)v[0]) && (t = kw_find(rtn_words, v))) {
		if (!(v = next_arg(c, argc, argv, i)))
			return CMD_USAGE;
		q->r.type = (uint8_t)t->what;
		q->typed = true;
	}
	if (q->has_dst)
		return garbage(c, "to", v);
	if (!prefix_parse(v, true, &q->r.dst, &plen, &has_len))
		return bad_prefix(c, q->inet, v);
	q->r.plen = (uint8_t)plen;
	q->has_dst = q->inet = true;
	return CMD_OK;
}

static enum cmd_status route_parse(struct cmd_ctx *c, int argc, char **argv,
				   struct route_req *q)
{
	enum cmd_status st;

	for (int i = 0; i < argc; i++) {
		const struct ip_kw *k = kw_find(route_words, argv[i]);
		const char *v;

		if (k && k->what == RK_OTHER)
			return not_modelled(c, "ip route", k->word);
		if (!k)
			st = route_dst(c, q, argc, argv, &i);
		else if (!(v = next_arg(c, argc, argv, &i)))
			st = CMD_USAGE;
		else
			st = route_value(c, q, k->what, v);
		if (st)
			return st;
	}
	if (!q->has_dst) {
		cmd_error(c, "Usage: ip route { list | flush } SELECTOR\n"
			  "       ip route get [ ROUTE_GET_FLAGS ] ADDRESS\n"
			  "       ip route { add | del | change | append | "
			  "replace } ROUTE");
		return CMD_USAGE;
	}
	/* local, broadcast, nat and anycast routes live in table local */
	if (!q->has_table && (q->r.type == RTN_LOCAL ||
			      q->r.type == RTN_BROADCAST ||
			      q->r.type == RTN_NAT || q->r.type == RTN_ANYCAST))
		q->r.table = RT_TABLE_LOCAL;
	if (!q->r.table)
		q->r.table = RT_TABLE_MAIN;  /* fib_new_table(0) */
	return CMD_OK;
}

/* fib_check_nh() and fib_create_info() for a unicast route. */
static enum cmd_status route_check_nh(struct world *w, struct cmd_ctx *c,
				      struct fib_route *r)
{
	struct flowi4 fl = { .daddr = r->gw, .iif = 1,
			     .scope = RT_SCOPE_LINK };
	struct fib_result res;

	if (r->gw) {
		/* fib_check_nh_v4_gw(): the gateway is on a link */
		if (fib_lookup(w, &fl, &res) || (res.type != RTN_UNICAST &&
						 res.type != RTN_LOCAL) ||
		    res.r->gw || (r->dev && res.r->dev != r->dev)) {
			cmd_error(c, "Error: Nexthop has invalid gateway.");
			return CMD_FAIL;
		}
		r->dev = res.r->dev;
		if (!w->dev[r->dev].up) {
			cmd_error(c, "Error: Nexthop device is not up.");
			return CMD_FAIL;
		}
	} else if (!r->dev) {
		cmd_error(c, "RTNETLINK answers: No such device");
		return CMD_FAIL;
	} else if (!w->dev[r->dev].up) {
		cmd_error(c, "Error: Device for nexthop is not up.");
		return CMD_FAIL;
	} else {
		r->scope = RT_SCOPE_LINK;
	}
	if (r->prefsrc && inet_addr_type(w, r->prefsrc) != RTN_LOCAL) {
		cmd_error(c, "Error: Invalid prefsrc address.");
		return CMD_FAIL;
	}
	return CMD_OK;
}

/* A route of the same table, prefix and metric: what replace replaces. */
static bool route_same_key(const struct world *w, const struct fib_route *r)
{
	uint32_t list[ROUTE_MAX];
	int n = fib_table_list(w, r->table, list, ROUTE_MAX);

	for (int i = 0; i < n; i++) {
		const struct fib_route *o = &w->route[list[i] - 1];

		if (o->dst == r->dst && o->plen == r->plen &&
		    o->metric == r->metric)
			return true;
	}
	return false;
}

/* A scope given to a unicast route: a gateway needs one wider than
 * link (fib_check_nh_v4_gw looks the gateway up one scope narrower). */
static enum cmd_status route_scope(struct cmd_ctx *c, struct fib_route *r,
				   int scope)
{
	if (scope < 0)
		return CMD_OK;
	if (r->gw && scope == RT_SCOPE_HOST) {
		cmd_error(c, "Error: Route with host scope can not have a "
			  "gateway.");
		return CMD_FAIL;
	}
	if (r->gw && scope >= RT_SCOPE_LINK) {
		cmd_error(c, "Error: Nexthop has invalid gateway.");
		return CMD_FAIL;
	}
	return CMD_OK;
}

static enum cmd_status route_add(struct world *w, struct cmd_ctx *c,
				 struct fib_route *r, int scope, bool replace)
{
	enum cmd_status st;

	switch (r->type) {
	case RTN_UNICAST:
		if ((st = route_scope(c, r, scope)) ||
		    (st = route_check_nh(w, c, r)))
			return st;
		if (scope >= 0)
			r->scope = (uint8_t)scope;
		break;
	case RTN_BLACKHOLE:
	case RTN_UNREACHABLE:
	case RTN_PROHIBIT:
	case RTN_THROW:
		break;
	default:
		return not_modelled(c, "ip route add",
				    rtn_type_name(r->type));
	}
	if (replace && route_same_key(w, r)) {
		struct fib_route old = *r;

		/* metric 0 asks for any metric, and 0 is the lowest */
		old.type = RTN_UNSPEC;
		old.scope = RT_SCOPE_NOWHERE;
		old.proto = 0;
		old.prefsrc = old.gw = 0;
		old.dev = 0;
		fib_del_match(w, &old);
	}
	if (fib_add(w, r)) {
		cmd_error(c, "RTNETLINK answers: File exists");
		return CMD_FAIL;
	}
	return CMD_OK;
}

static enum cmd_status ip_route(struct world *w, struct cmd_ctx *c,
				const struct ip_opts *o, int verb, int argc,
				char **argv)
{
	struct route_req q = {
		.r = { .table = RT_TABLE_MAIN, .type = RTN_UNICAST,
		       .proto = RTPROT_BOOT },
		.inet = o->inet,
	};
	enum cmd_status st;
	int d = 0;

	if (verb == V_SHOW)
		return route_show(w, c, argc, argv);
	if (verb == V_GET)
		return route_get(w, c, o, argc, argv);
	if (verb == V_DEL) {
		/* a delete matches only what it was given */
		q.r.type = RTN_UNSPEC;
		q.r.proto = 0;
	}
	if ((st = route_parse(c, argc, argv, &q)))
		return st;
	if (q.dev && !(d = dev_by_name(w, q.dev)))
		return no_device(c, q.dev);
	q.r.dev = (uint8_t)d;
	if (q.r.dst & ~inet_make_mask(q.r.plen)) {
		cmd_error(c, "Error: Invalid prefix for given prefix length.");
		return CMD_FAIL;
	}
	if (verb != V_DEL)
		return route_add(w, c, &q.r, q.has_scope ? q.scope : -1,
				 verb == V_REPLACE);
	q.r.scope = RT_SCOPE_NOWHERE;
	if (fib_del_match(w, &q.r)) {
		cmd_error(c, "RTNETLINK answers: No such process");
		return CMD_FAIL;
	}
	return CMD_OK;
}

/* ---- ip neighbour ---- */

static enum cmd_status neigh_show(struct world *w, struct cmd_ctx *c,
				  int argc, char **argv)
{
	const char *devname = NULL;
	char a[16], m[18];
	int dev = 0;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "dev"))
			return not_modelled(c, "ip neigh show", argv[i]);
		if (!(devname = next_arg(c, argc, argv, &i)))
			return CMD_USAGE;
	}
	if (devname && !(dev = dev_by_name(w, devname)))
		return no_device(c, devname);
	for (uint32_t h = 1; h <= w->neigh_pool.hwm; h++) {
		const struct neighbour *n = &w->neigh[h - 1];

		if (!pool_is_used(&w->neigh_pool, w->neigh_next, h) ||
		    (dev && n->dev != dev))
			continue;
		fprintf(c->out, "%s ", ip_fmt(n->key, a));
		if (!dev)
			fprintf(c->out, "dev %s ", w->dev[n->dev].name);
		if (n->nud & NUD_VALID)
			fprintf(c->out, "lladdr %s ", mac_fmt(n->mac, m));
		fprintf(c->out, "%s \n", neigh_state_name(n->nud));
	}
	return CMD_OK;
}

enum neigh_key { NK_OTHER, NK_LLADDR, NK_NUD, NK_DEV };

/* ipneigh_modify()'s keywords, in its order; the rest is the address. */
static const struct ip_kw neigh_words[] = {
	{ "lladdr", true, NK_LLADDR }, { "nud", false, NK_NUD },
	{ "proxy", true, NK_OTHER }, { "router", false, NK_OTHER },
	{ "use", false, NK_OTHER }, { "managed", false, NK_OTHER },
	{ "extern_learn", true, NK_OTHER }, { "dev", false, NK_DEV },
	{ "protocol", true, NK_OTHER }, { NULL, false, 0 },
};

/* nud_state_a2n(): the states netstep models, then those it does not. */
static const struct ip_kw nud_words[] = {
	{ "permanent", true, NUD_PERMANENT },
	{ "reachable", true, NUD_REACHABLE },
	{ "noarp", false, -1 }, { "none", false, -1 },
	{ "stale", false, NUD_STALE }, { "incomplete", false, -1 },
	{ "delay", false, -1 }, { "probe", false, -1 },
	{ "failed", true, -1 }, { NULL, false, 0 },
};

/* What `ip neigh add|del|replace` was given. */
struct neigh_req {
	const char *dev, *lladdr, *dst;
	uint32_t addr;
	uint8_t nud;
};

static enum cmd_status neigh_value(struct cmd_ctx *c, struct neigh_req *q,
				   int key, const char *v)
{
	const struct ip_kw *n;

	switch (key) {
	case NK_LLADDR:
		if (q->lladdr)
			return duplicate(c, "lladdr", v);
		q->lladdr = v;
		break;
	case NK_NUD:
		n = kw_find(nud_words, v);
		if (!n)
			return invalid(c, "nud state is bad", v);
		if (n->what < 0)
			return not_modelled(c, "ip neigh nud", n->word);
		q->nud = (uint8_t)n->what;
		break;
	default:
		q->dev = v;
	}
	return CMD_OK;
}

static enum cmd_status neigh_parse(struct cmd_ctx *c, bool inet, int argc,
				   char **argv, struct neigh_req *q)
{
	enum cmd_status st;

	for (int i = 0; i < argc; i++) {
		const struct ip_kw *k = kw_find(neigh_words, argv[i]);
		const char *v = argv[i];

		if (k && k->what == NK_OTHER)
			return not_modelled(c, "ip neigh", k->word);
		if ((k || !strcmp(v, "to")) &&
		    !(v = next_arg(c, argc, argv, &i)))
			return CMD_USAGE;
		if (k) {
			if ((st = neigh_value(c, q, k->what, v)))
				return st;
		} else if (q->dst) {
			return garbage(c, "to", v);
		} else if (!ip_parse(v, &q->addr)) {
			return bad_address(c, inet, v);
		} else {
			q->dst = v;
		}
	}
	if (!q->dev || !q->dst) {
		cmd_error(c, "Device and destination are required arguments.");
		return CMD_USAGE;
	}
	return CMD_OK;
}

/* neigh_add / neigh_delete; an entry that has no lladdr given keeps the
 * one it has, if any (__neigh_update). */
static enum cmd_status neigh_modify(struct world *w, struct cmd_ctx *c,
				    const struct ip_opts *o, int verb,
				    int argc, char **argv)
{
	struct neigh_req q = { .nud = NUD_PERMANENT };
	bool has_mac = false;
	enum cmd_status st;
	uint8_t mac[6];
	uint32_t h;
	int d;

	if ((st = neigh_parse(c, o->inet, argc, argv, &q)))
		return st;
	if (q.lladdr && strcmp(q.lladdr, "null")) {
		if (!mac_parse(q.lladdr, mac)) {
			cmd_error(c, "\"%s\" is invalid lladdr.", q.lladdr);
			return CMD_USAGE;
		}
		has_mac = true;
	}
	if (!(d = dev_by_name(w, q.dev)))
		return no_device(c, q.dev);
	h = neigh_lookup(w, d, q.addr);
	if (verb == V_DEL) {
		if (!h) {
			cmd_error(c, "RTNETLINK answers: No such file or directory");
			return CMD_FAIL;
		}
		skbq_purge(w, &w->neigh[h - 1].arp_queue);
		pool_free(&w->neigh_pool, w->neigh_next, h);
		return CMD_OK;
	}
	if (h && verb == V_ADD) {
		cmd_error(c, "RTNETLINK answers: File exists");
		return CMD_FAIL;
	}
	if (!has_mac && !(h && (w->neigh[h - 1].nud & NUD_VALID))) {
		cmd_error(c, "Error: No link layer address given.");
		return CMD_FAIL;
	}
	if (!h && !(h = neigh_create(w, d, q.addr))) {
		cmd_error(c, "RTNETLINK answers: No buffer space available");
		return CMD_FAIL;
	}
	if (has_mac)
		memcpy(w->neigh[h - 1].mac, mac, 6);
	w->neigh[h - 1].nud = q.nud;
	w->neigh[h - 1].timer_at = 0;
	return CMD_OK;
}

static enum cmd_status ip_neigh(struct world *w, struct cmd_ctx *c,
				const struct ip_opts *o, int verb, int argc,
				char **argv)
{
	if (verb == V_SHOW)
		return neigh_show(w, c, argc, argv);
	return neigh_modify(w, c, o, verb, argc, argv);
}

/* ---- objects, commands and options ---- */

/* do_ipaddr(), do_iplink(), do_iproute(), do_ipneigh(): their commands
 * in their order, so `ip l s` is set and `ip r s` is show. */
static const struct ip_kw addr_verbs[] = {
	{ "add", true, V_ADD }, { "change", true, V_NOT_MODELLED },
	{ "chg", false, V_NOT_MODELLED }, { "replace", true, V_NOT_MODELLED },
	{ "delete", true, V_DEL }, { "list", true, V_SHOW },
	{ "show", true, V_SHOW }, { "lst", true, V_SHOW },
	{ "flush", true, V_FLUSH }, { "save", true, V_NOT_MODELLED },
	{ "showdump", true, V_NOT_MODELLED },
	{ "restore", true, V_NOT_MODELLED }, { "help", true, V_NOT_MODELLED },
	{ NULL, false, 0 },
};

static const struct ip_kw link_verbs[] = {
	{ "add", true, V_NOT_MODELLED }, { "set", true, V_SET },
	{ "change", true, V_SET }, { "replace", true, V_NOT_MODELLED },
	{ "delete", true, V_NOT_MODELLED }, { "show", true, V_SHOW },
	{ "lst", true, V_SHOW }, { "list", true, V_SHOW },
	{ "xstats", true, V_NOT_MODELLED }, { "afstats", true, V_NOT_MODELLED },
	{ "property", true, V_NOT_MODELLED }, { "help", true, V_NOT_MODELLED },
	{ NULL, false, 0 },
};

static const struct ip_kw route_verbs[] = {
	{ "add", true, V_ADD }, { "change", true, V_NOT_MODELLED },
	{ "chg", false, V_NOT_MODELLED }, { "replace", true, V_REPLACE },
	{ "prepend", true, V_NOT_MODELLED }, { "append", true, V_NOT_MODELLED },
	{ "test", true, V_NOT_MODELLED }, { "delete", true, V_DEL },
	{ "list", true, V_SHOW }, { "show", true, V_SHOW },
	{ "lst", true, V_SHOW }, { "get", true, V_GET },
	{ "flush", true, V_NOT_MODELLED }, { "save", true, V_NOT_MODELLED },
	{ "restore", true, V_NOT_MODELLED },
	{ "showdump", true, V_NOT_MODELLED }, { "help", true, V_NOT_MODELLED },
	{ NULL, false, 0 },
};

static const struct ip_kw neigh_verbs[] = {
	{ "add", true, V_ADD }, { "change", true, V_NOT_MODELLED },
	{ "chg", false, V_NOT_MODELLED }, { "replace", true, V_REPLACE },
	{ "delete", true, V_DEL }, { "get", true, V_NOT_MODELLED },
	{ "show", true, V_SHOW }, { "lst", true, V_SHOW },
	{ "list", true, V_SHOW }, { "flush", true, V_NOT_MODELLED },
	{ "help", true, V_NOT_MODELLED }, { NULL, false, 0 },
};

typedef enum cmd_status (*ip_fn)(struct world *w, struct cmd_ctx *c,
				 const struct ip_opts *o, int verb, int argc,
				 char **argv);

struct ip_object {
	const char *name;            /* as iproute2 spells it */
	const char *help;            /* as in `try "ip NAME help"` */
	const struct ip_kw *verbs;
	ip_fn fn;                    /* NULL: not modelled */
};

/* ip.c's cmds[], in its order. */
static const struct ip_object ip_objects[] = {
	{ "address", "address", addr_verbs, ip_addr },
	{ .name = "addrlabel" }, { .name = "maddress" },
	{ "route", "route", route_verbs, ip_route },
	{ "rule", "rule", rule_verbs, ip_rule },
	{ "neighbor", "neigh", neigh_verbs, ip_neigh },
	{ "neighbour", "neigh", neigh_verbs, ip_neigh },
	{ .name = "ntable" }, { .name = "ntbl" },
	{ "link", "link", link_verbs, ip_link },
	{ .name = "l2tp" }, { .name = "fou" }, { .name = "ila" },
	{ .name = "macsec" }, { .name = "tunnel" }, { .name = "tunl" },
	{ .name = "tuntap" }, { .name = "tap" }, { .name = "token" },
	{ .name = "tcpmetrics" }, { .name = "tcp_metrics" },
	{ .name = "monitor" }, { .name = "xfrm" }, { .name = "mroute" },
	{ .name = "mrule" }, { .name = "netns" }, { .name = "netconf" },
	{ .name = "vrf" }, { .name = "sr" }, { .name = "nexthop" },
	{ .name = "mptcp" }, { .name = "ioam" }, { .name = "help" },
	{ .name = "stats" },
};

enum ip_opt { O_OTHER, O_STATS, O_INET, O_FAMILY };

/* ip.c main()'s options, in its order (so -s is -stats). */
static const struct ip_kw ip_option_words[] = {
	{ "-loops", true, O_OTHER }, { "-family", true, O_FAMILY },
	{ "-4", false, O_INET }, { "-6", false, O_OTHER },
	{ "-0", false, O_OTHER }, { "-M", false, O_OTHER },
	{ "-B", false, O_OTHER }, { "-human", true, O_OTHER },
	{ "-human-readable", true, O_OTHER }, { "-iec", true, O_OTHER },
	{ "-stats", true, O_STATS }, { "-statistics", true, O_STATS },
	{ "-details", true, O_OTHER }, { "-resolve", true, O_OTHER },
	{ "-oneline", true, O_OTHER }, { "-timestamp", true, O_OTHER },
	{ "-tshort", true, O_OTHER }, { "-Version", true, O_OTHER },
	{ "-force", true, O_OTHER }, { "-batch", true, O_OTHER },
	{ "-brief", true, O_OTHER }, { "-json", true, O_OTHER },
	{ "-pretty", true, O_OTHER }, { "-rcvbuf", true, O_OTHER },
	{ "-color", true, O_OTHER }, { "-colour", true, O_OTHER },
	{ "-help", true, O_OTHER }, { "-netns", true, O_OTHER },
	{ "-Numeric", true, O_OTHER }, { "-all", true, O_OTHER },
	{ "-echo", false, O_OTHER }, { NULL, false, 0 },
};

/* The options before the object; *next is the object's index. */
static enum cmd_status ip_options(struct cmd_ctx *c, struct ip_opts *o,
				  int argc, char **argv, int *next)
{
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		/* iproute2 takes --opt as -opt */
		const char *opt = argv[i] + (argv[i][1] == '-');
		const struct ip_kw *k = kw_find(ip_option_words, opt);

		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!k) {
			cmd_error(c, "Option \"%s\" is unknown, try \"ip "
				  "-help\".", argv[i]);
			return CMD_USAGE;
		}
		if (k->what == O_OTHER)
			return not_modelled(c, "ip", k->word);
		if (k->what == O_FAMILY) {
			if (!next_arg(c, argc, argv, &i))
				return CMD_USAGE;
			if (strcmp(argv[i], "inet"))
				return not_modelled(c, "ip -family", argv[i]);
		}
		o->stats |= k->what == O_STATS;
		o->inet |= k->what == O_INET || k->what == O_FAMILY;
	}
	*next = i;
	return CMD_OK;
}

static const struct ip_object *object_find(const char *arg)
{
	for (size_t i = 0; i < sizeof(ip_objects) / sizeof(*ip_objects); i++)
		if (matches(arg, ip_objects[i].name))
			return &ip_objects[i];
	return NULL;
}

enum cmd_status cmd_ip(struct world *w, struct cmd_ctx *c, int argc,
		       char **argv)
{
	const struct ip_object *obj;
	struct ip_opts o = { 0 };
	const struct ip_kw *verb;
	char what[32];
	int i = 0;

	if (ip_options(c, &o, argc, argv, &i))
		return CMD_USAGE;
	if (i >= argc) {
		cmd_error(c, "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n"
			  "where  OBJECT := { link | address | route | neigh }");
		return CMD_USAGE;
	}
	obj = object_find(argv[i]);
	if (!obj) {
		cmd_error(c, "Object \"%s\" is unknown, try \"ip help\".",
			  argv[i]);
		return CMD_USAGE;
	}
	if (!obj->fn)
		return not_modelled(c, "ip", obj->name);
	argc -= i + 1;
	argv += i + 1;
	if (!argc)
		return obj->fn(w, c, &o, V_SHOW, 0, argv);
	verb = kw_find(obj->verbs, argv[0]);
	if (!verb) {
		cmd_error(c, "Command \"%s\" is unknown, try \"ip %s help\".",
			  argv[0], obj->help);
		return CMD_USAGE;
	}
	if (verb->what == V_NOT_MODELLED) {
		snprintf(what, sizeof(what), "ip %s", obj->help);
		return not_modelled(c, what, verb->word);
	}
	return obj->fn(w, c, &o, verb->what, argc - 1, argv + 1);
}
