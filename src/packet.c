/* packet.c: PACKET words -> one exact Ethernet frame; see packet.h. */
#include "packet.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "pkt.h"
#include "proto/arp.h"
#include "proto/ether.h"
#include "proto/icmp.h"
#include "proto/ip.h"
#include "proto/udp.h"
#include "tcp.h"

struct pspec {
	const char *kind;
	uint32_t src, dst;
	uint16_t sport, dport;
	const uint8_t *payload;
	size_t plen;
	bool zero_payload;
	uint8_t tcp_flags;
	uint32_t seq, ack;
	bool seq_isn, ack_isn;     /* "isn+N": N from the connection's ISN */
	uint8_t icmp_type, icmp_code;
	uint16_t icmp_id, icmp_seq;
	uint16_t arp_op;
	uint8_t arp_mac[6];
	uint8_t raw[PACKET_MAX];
	size_t raw_len;
	bool has_src_mac, has_dst_mac;
	uint8_t src_mac[6], dst_mac[6];
	uint8_t ttl, tos, ihl;
	uint16_t ipid, frag_off;
	bool df, mf, bad_ip, bad_l4, no_udp_csum;
	bool bad_fcs;               /* the NIC sees a CRC error */
	long truncate;
	uint64_t count, gap_ns;
};

#define FAIL(...) do { snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

static bool parse_ipport(const char *s, uint32_t *ip, uint16_t *port)
{
	char buf[32];
	const char *c = strrchr(s, ':');
	uint64_t p;

	if (!c || (size_t)(c - s) >= sizeof(buf))
		return false;
	memcpy(buf, s, (size_t)(c - s));
	buf[c - s] = 0;
	return ip_parse(buf, ip) && parse_u64(c + 1, 0, 65535, &p) &&
	       (*port = (uint16_t)p, true);
}

static int take_payload(int argc, char **argv, int *i, struct pspec *p,
			char *err, size_t errlen)
{
	uint64_t n;

	if (*i >= argc)
		return 0;
	if (!strcmp(argv[*i], "len")) {
		if (*i + 1 >= argc || !parse_u64(argv[*i + 1], 0, 65507, &n))
			FAIL("%s: 'len' needs a number 0-65507", p->kind);
		p->plen = n;
		p->zero_payload = true;
		*i += 2;
	} else if (!strcmp(argv[*i], "payload")) {
		if (*i + 1 >= argc)
			FAIL("%s: 'payload' needs a value", p->kind);
		p->payload = (const uint8_t *)argv[*i + 1];
		p->plen = strlen(argv[*i + 1]);
		p->zero_payload = false;
		*i += 2;
	}
	return 0;
}

