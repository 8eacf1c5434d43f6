/*
 * tcp_ipv4.c: TCP's IPv4 entry points (net/ipv4/tcp_ipv4.c, Linux 6.x):
 * tcp_v4_rcv with its socket lookup (__inet_lookup_skb: established, then
 * listening), tcp_v4_do_rcv, the reset for a segment nobody wants
 * (tcp_v4_send_reset), the SYN-ACK (tcp_v4_send_synack) and connect()
 * (tcp_v4_connect).  The state machine is in tcp_input.c; see tcp.h.
 *
 * Checksums: a frame from a NIC is CHECKSUM_NONE, so skb_checksum_init
 * verifies a segment of at most 76 bytes (CHECKSUM_BREAK) at once, before
 * the lookup; a longer one is verified where the kernel calls
 * tcp_checksum_complete (no socket, a request sock, a listener, the
 * established path).
 */
#include <string.h>

#include "net.h"
#include "pkt.h"
#include "proto/ether.h"
#include "proto/ip.h"
#include "tcp.h"
#include "tcp_int.h"

#define CHECKSUM_BREAK 76

const char *tcp_state_name(uint8_t state)
{
	static const char *const names[] = {
		[TCP_ESTABLISHED] = "ESTAB", [TCP_SYN_SENT] = "SYN-SENT",
		[TCP_SYN_RECV] = "SYN-RECV", [TCP_FIN_WAIT1] = "FIN-WAIT-1",
		[TCP_FIN_WAIT2] = "FIN-WAIT-2", [TCP_TIME_WAIT] = "TIME-WAIT",
		[TCP_CLOSE] = "UNCONN", [TCP_CLOSE_WAIT] = "CLOSE-WAIT",
		[TCP_LAST_ACK] = "LAST-ACK", [TCP_LISTEN] = "LISTEN",
		[TCP_CLOSING] = "CLOSING", [TCP_NEW_SYN_RECV] = "SYN-RECV",
	};

	return state < sizeof(names) / sizeof(names[0]) && names[state] ?
	       names[state] : "UNKNOWN";
}

static bool sock_used(const struct world *w, uint32_t h)
{
	return pool_is_used(&w->sock_pool, w->sock_next, h);
}

/* __inet_lookup_established, then __inet_lookup_listener (a bound address
 * beats the wildcard, as compute_score does). */
uint32_t tcp_lookup(const struct world *w, uint32_t saddr, uint16_t sport,
		    uint32_t daddr, uint16_t dport)
{
	uint32_t lis = 0;

	for (uint32_t h = 1; h <= w->sock_pool.hwm; h++) {
		const struct sock *sk = &w->sock[h - 1];

		if (!sock_used(w, h) || sk->proto != IPPROTO_TCP ||
		    sk->lport != dport || sk->state == TCP_CLOSE || !sk->state)
			continue;
		if (sk->state == TCP_LISTEN) {
			if ((!sk->laddr || sk->laddr == daddr) &&
			    (!lis || sk->laddr))
				lis = h;
			continue;
		}
		if (sk->daddr == saddr && sk->dport == sport &&
		    sk->laddr == daddr)
			return h;
	}
	return lis;
}

bool tcp_port_taken(const struct world *w, uint32_t laddr, uint16_t port)
{
	for (uint32_t h = 1; h <= w->sock_pool.hwm; h++) {
		const struct sock *sk = &w->sock[h - 1];

		if (sock_used(w, h) && sk->proto == IPPROTO_TCP && sk->bound &&
		    !sk->listener && sk->lport == port &&
		    (!sk->laddr || !laddr || sk->laddr == laddr))
			return true;
	}
	return false;
}

uint32_t tcp_acceptq_head(const struct world *w, uint32_t listener)
{
	uint32_t best = 0;

	for (uint32_t h = 1; h <= w->sock_pool.hwm; h++) {
		const struct sock *sk = &w->sock[h - 1];

		if (sock_used(w, h) && sk->listener == listener &&
		    sk->acceptq_seq && (!best ||
		    sk->acceptq_seq < w->sock[best - 1].acceptq_seq))
			best = h;
	}
	return best;
}

