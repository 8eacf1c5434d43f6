/*
 * cmd_ethtool.c: ethtool -g|-G (rings), -c|-C (coalescing) and -S
 * (statistics) for the modelled igb NIC, in ethtool 6.1's output and error
 * words (netlink interface, as on a 6.x kernel).  What the kernel answers
 * is what igb_ethtool.c answers: ring sizes clamped to 64..4096 and rounded
 * up to a multiple of 8, rx-usecs 0, 1, 3 or 10..10000, rx-frames refused
 * (igb supports ETHTOOL_COALESCE_USECS only), tx-usecs refused while RX and
 * TX queues share vectors (IGB_FLAG_QUEUE_PAIRS).
 *
 * Where the model differs: -S shows igb's names, but the hardware counters
 * (rx_packets, rx_bytes...) are the driver's counts (no FCS in the bytes),
 * and rx_no_buffer_count moves with rx_missed_errors (no on-chip packet
 * buffer).  lo answers "Operation not supported" as it does on Linux.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "net.h"

#define IGB_MIN_RXD 64
#define IGB_MAX_RXD 4096
#define IGB_MIN_ITR_USECS 10
#define IGB_MAX_ITR_USECS 10000

/* Where the first parameter attribute sits in ethtool's netlink request:
 * nlmsghdr 16 + genlmsghdr 4 + header nest 4 + name attribute (4 + name +
 * NUL, padded to 4); each u32 or u8 attribute after it takes 8 bytes. */
static unsigned attr_offset(const char *dev, int index)
{
	return 28 + ((unsigned)strlen(dev) + 1 + 3) / 4 * 4 + 8u * (unsigned)index;
}

static void nl_error(struct cmd_ctx *c, const char *msg, const char *dev,
		     int index, const char *err)
{
	if (msg)
		fprintf(c->err, "netlink error: %s (offset %u)\n", msg,
			attr_offset(dev, index));
	fprintf(c->err, "netlink error: %s\n", err);
}

/* The device for a netlink request: 0 after printing the kernel's answer. */
static int nl_device(const struct world *w, struct cmd_ctx *c, const char *name)
{
	int d = dev_by_name(w, name);

	if (!d) {
		fprintf(c->err, "netlink error: no device matches name "
			"(offset 24)\nnetlink error: No such device\n");
		return 0;
	}
	if (w->dev[d].kind != DEV_ETHER) {
		fprintf(c->err, "netlink error: Operation not supported\n");
		return 0;
	}
	return d;
}

/* PARAM VALUE pairs as ethtool's nl_parser reads them. */
struct param {
	const char *name;
	bool is_bool;
	bool seen;
	uint32_t val;
	int index;                   /* attribute order in the request */
};

static enum cmd_status parse_params(struct cmd_ctx *c, const char *opt,
				    struct param *p, int np, int argc,
				    char **argv)
{
	int order = 0;

	for (int i = 0; i < argc; i += 2) {
		struct param *q = NULL;
		char *end;
		unsigned long long v;

		for (int k = 0; k < np && !q; k++)
			if (!strcmp(argv[i], p[k].name))
				q = &p[k];
		if (!q) {
			fprintf(c->err, "ethtool (%s): unknown parameter '%s'\n",
				opt, argv[i]);
			return CMD_USAGE;
		}
		if (q->seen) {
			fprintf(c->err, "ethtool (%s): duplicate parameter "
				"'%s'\n", opt, argv[i]);
			return CMD_USAGE;
		}
		if (i + 1 >= argc) {
			fprintf(c->err, "ethtool (%s): no value for parameter "
				"'%s'\n", opt, argv[i]);
			return CMD_USAGE;
		}
		if (q->is_bool) {
			v = !strcmp(argv[i + 1], "on") ? 1 :
				!strcmp(argv[i + 1], "off") ? 0 : 2;
			end = v == 2 ? argv[i + 1] : argv[i + 1] +
				strlen(argv[i + 1]);
		} else {
			v = argv[i + 1][0] == '-' ? ~0ull :
				strtoull(argv[i + 1], &end, 0);
		}
		if (!*argv[i + 1] || *end || v > UINT32_MAX) {
			fprintf(c->err, "ethtool (%s): invalid value '%s' for "
				"parameter '%s'\n", opt, argv[i + 1], argv[i]);
			return CMD_USAGE;
		}
		q->seen = true;
		q->val = (uint32_t)v;
		q->index = order++;
	}
	return CMD_OK;
}

