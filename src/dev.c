/*
 * dev.c: the device-independent core of receive and transmit
 * (net/core/dev.c, net/core/gro.c, net/ethernet/eth.c, Linux 6.x):
 * NAPI and NET_RX_SOFTIRQ, __netif_receive_skb_core and protocol dispatch,
 * netif_rx and the per-CPU backlog, __dev_queue_xmit, the pfifo_fast qdisc
 * (net/sched/sch_generic.c) and the loopback driver (drivers/net/loopback.c).
 *
 * Knowingly simplified: GRO never merges, and each skb goes up the stack on
 * its own (6.x batches up to gro_normal_batch skbs on napi->rx_list and calls
 * the list variants such as ip_list_rcv; they run the same per-packet checks).
 */
#include <string.h>

#include "devinet.h"
#include "net.h"
#include "pkt.h"
#include "proto/ether.h"

void raise_softirq(struct world *w, uint32_t bit)
{
	w->softirq_pending |= bit;
}

void napi_add_poll(struct world *w, uint8_t napi_id)
{
	struct softnet *sd = &w->softnet;

	if (sd->poll_len < sizeof(sd->poll_list))
		sd->poll_list[sd->poll_len++] = napi_id;
}

void dev_set_up(struct world *w, int ifindex, bool up)
{
	struct net_device *nd = &w->dev[ifindex];

	if (nd->up == up)
		return;
	nd->up = up;
	/* dev_activate: the default qdisc comes with the first up */
	if (up && nd->qdisc.kind == QDISC_NOOP)
		nd->qdisc.kind = QDISC_PFIFO_FAST;
	if (up) {
		inet_dev_up(w, ifindex);
		/* inetdev_event runs in the caller's process context */
		if (conf_get(w, ifindex, CONF_arp_notify))
			ev_push(w, w->now, EV_NETDEV_UP, (uint32_t)ifindex);
	} else
		inet_dev_down(w, ifindex);
}

bool dev_is_up(const struct world *w, int ifindex)
{
	return ifindex > 0 && ifindex < MAX_DEV &&
	       w->dev[ifindex].kind != DEV_NONE && w->dev[ifindex].up;
}

void st_napi_schedule(struct exec *x)
{
	struct world *w = x->w;
	int dev = (int)CUR(x)->arg;
	struct nic *nic = &w->dev[dev].nic;

	if (nic->napi_scheduled) {
		x_note(x, "NAPI already scheduled", 0, 0, 0, 0);
		return x_end(x);
	}
	nic->napi_scheduled = true;
	napi_add_poll(w, (uint8_t)dev);
	raise_softirq(w, SOFTIRQ_NET_RX);
	x_note(x, "add %s's NAPI to this CPU's poll_list; raise NET_RX_SOFTIRQ",
	       0, 0, 0, 0);
	x->s->note_str = w->dev[dev].name;
	x_end(x);
}

void netif_schedule(struct world *w, int ifindex)
{
	w->softnet.output_queue |= (uint16_t)(1u << ifindex);
	raise_softirq(w, SOFTIRQ_NET_TX);
}

/* __do_softirq (kernel/softirq.c): takes the pending bits, runs them lowest
 * first (NET_TX 2 before NET_RX 3), and restarts for bits raised meanwhile
 * at most MAX_SOFTIRQ_RESTART times within MAX_SOFTIRQ_TIME; what is still
 * pending after that is handed to ksoftirqd (wakeup_softirqd).
 * MAX_SOFTIRQ_TIME is 2 ms here (msecs_to_jiffies(2), one jiffy at HZ=250);
 * need_resched() is not modelled.  Frame: arg the bits of this round, arg2
 * 0 on entry. */
#define MAX_SOFTIRQ_TIME_NS 2000000ull
#define MAX_SOFTIRQ_RESTART 10

static void softirq_take_round(struct world *w, struct frame *f)
{
	f->arg = w->softirq_pending;
	w->softirq_pending = 0;
}

static bool softirq_restart(struct exec *x)
{
	struct world *w = x->w;
	struct softnet *sd = &w->softnet;

	if (w->now < sd->softirq_end && --sd->softirq_restart) {
		softirq_take_round(w, CUR(x));
		return true;
	}
	if (x->t != &w->task[CTX_KSOFTIRQD]) {
		sd->ksoftirqd = true;
		x_note(x, "still pending after %u rounds or 2 ms: "
		       "wakeup_softirqd, ksoftirqd/0 takes the rest",
		       MAX_SOFTIRQ_RESTART, 0, 0, 0);
	} else {
		x_note(x, "still pending: ksoftirqd/0 goes round again", 0, 0,
		       0, 0);
	}
	x_end(x);
	return false;
}

