/*
 * world.h: the whole simulated host as one value.
 *
 * Every piece of state of the simulated Linux host lives in struct world:
 * devices and their rings, queues, addresses, routes, neighbours, sockets,
 * skbs, counters, sysctls, the clock and the CPU's pending work.  Objects
 * refer to each other by handles (pool.h) or small indexes, never by
 * pointers, so a world can be copied with world_clone() and compared with
 * world_equal(): the debugger's reverse steps and "what if" re-runs are
 * clones.  There are no mutable globals anywhere in src/.
 *
 * A world is large (tens of MB, mostly skb buffers): make it with
 * world_new(), never on the stack.
 */
#ifndef NETSTEP_SRC_WORLD_H
#define NETSTEP_SRC_WORLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "af_packet.h"
#include "counters.h"
#include "dropreason.h"
#include "pool.h"
#include "skb.h"
#include "stages.h"
#include "sysctl.h"

#define MAX_DEV 16          /* ifindex 1..MAX_DEV-1; 1 is lo */
#define IFNAMSIZ 16
#define RING_MAX 4096       /* largest ethtool -G ring */
#define SOCK_MAX 128
#define NEIGH_MAX 256
#define ROUTE_MAX 512
#define IFA_MAX 128
#define INJ_MAX 64
#define SENDER_MAX 32
#define PEER_MAX 256
#define EV_MAX 1024
#define TASK_DEPTH 40
#define NAPI_BACKLOG 0xff   /* poll-list id of the per-CPU backlog NAPI */

enum dev_kind { DEV_NONE, DEV_LOOPBACK, DEV_ETHER };

/* The modelled NIC: an Intel igb (82576-class), one RX and one TX queue. */
struct nic {
	uint32_t rx_ring_size, tx_ring_size;   /* ethtool -g */
	uint32_t rx_slot[RING_MAX];  /* skb handle DMA'd into each descriptor */
	uint32_t rx_ntu;             /* next slot the NIC fills */
	uint32_t rx_ntc;             /* next slot the driver cleans */
	uint32_t rx_count;           /* filled, not yet cleaned */
	uint32_t tx_slot[RING_MAX];  /* skb handle queued for transmit */
	uint32_t tx_ntu, tx_ntc;     /* next to fill (driver), next to clean */
	uint32_t tx_count;           /* descriptors in use */
	uint32_t tx_done;            /* sent on the wire, not yet cleaned */
	uint32_t tx_wire_busy;       /* 1 while a frame is on the wire */
	bool irq_masked;             /* the queue's IRQ is off while NAPI polls */
	bool irq_pending;            /* raised, the hard IRQ has not run yet */
	bool napi_scheduled;         /* on the CPU's poll list */
	bool tx_stopped;             /* netif_stop_subqueue */
	uint32_t rx_frames;          /* ethtool -c; igb refuses it: unused */
	uint32_t speed_mbps;
	/* interrupt moderation: the vector's EITR throttles the IRQ to one per
	 * interval (igb_main.c igb_write_itr / igb_update_ring_itr) */
	uint32_t itr_setting;        /* adapter->rx_itr_setting: 0, 1 or 3
					(dynamic), else rx-usecs << 2 */
	uint32_t itr_val;            /* q_vector->itr_val, EITR units 0.25 us */
	uint64_t itr_ns;             /* the interval written at the last IRQ */
	uint64_t last_irq;           /* when the vector last fired */
	bool irq_armed;              /* cause latched, the interval runs */
	uint32_t rx_tp, tx_tp;       /* packets / bytes since the last ITR */
	uint64_t rx_tb, tx_tb;       /* update (ring_container totals) */
	uint64_t rx_no_buffer_count; /* RNBC: a frame found no descriptor */
	uint64_t restart_queue;      /* tx_ring->tx_stats.restart_queue */
};

enum qdisc_kind { QDISC_NOQUEUE, QDISC_PFIFO_FAST, QDISC_NOOP };

