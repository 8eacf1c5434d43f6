/*
 * ip_tables.c: the iptables ruleset and ipt_do_table
 * (net/ipv4/netfilter/ip_tables.c and the xt_* matches, Linux 6.x).
 *
 * A table is registered on first use, as loading iptable_filter.ko would
 * (on Debian 12 iptables drives nf_tables; the base chains sit at the same
 * priorities and count the same).  ipt_do_table walks one chain a rule per
 * step: ip_packet_match and the matches, then the target.  A jump pushes
 * the return point on the packet's jump stack, a goto does not, RETURN or
 * the end of a user chain pops it, and RETURN or the end of a built-in
 * chain gives the policy, which counts like a rule (the underflow entry).
 */
#include <stdio.h>
#include <string.h>

#include "ip_tables.h"
#include "nf_ct.h"
#include "nf_nat.h"
#include "net.h"
#include "pkt.h"
#include "proto/ip.h"
#include "proto/udp.h"

#define HZ 250                    /* CONFIG_HZ of Debian's and the oracle's kernel */
#define XT_LIMIT_SCALE 10000
#define CREDITS_PER_JIFFY 128     /* POW2_BELOW32(0xFFFFFFFF / (HZ*86400)) */

static const char *const table_names[IPT__COUNT] = {
	"raw", "mangle", "nat", "filter"
};

/* valid_hooks of iptable_raw/mangle/nat/filter */
static const uint8_t table_hooks[IPT__COUNT] = {
	[IPT_RAW] = 1 << NFH_PREROUTING | 1 << NFH_OUTPUT,
	[IPT_MANGLE] = 1 << NFH_PREROUTING | 1 << NFH_INPUT | 1 << NFH_FORWARD |
		       1 << NFH_OUTPUT | 1 << NFH_POSTROUTING,
	[IPT_NAT] = 1 << NFH_PREROUTING | 1 << NFH_INPUT | 1 << NFH_OUTPUT |
		    1 << NFH_POSTROUTING,
	[IPT_FILTER] = 1 << NFH_INPUT | 1 << NFH_FORWARD | 1 << NFH_OUTPUT,
};

const char *ipt_table_name(enum ipt_table t)
{
	return (unsigned)t < IPT__COUNT ? table_names[t] : "?";
}

int ipt_table_by_name(const char *name)
{
	for (int t = 0; t < IPT__COUNT; t++)
		if (!strcmp(name, table_names[t]))
			return t;
	return -1;
}

bool ipt_table_has_hook(enum ipt_table t, enum nf_hook_id hook)
{
	return table_hooks[t] >> hook & 1;
}

/* NF_IP_PRI_RAW -300, MANGLE -150, NAT_DST -100, FILTER 0, NAT_SRC 100 */
int ipt_table_priority(enum ipt_table t, enum nf_hook_id hook)
{
	switch (t) {
	case IPT_RAW:
		return -300;
	case IPT_MANGLE:
		return -150;
	case IPT_NAT:
		return hook == NFH_PREROUTING || hook == NFH_OUTPUT ? -100 : 100;
	default:
		return 0;
	}
}

void ipt_table_register(struct world *w, enum ipt_table t)
{
	ipt_table_init(w, t);
	w->ipt_registered[t] = true;
}

void ipt_table_init(struct world *w, enum ipt_table t)
{
	if (w->ipt_registered[t] ||
	    ipt_chain_find(w, t, t == IPT_FILTER ? "INPUT" : "OUTPUT") >= 0)
		return;
	for (int h = NFH_PREROUTING; h <= NFH_POSTROUTING; h++) {
		int c;

		if (!ipt_table_has_hook(t, (enum nf_hook_id)h))
			continue;
		c = ipt_chain_add(w, t, nf_hook_name((enum nf_hook_id)h));
		if (c >= 0) {
			w->ipt_chain[c].hook = (uint8_t)h;
			w->ipt_chain[c].policy = NFV_ACCEPT;
		}
	}
}

int ipt_chain_find(const struct world *w, enum ipt_table t, const char *name)
{
	for (int c = 0; c < IPT_CHAIN_MAX; c++)
		if (w->ipt_chain[c].used && w->ipt_chain[c].table == t &&
		    !strcmp(w->ipt_chain[c].name, name))
			return c;
	return -1;
}

