/*
 * sysctl.h: the kernel knobs the model reads, with the kernel's defaults
 * (Linux 6.12, x86-64, HZ=250 as on this project's reference host).
 *
 * SYSCTLS are one value per network namespace.  IPV4_CONF keys exist once per
 * device plus "all" and "default" (net.ipv4.conf.DEV.KEY, devinet.c); how a key
 * combines "all" with the device's own value is given per key, as inetdevice.h's
 * IN_DEV_ORCONF / IN_DEV_MAXCONF / IN_DEV_ANDCONF macros do.
 */
#ifndef NETSTEP_SRC_SYSCTL_H
#define NETSTEP_SRC_SYSCTL_H

#include <stdint.h>

/* _(id, key, default, min, max) */
#define SYSCTLS(_) \
	_(netdev_budget, "net.core.netdev_budget", 300, 1, 1000000) \
	_(netdev_budget_usecs, "net.core.netdev_budget_usecs", 8000, 1, 10000000) \
	_(netdev_max_backlog, "net.core.netdev_max_backlog", 1000, 1, 10000000) \
	_(dev_weight, "net.core.dev_weight", 64, 1, 1000000) \
	_(rmem_default, "net.core.rmem_default", 212992, 256, 2147483647) \
	_(rmem_max, "net.core.rmem_max", 4194304, 256, 2147483647) \
	_(wmem_default, "net.core.wmem_default", 212992, 256, 2147483647) \
	_(wmem_max, "net.core.wmem_max", 212992, 256, 2147483647) \
	_(ip_forward, "net.ipv4.ip_forward", 0, 0, 1) \
	_(ip_default_ttl, "net.ipv4.ip_default_ttl", 64, 1, 255) \
	_(ipfrag_high_thresh, "net.ipv4.ipfrag_high_thresh", 4194304, 0, 2147483647) \
	_(ipfrag_low_thresh, "net.ipv4.ipfrag_low_thresh", 3145728, 0, 2147483647) \
	_(ipfrag_time, "net.ipv4.ipfrag_time", 30, 0, 2147483) \
	_(ipfrag_max_dist, "net.ipv4.ipfrag_max_dist", 64, 0, 2147483647) \
	_(icmp_echo_ignore_all, "net.ipv4.icmp_echo_ignore_all", 0, 0, 1) \
	_(icmp_echo_ignore_broadcasts, "net.ipv4.icmp_echo_ignore_broadcasts", 1, 0, 1) \
	_(icmp_ratelimit, "net.ipv4.icmp_ratelimit", 1000, 0, 2147483647) \
	_(icmp_ratemask, "net.ipv4.icmp_ratemask", 6168, 0, 2147483647) \
	_(icmp_msgs_per_sec, "net.ipv4.icmp_msgs_per_sec", 1000, 0, 2147483647) \
	_(icmp_msgs_burst, "net.ipv4.icmp_msgs_burst", 50, 0, 2147483647) \
	_(udp_early_demux, "net.ipv4.udp_early_demux", 1, 0, 1) \
	_(tcp_syn_retries, "net.ipv4.tcp_syn_retries", 6, 1, 127) \
	_(tcp_synack_retries, "net.ipv4.tcp_synack_retries", 5, 0, 255) \
	_(tcp_syn_linear_timeouts, "net.ipv4.tcp_syn_linear_timeouts", 4, 0, 127) \
	_(tcp_retries1, "net.ipv4.tcp_retries1", 3, 0, 255) \
	_(tcp_retries2, "net.ipv4.tcp_retries2", 15, 0, 2147483647) \
	_(tcp_orphan_retries, "net.ipv4.tcp_orphan_retries", 0, 0, 2147483647) \
	_(ip_local_port_range_lo, "net.ipv4.ip_local_port_range", 32768, 1, 65535) \
	_(neigh_mcast_solicit, "net.ipv4.neigh.default.mcast_solicit", 3, 0, 1000) \
	_(neigh_ucast_solicit, "net.ipv4.neigh.default.ucast_solicit", 3, 0, 1000) \
	_(neigh_app_solicit, "net.ipv4.neigh.default.app_solicit", 0, 0, 1000) \
	_(neigh_retrans_time_ms, "net.ipv4.neigh.default.retrans_time_ms", 1000, 10, 100000000) \
	_(neigh_base_reachable_time_ms, "net.ipv4.neigh.default.base_reachable_time_ms", 30000, 1, 100000000) \
	_(neigh_unres_qlen_bytes, "net.ipv4.neigh.default.unres_qlen_bytes", 212992, 0, 2147483647) \
	_(nf_conntrack_max, "net.netfilter.nf_conntrack_max", 262144, 0, 2147483647) \
	_(nf_conntrack_checksum, "net.netfilter.nf_conntrack_checksum", 1, 0, 1) \
	_(nf_conntrack_tcp_loose, "net.netfilter.nf_conntrack_tcp_loose", 1, 0, 1) \
	_(nf_conntrack_tcp_be_liberal, "net.netfilter.nf_conntrack_tcp_be_liberal", 0, 0, 1) \
	_(nf_conntrack_tcp_max_retrans, "net.netfilter.nf_conntrack_tcp_max_retrans", 3, 0, 2147483647) \
	_(nf_conntrack_generic_timeout, "net.netfilter.nf_conntrack_generic_timeout", 600, 0, 2147483) \
	_(nf_conntrack_icmp_timeout, "net.netfilter.nf_conntrack_icmp_timeout", 30, 0, 2147483) \
	_(nf_conntrack_udp_timeout, "net.netfilter.nf_conntrack_udp_timeout", 30, 0, 2147483) \
	_(nf_conntrack_udp_timeout_stream, "net.netfilter.nf_conntrack_udp_timeout_stream", 120, 0, 2147483) \
	_(nf_conntrack_tcp_timeout_syn_sent, "net.netfilter.nf_conntrack_tcp_timeout_syn_sent", 120, 0, 2147483) \
	_(nf_conntrack_tcp_timeout_syn_recv, "net.netfilter.nf_conntrack_tcp_timeout_syn_recv", 60, 0, 2147483) \
	_(nf_conntrack_tcp_timeout_established, "net.netfilter.nf_conntrack_tcp_timeout_established", 432000, 0, 2147483) \
	_(nf_conntrack_tcp_timeout_fin_wait, "net.netfilter.nf_conntrack_tcp_timeout_fin_wait", 120, 0, 2147483) \
	_(nf_conntrack_tcp_timeout_close_wait, "net.netfilter.nf_conntrack_tcp_timeout_close_wait", 60, 0, 2147483) \
	_(nf_conntrack_tcp_timeout_last_ack, "net.netfilter.nf_conntrack_tcp_timeout_last_ack", 30, 0, 2147483) \
	_(nf_conntrack_tcp_timeout_time_wait, "net.netfilter.nf_conntrack_tcp_timeout_time_wait", 120, 0, 2147483) \
	_(nf_conntrack_tcp_timeout_close, "net.netfilter.nf_conntrack_tcp_timeout_close", 10, 0, 2147483) \
	_(nf_conntrack_tcp_timeout_max_retrans, "net.netfilter.nf_conntrack_tcp_timeout_max_retrans", 300, 0, 2147483) \
	_(nf_conntrack_tcp_timeout_unacknowledged, "net.netfilter.nf_conntrack_tcp_timeout_unacknowledged", 300, 0, 2147483)

