/* summary.c: tcpdump-style one-line summaries (the style of tcpdump -n). */
#include "summary.h"

#include <stdio.h>
#include <string.h>

#include "ffmt.h"
#include "pkt.h"
#include "proto/arp.h"
#include "proto/ether.h"
#include "proto/icmp.h"
#include "proto/ip.h"
#include "tap.h"

/* ICMP errors are rare: tcpdump's own printer (tap_print.c) words them,
 * and the TCP segments summary_tcp leaves. */
static bool summary_by_tap(uint8_t proto, const struct pkt_reader *r)
{
	return proto == IPPROTO_TCP ||
	       (proto == IPPROTO_ICMP && r->p < r->end &&
		*r->p != ICMP_ECHO && *r->p != ICMP_ECHOREPLY);
}

static bool tcp_app_port(uint16_t p)
{
	return p == 53 || p == 80 || p == 8080;
}

/* The common TCP segment -- no options, no URG, no data tcpdump would
 * decode -- worded as tap_print's tcp_body words it, in one call: a
 * replay of SYNs and RSTs spent a tenth of its time in the general
 * printer.  False for the others. */
static bool summary_tcp(struct pkt_reader r, const char *s, const char *d,
			unsigned avail, char *buf, size_t n)
{
	uint16_t sp = pkt_be16(&r), dp = pkt_be16(&r), win;
	uint32_t seq = pkt_be32(&r), ack = pkt_be32(&r);
	uint8_t off = pkt_u8(&r), fl = pkt_u8(&r);
	unsigned dlen = avail - 20;
	char f[9], sq[32] = "", ak[24] = "";

	win = pkt_be16(&r);
	if (r.short_read || off >> 4 != 5 || avail < 20 || (fl & 0x20) ||
	    (dlen && (tcp_app_port(sp) || tcp_app_port(dp))))
		return false;
	if (dlen)
		ffmt(sq, sizeof(sq), ", seq %u:%u", seq, seq + dlen);
	else if (fl & 0x07)          /* FIN, SYN, RST */
		ffmt(sq, sizeof(sq), ", seq %u", seq);
	if (fl & 0x10)
		ffmt(ak, sizeof(ak), ", ack %u", ack);
	ffmt(buf, n, "IP %s.%u > %s.%u: Flags [%s]%s%s, win %u, length %u",
	     s, sp, d, dp, *tap_tcp_flags(fl, f) ? f : "none", sq, ak, win,
	     dlen);
	return true;
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
		ffmt(buf, n, "IP (invalid header)");
		return;
	}
	ip_fmt(sa, s);
	ip_fmt(da, d);
	pkt_skip(r, hl - IP_HLEN);
	if (!(frag & IP_OFFMASK) && proto == IPPROTO_TCP && tot >= hl &&
	    summary_tcp(*r, s, d, tot - (unsigned)hl, buf, n))
		return;
	if (!(frag & IP_OFFMASK) && summary_by_tap(proto, r)) {
		tap_format_ip(iph, (size_t)(r->end - iph), buf, n);
		return;
	}
	if (frag & IP_OFFMASK) {
		ffmt(buf, n, "IP %s > %s: ip-proto-%u (fragment offset %u)",
			 s, d, proto, (frag & IP_OFFMASK) * 8);
		return;
	}
	if (proto == IPPROTO_UDP) {
		uint16_t sp = pkt_be16(r), dp = pkt_be16(r), ul = pkt_be16(r);

		if (r->short_read)
			ffmt(buf, n, "IP %s > %s: UDP (truncated)", s, d);
		else
			ffmt(buf, n, "IP %s.%u > %s.%u: UDP, length %u", s, sp,
				 d, dp, ul >= 8 ? ul - 8 : 0);
	} else if (proto == IPPROTO_ICMP) {
		uint8_t t = pkt_u8(r);
		uint16_t id, seq;

		pkt_skip(r, 3);
		id = pkt_be16(r);
		seq = pkt_be16(r);
		if (r->short_read)
			ffmt(buf, n, "IP %s > %s: ICMP (truncated)", s, d);
		else                  /* echo: the rest went to summary_by_tap */
			ffmt(buf, n, "IP %s > %s: ICMP echo %s, id %u, seq %u, "
				 "length %u", s, d, t ? "request" : "reply", id, seq,
				 tot > hl ? tot - (unsigned)hl : 0);
	} else {
		ffmt(buf, n, "IP %s > %s: ip-proto-%u %u", s, d, proto,
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
		ffmt(buf, n, "ARP (truncated)");
	else if (op == 1)
		ffmt(buf, n, "ARP, Request who-has %s tell %s, length 28",
			 ip_fmt(tip, t), ip_fmt(sip, s));
	else if (op == 2)
		ffmt(buf, n, "ARP, Reply %s is-at %s, length 28", ip_fmt(sip, s),
			 mac_fmt(sha, m));
	else
		ffmt(buf, n, "ARP, op %u", op);
}

char *fate_summary(const struct fate_rec *f, char *buf, size_t n)
{
	struct pkt_reader r;
	uint16_t proto = f->protocol;

	buf[0] = 0;
	if (!f->nbytes) {
		ffmt(buf, n, f->origin == ORIGIN_SOCKET ? "(datagram never "
			 "built)" : "(no bytes)");
		return buf;
	}
	pkt_reader_init(&r, f->bytes + f->l2len,
			f->nbytes > f->l2len ? f->nbytes - f->l2len : 0);
	if (f->l2len && f->nbytes < ETH_HLEN) {
		ffmt(buf, n, "(runt frame, %u bytes)", f->wire_len);
		return buf;
	}
	if (proto == ETH_P_IP)
		summary_ip(&r, buf, n);
	else if (proto == ETH_P_ARP)
		summary_arp(&r, buf, n);
	else
		ffmt(buf, n, "ethertype 0x%04x, length %u", proto, f->wire_len);
	return buf;
}