struct qdisc {
	uint8_t kind;
	struct skb_queue band[3];    /* pfifo_fast: band 0 first */
	uint64_t packets, bytes, drops, requeues, overlimits;
};

struct net_device {
	uint8_t kind;                /* enum dev_kind; DEV_NONE: slot empty */
	char name[IFNAMSIZ];
	uint8_t mac[6];
	bool up;                     /* IFF_UP (ip link set up) */
	bool promisc;
	uint32_t mtu, txqueuelen;
	uint64_t stats[DEVC__COUNT];
	int32_t conf[CONF__COUNT];   /* net.ipv4.conf.NAME.* */
	uint32_t ifa_list;           /* first in_ifaddr handle, in kernel order */
	struct nic nic;              /* DEV_ETHER only */
	struct qdisc qdisc;
};

#define IFA_F_SECONDARY 0x01

struct in_ifaddr {
	uint32_t next;               /* next address of the same device */
	uint8_t dev;
	uint8_t prefixlen;
	uint8_t flags;               /* IFA_F_* */
	uint8_t scope;               /* RT_SCOPE_* */
	uint32_t local, mask, broadcast;
	char label[IFNAMSIZ];
};

/* Route types (include/uapi/linux/rtnetlink.h RTN_*) */
enum rtn_type {
	RTN_UNSPEC, RTN_UNICAST, RTN_LOCAL, RTN_BROADCAST, RTN_ANYCAST,
	RTN_MULTICAST, RTN_BLACKHOLE, RTN_UNREACHABLE, RTN_PROHIBIT,
	RTN_THROW, RTN_NAT
};
#define RT_SCOPE_UNIVERSE 0
#define RT_SCOPE_LINK 253
#define RT_SCOPE_HOST 254
#define RT_TABLE_MAIN 254
#define RT_TABLE_LOCAL 255
#define RTPROT_KERNEL 2
#define RTPROT_BOOT 3

struct fib_route {
	uint32_t table;
	uint32_t dst;
	uint8_t plen;
	uint8_t type;                /* enum rtn_type */
	uint8_t dev;                 /* 0: none (blackhole...) */
	uint8_t scope;
	uint8_t proto;
	uint32_t gw;
	uint32_t prefsrc;
	uint32_t metric;
	uint32_t seq;                /* insertion order: the last tie-break */
};

/* Rule actions (include/uapi/linux/fib_rules.h FR_ACT_*) */
enum fr_act { FR_ACT_UNSPEC, FR_ACT_TO_TBL, FR_ACT_GOTO, FR_ACT_NOP,
	      FR_ACT_RES3, FR_ACT_RES4, FR_ACT_BLACKHOLE, FR_ACT_UNREACHABLE,
	      FR_ACT_PROHIBIT };
#define RT_TABLE_DEFAULT 253
#define RULE_MAX 32

/* A policy routing rule (net/core/fib_rules.c, net/ipv4/fib_rules.c).
 * Devices are kept by name, as the kernel keeps iifname/oifname, so a rule
 * may name a device that does not exist (yet). */
struct fib_rule {
	uint32_t pref;
	uint32_t table;
	uint8_t action;              /* enum fr_act */
	bool invert;                 /* "not": FIB_RULE_INVERT */
	uint8_t src_len, dst_len;
	uint32_t src, dst;
	uint32_t mark, mark_mask;    /* mark_mask 0: no fwmark selector */
	char iif[IFNAMSIZ], oif[IFNAMSIZ];
};

/* Neighbour states (include/uapi/linux/neighbour.h NUD_*) */
#define NUD_INCOMPLETE 0x01
#define NUD_REACHABLE 0x02
#define NUD_STALE 0x04
#define NUD_DELAY 0x08
#define NUD_PROBE 0x10
#define NUD_FAILED 0x20
#define NUD_NOARP 0x40
#define NUD_PERMANENT 0x80
#define NUD_NONE 0x00
#define NUD_VALID (NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | \
		   NUD_STALE | NUD_DELAY)
