/* replay.c: capture files feeding a NIC's wire; see replay.h. */
#include "replay.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "net.h"

struct replay_src {
	char *path, *filter;
	pcap_t *p;
	struct bpf_program prog;
	bool has_prog;
	uint64_t pos;                /* frames read from p */
	char err[PCAP_ERRBUF_SIZE + 256];
	bool failed;
	uint64_t size;               /* bytes in the file, for progress */
	char *iobuf;                 /* the file's stdio buffer (open_file) */
};

struct replay_set {
	int n;
	struct replay_src v[REPLAY_MAX_SRC];
	FILE *progress;              /* NULL: no progress line */
	struct timespec t0, last;    /* wall clock: display only, never the world */
	bool shown;
};

const char replay_default_host[] =
	"nic add eth0 mac 02:00:00:00:00:02\n"
	"ip link set eth0 up\n"
	"ip addr add 10.0.0.2/24 dev eth0\n"
	"socket app udp bind 10.0.0.2:5000\n";

struct replay_set *replay_set_new(void)
{
	return calloc(1, sizeof(struct replay_set));
}

void replay_set_free(struct replay_set *rs)
{
	if (!rs)
		return;
	replay_progress_end(rs);
	for (int i = 0; i < rs->n; i++) {
		struct replay_src *r = &rs->v[i];

		if (r->has_prog)
			pcap_freecode(&r->prog);
		if (r->p)
			pcap_close(r->p);
		free(r->iobuf);
		free(r->path);
		free(r->filter);
	}
	free(rs);
}

/* libpcap reads through the stream's buffer, 4 KiB by default: a read(2)
 * every few dozen frames was a twentieth of a batch replay. */
#define REPLAY_IOBUF (256u << 10)

/* Nanosecond timestamps whatever the file stores (pcapng may hold ns).
 * The file is opened here as pcap_open_offline opens it (same errors), to
 * give its stream iobuf (REPLAY_IOBUF bytes; NULL: stdio's own). */
static pcap_t *open_file(const char *path, char *iobuf, char *errbuf)
{
	FILE *f;
	pcap_t *p;

	if (!iobuf || !strcmp(path, "-"))
		return pcap_open_offline_with_tstamp_precision(path,
				PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!(f = fopen(path, "rb"))) {
		snprintf(errbuf, PCAP_ERRBUF_SIZE, "%s: %s", path,
			 strerror(errno));
		return NULL;
	}
	setvbuf(f, iobuf, _IOFBF, REPLAY_IOBUF);
	p = pcap_fopen_offline_with_tstamp_precision(f,
			PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!p)
		fclose(f);
	return p;
}

static int open_check(pcap_t *p, const char *path, const char *filter,
		      struct bpf_program *prog, char *err, size_t n)
{
	if (pcap_datalink(p) != DLT_EN10MB) {
		snprintf(err, n, "replay: %s: link type %s: only Ethernet "
			 "captures can arrive on a NIC", path,
			 pcap_datalink_val_to_name(pcap_datalink(p)) ?
			 pcap_datalink_val_to_name(pcap_datalink(p)) : "unknown");
		return -1;
	}
	if (*filter && pcap_compile(p, prog, filter, 1,
				    PCAP_NETMASK_UNKNOWN) < 0) {
		snprintf(err, n, "replay: bad filter expression '%s': %s",
			 filter, pcap_geterr(p));
		return -1;
	}
	return 0;
}

