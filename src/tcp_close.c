/*
 * tcp_close.c: the application's close() and what follows it
 * (net/ipv4/tcp.c __tcp_close, tcp_output.c tcp_send_fin and
 * tcp_send_active_reset, inet_connection_sock.c inet_csk_listen_stop,
 * tcp_minisocks.c tcp_time_wait and tcp_timewait_state_process,
 * tcp_ipv4.c tcp_v4_timewait_ack, inet_timewait_sock.c tw_timer_handler;
 * Linux 6.x).
 *
 *   ESTABLISHED --close--> FIN_WAIT1 (our FIN; tcp_close_state)
 *   CLOSE_WAIT  --close--> LAST_ACK  (our FIN)
 *   unread data --close--> CLOSE: RST|ACK, TCPAbortOnClose (RFC 2525)
 *   LISTEN      --close--> CLOSE: every child in the accept queue is
 *                          reset (tcp_disconnect), request socks go
 *   FIN_WAIT1 --ACK of FIN--> a timewait sock in substate FIN_WAIT2 at
 *     once (the socket is orphaned and tcp_fin_timeout 60 s is not above
 *     TCP_TIMEWAIT_LEN: tcp_time_wait(sk, TCP_FIN_WAIT2, 60 s)); ss shows
 *     it as FIN-WAIT-2.  Its peer's FIN makes it TIME_WAIT for 60 s
 *     (TCP_TIMEWAIT_LEN, not tcp_fin_timeout), answered by
 *     tcp_v4_timewait_ack (IP id 0, the control socket).
 *   LAST_ACK --ACK of FIN--> CLOSE (tcp_done), the socket is freed.
 * TcpExtTW counts a timewait sock when its timer is first armed for more
 * than 4 s (__inet_twsk_schedule; TWKilled for shorter), not when it dies.
 */
#include <string.h>

#include "net.h"
#include "pkt.h"
#include "proto/ip.h"
#include "tcp.h"
#include "tcp_int.h"

#define TCP_TIMEWAIT_LEN_NS 60000000000ull   /* 60 * HZ */

static struct sock *SK(struct exec *x)
{
	return &x->w->sock[CUR(x)->arg - 1];
}

void tcp_sock_free(struct world *w, uint32_t skh)
{
	struct sock *sk = &w->sock[skh - 1];

	skbq_purge(w, &sk->rq);
	skbq_purge(w, &sk->ofo);
	skbq_purge(w, &sk->wq);
	memset(sk, 0, sizeof(*sk));
	pool_free(&w->sock_pool, w->sock_next, skh);
}

void tcp_done_state(struct world *w, struct step *s, struct sock *sk)
{
	if (sk->state == TCP_ESTABLISHED || sk->state == TCP_CLOSE_WAIT)
		snmp_inc(w, s, CTR_TcpEstabResets, 1);
	if (sk->state == TCP_SYN_SENT || sk->state == TCP_SYN_RECV)
		snmp_inc(w, s, CTR_TcpAttemptFails, 1);
	sk->state = TCP_CLOSE;
	sk->rto_at = 0;   /* tcp_clear_xmit_timers */
}

/* Bytes queued and unread, the FIN not counted (tcp_close's
 * data_was_unread). */
static uint32_t tcp_unread(const struct sock *sk)
{
	uint32_t n = sk->rcv_nxt - sk->copied_seq;

	return n && sk->rcv_shutdown ? n - 1 : n;
}

enum { CL_ENTRY, CL_SENT, CL_LISTEN_DONE };

static void tcp_close_done(struct exec *x, int32_t ret)
{
	x->s->has_sys_ret = true;
	x->s->sys_ret = ret;
	x_end(x);
}

