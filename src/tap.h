/*
 * tap.h: the user-space end of tcpdump -- what happens to the frames a
 * packet tap (af_packet.h) captured: a tcpdump -n line, or a record in a
 * pcap file.  This is edge code: it holds FILE* and pcap_dumper_t, so it
 * lives outside the world, in a side table keyed by the tap's id.
 *
 * Exactly once: the debugger re-runs steps when it goes back (history.h),
 * and a re-run step captures the same frame again.  tap_io remembers the
 * highest step number it has emitted and emits nothing for steps at or
 * below it, so a line is printed and a frame written once however often
 * its step is re-run.  When the world takes another path (a command typed
 * while in the past), tap_io_timeline says from where steps are new.
 *
 * Ownership: tap_io owns its dumpers; text is the caller's stream.
 */
#ifndef NETSTEP_SRC_TAP_H
#define NETSTEP_SRC_TAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "step.h"
#include "world.h"

struct tap_slot;

struct tap_io {
	FILE *text;                  /* lines go here; NULL: dropped */
	uint64_t hwm;                /* highest step emitted */
	struct tap_slot *slot;       /* -w files by tap id, malloc'd */
	size_t nslot;
	struct tap_seqs *seqs[TAP_MAX]; /* printing taps' TCP state, by
					   world slot; malloc'd */
	uint32_t seqs_id[TAP_MAX];   /* the tap id each belongs to */
	char err[256];               /* the last file error, "" if none */
};

void tap_io_init(struct tap_io *io, FILE *text);
/* After a step: emits what the world's taps captured in it.  True when it
 * wrote text. */
bool tap_io_step(struct tap_io *io, const struct world *w,
		 const struct step *s);
/* Opens the pcap files of taps attached since the last call (a capture
 * with no packet still gets its file header).  False with io->err set
 * when a file cannot be made. */
bool tap_io_sync(struct tap_io *io, const struct world *w);
/* The world changed at step no (a command): later steps are new. */
void tap_io_timeline(struct tap_io *io, uint64_t no);
/* Flushes and closes the files. */
void tap_io_close(struct tap_io *io);

/* What tcpdump remembers between lines: the first sequence numbers of
 * each TCP conversation it saw with ACK set (print-tcp.c tcp_seq_hash),
 * to print later ones relative to them.  Full: the oldest is reused. */
#define TAP_TCP_CONVS 256
struct tap_tcp_conv {
	uint32_t src, dst, ports;    /* tcpdump's struct tha */
	uint32_t seq, ack;
};
struct tap_seqs {
	uint32_t n, next;
	struct tap_tcp_conv conv[TAP_TCP_CONVS];
};

/* What a line needs beyond the frame. */
struct tap_line {
	const char *ifname;          /* -i any: the device; NULL: Ethernet */
	uint32_t ifindex;
	uint8_t pkttype;             /* sll2_pkttype */
	bool loopback;
	struct tap_seqs *seqs;       /* NULL: absolute numbers (-S) */
};

/* One tcpdump -n line (with its '\n'; several lines for a hex dump) for
 * frame f of len bytes, caplen of them present, seen at ns; flags TAPF_*.
 * Returns the length written into buf (cut to n - 1).  tap_format is
 * tap_format_line without cooked header or TCP state. */
size_t tap_format(const uint8_t *f, size_t caplen, size_t len, uint64_t ns,
		  unsigned flags, char *buf, size_t n);
size_t tap_format_line(const uint8_t *f, size_t caplen, size_t len,
		       uint64_t ns, unsigned flags, const struct tap_line *x,
		       char *buf, size_t n);
/* The line's IPv4 part alone ("IP a.b > c.d: Flags [S], ..."), absolute
 * sequence numbers, no '\n', for an IPv4 packet whose first snap bytes
 * are at ip (the rest counted from its header). */
size_t tap_format_ip(const uint8_t *ip, size_t snap, char *buf, size_t n);
/* tcpdump's TCP flag letters ("S.", "FP."), in its order; "" for none. */
char *tap_tcp_flags(uint8_t flags, char out[9]);
/* tcpdump's closing lines: "N packets captured" ... */
void tap_print_stats(FILE *f, const struct packet_tap *t);

#endif
