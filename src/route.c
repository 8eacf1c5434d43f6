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
	return 0;
}

int fib_del_where(struct world *w, uint32_t table, uint32_t dst, int plen,
		  int dev)
{
	for (uint32_t h = 1; h <= w->route_pool.hwm; h++) {
		struct fib_route *r = &w->route[h - 1];

		if (pool_is_used(&w->route_pool, w->route_next, h) &&
		    r->table == table && r->dst == dst && r->plen == plen &&
		    (!dev || r->dev == dev)) {
			pool_free(&w->route_pool, w->route_next, h);
			return 0;
		}
	}
	return -3;
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

static const struct fib_route *table_lookup(const struct world *w,
					    uint32_t table, uint32_t daddr)
{
	const struct fib_route *best = NULL;

	for (uint32_t h = 1; h <= w->route_pool.hwm; h++) {
		const struct fib_route *r = &w->route[h - 1];
		uint32_t mask;

		if (!pool_is_used(&w->route_pool, w->route_next, h) ||
		    r->table != table)
			continue;
		mask = inet_make_mask(r->plen);
		if ((daddr & mask) != r->dst)
			continue;
		if (r->dev && !w->dev[r->dev].up && r->scope != RT_SCOPE_HOST)
			continue;
		if (!best || r->plen > best->plen ||
		    (r->plen == best->plen && (r->metric < best->metric ||
		     (r->metric == best->metric && r->seq < best->seq))))
			best = r;
	}
	return best;
}

bool fib_lookup(const struct world *w, uint32_t daddr, struct fib_result *res)
{
	static const uint32_t tables[] = { RT_TABLE_LOCAL, RT_TABLE_MAIN };

	for (int i = 0; i < 2; i++) {
		const struct fib_route *r = table_lookup(w, tables[i], daddr);

		if (r && r->type != RTN_THROW) {
			res->r = r;
			res->type = r->type;
			return true;
		}
	}
	res->r = NULL;
	res->type = RTN_UNSPEC;
	return false;
}

int inet_addr_type(const struct world *w, uint32_t addr)
{
	const struct fib_route *r;

	if (ipv4_is_zeronet(addr) || ipv4_is_lbcast(addr))
		return RTN_BROADCAST;
	if (ipv4_is_multicast(addr))
		return RTN_MULTICAST;
	r = table_lookup(w, RT_TABLE_LOCAL, addr);
	return r && (r->type == RTN_LOCAL || r->type == RTN_BROADCAST) ?
		r->type : RTN_UNICAST;
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
		return -EINVAL;
	default:
		return 0;
	}
}

int ip_route_output(const struct world *w, uint32_t daddr, uint32_t saddr,
		    struct dst *out)
{
	struct fib_result res;
	int err;

	memset(out, 0, sizeof(*out));
	if (saddr && inet_addr_type(w, saddr) != RTN_LOCAL)
		return -EINVAL;
	if (!fib_lookup(w, daddr, &res))
		return -ENETUNREACH;
	if ((err = fib_type_error(res.type)))
		return err;
	out->valid = 1;
	out->type = res.type;
	out->gw = res.r->gw;
	if (res.type == RTN_LOCAL) {
		out->dev = 1;
		out->input = DST_IN_LOCAL;
		out->prefsrc = saddr ? saddr :
			(res.r->prefsrc ? res.r->prefsrc : daddr);
		return 0;
	}
	out->dev = res.r->dev;
	if (ipv4_is_lbcast(daddr))
		out->type = RTN_BROADCAST;
	out->prefsrc = saddr ? saddr : res.r->prefsrc ? res.r->prefsrc :
		inet_select_addr(w, res.r->dev, res.r->gw ? res.r->gw : daddr,
				 res.r->gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK);
	return 0;
}

/* fib_validate_source: 0, or -EINVAL (own address), -EXDEV (rp_filter). */
static int fib_validate_source(struct exec *x, uint32_t saddr, int dev)
{
	struct world *w = x->w;
	int rpf = conf_get(w, dev, CONF_rp_filter);
	struct fib_result res;

	if (!rpf) {
		if (conf_get(w, dev, CONF_accept_local))
			return 0;
		return inet_is_local_addr(w, saddr) ? -EINVAL : 0;
	}
	if (!fib_lookup(w, saddr, &res))
		return -EXDEV;
	if (res.type == RTN_LOCAL)
		return conf_get(w, dev, CONF_accept_local) ? 0 : -EINVAL;
	if (res.type != RTN_UNICAST)
		return -EXDEV;
	if (rpf == 1 && res.r->dev != dev)
		return -EXDEV;
	return 0;
}

static void route_fail(struct exec *x, struct dst *d, int err,
		       enum drop_reason r)
{
	d->valid = 0;
	d->error = (int16_t)err;
	x->s->reason = (uint8_t)r;
}

