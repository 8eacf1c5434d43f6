/* pool.c: handle pools; see pool.h. */
#include "pool.h"

#include <assert.h>

void pool_init(struct pool *p, uint32_t *next, uint32_t cap)
{
	p->cap = cap;
	p->in_use = p->peak = p->fails = 0;
	for (uint32_t i = 0; i < cap; i++)
		next[i] = i + 2 <= cap ? i + 2 : 0;
	p->free_head = cap ? 1 : 0;
	p->hwm = 0;
}

uint32_t pool_alloc(struct pool *p, uint32_t *next)
{
	uint32_t h = p->free_head;

	if (!h) {
		p->fails++;
		return 0;
	}
	p->free_head = next[h - 1];
	next[h - 1] = POOL_USED;
	if (h > p->hwm)
		p->hwm = h;
	if (++p->in_use > p->peak)
		p->peak = p->in_use;
	return h;
}

void pool_free(struct pool *p, uint32_t *next, uint32_t h)
{
	assert(h && h <= p->cap && next[h - 1] == POOL_USED);
	next[h - 1] = p->free_head;
	p->free_head = h;
	p->in_use--;
}

bool pool_is_used(const struct pool *p, const uint32_t *next, uint32_t h)
{
	return h && h <= p->cap && next[h - 1] == POOL_USED;
}
