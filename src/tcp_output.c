/*
 * tcp_output.c: segments TCP itself sends (net/ipv4/tcp_output.c,
 * tcp_ipv4.c tcp_v4_send_synack, ip_output.c __ip_queue_xmit; Linux 6.x):
 * the SYN-ACK of a request sock, the ACK of a connection, the SYN of
 * connect().  Each leaves through ip_local_out (LOCAL_OUT, POSTROUTING,
 * the neighbour, the qdisc), like every locally made packet.
 *
 * What the kernel writes, for the option-less peers netstep's PACKET
 * grammar makes: SYN-ACK with MSS only (tcp_synack_options: no window
 * scale, SACK or timestamps unless the SYN offered them), window
 * min(rcv_wnd, 65535) = 64240 (tcp_select_initial_window rounds 65535
 * down to a multiple of the MSS 1460), IP id 0 and DF
 * (ip_build_and_ship_pkt); the SYN of connect() with MSS, SACK_PERM,
 * timestamps and window scale 10 (tcp_rmem[2] of the 6.18 test host),
 * TSval 0 here (the oracle masks it).
 */
#include <string.h>

#include "net.h"
#include "pkt.h"
#include "proto/ip.h"
#include "tcp.h"
#include "tcp_int.h"

#define TCP_ADVMSS 1460          /* dst_metric_advmss: MTU 1500 - 40 */
#define TCPOLEN_SYN 20           /* MSS, SACK_PERM + TS, NOP + WS */

uint32_t tcp_sock_new(struct world *w)
{
	uint32_t h = pool_alloc(&w->sock_pool, w->sock_next);

	if (h)
		memset(&w->sock[h - 1], 0, sizeof(w->sock[0]));
	return h;
}

/* The options block; returns its length (a multiple of 4). */
static uint32_t tcp_options(uint8_t *o, uint8_t flags, bool mss_opt)
{
	if (!mss_opt)
		return 0;
	o[0] = 2;
	o[1] = 4;
	put_be16(o + 2, TCP_ADVMSS);
	if (flags & TCPHDR_ACK)
		return 4;
	/* tcp_syn_options: SACK_PERM shares a word with the timestamp */
	static const uint8_t rest[] = { 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0,
					1, 3, 3, 10 };
	memcpy(o + 4, rest, sizeof(rest));
	return TCPOLEN_SYN;
}

static uint32_t tcp_seg_skb(struct world *w, uint32_t cause, uint32_t pkt)
{
	uint32_t h;

	if (cause)
		return skb_new_kernel(w, cause);
	if (!(h = skb_alloc(w)))
		return 0;
	SKB(w, h)->pkt = pkt ? pkt : ++w->next_pkt;
	SKB(w, h)->origin = ORIGIN_SOCKET;
	return h;
}

/* tcp_select_window: the window never shrinks, so while
 * __tcp_select_window offers no more, what is advertised is what is left
 * of the window given at the handshake (rcv_wup + rcv_wnd - rcv_nxt; the
 * model never moves rcv_wup past the peer's ISN + 1). */
uint16_t tcp_select_window(const struct sock *sk, bool syn)
{
	uint32_t used, win;

	/* a timewait sock keeps the window of its last full-sock moment
	 * (tcptw->tw_rcv_wnd, taken by tcp_time_wait) */
	if (sk->state == TCP_TIME_WAIT)
		return (uint16_t)(sk->rcv_wnd < 65535 ? sk->rcv_wnd : 65535);
	used = syn ? 0 : sk->rcv_nxt - (sk->rcv_isn + 1);
	win = used < sk->rcv_wnd ? sk->rcv_wnd - used : 0;
	return (uint16_t)(win < 65535 ? win : 65535);
}

