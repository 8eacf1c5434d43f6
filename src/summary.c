/* summary.c: tcpdump-style one-line summaries (the style of tcpdump -n). */
#include "summary.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pkt.h"
#include "proto/arp.h"
#include "proto/ether.h"
#include "proto/icmp.h"
#include "proto/ip.h"
#include "tap.h"

/* Appends at most end - *o bytes of s (n of them) at *o. */
static void app(char **o, const char *end, const char *s, size_t n)
{
	if (n > (size_t)(end - *o))
		n = (size_t)(end - *o);
	memcpy(*o, s, n);
	*o += n;
}

/* snprintf for the only conversions the summaries use, %s and %u: a
 * batch replay writes one summary per packet and glibc's vfprintf was a
 * tenth of its time.  Cut to n - 1 bytes as snprintf cuts. */
__attribute__((format(printf, 3, 4)))
static void sfmt(char *buf, size_t n, const char *fmt, ...)
{
	char num[12], *o = buf, *end = buf + n - 1;
	va_list ap;

	va_start(ap, fmt);
	for (;;) {
		const char *pc = strchrnul(fmt, '%');
		int k = sizeof(num);

		app(&o, end, fmt, (size_t)(pc - fmt));
		if (!*pc)
			break;
		if (pc[1] == 's') {
			const char *v = va_arg(ap, const char *);

			app(&o, end, v, strlen(v));
		} else {             /* %u */
			unsigned v = va_arg(ap, unsigned);

			do
				num[--k] = (char)('0' + v % 10);
			while (v /= 10);
			app(&o, end, num + k, sizeof(num) - (size_t)k);
		}
		fmt = pc + 2;
	}
	*o = 0;
	va_end(ap);
}

/* TCP and ICMP errors are rarer than UDP and echo: tcpdump's own printer
 * (tap_print.c) words them, the common kinds stay on the fast path. */
static bool summary_by_tap(uint8_t proto, const struct pkt_reader *r)
{
	return proto == IPPROTO_TCP ||
	       (proto == IPPROTO_ICMP && r->p < r->end &&
		*r->p != ICMP_ECHO && *r->p != ICMP_ECHOREPLY);
}

static void summary_ip(struct pkt_reader *r, char *buf, size_t n)
{
	const uint8_t *iph = r->p;
	char s[16], d[16];
	uint8_t vihl = pkt_u8(r), proto;
	uint16_t tot, frag;
	uint32_t sa, da;
	size_t hl = (size_t)(vihl & 0xf) * 4;

	pkt_skip(r, 1);
	tot = pkt_be16(r);
	pkt_skip(r, 2);
	frag = pkt_be16(r);
	pkt_skip(r, 1);
	proto = pkt_u8(r);
	pkt_skip(r, 2);
	sa = pkt_be32(r);
	da = pkt_be32(r);
	if (r->short_read || vihl >> 4 != 4 || hl < IP_HLEN) {
		sfmt(buf, n, "IP (invalid header)");
		return;
	}
	ip_fmt(sa, s);
	ip_fmt(da, d);
	pkt_skip(r, hl - IP_HLEN);
	if (!(frag & IP_OFFMASK) && summary_by_tap(proto, r)) {
		tap_format_ip(iph, (size_t)(r->end - iph), buf, n);
		return;
	}
	if (frag & IP_OFFMASK) {
		sfmt(buf, n, "IP %s > %s: ip-proto-%u (fragment offset %u)",
			 s, d, proto, (frag & IP_OFFMASK) * 8);
		return;
	}
	if (proto == IPPROTO_UDP) {
		uint16_t sp = pkt_be16(r), dp = pkt_be16(r), ul = pkt_be16(r);

		if (r->short_read)
			sfmt(buf, n, "IP %s > %s: UDP (truncated)", s, d);
		else
			sfmt(buf, n, "IP %s.%u > %s.%u: UDP, length %u", s, sp,
				 d, dp, ul >= 8 ? ul - 8 : 0);
	} else if (proto == IPPROTO_ICMP) {
		uint8_t t = pkt_u8(r);
		uint16_t id, seq;

		pkt_skip(r, 3);
		id = pkt_be16(r);
		seq = pkt_be16(r);
		if (r->short_read)
			sfmt(buf, n, "IP %s > %s: ICMP (truncated)", s, d);
		else                  /* echo: the rest went to summary_by_tap */
			sfmt(buf, n, "IP %s > %s: ICMP echo %s, id %u, seq %u, "
				 "length %u", s, d, t ? "request" : "reply", id, seq,
				 tot > hl ? tot - (unsigned)hl : 0);
	} else {
		sfmt(buf, n, "IP %s > %s: ip-proto-%u %u", s, d, proto,
			 tot > hl ? tot - (unsigned)hl : 0);
	}
}

static void summary_arp(struct pkt_reader *r, char *buf, size_t n)
{
	uint8_t sha[6], tha[6];
	char s[16], t[16], m[18];
	uint16_t op;
	uint32_t sip, tip;

	pkt_skip(r, ARP_OFF_OP);
	op = pkt_be16(r);
	pkt_bytes(r, sha, 6);
	sip = pkt_be32(r);
	pkt_bytes(r, tha, 6);
	tip = pkt_be32(r);
	if (r->short_read)
		sfmt(buf, n, "ARP (truncated)");
	else if (op == 1)
		sfmt(buf, n, "ARP, Request who-has %s tell %s, length 28",
			 ip_fmt(tip, t), ip_fmt(sip, s));
	else if (op == 2)
		sfmt(buf, n, "ARP, Reply %s is-at %s, length 28", ip_fmt(sip, s),
			 mac_fmt(sha, m));
	else
		sfmt(buf, n, "ARP, op %u", op);
}

char *fate_summary(const struct fate_rec *f, char *buf, size_t n)
{
	struct pkt_reader r;
	uint16_t proto = f->protocol;

	buf[0] = 0;
	if (!f->nbytes) {
		sfmt(buf, n, f->origin == ORIGIN_SOCKET ? "(datagram never "
			 "built)" : "(no bytes)");
		return buf;
	}
	pkt_reader_init(&r, f->bytes + f->l2len,
			f->nbytes > f->l2len ? f->nbytes - f->l2len : 0);
	if (f->l2len && f->nbytes < ETH_HLEN) {
		sfmt(buf, n, "(runt frame, %u bytes)", f->wire_len);
		return buf;
	}
	if (proto == ETH_P_IP)
		summary_ip(&r, buf, n);
	else if (proto == ETH_P_ARP)
		summary_arp(&r, buf, n);
	else
		snprintf(buf, n, "ethertype 0x%04x, length %u", proto, f->wire_len);
	return buf;
}
