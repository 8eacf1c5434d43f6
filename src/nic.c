/*
 * nic.c: the NIC and its driver.  The hardware half has no kernel twin
 * (nic_* stages); the driver half models Intel's igb (drivers/net/ethernet/
 * intel/igb/igb_main.c, Linux 6.x): one RX and one TX descriptor ring, the
 * queue's MSI-X vector auto-masked when it fires and re-enabled by
 * napi_complete_done, TX completions cleaned at the start of each poll.
 * The modelled queue is queue 0 of an 82576 whose RX and TX queues share
 * vectors in pairs (IGB_FLAG_QUEUE_PAIRS, as on a host with more than four
 * CPUs), so the vector's ITR follows igb_update_ring_itr.
 *
 * Interrupt moderation is the 82576's EITR: a throttle, not a delay.  An
 * interrupt cause that comes when the last interrupt is older than the
 * interval fires at once; one that comes sooner waits for the interval to
 * end (EV_ITR).  rx-usecs 0 turns it off, 1 and 3 make it adaptive
 * (igb_update_ring_itr after each poll; 3 never goes below 50 us), any
 * other value 10..10000 is a fixed interval.
 *
 * Knowingly left out: igb's RX checksum offload (the checksum is verified in
 * software, as for a TAP device), RSS with several queues, GRO merging, the
 * NIC's on-chip packet buffer (a frame that finds no free descriptor is
 * missed at once: RNBC and MPC count it together), the TX work limit of 128
 * completions per poll.
 */
#include <string.h>

#include "net.h"
#include "pkt.h"
#include "proto/ether.h"

#define IGB_RX_TRUESIZE 2048   /* half a 4 KiB page per RX buffer */
#define DESC_NEEDED 21         /* MAX_SKB_FRAGS + 4: igb stops the queue below */
#define WIRE_OVERHEAD 24       /* preamble 8 + FCS 4 + inter-frame gap 12 */
#define TX_WAKE_THRESHOLD (DESC_NEEDED * 2)

/* igb_desc_unused: one descriptor always stays empty (ntu never meets ntc) */
static uint32_t igb_desc_unused(const struct nic *nic)
{
	return nic->tx_ring_size - nic->tx_count - 1;
}

/* Time a frame of len bytes occupies the wire (at least ETH_ZLEN). */
static uint64_t wire_ns(const struct nic *nic, uint32_t len)
{
	uint64_t bits = (uint64_t)((len < ETH_ZLEN ? ETH_ZLEN : len) +
				   WIRE_OVERHEAD) * 8;
	uint32_t mbps = nic->speed_mbps ? nic->speed_mbps : 1000;

	return bits * 1000 / mbps;
}

#define IGB_START_ITR 648      /* ~6000 ints/s, EITR units of 0.25 us */
#define IGB_20K_ITR 196
#define IGB_4K_ITR 980
#define EITR_UNIT_NS 250

/* The vector's interrupt is asserted: auto-masked (EIAM) until NAPI is done. */
static void irq_assert(struct world *w, int ifindex)
{
	struct nic *nic = &w->dev[ifindex].nic;

	nic->irq_masked = true;
	nic->irq_pending = true;
	w->irq_pending_mask |= (uint16_t)(1u << ifindex);
	nic->irq_armed = false;
	nic->last_irq = w->now;
}

/* An interrupt cause: fires now, or when the EITR interval ends. */
static void nic_raise_irq(struct world *w, int ifindex)
{
	struct nic *nic = &w->dev[ifindex].nic;
	uint64_t due = nic->last_irq + nic->itr_ns;

	if (nic->irq_masked || nic->irq_armed)
		return;
	if (!nic->itr_ns || w->now >= due)
		return irq_assert(w, ifindex);
	nic->irq_armed = true;
	ev_push(w, due, EV_ITR, (uint32_t)ifindex);
}

void nic_itr_expire(struct world *w, int ifindex)
{
	struct nic *nic = &w->dev[ifindex].nic;

	if (nic->irq_armed && !nic->irq_masked)
		irq_assert(w, ifindex);
	nic->irq_armed = false;
}

