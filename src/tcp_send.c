/*
 * tcp_send.c: the application's data going out and the peer's ACKs
 * freeing it (net/ipv4/tcp.c tcp_sendmsg_locked, tcp_output.c
 * tcp_write_xmit and __tcp_transmit_skb, tcp_input.c tcp_ack and
 * tcp_clean_rtx_queue; Linux 6.x).
 *
 * The write queue (sk->wq) holds the bytes send() copied, one skb per
 * segment, in sequence order: those before snd_nxt were sent and wait for
 * their ACK (the kernel's tcp_rtx_queue), the rest are not sent yet
 * (sk_write_queue).  write_seq is the end of it all, FIN included, so ss's
 * Send-Q is write_seq - snd_una.
 *
 * Nagle (tcp_nagle_test): the last skb of the queue, if shorter than the
 * MSS, waits while data is in flight and the last small segment sent is
 * not acknowledged yet (tcp_minshall_check); a FIN never waits.
 *
 * Not modelled: GSO.  The kernel's TCP builds one skb of up to 64 KB and
 * the device layer cuts it into MSS segments (one IpOutRequests for
 * all); netstep sends one skb per MSS, so the frames, seq/ack/flags and
 * Tcp counters agree, but IpOutRequests/OutTransmits/IpExtOutOctets count
 * each segment when one send() needs several.  Congestion window growth,
 * the receiver's window beyond the first and zero-window probes are not
 * modelled either (a send fits the initial cwnd of 10).
 */
#include <string.h>

#include "net.h"
#include "pkt.h"
#include "proto/ip.h"
#include "tcp.h"
#include "tcp_int.h"

#define EAGAIN_NS 11
#define EPIPE_NS 32
#define TCP_ADVMSS 1460u
#define TCP_INIT_CWND 10u

static struct sock *SK(struct exec *x)
{
	return &x->w->sock[CUR(x)->arg - 1];
}

/* tcp_current_mss: the peer's MSS, at most our own (no TCP options ride
 * on data segments here: the peers never offer timestamps). */
static uint32_t tcp_mss_now(const struct sock *sk)
{
	uint32_t mss = sk->mss ? sk->mss : TCP_MSS_DEFAULT;

	return mss < TCP_ADVMSS ? mss : TCP_ADVMSS;
}

static uint32_t seg_end(const struct sk_buff *q)
{
	return q->tcp_seq + q->len + !!(q->tcp_flags & TCPHDR_FIN);
}

void tcp_write_queue_purge(struct world *w, struct sock *sk)
{
	skbq_purge(w, &sk->wq);
}

/* Not sent yet: at or after snd_nxt (sequence space wraps). */
static bool skb_unsent(const struct sock *sk, const struct sk_buff *q)
{
	return q->tcp_seq - sk->snd_nxt < 0x80000000u;
}

/* Segments sent and not yet acknowledged (tp->packets_out). */
static uint32_t packets_out(const struct world *w, const struct sock *sk)
{
	uint32_t n = 0;

	for (uint32_t h = sk->wq.head; h; h = w->skb[h - 1].next)
		n += !skb_unsent(sk, &w->skb[h - 1]);
	return n;
}

/* The first skb not sent yet (tcp_send_head), 0: none. */
static uint32_t tcp_send_head(const struct world *w, const struct sock *sk)
{
	for (uint32_t h = sk->wq.head; h; h = w->skb[h - 1].next)
		if (w->skb[h - 1].tcp_seq == sk->snd_nxt)
			return h;
	return 0;
}

/* ---- send() ---- */

/* sendto() returns; the sender's next call is scheduled or it is freed
 * (as udp_sendmsg_done does for a datagram). */
static void tcp_sendmsg_done(struct exec *x, struct sock *sk, int32_t ret)
{
	sendmsg_return(x, sk, ret);
	x_note(x, ret < 0 ? "send() fails: %d" : "send() returns %d", ret,
	       0, 0, 0);
	x_end(x);
}

