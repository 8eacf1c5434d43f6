/* world.c: making, copying and comparing the world; pools, counters and the
 * event queue.  See world.h. */
#include "world.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "devinet.h"
#include "nf_ct.h"
#include "route.h"
#include "step.h"

static void dev_init_lo(struct world *w)
{
	struct net_device *lo = &w->dev[1];

	lo->kind = DEV_LOOPBACK;
	strcpy(lo->name, "lo");
	lo->up = true;
	lo->mtu = 65536;
	lo->txqueuelen = 1000;
	lo->qdisc.kind = QDISC_NOQUEUE;
	for (int i = 0; i < CONF__COUNT; i++)
		lo->conf[i] = w->conf_default[i];
}

struct world *world_new(void)
{
	struct world *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	for (int i = 0; i < SYS__COUNT; i++)
		w->sysctl[i] = sysctl_info((enum sysctl_id)i)->def;
	for (int i = 1; i < STAGE__COUNT; i++)
		w->stage_cost[i] = stage_info((enum stage)i)->cost_ns;
	for (int i = 0; i < CONF__COUNT; i++) {
		w->conf_all[i] = ipv4_conf_default((enum ipv4_conf_id)i, 1);
		w->conf_default[i] = ipv4_conf_default((enum ipv4_conf_id)i, 0);
	}
	pool_init(&w->skb_pool, w->skb_next, SKB_MAX);
	pool_init(&w->sock_pool, w->sock_next, SOCK_MAX);
	pool_init(&w->neigh_pool, w->neigh_next, NEIGH_MAX);
	pool_init(&w->route_pool, w->route_next, ROUTE_MAX);
	pool_init(&w->ifa_pool, w->ifa_next, IFA_MAX);
	pool_init(&w->inj_pool, w->inj_next, INJ_MAX);
	pool_init(&w->sender_pool, w->sender_next, SENDER_MAX);
	pool_init(&w->peer_pool, w->peer_next, PEER_MAX);
	pool_init(&w->ipt_rule_pool, w->ipt_rule_next, IPT_RULE_MAX);
	w->ip_ident = 0x3a7c;
	w->next_port = 32768;
	w->icmp_global_credit = (uint32_t)w->sysctl[SYS_icmp_msgs_burst];
	dev_init_lo(w);
	fib_rules_init(w);
	struct in_ifaddr lo = ifa_request(0x7f000001u, 8, 0, "lo");

	inet_addr_add(w, 1, &lo);
	return w;
}

void world_free(struct world *w)
{
	free(w);
}

void world_clone(struct world *dst, const struct world *src)
{
	memcpy(dst, src, sizeof(*dst));
}

/* Worlds only ever come from calloc and memcpy and are changed field by
 * field, so their padding bytes agree and memcmp is exact. */
bool world_equal(const struct world *a, const struct world *b)
{
	return !memcmp(a, b, sizeof(*a));
}

bool world_counter(const struct world *w, const char *name, uint64_t *v)
{
	const char *dot = strchr(name, '.');
	char dev[IFNAMSIZ + 1];
	unsigned t;
	int i, d;

	if ((i = snmp_counter_by_name(name)) >= 0)
		return *v = w->snmp[i], true;
	if (sscanf(name, "IcmpMsgInType%u", &t) == 1 && t < 256)
		return *v = w->icmpmsg_in[t], true;
	if (sscanf(name, "IcmpMsgOutType%u", &t) == 1 && t < 256)
		return *v = w->icmpmsg_out[t], true;
	if (!dot || (size_t)(dot - name) > IFNAMSIZ)
		return false;
	if (!strncmp(name, "softnet.", 8)) {
		for (i = 0; i < SNC__COUNT; i++)
			if (!strcmp(dot + 1,
				    softnet_counter_name((enum softnet_counter)i)))
				return *v = w->softnet.stats[i], true;
		return false;
	}
	memcpy(dev, name, (size_t)(dot - name));
	dev[dot - name] = 0;
	d = dev_by_name(w, dev);
	if (!d || (i = dev_counter_by_name(dot + 1)) < 0)
		return false;
	*v = w->dev[d].stats[i];
	return true;
}

int dev_by_name(const struct world *w, const char *name)
{
	for (int i = 1; i < MAX_DEV; i++)
		if (w->dev[i].kind != DEV_NONE && !strcmp(w->dev[i].name, name))
			return i;
	return 0;
}

uint32_t sock_by_name(const struct world *w, const char *name)
{
	for (uint32_t h = 1; h <= w->sock_pool.hwm; h++)
		if (pool_is_used(&w->sock_pool, w->sock_next, h) &&
		    !strcmp(w->sock[h - 1].name, name))
			return h;
	return 0;
}

int conf_get(const struct world *w, int ifindex, enum ipv4_conf_id id)
{
	int all = w->conf_all[id];
	int dev = w->dev[ifindex].conf[id];

	switch (ipv4_conf_combine(id)) {
	case CONF_OR:
		return all || dev;
	case CONF_MAX:
		return all > dev ? all : dev;
	case CONF_AND:
		return all && dev;
	default:
		return dev;
	}
}

