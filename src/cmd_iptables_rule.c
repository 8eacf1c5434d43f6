/*
 * cmd_iptables_rule.c: an iptables rule specification into a struct
 * ipt_rule, the way iptables 1.8.9 parses it (iptables/xshared.c and the
 * libxt_* extensions), with its error messages.  A match's options are
 * known only once the match is loaded: -m NAME, or -p tcp|udp|icmp for the
 * protocol's own options (--dport ...), as iptables loads them implicitly.
 */
#include <netdb.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd_iptables.h"
#include "nf_ct.h"
#include "pkt.h"

#define XT_LIMIT_SCALE 10000

struct parse {
	struct cmd_ctx *c;
	struct world *w;
	enum ipt_table table;
	const char *chain;
	struct ipt_rule *r;
	int argc, i;
	char **argv;
	bool invert;
	const char *target;
	bool have_s, have_d, have_i, have_o, have_p;
	bool ct_notrack;          /* CT's --notrack was given */
	bool connmark_op;         /* a CONNMARK operation was given */
	enum cmd_status status;
};

enum cmd_status ipt_usage_error(struct cmd_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->where)
		fprintf(c->err, "%s: ", c->where);
	fprintf(c->err, IPT_VERSION ": ");
	va_start(ap, fmt);
	vfprintf(c->err, fmt, ap);
	va_end(ap);
	fprintf(c->err, "\nTry `iptables -h' or 'iptables --help' for more "
		"information.\n");
	return CMD_USAGE;
}

static bool fail(struct parse *p, enum cmd_status st)
{
	p->status = st;
	return false;
}

static const char *next_arg(struct parse *p, const char *opt)
{
	if (p->i + 1 >= p->argc) {
		ipt_usage_error(p->c, "option \"%s\" requires an argument", opt);
		return NULL;
	}
	return p->argv[++p->i];
}

static bool has_match(const struct ipt_rule *r, enum ipt_match_kind k)
{
	for (int i = 0; i < r->nmatch; i++)
		if (r->match[i] == k)
			return true;
	return false;
}

static bool load_match(struct parse *p, enum ipt_match_kind k)
{
	if (has_match(p->r, k))
		return true;
	if (p->r->nmatch >= IPT_MATCH_MAX)
		return fail(p, ipt_usage_error(p->c, "too many matches"));
	p->r->match[p->r->nmatch++] = (uint8_t)k;
	if (k == M_TCP || k == M_UDP) {
		p->r->spts[1] = p->r->dpts[1] = 0xffff;
	} else if (k == M_ICMP) {
		p->r->icmp_type = 0xff;
		p->r->icmp_code[1] = 0xff;
	} else if (k == M_LIMIT) {
		p->r->lim_avg = XT_LIMIT_SCALE * 3600 / 3;   /* 3/hour */
		p->r->lim_burst = 5;
	}
	return true;
}

static bool parse_addr(struct parse *p, const char *s, uint32_t *addr,
		       uint32_t *mask)
{
	char buf[64];
	char *slash;
	uint32_t m = 0xffffffffu;
	long plen;
	char *end;

	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	if (slash) {
		*slash++ = 0;
		plen = strtol(slash, &end, 10);
		if (*end || end == slash) {
			if (!ip_parse(slash, &m))
				return fail(p, ipt_usage_error(p->c, "invalid mask "
							       "`%s' specified", slash));
		} else if (plen < 0 || plen > 32) {
			return fail(p, ipt_usage_error(p->c, "invalid mask `%s' "
						       "specified", slash));
		} else {
			m = plen ? 0xffffffffu << (32 - plen) : 0;
		}
	}
	if (!ip_parse(buf, addr))
		return fail(p, ipt_usage_error(p->c, "host/network `%s' not found",
					       buf));
	*mask = m;
	*addr &= m;
	return true;
}

static bool parse_proto(struct parse *p, const char *s)
{
	static const struct { const char *n; uint16_t v; } names[] = {
		{ "all", 0 }, { "tcp", 6 }, { "udp", 17 }, { "icmp", 1 },
		{ "udplite", 136 }, { "esp", 50 }, { "ah", 51 }, { "sctp", 132 },
		{ "gre", 47 },
	};
	char *end;
	long v;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(s, names[i].n))
			return p->r->proto = names[i].v, true;
	v = strtol(s, &end, 10);
	if (*s && !*end && v >= 0 && v <= 255)
		return p->r->proto = (uint16_t)v, true;
	return fail(p, ipt_usage_error(p->c, "unknown protocol \"%s\" specified",
				       s));
}

static bool parse_port(struct parse *p, const char *s, const char *proto,
		       uint16_t *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	struct servent *se;

	if (*s && !*end && v >= 0 && v <= 65535)
		return *out = (uint16_t)v, true;
	se = *s ? getservbyname(s, proto) : NULL;
	if (se)
		return *out = ntohs((uint16_t)se->s_port), true;
	return fail(p, ipt_usage_error(p->c, "invalid port/service `%s' "
				       "specified", s));
}

