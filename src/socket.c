/*
 * socket.c: the application's sendto() down to the protocol
 * (net/socket.c __sys_sendto, net/ipv4/af_inet.c inet_sendmsg, Linux 6.x).
 */
#include "net.h"
#include "proto/ip.h"

/* A sender (scenario `send`) calls sendto() once per step chain. */
void st_sys_sendto(struct exec *x)
{
	struct world *w = x->w;
	uint32_t sh = CUR(x)->arg;
	struct sender *snd = &w->sender[sh - 1];
	uint32_t skh = snd->sock;
	struct sock *sk = &w->sock[skh - 1];

	snd->remaining--;
	snd->next_at = w->now + snd->gap_ns;
	sk->cork_sender = sh;
	sk->cork_pkt = ++w->next_pkt;
	sk->cork_err = 0;
	sk->cork_xmit = 0;
	sk->cork_skb = 0;
	x->s->pkt = sk->cork_pkt;
	x_note(x, "sendto(%s, %u bytes)", snd->len, 0, 0, 0);
	x->s->note = "sendto(%s, %u bytes)";
	x->s->note_str = sk->name;
	CUR(x)->arg = skh;
	CUR(x)->arg2 = 0;
	x_call(x, ST_inet_sendmsg, 0, STAGE_NONE);
}

void st_inet_sendmsg(struct exec *x)
{
	struct world *w = x->w;
	struct sock *sk = &w->sock[CUR(x)->arg - 1];

	x->s->pkt = sk->cork_pkt;
	if (sk->proto == IPPROTO_TCP) {
		x_note(x, "a stream socket: sk->sk_prot->sendmsg = tcp_sendmsg",
		       0, 0, 0, 0);
		return x_call(x, ST_tcp_sendmsg, 0, STAGE_NONE);
	}
	if (!sk->bound) {
		sk->lport = sock_pick_port(w);
		sk->bound = true;
		x_note(x, "not bound: autobind to ephemeral port %u", sk->lport,
		       0, 0, 0);
	} else {
		x_note(x, "bound to port %u", sk->lport, 0, 0, 0);
	}
	x_call(x, ST_udp_sendmsg, 0, STAGE_NONE);
}

uint16_t sock_pick_port(struct world *w)
{
	for (;;) {
		uint16_t p = w->next_port;
		bool used = false;

		w->next_port = p >= 60999 ? 32768 : p + 1;
		for (uint32_t h = 1; h <= w->sock_pool.hwm; h++)
			if (pool_is_used(&w->sock_pool, w->sock_next, h) &&
			    w->sock[h - 1].bound && w->sock[h - 1].lport == p)
				used = true;
		if (!used)
			return p;
	}
}

bool udp_port_taken(const struct world *w, uint32_t laddr, uint16_t port)
{
	if (!port)
		return false;
	for (uint32_t h = 1; h <= w->sock_pool.hwm; h++) {
		const struct sock *sk = &w->sock[h - 1];

		if (pool_is_used(&w->sock_pool, w->sock_next, h) && sk->bound &&
		    sk->proto != IPPROTO_TCP && sk->lport == port &&
		    (!sk->laddr || !laddr || sk->laddr == laddr))
			return true;
	}
	return false;
}

/* The call returns ret: the sender's next call is scheduled (or the sender
 * freed), and senders that waited for this socket go on. */
void sendmsg_return(struct exec *x, struct sock *sk, int32_t ret)
{
	struct world *w = x->w;
	uint32_t sh = sk->cork_sender, skh = (uint32_t)(sk - w->sock) + 1;
	struct sender *snd = &w->sender[sh - 1];

	sk->last_err = ret < 0 ? ret : 0;
	x->s->has_sys_ret = true;
	x->s->sys_ret = ret;
	if (snd->remaining)
		ev_push(w, snd->next_at > w->now ? snd->next_at : w->now,
			EV_SEND, sh);
	else
		pool_free(&w->sender_pool, w->sender_next, sh);
	sk->cork_sender = 0;
	for (uint32_t h = 1; h <= w->sender_pool.hwm; h++) {
		struct sender *o = &w->sender[h - 1];

		if (pool_is_used(&w->sender_pool, w->sender_next, h) &&
		    o->deferred && o->sock == skh) {
			o->deferred = false;
			ev_push(w, w->now, EV_SEND, h);
		}
	}
}
