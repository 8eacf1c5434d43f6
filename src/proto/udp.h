/* udp.h: UDP header wire layout (RFC 768).  Offsets and constants only. */
#ifndef NETSTEP_SRC_PROTO_UDP_H
#define NETSTEP_SRC_PROTO_UDP_H

#define UDP_HLEN 8
#define UDP_OFF_SPORT 0
#define UDP_OFF_DPORT 2
#define UDP_OFF_LEN 4
#define UDP_OFF_CSUM 6
#define UDP_MAX_PAYLOAD 65507

#endif
