/*
 * tcp_input.c: the TCP state machine on receive (net/ipv4/tcp_input.c,
 * tcp_minisocks.c, inet_connection_sock.c and tcp.c's tcp_recvmsg;
 * Linux 6.x).  The states and transitions are drawn in tcp.h.
 *
 * Queues, as the listener keeps them (include/net/request_sock.h):
 *   SYN queue (半连接队列): request socks, one per SYN answered; full when
 *     it holds more than the backlog, and then tcp_syncookies 1 answers
 *     with a cookie and keeps nothing.
 *   accept queue (全连接队列): children made by the final ACK, waiting for
 *     accept(); full when it holds more than the backlog: a SYN is then
 *     ignored and a final ACK dropped (ListenOverflows, ListenDrops).
 * ACKs: a new connection starts in quick-ACK mode (tcp_incr_quickack, 16
 * segments); netstep sends every ACK at once and says so when the kernel
 * would have delayed it (the delayed-ACK timer is not modelled).
 */
#include <stdio.h>
#include <string.h>

#include "net.h"
#include "pkt.h"
#include "proto/ip.h"
#include "tcp.h"
#include "tcp_int.h"

#define EAGAIN_NS 11
#define ECONNREFUSED_NS 111
#define ECONNRESET_NS 104
#define EPIPE_NS 32
#define TCP_INIT_RCV_WND 64240u   /* 65535 rounded down to 44 x 1460 */
#define COOKIE_KEY 0x5a17c00cu    /* stands in for syncookie_secret */

struct seg {
	uint32_t seq, ack, len;      /* len: payload bytes */
	uint8_t flags;
	uint32_t saddr, daddr;
	uint16_t sport, dport, doff, win;
};

static struct seg seg_of(struct sk_buff *skb)
{
	const uint8_t *iph = skb->buf + skb->network_header;
	const uint8_t *th = skb->buf + skb->transport_header;
	struct seg s = {
		.seq = get_be32(th + TCP_OFF_SEQ),
		.ack = get_be32(th + TCP_OFF_ACK),
		.flags = th[TCP_OFF_FLAGS],
		.saddr = get_be32(iph + IP_OFF_SRC),
		.daddr = get_be32(iph + IP_OFF_DST),
		.sport = get_be16(th), .dport = get_be16(th + 2),
		.doff = (uint16_t)((th[TCP_OFF_DOFF] >> 4) * 4),
		.win = get_be16(th + TCP_OFF_WIN),
	};

	s.len = (uint32_t)(skb->tail - skb->transport_header) - s.doff;
	return s;
}

static struct sock *SK(struct exec *x)
{
	return &x->w->sock[CUR(x)->arg - 1];
}

/* tcp_set_state to CLOSE (tcp_done): EstabResets when an established
 * connection dies, AttemptFails when a handshake does. */
static void tcp_done(struct exec *x, struct sock *sk)
{
	tcp_done_state(x->w, x->s, sk);
}

/* ---- the listener ---- */

enum { RSP_ENTRY, RSP_CONN_DONE };

static void rsp_listen(struct exec *x, uint32_t h, struct seg s)
{
	if (s.flags & TCPHDR_ACK) {
		x_note(x, "LISTEN and the segment has ACK: ask for a reset", 0,
		       0, 0, 0);
		return x_return(x, DROP_TCP_FLAGS);
	}
	if (s.flags & TCPHDR_RST) {
		x_note(x, "LISTEN: a reset is ignored", 0, 0, 0, 0);
		x_consume(x, h);
		return x_return(x, 0);
	}
	if (!(s.flags & TCPHDR_SYN) || (s.flags & TCPHDR_FIN)) {
		x_note(x, "LISTEN: neither a SYN nor an ACK (or SYN+FIN): drop",
		       0, 0, 0, 0);
		x_drop(x, h, DROP_TCP_FLAGS);
		return x_return(x, 0);
	}
	x_note(x, "LISTEN and a SYN: icsk_af_ops->conn_request", 0, 0, 0, 0);
	CUR(x)->arg2 = RSP_CONN_DONE;
	x_call(x, ST_tcp_conn_request, h, ST_tcp_rcv_state_process);
}

/* SYN_RECV (a child, from tcp_child_process): the ACK tcp_check_req
 * accepted completes the handshake. */
static void rsp_syn_recv(struct exec *x, uint32_t h, struct seg s)
{
	struct sock *sk = SK(x);

	sk->snd_una = s.ack;
	sk->snd_wnd = s.win;   /* tcp_create_openreq_child: no window scale */
	sk->state = TCP_ESTABLISHED;
	if (s.len || (s.flags & TCPHDR_FIN)) {
		x_note(x, "SYN_RECV -> ESTABLISHED; the ACK carries data: "
		       "tcp_data_queue", 0, 0, 0, 0);
		return tcp_goto(x, ST_tcp_data_queue, h, CUR(x)->arg);
	}
	snmp_inc(x->w, x->s, CTR_TcpExtTCPPureAcks, 1);
	x_note(x, "SYN_RECV -> ESTABLISHED (三次握手 done): snd_una %u; "
	       "tcp_ack on the slow path: TCPPureAcks", s.ack, 0, 0, 0);
	x_consume(x, h);
	x_return(x, 0);
}

