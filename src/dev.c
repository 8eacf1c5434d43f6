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

/* Pending bits run lowest first: NET_TX (2) before NET_RX (3). */
void st_do_softirq(struct exec *x)
{
	struct world *w = x->w;

	if (w->softirq_pending & SOFTIRQ_NET_TX) {
		w->softirq_pending &= ~SOFTIRQ_NET_TX;
		x_note(x, "NET_TX_SOFTIRQ pending: run net_tx_action", 0, 0, 0, 0);
		return x_call(x, ST_net_tx_action, 0, ST_do_softirq);
	}
	if (w->softirq_pending & SOFTIRQ_NET_RX) {
		w->softirq_pending &= ~SOFTIRQ_NET_RX;
		x_note(x, "NET_RX_SOFTIRQ pending: run net_rx_action", 0, 0, 0, 0);
		return x_call(x, ST_net_rx_action, 0, ST_do_softirq);
	}
	x_note(x, "no softirq pending: back to the interrupted context",
	       0, 0, 0, 0);
	x_end(x);
}

void st_net_rx_action(struct exec *x)
{
	struct world *w = x->w;
	struct softnet *sd = &w->softnet;
	uint8_t id;

	if (!CUR(x)->arg2) {
		CUR(x)->arg2 = 1;
		sd->budget_left = (uint32_t)w->sysctl[SYS_netdev_budget];
		sd->deadline = w->now +
			(uint64_t)w->sysctl[SYS_netdev_budget_usecs] * 1000;
	} else {
		sd->budget_left = w->last_work >= sd->budget_left ? 0 :
			sd->budget_left - w->last_work;
		if (!sd->budget_left || w->now >= sd->deadline) {
			softnet_inc(w, x->s, SNC_time_squeeze);
			if (sd->poll_len)
				raise_softirq(w, SOFTIRQ_NET_RX);
			x_note(x, "budget or time used up: time_squeeze; the rest "
			       "waits for the next NET_RX_SOFTIRQ", 0, 0, 0, 0);
			return x_end(x);
		}
	}
	if (!sd->poll_len) {
		x_note(x, "poll_list empty: done (budget left %u)",
		       sd->budget_left, 0, 0, 0);
		return x_end(x);
	}
	id = sd->poll_list[0];
	memmove(sd->poll_list, sd->poll_list + 1, --sd->poll_len);
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
	struct nic *nic = &w->dev[CUR(x)->arg].nic;

	nic->napi_scheduled = false;
	nic->irq_masked = false;
	if (nic->rx_count || nic->tx_done) {
		nic->irq_masked = true;
		nic->irq_pending = true;
		x_note(x, "NAPI off the list; IRQ re-enabled, and it fires at "
		       "once: %u frame(s) already waiting", nic->rx_count,
		       0, 0, 0);
	} else {
		x_note(x, "NAPI off the list; IRQ re-enabled (igb_ring_irq_enable)",
		       0, 0, 0, 0);
	}
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

	skb->network_header = skb->data;
	skb->skb_iif = skb->dev;
	softnet_inc(w, x->s, SNC_processed);
	switch (skb->protocol) {
	case ETH_P_IP:
		x_note(x, "no taps; ptype_base[ETH_P_IP] is ip_rcv", 0, 0, 0, 0);
		return x_call(x, ST_ip_rcv, h, STAGE_NONE);
	case ETH_P_ARP:
		x_note(x, "no taps; ptype_base[ETH_P_ARP] is arp_rcv", 0, 0, 0, 0);
		return x_call(x, ST_arp_rcv, h, STAGE_NONE);
	default:
		dev_stat_inc(w, x->s, skb->dev, DEVC_rx_dropped, 1);
		x_note(x, "no handler for EtherType 0x%x: rx_dropped",
		       skb->protocol, 0, 0, 0);
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
		napi_add_poll(w, NAPI_BACKLOG);
		x_note(x, "weight used up: stays scheduled", 0, 0, 0, 0);
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

/* __dev_xmit_skb: an empty pfifo_fast with a running queue is bypassed. */
void st_qdisc_enqueue(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	struct net_device *nd = &w->dev[skb->dev];
	struct qdisc *q = &nd->qdisc;
	struct skb_queue *band = &q->band[1];   /* prio2band[0] */

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
		x_note(x, "pfifo_fast band 1 full (%u = txqueuelen): drop",
		       band->qlen, 0, 0, 0);
		x_drop(x, h, DROP_QDISC_DROP);
		return x_end(x);
	}
	skb->wait_stage = ST_qdisc_enqueue;
	skbq_tail(w, band, h);
	x_note(x, "enqueue on pfifo_fast band 1 (%u queued)", qdisc_len(q),
	       0, 0, 0);
	x_jump(x, ST_qdisc_run, 0);
	CUR(x)->arg = skb->dev;
}

void st_qdisc_run(struct exec *x)
{
	struct world *w = x->w;
	int dev = (int)CUR(x)->arg;
	struct net_device *nd = &w->dev[dev];
	uint32_t h = 0;

	if (nd->nic.tx_stopped) {
		x_note(x, "TX queue stopped: packets stay in the qdisc", 0, 0, 0, 0);
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

	if (w->dev[skb->dev].kind == DEV_LOOPBACK) {
		x_note(x, "no taps; ndo_start_xmit = loopback_xmit", 0, 0, 0, 0);
		return x_jump(x, ST_loopback_xmit, h);
	}
	if (!skb->in_dev)
		skb->in_dev = skb->dev;
	x_note(x, "no taps; ndo_start_xmit = igb_xmit_frame", 0, 0, 0, 0);
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
