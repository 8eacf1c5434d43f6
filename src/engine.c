/*
 * engine.c: the step loop and the task machinery; see engine.h and net.h.
 *
 * What runs next, as on one real CPU with a NIC beside it:
 *   1. a hardware act in progress, or one due now (a frame arriving, a frame
 *      leaving the wire): the NIC works in parallel with the CPU;
 *   2. a hard IRQ (igb_msix_ring), running or pending;
 *   3. softirqs: a running chain, or pending bits (raised by napi_schedule
 *      or netif_rx), or a due timer (timers run from TIMER_SOFTIRQ);
 *   4. process context: the running syscall, or a due sendto().
 * CPU steps cost their stage's ns; hardware steps cost nothing.
 */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

#include "ip_fragment.h"
#include "net.h"
#include "nf_ct.h"
#include "proto/ether.h"
#include "tcp.h"

typedef void (*stage_fn)(struct exec *x);

static const stage_fn stage_fns[STAGE__COUNT] = {
	[STAGE_NONE] = NULL,
#define _(id, fn, file, fl, cost) [ST_##id] = st_##id,
	STAGES(_)
#undef _
};

/* Hardware steps cost no CPU time: the flag by stage, read at every step
 * without a call to stage_info. */
static const bool stage_is_hw[STAGE__COUNT] = {
#define _(id, fn, file, fl, cost) [ST_##id] = ((fl) & SF_HW) != 0,
	STAGES(_)
#undef _
};

void x_call(struct exec *x, enum stage st, uint32_t skb, enum stage resume)
{
	struct task *t = x->t;

	x->moved = true;
	if (t->depth >= TASK_DEPTH) {
		/* Deeper than any real path: a model bug; end the chain. */
		t->active = false;
		return;
	}
	t->stack[t->depth] = t->cur;
	t->stack[t->depth].resume = (uint16_t)resume;
	t->depth++;
	t->cur = (struct frame){ .stage = (uint16_t)st, .skb = skb,
				 .pkt = skb ? SKB(x->w, skb)->pkt : 0,
				 .arg = t->cur.arg, .arg2 = 0 };
}

void x_jump(struct exec *x, enum stage st, uint32_t skb)
{
	x->moved = true;
	x->t->cur.stage = (uint16_t)st;
	x->t->cur.skb = skb;
	x->t->cur.pkt = skb ? SKB(x->w, skb)->pkt : 0;
}

void x_end(struct exec *x)
{
	struct task *t = x->t;

	x->moved = true;
	while (t->depth) {
		struct frame f = t->stack[--t->depth];

		if (f.resume) {
			t->cur = f;
			t->cur.stage = f.resume;
			t->cur.resume = 0;
			return;
		}
	}
	t->active = false;
}

void x_return(struct exec *x, uint32_t v)
{
	struct task *t = x->t;

	if (t->depth)
		t->stack[t->depth - 1].ret = v;
	x_end(x);
}

void x_sleep(struct exec *x, struct task *save)
{
	x->moved = true;
	*save = *x->t;
	x->t->active = false;
}

void x_note(struct exec *x, const char *fmt, int64_t a, int64_t b, int64_t c,
	    int64_t d)
{
	x->s->note = fmt;
	x->s->note_arg[0] = a;
	x->s->note_arg[1] = b;
	x->s->note_arg[2] = c;
	x->s->note_arg[3] = d;
}

void x_route(struct exec *x, const struct dst *d)
{
	x->s->has_route = true;
	x->s->route_type = d->type;
	x->s->route_dev = d->dev;
	x->s->route_err = d->error;
	x->s->route_gw = d->gw;
	x->s->route_src = d->prefsrc;
	x->s->route_table = d->table;
	x->s->route_rule = d->rule;
	x->s->route_dst = d->rt_dst;
	x->s->route_plen = d->rt_plen;
}

void x_hook(struct exec *x, enum nf_hook_id hook)
{
	x->s->hook = (uint8_t)hook;
	x->s->verdict = NFV_ACCEPT;
	x->s->rule = 0;
}

