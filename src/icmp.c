/*
 * icmp.c: ICMP (net/ipv4/icmp.c, Linux 6.x; RFC 792, RFC 1122 3.2.2).
 * icmp_rcv dispatches by type; echo requests are answered by icmp_reply;
 * __icmp_send builds errors about a packet (port/protocol/host unreachable,
 * time exceeded) under the kernel's rules: never about a packet that came
 * as link or IP broadcast/multicast, a non-first fragment or an ICMP
 * error; rate limited by a global token bucket (icmp_msgs_per_sec/burst)
 * and per destination (icmp_ratelimit, a burst of 6), except frag-needed
 * and errors leaving through lo; TOS 0xc0 | the original's; quoting up to
 * 576 bytes of IP.  The global bucket spends 1 token per error (the kernel
 * spends a random 0-2).
 */
#include <errno.h>
#include <string.h>

#include "net.h"
#include "proto/ether.h"
#include "pkt.h"
#include "proto/icmp.h"
#include "proto/ip.h"
#include "proto/udp.h"

#define XRLIM_BURST_FACTOR 6

/* The Icmp In/Out counter that mirrors IcmpMsg{In,Out}TypeN (proc.c). */
static int icmp_type_counter(uint8_t type, bool out)
{
	static const struct { uint8_t type; enum snmp_counter in, out; } map[] = {
		{ 0, CTR_IcmpInEchoReps, CTR_IcmpOutEchoReps },
		{ 3, CTR_IcmpInDestUnreachs, CTR_IcmpOutDestUnreachs },
		{ 4, CTR_IcmpInSrcQuenchs, CTR_IcmpOutSrcQuenchs },
		{ 5, CTR_IcmpInRedirects, CTR_IcmpOutRedirects },
		{ 8, CTR_IcmpInEchos, CTR_IcmpOutEchos },
		{ 11, CTR_IcmpInTimeExcds, CTR_IcmpOutTimeExcds },
		{ 12, CTR_IcmpInParmProbs, CTR_IcmpOutParmProbs },
		{ 13, CTR_IcmpInTimestamps, CTR_IcmpOutTimestamps },
		{ 14, CTR_IcmpInTimestampReps, CTR_IcmpOutTimestampReps },
		{ 17, CTR_IcmpInAddrMasks, CTR_IcmpOutAddrMasks },
		{ 18, CTR_IcmpInAddrMaskReps, CTR_IcmpOutAddrMaskReps },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].type == type)
			return out ? (int)map[i].out : (int)map[i].in;
	return -1;
}

static void icmp_count(struct exec *x, uint8_t type, bool out)
{
	int c = icmp_type_counter(type, out);

	icmpmsg_inc(x->w, x->s, out, type);
	if (c >= 0)
		snmp_inc(x->w, x->s, (enum snmp_counter)c, 1);
}

void icmp_send_call(struct exec *x, uint32_t h, uint8_t type, uint8_t code,
		    uint32_t info, enum stage resume)
{
	x_call(x, ST_icmp_send, h, resume);
	CUR(x)->arg = (uint32_t)type << 8 | code;
	CUR(x)->arg2 = info;
}

