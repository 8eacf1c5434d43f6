/*
 * tap_print.c: a captured frame as one line of `tcpdump -n` (4.99), for
 * the frames netstep makes: Ethernet, ARP, IPv4, UDP, TCP, ICMP and the
 * malformed ones the tests build.  Checked line for line against the real
 * tcpdump reading the same frames (tests/tcpdump).  Read through the
 * bounds-checked cursor, as tcpdump reads through its GET_ macros.
 *
 * Also -i any's cooked lines (LINUX_SLL2: "eth0  In  IP ..."), relative
 * TCP sequence numbers (print-tcp.c: a conversation's numbers are kept
 * from the first segment with ACK seen; -S keeps them absolute), TCP
 * options, and DNS on port 53 (print-domain.c: length checks, the TCP
 * length prefix, queries with their questions, answers' counts).
 *
 * Knowingly missing: other application decoders chosen by port (BOOTP on
 * 67, NTP on 123...), DNS answer records (a response with answers prints
 * its header and counts, then "[|domain]" where tcpdump would decode the
 * records), and IP options.
 */
#include "tap.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ffmt.h"
#include "pkt.h"
#include "proto/ether.h"

/* An output buffer that never overflows: appends are cut at the end. */
struct out {
	char *p;
	size_t n, len;
};

static void outf(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void outf(struct out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->len + 1 >= o->n)
		return;
	va_start(ap, fmt);
	o->len += ffmt_v(o->p + o->len, o->n - o->len, fmt, ap);
	va_end(ap);
}

/* hex_and_ascii_print: 16 bytes a line, "\n\t0x0000:  0102 ...  ascii" */
static void hexdump(struct out *o, const uint8_t *p, size_t n)
{
	for (size_t off = 0; off < n; off += 16) {
		size_t k = n - off < 16 ? n - off : 16, col = 0;

		outf(o, "\n\t0x%04zx: ", off);
		for (size_t i = 0; i < k; i += 2) {
			if (i + 1 < k)
				outf(o, " %02x%02x", p[off + i], p[off + i + 1]);
			else
				outf(o, " %02x", p[off + i]);
			col += i + 1 < k ? 5 : 3;
		}
		outf(o, "%*s  ", (int)(40 - col), "");
		for (size_t i = 0; i < k; i++) {
			uint8_t c = p[off + i];

			outf(o, "%c", c >= 0x20 && c < 0x7f ? c : '.');
		}
	}
}

static void dns_body(struct out *o, const uint8_t *p, const uint8_t *end,
		     unsigned n, bool over_tcp);

static void arp_body(struct out *o, const uint8_t *p, size_t n, bool eflag)
{
	struct pkt_reader r;
	uint8_t sha[6];
	char a[16], b[16], m[18];
	uint16_t op;
	uint32_t sip, tip;

	pkt_reader_init(&r, p, n);
	pkt_skip(&r, 6);
	op = pkt_be16(&r);
	pkt_bytes(&r, sha, 6);
	sip = pkt_be32(&r);
	pkt_skip(&r, 6);
	tip = pkt_be32(&r);
	if (!eflag)
		outf(o, "ARP, ");
	if (r.short_read)
		outf(o, " [|arp]");
	else if (op == 1)
		outf(o, "Request who-has %s tell %s, length %zu",
		     ip_fmt(tip, a), ip_fmt(sip, b), n);
	else if (op == 2)
		outf(o, "Reply %s is-at %s, length %zu", ip_fmt(sip, a),
		     mac_fmt(sha, m), n);
	else
		outf(o, "Unknown (%u), length %zu", op, n);
}