int ipt_chain_add(struct world *w, enum ipt_table t, const char *name)
{
	for (int c = 0; c < IPT_CHAIN_MAX; c++) {
		struct ipt_chain *ch = &w->ipt_chain[c];

		if (ch->used)
			continue;
		memset(ch, 0, sizeof(*ch));
		ch->used = true;
		ch->table = (uint8_t)t;
		strncpy(ch->name, name, sizeof(ch->name) - 1);
		return c;
	}
	return -1;
}

void ipt_chain_del(struct world *w, int chain)
{
	ipt_chain_flush(w, chain);
	memset(&w->ipt_chain[chain], 0, sizeof(w->ipt_chain[chain]));
}

uint32_t ipt_rule_at(const struct world *w, int chain, uint32_t pos)
{
	uint32_t h = w->ipt_chain[chain].head;

	while (h && --pos)
		h = w->ipt_rule[h - 1].next;
	return pos ? 0 : h;
}

uint32_t ipt_rule_pos(const struct world *w, uint32_t h)
{
	uint32_t pos = 1;

	for (uint32_t r = w->ipt_chain[w->ipt_rule[h - 1].chain].head;
	     r && r != h; r = w->ipt_rule[r - 1].next)
		pos++;
	return pos;
}

uint32_t ipt_chain_len(const struct world *w, int chain)
{
	uint32_t n = 0;

	for (uint32_t r = w->ipt_chain[chain].head; r;
	     r = w->ipt_rule[r - 1].next)
		n++;
	return n;
}

/* Whether the rule's extension calls nf_ct_netns_get in its checkentry:
 * the conntrack hooks stay registered while such a rule exists. */
bool ipt_rule_needs_ct(const struct ipt_rule *r)
{
	for (int i = 0; i < r->nmatch; i++)
		if (r->match[i] == M_CONNTRACK || r->match[i] == M_STATE)
			return true;
	switch (r->target) {
	case TG_SNAT: case TG_DNAT: case TG_MASQUERADE: case TG_REDIRECT:
	case TG_CONNMARK:
		return true;
	default:
		return false;
	}
}

uint32_t ipt_rule_insert(struct world *w, int chain, uint32_t pos,
			 const struct ipt_rule *r)
{
	uint32_t h = pool_alloc(&w->ipt_rule_pool, w->ipt_rule_next);
	uint32_t *link = &w->ipt_chain[chain].head;

	if (!h)
		return 0;
	w->ipt_rule[h - 1] = *r;
	w->ipt_rule[h - 1].chain = (uint8_t)chain;
	while (*link && --pos)
		link = &w->ipt_rule[*link - 1].next;
	w->ipt_rule[h - 1].next = *link;
	*link = h;
	if (r->target == TG_JUMP || r->target == TG_GOTO)
		w->ipt_chain[r->jump].refs++;
	if (ipt_rule_needs_ct(r))
		w->ct_users++;
	return h;
}

void ipt_rule_delete(struct world *w, uint32_t h)
{
	struct ipt_rule *r = &w->ipt_rule[h - 1];
	uint32_t *link = &w->ipt_chain[r->chain].head;

	while (*link != h)
		link = &w->ipt_rule[*link - 1].next;
	*link = r->next;
	if (r->target == TG_JUMP || r->target == TG_GOTO)
		w->ipt_chain[r->jump].refs--;
	if (ipt_rule_needs_ct(r))
		w->ct_users--;
	memset(r, 0, sizeof(*r));
	pool_free(&w->ipt_rule_pool, w->ipt_rule_next, h);
}

void ipt_chain_flush(struct world *w, int chain)
{
	while (w->ipt_chain[chain].head)
		ipt_rule_delete(w, w->ipt_chain[chain].head);
}

void ipt_chain_zero(struct world *w, int chain)
{
	w->ipt_chain[chain].pkts = w->ipt_chain[chain].bytes = 0;
	for (uint32_t r = w->ipt_chain[chain].head; r;
	     r = w->ipt_rule[r - 1].next)
		w->ipt_rule[r - 1].pkts = w->ipt_rule[r - 1].bytes = 0;
}