void st_icmp_rcv(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	uint8_t type;

	snmp_inc(w, x->s, CTR_IcmpInMsgs, 1);
	if (skb->len < ICMP_HLEN || inet_csum(skb_data(skb), skb->len)) {
		if (skb->len >= ICMP_HLEN || skb->len == 0)
			snmp_inc(w, x->s, CTR_IcmpInCsumErrors, 1);
		snmp_inc(w, x->s, CTR_IcmpInErrors, 1);
		x_note(x, "ICMP checksum wrong (or too short): InCsumErrors, "
		       "InErrors", 0, 0, 0, 0);
		x_drop(x, h, DROP_ICMP_CSUM);
		return x_end(x);
	}
	type = skb_data(skb)[ICMP_OFF_TYPE];
	icmp_count(x, type, false);
	if (type > NR_ICMP_TYPES) {
		snmp_inc(w, x->s, CTR_IcmpInErrors, 1);
		x_note(x, "type %u is beyond the known types: InErrors", type,
		       0, 0, 0);
		x_drop(x, h, DROP_UNHANDLED_PROTO);
		return x_end(x);
	}
	if (skb->dst.type == RTN_BROADCAST || skb->dst.type == RTN_MULTICAST) {
		if ((type == ICMP_ECHO || type == ICMP_TIMESTAMP) &&
		    w->sysctl[SYS_icmp_echo_ignore_broadcasts]) {
			snmp_inc(w, x->s, CTR_IcmpInErrors, 1);
			x_note(x, "echo to a broadcast address and "
			       "icmp_echo_ignore_broadcasts=1: InErrors", 0, 0, 0, 0);
			x_drop(x, h, DROP_INVALID_PROTO);
			return x_end(x);
		}
		if (type != ICMP_ECHO && type != ICMP_TIMESTAMP &&
		    type != ICMP_ADDRESS && type != ICMP_ADDRESSREPLY) {
			snmp_inc(w, x->s, CTR_IcmpInErrors, 1);
			x_drop(x, h, DROP_INVALID_PROTO);
			return x_end(x);
		}
	}
	switch (type) {
	case ICMP_ECHO:
		x_note(x, "type 8 (echo request): icmp_echo", 0, 0, 0, 0);
		return x_call(x, ST_icmp_echo, h, STAGE_NONE);
	case ICMP_DEST_UNREACH:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
	case ICMP_SOURCE_QUENCH:
		x_note(x, "type %u (an error about a packet we sent): "
		       "icmp_unreach", type, 0, 0, 0);
		return x_call(x, ST_icmp_unreach, h, STAGE_NONE);
	case ICMP_ECHOREPLY:
		x_note(x, "echo reply: ping_rcv finds no ping socket", 0, 0, 0, 0);
		x_drop(x, h, DROP_NO_SOCKET);
		return x_end(x);
	default:
		x_note(x, "type %u: icmp_discard", type, 0, 0, 0);
		x_consume(x, h);
		return x_end(x);
	}
}

void st_icmp_echo(struct exec *x)
{
	if (x->w->sysctl[SYS_icmp_echo_ignore_all]) {
		x_note(x, "icmp_echo_ignore_all=1: no reply, no counter", 0, 0, 0, 0);
		return x_jump(x, ST_consume_skb, CUR(x)->skb);
	}
	x_note(x, "answer with an echo reply carrying the same data", 0, 0, 0, 0);
	x_call(x, ST_icmp_reply, CUR(x)->skb, ST_consume_skb);
}

/* Builds an ICMP message about skb_in: IP header, the ICMP header (type,
 * code, 4 bytes of rest) and body bytes; counts it as __ip_make_skb does. */
static uint32_t icmp_build(struct exec *x, uint32_t cause, const struct dst *d,
			   uint32_t saddr, uint32_t daddr, uint8_t tos,
			   const uint8_t rest[4], uint8_t type, uint8_t code,
			   const uint8_t *body, uint32_t blen)
{
	struct world *w = x->w;
	uint32_t h = skb_new_kernel(w, cause);
	struct sk_buff *skb;
	uint8_t *p;

	if (!h)
		return 0;
	skb = SKB(w, h);
	skb_reserve(skb, LL_RESERVED_ETH);
	skb->network_header = skb->data;
	skb_put(skb, (uint16_t)(IP_HLEN + ICMP_HLEN + blen), &p);
	skb->transport_header = (uint16_t)(skb->network_header + IP_HLEN);
	build_iphdr(p, &(struct ip_spec){ .ihl = 5, .tos = tos,
		    .ttl = (uint8_t)w->sysctl[SYS_ip_default_ttl],
		    .proto = IPPROTO_ICMP, .id = ip_next_ident(w),
		    .saddr = saddr, .daddr = daddr,
		    .payload_len = (uint16_t)(ICMP_HLEN + blen) });
	p[IP_HLEN + ICMP_OFF_TYPE] = type;
	p[IP_HLEN + ICMP_OFF_CODE] = code;
	memcpy(p + IP_HLEN + 4, rest, 4);
	memcpy(p + IP_HLEN + ICMP_HLEN, body, blen);
	icmp_fill_csum(p + IP_HLEN, ICMP_HLEN + blen);
	skb->dst = *d;
	skb->dev = d->dev;
	skb->protocol = 0x0800;
	snmp_inc(w, x->s, CTR_IcmpOutMsgs, 1);
	icmp_count(x, type, true);
	return h;
}

