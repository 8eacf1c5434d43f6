/*
 * cmd_iptables_show.c: iptables -L and -S, iptables-save, iptables-restore
 * and dmesg, printed column for column as iptables 1.8.9 prints them
 * (iptables/xshared.c print_rule_details and header, the libxt_* print and
 * save functions).  Service names come from getservbyport, as iptables
 * resolves them; addresses stay numeric (no DNS in a simulation).
 */
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd_iptables.h"
#include "pkt.h"

static const char *proto_name(uint16_t p)
{
	switch (p) {
	case 0:
		return "all";
	case 1:
		return "icmp";
	case 6:
		return "tcp";
	case 17:
		return "udp";
	default:
		return NULL;
	}
}

static const char *target_name(const struct world *w, const struct ipt_rule *r)
{
	if (r->target == TG_JUMP || r->target == TG_GOTO)
		return w->ipt_chain[r->jump].name;
	return ipt_target_names[r->target];
}

/* -L names the xtables target: NOTRACK is the CT target's alias */
static const char *list_target_name(const struct world *w,
				    const struct ipt_rule *r)
{
	return r->target == TG_NOTRACK ? "CT" : target_name(w, r);
}

static void print_num(FILE *f, uint64_t n, unsigned fmt, bool notable)
{
	static const char units[] = "KMGT";

	if (!(fmt & FMT_KMG) || n <= 99999) {
		fprintf(f, notable ? "%llu " : (fmt & FMT_KMG) ? "%5llu " :
			"%8llu ", (unsigned long long)n);
		return;
	}
	for (int i = 0; i < 4; i++) {
		n = (n + 500) / 1000;
		if (n <= 9999 || i == 3) {
			fprintf(f, notable ? "%llu%c " : "%4llu%c ",
				(unsigned long long)n, units[i]);
			return;
		}
	}
}

static void mask_str(uint32_t m, char *buf, size_t n)
{
	int plen = 0;
	char a[16];

	while (plen < 32 && (m & (0x80000000u >> plen)))
		plen++;
	if (plen < 32 && (m << plen))
		snprintf(buf, n, "/%s", ip_fmt(m, a));
	else if (plen == 32)
		buf[0] = 0;
	else
		snprintf(buf, n, "/%d", plen);
}

static void addr_str(uint32_t a, uint32_t m, bool numeric, char *buf, size_t n)
{
	char s[16], ms[20];

	if (!m && !numeric) {
		snprintf(buf, n, "anywhere");
		return;
	}
	mask_str(m, ms, sizeof(ms));
	snprintf(buf, n, "%s%s", ip_fmt(a, s), m || !numeric ? ms : "/0");
}

static void print_port(FILE *f, uint16_t port, uint16_t proto, bool numeric)
{
	struct servent *se = numeric ? NULL :
			     getservbyport(htons(port), proto == 17 ? "udp" : "tcp");

	if (se)
		fprintf(f, "%s", se->s_name);
	else
		fprintf(f, "%u", port);
}

static void print_ports(FILE *f, const char *name, const uint16_t r[2],
			bool inv, uint16_t proto, bool numeric)
{
	if (r[0] == 0 && r[1] == 0xffff && !inv)
		return;
	fprintf(f, " %s", name);
	if (r[0] == r[1]) {
		fprintf(f, ":%s", inv ? "!" : "");
		print_port(f, r[0], proto, numeric);
	} else {
		fprintf(f, "s:%s", inv ? "!" : "");
		print_port(f, r[0], proto, numeric);
		fprintf(f, ":");
		print_port(f, r[1], proto, numeric);
	}
}

static void print_tcpf(FILE *f, uint8_t flags)
{
	bool any = false;

	/* the six single flags come first in the table */
	for (size_t i = 0; i < 6; i++)
		if (flags & ipt_tcp_flag_names[i].flag) {
			fprintf(f, "%s%s", any ? "," : "",
				ipt_tcp_flag_names[i].name);
			any = true;
		}
	if (!any)
		fprintf(f, "NONE");
}

