/*
 * pane_skb.c: the sk_buff of the step just taken -- its fields, the ones
 * this step changed lit, and its bytes from the outermost header to tail,
 * coloured by header with a mark where skb->data points, so a student sees
 * data move as eth_type_trans and ip_local_deliver_finish pull headers and
 * ip_finish_output2 pushes one.  An skb the step freed is shown as it was
 * before the step, with the bytes its fate record kept.
 */
#include "pane.h"

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "../src/nf_ct.h"
#include "../src/pkt.h"
#include "../src/proto/arp.h"
#include "../src/proto/ether.h"
#include "../src/proto/icmp.h"
#include "../src/proto/udp.h"

/* src/proto/ip.h cannot be included here: its IPPROTO_* and INADDR_*
 * clash with <netinet/in.h>, which pane.h brings in through <pcap/pcap.h>.
 * The header is read field by field in wire order (ipv4_read), so only
 * these of its constants are needed (RFC 791). */
enum { IPV4_HLEN = 20, IPV4_MF = 0x2000, IPV4_OFFMASK = 0x1fff };

enum { MAX_REGIONS = 6 };

/* The fields in kernel order, grouped so that three columns read as
 * pointers | headers and type | device, route and owner. */
enum field_id { F_HEAD, F_DATA, F_TAIL, F_END, F_LEN, F_TRUESIZE, F_MAC,
		F_NET, F_TRANS, F_PROTO, F_PKT_TYPE, F_CSUM, F_DEV, F_IIF,
		F_DST, F_SK, F_MARK, F_NFCT, NFIELDS };

struct field {
	const char *name, *abbr;  /* kernel name; short form for narrow panes */
	int name_role;            /* header offsets wear their dump colour */
	char val[32];
	bool changed;             /* this step changed it */
};

enum hdr { H_ETH, H_IP, H_UDP, H_ICMP, H_ARP, H_PAYLOAD, H_PADDING };

static const struct { const char *name; int role; } hdrs[] = {
	[H_ETH] = { "ETH", ROLE_HDR_ETH },
	[H_IP] = { "IP", ROLE_HDR_IP },
	[H_UDP] = { "UDP", ROLE_HDR_L4 },
	[H_ICMP] = { "ICMP", ROLE_HDR_L4 },
	[H_ARP] = { "ARP", ROLE_HDR_L4 },
	[H_PAYLOAD] = { "payload", ROLE_PAYLOAD },
	[H_PADDING] = { "padding", ROLE_PAYLOAD },
};

/* One header (or the payload): from start up to the next region. */
struct region {
	int start;
	enum hdr kind;
};

/* Bytes to dump: bytes[off] is the byte at offset off from skb->head (or,
 * for a freed skb, from the first byte its fate record kept). */
struct dump {
	const uint8_t *bytes;
	int first, end;           /* shown: [first, end) */
	int data;                 /* where skb->data points; -1: no mark */
	const struct fate_rec *fate; /* the bytes are a fate record's */
	struct region reg[MAX_REGIONS];
	int nreg;
};

/* What the pane shows for this step. */
struct shown {
	const struct skb_view *sv;    /* the fields */
	const struct skb_view *old;   /* compared with sv; NULL: none lit */
	const struct sk_buff *skb;    /* live in the world, else NULL */
	const struct fate_rec *fate;  /* kept bytes of a freed skb, or NULL */
	bool freed;                   /* this step freed it */
};

/* ---- fields ---- */

static const char *dev_name(const struct world *w, unsigned ifindex)
{
	if (!ifindex)
		return "NULL";
	if (ifindex >= MAX_DEV || w->dev[ifindex].kind == DEV_NONE)
		return "?";
	return w->dev[ifindex].name;
}

static void fmt_hdr(char *buf, size_t n, uint16_t off)
{
	if (off == SKB_NO_HDR)
		snprintf(buf, n, "unset");
	else
		snprintf(buf, n, "%u", off);
}

static void fmt_protocol(char *buf, size_t n, uint16_t p)
{
	if (p == ETH_P_IP)
		snprintf(buf, n, "0x0800 IP");
	else if (p == ETH_P_ARP)
		snprintf(buf, n, "0x0806 ARP");
	else if (p)
		snprintf(buf, n, "0x%04x", p);
	else
		snprintf(buf, n, "0");
}

static const char *pkt_type_name(unsigned t)
{
	static const char *const n[] = { "HOST", "BROADCAST", "MULTICAST",
					 "OTHERHOST", "OUTGOING", "LOOPBACK" };

	return t <= PACKET_LOOPBACK ? n[t] : "?";
}

static const char *ip_summed_name(unsigned s)
{
	static const char *const n[] = { "NONE", "UNNECESSARY", "COMPLETE",
					 "PARTIAL" };

	return s <= CHECKSUM_PARTIAL ? n[s] : "?";
}

