/*
 * arp.c: ARP for IPv4 (net/ipv4/arp.c, Linux 6.x; RFC 826).
 * arp_rcv checks the frame, arp_process answers requests for any local
 * address (the weak host model; arp_ignore 0) and learns the sender of a
 * request for one of our addresses (STALE); a reply updates an entry we
 * already have (an unsolicited one is ignored: arp_accept 0).
 */
#include <string.h>

#include "net.h"
#include "pkt.h"
#include "proto/arp.h"
#include "proto/ether.h"
#include "proto/ip.h"

static uint32_t arp_create(struct world *w, int dev, uint16_t op,
			   const uint8_t eth_dst[6], uint32_t sip,
			   const uint8_t tha[6], uint32_t tip, uint32_t cause)
{
	uint32_t h = skb_new_kernel(w, cause);
	struct sk_buff *skb;
	uint8_t *p;

	if (!h)
		return 0;
	skb = SKB(w, h);
	skb->dev = (uint8_t)dev;
	skb->protocol = ETH_P_ARP;
	skb_reserve(skb, LL_RESERVED_ETH);
	skb->network_header = skb->data;
	skb_put(skb, ARP_HLEN, &p);
	put_be16(p + ARP_OFF_HRD, ARPHRD_ETHER);
	put_be16(p + ARP_OFF_PRO, ETH_P_IP);
	p[ARP_OFF_HLN] = ETH_ALEN;
	p[ARP_OFF_PLN] = 4;
	put_be16(p + ARP_OFF_OP, op);
	memcpy(p + ARP_OFF_SHA, w->dev[dev].mac, ETH_ALEN);
	put_be32(p + ARP_OFF_SIP, sip);
	memcpy(p + ARP_OFF_THA, tha, ETH_ALEN);
	put_be32(p + ARP_OFF_TIP, tip);
	eth_header_push(w, skb, eth_dst);
	return h;
}

/* arp_solicit(): the sender address an ARP request announces, from the
 * packet waiting for it; 0 leaves the choice to inet_select_addr.
 * arp_announce 0: any local address; 1: only one on a subnet of dev that
 * the target shares; 2: never the packet's. */
static uint32_t arp_announce_source(const struct world *w, int dev,
				    uint32_t target, uint32_t saddr)
{
	switch (conf_get(w, dev, CONF_arp_announce)) {
	case 0:
		return inet_addr_type(w, saddr) == RTN_LOCAL ? saddr : 0;
	case 1:
		return inet_addr_type(w, saddr) == RTN_LOCAL &&
		       inet_addr_onlink(w, dev, target, saddr) ? saddr : 0;
	default:
		return 0;
	}
}

void st_arp_solicit(struct exec *x)
{
	struct world *w = x->w;
	uint32_t n = CUR(x)->arg;
	struct neighbour *ne = &w->neigh[n - 1];
	uint32_t q = CUR(x)->arg2;
	uint32_t sip = 0, cause = 0, h;
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t zero[6];

	if (q && pool_is_used(&w->skb_pool, w->skb_next, q)) {
		struct sk_buff *skb = SKB(w, q);

		cause = skb->pkt;
		sip = arp_announce_source(w, ne->dev, ne->key, get_be32(
			skb->buf + skb->network_header + IP_OFF_SRC));
	}
	if (!sip)
		sip = inet_select_addr(w, ne->dev, ne->key, RT_SCOPE_LINK);
	h = arp_create(w, ne->dev, ARPOP_REQUEST, bcast, sip, zero, ne->key,
		       cause);
	ne->probes++;
	if (!h) {
		x_note(x, "no memory for the ARP request", 0, 0, 0, 0);
		return x_end(x);
	}
	x_view(x, h, false);
	x_note(x, "broadcast ARP request: who-has %I tell %I (probe %u)",
	       ne->key, sip, ne->probes, 0);
	x_jump(x, ST_arp_send, h);
}

void st_arp_send(struct exec *x)
{
	x_note(x, "arp_xmit: NF_ARP_OUT (no rules), dev_queue_xmit", 0, 0, 0, 0);
	x_jump(x, ST_dev_queue_xmit, CUR(x)->skb);
}

/* inetdev_event(NETDEV_UP) with arp_notify: one broadcast request per
 * address of the device, secondaries included, in list order; arg2 counts
 * the addresses already announced. */
