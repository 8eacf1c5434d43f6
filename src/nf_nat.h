/* nf_nat.h: NAT bindings (nf_nat.c): what the nat targets and hooks use. */
#ifndef NETSTEP_SRC_NF_NAT_H
#define NETSTEP_SRC_NF_NAT_H

#include "net.h"

enum nf_nat_manip_type { NF_NAT_MANIP_SRC, NF_NAT_MANIP_DST };

unsigned nf_nat_setup_info(struct world *w, struct nf_conn *ct,
			   const struct nf_nat_range *r,
			   enum nf_nat_manip_type m);
/* SNAT, DNAT, MASQUERADE and REDIRECT: bind the skb's new connection;
 * the table's verdict (NF_ACCEPT, or NF_DROP when no address fits). */
enum nf_verdict nf_nat_rule_target(struct exec *x, struct sk_buff *skb,
				   const struct ipt_rule *r);

#endif