int replay_open(struct replay_set *rs, const char *path, const char *filter,
		char *err, size_t n)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	struct replay_src r = { 0 };
	struct stat st;

	for (int i = 0; i < rs->n; i++)
		if (!strcmp(rs->v[i].path, path) &&
		    !strcmp(rs->v[i].filter, filter))
			return i + 1;
	if (rs->n == REPLAY_MAX_SRC) {
		snprintf(err, n, "replay: at most %d capture files",
			 REPLAY_MAX_SRC);
		return 0;
	}
	r.iobuf = malloc(REPLAY_IOBUF);
	r.p = open_file(path, r.iobuf, ebuf);
	if (!r.p) {
		free(r.iobuf);
		/* libpcap says "unknown file format" for anything else */
		snprintf(err, n, "replay: %s%s", ebuf,
			 strstr(ebuf, "unknown file format") ?
			 " (not a pcap or pcapng capture)" : "");
		return 0;
	}
	if (open_check(r.p, path, filter, &r.prog, err, n) < 0) {
		pcap_close(r.p);
		free(r.iobuf);
		return 0;
	}
	r.has_prog = *filter != 0;
	r.path = strdup(path);
	r.filter = strdup(filter);
	r.size = !stat(path, &st) ? (uint64_t)st.st_size : 0;
	if (!r.path || !r.filter) {
		free(r.path);
		free(r.filter);
		if (r.has_prog)
			pcap_freecode(&r.prog);
		pcap_close(r.p);
		free(r.iobuf);
		snprintf(err, n, "replay: out of memory");
		return 0;
	}
	rs->v[rs->n++] = r;
	return rs->n;
}

void replay_start(struct world *w, int id, int dev, uint32_t speed_milli)
{
	memset(&w->replay, 0, sizeof(w->replay));
	w->replay.src = (uint8_t)id;
	w->replay.dev = (uint8_t)dev;
	w->replay.speed_milli = speed_milli;
	w->replay.start_ns = w->now;
}

static void fail(struct replay_src *r, struct world *w, const char *fmt,
		 const char *what)
{
	snprintf(r->err, sizeof(r->err), fmt, r->path, what,
		 (unsigned long long)r->pos);
	r->failed = true;
	w->replay.src = 0;
}

/* Puts r at frame `next` of its file: sequential reading never moves it;
 * a world taken back to an earlier frame makes it reopen and skip. */
static bool reposition(struct replay_src *r, struct world *w, uint64_t next)
{
	struct pcap_pkthdr *h;
	const u_char *d;
	char ebuf[PCAP_ERRBUF_SIZE] = "";

	if (r->pos > next) {
		pcap_close(r->p);
		r->p = open_file(r->path, r->iobuf, ebuf);
		r->pos = 0;
		if (!r->p) {
			fail(r, w, "replay: %s: %s (reopening at frame %llu)",
			     ebuf);
			return false;
		}
	}
	while (r->pos < next) {
		if (pcap_next_ex(r->p, &h, &d) != 1) {
			fail(r, w, "replay: %s: %s (at frame %llu)",
			     "the file changed while it was replayed");
			return false;
		}
		r->pos++;
	}
	return true;
}

static uint64_t ts_ns(const struct pcap_pkthdr *h)
{
	if (h->ts.tv_sec < 0)
		return 0;
	return (uint64_t)h->ts.tv_sec * 1000000000u + (uint64_t)h->ts.tv_usec;
}

/* When the frame reaches the NIC: its capture time since the first frame
 * scaled by the speed, never before the previous frame has left the wire
 * (a NIC receives one frame at a time). */
static uint64_t arrival_ns(struct world *w, uint64_t ts)
{
	struct replay_cursor *c = &w->replay;
	uint64_t t = c->start_ns, d, wire;

	if (!c->replayed) {
		c->ts0_ns = ts;
		return t > w->now ? t : w->now;
	}
	wire = c->last_ns + nic_wire_time(&w->dev[c->dev].nic, c->last_len);
	if (c->speed_milli) {
		d = ts > c->ts0_ns ? ts - c->ts0_ns : 0;
		t += d / c->speed_milli * 1000 +
		     d % c->speed_milli * 1000 / c->speed_milli;
	}
	if (t < wire)
		t = wire;
	return t > w->now ? t : w->now;
}

