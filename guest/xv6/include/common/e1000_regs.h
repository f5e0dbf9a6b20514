/*
 * nicsim: Intel 82540EM definitions of xv6's kernel/e1000_dev.h, shared by
 * both net-lab generations. Only E1000_CTL_RST differs between them, so the
 * per-generation e1000_dev.h defines it and then includes this file.
 *
 * Register macros are indices into a volatile uint32 array (byte offset / 4).
 * Values and layouts: shared/specs/guest-abis.md §1b and §2b.
 */
#ifndef NICSIM_E1000_REGS_H
#define NICSIM_E1000_REGS_H

#include "xv6_types.h"

#ifndef E1000_CTL_RST
#error "include the generation's e1000_dev.h, which defines E1000_CTL_RST"
#endif

/* Registers (uint32 index = byte offset / 4). */
#define E1000_CTL (0x00000 / 4)   /* device control */
#define E1000_ICR (0x000C0 / 4)   /* interrupt cause read */
#define E1000_IMS (0x000D0 / 4)   /* interrupt mask set */
#define E1000_RCTL (0x00100 / 4)  /* receive control */
#define E1000_TCTL (0x00400 / 4)  /* transmit control */
#define E1000_TIPG (0x00410 / 4)  /* transmit inter-packet gap */
#define E1000_RDBAL (0x02800 / 4) /* RX ring base, low 32 bits */
#define E1000_RDLEN (0x02808 / 4) /* RX ring length in bytes */
#define E1000_RDH (0x02810 / 4)   /* RX head */
#define E1000_RDT (0x02818 / 4)   /* RX tail */
#define E1000_RDTR (0x02820 / 4)  /* RX delay timer */
#define E1000_RADV (0x0282C / 4)  /* RX absolute delay timer */
#define E1000_RSRPD (0x02C00 / 4) /* RX small packet detect */
#define E1000_TDBAL (0x03800 / 4) /* TX ring base, low 32 bits */
#define E1000_TDLEN (0x03808 / 4) /* TX ring length in bytes */
#define E1000_TDH (0x03810 / 4)   /* TX head */
#define E1000_TDT (0x03818 / 4)   /* TX tail */
#define E1000_MTA (0x05200 / 4)   /* multicast table array (128 words) */
#define E1000_RA (0x05400 / 4)    /* receive address: RAL0 at +0, RAH0 at +1 */

/* Device control (E1000_CTL_RST comes from the generation's header). */
#define E1000_CTL_SLU 0x00000040     /* set link up */
#define E1000_CTL_FRCSPD 0x00000800  /* force speed */
#define E1000_CTL_FRCDPLX 0x00001000 /* force duplex */

/* Transmit control. */
#define E1000_TCTL_RST 0x00000001 /* software reset */
#define E1000_TCTL_EN 0x00000002  /* enable */
#define E1000_TCTL_BCE 0x00000004 /* busy check enable */
#define E1000_TCTL_PSP 0x00000008 /* pad short packets */
#define E1000_TCTL_CT 0x00000ff0  /* collision threshold */
#define E1000_TCTL_CT_SHIFT 4
#define E1000_TCTL_COLD 0x003ff000 /* collision distance */
#define E1000_TCTL_COLD_SHIFT 12
#define E1000_TCTL_SWXOFF 0x00400000 /* software XOFF transmission */
#define E1000_TCTL_PBE 0x00800000    /* packet burst enable */
#define E1000_TCTL_RTLC 0x01000000   /* re-transmit on late collision */
#define E1000_TCTL_NRTU 0x02000000   /* no re-transmit on underrun */
#define E1000_TCTL_MULR 0x10000000   /* multiple request support */