static void show_rings(const struct world *w, struct cmd_ctx *c, int d)
{
	const struct nic *nic = &w->dev[d].nic;

	fprintf(c->out, "Ring parameters for %s:\nPre-set maximums:\n"
		"RX:\t\t%u\nRX Mini:\tn/a\nRX Jumbo:\tn/a\nTX:\t\t%u\n"
		"Current hardware settings:\nRX:\t\t%u\nRX Mini:\tn/a\n"
		"RX Jumbo:\tn/a\nTX:\t\t%u\nRX Buf Len:\t\tn/a\n"
		"CQE Size:\t\tn/a\nTX Push:\toff\nTCP data split:\tn/a\n",
		w->dev[d].name, IGB_MAX_RXD, IGB_MAX_RXD, nic->rx_ring_size,
		nic->tx_ring_size);
}

/* igb_set_ringparam: clamp to 64..4096, ALIGN to 8. */
static uint32_t igb_ring_count(uint32_t v)
{
	v = v > IGB_MAX_RXD ? IGB_MAX_RXD : v < IGB_MIN_RXD ? IGB_MIN_RXD : v;
	return (v + 7) / 8 * 8;
}

static enum cmd_status set_rings(struct world *w, struct cmd_ctx *c,
				 const char *dev, int argc, char **argv)
{
	struct param p[] = { { "rx", false, false, 0, 0 },
			     { "rx-mini", false, false, 0, 0 },
			     { "rx-jumbo", false, false, 0, 0 },
			     { "tx", false, false, 0, 0 } };
	enum cmd_status st = parse_params(c, "-G", p, 4, argc, argv);
	struct nic *nic;
	int d;

	if (st != CMD_OK)
		return st;
	if (!(d = nl_device(w, c, dev)))
		return CMD_FAIL;
	nic = &w->dev[d].nic;
	/* ethnl_set_rings: each value against the driver's maximum */
	for (int k = 0; k < 4; k++)
		if (p[k].seen && p[k].val > (k == 1 || k == 2 ? 0 : IGB_MAX_RXD)) {
			nl_error(c, "requested ring size exceeds maximum", dev,
				 p[k].index, "Invalid argument");
			return CMD_FAIL;
		}
	if (nic->rx_count || nic->tx_count) {
		cmd_error(c, "netstep: %s's rings hold frames: igb_down would "
			  "free them; let the traffic settle first", dev);
		return CMD_FAIL;
	}
	if (p[0].seen)
		nic->rx_ring_size = igb_ring_count(p[0].val);
	if (p[3].seen)
		nic->tx_ring_size = igb_ring_count(p[3].val);
	nic->rx_ntu = nic->rx_ntc = nic->tx_ntu = nic->tx_ntc = 0;
	return CMD_OK;
}

static void show_coalesce(const struct world *w, struct cmd_ctx *c, int d)
{
	const struct nic *nic = &w->dev[d].nic;
	uint32_t rx = nic->itr_setting <= 3 ? nic->itr_setting :
		nic->itr_setting >> 2;

	fprintf(c->out, "Coalesce parameters for %s:\n"
		"Adaptive RX: n/a  TX: n/a\nstats-block-usecs: n/a\n"
		"sample-interval: n/a\npkt-rate-low: n/a\npkt-rate-high: n/a\n\n"
		"rx-usecs: %u\nrx-frames: n/a\nrx-usecs-irq: n/a\n"
		"rx-frames-irq: n/a\n\ntx-usecs: 0\ntx-frames: n/a\n"
		"tx-usecs-irq: n/a\ntx-frames-irq: n/a\n\nrx-usecs-low: n/a\n"
		"rx-frame-low: n/a\ntx-usecs-low: n/a\ntx-frame-low: n/a\n\n"
		"rx-usecs-high: n/a\nrx-frame-high: n/a\ntx-usecs-high: n/a\n"
		"tx-frame-high: n/a\n\nCQE mode RX: n/a  TX: n/a\n\n",
		w->dev[d].name, rx);
}

/* ethtool -C's parameters, in the kernel's attribute order (the order the
 * unsupported-parameter check walks them). */
