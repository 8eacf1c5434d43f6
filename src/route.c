/*
 * route.c: routing decisions (net/ipv4/route.c, fib_frontend.c,
 * fib_trie.c; Linux 6.x).
 *
 * The FIB is a flat list of routes in a pool; lookups scan it for the
 * longest prefix (then lowest metric, then the oldest route), in the local
 * table first and then main, as the kernel's default rules (priority 0 and
 * 32766) order them.
 *
 * ip_route_input_slow follows route.c's order of tests: martian source and
 * destination checks, limited broadcast, the FIB lookup, local (with
 * fib_validate_source), forwarding, else an unreachable dst whose input is
 * ip_error.  Drop reasons are those of 6.13+ (6.12 used NOT_SPECIFIED).
 */
#include "route.h"

#include <string.h>

#include "devinet.h"
#include "net.h"
#include "pkt.h"
#include "proto/ip.h"

#define EINVAL 22
#define EXDEV 18
#define EACCES 13
#define ENETUNREACH 101
#define EHOSTUNREACH 113
#define EAGAIN 11

static bool route_same(const struct fib_route *a, const struct fib_route *b)
{
	return a->table == b->table && a->dst == b->dst && a->plen == b->plen &&
	       a->metric == b->metric && a->type == b->type;
}

int fib_add(struct world *w, const struct fib_route *r)
{
	uint32_t h;

	for (h = 1; h <= ROUTE_MAX; h++)
		if (pool_is_used(&w->route_pool, w->route_next, h) &&
		    route_same(&w->route[h - 1], r))
			return -17;
	h = pool_alloc(&w->route_pool, w->route_next);
	if (!h)
		return -105;
	w->route[h - 1] = *r;
	w->route[h - 1].seq = ++w->route_seq;
	/* fib_has_custom_local_routes: set for good, as the kernel does */
	if (r->type == RTN_LOCAL && r->proto != RTPROT_KERNEL)
		w->fib_custom_local = true;
	return 0;
}

void fib_del_prefsrc(struct world *w, uint32_t addr)
{
	for (uint32_t h = 1; h <= w->route_pool.hwm; h++)
		if (pool_is_used(&w->route_pool, w->route_next, h) &&
		    w->route[h - 1].prefsrc == addr &&
		    !inet_is_local_addr(w, addr))
			pool_free(&w->route_pool, w->route_next, h);
}

void fib_flush_dev(struct world *w, int dev, bool all)
{
	for (uint32_t h = 1; h <= w->route_pool.hwm; h++) {
		struct fib_route *r = &w->route[h - 1];

		if (pool_is_used(&w->route_pool, w->route_next, h) &&
		    r->dev == dev && (all || r->scope != RT_SCOPE_HOST))
			pool_free(&w->route_pool, w->route_next, h);
	}
}