void ip_route_input_slow(struct exec *x, struct sk_buff *skb, uint32_t saddr,
			 uint32_t daddr, struct dst *d)
{
	struct world *w = x->w;
	int dev = skb->dev;
	struct fib_result res;
	int err;

	memset(d, 0, sizeof(*d));
	d->dev = 1;
	if (ipv4_is_multicast(daddr)) {
		/* ip_route_input_mc: every interface is in 224.0.0.1 */
		if (daddr != 0xe0000001u)
			return route_fail(x, d, -EINVAL, DROP_IP_INVALID_DEST);
		d->valid = 1;
		d->type = RTN_MULTICAST;
		d->input = DST_IN_LOCAL;
		return;
	}
	if (ipv4_is_multicast(saddr) || ipv4_is_lbcast(saddr))
		return route_fail(x, d, -EINVAL, DROP_IP_INVALID_SOURCE);
	if (ipv4_is_lbcast(daddr) || (!saddr && !daddr))
		goto brd_input;
	if (ipv4_is_zeronet(saddr))
		return route_fail(x, d, -EINVAL, DROP_IP_INVALID_SOURCE);
	if (ipv4_is_zeronet(daddr))
		return route_fail(x, d, -EINVAL, DROP_IP_INVALID_DEST);
	if (ipv4_is_loopback(daddr) && !conf_get(w, dev, CONF_route_localnet))
		return route_fail(x, d, -EINVAL, DROP_IP_LOCALNET);
	if (ipv4_is_loopback(saddr) && !conf_get(w, dev, CONF_route_localnet))
		return route_fail(x, d, -EINVAL, DROP_IP_LOCALNET);
	if (!fib_lookup(w, daddr, &res) || fib_type_error(res.type)) {
		err = res.r ? fib_type_error(res.type) : -ENETUNREACH;
		if (!conf_get(w, dev, CONF_forwarding))
			err = -EHOSTUNREACH;
		goto no_route;
	}
	if (res.type == RTN_BROADCAST)
		goto brd_input;
	if (res.type == RTN_LOCAL) {
		err = fib_validate_source(x, saddr, dev);
		if (err)
			return route_fail(x, d, err, err == -EXDEV ?
					  DROP_IP_RPFILTER : DROP_IP_LOCAL_SOURCE);
		d->valid = 1;
		d->type = RTN_LOCAL;
		d->input = DST_IN_LOCAL;
		d->prefsrc = daddr;
		return;
	}
	if (!conf_get(w, dev, CONF_forwarding)) {
		err = -EHOSTUNREACH;
		goto no_route;
	}
	if (res.type != RTN_UNICAST)
		return route_fail(x, d, -EINVAL, DROP_IP_INVALID_DEST);
	err = fib_validate_source(x, saddr, dev);
	if (err)
		return route_fail(x, d, err, err == -EXDEV ? DROP_IP_RPFILTER :
				  DROP_IP_LOCAL_SOURCE);
	d->valid = 1;
	d->type = RTN_UNICAST;
	d->input = DST_IN_FORWARD;
	d->dev = res.r->dev;
	d->gw = res.r->gw;
	d->prefsrc = res.r->prefsrc;
	return;

brd_input:
	if (saddr) {
		err = fib_validate_source(x, saddr, dev);
		if (err)
			return route_fail(x, d, err, err == -EXDEV ?
					  DROP_IP_RPFILTER : DROP_IP_LOCAL_SOURCE);
	}
	d->valid = 1;
	d->type = RTN_BROADCAST;
	d->input = DST_IN_LOCAL;
	return;

no_route:
	d->valid = 1;
	d->type = RTN_UNREACHABLE;
	d->input = DST_IN_ERROR;
	d->error = (int16_t)err;
}

void st_ip_route_input(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	const uint8_t *iph = skb->buf + skb->network_header;
	uint32_t saddr = get_be32(iph + IP_OFF_SRC);
	uint32_t daddr = get_be32(iph + IP_OFF_DST);
	struct dst d;

	ip_route_input_slow(x, skb, saddr, daddr, &d);
	x_route(x, &d);
	if (!d.valid) {
		if (d.error == -EXDEV)
			snmp_inc(w, x->s, CTR_TcpExtIPReversePathFilter, 1);
		x_note(x, "%I -> %I: no valid route (martian or rp_filter): "
		       "dropped silently", saddr, daddr, 0, 0);
		x_drop(x, h, (enum drop_reason)x->s->reason);
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
	x_note(x, "unreachable: ICMP destination unreachable code %u", code,
	       0, 0, 0);
	icmp_send_call(x, h, 3, code, 0, ST_ip_error);
}
