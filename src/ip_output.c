/*
 * ip_output.c: IPv4 output (net/ipv4/ip_output.c, route.c's output lookup,
 * Linux 6.7+): routing a datagram, building it (ip_make_skb), OutRequests
 * in __ip_local_out, the LOCAL_OUT and POSTROUTING hook points, and
 * ip_finish_output2 (OutTransmits) handing it to the neighbour.
 */
#include <errno.h>
#include <string.h>

#include "net.h"
#include "pkt.h"
#include "proto/ether.h"
#include "proto/ip.h"
#include "proto/udp.h"

#define LL_RESERVED_SPACE LL_RESERVED_ETH

uint16_t ip_next_ident(struct world *w)
{
	return w->ip_ident++;
}

void st_ip_route_output(struct exec *x)
{
	struct world *w = x->w;
	struct sock *sk = &w->sock[CUR(x)->arg - 1];
	struct sender *snd = &w->sender[sk->cork_sender - 1];
	uint32_t daddr = snd->has_dest ? snd->daddr : sk->daddr;
	int err;

	x->s->pkt = sk->cork_pkt;
	err = ip_route_output(w, daddr, sk->laddr, &sk->cork_dst);
	if (err) {
		struct dst d = { .error = (int16_t)err };

		x_route(x, &d);
		sk->cork_err = err;
		if (err == -ENETUNREACH)
			snmp_inc(w, x->s, CTR_IpOutNoRoutes, 1);
		x_fate_noskb(x, sk->cork_pkt, ORIGIN_SOCKET, FATE_DROPPED,
			     DROP_IP_OUTNOROUTES);
		x_note(x, "no route to %I: error %d", daddr, err, 0, 0);
		return x_end(x);
	}
	sk->cork_saddr = sk->cork_dst.prefsrc;
	x_route(x, &sk->cork_dst);
	x_note(x, "%I via %s, source %I", daddr, sk->cork_saddr, 0, 0);
	x->s->note_str = w->dev[sk->cork_dst.dev].name;
	x_end(x);
}

