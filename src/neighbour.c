/*
 * neighbour.c: neighbour resolution (net/core/neighbour.c, Linux 6.x).
 *
 *   NONE --first packet--> INCOMPLETE --ARP reply--> REACHABLE
 *   INCOMPLETE --timer, probes >= ucast+app+mcast--> FAILED (queue flushed:
 *              each packet gets an ICMP host unreachable, then NEIGH_FAILED)
 *   STALE --packet--> DELAY (sent at once)
 * __neigh_event_send sends the first request at once and re-arms the timer
 * every retrans_time; the unresolved queue is bounded by unres_qlen_bytes
 * and drops its oldest packet when full.
 * Invariant: a neighbour with queued packets is INCOMPLETE (or becomes
 * FAILED / REACHABLE in the step that empties its queue).
 */
#include <string.h>

#include "net.h"
#include "pkt.h"
#include "proto/ether.h"
#include "proto/ip.h"

uint32_t neigh_lookup(const struct world *w, int dev, uint32_t key)
{
	for (uint32_t h = 1; h <= w->neigh_pool.hwm; h++)
		if (pool_is_used(&w->neigh_pool, w->neigh_next, h) &&
		    w->neigh[h - 1].dev == dev && w->neigh[h - 1].key == key)
			return h;
	return 0;
}

uint32_t neigh_create(struct world *w, int dev, uint32_t key)
{
	uint32_t h = pool_alloc(&w->neigh_pool, w->neigh_next);

	if (!h)
		return 0;
	memset(&w->neigh[h - 1], 0, sizeof(struct neighbour));
	w->neigh[h - 1].dev = (uint8_t)dev;
	w->neigh[h - 1].key = key;
	w->neigh[h - 1].nud = NUD_NONE;
	w->neigh[h - 1].updated = w->now;
	return h;
}

static void neigh_arm_timer(struct world *w, uint32_t n, uint64_t after)
{
	w->neigh[n - 1].timer_at = w->now + after;
	ev_push(w, w->neigh[n - 1].timer_at, EV_NEIGH_TIMER, n);
}

void st_neigh_resolve_output(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	uint32_t n = CUR(x)->arg;
	struct neighbour *ne = &w->neigh[n - 1];

	if (ne->nud & (NUD_STALE | NUD_DELAY | NUD_PROBE)) {
		if (ne->nud == NUD_STALE) {
			ne->nud = NUD_DELAY;
			neigh_arm_timer(w, n, 5000000000ull);
		}
		eth_header_push(w, SKB(w, h), ne->mac);
		x_note(x, "neighbour %I is STALE: use its address now, confirm "
		       "later (DELAY)", ne->key, 0, 0, 0);
		return x_jump(x, ST_dev_queue_xmit, h);
	}
	x_note(x, "neighbour %I has no address yet: __neigh_event_send",
	       ne->key, 0, 0, 0);
	x_jump(x, ST_neigh_event_send, h);
}

/* Queues h on the neighbour, dropping the oldest while over the limit. */
static void neigh_queue(struct exec *x, uint32_t n, uint32_t h)
{
	struct world *w = x->w;
	struct neighbour *ne = &w->neigh[n - 1];
	uint32_t limit = (uint32_t)w->sysctl[SYS_neigh_unres_qlen_bytes];

	while (ne->arp_queue.qlen &&
	       ne->arp_queue_bytes + SKB(w, h)->truesize > limit) {
		uint32_t old = skbq_dequeue(w, &ne->arp_queue);

		ne->arp_queue_bytes -= SKB(w, old)->truesize;
		x_drop(x, old, DROP_NEIGH_QUEUEFULL);
	}
	SKB(w, h)->wait_stage = ST_neigh_event_send;
	skbq_tail(w, &ne->arp_queue, h);
	ne->arp_queue_bytes += SKB(w, h)->truesize;
}

void st_neigh_event_send(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	uint32_t n = CUR(x)->arg;
	struct neighbour *ne = &w->neigh[n - 1];

	if (ne->nud == NUD_INCOMPLETE) {
		neigh_queue(x, n, h);
		x_note(x, "INCOMPLETE: wait on the unresolved queue (%u "
		       "packet(s))", ne->arp_queue.qlen, 0, 0, 0);
		return x_end(x);
	}
	ne->nud = NUD_INCOMPLETE;
	ne->probes = (uint8_t)w->sysctl[SYS_neigh_ucast_solicit];
	ne->updated = w->now;
	neigh_arm_timer(w, n, (uint64_t)w->sysctl[SYS_neigh_retrans_time_ms] *
			1000000);
	neigh_queue(x, n, h);
	x_note(x, "NONE -> INCOMPLETE: queue the packet, probe now, retry in "
	       "%u ms", w->sysctl[SYS_neigh_retrans_time_ms], 0, 0, 0);
	x_call(x, ST_arp_solicit, 0, STAGE_NONE);
	CUR(x)->arg = n;
	CUR(x)->arg2 = h;
}

