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

/* "ESTAB", "LISTEN"...: ss's names for the states. */
const char *tcp_state_name(uint8_t state);

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

#endif
