/*
 * nf_nat.c: NAT (net/netfilter/nf_nat_core.c, nf_nat_proto.c,
 * nf_nat_masquerade.c, nf_nat_redirect.c, xt_nat.c; Linux 6.x).
 *
 * The nat hooks (DNAT -100 at PRE_ROUTING and LOCAL_OUT, SNAT 100 at
 * LOCAL_IN and POST_ROUTING) consult the nat table only for a packet that
 * starts a connection, and only once per manip type: a rule's SNAT/DNAT
 * binds the connection (nf_nat_setup_info rewrites its REPLY tuple), no
 * rule binds it to itself (the null binding).  Every packet of the
 * connection is then rewritten from the tuples (nf_nat_packet), replies
 * the other way round.
 */
#include <string.h>

#include "ip_tables.h"
#include "net.h"
#include "nf_ct.h"
#include "nf_nat.h"
#include "pkt.h"
#include "proto/icmp.h"
#include "proto/ip.h"

static enum nf_nat_manip_type hook2manip(uint8_t hook)
{
	return hook == NFH_PREROUTING || hook == NFH_OUTPUT ?
	       NF_NAT_MANIP_DST : NF_NAT_MANIP_SRC;
}

static bool nat_initialized(const struct nf_conn *ct,
			    enum nf_nat_manip_type m)
{
	return ct->status & (m == NF_NAT_MANIP_SRC ? IPS_SRC_NAT_DONE :
			     IPS_DST_NAT_DONE);
}

/* ---- choosing the new tuple (get_unique_tuple) ---- */

/* nf_nat_used_tuple: would replies to t be taken for another
 * connection's? */
static bool used_tuple(struct world *w, const struct nf_conntrack_tuple *t,
		       const struct nf_conn *ct)
{
	struct nf_conntrack_tuple reply;

	nf_ct_invert_tuple(&reply, t);
	return nf_ct_find(w, &reply, (int)(ct - w->ct), NULL) >= 0;
}

static uint16_t *manip_key(struct nf_conntrack_tuple *t,
			   enum nf_nat_manip_type m)
{
	if (t->proto == IPPROTO_ICMP || m == NF_NAT_MANIP_SRC)
		return &t->sport;
	return &t->dport;
}

static uint32_t *manip_addr(struct nf_conntrack_tuple *t,
			    enum nf_nat_manip_type m)
{
	return m == NF_NAT_MANIP_SRC ? &t->src : &t->dst;
}

static bool has_ports(uint8_t proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	       proto == IPPROTO_ICMP;
}

static bool in_range(struct nf_conntrack_tuple *t,
		     const struct nf_nat_range *r, enum nf_nat_manip_type m)
{
	uint32_t a = *manip_addr(t, m);
	uint16_t k = *manip_key(t, m);

	if ((r->flags & NF_NAT_RANGE_MAP_IPS) &&
	    (a < r->min_ip || a > r->max_ip))
		return false;
	return !(r->flags & NF_NAT_RANGE_PROTO_SPECIFIED) ||
	       !has_ports(t->proto) || (k >= r->min_port && k <= r->max_port);
}

/* A deterministic stand-in for get_random_u16 (the kernel's choice is
 * random, so a real host picks another port here). */
static uint16_t nat_random(struct world *w)
{
	uint32_t x = w->ct_rand ? w->ct_rand : 0x9e3779b9u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	w->ct_rand = x;
	return (uint16_t)x;
}

/* nf_nat_l4proto_unique_tuple: walk the port range from an offset */
static void unique_port(struct world *w, struct nf_conntrack_tuple *t,
			const struct nf_nat_range *r, struct nf_conn *ct,
			enum nf_nat_manip_type m)
{
	uint16_t *key = manip_key(t, m);
	uint32_t min, size, off, tries;