static void udp_body(struct out *o, struct pkt_reader *r, const char *s,
		     const char *d, unsigned avail, bool frag)
{
	uint16_t sp = pkt_be16(r), dp = pkt_be16(r), ul = pkt_be16(r);

	if (r->short_read) {
		outf(o, "%s > %s:  [|udp]", s, d);
		return;
	}
	outf(o, "%s.%u > %s.%u: ", s, sp, d, dp);
	if (ul < 8)
		outf(o, "UDP, bad length %u < 8", ul);
	else if (!frag && ul > avail)
		outf(o, "UDP, bad length %u > %u", ul - 8, avail - 8);
	else if (!frag && (sp == 53 || dp == 53)) {
		pkt_skip(r, 2);              /* the checksum */
		dns_body(o, r->p, r->end, ul - 8, false);
	}
	else
		outf(o, "UDP, length %u", ul - 8);
}

/* A segment's addresses and ports, host order. */
struct tcp_ids {
	uint32_t s, d;
	uint16_t sp, dp;
};

/* print-tcp.c's tcp_seq_hash: the conversation's entry, found or made
 * (a SYN starts it again).  Returns the entry, and whether it is new. */
static struct tap_tcp_conv *seq_conv(struct tap_seqs *t, uint32_t src,
				     uint32_t dst, uint32_t ports, bool syn,
				     bool *fresh)
{
	struct tap_tcp_conv *c = NULL;

	for (uint32_t i = 0; i < t->n && !c; i++)
		if (t->conv[i].src == src && t->conv[i].dst == dst &&
		    t->conv[i].ports == ports)
			c = &t->conv[i];
	*fresh = !c || syn;
	if (!c) {
		c = &t->conv[t->n < TAP_TCP_CONVS ? t->n++ : t->next];
		if (t->n == TAP_TCP_CONVS)
			t->next = (t->next + 1) % TAP_TCP_CONVS;
	}
	c->src = src;
	c->dst = dst;
	c->ports = ports;
	return c;
}

/* Relative numbers: one entry for both directions, keyed in the order
 * of the lower port (then address) first, as tcpdump keys it. */
static void tcp_relative(struct tap_seqs *t, const struct tcp_ids *id,
			 bool syn, uint32_t *seq, uint32_t *ack)
{
	bool rev = id->sp > id->dp || (id->sp == id->dp && id->s > id->d);
	bool fresh;
	struct tap_tcp_conv *c = rev ?
		seq_conv(t, id->d, id->s, (uint32_t)id->dp << 16 | id->sp, syn,
			 &fresh) :
		seq_conv(t, id->s, id->d, (uint32_t)id->sp << 16 | id->dp, syn,
			 &fresh);

	if (fresh) {
		if (rev) {
			c->ack = *seq;
			c->seq = *ack - 1;
		} else {
			c->seq = *seq;
			c->ack = *ack - 1;
		}
	} else if (rev) {
		*seq -= c->ack;
		*ack -= c->seq;
	} else {
		*seq -= c->seq;
		*ack -= c->ack;
	}
}

/* tcp_print's options: "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7". */
static void tcp_options(struct out *o, const uint8_t *p, unsigned n)
{
	char ch = 0;

	outf(o, ", options [");
	while (n > 0) {
		unsigned opt = p[0], len = 1;

		if (ch)
			outf(o, "%c", ch);
		ch = ',';
		if (opt > 1) {
			if (n < 2 || (len = p[1]) < 2 || len > n) {
				outf(o, "%s", opt == 2 ? "mss" : "opt");
				outf(o, "[bad opt]]");
				return;
			}
		}
		if (opt == 0)
			outf(o, "eol");
		else if (opt == 1)
			outf(o, "nop");
		else if (opt == 2 && len == 4)
			outf(o, "mss %u", get_be16(p + 2));
		else if (opt == 3 && len == 3)
			outf(o, "wscale %u", p[2]);
		else if (opt == 4 && len == 2)
			outf(o, "sackOK");
		else if (opt == 8 && len == 10)
			outf(o, "TS val %u ecr %u", get_be32(p + 2),
			     get_be32(p + 6));
		else
			outf(o, "unknown-%u 0x", opt);
		if (opt > 4 && opt != 8)
			for (unsigned i = 2; i < len; i++)
				outf(o, "%02x", p[i]);
		p += len;
		n -= len;
		if (opt == 0)
			break;
	}
	outf(o, "]");
}

