/*
 * cmd_ip.h: what the `ip` objects share (private to src/cmd_ip*.c): how
 * iproute2 matches its keywords, its error messages, and the names of
 * tables, scopes and protocols (cmd_ipwords.c).
 */
#ifndef NETSTEP_SRC_CMD_IP_H
#define NETSTEP_SRC_CMD_IP_H

#include <stdbool.h>
#include <stdint.h>

#include "cmd.h"
#include "world.h"

enum ip_verb {
	V_NOT_MODELLED, V_ADD, V_DEL, V_REPLACE, V_SHOW, V_GET, V_SET, V_FLUSH
};

struct ip_opts {
	bool stats;                  /* -s */
	bool inet;                   /* -4: the family is known at once */
};

/* A keyword as iproute2 compares it: whole, or by any prefix. */
struct ip_kw {
	const char *word;
	bool prefix;
	int what;
};

/* iproute2's matches(): arg is a non-empty prefix of word. */
bool matches(const char *arg, const char *word);
/* The first keyword of t that arg stands for, or NULL. */
const struct ip_kw *kw_find(const struct ip_kw *t, const char *arg);
const char *family_name(bool inet);

/* iproute2's messages; each returns the status to give back. */
enum cmd_status bad_prefix(struct cmd_ctx *c, bool inet, const char *arg);
enum cmd_status bad_address(struct cmd_ctx *c, bool inet, const char *arg);
enum cmd_status incomplete(struct cmd_ctx *c);
enum cmd_status garbage(struct cmd_ctx *c, const char *key, const char *arg);
enum cmd_status duplicate(struct cmd_ctx *c, const char *key,
			  const char *arg);
enum cmd_status invalid(struct cmd_ctx *c, const char *why, const char *arg);
enum cmd_status no_device(struct cmd_ctx *c, const char *name);
/* A word iproute2 knows that netstep does not model. */
enum cmd_status not_modelled(struct cmd_ctx *c, const char *what,
			     const char *word);
/* NEXT_ARG(): the value after argv[*i], or NULL (reported incomplete). */
const char *next_arg(struct cmd_ctx *c, int argc, char **argv, int *i);
/* get_prefix() for IPv4: ADDR[/LEN]; for a route also "default", "all"
 * and "any" (0/0).  has_len: /LEN was written. */
bool prefix_parse(const char *s, bool route, uint32_t *addr, int *plen,
		  bool *has_len);

/* The names iproute2 gives numbers (/etc/iproute2/rt_*). */
struct rt_name {
	uint32_t id;
	const char *name;
};
extern const struct rt_name rt_protos[], rt_scopes[], rt_tables[];
/* rtnl_*_a2n(): a name of t, or a number up to max. */
bool rt_name_parse(const struct rt_name *t, const char *s, uint64_t max,
		   uint32_t *id);
/* rtnl_*_n2a(): id's name in t, or its number. */
const char *rt_name_of(const struct rt_name *t, uint32_t id, char buf[12]);

/* ip rule (cmd_iprule.c) */
extern const struct ip_kw rule_verbs[];
enum cmd_status ip_rule(struct world *w, struct cmd_ctx *c,
			const struct ip_opts *o, int verb, int argc,
			char **argv);

#endif
