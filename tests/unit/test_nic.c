/*
 * test_nic.c: the simulated NIC and its driver (nic.c): what the hardware
 * accepts, filters and drops before an skb reaches the stack.
 *
 * Device counters for the filter cases are Linux 6.18's for the same frames
 * (tests/kernel/eth-*.kernel.json).
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

#define NEIGH "ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev eth0 " \
	"nud permanent\n"

static uint64_t devc(const struct world *w, const char *dev,
		     enum dev_counter c)
{
	int d = dev_by_name(w, dev);

	assert_int_not_equal(d, 0);
	return w->dev[d].stats[c];
}

static void test_accepts_own_mac_and_counts_bytes(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST NEIGH
	      "inject eth0 arp request 10.0.0.1 > 10.0.0.9 dst-mac broadcast\n"
	      "expect fate 1 consumed\n");
	/* no padding: a 42-byte ARP request counts 42 bytes */
	assert_int_equal(devc(w, "eth0", DEVC_rx_packets), 1);
	assert_int_equal(devc(w, "eth0", DEVC_rx_bytes), 42);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_mac_filter(void **state)
{
	struct world *w = tw_new();
	uint64_t before;

	(void)state;
	tw_ok(w, TW_HOST NEIGH
	      "inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 payload \"hello\" "
	      "dst-mac 02:00:00:00:00:99\n"
	      "expect fate 1 dropped reason NIC_MAC_FILTER\n");
	/* filtered by the hardware: the host never counts it */
	for (int c = 0; c < DEVC__COUNT; c++)
		assert_int_equal(w->dev[2].stats[c], 0);
	assert_int_equal(w->snmp[CTR_IpInReceives], 0);
	/* promiscuous: taken, then dropped as OTHERHOST before IpInReceives
	 * (eth-other-mac-promisc.kernel.json) */
	before = w->snmp[CTR_IpInReceives];
	tw_ok(w, "ip link set eth0 promisc on\n"
	      "inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 payload \"hello\" "
	      "dst-mac 02:00:00:00:00:99\n"
	      "expect fate 2 dropped reason OTHERHOST\n");
	assert_int_equal(devc(w, "eth0", DEVC_rx_packets), 1);
	assert_int_equal(devc(w, "eth0", DEVC_rx_bytes), 47);
	assert_int_equal(devc(w, "eth0", DEVC_rx_otherhost_dropped), 1);
	assert_int_equal(w->snmp[CTR_IpInReceives], before);
	tw_assert_pools_empty(w);
	tw_free(w);
}

/* igb: a CRC error counts CRCERRS (rx_crc_errors, in rx_errors) only for a
 * frame the address filter passed; the frame itself is never stored. */
