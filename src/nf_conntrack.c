/*
 * nf_conntrack.c: connection tracking (net/netfilter/nf_conntrack_core.c,
 * nf_conntrack_proto.c, nf_conntrack_proto_{tcp,udp,icmp}.c; Linux 6.x).
 *
 * ipv4_conntrack_in / _local (priority -200 at PRE_ROUTING and LOCAL_OUT)
 * find the packet's connection by its tuple, or make a new, unconfirmed
 * one; the protocol tracker then judges the packet and sets the timeout.
 * nf_confirm (priority INT_MAX at LOCAL_IN and POST_ROUTING) puts a new
 * connection in the table.  The hooks exist only once a rule needs them
 * (nf_ct_netns_get: state/conntrack matches, NAT targets, CONNMARK).
 */
#include <stdio.h>
#include <string.h>

#include "ip_tables.h"
#include "net.h"
#include "nf_ct.h"
#include "pkt.h"
#include "proto/icmp.h"
#include "proto/ip.h"

#define NS_PER_S 1000000000ull

/* ---- tuples ---- */

/* The inverse ICMP type of a query (icmp_invert_tuple's invmap); 0xff
 * when the type has none. */
static uint8_t icmp_inverse(uint8_t type)
{
	switch (type) {
	case ICMP_ECHO: return ICMP_ECHOREPLY;
	case ICMP_ECHOREPLY: return ICMP_ECHO;
	case 13: return 14;
	case 14: return 13;
	case 15: return 16;
	case 16: return 15;
	case 17: return 18;
	case 18: return 17;
	default: return 0xff;
	}
}

bool nf_ct_tuple_from(const uint8_t *iph, size_t len,
		      struct nf_conntrack_tuple *t)
{
	uint32_t ihl;
	const uint8_t *l4;

	if (len < IP_HLEN)
		return false;
	ihl = (uint32_t)(iph[0] & 0xf) * 4;
	if (ihl < IP_HLEN || len < ihl)
		return false;
	memset(t, 0, sizeof(*t));
	t->src = get_be32(iph + IP_OFF_SRC);
	t->dst = get_be32(iph + IP_OFF_DST);
	t->proto = iph[IP_OFF_PROTO];
	l4 = iph + ihl;
	switch (t->proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		if (len < ihl + 4)
			return false;
		t->sport = get_be16(l4);
		t->dport = get_be16(l4 + 2);
		break;
	case IPPROTO_ICMP:
		if (len < ihl + 8)
			return false;
		t->type = l4[0];
		t->code = l4[1];
		t->sport = get_be16(l4 + 4);
		break;
	}
	return true;
}

bool nf_ct_invert_tuple(struct nf_conntrack_tuple *inv,
			const struct nf_conntrack_tuple *t)
{
	*inv = *t;
	inv->src = t->dst;
	inv->dst = t->src;
	if (t->proto == IPPROTO_ICMP) {
		inv->type = icmp_inverse(t->type);
		return inv->type != 0xff;
	}
	inv->sport = t->dport;
	inv->dport = t->sport;
	return true;
}

bool nf_ct_tuple_equal(const struct nf_conntrack_tuple *a,
		       const struct nf_conntrack_tuple *b)
{
	return a->src == b->src && a->dst == b->dst && a->proto == b->proto &&
	       a->sport == b->sport && a->dport == b->dport &&
	       a->type == b->type && a->code == b->code;
}

/* ---- the table ---- */

bool nf_ct_expired(const struct world *w, const struct nf_conn *ct)
{
	return (ct->status & IPS_CONFIRMED) && ct->timeout <= w->now;
}

void nf_ct_free(struct world *w, struct nf_conn *ct)
{
	if (ct->status & IPS_CONFIRMED)
		w->ct_count--;
	ct->used = false;
	ct->gen++;
}

/* __nf_conntrack_find_get: a confirmed entry with t in either direction;
 * an expired one found on the way is killed (nf_ct_gc_expired).  The
 * slot, or -1; *dir says which direction matched. */
int nf_ct_find(struct world *w, const struct nf_conntrack_tuple *t,
	       int skip, enum ip_conntrack_dir *dir)
{
	for (int i = 0; i < CT_MAX; i++) {
		struct nf_conn *ct = &w->ct[i];

		if (!ct->used || !(ct->status & IPS_CONFIRMED) || i == skip)
			continue;
		for (int d = 0; d < 2; d++) {
			if (!nf_ct_tuple_equal(&ct->tuple[d], t))
				continue;
			if (nf_ct_expired(w, ct)) {
				nf_ct_free(w, ct);
				break;
			}
			if (dir)
				*dir = (enum ip_conntrack_dir)d;
			return i;
		}
	}
	return -1;
}