void st_neigh_timer_handler(struct exec *x)
{
	struct world *w = x->w;
	uint32_t n = CUR(x)->arg;
	struct neighbour *ne = &w->neigh[n - 1];
	uint32_t max = (uint32_t)(w->sysctl[SYS_neigh_ucast_solicit] +
				  w->sysctl[SYS_neigh_app_solicit] +
				  w->sysctl[SYS_neigh_mcast_solicit]);

	ne->timer_at = 0;
	if (ne->nud == NUD_DELAY) {
		ne->nud = NUD_STALE;
		x_note(x, "DELAY without confirmation -> STALE (the model sends "
		       "no unicast probe)", 0, 0, 0, 0);
		return x_end(x);
	}
	if (ne->nud != NUD_INCOMPLETE) {
		x_note(x, "nothing to do", 0, 0, 0, 0);
		return x_end(x);
	}
	if (ne->probes >= max) {
		ne->nud = NUD_FAILED;
		x_note(x, "%u probes unanswered: INCOMPLETE -> FAILED", ne->probes,
		       0, 0, 0);
		x_jump(x, ST_neigh_invalidate, 0);
		return;
	}
	neigh_arm_timer(w, n, (uint64_t)w->sysctl[SYS_neigh_retrans_time_ms] *
			1000000);
	x_note(x, "no reply yet: probe again (%u so far)", ne->probes, 0, 0, 0);
	x_call(x, ST_arp_solicit, 0, STAGE_NONE);
	CUR(x)->arg2 = ne->arp_queue.head;
}

/* neigh_invalidate: each queued packet gets arp_error_report (an ICMP host
 * unreachable to its sender), then is dropped. */
void st_neigh_invalidate(struct exec *x)
{
	struct world *w = x->w;
	uint32_t n = CUR(x)->arg;
	struct neighbour *ne = &w->neigh[n - 1];
	uint32_t h;

	if (CUR(x)->arg2) {
		h = CUR(x)->arg2;
		CUR(x)->arg2 = 0;
		x_view(x, h, true);
		x_note(x, "drop the packet", 0, 0, 0, 0);
		x_drop(x, h, DROP_NEIGH_FAILED);
		x_jump(x, ST_neigh_invalidate, 0);
		return;
	}
	h = skbq_dequeue(w, &ne->arp_queue);
	if (!h) {
		ne->arp_queue_bytes = 0;
		x_note(x, "queue empty", 0, 0, 0, 0);
		return x_end(x);
	}
	ne->arp_queue_bytes -= SKB(w, h)->truesize;
	CUR(x)->arg2 = h;
	x_view(x, h, true);
	x_note(x, "arp_error_report: ICMP host unreachable to the sender",
	       0, 0, 0, 0);
	icmp_send_call(x, h, 3, 1, 0, ST_neigh_invalidate);
}

const char *neigh_state_name(uint8_t nud)
{
	switch (nud) {
	case NUD_INCOMPLETE: return "INCOMPLETE";
	case NUD_REACHABLE: return "REACHABLE";
	case NUD_STALE: return "STALE";
	case NUD_DELAY: return "DELAY";
	case NUD_PROBE: return "PROBE";
	case NUD_FAILED: return "FAILED";
	case NUD_NOARP: return "NOARP";
	case NUD_PERMANENT: return "PERMANENT";
	default: return "NONE";
	}
}

/* neigh_update to a valid state with the queue flushed, one packet per
 * step; then (arg2) the ARP reply that arp_process had to send. */
void st_neigh_update(struct exec *x)
{
	struct world *w = x->w;
	uint32_t n = CUR(x)->arg;
	struct neighbour *ne = &w->neigh[n - 1];
	uint32_t h = skbq_dequeue(w, &ne->arp_queue);

	if (!h) {
		uint32_t reply = CUR(x)->arg2;

		ne->arp_queue_bytes = 0;
		CUR(x)->arg2 = 0;
		x_note(x, "%I is %s; nothing (more) waiting", ne->key, 0, 0, 0);
		x->s->note_str = neigh_state_name(ne->nud);
		if (reply)
			return x_call(x, ST_arp_send, reply, ST_consume_skb);
		return x_jump(x, ST_consume_skb, CUR(x)->skb);
	}
	ne->arp_queue_bytes -= SKB(w, h)->truesize;
	SKB(w, h)->wait_stage = 0;
	eth_header_push(w, SKB(w, h), ne->mac);
	x_view(x, h, true);
	x_note(x, "%I is %s: send a waiting packet (%u more)", ne->key,
	       ne->arp_queue.qlen, 0, 0);
	x->s->note_str = neigh_state_name(ne->nud);
	x_call(x, ST_dev_queue_xmit, h, ST_neigh_update);
}
