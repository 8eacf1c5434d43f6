/*
 * ip_fragment.c: IPv4 reassembly (net/ipv4/ip_fragment.c with the queue
 * core of net/ipv4/inet_fragment.c, Linux 6.12-6.18; RFC 791, RFC 815).
 *
 *   ip_local_deliver --a fragment--> ip_defrag: ReasmReqds; ip_find looks
 *       the queue up by (saddr, daddr, id, protocol) or makes it and starts
 *       its timer (ipfrag_time); over ipfrag_high_thresh: ReasmFails, drop
 *   ip_frag_queue: the fragment's place in the datagram
 *       - held: it waits in the queue, ip_local_deliver stops here
 *       - inside bytes already held (a duplicate): DUP_FRAG, queue kept
 *       - partly over held bytes (RFC 5722): ReasmOverlaps, ReasmFails;
 *         a length that contradicts the queue: ReasmFails; either way the
 *         queue dies and inet_frag_destroy frees what it held
 *       - the last bytes: ip_frag_reasm
 *   ip_frag_reasm: the fragment that completed the datagram becomes the
 *       whole datagram (the kernel morphs that skb into the head) and
 *       ip_local_deliver goes on with it; the others are consumed; ReasmOKs
 *   ip_expire, ipfrag_time after the queue was made: ReasmFails and
 *       ReasmTimeout; an ICMP time exceeded (code 1) quoting the first
 *       fragment if it came; every fragment dropped FRAG_REASM_TIMEOUT
 *
 * Invariants:
 *  1. A queue's fragments are in offset order and never overlap.
 *  2. w->frag_mem is, over the live queues, IPQ_QSIZE each plus the
 *     truesize of the fragments they hold (qp->mem).
 *  3. A held fragment has wait_stage ST_ip_frag_queue, so a run that ends
 *     with it still there reports it `queued`.
 *  4. A live queue has expires != 0 and an EV_FRAG_TIMER at that time; a
 *     killed one has expires == 0 and its event is discarded (del_timer).
 *
 * Not modelled: ipfrag_max_dist (ip_frag_too_far: a queue whose source sent
 * more than 64 other fragments meanwhile is restarted, FRAG_TOO_FAR);
 * ipfrag_low_thresh, which Linux no longer uses since 4.17.
 */
#include <string.h>

#include "ip_fragment.h"
#include "net.h"
#include "pkt.h"
#include "proto/ip.h"

/* sizeof(struct ipq) on x86-64, charged to the fqdir per queue (an
 * estimate from the struct layout; UNVERIFIED on a running kernel) */
#define IPQ_QSIZE 192

/* ip_frag_ecn_table's inputs: one bit per ECN codepoint seen */
#define IPFRAG_ECN_NOT_ECT 0x01
#define IPFRAG_ECN_CE 0x08

enum frag_insert { IPFRAG_OK, IPFRAG_DUP, IPFRAG_OVERLAP };

static struct ipq *IPQ(struct world *w, uint32_t q)
{
	return &w->ipq[q - 1];
}

static const uint8_t *ip_hdr(const struct sk_buff *skb)
{
	return skb->buf + skb->network_header;
}

static unsigned ip_hdrlen(const struct sk_buff *skb)
{
	return (ip_hdr(skb)[IP_OFF_VIHL] & 0xf) * 4u;
}

/* The fragment's offset in its datagram, in bytes. */
static uint32_t frag_start(const struct sk_buff *skb)
{
	return (get_be16(ip_hdr(skb) + IP_OFF_FRAG) & IP_OFFMASK) * 8u;
}

/* A held fragment's data is its payload (ip_frag_queue pulled the
 * header), so it ends at start + len. */
static uint32_t frag_end(const struct sk_buff *skb)
{
	return frag_start(skb) + skb->len;
}

bool ip_frag_timer_live(const struct world *w, uint32_t q, uint64_t t)
{
	return q && q <= IPQ_MAX && w->ipq[q - 1].used &&
	       w->ipq[q - 1].expires == t;
}