static void fate_bytes(struct world *w, struct sk_buff *skb,
		       struct fate_rec *f)
{
	uint32_t off, avail;

	if (skb->network_header != SKB_NO_HDR &&
	    skb->network_header <= skb->tail) {
		off = skb->network_header;
		f->l2len = 0;
		f->protocol = skb->protocol;
	} else {
		off = skb->data;
		f->l2len = ETH_HLEN;
		f->protocol = skb->len >= ETH_HLEN ?
			(uint16_t)(skb->buf[off + 12] << 8 | skb->buf[off + 13]) : 0;
	}
	avail = skb->tail > off ? skb->tail - off : 0;
	f->wire_len = avail;
	f->nbytes = (uint16_t)(avail < STEP_FATE_BYTES ? avail : STEP_FATE_BYTES);
	memcpy(f->bytes, skb->buf + off, f->nbytes);
	(void)w;
}

void x_fate(struct exec *x, uint32_t h, enum fate fate, enum drop_reason r)
{
	struct sk_buff *skb = SKB(x->w, h);
	struct fate_rec *f = &x->s->fate;

	if (skb->fated)
		return;
	skb->fated = 1;
	x->s->has_fate = true;
	f->pkt = skb->pkt;
	f->cause = skb->cause;
	f->origin = skb->origin;
	f->fate = (uint8_t)fate;
	f->dev = skb->in_dev ? skb->in_dev : skb->dev;
	f->out_dev = fate == FATE_FORWARDED ? skb->dev : 0;
	f->stage = x->s->stage;
	f->reason = (uint8_t)r;
	f->sock = fate == FATE_DELIVERED ? skb->sk : 0;
	f->steps = skb->nsteps;
	f->nhooks = skb->nf.ntrail;
	memcpy(f->hooks, skb->nf.trail, sizeof(f->hooks));
	if (fate == FATE_DROPPED)
		x->w->stage_drops[f->stage]++;
	fate_bytes(x->w, skb, f);
	if (r)
		x->s->reason = (uint8_t)r;
}

void x_fate_noskb(struct exec *x, uint32_t pkt, enum pkt_origin origin,
		  enum fate fate, enum drop_reason r)
{
	struct fate_rec *f = &x->s->fate;

	memset(f, 0, sizeof(*f));
	x->s->has_fate = true;
	f->pkt = pkt;
	f->origin = (uint8_t)origin;
	f->fate = (uint8_t)fate;
	f->stage = x->s->stage;
	f->reason = (uint8_t)r;
	f->steps = x->t->depth + 1;
	if (fate == FATE_DROPPED)
		x->w->stage_drops[f->stage]++;
	if (r)
		x->s->reason = (uint8_t)r;
}

void x_drop(struct exec *x, uint32_t h, enum drop_reason r)
{
	x_fate(x, h, FATE_DROPPED, r);
	x->s->reason = (uint8_t)r;
	skb_orphan(x->w, SKB(x->w, h));
	skb_free(x->w, h);
}

void x_consume(struct exec *x, uint32_t h)
{
	x_fate(x, h, FATE_CONSUMED, DROP_NONE);
	skb_orphan(x->w, SKB(x->w, h));
	skb_free(x->w, h);
}

uint32_t skb_new_kernel(struct world *w, uint32_t cause_pkt)
{
	uint32_t h = skb_alloc(w);

	if (!h)
		return 0;
	SKB(w, h)->pkt = ++w->next_pkt;
	SKB(w, h)->origin = ORIGIN_KERNEL;
	SKB(w, h)->cause = cause_pkt;
	return h;
}

static void skb_view_fill(struct world *w, uint32_t h, struct skb_view *v);

void x_view(struct exec *x, uint32_t h, bool before)
{
	struct sk_buff *skb = SKB(x->w, h);

	x->s->has_skb = true;
	x->s->view_skb = h;
	x->s->pkt = skb->pkt;
	if (before)
		skb->nsteps++;
	if (x->s->lean)
		return;
	if (before)
		skb_view_fill(x->w, h, &x->s->before);
	else
		memset(&x->s->before, 0, sizeof(x->s->before));
}