	if (!has_ports(t->proto))
		return;
	if (r->flags & NF_NAT_RANGE_PROTO_SPECIFIED) {
		min = r->min_port;
		size = (uint32_t)r->max_port - r->min_port + 1;
	} else if (t->proto == IPPROTO_ICMP) {
		min = 0;
		size = 65536;
	} else if (m == NF_NAT_MANIP_DST) {
		return;               /* a DNAT without ports keeps the port */
	} else if (*key < 1024) {
		min = *key < 512 ? 1 : 600;
		size = (*key < 512 ? 511 : 1023) - min + 1;
	} else {
		min = 1024;
		size = 65535 - 1024 + 1;
	}
	off = (r->flags & (NF_NAT_RANGE_PROTO_RANDOM |
			   NF_NAT_RANGE_PROTO_RANDOM_FULLY)) ||
	      m != NF_NAT_MANIP_DST ? nat_random(w) : 0;
	tries = size < 128 ? size : 128;  /* NF_NAT_MAX_ATTEMPTS */
	for (uint32_t i = 0; i < tries; i++, off++) {
		*key = (uint16_t)(min + off % size);
		if (!used_tuple(w, t, ct))
			return;
	}
}

static uint32_t rol32(uint32_t v, int n)
{
	return v << n | v >> (32 - n);
}

/* jhash2 (include/linux/jhash.h) over four words: Bob Jenkins' lookup3 */
static uint32_t jhash2_4(const uint32_t k[4], uint32_t initval)
{
	uint32_t a, b, c;

	a = b = c = 0xdeadbeef + (4 << 2) + initval;
	a += k[0]; b += k[1]; c += k[2];
	a -= c; a ^= rol32(c, 4);  c += b;      /* __jhash_mix */
	b -= a; b ^= rol32(a, 6);  a += c;
	c -= b; c ^= rol32(b, 8);  b += a;
	a -= c; a ^= rol32(c, 16); c += b;
	b -= a; b ^= rol32(a, 19); a += c;
	c -= b; c ^= rol32(b, 4);  b += a;
	a += k[3];
	c ^= b; c -= rol32(b, 14);              /* __jhash_final */
	a ^= c; a -= rol32(c, 11);
	b ^= a; b -= rol32(a, 25);
	c ^= b; c -= rol32(b, 16);
	a ^= c; a -= rol32(c, 4);
	b ^= a; b -= rol32(a, 14);
	c ^= b; c -= rol32(b, 24);
	return c;
}

/* A __be32 address as an x86 kernel loads it into a u32: the hash below
 * mixes that value, so the pick matches a little-endian host's. */
static uint32_t be32_as_le_word(uint32_t host_order)
{
	return (host_order >> 24) | (host_order >> 8 & 0xff00) |
	       (host_order << 8 & 0xff0000) | host_order << 24;
}

/* find_best_ips_proto: a range of addresses is chosen by hashing the
 * source address (a union nf_inet_addr, zero past the IPv4 word) with the
 * destination as the seed (none when persistent), so a client keeps its
 * address across connections -- deterministic, no random key. */
static void find_best_ips_proto(struct nf_conntrack_tuple *t,
				const struct nf_nat_range *r,
				enum nf_nat_manip_type m)
{
	uint32_t src[4] = { be32_as_le_word(t->src), 0, 0, 0 };
	uint32_t j, dist;

	if (!(r->flags & NF_NAT_RANGE_MAP_IPS))
		return;
	if (r->min_ip == r->max_ip) {
		*manip_addr(t, m) = r->min_ip;
		return;
	}
	j = jhash2_4(src, r->flags & NF_NAT_RANGE_PERSISTENT ? 0 :
		     be32_as_le_word(t->dst));
	dist = r->max_ip - r->min_ip + 1;
	/* reciprocal_scale */
	*manip_addr(t, m) = r->min_ip +
		(uint32_t)(((uint64_t)j * dist) >> 32);
}

/* Unconfirmed entries were set up last; confirmed ones by their order. */
static bool newer_than(const struct nf_conn *a, const struct nf_conn *b)
{
	if (!(a->status & IPS_CONFIRMED) || !(b->status & IPS_CONFIRMED))
		return !(a->status & IPS_CONFIRMED);
	return a->seq > b->seq;
}

