/*
 * pane_queues.c: every place a packet can wait, as an occupancy bar, in
 * the order a packet meets them: each NIC's RX ring, the CPU backlog, the
 * reassembly queues (while they hold fragments), each UDP socket's receive
 * queue; then on the way out each unresolved
 * neighbour's queue, each qdisc and each NIC's TX ring.  A queue the last
 * step put a packet into or took one from is highlighted.
 */
#include "pane.h"

#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../src/ip_fragment.h"
#include "../src/stages.h"

#define MAX_ROWS (3 * MAX_DEV + 2 + SOCK_MAX + NEIGH_MAX)
#define MIN_BAR 6           /* "[||  ]": narrower, a bar says little */

/* One queue, one line. */
struct qrow {
	char label[32];             /* "eth0 rx", "app rcvq", "10.0.0.7 arpq" */
	char label_short[24];       /* without "rcvq", "arpq"; "qdisc" as "q" */
	uint64_t n, m;              /* occupancy of capacity */
	char val[48];               /* "N/M", with the packet count if bytes */
	char val_short[32];         /* "N/M" only, for narrow panes */
	bool changed;               /* the last step queued or dequeued here */
};

/* Sizes in bytes as ss and ip print them when they grow: 212992 is 208K. */
static void fmt_bytes(char *buf, size_t n, uint64_t v)
{
	if (v >= 10ull << 20)
		snprintf(buf, n, "%lluM", (unsigned long long)(v >> 20));
	else if (v >= 10ull << 10)
		snprintf(buf, n, "%lluK", (unsigned long long)(v >> 10));
	else
		snprintf(buf, n, "%llu", (unsigned long long)v);
}

/* A row's label, and the shorter one for narrow panes. */
static void set_labels(struct qrow *r, const char *name, const char *kind,
		       const char *kind_short)
{
	snprintf(r->label, sizeof(r->label), "%s%s%s", name,
		 *name && *kind ? " " : "", kind);
	snprintf(r->label_short, sizeof(r->label_short), "%s%s%s", name,
		 *name && *kind_short ? " " : "", kind_short);
}

static struct qrow *add_count(struct qrow *r, uint64_t n, uint64_t m,
			      bool changed)
{
	r->n = n;
	r->m = m;
	snprintf(r->val_short, sizeof(r->val_short), "%llu/%llu",
		 (unsigned long long)n, (unsigned long long)m);
	memcpy(r->val, r->val_short, sizeof(r->val_short));
	r->changed = changed;
	return r + 1;
}

/* Sockets and neighbours are limited in bytes (truesize), not packets. */
static struct qrow *add_bytes(struct qrow *r, uint64_t bytes,
			      uint64_t limit, uint32_t pkts, bool changed)
{
	char b[16], l[16];

	fmt_bytes(b, sizeof(b), bytes);
	fmt_bytes(l, sizeof(l), limit);
	r->n = bytes;
	r->m = limit;
	snprintf(r->val, sizeof(r->val), "%u pkt %s/%s", pkts, b, l);
	snprintf(r->val_short, sizeof(r->val_short), "%s/%s", b, l);
	r->changed = changed;
	return r + 1;
}

/*
 * What the last step did to a queue, told from the step alone (the world
 * before it is not at hand).  Only the stage named puts packets into a
 * queue, so "its skb is now that queue's last" means it just went in.  The
 * dequeuing loops (igb_clean_rx_irq, process_backlog, __qdisc_run) start
 * with no skb, so a step of theirs shows one only when it took one out.
 * udp_recvmsg and neigh_update also dequeue, but their step does not say
 * from which socket or neighbour, so those stay unlit rather than guessed.
 */
static bool went_in(const struct step *s, enum stage st, uint32_t last)
{
	return s->stage == st && s->has_skb && s->after.handle &&
	       s->view_skb == last;
}

static bool came_out(const struct step *s, enum stage st, int dev)
{
	return s->stage == st && s->has_skb && (dev < 0 ||
						s->before.dev == dev);
}

/* igb_clean_tx_irq frees a batch with no skb to show; its tx_packets
 * count says which device's ring shrank. */
static bool tx_cleaned(const struct step *s, int dev)
{
	if (s->stage != ST_igb_clean_tx_irq)
		return false;
	for (int i = 0; i < s->ndeltas; i++)
		if (s->deltas[i].kind == CK_DEV && s->deltas[i].dev == dev &&
		    s->deltas[i].id == DEVC_tx_packets)
			return true;
	return false;
}