static void fmt_sk(const struct world *w, char *buf, size_t n, uint32_t sk)
{
	if (!sk)
		snprintf(buf, n, "NULL");
	else if (pool_is_used(&w->sock_pool, w->sock_next, sk))
		snprintf(buf, n, "%s", w->sock[sk - 1].name);
	else
		snprintf(buf, n, "#%u (closed)", sk);
}

static void fmt_dst(const struct world *w, char *buf, size_t n,
		    const struct skb_view *sv)
{
	if (!sv->dst_type)
		snprintf(buf, n, "NULL");
	else
		snprintf(buf, n, "%s %s", rtn_type_name(sv->dst_type),
			 dev_name(w, sv->dst_dev));
}

static void fmt_iif(const struct world *w, char *buf, size_t n, unsigned i)
{
	if (!i)
		snprintf(buf, n, "0");
	else
		snprintf(buf, n, "%u (%s)", i, dev_name(w, i));
}

/* Header offsets wear their colour in the dump; data the marker's. */
static const struct {
	const char *name, *abbr;
	int role;
} field_names[NFIELDS] = {
	[F_HEAD] = { "head", "head", ROLE_DIM },
	[F_DATA] = { "data", "data", ROLE_CURRENT },
	[F_TAIL] = { "tail", "tail", ROLE_DIM },
	[F_END] = { "end", "end", ROLE_DIM },
	[F_LEN] = { "len", "len", ROLE_DIM },
	[F_TRUESIZE] = { "truesize", "truesize", ROLE_DIM },
	[F_MAC] = { "mac_header", "mac", ROLE_HDR_ETH },
	[F_NET] = { "network_header", "net", ROLE_HDR_IP },
	[F_TRANS] = { "transport_header", "trans", ROLE_HDR_L4 },
	[F_PROTO] = { "protocol", "proto", ROLE_DIM },
	[F_PKT_TYPE] = { "pkt_type", "type", ROLE_DIM },
	[F_CSUM] = { "ip_summed", "csum", ROLE_DIM },
	[F_DEV] = { "dev", "dev", ROLE_DIM },
	[F_IIF] = { "skb_iif", "iif", ROLE_DIM },
	[F_DST] = { "dst", "dst", ROLE_DIM },
	[F_SK] = { "sk", "sk", ROLE_DIM },
	[F_MARK] = { "mark", "mark", ROLE_DIM },
	[F_NFCT] = { "_nfct", "ct", ROLE_DIM },
};

static void fields_fill(const struct world *w, const struct skb_view *sv,
			struct field f[NFIELDS])
{
	enum { SZ = sizeof(f[0].val) };

	for (int i = 0; i < NFIELDS; i++)
		f[i] = (struct field){ field_names[i].name,
				       field_names[i].abbr,
				       field_names[i].role, "", false };
	snprintf(f[F_HEAD].val, SZ, "0");
	snprintf(f[F_DATA].val, SZ, "%u", sv->data);
	snprintf(f[F_TAIL].val, SZ, "%u", sv->tail);
	snprintf(f[F_END].val, SZ, "%u", sv->end);
	snprintf(f[F_LEN].val, SZ, "%u", sv->len);
	snprintf(f[F_TRUESIZE].val, SZ, "%u", sv->truesize);
	fmt_hdr(f[F_MAC].val, SZ, sv->mac_header);
	fmt_hdr(f[F_NET].val, SZ, sv->network_header);
	fmt_hdr(f[F_TRANS].val, SZ, sv->transport_header);
	fmt_protocol(f[F_PROTO].val, SZ, sv->protocol);
	snprintf(f[F_PKT_TYPE].val, SZ, "%s", pkt_type_name(sv->pkt_type));
	snprintf(f[F_CSUM].val, SZ, "%s", ip_summed_name(sv->ip_summed));
	snprintf(f[F_DEV].val, SZ, "%s", dev_name(w, sv->dev));
	fmt_iif(w, f[F_IIF].val, SZ, sv->skb_iif);
	fmt_dst(w, f[F_DST].val, SZ, sv);
	fmt_sk(w, f[F_SK].val, SZ, sv->sk);
	snprintf(f[F_MARK].val, SZ, "0x%x", sv->mark);
	if (sv->ct_slot)
		snprintf(f[F_NFCT].val, SZ, "#%u %s", sv->ct_slot,
			 nf_ctinfo_name((enum ip_conntrack_info)sv->ct_info));
	else
		snprintf(f[F_NFCT].val, SZ, "%s", sv->ct_untracked ?
			 "UNTRACKED" : "-");
}