bool tcp_checksum_complete(struct sk_buff *skb)
{
	const uint8_t *iph = skb->buf + skb->network_header;

	if (skb->ip_summed != CHECKSUM_NONE)
		return true;
	if (l4_csum(get_be32(iph + IP_OFF_SRC), get_be32(iph + IP_OFF_DST),
		    IPPROTO_TCP, skb->buf + skb->transport_header,
		    skb->tail - skb->transport_header))
		return false;
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	return true;
}

void tcp_csum_error(struct exec *x, uint32_t h)
{
	snmp_inc(x->w, x->s, CTR_TcpInCsumErrors, 1);
	snmp_inc(x->w, x->s, CTR_TcpInErrs, 1);
	x_drop(x, h, DROP_TCP_CSUM);
	x_end(x);
}

void tcp_goto(struct exec *x, enum stage st, uint32_t h, uint32_t sk)
{
	x_jump(x, st, h);
	CUR(x)->arg = sk;
	CUR(x)->arg2 = 0;
	CUR(x)->ret = 0;
}

enum { RCV_ENTRY, RCV_LOOKED_UP, RCV_RST_SENT };

/* The checks before the lookup; false when the segment was dropped. */
static bool tcp_v4_rcv_checks(struct exec *x, uint32_t h)
{
	struct world *w = x->w;
	struct sk_buff *skb = SKB(w, h);
	const uint8_t *th = skb_data(skb);
	uint32_t doff;

	if (skb->pkt_type != PACKET_HOST) {
		x_note(x, "pkt_type is not PACKET_HOST (a link-layer broadcast): "
		       "dropped before any counter", 0, 0, 0, 0);
		x_drop(x, h, DROP_NOT_SPECIFIED);
		return x_end(x), false;
	}
	snmp_inc(w, x->s, CTR_TcpInSegs, 1);
	if (skb->len < TCP_HLEN) {
		x_note(x, "%u bytes: no room for a TCP header (pskb_may_pull)",
		       skb->len, 0, 0, 0);
		x_drop(x, h, DROP_NOT_SPECIFIED);
		return x_end(x), false;
	}
	doff = (uint32_t)(th[TCP_OFF_DOFF] >> 4) * 4;
	if (doff < TCP_HLEN) {
		snmp_inc(w, x->s, CTR_TcpInErrs, 1);
		x_note(x, "data offset %u < 5 words: InErrs", doff / 4, 0, 0, 0);
		x_drop(x, h, DROP_PKT_TOO_SMALL);
		return x_end(x), false;
	}
	if (doff > skb->len) {
		x_note(x, "data offset %u bytes past the segment's %u",
		       doff, skb->len, 0, 0);
		x_drop(x, h, DROP_NOT_SPECIFIED);
		return x_end(x), false;
	}
	if (skb->len <= CHECKSUM_BREAK && !tcp_checksum_complete(skb)) {
		x_note(x, "%u <= CHECKSUM_BREAK bytes: skb_checksum_init verifies "
		       "now, and the checksum is wrong", skb->len, 0, 0, 0);
		tcp_csum_error(x, h);
		return false;
	}
	return true;
}

/* no_tcp_socket: checksum, then a reset; the segment dies as NO_SOCKET. */
static void tcp_no_socket(struct exec *x, uint32_t h)
{
	if (!tcp_checksum_complete(SKB(x->w, h))) {
		x_note(x, "no socket and a bad checksum: InCsumErrors, InErrs, "
		       "no reset", 0, 0, 0, 0);
		return tcp_csum_error(x, h);
	}
	CUR(x)->arg2 = RCV_RST_SENT;
	x_note(x, "no socket on port %u: tcp_v4_send_reset (TCP never sends "
	       "ICMP port unreachable)", get_be16(skb_data(SKB(x->w, h)) + 2),
	       0, 0, 0);
	x_call(x, ST_tcp_v4_send_reset, h, ST_tcp_v4_rcv);
	CUR(x)->arg = 0;
}

