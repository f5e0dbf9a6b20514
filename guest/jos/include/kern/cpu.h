/*
 * nicsim stand-in for JOS kern/cpu.h: per-CPU state. curenv (kern/env.h)
 * is thiscpu->cpu_env, so a file that uses curenv indexes cpus[] and must
 * agree with the kernel on sizeof(struct CpuInfo) (116 on i386).
 */
#ifndef JOS_INC_CPU_H
#define JOS_INC_CPU_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>
#include <inc/memlayout.h>
#include <inc/env.h>

/* Maximum number of CPUs. */
#define NCPU 8

/* Values of cpu_status. */
enum {
  CPU_UNUSED = 0,
  CPU_STARTED,
  CPU_HALTED,
};

struct CpuInfo {
  uint8_t cpu_id;               /* local APIC ID; index into cpus[] */
  volatile unsigned cpu_status; /* CPU_* */
  struct Env *cpu_env;          /* the environment this CPU runs */
  struct Taskstate cpu_ts;      /* where the CPU finds its kernel stack */
};

extern struct CpuInfo cpus[NCPU];
extern int ncpu;
extern struct CpuInfo *bootcpu;
extern physaddr_t lapicaddr;

/* Per-CPU kernel stacks. */
extern unsigned char percpu_kstacks[NCPU][KSTKSIZE];

int cpunum(void);
#define thiscpu (&cpus[cpunum()])

/* The local APIC: lapic_eoi ends the interrupt being handled. */
void lapic_init(void);
void lapic_startap(uint8_t apicid, uint32_t addr);
void lapic_eoi(void);
void lapic_ipi(int vector);

#endif /* !JOS_INC_CPU_H */
