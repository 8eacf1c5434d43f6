/* cmd_ifconfig.h: ifconfig's listing (cmd_ifconfig_show.c). */
#ifndef NETSTEP_SRC_CMD_IFCONFIG_H
#define NETSTEP_SRC_CMD_IFCONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "world.h"

/* `ifconfig` (up devices and their aliases) or `ifconfig -a` (all). */
void ifconfig_list(const struct world *w, FILE *out, bool all);
/* `ifconfig NAME`: device dev, or its alias when NAME has a colon. */
void ifconfig_show(const struct world *w, FILE *out, int dev,
		   const char *name);
/* net-tools' nstrcmp: the order of the listing. */
int ifc_nstrcmp(const char *a, const char *b);

#endif
