/* The skeleton's error codes and this lab's two. */
#ifndef JOS_INC_ERROR_H
#define JOS_INC_ERROR_H

enum {
  E_UNSPECIFIED = 1,
  E_BAD_ENV,
  E_INVAL,
  E_NO_MEM,
  E_NO_FREE_ENV,
  E_FAULT,
  E_IPC_NOT_RECV,
  E_EOF,
  E_NO_DISK,
  E_MAX_OPEN,
  E_NOT_FOUND,
  E_BAD_PATH,
  E_FILE_EXISTS,
  E_NOT_EXEC,
  E_NOT_SUPP,
  E_TX_RETRY, /* transmit ring full */
  E_RX_RETRY, /* nothing received */
  MAXERROR
};

#endif