#define NUD_CONNECTED (NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE)

struct neighbour {
	uint8_t dev;
	uint8_t nud;
	uint8_t probes;
	uint8_t mac[6];
	uint32_t key;                /* IPv4 next hop, host order */
	struct skb_queue arp_queue;  /* waiting for resolution */
	uint32_t arp_queue_bytes;    /* by truesize, against unres_qlen_bytes */
	uint64_t timer_at;           /* 0: no timer */
	uint64_t updated;
};

enum sock_wait { WAIT_NONE, WAIT_RECVFROM, WAIT_EPOLL };

struct sock {
	char name[24];
	uint8_t proto;               /* IPPROTO_UDP */
	bool bound, connected;
	uint32_t laddr, daddr;
	uint16_t lport, dport;
	uint32_t rcvbuf, sndbuf;     /* sk_rcvbuf / sk_sndbuf (doubled) */
	uint32_t rmem, wmem;         /* sk_rmem_alloc / sk_wmem_alloc */
	struct skb_queue rq;         /* sk_receive_queue */
	uint32_t drops;              /* sk_drops */
	uint8_t wait;                /* enum sock_wait */
	int32_t last_err;            /* result of the last sendto (0 or -errno) */
	int32_t sk_err;              /* pending error from an ICMP (sk->sk_err) */
	/* inet->cork: the datagram being sent by the running sendto() */
	struct dst cork_dst;
	uint32_t cork_saddr;
	int32_t cork_err;            /* 0 or -errno from the send path */
	int32_t cork_xmit;           /* NET_XMIT_* from below ip_local_out */
	uint32_t cork_pkt;
	uint32_t cork_sender;        /* the sender whose payload this is */
	uint32_t cork_skb;           /* the skb ip_make_skb built */
	bool broadcast;              /* SO_BROADCAST */
	bool blocked;                /* the sender sleeps for sndbuf space */
	uint32_t woken;              /* how many times a waiter was woken */
	/* TCP (tcp.h): a listener, a request sock or a connection */
	uint8_t state;               /* enum tcp_state; 0 for UDP */
	bool rcv_shutdown;           /* a FIN arrived (RCV_SHUTDOWN) */
	uint8_t quick;               /* icsk_ack.quick: quick ACKs left */
	bool pingpong;               /* icsk_ack.pingpong: delay ACKs */
	uint32_t listener;           /* request sock or child: its listener */
	uint32_t max_ack_backlog;    /* sk_max_ack_backlog (listen) */
	uint32_t ack_backlog;        /* sk_ack_backlog: children unaccepted */
	uint32_t syn_qlen;           /* request socks in the SYN queue */
	uint32_t children;           /* children made so far (their names) */
	uint32_t acceptq_seq;        /* a child: its place in the accept queue */
	uint64_t synq_overflow;      /* last SYN cookie sent, 0: never */
	uint32_t snd_isn, snd_una, snd_nxt;  /* struct tcp_sock */
	uint32_t rcv_isn, rcv_nxt, copied_seq;
	uint32_t rcv_wnd, snd_wnd;
	uint16_t mss;                /* the peer's MSS (536 without option) */
	uint16_t inet_id;            /* IP id of the next segment */
	uint32_t rq_off;             /* bytes of the head skb already read */
	bool delack;                 /* ICSK_ACK_TIMER: a delayed ACK waits */
	bool fwd_alloc;              /* sk_forward_alloc was charged once */
	uint32_t rcv_wup;            /* rcv_nxt when the last ACK left */
	struct skb_queue ofo;        /* out_of_order_queue, by seq (an
					rbtree in Linux, a sorted list here) */
	/* sending (tcp_send.c, tcp_close.c) */
	uint32_t write_seq;          /* end of what send() queued, FIN included */
	uint32_t snd_sml;            /* end of the last small segment (Nagle) */
	struct skb_queue wq;         /* sk_write_queue + tcp_rtx_queue, by seq */
	bool orphan;                 /* SOCK_DEAD: the application closed it */
	uint8_t tw_substate;         /* a timewait sock: FIN_WAIT2 or TIME_WAIT */
	uint64_t tw_until;           /* a timewait sock: when tw_timer fires */
	/* retransmission (tcp_timer.c): ICSK_TIME_RETRANS, a request sock's
	 * rsk_timer, and the RTT estimate behind the RTO */
	uint64_t rto_at;             /* icsk_timeout; 0: the timer is off */
	uint64_t rto;                /* icsk_rto, ns (whole jiffies) */
	uint16_t retransmits;        /* icsk_retransmits; req: num_timeout */
	uint16_t backoff;            /* icsk_backoff */
	uint64_t retrans_stamp;      /* first retransmission (SYN: the SYN) */
	uint64_t rtt_tx_at;          /* when the timed segment left; 0: none */
	uint32_t rtt_tx_end;         /* its end_seq: an ACK past it samples */
	uint32_t syn_pkt;            /* our SYN's pkt (req: the peer's SYN) */
	struct tcp_rtt {             /* struct tcp_sock, tcp_rtt_estimator */
		uint32_t srtt_us;    /* smoothed RTT << 3; 0: no sample yet */
		uint32_t mdev_us, mdev_max_us, rttvar_us;
		uint32_t rtt_seq;
	} rtt;
};

