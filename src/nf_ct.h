/* nf_ct.h: what the hooks, iptables and the commands need from connection
 * tracking (nf_conntrack.c) and NAT (nf_nat.c). */
#ifndef NETSTEP_SRC_NF_CT_H
#define NETSTEP_SRC_NF_CT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "world.h"

/* The states -m conntrack --ctstate and -m state --state test. */
#define CTS_INVALID     0x01
#define CTS_NEW         0x02
#define CTS_ESTABLISHED 0x04
#define CTS_RELATED     0x08
#define CTS_UNTRACKED   0x10
#define CTS_SNAT        0x20
#define CTS_DNAT        0x40

bool nf_ct_tuple_from(const uint8_t *iph, size_t len,
		      struct nf_conntrack_tuple *t);
bool nf_ct_invert_tuple(struct nf_conntrack_tuple *inv,
			const struct nf_conntrack_tuple *t);
bool nf_ct_tuple_equal(const struct nf_conntrack_tuple *a,
		       const struct nf_conntrack_tuple *b);
/* A confirmed, live entry holding t in either direction, other than slot
 * skip: its slot or -1, and the direction that matched. */
int nf_ct_find(struct world *w, const struct nf_conntrack_tuple *t,
	       int skip, enum ip_conntrack_dir *dir);
bool nf_ct_expired(const struct world *w, const struct nf_conn *ct);
void nf_ct_free(struct world *w, struct nf_conn *ct);
void nf_ct_flush(struct world *w);

/* skb->_nfct: NULL when the skb has none (or is untracked). */
struct nf_conn *nf_ct_get(struct world *w, const struct sk_buff *skb,
			  enum ip_conntrack_info *info);
/* The same, read only (the debugger's view). */
const struct nf_conn *nf_ct_peek(const struct world *w,
				 const struct sk_buff *skb);
void nf_ct_set(struct world *w, struct sk_buff *skb, struct nf_conn *ct,
	       enum ip_conntrack_info info);
void nf_ct_skb_release(struct world *w, uint32_t h);

/* Whether the conntrack hooks are registered (a rule needs them). */
static inline bool nf_ct_needed(const struct world *w)
{
	return w->ct_users > 0;
}

/* For the protocol trackers (nf_conntrack*.c). */
struct nf_ct_pkt {
	const uint8_t *iph, *l4;
	uint32_t l4len;
	uint8_t proto;
	bool later_frag;
};
void nf_ct_pkt_read(const struct sk_buff *skb, struct nf_ct_pkt *p);
/* nf_conntrack_checksum: a bad L4 checksum, checked at PRE_ROUTING only */
bool nf_ct_csum_bad(const struct world *w, const struct sk_buff *skb,
		    uint8_t proto);
/* nf_ct_refresh_acct: secs from now (from confirmation if unconfirmed) */
void nf_ct_refresh(struct world *w, struct nf_conn *ct, uint64_t secs);
static inline uint64_t nf_ct_sysctl(const struct world *w, enum sysctl_id id)
{
	return (uint64_t)w->sysctl[id];
}

unsigned nf_ct_state_bits(struct world *w, const struct sk_buff *skb);
const char *nf_ctinfo_name(enum ip_conntrack_info info);
const char *nf_ct_tcp_state_name(uint8_t s);
/* conntrack -L's line for ct (no newline); returns its length. */
size_t nf_ct_format(const struct world *w, const struct nf_conn *ct,
		    char *b, size_t n);

#endif