/* The error a socket not (or no more) able to send gives, 0 if it can
 * (sk_stream_wait_connect for a non-blocking socket, then sk_err and
 * SEND_SHUTDOWN). */
static int32_t tcp_send_error(struct sock *sk)
{
	int32_t e;

	if (sk->sk_err) {
		e = sk->sk_err;
		sk->sk_err = 0;
		return e;
	}
	if (sk->state == TCP_SYN_SENT || sk->state == TCP_SYN_RECV)
		return -EAGAIN_NS;
	if (sk->state != TCP_ESTABLISHED && sk->state != TCP_CLOSE_WAIT)
		return -EPIPE_NS;
	return 0;
}

/* Copies n bytes of the sender's payload (its text, else zeros) from
 * offset off into the write queue: the unsent tail skb takes what fits
 * below the MSS (skb_copy_to_page_nocache into the last skb), then new
 * skbs of one MSS each.  Returns the bytes copied. */
static uint32_t tcp_copy_to_queue(struct world *w, struct sock *sk,
				  const struct sender *snd)
{
	uint32_t mss = tcp_mss_now(sk), done = 0, pkt = sk->cork_pkt;

	while (done < snd->len) {
		uint32_t t = sk->wq.tail, room, n;
		struct sk_buff *q;
		uint8_t *p;

		if (!t || !skb_unsent(sk, &w->skb[t - 1]) ||
		    w->skb[t - 1].len >= mss ||
		    (w->skb[t - 1].tcp_flags & TCPHDR_FIN)) {
			if (!(t = skb_alloc(w)))
				break;
			q = SKB(w, t);
			skb_reserve(q, LL_RESERVED_ETH + IP_HLEN + TCP_HLEN);
			q->tcp_seq = sk->write_seq;
			q->pkt = pkt;
			q->origin = ORIGIN_SOCKET;
			pkt = 0;
			skbq_tail(w, &sk->wq, t);
		}
		q = SKB(w, t);
		room = mss - q->len;
		n = snd->len - done < room ? snd->len - done : room;
		if (!skb_put(q, (uint16_t)n, &p))
			break;
		for (uint32_t i = 0; i < n; i++)
			p[i] = done + i < snd->text_len ? snd->text[done + i] : 0;
		done += n;
		sk->write_seq += n;
	}
	return done;
}

/* tcp_sendmsg_locked: the bytes join the write queue, tcp_push marks the
 * last skb PSH and tcp_write_xmit sends what it may. */
void st_tcp_sendmsg(struct exec *x)
{
	struct world *w = x->w;
	struct sock *sk = SK(x);
	struct sender *snd = &w->sender[sk->cork_sender - 1];
	uint32_t copied;
	int32_t err;

	x->s->pkt = sk->cork_pkt;
	if (CUR(x)->arg2)
		return tcp_sendmsg_done(x, sk, (int32_t)CUR(x)->ret);
	if ((err = tcp_send_error(sk))) {
		x_note(x, "%s: cannot send; error %d", err, 0, 0, 0);
		x->s->note_str = tcp_state_name(sk->state);
		return tcp_sendmsg_done(x, sk, err);
	}
	copied = tcp_copy_to_queue(w, sk, snd);
	if (!copied && snd->len) {
		x_note(x, "no skb for the data: EAGAIN", 0, 0, 0, 0);
		return tcp_sendmsg_done(x, sk, -EAGAIN_NS);
	}
	if (sk->wq.tail && copied)
		SKB(w, sk->wq.tail)->tcp_flags |= TCPHDR_PSH;
	x_note(x, "%u bytes into the write queue in MSS-sized skbs (MSS %u); "
	       "write_seq %u, Send-Q %u; tcp_push: PSH on the last, "
	       "tcp_write_xmit", copied, tcp_mss_now(sk), sk->write_seq,
	       sk->write_seq - sk->snd_una);
	CUR(x)->arg2 = 1;
	CUR(x)->ret = copied;
	x_call(x, ST_tcp_write_xmit, 0, ST_tcp_sendmsg);
	CUR(x)->ret = copied;
}

