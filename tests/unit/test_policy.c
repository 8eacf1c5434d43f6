/* test_policy.c: policy rules, source validation, address promotion,
 * ifconfig and the route a step reports. */
#include "testlib.h"

#include "devinet.h"
#include "net.h"
#include "route.h"

#define TWO_NICS TW_HOST \
	"nic add eth1 mac 02:00:00:00:01:02\n" \
	"ip link set eth1 up\n" \
	"ip addr add 10.1.0.2/24 dev eth1\n"

static int input_route(struct world *w, uint32_t saddr, uint32_t daddr,
		       int iif, struct dst *d)
{
	struct flowi4 fl = { .daddr = daddr, .saddr = saddr, .iif = iif };
	enum drop_reason reason = DROP_NOT_SPECIFIED;

	ip_route_input_flow(w, &fl, d, &reason);
	return d->valid ? 0 : (int)reason;
}

static void test_rule_prefs_and_order(void **state)
{
	struct world *w = tw_new();

	(void)state;
	assert_int_equal(w->nrules, 3);
	/* without a pref: one below the second rule's, again and again */
	tw_ok(w, TW_HOST "ip rule add from 10.0.0.1 lookup 100\n"
	      "ip rule add to 10.9.0.0/16 lookup 200\n"
	      "ip rule add fwmark 0x5/0xff pref 40000 prohibit\n");
	assert_int_equal(w->rule[1].pref, 32764);
	assert_int_equal(w->rule[2].pref, 32765);
	assert_int_equal(w->rule[5].pref, 40000);
	tw_ok(w, "ip rule\n");
	assert_string_equal(tw_out,
		"0:\tfrom all lookup local\n"
		"32764:\tfrom all to 10.9.0.0/16 lookup 200\n"
		"32765:\tfrom 10.0.0.1 lookup 100\n"
		"32766:\tfrom all lookup main\n"
		"32767:\tfrom all lookup default\n"
		"40000:\tfrom all fwmark 0x5/0xff prohibit\n");
	tw_fails(w, "ip rule add from 10.0.0.1 lookup 100 pref 32765\n",
		 "RTNETLINK answers: File exists");
	tw_ok(w, "ip rule del from 10.0.0.1\n");
	tw_fails(w, "ip rule del from 10.0.0.1\n",
		 "RTNETLINK answers: No such file or directory");
	assert_int_equal(w->nrules, 5);
	tw_free(w);
}

static void test_rules_choose_tables(void **state)
{
	struct world *w = tw_new();
	/* a source inside 10/8: the "not from" rule would take saddr 0 too */
	struct flowi4 fl = { .daddr = 0x0a090005, .saddr = 0x0a000002,
			     .iif = 1 };
	struct fib_result res;

	(void)state;
	tw_ok(w, TWO_NICS "ip route add 10.9.0.0/24 via 10.1.0.1 table 100\n"
	      "ip route add throw 10.9.0.128/25 table 100\n"
	      "ip route add default via 10.0.0.1\n"
	      "ip rule add fwmark 7 lookup 100\n"
	      "ip rule add not from 10.0.0.0/8 unreachable\n");
	/* unmarked: main's default route */
	assert_int_equal(fib_lookup(w, &fl, &res), 0);
	assert_int_equal(res.table, RT_TABLE_MAIN);
	assert_int_equal(res.r->gw, 0x0a000001);
	/* marked: table 100, picked by the fwmark rule */
	fl.mark = 7;
	assert_int_equal(fib_lookup(w, &fl, &res), 0);
	assert_int_equal(res.table, 100);
	assert_int_equal(res.rule->pref, 32765);
	assert_int_equal(res.r->gw, 0x0a010001);
	/* a throw route sends the lookup on to the next rules */
	fl.daddr = 0x0a090085;
	assert_int_equal(fib_lookup(w, &fl, &res), 0);
	assert_int_equal(res.table, RT_TABLE_MAIN);
	/* the "not from" rule matches a source outside 10/8 first */
	fl.saddr = 0xc0a80001;
	assert_int_equal(fib_lookup(w, &fl, &res), -101);
	assert_int_equal(res.rule->pref, 32764);
	tw_free(w);
}