struct ip_frag_usage ip_frag_usage(const struct world *w)
{
	struct ip_frag_usage u = { 0, 0, w->frag_mem };

	for (int i = 0; i < IPQ_MAX; i++)
		if (w->ipq[i].used) {
			u.queues++;
			u.frags += w->ipq[i].frags.qlen;
		}
	return u;
}

bool ip_defrag_gave_whole(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb;

	return pool_is_used(&w->skb_pool, w->skb_next, h) &&
	       SKB(w, h)->pkt == CUR(x)->pkt && !SKB(w, h)->wait_stage;
}

/* ---- the queue table (inet_frag_find, inet_frag_kill) ---- */

static uint32_t ip_find(const struct world *w, const uint8_t *iph,
			uint8_t user)
{
	for (uint32_t q = 1; q <= IPQ_MAX; q++) {
		const struct ipq *qp = &w->ipq[q - 1];

		if (qp->used && !(qp->flags & INET_FRAG_COMPLETE) &&
		    qp->user == user &&
		    qp->saddr == get_be32(iph + IP_OFF_SRC) &&
		    qp->daddr == get_be32(iph + IP_OFF_DST) &&
		    qp->id == get_be16(iph + IP_OFF_ID) &&
		    qp->protocol == iph[IP_OFF_PROTO])
			return q;
	}
	return 0;
}

/* inet_frag_create: a new queue, charged IPQ_QSIZE, its timer started. */
static uint32_t ipq_create(struct world *w, const uint8_t *iph,
			   uint8_t user)
{
	for (uint32_t q = 1; q <= IPQ_MAX; q++) {
		struct ipq *qp = IPQ(w, q);

		if (qp->used)
			continue;
		memset(qp, 0, sizeof(*qp));
		qp->used = true;
		qp->saddr = get_be32(iph + IP_OFF_SRC);
		qp->daddr = get_be32(iph + IP_OFF_DST);
		qp->id = get_be16(iph + IP_OFF_ID);
		qp->protocol = iph[IP_OFF_PROTO];
		qp->user = user;
		qp->expires = w->now +
			(uint64_t)w->sysctl[SYS_ipfrag_time] * 1000000000ull;
		ev_push(w, qp->expires, EV_FRAG_TIMER, q);
		w->frag_mem += IPQ_QSIZE;
		return q;
	}
	return 0;
}

/* inet_frag_kill: no longer found, timer deleted; what it holds is freed
 * by inet_frag_destroy, dropped with reason (or consumed when 0). */
static void ipq_kill(struct world *w, uint32_t q, enum drop_reason reason)
{
	struct ipq *qp = IPQ(w, q);

	qp->flags |= INET_FRAG_COMPLETE;
	qp->expires = 0;
	qp->reason = (uint8_t)reason;
}

/* Takes h out of the queue; its memory is no longer charged. */
static void ipq_unlink(struct world *w, uint32_t q, uint32_t h)
{
	struct ipq *qp = IPQ(w, q);
	struct skb_queue *fq = &qp->frags;
	uint32_t prev = 0;

	for (uint32_t c = fq->head; c; prev = c, c = SKB(w, c)->next) {
		if (c != h)
			continue;
		if (prev)
			SKB(w, prev)->next = SKB(w, h)->next;
		else
			fq->head = SKB(w, h)->next;
		if (fq->tail == h)
			fq->tail = prev;
		fq->qlen--;
		fq->bytes -= SKB(w, h)->len;
		SKB(w, h)->next = 0;
		break;
	}
	qp->mem -= SKB(w, h)->truesize;
	w->frag_mem -= SKB(w, h)->truesize;
	SKB(w, h)->wait_stage = 0;
}

/* ---- inet_frag_queue_insert: runs, duplicates and overlaps ---- */

static bool run_is_head(const struct ipq *qp, uint32_t off)
{
	return qp->run_head[off / 64] & (1u << (off / 8 % 8));
}