const struct nf_conn *nf_ct_peek(const struct world *w,
				 const struct sk_buff *skb)
{
	const struct nf_ct_ref *r = &skb->ct;
	const struct nf_conn *ct;

	if (!r->slot)
		return NULL;
	ct = &w->ct[r->slot - 1];
	return ct->used && ct->gen == r->gen ? ct : NULL;
}

struct nf_conn *nf_ct_get(struct world *w, const struct sk_buff *skb,
			  enum ip_conntrack_info *info)
{
	if (!nf_ct_peek(w, skb))
		return NULL;
	if (info)
		*info = (enum ip_conntrack_info)skb->ct.info;
	return &w->ct[skb->ct.slot - 1];
}

void nf_ct_set(struct world *w, struct sk_buff *skb, struct nf_conn *ct,
	       enum ip_conntrack_info info)
{
	skb->ct.slot = (uint16_t)(ct - w->ct + 1);
	skb->ct.gen = ct->gen;
	skb->ct.info = (uint8_t)info;
	skb->ct.untracked = false;
}

/* An unconfirmed connection belongs to the skb that made it: freeing
 * that skb frees it (the last nf_ct_put). */
void nf_ct_skb_release(struct world *w, uint32_t h)
{
	struct nf_conn *ct = nf_ct_get(w, SKB(w, h), NULL);

	if (ct && !(ct->status & IPS_CONFIRMED) && ct->owner == h)
		nf_ct_free(w, ct);
}

/* early_drop: a connection not yet assured makes room, the oldest one */
static int ct_early_drop(struct world *w)
{
	int best = -1;

	for (int i = 0; i < CT_MAX; i++) {
		const struct nf_conn *ct = &w->ct[i];

		if (ct->used && (ct->status & IPS_CONFIRMED) &&
		    !(ct->status & IPS_ASSURED) &&
		    (best < 0 || ct->seq < w->ct[best].seq))
			best = i;
	}
	if (best >= 0)
		nf_ct_free(w, &w->ct[best]);
	return best;
}

static int ct_alloc(struct world *w)
{
	for (int i = 0; i < CT_MAX; i++)
		if (!w->ct[i].used)
			return i;
	for (int i = 0; i < CT_MAX; i++)
		if (w->ct[i].used && nf_ct_expired(w, &w->ct[i])) {
			nf_ct_free(w, &w->ct[i]);
			return i;
		}
	return ct_early_drop(w);
}

void nf_ct_flush(struct world *w)
{
	for (int i = 0; i < CT_MAX; i++)
		if (w->ct[i].used && (w->ct[i].status & IPS_CONFIRMED))
			nf_ct_free(w, &w->ct[i]);
}

/* nf_ct_refresh_acct: relative until confirmed, then from now */
void nf_ct_refresh(struct world *w, struct nf_conn *ct, uint64_t secs)
{
	ct->timeout = secs * NS_PER_S;
	if (ct->status & IPS_CONFIRMED)
		ct->timeout += w->now;
}

/* ---- reading the packet ---- */

void nf_ct_pkt_read(const struct sk_buff *skb, struct nf_ct_pkt *p)
{
	const uint8_t *iph = skb->buf + skb->network_header;
	uint32_t ihl = (uint32_t)(iph[0] & 0xf) * 4;
	uint32_t tot = get_be16(iph + IP_OFF_TOTLEN);
	uint32_t have = skb->tail - skb->network_header;

	if (tot > have)
		tot = have;
	p->iph = iph;
	p->l4 = iph + ihl;
	p->l4len = tot > ihl ? tot - ihl : 0;
	p->proto = iph[IP_OFF_PROTO];
	p->later_frag = (get_be16(iph + IP_OFF_FRAG) & IP_OFFMASK) != 0;
}

/* nf_conntrack_checksum: verified only at PRE_ROUTING, as the trackers'
 * *_error functions do (the output path's checksums are trusted) */
bool nf_ct_csum_bad(const struct world *w, const struct sk_buff *skb,
			uint8_t proto)
{
	return w->sysctl[SYS_nf_conntrack_checksum] &&
	       skb->nf.hook == NFH_PREROUTING &&
	       skb->ip_summed != CHECKSUM_UNNECESSARY &&
	       !nf_ip_checksum_ok(skb, proto);
}