char *tap_tcp_flags(uint8_t flags, char out[9])
{
	static const char fl[] = "FSRP.UEW";
	int k = 0;

	for (int i = 0; i < 8; i++)
		if (flags & (1u << i))
			out[k++] = fl[i];
	out[k] = 0;
	return out;
}

static void tcp_body(struct out *o, struct pkt_reader *r, const char *s,
		     const char *d, unsigned avail, const struct tcp_ids *id,
		     struct tap_seqs *seqs)
{
	const uint8_t *hdr = r->p;
	uint16_t sp = pkt_be16(r), dp = pkt_be16(r), win, urg;
	uint32_t seq = pkt_be32(r), ack = pkt_be32(r);
	uint8_t off = pkt_u8(r), flags = pkt_u8(r);
	unsigned hl = (unsigned)(off >> 4) * 4, dlen;
	char f[9];

	win = pkt_be16(r);
	pkt_skip(r, 2);
	urg = pkt_be16(r);
	if (r->short_read) {
		outf(o, "%s > %s:  [|tcp]", s, d);
		return;
	}
	outf(o, "%s.%u > %s.%u: ", s, sp, d, dp);
	if (hl < 20 || hl > avail) {
		outf(o, "tcp %u [bad hdr length %u - too short, < 20]",
		     avail, hl);
		return;
	}
	outf(o, "Flags [%s]", *tap_tcp_flags(flags, f) ? f : "none");
	if (seqs && (flags & 0x10)) {
		struct tcp_ids ids = { id->s, id->d, sp, dp };

		tcp_relative(seqs, &ids, flags & 0x02, &seq, &ack);
	}
	dlen = avail - hl;
	if (dlen || (flags & 0x07))
		outf(o, ", seq %u", seq);
	if (dlen)
		outf(o, ":%u", seq + dlen);
	if (flags & 0x10)
		outf(o, ", ack %u", ack);
	outf(o, ", win %u", win);
	if (flags & 0x20)
		outf(o, ", urg %u", urg);
	if (hl > 20 && (size_t)(r->end - hdr) >= hl)
		tcp_options(o, hdr + 20, hl - 20);
	outf(o, ", length %u", dlen);
	if (dlen && (sp == 53 || dp == 53)) {
		dns_body(o, hdr + hl, r->end, dlen, true);
	} else if (dlen && (sp == 80 || dp == 80 || sp == 8080 || dp == 8080)) {
		/* txtproto_print: "HTTP", then a request or status line */
		const uint8_t *pl = hdr + hl;

		outf(o, ": HTTP");
		if (pl < r->end && *pl >= 0x21 && *pl < 0x7f)
			outf(o, " [netstep: first line not decoded]");
	}
}

/* print-domain.c, the parts a query needs.  Bytes are read only below
 * end (what was captured); running out is tcpdump's " [|domain]". */
struct dns_msg {
	const uint8_t *bp, *end;     /* the message and the capture's end */
};

/* fn_print_char: a label byte as tcpdump shows it. */
static void dns_char(struct out *o, uint8_t c)
{
	if (c >= 0x80) {
		outf(o, "M-");
		c &= 0x7f;
	}
	if (c < 0x20 || c == 0x7f)
		outf(o, "^%c", c ^ 0x40);
	else
		outf(o, "%c", c);
}

/* ns_nskip: past a name (labels, ending in 0 or a pointer). */
static const uint8_t *dns_skip(const struct dns_msg *m, const uint8_t *cp)
{
	while (cp < m->end) {
		uint8_t i = *cp++;

		if (!i)
			return cp;
		if ((i & 0xc0) == 0xc0)
			return cp + 1;
		if (i & 0xc0)
			return NULL;          /* EDNS0 bit labels: not modelled */
		cp += i;
	}
	return NULL;
}