static void run_start(struct ipq *qp, uint32_t off)
{
	qp->run_head[off / 64] |= (uint8_t)(1u << (off / 8 % 8));
}

/* Links h in offset order (it overlaps nothing). */
static void frag_link_sorted(struct world *w, struct skb_queue *fq,
			     uint32_t h)
{
	uint32_t prev = 0, c = fq->head, off = frag_start(SKB(w, h));

	while (c && frag_start(SKB(w, c)) < off) {
		prev = c;
		c = SKB(w, c)->next;
	}
	SKB(w, h)->next = c;
	if (prev)
		SKB(w, prev)->next = h;
	else
		fq->head = h;
	if (!c)
		fq->tail = h;
	fq->qlen++;
	fq->bytes += SKB(w, h)->len;
}

/* Where [offset, end) meets a run: inside one run is a duplicate, partly
 * over one (or over two) an overlap. */
static enum frag_insert frag_vs_runs(struct world *w, const struct ipq *qp,
				     uint32_t offset, uint32_t end)
{
	uint32_t c = qp->frags.head;

	while (c) {
		uint32_t start = frag_start(SKB(w, c)), run_end = frag_end(SKB(w, c));

		for (c = SKB(w, c)->next; c && !run_is_head(qp, frag_start(SKB(w, c)));
		     c = SKB(w, c)->next)
			run_end = frag_end(SKB(w, c));
		if (offset < run_end && end > start)
			return offset >= start && end <= run_end ? IPFRAG_DUP :
				IPFRAG_OVERLAP;
	}
	return IPFRAG_OK;
}

/* The kernel's fast path first: a fragment beyond the last one joins the
 * last run when it follows it directly, else starts a run. */
static enum frag_insert frag_insert(struct world *w, uint32_t q, uint32_t h,
				    uint32_t offset, uint32_t end)
{
	struct ipq *qp = IPQ(w, q);
	uint32_t last = qp->frags.tail;
	enum frag_insert r;

	if (last && frag_end(SKB(w, last)) < end) {
		if (offset < frag_end(SKB(w, last)))
			return IPFRAG_OVERLAP;
		if (offset > frag_end(SKB(w, last)))
			run_start(qp, offset);
		skbq_tail(w, &qp->frags, h);
		return IPFRAG_OK;
	}
	if (last && (r = frag_vs_runs(w, qp, offset, end)) != IPFRAG_OK)
		return r;
	run_start(qp, offset);
	frag_link_sorted(w, &qp->frags, h);
	return IPFRAG_OK;
}

/* ---- the stages ---- */

void st_ip_defrag(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb, q;
	struct sk_buff *skb = SKB(w, h);
	const uint8_t *iph = ip_hdr(skb);
	int64_t thresh = w->sysctl[SYS_ipfrag_high_thresh];
	uint8_t user = (uint8_t)CUR(x)->arg;   /* the caller's */

	snmp_inc(w, x->s, CTR_IpReasmReqds, 1);
	skb_orphan(w, skb);
	if (!thresh || w->frag_mem > (uint64_t)thresh) {
		snmp_inc(w, x->s, CTR_IpReasmFails, 1);
		x_note(x, "fragments hold %u bytes, over ipfrag_high_thresh %u: "
		       "inet_frag_find refuses the fragment (ReasmFails)",
		       (int64_t)w->frag_mem, thresh, 0, 0);
		x_drop(x, h, DROP_NOT_SPECIFIED);
		return x_end(x);
	}
	if ((q = ip_find(w, iph, user))) {
		x_note(x, "ReasmReqds; %I > %I id %u: its queue holds %u "
		       "fragment(s)", get_be32(iph + IP_OFF_SRC),
		       get_be32(iph + IP_OFF_DST), get_be16(iph + IP_OFF_ID),
		       IPQ(w, q)->frags.qlen);
	} else if ((q = ipq_create(w, iph, user))) {
		x_note(x, "ReasmReqds; %I > %I id %u: a new queue, ip_expire "
		       "in %u s", get_be32(iph + IP_OFF_SRC),
		       get_be32(iph + IP_OFF_DST), get_be16(iph + IP_OFF_ID),
		       w->sysctl[SYS_ipfrag_time]);
	} else {
		snmp_inc(w, x->s, CTR_IpReasmFails, 1);
		x_note(x, "all %u reassembly queues are in use: netstep's limit "
		       "(Linux is limited by memory only); ReasmFails", IPQ_MAX,
		       0, 0, 0);
		x_drop(x, h, DROP_NOT_SPECIFIED);
		return x_end(x);
	}
	x_call(x, ST_ip_frag_queue, h, STAGE_NONE);
	CUR(x)->arg = q;
}

