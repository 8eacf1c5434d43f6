/*
 * batch.h: batch mode's output (CONTRACTS.md §1, §3): fates (text or JSON
 * Lines), steps with --trace steps, the counters at the end, error records,
 * and the -w DEV:FILE captures of what leaves a NIC (written with libpcap).
 * Memory stays constant however many packets go by.
 */
#ifndef NETSTEP_SRC_BATCH_H
#define NETSTEP_SRC_BATCH_H

#include <stdbool.h>
#include <stdio.h>

#include "json.h"
#include "step.h"
#include "tap.h"
#include "world.h"

enum batch_format { FMT_TEXT, FMT_JSON };
enum batch_trace { TRACE_NONE, TRACE_FATES, TRACE_STEPS };

#define BATCH_MAX_WRITES 8

struct batch {
	FILE *out;
	enum batch_format format;
	enum batch_trace trace;
	bool counters;
	int nwrites;
	struct {
		char dev[16];
		char path[512];
		void *dumper;     /* pcap_dumper_t */
		void *pcap;       /* pcap_t */
	} w[BATCH_MAX_WRITES];
	struct json j;
	/* tcpdump's output: lines to out (text) or as output records
	 * (JSON), pcap files of tcpdump -w (tap.h) */
	struct tap_io taps;
	/* JSON mode: what tools print is gathered here and written as
	 * {"type":"output"} records, so stdout stays JSON Lines. */
	FILE *tool_out;
	char *tool_buf;
	size_t tool_len;
	/* A replay's report (report.h), written by batch_finish just before
	 * the counters; NULL for none. */
	void (*report)(void *arg, const struct world *w);
	void *report_arg;
};

void batch_init(struct batch *b, FILE *out);
/* Adds -w DEV:FILE; false (and a message in err) if malformed. */
bool batch_add_write(struct batch *b, const char *arg, char *err, size_t n);
/* Opens the capture files; false with a message when one cannot be made. */
bool batch_open_writes(struct batch *b, char *err, size_t n);
/* After the run: false with a message if a -w named no device. */
bool batch_check_writes(const struct batch *b, const struct world *w,
			char *err, size_t n);
/* True when batch_step reads only fates from its steps (no --trace
 * steps, no -w): its sink can take lean steps (engine_step_lean), and
 * while no tap exists it does nothing with a step without a fate (what
 * the tools printed waits for the next record), so it needs no such
 * steps (step_sink.fates_only). */
bool batch_lean(const struct batch *b);
/* A step_sink function: arg is the struct batch. */
void batch_step(void *arg, const struct world *w, const struct step *s);
/* Fates of packets still waiting, then the counters. */
void batch_finish(struct batch *b, struct world *w);
void batch_error(struct batch *b, const char *where, const char *msg);
/* JSON mode: emits gathered tool output as an output record. */
void batch_flush_output(struct batch *b);
void batch_close(struct batch *b);

#endif
