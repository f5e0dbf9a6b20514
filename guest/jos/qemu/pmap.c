/*
 * pmap.c: the JOS guest's memory services, as kern/pmap.c provides them.
 *
 * Paging is on from the first instruction (entry.S): entry_pgdir maps
 * physical memory at KERNBASE with 4 MiB pages, so PADDR and KADDR are the
 * offsets JOS students expect. jos_mem_init drops the boot identity map (JOS's
 * kern_pgdir has none, so a physical address used as a pointer faults) and
 * puts every page above the kernel image in the free list. Page tables for
 * other mappings (MMIO) come from that pool, as in JOS.
 */
#include <inc/assert.h>
#include <inc/memlayout.h>
#include <inc/mmu.h>
#include <inc/string.h>
#include <inc/x86.h>
#include <kern/pmap.h>

#include "guest.h"

#ifndef NICSIM_MEM_MB
#define NICSIM_MEM_MB 32
#endif
#define NPAGES ((NICSIM_MEM_MB << 20) / PGSIZE)

extern pde_t entry_pgdir[];
extern char end[];

pde_t *kern_pgdir = entry_pgdir;
size_t npages;
static struct PageInfo page_array[NPAGES];
struct PageInfo *pages = page_array;
static struct PageInfo *page_free_list;

void jos_mem_init(void) {
  npages = NPAGES;
  size_t first = PGNUM(PADDR(end));
  for (size_t i = npages; i-- > first;) {
    pages[i].pp_ref = 0;
    pages[i].pp_link = page_free_list;
    page_free_list = &pages[i];
  }
  kern_pgdir[0] = 0;
  asm volatile("movl %%cr3, %%eax; movl %%eax, %%cr3" : : : "eax", "memory");
}

struct PageInfo *page_alloc(int alloc_flags) {
  struct PageInfo *pp = page_free_list;
  if (pp == NULL)
    return NULL;
  page_free_list = pp->pp_link;
  pp->pp_link = NULL;
  if (alloc_flags & ALLOC_ZERO)
    memset(page2kva(pp), 0, PGSIZE);
  return pp;
}

void page_free(struct PageInfo *pp) {
  if (pp->pp_ref != 0)
    panic("page_free: pp->pp_ref is nonzero");
  if (pp->pp_link != NULL)
    panic("page_free: pp->pp_link is not NULL");
  pp->pp_link = page_free_list;
  page_free_list = pp;
}

void page_decref(struct PageInfo *pp) {
  if (--pp->pp_ref == 0)
    page_free(pp);
}

void tlb_invalidate(pde_t *pgdir, void *va) {
  (void)pgdir;
  asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

pte_t *pgdir_walk(pde_t *pgdir, const void *va, int create) {
  pde_t *pde = &pgdir[PDX(va)];
  if (*pde & PTE_PS)
    panic("pgdir_walk: %08x is in a 4 MiB page", va);
  if (!(*pde & PTE_P)) {
    struct PageInfo *pp;
    if (!create || (pp = page_alloc(ALLOC_ZERO)) == NULL)
      return NULL;
    pp->pp_ref++;
    *pde = page2pa(pp) | PTE_P | PTE_W | PTE_U;
  }
  pte_t *pt = KADDR(PTE_ADDR(*pde));
  return &pt[PTX(va)];
}

void boot_map_region(pde_t *pgdir, uintptr_t va, size_t size, physaddr_t pa,
                     int perm) {
  for (size_t off = 0; off < size; off += PGSIZE) {
    pte_t *pte = pgdir_walk(pgdir, (void *)(va + off), 1);
    if (pte == NULL)
      panic("boot_map_region: out of memory");
    *pte = (pa + off) | perm | PTE_P;
    tlb_invalidate(pgdir, (void *)(va + off));
  }
}

void *mmio_map_region(physaddr_t pa, size_t size) {
  static uintptr_t base = MMIOBASE;
  size = ROUNDUP(size, PGSIZE);
  if (base + size > MMIOLIM || base + size < base)
    panic("mmio_map_region: overflow MMIOLIM");
  boot_map_region(kern_pgdir, base, size, pa, PTE_PCD | PTE_PWT | PTE_W);
  void *va = (void *)base;
  base += size;
  return va;
}