/* find_appropriate_src: a connection from the same source (address,
 * port, protocol) already source-mapped lends its mapping, if that is in
 * this range -- nf_nat_bysource holds every SRC-manipulated connection,
 * null bindings included, newest first. */
static bool find_appropriate_src(struct world *w,
				 const struct nf_conntrack_tuple *orig,
				 struct nf_conntrack_tuple *result,
				 const struct nf_nat_range *r,
				 const struct nf_conn *self)
{
	const struct nf_conn *best = NULL;

	for (int i = 0; i < CT_MAX; i++) {
		const struct nf_conn *c = &w->ct[i];
		const struct nf_conntrack_tuple *o = &c->tuple[IP_CT_DIR_ORIGINAL];

		if (!c->used || c == self || !(c->status & IPS_SRC_NAT_DONE) ||
		    o->proto != orig->proto || o->src != orig->src ||
		    o->sport != orig->sport)
			continue;
		if (!best || newer_than(c, best))
			best = c;
	}
	if (!best)
		return false;
	nf_ct_invert_tuple(result, &best->tuple[IP_CT_DIR_REPLY]);
	result->dst = orig->dst;
	result->dport = orig->dport;
	result->type = orig->type;
	result->code = orig->code;
	return in_range(result, r, NF_NAT_MANIP_SRC);
}

static void get_unique_tuple(struct world *w, struct nf_conntrack_tuple *t,
			     const struct nf_conntrack_tuple *orig,
			     const struct nf_nat_range *r, struct nf_conn *ct,
			     enum nf_nat_manip_type m)
{
	bool random_all = r->flags & (NF_NAT_RANGE_PROTO_RANDOM |
				      NF_NAT_RANGE_PROTO_RANDOM_FULLY);

	*t = *orig;
	if (m == NF_NAT_MANIP_SRC && !random_all) {
		if (in_range(t, r, m)) {
			if (!used_tuple(w, t, ct))
				return;
		} else if (find_appropriate_src(w, orig, t, r, ct) &&
			   !used_tuple(w, t, ct)) {
			return;
		}
	}
	*t = *orig;
	find_best_ips_proto(t, r, m);
	if (!random_all) {
		if (r->flags & NF_NAT_RANGE_PROTO_SPECIFIED) {
			if (in_range(t, r, m) && (r->min_port == r->max_port ||
						  !used_tuple(w, t, ct)))
				return;
		} else if (!used_tuple(w, t, ct)) {
			return;
		}
	}
	unique_port(w, t, r, ct, m);
}

unsigned nf_nat_setup_info(struct world *w, struct nf_conn *ct,
			   const struct nf_nat_range *r,
			   enum nf_nat_manip_type m)
{
	struct nf_conntrack_tuple curr, nt;

	if (ct->status & IPS_CONFIRMED)
		return NFV_ACCEPT;
	nf_ct_invert_tuple(&curr, &ct->tuple[IP_CT_DIR_REPLY]);
	get_unique_tuple(w, &nt, &curr, r, ct, m);
	if (!nf_ct_tuple_equal(&nt, &curr)) {
		nf_ct_invert_tuple(&ct->tuple[IP_CT_DIR_REPLY], &nt);
		ct->status |= m == NF_NAT_MANIP_SRC ? IPS_SRC_NAT : IPS_DST_NAT;
	}
	ct->status |= m == NF_NAT_MANIP_SRC ? IPS_SRC_NAT_DONE :
		      IPS_DST_NAT_DONE;
	return NFV_ACCEPT;
}

/* nf_nat_alloc_null_binding: to the address it already has; only the
 * ports move, if that tuple is taken */
static void null_binding(struct world *w, struct nf_conn *ct,
			 enum nf_nat_manip_type m)
{
	uint32_t ip = m == NF_NAT_MANIP_SRC ? ct->tuple[IP_CT_DIR_REPLY].dst :
		      ct->tuple[IP_CT_DIR_REPLY].src;
	struct nf_nat_range r = { .flags = NF_NAT_RANGE_MAP_IPS,
				  .min_ip = ip, .max_ip = ip };

