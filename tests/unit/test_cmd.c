/*
 * test_cmd.c: the command table (cmd.c, cmd_ip.c, cmd_show.c): word
 * splitting, dispatch, and the real tools' words.
 *
 * Every expected message here was printed by the real tool on this
 * machine (iproute2 6.1, procps-ng 4.0.2 sysctl, Linux 6.18) in a network
 * namespace with the same commands.
 */
#include "testlib.h"

static int split(const char *line, char **argv, int max, char *buf,
		 size_t n)
{
	snprintf(buf, n, "%s", line);
	return cmd_split(buf, argv, max);
}

static void test_split_words_and_quotes(void **state)
{
	char buf[256], *av[16];

	(void)state;
	assert_int_equal(split("  a b\t c  ", av, 16, buf, sizeof(buf)), 3);
	assert_string_equal(av[0], "a");
	assert_string_equal(av[2], "c");
	assert_int_equal(split("send app payload \"hello world\"", av, 16, buf,
			       sizeof(buf)), 4);
	assert_string_equal(av[3], "hello world");
	/* single quotes keep double quotes and backslashes */
	assert_int_equal(split("x 'a \"b\" c\\d'", av, 16, buf, sizeof(buf)), 2);
	assert_string_equal(av[1], "a \"b\" c\\d");
	/* inside double quotes a backslash escapes */
	assert_int_equal(split("x \"a \\\"b\\\" c\"", av, 16, buf, sizeof(buf)),
			 2);
	assert_string_equal(av[1], "a \"b\" c");
	/* outside quotes a backslash escapes a space */
	assert_int_equal(split("x a\\ b", av, 16, buf, sizeof(buf)), 2);
	assert_string_equal(av[1], "a b");
	/* quotes glue to the word around them, as in sh */
	assert_int_equal(split("x a\"b c\"d", av, 16, buf, sizeof(buf)), 2);
	assert_string_equal(av[1], "ab cd");
	/* an empty quoted word is a word */
	assert_int_equal(split("x \"\" y", av, 16, buf, sizeof(buf)), 3);
	assert_string_equal(av[1], "");
	assert_string_equal(av[2], "y");
}

static void test_split_comments(void **state)
{
	char buf[256], *av[16];

	(void)state;
	assert_int_equal(split("# all comment", av, 16, buf, sizeof(buf)), 0);
	assert_int_equal(split("ip r   # show routes", av, 16, buf,
			       sizeof(buf)), 2);
	assert_string_equal(av[1], "r");
	/* '#' inside a word is not a comment */
	assert_int_equal(split("x a#b", av, 16, buf, sizeof(buf)), 2);
	assert_string_equal(av[1], "a#b");
	/* nor when quoted */
	assert_int_equal(split("x \"#1\" '#2'", av, 16, buf, sizeof(buf)), 3);
	assert_string_equal(av[1], "#1");
	assert_string_equal(av[2], "#2");
	assert_int_equal(split("", av, 16, buf, sizeof(buf)), 0);
	assert_int_equal(split("   \t ", av, 16, buf, sizeof(buf)), 0);
}

static void test_split_errors(void **state)
{
	char buf[256], *av[4];

	(void)state;
	assert_int_equal(split("x \"open", av, 4, buf, sizeof(buf)), -1);
	assert_int_equal(split("x 'open", av, 4, buf, sizeof(buf)), -1);
	assert_int_equal(split("a b c d", av, 4, buf, sizeof(buf)), 4);
	assert_int_equal(split("a b c d e", av, 4, buf, sizeof(buf)), -2);
	/* a comment after max words is fine */
	assert_int_equal(split("a b c d # e f", av, 4, buf, sizeof(buf)), 4);
}

