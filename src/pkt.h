/*
 * pkt.h: the only ways to read and write packet bytes.
 *
 * Reading goes through a cursor that never passes its end: a short read sets
 * a sticky flag and yields 0, and the stage tests the flag once and records a
 * named drop (the idea of tcpdump's GET_ macros and the kernel's
 * pskb_may_pull() ... goto drop).  Writing goes through builders that compute
 * lengths and checksums; a damaged test packet is built right, then damaged.
 */
#ifndef NETSTEP_SRC_PKT_H
#define NETSTEP_SRC_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pkt_reader {
	const uint8_t *p;   /* next byte to read */
	const uint8_t *end; /* one past the last readable byte */
	bool short_read;    /* sticky: some read wanted bytes past end */
};

void pkt_reader_init(struct pkt_reader *r, const uint8_t *p, size_t len);
uint8_t pkt_u8(struct pkt_reader *r);
uint16_t pkt_be16(struct pkt_reader *r);
uint32_t pkt_be32(struct pkt_reader *r);
/* Copies n bytes to out (zeros on a short read). */
void pkt_bytes(struct pkt_reader *r, uint8_t *out, size_t n);
void pkt_skip(struct pkt_reader *r, size_t n);
size_t pkt_left(const struct pkt_reader *r);

/* Writers for builders: the caller owns a buffer known to be large enough. */
void put_be16(uint8_t *p, uint16_t v);
void put_be32(uint8_t *p, uint32_t v);
/* Reads of bytes a reader has already checked are present. */
uint16_t get_be16(const uint8_t *p);
uint32_t get_be32(const uint8_t *p);

/* Internet checksum (RFC 1071).  csum_add accumulates, csum_fold finishes. */
uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t n);
uint16_t csum_fold(uint32_t sum);
uint16_t inet_csum(const uint8_t *p, size_t n);
/* Sum of the IPv4 pseudo-header (addresses host order) plus the segment. */
uint16_t l4_csum(uint32_t saddr, uint32_t daddr, uint8_t proto,
		 const uint8_t *seg, size_t len);
/* What "bad-*-csum" stores: the right checksum + 1 (0x0001 if that is 0). */
uint16_t csum_damage(uint16_t good);

/* Builders; each returns the bytes it wrote. */
size_t build_eth(uint8_t *p, const uint8_t dst[6], const uint8_t src[6],
		 uint16_t type);

struct ip_spec {
	uint8_t ihl;        /* written as given; the header is max(5, ihl) words */
	uint8_t tos, ttl, proto;
	uint16_t id, frag;  /* frag: flags and offset in 8-byte units */
	uint16_t tot_len;   /* 0: header + payload_len */
	uint32_t saddr, daddr;
	uint16_t payload_len;
};
/* Writes the header with its checksum; returns its length. */
size_t build_iphdr(uint8_t *p, const struct ip_spec *s);
void ip_fill_csum(uint8_t *iph, size_t hlen);
/* Fills the UDP checksum over header + payload (0 becomes 0xffff). */
void udp_fill_csum(uint8_t *udph, size_t len, uint32_t saddr, uint32_t daddr);
void icmp_fill_csum(uint8_t *icmph, size_t len);

/* "a.b.c.d" <-> host order; ip_parse returns false on bad input. */
bool ip_parse(const char *s, uint32_t *out);
char *ip_fmt(uint32_t a, char buf[16]);
bool mac_parse(const char *s, uint8_t out[6]);
char *mac_fmt(const uint8_t m[6], char buf[18]);

#endif
