/* devinet.h: interface addresses (net/ipv4/devinet.c); see devinet.c. */
#ifndef NETSTEP_SRC_DEVINET_H
#define NETSTEP_SRC_DEVINET_H

#include <stdbool.h>
#include <stdint.h>

#include "world.h"

uint32_t inet_make_mask(int plen);
/* Adds req's local, prefixlen, mask, broadcast (0: none), scope and label
 * (empty: the device name) to dev; 0, or -EEXIST, -EINVAL (another scope in
 * the same subnet) or -ENOBUFS. */
int inet_addr_add(struct world *w, int dev, const struct in_ifaddr *req);
/* A request for inet_addr_add: scope host for 127/8, else global. */
struct in_ifaddr ifa_request(uint32_t addr, int plen, uint32_t brd,
			     const char *label);
/* 0 or -EADDRNOTAVAIL.  plen < 0 matches any prefix length. */
int inet_addr_del(struct world *w, int dev, uint32_t addr, int plen);
/* Deletes address h of dev (__inet_del_ifa). */
int inet_addr_del_handle(struct world *w, int dev, uint32_t h);
uint32_t ifa_find(const struct world *w, int dev, uint32_t addr, int plen);
uint32_t ifa_primary_for(const struct world *w, int dev, uint32_t addr,
			 int plen);
uint32_t ifa_primary_secondary(const struct world *w, int dev,
			       const struct in_ifaddr *prim);
/* NETDEV_UP / NETDEV_DOWN: add or flush the device's routes. */
void inet_dev_up(struct world *w, int dev);
void inet_dev_down(struct world *w, int dev);
bool inet_is_local_addr(const struct world *w, uint32_t addr);

#endif
