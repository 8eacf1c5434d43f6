/*
 * netfilter.c: the hooks and the targets that act on the world
 * (net/netfilter/core.c nf_hook_slow, net/ipv4/netfilter/ipt_REJECT.c and
 * nf_reject_ipv4.c, net/netfilter/xt_LOG.c and nf_log_syslog.c,
 * net/netfilter/xt_mark.c; Linux 6.x).
 *
 * NF_HOOK calls nf_hook_slow only when something is hooked: the tables
 * registered at that hook, by priority.  Each table's ipt_do_table
 * (ip_tables.c) returns ACCEPT, and the next table runs, or DROP, and the
 * skb is freed with NETFILTER_DROP (a local sender gets -EPERM).
 */
#include <stdio.h>
#include <string.h>

#include "ip_tables.h"
#include "net.h"
#include "nf_ct.h"
#include "pkt.h"
#include "proto/icmp.h"
#include "proto/ip.h"

#define EPERM_NS 1
#define TCP_HLEN 20
#define TCPHDR_FIN 0x01
#define TCPHDR_SYN 0x02
#define TCPHDR_RST 0x04
#define TCPHDR_ACK 0x10

/* What NF_HOOK's okfn is at each IPv4 hook. */
static enum stage hook_okfn(enum nf_hook_id hook)
{
	switch (hook) {
	case NFH_PREROUTING:
		return ST_ip_rcv_finish;
	case NFH_INPUT:
		return ST_ip_local_deliver_finish;
	case NFH_FORWARD:
		return ST_ip_forward_finish;
	case NFH_OUTPUT:
		return ST_ip_output;
	default:
		return ST_ip_finish_output;
	}
}

/* A hook's entries in nf_hook_slow's order, by priority: defrag (-400),
 * the iptables tables, conntrack (-200) and its confirmation (INT_MAX),
 * and NAT (DNAT -100, SNAT 100).  The nat table's chains are walked by the
 * NAT entry, for a connection's first packet only. */
enum nf_entry_kind { NFE_END, NFE_TABLE, NFE_DEFRAG, NFE_CT_IN, NFE_NAT,
		     NFE_CONFIRM };
struct nf_entry { uint8_t kind, table; };

#define ENTRY_MAX 7
static const struct nf_entry hook_entries[NFH_POSTROUTING + 1][ENTRY_MAX] = {
	[NFH_PREROUTING] = { { NFE_DEFRAG, 0 }, { NFE_TABLE, IPT_RAW },
			     { NFE_CT_IN, 0 },
			     { NFE_TABLE, IPT_MANGLE }, { NFE_NAT, IPT_NAT } },
	[NFH_INPUT] = { { NFE_TABLE, IPT_MANGLE }, { NFE_TABLE, IPT_FILTER },
			{ NFE_NAT, IPT_NAT }, { NFE_CONFIRM, 0 } },
	[NFH_FORWARD] = { { NFE_TABLE, IPT_MANGLE }, { NFE_TABLE, IPT_FILTER } },
	[NFH_OUTPUT] = { { NFE_DEFRAG, 0 }, { NFE_TABLE, IPT_RAW },
			 { NFE_CT_IN, 0 },
			 { NFE_TABLE, IPT_MANGLE }, { NFE_NAT, IPT_NAT },
			 { NFE_TABLE, IPT_FILTER } },
	[NFH_POSTROUTING] = { { NFE_TABLE, IPT_MANGLE }, { NFE_NAT, IPT_NAT },
			      { NFE_CONFIRM, 0 } },
};

static bool table_hooked(const struct world *w, enum ipt_table t,
			 enum nf_hook_id hook)
{
	int c;

	if (!w->ipt_registered[t] || !ipt_table_has_hook(t, hook))
		return false;
	c = ipt_chain_find(w, t, nf_hook_name(hook));
	return c >= 0 && w->ipt_chain[c].hooked;
}

