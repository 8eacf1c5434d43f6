/*
 * nf_conntrack_proto_tcp.c: the TCP tracker (net/netfilter/
 * nf_conntrack_proto_tcp.c, Linux 6.x): the state table that follows a
 * connection through its handshake and close, tcp_in_window's sequence
 * checks, and the timeout of each state.
 */
#include <string.h>

#include "net.h"
#include "nf_ct.h"
#include "pkt.h"
#include "proto/ip.h"

#define TCPHDR_FIN 0x01
#define TCPHDR_SYN 0x02
#define TCPHDR_RST 0x04
#define TCPHDR_PSH 0x08
#define TCPHDR_ACK 0x10
#define TCPHDR_URG 0x20
#define TCPHDR_ECE 0x40
#define TCPHDR_CWR 0x80
#define NS_PER_S 1000000000ull

#define sNO TCP_CONNTRACK_NONE
#define sSS TCP_CONNTRACK_SYN_SENT
#define sSR TCP_CONNTRACK_SYN_RECV
#define sES TCP_CONNTRACK_ESTABLISHED
#define sFW TCP_CONNTRACK_FIN_WAIT
#define sCW TCP_CONNTRACK_CLOSE_WAIT
#define sLA TCP_CONNTRACK_LAST_ACK
#define sTW TCP_CONNTRACK_TIME_WAIT
#define sCL TCP_CONNTRACK_CLOSE
#define sS2 TCP_CONNTRACK_SYN_SENT2
#define sIV TCP_CONNTRACK_MAX
#define sIG TCP_CONNTRACK_IGNORE

enum tcp_bit_set { TCP_SYN_SET, TCP_SYNACK_SET, TCP_FIN_SET, TCP_ACK_SET,
		   TCP_RST_SET, TCP_NONE_SET };

static const uint8_t tcp_conntracks[2][6][TCP_CONNTRACK_MAX] = {
	{ /* ORIGINAL: sNO, sSS, sSR, sES, sFW, sCW, sLA, sTW, sCL, sS2 */
/*syn*/	   { sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2 },
/*synack*/ { sIV, sIV, sSR, sIV, sIV, sIV, sIV, sIV, sIV, sSR },
/*fin*/    { sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV },
/*ack*/	   { sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV },
/*rst*/    { sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL },
/*none*/   { sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV }
	}, { /* REPLY */
/*syn*/	   { sIV, sS2, sIV, sIV, sIV, sIV, sIV, sSS, sIV, sS2 },
/*synack*/ { sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR },
/*fin*/    { sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV },
/*ack*/	   { sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG },
/*rst*/    { sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL },
/*none*/   { sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV }
	}
};

static const char *const tcp_ct_names[] = {
	"NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT",
	"CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2",
};

const char *nf_ct_tcp_state_name(uint8_t s)
{
	return s < TCP_CONNTRACK_MAX ? tcp_ct_names[s] : "?";
}

static unsigned tcp_index(uint8_t fl)
{
	if (fl & TCPHDR_RST)
		return TCP_RST_SET;
	if (fl & TCPHDR_SYN)
		return fl & TCPHDR_ACK ? TCP_SYNACK_SET : TCP_SYN_SET;
	if (fl & TCPHDR_FIN)
		return TCP_FIN_SET;
	return fl & TCPHDR_ACK ? TCP_ACK_SET : TCP_NONE_SET;
}

struct tcp_seg {
	uint32_t seq, ack, end;
	uint16_t win;
	uint8_t flags, doff;
	const uint8_t *th;
	uint32_t len;                 /* TCP header + data */
};

static void tcp_seg_read(const struct nf_ct_pkt *p, struct tcp_seg *s)
{
	const uint8_t *th = p->l4;

	s->th = th;
	s->len = p->l4len;
	s->seq = get_be32(th + 4);
	s->ack = get_be32(th + 8);
	s->doff = (uint8_t)((th[12] >> 4) * 4);
	s->flags = th[13];
	s->win = get_be16(th + 14);
	s->end = s->seq + (s->len - s->doff) + !!(s->flags & TCPHDR_SYN) +
		 !!(s->flags & TCPHDR_FIN);
}

