/*
 * nicsim stand-in for JOS kern/env.h: the kernel's view of environments.
 * curenv is the environment running on this CPU (the one whose system
 * call is being served).
 */
#ifndef JOS_KERN_ENV_H
#define JOS_KERN_ENV_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/env.h>
#include <kern/cpu.h>

extern struct Env *envs; /* all environments */
#define curenv (thiscpu->cpu_env)

int env_alloc(struct Env **e, envid_t parent_id);
void env_free(struct Env *e);
void env_create(uint8_t *binary, enum EnvType type);
void env_destroy(struct Env *e); /* does not return if e == curenv */

int envid2env(envid_t envid, struct Env **env_store, bool checkperm);
/* The following two never return. */
void env_run(struct Env *e) __attribute__((noreturn));
void env_pop_tf(struct Trapframe *tf) __attribute__((noreturn));

#endif /* !JOS_KERN_ENV_H */