/* nf_nat_register_fn registers the NAT entries at all four hooks once any
 * nat chain exists; they act only on tracked packets. */
static bool nat_hooked(const struct world *w)
{
	static const enum nf_hook_id hooks[] = { NFH_PREROUTING, NFH_INPUT,
						 NFH_OUTPUT, NFH_POSTROUTING };

	if (!nf_ct_needed(w))
		return false;
	for (size_t i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++)
		if (table_hooked(w, IPT_NAT, hooks[i]))
			return true;
	return false;
}

static bool entry_active(const struct world *w, enum nf_hook_id hook,
			 const struct nf_entry *e)
{
	switch (e->kind) {
	case NFE_TABLE:
		return table_hooked(w, (enum ipt_table)e->table, hook);
	case NFE_NAT:
		return nat_hooked(w);
	case NFE_DEFRAG:               /* nf_ct_netns_get enables both */
	case NFE_CT_IN:
	case NFE_CONFIRM:
		return nf_ct_needed(w);
	default:
		return false;
	}
}

/* The next active entry at hook from index from on; -1 when none is. */
static int next_entry(const struct world *w, enum nf_hook_id hook, int from)
{
	for (int i = from; i < ENTRY_MAX; i++) {
		const struct nf_entry *e = &hook_entries[hook][i];

		if (e->kind == NFE_END)
			return -1;
		if (entry_active(w, hook, e))
			return i;
	}
	return -1;
}

void nf_hook_entry_names(const struct world *w, enum nf_hook_id hook,
			 char *buf, size_t n)
{
	size_t k = 0;

	buf[0] = 0;
	for (int i = next_entry(w, hook, 0); i >= 0 && k < n;
	     i = next_entry(w, hook, i + 1)) {
		const struct nf_entry *e = &hook_entries[hook][i];
		const char *name = e->kind == NFE_DEFRAG ? "defrag" :
				   e->kind == NFE_CT_IN ? "conntrack" :
				   e->kind == NFE_CONFIRM ? "confirm" :
				   ipt_table_name((enum ipt_table)e->table);

		k += (size_t)snprintf(buf + k, n - k, "%s%s", k ? "," : "", name);
	}
}

void nf_hook(struct exec *x, enum nf_hook_id hook, enum stage okfn,
	     const char *none_note)
{
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(x->w, h);

	x_hook(x, hook);
	if (next_entry(x->w, hook, 0) < 0) {
		x_note(x, none_note, 0, 0, 0, 0);
		return x_jump(x, okfn, h);
	}
	x->s->verdict = NFV_NONE;
	skb->nf.hook = (uint8_t)hook;
	skb->nf.entry = 0;
	x_note(x, "%s: hooks registered: nf_hook_slow runs them by priority",
	       0, 0, 0, 0);
	x->s->note_str = nf_hook_name(hook);
	x_jump(x, ST_nf_hook_slow, h);
}

static void hook_drop(struct exec *x, uint32_t h)
{
	struct world *w = x->w;
	struct sk_buff *skb = SKB(w, h);

	x->s->verdict = NFV_DROP;
	if (skb->nf.hook == NFH_OUTPUT && skb->sk &&
	    skb->origin == ORIGIN_SOCKET && !w->sock[skb->sk - 1].cork_err)
		w->sock[skb->sk - 1].cork_err = -EPERM_NS;
	x_note(x, "NF_DROP: kfree_skb_reason(NETFILTER_DROP)%s", 0, 0, 0, 0);
	x->s->note_str = skb->nf.hook == NFH_OUTPUT ?
			 "; ip_local_out returns the error" : "";
	x_drop(x, h, DROP_NETFILTER_DROP);
	x_end(x);
}

