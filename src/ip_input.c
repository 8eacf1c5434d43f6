/*
 * ip_input.c: IPv4 receive (net/ipv4/ip_input.c, Linux 6.x): ip_rcv and its
 * header checks, the PREROUTING and LOCAL_IN hook points, the route decision
 * and local delivery to the protocol handlers.
 */
#include "ip_fragment.h"
#include "net.h"
#include "proto/ether.h"
#include "pkt.h"
#include "proto/ip.h"

void st_ip_rcv(struct exec *x)
{
	x_note(x, "IPv4 entry point (ptype handler)", 0, 0, 0, 0);
	x_call(x, ST_ip_rcv_core, CUR(x)->skb, STAGE_NONE);
}

static void inhdr_error(struct exec *x, uint32_t h, enum drop_reason r)
{
	snmp_inc(x->w, x->s, CTR_IpInHdrErrors, 1);
	x_drop(x, h, r);
	x_end(x);
}

/* ip_rcv_core: checks the header before any hook; a short header or bad
 * checksum drops here (IP_INHDR, IP_CSUM), so PREROUTING never sees it. */
void st_ip_rcv_core(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	struct pkt_reader r;
	uint8_t vihl, tos, ihl;
	uint16_t tot_len;

	if (skb->pkt_type == PACKET_OTHERHOST) {
		dev_stat_inc(w, x->s, skb->dev, DEVC_rx_otherhost_dropped, 1);
		x_note(x, "frame for another host (promiscuous): drop before "
		       "any IP counter", 0, 0, 0, 0);
		x_drop(x, h, DROP_OTHERHOST);
		return x_end(x);
	}
	snmp_inc(w, x->s, CTR_IpInReceives, 1);
	snmp_inc(w, x->s, CTR_IpExtInOctets, skb->len);
	pkt_reader_init(&r, skb_data(skb), skb->len);
	vihl = pkt_u8(&r);
	tos = pkt_u8(&r);
	tot_len = pkt_be16(&r);
	pkt_skip(&r, IP_HLEN - 4);
	if (r.short_read) {
		x_note(x, "%u bytes: shorter than an IPv4 header", skb->len,
		       0, 0, 0);
		return inhdr_error(x, h, DROP_IP_INHDR);
	}
	ihl = vihl & 0xf;
	if (ihl < 5 || vihl >> 4 != 4) {
		x_note(x, "version %u, ihl %u: not a valid IPv4 header",
		       vihl >> 4, ihl, 0, 0);
		return inhdr_error(x, h, DROP_IP_INHDR);
	}
	snmp_inc(w, x->s, (enum snmp_counter)(CTR_IpExtInNoECTPkts +
					      (tos & INET_ECN_MASK)), 1);
	if (skb->len < (uint32_t)ihl * 4) {
		x_note(x, "ihl %u needs %u bytes, have %u", ihl, ihl * 4,
		       skb->len, 0);
		return inhdr_error(x, h, DROP_IP_INHDR);
	}
	if (inet_csum(skb_data(skb), (size_t)ihl * 4)) {
		snmp_inc(w, x->s, CTR_IpExtInCsumErrors, 1);
		x_note(x, "header checksum wrong: InCsumErrors and InHdrErrors",
		       0, 0, 0, 0);
		return inhdr_error(x, h, DROP_IP_CSUM);
	}
	if (skb->len < tot_len) {
		snmp_inc(w, x->s, CTR_IpExtInTruncatedPkts, 1);
		x_note(x, "tot_len %u > %u bytes received: truncated", tot_len,
		       skb->len, 0, 0);
		x_drop(x, h, DROP_PKT_TOO_SMALL);
		return x_end(x);
	}
	if (tot_len < ihl * 4) {
		x_note(x, "tot_len %u < header length %u", tot_len, ihl * 4, 0, 0);
		return inhdr_error(x, h, DROP_IP_INHDR);
	}
	skb_trim(skb, tot_len);
	skb->transport_header = (uint16_t)(skb->network_header + ihl * 4);
	skb_orphan(w, skb);
	x_note(x, "header good (ihl %u, tot_len %u, checksum ok); "
	       "transport_header set", ihl, tot_len, 0, 0);
	x_jump(x, ST_nf_hook_pre, h);
}

void st_nf_hook_pre(struct exec *x)
{
	nf_hook(x, NFH_PREROUTING, ST_ip_rcv_finish,
		"NF_INET_PRE_ROUTING: no hooks registered, ACCEPT");
}

