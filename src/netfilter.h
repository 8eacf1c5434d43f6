/*
 * netfilter.h: iptables' tables, chains and rules as plain data
 * (net/ipv4/netfilter/ip_tables.c, include/uapi/linux/netfilter_ipv4/
 * ip_tables.h, Linux 6.x).  A rule is struct ipt_entry's ipt_ip part, its
 * matches (kept in the order they were given, as iptables-save prints
 * them) and one target; rules of a chain are linked by handle, so the whole
 * ruleset lives in the world and is copied with it.
 */
#ifndef NETSTEP_SRC_NETFILTER_H
#define NETSTEP_SRC_NETFILTER_H

#include <stdbool.h>
#include <stdint.h>

#define IPT_CHAIN_MAX 64
#define IPT_RULE_MAX 256
#define IPT_CHAIN_NAMELEN 29     /* XT_EXTENSION_MAXNAMELEN: 28 + NUL */
#define IPT_COMMENT_LEN 256      /* XT_MAX_COMMENT_LEN */
#define IPT_LOG_PREFIX_LEN 30    /* nf_loginfo prefix: 29 + NUL */
#define IPT_MATCH_MAX 8
#define IPT_PORTS_MAX 15         /* XT_MULTI_PORTS */
#define IPT_JUMP_MAX 16          /* deeper nesting is refused by -A/-I */
#define NF_TRAIL_MAX 8
#define NF_LOG_LINES 32
#define NF_LOG_LEN 256

/* The tables in the order nf_hook_slow meets them at one hook. */
enum ipt_table { IPT_RAW, IPT_MANGLE, IPT_NAT, IPT_FILTER, IPT__COUNT };

/* ipt_ip.invflags */
#define IPT_INV_VIA_IN  0x01
#define IPT_INV_VIA_OUT 0x02
#define IPT_INV_SRCIP   0x08
#define IPT_INV_DSTIP   0x10
#define IPT_INV_PROTO   0x40

enum ipt_match_kind { M_NONE, M_TCP, M_UDP, M_ICMP, M_MARK, M_MULTIPORT,
		      M_COMMENT, M_LIMIT, M_ADDRTYPE, M_CONNTRACK, M_STATE };

enum ipt_target_kind { TG_NONE, TG_ACCEPT, TG_DROP, TG_RETURN, TG_JUMP,
		       TG_GOTO, TG_REJECT, TG_LOG, TG_MARK, TG_SNAT, TG_DNAT,
		       TG_MASQUERADE, TG_REDIRECT, TG_NOTRACK, TG_CONNMARK,
		       TG_TRACE };

/* struct nf_nat_range2 (uapi/linux/netfilter/nf_nat.h) */
#define NF_NAT_RANGE_MAP_IPS 0x01
#define NF_NAT_RANGE_PROTO_SPECIFIED 0x02
#define NF_NAT_RANGE_PROTO_RANDOM 0x04
#define NF_NAT_RANGE_PERSISTENT 0x08
#define NF_NAT_RANGE_PROTO_RANDOM_FULLY 0x10
struct nf_nat_range {
	uint8_t flags;
	uint32_t min_ip, max_ip;       /* host order */
	uint16_t min_port, max_port;
};

/* CONNMARK's modes (xt_connmark.h) */
enum { CONNMARK_SET, CONNMARK_SAVE, CONNMARK_RESTORE };

/* ipt_REJECT's reject_with, in the kernel's order */
enum ipt_reject { RJ_NET_UNREACH, RJ_HOST_UNREACH, RJ_PROT_UNREACH,
		  RJ_PORT_UNREACH, RJ_ECHOREPLY, RJ_NET_PROHIB, RJ_HOST_PROHIB,
		  RJ_TCP_RESET, RJ_ADMIN_PROHIB };

/* xt_multiport flags */
enum { MP_SRC, MP_DST, MP_ANY };