static void call_table(struct exec *x, uint32_t h, enum ipt_table t)
{
	struct world *w = x->w;
	struct nf_skb_state *st = &SKB(w, h)->nf;
	enum nf_hook_id hook = (enum nf_hook_id)st->hook;
	int c = ipt_chain_find(w, t, nf_hook_name(hook));

	st->table = (uint8_t)t;
	st->chain = (uint8_t)c;
	st->rule = w->ipt_chain[c].head;
	st->sp = 0;
	x->s->nf_table = (uint8_t)(t + 1);
	x->s->nf_chain = (uint8_t)c;
	x_note(x, "iptable_%s_hook (priority %d): ipt_do_table",
	       ipt_table_priority(t, hook), 0, 0, 0);
	x->s->note_str = ipt_table_name(t);
	x_call(x, ST_ipt_do_table, h, ST_nf_hook_slow);
}

/* One step per hook entry: the verdict of the entry that just ran, then
 * the next one (or okfn once every entry accepted). */
void st_nf_hook_slow(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct nf_skb_state *st = &SKB(w, h)->nf;
	enum nf_hook_id hook = (enum nf_hook_id)st->hook;
	const struct nf_entry *e;
	int i;

	x->s->hook = (uint8_t)hook;
	if (st->entry && CUR(x)->ret == NFV_DROP)
		return hook_drop(x, h);
	if (st->entry && CUR(x)->ret == NFV_STOLEN) {
		x->s->verdict = NFV_STOLEN;
		x_note(x, "NF_STOLEN: the entry kept the packet; the hook's "
		       "caller goes no further", 0, 0, 0, 0);
		return x_end(x);
	}
	i = next_entry(w, hook, st->entry);
	if (i < 0) {
		x->s->verdict = NFV_ACCEPT;
		x_note(x, "every hook entry returned NF_ACCEPT: okfn", 0, 0, 0, 0);
		return x_jump(x, hook_okfn(hook), h);
	}
	st->entry = (uint8_t)(i + 1);
	e = &hook_entries[hook][i];
	switch (e->kind) {
	case NFE_TABLE:
		return call_table(x, h, (enum ipt_table)e->table);
	case NFE_DEFRAG:
		x_note(x, "ipv4_conntrack_defrag (priority -400)", 0, 0, 0, 0);
		return x_call(x, ST_ipv4_conntrack_defrag, h, ST_nf_hook_slow);
	case NFE_CT_IN:
		x_note(x, "%s (priority -200): nf_conntrack_in", 0, 0, 0, 0);
		x->s->note_str = hook == NFH_OUTPUT ? "ipv4_conntrack_local" :
				 "ipv4_conntrack_in";
		return x_call(x, ST_nf_conntrack_in, h, ST_nf_hook_slow);
	case NFE_NAT:
		x_note(x, "the NAT entry (priority %d): nf_nat_ipv4_fn", 
		       hook == NFH_PREROUTING || hook == NFH_OUTPUT ? -100 : 100,
		       0, 0, 0);
		return x_call(x, ST_nf_nat_ipv4_fn, h, ST_nf_hook_slow);
	default:
		x_note(x, "the last entry (priority INT_MAX): nf_confirm", 0, 0,
		       0, 0);
		return x_call(x, ST_nf_confirm, h, ST_nf_hook_slow);
	}
}

/* ---- REJECT ---- */

static const uint8_t reject_code[] = {
	[RJ_NET_UNREACH] = 0, [RJ_HOST_UNREACH] = 1, [RJ_PROT_UNREACH] = 2,
	[RJ_PORT_UNREACH] = 3, [RJ_NET_PROHIB] = 9, [RJ_HOST_PROHIB] = 10,
	[RJ_ADMIN_PROHIB] = 13,
};

/* nf_ip_checksum on a CHECKSUM_NONE skb: the sum over the L4 bytes must
 * fold to 0 -- with the pseudo-header for TCP and UDP only; for any other
 * protocol (ICMP) skb->csum starts at 0, no pseudo-header. */
