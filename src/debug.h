/*
 * debug.h: the debugger's model -- moving through the engine's steps
 * forwards and backwards like gdb, with breakpoints and watchpoints.
 * No terminal code: the TUI, lessons and tests all drive it the same way.
 *
 * Going back is exact: the history holds checkpoints of the world, and
 * reverse-step restores the latest one before the wanted step and re-runs
 * the deterministic engine up to it (history.h).  After any move,
 * dbg->last is the step just taken (the one the screen shows) and
 * dbg->w the world right after it.
 *
 * Breakpoints and watchpoints belong to the debugger, not the world: going
 * back does not undo them.
 */
#ifndef NETSTEP_SRC_DEBUG_H
#define NETSTEP_SRC_DEBUG_H

#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cmd.h"
#include "history.h"
#include "scenario.h"
#include "step.h"
#include "tap.h"
#include "world.h"

enum dbg_stop {
	DBG_STEPPED,        /* did what was asked */
	DBG_BREAKPOINT,     /* a breakpoint matched (dbg->stop_id) */
	DBG_WATCHPOINT,     /* a watched value changed (dbg->stop_id) */
	DBG_IDLE,           /* nothing left to run: the host is idle */
	DBG_AT_START,       /* going back reached the first step kept */
	DBG_LIMIT,          /* gave up after DBG_MAX_RUN steps */
};

enum brk_kind { BRK_FUNC, BRK_DROP, BRK_FILTER };
enum watch_kind { WATCH_COUNTER, WATCH_RX_RING, WATCH_TX_RING, WATCH_BACKLOG,
		  WATCH_SOCKET, WATCH_QDISC, WATCH_NEIGH };

#define DBG_MAX_BREAKS 32
#define DBG_MAX_WATCHES 16
#define DBG_MAX_RUN 10000000ull  /* steps one continue may take */

struct dbg_break {
	int id;                      /* as `info breakpoints` numbers it */
	uint8_t kind;                /* enum brk_kind */
	bool enabled;
	char func[48];               /* BRK_FUNC: kernel function name */
	uint8_t reason;              /* BRK_DROP: 0 = any drop */
	char text[160];              /* what the user typed after `break` */
	bool compiled;               /* BRK_FILTER: both programs below */
	struct bpf_program on_eth;   /* for skbs whose data starts at the MAC */
	struct bpf_program on_ip;    /* for skbs without an Ethernet header */
	uint32_t hits;
};

struct dbg_watch {
	int id;
	uint8_t kind;                /* enum watch_kind */
	char text[96];               /* what the user typed after `watch` */
	char name[64];               /* counter name, socket name... */
	int dev;                     /* ifindex, for rings and qdiscs */
	uint32_t addr;               /* WATCH_NEIGH */
	uint64_t old;                /* the value at the last stop */
	uint32_t hits;
};

struct dbg {
	struct world *w;             /* owned by the caller */
	struct history *hist;        /* owned */
	struct step last;            /* the step just taken */
	bool has_last;
	uint64_t first_step;         /* w->step_no when the debugger began */
	struct dbg_break brk[DBG_MAX_BREAKS];
	int nbrk;
	struct dbg_watch watch[DBG_MAX_WATCHES];
	int nwatch;
	int next_id;                 /* breakpoints and watchpoints share ids */
	int stop_id;                 /* which one stopped the last move */
	char stop_msg[200];          /* why the last move stopped, for humans */

	/* The scenario runs as the user steps: lines run until one starts
	 * traffic, the next ones when the host is idle again (as batch mode
	 * runs them, where each traffic command settles). */
	struct script script;        /* owned */
	size_t script_pos;           /* next line to run */
	uint64_t *script_ran_at;     /* step_no when each line ran */
	struct cmd_ctx *ctx;         /* runs the lines; the caller's */
	struct tap_io *taps;         /* tcpdump's output; the caller's,
					NULL for none.  Fed every step
					taken for the first time */
	bool script_failed;          /* a line was refused: the rest wait */
	FILE *klog;                  /* the LOG target's new lines go here,
					as a kernel prints to its console;
					NULL for none */
	uint64_t klog_hwm;           /* highest step whose lines went out */

