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
		cmocka_unit_test(test_jumbo_mtu_frame),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