/* discard_qp: the fragment contradicts its queue; both go (ReasmFails). */
static void frag_discard_qp(struct exec *x, uint32_t q, uint32_t h)
{
	snmp_inc(x->w, x->s, CTR_IpReasmFails, 1);
	ipq_kill(x->w, q, DROP_NONE);
	x_drop(x, h, DROP_NOT_SPECIFIED);
	x_jump(x, ST_inet_frag_destroy, 0);
}

/* Where the datagram ends, as this fragment says: false when that
 * contradicts what the queue knows (ip_frag_queue's length checks). */
static bool frag_set_len(struct ipq *qp, uint16_t frag, uint32_t *end)
{
	if (!(frag & IP_MF)) {
		if (*end < qp->len ||
		    ((qp->flags & INET_FRAG_LAST_IN) && *end != qp->len))
			return false;
		qp->flags |= INET_FRAG_LAST_IN;
		qp->len = *end;
		return true;
	}
	*end &= ~7u;
	if (*end > qp->len) {
		if (qp->flags & INET_FRAG_LAST_IN)
			return false;
		qp->len = *end;
	}
	return true;
}

/* The fragment is in: charge it, note what the queue has learnt. */
static void frag_account(struct world *w, uint32_t q, uint32_t h,
			 const uint8_t *iph, uint32_t offset)
{
	struct ipq *qp = IPQ(w, q);
	struct sk_buff *skb = SKB(w, h);
	uint16_t fragsize = (uint16_t)(skb->len + ip_hdrlen(skb));

	qp->iif = skb->dev;
	qp->meat += skb->len;
	qp->ecn |= (uint8_t)(1u << (iph[IP_OFF_TOS] & INET_ECN_MASK));
	qp->mem += skb->truesize;
	w->frag_mem += skb->truesize;
	if (offset == 0)
		qp->flags |= INET_FRAG_FIRST_IN;
	if (fragsize > qp->max_size)
		qp->max_size = fragsize;
	if ((get_be16(iph + IP_OFF_FRAG) & IP_DF) && fragsize > qp->max_df_size)
		qp->max_df_size = fragsize;
	skb->wait_stage = ST_ip_frag_queue;
}