void st_inetdev_send_gratuitous_arp(struct exec *x)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t zero[6];
	struct world *w = x->w;
	int dev = (int)CUR(x)->arg;
	uint32_t i = CUR(x)->arg2, a = w->dev[dev].ifa_list, h;

	for (uint32_t k = 0; a && k < i; k++)
		a = w->ifa[a - 1].next;
	if (!a || !dev_is_up(w, dev)) {
		x_note(x, "%u gratuitous ARP requests sent on %s", i, 0, 0, 0);
		x->s->note_str = w->dev[dev].name;
		return x_end(x);
	}
	h = arp_create(w, dev, ARPOP_REQUEST, bcast, w->ifa[a - 1].local, zero,
		       w->ifa[a - 1].local, 0);
	if (!h) {
		x_note(x, "no memory for the ARP request", 0, 0, 0, 0);
		return x_end(x);
	}
	x_view(x, h, false);
	x_note(x, "arp_notify: gratuitous ARP request who-has %I tell %I",
	       w->ifa[a - 1].local, w->ifa[a - 1].local, 0, 0);
	CUR(x)->arg2 = i + 1;
	x_call(x, ST_arp_send, h, ST_inetdev_send_gratuitous_arp);
}

void st_arp_rcv(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	struct pkt_reader r;

	if (skb->pkt_type == PACKET_OTHERHOST ||
	    skb->pkt_type == PACKET_LOOPBACK) {
		x_note(x, "not for this host: consumed silently", 0, 0, 0, 0);
		x_consume(x, h);
		return x_end(x);
	}
	pkt_reader_init(&r, skb_data(skb), skb->len);
	pkt_skip(&r, ARP_OFF_HLN);
	uint8_t hln = pkt_u8(&r), pln = pkt_u8(&r);

	if (skb->len < ARP_HLEN) {
		x_note(x, "%u bytes: shorter than an ARP packet", skb->len,
		       0, 0, 0);
		x_drop(x, h, DROP_PKT_TOO_SMALL);
		return x_end(x);
	}
	if (hln != ETH_ALEN || pln != 4) {
		x_note(x, "address lengths %u/%u are not Ethernet/IPv4", hln, pln,
		       0, 0);
		x_drop(x, h, DROP_NOT_SPECIFIED);
		return x_end(x);
	}
	x_note(x, "a well-formed ARP packet; NF_ARP_IN (no rules)", 0, 0, 0, 0);
	x_jump(x, ST_arp_process, h);
}

/* neigh_event_ns: the requester's address, learnt as STALE.  True when
 * the entry was waiting for it (INCOMPLETE) and its queue must go out. */
static bool arp_learn_from_request(struct world *w, uint32_t n,
				   const uint8_t *sha)
{
	struct neighbour *ne = &w->neigh[n - 1];
	bool was_valid = ne->nud & NUD_VALID;

	if (ne->nud & (NUD_PERMANENT | NUD_NOARP))
		return false;
	memcpy(ne->mac, sha, ETH_ALEN);
	if (ne->nud != NUD_REACHABLE)
		ne->nud = NUD_STALE;
	ne->updated = w->now;
	if (was_valid)
		return false;
	ne->timer_at = 0;
	return ne->arp_queue.qlen > 0;
}

/* ip_route_input_noref(tip, sip, dev) says RTN_LOCAL: the weak host
 * model answers for any of our addresses, if the sender passes the
 * input route's martian and rp_filter checks. */
static bool arp_request_is_ours(const struct world *w, int dev, uint32_t sip,
				uint32_t tip)
{
	struct flowi4 fl = { .daddr = tip, .saddr = sip, .iif = dev };
	enum drop_reason reason;
	struct dst d;

	ip_route_input_flow(w, &fl, &d, &reason);
	return d.valid && d.type == RTN_LOCAL;
}

/* confirm_addr_indev() as arp_ignore asks it: tip is an address of dev
 * and, when sip is given, a subnet of dev holds both. */
static bool arp_addr_on_dev(const struct world *w, int dev, uint32_t sip,
			    uint32_t tip)
{
	bool has = false, same = false;

	for (uint32_t h = w->dev[dev].ifa_list; h; h = w->ifa[h - 1].next) {
		const struct in_ifaddr *i = &w->ifa[h - 1];

		has |= i->local == tip;
		same |= !((tip ^ i->local) & i->mask) &&
			(!sip || !((sip ^ i->local) & i->mask));
	}
	return has && same;
}

/* arp_ignore() then arp_filter(): why a request for one of our addresses
 * gets no reply, or NULL. */
