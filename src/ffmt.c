/* ffmt.c: see ffmt.h. */
#include "ffmt.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

struct spec {
	bool left, zero, star;       /* star: the width is an int argument */
	int width;
	int len;             /* 0 int, 1 long, 2 long long, 3 size_t */
	char conv;
};

struct sink {
	char *o, *end;
};

static void put(struct sink *s, const char *p, size_t n)
{
	if (n > (size_t)(s->end - s->o))
		n = (size_t)(s->end - s->o);
	memcpy(s->o, p, n);
	s->o += n;
}

static void pad(struct sink *s, char c, int n)
{
	while (n-- > 0 && s->o < s->end)
		*s->o++ = c;
}

/* The text of one conversion, padded to the spec's width. */
static void field(struct sink *s, const struct spec *sp, const char *p,
		  size_t n, bool numeric)
{
	int fill = sp->width - (int)n;

	if (sp->left) {
		put(s, p, n);
		pad(s, ' ', fill);
		return;
	}
	if (sp->zero && numeric && *p == '-') {   /* "-007": sign first */
		put(s, p, 1);
		pad(s, '0', fill);
		put(s, p + 1, n - 1);
		return;
	}
	pad(s, sp->zero && numeric ? '0' : ' ', fill);
	put(s, p, n);
}

static const char *parse_spec(const char *f, struct spec *sp)
{
	*sp = (struct spec){ 0 };
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else
			break;
	}
	if (*f == '*') {
		sp->star = true;
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == 'z') {
		sp->len = 3;
		f++;
	} else {
		while (*f == 'l' && sp->len < 2) {
			sp->len++;
			f++;
		}
	}
	sp->conv = *f;
	return *f ? f + 1 : f;
}

static unsigned long long take_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->len) {
	case 1: return va_arg(*ap, unsigned long);
	case 2: return va_arg(*ap, unsigned long long);
	case 3: return va_arg(*ap, size_t);
	default: return va_arg(*ap, unsigned);
	}
}

static long long take_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->len) {
	case 1: return va_arg(*ap, long);
	case 2: return va_arg(*ap, long long);
	case 3: return (long long)va_arg(*ap, size_t);
	default: return va_arg(*ap, int);
	}
}

/* Digits of v in base 10 or 16, a '-' before them if neg; into the end
 * of buf, returning where they start. */
static char *digits(unsigned long long v, unsigned base, bool neg,
		    char *end)
{
	char *p = end;

	if (base == 16) {
		do
			*--p = "0123456789abcdef"[v & 15];
		while (v >>= 4);
	} else if (v <= UINT32_MAX) {   /* by a constant: no division */
		uint32_t u = (uint32_t)v;

		do
			*--p = (char)('0' + u % 10);
		while (u /= 10);
	} else {
		do
			*--p = (char)('0' + v % 10);
		while (v /= 10);
	}
	if (neg)
		*--p = '-';
	return p;
}

/* False for a conversion it does not know. */
static bool conversion(struct sink *s, const struct spec *sp, va_list *ap)
{
	char num[24], *end = num + sizeof(num), *p;
	const char *str;
	long long sv;

	switch (sp->conv) {
	case 's':
		str = va_arg(*ap, const char *);
		field(s, sp, str ? str : "(null)", strlen(str ? str : "(null)"),
		      false);
		return true;
	case 'c':
		num[0] = (char)va_arg(*ap, int);
		field(s, sp, num, 1, false);
		return true;
	case 'd':
		sv = take_signed(sp, ap);
		p = digits(sv < 0 ? 0ull - (unsigned long long)sv :
			   (unsigned long long)sv, 10, sv < 0, end);
		field(s, sp, p, (size_t)(end - p), true);
		return true;
	case 'u':
	case 'x':
		p = digits(take_unsigned(sp, ap), sp->conv == 'x' ? 16 : 10,
			   false, end);
		field(s, sp, p, (size_t)(end - p), true);
		return true;
	case '%':
		put(s, "%", 1);
		return true;
	}
	return false;
}

size_t ffmt_v(char *buf, size_t n, const char *fmt, va_list ap)
{
	struct sink s = { buf, buf + (n ? n - 1 : 0) };
	va_list aq;

	if (!n)
		return 0;
	va_copy(aq, ap);
	while (*fmt) {
		const char *pc = strchrnul(fmt, '%'), *next;
		struct spec sp;

		put(&s, fmt, (size_t)(pc - fmt));
		if (!*pc)
			break;
		if (pc[1] == 's') {          /* the plain ones, most of all */
			const char *v = va_arg(aq, const char *);

			put(&s, v ? v : "(null)", strlen(v ? v : "(null)"));
			fmt = pc + 2;
			continue;
		}
		if (pc[1] == 'u') {
			char num[12], *e = num + sizeof(num), *p;

			p = digits(va_arg(aq, unsigned), 10, false, e);
			put(&s, p, (size_t)(e - p));
			fmt = pc + 2;
			continue;
		}
		next = parse_spec(pc + 1, &sp);
		if (sp.star) {
			sp.width = va_arg(aq, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
		}
		if (!conversion(&s, &sp, &aq))
			put(&s, pc, (size_t)(next - pc));   /* as it stands */
		fmt = next;
	}
	va_end(aq);
	*s.o = 0;
	return (size_t)(s.o - buf);
}

size_t ffmt(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	size_t k;

	va_start(ap, fmt);
	k = ffmt_v(buf, n, fmt, ap);
	va_end(ap);
	return k;
}
