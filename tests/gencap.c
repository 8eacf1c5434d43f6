/*
 * gencap.c: deterministic captures for `make bench` and the replay tests.
 *
 *   gencap N FILE [GAP_NS]   N frames of mixed traffic to a host
 *                            02:00:00:00:00:02 / 10.0.0.2 from 10.0.0.1,
 *                            GAP_NS apart (default 5000), as a pcap file
 *   gencap --pcapng IN OUT   IN (pcap or pcapng) rewritten as pcapng
 *
 * The mix, chosen by a fixed linear congruential sequence so every run
 * writes the same bytes: UDP to the bound port 5000 (50%), UDP to the
 * closed port 6000 (10%), TCP SYNs to port 80 (10%), ICMP echo requests
 * (10%), ARP requests for 10.0.0.2 (8%) and for another host (2%), and
 * malformed frames (10%): a bad IP checksum, a bad UDP checksum, a frame
 * cut inside its IP header, a runt, and a frame for another MAC.
 *
 * libpcap writes pcap; pcapng (which libpcap reads but does not write) is
 * written here, block by block: a section header, one Ethernet interface
 * with nanosecond timestamps, and an enhanced packet block per frame.
 */
#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const uint8_t host_mac[6] = { 2, 0, 0, 0, 0, 2 };
static const uint8_t peer_mac[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
#define HOST_IP 0x0a000002u
#define PEER_IP 0x0a000001u

static uint32_t seed = 12345;

static uint32_t next_rand(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t s)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static size_t eth(uint8_t *f, const uint8_t *dst, uint16_t type)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, peer_mac, 6);
	put16(f + 12, type);
	return 14;
}

/* IPv4 header at f (20 bytes) for l4 bytes of protocol proto. */
static void ip4(uint8_t *f, uint8_t proto, size_t l4, uint16_t id)
{
	memset(f, 0, 20);
	f[0] = 0x45;
	put16(f + 2, (uint32_t)(20 + l4));
	put16(f + 4, id);
	f[8] = 64;
	f[9] = proto;
	put32(f + 12, PEER_IP);
	put32(f + 16, HOST_IP);
	put16(f + 10, fold(sum16(f, 20, 0)));
}

/* The pseudo-header sum of an L4 segment for the IPv4 header at ip. */
static uint32_t pseudo(const uint8_t *ip, size_t l4)
{
	return sum16(ip + 12, 8, 0) + ip[9] + (uint32_t)l4;
}

static size_t udp(uint8_t *f, uint16_t dport, size_t len, uint16_t id,
		  bool bad_csum)
{
	size_t n = eth(f, host_mac, 0x0800);
	uint8_t *ip = f + n, *u = ip + 20;
	uint16_t c;

	ip4(ip, 17, 8 + len, id);
	memset(u, 0, 8 + len);
	put16(u, 40000);
	put16(u + 2, dport);
	put16(u + 4, (uint32_t)(8 + len));
	c = fold(sum16(u, 8 + len, pseudo(ip, 8 + len)));
	put16(u + 6, (c ? c : 0xffff) + (bad_csum ? 1 : 0));
	return n + 20 + 8 + len;
}

static size_t tcp_syn(uint8_t *f, uint16_t id)
{
	size_t n = eth(f, host_mac, 0x0800);
	uint8_t *ip = f + n, *t = ip + 20;

	ip4(ip, 6, 20, id);
	memset(t, 0, 20);
	put16(t, 40000 + id % 1000);
	put16(t + 2, 80);
	put32(t + 4, id);
	t[12] = 5 << 4;
	t[13] = 0x02;
	put16(t + 14, 65535);
	put16(t + 16, fold(sum16(t, 20, pseudo(ip, 20))));
	return n + 40;
}

static size_t icmp_echo(uint8_t *f, uint16_t id)
{
	size_t n = eth(f, host_mac, 0x0800);
	uint8_t *ip = f + n, *ic = ip + 20;

	ip4(ip, 1, 8 + 56, id);
	memset(ic, 0, 8 + 56);
	ic[0] = 8;
	put16(ic + 4, 7);
	put16(ic + 6, id);
	put16(ic + 2, fold(sum16(ic, 64, 0)));
	return n + 20 + 64;
}

static size_t arp_req(uint8_t *f, uint32_t target)
{
	size_t n = eth(f, bcast, 0x0806);
	uint8_t *a = f + n;

	put16(a, 1);
	put16(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, 1);
	memcpy(a + 8, peer_mac, 6);
	put32(a + 14, PEER_IP);
	memset(a + 18, 0, 6);
	put32(a + 24, target);
	return n + 28;
}