	nf_nat_setup_info(w, ct, &r, m);
}

/* ---- rewriting the packet (nf_nat_ipv4_manip_pkt) ---- */

/* csum_replace4 / inet_proto_csum_replace{2,4}: RFC 1624's update */
static void csum_replace(uint8_t *ck, uint32_t from, uint32_t to)
{
	uint32_t sum = (uint16_t)~get_be16(ck);

	sum += (uint16_t)~(from >> 16) + (uint16_t)~(from & 0xffff);
	sum += (to >> 16) + (to & 0xffff);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	put_be16(ck, (uint16_t)~sum);
}

static bool icmp_query(uint8_t type)
{
	return type == ICMP_ECHO || type == ICMP_ECHOREPLY ||
	       (type >= 13 && type <= 18);
}

/* The L4 part: ports (and the pseudo-header's address in the checksum);
 * an ICMP query's id.  len is what the packet holds from l4 on. */
static void l4_manip(uint8_t *iph, uint8_t *l4, uint32_t len,
		     const struct nf_conntrack_tuple *t,
		     enum nf_nat_manip_type m)
{
	uint8_t proto = iph[IP_OFF_PROTO];
	uint32_t oldip = get_be32(iph + (m == NF_NAT_MANIP_SRC ? IP_OFF_SRC :
					 IP_OFF_DST));
	uint32_t newip = m == NF_NAT_MANIP_SRC ? t->src : t->dst;
	uint8_t *port = l4 + (m == NF_NAT_MANIP_SRC ? 0 : 2);
	uint16_t np = m == NF_NAT_MANIP_SRC ? t->sport : t->dport;
	uint8_t *ck;

	if (proto == IPPROTO_ICMP) {
		if (len < 8 || !icmp_query(l4[0]))
			return;
		csum_replace(l4 + 2, get_be16(l4 + 4), t->sport);
		put_be16(l4 + 4, t->sport);
		return;
	}
	if ((proto != IPPROTO_TCP && proto != IPPROTO_UDP) || len < 8)
		return;
	ck = l4 + (proto == IPPROTO_TCP ? 16 : 6);
	/* a TCP header quoted in an ICMP error has no room for its check */
	if ((proto == IPPROTO_TCP && len >= 20) ||
	    (proto == IPPROTO_UDP && get_be16(ck))) {
		csum_replace(ck, oldip, newip);
		csum_replace(ck, get_be16(port), np);
		if (proto == IPPROTO_UDP && !get_be16(ck))
			put_be16(ck, 0xffff);   /* CSUM_MANGLED_0 */
	}
	put_be16(port, np);
}

static void ipv4_manip(uint8_t *iph, uint32_t len,
		       const struct nf_conntrack_tuple *t,
		       enum nf_nat_manip_type m)
{
	uint32_t ihl = (uint32_t)(iph[0] & 0xf) * 4;
	int off = m == NF_NAT_MANIP_SRC ? IP_OFF_SRC : IP_OFF_DST;
	uint32_t na = m == NF_NAT_MANIP_SRC ? t->src : t->dst;

	if (len > ihl && !(get_be16(iph + IP_OFF_FRAG) & IP_OFFMASK))
		l4_manip(iph, iph + ihl, len - ihl, t, m);
	csum_replace(iph + IP_OFF_CSUM, get_be32(iph + off), na);
	put_be32(iph + off, na);
}

static uint32_t skb_ip_len(const struct sk_buff *skb)
{
	return (uint32_t)(skb->tail - skb->network_header);
}

static void nat_done(struct exec *x, uint32_t h, uint32_t old_daddr);

/* nf_nat_packet's statusbit: does manip type m rewrite packets going in
 * direction dir?  (A DNAT binding rewrites the replies' source.) */
