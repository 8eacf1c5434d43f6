/*
 * cmd.h: the command table.  Every scenario line, console command, lesson
 * setup and test goes through cmd_exec (DESIGN.md rule 7).  Each real tool
 * (ip, sysctl, ss, nstat, cat) and each simulator command (nic, socket,
 * send, recv, wait, inject, run, expect) is a handler taking an argv.
 *
 * Handlers write what the tool prints to ctx->out and errors, in the tool's
 * own voice, to ctx->err.  Commands that make traffic move the engine; every
 * step goes to ctx->sink as it happens, and in settle mode the command runs
 * the world until it is settled before returning.
 */
#ifndef NETSTEP_SRC_CMD_H
#define NETSTEP_SRC_CMD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "step.h"
#include "world.h"

struct replay_set;

/* Receives every step as it is taken; the step and world are valid only
 * during the call. */
struct step_sink {
	void (*fn)(void *arg, const struct world *w, const struct step *s);
	void *arg;
	bool lean;   /* fn reads no s->stack, before, after or deltas: the
			steps can be engine_step_lean's */
	bool fates_only; /* fn does nothing with a step that decided no
			    fate while no tcpdump tap exists (w->tap_seq
			    0): such steps are not passed to it */
};

#define FATE_MEMORY 65536

/* What `expect` can ask about the past: kept by cmd_note_step. */
struct run_memory {
	uint8_t stage_seen[256];           /* by enum stage */
	uint8_t verdict_seen[8][4];        /* [hook][verdict]: bit 0 seen,
					      bit T+1 from ipt_table T */
	uint32_t nfates;                   /* fates remembered */
	struct fate_rec *fates;            /* the first FATE_MEMORY, by order */
};

struct cmd_ctx {
	FILE *out, *err;
	const char *where;      /* "FILE:LINE" of the line being run, or NULL */
	bool settle;            /* traffic commands run the world until settled */
	uint16_t inject_pending; /* settle mode: ifindex bits of `inject`
				    lines in a row, started together and
				    settled by the next other line */
	struct step_sink sink;
	struct run_memory mem;
	struct replay_set *replay;   /* captures being replayed (replay.h);
					owned, made by the first `replay` */
	const char *base_dir;        /* a lesson's tree: a relative CAPTURE
					not found from here is looked for
					there; NULL for none (not owned) */
};

enum cmd_status { CMD_OK = 0, CMD_FAIL = 1, CMD_USAGE = 2 };

/* Runs one command line already split into words.  argv is not kept. */
enum cmd_status cmd_exec(struct world *w, struct cmd_ctx *ctx, int argc,
			 char **argv);
/* Splits line into words in place (quotes and backslashes as sh does; '#'
 * starting a word begins a comment).  Returns the count, -1 for an
 * unterminated quote, -2 for more than max words. */
int cmd_split(char *line, char **argv, int max);
/* Runs the engine until settled (or until t <= until), feeding the sink. */
void cmd_run_until(struct world *w, struct cmd_ctx *ctx, uint64_t until,
		   bool settle_only);
/* Settle mode: runs the injections started by `inject` lines in a row
 * (they share the run, one wire each) until the world is settled. */
void cmd_settle_pending(struct world *w, struct cmd_ctx *ctx);
/* Records a step in ctx->mem (for expect) and passes it to the sink. */
void cmd_note_step(struct cmd_ctx *ctx, const struct world *w,
		   const struct step *s);
void cmd_ctx_init(struct cmd_ctx *ctx, FILE *out, FILE *err);
void cmd_ctx_free(struct cmd_ctx *ctx);
/* Command names, for completion and help; NULL-terminated. */
const char *const *cmd_names(void);

/* Tool handlers (cmd_*.c). */
enum cmd_status cmd_ip(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_ifconfig(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_sysctl(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_ss(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_nstat(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_cat(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_nic(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_socket(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_send(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_recv(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_close(struct world *w, struct cmd_ctx *c, int argc,
			 char **argv);
enum cmd_status cmd_wait(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_inject(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_run(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_expect(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_ethtool(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_tc(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_cost(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_iptables(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_iptables_save(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_iptables_restore(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_dmesg(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_conntrack(struct world *w, struct cmd_ctx *c, int argc,
			      char **argv);
enum cmd_status cmd_tcpdump(struct world *w, struct cmd_ctx *c, int argc, char **argv);
enum cmd_status cmd_replay(struct world *w, struct cmd_ctx *c, int argc, char **argv);

/* Prints "where: " (if any) then the message, to ctx->err. */
void cmd_error(struct cmd_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* TIME with ns/us/ms/s; false on a bad number or unit. */
bool parse_time_ns(const char *s, uint64_t *out);
bool parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out);

#endif
