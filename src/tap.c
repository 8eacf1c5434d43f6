/* tap.c: printing and writing what packet taps captured; see tap.h. */
#include "tap.h"

#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "proto/ether.h"

struct tap_slot {
	uint32_t id;                 /* the tap's id in the world */
	char file[TAP_TEXT];
	pcap_t *pcap;
	pcap_dumper_t *dumper;       /* NULL: the file could not be made */
};

void tap_io_init(struct tap_io *io, FILE *text)
{
	memset(io, 0, sizeof(*io));
	io->text = text;
}

static struct tap_slot *slot_find(struct tap_io *io,
				  const struct packet_tap *t)
{
	for (size_t i = 0; i < io->nslot; i++)
		if (io->slot[i].id == t->id && !strcmp(io->slot[i].file, t->file))
			return &io->slot[i];
	return NULL;
}

static bool slot_open(struct tap_io *io, const struct packet_tap *t)
{
	struct tap_slot *ns = realloc(io->slot, (io->nslot + 1) * sizeof(*ns));
	struct tap_slot *s;

	if (!ns) {
		snprintf(io->err, sizeof(io->err), "%s: out of memory", t->file);
		return false;
	}
	io->slot = ns;
	s = &io->slot[io->nslot++];
	memset(s, 0, sizeof(*s));
	s->id = t->id;
	snprintf(s->file, sizeof(s->file), "%s", t->file);
	s->pcap = pcap_open_dead(t->dev ? DLT_EN10MB : DLT_LINUX_SLL2,
				 TAP_SNAPLEN);
	s->dumper = s->pcap ? pcap_dump_open(s->pcap, s->file) : NULL;
	if (!s->dumper) {
		snprintf(io->err, sizeof(io->err), "%s: %s", s->file,
			 s->pcap ? pcap_geterr(s->pcap) : "cannot open");
		return false;
	}
	return true;
}

bool tap_io_sync(struct tap_io *io, const struct world *w)
{
	bool ok = true;

	if (!w->tap_seq)             /* no tcpdump ever ran: nothing to open */
		return true;
	for (int i = 0; i < TAP_MAX; i++) {
		const struct packet_tap *t = &w->tap[i];

		if (t->id && (t->flags & TAPF_WRITE) && !slot_find(io, t))
			ok = slot_open(io, t) && ok;
	}
	return ok;
}

void tap_io_timeline(struct tap_io *io, uint64_t no)
{
	if (no < io->hwm)
		io->hwm = no;
}

void tap_print_stats(FILE *f, const struct packet_tap *t)
{
	fprintf(f, "%llu packet%s captured\n%llu packet%s received by filter\n"
		"0 packets dropped by kernel\n", (unsigned long long)t->seen,
		t->seen == 1 ? "" : "s", (unsigned long long)t->seen,
		t->seen == 1 ? "" : "s");
}

static void tap_write(struct tap_io *io, const struct packet_tap *t)
{
	struct tap_slot *s = slot_find(io, t);
	uint8_t cooked[SKB_BUF + SLL2_HDR_LEN];
	const uint8_t *frame = t->frame;
	struct pcap_pkthdr h;

	if (!s || !s->dumper)
		return;
	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = (time_t)(t->hit_ns / 1000000000u);
	h.ts.tv_usec = (suseconds_t)(t->hit_ns % 1000000000u / 1000);
	h.caplen = t->caplen;
	h.len = t->len;
	/* -i any: the cooked frame, as the SOCK_DGRAM socket read it */
	if (!t->dev) {
		if (!(h.caplen = sll2_frame(t->frame, t->caplen, t->hit_dev,
					    t->hit_dev == 1, t->hit_pkttype,
					    cooked)))
			return;
		h.len = t->len - ETH_HLEN + SLL2_HDR_LEN;
		frame = cooked;
	}
	pcap_dump((u_char *)s->dumper, &h, frame);
}

/* The TCP state of the printing tap in world slot i (made on first use,
 * anew when another tap took the slot).  NULL when out of memory: the
 * lines then show absolute numbers. */
static struct tap_seqs *tap_seqs_for(struct tap_io *io, int i, uint32_t id)
{
	if (io->seqs[i] && io->seqs_id[i] == id)
		return io->seqs[i];
	free(io->seqs[i]);
	io->seqs[i] = calloc(1, sizeof(*io->seqs[i]));
	io->seqs_id[i] = id;
	return io->seqs[i];
}

static void tap_print_line(struct tap_io *io, const struct world *w, int i,
			   char *line, size_t n)
{
	const struct packet_tap *t = &w->tap[i];
	struct tap_line x = { NULL, t->hit_dev, t->hit_pkttype,
			      t->hit_dev == 1, NULL };

	if (!t->dev)
		x.ifname = w->dev[t->hit_dev].name;
	if (!(t->flags & TAPF_ABSSEQ))
		x.seqs = tap_seqs_for(io, i, t->id);
	tap_format_line(t->frame, t->caplen, t->len, t->hit_ns, t->flags, &x,
			line, n);
	fputs(line, io->text);
}

static void tap_ended(struct tap_io *io, const struct packet_tap *t)
{
	struct tap_slot *s = slot_find(io, t);

	if (s && s->dumper)
		pcap_dump_flush(s->dumper);
	if (io->text)
		tap_print_stats(io->text, t);
}

/* Out of line, so that the common case, no tap at all, costs tap_io_step
 * no stack frame: every step of a batch replay passes there. */
__attribute__((noinline))
static bool tap_io_emit(struct tap_io *io, const struct world *w,
			const struct step *s)
{
	bool wrote = false;
	char line[2048];

	tap_io_sync(io, w);
	if (s->no <= io->hwm)
		return false;
	io->hwm = s->no;
	for (int i = 0; i < TAP_MAX; i++) {
		const struct packet_tap *t = &w->tap[i];

		if (!t->id || t->hit_step != s->no)
			continue;
		if (t->flags & TAPF_WRITE) {
			tap_write(io, t);
		} else if (io->text) {
			tap_print_line(io, w, i, line, sizeof(line));
			wrote = true;
		}
		if (!t->active) {
			tap_ended(io, t);
			wrote = wrote || io->text;
		}
	}
	return wrote;
}

bool tap_io_step(struct tap_io *io, const struct world *w,
		 const struct step *s)
{
	if (w->tap_seq)
		return tap_io_emit(io, w, s);
	if (s->no > io->hwm)         /* no tap ever: nothing to scan */
		io->hwm = s->no;
	return false;
}

void tap_io_close(struct tap_io *io)
{
	for (size_t i = 0; i < io->nslot; i++) {
		if (io->slot[i].dumper)
			pcap_dump_close(io->slot[i].dumper);
		if (io->slot[i].pcap)
			pcap_close(io->slot[i].pcap);
	}
	free(io->slot);
	io->slot = NULL;
	io->nslot = 0;
	for (int i = 0; i < TAP_MAX; i++) {
		free(io->seqs[i]);
		io->seqs[i] = NULL;
	}
}
