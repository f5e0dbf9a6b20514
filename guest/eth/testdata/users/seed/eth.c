/*
** eth.c - 82557 ethernet driver
**
** The CSRs are reached through the memory BAR (BAR0) and the SCB is written
** a word at a time: the command word is the command byte plus the interrupt
** control byte, so every command write carries the current interrupt mask.
**
** Commands run one at a time: a single command block (EL, I) is handed to
** the CU with CU start; commands issued while one is running wait in a FIFO
** and the interrupt handler starts the next one when the CU reports the
** block done.
**
** Receive: a ring of RFDs, the newest free one marked S (suspend).  The
** handler hands up the finished frames, moves S onto the RFD it just gave
** back and resumes the RU if it suspended.
*/

#include "eth.h"
#include "pci.h"

#include "support.h"
#include "common.h"
#include "kdefs.h"
#include "x86pic.h"
#include "klib.h"
#include "queues.h"
#include "cio.h"

#define CSR_STATUS      0x00    /* word: status byte + STAT/ACK */
#define CSR_COMMAND     0x02    /* word: command byte + interrupt control */
#define CSR_GENPTR      0x04
#define CSR_PORT        0x08

#define ST_CUS          0x00C0
#define ST_RUS          0x003C
#define RUS_SUSPENDED   0x0004
#define RUS_NORES       0x0008
#define RUS_READY       0x0010
#define ST_ACK_MASK     0xFF00
#define ST_CX           0x8000
#define ST_FR           0x4000
#define ST_CNA          0x2000
#define ST_RNR          0x1000

#define CU_START        0x0010
#define CU_LOAD_BASE    0x0060
#define RU_START        0x0001
#define RU_RESUME       0x0002
#define RU_LOAD_BASE    0x0006
#define IC_MASK         0x0100  /* M bit of the interrupt control byte */

#define CB_COMPLETE     0x8000
#define CB_OK           0x2000
#define CB_EL           0x8000
#define CB_S            0x4000
#define CB_INT          0x2000
#define OP_IAS          1
#define OP_TX           4

#define FRAME_MAX       1518
#define NSLOTS          6
#define NRFDS           6

typedef struct cmd_slot {
	volatile uint16_t status;
	volatile uint16_t cmd;
	volatile uint32_t link;
	union {
		uint8_t mac[6];
		struct {
			uint32_t tbd;
			uint16_t count;
			uint8_t thresh;
			uint8_t ntbd;
			uint8_t buf[FRAME_MAX];
		} tx;
	} p;
	uint16_t id;
	uint8_t used;
} __attribute__((aligned(4))) cmd_slot_t;

typedef struct rfd {
	volatile uint16_t status;
	volatile uint16_t cmd;
	volatile uint32_t link;
	uint32_t rbd;
	volatile uint16_t count;
	uint16_t size;
	uint8_t buf[FRAME_MAX];
} __attribute__((aligned(4))) rfd_t;

uint64_t _eth_MAC;

static volatile uint8_t *csr;
static uint16_t ic;                     /* interrupt control byte, shifted */
static cmd_slot_t slots[NSLOTS];
static cmd_slot_t *running;
static queue_t waiting;
static rfd_t rfds[NRFDS];
static int rx_head;                     /* next RFD to hand up */
static int rx_stop;                     /* RFD carrying S */

static void (*on_cmd)( uint16_t, uint16_t );
static void (*on_rx)( uint16_t, const uint8_t *, uint16_t );

static inline uint16_t rd16( int off ) {
	return *(volatile uint16_t *)(csr + off);
}

static inline void wr16( int off, uint16_t v ) {
	*(volatile uint16_t *)(csr + off) = v;
}

static inline void wr32( int off, uint32_t v ) {
	*(volatile uint32_t *)(csr + off) = v;
}

static void wait_scb( void ) {
	for( int i = 0; i < 200000; ++i ) {
		if( csr[CSR_COMMAND] == 0 )
			return;
	}
	__cio_puts( "eth: SCB timeout\n" );
}

static void command( uint16_t c, uint32_t ptr ) {
	wait_scb();
	wr32( CSR_GENPTR, ptr );
	wr16( CSR_COMMAND, c | ic );
}

static void mask_int( void ) {
	ic = IC_MASK;
	wr16( CSR_COMMAND, ic );
}

static void unmask_int( void ) {
	ic = 0;
	wr16( CSR_COMMAND, ic );
}

static void cu_run( cmd_slot_t *s ) {
	running = s;
	s->status = 0;
	s->link = 0;
	command( CU_START, (uint32_t) s );
}

static cmd_slot_t *slot_get( void ) {
	for( int i = 0; i < NSLOTS; ++i ) {
		if( !slots[i].used ) {
			slots[i].used = 1;
			return &slots[i];
		}
	}
	return NULL;
}

/* interrupts masked */
static void submit( cmd_slot_t *s ) {
	if( running == NULL ) {
		cu_run( s );
	} else {
		_que_enque( waiting, s, 0 );
	}
}