static bool nat_applies(const struct nf_conn *ct, int dir,
			enum nf_nat_manip_type m)
{
	uint32_t bit = m == NF_NAT_MANIP_SRC ? IPS_SRC_NAT : IPS_DST_NAT;

	if (dir)
		bit ^= IPS_NAT_MASK;
	return ct->status & bit;
}

/* nf_nat_packet: rewrite when this manip type applies in this direction */
void st_nf_nat_packet(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	enum ip_conntrack_info info = IP_CT_NEW;
	struct nf_conn *ct = nf_ct_get(w, skb, &info);
	enum nf_nat_manip_type m = hook2manip(skb->nf.hook);
	int dir = info >= IP_CT_IS_REPLY;
	uint8_t *iph = skb->buf + skb->network_header;
	uint32_t old = get_be32(iph + IP_OFF_DST);
	struct nf_conntrack_tuple target;

	x->s->hook = skb->nf.hook;
	if (!nat_applies(ct, dir, m)) {
		x_note(x, "no %s for this direction: unchanged", 0, 0, 0, 0);
		x->s->note_str = m == NF_NAT_MANIP_SRC ? "SNAT" : "DNAT";
		nat_done(x, h, old);
		return;
	}
	nf_ct_invert_tuple(&target, &ct->tuple[!dir]);
	ipv4_manip(iph, skb_ip_len(skb), &target, m);
	x_note(x, m == NF_NAT_MANIP_SRC ? "source rewritten to %I:%u" :
	       "destination rewritten to %I:%u", m == NF_NAT_MANIP_SRC ?
	       target.src : target.dst, m == NF_NAT_MANIP_SRC ?
	       target.sport : target.dport, 0, 0);
	nat_done(x, h, old);
}

/* ---- after the rewrite: routing follows the new address ---- */

static void nat_done(struct exec *x, uint32_t h, uint32_t old_daddr)
{
	struct world *w = x->w;
	struct sk_buff *skb = SKB(w, h);
	enum ip_conntrack_info info = IP_CT_NEW;
	struct nf_conn *ct = nf_ct_get(w, skb, &info);
	int dir = info >= IP_CT_IS_REPLY;
	uint32_t daddr = get_be32(skb->buf + skb->network_header + IP_OFF_DST);

	if (skb->nf.hook == NFH_PREROUTING && daddr != old_daddr) {
		/* nf_nat_ipv4_pre_routing: ip_rcv_finish routes it anew */
		skb->dst.valid = 0;
	} else if (skb->nf.hook == NFH_OUTPUT && ct &&
		   ct->tuple[dir].dst != ct->tuple[!dir].src) {
		/* nf_nat_ipv4_local_fn: a DNATed connection */
		return x_jump(x, ST_ip_route_me_harder, h);
	}
	x_return(x, NFV_ACCEPT);
}

/* ip_route_me_harder: an output route for the rewritten header */
void st_ip_route_me_harder(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	const uint8_t *iph = skb->buf + skb->network_header;
	uint32_t saddr = get_be32(iph + IP_OFF_SRC);
	uint32_t daddr = get_be32(iph + IP_OFF_DST);
	struct dst d;
	int err;

	err = ip_route_output(w, daddr, inet_addr_type(w, saddr) == RTN_LOCAL ?
			      saddr : 0, &d);
	if (!err && d.error)
		err = d.error;
	if (err) {
		x_note(x, "no route to %I after NAT: error %d, NF_DROP", daddr,
		       err, 0, 0);
		if (skb->sk && skb->origin == ORIGIN_SOCKET)
			w->sock[skb->sk - 1].cork_err = err;
		return x_return(x, NFV_DROP);
	}
	skb->dst = d;
	x_route(x, &d);
	x_note(x, "route again after NAT: %I via %s", daddr, 0, 0, 0);
	x->s->note_str = w->dev[d.dev].name;
	x_return(x, NFV_ACCEPT);
}

/* ---- the nat hook (nf_nat_ipv4_fn / nf_nat_inet_fn) ---- */