/* fqdn_print: labels and pointers, each label followed by '.'. */
static bool dns_name(struct out *o, const struct dns_msg *m,
		     const uint8_t *cp)
{
	size_t max_off = (size_t)(cp - m->bp);
	bool any = false;

	while (cp < m->end) {
		uint8_t i = *cp++;

		if (!i) {
			if (!any)
				outf(o, ".");
			return true;
		}
		if ((i & 0xc0) == 0xc0) {
			size_t off;

			if (cp >= m->end)
				return false;
			off = ((size_t)(i & 0x3f) << 8) | *cp;
			if (off >= max_off) {
				outf(o, "<BAD PTR>");
				return false;
			}
			max_off = off;
			cp = m->bp + off;
			continue;
		}
		if (i & 0xc0) {
			outf(o, "<BAD LABEL TYPE>");
			return false;
		}
		for (uint8_t k = 0; k < i; k++, cp++) {
			if (cp >= m->end)
				return false;
			dns_char(o, *cp);
		}
		outf(o, ".");
		any = true;
	}
	return false;
}

static const char *dns_type(unsigned t, char buf[16])
{
	static const struct { unsigned t; const char *n; } types[] = {
		{ 1, "A" }, { 2, "NS" }, { 5, "CNAME" }, { 6, "SOA" },
		{ 12, "PTR" }, { 15, "MX" }, { 16, "TXT" }, { 28, "AAAA" },
		{ 33, "SRV" }, { 41, "OPT" }, { 64, "SVCB" }, { 65, "HTTPS" },
		{ 252, "AXFR" }, { 255, "ANY" },
	};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].t == t)
			return types[i].n;
	snprintf(buf, 16, "Type%u", t);
	return buf;
}

/* ns_qprint: " A? example.com." (the class only when not IN). */
static const uint8_t *dns_question(struct out *o, const struct dns_msg *m,
				   const uint8_t *cp)
{
	const uint8_t *name = cp;
	char tb[16];
	unsigned cls;

	cp = dns_skip(m, cp);
	if (!cp || m->end - cp < 4)
		return NULL;
	outf(o, " %s", dns_type(get_be16(cp), tb));
	cls = get_be16(cp + 2);
	if (cls == 3)
		outf(o, " CHAOS");
	else if (cls == 4)
		outf(o, " HS");
	else if (cls == 255)
		outf(o, " ANY");
	else if (cls != 1)
		outf(o, " (Class %u)", cls);
	outf(o, "? ");
	return dns_name(o, m, name) ? cp + 4 : NULL;
}

static const char *const dns_ops[] = {
	"", " inv_q", " stat", " op3", " notify", " update", " op6", " op7",
	" op8", " updateA", " updateD", " updateDA", " updateM", " updateMA",
	" zoneInit", " zoneRef" };

static bool dns_query(struct out *o, const struct dns_msg *m, unsigned fl,
		      const unsigned cnt[4])
{
	const uint8_t *cp = m->bp + 12;
	unsigned op = fl >> 11 & 0xf;

	outf(o, "%u%s%s%s", get_be16(m->bp), dns_ops[op], fl & 0x100 ? "+" : "",
	     fl & 0x10 ? "%" : "");
	if (fl & 0x6cf)
		outf(o, " [b2&3=0x%x]", fl);
	if (op == 1) {
		if (cnt[0])
			outf(o, " [%uq]", cnt[0]);
		if (cnt[1] != 1)
			outf(o, " [%ua]", cnt[1]);
	} else {
		if (cnt[1])
			outf(o, " [%ua]", cnt[1]);
		if (cnt[0] != 1)
			outf(o, " [%uq]", cnt[0]);
	}
	if (cnt[2])
		outf(o, " [%un]", cnt[2]);
	if (cnt[3])
		outf(o, " [%uau]", cnt[3]);
	for (unsigned q = 0; q < cnt[0]; q++)
		if (!(cp = dns_question(o, m, cp)))
			return false;
	return true;
}