struct ipt_rule {
	uint32_t next;                 /* next rule of the chain, 0: last */
	uint8_t chain;                 /* index into ipt_chain */
	/* ipt_ip */
	uint32_t src, smsk, dst, dmsk;
	char iniface[16], outiface[16]; /* "eth+" matches by prefix */
	uint16_t proto;                /* 0: all */
	uint8_t invflags;
	uint8_t nmatch;
	uint8_t match[IPT_MATCH_MAX];  /* enum ipt_match_kind, given order */
	/* tcp / udp (xt_tcpudp) */
	uint16_t spts[2], dpts[2];
	uint8_t tcp_flg_mask, tcp_flg_cmp;
	uint8_t l4_inv;                /* 1 sport, 2 dport, 4 flags */
	/* icmp: type 0xff matches any */
	uint8_t icmp_type, icmp_code[2];
	bool icmp_inv;
	/* mark */
	uint32_t mark, mark_mask;
	bool mark_inv;
	/* multiport (revision 1: ranges) */
	uint8_t mp_flags, mp_count;
	bool mp_inv;
	uint16_t mp_ports[IPT_PORTS_MAX];
	uint8_t mp_pflags[IPT_PORTS_MAX]; /* 1: ports[i]..ports[i+1] */
	/* limit (xt_limit: credits in XT_LIMIT_SCALE units, jiffies) */
	uint32_t lim_avg, lim_burst;
	uint64_t lim_prev;             /* jiffies of the last refill */
	uint32_t lim_credit, lim_credit_cap, lim_cost;
	/* addrtype */
	uint16_t at_src, at_dst;       /* bits 1 << RTN_* */
	bool at_src_inv, at_dst_inv;
	/* conntrack --ctstate / state --state: CTS_* bits (nf_ct.h) */
	uint8_t ct_states;
	bool ct_inv;
	char comment[IPT_COMMENT_LEN];
	/* target */
	uint8_t target;                /* enum ipt_target_kind */
	uint8_t jump;                  /* TG_JUMP / TG_GOTO: chain index */
	uint8_t reject_with;           /* enum ipt_reject */
	uint8_t log_level;
	char log_prefix[IPT_LOG_PREFIX_LEN];
	uint32_t tg_mark, tg_mask;     /* MARK: mark = (mark & ~mask) ^ mark */
	uint8_t mark_op;               /* how it was written (for -S) */
	struct nf_nat_range nat;       /* SNAT DNAT MASQUERADE REDIRECT */
	bool ct_syntax;                /* NOTRACK written as CT --notrack */
	uint8_t cm_mode;               /* CONNMARK */
	uint32_t cm_mark, cm_mask;     /* set: ctmark = (ctmark & ~mask) ^ mark;
					  save/restore: the mask moved */
	/* counters, as ipt_do_table's ADD_COUNTER */
	uint64_t pkts, bytes;
};

struct ipt_chain {
	bool used;
	uint8_t table;                 /* enum ipt_table */
	uint8_t hook;                  /* enum nf_hook_id; 0: a user chain */
	uint8_t policy;                /* enum nf_verdict (built-in chains) */
	bool hooked;                   /* a built-in chain a command named:
					  iptables-nft makes base chains
					  lazily, and only those see packets */
	bool counters;                 /* the policy counts: iptables-nft gives
					  a base chain counters only on -P, -Z
					  or a restore ":CHAIN POLICY [p:b]"
					  line (NFTA_CHAIN_COUNTERS) */
	char name[IPT_CHAIN_NAMELEN];
	uint32_t head;                 /* first rule handle, 0: empty */
	uint32_t refs;                 /* rules jumping here (user chains) */
	uint64_t pkts, bytes;          /* the policy's counters */
};

/* One table's verdict on a packet at one hook (CONTRACTS.md 3: hooks). */
struct nf_trail {
	uint8_t hook, table, chain, verdict;
	uint16_t rule;                 /* 1-based in chain; 0: the policy */
};

/* A packet's walk through the hooks, carried on its skb: which entry of
 * the hook it is at, and ipt_do_table's position and jump stack. */
struct nf_skb_state {
	uint8_t hook, entry, table, chain;
	uint32_t rule;                 /* next rule to test, 0: chain end */
	uint8_t sp;
	uint8_t pending_drop;          /* REJECT sent its error: NF_DROP next */
	uint16_t pending_rule;
	uint8_t ntrail;
	struct { uint8_t chain; uint32_t rule; } stack[IPT_JUMP_MAX];
	struct nf_trail trail[NF_TRAIL_MAX];
};

/* The kernel log (dmesg): the LOG target's lines, the newest last. */
struct nf_log {
	uint32_t count;                /* lines written ever */
	struct {
		uint64_t t_ns;
		uint64_t step;         /* w->step_no of the step that wrote it */
		char text[NF_LOG_LEN];
	} line[NF_LOG_LINES];
};

#endif