static void tcp_v4_rcv_found(struct exec *x, uint32_t h, uint32_t skh)
{
	struct sock *sk = &x->w->sock[skh - 1];

	x->s->note_str = sk->name;
	if (sk->state == TCP_TIME_WAIT) {
		if (!tcp_checksum_complete(SKB(x->w, h)))
			return tcp_csum_error(x, h);
		x_note(x, "a timewait sock (%s): do_time_wait", 0, 0, 0, 0);
		return tcp_goto(x, ST_tcp_timewait_state_process, h, skh);
	}
	if (sk->state == TCP_NEW_SYN_RECV) {
		if (!tcp_checksum_complete(SKB(x->w, h)))
			return tcp_csum_error(x, h);
		x_note(x, "a request sock (TCP_NEW_SYN_RECV) of %s: tcp_check_req",
		       0, 0, 0, 0);
		x->s->note_str = x->w->sock[sk->listener - 1].name;
		return tcp_goto(x, ST_tcp_check_req, h, skh);
	}
	x_note(x, sk->state == TCP_LISTEN ? "listener %s: tcp_v4_do_rcv" :
	       "socket %s: tcp_v4_do_rcv (no user holds the socket lock)",
	       0, 0, 0, 0);
	tcp_goto(x, ST_tcp_v4_do_rcv, h, skh);
}

void st_tcp_v4_rcv(struct exec *x)
{
	uint32_t h = CUR(x)->skb;

	switch (CUR(x)->arg2) {
	case RCV_RST_SENT:
		x_note(x, "back from tcp_v4_send_reset: kfree_skb", 0, 0, 0, 0);
		x_drop(x, h, DROP_NO_SOCKET);
		return x_end(x);
	case RCV_LOOKED_UP:
		if (!CUR(x)->ret)
			return tcp_no_socket(x, h);
		return tcp_v4_rcv_found(x, h, CUR(x)->ret);
	}
	if (!tcp_v4_rcv_checks(x, h))
		return;
	x_note(x, "InSegs; header ok; look up the socket", 0, 0, 0, 0);
	CUR(x)->arg2 = RCV_LOOKED_UP;
	x_call(x, ST_inet_lookup, h, ST_tcp_v4_rcv);
}

void st_inet_lookup(struct exec *x)
{
	struct world *w = x->w;
	struct sk_buff *skb = SKB(w, CUR(x)->skb);
	const uint8_t *iph = skb->buf + skb->network_header;
	const uint8_t *th = skb_data(skb);
	uint32_t sk = tcp_lookup(w, get_be32(iph + IP_OFF_SRC), get_be16(th),
				 get_be32(iph + IP_OFF_DST), get_be16(th + 2));

	if (!sk) {
		x_note(x, "no established socket and no listener on port %u",
		       get_be16(th + 2), 0, 0, 0);
	} else {
		x_note(x, w->sock[sk - 1].state == TCP_LISTEN ?
		       "no established socket: listener %s" :
		       "established hash: %s", 0, 0, 0, 0);
		x->s->note_str = w->sock[sk - 1].name;
	}
	x_return(x, sk);
}

/* tcp_v4_send_reset: no reset for a reset, none without a socket unless
 * the route was local; seq/ack by tcp_rst_seq(); sent through
 * ip_send_unicast_reply with the per-netns control socket: IP id 0, DF,
 * the segment's TOS without ECN. */
void st_tcp_v4_send_reset(struct exec *x)
{
	struct world *w = x->w;
	struct sk_buff *skb = SKB(w, CUR(x)->skb);
	const uint8_t *iph = skb->buf + skb->network_header;
	const uint8_t *th = skb->buf + skb->transport_header;
	struct dst d;
	uint32_t r;

	if (CUR(x)->arg2) {
		snmp_inc(w, x->s, CTR_TcpOutSegs, 1);
		snmp_inc(w, x->s, CTR_TcpOutRsts, 1);
		x_note(x, "reset sent: OutSegs, OutRsts", 0, 0, 0, 0);
		return x_end(x);
	}
	if (th[TCP_OFF_FLAGS] & TCPHDR_RST) {
		x_note(x, "never a reset for a reset", 0, 0, 0, 0);
		return x_end(x);
	}
	if (!CUR(x)->arg && skb->dst.type != RTN_LOCAL) {
		x_note(x, "no socket and the route is not local (broadcast): "
		       "no reset", 0, 0, 0, 0);
		return x_end(x);
	}
	if (!(r = rst_build(x, skb, &d))) {
		x_note(x, "no route back: no reset", 0, 0, 0, 0);
		return x_end(x);
	}
	{
		uint8_t *riph = SKB(w, r)->buf + SKB(w, r)->network_header;
		const uint8_t *rth = riph + IP_HLEN;

		riph[IP_OFF_TOS] = iph[IP_OFF_TOS] & (uint8_t)~INET_ECN_MASK;
		x_view(x, r, false);
		x_note(x, (rth[TCP_OFF_FLAGS] & TCPHDR_ACK) ?
		       "RST|ACK seq %u ack %u; ip_send_unicast_reply" :
		       "RST seq %u (the segment's ack); ip_send_unicast_reply",
		       get_be32(rth + TCP_OFF_SEQ), get_be32(rth + TCP_OFF_ACK),
		       0, 0);
	}
	CUR(x)->arg2 = 1;
	x_call(x, ST_ip_send_skb, r, ST_tcp_v4_send_reset);
	CUR(x)->arg = 0;
}