void st_icmp_reply(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	const uint8_t *iph = skb->buf + skb->network_header;
	uint32_t saddr = get_be32(iph + IP_OFF_DST), daddr = get_be32(iph + IP_OFF_SRC);
	struct dst d;
	uint32_t r;

	if (skb->dst.type != RTN_LOCAL)
		saddr = inet_select_addr(w, skb->skb_iif ? skb->skb_iif : 1,
					 daddr, RT_SCOPE_LINK);
	if (ip_route_output(w, daddr, saddr, &d)) {
		x_note(x, "no route back to %I: no reply", daddr, 0, 0, 0);
		return x_end(x);
	}
	r = icmp_build(x, skb->pkt, &d, saddr, daddr, iph[IP_OFF_TOS],
		       skb_data(skb) + 4, ICMP_ECHOREPLY, 0,
		       skb_data(skb) + ICMP_HLEN, skb->len - ICMP_HLEN);
	if (!r)
		return x_end(x);
	x_note(x, "echo reply %I -> %I: OutMsgs, OutEchoReps; "
	       "ip_push_pending_frames", saddr, daddr, 0, 0);
	x_call(x, ST_ip_send_skb, r, STAGE_NONE);
	CUR(x)->arg = 0;
}

uint32_t inet_getpeer(struct world *w, uint32_t daddr)
{
	uint32_t p;

	for (p = 1; p <= w->peer_pool.hwm; p++)
		if (pool_is_used(&w->peer_pool, w->peer_next, p) &&
		    w->peer[p - 1].daddr == daddr)
			return p;
	p = pool_alloc(&w->peer_pool, w->peer_next);
	if (p)
		w->peer[p - 1] = (struct inet_peer){ .daddr = daddr,
			/* a new peer's rate_last lies 60 s back */
			.rate_tokens = 60 * 1000000000ull,
			.rate_last = w->now };
	return p;
}

bool inet_peer_xrlim_allow(struct world *w, struct inet_peer *peer,
			   uint64_t cost, uint64_t burst)
{
	uint64_t token = peer->rate_tokens + (w->now - peer->rate_last);

	peer->rate_last = w->now;
	if (token > burst)
		token = burst;
	peer->rate_tokens = token >= cost ? token - cost : token;
	return token >= cost;
}

/* icmpv4_global_allow + icmpv4_xrlim_allow, for the types in the ratemask
 * (except frag needed). */
static bool icmp_rate_allow(struct exec *x, uint8_t type, uint8_t code,
			    uint32_t daddr, const struct dst *d, bool in_lo)
{
	struct world *w = x->w;
	uint64_t timeout;
	uint32_t p = 0;
	struct inet_peer *peer;

	if (type > NR_ICMP_TYPES || (type == 3 && code == 4) ||
	    !((1u << type) & (uint32_t)w->sysctl[SYS_icmp_ratemask]))
		return true;
	if (!in_lo) {
		if (!w->icmp_global_credit) {
			uint64_t delta = w->now - w->icmp_global_stamp;
			uint64_t incr;

			if (delta > 1000000000ull)
				delta = 1000000000ull;
			incr = (uint64_t)w->sysctl[SYS_icmp_msgs_per_sec] *
				delta / 1000000000ull;
			if (delta < 20000000ull || !incr) {
				snmp_inc(w, x->s, CTR_IcmpOutRateLimitGlobal, 1);
				return false;
			}
			w->icmp_global_stamp = w->now;
			w->icmp_global_credit = (uint32_t)(incr <
				(uint64_t)w->sysctl[SYS_icmp_msgs_burst] ? incr :
				(uint64_t)w->sysctl[SYS_icmp_msgs_burst]);
		}
		w->icmp_global_credit--;
	}
	if (d->dev == 1)
		return true;
	if (!(p = inet_getpeer(w, daddr)))
		return true;
	peer = &w->peer[p - 1];
	timeout = (uint64_t)w->sysctl[SYS_icmp_ratelimit] * 1000000ull;
	if (inet_peer_xrlim_allow(w, peer, timeout,
				  XRLIM_BURST_FACTOR * timeout))
		return true;
	snmp_inc(w, x->s, CTR_IcmpOutRateLimitHost, 1);
	return false;
}