/* ---- ipv4_conntrack_in: one step ---- */

static void ct_invalid(struct exec *x, const char *why)
{
	x->w->ct_stat_invalid++;
	x_note(x, why, 0, 0, 0, 0);
	x->s->note_str = "";
	x_return(x, NFV_ACCEPT);
}

/* nf_conntrack_inet_error: is this ICMP error about a connection we
 * know?  Its inner header, turned round, must be one of ours, and the
 * outer destination that connection's destination in that direction. */
static bool icmp_error_related(struct exec *x, struct sk_buff *skb,
			       const struct nf_ct_pkt *p)
{
	struct world *w = x->w;
	struct nf_conntrack_tuple inner, inv;
	enum ip_conntrack_dir dir;
	int i;

	if (p->l4len < 8 || !nf_ct_tuple_from(p->l4 + 8, p->l4len - 8, &inner) ||
	    !nf_ct_invert_tuple(&inv, &inner) ||
	    (i = nf_ct_find(w, &inv, -1, &dir)) < 0 ||
	    w->ct[i].tuple[dir].dst != get_be32(p->iph + IP_OFF_DST))
		return false;
	nf_ct_set(w, skb, &w->ct[i], dir == IP_CT_DIR_REPLY ?
		  IP_CT_RELATED_REPLY : IP_CT_RELATED);
	return true;
}

static bool icmp_is_err(uint8_t type)
{
	return type == ICMP_DEST_UNREACH || type == 4 ||
	       type == ICMP_TIME_EXCEEDED || type == 12 || type == 5;
}

/* The ICMP part of nf_conntrack_in: errors are RELATED or INVALID and
 * never make a connection.  True when it decided (stage done). */
static bool ct_handle_icmp(struct exec *x, struct sk_buff *skb,
			   const struct nf_ct_pkt *p)
{
	if (p->l4len < 8) {
		ct_invalid(x, "ICMP: short packet: INVALID (no conntrack)");
		return true;
	}
	if (nf_ct_csum_bad(x->w, skb, IPPROTO_ICMP)) {
		ct_invalid(x, "ICMP: bad checksum: INVALID (no conntrack)");
		return true;
	}
	if (p->l4[0] > 18) {
		ct_invalid(x, "ICMP: invalid type: INVALID (no conntrack)");
		return true;
	}
	if (!icmp_is_err(p->l4[0]))
		return false;
	if (!icmp_error_related(x, skb, p)) {
		ct_invalid(x, "an ICMP error about no known connection: INVALID");
		return true;
	}
	x_note(x, "an ICMP error about connection #%u: RELATED%s",
	       skb->ct.slot, 0, 0, 0);
	x->s->note_str = skb->ct.info == IP_CT_RELATED_REPLY ? " (reply)" : "";
	x_return(x, NFV_ACCEPT);
	return true;
}

/* init_conntrack: a new, unconfirmed entry owned by this skb */
static struct nf_conn *ct_init(struct exec *x, uint32_t h,
			       const struct nf_conntrack_tuple *t)
{
	struct world *w = x->w;
	struct nf_conntrack_tuple repl;
	struct nf_conn *ct;
	uint16_t gen;
	int i;

	if (!nf_ct_invert_tuple(&repl, t))
		return NULL;
	if (w->ct_count >= w->sysctl[SYS_nf_conntrack_max] ||
	    (i = ct_alloc(w)) < 0)
		return NULL;
	ct = &w->ct[i];
	gen = ct->gen;       /* a freed slot keeps counting, or a stale skb
				would take the new entry for its own */
	memset(ct, 0, offsetof(struct nf_conn, tuple));
	ct->gen = gen;
	ct->used = true;
	ct->owner = h;
	ct->tuple[IP_CT_DIR_ORIGINAL] = *t;
	ct->tuple[IP_CT_DIR_REPLY] = repl;
	memset(&ct->tcp, 0, sizeof(ct->tcp));
	return ct;
}

static enum stage ct_l4_stage(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return ST_nf_conntrack_tcp_packet;
	case IPPROTO_UDP:
		return ST_nf_conntrack_udp_packet;
	case IPPROTO_ICMP:
		return ST_nf_conntrack_icmp_packet;
	default:
		return ST_nf_conntrack_generic_packet;
	}
}

/* resolve_normal_ct: find or make the connection and say how this
 * packet relates to it */