bool nf_ip_checksum_ok(const struct sk_buff *skb, uint8_t proto)
{
	const uint8_t *iph = skb->buf + skb->network_header;
	uint32_t ihl = (uint32_t)(iph[0] & 0xf) * 4;
	uint32_t len = get_be16(iph + IP_OFF_TOTLEN) - ihl;

	if (skb->network_header + ihl + len > skb->tail)
		return false;
	if (proto != IPPROTO_TCP && proto != IPPROTO_UDP)
		return inet_csum(iph + ihl, len) == 0;
	return l4_csum(get_be32(iph + IP_OFF_SRC), get_be32(iph + IP_OFF_DST),
		       proto, iph + ihl, len) == 0;
}

/* nf_reject_verify_csum: which protocols nf_send_unreach checks first --
 * UDP only when its checksum is not 0 (optional), never the ones with
 * other integrity checks or partial checksums. */
static bool reject_verify_csum(const struct sk_buff *skb, uint8_t proto)
{
	const uint8_t *iph = skb->buf + skb->network_header;
	const uint8_t *uh = iph + (iph[0] & 0xf) * 4;

	switch (proto) {
	case IPPROTO_UDP:
		return uh + 8 > skb->buf + skb->tail || get_be16(uh + 6) != 0;
	case 47: case 51: case 50: case 132: case 136: case 33:
		return false; /* GRE, AH, ESP, SCTP, UDPLITE, DCCP */
	}
	return true;
}

/* REJECT sends nothing: the table's verdict is NF_DROP at once. */
static void reject_done(struct exec *x, const char *why)
{
	SKB(x->w, CUR(x)->skb)->nf.pending_drop = 0;
	x_note(x, why, 0, 0, 0, 0);
	x_return(x, NFV_DROP);
}

/* Shared with tcp_v4_send_reset (tcp_int.h). */
uint32_t rst_build(struct exec *x, const struct sk_buff *old, struct dst *d);
uint32_t rst_build(struct exec *x, const struct sk_buff *old, struct dst *d)
{
	struct world *w = x->w;
	const uint8_t *oiph = old->buf + old->network_header;
	uint32_t ihl = (uint32_t)(oiph[0] & 0xf) * 4;
	const uint8_t *oth = oiph + ihl;
	uint32_t saddr = get_be32(oiph + IP_OFF_DST);
	uint32_t daddr = get_be32(oiph + IP_OFF_SRC);
	uint32_t dlen = get_be16(oiph + IP_OFF_TOTLEN) - ihl -
			(uint32_t)(oth[12] >> 4) * 4;
	uint32_t h;
	struct sk_buff *skb;
	uint8_t *p, *th;

	/* ip_route_me_harder: a foreign source (a RST sent from FORWARD
	 * carries the far host's address) is allowed by FLOWI_FLAG_ANYSRC;
	 * the route is then looked up as for no source */
	if (ip_route_output(w, daddr, inet_addr_type(w, saddr) == RTN_LOCAL ?
			    saddr : 0, d))
		return 0;
	if (!(h = skb_new_kernel(w, old->pkt)))
		return 0;
	skb = SKB(w, h);
	skb_reserve(skb, LL_RESERVED_ETH);
	skb->network_header = skb->data;
	skb_put(skb, IP_HLEN + TCP_HLEN, &p);
	memset(p, 0, IP_HLEN + TCP_HLEN);
	skb->transport_header = (uint16_t)(skb->network_header + IP_HLEN);
	/* nf_reject_iphdr_put: id 0, DF, TTL ip4_dst_hoplimit */
	build_iphdr(p, &(struct ip_spec){ .ihl = 5, .ttl =
		    (uint8_t)w->sysctl[SYS_ip_default_ttl], .proto = IPPROTO_TCP,
		    .id = 0, .frag = IP_DF, .saddr = saddr, .daddr = daddr,
		    .payload_len = TCP_HLEN });
	th = p + IP_HLEN;
	memcpy(th, oth + 2, 2);
	memcpy(th + 2, oth, 2);
	th[12] = (TCP_HLEN / 4) << 4;
	if (oth[13] & TCPHDR_ACK) {
		memcpy(th + 4, oth + 8, 4);
		th[13] = TCPHDR_RST;
	} else {
		put_be32(th + 8, get_be32(oth + 4) + !!(oth[13] & TCPHDR_SYN) +
			 !!(oth[13] & TCPHDR_FIN) + dlen);
		th[13] = TCPHDR_RST | TCPHDR_ACK;
	}
	put_be16(th + 16, l4_csum(saddr, daddr, IPPROTO_TCP, th, TCP_HLEN));
	skb->dst = *d;
	skb->dev = d->dev;
	skb->protocol = 0x0800;
	return h;
}