static void test_scenario_errors_and_continuation(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_fails(w, "# comment\n\nsocket s udp \"open\n", "test:3: ");
	assert_non_null(strstr(tw_err, "unterminated quote"));
	/* a trailing backslash continues the line; errors name its first */
	tw_fails(w, "nic add eth0 \\\n  mac zz\n", "test:1: ");
	/* the continued line runs as one */
	tw_ok(w, "nic add eth0 \\\n mac 02:00:00:00:00:02\n");
	assert_int_equal(dev_by_name(w, "eth0"), 2);
	assert_int_equal(w->dev[2].mac[5], 2);
	/* the first failing line stops the scenario */
	tw_fails(w, "nic add eth1\nbogus\nnic add eth2\n", "test:2: ");
	assert_int_not_equal(dev_by_name(w, "eth1"), 0);
	assert_int_equal(dev_by_name(w, "eth2"), 0);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_unknown_command(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_fails(w, "bogus 1 2\n", "unknown command 'bogus'");
	tw_fails(w, "ipp a\n", "unknown command 'ipp'");
	assert_non_null(strstr(tw_err, "'ip'"));
	assert_int_equal(tw_run(w, "bogus\n"), CMD_USAGE);
	/* cmd_exec directly: usage status, message on err */
	{
		char *av[] = { "frobnicate", NULL };
		char *ebuf = NULL;
		size_t elen = 0;
		FILE *err = open_memstream(&ebuf, &elen);
		struct cmd_ctx c;

		cmd_ctx_init(&c, stdout, err);
		assert_int_equal(cmd_exec(w, &c, 1, av), CMD_USAGE);
		cmd_ctx_free(&c);
		fclose(err);
		assert_non_null(strstr(ebuf, "frobnicate"));
		free(ebuf);
	}
	tw_assert_pools_empty(w);
	tw_free(w);
}

struct want {
	const char *line;
	const char *err;     /* the real tool's message */
};

/* Runs each line on a fresh host; every line must fail with the message.
 * Prints every mismatch, then fails if there was one. */
static void check_words(const struct want *t, size_t n)
{
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		struct world *w = tw_new();
		enum cmd_status st;

		tw_ok(w, "nic add eth0 mac 02:00:00:00:00:02\n"
		      "ip link set eth0 up\n");
		st = tw_run(w, t[i].line);
		if (st == CMD_OK || !strstr(tw_err, t[i].err)) {
			print_error("%s\n   real tool: %s\n   netstep:   %s%s",
				    t[i].line, t[i].err,
				    st == CMD_OK ? "(succeeded) " : "",
				    tw_err[0] ? tw_err : "(no message)\n");
			bad++;
		}
		tw_assert_pools_empty(w);
		tw_free(w);
	}
	assert_int_equal(bad, 0);
}

static void test_ip_words(void **state)
{
	static const struct want t[] = {
		{ "ip foo", "Object \"foo\" is unknown, try \"ip help\"." },
		{ "ip route foo",
		  "Command \"foo\" is unknown, try \"ip route help\"." },
		{ "ip -x r", "Option \"-x\" is unknown, try \"ip -help\"." },
		{ "ip link set eth9 up", "Cannot find device \"eth9\"" },
		{ "ip link set lo promisc maybe", "Error: argument of "
		  "\"promisc\" must be \"on\" or \"off\", not \"maybe\"" },
		{ "ip addr add 1.2.3.4/24",
		  "Not enough information: \"dev\" argument is required." },
		{ "ip addr add foo dev lo",
		  "Error: any valid prefix is expected rather than \"foo\"." },
		{ "ip route add 10.6.0.0/16 metric abc dev lo", "Error: argument "
		  "\"abc\" is wrong: \"metric\" value is invalid" },
		{ "ip route add 10.6.0.0/16 table bogus dev lo", "Error: "
		  "argument \"bogus\" is wrong: \"table\" value is invalid" },
		{ "ip route add 10.6.0.0/16 dev eth9",
		  "Cannot find device \"eth9\"" },
		{ "ip neigh add 1.2.3.4 lladdr zz dev lo",
		  "\"zz\" is invalid lladdr." },
		{ "ip neigh del 1.2.3.4 dev lo",
		  "RTNETLINK answers: No such file or directory" },
	};

	(void)state;
	check_words(t, sizeof(t) / sizeof(t[0]));
}