/* The skb's connection as conntrack -L prints it, beside the fields. */
static int ct_line_draw(const struct world *w, struct canvas *c,
			struct rect r, const struct sk_buff *skb)
{
	const struct nf_conn *ct;
	char line[300];
	size_t k;

	if (!skb || r.h < 1 || !(ct = nf_ct_peek(w, skb)))
		return 0;
	k = (size_t)snprintf(line, sizeof(line), "conntrack #%u%s: ",
			     skb->ct.slot, ct->status & IPS_CONFIRMED ? "" :
			     " (unconfirmed)");
	nf_ct_format(w, ct, line + k, sizeof(line) - k);
	canvas_put(c, r.y, r.x, r.w, ROLE_DIM, line);
	return 1;
}

/* Changes are found by comparing what is shown, so a field lights up
 * exactly when its text on screen changed. */
static void fields_mark_changed(const struct world *w,
				const struct skb_view *old,
				struct field f[NFIELDS])
{
	struct field o[NFIELDS];

	fields_fill(w, old, o);
	for (int i = 0; i < NFIELDS; i++)
		f[i].changed = strcmp(o[i].val, f[i].val) != 0;
}

/* ---- choosing what to show ---- */

static const struct sk_buff *live_skb(const struct world *w,
				      const struct skb_view *sv)
{
	if (!sv->handle ||
	    !pool_is_used(&w->skb_pool, w->skb_next, sv->handle) ||
	    w->skb[sv->handle - 1].pkt != sv->pkt)
		return NULL;
	return &w->skb[sv->handle - 1];
}

/* False when there is no skb to show. */
static bool shown_pick(const struct view *v, struct shown *sh)
{
	const struct step *s = &v->d->last;

	memset(sh, 0, sizeof(*sh));
	if (!v->d->has_last || !s->has_skb)
		return false;
	if (s->after.handle) {
		sh->sv = &s->after;
		sh->old = s->before.handle ? &s->before : NULL;
		sh->skb = live_skb(v->w, &s->after);
		return true;
	}
	/* freed here: allocated here too when the NIC's filter drops a frame */
	sh->sv = s->before.handle ? &s->before : NULL;
	sh->freed = true;
	if (s->has_fate && s->fate.pkt == s->pkt && s->fate.nbytes)
		sh->fate = &s->fate;
	return sh->sv || sh->fate;
}

/* ---- the headline: which packet, and what this step did to its skb ---- */

static void headline_freed(const struct view *v, struct cursor *k)
{
	const struct step *s = &v->d->last;
	bool mine = s->has_fate && s->fate.pkt == s->pkt;
	char buf[96];

	if (mine && s->fate.fate == FATE_DROPPED) {
		snprintf(buf, sizeof(buf), "%s (%s)",
			 view_text(v, "freed here: dropped", "在此释放：丢弃"),
			 drop_reason_name((enum drop_reason)s->fate.reason));
		cursor_put(k, ROLE_DROP, buf);
	} else if (mine && s->fate.fate == FATE_CONSUMED) {
		cursor_put(k, ROLE_TITLE,
			view_text(v, "freed here: consumed, not a drop",
			   "在此释放：consume，不是丢包"));
	} else {
		cursor_put(k, ROLE_TITLE, view_text(v, "freed by this step",
					  "这一步释放了它"));
	}
}

static void headline_moves(const struct view *v, const struct shown *sh,
			   struct cursor *k)
{
	const struct step *s = &v->d->last;
	char buf[64];
	int d;

	if (!sh->old) {
		cursor_put(k, ROLE_CHANGED, view_text(v, "allocated by this step",
					    "这一步新分配"));
		cursor_put(k, ROLE_NORMAL, "  ");
	} else if ((d = (int)sh->sv->data - (int)sh->old->data) != 0) {
		snprintf(buf, sizeof(buf), "data %+d: %s", d, d > 0 ?
			 view_text(v, "header pulled", "剥去头部 (pull)") :
			 view_text(v, "header pushed", "压入头部 (push)"));
		cursor_put(k, ROLE_CHANGED, buf);
		cursor_put(k, ROLE_NORMAL, "  ");
	}
	if (s->has_fate && s->fate.pkt == s->pkt) {
		snprintf(buf, sizeof(buf), "%s %s", view_text(v, "fate:", "结局："),
			 fate_name((enum fate)s->fate.fate));
		cursor_put(k, ROLE_ACCEPT, buf);
	}
}

static void headline_draw(const struct view *v, struct canvas *c,
			  struct rect in, const struct shown *sh)
{
	struct cursor k = { c, in.y, in.x, in.x + in.w };
	char buf[48];

