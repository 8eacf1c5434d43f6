/* history.c: checkpoints of the world; see history.h. */
#include "history.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The world is saved as five byte ranges: everything but the two big
 * arrays, and the used head of each array. */
struct snap_hdr {
	uint32_t skb_n, inj_n;       /* slots saved: the pools' hwm */
};

#define SKB_OFF offsetof(struct world, skb)
#define SKB_END (SKB_OFF + sizeof(((struct world *)0)->skb))
#define INJ_OFF offsetof(struct world, inj)
#define INJ_END (INJ_OFF + sizeof(((struct world *)0)->inj))

_Static_assert(SKB_END <= INJ_OFF, "world.h: skb[] must come before inj[]");

void *world_snapshot(const struct world *w, size_t *len)
{
	struct snap_hdr hd = { w->skb_pool.hwm, w->inj_pool.hwm };
	size_t skb_b = hd.skb_n * sizeof(w->skb[0]);
	size_t inj_b = hd.inj_n * sizeof(w->inj[0]);
	size_t n = sizeof(hd) + SKB_OFF + skb_b + (INJ_OFF - SKB_END) + inj_b +
		   (sizeof(*w) - INJ_END);
	const char *src = (const char *)w;
	char *buf = malloc(n), *p = buf;

	if (!buf)
		return NULL;
	memcpy(p, &hd, sizeof(hd));
	p += sizeof(hd);
	memcpy(p, src, SKB_OFF);
	p += SKB_OFF;
	memcpy(p, src + SKB_OFF, skb_b);
	p += skb_b;
	memcpy(p, src + SKB_END, INJ_OFF - SKB_END);
	p += INJ_OFF - SKB_END;
	memcpy(p, src + INJ_OFF, inj_b);
	p += inj_b;
	memcpy(p, src + INJ_END, sizeof(*w) - INJ_END);
	*len = n;
	return buf;
}

void world_restore(struct world *w, const void *snap)
{
	struct snap_hdr hd;
	const char *p = snap;
	char *dst = (char *)w;
	uint32_t skb_hwm = w->skb_pool.hwm, inj_hwm = w->inj_pool.hwm;
	size_t skb_b, inj_b;

	memcpy(&hd, p, sizeof(hd));
	p += sizeof(hd);
	skb_b = hd.skb_n * sizeof(w->skb[0]);
	inj_b = hd.inj_n * sizeof(w->inj[0]);
	memcpy(dst, p, SKB_OFF);
	p += SKB_OFF;
	memcpy(dst + SKB_OFF, p, skb_b);
	p += skb_b;
	/* slots used since the snapshot were untouched zero bytes then */
	if (skb_hwm > hd.skb_n)
		memset(&w->skb[hd.skb_n], 0,
		       (skb_hwm - hd.skb_n) * sizeof(w->skb[0]));
	memcpy(dst + SKB_END, p, INJ_OFF - SKB_END);
	p += INJ_OFF - SKB_END;
	memcpy(dst + INJ_OFF, p, inj_b);
	p += inj_b;
	if (inj_hwm > hd.inj_n)
		memset(&w->inj[hd.inj_n], 0,
		       (inj_hwm - hd.inj_n) * sizeof(w->inj[0]));
	memcpy(dst + INJ_END, p, sizeof(*w) - INJ_END);
}

struct checkpoint {
	uint64_t step_no;
	bool pinned;
	size_t len;
	void *snap;
};

struct history {
	uint32_t max, n;
	uint32_t interval;           /* steps between automatic checkpoints */
	uint64_t last_auto;          /* step_no of the last automatic one */
	size_t bytes;
	struct checkpoint *cp;       /* oldest first */
};

struct history *history_new(uint32_t max, uint32_t interval)
{
	struct history *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->max = max < 4 ? 4 : max;
	h->interval = interval ? interval : 1;
	h->cp = calloc(h->max, sizeof(h->cp[0]));
	if (!h->cp) {
		free(h);
		return NULL;
	}
	return h;
}

void history_free(struct history *h)
{
	if (!h)
		return;
	for (uint32_t i = 0; i < h->n; i++)
		free(h->cp[i].snap);
	free(h->cp);
	free(h);
}

/* Keeps the oldest, the newest, the pinned and every other one between;
 * the spacing of new ones doubles to match. */
static void history_thin(struct history *h)
{
	uint32_t keep = 1;

	for (uint32_t i = 1; i < h->n; i++) {
		if (i % 2 && i != h->n - 1 && !h->cp[i].pinned) {
			h->bytes -= h->cp[i].len;
			free(h->cp[i].snap);
			continue;
		}
		h->cp[keep++] = h->cp[i];
	}
	h->n = keep;
	h->interval *= 2;
}

bool history_save(struct history *h, const struct world *w, bool pinned)
{
	struct checkpoint c = { .step_no = w->step_no, .pinned = pinned };

	if (h->n == h->max)
		history_thin(h);
	if (h->n == h->max) {   /* all pinned: make room */
		struct checkpoint *nc = realloc(h->cp, 2 * h->max * sizeof(*nc));

		if (!nc)
			return false;
		h->cp = nc;
		h->max *= 2;
	}
	c.snap = world_snapshot(w, &c.len);
	if (!c.snap)
		return false;
	h->cp[h->n++] = c;
	h->bytes += c.len;
	return true;
}

bool history_after_step(struct history *h, const struct world *w)
{
	if (w->step_no < h->last_auto + h->interval)
		return true;
	h->last_auto = w->step_no;
	return history_save(h, w, false);
}

/* The index of the latest checkpoint below target, -1 for none. */
static int history_find(const struct history *h, uint64_t target)
{
	int i = (int)h->n;

	while (i && h->cp[i - 1].step_no >= target)
		i--;
	return i - 1;
}

bool history_restore_before(struct history *h, struct world *w,
			    uint64_t target)
{
	uint32_t i = (uint32_t)(history_find(h, target) + 1);

	if (!i)
		return false;
	world_restore(w, h->cp[i - 1].snap);
	for (uint32_t k = i; k < h->n; k++) {
		h->bytes -= h->cp[k].len;
		free(h->cp[k].snap);
	}
	h->n = i;
	h->last_auto = h->cp[i - 1].step_no;
	return true;
}

bool history_peek_before(const struct history *h, struct world *w,
			 uint64_t target, uint64_t *from)
{
	int i = history_find(h, target);

	if (i < 0)
		return false;
	world_restore(w, h->cp[i].snap);
	*from = h->cp[i].step_no;
	return true;
}

uint64_t history_first_step(const struct history *h)
{
	return h->n ? h->cp[0].step_no : 0;
}

uint32_t history_count(const struct history *h)
{
	return h->n;
}

size_t history_bytes(const struct history *h)
{
	return h->bytes;
}