static void ct_resolve(struct exec *x, uint32_t h, const struct nf_ct_pkt *p)
{
	struct world *w = x->w;
	struct sk_buff *skb = SKB(w, h);
	struct nf_conntrack_tuple t;
	enum ip_conntrack_dir dir = IP_CT_DIR_ORIGINAL;
	enum ip_conntrack_info info = IP_CT_NEW;
	struct nf_conn *ct;
	int i;

	if (!nf_ct_tuple_from(p->iph, (size_t)(p->l4 - p->iph) + p->l4len, &t))
		return ct_invalid(x, "no tuple (truncated header): INVALID");
	i = nf_ct_find(w, &t, -1, &dir);
	if (i < 0) {
		if (!(ct = ct_init(x, h, &t))) {
			w->ct_stat_drop++;
			nf_log_add(w, "nf_conntrack: table full, dropping packet");
			x_note(x, "no room for a new connection: NF_DROP", 0, 0, 0, 0);
			return x_return(x, NFV_DROP);
		}
		info = IP_CT_NEW;
	} else {
		ct = &w->ct[i];
		info = dir == IP_CT_DIR_REPLY ? IP_CT_ESTABLISHED_REPLY :
		       (ct->status & IPS_SEEN_REPLY) ? IP_CT_ESTABLISHED :
		       IP_CT_NEW;
	}
	nf_ct_set(w, skb, ct, info);
	x_note(x, i < 0 ? "no connection for this tuple: a new, unconfirmed "
	       "entry #%u (NEW)" : "connection #%u found, %s", skb->ct.slot,
	       0, 0, 0);
	x->s->note_str = nf_ctinfo_name(info);
	CUR(x)->arg2 = 1;
	x_call(x, ct_l4_stage(t.proto), h, ST_nf_conntrack_in);
}

/* What the tracker decided: NF_ACCEPT keeps the entry; an invalid packet
 * loses it (a new entry is freed); SEEN_REPLY after a valid reply. */
static void ct_after_l4(struct exec *x, uint32_t h)
{
	struct world *w = x->w;
	struct sk_buff *skb = SKB(w, h);
	enum ip_conntrack_info info = IP_CT_NEW;
	struct nf_conn *ct = nf_ct_get(w, skb, &info);
	uint32_t v = CUR(x)->ret;

	if (!ct) { /* the tracker killed it (an RST as the only reply) */
		x_note(x, "the tracker ended the connection: NF_ACCEPT", 0, 0, 0, 0);
		return x_return(x, NFV_ACCEPT);
	}
	if (v != NFV_ACCEPT) {
		if (!(ct->status & IPS_CONFIRMED))
			nf_ct_free(w, ct);
		memset(&skb->ct, 0, sizeof(skb->ct));
		return ct_invalid(x, "the tracker said invalid: the skb has no "
				  "conntrack (ctstate INVALID); NF_ACCEPT");
	}
	if (info == IP_CT_ESTABLISHED_REPLY && !(ct->status & IPS_SEEN_REPLY)) {
		ct->status |= IPS_SEEN_REPLY;
		x_note(x, "first valid reply: IPS_SEEN_REPLY; NF_ACCEPT", 0, 0, 0, 0);
	} else {
		x_note(x, "NF_ACCEPT", 0, 0, 0, 0);
	}
	x_return(x, NFV_ACCEPT);
}

void st_nf_conntrack_in(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	struct nf_ct_pkt p;

	x->s->hook = skb->nf.hook;
	if (CUR(x)->arg2)
		return ct_after_l4(x, h);
	if (skb->ct.untracked || nf_ct_get(w, skb, NULL)) {
		x_note(x, skb->ct.untracked ? "untracked (NOTRACK): nothing to "
		       "do" : "already tracked (looped back): nothing to do",
		       0, 0, 0, 0);
		return x_return(x, NFV_ACCEPT);
	}
	memset(&skb->ct, 0, sizeof(skb->ct));
	nf_ct_pkt_read(skb, &p);
	if (p.later_frag)
		return ct_invalid(x, "a later fragment (netstep does not model "
				  "nf_defrag_ipv4): INVALID");
	if (p.proto == IPPROTO_ICMP && ct_handle_icmp(x, skb, &p))
		return;
	ct_resolve(x, h, &p);
}

/* ---- the protocol trackers ---- */

