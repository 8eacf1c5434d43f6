/* summary.h: one tcpdump-style line for a packet, from its first bytes. */
#ifndef NETSTEP_SRC_SUMMARY_H
#define NETSTEP_SRC_SUMMARY_H

#include <stddef.h>

#include "step.h"

/* Writes e.g. "IP 10.0.0.1.40000 > 10.0.0.2.5000: UDP, length 5". */
char *fate_summary(const struct fate_rec *f, char *buf, size_t n);

#endif
