/*
 * cmd_ipwords.c: how iproute2 reads its words and words its errors
 * (iproute2 6.1 utils.c, rt_names.c), shared by the `ip` objects.
 */
#include "cmd_ip.h"

#include <stdio.h>
#include <string.h>

#include "pkt.h"
#include "route.h"

/* ---- words and messages ---- */

/* iproute2's matches(): arg is a non-empty prefix of word. */
bool matches(const char *arg, const char *word)
{
	size_t n = strlen(arg);

	return n && !strncmp(arg, word, n);
}


/* The first keyword of t that arg stands for, or NULL. */
const struct ip_kw *kw_find(const struct ip_kw *t, const char *arg)
{
	for (; t->word; t++)
		if (t->prefix ? matches(arg, t->word) : !strcmp(arg, t->word))
			return t;
	return NULL;
}

/* Until -4 or a first address fixes it, iproute2 expects "any valid"
 * family (family_name_verbose()). */
const char *family_name(bool inet)
{
	return inet ? "inet" : "any valid";
}

enum cmd_status bad_prefix(struct cmd_ctx *c, bool inet,
				  const char *arg)
{
	cmd_error(c, "Error: %s prefix is expected rather than \"%s\".",
		  family_name(inet), arg);
	return CMD_USAGE;
}

enum cmd_status bad_address(struct cmd_ctx *c, bool inet,
				   const char *arg)
{
	cmd_error(c, "Error: %s address is expected rather than \"%s\".",
		  family_name(inet), arg);
	return CMD_USAGE;
}

enum cmd_status incomplete(struct cmd_ctx *c)
{
	cmd_error(c, "Command line is not complete. Try option \"help\"");
	return CMD_USAGE;
}

/* duparg2(): a second word where one was expected. */
enum cmd_status garbage(struct cmd_ctx *c, const char *key,
			       const char *arg)
{
	cmd_error(c, "Error: either \"%s\" is duplicate, or \"%s\" is a "
		  "garbage.", key, arg);
	return CMD_USAGE;
}

/* duparg(): a keyword given twice. */
enum cmd_status duplicate(struct cmd_ctx *c, const char *key,
				 const char *arg)
{
	cmd_error(c, "Error: duplicate \"%s\": \"%s\" is the second value.",
		  key, arg);
	return CMD_USAGE;
}

/* invarg() */
enum cmd_status invalid(struct cmd_ctx *c, const char *why,
			       const char *arg)
{
	cmd_error(c, "Error: argument \"%s\" is wrong: %s", arg, why);
	return CMD_USAGE;
}

/* nodev() */
enum cmd_status no_device(struct cmd_ctx *c, const char *name)
{
	cmd_error(c, "Cannot find device \"%s\"", name);
	return CMD_FAIL;
}

enum cmd_status not_modelled(struct cmd_ctx *c, const char *what,
				    const char *word)
{
	cmd_error(c, "netstep: \"%s %s\" is not modelled", what, word);
	return CMD_USAGE;
}

/* NEXT_ARG(): the value after argv[*i], or NULL once the line is found
 * incomplete. */
const char *next_arg(struct cmd_ctx *c, int argc, char **argv,
			    int *i)
{
	if (++*i < argc)
		return argv[*i];
	incomplete(c);
	return NULL;
}

/* get_prefix() for IPv4: ADDR[/LEN]; for a route also "default", "all"
 * and "any" (0/0).  has_len: /LEN was written. */
bool prefix_parse(const char *s, bool route, uint32_t *addr,
			 int *plen, bool *has_len)
{
	const char *sl = strchr(s, '/');
	uint64_t p = 32;
	char buf[32];

	*has_len = sl != NULL;
	if (route && (!strcmp(s, "default") || !strcmp(s, "all") ||
		      !strcmp(s, "any"))) {
		*addr = 0;
		*plen = 0;
		return true;
	}
	if (strlen(s) >= sizeof(buf))
		return false;
	if (sl) {
		memcpy(buf, s, (size_t)(sl - s));
		buf[sl - s] = 0;
		if (!parse_u64(sl + 1, 0, 32, &p))
			return false;
	} else {
		strcpy(buf, s);
	}
	*plen = (int)p;
	return ip_parse(buf, addr);
}


const struct rt_name rt_protos[] = {
	{ 0, "unspec" }, { 1, "redirect" }, { 2, "kernel" }, { 3, "boot" },
	{ 4, "static" }, { 8, "gated" }, { 9, "ra" }, { 10, "mrt" },
	{ 11, "zebra" }, { 12, "bird" }, { 13, "dnrouted" }, { 14, "xorp" },
	{ 15, "ntk" }, { 16, "dhcp" }, { 18, "keepalived" }, { 42, "babel" },
	{ 99, "openr" }, { 186, "bgp" }, { 187, "isis" }, { 188, "ospf" },
	{ 189, "rip" }, { 192, "eigrp" }, { 0, NULL },
};

const struct rt_name rt_scopes[] = {
	{ RT_SCOPE_UNIVERSE, "global" }, { 200, "site" },
	{ RT_SCOPE_LINK, "link" }, { RT_SCOPE_HOST, "host" },
	{ RT_SCOPE_NOWHERE, "nowhere" }, { 0, NULL },
};

const struct rt_name rt_tables[] = {
	{ 0, "unspec" }, { 253, "default" }, { RT_TABLE_MAIN, "main" },
	{ RT_TABLE_LOCAL, "local" }, { 0, NULL },
};

/* rtnl_*_a2n(): a name of t, or a number up to max. */
bool rt_name_parse(const struct rt_name *t, const char *s,
			  uint64_t max, uint32_t *id)
{
	uint64_t v;

	for (; t->name; t++)
		if (!strcmp(s, t->name)) {
			*id = t->id;
			return true;
		}
	if (!parse_u64(s, 0, max, &v))
		return false;
	*id = (uint32_t)v;
	return true;
}

/* rtnl_*_n2a(): id's name in t, or its number. */
const char *rt_name_of(const struct rt_name *t, uint32_t id,
			      char buf[12])
{
	for (; t->name; t++)
		if (t->id == id)
			return t->name;
	snprintf(buf, 12, "%u", id);
	return buf;
}