static void load(struct world *w, struct replay_src *r,
		 const struct pcap_pkthdr *h, const u_char *d)
{
	struct replay_cursor *c = &w->replay;
	uint32_t ih = pool_alloc(&w->inj_pool, w->inj_next);
	struct injector *inj;
	uint32_t len = h->caplen > 0xffff ? 0xffff : h->caplen;

	if (!ih) {
		fail(r, w, "replay: %s: %s (at frame %llu)",
		     "every injector is busy");
		return;
	}
	inj = &w->inj[ih - 1];
	inj->dev = c->dev;
	inj->len = (uint16_t)len;
	inj->remaining = 1;
	inj->gap_ns = 0;
	inj->replay = true;
	inj->bad_fcs = false;
	memcpy(inj->frame, d, len < SKB_BUF ? len : SKB_BUF);
	c->last_ns = arrival_ns(w, ts_ns(h));
	c->last_len = len;
	c->replayed++;
	c->inj = ih;
	c->loaded = true;
	ev_push(w, c->last_ns, EV_ARRIVAL, ih);
}

static void progress(struct replay_set *rs, const struct replay_src *r,
		     const struct world *w);

/* Out of line, so that replay_feed's usual answer, the next frame is
 * already loaded, costs no stack frame: it is asked at every step. */
__attribute__((noinline))
static void feed_next(struct replay_set *rs, struct world *w)
{
	struct replay_cursor *c = &w->replay;
	struct replay_src *r;
	struct pcap_pkthdr *h;
	const u_char *d;
	int rc;

	if (!rs || c->src > rs->n) {
		c->src = 0;          /* no reader for it here: nothing arrives */
		return;
	}
	r = &rs->v[c->src - 1];
	if (!reposition(r, w, c->next))
		return;
	for (;;) {
		rc = pcap_next_ex(r->p, &h, &d);
		if (rc == PCAP_ERROR_BREAK) {
			c->src = 0;  /* end of the file */
			return;
		}
		if (rc != 1) {
			fail(r, w, "replay: %s: %s (after frame %llu)",
			     pcap_geterr(r->p));
			return;
		}
		c->next = ++r->pos;
		if (!r->has_prog || pcap_offline_filter(&r->prog, h, d))
			break;
	}
	load(w, r, h, d);
	if (rs->progress && !(r->pos & 4095))
		progress(rs, r, w);
}

void replay_feed(struct replay_set *rs, struct world *w)
{
	if (w->replay.src && !w->replay.loaded)
		feed_next(rs, w);
}

const char *replay_failed(const struct replay_set *rs, int id)
{
	if (!rs || id < 1 || id > rs->n || !rs->v[id - 1].failed)
		return NULL;
	return rs->v[id - 1].err;
}

uint64_t replay_frames_read(const struct replay_set *rs, int id)
{
	return rs && id >= 1 && id <= rs->n ? rs->v[id - 1].pos : 0;
}

const char *replay_path(const struct replay_set *rs, int id)
{
	return rs && id >= 1 && id <= rs->n ? rs->v[id - 1].path : "";
}

int replay_count(const struct replay_set *rs)
{
	return rs ? rs->n : 0;
}

/* ---- the progress line (wall clock for display only) ---- */

static double secs_since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void replay_progress_to(struct replay_set *rs, FILE *f)
{
	rs->progress = f;
	clock_gettime(CLOCK_MONOTONIC, &rs->t0);
	rs->last = rs->t0;
}

/* Shown once a replay has run a second, then five times a second. */
static void progress(struct replay_set *rs, const struct replay_src *r,
		     const struct world *w)
{
	struct timespec now;
	long off = pcap_file(r->p) ? ftell(pcap_file(r->p)) : -1;
	double el;

	clock_gettime(CLOCK_MONOTONIC, &now);
	el = secs_since(&rs->t0, &now);
	if (el < 1.0 || secs_since(&rs->last, &now) < 0.2)
		return;
	rs->last = now;
	rs->shown = true;
	fprintf(rs->progress, "\rreplay %s: %llu frames", r->path,
		(unsigned long long)r->pos);
	if (off >= 0 && r->size)
		fprintf(rs->progress, ", %.0f%% of the file",
			100.0 * (double)off / (double)r->size);
	fprintf(rs->progress, ", %.0f frames/s, %.3f s simulated   ",
		(double)r->pos / el, (double)w->now / 1e9);
	fflush(rs->progress);
}

void replay_progress_end(struct replay_set *rs)
{
	if (rs && rs->progress && rs->shown) {
		fprintf(rs->progress, "\r\033[K");
		fflush(rs->progress);
		rs->shown = false;
	}
}