static uint32_t ring_last(const uint32_t *slot, uint32_t ntu, uint32_t size)
{
	return size ? slot[(ntu + size - 1) % size] : 0;
}

static struct qrow *add_rx_rings(const struct view *v, struct qrow *r)
{
	const struct step *s = v->d->has_last ? &v->d->last : NULL;

	for (int i = 1; i < MAX_DEV; i++) {
		const struct net_device *nd = &v->w->dev[i];
		const struct nic *nic = &nd->nic;
		uint32_t last = ring_last(nic->rx_slot, nic->rx_ntu,
					  nic->rx_ring_size);

		if (nd->kind != DEV_ETHER)
			continue;
		set_labels(r, nd->name, "rx", "rx");
		r = add_count(r, nic->rx_count, nic->rx_ring_size, s &&
			      (went_in(s, ST_nic_dma_rx, last) ||
			       came_out(s, ST_igb_clean_rx_irq, i)));
	}
	return r;
}

static struct qrow *add_backlog(const struct view *v, struct qrow *r)
{
	const struct step *s = v->d->has_last ? &v->d->last : NULL;
	const struct skb_queue *q = &v->w->softnet.backlog;

	set_labels(r, "", "backlog", "backlog");
	return add_count(r, q->qlen,
			 (uint64_t)v->w->sysctl[SYS_netdev_max_backlog], s &&
			 (went_in(s, ST_netif_rx, q->tail) ||
			  came_out(s, ST_process_backlog, -1)));
}

static bool reasm_step(const struct step *s)
{
	switch (s->stage) {
	case ST_ip_defrag: case ST_ip_frag_queue: case ST_ip_frag_reasm:
	case ST_ip_expire: case ST_inet_frag_destroy:
		return true;
	default:
		return false;
	}
}

/* ip_defrag's queues as one row: datagrams and fragments held, and their
 * memory against ipfrag_high_thresh.  Shown while they hold something or
 * the last step worked on them. */
static struct qrow *add_reasm(const struct view *v, struct qrow *r)
{
	const struct step *s = v->d->has_last ? &v->d->last : NULL;
	struct ip_frag_usage u = ip_frag_usage(v->w);
	uint64_t limit = (uint64_t)v->w->sysctl[SYS_ipfrag_high_thresh];
	bool changed = s && reasm_step(s);
	char b[16], l[16];

	if (!u.queues && !changed)
		return r;
	set_labels(r, "", "reasm", "reasm");
	fmt_bytes(b, sizeof(b), u.mem);
	fmt_bytes(l, sizeof(l), limit);
	r->n = u.mem;
	r->m = limit;
	snprintf(r->val, sizeof(r->val), "%u dgram %u frag %s/%s", u.queues,
		 u.frags, b, l);
	snprintf(r->val_short, sizeof(r->val_short), "%s/%s", b, l);
	r->changed = changed;
	return r + 1;
}

static struct qrow *add_sockets(const struct view *v, struct qrow *r)
{
	const struct world *w = v->w;
	const struct step *s = v->d->has_last ? &v->d->last : NULL;

	for (uint32_t h = 1; h <= w->sock_pool.hwm; h++) {
		const struct sock *sk = &w->sock[h - 1];

		if (!pool_is_used(&w->sock_pool, w->sock_next, h) ||
		    sk->proto != IPPROTO_UDP)
			continue;
		set_labels(r, sk->name, "rcvq", "");
		r = add_bytes(r, sk->rmem, sk->rcvbuf, sk->rq.qlen,
			      s && went_in(s, ST_udp_enqueue, sk->rq.tail));
	}
	return r;
}

/* Only neighbours that hold packets or are still resolving: a settled
 * neighbour's queue is always empty. */
static struct qrow *add_neighbours(const struct view *v, struct qrow *r)
{
	const struct world *w = v->w;
	const struct step *s = v->d->has_last ? &v->d->last : NULL;