/* nf_send_reset: an RST for a TCP segment that is not itself an RST,
 * checked, not a later fragment, not to a broadcast. */
static void reject_tcp_reset(struct exec *x, struct sk_buff *skb)
{
	const uint8_t *iph = skb->buf + skb->network_header;
	const uint8_t *th = iph + (iph[0] & 0xf) * 4;
	struct dst d;
	uint32_t r;

	if ((get_be16(iph + IP_OFF_FRAG) & IP_OFFMASK) ||
	    iph[IP_OFF_PROTO] != IPPROTO_TCP || th + TCP_HLEN > skb->buf + skb->tail)
		return reject_done(x, "REJECT tcp-reset: not a whole TCP header: "
				   "no RST; NF_DROP");
	if (th[13] & TCPHDR_RST)
		return reject_done(x, "REJECT tcp-reset: no RST for an RST; NF_DROP");
	if (!nf_ip_checksum_ok(skb, IPPROTO_TCP))
		return reject_done(x, "REJECT tcp-reset: bad TCP checksum: no "
				   "RST; NF_DROP");
	if (skb->dst.valid && (skb->dst.type == RTN_BROADCAST ||
			       skb->dst.type == RTN_MULTICAST))
		return reject_done(x, "REJECT tcp-reset: to a broadcast: no RST; "
				   "NF_DROP");
	if (!(r = rst_build(x, skb, &d)))
		return reject_done(x, "REJECT tcp-reset: no route back: NF_DROP");
	x_note(x, "REJECT tcp-reset: nf_send_reset, RST %I -> %I via "
	       "ip_local_out", get_be32(iph + IP_OFF_DST),
	       get_be32(iph + IP_OFF_SRC), 0, 0);
	x_call(x, ST_ip_send_skb, r, ST_ipt_do_table);
	CUR(x)->arg = 0;
}

/* nf_send_unreach: no error for a later fragment or a packet whose
 * checksum fails (nf_reject_verify_csum says which are checked). */
void nf_reject(struct exec *x, struct sk_buff *skb, const struct ipt_rule *r,
	       uint16_t pos)
{
	const uint8_t *iph = skb->buf + skb->network_header;
	uint8_t proto = iph[IP_OFF_PROTO];

	/* after the error is sent, ipt_do_table runs again and drops */
	skb->nf.pending_drop = 1;
	skb->nf.pending_rule = pos;
	if (r->reject_with == RJ_TCP_RESET)
		return reject_tcp_reset(x, skb);
	if (get_be16(iph + IP_OFF_FRAG) & IP_OFFMASK)
		return reject_done(x, "REJECT: a later fragment: no ICMP; NF_DROP");
	if (skb->ip_summed != CHECKSUM_UNNECESSARY &&
	    skb->origin == ORIGIN_WIRE && reject_verify_csum(skb, proto) &&
	    !nf_ip_checksum_ok(skb, proto))
		return reject_done(x, "REJECT: the checksum does not verify "
				   "(nf_ip_checksum): no ICMP; NF_DROP");
	x_note(x, "rule %u matches: REJECT: nf_send_unreach -> icmp_send "
	       "type 3 code %u", pos, reject_code[r->reject_with], 0, 0);
	icmp_send_call(x, CUR(x)->skb, ICMP_DEST_UNREACH,
		       reject_code[r->reject_with], 0, ST_ipt_do_table);
}

