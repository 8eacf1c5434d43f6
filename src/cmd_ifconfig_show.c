/*
 * cmd_ifconfig_show.c: what `ifconfig`, `ifconfig -a` and `ifconfig DEV`
 * print, as net-tools 2.10 (Debian 12) prints it (lib/interface.c
 * ife_print_long).
 *
 * Where the numbers come from: net-tools reads the statistics from
 * /proc/net/dev, whose columns the kernel folds together in
 * dev_seq_printf_stats (net/core/net-procfs.c):
 *   RX dropped  = rx_dropped + rx_missed_errors
 *   RX overruns = the "fifo" column = rx_fifo_errors
 *   RX frame    = rx_length_errors + rx_over_errors + rx_crc_errors +
 *                 rx_frame_errors
 * so an igb ring overflow (igb_update_stats adds MPC to rx_missed_errors
 * and to rx_fifo_errors, nic.c) shows in both "dropped" and "overruns".
 * The address is the first one whose label is the name (SIOCGIFADDR in
 * devinet_ioctl); an alias (eth0:1) is listed without statistics, as it
 * has no /proc/net/dev line.  The listing is sorted as net-tools' nstrcmp
 * sorts names.
 *
 * Not printed: the "device interrupt/memory" line a PCI NIC gets (the
 * model has no PCI resources) and inet6 lines (no IPv6).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmd_ifconfig.h"
#include "pkt.h"

/* include/uapi/linux/if.h */
#define IFF_UP 0x1
#define IFF_BROADCAST 0x2
#define IFF_LOOPBACK 0x8
#define IFF_RUNNING 0x40
#define IFF_PROMISC 0x100
#define IFF_MULTICAST 0x1000

/* dev_get_flags(): an up device of the model always has carrier. */
static unsigned ifc_flags(const struct net_device *d)
{
	unsigned f = d->kind == DEV_LOOPBACK ? IFF_LOOPBACK :
		     IFF_BROADCAST | IFF_MULTICAST;

	if (d->up)
		f |= IFF_UP | IFF_RUNNING;
	if (d->promisc)
		f |= IFF_PROMISC;
	return f;
}

static void print_flags(FILE *out, unsigned f)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ IFF_UP, "UP" }, { IFF_BROADCAST, "BROADCAST" },
		{ IFF_LOOPBACK, "LOOPBACK" }, { IFF_RUNNING, "RUNNING" },
		{ IFF_PROMISC, "PROMISC" }, { IFF_MULTICAST, "MULTICAST" },
	};
	const char *sep = "";

	fprintf(out, "flags=%u<", f);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (f & names[i].bit) {
			fprintf(out, "%s%s", sep, names[i].name);
			sep = ",";
		}
	fputc('>', out);
}

/* ife_unit(): one decimal, binary prefixes, "B" up to 1024 bytes. */
static void print_bytes(FILE *out, uint64_t v)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB" };
	uint64_t tenths = v * 10;
	const char *u = "B";

	for (int i = 3; i >= 0; i--) {
		uint64_t scale = 1ull << (10 * (i + 1));

		if (v > scale) {
			tenths = v * 10 / scale;
			u = unit[i];
			break;
		}
	}
	fprintf(out, "bytes %llu (%llu.%llu %s)\n", (unsigned long long)v,
		(unsigned long long)(tenths / 10),
		(unsigned long long)(tenths % 10), u);
}

/* The lines built from /proc/net/dev's columns (see the top). */
static void print_stats(FILE *out, const uint64_t *s)
{
	fprintf(out, "        RX packets %llu  ",
		(unsigned long long)s[DEVC_rx_packets]);
	print_bytes(out, s[DEVC_rx_bytes]);
	fprintf(out, "        RX errors %llu  dropped %llu  overruns %llu  "
		"frame %llu\n", (unsigned long long)s[DEVC_rx_errors],
		(unsigned long long)(s[DEVC_rx_dropped] +
				     s[DEVC_rx_missed_errors]),
		(unsigned long long)s[DEVC_rx_fifo_errors],
		(unsigned long long)(s[DEVC_rx_length_errors] +
				     s[DEVC_rx_crc_errors]));
	fprintf(out, "        TX packets %llu  ",
		(unsigned long long)s[DEVC_tx_packets]);
	print_bytes(out, s[DEVC_tx_bytes]);
	/* net-tools 2.10 has one space before "overruns" here */
	fprintf(out, "        TX errors %llu  dropped %llu overruns 0  "
		"carrier 0  collisions 0\n",
		(unsigned long long)s[DEVC_tx_errors],
		(unsigned long long)s[DEVC_tx_dropped]);
}

/* The first address labelled name, as SIOCGIFADDR finds it. */
static const struct in_ifaddr *ifa_labelled(const struct world *w, int dev,
					    const char *name)
{
	for (uint32_t h = w->dev[dev].ifa_list; h; h = w->ifa[h - 1].next)
		if (!strcmp(w->ifa[h - 1].label, name))
			return &w->ifa[h - 1];
	return NULL;
}