static void skb_view_fill(struct world *w, uint32_t h, struct skb_view *v)
{
	struct sk_buff *skb = SKB(w, h);

	v->handle = h;
	v->pkt = skb->pkt;
	v->data = skb->data;
	v->tail = skb->tail;
	v->end = skb->end;
	v->len = skb->len;
	v->truesize = skb->truesize;
	v->mark = skb->mark;
	v->sk = skb->sk;
	v->mac_header = skb->mac_header;
	v->network_header = skb->network_header;
	v->transport_header = skb->transport_header;
	v->protocol = skb->protocol;
	v->pkt_type = skb->pkt_type;
	v->dev = skb->dev;
	v->skb_iif = skb->skb_iif;
	v->ip_summed = skb->ip_summed;
	v->dst_type = skb->dst.valid ? skb->dst.type : 0;
	v->dst_dev = skb->dst.valid ? skb->dst.dev : 0;
	v->ct_slot = nf_ct_get(w, skb, NULL) ? skb->ct.slot : 0;
	v->ct_info = skb->ct.info;
	v->ct_untracked = skb->ct.untracked;
}

static void task_start(struct world *w, enum ctx c, enum stage st,
		       uint32_t skb, uint32_t arg, uint32_t arg2)
{
	struct task *t = &w->task[c];

	t->active = true;
	t->depth = 0;
	t->cur = (struct frame){ .stage = (uint16_t)st, .skb = skb,
				 .pkt = skb ? SKB(w, skb)->pkt : 0, .arg = arg,
				 .arg2 = arg2 };
}

static inline __attribute__((always_inline)) void
task_run(struct world *w, enum ctx c, struct step *s)
{
	struct task *t = &w->task[c];
	enum stage st = (enum stage)t->cur.stage;
	uint32_t h = t->cur.skb;
	struct exec x = { .w = w, .s = s, .t = t, .moved = false };

	s->no = ++w->step_no;
	w->stage_hits[st]++;
	s->t_ns = w->now;
	s->ctx = (uint8_t)c;
	s->stage = (uint16_t)st;
	s->depth = t->depth;
	for (int i = 0; i < t->depth && !s->lean; i++)
		s->stack[i] = t->stack[i].stage;
	s->pkt = 0;
	s->has_skb = false;
	s->hook = s->verdict = 0;
	s->rule = 0;
	s->nf_table = s->nf_chain = 0;
	s->has_route = s->has_fate = s->has_sys_ret = false;
	s->reason = 0;
	s->ndeltas = 0;
	s->note = NULL;
	s->note_str = NULL;
	s->view_skb = 0;
	if (h && pool_is_used(&w->skb_pool, w->skb_next, h) &&
	    SKB(w, h)->pkt == t->cur.pkt)
		x_view(&x, h, true);
	stage_fns[st](&x);
	if (!x.moved)
		x_end(&x);
	if (s->has_skb && !s->lean) {
		h = s->view_skb;
		if (pool_is_used(&w->skb_pool, w->skb_next, h) &&
		    SKB(w, h)->pkt == s->pkt)
			skb_view_fill(w, h, &s->after);
		else
			memset(&s->after, 0, sizeof(s->after));
	}
	if (!stage_is_hw[st])
		w->now += w->stage_cost[st];
}

static bool ev_is_hw(uint8_t kind)
{
	return kind == EV_TX_WIRE || kind == EV_ARRIVAL;
}

static void start_hw(struct world *w, const struct event *e)
{
	if (e->kind == EV_ARRIVAL)
		task_start(w, CTX_HW, ST_nic_rx_frame, 0, e->a, 0);
	else
		task_start(w, CTX_HW, ST_nic_tx_done, 0, e->a, 0);
}