void st_ip_frag_queue(struct exec *x)
{
	struct world *w = x->w;
	uint32_t h = CUR(x)->skb, q = CUR(x)->arg;
	struct sk_buff *skb = SKB(w, h);
	struct ipq *qp = IPQ(w, q);
	const uint8_t *iph = ip_hdr(skb);
	uint16_t frag = get_be16(iph + IP_OFF_FRAG);
	unsigned ihl = ip_hdrlen(skb);
	uint32_t offset = frag_start(skb), end = offset + skb->len - ihl;
	enum frag_insert r;

	if (!frag_set_len(qp, frag, &end) || end <= offset) {
		x_note(x, "offset %u, %u bytes, MF %u: contradicts the datagram "
		       "length %u known so far; the queue is discarded "
		       "(ReasmFails)", offset, skb->len - ihl, !!(frag & IP_MF),
		       qp->len);
		return frag_discard_qp(x, q, h);
	}
	skb_pull(skb, (uint16_t)ihl);
	skb_trim(skb, end - offset);
	r = frag_insert(w, q, h, offset, end);
	if (r == IPFRAG_DUP) {
		x_note(x, "bytes %u-%u are already held: a duplicate, dropped; "
		       "the queue stays", offset, end - 1, 0, 0);
		x_drop(x, h, DROP_DUP_FRAG);
		return x_end(x);
	}
	if (r == IPFRAG_OVERLAP) {
		snmp_inc(w, x->s, CTR_IpExtReasmOverlaps, 1);
		x_note(x, "bytes %u-%u overlap bytes already held (RFC 5722): "
		       "ReasmOverlaps; the whole queue is discarded", offset,
		       end - 1, 0, 0);
		return frag_discard_qp(x, q, h);
	}
	frag_account(w, q, h, iph, offset);
	if (qp->flags == (INET_FRAG_FIRST_IN | INET_FRAG_LAST_IN) &&
	    qp->meat == qp->len) {
		x_note(x, "offset %u, %u bytes: all %u bytes of the datagram are "
		       "here: ip_frag_reasm", offset, end - offset, qp->len, 0);
		return x_call(x, ST_ip_frag_reasm, h, STAGE_NONE);
	}
	x_note(x, "offset %u, %u bytes held; %u of %s bytes here", offset,
	       end - offset, qp->meat, 0);
	x->s->note_str = qp->flags & INET_FRAG_LAST_IN ? "the datagram's" :
		"an unknown number of";
	x_end(x);
}

/* ip_frag_ecn_table: RFC 3168 5.3; 0xff drops the datagram. */
static uint8_t frag_ecn(uint8_t seen)
{
	if ((seen & IPFRAG_ECN_NOT_ECT) && seen != IPFRAG_ECN_NOT_ECT)
		return 0xff;
	return seen & IPFRAG_ECN_CE ? INET_ECN_MASK : 0;
}

/* Where the datagram's IP header goes in the skb of the fragment that
 * completed it: where the first fragment had it, else as low as the
 * Ethernet header allows; 0 when even that is too small. */
static uint32_t reasm_base(const struct sk_buff *head, uint32_t total,
			   uint32_t *machlen)
{
	*machlen = head->mac_header != SKB_NO_HDR &&
		head->mac_header < head->network_header ?
		(uint32_t)(head->network_header - head->mac_header) : 0;
	if (head->network_header + total <= SKB_BUF)
		return head->network_header;
	if (*machlen + total <= SKB_BUF)
		return *machlen;
	return 0;
}

/* Copies the first fragment's headers and every fragment's payload into
 * skb h, which becomes the datagram (data at its IP header). */
static void reasm_copy(struct world *w, uint32_t q, uint32_t h,
		       uint32_t base, uint32_t machlen)
{
	struct ipq *qp = IPQ(w, q);
	const struct sk_buff *head = SKB(w, qp->frags.head);
	uint32_t ihl = ip_hdrlen(head), truesize = 0;
	uint8_t buf[SKB_BUF];
	struct sk_buff *skb;

	memcpy(buf + base - machlen, head->buf + head->network_header - machlen,
	       machlen + ihl);
	for (uint32_t c = qp->frags.head; c; c = SKB(w, c)->next) {
		memcpy(buf + base + ihl + frag_start(SKB(w, c)),
		       skb_data(SKB(w, c)), SKB(w, c)->len);
		truesize += SKB(w, c)->truesize;
	}
	skb = SKB(w, h);
	memcpy(skb->buf + base - machlen, buf + base - machlen,
	       machlen + ihl + qp->len);
	skb->mac_header = machlen ? (uint16_t)(base - machlen) : SKB_NO_HDR;
	skb->network_header = (uint16_t)base;
	skb->transport_header = (uint16_t)(base + ihl);
	skb->data = (uint16_t)base;
	skb->len = ihl + qp->len;
	skb->tail = (uint16_t)(base + skb->len);
	skb->truesize = truesize;
}

/* ip_frag_coalesce_ok: only ip_local_deliver's queues coalesce; for
 * conntrack the fragments stay pieces of a frag_list, which a forwarded
 * datagram is cut along again.  More pieces than netstep keeps: none
 * (the slow path). */
