/*
 * udp.c: UDP receive, the socket receive queue and the application's
 * recvfrom()/sendto() entry points (net/ipv4/udp.c, net/core/sock.c,
 * net/socket.c, Linux 6.x).
 *
 * Checksums: a NIC frame arrives CHECKSUM_NONE here, so udp4_csum_init
 * verifies at once only when the datagram is at most CHECKSUM_BREAK (76)
 * bytes; a longer one is checked when no socket wants it, or when the
 * application reads it (udp_recvmsg), which then skips it silently.
 */
#include <string.h>

#include "net.h"
#include "proto/ether.h"
#include "pkt.h"
#include "proto/ip.h"
#include "proto/udp.h"
#include "tcp.h"

#define CHECKSUM_BREAK 76
#define EAGAIN 11
#define ECONNREFUSED 111
#define EDESTADDRREQ_NS 89
#define EACCES_NS 13

void skb_orphan(struct world *w, struct sk_buff *skb)
{
	struct sock *sk;

	if (!skb->sk)
		return;
	sk = &w->sock[skb->sk - 1];
	sk->wmem = sk->wmem > skb->truesize ? sk->wmem - skb->truesize : 0;
	skb->sk = 0;
	/* sock_def_write_space: wake a writer once sock_writeable() */
	if (sk->blocked && 2 * sk->wmem < sk->sndbuf) {
		sk->blocked = false;
		ev_push(w, w->now, EV_WAKE, sk->cork_sender);
	}
}

uint32_t udp_lookup(const struct world *w, uint32_t saddr, uint16_t sport,
		    uint32_t daddr, uint16_t dport)
{
	uint32_t best = 0;
	int best_score = -1;

	for (uint32_t h = 1; h <= w->sock_pool.hwm; h++) {
		const struct sock *sk = &w->sock[h - 1];
		int score = 0;

		if (!pool_is_used(&w->sock_pool, w->sock_next, h) ||
		    sk->proto != IPPROTO_UDP || !sk->bound || sk->lport != dport)
			continue;
		if (sk->laddr) {
			if (sk->laddr != daddr)
				continue;
			score += 4;
		}
		if (sk->connected) {
			if (sk->daddr != saddr || sk->dport != sport)
				continue;
			score += 8;
		}
		if (score > best_score) {
			best_score = score;
			best = h;
		}
	}
	return best;
}

static bool udp_csum_ok(struct sk_buff *skb)
{
	const uint8_t *iph = skb->buf + skb->network_header;
	const uint8_t *uh = skb->buf + skb->transport_header;
	uint32_t ulen = get_be16(uh + UDP_OFF_LEN);

	return !l4_csum(get_be32(iph + IP_OFF_SRC), get_be32(iph + IP_OFF_DST),
			IPPROTO_UDP, uh, ulen);
}

static void udp_csum_error(struct exec *x, uint32_t h)
{
	snmp_inc(x->w, x->s, CTR_UdpInCsumErrors, 1);
	snmp_inc(x->w, x->s, CTR_UdpInErrors, 1);
	x_drop(x, h, DROP_UDP_CSUM);
	x_end(x);
}

/* __udp4_lib_rcv runs three times: the header checks and the call to the
 * socket lookup; the return from the lookup (a socket, or NoPorts and the
 * call to icmp_send); the return from icmp_send (kfree_skb NO_SOCKET).
 * CUR(x)->arg2 says which; the lookup leaves its socket in ret. */
enum { UDP_RCV_ENTRY, UDP_RCV_LOOKED_UP, UDP_RCV_ICMP_SENT };