/* An ACK that acknowledges something new, with data of ours in flight:
 * tcp_ack runs first (tcp_rcv_state_process's step 5). */
static bool acks_new(const struct sock *sk, struct seg s)
{
	return (s.flags & TCPHDR_ACK) && s.ack != sk->snd_una &&
	       s.ack - sk->snd_una <= sk->snd_nxt - sk->snd_una;
}

enum { RSP_ACKED = 2, RSP_FIN_ACKED };

/* After tcp_ack: our FIN acknowledged moves FIN_WAIT1 and LAST_ACK on. */
static void rsp_after_ack(struct exec *x, uint32_t h, struct seg s)
{
	struct sock *sk = SK(x);
	bool fin_acked = sk->snd_una == sk->write_seq;

	if (sk->state == TCP_FIN_WAIT1 && fin_acked && !s.len &&
	    !(s.flags & TCPHDR_FIN)) {
		snmp_inc(x->w, x->s, CTR_TcpExtTCPPureAcks, 1);
		x_note(x, "FIN_WAIT1: our FIN is acknowledged (TCPPureAcks) -> "
		       "FIN_WAIT2; orphaned: tcp_time_wait(FIN_WAIT2, "
		       "tcp_fin_timeout)", 0, 0, 0, 0);
		tcp_goto(x, ST_tcp_time_wait, h, CUR(x)->arg);
		CUR(x)->arg2 = TCP_FIN_WAIT2;
		return;
	}
	if (sk->state == TCP_FIN_WAIT1 && fin_acked && !s.len &&
	    s.seq == sk->rcv_nxt) {
		/* the peer's FIN with the ACK of ours: FIN_WAIT2, then
		 * tcp_data_queue -> tcp_fin: tcp_send_ack, tcp_time_wait */
		sk->state = TCP_FIN_WAIT2;
		sk->rcv_nxt++;
		x_note(x, "FIN_WAIT1: our FIN is acknowledged and the peer's FIN "
		       "comes with it: FIN_WAIT2, tcp_fin: ACK it, then "
		       "TIME_WAIT", 0, 0, 0, 0);
		CUR(x)->arg2 = RSP_FIN_ACKED;
		return x_call(x, ST_tcp_send_ack, h, ST_tcp_rcv_state_process);
	}
	if (sk->state == TCP_LAST_ACK && fin_acked) {
		snmp_inc(x->w, x->s, CTR_TcpExtTCPPureAcks, 1);
		x_note(x, "LAST_ACK: our FIN is acknowledged (TCPPureAcks): "
		       "tcp_done, the socket is destroyed", 0, 0, 0, 0);
		x_consume(x, h);
		tcp_sock_free(x->w, CUR(x)->arg);
		return x_return(x, 0);
	}
	if (!s.len && !(s.flags & (TCPHDR_SYN | TCPHDR_FIN))) {
		snmp_inc(x->w, x->s, CTR_TcpExtTCPPureAcks, 1);
		x_note(x, "%s: a pure ACK (TCPPureAcks)", 0, 0, 0, 0);
		x->s->note_str = tcp_state_name(sk->state);
		x_consume(x, h);
		return x_return(x, 0);
	}
	x_note(x, "%s: data or a FIN after our close or the peer's FIN "
	       "(TCPAbortOnData, CLOSING: not modelled): drop", 0, 0, 0, 0);
	x->s->note_str = tcp_state_name(sk->state);
	x_drop(x, h, DROP_NOT_SPECIFIED);
	x_return(x, 0);
}

static void rsp_other(struct exec *x, uint32_t h, struct seg s)
{
	struct sock *sk = SK(x);

	if ((s.flags & TCPHDR_RST) && s.seq == sk->rcv_nxt) {
		x_note(x, "%s: a reset at rcv_nxt: tcp_reset", 0, 0, 0, 0);
		x->s->note_str = tcp_state_name(sk->state);
		return tcp_goto(x, ST_tcp_reset, h, CUR(x)->arg);
	}
	if (acks_new(sk, s) && !(s.flags & (TCPHDR_SYN | TCPHDR_RST))) {
		x_note(x, "%s: ack %u acknowledges new data: tcp_ack", s.ack, 0,
		       0, 0);
		x->s->note_str = tcp_state_name(sk->state);
		CUR(x)->arg2 = RSP_ACKED;
		return x_call(x, ST_tcp_ack, h, ST_tcp_rcv_state_process);
	}
	rsp_after_ack(x, h, s);
}

