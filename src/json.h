/*
 * json.h: a small JSON writer into a growable buffer (no allocation per
 * value once the buffer has grown).  It escapes strings; the caller keeps
 * the structure right (objects and arrays opened and closed in order).
 */
#ifndef NETSTEP_SRC_JSON_H
#define NETSTEP_SRC_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct json {
	char *buf;
	size_t len, cap;
	bool need_comma;
};

void json_init(struct json *j);
void json_free(struct json *j);
void json_reset(struct json *j);
void json_obj_open(struct json *j);
void json_obj_close(struct json *j);
void json_arr_open(struct json *j, const char *key);
void json_arr_close(struct json *j);
/* key NULL inside arrays. */
void json_key_obj(struct json *j, const char *key);
void json_str(struct json *j, const char *key, const char *v);
void json_u64(struct json *j, const char *key, uint64_t v);
void json_i64(struct json *j, const char *key, int64_t v);
void json_null(struct json *j, const char *key);
/* Without a key or comma, for writers that lay out a fixed record from
 * preformatted pieces (the caller keeps it valid JSON): n raw bytes, an
 * escaped and quoted string, a number. */
void json_grow(struct json *j, size_t n);
/* Inline: a fate record is a dozen of these, most of constant length. */
static inline void json_raw(struct json *j, const char *s, size_t n)
{
	if (__builtin_expect(j->len + n + 1 > j->cap, 0))
		json_grow(j, n);
	memcpy(j->buf + j->len, s, n);
	j->len += n;
}
void json_raw_str(struct json *j, const char *v);
void json_raw_u64(struct json *j, uint64_t v);
/* A quoted string that needs no escaping: only for the program's own
 * identifiers (function, fate and drop reason names), as key() assumes. */
void json_raw_name(struct json *j, const char *v);
/* Writes the buffer and a newline to f, then empties it. */
void json_flush_line(struct json *j, FILE *f);

#endif