void nic_coalesce_init(struct nic *nic, uint32_t itr_setting)
{
	nic->itr_setting = itr_setting;
	nic->itr_val = itr_setting > 3 ? itr_setting :
		itr_setting ? IGB_START_ITR : 0;
}

/* igb_update_ring_itr: the next interval from the average frame size since
 * the last update (adaptive modes only). */
static void igb_update_ring_itr(struct nic *nic)
{
	uint32_t avg = 0, new_val;

	if (nic->speed_mbps != 1000) {
		nic->itr_val = IGB_4K_ITR;   /* fixed 4000 ints/s below 1 Gb/s */
		return;
	}
	if (nic->rx_tp)
		avg = (uint32_t)(nic->rx_tb / nic->rx_tp);
	if (nic->tx_tp && nic->tx_tb / nic->tx_tp > avg)
		avg = (uint32_t)(nic->tx_tb / nic->tx_tp);
	nic->rx_tp = nic->tx_tp = 0;
	nic->rx_tb = nic->tx_tb = 0;
	if (!avg)
		return;
	avg += 24;
	if (avg > 3000)
		avg = 3000;
	new_val = avg > 300 && avg < 1200 ? avg / 3 : avg / 2;
	if (new_val < IGB_20K_ITR && nic->itr_setting == 3)
		new_val = IGB_20K_ITR;
	nic->itr_val = new_val;
}

/* igb_ring_irq_enable, after napi_complete_done: a new ITR if adaptive,
 * then the vector unmasked; a cause latched meanwhile fires (throttled). */
void igb_ring_irq_enable(struct world *w, int ifindex)
{
	struct nic *nic = &w->dev[ifindex].nic;

	if (nic->itr_setting & 3)
		igb_update_ring_itr(nic);
	nic->irq_masked = false;
	if (nic->rx_count || nic->tx_done)
		nic_raise_irq(w, ifindex);
}

