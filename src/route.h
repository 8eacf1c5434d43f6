/* route.h: the FIB (net/ipv4/fib_*.c, route.c); see route.c. */
#ifndef NETSTEP_SRC_ROUTE_H
#define NETSTEP_SRC_ROUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "world.h"

/* Adds a route; 0, -EEXIST when the same prefix/metric/table exists, or
 * -ENOBUFS. */
int fib_add(struct world *w, const struct fib_route *r);
/* Deletes the first route matching table, dst/plen (and dev when non-zero);
 * 0 or -ESRCH. */
int fib_del_where(struct world *w, uint32_t table, uint32_t dst, int plen,
		  int dev);
/* As a scope to match: any scope (include/uapi/linux/rtnetlink.h). */
#define RT_SCOPE_NOWHERE 255
/* Deletes the route fib_table_delete would: of want's table and dst/plen,
 * the lowest-metric route whose type, scope, proto, prefsrc, metric, dev
 * and gw equal want's, each compared only when want gives one (non-zero,
 * or a scope other than RT_SCOPE_NOWHERE); 0 or -ESRCH. */
int fib_del_match(struct world *w, const struct fib_route *want);
/* Deletes every route using addr as its preferred source. */
void fib_del_prefsrc(struct world *w, uint32_t addr);
/* Link down: routes through dev go, except the local ones (scope host)
 * unless all is set (device gone). */
void fib_flush_dev(struct world *w, int dev, bool all);
/* The route handles of a table in display order; returns how many. */
int fib_table_list(const struct world *w, uint32_t table, uint32_t *out,
		   int max);

#endif
