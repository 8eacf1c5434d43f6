/*
 * ip_fragment.h: what the reassembly queues (ip_fragment.c) show to the
 * engine loop and to readers of the world (the queues pane, tests).
 */
#ifndef NETSTEP_SRC_IP_FRAGMENT_H
#define NETSTEP_SRC_IP_FRAGMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "world.h"

/* An EV_FRAG_TIMER for queue q due at t still stands: the queue lives and
 * its timer is set for t.  False for a timer the kernel would have
 * deleted (inet_frag_kill) because the queue completed or died. */
bool ip_frag_timer_live(const struct world *w, uint32_t q, uint64_t t);

/* What ip_defrag holds now: datagrams (queues), fragments, and the memory
 * charged against ipfrag_high_thresh (fqdir mem). */
struct ip_frag_usage {
	uint32_t queues, frags;
	uint64_t mem;
};
struct ip_frag_usage ip_frag_usage(const struct world *w);

/* enum ip_defrag_users: who called ip_defrag, part of a queue's key (the
 * caller puts it in the ip_defrag frame's arg). */
enum ip_defrag_user { IP_DEFRAG_LOCAL_DELIVER, IP_DEFRAG_CONNTRACK_IN,
		      IP_DEFRAG_CONNTRACK_OUT };

struct exec;
/* Back from ip_defrag: the caller's skb is now the whole datagram (still
 * its packet, held by no reassembly queue) -- else ip_defrag kept or
 * freed it. */
bool ip_defrag_gave_whole(struct exec *x);

#endif
