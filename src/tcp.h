/*
 * tcp.h: TCP's connection handling (net/ipv4/tcp_ipv4.c, tcp_input.c,
 * tcp_output.c, tcp_minisocks.c, inet_connection_sock.c; Linux 6.x).
 *
 * States of a struct sock with proto IPPROTO_TCP (include/net/tcp_states.h),
 * and the function behind each transition modelled here:
 *
 *   passive open                          active open
 *   LISTEN --SYN--> NEW_SYN_RECV (a       CLOSE --tcp_v4_connect--> SYN_SENT
 *     request sock in the SYN queue;      SYN_SENT --SYN-ACK--> ESTABLISHED
 *     tcp_conn_request sends SYN-ACK)       (tcp_rcv_synsent_state_process)
 *   NEW_SYN_RECV --ACK--> ESTABLISHED     SYN_SENT --RST--> CLOSE
 *     (tcp_check_req makes the child,       (tcp_reset; TcpAttemptFails)
 *     tcp_child_process; accept queue)
 *   ESTABLISHED --FIN--> CLOSE_WAIT (tcp_fin)
 *   ESTABLISHED/CLOSE_WAIT --RST--> CLOSE (tcp_reset; TcpEstabResets)
 *   close(): ESTABLISHED -> FIN_WAIT1 -> (timewait sock) FIN_WAIT2 ->
 *   TIME_WAIT -> gone after 60 s; CLOSE_WAIT -> LAST_ACK -> CLOSE; see
 *   tcp_close.c.  Sending and the write queue: tcp_send.c.
 *   SYN_SENT / ESTABLISHED ... --RTO, too many--> CLOSE (tcp_write_err,
 *     ETIMEDOUT); NEW_SYN_RECV --last timeout--> gone: tcp_timer.c.
 *
 * Invariants:
 *   1. A request sock and a child name their listener in `listener`; the
 *      listener's syn_qlen counts its request socks, ack_backlog its
 *      children not yet accepted.
 *   2. rcv_nxt - copied_seq is the bytes queued and unread (Recv-Q).
 *   3. The ISN is tcp_isn() of the 4-tuple: netstep's stand-in for
 *      secure_tcp_seq, deterministic (no key, no clock).
 */
#ifndef NETSTEP_SRC_TCP_H
#define NETSTEP_SRC_TCP_H

#include <stdbool.h>
#include <stdint.h>

#include "dropreason.h"
#include "stages.h"

/* include/net/tcp_states.h */
enum tcp_state {
	TCP_ESTABLISHED = 1, TCP_SYN_SENT, TCP_SYN_RECV, TCP_FIN_WAIT1,
	TCP_FIN_WAIT2, TCP_TIME_WAIT, TCP_CLOSE, TCP_CLOSE_WAIT, TCP_LAST_ACK,
	TCP_LISTEN, TCP_CLOSING, TCP_NEW_SYN_RECV
};

/* TCP header wire layout (RFC 9293) */
#define TCP_HLEN 20
#define TCP_OFF_SEQ 4
#define TCP_OFF_ACK 8
#define TCP_OFF_DOFF 12
#define TCP_OFF_FLAGS 13
#define TCP_OFF_WIN 14
#define TCP_OFF_CSUM 16
#define TCPHDR_FIN 0x01
#define TCPHDR_SYN 0x02
#define TCPHDR_RST 0x04
#define TCPHDR_PSH 0x08
#define TCPHDR_ACK 0x10

#define TCP_MSS_DEFAULT 536u     /* the peer's MSS when its SYN has none */
#define TCP_MAX_QUICKACKS 16u
#define TCP_RMEM_DEFAULT 131072u /* tcp_rmem[1]: a TCP socket's sk_rcvbuf */
#define TCP_LISTEN_BACKLOG 128u  /* the oracle's listen() default */
#define SOMAXCONN 4096u

/* netstep's ISN for the connection local:lport <-> remote:rport: a fixed
 * mix of the 4-tuple (Linux hashes it with a secret key and adds a clock,
 * secure_tcp_seq; the oracle masks the kernel's). */
static inline uint32_t tcp_isn(uint32_t laddr, uint32_t raddr, uint16_t lport,
			       uint16_t rport)
{
	uint32_t h = 0x9e3779b9u ^ laddr;

	h = (h ^ (h >> 16)) * 0x85ebca6bu ^ raddr;
	h = (h ^ (h >> 13)) * 0xc2b2ae35u ^ ((uint32_t)lport << 16 | rport);
	return h ^ (h >> 16);
}

/* What tcp_v4_send_reset puts in a reset answering a segment with these
 * fields (len: payload bytes): with ACK, seq = its ack and no ACK flag;
 * else ack = seq + SYN + FIN + len, flags RST|ACK. */
struct tcp_rst_seq {
	uint32_t seq, ack;
	uint8_t flags;
};
static inline struct tcp_rst_seq tcp_rst_seq(uint8_t flags, uint32_t seq,
					     uint32_t ack, uint32_t len)
{
	if (flags & TCPHDR_ACK)
		return (struct tcp_rst_seq){ ack, 0, TCPHDR_RST };
	return (struct tcp_rst_seq){ 0, seq + !!(flags & TCPHDR_SYN) +
				     !!(flags & TCPHDR_FIN) + len,
				     TCPHDR_RST | TCPHDR_ACK };
}

