/*
 * queues.h: the eth kernel's queues of pointers.
 *
 * A queue made with a NULL compare function is a FIFO. With a compare function
 * cmp, entries are kept in ascending key order: a new entry goes before the first
 * entry e with cmp(&key, &e.key) < 0 (after entries with equal keys); cmp is
 * called with pointers to two uint32_t keys.
 */
#ifndef NICSIM_ETH_QUEUES_H
#define NICSIM_ETH_QUEUES_H

#include "common.h"

typedef struct queue *queue_t;

/* _que_alloc returns a new empty queue, or NULL when none is left. */
queue_t _que_alloc(int (*compare)(const void *, const void *));
/* _que_enque adds data with key; E_NO_QNODES when the node pool is empty. */
status_t _que_enque(queue_t q, void *data, uint32_t key);
/* _que_deque removes and returns the first entry, or NULL when empty. */
void *_que_deque(queue_t q);
/* _que_length returns the number of entries. */
uint_t _que_length(queue_t q);

#endif
