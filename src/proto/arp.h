/* arp.h: ARP for IPv4 over Ethernet (RFC 826).  Offsets and constants only. */
#ifndef NETSTEP_SRC_PROTO_ARP_H
#define NETSTEP_SRC_PROTO_ARP_H

#define ARP_HLEN 28
#define ARP_OFF_HRD 0
#define ARP_OFF_PRO 2
#define ARP_OFF_HLN 4
#define ARP_OFF_PLN 5
#define ARP_OFF_OP 6
#define ARP_OFF_SHA 8
#define ARP_OFF_SIP 14
#define ARP_OFF_THA 18
#define ARP_OFF_TIP 24

#define ARPHRD_ETHER 1
#define ARPOP_REQUEST 1
#define ARPOP_REPLY 2

#endif
