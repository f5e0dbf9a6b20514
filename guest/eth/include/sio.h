/*
 * sio.h: the serial port (COM1, 115200 8N1) under the console.
 */
#ifndef NICSIM_ETH_SIO_H
#define NICSIM_ETH_SIO_H

#include "common.h"

#define SIO_COM1        0x3F8

void __sio_writec(int c);
/* __sio_readc returns the next received byte, or -1 when there is none. */
int __sio_readc(void);

#endif
