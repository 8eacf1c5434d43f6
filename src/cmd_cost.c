/*
 * cmd_cost.c: `cost [STAGE [NS]]`, the simulator's table of CPU time per
 * step (no real-tool twin).  Every function the CPU runs advances the clock
 * by its cost, so the table decides how fast the host drains its queues: a
 * burst overflows a small RX ring when the per-packet path costs more than
 * a frame's time on the wire.  The defaults (stages.h) are rough figures
 * for a 2-3 GHz x86 core; hardware acts (nic_*) cost no CPU time.
 *   cost                 the whole table
 *   cost STAGE           one row (STAGE: a function name or a stage key)
 *   cost STAGE NS        sets it (0..10000000)
 *   cost reset           back to the defaults
 */
#include <string.h>

#include "cmd.h"
#include "net.h"

static enum stage find_stage(const char *name)
{
	enum stage s = stage_by_key(name);

	return s ? s : stage_by_func(name);
}

static void cost_row(const struct world *w, struct cmd_ctx *c, enum stage s)
{
	const struct stage_info *si = stage_info(s);

	fprintf(c->out, "%-30s %8u ns%s\n", si->func, w->stage_cost[s],
		si->flags & SF_HW ? "  (hardware: no CPU time)" :
		w->stage_cost[s] != si->cost_ns ? "  (changed)" : "");
}

enum cmd_status cmd_cost(struct world *w, struct cmd_ctx *c, int argc,
			 char **argv)
{
	enum stage s;
	uint64_t v;

	if (argc == 1) {
		for (int i = 1; i < STAGE__COUNT; i++)
			cost_row(w, c, (enum stage)i);
		return CMD_OK;
	}
	if (argc == 2 && !strcmp(argv[1], "reset")) {
		for (int i = 1; i < STAGE__COUNT; i++)
			w->stage_cost[i] = stage_info((enum stage)i)->cost_ns;
		return CMD_OK;
	}
	if (argc > 3) {
		cmd_error(c, "usage: cost [STAGE [NS]] | cost reset");
		return CMD_USAGE;
	}
	if (!(s = find_stage(argv[1]))) {
		cmd_error(c, "cost: no stage '%s' (`cost` lists them)", argv[1]);
		return CMD_USAGE;
	}
	if (argc == 2)
		return cost_row(w, c, s), CMD_OK;
	if (!parse_u64(argv[2], 0, 10000000, &v)) {
		cmd_error(c, "cost: '%s' is not a cost in ns (0-10000000)",
			  argv[2]);
		return CMD_USAGE;
	}
	if (stage_info(s)->flags & SF_HW) {
		cmd_error(c, "cost: %s is done by the NIC, not the CPU",
			  stage_info(s)->func);
		return CMD_FAIL;
	}
	if (!strcmp(stage_info(s)->func, "nf_hook") && !stage_by_key(argv[1])) {
		/* one name, five hooks: set them all */
		for (int i = 1; i < STAGE__COUNT; i++)
			if (!strcmp(stage_info((enum stage)i)->func, "nf_hook"))
				w->stage_cost[i] = (uint32_t)v;
		return CMD_OK;
	}
	w->stage_cost[s] = (uint32_t)v;
	return CMD_OK;
}
