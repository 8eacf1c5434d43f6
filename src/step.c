/* step.c: step records; see step.h. */
#include "step.h"

#include <stdio.h>
#include <string.h>

#include "pkt.h"

void step_add_delta(struct step *s, uint8_t kind, uint8_t dev, uint16_t id,
		    uint32_t delta)
{
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