void st_do_softirq(struct exec *x)
{
	struct world *w = x->w;
	struct softnet *sd = &w->softnet;
	bool restarted = false;

	if (!CUR(x)->arg2) {
		CUR(x)->arg2 = 1;
		sd->softirq_end = w->now + MAX_SOFTIRQ_TIME_NS;
		sd->softirq_restart = MAX_SOFTIRQ_RESTART;
		softirq_take_round(w, CUR(x));
	} else if (!(CUR(x)->arg & (SOFTIRQ_NET_TX | SOFTIRQ_NET_RX))) {
		if (!w->softirq_pending) {
			x_note(x, "no softirq pending: back to the interrupted "
			       "context", 0, 0, 0, 0);
			return x_end(x);
		}
		if (!softirq_restart(x))
			return;
		restarted = true;
	}
	if (CUR(x)->arg & SOFTIRQ_NET_TX) {
		CUR(x)->arg &= ~SOFTIRQ_NET_TX;
		x_note(x, restarted ? "raised again: restart (%u left); "
		       "NET_TX_SOFTIRQ: run net_tx_action" :
		       "NET_TX_SOFTIRQ pending: run net_tx_action",
		       sd->softirq_restart, 0, 0, 0);
		return x_call(x, ST_net_tx_action, 0, ST_do_softirq);
	}
	if (CUR(x)->arg & SOFTIRQ_NET_RX) {
		CUR(x)->arg &= ~SOFTIRQ_NET_RX;
		x_note(x, restarted ? "raised again: restart (%u left); "
		       "NET_RX_SOFTIRQ: run net_rx_action" :
		       "NET_RX_SOFTIRQ pending: run net_rx_action",
		       sd->softirq_restart, 0, 0, 0);
		return x_call(x, ST_net_rx_action, 0, ST_do_softirq);
	}
	x_note(x, "no softirq pending: back to the interrupted context",
	       0, 0, 0, 0);
	x_end(x);
}

/* run_ksoftirqd: the per-CPU thread runs __do_softirq while softirqs are
 * pending, then sleeps.  It is scheduled as a process: after the running
 * syscall.  While it is awake, softirqs raised elsewhere wait for it. */
void st_run_ksoftirqd(struct exec *x)
{
	struct world *w = x->w;

	if (!w->softirq_pending) {
		w->softnet.ksoftirqd = false;
		x_note(x, "nothing pending: ksoftirqd/0 sleeps; softirqs run at "
		       "IRQ exit again", 0, 0, 0, 0);
		return x_end(x);
	}
	x_note(x, "ksoftirqd/0 runs the pending softirqs (__do_softirq)",
	       0, 0, 0, 0);
	x_call(x, ST_do_softirq, 0, ST_run_ksoftirqd);
}

void napi_repoll(struct world *w, uint8_t napi_id)
{
	struct softnet *sd = &w->softnet;

	if (sd->repoll_len < sizeof(sd->repoll))
		sd->repoll[sd->repoll_len++] = napi_id;
}

/* net_rx_action's end: the list left, then NAPIs scheduled meanwhile, then
 * the repoll list go back on the poll list; NET_RX is raised again if it is
 * not empty. */
static void net_rx_action_end(struct world *w)
{
	struct softnet *sd = &w->softnet;

	for (uint8_t i = 0; i < sd->repoll_len; i++)
		napi_add_poll(w, sd->repoll[i]);
	sd->repoll_len = 0;
	if (sd->poll_len)
		raise_softirq(w, SOFTIRQ_NET_RX);
}

/* net_rx_action (6.x): polls the NAPIs that were on the poll list when it
 * started ("list": the first CUR->arg entries of poll_list).  One that used
 * its whole weight goes on "repoll" for the next round, so a single busy
 * NIC is polled once per softirq round.  budget and deadline end it early:
 * time_squeeze.  Frame: arg2 0 on entry. */