static void nat_chain_walk(struct exec *x, uint32_t h, int chain)
{
	struct world *w = x->w;
	struct nf_skb_state *st = &SKB(w, h)->nf;

	st->table = IPT_NAT;
	st->chain = (uint8_t)chain;
	st->rule = w->ipt_chain[chain].head;
	st->sp = 0;
	x->s->nf_table = IPT_NAT + 1;
	x->s->nf_chain = (uint8_t)chain;
	CUR(x)->arg2 = 1;
	x_note(x, "a new connection: the nat table's %s chain decides the "
	       "binding", 0, 0, 0, 0);
	x->s->note_str = w->ipt_chain[chain].name;
	x_call(x, ST_ipt_do_table, h, ST_nf_nat_ipv4_fn);
}

static int nat_chain_at(const struct world *w, uint8_t hook)
{
	int c = ipt_chain_find(w, IPT_NAT, nf_hook_name((enum nf_hook_id)hook));

	return c >= 0 && w->ipt_chain[c].hooked ? c : -1;
}

/* The binding a rule made, or else the null binding; then the rewrite. */
static void nat_bind(struct exec *x, uint32_t h, struct nf_conn *ct)
{
	enum nf_nat_manip_type m = hook2manip(SKB(x->w, h)->nf.hook);

	if (!nat_initialized(ct, m)) {
		null_binding(x->w, ct, m);
		x_note(x, "no rule bound it: the null binding (nothing changes "
		       "unless its tuple is taken); nf_nat_packet", 0, 0, 0, 0);
	} else {
		x_note(x, "bound by the rule: nf_nat_packet", 0, 0, 0, 0);
	}
	CUR(x)->arg2 = 0;
	x_jump(x, ST_nf_nat_packet, h);
}

/* Back from the nat chain: its verdict, then the binding. */
static void nat_after_chain(struct exec *x, uint32_t h, struct nf_conn *ct)
{
	if (CUR(x)->ret == NFV_DROP) {
		x_note(x, "the nat chain dropped it: NF_DROP", 0, 0, 0, 0);
		return x_return(x, NFV_DROP);
	}
	nat_bind(x, h, ct);
}

void st_nf_nat_ipv4_fn(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	enum ip_conntrack_info info = IP_CT_NEW;
	struct nf_conn *ct = nf_ct_get(w, skb, &info);
	enum nf_nat_manip_type m = hook2manip(skb->nf.hook);
	int chain;

	x->s->hook = skb->nf.hook;
	if (!ct) {
		x_note(x, "no conntrack on this skb: NAT does nothing, NF_ACCEPT",
		       0, 0, 0, 0);
		return x_return(x, NFV_ACCEPT);
	}
	if (CUR(x)->arg2)
		return nat_after_chain(x, h, ct);
	if ((info == IP_CT_RELATED || info == IP_CT_RELATED_REPLY) &&
	    skb->buf[skb->network_header + IP_OFF_PROTO] == IPPROTO_ICMP) {
		x_note(x, "an ICMP error about a connection: translate it",
		       0, 0, 0, 0);
		return x_jump(x, ST_nf_nat_icmp_reply_translation, h);
	}
	if ((info == IP_CT_NEW || info == IP_CT_RELATED ||
	     info == IP_CT_RELATED_REPLY) && !nat_initialized(ct, m)) {
		if ((chain = nat_chain_at(w, skb->nf.hook)) >= 0)
			return nat_chain_walk(x, h, chain);
		return nat_bind(x, h, ct);
	}
	x_note(x, "the connection's binding is made: nf_nat_packet", 0, 0, 0, 0);
	x_jump(x, ST_nf_nat_packet, h);
}

/* nf_nat_icmp_reply_translation: the quoted packet is rewritten as the
 * connection's other direction, then the outer header as a reply */
