/*
 * cmd_sim.c: the simulator's own commands (CONTRACTS.md §2.2): nic, socket,
 * send, recv, wait, inject, run, expect.  They have no real-tool twin; the
 * oracle translates them (a NIC becomes a TAP device, a socket a process's
 * socket).
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "devinet.h"
#include "engine.h"
#include "net.h"
#include "packet.h"
#include "pkt.h"
#include "proto/ip.h"
#include "proto/udp.h"
#include "tcp.h"

enum cmd_status cmd_nic(struct world *w, struct cmd_ctx *c, int argc,
			char **argv)
{
	struct net_device *nd;
	int idx = 0;
	uint64_t v;

	if (argc < 3 || strcmp(argv[1], "add")) {
		cmd_error(c, "usage: nic add NAME [mac MAC] [rx-ring N] "
			  "[tx-ring N] [speed MBPS]");
		return CMD_USAGE;
	}
	if (strlen(argv[2]) >= IFNAMSIZ || strchr(argv[2], ':') ||
	    strchr(argv[2], '/')) {
		cmd_error(c, "nic: '%s' is not a valid device name", argv[2]);
		return CMD_USAGE;
	}
	if (dev_by_name(w, argv[2])) {
		cmd_error(c, "nic: device %s already exists", argv[2]);
		return CMD_FAIL;
	}
	for (int i = 2; i < MAX_DEV && !idx; i++)
		if (w->dev[i].kind == DEV_NONE)
			idx = i;
	if (!idx) {
		cmd_error(c, "nic: at most %d devices", MAX_DEV - 2);
		return CMD_FAIL;
	}
	nd = &w->dev[idx];
	memset(nd, 0, sizeof(*nd));
	snprintf(nd->name, sizeof(nd->name), "%s", argv[2]);
	nd->mac[0] = 2;
	nd->mac[4] = 0xff;
	nd->mac[5] = (uint8_t)(idx - 1);
	nd->mtu = 1500;
	nd->txqueuelen = 1000;
	nd->qdisc.kind = QDISC_NOOP;   /* until the first ip link set up */
	nd->nic.rx_ring_size = nd->nic.tx_ring_size = 256;
	nd->nic.speed_mbps = 1000;
	nic_coalesce_init(&nd->nic, 3);   /* IGB_DEFAULT_ITR: adaptive */
	for (int i = 0; i < CONF__COUNT; i++)
		nd->conf[i] = w->conf_default[i];
	for (int i = 3; i < argc; i += 2) {
		const char *k = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!val) {
			cmd_error(c, "nic: '%s' needs a value", k);
			goto bad;
		}
		if (!strcmp(k, "mac")) {
			if (!mac_parse(val, nd->mac) || (nd->mac[0] & 1)) {
				cmd_error(c, "nic: bad unicast MAC address '%s'", val);
				goto bad;
			}
		} else if (!strcmp(k, "rx-ring") || !strcmp(k, "tx-ring")) {
			if (!parse_u64(val, 64, RING_MAX, &v)) {
				cmd_error(c, "nic: %s must be 64-%d (igb's limits)",
					  k, RING_MAX);
				goto bad;
			}
			*(k[0] == 'r' ? &nd->nic.rx_ring_size :
			  &nd->nic.tx_ring_size) = (uint32_t)v;
		} else if (!strcmp(k, "speed")) {
			if (!parse_u64(val, 1, 400000, &v)) {
				cmd_error(c, "nic: speed is in Mbit/s, 1-400000");
				goto bad;
			}
			nd->nic.speed_mbps = (uint32_t)v;
		} else {
			cmd_error(c, "nic: unknown option '%s'", k);
			goto bad;
		}
	}
	nd->kind = DEV_ETHER;
	return CMD_OK;
bad:
	memset(nd, 0, sizeof(*nd));
	return CMD_USAGE;
}

static bool parse_addrport(const char *s, uint32_t *ip, uint16_t *port)
{
	char buf[32];
	const char *col = strrchr(s, ':');
	uint64_t p;

	if (!col || (size_t)(col - s) >= sizeof(buf))
		return false;
	memcpy(buf, s, (size_t)(col - s));
	buf[col - s] = 0;
	if (!ip_parse(buf, ip) || !parse_u64(col + 1, 0, 65535, &p))
		return false;
	*port = (uint16_t)p;
	return true;
}

/* rcvbuf/sndbuf as __sock_set_rcvbuf / __sock_set_sndbuf store them:
 * min(val, max) * 2, at least SOCK_MIN_RCVBUF / SOCK_MIN_SNDBUF (x86-64). */