static void reasm_keep_geometry(struct world *w, uint32_t q, uint32_t h)
{
	struct ipq *qp = IPQ(w, q);
	struct sk_buff *skb = SKB(w, h);
	uint8_t n = 0;

	skb->frag_geom_n = 0;
	if (qp->user == IP_DEFRAG_LOCAL_DELIVER ||
	    qp->frags.qlen > FRAG_GEOM_MAX)
		return;
	for (uint32_t c = qp->frags.head; c; c = SKB(w, c)->next)
		skb->frag_geom[n++] = (uint16_t)SKB(w, c)->len;
	skb->frag_geom_n = n;
}

/* The datagram's header: tot_len, ECN, DF only if the largest fragment
 * had it (IPSKB_FRAG_PMTU), no MF or offset, a fresh checksum. */
static void reasm_fix_header(struct world *w, uint32_t q, uint32_t h,
			     uint8_t ecn)
{
	struct ipq *qp = IPQ(w, q);
	struct sk_buff *skb = SKB(w, h);
	uint8_t *iph = skb->buf + skb->network_header;

	put_be16(iph + IP_OFF_TOTLEN, (uint16_t)skb->len);
	iph[IP_OFF_TOS] |= ecn;
	put_be16(iph + IP_OFF_FRAG, qp->max_df_size == qp->max_size ? IP_DF : 0);
	ip_fill_csum(iph, ip_hdrlen(skb));
	skb->frag_max_size = qp->max_df_size > qp->max_size ?
			     qp->max_df_size : qp->max_size;
}

/* The first step: checks, then the datagram is built (ipq_kill first, as
 * the kernel does, so no later fragment joins this queue). */
static void reasm_start(struct exec *x, uint32_t q, uint32_t h)
{
	struct world *w = x->w;
	struct ipq *qp = IPQ(w, q);
	uint32_t total = ip_hdrlen(SKB(w, qp->frags.head)) + qp->len;
	uint32_t base, machlen;
	uint8_t ecn = frag_ecn(qp->ecn);

	ipq_kill(w, q, DROP_NONE);
	base = reasm_base(SKB(w, qp->frags.head), total, &machlen);
	if (ecn == 0xff || total > 65535 || !base) {
		snmp_inc(w, x->s, CTR_IpReasmFails, 1);
		if (ecn != 0xff && total <= 65535)
			qp->reason = DROP_NOT_SPECIFIED;
		x_note(x, ecn == 0xff ? "fragments with and without ECN: the "
		       "datagram is dropped (ReasmFails)" : total > 65535 ?
		       "%u bytes is more than an IP datagram can hold "
		       "(ReasmFails)" : "%u bytes do not fit one netstep skb "
		       "buffer of %u bytes: netstep's limit, not the kernel's "
		       "(ReasmFails)", total, SKB_BUF, 0, 0);
		return x_jump(x, ST_inet_frag_destroy, 0);
	}
	reasm_keep_geometry(w, q, h);      /* before h holds the datagram */
	reasm_copy(w, q, h, base, machlen);
	reasm_fix_header(w, q, h, ecn);
	ipq_unlink(w, q, h);
	w->frag_mem -= qp->mem;
	qp->mem = 0;
	x_note(x, "ipq_kill; the skb of the fragment that completed it becomes "
	       "the %u-byte datagram; %u other fragment(s) to join it", total,
	       qp->frags.qlen, 0, 0);
	x_jump(x, ST_ip_frag_reasm, 0);
	CUR(x)->arg2 = h;
}

/* ip_frag_reasm runs as a loop: first the datagram is built in the skb of
 * the fragment that completed it (arg2 0), then each other fragment is
 * consumed, one a step (arg2: the datagram's skb), then ReasmOKs and back
 * to ip_local_deliver. */
