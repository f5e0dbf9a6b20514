/* nicsim stand-in for xv6 kernel/fs.h: kernel/net.c of the 2024+ lab
 * includes it; nothing of the network code uses it. */
#ifndef NICSIM_XV6_FS_H
#define NICSIM_XV6_FS_H

#include "../common/xv6_types.h"

#define ROOTINO 1
#define BSIZE 1024
#define FSMAGIC 0x10203040
#define NDIRECT 12
#define NINDIRECT (BSIZE / sizeof(uint))
#define MAXFILE (NDIRECT + NINDIRECT)
#define DIRSIZ 14

/* The on-disk superblock. */
struct superblock {
  uint magic, size, nblocks, ninodes, nlog, logstart, inodestart, bmapstart;
};

/* An on-disk inode. */
struct dinode {
  short type, major, minor, nlink;
  uint size;
  uint addrs[NDIRECT + 1];
};

/* A directory entry. */
struct dirent {
  ushort inum;
  char name[DIRSIZ];
};

#endif /* NICSIM_XV6_FS_H */