static void test_bad_fcs(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST NEIGH
	      "socket app udp bind 10.0.0.2:5000\n"
	      "inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 len 4 bad-fcs\n"
	      "inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 len 4 bad-fcs "
	      "dst-mac 02:00:00:00:00:99\n"
	      "inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 len 4\n"
	      "expect fate 1 dropped at nic_rx_frame reason NIC_FCS\n"
	      "expect fate 2 dropped reason NIC_MAC_FILTER\n"
	      "expect fate 3 delivered\n"
	      "recv app\n");
	assert_int_equal(devc(w, "eth0", DEVC_rx_crc_errors), 1);
	assert_int_equal(devc(w, "eth0", DEVC_rx_errors), 1);
	assert_int_equal(devc(w, "eth0", DEVC_rx_packets), 1);
	assert_int_equal(w->snmp[CTR_IpInReceives], 1);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_link_down_receives_nothing(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST NEIGH "ip link set eth0 down\n"
	      "inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 len 5\n"
	      "expect fate 1 dropped\n");
	for (int c = 0; c < DEVC__COUNT; c++)
		assert_int_equal(w->dev[2].stats[c], 0);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_unknown_ethertype(void **state)
{
	/* eth-unknown-ethertype.kernel.json: rx_packets 1, rx_bytes 39,
	 * rx_dropped 1 */
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST NEIGH
	      "inject eth0 raw 02000000000202000000000188b56e65747374657020756e"
	      "6b6e6f776e20657468657274797065\n"
	      "expect fate 1 dropped\n");
	assert_int_equal(devc(w, "eth0", DEVC_rx_packets), 1);
	assert_int_equal(devc(w, "eth0", DEVC_rx_bytes), 39);
	assert_int_equal(devc(w, "eth0", DEVC_rx_dropped), 1);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_runt_and_empty_frames(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST NEIGH
	      "inject eth0 raw 020000000002020000000001\n"
	      "inject eth0 raw 00 truncate 0\n"
	      "expect fate 1 dropped\nexpect fate 2 dropped\n");
	assert_int_equal(devc(w, "eth0", DEVC_rx_packets), 0);
	assert_int_equal(w->snmp[CTR_IpInReceives], 0);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_rx_ring_overflow(void **state)
{
	/* frames 1 ns apart into a 64-descriptor ring: the NIC drops what
	 * does not fit (rx_missed_errors, also added to rx_fifo_errors) and
	 * every frame is either received or missed */
	struct world *w = tw_new();
	uint64_t got, missed;

	(void)state;
	tw_ok(w, "nic add eth0 mac 02:00:00:00:00:02 rx-ring 64\n"
	      "ip link set eth0 up\n"
	      "inject eth0 raw 02000000000202000000000188b5000000000000 "
	      "count 200 gap 1ns\n");
	got = devc(w, "eth0", DEVC_rx_packets);
	missed = devc(w, "eth0", DEVC_rx_missed_errors);
	assert_true(missed > 0);
	assert_true(got >= 64);
	assert_int_equal(got + missed, 200);
	assert_int_equal(devc(w, "eth0", DEVC_rx_fifo_errors), missed);
	assert_int_equal(w->dev[2].nic.rx_count, 0);
	tw_assert_pools_empty(w);
	tw_free(w);
}

/* ---- rings, coalescing, budget and qdisc (issue 7) ---- */

static void test_ethtool_ring_sizes(void **state)
{
	/* igb_set_ringparam clamps to 64..4096 and rounds up to 8; the
	 * netlink layer refuses more than the maximum */
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST "ethtool -G eth0 rx 100 tx 10\n");
	assert_int_equal(w->dev[2].nic.rx_ring_size, 104);
	assert_int_equal(w->dev[2].nic.tx_ring_size, 64);
	tw_ok(w, "ethtool -g eth0\n");
	assert_non_null(strstr(tw_out, "Current hardware settings:\nRX:\t\t104\n"));
	tw_fails(w, "ethtool -G eth0 tx 4097\n",
		 "netlink error: requested ring size exceeds maximum (offset 36)");
	tw_fails(w, "ethtool -G eth0 rx-mini 1\n", "exceeds maximum");
	tw_fails(w, "ethtool -G eth0 rx\n",
		 "ethtool (-G): no value for parameter 'rx'");
	tw_fails(w, "ethtool -G nosuch rx 64\n", "no device matches name");
	tw_fails(w, "ethtool -g lo\n", "Operation not supported");
	assert_int_equal(w->dev[2].nic.tx_ring_size, 64);
	tw_free(w);
}

