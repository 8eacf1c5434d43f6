/*
 * devinet.c: IPv4 addresses on devices and the routes the kernel makes for
 * them (net/ipv4/devinet.c, net/ipv4/fib_frontend.c, Linux 6.x).
 *
 * An address whose subnet (same prefix length) already has an address on
 * the device becomes secondary, and goes to the end of the device's list.
 * fib_add_ifaddr adds the local /32 route (table local) always, and, when
 * the device is up and the address is primary, the broadcast route and the
 * prefix route (table main, proto kernel, scope link, src = the address).
 */
#include "devinet.h"

#include <stdio.h>
#include <string.h>

#include "net.h"
#include "proto/ip.h"
#include "route.h"

uint32_t inet_make_mask(int plen)
{
	return plen ? 0xffffffffu << (32 - plen) : 0;
}

static void fib_add_route(struct world *w, int type, uint32_t dst, int plen,
			  int dev, uint32_t prefsrc)
{
	/* fib_magic(): unicast routes go to main, the rest to local */
	fib_add(w, &(struct fib_route){
		.table = type == RTN_UNICAST ? RT_TABLE_MAIN : RT_TABLE_LOCAL,
		.dst = dst, .plen = (uint8_t)plen, .type = (uint8_t)type,
		.dev = (uint8_t)dev,
		.scope = type == RTN_LOCAL ? RT_SCOPE_HOST : RT_SCOPE_LINK,
		.proto = RTPROT_KERNEL, .prefsrc = prefsrc });
}

/* fib_add_ifaddr(): a secondary's routes carry its primary as prefsrc. */
static void fib_add_ifaddr(struct world *w, const struct in_ifaddr *ifa)
{
	uint32_t prim = ifa->local, prefix = ifa->local & ifa->mask;
	int dev = ifa->dev;

	if (ifa->flags & IFA_F_SECONDARY) {
		uint32_t p = ifa_primary_for(w, dev, ifa->local, ifa->prefixlen);

		if (p)
			prim = w->ifa[p - 1].local;
	}
	fib_add_route(w, RTN_LOCAL, ifa->local, 32, dev, prim);
	if (!w->dev[dev].up)
		return;
	if (ifa->broadcast && ifa->broadcast != 0xffffffffu)
		fib_add_route(w, RTN_BROADCAST, ifa->broadcast, 32, dev, prim);
	if (!prefix || (ifa->flags & IFA_F_SECONDARY) ||
	    (prefix == ifa->local && ifa->prefixlen == 32))
		return;
	fib_add_route(w, dev == 1 ? RTN_LOCAL : RTN_UNICAST, prefix,
		      ifa->prefixlen, dev, prim);
	/* the network broadcast address, "when it makes sense" */
	if (ifa->prefixlen < 31)
		fib_add_route(w, RTN_BROADCAST, ifa->local | ~ifa->mask, 32,
			      dev, prim);
}

/* The device's address routes, made again from its address list: what
 * fib_del_ifaddr and the promotion's re-adds leave behind, without the
 * kernel's bookkeeping of which broadcast routes are still shared. */
static void fib_sync_ifaddrs(struct world *w, int dev)
{
	for (uint32_t h = 1; h <= w->route_pool.hwm; h++) {
		const struct fib_route *r = &w->route[h - 1];

		if (pool_is_used(&w->route_pool, w->route_next, h) &&
		    r->dev == dev && r->proto == RTPROT_KERNEL &&
		    (r->table == RT_TABLE_LOCAL || r->table == RT_TABLE_MAIN))
			pool_free(&w->route_pool, w->route_next, h);
	}
	for (uint32_t h = w->dev[dev].ifa_list; h; h = w->ifa[h - 1].next)
		fib_add_ifaddr(w, &w->ifa[h - 1]);
}

uint32_t ifa_primary_for(const struct world *w, int dev, uint32_t addr,
			 int plen)
{
	uint32_t mask = inet_make_mask(plen);

	for (uint32_t h = w->dev[dev].ifa_list; h; h = w->ifa[h - 1].next) {
		const struct in_ifaddr *i = &w->ifa[h - 1];

		if (!(i->flags & IFA_F_SECONDARY) && i->prefixlen == plen &&
		    !((i->local ^ addr) & mask))
			return h;
	}
	return 0;
}

