/*
 * explain.c: the explanation table, built at compile time from
 * explain-en.def and explain-zh_CN.def (DESIGN.md rule 8, STYLE.md rule 6).
 *
 * The keys are not written here: enum explain_key is generated from the
 * vocabularies' own X-macros (STAGES, DROP_REASONS, SNMP_COUNTERS,
 * DEV_COUNTERS, SOFTNET_COUNTERS), so a stage or counter added there needs
 * a line in each .def file before this file compiles again:
 *   - a line whose key is not in a vocabulary is an undeclared identifier;
 *   - a line given twice is a duplicate enumerator (EXPLAIN_SEEN_*);
 *   - with neither, a _Static_assert checks that each file has exactly one
 *     line per key, so no key can be missing.
 * The table is const: no mutable state (STYLE.md rule 10).
 */
#include "explain.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

enum explain_key {
	EK_NONE,
#define _(id, fn, file, fl, cost) EK_STAGE_##id,
	STAGES(_)
#undef _
#define _(n) EK_DROP_##n,
	DROP_REASONS(_)
#undef _
#define _(n, row, col) EK_SNMP_##n,
	SNMP_COUNTERS(_)
#undef _
#define _(n) EK_DEV_##n,
	DEV_COUNTERS(_)
#undef _
#define _(n) EK_SOFTNET_##n,
	SOFTNET_COUNTERS(_)
#undef _
	EK_ICMPMSG_InType,      /* IcmpMsgInTypeN, any N */
	EK_ICMPMSG_OutType,     /* IcmpMsgOutTypeN, any N */
	EK__COUNT
};

/* Where each vocabulary starts: its enum runs in the same order as its
 * X-macro, and stages and drop reasons start at 1 (0 is their NONE). */
enum {
	EK_STAGE_FIRST = EK_NONE + 1,
	EK_DROP_FIRST = EK_STAGE_FIRST + STAGE__COUNT - 1,
	EK_SNMP_FIRST = EK_DROP_FIRST + DROP__COUNT - 1,
	EK_DEV_FIRST = EK_SNMP_FIRST + CTR__COUNT,
	EK_SOFTNET_FIRST = EK_DEV_FIRST + DEVC__COUNT,
	EK_ICMPMSG_FIRST = EK_SOFTNET_FIRST + SNC__COUNT,
};

_Static_assert((int)EK_ICMPMSG_FIRST == (int)EK_ICMPMSG_InType,
	       "explain_key must list the vocabularies in full, in order");

/* One enumerator per .def line: a repeated line does not compile. */
#define EXPLAIN(kind, id, text) EXPLAIN_SEEN_EN_##kind##_##id,
enum explain_seen_en {
#include "explain-en.def"
	EXPLAIN_EN_LINES
};
#undef EXPLAIN

#define EXPLAIN(kind, id, text) EXPLAIN_SEEN_ZH_CN_##kind##_##id,
enum explain_seen_zh_cn {
#include "explain-zh_CN.def"
	EXPLAIN_ZH_CN_LINES
};
#undef EXPLAIN

_Static_assert((int)EXPLAIN_EN_LINES == (int)EK__COUNT - 1,
	       "explain-en.def needs exactly one line per stage, drop reason "
	       "and counter");
_Static_assert((int)EXPLAIN_ZH_CN_LINES == (int)EK__COUNT - 1,
	       "explain-zh_CN.def needs exactly one line per stage, drop "
	       "reason and counter");

#define EXPLAIN(kind, id, text) [EK_##kind##_##id] = text,
static const char *const explain_text[LANG__COUNT][EK__COUNT] = {
	[LANG_EN] = {
#include "explain-en.def"
	},
	[LANG_ZH_CN] = {
#include "explain-zh_CN.def"
	},
};
#undef EXPLAIN

static const char *explain_key_text(int key, enum explain_lang l)
{
	if ((unsigned)l >= LANG__COUNT)
		l = LANG_EN;
	return explain_text[l][key];
}