static bool sock_buf_opt(struct world *w, struct cmd_ctx *c, const char *k,
			 const char *val, struct sock *sk)
{
	bool rcv = k[0] == 'r';
	int64_t max = w->sysctl[rcv ? SYS_rmem_max : SYS_wmem_max];
	uint64_t v;

	if (!parse_u64(val, 0, 0x7fffffff, &v)) {
		cmd_error(c, "socket: %s wants a byte count", k);
		return false;
	}
	v = (v > (uint64_t)max ? (uint64_t)max : v) * 2;
	if (rcv)
		sk->rcvbuf = (uint32_t)(v < 2304 ? 2304 : v);
	else
		sk->sndbuf = (uint32_t)(v < 4608 ? 4608 : v);
	return true;
}

/* The TCP options of `socket NAME tcp ...`; false after an error. */
static bool tcp_socket_opt(struct world *w, struct cmd_ctx *c,
			   struct sock *sk, int argc, char **argv, int *i)
{
	const char *k = argv[*i], *val = *i + 1 < argc ? argv[*i + 1] : NULL;
	uint64_t v;

	if (!strcmp(k, "listen")) {
		sk->state = TCP_LISTEN;
		sk->max_ack_backlog = TCP_LISTEN_BACKLOG;
		if (val && parse_u64(val, 0, 0x7fffffff, &v)) {
			/* __sys_listen caps the backlog at somaxconn */
			sk->max_ack_backlog = (uint32_t)(v > SOMAXCONN ?
							 SOMAXCONN : v);
			++*i;
		}
		return true;
	}
	if (!val) {
		cmd_error(c, "socket: '%s' needs a value", k);
		return false;
	}
	++*i;
	if (!strcmp(k, "rcvbuf") || !strcmp(k, "sndbuf"))
		return sock_buf_opt(w, c, k, val, sk);
	if (strcmp(k, "bind") && strcmp(k, "connect")) {
		cmd_error(c, "socket: unknown option '%s'", k);
		return false;
	}
	if (!parse_addrport(val, k[0] == 'b' ? &sk->laddr : &sk->daddr,
			    k[0] == 'b' ? &sk->lport : &sk->dport)) {
		cmd_error(c, "socket: bad ADDR:PORT '%s'", val);
		return false;
	}
	if (k[0] == 'c') {
		sk->connected = true;
		return true;
	}
	if (sk->laddr && inet_addr_type(w, sk->laddr) != RTN_LOCAL) {
		cmd_error(c, "bind: Cannot assign requested address");
		return false;
	}
	if (sk->lport && tcp_port_taken(w, sk->laddr, sk->lport)) {
		cmd_error(c, "bind: Address already in use");
		return false;
	}
	sk->bound = true;
	return true;
}

/* socket NAME tcp [bind A:P] [connect A:P] [rcvbuf N] [sndbuf N]
 * [listen [BACKLOG]]: bind, then listen() or a non-blocking connect(),
 * as the oracle does them. */
static enum cmd_status cmd_socket_tcp(struct world *w, struct cmd_ctx *c,
				      int argc, char **argv)
{
	struct sock sk;
	uint32_t h;

	memset(&sk, 0, sizeof(sk));
	snprintf(sk.name, sizeof(sk.name), "%s", argv[1]);
	sk.proto = IPPROTO_TCP;
	sk.state = TCP_CLOSE;
	sk.rcvbuf = TCP_RMEM_DEFAULT;
	sk.sndbuf = 16384;           /* tcp_wmem[1] */
	sk.rcv_wnd = 64240;
	for (int i = 3; i < argc; i++)
		if (!tcp_socket_opt(w, c, &sk, argc, argv, &i))
			return CMD_USAGE;
	if (sk.connected && sk.state == TCP_LISTEN) {
		cmd_error(c, "listen: Invalid argument (the socket is "
			  "connecting)");
		return CMD_USAGE;
	}
	if (sk.state == TCP_LISTEN && !sk.lport) {
		sk.lport = sock_pick_port(w);   /* inet_autobind */
		sk.bound = true;
	}
	if (!(h = pool_alloc(&w->sock_pool, w->sock_next))) {
		cmd_error(c, "socket: too many sockets (%d)", SOCK_MAX);
		return CMD_FAIL;
	}
	w->sock[h - 1] = sk;
	if (!sk.connected)
		return CMD_OK;
	if (c->settle)
		cmd_run_until(w, c, UINT64_MAX, true);
	if (!engine_start_syscall(w, ST_tcp_v4_connect, h)) {
		cmd_error(c, "connect: the process is busy in another syscall");
		return CMD_FAIL;
	}
	if (c->settle)
		cmd_run_until(w, c, UINT64_MAX, true);
	return CMD_OK;
}