/* A response: tcpdump decodes its answer records, netstep does not. */
static bool dns_response(struct out *o, const struct dns_msg *m,
			 unsigned fl, const unsigned cnt[4])
{
	static const char *const rc[] = {
		"", " FormErr", " ServFail", " NXDomain", " NotImp",
		" Refused", " YXDomain", " YXRRSet", " NXRRSet", " NotAuth",
		" NotZone", " Resp11", " Resp12", " Resp13", " Resp14",
		" NoChange" };
	const uint8_t *cp = m->bp + 12;

	outf(o, "%u%s%s%s%s%s%s", get_be16(m->bp), dns_ops[fl >> 11 & 0xf],
	     rc[fl & 0xf], fl & 0x400 ? "*" : "", fl & 0x80 ? "" : "-",
	     fl & 0x200 ? "|" : "", fl & 0x20 ? "$" : "");
	if (cnt[0] != 1)
		outf(o, " [%uq]", cnt[0]);
	for (unsigned q = 0; q < cnt[0]; q++) {
		if (!(cp = dns_skip(m, cp)) || m->end - cp < 4)
			return false;
		cp += 4;
	}
	outf(o, " %u/%u/%u", cnt[1], cnt[2], cnt[3]);
	if (cnt[1])
		outf(o, " [netstep: answer records not decoded]");
	return true;
}

/* domain_print (not mDNS, no -v). */
static void dns_body(struct out *o, const uint8_t *p, const uint8_t *end,
		     unsigned n, bool over_tcp)
{
	struct dns_msg m = { p, end };
	unsigned fl, cnt[4];
	bool ok;

	if (over_tcp) {
		if (n < 2) {
			outf(o, " [DNS over TCP: length %u < 2] (invalid)", n);
			return;
		}
		n -= 2;
		if (end - p < 2) {
			outf(o, " [|domain]");
			return;
		}
		if (get_be16(p) != n) {
			outf(o, " [prefix length(%u) != length(%u)] (invalid)",
			     get_be16(p), n);
			return;
		}
		m.bp = p += 2;
		outf(o, " ");
	}
	if (n < 12) {
		outf(o, "domain [length %u < 12] (invalid)", n);
		return;
	}
	if (end - p < 12) {
		outf(o, " [|domain]");
		return;
	}
	fl = get_be16(p + 2);
	for (int i = 0; i < 4; i++)
		cnt[i] = get_be16(p + 4 + 2 * i);
	ok = fl & 0x8000 ? dns_response(o, &m, fl, cnt) :
	     dns_query(o, &m, fl, cnt);
	if (ok)
		outf(o, " (%u)", n);
	else
		outf(o, " [|domain]");
}

/* The quoted datagram's destination, protocol and ports (ICMP errors). */
struct quoted {
	char dst[16];
	uint8_t proto;
	uint16_t dport;
	bool ok;
};

static void quoted_read(struct pkt_reader *r, struct quoted *q)
{
	uint8_t vihl = pkt_u8(r);

	pkt_skip(r, 8);
	q->proto = pkt_u8(r);
	pkt_skip(r, 6);
	ip_fmt(pkt_be32(r), q->dst);
	pkt_skip(r, (vihl & 0xf) * 4u > 20 ? (vihl & 0xf) * 4u - 20 : 0);
	pkt_skip(r, 2);
	q->dport = pkt_be16(r);
	q->ok = !r->short_read;
}

