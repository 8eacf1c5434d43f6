/*
 * step.h: the record of one step (DESIGN.md rule 5).
 *
 * The engine advances one kernel function at a time and describes what it
 * did in a struct step: when, in which context, which function with which
 * callers, what changed in the skb, which counters moved, a routing result,
 * a netfilter verdict, a drop reason, the packet's fate if this step decided
 * it, and a one-line note.  Everything the UI shows, batch mode prints and
 * lessons assert comes from these records and the world.
 *
 * The note is a format plus arguments, formatted only at the edge
 * (step_note_format), so the batch hot path builds no strings.
 */
#ifndef NETSTEP_SRC_STEP_H
#define NETSTEP_SRC_STEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "world.h"

#define STEP_MAX_DELTAS 16
#define STEP_FATE_BYTES 96

enum ctr_kind { CK_SNMP, CK_DEV, CK_SOFTNET, CK_ICMPMSG_IN, CK_ICMPMSG_OUT };

struct ctr_delta {
	uint8_t kind;     /* enum ctr_kind */
	uint8_t dev;      /* CK_DEV: ifindex */
	uint16_t id;      /* counter id within its kind (ICMP type for icmpmsg) */
	uint32_t delta;
};

/* The skb fields a step shows, before and after. */
struct skb_view {
	uint32_t handle, pkt;
	uint16_t data, tail, end;
	uint32_t len, truesize, mark, sk;
	uint16_t mac_header, network_header, transport_header;
	uint16_t protocol;
	uint8_t pkt_type, dev, skb_iif, ip_summed;
	uint8_t dst_type, dst_dev;
	uint16_t ct_slot;         /* _nfct: conntrack entry + 1, 0: none */
	uint8_t ct_info;          /* enum ip_conntrack_info */
	bool ct_untracked;
};

enum fate { FATE_NONE, FATE_DELIVERED, FATE_CONSUMED, FATE_FORWARDED,
	    FATE_TRANSMITTED, FATE_DROPPED, FATE_QUEUED };

/* A packet's fate, complete enough to print after its skb is gone. */
struct fate_rec {
	uint32_t pkt;
	uint32_t cause;
	uint8_t origin;       /* enum pkt_origin */
	uint8_t fate;         /* enum fate */
	uint8_t dev;          /* arrived on (wire) or left by */
	uint8_t out_dev;      /* forwarded: left by */
	uint16_t stage;       /* where it was decided */
	uint8_t reason;       /* enum drop_reason */
	uint32_t sock;        /* delivered: socket handle */
	uint32_t steps;
	uint8_t nhooks;       /* netfilter tables that decided on it */
	struct nf_trail hooks[NF_TRAIL_MAX];
	uint16_t nbytes;      /* bytes copied from the network header on */
	uint16_t l2len;       /* bytes of L2 header before them (0 or 14) */
	uint16_t protocol;    /* ETH_P_* of the bytes */
	uint32_t wire_len;    /* the packet's length */
	uint8_t bytes[STEP_FATE_BYTES];
};

/* What a hook step decided: a table's verdict (ACCEPT, DROP) or, for one
 * rule, what ipt_do_table does next. */
enum nf_verdict { NFV_NONE, NFV_ACCEPT, NFV_DROP, NFV_CONTINUE, NFV_RETURN,
		  NFV_JUMP, NFV_GOTO, NFV_NOMATCH, NFV_STOLEN };
enum nf_hook_id { NFH_NONE, NFH_PREROUTING, NFH_INPUT, NFH_FORWARD, NFH_OUTPUT,
		  NFH_POSTROUTING };

struct step {
	uint64_t no;              /* 1-based */
	uint64_t t_ns;
	uint8_t ctx;              /* enum ctx */
	uint16_t stage;           /* enum stage */
	uint8_t depth;
	uint16_t stack[TASK_DEPTH]; /* callers' stages, outermost first */
	uint32_t pkt;             /* packet this step worked on, 0: none */
	bool has_skb;
	uint32_t view_skb;         /* handle shown in before/after */
	struct skb_view before, after;
	uint8_t hook;             /* enum nf_hook_id */
	uint8_t verdict;          /* enum nf_verdict */
	int16_t rule;             /* 0: chain policy / no rules */
	uint8_t nf_table;         /* enum ipt_table + 1; 0: no table */
	uint8_t nf_chain;         /* chain index, with nf_table */
	bool has_route;
	uint8_t route_type;       /* enum rtn_type */
	uint8_t route_dev;
	int16_t route_err;        /* -errno */
	uint32_t route_gw, route_src;
	uint32_t route_table;     /* 0: decided without a FIB lookup */
	uint32_t route_rule;      /* the deciding rule's pref */
	uint32_t route_dst;       /* the matched route's prefix */
	uint8_t route_plen;
	uint8_t reason;           /* enum drop_reason when this step dropped */
	bool has_fate;
	struct fate_rec fate;
	int32_t sys_ret;          /* a syscall's return value, when has_sys_ret */
	bool has_sys_ret;
	uint8_t ndeltas;
	struct ctr_delta deltas[STEP_MAX_DELTAS];
	const char *note;         /* format: %u %d %x numbers, %I IPv4,
				     %T a conntrack TCP state, %s string */
	int64_t note_arg[4];
	const char *note_str;     /* the argument of %s */
	bool lean;                /* engine_step_lean made it: stack, before,
				     after and deltas are not filled */
};

/* Formats s->note into buf; returns buf. */
char *step_note_format(const struct step *s, char *buf, size_t n);
void step_add_delta(struct step *s, uint8_t kind, uint8_t dev, uint16_t id,
		    uint32_t delta);
/* The name of a delta's counter, e.g. "IpInReceives", "eth0 rx_packets". */
char *step_delta_name(const struct world *w, const struct ctr_delta *d,
		      char *buf, size_t n);

const char *ctx_name(enum ctx c);
const char *fate_name(enum fate f);
const char *nf_hook_name(enum nf_hook_id h);
const char *rtn_type_name(int type);
/* What the step's route lookup matched: "route: rule 32766 -> table main
 * -> 10.0.0.0/24: unicast dev eth0" (or in Chinese); "" without one. */
char *step_route_format(const struct world *w, const struct step *s,
			bool zh, char *buf, size_t n);

#endif