static int route_cmp(const struct fib_route *a, const struct fib_route *b)
{
	if (a->dst != b->dst)
		return a->dst < b->dst ? -1 : 1;
	if (a->plen != b->plen)
		return a->plen < b->plen ? -1 : 1;
	if (a->metric != b->metric)
		return a->metric < b->metric ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* fib_table_delete's test: a field of want counts only when given. */
static bool route_matches(const struct fib_route *r,
			  const struct fib_route *want)
{
	return r->table == want->table && r->dst == want->dst &&
	       r->plen == want->plen &&
	       (want->type == RTN_UNSPEC || r->type == want->type) &&
	       (want->scope == RT_SCOPE_NOWHERE || r->scope == want->scope) &&
	       (!want->proto || r->proto == want->proto) &&
	       (!want->prefsrc || r->prefsrc == want->prefsrc) &&
	       (!want->metric || r->metric == want->metric) &&
	       (!want->dev || r->dev == want->dev) &&
	       (!want->gw || r->gw == want->gw);
}

int fib_del_match(struct world *w, const struct fib_route *want)
{
	uint32_t best = 0;

	/* the kernel keeps a prefix's routes by metric and deletes the
	 * first that matches */
	for (uint32_t h = 1; h <= w->route_pool.hwm; h++) {
		const struct fib_route *r = &w->route[h - 1];

		if (pool_is_used(&w->route_pool, w->route_next, h) &&
		    route_matches(r, want) &&
		    (!best || route_cmp(r, &w->route[best - 1]) < 0))
			best = h;
	}
	if (!best)
		return -3;
	pool_free(&w->route_pool, w->route_next, best);
	return 0;
}

int fib_table_list(const struct world *w, uint32_t table, uint32_t *out,
		   int max)
{
	int n = 0;

	for (uint32_t h = 1; h <= w->route_pool.hwm && n < max; h++) {
		if (!pool_is_used(&w->route_pool, w->route_next, h) ||
		    w->route[h - 1].table != table)
			continue;
		int i = n++;

		while (i && route_cmp(&w->route[out[i - 1] - 1],
				      &w->route[h - 1]) > 0) {
			out[i] = out[i - 1];
			i--;
		}
		out[i] = h;
	}
	return n;
}

/* fib_props: what an error route type means to a lookup. */
static int fib_type_error(int type)
{
	switch (type) {
	case RTN_UNREACHABLE:
		return -EHOSTUNREACH;
	case RTN_PROHIBIT:
		return -EACCES;
	case RTN_BLACKHOLE:
	case RTN_NAT:
		return -EINVAL;
	case RTN_THROW:
		return -EAGAIN;
	default:
		return 0;
	}
}

/* fib_table_lookup's tests of one alias: its scope, and for a route with
 * a nexthop, a live device that is the flow's oif when one is asked. */
static bool route_usable(const struct world *w, const struct fib_route *r,
			 const struct flowi4 *fl)
{
	if (r->scope < fl->scope)
		return false;
	if (fib_type_error(r->type))
		return true;
	if (r->dev && !w->dev[r->dev].up && r->scope != RT_SCOPE_HOST)
		return false;
	return !fl->oif || !r->dev || r->dev == fl->oif;
}

static bool route_better(const struct fib_route *r, const struct fib_route *b)
{
	return !b || r->plen > b->plen ||
	       (r->plen == b->plen && (r->metric < b->metric ||
		(r->metric == b->metric && r->seq < b->seq)));
}

int fib_table_lookup(const struct world *w, uint32_t table,
		     const struct flowi4 *fl, struct fib_result *res)
{
	const struct fib_route *best = NULL;

	for (uint32_t h = 1; h <= w->route_pool.hwm; h++) {
		const struct fib_route *r = &w->route[h - 1];

		if (pool_is_used(&w->route_pool, w->route_next, h) &&
		    r->table == table &&
		    !((fl->daddr ^ r->dst) & inet_make_mask(r->plen)) &&
		    route_usable(w, r, fl) && route_better(r, best))
			best = r;
	}
	if (!best)
		return -EAGAIN;
	res->r = best;
	res->type = best->type;
	res->table = table;
	return fib_type_error(best->type);
}

/* fib_rules_lookup() with fib4_rule_action(): a table that has nothing
 * (or throws) passes the lookup on to the next rule. */
int fib_lookup(const struct world *w, const struct flowi4 *fl,
	       struct fib_result *res)
{
	memset(res, 0, sizeof(*res));
	for (uint32_t i = 0; i < w->nrules; i++) {
		const struct fib_rule *r = &w->rule[i];
		int err;

		if (!fib_rule_match(w, r, fl))
			continue;
		switch (r->action) {
		case FR_ACT_TO_TBL:
			err = fib_table_lookup(w, r->table, fl, res);
			break;
		case FR_ACT_UNREACHABLE:
			err = -ENETUNREACH;
			break;
		case FR_ACT_PROHIBIT:
			err = -EACCES;
			break;
		case FR_ACT_BLACKHOLE:
			err = -EINVAL;
			break;
		default:
			continue;
		}
		if (err == -EAGAIN) {
			memset(res, 0, sizeof(*res));
			continue;
		}
		res->rule = r;
		return err;
	}
	return -ENETUNREACH;
}

/* __inet_dev_addr_type(): the local table alone decides. */
int inet_addr_type(const struct world *w, uint32_t addr)
{
	struct flowi4 fl = { .daddr = addr };
	struct fib_result res;

	if (ipv4_is_zeronet(addr) || ipv4_is_lbcast(addr))
		return RTN_BROADCAST;
	if (ipv4_is_multicast(addr))
		return RTN_MULTICAST;
	memset(&res, 0, sizeof(res));
	if (!fib_table_lookup(w, RT_TABLE_LOCAL, &fl, &res))
		return res.type;
	return RTN_UNICAST;
}

/* What the lookup matched, kept in the dst for the route step. */
static void dst_matched(struct dst *d, const struct fib_result *res)
{
	d->table = res->table;
	d->rule = res->rule ? res->rule->pref : 0;
	if (res->r) {
		d->rt_dst = res->r->dst;
		d->rt_plen = res->r->plen;
	}
}

/* The source of a route without one: the route's prefsrc, else the
 * device's first primary address in the route's scope
 * (fib_result_prefsrc). */
static uint32_t route_prefsrc(const struct world *w, const struct fib_route *r)
{
	if (r->prefsrc)
		return r->prefsrc;
	return inet_select_addr(w, r->dev, r->gw,
				r->gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK);
}

int ip_route_output_flow(const struct world *w, const struct flowi4 *fl,
			 struct dst *out)
{
	struct flowi4 f = *fl;
	struct fib_result res;
	int err;

	memset(out, 0, sizeof(*out));
	if (f.saddr) {
		if (ipv4_is_multicast(f.saddr) || ipv4_is_lbcast(f.saddr) ||
		    ipv4_is_zeronet(f.saddr))
			return -EINVAL;
		/* __ip_dev_find(): the source must be one of ours */
		if (!inet_is_local_addr(w, f.saddr))
			return -ENETUNREACH;
	}
	f.iif = 1;
	err = fib_lookup(w, &f, &res);
	dst_matched(out, &res);
	if (err)
		return err;
	out->valid = 1;
	out->type = res.type;
	out->gw = res.r->gw;
	if (res.type == RTN_LOCAL) {
		out->dev = 1;
		out->input = DST_IN_LOCAL;
		out->prefsrc = f.saddr ? f.saddr :
			(res.r->prefsrc ? res.r->prefsrc : f.daddr);
		return 0;
	}
	out->dev = res.r->dev;
	if (ipv4_is_lbcast(f.daddr))
		out->type = RTN_BROADCAST;
	out->prefsrc = f.saddr ? f.saddr : route_prefsrc(w, res.r);
	return 0;
}

int ip_route_output(const struct world *w, uint32_t daddr, uint32_t saddr,
		    struct dst *out)
{
	struct flowi4 fl = { .daddr = daddr, .saddr = saddr, .iif = 1 };

	return ip_route_output_flow(w, &fl, out);
}

/* __fib_validate_source(): the route back to the source, looked up as if
 * sent to it from dst (iif lo, or the output device when forwarding).
 * 1 when the source is on a link of the device, 0 acceptable, -EINVAL
 * (a local or special source), -EXDEV (rp_filter). */
static int fib_validate_source_full(const struct world *w, uint32_t src,
				    uint32_t dst, int dev, int oif, int rpf)
{
	struct flowi4 fl = { .daddr = src, .saddr = dst, .iif = oif ? oif : 1 };
	struct fib_result res;

	if (fib_lookup(w, &fl, &res))
		return rpf ? -EXDEV : 0;
	if (res.type != RTN_UNICAST &&
	    (res.type != RTN_LOCAL || !conf_get(w, dev, CONF_accept_local)))
		return -EINVAL;
	if (res.r->dev == dev || (res.type == RTN_LOCAL && dev == 1))
		return !res.r->gw;
	if (!w->dev[dev].ifa_list)
		return rpf ? -EXDEV : 0;
	if (rpf == 1)
		return -EXDEV;
	fl.oif = dev;
	if (!fib_lookup(w, &fl, &res) && res.type == RTN_UNICAST)
		return !res.r->gw;
	return 0;
}

/* fib_validate_source(): with rp_filter off and no custom rules or local
 * routes, only a source that is one of our addresses is refused. */
static int fib_validate_source(const struct world *w, uint32_t src,
			       uint32_t dst, int dev, int oif)
{
	int rpf = conf_get(w, dev, CONF_rp_filter);

	if (!rpf && (dev != oif || !conf_get(w, dev, CONF_send_redirects))) {
		if (conf_get(w, dev, CONF_accept_local))
			return 0;
		if (!w->fib_rules_custom && !w->fib_custom_local)
			return inet_is_local_addr(w, src) ? -EINVAL : 0;
	}
	return fib_validate_source_full(w, src, dst, dev, oif, rpf);
}

static enum drop_reason validate_reason(int err)
{
	return err == -EXDEV ? DROP_IP_RPFILTER : DROP_IP_LOCAL_SOURCE;
}

static void route_fail(struct dst *d, int err, enum drop_reason *reason,
		       enum drop_reason r)
{
	d->valid = 0;
	d->error = (int16_t)err;
	*reason = r;
}

bool inet_addr_onlink(const struct world *w, int dev, uint32_t saddr,
			     uint32_t gw)
{
	for (uint32_t h = w->dev[dev].ifa_list; h; h = w->ifa[h - 1].next) {
		const struct in_ifaddr *i = &w->ifa[h - 1];

		if (!((i->local ^ saddr) & i->mask) &&
		    (!gw || !((i->local ^ gw) & i->mask)))
			return true;
	}
	return false;
}

/* __mkroute_input(): rp_filter applies to forwarded packets too, and a
 * packet leaving by the device it came in on earns its sender a redirect
 * when the sender is on that link. */
static void mkroute_input(const struct world *w, const struct flowi4 *fl,
			  const struct fib_result *res, struct dst *d,
			  enum drop_reason *reason)
{
	int dev = fl->iif, out = res->r->dev;
	int err = fib_validate_source(w, fl->saddr, fl->daddr, dev, out);

	if (err < 0)
		return route_fail(d, err, reason, validate_reason(err));
	d->valid = 1;
	d->type = RTN_UNICAST;
	d->input = DST_IN_FORWARD;
	d->dev = (uint8_t)out;
	d->gw = res->r->gw;
	d->prefsrc = res->r->prefsrc;
	d->redirect = out == dev && err > 0 &&
		      conf_get(w, out, CONF_send_redirects) &&
		      (conf_get(w, out, CONF_shared_media) ||
		       inet_addr_onlink(w, out, fl->saddr, d->gw));
}

static void input_local(struct dst *d, uint8_t type, uint32_t prefsrc)
{
	d->valid = 1;
	d->type = type;
	d->input = DST_IN_LOCAL;
	d->prefsrc = prefsrc;
}

/* ip_route_input_slow() from the martian checks on; the multicast and
 * limited broadcast cases come first. */
static void input_martians(const struct world *w, const struct flowi4 *fl,
			   struct dst *d, enum drop_reason *reason)
{
	uint32_t saddr = fl->saddr, daddr = fl->daddr;
	int dev = fl->iif;

	if (ipv4_is_multicast(saddr) || ipv4_is_lbcast(saddr))
		return route_fail(d, -EINVAL, reason, DROP_IP_INVALID_SOURCE);
	if (ipv4_is_zeronet(saddr))
		return route_fail(d, -EINVAL, reason, DROP_IP_INVALID_SOURCE);
	if (ipv4_is_zeronet(daddr))
		return route_fail(d, -EINVAL, reason, DROP_IP_INVALID_DEST);
	if ((ipv4_is_loopback(daddr) || ipv4_is_loopback(saddr)) &&
	    !conf_get(w, dev, CONF_route_localnet))
		return route_fail(d, -EINVAL, reason, DROP_IP_LOCALNET);
	d->valid = 1;
}

static void input_broadcast(const struct world *w, const struct flowi4 *fl,
			    struct dst *d, enum drop_reason *reason)
{
	if (fl->saddr) {
		int err = fib_validate_source(w, fl->saddr, 0, fl->iif, 0);

		if (err < 0)
			return route_fail(d, err, reason, validate_reason(err));
	}
	input_local(d, RTN_BROADCAST, 0);
}

static void input_no_route(struct dst *d, int err)
{
	d->valid = 1;
	d->type = RTN_UNREACHABLE;
	d->input = DST_IN_ERROR;
	d->error = (int16_t)err;
}

void ip_route_input_flow(const struct world *w, const struct flowi4 *fl,
			 struct dst *d, enum drop_reason *reason)
{
	uint32_t saddr = fl->saddr, daddr = fl->daddr;
	int dev = fl->iif, err;
	struct fib_result res;

	memset(d, 0, sizeof(*d));
	d->dev = 1;
	if (ipv4_is_multicast(daddr)) {
		/* ip_route_input_mc: every interface is in 224.0.0.1 */
		if (daddr != 0xe0000001u)
			return route_fail(d, -EINVAL, reason,
					  DROP_IP_INVALID_DEST);
		return input_local(d, RTN_MULTICAST, 0);
	}
	if (ipv4_is_multicast(saddr) || ipv4_is_lbcast(saddr))
		return route_fail(d, -EINVAL, reason, DROP_IP_INVALID_SOURCE);
	if (ipv4_is_lbcast(daddr) || (!saddr && !daddr))
		return input_broadcast(w, fl, d, reason);
	input_martians(w, fl, d, reason);
	if (!d->valid)
		return;
	err = fib_lookup(w, fl, &res);
	dst_matched(d, &res);
	if (err)
		return input_no_route(d, conf_get(w, dev, CONF_forwarding) ?
				      err : -EHOSTUNREACH);
	if (res.type == RTN_BROADCAST)
		return input_broadcast(w, fl, d, reason);
	if (res.type == RTN_LOCAL) {
		err = fib_validate_source(w, saddr, daddr, dev, 0);
		if (err < 0)
			return route_fail(d, err, reason, validate_reason(err));
		return input_local(d, RTN_LOCAL, daddr);
	}
	if (!conf_get(w, dev, CONF_forwarding))
		return input_no_route(d, -EHOSTUNREACH);
	if (res.type != RTN_UNICAST)
		return route_fail(d, -EINVAL, reason, DROP_IP_INVALID_DEST);
	mkroute_input(w, fl, &res, d, reason);
}

static const char *martian_why(enum drop_reason r)
{
	switch (r) {
	case DROP_IP_RPFILTER:
		return "rp_filter: the route back to the source does not fit";
	case DROP_IP_LOCAL_SOURCE:
		return "martian source (one of our own addresses, or no "
		       "unicast route back)";
	case DROP_IP_LOCALNET:
		return "127/8 on a device without route_localnet";
	case DROP_IP_INVALID_DEST:
		return "martian destination";
	default:
		return "martian source";
	}
}

void st_ip_route_input(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	const uint8_t *iph = skb->buf + skb->network_header;
	uint32_t saddr = get_be32(iph + IP_OFF_SRC);
	uint32_t daddr = get_be32(iph + IP_OFF_DST);
	struct flowi4 fl = { .daddr = daddr, .saddr = saddr, .iif = skb->dev,
			     .mark = skb->mark };
	enum drop_reason reason = DROP_NOT_SPECIFIED;
	struct dst d;

	ip_route_input_flow(w, &fl, &d, &reason);
	x_route(x, &d);
	if (!d.valid) {
		if (d.error == -EXDEV)
			snmp_inc(w, x->s, CTR_TcpExtIPReversePathFilter, 1);
		x_note(x, "%I -> %I: %s: dropped silently", saddr, daddr, 0, 0);
		x->s->note_str = martian_why(reason);
		x_drop(x, h, reason);
		return x_end(x);
	}
	skb->dst = d;
	if (d.type == RTN_BROADCAST) {
		snmp_inc(w, x->s, CTR_IpExtInBcastPkts, 1);
		snmp_inc(w, x->s, CTR_IpExtInBcastOctets, skb->len);
	} else if (d.type == RTN_MULTICAST) {
		snmp_inc(w, x->s, CTR_IpExtInMcastPkts, 1);
		snmp_inc(w, x->s, CTR_IpExtInMcastOctets, skb->len);
	}
	switch (d.input) {
	case DST_IN_LOCAL:
		x_note(x, "%I is ours (%s): dst_input = ip_local_deliver", daddr,
		       0, 0, 0);
		x->s->note_str = rtn_type_name(d.type);
		return x_jump(x, ST_ip_local_deliver, h);
	case DST_IN_FORWARD:
		x_note(x, "%I is not ours, forwarding on: dst_input = ip_forward",
		       daddr, 0, 0, 0);
		return x_jump(x, ST_ip_forward, h);
	default:
		x_note(x, "%I: no usable route (error %d): dst_input = ip_error",
		       daddr, d.error, 0, 0);
		return x_jump(x, ST_ip_error, h);
	}
}

/* ip_error()'s limit per sender: cost 1 s, burst 5 s, from the same bucket
 * icmp_send's own limit then draws on, so a burst gets 2 errors out. */
static bool ip_error_allowed(struct world *w, uint32_t saddr)
{
	uint32_t p = inet_getpeer(w, saddr);
	struct inet_peer *peer;

	if (!p)
		return true;
	peer = &w->peer[p - 1];
	return inet_peer_xrlim_allow(w, peer, IP_RT_ERROR_COST_NS,
				     IP_RT_ERROR_BURST_NS);
}

void st_ip_error(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	int err = -skb->dst.error;
	uint8_t code;

	if (CUR(x)->arg2) {
		x_drop(x, h, DROP_NOT_SPECIFIED);
		return x_end(x);
	}
	if (!conf_get(w, skb->dev, CONF_forwarding)) {
		if (err == EHOSTUNREACH) {
			snmp_inc(w, x->s, CTR_IpInAddrErrors, 1);
			x_note(x, "not for us and forwarding is off: InAddrErrors",
			       0, 0, 0, 0);
			x_drop(x, h, DROP_IP_INADDRERRORS);
		} else if (err == ENETUNREACH) {
			snmp_inc(w, x->s, CTR_IpExtInNoRoutes, 1);
			x_drop(x, h, DROP_IP_INNOROUTES);
		} else {
			x_drop(x, h, DROP_NOT_SPECIFIED);
		}
		return x_end(x);
	}
	switch (err) {
	case EHOSTUNREACH:
		code = 1;
		break;
	case ENETUNREACH:
		code = 0;
		snmp_inc(w, x->s, CTR_IpExtInNoRoutes, 1);
		break;
	case EACCES:
		code = 13;
		break;
	default:
		x_note(x, "blackhole: dropped silently", 0, 0, 0, 0);
		x_drop(x, h, DROP_NOT_SPECIFIED);
		return x_end(x);
	}
	CUR(x)->arg2 = 1;
	if (!ip_error_allowed(w, get_be32(skb->buf + skb->network_header +
					  IP_OFF_SRC))) {
		x_note(x, "unreachable, but this sender had its ICMP errors for "
		       "now (ip_rt_error_cost): none sent", 0, 0, 0, 0);
		x_drop(x, h, DROP_NOT_SPECIFIED);
		return x_end(x);
	}
	x_note(x, "unreachable: ICMP destination unreachable code %u", code,
	       0, 0, 0);
	icmp_send_call(x, h, 3, code, 0, ST_ip_error);
}
