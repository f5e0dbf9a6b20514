/*
 * nicsim: the part of xv6 kernel/defs.h that is the same in both net-lab
 * generations. Included by xv6/defs.h and xv6-2024/defs.h, which add
 * printf (its signature changed in 2024) and the LAB_NET section.
 *
 * Kept to kernel services whose signatures did not move between 2020 and
 * 2025; a driver only reaches the spinlock, kalloc, string, printf/panic,
 * proc and copyin/copyout groups.
 */
#ifndef NICSIM_XV6_DEFS_CORE_H
#define NICSIM_XV6_DEFS_CORE_H

#include "xv6_riscv.h" /* pagetable_t, pte_t */
#include "xv6_types.h"

struct buf;
struct context;
struct cpu;
struct file;
struct inode;
struct pipe;
struct proc;
struct spinlock;
struct sleeplock;
struct stat;
struct superblock;

/* bio.c */
void binit(void);
struct buf *bread(uint, uint);
void brelse(struct buf *);
void bwrite(struct buf *);
void bpin(struct buf *);
void bunpin(struct buf *);

/* console.c */
void consoleinit(void);
void consoleintr(int);
void consputc(int);

/* exec.c */
int exec(char *, char **);

/* file.c */
struct file *filealloc(void);
void fileclose(struct file *);
struct file *filedup(struct file *);
void fileinit(void);
int fileread(struct file *, uint64, int n);
int filestat(struct file *, uint64 addr);
int filewrite(struct file *, uint64, int n);

/* kalloc.c: one 4096-byte page; kalloc returns 0 when memory is exhausted. */
void *kalloc(void);
void kfree(void *);
void kinit(void);

/* pipe.c */
int pipealloc(struct file **, struct file **);
void pipeclose(struct pipe *, int);
int piperead(struct pipe *, uint64, int);
int pipewrite(struct pipe *, uint64, int);

/* printf.c (printf itself is declared per generation) */
void panic(char *) __attribute__((noreturn));
void printfinit(void);

/* proc.c */
int cpuid(void);
void exit(int);
int fork(void);
int growproc(int);
pagetable_t proc_pagetable(struct proc *);
void proc_freepagetable(pagetable_t, uint64);
int kill(int);
struct cpu *mycpu(void);
struct proc *myproc(void);
void procinit(void);
void scheduler(void) __attribute__((noreturn));
void sched(void);
void sleep(void *, struct spinlock *);
void userinit(void);
int wait(uint64);
void wakeup(void *);
void yield(void);
int either_copyout(int user_dst, uint64 dst, void *src, uint64 len);
int either_copyin(void *dst, int user_src, uint64 src, uint64 len);
void procdump(void);

/* swtch.S */
void swtch(struct context *, struct context *);

/* spinlock.c: acquire panics if this CPU already holds the lock. */
void acquire(struct spinlock *);
int holding(struct spinlock *);
void initlock(struct spinlock *, char *);
void release(struct spinlock *);
void push_off(void);
void pop_off(void);

/* sleeplock.c */
void acquiresleep(struct sleeplock *);
void releasesleep(struct sleeplock *);
int holdingsleep(struct sleeplock *);
void initsleeplock(struct sleeplock *, char *);

/* string.c: lengths are uint (32-bit), as everywhere in xv6. */
int memcmp(const void *, const void *, uint);
void *memmove(void *, const void *, uint);
void *memset(void *, int, uint);
char *safestrcpy(char *, const char *, int);
int strlen(const char *);
int strncmp(const char *, const char *, uint);
char *strncpy(char *, const char *, int);

/* trap.c */
extern uint ticks;
extern struct spinlock tickslock;
void trapinit(void);
void trapinithart(void);
void usertrapret(void);

/* uart.c */
void uartinit(void);
void uartintr(void);
void uartputc(int);
void uartputc_sync(int);
int uartgetc(void);

/* vm.c */
void kvminit(void);
void kvminithart(void);
int mappages(pagetable_t, uint64, uint64, uint64, int);
pagetable_t uvmcreate(void);
uint64 uvmdealloc(pagetable_t, uint64, uint64);
int uvmcopy(pagetable_t, pagetable_t, uint64);
void uvmfree(pagetable_t, uint64);
void uvmunmap(pagetable_t, uint64, uint64, int);
void uvmclear(pagetable_t, uint64);
pte_t *walk(pagetable_t, uint64, int);
uint64 walkaddr(pagetable_t, uint64);
int copyout(pagetable_t, uint64, char *, uint64);
int copyin(pagetable_t, char *, uint64, uint64);
int copyinstr(pagetable_t, char *, uint64, uint64);

/* plic.c */
void plicinit(void);
void plicinithart(void);
int plic_claim(void);
void plic_complete(int);

/* virtio_disk.c */
void virtio_disk_init(void);
void virtio_disk_rw(struct buf *, int);
void virtio_disk_intr(void);

/* Number of elements in a fixed-size array. */
#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

#endif /* NICSIM_XV6_DEFS_CORE_H */