/* One frame of the mix into f; returns its length. */
static size_t mixed(uint8_t *f, uint32_t i)
{
	uint32_t r = next_rand() % 100;
	uint16_t id = (uint16_t)(i + 1);
	size_t n;

	if (r < 50)
		return udp(f, 5000, 64, id, false);
	if (r < 60)
		return udp(f, 6000, 32, id, false);
	if (r < 70)
		return tcp_syn(f, id);
	if (r < 80)
		return icmp_echo(f, id);
	if (r < 88)
		return arp_req(f, HOST_IP);
	if (r < 90)
		return arp_req(f, 0x0a000063u);
	switch (r % 5) {
	case 0:                      /* bad IP header checksum */
		n = udp(f, 5000, 16, id, false);
		f[14 + 10] ^= 0x55;
		return n;
	case 1:
		return udp(f, 5000, 16, id, true);
	case 2:                      /* cut inside the IP header */
		udp(f, 5000, 16, id, false);
		return 14 + 12;
	case 3:                      /* a runt: not even an Ethernet header */
		memset(f, 0xab, 10);
		return 10;
	default:                     /* for another host's MAC */
		n = udp(f, 5000, 16, id, false);
		f[5] = 0x99;
		return n;
	}
}

static int generate(unsigned long count, const char *path, uint64_t gap)
{
	pcap_t *p = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 65535,
			PCAP_TSTAMP_PRECISION_NANO);
	pcap_dumper_t *d = p ? pcap_dump_open(p, path) : NULL;
	uint8_t f[2048];
	uint64_t t = 1700000000ull * 1000000000ull;

	if (!d) {
		fprintf(stderr, "gencap: %s: %s\n", path,
			p ? pcap_geterr(p) : "cannot open");
		return 1;
	}
	for (unsigned long i = 0; i < count; i++, t += gap) {
		struct pcap_pkthdr h;

		h.caplen = h.len = (bpf_u_int32)mixed(f, (uint32_t)i);
		h.ts.tv_sec = (time_t)(t / 1000000000u);
		h.ts.tv_usec = (suseconds_t)(t % 1000000000u);
		pcap_dump((u_char *)d, &h, f);
	}
	pcap_dump_close(d);
	pcap_close(p);
	return 0;
}

/* ---- pcapng, written by hand ---- */

static void w32(FILE *f, uint32_t v)
{
	fwrite(&v, 4, 1, f);         /* host order: the byte-order magic says */
}

static void block(FILE *f, uint32_t type, const void *body, uint32_t len)
{
	static const uint8_t pad[4];
	uint32_t total = 12 + ((len + 3) & ~3u);

	w32(f, type);
	w32(f, total);
	fwrite(body, 1, len, f);
	fwrite(pad, 1, ((len + 3) & ~3u) - len, f);
	w32(f, total);
}

static void ng_headers(FILE *f)
{
	uint8_t shb[16], idb[20];
	uint32_t magic = 0x1a2b3c4d, snap = 65535;
	uint16_t v1 = 1, v0 = 0, link = 1, o_tsres = 9, o_len = 1;
	int64_t seclen = -1;

	memcpy(shb, &magic, 4);
	memcpy(shb + 4, &v1, 2);
	memcpy(shb + 6, &v0, 2);
	memcpy(shb + 8, &seclen, 8);
	block(f, 0x0a0d0d0a, shb, 16);
	/* link type, reserved, snaplen; if_tsresol = 9 (ns), padded to 4
	 * bytes; opt_endofopt (all zero) */
	memset(idb, 0, sizeof(idb));
	memcpy(idb, &link, 2);
	memcpy(idb + 4, &snap, 4);
	memcpy(idb + 8, &o_tsres, 2);
	memcpy(idb + 10, &o_len, 2);
	idb[12] = 9;
	block(f, 1, idb, 20);
}

static int to_pcapng(const char *in, const char *out)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline_with_tstamp_precision(in,
			PCAP_TSTAMP_PRECISION_NANO, err);
	FILE *f = p ? fopen(out, "wb") : NULL;
	struct pcap_pkthdr *h;
	const u_char *d;
	uint8_t body[20 + 65536];

	if (!p || !f) {
		fprintf(stderr, "gencap: %s\n", p ? out : err);
		return 1;
	}
	ng_headers(f);
	while (pcap_next_ex(p, &h, &d) == 1) {
		uint64_t ts = (uint64_t)h->ts.tv_sec * 1000000000u +
			      (uint64_t)h->ts.tv_usec;
		uint32_t v[5] = { 0, (uint32_t)(ts >> 32), (uint32_t)ts,
				  h->caplen, h->len };

		memcpy(body, v, 20);
		memcpy(body + 20, d, h->caplen);
		block(f, 6, body, 20 + h->caplen);
	}
	fclose(f);
	pcap_close(p);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--pcapng"))
		return to_pcapng(argv[2], argv[3]);
	if (argc == 3 || argc == 4)
		return generate(strtoul(argv[1], NULL, 10), argv[2],
				argc == 4 ? strtoull(argv[3], NULL, 10) : 5000);
	fprintf(stderr, "usage: gencap N FILE [GAP_NS] | gencap --pcapng IN "
		"OUT\n");
	return 2;
}