static bool parse_range(struct parse *p, const char *s, uint16_t r[2])
{
	char buf[64];
	char *colon;
	const char *proto = p->r->proto == 17 ? "udp" : "tcp";

	snprintf(buf, sizeof(buf), "%s", s);
	colon = strchr(buf, ':');
	if (!colon) {
		if (!parse_port(p, buf, proto, &r[0]))
			return false;
		r[1] = r[0];
		return true;
	}
	*colon = 0;
	r[0] = 0;
	r[1] = 0xffff;
	if ((*buf && !parse_port(p, buf, proto, &r[0])) ||
	    (colon[1] && !parse_port(p, colon + 1, proto, &r[1])))
		return false;
	if (r[0] > r[1])
		return fail(p, ipt_usage_error(p->c, "invalid portrange (min > "
					       "max)"));
	return true;
}

const struct ipt_flag_name ipt_tcp_flag_names[] = {
	{ "FIN", 0x01 }, { "SYN", 0x02 }, { "RST", 0x04 }, { "PSH", 0x08 },
	{ "ACK", 0x10 }, { "URG", 0x20 }, { "ALL", 0x3f }, { "NONE", 0 },
	{ NULL, 0 },
};

static bool parse_tcp_flags(struct parse *p, const char *s, uint8_t *out)
{
	char buf[128];
	char *save, *tok;

	*out = 0;
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		int i;

		for (i = 0; ipt_tcp_flag_names[i].name; i++)
			if (!strcasecmp(tok, ipt_tcp_flag_names[i].name))
				break;
		if (!ipt_tcp_flag_names[i].name)
			return fail(p, ipt_usage_error(p->c, "Unknown TCP flag "
						       "`%s'", tok));
		*out |= ipt_tcp_flag_names[i].flag;
	}
	return true;
}

const struct ipt_icmp_name ipt_icmp_names[] = {
	{ "any", 0xff, 0, 0xff }, { "echo-reply", 0, 0, 0xff },
	{ "destination-unreachable", 3, 0, 0xff },
	{ "network-unreachable", 3, 0, 0 }, { "host-unreachable", 3, 1, 1 },
	{ "protocol-unreachable", 3, 2, 2 }, { "port-unreachable", 3, 3, 3 },
	{ "fragmentation-needed", 3, 4, 4 },
	{ "source-route-failed", 3, 5, 5 },
	{ "network-unknown", 3, 6, 6 }, { "host-unknown", 3, 7, 7 },
	{ "network-prohibited", 3, 9, 9 }, { "host-prohibited", 3, 10, 10 },
	{ "TOS-network-unreachable", 3, 11, 11 },
	{ "TOS-host-unreachable", 3, 12, 12 },
	{ "communication-prohibited", 3, 13, 13 },
	{ "host-precedence-violation", 3, 14, 14 },
	{ "precedence-cutoff", 3, 15, 15 }, { "source-quench", 4, 0, 0xff },
	{ "redirect", 5, 0, 0xff }, { "network-redirect", 5, 0, 0 },
	{ "host-redirect", 5, 1, 1 }, { "TOS-network-redirect", 5, 2, 2 },
	{ "TOS-host-redirect", 5, 3, 3 }, { "echo-request", 8, 0, 0xff },
	{ "router-advertisement", 9, 0, 0xff },
	{ "router-solicitation", 10, 0, 0xff },
	{ "time-exceeded", 11, 0, 0xff }, { "ttl-zero-during-transit", 11, 0, 0 },
	{ "ttl-zero-during-reassembly", 11, 1, 1 },
	{ "parameter-problem", 12, 0, 0xff }, { "ip-header-bad", 12, 0, 0 },
	{ "required-option-missing", 12, 1, 1 },
	{ "timestamp-request", 13, 0, 0xff }, { "timestamp-reply", 14, 0, 0xff },
	{ "address-mask-request", 17, 0, 0xff },
	{ "address-mask-reply", 18, 0, 0xff }, { NULL, 0, 0, 0 },
};