static bool udp_rcv_header_ok(struct exec *x, uint32_t h)
{
	struct world *w = x->w;
	struct sk_buff *skb = SKB(w, h);
	struct pkt_reader r;
	uint16_t ulen, check;

	pkt_reader_init(&r, skb_data(skb), skb->len);
	pkt_skip(&r, 4);
	ulen = pkt_be16(&r);
	check = pkt_be16(&r);
	if (r.short_read || ulen > skb->len || ulen < UDP_HLEN) {
		snmp_inc(w, x->s, CTR_UdpInErrors, 1);
		x_note(x, "UDP length %u but %u bytes here: short packet", ulen,
		       skb->len, 0, 0);
		x_drop(x, h, r.short_read ? DROP_NOT_SPECIFIED :
		       DROP_PKT_TOO_SMALL);
		x_end(x);
		return false;
	}
	skb_trim(skb, ulen);
	if (!check) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	} else if (skb->len <= CHECKSUM_BREAK) {
		if (!udp_csum_ok(skb)) {
			x_note(x, "%u <= CHECKSUM_BREAK bytes: checksum verified "
			       "now, and wrong", ulen, 0, 0, 0);
			udp_csum_error(x, h);
			return false;
		}
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	}
	return true;
}

/* __udp4_lib_mcast_deliver: 6.x frees an unwanted one with kfree_skb. */
static void udp_mcast_deliver(struct exec *x, uint32_t h)
{
	struct world *w = x->w;
	struct sk_buff *skb = SKB(w, h);
	const uint8_t *iph = skb->buf + skb->network_header;
	uint32_t saddr = get_be32(iph + IP_OFF_SRC);
	uint16_t sport = get_be16(skb_data(skb)),
		 dport = get_be16(skb_data(skb) + 2);
	uint32_t sk = udp_lookup(w, saddr, sport, get_be32(iph + IP_OFF_DST),
				 dport);

	if (!sk)
		sk = udp_lookup(w, saddr, sport, 0, dport);
	if (!sk) {
		snmp_inc(w, x->s, CTR_UdpIgnoredMulti, 1);
		x_note(x, "broadcast/multicast with no listener: "
		       "IgnoredMulti, kfree_skb, no ICMP", 0, 0, 0, 0);
		x_drop(x, h, DROP_NOT_SPECIFIED);
		return x_end(x);
	}
	x_note(x, "__udp4_lib_mcast_deliver: a listener on the port",
	       0, 0, 0, 0);
	x_jump(x, ST_udp_queue_rcv_skb, h);
	CUR(x)->arg = sk;
}

static void udp_rcv_no_socket(struct exec *x, uint32_t h)
{
	struct sk_buff *skb = SKB(x->w, h);

	if (skb->ip_summed == CHECKSUM_NONE && !udp_csum_ok(skb)) {
		x_note(x, "no socket, and the checksum is wrong: drop silently",
		       0, 0, 0, 0);
		return udp_csum_error(x, h);
	}
	snmp_inc(x->w, x->s, CTR_UdpNoPorts, 1);
	CUR(x)->arg2 = UDP_RCV_ICMP_SENT;
	x_note(x, "no socket on port %u: NoPorts, ICMP port unreachable",
	       get_be16(skb_data(skb) + 2), 0, 0, 0);
	icmp_send_call(x, h, 3, 3, 0, ST_udp_rcv);
}

void st_udp_rcv(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);

	switch (CUR(x)->arg2) {
	case UDP_RCV_ICMP_SENT:
		x_note(x, "back from icmp_send: kfree_skb", 0, 0, 0, 0);
		x_drop(x, h, DROP_NO_SOCKET);
		return x_end(x);
	case UDP_RCV_LOOKED_UP:
		if (!CUR(x)->ret)
			return udp_rcv_no_socket(x, h);
		x_note(x, "socket %s found: udp_unicast_rcv_skb", 0, 0, 0, 0);
		x->s->note_str = w->sock[CUR(x)->ret - 1].name;
		x_jump(x, ST_udp_queue_rcv_skb, h);
		CUR(x)->arg = CUR(x)->ret;
		return;
	}
	if (!udp_rcv_header_ok(x, h))
		return;
	if (skb->dst.type == RTN_BROADCAST || skb->dst.type == RTN_MULTICAST)
		return udp_mcast_deliver(x, h);
	x_note(x, "UDP length %u ok; look up the socket", skb->len, 0, 0, 0);
	CUR(x)->arg2 = UDP_RCV_LOOKED_UP;
	x_call(x, ST_udp_lookup, h, ST_udp_rcv);
}