enum sysctl_id {
#define _(id, key, def, lo, hi) SYS_##id,
	SYSCTLS(_)
#undef _
	SYS__COUNT
};

/* How "all" and the device value combine (include/linux/inetdevice.h). */
enum conf_combine { CONF_DEV, CONF_OR, CONF_MAX, CONF_AND };

/* _(id, key, kernel default for all, default for default/devices, combine) */
#define IPV4_CONF(_) \
	_(forwarding, "forwarding", 0, 0, CONF_DEV) \
	_(rp_filter, "rp_filter", 0, 0, CONF_MAX) \
	_(accept_local, "accept_local", 0, 0, CONF_OR) \
	_(route_localnet, "route_localnet", 0, 0, CONF_OR) \
	_(log_martians, "log_martians", 0, 0, CONF_OR) \
	_(promote_secondaries, "promote_secondaries", 0, 0, CONF_OR) \
	_(arp_ignore, "arp_ignore", 0, 0, CONF_MAX) \
	_(arp_announce, "arp_announce", 0, 0, CONF_MAX) \
	_(arp_filter, "arp_filter", 0, 0, CONF_OR) \
	_(arp_accept, "arp_accept", 0, 0, CONF_OR) \
	_(send_redirects, "send_redirects", 1, 1, CONF_OR) \
	_(shared_media, "shared_media", 1, 1, CONF_OR) \
	_(arp_notify, "arp_notify", 0, 0, CONF_OR) \
	_(accept_source_route, "accept_source_route", 0, 1, CONF_AND) \
	_(drop_unicast_in_l2_multicast, "drop_unicast_in_l2_multicast", 0, 0, CONF_OR)

enum ipv4_conf_id {
#define _(id, key, dall, ddef, comb) CONF_##id,
	IPV4_CONF(_)
#undef _
	CONF__COUNT
};

struct sysctl_info {
	const char *key;
	int64_t def, min, max;
};

const struct sysctl_info *sysctl_info(enum sysctl_id id);
int sysctl_by_key(const char *key);        /* -1 when unknown */
const char *ipv4_conf_key(enum ipv4_conf_id id);
int ipv4_conf_by_key(const char *key);     /* -1 when unknown */
int ipv4_conf_default(enum ipv4_conf_id id, int is_all);
enum conf_combine ipv4_conf_combine(enum ipv4_conf_id id);

#endif
