/*
 * test_route.c: addresses and the FIB (devinet.c, route.c).
 *
 * What Linux 6.x does, checked in a network namespace (iproute2 6.1):
 * `ip addr add 10.0.0.2/24 dev eth0` on an up device makes, in table
 * local, "local 10.0.0.2" (scope host) and "broadcast 10.0.0.255" (scope
 * link), and in table main "10.0.0.0/24 proto kernel scope link src
 * 10.0.0.2".  Link down keeps only the local route.
 */
#include "testlib.h"
#include "net.h"

/* The route of table with dst/plen, or NULL. */
static const struct fib_route *find_route(const struct world *w,
					  uint32_t table, uint32_t dst, int plen)
{
	uint32_t list[ROUTE_MAX];
	int n = fib_table_list(w, table, list, ROUTE_MAX);

	for (int i = 0; i < n; i++) {
		const struct fib_route *r = &w->route[list[i] - 1];

		if (r->dst == dst && r->plen == plen)
			return r;
	}
	return NULL;
}

static int table_len(const struct world *w, uint32_t table)
{
	uint32_t list[ROUTE_MAX];

	return fib_table_list(w, table, list, ROUTE_MAX);
}

static void test_addr_add_makes_three_routes(void **state)
{
	struct world *w = tw_new();
	const struct fib_route *r;
	int local0 = table_len(w, RT_TABLE_LOCAL);

	(void)state;
	tw_ok(w, TW_HOST);
	/* local 10.0.0.2 dev eth0 proto kernel scope host src 10.0.0.2 */
	r = find_route(w, RT_TABLE_LOCAL, 0x0a000002, 32);
	assert_non_null(r);
	assert_int_equal(r->type, RTN_LOCAL);
	assert_int_equal(r->dev, 2);
	assert_int_equal(r->scope, RT_SCOPE_HOST);
	assert_int_equal(r->proto, RTPROT_KERNEL);
	assert_int_equal(r->prefsrc, 0x0a000002);
	/* broadcast 10.0.0.255 dev eth0 proto kernel scope link */
	r = find_route(w, RT_TABLE_LOCAL, 0x0a0000ff, 32);
	assert_non_null(r);
	assert_int_equal(r->type, RTN_BROADCAST);
	assert_int_equal(r->scope, RT_SCOPE_LINK);
	assert_int_equal(r->prefsrc, 0x0a000002);
	/* no broadcast route for the network address in 6.x */
	assert_null(find_route(w, RT_TABLE_LOCAL, 0x0a000000, 32));
	assert_int_equal(table_len(w, RT_TABLE_LOCAL), local0 + 2);
	/* 10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 */
	r = find_route(w, RT_TABLE_MAIN, 0x0a000000, 24);
	assert_non_null(r);
	assert_int_equal(r->type, RTN_UNICAST);
	assert_int_equal(r->scope, RT_SCOPE_LINK);
	assert_int_equal(r->proto, RTPROT_KERNEL);
	assert_int_equal(r->gw, 0);
	assert_int_equal(r->prefsrc, 0x0a000002);
	assert_int_equal(table_len(w, RT_TABLE_MAIN), 1);
	assert_int_equal(inet_addr_type(w, 0x0a000002), RTN_LOCAL);
	assert_int_equal(inet_addr_type(w, 0x0a0000ff), RTN_BROADCAST);
	assert_int_equal(inet_addr_type(w, 0x0a000007), RTN_UNICAST);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_route_show_text(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST "ip route show\n");
	assert_non_null(strstr(tw_out, "10.0.0.0/24 dev eth0 proto kernel "
			       "scope link src 10.0.0.2"));
	tw_ok(w, "ip route show table local\n");
	/* iproute2 names the table only when it lists more than one (table
	 * all); `ip route show table local` prints no "table local" */
	if (strstr(tw_out, "table local"))
		print_error("`ip route show table local` printed 'table "
			    "local':\n%s", tw_out);
	assert_null(strstr(tw_out, "table local"));
	assert_non_null(strstr(tw_out, "local 10.0.0.2 dev eth0 proto kernel "
			       "scope host src 10.0.0.2"));
	assert_non_null(strstr(tw_out, "broadcast 10.0.0.255 dev eth0 proto "
			       "kernel scope link src 10.0.0.2"));
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_addr_del_and_secondary(void **state)
{
	struct world *w = tw_new();
	uint32_t h;

	(void)state;
	tw_ok(w, TW_HOST "ip addr add 10.0.0.3/24 dev eth0\n");
	h = ifa_find(w, 2, 0x0a000003, 24);
	assert_int_not_equal(h, 0);
	assert_true(w->ifa[h - 1].flags & IFA_F_SECONDARY);
	/* a secondary gets a local route only */
	assert_non_null(find_route(w, RT_TABLE_LOCAL, 0x0a000003, 32));
	assert_int_equal(table_len(w, RT_TABLE_MAIN), 1);
	tw_ok(w, "ip addr del 10.0.0.3/24 dev eth0\n");
	assert_null(find_route(w, RT_TABLE_LOCAL, 0x0a000003, 32));
	assert_non_null(find_route(w, RT_TABLE_MAIN, 0x0a000000, 24));
	tw_ok(w, "ip addr del 10.0.0.2/24 dev eth0\n");
	assert_null(find_route(w, RT_TABLE_LOCAL, 0x0a000002, 32));
	assert_null(find_route(w, RT_TABLE_LOCAL, 0x0a0000ff, 32));
	assert_null(find_route(w, RT_TABLE_MAIN, 0x0a000000, 24));
	assert_int_equal(inet_addr_type(w, 0x0a000002), RTN_UNICAST);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_link_down_keeps_local_route(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST "ip link set eth0 down\n");
	assert_non_null(find_route(w, RT_TABLE_LOCAL, 0x0a000002, 32));
	assert_null(find_route(w, RT_TABLE_LOCAL, 0x0a0000ff, 32));
	assert_null(find_route(w, RT_TABLE_MAIN, 0x0a000000, 24));
	tw_ok(w, "ip link set eth0 up\n");
	assert_non_null(find_route(w, RT_TABLE_LOCAL, 0x0a0000ff, 32));
	assert_non_null(find_route(w, RT_TABLE_MAIN, 0x0a000000, 24));
	/* no duplicate local route after down/up */
	assert_int_equal(table_len(w, RT_TABLE_LOCAL), 3 + 2);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_longest_prefix_wins(void **state)
{
	struct world *w = tw_new();
	struct dst d;

	(void)state;
	tw_ok(w, TW_HOST
	      "ip route add 10.1.0.0/16 via 10.0.0.1\n"
	      "ip route add 10.1.2.0/24 via 10.0.0.3\n"
	      "ip route add 10.1.2.128/25 dev eth0\n"
	      "ip route add default via 10.0.0.254\n");
	assert_int_equal(ip_route_output(w, 0x0a010203, 0, &d), 0);
	assert_int_equal(d.gw, 0x0a000003);
	assert_int_equal(d.dev, 2);
	assert_int_equal(d.prefsrc, 0x0a000002);
	assert_int_equal(ip_route_output(w, 0x0a010909, 0, &d), 0);
	assert_int_equal(d.gw, 0x0a000001);
	assert_int_equal(ip_route_output(w, 0x0a010281, 0, &d), 0);
	assert_int_equal(d.gw, 0);
	assert_int_equal(ip_route_output(w, 0x08080808, 0, &d), 0);
	assert_int_equal(d.gw, 0x0a0000fe);
	assert_int_equal(ip_route_output(w, 0x0a000007, 0, &d), 0);
	assert_int_equal(d.gw, 0);
	assert_int_equal(d.type, RTN_UNICAST);
	/* local beats everything: table local is looked up first */
	assert_int_equal(ip_route_output(w, 0x0a000002, 0, &d), 0);
	assert_int_equal(d.type, RTN_LOCAL);
	assert_int_equal(d.dev, 1);
	/* the same through `ip route get` */
	tw_ok(w, "ip route get 10.1.2.3\n");
	assert_non_null(strstr(tw_out, "10.1.2.3 via 10.0.0.3 dev eth0 src "
			       "10.0.0.2 uid 0"));
	tw_ok(w, "ip route get 10.0.0.2\n");
	assert_non_null(strstr(tw_out, "local 10.0.0.2 dev lo src 10.0.0.2"));
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_metric_breaks_ties_other_tables_unused(void **state)
{
	struct world *w = tw_new();
	struct dst d;

	(void)state;
	tw_ok(w, TW_HOST
	      "ip route add 10.5.0.0/16 via 10.0.0.1 metric 20\n"
	      "ip route add 10.5.0.0/16 via 10.0.0.3 metric 10\n");
	assert_int_equal(ip_route_output(w, 0x0a050001, 0, &d), 0);
	assert_int_equal(d.gw, 0x0a000003);
	/* only tables local and main are consulted (the default rules) */
	tw_ok(w, "ip route add 10.4.0.0/16 via 10.0.0.7 table 100\n");
	assert_int_equal(ip_route_output(w, 0x0a040001, 0, &d), -101);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_route_del_matches_metric_and_gateway(void **state)
{
	/* Linux (fib_table_delete) deletes only the route whose metric and
	 * gateway match those given; checked on 6.18 with veth:
	 *   ip route del 10.5.0.0/16 metric 10   removes the metric-10 route
	 *   ip route del 10.5.0.0/16 via 10.0.0.1 removes the one via .1 */
	struct world *w = tw_new();
	struct dst d;

	(void)state;
	tw_ok(w, TW_HOST
	      "ip route add 10.5.0.0/16 via 10.0.0.1 metric 20\n"
	      "ip route add 10.5.0.0/16 via 10.0.0.3 metric 10\n"
	      "ip route del 10.5.0.0/16 metric 10\n");
	assert_int_equal(ip_route_output(w, 0x0a050001, 0, &d), 0);
	if (d.gw != 0x0a000001)
		print_error("`ip route del ... metric 10` removed the metric 20 "
			    "route\n");
	assert_int_equal(d.gw, 0x0a000001);
	tw_ok(w, "ip route add 10.5.0.0/16 via 10.0.0.3 metric 10\n"
	      "ip route del 10.5.0.0/16 via 10.0.0.1\n");
	assert_int_equal(ip_route_output(w, 0x0a050001, 0, &d), 0);
	assert_int_equal(d.gw, 0x0a000003);
	tw_fails(w, "ip route del 10.5.0.0/16 via 10.0.0.7\n",
		 "RTNETLINK answers: No such process");
	tw_fails(w, "ip route del 10.5.0.0/16 metric 99\n",
		 "RTNETLINK answers: No such process");
	/* a type, when given, must match; without one any type goes */
	tw_ok(w, "ip route add blackhole 10.9.0.0/16\n");
	tw_fails(w, "ip route del unreachable 10.9.0.0/16\n",
		 "RTNETLINK answers: No such process");
	tw_ok(w, "ip route del 10.9.0.0/16\n");
	assert_null(find_route(w, RT_TABLE_MAIN, 0x0a090000, 16));
	/* with only a device, the lowest metric goes first */
	tw_ok(w, "ip route add 10.9.0.0/16 dev eth0 metric 3\n"
	      "ip route add 10.9.0.0/16 dev eth0\n"
	      "ip route del 10.9.0.0/16 dev eth0\n");
	assert_int_equal(find_route(w, RT_TABLE_MAIN, 0x0a090000,
				    16)->metric, 3);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_route_replace_same_metric(void **state)
{
	/* NLM_F_REPLACE replaces the route of the same metric only (6.18):
	 *   10.5.0.0/16 via 10.0.0.3 dev eth0 metric 10
	 *   10.5.0.0/16 via 10.0.0.4 dev eth0 metric 20 */
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST
	      "ip route add 10.5.0.0/16 via 10.0.0.1 metric 20\n"
	      "ip route add 10.5.0.0/16 via 10.0.0.3 metric 10\n"
	      "ip route replace 10.5.0.0/16 via 10.0.0.4 metric 20\n"
	      "ip route show\n");
	assert_non_null(strstr(tw_out, "10.5.0.0/16 via 10.0.0.3 dev eth0 "
			       "metric 10 \n10.5.0.0/16 via 10.0.0.4 dev eth0 "
			       "metric 20 \n"));
	/* no route of metric 0: replace adds one */
	tw_ok(w, "ip route replace 10.5.0.0/16 via 10.0.0.1\n");
	assert_int_equal(table_len(w, RT_TABLE_MAIN), 4);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_route_show_tables_and_get_from(void **state)
{
	/* iproute2 6.1 on Linux 6.18: `table all` names every table but
	 * main (by number when it has no name); `dev` drops "dev NAME";
	 * `ip route get ... from` shows "from" and no "src" */
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST
	      "ip route add 10.11.0.0/16 dev eth0 table 100 proto 77\n"
	      "ip route add blackhole default metric 7\n"
	      "ip route show table all\n");
	assert_non_null(strstr(tw_out,
			       "10.11.0.0/16 dev eth0 table 100 proto 77 scope "
			       "link \nblackhole default metric 7 \n"
			       "10.0.0.0/24 dev eth0 proto kernel scope link "
			       "src 10.0.0.2 \nlocal 10.0.0.2 dev eth0 table "
			       "local proto kernel scope host src "
			       "10.0.0.2 \n"));
	tw_ok(w, "ip route show table 100\n");
	assert_string_equal(tw_out,
			    "10.11.0.0/16 dev eth0 proto 77 scope link \n");
	tw_ok(w, "ip route show dev eth0\n");
	assert_string_equal(tw_out, "10.0.0.0/24 proto kernel scope link src "
			    "10.0.0.2 \n");
	tw_ok(w, "ip route get 10.0.0.7 from 10.0.0.2\n");
	assert_string_equal(tw_out, "10.0.0.7 from 10.0.0.2 dev eth0 uid 0 \n"
			    "    cache \n");
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_route_get_errors(void **state)
{
	struct world *w = tw_new();
	struct dst d;

	(void)state;
	tw_ok(w, TW_HOST
	      "ip route add blackhole 10.9.0.0/16\n"
	      "ip route add unreachable 10.8.0.0/16\n"
	      "ip route add prohibit 10.7.0.0/16\n");
	/* the kernel's errnos (fib_props) and iproute2's words for them */
	assert_int_equal(ip_route_output(w, 0x08080808, 0, &d), -101);
	tw_fails(w, "ip route get 8.8.8.8\n",
		 "RTNETLINK answers: Network is unreachable");
	assert_int_equal(ip_route_output(w, 0x0a090001, 0, &d), -22);
	tw_fails(w, "ip route get 10.9.0.1\n",
		 "RTNETLINK answers: Invalid argument");
	assert_int_equal(ip_route_output(w, 0x0a080001, 0, &d), -113);
	tw_fails(w, "ip route get 10.8.0.1\n",
		 "RTNETLINK answers: No route to host");
	assert_int_equal(ip_route_output(w, 0x0a070001, 0, &d), -13);
	tw_fails(w, "ip route get 10.7.0.1\n",
		 "RTNETLINK answers: Permission denied");
	/* a source that is not ours: __ip_dev_find fails, -ENETUNREACH */
	assert_int_equal(ip_route_output(w, 0x0a000007, 0x01020304, &d), -101);
	tw_fails(w, "ip route get 10.0.0.7 from 1.2.3.4\n",
		 "RTNETLINK answers: Network is unreachable");
	/* error lines name the scenario line */
	tw_fails(w, "\n\nip route get 8.8.8.8\n", "test:3: RTNETLINK");
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_route_add_errors(void **state)
{
	struct world *w = tw_new();
	int before;

	(void)state;
	tw_ok(w, TW_HOST);
	before = table_len(w, RT_TABLE_MAIN);
	/* gateway not on any link */
	tw_fails(w, "ip route add 10.6.0.0/16 via 1.1.1.1\n",
		 "Error: Nexthop has invalid gateway.");
	/* host bits set */
	tw_fails(w, "ip route add 1.2.3.4/16 dev eth0\n",
		 "Error: Invalid prefix for given prefix length.");
	tw_ok(w, "ip route add 10.6.0.0/16 dev eth0\n");
	tw_fails(w, "ip route add 10.6.0.0/16 dev eth0\n",
		 "RTNETLINK answers: File exists");
	tw_fails(w, "ip route del 10.66.0.0/16\n",
		 "RTNETLINK answers: No such process");
	assert_int_equal(table_len(w, RT_TABLE_MAIN), before + 1);
	tw_assert_pools_empty(w);
	tw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr_add_makes_three_routes),
		cmocka_unit_test(test_route_show_text),
		cmocka_unit_test(test_addr_del_and_secondary),
		cmocka_unit_test(test_link_down_keeps_local_route),
		cmocka_unit_test(test_longest_prefix_wins),
		cmocka_unit_test(test_metric_breaks_ties_other_tables_unused),
		cmocka_unit_test(test_route_del_matches_metric_and_gateway),
		cmocka_unit_test(test_route_replace_same_metric),
		cmocka_unit_test(test_route_show_tables_and_get_from),
		cmocka_unit_test(test_route_get_errors),
		cmocka_unit_test(test_route_add_errors),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