static void cmd_done( void ) {
	cmd_slot_t *s = running;
	if( s == NULL || !(s->status & CB_COMPLETE) )
		return;
	uint16_t id = s->id;
	uint16_t st = s->status;
	s->used = 0;
	running = NULL;
	if( _que_length(waiting) > 0 ) {
		cu_run( (cmd_slot_t *) _que_deque(waiting) );
	}
	if( id && on_cmd ) {
		on_cmd( id, (st & CB_OK) ? ETH_SUCCESS : ETH_CMD_FAIL );
	}
}

static void rx_init( void ) {
	for( int i = 0; i < NRFDS; ++i ) {
		rfds[i].status = 0;
		rfds[i].cmd = 0;
		rfds[i].link = (uint32_t) &rfds[(i + 1) % NRFDS];
		rfds[i].rbd = 0xffffffff;
		rfds[i].count = 0;
		rfds[i].size = FRAME_MAX;
	}
	rx_stop = NRFDS - 1;
	rfds[rx_stop].cmd = CB_S;
	rx_head = 0;
}

static void rx_frames( void ) {
	while( rfds[rx_head].status & CB_COMPLETE ) {
		rfd_t *r = &rfds[rx_head];
		uint16_t len = r->count & 0x3fff;
		if( on_rx ) {
			on_rx( (r->status & CB_OK) ? ETH_SUCCESS : ETH_RECV_ERR, r->buf, len );
		}
		r->status = 0;
		r->count = 0;
		r->cmd = CB_S;                  /* new end of the list ... */
		rfds[rx_stop].cmd = 0;          /* ... before the old one lets go */
		rx_stop = rx_head;
		rx_head = (rx_head + 1) % NRFDS;
	}
}

static void eth_isr( int vector, int code ) {
	(void) vector;
	(void) code;
	uint16_t st = rd16( CSR_STATUS );
	if( st & ST_ACK_MASK ) {
		wr16( CSR_STATUS, st & ST_ACK_MASK );
	}
	if( st & (ST_CX | ST_CNA) ) {
		cmd_done();
	}
	wait_scb();
	uint16_t rus = rd16( CSR_STATUS ) & ST_RUS;
	rx_frames();
	if( rus == RUS_SUSPENDED ) {
		command( RU_RESUME, 0 );
	} else if( rus != RUS_READY ) {
		command( RU_START, (uint32_t) &rfds[rx_head] );
	}
	__outb( PIC2, EOI );
	__outb( PIC1, EOI );
}

void _eth_init( void ) {
	pci_dev_t d;
	if( __pci_find_device( &d, ETH_VENDOR_ID, ETH_DEVICE_ID ) != 0 ) {
		__cio_puts( "eth: 82557 not found\n" );
		return;
	}
	uint32_t c = __pci_read32( d.bus, d.slot, d.function, 0x04 );
	__pci_write32( d.bus, d.slot, d.function, 0x04, c | 0x0006 );
	uint32_t bar0 = __pci_read32( d.bus, d.slot, d.function, 0x10 );
	csr = (volatile uint8_t *)( bar0 & 0xfffffff0 );
	__cio_printf( "eth: csr at %x, irq %d\n", (uint32_t) csr, d.int_line );

	wr32( CSR_PORT, 0 );                    /* software reset */
	__delay( 1 );
	mask_int();

	waiting = _que_alloc( NULL );
	rx_init();
	command( CU_LOAD_BASE, 0 );
	command( RU_LOAD_BASE, 0 );
	command( RU_START, (uint32_t) &rfds[0] );
	__install_isr( d.int_line + 0x20, eth_isr );
	unmask_int();
}

void _eth_set_cmd_callback( void (*cb)( uint16_t id, uint16_t status ) ) {
	on_cmd = cb;
}

void _eth_set_rx_callback( void (*cb)( uint16_t status, const uint8_t *data, uint16_t count ) ) {
	on_rx = cb;
}

uint8_t _eth_loadaddr( uint64_t addr, uint16_t id ) {
	if( addr >> 48 )
		return ETH_TOO_LARGE;
	mask_int();
	cmd_slot_t *s = slot_get();
	if( s == NULL ) {
		unmask_int();
		return ETH_NO_MEM;
	}
	for( int i = 0; i < 6; ++i )
		s->p.mac[i] = (uint8_t)( addr >> (8 * (5 - i)) );
	_eth_MAC = addr;
	s->id = id;
	s->cmd = OP_IAS | CB_EL | CB_INT;
	submit( s );
	unmask_int();
	return ETH_SUCCESS;
}

uint8_t _eth_tx( uint8_t *data, uint16_t len, uint16_t id ) {
	if( len >= (1 << 14) || len > FRAME_MAX )
		return ETH_TOO_LARGE;
	mask_int();
	cmd_slot_t *s = slot_get();
	if( s == NULL ) {
		unmask_int();
		return ETH_NO_MEM;
	}
	s->p.tx.tbd = 0xffffffff;
	s->p.tx.count = len | 0x8000;
	s->p.tx.thresh = 0xe0;
	s->p.tx.ntbd = 0;
	__memcpy( s->p.tx.buf, data, len );
	s->id = id;
	s->cmd = OP_TX | CB_EL | CB_INT;
	submit( s );
	unmask_int();
	return ETH_SUCCESS;
}
