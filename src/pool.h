/*
 * pool.h: fixed-size object pools addressed by handles (lwIP memp-like).
 *
 * A handle is the slot index + 1, so 0 always means "none".  The pool keeps
 * only integers (a free list threaded through next[]), so a struct holding
 * pools can be copied with memcpy and compared field by field: that is what
 * makes the world a value.  Allocation is LIFO and so deterministic.
 */
#ifndef NETSTEP_SRC_POOL_H
#define NETSTEP_SRC_POOL_H

#include <stdbool.h>
#include <stdint.h>

#define POOL_USED 0xffffffffu

struct pool {
	uint32_t cap;       /* slots */
	uint32_t in_use;    /* slots allocated now */
	uint32_t peak;      /* most ever allocated at once */
	uint32_t fails;     /* allocations refused because the pool was full */
	uint32_t free_head; /* handle of the first free slot, 0 when full */
	uint32_t hwm;       /* highest handle ever handed out: scans stop there */
};

/* next[] has cap entries and belongs to the caller's struct. */
void pool_init(struct pool *p, uint32_t *next, uint32_t cap);
/* Returns a handle, or 0 (and fails++) when the pool is full. */
uint32_t pool_alloc(struct pool *p, uint32_t *next);
/* h must be allocated; it is free (and may be handed out again) on return. */
void pool_free(struct pool *p, uint32_t *next, uint32_t h);
bool pool_is_used(const struct pool *p, const uint32_t *next, uint32_t h);

#endif