void st_ip_frag_reasm(struct exec *x)
{
	struct world *w = x->w;
	uint32_t q = CUR(x)->arg, h = CUR(x)->arg2, f;
	struct ipq *qp = IPQ(w, q);

	if (!h)
		return reasm_start(x, q, CUR(x)->skb);
	if ((f = skbq_dequeue(w, &qp->frags))) {
		x_view(x, f, true);
		x_note(x, "the fragment at offset %u (%u bytes) is part of the "
		       "datagram now: consumed", frag_start(SKB(w, f)),
		       SKB(w, f)->len, 0, 0);
		x_consume(x, f);
		return x_jump(x, ST_ip_frag_reasm, 0);
	}
	snmp_inc(w, x->s, CTR_IpReasmOKs, 1);
	w->frag_mem -= IPQ_QSIZE;
	memset(qp, 0, sizeof(*qp));
	x_view(x, h, true);
	x_note(x, "ReasmOKs: a %u-byte datagram, as if it had come whole",
	       SKB(w, h)->len, 0, 0, 0);
	x_end(x);
}

/* inet_frag_destroy -> inet_frag_rbtree_purge: what a dead queue held,
 * one fragment a step, then the queue itself. */
void st_inet_frag_destroy(struct exec *x)
{
	struct world *w = x->w;
	uint32_t q = CUR(x)->arg;
	struct ipq *qp = IPQ(w, q);
	uint32_t h = qp->frags.head;

	if (!h) {
		w->frag_mem -= IPQ_QSIZE;
		memset(qp, 0, sizeof(*qp));
		x_note(x, "the queue is freed", 0, 0, 0, 0);
		return x_end(x);
	}
	ipq_unlink(w, q, h);
	x_view(x, h, true);
	if (qp->reason) {
		x_note(x, "drop the fragment at offset %u", frag_start(SKB(w, h)),
		       0, 0, 0);
		x_drop(x, h, (enum drop_reason)qp->reason);
	} else {
		x_note(x, "free the fragment at offset %u with SKB_CONSUMED: "
		       "the kernel does not report it as a drop",
		       frag_start(SKB(w, h)), 0, 0, 0);
		x_consume(x, h);
	}
	x_jump(x, ST_inet_frag_destroy, 0);
}

/* The timer (TIMER_SOFTIRQ).  With the first fragment, __icmp_send quotes
 * it and ip_expire runs again (arg2: that fragment) to drop it. */
void st_ip_expire(struct exec *x)
{
	struct world *w = x->w;
	uint32_t q = CUR(x)->arg, h = CUR(x)->arg2;
	struct ipq *qp = IPQ(w, q);

	if (h) {
		x_view(x, h, true);
		x_note(x, "the error is sent: drop the first fragment", 0, 0, 0, 0);
		x_drop(x, h, DROP_FRAG_REASM_TIMEOUT);
		CUR(x)->arg2 = 0;
		return x_jump(x, ST_inet_frag_destroy, 0);
	}
	ipq_kill(w, q, DROP_FRAG_REASM_TIMEOUT);
	snmp_inc(w, x->s, CTR_IpReasmFails, 1);
	snmp_inc(w, x->s, CTR_IpReasmTimeout, 1);
	if (!(qp->flags & INET_FRAG_FIRST_IN)) {
		x_note(x, "%I > %I id %u: incomplete after %u s: ReasmTimeout, "
		       "ReasmFails; no first fragment, so no ICMP", qp->saddr,
		       qp->daddr, qp->id, w->sysctl[SYS_ipfrag_time]);
		return x_jump(x, ST_inet_frag_destroy, 0);
	}
	h = qp->frags.head;
	ipq_unlink(w, q, h);
	x_view(x, h, true);
	CUR(x)->arg2 = h;
	x_note(x, "%I > %I id %u: incomplete after %u s: ReasmTimeout, "
	       "ReasmFails; ICMP time exceeded (reassembly) quoting the first "
	       "fragment", qp->saddr, qp->daddr, qp->id,
	       w->sysctl[SYS_ipfrag_time]);
	icmp_send_call(x, h, 11, 1, 0, ST_ip_expire);
}
