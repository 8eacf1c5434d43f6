/*
 * fuzz_pcap.c: arbitrary bytes as a capture file replayed into a host.
 *
 * The input is written to a file and replayed with `replay FILE asap`
 * (every frame) or, when its first byte is odd, with a pcap-filter
 * expression, into the demo host (eth0 10.0.0.2/24, a UDP socket on 5000).
 * libpcap reads pcap and pcapng, so both formats' headers, block lengths,
 * link types, capture lengths and timestamps are fuzzed, and whatever
 * frames come out go through the whole receive path.
 *
 * A malformed file must end in a clear message and a status (CMD_USAGE
 * for one libpcap refuses at open, CMD_FAIL for one cut short), never a
 * crash; a file that replays must leave the world settled with no
 * injector left (one frame at a time, freed as it arrives).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "engine.h"
#include "replay.h"
#include "scenario.h"
#include "world.h"

#define STEP_LIMIT 2000000

#include "fuzz_common.h"

static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init("fuzz_pcap", STEP_LIMIT);
	snprintf(path, sizeof(path), "/tmp/fuzz_pcap.%d", (int)getpid());
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[128];
	struct world *w;
	enum cmd_status st;
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, size, f) != size) {
		fprintf(stderr, "fuzz_pcap: cannot write %s\n", path);
		abort();
	}
	fclose(f);
	w = world_new();
	if (!w)
		abort();
	fuzz_ctx_reset();
	if (scenario_run_text(w, &c, "fuzz_pcap", replay_default_host) != CMD_OK)
		abort();
	snprintf(line, sizeof(line), "replay %s asap%s", path,
		 size && (data[0] & 1) ? " udp or arp or icmp" : "");
	st = scenario_run_line(w, &c, "fuzz_pcap", line);
	if (st != CMD_OK && st != CMD_USAGE && st != CMD_FAIL)
		abort();
	if (st == CMD_OK && (!engine_settled(w) || w->replay.src)) {
		fprintf(stderr, "fuzz_pcap: replay returned unsettled\n");
		abort();
	}
	if (check_leaks && w->inj_pool.in_use) {
		fprintf(stderr, "fuzz_pcap: %u injector(s) left\n",
			w->inj_pool.in_use);
		abort();
	}
	/* the next input's replay opens its own source */
	replay_set_free(c.replay);
	c.replay = NULL;
	world_free(w);
	return 0;
}