/* Does chain from reach chain to through jumps (depth-first)? */
static bool chain_reaches(const struct world *w, int from, int to, int depth)
{
	if (from == to)
		return true;
	if (depth > IPT_CHAIN_MAX)
		return true;
	for (uint32_t r = w->ipt_chain[from].head; r;
	     r = w->ipt_rule[r - 1].next) {
		const struct ipt_rule *x = &w->ipt_rule[r - 1];

		if ((x->target == TG_JUMP || x->target == TG_GOTO) &&
		    chain_reaches(w, x->jump, to, depth + 1))
			return true;
	}
	return false;
}

bool ipt_jump_loops(const struct world *w, int from, int to)
{
	return chain_reaches(w, to, from, 0);
}

/* The parts of a rule that make it this rule: everything but its place,
 * its counters and limit's running state. */
bool ipt_rule_equal(const struct ipt_rule *a, const struct ipt_rule *b)
{
	struct ipt_rule x = *a, y = *b;

	x.next = y.next = 0;
	x.chain = y.chain = 0;
	x.pkts = y.pkts = x.bytes = y.bytes = 0;
	x.lim_prev = y.lim_prev = 0;
	x.lim_credit = y.lim_credit = 0;
	return !memcmp(&x, &y, sizeof(x));
}

const char *nf_verdict_name(enum nf_verdict v)
{
	static const char *const n[] = { "", "ACCEPT", "DROP", "CONTINUE",
					 "RETURN", "JUMP", "GOTO", "NOMATCH",
					 "STOLEN" };

	return (unsigned)v <= NFV_STOLEN ? n[v] : "";
}

void nf_log_add(struct world *w, const char *text)
{
	struct nf_log *l = &w->nflog;
	uint32_t i = l->count++ % NF_LOG_LINES;

	l->line[i].t_ns = w->now;
	l->line[i].step = w->step_no;
	strncpy(l->line[i].text, text, NF_LOG_LEN - 1);
	l->line[i].text[NF_LOG_LEN - 1] = 0;
}

bool nf_log_format(const struct nf_log *l, uint32_t i, char *buf, size_t n)
{
	uint64_t t;

	if (i >= l->count || l->count - i > NF_LOG_LINES)
		return false;
	t = l->line[i % NF_LOG_LINES].t_ns;
	snprintf(buf, n, "[%5llu.%06llu] %s",
		 (unsigned long long)(t / 1000000000ull),
		 (unsigned long long)(t / 1000 % 1000000),
		 l->line[i % NF_LOG_LINES].text);
	return true;
}

/* ---- matching (ip_packet_match and the xt matches) ---- */

struct pkt_info {
	const uint8_t *iph, *l4;
	uint32_t l4len;            /* bytes of L4 header and data present */
	uint8_t proto;
	uint16_t fragoff;          /* in bytes; 0: the first (or only) one */
	const char *in, *out;      /* device names, "" when none */
};

static bool iface_match(const char *rule, const char *dev)
{
	size_t n = strlen(rule);

	if (!n)
		return true;
	if (rule[n - 1] == '+')
		return !strncmp(rule, dev, n - 1);
	return !strcmp(rule, dev);
}

static bool inv(bool m, bool invert)
{
	return m != invert;
}

static bool ip_packet_match(const struct ipt_rule *r,
			    const struct pkt_info *p)
{
	uint32_t saddr = get_be32(p->iph + IP_OFF_SRC);
	uint32_t daddr = get_be32(p->iph + IP_OFF_DST);

	if (!inv((saddr & r->smsk) == r->src, r->invflags & IPT_INV_SRCIP) ||
	    !inv((daddr & r->dmsk) == r->dst, r->invflags & IPT_INV_DSTIP))
		return false;
	if (!inv(iface_match(r->iniface, p->in), r->invflags & IPT_INV_VIA_IN) ||
	    !inv(iface_match(r->outiface, p->out),
		 r->invflags & IPT_INV_VIA_OUT))
		return false;
	if (r->proto && !inv(p->proto == r->proto, r->invflags & IPT_INV_PROTO))
		return false;
	return true;
}

static bool port_in(uint16_t port, const uint16_t range[2])
{
	return port >= range[0] && port <= range[1];
}