void st_icmp_send(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	uint8_t type = (uint8_t)(CUR(x)->arg >> 8), code = CUR(x)->arg & 0xff;
	const uint8_t *iph = skb->buf + skb->network_header;
	uint32_t isrc = get_be32(iph + IP_OFF_SRC);
	uint32_t saddr = 0, room, dlen, e;
	uint8_t rest[4] = { 0 };
	struct dst d;

	if (skb->pkt_type != PACKET_HOST) {
		x_note(x, "the packet came as link broadcast/multicast: no ICMP "
		       "error", 0, 0, 0, 0);
		return x_end(x);
	}
	if (skb->dst.type == RTN_BROADCAST || skb->dst.type == RTN_MULTICAST) {
		x_note(x, "the packet was IP broadcast/multicast: no ICMP error",
		       0, 0, 0, 0);
		return x_end(x);
	}
	if (get_be16(iph + IP_OFF_FRAG) & IP_OFFMASK) {
		x_note(x, "not the first fragment: no ICMP error", 0, 0, 0, 0);
		return x_end(x);
	}
	if (iph[IP_OFF_PROTO] == IPPROTO_ICMP) {
		const uint8_t *ih = iph + (iph[0] & 0xf) * 4;
		uint8_t it = ih < skb->buf + skb->tail ? ih[0] : 255;

		if (it > NR_ICMP_TYPES || (it != 0 && it != 8 && it != 13 &&
					   it != 14 && it != 17 && it != 18)) {
			x_note(x, "never an ICMP error about an ICMP error",
			       0, 0, 0, 0);
			return x_end(x);
		}
	}
	if (skb->dst.valid && skb->dst.type == RTN_LOCAL)
		saddr = get_be32(iph + IP_OFF_DST);
	if (ip_route_output(w, isrc, saddr, &d)) {
		x_note(x, "no route back to %I", isrc, 0, 0, 0);
		return x_end(x);
	}
	if (!saddr)
		saddr = d.prefsrc;
	if (!icmp_rate_allow(x, type, code, isrc, &d,
			     w->dev[skb->dev].kind == DEV_LOOPBACK)) {
		x_note(x, "rate limited: no ICMP error to %I", isrc, 0, 0, 0);
		return x_end(x);
	}
	room = (w->dev[d.dev].mtu < ICMP_ERR_MAX_IP ? w->dev[d.dev].mtu :
		ICMP_ERR_MAX_IP) - IP_HLEN - ICMP_HLEN;
	dlen = skb->tail - skb->network_header;
	if (dlen > room)
		dlen = room;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		put_be16(rest + 2, (uint16_t)CUR(x)->arg2);
	if (type == ICMP_REDIRECT)
		put_be32(rest, CUR(x)->arg2);   /* the better gateway */
	e = icmp_build(x, skb->pkt, &d, saddr, isrc,
		       (iph[IP_OFF_TOS] & IPTOS_TOS_MASK) |
		       IPTOS_PREC_INTERNETCONTROL, rest, type, code, iph, dlen);
	if (!e)
		return x_end(x);
	x_note(x, "ICMP type %u code %u to %I quoting %u bytes", type, code,
	       isrc, dlen);
	x_call(x, ST_ip_send_skb, e, STAGE_NONE);
	CUR(x)->arg = 0;
}

