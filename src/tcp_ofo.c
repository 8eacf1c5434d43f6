/*
 * tcp_ofo.c: segments that do not start at rcv_nxt (net/ipv4/tcp_input.c,
 * Linux 6.18): tcp_validate_incoming's sequence check (tcp_sequence),
 * tcp_send_dupack, the out-of-order queue (tcp_data_queue_ofo) and its
 * drain when the gap is filled (tcp_ofo_queue).
 *
 * Linux keeps out_of_order_queue as an rbtree of skbs keyed by seq; netstep
 * keeps the same skbs in a list sorted by seq (sock.ofo), which visits them
 * in the same order.  The peer of the scenarios offers no SACK, so no SACK
 * or D-SACK blocks are built, and a non-empty queue makes every ACK go at
 * once (__tcp_ack_snd_check: !tcp_is_sack -> send_now).
 */
#include "net.h"
#include "pkt.h"
#include "tcp.h"
#include "tcp_int.h"

static struct sock *SK(struct exec *x)
{
	return &x->w->sock[CUR(x)->arg - 1];
}

/* A received segment's sequence space; after skb_pull (queued skbs) the
 * payload is skb->len, before it the header is still counted. */
struct oseg {
	uint32_t seq, end;
	uint8_t flags;
};

static struct oseg oseg_of(struct sk_buff *skb, bool pulled)
{
	const uint8_t *th = skb->buf + skb->transport_header;
	uint32_t len = pulled ? skb->len :
		       skb->len - (uint32_t)((th[TCP_OFF_DOFF] >> 4) * 4);
	struct oseg o = { .seq = get_be32(th + TCP_OFF_SEQ),
			  .flags = th[TCP_OFF_FLAGS] };

	o.end = o.seq + len + !!(o.flags & TCPHDR_FIN) +
		!!(o.flags & TCPHDR_SYN);
	return o;
}