/* Receive control. */
#define E1000_RCTL_RST 0x00000001         /* software reset */
#define E1000_RCTL_EN 0x00000002          /* enable */
#define E1000_RCTL_SBP 0x00000004         /* store bad packets */
#define E1000_RCTL_UPE 0x00000008         /* unicast promiscuous */
#define E1000_RCTL_MPE 0x00000010         /* multicast promiscuous */
#define E1000_RCTL_LPE 0x00000020         /* long packets */
#define E1000_RCTL_LBM_NO 0x00000000      /* no loopback */
#define E1000_RCTL_LBM_MAC 0x00000040     /* MAC loopback */
#define E1000_RCTL_LBM_SLP 0x00000080     /* serial link loopback */
#define E1000_RCTL_LBM_TCVR 0x000000C0    /* transceiver loopback */
#define E1000_RCTL_DTYP_MASK 0x00000C00   /* descriptor type */
#define E1000_RCTL_DTYP_PS 0x00000400     /* packet split */
#define E1000_RCTL_RDMTS_HALF 0x00000000  /* RX free threshold 1/2 */
#define E1000_RCTL_RDMTS_QUAT 0x00000100  /* RX free threshold 1/4 */
#define E1000_RCTL_RDMTS_EIGTH 0x00000200 /* RX free threshold 1/8 */
#define E1000_RCTL_MO_SHIFT 12            /* multicast offset */
#define E1000_RCTL_MO_0 0x00000000
#define E1000_RCTL_MO_1 0x00001000
#define E1000_RCTL_MO_2 0x00002000
#define E1000_RCTL_MO_3 0x00003000
#define E1000_RCTL_MDR 0x00004000 /* multicast descriptor ring 0 */
#define E1000_RCTL_BAM 0x00008000 /* broadcast accept */
/* Buffer sizes without BSEX ... */
#define E1000_RCTL_SZ_2048 0x00000000
#define E1000_RCTL_SZ_1024 0x00010000
#define E1000_RCTL_SZ_512 0x00020000
#define E1000_RCTL_SZ_256 0x00030000
/* ... and with BSEX. */
#define E1000_RCTL_SZ_16384 0x00010000
#define E1000_RCTL_SZ_8192 0x00020000
#define E1000_RCTL_SZ_4096 0x00030000
#define E1000_RCTL_VFE 0x00040000   /* VLAN filter enable */
#define E1000_RCTL_CFIEN 0x00080000 /* canonical form enable */
#define E1000_RCTL_CFI 0x00100000   /* canonical form indicator */
#define E1000_RCTL_DPF 0x00400000   /* discard pause frames */
#define E1000_RCTL_PMCF 0x00800000  /* pass MAC control frames */
#define E1000_RCTL_BSEX 0x02000000  /* buffer size extension */
#define E1000_RCTL_SECRC 0x04000000 /* strip Ethernet CRC */
#define E1000_RCTL_FLXBUF_MASK 0x78000000
#define E1000_RCTL_FLXBUF_SHIFT 27

/* Largest frame the lab code expects. */
#define DATA_MAX 1518

/* Transmit descriptor command and status bits. */
#define E1000_TXD_CMD_EOP 0x01       /* end of packet */
#define E1000_TXD_CMD_RS 0x08        /* report status (write DD back) */
#define E1000_TXD_STAT_DD 0x00000001 /* descriptor done */

/* Receive descriptor status bits. */
#define E1000_RXD_STAT_DD 0x01  /* descriptor done */
#define E1000_RXD_STAT_EOP 0x02 /* end of packet */

/* Legacy transmit descriptor: 16 bytes, natural alignment. */
struct tx_desc {
  uint64 addr;   /* buffer address */
  uint16 length; /* bytes to send from this buffer */
  uint8 cso;     /* checksum offset */
  uint8 cmd;     /* E1000_TXD_CMD_* */
  uint8 status;  /* E1000_TXD_STAT_* */
  uint8 css;     /* checksum start */
  uint16 special;
};

/* Legacy receive descriptor: 16 bytes, natural alignment. */
struct rx_desc {
  uint64 addr;   /* buffer address */
  uint16 length; /* bytes the device stored */
  uint16 csum;   /* packet checksum */
  uint8 status;  /* E1000_RXD_STAT_* */
  uint8 errors;
  uint16 special;
};

#endif /* NICSIM_E1000_REGS_H */