static void test_rp_filter_strict_and_loose(void **state)
{
	struct world *w = tw_new();
	struct dst d;

	(void)state;
	tw_ok(w, TWO_NICS "ip route add 192.168.0.0/16 via 10.1.0.1\n");
	/* rp_filter 0: any source but our own */
	assert_int_equal(input_route(w, 0xc0a80101, 0x0a000002, 2, &d), 0);
	assert_int_equal(input_route(w, 0x0a010002, 0x0a000002, 2, &d),
			 DROP_IP_LOCAL_SOURCE);
	/* strict: the route back must leave by eth0 */
	tw_ok(w, "sysctl -w net.ipv4.conf.eth0.rp_filter=1\n");
	assert_int_equal(input_route(w, 0xc0a80101, 0x0a000002, 2, &d),
			 DROP_IP_RPFILTER);
	assert_int_equal(input_route(w, 0x0a000001, 0x0a000002, 2, &d), 0);
	/* loose (max of all and eth0): any route back will do, none won't */
	tw_ok(w, "sysctl -w net.ipv4.conf.all.rp_filter=2\n");
	assert_int_equal(input_route(w, 0xc0a80101, 0x0a000002, 2, &d), 0);
	assert_int_equal(input_route(w, 0x08080808, 0x0a000002, 2, &d),
			 DROP_IP_RPFILTER);
	/* accept_local (all OR dev) lets our own address in */
	tw_ok(w, "sysctl -w net.ipv4.conf.all.accept_local=1\n"
	      "sysctl -w net.ipv4.conf.all.rp_filter=0\n"
	      "sysctl -w net.ipv4.conf.eth0.rp_filter=0\n");
	assert_int_equal(input_route(w, 0x0a010002, 0x0a000002, 2, &d), 0);
	tw_free(w);
}

static void test_redirect_only_back_out_the_same_link(void **state)
{
	struct world *w = tw_new();
	struct dst d;

	(void)state;
	tw_ok(w, TWO_NICS "sysctl -w net.ipv4.ip_forward=1\n"
	      "ip route add 10.9.0.0/24 via 10.0.0.9\n");
	assert_int_equal(input_route(w, 0x0a000001, 0x0a090001, 2, &d), 0);
	assert_int_equal(d.input, DST_IN_FORWARD);
	assert_true(d.redirect);
	/* in by eth1, out by eth0: no redirect */
	assert_int_equal(input_route(w, 0x0a010001, 0x0a090001, 3, &d), 0);
	assert_false(d.redirect);
	/* send_redirects is all OR dev: both must be 0 */
	tw_ok(w, "sysctl -w net.ipv4.conf.all.send_redirects=0\n");
	assert_int_equal(input_route(w, 0x0a000001, 0x0a090001, 2, &d), 0);
	assert_true(d.redirect);
	tw_ok(w, "sysctl -w net.ipv4.conf.eth0.send_redirects=0\n");
	assert_int_equal(input_route(w, 0x0a000001, 0x0a090001, 2, &d), 0);
	assert_false(d.redirect);
	tw_free(w);
}

/* The device's address list as "local/len flags label" lines. */
static void addr_list(struct world *w, int dev, char *out, size_t n)
{
	char a[16];
	size_t len = 0;

	out[0] = '\0';
	for (uint32_t h = w->dev[dev].ifa_list; h; h = w->ifa[h - 1].next)
		len += (size_t)snprintf(out + len, n - len, "%s/%u%s %s;",
			ip_fmt(w->ifa[h - 1].local, a), w->ifa[h - 1].prefixlen,
			w->ifa[h - 1].flags & IFA_F_SECONDARY ? " sec" : "",
			w->ifa[h - 1].label);
}

static void test_promote_secondaries(void **state)
{
	struct world *w = tw_new();
	struct dst d;
	char list[256];

	(void)state;
	tw_ok(w, TW_HOST "ip addr add 10.0.0.3/24 dev eth0\n"
	      "ip addr add 10.0.0.4/24 dev eth0\n"
	      "ip addr add 172.16.0.1/16 dev eth0\n");
	addr_list(w, 2, list, sizeof(list));
	assert_string_equal(list, "10.0.0.2/24 eth0;172.16.0.1/16 eth0;"
			    "10.0.0.3/24 sec eth0;10.0.0.4/24 sec eth0;");
	/* promotion on: 10.0.0.3 becomes primary, after the last primary,
	 * and the subnet's routes name it as source */
	tw_ok(w, "sysctl -w net.ipv4.conf.all.promote_secondaries=1\n"
	      "ip addr del 10.0.0.2/24 dev eth0\n");
	addr_list(w, 2, list, sizeof(list));
	assert_string_equal(list, "172.16.0.1/16 eth0;10.0.0.3/24 eth0;"
			    "10.0.0.4/24 sec eth0;");
	assert_int_equal(ip_route_output(w, 0x0a000009, 0, &d), 0);
	assert_int_equal(d.prefsrc, 0x0a000003);
	/* promotion off: the primary takes its secondaries with it */
	tw_ok(w, "sysctl -w net.ipv4.conf.all.promote_secondaries=0\n"
	      "ip addr del 10.0.0.3/24 dev eth0\n");
	addr_list(w, 2, list, sizeof(list));
	assert_string_equal(list, "172.16.0.1/16 eth0;");
	assert_int_equal(ip_route_output(w, 0x0a000009, 0, &d), -101);
	tw_free(w);
}

