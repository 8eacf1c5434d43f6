/*
 * af_packet.h: packet taps -- the AF_PACKET sockets tcpdump opens
 * (net/packet/af_packet.c, Linux 6.x), as plain data inside the world.
 *
 * `tcpdump -i DEV` makes a packet socket bound to DEV: its packet_type sits
 * on dev->ptype_all (on the global ptype_all for `-i any`), and the filter
 * tcpdump compiled is attached to it with SO_ATTACH_FILTER as classic BPF.
 * Both are here as data: the BPF program is an array of instructions
 * (struct tap_insn, laid out as struct bpf_insn; no pointer), so the world
 * stays a value that clones and compares.
 *
 * Where a tap sees packets (net/core/dev.c):
 *   receive   __netif_receive_skb_core: deliver_skb to every ptype_all entry
 *             before the protocol handler, so before PREROUTING, routing
 *             and every drop they make;
 *   transmit  dev_hard_start_xmit -> xmit_one -> dev_queue_xmit_nit: after
 *             the qdisc (a packet the qdisc drops is never seen), before
 *             the driver, with pkt_type PACKET_OUTGOING.
 * tpacket_rcv runs the filter and copies the frame into the socket's ring;
 * here the copy is the tap's one-frame slot (the last frame captured),
 * which the edge (tap.h) reads after the step to print or write it.
 */
#ifndef NETSTEP_SRC_AF_PACKET_H
#define NETSTEP_SRC_AF_PACKET_H

#include <stdbool.h>
#include <stdint.h>

#include "skb.h"

#define TAP_MAX 4                /* tcpdumps running at once */
#define TAP_INSNS 256            /* longest filter program kept */
#define TAP_TEXT 160             /* filter text and file name */
#define TAP_SNAPLEN 262144       /* tcpdump's default snapshot length */

/* tcpdump's flags that change what the edge prints */
#define TAPF_NUMERIC 0x01        /* -n */
#define TAPF_ETHER 0x02          /* -e */
#define TAPF_VERBOSE 0x04        /* -v */
#define TAPF_WRITE 0x08          /* -w FILE: pcap, no lines */
#define TAPF_QUIET 0x10          /* -q */
#define TAPF_ABSSEQ 0x20         /* -S: absolute TCP sequence numbers */

/* -i any: libpcap's cooked capture, LINKTYPE_LINUX_SLL2 (pcap/sll.h) */
#define SLL2_HDR_LEN 20
#define ARPHRD_ETHER 1
#define ARPHRD_LOOPBACK 772
#define PACKET_OUTGOING 4

/* -Q: which directions reach the socket (PACKET_OUTGOING or not) */
#define TAP_DIR_IN 0x01
#define TAP_DIR_OUT 0x02

/* struct bpf_insn's layout (pcap/bpf.h), kept here as plain data */
struct tap_insn {
	uint16_t code;
	uint8_t jt, jf;
	uint32_t k;
};

struct packet_tap {
	bool active;                 /* attached; false once -c is reached */
	uint8_t dev;                 /* ifindex bound to; 0: any */
	uint8_t dirs;                /* TAP_DIR_* */
	uint8_t flags;               /* TAPF_* */
	uint32_t id;                 /* world tap_seq at attach: keys the
					edge's side table (tap.h) */
	uint64_t count;              /* -c N; 0: until stopped */
	uint64_t seen;               /* packets captured so far */
	uint16_t ninsns;             /* 0: no filter, everything passes */
	struct tap_insn prog[TAP_INSNS]; /* the socket filter */
	char filter[TAP_TEXT];       /* the expression, for listings */
	char file[TAP_TEXT];         /* -w FILE */
	/* the last frame captured (what tpacket_rcv copied to the ring) */
	uint64_t hit_step;           /* step_no of the capture; 0: none */
	uint64_t hit_ns;             /* simulated time of the capture */
	uint8_t hit_dev;             /* ifindex it was seen on */
	uint8_t hit_out;             /* PACKET_OUTGOING */
	uint8_t hit_pkttype;         /* sll_pkttype: skb->pkt_type, or
					PACKET_OUTGOING */
	uint16_t caplen;             /* bytes kept in frame */
	uint32_t len;                /* frame length on the wire */
	uint8_t frame[SKB_BUF];
};

struct world;

/* deliver_skb / dev_queue_xmit_nit: offers skb h to every tap on its
 * device and direction (out: transmit); each whose filter takes it copies
 * the frame into its slot, stamped with the current step and time.
 * Returns how many took it. */
unsigned packet_taps_deliver(struct world *w, uint32_t h, bool out);
/* The cooked frame (struct sll2_header, then the frame from its network
 * header) a `-i any` socket reads for the Ethernet frame f of len bytes
 * seen on ifindex dev; out must hold len + 6 bytes.  Returns its length. */
uint32_t sll2_frame(const uint8_t *f, uint32_t len, uint32_t ifindex,
		    bool loopback, uint8_t pkttype, uint8_t *out);
/* True when a tap listens on dev in that direction. */
bool packet_taps_any(const struct world *w, int dev, bool out);

#endif
