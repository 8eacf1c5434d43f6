/*
 * tcp_timer.c: TCP's retransmission timer and the RTO behind it
 * (net/ipv4/tcp_timer.c tcp_retransmit_timer, tcp_write_timeout and
 * tcp_write_err; tcp_output.c tcp_retransmit_skb and tcp_rtx_synack;
 * inet_connection_sock.c reqsk_timer_handler; tcp_input.c
 * tcp_rtt_estimator and tcp_set_rto; Linux 6.18, HZ=250).
 *
 * One timer per socket, ICSK_TIME_RETRANS, is an EV_TCP_RETRANS event at
 * sk->rto_at (0: off; an event finding another time is stale and does
 * nothing).  Like the TIME_WAIT timer it does not keep `run idle` from
 * ending: a host with only this timer left is settled, and only `run
 * TIME` lets retransmissions happen (engine_settled).
 *
 *   armed   tcp_connect (the SYN, 1 s: TCP_TIMEOUT_INIT), a request sock
 *           (its SYN-ACK, 1 s), new data sent with nothing in flight
 *           (tcp_event_new_data_sent -> tcp_rearm_rto, the current RTO)
 *   rearmed an ACK of new data with data still in flight (RTO from now)
 *   off     everything acknowledged, tcp_done, the timewait sock
 *   fires   tcp_retransmit_timer: TCPTimeouts; tcp_write_timeout decides
 *           to give up (tcp_write_err: ETIMEDOUT, TCPAbortOnTimeout), else
 *           the head of the queue goes again (tcp_retransmit_skb:
 *           RetransSegs, not OutSegs) and the RTO doubles (icsk_backoff),
 *           up to TCP_RTO_MAX 120 s.  A SYN's first tcp_syn_linear_timeouts
 *           timeouts do not double.
 *
 * Giving up is a matter of time, not of counting (retransmits_timed_out,
 * tcp_model_timeout): a SYN when the time since it was first sent reaches
 * what tcp_syn_retries retransmissions would take with the RTO doubling
 * from 1 s, (2^(n+1) - 1) s -- so the linear timeouts buy more SYNs in the
 * same time (6.18 gives up on a SYN with syn_retries 1 at 3 s, after 2
 * SYNs at linear 0 and 3 SYNs at linear 4); a connection when the time
 * since its first retransmission reaches what tcp_retries2 retransmissions
 * would take from TCP_RTO_MIN 200 ms (a large RTT gives up after fewer);
 * an orphan likewise with tcp_orphan_retries (0 means 8).  A request sock
 * resends its SYN-ACK after 1, 2, 4... s and is dropped on the timeout
 * after tcp_synack_retries resends.
 *
 * RTO: 1 s until an RTT sample; the handshake gives the first one (SYN to
 * SYN-ACK, or SYN-ACK to the final ACK, when not retransmitted, else the
 * RTO falls back to 3 s: tcp_init_metrics), then one timed segment at a
 * time (Karn: never a retransmitted one).  RTO = srtt + max(4 mdev,
 * TCP_RTO_MIN 200 ms), rounded up to jiffies.
 *
 * Not modelled: tail loss probes and RACK (both need SACK, which
 * netstep's option-less peers never offer), F-RTO, cwnd reduction,
 * zero-window probes, TCP_USER_TIMEOUT, the timer wheel's slack (the
 * kernel's 1 s timers fire up to 32 ms late), the SYN queue's "young"
 * request threshold and defer-accept.
 */
#include <string.h>

#include "net.h"
#include "tcp.h"
#include "tcp_int.h"

#define ETIMEDOUT_NS 110

static struct sock *SK(struct exec *x)
{
	return &x->w->sock[CUR(x)->arg - 1];
}

/* ---- the arithmetic (pure; tcp.h) ---- */

uint64_t tcp_rto_backoff(uint64_t rto)
{
	return rto >= TCP_RTO_MAX_NS / 2 ? TCP_RTO_MAX_NS : rto << 1;
}

uint64_t reqsk_timeout(uint32_t num_timeout)
{
	return num_timeout >= 7 ? TCP_RTO_MAX_NS :
	       TCP_TIMEOUT_INIT_NS << num_timeout;
}

static unsigned ilog2u(uint32_t v)
{
	unsigned r = 0;

	while (v >>= 1)
		r++;
	return r;
}

