/* report.c: the end-of-replay report; see report.h. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#define TOP_DROPS 5

struct report {
	uint64_t n[FATE_QUEUED + 1][STAGE__COUNT][DROP__COUNT];
	uint64_t total;
};

/* What to change so that a drop reason happens less (or more), named as
 * the real tools name it.  Reasons that only malformed packets cause say
 * so: no setting of the host changes them. */
static const struct { enum drop_reason r; const char *setting; } settings[] = {
	{ DROP_NIC_RX_RING_FULL, "ethtool -G DEV rx N (ring size); "
	  "net.core.netdev_budget and netdev_budget_usecs (how much one "
	  "softirq drains)" },
	{ DROP_CPU_BACKLOG, "net.core.netdev_max_backlog" },
	{ DROP_SOCKET_RCVBUFF, "SO_RCVBUF (socket NAME udp rcvbuf BYTES), "
	  "capped by net.core.rmem_max; net.core.rmem_default for sockets "
	  "that set none" },
	{ DROP_PROTO_MEM, "net.ipv4.udp_mem" },
	{ DROP_IP_RPFILTER, "net.ipv4.conf.all.rp_filter and "
	  "net.ipv4.conf.DEV.rp_filter (the larger counts)" },
	{ DROP_IP_LOCAL_SOURCE, "net.ipv4.conf.DEV.accept_local" },
	{ DROP_IP_LOCALNET, "net.ipv4.conf.DEV.route_localnet" },
	{ DROP_NO_SOCKET, "a socket bound to the port (socket NAME udp bind "
	  "ADDR:PORT)" },
	{ DROP_OTHERHOST, "ip link set DEV promisc off (frames for other "
	  "MACs reach the stack only when promiscuous)" },
	{ DROP_NIC_MAC_FILTER, "the NIC's MAC (nic add DEV mac MAC), or ip link "
	  "set DEV promisc on" },
	{ DROP_NIC_OVERSIZE, "ip link set DEV mtu N" },
	{ DROP_NIC_FCS, "no setting: the cable, connector or peer's "
	  "transmitter damages frames (ethtool -S DEV: rx_crc_errors)" },
	{ DROP_NIC_LINK_DOWN, "ip link set DEV up" },
	{ DROP_DEV_READY, "ip link set DEV up" },
	{ DROP_IP_INADDRERRORS, "net.ipv4.ip_forward (or conf.DEV.forwarding)" },
	{ DROP_IP_INNOROUTES, "a route to the destination (ip route add)" },
	{ DROP_IP_OUTNOROUTES, "a route to the destination (ip route add)" },
	{ DROP_NETFILTER_DROP, "the iptables rules (iptables -L -v -n shows "
	  "which one)" },
	{ DROP_QDISC_DROP, "ip link set DEV txqueuelen N" },
	{ DROP_NEIGH_QUEUEFULL, "net.ipv4.neigh.default.unres_qlen_bytes" },
	{ DROP_NEIGH_FAILED, "a static neighbour (ip neigh add ... nud "
	  "permanent), net.ipv4.neigh.default.mcast_solicit" },
	{ DROP_INVALID_PROTO, "net.ipv4.icmp_echo_ignore_broadcasts" },
	{ DROP_FRAG_REASM_TIMEOUT, "net.ipv4.ipfrag_time, "
	  "net.ipv4.ipfrag_high_thresh" },
	{ DROP_PKT_TOO_BIG, "ip link set DEV mtu N on the way out" },
};

const char *report_setting(enum drop_reason r)
{
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		if (settings[i].r == r)
			return settings[i].setting;
	return NULL;
}

struct report *report_new(void)
{
	return calloc(1, sizeof(struct report));
}

void report_free(struct report *r)
{
	free(r);
}

static void tally(struct report *r, const struct fate_rec *f)
{
	unsigned reason = f->fate == FATE_DROPPED && !f->reason ?
		DROP_NOT_SPECIFIED : f->reason;

	if (f->fate > FATE_QUEUED || f->stage >= STAGE__COUNT ||
	    reason >= DROP__COUNT)
		return;
	r->n[f->fate][f->stage][reason]++;
	r->total++;
}

void report_note(struct report *r, const struct step *s)
{
	if (s->has_fate)
		tally(r, &s->fate);
}

void report_pending(struct report *r, const struct world *w)
{
	for (uint32_t h = 1; h <= w->skb_pool.hwm; h++) {
		const struct sk_buff *skb = &w->skb[h - 1];
		struct fate_rec f = { .fate = FATE_QUEUED };

		if (!pool_is_used(&w->skb_pool, w->skb_next, h) || skb->fated)
			continue;
		f.stage = skb->wait_stage;
		tally(r, &f);
	}
}

/* The drop reasons by count, most first (ties by reason id). */
static int top_drops(const struct report *r, enum drop_reason *out,
		     uint64_t *cnt, int max)
{
	uint64_t by[DROP__COUNT] = { 0 };
	int n = 0;

	for (int st = 0; st < STAGE__COUNT; st++)
		for (int d = 1; d < DROP__COUNT; d++)
			by[d] += r->n[FATE_DROPPED][st][d];
	while (n < max) {
		int best = 0;

		for (int d = 1; d < DROP__COUNT; d++)
			if (by[d] > by[best])
				best = d;
		if (!best)
			break;
		out[n] = (enum drop_reason)best;
		cnt[n++] = by[best];
		by[best] = 0;
	}
	return n;
}

