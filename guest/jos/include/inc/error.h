/*
 * nicsim stand-in for JOS inc/error.h: kernel and library error codes.
 * Functions return them negated (-E_INVAL). Students append their own
 * codes after E_NOT_SUPP (16 and up) and must then raise MAXERROR.
 */
#ifndef JOS_INC_ERROR_H
#define JOS_INC_ERROR_H

enum {
  E_UNSPECIFIED = 1,  /* unspecified or unknown problem */
  E_BAD_ENV = 2,      /* environment doesn't exist or is not accessible */
  E_INVAL = 3,        /* invalid parameter */
  E_NO_MEM = 4,       /* out of memory */
  E_NO_FREE_ENV = 5,  /* no free environment slot */
  E_FAULT = 6,        /* memory fault */
  E_IPC_NOT_RECV = 7, /* target is not receiving */
  E_EOF = 8,          /* unexpected end of file */
  E_NO_DISK = 9,      /* no free space on disk */
  E_MAX_OPEN = 10,    /* too many files open */
  E_NOT_FOUND = 11,   /* file or block not found */
  E_BAD_PATH = 12,    /* bad path */
  E_FILE_EXISTS = 13, /* file already exists */
  E_NOT_EXEC = 14,    /* file is not a valid executable */
  E_NOT_SUPP = 15,    /* operation not supported */

  MAXERROR
};

#endif /* !JOS_INC_ERROR_H */