static void test_ifconfig_aliases(void **state)
{
	struct world *w = tw_new();
	char list[256];

	(void)state;
	tw_ok(w, TW_HOST "ifconfig eth0:1 10.0.0.6 netmask 255.255.255.0 up\n"
	      "ifconfig eth0:2 172.16.5.5\n");
	addr_list(w, 2, list, sizeof(list));
	assert_string_equal(list, "10.0.0.2/24 eth0;172.16.5.5/16 eth0:2;"
			    "10.0.0.6/24 sec eth0:1;");
	/* the classful broadcast comes with the classful mask */
	assert_int_equal(w->ifa[ifa_find(w, 2, 0xac100505, 16) - 1].broadcast,
			 0xac10ffff);
	tw_ok(w, "ifconfig eth0:1 down\n");
	addr_list(w, 2, list, sizeof(list));
	assert_string_equal(list, "10.0.0.2/24 eth0;172.16.5.5/16 eth0:2;");
	tw_fails(w, "ifconfig eth0:1 down\n",
		 "SIOCSIFFLAGS: Cannot assign requested address");
	tw_fails(w, "ifconfig eth0:3 224.0.0.5\n", "SIOCSIFADDR: Invalid "
		 "argument");
	tw_fails(w, "ifconfig eth0:2 netmask 255.0.255.0\n",
		 "SIOCSIFNETMASK: Invalid argument");
	tw_fails(w, "ifconfig eth9 1.2.3.4\n", "SIOCSIFADDR: No such device");
	tw_fails(w, "ifconfig eth0 frob\n", "frob: Host name lookup failure");
	tw_free(w);
}

static void test_route_step_names_the_match(void **state)
{
	struct world *w = tw_new();
	struct step s = { 0 };
	struct dst d;
	char buf[200];

	(void)state;
	tw_ok(w, TWO_NICS "ip route add 10.9.0.0/24 via 10.1.0.1 table 100\n"
	      "ip rule add to 10.9.0.0/24 lookup 100\n");
	assert_int_equal(ip_route_output(w, 0x0a090005, 0, &d), 0);
	s.has_route = true;
	s.route_type = d.type;
	s.route_dev = d.dev;
	s.route_gw = d.gw;
	s.route_table = d.table;
	s.route_rule = d.rule;
	s.route_dst = d.rt_dst;
	s.route_plen = d.rt_plen;
	assert_string_equal(step_route_format(w, &s, false, buf, sizeof(buf)),
			    "route: rule 32765 -> table 100 -> 10.9.0.0/24: "
			    "unicast via 10.1.0.1 dev eth1");
	assert_string_equal(step_route_format(w, &s, true, buf, sizeof(buf)),
			    "路由：规则 32765 → 表 100 → 10.9.0.0/24："
			    "unicast via 10.1.0.1 dev eth1");
	tw_free(w);
}

/* arp_notify: a link coming up announces every address, secondaries
 * included, in list order; adding an address while up sends nothing. */
static void test_arp_notify_on_link_up(void **state)
{
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();
	uint32_t announced[4], n = 0;

	(void)state;
	tw_ok(w, TW_HOST "sysctl -w net.ipv4.conf.all.arp_notify=1\n"
	      "ip addr add 10.0.0.7/24 dev eth0\nrun 10ms\n");
	assert_int_equal(w->dev[2].stats[DEVC_tx_packets], 0);
	assert_int_equal(tw_run_traced(w, "ip link set eth0 down\n"
				       "ip link set eth0 up\nrun 10ms\n", tr),
			 CMD_OK);
	for (size_t i = 0; i < tr->n; i++) {
		const struct step *s = &tr->s[i];

		if (s->stage == ST_inetdev_send_gratuitous_arp &&
		    s->has_skb && n < 4)
			announced[n++] = (uint32_t)s->note_arg[0];
	}
	assert_int_equal(n, 2);
	assert_int_equal(announced[0], 0x0a000002);
	assert_int_equal(announced[1], 0x0a000007);
	assert_int_equal(w->dev[2].stats[DEVC_tx_packets], 2);
	/* arp_notify 0 again: the next link up is silent */
	tw_ok(w, "sysctl -w net.ipv4.conf.all.arp_notify=0\n"
	      "ip link set eth0 down\nip link set eth0 up\nrun 10ms\n");
	assert_int_equal(w->dev[2].stats[DEVC_tx_packets], 2);
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_prefs_and_order),
		cmocka_unit_test(test_rules_choose_tables),
		cmocka_unit_test(test_rp_filter_strict_and_loose),
		cmocka_unit_test(test_redirect_only_back_out_the_same_link),
		cmocka_unit_test(test_promote_secondaries),
		cmocka_unit_test(test_ifconfig_aliases),
		cmocka_unit_test(test_route_step_names_the_match),
		cmocka_unit_test(test_arp_notify_on_link_up),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