/* __udp4_lib_lookup_skb: the best-scoring socket, returned to the caller. */
void st_udp_lookup(struct exec *x)
{
	struct world *w = x->w;
	struct sk_buff *skb = SKB(w, CUR(x)->skb);
	const uint8_t *iph = skb->buf + skb->network_header;
	const uint8_t *uh = skb_data(skb);
	uint32_t sk = udp_lookup(w, get_be32(iph + IP_OFF_SRC), get_be16(uh),
				 get_be32(iph + IP_OFF_DST), get_be16(uh + 2));

	if (sk) {
		x_note(x, "port %u: socket %s", get_be16(uh + 2), 0, 0, 0);
		x->s->note_str = w->sock[sk - 1].name;
	} else {
		x_note(x, "no socket bound to port %u", get_be16(uh + 2),
		       0, 0, 0);
	}
	x_return(x, sk);
}

void st_udp_queue_rcv_skb(struct exec *x)
{
	struct sk_buff *skb = SKB(x->w, CUR(x)->skb);

	skb_pull(skb, UDP_HLEN);
	x_note(x, "no socket filter; pull the UDP header: data = payload",
	       0, 0, 0, 0);
	x_jump(x, ST_udp_enqueue, CUR(x)->skb);
}

/* __udp_enqueue_schedule_skb: admitted while rmem <= rcvbuf, so one more
 * skb always fits; charged by truesize. */
void st_udp_enqueue(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	struct sock *sk = &w->sock[CUR(x)->arg - 1];

	if (sk->rmem > sk->rcvbuf) {
		sk->drops++;
		snmp_inc(w, x->s, CTR_UdpRcvbufErrors, 1);
		snmp_inc(w, x->s, CTR_UdpInErrors, 1);
		x_note(x, "rmem %u > rcvbuf %u: RcvbufErrors", sk->rmem,
		       sk->rcvbuf, 0, 0);
		x_drop(x, h, DROP_SOCKET_RCVBUFF);
		return x_end(x);
	}
	sk->rmem += skb->truesize;
	skb->wait_stage = ST_udp_enqueue;
	skbq_tail(w, &sk->rq, h);
	x_fate(x, h, FATE_DELIVERED, DROP_NONE);
	x->s->fate.sock = CUR(x)->arg;
	x_note(x, "queued: rmem %u of rcvbuf %u, %u datagram(s) waiting",
	       sk->rmem, sk->rcvbuf, sk->rq.qlen, 0);
	x_jump(x, ST_sock_def_readable, h);
}

void st_sock_def_readable(struct exec *x)
{
	struct sock *sk = &x->w->sock[CUR(x)->arg - 1];

	if (sk->wait == WAIT_RECVFROM) {
		x_note(x, "sk_data_ready: a task sleeps in recvfrom on the wait "
		       "queue: wake it", 0, 0, 0, 0);
		return x_jump(x, ST_autoremove_wake_function, 0);
	}
	if (sk->wait == WAIT_EPOLL) {
		x_note(x, "sk_data_ready: an epoll entry waits on the socket",
		       0, 0, 0, 0);
		return x_jump(x, ST_ep_poll_callback, 0);
	}
	x_note(x, "sk_data_ready: nobody waiting", 0, 0, 0, 0);
	x_end(x);
}

void st_autoremove_wake_function(struct exec *x)
{
	struct sock *sk = &x->w->sock[CUR(x)->arg - 1];

	sk->wait = WAIT_NONE;
	sk->woken++;
	x_note(x, "the sleeping task becomes runnable; its recvfrom returns "
	       "when the scheduler runs it", 0, 0, 0, 0);
	x_end(x);
}