static void icmp_unreach(struct out *o, uint8_t code, uint16_t mtu,
			 const struct quoted *q)
{
	switch (code) {
	case 0: outf(o, "net %s unreachable", q->dst); break;
	case 1: outf(o, "host %s unreachable", q->dst); break;
	case 2: outf(o, "%s protocol %u unreachable", q->dst, q->proto); break;
	case 3:
		outf(o, "%s %s port %u unreachable", q->dst,
		     q->proto == 6 ? "tcp" : "udp", q->dport);
		break;
	case 4:
		outf(o, "%s unreachable - need to frag (mtu %u)", q->dst, mtu);
		break;
	case 10:
		outf(o, "host %s unreachable - admin prohibited", q->dst);
		break;
	case 13:
		outf(o, "host %s unreachable - admin prohibited filter", q->dst);
		break;
	default:
		outf(o, "%s unreachable - #%u", q->dst, code);
	}
}

static void icmp_body(struct out *o, struct pkt_reader *r, const char *s,
		      const char *d, unsigned avail)
{
	uint8_t type = pkt_u8(r), code = pkt_u8(r);
	uint16_t id, seq;
	uint32_t gw;
	struct quoted q = { 0 };
	char g[16];

	pkt_skip(r, 2);
	id = pkt_be16(r);
	seq = pkt_be16(r);
	gw = (uint32_t)id << 16 | seq;
	outf(o, "%s > %s: ICMP ", s, d);
	if (r->short_read) {
		outf(o, " [|icmp]");
		return;
	}
	if (type == 3 || type == 5 || type == 11)
		quoted_read(r, &q);
	if (type == 0 || type == 8)
		outf(o, "echo %s, id %u, seq %u", type ? "request" : "reply",
		     id, seq);
	else if (type == 3 && q.ok)
		icmp_unreach(o, code, seq, &q);
	else if (type == 11)
		outf(o, code ? "ip reassembly time exceeded" :
		     "time exceeded in-transit");
	else if (type == 5 && q.ok)
		outf(o, "redirect %s to %s %s", q.dst, code & 1 ? "host" : "net",
		     ip_fmt(gw, g));
	else
		outf(o, "type-#%u", type);
	outf(o, ", length %u", avail);
}

/* ip_print without -v: addresses, then the protocol's own line.  A
 * snapshot (a fate's first bytes) is short by design, not truncated. */
static void ip_body(struct out *o, const uint8_t *p, size_t n,
		    struct tap_seqs *seqs, bool snapshot)
{
	struct pkt_reader r;
	uint8_t vihl, proto;
	uint16_t tot, frag;
	unsigned hl, avail;
	char s[16], d[16];
	struct tcp_ids ids = { 0, 0, 0, 0 };

	pkt_reader_init(&r, p, n);
	vihl = pkt_u8(&r);
	pkt_skip(&r, 1);
	tot = pkt_be16(&r);
	pkt_skip(&r, 2);
	frag = pkt_be16(&r);
	pkt_skip(&r, 1);
	proto = pkt_u8(&r);
	pkt_skip(&r, 2);
	ids.s = pkt_be32(&r);
	ids.d = pkt_be32(&r);
	ip_fmt(ids.s, s);
	ip_fmt(ids.d, d);
	hl = (vihl & 0xfu) * 4;
	if (r.short_read) {
		outf(o, "IP  [|ip]");
		return;
	}
	if (vihl >> 4 != 4) {
		outf(o, "IP IP%u", vihl >> 4);
		return;
	}
	if (hl < 20) {
		outf(o, "IP bad-hlen %u", hl);
		return;
	}
	outf(o, "IP ");
	if (tot < hl) {
		outf(o, "[total length %u < header length %u]", tot, hl);
		return;
	}
	if (tot > n && !snapshot)
		outf(o, "truncated-ip - %zu bytes missing! ", tot - n);
	pkt_skip(&r, hl - 20);
	avail = tot - hl;
	if (frag & 0x1fff) {
		outf(o, "%s > %s: ip-proto-%u", s, d, proto);
		return;
	}
	if (proto == 17)
		udp_body(o, &r, s, d, avail, (frag & 0x2000) != 0);
	else if (proto == 6)
		tcp_body(o, &r, s, d, avail, &ids, seqs);
	else if (proto == 1)
		icmp_body(o, &r, s, d, avail);
	else
		outf(o, "%s > %s:  ip-proto-%u %u", s, d, proto, avail);
}

