/*
 * ip_forward.c: forwarding (net/ipv4/ip_forward.c, Linux 6.6+): TTL,
 * IpForwDatagrams counted before the FORWARD hook and before the MTU check,
 * the TTL decrement with an incremental checksum, a redirect when the
 * packet leaves by the device it came in on, then ip_output.
 */
#include "net.h"
#include "proto/ether.h"
#include "pkt.h"
#include "proto/icmp.h"
#include "proto/ip.h"

/* arg2 of ip_forward's frame once its redirect is sent: go on forwarding */
#define FWD_REDIRECTED 0xffffu

/* route.c's ip_rt_redirect_load (HZ/50), _number and _silence */
#define REDIRECT_LOAD_NS 20000000ull
#define REDIRECT_NUMBER 9
#define REDIRECT_SILENCE_NS (REDIRECT_LOAD_NS << (REDIRECT_NUMBER + 1))

/* ip_rt_send_redirect(): per sender, the first at once, then each after
 * twice the wait of the one before; after 9 ignored ones, silence until
 * the sender stops for ip_rt_redirect_silence. */
static bool redirect_allowed(struct world *w, uint32_t saddr)
{
	uint32_t p = inet_getpeer(w, saddr);
	struct inet_peer *peer;

	if (!p)
		return true;
	peer = &w->peer[p - 1];
	if (w->now > peer->rate_last + REDIRECT_SILENCE_NS) {
		peer->rate_tokens = 0;
		peer->n_redirects = 0;
	}
	if (peer->n_redirects >= REDIRECT_NUMBER) {
		peer->rate_last = w->now;
		return false;
	}
	if (peer->n_redirects && w->now <= peer->rate_last +
	    (REDIRECT_LOAD_NS << peer->n_redirects))
		return false;
	peer->rate_last = w->now;
	peer->n_redirects++;
	return true;
}

/* ip_exceeds_mtu: only a DF datagram is too big to forward; one that
 * conntrack reassembled may be cut again (ignore_df) unless a fragment that
 * arrived was itself bigger than this MTU. */
static bool ip_exceeds_mtu(const struct sk_buff *skb, uint16_t frag,
			   uint32_t mtu)
{
	if (skb->len <= mtu || !(frag & IP_DF))
		return false;
	if (skb->frag_max_size > mtu)
		return true;
	return !skb->ignore_df;
}

void st_ip_forward(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	uint8_t *iph = skb->buf + skb->network_header;
	uint16_t frag = get_be16(iph + IP_OFF_FRAG);

	if (CUR(x)->arg2 == FWD_REDIRECTED)
		return x_jump(x, ST_nf_hook_fwd, h);
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
	if (ip_exceeds_mtu(skb, frag, w->dev[skb->dst.dev].mtu)) {
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
	if (skb->dst.redirect &&
	    redirect_allowed(w, get_be32(iph + IP_OFF_SRC))) {
		uint32_t gw = skb->dst.gw ? skb->dst.gw :
			get_be32(iph + IP_OFF_DST);

		CUR(x)->arg2 = FWD_REDIRECTED;
		x_note(x, "TTL %u -> %u; ForwDatagrams; it leaves by the device "
		       "it came in on: ICMP redirect to %I (use %I)",
		       iph[IP_OFF_TTL] + 1, iph[IP_OFF_TTL],
		       get_be32(iph + IP_OFF_SRC), gw);
		return icmp_send_call(x, h, ICMP_REDIRECT, 1, gw,
				      ST_ip_forward);
	}
	x_note(x, "TTL %u -> %u; ForwDatagrams", iph[IP_OFF_TTL] + 1,
	       iph[IP_OFF_TTL], 0, 0);
	x_jump(x, ST_nf_hook_fwd, h);
}

void st_nf_hook_fwd(struct exec *x)
{
	nf_hook(x, NFH_FORWARD, ST_ip_forward_finish,
		"NF_INET_FORWARD: no hooks registered, ACCEPT");
}

void st_ip_forward_finish(struct exec *x)
{
	struct sk_buff *skb = SKB(x->w, CUR(x)->skb);

	skb->dev = skb->dst.dev;
	x_note(x, "out through dst_output (no LOCAL_OUT, no OutRequests)",
	       0, 0, 0, 0);
	x_jump(x, ST_ip_output, CUR(x)->skb);
}