	snprintf(buf, sizeof(buf), "%s #%u  ", view_text(v, "packet", "数据包"),
		 v->d->last.pkt);
	cursor_put(&k, ROLE_TITLE, buf);
	if (sh->freed)
		headline_freed(v, &k);
	else
		headline_moves(v, sh, &k);
}

/* ---- fields: a grid of two or three columns, or a flow ---- */

static int field_width(const struct field *f, bool abbr)
{
	return (int)strlen(abbr ? f->abbr : f->name) + 1 + (int)strlen(f->val);
}

static void field_draw(struct canvas *c, int y, int x, int w, int namew,
		       const struct field *f, bool abbr)
{
	int n = canvas_put(c, y, x, w, f->name_role, abbr ? f->abbr : f->name);

	if (namew < n + 1)
		namew = n + 1;
	if (namew < w)
		canvas_put(c, y, x + namew, w - namew,
			   f->changed ? ROLE_CHANGED : ROLE_NORMAL, f->val);
}

/* Column widths for a column-major grid; the total width, or -1 if it
 * does not fit in w. */
static int grid_measure(const struct field f[NFIELDS], int ncols, int w,
			int namew[3], int colw[3])
{
	int rows = (NFIELDS + ncols - 1) / ncols, total = 0;

	for (int col = 0; col < ncols; col++) {
		int lo = col * rows, hi = lo + rows < NFIELDS ? lo + rows :
					  NFIELDS;

		namew[col] = colw[col] = 0;
		for (int i = lo; i < hi; i++)
			if ((int)strlen(f[i].name) + 1 > namew[col])
				namew[col] = (int)strlen(f[i].name) + 1;
		for (int i = lo; i < hi; i++)
			if (namew[col] + (int)strlen(f[i].val) > colw[col])
				colw[col] = namew[col] + (int)strlen(f[i].val);
		total += colw[col] + (col ? 3 : 0);
	}
	return total <= w ? total : -1;
}

static void grid_draw(struct canvas *c, struct rect r,
		      const struct field f[NFIELDS], int ncols,
		      const int namew[3], const int colw[3])
{
	int rows = (NFIELDS + ncols - 1) / ncols, x = r.x;

	for (int col = 0; col < ncols; col++) {
		for (int i = 0; i < rows && col * rows + i < NFIELDS; i++)
			field_draw(c, r.y + i, x, colw[col], namew[col],
				   &f[col * rows + i], false);
		x += colw[col] + 3;
	}
}

/* Lays out the first n fields of order[] left to right; draws them when c
 * is non-NULL; returns the rows they take. */
static int flow_layout(struct canvas *c, struct rect r,
		       const struct field f[NFIELDS], const int *order, int n,
		       bool abbr)
{
	int row = 0, x = 0;

	for (int i = 0; i < n; i++) {
		const struct field *fi = &f[order[i]];
		int fw = field_width(fi, abbr);

		if (x && x + fw > r.w) {
			row++;
			x = 0;
		}
		if (c && row < r.h)
			field_draw(c, r.y + row, r.x + x, r.w - x, 0, fi, abbr);
		x += fw + 2;
	}
	return row + 1;
}

/* A flow reads best with what moves most first; when it is cut short, the
 * changed fields go before all others so what this step did stays on
 * screen.  head is left out of the short form: in this model it is
 * always 0.  Returns how many fields order[] holds. */
static int flow_order(const struct field f[NFIELDS], bool abbr,
		      bool changed_first, int order[NFIELDS])
{
	static const enum field_id rank[NFIELDS] = {
		F_DATA, F_TAIL, F_LEN, F_MAC, F_NET, F_TRANS, F_PROTO,
		F_PKT_TYPE, F_DEV, F_DST, F_SK, F_IIF, F_CSUM, F_TRUESIZE,
		F_END, F_MARK, F_HEAD,
	};
	int n = 0;

	for (int pass = changed_first ? 0 : 1; pass < 2; pass++)
		for (int i = 0; i < NFIELDS; i++) {
			enum field_id fi = rank[i];

			if (abbr && fi == F_HEAD)
				continue;
			if (!changed_first || f[fi].changed == (pass == 0))
				order[n++] = fi;
		}
	return n;
}

/* Draws the fields: as a grid in at most grid_rows rows, else as a flow
 * in at most max_rows; returns the rows used. */