static void print_icmp(FILE *f, const struct ipt_rule *r, bool numeric)
{
	fprintf(f, " icmp");
	if (!numeric)
		for (int i = 0; ipt_icmp_names[i].name; i++)
			if (ipt_icmp_names[i].type == r->icmp_type &&
			    ipt_icmp_names[i].code_min == r->icmp_code[0] &&
			    ipt_icmp_names[i].code_max == r->icmp_code[1]) {
				fprintf(f, " %s%s", r->icmp_inv ? "!" : "",
					ipt_icmp_names[i].name);
				return;
			}
	if (r->icmp_inv)
		fprintf(f, " !");
	fprintf(f, "type %u", r->icmp_type);
	if (r->icmp_code[0] == r->icmp_code[1])
		fprintf(f, " code %u", r->icmp_code[0]);
	else if (r->icmp_code[0] != 0 || r->icmp_code[1] != 0xff)
		fprintf(f, " codes %u-%u", r->icmp_code[0], r->icmp_code[1]);
}

static void print_rate(FILE *f, uint32_t period)
{
	static const struct { const char *n; uint32_t mult; } rates[] = {
		{ "day", 10000u * 86400 }, { "hour", 10000u * 3600 },
		{ "min", 10000u * 60 }, { "sec", 10000u },
	};
	size_t i;

	for (i = 1; i < 4; i++)
		if (period > rates[i].mult ||
		    rates[i].mult / period < rates[i].mult % period)
			break;
	fprintf(f, " %u/%s", rates[i - 1].mult / period, rates[i - 1].n);
}

/* libxt_addrtype prints " src-type" then " !" glued to the names:
 * "src-type !LOCAL" */
static void print_types(FILE *f, uint16_t mask, bool inv)
{
	const char *sep = inv ? " !" : " ";

	for (int i = 0; ipt_addrtype_names[i]; i++)
		if (mask & (1u << i)) {
			fprintf(f, "%s%s", sep, ipt_addrtype_names[i]);
			sep = ",";
		}
}

static void print_multiport(FILE *f, const struct ipt_rule *r, bool save,
			    bool numeric)
{
	static const char *const n[] = { "sports", "dports", "ports" };

	if (save)
		fprintf(f, "%s --%s ", r->mp_inv ? " !" : "", n[r->mp_flags]);
	else
		fprintf(f, " multiport %s %s", n[r->mp_flags],
			r->mp_inv ? " !" : "");
	for (int i = 0; i < r->mp_count; i++) {
		fprintf(f, i ? "," : "");
		print_port(f, r->mp_ports[i], r->proto, numeric || save);
		if (r->mp_pflags[i]) {
			fprintf(f, ":");
			print_port(f, r->mp_ports[++i], r->proto, numeric || save);
		}
	}
}

static void print_ctstates(FILE *f, uint8_t bits)
{
	const char *sep = "";

	for (int k = 0; ipt_ctstate_names[k]; k++)
		if (bits & ipt_ctstate_bits[k]) {
			fprintf(f, "%s%s", sep, ipt_ctstate_names[k]);
			sep = ",";
		}
}

