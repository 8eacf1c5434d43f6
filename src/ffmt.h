/*
 * ffmt.h: a small printf for the packet printers (fate summaries, tcpdump
 * lines), which format a line or more per packet: glibc's vfprintf was a
 * tenth of a batch replay.  It knows %s %c %u %d %x with the '-' and '0'
 * flags, a width (or '*'), the 'z', 'l' and 'll' lengths, and %%; any other
 * conversion is copied as it stands.  The output is cut to n - 1 bytes
 * and ended with a NUL, as vsnprintf cuts it.
 */
#ifndef NETSTEP_SRC_FFMT_H
#define NETSTEP_SRC_FFMT_H

#include <stdarg.h>
#include <stddef.h>

/* Returns the bytes written (after any cut), not counting the NUL. */
size_t ffmt_v(char *buf, size_t n, const char *fmt, va_list ap);
size_t ffmt(char *buf, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
