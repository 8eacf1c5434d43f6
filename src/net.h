/*
 * net.h: what the engine's stage files share (private to src/).
 *
 * A stage function runs one kernel function on the current frame of a task
 * and then says where control goes, with exactly one of:
 *   x_call(x, S, skb, R)  call S (a callee); when S's chain ends, R runs in
 *                         this frame (R = STAGE_NONE: this frame ends too)
 *   x_jump(x, S, skb)     this function returned and its caller calls S next
 *   x_end(x)              the chain ends here: frames unwind to the nearest
 *                         caller that has something left to do (its resume)
 *   x_return(x, v)        x_end, and the caller finds v in CUR(x)->ret
 * Stages never print; they count (snmp_inc...), note, and decide fates.
 *
 * Ownership: a stage that drops or consumes the frame's skb frees it through
 * x_drop / x_consume, which record the fate first.
 */
#ifndef NETSTEP_SRC_NET_H
#define NETSTEP_SRC_NET_H

#include <stdbool.h>
#include <stdint.h>

#include "engine.h"
#include "route.h"
#include "stages.h"
#include "step.h"
#include "world.h"

/* hh_len for Ethernet, 16-byte aligned: headroom of locally built skbs */
#define LL_RESERVED_ETH 16

struct exec {
	struct world *w;
	struct step *s;
	struct task *t;
	bool moved;           /* a continuation was chosen */
};

static inline struct frame *CUR(struct exec *x)
{
	return &x->t->cur;
}

void x_call(struct exec *x, enum stage st, uint32_t skb, enum stage resume);
void x_jump(struct exec *x, enum stage st, uint32_t skb);
void x_end(struct exec *x);
/* The process sleeps: its chain is saved in save and resumes, at the
 * current frame, when an EV_WAKE restores it. */
void x_sleep(struct exec *x, struct task *save);
/* x_end, handing v to the caller's frame (its ret) as a return value. */
void x_return(struct exec *x, uint32_t v);

void x_note(struct exec *x, const char *fmt, int64_t a, int64_t b, int64_t c,
	    int64_t d);
/* Records the fate of skb h (still allocated) in this step. */
void x_fate(struct exec *x, uint32_t h, enum fate f, enum drop_reason r);
/* Fate dropped / consumed, then frees h. */
void x_drop(struct exec *x, uint32_t h, enum drop_reason r);
void x_consume(struct exec *x, uint32_t h);
/* A fate for a packet that never got an skb (a sendto() refused early). */
void x_fate_noskb(struct exec *x, uint32_t pkt, enum pkt_origin origin,
		  enum fate f, enum drop_reason r);
/* Pushes the Ethernet header (dev_hard_header) for skb's device. */
void eth_header_push(struct world *w, struct sk_buff *skb,
		     const uint8_t dst[6]);
void x_route(struct exec *x, const struct dst *d);
/* This step shows skb h (before = its fields now, else all zero: new). */
void x_view(struct exec *x, uint32_t h, bool before);
void x_hook(struct exec *x, enum nf_hook_id hook);

/* ---- netfilter (netfilter.c, ip_tables.c) ---- */
/* NF_HOOK: with no table hooked at hook, straight on to okfn (note says
 * so); else nf_hook_slow walks the tables in priority order. */
void nf_hook(struct exec *x, enum nf_hook_id hook, enum stage okfn,
	     const char *none_note);
/* ipt_REJECT: sends the error, then the table's verdict is NF_DROP. */
/* nf_ip_checksum on a CHECKSUM_NONE skb: the L4 checksum verifies. */
bool nf_ip_checksum_ok(const struct sk_buff *skb, uint8_t proto);
void nf_reject(struct exec *x, struct sk_buff *skb, const struct ipt_rule *r,
	       uint16_t pos);
/* The non-terminal targets (LOG, MARK): they act and the walk goes on. */
void nf_target_continue(struct exec *x, struct sk_buff *skb,
			const struct ipt_rule *r, uint16_t pos);

/* A packet the kernel itself makes (reply, error, ARP): a new packet
 * number, origin kernel, cause = the packet that made it.  0 if no skb. */
uint32_t skb_new_kernel(struct world *w, uint32_t cause_pkt);

#define _(id, fn, file, fl, cost) void st_##id(struct exec *x);
STAGES(_)
#undef _

