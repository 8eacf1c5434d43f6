/* ether.h: Ethernet II wire layout (IEEE 802.3).  Offsets and constants only. */
#ifndef NETSTEP_SRC_PROTO_ETHER_H
#define NETSTEP_SRC_PROTO_ETHER_H

#define ETH_ALEN 6
#define ETH_HLEN 14
#define ETH_OFF_DST 0
#define ETH_OFF_SRC 6
#define ETH_OFF_TYPE 12
#define ETH_DATA_LEN 1500
#define ETH_ZLEN 60            /* minimum frame on the wire, without FCS */
#define ETH_FCS_LEN 4

#define ETH_P_IP 0x0800
#define ETH_P_ARP 0x0806

/* skb->pkt_type values (include/uapi/linux/if_packet.h) */
#define PACKET_HOST 0
#define PACKET_BROADCAST 1
#define PACKET_MULTICAST 2
#define PACKET_OTHERHOST 3
#define PACKET_OUTGOING 4
#define PACKET_LOOPBACK 5

#endif
