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

static void fib_add_ifaddr(struct world *w, const struct in_ifaddr *ifa)
{
	uint32_t prim = ifa->local;
	int dev = ifa->dev;

	if (ifa->flags & IFA_F_SECONDARY) {
		uint32_t p = ifa_primary_for(w, dev, ifa->local, ifa->prefixlen);

		if (p)
			prim = w->ifa[p - 1].local;
	}
	fib_add(w, &(struct fib_route){ .table = RT_TABLE_LOCAL,
		.dst = ifa->local, .plen = 32, .type = RTN_LOCAL,
		.dev = (uint8_t)dev, .scope = RT_SCOPE_HOST,
		.proto = RTPROT_KERNEL, .prefsrc = prim });
	if (!w->dev[dev].up || (ifa->flags & IFA_F_SECONDARY))
		return;
	if (ifa->broadcast && ifa->broadcast != 0xffffffffu)
		fib_add(w, &(struct fib_route){ .table = RT_TABLE_LOCAL,
			.dst = ifa->broadcast, .plen = 32, .type = RTN_BROADCAST,
			.dev = (uint8_t)dev, .scope = RT_SCOPE_LINK,
			.proto = RTPROT_KERNEL, .prefsrc = prim });
	/* the network broadcast address, "when it makes sense" */
	if (ifa->prefixlen < 31 && (ifa->local & ifa->mask))
		fib_add(w, &(struct fib_route){ .table = RT_TABLE_LOCAL,
			.dst = ifa->local | ~ifa->mask, .plen = 32,
			.type = RTN_BROADCAST, .dev = (uint8_t)dev,
			.scope = RT_SCOPE_LINK, .proto = RTPROT_KERNEL,
			.prefsrc = prim });
	if (ifa->prefixlen < 32 && dev != 1)
		fib_add(w, &(struct fib_route){ .table = RT_TABLE_MAIN,
			.dst = ifa->local & ifa->mask, .plen = ifa->prefixlen,
			.type = RTN_UNICAST, .dev = (uint8_t)dev,
			.scope = RT_SCOPE_LINK, .proto = RTPROT_KERNEL,
			.prefsrc = prim });
	if (dev == 1 && ifa->prefixlen < 32)
		fib_add(w, &(struct fib_route){ .table = RT_TABLE_LOCAL,
			.dst = ifa->local & ifa->mask, .plen = ifa->prefixlen,
			.type = RTN_LOCAL, .dev = 1, .scope = RT_SCOPE_HOST,
			.proto = RTPROT_KERNEL, .prefsrc = prim });
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

static void ifa_link_tail(struct world *w, int dev, uint32_t h)
{
	uint32_t *pp = &w->dev[dev].ifa_list;

	while (*pp)
		pp = &w->ifa[*pp - 1].next;
	*pp = h;
}

int inet_addr_add(struct world *w, int dev, uint32_t addr, int plen,
		  uint32_t brd, const char *label)
{
	uint32_t h;
	struct in_ifaddr *ifa;

	if (ifa_find(w, dev, addr, plen))
		return -17;   /* EEXIST */
	h = pool_alloc(&w->ifa_pool, w->ifa_next);
	if (!h)
		return -105;  /* ENOBUFS */
	ifa = &w->ifa[h - 1];
	memset(ifa, 0, sizeof(*ifa));
	ifa->dev = (uint8_t)dev;
	ifa->local = addr;
	ifa->prefixlen = (uint8_t)plen;
	ifa->mask = inet_make_mask(plen);
	ifa->broadcast = brd;
	ifa->scope = ipv4_is_loopback(addr) ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
	snprintf(ifa->label, sizeof(ifa->label), "%s",
		 label && *label ? label : w->dev[dev].name);
	if (ifa_primary_for(w, dev, addr, plen))
		ifa->flags |= IFA_F_SECONDARY;
	ifa_link_tail(w, dev, h);
	fib_add_ifaddr(w, ifa);
	return 0;
}

static void ifa_unlink(struct world *w, int dev, uint32_t h)
{
	uint32_t *pp = &w->dev[dev].ifa_list;

	while (*pp && *pp != h)
		pp = &w->ifa[*pp - 1].next;
	if (*pp)
		*pp = w->ifa[h - 1].next;
	pool_free(&w->ifa_pool, w->ifa_next, h);
}

int inet_addr_del(struct world *w, int dev, uint32_t addr, int plen)
{
	uint32_t h = ifa_find(w, dev, addr, plen);
	struct in_ifaddr ifa;

	if (!h)
		return -99;   /* EADDRNOTAVAIL */
	ifa = w->ifa[h - 1];
	ifa_unlink(w, dev, h);
	if (!(ifa.flags & IFA_F_SECONDARY)) {
		/* promote_secondaries = 0: the subnet's secondaries go too */
		uint32_t s;

		while ((s = ifa_primary_secondary(w, dev, &ifa))) {
			fib_del_where(w, RT_TABLE_LOCAL, w->ifa[s - 1].local, 32,
				      dev);
			ifa_unlink(w, dev, s);
		}
	}
	fib_del_where(w, RT_TABLE_LOCAL, ifa.local, 32, dev);
	if (!(ifa.flags & IFA_F_SECONDARY)) {
		if (ifa.broadcast)
			fib_del_where(w, RT_TABLE_LOCAL, ifa.broadcast, 32, dev);
		if (ifa.prefixlen < 31)
			fib_del_where(w, RT_TABLE_LOCAL, ifa.local | ~ifa.mask, 32,
				      dev);
		fib_del_where(w, RT_TABLE_MAIN, ifa.local & ifa.mask,
			      ifa.prefixlen, dev);
		fib_del_prefsrc(w, ifa.local);
	}
	return 0;
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
	/* Not on dev: any primary of suitable scope on another device. */
	for (int d = 1; d < MAX_DEV; d++)
		for (uint32_t h = w->dev[d].ifa_list; h; h = w->ifa[h - 1].next) {
			const struct in_ifaddr *i = &w->ifa[h - 1];

			if (!(i->flags & IFA_F_SECONDARY) && i->scope <= scope &&
			    i->scope != RT_SCOPE_HOST)
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
