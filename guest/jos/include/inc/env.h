/*
 * nicsim stand-in for JOS inc/env.h: environments (JOS's processes), their
 * ids and states. An envid is a generation number above the index of the
 * env in envs[] (ENVX).
 */
#ifndef JOS_INC_ENV_H
#define JOS_INC_ENV_H

#include <inc/types.h>
#include <inc/trap.h>
#include <inc/memlayout.h>

typedef int32_t envid_t;

#define LOG2NENV 10
#define NENV (1 << LOG2NENV)
#define ENVX(envid) ((envid) & (NENV - 1))

/* Values of env_status. */
enum {
  ENV_FREE = 0,
  ENV_DYING,
  ENV_RUNNABLE,
  ENV_RUNNING,
  ENV_NOT_RUNNABLE
};

/* Special environments: the file server (lab 5), the network server (lab 6). */
enum EnvType {
  ENV_TYPE_USER = 0,
  ENV_TYPE_FS,
  ENV_TYPE_NS,
};

struct Env {
  struct Trapframe env_tf; /* saved registers */
  struct Env *env_link;    /* next free Env */
  envid_t env_id;          /* unique environment identifier */
  envid_t env_parent_id;   /* env_id of this env's parent */
  enum EnvType env_type;   /* special system environments */
  unsigned env_status;     /* ENV_* */
  uint32_t env_runs;       /* times the environment has run */
  int env_cpunum;          /* the CPU that the env is running on */

  /* Address space */
  pde_t *env_pgdir; /* kernel virtual address of the page directory */

  /* Exception handling */
  void *env_pgfault_upcall; /* page fault upcall entry point */

  /* IPC */
  bool env_ipc_recving;   /* blocked in ipc_recv */
  void *env_ipc_dstva;    /* where to map a page sent with the value */
  uint32_t env_ipc_value; /* value sent by the sender */
  envid_t env_ipc_from;   /* envid of the sender */
  int env_ipc_perm;       /* perm of the page mapping received */
};

#endif /* !JOS_INC_ENV_H */
