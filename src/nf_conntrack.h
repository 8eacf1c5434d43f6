/*
 * nf_conntrack.h: connection tracking and NAT bindings as plain data
 * (include/net/netfilter/nf_conntrack.h, nf_conntrack_tuple.h,
 * uapi/linux/netfilter/nf_conntrack_common.h; Linux 6.x).
 *
 * A connection is two tuples, ORIGINAL (as its first packet looked) and
 * REPLY (what an answer looks like, after any NAT binding), a status word
 * and the per-protocol state.  The table lives in the world, so reverse
 * steps and clones carry it; an skb refers to its entry by slot and
 * generation, so a slot freed and reused is never mistaken for the old one.
 */
#ifndef NETSTEP_SRC_NF_CONNTRACK_H
#define NETSTEP_SRC_NF_CONNTRACK_H

#include <stdbool.h>
#include <stdint.h>

#define CT_MAX 512                /* netstep's table; the kernel's default
				     nf_conntrack_max here is 262144 */

enum ip_conntrack_dir { IP_CT_DIR_ORIGINAL, IP_CT_DIR_REPLY };

/* enum ip_conntrack_info; the reply variants are base + IP_CT_IS_REPLY */
enum ip_conntrack_info {
	IP_CT_ESTABLISHED, IP_CT_RELATED, IP_CT_NEW,
	IP_CT_IS_REPLY,
	IP_CT_ESTABLISHED_REPLY = IP_CT_ESTABLISHED + IP_CT_IS_REPLY,
	IP_CT_RELATED_REPLY = IP_CT_RELATED + IP_CT_IS_REPLY,
	IP_CT_UNTRACKED = 7,
};

/* ct->status bits (enum ip_conntrack_status) */
#define IPS_EXPECTED      (1u << 0)
#define IPS_SEEN_REPLY    (1u << 1)
#define IPS_ASSURED       (1u << 2)
#define IPS_CONFIRMED     (1u << 3)
#define IPS_SRC_NAT       (1u << 4)
#define IPS_DST_NAT       (1u << 5)
#define IPS_NAT_MASK      (IPS_DST_NAT | IPS_SRC_NAT)
#define IPS_SRC_NAT_DONE  (1u << 7)
#define IPS_DST_NAT_DONE  (1u << 8)

enum tcp_conntrack {
	TCP_CONNTRACK_NONE, TCP_CONNTRACK_SYN_SENT, TCP_CONNTRACK_SYN_RECV,
	TCP_CONNTRACK_ESTABLISHED, TCP_CONNTRACK_FIN_WAIT,
	TCP_CONNTRACK_CLOSE_WAIT, TCP_CONNTRACK_LAST_ACK,
	TCP_CONNTRACK_TIME_WAIT, TCP_CONNTRACK_CLOSE, TCP_CONNTRACK_SYN_SENT2,
	TCP_CONNTRACK_MAX, TCP_CONNTRACK_IGNORE,
	TCP_CONNTRACK_RETRANS = TCP_CONNTRACK_MAX,
	TCP_CONNTRACK_UNACK,
};

/* One direction of a connection.  For ICMP, sport is the echo id and
 * type/code are the message's (dport 0); for other protocols no ports. */
struct nf_conntrack_tuple {
	uint32_t src, dst;
	uint16_t sport, dport;
	uint8_t proto;
	uint8_t type, code;           /* ICMP */
};

/* struct ip_ct_tcp_state: what one side has sent (tcp_in_window) */
struct ct_tcp_side {
	uint32_t td_end, td_maxend, td_maxwin, td_maxack;
	uint8_t td_scale, flags;
};

#define IP_CT_TCP_FLAG_WINDOW_SCALE 0x01
#define IP_CT_TCP_FLAG_SACK_PERM 0x02
#define IP_CT_TCP_FLAG_CLOSE_INIT 0x04
#define IP_CT_TCP_FLAG_BE_LIBERAL 0x08
#define IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED 0x10
#define IP_CT_TCP_FLAG_MAXACK_SET 0x20

struct ct_tcp {
	uint8_t state;                /* enum tcp_conntrack */
	uint8_t last_dir, last_index, retrans;
	uint32_t last_seq, last_end;
	uint16_t last_win;
	struct ct_tcp_side seen[2];
};

struct nf_conn {
	bool used;
	uint16_t gen;                 /* bumped each time the slot is freed */
	uint32_t owner;               /* unconfirmed: the skb that made it */
	uint32_t status;              /* IPS_* */
	uint32_t mark;                /* ct->mark (CONNMARK) */
	uint64_t timeout;             /* ns: absolute once confirmed,
					 relative before (nf_ct_refresh) */
	uint64_t stream_ts;           /* UDP: a stream after this time */
	uint64_t seq;                 /* confirmation order, for listing */
	struct nf_conntrack_tuple tuple[2];
	struct ct_tcp tcp;
};

/* The tracker's outcome for one skb: which entry and how (skb->_nfct). */
struct nf_ct_ref {
	uint16_t slot;                /* ct index + 1, 0: none */
	uint16_t gen;
	uint8_t info;                 /* enum ip_conntrack_info */
	bool untracked;               /* NOTRACK: IP_CT_UNTRACKED */
};

#endif