void st_ep_poll_callback(struct exec *x)
{
	struct sock *sk = &x->w->sock[CUR(x)->arg - 1];

	sk->wait = WAIT_NONE;
	sk->woken++;
	x_note(x, "add the epitem to the ready list; wake epoll_wait", 0, 0, 0, 0);
	x_end(x);
}

void st_app_wait(struct exec *x)
{
	struct world *w = x->w;
	struct sock *sk = &w->sock[CUR(x)->arg - 1];

	if (sk->rq.qlen) {
		x_note(x, "data already queued: no need to sleep", 0, 0, 0, 0);
		return x_end(x);
	}
	sk->wait = (uint8_t)CUR(x)->arg2;
	x_note(x, sk->wait == WAIT_EPOLL ?
	       "epoll_wait: nothing ready, the task sleeps" :
	       "recvfrom: queue empty, the task sleeps on sk_wq", 0, 0, 0, 0);
	x_end(x);
}

void st_sys_recvfrom(struct exec *x)
{
	struct sock *sk = &x->w->sock[CUR(x)->arg - 1];

	if (!CUR(x)->arg2) {
		x_note(x, "recvfrom done", 0, 0, 0, 0);
		return x_end(x);
	}
	CUR(x)->arg2--;
	x_note(x, sk->state == TCP_LISTEN ? "accept() on %s (non-blocking)" :
	       "recvfrom() on %s (MSG_DONTWAIT)", 0, 0, 0, 0);
	x->s->note_str = sk->name;
	/* TCP: a listener's "recv" is accept() (tcp.h) */
	x_call(x, sk->proto != IPPROTO_TCP ? ST_udp_recvmsg :
	       sk->state == TCP_LISTEN ? ST_inet_csk_accept : ST_tcp_recvmsg,
	       0, ST_sys_recvfrom);
}

void st_udp_recvmsg(struct exec *x)
{
	struct world *w = x->w;
	struct sock *sk = &w->sock[CUR(x)->arg - 1];
	uint32_t h = skbq_dequeue(w, &sk->rq);
	struct sk_buff *skb;

	if (!h) {
		x->t->stack[x->t->depth - 1].arg2 = 0;
		x->s->has_sys_ret = true;
		x->s->sys_ret = sk->sk_err ? sk->sk_err : -EAGAIN;
		x_note(x, sk->sk_err ? "pending socket error returned" :
		       "queue empty: EAGAIN", 0, 0, 0, 0);
		sk->sk_err = 0;
		return x_end(x);
	}
	skb = SKB(w, h);
	x_view(x, h, true);
	sk->rmem -= skb->truesize;
	if (skb->ip_summed == CHECKSUM_NONE && !udp_csum_ok(skb)) {
		snmp_inc(w, x->s, CTR_UdpInCsumErrors, 1);
		snmp_inc(w, x->s, CTR_UdpInErrors, 1);
		x_note(x, "checksum verified while copying: wrong; skip it and "
		       "try the next", 0, 0, 0, 0);
		x->s->reason = DROP_UDP_CSUM;
		skb_free(w, h);
		x_jump(x, ST_udp_recvmsg, 0);
		return;
	}
	snmp_inc(w, x->s, CTR_UdpInDatagrams, 1);
	x->s->has_sys_ret = true;
	x->s->sys_ret = (int32_t)skb->len;
	x_note(x, "copy %u bytes to the user: InDatagrams; free the skb "
	       "(rmem now %u)", skb->len, sk->rmem, 0, 0);
	skb_free(w, h);
	x_end(x);
}

/* ---- sending ---- */

