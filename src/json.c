/* json.c: the JSON writer; see json.h. */
#include "json.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void json_init(struct json *j)
{
	memset(j, 0, sizeof(*j));
}

void json_free(struct json *j)
{
	free(j->buf);
	memset(j, 0, sizeof(*j));
}

void json_reset(struct json *j)
{
	j->len = 0;
	j->need_comma = false;
}

/* Makes room for n more bytes and a NUL. */
static void reserve(struct json *j, size_t n)
{
	if (__builtin_expect(j->len + n + 1 > j->cap, 0))
		json_grow(j, n);
}

void json_grow(struct json *j, size_t n)
{
	size_t cap;
	char *nb;

	cap = j->cap ? j->cap : 256;
	while (cap < j->len + n + 1)
		cap *= 2;
	nb = realloc(j->buf, cap);
	if (!nb)
		abort();
	j->buf = nb;
	j->cap = cap;
}

static void put(struct json *j, const char *s, size_t n)
{
	reserve(j, n);
	memcpy(j->buf + j->len, s, n);
	j->len += n;
}

static void puts_(struct json *j, const char *s)
{
	put(j, s, strlen(s));
}

/* True when one of the n bytes at s is a control character, '"' or '\\'.
 * Eight bytes at a time (the has-less-than and has-zero-byte tricks):
 * every packet's fate has a summary to check. */
static bool any_special(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, high = ones << 7;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t v, q, b;

		memcpy(&v, s + i, 8);
		q = v ^ (ones * '"');
		b = v ^ (ones * '\\');
		if ((((v - ones * 0x20) & ~v) | ((q - ones) & ~q) |
		     ((b - ones) & ~b)) & high)
			return true;
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == '"' || s[i] == '\\')
			return true;
	return false;
}

/* One pass over s into room reserved for the worst case (every byte
 * \u00XX); a string with nothing to escape is one copy. */
static void put_escaped(struct json *j, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t l = strlen(s);
	char *o;
	unsigned char c;

	reserve(j, 6 * l + 2);
	if (!any_special(s, l)) {
		o = j->buf + j->len;
		o[0] = '"';
		memcpy(o + 1, s, l);
		o[l + 1] = '"';
		j->len += l + 2;
		return;
	}
	o = j->buf + j->len;
	*o++ = '"';
	for (;;) {
		/* the plain run: most strings are all of it */
		while ((c = (unsigned char)*s) >= 0x20 && c != '"' && c != '\\')
			*o++ = (char)c, s++;
		if (!c)
			break;
		s++;
		if (c >= 0x20) {
			*o++ = '\\';
			*o++ = (char)c;
		} else {
			memcpy(o, "\\u00", 4);
			o[4] = hex[c >> 4];
			o[5] = hex[c & 15];
			o += 6;
		}
	}
	*o++ = '"';
	j->len = (size_t)(o - j->buf);
}

/* Keys are the program's own identifiers: nothing in them to escape. */
static void key(struct json *j, const char *k)
{
	char tmp[64];
	size_t n = 0;

	if (j->need_comma)
		tmp[n++] = ',';
	if (k) {
		size_t l = strlen(k);

		if (l > sizeof(tmp) - 5) {
			put(j, tmp, n);
			put_escaped(j, k);
			put(j, ":", 1);
			j->need_comma = true;
			return;
		}
		tmp[n++] = '"';
		memcpy(tmp + n, k, l);
		n += l;
		tmp[n++] = '"';
		tmp[n++] = ':';
	}
	put(j, tmp, n);
	j->need_comma = true;
}

void json_obj_open(struct json *j)
{
	if (j->need_comma)
		put(j, ",", 1);
	put(j, "{", 1);
	j->need_comma = false;
}

void json_key_obj(struct json *j, const char *k)
{
	key(j, k);
	put(j, "{", 1);
	j->need_comma = false;
}

void json_obj_close(struct json *j)
{
	put(j, "}", 1);
	j->need_comma = true;
}

void json_arr_open(struct json *j, const char *k)
{
	key(j, k);
	put(j, "[", 1);
	j->need_comma = false;
}

void json_arr_close(struct json *j)
{
	put(j, "]", 1);
	j->need_comma = true;
}

void json_str(struct json *j, const char *k, const char *v)
{
	key(j, k);
	put_escaped(j, v);
}

void json_u64(struct json *j, const char *k, uint64_t v)
{
	key(j, k);
	json_raw_u64(j, v);
}

void json_raw_str(struct json *j, const char *v)
{
	put_escaped(j, v);
}

void json_raw_name(struct json *j, const char *v)
{
	size_t l = strlen(v);

	reserve(j, l + 2);
	j->buf[j->len] = '"';
	memcpy(j->buf + j->len + 1, v, l);
	j->buf[j->len + 1 + l] = '"';
	j->len += l + 2;
}

/* Two digits per division: every fate has a packet number and a count. */
void json_raw_u64(struct json *j, uint64_t v)
{
	static const char pairs[] =
		"00010203040506070809101112131415161718192021222324252627282930"
		"31323334353637383940414243444546474849505152535455565758596061"
		"62636465666768697071727374757677787980818283848586878889909192"
		"93949596979899";
	char tmp[24];
	int i = sizeof(tmp);

	for (; v >= 100; v /= 100) {
		i -= 2;
		memcpy(tmp + i, pairs + 2 * (v % 100), 2);
	}
	if (v >= 10) {
		i -= 2;
		memcpy(tmp + i, pairs + 2 * v, 2);
	} else {
		tmp[--i] = (char)('0' + v);
	}
	put(j, tmp + i, sizeof(tmp) - (size_t)i);
}

void json_i64(struct json *j, const char *k, int64_t v)
{
	char tmp[24];

	key(j, k);
	snprintf(tmp, sizeof(tmp), "%" PRId64, v);
	puts_(j, tmp);
}

void json_null(struct json *j, const char *k)
{
	key(j, k);
	puts_(j, "null");
}

void json_flush_line(struct json *j, FILE *f)
{
	put(j, "\n", 1);
	/* one thread writes: no stream lock per record */
	fwrite_unlocked(j->buf, 1, j->len, f);
	json_reset(j);
}
