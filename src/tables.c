/* tables.c: names for the X-macro vocabularies (dropreason.h, counters.h,
 * stages.h, sysctl.h).  Each list is written once, in its header. */
#include "counters.h"
#include "dropreason.h"
#include "stages.h"
#include "sysctl.h"

#include <string.h>

static const char *const drop_names[] = {
	"",
#define _(n) #n,
	DROP_REASONS(_)
#undef _
};

const char *drop_reason_name(enum drop_reason r)
{
	return (unsigned)r < DROP__COUNT ? drop_names[r] : "";
}

enum drop_reason drop_reason_by_name(const char *name)
{
	for (int i = 1; i < DROP__COUNT; i++)
		if (!strcmp(drop_names[i], name))
			return (enum drop_reason)i;
	return DROP_NONE;
}

static const struct { const char *name, *row, *col; } snmp_names[] = {
#define _(n, row, col) { #n, row, col },
	SNMP_COUNTERS(_)
#undef _
};

const char *snmp_counter_name(enum snmp_counter c)
{
	return snmp_names[c].name;
}

const char *snmp_counter_row(enum snmp_counter c)
{
	return snmp_names[c].row;
}

const char *snmp_counter_col(enum snmp_counter c)
{
	return snmp_names[c].col;
}

int snmp_counter_by_name(const char *name)
{
	for (int i = 0; i < CTR__COUNT; i++)
		if (!strcmp(snmp_names[i].name, name))
			return i;
	return -1;
}

static const char *const dev_names[] = {
#define _(n) #n,
	DEV_COUNTERS(_)
#undef _
};

const char *dev_counter_name(enum dev_counter c)
{
	return dev_names[c];
}

int dev_counter_by_name(const char *name)
{
	for (int i = 0; i < DEVC__COUNT; i++)
		if (!strcmp(dev_names[i], name))
			return i;
	return -1;
}

static const char *const softnet_names[] = {
#define _(n) #n,
	SOFTNET_COUNTERS(_)
#undef _
};

const char *softnet_counter_name(enum softnet_counter c)
{
	return softnet_names[c];
}

static const struct stage_info stages[] = {
	{ "", "", "", 0, 0 },
#define _(id, fn, file, fl, cost) { fn, file, #id, fl, cost },
	STAGES(_)
#undef _
};

const struct stage_info *stage_info(enum stage s)
{
	return (unsigned)s < STAGE__COUNT ? &stages[s] : &stages[0];
}

enum stage stage_by_func(const char *func)
{
	for (int i = 1; i < STAGE__COUNT; i++)
		if (!strcmp(stages[i].func, func))
			return (enum stage)i;
	return STAGE_NONE;
}

enum stage stage_by_key(const char *key)
{
	for (int i = 1; i < STAGE__COUNT; i++)
		if (!strcmp(stages[i].key, key))
			return (enum stage)i;
	return STAGE_NONE;
}

static const struct sysctl_info sysctls[] = {
#define _(id, key, def, lo, hi) { key, def, lo, hi },
	SYSCTLS(_)
#undef _
};

const struct sysctl_info *sysctl_info(enum sysctl_id id)
{
	return &sysctls[id];
}

int sysctl_by_key(const char *key)
{
	for (int i = 0; i < SYS__COUNT; i++)
		if (!strcmp(sysctls[i].key, key))
			return i;
	return -1;
}

static const struct {
	const char *key;
	int dall, ddef;
	enum conf_combine comb;
} confs[] = {
#define _(id, key, dall, ddef, comb) { key, dall, ddef, comb },
	IPV4_CONF(_)
#undef _
};

const char *ipv4_conf_key(enum ipv4_conf_id id)
{
	return confs[id].key;
}

int ipv4_conf_by_key(const char *key)
{
	for (int i = 0; i < CONF__COUNT; i++)
		if (!strcmp(confs[i].key, key))
			return i;
	return -1;
}

int ipv4_conf_default(enum ipv4_conf_id id, int is_all)
{
	return is_all ? confs[id].dall : confs[id].ddef;
}

enum conf_combine ipv4_conf_combine(enum ipv4_conf_id id)
{
	return confs[id].comb;
}