static int irq_pending_dev(const struct world *w)
{
	return w->irq_pending_mask ? __builtin_ctz(w->irq_pending_mask) : 0;
}

/* One sendto() at a time per socket: the socket's state holds the
 * datagram in flight (inet->cork), so a second sender waits its turn. */
static bool sender_must_wait(struct world *w, uint32_t sh)
{
	struct sock *sk = &w->sock[w->sender[sh - 1].sock - 1];

	if (!sk->cork_sender)
		return false;
	w->sender[sh - 1].deferred = true;
	return true;
}

/* Chooses the context whose function runs next, starting its task when
 * the work is new; CTX_NONE when nothing is ready up to until. */
static enum ctx next_ctx(struct world *w, uint64_t until)
{
	for (;;) {
		const struct event *top = ev_peek(w);
		bool due = top && top->t <= w->now;
		struct event e;
		int irq;

		if (w->task[CTX_HW].active)
			return CTX_HW;
		if (due && ev_is_hw(top->kind)) {
			ev_pop(w, &e);
			start_hw(w, &e);
			return CTX_HW;
		}
		if (due && top->kind == EV_ITR) {
			ev_pop(w, &e);
			nic_itr_expire(w, (int)e.a);
			continue;
		}
		if (w->task[CTX_HARDIRQ].active)
			return CTX_HARDIRQ;
		if ((irq = irq_pending_dev(w))) {
			w->dev[irq].nic.irq_pending = false;
			w->irq_pending_mask &= (uint16_t)~(1u << irq);
			task_start(w, CTX_HARDIRQ, ST_igb_msix_ring, 0,
				   (uint32_t)irq, 0);
			return CTX_HARDIRQ;
		}
		if (w->task[CTX_SOFTIRQ].active)
			return CTX_SOFTIRQ;
		/* once woken, ksoftirqd owns the pending softirqs (below) */
		if (w->softirq_pending && !w->softnet.ksoftirqd) {
			task_start(w, CTX_SOFTIRQ, ST_do_softirq, 0, 0, 0);
			return CTX_SOFTIRQ;
		}
		if (due && top->kind == EV_NEIGH_TIMER) {
			ev_pop(w, &e);
			task_start(w, CTX_SOFTIRQ, ST_neigh_timer_handler, 0,
				   e.a, 0);
			return CTX_SOFTIRQ;
		}
		if (due && top->kind == EV_TCP_TIMEWAIT) {
			ev_pop(w, &e);
			task_start(w, CTX_SOFTIRQ, ST_tw_timer_handler, 0, e.a, 0);
			return CTX_SOFTIRQ;
		}
		if (due && top->kind == EV_TCP_RETRANS) {
			ev_pop(w, &e);
			task_start(w, CTX_SOFTIRQ, tcp_timer_stage(w, e.a), 0,
				   e.a, 0);
			return CTX_SOFTIRQ;
		}
		if (due && top->kind == EV_TCP_DELACK) {
			ev_pop(w, &e);
			task_start(w, CTX_SOFTIRQ, ST_tcp_delack_timer, 0, e.a, 0);
			return CTX_SOFTIRQ;
		}
		if (due && top->kind == EV_FRAG_TIMER) {
			ev_pop(w, &e);
			/* a queue that completed or died had its timer deleted */
			if (!ip_frag_timer_live(w, e.a, e.t))
				continue;
			task_start(w, CTX_SOFTIRQ, ST_ip_expire, 0, e.a, 0);
			return CTX_SOFTIRQ;
		}
		if (w->task[CTX_PROCESS].active)
			return CTX_PROCESS;
		if (w->task[CTX_KSOFTIRQD].active)
			return CTX_KSOFTIRQD;
		if (w->softnet.ksoftirqd) {
			task_start(w, CTX_KSOFTIRQD, ST_run_ksoftirqd, 0, 0, 0);
			return CTX_KSOFTIRQD;
		}
		if (due && top->kind == EV_NETDEV_UP) {
			ev_pop(w, &e);
			task_start(w, CTX_PROCESS, ST_inetdev_send_gratuitous_arp,
				   0, e.a, 0);
			return CTX_PROCESS;
		}
		if (due && top->kind == EV_WAKE) {
			ev_pop(w, &e);
			w->task[CTX_PROCESS] = w->sender[e.a - 1].sleep;
			w->sender[e.a - 1].asleep = false;
			return CTX_PROCESS;
		}
		if (due && top->kind == EV_SEND) {
			ev_pop(w, &e);
			if (sender_must_wait(w, e.a))
				continue;
			task_start(w, CTX_PROCESS, ST_sys_sendto, 0, e.a, 0);
			return CTX_PROCESS;
		}
		if (!top || top->t > until)
			return CTX_NONE;
		if (top->t > w->now)
			w->now = top->t;
	}
}

