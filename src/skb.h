/*
 * skb.h: the sk_buff model (include/linux/skbuff.h, Linux 6.x).
 *
 * One linear buffer per skb: head is offset 0, and data, tail and end are
 * offsets into buf, so head <= data <= tail <= end as in the kernel.
 * skb_put/push/pull/reserve move them exactly as Linux does, so a student
 * sees data move as headers are pulled on receive and pushed on transmit.
 * Header offsets are from head; SKB_NO_HDR means "not set".
 */
#ifndef NETSTEP_SRC_SKB_H
#define NETSTEP_SRC_SKB_H

#include <stdbool.h>
#include <stdint.h>

#include "netfilter.h"
#include "nf_conntrack.h"

#define SKB_BUF 2048         /* one igb half-page RX buffer */
#define SKB_MAX 8192
#define FRAG_GEOM_MAX 8      /* fragments a reassembled skb remembers */
#define SKB_NO_HDR 0xffff
#define NET_SKB_PAD 64       /* x86: max(32, L1 cache line) */
#define NET_IP_ALIGN 0       /* x86 */
/* SKB_DATA_ALIGN(sizeof(struct sk_buff)) on x86-64, Linux 6.x */
#define SKB_STRUCT_SIZE 256
#define SKB_SHINFO_SIZE 320

enum ip_summed { CHECKSUM_NONE, CHECKSUM_UNNECESSARY, CHECKSUM_COMPLETE,
		 CHECKSUM_PARTIAL };
enum pkt_origin { ORIGIN_WIRE, ORIGIN_SOCKET, ORIGIN_KERNEL };

/* skb->dst: the route attached to a packet (struct dst_entry / rtable).
 * Embedded by value: an skb's route cannot dangle. */
enum dst_input { DST_IN_NONE, DST_IN_LOCAL, DST_IN_FORWARD, DST_IN_ERROR };
struct dst {
	uint8_t valid;
	uint8_t type;        /* enum rtn_type of the route */
	uint8_t input;       /* enum dst_input: what dst_input() calls */
	uint8_t dev;         /* output device (lo for local) */
	int16_t error;       /* -errno for ip_error */
	uint32_t gw;         /* next hop, 0: on link */
	uint32_t prefsrc;
	/* what fib_lookup matched, for the route step */
	uint32_t table;      /* 0: no FIB lookup (limited broadcast...) */
	uint32_t rule;       /* the rule's pref */
	uint32_t rt_dst;     /* the route's prefix */
	uint8_t rt_plen;
	uint8_t redirect;    /* IPSKB_DOREDIRECT: ip_forward sends a redirect */
};

struct skb_queue {
	uint32_t head, tail; /* skb handles, linked by sk_buff.next */
	uint32_t qlen;
	uint32_t bytes;      /* sum of len */
};

struct sk_buff {
	uint32_t next;            /* next skb in whatever queue holds it */
	uint32_t pkt;             /* packet number (CONTRACTS.md §3) */
	uint32_t cause;           /* for kernel-made packets: the pkt that made it */
	uint8_t origin;           /* enum pkt_origin */
	uint8_t in_dev;           /* where it came from (wire) or first left by */
	uint16_t nsteps;          /* steps taken on this packet so far */
	uint8_t fated;            /* its fate is recorded (clones: always) */
	uint16_t wait_stage;      /* where it waits while queued (a fate's func) */
	uint8_t forwarded;        /* IPSKB_FORWARDED: left through ip_forward */
	bool ignore_df;           /* reassembled by conntrack: may be split
				     again though DF is set */
	uint16_t frag_max_size;   /* IPCB: the largest fragment reassembled
				     (ip_do_fragment cuts no bigger) */
	uint8_t frag_geom_n;      /* conntrack's reassembly keeps each
				     fragment as a frag_list piece (no
				     coalescing): their data bytes, in order,
				     for ip_do_fragment's fast path; 0 none */
	uint16_t frag_geom[FRAG_GEOM_MAX];
	uint32_t parent;          /* skb this is a clone of, 0: none */
	uint16_t data, tail, end; /* offsets from head (head = 0) */
	uint32_t len;
	uint16_t mac_header, network_header, transport_header;
	uint16_t protocol;        /* ETH_P_*, host order */
	uint8_t pkt_type;         /* PACKET_* */
	uint8_t ip_summed;        /* enum ip_summed */
	uint8_t dev;              /* ifindex */
	uint8_t skb_iif;
	uint8_t cloned;
	uint8_t users;
	uint32_t mark;
	uint32_t sk;              /* owning socket handle, 0: none */
	uint32_t truesize;
	struct dst dst;
	struct nf_skb_state nf;   /* its walk through the netfilter hooks */
	struct nf_ct_ref ct;      /* _nfct: its connection (conntrack) */
	uint32_t tcp_seq;         /* TCP_SKB_CB(skb)->seq: a write-queue skb */
	uint8_t tcp_flags;        /* TCP_SKB_CB(skb)->tcp_flags (PSH, FIN) */
	uint8_t buf[SKB_BUF];
};

/* Return false (and change nothing) when the buffer has no room, where the
 * kernel would call skb_over_panic / skb_under_panic. */
bool skb_reserve(struct sk_buff *skb, uint16_t n);
/* Appends n bytes at tail; *out points at them. */
bool skb_put(struct sk_buff *skb, uint16_t n, uint8_t **out);
bool skb_push(struct sk_buff *skb, uint16_t n);
bool skb_pull(struct sk_buff *skb, uint16_t n);
/* Cuts the data to len bytes (pskb_trim). */
bool skb_trim(struct sk_buff *skb, uint32_t len);
static inline uint8_t *skb_data(struct sk_buff *skb)
{
	return skb->buf + skb->data;
}
static inline uint16_t skb_headroom(const struct sk_buff *skb)
{
	return skb->data;
}
/* SKB_TRUESIZE(size): buffer plus the sk_buff and shared info. */
uint32_t skb_truesize(uint32_t bufsize);

#endif
