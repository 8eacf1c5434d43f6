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

static void put(struct json *j, const char *s, size_t n)
{
	if (__builtin_expect(j->len + n + 1 > j->cap, 0)) {
		size_t cap = j->cap ? j->cap : 256;
		char *nb;

		while (cap < j->len + n + 1)
			cap *= 2;
		nb = realloc(j->buf, cap);
		if (!nb)
			abort();
		j->buf = nb;
		j->cap = cap;
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
}

static void puts_(struct json *j, const char *s)
{
	put(j, s, strlen(s));
}

static void put_escaped(struct json *j, const char *s)
{
	put(j, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char tmp[8];
		size_t run = 0;

		while ((unsigned char)s[run] >= 0x20 && s[run] != '"' &&
		       s[run] != '\\')
			run++;

		if (run) {
			put(j, s, run);
			s += run - 1;
			continue;
		}
		if (c == '"' || c == '\\') {
			tmp[0] = '\\';
			tmp[1] = (char)c;
			put(j, tmp, 2);
		} else if (c < 0x20) {
			snprintf(tmp, sizeof(tmp), "\\u%04x", c);
			put(j, tmp, 6);
		} else {
			put(j, (const char *)&c, 1);
		}
	}
	put(j, "\"", 1);
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
	char tmp[24];
	int i = sizeof(tmp);

	key(j, k);
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
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
	fwrite(j->buf, 1, j->len, f);
	json_reset(j);
}
