/*
 * counters.h: every counter the model keeps, listed once.
 *
 * SNMP_COUNTERS are named exactly as `nstat -az` prints them (the /proc/net/snmp
 * and /proc/net/netstat rows, prefix + column).  DEV_COUNTERS are the fields of
 * struct rtnl_link_stats64 (include/uapi/linux/if_link.h).  SOFTNET_COUNTERS are
 * the columns of /proc/net/softnet_stat the model moves.
 */
#ifndef NETSTEP_SRC_COUNTERS_H
#define NETSTEP_SRC_COUNTERS_H

#include <stdint.h>

/* _(name, file row, column) : row is the /proc/net/snmp or netstat prefix */
#define SNMP_COUNTERS(_) \
	_(IpInReceives, "Ip", "InReceives") \
	_(IpInHdrErrors, "Ip", "InHdrErrors") \
	_(IpInAddrErrors, "Ip", "InAddrErrors") \
	_(IpForwDatagrams, "Ip", "ForwDatagrams") \
	_(IpInUnknownProtos, "Ip", "InUnknownProtos") \
	_(IpInDiscards, "Ip", "InDiscards") \
	_(IpInDelivers, "Ip", "InDelivers") \
	_(IpOutRequests, "Ip", "OutRequests") \
	_(IpOutDiscards, "Ip", "OutDiscards") \
	_(IpOutNoRoutes, "Ip", "OutNoRoutes") \
	_(IpReasmTimeout, "Ip", "ReasmTimeout") \
	_(IpReasmReqds, "Ip", "ReasmReqds") \
	_(IpReasmOKs, "Ip", "ReasmOKs") \
	_(IpReasmFails, "Ip", "ReasmFails") \
	_(IpFragOKs, "Ip", "FragOKs") \
	_(IpFragFails, "Ip", "FragFails") \
	_(IpFragCreates, "Ip", "FragCreates") \
	_(IpOutTransmits, "Ip", "OutTransmits") \
	_(IcmpInMsgs, "Icmp", "InMsgs") \
	_(IcmpInErrors, "Icmp", "InErrors") \
	_(IcmpInCsumErrors, "Icmp", "InCsumErrors") \
	_(IcmpInDestUnreachs, "Icmp", "InDestUnreachs") \
	_(IcmpInTimeExcds, "Icmp", "InTimeExcds") \
	_(IcmpInParmProbs, "Icmp", "InParmProbs") \
	_(IcmpInSrcQuenchs, "Icmp", "InSrcQuenchs") \
	_(IcmpInRedirects, "Icmp", "InRedirects") \
	_(IcmpInEchos, "Icmp", "InEchos") \
	_(IcmpInEchoReps, "Icmp", "InEchoReps") \
	_(IcmpInTimestamps, "Icmp", "InTimestamps") \
	_(IcmpInTimestampReps, "Icmp", "InTimestampReps") \
	_(IcmpInAddrMasks, "Icmp", "InAddrMasks") \
	_(IcmpInAddrMaskReps, "Icmp", "InAddrMaskReps") \
	_(IcmpOutMsgs, "Icmp", "OutMsgs") \
	_(IcmpOutErrors, "Icmp", "OutErrors") \
	_(IcmpOutRateLimitGlobal, "Icmp", "OutRateLimitGlobal") \
	_(IcmpOutRateLimitHost, "Icmp", "OutRateLimitHost") \
	_(IcmpOutDestUnreachs, "Icmp", "OutDestUnreachs") \
	_(IcmpOutTimeExcds, "Icmp", "OutTimeExcds") \
	_(IcmpOutParmProbs, "Icmp", "OutParmProbs") \
	_(IcmpOutSrcQuenchs, "Icmp", "OutSrcQuenchs") \
	_(IcmpOutRedirects, "Icmp", "OutRedirects") \
	_(IcmpOutEchos, "Icmp", "OutEchos") \
	_(IcmpOutEchoReps, "Icmp", "OutEchoReps") \
	_(IcmpOutTimestamps, "Icmp", "OutTimestamps") \
	_(IcmpOutTimestampReps, "Icmp", "OutTimestampReps") \
	_(IcmpOutAddrMasks, "Icmp", "OutAddrMasks") \
	_(IcmpOutAddrMaskReps, "Icmp", "OutAddrMaskReps") \
	_(UdpInDatagrams, "Udp", "InDatagrams") \
	_(UdpNoPorts, "Udp", "NoPorts") \
	_(UdpInErrors, "Udp", "InErrors") \
	_(UdpOutDatagrams, "Udp", "OutDatagrams") \
	_(UdpRcvbufErrors, "Udp", "RcvbufErrors") \
	_(UdpSndbufErrors, "Udp", "SndbufErrors") \
	_(UdpInCsumErrors, "Udp", "InCsumErrors") \
	_(UdpIgnoredMulti, "Udp", "IgnoredMulti") \
	_(UdpMemErrors, "Udp", "MemErrors") \
	_(TcpActiveOpens, "Tcp", "ActiveOpens") \
	_(TcpPassiveOpens, "Tcp", "PassiveOpens") \
	_(TcpAttemptFails, "Tcp", "AttemptFails") \
	_(TcpEstabResets, "Tcp", "EstabResets") \
	_(TcpInSegs, "Tcp", "InSegs") \
	_(TcpOutSegs, "Tcp", "OutSegs") \
	_(TcpRetransSegs, "Tcp", "RetransSegs") \
	_(TcpInErrs, "Tcp", "InErrs") \
	_(TcpOutRsts, "Tcp", "OutRsts") \
	_(TcpInCsumErrors, "Tcp", "InCsumErrors") \
	_(TcpExtArpFilter, "TcpExt", "ArpFilter") \
	_(TcpExtTW, "TcpExt", "TW") \
	_(TcpExtSyncookiesSent, "TcpExt", "SyncookiesSent") \
	_(TcpExtListenOverflows, "TcpExt", "ListenOverflows") \
	_(TcpExtListenDrops, "TcpExt", "ListenDrops") \
	_(TcpExtTCPReqQFullDoCookies, "TcpExt", "TCPReqQFullDoCookies") \
	_(TcpExtDelayedACKs, "TcpExt", "DelayedACKs") \
	_(TcpExtTCPHPHits, "TcpExt", "TCPHPHits") \
	_(TcpExtTCPPureAcks, "TcpExt", "TCPPureAcks") \
	_(TcpExtTCPHPAcks, "TcpExt", "TCPHPAcks") \
	_(TcpExtTCPAbortOnClose, "TcpExt", "TCPAbortOnClose") \
	_(TcpExtTCPTimeouts, "TcpExt", "TCPTimeouts") \
	_(TcpExtTCPLostRetransmit, "TcpExt", "TCPLostRetransmit") \
	_(TcpExtTCPSynRetrans, "TcpExt", "TCPSynRetrans") \
	_(TcpExtTCPAbortOnTimeout, "TcpExt", "TCPAbortOnTimeout") \
	_(TcpExtTcpTimeoutRehash, "TcpExt", "TcpTimeoutRehash") \
	_(TcpExtTCPRcvCoalesce, "TcpExt", "TCPRcvCoalesce") \
	_(TcpExtTCPOrigDataSent, "TcpExt", "TCPOrigDataSent") \
	_(TcpExtTCPDelivered, "TcpExt", "TCPDelivered") \
	_(TcpExtDelayedACKLost, "TcpExt", "DelayedACKLost") \
	_(TcpExtTCPOFOQueue, "TcpExt", "TCPOFOQueue") \
	_(TcpExtTCPOFOMerge, "TcpExt", "TCPOFOMerge") \
	_(TcpExtBeyondWindow, "TcpExt", "BeyondWindow") \
	_(TcpExtIPReversePathFilter, "TcpExt", "IPReversePathFilter") \
	_(IpExtInNoRoutes, "IpExt", "InNoRoutes") \
	_(IpExtInTruncatedPkts, "IpExt", "InTruncatedPkts") \
	_(IpExtInMcastPkts, "IpExt", "InMcastPkts") \
	_(IpExtOutMcastPkts, "IpExt", "OutMcastPkts") \
	_(IpExtInBcastPkts, "IpExt", "InBcastPkts") \
	_(IpExtOutBcastPkts, "IpExt", "OutBcastPkts") \
	_(IpExtInOctets, "IpExt", "InOctets") \
	_(IpExtOutOctets, "IpExt", "OutOctets") \
	_(IpExtInMcastOctets, "IpExt", "InMcastOctets") \
	_(IpExtOutMcastOctets, "IpExt", "OutMcastOctets") \
	_(IpExtInBcastOctets, "IpExt", "InBcastOctets") \
	_(IpExtOutBcastOctets, "IpExt", "OutBcastOctets") \
	_(IpExtInCsumErrors, "IpExt", "InCsumErrors") \
	_(IpExtInNoECTPkts, "IpExt", "InNoECTPkts") \
	_(IpExtInECT1Pkts, "IpExt", "InECT1Pkts") \
	_(IpExtInECT0Pkts, "IpExt", "InECT0Pkts") \
	_(IpExtInCEPkts, "IpExt", "InCEPkts") \
	_(IpExtReasmOverlaps, "IpExt", "ReasmOverlaps")