uint64_t tcp_model_timeout_ms(uint32_t boundary, uint32_t rto_base_j)
{
	uint32_t thresh = ilog2u(TCP_RTO_MAX_J / rto_base_j);
	uint64_t t;

	if (boundary <= thresh)
		t = ((2ull << boundary) - 1) * rto_base_j;
	else
		t = ((2ull << thresh) - 1) * rto_base_j +
		    (uint64_t)(boundary - thresh) * TCP_RTO_MAX_J;
	return t * (1000 / TCP_HZ);
}

bool tcp_syn_expired(uint32_t retransmits, uint32_t syn_retries,
		     uint64_t since_syn)
{
	return retransmits && since_syn >=
	       tcp_model_timeout_ms(syn_retries, TCP_TIMEOUT_INIT_J) *
	       1000000ull;
}

void tcp_rtt_estimator(struct tcp_rtt *r, int64_t m, uint32_t snd_una,
		       uint32_t snd_nxt)
{
	int64_t srtt = r->srtt_us;

	if (m <= 0)
		m = 1;
	if (srtt) {
		m -= srtt >> 3;          /* m is the error in the estimate */
		srtt += m;               /* srtt = 7/8 srtt + 1/8 new */
		if (m < 0) {
			m = -m;
			m -= r->mdev_us >> 2;
			if (m > 0)
				m >>= 3;
		} else {
			m -= r->mdev_us >> 2;
		}
		r->mdev_us = (uint32_t)((int64_t)r->mdev_us + m);
		if (r->mdev_us > r->mdev_max_us) {
			r->mdev_max_us = r->mdev_us;
			if (r->mdev_max_us > r->rttvar_us)
				r->rttvar_us = r->mdev_max_us;
		}
		if ((int32_t)(snd_una - r->rtt_seq) > 0) {
			if (r->mdev_max_us < r->rttvar_us)
				r->rttvar_us -= (r->rttvar_us -
						 r->mdev_max_us) >> 2;
			r->rtt_seq = snd_nxt;
			r->mdev_max_us = TCP_RTO_MIN_US;
		}
	} else {
		srtt = m << 3;           /* the first sample is the RTT */
		r->mdev_us = (uint32_t)(m << 1);
		r->rttvar_us = r->mdev_us > TCP_RTO_MIN_US ? r->mdev_us :
			       TCP_RTO_MIN_US;
		r->mdev_max_us = r->rttvar_us;
		r->rtt_seq = snd_nxt;
	}
	r->srtt_us = srtt > 0 ? (uint32_t)srtt : 1;
}

uint64_t tcp_set_rto(const struct tcp_rtt *r)
{
	uint64_t us = (r->srtt_us >> 3) + (uint64_t)r->rttvar_us;
	uint64_t j = (us + TCP_JIFFY_US - 1) / TCP_JIFFY_US;
	uint64_t rto = j * TCP_JIFFY_US * 1000;

	return rto < TCP_RTO_MAX_NS ? rto : TCP_RTO_MAX_NS;
}

/* ---- the socket side (tcp_int.h) ---- */

void tcp_reset_xmit_timer(struct world *w, uint32_t skh, uint64_t when)
{
	struct sock *sk = &w->sock[skh - 1];

	sk->rto_at = w->now + when;
	ev_push(w, sk->rto_at, EV_TCP_RETRANS, skh);
}

void tcp_rtt_sample(struct world *w, struct sock *sk, uint64_t sent)
{
	tcp_rtt_estimator(&sk->rtt, (int64_t)((w->now - sent) / 1000),
			  sk->snd_una, sk->snd_nxt);
	sk->rto = tcp_set_rto(&sk->rtt);
	sk->backoff = 0;   /* RFC 6298: only with a valid sample */
}

void tcp_init_rto(struct sock *sk, uint64_t synack_or_syn_sent, bool rtx,
		  uint64_t now)
{
	memset(&sk->rtt, 0, sizeof(sk->rtt));
	sk->rto_at = 0;
	sk->retransmits = 0;
	sk->backoff = 0;
	sk->retrans_stamp = 0;
	sk->rtt_tx_at = 0;
	if (rtx || !synack_or_syn_sent) {
		/* tcp_init_metrics: no sample from the handshake */
		sk->rtt.rttvar_us = sk->rtt.mdev_us = sk->rtt.mdev_max_us =
			(uint32_t)(TCP_TIMEOUT_FALLBACK_NS / 1000);
		sk->rto = TCP_TIMEOUT_FALLBACK_NS;
		return;
	}
	tcp_rtt_estimator(&sk->rtt, (int64_t)((now - synack_or_syn_sent) /
			  1000), sk->snd_una, sk->snd_nxt);
	sk->rto = tcp_set_rto(&sk->rtt);
}