/* close() on a socket whose application still holds it. */
static void tcp_close_connection(struct exec *x, struct sock *sk)
{
	uint32_t unread = tcp_unread(sk);

	sk->orphan = true;
	if (unread) {
		snmp_inc(x->w, x->s, CTR_TcpExtTCPAbortOnClose, 1);
		x_note(x, "%u bytes were never read: TCPAbortOnClose; %s -> "
		       "CLOSE and a reset (RFC 2525)", unread, 0, 0, 0);
		x->s->note_str = tcp_state_name(sk->state);
		tcp_done_state(x->w, x->s, sk);
		CUR(x)->arg2 = CL_SENT;
		return x_call(x, ST_tcp_send_active_reset, 0, ST_tcp_close);
	}
	if (sk->state == TCP_ESTABLISHED || sk->state == TCP_CLOSE_WAIT) {
		x_note(x, "tcp_close_state: %s -> %s; tcp_send_fin", 0, 0, 0, 0);
		x->s->note_str = sk->state == TCP_ESTABLISHED ?
				 "ESTABLISHED -> FIN_WAIT1" :
				 "CLOSE_WAIT -> LAST_ACK";
		x->s->note = "tcp_close_state: %s; tcp_send_fin";
		sk->state = sk->state == TCP_ESTABLISHED ? TCP_FIN_WAIT1 :
			    TCP_LAST_ACK;
		CUR(x)->arg2 = CL_SENT;
		return x_call(x, ST_tcp_send_fin, 0, ST_tcp_close);
	}
	x_note(x, "%s: nothing to send; the socket is destroyed", 0, 0, 0, 0);
	x->s->note_str = tcp_state_name(sk->state);
	tcp_sock_free(x->w, CUR(x)->arg);
	tcp_close_done(x, 0);
}

/* __tcp_close (tcp_close takes the lock): by state and unread data. */
void st_tcp_close(struct exec *x)
{
	struct sock *sk = SK(x);

	switch (CUR(x)->arg2) {
	case CL_SENT:
		if (sk->state == TCP_CLOSE)
			tcp_sock_free(x->w, CUR(x)->arg);
		x_note(x, "close() returns 0; the socket lives on, orphaned, "
		       "until the handshake of its end is over", 0, 0, 0, 0);
		return tcp_close_done(x, 0);
	case CL_LISTEN_DONE:
		x_note(x, "the listener is closed", 0, 0, 0, 0);
		tcp_sock_free(x->w, CUR(x)->arg);
		return tcp_close_done(x, 0);
	}
	if (sk->state == TCP_LISTEN) {
		x_note(x, "LISTEN -> CLOSE: inet_csk_listen_stop empties the "
		       "queues", 0, 0, 0, 0);
		sk->state = TCP_CLOSE;
		sk->orphan = true;
		CUR(x)->arg2 = CL_LISTEN_DONE;
		return x_call(x, ST_inet_csk_listen_stop, 0, ST_tcp_close);
	}
	tcp_close_connection(x, sk);
}

/* tcp_send_fin: the FIN rides on the unsent tail skb if there is one,
 * else a new empty skb carries it; then __tcp_push_pending_frames with
 * TCP_NAGLE_OFF. */
void st_tcp_send_fin(struct exec *x)
{
	struct world *w = x->w;
	struct sock *sk = SK(x);
	uint32_t t = sk->wq.tail;

	if (CUR(x)->arg2)
		return x_end(x);
	if (t && SKB(w, t)->tcp_seq - sk->snd_nxt < 0x80000000u) {
		SKB(w, t)->tcp_flags |= TCPHDR_FIN;
		x_note(x, "FIN added to the unsent tail skb (seq %u, %u bytes); "
		       "write_seq %u", SKB(w, t)->tcp_seq, SKB(w, t)->len,
		       sk->write_seq + 1, 0);
	} else {
		if (!(t = skb_alloc(w)))
			return x_end(x);
		skb_reserve(SKB(w, t), LL_RESERVED_ETH + IP_HLEN + TCP_HLEN);
		SKB(w, t)->tcp_seq = sk->write_seq;
		SKB(w, t)->tcp_flags = TCPHDR_FIN;
		SKB(w, t)->origin = ORIGIN_SOCKET;
		skbq_tail(w, &sk->wq, t);
		x_note(x, "a new skb carries the FIN, seq %u", sk->write_seq, 0,
		       0, 0);
	}
	sk->write_seq++;
	CUR(x)->arg2 = 1;
	x_call(x, ST_tcp_write_xmit, 0, ST_tcp_send_fin);
	CUR(x)->arg2 = 1;   /* TCP_NAGLE_OFF */
}

/* tcp_send_active_reset: RST|ACK at snd_nxt (tcp_acceptable_seq),
 * through __tcp_transmit_skb: OutSegs and OutRsts. */
void st_tcp_send_active_reset(struct exec *x)
{
	struct world *w = x->w;
	uint32_t skh = CUR(x)->arg, r;
	struct sock *sk = SK(x);

	if (CUR(x)->arg2)
		return x_end(x);
	r = tcp_make_data(w, skh, &(struct tcp_seg_out){ .flags = TCPHDR_RST |
			  TCPHDR_ACK, .seq = sk->snd_nxt });
	if (!r) {
		x_note(x, "no route: no reset", 0, 0, 0, 0);
		return x_end(x);
	}
	snmp_inc(w, x->s, CTR_TcpOutSegs, 1);
	snmp_inc(w, x->s, CTR_TcpOutRsts, 1);
	x_view(x, r, false);
	x_note(x, "RST|ACK seq %u ack %u: OutSegs, OutRsts", sk->snd_nxt,
	       sk->rcv_nxt, 0, 0);
	CUR(x)->arg2 = 1;
	x_call(x, ST_ip_queue_xmit, r, ST_tcp_send_active_reset);
}

