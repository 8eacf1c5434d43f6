/* pkt.c: bounds-checked reading, checksums and builders; see pkt.h. */
#include "pkt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/ether.h"
#include "proto/ip.h"
#include "proto/udp.h"
#include "proto/icmp.h"

void pkt_reader_init(struct pkt_reader *r, const uint8_t *p, size_t len)
{
	r->p = p;
	r->end = p + len;
	r->short_read = false;
}

static bool pkt_have(struct pkt_reader *r, size_t n)
{
	if (r->short_read || (size_t)(r->end - r->p) < n) {
		r->short_read = true;
		return false;
	}
	return true;
}

uint8_t pkt_u8(struct pkt_reader *r)
{
	if (!pkt_have(r, 1))
		return 0;
	return *r->p++;
}

uint16_t pkt_be16(struct pkt_reader *r)
{
	if (!pkt_have(r, 2))
		return 0;
	uint16_t v = get_be16(r->p);
	r->p += 2;
	return v;
}

uint32_t pkt_be32(struct pkt_reader *r)
{
	if (!pkt_have(r, 4))
		return 0;
	uint32_t v = get_be32(r->p);
	r->p += 4;
	return v;
}

void pkt_bytes(struct pkt_reader *r, uint8_t *out, size_t n)
{
	if (!pkt_have(r, n)) {
		memset(out, 0, n);
		return;
	}
	memcpy(out, r->p, n);
	r->p += n;
}

void pkt_skip(struct pkt_reader *r, size_t n)
{
	if (pkt_have(r, n))
		r->p += n;
}

size_t pkt_left(const struct pkt_reader *r)
{
	return r->short_read ? 0 : (size_t)(r->end - r->p);
}

void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (i < n)
		sum += (uint32_t)p[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t inet_csum(const uint8_t *p, size_t n)
{
	return csum_fold(csum_add(0, p, n));
}

uint16_t l4_csum(uint32_t saddr, uint32_t daddr, uint8_t proto,
		 const uint8_t *seg, size_t len)
{
	uint8_t ph[12];

	put_be32(ph, saddr);
	put_be32(ph + 4, daddr);
	ph[8] = 0;
	ph[9] = proto;
	put_be16(ph + 10, (uint16_t)len);
	return csum_fold(csum_add(csum_add(0, ph, 12), seg, len));
}

uint16_t csum_damage(uint16_t good)
{
	uint16_t bad = (uint16_t)(good + 1);

	return bad ? bad : 1;
}

size_t build_eth(uint8_t *p, const uint8_t dst[6], const uint8_t src[6],
		 uint16_t type)
{
	memcpy(p + ETH_OFF_DST, dst, ETH_ALEN);
	memcpy(p + ETH_OFF_SRC, src, ETH_ALEN);
	put_be16(p + ETH_OFF_TYPE, type);
	return ETH_HLEN;
}

size_t build_iphdr(uint8_t *p, const struct ip_spec *s)
{
	size_t hlen = s->ihl > 5 ? (size_t)s->ihl * 4 : IP_HLEN;

	memset(p, 0, hlen);
	p[IP_OFF_VIHL] = (uint8_t)(0x40 | (s->ihl & 0xf));
	p[IP_OFF_TOS] = s->tos;
	put_be16(p + IP_OFF_TOTLEN, s->tot_len ? s->tot_len :
		 (uint16_t)(hlen + s->payload_len));
	put_be16(p + IP_OFF_ID, s->id);
	put_be16(p + IP_OFF_FRAG, s->frag);
	p[IP_OFF_TTL] = s->ttl;
	p[IP_OFF_PROTO] = s->proto;
	put_be32(p + IP_OFF_SRC, s->saddr);
	put_be32(p + IP_OFF_DST, s->daddr);
	ip_fill_csum(p, hlen);
	return hlen;
}

void ip_fill_csum(uint8_t *iph, size_t hlen)
{
	put_be16(iph + IP_OFF_CSUM, 0);
	put_be16(iph + IP_OFF_CSUM, inet_csum(iph, hlen));
}

void udp_fill_csum(uint8_t *udph, size_t len, uint32_t saddr, uint32_t daddr)
{
	uint16_t c;

	put_be16(udph + UDP_OFF_CSUM, 0);
	c = l4_csum(saddr, daddr, IPPROTO_UDP, udph, len);
	put_be16(udph + UDP_OFF_CSUM, c ? c : 0xffff);
}

void icmp_fill_csum(uint8_t *icmph, size_t len)
{
	put_be16(icmph + ICMP_OFF_CSUM, 0);
	put_be16(icmph + ICMP_OFF_CSUM, inet_csum(icmph, len));
}

bool ip_parse(const char *s, uint32_t *out)
{
	uint32_t a = 0;

	for (int i = 0; i < 4; i++) {
		char *end;
		unsigned long v;

		if (*s < '0' || *s > '9')
			return false;
		v = strtoul(s, &end, 10);
		if (v > 255 || end - s > 3)
			return false;
		a = a << 8 | (uint32_t)v;
		s = end;
		if (i < 3 && *s++ != '.')
			return false;
	}
	if (*s)
		return false;
	*out = a;
	return true;
}

/* By hand: batch output formats two addresses per packet. */
char *ip_fmt(uint32_t a, char buf[16])
{
	char *p = buf;

	for (int shift = 24; shift >= 0; shift -= 8) {
		unsigned o = (a >> shift) & 0xff;

		if (o >= 100)
			*p++ = (char)('0' + o / 100);
		if (o >= 10)
			*p++ = (char)('0' + o / 10 % 10);
		*p++ = (char)('0' + o % 10);
		*p++ = shift ? '.' : 0;
	}
	return buf;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool mac_parse(const char *s, uint8_t out[6])
{
	for (int i = 0; i < 6; i++) {
		int h = hexval(s[0]), l = h < 0 ? -1 : hexval(s[1]);

		if (h < 0 || l < 0)
			return false;
		out[i] = (uint8_t)(h << 4 | l);
		s += 2;
		if (i < 5 && *s++ != ':')
			return false;
	}
	return *s == 0;
}

char *mac_fmt(const uint8_t m[6], char buf[18])
{
	static const char hex[] = "0123456789abcdef";

	/* by hand, as ip_fmt: a summary of every ARP reply has one */
	for (int i = 0; i < 6; i++) {
		buf[3 * i] = hex[m[i] >> 4];
		buf[3 * i + 1] = hex[m[i] & 15];
		buf[3 * i + 2] = i < 5 ? ':' : 0;
	}
	return buf;
}