static const char *const coalesce_names[] = {
	"rx-usecs", "rx-frames", "rx-usecs-irq", "rx-frames-irq", "tx-usecs",
	"tx-frames", "tx-usecs-irq", "tx-frames-irq", "stats-block-usecs",
	"adaptive-rx", "adaptive-tx", "pkt-rate-low", "rx-usecs-low",
	"rx-frames-low", "tx-usecs-low", "tx-frames-low", "pkt-rate-high",
	"rx-usecs-high", "rx-frames-high", "tx-usecs-high", "tx-frames-high",
	"sample-interval", "cqe-mode-rx", "cqe-mode-tx",
};
#define NCOAL (int)(sizeof(coalesce_names) / sizeof(coalesce_names[0]))

static bool igb_usecs_ok(uint32_t v)
{
	return v <= IGB_MAX_ITR_USECS && v != 2 &&
	       !(v > 3 && v < IGB_MIN_ITR_USECS);
}

static enum cmd_status set_coalesce(struct world *w, struct cmd_ctx *c,
				    const char *dev, int argc, char **argv)
{
	struct param p[NCOAL];
	enum cmd_status st;
	int d;

	for (int k = 0; k < NCOAL; k++)
		p[k] = (struct param){ coalesce_names[k],
			!strncmp(coalesce_names[k], "adaptive", 8) ||
			!strncmp(coalesce_names[k], "cqe", 3), false, 0, 0 };
	if ((st = parse_params(c, "-C", p, NCOAL, argc, argv)) != CMD_OK)
		return st;
	if (!(d = nl_device(w, c, dev)))
		return CMD_FAIL;
	/* ethnl_set_coalesce_validate: igb supports rx-usecs, tx-usecs */
	for (int k = 1; k < NCOAL; k++)
		if (p[k].seen && k != 4) {
			nl_error(c, "cannot modify an unsupported parameter", dev,
				 p[k].index, "Invalid argument");
			return CMD_FAIL;
		}
	/* igb_set_coalesce: the range, then tx-usecs with queue pairs */
	if ((p[0].seen && !igb_usecs_ok(p[0].val)) ||
	    (p[4].seen && !igb_usecs_ok(p[4].val)) || (p[4].seen && p[4].val)) {
		nl_error(c, NULL, dev, 0, "Invalid argument");
		return CMD_FAIL;
	}
	if (p[0].seen)
		nic_coalesce_init(&w->dev[d].nic, p[0].val && p[0].val <= 3 ?
				  p[0].val : p[0].val << 2);
	return CMD_OK;
}

static void stat_line(struct cmd_ctx *c, const char *name, uint64_t v)
{
	fprintf(c->out, "     %s: %llu\n", name, (unsigned long long)v);
}