uint32_t ifa_find(const struct world *w, int dev, uint32_t addr, int plen)
{
	for (uint32_t h = w->dev[dev].ifa_list; h; h = w->ifa[h - 1].next) {
		const struct in_ifaddr *i = &w->ifa[h - 1];

		if (i->local == addr && (plen < 0 || i->prefixlen == plen))
			return h;
	}
	return 0;
}

/* __inet_insert_ifa(): a secondary goes to the end; a primary after the
 * last primary whose scope is as wide as its own or narrower (host before
 * link before global). */
static void ifa_link(struct world *w, int dev, uint32_t h)
{
	struct in_ifaddr *n = &w->ifa[h - 1];
	uint32_t *pp = &w->dev[dev].ifa_list, *last_primary = pp;

	for (; *pp; pp = &w->ifa[*pp - 1].next) {
		const struct in_ifaddr *i = &w->ifa[*pp - 1];

		if (!(i->flags & IFA_F_SECONDARY) && n->scope <= i->scope)
			last_primary = &w->ifa[*pp - 1].next;
	}
	if (!(n->flags & IFA_F_SECONDARY))
		pp = last_primary;
	n->next = *pp;
	*pp = h;
}

/* The address of the same subnet and mask already on dev, if any. */
static uint32_t ifa_same_subnet(const struct world *w, int dev, uint32_t addr,
				uint32_t mask)
{
	for (uint32_t h = w->dev[dev].ifa_list; h; h = w->ifa[h - 1].next) {
		const struct in_ifaddr *i = &w->ifa[h - 1];

		if (i->mask == mask && !((i->local ^ addr) & mask))
			return h;
	}
	return 0;
}

struct in_ifaddr ifa_request(uint32_t addr, int plen, uint32_t brd,
			     const char *label)
{
	struct in_ifaddr r = { .local = addr, .prefixlen = (uint8_t)plen,
		.mask = inet_make_mask(plen), .broadcast = brd,
		.scope = ipv4_is_loopback(addr) ? RT_SCOPE_HOST :
						  RT_SCOPE_UNIVERSE };

	snprintf(r.label, sizeof(r.label), "%s", label ? label : "");
	return r;
}

int inet_addr_add(struct world *w, int dev, const struct in_ifaddr *req)
{
	uint32_t h, same = ifa_same_subnet(w, dev, req->local, req->mask);
	struct in_ifaddr *ifa;

	for (uint32_t o = same; o; o = w->ifa[o - 1].next) {
		const struct in_ifaddr *i = &w->ifa[o - 1];

		if (i->mask != req->mask || ((i->local ^ req->local) & i->mask))
			continue;
		if (i->local == req->local)
			return -17;   /* EEXIST */
		if (i->scope != req->scope)
			return -22;   /* EINVAL: "ipv4: Invalid scope value" */
	}
	h = pool_alloc(&w->ifa_pool, w->ifa_next);
	if (!h)
		return -105;  /* ENOBUFS */
	ifa = &w->ifa[h - 1];
	*ifa = *req;
	ifa->dev = (uint8_t)dev;
	ifa->next = 0;
	ifa->flags = same ? IFA_F_SECONDARY : 0;
	if (!ifa->label[0])
		memcpy(ifa->label, w->dev[dev].name, IFNAMSIZ);
	ifa_link(w, dev, h);
	fib_add_ifaddr(w, ifa);
	return 0;
}

static void ifa_unlink_only(struct world *w, int dev, uint32_t h)
{
	uint32_t *pp = &w->dev[dev].ifa_list;

	while (*pp && *pp != h)
		pp = &w->ifa[*pp - 1].next;
	if (*pp)
		*pp = w->ifa[h - 1].next;
	w->ifa[h - 1].next = 0;
}