static void print_match(FILE *f, const struct ipt_rule *r, int k, bool num)
{
	switch (k) {
	case M_TCP:
	case M_UDP:
		fprintf(f, k == M_TCP ? " tcp" : " udp");
		print_ports(f, "spt", r->spts, r->l4_inv & 1, r->proto, num);
		print_ports(f, "dpt", r->dpts, r->l4_inv & 2, r->proto, num);
		if (k == M_TCP && (r->tcp_flg_mask || (r->l4_inv & 4))) {
			fprintf(f, " flags:%s", r->l4_inv & 4 ? "!" : "");
			if (num) {
				fprintf(f, "0x%02X/0x%02X", r->tcp_flg_mask,
					r->tcp_flg_cmp);
			} else {
				print_tcpf(f, r->tcp_flg_mask);
				fprintf(f, "/");
				print_tcpf(f, r->tcp_flg_cmp);
			}
		}
		break;
	case M_ICMP:
		print_icmp(f, r, num);
		break;
	case M_MARK:
		fprintf(f, " mark match%s 0x%x", r->mark_inv ? " !" : "", r->mark);
		if (r->mark_mask != 0xffffffffu)
			fprintf(f, "/0x%x", r->mark_mask);
		break;
	case M_MULTIPORT:
		print_multiport(f, r, false, num);
		break;
	case M_COMMENT:
		fprintf(f, " /* %s */", r->comment);
		break;
	case M_LIMIT:
		fprintf(f, " limit: avg");
		print_rate(f, r->lim_avg);
		fprintf(f, " burst %u", r->lim_burst);
		break;
	case M_CONNTRACK:
	case M_STATE:
		fprintf(f, "%s %s ", r->ct_inv ? " !" : "",
			k == M_STATE ? "state" : "ctstate");
		print_ctstates(f, r->ct_states);
		break;
	case M_ADDRTYPE:
		fprintf(f, " ADDRTYPE match");
		if (r->at_src) {
			fprintf(f, " src-type");
			print_types(f, r->at_src, r->at_src_inv);
		}
		if (r->at_dst) {
			fprintf(f, " dst-type");
			print_types(f, r->at_dst, r->at_dst_inv);
		}
		break;
	}
}

static void print_mark_target(FILE *f, const struct ipt_rule *r)
{
	if (r->tg_mark == 0)
		fprintf(f, " MARK and 0x%x", ~r->tg_mask);
	else if (r->tg_mark == r->tg_mask)
		fprintf(f, " MARK or 0x%x", r->tg_mark);
	else if (r->tg_mask == 0)
		fprintf(f, " MARK xor 0x%x", r->tg_mark);
	else if (r->tg_mask == 0xffffffffu)
		fprintf(f, " MARK set 0x%x", r->tg_mark);
	else
		fprintf(f, " MARK xset 0x%x/0x%x", r->tg_mark, r->tg_mask);
}

static void print_nat_ports(FILE *f, const struct nf_nat_range *nr)
{
	fprintf(f, "%u", nr->min_port);
	if (nr->max_port != nr->min_port)
		fprintf(f, "-%u", nr->max_port);
}

static void print_nat_flags(FILE *f, const struct nf_nat_range *nr, bool save)
{
	if (nr->flags & NF_NAT_RANGE_PROTO_RANDOM)
		fprintf(f, save ? " --random" : " random");
	if (nr->flags & NF_NAT_RANGE_PROTO_RANDOM_FULLY)
		fprintf(f, save ? " --random-fully" : " random-fully");
	if (nr->flags & NF_NAT_RANGE_PERSISTENT)
		fprintf(f, save ? " --persistent" : " persistent");
}

/* SNAT/DNAT's range as both -L ("to:") and -S print it */
static void print_nat_to(FILE *f, const struct nf_nat_range *nr)
{
	char a[16];

	fprintf(f, "%s", ip_fmt(nr->min_ip, a));
	if (nr->max_ip != nr->min_ip)
		fprintf(f, "-%s", ip_fmt(nr->max_ip, a));
	if (nr->flags & NF_NAT_RANGE_PROTO_SPECIFIED) {
		fputc(':', f);
		print_nat_ports(f, nr);
	}
}

static void print_connmark(FILE *f, const struct ipt_rule *r)
{
	if (r->cm_mode == CONNMARK_SAVE)
		fprintf(f, " CONNMARK save");
	else if (r->cm_mode == CONNMARK_RESTORE)
		fprintf(f, " CONNMARK restore");
	else if (r->cm_mark == 0)
		fprintf(f, " CONNMARK and 0x%x", ~r->cm_mask);
	else if (r->cm_mark == r->cm_mask)
		fprintf(f, " CONNMARK or 0x%x", r->cm_mark);
	else if (r->cm_mask == 0xffffffffu)
		fprintf(f, " CONNMARK set 0x%x", r->cm_mark);
	else
		fprintf(f, " CONNMARK xset 0x%x/0x%x", r->cm_mark, r->cm_mask);
}

