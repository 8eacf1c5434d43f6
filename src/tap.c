/* tap.c: printing and writing what packet taps captured; see tap.h. */
#include "tap.h"

#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

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
	s->pcap = pcap_open_dead(DLT_EN10MB, TAP_SNAPLEN);
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
	struct pcap_pkthdr h;

	if (!s || !s->dumper)
		return;
	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = (time_t)(t->hit_ns / 1000000000u);
	h.ts.tv_usec = (suseconds_t)(t->hit_ns % 1000000000u / 1000);
	h.caplen = t->caplen;
	h.len = t->len;
	pcap_dump((u_char *)s->dumper, &h, t->frame);
}

static void tap_ended(struct tap_io *io, const struct packet_tap *t)
{
	struct tap_slot *s = slot_find(io, t);

	if (s && s->dumper)
		pcap_dump_flush(s->dumper);
	if (io->text)
		tap_print_stats(io->text, t);
}

bool tap_io_step(struct tap_io *io, const struct world *w,
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
			tap_format(t->frame, t->caplen, t->len, t->hit_ns,
				   t->flags, line, sizeof(line));
			fputs(line, io->text);
			wrote = true;
		}
		if (!t->active) {
			tap_ended(io, t);
			wrote = wrote || io->text;
		}
	}
	return wrote;
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
}