/* __alloc_skb rounds the head up to a kmalloc size; truesize follows. */
static uint32_t kmalloc_size_roundup(uint32_t n)
{
	static const uint32_t sizes[] = { 32, 64, 96, 128, 192, 256, 512, 1024,
					  2048, 4096, 8192 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (n <= sizes[i])
			return sizes[i];
	return (n + 4095) & ~4095u;
}

static uint32_t tx_truesize(uint32_t alloc)
{
	uint32_t data = (alloc + 63) & ~63u;

	return kmalloc_size_roundup(data + SKB_SHINFO_SIZE) + SKB_STRUCT_SIZE;
}

/* ip_make_skb -> __ip_append_data -> sock_alloc_send_skb, then
 * __ip_make_skb fills the IP header. */
void st_ip_make_skb(struct exec *x)
{
	struct world *w = x->w;
	uint32_t skh = CUR(x)->arg;
	struct sock *sk = &w->sock[skh - 1];
	struct sender *snd = &w->sender[sk->cork_sender - 1];
	uint32_t alloc = IP_HLEN + UDP_HLEN + snd->len;
	uint32_t truesize = tx_truesize(alloc + LL_RESERVED_SPACE + 15);
	bool df = alloc <= w->dev[sk->cork_dst.dev].mtu;
	uint32_t h;
	struct sk_buff *skb;
	uint8_t *p;

	x->s->pkt = sk->cork_pkt;
	if (sk->wmem >= sk->sndbuf) {
		struct sender *me = &w->sender[sk->cork_sender - 1];

		sk->blocked = true;
		me->asleep = true;
		CUR(x)->arg2 = 1;
		x_note(x, "sk_wmem_alloc %u >= sndbuf %u: sleep in "
		       "sock_alloc_send_pskb until TX completion frees space",
		       sk->wmem, sk->sndbuf, 0, 0);
		return x_sleep(x, &me->sleep);
	}
	h = skb_alloc(w);
	if (!h || alloc + LL_RESERVED_SPACE > SKB_BUF) {
		if (h)
			skb_free(w, h);
		sk->cork_err = -ENOBUFS;
		snmp_inc(w, x->s, CTR_IpOutDiscards, 1);
		x_fate_noskb(x, sk->cork_pkt, ORIGIN_SOCKET, FATE_DROPPED,
			     DROP_NOT_SPECIFIED);
		x_note(x, "cannot allocate the skb: ENOBUFS", 0, 0, 0, 0);
		return x_end(x);
	}
	skb = SKB(w, h);
	skb->pkt = sk->cork_pkt;
	skb->origin = ORIGIN_SOCKET;
	/* ip_sk_ignore_df: the default IP_PMTUDISC_WANT lets the host cut
	 * its own datagram even with DF set */
	skb->ignore_df = true;
	skb->truesize = truesize;
	skb->sk = skh;
	sk->wmem += truesize;
	skb_reserve(skb, LL_RESERVED_SPACE);
	skb->network_header = skb->data;
	skb_put(skb, (uint16_t)alloc, &p);
	skb->transport_header = (uint16_t)(skb->network_header + IP_HLEN);
	memset(p + IP_HLEN, 0, UDP_HLEN + snd->len);
	memcpy(p + IP_HLEN + UDP_HLEN, snd->text,
	       snd->text_len < snd->len ? snd->text_len : snd->len);
	put_be16(p + IP_HLEN + UDP_OFF_DPORT, snd->has_dest ? snd->dport :
		 sk->dport);
	build_iphdr(p, &(struct ip_spec){ .ihl = 5, .ttl =
		    (uint8_t)w->sysctl[SYS_ip_default_ttl], .proto = IPPROTO_UDP,
		    .id = ip_next_ident(w), .frag = df ? IP_DF : 0,
		    .saddr = sk->cork_saddr,
		    .daddr = snd->has_dest ? snd->daddr : sk->daddr,
		    .payload_len = (uint16_t)(UDP_HLEN + snd->len) });
	skb->dst = sk->cork_dst;
	skb->dev = sk->cork_dst.dev;
	skb->protocol = ETH_P_IP;
	sk->cork_skb = h;
	x_view(x, h, false);
	/* __ip_make_skb, IP_PMTUDISC_WANT: DF only if it fits the path MTU */
	x_note(x, CUR(x)->arg2 ? "woken by sk_write_space; skb charged: "
	       "truesize %u, sk_wmem_alloc %u of sndbuf %u; TTL %u" : df ?
	       "skb charged to the socket: truesize %u, sk_wmem_alloc %u "
	       "of sndbuf %u; IP header with DF, TTL %u" :
	       "skb charged to the socket: truesize %u, sk_wmem_alloc %u "
	       "of sndbuf %u; IP header without DF (larger than the path "
	       "MTU: IP will fragment it), TTL %u", truesize, sk->wmem,
	       sk->sndbuf, w->sysctl[SYS_ip_default_ttl]);
	x_end(x);
}

void st_ip_send_skb(struct exec *x)
{
	struct world *w = x->w;
	uint32_t sock = CUR(x)->arg;

	if (CUR(x)->arg2) {
		struct sock *sk = sock ? &w->sock[sock - 1] : NULL;

		if (sk && (sk->cork_xmit || sk->cork_err)) {
			snmp_inc(w, x->s, CTR_IpOutDiscards, 1);
			x_note(x, "ip_local_out failed: OutDiscards", 0, 0, 0, 0);
		} else {
			x_note(x, "ip_local_out returned 0", 0, 0, 0, 0);
		}
		return x_end(x);
	}
	CUR(x)->arg2 = 1;
	x_note(x, "ip_local_out", 0, 0, 0, 0);
	x_call(x, ST_ip_local_out, CUR(x)->skb, ST_ip_send_skb);
}

void st_ip_local_out(struct exec *x)
{
	struct world *w = x->w;
	struct sk_buff *skb = SKB(w, CUR(x)->skb);

	snmp_inc(w, x->s, CTR_IpOutRequests, 1);
	put_be16(skb->buf + skb->network_header + IP_OFF_TOTLEN,
		 (uint16_t)skb->len);
	ip_fill_csum(skb->buf + skb->network_header, IP_HLEN);
	skb->protocol = ETH_P_IP;
	x_note(x, "OutRequests; tot_len %u and the header checksum", skb->len,
	       0, 0, 0);
	x_jump(x, ST_nf_hook_out, CUR(x)->skb);
}

void st_nf_hook_out(struct exec *x)
{
	nf_hook(x, NFH_OUTPUT, ST_ip_output,
		"NF_INET_LOCAL_OUT: no hooks registered, ACCEPT; dst_output");
}

void st_ip_output(struct exec *x)
{
	struct world *w = x->w;
	struct sk_buff *skb = SKB(w, CUR(x)->skb);

	skb->dev = skb->dst.dev;
	skb->protocol = ETH_P_IP;
	x_note(x, "skb->dev = %s", 0, 0, 0, 0);
	x->s->note_str = w->dev[skb->dev].name;
	x_jump(x, ST_nf_hook_post, CUR(x)->skb);
}

void st_nf_hook_post(struct exec *x)
{
	nf_hook(x, NFH_POSTROUTING, ST_ip_finish_output,
		"NF_INET_POST_ROUTING: no hooks registered, ACCEPT");
}

void st_ip_finish_output(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	uint32_t mtu = w->dev[skb->dev].mtu;

	if (skb->len > mtu) {
		x_note(x, "%u bytes > MTU %u of %s: ip_fragment", skb->len, mtu,
		       0, 0);
		x->s->note_str = w->dev[skb->dev].name;
		return x_call(x, ST_ip_fragment, h, STAGE_NONE);
	}
	if (skb->frag_max_size) {
		x_note(x, "reassembled from fragments of up to %u bytes: "
		       "ip_fragment cuts it again", skb->frag_max_size, 0, 0, 0);
		return x_call(x, ST_ip_fragment, h, STAGE_NONE);
	}
	x_note(x, "%u bytes fit the MTU %u", skb->len, mtu, 0, 0);
	x_jump(x, ST_ip_finish_output2, h);
}

/* ip_fragment: DF clear, or set with ignore_df (a socket's datagram that
 * allows local fragmentation, or one conntrack reassembled from fragments
 * no bigger than the MTU), goes to ip_do_fragment; any other DF datagram
 * is refused: FragFails, an ICMP fragmentation needed to its sender, then
 * kfree_skb (arg2 1). */
void st_ip_fragment(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	uint32_t mtu = w->dev[skb->dev].mtu;
	uint16_t frag = get_be16(skb->buf + skb->network_header + IP_OFF_FRAG);

	if (CUR(x)->arg2) {
		x_note(x, "kfree_skb: the datagram is not sent (EMSGSIZE)",
		       0, 0, 0, 0);
		x_drop(x, h, DROP_NOT_SPECIFIED);
		return x_end(x);
	}
	if (!(frag & IP_DF) || (skb->ignore_df && skb->frag_max_size <= mtu)) {
		x_note(x, !(frag & IP_DF) ? "DF clear: ip_do_fragment" :
		       "DF, but ignore_df (the socket allows local "
		       "fragmentation, or conntrack reassembled it): "
		       "ip_do_fragment", 0, 0, 0, 0);
		return x_call(x, ST_ip_do_fragment, h, STAGE_NONE);
	}
	snmp_inc(w, x->s, CTR_IpFragFails, 1);
	CUR(x)->arg2 = 1;
	x_note(x, "DF set: FragFails, ICMP fragmentation needed (MTU %u)", mtu,
	       0, 0, 0);
	icmp_send_call(x, h, 3, 4, mtu, ST_ip_fragment);
}

/* ip_frag_next: a new skb with the header and len bytes of data from ptr
 * (bytes after the header): offset and MF set, tot_len, checksum;
 * charged to the sender's socket like the original.  0 if no skb. */
static uint32_t ip_frag_next(struct world *w, uint32_t h, uint32_t ptr,
			     uint32_t len)
{
	struct sk_buff *skb = SKB(w, h), *s2;
	const uint8_t *iph = skb->buf + skb->network_header;
	uint32_t hlen = (iph[IP_OFF_VIHL] & 0xf) * 4u;
	uint16_t frag = get_be16(iph + IP_OFF_FRAG);
	uint32_t offset = (frag & IP_OFFMASK) * 8u + ptr;
	uint32_t n = skb_new_kernel(w, skb->pkt);
	uint8_t *p;

	if (!n)
		return 0;
	s2 = SKB(w, n);
	s2->truesize = tx_truesize(len + hlen + LL_RESERVED_SPACE);
	s2->pkt_type = skb->pkt_type;        /* ip_copy_metadata */
	s2->protocol = skb->protocol;
	s2->skb_iif = skb->skb_iif;
	s2->dst = skb->dst;
	s2->dev = skb->dev;
	s2->in_dev = skb->in_dev;
	s2->mark = skb->mark;
	s2->forwarded = skb->forwarded;      /* IPCB flags */
	skb_reserve(s2, LL_RESERVED_SPACE);
	s2->network_header = s2->data;
	skb_put(s2, (uint16_t)(hlen + len), &p);
	s2->transport_header = (uint16_t)(s2->network_header + hlen);
	memcpy(p, iph, hlen);
	memcpy(p + hlen, iph + hlen + ptr, len);
	put_be16(p + IP_OFF_FRAG, (uint16_t)(offset / 8 |
		 (ptr + len < skb->len - hlen || (frag & IP_MF) ? IP_MF : 0)));
	put_be16(p + IP_OFF_TOTLEN, (uint16_t)(hlen + len));
	ip_fill_csum(p, hlen);
	if (skb->sk) {
		s2->sk = skb->sk;
		w->sock[skb->sk - 1].wmem += s2->truesize;
	}
	return n;
}

/* ip_do_fragment: the fast path cuts a datagram conntrack reassembled
 * along its fragments as they came (frag_fast_ok), the slow path into
 * pieces that fill the MTU; one fragment a step, each a new packet sent
 * through ip_finish_output2 before the next is cut; FragCreates counts as
 * each returns, FragOKs once all have gone, and the original is consumed.
 * arg2: FRAG_SENT | data bytes already cut. */
#define FRAG_SENT 0x80000000u
#define FRAG_FAST 0x40000000u
#define FRAG_DONE 0x3fffffffu

/* The fast path's condition: the pieces of a datagram conntrack
 * reassembled each fit room, all but the last a multiple of 8. */
static bool frag_fast_ok(const struct sk_buff *skb, uint32_t room)
{
	for (uint8_t i = 0; i < skb->frag_geom_n; i++)
		if (skb->frag_geom[i] > room ||
		    ((skb->frag_geom[i] & 7) && i + 1 < skb->frag_geom_n))
			return false;
	return skb->frag_geom_n > 0;
}

/* The fast path's next piece: the one that starts at done. */
static uint32_t frag_fast_len(const struct sk_buff *skb, uint32_t done)
{
	for (uint8_t i = 0; i < skb->frag_geom_n; i++) {
		if (!done)
			return skb->frag_geom[i];
		done -= skb->frag_geom[i] < done ? skb->frag_geom[i] : done;
	}
	return 0;
}

void st_ip_do_fragment(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	uint32_t hlen = (skb->buf[skb->network_header] & 0xf) * 4u;
	uint32_t mtu = w->dev[skb->dev].mtu, room;
	uint32_t done = CUR(x)->arg2 & FRAG_DONE;
	uint32_t left = skb->len - hlen - done, len = left, n;

	if (skb->frag_max_size && skb->frag_max_size < mtu)
		mtu = skb->frag_max_size;
	room = mtu > hlen ? mtu - hlen : 0;
	if (!CUR(x)->arg2 && frag_fast_ok(skb, room))
		CUR(x)->arg2 = FRAG_FAST;
	if (CUR(x)->arg2 & FRAG_SENT)
		snmp_inc(w, x->s, CTR_IpFragCreates, 1);
	if (!left) {
		snmp_inc(w, x->s, CTR_IpFragOKs, 1);
		x_note(x, "every fragment is out: FragOKs; the original "
		       "datagram is consumed", 0, 0, 0, 0);
		x_consume(x, h);
		return x_end(x);
	}
	if (CUR(x)->arg2 & FRAG_FAST)
		len = frag_fast_len(skb, done);   /* as the fragments came */
	else if (len > room)
		len = room & ~7u;
	if (!len || !(n = ip_frag_next(w, h, done, len))) {
		snmp_inc(w, x->s, CTR_IpFragFails, 1);
		x_note(x, len ? "no skb for the next fragment: FragFails" :
		       "MTU %u leaves no room for 8 bytes of data: FragFails",
		       mtu, 0, 0, 0);
		x_drop(x, h, DROP_NOT_SPECIFIED);
		return x_end(x);
	}
	CUR(x)->arg2 = (CUR(x)->arg2 & FRAG_FAST) | FRAG_SENT | (done + len);
	x_view(x, n, false);
	x_note(x, "a fragment of id %u: offset %u, %u data bytes, MF %u",
	       get_be16(skb->buf + skb->network_header + IP_OFF_ID),
	       get_be16(SKB(w, n)->buf + SKB(w, n)->network_header +
			IP_OFF_FRAG) % 0x2000 * 8, len,
	       !!(get_be16(SKB(w, n)->buf + SKB(w, n)->network_header +
			   IP_OFF_FRAG) & IP_MF));
	x_call(x, ST_ip_finish_output2, n, ST_ip_do_fragment);
}

void eth_header_push(struct world *w, struct sk_buff *skb,
		     const uint8_t dst[6])
{
	skb_push(skb, ETH_HLEN);
	build_eth(skb_data(skb), dst, w->dev[skb->dev].mac, skb->protocol);
	skb->mac_header = skb->data;
}

void st_ip_finish_output2(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(w, h);
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint32_t daddr = get_be32(skb->buf + skb->network_header + IP_OFF_DST);
	uint32_t nexthop = skb->dst.gw ? skb->dst.gw : daddr;
	uint32_t n;

	snmp_inc(w, x->s, CTR_IpOutTransmits, 1);
	snmp_inc(w, x->s, CTR_IpExtOutOctets, skb->len);
	if (skb->dst.type == RTN_BROADCAST) {
		snmp_inc(w, x->s, CTR_IpExtOutBcastPkts, 1);
		snmp_inc(w, x->s, CTR_IpExtOutBcastOctets, skb->len);
	}
	if (w->dev[skb->dev].kind == DEV_LOOPBACK ||
	    skb->dst.type == RTN_BROADCAST) {
		static const uint8_t zero[6];

		eth_header_push(w, skb, w->dev[skb->dev].kind == DEV_LOOPBACK ?
				zero : bcast);
		x_note(x, "OutTransmits; a NOARP neighbour (%s): header and "
		       "dev_queue_xmit", 0, 0, 0, 0);
		x->s->note_str = w->dev[skb->dev].kind == DEV_LOOPBACK ? "lo" :
								     "broadcast";
		return x_jump(x, ST_dev_queue_xmit, h);
	}
	n = neigh_lookup(w, skb->dev, nexthop);
	if (!n)
		n = neigh_create(w, skb->dev, nexthop);
	if (!n) {
		x_note(x, "neighbour table full", 0, 0, 0, 0);
		x_drop(x, h, DROP_NEIGH_CREATEFAIL);
		return x_end(x);
	}
	if (w->neigh[n - 1].nud & NUD_CONNECTED) {
		eth_header_push(w, skb, w->neigh[n - 1].mac);
		x_note(x, "OutTransmits; neighbour %I is usable: neigh_hh_output "
		       "copies its header", nexthop, 0, 0, 0);
		return x_jump(x, ST_dev_queue_xmit, h);
	}
	x_note(x, "OutTransmits; neighbour %I not resolved: neigh_resolve_output",
	       nexthop, 0, 0, 0);
	x_jump(x, ST_neigh_resolve_output, h);
	CUR(x)->arg = n;
}