/* ---- devices, NAPI, softirq (dev.c, nic.c) ---- */
void raise_softirq(struct world *w, uint32_t bit);
void napi_add_poll(struct world *w, uint8_t napi_id);
/* A NAPI that used its whole weight: net_rx_action polls it next round. */
void napi_repoll(struct world *w, uint8_t napi_id);
/* igb interrupt moderation (nic.c): ethtool -C's setting (0, 1, 3 or
 * usecs << 2, as adapter->rx_itr_setting), the EITR interval's end, and
 * igb_ring_irq_enable after NAPI completes. */
void nic_coalesce_init(struct nic *nic, uint32_t itr_setting);
void nic_itr_expire(struct world *w, int ifindex);
void igb_ring_irq_enable(struct world *w, int ifindex);
/* __netif_schedule: dev's qdisc joins the output_queue; NET_TX raised. */
void netif_schedule(struct world *w, int ifindex);
/* Hardware: the frame of injector inj reaches its NIC. */
void nic_frame_arrives(struct world *w, uint32_t inj);
/* Time a frame of len bytes occupies the NIC's wire. */
uint64_t nic_wire_time(const struct nic *nic, uint32_t len);
/* The frame at the head of the TX wire finished. */
bool nic_tx_wire_done(struct world *w, int ifindex);
bool dev_is_up(const struct world *w, int ifindex);
/* ip link set up|down: the device's routes come and go with it. */
void dev_set_up(struct world *w, int ifindex, bool up);

/* ---- addresses and routes (devinet.c, route.c) ---- */
/* RTN_LOCAL, RTN_BROADCAST, RTN_UNICAST... for an address. */
int inet_addr_type(const struct world *w, uint32_t addr);
/* The first primary address of dev within scope (0: none). */
uint32_t inet_select_addr(const struct world *w, int dev, uint32_t dst,
			  int scope);
/* Output route for a local packet, no mark and no oif; 0 or -errno. */
int ip_route_output(const struct world *w, uint32_t daddr, uint32_t saddr,
		    struct dst *out);

/* route.c's ip_rt_error_cost (HZ) and ip_rt_error_burst (5 * HZ) */
#define IP_RT_ERROR_COST_NS 1000000000ull
#define IP_RT_ERROR_BURST_NS (5 * IP_RT_ERROR_COST_NS)

/* The inet_peer of daddr, made when missing; 0 when the pool is full. */
uint32_t inet_getpeer(struct world *w, uint32_t daddr);
/* inet_peer_xrlim_allow(): the peer's bucket gains the time since it was
 * last used, up to burst; true (and cost taken) when it holds cost. */
bool inet_peer_xrlim_allow(struct world *w, struct inet_peer *peer,
			   uint64_t cost, uint64_t burst);

/* ---- neighbours (neighbour.c, arp.c) ---- */
uint32_t neigh_lookup(const struct world *w, int dev, uint32_t key);
uint32_t neigh_create(struct world *w, int dev, uint32_t key);
/* "REACHABLE", "STALE"...: ip neigh's names for a NUD state. */
const char *neigh_state_name(uint8_t nud);

/* ---- sockets (socket.c, udp.c) ---- */
/* sendto()/send() returns ret (udp_sendmsg, tcp_sendmsg): the sender's
 * next call is scheduled or it is freed; senders deferred behind it go. */
void sendmsg_return(struct exec *x, struct sock *sk, int32_t ret);
uint32_t udp_lookup(const struct world *w, uint32_t saddr, uint16_t sport,
		    uint32_t daddr, uint16_t dport);
/* sock_wfree: an skb owned by a socket is freed; releases sk_wmem_alloc. */
void skb_orphan(struct world *w, struct sk_buff *skb);

/* An unused ephemeral port (inet_csk_get_port's job; sequential here). */
uint16_t sock_pick_port(struct world *w);
bool udp_port_taken(const struct world *w, uint32_t laddr, uint16_t port);

/* ---- ICMP (icmp.c) ---- */
/* Starts __icmp_send about skb h as a callee of the current frame; when it
 * is done, resume runs.  Sets CUR(x)->arg/arg2 of the callee. */
void icmp_send_call(struct exec *x, uint32_t h, uint8_t type, uint8_t code,
		    uint32_t info, enum stage resume);

/* ---- output (ip_output.c) ---- */
/* Fills the IP header of a locally built skb (network_header set). */
uint16_t ip_next_ident(struct world *w);

#endif