uint32_t tcp_make_data(struct world *w, uint32_t skh, const struct tcp_seg_out *o)
{
	struct sock *sk = &w->sock[skh - 1];
	struct dst d;
	uint32_t h, olen, tlen;
	struct sk_buff *skb;
	uint8_t *p, *th, opts[TCPOLEN_SYN];
	bool syn = o->flags & TCPHDR_SYN;

	if (ip_route_output(w, sk->daddr, sk->laddr, &d) ||
	    !(h = tcp_seg_skb(w, o->cause, o->pkt)))
		return 0;
	olen = tcp_options(opts, o->flags, o->mss_opt);
	tlen = TCP_HLEN + olen + o->len;
	skb = SKB(w, h);
	skb_reserve(skb, LL_RESERVED_ETH);
	skb->network_header = skb->data;
	skb_put(skb, (uint16_t)(IP_HLEN + tlen), &p);
	memset(p, 0, IP_HLEN + TCP_HLEN + olen);
	skb->transport_header = (uint16_t)(skb->network_header + IP_HLEN);
	/* a request sock and a timewait sock have no inet_daddr of their own:
	 * ip_build_and_ship_pkt / ip_send_unicast_reply give id 0 */
	build_iphdr(p, &(struct ip_spec){ .ihl = 5, .ttl =
		    (uint8_t)w->sysctl[SYS_ip_default_ttl], .proto = IPPROTO_TCP,
		    .id = sk->state == TCP_NEW_SYN_RECV ||
			  sk->state == TCP_TIME_WAIT ? 0 : sk->inet_id++,
		    .frag = IP_DF, .saddr = sk->laddr, .daddr = sk->daddr,
		    .payload_len = (uint16_t)tlen });
	th = p + IP_HLEN;
	put_be16(th, sk->lport);
	put_be16(th + 2, sk->dport);
	put_be32(th + TCP_OFF_SEQ, o->seq);
	put_be32(th + TCP_OFF_ACK, (o->flags & TCPHDR_ACK) ? sk->rcv_nxt : 0);
	if ((o->flags & TCPHDR_ACK) && !syn)
		sk->rcv_wup = sk->rcv_nxt;   /* tcp_select_window */
	th[TCP_OFF_DOFF] = (uint8_t)(((TCP_HLEN + olen) / 4) << 4);
	th[TCP_OFF_FLAGS] = o->flags;
	put_be16(th + TCP_OFF_WIN, tcp_select_window(sk, syn));
	memcpy(th + TCP_HLEN, opts, olen);
	if (o->len)
		memcpy(th + TCP_HLEN + olen, o->payload, o->len);
	put_be16(th + TCP_OFF_CSUM, l4_csum(sk->laddr, sk->daddr, IPPROTO_TCP,
					    th, tlen));
	skb->dst = d;
	skb->dev = d.dev;
	skb->protocol = 0x0800;
	return h;
}

uint32_t tcp_make_segment(struct world *w, uint32_t skh, uint8_t flags,
			  bool mss_opt, uint32_t cause)
{
	const struct sock *sk = &w->sock[skh - 1];

	return tcp_make_data(w, skh, &(struct tcp_seg_out){ .flags = flags,
			     .mss_opt = mss_opt, .cause = cause, .seq =
			     (flags & TCPHDR_SYN) ? sk->snd_isn : sk->snd_nxt });
}

/* tcp_v4_send_synack: tcp_make_synack, then ip_build_and_ship_pkt, which
 * calls ip_local_out itself (no ip_queue_xmit: a request sock has no
 * route cache of its own). */
void st_tcp_v4_send_synack(struct exec *x)
{
	struct world *w = x->w;
	uint32_t req = CUR(x)->arg, r;
	struct sock *rq = &w->sock[req - 1];

	if (CUR(x)->arg2)
		return x_end(x);
	if (!(r = tcp_make_segment(w, req, TCPHDR_SYN | TCPHDR_ACK, true,
				   SKB(w, CUR(x)->skb)->pkt))) {
		x_note(x, "no route back to %I: no SYN-ACK", rq->daddr, 0, 0, 0);
		return x_end(x);
	}
	snmp_inc(w, x->s, CTR_TcpOutSegs, 1);
	x_view(x, r, false);
	x_note(x, "SYN-ACK seq %u ack %u, MSS 1460, window %u; OutSegs; "
	       "ip_build_and_ship_pkt: id 0, DF", rq->snd_isn, rq->rcv_nxt,
	       rq->rcv_wnd < 65535 ? rq->rcv_wnd : 65535, 0);
	CUR(x)->arg2 = 1;
	x_call(x, ST_ip_local_out, r, ST_tcp_v4_send_synack);
}