/* The slot is freed but keeps its contents until reused. */
static void ifa_unlink(struct world *w, int dev, uint32_t h)
{
	ifa_unlink_only(w, dev, h);
	pool_free(&w->ifa_pool, w->ifa_next, h);
}

/* Deleting a primary takes its subnet's secondaries with it, unless
 * promote_secondaries: then the first of them becomes the primary, moves
 * after the last primary, and the subnet's routes carry it as prefsrc. */
static void ifa_del_secondaries(struct world *w, int dev,
				const struct in_ifaddr *prim)
{
	uint32_t s;

	if (conf_get(w, dev, CONF_promote_secondaries)) {
		if ((s = ifa_primary_secondary(w, dev, prim))) {
			ifa_unlink_only(w, dev, s);
			w->ifa[s - 1].flags &= (uint8_t)~IFA_F_SECONDARY;
			ifa_link(w, dev, s);
		}
		return;
	}
	while ((s = ifa_primary_secondary(w, dev, prim))) {
		ifa_unlink(w, dev, s);
		fib_del_prefsrc(w, w->ifa[s - 1].local);
	}
}

int inet_addr_del_handle(struct world *w, int dev, uint32_t h)
{
	struct in_ifaddr ifa = w->ifa[h - 1];

	ifa_unlink(w, dev, h);
	if (!(ifa.flags & IFA_F_SECONDARY))
		ifa_del_secondaries(w, dev, &ifa);
	fib_sync_ifaddrs(w, dev);
	fib_del_prefsrc(w, ifa.local);
	if (!w->dev[dev].ifa_list)
		fib_flush_dev(w, dev, true);   /* fib_disable_ip */
	return 0;
}

int inet_addr_del(struct world *w, int dev, uint32_t addr, int plen)
{
	uint32_t h = ifa_find(w, dev, addr, plen);

	if (!h)
		return -99;   /* EADDRNOTAVAIL */
	return inet_addr_del_handle(w, dev, h);
}

uint32_t ifa_primary_secondary(const struct world *w, int dev,
			       const struct in_ifaddr *prim)
{
	for (uint32_t h = w->dev[dev].ifa_list; h; h = w->ifa[h - 1].next) {
		const struct in_ifaddr *i = &w->ifa[h - 1];

		if ((i->flags & IFA_F_SECONDARY) &&
		    i->prefixlen == prim->prefixlen &&
		    !((i->local ^ prim->local) & prim->mask))
			return h;
	}
	return 0;
}

void inet_dev_up(struct world *w, int dev)
{
	for (uint32_t h = w->dev[dev].ifa_list; h; h = w->ifa[h - 1].next)
		fib_add_ifaddr(w, &w->ifa[h - 1]);
}

void inet_dev_down(struct world *w, int dev)
{
	fib_flush_dev(w, dev, false);
}

uint32_t inet_select_addr(const struct world *w, int dev, uint32_t dst,
			  int scope)
{
	uint32_t any = 0;

	for (uint32_t h = w->dev[dev].ifa_list; h; h = w->ifa[h - 1].next) {
		const struct in_ifaddr *i = &w->ifa[h - 1];

		if ((i->flags & IFA_F_SECONDARY) || i->scope > scope)
			continue;
		if (!dst || !((i->local ^ dst) & i->mask))
			return i->local;
		if (!any)
			any = i->local;
	}
	if (any)
		return any;
	/* Not on dev: in_dev_select_addr() on every device, lo first */
	for (int d = 1; d < MAX_DEV; d++)
		for (uint32_t h = w->dev[d].ifa_list; h; h = w->ifa[h - 1].next) {
			const struct in_ifaddr *i = &w->ifa[h - 1];

			if (!(i->flags & IFA_F_SECONDARY) && i->scope <= scope &&
			    i->scope != RT_SCOPE_LINK)
				return i->local;
		}
	return 0;
}

bool inet_is_local_addr(const struct world *w, uint32_t addr)
{
	for (uint32_t h = 1; h <= w->ifa_pool.hwm; h++)
		if (pool_is_used(&w->ifa_pool, w->ifa_next, h) &&
		    w->ifa[h - 1].local == addr)
			return true;
	return false;
}