void st_net_rx_action(struct exec *x)
{
	struct world *w = x->w;
	struct softnet *sd = &w->softnet;
	uint8_t id;

	if (!CUR(x)->arg2) {
		CUR(x)->arg2 = 1;
		CUR(x)->arg = sd->poll_len;
		sd->budget_left = (uint32_t)w->sysctl[SYS_netdev_budget];
		sd->deadline = w->now +
			(uint64_t)w->sysctl[SYS_netdev_budget_usecs] * 1000;
	} else {
		sd->budget_left = w->last_work >= sd->budget_left ? 0 :
			sd->budget_left - w->last_work;
		if (!sd->budget_left || w->now >= sd->deadline) {
			softnet_inc(w, x->s, SNC_time_squeeze);
			net_rx_action_end(w);
			x_note(x, sd->budget_left ? "netdev_budget_usecs used up: "
			       "time_squeeze; %u NAPI(s) wait for the next "
			       "NET_RX_SOFTIRQ" : "netdev_budget used up: "
			       "time_squeeze; %u NAPI(s) wait for the next "
			       "NET_RX_SOFTIRQ", sd->poll_len, 0, 0, 0);
			return x_end(x);
		}
	}
	if (!CUR(x)->arg) {
		if (sd->repoll_len || !sd->poll_len) {
			net_rx_action_end(w);
			x_note(x, sd->poll_len ? "list done (budget left %u); "
			       "%u NAPI(s) to poll again: raise NET_RX_SOFTIRQ" :
			       "poll_list empty: done (budget left %u)",
			       sd->budget_left, sd->poll_len, 0, 0);
			return x_end(x);
		}
		CUR(x)->arg = sd->poll_len;   /* scheduled meanwhile: start */
	}
	id = sd->poll_list[0];
	memmove(sd->poll_list, sd->poll_list + 1, --sd->poll_len);
	CUR(x)->arg--;
	x_note(x, "budget %u left: poll the next NAPI", sd->budget_left,
	       0, 0, 0);
	x_call(x, ST_napi_poll, 0, ST_net_rx_action);
	CUR(x)->arg = id;
}

/* net_tx_action: run the qdisc of each device on this CPU's output_queue. */
void st_net_tx_action(struct exec *x)
{
	struct softnet *sd = &x->w->softnet;
	int dev;

	if (!sd->output_queue) {
		x_note(x, "output_queue empty: done", 0, 0, 0, 0);
		return x_end(x);
	}
	dev = __builtin_ctz(sd->output_queue);
	sd->output_queue &= (uint16_t)~(1u << dev);
	x_note(x, "%s's qdisc is on the output_queue: qdisc_run", 0, 0, 0, 0);
	x->s->note_str = x->w->dev[dev].name;
	x_call(x, ST_qdisc_run, 0, ST_net_tx_action);
	CUR(x)->arg = (uint32_t)dev;
}

void st_napi_poll(struct exec *x)
{
	if (CUR(x)->arg == NAPI_BACKLOG) {
		x_note(x, "the per-CPU backlog's NAPI: process_backlog",
		       0, 0, 0, 0);
		return x_jump(x, ST_process_backlog, 0);
	}
	x_note(x, "call the driver's poll with weight 64", 0, 0, 0, 0);
	x_jump(x, ST_igb_poll, 0);
}

void st_napi_complete_done(struct exec *x)
{
	struct world *w = x->w;
	int dev = (int)CUR(x)->arg;
	struct nic *nic = &w->dev[dev].nic;

	nic->napi_scheduled = false;
	igb_ring_irq_enable(w, dev);
	if (nic->irq_pending)
		x_note(x, "NAPI off the list; igb_ring_irq_enable: the IRQ fires "
		       "at once, %u frame(s) already waiting", nic->rx_count,
		       0, 0, 0);
	else if (nic->irq_armed)
		x_note(x, "NAPI off the list; igb_ring_irq_enable: %u frame(s) "
		       "waiting, the IRQ fires when the EITR interval ends",
		       nic->rx_count, 0, 0, 0);
	else
		x_note(x, "NAPI off the list; igb_ring_irq_enable: IRQ "
		       "re-enabled, next interval %u us",
		       (int64_t)nic->itr_val * 250 / 1000, 0, 0, 0);
	x_end(x);
}

/* eth_type_trans (net/ethernet/eth.c): who the frame is for, its EtherType,
 * and the Ethernet header pulled off. */