/* Returns (to tcp_v4_do_rcv) a drop reason when a reset must answer. */
void st_tcp_rcv_state_process(struct exec *x)
{
	uint32_t h = CUR(x)->skb;
	struct sock *sk = SK(x);
	struct seg s;

	if (CUR(x)->arg2 == RSP_CONN_DONE) {
		x_note(x, "conn_request done: consume_skb", 0, 0, 0, 0);
		x_consume(x, h);
		return x_return(x, 0);
	}
	if (CUR(x)->arg2 == RSP_FIN_ACKED) {
		tcp_goto(x, ST_tcp_time_wait, h, CUR(x)->arg);
		CUR(x)->arg2 = TCP_TIME_WAIT;
		return;
	}
	s = seg_of(SKB(x->w, h));
	if (CUR(x)->arg2 == RSP_ACKED)
		return rsp_after_ack(x, h, s);
	switch (sk->state) {
	case TCP_LISTEN:
		return rsp_listen(x, h, s);
	case TCP_SYN_SENT:
		x_note(x, "SYN_SENT: tcp_rcv_synsent_state_process", 0, 0, 0, 0);
		return tcp_goto(x, ST_tcp_rcv_synsent, h, CUR(x)->arg);
	case TCP_SYN_RECV:
		return rsp_syn_recv(x, h, s);
	default:
		return rsp_other(x, h, s);
	}
}

static uint32_t req_new(struct world *w, uint32_t lis, struct seg s,
			bool cookie)
{
	uint32_t rh = tcp_sock_new(w);
	struct sock *rq;

	if (!rh)
		return 0;
	rq = &w->sock[rh - 1];
	char base[17];

	snprintf(base, sizeof(base), "%s", w->sock[lis - 1].name);
	snprintf(rq->name, sizeof(rq->name), "%s(req)", base);
	rq->proto = IPPROTO_TCP;
	rq->bound = true;
	rq->state = TCP_NEW_SYN_RECV;
	rq->listener = lis;
	rq->laddr = s.daddr;
	rq->lport = s.dport;
	rq->daddr = s.saddr;
	rq->dport = s.sport;
	rq->rcv_isn = s.seq;
	rq->rcv_nxt = rq->copied_seq = rq->rcv_wup = s.seq + 1;
	rq->snd_isn = tcp_isn(s.daddr, s.saddr, s.dport, s.sport) ^
		      (cookie ? COOKIE_KEY : 0);
	rq->snd_una = rq->snd_isn;
	rq->snd_nxt = rq->write_seq = rq->snd_sml = rq->snd_isn + 1;
	rq->rcv_wnd = TCP_INIT_RCV_WND;
	rq->mss = TCP_MSS_DEFAULT;
	rq->rcvbuf = TCP_RMEM_DEFAULT;
	return rh;
}

enum { CR_ENTRY, CR_SENT };

/* tcp_conn_request: the SYN queue, the accept queue, a request sock (or a
 * cookie) and the SYN-ACK. */
void st_tcp_conn_request(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb, lis = CUR(x)->arg, rh;
	struct sock *l = &w->sock[lis - 1];
	bool cookie;

	if (CUR(x)->arg2 == CR_SENT)
		return x_end(x);
	if (CUR(x)->arg2 > CR_SENT) {
		/* a cookie keeps no state: the request sock goes */
		pool_free(&w->sock_pool, w->sock_next, CUR(x)->arg2 >> 8);
		return x_end(x);
	}
	cookie = tcp_synq_full(l->syn_qlen, l->max_ack_backlog);
	if (cookie) {
		snmp_inc(w, x->s, CTR_TcpExtTCPReqQFullDoCookies, 1);
		l->synq_overflow = w->now ? w->now : 1;
	}
	if (tcp_acceptq_full(l->ack_backlog, l->max_ack_backlog)) {
		snmp_inc(w, x->s, CTR_TcpExtListenOverflows, 1);
		snmp_inc(w, x->s, CTR_TcpExtListenDrops, 1);
		x_note(x, "accept queue (全连接队列) full: %u > backlog %u: "
		       "ListenOverflows, ListenDrops; no SYN-ACK", l->ack_backlog,
		       l->max_ack_backlog, 0, 0);
		return x_end(x);
	}
	if (!(rh = req_new(w, lis, seg_of(SKB(w, h)), cookie))) {
		snmp_inc(w, x->s, CTR_TcpExtListenDrops, 1);
		x_note(x, "no room for a request sock: ListenDrops", 0, 0, 0, 0);
		return x_end(x);
	}
	if (cookie) {
		snmp_inc(w, x->s, CTR_TcpExtSyncookiesSent, 1);
		x_note(x, "SYN queue (半连接队列) full: %u > backlog %u: "
		       "TCPReqQFullDoCookies; answer with a SYN cookie "
		       "(SyncookiesSent), keep nothing", l->syn_qlen,
		       l->max_ack_backlog, 0, 0);
		CUR(x)->arg2 = CR_SENT + 1 + (rh << 8);
	} else {
		l->syn_qlen++;
		/* inet_csk_reqsk_queue_hash_add: rsk_timer, TCP_TIMEOUT_INIT */
		w->sock[rh - 1].syn_pkt = SKB(w, h)->pkt;
		w->sock[rh - 1].rtt_tx_at = w->now ? w->now : 1;
		tcp_reset_xmit_timer(w, rh, TCP_TIMEOUT_INIT_NS);
		x_note(x, "request sock (TCP_NEW_SYN_RECV) into the SYN queue "
		       "(半连接队列): %u of backlog %u; ISN %u; its timer: 1 s",
		       l->syn_qlen, l->max_ack_backlog, w->sock[rh - 1].snd_isn,
		       0);
		CUR(x)->arg2 = CR_SENT;
	}
	x_call(x, ST_tcp_v4_send_synack, h, ST_tcp_conn_request);
	CUR(x)->arg = rh;
}