/* A source of injected frames: one scenario line, repeated count times. */
struct injector {
	uint8_t dev;
	uint16_t len;
	uint64_t remaining;
	uint64_t gap_ns;
	bool replay;                 /* holds the next frame of the replay */
	bool bad_fcs;                /* inject ... bad-fcs */
	uint8_t frame[SKB_BUF];
};

/* A capture being replayed (`replay`, -r): only where it stands.  The file,
 * its reader and its filter live outside the world (replay.h); the one
 * frame due next waits in an injector, so the world stays a value and a
 * capture of any length costs one frame of memory. */
struct replay_cursor {
	uint8_t src;                 /* the caller's source id; 0: no replay */
	uint8_t dev;                 /* ifindex the frames arrive on */
	bool loaded;                 /* the next frame waits in injector inj */
	uint32_t inj;
	uint32_t speed_milli;        /* capture timing x speed/1000; 0: asap */
	uint64_t next;               /* frames of the file read (matching or not) */
	uint64_t replayed;           /* frames that matched and were sent */
	uint64_t start_ns;           /* simulated time the replay began */
	uint64_t ts0_ns;             /* capture time of the first frame sent */
	uint64_t last_ns;            /* arrival time of the last frame sent */
	uint32_t last_len;
};

/* One simulated stack frame: a function and what it works on. */
struct frame {
	uint16_t stage;              /* enum stage running (or that called) */
	uint16_t resume;             /* stage to run when the callee returns */
	uint32_t skb;
	uint32_t pkt;                /* skb's packet: a stale handle is dropped */
	uint32_t arg, arg2;          /* ifindex, socket, counts: by stage */
	uint32_t ret;                /* what the last callee returned */
};

/* A chain of synchronous calls in one context (hardware, IRQ, softirq,
 * process).  cur is the function that runs at the next step; stack holds
 * its callers, outermost first. */
struct task {
	bool active;
	uint8_t depth;
	struct frame cur;
	struct frame stack[TASK_DEPTH];
};

/* An application calling sendto() count times, gap apart. */
struct sender {
	uint32_t sock;
	bool has_dest;
	uint32_t daddr;
	uint16_t dport;
	uint32_t len;                /* payload bytes */
	uint16_t text_len;           /* payload "TEXT": its bytes, else zeros */
	uint8_t text[256];
	uint64_t remaining;
	uint64_t gap_ns;
	uint64_t next_at;            /* earliest time of the next sendto() */
	bool deferred;               /* its sendto() waits for the socket */
	bool asleep;                 /* in sock_alloc_send_pskb, for sndbuf */
	struct task sleep;           /* its call chain while asleep */
};