	/* For `rerun`: the function each step ran (by step_no), and the
	 * console commands that changed the world, with when. */
	uint16_t *path;
	uint64_t path_cap;
	struct dbg_cmd_log { char *line; uint64_t at; } *log;
	size_t nlog, log_cap;

	/* A lesson stops forward moves where its narration goes on: called
	 * after each forward step; true stops the move there, with msg (at
	 * most n bytes) as the stop message.  NULL: none. */
	bool (*stop_hook)(void *arg, const struct world *w,
			  const struct step *s, char *msg, size_t n);
	void *stop_arg;
};

/* w and ctx stay the caller's; ctx's sink is pointed at the debugger so
 * steps that commands take (`run 10ms`) become dbg->last.  The script is
 * taken over (sc is left empty).  False when memory is short. */
bool dbg_init(struct dbg *d, struct world *w, struct cmd_ctx *ctx,
	      struct script *sc);
/* Runs script lines that are due: until one starts traffic.  Called by
 * every forward move; false when a line failed (its message went to
 * ctx->err). */
bool dbg_feed_script(struct dbg *d);
/* Runs one console command through the command table (scenario commands,
 * not debugger ones) and checkpoints the world after it. */
enum cmd_status dbg_command(struct dbg *d, const char *line);
/* A command that only reads the world (ip route show, nstat): no
 * checkpoint. */
enum cmd_status dbg_query(struct dbg *d, const char *line);
void dbg_free(struct dbg *d);
/* The world changed outside a step (a command): a checkpoint, so that
 * going back past this point undoes the command. */
void dbg_world_changed(struct dbg *d);

/* One kernel function, n times (stops early at a breakpoint). */
enum dbg_stop dbg_step(struct dbg *d, uint64_t n);
/* The next function of this frame's chain, stepping over callees. */
enum dbg_stop dbg_next(struct dbg *d, uint64_t n);
/* Until the current function returns to its caller. */
enum dbg_stop dbg_finish(struct dbg *d);
/* Until a breakpoint, a watchpoint or idle. */
enum dbg_stop dbg_continue(struct dbg *d);

enum dbg_stop dbg_reverse_step(struct dbg *d, uint64_t n);
enum dbg_stop dbg_reverse_next(struct dbg *d, uint64_t n);
enum dbg_stop dbg_reverse_finish(struct dbg *d);
enum dbg_stop dbg_reverse_continue(struct dbg *d);
/* Back to the step number `no` exactly (0: before the first step). */
enum dbg_stop dbg_goto(struct dbg *d, uint64_t no);

/* `break FUNC`, `break drop [REASON]`, `break if FILTER`: returns the new
 * id, or -1 with a message in err (in gdb's voice). */
int dbg_break_add(struct dbg *d, const char *spec, char *err, size_t n);
/* `watch COUNTER`, `watch ring DEV rx|tx`, `watch backlog`, `watch socket
 * NAME`, `watch qdisc DEV`, `watch neigh ADDR`. */
int dbg_watch_add(struct dbg *d, const char *spec, char *err, size_t n);
/* `delete [ID]`: all when id < 0.  False when there is no such id. */
bool dbg_delete(struct dbg *d, int id);
/* The current value of a watch. */
uint64_t dbg_watch_value(const struct dbg *d, const struct dbg_watch *wt);

/* "What if": the same inputs from the start, with every console command
 * typed so far applied at the start, run until the path (the function of
 * each step) differs from the one before, or as far as it went.  Stops at
 * the first different step (DBG_BREAKPOINT-like, described in stop_msg) or
 * where the old run ended (DBG_STEPPED). */
enum dbg_stop dbg_rerun(struct dbg *d);

const char *dbg_stop_name(enum dbg_stop s);

#endif