static int fields_draw(struct canvas *c, struct rect r,
		       const struct field f[NFIELDS], int grid_rows,
		       int max_rows)
{
	int namew[3], colw[3], order[NFIELDS], n, rows;
	bool abbr = false;

	if (max_rows <= 0)
		return 0;
	for (int ncols = 3; ncols >= 2; ncols--) {
		rows = (NFIELDS + ncols - 1) / ncols;
		if (rows <= grid_rows &&
		    grid_measure(f, ncols, r.w, namew, colw) >= 0) {
			grid_draw(c, r, f, ncols, namew, colw);
			return rows;
		}
	}
	n = flow_order(f, false, false, order);
	rows = flow_layout(NULL, r, f, order, n, false);
	if (rows > max_rows) {
		abbr = true;
		n = flow_order(f, true, false, order);
		rows = flow_layout(NULL, r, f, order, n, true);
	}
	if (rows > max_rows) {
		n = flow_order(f, true, true, order);
		rows = max_rows;
	}
	r.h = rows;
	flow_layout(c, r, f, order, n, abbr);
	return rows;
}

/* ---- the bytes: which header each one belongs to ---- */

/* A reader over the shown bytes from off on; empty past the end. */
static struct pkt_reader reader_at(const struct dump *dp, int off)
{
	struct pkt_reader r;

	if (off < 0 || off > dp->end)
		off = dp->end;
	pkt_reader_init(&r, dp->bytes + off, (size_t)(dp->end - off));
	return r;
}

struct ipv4_hdr {
	unsigned ihl, tot_len, frag, ttl, proto;
	uint32_t saddr, daddr;
	bool short_read;
};

/* The IPv4 header in wire order (RFC 791). */
static struct ipv4_hdr ipv4_read(const struct dump *dp, int off)
{
	struct pkt_reader r = reader_at(dp, off);
	struct ipv4_hdr h;

	h.ihl = (pkt_u8(&r) & 0xfu) * 4;
	pkt_skip(&r, 1);                /* tos */
	h.tot_len = pkt_be16(&r);
	pkt_skip(&r, 2);                /* id */
	h.frag = pkt_be16(&r);
	h.ttl = pkt_u8(&r);
	h.proto = pkt_u8(&r);
	pkt_skip(&r, 2);                /* checksum */
	h.saddr = pkt_be32(&r);
	h.daddr = pkt_be32(&r);
	h.short_read = r.short_read;
	if (h.ihl < IPV4_HLEN)
		h.ihl = IPV4_HLEN;
	return h;
}

static void region_add(struct dump *dp, int start, enum hdr kind)
{
	if (dp->nreg < MAX_REGIONS && start >= 0)
		dp->reg[dp->nreg++] = (struct region){ start, kind };
}

/* The region a byte is in: the one starting last at or before it. */
static int dump_role(const struct dump *dp, int off)
{
	int best = -1, role = ROLE_NORMAL;

	for (int i = 0; i < dp->nreg; i++)
		if (dp->reg[i].start <= off && dp->reg[i].start > best) {
			best = dp->reg[i].start;
			role = hdrs[dp->reg[i].kind].role;
		}
	return role;
}

/* UDP and ICMP have 8-byte headers; a later fragment carries no L4
 * header at all, only payload. */
static void dissect_ip(struct dump *dp, int l3, int l4)
{
	struct ipv4_hdr h = ipv4_read(dp, l3);

	enum hdr kind = H_PAYLOAD;
	int hlen = 0;

	region_add(dp, l3, H_IP);
	if (l4 < 0)
		l4 = l3 + (int)h.ihl;
	if (!(h.frag & IPV4_OFFMASK) && h.proto == IPPROTO_UDP) {
		kind = H_UDP;
		hlen = UDP_HLEN;
	} else if (!(h.frag & IPV4_OFFMASK) && h.proto == IPPROTO_ICMP) {
		kind = H_ICMP;
		hlen = ICMP_HLEN;
	}
	region_add(dp, l4, kind);
	if (hlen)
		region_add(dp, l4 + hlen, H_PAYLOAD);
}

/* eth, l3, l4: header offsets the skb knows, -1 where unset; an unset one
 * is found by reading the header before it. */
static void dump_dissect(struct dump *dp, int eth, int l3, int proto, int l4)
{
	if (eth >= 0) {
		struct pkt_reader r = reader_at(dp, eth + ETH_OFF_TYPE);

		region_add(dp, eth, H_ETH);
		if (l3 < 0)
			l3 = eth + ETH_HLEN;
		if (!proto)
			proto = pkt_be16(&r);
	}
	if (l3 < 0 || l3 >= dp->end)
		return;
	if (proto == ETH_P_IP) {
		dissect_ip(dp, l3, l4);
	} else if (proto == ETH_P_ARP) {
		region_add(dp, l3, H_ARP);
		region_add(dp, l3 + ARP_HLEN, H_PADDING);
	} else {
		region_add(dp, l3, H_PAYLOAD);
	}
}

static int hdr_or_none(uint16_t off, uint16_t tail)
{
	return off == SKB_NO_HDR || off > tail ? -1 : off;
}

/* The NIC hands up a bare frame: no header offset is set until
 * eth_type_trans, so one that starts with an Ethernet header carrying IP
 * or ARP is taken for one. */
