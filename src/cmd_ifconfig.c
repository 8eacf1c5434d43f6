/*
 * cmd_ifconfig.c: net-tools' `ifconfig DEV[:N] [ADDR] [netmask M]
 * [broadcast B] [up|down]` as the kernel's devinet_ioctl() carries it out;
 * `ifconfig [-a] [DEV]` lists (cmd_ifconfig_show.c).
 *
 * "eth0:1" is no device: the part after the colon only names an address
 * (its label).  SIOCSIFADDR gives an address its classful mask and the
 * broadcast that goes with it; SIOCSIFNETMASK and SIOCSIFBRDADDR delete
 * the address and insert it again; bringing an alias down deletes it.
 * Like ifconfig, each word is one ioctl, done in order, and an error stops
 * the line after what was already done.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "cmd_ifconfig.h"
#include "devinet.h"
#include "net.h"
#include "pkt.h"
#include "proto/ip.h"

/* The device and label a DEV[:N] name stands for. */
struct ifc_target {
	int dev;
	bool colon;
	const char *name;
};

/* inet_abc_len(): the classful prefix length, -1 for class D. */
static int inet_abc_len(uint32_t a)
{
	if (!a || a == 0xffffffffu)
		return 0;
	if (a < 0x80000000u)
		return 8;
	if (a < 0xc0000000u)
		return 16;
	if (a < 0xe0000000u)
		return 24;
	return a < 0xf0000000u ? -1 : 32;
}

/* bad_mask(): a mask must be ones then zeros. */
static bool bad_mask(uint32_t mask)
{
	uint32_t inv = ~mask;

	return (inv & (inv + 1)) != 0;
}

static int mask_len(uint32_t mask)
{
	int n = 0;

	while (n < 32 && (mask & (0x80000000u >> n)))
		n++;
	return n;
}

/* The address labelled with the name, as devinet_ioctl finds it. */
static uint32_t ifa_by_label(const struct world *w, const struct ifc_target *t)
{
	for (uint32_t h = w->dev[t->dev].ifa_list; h; h = w->ifa[h - 1].next)
		if (!strcmp(w->ifa[h - 1].label, t->name))
			return h;
	return 0;
}

static enum cmd_status ioctl_error(struct cmd_ctx *c, const char *ioctl,
				   const char *why)
{
	cmd_error(c, "%s: %s", ioctl, why);
	return CMD_FAIL;
}

/* Deletes h and inserts it again changed, as the ioctls do. */
static enum cmd_status ifa_reinsert(struct world *w, struct cmd_ctx *c,
				    const struct ifc_target *t, uint32_t h,
				    const struct in_ifaddr *changed,
				    const char *ioctl)
{
	inet_addr_del_handle(w, t->dev, h);
	if (inet_addr_add(w, t->dev, changed))
		return ioctl_error(c, ioctl, "File exists");
	return CMD_OK;
}

static enum cmd_status set_addr(struct world *w, struct cmd_ctx *c,
				const struct ifc_target *t, uint32_t addr)
{
	int plen = inet_abc_len(addr);
	uint32_t h = ifa_by_label(w, t);
	struct in_ifaddr req;

	if (plen < 0)
		return ioctl_error(c, "SIOCSIFADDR", "Invalid argument");
	if (h && w->ifa[h - 1].local == addr)
		return CMD_OK;
	req = ifa_request(addr, plen, 0, t->name);
	if (plen < 31)
		req.broadcast = addr | ~req.mask;
	if (h)
		return ifa_reinsert(w, c, t, h, &req, "SIOCSIFADDR");
	if (inet_addr_add(w, t->dev, &req))
		return ioctl_error(c, "SIOCSIFADDR", "File exists");
	return CMD_OK;
}

/* SIOCSIFNETMASK (mask) or SIOCSIFBRDADDR: the labelled address, changed,
 * is deleted and inserted again. */
static enum cmd_status set_mask_or_brd(struct world *w, struct cmd_ctx *c,
				       const struct ifc_target *t, bool mask,
				       uint32_t v)
{
	const char *ioctl = mask ? "SIOCSIFNETMASK" : "SIOCSIFBRDADDR";
	uint32_t h = ifa_by_label(w, t);
	struct in_ifaddr req;

	if (!h)
		return ioctl_error(c, ioctl, "Cannot assign requested address");
	if (mask && bad_mask(v))
		return ioctl_error(c, ioctl, "Invalid argument");
	req = w->ifa[h - 1];
	if ((mask ? req.mask : req.broadcast) == v)
		return CMD_OK;
	if (!mask) {
		req.broadcast = v;
		return ifa_reinsert(w, c, t, h, &req, ioctl);
	}
	req.prefixlen = (uint8_t)mask_len(v);
	/* a broadcast that went with the old mask follows the new one */
	if (req.prefixlen < 31 && req.broadcast == (req.local | ~req.mask))
		req.broadcast = req.local | ~v;
	req.mask = v;
	return ifa_reinsert(w, c, t, h, &req, ioctl);
}

