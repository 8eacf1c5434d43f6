/* step.c: step records; see step.h. */
#include "step.h"

#include <stdio.h>
#include <string.h>

#include "nf_ct.h"
#include "pkt.h"

void step_add_delta(struct step *s, uint8_t kind, uint8_t dev, uint16_t id,
		    uint32_t delta)
{
	if (s->lean)                 /* nobody reads a lean step's deltas */
		return;
	for (int i = 0; i < s->ndeltas; i++) {
		struct ctr_delta *d = &s->deltas[i];

		if (d->kind == kind && d->dev == dev && d->id == id) {
			d->delta += delta;
			return;
		}
	}
	if (s->ndeltas < STEP_MAX_DELTAS)
		s->deltas[s->ndeltas++] = (struct ctr_delta){ kind, dev, id,
							      delta };
}

char *step_note_format(const struct step *s, char *buf, size_t n)
{
	const char *f = s->note;
	size_t o = 0;
	int arg = 0;

	buf[0] = 0;
	if (!f)
		return buf;
	while (*f && o + 1 < n) {
		char tmp[32];
		const char *ins = tmp;

		if (*f != '%' || !f[1]) {
			buf[o++] = *f++;
			continue;
		}
		int64_t v = arg < 4 ? s->note_arg[arg] : 0;

		switch (f[1]) {
		case 'u':
			snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v);
			arg++;
			break;
		case 'd':
			snprintf(tmp, sizeof(tmp), "%lld", (long long)v);
			arg++;
			break;
		case 'x':
			snprintf(tmp, sizeof(tmp), "%llx", (unsigned long long)v);
			arg++;
			break;
		case 'I':
			ip_fmt((uint32_t)v, tmp);
			arg++;
			break;
		case 's':
			ins = s->note_str ? s->note_str : "";
			break;
		case 'T':
			ins = nf_ct_tcp_state_name((uint8_t)v);
			arg++;
			break;
		default:
			snprintf(tmp, sizeof(tmp), "%c", f[1]);
		}
		size_t l = strlen(ins);

		if (o + l >= n)
			l = n - o - 1;
		memcpy(buf + o, ins, l);
		o += l;
		f += 2;
	}
	buf[o] = 0;
	return buf;
}

char *step_delta_name(const struct world *w, const struct ctr_delta *d,
		      char *buf, size_t n)
{
	switch (d->kind) {
	case CK_SNMP:
		snprintf(buf, n, "%s", snmp_counter_name(d->id));
		break;
	case CK_DEV:
		snprintf(buf, n, "%s %s", w->dev[d->dev].name,
			 dev_counter_name(d->id));
		break;
	case CK_SOFTNET:
		snprintf(buf, n, "softnet %s", softnet_counter_name(d->id));
		break;
	case CK_ICMPMSG_IN:
		snprintf(buf, n, "IcmpMsgInType%u", d->id);
		break;
	default:
		snprintf(buf, n, "IcmpMsgOutType%u", d->id);
	}
	return buf;
}

const char *ctx_name(enum ctx c)
{
	static const char *const n[] = { "none", "hardware", "hardirq",
					 "softirq", "ksoftirqd", "process" };

	return (unsigned)c < CTX__COUNT ? n[c] : "none";
}

const char *fate_name(enum fate f)
{
	static const char *const n[] = { "", "delivered", "consumed",
					 "forwarded", "transmitted", "dropped",
					 "queued" };

	return (unsigned)f <= FATE_QUEUED ? n[f] : "";
}

const char *nf_hook_name(enum nf_hook_id h)
{
	static const char *const n[] = { "", "PREROUTING", "INPUT", "FORWARD",
					 "OUTPUT", "POSTROUTING" };

	return (unsigned)h <= NFH_POSTROUTING ? n[h] : "";
}

const char *rtn_type_name(int type)
{
	static const char *const n[] = { "unspec", "unicast", "local",
					 "broadcast", "anycast", "multicast",
					 "blackhole", "unreachable", "prohibit",
					 "throw", "nat" };

	return type >= 0 && type <= RTN_NAT ? n[type] : "unknown";
}

static const char *table_name(uint32_t t, char buf[12])
{
	if (t == RT_TABLE_LOCAL || t == RT_TABLE_MAIN || t == RT_TABLE_DEFAULT)
		return t == RT_TABLE_LOCAL ? "local" : t == RT_TABLE_MAIN ?
		       "main" : "default";
	snprintf(buf, 12, "%u", t);
	return buf;
}

char *step_route_format(const struct world *w, const struct step *s,
			bool zh, char *buf, size_t n)
{
	char t[12], dst[16], gw[16];
	size_t len;

	buf[0] = '\0';
	if (!s->has_route)
		return buf;
	if (s->route_table)
		snprintf(buf, n, zh ? "路由：规则 %u → 表 %s → %s/%u：" :
			 "route: rule %u -> table %s -> %s/%u: ",
			 s->route_rule, table_name(s->route_table, t),
			 ip_fmt(s->route_dst, dst), s->route_plen);
	else
		snprintf(buf, n, zh ? "路由（未查 FIB）：" :
			 "route (no FIB lookup): ");
	len = strlen(buf);
	snprintf(buf + len, n - len, "%s%s%s dev %s", s->route_err ?
		 "error " : rtn_type_name(s->route_type),
		 s->route_gw ? " via " : "",
		 s->route_gw ? ip_fmt(s->route_gw, gw) : "",
		 s->route_dev && s->route_dev < MAX_DEV ?
		 w->dev[s->route_dev].name : "-");
	return buf;
}