/* sendto() returns; a sender with no sends left is freed. */
static void udp_sendmsg_done(struct exec *x, struct sock *sk)
{
	struct sender *snd = &x->w->sender[sk->cork_sender - 1];

	sendmsg_return(x, sk, sk->cork_err ? sk->cork_err :
		       (int32_t)snd->len);
	x_note(x, sk->cork_err ? "sendto() fails: %d" :
	       "sendto() returns %d", x->s->sys_ret, 0, 0, 0);
	x_end(x);
}

void st_udp_sendmsg(struct exec *x)
{
	struct world *w = x->w;
	struct sock *sk = &w->sock[CUR(x)->arg - 1];
	struct sender *snd = &w->sender[sk->cork_sender - 1];

	x->s->pkt = sk->cork_pkt;
	switch (CUR(x)->arg2) {
	case 0:
		if (!snd->has_dest && !sk->connected) {
			sk->cork_err = -EDESTADDRREQ_NS;
			return udp_sendmsg_done(x, sk);
		}
		CUR(x)->arg2 = 1;
		x_note(x, "to %I:%u; route it", snd->has_dest ? snd->daddr :
		       sk->daddr, snd->has_dest ? snd->dport : sk->dport, 0, 0);
		return x_call(x, ST_ip_route_output, 0, ST_udp_sendmsg);
	case 1:
		if (sk->cork_err)
			return udp_sendmsg_done(x, sk);
		if (sk->cork_dst.type == RTN_BROADCAST && !sk->broadcast) {
			sk->cork_err = -EACCES_NS;
			x_fate_noskb(x, sk->cork_pkt, ORIGIN_SOCKET, FATE_DROPPED,
				     DROP_NOT_SPECIFIED);
			udp_sendmsg_done(x, sk);
			x_note(x, "broadcast route without SO_BROADCAST: EACCES",
			       0, 0, 0, 0);
			return;
		}
		CUR(x)->arg2 = 2;
		x_note(x, "route found; build the datagram", 0, 0, 0, 0);
		return x_call(x, ST_ip_make_skb, 0, ST_udp_sendmsg);
	case 2:
		if (sk->cork_err)
			return udp_sendmsg_done(x, sk);
		CUR(x)->arg2 = 3;
		x_note(x, "send it", 0, 0, 0, 0);
		return x_call(x, ST_udp_send_skb, sk->cork_skb, ST_udp_sendmsg);
	default:
		return udp_sendmsg_done(x, sk);
	}
}

void st_udp_send_skb(struct exec *x)
{
	struct world *w = x->w;
	uint32_t sock = CUR(x)->arg;
	struct sock *sk = &w->sock[sock - 1];

	x->s->pkt = sk->cork_pkt;
	if (CUR(x)->arg2) {
		if (sk->cork_xmit) {
			snmp_inc(w, x->s, CTR_UdpSndbufErrors, 1);
			x_note(x, "ENOBUFS from below without IP_RECVERR: "
			       "SndbufErrors, and sendto() still succeeds",
			       0, 0, 0, 0);
		} else if (!sk->cork_err) {
			snmp_inc(w, x->s, CTR_UdpOutDatagrams, 1);
			x_note(x, "sent: OutDatagrams", 0, 0, 0, 0);
		}
		return x_end(x);
	}
	struct sk_buff *skb = SKB(w, CUR(x)->skb);
	uint8_t *uh = skb->buf + skb->transport_header;
	uint16_t ulen = (uint16_t)(skb->tail - skb->transport_header);

	put_be16(uh + UDP_OFF_SPORT, sk->lport);
	put_be16(uh + UDP_OFF_LEN, ulen);
	udp_fill_csum(uh, ulen, sk->cork_saddr,
		      get_be32(skb->buf + skb->network_header + IP_OFF_DST));
	CUR(x)->arg2 = 1;
	x_note(x, "UDP header: %u -> %u, length %u, checksum", sk->lport,
	       get_be16(uh + UDP_OFF_DPORT), ulen, 0);
	x_call(x, ST_ip_send_skb, CUR(x)->skb, ST_udp_send_skb);
	CUR(x)->arg = sock;
}