/* The frame of an injector reaches the NIC's PHY: hardware filters it. */
void st_nic_rx_frame(struct exec *x)
{
	struct world *w = x->w;
	uint32_t ih = CUR(x)->arg;
	struct injector *inj = &w->inj[ih - 1];
	int dev = inj->dev;
	struct net_device *nd = &w->dev[dev];
	uint32_t h = skb_alloc(w);
	struct sk_buff *skb;
	uint8_t *p;

	if (--inj->remaining)
		ev_push(w, w->now + (inj->gap_ns ? inj->gap_ns :
				     wire_ns(&nd->nic, inj->len)),
			EV_ARRIVAL, ih);
	if (inj->replay) {           /* replay.c loads the next frame */
		inj->replay = false;
		w->replay.loaded = false;
	}
	if (!h) {
		x_note(x, "no memory for an RX buffer (skb pool exhausted)",
		       0, 0, 0, 0);
		if (!inj->remaining)
			pool_free(&w->inj_pool, w->inj_next, ih);
		return x_end(x);
	}
	skb = SKB(w, h);
	skb->pkt = ++w->next_pkt;
	skb->origin = ORIGIN_WIRE;
	skb->in_dev = (uint8_t)dev;
	skb->nsteps = 1;
	skb_reserve(skb, NET_SKB_PAD + NET_IP_ALIGN);
	/* A frame larger than one RX buffer: igb would chain buffers; the
	 * model keeps what fits and drops it below as oversize. */
	uint16_t fits = inj->len > SKB_BUF - NET_SKB_PAD - NET_IP_ALIGN ?
		SKB_BUF - NET_SKB_PAD - NET_IP_ALIGN : inj->len;
	bool too_big = fits < inj->len;
	bool bad_fcs = inj->bad_fcs;

	skb_put(skb, fits, &p);
	memcpy(p, inj->frame, fits);
	if (!inj->remaining)
		pool_free(&w->inj_pool, w->inj_next, ih);
	x_view(x, h, false);
	CUR(x)->skb = h;

	if (!nd->up) {
		x_note(x, "link down: the PHY receives nothing", 0, 0, 0, 0);
		return x_drop(x, h, DROP_NIC_LINK_DOWN), x_end(x);
	}
	if (skb->len < ETH_HLEN) {
		dev_stat_inc(w, x->s, dev, DEVC_rx_length_errors, 1);
		dev_stat_inc(w, x->s, dev, DEVC_rx_errors, 1);
		x_note(x, "runt: %u bytes is shorter than an Ethernet header",
		       skb->len, 0, 0, 0);
		return x_drop(x, h, DROP_NIC_RUNT), x_end(x);
	}
	if (too_big || skb->len > nd->mtu + ETH_HLEN) {
		dev_stat_inc(w, x->s, dev, DEVC_rx_length_errors, 1);
		dev_stat_inc(w, x->s, dev, DEVC_rx_errors, 1);
		x_note(x, "oversize: %u bytes > MTU %u + 14", skb->len, nd->mtu,
		       0, 0);
		return x_drop(x, h, DROP_NIC_OVERSIZE), x_end(x);
	}
	p = skb_data(skb);
	if (!(p[0] & 1) && memcmp(p, nd->mac, ETH_ALEN) && !nd->promisc) {
		x_note(x, "MAC filter: not for us, not broadcast/multicast, "
		       "not promiscuous", 0, 0, 0, 0);
		return x_drop(x, h, DROP_NIC_MAC_FILTER), x_end(x);
	}
	if (bad_fcs) {
		/* igb_update_stats: CRCERRS (counted once the address filter
		 * passed) is rx_crc_errors and part of rx_errors; RCTL.SBP is
		 * off, so the MAC never stores the frame */
		dev_stat_inc(w, x->s, dev, DEVC_rx_crc_errors, 1);
		dev_stat_inc(w, x->s, dev, DEVC_rx_errors, 1);
		x_note(x, "FCS (CRC-32) mismatch: the MAC discards the frame",
		       0, 0, 0, 0);
		return x_drop(x, h, DROP_NIC_FCS), x_end(x);
	}
	x_note(x, "frame accepted by the MAC filter (%u bytes)", skb->len,
	       0, 0, 0);
	x_jump(x, ST_nic_dma_rx, h);
}

/* DMA into the next free RX descriptor, then the IRQ (unless masked). */
void st_nic_dma_rx(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	int dev = SKB(w, h)->in_dev;
	struct nic *nic = &w->dev[dev].nic;

	if (nic->rx_count >= nic->rx_ring_size) {
		/* igb_update_stats: MPC goes to rx_missed_errors and is also
		 * added to rx_fifo_errors */
		nic->rx_no_buffer_count++;
		dev_stat_inc(w, x->s, dev, DEVC_rx_missed_errors, 1);
		dev_stat_inc(w, x->s, dev, DEVC_rx_fifo_errors, 1);
		x_note(x, "RX ring full (%u/%u descriptors): the NIC drops it",
		       nic->rx_count, nic->rx_ring_size, 0, 0);
		x_drop(x, h, DROP_NIC_RX_RING_FULL);
		return x_end(x);
	}
	nic->rx_slot[nic->rx_ntu] = h;
	nic->rx_ntu = (nic->rx_ntu + 1) % nic->rx_ring_size;
	nic->rx_count++;
	SKB(w, h)->wait_stage = ST_nic_dma_rx;
	if (nic->irq_masked) {
		x_note(x, "DMA to RX descriptor (%u/%u used); IRQ masked: NAPI "
		       "is already polling", nic->rx_count, nic->rx_ring_size,
		       0, 0);
		return x_end(x);
	}
	nic_raise_irq(w, dev);
	if (nic->irq_armed)
		x_note(x, "DMA to RX descriptor (%u/%u used); the IRQ waits for "
		       "the EITR interval (%u us after the last one)",
		       nic->rx_count, nic->rx_ring_size,
		       (int64_t)(nic->itr_ns / 1000), 0);
	else if (nic->irq_pending)
		x_note(x, "DMA to RX descriptor (%u/%u used); raise the IRQ",
		       nic->rx_count, nic->rx_ring_size, 0, 0);
	else
		x_note(x, "DMA to RX descriptor (%u/%u used); the IRQ is already "
		       "latched", nic->rx_count, nic->rx_ring_size, 0, 0);
	x_end(x);
}

