/*
 * pane_pipeline.c: the map of the receive and send paths -- every modelled
 * kernel function in the order a packet meets it, grouped by layer, with
 * how many steps ran in it so far.  The function just run is lit, the ones
 * run before are marked visited, a function that just dropped a packet
 * carries an ✗, and one that dropped packets earlier in the run a ×.  The list scrolls so that the current function stays in
 * view.
 */
#include "pane.h"

#include <stdio.h>
#include <string.h>

#include "../src/stages.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Every stage once, in path order.  stages.h lists them by kernel file,
 * not in the order a packet meets them, hence a table of our own. */
static const unsigned char path_order[] = {
	/* receive */
	ST_nic_rx_frame, ST_nic_dma_rx,
	ST_igb_msix_ring, ST_napi_schedule, ST_do_softirq, ST_run_ksoftirqd,
	ST_net_rx_action,
	ST_napi_poll, ST_igb_poll,
	ST_igb_clean_rx_irq, ST_eth_type_trans, ST_napi_gro_receive,
	ST_napi_complete_done,
	ST_netif_rx, ST_process_backlog, ST_netif_receive_skb_core,
	ST_ip_rcv, ST_ip_rcv_core, ST_nf_hook_pre, ST_ip_rcv_finish,
	ST_ip_route_input, ST_ip_error,
	ST_ip_local_deliver, ST_ip_defrag, ST_ip_frag_queue, ST_ip_frag_reasm,
	ST_ip_expire, ST_inet_frag_destroy,
	ST_nf_hook_in, ST_ip_local_deliver_finish,
	ST_ip_protocol_deliver_rcu,
	ST_udp_rcv, ST_udp_lookup, ST_udp_queue_rcv_skb, ST_udp_enqueue,
	ST_sock_def_readable, ST_ep_poll_callback,
	ST_autoremove_wake_function,
	ST_tcp_v4_rcv, ST_inet_lookup, ST_tcp_v4_do_rcv,
	ST_tcp_rcv_state_process, ST_tcp_conn_request, ST_tcp_v4_send_synack,
	ST_tcp_check_req, ST_tcp_child_process, ST_tcp_rcv_synsent,
	ST_tcp_rcv_established, ST_tcp_ack, ST_tcp_clean_rtx_queue,
	ST_tcp_validate_incoming, ST_tcp_send_dupack, ST_tcp_data_queue,
	ST_tcp_data_queue_ofo, ST_tcp_ofo_queue, ST_tcp_reset, ST_tcp_time_wait,
	ST_tcp_timewait_state_process, ST_tcp_v4_timewait_ack,
	ST_tw_timer_handler, ST_tcp_retransmit_timer, ST_tcp_write_err,
	ST_tcp_retransmit_skb, ST_reqsk_timer_handler, ST_tcp_rtx_synack,
	ST_tcp_v4_send_reset, ST_tcp_delack_timer, ST_tcp_send_ack,
	ST_sys_recvfrom, ST_udp_recvmsg, ST_tcp_recvmsg, ST_inet_csk_accept,
	ST_app_wait,
	ST_icmp_rcv, ST_icmp_echo, ST_icmp_reply, ST_icmp_unreach,
	ST_icmp_send, ST_consume_skb,
	ST_arp_rcv, ST_arp_process, ST_neigh_update, ST_arp_send,
	ST_ip_forward, ST_nf_hook_fwd, ST_ip_forward_finish,
	/* send */
	ST_sys_sendto, ST_inet_sendmsg, ST_udp_sendmsg, ST_tcp_sendmsg,
	ST_tcp_close, ST_inet_csk_listen_stop, ST_tcp_send_fin,
	ST_tcp_send_active_reset, ST_tcp_write_xmit, ST_tcp_transmit_skb,
	ST_ip_route_output,
	ST_ip_make_skb, ST_udp_send_skb, ST_tcp_v4_connect, ST_tcp_connect,
	ST_ip_queue_xmit, ST_ip_send_skb,
	ST_ip_local_out, ST_nf_hook_out, ST_ip_output, ST_nf_hook_post,
	ST_ip_finish_output, ST_ip_fragment, ST_ip_do_fragment,
	ST_ip_finish_output2,
	ST_neigh_resolve_output, ST_neigh_event_send, ST_arp_solicit,
	ST_neigh_timer_handler, ST_neigh_invalidate, ST_inetdev_send_gratuitous_arp,
	ST_nf_hook_slow, ST_ipt_do_table, ST_ipv4_conntrack_defrag,
	ST_nf_conntrack_in,
	ST_nf_conntrack_tcp_packet, ST_nf_conntrack_udp_packet,
	ST_nf_conntrack_icmp_packet, ST_nf_conntrack_generic_packet,
	ST_nf_nat_ipv4_fn, ST_nf_nat_packet, ST_nf_nat_icmp_reply_translation,
	ST_ip_route_me_harder, ST_nf_confirm,
	ST_dev_queue_xmit, ST_qdisc_enqueue, ST_net_tx_action, ST_qdisc_run,
	ST_dev_hard_start_xmit, ST_igb_xmit_frame, ST_loopback_xmit,
	ST_nic_tx_done, ST_igb_clean_tx_irq,
};