enum cmd_status cmd_socket(struct world *w, struct cmd_ctx *c, int argc,
			   char **argv)
{
	struct sock sk;
	uint32_t h;
	uint64_t v;

	if (argc < 3) {
		cmd_error(c, "usage: socket NAME udp|tcp [bind ADDR:PORT] "
			  "[connect ADDR:PORT] [rcvbuf BYTES] [sndbuf BYTES] "
			  "[broadcast]");
		return CMD_USAGE;
	}
	if (sock_by_name(w, argv[1])) {
		cmd_error(c, "socket: '%s' already exists", argv[1]);
		return CMD_FAIL;
	}
	if (!strcmp(argv[2], "tcp"))
		return cmd_socket_tcp(w, c, argc, argv);
	if (strcmp(argv[2], "udp")) {
		cmd_error(c, "socket: '%s': expected udp or tcp", argv[2]);
		return CMD_USAGE;
	}
	memset(&sk, 0, sizeof(sk));
	snprintf(sk.name, sizeof(sk.name), "%s", argv[1]);
	sk.proto = IPPROTO_UDP;
	sk.rcvbuf = (uint32_t)w->sysctl[SYS_rmem_default];
	sk.sndbuf = (uint32_t)w->sysctl[SYS_wmem_default];
	for (int i = 3; i < argc; i++) {
		const char *k = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(k, "broadcast")) {
			sk.broadcast = true;
			continue;
		}
		if (!val) {
			cmd_error(c, "socket: '%s' needs a value", k);
			return CMD_USAGE;
		}
		i++;
		if (!strcmp(k, "bind")) {
			if (!parse_addrport(val, &sk.laddr, &sk.lport)) {
				cmd_error(c, "socket: bad ADDR:PORT '%s'", val);
				return CMD_USAGE;
			}
			if (sk.laddr && inet_addr_type(w, sk.laddr) != RTN_LOCAL) {
				cmd_error(c, "bind: Cannot assign requested address");
				return CMD_FAIL;
			}
			if (udp_port_taken(w, sk.laddr, sk.lport)) {
				cmd_error(c, "bind: Address already in use");
				return CMD_FAIL;
			}
			sk.bound = true;
			if (!sk.lport)
				sk.lport = sock_pick_port(w);
		} else if (!strcmp(k, "connect")) {
			if (!parse_addrport(val, &sk.daddr, &sk.dport)) {
				cmd_error(c, "socket: bad ADDR:PORT '%s'", val);
				return CMD_USAGE;
			}
			sk.connected = true;
			if (!sk.bound) {
				sk.bound = true;
				sk.lport = sock_pick_port(w);
			}
		} else if (!strcmp(k, "rcvbuf") || !strcmp(k, "sndbuf")) {
			bool rcv = k[0] == 'r';
			int64_t max = w->sysctl[rcv ? SYS_rmem_max : SYS_wmem_max];

			if (!parse_u64(val, 0, 0x7fffffff, &v)) {
				cmd_error(c, "socket: %s wants a byte count", k);
				return CMD_USAGE;
			}
			/* __sock_set_rcvbuf: min(val, max) * 2, at least the
			 * SOCK_MIN_RCVBUF / SOCK_MIN_SNDBUF of x86-64 */
			v = (v > (uint64_t)max ? (uint64_t)max : v) * 2;
			if (rcv)
				sk.rcvbuf = (uint32_t)(v < 2304 ? 2304 : v);
			else
				sk.sndbuf = (uint32_t)(v < 4608 ? 4608 : v);
		} else if (!strcmp(k, "listen")) {
			cmd_error(c, "listen: Operation not supported (a UDP "
				  "socket)");
			return CMD_USAGE;
		} else {
			cmd_error(c, "socket: unknown option '%s'", k);
			return CMD_USAGE;
		}
	}
	h = pool_alloc(&w->sock_pool, w->sock_next);
	if (!h) {
		cmd_error(c, "socket: too many sockets (%d)", SOCK_MAX);
		return CMD_FAIL;
	}
	w->sock[h - 1] = sk;
	return CMD_OK;
}

static uint32_t need_sock(struct world *w, struct cmd_ctx *c, const char *n)
{
	uint32_t h = sock_by_name(w, n);

	if (!h)
		cmd_error(c, "no socket named '%s' (make one with `socket %s "
			  "udp ...`)", n, n);
	else if (tcp_sock_closed(w, h)) {
		/* the application closed its descriptor: EBADF */
		cmd_error(c, "%s: Bad file descriptor (closed with `close %s`)",
			  n, n);
		return 0;
	}
	return h;
}