void st_nf_conntrack_generic_packet(struct exec *x)
{
	struct world *w = x->w;
	struct nf_conn *ct = nf_ct_get(w, SKB(w, CUR(x)->skb), NULL);

	nf_ct_refresh(w, ct, nf_ct_sysctl(w, SYS_nf_conntrack_generic_timeout));
	x_note(x, "no tracker for this protocol: generic, timeout %u s",
	       nf_ct_sysctl(w, SYS_nf_conntrack_generic_timeout), 0, 0, 0);
	x_return(x, NFV_ACCEPT);
}

void st_nf_conntrack_icmp_packet(struct exec *x)
{
	struct world *w = x->w;
	struct nf_conn *ct = nf_ct_get(w, SKB(w, CUR(x)->skb), NULL);
	uint8_t type = ct->tuple[IP_CT_DIR_ORIGINAL].type;

	if (type != ICMP_ECHO && type != 13 && type != 15 && type != 17) {
		x_note(x, "ICMP type %u cannot start a connection: invalid",
		       type, 0, 0, 0);
		return x_return(x, NFV_DROP);
	}
	nf_ct_refresh(w, ct, nf_ct_sysctl(w, SYS_nf_conntrack_icmp_timeout));
	x_note(x, "an ICMP query: timeout %u s", nf_ct_sysctl(w,
	       SYS_nf_conntrack_icmp_timeout), 0, 0, 0);
	x_return(x, NFV_ACCEPT);
}

/* udp_error: a length that does not fit, or a bad checksum (0: none) */
static bool udp_error(const struct world *w, const struct sk_buff *skb)
{
	struct nf_ct_pkt p;

	nf_ct_pkt_read(skb, &p);
	if (p.l4len < 8 || get_be16(p.l4 + 4) > p.l4len ||
	    get_be16(p.l4 + 4) < 8)
		return true;
	return get_be16(p.l4 + 6) && nf_ct_csum_bad(w, skb, IPPROTO_UDP);
}

void st_nf_conntrack_udp_packet(struct exec *x)
{
	struct world *w = x->w;
	struct sk_buff *skb = SKB(w, CUR(x)->skb);
	struct nf_conn *ct = nf_ct_get(w, skb, NULL);
	uint64_t t = nf_ct_sysctl(w, SYS_nf_conntrack_udp_timeout);

	if (udp_error(w, skb)) {
		x_note(x, "UDP: bad length or checksum: invalid", 0, 0, 0, 0);
		return x_return(x, NFV_DROP);
	}
	if (!(ct->status & IPS_CONFIRMED))
		ct->stream_ts = w->now + 2 * NS_PER_S;
	if (!(ct->status & IPS_SEEN_REPLY)) {
		nf_ct_refresh(w, ct, t);
		x_note(x, "no reply seen yet: timeout %u s", t, 0, 0, 0);
		return x_return(x, NFV_ACCEPT);
	}
	if (w->now > ct->stream_ts) {
		t = nf_ct_sysctl(w, SYS_nf_conntrack_udp_timeout_stream);
		if (!(ct->status & IPS_ASSURED))
			ct->status |= IPS_ASSURED;
		x_note(x, "traffic both ways for over 2 s: a stream, ASSURED, "
		       "timeout %u s", t, 0, 0, 0);
	} else {
		x_note(x, "seen both ways: timeout %u s", t, 0, 0, 0);
	}
	nf_ct_refresh(w, ct, t);
	x_return(x, NFV_ACCEPT);
}

/* ---- nf_confirm: one step ---- */

void st_nf_confirm(struct exec *x)
{
	struct world *w = x->w;
	struct sk_buff *skb = SKB(w, CUR(x)->skb);
	enum ip_conntrack_info info = IP_CT_NEW;
	struct nf_conn *ct = nf_ct_get(w, skb, &info);
	enum ip_conntrack_dir d;

	x->s->hook = skb->nf.hook;
	if (!ct || (ct->status & IPS_CONFIRMED)) {
		x_note(x, ct ? "already confirmed: NF_ACCEPT" :
		       "no conntrack on this skb: NF_ACCEPT", 0, 0, 0, 0);
		return x_return(x, NFV_ACCEPT);
	}
	if (info >= IP_CT_IS_REPLY) {
		x_note(x, "a reply to an unconfirmed connection: not confirmed "
		       "here", 0, 0, 0, 0);
		return x_return(x, NFV_ACCEPT);
	}
	if (nf_ct_find(w, &ct->tuple[0], -1, &d) >= 0 ||
	    nf_ct_find(w, &ct->tuple[1], -1, &d) >= 0) {
		w->ct_stat_insert_failed++;
		x_note(x, "__nf_conntrack_confirm: the tuple is already in the "
		       "table (a clash): NF_DROP", 0, 0, 0, 0);
		return x_return(x, NFV_DROP);
	}
	ct->status |= IPS_CONFIRMED;
	ct->timeout += w->now;
	ct->owner = 0;
	ct->seq = ++w->ct_seq;
	w->ct_count++;
	x_note(x, "__nf_conntrack_confirm: connection #%u enters the table "
	       "(%u entries)", skb->ct.slot, w->ct_count, 0, 0);
	x_return(x, NFV_ACCEPT);
}