	for (uint32_t h = 1; h <= w->neigh_pool.hwm; h++) {
		const struct neighbour *ne = &w->neigh[h - 1];
		bool changed;
		char ip[16];

		if (!pool_is_used(&w->neigh_pool, w->neigh_next, h) ||
		    (!ne->arp_queue.qlen && ne->nud != NUD_INCOMPLETE))
			continue;
		snprintf(ip, sizeof(ip), "%u.%u.%u.%u", ne->key >> 24,
			 ne->key >> 16 & 0xff, ne->key >> 8 & 0xff,
			 ne->key & 0xff);
		changed = s && went_in(s, ST_neigh_event_send,
				       ne->arp_queue.tail);
		set_labels(r, ip, "arpq", "");
		r = add_bytes(r, ne->arp_queue_bytes,
			      (uint64_t)w->sysctl[SYS_neigh_unres_qlen_bytes],
			      ne->arp_queue.qlen, changed);
	}
	return r;
}

/* pfifo_fast only: lo's noqueue has nothing to hold. */
static struct qrow *add_qdiscs(const struct view *v, struct qrow *r)
{
	const struct step *s = v->d->has_last ? &v->d->last : NULL;

	for (int i = 1; i < MAX_DEV; i++) {
		const struct net_device *nd = &v->w->dev[i];
		const struct skb_queue *b = nd->qdisc.band;
		bool changed = false;

		if (nd->kind == DEV_NONE || nd->qdisc.kind != QDISC_PFIFO_FAST)
			continue;
		for (int k = 0; k < 3 && s; k++)
			changed |= went_in(s, ST_qdisc_enqueue, b[k].tail);
		changed |= s && came_out(s, ST_qdisc_run, i);
		set_labels(r, nd->name, "qdisc", "q");
		r = add_count(r, b[0].qlen + b[1].qlen + b[2].qlen,
			      nd->txqueuelen, changed);
	}
	return r;
}

static struct qrow *add_tx_rings(const struct view *v, struct qrow *r)
{
	const struct step *s = v->d->has_last ? &v->d->last : NULL;

	for (int i = 1; i < MAX_DEV; i++) {
		const struct net_device *nd = &v->w->dev[i];
		const struct nic *nic = &nd->nic;
		uint32_t last = ring_last(nic->tx_slot, nic->tx_ntu,
					  nic->tx_ring_size);

		if (nd->kind != DEV_ETHER)
			continue;
		set_labels(r, nd->name, "tx", "tx");
		r = add_count(r, nic->tx_count, nic->tx_ring_size, s &&
			      (went_in(s, ST_igb_xmit_frame, last) ||
			       tx_cleaned(s, i)));
	}
	return r;
}

/* The rows in the order a packet meets the queues; returns how many. */
static int collect(const struct view *v, struct qrow *rows)
{
	struct qrow *r = rows;

	r = add_rx_rings(v, r);
	r = add_backlog(v, r);
	r = add_reasm(v, r);
	r = add_sockets(v, r);
	r = add_neighbours(v, r);
	r = add_qdiscs(v, r);
	r = add_tx_rings(v, r);
	return (int)(r - rows);
}

/* Column widths.  The values must stay readable and a bar is the point of
 * the pane, so when space runs short the packet counts go first, then the
 * labels' kinds ("rcvq", "arpq"), then labels are cut (to LABEL_MIN), and
 * only then the bar. */
#define LABEL_MIN 8

struct cols {
	int lw, vw, bw;
	bool short_vals, short_labels;
};

/* The widest of one string field of the rows, named by its offset. */
static int widest(const struct qrow *rows, int n, size_t off)
{
	int max = 0;

	for (int i = 0; i < n; i++) {
		int w = text_width((const char *)&rows[i] + off);

		max = w > max ? w : max;
	}
	return max;
}

static struct cols fit_columns(const struct qrow *rows, int n, int width)
{
	struct cols k = { 0, 0, 0, false, false };

	k.lw = widest(rows, n, offsetof(struct qrow, label));
	k.vw = widest(rows, n, offsetof(struct qrow, val));
	if (k.lw > width / 2)
		k.lw = width / 2;
	if (width - k.lw - k.vw - 2 < MIN_BAR) {
		k.short_vals = true;
		k.vw = widest(rows, n, offsetof(struct qrow, val_short));
	}
	if (width - k.lw - k.vw - 2 < MIN_BAR) {
		k.short_labels = true;
		k.lw = widest(rows, n, offsetof(struct qrow, label_short));
		if (k.lw > width / 2)
			k.lw = width / 2;
	}
	if (width - k.lw - k.vw - 2 < MIN_BAR && k.lw > LABEL_MIN)
		k.lw = width - k.vw - 2 - MIN_BAR > LABEL_MIN ?
			width - k.vw - 2 - MIN_BAR : LABEL_MIN;
	k.bw = width - k.lw - k.vw - 2;
	if (k.bw < 3)
		k.bw = 0;
	return k;
}