/* Where a reason struck most: the function that dropped most for it. */
static enum stage drop_site(const struct report *r, enum drop_reason d)
{
	int best = 0;

	for (int st = 1; st < STAGE__COUNT; st++)
		if (r->n[FATE_DROPPED][st][d] > r->n[FATE_DROPPED][best][d])
			best = st;
	return (enum stage)best;
}

static double pct(uint64_t a, uint64_t b)
{
	return b ? 100.0 * (double)a / (double)b : 0;
}

static void text_sources(const struct report *r, const struct replay_set *rs,
			 const struct world *w, FILE *f)
{
	for (int id = 1; id <= replay_count(rs); id++)
		fprintf(f, "capture %s: %llu frames read\n",
			replay_path(rs, id),
			(unsigned long long)replay_frames_read(rs, id));
	fprintf(f, "packets: %llu fates (frames replayed and packets the "
		"kernel made), %.6f s simulated\n",
		(unsigned long long)r->total, (double)w->now / 1e9);
}

static void text_fates(const struct report *r, FILE *f)
{
	fprintf(f, "fates by function and drop reason:\n");
	for (int fa = FATE_DELIVERED; fa <= FATE_QUEUED; fa++)
		for (int st = 0; st < STAGE__COUNT; st++)
			for (int d = 0; d < DROP__COUNT; d++) {
				uint64_t n = r->n[fa][st][d];

				if (!n)
					continue;
				fprintf(f, "  %10llu %5.1f%%  %-11s %-28s %s\n",
					(unsigned long long)n, pct(n, r->total),
					fate_name((enum fate)fa),
					st ? stage_info((enum stage)st)->func : "-",
					d ? drop_reason_name((enum drop_reason)d) : "");
			}
}

void report_text(const struct report *r, const struct replay_set *rs,
		 const struct world *w, enum explain_lang lang, FILE *f)
{
	enum drop_reason top[TOP_DROPS];
	uint64_t cnt[TOP_DROPS];
	int n = top_drops(r, top, cnt, TOP_DROPS);

	fprintf(f, "-- replay report --\n");
	text_sources(r, rs, w, f);
	text_fates(r, f);
	if (n)
		fprintf(f, "top drop reasons:\n");
	for (int i = 0; i < n; i++) {
		const char *set = report_setting(top[i]);

		fprintf(f, "%d. %s: %llu packets (%.1f%%), mostly in %s\n", i + 1,
			drop_reason_name(top[i]), (unsigned long long)cnt[i],
			pct(cnt[i], r->total),
			stage_info(drop_site(r, top[i]))->func);
		fprintf(f, "   why: %s\n", explain_drop(top[i], lang));
		fprintf(f, "   setting: %s\n", set ? set : "none: the packets "
			"themselves are at fault (malformed, or not for this "
			"host)");
	}
}

static void json_fates(const struct report *r, struct json *j)
{
	json_arr_open(j, "fates");
	for (int fa = FATE_DELIVERED; fa <= FATE_QUEUED; fa++)
		for (int st = 0; st < STAGE__COUNT; st++)
			for (int d = 0; d < DROP__COUNT; d++) {
				if (!r->n[fa][st][d])
					continue;
				json_obj_open(j);
				json_str(j, "fate", fate_name((enum fate)fa));
				if (st)
					json_str(j, "func",
						 stage_info((enum stage)st)->func);
				else
					json_null(j, "func");
				if (d)
					json_str(j, "reason", drop_reason_name(
							 (enum drop_reason)d));
				else
					json_null(j, "reason");
				json_u64(j, "count", r->n[fa][st][d]);
				json_obj_close(j);
			}
	json_arr_close(j);
}

static void json_drops(const struct report *r, enum explain_lang lang,
		       struct json *j)
{
	enum drop_reason top[TOP_DROPS];
	uint64_t cnt[TOP_DROPS];
	int n = top_drops(r, top, cnt, TOP_DROPS);

	json_arr_open(j, "top_drops");
	for (int i = 0; i < n; i++) {
		const char *set = report_setting(top[i]);

		json_obj_open(j);
		json_str(j, "reason", drop_reason_name(top[i]));
		json_u64(j, "count", cnt[i]);
		json_str(j, "func", stage_info(drop_site(r, top[i]))->func);
		json_str(j, "explanation", explain_drop(top[i], lang));
		if (set)
			json_str(j, "setting", set);
		else
			json_null(j, "setting");
		json_obj_close(j);
	}
	json_arr_close(j);
}

void report_json(const struct report *r, const struct replay_set *rs,
		 enum explain_lang lang, struct json *j, FILE *f)
{
	json_obj_open(j);
	json_str(j, "type", "report");
	json_arr_open(j, "captures");
	for (int id = 1; id <= replay_count(rs); id++) {
		json_obj_open(j);
		json_str(j, "file", replay_path(rs, id));
		json_u64(j, "frames", replay_frames_read(rs, id));
		json_obj_close(j);
	}
	json_arr_close(j);
	json_u64(j, "packets", r->total);
	json_fates(r, j);
	json_drops(r, lang, j);
	json_obj_close(j);
	json_flush_line(j, f);
}