/* tcp_options: window scale and SACK-permitted, for window tracking */
static void tcp_options(const struct tcp_seg *s, struct ct_tcp_side *st)
{
	const uint8_t *o = s->th + 20, *end = s->th + s->doff;

	if (s->doff <= 20)
		return;
	st->td_scale = 0;
	st->flags = 0;
	while (o < end) {
		uint8_t op = *o, sz;

		if (op == 0)
			return;
		if (op == 1) {
			o++;
			continue;
		}
		if (end - o < 2 || (sz = o[1]) < 2 || sz > end - o)
			return;
		if (op == 4 && sz == 2)
			st->flags |= IP_CT_TCP_FLAG_SACK_PERM;
		else if (op == 3 && sz == 3) {
			st->td_scale = o[2] > 14 ? 14 : o[2];
			st->flags |= IP_CT_TCP_FLAG_WINDOW_SCALE;
		}
		o += sz;
	}
}

/* tcp_error: truncated, bad checksum (at PRE_ROUTING), odd flags */
static const char *tcp_error(const struct world *w, const struct sk_buff *skb,
			     const struct nf_ct_pkt *p)
{
	static const uint8_t valid[0x40] = {
		[TCPHDR_SYN] = 1, [TCPHDR_SYN | TCPHDR_URG] = 1,
		[TCPHDR_SYN | TCPHDR_ACK] = 1, [TCPHDR_RST] = 1,
		[TCPHDR_RST | TCPHDR_ACK] = 1, [TCPHDR_FIN | TCPHDR_ACK] = 1,
		[TCPHDR_FIN | TCPHDR_ACK | TCPHDR_URG] = 1, [TCPHDR_ACK] = 1,
		[TCPHDR_ACK | TCPHDR_URG] = 1,
	};
	uint32_t doff;

	if (p->l4len < 20)
		return "truncated packet";
	doff = (uint32_t)(p->l4[12] >> 4) * 4;
	if (doff < 20 || p->l4len < doff)
		return "truncated packet";
	if (nf_ct_csum_bad(w, skb, IPPROTO_TCP))
		return "bad checksum";
	if (!valid[p->l4[13] & ~(TCPHDR_ECE | TCPHDR_CWR | TCPHDR_PSH) & 0x3f] ||
	    (p->l4[13] & ~(TCPHDR_ECE | TCPHDR_CWR | TCPHDR_PSH)) > 0x3f)
		return "invalid tcp flag combination";
	return NULL;
}

/* tcp_new: only a SYN, or (nf_conntrack_tcp_loose) a packet picked up
 * mid-connection, may start one */
static bool tcp_new(const struct world *w, struct nf_conn *ct,
		    const struct tcp_seg *s)
{
	uint8_t ns = tcp_conntracks[0][tcp_index(s->flags)][sNO];
	struct ct_tcp_side *o = &ct->tcp.seen[0];

	if (ns >= TCP_CONNTRACK_MAX)
		return false;
	if (ns != sSS && !w->sysctl[SYS_nf_conntrack_tcp_loose])
		return false;
	memset(&ct->tcp, 0, sizeof(ct->tcp));
	o->td_end = s->end;
	o->td_maxwin = s->win ? s->win : 1;
	if (ns == sSS) {
		o->td_maxend = o->td_end;
		tcp_options(s, o);
	} else {
		o->td_maxend = o->td_end + o->td_maxwin;
		o->flags = ct->tcp.seen[1].flags = IP_CT_TCP_FLAG_SACK_PERM |
						   IP_CT_TCP_FLAG_BE_LIBERAL;
	}
	ct->tcp.last_index = TCP_NONE_SET;
	return true;
}