void tcp_ack_rearm(struct world *w, uint32_t skh, bool all_acked)
{
	struct sock *sk = &w->sock[skh - 1];

	sk->retransmits = 0;
	if (sk->rtt_tx_at && sk->snd_una - sk->rtt_tx_end < 0x80000000u) {
		tcp_rtt_sample(w, sk, sk->rtt_tx_at);
		sk->rtt_tx_at = 0;
	}
	if (all_acked) {
		sk->rto_at = 0;   /* inet_csk_clear_xmit_timer */
		sk->retrans_stamp = 0;
		return;
	}
	tcp_reset_xmit_timer(w, skh, sk->rto);
}

void tcp_new_data_sent(struct world *w, uint32_t skh, bool prior_in_flight,
		       uint32_t end_seq)
{
	struct sock *sk = &w->sock[skh - 1];

	if (!sk->rto)
		sk->rto = TCP_TIMEOUT_INIT_NS;
	if (!sk->rtt_tx_at) {
		sk->rtt_tx_at = w->now ? w->now : 1;
		sk->rtt_tx_end = end_seq;
	}
	if (!prior_in_flight || !sk->rto_at)
		tcp_reset_xmit_timer(w, skh, sk->rto);
}

enum stage tcp_timer_stage(const struct world *w, uint32_t skh)
{
	return w->sock[skh - 1].state == TCP_NEW_SYN_RECV ?
	       ST_reqsk_timer_handler : ST_tcp_retransmit_timer;
}

/* ---- the connection's timer ---- */

/* tcp_write_timeout: true when it is time to give up. */
static bool tcp_write_timeout(struct exec *x, struct sock *sk)
{
	const int64_t *sys = x->w->sysctl;
	uint32_t until;

	if (sk->state == TCP_SYN_SENT || sk->state == TCP_SYN_RECV)
		return tcp_syn_expired(sk->retransmits,
				       (uint32_t)sys[SYS_tcp_syn_retries],
				       x->w->now - sk->retrans_stamp);
	until = (uint32_t)sys[SYS_tcp_retries2];
	if (sk->orphan) {
		/* tcp_orphan_retries: 0 means 8 while the RTO is below max */
		until = (uint32_t)sys[SYS_tcp_orphan_retries];
		if (!until && sk->rto < TCP_RTO_MAX_NS)
			until = 8;
	}
	if (!sk->retransmits)
		return false;
	return x->w->now - sk->retrans_stamp >=
	       tcp_model_timeout_ms(until, TCP_RTO_MIN_J) * 1000000ull;
}

static bool tcp_timer_stale(const struct world *w, uint32_t skh)
{
	const struct sock *sk = &w->sock[skh - 1];

	return !pool_is_used(&w->sock_pool, w->sock_next, skh) ||
	       !sk->rto_at || sk->rto_at > w->now ||
	       sk->state == TCP_CLOSE || sk->state == TCP_LISTEN ||
	       sk->state == TCP_TIME_WAIT || !sk->state;
}

static void rtx_timer_rearm(struct exec *x, struct sock *sk)
{
	bool linear = sk->state == TCP_SYN_SENT &&
		      sk->backoff + 1u <=
		      (uint32_t)x->w->sysctl[SYS_tcp_syn_linear_timeouts];

	sk->backoff++;
	if (!linear)
		sk->rto = tcp_rto_backoff(sk->rto);
	tcp_reset_xmit_timer(x->w, CUR(x)->arg, sk->rto);
	x_note(x, linear ? "icsk_backoff %u; a SYN's linear timeout: the RTO "
	       "stays %u ms; the timer fires again in %u ms" :
	       "icsk_backoff %u; the RTO doubles to %u ms (at most 120 s); the "
	       "timer fires again in %u ms", sk->backoff,
	       (int64_t)(sk->rto / 1000000), (int64_t)(sk->rto / 1000000), 0);
	x_end(x);
}