void st_eth_type_trans(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	struct net_device *nd = &w->dev[skb->dev];
	const uint8_t *p = skb_data(skb);
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	skb->mac_header = skb->data;
	if (p[0] & 1)
		skb->pkt_type = memcmp(p, bcast, 6) ? PACKET_MULTICAST :
						      PACKET_BROADCAST;
	else if (memcmp(p, nd->mac, 6))
		skb->pkt_type = PACKET_OTHERHOST;
	else
		skb->pkt_type = PACKET_HOST;
	skb->protocol = get_be16(p + ETH_OFF_TYPE);
	skb_pull(skb, ETH_HLEN);
	x_note(x, "pkt_type %s, protocol 0x%x; pull the 14-byte Ethernet "
	       "header", skb->protocol, 0, 0, 0);
	x->s->note_str = skb->pkt_type == PACKET_HOST ? "HOST" :
		skb->pkt_type == PACKET_BROADCAST ? "BROADCAST" :
		skb->pkt_type == PACKET_MULTICAST ? "MULTICAST" : "OTHERHOST";
	x_jump(x, ST_napi_gro_receive, h);
}

void st_napi_gro_receive(struct exec *x)
{
	x_note(x, "GRO_NORMAL: no flow to merge with; pass it up", 0, 0, 0, 0);
	x_jump(x, ST_netif_receive_skb_core, CUR(x)->skb);
}

void st_netif_receive_skb_core(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);

	unsigned taps;

	skb->network_header = skb->data;
	skb->skb_iif = skb->dev;
	softnet_inc(w, x->s, SNC_processed);
	/* ptype_all first: tcpdump sees the frame before any handler */
	taps = packet_taps_deliver(w, h, false);
	switch (skb->protocol) {
	case ETH_P_IP:
		x_note(x, taps ? "deliver_skb to %u tap(s) on ptype_all "
		       "(tcpdump sees it here); ptype_base[ETH_P_IP] is ip_rcv" :
		       "no taps; ptype_base[ETH_P_IP] is ip_rcv", taps, 0, 0, 0);
		return x_call(x, ST_ip_rcv, h, STAGE_NONE);
	case ETH_P_ARP:
		x_note(x, taps ? "deliver_skb to %u tap(s) on ptype_all "
		       "(tcpdump sees it here); ptype_base[ETH_P_ARP] is arp_rcv" :
		       "no taps; ptype_base[ETH_P_ARP] is arp_rcv", taps, 0, 0, 0);
		return x_call(x, ST_arp_rcv, h, STAGE_NONE);
	default:
		dev_stat_inc(w, x->s, skb->dev, DEVC_rx_dropped, 1);
		x_note(x, taps ? "no handler for EtherType 0x%x: rx_dropped "
		       "(after deliver_skb to %u tap(s))" :
		       "no handler for EtherType 0x%x: rx_dropped",
		       skb->protocol, taps, 0, 0);
		x_drop(x, h, DROP_UNHANDLED_PROTO);
		return x_end(x);
	}
}

/* netif_rx -> enqueue_to_backlog: loopback's way into the stack. */
void st_netif_rx(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	struct softnet *sd = &w->softnet;
	int dev = skb->dev;

	if (sd->backlog.qlen > (uint32_t)w->sysctl[SYS_netdev_max_backlog]) {
		softnet_inc(w, x->s, SNC_dropped);
		dev_stat_inc(w, x->s, dev, DEVC_rx_dropped, 1);
		x_note(x, "backlog %u > netdev_max_backlog %u: drop",
		       sd->backlog.qlen, w->sysctl[SYS_netdev_max_backlog], 0, 0);
		x_drop(x, h, DROP_CPU_BACKLOG);
		return x_end(x);
	}
	if (w->dev[dev].kind == DEV_LOOPBACK) {
		/* loopback_xmit counts the length after eth_type_trans */
		dev_stat_inc(w, x->s, dev, DEVC_tx_packets, 1);
		dev_stat_inc(w, x->s, dev, DEVC_tx_bytes, skb->len);
		dev_stat_inc(w, x->s, dev, DEVC_rx_packets, 1);
		dev_stat_inc(w, x->s, dev, DEVC_rx_bytes, skb->len);
	}
	skb->wait_stage = ST_netif_rx;
	skbq_tail(w, &sd->backlog, h);
	if (!sd->backlog_scheduled) {
		sd->backlog_scheduled = true;
		napi_add_poll(w, NAPI_BACKLOG);
		raise_softirq(w, SOFTIRQ_NET_RX);
		x_note(x, "queued on the CPU backlog (%u); schedule its NAPI, "
		       "raise NET_RX_SOFTIRQ", sd->backlog.qlen, 0, 0, 0);
	} else {
		x_note(x, "queued on the CPU backlog (%u)", sd->backlog.qlen,
		       0, 0, 0);
	}
	x_end(x);
}

