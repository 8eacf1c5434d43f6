/* ip_tables.h: the iptables ruleset in the world, and what the hooks and
 * the iptables command need from it (ip_tables.c). */
#ifndef NETSTEP_SRC_IP_TABLES_H
#define NETSTEP_SRC_IP_TABLES_H

#include <stdbool.h>
#include <stdint.h>

#include "step.h"
#include "world.h"

const char *ipt_table_name(enum ipt_table t);
/* -1 when there is no such table */
int ipt_table_by_name(const char *name);
/* Whether table t has a built-in chain at hook (its valid_hooks). */
bool ipt_table_has_hook(enum ipt_table t, enum nf_hook_id hook);
/* The table's hook priority at hook (nf_ip_hook_priorities). */
int ipt_table_priority(enum ipt_table t, enum nf_hook_id hook);
/* Loads the table on first use (request_module): its built-in chains,
 * empty, policy ACCEPT, hooked at its valid hooks. */
void ipt_table_register(struct world *w, enum ipt_table t);
/* Only the built-in chains, for listing a table nothing has loaded yet
 * (iptables-nft's -L creates nothing in the kernel). */
void ipt_table_init(struct world *w, enum ipt_table t);

/* Chain index in table t, or -1. */
int ipt_chain_find(const struct world *w, enum ipt_table t, const char *name);
/* A new user chain; the index, or -1 when the table of chains is full. */
int ipt_chain_add(struct world *w, enum ipt_table t, const char *name);
void ipt_chain_del(struct world *w, int chain);
/* Rule handle at 1-based position pos of chain, 0 if none. */
uint32_t ipt_rule_at(const struct world *w, int chain, uint32_t pos);
/* 1-based position of rule h in its chain. */
uint32_t ipt_rule_pos(const struct world *w, uint32_t h);
uint32_t ipt_chain_len(const struct world *w, int chain);
/* Inserts a copy of r at 1-based position pos (len + 1 appends); the new
 * handle, or 0 when the rule pool is full. */
uint32_t ipt_rule_insert(struct world *w, int chain, uint32_t pos,
			 const struct ipt_rule *r);
void ipt_rule_delete(struct world *w, uint32_t h);
void ipt_chain_flush(struct world *w, int chain);
void ipt_chain_zero(struct world *w, int chain);
/* Whether jumping from chain from to chain to could loop back (a rule
 * would make the ruleset cyclic), as translate_table's mark_source_chains
 * refuses. */
bool ipt_jump_loops(const struct world *w, int from, int to);
/* Whether the rule needs the conntrack hooks (nf_ct_netns_get). */
bool ipt_rule_needs_ct(const struct ipt_rule *r);
/* Whether two rules are the same rule (for -D by specification). */
bool ipt_rule_equal(const struct ipt_rule *a, const struct ipt_rule *b);

/* xt_limit's checkentry: full credits from the rule's avg and burst. */
void ipt_limit_init(const struct world *w, struct ipt_rule *r);

/* The entries nf_hook_slow runs at hook, in order: "raw,conntrack,nat";
 * "" when the hook is empty. */
void nf_hook_entry_names(const struct world *w, enum nf_hook_id hook,
			 char *buf, size_t n);

/* The verdict names steps and fates print. */
const char *nf_verdict_name(enum nf_verdict v);

/* The kernel log: appends one line (dmesg). */
void nf_log_add(struct world *w, const char *text);
/* Line i (0 = the first ever written) as dmesg prints it, with seconds
 * since boot; false when the ring no longer holds it. */
bool nf_log_format(const struct nf_log *l, uint32_t i, char *buf, size_t n);

#endif