/* ---- LOG and MARK ---- */

static size_t log_ip(char *b, size_t n, const struct sk_buff *skb)
{
	const uint8_t *iph = skb->buf + skb->network_header;
	const uint8_t *l4 = iph + (iph[0] & 0xf) * 4;
	uint32_t have = skb->tail > (uint32_t)(l4 - skb->buf) ?
			skb->tail - (uint32_t)(l4 - skb->buf) : 0;
	uint16_t frag = get_be16(iph + IP_OFF_FRAG);
	char s[16], d[16];
	size_t k;

	k = (size_t)snprintf(b, n, "SRC=%s DST=%s LEN=%u TOS=0x%02X PREC=0x%02X "
			     "TTL=%u ID=%u %s%s", ip_fmt(get_be32(iph + IP_OFF_SRC), s),
			     ip_fmt(get_be32(iph + IP_OFF_DST), d),
			     get_be16(iph + IP_OFF_TOTLEN), iph[1] & 0x1e,
			     iph[1] & 0xe0, iph[IP_OFF_TTL], get_be16(iph + IP_OFF_ID),
			     frag & IP_DF ? "DF " : "", frag & IP_MF ? "MF " : "");
	if (k < n && (frag & IP_OFFMASK))
		k += (size_t)snprintf(b + k, n - k, "FRAG:%u ", frag & IP_OFFMASK);
	if (k >= n)
		return n;
	switch (iph[IP_OFF_PROTO]) {
	case IPPROTO_UDP:
		k += (size_t)snprintf(b + k, n - k, "PROTO=UDP ");
		if (!(frag & IP_OFFMASK) && have >= 8 && k < n)
			k += (size_t)snprintf(b + k, n - k, "SPT=%u DPT=%u LEN=%u ",
					      get_be16(l4), get_be16(l4 + 2),
					      get_be16(l4 + 4));
		break;
	case IPPROTO_TCP:
		k += (size_t)snprintf(b + k, n - k, "PROTO=TCP ");
		if (!(frag & IP_OFFMASK) && have >= TCP_HLEN && k < n) {
			static const char *const fl[] = { "CWR ", "ECE ", "URG ",
				"ACK ", "PSH ", "RST ", "SYN ", "FIN " };

			k += (size_t)snprintf(b + k, n - k, "SPT=%u DPT=%u "
					      "WINDOW=%u RES=0x%02x ", get_be16(l4),
					      get_be16(l4 + 2), get_be16(l4 + 14),
					      (l4[12] & 0x0f) << 2);
			for (int i = 0; i < 8 && k < n; i++)
				if (l4[13] & (0x80 >> i))
					k += (size_t)snprintf(b + k, n - k, "%s", fl[i]);
			if (k < n)
				k += (size_t)snprintf(b + k, n - k, "URGP=%u ",
						      get_be16(l4 + 18));
		}
		break;
	case IPPROTO_ICMP:
		k += (size_t)snprintf(b + k, n - k, "PROTO=ICMP ");
		if (!(frag & IP_OFFMASK) && have >= 4 && k < n) {
			k += (size_t)snprintf(b + k, n - k, "TYPE=%u CODE=%u ",
					      l4[0], l4[1]);
			if ((l4[0] == 0 || l4[0] == 8) && have >= 8 && k < n)
				k += (size_t)snprintf(b + k, n - k, "ID=%u SEQ=%u ",
						      get_be16(l4 + 4),
						      get_be16(l4 + 6));
		}
		break;
	default:
		k += (size_t)snprintf(b + k, n - k, "PROTO=%u ", iph[IP_OFF_PROTO]);
	}
	if (k < n && skb->mark)
		k += (size_t)snprintf(b + k, n - k, "MARK=0x%x ", skb->mark);
	return k < n ? k : n;
}

/* nf_log_ip_packet's line: prefix, IN= OUT=, MAC= for received packets,
 * then dump_ipv4_packet. */