static bool bare_frame(const struct dump *dp, const struct sk_buff *skb)
{
	struct pkt_reader r = reader_at(dp, skb->data + ETH_OFF_TYPE);
	uint16_t type = pkt_be16(&r);

	return !skb->protocol && !r.short_read &&
	       (type == ETH_P_IP || type == ETH_P_ARP);
}

static void dump_from_skb(struct dump *dp, const struct sk_buff *skb)
{
	int hdr[3] = { hdr_or_none(skb->mac_header, skb->tail),
		       hdr_or_none(skb->network_header, skb->tail),
		       hdr_or_none(skb->transport_header, skb->tail) };

	memset(dp, 0, sizeof(*dp));
	dp->bytes = skb->buf;
	dp->end = skb->tail < SKB_BUF ? skb->tail : SKB_BUF;
	dp->data = skb->data;
	dp->first = skb->data;
	for (int i = 0; i < 3; i++)
		if (hdr[i] >= 0 && hdr[i] < dp->first)
			dp->first = hdr[i];
	if (hdr[0] < 0 && hdr[1] < 0 && bare_frame(dp, skb))
		hdr[0] = skb->data;
	dump_dissect(dp, hdr[0], hdr[1], skb->protocol, hdr[2]);
}

static void dump_from_fate(struct dump *dp, const struct fate_rec *f)
{
	memset(dp, 0, sizeof(*dp));
	dp->bytes = f->bytes;
	dp->end = f->nbytes;
	dp->data = -1;
	dp->fate = f;
	dump_dissect(dp, f->l2len ? 0 : -1, f->l2len, f->protocol, -1);
}

/* ---- what each header says, tcpdump style ---- */

static int region_end(const struct dump *dp, const struct region *rg)
{
	int end = dp->end;

	for (int i = 0; i < dp->nreg; i++)
		if (dp->reg[i].start > rg->start && dp->reg[i].start < end)
			end = dp->reg[i].start;
	return end;
}

static void say_eth(struct pkt_reader *r, char *buf, size_t n)
{
	uint8_t dst[6], src[6];
	char a[18], b[18];

	pkt_bytes(r, dst, sizeof(dst));
	pkt_bytes(r, src, sizeof(src));
	snprintf(buf, n, "ETH %s > %s", mac_fmt(src, a), mac_fmt(dst, b));
}

static void say_ip(const struct dump *dp, int off, char *buf, size_t n)
{
	struct ipv4_hdr h = ipv4_read(dp, off);
	char a[16], b[16];

	snprintf(buf, n, "IP %s > %s ttl %u len %u%s", ip_fmt(h.saddr, a),
		 ip_fmt(h.daddr, b), h.ttl, h.tot_len,
		 h.frag & (IPV4_MF | IPV4_OFFMASK) ? " fragment" : "");
}

static void say_udp(struct pkt_reader *r, char *buf, size_t n)
{
	unsigned sport = pkt_be16(r), dport = pkt_be16(r);

	snprintf(buf, n, "UDP %u > %u len %u", sport, dport, pkt_be16(r));
}

static void say_icmp(struct pkt_reader *r, char *buf, size_t n)
{
	unsigned type = pkt_u8(r), code = pkt_u8(r), id, seq;

	pkt_skip(r, 2);                 /* checksum */
	id = pkt_be16(r);
	seq = pkt_be16(r);
	if (type == ICMP_ECHO || type == ICMP_ECHOREPLY)
		snprintf(buf, n, "ICMP echo %s id %u seq %u",
			 type == ICMP_ECHO ? "request" : "reply", id, seq);
	else if (type == ICMP_DEST_UNREACH)
		snprintf(buf, n, "ICMP unreachable code %u%s", code,
			 code == ICMP_PORT_UNREACH ? " (port)" : "");
	else if (type == ICMP_TIME_EXCEEDED)
		snprintf(buf, n, "ICMP time exceeded code %u", code);
	else
		snprintf(buf, n, "ICMP type %u code %u", type, code);
}

static void say_arp(struct pkt_reader *r, char *buf, size_t n)
{
	uint8_t sha[6], tha[6];
	uint32_t sip, tip;
	unsigned op;
	char a[16], b[18];

	pkt_skip(r, ARP_OFF_OP);        /* hrd, pro, hln, pln */
	op = pkt_be16(r);
	pkt_bytes(r, sha, sizeof(sha));
	sip = pkt_be32(r);
	pkt_bytes(r, tha, sizeof(tha));
	tip = pkt_be32(r);
	if (op == ARPOP_REQUEST)
		snprintf(buf, n, "ARP who-has %s tell %s", ip_fmt(tip, a),
			 ip_fmt(sip, b));
	else
		snprintf(buf, n, "ARP reply %s is-at %s", ip_fmt(sip, a),
			 mac_fmt(sha, b));
}

