/*
** eth.h - 82557 ethernet driver (seed interface: 48-bit address in a
** uint64_t, most significant byte first on the wire)
*/

#ifndef _ETH_H_
#define _ETH_H_

#include "common.h"

#define ETH_VENDOR_ID   0x8086
#define ETH_DEVICE_ID   0x1229

#define ETH_SUCCESS     0
#define ETH_ERR         1
#define ETH_TOO_LARGE   2
#define ETH_NO_MEM      3
#define ETH_RECV_ERR    4
#define ETH_CMD_FAIL    5

extern uint64_t _eth_MAC;

void _eth_init( void );
uint8_t _eth_loadaddr( uint64_t addr, uint16_t id );
uint8_t _eth_tx( uint8_t *data, uint16_t len, uint16_t id );
void _eth_set_cmd_callback( void (*cb)( uint16_t id, uint16_t status ) );
void _eth_set_rx_callback( void (*cb)( uint16_t status, const uint8_t *data, uint16_t count ) );

#endif