/* The next child or request sock of listener lis, 0: none. */
static uint32_t listen_next(const struct world *w, uint32_t lis)
{
	for (uint32_t h = 1; h <= w->sock_pool.hwm; h++)
		if (pool_is_used(&w->sock_pool, w->sock_next, h) &&
		    w->sock[h - 1].listener == lis && !w->sock[h - 1].orphan)
			return h;
	return 0;
}

/* inet_csk_listen_stop: one child per round.  A child waiting in the
 * accept queue is disconnected (tcp_disconnect: a reset if it is
 * ESTABLISHED or CLOSE_WAIT, tcp_need_reset) and destroyed; a request
 * sock is dropped.  Accepted children belong to the application and
 * stay. */
void st_inet_csk_listen_stop(struct exec *x)
{
	struct world *w = x->w;
	uint32_t lis = CUR(x)->arg, ch;
	struct sock *c;

	if (CUR(x)->arg2) {
		tcp_sock_free(w, CUR(x)->arg2);
		CUR(x)->arg2 = 0;
	}
	for (;;) {
		if (!(ch = listen_next(w, lis))) {
			x_note(x, "the SYN queue and the accept queue are empty",
			       0, 0, 0, 0);
			return x_end(x);
		}
		c = &w->sock[ch - 1];
		if (c->state == TCP_NEW_SYN_RECV || c->acceptq_seq)
			break;
		c->listener = 0;   /* accepted: the application's own now */
	}
	x->s->note_str = c->name;
	if (c->state == TCP_NEW_SYN_RECV) {
		x_note(x, "request sock %s dropped from the SYN queue", 0, 0, 0, 0);
		w->sock[lis - 1].syn_qlen--;
		tcp_sock_free(w, ch);
		return x_jump(x, ST_inet_csk_listen_stop, 0);
	}
	w->sock[lis - 1].ack_backlog--;
	c->orphan = true;
	if (c->state != TCP_ESTABLISHED && c->state != TCP_CLOSE_WAIT) {
		x_note(x, "%s never accepted: destroyed", 0, 0, 0, 0);
		tcp_sock_free(w, ch);
		return x_jump(x, ST_inet_csk_listen_stop, 0);
	}
	x_note(x, "%s never accepted: tcp_disconnect, -> CLOSE "
	       "(EstabResets), tcp_send_active_reset", 0, 0, 0, 0);
	tcp_done_state(w, x->s, c);
	x_call(x, ST_tcp_send_active_reset, 0, ST_inet_csk_listen_stop);
	CUR(x)->arg = ch;
	CUR(x)->arg2 = 0;
	x->t->stack[x->t->depth - 1].arg2 = ch;
}

/* ---- TIME_WAIT ---- */

/* tcp_time_wait(sk, substate, 60 s): the full socket gives way to a
 * timewait sock (netstep keeps the slot and drops the queues). */
void st_tcp_time_wait(struct exec *x)
{
	struct world *w = x->w;
	struct sock *sk = SK(x);
	uint8_t sub = (uint8_t)CUR(x)->arg2;

	sk->rcv_wnd = tcp_select_window(sk, false);
	sk->tw_substate = sub;
	sk->state = TCP_TIME_WAIT;
	sk->delack = false;
	sk->rto_at = 0;
	skbq_purge(w, &sk->rq);
	skbq_purge(w, &sk->wq);
	sk->tw_until = w->now + TCP_TIMEWAIT_LEN_NS;
	ev_push(w, sk->tw_until, EV_TCP_TIMEWAIT, CUR(x)->arg);
	snmp_inc(w, x->s, CTR_TcpExtTW, 1);
	x_note(x, sub == TCP_FIN_WAIT2 ? "orphaned and our FIN acknowledged: "
	       "a timewait sock in substate FIN_WAIT2 (ss: FIN-WAIT-2) for "
	       "tcp_fin_timeout 60 s; TW" : "the peer's FIN: TIME_WAIT for "
	       "TCP_TIMEWAIT_LEN 60 s; TW", 0, 0, 0, 0);
	x_consume(x, CUR(x)->skb);
	x_end(x);
}