/* inet_peer: per-destination ICMP rate limit (net/ipv4/inetpeer.c). */
struct inet_peer {
	uint32_t daddr;
	/* one token bucket (in ns where the kernel counts jiffies) shared,
	 * as in the kernel, by icmp's xrlim and ip_error; ip_rt_send_redirect
	 * stamps rate_last too */
	uint64_t rate_tokens;
	uint64_t rate_last;
	uint32_t n_redirects;
};

/* A reassembly queue (struct ipq, net/ipv4/ip_fragment.c; its core is
 * struct inet_frag_queue, net/ipv4/inet_fragment.c): the fragments of one
 * datagram, found by ip_find's key (saddr, daddr, id, protocol), held in
 * offset order.  The kernel keeps them in an rbtree of "runs" (fragments
 * that arrived back to back at the tail); run_head marks where runs start,
 * so overlaps and duplicates are told apart as inet_frag_queue_insert does. */
#define IPQ_MAX 64                   /* datagrams reassembled at once */
#define IPQ_RUN_BYTES (65536 / 8 / 8) /* one bit per 8-byte offset */
#define INET_FRAG_FIRST_IN 0x01      /* the fragment at offset 0 is here */
#define INET_FRAG_LAST_IN 0x02       /* the fragment without MF is here */
#define INET_FRAG_COMPLETE 0x04      /* killed: no longer found by ip_find */

struct ipq {
	bool used;
	uint8_t flags;               /* INET_FRAG_* */
	uint8_t protocol;
	uint8_t iif;                 /* device of the latest fragment */
	uint8_t ecn;                 /* IPFRAG_ECN_* bits of the fragments */
	uint8_t user;                /* enum ip_defrag_users: part of the key */
	uint8_t reason;              /* how inet_frag_destroy frees what is
					left: enum drop_reason, 0 consumed */
	uint16_t id;                 /* host order */
	uint32_t saddr, daddr;
	uint32_t len;                /* payload length known so far */
	uint32_t meat;               /* payload bytes held */
	uint32_t mem;                /* truesize held (for frag_mem) */
	uint16_t max_size, max_df_size; /* largest fragment (with DF) */
	uint64_t expires;            /* when ip_expire runs; 0: timer off */
	struct skb_queue frags;      /* by offset, linked by sk_buff.next */
	uint8_t run_head[IPQ_RUN_BYTES];
};

enum ev_kind {
	/* order breaks ties at the same instant: hardware before timers */
	EV_TX_WIRE = 1,  /* a frame finished leaving a NIC */
	EV_ARRIVAL,      /* an injector's next frame reaches its NIC */
	EV_ITR,          /* a NIC's EITR interval ends: a latched IRQ fires */
	EV_WAKE,         /* a sender asleep for sndbuf space is woken */
	EV_SEND,         /* a sender's next sendto() */
	EV_NEIGH_TIMER,  /* neigh_timer_handler for one neighbour */
	EV_FRAG_TIMER,   /* ip_expire for one reassembly queue (ipq handle) */
	EV_NETDEV_UP,    /* inetdev_event(NETDEV_UP) for one device */
	EV_TCP_DELACK,   /* tcp_delack_timer for one socket (handle) */
	EV_TCP_TIMEWAIT, /* tw_timer_handler for one timewait sock (handle) */
	EV_TCP_RETRANS,  /* tcp_write_timer / reqsk_timer_handler (handle) */
};

struct event {
	uint64_t t;
	uint32_t seq;                /* creation order: the last tie-break */
	uint8_t kind;
	uint32_t a;                  /* handle or ifindex, by kind */
};

enum ctx { CTX_NONE, CTX_HW, CTX_HARDIRQ, CTX_SOFTIRQ, CTX_KSOFTIRQD,
	   CTX_PROCESS, CTX__COUNT };