/* Messages netstep words differently from iproute2 6.1 / Linux 6.18. */
static void test_ip_words_more(void **state)
{
	static const struct want t[] = {
		{ "ip route get foo",
		  "Error: any valid prefix is expected rather than \"foo\"." },
		{ "ip route get 1.2.3.4 from bar",
		  "Error: inet prefix is expected rather than \"bar\"." },
		{ "ip route add 10.5.0.0/33 dev lo", "Error: any valid prefix "
		  "is expected rather than \"10.5.0.0/33\"." },
		{ "ip route show table bogus", "Error: argument \"bogus\" is "
		  "wrong: table id value is invalid" },
		{ "ip route add 10.6.0.0/16", "RTNETLINK answers: No such device" },
		{ "ip addr add 127.0.0.1/8 dev lo",
		  "Error: ipv4: Address already assigned." },
		{ "ip addr del 9.9.9.9/24 dev lo",
		  "Error: ipv4: Address not found." },
		{ "ip neigh add 1.2.3.4 lladdr 02:00:00:00:00:01 dev lo nud bogus",
		  "Error: argument \"bogus\" is wrong: nud state is bad" },
		{ "ip link set lo bogus", "Error: either \"dev\" is duplicate, or "
		  "\"bogus\" is a garbage." },
	};

	(void)state;
	check_words(t, sizeof(t) / sizeof(t[0]));
}

static void test_sysctl_words(void **state)
{
	static const struct want t[] = {
		{ "sysctl -w net.ipv4.ip_forward=abc",
		  "sysctl: setting key \"net.ipv4.ip_forward\": Invalid argument" },
		{ "sysctl -w net.ipv4.icmp_ratelimit=-5", "sysctl: setting key "
		  "\"net.ipv4.icmp_ratelimit\": Invalid argument" },
		{ "sysctl -w net.ipv4.ip_default_ttl=0", "sysctl: setting key "
		  "\"net.ipv4.ip_default_ttl\": Invalid argument" },
		/* a bare `sysctl` prints its usage; "no variables" needs an
		 * option and no name */
		{ "sysctl", " sysctl [options] [variable[=value] ...]" },
		{ "sysctl -w", "sysctl: no variables specified" },
		{ "sysctl -z", "sysctl: invalid option -- 'z'" },
		{ "sysctl -w net.ipv4.ip_forward",
		  "sysctl: command line(0): invalid syntax, continuing..." },
		{ "sysctl -w net.ipv4.ip_forward=+1",
		  "sysctl: setting key \"net.ipv4.ip_forward\": Invalid argument" },
		{ "sysctl -w net.ipv4.ip_local_port_range=1000", "sysctl: "
		  "setting key \"net.ipv4.ip_local_port_range\": Invalid "
		  "argument" },
		/* the path has slashes, as in /proc/sys */
		{ "sysctl -w net.ipv4.nonexistent=1", "sysctl: cannot stat "
		  "/proc/sys/net/ipv4/nonexistent: No such file or directory" },
		{ "sysctl net.ipv4.nope", "sysctl: cannot stat "
		  "/proc/sys/net/ipv4/nope: No such file or directory" },
		{ "sysctl net.ipv4.conf.eth9.rp_filter", "sysctl: cannot stat "
		  "/proc/sys/net/ipv4/conf/eth9/rp_filter: No such file or "
		  "directory" },
	};

	(void)state;
	check_words(t, sizeof(t) / sizeof(t[0]));
}

/* More of iproute2's parser and the kernel's extack words, each checked
 * with iproute2 6.1 on Linux 6.18 on the same host. */
