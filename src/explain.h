/*
 * explain.h: the explanation table (DESIGN.md rule 8).
 *
 * One short explanation, in English and in Simplified Chinese, for every
 * stage (stages.h), every drop reason (dropreason.h) and every counter
 * (counters.h: SNMP, device and softnet), keyed by the vocabulary's own ids.
 * The text lives in explain-en.def and explain-zh_CN.def, one line each:
 *   EXPLAIN(STAGE, ip_rcv_core, "...")    EXPLAIN(DROP, NO_SOCKET, "...")
 *   EXPLAIN(SNMP, IpInReceives, "...")    EXPLAIN(DEV, rx_dropped, "...")
 *   EXPLAIN(SOFTNET, time_squeeze, "...")
 * plus two lines for the per-type ICMP counters (ICMPMSG InType / OutType).
 * explain.c refuses to compile if a line is missing, repeated or unknown.
 *
 * Ownership: every string returned is static, UTF-8 and NUL-terminated; it
 * stays valid for the life of the program and is never freed.  The text
 * describes Linux 6.x and says where netstep's model is simpler.
 */
#ifndef NETSTEP_SRC_EXPLAIN_H
#define NETSTEP_SRC_EXPLAIN_H

#include "counters.h"
#include "dropreason.h"
#include "stages.h"

enum explain_lang {
	LANG_EN,
	LANG_ZH_CN,
	LANG__COUNT
};

/*
 * Each lookup returns the entry for its key, never NULL and never "" for a
 * member of the vocabulary.  NULL means the key is not in it: STAGE_NONE,
 * DROP_NONE, a value past the end, or an unknown counter name.  A language
 * outside enum explain_lang reads as LANG_EN.
 */
const char *explain_stage(enum stage s, enum explain_lang l);
const char *explain_drop(enum drop_reason r, enum explain_lang l);
const char *explain_snmp(enum snmp_counter c, enum explain_lang l);
const char *explain_dev(enum dev_counter c, enum explain_lang l);
const char *explain_softnet(enum softnet_counter c, enum explain_lang l);

/*
 * A counter by the name batch output and `nstat -az` use: an SNMP name
 * ("IpInReceives", "UdpNoPorts"), a device field ("rx_dropped"), a softnet
 * column ("time_squeeze"), or a per-type ICMP counter ("IcmpMsgInType8",
 * "IcmpMsgOutType3", type 0-255).  NULL for any other name.
 */
const char *explain_counter(const char *nstat_or_dev_name,
			    enum explain_lang l);

/*
 * The language for a locale string such as $LC_ALL, $LC_MESSAGES, $LANG or
 * a $LANGUAGE list ("fr:zh_CN:en"), read as gettext reads a list: entries
 * this table has no language for are skipped, and the first other one wins.
 * Simplified Chinese (zh_CN, zh_SG, zh_Hans, bare zh; any .codeset or
 * @modifier) gives LANG_ZH_CN; "C", "POSIX" and en* give LANG_EN; other
 * languages, Traditional Chinese (zh_TW, zh_HK, zh_Hant) included, are
 * skipped.  NULL, "" or nothing recognised gives LANG_EN.
 */
enum explain_lang explain_lang_from_locale(const char *lang_env);

#endif