/* ---- the final ACK ---- */

static uint32_t child_new(struct world *w, uint32_t req)
{
	uint32_t ch = tcp_sock_new(w);
	struct sock *rq = &w->sock[req - 1], *c, *l;
	char base[17];

	if (!ch)
		return 0;
	c = &w->sock[ch - 1];
	l = &w->sock[rq->listener - 1];
	*c = *rq;
	snprintf(base, sizeof(base), "%s", l->name);
	snprintf(c->name, sizeof(c->name), "%s.%u", base, ++l->children);
	c->state = TCP_SYN_RECV;
	c->quick = TCP_MAX_QUICKACKS;
	c->inet_id = (uint16_t)(c->snd_isn >> 16);
	c->acceptq_seq = ++w->sock[rq->listener - 1].acceptq_seq;
	/* tcp_synack_rtt_meas: the RTT of a SYN-ACK sent once */
	tcp_init_rto(c, rq->rtt_tx_at, rq->retransmits > 0, w->now);
	return ch;
}

/* tcp_check_req: the segment for a request sock.  A good ACK makes the
 * child (tcp_v4_syn_recv_sock -> tcp_create_openreq_child: PassiveOpens)
 * and moves it from the SYN queue to the accept queue
 * (inet_csk_complete_hashdance). */
void st_tcp_check_req(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb, req = CUR(x)->arg, ch;
	struct sock *rq = &w->sock[req - 1];
	uint32_t lis = rq->listener;
	struct sock *l = &w->sock[lis - 1];
	struct seg s = seg_of(SKB(w, h));

	if (s.flags & (TCPHDR_RST | TCPHDR_SYN)) {
		snmp_inc(w, x->s, CTR_TcpAttemptFails, 1);
		x_note(x, "RST or SYN for a request sock: AttemptFails; "
		       "embryonic reset", 0, 0, 0, 0);
		if (s.flags & TCPHDR_RST) {
			pool_free(&w->sock_pool, w->sock_next, req);
			l->syn_qlen--;
			x_consume(x, h);
			return x_end(x);
		}
		return tcp_goto(x, ST_tcp_v4_send_reset, h, 0);
	}
	if (!(s.flags & TCPHDR_ACK)) {
		x_note(x, "no ACK: silently dropped", 0, 0, 0, 0);
		x_drop(x, h, DROP_NOT_SPECIFIED);
		return x_end(x);
	}
	if (s.ack != rq->snd_isn + 1) {
		x_note(x, "ack %u is not the SYN-ACK's ISN + 1 (%u): back to the "
		       "listener", s.ack, rq->snd_isn + 1, 0, 0);
		return tcp_goto(x, ST_tcp_v4_do_rcv, h, lis);
	}
	if (tcp_acceptq_full(l->ack_backlog, l->max_ack_backlog) ||
	    !(ch = child_new(w, req))) {
		snmp_inc(w, x->s, CTR_TcpExtListenOverflows, 1);
		snmp_inc(w, x->s, CTR_TcpExtListenDrops, 1);
		x_note(x, "accept queue (全连接队列) full: %u > backlog %u: "
		       "ListenOverflows, ListenDrops; the request sock stays "
		       "(acked)", l->ack_backlog, l->max_ack_backlog, 0, 0);
		x_drop(x, h, DROP_TCP_LISTEN_OVERFLOW);
		return x_end(x);
	}
	snmp_inc(w, x->s, CTR_TcpPassiveOpens, 1);
	pool_free(&w->sock_pool, w->sock_next, req);
	l->syn_qlen--;
	l->ack_backlog++;
	x_note(x, "ack = ISN + 1: child %s made (PassiveOpens), out of the "
	       "SYN queue into the accept queue (%u waiting)", l->ack_backlog,
	       0, 0, 0);
	x->s->note_str = w->sock[ch - 1].name;
	tcp_goto(x, ST_tcp_child_process, h, ch);
}

