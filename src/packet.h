/*
 * packet.h: the PACKET grammar of `inject` (CONTRACTS.md §2.2-2.3) and the
 * exact frame it makes: no padding, no FCS, byte for byte what
 * ../shared/oracle/oracle.py build makes of the same words.
 */
#ifndef NETSTEP_SRC_PACKET_H
#define NETSTEP_SRC_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PACKET_MAX 2048

struct pkt_spec {
	uint8_t frame[PACKET_MAX];
	uint16_t len;
	uint64_t count;
	uint64_t gap_ns;
	bool bad_fcs;      /* netstep's own modifier: the frame's FCS is wrong */
};

/* Parses argv (the words after `inject DEV`) for a NIC whose MAC is mac.
 * Returns 0, or -1 with a message in err (the words' own terms). */
int packet_parse(int argc, char **argv, const uint8_t mac[6],
		 struct pkt_spec *out, char *err, size_t errlen);

#endif
