/*
 * af_packet.c: packet taps in the data path; see af_packet.h.
 *
 * packet_taps_deliver stands for the loop over ptype_all in
 * __netif_receive_skb_core (deliver_skb) and in dev_queue_xmit_nit, with
 * tpacket_rcv (net/packet/af_packet.c, 6.x) at the other end: the socket
 * filter runs on the frame from its MAC header (SOCK_RAW), and a frame that
 * passes is copied into the socket's ring.  The skb itself is not changed:
 * tpacket_rcv copies the bytes and drops its reference before it returns,
 * so the protocol handler that runs next still holds the only one.
 */
#include "af_packet.h"

#include <pcap/pcap.h>
#include <stddef.h>
#include <string.h>

#include "net.h"
#include "pkt.h"
#include "proto/ether.h"

_Static_assert(sizeof(struct tap_insn) == sizeof(struct bpf_insn) &&
	       offsetof(struct tap_insn, k) == offsetof(struct bpf_insn, k),
	       "struct tap_insn must be laid out as struct bpf_insn");

/* The frame as a SOCK_RAW packet socket sees it: from the MAC header. */
static bool tap_frame(const struct sk_buff *skb, bool out, uint32_t *off,
		      uint32_t *len)
{
	*off = skb->data;
	if (!out && skb->mac_header != SKB_NO_HDR &&
	    skb->mac_header <= skb->data)
		*off = skb->mac_header;
	if (*off > skb->tail)
		return false;
	*len = skb->tail - *off;
	return true;
}

uint32_t sll2_frame(const uint8_t *f, uint32_t len, uint32_t ifindex,
		    bool loopback, uint8_t pkttype, uint8_t *out)
{
	if (len < ETH_HLEN)
		return 0;
	memset(out, 0, SLL2_HDR_LEN);
	memcpy(out, f + ETH_OFF_TYPE, 2);               /* sll2_protocol */
	put_be32(out + 4, ifindex);                     /* sll2_if_index */
	put_be16(out + 8, loopback ? ARPHRD_LOOPBACK : ARPHRD_ETHER);
	out[10] = pkttype;
	out[11] = 6;                                    /* sll2_halen */
	/* packet_rcv: dev_parse_header -> eth_header_parse, the source */
	memcpy(out + 12, f + ETH_OFF_SRC, 6);
	memcpy(out + SLL2_HDR_LEN, f + ETH_HLEN, len - ETH_HLEN);
	return len - ETH_HLEN + SLL2_HDR_LEN;
}

/* run_filter: the attached classic BPF program; 0 means "not for me".
 * A `-i any` socket is SOCK_DGRAM: its program (compiled for
 * LINUX_SLL2) reads the cooked frame. */
static bool tap_filter(const struct packet_tap *t, const struct sk_buff *skb,
		       const uint8_t *p, uint32_t len, uint8_t pkttype)
{
	uint8_t cooked[SKB_BUF + SLL2_HDR_LEN];
	struct bpf_program prog;
	struct pcap_pkthdr ph;

	if (!t->ninsns)
		return true;
	if (!t->dev) {
		if (len > SKB_BUF || !(len = sll2_frame(p, len, skb->dev,
				skb->dev == 1, pkttype, cooked)))
			return false;
		p = cooked;
	}
	memset(&ph, 0, sizeof(ph));
	ph.caplen = ph.len = len;
	prog.bf_len = t->ninsns;
	prog.bf_insns = (struct bpf_insn *)t->prog;
	return pcap_offline_filter(&prog, &ph, p) != 0;
}

static bool tap_wants(const struct packet_tap *t, int dev, bool out)
{
	if (!t->active || (t->dev && t->dev != dev))
		return false;
	return (t->dirs & (out ? TAP_DIR_OUT : TAP_DIR_IN)) != 0;
}

unsigned packet_taps_deliver(struct world *w, uint32_t h, bool out)
{
	const struct sk_buff *skb = SKB(w, h);
	uint32_t off, len;
	unsigned n = 0;

	uint8_t pkttype = out ? PACKET_OUTGOING : skb->pkt_type;

	if (!tap_frame(skb, out, &off, &len))
		return 0;
	for (int i = 0; i < TAP_MAX; i++) {
		struct packet_tap *t = &w->tap[i];

		if (!tap_wants(t, skb->dev, out) ||
		    !tap_filter(t, skb, skb->buf + off, len, pkttype))
			continue;
		t->caplen = (uint16_t)(len < SKB_BUF ? len : SKB_BUF);
		t->len = len;
		memcpy(t->frame, skb->buf + off, t->caplen);
		t->hit_step = w->step_no;
		t->hit_ns = w->now;
		t->hit_dev = skb->dev;
		t->hit_out = out;
		t->hit_pkttype = pkttype;
		t->seen++;
		/* tcpdump -c N exits after the Nth packet: the socket closes */
		if (t->count && t->seen >= t->count)
			t->active = false;
		n++;
	}
	return n;
}

bool packet_taps_any(const struct world *w, int dev, bool out)
{
	for (int i = 0; i < TAP_MAX; i++)
		if (tap_wants(&w->tap[i], dev, out))
			return true;
	return false;
}