static const char *ethertype_name(uint16_t t)
{
	return t == ETH_P_IP ? "IPv4" : t == ETH_P_ARP ? "ARP" : "Unknown";
}

/* sll2_if_print: "eth0  In  " and, with -e, the cooked header's
 * fields; length is the cooked frame's. */
static void sll2_head(struct out *o, const uint8_t *f, size_t len,
		      unsigned flags, const struct tap_line *x)
{
	static const char *const dir[] = { "In", "B", "M", "P", "Out" };
	uint16_t type = get_be16(f + ETH_OFF_TYPE);
	char a[18];

	outf(o, "%-5s %-3s ", x->ifname, x->pkttype < 5 ? dir[x->pkttype] : "?");
	if (!(flags & TAPF_ETHER) && (type == ETH_P_IP || type == ETH_P_ARP))
		return;
	outf(o, "ifindex %u %s ethertype %s (0x%04x), length %zu: ",
	     x->ifindex, mac_fmt(f + ETH_OFF_SRC, a), ethertype_name(type),
	     type, len - ETH_HLEN + SLL2_HDR_LEN);
}

size_t tap_format_ip(const uint8_t *ip, size_t snap, char *buf, size_t n)
{
	struct out o = { buf, n, 0 };

	buf[0] = 0;
	ip_body(&o, ip, snap, NULL, true);
	return o.len;
}

size_t tap_format(const uint8_t *f, size_t caplen, size_t len, uint64_t ns,
		  unsigned flags, char *buf, size_t n)
{
	return tap_format_line(f, caplen, len, ns, flags, NULL, buf, n);
}

size_t tap_format_line(const uint8_t *f, size_t caplen, size_t len,
		       uint64_t ns, unsigned flags, const struct tap_line *x,
		       char *buf, size_t n)
{
	struct out o = { buf, n, 0 };
	uint64_t sec = ns / 1000000000u, usec = ns % 1000000000u / 1000;
	bool cooked = x && x->ifname;
	uint16_t type;
	char a[18], b[18];

	buf[0] = 0;
	outf(&o, "%02u:%02u:%02u.%06u ", (unsigned)(sec / 3600 % 24),
	     (unsigned)(sec / 60 % 60), (unsigned)(sec % 60), (unsigned)usec);
	if (caplen < ETH_HLEN) {
		outf(&o, cooked ? " [|sll2]\n" : " [|ether]\n");
		return o.len;
	}
	type = get_be16(f + ETH_OFF_TYPE);
	if (cooked)
		sll2_head(&o, f, len, flags, x);
	else if ((flags & TAPF_ETHER) || (type != ETH_P_IP && type != ETH_P_ARP))
		outf(&o, "%s > %s, ethertype %s (0x%04x), length %zu: ",
		     mac_fmt(f + ETH_OFF_SRC, a), mac_fmt(f + ETH_OFF_DST, b),
		     ethertype_name(type), type, len);
	if (type == ETH_P_IP) {
		size_t mark = o.len;

		ip_body(&o, f + ETH_HLEN, caplen - ETH_HLEN,
			x && !(flags & TAPF_ABSSEQ) ? x->seqs : NULL, false);
		/* with -e the link line already said IPv4: no "IP " */
		if ((flags & TAPF_ETHER) && !strncmp(buf + mark, "IP ", 3)) {
			memmove(buf + mark, buf + mark + 3, o.len - mark - 2);
			o.len -= 3;
		}
	} else if (type == ETH_P_ARP) {
		arp_body(&o, f + ETH_HLEN, caplen - ETH_HLEN,
			 flags & TAPF_ETHER);
	} else {
		hexdump(&o, f + ETH_HLEN, caplen - ETH_HLEN);
	}
	outf(&o, "\n");
	return o.len;
}
