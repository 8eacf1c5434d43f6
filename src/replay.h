/*
 * replay.h: captured traffic arriving on a NIC's wire (`replay`, -r).
 *
 * A replay has two halves.  In the world, struct replay_cursor (world.h)
 * says where the replay stands: how many frames of the file were read,
 * when the last one arrived, and whether the next one already waits in an
 * injector.  Outside the world, a replay_set holds the open files (libpcap
 * reads pcap and pcapng), their compiled pcap-filter programs and their
 * read positions.  Whoever runs the engine calls replay_feed() before each
 * step: when the world's frame has arrived, the set reads on to the next
 * one the filter accepts and puts it in a fresh injector, due at its
 * capture time scaled by the speed (or back to back at wire speed, asap).
 * So the world stays a value, one frame is in memory at a time however
 * long the file, and a world restored from a checkpoint simply asks for
 * frame N again: the set reopens the file and skips to it.
 */
#ifndef NETSTEP_SRC_REPLAY_H
#define NETSTEP_SRC_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "world.h"

#define REPLAY_MAX_SRC 16

struct replay_set;

struct replay_set *replay_set_new(void);
void replay_set_free(struct replay_set *rs);

/* Opens path and compiles filter ("" for every frame).  Returns the
 * source id (1-based; the same id again for the same path and filter), or
 * 0 with a message in err: a missing file, not a capture, a link type
 * other than Ethernet, a bad filter expression. */
int replay_open(struct replay_set *rs, const char *path, const char *filter,
		char *err, size_t n);
/* Starts source id in w on NIC dev; speed_milli 0 is asap. */
void replay_start(struct world *w, int id, int dev, uint32_t speed_milli);
/* Loads the running replay's next frame when none waits; ends the replay
 * at the end of the file or on a read error (replay_failed says). */
void replay_feed(struct replay_set *rs, struct world *w);
/* The read error that ended source id, or NULL. */
const char *replay_failed(const struct replay_set *rs, int id);
/* Frames read from source id's file so far, and its path. */
uint64_t replay_frames_read(const struct replay_set *rs, int id);
const char *replay_path(const struct replay_set *rs, int id);
/* Ids of sources opened, 1..replay_count. */
int replay_count(const struct replay_set *rs);

/* A progress line on f while a long replay runs (batch mode on a
 * terminal); replay_progress_end clears it. */
void replay_progress_to(struct replay_set *rs, FILE *f);
void replay_progress_end(struct replay_set *rs);

/* The host -r uses when no scenario is given: the demo host's setup. */
extern const char replay_default_host[];

#endif