static int hexnib(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int parse_head(int argc, char **argv, int *ip, struct pspec *p,
		      char *err, size_t errlen)
{
	int i = 1;
	uint64_t n;

	p->kind = argv[0];
	if (!strcmp(p->kind, "udp") || !strcmp(p->kind, "tcp")) {
		if (argc < 4 || strcmp(argv[2], ">"))
			FAIL("%s: expected SRC:PORT > DST:PORT", p->kind);
		if (!parse_ipport(argv[1], &p->src, &p->sport) ||
		    !parse_ipport(argv[3], &p->dst, &p->dport))
			FAIL("%s: bad address:port in '%s %s %s'", p->kind,
			     argv[1], argv[2], argv[3]);
		i = 4;
		if (!strcmp(p->kind, "udp")) {
			if (take_payload(argc, argv, &i, p, err, errlen))
				return -1;
		} else {
			if (i >= argc || strcmp(argv[i], "flags") || i + 1 >= argc)
				FAIL("tcp: 'flags S|SA|A|PA|R|RA|F|FA' is required");
			for (const char *f = argv[i + 1]; *f; f++) {
				const char *bits = "FSRPAUEC", *b = strchr(bits, *f);

				if (!b)
					FAIL("tcp: bad flags '%s'", argv[i + 1]);
				p->tcp_flags |= (uint8_t)(1u << (b - bits));
			}
			i += 2;
			bool seen_seq = false, seen_ack = false, seen_pl = false;

			while (i < argc) {
				if (!strcmp(argv[i], "seq") && !seen_seq) {
					if (i + 1 < argc && !strncmp(argv[i + 1], "isn+", 4))
						p->seq_isn = true;
					if (i + 1 >= argc || !parse_u64(argv[i + 1] +
					    (p->seq_isn ? 4 : 0), 0, 0xffffffffu, &n))
						FAIL("tcp: bad seq");
					p->seq = (uint32_t)n;
					seen_seq = true;
					i += 2;
				} else if (!strcmp(argv[i], "ack") && !seen_ack) {
					if (i + 1 < argc && !strncmp(argv[i + 1], "isn+", 4))
						p->ack_isn = true;
					if (i + 1 >= argc || !parse_u64(argv[i + 1] +
					    (p->ack_isn ? 4 : 0), 0, 0xffffffffu, &n))
						FAIL("tcp: bad ack");
					p->ack = (uint32_t)n;
					seen_ack = true;
					i += 2;
				} else if ((!strcmp(argv[i], "len") ||
					    !strcmp(argv[i], "payload")) && !seen_pl) {
					seen_pl = true;
					if (take_payload(argc, argv, &i, p, err, errlen))
						return -1;
				} else {
					break;
				}
			}
		}
	} else if (!strcmp(p->kind, "icmp")) {
		if (argc < 5 || strcmp(argv[2], ">"))
			FAIL("icmp: expected SRC > DST TYPE");
		if (!ip_parse(argv[1], &p->src))
			FAIL("icmp: bad address '%s'", argv[1]);
		if (!ip_parse(argv[3], &p->dst))
			FAIL("icmp: bad address '%s'", argv[3]);
		if (!strcmp(argv[4], "echo-request")) {
			p->icmp_type = 8;
		} else if (!strcmp(argv[4], "echo-reply")) {
			p->icmp_type = 0;
		} else {
			unsigned t, c;
			char tail;

			if (sscanf(argv[4], "%u/%u%c", &t, &c, &tail) != 2 ||
			    t > 255 || c > 255)
				FAIL("icmp: bad type '%s' (echo-request, "
				     "echo-reply or TYPE/CODE)", argv[4]);
			p->icmp_type = (uint8_t)t;
			p->icmp_code = (uint8_t)c;
		}
		i = 5;
		bool seen[3] = { false, false, false };

		while (i < argc) {
			if (!strcmp(argv[i], "id") && !seen[0]) {
				if (i + 1 >= argc || !parse_u64(argv[i + 1], 0, 65535, &n))
					FAIL("icmp: bad id");
				p->icmp_id = (uint16_t)n;
				seen[0] = true;
				i += 2;
			} else if (!strcmp(argv[i], "seq") && !seen[1]) {
				if (i + 1 >= argc || !parse_u64(argv[i + 1], 0, 65535, &n))
					FAIL("icmp: bad seq");
				p->icmp_seq = (uint16_t)n;
				seen[1] = true;
				i += 2;
			} else if ((!strcmp(argv[i], "len") ||
				    !strcmp(argv[i], "payload")) && !seen[2]) {
				seen[2] = true;
				if (take_payload(argc, argv, &i, p, err, errlen))
					return -1;
			} else {
				break;
			}
		}
	} else if (!strcmp(p->kind, "arp")) {
		if (argc >= 5 && !strcmp(argv[1], "request") &&
		    !strcmp(argv[3], ">")) {
			p->arp_op = 1;
			if (!ip_parse(argv[2], &p->src) || !ip_parse(argv[4], &p->dst))
				FAIL("arp: bad address");
			i = 5;
		} else if (argc >= 7 && !strcmp(argv[1], "reply") &&
			   !strcmp(argv[3], "is-at") && !strcmp(argv[5], ">")) {
			p->arp_op = 2;
			if (!ip_parse(argv[2], &p->src) || !ip_parse(argv[6], &p->dst))
				FAIL("arp: bad address");
			if (!mac_parse(argv[4], p->arp_mac))
				FAIL("bad MAC address '%s'", argv[4]);
			i = 7;
		} else {
			FAIL("arp: expected 'request SENDER_IP > TARGET_IP' or "
			     "'reply SENDER_IP is-at MAC > TARGET_IP'");
		}
	} else if (!strcmp(p->kind, "raw")) {
		const char *h;
		size_t nb = 0;

		if (argc < 2)
			FAIL("raw: missing HEX");
		for (h = argv[1]; *h;) {
			int a, b;

			if (*h == ':') {
				h++;
				continue;
			}
			a = hexnib(h[0]);
			b = h[1] ? hexnib(h[1]) : -1;
			if (a < 0 || b < 0 || nb >= PACKET_MAX)
				FAIL("raw: bad HEX");
			p->raw[nb++] = (uint8_t)(a << 4 | b);
			h += 2;
		}
		p->raw_len = nb;
		i = 2;
	} else {
		FAIL("unknown PACKET kind '%s' (udp, tcp, icmp, arp, raw)", p->kind);
	}
	*ip = i;
	return 0;
}

static int parse_modifiers(int argc, char **argv, int i, struct pspec *p,
			   char *err, size_t errlen)
{
	static const char *const ip_only[] = { "ttl", "tos", "id", "df", "mf",
		"frag-offset", "ihl", "bad-ip-csum", "bad-l4-csum", "no-udp-csum" };
	uint64_t n;

	for (; i < argc; i++) {
		const char *t = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool is_raw = !strcmp(p->kind, "raw");

		if (is_raw && strcmp(t, "truncate") && strcmp(t, "count") &&
		    strcmp(t, "gap") && strcmp(t, "bad-fcs"))
			FAIL("raw: modifier '%s' does not apply to a raw frame", t);
		if (!strcmp(p->kind, "arp"))
			for (size_t k = 0; k < sizeof(ip_only) / sizeof(*ip_only); k++)
				if (!strcmp(t, ip_only[k]))
					FAIL("arp: modifier '%s' does not apply to ARP", t);
		if (!strcmp(t, "df")) { p->df = true; continue; }
		if (!strcmp(t, "mf")) { p->mf = true; continue; }
		if (!strcmp(t, "bad-ip-csum")) { p->bad_ip = true; continue; }
		if (!strcmp(t, "bad-fcs")) { p->bad_fcs = true; continue; }
		if (!strcmp(t, "bad-l4-csum")) { p->bad_l4 = true; continue; }
		if (!strcmp(t, "no-udp-csum")) {
			if (strcmp(p->kind, "udp"))
				FAIL("no-udp-csum applies to udp only");
			p->no_udp_csum = true;
			continue;
		}
		if (!v)
			FAIL("inject: '%s' needs a value", t);
		i++;
		if (!strcmp(t, "src-mac") || !strcmp(t, "dst-mac")) {
			uint8_t *m = t[0] == 's' ? p->src_mac : p->dst_mac;

			if (t[0] == 'd' && !strcmp(v, "broadcast"))
				memset(m, 0xff, 6);
			else if (!mac_parse(v, m))
				FAIL("bad MAC address '%s'", v);
			if (t[0] == 's')
				p->has_src_mac = true;
			else
				p->has_dst_mac = true;
		} else if (!strcmp(t, "ttl") || !strcmp(t, "tos")) {
			if (!parse_u64(v, 0, 255, &n))
				FAIL("%s: expected 0-255, got '%s'", t, v);
			*(t[1] == 't' ? &p->ttl : &p->tos) = (uint8_t)n;
		} else if (!strcmp(t, "id")) {
			if (!parse_u64(v, 0, 65535, &n))
				FAIL("id: expected 0-65535, got '%s'", v);
			p->ipid = (uint16_t)n;
		} else if (!strcmp(t, "frag-offset")) {
			if (!parse_u64(v, 0, 65528, &n))
				FAIL("frag-offset: expected 0-65528, got '%s'", v);
			if (n % 8)
				FAIL("frag-offset %s is not a multiple of 8 (it is "
				     "in bytes)", v);
			p->frag_off = (uint16_t)n;
		} else if (!strcmp(t, "ihl")) {
			if (!parse_u64(v, 0, 15, &n))
				FAIL("ihl: expected 0-15, got '%s'", v);
			p->ihl = (uint8_t)n;
		} else if (!strcmp(t, "truncate")) {
			if (!parse_u64(v, 0, PACKET_MAX, &n))
				FAIL("truncate: expected a byte count, got '%s'", v);
			p->truncate = (long)n;
		} else if (!strcmp(t, "count")) {
			if (!parse_u64(v, 1, 100000000, &n))
				FAIL("count: expected 1-100000000, got '%s'", v);
			p->count = n;
		} else if (!strcmp(t, "gap")) {
			if (!parse_time_ns(v, &p->gap_ns))
				FAIL("gap: expected a TIME like 10us, got '%s'", v);
		} else {
			FAIL("unknown inject modifier '%s'", t);
		}
	}
	return 0;
}

static size_t build_l4(const struct pspec *p, uint8_t *l4, uint8_t *proto)
{
	size_t n = 0;

	if (!strcmp(p->kind, "udp")) {
		*proto = IPPROTO_UDP;
		n = UDP_HLEN + p->plen;
		put_be16(l4, p->sport);
		put_be16(l4 + 2, p->dport);
		put_be16(l4 + 4, (uint16_t)n);
	} else if (!strcmp(p->kind, "tcp")) {
		*proto = IPPROTO_TCP;
		n = 20 + p->plen;
		put_be16(l4, p->sport);
		put_be16(l4 + 2, p->dport);
		/* isn+N: the host's ISN for this connection (tcp.h tcp_isn;
		 * tests/kernel/tcp-record.py gives the kernel's) */
		uint32_t isn = tcp_isn(p->dst, p->src, p->dport, p->sport);

		put_be32(l4 + 4, p->seq + (p->seq_isn ? isn : 0));
		put_be32(l4 + 8, p->ack + (p->ack_isn ? isn : 0));
		put_be16(l4 + 12, (uint16_t)(5 << 12 | p->tcp_flags));
		put_be16(l4 + 14, 65535);
	} else {
		*proto = IPPROTO_ICMP;
		n = ICMP_HLEN + p->plen;
		l4[0] = p->icmp_type;
		l4[1] = p->icmp_code;
		put_be16(l4 + 4, p->icmp_id);
		put_be16(l4 + 6, p->icmp_seq);
	}
	if (!p->zero_payload && p->plen)
		memcpy(l4 + (n - p->plen), p->payload, p->plen);
	return n;
}

static void fill_l4_csum(const struct pspec *p, uint8_t *l4, size_t n)
{
	uint16_t c;

	if (!strcmp(p->kind, "udp")) {
		c = l4_csum(p->src, p->dst, IPPROTO_UDP, l4, n);
		c = c ? c : 0xffff;
		if (p->no_udp_csum)
			c = 0;
		else if (p->bad_l4)
			c = csum_damage(c);
		put_be16(l4 + UDP_OFF_CSUM, c);
	} else if (!strcmp(p->kind, "tcp")) {
		c = l4_csum(p->src, p->dst, IPPROTO_TCP, l4, n);
		put_be16(l4 + 16, p->bad_l4 ? csum_damage(c) : c);
	} else {
		c = inet_csum(l4, n);
		put_be16(l4 + ICMP_OFF_CSUM, p->bad_l4 ? csum_damage(c) : c);
	}
}

static int build(struct pspec *p, const uint8_t mac[6], struct pkt_spec *out,
		 char *err, size_t errlen)
{
	static const uint8_t def_src[6] = { 2, 0, 0, 0, 0, 1 };
	uint8_t *buf = calloc(1, 80000);
	int rc = 0;
	const uint8_t *dst = p->has_dst_mac ? p->dst_mac : mac;
	const uint8_t *src = p->has_src_mac ? p->src_mac : def_src;
	size_t len;

	if (!buf)
		FAIL("out of memory");
	if (!strcmp(p->kind, "raw")) {
		memcpy(buf, p->raw, p->raw_len);
		len = p->raw_len;
	} else if (!strcmp(p->kind, "arp")) {
		static const uint8_t zero[6];

		build_eth(buf, dst, src, ETH_P_ARP);
		put_be16(buf + 14 + ARP_OFF_HRD, ARPHRD_ETHER);
		put_be16(buf + 14 + ARP_OFF_PRO, ETH_P_IP);
		buf[14 + ARP_OFF_HLN] = 6;
		buf[14 + ARP_OFF_PLN] = 4;
		put_be16(buf + 14 + ARP_OFF_OP, p->arp_op);
		memcpy(buf + 14 + ARP_OFF_SHA, p->arp_op == 1 ? src : p->arp_mac, 6);
		put_be32(buf + 14 + ARP_OFF_SIP, p->src);
		memcpy(buf + 14 + ARP_OFF_THA, p->arp_op == 1 ? zero : dst, 6);
		put_be32(buf + 14 + ARP_OFF_TIP, p->dst);
		len = 42;
	} else {
		size_t hlen = p->ihl < 5 ? IP_HLEN : (size_t)p->ihl * 4;
		uint8_t proto = 0;
		uint8_t *l4 = buf + ETH_HLEN + hlen;
		size_t n;

		memset(buf, 0, ETH_HLEN + hlen + 20 + p->plen);
		n = build_l4(p, l4, &proto);
		fill_l4_csum(p, l4, n);
		build_eth(buf, dst, src, ETH_P_IP);
		build_iphdr(buf + ETH_HLEN, &(struct ip_spec){ .ihl = p->ihl,
			    .tos = p->tos, .ttl = p->ttl, .proto = proto,
			    .id = p->ipid, .tot_len = (uint16_t)(hlen + n),
			    .frag = (uint16_t)((p->df ? IP_DF : 0) |
					       (p->mf ? IP_MF : 0) | p->frag_off / 8),
			    .saddr = p->src, .daddr = p->dst });
		if (p->ihl < 5) {
			/* the checksum still covers the 20 bytes written */
			ip_fill_csum(buf + ETH_HLEN, IP_HLEN);
		}
		if (p->bad_ip)
			put_be16(buf + ETH_HLEN + IP_OFF_CSUM,
				 csum_damage(get_be16(buf + ETH_HLEN + IP_OFF_CSUM)));
		len = ETH_HLEN + hlen + n;
	}
	if (p->truncate >= 0 && (size_t)p->truncate < len)
		len = (size_t)p->truncate;
	if (len > PACKET_MAX) {
		snprintf(err, errlen, "the frame is %zu bytes; netstep takes "
			 "frames up to %d bytes (no jumbo frames)", len,
			 PACKET_MAX);
		rc = -1;
	} else {
		memcpy(out->frame, buf, len);
		out->len = (uint16_t)len;
		out->count = p->count;
		out->gap_ns = p->gap_ns;
		out->bad_fcs = p->bad_fcs;
	}
	free(buf);
	return rc;
}

int packet_parse(int argc, char **argv, const uint8_t mac[6],
		 struct pkt_spec *out, char *err, size_t errlen)
{
	struct pspec p;
	int i;

	memset(&p, 0, sizeof(p));
	p.ttl = 64;
	p.ihl = 5;
	p.ipid = 1;
	p.truncate = -1;
	p.count = 1;
	if (argc < 1)
		FAIL("inject: missing PACKET");
	if (parse_head(argc, argv, &i, &p, err, errlen) ||
	    parse_modifiers(argc, argv, i, &p, err, errlen))
		return -1;
	return build(&p, mac, out, err, errlen);
}