/* SIOCSIFFLAGS: an alias going down loses its address; a device goes up
 * or down. */
static enum cmd_status set_up(struct world *w, struct cmd_ctx *c,
			      const struct ifc_target *t, bool up)
{
	uint32_t h = t->colon ? ifa_by_label(w, t) : 0;

	if (t->colon && !h)
		return ioctl_error(c, "SIOCSIFFLAGS",
				   "Cannot assign requested address");
	if (t->colon) {
		if (!up)
			inet_addr_del_handle(w, t->dev, h);
		return CMD_OK;
	}
	if (w->dev[t->dev].kind == DEV_LOOPBACK && !up) {
		cmd_error(c, "netstep: lo stays up in this model");
		return CMD_FAIL;
	}
	dev_set_up(w, t->dev, up);
	return CMD_OK;
}

static enum cmd_status usage(struct cmd_ctx *c)
{
	cmd_error(c, "Usage:\n"
		  "  ifconfig [-a] [-v] [-s] <interface> [[<AF>] <address>]\n"
		  "  [[-]broadcast [<address>]]  [netmask <address>]\n"
		  "  [up|down] ...");
	return CMD_USAGE;
}

static enum cmd_status bad_host(struct cmd_ctx *c, const char *v)
{
	cmd_error(c, "%s: Host name lookup failure\n"
		  "ifconfig: `--help' gives usage information.", v);
	return CMD_FAIL;
}

/* ifconfig's other keywords; ip link set covers most of them. */
static bool ifc_unmodelled(const char *k)
{
	static const char *const words[] = {
		"add", "del", "-broadcast", "pointopoint", "-pointopoint",
		"dstaddr", "tunnel", "outfill", "keepalive", "hw", "mtu",
		"trailers", "-trailers", "arp", "-arp", "allmulti",
		"-allmulti", "multicast", "promisc", "-promisc", "mem_start",
		"io_addr", "irq", "media", "txqueuelen", "name", "dynamic",
		"-dynamic", "inet6", NULL };

	for (int i = 0; words[i]; i++)
		if (!strcmp(k, words[i]))
			return true;
	return false;
}

/* One word (and its value): one ioctl. */
static enum cmd_status ifc_word(struct world *w, struct cmd_ctx *c,
				const struct ifc_target *t, int argc,
				char **argv, int *i)
{
	const char *k = argv[*i];
	uint32_t a;

	if (!strcmp(k, "up") || !strcmp(k, "down"))
		return set_up(w, c, t, k[0] == 'u');
	if (!strcmp(k, "netmask") || !strcmp(k, "broadcast")) {
		if (++*i >= argc)
			return usage(c);
		if (!ip_parse(argv[*i], &a))
			return bad_host(c, argv[*i]);
		return set_mask_or_brd(w, c, t, k[0] == 'n', a);
	}
	if (!strcmp(k, "inet") && *i + 1 < argc)
		k = argv[++*i];
	if (ifc_unmodelled(k)) {
		cmd_error(c, "netstep: ifconfig \"%s\" is not modelled (ip link "
			  "set does it)", k);
		return CMD_USAGE;
	}
	if (!ip_parse(k, &a))
		return bad_host(c, k);
	if (set_addr(w, c, t, a))
		return CMD_FAIL;
	/* ifconfig brings the interface up after setting an address */
	return set_up(w, c, t, true);
}

/* `ifconfig NAME`: SIOCGIFFLAGS on the device the name stands for. */
static enum cmd_status show_one(struct world *w, struct cmd_ctx *c,
				const struct ifc_target *t, const char *base)
{
	int dev = strlen(t->name) < IFNAMSIZ ? dev_by_name(w, base) : 0;

	if (!dev) {
		cmd_error(c, "%s: error fetching interface information: "
			  "Device not found", t->name);
		return CMD_FAIL;
	}
	ifconfig_show(w, c->out, dev, t->name);
	return CMD_OK;
}

enum cmd_status cmd_ifconfig(struct world *w, struct cmd_ctx *c, int argc,
			     char **argv)
{
	char base[IFNAMSIZ];
	struct ifc_target t = { 0 };
	const char *colon;
	enum cmd_status st;

	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "-a"))) {
		ifconfig_list(w, c->out, argc == 2);
		return CMD_OK;
	}
	t.name = argv[1];
	colon = strchr(t.name, ':');
	t.colon = colon != NULL;
	snprintf(base, sizeof(base), "%.*s",
		 (int)(colon ? colon - t.name : (long)strlen(t.name)), t.name);
	if (argc == 2)
		return show_one(w, c, &t, base);
	if (strlen(t.name) >= IFNAMSIZ || !(t.dev = dev_by_name(w, base))) {
		cmd_error(c, "SIOCSIFADDR: No such device\n"
			  "%s: ERROR while getting interface flags: No such "
			  "device", t.name);
		return CMD_FAIL;
	}
	for (int i = 2; i < argc; i++)
		if ((st = ifc_word(w, c, &t, argc, argv, &i)))
			return st;
	return CMD_OK;
}