/* The frame at the head of the TX ring has left on the wire. */
void st_nic_tx_done(struct exec *x)
{
	struct world *w = x->w;
	int dev = (int)CUR(x)->arg;
	struct nic *nic = &w->dev[dev].nic;
	uint32_t idx = (nic->tx_ntc + nic->tx_done) % nic->tx_ring_size;
	uint32_t h = nic->tx_slot[idx];

	nic->tx_done++;
	nic->tx_wire_busy = 0;
	if (nic->tx_done < nic->tx_count) {
		uint32_t next = nic->tx_slot[(idx + 1) % nic->tx_ring_size];

		nic->tx_wire_busy = 1;
		ev_push(w, w->now + wire_ns(nic, SKB(w, next)->len), EV_TX_WIRE,
			(uint32_t)dev);
	}
	CUR(x)->skb = h;
	x_view(x, h, true);
	nic_raise_irq(w, dev);
	x_note(x, "TX done: descriptor written back; %u to clean", nic->tx_done,
	       0, 0, 0);
	x_end(x);
}

/* igb_msix_ring: igb_write_itr sets the interval that throttles the next
 * interrupt, then NAPI is scheduled. */
void st_igb_msix_ring(struct exec *x)
{
	struct nic *nic = &x->w->dev[CUR(x)->arg].nic;

	nic->itr_ns = (uint64_t)nic->itr_val * EITR_UNIT_NS;
	x_note(x, "hard IRQ on %s's queue vector; its interrupt stays masked; "
	       "EITR: next one no sooner than %u us", (int64_t)(nic->itr_ns /
								 1000), 0, 0, 0);
	x->s->note_str = x->w->dev[CUR(x)->arg].name;
	x_call(x, ST_napi_schedule, 0, STAGE_NONE);
}

void st_igb_poll(struct exec *x)
{
	struct world *w = x->w;
	int dev = (int)CUR(x)->arg;

	switch (CUR(x)->arg2) {
	case 0:
		CUR(x)->arg2 = 1;
		x_note(x, "poll %s: TX completions first", 0, 0, 0, 0);
		x->s->note_str = w->dev[dev].name;
		return x_call(x, ST_igb_clean_tx_irq, 0, ST_igb_poll);
	case 1:
		CUR(x)->arg2 = 2;
		x_note(x, "then RX, up to the weight of 64", 0, 0, 0, 0);
		return x_call(x, ST_igb_clean_rx_irq, 0, ST_igb_poll);
	default:
		if (w->last_work < 64) {
			x_note(x, "%u < weight 64: done, complete NAPI",
			       w->last_work, 0, 0, 0);
			return x_jump(x, ST_napi_complete_done, 0);
		}
		napi_repoll(w, (uint8_t)dev);
		x_note(x, "used the whole weight (64): back on the list for the "
		       "next round (repoll)",
		       0, 0, 0, 0);
		return x_end(x);
	}
}