static void test_ring_overflow_counters(void **state)
{
	/* every missed frame: MPC (rx_missed_errors, also in rx_fifo_errors)
	 * and RNBC; ethtool -S and /proc/net/dev read the same numbers */
	struct world *w = tw_new();
	char line[64];
	uint64_t missed;

	(void)state;
	tw_ok(w, TW_HOST "ethtool -G eth0 rx 64\n"
	      "inject eth0 raw 02000000000202000000000188b5000000000000 "
	      "count 300\n");
	missed = devc(w, "eth0", DEVC_rx_missed_errors);
	assert_true(missed > 0);
	assert_int_equal(devc(w, "eth0", DEVC_rx_packets) + missed, 300);
	assert_int_equal(w->dev[2].nic.rx_no_buffer_count, missed);
	tw_ok(w, "ethtool -S eth0\n");
	snprintf(line, sizeof(line), "     rx_no_buffer_count: %llu\n",
		 (unsigned long long)missed);
	assert_non_null(strstr(tw_out, line));
	snprintf(line, sizeof(line), "     rx_fifo_errors: %llu\n",
		 (unsigned long long)missed);
	assert_non_null(strstr(tw_out, line));
	tw_assert_pools_empty(w);
	tw_free(w);
}

/* The times the vector's hard IRQ ran in a traced run. */
static size_t irq_times(const struct tw_trace *tr, uint64_t *t, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < tr->n && n < max; i++)
		if (tr->s[i].stage == ST_igb_msix_ring)
			t[n++] = tr->s[i].t_ns;
	return n;
}

static void test_eitr_throttles(void **state)
{
	/* rx-usecs 100: the first IRQ after idle fires at once, the next
	 * no sooner than 100 us after it; rx-usecs 0: every frame at once */
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();
	uint64_t t[8];

	(void)state;
	tw_ok(w, TW_HOST "ethtool -C eth0 rx-usecs 100\n");
	assert_int_equal(w->dev[2].nic.itr_setting, 400);
	assert_int_equal(tw_run_traced(w, "inject eth0 raw 020000000002020000"
				       "00000188b5000000000000 count 3 gap 20us\n",
				       tr), CMD_OK);
	assert_int_equal(irq_times(tr, t, 8), 2);
	assert_int_equal(t[1] - t[0], 100000);
	tw_ok(w, "ethtool -c eth0\n");
	assert_non_null(strstr(tw_out, "rx-usecs: 100\nrx-frames: n/a\n"));
	tw_trace_free(tr);
	tr = tw_trace_new();
	/* the new interval is written at the next IRQ: let the old one end */
	tw_ok(w, "ethtool -C eth0 rx-usecs 0\nrun 1ms\n");
	assert_int_equal(tw_run_traced(w, "inject eth0 raw 020000000002020000"
				       "00000188b5000000000000 count 3 gap 20us\n",
				       tr), CMD_OK);
	assert_int_equal(irq_times(tr, t, 8), 3);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_coalesce_refusals(void **state)
{
	/* igb: rx-usecs 2 and 4..9 are invalid, rx-frames unsupported */
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST);
	tw_fails(w, "ethtool -C eth0 rx-usecs 5\n", "netlink error: Invalid argument");
	tw_fails(w, "ethtool -C eth0 rx-usecs 2\n", "Invalid argument");
	tw_fails(w, "ethtool -C eth0 rx-usecs 10001\n", "Invalid argument");
	tw_fails(w, "ethtool -C eth0 rx-usecs 50 rx-frames 8\n",
		 "cannot modify an unsupported parameter (offset 44)");
	tw_fails(w, "ethtool -C eth0 rx-frames 8 rx-frames 9\n",
		 "duplicate parameter 'rx-frames'");
	assert_int_equal(w->dev[2].nic.itr_setting, 3);   /* unchanged */
	tw_free(w);
}