void st_process_backlog(struct exec *x)
{
	struct world *w = x->w;
	struct softnet *sd = &w->softnet;
	uint32_t h;

	if (CUR(x)->arg2 >= (uint32_t)w->sysctl[SYS_dev_weight]) {
		w->last_work = CUR(x)->arg2;
		napi_repoll(w, NAPI_BACKLOG);
		x_note(x, "weight used up: stays scheduled (repoll)", 0, 0, 0, 0);
		return x_end(x);
	}
	h = skbq_dequeue(w, &sd->backlog);
	if (!h) {
		sd->backlog_scheduled = false;
		w->last_work = CUR(x)->arg2;
		x_note(x, "backlog empty: %u packet(s) this poll", CUR(x)->arg2,
		       0, 0, 0);
		return x_end(x);
	}
	CUR(x)->arg2++;
	SKB(w, h)->wait_stage = 0;
	x_view(x, h, true);
	x_note(x, "dequeue from the backlog (%u left): __netif_receive_skb",
	       sd->backlog.qlen, 0, 0, 0);
	x_call(x, ST_netif_receive_skb_core, h, ST_process_backlog);
}

void st_consume_skb(struct exec *x)
{
	x_note(x, "handled: free it (not a drop)", 0, 0, 0, 0);
	x_consume(x, CUR(x)->skb);
	x_end(x);
}

/* ---- transmit ---- */

void st_dev_queue_xmit(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	struct net_device *nd = &w->dev[skb->dev];

	skb->mac_header = skb->data;
	if (nd->kind == DEV_LOOPBACK) {
		x_note(x, "lo has no qdisc (noqueue): straight to the driver",
		       0, 0, 0, 0);
		return x_jump(x, ST_dev_hard_start_xmit, h);
	}
	skb->dst.valid = 0;   /* IFF_XMIT_DST_RELEASE */
	x_note(x, "drop the dst (IFF_XMIT_DST_RELEASE); TX queue 0, qdisc "
	       "pfifo_fast", 0, 0, 0, 0);
	x_jump(x, ST_qdisc_enqueue, h);
}

static uint32_t qdisc_len(const struct qdisc *q)
{
	return q->band[0].qlen + q->band[1].qlen + q->band[2].qlen;
}

/* skb->priority picks the band (sch_generic.c prio2band).  Local sockets
 * have priority 0 (no SO_PRIORITY or IP_TOS in the model); ip_forward sets
 * rt_tos2priority(tos) (ip_tos2prio, net/ipv4/route.c). */
static int pfifo_fast_band(const struct sk_buff *skb)
{
	static const uint8_t prio2band[16] = {
		1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1 };
	static const uint8_t ip_tos2prio[16] = {
		0, 0, 0, 0, 2, 2, 2, 2, 6, 6, 6, 6, 4, 4, 4, 4 };
	uint8_t tos;

	if (!skb->forwarded || skb->network_header == SKB_NO_HDR ||
	    skb->network_header + 2u > skb->tail)
		return prio2band[0];
	tos = skb->buf[skb->network_header + 1];
	return prio2band[ip_tos2prio[(tos & 0x1e) >> 1]];
}

/* __dev_xmit_skb: an empty pfifo_fast with a running queue is bypassed;
 * else pfifo_fast_enqueue: each band holds txqueuelen packets. */
void st_qdisc_enqueue(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	struct net_device *nd = &w->dev[skb->dev];
	struct qdisc *q = &nd->qdisc;
	int b = pfifo_fast_band(skb);
	struct skb_queue *band = &q->band[b];

	if (!qdisc_len(q) && !nd->nic.tx_stopped) {
		q->packets++;
		q->bytes += skb->len;
		x_note(x, "qdisc empty and the queue running: bypass it "
		       "(sch_direct_xmit)", 0, 0, 0, 0);
		return x_jump(x, ST_dev_hard_start_xmit, h);
	}
	if (band->qlen >= nd->txqueuelen) {
		q->drops++;
		if (skb->sk)
			x->w->sock[skb->sk - 1].cork_xmit = 1; /* NET_XMIT_DROP */
		x_note(x, "pfifo_fast band %u full (%u = txqueuelen): "
		       "qdisc_drop", b, band->qlen, 0, 0);
		x_drop(x, h, DROP_QDISC_DROP);
		return x_end(x);
	}
	skb->wait_stage = ST_qdisc_enqueue;
	skbq_tail(w, band, h);
	x_note(x, nd->nic.tx_stopped ? "TX queue stopped: enqueue on "
	       "pfifo_fast band %u (%u queued)" : "enqueue on pfifo_fast band "
	       "%u (%u queued)", b, qdisc_len(q), 0, 0);
	x_jump(x, ST_qdisc_run, 0);
	CUR(x)->arg = skb->dev;
	CUR(x)->arg2 = 0;
}