/* ife_print_long for device dev under name (the device's or an alias). */
static void print_one(const struct world *w, FILE *out, int dev,
		      const char *name)
{
	const struct net_device *d = &w->dev[dev];
	const struct in_ifaddr *ifa = ifa_labelled(w, dev, name);
	unsigned f = ifc_flags(d);
	char a[16], m[18];

	fprintf(out, "%s: ", name);
	print_flags(out, f);
	fprintf(out, "  mtu %u\n", d->mtu);
	if (ifa) {
		fprintf(out, "        inet %s", ip_fmt(ifa->local, a));
		fprintf(out, "  netmask %s", ip_fmt(ifa->mask, a));
		if (f & IFF_BROADCAST)
			fprintf(out, "  broadcast %s", ip_fmt(ifa->broadcast, a));
		fputc('\n', out);
	}
	if (d->kind == DEV_LOOPBACK)
		fprintf(out, "        loop  txqueuelen %u  (Local Loopback)\n",
			d->txqueuelen);
	else
		fprintf(out, "        ether %s  txqueuelen %u  (Ethernet)\n",
			mac_fmt(d->mac, m), d->txqueuelen);
	if (!strchr(name, ':'))
		print_stats(out, d->stats);
	fputc('\n', out);
}

/* net-tools' cutalias(): splits off a ":DIGITS" suffix. */
static const char *cut_alias(char *name)
{
	size_t n = strlen(name), i = n;

	while (i > 0 && isdigit((unsigned char)name[i - 1]))
		i--;
	if (i < n && i > 0 && name[i - 1] == ':') {
		name[i - 1] = 0;
		return name + i;
	}
	return NULL;
}

static size_t digits_at(const char *s)
{
	size_t i = strlen(s);

	while (i > 0 && isdigit((unsigned char)s[i - 1]))
		i--;
	return i;
}

/* nstrcmp() (lib/nstrcmp.c): names by their text, their trailing number
 * and their alias number. */
int ifc_nstrcmp(const char *ap, const char *bp)
{
	char a[IFNAMSIZ * 2], b[IFNAMSIZ * 2];
	const char *aal, *bal;
	size_t ai, bi;
	int res, av, bv;

	snprintf(a, sizeof(a), "%s", ap);
	snprintf(b, sizeof(b), "%s", bp);
	aal = cut_alias(a);
	bal = cut_alias(b);
	ai = digits_at(a);
	bi = digits_at(b);
	if ((res = strncmp(a, b, ai < bi ? ai : bi)))
		return res;
	if (ai != bi)
		return ai > bi ? 1 : -1;
	if ((av = atoi(a + ai)) != (bv = atoi(b + bi)))
		return av < bv ? -1 : 1;
	if ((res = strcmp(a, b)))
		return res;
	av = aal ? atoi(aal) : -1;
	bv = bal ? atoi(bal) : -1;
	if (av != bv)
		return av < bv ? -1 : 1;
	return aal && bal ? strcmp(aal, bal) : 0;
}

/* Every name net-tools lists: /proc/net/dev's devices and SIOCGIFCONF's
 * address labels, without repeats. */
struct ifc_name {
	char name[IFNAMSIZ];
	int dev;
};

static int ifc_cmp(const void *x, const void *y)
{
	return ifc_nstrcmp(((const struct ifc_name *)x)->name,
			   ((const struct ifc_name *)y)->name);
}

static size_t list_names(const struct world *w, struct ifc_name *v)
{
	size_t n = 0;

	for (int i = 1; i < MAX_DEV; i++) {
		if (w->dev[i].kind == DEV_NONE)
			continue;
		snprintf(v[n].name, IFNAMSIZ, "%s", w->dev[i].name);
		v[n++].dev = i;
		for (uint32_t h = w->dev[i].ifa_list; h; h = w->ifa[h - 1].next) {
			size_t k = 0;

			while (k < n && strcmp(v[k].name, w->ifa[h - 1].label))
				k++;
			if (k < n)
				continue;
			snprintf(v[n].name, IFNAMSIZ, "%s", w->ifa[h - 1].label);
			v[n++].dev = i;
		}
	}
	qsort(v, n, sizeof(v[0]), ifc_cmp);
	return n;
}

void ifconfig_list(const struct world *w, FILE *out, bool all)
{
	struct ifc_name v[MAX_DEV + IFA_MAX];
	size_t n = list_names(w, v);

	for (size_t i = 0; i < n; i++)
		if (all || w->dev[v[i].dev].up)
			print_one(w, out, v[i].dev, v[i].name);
}

void ifconfig_show(const struct world *w, FILE *out, int dev,
		   const char *name)
{
	print_one(w, out, dev, name);
}
