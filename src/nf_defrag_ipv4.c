/*
 * nf_defrag_ipv4.c: conntrack's defragmentation hook
 * (net/ipv4/netfilter/nf_defrag_ipv4.c, Linux 6.x).
 *
 * Registered with conntrack (nf_ct_netns_get enables it) at PRE_ROUTING
 * and LOCAL_OUT with priority -400, before the raw table: conntrack needs
 * the ports only a first fragment carries, so every later entry -- raw
 * included, NOTRACK or not -- sees whole datagrams.  A fragment that does
 * not complete its datagram stays in ip_defrag's queue (NF_STOLEN); the one
 * that completes it goes on as the datagram, allowed to be cut again
 * (ignore_df) into pieces no bigger than the largest that arrived.
 */
#include "ip_fragment.h"
#include "net.h"
#include "pkt.h"
#include "proto/ip.h"

static void defrag_returned(struct exec *x)
{
	struct sk_buff *skb = SKB(x->w, CUR(x)->skb);

	if (!ip_defrag_gave_whole(x)) {
		x_note(x, "ip_defrag kept the fragment (or freed it): "
		       "NF_STOLEN", 0, 0, 0, 0);
		return x_return(x, NFV_STOLEN);
	}
	skb->ignore_df = true;
	x_note(x, "reassembled: the %u-byte datagram goes on (ignore_df; "
	       "largest fragment %u bytes): NF_ACCEPT", skb->len,
	       skb->frag_max_size, 0, 0);
	x_return(x, NFV_ACCEPT);
}

void st_ipv4_conntrack_defrag(struct exec *x)
{
	uint32_t h = CUR(x)->skb;
	struct sk_buff *skb = SKB(x->w, h);
	const uint8_t *iph = skb->buf + skb->network_header;
	uint16_t frag = get_be16(iph + IP_OFF_FRAG);

	if (CUR(x)->arg2)
		return defrag_returned(x);
	if (skb->ct.slot || skb->ct.untracked) {
		x_note(x, "the skb has a conntrack already (looped back): "
		       "NF_ACCEPT", 0, 0, 0, 0);
		return x_return(x, NFV_ACCEPT);
	}
	if (!(frag & (IP_MF | IP_OFFMASK))) {
		x_note(x, "not a fragment: NF_ACCEPT", 0, 0, 0, 0);
		return x_return(x, NFV_ACCEPT);
	}
	CUR(x)->arg2 = 1;
	x_note(x, "a fragment (id %u, offset %u, MF %u): "
	       "nf_ct_ipv4_gather_frags calls ip_defrag",
	       get_be16(iph + IP_OFF_ID), (frag & IP_OFFMASK) * 8,
	       !!(frag & IP_MF), 0);
	x_call(x, ST_ip_defrag, h, ST_ipv4_conntrack_defrag);
	CUR(x)->arg = skb->nf.hook == NFH_OUTPUT ? IP_DEFRAG_CONNTRACK_OUT :
		      IP_DEFRAG_CONNTRACK_IN;
}