void st_igb_clean_tx_irq(struct exec *x)
{
	struct world *w = x->w;
	int dev = (int)CUR(x)->arg;
	struct nic *nic = &w->dev[dev].nic;
	uint32_t n = 0;

	while (nic->tx_done) {
		uint32_t h = nic->tx_slot[nic->tx_ntc];
		struct sk_buff *skb = SKB(w, h);

		dev_stat_inc(w, x->s, dev, DEVC_tx_packets, 1);
		dev_stat_inc(w, x->s, dev, DEVC_tx_bytes, skb->len);
		nic->tx_tp++;
		nic->tx_tb += skb->len;
		nic->tx_slot[nic->tx_ntc] = 0;
		nic->tx_ntc = (nic->tx_ntc + 1) % nic->tx_ring_size;
		nic->tx_done--;
		nic->tx_count--;
		skb_orphan(w, skb);
		skb_free(w, h);
		n++;
	}
	if (nic->tx_stopped && n && igb_desc_unused(nic) >= TX_WAKE_THRESHOLD) {
		nic->tx_stopped = false;
		nic->restart_queue++;
		netif_schedule(w, dev);   /* netif_wake_subqueue */
		x_note(x, "freed %u sent skb(s); %u descriptors free: "
		       "netif_wake_subqueue, the qdisc runs again (NET_TX_SOFTIRQ)",
		       n, igb_desc_unused(nic), 0, 0);
		return x_end(x);
	}
	x_note(x, "freed %u sent skb(s) (napi_consume_skb; sock_wfree returns "
	       "their sndbuf)", n, 0, 0, 0);
	x_end(x);
}

/* One descriptor per step: build the skb around the DMA'd buffer, count it,
 * and hand it to the stack. */
void st_igb_clean_rx_irq(struct exec *x)
{
	struct world *w = x->w;
	int dev = (int)CUR(x)->arg;
	struct nic *nic = &w->dev[dev].nic;
	uint32_t h;
	struct sk_buff *skb;

	if (CUR(x)->arg2 >= 64 || !nic->rx_count) {
		w->last_work = CUR(x)->arg2;
		x_note(x, "RX ring clean: %u packet(s) this poll", CUR(x)->arg2,
		       0, 0, 0);
		return x_end(x);
	}
	h = nic->rx_slot[nic->rx_ntc];
	nic->rx_slot[nic->rx_ntc] = 0;
	nic->rx_ntc = (nic->rx_ntc + 1) % nic->rx_ring_size;
	nic->rx_count--;
	CUR(x)->arg2++;
	skb = SKB(w, h);
	skb->dev = (uint8_t)dev;
	skb->truesize = skb_truesize(IGB_RX_TRUESIZE);
	skb->ip_summed = CHECKSUM_NONE;
	skb->wait_stage = 0;
	/* igb counts bytes before eth_type_trans pulls the header */
	dev_stat_inc(w, x->s, dev, DEVC_rx_packets, 1);
	dev_stat_inc(w, x->s, dev, DEVC_rx_bytes, skb->len);
	nic->rx_tp++;
	nic->rx_tb += skb->len;
	x_view(x, h, true);
	x_note(x, "descriptor %u: build_skb around the buffer, truesize %u "
	       "(%u left in the ring)", CUR(x)->arg2, skb->truesize,
	       nic->rx_count, 0);
	x_call(x, ST_eth_type_trans, h, ST_igb_clean_rx_irq);
}

void st_igb_xmit_frame(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	int dev = skb->dev;
	struct nic *nic = &w->dev[dev].nic;

	nic->tx_slot[nic->tx_ntu] = h;
	nic->tx_ntu = (nic->tx_ntu + 1) % nic->tx_ring_size;
	nic->tx_count++;
	skb->wait_stage = ST_igb_xmit_frame;
	if (!nic->tx_wire_busy) {
		nic->tx_wire_busy = 1;
		ev_push(w, w->now + wire_ns(nic, skb->len), EV_TX_WIRE,
			(uint32_t)dev);
	}
	if (igb_desc_unused(nic) < DESC_NEEDED) {
		nic->tx_stopped = true;
		x_note(x, "TX descriptor %u/%u; fewer than %u free: "
		       "netif_stop_subqueue", nic->tx_count, nic->tx_ring_size,
		       DESC_NEEDED, 0);
	} else {
		x_note(x, "TX descriptor %u/%u; the NIC sends it (%u bytes)",
		       nic->tx_count, nic->tx_ring_size, skb->len, 0);
	}
	x_end(x);
}

uint64_t nic_wire_time(const struct nic *nic, uint32_t len)
{
	return wire_ns(nic, len);
}