/* ---- out ---- */

/* tcp_nagle_test for the last skb of the queue: true when it may go. */
static bool tcp_nagle_ok(struct world *w, const struct sock *sk,
			 const struct sk_buff *q, bool push)
{
	bool minshall = sk->snd_sml != sk->snd_una &&
			sk->snd_sml - sk->snd_una <= sk->snd_nxt - sk->snd_una;

	if (push || (q->tcp_flags & TCPHDR_FIN) || q->len >= tcp_mss_now(sk))
		return true;
	return !(packets_out(w, sk) && minshall);
}

enum { WX_NAGLE_OFF = 1, WX_STOP = 2 };

/* tcp_write_xmit: one unsent skb per round, while the window, the
 * congestion window and Nagle allow; arg2 bit 0 says TCP_NAGLE_OFF
 * (tcp_send_fin pushes with it). */
void st_tcp_write_xmit(struct exec *x)
{
	struct world *w = x->w;
	struct sock *sk = SK(x);
	uint32_t h = tcp_send_head(w, sk);
	struct sk_buff *q;

	if (CUR(x)->arg2 & WX_STOP)
		return x_end(x);
	if (!h) {
		x_note(x, "nothing unsent; Send-Q %u", sk->write_seq - sk->snd_una,
		       0, 0, 0);
		return x_end(x);
	}
	q = SKB(w, h);
	if (seg_end(q) - sk->snd_una > sk->snd_wnd) {
		x_note(x, "seq %u + %u is past the peer's window %u: wait",
		       q->tcp_seq, q->len, sk->snd_wnd, 0);
		return x_end(x);
	}
	if (packets_out(w, sk) >= TCP_INIT_CWND) {
		x_note(x, "%u segments in flight fill the congestion window",
		       TCP_INIT_CWND, 0, 0, 0);
		return x_end(x);
	}
	if (!tcp_nagle_ok(w, sk, q, q->next || (CUR(x)->arg2 & WX_NAGLE_OFF))) {
		x_note(x, "Nagle: %u bytes < MSS while the small segment ending "
		       "at %u is unacknowledged: wait for the ACK", q->len,
		       sk->snd_sml, 0, 0);
		return x_end(x);
	}
	snmp_inc(w, x->s, CTR_TcpExtTCPOrigDataSent, 1);
	x_note(x, "seq %u, %u bytes%s: __tcp_transmit_skb; "
	       "tcp_event_new_data_sent: TCPOrigDataSent", q->tcp_seq, q->len,
	       0, 0);
	x->s->note_str = (q->tcp_flags & TCPHDR_FIN) ? " and FIN" : "";
	x_call(x, ST_tcp_transmit_skb, 0, ST_tcp_write_xmit);
	CUR(x)->arg2 = h;
}

/* __tcp_transmit_skb: a clone of the queued skb gets its TCP header (the
 * ACK of rcv_nxt, the current window) and goes to ip_queue_xmit. */
void st_tcp_transmit_skb(struct exec *x)
{
	struct world *w = x->w;
	uint32_t skh = CUR(x)->arg, qh = CUR(x)->arg2, r;
	struct sock *sk = &w->sock[skh - 1];
	struct sk_buff *q;
	bool fresh;

	if (!qh)
		return x_end(x);
	q = SKB(w, qh);
	fresh = q->tcp_seq == sk->snd_nxt;
	if (q->pkt)
		q->cause = q->pkt;   /* a retransmission's cause */
	r = tcp_make_data(w, skh, &(struct tcp_seg_out){ .flags = (uint8_t)
			  (TCPHDR_ACK | q->tcp_flags), .seq = q->tcp_seq,
			  .len = q->len, .payload = skb_data(q), .pkt = q->pkt });
	q->pkt = 0;   /* its packet number is the first transmission's */
	if (!r) {
		x_note(x, "no route or no skb: not sent", 0, 0, 0, 0);
		x->t->stack[x->t->depth - 1].arg2 |= WX_STOP;
		return x_end(x);
	}
	if (fresh) {
		bool prior = sk->snd_una != sk->snd_nxt;

		sk->snd_nxt = seg_end(q);
		tcp_new_data_sent(w, skh, prior, sk->snd_nxt);
		if (q->len < tcp_mss_now(sk))
			sk->snd_sml = seg_end(q);   /* tcp_minshall_update */
	}
	snmp_inc(w, x->s, CTR_TcpOutSegs, 1);
	sk->delack = false;   /* tcp_event_ack_sent: the ACK rides along */
	x_view(x, r, false);
	x_note(x, "seq %u ack %u, %u bytes, window %u: OutSegs; ip_queue_xmit",
	       q->tcp_seq, sk->rcv_nxt, q->len, tcp_select_window(sk, false));
	CUR(x)->arg2 = 0;
	x_call(x, ST_ip_queue_xmit, r, ST_tcp_transmit_skb);
}