/* inet_csk_reqsk_queue_is_full: more request socks than the backlog. */
static inline bool tcp_synq_full(uint32_t qlen, uint32_t max_backlog)
{
	return qlen > max_backlog;
}

/* sk_acceptq_is_full: more children waiting than the backlog (`>`, so
 * listen(fd, 0) still takes one). */
static inline bool tcp_acceptq_full(uint32_t ack_backlog, uint32_t max_backlog)
{
	return ack_backlog > max_backlog;
}

/* tcp_sequence (6.18, with the FIN leniency of 6.18.y): is a segment
 * [seq, end_seq) acceptable?  wup: rcv_wup, nxt: rcv_nxt, win:
 * tcp_receive_window, rq_empty: sk_receive_queue is empty.  DROP_NONE or
 * TCP_OLD_SEQUENCE, TCP_INVALID_SEQUENCE, TCP_INVALID_END_SEQUENCE. */
static inline enum drop_reason tcp_sequence(uint32_t wup, uint32_t nxt,
					    uint32_t win, uint32_t seq,
					    uint32_t end_seq, bool fin,
					    bool rq_empty)
{
	uint32_t limit = nxt + win;

	if ((int32_t)(end_seq - wup) < 0)
		return DROP_TCP_OLD_SEQUENCE;
	if ((int32_t)(end_seq - limit) > 0) {
		if ((int32_t)(end_seq - fin - limit) <= 0)
			return DROP_NONE;   /* only the FIN is beyond */
		if ((int32_t)(seq - limit) > 0)
			return DROP_TCP_INVALID_SEQUENCE;
		if (!rq_empty)
			return DROP_TCP_INVALID_END_SEQUENCE;
	}
	return DROP_NONE;
}

/* "ESTAB", "LISTEN"...: ss's names for the states. */
const char *tcp_state_name(uint8_t state);

/* Retransmission (tcp_timer.c), HZ=250 as on the reference host. */
#define TCP_HZ 250u
#define TCP_JIFFY_US 4000u
#define TCP_TIMEOUT_INIT_NS 1000000000ull    /* TCP_TIMEOUT_INIT, 1 s */
#define TCP_TIMEOUT_FALLBACK_NS 3000000000ull /* no RTT from the handshake */
#define TCP_RTO_MAX_NS 120000000000ull       /* TCP_RTO_MAX, 120 s */
#define TCP_RTO_MAX_J (120u * TCP_HZ)
#define TCP_RTO_MIN_J (TCP_HZ / 5)            /* TCP_RTO_MIN, 200 ms */
#define TCP_TIMEOUT_INIT_J TCP_HZ
#define TCP_RTO_MIN_US 200000u

struct tcp_rtt;
/* The RTO after one more timeout: doubled, at most TCP_RTO_MAX. */
uint64_t tcp_rto_backoff(uint64_t rto);
/* A request sock's next timeout after num_timeout resends:
 * TCP_TIMEOUT_INIT << num_timeout, at most TCP_RTO_MAX (reqsk_timeout). */
uint64_t reqsk_timeout(uint32_t num_timeout);
/* tcp_model_timeout: how long boundary retransmissions take when the
 * first RTO is rto_base jiffies and it doubles up to TCP_RTO_MAX; ms. */
uint64_t tcp_model_timeout_ms(uint32_t boundary, uint32_t rto_base_j);
/* tcp_write_timeout in SYN_SENT / SYN_RECV: give up (after at least one
 * retransmission) once since_syn ns have passed since the SYN left that
 * syn_retries doubling timeouts from 1 s would take: (2^(n+1) - 1) s. */
bool tcp_syn_expired(uint32_t retransmits, uint32_t syn_retries,
		     uint64_t since_syn);
/* tcp_rtt_estimator: one RTT sample of m microseconds (Jacobson/Karels
 * with Linux's mdev_max/rttvar). */
void tcp_rtt_estimator(struct tcp_rtt *r, int64_t m, uint32_t snd_una,
		       uint32_t snd_nxt);
/* tcp_set_rto + tcp_bound_rto: srtt + rttvar, whole jiffies, in ns. */
uint64_t tcp_set_rto(const struct tcp_rtt *r);

struct world;
/* The first child of listener waiting in its accept queue, 0: none. */
uint32_t tcp_acceptq_head(const struct world *w, uint32_t listener);
/* A socket on the 4-tuple (established, request sock or SYN_SENT), else a
 * listener on daddr:dport; 0 when none (__inet_lookup). */
uint32_t tcp_lookup(const struct world *w, uint32_t saddr, uint16_t sport,
		    uint32_t daddr, uint16_t dport);
bool tcp_port_taken(const struct world *w, uint32_t laddr, uint16_t port);
/* The application closed it (`close NAME`): the name is no longer the
 * application's, though the orphaned socket may live on. */
bool tcp_sock_closed(const struct world *w, uint32_t skh);
/* The stage an EV_TCP_RETRANS for skh starts: reqsk_timer_handler for a
 * request sock, else tcp_retransmit_timer (tcp_write_timer_handler). */
enum stage tcp_timer_stage(const struct world *w, uint32_t skh);

#endif