/* tcp_write_timer_handler -> tcp_retransmit_timer. */
void st_tcp_retransmit_timer(struct exec *x)
{
	struct world *w = x->w;
	uint32_t skh = CUR(x)->arg;
	struct sock *sk = SK(x);

	if (CUR(x)->arg2)
		return rtx_timer_rearm(x, sk);
	if (tcp_timer_stale(w, skh)) {
		x_note(x, "the timer was rearmed or stopped, or the socket is "
		       "gone", 0, 0, 0, 0);
		return x_end(x);
	}
	sk->rto_at = 0;   /* icsk_pending = 0 */
	x->s->note_str = sk->name;
	if (sk->snd_una == sk->snd_nxt) {
		x_note(x, "%s: nothing in flight (packets_out 0)", 0, 0, 0, 0);
		return x_end(x);
	}
	snmp_inc(w, x->s, CTR_TcpExtTCPTimeouts, 1);
	if (tcp_write_timeout(x, sk)) {
		x_note(x, "%s: TCPTimeouts; tcp_write_timeout: %u "
		       "retransmissions are enough: give up", sk->retransmits,
		       0, 0, 0);
		return tcp_goto(x, ST_tcp_write_err, 0, skh);
	}
	/* sk_rethink_txhash: a new flow hash for another path */
	snmp_inc(w, x->s, CTR_TcpExtTcpTimeoutRehash, 1);
	/* tcp_enter_loss marks the head lost; lost again if retransmitted */
	if (sk->retransmits)
		snmp_inc(w, x->s, CTR_TcpExtTCPLostRetransmit, 1);
	sk->retransmits++;
	x_note(x, "%s: RTO expired, snd_una %u unacknowledged: TCPTimeouts, "
	       "TcpTimeoutRehash; tcp_enter_loss; retransmission %u: "
	       "tcp_retransmit_skb", sk->snd_una, sk->retransmits, 0, 0);
	CUR(x)->arg2 = 1;
	x_call(x, ST_tcp_retransmit_skb, 0, ST_tcp_retransmit_timer);
}

/* tcp_write_err: the connection timed out. */
void st_tcp_write_err(struct exec *x)
{
	struct world *w = x->w;
	struct sock *sk = SK(x);
	bool orphan = sk->orphan;

	sk->sk_err = -ETIMEDOUT_NS;
	tcp_write_queue_purge(w, sk);
	snmp_inc(w, x->s, CTR_TcpExtTCPAbortOnTimeout, 1);
	x_note(x, "%s -> CLOSE: sk_err ETIMEDOUT (-110), the write queue is "
	       "purged, tcp_done; TCPAbortOnTimeout", 0, 0, 0, 0);
	x->s->note_str = tcp_state_name(sk->state);
	tcp_done_state(w, x->s, sk);
	if (orphan)
		tcp_sock_free(w, CUR(x)->arg);
	x_end(x);
}

/* tcp_retransmit_skb -> __tcp_retransmit_skb -> __tcp_transmit_skb: the
 * head of the retransmission queue again (our SYN in SYN_SENT). */
void st_tcp_retransmit_skb(struct exec *x)
{
	struct world *w = x->w;
	uint32_t skh = CUR(x)->arg, r, qh;
	struct sock *sk = SK(x);
	struct sk_buff *q;

	if (CUR(x)->arg2) {
		x_note(x, "sent again; retrans_stamp stays at the first "
		       "retransmission", 0, 0, 0, 0);
		return x_end(x);
	}
	if (sk->state == TCP_SYN_SENT) {
		r = tcp_make_segment(w, skh, TCPHDR_SYN, true, sk->syn_pkt);
		if (r)
			snmp_inc(w, x->s, CTR_TcpExtTCPSynRetrans, 1);
	} else if ((qh = sk->wq.head)) {
		q = SKB(w, qh);
		r = tcp_make_data(w, skh, &(struct tcp_seg_out){ .flags =
				  (uint8_t)(TCPHDR_ACK | q->tcp_flags), .seq =
				  q->tcp_seq, .len = q->len, .payload =
				  skb_data(q), .cause = q->cause });
	} else {
		r = 0;
	}
	if (!r) {
		x_note(x, "nothing to send again, or no route", 0, 0, 0, 0);
		return x_end(x);
	}
	snmp_inc(w, x->s, CTR_TcpRetransSegs, 1);
	sk->rtt_tx_at = 0;   /* Karn: a retransmitted segment gives no RTT */
	if (!sk->retrans_stamp)
		sk->retrans_stamp = w->now;
	x_view(x, r, false);
	x_note(x, sk->state == TCP_SYN_SENT ? "the SYN again, seq %u: "
	       "RetransSegs, TCPSynRetrans (not OutSegs: nothing new)" :
	       "seq %u again: RetransSegs (not OutSegs: nothing new)",
	       sk->snd_una - (sk->state == TCP_SYN_SENT), 0, 0, 0);
	CUR(x)->arg2 = 1;
	x_call(x, ST_ip_queue_xmit, r, ST_tcp_retransmit_skb);
	CUR(x)->arg = 0;
}

