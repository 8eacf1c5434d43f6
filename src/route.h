/* route.h: the FIB (net/ipv4/fib_*.c, route.c); see route.c. */
#ifndef NETSTEP_SRC_ROUTE_H
#define NETSTEP_SRC_ROUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "world.h"

/* struct flowi4: what a route lookup is asked about. */
struct flowi4 {
	uint32_t daddr, saddr;
	int iif;                     /* 1 (lo) for locally sent packets */
	int oif;                     /* 0: any device */
	uint32_t mark;
	uint8_t scope;               /* routes of a narrower scope are skipped */
};

struct fib_result {
	const struct fib_route *r;   /* NULL: no route (-ENETUNREACH) */
	uint8_t type;
	uint32_t table;              /* the table the route came from */
	const struct fib_rule *rule; /* the rule that decided */
};

/* fib_lookup(): the rules in order, each matching rule's table; 0, or the
 * kernel's error: -ENETUNREACH (no route), -EHOSTUNREACH (unreachable),
 * -EACCES (prohibit), -EINVAL (blackhole).  res tells what matched. */
int fib_lookup(const struct world *w, const struct flowi4 *fl,
	       struct fib_result *res);
/* One table only (fib_table_lookup); 0, -EAGAIN (nothing, or throw) or an
 * error route's error. */
int fib_table_lookup(const struct world *w, uint32_t table,
		     const struct flowi4 *fl, struct fib_result *res);

/* Policy rules (fib_rules.c). */
void fib_rules_init(struct world *w);
/* 0, -EEXIST (the same rule) or -ENOBUFS; without a pref the kernel picks
 * one below the second rule's. */
int fib_rule_add(struct world *w, const struct fib_rule *r, bool has_pref);
/* Which selectors a delete names. */
struct fib_rule_given {
	bool pref, table, action, src, dst, mark, iif, oif;
};
/* Deletes the first rule with every given selector of want; 0 or -ENOENT. */
int fib_rule_del(struct world *w, const struct fib_rule *want,
		 const struct fib_rule_given *g);
bool fib_rule_match(const struct world *w, const struct fib_rule *r,
		    const struct flowi4 *fl);

/* inet_addr_onlink(): saddr (and gw, when not 0) on the subnet of one of
 * dev's addresses. */
bool inet_addr_onlink(const struct world *w, int dev, uint32_t saddr,
		      uint32_t gw);

/* Output route (ip_route_output_key_hash_rcu); 0 or -errno.  fl->saddr is
 * the source asked for (0: choose one). */
int ip_route_output_flow(const struct world *w, const struct flowi4 *fl,
			 struct dst *out);
/* The input route ip_route_input_slow makes for a packet from fl->saddr to
 * fl->daddr arriving on fl->iif: d->valid 0 is a martian or rp_filter drop
 * (d->error, *reason); otherwise d->input says where dst_input goes. */
void ip_route_input_flow(const struct world *w, const struct flowi4 *fl,
			 struct dst *d, enum drop_reason *reason);

/* Adds a route; 0, -EEXIST when the same prefix/metric/table exists, or
 * -ENOBUFS. */
int fib_add(struct world *w, const struct fib_route *r);
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