/* A stage added to stages.h must find its place above, or it would never
 * be drawn. */
_Static_assert(ARRAY_LEN(path_order) == STAGE__COUNT - 1,
	       "path_order must list every stage of stages.h once");
_Static_assert(STAGE__COUNT <= 256, "stages are kept in unsigned chars");

/* The headings, each before the first stage of its layer.  Keyed by that
 * stage rather than by a count, so adding a stage to a layer cannot shift
 * the headings. */
static const struct group {
	const char *en, *zh;
	unsigned char first;         /* the layer's first stage in path_order */
} groups[] = {
	{ "NIC", "网卡", ST_nic_rx_frame },
	{ "IRQ, softirq, NAPI", "中断、软中断、NAPI", ST_igb_msix_ring },
	{ "driver RX", "驱动接收", ST_igb_clean_rx_irq },
	{ "core dev", "核心设备层", ST_netif_rx },
	{ "IPv4 input", "IPv4 接收", ST_ip_rcv },
	{ "routing", "路由", ST_ip_route_input },
	{ "local delivery", "本地交付", ST_ip_local_deliver },
	{ "UDP", "UDP", ST_udp_rcv },
	{ "TCP", "TCP", ST_tcp_v4_rcv },
	{ "recvfrom()", "recvfrom()", ST_sys_recvfrom },
	{ "ICMP", "ICMP", ST_icmp_rcv },
	{ "ARP", "ARP", ST_arp_rcv },
	{ "forwarding", "转发", ST_ip_forward },
	{ "sendto()", "sendto()", ST_sys_sendto },
	{ "IPv4 output", "IPv4 发送", ST_ip_local_out },
	{ "neighbour", "邻居", ST_neigh_resolve_output },
	{ "qdisc", "排队规则", ST_dev_queue_xmit },
	{ "driver TX", "驱动发送", ST_dev_hard_start_xmit },
};

#define NLINES (ARRAY_LEN(groups) + ARRAY_LEN(path_order))

/* One line of the map: a group's heading (stage == STAGE_NONE) or a
 * function. */
struct line {
	unsigned char group;
	unsigned char stage;
};

static int build_lines(struct line *out)
{
	int n = 0;
	unsigned g = 0;

	for (unsigned k = 0; k < ARRAY_LEN(path_order); k++) {
		if (g < ARRAY_LEN(groups) && path_order[k] == groups[g].first)
			out[n++] = (struct line){ (unsigned char)g++,
						  STAGE_NONE };
		out[n++] = (struct line){ (unsigned char)(g ? g - 1 : 0),
					  path_order[k] };
	}
	return n;
}

/* The four nf_hook stages share the kernel's function name; the hook tells
 * them apart. */
static const char *hook_tag(enum stage st)
{
	switch (st) {
	case ST_nf_hook_pre: return "PREROUTING";
	case ST_nf_hook_in: return "INPUT";
	case ST_nf_hook_fwd: return "FORWARD";
	case ST_nf_hook_out: return "OUTPUT";
	case ST_nf_hook_post: return "POSTROUTING";
	default: return NULL;
	}
}

/* Where the last step dropped a packet, or STAGE_NONE.  The fate records
 * its stage; a step can also drop an skb whose fate was already recorded
 * (an older packet pushed out of a full queue), which only its reason
 * shows. */
static enum stage drop_stage(const struct dbg *d)
{
	const struct step *s = &d->last;

	if (!d->has_last)
		return STAGE_NONE;
	if (s->has_fate && s->fate.fate == FATE_DROPPED)
		return (enum stage)s->fate.stage;
	return s->reason ? (enum stage)s->stage : STAGE_NONE;
}

/* Columns the widest hit count needs, so the counts line up. */
static int count_width(const struct world *w)
{
	uint32_t max = 0;
	char buf[16];

	for (int i = 1; i < STAGE__COUNT; i++)
		if (w->stage_hits[i] > max)
			max = w->stage_hits[i];
	return snprintf(buf, sizeof(buf), "%u", max);
}

