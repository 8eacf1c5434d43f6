/*
 * stages.h: every kernel function the model steps through, listed once.
 *
 * A stage is one step: one function of Linux 6.x (named as in the kernel, so
 * a student can open the real source beside it) or one act of the simulated
 * NIC hardware (named nic_*, with no kernel twin).  Flags:
 *   SF_LOOP  the function loops over a ring or queue: when a callee chain
 *            ends, control comes back here and it runs again (one more step).
 *   SF_HW    done by the NIC, not the CPU: costs no CPU time.
 */
#ifndef NETSTEP_SRC_STAGES_H
#define NETSTEP_SRC_STAGES_H

#define SF_LOOP 1u
#define SF_HW 2u

#define IGB "drivers/net/ethernet/intel/igb/igb_main.c"

/* _(id, "function", "kernel file", flags, cost_ns) */
#define STAGES(_) \
	_(nic_rx_frame, "nic_rx_frame", "(NIC hardware: MAC filter, FCS)", SF_HW, 0) \
	_(nic_dma_rx, "nic_dma_rx", "(NIC hardware: DMA into the RX ring)", SF_HW, 0) \
	_(nic_tx_done, "nic_tx_done", "(NIC hardware: frame sent on the wire)", SF_HW, 0) \
	_(igb_msix_ring, "igb_msix_ring", IGB, 0, 300) \
	_(napi_schedule, "napi_schedule", "net/core/dev.c", 0, 50) \
	_(do_softirq, "__do_softirq", "kernel/softirq.c", 0, 100) \
	_(run_ksoftirqd, "run_ksoftirqd", "kernel/softirq.c", 0, 200) \
	_(net_rx_action, "net_rx_action", "net/core/dev.c", SF_LOOP, 100) \
	_(napi_poll, "__napi_poll", "net/core/dev.c", 0, 50) \
	_(igb_poll, "igb_poll", IGB, 0, 50) \
	_(igb_clean_tx_irq, "igb_clean_tx_irq", IGB, SF_LOOP, 80) \
	_(igb_clean_rx_irq, "igb_clean_rx_irq", IGB, SF_LOOP, 150) \
	_(eth_type_trans, "eth_type_trans", "net/ethernet/eth.c", 0, 30) \
	_(napi_gro_receive, "napi_gro_receive", "net/core/gro.c", 0, 100) \
	_(napi_complete_done, "napi_complete_done", "net/core/dev.c", 0, 80) \
	_(netif_receive_skb_core, "__netif_receive_skb_core", "net/core/dev.c", 0, 120) \
	_(netif_rx, "netif_rx", "net/core/dev.c", 0, 80) \
	_(process_backlog, "process_backlog", "net/core/dev.c", SF_LOOP, 80) \
	_(arp_rcv, "arp_rcv", "net/ipv4/arp.c", 0, 60) \
	_(arp_process, "arp_process", "net/ipv4/arp.c", 0, 200) \
	_(neigh_update, "neigh_update", "net/core/neighbour.c", SF_LOOP, 100) \
	_(arp_send, "arp_send", "net/ipv4/arp.c", 0, 150) \
	_(ip_rcv, "ip_rcv", "net/ipv4/ip_input.c", 0, 40) \
	_(ip_rcv_core, "ip_rcv_core", "net/ipv4/ip_input.c", 0, 120) \
	_(nf_hook_pre, "nf_hook", "include/linux/netfilter.h", 0, 20) \
	_(ip_rcv_finish, "ip_rcv_finish", "net/ipv4/ip_input.c", 0, 60) \
	_(ip_route_input, "ip_route_input_noref", "net/ipv4/route.c", 0, 250) \
	_(ip_local_deliver, "ip_local_deliver", "net/ipv4/ip_input.c", 0, 40) \
	_(ip_defrag, "ip_defrag", "net/ipv4/ip_fragment.c", 0, 100) \
	_(ip_frag_queue, "ip_frag_queue", "net/ipv4/ip_fragment.c", 0, 150) \
	_(ip_frag_reasm, "ip_frag_reasm", "net/ipv4/ip_fragment.c", SF_LOOP, 150) \
	_(ip_expire, "ip_expire", "net/ipv4/ip_fragment.c", 0, 200) \
	_(inet_frag_destroy, "inet_frag_destroy", "net/ipv4/inet_fragment.c", SF_LOOP, 60) \
	_(nf_hook_in, "nf_hook", "include/linux/netfilter.h", 0, 20) \
	_(ip_local_deliver_finish, "ip_local_deliver_finish", "net/ipv4/ip_input.c", 0, 40) \
	_(ip_protocol_deliver_rcu, "ip_protocol_deliver_rcu", "net/ipv4/ip_input.c", 0, 60) \
	_(ip_error, "ip_error", "net/ipv4/route.c", 0, 100) \
	_(ip_forward, "ip_forward", "net/ipv4/ip_forward.c", 0, 150) \
	_(nf_hook_fwd, "nf_hook", "include/linux/netfilter.h", 0, 20) \
	_(ip_forward_finish, "ip_forward_finish", "net/ipv4/ip_forward.c", 0, 60) \
	_(udp_rcv, "__udp4_lib_rcv", "net/ipv4/udp.c", 0, 150) \
	_(udp_lookup, "__udp4_lib_lookup_skb", "net/ipv4/udp.c", 0, 100) \
	_(udp_queue_rcv_skb, "udp_queue_rcv_skb", "net/ipv4/udp.c", 0, 60) \
	_(udp_enqueue, "__udp_enqueue_schedule_skb", "net/ipv4/udp.c", 0, 150) \
	_(sock_def_readable, "sock_def_readable", "net/core/sock.c", 0, 100) \
	_(ep_poll_callback, "ep_poll_callback", "fs/eventpoll.c", 0, 150) \
	_(autoremove_wake_function, "autoremove_wake_function", "kernel/sched/wait.c", 0, 200) \
	_(icmp_rcv, "icmp_rcv", "net/ipv4/icmp.c", 0, 120) \
	_(icmp_echo, "icmp_echo", "net/ipv4/icmp.c", 0, 60) \
	_(icmp_reply, "icmp_reply", "net/ipv4/icmp.c", 0, 400) \
	_(icmp_unreach, "icmp_unreach", "net/ipv4/icmp.c", 0, 150) \
	_(icmp_send, "__icmp_send", "net/ipv4/icmp.c", 0, 500) \
	_(consume_skb, "consume_skb", "net/core/skbuff.c", 0, 40) \
	_(sys_sendto, "__sys_sendto", "net/socket.c", 0, 300) \
	_(inet_sendmsg, "inet_sendmsg", "net/ipv4/af_inet.c", 0, 60) \
	_(udp_sendmsg, "udp_sendmsg", "net/ipv4/udp.c", 0, 200) \
	_(ip_route_output, "ip_route_output_flow", "net/ipv4/route.c", 0, 250) \
	_(ip_make_skb, "ip_make_skb", "net/ipv4/ip_output.c", 0, 300) \
	_(udp_send_skb, "udp_send_skb", "net/ipv4/udp.c", 0, 150) \
	_(ip_send_skb, "ip_send_skb", "net/ipv4/ip_output.c", 0, 30) \
	_(ip_local_out, "__ip_local_out", "net/ipv4/ip_output.c", 0, 60) \
	_(nf_hook_out, "nf_hook", "include/linux/netfilter.h", 0, 20) \
	_(ip_output, "ip_output", "net/ipv4/ip_output.c", 0, 40) \
	_(nf_hook_post, "nf_hook", "include/linux/netfilter.h", 0, 20) \
	_(nf_hook_slow, "nf_hook_slow", "net/netfilter/core.c", SF_LOOP, 30) \
	_(ipt_do_table, "ipt_do_table", "net/ipv4/netfilter/ip_tables.c", SF_LOOP, 40) \
	_(ipv4_conntrack_defrag, "ipv4_conntrack_defrag", "net/ipv4/netfilter/nf_defrag_ipv4.c", 0, 30) \
	_(nf_conntrack_in, "nf_conntrack_in", "net/netfilter/nf_conntrack_core.c", SF_LOOP, 250) \
	_(nf_conntrack_tcp_packet, "nf_conntrack_tcp_packet", "net/netfilter/nf_conntrack_proto_tcp.c", 0, 150) \
	_(nf_conntrack_udp_packet, "nf_conntrack_udp_packet", "net/netfilter/nf_conntrack_proto_udp.c", 0, 80) \
	_(nf_conntrack_icmp_packet, "nf_conntrack_icmp_packet", "net/netfilter/nf_conntrack_proto_icmp.c", 0, 80) \
	_(nf_conntrack_generic_packet, "generic_packet", "net/netfilter/nf_conntrack_core.c", 0, 60) \
	_(nf_confirm, "nf_confirm", "net/netfilter/nf_conntrack_proto.c", 0, 200) \
	_(nf_nat_ipv4_fn, "nf_nat_ipv4_fn", "net/netfilter/nf_nat_proto.c", SF_LOOP, 60) \
	_(nf_nat_packet, "nf_nat_packet", "net/netfilter/nf_nat_core.c", 0, 100) \
	_(nf_nat_icmp_reply_translation, "nf_nat_icmp_reply_translation", "net/netfilter/nf_nat_proto.c", 0, 150) \
	_(ip_route_me_harder, "ip_route_me_harder", "net/ipv4/netfilter.c", 0, 250) \
	_(ip_finish_output, "ip_finish_output", "net/ipv4/ip_output.c", 0, 40) \
	_(ip_fragment, "ip_fragment", "net/ipv4/ip_output.c", 0, 40) \
	_(ip_do_fragment, "ip_do_fragment", "net/ipv4/ip_output.c", SF_LOOP, 300) \
	_(ip_finish_output2, "ip_finish_output2", "net/ipv4/ip_output.c", 0, 80) \
	_(neigh_resolve_output, "neigh_resolve_output", "net/core/neighbour.c", 0, 100) \
	_(neigh_event_send, "__neigh_event_send", "net/core/neighbour.c", 0, 100) \
	_(arp_solicit, "arp_solicit", "net/ipv4/arp.c", 0, 150) \
	_(neigh_timer_handler, "neigh_timer_handler", "net/core/neighbour.c", 0, 150) \
	_(neigh_invalidate, "neigh_invalidate", "net/core/neighbour.c", SF_LOOP, 100) \
	_(inetdev_send_gratuitous_arp, "inetdev_send_gratuitous_arp", "net/ipv4/devinet.c", SF_LOOP, 150) \
	_(dev_queue_xmit, "__dev_queue_xmit", "net/core/dev.c", 0, 150) \
	_(qdisc_enqueue, "__dev_xmit_skb", "net/core/dev.c", 0, 100) \
	_(net_tx_action, "net_tx_action", "net/core/dev.c", SF_LOOP, 100) \
	_(qdisc_run, "__qdisc_run", "net/sched/sch_generic.c", SF_LOOP, 80) \
	_(dev_hard_start_xmit, "dev_hard_start_xmit", "net/core/dev.c", 0, 60) \
	_(igb_xmit_frame, "igb_xmit_frame_ring", IGB, 0, 250) \
	_(loopback_xmit, "loopback_xmit", "drivers/net/loopback.c", 0, 100) \
	_(sys_recvfrom, "__sys_recvfrom", "net/socket.c", 0, 300) \
	_(udp_recvmsg, "udp_recvmsg", "net/ipv4/udp.c", 0, 250) \
	_(app_wait, "schedule", "kernel/sched/core.c", 0, 100) \
	_(tcp_v4_rcv, "tcp_v4_rcv", "net/ipv4/tcp_ipv4.c", 0, 200) \
	_(inet_lookup, "__inet_lookup_skb", "include/net/inet_hashtables.h", 0, 100) \
	_(tcp_v4_send_reset, "tcp_v4_send_reset", "net/ipv4/tcp_ipv4.c", 0, 400) \
	_(tcp_v4_do_rcv, "tcp_v4_do_rcv", "net/ipv4/tcp_ipv4.c", 0, 60) \
	_(tcp_rcv_state_process, "tcp_rcv_state_process", "net/ipv4/tcp_input.c", 0, 150) \
	_(tcp_conn_request, "tcp_conn_request", "net/ipv4/tcp_input.c", 0, 400) \
	_(tcp_v4_send_synack, "tcp_v4_send_synack", "net/ipv4/tcp_ipv4.c", 0, 400) \
	_(tcp_check_req, "tcp_check_req", "net/ipv4/tcp_minisocks.c", 0, 300) \
	_(tcp_child_process, "tcp_child_process", "net/ipv4/tcp_minisocks.c", 0, 150) \
	_(tcp_rcv_established, "tcp_rcv_established", "net/ipv4/tcp_input.c", 0, 200) \
	_(tcp_data_queue, "tcp_data_queue", "net/ipv4/tcp_input.c", 0, 150) \
	_(tcp_validate_incoming, "tcp_validate_incoming", "net/ipv4/tcp_input.c", 0, 150) \
	_(tcp_send_dupack, "tcp_send_dupack", "net/ipv4/tcp_input.c", 0, 100) \
	_(tcp_data_queue_ofo, "tcp_data_queue_ofo", "net/ipv4/tcp_input.c", 0, 200) \
	_(tcp_ofo_queue, "tcp_ofo_queue", "net/ipv4/tcp_input.c", 0, 150) \
	_(tcp_reset, "tcp_reset", "net/ipv4/tcp_input.c", 0, 100) \
	_(tcp_send_ack, "__tcp_send_ack", "net/ipv4/tcp_output.c", 0, 300) \
	_(ip_queue_xmit, "__ip_queue_xmit", "net/ipv4/ip_output.c", 0, 100) \
	_(inet_csk_accept, "inet_csk_accept", "net/ipv4/inet_connection_sock.c", 0, 200) \
	_(tcp_recvmsg, "tcp_recvmsg", "net/ipv4/tcp.c", 0, 250) \
	_(tcp_v4_connect, "tcp_v4_connect", "net/ipv4/tcp_ipv4.c", 0, 400) \
	_(tcp_connect, "tcp_connect", "net/ipv4/tcp_output.c", 0, 300) \
	_(tcp_rcv_synsent, "tcp_rcv_synsent_state_process", "net/ipv4/tcp_input.c", 0, 200) \
	_(tcp_delack_timer, "tcp_delack_timer_handler", "net/ipv4/tcp_timer.c", 0, 200) \
	_(tcp_sendmsg, "tcp_sendmsg_locked", "net/ipv4/tcp.c", 0, 400) \
	_(tcp_write_xmit, "tcp_write_xmit", "net/ipv4/tcp_output.c", SF_LOOP, 150) \
	_(tcp_transmit_skb, "__tcp_transmit_skb", "net/ipv4/tcp_output.c", 0, 300) \
	_(tcp_ack, "tcp_ack", "net/ipv4/tcp_input.c", 0, 200) \
	_(tcp_clean_rtx_queue, "tcp_clean_rtx_queue", "net/ipv4/tcp_input.c", 0, 150) \
	_(tcp_close, "__tcp_close", "net/ipv4/tcp.c", 0, 300) \
	_(tcp_send_fin, "tcp_send_fin", "net/ipv4/tcp_output.c", 0, 150) \
	_(tcp_send_active_reset, "tcp_send_active_reset", "net/ipv4/tcp_output.c", 0, 300) \
	_(inet_csk_listen_stop, "inet_csk_listen_stop", "net/ipv4/inet_connection_sock.c", SF_LOOP, 200) \
	_(tcp_time_wait, "tcp_time_wait", "net/ipv4/tcp_minisocks.c", 0, 200) \
	_(tcp_timewait_state_process, "tcp_timewait_state_process", "net/ipv4/tcp_minisocks.c", 0, 150) \
	_(tcp_v4_timewait_ack, "tcp_v4_timewait_ack", "net/ipv4/tcp_ipv4.c", 0, 300) \
	_(tw_timer_handler, "tw_timer_handler", "net/ipv4/inet_timewait_sock.c", 0, 100) \
	_(tcp_retransmit_timer, "tcp_retransmit_timer", "net/ipv4/tcp_timer.c", 0, 300) \
	_(tcp_write_err, "tcp_write_err", "net/ipv4/tcp_timer.c", 0, 200) \
	_(tcp_retransmit_skb, "tcp_retransmit_skb", "net/ipv4/tcp_output.c", 0, 300) \
	_(reqsk_timer_handler, "reqsk_timer_handler", "net/ipv4/inet_connection_sock.c", 0, 200) \
	_(tcp_rtx_synack, "tcp_rtx_synack", "net/ipv4/tcp_output.c", 0, 400)

enum stage {
	STAGE_NONE = 0,
#define _(id, fn, file, fl, cost) ST_##id,
	STAGES(_)
#undef _
	STAGE__COUNT
};

struct stage_info {
	const char *func;   /* the kernel function, e.g. "ip_rcv_core" */
	const char *file;   /* its source file in Linux 6.x */
	const char *key;    /* a unique name for this stage (its id) */
	unsigned flags;     /* SF_* */
	unsigned cost_ns;   /* default simulated CPU cost */
};

const struct stage_info *stage_info(enum stage s);
/* Stages by function name; several stages may share one (nf_hook). */
enum stage stage_by_func(const char *func);
enum stage stage_by_key(const char *key);

#endif