static const char *arp_refusal(struct exec *x, int dev, uint32_t sip,
			       uint32_t tip)
{
	struct world *w = x->w;
	int ign = conf_get(w, dev, CONF_arp_ignore);
	struct dst d;

	if (ign == 1 && !arp_addr_on_dev(w, dev, 0, tip))
		return "arp_ignore 1: it is not an address of this device";
	if (ign == 2 && !arp_addr_on_dev(w, dev, sip, tip))
		return "arp_ignore 2: not an address of this device in the "
		       "sender's subnet";
	if (ign == 8)
		return "arp_ignore 8: never reply";
	if (!conf_get(w, dev, CONF_arp_filter))
		return NULL;
	if (ip_route_output(w, sip, tip, &d))
		return "arp_filter: no route back to the sender";
	if (d.dev != dev) {
		snmp_inc(w, x->s, CTR_TcpExtArpFilter, 1);
		return "arp_filter: the route back leaves by another device "
		       "(ArpFilter)";
	}
	return NULL;
}

void st_arp_process(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	const uint8_t *p = skb_data(skb);
	int dev = skb->dev;
	uint16_t op = get_be16(p + ARP_OFF_OP);
	uint32_t sip = get_be32(p + ARP_OFF_SIP), tip = get_be32(p + ARP_OFF_TIP);
	const uint8_t *sha = p + ARP_OFF_SHA;
	uint32_t n, reply;
	int state;

	if (get_be16(p + ARP_OFF_HRD) != ARPHRD_ETHER ||
	    get_be16(p + ARP_OFF_PRO) != ETH_P_IP ||
	    (op != ARPOP_REQUEST && op != ARPOP_REPLY) ||
	    ipv4_is_multicast(tip) || ipv4_is_loopback(tip)) {
		x_note(x, "not an Ethernet/IPv4 request or reply we handle",
		       0, 0, 0, 0);
		x_drop(x, h, DROP_NOT_SPECIFIED);
		return x_end(x);
	}
	n = neigh_lookup(w, dev, sip);
	if (op == ARPOP_REQUEST && sip && arp_request_is_ours(w, dev, sip, tip)) {
		const char *why = arp_refusal(x, dev, sip, tip);

		if (why) {
			x_note(x, "who-has %I (ours), but %s: no reply", tip,
			       0, 0, 0);
			x->s->note_str = why;
			x_consume(x, h);
			return x_end(x);
		}
		if (!n)
			n = neigh_create(w, dev, sip);
		bool flush = n && arp_learn_from_request(w, n, sha);

		reply = arp_create(w, dev, ARPOP_REPLY, sha, tip, sha, sip,
				   skb->pkt);
		if (flush) {
			/* neigh_event_ns -> neigh_update sends what waited on
			 * the entry before arp_send_dst answers */
			x_note(x, "who-has %I (ours): %I was INCOMPLETE, now "
			       "STALE: send its queue, then reply", tip, sip,
			       0, 0);
			x_jump(x, ST_neigh_update, h);
			CUR(x)->arg = n;
			CUR(x)->arg2 = reply;
			return;
		}
		if (!reply) {
			x_consume(x, h);
			return x_end(x);
		}
		x_note(x, "who-has %I (ours): learn %I (STALE) and reply", tip,
		       sip, 0, 0);
		return x_call(x, ST_arp_send, reply, ST_consume_skb);
	}
	if (!n || (w->neigh[n - 1].nud & (NUD_PERMANENT | NUD_NOARP))) {
		x_note(x, op == ARPOP_REPLY ?
		       "reply from %I: no entry waits for it (arp_accept 0): "
		       "ignored" : "request for %I, not one of our addresses: "
		       "ignored", op == ARPOP_REPLY ? sip : tip, 0, 0, 0);
		x_consume(x, h);
		return x_end(x);
	}
	state = op == ARPOP_REPLY && skb->pkt_type == PACKET_HOST ?
		NUD_REACHABLE : NUD_STALE;
	memcpy(w->neigh[n - 1].mac, sha, ETH_ALEN);
	w->neigh[n - 1].nud = (uint8_t)state;
	w->neigh[n - 1].updated = w->now;
	w->neigh[n - 1].timer_at = 0;
	x_note(x, "%I is-at the sender's address: entry updated", sip, 0, 0, 0);
	x_jump(x, ST_neigh_update, h);
	CUR(x)->arg = n;
}