/* The first visible line: the current function a third of the way down,
 * so a few of the functions that follow it show too; then the user's
 * scroll; never past either end. */
static int first_line(const struct view *v, const struct line *lines,
		      int n, int h)
{
	int top = 0;

	if (v->d->has_last)
		for (int i = 0; i < n; i++)
			if (lines[i].stage == v->d->last.stage)
				top = i - h / 3;
	top += v->scroll[PANE_PIPELINE];
	if (top > n - h)
		top = n - h;
	return top < 0 ? 0 : top;
}

static void draw_heading(const struct view *v, struct canvas *c, int y,
			 struct rect in, int group)
{
	const struct group *g = &groups[group];
	int used = canvas_printf(c, y, in.x, in.w, ROLE_DIM, "── %s ",
				 v->lang == LANG_ZH_CN ? g->zh : g->en);

	for (int x = in.x + used; x < in.x + in.w; x++)
		canvas_put(c, y, x, 1, ROLE_DIM, "─");
}

static void draw_stage(const struct view *v, struct canvas *c, int y,
		       struct rect in, enum stage st, int cw, enum stage drop)
{
	bool current = v->d->has_last && v->d->last.stage == st;
	uint32_t hits = v->w->stage_hits[st];
	int role = current ? ROLE_CURRENT : hits ? ROLE_VISITED : ROLE_NORMAL;
	int nw = in.w - 2 - 1 - cw;   /* mark, space before the count */
	const char *tag = hook_tag(st);
	char name[64];

	if (current)
		canvas_fill(c, (struct rect){ y, in.x, 1, in.w }, ROLE_CURRENT);
	if (st == drop)
		canvas_put(c, y, in.x, in.w, ROLE_DROP, "✗");
	else if (v->w->stage_drops[st] && !current)
		canvas_put(c, y, in.x, in.w, ROLE_DROP, "×");
	else if (current)
		canvas_put(c, y, in.x, in.w, ROLE_CURRENT, "▸");
	if (st == drop && !current)
		role = ROLE_DROP;
	if (tag)
		snprintf(name, sizeof(name), "%s %s", stage_info(st)->func, tag);
	else
		snprintf(name, sizeof(name), "%s", stage_info(st)->func);
	if (nw < 1)
		return;
	if ((int)strlen(name) > nw) {
		canvas_put(c, y, in.x + 2, nw - 1, role, name);
		canvas_put(c, y, in.x + 1 + nw, 1, role, "…");
	} else {
		canvas_put(c, y, in.x + 2, nw, role, name);
	}
	canvas_printf(c, y, in.x + in.w - cw, cw,
		      current ? ROLE_CURRENT : hits ? ROLE_COUNT : ROLE_DIM,
		      "%*u", cw, hits);
}

/* Arrows on the frame's right edge say there is more above or below. */
static void draw_scroll_marks(struct canvas *c, struct rect r,
			      struct rect in, bool above, bool below)
{
	if (above)
		canvas_put(c, in.y, r.x + r.w - 1, 1, ROLE_FRAME, "↑");
	if (below)
		canvas_put(c, in.y + in.h - 1, r.x + r.w - 1, 1, ROLE_FRAME,
			   "↓");
}

static void pipeline_draw(const struct view *v, struct canvas *c,
			  struct rect r)
{
	struct rect in = pane_frame(v, c, r, PANE_PIPELINE);
	struct line lines[NLINES];
	int n, top, cw;
	enum stage drop;

	if (in.h <= 0 || in.w <= 0)
		return;
	n = build_lines(lines);
	top = first_line(v, lines, n, in.h);
	cw = count_width(v->w);
	drop = drop_stage(v->d);
	for (int row = 0; row < in.h && top + row < n; row++) {
		const struct line *l = &lines[top + row];

		/* scrolled into a group: its heading stays on the first row,
		 * so every function shown has its layer named */
		if (row == 0 && top > 0 && l->stage != STAGE_NONE)
			draw_heading(v, c, in.y, in, l->group);
		else if (l->stage == STAGE_NONE)
			draw_heading(v, c, in.y + row, in, l->group);
		else
			draw_stage(v, c, in.y + row, in, (enum stage)l->stage,
				   cw, drop);
	}
	draw_scroll_marks(c, r, in, top > 0, top + in.h < n);
}

const struct pane_ops pane_pipeline = {
	.name = "pipeline",
	.title_en = "Pipeline",
	.title_zh = "数据包路径",
	.draw = pipeline_draw,
};