#define SOFTIRQ_NET_RX 1u
#define SOFTIRQ_NET_TX 2u

struct softnet {
	uint8_t poll_list[MAX_DEV + 1]; /* napi ids (ifindex or NAPI_BACKLOG) */
	uint8_t poll_len;
	uint8_t repoll[MAX_DEV + 1]; /* net_rx_action's repoll list */
	uint8_t repoll_len;
	struct skb_queue backlog;    /* input_pkt_queue of this CPU */
	bool backlog_scheduled;
	uint64_t stats[SNC__COUNT];
	uint32_t budget_left;        /* net_rx_action's budget this round */
	uint64_t deadline;           /* net_rx_action's time limit */
	uint16_t output_queue;       /* devices whose qdisc waits for NET_TX */
	uint64_t softirq_end;        /* __do_softirq's MAX_SOFTIRQ_TIME limit */
	uint8_t softirq_restart;     /* its MAX_SOFTIRQ_RESTART countdown */
	bool ksoftirqd;              /* woken: pending softirqs are its work */
};

struct world {
	uint64_t now;                /* simulated ns */
	uint64_t step_no;            /* steps taken so far */
	uint32_t next_pkt;           /* last packet number handed out */
	uint32_t ev_seq;
	uint16_t ip_ident;           /* stands in for the kernel's ip_idents */
	uint16_t next_port;          /* autobind: next ephemeral port to try */
	uint32_t route_seq;

	int64_t sysctl[SYS__COUNT];
	int32_t conf_all[CONF__COUNT], conf_default[CONF__COUNT];
	uint64_t snmp[CTR__COUNT];
	uint64_t icmpmsg_in[256], icmpmsg_out[256];

	struct net_device dev[MAX_DEV];  /* by ifindex; [0] unused */

	struct pool skb_pool;
	uint32_t skb_next[SKB_MAX];
	struct sk_buff skb[SKB_MAX];

	struct pool sock_pool;
	uint32_t sock_next[SOCK_MAX];
	struct sock sock[SOCK_MAX];

	struct pool neigh_pool;
	uint32_t neigh_next[NEIGH_MAX];
	struct neighbour neigh[NEIGH_MAX];

	struct pool route_pool;
	uint32_t route_next[ROUTE_MAX];
	struct fib_route route[ROUTE_MAX];

	struct fib_rule rule[RULE_MAX];  /* by pref, then age */
	uint32_t nrules;
	bool fib_rules_custom;       /* rules were added or deleted: the
					local and main tables are unmerged */
	bool fib_custom_local;       /* a local route not made by the kernel
					was ever added */

	/* iptables: a table is registered (its hooks hooked) on first use */
	bool ipt_registered[IPT__COUNT];
	struct ipt_chain ipt_chain[IPT_CHAIN_MAX];
	struct pool ipt_rule_pool;
	uint32_t ipt_rule_next[IPT_RULE_MAX];
	struct ipt_rule ipt_rule[IPT_RULE_MAX];
	struct nf_log nflog;

	/* conntrack: the table, and how many rules need it (nf_ct_netns_get) */
	struct nf_conn ct[CT_MAX];
	uint32_t ct_count;           /* confirmed entries (nf_conntrack_count) */
	uint32_t ct_users;
	uint64_t ct_seq;             /* confirmations so far */
	uint32_t ct_rand;            /* NAT's port choice (get_random_u16) */
	uint32_t ct_stat_invalid, ct_stat_drop, ct_stat_insert_failed;

	struct pool ifa_pool;
	uint32_t ifa_next[IFA_MAX];
	struct in_ifaddr ifa[IFA_MAX];

	struct pool inj_pool;
	uint32_t inj_next[INJ_MAX];
	struct injector inj[INJ_MAX];

	struct replay_cursor replay;

	struct pool sender_pool;
	uint32_t sender_next[SENDER_MAX];
	struct sender sender[SENDER_MAX];