/* tcp_child_process: the child runs the segment; the parent's
 * sk_data_ready then wakes a task sleeping in accept(). */
void st_tcp_child_process(struct exec *x)
{
	uint32_t ch = CUR(x)->arg;

	if (CUR(x)->arg2) {
		x_note(x, "the child left SYN_RECV: the listener's sk_data_ready",
		       0, 0, 0, 0);
		return tcp_goto(x, ST_sock_def_readable, 0,
				x->w->sock[ch - 1].listener);
	}
	x_note(x, "tcp_rcv_state_process on the child %s", 0, 0, 0, 0);
	x->s->note_str = x->w->sock[ch - 1].name;
	CUR(x)->arg2 = 1;
	x_call(x, ST_tcp_rcv_state_process, CUR(x)->skb, ST_tcp_child_process);
}

/* ---- an established connection ---- */

void st_tcp_rcv_established(struct exec *x)
{
	uint32_t h = CUR(x)->skb;
	struct sock *sk = SK(x);
	struct seg s = seg_of(SKB(x->w, h));

	if (s.seq != sk->rcv_nxt && !(s.flags & (TCPHDR_RST | TCPHDR_SYN))) {
		/* header prediction fails: the slow path checks the sum, then
		 * tcp_validate_incoming */
		if (!tcp_checksum_complete(SKB(x->w, h)))
			return tcp_csum_error(x, h);
		x_note(x, "seq %u is not rcv_nxt %u: the slow path, "
		       "tcp_validate_incoming", s.seq, sk->rcv_nxt, 0, 0);
		return tcp_goto(x, ST_tcp_validate_incoming, h, CUR(x)->arg);
	}
	if (s.seq != sk->rcv_nxt) {
		x_note(x, "a reset or SYN not at rcv_nxt %u (challenge ACK not "
		       "modelled): drop", sk->rcv_nxt, 0, 0, 0);
		x_drop(x, h, DROP_TCP_OLD_SEQUENCE);
		return x_end(x);
	}
	if (s.flags & TCPHDR_RST) {
		x_note(x, "a reset at rcv_nxt: tcp_reset", 0, 0, 0, 0);
		return tcp_goto(x, ST_tcp_reset, h, CUR(x)->arg);
	}
	if (s.flags & TCPHDR_SYN) {
		x_note(x, "a SYN on an established connection (challenge ACK "
		       "not modelled): drop", 0, 0, 0, 0);
		x_drop(x, h, DROP_TCP_FLAGS);
		return x_end(x);
	}
	if (!CUR(x)->arg2 && !tcp_checksum_complete(SKB(x->w, h)))
		return tcp_csum_error(x, h);
	if (!CUR(x)->arg2 && acks_new(sk, s) && sk->wq.head) {
		if (!s.len && !(s.flags & TCPHDR_FIN))
			snmp_inc(x->w, x->s, CTR_TcpExtTCPHPAcks, 1);
		x_note(x, "ack %u acknowledges our data: tcp_ack", s.ack, 0, 0, 0);
		CUR(x)->arg2 = 1;
		return x_call(x, ST_tcp_ack, h, ST_tcp_rcv_established);
	}
	if (s.len || (s.flags & TCPHDR_FIN)) {
		/* header prediction: a FIN misses it, and so does the first
		 * data, which must charge sk_forward_alloc on the slow path,
		 * and data while the out-of-order queue holds some (pred_flags
		 * is 0 until tcp_fast_path_check finds it empty) */
		if (!(s.flags & TCPHDR_FIN) && sk->fwd_alloc && !sk->ofo.head)
			snmp_inc(x->w, x->s, CTR_TcpExtTCPHPHits, 1);
		sk->fwd_alloc = true;
		x_note(x, (s.flags & TCPHDR_FIN) ? "seq = rcv_nxt, %u bytes and "
		       "a FIN: tcp_data_queue" : "seq = rcv_nxt, %u bytes: "
		       "tcp_data_queue", s.len, 0, 0, 0);
		return tcp_goto(x, ST_tcp_data_queue, h, CUR(x)->arg);
	}
	if (CUR(x)->arg2) {
		x_note(x, "a pure ACK: done, free it", 0, 0, 0, 0);
		x_consume(x, h);
		return x_end(x);
	}
	if (acks_new(sk, s)) {
		sk->snd_una = s.ack;
		tcp_ack_rearm(x->w, CUR(x)->arg, s.ack == sk->snd_nxt);
		snmp_inc(x->w, x->s, CTR_TcpExtTCPHPAcks, 1);
	} else {
		snmp_inc(x->w, x->s, CTR_TcpExtTCPPureAcks, 1);
	}
	x_note(x, "a pure ACK (ack %u): tcp_ack, free it", s.ack, 0, 0, 0);
	x_consume(x, h);
	x_end(x);
}

#define TCP_DELACK_MIN_NS 40000000ull   /* HZ / 25 */