static bool tcpudp_match(const struct ipt_rule *r, const struct pkt_info *p,
			 bool tcp)
{
	uint16_t sport, dport;

	if (p->fragoff || p->l4len < (tcp ? 14u : 4u))
		return false;
	sport = get_be16(p->l4);
	dport = get_be16(p->l4 + 2);
	if (!inv(port_in(sport, r->spts), r->l4_inv & 1) ||
	    !inv(port_in(dport, r->dpts), r->l4_inv & 2))
		return false;
	if (tcp && r->tcp_flg_mask &&
	    !inv((p->l4[13] & r->tcp_flg_mask) == r->tcp_flg_cmp,
		 r->l4_inv & 4))
		return false;
	return true;
}

static bool icmp_match(const struct ipt_rule *r, const struct pkt_info *p)
{
	bool m;

	if (p->fragoff || p->l4len < 2)
		return false;
	m = r->icmp_type == 0xff ||
	    (p->l4[0] == r->icmp_type && p->l4[1] >= r->icmp_code[0] &&
	     p->l4[1] <= r->icmp_code[1]);
	return inv(m, r->icmp_inv);
}

static bool multiport_match(const struct ipt_rule *r, const struct pkt_info *p)
{
	uint16_t sport, dport;

	if (p->fragoff || p->l4len < 4)
		return false;
	sport = get_be16(p->l4);
	dport = get_be16(p->l4 + 2);
	for (int i = 0; i < r->mp_count; i++) {
		uint16_t lo = r->mp_ports[i];
		uint16_t hi = r->mp_pflags[i] ? r->mp_ports[++i] : lo;
		bool s = sport >= lo && sport <= hi, d = dport >= lo && dport <= hi;

		if ((r->mp_flags == MP_SRC && s) || (r->mp_flags == MP_DST && d) ||
		    (r->mp_flags == MP_ANY && (s || d)))
			return !r->mp_inv;
	}
	return r->mp_inv;
}

static uint32_t user2credits(uint32_t user)
{
	if (user > 0xFFFFFFFFu / (HZ * CREDITS_PER_JIFFY))
		return (user / XT_LIMIT_SCALE) * HZ * CREDITS_PER_JIFFY;
	return (user * HZ * CREDITS_PER_JIFFY) / XT_LIMIT_SCALE;
}

void ipt_limit_init(const struct world *w, struct ipt_rule *r)
{
	r->lim_prev = w->now / (1000000000ull / HZ);
	r->lim_credit = user2credits(r->lim_avg * r->lim_burst);
	r->lim_credit_cap = r->lim_credit;
	r->lim_cost = user2credits(r->lim_avg);
}

/* xt_limit's limit_mt: a token bucket refilled per jiffy. */
static bool limit_match(struct world *w, struct ipt_rule *r)
{
	uint64_t now = w->now / (1000000000ull / HZ);
	uint64_t credit = r->lim_credit +
			  (now - r->lim_prev) * CREDITS_PER_JIFFY;

	r->lim_prev = now;
	if (credit > r->lim_credit_cap)
		credit = r->lim_credit_cap;
	if (credit >= r->lim_cost) {
		r->lim_credit = (uint32_t)(credit - r->lim_cost);
		return true;
	}
	r->lim_credit = (uint32_t)credit;
	return false;
}

static bool addrtype_match(const struct world *w, const struct ipt_rule *r,
			   const struct pkt_info *p)
{
	int st = inet_addr_type(w, get_be32(p->iph + IP_OFF_SRC));
	int dt = inet_addr_type(w, get_be32(p->iph + IP_OFF_DST));

	if (r->at_src && !inv(r->at_src >> st & 1, r->at_src_inv))
		return false;
	if (r->at_dst && !inv(r->at_dst >> dt & 1, r->at_dst_inv))
		return false;
	return true;
}