static void test_adaptive_itr(void **state)
{
	/* igb_update_ring_itr: (average frame + 24) / 2, or / 3 between 300
	 * and 1200 bytes; mode 3 keeps at least IGB_20K_ITR (196); below
	 * 1 Gb/s a fixed IGB_4K_ITR (980) */
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST "ethtool -C eth0 rx-usecs 1\n"
	      "inject eth0 raw 02000000000202000000000188b5" "00" "\n");
	assert_int_equal(w->dev[2].nic.itr_val, (15 + 24) / 2);
	tw_ok(w, "ethtool -C eth0 rx-usecs 3\n"
	      "inject eth0 raw 02000000000202000000000188b5" "00" "\n");
	assert_int_equal(w->dev[2].nic.itr_val, 196);
	tw_ok(w, "nic add eth1 mac 02:00:00:00:00:03 speed 100\n"
	      "ip link set eth1 up\n"
	      "inject eth1 raw 02000000000302000000000188b5" "00" "\n");
	assert_int_equal(w->dev[3].nic.itr_val, 980);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_budget_squeeze_and_ksoftirqd(void **state)
{
	/* netdev_budget 50 < weight 64: every round ends in time_squeeze;
	 * after 10 rounds __do_softirq wakes ksoftirqd, which finishes */
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();
	size_t in_ksoftirqd = 0;

	(void)state;
	tw_ok(w, "sysctl -w net.core.netdev_budget=50\n"
	      "nic add eth0 mac 02:00:00:00:00:02 rx-ring 1024\n"
	      "ip link set eth0 up\nip addr add 10.0.0.2/24 dev eth0\n"
	      "socket app udp bind 10.0.0.2:5000 rcvbuf 4000000\n");
	assert_int_equal(tw_run_traced(w, "inject eth0 udp 10.0.0.1:1 > "
				       "10.0.0.2:5000 len 18 count 800\n", tr),
			 CMD_OK);
	tw_ok(w, "recv app all\n");
	/* each round that polled a full weight of 64 ran out of budget */
	assert_true(w->softnet.stats[SNC_time_squeeze] >= 8);
	tw_ok(w, "cat /proc/net/softnet_stat\n");
	assert_int_equal(strtoull(tw_out + 18, NULL, 16),
			 w->softnet.stats[SNC_time_squeeze]);
	for (size_t i = 0; i < tr->n; i++)
		in_ksoftirqd += tr->s[i].ctx == CTX_KSOFTIRQD;
	assert_true(in_ksoftirqd > 0);
	assert_false(w->softnet.ksoftirqd);
	assert_int_equal(devc(w, "eth0", DEVC_rx_packets), 800);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_qdisc_overflow(void **state)
{
	/* 64 TX descriptors: the queue stops with 43 in use (fewer than 21
	 * free); pfifo_fast holds txqueuelen 5 more; the rest are dropped */
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, "nic add eth0 mac 02:00:00:00:00:02 speed 10 tx-ring 64\n"
	      "ip link set eth0 up\nip link set eth0 txqueuelen 5\n"
	      "ip addr add 10.0.0.2/24 dev eth0\n" NEIGH
	      "socket app udp\n"
	      "send app to 10.0.0.1:9 len 1000 count 60\n");
	assert_int_equal(w->dev[2].qdisc.drops, 60 - 43 - 5);
	assert_int_equal(w->dev[2].qdisc.packets, 48);
	assert_int_equal(devc(w, "eth0", DEVC_tx_packets), 48);
	assert_int_equal(w->snmp[CTR_IpOutDiscards], 12);
	assert_int_equal(w->dev[2].nic.restart_queue, 1);
	tw_ok(w, "tc -s qdisc show dev eth0\n");
	assert_string_equal(tw_out, "qdisc pfifo_fast 0: root refcnt 2 bands 3 "
			    "priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1\n"
			    " Sent 50016 bytes 48 pkt (dropped 12, overlimits 0 "
			    "requeues 0) \n backlog 0b 0p requeues 0\n");
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_cost_table(void **state)
{
	/* the cost table is part of the world: clones keep it */
	struct world *w = tw_new();
	struct world *c = tw_new();

	(void)state;
	tw_ok(w, "cost ip_rcv_core 5000\n");
	assert_int_equal(w->stage_cost[ST_ip_rcv_core], 5000);
	world_clone(c, w);
	assert_int_equal(c->stage_cost[ST_ip_rcv_core], 5000);
	tw_fails(w, "cost nic_dma_rx 5\n", "done by the NIC");
	tw_fails(w, "cost ip_rcv_core lots\n", "not a cost");
	tw_ok(w, "cost reset\n");
	assert_int_equal(w->stage_cost[ST_ip_rcv_core],
			 stage_info(ST_ip_rcv_core)->cost_ns);
	tw_free(c);
	tw_free(w);
}

/* Runs fn in a child process, so that memory corruption in the engine
 * cannot harm the other tests; fails if the child crashed or failed. */
static void isolated(void (*fn)(void))
{
	pid_t pid;
	int st = 0;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* cmocka's handlers would carry on with the next test here */
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		signal(SIGILL, SIG_DFL);
		signal(SIGFPE, SIG_DFL);
		signal(SIGABRT, SIG_DFL);
		fn();
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (WIFSIGNALED(st))
		print_error("the engine died of signal %d\n", WTERMSIG(st));
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

#define CHILD_CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
	_exit(1); } } while (0)