/* The ACK decision after data (__tcp_ack_snd_check): at once in quick-ACK
 * mode or when `now`, else the delayed-ACK timer (tcp_send_delayed_ack). */
void tcp_ack_snd_check(struct exec *x, struct sock *sk, bool now,
		       enum stage st, uint32_t resume)
{
	/* resume != 1: a drop answered by an ACK; tcp_enter_quickack_mode
	 * ran first, so the ACK always goes now there */
	if (now || resume != 1 || (sk->quick && !sk->pingpong)) {
		if (sk->quick)   /* tcp_event_ack_sent: tcp_dec_quickack_mode */
			sk->quick--;
		if (now)
			x_note(x, "the out-of-order queue is not empty or a gap "
			       "was just filled (ICSK_ACK_NOW): ACK now", 0, 0,
			       0, 0);
		else
			x_note(x, "quick-ACK mode (%u left): ACK now",
			       sk->quick, 0, 0, 0);
		CUR(x)->arg2 = resume;
		return x_call(x, ST_tcp_send_ack, CUR(x)->skb, st);
	}
	if (!sk->delack)
		ev_push(x->w, x->w->now + TCP_DELACK_MIN_NS, EV_TCP_DELACK,
			CUR(x)->arg);
	sk->delack = true;
	x_note(x, "queued; not in quick-ACK mode (pingpong after a FIN, or "
	       "quick ACKs used up): the delayed-ACK timer sends the ACK in "
	       "40 ms", 0, 0, 0, 0);
	tcp_goto(x, ST_sock_def_readable, 0, CUR(x)->arg);
}

/* tcp_delack_timer_handler: the ACK held back is sent now. */
void st_tcp_delack_timer(struct exec *x)
{
	struct sock *sk = SK(x);

	if (CUR(x)->arg2)
		return x_end(x);
	if (!sk->delack || sk->state == TCP_CLOSE) {
		x_note(x, "no ACK pending any more", 0, 0, 0, 0);
		return x_end(x);
	}
	snmp_inc(x->w, x->s, CTR_TcpExtDelayedACKs, 1);
	x_note(x, "the delayed ACK for %s: DelayedACKs", 0, 0, 0, 0);
	x->s->note_str = sk->name;
	CUR(x)->arg2 = 1;
	x_call(x, ST_tcp_send_ack, 0, ST_tcp_delack_timer);
}

enum { DQ_READY = 1, DQ_DROP, DQ_OFO };

/* tcp_receive_window: what is left of the window offered (tcp.h's model:
 * its right edge stays at the peer's ISN + 1 + rcv_wnd). */
uint32_t tcp_receive_window(const struct sock *sk)
{
	uint32_t used = sk->rcv_nxt - (sk->rcv_isn + 1);

	return used < sk->rcv_wnd ? sk->rcv_wnd - used : 0;
}

/* tcp_data_queue's branches for a segment not at rcv_nxt: all old
 * (TCP_OLD_DATA), past the window (TCP_OVERWINDOW) -- both answered by an
 * ACK at once -- partly old (trimmed, then queued), or out of order. */
static void data_queue_not_next(struct exec *x, struct sock *sk, struct seg s,
				uint32_t h)
{
	uint32_t end = s.seq + s.len + !!(s.flags & TCPHDR_FIN);
	enum drop_reason r;

	if ((int32_t)(end - sk->rcv_nxt) <= 0) {
		snmp_inc(x->w, x->s, CTR_TcpExtDelayedACKLost, 1);
		r = DROP_TCP_OLD_DATA;
		x_note(x, "seq %u..%u is all before rcv_nxt %u: a retransmit, "
		       "our ACK was lost (DelayedACKLost); quick-ACK mode",
		       s.seq, end, sk->rcv_nxt, 0);
	} else if ((int32_t)(s.seq - (sk->rcv_nxt + tcp_receive_window(sk)))
		   >= 0) {
		r = DROP_TCP_OVERWINDOW;
		x_note(x, "seq %u is at or past the window's right edge %u: "
		       "quick-ACK mode", s.seq,
		       sk->rcv_nxt + tcp_receive_window(sk), 0, 0);
	} else {
		x_note(x, "seq %u is after rcv_nxt %u: tcp_data_queue_ofo",
		       s.seq, sk->rcv_nxt, 0, 0);
		return tcp_goto(x, ST_tcp_data_queue_ofo, h, CUR(x)->arg);
	}
	tcp_enter_quickack_mode(sk);
	sk->quick--;   /* the ACK below: tcp_dec_quickack_mode */
	CUR(x)->arg2 = DQ_DROP;
	CUR(x)->ret = r;
	x_call(x, ST_tcp_send_ack, h, ST_tcp_data_queue);
}

/* tcp_data_queue: in-order data (and a FIN) onto sk_receive_queue;
 * tcp_fin moves ESTABLISHED to CLOSE_WAIT; a filled gap lets
 * tcp_ofo_queue move what waited. */