/* Text cut short ends in "…", so it does not read as another name or a
 * smaller number. */
static void put_clipped(struct canvas *c, int y, int x, int w, int role,
			const char *s)
{
	int used;

	if (text_width(s) <= w) {
		canvas_put(c, y, x, w, role, s);
		return;
	}
	used = canvas_put(c, y, x, w - 1, role, s);
	canvas_put(c, y, x + used, w - used, role, "…");
}

/* "[|||   ]": at least one bar for a non-empty queue, so 1/4096 shows. */
static void draw_bar(struct canvas *c, int y, int x, int bw, uint64_t n,
		     uint64_t m)
{
	int inner = bw - 2;
	uint64_t fill = m ? (n * (uint64_t)inner + m - 1) / m :
		(n ? (uint64_t)inner : 0);
	bool full = n && (!m || n * 10 >= m * 9);

	if (fill > (uint64_t)inner)
		fill = (uint64_t)inner;
	canvas_put(c, y, x, 1, ROLE_DIM, "[");
	for (int i = 0; i < inner; i++)
		canvas_put(c, y, x + 1 + i, 1, i >= (int)fill ? ROLE_NORMAL :
			   full ? ROLE_BAR_FULL : ROLE_BAR,
			   i >= (int)fill ? " " : "|");
	canvas_put(c, y, x + bw - 1, 1, ROLE_DIM, "]");
}

static void draw_row(struct canvas *c, int y, struct rect in,
		     const struct qrow *q, const struct cols *k)
{
	const char *val = k->short_vals ? q->val_short : q->val;
	int vx = in.x + in.w - text_width(val);
	int min_vx = in.x + k->lw + 1;

	put_clipped(c, y, in.x, k->lw, q->changed ? ROLE_CHANGED : ROLE_NORMAL,
		    k->short_labels ? q->label_short : q->label);
	if (k->bw)
		draw_bar(c, y, in.x + k->lw + 1, k->bw, q->n, q->m);
	if (vx < min_vx)
		vx = min_vx;
	put_clipped(c, y, vx, in.x + in.w - vx, ROLE_NORMAL, val);
}

/* From the top, unless the queue the last step changed would be hidden
 * below: then scrolled just enough to show it above the "more" line. */
static int first_row(const struct qrow *rows, int n, int h)
{
	int above_more = h > 1 ? h - 2 : 0;   /* last row above it */

	for (int i = 0; i < n; i++)
		if (rows[i].changed)
			return i > above_more ? i - above_more : 0;
	return 0;
}

static void queues_draw(const struct view *v, struct canvas *c,
			struct rect r)
{
	struct rect in = pane_frame(v, c, r, PANE_QUEUES);
	struct qrow rows[MAX_ROWS];
	struct cols k;
	int n, top, shown;

	if (in.h <= 0 || in.w <= 0)
		return;
	n = collect(v, rows);
	k = fit_columns(rows, n, in.w);
	top = first_row(rows, n, in.h) + v->scroll[PANE_QUEUES];
	if (top > n - in.h)
		top = n - in.h;
	if (top < 0)
		top = 0;
	/* the last row says how many more there are rather than cut one
	 * off silently (with room for one row only, that row is a queue) */
	shown = top + in.h < n && in.h > 1 ? in.h - 1 : in.h;
	for (int i = 0; i < shown && top + i < n; i++)
		draw_row(c, in.y + i, in, &rows[top + i], &k);
	if (shown < in.h)
		canvas_printf(c, in.y + shown, in.x, in.w, ROLE_DIM,
			      v->lang == LANG_ZH_CN ? "…还有 %d 个 ↓" :
			      "… %d more ↓", n - top - shown);
	if (top > 0)   /* scrolled: rows above, shown on the frame's edge */
		canvas_put(c, in.y, r.x + r.w - 1, 1, ROLE_FRAME, "↑");
}

const struct pane_ops pane_queues = {
	.name = "queues",
	.title_en = "Rings and queues",
	.title_zh = "环形缓冲区与队列",
	.draw = queues_draw,
};