static void test_ip_words_parser(void **state)
{
	static const struct want t[] = {
		{ "ip addr foo",
		  "Command \"foo\" is unknown, try \"ip address help\"." },
		{ "ip link show eth9", "Device \"eth9\" does not exist." },
		{ "ip addr show lo lo", "Error: either \"dev\" is duplicate, or "
		  "\"lo\" is a garbage." },
		{ "ip link set dev",
		  "Command line is not complete. Try option \"help\"" },
		{ "ip link set lo mtu abc",
		  "Error: argument \"abc\" is wrong: Invalid \"mtu\" value" },
		{ "ip link set lo mtu 1000 mtu 2000",
		  "Error: duplicate \"mtu\": \"2000\" is the second value." },
		{ "ip link set eth0 mtu 40",
		  "Error: mtu less than device minimum." },
		{ "ip link set eth0 qlen abc", "Error: argument \"abc\" is wrong: "
		  "Invalid \"txqueuelen\" value" },
		{ "ip neigh add",
		  "Device and destination are required arguments." },
		{ "ip neigh add foo dev lo",
		  "Error: any valid address is expected rather than \"foo\"." },
		{ "ip neigh add 10.0.0.7 dev eth0",
		  "Error: No link layer address given." },
		{ "ip neigh add 10.0.0.9 lladdr 02:00:00:00:00:01 dev eth0 "
		  "bogus", "Error: either \"to\" is duplicate, or \"bogus\" "
		  "is a garbage." },
		{ "ip route get", "need at least a destination address" },
		{ "ip -4 route get foo",
		  "Error: inet prefix is expected rather than \"foo\"." },
		{ "ip route add via bar 10.6.0.0/16",
		  "Error: any valid address is expected rather than \"bar\"." },
		{ "ip route add 10.6.0.0/16 10.7.0.0/16 dev lo",
		  "Error: either \"to\" is duplicate, or \"10.7.0.0/16\" is "
		  "a garbage." },
		{ "ip route add 10.6.0.0/16 via 10.0.0.1 via 10.0.0.3",
		  "Error: argument \"via\" is wrong: use nexthop syntax to "
		  "specify multiple via" },
		{ "ip route add 10.6.0.0/16 dev eth0 proto bogus",
		  "Error: argument \"bogus\" is wrong: \"protocol\" value is "
		  "invalid" },
		{ "ip route add 10.6.0.0/16 dev eth0 src 10.0.0.99",
		  "Error: Invalid prefsrc address." },
		{ "ip link set eth0 down\nip route add 10.7.0.0/16 dev eth0",
		  "Error: Device for nexthop is not up." },
		{ "ip route show table 100",
		  "Error: ipv4: FIB table does not exist." },
		{ "ip addr add 10.0.0.3/24 dev eth0 label abcdefghijklmnop",
		  "Error: Attribute failed policy validation." },
		{ "ip addr add dev eth0",
		  "RTNETLINK answers: Operation not supported" },
		{ "ip addr add 10.0.0.72/24 brd 1.2.3.4 brd + dev eth0",
		  "Error: duplicate \"broadcast\": \"+\" is the second "
		  "value." },
	};

	(void)state;
	check_words(t, sizeof(t) / sizeof(t[0]));
}

/* Words iproute2 knows and netstep does not model are not "unknown". */
static void test_ip_not_modelled(void **state)
{
	static const struct want t[] = {
		{ "ip ntable", "netstep: \"ip ntable\" is not modelled" },
		{ "ip r f", "netstep: \"ip route flush\" is not modelled" },
		{ "ip -j r", "netstep: \"ip -json\" is not modelled" },
		{ "ip route add 10.6.0.0/16 dev eth0 mtu 1000",
		  "netstep: \"ip route mtu\" is not modelled" },
	};

	(void)state;
	check_words(t, sizeof(t) / sizeof(t[0]));
}