/* __tcp_send_ack: a bare ACK for rcv_nxt; __tcp_transmit_skb counts
 * OutSegs (it carries no data, seq == end_seq). */
void st_tcp_send_ack(struct exec *x)
{
	struct world *w = x->w;
	uint32_t skh = CUR(x)->arg, r;
	struct sock *sk = &w->sock[skh - 1];
	uint32_t cause = CUR(x)->skb ? SKB(w, CUR(x)->skb)->pkt : 0;

	if (CUR(x)->arg2)
		return x_end(x);
	if (!(r = tcp_make_segment(w, skh, TCPHDR_ACK, false, cause))) {
		x_note(x, "no route: no ACK", 0, 0, 0, 0);
		return x_end(x);
	}
	snmp_inc(w, x->s, CTR_TcpOutSegs, 1);
	sk->delack = false;   /* inet_csk_clear_xmit_timer(ICSK_TIME_DACK) */
	x_view(x, r, false);
	x_note(x, "ACK seq %u ack %u window %u: OutSegs", sk->snd_nxt,
	       sk->rcv_nxt, tcp_select_window(sk, false), 0);
	CUR(x)->arg2 = 1;
	x_call(x, ST_ip_queue_xmit, r, ST_tcp_send_ack);
	CUR(x)->arg = 0;
}

/* __ip_queue_xmit: the socket's cached route, then ip_local_out. */
void st_ip_queue_xmit(struct exec *x)
{
	struct sk_buff *skb = SKB(x->w, CUR(x)->skb);

	x_note(x, "route from the socket's cache (dev %s); IP id %u, DF; "
	       "ip_local_out", get_be16(skb->buf + skb->network_header +
					IP_OFF_ID), 0, 0, 0);
	x->s->note_str = x->w->dev[skb->dst.dev].name;
	x_jump(x, ST_ip_local_out, CUR(x)->skb);
}

/* tcp_connect: the SYN with the kernel's options; ActiveOpens here. */
void st_tcp_connect(struct exec *x)
{
	struct world *w = x->w;
	uint32_t skh = CUR(x)->arg, r;
	struct sock *sk = &w->sock[skh - 1];

	if (CUR(x)->arg2) {
		x->s->has_sys_ret = true;
		x->s->sys_ret = -115;  /* EINPROGRESS: a non-blocking connect */
		x_note(x, "connect() returns EINPROGRESS", 0, 0, 0, 0);
		return x_end(x);
	}
	snmp_inc(w, x->s, CTR_TcpActiveOpens, 1);
	if (!(r = tcp_make_segment(w, skh, TCPHDR_SYN, true, 0))) {
		x_note(x, "no route: no SYN", 0, 0, 0, 0);
		return x_end(x);
	}
	snmp_inc(w, x->s, CTR_TcpOutSegs, 1);
	sk->snd_nxt = sk->snd_isn + 1;
	/* the SYN waits in the retransmission queue: TCP_TIMEOUT_INIT */
	sk->syn_pkt = SKB(w, r)->pkt;
	sk->rto = TCP_TIMEOUT_INIT_NS;
	sk->retrans_stamp = sk->rtt_tx_at = w->now ? w->now : 1;
	tcp_reset_xmit_timer(w, skh, sk->rto);
	x_view(x, r, false);
	x_note(x, "SYN seq %u (MSS, SACK_PERM, TS, WS 10): ActiveOpens, "
	       "OutSegs; the retransmission timer: 1 s", sk->snd_isn, 0, 0, 0);
	CUR(x)->arg2 = 1;
	x_call(x, ST_ip_queue_xmit, r, ST_tcp_connect);
	CUR(x)->arg = 0;
}
