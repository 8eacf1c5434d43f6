/*
 * fuzz_iptables.c: iptables' argument parser and the commands behind it
 * (cmd_iptables*.c, ip_tables.c), then the rules it built meeting packets
 * (ipt_do_table, REJECT, LOG, MARK, limit) and every listing.
 *
 * Each input line is one iptables command line without the leading word
 * ("-A INPUT -p tcp --dport 22 -j DROP"); a line may also start with
 * "iptables" or "iptables-save".  Lines are split with cmd_split and run
 * with cmd_exec, as the console runs them.  iptables-restore is not run
 * (it reads a file).  After every command the ruleset must be consistent:
 * each rule sits in the chain it names, each user chain's refs count the
 * rules jumping to it, and the rule pool holds exactly the listed rules
 * (abort otherwise).  Then a fixed burst of traffic runs through the rules,
 * each table is listed (-L -n -v -x --line-numbers, -S, iptables-save -c),
 * the world runs 60 simulated seconds and no skb may be left over.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "engine.h"
#include "scenario.h"
#include "world.h"

#define INPUT_MAX 4096
#define STEP_LIMIT 3000000
#define WORDS_MAX 128
#define LINE_MAX_LEN 1024

#include "fuzz_common.h"

static const char host[] =
	"nic add eth0 mac 02:00:00:00:00:02\n"
	"nic add eth1 mac 02:00:00:00:01:02\n"
	"ip link set eth0 up\nip link set eth1 up\n"
	"ip addr add 10.0.0.2/24 dev eth0\nip addr add 10.1.0.2/24 dev eth1\n"
	"ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev eth0 nud permanent\n"
	"ip neigh add 10.1.0.1 lladdr 02:00:00:00:01:01 dev eth1 nud permanent\n"
	"sysctl -w net.ipv4.ip_forward=1\n"
	"socket app udp bind 10.0.0.2:5000\n";

static const char traffic[] =
	"inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 payload \"hello\" count 3\n"
	"inject eth0 udp 10.0.0.1:40000 > 10.0.0.255:53 dst-mac broadcast\n"
	"inject eth0 tcp 10.0.0.1:40000 > 10.0.0.2:22 flags S seq 1\n"
	"inject eth0 tcp 10.0.0.1:40001 > 10.1.0.1:80 flags PA seq 5 ack 9 len 10\n"
	"inject eth0 icmp 10.0.0.1 > 10.0.0.2 echo-request id 1 seq 1 len 8\n"
	"inject eth0 udp 10.0.0.1:40000 > 10.1.0.1:5001 len 100 bad-l4-csum\n"
	"inject eth1 udp 10.1.0.1:1234 > 10.0.0.1:5002 payload \"x\"\n"
	"send app to 10.0.0.1:9 payload \"x\"\n"
	"run 1s\n"
	"recv app all\n";

static const char *const listings[] = {
	"iptables -L -n -v -x --line-numbers", "iptables -L", "iptables -S",
	"iptables -t mangle -L -n -v", "iptables -t mangle -S",
	"iptables -t raw -L -v", "iptables-save -c", "dmesg", NULL };

static void check_ruleset(const struct world *w)
{
	uint32_t listed = 0;

	for (int c = 0; c < IPT_CHAIN_MAX; c++) {
		const struct ipt_chain *ch = &w->ipt_chain[c];
		uint32_t refs = 0, n = 0;

		if (!ch->used)
			continue;
		for (uint32_t h = ch->head; h; h = w->ipt_rule[h - 1].next) {
			if (w->ipt_rule[h - 1].chain != c || ++n > IPT_RULE_MAX) {
				fprintf(stderr, "fuzz_iptables: chain %s's list "
					"is broken\n", ch->name);
				abort();
			}
		}
		listed += n;
		for (int d = 0; d < IPT_CHAIN_MAX; d++)
			for (uint32_t h = w->ipt_chain[d].used ?
			     w->ipt_chain[d].head : 0; h;
			     h = w->ipt_rule[h - 1].next) {
				const struct ipt_rule *r = &w->ipt_rule[h - 1];

				refs += (r->target == TG_JUMP ||
					 r->target == TG_GOTO) && r->jump == c;
			}
		if (!ch->hook && refs != ch->refs) {
			fprintf(stderr, "fuzz_iptables: chain %s has refs %u, "
				"%u rules jump to it\n", ch->name, ch->refs, refs);
			abort();
		}
	}
	if (listed != w->ipt_rule_pool.in_use) {
		fprintf(stderr, "fuzz_iptables: %u rules allocated, %u listed\n",
			w->ipt_rule_pool.in_use, listed);
		abort();
	}
}

/* Runs one input line as an iptables command (words as the console splits
 * them); lines naming another tool are skipped. */
static void run_line(struct world *w, const char *line, size_t len)
{
	char buf[LINE_MAX_LEN + 16], *av[WORDS_MAX + 1];
	int n;

	if (len > LINE_MAX_LEN)
		return;
	snprintf(buf, sizeof(buf), "%.*s", (int)len, line);
	if (strncmp(buf, "iptables", 8) || !strncmp(buf, "iptables-restore", 16))
		snprintf(buf, sizeof(buf), "iptables %.*s", (int)len, line);
	n = cmd_split(buf, av, WORDS_MAX);
	if (n <= 0 || (strcmp(av[0], "iptables") && strcmp(av[0], "iptables-save")))
		return;
	av[n] = NULL;
	cmd_exec(w, &c, n, av);
	check_ruleset(w);
}

static void run_text(struct world *w, const char *text)
{
	char *copy = strdup(text);

	if (!copy)
		abort();
	scenario_run_text(w, &c, "fuzz", copy);
	free(copy);
	c.where = NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init("fuzz_iptables", STEP_LIMIT);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct world *w;

	if (size > INPUT_MAX || memchr(data, 0, size))
		return 0;
	w = world_new();
	if (!w)
		abort();
	fuzz_ctx_reset();
	c.settle = true;
	run_text(w, host);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		run_line(w, p, len);
		p += len + 1;
	}
	run_text(w, traffic);
	for (int i = 0; listings[i]; i++)
		run_text(w, listings[i]);
	cmd_run_until(w, &c, w->now + 60ull * 1000000000ull, false);
	run_text(w, "recv app all\n");
	if (check_leaks && w->skb_pool.in_use) {
		fprintf(stderr, "fuzz_iptables: %u skb(s) left\n",
			w->skb_pool.in_use);
		abort();
	}
	check_ruleset(w);
	world_free(w);
	return 0;
}
