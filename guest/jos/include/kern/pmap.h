/*
 * nicsim stand-in for JOS kern/pmap.h: physical pages, the kernel's page
 * directory, MMIO mappings and the address conversions. A driver hands
 * the device physical addresses: PADDR(kva) = kva - KERNBASE, valid only
 * for addresses in the KERNBASE window (static arrays, page2kva pages).
 */
#ifndef JOS_KERN_PMAP_H
#define JOS_KERN_PMAP_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/memlayout.h>
#include <inc/assert.h>

struct Env;

extern char bootstacktop[], bootstack[];

extern struct PageInfo *pages;
extern size_t npages;

extern pde_t *kern_pgdir;

/* The physical address of a kernel virtual address; panics below KERNBASE. */
#define PADDR(kva) _paddr(__FILE__, __LINE__, kva)

static inline physaddr_t _paddr(const char *file, int line, void *kva) {
  if ((uintptr_t)kva < KERNBASE)
    _panic(file, line, "PADDR called with invalid kva %08lx", kva);
  return (physaddr_t)((uintptr_t)kva - KERNBASE);
}

/* The kernel virtual address of a physical address; panics past npages. */
#define KADDR(pa) _kaddr(__FILE__, __LINE__, pa)

static inline void *_kaddr(const char *file, int line, physaddr_t pa) {
  if (PGNUM(pa) >= npages)
    _panic(file, line, "KADDR called with invalid pa %08lx", pa);
  return (void *)((uintptr_t)pa + KERNBASE);
}

enum {
  /* For page_alloc, zero the returned physical page. */
  ALLOC_ZERO = 1 << 0,
};

void mem_init(void);

void page_init(void);
struct PageInfo *page_alloc(int alloc_flags);
void page_free(struct PageInfo *pp);
int page_insert(pde_t *pgdir, struct PageInfo *pp, void *va, int perm);
void page_remove(pde_t *pgdir, void *va);
struct PageInfo *page_lookup(pde_t *pgdir, void *va, pte_t **pte_store);
void page_decref(struct PageInfo *pp);

void tlb_invalidate(pde_t *pgdir, void *va);

/* Maps size bytes of MMIO at pa, uncached, and returns its address. */
void *mmio_map_region(physaddr_t pa, size_t size);

/*
 * Static in the skeleton's pmap.c; one surveyed student exports it to map
 * BAR0 (with PTE_PCD | PTE_PWT | PTE_W).
 */
void boot_map_region(pde_t *pgdir, uintptr_t va, size_t size, physaddr_t pa,
                     int perm);

int user_mem_check(struct Env *env, const void *va, size_t len, int perm);
/* Destroys env (no return if env is curenv) unless the check passes. */
void user_mem_assert(struct Env *env, const void *va, size_t len, int perm);

pte_t *pgdir_walk(pde_t *pgdir, const void *va, int create);

static inline physaddr_t page2pa(struct PageInfo *pp) {
  return (pp - pages) << PGSHIFT;
}

static inline struct PageInfo *pa2page(physaddr_t pa) {
  if (PGNUM(pa) >= npages)
    panic("pa2page called with invalid pa");
  return &pages[PGNUM(pa)];
}

static inline void *page2kva(struct PageInfo *pp) {
  return KADDR(page2pa(pp));
}

#endif /* !JOS_KERN_PMAP_H */