enum snmp_counter {
#define _(n, row, col) CTR_##n,
	SNMP_COUNTERS(_)
#undef _
	CTR__COUNT
};

/* struct rtnl_link_stats64 fields the model moves, in the struct's order */
#define DEV_COUNTERS(_) \
	_(rx_packets) _(tx_packets) _(rx_bytes) _(tx_bytes) \
	_(rx_errors) _(tx_errors) _(rx_dropped) _(tx_dropped) \
	_(multicast) _(rx_length_errors) _(rx_crc_errors) \
	_(rx_fifo_errors) _(rx_missed_errors) _(rx_nohandler) \
	_(rx_otherhost_dropped)

enum dev_counter {
#define _(n) DEVC_##n,
	DEV_COUNTERS(_)
#undef _
	DEVC__COUNT
};

#define SOFTNET_COUNTERS(_) _(processed) _(dropped) _(time_squeeze)

enum softnet_counter {
#define _(n) SNC_##n,
	SOFTNET_COUNTERS(_)
#undef _
	SNC__COUNT
};

/* The ICMP per-type message counters (IcmpMsgInTypeN / IcmpMsgOutTypeN). */
#define ICMP_MSG_TYPES 256

const char *snmp_counter_name(enum snmp_counter c);
int snmp_counter_by_name(const char *name);  /* -1 when unknown */
const char *snmp_counter_row(enum snmp_counter c);
const char *snmp_counter_col(enum snmp_counter c);
const char *dev_counter_name(enum dev_counter c);
int dev_counter_by_name(const char *name);    /* -1 when unknown */
const char *softnet_counter_name(enum softnet_counter c);

#endif