static void log_line(const struct world *w, const struct sk_buff *skb,
		     const struct ipt_rule *r, char *b, size_t n)
{
	int hook = skb->nf.hook;
	bool in = hook == NFH_PREROUTING || hook == NFH_INPUT ||
		  hook == NFH_FORWARD;
	bool out = hook == NFH_FORWARD || hook == NFH_OUTPUT ||
		   hook == NFH_POSTROUTING;
	size_t k = (size_t)snprintf(b, n, "%sIN=%s OUT=%s ", r->log_prefix,
				    in ? w->dev[skb->skb_iif ? skb->skb_iif :
						skb->dev].name : "",
				    out ? w->dev[skb->dst.dev].name : "");

	if (in && k < n) {
		k += (size_t)snprintf(b + k, n - k, "MAC=");
		if (skb->mac_header != SKB_NO_HDR &&
		    skb->mac_header != skb->network_header)
			for (int i = 0; i < 14 && k < n; i++)
				k += (size_t)snprintf(b + k, n - k, i ? ":%02x" :
						      "%02x",
						      skb->buf[skb->mac_header + i]);
		if (k < n)
			k += (size_t)snprintf(b + k, n - k, " ");
	}
	if (k < n)
		log_ip(b + k, n - k, skb);
}

/* xt_connmark's connmark_tg_shift: the mark kept on the connection */
static void connmark(struct exec *x, struct sk_buff *skb,
		     const struct ipt_rule *r, uint16_t pos)
{
	struct nf_conn *ct = nf_ct_get(x->w, skb, NULL);

	if (!ct) {
		x_note(x, "rule %u matches: CONNMARK: no conntrack, nothing to "
		       "do", pos, 0, 0, 0);
		return;
	}
	switch (r->cm_mode) {
	case CONNMARK_SET:
		ct->mark = (ct->mark & ~r->cm_mask) ^ r->cm_mark;
		break;
	case CONNMARK_SAVE:
		ct->mark = (ct->mark & ~r->cm_mask) ^ (skb->mark & r->cm_mask);
		break;
	default:
		skb->mark = (skb->mark & ~r->cm_mask) ^ (ct->mark & r->cm_mask);
	}
	x_note(x, "rule %u matches: CONNMARK: ct mark 0x%x, skb mark 0x%x; "
	       "the walk goes on", pos, ct->mark, skb->mark, 0);
}

void nf_target_continue(struct exec *x, struct sk_buff *skb,
			const struct ipt_rule *r, uint16_t pos)
{
	char line[NF_LOG_LEN];

	switch (r->target) {
	case TG_LOG:
		log_line(x->w, skb, r, line, sizeof(line));
		nf_log_add(x->w, line);
		x_note(x, "rule %u matches: LOG writes a kernel log line (dmesg); "
		       "the walk goes on", pos, 0, 0, 0);
		break;
	case TG_MARK:
		skb->mark = (skb->mark & ~r->tg_mask) ^ r->tg_mark;
		x_note(x, "rule %u matches: MARK: skb->mark = 0x%x; the walk goes "
		       "on", pos, skb->mark, 0, 0);
		break;
	case TG_NOTRACK:
		memset(&skb->ct, 0, sizeof(skb->ct));
		skb->ct.untracked = true;
		x_note(x, "rule %u matches: CT --notrack: the skb is UNTRACKED, "
		       "conntrack will skip it; the walk goes on", pos, 0, 0, 0);
		break;
	case TG_CONNMARK:
		connmark(x, skb, r, pos);
		break;
	case TG_TRACE:
		x_note(x, "rule %u matches: TRACE marks the packet (nftrace): "
		       "xtables-monitor --trace would print each rule it meets, "
		       "as these steps do; the walk goes on", pos, 0, 0, 0);
		break;
	default:
		x_note(x, "rule %u matches: no target: count it and go on", pos,
		       0, 0, 0);
	}
}