/* close NAME: the application's close(2) (a netstep extension of the
 * scenario language; tests/kernel/tcp-record.py runs it on the kernel). */
enum cmd_status cmd_close(struct world *w, struct cmd_ctx *c, int argc,
			  char **argv)
{
	uint32_t h;

	if (argc != 2) {
		cmd_error(c, "usage: close NAME");
		return CMD_USAGE;
	}
	if (!(h = need_sock(w, c, argv[1])))
		return CMD_USAGE;
	if (w->sock[h - 1].proto != IPPROTO_TCP) {
		cmd_error(c, "close: only TCP sockets (%s is UDP)", argv[1]);
		return CMD_USAGE;
	}
	if (c->settle)
		cmd_run_until(w, c, UINT64_MAX, true);
	if (!engine_start_syscall(w, ST_tcp_close, h)) {
		cmd_error(c, "close: the process is busy in another syscall");
		return CMD_FAIL;
	}
	if (c->settle)
		cmd_run_until(w, c, UINT64_MAX, true);
	return CMD_OK;
}

#define SEND_MAX (SKB_BUF - LL_RESERVED_ETH - IP_HLEN - UDP_HLEN)

enum cmd_status cmd_send(struct world *w, struct cmd_ctx *c, int argc,
			 char **argv)
{
	struct sender snd;
	uint32_t h;
	uint64_t v;

	if (argc < 2) {
		cmd_error(c, "usage: send NAME [to ADDR:PORT] (len N | payload "
			  "\"TEXT\") [count N] [gap TIME]");
		return CMD_USAGE;
	}
	memset(&snd, 0, sizeof(snd));
	snd.remaining = 1;
	if (!(snd.sock = need_sock(w, c, argv[1])))
		return CMD_USAGE;
	for (int i = 2; i < argc; i += 2) {
		const char *k = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!val) {
			cmd_error(c, "send: '%s' needs a value", k);
			return CMD_USAGE;
		}
		if (!strcmp(k, "to")) {
			if (!parse_addrport(val, &snd.daddr, &snd.dport)) {
				cmd_error(c, "send: bad ADDR:PORT '%s'", val);
				return CMD_USAGE;
			}
			snd.has_dest = true;
		} else if (!strcmp(k, "len")) {
			if (!parse_u64(val, 0, 65507, &v)) {
				cmd_error(c, "send: len must be 0-65507");
				return CMD_USAGE;
			}
			snd.len = (uint32_t)v;
			snd.text_len = 0;
		} else if (!strcmp(k, "payload")) {
			size_t l = strlen(val);

			if (l > sizeof(snd.text)) {
				cmd_error(c, "send: payload longer than %zu bytes "
					  "(use len N)", sizeof(snd.text));
				return CMD_USAGE;
			}
			memcpy(snd.text, val, l);
			snd.text_len = (uint16_t)l;
			snd.len = (uint32_t)l;
		} else if (!strcmp(k, "count")) {
			if (!parse_u64(val, 1, 100000000, &snd.remaining)) {
				cmd_error(c, "send: count must be 1-100000000");
				return CMD_USAGE;
			}
		} else if (!strcmp(k, "gap")) {
			if (!parse_time_ns(val, &snd.gap_ns)) {
				cmd_error(c, "send: gap wants a TIME like 10ms");
				return CMD_USAGE;
			}
		} else {
			cmd_error(c, "send: unknown option '%s'", k);
			return CMD_USAGE;
		}
	}
	/* one skb buffer holds the whole datagram before ip_do_fragment */
	if (w->sock[snd.sock - 1].proto == IPPROTO_TCP && snd.has_dest) {
		cmd_error(c, "send: a TCP socket is connected: no 'to'");
		return CMD_USAGE;
	}
	if (snd.len > SEND_MAX) {
		cmd_error(c, "send: %u bytes do not fit one netstep skb buffer "
			  "(%d bytes with headroom and headers): at most %d",
			  snd.len, SKB_BUF, SEND_MAX);
		return CMD_USAGE;
	}
	h = pool_alloc(&w->sender_pool, w->sender_next);
	if (!h) {
		cmd_error(c, "send: too many senders at once");
		return CMD_FAIL;
	}
	w->sender[h - 1] = snd;
	ev_push(w, w->now, EV_SEND, h);
	if (c->settle)
		cmd_run_until(w, c, UINT64_MAX, true);
	return CMD_OK;
}

