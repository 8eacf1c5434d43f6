/* cmd_iptables.h: what the iptables command's files share. */
#ifndef NETSTEP_SRC_CMD_IPTABLES_H
#define NETSTEP_SRC_CMD_IPTABLES_H

#include "cmd.h"
#include "ip_tables.h"

#define IPT_VERSION "iptables v1.8.9 (nf_tables)"

enum ipt_fmt { FMT_NUMERIC = 1, FMT_VIA = 2, FMT_NOCOUNTS = 4,
	       FMT_KMG = 8, FMT_LINENUMBERS = 16 };

/* A rule as iptables -S and iptables-save write it, from "-A CHAIN" on
 * (with -c PKTS BYTES after the chain when counters is set). */
void ipt_rule_save(FILE *f, const struct world *w, uint32_t h, bool counters);
/* One row of iptables -L for rule h. */
void ipt_rule_list(FILE *f, const struct world *w, uint32_t h, uint32_t num,
		   unsigned fmt);
/* iptables -L [CHAIN [N]] and -S [CHAIN [N]] for table t. */
/* The table's chains as iptables lists them: built-in chains in hook
 * order, then user chains by name; returns the count. */
int ipt_chain_order(const struct world *w, enum ipt_table t, int *out);
enum cmd_status ipt_list(struct world *w, struct cmd_ctx *c,
			 enum ipt_table t, const char *chain, uint32_t num,
			 unsigned fmt);
enum cmd_status ipt_list_rules(struct world *w, struct cmd_ctx *c,
			       enum ipt_table t, const char *chain,
			       uint32_t num, bool counters);
/* Parses one rule specification (argv of -A after the chain) for chain in
 * table t; false after printing the error.  *status gets the exit code. */
bool ipt_parse_rule(struct world *w, struct cmd_ctx *c, enum ipt_table t,
		    const char *chain, int argc, char **argv,
		    struct ipt_rule *r, enum cmd_status *status);
struct ipt_icmp_name {
	const char *name;
	uint8_t type, code_min, code_max;
};
/* libxt_icmp's names, NULL-terminated */
extern const struct ipt_icmp_name ipt_icmp_names[];
/* RTN_* names as addrtype writes them, by type; NULL-terminated */
extern const char *const ipt_addrtype_names[];
/* -m names, by enum ipt_match_kind ("" for M_NONE) */
extern const char *const ipt_match_names[];
/* built-in target names, by enum ipt_target_kind ("" for the kinds named
 * by their chain) */
extern const char *const ipt_target_names[];
extern const char *const ipt_ctstate_names[];
extern const uint8_t ipt_ctstate_bits[];
/* TCP flag names: the six single flags in iptables' order, then ALL and
 * NONE; NULL-terminated */
extern const struct ipt_flag_name { const char *name; uint8_t flag; }
	ipt_tcp_flag_names[];
/* --reject-with names, by enum ipt_reject */
extern const char *const ipt_reject_names[];

/* "iptables v1.8.9 (nf_tables): MSG\nTry `iptables -h' ..." */
enum cmd_status ipt_usage_error(struct cmd_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