static bool rule_match(struct world *w, struct sk_buff *skb,
		       struct ipt_rule *r, const struct pkt_info *p)
{
	if (!ip_packet_match(r, p))
		return false;
	for (int i = 0; i < r->nmatch; i++) {
		bool m = true;

		switch (r->match[i]) {
		case M_TCP:
			m = tcpudp_match(r, p, true);
			break;
		case M_UDP:
			m = tcpudp_match(r, p, false);
			break;
		case M_ICMP:
			m = icmp_match(r, p);
			break;
		case M_MARK:
			m = inv((skb->mark & r->mark_mask) == r->mark, r->mark_inv);
			break;
		case M_MULTIPORT:
			m = multiport_match(r, p);
			break;
		case M_LIMIT:
			m = limit_match(w, r);
			break;
		case M_ADDRTYPE:
			m = addrtype_match(w, r, p);
			break;
		case M_CONNTRACK:
		case M_STATE:
			m = inv((nf_ct_state_bits(w, skb) & r->ct_states) != 0,
				r->ct_inv);
			break;
		default:
			break;
		}
		if (!m)
			return false;
	}
	return true;
}

static void pkt_info_fill(const struct world *w, const struct sk_buff *skb,
			  struct pkt_info *p)
{
	const uint8_t *iph = skb->buf + skb->network_header;
	uint32_t ihl = (uint32_t)(iph[0] & 0xf) * 4;
	uint32_t end = skb->tail, tot = get_be16(iph + IP_OFF_TOTLEN);
	int hook = skb->nf.hook;

	if (skb->network_header + tot < end)
		end = skb->network_header + tot;
	p->iph = iph;
	p->l4 = iph + ihl;
	p->l4len = end > skb->network_header + ihl ?
		   end - skb->network_header - ihl : 0;
	p->proto = iph[IP_OFF_PROTO];
	p->fragoff = (uint16_t)((get_be16(iph + IP_OFF_FRAG) & IP_OFFMASK) * 8);
	/* in: PRE_ROUTING, LOCAL_IN, FORWARD; out: FORWARD, LOCAL_OUT,
	 * POST_ROUTING (nf_hook_state's in and out) */
	p->in = hook == NFH_PREROUTING || hook == NFH_INPUT ||
		hook == NFH_FORWARD ? w->dev[skb->skb_iif ? skb->skb_iif :
					     skb->dev].name : "";
	p->out = hook == NFH_FORWARD || hook == NFH_OUTPUT ||
		 hook == NFH_POSTROUTING ? w->dev[skb->dst.dev].name : "";
}

/* ---- ipt_do_table: one rule a step ---- */

static void trail_add(struct sk_buff *skb, enum nf_verdict v, uint16_t rule)
{
	struct nf_skb_state *st = &skb->nf;

	if (st->ntrail >= NF_TRAIL_MAX)
		return;
	st->trail[st->ntrail++] = (struct nf_trail){ .hook = st->hook,
		.table = st->table, .chain = st->chain, .verdict = (uint8_t)v,
		.rule = rule };
}

static void table_verdict(struct exec *x, struct sk_buff *skb,
			  enum nf_verdict v, uint16_t rule)
{
	x->s->verdict = (uint8_t)v;
	trail_add(skb, v, rule);
	x_return(x, v);
}

/* The end of a chain: back to where the jump came from, or the policy. */
/* Back to the rule after the jump that led here. */
static void jump_stack_pop(struct nf_skb_state *st)
{
	st->sp--;
	st->chain = st->stack[st->sp].chain;
	st->rule = st->stack[st->sp].rule;
}

static void chain_end(struct exec *x, struct sk_buff *skb)
{
	struct world *w = x->w;
	struct nf_skb_state *st = &skb->nf;
	struct ipt_chain *ch = &w->ipt_chain[st->chain];

	if (st->sp) {
		jump_stack_pop(st);
		x->s->verdict = NFV_RETURN;
		/* one %s per note: name the chain it returns to */
		x_note(x, "end of a user chain: return to %s", 0, 0, 0, 0);
		x->s->note_str = w->ipt_chain[st->chain].name;
		return x_jump(x, ST_ipt_do_table, CUR(x)->skb);
	}
	if (ch->counters) { /* nft_update_chain_stats: only with stats */
		ch->pkts++;
		ch->bytes += skb->len;
	}
	x->s->rule = 0;
	x_note(x, ch->policy == NFV_DROP ? "end of built-in chain %s: policy DROP"
	       : "end of built-in chain %s: policy ACCEPT", 0, 0, 0, 0);
	x->s->note_str = ch->name;
	table_verdict(x, skb, (enum nf_verdict)ch->policy, 0);
}