static bool before(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

/* ---- tcp_validate_incoming ---- */

/* Step 1 of tcp_validate_incoming: tcp_sequence.  A segment it refuses is
 * answered by tcp_send_dupack (never rate-limited when it carries data:
 * tcp_oow_rate_limited) and dropped; BeyondWindow counts the refusals
 * past the window.  An acceptable one goes on (tcp_ack, then
 * tcp_data_queue). */
void st_tcp_validate_incoming(struct exec *x)
{
	uint32_t h = CUR(x)->skb;
	struct sock *sk = SK(x);
	struct oseg o = oseg_of(SKB(x->w, h), false);
	enum drop_reason r;

	if (CUR(x)->arg2) {
		x_note(x, "not acceptable: dropped", 0, 0, 0, 0);
		x_drop(x, h, (enum drop_reason)CUR(x)->arg2);
		return x_end(x);
	}
	r = tcp_sequence(sk->rcv_wup, sk->rcv_nxt, tcp_receive_window(sk),
			 o.seq, o.end, o.flags & TCPHDR_FIN, !sk->rq.head);
	if (r == DROP_NONE) {
		if (o.seq == o.end) {
			snmp_inc(x->w, x->s, CTR_TcpExtTCPPureAcks, 1);
			x_note(x, "an acceptable pure ACK (seq %u): tcp_ack "
			       "(TCPPureAcks), free it", o.seq, 0, 0, 0);
			x_consume(x, h);
			return x_end(x);
		}
		x_note(x, "tcp_sequence: seq %u..%u is acceptable (window %u "
		       "from rcv_nxt %u): tcp_ack, tcp_data_queue", o.seq, o.end,
		       tcp_receive_window(sk), sk->rcv_nxt);
		return tcp_goto(x, ST_tcp_data_queue, h, CUR(x)->arg);
	}
	if (r != DROP_TCP_OLD_SEQUENCE)
		snmp_inc(x->w, x->s, CTR_TcpExtBeyondWindow, 1);
	if (r == DROP_TCP_OLD_SEQUENCE)
		x_note(x, "tcp_sequence: end_seq %u is before rcv_wup %u (old): "
		       "tcp_send_dupack", o.end, sk->rcv_wup, 0, 0);
	else
		x_note(x, "tcp_sequence: seq %u..%u is beyond the window (right "
		       "edge %u): BeyondWindow; tcp_send_dupack", o.seq, o.end,
		       sk->rcv_nxt + tcp_receive_window(sk), 0);
	CUR(x)->arg2 = r;
	x_call(x, ST_tcp_send_dupack, h, ST_tcp_validate_incoming);
}

/* tcp_send_dupack: data that was all received before means our ACK was
 * lost: DelayedACKLost and quick-ACK mode; then an ACK for rcv_nxt. */
void st_tcp_send_dupack(struct exec *x)
{
	struct sock *sk = SK(x);
	struct oseg o = oseg_of(SKB(x->w, CUR(x)->skb), false);

	if (CUR(x)->arg2)
		return x_end(x);
	if (o.end != o.seq && before(o.seq, sk->rcv_nxt)) {
		snmp_inc(x->w, x->s, CTR_TcpExtDelayedACKLost, 1);
		tcp_enter_quickack_mode(sk);
		x_note(x, "data already received: DelayedACKLost, quick-ACK "
		       "mode; tcp_send_ack (ack %u)", sk->rcv_nxt, 0, 0, 0);
	} else {
		x_note(x, "tcp_send_ack (ack %u)", sk->rcv_nxt, 0, 0, 0);
	}
	if (sk->quick)
		sk->quick--;   /* tcp_event_ack_sent */
	CUR(x)->arg2 = 1;
	x_call(x, ST_tcp_send_ack, CUR(x)->skb, ST_tcp_send_dupack);
}

/* ---- the out-of-order queue ---- */

static uint32_t *link_of(struct world *w, struct skb_queue *q, uint32_t prev)
{
	return prev ? &SKB(w, prev)->next : &q->head;
}

static void ofo_link(struct world *w, struct skb_queue *q, uint32_t prev,
		     uint32_t h)
{
	uint32_t *l = link_of(w, q, prev);

	SKB(w, h)->next = *l;
	*l = h;
	if (!SKB(w, h)->next)
		q->tail = h;
	q->qlen++;
	q->bytes += SKB(w, h)->len;
}

static void ofo_unlink(struct world *w, struct skb_queue *q, uint32_t prev,
		       uint32_t h)
{
	*link_of(w, q, prev) = SKB(w, h)->next;
	if (q->tail == h)
		q->tail = prev;
	SKB(w, h)->next = 0;
	q->qlen--;
	q->bytes -= SKB(w, h)->len;
}

/* tcp_data_queue_ofo's placement of [seq, end) (h, already pulled): after
 * the last skb starting at or before seq.  Covered by it: OFO_COVERED (the
 * caller drops h).  Starting where it ends: tcp_ooo_try_coalesce merges
 * (netstep keeps the skb, counts the merge).  Same seq and longer: it
 * replaces that skb.  Then skbs it covers after it go (merge_right).
 * *merged counts the skbs dropped (TCPOFOMerge). */
enum ofo_put tcp_ofo_insert(struct world *w, struct skb_queue *q, uint32_t h,
			    uint32_t *merged)
{
	struct oseg o = oseg_of(SKB(w, h), true), p = { 0 };
	uint32_t prev = 0, pp = 0, c;
	enum ofo_put res = OFO_INSERTED;

	for (c = q->head; c; pp = prev, prev = c, c = SKB(w, c)->next) {
		if (before(o.seq, oseg_of(SKB(w, c), true).seq))
			break;
	}
	if (prev) {
		p = oseg_of(SKB(w, prev), true);
		if (before(o.seq, p.end) && !before(p.end, o.end))
			return OFO_COVERED;
		if (o.seq == p.seq) {   /* covers prev: replace it */
			ofo_unlink(w, q, pp, prev);
			skb_free(w, prev);
			++*merged;
			prev = pp;
		} else if (o.seq == p.end) {
			res = OFO_COALESCED;
		}
	}
	ofo_link(w, q, prev, h);
	while ((c = SKB(w, h)->next) &&
	       !before(o.end, oseg_of(SKB(w, c), true).end)) {
		ofo_unlink(w, q, h, c);   /* merge_right */
		skb_free(w, c);
		++*merged;
	}
	return res;
}

/* tcp_data_queue_ofo: a segment after rcv_nxt, inside the window, waits in
 * the out-of-order queue (TCPOFOQueue); header prediction is off until
 * the queue empties; the ACK goes at once and repeats rcv_nxt (a duplicate
 * ACK: the sender's fast retransmit counts them). */
void st_tcp_data_queue_ofo(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb, merged = 0;
	struct sock *sk = SK(x);
	struct sk_buff *skb;
	enum ofo_put put;

	if (CUR(x)->arg2 == 2) {
		x_note(x, "the ACK is sent; the copy is dropped", 0, 0, 0, 0);
		x_drop(x, h, DROP_TCP_OFOMERGE);
	}
	if (CUR(x)->arg2)
		return x_end(x);
	skb = SKB(w, h);
	skb_pull(skb, (uint16_t)((skb->buf[skb->transport_header +
					   TCP_OFF_DOFF] >> 4) * 4));
	snmp_inc(w, x->s, CTR_TcpExtTCPOFOQueue, 1);
	put = tcp_ofo_insert(w, &sk->ofo, h, &merged);
	if (put == OFO_COVERED) {
		snmp_inc(w, x->s, CTR_TcpExtTCPOFOMerge, 1);
		x_note(x, "TCPOFOQueue; every byte is queued already: "
		       "TCPOFOMerge, dropped; ACK now (ack %u)", sk->rcv_nxt,
		       0, 0, 0);
	} else {
		if (merged)
			snmp_inc(w, x->s, CTR_TcpExtTCPOFOMerge, merged);
		if (put == OFO_COALESCED)
			snmp_inc(w, x->s, CTR_TcpExtTCPRcvCoalesce, 1);
		sk->rmem += skb->truesize;   /* skb_set_owner_r */
		sk->fwd_alloc = true;        /* tcp_try_rmem_schedule */
		skb->wait_stage = ST_tcp_data_queue_ofo;
		x_fate(x, h, FATE_DELIVERED, DROP_NONE);
		x->s->fate.sock = CUR(x)->arg;
		x_note(x, "TCPOFOQueue: into the out-of-order queue (%u skbs, "
		       "%u bytes), rcv_nxt stays %u; ACK now (a duplicate ACK)",
		       sk->ofo.qlen, sk->ofo.bytes, sk->rcv_nxt, 0);
	}
	if (sk->quick)
		sk->quick--;   /* tcp_event_ack_sent */
	CUR(x)->arg2 = put == OFO_COVERED ? 2 : 1;
	x_call(x, ST_tcp_send_ack, h, ST_tcp_data_queue_ofo);
}

/* tcp_fin, for a FIN that waited in the queue. */
static void ofo_fin(struct sock *sk)
{
	sk->rcv_shutdown = true;
	if (sk->state == TCP_ESTABLISHED)
		sk->state = TCP_CLOSE_WAIT;
	sk->pingpong = true;
}

/* tcp_ofo_queue: rcv_nxt moved; every queued skb that now starts at or
 * before it goes to the receive queue (tcp_try_coalesce into the tail:
 * TCPRcvCoalesce), one wholly old is dropped; a FIN ends the walk and
 * purges what is left (tcp_fin). */
void st_tcp_ofo_queue(struct exec *x)
{
	struct world *w = x->w;
	struct sock *sk = SK(x);
	uint32_t h, moved = 0, nxt0 = sk->rcv_nxt;

	while ((h = sk->ofo.head)) {
		struct sk_buff *skb = SKB(w, h);
		struct oseg o = oseg_of(skb, true);

		if (before(sk->rcv_nxt, o.seq))
			break;
		ofo_unlink(w, &sk->ofo, 0, h);
		if (!before(sk->rcv_nxt, o.end)) {
			sk->rmem -= skb->truesize;   /* TCP_OFO_DROP */
			skb_free(w, h);
			continue;
		}
		if (before(o.seq, sk->rcv_nxt))   /* netstep trims old bytes */
			skb_pull(skb, (uint16_t)(sk->rcv_nxt - o.seq));
		if (sk->rq.tail && SKB(w, sk->rq.tail)->len && skb->len)
			snmp_inc(w, x->s, CTR_TcpExtTCPRcvCoalesce, 1);
		sk->rcv_nxt = o.end;
		skb->wait_stage = ST_tcp_data_queue;
		skbq_tail(w, &sk->rq, h);
		moved++;
		if (o.flags & TCPHDR_FIN) {
			ofo_fin(sk);
			for (h = sk->ofo.head; h; h = SKB(w, h)->next)
				sk->rmem -= SKB(w, h)->truesize;
			skbq_purge(w, &sk->ofo);
			break;
		}
	}
	x_note(x, "%u skbs from the out-of-order queue to the receive queue: "
	       "rcv_nxt %u -> %u; %u still waiting", moved, nxt0, sk->rcv_nxt,
	       sk->ofo.qlen);
	x_end(x);
}