static void print_nat_target(FILE *f, const struct ipt_rule *r)
{
	const struct nf_nat_range *nr = &r->nat;

	if (r->target == TG_SNAT || r->target == TG_DNAT) {
		fprintf(f, " to:");
		print_nat_to(f, nr);
	} else if (nr->flags & NF_NAT_RANGE_PROTO_SPECIFIED) {
		fprintf(f, r->target == TG_MASQUERADE ? " masq ports: " :
			" redir ports ");
		print_nat_ports(f, nr);
	}
	print_nat_flags(f, nr, false);
}

static void print_target(FILE *f, const struct ipt_rule *r, bool num)
{
	static const char *const levels[] = { "emerg", "alert", "crit", "err",
					      "warn", "notice", "info",
					      "debug" };

	switch (r->target) {
	case TG_REJECT:
		fprintf(f, " reject-with %s", ipt_reject_names[r->reject_with]);
		break;
	case TG_LOG:
		if (num)
			fprintf(f, " LOG flags 0 level %u", r->log_level);
		else
			fprintf(f, " LOG level %s", levels[r->log_level & 7]);
		if (r->log_prefix[0])
			fprintf(f, " prefix \"%s\"", r->log_prefix);
		break;
	case TG_MARK:
		print_mark_target(f, r);
		break;
	case TG_SNAT: case TG_DNAT: case TG_MASQUERADE: case TG_REDIRECT:
		print_nat_target(f, r);
		break;
	case TG_NOTRACK:
		fprintf(f, r->ct_syntax ? " CT notrack" : " NOTRACK");
		break;
	case TG_CONNMARK:
		print_connmark(f, r);
		break;
	}
}

void ipt_rule_list(FILE *f, const struct world *w, uint32_t h, uint32_t num,
		   unsigned fmt)
{
	const struct ipt_rule *r = &w->ipt_rule[h - 1];
	bool n = fmt & FMT_NUMERIC;
	const char *pn = n ? NULL : proto_name(r->proto);
	char buf[64];

	if (fmt & FMT_LINENUMBERS)
		fprintf(f, "%-4u ", num);
	if (!(fmt & FMT_NOCOUNTS)) {
		print_num(f, r->pkts, fmt, false);
		print_num(f, r->bytes, fmt, false);
	}
	fprintf(f, "%-9s %c", list_target_name(w, r),
		r->invflags & IPT_INV_PROTO ? '!' : ' ');
	if (pn)
		fprintf(f, "%-4s ", pn);
	else
		fprintf(f, "%-4u ", r->proto);
	fprintf(f, "-- ");
	if (fmt & FMT_VIA) {
		snprintf(buf, sizeof(buf), "%s%s", r->invflags & IPT_INV_VIA_IN ?
			 "!" : "", r->iniface[0] ? r->iniface : n ? "*" : "any");
		fprintf(f, " %-6s ", buf);
		snprintf(buf, sizeof(buf), "%s%s", r->invflags & IPT_INV_VIA_OUT ?
			 "!" : "", r->outiface[0] ? r->outiface : n ? "*" : "any");
		fprintf(f, "%-6s ", buf);
	}
	addr_str(r->src, r->smsk, n, buf, sizeof(buf));
	fprintf(f, "%c%-19s ", r->invflags & IPT_INV_SRCIP ? '!' : ' ', buf);
	addr_str(r->dst, r->dmsk, n, buf, sizeof(buf));
	fprintf(f, "%c%-19s ", r->invflags & IPT_INV_DSTIP ? '!' : ' ', buf);
	if (r->target == TG_GOTO)
		fprintf(f, "[goto] ");
	for (int i = 0; i < r->nmatch; i++)
		print_match(f, r, r->match[i], n);
	print_target(f, r, n);
	fputc('\n', f);
}