static bool before(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

static bool after(uint32_t a, uint32_t b)
{
	return before(b, a);
}

/* tcp_in_window's sender initialisation for a SYN-ACK or a pickup */
static void window_init(struct ct_tcp *tc, int dir, const struct tcp_seg *s,
			uint32_t sack)
{
	struct ct_tcp_side *snd = &tc->seen[dir], *rcv = &tc->seen[!dir];
	uint32_t swin;

	if (s->flags & TCPHDR_SYN) {
		snd->td_end = snd->td_maxend = s->end;
		snd->td_maxwin = s->win ? s->win : 1;
		tcp_options(s, snd);
		if (!(snd->flags & IP_CT_TCP_FLAG_WINDOW_SCALE &&
		      rcv->flags & IP_CT_TCP_FLAG_WINDOW_SCALE))
			snd->td_scale = rcv->td_scale = 0;
		return;
	}
	snd->td_end = s->end;
	swin = (uint32_t)s->win << snd->td_scale;
	snd->td_maxwin = swin ? swin : 1;
	snd->td_maxend = s->end + snd->td_maxwin;
	if (!rcv->td_maxwin)
		rcv->td_end = rcv->td_maxend = sack;
	else if (sack == rcv->td_end + 1)
		rcv->td_end++;
}

static void window_update(struct ct_tcp *tc, int dir, const struct tcp_seg *s,
			  uint32_t ack, uint32_t win)
{
	struct ct_tcp_side *snd = &tc->seen[dir], *rcv = &tc->seen[!dir];

	if (snd->td_maxwin < win)
		snd->td_maxwin = win;
	if (after(s->end, snd->td_end)) {
		snd->td_end = s->end;
		snd->flags |= IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED;
	}
	if (s->flags & TCPHDR_ACK) {
		if (!(snd->flags & IP_CT_TCP_FLAG_MAXACK_SET)) {
			snd->td_maxack = ack;
			snd->flags |= IP_CT_TCP_FLAG_MAXACK_SET;
		} else if (after(ack, snd->td_maxack)) {
			snd->td_maxack = ack;
		}
	}
	if (rcv->td_maxwin && after(s->end, snd->td_maxend))
		rcv->td_maxwin += s->end - snd->td_maxend;
	if (after(ack + win, rcv->td_maxend - 1)) {
		rcv->td_maxend = ack + win;
		if (!win)
			rcv->td_maxend++;
	}
	if (ack == rcv->td_end)
		rcv->flags &= ~IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED;
}

/* tcp_in_window without SACK blocks: the four bounds of RFC 793 */
static bool tcp_in_window(struct nf_conn *ct, int dir, unsigned index,
			  const struct tcp_seg *s, bool liberal)
{
	struct ct_tcp *tc = &ct->tcp;
	struct ct_tcp_side *snd = &tc->seen[dir], *rcv = &tc->seen[!dir];
	uint32_t seq = s->seq, ack = s->ack, end = s->end, win = s->win;
	uint32_t maxack;

	if (!snd->td_maxwin) {
		window_init(tc, dir, s, ack);
		if ((s->flags & TCPHDR_SYN) && !(s->flags & TCPHDR_ACK))
			return true;
	} else if (((tc->state == sSS && dir == 0) ||
		    (tc->state == sSR && dir == 1)) && after(end, snd->td_end)) {
		snd->td_end = snd->td_maxend = end;
		snd->td_maxwin = win ? win : 1;
		tcp_options(s, snd);
	}
	if (!(s->flags & TCPHDR_ACK) ||
	    ((s->flags & (TCPHDR_ACK | TCPHDR_RST)) ==
	     (TCPHDR_ACK | TCPHDR_RST) && !ack))
		ack = rcv->td_end;
	if ((s->flags & TCPHDR_RST) && !seq && tc->state == sSS)
		seq = end = snd->td_end;
	maxack = snd->td_maxwin > 66000 ? snd->td_maxwin : 66000;
	if (before(seq, snd->td_maxend + 1) &&
	    (!rcv->td_maxwin || after(end, snd->td_end - rcv->td_maxwin - 1)) &&
	    before(ack, rcv->td_end + 1) &&
	    after(ack, rcv->td_end - maxack - 1)) {
		if (!(s->flags & TCPHDR_SYN))
			win <<= snd->td_scale;
		window_update(tc, dir, &(struct tcp_seg){ .end = end,
			      .flags = s->flags }, ack, win);
		if (index == TCP_ACK_SET) {
			if (tc->last_dir == dir && tc->last_seq == seq &&
			    tc->last_end == end && tc->last_win == s->win)
				tc->retrans++;
			else
				tc->retrans = 0;
		}
		return true;
	}
	return liberal || (snd->flags & IP_CT_TCP_FLAG_BE_LIBERAL);
}

/* tcp_packet's timeout for the new state */
static uint64_t tcp_timeout(const struct world *w, const struct nf_conn *ct,
			    uint8_t ns, unsigned index)
{
	static const enum sysctl_id ids[TCP_CONNTRACK_MAX] = {
		SYS_nf_conntrack_tcp_timeout_syn_sent,
		SYS_nf_conntrack_tcp_timeout_syn_sent,
		SYS_nf_conntrack_tcp_timeout_syn_recv,
		SYS_nf_conntrack_tcp_timeout_established,
		SYS_nf_conntrack_tcp_timeout_fin_wait,
		SYS_nf_conntrack_tcp_timeout_close_wait,
		SYS_nf_conntrack_tcp_timeout_last_ack,
		SYS_nf_conntrack_tcp_timeout_time_wait,
		SYS_nf_conntrack_tcp_timeout_close,
		SYS_nf_conntrack_tcp_timeout_syn_sent,
	};
	uint64_t t = nf_ct_sysctl(w, ids[ns]);
	uint64_t retrans = nf_ct_sysctl(w, SYS_nf_conntrack_tcp_timeout_max_retrans);
	uint64_t unack = nf_ct_sysctl(w, SYS_nf_conntrack_tcp_timeout_unacknowledged);

	if (ct->tcp.retrans >= w->sysctl[SYS_nf_conntrack_tcp_max_retrans] &&
	    t > retrans)
		return retrans;
	if (index == TCP_RST_SET)
		return nf_ct_sysctl(w, SYS_nf_conntrack_tcp_timeout_close);
	if (((ct->tcp.seen[0].flags | ct->tcp.seen[1].flags) &
	     IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED) && t > unack)
		return unack;
	if (!(ct->status & IPS_SEEN_REPLY) && ns == sES && t > unack)
		return unack;
	return t;
}

static void tcp_ignored(struct nf_conn *ct, int dir, unsigned index,
			const struct tcp_seg *s)
{
	ct->tcp.last_index = (uint8_t)index;
	ct->tcp.last_dir = (uint8_t)dir;
	ct->tcp.last_seq = s->seq;
	ct->tcp.last_end = s->end;
	ct->tcp.last_win = s->win;
}

static void tcp_verdict(struct exec *x, enum nf_verdict v, const char *fmt,
			uint8_t state)
{
	x_note(x, fmt, state, 0, 0, 0);
	x_return(x, v);
}

/* nf_conntrack_tcp_packet without the synproxy, challenge-ACK and
 * RST-train refinements */
void st_nf_conntrack_tcp_packet(struct exec *x)
{
	struct world *w = x->w;
	struct sk_buff *skb = SKB(w, CUR(x)->skb);
	enum ip_conntrack_info info = IP_CT_NEW;
	struct nf_conn *ct = nf_ct_get(w, skb, &info);
	int dir = info >= IP_CT_IS_REPLY;
	struct nf_ct_pkt p;
	struct tcp_seg s;
	const char *err;
	unsigned index;
	uint8_t os, ns;

	nf_ct_pkt_read(skb, &p);
	if ((err = tcp_error(w, skb, &p))) {
		x_note(x, "TCP: %s: invalid", 0, 0, 0, 0);
		x->s->note_str = err;
		return x_return(x, NFV_DROP);
	}
	tcp_seg_read(&p, &s);
	if (!(ct->status & IPS_CONFIRMED) && !tcp_new(w, ct, &s))
		return tcp_verdict(x, NFV_DROP, "TCP: this segment cannot start "
				   "a connection: invalid", 0);
	os = ct->tcp.state;
	index = tcp_index(s.flags);
	ns = tcp_conntracks[dir][index][os];
	if (ns == sIG) {
		tcp_ignored(ct, dir, index, &s);
		return tcp_verdict(x, NFV_ACCEPT, "TCP: segment ignored in state "
				   "%T (the ends may be in sync when we are "
				   "not)", os);
	}
	if (ns == sIV) {
		return tcp_verdict(x, NFV_DROP, "TCP: invalid in state %T", os);
	}
	if (!tcp_in_window(ct, dir, index, &s,
			   w->sysctl[SYS_nf_conntrack_tcp_be_liberal])) {
		x_note(x, "TCP: out of window: invalid", 0, 0, 0, 0);
		return x_return(x, NFV_DROP);
	}
	ct->tcp.last_index = (uint8_t)index;
	ct->tcp.last_dir = (uint8_t)dir;
	ct->tcp.state = ns;
	if (os != ns && ns == sFW)
		ct->tcp.seen[dir].flags |= IP_CT_TCP_FLAG_CLOSE_INIT;
	if (!(ct->status & IPS_SEEN_REPLY) && (s.flags & TCPHDR_RST)) {
		nf_ct_free(w, ct);
		return tcp_verdict(x, NFV_ACCEPT, "TCP: an RST as the only reply "
				   "(%T): the connection is deleted at once", ns);
	}
	if ((ct->status & IPS_SEEN_REPLY) && !(ct->status & IPS_ASSURED) &&
	    (os == sSR || os == sES) && ns == sES)
		ct->status |= IPS_ASSURED;
	nf_ct_refresh(w, ct, tcp_timeout(w, ct, ns, index));
	x_note(x, "TCP state %T -> %T, timeout %u s", os, ns,
	       (int64_t)((ct->status & IPS_CONFIRMED) ?
			 (ct->timeout - w->now) / NS_PER_S :
			 ct->timeout / NS_PER_S), 0);
	x_return(x, NFV_ACCEPT);
}
