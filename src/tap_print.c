/*
 * tap_print.c: a captured frame as one line of `tcpdump -n` (4.99), for
 * the frames netstep makes: Ethernet, ARP, IPv4, UDP, TCP, ICMP and the
 * malformed ones the tests build.  Checked line for line against the real
 * tcpdump reading the same frames (tests/tcpdump).  Read through the
 * bounds-checked cursor, as tcpdump reads through its GET_ macros.
 *
 * Knowingly missing: application decoders chosen by port (DNS on 53,
 * BOOTP on 67, HTTP on 80...: tcpdump names or decodes them), TCP options,
 * relative TCP sequence numbers (tcpdump tracks each connection from its
 * SYN; these lines always show the absolute numbers, as `-S` does), and
 * IP options.
 */
#include "tap.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
	int k;

	if (o->len + 1 >= o->n)
		return;
	va_start(ap, fmt);
	k = vsnprintf(o->p + o->len, o->n - o->len, fmt, ap);
	va_end(ap);
	if (k > 0)
		o->len += (size_t)k < o->n - o->len ? (size_t)k :
			  o->n - o->len - 1;
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
	else
		outf(o, "UDP, length %u", ul - 8);
}

static void tcp_body(struct out *o, struct pkt_reader *r, const char *s,
		     const char *d, unsigned avail)
{
	static const char fl[] = "FSRP.UEW";
	uint16_t sp = pkt_be16(r), dp = pkt_be16(r), win, urg;
	uint32_t seq = pkt_be32(r), ack = pkt_be32(r);
	uint8_t off = pkt_u8(r), flags = pkt_u8(r);
	unsigned hl = (unsigned)(off >> 4) * 4, dlen;
	char f[12];
	int k = 0;

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
	for (int i = 0; i < 8; i++)
		if (flags & (1u << i))
			f[k++] = fl[i];
	f[k] = 0;
	dlen = avail - hl;
	outf(o, "Flags [%s], seq %u", k ? f : "none", seq);
	if (dlen)
		outf(o, ":%u", seq + dlen);
	if (flags & 0x10)
		outf(o, ", ack %u", ack);
	outf(o, ", win %u", win);
	if (flags & 0x20)
		outf(o, ", urg %u", urg);
	outf(o, ", length %u", dlen);
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

/* ip_print without -v: addresses, then the protocol's own line. */
static void ip_body(struct out *o, const uint8_t *p, size_t n)
{
	struct pkt_reader r;
	uint8_t vihl, proto;
	uint16_t tot, frag;
	unsigned hl, avail;
	char s[16], d[16];

	pkt_reader_init(&r, p, n);
	vihl = pkt_u8(&r);
	pkt_skip(&r, 1);
	tot = pkt_be16(&r);
	pkt_skip(&r, 2);
	frag = pkt_be16(&r);
	pkt_skip(&r, 1);
	proto = pkt_u8(&r);
	pkt_skip(&r, 2);
	ip_fmt(pkt_be32(&r), s);
	ip_fmt(pkt_be32(&r), d);
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
	if (tot > n)
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
		tcp_body(o, &r, s, d, avail);
	else if (proto == 1)
		icmp_body(o, &r, s, d, avail);
	else
		outf(o, "%s > %s:  ip-proto-%u %u", s, d, proto, avail);
}

static const char *ethertype_name(uint16_t t)
{
	return t == ETH_P_IP ? "IPv4" : t == ETH_P_ARP ? "ARP" : "Unknown";
}

size_t tap_format(const uint8_t *f, size_t caplen, size_t len, uint64_t ns,
		  unsigned flags, char *buf, size_t n)
{
	struct out o = { buf, n, 0 };
	uint64_t sec = ns / 1000000000u, usec = ns % 1000000000u / 1000;
	uint16_t type;
	char a[18], b[18];

	buf[0] = 0;
	outf(&o, "%02u:%02u:%02u.%06u ", (unsigned)(sec / 3600 % 24),
	     (unsigned)(sec / 60 % 60), (unsigned)(sec % 60), (unsigned)usec);
	if (caplen < ETH_HLEN) {
		outf(&o, " [|ether]\n");
		return o.len;
	}
	type = get_be16(f + ETH_OFF_TYPE);
	if ((flags & TAPF_ETHER) || (type != ETH_P_IP && type != ETH_P_ARP))
		outf(&o, "%s > %s, ethertype %s (0x%04x), length %zu: ",
		     mac_fmt(f + ETH_OFF_SRC, a), mac_fmt(f + ETH_OFF_DST, b),
		     ethertype_name(type), type, len);
	if (type == ETH_P_IP) {
		size_t mark = o.len;

		ip_body(&o, f + ETH_HLEN, caplen - ETH_HLEN);
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