static void test_sysctl_reads_and_writes(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, "sysctl net.ipv4.ip_default_ttl\n");
	assert_string_equal(tw_out, "net.ipv4.ip_default_ttl = 64\n");
	tw_ok(w, "sysctl -w net.ipv4.ip_forward=1\n");
	assert_string_equal(tw_out, "net.ipv4.ip_forward = 1\n");
	assert_int_equal(w->sysctl[SYS_ip_forward], 1);
	tw_ok(w, "sysctl -w net/ipv4/ip_forward=0\n");
	assert_string_equal(tw_out, "net.ipv4.ip_forward = 0\n");
	assert_int_equal(w->sysctl[SYS_ip_forward], 0);
	tw_ok(w, "sysctl -q -w net.ipv4.ip_default_ttl=32\n");
	assert_string_equal(tw_out, "");
	tw_ok(w, "sysctl net.ipv4.ip_default_ttl\n");
	assert_string_equal(tw_out, "net.ipv4.ip_default_ttl = 32\n");
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_sysctl_procps_details(void **state)
{
	/* procps-ng 4.0.2 on Linux 6.18 */
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST);
	/* the kernel reads numbers in C's bases; sysctl echoes what it wrote */
	tw_ok(w, "sysctl -w net.ipv4.ip_default_ttl=0x10\n");
	assert_string_equal(tw_out, "net.ipv4.ip_default_ttl = 0x10\n");
	assert_int_equal(w->sysctl[SYS_ip_default_ttl], 16);
	tw_ok(w, "sysctl -n net.ipv4.ip_default_ttl\n");
	assert_string_equal(tw_out, "16\n");
	/* spaces around the name and the value go */
	tw_ok(w, "sysctl -w 'net.ipv4.ip_default_ttl = 21'\n");
	assert_string_equal(tw_out, "net.ipv4.ip_default_ttl = 21\n");
	/* options bundle, and may follow the names */
	tw_ok(w, "sysctl -qw net.ipv4.ip_forward=1\n");
	assert_string_equal(tw_out, "");
	tw_ok(w, "sysctl net.ipv4.ip_forward -N\n");
	assert_string_equal(tw_out, "net.ipv4.ip_forward\n");
	tw_ok(w, "sysctl net/ipv4/conf/eth0/rp_filter\n");
	assert_string_equal(tw_out, "net.ipv4.conf.eth0.rp_filter = 0\n");
	tw_ok(w, "sysctl -e net.ipv4.nope\n");
	assert_string_equal(tw_out, "");
	/* an error does not stop the names after it */
	assert_int_not_equal(tw_run(w, "sysctl net.ipv4.nope "
				    "net.ipv4.ip_default_ttl\n"), CMD_OK);
	assert_string_equal(tw_out, "net.ipv4.ip_default_ttl = 21\n");
	assert_non_null(strstr(tw_err, "cannot stat /proc/sys/net/ipv4/nope"));
	tw_ok(w, "sysctl -w 'net.ipv4.ip_local_port_range=2000 60999'\n");
	tw_ok(w, "sysctl net.ipv4.ip_local_port_range\n");
	assert_string_equal(tw_out,
			    "net.ipv4.ip_local_port_range = 2000\t60999\n");
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_sysctl_assignment_without_w(void **state)
{
	/* procps-ng sysctl writes any NAME=VALUE argument, -w or not:
	 * `sysctl net.ipv4.ip_forward=1` prints "net.ipv4.ip_forward = 1" */
	struct world *w = tw_new();

	(void)state;
	if (tw_run(w, "sysctl net.ipv4.ip_forward=1\n") != CMD_OK)
		print_error("netstep: %s", tw_err);
	assert_int_equal(w->sysctl[SYS_ip_forward], 1);
	assert_string_equal(tw_out, "net.ipv4.ip_forward = 1\n");
	tw_assert_pools_empty(w);
	tw_free(w);
}

/* The host for the alias tests: routes, addresses and a neighbour. */
#define ALIAS_HOST TW_HOST \
	"ip addr add 10.0.0.3/24 dev eth0\n" \
	"ip route add 10.5.0.0/16 via 10.0.0.1\n" \
	"ip route add default via 10.0.0.254 metric 5\n" \
	"ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev eth0\n"

/* Each alias must print what canon prints and leave the world as it was.
 * Returns how many did not. */
static int check_aliases(const char *canon, const char *const *alias,
			 size_t n)
{
	struct world *w = tw_new(), *before = tw_new();
	static char want[TW_TEXT_MAX];
	char line[128];
	int bad = 0;

	tw_ok(w, ALIAS_HOST);
	snprintf(line, sizeof(line), "%s\n", canon);
	tw_ok(w, line);
	assert_true(strlen(tw_out) > 0);
	memcpy(want, tw_out, sizeof(want));
	world_clone(before, w);
	for (size_t i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "%s\n", alias[i]);
		if (tw_run(w, line) != CMD_OK || strcmp(tw_out, want) ||
		    !world_equal(w, before)) {
			print_error("'%s' differs from '%s': %s", alias[i],
				    canon, tw_err[0] ? tw_err : tw_out);
			bad++;
		}
	}
	tw_assert_pools_empty(w);
	tw_free(w);
	tw_free(before);
	return bad;
}

static void test_ip_object_abbreviations(void **state)
{
	static const char *const route[] = { "ip r", "ip ro", "ip route",
					     "ip route list", "ip -4 route" };
	static const char *const addr[] = { "ip a", "ip addr", "ip address",
					    "ip addr list" };
	static const char *const link[] = { "ip l", "ip link", "ip link list" };
	static const char *const neigh[] = { "ip n", "ip neigh", "ip neighbor",
					     "ip neighbour" };

	int bad = 0;

	(void)state;
	bad += check_aliases("ip route show", route, sizeof(route) / sizeof(*route));
	bad += check_aliases("ip address show", addr, sizeof(addr) / sizeof(*addr));
	bad += check_aliases("ip link show", link, sizeof(link) / sizeof(*link));
	bad += check_aliases("ip neigh show", neigh, sizeof(neigh) / sizeof(*neigh));
	assert_int_equal(bad, 0);
}