/* One line on what region rg's bytes say; empty when they are cut. */
static void region_say(const struct dump *dp, const struct region *rg,
		       char *buf, size_t n)
{
	struct pkt_reader r = reader_at(dp, rg->start);
	int len = region_end(dp, rg) - rg->start;

	switch (rg->kind) {
	case H_ETH:
		say_eth(&r, buf, n);
		break;
	case H_IP:
		say_ip(dp, rg->start, buf, n);
		break;
	case H_UDP:
		say_udp(&r, buf, n);
		break;
	case H_ICMP:
		say_icmp(&r, buf, n);
		break;
	case H_ARP:
		say_arp(&r, buf, n);
		break;
	default:
		snprintf(buf, n, "%s %d bytes", hdrs[rg->kind].name, len);
		return;
	}
	if (r.short_read || len <= 0)
		snprintf(buf, n, "%s (cut short)", hdrs[rg->kind].name);
}

/* ---- drawing the dump ---- */

struct dump_geom {
	int per;                  /* bytes per line */
	bool ascii;               /* a character column */
	int width;                /* columns a line takes */
	int row0;                 /* offset of the first line */
	int lines;
};

static struct dump_geom dump_geom(const struct dump *dp, int w)
{
	struct dump_geom g = { 16, false, 0, 0, 0 };

	while (g.per > 4 && 4 + g.per * 3 > w)
		g.per /= 2;
	if (4 + g.per * 3 > w)
		return g;
	g.ascii = w >= 4 + g.per * 4 + 2;
	g.width = 4 + g.per * 3 + (g.ascii ? 2 + g.per : 0);
	g.row0 = dp->first / g.per * g.per;
	if (dp->end > dp->first)
		g.lines = (dp->end - g.row0 + g.per - 1) / g.per;
	return g;
}

static int dump_byte(const struct dump *dp, int off)
{
	return off >= dp->first && off < dp->end ? dp->bytes[off] : -1;
}

/* "  64 02 00 ... 08 00>45 00  ......E.": each byte in its header's
 * colour; the gap before the byte skb->data points at shows '>'. */
static void dump_line(struct canvas *c, int y, int x, const struct dump *dp,
		      const struct dump_geom *g, int off)
{
	canvas_printf(c, y, x, 4, ROLE_DIM, dp->fate ? "%+4d" : "%4d", off);
	for (int i = 0; i < g->per; i++) {
		int o = off + i, b = dump_byte(dp, o), role = dump_role(dp, o);
		char ch[2] = { (char)(b >= 0x20 && b < 0x7f ? b : '.'), 0 };

		if (o == dp->data)
			canvas_put(c, y, x + 4 + i * 3, 1, ROLE_CURRENT, ">");
		if (b < 0)
			continue;
		canvas_printf(c, y, x + 5 + i * 3, 2, role, "%02x", b);
		if (g->ascii)
			canvas_put(c, y, x + 6 + g->per * 3 + i, 1, role, ch);
	}
}

/* "ETH 64  IP 78  UDP 98  payload 106  >data 98": the colours named, with
 * where each header starts, and which lines show when scrolled. */
static void legend_draw(const struct view *v, struct canvas *c,
			struct rect r, const struct dump *dp,
			const struct dump_geom *g, int skip, int shown)
{
	struct cursor k = { c, r.y, r.x, r.x + r.w };
	char buf[64];

	if (dp->fate) {
		snprintf(buf, sizeof(buf), view_text(v, "%u of %u bytes kept:  ",
					      "保留了 %u/%u 字节：  "),
			 dp->fate->nbytes, dp->fate->wire_len);
		cursor_put(&k, ROLE_DIM, buf);
	}
	for (int i = 0; i < dp->nreg; i++) {
		if (dp->reg[i].start >= dp->end)
			continue;
		snprintf(buf, sizeof(buf), "%s %d  ",
			 hdrs[dp->reg[i].kind].name, dp->reg[i].start);
		cursor_put(&k, hdrs[dp->reg[i].kind].role, buf);
	}
	if (dp->data >= 0) {
		snprintf(buf, sizeof(buf), ">data %d", dp->data);
		cursor_put(&k, ROLE_CURRENT, buf);
	}
	if (shown < g->lines) {
		snprintf(buf, sizeof(buf), "  [%d-%d/%d]", skip + 1,
			 skip + shown, g->lines);
		cursor_put(&k, ROLE_DIM, buf);
	}
}

