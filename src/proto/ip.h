/* ip.h: IPv4 header wire layout (RFC 791).  Offsets and constants only. */
#ifndef NETSTEP_SRC_PROTO_IP_H
#define NETSTEP_SRC_PROTO_IP_H

#define IP_HLEN 20
#define IP_OFF_VIHL 0
#define IP_OFF_TOS 1
#define IP_OFF_TOTLEN 2
#define IP_OFF_ID 4
#define IP_OFF_FRAG 6
#define IP_OFF_TTL 8
#define IP_OFF_PROTO 9
#define IP_OFF_CSUM 10
#define IP_OFF_SRC 12
#define IP_OFF_DST 16

#define IP_DF 0x4000
#define IP_MF 0x2000
#define IP_OFFMASK 0x1fff

#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17

#define IPTOS_TOS_MASK 0x1e
#define IPTOS_PREC_INTERNETCONTROL 0xc0
#define INET_ECN_MASK 0x03

#define INADDR_BROADCAST 0xffffffffu
#define INADDR_LOOPBACK 0x7f000001u

/* Host-order address class tests (include/linux/in.h) */
#define ipv4_is_multicast(a) (((a) & 0xf0000000u) == 0xe0000000u)
#define ipv4_is_loopback(a) (((a) & 0xff000000u) == 0x7f000000u)
/* only 0.0.0.0: 0/8 is unicast since 5.3 (the IPv4 unicast extensions) */
#define ipv4_is_zeronet(a) ((a) == 0)
#define ipv4_is_lbcast(a) ((a) == INADDR_BROADCAST)

#endif