enum cmd_status cmd_recv(struct world *w, struct cmd_ctx *c, int argc,
			 char **argv)
{
	uint32_t h;
	uint64_t n = 1;

	if (argc < 2 || argc > 3) {
		cmd_error(c, "usage: recv NAME [N|all]");
		return CMD_USAGE;
	}
	if (!(h = need_sock(w, c, argv[1])))
		return CMD_USAGE;
	if (argc == 3 && strcmp(argv[2], "all") &&
	    !parse_u64(argv[2], 1, 100000000, &n)) {
		cmd_error(c, "recv: expected a count or 'all', got '%s'", argv[2]);
		return CMD_USAGE;
	}
	if (argc == 3 && !strcmp(argv[2], "all"))
		n = UINT32_MAX;
	if (c->settle)
		cmd_run_until(w, c, UINT64_MAX, true);
	if (!engine_start_recv(w, h, (uint32_t)n)) {
		cmd_error(c, "recv: the process is busy in another syscall");
		return CMD_FAIL;
	}
	if (c->settle)
		cmd_run_until(w, c, UINT64_MAX, true);
	return CMD_OK;
}

enum cmd_status cmd_wait(struct world *w, struct cmd_ctx *c, int argc,
			 char **argv)
{
	uint32_t h;

	if (argc != 3 || (strcmp(argv[2], "recvfrom") && strcmp(argv[2], "epoll"))) {
		cmd_error(c, "usage: wait NAME recvfrom|epoll");
		return CMD_USAGE;
	}
	if (!(h = need_sock(w, c, argv[1])))
		return CMD_USAGE;
	if (c->settle)
		cmd_run_until(w, c, UINT64_MAX, true);
	if (!engine_start_wait(w, h, argv[2][0] == 'e' ? WAIT_EPOLL :
			       WAIT_RECVFROM)) {
		cmd_error(c, "wait: the process is busy in another syscall");
		return CMD_FAIL;
	}
	if (c->settle)
		cmd_run_until(w, c, UINT64_MAX, true);
	return CMD_OK;
}

enum cmd_status cmd_inject(struct world *w, struct cmd_ctx *c, int argc,
			   char **argv)
{
	struct pkt_spec *ps;
	char err[256];
	int dev;
	uint32_t h;

	if (argc < 3) {
		cmd_error(c, "usage: inject DEV PACKET [count N] [gap TIME]");
		return CMD_USAGE;
	}
	dev = dev_by_name(w, argv[1]);
	if (!dev || w->dev[dev].kind != DEV_ETHER) {
		cmd_error(c, "inject: no NIC named '%s' (add one with `nic add "
			  "%s`)", argv[1], argv[1]);
		return CMD_USAGE;
	}
	ps = malloc(sizeof(*ps));
	if (!ps)
		return CMD_FAIL;
	if (packet_parse(argc - 2, argv + 2, w->dev[dev].mac, ps, err,
			 sizeof(err))) {
		cmd_error(c, "%s", err);
		free(ps);
		return CMD_USAGE;
	}
	if (c->inject_pending & (1u << dev))
		cmd_settle_pending(w, c);
	h = pool_alloc(&w->inj_pool, w->inj_next);
	if (!h) {
		cmd_error(c, "inject: too many injections at once");
		free(ps);
		return CMD_FAIL;
	}
	struct injector *inj = &w->inj[h - 1];

	inj->dev = (uint8_t)dev;
	inj->len = ps->len;
	inj->remaining = ps->count;
	inj->gap_ns = ps->gap_ns;
	inj->bad_fcs = ps->bad_fcs;
	memcpy(inj->frame, ps->frame, ps->len);
	free(ps);
	/* inject lines in a row start together, one wire each (two NICs
	 * flooded at once); the next other line, or a second inject on the
	 * same wire, settles them (cmd_settle_pending) */
	ev_push(w, w->now, EV_ARRIVAL, h);
	if (c->settle)
		c->inject_pending |= (uint16_t)(1u << dev);
	return CMD_OK;
}

enum cmd_status cmd_run(struct world *w, struct cmd_ctx *c, int argc,
			char **argv)
{
	uint64_t t;

	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "idle"))) {
		cmd_run_until(w, c, UINT64_MAX, true);
		return CMD_OK;
	}
	if (argc != 2 || !parse_time_ns(argv[1], &t)) {
		cmd_error(c, "usage: run [TIME | idle]  (TIME like 500ms, 2s)");
		return CMD_USAGE;
	}
	cmd_run_until(w, c, w->now + t, false);
	return CMD_OK;
}