static bool parse_icmp_type(struct parse *p, const char *s)
{
	unsigned t, code;
	char extra;

	for (int i = 0; ipt_icmp_names[i].name; i++)
		if (!strncasecmp(s, ipt_icmp_names[i].name, strlen(s)) && *s) {
			p->r->icmp_type = ipt_icmp_names[i].type;
			p->r->icmp_code[0] = ipt_icmp_names[i].code_min;
			p->r->icmp_code[1] = ipt_icmp_names[i].code_max;
			return true;
		}
	if (sscanf(s, "%u/%u%c", &t, &code, &extra) == 2 && t <= 255 &&
	    code <= 255) {
		p->r->icmp_type = (uint8_t)t;
		p->r->icmp_code[0] = p->r->icmp_code[1] = (uint8_t)code;
		return true;
	}
	if (sscanf(s, "%u%c", &t, &extra) == 1 && t <= 255) {
		p->r->icmp_type = (uint8_t)t;
		p->r->icmp_code[0] = 0;
		p->r->icmp_code[1] = 0xff;
		return true;
	}
	return fail(p, ipt_usage_error(p->c, "Unknown ICMP type `%s'", s));
}

static bool parse_u32_mask(struct parse *p, const char *s, const char *opt,
			   const char *ext, uint32_t *v, uint32_t *m)
{
	char *end;
	unsigned long long x = strtoull(s, &end, 0);

	*m = 0xffffffffu;
	if (end == s || x > 0xffffffffull || (*end && *end != '/'))
		goto bad;
	*v = (uint32_t)x;
	if (*end == '/') {
		const char *ms = end + 1;

		x = strtoull(ms, &end, 0);
		if (end == ms || *end || x > 0xffffffffull)
			goto bad;
		*m = (uint32_t)x;
	}
	return true;
bad:
	return fail(p, ipt_usage_error(p->c, "%s: bad integer value for option "
				       "\"%s\", or out of range.\n", ext, opt));
}

static bool parse_multiport(struct parse *p, const char *s, uint8_t flags)
{
	char buf[256];
	char *save, *tok;
	struct ipt_rule *r = p->r;

	if (r->proto != 6 && r->proto != 17 && r->proto != 132 &&
	    r->proto != 136)
		return fail(p, ipt_usage_error(p->c, "multiport needs `-p tcp', "
					       "`-p udp', `-p udplite', `-p sctp' "
					       "or `-p dccp'"));
	r->mp_flags = flags;
	r->mp_inv = p->invert;
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		uint16_t range[2];
		bool two = strchr(tok, ':') != NULL;

		if (r->mp_count + (two ? 2 : 1) > IPT_PORTS_MAX)
			return fail(p, ipt_usage_error(p->c, "too many ports "
						       "specified"));
		if (!parse_range(p, tok, range))
			return false;
		r->mp_pflags[r->mp_count] = two;
		r->mp_ports[r->mp_count++] = range[0];
		if (two)
			r->mp_ports[r->mp_count++] = range[1];
	}
	return true;
}

static bool parse_rate(struct parse *p, const char *s)
{
	static const struct { const char *n; uint32_t mult; } units[] = {
		{ "second", XT_LIMIT_SCALE }, { "minute", XT_LIMIT_SCALE * 60 },
		{ "hour", XT_LIMIT_SCALE * 3600 }, { "day", XT_LIMIT_SCALE * 86400 },
	};
	const char *slash = strchr(s, '/');
	uint32_t mult = XT_LIMIT_SCALE;
	long r = strtol(s, NULL, 10);

	if (slash) {
		size_t n = strlen(slash + 1), i;

		for (i = 0; i < 4; i++)
			if (n && !strncasecmp(slash + 1, units[i].n, n))
				break;
		if (i == 4)
			goto bad;
		mult = units[i].mult;
	}
	if (r <= 0 || (uint64_t)r > mult)
		goto bad;
	p->r->lim_avg = mult / (uint32_t)r;
	return true;
bad:
	return fail(p, ipt_usage_error(p->c, "bad rate \"%s\"'", s));
}

static bool parse_addrtypes(struct parse *p, const char *s, uint16_t *out)
{
	char buf[128];
	char *save, *tok;

	*out = 0;
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		int i;

		for (i = 0; ipt_addrtype_names[i]; i++)
			if (!strcasecmp(tok, ipt_addrtype_names[i]))
				break;
		if (!ipt_addrtype_names[i])
			return fail(p, ipt_usage_error(p->c, "addrtype: bad type "
						       "`%s'", tok));
		*out |= (uint16_t)(1u << i);
	}
	return true;
}

const char *const ipt_addrtype_names[] = {
	"UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST",
	"BLACKHOLE", "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE",
	NULL,
};

const char *const ipt_reject_names[] = {
	[RJ_NET_UNREACH] = "icmp-net-unreachable",
	[RJ_HOST_UNREACH] = "icmp-host-unreachable",
	[RJ_PROT_UNREACH] = "icmp-proto-unreachable",
	[RJ_PORT_UNREACH] = "icmp-port-unreachable",
	[RJ_ECHOREPLY] = "echo-reply",
	[RJ_NET_PROHIB] = "icmp-net-prohibited",
	[RJ_HOST_PROHIB] = "icmp-host-prohibited",
	[RJ_TCP_RESET] = "tcp-reset",
	[RJ_ADMIN_PROHIB] = "icmp-admin-prohibited",
};