/* iproute2 takes any prefix of a command word too (matches()): `ip r s`,
 * `ip a s`, `ip r g ADDR` are everyday spellings.  Checked with iproute2
 * 6.1. */
static void test_ip_command_abbreviations(void **state)
{
	static const char *const route[] = { "ip r s", "ip ro sh", "ip r l",
					     "ip route li" };
	static const char *const addr[] = { "ip a s", "ip addr sh", "ip a l" };
	/* (`ip l s` is `ip link set`: "set" comes first) */
	static const char *const link[] = { "ip li sh", "ip link sh" };
	static const char *const neigh[] = { "ip n s", "ip neigh sh" };
	static const char *const get[] = { "ip r g 10.5.1.1",
					   "ip ro get 10.5.1.1" };

	int bad = 0;

	(void)state;
	bad += check_aliases("ip route show", route, sizeof(route) / sizeof(*route));
	bad += check_aliases("ip address show", addr, sizeof(addr) / sizeof(*addr));
	bad += check_aliases("ip link show", link, sizeof(link) / sizeof(*link));
	bad += check_aliases("ip neigh show", neigh, sizeof(neigh) / sizeof(*neigh));
	bad += check_aliases("ip route get 10.5.1.1", get, sizeof(get) / sizeof(*get));
	assert_int_equal(bad, 0);
}

static void test_addr_show_format(void **state)
{
	/* iproute2 6.1 `ip addr show lo` (its header has no "mode DEFAULT";
	 * that is `ip link show`'s) */
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, "ip addr show dev lo\n");
	assert_non_null(strstr(tw_out, "    inet 127.0.0.1/8 scope host lo\n"
			       "       valid_lft forever preferred_lft "
			       "forever\n"));
	if (strstr(tw_out, "mode DEFAULT"))
		print_error("ip addr show printed:\n%s", tw_out);
	assert_non_null(strstr(tw_out, "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 "
			       "qdisc noqueue state UNKNOWN group default "
			       "qlen 1000\n"));
	tw_ok(w, "ip link show dev lo\n");
	assert_non_null(strstr(tw_out, "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 "
			       "qdisc noqueue state UNKNOWN mode DEFAULT group "
			       "default qlen 1000\n"));
	tw_assert_pools_empty(w);
	tw_free(w);
}

/* expect neigh: the entry's state as ip neigh names it, NONE for none;
 * an unresolved next hop is INCOMPLETE while its packet waits. */
static void test_expect_neigh(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST
	      "ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev eth0 "
	      "nud permanent\n"
	      "expect neigh 10.0.0.1 PERMANENT\n"
	      "expect neigh 10.0.0.1 PERMANENT dev eth0\n"
	      "expect neigh 10.0.0.7 NONE\n"
	      "socket app udp bind 10.0.0.2:5000\n"
	      "send app to 10.0.0.7:53 payload \"q\"\n"
	      "run 1ms\n"
	      "expect neigh 10.0.0.7 INCOMPLETE\n");
	tw_fails(w, "expect neigh 10.0.0.1 STALE\n",
		 "neighbour 10.0.0.1 is PERMANENT, not STALE");
	tw_fails(w, "expect neigh 10.0.0.1 PERMANENT dev eth9\n",
		 "usage: expect neigh");
	tw_fails(w, "expect neigh 10.0.0 PERMANENT\n", "usage: expect neigh");
	tw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_words_and_quotes),
		cmocka_unit_test(test_expect_neigh),
		cmocka_unit_test(test_split_comments),
		cmocka_unit_test(test_split_errors),
		cmocka_unit_test(test_scenario_errors_and_continuation),
		cmocka_unit_test(test_unknown_command),
		cmocka_unit_test(test_ip_words),
		cmocka_unit_test(test_ip_words_more),
		cmocka_unit_test(test_ip_words_parser),
		cmocka_unit_test(test_ip_not_modelled),
		cmocka_unit_test(test_sysctl_words),
		cmocka_unit_test(test_sysctl_reads_and_writes),
		cmocka_unit_test(test_sysctl_procps_details),
		cmocka_unit_test(test_sysctl_assignment_without_w),
		cmocka_unit_test(test_ip_object_abbreviations),
		cmocka_unit_test(test_ip_command_abbreviations),
		cmocka_unit_test(test_addr_show_format),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