/* ---- the peer's ACK ---- */

/* tcp_ack: arg2 carries the ack number and the segment's window is
 * read from the skb.  An ack of nothing new changes nothing; one past
 * snd_nxt acknowledges what was never sent (the kernel answers with a
 * challenge ACK, not modelled). */
void st_tcp_ack(struct exec *x)
{
	struct world *w = x->w;
	struct sock *sk = SK(x);
	struct sk_buff *skb = SKB(w, CUR(x)->skb);
	const uint8_t *th = skb->buf + skb->transport_header;
	uint32_t ack = get_be32(th + TCP_OFF_ACK);

	if (CUR(x)->arg2)
		return x_end(x);
	sk->snd_wnd = get_be16(th + TCP_OFF_WIN);
	if (ack - sk->snd_una > sk->snd_nxt - sk->snd_una) {
		x_note(x, "ack %u is not in snd_una %u .. snd_nxt %u: ignored",
		       ack, sk->snd_una, sk->snd_nxt, 0);
		return x_end(x);
	}
	if (ack == sk->snd_una) {
		x_note(x, "ack %u acknowledges nothing new; window %u", ack,
		       sk->snd_wnd, 0, 0);
		return x_end(x);
	}
	x_note(x, "snd_una %u -> %u, window %u: tcp_clean_rtx_queue",
	       sk->snd_una, ack, sk->snd_wnd, 0);
	sk->snd_una = ack;
	tcp_ack_rearm(w, CUR(x)->arg, ack == sk->snd_nxt);
	CUR(x)->arg2 = 1;
	x_call(x, ST_tcp_clean_rtx_queue, CUR(x)->skb, ST_tcp_ack);
}

/* tcp_clean_rtx_queue: skbs wholly acknowledged leave the queue
 * (TCPDelivered counts them); then tcp_data_snd_check sends what waited. */
void st_tcp_clean_rtx_queue(struct exec *x)
{
	struct world *w = x->w;
	struct sock *sk = SK(x);
	uint32_t n = 0, h;

	if (CUR(x)->arg2)
		return x_end(x);
	/* wholly acknowledged: end_seq at or before snd_una */
	while ((h = sk->wq.head) && !skb_unsent(sk, SKB(w, h)) &&
	       sk->snd_una - seg_end(SKB(w, h)) < 0x80000000u) {
		skbq_dequeue(w, &sk->wq);
		skb_free(w, h);
		n++;
	}
	snmp_inc(w, x->s, CTR_TcpExtTCPDelivered, n);
	if (!tcp_send_head(w, sk)) {
		x_note(x, "%u segment(s) acknowledged and freed: TCPDelivered; "
		       "Send-Q %u", n, sk->write_seq - sk->snd_una, 0, 0);
		return x_end(x);
	}
	x_note(x, "%u segment(s) acknowledged and freed: TCPDelivered; "
	       "tcp_data_snd_check: unsent data waits, tcp_write_xmit", n, 0,
	       0, 0);
	CUR(x)->arg2 = 1;
	x_call(x, ST_tcp_write_xmit, 0, ST_tcp_clean_rtx_queue);
}