void st_qdisc_run(struct exec *x)
{
	struct world *w = x->w;
	int dev = (int)CUR(x)->arg;
	struct net_device *nd = &w->dev[dev];
	uint32_t h = 0;

	if (nd->nic.tx_stopped) {
		x_note(x, "TX queue stopped: %u packet(s) stay in the qdisc "
		       "until igb_clean_tx_irq wakes it", qdisc_len(&nd->qdisc),
		       0, 0, 0);
		return x_end(x);
	}
	/* quota dev_tx_weight (dev_weight x dev_weight_tx_bias 1): pfifo_fast
	 * is lockless, so it sets MISSED and qdisc_run_end reschedules it */
	if (CUR(x)->arg2 >= (uint32_t)w->sysctl[SYS_dev_weight] &&
	    qdisc_len(&nd->qdisc)) {
		netif_schedule(w, dev);
		x_note(x, "quota of %u used: __netif_schedule, the rest waits "
		       "for NET_TX_SOFTIRQ", CUR(x)->arg2, 0, 0, 0);
		return x_end(x);
	}
	for (int b = 0; b < 3 && !h; b++)
		h = skbq_dequeue(w, &nd->qdisc.band[b]);
	if (!h) {
		x_note(x, "qdisc empty", 0, 0, 0, 0);
		return x_end(x);
	}
	nd->qdisc.packets++;
	nd->qdisc.bytes += SKB(w, h)->len;
	CUR(x)->arg2++;
	SKB(w, h)->wait_stage = 0;
	x_view(x, h, true);
	x_note(x, "dequeue; sch_direct_xmit", 0, 0, 0, 0);
	x_call(x, ST_dev_hard_start_xmit, h, ST_qdisc_run);
}

void st_dev_hard_start_xmit(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);

	unsigned taps;

	if (w->dev[skb->dev].kind == DEV_LOOPBACK) {
		/* libpcap drops outgoing copies on lo: it gets them again on
		 * input (pcap-linux.c), so a tap on lo takes nothing here */
		x_note(x, packet_taps_any(w, skb->dev, true) ?
		       "dev_queue_xmit_nit: tcpdump skips lo's outgoing copy "
		       "(it sees the packet on input); ndo_start_xmit = "
		       "loopback_xmit" : "no taps; ndo_start_xmit = "
		       "loopback_xmit", 0, 0, 0, 0);
		return x_jump(x, ST_loopback_xmit, h);
	}
	if (!skb->in_dev)
		skb->in_dev = skb->dev;
	/* xmit_one -> dev_queue_xmit_nit: after the qdisc, before the driver */
	taps = packet_taps_deliver(w, h, true);
	x_note(x, taps ? "dev_queue_xmit_nit: a PACKET_OUTGOING copy to %u "
	       "tap(s) (tcpdump sees it here); ndo_start_xmit = igb_xmit_frame" :
	       "no taps; ndo_start_xmit = igb_xmit_frame", taps, 0, 0, 0);
	x_fate(x, h, skb->forwarded ? FATE_FORWARDED : FATE_TRANSMITTED,
	       DROP_NONE);
	x_jump(x, ST_igb_xmit_frame, h);
}

void st_loopback_xmit(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);

	skb_orphan(w, skb);
	skb->mac_header = skb->data;
	skb->pkt_type = PACKET_HOST;
	skb->protocol = ETH_P_IP;
	skb_pull(skb, ETH_HLEN);
	x_note(x, "skb_orphan (sndbuf released); keep the dst; eth_type_trans; "
	       "hand it to netif_rx", 0, 0, 0, 0);
	x_jump(x, ST_netif_rx, h);
}
