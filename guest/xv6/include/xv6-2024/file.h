/* nicsim stand-in for xv6 kernel/file.h: kernel/net.c of the 2024+ lab
 * includes it (after fs.h and sleeplock.h); nothing of the network code
 * uses it. */
#ifndef NICSIM_XV6_FILE_H
#define NICSIM_XV6_FILE_H

#include "fs.h"
#include "sleeplock.h"

/* An open file. */
struct file {
  enum { FD_NONE, FD_PIPE, FD_INODE, FD_DEVICE } type;
  int ref;
  char readable, writable;
  struct pipe *pipe;
  struct inode *ip;
  uint off;
  short major;
};

#define major(dev) ((dev) >> 16 & 0xFFFF)
#define minor(dev) ((dev) & 0xFFFF)
#define mkdev(m, n) ((uint)((m) << 16 | (n)))

/* An in-memory inode. */
struct inode {
  uint dev, inum;
  int ref;
  struct sleeplock lock;
  int valid;
  short type, major, minor, nlink;
  uint size;
  uint addrs[NDIRECT + 1];
};

/* Device read and write functions by major number. */
struct devsw {
  int (*read)(int, uint64, int);
  int (*write)(int, uint64, int);
};

extern struct devsw devsw[];

#define CONSOLE 1

#endif /* NICSIM_XV6_FILE_H */
