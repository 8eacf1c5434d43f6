/*
 * ip_forward.c: forwarding (net/ipv4/ip_forward.c, Linux 6.6+): TTL,
 * IpForwDatagrams counted before the FORWARD hook and before the MTU check,
 * the TTL decrement with an incremental checksum, then ip_output.
 */
#include "net.h"
#include "proto/ether.h"
#include "pkt.h"
#include "proto/ip.h"

void st_ip_forward(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	uint8_t *iph = skb->buf + skb->network_header;
	uint16_t frag = get_be16(iph + IP_OFF_FRAG);

	if (CUR(x)->arg2) {
		x_drop(x, h, (enum drop_reason)CUR(x)->arg2);
		return x_end(x);
	}
	if (skb->pkt_type != PACKET_HOST) {
		x_note(x, "not addressed to our MAC: never forwarded", 0, 0, 0, 0);
		x_drop(x, h, DROP_NOT_SPECIFIED);
		return x_end(x);
	}
	if (iph[IP_OFF_TTL] <= 1) {
		snmp_inc(w, x->s, CTR_IpInHdrErrors, 1);
		CUR(x)->arg2 = DROP_IP_INHDR;
		x_note(x, "TTL %u: ICMP time exceeded", iph[IP_OFF_TTL], 0, 0, 0);
		return icmp_send_call(x, h, 11, 0, 0, ST_ip_forward);
	}
	snmp_inc(w, x->s, CTR_IpForwDatagrams, 1);
	if (skb->len > w->dev[skb->dst.dev].mtu && (frag & IP_DF)) {
		snmp_inc(w, x->s, CTR_IpFragFails, 1);
		CUR(x)->arg2 = DROP_PKT_TOO_BIG;
		x_note(x, "%u bytes > MTU %u with DF: frag needed", skb->len,
		       w->dev[skb->dst.dev].mtu, 0, 0);
		return icmp_send_call(x, h, 3, 4, w->dev[skb->dst.dev].mtu,
				      ST_ip_forward);
	}
	/* ip_decrease_ttl: RFC 1624 incremental update */
	uint32_t c = get_be16(iph + IP_OFF_CSUM) + 0x0100;

	put_be16(iph + IP_OFF_CSUM, (uint16_t)(c + (c >= 0xffff)));
	iph[IP_OFF_TTL]--;
	skb->forwarded = 1;
	x_note(x, "TTL %u -> %u; ForwDatagrams", iph[IP_OFF_TTL] + 1,
	       iph[IP_OFF_TTL], 0, 0);
	x_jump(x, ST_nf_hook_fwd, h);
}

void st_nf_hook_fwd(struct exec *x)
{
	x_hook(x, NFH_FORWARD);
	x_note(x, "NF_INET_FORWARD: no hooks registered, ACCEPT", 0, 0, 0, 0);
	x_jump(x, ST_ip_forward_finish, CUR(x)->skb);
}

void st_ip_forward_finish(struct exec *x)
{
	struct sk_buff *skb = SKB(x->w, CUR(x)->skb);

	skb->dev = skb->dst.dev;
	x_note(x, "out through dst_output (no LOCAL_OUT, no OutRequests)",
	       0, 0, 0, 0);
	x_jump(x, ST_ip_output, CUR(x)->skb);
}