static void show_stats(const struct world *w, struct cmd_ctx *c, int d)
{
	static const char *const zero_hw[] = {
		"tx_aborted_errors", "tx_carrier_errors",
		"tx_window_errors", "tx_abort_late_coll", "tx_deferred_ok",
		"tx_single_coll_ok", "tx_multi_coll_ok", "tx_timeout_count",
		"rx_long_length_errors", "rx_short_length_errors",
		"rx_align_errors", "tx_tcp_seg_good", "tx_tcp_seg_failed",
		"rx_flow_control_xon", "rx_flow_control_xoff",
		"tx_flow_control_xon", "tx_flow_control_xoff",
	};
	static const char *const zero_mgmt[] = {
		"tx_dma_out_of_sync", "tx_smbus", "rx_smbus", "dropped_smbus",
		"os2bmc_rx_by_bmc", "os2bmc_tx_by_bmc", "os2bmc_tx_by_host",
		"os2bmc_rx_by_host", "tx_hwtstamp_timeouts",
		"tx_hwtstamp_skipped", "rx_hwtstamp_cleared",
	};
	const uint64_t *s = w->dev[d].stats;
	const struct nic *nic = &w->dev[d].nic;

	fprintf(c->out, "NIC statistics:\n");
	stat_line(c, "rx_packets", s[DEVC_rx_packets]);
	stat_line(c, "tx_packets", s[DEVC_tx_packets]);
	stat_line(c, "rx_bytes", s[DEVC_rx_bytes]);
	stat_line(c, "tx_bytes", s[DEVC_tx_bytes]);
	stat_line(c, "rx_broadcast", 0);
	stat_line(c, "tx_broadcast", 0);
	stat_line(c, "rx_multicast", s[DEVC_multicast]);
	stat_line(c, "tx_multicast", 0);
	stat_line(c, "multicast", s[DEVC_multicast]);
	stat_line(c, "collisions", 0);
	stat_line(c, "rx_crc_errors", s[DEVC_rx_crc_errors]);
	stat_line(c, "rx_no_buffer_count", nic->rx_no_buffer_count);
	stat_line(c, "rx_missed_errors", s[DEVC_rx_missed_errors]);
	for (size_t i = 0; i < sizeof(zero_hw) / sizeof(zero_hw[0]); i++)
		stat_line(c, zero_hw[i], 0);
	stat_line(c, "rx_long_byte_count", s[DEVC_rx_bytes]);
	for (size_t i = 0; i < sizeof(zero_mgmt) / sizeof(zero_mgmt[0]); i++)
		stat_line(c, zero_mgmt[i], 0);
	stat_line(c, "rx_errors", s[DEVC_rx_errors]);
	stat_line(c, "tx_errors", s[DEVC_tx_errors]);
	stat_line(c, "tx_dropped", s[DEVC_tx_dropped]);
	stat_line(c, "rx_length_errors", s[DEVC_rx_length_errors]);
	stat_line(c, "rx_over_errors", 0);
	stat_line(c, "rx_frame_errors", 0);
	stat_line(c, "rx_fifo_errors", s[DEVC_rx_fifo_errors]);
	stat_line(c, "tx_fifo_errors", 0);
	stat_line(c, "tx_heartbeat_errors", 0);
	stat_line(c, "tx_queue_0_packets", s[DEVC_tx_packets]);
	stat_line(c, "tx_queue_0_bytes", s[DEVC_tx_bytes]);
	stat_line(c, "tx_queue_0_restart", nic->restart_queue);
	stat_line(c, "rx_queue_0_packets", s[DEVC_rx_packets]);
	stat_line(c, "rx_queue_0_bytes", s[DEVC_rx_bytes]);
	stat_line(c, "rx_queue_0_drops", 0);    /* RQDPC: no DROP_EN here */
	stat_line(c, "rx_queue_0_csum_err", 0);
	stat_line(c, "rx_queue_0_alloc_failed", 0);
}

static enum cmd_status show(struct world *w, struct cmd_ctx *c, char opt,
			    int argc, char **argv)
{
	int d;

	if (argc > 3) {
		fprintf(c->err, "ethtool: unexpected parameter '%s'\n", argv[3]);
		return CMD_USAGE;
	}
	if (opt == 'S') {
		d = dev_by_name(w, argv[2]);
		if (!d) {
			fprintf(c->err, "Cannot get stats strings information: "
				"No such device\n");
			return CMD_FAIL;
		}
		if (w->dev[d].kind != DEV_ETHER) {
			fprintf(c->err, "no stats available\n");
			return CMD_FAIL;
		}
		return show_stats(w, c, d), CMD_OK;
	}
	if (!(d = nl_device(w, c, argv[2])))
		return CMD_FAIL;
	if (opt == 'g')
		show_rings(w, c, d);
	else
		show_coalesce(w, c, d);
	return CMD_OK;
}

static char ethtool_opt(const char *a)
{
	static const struct { const char *s, *l; char o; } opts[] = {
		{ "-g", "--show-ring", 'g' }, { "-G", "--set-ring", 'G' },
		{ "-c", "--show-coalesce", 'c' }, { "-C", "--coalesce", 'C' },
		{ "-S", "--statistics", 'S' },
	};

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (!strcmp(a, opts[i].s) || !strcmp(a, opts[i].l))
			return opts[i].o;
	return 0;
}

enum cmd_status cmd_ethtool(struct world *w, struct cmd_ctx *c, int argc,
			    char **argv)
{
	char opt = argc >= 3 ? ethtool_opt(argv[1]) : 0;

	if (!opt) {
		if (argc >= 2 && argv[1][0] == '-' && argc >= 3)
			cmd_error(c, "netstep: ethtool %s is not modelled (only "
				  "-g, -G, -c, -C and -S)", argv[1]);
		else
			fprintf(c->err, "ethtool: bad command line argument(s)\n"
				"For more information run ethtool -h\n");
		return CMD_USAGE;
	}
	if (opt == 'G')
		return set_rings(w, c, argv[2], argc - 3, argv + 3);
	if (opt == 'C')
		return set_coalesce(w, c, argv[2], argc - 3, argv + 3);
	return show(w, c, opt, argc, argv);
}