/* The headers decoded, one per line, in r. */
static void says_draw(struct canvas *c, struct rect r, const struct dump *dp)
{
	char buf[128];
	int y = r.y;

	for (int i = 0; i < dp->nreg && y < r.y + r.h; i++) {
		if (dp->reg[i].start >= dp->end)
			continue;
		region_say(dp, &dp->reg[i], buf, sizeof(buf));
		canvas_put(c, y++, r.x, r.w, hdrs[dp->reg[i].kind].role, buf);
	}
}

/* The decoded headers go beside the dump when it leaves room for an
 * Ethernet line (41 columns), else below it when rows are left over. */
static void says_place(struct canvas *c, struct rect r, const struct dump *dp,
		       const struct dump_geom *g, int used)
{
	if (r.w - g->width - 3 >= 41)
		says_draw(c, (struct rect){ r.y, r.x + g->width + 3, r.h,
					    r.w - g->width - 3 }, dp);
	else if (r.h - used >= dp->nreg)
		says_draw(c, (struct rect){ r.y + used, r.x, r.h - used, r.w },
			  dp);
}

/* Unscrolled, the view keeps the line skb->data points at in sight, as
 * low as it can so the headers just pulled show above it; scrolling moves
 * on from there. */
static int dump_skip(const struct view *v, const struct dump *dp,
		     const struct dump_geom *g, int rows)
{
	int line = dp->data >= g->row0 ? (dp->data - g->row0) / g->per : 0;
	int skip = line - rows + 1;

	if (skip < 0)
		skip = 0;
	skip += v->scroll[PANE_SKB];
	if (skip > g->lines - rows)
		skip = g->lines - rows;
	return skip < 0 ? 0 : skip;
}

static void dump_draw(const struct view *v, struct canvas *c, struct rect r,
		      const struct dump *dp)
{
	struct dump_geom g = dump_geom(dp, r.w);
	bool legend = r.h > g.lines || r.h >= 4;
	int rows = r.h - legend, skip = dump_skip(v, dp, &g, rows), shown;

	shown = rows < g.lines - skip ? rows : g.lines - skip;
	if (legend)
		legend_draw(v, c, r, dp, &g, skip, shown);
	for (int i = 0; i < shown; i++)
		dump_line(c, r.y + legend + i, r.x, dp, &g,
			  g.row0 + (skip + i) * g.per);
	r.y += legend;
	r.h -= legend;
	says_place(c, r, dp, &g, shown);
}

/* ---- the pane ---- */

static void draw_nothing(const struct view *v, struct canvas *c,
			 struct rect in)
{
	const struct step *s = &v->d->last;
	char buf[160];

	if (!v->d->has_last) {
		canvas_wrap(c, in, ROLE_DIM,
			    view_text(v, "no step yet: no sk_buff",
			       "还没有执行：没有 sk_buff"), 0);
		return;
	}
	snprintf(buf, sizeof(buf), "%s %s",
		 stage_info((enum stage)s->stage)->func,
		 view_text(v, "worked on no sk_buff in this step",
		    "这一步没有处理 sk_buff"));
	canvas_wrap(c, in, ROLE_DIM, buf, 0);
}

static void skb_draw(const struct view *v, struct canvas *c, struct rect r)
{
	struct rect in = pane_frame(v, c, r, PANE_SKB);
	struct field f[NFIELDS];
	struct shown sh;
	struct dump dp;
	int lines = 0, frows;

	if (in.h <= 0 || in.w <= 0)
		return;
	if (!shown_pick(v, &sh)) {
		draw_nothing(v, c, in);
		return;
	}
	headline_draw(v, c, in, &sh);
	if (sh.sv)
		fields_fill(v->w, sh.sv, f);
	if (sh.old)
		fields_mark_changed(v->w, sh.old, f);
	if (sh.skb)
		dump_from_skb(&dp, sh.skb);
	else if (sh.fate)
		dump_from_fate(&dp, sh.fate);
	if (sh.skb || sh.fate)
		lines = dump_geom(&dp, in.w).lines;
	in.y++;
	in.h--;
	/* the fields give way so that some bytes always show: the roomy grid
	 * only when a legend and four lines still fit */
	frows = !sh.sv ? 0 :
		fields_draw(c, in, f, in.h - (lines < 4 ? lines + 1 : 5),
			    in.h - (lines < 3 ? lines : 3));
	in.y += frows;
	in.h -= frows;
	frows = in.h > lines ? ct_line_draw(v->w, c, in, sh.skb) : 0;
	in.y += frows;
	in.h -= frows;
	if (lines && in.h > 0)
		dump_draw(v, c, in, &dp);
}

const struct pane_ops pane_skb = {
	.name = "skb",
	.title_en = "sk_buff",
	.title_zh = "sk_buff（套接字缓冲区）",
	.draw = skb_draw,
};