static bool parse_reject_with(struct parse *p, const char *s)
{
	static const struct { const char *n; uint8_t v; } alias[] = {
		{ "icmp-net-unreachable", RJ_NET_UNREACH },
		{ "net-unreach", RJ_NET_UNREACH },
		{ "icmp-host-unreachable", RJ_HOST_UNREACH },
		{ "host-unreach", RJ_HOST_UNREACH },
		{ "icmp-proto-unreachable", RJ_PROT_UNREACH },
		{ "proto-unreach", RJ_PROT_UNREACH },
		{ "icmp-port-unreachable", RJ_PORT_UNREACH },
		{ "port-unreach", RJ_PORT_UNREACH },
		{ "icmp-net-prohibited", RJ_NET_PROHIB },
		{ "net-prohib", RJ_NET_PROHIB },
		{ "icmp-host-prohibited", RJ_HOST_PROHIB },
		{ "host-prohib", RJ_HOST_PROHIB },
		{ "tcp-reset", RJ_TCP_RESET }, { "tcp-rst", RJ_TCP_RESET },
		{ "icmp-admin-prohibited", RJ_ADMIN_PROHIB },
		{ "admin-prohib", RJ_ADMIN_PROHIB },
	};

	for (size_t i = 0; i < sizeof(alias) / sizeof(alias[0]); i++)
		if (!strcasecmp(s, alias[i].n))
			return p->r->reject_with = alias[i].v, true;
	return fail(p, ipt_usage_error(p->c, "unknown reject type \"%s\"", s));
}

static bool parse_log_level(struct parse *p, const char *s)
{
	static const char *const names[] = { "emerg", "alert", "crit", "error",
					     "warning", "notice", "info",
					     "debug" };
	char *end;
	long v = strtol(s, &end, 10);

	if (*s && !*end && v >= 0 && v <= 7)
		return p->r->log_level = (uint8_t)v, true;
	for (int i = 0; i < 8; i++)
		if (!strcasecmp(s, names[i]) || (i == 4 && !strcasecmp(s, "warn")) ||
		    (i == 3 && !strcasecmp(s, "err")) ||
		    (i == 0 && !strcasecmp(s, "panic")))
			return p->r->log_level = (uint8_t)i, true;
	return fail(p, ipt_usage_error(p->c, "log-level `%s' unknown", s));
}

static bool parse_iface(struct parse *p, const char *s, char out[16])
{
	if (strlen(s) >= 16)
		return fail(p, ipt_usage_error(p->c, "interface name `%s' must be "
					       "shorter than IFNAMSIZ (15)", s));
	strcpy(out, s);
	return true;
}

/* Options of loaded matches and of the target; 0: not one of them. */
const char *const ipt_ctstate_names[] = {
	"INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED", "SNAT",
	"DNAT", NULL,
};
const uint8_t ipt_ctstate_bits[] = {
	CTS_INVALID, CTS_NEW, CTS_RELATED, CTS_ESTABLISHED, CTS_UNTRACKED,
	CTS_SNAT, CTS_DNAT,
};

