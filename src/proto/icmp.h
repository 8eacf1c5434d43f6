/* icmp.h: ICMP wire layout (RFC 792).  Offsets and constants only. */
#ifndef NETSTEP_SRC_PROTO_ICMP_H
#define NETSTEP_SRC_PROTO_ICMP_H

#define ICMP_HLEN 8
#define ICMP_OFF_TYPE 0
#define ICMP_OFF_CODE 1
#define ICMP_OFF_CSUM 2
#define ICMP_OFF_ID 4
#define ICMP_OFF_SEQ 6

#define ICMP_ECHOREPLY 0
#define ICMP_DEST_UNREACH 3
#define ICMP_SOURCE_QUENCH 4
#define ICMP_REDIRECT 5
#define ICMP_ECHO 8
#define ICMP_TIME_EXCEEDED 11
#define ICMP_PARAMETERPROB 12
#define ICMP_TIMESTAMP 13
#define ICMP_TIMESTAMPREPLY 14
#define ICMP_ADDRESS 17
#define ICMP_ADDRESSREPLY 18
#define NR_ICMP_TYPES 18

/* codes for ICMP_DEST_UNREACH */
#define ICMP_NET_UNREACH 0
#define ICMP_HOST_UNREACH 1
#define ICMP_PROT_UNREACH 2
#define ICMP_PORT_UNREACH 3
#define ICMP_FRAG_NEEDED 4
#define ICMP_PKT_FILTERED 13

/* An ICMP error carries at most 576 bytes of IP (RFC 1812 4.3.2.3) */
#define ICMP_ERR_MAX_IP 576

#endif
