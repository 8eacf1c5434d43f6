/*
 * test_explain.c: the explanation table (explain.c, DESIGN.md rule 8).
 *
 * Every stage, drop reason and counter of the vocabularies must have a
 * non-empty explanation in both languages; the Chinese ones must be Chinese
 * (CJK characters are three UTF-8 bytes, the first 0xE4 to 0xE9), the
 * English ones plain ASCII.  explain.c already refuses to compile with a
 * line missing; this checks the same from outside, through the API.
 */
#include "testlib.h"
#include "explain.h"

#define EXPLAIN_MAX_BYTES 1000   /* 1-3 sentences; anything longer is a bug */

static bool has_cjk(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0xE4)
			return true;
	return false;
}

static bool is_ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x80)
			return false;
	return true;
}

/* Checks both languages of one entry; what names it in a failure. */
static void check_entry(const char *what, const char *en, const char *zh)
{
	if (!en || !*en || !zh || !*zh)
		print_error("no explanation for %s (en %s, zh_CN %s)\n", what,
			    en && *en ? "ok" : "missing",
			    zh && *zh ? "ok" : "missing");
	assert_non_null(en);
	assert_non_null(zh);
	assert_true(*en);
	assert_true(*zh);
	if (!has_cjk(zh))
		print_error("zh_CN text of %s has no CJK character\n", what);
	assert_true(has_cjk(zh));
	if (!is_ascii(en))
		print_error("en text of %s is not plain ASCII\n", what);
	assert_true(is_ascii(en));
	assert_string_not_equal(en, zh);
	assert_true(strlen(en) < EXPLAIN_MAX_BYTES);
	assert_true(strlen(zh) < EXPLAIN_MAX_BYTES);
}

static void test_every_stage(void **state)
{
	(void)state;
	for (int s = 1; s < STAGE__COUNT; s++)
		check_entry(stage_info((enum stage)s)->key,
			    explain_stage((enum stage)s, LANG_EN),
			    explain_stage((enum stage)s, LANG_ZH_CN));
	assert_null(explain_stage(STAGE_NONE, LANG_EN));
	assert_null(explain_stage(STAGE__COUNT, LANG_ZH_CN));
}

static void test_every_drop_reason(void **state)
{
	(void)state;
	for (int r = 1; r < DROP__COUNT; r++)
		check_entry(drop_reason_name((enum drop_reason)r),
			    explain_drop((enum drop_reason)r, LANG_EN),
			    explain_drop((enum drop_reason)r, LANG_ZH_CN));
	assert_null(explain_drop(DROP_NONE, LANG_EN));
	assert_null(explain_drop(DROP__COUNT, LANG_EN));
}

static void test_every_snmp_counter(void **state)
{
	(void)state;
	for (int c = 0; c < CTR__COUNT; c++) {
		const char *name = snmp_counter_name((enum snmp_counter)c);

		check_entry(name, explain_counter(name, LANG_EN),
			    explain_counter(name, LANG_ZH_CN));
		assert_ptr_equal(explain_counter(name, LANG_EN),
				 explain_snmp((enum snmp_counter)c, LANG_EN));
		assert_ptr_equal(explain_counter(name, LANG_ZH_CN),
				 explain_snmp((enum snmp_counter)c,
					      LANG_ZH_CN));
	}
}

static void test_every_dev_counter(void **state)
{
	(void)state;
	for (int c = 0; c < DEVC__COUNT; c++) {
		const char *name = dev_counter_name((enum dev_counter)c);

		check_entry(name, explain_counter(name, LANG_EN),
			    explain_counter(name, LANG_ZH_CN));
		assert_ptr_equal(explain_counter(name, LANG_EN),
				 explain_dev((enum dev_counter)c, LANG_EN));
	}
}

static void test_every_softnet_counter(void **state)
{
	(void)state;
	for (int c = 0; c < SNC__COUNT; c++) {
		enum softnet_counter sc = (enum softnet_counter)c;
		const char *name = softnet_counter_name(sc);

		check_entry(name, explain_counter(name, LANG_EN),
			    explain_counter(name, LANG_ZH_CN));
		assert_ptr_equal(explain_counter(name, LANG_ZH_CN),
				 explain_softnet(sc, LANG_ZH_CN));
	}
}