/* --ctstate / --state: a comma list; state knows no SNAT/DNAT */
static bool parse_ctstates(struct parse *p, const char *s, bool ct)
{
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", s);
	for (char *t = strtok_r(buf, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		int k;

		for (k = 0; ipt_ctstate_names[k]; k++)
			if (!strcmp(t, ipt_ctstate_names[k]) && (ct || k < 5))
				break;
		if (!ipt_ctstate_names[k])
			return fail(p, ipt_usage_error(p->c, "Bad %s \"%s\"",
						       ct ? "ctstate" : "state",
						       t));
		p->r->ct_states |= ipt_ctstate_bits[k];
	}
	return true;
}

static int match_option(struct parse *p, const char *o)
{
	struct ipt_rule *r = p->r;
	const char *a;
	bool tcp = r->proto == 6, udp = r->proto == 17;
	uint8_t mask, cmp;

	if (!strcmp(o, "--sport") || !strcmp(o, "--source-port") ||
	    !strcmp(o, "--dport") || !strcmp(o, "--destination-port")) {
		bool src = o[2] == 's';

		if (!(tcp || udp) && !has_match(r, M_TCP) && !has_match(r, M_UDP))
			return 0;
		if (!load_match(p, tcp || has_match(r, M_TCP) ? M_TCP : M_UDP) ||
		    !(a = next_arg(p, o)))
			return -1;
		if (!parse_range(p, a, src ? r->spts : r->dpts))
			return -1;
		if (p->invert)
			r->l4_inv |= src ? 1 : 2;
		return 1;
	}
	if (!strcmp(o, "--tcp-flags") || !strcmp(o, "--syn")) {
		if (!tcp && !has_match(r, M_TCP))
			return 0;
		if (!load_match(p, M_TCP))
			return -1;
		if (o[2] == 's') {
			mask = 0x17;
			cmp = 0x02;
		} else {
			if (!(a = next_arg(p, o)) || !parse_tcp_flags(p, a, &mask) ||
			    !(a = next_arg(p, o)) || !parse_tcp_flags(p, a, &cmp))
				return -1;
		}
		r->tcp_flg_mask = mask;
		r->tcp_flg_cmp = cmp;
		if (p->invert)
			r->l4_inv |= 4;
		return 1;
	}
	if (!strcmp(o, "--icmp-type")) {
		if (r->proto != 1 && !has_match(r, M_ICMP))
			return 0;
		if (!load_match(p, M_ICMP) || !(a = next_arg(p, o)) ||
		    !parse_icmp_type(p, a))
			return -1;
		r->icmp_inv = p->invert;
		return 1;
	}
	if (!strcmp(o, "--mark") && has_match(r, M_MARK)) {
		if (!(a = next_arg(p, o)) ||
		    !parse_u32_mask(p, a, "--mark", "mark", &r->mark, &r->mark_mask))
			return -1;
		r->mark &= r->mark_mask;
		r->mark_inv = p->invert;
		return 1;
	}
	if (has_match(r, M_MULTIPORT) && (!strcmp(o, "--dports") ||
	    !strcmp(o, "--sports") || !strcmp(o, "--ports") ||
	    !strcmp(o, "--destination-ports") || !strcmp(o, "--source-ports"))) {
		uint8_t f = !strcmp(o, "--ports") ? MP_ANY :
			    (o[2] == 'd' ? MP_DST : MP_SRC);

		return (a = next_arg(p, o)) && parse_multiport(p, a, f) ? 1 : -1;
	}
	if (has_match(r, M_COMMENT) && !strcmp(o, "--comment")) {
		if (!(a = next_arg(p, o)))
			return -1;
		if (strlen(a) >= IPT_COMMENT_LEN) {
			fail(p, ipt_usage_error(p->c, "COMMENT must be shorter than "
						"%i characters", IPT_COMMENT_LEN));
			return -1;
		}
		strcpy(r->comment, a);
		return 1;
	}
	if (has_match(r, M_LIMIT) && !strcmp(o, "--limit"))
		return (a = next_arg(p, o)) && parse_rate(p, a) ? 1 : -1;
	if (has_match(r, M_LIMIT) && !strcmp(o, "--limit-burst")) {
		uint64_t v;

		if (!(a = next_arg(p, o)) || !parse_u64(a, 0, 10000, &v)) {
			if (a)
				fail(p, ipt_usage_error(p->c, "bad --limit-burst `%s'",
							a));
			return -1;
		}
		r->lim_burst = (uint32_t)v;
		return 1;
	}
	if ((has_match(r, M_CONNTRACK) && !strcmp(o, "--ctstate")) ||
	    (has_match(r, M_STATE) && !strcmp(o, "--state"))) {
		if (!(a = next_arg(p, o)) || !parse_ctstates(p, a, o[2] == 'c'))
			return -1;
		r->ct_inv = p->invert;
		return 1;
	}
	if (has_match(r, M_ADDRTYPE) && (!strcmp(o, "--src-type") ||
					 !strcmp(o, "--dst-type"))) {
		bool src = o[2] == 's';

		if (!(a = next_arg(p, o)) ||
		    !parse_addrtypes(p, a, src ? &r->at_src : &r->at_dst))
			return -1;
		if (src)
			r->at_src_inv = p->invert;
		else
			r->at_dst_inv = p->invert;
		return 1;
	}
	return 0;
}

/* A port or port range for the nat targets: "p" or "p-q". */
static bool parse_nat_ports(struct parse *p, const char *s,
			    struct nf_nat_range *nr)
{
	const char *dash = strchr(s, '-');
	char *end;
	long r[2];

	r[0] = strtol(s, &end, 10);
	if (end == s || r[0] < 0 || r[0] > 65535 || (*end && end != dash))
		return fail(p, ipt_usage_error(p->c, "Port `%s' not valid", s));
	r[1] = r[0];
	if (dash) {
		r[1] = strtol(dash + 1, &end, 10);
		if (end == dash + 1 || *end || r[1] < 0 || r[1] > 65535)
			return fail(p, ipt_usage_error(p->c, "Port `%s' not valid",
						       dash + 1));
		if (r[1] < r[0])
			return fail(p, ipt_usage_error(p->c, "Port range `%s' "
						       "funky", dash + 1));
	}
	if (p->r->proto != 6 && p->r->proto != 17)
		return fail(p, ipt_usage_error(p->c, "Need TCP, UDP, SCTP or DCCP "
					       "with port specification"));
	nr->flags |= NF_NAT_RANGE_PROTO_SPECIFIED;
	nr->min_port = (uint16_t)r[0];
	nr->max_port = (uint16_t)r[1];
	return true;
}

/* --to-source / --to-destination: ADDR[-ADDR][:PORT[-PORT]] */
static bool parse_nat_to(struct parse *p, const char *s)
{
	struct nf_nat_range *nr = &p->r->nat;
	char buf[64], *colon, *dash;

	snprintf(buf, sizeof(buf), "%s", s);
	if ((colon = strchr(buf, ':'))) {
		*colon = 0;
		if (!parse_nat_ports(p, colon + 1, nr))
			return false;
	}
	if ((dash = strchr(buf, '-')))
		*dash = 0;
	if (!ip_parse(buf, &nr->min_ip) ||
	    (dash && !ip_parse(dash + 1, &nr->max_ip)))
		return fail(p, ipt_usage_error(p->c, "Bad IP address \"%s\"\n",
					       buf));
	if (!dash)
		nr->max_ip = nr->min_ip;
	if (nr->max_ip < nr->min_ip)
		return fail(p, ipt_usage_error(p->c, "Bad IP range \"%s\"", s));
	nr->flags |= NF_NAT_RANGE_MAP_IPS;
	return true;
}

static int nat_option(struct parse *p, const char *o)
{
	struct ipt_rule *r = p->r;
	const char *a;
	bool to = r->target == TG_SNAT ? !strcmp(o, "--to-source") :
		  r->target == TG_DNAT && !strcmp(o, "--to-destination");

	if (to)
		return (a = next_arg(p, o)) && parse_nat_to(p, a) ? 1 : -1;
	if ((r->target == TG_MASQUERADE || r->target == TG_REDIRECT) &&
	    !strcmp(o, "--to-ports"))
		return (a = next_arg(p, o)) && parse_nat_ports(p, a, &r->nat) ?
		       1 : -1;
	if (!strcmp(o, "--random"))
		r->nat.flags |= NF_NAT_RANGE_PROTO_RANDOM;
	else if (!strcmp(o, "--random-fully") && r->target != TG_REDIRECT)
		r->nat.flags |= NF_NAT_RANGE_PROTO_RANDOM_FULLY;
	else if (!strcmp(o, "--persistent") &&
		 (r->target == TG_SNAT || r->target == TG_DNAT))
		r->nat.flags |= NF_NAT_RANGE_PERSISTENT;
	else
		return 0;
	return 1;
}

/* CONNMARK's --set-mark, --set-xmark, --save-mark, --restore-mark */
static int connmark_option(struct parse *p, const char *o)
{
	struct ipt_rule *r = p->r;
	const char *a;
	uint32_t v, m;

	if (!strcmp(o, "--save-mark") || !strcmp(o, "--restore-mark")) {
		p->connmark_op = true;
		r->cm_mode = o[3] == 'a' ? CONNMARK_SAVE : CONNMARK_RESTORE;
		r->cm_mask = 0xffffffffu;
		return 1;
	}
	if (strcmp(o, "--set-mark") && strcmp(o, "--set-xmark"))
		return 0;
	if (!(a = next_arg(p, o)) || !parse_u32_mask(p, a, o, "CONNMARK", &v, &m))
		return -1;
	p->connmark_op = true;
	r->cm_mode = CONNMARK_SET;
	r->cm_mark = v;
	r->cm_mask = !strcmp(o, "--set-mark") ? v | m : m;
	return 1;
}

static int target_option(struct parse *p, const char *o)
{
	struct ipt_rule *r = p->r;
	const char *a;

	if (r->target >= TG_SNAT && r->target <= TG_REDIRECT)
		return nat_option(p, o);
	if (r->target == TG_CONNMARK)
		return connmark_option(p, o);
	if (r->target == TG_NOTRACK && r->ct_syntax && !strcmp(o, "--notrack")) {
		p->ct_notrack = true; /* the one CT option netstep models */
		return 1;
	}

	if (r->target == TG_REJECT && !strcmp(o, "--reject-with"))
		return (a = next_arg(p, o)) && parse_reject_with(p, a) ? 1 : -1;
	if (r->target == TG_LOG && !strcmp(o, "--log-prefix")) {
		if (!(a = next_arg(p, o)))
			return -1;
		if (strlen(a) >= IPT_LOG_PREFIX_LEN) {
			fail(p, ipt_usage_error(p->c, "Maximum prefix length %u for "
						"--log-prefix", IPT_LOG_PREFIX_LEN - 1));
			return -1;
		}
		strcpy(r->log_prefix, a);
		return 1;
	}
	if (r->target == TG_LOG && !strcmp(o, "--log-level"))
		return (a = next_arg(p, o)) && parse_log_level(p, a) ? 1 : -1;
	if (r->target == TG_MARK && (!strcmp(o, "--set-mark") ||
	    !strcmp(o, "--set-xmark") || !strcmp(o, "--and-mark") ||
	    !strcmp(o, "--or-mark") || !strcmp(o, "--xor-mark"))) {
		uint32_t v, m;

		if (!(a = next_arg(p, o)) ||
		    !parse_u32_mask(p, a, o, "MARK", &v, &m))
			return -1;
		if (!strcmp(o, "--set-mark")) {
			r->tg_mark = v;
			r->tg_mask = v | m;
		} else if (!strcmp(o, "--set-xmark")) {
			r->tg_mark = v;
			r->tg_mask = m;
		} else if (!strcmp(o, "--and-mark")) {
			r->tg_mark = 0;
			r->tg_mask = ~v;
		} else if (!strcmp(o, "--or-mark")) {
			r->tg_mark = r->tg_mask = v;
		} else {
			r->tg_mark = v;
			r->tg_mask = 0;
		}
		r->mark_op = 1;
		return 1;
	}
	return 0;
}

const char *const ipt_target_names[] = {
	[TG_NONE] = "", [TG_ACCEPT] = "ACCEPT", [TG_DROP] = "DROP",
	[TG_RETURN] = "RETURN", [TG_JUMP] = "", [TG_GOTO] = "",
	[TG_REJECT] = "REJECT", [TG_LOG] = "LOG", [TG_MARK] = "MARK",
	[TG_SNAT] = "SNAT", [TG_DNAT] = "DNAT", [TG_MASQUERADE] = "MASQUERADE",
	[TG_REDIRECT] = "REDIRECT", [TG_NOTRACK] = "NOTRACK",
	[TG_CONNMARK] = "CONNMARK", [TG_TRACE] = "TRACE",
};

static bool set_target(struct parse *p, const char *name, bool is_goto)
{
	int c;

	p->target = name;
	if (!is_goto && !strcmp(name, "CT")) {
		p->r->target = TG_NOTRACK;
		p->r->ct_syntax = true;
		return true;
	}
	for (int t = TG_ACCEPT; !is_goto && t <= TG_TRACE; t++)
		if (ipt_target_names[t][0] && !strcmp(name, ipt_target_names[t])) {
			p->r->target = (uint8_t)t;
			if (p->r->target == TG_REJECT)
				p->r->reject_with = RJ_PORT_UNREACH;
			if (p->r->target == TG_LOG)
				p->r->log_level = 4;
			return true;
		}
	c = ipt_chain_find(p->w, p->table, name);
	if (c < 0 || p->w->ipt_chain[c].hook)
		return fail(p, ipt_usage_error(p->c, "Chain '%s' does not exist",
					       name));
	p->r->target = is_goto ? TG_GOTO : TG_JUMP;
	p->r->jump = (uint8_t)c;
	return true;
}

const char *const ipt_match_names[] = {
	[M_NONE] = "", [M_TCP] = "tcp", [M_UDP] = "udp", [M_ICMP] = "icmp",
	[M_MARK] = "mark", [M_MULTIPORT] = "multiport", [M_COMMENT] = "comment",
	[M_LIMIT] = "limit", [M_ADDRTYPE] = "addrtype",
	[M_CONNTRACK] = "conntrack", [M_STATE] = "state",
};

static bool load_named_match(struct parse *p, const char *name)
{
	for (int k = M_TCP; k <= M_STATE; k++)
		if (!strcmp(name, ipt_match_names[k]))
			return load_match(p, (enum ipt_match_kind)k);
	return fail(p, ipt_usage_error(p->c, "Couldn't load match `%s':No such "
				       "file or directory\n", name));
}

static bool generic_option(struct parse *p, const char *o)
{
	struct ipt_rule *r = p->r;
	const char *a;

	if (!strcmp(o, "-p") || !strcmp(o, "--protocol")) {
		if (!(a = next_arg(p, o)) || !parse_proto(p, a))
			return false;
		if (p->invert)
			r->invflags |= IPT_INV_PROTO;
		return true;
	}
	if (!strcmp(o, "-s") || !strcmp(o, "--source") || !strcmp(o, "--src") ||
	    !strcmp(o, "-d") || !strcmp(o, "--destination") ||
	    !strcmp(o, "--dst")) {
		bool src = o[1] == 's' || !strncmp(o, "--s", 3);

		if (!(a = next_arg(p, o)) || !parse_addr(p, a, src ? &r->src : &r->dst,
							src ? &r->smsk : &r->dmsk))
			return false;
		if (p->invert)
			r->invflags |= src ? IPT_INV_SRCIP : IPT_INV_DSTIP;
		return true;
	}
	if (!strcmp(o, "-i") || !strcmp(o, "--in-interface") ||
	    !strcmp(o, "-o") || !strcmp(o, "--out-interface")) {
		bool in = o[1] == 'i' || !strncmp(o, "--i", 3);

		if (!(a = next_arg(p, o)) ||
		    !parse_iface(p, a, in ? r->iniface : r->outiface))
			return false;
		if (p->invert)
			r->invflags |= in ? IPT_INV_VIA_IN : IPT_INV_VIA_OUT;
		if (in)
			p->have_i = true;
		else
			p->have_o = true;
		return true;
	}
	if (!strcmp(o, "-j") || !strcmp(o, "--jump") || !strcmp(o, "-g") ||
	    !strcmp(o, "--goto"))
		return (a = next_arg(p, o)) &&
		       set_target(p, a, o[1] == 'g' || !strcmp(o, "--goto"));
	if (!strcmp(o, "-m") || !strcmp(o, "--match"))
		return (a = next_arg(p, o)) && load_named_match(p, a);
	return fail(p, ipt_usage_error(p->c, "unknown option \"%s\"", o));
}

/* The extensions' final checks (xtables' x6_fcheck). */
static bool check_ct_rule(struct parse *p)
{
	struct ipt_rule *r = p->r;

	if (has_match(r, M_CONNTRACK) && !r->ct_states)
		return fail(p, ipt_usage_error(p->c, "conntrack: At least one "
					       "option is required"));
	if (has_match(r, M_STATE) && !r->ct_states)
		return fail(p, ipt_usage_error(p->c, "state: option \"--state\" "
					       "must be specified\n"));
	if (r->target == TG_DNAT && !(r->nat.flags & NF_NAT_RANGE_MAP_IPS))
		return fail(p, ipt_usage_error(p->c, "DNAT: option "
					       "\"--to-destination\" must be "
					       "specified\n"));
	if (r->target == TG_SNAT && !(r->nat.flags & NF_NAT_RANGE_MAP_IPS))
		return fail(p, ipt_usage_error(p->c, "SNAT: option "
					       "\"--to-source\" must be "
					       "specified\n"));
	if (r->target == TG_NOTRACK && r->ct_syntax && !p->ct_notrack)
		return fail(p, ipt_usage_error(p->c, "CT: only --notrack is "
					       "modelled by netstep"));
	if (r->target == TG_CONNMARK && !p->connmark_op)
		return fail(p, ipt_usage_error(p->c, "CONNMARK target: No "
					       "operation specified"));
	return true;
}

/* iptables' generic checks once the whole rule is read. */
static bool check_rule(struct parse *p)
{
	const char *ch = p->chain;
	struct ipt_rule *r = p->r;

	if (p->have_o && (!strcmp(ch, "PREROUTING") || !strcmp(ch, "INPUT")))
		return fail(p, ipt_usage_error(p->c, "Can't use -o with %s\n", ch));
	if (p->have_i && (!strcmp(ch, "POSTROUTING") || !strcmp(ch, "OUTPUT")))
		return fail(p, ipt_usage_error(p->c, "Can't use -i with %s\n", ch));
	if (p->table == IPT_NAT && r->target == TG_DROP)
		return fail(p, ipt_usage_error(p->c, "\nThe \"nat\" table is not "
					       "intended for filtering, the use "
					       "of DROP is therefore inhibited.\n"
					       "\n"));
	return check_ct_rule(p);
}

bool ipt_parse_rule(struct world *w, struct cmd_ctx *c, enum ipt_table t,
		    const char *chain, int argc, char **argv,
		    struct ipt_rule *r, enum cmd_status *status)
{
	struct parse p = { .c = c, .w = w, .table = t, .chain = chain, .r = r,
			   .argc = argc, .argv = argv, .status = CMD_USAGE };

	memset(r, 0, sizeof(*r));
	for (p.i = 0; p.i < argc; p.i++) {
		const char *o = argv[p.i];
		int k;

		if (!strcmp(o, "!")) {
			if (p.invert) {
				*status = ipt_usage_error(c, "multiple `!' flags "
							  "not allowed");
				return false;
			}
			p.invert = true;
			continue;
		}
		if (o[0] != '-') {
			if (c->where)
				fprintf(c->err, "%s: ", c->where);
			fprintf(c->err, "Bad argument `%s'\nTry `iptables -h' or "
				"'iptables --help' for more information.\n", o);
			*status = CMD_USAGE;
			return false;
		}
		k = target_option(&p, o);
		if (!k)
			k = match_option(&p, o);
		if (k < 0 || (!k && !generic_option(&p, o))) {
			*status = p.status;
			return false;
		}
		p.invert = false;
	}
	if (!check_rule(&p)) {
		*status = p.status;
		return false;
	}
	if (has_match(r, M_LIMIT))
		ipt_limit_init(w, r);
	return true;
}