static void oversize_child(void)
{
	struct world *w = world_new();

	CHILD_CHECK(w);
	CHILD_CHECK(tw_run(w, TW_HOST NEIGH) == CMD_OK);
	/* a 1992-byte frame on a 1500-byte MTU link */
	CHILD_CHECK(tw_run(w, "inject eth0 udp 10.0.0.1:1 > 10.0.0.2:2 "
			   "len 1950\nexpect fate 1 dropped\n") == CMD_OK);
	CHILD_CHECK(w->dev[2].stats[DEVC_rx_packets] == 0);
	CHILD_CHECK(w->dev[2].stats[DEVC_rx_length_errors] == 1);
	CHILD_CHECK(w->skb_pool.in_use == 0);
	CHILD_CHECK(w->inj_pool.in_use == 0);
	world_free(w);
}

static void test_oversize_frame(void **state)
{
	/* nic_rx_frame copied frames longer than SKB_BUF - NET_SKB_PAD
	 * (1984 bytes) through an unset pointer (skb_put refused) */
	(void)state;
	isolated(oversize_child);
}

static void jumbo_child(void)
{
	struct world *w = world_new();
	char line[4200];
	int n;

	CHILD_CHECK(w);
	CHILD_CHECK(tw_run(w, TW_HOST "ip link set eth0 mtu 9000\n") == CMD_OK);
	/* a 2048-byte frame (the largest `raw` takes) within a 9000 MTU:
	 * whatever the model does with it, it must account for it */
	n = snprintf(line, sizeof(line), "inject eth0 raw 0200000000020200"
		     "0000000188b5");
	for (int i = 14; i < 2048; i++)
		n += snprintf(line + n, sizeof(line) - (size_t)n, "00");
	snprintf(line + n, sizeof(line) - (size_t)n, "\nexpect fate 1 dropped\n");
	CHILD_CHECK(tw_run(w, line) == CMD_OK);
	CHILD_CHECK(w->skb_pool.in_use == 0);
	world_free(w);
}

static void test_jumbo_mtu_frame(void **state)
{
	(void)state;
	isolated(jumbo_child);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts_own_mac_and_counts_bytes),
		cmocka_unit_test(test_mac_filter),
		cmocka_unit_test(test_link_down_receives_nothing),
		cmocka_unit_test(test_unknown_ethertype),
		cmocka_unit_test(test_runt_and_empty_frames),
		cmocka_unit_test(test_rx_ring_overflow),
		cmocka_unit_test(test_oversize_frame),
		cmocka_unit_test(test_bad_fcs),
		cmocka_unit_test(test_jumbo_mtu_frame),
		cmocka_unit_test(test_ethtool_ring_sizes),
		cmocka_unit_test(test_ring_overflow_counters),
		cmocka_unit_test(test_eitr_throttles),
		cmocka_unit_test(test_coalesce_refusals),
		cmocka_unit_test(test_adaptive_itr),
		cmocka_unit_test(test_budget_squeeze_and_ksoftirqd),
		cmocka_unit_test(test_qdisc_overflow),
		cmocka_unit_test(test_cost_table),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