/* tcp_v4_do_rcv: the fast path for ESTABLISHED; otherwise the checksum,
 * then tcp_rcv_state_process (which answers with a reset by returning). */
void st_tcp_v4_do_rcv(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb, skh = CUR(x)->arg;
	struct sock *sk = &w->sock[skh - 1];

	if (CUR(x)->arg2 == 2) {
		x_note(x, "reset sent: kfree_skb", 0, 0, 0, 0);
		x_drop(x, h, (enum drop_reason)CUR(x)->ret);
		return x_end(x);
	}
	if (CUR(x)->arg2 == 1) {
		if (!CUR(x)->ret)
			return x_end(x);
		CUR(x)->arg2 = 2;
		x_note(x, "tcp_rcv_state_process returned a drop reason: send a "
		       "reset", 0, 0, 0, 0);
		return x_call(x, ST_tcp_v4_send_reset, h, ST_tcp_v4_do_rcv);
	}
	x->s->note_str = sk->name;
	if (sk->state == TCP_ESTABLISHED) {
		x_note(x, "%s is ESTABLISHED: the fast path", 0, 0, 0, 0);
		return tcp_goto(x, ST_tcp_rcv_established, h, skh);
	}
	if (!tcp_checksum_complete(SKB(w, h)))
		return tcp_csum_error(x, h);
	x_note(x, "%s is not ESTABLISHED: tcp_rcv_state_process", 0, 0, 0, 0);
	CUR(x)->arg2 = 1;
	CUR(x)->ret = 0;
	x_call(x, ST_tcp_rcv_state_process, h, ST_tcp_v4_do_rcv);
}

/* tcp_v4_connect: the route and source address, a local port
 * (inet_hash_connect), SYN_SENT, the ISN; then tcp_connect sends the SYN. */
void st_tcp_v4_connect(struct exec *x)
{
	struct world *w = x->w;
	uint32_t skh = CUR(x)->arg;
	struct sock *sk = &w->sock[skh - 1];
	struct dst d;

	if (ip_route_output(w, sk->daddr, sk->laddr, &d)) {
		sk->state = TCP_CLOSE;
		x->s->has_sys_ret = true;
		x->s->sys_ret = -101;   /* ENETUNREACH */
		x_note(x, "no route to %I: ENETUNREACH", sk->daddr, 0, 0, 0);
		return x_end(x);
	}
	x_route(x, &d);
	if (!sk->laddr)
		sk->laddr = d.prefsrc;
	if (!sk->lport)
		sk->lport = sock_pick_port(w);
	sk->bound = true;
	sk->state = TCP_SYN_SENT;
	sk->snd_isn = tcp_isn(sk->laddr, sk->daddr, sk->lport, sk->dport);
	sk->snd_una = sk->snd_isn;
	sk->snd_nxt = sk->write_seq = sk->snd_sml = sk->snd_isn + 1;
	sk->inet_id = (uint16_t)(sk->snd_isn >> 16);
	x_note(x, "%I:%u -> %I:%u, SYN_SENT; tcp_connect", sk->laddr, sk->lport,
	       sk->daddr, sk->dport);
	tcp_goto(x, ST_tcp_connect, 0, skh);
}