/* ---- a request sock's timer ---- */

/* reqsk_timer_handler: resend the SYN-ACK, or drop the request sock. */
void st_reqsk_timer_handler(struct exec *x)
{
	struct world *w = x->w;
	uint32_t rh = CUR(x)->arg;
	struct sock *rq = SK(x);
	uint32_t max = (uint32_t)w->sysctl[SYS_tcp_synack_retries];

	if (CUR(x)->arg2) {
		rq->retransmits++;   /* num_timeout */
		tcp_reset_xmit_timer(w, rh, reqsk_timeout(rq->retransmits));
		x_note(x, "num_timeout %u: the next timeout in %u s", rq->retransmits,
		       (int64_t)(reqsk_timeout(rq->retransmits) / 1000000000u),
		       0, 0);
		return x_end(x);
	}
	if (tcp_timer_stale(w, rh) || rq->state != TCP_NEW_SYN_RECV) {
		x_note(x, "the request sock is gone", 0, 0, 0, 0);
		return x_end(x);
	}
	rq->rto_at = 0;
	snmp_inc(w, x->s, CTR_TcpExtTCPTimeouts, 1);
	x->s->note_str = rq->name;
	if (rq->retransmits >= max) {
		x_note(x, "%s: TCPTimeouts (syn_ack_timeout); num_timeout %u >= "
		       "tcp_synack_retries %u: the request sock is dropped from "
		       "the SYN queue", rq->retransmits, max, 0, 0);
		w->sock[rq->listener - 1].syn_qlen--;
		tcp_sock_free(w, rh);
		return x_end(x);
	}
	x_note(x, "%s: TCPTimeouts (syn_ack_timeout); num_timeout %u < "
	       "tcp_synack_retries %u: inet_rtx_syn_ack", rq->retransmits, max,
	       0, 0);
	CUR(x)->arg2 = 1;
	x_call(x, ST_tcp_rtx_synack, 0, ST_reqsk_timer_handler);
}

/* tcp_rtx_synack -> tcp_v4_send_synack -> ip_build_and_ship_pkt: the
 * SYN-ACK again (tcp_make_synack counts OutSegs), RetransSegs and
 * TCPSynRetrans. */
void st_tcp_rtx_synack(struct exec *x)
{
	struct world *w = x->w;
	uint32_t rh = CUR(x)->arg, r;
	struct sock *rq = SK(x);

	if (CUR(x)->arg2)
		return x_end(x);
	if (!(r = tcp_make_segment(w, rh, TCPHDR_SYN | TCPHDR_ACK, true,
				   rq->syn_pkt))) {
		x_note(x, "no route back to %I: no SYN-ACK", rq->daddr, 0, 0, 0);
		return x_end(x);
	}
	snmp_inc(w, x->s, CTR_TcpOutSegs, 1);
	snmp_inc(w, x->s, CTR_TcpRetransSegs, 1);
	snmp_inc(w, x->s, CTR_TcpExtTCPSynRetrans, 1);
	x_view(x, r, false);
	x_note(x, "SYN-ACK seq %u ack %u again: OutSegs, RetransSegs, "
	       "TCPSynRetrans; ip_build_and_ship_pkt", rq->snd_isn, rq->rcv_nxt,
	       0, 0);
	CUR(x)->arg2 = 1;
	x_call(x, ST_ip_local_out, r, ST_tcp_rtx_synack);
}