/* One call of task_run, inlined here and this inlined in each caller, so
 * engine_step_lean's copy knows s->lean (see cmd_run_until's flatten). */
static inline __attribute__((always_inline)) bool
engine_next(struct world *w, struct step *s, uint64_t until)
{
	enum ctx c = next_ctx(w, until);

	if (c == CTX_NONE)
		return false;
	task_run(w, c, s);
	return true;
}

bool engine_step(struct world *w, struct step *s, uint64_t until)
{
	s->lean = false;
	return engine_next(w, s, until);
}

bool engine_step_lean(struct world *w, struct step *s, uint64_t until)
{
	s->lean = true;
	return engine_next(w, s, until);
}

bool engine_settled(const struct world *w)
{
	if (w->replay.src)           /* first: a batch replay asks every step */
		return false;
	for (int c = 0; c < CTX__COUNT; c++)
		if (w->task[c].active)
			return false;
	if (w->softirq_pending || irq_pending_dev(w))
		return false;
	for (uint32_t i = 0; i < w->nev; i++)
		if (w->ev[i].kind != EV_NEIGH_TIMER &&
		    w->ev[i].kind != EV_FRAG_TIMER &&
		    w->ev[i].kind != EV_TCP_TIMEWAIT &&
		    w->ev[i].kind != EV_TCP_RETRANS)
			return false;
	return true;
}

bool engine_process_busy(const struct world *w)
{
	return w->task[CTX_PROCESS].active;
}

bool engine_start_recv(struct world *w, uint32_t sock, uint32_t count)
{
	if (w->task[CTX_PROCESS].active)
		return false;
	task_start(w, CTX_PROCESS, ST_sys_recvfrom, 0, sock, count);
	return true;
}

bool engine_start_wait(struct world *w, uint32_t sock, uint8_t how)
{
	if (w->task[CTX_PROCESS].active)
		return false;
	task_start(w, CTX_PROCESS, ST_app_wait, 0, sock, how);
	return true;
}

bool engine_start_syscall(struct world *w, enum stage st, uint32_t sock)
{
	if (w->task[CTX_PROCESS].active)
		return false;
	task_start(w, CTX_PROCESS, st, 0, sock, 0);
	return true;
}

static int fate_cmp(const void *a, const void *b)
{
	const struct fate_rec *x = a, *y = b;

	return x->pkt < y->pkt ? -1 : x->pkt > y->pkt;
}

size_t engine_pending_fates(struct world *w, struct fate_rec *out, size_t max)
{
	size_t n = 0;

	for (uint32_t h = 1; h <= w->skb_pool.hwm && n < max; h++) {
		struct sk_buff *skb;
		struct step s;
		struct exec x = { .w = w, .s = &s };

		if (!pool_is_used(&w->skb_pool, w->skb_next, h))
			continue;
		skb = SKB(w, h);
		if (skb->fated)
			continue;
		memset(&s.fate, 0, sizeof(s.fate));
		s.stage = skb->wait_stage;
		s.reason = 0;
		x_fate(&x, h, FATE_QUEUED, DROP_NONE);
		out[n++] = s.fate;
	}
	qsort(out, n, sizeof(*out), fate_cmp);
	return n;
}
