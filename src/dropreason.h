/*
 * dropreason.h: why an skb died.  Mirrors enum skb_drop_reason in
 * include/net/dropreason-core.h (Linux 6.12): each name is the kernel's
 * without its SKB_DROP_REASON_ prefix.  The NIC_* names have no kernel twin:
 * they are frames lost in hardware before an skb exists (CONTRACTS.md §3).
 * Route-input drops use the names 6.13 introduced (IP_INVALID_SOURCE,
 * IP_LOCAL_SOURCE, IP_LOCALNET, IP_INVALID_DEST); 6.12 said NOT_SPECIFIED.
 */
#ifndef NETSTEP_SRC_DROPREASON_H
#define NETSTEP_SRC_DROPREASON_H

#define DROP_REASONS(_) \
	_(NOT_SPECIFIED) \
	_(NO_SOCKET) \
	_(PKT_TOO_SMALL) \
	_(SOCKET_FILTER) \
	_(UDP_CSUM) \
	_(TCP_CSUM) \
	_(TCP_FLAGS) \
	_(TCP_LISTEN_OVERFLOW) \
	_(TCP_OLD_SEQUENCE) \
	_(TCP_OLD_DATA) \
	_(TCP_OVERWINDOW) \
	_(TCP_INVALID_SEQUENCE) \
	_(TCP_INVALID_END_SEQUENCE) \
	_(TCP_OFOMERGE) \
	_(ICMP_CSUM) \
	_(NETFILTER_DROP) \
	_(OTHERHOST) \
	_(IP_CSUM) \
	_(IP_INHDR) \
	_(IP_RPFILTER) \
	_(IP_INVALID_SOURCE) \
	_(IP_LOCAL_SOURCE) \
	_(IP_LOCALNET) \
	_(IP_INVALID_DEST) \
	_(IP_NOPROTO) \
	_(SOCKET_RCVBUFF) \
	_(PROTO_MEM) \
	_(IP_OUTNOROUTES) \
	_(NEIGH_CREATEFAIL) \
	_(NEIGH_FAILED) \
	_(NEIGH_QUEUEFULL) \
	_(QDISC_DROP) \
	_(CPU_BACKLOG) \
	_(UNHANDLED_PROTO) \
	_(DEV_READY) \
	_(FULL_RING) \
	_(INVALID_PROTO) \
	_(IP_INADDRERRORS) \
	_(IP_INNOROUTES) \
	_(PKT_TOO_BIG) \
	_(DUP_FRAG) \
	_(FRAG_REASM_TIMEOUT) \
	_(NIC_RX_RING_FULL) \
	_(NIC_MAC_FILTER) \
	_(NIC_FCS) \
	_(NIC_LINK_DOWN) \
	_(NIC_RUNT) \
	_(NIC_OVERSIZE)

enum drop_reason {
	DROP_NONE = 0,
#define _(n) DROP_##n,
	DROP_REASONS(_)
#undef _
	DROP__COUNT
};

/* The kernel's name ("NO_SOCKET"), or "" for DROP_NONE. */
const char *drop_reason_name(enum drop_reason r);
/* DROP_NONE when the name is unknown. */
enum drop_reason drop_reason_by_name(const char *name);

#endif