/* ---- for the iptables matches and the UI ---- */

const char *nf_ctinfo_name(enum ip_conntrack_info info)
{
	switch (info) {
	case IP_CT_ESTABLISHED: return "ESTABLISHED";
	case IP_CT_RELATED: return "RELATED";
	case IP_CT_NEW: return "NEW";
	case IP_CT_ESTABLISHED_REPLY: return "ESTABLISHED (reply)";
	case IP_CT_RELATED_REPLY: return "RELATED (reply)";
	default: return "UNTRACKED";
	}
}

unsigned nf_ct_state_bits(struct world *w, const struct sk_buff *skb)
{
	enum ip_conntrack_info info = IP_CT_NEW;
	struct nf_conn *ct = nf_ct_get(w, skb, &info);
	unsigned bits;

	if (!ct)
		return skb->ct.untracked ? CTS_UNTRACKED : CTS_INVALID;
	switch (info % IP_CT_IS_REPLY) {
	case IP_CT_ESTABLISHED: bits = CTS_ESTABLISHED; break;
	case IP_CT_RELATED: bits = CTS_RELATED; break;
	default: bits = CTS_NEW; break;
	}
	if (ct->status & IPS_SRC_NAT)
		bits |= CTS_SNAT;
	if (ct->status & IPS_DST_NAT)
		bits |= CTS_DNAT;
	return bits;
}

static size_t tuple_fmt(char *b, size_t n, const struct nf_conntrack_tuple *t)
{
	char s[16], d[16];

	if (t->proto == IPPROTO_ICMP)
		return (size_t)snprintf(b, n, "src=%s dst=%s type=%u code=%u "
					"id=%u ", ip_fmt(t->src, s),
					ip_fmt(t->dst, d), t->type, t->code,
					t->sport);
	if (t->proto == IPPROTO_TCP || t->proto == IPPROTO_UDP)
		return (size_t)snprintf(b, n, "src=%s dst=%s sport=%u dport=%u ",
					ip_fmt(t->src, s), ip_fmt(t->dst, d),
					t->sport, t->dport);
	return (size_t)snprintf(b, n, "src=%s dst=%s ", ip_fmt(t->src, s),
				ip_fmt(t->dst, d));
}

static const char *proto_name(uint8_t p)
{
	switch (p) {
	case IPPROTO_TCP: return "tcp";
	case IPPROTO_UDP: return "udp";
	case IPPROTO_ICMP: return "icmp";
	default: return "unknown";
	}
}

/* One line as conntrack -L prints it (conntrack-tools 1.4.7). */
size_t nf_ct_format(const struct world *w, const struct nf_conn *ct,
		    char *b, size_t n)
{
	uint64_t left = ct->timeout > w->now ? ct->timeout - w->now : 0;
	size_t k;

	k = (size_t)snprintf(b, n, "%-8s %u %llu ", proto_name(ct->tuple[0].proto),
			     ct->tuple[0].proto,
			     (unsigned long long)(left / NS_PER_S));
	if (ct->tuple[0].proto == IPPROTO_TCP && k < n)
		k += (size_t)snprintf(b + k, n - k, "%s ",
				      nf_ct_tcp_state_name(ct->tcp.state));
	if (k < n)
		k += tuple_fmt(b + k, n - k, &ct->tuple[0]);
	if (!(ct->status & IPS_SEEN_REPLY) && k < n)
		k += (size_t)snprintf(b + k, n - k, "[UNREPLIED] ");
	if (k < n)
		k += tuple_fmt(b + k, n - k, &ct->tuple[1]);
	if ((ct->status & IPS_ASSURED) && k < n)
		k += (size_t)snprintf(b + k, n - k, "[ASSURED] ");
	if (k < n)
		k += (size_t)snprintf(b + k, n - k, "mark=%u use=1", ct->mark);
	return k;
}
