/*
 * tcp_int.h: what tcp_ipv4.c, tcp_input.c and tcp_output.c share (private
 * to them).  Stages hand a socket to the next stage in CUR(x)->arg.
 */
#ifndef NETSTEP_SRC_TCP_INT_H
#define NETSTEP_SRC_TCP_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "net.h"
#include "tcp.h"

/* tcp_checksum_complete: verifies a CHECKSUM_NONE segment (and marks it
 * verified); true when good. */
bool tcp_checksum_complete(struct sk_buff *skb);
/* csum_error: TcpInCsumErrors and TcpInErrs, TCP_CSUM; ends the chain. */
void tcp_csum_error(struct exec *x, uint32_t h);
/* This function returns and its caller calls st on skb h for socket sk
 * (arg = sk, arg2 and ret cleared). */
void tcp_goto(struct exec *x, enum stage st, uint32_t h, uint32_t sk);

/* nf_send_reset's RST builder (netfilter.c), shared with
 * tcp_v4_send_reset: a new kernel skb answering old (IP id 0, DF), routed
 * into *d; 0 when there is no route or no skb. */
uint32_t rst_build(struct exec *x, const struct sk_buff *old, struct dst *d);

/* A segment the socket sends (tcp_output.c): flags, MSS option or not,
 * payload zeros.  Built with its IP header and routed; 0 when no route
 * or no skb.  cause: the packet that made the kernel send it (0: the
 * application did, origin socket). */
uint32_t tcp_make_segment(struct world *w, uint32_t skh, uint8_t flags,
			  bool mss_opt, uint32_t cause);

/* A segment with payload and a given seq (tcp_make_segment's general
 * form): what __tcp_transmit_skb builds from a write-queue skb. */
struct tcp_seg_out {
	uint8_t flags;
	bool mss_opt;
	uint32_t seq, len, cause;
	uint32_t pkt;            /* its packet number; 0: a new one */
	const uint8_t *payload;
};
uint32_t tcp_make_data(struct world *w, uint32_t skh,
		       const struct tcp_seg_out *o);

/* tcp_select_window: the window the next segment of sk advertises. */
uint16_t tcp_select_window(const struct sock *sk, bool syn);
/* The socket's write queue is done with: frees every skb on it. */
void tcp_write_queue_purge(struct world *w, struct sock *sk);
/* tcp_set_state(sk, TCP_CLOSE) and its counters (EstabResets,
 * AttemptFails), shared by tcp_reset and close(). */
void tcp_done_state(struct world *w, struct step *s, struct sock *sk);
/* A sock leaves for good (inet_csk_destroy_sock / the timewait sock's
 * last put): its queues are freed and its slot too. */
void tcp_sock_free(struct world *w, uint32_t skh);

/* The retransmission timer (tcp_timer.c). */
/* inet_csk_reset_xmit_timer(ICSK_TIME_RETRANS, when ns from now). */
void tcp_reset_xmit_timer(struct world *w, uint32_t skh, uint64_t when);
/* The RTO of a connection the handshake just made: an RTT sample from
 * sent (our SYN or SYN-ACK) unless it was retransmitted (rtx), else the
 * 3 s fallback; the timer is off. */
void tcp_init_rto(struct sock *sk, uint64_t sent, bool rtx, uint64_t now);
/* tcp_ack moved snd_una: an RTT sample if the timed segment is covered,
 * retransmits reset, the timer stopped (all acked) or rearmed. */
void tcp_ack_rearm(struct world *w, uint32_t skh, bool all_acked);
/* tcp_event_new_data_sent: times the segment if none is timed, arms the
 * timer when nothing was in flight. */
void tcp_new_data_sent(struct world *w, uint32_t skh, bool prior_in_flight,
		       uint32_t end_seq);

/* tcp_enter_quickack_mode: ACK the next segments at once (a dupack or
 * old data means the peer lost our ACK); quick is min(rcv_wnd / 2 rcv_mss,
 * 16), which is 16 for every window netstep offers. */
static inline void tcp_enter_quickack_mode(struct sock *sk)
{
	if (sk->quick < TCP_MAX_QUICKACKS)
		sk->quick = TCP_MAX_QUICKACKS;
	sk->pingpong = false;
}
/* The ACK decision after data (__tcp_ack_snd_check); now: ICSK_ACK_NOW or
 * a non-empty out-of-order queue without SACK.  Resumes st's frame with
 * arg2 = resume. */
void tcp_ack_snd_check(struct exec *x, struct sock *sk, bool now,
		       enum stage st, uint32_t resume);

/* tcp_receive_window: what is left of the window offered. */
uint32_t tcp_receive_window(const struct sock *sk);

/* tcp_data_queue_ofo's placement of skb h (header pulled) in the sorted
 * out-of-order queue q (tcp_ofo.c); *merged: skbs dropped as covered. */
enum ofo_put { OFO_INSERTED, OFO_COVERED, OFO_COALESCED };
enum ofo_put tcp_ofo_insert(struct world *w, struct skb_queue *q, uint32_t h,
			    uint32_t *merged);

/* Creates a TCP sock in the pool (0 when full), a copy of proto fields. */
uint32_t tcp_sock_new(struct world *w);

#endif