	struct pool peer_pool;
	uint32_t peer_next[PEER_MAX];
	struct inet_peer peer[PEER_MAX];

	/* icmp_global: the global ICMP error token bucket (icmp.c) */
	uint32_t icmp_global_credit;
	uint64_t icmp_global_stamp;

	uint32_t nev;
	struct event ev[EV_MAX];     /* binary heap by (t, kind, seq) */

	struct task task[CTX__COUNT];
	uint32_t softirq_pending;    /* SOFTIRQ_* bits */
	uint16_t irq_pending_mask;   /* ifindex bits: nic.irq_pending set (the
					engine checks it every step) */
	struct softnet softnet;      /* CPU 0: the model has one CPU */
	uint32_t last_work;          /* packets the last NAPI poll handled */
	struct ipq ipq[IPQ_MAX];     /* ip_defrag's queues, by handle - 1 */
	uint64_t frag_mem;           /* fqdir mem: fragments' truesize and
					queues, against ipfrag_high_thresh */
	uint32_t stage_cost[STAGE__COUNT]; /* CPU ns per step (`cost`) */
	uint32_t stage_hits[STAGE__COUNT]; /* steps taken in each function */
	uint32_t stage_drops[STAGE__COUNT]; /* packets each one dropped */
	/* packet sockets tcpdump opened (af_packet.h) */
	struct packet_tap tap[TAP_MAX];
	uint32_t tap_seq;            /* ids handed to taps so far */
};

/* A fresh host: lo only (up, 127.0.0.1/8), sysctls at kernel defaults.
 * NULL when out of memory.  Free with world_free(). */
struct world *world_new(void);
void world_free(struct world *w);
/* dst becomes an exact copy of src (both made by world_new). */
void world_clone(struct world *dst, const struct world *src);
bool world_equal(const struct world *a, const struct world *b);

/* Lookups; 0 when absent. */
int dev_by_name(const struct world *w, const char *name);
uint32_t sock_by_name(const struct world *w, const char *name);
/* A counter by the name `expect counter` and `watch` use: an nstat name
 * (IpInReceives, IcmpMsgOutType3), DEV.field (eth0.rx_dropped) or
 * softnet.field.  False when there is no such counter. */
bool world_counter(const struct world *w, const char *name, uint64_t *v);

/* Effective per-device conf value, combining conf.all as the kernel does. */
int conf_get(const struct world *w, int ifindex, enum ipv4_conf_id id);

/* Event queue: kinds are enum ev_kind; a is the object's handle. */
bool ev_push(struct world *w, uint64_t t, uint8_t kind, uint32_t a);
const struct event *ev_peek(const struct world *w);
void ev_pop(struct world *w, struct event *out);

/* Counter changes; each also lands in the step being recorded (step.h). */
struct step;
void snmp_inc(struct world *w, struct step *s, enum snmp_counter c, uint64_t n);
void dev_stat_inc(struct world *w, struct step *s, int ifindex,
		  enum dev_counter c, uint64_t n);
void softnet_inc(struct world *w, struct step *s, enum softnet_counter c);
void icmpmsg_inc(struct world *w, struct step *s, bool out, uint8_t type);

/* skbs: allocated empty (len 0, data = head); see skb.h for the helpers.
 * skb_alloc returns 0 when the pool is exhausted. */
uint32_t skb_alloc(struct world *w);
void skb_free(struct world *w, uint32_t h);
/* A full copy (buffer included) recording its parent; 0 when exhausted. */
uint32_t skb_clone(struct world *w, uint32_t h);
static inline struct sk_buff *SKB(struct world *w, uint32_t h)
{
	return &w->skb[h - 1];
}
void skbq_tail(struct world *w, struct skb_queue *q, uint32_t h);
uint32_t skbq_dequeue(struct world *w, struct skb_queue *q);
/* Frees every skb on q. */
void skbq_purge(struct world *w, struct skb_queue *q);

#endif