/* icmp_unreach -> icmp_socket_deliver -> the protocol's err_handler. */
/* __udp4_lib_err with icmp_err_convert[]: the errno an ICMP error means
 * for a UDP socket, and whether it is hard (reported without IP_RECVERR,
 * to a connected socket only).  False for types that report nothing. */
static bool udp_err_is_hard(uint8_t type, uint8_t code, uint32_t *err)
{
	static const struct { uint8_t err, fatal; } conv[16] = {
		{ ENETUNREACH, 0 }, { EHOSTUNREACH, 0 }, { ENOPROTOOPT, 1 },
		{ ECONNREFUSED, 1 }, { EMSGSIZE, 0 }, { EOPNOTSUPP, 0 },
		{ ENETUNREACH, 1 }, { EHOSTDOWN, 1 }, { ENONET, 1 },
		{ ENETUNREACH, 1 }, { EHOSTUNREACH, 1 }, { ENETUNREACH, 0 },
		{ EHOSTUNREACH, 0 }, { EHOSTUNREACH, 1 }, { EHOSTUNREACH, 1 },
		{ EHOSTUNREACH, 1 },
	};

	*err = EHOSTUNREACH;
	switch (type) {
	case ICMP_PARAMETERPROB:
		*err = EPROTO;
		return true;
	case ICMP_DEST_UNREACH:
		if (code == 4) {        /* PMTU discovery on: EMSGSIZE, hard */
			*err = EMSGSIZE;
			return true;
		}
		if (code < 16) {
			*err = conv[code].err;
			return conv[code].fatal;
		}
		return false;
	case 4:                         /* ICMP_SOURCE_QUENCH: ignored */
		*err = 0;
		return false;
	default:                        /* time exceeded: EHOSTUNREACH, soft */
		return false;
	}
}

void st_icmp_unreach(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	struct pkt_reader r;
	uint8_t type, code, vihl, proto;
	uint32_t isrc, idst, sk, err = 0;
	uint16_t sport, dport;

	pkt_reader_init(&r, skb_data(skb), skb->len);
	type = pkt_u8(&r);
	code = pkt_u8(&r);
	pkt_skip(&r, 6);
	vihl = pkt_u8(&r);
	pkt_skip(&r, 8);
	proto = pkt_u8(&r);
	pkt_skip(&r, 2);
	isrc = pkt_be32(&r);
	idst = pkt_be32(&r);
	pkt_skip(&r, (vihl & 0xf) > 5 ? ((vihl & 0xf) - 5) * 4u : 0);
	sport = pkt_be16(&r);
	dport = pkt_be16(&r);
	if (r.short_read || (vihl & 0xf) < 5) {
		snmp_inc(w, x->s, CTR_IcmpInErrors, 1);
		x_note(x, "the quoted header is cut short: InErrors", 0, 0, 0, 0);
		return x_jump(x, ST_consume_skb, h);
	}
	sk = proto == IPPROTO_UDP ? udp_lookup(w, idst, dport, isrc, sport) : 0;
	if (proto == IPPROTO_UDP && !sk) {
		snmp_inc(w, x->s, CTR_IcmpInErrors, 1);
		x_note(x, "__udp4_lib_err: no socket sent %I:%u -> %I:%u: "
		       "InErrors", isrc, sport, idst, dport);
		return x_jump(x, ST_consume_skb, h);
	}
	if (sk && udp_err_is_hard(type, code, &err) &&
	    w->sock[sk - 1].connected) {
		w->sock[sk - 1].sk_err = -err;
		x_note(x, "connected socket %s: a hard error, sk_err = -%u; "
		       "the next call returns it", err, 0, 0, 0);
		x->s->note_str = w->sock[sk - 1].name;
	} else if (sk) {
		x_note(x, "__udp4_lib_err: error %u for socket %s, but soft or "
		       "the socket is not connected (no IP_RECVERR): ignored",
		       err, 0, 0, 0);
		x->s->note_str = w->sock[sk - 1].name;
	} else {
		x_note(x, "error about %I -> %I: no socket of ours to tell",
		       isrc, idst, 0, 0);
	}
	x_jump(x, ST_consume_skb, h);
}