static void save_string(FILE *f, const char *s)
{
	static const char plain[] = "_-0123456789abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	size_t n = strspn(s, plain);

	if (n > 0 && !s[n]) {
		fprintf(f, " %s", s);
		return;
	}
	fputs(" \"", f);
	for (; *s; s++) {
		if (strchr("\"\\'", *s))
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void save_ports(FILE *f, const char *opt, const uint16_t r[2], bool inv)
{
	if (r[0] == 0 && r[1] == 0xffff)
		return;
	fprintf(f, "%s %s %u", inv ? " !" : "", opt, r[0]);
	if (r[0] != r[1])
		fprintf(f, ":%u", r[1]);
}

static void save_match(FILE *f, const struct ipt_rule *r, int k)
{
	fprintf(f, " -m %s", ipt_match_names[k]);
	switch (k) {
	case M_TCP:
	case M_UDP:
		save_ports(f, "--sport", r->spts, r->l4_inv & 1);
		save_ports(f, "--dport", r->dpts, r->l4_inv & 2);
		if (k == M_TCP && r->tcp_flg_mask) {
			fprintf(f, "%s --tcp-flags ", r->l4_inv & 4 ? " !" : "");
			print_tcpf(f, r->tcp_flg_mask);
			fputc(' ', f);
			print_tcpf(f, r->tcp_flg_cmp);
		}
		break;
	case M_ICMP:
		fprintf(f, "%s", r->icmp_inv ? " !" : "");
		if (r->icmp_type == 0xff) {
			fprintf(f, " --icmp-type any");
			break;
		}
		fprintf(f, " --icmp-type %u", r->icmp_type);
		if (r->icmp_code[0] != 0 || r->icmp_code[1] != 0xff)
			fprintf(f, "/%u", r->icmp_code[0]);
		break;
	case M_MARK:
		fprintf(f, "%s --mark 0x%x", r->mark_inv ? " !" : "", r->mark);
		if (r->mark_mask != 0xffffffffu)
			fprintf(f, "/0x%x", r->mark_mask);
		break;
	case M_MULTIPORT:
		print_multiport(f, r, true, true);
		break;
	case M_COMMENT:
		fprintf(f, " --comment");
		save_string(f, r->comment);
		break;
	case M_LIMIT:
		fprintf(f, " --limit");
		print_rate(f, r->lim_avg);
		if (r->lim_burst != 5)
			fprintf(f, " --limit-burst %u", r->lim_burst);
		break;
	case M_CONNTRACK:
	case M_STATE:
		fprintf(f, "%s --%s ", r->ct_inv ? " !" : "",
			k == M_STATE ? "state" : "ctstate");
		print_ctstates(f, r->ct_states);
		break;
	case M_ADDRTYPE:
		if (r->at_src) {
			fprintf(f, "%s --src-type", r->at_src_inv ? " !" : "");
			print_types(f, r->at_src, false);
		}
		if (r->at_dst) {
			fprintf(f, "%s --dst-type", r->at_dst_inv ? " !" : "");
			print_types(f, r->at_dst, false);
		}
		break;
	}
}

static void save_ct_target(FILE *f, const struct ipt_rule *r)
{
	switch (r->target) {
	case TG_SNAT:
	case TG_DNAT:
		fprintf(f, r->target == TG_SNAT ? " --to-source " :
			" --to-destination ");
		print_nat_to(f, &r->nat);
		print_nat_flags(f, &r->nat, true);
		break;
	case TG_MASQUERADE:
	case TG_REDIRECT:
		if (r->nat.flags & NF_NAT_RANGE_PROTO_SPECIFIED) {
			fprintf(f, " --to-ports ");
			print_nat_ports(f, &r->nat);
		}
		print_nat_flags(f, &r->nat, true);
		break;
	case TG_CONNMARK:
		if (r->cm_mode == CONNMARK_SET)
			fprintf(f, " --set-xmark 0x%x/0x%x", r->cm_mark, r->cm_mask);
		else
			fprintf(f, " --%s-mark --nfmask 0x%x --ctmask 0x%x",
				r->cm_mode == CONNMARK_SAVE ? "save" : "restore",
				r->cm_mask, r->cm_mask);
		break;
	}
}

static void save_target(FILE *f, const struct world *w,
			const struct ipt_rule *r)
{
	if (!r->target)
		return;
	fprintf(f, " -%c %s", r->target == TG_GOTO ? 'g' : 'j',
		r->ct_syntax ? "CT --notrack" : target_name(w, r));
	save_ct_target(f, r);
	if (r->target == TG_REJECT)
		fprintf(f, " --reject-with %s", ipt_reject_names[r->reject_with]);
	if (r->target == TG_LOG) {
		if (r->log_prefix[0]) {
			fprintf(f, " --log-prefix");
			save_string(f, r->log_prefix);
		}
		if (r->log_level != 4)
			fprintf(f, " --log-level %u", r->log_level);
	}
	if (r->target == TG_MARK)
		fprintf(f, " --set-xmark 0x%x/0x%x", r->tg_mark, r->tg_mask);
}

void ipt_rule_save(FILE *f, const struct world *w, uint32_t h, bool counters)
{
	const struct ipt_rule *r = &w->ipt_rule[h - 1];
	char a[16], m[20];

	fprintf(f, "-A %s", w->ipt_chain[r->chain].name);
	if (r->smsk) {
		mask_str(r->smsk, m, sizeof(m));
		fprintf(f, "%s -s %s%s", r->invflags & IPT_INV_SRCIP ? " !" : "",
			ip_fmt(r->src, a), m[0] ? m : "/32");
	}
	if (r->dmsk) {
		mask_str(r->dmsk, m, sizeof(m));
		fprintf(f, "%s -d %s%s", r->invflags & IPT_INV_DSTIP ? " !" : "",
			ip_fmt(r->dst, a), m[0] ? m : "/32");
	}
	if (r->iniface[0])
		fprintf(f, "%s -i %s", r->invflags & IPT_INV_VIA_IN ? " !" : "",
			r->iniface);
	if (r->outiface[0])
		fprintf(f, "%s -o %s", r->invflags & IPT_INV_VIA_OUT ? " !" : "",
			r->outiface);
	if (r->proto) {
		const char *pn = proto_name(r->proto);

		fprintf(f, "%s -p ", r->invflags & IPT_INV_PROTO ? " !" : "");
		if (pn)
			fprintf(f, "%s", pn);
		else
			fprintf(f, "%u", r->proto);
	}
	for (int i = 0; i < r->nmatch; i++)
		save_match(f, r, r->match[i]);
	if (counters) /* iptables-nft -S -v: after the matches, before -j */
		fprintf(f, " -c %llu %llu", (unsigned long long)r->pkts,
			(unsigned long long)r->bytes);
	save_target(f, w, r);
	fputc('\n', f);
}

/* Built-in chains in hook order, then user chains by name. */
int ipt_chain_order(const struct world *w, enum ipt_table t, int *out)
{
	int n = 0;

	for (int h = NFH_PREROUTING; h <= NFH_POSTROUTING; h++)
		for (int c = 0; c < IPT_CHAIN_MAX; c++)
			if (w->ipt_chain[c].used && w->ipt_chain[c].table == t &&
			    w->ipt_chain[c].hook == h)
				out[n++] = c;
	int first = n;

	for (int c = 0; c < IPT_CHAIN_MAX; c++)
		if (w->ipt_chain[c].used && w->ipt_chain[c].table == t &&
		    !w->ipt_chain[c].hook) {
			int i = n++;

			while (i > first &&
			       strcmp(w->ipt_chain[out[i - 1]].name,
				      w->ipt_chain[c].name) > 0) {
				out[i] = out[i - 1];
				i--;
			}
			out[i] = c;
		}
	return n;
}

static void list_header(FILE *f, unsigned fmt)
{
	if (fmt & FMT_LINENUMBERS)
		fprintf(f, "%-4s ", "num");
	if (!(fmt & FMT_NOCOUNTS)) {
		if (fmt & FMT_KMG)
			fprintf(f, "%5s %5s ", "pkts", "bytes");
		else
			fprintf(f, "%8s %10s ", "pkts", "bytes");
	}
	fprintf(f, "%-9s  prot opt", "target");
	if (fmt & FMT_VIA)
		fprintf(f, " %-6s %-6s ", "in", "out");
	fprintf(f, " %-19s  %-19s \n", "source", "destination");
}

static void list_chain(FILE *f, const struct world *w, int c, uint32_t num,
		       unsigned fmt)
{
	const struct ipt_chain *ch = &w->ipt_chain[c];
	uint32_t i = 1;

	if (num) {
		uint32_t h = ipt_rule_at(w, c, num);

		if (h)
			ipt_rule_list(f, w, h, num, fmt);
		return;
	}
	fprintf(f, "Chain %s", ch->name);
	if (ch->hook) {
		fprintf(f, " (policy %s", nf_verdict_name((enum nf_verdict)
							  ch->policy));
		if (!(fmt & FMT_NOCOUNTS)) {
			fputc(' ', f);
			print_num(f, ch->pkts, fmt, true);
			fputs("packets, ", f);
			print_num(f, ch->bytes, fmt, true);
			fputs("bytes", f);
		}
		fprintf(f, ")\n");
	} else {
		fprintf(f, " (%u references)\n", ch->refs);
	}
	list_header(f, fmt);
	for (uint32_t h = ch->head; h; h = w->ipt_rule[h - 1].next)
		ipt_rule_list(f, w, h, i++, fmt);
}

enum cmd_status ipt_list(struct world *w, struct cmd_ctx *c,
			 enum ipt_table t, const char *chain, uint32_t num,
			 unsigned fmt)
{
	int order[IPT_CHAIN_MAX], n = ipt_chain_order(w, t, order);
	bool first = true;

	if (chain && ipt_chain_find(w, t, chain) < 0) {
		cmd_error(c, IPT_VERSION ": chain `%s' in table `%s' is "
			  "incompatible, use 'nft' tool.", chain, ipt_table_name(t));
		return CMD_FAIL;
	}
	for (int i = 0; i < n; i++) {
		if (chain && strcmp(w->ipt_chain[order[i]].name, chain))
			continue;
		if (!first)
			fputc('\n', c->out);
		first = false;
		list_chain(c->out, w, order[i], num, fmt);
	}
	return CMD_OK;
}

enum cmd_status ipt_list_rules(struct world *w, struct cmd_ctx *c,
			       enum ipt_table t, const char *chain,
			       uint32_t num, bool counters)
{
	int order[IPT_CHAIN_MAX], n = ipt_chain_order(w, t, order);

	if (chain && ipt_chain_find(w, t, chain) < 0) {
		cmd_error(c, "iptables: No chain/target/match by that name.");
		return CMD_FAIL;
	}
	for (int i = 0; i < n && !num; i++) {
		const struct ipt_chain *ch = &w->ipt_chain[order[i]];

		if (chain && strcmp(ch->name, chain))
			continue;
		if (!ch->hook) {
			fprintf(c->out, "-N %s\n", ch->name);
			continue;
		}
		fprintf(c->out, "-P %s %s", ch->name,
			nf_verdict_name((enum nf_verdict)ch->policy));
		if (counters)
			fprintf(c->out, " -c %llu %llu",
				(unsigned long long)ch->pkts,
				(unsigned long long)ch->bytes);
		fputc('\n', c->out);
	}
	for (int i = 0; i < n; i++) {
		const struct ipt_chain *ch = &w->ipt_chain[order[i]];
		uint32_t k = 1;

		if (chain && strcmp(ch->name, chain))
			continue;
		for (uint32_t h = ch->head; h; h = w->ipt_rule[h - 1].next, k++)
			if (!num || k == num)
				ipt_rule_save(c->out, w, h, counters);
	}
	return CMD_OK;
}

/* ---- iptables-save ---- */

static void save_time(const struct world *w, char *buf, size_t n)
{
	time_t t = (time_t)(w->now / 1000000000ull);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%a %b %e %H:%M:%S %Y", &tm);
}

static void save_table(FILE *f, const struct world *w, enum ipt_table t,
		       bool counters)
{
	int order[IPT_CHAIN_MAX], n = ipt_chain_order(w, t, order);
	char when[64];

	save_time(w, when, sizeof(when));
	fprintf(f, "# Generated by iptables-save v1.8.9 (nf_tables) on %s\n*%s\n",
		when, ipt_table_name(t));
	for (int i = 0; i < n; i++) {
		const struct ipt_chain *ch = &w->ipt_chain[order[i]];

		fprintf(f, ":%s %s [%llu:%llu]\n", ch->name, ch->hook ?
			nf_verdict_name((enum nf_verdict)ch->policy) : "-",
			(unsigned long long)ch->pkts, (unsigned long long)ch->bytes);
	}
	for (int i = 0; i < n; i++)
		for (uint32_t h = w->ipt_chain[order[i]].head; h;
		     h = w->ipt_rule[h - 1].next) {
			if (counters)
				fprintf(f, "[%llu:%llu] ",
					(unsigned long long)w->ipt_rule[h - 1].pkts,
					(unsigned long long)w->ipt_rule[h - 1].bytes);
			ipt_rule_save(f, w, h, false);
		}
	fprintf(f, "COMMIT\n# Completed on %s\n", when);
}

enum cmd_status cmd_iptables_save(struct world *w, struct cmd_ctx *c,
				  int argc, char **argv)
{
	bool counters = false;
	int table = -1;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--counters")) {
			counters = true;
		} else if ((!strcmp(argv[i], "-t") || !strcmp(argv[i], "--table")) &&
			   i + 1 < argc) {
			if ((table = ipt_table_by_name(argv[++i])) < 0) {
				cmd_error(c, "iptables-save: Table '%s' does not "
					  "exist", argv[i]);
				return CMD_FAIL;
			}
		} else {
			cmd_error(c, "Unknown arguments found on commandline");
			return CMD_USAGE;
		}
	}
	/* xtables-save walks enum nft_table_type: mangle, security, raw,
	 * filter, nat */
	static const uint8_t order[] = { IPT_MANGLE, IPT_RAW, IPT_FILTER, IPT_NAT };

	for (size_t i = 0; i < sizeof(order); i++)
		if (w->ipt_registered[order[i]] && (table < 0 || table == order[i]))
			save_table(c->out, w, (enum ipt_table)order[i], counters);
	return CMD_OK;
}

/* ---- dmesg: the kernel log, with seconds since boot ---- */

enum cmd_status cmd_dmesg(struct world *w, struct cmd_ctx *c, int argc,
			  char **argv)
{
	const struct nf_log *l = &w->nflog;
	uint32_t first = l->count > NF_LOG_LINES ? l->count - NF_LOG_LINES : 0;

	if (argc > 1 && (!strcmp(argv[1], "-C") || !strcmp(argv[1], "--clear"))) {
		w->nflog.count = 0;
		return CMD_OK;
	}
	if (argc > 1) {
		cmd_error(c, "dmesg: unrecognized option '%s'", argv[1]);
		return CMD_USAGE;
	}
	char line[NF_LOG_LEN + 32];

	for (uint32_t i = first; i < l->count; i++)
		if (nf_log_format(l, i, line, sizeof(line)))
			fprintf(c->out, "%s\n", line);
	return CMD_OK;
}