void st_tcp_data_queue(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sock *sk = SK(x);
	struct sk_buff *skb;
	struct seg s;

	switch (CUR(x)->arg2) {
	case DQ_READY:
		x_note(x, "sk_data_ready", 0, 0, 0, 0);
		return tcp_goto(x, ST_sock_def_readable, 0, CUR(x)->arg);
	case DQ_DROP:
		x_note(x, "the ACK is sent; the segment is dropped", 0, 0, 0, 0);
		x_drop(x, h, (enum drop_reason)CUR(x)->ret);
		return x_end(x);
	case DQ_OFO:
		return tcp_ack_snd_check(x, sk, true, ST_tcp_data_queue,
					 DQ_READY);
	}
	skb = SKB(w, h);
	s = seg_of(skb);
	if (s.seq != sk->rcv_nxt &&
	    !((int32_t)(s.seq - sk->rcv_nxt) < 0 &&
	      (int32_t)(s.seq + s.len - sk->rcv_nxt) > 0))
		return data_queue_not_next(x, sk, s, h);
	sk->fwd_alloc = true;   /* tcp_try_rmem_schedule charged it */
	if (s.seq != sk->rcv_nxt) {
		/* partly old: the kernel keeps the skb and tcp_recvmsg skips
		 * the old bytes; netstep trims them here */
		uint32_t old = sk->rcv_nxt - s.seq;

		skb_pull(skb, (uint16_t)old);
		s.len -= old;
	}
	skb_pull(skb, s.doff);
	sk->rcv_nxt += s.len;
	if (s.flags & TCPHDR_FIN) {
		sk->rcv_nxt++;
		sk->rcv_shutdown = true;
		if (sk->state == TCP_ESTABLISHED)
			sk->state = TCP_CLOSE_WAIT;
		sk->pingpong = true;
	}
	if (s.len && sk->rq.tail && SKB(w, sk->rq.tail)->len &&
	    !(SKB(w, sk->rq.tail)->buf[SKB(w, sk->rq.tail)->transport_header +
				       TCP_OFF_FLAGS] & TCPHDR_FIN))
		/* tcp_try_coalesce: the kernel merges the bytes into the tail
		 * skb; netstep keeps the skb and counts the merge */
		snmp_inc(w, x->s, CTR_TcpExtTCPRcvCoalesce, 1);
	sk->rmem += skb->truesize;
	skb->wait_stage = ST_tcp_data_queue;
	skbq_tail(w, &sk->rq, h);
	x_fate(x, h, FATE_DELIVERED, DROP_NONE);
	x->s->fate.sock = CUR(x)->arg;
	if (s.flags & TCPHDR_FIN)
		x_note(x, "%u bytes and a FIN: tcp_fin, ESTABLISHED -> "
		       "CLOSE_WAIT; rcv_nxt %u", s.len, sk->rcv_nxt, 0, 0);
	else
		x_note(x, "%u bytes queued; rcv_nxt %u, Recv-Q %u", s.len,
		       sk->rcv_nxt, sk->rcv_nxt - sk->copied_seq, 0);
	if (sk->ofo.head) {
		CUR(x)->arg2 = DQ_OFO;
		return x_call(x, ST_tcp_ofo_queue, h, ST_tcp_data_queue);
	}
	tcp_ack_snd_check(x, sk, false, ST_tcp_data_queue, DQ_READY);
}

/* tcp_reset: the error the application will see, then tcp_done. */
void st_tcp_reset(struct exec *x)
{
	struct sock *sk = SK(x);

	sk->sk_err = sk->state == TCP_SYN_SENT ? -ECONNREFUSED_NS :
		     sk->state == TCP_CLOSE_WAIT ? -EPIPE_NS : -ECONNRESET_NS;
	x_note(x, "%s -> CLOSE; the socket's error is %d", sk->sk_err, 0, 0, 0);
	x->s->note_str = tcp_state_name(sk->state);
	tcp_done(x, sk);
	x_consume(x, CUR(x)->skb);
	x_end(x);
}