static bool ev_before(const struct event *a, const struct event *b)
{
	if (a->t != b->t)
		return a->t < b->t;
	if (a->kind != b->kind)
		return a->kind < b->kind;
	return a->seq < b->seq;
}

static void ev_swap(struct event *a, struct event *b)
{
	struct event t = *a;

	*a = *b;
	*b = t;
}

bool ev_push(struct world *w, uint64_t t, uint8_t kind, uint32_t a)
{
	uint32_t i = w->nev;

	if (i >= EV_MAX)
		return false;
	w->ev[i] = (struct event){ .t = t, .seq = w->ev_seq++, .kind = kind,
				   .a = a };
	w->nev++;
	while (i && ev_before(&w->ev[i], &w->ev[(i - 1) / 2])) {
		ev_swap(&w->ev[i], &w->ev[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	return true;
}

const struct event *ev_peek(const struct world *w)
{
	return w->nev ? &w->ev[0] : NULL;
}

void ev_pop(struct world *w, struct event *out)
{
	uint32_t i = 0;

	*out = w->ev[0];
	w->ev[0] = w->ev[--w->nev];
	for (;;) {
		uint32_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < w->nev && ev_before(&w->ev[l], &w->ev[m]))
			m = l;
		if (r < w->nev && ev_before(&w->ev[r], &w->ev[m]))
			m = r;
		if (m == i)
			break;
		ev_swap(&w->ev[i], &w->ev[m]);
		i = m;
	}
}

void snmp_inc(struct world *w, struct step *s, enum snmp_counter c, uint64_t n)
{
	w->snmp[c] += n;
	if (s)
		step_add_delta(s, CK_SNMP, 0, (uint16_t)c, (uint32_t)n);
}

void dev_stat_inc(struct world *w, struct step *s, int ifindex,
		  enum dev_counter c, uint64_t n)
{
	w->dev[ifindex].stats[c] += n;
	if (s)
		step_add_delta(s, CK_DEV, (uint8_t)ifindex, (uint16_t)c,
			       (uint32_t)n);
}

void softnet_inc(struct world *w, struct step *s, enum softnet_counter c)
{
	w->softnet.stats[c]++;
	if (s)
		step_add_delta(s, CK_SOFTNET, 0, (uint16_t)c, 1);
}

void icmpmsg_inc(struct world *w, struct step *s, bool out, uint8_t type)
{
	if (out)
		w->icmpmsg_out[type]++;
	else
		w->icmpmsg_in[type]++;
	if (s)
		step_add_delta(s, out ? CK_ICMPMSG_OUT : CK_ICMPMSG_IN, 0, type, 1);
}

uint32_t skb_alloc(struct world *w)
{
	uint32_t h = pool_alloc(&w->skb_pool, w->skb_next);
	struct sk_buff *skb;

	if (!h)
		return 0;
	skb = SKB(w, h);
	memset(skb, 0, offsetof(struct sk_buff, buf));
	skb->end = SKB_BUF;
	skb->mac_header = skb->network_header = SKB_NO_HDR;
	skb->transport_header = SKB_NO_HDR;
	skb->users = 1;
	skb->truesize = skb_truesize(SKB_BUF);
	return h;
}

void skb_free(struct world *w, uint32_t h)
{
	if (SKB(w, h)->ct.slot)
		nf_ct_skb_release(w, h);
	pool_free(&w->skb_pool, w->skb_next, h);
}

uint32_t skb_clone(struct world *w, uint32_t h)
{
	uint32_t c = pool_alloc(&w->skb_pool, w->skb_next);

	if (!c)
		return 0;
	memcpy(SKB(w, c), SKB(w, h), sizeof(struct sk_buff));
	SKB(w, c)->parent = h;
	SKB(w, c)->cloned = 1;
	SKB(w, c)->next = 0;
	SKB(w, c)->sk = 0;
	SKB(w, h)->cloned = 1;
	return c;
}

void skbq_tail(struct world *w, struct skb_queue *q, uint32_t h)
{
	SKB(w, h)->next = 0;
	if (q->tail)
		SKB(w, q->tail)->next = h;
	else
		q->head = h;
	q->tail = h;
	q->qlen++;
	q->bytes += SKB(w, h)->len;
}

uint32_t skbq_dequeue(struct world *w, struct skb_queue *q)
{
	uint32_t h = q->head;

	if (!h)
		return 0;
	q->head = SKB(w, h)->next;
	if (!q->head)
		q->tail = 0;
	q->qlen--;
	q->bytes -= SKB(w, h)->len;
	SKB(w, h)->next = 0;
	return h;
}

void skbq_purge(struct world *w, struct skb_queue *q)
{
	uint32_t h;

	while ((h = skbq_dequeue(w, q)))
		skb_free(w, h);
}