void st_nf_nat_icmp_reply_translation(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	enum ip_conntrack_info info = IP_CT_NEW;
	struct nf_conn *ct = nf_ct_get(w, skb, &info);
	enum nf_nat_manip_type m = hook2manip(skb->nf.hook);
	int dir = info >= IP_CT_IS_REPLY;
	uint8_t *iph = skb->buf + skb->network_header;
	uint32_t ihl = (uint32_t)(iph[0] & 0xf) * 4, len = skb_ip_len(skb);
	uint32_t old = get_be32(iph + IP_OFF_DST);
	struct nf_conntrack_tuple target;
	uint8_t *icmp = iph + ihl;

	x->s->hook = skb->nf.hook;
	if (!nat_applies(ct, dir, m) || len < ihl + 8 + IP_HLEN) {
		x_note(x, "nothing to translate in this direction", 0, 0, 0, 0);
		return x_return(x, NFV_ACCEPT);
	}
	ipv4_manip(icmp + 8, len - ihl - 8, &ct->tuple[!dir],
		   m == NF_NAT_MANIP_SRC ? NF_NAT_MANIP_DST : NF_NAT_MANIP_SRC);
	put_be16(icmp + 2, 0);
	put_be16(icmp + 2, inet_csum(icmp, len - ihl));
	nf_ct_invert_tuple(&target, &ct->tuple[!dir]);
	target.proto = IPPROTO_ICMP;
	ipv4_manip(iph, IP_HLEN, &target, m);
	x_note(x, "the quoted header and the outer %s address rewritten", 0,
	       0, 0, 0);
	x->s->note_str = m == NF_NAT_MANIP_SRC ? "source" : "destination";
	nat_done(x, h, old);
}

/* ---- the targets (xt_nat.c, xt_MASQUERADE.c, xt_REDIRECT.c) ---- */

static bool masquerade_range(struct exec *x, struct sk_buff *skb,
			     const struct ipt_rule *r, struct nf_nat_range *nr)
{
	struct world *w = x->w;
	const uint8_t *iph = skb->buf + skb->network_header;
	uint32_t nh = skb->dst.gw ? skb->dst.gw : get_be32(iph + IP_OFF_DST);
	uint32_t src = inet_select_addr(w, skb->dst.dev, nh, RT_SCOPE_UNIVERSE);

	if (!src)
		return false;
	*nr = r->nat;
	nr->flags |= NF_NAT_RANGE_MAP_IPS;
	nr->min_ip = nr->max_ip = src;
	return true;
}

static bool redirect_range(struct exec *x, struct sk_buff *skb,
			   const struct ipt_rule *r, struct nf_nat_range *nr)
{
	struct world *w = x->w;
	uint32_t dst = 0x7f000001;

	if (skb->nf.hook != NFH_OUTPUT) {
		uint32_t ifa = w->dev[skb->dev].ifa_list;

		if (!ifa)
			return false;
		dst = w->ifa[ifa - 1].local;
	}
	*nr = r->nat;
	nr->flags |= NF_NAT_RANGE_MAP_IPS;
	nr->min_ip = nr->max_ip = dst;
	return true;
}

enum nf_verdict nf_nat_rule_target(struct exec *x, struct sk_buff *skb,
				   const struct ipt_rule *r)
{
	struct world *w = x->w;
	struct nf_conn *ct = nf_ct_get(w, skb, NULL);
	struct nf_nat_range nr = r->nat;
	enum nf_nat_manip_type m = r->target == TG_SNAT ||
				   r->target == TG_MASQUERADE ?
				   NF_NAT_MANIP_SRC : NF_NAT_MANIP_DST;

	if (!ct)
		return NFV_ACCEPT;
	if (r->target == TG_MASQUERADE && !masquerade_range(x, skb, r, &nr)) {
		nf_log_add(w, "MASQUERADE: no address on the output device");
		return NFV_DROP;
	}
	if (r->target == TG_REDIRECT && !redirect_range(x, skb, r, &nr))
		return NFV_DROP;
	return (enum nf_verdict)nf_nat_setup_info(w, ct, &nr, m);
}