/* tcp_rcv_synsent_state_process: the answer to our SYN. */
void st_tcp_rcv_synsent(struct exec *x)
{
	uint32_t h = CUR(x)->skb;
	struct sock *sk = SK(x);
	struct seg s = seg_of(SKB(x->w, h));

	if (CUR(x)->arg2) {
		x_consume(x, h);
		return x_return(x, 0);
	}
	if ((s.flags & TCPHDR_ACK) && s.ack != sk->snd_nxt) {
		x_note(x, "ack %u is not our ISN + 1: reset", s.ack, 0, 0, 0);
		return x_return(x, DROP_TCP_FLAGS);
	}
	if (s.flags & TCPHDR_RST) {
		if (!(s.flags & TCPHDR_ACK)) {
			x_note(x, "a reset without ACK: ignored", 0, 0, 0, 0);
			x_drop(x, h, DROP_TCP_FLAGS);
			return x_return(x, 0);
		}
		x_note(x, "RST|ACK for our SYN: connection refused", 0, 0, 0, 0);
		return tcp_goto(x, ST_tcp_reset, h, CUR(x)->arg);
	}
	if ((s.flags & (TCPHDR_SYN | TCPHDR_ACK)) != (TCPHDR_SYN | TCPHDR_ACK)) {
		x_note(x, "not a SYN-ACK (simultaneous open not modelled): drop",
		       0, 0, 0, 0);
		x_drop(x, h, DROP_TCP_FLAGS);
		return x_return(x, 0);
	}
	sk->rcv_isn = s.seq;
	sk->rcv_nxt = sk->copied_seq = sk->rcv_wup = s.seq + 1;
	sk->snd_una = s.ack;
	/* tcp_ack: the SYN's RTT (none if it was retransmitted) */
	tcp_init_rto(sk, sk->rtt_tx_at, sk->retransmits > 0, x->w->now);
	sk->snd_wnd = s.win;
	sk->mss = TCP_MSS_DEFAULT;   /* the SYN-ACKs here carry no MSS option */
	sk->state = TCP_ESTABLISHED;
	sk->quick = TCP_MAX_QUICKACKS;
	/* tcp_ack: our SYN is acknowledged, tcp_count_delivered */
	snmp_inc(x->w, x->s, CTR_TcpExtTCPDelivered, 1);
	x_note(x, "SYN-ACK: SYN_SENT -> ESTABLISHED (TCPDelivered: our SYN "
	       "is acknowledged); tcp_send_ack", 0, 0, 0, 0);
	CUR(x)->arg2 = 1;
	x_call(x, ST_tcp_send_ack, h, ST_tcp_rcv_synsent);
}

/* ---- the application ---- */

/* The caller (__sys_recvfrom) loops while its count lasts; 0 stops it. */
static void recv_stop(struct exec *x, int32_t ret)
{
	x->t->stack[x->t->depth - 1].arg2 = 0;
	x->s->has_sys_ret = true;
	x->s->sys_ret = ret;
}

/* inet_csk_accept: the oldest child of the accept queue. */
void st_inet_csk_accept(struct exec *x)
{
	struct world *w = x->w;
	struct sock *l = SK(x);
	uint32_t ch = tcp_acceptq_head(w, CUR(x)->arg);

	if (!ch) {
		x_note(x, "accept queue empty: EAGAIN", 0, 0, 0, 0);
		recv_stop(x, -EAGAIN_NS);
		return x_end(x);
	}
	w->sock[ch - 1].acceptq_seq = 0;
	l->ack_backlog--;
	x->s->has_sys_ret = true;
	x->s->sys_ret = 0;
	x_note(x, "accept(): %s leaves the accept queue (%u still waiting)",
	       l->ack_backlog, 0, 0, 0);
	x->s->note_str = w->sock[ch - 1].name;
	x_end(x);
}

#define TCP_RECV_BUF 65536u   /* the oracle's recv() buffer */

/* tcp_recvmsg: copies what is queued, up to the buffer; at the FIN with
 * nothing copied it returns 0 (end of file). */
void st_tcp_recvmsg(struct exec *x)
{
	struct world *w = x->w;
	struct sock *sk = SK(x);
	uint32_t copied = 0, h;

	while ((h = sk->rq.head) && copied < TCP_RECV_BUF) {
		struct sk_buff *skb = SKB(w, h);
		uint32_t take = skb->len - sk->rq_off;

		if (take > TCP_RECV_BUF - copied)
			take = TCP_RECV_BUF - copied;
		copied += take;
		sk->copied_seq += take;
		sk->rq_off += take;
		if (sk->rq_off < skb->len)
			break;
		if (skb->buf[skb->transport_header + TCP_OFF_FLAGS] & TCPHDR_FIN) {
			if (copied)
				break;
			sk->copied_seq++;   /* found_fin_ok */
		}
		skbq_dequeue(w, &sk->rq);
		sk->rmem -= skb->truesize;
		sk->rq_off = 0;
		skb_free(w, h);
	}
	if (!copied && !sk->rcv_shutdown) {
		x_note(x, sk->sk_err ? "pending socket error returned" :
		       "nothing queued: EAGAIN", 0, 0, 0, 0);
		recv_stop(x, sk->sk_err ? sk->sk_err : -EAGAIN_NS);
		sk->sk_err = 0;
		return x_end(x);
	}
	x->s->has_sys_ret = true;
	x->s->sys_ret = (int32_t)copied;
	x_note(x, copied ? "copied %u bytes; Recv-Q now %u" :
	       "the peer's FIN: 0 (end of file)", copied,
	       sk->rcv_nxt - sk->copied_seq, 0, 0);
	x_end(x);
}