void st_ip_rcv_finish(struct exec *x)
{
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(x->w, h);

	if (skb->dst.valid) {
		x_note(x, "the skb already has a dst (looped back): no route "
		       "lookup; dst_input = ip_local_deliver", 0, 0, 0, 0);
		x_route(x, &skb->dst);
		return x_call(x, ST_ip_local_deliver, h, STAGE_NONE);
	}
	x_note(x, "no dst yet: ip_rcv_finish_core looks up the input route",
	       0, 0, 0, 0);
	x_call(x, ST_ip_route_input, h, STAGE_NONE);
}

/* After ip_defrag returns: the skb goes on only if it is now the whole
 * datagram (still this packet, no longer held in a reassembly queue). */
static void ip_local_deliver_defragged(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;

	if (!ip_defrag_gave_whole(x)) {
		x_note(x, "ip_defrag kept or freed the fragment: nothing more to "
		       "do here", 0, 0, 0, 0);
		return x_end(x);
	}
	x_note(x, "ip_defrag returned the reassembled datagram (%u bytes)",
	       SKB(w, h)->len, 0, 0, 0);
	CUR(x)->arg2 = 0;
	x_jump(x, ST_nf_hook_in, h);
}

void st_ip_local_deliver(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb;
	uint16_t frag;

	if (CUR(x)->arg2)
		return ip_local_deliver_defragged(x);
	skb = SKB(w, h);
	frag = get_be16(skb->buf + skb->network_header + IP_OFF_FRAG);
	if (frag & (IP_MF | IP_OFFMASK)) {
		CUR(x)->arg2 = 1;
		x_note(x, "a fragment (id %u, offset %u, MF %u): ip_defrag",
		       get_be16(skb->buf + skb->network_header + IP_OFF_ID),
		       (frag & IP_OFFMASK) * 8, !!(frag & IP_MF), 0);
		x_call(x, ST_ip_defrag, h, ST_ip_local_deliver);
		CUR(x)->arg = IP_DEFRAG_LOCAL_DELIVER;
		return;
	}
	x_note(x, "not a fragment", 0, 0, 0, 0);
	x_jump(x, ST_nf_hook_in, h);
}

void st_nf_hook_in(struct exec *x)
{
	nf_hook(x, NFH_INPUT, ST_ip_local_deliver_finish,
		"NF_INET_LOCAL_IN: no hooks registered, ACCEPT");
}

void st_ip_local_deliver_finish(struct exec *x)
{
	struct sk_buff *skb = SKB(x->w, CUR(x)->skb);

	skb_pull(skb, (uint16_t)(skb->transport_header - skb->data));
	x_note(x, "pull the IP header: data now points at the L4 header",
	       0, 0, 0, 0);
	x_jump(x, ST_ip_protocol_deliver_rcu, CUR(x)->skb);
}

/* InDelivers counts once the handler returns, whatever it then did. */
void st_ip_protocol_deliver_rcu(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb;
	uint8_t proto;

	switch (CUR(x)->arg2) {
	case 1:
		snmp_inc(w, x->s, CTR_IpInDelivers, 1);
		x_note(x, "the handler returned: InDelivers", 0, 0, 0, 0);
		return x_end(x);
	case 2:
		x_note(x, "no handler for this protocol: drop", 0, 0, 0, 0);
		x_drop(x, h, DROP_IP_NOPROTO);
		return x_end(x);
	}
	skb = SKB(w, h);
	proto = skb->buf[skb->network_header + IP_OFF_PROTO];
	switch (proto) {
	case IPPROTO_UDP:
		CUR(x)->arg2 = 1;
		x_note(x, "protocol 17: udp_rcv", 0, 0, 0, 0);
		return x_call(x, ST_udp_rcv, h, ST_ip_protocol_deliver_rcu);
	case IPPROTO_ICMP:
		CUR(x)->arg2 = 1;
		x_note(x, "protocol 1: icmp_rcv", 0, 0, 0, 0);
		return x_call(x, ST_icmp_rcv, h, ST_ip_protocol_deliver_rcu);
	case IPPROTO_TCP:
		CUR(x)->arg2 = 1;
		x_note(x, "protocol 6: tcp_v4_rcv", 0, 0, 0, 0);
		return x_call(x, ST_tcp_v4_rcv, h, ST_ip_protocol_deliver_rcu);
	default:
		CUR(x)->arg2 = 2;
		snmp_inc(w, x->s, CTR_IpInUnknownProtos, 1);
		x_note(x, "protocol %u: no handler and no raw socket: "
		       "InUnknownProtos, ICMP protocol unreachable", proto,
		       0, 0, 0);
		return icmp_send_call(x, h, 3, 2, 0, ST_ip_protocol_deliver_rcu);
	}
}
