/*
 * nicsim stand-in for xv6 kernel/param.h (both lab generations).
 * Only the sizes matter to a driver (NCPU sizes cpus[] in proc.h).
 */
#ifndef NICSIM_XV6_PARAM_H
#define NICSIM_XV6_PARAM_H

#define NPROC 64                  /* processes */
#define NCPU 8                    /* CPUs (harts) */
#define NOFILE 16                 /* open files per process */
#define NFILE 100                 /* open files in the system */
#define NINODE 50                 /* active in-memory inodes */
#define NDEV 10                   /* major device numbers */
#define ROOTDEV 1                 /* device number of the root disk */
#define MAXARG 32                 /* exec arguments */
#define MAXOPBLOCKS 10            /* blocks one FS operation may write */
#define LOGSIZE (MAXOPBLOCKS * 3) /* blocks in the on-disk log */
#define NBUF (MAXOPBLOCKS * 3)    /* blocks in the buffer cache */
#define FSSIZE 1000               /* file system size in blocks */
#define MAXPATH 128               /* longest path name */

#endif /* NICSIM_XV6_PARAM_H */