static void nat_target(struct exec *x, struct sk_buff *skb,
		       const struct ipt_rule *r, uint16_t pos)
{
	enum nf_verdict v = nf_nat_rule_target(x, skb, r);

	x_note(x, v == NFV_ACCEPT ? "rule %u matches: %s binds the connection "
	       "(nf_nat_setup_info): NF_ACCEPT" : "rule %u matches: %s finds no "
	       "address: NF_DROP", pos, 0, 0, 0);
	x->s->note_str = r->target == TG_SNAT ? "SNAT" : r->target == TG_DNAT ?
			 "DNAT" : r->target == TG_MASQUERADE ? "MASQUERADE" :
			 "REDIRECT";
	table_verdict(x, skb, v, pos);
}

static void rule_target(struct exec *x, struct sk_buff *skb,
			struct ipt_rule *r, uint16_t pos)
{
	struct world *w = x->w;
	struct nf_skb_state *st = &skb->nf;

	switch (r->target) {
	case TG_ACCEPT:
	case TG_DROP:
		x_note(x, r->target == TG_ACCEPT ? "rule %u matches: ACCEPT" :
		       "rule %u matches: DROP", pos, 0, 0, 0);
		return table_verdict(x, skb, r->target == TG_ACCEPT ?
				     NFV_ACCEPT : NFV_DROP, pos);
	case TG_RETURN:
		x->s->verdict = NFV_RETURN;
		x_note(x, "rule %u matches: RETURN", pos, 0, 0, 0);
		st->rule = 0;
		if (!st->sp)
			return chain_end(x, skb);
		jump_stack_pop(st);
		return x_jump(x, ST_ipt_do_table, CUR(x)->skb);
	case TG_JUMP:
		st->stack[st->sp].chain = st->chain;
		st->stack[st->sp++].rule = r->next;
		/* fall through */
	case TG_GOTO:
		x->s->verdict = r->target == TG_JUMP ? NFV_JUMP : NFV_GOTO;
		x_note(x, r->target == TG_JUMP ? "rule %u matches: jump to %s" :
		       "rule %u matches: goto %s", pos, 0, 0, 0);
		x->s->note_str = w->ipt_chain[r->jump].name;
		st->chain = r->jump;
		st->rule = w->ipt_chain[r->jump].head;
		return x_jump(x, ST_ipt_do_table, CUR(x)->skb);
	case TG_REJECT:
		x->s->verdict = NFV_DROP;
		trail_add(skb, NFV_DROP, pos);
		return nf_reject(x, skb, r, pos);
	case TG_SNAT: case TG_DNAT: case TG_MASQUERADE: case TG_REDIRECT:
		return nat_target(x, skb, r, pos);
	default:
		x->s->verdict = NFV_CONTINUE;
		nf_target_continue(x, skb, r, pos);
		st->rule = r->next;
		return x_jump(x, ST_ipt_do_table, CUR(x)->skb);
	}
}

void st_ipt_do_table(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	struct nf_skb_state *st = &skb->nf;
	struct pkt_info p;
	struct ipt_rule *r;
	uint16_t pos;

	x->s->hook = st->hook;
	x->s->nf_table = (uint8_t)(st->table + 1);
	x->s->nf_chain = st->chain;
	if (st->pending_drop) {
		st->pending_drop = 0;
		x->s->verdict = NFV_DROP;
		x->s->rule = (int16_t)st->pending_rule;
		x_note(x, "REJECT done: NF_DROP", 0, 0, 0, 0);
		return x_return(x, NFV_DROP);
	}
	if (!st->rule)
		return chain_end(x, skb);
	r = &w->ipt_rule[st->rule - 1];
	pos = (uint16_t)ipt_rule_pos(w, st->rule);
	x->s->rule = (int16_t)pos;
	pkt_info_fill(w, skb, &p);
	if (!rule_match(w, skb, r, &p)) {
		x->s->verdict = NFV_NOMATCH;
		x_note(x, "rule %u: no match", pos, 0, 0, 0);
		st->rule = r->next;
		return x_jump(x, ST_ipt_do_table, h);
	}
	r->pkts++;
	r->bytes += skb->len;
	rule_target(x, skb, r, pos);
}