/* The per-type ICMP counters batch output prints (IcmpMsgOutType3...). */
static void test_icmpmsg_counters(void **state)
{
	(void)state;
	check_entry("IcmpMsgInType8",
		    explain_counter("IcmpMsgInType8", LANG_EN),
		    explain_counter("IcmpMsgInType8", LANG_ZH_CN));
	check_entry("IcmpMsgOutType3",
		    explain_counter("IcmpMsgOutType3", LANG_EN),
		    explain_counter("IcmpMsgOutType3", LANG_ZH_CN));
	assert_ptr_equal(explain_counter("IcmpMsgInType0", LANG_EN),
			 explain_counter("IcmpMsgInType255", LANG_EN));
	assert_null(explain_counter("IcmpMsgInType256", LANG_EN));
	assert_null(explain_counter("IcmpMsgInType", LANG_EN));
	assert_null(explain_counter("IcmpMsgOutTypeX", LANG_EN));
}

static void test_unknown_names(void **state)
{
	(void)state;
	assert_null(explain_counter("NoSuchCounter", LANG_EN));
	assert_null(explain_counter("", LANG_ZH_CN));
	assert_null(explain_counter(NULL, LANG_EN));
	/* a language outside the enum reads as English */
	assert_ptr_equal(explain_stage(ST_ip_rcv_core, (enum explain_lang)7),
			 explain_stage(ST_ip_rcv_core, LANG_EN));
}

/* The table says what the engine does: spot-check a few keys. */
static void test_keys_match_their_subject(void **state)
{
	(void)state;
	assert_non_null(strstr(explain_stage(ST_ip_rcv_core, LANG_EN),
			       "InHdrErrors"));
	assert_non_null(strstr(explain_drop(DROP_CPU_BACKLOG, LANG_EN),
			       "netdev_max_backlog"));
	assert_non_null(strstr(explain_counter("time_squeeze", LANG_EN),
			       "netdev_budget"));
	assert_non_null(strstr(explain_counter("UdpInDatagrams", LANG_ZH_CN),
			       "udp_recvmsg"));
	assert_non_null(strstr(explain_drop(DROP_NO_SOCKET, LANG_ZH_CN),
			       "套接字"));
}

static void test_lang_from_locale(void **state)
{
	(void)state;
	assert_int_equal(explain_lang_from_locale("zh_CN.UTF-8"), LANG_ZH_CN);
	assert_int_equal(explain_lang_from_locale("zh_CN"), LANG_ZH_CN);
	assert_int_equal(explain_lang_from_locale("zh_CN.utf8"), LANG_ZH_CN);
	assert_int_equal(explain_lang_from_locale("zh_SG.UTF-8"), LANG_ZH_CN);
	assert_int_equal(explain_lang_from_locale("zh"), LANG_ZH_CN);
	assert_int_equal(explain_lang_from_locale("C"), LANG_EN);
	assert_int_equal(explain_lang_from_locale("C.UTF-8"), LANG_EN);
	assert_int_equal(explain_lang_from_locale("POSIX"), LANG_EN);
	assert_int_equal(explain_lang_from_locale("en_US.UTF-8"), LANG_EN);
	assert_int_equal(explain_lang_from_locale(NULL), LANG_EN);
	assert_int_equal(explain_lang_from_locale(""), LANG_EN);
	assert_int_equal(explain_lang_from_locale("zh_TW.UTF-8"), LANG_EN);
	assert_int_equal(explain_lang_from_locale("fr_FR.UTF-8"), LANG_EN);
	assert_int_equal(explain_lang_from_locale("zhx_CN"), LANG_EN);
	/* $LANGUAGE lists: skip what the table lacks, first match wins */
	assert_int_equal(explain_lang_from_locale("fr:zh_CN:en"), LANG_ZH_CN);
	assert_int_equal(explain_lang_from_locale("en_GB:zh_CN"), LANG_EN);
	assert_int_equal(explain_lang_from_locale("zh_TW:zh_CN"), LANG_ZH_CN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_stage),
		cmocka_unit_test(test_every_drop_reason),
		cmocka_unit_test(test_every_snmp_counter),
		cmocka_unit_test(test_every_dev_counter),
		cmocka_unit_test(test_every_softnet_counter),
		cmocka_unit_test(test_icmpmsg_counters),
		cmocka_unit_test(test_unknown_names),
		cmocka_unit_test(test_keys_match_their_subject),
		cmocka_unit_test(test_lang_from_locale),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
