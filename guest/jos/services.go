package jos

import "slices"

// stdServices are the console, panic and string functions both sides
// have (lib/printfmt.c, lib/string.c, kern/printf.c or lib/printf.c).
var stdServices = []string{
	"_panic", "_warn", "cprintf", "cputchar", "getchar", "iscons", "printfmt", "snprintf",
	"vcprintf", "vprintfmt", "vsnprintf",
	"memcmp", "memcpy", "memfind", "memmove", "memset", "strcat", "strchr", "strcmp", "strcpy",
	"strfind", "strlcpy", "strlen", "strncmp", "strncpy", "strnlen", "strtol",
}

// kernelServices are the kernel functions the kern/ headers declare.
var kernelServices = []string{
	"boot_map_region", "mem_init", "mmio_map_region", "page_alloc", "page_decref", "page_free",
	"page_init", "page_insert", "page_lookup", "page_remove", "pgdir_walk", "tlb_invalidate",
	"user_mem_assert", "user_mem_check",
	"pci_func_enable", "pci_init",
	"cpunum", "lapic_eoi", "lapic_init", "lapic_ipi", "lapic_startap",
	"__spin_initlock", "spin_lock", "spin_unlock",
	"backtrace", "page_fault_handler", "print_regs", "print_trapframe", "trap_init", "trap_init_percpu",
	"time_init", "time_msec", "time_tick",
	"env_alloc", "env_create", "env_destroy", "env_free", "env_pop_tf", "env_run",
	"envid2env", "sched_yield",
	"irq_setmask_8259A", "pic_init",
}

// userServices are the user library functions inc/lib.h declares,
// including the system call wrappers of the skeleton's lib/syscall.c.
var userServices = []string{
	"exit", "fork", "ipc_find_env", "ipc_recv", "ipc_send", "set_pgfault_handler", "sfork",
	"sys_cgetc", "sys_cputs", "sys_env_destroy", "sys_env_set_pgfault_upcall", "sys_env_set_status",
	"sys_env_set_trapframe", "sys_getenvid", "sys_ipc_recv", "sys_ipc_try_send", "sys_page_alloc",
	"sys_page_map", "sys_page_unmap", "sys_time_msec", "sys_yield",
}

// notServices are functions the headers declare that the lab's own files
// define: the student's system call dispatcher (kern/syscall.c), a user
// program's umain, and the network server's environments (net/).
var notServices = []string{"syscall", "umain", "input", "output", "timer"}

var objects = map[Side][]string{
	Kernel: {"bootcpu", "bootstack", "bootstacktop", "cpus", "envs", "irq_mask_8259A", "kern_pgdir",
		"kernel_lock", "lapicaddr", "ncpu", "npages", "pages", "percpu_kstacks"},
	User: {"binaryname", "envs", "pages", "thisenv", "uvpd", "uvpt"},
}

// Services returns the functions the stand-in headers of side declare for
// the kernel (or the user library) to provide, sorted: the one list the
// hosted runtime and the real guest implement. Inline helpers (PADDR,
// page2kva, inb, sys_exofork) are in the headers themselves and not
// listed; nor are the functions the lab's own files define (the
// student's syscall(), net/input.c's input, ...).
func Services(side Side) []string {
	s := slices.Clone(stdServices)
	if side == Kernel {
		s = append(s, kernelServices...)
	} else {
		s = append(s, userServices...)
	}
	slices.Sort(s)
	return s
}

// Objects returns the variables the stand-in headers of side declare
// extern, sorted ("kern_pgdir", "thisenv"). The network environments also
// reach lib/nsipc.c's nsipcbuf, which they declare themselves.
func Objects(side Side) []string { return slices.Clone(objects[side]) }