const char *explain_stage(enum stage s, enum explain_lang l)
{
	if (s == STAGE_NONE || (unsigned)s >= STAGE__COUNT)
		return NULL;
	return explain_key_text(EK_STAGE_FIRST + (int)s - 1, l);
}

const char *explain_drop(enum drop_reason r, enum explain_lang l)
{
	if (r == DROP_NONE || (unsigned)r >= DROP__COUNT)
		return NULL;
	return explain_key_text(EK_DROP_FIRST + (int)r - 1, l);
}

const char *explain_snmp(enum snmp_counter c, enum explain_lang l)
{
	if ((unsigned)c >= CTR__COUNT)
		return NULL;
	return explain_key_text(EK_SNMP_FIRST + (int)c, l);
}

const char *explain_dev(enum dev_counter c, enum explain_lang l)
{
	if ((unsigned)c >= DEVC__COUNT)
		return NULL;
	return explain_key_text(EK_DEV_FIRST + (int)c, l);
}

const char *explain_softnet(enum softnet_counter c, enum explain_lang l)
{
	if ((unsigned)c >= SNC__COUNT)
		return NULL;
	return explain_key_text(EK_SOFTNET_FIRST + (int)c, l);
}

/* "IcmpMsgInType8" -> true when name is prefix + a type number 0-255. */
static bool icmpmsg_name(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	unsigned type = 0;
	const char *p;

	if (strncmp(name, prefix, n) || !name[n])
		return false;
	for (p = name + n; *p; p++) {
		if (*p < '0' || *p > '9' || p - (name + n) >= 3)
			return false;
		type = type * 10 + (unsigned)(*p - '0');
	}
	return type < ICMP_MSG_TYPES;
}

const char *explain_counter(const char *name, enum explain_lang l)
{
	int c;

	if (!name)
		return NULL;
	if ((c = snmp_counter_by_name(name)) >= 0)
		return explain_snmp((enum snmp_counter)c, l);
	if ((c = dev_counter_by_name(name)) >= 0)
		return explain_dev((enum dev_counter)c, l);
	for (c = 0; c < SNC__COUNT; c++) {
		enum softnet_counter sc = (enum softnet_counter)c;

		if (!strcmp(softnet_counter_name(sc), name))
			return explain_softnet(sc, l);
	}
	if (icmpmsg_name(name, "IcmpMsgInType"))
		return explain_key_text(EK_ICMPMSG_InType, l);
	if (icmpmsg_name(name, "IcmpMsgOutType"))
		return explain_key_text(EK_ICMPMSG_OutType, l);
	return NULL;
}

/* One locale entry, len bytes: its language part is what comes before the
 * first '.' (codeset) or '@' (modifier).  Returns 1 for English, 2 for
 * Simplified Chinese, 0 for a language the table does not have. */
static int locale_entry_lang(const char *e, size_t len)
{
	size_t n = 0;

	while (n < len && e[n] != '.' && e[n] != '@')
		n++;
	if ((n == 1 && e[0] == 'C') || (n == 5 && !strncmp(e, "POSIX", 5)))
		return 1;
	if (n >= 2 && !strncmp(e, "en", 2) && (n == 2 || e[2] == '_'))
		return 1;
	if (n < 2 || strncmp(e, "zh", 2) || (n > 2 && e[2] != '_' &&
					      e[2] != '-'))
		return 0;
	if (n == 2)
		return 2;
	e += 3;
	n -= 3;
	if ((n == 2 && (!strncmp(e, "CN", 2) || !strncmp(e, "SG", 2))) ||
	    (n >= 4 && !strncmp(e, "Hans", 4)))
		return 2;
	return 0;
}

enum explain_lang explain_lang_from_locale(const char *lang_env)
{
	const char *p = lang_env;

	while (p && *p) {
		size_t len = strcspn(p, ":");

		switch (locale_entry_lang(p, len)) {
		case 1:
			return LANG_EN;
		case 2:
			return LANG_ZH_CN;
		}
		p += len;
		if (*p == ':')
			p++;
	}
	return LANG_EN;
}