enum { TW_ENTRY, TW_ACKED };

/* tcp_timewait_state_process: a segment for a timewait sock.  A RST
 * kills it; in FIN_WAIT2 the peer's FIN (at rcv_nxt) moves it to
 * TIME_WAIT for 60 s and is acknowledged; in TIME_WAIT anything else
 * (a retransmitted FIN) is acknowledged again. */
void st_tcp_timewait_state_process(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sock *sk = SK(x);
	const uint8_t *th = SKB(w, h)->buf + SKB(w, h)->transport_header;
	uint8_t fl = th[TCP_OFF_FLAGS];
	uint32_t seq = get_be32(th + TCP_OFF_SEQ);

	if (CUR(x)->arg2 == TW_ACKED) {
		x_consume(x, h);
		return x_end(x);
	}
	if (fl & TCPHDR_RST) {
		x_note(x, "a reset kills the timewait sock (tw_rfc1337 0)", 0, 0,
		       0, 0);
		tcp_sock_free(w, CUR(x)->arg);
		x_consume(x, h);
		return x_end(x);
	}
	if (sk->tw_substate == TCP_FIN_WAIT2) {
		if (!(fl & TCPHDR_FIN) || seq != sk->rcv_nxt) {
			x_note(x, "FIN_WAIT2 timewait sock: no FIN at rcv_nxt, "
			       "nothing to do (TCP_TW_SUCCESS)", 0, 0, 0, 0);
			x_consume(x, h);
			return x_end(x);
		}
		sk->rcv_nxt = seq + 1;
		sk->tw_substate = TCP_TIME_WAIT;
		x_note(x, "the peer's FIN: FIN_WAIT2 -> TIME_WAIT for 60 s "
		       "(inet_twsk_reschedule); TCP_TW_ACK", 0, 0, 0, 0);
	} else {
		x_note(x, "TIME_WAIT: acknowledged again, 60 s from now", 0, 0,
		       0, 0);
	}
	sk->tw_until = w->now + TCP_TIMEWAIT_LEN_NS;
	ev_push(w, sk->tw_until, EV_TCP_TIMEWAIT, CUR(x)->arg);
	CUR(x)->arg2 = TW_ACKED;
	x_call(x, ST_tcp_v4_timewait_ack, h, ST_tcp_timewait_state_process);
}

/* tcp_v4_timewait_ack -> tcp_v4_send_ack: from the control socket
 * (ip_send_unicast_reply: IP id 0, DF); OutSegs. */
void st_tcp_v4_timewait_ack(struct exec *x)
{
	struct world *w = x->w;
	struct sock *sk = SK(x);
	uint32_t r;

	if (CUR(x)->arg2)
		return x_end(x);
	if (!(r = tcp_make_segment(w, CUR(x)->arg, TCPHDR_ACK, false,
				   SKB(w, CUR(x)->skb)->pkt))) {
		x_note(x, "no route: no ACK", 0, 0, 0, 0);
		return x_end(x);
	}
	snmp_inc(w, x->s, CTR_TcpOutSegs, 1);
	x_view(x, r, false);
	x_note(x, "ACK seq %u ack %u window %u: OutSegs; "
	       "ip_send_unicast_reply", sk->snd_nxt, sk->rcv_nxt,
	       tcp_select_window(sk, false), 0);
	CUR(x)->arg2 = 1;
	x_call(x, ST_ip_send_skb, r, ST_tcp_v4_timewait_ack);
}

/* tw_timer_handler: the 60 s are over; the timewait sock is freed.  A
 * stale event (the sock was rescheduled or is gone) does nothing. */
void st_tw_timer_handler(struct exec *x)
{
	struct world *w = x->w;
	uint32_t skh = CUR(x)->arg;
	struct sock *sk = SK(x);

	if (!pool_is_used(&w->sock_pool, w->sock_next, skh) ||
	    sk->state != TCP_TIME_WAIT || sk->tw_until != w->now) {
		x_note(x, "the timer was rearmed or the sock is gone", 0, 0, 0, 0);
		return x_end(x);
	}
	x_note(x, "%s: the timewait sock is freed (inet_twsk_kill)", 0, 0, 0,
	       0);
	x->s->note_str = sk->name;
	tcp_sock_free(w, skh);
	x_end(x);
}

bool tcp_sock_closed(const struct world *w, uint32_t skh)
{
	return w->sock[skh - 1].proto == IPPROTO_TCP && w->sock[skh - 1].orphan;
}
